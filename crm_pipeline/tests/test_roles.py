from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestSalesRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, login="rep", groups="base.group_user,crm_pipeline.group_crm_salesperson"
        )
        cls.other_rep = new_test_user(
            cls.env, login="rep2", groups="base.group_user,crm_pipeline.group_crm_salesperson"
        )
        cls.head = new_test_user(
            cls.env, login="head", groups="base.group_user,crm_pipeline.group_crm_sales_head"
        )
        cls.foreign_lead = cls.env["crm.lead"].create(
            {"name": "Someone else's deal", "type": "opportunity", "user_id": cls.other_rep.id}
        )

    @users("rep")
    def test_salesperson_works_own_opportunities(self):
        lead = self.env["crm.lead"].create({"name": "My deal", "type": "opportunity"})
        self.assertEqual(lead.user_id, self.salesperson)
        self.assertIn(lead, self.env["crm.lead"].search([]))
        self.assertNotIn(self.foreign_lead, self.env["crm.lead"].search([]))
        with self.assertRaises(AccessError):
            self.foreign_lead.with_env(self.env).read(["name"])

    @users("head")
    def test_head_of_sales_sees_every_opportunity(self):
        self.assertIn(self.foreign_lead, self.env["crm.lead"].search([]))
        self.foreign_lead.with_env(self.env).user_id = self.salesperson
        self.assertEqual(self.foreign_lead.user_id, self.salesperson)
