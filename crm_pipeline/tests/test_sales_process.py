import base64
import io
import itertools
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .common import CrmPipelineCase

T0 = datetime(2026, 1, 5, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestSalesProcess(CrmPipelineCase):
    """Opportunities moved through the stages at known times; every figure of the sales process
    analysis is checked against a plain Python computation over the same story."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.process_team = cls.env["crm.team"].create(
            {
                "name": "Process Team",
                "member_ids": [Command.set((cls.rep | cls.other_rep).ids)],
            }
        )
        Stage = cls.env["crm.stage"]
        team_ids = [Command.set(cls.process_team.ids)]
        cls.s_new = Stage.create({"name": "P New", "sequence": 1, "team_ids": team_ids})
        cls.s_qual = Stage.create({"name": "P Qualified", "sequence": 2, "team_ids": team_ids})
        cls.s_prop = Stage.create({"name": "P Proposal", "sequence": 3, "team_ids": team_ids})
        cls.s_won = Stage.create(
            {"name": "P Won", "sequence": 10, "is_won": True, "team_ids": team_ids}
        )
        cls.source_web = cls.env["utm.source"].create({"name": "P Website"})
        cls.source_fair = cls.env["utm.source"].create({"name": "P Trade Fair"})
        cls.reason_price = cls.env["crm.lost.reason"].create({"name": "P Too expensive"})
        cls.north = cls.env["crm.territory"].create({"name": "P North"})
        cls.south = cls.env["crm.territory"].create({"name": "P South"})
        cls.customer.territory_id = cls.north
        cls.foreign_customer.territory_id = cls.south

        # The story: (lead, [(when, stage entered)], closing: ("won"|"lost", when) or None)
        cls.story = {}
        cls.lead_won = cls._lead(
            "Won deal",
            cls.rep,
            cls.customer,
            cls.source_web,
            [
                (T0, cls.s_new),
                (T0 + timedelta(days=2), cls.s_qual),
                (T0 + timedelta(days=5), cls.s_prop),
                (T0 + timedelta(days=6, hours=12), cls.s_qual),
                (T0 + timedelta(days=10), cls.s_won),
            ],
            expected_revenue=5000,
        )
        cls.lead_lost = cls._lead(
            "Lost deal",
            cls.other_rep,
            cls.foreign_customer,
            cls.source_fair,
            [(T0, cls.s_new), (T0 + timedelta(days=1), cls.s_prop)],
            lost_at=T0 + timedelta(days=4),
            expected_revenue=3000,
        )
        cls.lead_open = cls._lead(
            "Open deal",
            cls.rep,
            cls.customer,
            cls.source_fair,
            [(T0 + timedelta(days=1), cls.s_new), (T0 + timedelta(days=3), cls.s_qual)],
            expected_revenue=2000,
        )
        cls.lead_won_fast = cls._lead(
            "Fast won deal",
            cls.other_rep,
            cls.foreign_customer,
            cls.source_web,
            [(T0, cls.s_new), (T0 + timedelta(hours=12), cls.s_won)],
            expected_revenue=1000,
        )
        cls.leads = cls.lead_won | cls.lead_lost | cls.lead_open | cls.lead_won_fast
        cls.env.cr.execute("SELECT NOW() AT TIME ZONE 'UTC'")
        cls.db_now = cls.env.cr.fetchone()[0]

    @classmethod
    @contextmanager
    def _at(cls, when):
        with freeze_time(when), patch.object(cls.env.cr, "now", return_value=when):
            yield
            cls.env.flush_all()
            cls.env.cr.flush()  # runs the precommit hooks that write the stage tracking

    @classmethod
    def _lead(cls, name, user, partner, source, moves, lost_at=None, expected_revenue=0):
        (created, first_stage), *later = moves
        with cls._at(created):
            lead = cls.env["crm.lead"].create(
                {
                    "name": name,
                    "type": "opportunity",
                    "user_id": user.id,
                    "team_id": cls.process_team.id,
                    "partner_id": partner.id,
                    "source_id": source.id,
                    "stage_id": first_stage.id,
                    "expected_revenue": expected_revenue,
                }
            )
        for when, stage in later:
            with cls._at(when):
                lead.write({"stage_id": stage.id})
        closing = None
        if lost_at:
            with cls._at(lost_at):
                lead.action_set_lost(lost_reason_id=cls.reason_price.id)
            closing = ("lost", lost_at)
        elif moves[-1][1].is_won:
            closing = ("won", moves[-1][0])
        cls.story[lead] = {"moves": moves, "closing": closing}
        return lead

    # Independent computation of the expected figures -----------------------------------

    def _expected_stage_days(self):
        """{(lead, stage): days}: the time between entering a stage and entering the next one,
        the last stage counting until now (open) or the closing (lost), not at all if won."""
        days = defaultdict(float)
        for lead, story in self.story.items():
            moves = story["moves"]
            for (entered, stage), (left, _next) in itertools.pairwise(moves):
                days[(lead, stage)] += (left - entered).total_seconds() / 86400
            last_entered, last_stage = moves[-1]
            closing = story["closing"]
            if closing is None:
                days[(lead, last_stage)] += (self.db_now - last_entered).total_seconds() / 86400
            elif closing[0] == "lost":
                days[(lead, last_stage)] += (closing[1] - last_entered).total_seconds() / 86400
            else:
                days[(lead, last_stage)] = None
        return dict(days)

    def _expected_reached_advanced(self):
        reached, advanced = defaultdict(int), defaultdict(int)
        for story in self.story.values():
            stages = {stage for _when, stage in story["moves"]}
            furthest = max(stages, key=lambda stage: (stage.sequence, stage.id))
            for stage in stages:
                reached[stage] += 1
                if (stage.sequence, stage.id) < (furthest.sequence, furthest.id):
                    advanced[stage] += 1
        return reached, advanced

    def _expected_outcome(self, key):
        """Per key(lead): opportunities, won, lost, win rate (%), average cycle (days)."""
        result = {}
        groups = defaultdict(list)
        for lead, story in self.story.items():
            groups[key(lead)].append((lead, story))
        for group, items in groups.items():
            won = sum(1 for _lead, story in items if (story["closing"] or ("",))[0] == "won")
            lost = sum(1 for _lead, story in items if (story["closing"] or ("",))[0] == "lost")
            cycles = [
                (story["closing"][1] - story["moves"][0][0]).total_seconds() / 86400
                for _lead, story in items
                if story["closing"]
            ]
            result[group] = {
                "count": len(items),
                "won": won,
                "lost": lost,
                "win_rate": 100.0 * won / (won + lost) if won + lost else None,
                "cycle": sum(cycles) / len(cycles) if cycles else None,
            }
        return result

    # Tests ---------------------------------------------------------------------------

    def _report(self, user=None):
        report = self.env["crm.sales.process.report"]
        if user:
            report = report.with_user(user)
        return report.search([("lead_id", "in", self.leads.ids)])

    def test_time_in_stage(self):
        expected = self._expected_stage_days()
        rows = self._report(self.head)
        self.assertEqual(
            {(row.lead_id, row.stage_id) for row in rows},
            set(expected),
            "one row per opportunity and stage it has been in",
        )
        for row in rows:
            wanted = expected[(row.lead_id, row.stage_id)]
            if wanted is None:
                self.assertFalse(row.days_in_stage, "no time counted in the won stage")
            else:
                self.assertAlmostEqual(
                    row.days_in_stage,
                    wanted,
                    places=4,
                    msg=f"{row.lead_id.name} in {row.stage_id.name}",
                )
        # the same as Odoo's own per-record computation for the stages left
        for lead in self.leads:
            for stage_id, seconds in lead.duration_tracking.items():
                if int(stage_id) == lead.stage_id.id:
                    continue
                row = rows.filtered(
                    lambda row, lead=lead, stage_id=stage_id: (
                        row.lead_id == lead and row.stage_id.id == int(stage_id)
                    )
                )
                self.assertAlmostEqual(row.days_in_stage, seconds / 86400, places=4)
        # average per stage, as the pivot shows it
        Report = self.env["crm.sales.process.report"].with_user(self.head)
        groups = Report._read_group(
            [("lead_id", "in", self.leads.ids)], ["stage_id"], ["days_in_stage:avg"]
        )
        for stage, average in groups:
            values = [
                days for (_lead, st), days in expected.items() if st == stage and days is not None
            ]
            if values:
                self.assertAlmostEqual(average, sum(values) / len(values), places=4)
            else:
                self.assertFalse(average)

    def test_slowest_stage(self):
        expected = self._expected_stage_days()
        per_stage = defaultdict(list)
        for (_lead, stage), days in expected.items():
            if days is not None and not stage.is_won:
                per_stage[stage].append(days)
        slowest = max(per_stage, key=lambda stage: sum(per_stage[stage]) / len(per_stage[stage]))
        rows = self._report(self.head)
        self.assertEqual(rows.filtered("is_slowest_stage").stage_id, slowest)
        self.assertEqual(
            set(rows.filtered("is_slowest_stage").ids),
            set(rows.filtered(lambda row: row.stage_id == slowest).ids),
        )
        # the list's "Slowest Stage" filter
        filtered = self.env["crm.sales.process.report"].search(
            [("lead_id", "in", self.leads.ids), ("is_slowest_stage", "=", True)]
        )
        self.assertEqual(filtered.stage_id, slowest)

    def test_funnel(self):
        reached, advanced = self._expected_reached_advanced()
        Report = self.env["crm.sales.process.report"].with_user(self.head)
        groups = Report._read_group(
            [("lead_id", "in", self.leads.ids)],
            ["stage_id"],
            ["reached_count:sum", "advanced_count:sum"],
        )
        self.assertEqual(
            {stage: (r, a) for stage, r, a in groups},
            {stage: (reached[stage], advanced[stage]) for stage in reached},
        )
        # the story in words: all 4 reached "New" and moved on; nobody moved on from "Won"
        self.assertEqual((reached[self.s_new], advanced[self.s_new]), (4, 4))
        self.assertEqual((reached[self.s_qual], advanced[self.s_qual]), (2, 1))
        self.assertEqual(advanced[self.s_won], 0)

    def test_win_rate_cycle_per_dimension(self):
        Report = self.env["crm.sales.process.report"].with_user(self.head)
        measures = [
            "opportunity_count:sum",
            "won_count:sum",
            "lost_count:sum",
            "win_rate:avg",
            "cycle_days:avg",
        ]
        dimensions = {
            "team_id": lambda lead: lead.team_id,
            "user_id": lambda lead: lead.user_id,
            "source_id": lambda lead: lead.source_id,
            "territory_id": lambda lead: lead.partner_id.commercial_partner_id.territory_id,
        }
        for field_name, key in dimensions.items():
            expected = self._expected_outcome(key)
            groups = Report._read_group([("lead_id", "in", self.leads.ids)], [field_name], measures)
            self.assertEqual(len(groups), len(expected), field_name)
            for group, count, won, lost, win_rate, cycle in groups:
                wanted = expected[group]
                self.assertEqual(
                    (count, won, lost), (wanted["count"], wanted["won"], wanted["lost"])
                )
                if wanted["win_rate"] is None:
                    self.assertFalse(win_rate)
                else:
                    self.assertAlmostEqual(win_rate, wanted["win_rate"], places=4)
                if wanted["cycle"] is None:
                    self.assertFalse(cycle)
                else:
                    self.assertAlmostEqual(cycle, wanted["cycle"], places=4)
        # 2 won, 1 lost overall
        [(win_rate,)] = Report._read_group(
            [("lead_id", "in", self.leads.ids)], [], ["win_rate:avg"]
        )
        self.assertAlmostEqual(win_rate, 200 / 3, places=4)

    def test_lost_reasons(self):
        Report = self.env["crm.sales.process.report"].with_user(self.head)
        groups = Report._read_group(
            [("lead_id", "in", self.leads.ids), ("won_status", "=", "lost")],
            ["lost_reason_id"],
            ["lost_count:sum"],
        )
        expected = defaultdict(int)
        for lead, story in self.story.items():
            if story["closing"] and story["closing"][0] == "lost":
                expected[lead.lost_reason_id] += 1
        self.assertEqual(dict(groups), dict(expected))

    def test_salesperson_sees_only_their_customers(self):
        visible_leads = (
            self.env["crm.lead"].with_user(self.rep).search([("id", "in", self.leads.ids)])
        )
        self.assertEqual(visible_leads, self.lead_won | self.lead_open)
        rows = self._report(self.rep)
        self.assertEqual(rows.lead_id, visible_leads, "the same opportunities as in the pipeline")
        self.assertEqual(rows.commercial_partner_id, self.customer)
        other_rows = self._report(self.other_rep)
        self.assertEqual(other_rows.lead_id, self.lead_lost | self.lead_won_fast)
        head_rows = self._report(self.head)
        self.assertEqual(head_rows.lead_id, self.leads)
        # figures are only those of the visible opportunities
        [(count, won)] = (
            self.env["crm.sales.process.report"]
            .with_user(self.rep)
            ._read_group(
                [("lead_id", "in", self.leads.ids)], [], ["opportunity_count:sum", "won_count:sum"]
            )
        )
        self.assertEqual((count, won), (2, 1))
        # another salesperson's row cannot be read by id either
        foreign_row = head_rows.filtered(lambda row: row.lead_id == self.lead_lost)[:1]
        with self.assertRaises(AccessError):
            foreign_row.with_user(self.rep).read(["days_in_stage"])

    def test_read_only_and_roles(self):
        rows = self._report(self.rep)
        with self.assertRaises(AccessError):
            rows.with_user(self.rep).check_access("write")
        with self.assertRaises(AccessError):
            self.env["crm.sales.process.report"].with_user(self.accountant).search([])

    def _workbook(self, action):
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.rep).browse(attachment_id)
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))

    def _sheet_rows(self, sheet):
        """{label: [values]} from the table (header on row 4), and the totals row."""
        rows = list(sheet.iter_rows(min_row=5, values_only=True))
        return {row[0]: list(row[1:]) for row in rows}

    def test_xlsx_export(self):
        domain = [("lead_id", "in", self.leads.ids)]
        server_action = self.env.ref("crm_pipeline.crm_sales_process_report_action_export_xlsx")
        action = (
            server_action.with_user(self.rep)
            .with_context(active_model="crm.sales.process.report", active_domain=domain)
            .run()
        )
        workbook = self._workbook(action)
        self.assertIn("Funnel by Stage", workbook.sheetnames)
        funnel = self._sheet_rows(workbook["Funnel by Stage"])
        header = [cell.value for cell in workbook["Funnel by Stage"][4]]
        self.assertEqual(header[:3], ["Stage", "Reached Stage", "Moved On"])
        self.assertTrue(workbook["Funnel by Stage"]["A4"].font.bold)
        # the salesperson's own opportunities only: the won deal and the open deal
        expected_days = self._expected_stage_days()
        qual_days = [
            days
            for (lead, stage), days in expected_days.items()
            if stage == self.s_qual and lead in (self.lead_won | self.lead_open)
        ]
        reached, moved, conversion, avg_days = funnel["P Qualified"]
        self.assertEqual((reached, moved), (2, 1))
        self.assertAlmostEqual(conversion, 0.5)
        self.assertAlmostEqual(avg_days, sum(qual_days) / len(qual_days), places=4)
        # won deal: 4 stages, 3 left for a later one; open deal: 2 stages, 1 left
        self.assertEqual(funnel["Total"][:2], [6, 4])
        by_user = self._sheet_rows(workbook["By Salesperson"])
        self.assertNotIn("Rep Two", by_user)
        self.assertEqual(by_user["Rep One"][:3], [2, 1, 0])
        self.assertEqual(by_user["Total"][:3], [2, 1, 0])
        self.assertAlmostEqual(by_user["Total"][3], 1.0)  # win rate 100 %, as a fraction
        # the head's export has everybody, with totals over all
        action = (
            self.env["crm.sales.process.report"]
            .with_user(self.head)
            .with_context(active_model="crm.sales.process.report", active_domain=domain)
            .action_export_xlsx()
        )
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.head).browse(attachment_id)
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        by_user = self._sheet_rows(workbook["By Salesperson"])
        self.assertEqual(by_user["Rep Two"][:3], [2, 1, 1])
        self.assertEqual(by_user["Total"][:3], [4, 2, 1])
        lost = self._sheet_rows(workbook["Lost Reasons"])
        self.assertEqual(lost["P Too expensive"][0], 1)

    def _count_xlsx_queries(self, report):
        report._xlsx_content()  # fill the caches (access rules, metadata)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        report._xlsx_content()
        return self.env.cr.sql_log_count - before

    def test_xlsx_queries_do_not_grow_with_the_data(self):
        """Set-based: the workbook costs the same number of queries for more opportunities,
        salespeople, sources and stages."""
        Report = self.env["crm.sales.process.report"].with_user(self.head)
        extra_stage = self.env["crm.stage"].create(
            {"name": "P Negotiation", "sequence": 4, "team_ids": self.process_team.ids}
        )
        sources = self.env["utm.source"].create([{"name": f"P Source {i}"} for i in range(3)])
        users = self.teammate | self.head | self.rep
        self._count_xlsx_queries(Report)
        small = self._count_xlsx_queries(Report)
        for index in range(6):
            self._lead(
                f"Extra deal {index}",
                users[index % 3],
                self.customer,
                sources[index % 3],
                [(T0, self.s_new), (T0 + timedelta(days=index + 1), extra_stage)],
                lost_at=T0 + timedelta(days=20) if index % 2 else None,
            )
        self.assertEqual(self._count_xlsx_queries(Report), small)
