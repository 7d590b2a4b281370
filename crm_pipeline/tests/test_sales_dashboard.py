from collections import Counter
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged, users

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestSalesDashboard(CrmPipelineCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.stages = cls.env["crm.stage"].search([("is_won", "=", False)], limit=2)

        def opportunity(name, user, customer, revenue, probability, stage):
            return Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "user_id": user.id,
                    "partner_id": customer.id,
                    "expected_revenue": revenue,
                    "probability": probability,
                    "stage_id": stage.id,
                    "date_deadline": fields.Date.today(),
                }
            )

        first, second = cls.stages
        cls.own = (
            opportunity("Pumps", cls.rep, cls.customer, 1000, 10, first)
            | opportunity("Valves", cls.rep, cls.customer, 3000, 50, first)
            | opportunity("Dryer", cls.rep, cls.customer, 8000, 70, second)
        )
        cls.own_won = opportunity("Won deal", cls.rep, cls.customer, 5000, 90, second)
        cls.own_won.action_set_won()
        cls.own_lost = opportunity("Lost deal", cls.rep, cls.customer, 700, 20, first)
        cls.own_lost.action_set_lost()
        cls.invoice = cls._create_invoice(cls.customer, "2000-01-01", amount=1200, post=False)
        cls.invoice.write({"invoice_user_id": cls.rep.id, "invoice_date": fields.Date.today()})
        cls.invoice.action_post()
        cls.foreign_invoice = cls._create_invoice(cls.foreign_customer, fields.Date.today(), 800)
        cls.foreign = opportunity(
            "Their deal", cls.other_rep, cls.foreign_customer, 9999, 50, first
        )

    def _kpis(self, data):
        return {kpi["key"]: kpi["value"] for kpi in data["kpis"]}

    def _section(self, data, key):
        return next(section for section in data["sections"] if section["key"] == key)

    @users("rep")
    def test_salesperson_dashboard_holds_their_own_figures(self):
        data = self.env["crm.sales.dashboard"].get_dashboard_data("mine")
        kpis = self._kpis(data)
        self.assertEqual(kpis["open_count"], "3")
        weighted = sum(lead.expected_revenue * lead.probability / 100 for lead in self.own)
        self.assertEqual(kpis["weighted"], self.env["crm.sales.dashboard"]._format_amount(weighted))
        self.assertEqual(kpis["won_revenue"], self.env["crm.sales.dashboard"]._format_amount(5000))
        self.assertEqual(kpis["win_rate"], "50 %", "one won and one lost in the last 12 months")

        funnel = self._section(data, "funnel")["chart"]
        per_stage = Counter(lead.stage_id.display_name for lead in self.own)
        revenue_per_stage = Counter()
        for lead in self.own:
            revenue_per_stage[lead.stage_id.display_name] += lead.expected_revenue
        self.assertEqual(
            dict(zip(funnel["labels"], funnel["datasets"][1]["data"], strict=True)), per_stage
        )
        self.assertEqual(
            dict(zip(funnel["labels"], funnel["datasets"][0]["data"], strict=True)),
            revenue_per_stage,
        )
        self.assertNotIn(9999, funnel["datasets"][0]["data"])

        won_lost = self._section(data, "won_lost")["chart"]
        self.assertEqual(len(won_lost["labels"]), 12)
        self.assertEqual(sum(won_lost["datasets"][0]["data"]), 1)
        self.assertEqual(sum(won_lost["datasets"][1]["data"]), 1)
        self.assertEqual(won_lost["datasets"][0]["data"][-1], 1, "won this month")

    @users("rep")
    def test_salesperson_sees_revenue_of_their_invoices_by_territory(self):
        data = self.env["crm.sales.dashboard"].get_dashboard_data("mine")
        territories = self._section(data, "territories")["chart"]
        self.assertEqual(territories["labels"], ["No Territory"])
        self.assertEqual(territories["datasets"][0]["data"], [1200])

    @users("rep")
    def test_salesperson_forecast_holds_their_opportunities(self):
        data = self.env["crm.sales.dashboard"].get_dashboard_data("mine")
        forecast = self._section(data, "forecast")["chart"]
        self.assertEqual(len(forecast["labels"]), 6)
        this_month = sum(dataset["data"][0] for dataset in forecast["datasets"])
        weighted = sum(lead.expected_revenue * lead.probability / 100 for lead in self.own)
        self.assertAlmostEqual(this_month, weighted + 5000, msg="open weighted plus won in full")
        accuracy = self._section(data, "forecast_accuracy")["chart"]
        self.assertEqual(len(accuracy["labels"]), 12)
        self.assertEqual([d["label"] for d in accuracy["datasets"]], ["Forecast", "Invoiced"])

    @users("rep")
    def test_salesperson_customer_analytics_hold_their_customers(self):
        data = self.env["crm.sales.dashboard"].get_dashboard_data("mine")
        pareto = self._section(data, "pareto")["chart"]
        self.assertEqual(pareto["labels"], ["0 %", "100 %"], "one customer of their own")
        self.assertEqual(pareto["datasets"][0]["data"], [0.0, 100.0])
        rfm = self._section(data, "rfm")
        self.assertEqual(sum(row[1] for row in rfm["rows"]), 1)

    def test_reorders_due_are_suggested_calls(self):
        pump = self.env["product.product"].create({"name": "Filter F-7", "list_price": 40})
        today = fields.Date.today()
        for customer in (self.customer, self.foreign_customer):
            for days_ago in (100, 70, 40):
                self._create_invoice(customer, today - timedelta(days=days_ago), post=False).write(
                    {"invoice_line_ids": [Command.create({"product_id": pump.id})]}
                )
        self.env["account.move"].search([("state", "=", "draft")]).action_post()
        dashboard = self.env["crm.sales.dashboard"].with_user(self.rep)
        calls = self._section(dashboard.get_dashboard_data("mine"), "reorders_due")
        self.assertEqual(calls["rows"], [[self.customer.display_name, "Filter F-7", 30, 10]])
        calls = self._section(
            dashboard.with_user(self.head).get_dashboard_data("all"), "reorders_due"
        )
        self.assertEqual(len(calls["rows"]), 2, "every salesperson's customers")

    @users("rep")
    def test_salesperson_does_not_get_the_team_dashboard(self):
        with self.assertRaises(AccessError):
            self.env["crm.sales.dashboard"].get_dashboard_data("all")

    @users("accountant")
    def test_dashboard_is_for_sales_roles(self):
        with self.assertRaises(AccessError):
            self.env["crm.sales.dashboard"].get_dashboard_data("mine")

    @users("head")
    def test_head_dashboard_holds_every_salesperson(self):
        data = self.env["crm.sales.dashboard"].get_dashboard_data("all")
        funnel = self._section(data, "funnel")["chart"]
        self.assertGreaterEqual(sum(funnel["datasets"][1]["data"]), 4)
        first_stage = self.own.filtered(lambda lead: lead.stage_id == self.stages[0])
        self.assertIn(
            9999 + sum(first_stage.mapped("expected_revenue")), funnel["datasets"][0]["data"]
        )
        territories = self._section(data, "territories")["chart"]
        self.assertEqual(territories["datasets"][0]["data"], [2000], "both customers' invoices")
        pareto = self._section(data, "pareto")["chart"]
        self.assertEqual(pareto["labels"], ["0 %", "50 %", "100 %"])
        self.assertEqual(pareto["datasets"][0]["data"], [0.0, 60.0, 100.0], "1200 of 2000 first")
        self.assertEqual(sum(row[1] for row in self._section(data, "rfm")["rows"]), 2)
        mine = self.env["crm.sales.dashboard"].get_dashboard_data("mine")
        self.assertEqual(self._kpis(mine)["open_count"], "0", "the head owns no opportunity")

    def test_dashboard_tour(self):
        action = self.env.ref("crm_pipeline.crm_sales_dashboard_action_mine")
        self.start_tour(f"/odoo/action-{action.id}", "crm_pipeline_sales_dashboard", login="rep")
