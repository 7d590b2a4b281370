"""Every action of the suite's menus opens, for every role, without an access error."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

ROLES = {
    "salesperson": "crm_pipeline.group_crm_salesperson",
    "sales_head": "crm_pipeline.group_crm_sales_head",
    "marketer": "crm_marketing.group_crm_marketing_user",
    "marketing_manager": "crm_marketing.group_crm_marketing_manager",
    "service_agent": "crm_service.group_crm_service_agent",
    "service_manager": "crm_service.group_crm_service_manager",
    "technician": "crm_service.group_crm_field_technician",
    "accountant": "account.group_account_user",
}

# The department menus each role must see (and, by difference, must not see).
DEPARTMENTS = {
    "crm_pipeline.crm_pipeline_menu_sales": {"salesperson", "sales_head", "accountant"},
    "crm_pipeline.crm_pipeline_menu_planning": {"salesperson", "sales_head"},
    "crm_marketing.crm_marketing_menu_marketing": {"marketer", "marketing_manager"},
    "crm_service.crm_service_menu_service": {"service_agent", "service_manager", "technician"},
    "crm_b2b_portal.crm_b2b_portal_menu_portal": {"sales_head"},
    "crm_pipeline.crm_pipeline_menu_config_teams": {"sales_head"},
    "crm_service.crm_service_menu_config_calendars": {"service_manager"},
    "crm_marketing.crm_marketing_menu_campaigns": {"marketing_manager"},
}


@tagged("post_install", "-at_install")
class TestSuiteMenus(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, login=f"menu_{role}", groups=f"base.group_user,{group}")
            for role, group in ROLES.items()
        }
        cls.buyer = new_test_user(
            cls.env, login="menu_buyer", groups="crm_b2b_portal.group_b2b_buyer"
        )
        cls.root = cls.env.ref("crm_pipeline.crm_suite_menu_root")

    def _suite_menus(self, user):
        """The suite's menus the user's web client receives, by id."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        suite = {}
        todo = [self.root.id] if self.root.id in menus else []
        while todo:
            menu = menus[todo.pop()]
            suite[menu["id"]] = menu
            todo.extend(menu["children"])
        return suite

    def _open_action(self, user, action):
        """Do what the web client does: load the views, then read the first page."""
        eval_context = {
            **action._get_eval_context(),
            "uid": user.id,
            "user": user,
            "allowed_company_ids": user.company_ids.ids,
            "current_company_id": user.company_id.id,
        }
        context = safe_eval(action.context or "{}", eval_context)
        domain = safe_eval(action.domain or "[]", eval_context)
        model = self.env[action.res_model].with_user(user).with_context(context)
        view_type = action.view_mode.split(",")[0]
        views = model.get_views([(False, view_type)])
        fields = views["models"][action.res_model]["fields"]
        page = model.web_search_read(domain, specification={name: {} for name in fields}, limit=80)
        self.assertIn("records", page)

    def test_each_role_sees_its_departments(self):
        for role, user in self.users.items():
            visible = self._suite_menus(user)
            for xmlid, roles in DEPARTMENTS.items():
                with self.subTest(role=role, menu=xmlid):
                    menu_id = self.env.ref(xmlid).id
                    if role in roles:
                        self.assertIn(menu_id, visible, f"{role} must see {xmlid}")
                    else:
                        self.assertNotIn(menu_id, visible, f"{role} must not see {xmlid}")

    def test_every_action_opens_for_every_role(self):
        opened = 0
        for role, user in self.users.items():
            for menu in self._suite_menus(user).values():
                if menu["action_model"] != "ir.actions.act_window":
                    continue
                action = self.env["ir.actions.act_window"].browse(menu["action_id"])
                with self.subTest(role=role, menu=menu["xmlid"]):
                    self._open_action(user, action)
                    opened += 1
        # Every role opens at least one screen of the suite: none is left with an empty app.
        self.assertGreaterEqual(opened, len(self.users))

    def test_portal_buyer_gets_no_backend_menu(self):
        with self.assertRaises(AccessError):
            self._suite_menus(self.buyer)
