"""The data generator's bulk path leaves the database as the ORM would (data/README.md).

Generates the ``small`` world (first batches through the ORM, the rest of the history in bulk
with SQL) inside the test transaction, then lets the ORM recompute a sample of what was written
and compares, and checks what the analytics rely on.
"""

import datetime

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from data.check import check
from data.generate import generate

TODAY = datetime.date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestDataGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.summary = generate(cls.env, scale="small", seed=7, progress=None, today=TODAY)

    def test_bulk_history_is_what_the_orm_computes(self):
        problems = check(self.env, sample=150, progress=lambda _line: None)
        self.assertEqual(problems, [])

    def test_history_volumes(self):
        summary = self.summary
        self.assertEqual(summary["customers"], 200)
        self.assertGreater(summary["invoices"], 400)
        self.assertGreater(summary["payments"], 300)
        self.assertGreater(summary["invoices open"], 0)
        moves = self.env["account.move"].search(
            [("move_type", "=", "out_invoice"), ("state", "=", "posted")]
        )
        self.assertEqual(len(moves), summary["invoices"])
        self.assertEqual(
            len(moves.filtered(lambda move: move.payment_state == "not_paid")),
            summary["invoices open"],
        )
        # Names continue the journal's sequence without duplicates.
        self.assertEqual(len(set(moves.mapped("name"))), len(moves))
        orders = self.env["sale.order"].search([])
        self.assertEqual(len(set(orders.mapped("name"))), len(orders))
        self.assertEqual(set(orders.mapped("invoice_status")), {"no", "to invoice", "invoiced"})

    def test_what_the_analytics_need(self):
        env = self.env
        products = env["product.product"].search([("default_code", "!=", False)])
        self.assertTrue(products)
        self.assertFalse(products.filtered(lambda product: not product.standard_price))
        lines = env["account.move.line"].search(
            [("move_id.move_type", "=", "out_invoice"), ("display_type", "=", "product")]
        )
        self.assertFalse(lines.filtered(lambda line: not line.product_id or not line.quantity))
        # Repeat buyers: customers who bought the same product on several invoices.
        repeats = env["account.move.line"]._read_group(
            [("id", "in", lines.ids)], ["partner_id", "product_id"], ["move_id:count_distinct"]
        )
        self.assertGreater(sum(1 for _p, _pr, count in repeats if count >= 3), 50)
        # Territories from the customers' countries (when the suite is installed).
        if "territory_id" in env["res.partner"]._fields:
            customers = env["res.partner"].search(
                [("customer_rank", ">", 0), ("is_company", "=", True)]
            )
            self.assertFalse(customers.filtered(lambda partner: not partner.territory_id))
        # Lost leads have a lost reason; stage history gives the time spent per stage.
        Lead = env["crm.lead"].with_context(active_test=False)
        lost = Lead.search([("won_status", "=", "lost")])
        self.assertTrue(lost)
        self.assertFalse(lost.filtered(lambda lead: not lead.lost_reason_id))
        won = Lead.search([("won_status", "=", "won")], limit=20)
        for lead in won:
            self.assertGreater(sum(lead.duration_tracking.values()), 0)
            stage_trackings = env["mail.tracking.value"].search(
                [
                    ("mail_message_id.model", "=", "crm.lead"),
                    ("mail_message_id.res_id", "=", lead.id),
                    ("field_id.name", "=", "stage_id"),
                ]
            )
            self.assertTrue(stage_trackings)
            self.assertTrue(all(value.create_date.date() <= TODAY for value in stage_trackings))
