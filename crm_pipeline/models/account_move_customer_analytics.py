from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._refresh_customer_analytics()
        return posted

    def button_draft(self):
        result = super().button_draft()
        self._refresh_customer_analytics()
        return result

    def button_cancel(self):
        result = super().button_cancel()
        self._refresh_customer_analytics()
        return result

    def _refresh_customer_analytics(self):
        """Customer invoices and refunds change their customers' analytics: refresh only those
        customers, with the same SQL as the full refresh and a partner filter."""
        customers = self.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        ).commercial_partner_id
        if customers:
            self.env["crm.customer.analytics"].sudo()._refresh(customers.ids)
