import io

import openpyxl

from odoo.tests import tagged, users

from .common import CrmPipelineCase

OPTIONS = {
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "has_headers": True,
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
}
HEADER = ("Name", "Is a Company", "Tax ID", "Email", "Phone", "Country", "Territory")
FIELDS = ("name", "is_company", "vat", "email", "phone", "country_id", "territory_id")


@tagged("post_install", "-at_install")
class TestDuplicateImport(CrmPipelineCase):
    """Customers imported from a file through Odoo's import: each bad row is reported with its
    reasons and left out, the good rows are imported."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.territory = cls.env["crm.territory"].create({"name": "Kyiv Region"})
        cls.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": "territory_kyiv",
                "model": "crm.territory",
                "res_id": cls.territory.id,
            }
        )
        cls.foreign_customer.write({"email": "info@foreign-customer.com", "vat": "GB999999973"})
        cls.rows = [
            ["Good One LLC", "1", "", "hello@good-one.com", "+1 555 0100", "", "Kyiv Region"],
            ["Bad Mail LLC", "1", "", "not-an-email", "", "", ""],
            ["Nowhere LLC", "1", "", "", "", "", "Atlantis"],
            ["Sneaky Copy", "1", "", "sales@foreign-customer.com", "", "", ""],
            ["Bad VAT LLC", "1", "12", "", "", "", ""],
            ["Good Two", "0", "", "two@good-two.org", "", "", ""],
        ]

    def _csv(self, rows, header=HEADER):
        lines = [",".join(header)] + [",".join(f'"{cell}"' for cell in row) for row in rows]
        return "\n".join(lines).encode()

    def _xlsx(self, rows, header=HEADER):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(header))
        for row in rows:
            sheet.append(row)
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()

    def _import(self, content, file_type, fields=FIELDS, header=HEADER, dryrun=False):
        wizard = self.env["base_import.import"].create(
            {
                "res_model": "res.partner",
                "file": content,
                "file_name": "customers.csv" if file_type == "text/csv" else "customers.xlsx",
                "file_type": file_type,
            }
        )
        return wizard.execute_import(list(fields), list(header), dict(OPTIONS), dryrun=dryrun)

    def _assert_result(self, result):
        errors = {message["record"]: message["message"] for message in result["messages"]}
        self.assertEqual(sorted(errors), [1, 2, 3, 4])
        self.assertIn("not-an-email", errors[1])
        self.assertIn("Atlantis", errors[2])
        self.assertIn("Rep Two", errors[3])
        self.assertIn("Foreign Customer LLC", errors[3])
        self.assertIn("Tax ID", errors[4])
        for index, message in errors.items():
            self.assertIn(f"Row {index + 1} ", message)
        Partner = self.env["res.partner"].sudo()
        imported = Partner.browse(result["ids"])
        self.assertEqual(sorted(imported.mapped("name")), ["Good One LLC", "Good Two"])
        self.assertEqual(imported.filtered("is_company").territory_id, self.territory)
        for name in ("Bad Mail LLC", "Nowhere LLC", "Sneaky Copy", "Bad VAT LLC"):
            self.assertFalse(Partner.search([("name", "=", name)]), name)

    @users("head")
    def test_csv_reports_bad_rows_and_imports_good_ones(self):
        self._assert_result(self._import(self._csv(self.rows), "text/csv"))

    @users("rep")
    def test_xlsx_by_salesperson(self):
        result = self._import(
            self._xlsx(self.rows),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self._assert_result(result)
        self.assertEqual(
            self.env["res.partner"].browse(result["ids"]).mapped("create_uid"), self.env.user
        )

    @users("head")
    def test_territory_by_external_id(self):
        header = ["Name", "Territory/External ID"]
        fields = ["name", "territory_id/id"]
        rows = [["By Xmlid", "territory_kyiv"], ["Lost Xmlid", "nowhere_region"]]
        result = self._import(self._csv(rows, header), "text/csv", fields, header)
        self.assertEqual([message["record"] for message in result["messages"]], [1])
        self.assertIn("nowhere_region", result["messages"][0]["message"])
        self.assertEqual(self.env["res.partner"].browse(result["ids"]).territory_id, self.territory)

    @users("head")
    def test_test_run_imports_nothing(self):
        before = self.env["res.partner"].search_count([])
        result = self._import(self._csv(self.rows), "text/csv", dryrun=True)
        self.assertEqual(len(result["messages"]), 4)
        self.assertEqual(self.env["res.partner"].search_count([]), before)

    @users("head")
    def test_clean_file_is_imported_by_odoo_unchanged(self):
        rows = [self.rows[0], self.rows[5]]
        result = self._import(self._csv(rows), "text/csv")
        self.assertFalse(result["messages"])
        self.assertEqual(len(result["ids"]), 2)
