from odoo import fields, models


class CrmCustomerCost(models.Model):
    """Costs other applications report per customer and kind (service time and materials,
    campaigns...), through ``crm.customer.analytics._customer_cost_queries``; refreshed with
    the customer analytics, they reduce the customer's profit in the customer P&L."""

    _name = "crm.customer.cost"
    _description = "Customer Cost"
    _order = "partner_id, cost_kind"
    _rec_name = "cost_kind"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    cost_kind = fields.Char(string="Kind of Cost", readonly=True)
    amount = fields.Monetary(string="Amount", readonly=True)
