from odoo import api, fields, models
from odoo.tools import SQL


class CrmForecastRepeat(models.Model):
    """The repeat customers' layer of the sales forecast, by month: what each customer is
    expected to reorder, from their reorder cycles (crm.customer.reorder).

    A cycle that is not overdue is expected again on its next expected date (today if that date
    has just passed, within the tolerance), then every usual interval until the forecast's
    horizon, each time for the customer's average purchase of the product. Overdue cycles are
    left out: those customers are on the call lists, not in the forecast. The rows are summed
    per customer, company, product category and month, and rewritten with the customer
    analytics (nightly, on demand, and for one customer when an invoice of theirs posts); the
    forecast reads their sums over the customers (crm.forecast.repeat.total).
    """

    _name = "crm.forecast.repeat"
    _inherit = ["crm.forecast.repeat.mixin"]
    _description = "Expected Reorders"
    _log_access = False
    _order = "date, partner_id"

    # the customer's salesperson, team and territory are those of when the row was written:
    # the sums of crm.forecast.repeat.total are kept by them
    partner_id = fields.Integer(string="Customer", readonly=True, index=True)

    @api.model
    def _refresh(self, scope_rows, today, full=False):
        """Rewrites the rows of the customers in ``scope_rows`` (an SQL condition on
        ``partner_id``; ``full`` when it holds every customer) from their stored reorder cycles,
        as of ``today``, and brings the sums of crm.forecast.repeat.total along: rebuilt after a
        full refresh, moved by the customers' old and new rows otherwise."""
        horizon = self.env["crm.forecast.report"]._forecast_horizon(today)
        Total = self.env["crm.forecast.repeat.total"]
        cr = self.env.cr
        if not full:
            Total._add(scope_rows, -1)
        cr.execute(SQL("DELETE FROM crm_forecast_repeat WHERE %s", scope_rows))
        cr.execute(
            SQL(
                """
                INSERT INTO crm_forecast_repeat
                       (date, partner_id, company_id, product_categ_id, user_id, team_id,
                        territory_id, reorder_count, amount)
                SELECT date_trunc('month', reorder.day)::date,
                       cycle.partner_id, cycle.company_id, template.categ_id,
                       customer.user_id, customer.team_id, customer.territory_id,
                       COUNT(*), SUM(cycle.avg_amount)
                  FROM (SELECT * FROM crm_customer_reorder WHERE %(scope)s AND NOT is_overdue)
                       cycle
                  JOIN res_partner customer ON customer.id = cycle.partner_id
                  JOIN product_product product ON product.id = cycle.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 CROSS JOIN LATERAL generate_series(
                           GREATEST(cycle.next_expected_date, %(today)s::date)::timestamp,
                           %(horizon)s::date - 1,
                           make_interval(days => GREATEST(
                               ROUND(cycle.median_interval_days::numeric)::int, 1))
                       ) AS reorder(day)
              GROUP BY 1, 2, 3, 4, 5, 6, 7
                """,
                today=today,
                horizon=horizon,
                scope=scope_rows,
            )
        )
        self.invalidate_model()
        if full:
            Total._rebuild()
        else:
            Total._add(scope_rows, 1)
