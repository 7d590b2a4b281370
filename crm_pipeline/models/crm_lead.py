from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    competitor_ids = fields.Many2many(
        "crm.competitor",
        "crm_competitor_crm_lead_rel",
        "lead_id",
        "competitor_id",
        string="Competitors",
        check_company=True,
        help="The competitors met on this opportunity.",
    )
    lost_competitor_id = fields.Many2one(
        "crm.competitor",
        string="Lost to Competitor",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=72,
        copy=False,
        help="The competitor who won the deal when this opportunity was lost.",
    )

    def action_unarchive(self):
        restored = self.filtered(lambda lead: not lead.active and lead.lost_competitor_id)
        res = super().action_unarchive()
        if restored:
            restored.write({"lost_competitor_id": False})
        return res

    def action_open_proposal_wizard(self):
        """Open the wizard that builds a quotation (commercial proposal) for the customer."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_pipeline.crm_proposal_wizard_action"
        )
        action["context"] = {"default_lead_id": self.id}
        return action

    def _crm_proposal_suggested_products(self):
        """Products recommended for this opportunity's proposal: the customer's next-best
        products (reorders due, then products bought together with theirs, see
        ``crm.product.suggestion``). The proposal wizard pre-fills its lines with them, one unit
        each; an opportunity without a customer gets none.

        :return: ``product.product`` recordset, in the order they should be proposed
        """
        self.ensure_one()
        if not self.partner_id:
            return self.env["product.product"]
        suggestions = self.env["crm.product.suggestion"]._crm_suggested_products(
            self.partner_id, limit=5
        )
        return suggestions.product_id
