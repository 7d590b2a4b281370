from freezegun import freeze_time

from odoo.tests import tagged

from .common_analytics import TODAY, AnalyticsCase, days_ago


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestReorder(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Omega buys Gadgets after 20, 20 and 50 days (median 20, average 30), last 40 days
        # ago: 20 days past its usual interval, more than the 20% tolerance (4 days): overdue.
        # Two invoices on the same day count as one purchase; a credit note is no purchase.
        cls.omega = cls._customer_with_history(
            "Omega LLC",
            cls.rep,
            [
                (130, "out_invoice", [(cls.gadget, 1, 50.0, 0)]),
                (110, "out_invoice", [(cls.gadget, 2, 50.0, 0)]),
                (110, "out_invoice", [(cls.gadget, 1, 50.0, 0), (cls.widget, 1, 100.0, 0)]),
                (90, "out_invoice", [(cls.gadget, 1, 50.0, 0)]),
                (40, "out_invoice", [(cls.gadget, 1, 50.0, 0), (cls.widget, 1, 100.0, 0)]),
                (20, "out_refund", [(cls.gadget, 1, 50.0, 0)]),
            ],
        )
        cls.env["crm.customer.analytics"]._refresh()

    def _cycles(self, user=None):
        model = self.env["crm.customer.reorder"]
        if user:
            model = model.with_user(user)
        return {(row.partner_id.id, row.product_id.id): row for row in model.search([])}

    def test_cycles_match_a_plain_computation(self):
        expected = self.expected_reorder()
        cycles = self._cycles()
        self.assertEqual(set(cycles), set(expected))
        self.assertIn((self.omega.id, self.gadget.id), cycles)
        self.assertNotIn((self.omega.id, self.widget.id), cycles, "two purchases are not a cycle")
        for key, exp in expected.items():
            row = cycles[key]
            with self.subTest(customer=row.partner_id.name, product=row.product_id.name):
                self.assertEqual(row.purchase_count, exp["purchase_count"])
                self.assertEqual(row.last_date, exp["last_date"])
                self.assertAlmostEqual(row.median_interval_days, exp["median"], places=2)
                self.assertAlmostEqual(row.avg_interval_days, exp["average"], places=2)
                self.assertAlmostEqual(row.avg_amount, exp["avg_amount"], places=2)
                self.assertEqual(row.next_expected_date, exp["next"])
                self.assertEqual(row.overdue_days, (TODAY - exp["next"]).days)
                self.assertEqual(row.is_overdue, exp["overdue"])
        omega = cycles[self.omega.id, self.gadget.id]
        self.assertEqual(
            (omega.purchase_count, omega.median_interval_days, omega.avg_interval_days),
            (4, 20.0, 30.0),
        )
        self.assertEqual(omega.avg_amount, 75.0, "150 on the day of two invoices, 50 on others")
        self.assertEqual(omega.next_expected_date, days_ago(20))
        self.assertTrue(omega.is_overdue)
        alpha = cycles[self.alpha.id, self.widget.id]
        self.assertFalse(alpha.is_overdue, "Alpha bought 10 days ago, every 30 days")
        analytics = self.env["crm.customer.analytics"].search([("partner_id", "=", self.omega.id)])
        self.assertEqual(analytics.reorder_overdue_count, 1)

    def test_repeat_purchase_rate(self):
        expected = self.expected()
        repeat = [pid for pid, row in expected.items() if row["invoice_count"] > 1]
        [(rate,)] = self.env["crm.customer.analytics"]._read_group([], [], ["repeat_rate:avg"])
        self.assertAlmostEqual(rate, 100 * len(repeat) / len(expected), places=4)

    def test_new_purchase_moves_the_cycle_incrementally(self):
        self._invoice(self.omega, 2, [(self.gadget, 1, 50.0, 0)])
        omega = self._cycles()[self.omega.id, self.gadget.id]
        self.assertEqual(omega.purchase_count, 5)
        self.assertEqual(omega.last_date, days_ago(2))
        self.assertFalse(omega.is_overdue)

    def test_cycle_goes_with_its_purchases(self):
        """A third purchase of the widget makes a cycle; resetting it to draft takes the cycle
        away again, at once and at the next full refresh, and leaves the others."""
        invoice = self._invoice(self.omega, 5, [(self.widget, 1, 100.0, 0)])
        self.assertIn((self.omega.id, self.widget.id), self._cycles())
        invoice.button_draft()
        cycles = self._cycles()
        self.assertNotIn((self.omega.id, self.widget.id), cycles)
        self.assertIn((self.omega.id, self.gadget.id), cycles)
        self.env["crm.customer.analytics"]._refresh()
        self.assertEqual(set(self._cycles()), set(cycles))

    def test_visibility(self):
        rep_customers = {partner_id for partner_id, _product in self._cycles(self.rep)}
        self.assertIn(self.omega.id, rep_customers)
        self.assertNotIn(self.epsilon.id, rep_customers, "another salesperson's customer")
        head_customers = {partner_id for partner_id, _product in self._cycles(self.head)}
        self.assertIn(self.epsilon.id, head_customers)

    def test_schedule_calls_for_overdue_customers(self):
        overdue = (
            self.env["crm.customer.reorder"].with_user(self.rep).search([("is_overdue", "=", True)])
        )
        self.assertIn(self.omega, overdue.partner_id)
        overdue.action_schedule_calls()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", overdue.partner_id.ids)]
        )
        self.assertEqual(len(activities), len(overdue.partner_id), "one call per customer")
        call = activities.filtered(lambda activity: activity.res_id == self.omega.id)
        self.assertEqual(call.user_id, self.rep, "for the customer's account manager")
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn("Gadget", call.note)
        overdue.action_schedule_calls()
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "res.partner"), ("res_id", "in", overdue.partner_id.ids)]
            ),
            len(activities),
            "no second call while one is planned",
        )
