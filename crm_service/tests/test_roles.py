from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestServiceRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env, login="agent", groups="base.group_user,crm_service.group_crm_service_agent"
        )
        cls.manager = new_test_user(
            cls.env,
            login="srvmanager",
            groups="base.group_user,crm_service.group_crm_service_manager",
        )
        cls.technician = new_test_user(
            cls.env, login="tech", groups="base.group_user,crm_service.group_crm_field_technician"
        )

    def test_manager_is_agent_and_technician(self):
        self.assertTrue(self.manager.has_group("crm_service.group_crm_service_agent"))
        self.assertTrue(self.manager.has_group("crm_service.group_crm_field_technician"))
        self.assertFalse(self.agent.has_group("crm_service.group_crm_field_technician"))
        self.assertFalse(self.technician.has_group("crm_service.group_crm_service_agent"))

    def test_service_roles_do_not_sell(self):
        """Service staff are not salespeople: no pipeline of their own by default."""
        for user in (self.agent, self.technician, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["crm.lead"].with_user(user).create({"name": "Side deal"})
