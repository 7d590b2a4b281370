import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .common import CrmPipelineCase

HEADER = [
    "Internal Reference",
    "Product",
    "Unit of Measure",
    "List Price",
    "Customer Price",
    "Discount %",
]
HEADER_UK = ["Артикул", "Товар", "Одиниця виміру", "Базова ціна", "Ціна для клієнта", "Знижка, %"]


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestPriceList(CrmPipelineCase):
    """Price lists of customers, segments and pricelists as XLSX and PDF, and their emails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("uk_UA")
        cls.env.ref("base.group_user").write(
            {"implied_ids": [Command.link(cls.env.ref("product.group_product_pricelist").id)]}
        )
        Category = cls.env["product.category"]
        cls.pumps = Category.create({"name": "Pumps"})
        cls.valves = Category.create({"name": "Valves"})
        Product = cls.env["product.product"]
        cls.pump_small = Product.create(
            {
                "name": "Pump S",
                "default_code": "PL-P1",
                "list_price": 100.0,
                "categ_id": cls.pumps.id,
            }
        )
        cls.pump_small.product_tmpl_id.update_field_translations("name", {"uk_UA": "Насос S"})
        cls.pump_big = Product.create(
            {
                "name": "Pump L",
                "default_code": "PL-P2",
                "list_price": 200.0,
                "categ_id": cls.pumps.id,
            }
        )
        cls.valve = Product.create(
            {
                "name": "Valve",
                "default_code": "PL-V1",
                "list_price": 50.0,
                "categ_id": cls.valves.id,
            }
        )
        cls.dealers = cls.env["product.pricelist"].create(
            {
                "name": "Dealers",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "2_product_category",
                            "categ_id": cls.pumps.id,
                            "compute_price": "percentage",
                            "percent_price": 10,
                        }
                    ),
                    Command.create(
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": cls.valve.product_tmpl_id.id,
                            "compute_price": "fixed",
                            "fixed_price": 40.0,
                        }
                    ),
                ],
            }
        )
        cls.wholesale = cls.env["product.pricelist"].create(
            {
                "name": "Wholesale",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 25,
                        }
                    )
                ],
            }
        )
        cls.customer.write(
            {
                "email": "buyer@own.example.com",
                "lang": "uk_UA",
                "property_product_pricelist": cls.dealers.id,
            }
        )
        cls.second_customer = cls._create_customer(
            "Second Own Customer LLC", cls.rep, email="second@own.example.com"
        )
        cls.second_customer.property_product_pricelist = cls.wholesale
        cls.foreign_customer.write(
            {"email": "buyer@foreign.example.com", "property_product_pricelist": cls.dealers.id}
        )

    def _xlsx(self, wizard):
        action = wizard.action_download_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/crm.price.list.wizard/{wizard.id}/xlsx_file/", action["url"])
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))

    def _rows(self, sheet):
        """The sheet's rows below the header, as tuples of values."""
        header_row = next(
            row[0].row for row in sheet.iter_rows() if row[0].value in (HEADER[0], HEADER_UK[0])
        )
        return [
            tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=header_row + 1)
        ]

    @users("rep")
    def test_customer_price_list_xlsx(self):
        wizard = Form(
            self.env["crm.price.list.wizard"].with_context(
                active_model="res.partner", active_ids=self.customer.ids
            )
        ).save()
        self.assertEqual(wizard.partner_ids, self.customer)
        workbook = self._xlsx(wizard)
        self.assertEqual(len(workbook.worksheets), 1)
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet.title, "Own Customer LLC")
        self.assertIn("Own Customer LLC", sheet["A1"].value)
        self.assertEqual(sheet["B2"].value, "Dealers")
        header = [cell.value for cell in sheet[7]]
        self.assertEqual(header, HEADER_UK, "in the customer's language")
        self.assertEqual(sheet.freeze_panes, "A8", "the header stays in view")
        self.assertTrue(sheet["A7"].font.b)
        rows = self._rows(sheet)
        # Products grouped under their category's row, in the customer's language.
        pumps_index = rows.index(("Pumps", None, None, None, None, None))
        valves_index = rows.index(("Valves", None, None, None, None, None))
        self.assertEqual(
            rows[pumps_index + 1 : pumps_index + 3],
            [
                ("PL-P1", "Насос S", "Одиниці", 100.0, 90.0, 10.0),
                ("PL-P2", "Pump L", "Одиниці", 200.0, 180.0, 10.0),
            ],
        )
        self.assertEqual(rows[valves_index + 1], ("PL-V1", "Valve", "Одиниці", 50.0, 40.0, 20.0))
        self.assertTrue(sheet.cell(row=8 + pumps_index, column=1).font.b)

    @users("rep")
    def test_segment_price_list_xlsx(self):
        """Customers selected in the list: one sheet per pricelist (and language)."""
        wizard = Form(
            self.env["crm.price.list.wizard"].with_context(
                active_model="res.partner", active_ids=(self.customer | self.second_customer).ids
            )
        ).save()
        workbook = self._xlsx(wizard)
        self.assertEqual(
            sorted(workbook.sheetnames), ["Own Customer LLC", "Second Own Customer LLC"]
        )
        rows = self._rows(workbook["Second Own Customer LLC"])
        self.assertIn(("PL-V1", "Valve", "Units", 50.0, 37.5, 25.0), rows)

    @users("rep")
    def test_pricelist_price_list_xlsx_and_pdf(self):
        wizard = Form(
            self.env["crm.price.list.wizard"].with_context(
                active_model="product.pricelist", active_ids=self.wholesale.ids
            )
        ).save()
        self.assertEqual(wizard.pricelist_id, self.wholesale)
        workbook = self._xlsx(wizard)
        self.assertEqual(workbook.sheetnames, ["Wholesale"])
        self.assertIn(("PL-P2", "Pump L", "Units", 200.0, 150.0, 25.0), self._rows(workbook.active))
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "crm_pipeline.report_crm_price_list")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_pipeline.action_report_crm_price_list", wizard.ids)[0]
            .decode()
        )
        self.assertIn("Wholesale", html)
        self.assertIn("PL-P2", html)
        self.assertIn("150.00", html)
        self.assertIn("25.00", html)
        self.assertIn("Pumps", html)

    @users("rep")
    def test_customer_price_list_pdf_in_customer_language(self):
        wizard = self.env["crm.price.list.wizard"].create(
            {"partner_ids": [Command.set(self.customer.ids)]}
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_pipeline.action_report_crm_price_list", wizard.ids)[0]
            .decode()
        )
        self.assertIn("Own Customer LLC", html)
        self.assertIn("Насос S", html)
        self.assertIn("90,00", html, "prices in the customer's number format")

    @users("rep")
    def test_pricelist_for_a_segment_overrides_their_own(self):
        wizard = self.env["crm.price.list.wizard"].create(
            {
                "partner_ids": [Command.set((self.customer | self.second_customer).ids)],
                "pricelist_id": self.wholesale.id,
            }
        )
        price_lists = wizard._get_price_lists()
        self.assertEqual({p["pricelist"] for p in price_lists}, {self.wholesale})

    @users("rep")
    def test_bad_input(self):
        wizard = self.env["crm.price.list.wizard"].create({})
        with self.assertRaises(UserError):
            wizard.action_download_xlsx()

    @users("rep")
    def test_salesperson_denied_another_salespersons_customer(self):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["crm.price.list.wizard"].create(
                {"partner_ids": [Command.set(self.foreign_customer.ids)]}
            )
        # Even when the customers reach the wizard by other means, nothing is produced.
        wizard = self.env["crm.price.list.wizard"].create({"pricelist_id": self.dealers.id})
        wizard.sudo().partner_ids = self.foreign_customer
        with self.assertRaises(AccessError):
            wizard.action_download_xlsx()
        with self.assertRaises(AccessError):
            wizard.action_print_pdf()

    @users("head")
    def test_head_of_sales_any_customer(self):
        wizard = self.env["crm.price.list.wizard"].create(
            {"partner_ids": [Command.set((self.customer | self.foreign_customer).ids)]}
        )
        workbook = self._xlsx(wizard)
        self.assertEqual(
            sorted(workbook.sheetnames),
            ["Foreign Customer LLC", "Own Customer LLC"],
            "one sheet per customer when each has their own pricelist or language",
        )

    def test_prices_are_computed_set_based(self):
        """The queries do not grow with the catalog: no query per product."""
        PriceList = self.env["crm.price.list"]

        def count_queries():
            # The second run: the first one fills the registry caches, cleared when products
            # are created.
            for _run in range(2):
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                PriceList._get_price_list_data(self.customer | self.second_customer)
                count = self.env.cr.sql_log_count - before
            return count

        queries = count_queries()
        self.env["product.product"].create(
            [
                {"name": f"Extra {i}", "list_price": 10.0 + i, "categ_id": self.valves.id}
                for i in range(20)
            ]
        )
        self.assertEqual(count_queries(), queries)

    def _subscribe(self, user, partners, **values):
        return (
            self.env["crm.price.list.subscription"]
            .with_user(user)
            .create(
                {
                    "name": "Monthly prices",
                    "partner_ids": [Command.set(partners.ids)],
                    **values,
                }
            )
        )

    def test_cron_sends_due_subscriptions(self):
        due = self._subscribe(self.rep, self.customer, next_date=date(2026, 3, 1))
        weekly = self._subscribe(
            self.rep, self.second_customer, next_date=date(2026, 3, 2), interval_type="weekly"
        )
        not_due = self._subscribe(self.head, self.foreign_customer, next_date=date(2026, 3, 3))
        mails_before = self.env["mail.mail"].search([])
        self.env["crm.price.list.subscription"]._cron_send_due()
        mails = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(
            mails.recipient_ids, self.customer | self.second_customer, "due subscriptions only"
        )
        mail = mails.filtered(lambda m: m.recipient_ids == self.customer)
        self.assertEqual(len(mail.attachment_ids), 1)
        attachment = mail.attachment_ids
        self.assertTrue(attachment.name.endswith(".xlsx"))
        self.assertIn("Own Customer LLC", attachment.name)
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertIn(
            ("PL-P1", "Насос S", "Одиниці", 100.0, 90.0, 10.0), self._rows(workbook.active)
        )
        self.assertIn("Own Customer LLC", mail.body_html)
        self.assertEqual(due.next_date, date(2026, 4, 1))
        self.assertEqual(due.last_sent_date, date(2026, 3, 2))
        self.assertEqual(weekly.next_date, date(2026, 3, 9))
        self.assertEqual(not_due.next_date, date(2026, 3, 3))
        self.assertFalse(not_due.last_sent_date)
        self.assertIn("Own Customer LLC", due.message_ids[0].body)
        # Run again the same day: nothing more is sent.
        self.env["crm.price.list.subscription"]._cron_send_due()
        self.assertEqual(self.env["mail.mail"].search([]) - mails_before, mails)

    def test_cron_sends_in_the_customers_language(self):
        self.env["crm.price.list.subscription"]._cron_send_due()  # flush other due ones
        self.env.ref("crm_pipeline.mail_template_price_list").with_context(
            lang="uk_UA"
        ).subject = "Ваш прайс-лист"
        self._subscribe(self.rep, self.customer | self.second_customer, next_date=date(2026, 3, 2))
        mails_before = self.env["mail.mail"].search([])
        self.env["crm.price.list.subscription"]._cron_send_due()
        mails = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(
            mails.filtered(lambda m: m.recipient_ids == self.customer).subject, "Ваш прайс-лист"
        )
        self.assertNotEqual(
            mails.filtered(lambda m: m.recipient_ids == self.second_customer).subject,
            "Ваш прайс-лист",
        )

    @users("rep")
    def test_salesperson_subscribes_own_customers_only(self):
        heads = (
            self.env["crm.price.list.subscription"]
            .sudo()
            .create(
                {
                    "name": "Head's",
                    "partner_ids": [Command.set(self.customer.ids)],
                    "user_id": self.head.id,
                }
            )
        )
        own = self._subscribe(self.env.user, self.customer)
        self.assertEqual(own.user_id, self.rep)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self._subscribe(self.env.user, self.foreign_customer)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            own.partner_ids = [Command.link(self.foreign_customer.id)]
        Subscription = self.env["crm.price.list.subscription"]
        self.assertEqual(Subscription.search([]), own, "a salesperson sees their own only")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            heads.with_env(self.env).name = "Mine now"
        own.action_send_now()
        self.assertEqual(own.last_sent_date, date(2026, 3, 2))
        self.assertTrue(
            self.env["mail.mail"].sudo().search([("recipient_ids", "=", self.customer.id)])
        )

    @users("head")
    def test_head_of_sales_subscribes_every_customer(self):
        reps = self._subscribe(self.rep, self.customer)
        heads = self._subscribe(self.env.user, self.foreign_customer | self.customer)
        self.assertEqual(heads.partner_ids, self.foreign_customer | self.customer)
        self.assertEqual(
            self.env["crm.price.list.subscription"].search([("id", "in", (reps | heads).ids)]),
            reps | heads,
        )
        reps.with_env(self.env).interval_type = "weekly"
