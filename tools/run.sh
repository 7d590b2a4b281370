#!/usr/bin/env bash
# Runs the project's python (data generator, benchmarks) in the virtualenv, from the repo root.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo
venv=$(bash "$ROOT/tools/venv.sh")
bash "$ROOT/tools/pg.sh"
cd "$ROOT"
exec "$venv/bin/python" "$@"
