from odoo import fields, models


class CrmForecastRepeatMixin(models.AbstractModel):
    """The columns shared by the expected reorders per customer (crm.forecast.repeat) and their
    sums (crm.forecast.repeat.total): month, company, product category, the customer's
    salesperson, team and territory, and the expected reorders and revenue.

    Plain ids rather than many2one fields: both tables are rewritten by the refresh and read
    only through the forecast report; foreign-key checks on their rows would cost more than
    computing them. The customers they name have posted invoices and cannot be deleted.
    """

    _name = "crm.forecast.repeat.mixin"
    _description = "Expected Reorders"

    date = fields.Date(string="Month", readonly=True)
    company_id = fields.Integer(string="Company", readonly=True)
    product_categ_id = fields.Integer(string="Product Category", readonly=True)
    user_id = fields.Integer(string="Salesperson", readonly=True)
    team_id = fields.Integer(string="Sales Team", readonly=True)
    territory_id = fields.Integer(string="Territory", readonly=True)
    reorder_count = fields.Integer(string="Expected Reorders", readonly=True)
    amount = fields.Float(string="Expected Revenue", readonly=True)
