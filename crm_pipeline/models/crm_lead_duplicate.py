from odoo import api, models

from . import crm_duplicate_tools as tools


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.owned.duplicate.mixin"]

    @api.depends("partner_name", "email_from", "phone", "partner_id")
    def _compute_owned_duplicate_warning(self):
        return super()._compute_owned_duplicate_warning()

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._check_owned_duplicates()
        return leads

    def write(self, vals):
        res = super().write(vals)
        fields_criteria = {
            "partner_name": "name",
            "email_from": "email_domain",
            "phone": "phone",
        }
        criteria = {criterion for field, criterion in fields_criteria.items() if field in vals}
        if criteria:
            self._check_owned_duplicates(criteria)
        return res

    def _owned_duplicate_values(self):
        self.ensure_one()
        return {
            "phone": tools.normalize_phone(self.phone),
            "email_domain": tools.email_domain(self.email_from),
            "name": self.partner_name,
            "exclude_ids": self.partner_id._origin.commercial_partner_id.ids,
        }
