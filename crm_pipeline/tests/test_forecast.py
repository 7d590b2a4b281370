import base64
import io
import math
import statistics
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged, users

from .common import CrmPipelineCase

TODAY = "2026-03-10"
MEASURES = ["expected_revenue", "weighted_revenue", "repeat_revenue", "adjustment_amount"]


def month(day):
    return day.replace(day=1) if day else False


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestForecast(CrmPipelineCase):
    """The sales forecast report against a plain Python count over the same records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date.fromisoformat(TODAY)
        cls.territory = cls.env["crm.territory"].create({"name": "Forecast North-West"})
        cls.customer.territory_id = cls.territory
        # a customer of another salesperson, shared with the rep's team
        cls.team_customer = cls._create_customer(
            "Team Customer LLC", cls.other_rep, team_id=cls.team.id
        )
        cls.pumps, cls.valves = cls.env["product.category"].create(
            [{"name": "Forecast Pumps"}, {"name": "Forecast Valves"}]
        )
        cls.pump = cls.env["product.product"].create(
            {"name": "Pump", "categ_id": cls.pumps.id, "list_price": 300}
        )
        cls.valve = cls.env["product.product"].create(
            {"name": "Valve", "categ_id": cls.valves.id, "list_price": 100}
        )
        cls.won_stage = cls.env["crm.stage"].create({"name": "Signed", "is_won": True})

        def opportunity(name, user, partner, revenue, probability, deadline, **values):
            return {
                "name": name,
                "type": "opportunity",
                "user_id": user.id,
                "team_id": cls.team.id if user in (cls.rep | cls.teammate) else False,
                "partner_id": partner.id,
                "expected_revenue": revenue,
                "probability": probability,
                "date_deadline": deadline,
                **values,
            }

        Lead = cls.env["crm.lead"]
        cls.commit_lead = Lead.create(
            opportunity("Pumps and valves", cls.rep, cls.customer, 10000, 95, "2026-04-15")
        )
        cls.best_case_lead = Lead.create(
            opportunity("Spare parts", cls.rep, cls.customer, 5000, 60, "2026-05-20")
        )
        cls.forced_commit_lead = Lead.create(
            opportunity(
                "Service contract",
                cls.rep,
                cls.customer,
                2000,
                20,
                "2026-04-02",
                forecast_category_manual="commit",
            )
        )
        cls.omitted_lead = Lead.create(
            opportunity(
                "Long shot",
                cls.rep,
                cls.customer,
                3000,
                30,
                "2026-04-20",
                forecast_category_manual="omitted",
            )
        )
        cls.foreign_lead = Lead.create(
            opportunity("Foreign deal", cls.other_rep, cls.foreign_customer, 8000, 50, "2026-04-10")
        )
        cls.team_lead = Lead.create(
            opportunity("Team deal", cls.other_rep, cls.team_customer, 6000, 40, "2026-06-01")
        )
        cls.undated_lead = Lead.create(
            opportunity("Undated", cls.rep, cls.customer, 1000, 10, False)
        )
        cls.won_lead = Lead.create(
            opportunity("Won deal", cls.rep, cls.customer, 4000, 70, "2026-03-31")
        )
        cls.won_lead.stage_id = cls.won_stage
        cls.lost_lead = Lead.create(
            opportunity("Lost deal", cls.rep, cls.customer, 9000, 40, "2026-04-01")
        )
        cls.lost_lead.action_set_lost()
        # a quotation for the commit lead: 75% pumps, 25% valves
        cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "opportunity_id": cls.commit_lead.id,
                "order_line": [
                    Command.create({"product_id": cls.pump.id, "product_uom_qty": 3}),
                    Command.create({"product_id": cls.valve.id, "product_uom_qty": 3}),
                ],
            }
        )
        # repeat customers: the rep's buys pumps every 61 days, next on 2026-03-12, then every
        # 61 days to the horizon, for 1500 on average
        for day, amount in (("2025-09-10", 1000), ("2025-11-10", 1500), ("2026-01-10", 1200)):
            cls._create_invoice(cls.customer, day, amount, product=cls.pump)
        cls._create_invoice(cls.customer, "2026-01-10", 800, product=cls.pump)  # same day
        cls._create_invoice(cls.customer, "2023-01-10", 99999)  # no product: no cycle
        # valves twice only: no cycle
        for day in ("2025-12-01", "2026-02-01"):
            cls._create_invoice(cls.customer, day, 300, product=cls.valve)
        # the other rep's is overdue (next expected in the past): not forecast
        for day in ("2024-11-01", "2024-12-01", "2025-01-01"):
            cls._create_invoice(cls.foreign_customer, day, 700, product=cls.pump)
        # the team customer bought once only: no cycle
        cls._create_invoice(cls.team_customer, "2026-02-01", 500, product=cls.pump)
        cls.adjustment, cls.foreign_adjustment = cls.env["crm.forecast.adjustment"].create(
            [
                {
                    "period": "2026-04-17",
                    "user_id": cls.rep.id,
                    "team_id": cls.team.id,
                    "amount": -1200,
                    "reason": "Customer budget cut",
                },
                {
                    "period": "2026-04-01",
                    "user_id": cls.other_rep.id,
                    "amount": 2500,
                    "reason": "Big tender expected",
                },
            ]
        )

    # -- the independent computation -----------------------------------------------------

    def _expected_rows(self):
        """The forecast rows computed in plain Python from the records, as
        [(layer, month, user, partner, category, product category, measures)]."""
        commit, best_case = 90.0, 50.0
        rows = []
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("type", "=", "opportunity")])
        )
        for lead in leads:
            if lead.won_status == "won":
                category, day, weighted = "closed", lead.date_closed.date(), lead.expected_revenue
            elif lead.won_status == "pending" and lead.active:
                if lead.forecast_category_manual:
                    category = lead.forecast_category_manual
                elif lead.probability >= commit:
                    category = "commit"
                elif lead.probability >= best_case:
                    category = "best_case"
                else:
                    category = "pipeline"
                day = lead.date_deadline
                weighted = lead.expected_revenue * lead.probability / 100
            else:
                continue
            amounts = defaultdict(float)
            for line in lead.order_ids.filtered(lambda o: o.state != "cancel").order_line:
                if not line.display_type:
                    amounts[line.product_id.categ_id] += line.price_subtotal
            total = sum(amounts.values())
            shares = (
                {categ: amount / total for categ, amount in amounts.items()}
                if total
                else {self.env["product.category"].sudo(): 1.0}
            )
            for categ, share in shares.items():
                rows.append(
                    (
                        "opportunity",
                        month(day),
                        lead.user_id,
                        lead.partner_id.commercial_partner_id,
                        category,
                        categ,
                        {
                            "expected_revenue": lead.expected_revenue * share,
                            "weighted_revenue": weighted * share,
                            "repeat_revenue": 0.0,
                            "adjustment_amount": 0.0,
                            "forecast_amount": 0.0 if category == "omitted" else weighted * share,
                        },
                    )
                )
        # repeat customers: per customer and product bought on at least three days, the median
        # interval between purchases; from the next expected day (today if it has just passed,
        # within the 20% tolerance) every interval to the horizon, for the average purchase
        purchases = defaultdict(lambda: defaultdict(float))
        invoices = (
            self.env["account.move"]
            .sudo()
            .search([("move_type", "=", "out_invoice"), ("state", "=", "posted")])
        )
        for line in invoices.invoice_line_ids:
            if line.product_id and line.display_type == "product":
                key = (line.move_id.commercial_partner_id, line.product_id)
                purchases[key][line.move_id.invoice_date] += line.price_subtotal
        horizon = self.today + relativedelta(months=12)
        for (partner, product), by_day in purchases.items():
            if len(by_day) < 3:
                continue
            days = sorted(by_day)
            median = statistics.median((b - a).days for a, b in pairwise(days))
            if (self.today - days[-1]).days > median * 1.2:
                continue  # overdue
            interval = math.floor(median + 0.5)
            next_day = days[-1] + timedelta(days=interval)
            amount = sum(by_day.values()) / len(by_day)
            day = max(next_day, self.today)
            while day < horizon:
                rows.append(
                    (
                        "repeat",
                        month(day),
                        partner.user_id,
                        partner,
                        False,
                        product.categ_id,
                        {
                            "expected_revenue": 0.0,
                            "weighted_revenue": 0.0,
                            "repeat_revenue": amount,
                            "adjustment_amount": 0.0,
                            "forecast_amount": amount,
                        },
                    )
                )
                day += timedelta(days=interval)
        for adjustment in self.env["crm.forecast.adjustment"].sudo().search([]):
            rows.append(
                (
                    "adjustment",
                    month(adjustment.period),
                    adjustment.user_id,
                    self.env["res.partner"].sudo(),
                    False,
                    self.env["product.category"].sudo(),
                    {
                        "expected_revenue": 0.0,
                        "weighted_revenue": 0.0,
                        "repeat_revenue": 0.0,
                        "adjustment_amount": adjustment.amount,
                        "forecast_amount": adjustment.amount,
                    },
                )
            )
        return rows

    def _expected_totals(self, key):
        totals = defaultdict(lambda: defaultdict(float))
        for row in self._expected_rows():
            for measure, value in row[6].items():
                totals[key(row)][measure] += value
        return totals

    def _report_totals(self, report, groupby):
        measures = [*MEASURES, "forecast_amount"]
        groups = report._read_group([], groupby, [f"{m}:sum" for m in measures])
        return {
            tuple(group[: len(groupby)]): dict(zip(measures, group[len(groupby) :], strict=True))
            for group in groups
        }

    def _assert_totals_equal(self, report_totals, expected_totals):
        expected_totals = {
            key: figures
            for key, figures in expected_totals.items()
            if any(abs(value) > 1e-6 for value in figures.values())
        }
        self.assertEqual(set(report_totals), set(expected_totals))
        for key, figures in expected_totals.items():
            for measure, value in figures.items():
                self.assertAlmostEqual(
                    report_totals[key][measure], value, places=2, msg=f"{key} {measure}"
                )

    # -- tests ------------------------------------------------------------------------------

    @users("head")
    def test_forecast_by_month_layer_and_salesperson(self):
        report = self.env["crm.forecast.report"]
        totals = self._report_totals(report, ["date:month", "layer", "user_id"])
        expected = self._expected_totals(lambda row: (row[1], row[0], row[2]))
        self._assert_totals_equal(totals, expected)
        # spot checks of the figures a head of sales reads
        april_rep = totals[(date(2026, 4, 1), "opportunity", self.rep)]
        self.assertAlmostEqual(april_rep["weighted_revenue"], 9500 + 400 + 900)
        self.assertAlmostEqual(april_rep["forecast_amount"], 9500 + 400)  # long shot omitted
        march_repeat = totals[(date(2026, 3, 1), "repeat", self.rep)]
        self.assertAlmostEqual(march_repeat["repeat_revenue"], (1000 + 1500 + 2000) / 3)
        self.assertNotIn((date(2026, 3, 1), "repeat", self.other_rep), totals)
        # the pumps are expected again every 61 days up to the 12-month horizon
        repeat_months = sorted(key[0] for key in totals if key[1] == "repeat")
        self.assertEqual(
            repeat_months,
            [date(2026, m, 1) for m in (3, 5, 7, 9, 11)] + [date(2027, 1, 1)],
        )
        self.assertAlmostEqual(
            totals[(date(2026, 4, 1), "adjustment", self.rep)]["adjustment_amount"], -1200
        )

    @users("head")
    def test_forecast_by_quarter_team_territory_category(self):
        report = self.env["crm.forecast.report"]
        self._assert_totals_equal(
            self._report_totals(report, ["date:quarter", "forecast_category"]),
            self._expected_totals(
                lambda row: (
                    row[1].replace(month=(row[1].month - 1) // 3 * 3 + 1) if row[1] else False,
                    row[4],
                )
            ),
        )
        self._assert_totals_equal(
            self._report_totals(report, ["territory_id", "product_categ_id"]),
            self._expected_totals(lambda row: (row[3].territory_id, row[5])),
        )
        by_categ = self._report_totals(report, ["product_categ_id"])
        self.assertAlmostEqual(by_categ[(self.pumps,)]["weighted_revenue"], 9500 * 0.75)
        self.assertAlmostEqual(by_categ[(self.valves,)]["weighted_revenue"], 9500 * 0.25)
        by_team = self._report_totals(report, ["team_id"])
        self.assertIn((self.team,), by_team)

    @users("head")
    def test_read_without_category_counts_opportunities(self):
        """Read without the product category, the opportunities are not split: the sums are
        the same and the count is of opportunities."""
        report = self.env["crm.forecast.report"]
        domain = [("layer", "=", "opportunity")]
        [(weighted, count)] = report._read_group(domain, [], ["weighted_revenue:sum", "__count"])
        by_categ = report._read_group(
            domain, ["product_categ_id"], ["weighted_revenue:sum", "__count"]
        )
        self.assertAlmostEqual(weighted, sum(group[1] for group in by_categ))
        opportunities = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("type", "=", "opportunity"),
                    "|",
                    ("won_status", "=", "won"),
                    "&",
                    ("active", "=", True),
                    ("won_status", "=", "pending"),
                ]
            )
        )
        self.assertEqual(count, opportunities)
        self.assertEqual(sum(group[2] for group in by_categ), count + 1, "pumps and valves")

    def test_forecast_category_defaults_and_override(self):
        lead = self.env["crm.lead"].with_user(self.rep)
        self.assertEqual(self.commit_lead.forecast_category, "commit")
        self.assertEqual(self.best_case_lead.forecast_category, "best_case")
        self.assertEqual(self.undated_lead.forecast_category, "pipeline")
        self.assertEqual(self.forced_commit_lead.forecast_category, "commit")
        self.assertEqual(self.won_lead.forecast_category, "closed")
        self.assertEqual(self.lost_lead.forecast_category, "omitted")
        # the salesperson overrides it in the form, and it stays when the probability moves
        with Form(self.best_case_lead.with_user(self.rep)) as form:
            form.forecast_category = "commit"
        self.assertEqual(self.best_case_lead.forecast_category_manual, "commit")
        self.best_case_lead.probability = 10
        self.assertEqual(self.best_case_lead.forecast_category, "commit")
        # choosing the automatic category again follows the probability from then on
        self.best_case_lead.with_user(self.rep).forecast_category = "pipeline"
        self.assertFalse(self.best_case_lead.forecast_category_manual)
        self.best_case_lead.probability = 55
        self.assertEqual(self.best_case_lead.forecast_category, "best_case")
        # searchable
        commits = lead.search([("forecast_category", "=", "commit")])
        self.assertIn(self.commit_lead, commits)
        self.assertIn(self.forced_commit_lead, commits)
        self.assertNotIn(self.best_case_lead, commits)
        closed = lead.with_context(active_test=False).search([("forecast_category", "=", "closed")])
        self.assertEqual(closed & (self.won_lead | self.lost_lead), self.won_lead)
        omitted = lead.with_context(active_test=False).search(
            [("forecast_category", "=", "omitted")]
        )
        self.assertIn(self.omitted_lead, omitted)
        self.assertIn(self.lost_lead, omitted)

    @users("rep")
    def test_salesperson_sees_only_their_customers(self):
        report = self.env["crm.forecast.report"]
        rows = report.search([])
        self.assertTrue(rows)
        visible_partners = self.customer | self.team_customer
        for row in rows:
            self.assertTrue(
                row.user_id == self.rep
                or row.partner_id in visible_partners
                or (row.layer == "repeat" and row.team_id == self.team),
                f"{row.layer} row of {row.partner_id.name} / {row.user_id.name} is visible",
            )
        self.assertIn(self.team_lead, rows.lead_id, "a customer shared with the team")
        self.assertNotIn(self.foreign_lead, rows.lead_id)
        self.assertEqual(rows.filtered(lambda r: r.layer == "adjustment").user_id, self.rep)
        # the totals hold their customers' figures only
        expected = self._expected_totals(lambda row: row[0])
        foreign = self._expected_rows()
        for layer, _month, user, partner, _cat, _categ, figures in foreign:
            if not (user == self.rep or partner in visible_partners):
                for measure, value in figures.items():
                    expected[layer][measure] -= value
        self._assert_totals_equal(
            self._report_totals(report, ["layer"]),
            {(layer,): figures for layer, figures in expected.items()},
        )
        # a row of another salesperson's customer cannot be read by id
        foreign_row = report.sudo().search([("lead_id", "=", self.foreign_lead.id)], limit=1)
        with self.assertRaises(AccessError):
            foreign_row.with_user(self.rep).read(["forecast_amount"])

    @users("head")
    def test_head_of_sales_sees_all(self):
        rows = self.env["crm.forecast.report"].search([])
        self.assertIn(self.foreign_lead, rows.lead_id)
        self.assertIn(self.foreign_adjustment.user_id, rows.user_id)

    def test_adjustment_history(self):
        adjustment = self.adjustment.with_user(self.head)
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        adjustment.write({"amount": -1500, "reason": "Budget cut confirmed"})
        self.env.cr.precommit.run()
        self.assertEqual(adjustment.period, date(2026, 4, 1), "kept as the first of the month")
        tracked = adjustment.sudo().message_ids.tracking_value_ids
        amounts = tracked.filtered(lambda t: t.field_id.name == "amount")
        self.assertEqual((amounts.old_value_float, amounts.new_value_float), (-1200.0, -1500.0))
        self.assertIn("reason", tracked.field_id.mapped("name"))
        # the salesperson reads their own adjustments only, and changes none
        mine = self.env["crm.forecast.adjustment"].with_user(self.rep).search([])
        self.assertEqual(mine, self.adjustment)
        with self.assertRaises(AccessError):
            self.adjustment.with_user(self.rep).write({"amount": 0})
        with self.assertRaises(AccessError):
            self.env["crm.forecast.adjustment"].with_user(self.rep).create(
                {"user_id": self.rep.id, "amount": 1, "reason": "More"}
            )
        with self.assertRaises(AccessError):
            self.foreign_adjustment.with_user(self.rep).read(["amount"])

    @users("rep")
    def test_xlsx_export(self):
        export = self.env["crm.forecast.export"].create(
            {"date_from": "2026-03-01", "date_to": "2026-06-30"}
        )
        action = export.action_export()
        self.assertIn("download=true", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file)), data_only=True)
        sheet = book["Forecast"]
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(
            header,
            [
                "Month",
                "Closed",
                "Commit",
                "Best Case",
                "Pipeline",
                "Repeat Customers",
                "Adjustments",
                "Forecast",
            ],
        )
        by_month = {
            row[0].value.date(): [cell.value for cell in row[1:]]
            for row in sheet.iter_rows(min_row=4)
            if hasattr(row[0].value, "date")
        }
        self.assertEqual(
            by_month[date(2026, 3, 1)], [4000, 0, 0, 0, 1500, 0, 5500], "won deal and reorder"
        )
        # April: commit 9500 + 400 (forced); the long shot is omitted; the adjustment -1200;
        # the other rep's 4000 and 2500 are not theirs to see
        self.assertEqual(by_month[date(2026, 4, 1)], [0, 9900, 0, 0, 0, -1200, 8700])
        self.assertEqual(by_month[date(2026, 6, 1)], [0, 0, 0, 2400, 0, 0, 2400])
        total_row = [cell.value for cell in sheet[3 + len(by_month) + 1]]
        self.assertEqual(total_row[0], "Total")
        self.assertAlmostEqual(total_row[-1], sum(values[-1] for values in by_month.values()))
        people = book["By Salesperson"]
        forecast_by_name = {row[0].value: row[4].value for row in people.iter_rows(min_row=4)}
        # the other rep appears with the deal of the customer shared with the team only
        self.assertEqual(forecast_by_name[self.other_rep.name], 2400)
        # the undated opportunity is outside any range of months
        self.assertEqual(forecast_by_name[self.rep.name], 4000 + 1500 + 9900 - 1200 + 3000 + 1500)
        self.assertIn("Accuracy", book.sheetnames)

    def test_export_rejects_reversed_dates(self):
        with self.assertRaises(ValidationError):
            self.env["crm.forecast.export"].create(
                {"date_from": "2026-06-01", "date_to": "2026-03-01"}
            )

    def test_report_date_is_today_based(self):
        """The repeat layer starts with the current month: a month later, March's reorder is
        past (until the nightly refresh computes the cycles again) and May's is still due."""
        with freeze_time(fields.Date.to_date(TODAY) + timedelta(days=30)):
            rows = self.env["crm.forecast.report"].search([("layer", "=", "repeat")])
            self.assertEqual(min(rows.mapped("date")), date(2026, 5, 1))

    def test_repeat_layer_follows_posted_invoices(self):
        """A customer's third purchase of a product makes a cycle: posting it puts the
        customer's expected reorders in the forecast at once."""
        report = self.env["crm.forecast.report"]
        domain = [("layer", "=", "repeat"), ("user_id", "=", self.other_rep.id)]
        self.assertFalse(report.search(domain))
        self._create_invoice(self.team_customer, "2026-02-15", 700, product=self.pump)
        self.assertFalse(report.search(domain), "two purchases are no cycle yet")
        third = self._create_invoice(self.team_customer, "2026-03-01", 900, product=self.pump)
        rows = report.search(domain)
        # every 14 days from 2026-03-15 to 2027-03-09, for (500 + 700 + 900) / 3 each
        reorders = len(range(0, (date(2027, 3, 10) - date(2026, 3, 15)).days, 14))
        self.assertAlmostEqual(sum(rows.mapped("repeat_revenue")), 700 * reorders)
        self.assertEqual(rows.product_categ_id, self.pumps)
        self.assertEqual(rows.team_id, self.team)
        self.assertFalse(rows.partner_id, "summed over the customers")
        # the rep sees them: the customer is shared with the rep's team
        self.assertEqual(report.with_user(self.rep).search(domain), rows)
        # the sums moved by the customer's rows are those a full rebuild finds; resetting the
        # third purchase to draft takes the customer's reorders away again
        self.assertEqual(self._repeat_sums(), self._repeat_sums(rebuild=True))
        third.button_draft()
        self.assertFalse(report.search(domain))
        self.assertEqual(self._repeat_sums(), self._repeat_sums(rebuild=True))
        self.assertTrue(report.search([("layer", "=", "repeat"), ("user_id", "=", self.rep.id)]))

    def _repeat_sums(self, rebuild=False):
        Total = self.env["crm.forecast.repeat.total"].sudo()
        if rebuild:
            Total._rebuild()
        return sorted(
            (
                row.date,
                row.user_id,
                row.team_id,
                row.product_categ_id,
                row.reorder_count,
                round(row.amount, 2),
            )
            for row in Total.search([])
        )

    def test_category_split_follows_quotations(self):
        """Changing, adding or cancelling quotation lines moves the opportunity's split at once;
        the nightly rewrite finds the same shares."""
        Share = self.env["crm.lead.categ.share"]

        def shares():
            rows = Share.search([("lead_id", "=", self.commit_lead.id)])
            return {row.categ_id: round(row.share, 4) for row in rows}

        self.assertEqual(shares(), {self.pumps: 0.75, self.valves: 0.25})
        quotation = self.commit_lead.order_ids
        valve_line = quotation.order_line.filtered(lambda line: line.product_id == self.valve)
        valve_line.product_uom_qty = 9  # 900 pumps, 900 valves
        self.assertEqual(shares(), {self.pumps: 0.5, self.valves: 0.5})
        other = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": self.best_case_lead.id,
                "order_line": [Command.create({"product_id": self.pump.id})],
            }
        )
        other.opportunity_id = self.commit_lead  # 1200 pumps, 900 valves
        self.assertEqual(shares(), {self.pumps: round(1200 / 2100, 4), self.valves: 0.4286})
        self.assertFalse(Share.search([("lead_id", "=", self.best_case_lead.id)]))
        before = shares()
        self.env["crm.forecast.snapshot"]._cron_take_snapshot()
        self.assertEqual(shares(), before)
        (quotation | other).action_cancel()
        self.assertEqual(shares(), {})
        by_categ = self._report_totals(self.env["crm.forecast.report"], ["product_categ_id"])
        self.assertEqual(by_categ[(self.pumps,)]["weighted_revenue"], 0.0, "reorders only")
        self.assertAlmostEqual(
            by_categ[(self.env["product.category"],)]["weighted_revenue"],
            sum(row[6]["weighted_revenue"] for row in self._expected_rows() if not row[5]),
        )

    @users("rep", "head")
    def test_stored_rows_are_internal(self):
        """The split and the expected reorders are read through the forecast report only."""
        for model in ("crm.lead.categ.share", "crm.forecast.repeat"):
            with self.assertRaises(AccessError):
                self.env[model].search([])
        self.assertTrue(self.env["crm.lead.categ.share"].sudo().search([]))
        self.assertTrue(self.env["crm.forecast.repeat"].sudo().search([]))
