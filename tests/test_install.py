"""The four addons install together and bring their roles, in English, Russian and Ukrainian."""

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

SUITE = ("crm_pipeline", "crm_marketing", "crm_service", "crm_b2b_portal")


@tagged("post_install", "-at_install")
class TestSuiteInstall(TransactionCase):
    def test_four_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", SUITE)])
        self.assertEqual(set(modules.mapped("name")), set(SUITE))
        self.assertEqual(set(modules.mapped("state")), {"installed"})

    def test_role_chains(self):
        """Each higher role includes the lower one, as the access rules will assume."""
        chains = [
            ("crm_pipeline.group_crm_sales_head", "crm_pipeline.group_crm_salesperson"),
            ("crm_pipeline.group_crm_sales_head", "sales_team.group_sale_salesman_all_leads"),
            ("crm_marketing.group_crm_marketing_manager", "crm_marketing.group_crm_marketing_user"),
            ("crm_service.group_crm_service_manager", "crm_service.group_crm_service_agent"),
            ("crm_service.group_crm_service_manager", "crm_service.group_crm_field_technician"),
            ("crm_b2b_portal.group_b2b_company_admin", "crm_b2b_portal.group_b2b_approver"),
            ("crm_b2b_portal.group_b2b_approver", "crm_b2b_portal.group_b2b_buyer"),
            ("crm_b2b_portal.group_b2b_buyer", "base.group_portal"),
        ]
        for higher, lower in chains:
            with self.subTest(higher=higher, lower=lower):
                self.assertIn(self.env.ref(lower), self.env.ref(higher).all_implied_ids)
        salesperson = self.env.ref("crm_pipeline.group_crm_salesperson")
        self.assertNotIn(
            self.env.ref("sales_team.group_sale_salesman_all_leads"), salesperson.all_implied_ids
        )

    def test_roles_have_privileges(self):
        roles = self.env["ir.model.data"].search(
            [("module", "in", SUITE), ("model", "=", "res.groups"), ("name", "like", "group_%")]
        )
        groups = self.env["res.groups"].browse(roles.mapped("res_id"))
        self.assertEqual(len(groups), 10)
        for group in groups:
            with self.subTest(group=group.name):
                self.assertEqual(
                    group.privilege_id.category_id,
                    self.env.ref("crm_pipeline.module_category_crm_suite"),
                )

    def test_names_in_russian_and_ukrainian(self):
        modules = self.env["ir.module.module"].search([("name", "in", SUITE)])
        for code in ("ru_RU", "uk_UA"):
            if not self.env["res.lang"]._lang_get(code):
                self.env["res.lang"]._activate_lang(code)
                modules._update_translations([code])
        root = self.env.ref("crm_pipeline.crm_suite_menu_root")
        head = self.env.ref("crm_pipeline.group_crm_sales_head")
        self.assertEqual(root.with_context(lang="ru_RU").name, "CRM")
        self.assertEqual(root.with_context(lang="uk_UA").name, "CRM")
        self.assertEqual(head.with_context(lang="ru_RU").name, "Руководитель продаж: все клиенты")
        self.assertEqual(head.with_context(lang="uk_UA").name, "Керівник продажів: усі клієнти")
