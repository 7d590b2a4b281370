from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import CrmPipelineCase

TODAY = date(2026, 6, 30)


def days_ago(days):
    return TODAY - timedelta(days=days)


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestLifecycle(CrmPipelineCase):
    """Statuses follow the posted customer invoices, with the default thresholds:
    new 90 days, active 180 days, lost 365 days, loyal from 4 invoices in 12 months."""

    def _status_after(self, invoice_ages):
        partner = self._create_customer("Lifecycle Co", self.rep)
        for age in invoice_ages:
            self._create_invoice(partner, days_ago(age))
        return partner

    def test_statuses_from_invoice_history(self):
        cases = {
            "prospect": [],
            "new": [30],
            "active": [400, 100],
            "loyal": [500, 300, 200, 120, 60, 20],
            "lapsing": [400, 200],
            "lost": [800, 400],
        }
        for expected, ages in cases.items():
            with self.subTest(expected=expected):
                partner = self._status_after(ages)
                self.assertEqual(partner.lifecycle_status, expected)
                self.assertEqual(partner.child_ids.lifecycle_status, expected, "contacts follow")

    def test_posting_updates_only_that_customer(self):
        other = self._status_after([30])
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_status = 'lost' WHERE id = %s", [other.id]
        )
        other.invalidate_recordset(["lifecycle_status"])
        partner = self._create_customer("Fresh Co", self.rep)
        self.assertEqual(partner.lifecycle_status, "prospect")
        invoice = self._create_invoice(partner, days_ago(5))
        self.assertEqual(partner.lifecycle_status, "new")
        self.assertEqual(other.lifecycle_status, "lost", "an unrelated customer is not recomputed")
        invoice.button_draft()
        self.assertEqual(partner.lifecycle_status, "prospect")

    def test_draft_invoices_and_refunds_do_not_count(self):
        partner = self._create_customer("Draft Co", self.rep)
        self._create_invoice(partner, days_ago(5), post=False)
        self.env["account.move"].create(
            {"move_type": "out_refund", "partner_id": partner.id, "invoice_date": days_ago(5)}
        )
        self.env["res.partner"]._refresh_lifecycle_status()
        self.assertEqual(partner.lifecycle_status, "prospect")

    def test_thresholds_come_from_settings(self):
        partner = self._status_after([200])
        self.assertEqual(partner.lifecycle_status, "lapsing")
        settings = Form(self.env["res.config.settings"])
        settings.crm_lifecycle_active_days = 250
        settings.save().execute()
        self.env["res.partner"]._refresh_lifecycle_status()
        self.assertEqual(partner.lifecycle_status, "active")

    def test_status_is_searchable(self):
        lost = self._status_after([800])
        found = self.env["res.partner"].search([("lifecycle_status", "=", "lost")])
        self.assertIn(lost, found)
        self.assertNotIn(self.customer, found)

    def test_full_refresh_costs_the_same_for_many_customers(self):
        self._status_after([30])
        refresh = self.env["res.partner"]._refresh_lifecycle_status
        refresh()
        with self.assertQueryCount(3):
            refresh()
        for index in range(20):
            self._create_customer(f"Bulk {index}", self.rep)
        refresh()
        with self.assertQueryCount(3):
            refresh()

    def test_daily_cron_is_scheduled(self):
        cron = self.env.ref("crm_pipeline.ir_cron_refresh_lifecycle_status")
        self.assertTrue(cron.active)
        self.assertEqual(cron.interval_type, "days")
        self.assertIn("_cron_refresh_lifecycle_status", cron.code)
