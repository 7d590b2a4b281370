# CRM Suite for Odoo 19.0. Odoo is found at ODOO_PATH (default /opt/odoo19); see README.md.
SHELL := /bin/bash
export ODOO_PATH ?= /opt/odoo19
DB ?= crm_demo
SCALE ?= small
SEED ?= 1

.PHONY: help demo test test-upstream lint i18n data data-check bench sysdeps venv clean

help:
	@echo "make demo            build crm_demo with demo data and serve it on http://localhost:8069"
	@echo "make test            lint + fresh test database + every test of the suite (pytest-odoo)"
	@echo "make test-upstream   Odoo's own crm and sale_crm tests with the suite installed"
	@echo "make lint            ruff check, ruff format --check, pylint-odoo mandatory checks"
	@echo "make i18n            regenerate each addon's .pot and merge it into ru.po and uk.po"
	@echo "make data DB=x SCALE=small|medium|large SEED=n   fill a database with generated data"
	@echo "make data-check DB=x  check generated data against what the ORM computes"
	@echo "make bench SCALE=small|medium|large   run the benchmarks and print their ratios"

demo:
	@bash tools/demo.sh

test:
	@bash tools/test.sh

test-upstream:
	@bash tools/test_upstream.sh

lint:
	@bash tools/lint.sh

i18n:
	@bash tools/i18n.sh

data:
	@bash tools/install_db.sh $(DB) && bash tools/run.sh -m data.generate --db $(DB) --scale $(SCALE) --seed $(SEED)

data-check:
	@bash tools/run.sh -m data.generate --db $(DB) --check

bench:
	@bash tools/run.sh -m bench --scale $(SCALE)

sysdeps:
	@bash tools/sysdeps.sh

venv:
	@bash tools/venv.sh
