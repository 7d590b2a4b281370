from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # the listed pairs of the merged partners are settled: drop them rather than let the
        # merge point them at the partner kept (a pair of one partner with itself)
        self.env["crm.partner.duplicate"].sudo().search(
            [
                "|",
                ("partner_id", "in", list(partner_ids)),
                ("duplicate_id", "in", list(partner_ids)),
            ]
        ).unlink()
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
