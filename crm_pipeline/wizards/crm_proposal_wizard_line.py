from odoo import fields, models


class CrmProposalWizardLine(models.TransientModel):
    _name = "crm.proposal.wizard.line"
    _description = "Commercial Proposal Wizard Line"

    wizard_id = fields.Many2one("crm.proposal.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", string="Product", required=True, domain=[("sale_ok", "=", True)]
    )
    product_uom_qty = fields.Float(string="Quantity", default=1.0, digits="Product Unit")
