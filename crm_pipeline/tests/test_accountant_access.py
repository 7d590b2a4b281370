from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestAccountantAccess(CrmPipelineCase):
    """Accountants read, never edit, the opportunity and order behind each invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {"name": "Dryer", "list_price": 500.0, "invoice_policy": "order"}
        )
        cls.won = cls.env["crm.lead"].create(
            {"name": "Invoiced deal", "partner_id": cls.foreign_customer.id, "type": "opportunity"}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.foreign_customer.id,
                "opportunity_id": cls.won.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        cls.invoice = order._create_invoices()
        cls.invoice.action_post()
        cls.order = order
        cls.open_deal = cls.env["crm.lead"].create(
            {"name": "Still open", "partner_id": cls.foreign_customer.id, "type": "opportunity"}
        )

    @users("accountant")
    def test_accountant_reads_opportunity_behind_invoice(self):
        invoice = self.invoice.with_env(self.env)
        self.assertEqual(invoice.crm_opportunity_ids, self.won.with_env(self.env))
        self.assertEqual(invoice.crm_opportunity_ids.name, "Invoiced deal")
        self.assertEqual(self.order.with_env(self.env).opportunity_id.name, "Invoiced deal")
        action = invoice.action_view_crm_opportunities()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), self.won.with_env(self.env))

    @users("accountant")
    def test_accountant_does_not_edit_opportunities(self):
        with self.assertRaises(AccessError):
            self.won.with_env(self.env).write({"name": "Renamed"})

    @users("accountant")
    def test_accountant_does_not_read_uninvoiced_opportunities(self):
        self.assertFalse(self.env["crm.lead"].search([("id", "=", self.open_deal.id)]))
        with self.assertRaises(AccessError):
            self.open_deal.with_env(self.env).check_access("read")

    @users("accountant")
    def test_accountant_reads_the_crm_card(self):
        self.env["crm.interaction"].sudo().create(
            {"name": "Call", "partner_id": self.foreign_customer.id, "user_id": self.other_rep.id}
        )
        customer = self.foreign_customer.with_env(self.env)
        self.assertEqual(customer.lifecycle_status, "new")
        self.assertEqual(customer.interaction_count, 1)
