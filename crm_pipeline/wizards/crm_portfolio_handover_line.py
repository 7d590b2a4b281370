from odoo import fields, models

HANDOVER_KINDS = [
    ("customer", "Customer"),
    ("contact", "Contact"),
    ("lead", "Lead"),
    ("opportunity", "Opportunity"),
    ("quotation", "Quotation"),
    ("activity", "Activity"),
]


class CrmPortfolioHandoverLine(models.TransientModel):
    _name = "crm.portfolio.handover.line"
    _description = "Portfolio Handover Preview Line"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "crm.portfolio.handover", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    kind = fields.Selection(HANDOVER_KINDS, string="Kind", required=True)
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Integer(string="Record ID", required=True)
    record_name = fields.Char(string="Record")
    current_user_id = fields.Many2one("res.users", string="Current Owner")
    new_user_id = fields.Many2one("res.users", string="New Owner")
