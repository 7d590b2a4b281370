from odoo import _, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def action_view_suggested_products(self):
        """Open the next-best products of the opportunity's customer."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("Set the customer of the opportunity to see suggested products."))
        return self.partner_id.action_view_suggested_products()
