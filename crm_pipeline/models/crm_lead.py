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
        """Products recommended for this opportunity's proposal (hook).

        The proposal wizard pre-fills its lines with these products, one unit each. The
        recommendation engine of the customer analytics (issue #4) overrides this method; by
        default nothing is recommended, whether or not the customer has bought before, so the
        salesperson picks the products.

        :return: ``product.product`` recordset, in the order they should be proposed
        """
        self.ensure_one()
        return self.env["product.product"]
