from odoo import Command, fields, models


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    competitor_id = fields.Many2one(
        "crm.competitor",
        string="Lost to Competitor",
        help="The competitor who won the deal, if any.",
    )

    def action_lost_reason_apply(self):
        res = super().action_lost_reason_apply()
        if self.competitor_id:
            self.lead_ids.write(
                {
                    "lost_competitor_id": self.competitor_id.id,
                    "competitor_ids": [Command.link(self.competitor_id.id)],
                }
            )
        return res
