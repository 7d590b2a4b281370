from odoo import api, models
from odoo.tools import SQL

DIMENSIONS = SQL("date, company_id, product_categ_id, user_id, team_id, territory_id")


class CrmForecastRepeatTotal(models.Model):
    """The repeat customers' layer as the sales forecast reads it: the expected reorders of
    crm.forecast.repeat summed over the customers, per month, company, product category and
    the customers' salesperson, sales team and territory (as they were at the refresh). A few
    thousand rows instead of one per customer and month, so that reading the forecast costs
    little more than reading the pipeline; which customers are expected to reorder is shown by
    the reorder cycles. Rebuilt by a full refresh of crm.forecast.repeat, moved by the rows of
    the customers an incremental one rewrites.
    """

    _name = "crm.forecast.repeat.total"
    _inherit = ["crm.forecast.repeat.mixin"]
    _description = "Expected Reorders per Salesperson"
    _log_access = False
    _order = "date"

    @api.model
    def _rebuild(self):
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM crm_forecast_repeat_total;
                INSERT INTO crm_forecast_repeat_total (%(dimensions)s, reorder_count, amount)
                SELECT %(dimensions)s, SUM(reorder_count), SUM(amount)
                  FROM crm_forecast_repeat
              GROUP BY %(dimensions)s
                """,
                dimensions=DIMENSIONS,
            )
        )
        self.invalidate_model()

    @api.model
    def _add(self, scope_rows, sign):
        """Adds (``sign`` 1) or takes away (-1) the rows of crm.forecast.repeat in
        ``scope_rows`` to or from the sums, in one statement."""
        self.env.cr.execute(
            SQL(
                """
                WITH delta AS (
                    SELECT %(dimensions)s,
                           %(sign)s * SUM(reorder_count) AS reorder_count,
                           %(sign)s * SUM(amount) AS amount
                      FROM crm_forecast_repeat
                     WHERE %(scope)s
                  GROUP BY %(dimensions)s
                ), updated AS (
                    UPDATE crm_forecast_repeat_total total
                       SET reorder_count = total.reorder_count + delta.reorder_count,
                           amount = total.amount + delta.amount
                      FROM delta
                     WHERE (total.date, total.company_id, total.product_categ_id, total.user_id,
                            total.team_id, total.territory_id)
                           IS NOT DISTINCT FROM
                           (delta.date, delta.company_id, delta.product_categ_id, delta.user_id,
                            delta.team_id, delta.territory_id)
                 RETURNING total.date, total.company_id, total.product_categ_id, total.user_id,
                           total.team_id, total.territory_id
                )
                INSERT INTO crm_forecast_repeat_total (%(dimensions)s, reorder_count, amount)
                SELECT %(dimensions)s, reorder_count, amount
                  FROM delta
                 WHERE NOT EXISTS (
                       SELECT FROM updated
                        WHERE (updated.date, updated.company_id, updated.product_categ_id,
                               updated.user_id, updated.team_id, updated.territory_id)
                              IS NOT DISTINCT FROM
                              (delta.date, delta.company_id, delta.product_categ_id,
                               delta.user_id, delta.team_id, delta.territory_id));
                DELETE FROM crm_forecast_repeat_total WHERE reorder_count = 0;
                """,
                dimensions=DIMENSIONS,
                sign=sign,
                scope=scope_rows,
            )
        )
        self.invalidate_model()
