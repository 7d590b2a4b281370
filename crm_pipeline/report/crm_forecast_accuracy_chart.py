from odoo import fields, models
from odoo.tools import SQL

from .crm_forecast_accuracy_report import HORIZONS


class CrmForecastAccuracyChart(models.Model):
    """Forecast versus invoiced over time, as two series of one measure for a line chart: the
    rows of crm.forecast.accuracy.report, each once as "forecast" and once as "invoiced"."""

    _name = "crm.forecast.accuracy.chart"
    _description = "Forecast versus Invoiced"
    _auto = False
    _order = "period, series"
    _rec_name = "period"
    _depends = {"crm.forecast.accuracy.report": ["forecast_amount", "actual_amount"]}

    period = fields.Date(string="Month", readonly=True)
    horizon = fields.Selection(HORIZONS, readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    series = fields.Selection([("forecast", "Forecast"), ("actual", "Invoiced")], readonly=True)
    amount = fields.Float(readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT accuracy.id * 2 + series.pos AS id,
                   accuracy.period,
                   accuracy.horizon,
                   accuracy.user_id,
                   accuracy.team_id,
                   series.name AS series,
                   CASE series.name WHEN 'forecast' THEN accuracy.forecast_amount
                                    ELSE accuracy.actual_amount END AS amount
              FROM (%s) accuracy
             CROSS JOIN (VALUES (0, 'forecast'), (1, 'actual')) AS series(pos, name)
            """,
            self.env["crm.forecast.accuracy.report"]._table_query,
        )
