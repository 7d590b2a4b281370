from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestClassification(CrmPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ukraine = cls.env.ref("base.ua")
        cls.usa = cls.env.ref("base.us")
        cls.texas = cls.env.ref("base.state_us_44")
        Territory = cls.env["crm.territory"]
        cls.europe = Territory.create({"name": "Europe"})
        cls.east = Territory.create(
            {
                "name": "East",
                "parent_id": cls.europe.id,
                "country_ids": [Command.link(cls.ukraine.id)],
            }
        )
        cls.americas = Territory.create(
            {"name": "Americas", "country_ids": [Command.link(cls.usa.id)]}
        )
        cls.south = Territory.create(
            {
                "name": "South",
                "parent_id": cls.americas.id,
                "state_ids": [Command.link(cls.texas.id)],
            }
        )

    def test_territory_follows_country_and_state(self):
        partner = self.env["res.partner"].create({"name": "Kyiv Co", "country_id": self.ukraine.id})
        self.assertEqual(partner.territory_id, self.east)
        partner.write({"country_id": self.usa.id})
        self.assertEqual(partner.territory_id, self.americas)
        partner.write({"state_id": self.texas.id})
        self.assertEqual(
            partner.territory_id, self.south, "a state's territory beats its country's"
        )
        self.assertEqual(self.south.complete_name, "Americas / South")

    def test_territory_chosen_by_hand_is_kept(self):
        partner = self.env["res.partner"].create(
            {"name": "Manual Co", "country_id": self.usa.id, "territory_id": self.europe.id}
        )
        self.assertEqual(partner.territory_id, self.europe)

    def test_territory_hierarchy_search(self):
        partner = self.env["res.partner"].create({"name": "Lviv Co", "country_id": self.ukraine.id})
        found = self.env["res.partner"].search([("territory_id", "child_of", self.europe.id)])
        self.assertIn(partner, found)

    def test_territories_cannot_loop(self):
        with self.assertRaises(UserError):
            self.europe.parent_id = self.east

    def test_contact_roles_and_tiers(self):
        decision_maker = self.env.ref("crm_pipeline.crm_contact_role_decision_maker")
        contact = self.customer.child_ids
        contact.contact_role_ids = decision_maker
        self.customer.customer_tier_id = self.env.ref("crm_pipeline.crm_customer_tier_key")
        self.assertEqual(
            self.env["res.partner"].search([("contact_role_ids", "in", decision_maker.ids)]),
            contact,
        )
        self.assertEqual(self.customer.customer_tier_id.no_contact_days, 30)

    @users("rep")
    def test_salesperson_classifies_but_does_not_configure(self):
        with Form(self.customer.with_env(self.env)) as form:
            form.size_band = "large"
            form.customer_tier_id = self.env.ref("crm_pipeline.crm_customer_tier_strategic")
        self.assertEqual(self.customer.size_band, "large")
        with self.assertRaises(AccessError):
            self.env["crm.territory"].create({"name": "Private island"})

    @users("head")
    def test_head_of_sales_configures(self):
        territory = self.env["crm.territory"].create(
            {"name": "Baltics", "parent_id": self.europe.id}
        )
        self.assertEqual(territory.complete_name, "Europe / Baltics")
