import json

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestExportLog(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="exp_rep",
            groups="base.group_user,base.group_allow_export,crm_pipeline.group_crm_salesperson",
        )
        cls.head = new_test_user(
            cls.env, login="exp_head", groups="base.group_user,crm_pipeline.group_crm_sales_head"
        )
        cls.admin = new_test_user(
            cls.env, login="exp_admin", groups="base.group_user,base.group_system"
        )
        cls.partners = cls.env["res.partner"].create(
            [
                {
                    "name": f"Exported Customer {index}",
                    "is_company": True,
                    "user_id": cls.salesperson.id,
                }
                for index in range(3)
            ]
        )
        cls.leads = cls.env["crm.lead"].create(
            [
                {"name": f"Exported lead {index}", "user_id": cls.salesperson.id}
                for index in range(2)
            ]
        )
        cls.Log = cls.env["crm.export.log"]

    def _logs(self, user, model_name):
        return self.Log.search([("user_id", "=", user.id), ("model", "=", model_name)])

    def _export(self, route, model_name, ids, field_names, groupby=()):
        Model = self.env[model_name]
        params = {
            "model": model_name,
            "fields": [{"name": name, "label": Model._fields[name].string} for name in field_names],
            "ids": ids,
            "domain": [],
            "groupby": list(groupby),
            "import_compat": False,
        }
        return self.url_open(
            route,
            data={"data": json.dumps(params), "csrf_token": http.Request.csrf_token(self)},
        )

    def test_csv_export_by_salesperson_is_logged(self):
        self.authenticate("exp_rep", "exp_rep")
        response = self._export(
            "/web/export/csv", "res.partner", self.partners.ids, ["name", "email"]
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Exported Customer 2", response.text)
        log = self._logs(self.salesperson, "res.partner")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.record_count, 3)
        self.assertEqual(log.row_count, 3)
        self.assertEqual(log.field_names, "name, email")
        self.assertEqual(log.model_id.model, "res.partner")
        self.assertEqual(log.company_id, self.salesperson.company_id)
        self.assertTrue(log.date)

    def test_xlsx_list_download_of_leads_is_logged(self):
        self.authenticate("exp_rep", "exp_rep")
        response = self._export("/web/export/xlsx", "crm.lead", self.leads.ids, ["name"])
        self.assertEqual(response.status_code, 200)
        log = self._logs(self.salesperson, "crm.lead")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.record_count, 2)
        # a grouped list download reads the ids too, which are not an exported field
        response = self._export(
            "/web/export/xlsx", "crm.lead", self.leads.ids, ["name"], groupby=["user_id"]
        )
        self.assertEqual(response.status_code, 200)
        log = self._logs(self.salesperson, "crm.lead") - log
        self.assertEqual((log.record_count, log.field_names), (2, "name"))

    def test_export_data_is_logged_other_models_are_not(self):
        leads = self.leads.with_user(self.salesperson)
        datas = leads.export_data(["name", "user_id"])["datas"]
        self.assertEqual(len(datas), 2)
        log = self._logs(self.salesperson, "crm.lead")
        self.assertEqual((log.record_count, log.row_count), (2, 2))
        self.assertEqual(log.field_names, "name, user_id")
        count = self.Log.search_count([])
        self.env["res.country"].search([], limit=2).export_data(["name"])
        self.assertEqual(self.Log.search_count([]), count)

    def test_log_is_for_the_head_of_sales_and_read_only(self):
        self.partners.with_user(self.salesperson).export_data(["name"])
        log = self._logs(self.salesperson, "res.partner")
        self.assertEqual(len(log), 1)
        with self.assertRaises(AccessError):
            self.Log.with_user(self.salesperson).search([])
        with self.assertRaises(AccessError):
            self.Log.with_user(self.salesperson).create(
                {"user_id": self.salesperson.id, "model_id": log.model_id.id}
            )
        head_log = log.with_user(self.head)
        self.assertEqual(head_log.record_count, 3)
        self.assertIn(log, self.Log.with_user(self.head).search([]))
        with self.assertRaises(AccessError):
            head_log.write({"record_count": 0})
        with self.assertRaises(AccessError):
            head_log.unlink()
        with self.assertRaises(AccessError):
            self.Log.with_user(self.head).create(
                {"user_id": self.head.id, "model_id": log.model_id.id}
            )
        with self.assertRaises(AccessError):
            log.with_user(self.admin).write({"record_count": 0})
        log.with_user(self.admin).unlink()
        self.assertFalse(log.exists())

    def test_menu_and_views_for_the_head_of_sales(self):
        menu = self.env.ref("crm_pipeline.crm_export_log_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.head)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.salesperson)._visible_menu_ids())
        views = (
            self.env["crm.export.log"]
            .with_user(self.head)
            .get_views([(False, kind) for kind in ("list", "form", "pivot", "graph", "search")])
        )
        self.assertEqual(len(views["views"]), 5)
