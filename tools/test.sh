#!/usr/bin/env bash
# The suite's test command: lint, then a fresh database with the four addons, then every test of
# the suite with pytest and pytest-odoo. Extra arguments go to pytest (e.g. a test file or -k).
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo
venv=$(bash "$ROOT/tools/venv.sh")
db=${TEST_DB:-crm_test}

[ "${SKIP_LINT:-0}" = 1 ] || bash "$ROOT/tools/lint.sh"
if [ "${REUSE_DB:-0}" = 1 ]; then
    bash "$ROOT/tools/install_db.sh" "$db"
else
    bash "$ROOT/tools/install_db.sh" "$db" --fresh
fi

log "Tests: pytest on database $db"
cd "$ROOT"
"$venv/bin/pytest" --odoo-database="$db" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
    --odoo-log-level=warn "$@"
