from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_opportunity_ids = fields.Many2many(
        "crm.lead",
        string="Opportunities",
        compute="_compute_crm_opportunity_ids",
        help="The opportunities behind the sales orders this invoice bills.",
    )

    @api.depends("invoice_line_ids.sale_line_ids.order_id.opportunity_id")
    def _compute_crm_opportunity_ids(self):
        for move in self:
            move.crm_opportunity_ids = move.invoice_line_ids.sale_line_ids.order_id.opportunity_id

    def action_view_crm_opportunities(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Opportunities"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("id", "in", self.crm_opportunity_ids.ids)],
            "context": {"create": False, "edit": False},
        }

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._refresh_customer_lifecycle()
        return posted

    def button_draft(self):
        result = super().button_draft()
        self._refresh_customer_lifecycle()
        return result

    def button_cancel(self):
        result = super().button_cancel()
        self._refresh_customer_lifecycle()
        return result

    def _refresh_customer_lifecycle(self):
        """Customer invoices change their customer's lifecycle: refresh those customers only."""
        customers = self.filtered(
            lambda move: move.move_type == "out_invoice"
        ).commercial_partner_id
        if customers:
            self.env["res.partner"].sudo()._refresh_lifecycle_status(customers.ids)
