#!/usr/bin/env bash
# Runs odoo-bin from ODOO_PATH in the project's virtualenv with the suite's addons path.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo
venv=$(bash "$ROOT/tools/venv.sh")
exec "$venv/bin/python" "$ODOO_PATH/odoo-bin" --addons-path="$ADDONS_PATH" "$@"
