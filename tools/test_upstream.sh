#!/usr/bin/env bash
# Odoo's own crm and sale_crm tests (post-install, Odoo's runner, with demo data as they expect)
# on a database where the suite is installed, against the same tests on a database holding only
# the suite's Odoo dependencies. Fails when the suite makes any of those tests fail; a test that
# fails without the suite too is Odoo's own and is reported, not blamed on the suite.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo
venv=$(bash "$ROOT/tools/venv.sh")
bash "$ROOT/tools/pg.sh"

native=$("$venv/bin/python" - "$ROOT" "${ADDONS//,/ }" <<'PY'
import ast, pathlib, sys
root, suite = pathlib.Path(sys.argv[1]), sys.argv[2].split()
depends = set()
for addon in suite:
    depends |= set(ast.literal_eval((root / addon / "__manifest__.py").read_text())["depends"])
print(",".join(sorted(depends - set(suite) | {"crm", "sale_crm"})))
PY
)

run_tests() {  # run_tests DB MODULES LOG
    local db=$1 modules=$2 log=$3
    dropdb --if-exists --force "$db"
    log "Installing $modules into $db (with demo data)"
    bash "$ROOT/tools/odoo.sh" -d "$db" -i "$modules" --with-demo --stop-after-init \
        --log-level=warn --no-http
    log "Running Odoo's crm and sale_crm post-install tests on $db"
    bash "$ROOT/tools/odoo.sh" -d "$db" --test-tags="/crm,/sale_crm" --stop-after-init \
        --log-level=test --http-port="${TEST_HTTP_PORT:-8169}" > "$log" 2>&1 || true
    grep -E "odoo.tests.result: [0-9]+ failed" "$log" | tail -n 1 | sed "s/^.*odoo.tests.result: /  $db: /"
    # Failed tests as Class.test_name; a class whose setUpClass failed as Class.setUpClass.
    {
        grep -oE "(FAIL|ERROR): (Subtest )?[A-Za-z_]+\.[A-Za-z_0-9]+" "$log" \
            | sed -E 's/^(FAIL|ERROR): (Subtest )?//' || true
        grep -oE "ERROR: (setUpClass|tearDownClass) \([A-Za-z_0-9.]+\)" "$log" \
            | sed -E 's/^ERROR: ([A-Za-z]+) \(.*\.([A-Za-z_0-9]+)\)$/\2.\1/' || true
    } | sort -u > "$log.failed"
}

logs=$(mktemp -d)
run_tests "${UPSTREAM_DB:-crm_upstream}_native" "$native" "$logs/native.log"
run_tests "${UPSTREAM_DB:-crm_upstream}" "crm,sale_crm,$ADDONS" "$logs/suite.log"

if ! grep -qE "odoo.tests.result: [0-9]+ failed, [0-9]+ error\(s\) of [1-9][0-9]* tests" "$logs/suite.log"; then
    echo "Odoo's tests did not run with the suite installed: see $logs/suite.log" >&2
    exit 1
fi
if [ -s "$logs/native.log.failed" ]; then
    echo "Failing without the suite too (Odoo's own, not the suite's):"
    sed 's/^/  /' "$logs/native.log.failed"
fi
broken=$(comm -13 "$logs/native.log.failed" "$logs/suite.log.failed")
if [ -n "$broken" ]; then
    echo "The suite breaks these Odoo tests (logs in $logs):" >&2
    echo "$broken" | sed 's/^/  /' >&2
    exit 1
fi
echo "Odoo's crm and sale_crm tests: the suite breaks none of them."
