#!/usr/bin/env bash
# install_db.sh NAME [--demo] [--fresh]: makes sure database NAME holds the four addons (and,
# with --demo, their demo data), with Russian and Ukrainian loaded beside English. Reuses a complete database.
set -euo pipefail
source "$(dirname "$0")/common.sh"
db=$1
shift
demo=--without-demo
fresh=0
for arg in "$@"; do
    case "$arg" in
        --demo) demo=--with-demo ;;
        --fresh) fresh=1 ;;
        *) echo "unknown option $arg" >&2; exit 2 ;;
    esac
done

bash "$ROOT/tools/pg.sh"
if [ "$fresh" = 1 ]; then
    dropdb --if-exists --force "$db"
fi
count_installed() {
    psql -d "$db" -Atqc "select count(*) from ir_module_module
        where state = 'installed' and name in ('${ADDONS//,/\',\'}')" 2>/dev/null || echo 0
}
if [ "$(count_installed)" = 4 ]; then
    log "Database $db already holds the suite"
    exit 0
fi
log "Installing the suite into database $db ($demo)"
bash "$ROOT/tools/odoo.sh" -d "$db" -i "$ADDONS" "$demo" --stop-after-init --log-level=warn \
    --no-http
# Loaded after the install, so that English stays the database's default language.
bash "$ROOT/tools/odoo.sh" i18n loadlang -d "$db" -l ru uk 2>&1 | { grep -v " INFO " || true; }
# Odoo logs a failed module or demo data load and still exits 0: check the result ourselves.
if [ "$(count_installed)" != 4 ]; then
    echo "Installing the suite into $db failed: see the errors above." >&2
    exit 1
fi
if [ "$demo" = --with-demo ] && [ "$(psql -d "$db" -Atqc \
    "select count(*) from ir_module_module where demo and name in ('${ADDONS//,/\',\'}')")" != 4 ]; then
    echo "The suite's demo data failed to load into $db: see the errors above." >&2
    exit 1
fi
