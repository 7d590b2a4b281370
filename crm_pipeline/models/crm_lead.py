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
