"""Every user-facing text of the suite ships in Russian and Ukrainian, from an up-to-date .pot."""

import io
from pathlib import Path

import polib

from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent
SUITE = ("crm_pipeline", "crm_marketing", "crm_service", "crm_b2b_portal")


def msgids(po):
    return {entry.msgid for entry in po if entry.msgid and not entry.obsolete}


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_pot_matches_the_code(self):
        """The committed .pot holds exactly the terms the installed addon exports (make i18n)."""
        for addon in SUITE:
            with self.subTest(addon=addon):
                buffer = io.BytesIO()
                trans_export(None, [addon], buffer, "po", self.env)
                exported = msgids(polib.pofile(buffer.getvalue().decode()))
                committed = msgids(polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot")))
                self.assertTrue(exported, f"{addon} exports no term")
                self.assertEqual(committed, exported, f"{addon}: run `make i18n`")

    def test_russian_and_ukrainian_complete(self):
        for addon in SUITE:
            terms = msgids(polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot")))
            for lang in ("ru", "uk"):
                with self.subTest(addon=addon, lang=lang):
                    po = polib.pofile(str(ROOT / addon / "i18n" / f"{lang}.po"))
                    translated = {
                        entry.msgid
                        for entry in po
                        if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete
                    }
                    self.assertEqual(terms - translated, set(), f"{addon}/{lang}.po incomplete")
