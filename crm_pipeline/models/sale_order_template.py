from odoo import fields, models


class SaleOrderTemplate(models.Model):
    _inherit = "sale.order.template"

    proposal_cover_letter = fields.Html(
        string="Proposal Cover Letter",
        translate=True,
        sanitize_attributes=False,
        help="Opening letter of the commercial proposals built with this template, in the "
        "customer's language. The proposal wizard copies it onto the quotation, where it can be "
        "changed.",
    )
