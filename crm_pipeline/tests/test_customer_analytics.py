import base64
import io
import math
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common_analytics import TODAY, AnalyticsCase, days_ago


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestCustomerAnalytics(AnalyticsCase):
    def _rows(self, user=None):
        model = self.env["crm.customer.analytics"]
        if user:
            model = model.with_user(user)
        return {row.partner_id.id: row for row in model.search([])}

    def test_figures_match_a_plain_computation(self):
        expected = self.expected()
        rows = self._rows()
        self.assertEqual(set(rows), set(expected), "one row per customer with posted invoices")
        self.assertNotIn(self.draft_only.id, rows, "draft invoices do not count")
        for partner_id, exp in expected.items():
            row = rows[partner_id]
            with self.subTest(customer=row.partner_id.name):
                self.assertEqual(row.invoice_count, exp["invoice_count"])
                self.assertEqual(row.refund_count, exp["refund_count"])
                self.assertEqual(row.first_invoice_date, exp["first"])
                self.assertEqual(row.last_invoice_date, exp["last"])
                self.assertEqual(row.recency_days, exp["recency"])
                self.assertAlmostEqual(row.revenue, exp["revenue"], places=2)
                self.assertAlmostEqual(row.cost, exp["cost"], places=2)
                self.assertAlmostEqual(row.margin, exp["margin"], places=2)
                self.assertAlmostEqual(row.ltv_historic, exp["margin"], places=2)
                self.assertAlmostEqual(row.discount_line, exp["discount_line"], places=2)
                self.assertAlmostEqual(row.discount_list, exp["discount_list"], places=2)
                self.assertAlmostEqual(
                    row.discount_total, exp["discount_line"] + exp["discount_list"], places=2
                )
                self.assertEqual(row.profit, row.margin, "no other costs reported")
                self.assertEqual(
                    (row.recency_score, row.frequency_score, row.monetary_score),
                    (exp["r"], exp["f"], exp["m"]),
                )
                self.assertEqual(row.rfm_score, f"{exp['r']}{exp['f']}{exp['m']}")
                self.assertEqual(row.rfm_segment, exp["segment"])
                self.assertEqual(row.abc_revenue, exp["abc_revenue"])
                self.assertEqual(row.abc_margin, exp["abc_margin"])
                self.assertEqual(row.revenue_rank, exp["revenue_rank"])
                self.assertEqual(row.revenue_rank_pct, exp["revenue_rank_pct"])
                self.assertAlmostEqual(row.revenue_cum_share, exp["revenue_cum_share"], places=3)
                self.assertEqual(row.margin_rank, exp["margin_rank"])
                self.assertAlmostEqual(row.margin_cum_share, exp["margin_cum_share"], places=3)
                self.assertAlmostEqual(row.order_interval_days, exp["interval"], places=2)
                self.assertAlmostEqual(row.churn_probability, exp["churn"], places=2)
                self.assertAlmostEqual(row.ltv_predicted, exp["ltv_predicted"], places=1)
                self.assertEqual(row.repeat_rate, 100 if exp["invoice_count"] > 1 else 0)

    def test_pareto_curve_reaches_everything_at_the_last_customer(self):
        rows = sorted(self._rows().values(), key=lambda row: row.revenue_rank)
        shares = [row.revenue_cum_share for row in rows]
        self.assertEqual(shares, sorted(shares), "the curve only goes up")
        self.assertAlmostEqual(shares[-1], 100.0, places=3)
        self.assertEqual(rows[-1].revenue_rank_pct, 100)
        self.assertEqual(rows[0].abc_revenue, "a", "the biggest customer is always an A")
        # The graph reads the curve as the highest cumulative share per customer percentage.
        curve = self.env["crm.customer.analytics"]._read_group(
            [], ["revenue_rank_pct"], ["revenue_cum_share:max"]
        )
        self.assertEqual(len(curve), len(rows))

    def test_predicted_lifetime_value_known_answer(self):
        """Alpha buys one Widget (margin 100 - 60 = 40) every 30 days and last bought 10 days
        ago: still buying (churn 0), 365 / 30 = 12.17 invoices expected over a year, so
        40 x 12.1667 = 486.67. Beta bought every 30 days too but last 90 days ago, 60 days past
        its usual interval: alive with probability exp(-60 / 30) = 0.1353, so 486.67 x 0.1353 =
        65.86 and a churn probability of 86.47%."""
        rows = self._rows()
        alpha, beta = rows[self.alpha.id], rows[self.beta.id]
        self.assertAlmostEqual(alpha.order_interval_days, 30.0)
        self.assertAlmostEqual(alpha.avg_margin_per_order, 40.0)
        self.assertAlmostEqual(alpha.predicted_orders, 12.1667, places=4)
        self.assertEqual(alpha.churn_probability, 0.0)
        self.assertAlmostEqual(alpha.ltv_predicted, 486.67, places=2)
        self.assertAlmostEqual(alpha.ltv_historic, 480.0, places=2)
        self.assertAlmostEqual(beta.churn_probability, 86.47, places=2)
        self.assertAlmostEqual(beta.ltv_predicted, 65.86, places=2)
        self.assertAlmostEqual(486.6667 * math.exp(-2), 65.86, places=2)

    def test_incremental_refresh_after_posting(self):
        self.env.cr.execute(
            "UPDATE crm_customer_analytics SET revenue = 0 WHERE partner_id = %s", [self.alpha.id]
        )
        self.env["crm.customer.analytics"].invalidate_model()
        invoice = self._invoice(self.beta, 1, [(self.gadget, 4, 50.0, 0)])
        rows = self._rows()
        self.assertEqual(rows[self.beta.id].invoice_count, 5)
        self.assertEqual(rows[self.beta.id].last_invoice_date, days_ago(1))
        self.assertAlmostEqual(rows[self.beta.id].revenue, 600.0)
        self.assertAlmostEqual(rows[self.beta.id].cost, 4 * 60.0 + 4 * 20.0)
        self.assertEqual(rows[self.beta.id].churn_probability, 0.0)
        self.assertEqual(rows[self.alpha.id].revenue, 0, "other customers are left alone")
        invoice.button_draft()
        rows = self._rows()
        self.assertEqual(rows[self.beta.id].invoice_count, 4)
        self.assertAlmostEqual(rows[self.beta.id].revenue, 400.0)
        # A first invoice creates the customer's row.
        self._invoice(self.draft_only, 2, [(self.widget, 1, 100.0, 0)])
        row = self._rows()[self.draft_only.id]
        self.assertEqual((row.invoice_count, row.recency_days, row.recency_score), (1, 2, 5))
        self.assertTrue(row.rfm_segment)

    def test_incremental_refresh_query_count_is_constant(self):
        small = self._create_customer("Small LLC", self.rep)
        self._invoice(small, 20, [(self.widget, 1, 100.0, 0)])
        big = self._create_customer("Big LLC", self.rep)
        for age in range(10, 400, 10):
            self._invoice(big, age, [(self.widget, 1, 100.0, 0), (self.gadget, 3, 50.0, 0)] * 5)
        analytics = self.env["crm.customer.analytics"]
        analytics._refresh([small.id])  # warms the parameter cache
        self.env.flush_all()
        with self.assertQueryCount(12):
            analytics._refresh([small.id])
        with self.assertQueryCount(12):
            analytics._refresh([big.id])
        self.assertEqual(self._rows()[big.id].invoice_count, 39)

    def test_visibility_follows_the_customer_base(self):
        mine = {self.alpha.id, self.beta.id, self.zeta.id, self.delta.id}
        self.assertEqual(
            set(self._rows(self.rep)),
            mine,
            "own customers, the team's (Delta), and unmanaged ones (Zeta); not another's",
        )
        self.assertEqual(
            set(self._rows(self.other_rep)),
            {self.gamma.id, self.epsilon.id, self.eta.id, self.zeta.id},
        )
        self.assertEqual(set(self._rows(self.head)), set(self.expected()))
        foreign_row = self._rows()[self.gamma.id]
        with self.assertRaises(AccessError):
            foreign_row.with_user(self.rep).read(["revenue"])
        # A handover shows at once, before any refresh.
        self.gamma.user_id = self.rep
        self.assertIn(self.gamma.id, self._rows(self.rep))

    def test_refresh_now_for_heads_only(self):
        analytics = self.env["crm.customer.analytics"]
        with self.assertRaises(AccessError):
            analytics.with_user(self.rep).action_refresh()
        analytics.with_user(self.head).action_refresh()
        log = self.env["crm.customer.analytics.refresh"].search([], limit=1)
        self.assertEqual(log.state, "done")
        self.assertEqual(log.customer_count, len(self.expected()))
        self.assertIn("customers:", log.details)
        self.assertTrue(
            self.env["crm.customer.analytics.refresh"].with_user(self.head).search_count([])
        )
        with self.assertRaises(AccessError):
            self.env["crm.customer.analytics.refresh"].with_user(self.rep).search([])
        analytics._cron_refresh()
        self.assertEqual(self.env["crm.customer.analytics.refresh"].search_count([]), 2)

    def test_other_costs_through_the_extension_point(self):
        model_class = type(self.env["crm.customer.analytics"])
        company = self.env.company.id
        main_partner, alpha_id = self.env.ref("base.main_partner").id, self.alpha.id

        def cost_queries(model, scope):
            return [
                SQL(
                    "SELECT %s AS company_id, %s AS partner_id, 'campaign' AS cost_kind, "
                    "25.0 AS amount",
                    company,
                    main_partner,
                ),
                SQL(
                    "SELECT * FROM (SELECT %s AS company_id, %s AS partner_id, "
                    "'service_time' AS cost_kind, 15.0 AS amount UNION ALL SELECT %s, %s, "
                    "'service_time', 5.0) costs WHERE %s",
                    company,
                    alpha_id,
                    company,
                    alpha_id,
                    scope,
                ),
            ]

        with patch.object(model_class, "_customer_cost_queries", cost_queries, create=False):
            self.env["crm.customer.analytics"]._refresh()
        alpha = self._rows()[self.alpha.id]
        self.assertAlmostEqual(alpha.other_cost, 20.0)
        self.assertAlmostEqual(alpha.profit, alpha.margin - 20.0)
        costs = self.env["crm.customer.cost"].search([("partner_id", "=", self.alpha.id)])
        self.assertEqual(costs.mapped("cost_kind"), ["service_time"])
        self.assertAlmostEqual(costs.amount, 20.0)
        self.assertFalse(
            self.env["crm.customer.cost"]
            .with_user(self.other_rep)
            .search([("partner_id", "=", self.alpha.id)]),
            "costs follow the customer base too",
        )

    def test_xlsx_export_read_back(self):
        action = self.env["crm.customer.analytics"].with_user(self.rep).action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.rep).browse(attachment_id)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        sheet = book.active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[0], "Customer")
        self.assertIn("Revenue", header)
        self.assertEqual(sheet.freeze_panes, "A2")
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(rows[-1][0], "Total")
        customers = {row[0] for row in rows[:-1]}
        self.assertEqual(customers, {"Alpha LLC", "Beta LLC", "Delta LLC", "Zeta LLC"})
        revenue = header.index("Revenue")
        self.assertAlmostEqual(
            sum(row[revenue] for row in rows[:-1]),
            sum(
                self.expected()[p.id]["revenue"]
                for p in (self.alpha, self.beta, self.delta, self.zeta)
            ),
            places=2,
        )
        self.assertTrue(str(sheet.cell(len(rows) + 1, revenue + 1).value).startswith("=SUBTOTAL"))
