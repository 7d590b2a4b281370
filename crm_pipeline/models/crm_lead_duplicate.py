from odoo import api, models

from . import crm_duplicate_tools as tools


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.owned.duplicate.mixin"]

    @api.depends("partner_name", "email_from", "phone", "partner_id")
    def _compute_owned_duplicate_warning(self):
        return super()._compute_owned_duplicate_warning()

    @api.constrains("partner_name", "email_from", "phone", "partner_id")
    def _check_owned_duplicate(self):
        self._check_owned_duplicates()

    def _owned_duplicate_values(self):
        self.ensure_one()
        return {
            "phone": tools.normalize_phone(self.phone),
            "email_domain": tools.email_domain(self.email_from),
            "name": self.partner_name,
            "exclude_ids": self.partner_id._origin.commercial_partner_id.ids,
        }
