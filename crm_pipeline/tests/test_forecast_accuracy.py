import base64
import io
from collections import defaultdict
from datetime import date, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import CrmPipelineCase

TODAY = "2026-05-15"


def month(day):
    return day.replace(day=1)


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestForecastAccuracy(CrmPipelineCase):
    """Pipeline snapshots, the back-test of the forecast and the close-date slips, against a
    plain Python count over the snapshots and invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date.fromisoformat(TODAY)
        cls.Snapshot = cls.env["crm.forecast.snapshot"]
        cls.service = cls.env["product.product"].create(
            {"name": "Installation", "type": "service", "invoice_policy": "order"}
        )
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(
            {
                "name": "A",
                "type": "opportunity",
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
                "expected_revenue": 10000,
                "probability": 50,
                "date_deadline": "2026-03-20",
            }
        )
        cls.lead_b = Lead.create(
            {
                "name": "B",
                "type": "opportunity",
                "user_id": cls.other_rep.id,
                "team_id": False,
                "partner_id": cls.foreign_customer.id,
                "expected_revenue": 4000,
                "probability": 80,
                "date_deadline": "2026-04-05",
            }
        )
        cls.lead_c = Lead.create(
            {
                "name": "C",
                "type": "opportunity",
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
                "expected_revenue": 6000,
                "probability": 30,
                "date_deadline": "2026-02-10",
            }
        )
        cls.Snapshot._take_snapshot(date(2025, 12, 1))
        cls.lead_a.write({"date_deadline": "2026-04-10", "probability": 60})  # slips 21 days
        cls.lead_c.date_deadline = "2026-03-01"  # slips 19 days
        cls.Snapshot._take_snapshot(date(2026, 1, 1))
        cls.lead_b.expected_revenue = 5000
        cls.lead_c.date_deadline = "2026-02-20"  # pulled in: no slip
        cls.Snapshot._take_snapshot(date(2026, 2, 1))
        cls.Snapshot._take_snapshot(date(2026, 3, 1))
        cls.lead_c.action_set_lost()
        cls.lead_a.date_deadline = "2026-04-30"  # slips 20 days
        cls.Snapshot._take_snapshot(date(2026, 4, 1))
        cls._invoice(cls.lead_a, 9000, "2026-04-20")
        cls._invoice(cls.lead_b, 1000, "2026-03-28")
        cls._invoice(cls.lead_b, 3000, "2026-04-25")
        cls._invoice(cls.lead_b, 700, "2026-05-02")  # this month: not over yet
        cls._create_invoice(cls.customer, "2026-04-11", 555)  # no opportunity behind it

    @classmethod
    def _invoice(cls, lead, amount, invoice_date):
        order = cls.env["sale.order"].create(
            {
                "partner_id": lead.partner_id.id,
                "opportunity_id": lead.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.service.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = invoice_date
        invoice.action_post()
        return invoice

    # -- the independent computation -----------------------------------------------------

    def _snapshots(self):
        return self.env["crm.forecast.snapshot"].sudo().search([])

    def _expected_backtest(self):
        """{(month, horizon, user, team): [forecast, invoiced]} in plain Python."""
        snapshots = self._snapshots()
        days = sorted(set(snapshots.mapped("date")))
        last_month = month(self.today) - relativedelta(months=1)
        actual = defaultdict(float)
        invoices = (
            self.env["account.move"]
            .sudo()
            .search([("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")])
        )
        for invoice in invoices:
            if invoice.invoice_date >= month(self.today):
                continue
            for line in invoice.invoice_line_ids:
                for lead in line.sale_line_ids.order_id.opportunity_id:
                    key = (month(invoice.invoice_date), lead.user_id, lead.team_id)
                    actual[key] += -line.balance
        expected = {}
        period = month(days[0])
        while period <= last_month:
            for horizon in (30, 60, 90):
                as_of = [day for day in days if day <= period - timedelta(days=horizon)]
                if not as_of:
                    continue
                rows = defaultdict(lambda: [0.0, 0.0])
                for snap in snapshots.filtered(lambda s, d=as_of[-1]: s.date == d):
                    if snap.date_deadline and month(snap.date_deadline) == period:
                        rows[(snap.user_id, snap.team_id)][0] += (
                            snap.expected_revenue * snap.probability / 100
                        )
                for (actual_month, user, team), amount in actual.items():
                    if actual_month == period:
                        rows[(user, team)][1] += amount
                for (user, team), figures in rows.items():
                    expected[(period, str(horizon), user, team)] = figures
            period += relativedelta(months=1)
        return expected

    def _expected_slips(self):
        """{(lead, month): (slips, days slipped)} in plain Python."""
        by_lead = defaultdict(list)
        for snap in self._snapshots():
            by_lead[snap.lead_id].append(snap)
        slips = {}
        for lead, snaps in by_lead.items():
            snaps.sort(key=lambda s: s.date)
            previous = None
            for snap in snaps:
                count, days = slips.get((lead, month(snap.date)), (0, 0))
                if previous and previous.date_deadline and snap.date_deadline:
                    shift = (snap.date_deadline - previous.date_deadline).days
                    if shift > 0:
                        count, days = count + 1, days + shift
                slips[(lead, month(snap.date))] = (count, days)
                previous = snap
        return slips

    def _report_backtest(self, report):
        groups = report._read_group(
            [],
            ["period:month", "horizon", "user_id", "team_id"],
            ["forecast_amount:sum", "actual_amount:sum"],
        )
        return {tuple(group[:4]): [group[4], group[5]] for group in groups}

    def _assert_backtest_equal(self, got, expected):
        self.assertEqual(set(got), set(expected))
        for key, (forecast, actual) in expected.items():
            self.assertAlmostEqual(got[key][0], forecast, places=2, msg=f"forecast {key}")
            self.assertAlmostEqual(got[key][1], actual, places=2, msg=f"invoiced {key}")

    # -- snapshots --------------------------------------------------------------------------

    def test_snapshot_rows(self):
        snapshots = self._snapshots()
        self.assertEqual(len(snapshots.filtered(lambda s: s.date == date(2025, 12, 1))), 3)
        april = snapshots.filtered(lambda s: s.date == date(2026, 4, 1))
        self.assertEqual(april.lead_id, self.lead_a | self.lead_b, "lost C is not open")
        snap_a = april.filtered(lambda s: s.lead_id == self.lead_a)
        self.assertEqual(
            (snap_a.stage_id, snap_a.user_id, snap_a.team_id),
            (self.lead_a.stage_id, self.rep, self.team),
        )
        self.assertEqual(
            (snap_a.expected_revenue, snap_a.probability, snap_a.date_deadline),
            (10000, 60, date(2026, 4, 30)),
        )

    def test_snapshot_idempotent_and_one_query(self):
        day = date(2026, 5, 10)
        with self.assertQueryCount(1):
            added = self.Snapshot._take_snapshot(day)
        self.assertEqual(added, 2)
        count = self.Snapshot.search_count([])
        with self.assertQueryCount(1):
            self.assertEqual(self.Snapshot._take_snapshot(day), 0)
        self.assertEqual(self.Snapshot.search_count([]), count)
        # as cheap for 40 more opportunities
        self.env["crm.lead"].create(
            [{"name": f"Bulk {i}", "type": "opportunity", "expected_revenue": i} for i in range(40)]
        )
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.assertEqual(self.Snapshot._take_snapshot(day + timedelta(days=1)), 42)

    def test_snapshot_cron(self):
        cron = self.env.ref("crm_pipeline.ir_cron_forecast_snapshot")
        self.assertEqual(cron.model_id.model, "crm.forecast.snapshot")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        safe_eval(cron.code, {"model": self.Snapshot})
        today_rows = self.Snapshot.search([("date", "=", self.today)])
        self.assertEqual(today_rows.lead_id, self.lead_a | self.lead_b)
        safe_eval(cron.code, {"model": self.Snapshot})
        self.assertEqual(self.Snapshot.search_count([("date", "=", self.today)]), 2)

    # -- back-test --------------------------------------------------------------------------

    @users("head")
    def test_backtest_matches_python(self):
        report = self.env["crm.forecast.accuracy.report"]
        expected = self._expected_backtest()
        self._assert_backtest_equal(self._report_backtest(report), expected)
        # spot checks: April 30 days ahead reads the 2026-03-01 snapshot
        april_a = expected[(date(2026, 4, 1), "30", self.rep, self.team)]
        self.assertEqual(april_a, [6000.0, 9000.0])
        april_b = expected[(date(2026, 4, 1), "30", self.other_rep, self.env["crm.team"])]
        self.assertEqual(april_b, [4000.0, 3000.0])
        # 90 days ahead of April is 2026-01-01: A was already expected in April at 60%
        self.assertEqual(expected[(date(2026, 4, 1), "90", self.rep, self.team)], [6000.0, 9000.0])
        self.assertNotIn((date(2026, 5, 1), "30", self.other_rep, self.env["crm.team"]), expected)

    @users("head")
    def test_mape_and_bias(self):
        report = self.env["crm.forecast.accuracy.report"]
        expected = self._expected_backtest()
        for horizon in ("30", "60", "90"):
            for field, index in (("user_id", 2), ("team_id", 3)):
                metrics = report._accuracy_metrics([("horizon", "=", horizon)], field)
                by_group = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
                for key, (forecast, actual) in expected.items():
                    if key[1] == horizon:
                        by_group[key[index].id][key[0]][0] += forecast
                        by_group[key[index].id][key[0]][1] += actual
                self.assertEqual(set(metrics), set(by_group))
                for group, months in by_group.items():
                    apes = [abs(f - a) / abs(a) * 100 for f, a in months.values() if a]
                    total_f = sum(f for f, _a in months.values())
                    total_a = sum(a for _f, a in months.values())
                    mape = sum(apes) / len(apes) if apes else None
                    bias = (total_f - total_a) / abs(total_a) * 100 if total_a else None
                    got = metrics[group]
                    for name, value in (("mape", mape), ("bias", bias)):
                        if value is None:
                            self.assertIsNone(got[name])
                        else:
                            self.assertAlmostEqual(got[name], value, places=4, msg=name)
        rep_30 = report._accuracy_metrics([("horizon", "=", "30")], "user_id")[self.rep.id]
        # March: C forecast for 1800, nothing invoiced (no error ratio); April: 6000 vs 9000
        self.assertAlmostEqual(rep_30["mape"], 100 / 3)
        self.assertAlmostEqual(rep_30["bias"], (7800 - 9000) / 9000 * 100)

    @users("rep")
    def test_salesperson_sees_own_accuracy(self):
        rows = self.env["crm.forecast.accuracy.report"].search([])
        self.assertTrue(rows)
        self.assertEqual(rows.user_id, self.rep)
        chart = self.env["crm.forecast.accuracy.chart"].search([])
        self.assertEqual(chart.user_id, self.rep)
        slips = self.env["crm.forecast.slip.report"].search([])
        self.assertEqual(slips.lead_id, self.lead_a | self.lead_c)

    @users("head")
    def test_head_sees_all_accuracy(self):
        rows = self.env["crm.forecast.accuracy.report"].search([])
        self.assertEqual(rows.user_id, self.rep | self.other_rep)

    @users("head")
    def test_chart_forecast_versus_invoiced(self):
        chart = self.env["crm.forecast.accuracy.chart"]
        groups = chart._read_group(
            [("horizon", "=", "30")], ["period:month", "series"], ["amount:sum"]
        )
        got = {(period, series): amount for period, series, amount in groups}
        expected = defaultdict(float)
        for (period, horizon, _user, _team), (
            forecast,
            actual,
        ) in self._expected_backtest().items():
            if horizon == "30":
                expected[(period, "forecast")] += forecast
                expected[(period, "actual")] += actual
        self.assertEqual(set(got), set(expected))
        for key, value in expected.items():
            self.assertAlmostEqual(got[key], value, places=2)

    @users("head")
    def test_slips_match_python(self):
        report = self.env["crm.forecast.slip.report"]
        groups = report._read_group(
            [], ["lead_id", "period:month"], ["slip_count:sum", "slip_days:sum"]
        )
        got = {(lead, period): (count, days) for lead, period, count, days in groups}
        self.assertEqual(got, self._expected_slips())
        self.assertEqual(got[(self.lead_a, date(2026, 1, 1))], (1, 21))
        self.assertEqual(got[(self.lead_a, date(2026, 4, 1))], (1, 20))
        self.assertEqual(got[(self.lead_c, date(2026, 2, 1))], (0, 0), "pulled in")
        by_user = report._read_group([], ["user_id"], ["slip_rate:avg", "slip_days_avg:avg"])
        rates = {user: (rate, days) for user, rate, days in by_user}
        # the rep: 9 opportunity-months, 3 of them with a slip of 21, 19 and 20 days
        self.assertAlmostEqual(rates[self.rep][0], 100 * 3 / 9)
        self.assertAlmostEqual(rates[self.rep][1], 20)
        self.assertEqual(rates[self.other_rep][0], 0)

    @users("head")
    def test_xlsx_accuracy_sheet(self):
        export = self.env["crm.forecast.export"].create(
            {"date_from": "2026-01-01", "date_to": "2026-04-30"}
        )
        export.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file)), data_only=True)
        sheet = book["Accuracy"]
        self.assertEqual(sheet["A3"].value, "Month")
        rows = {
            (row[0].value.date(), row[1].value): [cell.value for cell in row[2:]]
            for row in sheet.iter_rows(min_row=4)
            if hasattr(row[0].value, "date")
        }
        forecast, actual, error, ape = rows[(date(2026, 4, 1), "30 Days Ahead")]
        self.assertEqual((forecast, actual, error), (10000, 12000, -2000))
        self.assertAlmostEqual(ape, 2000 / 12000 * 100)
        expected = self._expected_backtest()
        total_forecast = sum(
            f
            for (period, _h, _u, _t), (f, _a) in expected.items()
            if date(2026, 1, 1) <= period <= date(2026, 4, 30)
        )
        slips = book["Slips"]
        self.assertEqual(
            [cell.value for cell in slips[3]],
            ["Salesperson", "Opportunities", "Slips", "Days Slipped", "Average Slip (Days)"],
        )
        by_name = {row[0].value: [c.value for c in row[1:]] for row in slips.iter_rows(min_row=4)}
        # January to April: A (4 months) slipped in January (21 days) and April (20), C (3
        # months, lost before April) in January (19)
        self.assertEqual(by_name[self.rep.name], [4 + 3, 3, 60, 20])
        self.assertEqual(by_name[self.other_rep.name], [4, 0, 0, None])
        total_row = sheet[4 + len(rows)]
        self.assertEqual(total_row[0].value, "Total")
        self.assertAlmostEqual(total_row[2].value, total_forecast)
