# Shared settings of the project's shell tools; sourced, never run.
# shellcheck shell=bash

ODOO_PATH=${ODOO_PATH:-/opt/odoo19}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
# The virtualenv is keyed by the requirements it holds, so clean clones reuse it.
_req_hash=$(cat "$ODOO_PATH/requirements.txt" "$ROOT/requirements.txt" 2>/dev/null | sha1sum | cut -c1-10)
VENV=${VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/crm-suite/venv-$_req_hash}
ADDONS="crm_pipeline,crm_marketing,crm_service,crm_b2b_portal"
ADDONS_PATH="$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$ROOT"
PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
export ODOO_PATH ROOT VENV ADDONS ADDONS_PATH PYTHONPATH

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

require_odoo() {
    if ! grep -qs "^version_info = (19, 0" "$ODOO_PATH/odoo/release.py"; then
        cat >&2 <<MSG
No Odoo 19.0 source tree at ODOO_PATH=$ODOO_PATH. The suite runs on Odoo 19.0 Community, which this project never downloads or builds: clone the upstream repository's 19.0 branch yourself (git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git /opt/odoo19) or point ODOO_PATH at an existing 19.0 checkout, then run the command again.
MSG
        exit 2
    fi
}
