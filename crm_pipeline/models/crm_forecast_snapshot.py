from odoo import api, fields, models
from odoo.tools import SQL


class CrmForecastSnapshot(models.Model):
    """The open pipeline as it stood on a day: one narrow row per open opportunity.

    Taken by a daily cron with a single INSERT ... SELECT; taking it twice the same day adds
    nothing (unique per day and opportunity). No create/write columns: a row is never edited.
    The forecast accuracy reports read it (what was forecast 30/60/90 days ahead, how close
    dates slipped).
    """

    _name = "crm.forecast.snapshot"
    _description = "Pipeline Snapshot"
    _log_access = False
    _order = "date desc, lead_id"
    _rec_name = "lead_id"

    date = fields.Date(required=True, readonly=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, readonly=True, ondelete="cascade"
    )
    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True, ondelete="set null")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, ondelete="set null")
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True, ondelete="set null")
    expected_revenue = fields.Float(readonly=True)
    probability = fields.Float(readonly=True)
    date_deadline = fields.Date(string="Expected Closing", readonly=True)

    _lead_date_unique = models.UniqueIndex("(lead_id, date)")
    _date_index = models.Index("(date)")

    @api.model
    def _take_snapshot(self, date=None):
        """Snapshot the open opportunities (active, neither won nor lost) on ``date`` (today by
        default); returns the number of rows added."""
        date = date or fields.Date.context_today(self)
        self.env["crm.lead"].flush_model(
            [
                "active",
                "type",
                "won_status",
                "stage_id",
                "user_id",
                "team_id",
                "expected_revenue",
                "probability",
                "date_deadline",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_forecast_snapshot
                       (date, lead_id, stage_id, user_id, team_id, expected_revenue,
                        probability, date_deadline)
                SELECT %(date)s, lead.id, lead.stage_id, lead.user_id, lead.team_id,
                       COALESCE(lead.expected_revenue, 0), COALESCE(lead.probability, 0),
                       lead.date_deadline
                  FROM crm_lead lead
                 WHERE lead.active
                   AND lead.type = 'opportunity'
                   AND lead.won_status = 'pending'
                ON CONFLICT (lead_id, date) DO NOTHING
                """,
                date=date,
            )
        )
        return self.env.cr.rowcount

    @api.model
    def _cron_take_snapshot(self):
        """Nightly: the snapshot, and the opportunities' split over product categories
        rewritten whole (it follows quotations as they change; this catches the rest)."""
        self._take_snapshot()
        self.env["crm.lead.categ.share"]._refresh_shares()
