from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tests.common import TransactionCase

REPORT_AGGREGATES = [
    "opportunity_count:sum",
    "won_count:sum",
    "lost_count:sum",
    "lost_to_count:sum",
    "win_rate:avg",
    "expected_revenue:sum",
    "won_amount:sum",
    "lost_amount:sum",
    "lost_to_amount:sum",
]


@tagged("post_install", "-at_install")
class TestCompetitor(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rep_groups = "base.group_user,crm_pipeline.group_crm_salesperson"
        cls.rep = new_test_user(cls.env, login="comp_rep", groups=rep_groups)
        cls.other_rep = new_test_user(cls.env, login="comp_rep2", groups=rep_groups)
        cls.head = new_test_user(
            cls.env, login="comp_head", groups="base.group_user,crm_pipeline.group_crm_sales_head"
        )
        cls.employee = new_test_user(cls.env, login="comp_employee", groups="base.group_user")
        cls.odoo_salesman = new_test_user(
            cls.env, login="comp_odoo_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.product = cls.env["product.product"].create({"name": "Pump P-100", "list_price": 100})
        cls.acme, cls.globex = cls.env["crm.competitor"].create(
            [
                {"name": "Acme", "product_ids": [Command.link(cls.product.id)]},
                {"name": "Globex", "strengths": "Cheap", "weaknesses": "Slow delivery"},
            ]
        )
        cls.won_stage = cls.env["crm.stage"].create({"name": "Signed", "is_won": True})
        cls.foreign_lead = cls.env["crm.lead"].create(
            {
                "name": "Someone else's deal",
                "type": "opportunity",
                "user_id": cls.other_rep.id,
                "competitor_ids": [Command.link(cls.acme.id)],
                "expected_revenue": 777,
            }
        )

    def _make_opportunities(self, count, user):
        """Opportunities with every mix of competitors and outcomes, as ``user``."""
        Lead = self.env["crm.lead"].with_user(user)
        competitor_sets = [self.acme, self.globex, self.acme | self.globex, self.acme]
        leads = Lead.create(
            [
                {
                    "name": f"Deal {i}",
                    "type": "opportunity",
                    "user_id": user.id,
                    "expected_revenue": 1000 * (i + 1),
                    "competitor_ids": [Command.set(competitor_sets[i % 4].ids)],
                }
                for i in range(count)
            ]
        )
        for i, lead in enumerate(leads):
            outcome = i % 5
            if outcome == 0:
                lead.stage_id = self.won_stage
            elif outcome == 1:  # lost to a competitor it was known to meet
                lead.action_set_lost(lost_competitor_id=lead.competitor_ids[:1].id)
            elif outcome == 2:  # lost to a competitor not named before: still met
                lead.action_set_lost(lost_competitor_id=self.globex.id)
            elif outcome == 3:  # lost, not to a competitor
                lead.action_set_lost()
            # outcome 4: open
        # archived without being won or lost: left out of the report
        archived = Lead.create(
            {
                "name": "Archived",
                "type": "opportunity",
                "competitor_ids": [Command.link(self.acme.id)],
            }
        )
        archived.action_archive()
        return leads | archived

    def _expected(self, leads):
        """The report's figures per competitor, counted in plain Python."""
        expected = {}
        for lead in leads.with_context(active_test=False):
            if not lead.active and lead.won_status == "pending":
                continue
            for competitor in lead.competitor_ids | lead.lost_competitor_id:
                row = expected.setdefault(
                    competitor,
                    dict.fromkeys(
                        (
                            "met",
                            "won",
                            "lost",
                            "lost_to",
                            "revenue",
                            "won_amount",
                            "lost_to_amount",
                        ),
                        0,
                    ),
                )
                is_lost_to = lead.won_status == "lost" and lead.lost_competitor_id == competitor
                row["met"] += 1
                row["won"] += lead.won_status == "won"
                row["lost"] += lead.won_status == "lost"
                row["lost_to"] += is_lost_to
                row["revenue"] += lead.expected_revenue
                row["won_amount"] += lead.expected_revenue if lead.won_status == "won" else 0
                row["lost_to_amount"] += lead.expected_revenue if is_lost_to else 0
        for row in expected.values():
            closed = row["won"] + row["lost"]
            row["win_rate"] = 100.0 * row["won"] / closed if closed else 0.0
        return expected

    # Competitors and prices: who may do what

    @users("comp_rep")
    def test_salesperson_reads_competitors_but_does_not_manage_them(self):
        acme = self.acme.with_env(self.env)
        self.assertIn(acme, self.env["crm.competitor"].search([]))
        self.assertEqual(acme.product_ids, self.product)
        with self.assertRaises(AccessError):
            self.env["crm.competitor"].create({"name": "Initech"})
        with self.assertRaises(AccessError):
            acme.weaknesses = "None"
        with self.assertRaises(AccessError):
            acme.unlink()

    @users("comp_head")
    def test_head_manages_competitors(self):
        initech = self.env["crm.competitor"].create(
            {"name": "Initech", "website": "initech.example"}
        )
        initech.strengths = "Local presence"
        self.assertEqual(initech.strengths, "Local presence")
        initech.action_archive()
        self.assertNotIn(initech, self.env["crm.competitor"].search([]))
        initech.unlink()
        self.assertFalse(initech.exists())

    @users("comp_rep")
    def test_salesperson_records_own_price_observations(self):
        Price = self.env["crm.competitor.price"]
        price = Price.create(
            {
                "competitor_id": self.acme.id,
                "product_id": self.product.id,
                "price": 95.0,
                "source": "tender",
                "note": "Tender 42",
            }
        )
        self.assertEqual(price.user_id, self.rep)
        self.assertEqual(price.currency_id, self.env.company.currency_id)
        price.price = 92.0
        self.assertEqual(self.acme.with_env(self.env).price_count, 1)
        with self.assertRaises(AccessError):
            price.unlink()
        with self.assertRaises(AccessError):
            Price.create(
                {
                    "competitor_id": self.acme.id,
                    "product_id": self.product.id,
                    "price": 90.0,
                    "user_id": self.other_rep.id,
                }
            )
        theirs = (
            Price.with_user(self.other_rep)
            .create({"competitor_id": self.globex.id, "product_id": self.product.id, "price": 99})
            .with_env(self.env)
        )
        self.assertEqual(theirs.price, 99, "observations are shared knowledge")
        with self.assertRaises(AccessError):
            theirs.price = 1.0

    @users("comp_head")
    def test_head_edits_every_price_observation(self):
        price = (
            self.env["crm.competitor.price"]
            .with_user(self.rep)
            .create({"competitor_id": self.acme.id, "product_id": self.product.id, "price": 95.0})
            .with_env(self.env)
        )
        price.price = 97.0
        self.assertEqual(price.price, 97.0)
        price.unlink()
        self.assertFalse(price.exists())

    def test_competitors_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        theirs = self.env["crm.competitor"].create(
            {"name": "Umbrella", "company_id": other_company.id}
        )
        shared = self.env["crm.competitor"].create({"name": "Shared", "company_id": False})
        visible = self.env["crm.competitor"].with_user(self.rep).search([])
        self.assertNotIn(theirs, visible)
        self.assertIn(shared, visible)

    # Losing to a competitor

    @users("comp_rep")
    def test_lost_wizard_records_the_competitor(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Pumps for the plant",
                "type": "opportunity",
                "competitor_ids": [Command.link(self.acme.id)],
            }
        )
        wizard_form = Form(self.env["crm.lead.lost"].with_context(default_lead_ids=lead.ids))
        wizard_form.competitor_id = self.globex.with_env(self.env)
        wizard_form.save().action_lost_reason_apply()
        self.assertEqual(lead.won_status, "lost")
        self.assertEqual(lead.lost_competitor_id, self.globex)
        self.assertEqual(lead.competitor_ids, self.acme | self.globex)

        lead.action_unarchive()
        self.assertEqual(lead.won_status, "pending")
        self.assertFalse(lead.lost_competitor_id, "a restored opportunity is no longer lost")

    @users("comp_rep")
    def test_lost_wizard_without_competitor(self):
        lead = self.env["crm.lead"].create({"name": "Valves", "type": "opportunity"})
        wizard = self.env["crm.lead.lost"].create({"lead_ids": [Command.set(lead.ids)]})
        wizard.action_lost_reason_apply()
        self.assertEqual(lead.won_status, "lost")
        self.assertFalse(lead.lost_competitor_id)
        self.assertFalse(lead.competitor_ids)

    @users("comp_odoo_salesman")
    def test_plain_odoo_salesman_keeps_working(self):
        """A salesman of Odoo's own groups, outside the suite's roles, still opens the
        opportunity form and marks a deal lost: the competitor fields are not shown to them."""
        lead_form = Form(self.env["crm.lead"])
        lead_form.name = "Compressor"
        self.assertNotIn("competitor_ids", lead_form._view["fields"])
        lead = lead_form.save()
        wizard_form = Form(self.env["crm.lead.lost"].with_context(default_lead_ids=lead.ids))
        self.assertNotIn("competitor_id", wizard_form._view["fields"])
        wizard_form.save().action_lost_reason_apply()
        self.assertEqual(lead.won_status, "lost")

    # Win/loss report

    def test_report_matches_a_plain_count(self):
        leads = self._make_opportunities(20, self.rep) | self._make_opportunities(7, self.head)
        expected = self._expected(leads)
        # as superuser first: no record rule may hide unflushed changes to the opportunities
        groups = self.env["crm.competitor.report"]._read_group(
            [("lead_id", "in", leads.ids)], ["competitor_id"], REPORT_AGGREGATES
        )
        self.assertEqual(
            groups,
            self.env["crm.competitor.report"]
            .with_user(self.head)
            ._read_group([("lead_id", "in", leads.ids)], ["competitor_id"], REPORT_AGGREGATES),
        )
        self.assertEqual({group[0] for group in groups}, set(expected))
        for (
            competitor,
            met,
            won,
            lost,
            lost_to,
            rate,
            revenue,
            won_amt,
            _lost,
            lost_to_amt,
        ) in groups:
            row = expected[competitor]
            self.assertEqual(met, row["met"], competitor.name)
            self.assertEqual(won, row["won"], competitor.name)
            self.assertEqual(lost, row["lost"], competitor.name)
            self.assertEqual(lost_to, row["lost_to"], competitor.name)
            self.assertAlmostEqual(rate, row["win_rate"], places=6, msg=competitor.name)
            self.assertAlmostEqual(revenue, row["revenue"], places=2)
            self.assertAlmostEqual(won_amt, row["won_amount"], places=2)
            self.assertAlmostEqual(lost_to_amt, row["lost_to_amount"], places=2)
        # and per salesperson
        by_user = dict(
            self.env["crm.competitor.report"]
            .with_user(self.head)
            ._read_group([("lead_id", "in", leads.ids)], ["user_id"], ["won_count:sum"])
        )
        for user in (self.rep, self.head):
            self.assertEqual(
                by_user[user],
                sum(
                    len(lead.competitor_ids | lead.lost_competitor_id)
                    for lead in leads.with_context(active_test=False)
                    if lead.user_id == user and lead.won_status == "won"
                ),
            )

    def test_report_follows_opportunity_access(self):
        own = self._make_opportunities(5, self.rep)
        Report = self.env["crm.competitor.report"]
        rep_rows = Report.with_user(self.rep).search([])
        self.assertTrue(rep_rows)
        self.assertNotIn(self.foreign_lead, rep_rows.lead_id)
        self.assertFalse(rep_rows.lead_id - own, "a salesperson sees only their opportunities")
        self.assertEqual(
            Report.with_user(self.rep).search_count([("lead_id", "=", self.foreign_lead.id)]), 0
        )
        foreign_row = Report.search([("lead_id", "=", self.foreign_lead.id)])
        self.assertEqual(len(foreign_row), 1)
        with self.assertRaises(AccessError):
            foreign_row.with_user(self.rep).read(["expected_revenue"])
        self.assertEqual(
            sum(
                count
                for _competitor, count in Report.with_user(self.rep)._read_group(
                    [], ["competitor_id"], ["opportunity_count:sum"]
                )
            ),
            len(rep_rows),
        )
        self.assertIn(
            self.foreign_lead,
            Report.with_user(self.head).search([]).lead_id,
            "heads of sales see every opportunity",
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.employee).search([])

    def test_report_query_budget(self):
        Report = self.env["crm.competitor.report"].with_user(self.rep)

        def read_report():
            return Report._read_group([], ["competitor_id", "date:month"], REPORT_AGGREGATES)

        self._make_opportunities(5, self.rep)
        read_report()  # warm the caches (record rules, fields)
        with self.assertQueryCount(1):
            read_report()
        self._make_opportunities(30, self.rep)
        read_report()
        with self.assertQueryCount(1):
            groups = read_report()
        self.assertEqual(sum(group[2] for group in groups), len(Report.search([])))
