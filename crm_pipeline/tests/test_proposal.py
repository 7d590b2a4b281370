from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestProposal(CrmPipelineCase):
    """The commercial proposal built from an opportunity, and its PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("uk_UA")
        cls.env.ref("base.group_user").write(
            {"implied_ids": [Command.link(cls.env.ref("product.group_product_pricelist").id)]}
        )
        cls.pump = cls.env["product.product"].create(
            {"name": "Pump P-100", "default_code": "P100", "list_price": 100.0}
        )
        cls.pump.product_tmpl_id.update_field_translations("name", {"uk_UA": "Насос P-100"})
        cls.installation = cls.env["product.product"].create(
            {"name": "Installation", "type": "service", "list_price": 50.0}
        )
        cls.installation.product_tmpl_id.update_field_translations("name", {"uk_UA": "Монтаж"})
        cls.dealer_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Dealers",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10,
                        }
                    )
                ],
            }
        )
        cls.customer.write(
            {
                "lang": "uk_UA",
                "email": "buyer@own.example.com",
                "property_product_pricelist": cls.dealer_pricelist.id,
            }
        )
        cls.payment_term = cls.env["account.payment.term"].create({"name": "Net 45 Days"})
        cls.customer.property_payment_term_id = cls.payment_term
        cls.template = cls.env["sale.order.template"].create(
            {
                "name": "Standard Proposal",
                "number_of_days": 30,
                "note": "<p>Prices include delivery.</p>",
                "proposal_cover_letter": "<p>Thank you for your interest.</p>",
                "sale_order_template_line_ids": [
                    Command.create({"product_id": cls.installation.id, "product_uom_qty": 1.0})
                ],
            }
        )
        cls.template.update_field_translations(
            "proposal_cover_letter",
            {"uk_UA": {"Thank you for your interest.": "Дякуємо за ваш інтерес."}},
        )
        cls.template.update_field_translations(
            "note", {"uk_UA": {"Prices include delivery.": "Ціни включають доставку."}}
        )
        cls.other_template = cls.env["sale.order.template"].create({"name": "Short"})
        cls.env.company.sale_order_template_id = cls.template
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Pumps for the new plant",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.rep.id,
            }
        )
        cls.foreign_lead = cls.env["crm.lead"].create(
            {
                "name": "Valves",
                "type": "opportunity",
                "partner_id": cls.foreign_customer.id,
                "user_id": cls.other_rep.id,
            }
        )

    def _propose(self, lead, products=None, **values):
        action = lead.action_open_proposal_wizard()
        with Form(self.env[action["res_model"]].with_context(**action["context"])) as wizard_form:
            for field, value in values.items():
                setattr(wizard_form, field, value)
            for product, quantity in products or []:
                with wizard_form.line_ids.new() as line:
                    line.product_id = product
                    line.product_uom_qty = quantity
        result = wizard_form.record.action_create_quotation()
        return self.env["sale.order"].browse(result["res_id"])

    @users("rep")
    def test_wizard_defaults(self):
        lead = self.lead.with_env(self.env)
        wizard = Form(self.env["crm.proposal.wizard"].with_context(default_lead_id=lead.id))
        self.assertEqual(wizard.pricelist_id, self.dealer_pricelist)
        self.assertEqual(wizard.sale_order_template_id, self.template)
        self.assertIn("Дякуємо за ваш інтерес.", wizard.cover_letter)
        self.assertFalse(
            wizard.line_ids, "Nothing is recommended until the analytics fill the hook"
        )
        wizard.sale_order_template_id = self.other_template
        self.assertFalse(wizard.cover_letter)

    @users("rep")
    def test_quotation_from_opportunity(self):
        lead = self.lead.with_env(self.env)
        order = self._propose(lead, [(self.pump, 3)])
        self.assertEqual(order.opportunity_id, lead)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.user_id, self.rep)
        self.assertEqual(order.pricelist_id, self.dealer_pricelist)
        self.assertEqual(order.sale_order_template_id, self.template)
        self.assertEqual(order.validity_date, date(2026, 3, 2) + timedelta(days=30))
        self.assertIn("Ціни включають доставку.", order.note)
        self.assertIn("Дякуємо за ваш інтерес.", order.proposal_cover_letter)
        self.assertEqual(order.payment_term_id, self.payment_term)
        installation_line, pump_line = order.order_line.sorted("sequence")
        self.assertEqual(installation_line.product_id, self.installation)
        self.assertEqual(installation_line.name, "Монтаж")
        self.assertEqual(installation_line.price_unit, 45.0)
        self.assertEqual(pump_line.product_id, self.pump)
        self.assertEqual(pump_line.product_uom_qty, 3)
        self.assertEqual(pump_line.price_unit, 90.0, "the customer's pricelist gives 10% off")
        self.assertIn("Насос P-100", pump_line.name)
        self.assertEqual(order.amount_untaxed, 45.0 + 270.0)
        # The opportunity's Quotations smart button shows it.
        self.assertEqual(lead.quotation_count, 1)
        action = lead.action_view_sale_quotation()
        self.assertEqual(action["res_id"], order.id)

    @users("rep")
    def test_template_and_pricelist_chosen_in_wizard(self):
        public = self.env["product.pricelist"].sudo().create({"name": "Public"})
        order = self._propose(
            self.lead.with_env(self.env),
            [(self.pump, 1)],
            sale_order_template_id=self.other_template,
            pricelist_id=public,
            cover_letter="<p>Special offer</p>",
        )
        self.assertEqual(order.sale_order_template_id, self.other_template)
        self.assertEqual(order.order_line.product_id, self.pump)
        self.assertEqual(order.order_line.price_unit, 100.0)
        self.assertIn("Special offer", order.proposal_cover_letter)

    def test_proposal_suggests_the_customers_next_best_products(self):
        self.assertFalse(self.lead._crm_proposal_suggested_products(), "no history, no advice")
        today = date.today()
        for days_ago in (100, 70, 40):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": today - timedelta(days=days_ago),
                    "invoice_line_ids": [Command.create({"product_id": self.pump.id})],
                }
            )
            invoice.action_post()
        self.assertEqual(
            self.lead._crm_proposal_suggested_products(),
            self.pump,
            "bought every 30 days, last 40 days ago: due again",
        )
        wizard = (
            self.env["crm.proposal.wizard"].with_user(self.rep).create({"lead_id": self.lead.id})
        )
        self.assertEqual(wizard.line_ids.product_id, self.pump)

    @users("rep")
    def test_bad_input(self):
        lead = self.env["crm.lead"].create({"name": "No customer yet", "type": "opportunity"})
        wizard = self.env["crm.proposal.wizard"].create({"lead_id": lead.id})
        with self.assertRaises(UserError):
            wizard.action_create_quotation()
        wizard = self.env["crm.proposal.wizard"].create(
            {"lead_id": self.lead.id, "sale_order_template_id": self.other_template.id}
        )
        with self.assertRaises(UserError):
            wizard.action_create_quotation()
        wizard.line_ids = [Command.create({"product_id": self.pump.id, "product_uom_qty": 0})]
        with self.assertRaises(UserError):
            wizard.action_create_quotation()
        self.assertFalse(self.lead.order_ids)

    @users("rep")
    def test_salesperson_cannot_propose_to_another_salespersons_customer(self):
        with self.assertRaises(AccessError):
            wizard = self.env["crm.proposal.wizard"].create(
                {"lead_id": self.foreign_lead.id, "sale_order_template_id": self.template.id}
            )
            wizard.action_create_quotation()
        self.assertFalse(
            self.env["sale.order"].sudo().search([("opportunity_id", "=", self.foreign_lead.id)])
        )

    @users("head")
    def test_head_of_sales_proposes_to_every_customer(self):
        order = self._propose(self.foreign_lead.with_env(self.env), [(self.pump, 1)])
        self.assertEqual(order.opportunity_id, self.foreign_lead)
        self.assertEqual(order.partner_id, self.foreign_customer)

    @users("rep")
    def test_proposal_report(self):
        order = self._propose(self.lead.with_env(self.env), [(self.pump, 2)])
        order.order_line.filtered(lambda line: line.product_id == self.pump).discount = 5.0
        html, report_format = self.env["ir.actions.report"]._render_qweb_html(
            "crm_pipeline.action_report_crm_proposal", order.ids
        )
        self.assertEqual(report_format, "html")
        html = html.decode()
        self.assertIn("Дякуємо за ваш інтерес.", html, "cover letter in the customer's language")
        self.assertIn("Насос P-100", html, "lines in the customer's language")
        self.assertIn("Монтаж", html)
        self.assertIn("Ціни включають доставку.", html, "terms")
        self.assertIn("Net 45 Days", html, "payment terms")
        self.assertIn(order.name, html)
        self.assertIn("04/01/2026", html.replace("01.04.2026", "04/01/2026"), "validity date")
        self.assertIn("<span>5,00</span>", html, "discount column, in the customer's format")
        self.assertIn("<span>90,00</span>", html, "the customer's price")
        report = self.env.ref("crm_pipeline.action_report_crm_proposal")
        self.assertEqual(report.binding_model_id.model, "sale.order")

    def test_proposal_pdf(self):
        """The PDF itself, where wkhtmltopdf is installed (it is not on every test machine)."""
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed: the HTML rendering is tested instead")
        order = self._propose(self.lead, [(self.pump, 1)])
        # Odoo's tests get HTML from _render_qweb_pdf unless told to render for real.
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_pipeline.action_report_crm_proposal", order.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
