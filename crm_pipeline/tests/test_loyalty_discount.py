from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmPipelineCase

TODAY = date(2026, 6, 30)


def days_ago(days):
    return TODAY - timedelta(days=days)


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestLoyaltyDiscount(CrmPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Valve V-1", "list_price": 200})
        Rule = cls.env["crm.loyalty.rule"]
        Rule.search([]).action_archive()
        cls.rule_loyal = Rule.create(
            {
                "name": "Loyal 5",
                "condition_type": "lifecycle",
                "lifecycle_status": "loyal",
                "discount": 5,
            }
        )
        cls.rule_frequent = Rule.create(
            {
                "name": "Frequent 10",
                "condition_type": "count",
                "count_source": "invoice",
                "min_count": 3,
                "min_revenue": 1000,
                "discount": 10,
            }
        )
        # loyal: 4 invoices in 12 months, the first one long ago; 400 of revenue
        cls.loyal = cls._create_customer("Loyal LLC", cls.rep)
        for age in (200, 150, 100, 30):
            cls._create_invoice(cls.loyal, days_ago(age))
        # new, 3 invoices for 1500: frequent
        cls.frequent = cls._create_customer("Frequent LLC", cls.rep)
        for age in (60, 40, 20):
            cls._create_invoice(cls.frequent, days_ago(age), amount=500)
        # new, 3 invoices for 300: below the minimum revenue
        cls.small = cls._create_customer("Small LLC", cls.rep)
        for age in (60, 40, 20):
            cls._create_invoice(cls.small, days_ago(age))

    def _quotation_form(self, partner, user=None):
        form = Form(self.env["sale.order"].with_user(user or self.rep))
        form.partner_id = partner
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = 3
            line.price_unit = 200
        return form

    def test_lifecycle_rule_on_quotation(self):
        self.assertEqual(self.loyal.lifecycle_status, "loyal")
        form = self._quotation_form(self.loyal.child_ids[:1])
        self.assertEqual(form.loyalty_rule_suggested_id, self.rule_loyal)
        self.assertEqual(
            form.loyalty_reminder, "Loyal customer: suggest 5% discount (rule Loyal 5)"
        )
        order = form.save()
        self.assertEqual(order.amount_untaxed, 600)
        self.env.flush_all()
        self.env.cr.flush()  # the quotation was created earlier, as in the UI
        order.action_apply_loyalty_discount()
        self.assertEqual(order.order_line.discount, 5)
        self.assertEqual(order.amount_untaxed, 570)
        self.assertEqual(order.loyalty_rule_id, self.rule_loyal)
        self.assertEqual(order.loyalty_discount_amount, 30)
        self.assertFalse(order.loyalty_rule_suggested_id, "the reminder is gone once applied")
        self.env.flush_all()
        self.env.cr.flush()
        order.invalidate_recordset(["message_ids"])
        tracked = order.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("loyalty_rule_id", tracked)
        self.assertIn("loyalty_discount_amount", tracked)
        # the discount follows the lines, and is reported in SQL-friendly stored fields
        order.order_line.product_uom_qty = 4
        self.assertEqual(order.loyalty_discount_amount, 40)
        groups = self.env["sale.order"]._read_group(
            [("loyalty_rule_id", "!=", False), ("id", "=", order.id)],
            ["loyalty_rule_id"],
            ["loyalty_discount_amount:sum"],
        )
        self.assertEqual(groups, [(self.rule_loyal, 40)])

    def test_count_rule_with_minimum_revenue(self):
        self.assertEqual(self.frequent.lifecycle_status, "new")
        form = self._quotation_form(self.frequent)
        self.assertEqual(form.loyalty_rule_suggested_id, self.rule_frequent)
        self.assertEqual(
            form.loyalty_reminder,
            "At least 3 invoices in 12 months: suggest 10% discount (rule Frequent 10)",
        )
        order = form.save()
        order.action_apply_loyalty_discount()
        self.assertEqual(order.amount_untaxed, 540)
        self.assertEqual(order.loyalty_discount_amount, 60)

    def test_best_rule_wins(self):
        self.rule_frequent.min_revenue = 0
        self.rule_loyal.discount = 12
        matches = self.env["crm.loyalty.rule"]._match_partners(
            (self.loyal | self.frequent | self.small).ids, self.env.company
        )
        self.assertEqual(
            matches,
            {
                self.loyal.id: self.rule_loyal,
                self.frequent.id: self.rule_frequent,
                self.small.id: self.rule_frequent,
            },
        )

    def test_order_count_rule(self):
        (self.rule_loyal | self.rule_frequent).action_archive()
        rule = self.env["crm.loyalty.rule"].create(
            {
                "name": "Two orders",
                "condition_type": "count",
                "count_source": "order",
                "min_count": 2,
                "discount": 8,
            }
        )
        twice = self._create_customer("Twice LLC", self.rep)
        once = self._create_customer("Once LLC", self.rep)
        for partner, count in ((twice, 2), (once, 1)):
            for _index in range(count):
                order = self.env["sale.order"].create(
                    {
                        "partner_id": partner.id,
                        "order_line": [Command.create({"product_id": self.product.id})],
                    }
                )
                order.action_confirm()
        self.assertEqual(self._quotation_form(twice).loyalty_rule_suggested_id, rule)
        self.assertFalse(self._quotation_form(once).loyalty_rule_suggested_id)

    def test_no_reminder_for_non_matching_customer(self):
        form = self._quotation_form(self.small)
        self.assertFalse(form.loyalty_rule_suggested_id)
        self.assertFalse(form.loyalty_reminder)
        order = form.save()
        with self.assertRaises(UserError):
            order.action_apply_loyalty_discount()
        self.assertEqual(order.order_line.discount, 0)
        # nor on a confirmed order of a loyal customer
        confirmed = self._quotation_form(self.loyal).save()
        confirmed.action_confirm()
        self.assertFalse(confirmed.loyalty_rule_suggested_id)
        with self.assertRaises(UserError):
            confirmed.action_apply_loyalty_discount()

    def test_rules_configuration_access_and_checks(self):
        Rule = self.env["crm.loyalty.rule"]
        with self.assertRaises(AccessError):
            Rule.with_user(self.rep).create({"name": "Mine", "discount": 50})
        self.assertEqual(Rule.with_user(self.rep).search([]), self.rule_loyal | self.rule_frequent)
        with self.assertRaises(ValidationError):
            Rule.with_user(self.head).create({"name": "Zero", "discount": 0})
        with self.assertRaises(ValidationError):
            Rule.with_user(self.head).create(
                {"name": "Never", "condition_type": "count", "min_count": 0, "discount": 5}
            )
        rule = Rule.with_user(self.head).create({"name": "Head's", "discount": 3})
        self.assertEqual(rule.lifecycle_status, "loyal")
