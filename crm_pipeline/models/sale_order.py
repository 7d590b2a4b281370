from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    proposal_cover_letter = fields.Html(
        string="Proposal Cover Letter",
        copy=True,
        help="Opening letter printed at the top of the Commercial Proposal.",
    )
