from collections import defaultdict
from datetime import date, timedelta
from itertools import permutations

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmPipelineCase

TODAY = date(2026, 6, 30)


def days_ago(days):
    return TODAY - timedelta(days=days)


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestNextBestProduct(CrmPipelineCase):
    """Six customers buy products A to E; the rep's customer buys A, a product R on a 30-day
    cycle last bought 75 days ago, and a product S on a 30-day cycle bought 10 days ago."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("crm_pipeline.copurchase_min_customers", 2)
        Product = cls.env["product.product"]
        cls.products = {
            code: Product.create({"name": f"Product {code}", "list_price": 10})
            for code in ("A", "B", "C", "D", "E", "R", "S")
        }
        p = cls.products
        baskets = [
            (p["A"], p["B"], p["C"]),
            (p["A"], p["B"]),
            (p["A"], p["B"], p["D"]),
            (p["A"], p["C"]),
            (p["B"], p["C"], p["D"]),
            (p["E"],),
        ]
        cls.buyers = cls.env["res.partner"]
        for index, basket in enumerate(baskets):
            buyer = cls._create_customer(f"Buyer {index}", cls.rep)
            cls.buyers |= buyer
            # a contact of the company buys too: baskets are per commercial partner
            cls._create_product_invoice(buyer.child_ids[:1], days_ago(20 + index), basket[:1])
            cls._create_product_invoice(buyer, days_ago(100), basket[1:] or basket)
        # outside the analysis: too old, draft, credit note
        cls._create_product_invoice(cls.buyers[5], TODAY - relativedelta(months=25), [p["D"]])
        cls._create_product_invoice(cls.buyers[5], days_ago(5), [p["A"]], post=False)
        cls._create_product_invoice(cls.buyers[5], days_ago(5), [p["B"]], move_type="out_refund")
        cls._create_product_invoice(cls.customer, days_ago(10), [p["A"], p["S"]])
        for age in (135, 105, 75):
            cls._create_product_invoice(cls.customer, days_ago(age), [p["R"]])
        for age in (70, 40):
            cls._create_product_invoice(cls.customer, days_ago(age), [p["S"]])

    @classmethod
    def _create_product_invoice(
        cls, partner, invoice_date, products, post=True, move_type="out_invoice"
    ):
        invoice = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "quantity": 1, "price_unit": 10})
                    for product in products
                ],
            }
        )
        if post:
            invoice.action_post()
        return invoice

    def _expected_statistics(self, min_customers=2, months=24, max_per_product=50):
        """Co-purchase figures recomputed plainly from the posted invoice lines."""
        date_from = TODAY - relativedelta(months=months)
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("move_id.move_type", "=", "out_invoice"),
                    ("move_id.state", "=", "posted"),
                    ("move_id.invoice_date", ">=", date_from),
                    ("display_type", "=", "product"),
                    ("product_id", "!=", False),
                ]
            )
        )
        baskets = defaultdict(set)
        for line in lines:
            baskets[line.company_id.id, line.move_id.commercial_partner_id.id].add(
                line.product_id.id
            )
        customers = defaultdict(int)
        buyers = defaultdict(int)
        together = defaultdict(int)
        for (company_id, _partner_id), products in baskets.items():
            customers[company_id] += 1
            for product in products:
                buyers[company_id, product] += 1
            for a, b in permutations(products, 2):
                together[company_id, a, b] += 1
        best = defaultdict(list)  # per product A, its products B by confidence then lift
        for (company_id, a, b), both in together.items():
            if both >= min_customers:
                best[company_id, a].append(
                    (-both / buyers[company_id, a], buyers[company_id, b], b)
                )
        kept = {
            (company_id, a, b)
            for (company_id, a), candidates in best.items()
            for _confidence, _buyers, b in sorted(candidates)[:max_per_product]
        }
        expected = {}
        for (company_id, a, b), both in together.items():
            if (company_id, a, b) not in kept:
                continue
            total = customers[company_id]
            expected[company_id, a, b] = {
                "customers_a": buyers[company_id, a],
                "customers_b": buyers[company_id, b],
                "customers_ab": both,
                "support": both / total,
                "confidence": both / buyers[company_id, a],
                "lift": (both / buyers[company_id, a]) / (buyers[company_id, b] / total),
            }
        return expected

    def _table(self):
        rows = self.env["crm.product.copurchase"].sudo().search([])
        return {
            (row.company_id.id, row.product_a_id.id, row.product_b_id.id): {
                "customers_a": row.customers_a,
                "customers_b": row.customers_b,
                "customers_ab": row.customers_ab,
                "support": row.support,
                "confidence": row.confidence,
                "lift": row.lift,
            }
            for row in rows
        }

    def test_statistics_match_plain_computation(self):
        written = self.env["crm.product.copurchase"]._refresh_copurchase()
        expected = self._expected_statistics()
        table = self._table()
        self.assertEqual(written, len(expected))
        self.assertEqual(set(table), set(expected))
        for key, figures in expected.items():
            for name, value in figures.items():
                self.assertAlmostEqual(table[key][name], value, places=6, msg=f"{key} {name}")
        # one pair by hand: 7 customers; A bought by 5 (buyers 0-3 and the rep's customer),
        # B by 4, both by 3
        company = self.env.company.id
        a_to_b = table[company, self.products["A"].id, self.products["B"].id]
        self.assertEqual(
            (a_to_b["customers_a"], a_to_b["customers_b"], a_to_b["customers_ab"]), (5, 4, 3)
        )
        self.assertAlmostEqual(a_to_b["confidence"], 0.6)
        self.assertAlmostEqual(a_to_b["lift"], 0.6 / (4 / 7))
        # E (one buyer), R and S (only the rep's customer), the old D are never paired
        paired = {product for _company, a, b in table for product in (a, b)}
        for code in ("E", "R", "S"):
            self.assertNotIn(self.products[code].id, paired)

    def test_threshold_and_refresh_replace_rows(self):
        self.env["crm.product.copurchase"]._refresh_copurchase()
        self.env["ir.config_parameter"].sudo().set_param("crm_pipeline.copurchase_min_customers", 3)
        self.env["crm.product.copurchase"]._refresh_copurchase()
        self.assertEqual(self._table().keys(), self._expected_statistics(min_customers=3).keys())
        self.assertTrue(all(row["customers_ab"] >= 3 for row in self._table().values()))
        # only the best products bought with each product
        self.env["ir.config_parameter"].sudo().set_param("crm_pipeline.copurchase_min_customers", 2)
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_pipeline.copurchase_max_per_product", 1
        )
        self.env["crm.product.copurchase"]._refresh_copurchase()
        table = self._table()
        self.assertEqual(table.keys(), self._expected_statistics(max_per_product=1).keys())
        company = self.env.company.id
        # A is bought with B by 3 customers, with C by 2: only B is kept for A
        self.assertIn((company, self.products["A"].id, self.products["B"].id), table)
        self.assertNotIn((company, self.products["A"].id, self.products["C"].id), table)

    def test_refresh_now_for_heads_only(self):
        Copurchase = self.env["crm.product.copurchase"]
        with self.assertRaises(AccessError):
            Copurchase.with_user(self.rep).action_refresh()
        self.assertFalse(Copurchase.sudo().search_count([]))
        Copurchase.with_user(self.head).action_refresh()
        self.assertEqual(len(self._table()), len(self._expected_statistics()))
        # salespeople read the statistics
        self.assertTrue(Copurchase.with_user(self.rep).search_count([]))

    def test_suggestions_for_customer(self):
        self.env["crm.product.copurchase"]._refresh_copurchase()
        suggestions = (
            self.env["crm.product.suggestion"]
            .with_user(self.rep)
            ._crm_suggested_products(self.customer, limit=10)
        )
        p = self.products
        self.assertEqual(suggestions.product_id.ids, [p["R"].id, p["B"].id, p["C"].id])
        reorder, bought_b, bought_c = suggestions
        self.assertEqual(reorder.reason_type, "reorder")
        self.assertEqual(reorder.reason, "Usually reordered every 30 days, last bought 75 days ago")
        self.assertEqual(bought_b.reason_type, "copurchase")
        self.assertEqual(bought_b.source_product_id, p["A"])
        # B: 3 of A's 5 buyers, lift 0.6 / (4 / 7) = 1.05; C: 2 of 5, lift 0.4 / (3 / 7)
        self.assertEqual(bought_b.reason, "Bought by 60% of customers who buy Product A, lift 1.1")
        self.assertEqual(bought_c.reason, "Bought by 40% of customers who buy Product A, lift 0.9")
        # never what the customer already buys; S is bought again but not yet due
        self.assertFalse(suggestions.product_id & (p["A"] | p["S"]))
        # the limit keeps the best ones
        top = self.env["crm.product.suggestion"]._crm_suggested_products(self.customer, limit=2)
        self.assertEqual(top.product_id.ids, [p["R"].id, p["B"].id])

    def test_suggestions_follow_customer_access(self):
        self.env["crm.product.copurchase"]._refresh_copurchase()
        Suggestion = self.env["crm.product.suggestion"]
        foreign = self._create_customer("Foreign Buyer", self.other_rep)
        self._create_product_invoice(foreign, days_ago(3), [self.products["B"]])
        with self.assertRaises(AccessError):
            Suggestion.with_user(self.rep)._crm_suggested_products(
                foreign.with_user(self.rep), limit=5
            )
        with self.assertRaises(AccessError):
            foreign.with_user(self.rep).action_view_suggested_products()
        # the head of sales sees every customer's suggestions
        head_suggestions = Suggestion.with_user(self.head)._crm_suggested_products(
            foreign.with_user(self.head), limit=5
        )
        self.assertIn(self.products["A"], head_suggestions.product_id)
        self.assertNotIn(self.products["B"], head_suggestions.product_id)
        # the rep, from their customer's card and from an opportunity of that customer
        action = self.customer.with_user(self.rep).action_view_suggested_products()
        shown = self.env["crm.product.suggestion"].with_user(self.rep).search(action["domain"])
        self.assertEqual(
            shown.product_id, self.products["R"] | self.products["B"] | self.products["C"]
        )
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep)
            .create({"name": "Upsell", "type": "opportunity", "partner_id": self.customer.id})
        )
        action = lead.action_view_suggested_products()
        self.assertEqual(
            self.env["crm.product.suggestion"]
            .with_user(self.rep)
            .search(action["domain"])
            .product_id,
            shown.product_id,
        )

    def test_query_budget_does_not_grow_with_history(self):
        self.env["crm.product.copurchase"]._refresh_copurchase()
        p = self.products
        big = self._create_customer("Big Buyer", self.rep)
        for age in range(10, 310, 10):
            self._create_product_invoice(big, days_ago(age), [p["A"], p["R"], p["S"], p["E"]])
        small = self.customer
        Suggestion = self.env["crm.product.suggestion"].with_user(self.rep)
        Suggestion._crm_suggested_products(small.with_user(self.rep), limit=10)  # warm caches
        for partner in (small, big):
            self.env.invalidate_all()
            with self.assertQueryCount(7):
                suggestions = Suggestion._crm_suggested_products(
                    partner.with_user(self.rep), limit=10
                )
            self.assertTrue(suggestions)
