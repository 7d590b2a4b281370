from odoo import api, fields, models
from odoo.tools import SQL

HORIZONS = [("30", "30 Days Ahead"), ("60", "60 Days Ahead"), ("90", "90 Days Ahead")]


class CrmForecastAccuracyReport(models.Model):
    """Back-test of the forecast: for each past month, per salesperson and sales team, what the
    pipeline snapshots forecast 30, 60 and 90 days ahead against what was actually invoiced.

    - Forecast at h days for month M: the weighted revenue (expected revenue x probability) of
      the opportunities expected to close in M, in the latest snapshot taken on or before the
      first day of M minus h days. Months before that snapshot have no row.
    - Actual of month M: the untaxed amount of the customer invoices (net of credit notes)
      posted with an invoice date in M, whose lines bill the sales orders of an opportunity;
      attributed to the opportunity's salesperson and team.

    A month is in the back-test once it is over. ``ape`` is the absolute percentage error of a
    row; ``_accuracy_metrics`` gives MAPE and bias for any grouping.
    """

    _name = "crm.forecast.accuracy.report"
    _description = "Forecast Accuracy"
    _auto = False
    _order = "period desc, horizon, id"
    _rec_name = "period"
    _depends = {
        "crm.forecast.snapshot": [
            "date",
            "date_deadline",
            "expected_revenue",
            "probability",
            "team_id",
            "user_id",
        ],
        "crm.lead": ["team_id", "user_id"],
        "sale.order": ["opportunity_id"],
        "sale.order.line": ["invoice_lines", "order_id"],
        "account.move": ["invoice_date", "move_type", "state"],
        "account.move.line": ["balance", "move_id"],
    }

    period = fields.Date(string="Month", readonly=True)
    horizon = fields.Selection(HORIZONS, readonly=True)
    snapshot_date = fields.Date(
        readonly=True, help="The day of the pipeline snapshot the forecast was read from."
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    forecast_amount = fields.Float(string="Forecast", readonly=True)
    actual_amount = fields.Float(string="Invoiced", readonly=True)
    error_amount = fields.Float(
        string="Error", readonly=True, help="Forecast minus invoiced: positive when over-forecast."
    )
    abs_error_amount = fields.Float(string="Absolute Error", readonly=True)
    ape = fields.Float(
        string="Absolute Percentage Error (%)",
        aggregator="avg",
        readonly=True,
        help="Absolute error divided by what was invoiced, in percent; empty when nothing was "
        "invoiced. Its average over rows is the MAPE.",
    )

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            WITH first_snapshot AS (
                SELECT MIN(date) AS date FROM crm_forecast_snapshot
            ),
            period AS (
                SELECT generate_series(
                           date_trunc('month', first_snapshot.date),
                           date_trunc('month', %(today)s::date) - interval '1 month',
                           interval '1 month'
                       )::date AS period
                  FROM first_snapshot
                 WHERE first_snapshot.date IS NOT NULL
            ),
            as_of AS (
                SELECT period.period,
                       horizon.days,
                       (SELECT MAX(snapshot.date)
                          FROM crm_forecast_snapshot snapshot
                         WHERE snapshot.date <= period.period - horizon.days) AS snapshot_date
                  FROM period
                 CROSS JOIN (VALUES (30), (60), (90)) AS horizon(days)
            ),
            forecast AS (
                SELECT as_of.period,
                       as_of.days,
                       as_of.snapshot_date,
                       snapshot.user_id,
                       snapshot.team_id,
                       SUM(snapshot.expected_revenue * snapshot.probability / 100.0) AS amount
                  FROM as_of
                  JOIN crm_forecast_snapshot snapshot
                       ON snapshot.date = as_of.snapshot_date
                      AND snapshot.date_deadline >= as_of.period
                      AND snapshot.date_deadline < (as_of.period + interval '1 month')::date
                 GROUP BY 1, 2, 3, 4, 5
            ),
            actual AS (
                SELECT date_trunc('month', billed.invoice_date)::date AS period,
                       lead.user_id,
                       lead.team_id,
                       SUM(billed.amount) AS amount
                  FROM (
                        SELECT DISTINCT ON (line.id, sale.opportunity_id)
                               sale.opportunity_id,
                               move.invoice_date,
                               -line.balance AS amount
                          FROM account_move_line line
                          JOIN account_move move ON move.id = line.move_id
                          JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = line.id
                          JOIN sale_order_line order_line ON order_line.id = rel.order_line_id
                          JOIN sale_order sale ON sale.id = order_line.order_id
                         WHERE move.state = 'posted'
                           AND move.move_type IN ('out_invoice', 'out_refund')
                           AND sale.opportunity_id IS NOT NULL
                           AND move.invoice_date < date_trunc('month', %(today)s::date)
                       ) billed
                  JOIN crm_lead lead ON lead.id = billed.opportunity_id
                 GROUP BY 1, 2, 3
            ),
            compared AS (
                SELECT keyed.period,
                       keyed.days,
                       keyed.snapshot_date,
                       keyed.user_id,
                       keyed.team_id,
                       SUM(keyed.forecast_amount) AS forecast_amount,
                       SUM(keyed.actual_amount) AS actual_amount
                  FROM (
                        SELECT forecast.period, forecast.days, forecast.snapshot_date,
                               forecast.user_id, forecast.team_id,
                               forecast.amount AS forecast_amount, 0.0 AS actual_amount
                          FROM forecast
                         UNION ALL
                        SELECT as_of.period, as_of.days, as_of.snapshot_date,
                               actual.user_id, actual.team_id,
                               0.0 AS forecast_amount, actual.amount AS actual_amount
                          FROM as_of
                          JOIN actual ON actual.period = as_of.period
                         WHERE as_of.snapshot_date IS NOT NULL
                       ) keyed
                 GROUP BY 1, 2, 3, 4, 5
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY compared.period, compared.days,
                                compared.user_id NULLS FIRST, compared.team_id NULLS FIRST
                   ) AS id,
                   compared.period,
                   compared.days::text AS horizon,
                   compared.snapshot_date,
                   compared.user_id,
                   compared.team_id,
                   compared.forecast_amount,
                   compared.actual_amount,
                   compared.forecast_amount - compared.actual_amount AS error_amount,
                   ABS(compared.forecast_amount - compared.actual_amount) AS abs_error_amount,
                   CASE WHEN compared.actual_amount != 0
                        THEN 100.0 * ABS(compared.forecast_amount - compared.actual_amount)
                             / ABS(compared.actual_amount)
                   END AS ape
              FROM compared
            """,
            today=today,
        )

    @api.model
    def _accuracy_metrics(self, domain, groupby):
        """MAPE and bias per group of ``groupby`` (a field of this report, e.g. "user_id"),
        over the rows of ``domain``: the forecast and invoiced amounts are added up per group
        and month first, then MAPE = mean over the months (with something invoiced) of
        |forecast - invoiced| / invoiced, and bias = (forecast - invoiced) / invoiced over all
        months, both in percent. Returns {group value: {"mape", "bias", "forecast", "actual"}}.
        """
        rows = self._read_group(
            domain,
            [groupby, "period:month"],
            ["forecast_amount:sum", "actual_amount:sum"],
        )
        metrics = {}
        for group, _month, forecast, actual in rows:
            key = group.id if isinstance(group, models.BaseModel) else group
            figures = metrics.setdefault(key, {"forecast": 0.0, "actual": 0.0, "ape": []})
            figures["forecast"] += forecast
            figures["actual"] += actual
            if actual:
                figures["ape"].append(abs(forecast - actual) / abs(actual) * 100.0)
        for figures in metrics.values():
            apes = figures.pop("ape")
            figures["mape"] = sum(apes) / len(apes) if apes else None
            figures["bias"] = (
                (figures["forecast"] - figures["actual"]) / abs(figures["actual"]) * 100.0
                if figures["actual"]
                else None
            )
        return metrics
