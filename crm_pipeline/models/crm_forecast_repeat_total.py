from odoo import api, fields, models
from odoo.tools import SQL


class CrmForecastRepeatTotal(models.Model):
    """The repeat customers' layer as the sales forecast reads it: the expected reorders of
    crm.forecast.repeat summed over the customers, per month, company, product category and
    the customers' salesperson, sales team and territory (as they were at the refresh). A few
    thousand rows instead of one per customer and month, so that reading the forecast costs
    little more than reading the pipeline; which customers are expected to reorder is shown by
    the reorder cycles. Rewritten whole after each refresh of crm.forecast.repeat.
    """

    _name = "crm.forecast.repeat.total"
    _description = "Expected Reorders per Salesperson"
    _log_access = False
    _order = "date"

    # plain ids, as in crm.forecast.repeat: only the forecast report reads the table
    date = fields.Date(string="Month", readonly=True)
    company_id = fields.Integer(string="Company", readonly=True)
    product_categ_id = fields.Integer(string="Product Category", readonly=True)
    user_id = fields.Integer(string="Salesperson", readonly=True)
    team_id = fields.Integer(string="Sales Team", readonly=True)
    territory_id = fields.Integer(string="Territory", readonly=True)
    reorder_count = fields.Integer(string="Expected Reorders", readonly=True)
    amount = fields.Float(string="Expected Revenue", readonly=True)

    @api.model
    def _refresh(self):
        self.env["res.partner"].flush_model(["team_id", "territory_id", "user_id"])
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM crm_forecast_repeat_total;
                INSERT INTO crm_forecast_repeat_total
                       (date, company_id, product_categ_id, user_id, team_id, territory_id,
                        reorder_count, amount)
                SELECT repeat.date, repeat.company_id, repeat.product_categ_id,
                       customer.user_id, customer.team_id, customer.territory_id,
                       SUM(repeat.reorder_count), SUM(repeat.amount)
                  FROM crm_forecast_repeat repeat
                  JOIN res_partner customer ON customer.id = repeat.partner_id
              GROUP BY 1, 2, 3, 4, 5, 6
                """
            )
        )
        self.invalidate_model()
