from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestPortfolioHandover(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups_rep = "base.group_user,crm_pipeline.group_crm_salesperson"
        cls.head = new_test_user(
            cls.env, login="ho_head", groups="base.group_user,crm_pipeline.group_crm_sales_head"
        )
        cls.leaver = new_test_user(cls.env, login="ho_leaver", name="Leaver", groups=groups_rep)
        cls.heir = new_test_user(cls.env, login="ho_heir", name="Heir", groups=groups_rep)
        cls.mate_a = new_test_user(cls.env, login="ho_mate_a", name="Mate A", groups=groups_rep)
        cls.mate_b = new_test_user(cls.env, login="ho_mate_b", name="Mate B", groups=groups_rep)
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Handover Team",
                "member_ids": [Command.set((cls.leaver | cls.mate_a | cls.mate_b).ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {"name": f"Handover Customer {index}", "is_company": True, "user_id": cls.leaver.id}
                for index in range(4)
            ]
        )
        cls.contact_unassigned = Partner.create(
            {"name": "Contact without owner", "parent_id": cls.customers[0].id}
        )
        cls.contact_unassigned.user_id = False  # by default, a contact takes its company's
        cls.contact_own = Partner.create(
            {
                "name": "Contact of leaver",
                "parent_id": cls.customers[1].id,
                "user_id": cls.leaver.id,
            }
        )
        cls.contact_foreign = Partner.create(
            {
                "name": "Contact of someone else",
                "parent_id": cls.customers[0].id,
                "user_id": cls.mate_a.id,
            }
        )
        cls.foreign_customer = Partner.create(
            {"name": "Someone else's customer", "is_company": True, "user_id": cls.mate_a.id}
        )
        Lead = cls.env["crm.lead"]
        cls.lead = Lead.create(
            {
                "name": "Lead of customer 0",
                "type": "lead",
                "partner_id": cls.contact_unassigned.id,
                "user_id": cls.leaver.id,
            }
        )
        cls.opportunity = Lead.create(
            {
                "name": "Opportunity of customer 1",
                "type": "opportunity",
                "partner_id": cls.customers[1].id,
                "user_id": cls.leaver.id,
            }
        )
        cls.orphan_opportunity = Lead.create(
            {
                "name": "Opportunity without customer",
                "type": "opportunity",
                "user_id": cls.leaver.id,
            }
        )
        cls.won_opportunity = Lead.create(
            {
                "name": "Won opportunity",
                "type": "opportunity",
                "partner_id": cls.customers[2].id,
                "user_id": cls.leaver.id,
            }
        )
        cls.won_opportunity.action_set_won()
        cls.foreign_opportunity = Lead.create(
            {"name": "Foreign opportunity", "type": "opportunity", "user_id": cls.mate_a.id}
        )
        Order = cls.env["sale.order"]
        cls.quotation = Order.create({"partner_id": cls.customers[2].id, "user_id": cls.leaver.id})
        cls.quotation_foreign_partner = Order.create(
            {"partner_id": cls.foreign_customer.id, "user_id": cls.leaver.id}
        )
        cls.order_done = Order.create({"partner_id": cls.customers[3].id, "user_id": cls.leaver.id})
        cls.order_done.action_lock()
        cls.order_done.state = "sale"
        todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.activity_lead = cls.opportunity.activity_schedule(
            activity_type_id=todo.id, summary="Call back", user_id=cls.leaver.id
        )
        cls.activity_customer = cls.customers[3].activity_schedule(
            activity_type_id=todo.id, summary="Visit", user_id=cls.leaver.id
        )
        cls.activity_foreign = cls.opportunity.activity_schedule(
            activity_type_id=todo.id, summary="Not mine", user_id=cls.mate_a.id
        )

    def _new_wizard(self, **values):
        return self.env["crm.portfolio.handover"].create({"user_id": self.leaver.id, **values})

    @users("ho_leaver")
    def test_salesperson_cannot_hand_over(self):
        with self.assertRaises(AccessError):
            self._new_wizard(target_user_id=self.heir.id)
        wizard = (
            self.env["crm.portfolio.handover"]
            .sudo()
            .create({"user_id": self.leaver.id, "target_user_id": self.heir.id})
        )
        with self.assertRaises(AccessError):
            wizard.sudo(False).action_transfer()
        self.assertEqual(self.customers.user_id, self.leaver)

    @users("ho_head")
    def test_preview_matches_transfer(self):
        with Form(self.env["crm.portfolio.handover"]) as form:
            form.user_id = self.leaver
            form.target_user_id = self.heir
            form.reason = "Moves to the export department"
        wizard = form.record
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        counts = {
            "customer": 4,
            "contact": 2,
            "lead": 1,
            "opportunity": 2,
            "quotation": 2,
            "activity": 2,
        }
        for kind, count in counts.items():
            self.assertEqual(wizard[f"{kind}_count"], count, kind)
        self.assertEqual(wizard.line_ids.new_user_id, self.heir)
        lines = {(line.res_model, line.res_id): line for line in wizard.line_ids}
        self.assertEqual(lines["crm.lead", self.lead.id].current_user_id, self.leaver)
        self.assertFalse(lines["res.partner", self.contact_unassigned.id].current_user_id)
        for untouched in (
            self.contact_foreign,
            self.foreign_customer,
            self.won_opportunity,
            self.foreign_opportunity,
            self.order_done,
            self.activity_foreign,
        ):
            self.assertNotIn((untouched._name, untouched.id), lines)

        action = wizard.action_transfer()
        self.assertEqual(action["tag"], "display_notification")
        for line in wizard.line_ids:
            record = self.env[line.res_model].browse(line.res_id)
            self.assertEqual(record.user_id, line.new_user_id, line.record_name)
        self.assertEqual(self.contact_foreign.user_id, self.mate_a)
        self.assertEqual(self.won_opportunity.user_id, self.leaver)
        self.assertEqual(self.order_done.user_id, self.leaver)
        self.assertEqual(self.activity_foreign.user_id, self.mate_a)

        for record in [*self.customers, self.lead, self.quotation]:
            note = record.message_ids.filtered(lambda m: "Portfolio handover" in (m.body or ""))
            self.assertEqual(len(note), 1, record.display_name)
            self.assertIn("Moves to the export department", note.body)
            self.assertIn("Heir", note.body)
            self.assertEqual(note.author_id, self.head.partner_id)
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
            self.assertIn(self.heir.partner_id, record.message_partner_ids)

    @users("ho_head")
    def test_spread_over_team_is_balanced(self):
        wizard = self._new_wizard(mode="team", team_id=self.team.id)
        wizard.action_preview()
        customer_lines = wizard.line_ids.filtered(lambda line: line.kind == "customer")
        self.assertEqual(
            [line.new_user_id for line in customer_lines],
            [self.mate_a, self.mate_b, self.mate_a, self.mate_b],
            "customers are dealt out in turn, by id",
        )
        self.assertNotIn(self.leaver, wizard.line_ids.new_user_id)
        preview = {(line.res_model, line.res_id): line.new_user_id for line in wizard.line_ids}

        wizard.action_transfer()
        for (model_name, record_id), new_user in preview.items():
            self.assertEqual(self.env[model_name].browse(record_id).user_id, new_user)
        self.assertEqual(
            [customer.user_id for customer in self.customers], [self.mate_a, self.mate_b] * 2
        )
        # contacts, leads, quotations and activities follow their customer
        self.assertEqual(self.contact_unassigned.user_id, self.customers[0].user_id)
        self.assertEqual(self.contact_own.user_id, self.customers[1].user_id)
        self.assertEqual(self.lead.user_id, self.customers[0].user_id)
        self.assertEqual(self.opportunity.user_id, self.customers[1].user_id)
        self.assertEqual(self.quotation.user_id, self.customers[2].user_id)
        self.assertEqual(self.activity_lead.user_id, self.opportunity.user_id)
        self.assertEqual(self.activity_customer.user_id, self.customers[3].user_id)
        self.assertEqual(self.opportunity.team_id, self.team)
        # records without a moved customer are dealt out too, continuing the turn
        self.assertEqual(self.orphan_opportunity.user_id, self.mate_a)
        self.assertEqual(self.quotation_foreign_partner.user_id, self.mate_b)

    @users("ho_head")
    def test_wrong_settings(self):
        with self.assertRaises(UserError):
            self._new_wizard(target_user_id=self.leaver.id).action_preview()
        lonely_team = (
            self.env["crm.team"]
            .sudo()
            .create({"name": "Lonely", "member_ids": [Command.set(self.leaver.ids)]})
        )
        with self.assertRaises(UserError):
            self._new_wizard(mode="team", team_id=lonely_team.id).action_preview()
        with self.assertRaises(UserError):
            self.env["crm.portfolio.handover"].create(
                {"user_id": self.heir.id, "target_user_id": self.mate_a.id}
            ).action_transfer()

    def _make_portfolio(self, owner, size):
        customers = self.env["res.partner"].create(
            [
                {"name": f"Bulk {index}", "is_company": True, "user_id": owner.id}
                for index in range(size)
            ]
        )
        self.env["res.partner"].create(
            [
                {"name": f"Contact of {customer.name}", "parent_id": customer.id}
                for customer in customers
            ]
        )
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Deal {index}",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "user_id": owner.id,
                }
                for index, customer in enumerate(customers)
            ]
        )
        self.env["sale.order"].create(
            [{"partner_id": customer.id, "user_id": owner.id} for customer in customers]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                    "res_id": lead.id,
                    "activity_type_id": todo.id,
                    "user_id": owner.id,
                }
                for lead in leads
            ]
        )
        return customers

    def _count_transfer_queries(self, owner):
        wizard = (
            self.env["crm.portfolio.handover"]
            .with_user(self.head)
            .create({"user_id": owner.id, "mode": "team", "team_id": self.team.id})
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_transfer()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_transfer_query_count_does_not_grow(self):
        small_owner, large_owner = (
            new_test_user(
                self.env, login=login, groups="base.group_user,crm_pipeline.group_crm_salesperson"
            )
            for login in ("ho_small", "ho_large")
        )
        small = self._make_portfolio(small_owner, 5)
        large = self._make_portfolio(large_owner, 40)
        # warm up the caches that the first transfer fills (ir.model, mail subtypes, ...)
        self._count_transfer_queries(small_owner)
        self.assertEqual(small.user_id, self.team.member_ids)
        # the same portfolio size again, for a stable baseline
        small_again = self._make_portfolio(small_owner, 5)
        baseline = self._count_transfer_queries(small_owner)
        queries_large = self._count_transfer_queries(large_owner)
        self.assertEqual(large.user_id, self.team.member_ids)
        self.assertEqual(small_again.user_id, self.team.member_ids)
        self.assertEqual(queries_large, baseline, "the transfer must not query per record")

    def test_menu_for_the_head_of_sales(self):
        menu = self.env.ref("crm_pipeline.crm_portfolio_handover_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.head)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.leaver)._visible_menu_ids())
        wizard = (
            self.env["crm.portfolio.handover"]
            .with_user(self.head)
            .with_context(active_model="res.users", active_id=self.leaver.id)
            .create({"target_user_id": self.heir.id})
        )
        self.assertEqual(wizard.user_id, self.leaver)
