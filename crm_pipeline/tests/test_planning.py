from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestOutOfContactReminders(CrmPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.env.ref("crm_pipeline.crm_customer_tier_key")  # every 30 days
        cls.occasional = cls.env.ref("crm_pipeline.crm_customer_tier_occasional")  # never
        cls.activity_type = cls.env.ref("crm_pipeline.mail_activity_type_no_contact")
        cls.now = fields.Datetime.now()

    def _active_customer(self, name, tier, last_contact_days=None, invoice_days=120):
        partner = self._create_customer(name, self.rep, customer_tier_id=tier.id)
        self._create_invoice(partner, fields.Date.today() - timedelta(days=invoice_days))
        # a customer entered long ago, not a fresh one still inside its first contact interval
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id = %s",
            [self.now - timedelta(days=400), partner.id],
        )
        partner.invalidate_recordset(["create_date"])
        if last_contact_days is not None:
            self.env["crm.interaction"].create(
                {
                    "name": "Call",
                    "partner_id": partner.id,
                    "date": self.now - timedelta(days=last_contact_days),
                }
            )
        return partner

    def _reminders(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_reminds_account_manager_once(self):
        forgotten = self._active_customer("Forgotten", self.key, last_contact_days=45)
        never_called = self._active_customer("Never Called", self.key)
        recent = self._active_customer("Recent", self.key, last_contact_days=5)
        occasional = self._active_customer("Occasional", self.occasional, last_contact_days=300)
        lost = self._active_customer("Gone", self.key, last_contact_days=400, invoice_days=500)
        self.assertEqual(lost.lifecycle_status, "lost")
        everyone = forgotten | never_called | recent | occasional | lost

        self.env["res.partner"]._remind_out_of_contact()
        reminders = self._reminders(everyone)
        self.assertEqual(set(reminders.mapped("res_id")), {forgotten.id, never_called.id})
        self.assertEqual(reminders.user_id, self.rep)

        self.assertEqual(self.env["res.partner"]._remind_out_of_contact(), 0, "no duplicate")
        self.assertEqual(self._reminders(everyone), reminders)

    def test_past_meeting_counts_as_contact(self):
        partner = self._active_customer("Met", self.key, last_contact_days=45)
        self.env["calendar.event"].create(
            {
                "name": "Visit",
                "start": self.now - timedelta(days=3),
                "stop": self.now - timedelta(days=3, hours=-1),
                "partner_ids": [Command.link(partner.child_ids.id)],
            }
        )
        self.env["res.partner"]._remind_out_of_contact()
        self.assertFalse(self._reminders(partner))

    def test_query_budget_does_not_grow_with_customers(self):
        self._active_customer("First", self.key, last_contact_days=45)
        with self.assertQueryCount(4):
            self.env["res.partner"]._customers_out_of_contact()
        for index in range(10):
            self._active_customer(f"More {index}", self.key, last_contact_days=45)
        with self.assertQueryCount(4):
            self.env["res.partner"]._customers_out_of_contact()

    @users("head")
    def test_head_of_sales_sees_team_activities(self):
        self._active_customer("Forgotten", self.key, last_contact_days=45)
        self.env["res.partner"].sudo()._remind_out_of_contact()
        action = (
            self.env["ir.actions.act_window"]
            .sudo()
            ._for_xml_id("crm_pipeline.mail_activity_action_out_of_contact")
        )
        found = self.env["mail.activity"].search(safe_eval(action["domain"]))
        self.assertEqual(found.user_id, self.rep)
