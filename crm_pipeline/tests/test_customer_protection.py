from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestCustomerProtection(CrmPipelineCase):
    """A salesperson sees their customers and what hangs off them; nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared_customer = cls._create_customer(
            "Team Customer LLC", cls.other_rep, team_id=cls.team.id
        )
        cls.pool_prospect = cls.env["res.partner"].create(
            {"name": "Unassigned Prospect", "is_company": True}
        )
        records = {}
        for key, partner in (("own", cls.customer), ("foreign", cls.foreign_customer)):
            owner = partner.user_id
            records[key] = {
                "res.partner": partner | partner.child_ids,
                "crm.lead": cls.env["crm.lead"].create(
                    {"name": f"Deal {key}", "partner_id": partner.id, "user_id": owner.id}
                )
                # an unassigned lead of the customer follows the customer, not the lead's owner
                | cls.env["crm.lead"].create(
                    {"name": f"Inbound {key}", "partner_id": partner.id, "user_id": False}
                ),
                "sale.order": cls.env["sale.order"].create(
                    {"partner_id": partner.id, "user_id": owner.id}
                ),
                "account.move": cls._create_invoice(partner, "2026-01-15"),
                "crm.interaction": cls.env["crm.interaction"].create(
                    {"name": f"Call {key}", "partner_id": partner.id, "user_id": owner.id}
                ),
            }
        cls.records = records

    def _visible(self, model, records):
        return self.env[model].search([("id", "in", records.ids)])

    @users("rep")
    def test_salesperson_sees_own_records_of_each_kind(self):
        for model, records in self.records["own"].items():
            with self.subTest(model=model):
                self.assertEqual(self._visible(model, records), records.with_env(self.env))
                records.with_env(self.env).check_access("read")

    @users("rep")
    def test_salesperson_does_not_see_foreign_records_of_any_kind(self):
        for model, records in self.records["foreign"].items():
            with self.subTest(model=model):
                self.assertFalse(self._visible(model, records))
                with self.assertRaises(AccessError):
                    records.with_env(self.env).check_access("read")

    @users("rep")
    def test_team_shares_its_customers(self):
        shared = self.shared_customer.with_env(self.env)
        self.assertEqual(
            self._visible("res.partner", shared | shared.child_ids), shared | shared.child_ids
        )

    @users("rep2")
    def test_team_customer_hidden_from_non_members(self):
        """rep2 sees the customer they manage though shared with a team they are not in;
        not the customer of rep, who is in that team."""
        self.assertTrue(self._visible("res.partner", self.shared_customer))
        self.assertFalse(self._visible("res.partner", self.customer))

    @users("rep")
    def test_unassigned_prospects_are_a_common_pool(self):
        self.assertTrue(self._visible("res.partner", self.pool_prospect))

    @users("rep")
    def test_salesperson_cannot_log_on_foreign_customer(self):
        with self.assertRaises(AccessError):
            self.env["crm.interaction"].create(
                {"name": "Sneaky call", "partner_id": self.foreign_customer.id}
            )

    @users("head")
    def test_head_of_sales_sees_everything(self):
        for key in ("own", "foreign"):
            for model, records in self.records[key].items():
                with self.subTest(key=key, model=model):
                    self.assertEqual(self._visible(model, records), records.with_env(self.env))

    @users("accountant")
    def test_accountant_sees_every_customer_invoice(self):
        invoices = self.records["own"]["account.move"] | self.records["foreign"]["account.move"]
        self.assertEqual(self._visible("account.move", invoices), invoices.with_env(self.env))

    def test_reassigning_the_customer_moves_visibility(self):
        self.foreign_customer.user_id = self.rep
        foreign = self.records["foreign"]
        for model in ("res.partner", "crm.lead", "sale.order", "account.move", "crm.interaction"):
            with self.subTest(model=model):
                visible = (
                    self.env[model].with_user(self.rep).search([("id", "in", foreign[model].ids)])
                )
                self.assertEqual(visible, foreign[model])

    def test_team_membership_grants_visibility(self):
        self.team.member_ids = [Command.link(self.other_rep.id)]
        visible = (
            self.env["res.partner"]
            .with_user(self.other_rep)
            .search([("id", "=", self.customer.id)])
        )
        self.assertFalse(
            visible, "membership alone does not share a customer not given to the team"
        )
        self.customer.team_id = self.team
        visible = (
            self.env["res.partner"]
            .with_user(self.other_rep)
            .search([("id", "=", self.customer.id)])
        )
        self.assertEqual(visible, self.customer)
