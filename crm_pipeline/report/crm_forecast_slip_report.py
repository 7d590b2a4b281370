from odoo import fields, models
from odoo.tools import SQL


class CrmForecastSlipReport(models.Model):
    """How often and how far expected close dates slipped, from the pipeline snapshots.

    One row per opportunity and month in which it was snapshotted. A slip is a snapshot whose
    expected closing is later than in the opportunity's previous snapshot; ``slip_days`` adds up
    how many days later. ``slip_rate`` is 100 when the opportunity slipped in the month, so its
    average is the share of opportunities that slipped.
    """

    _name = "crm.forecast.slip.report"
    _description = "Close Date Slips"
    _auto = False
    _order = "period desc, id"
    _rec_name = "lead_id"
    _depends = {
        "crm.forecast.snapshot": ["date", "date_deadline", "lead_id", "team_id", "user_id"],
    }

    period = fields.Date(string="Month", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    slip_count = fields.Integer(string="Slips", readonly=True)
    slip_rate = fields.Float(
        string="Slipped (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the opportunities whose expected closing moved later.",
    )
    slip_days = fields.Integer(
        string="Days Slipped", readonly=True, help="Days the expected closing moved later."
    )
    slip_days_avg = fields.Float(
        string="Average Slip (Days)",
        aggregator="avg",
        readonly=True,
        help="Days the expected closing moved later per slip.",
    )
    first_deadline = fields.Date(
        string="Expected Closing at Start", readonly=True, help="In the month's first snapshot."
    )
    last_deadline = fields.Date(
        string="Expected Closing at End", readonly=True, help="In the month's last snapshot."
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH moved AS (
                SELECT snapshot.lead_id,
                       snapshot.date,
                       snapshot.user_id,
                       snapshot.team_id,
                       snapshot.date_deadline,
                       snapshot.date_deadline - LAG(snapshot.date_deadline) OVER (
                           PARTITION BY snapshot.lead_id ORDER BY snapshot.date
                       ) AS shift
                  FROM crm_forecast_snapshot snapshot
            ),
            monthly AS (
                SELECT moved.lead_id,
                       date_trunc('month', moved.date)::date AS period,
                       (ARRAY_AGG(moved.user_id ORDER BY moved.date DESC))[1] AS user_id,
                       (ARRAY_AGG(moved.team_id ORDER BY moved.date DESC))[1] AS team_id,
                       (ARRAY_AGG(moved.date_deadline ORDER BY moved.date))[1] AS first_deadline,
                       (ARRAY_AGG(moved.date_deadline ORDER BY moved.date DESC))[1]
                           AS last_deadline,
                       COUNT(*) FILTER (WHERE moved.shift > 0) AS slip_count,
                       COALESCE(SUM(moved.shift) FILTER (WHERE moved.shift > 0), 0) AS slip_days
                  FROM moved
                 GROUP BY 1, 2
            )
            SELECT monthly.lead_id::bigint * 100000
                       + EXTRACT(YEAR FROM monthly.period)::int * 12
                       + EXTRACT(MONTH FROM monthly.period)::int AS id,
                   monthly.period,
                   monthly.lead_id,
                   monthly.user_id,
                   monthly.team_id,
                   1 AS opportunity_count,
                   monthly.slip_count,
                   CASE WHEN monthly.slip_count > 0 THEN 100.0 ELSE 0.0 END AS slip_rate,
                   monthly.slip_days,
                   CASE WHEN monthly.slip_count > 0
                        THEN monthly.slip_days::float / monthly.slip_count
                   END AS slip_days_avg,
                   monthly.first_deadline,
                   monthly.last_deadline
              FROM monthly
            """
        )
