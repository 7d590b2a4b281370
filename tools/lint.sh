#!/usr/bin/env bash
# The suite's lint: ruff check, ruff format --check and pylint-odoo's mandatory checks.
set -euo pipefail
source "$(dirname "$0")/common.sh"
venv=$(bash "$ROOT/tools/venv.sh")
cd "$ROOT"
log "Lint: ruff check"
"$venv/bin/ruff" check .
log "Lint: ruff format --check"
"$venv/bin/ruff" format --check .
log "Lint: pylint-odoo"
"$venv/bin/pylint" --rcfile=.pylintrc crm_pipeline crm_marketing crm_service crm_b2b_portal
