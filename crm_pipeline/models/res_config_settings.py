from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_lifecycle_new_days = fields.Integer(
        string="New Customer For (Days)",
        config_parameter="crm_pipeline.lifecycle_new_days",
        default=90,
        help="A customer whose first invoice is this recent is New.",
    )
    crm_lifecycle_active_days = fields.Integer(
        string="Active If Invoiced Within (Days)",
        config_parameter="crm_pipeline.lifecycle_active_days",
        default=180,
        help="A customer with no invoice for longer is Lapsing.",
    )
    crm_lifecycle_lost_days = fields.Integer(
        string="Lost After (Days)",
        config_parameter="crm_pipeline.lifecycle_lost_days",
        default=365,
        help="A customer with no invoice for longer is Lost.",
    )
    crm_lifecycle_loyal_invoices = fields.Integer(
        string="Loyal From (Invoices in 12 Months)",
        config_parameter="crm_pipeline.lifecycle_loyal_invoices",
        default=4,
    )
