#!/usr/bin/env bash
# Builds (once) the demo database and serves Odoo with the suite on http://localhost:$PORT.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo
db=${DEMO_DB:-crm_demo}
port=${PORT:-8069}

bash "$ROOT/tools/install_db.sh" "$db" --demo
cat <<MSG

  CRM Suite is starting at http://localhost:$port (database $db). Log in as (login = password):
    admin       administrator             sales        salesperson (own customers)
    saleshead   head of sales             marketer     marketer
    agent       service agent             technician   field technician
    accountant  accountant                buyer        B2B portal buyer
  Stop it with Ctrl+C; run "make demo" again to restart it on the same database.

MSG
exec bash "$ROOT/tools/odoo.sh" -d "$db" --db-filter="^$db\$" --http-port="$port" --log-level=warn
