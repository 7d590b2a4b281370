#!/usr/bin/env bash
# Odoo's own crm and sale_crm tests (post-install, Odoo's test runner) on a database where the
# suite is installed beside them: our addons must not break them.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo
db=${UPSTREAM_DB:-crm_upstream}

bash "$ROOT/tools/pg.sh"
dropdb --if-exists --force "$db"
log "Installing crm, sale_crm and the suite into $db (with demo data, as Odoo's tests expect)"
bash "$ROOT/tools/odoo.sh" -d "$db" -i "crm,sale_crm,$ADDONS" --with-demo --stop-after-init \
    --log-level=warn --no-http
log "Running Odoo's crm and sale_crm post-install tests"
log_file=$(mktemp)
bash "$ROOT/tools/odoo.sh" -d "$db" --test-tags="/crm,/sale_crm" \
    --stop-after-init --log-level=test --http-port="${TEST_HTTP_PORT:-8169}" 2>&1 | tee "$log_file" \
    | grep -E "(ERROR|FAIL|tests? when loading|Ran [0-9]+ tests|odoo.tests.result)" || true
if grep -qE "(ERROR|CRITICAL) $db " "$log_file"; then
    echo "Odoo's crm/sale_crm tests failed: see $log_file" >&2
    exit 1
fi
grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log_file" | tail -n 1
