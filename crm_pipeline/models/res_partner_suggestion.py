from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_view_suggested_products(self):
        """Open the next-best products of this customer, computed now."""
        self.ensure_one()
        suggestions = self.env["crm.product.suggestion"]._crm_suggested_products(self, limit=20)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pipeline.crm_product_suggestion_action"
        )
        action["domain"] = [("id", "in", suggestions.ids)]
        action["context"] = {"create": False}
        return action
