#!/usr/bin/env bash
# Creates (or reuses) the virtualenv with Odoo's requirements and the suite's, and prints its path.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo

if [ -f "$VENV/.complete" ]; then
    echo "$VENV"
    exit 0
fi
log "Creating the virtualenv $VENV (once; later runs reuse it)"
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q wheel "setuptools<81" >&2
constraints=$(mktemp)
echo "setuptools<81" > "$constraints"
# cbor2 builds from source and needs setuptools<81 (pkg_resources); newer pips read the
# build constraint from PIP_BUILD_CONSTRAINT, older ones from PIP_CONSTRAINT.
PIP_CONSTRAINT=$constraints PIP_BUILD_CONSTRAINT=$constraints "$VENV/bin/pip" install -q -r "$ODOO_PATH/requirements.txt" -r "$ROOT/requirements.txt" >&2
rm -f "$constraints"
touch "$VENV/.complete"
echo "$VENV"
