#!/usr/bin/env bash
# Regenerates each addon's .pot from a database holding the suite, then merges it into ru.po and
# uk.po (msgmerge keeps the existing translations). Prints what is left untranslated.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_odoo
db=${I18N_DB:-crm_i18n}

bash "$ROOT/tools/install_db.sh" "$db"
bash "$ROOT/tools/odoo.sh" -d "$db" -u "$ADDONS" --stop-after-init --log-level=warn --no-http
for addon in ${ADDONS//,/ }; do
    bash "$ROOT/tools/odoo.sh" i18n export -d "$db" "$addon" 2>&1 | { grep -v " INFO " || true; }
    for lang in ru uk; do
        po="$ROOT/$addon/i18n/$lang.po"
        if [ -f "$po" ]; then
            msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$po" \
                "$ROOT/$addon/i18n/$addon.pot"
        else
            msginit --no-translator --no-wrap --locale="$lang" \
                --input="$ROOT/$addon/i18n/$addon.pot" --output-file="$po" 2>/dev/null
        fi
        untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid' || true)
        [ "$untranslated" -le 1 ] || echo "$addon/i18n/$lang.po: $((untranslated - 1)) untranslated"
    done
done
