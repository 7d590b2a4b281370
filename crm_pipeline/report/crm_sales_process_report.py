from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class CrmSalesProcessReport(models.Model):
    """Sales process analysis: one row per opportunity and stage it has been in.

    Stage history comes from mail tracking: every change of ``crm.lead.stage_id`` leaves a
    ``mail.tracking.value`` (old and new stage, date). Odoo's ``duration_tracking`` field is
    computed in Python from these same rows, record by record, and is not stored, so the report
    reads the tracking values in SQL instead: a stage is left at its change, and was entered at
    the previous change (or the creation of the opportunity). The stage an opportunity is in now
    counts until now when it is open, until its closing date when it is lost, and not at all when
    it is won (time spent after winning is not sales time).

    Funnel: a row says the opportunity reached the stage (``reached_count``) and whether it
    went on to a later stage in the stage sequence (``advanced_count``); conversion is their
    ratio. Opportunity figures (count, won, lost, win rate, cycle length, revenue) are given once
    per opportunity, on the row of the stage it is in now, so they add up right in any grouping.

    The slowest stage is, per sales team, the stage (other than won) where its opportunities
    spent the longest on average.

    Only opportunities that are open, won or lost are counted (archived ones that were not lost
    are left out). Record rules of its own (security/crm_sales_analysis_security.xml) give a
    salesperson the rows of the opportunities they may read.
    """

    _name = "crm.sales.process.report"
    _inherit = ["crm.report.xlsx.mixin"]
    _description = "Sales Process Analysis"
    _auto = False
    _order = "lead_id desc, stage_sequence, stage_id"
    _rec_name = "lead_id"
    _depends = {
        "crm.lead": [
            "active",
            "company_id",
            "country_id",
            "create_date",
            "date_closed",
            "expected_revenue",
            "lost_reason_id",
            "partner_id",
            "source_id",
            "stage_id",
            "team_id",
            "type",
            "user_id",
            "won_status",
        ],
        "crm.stage": ["is_won", "sequence"],
        "mail.tracking.value": ["create_date", "field_id", "old_value_integer"],
        "res.partner": ["commercial_partner_id", "country_id", "territory_id"],
        "res.company": ["currency_id"],
    }

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True)
    stage_sequence = fields.Integer(string="Stage Sequence", readonly=True, aggregator=False)
    is_current_stage = fields.Boolean(
        string="Current Stage", readonly=True, help="The opportunity is in this stage now."
    )
    is_slowest_stage = fields.Boolean(
        string="Slowest Stage",
        readonly=True,
        help="The stage where the opportunities of this sales team spend the longest on average.",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer Company", readonly=True)
    territory_id = fields.Many2one("crm.territory", string="Territory", readonly=True)
    country_id = fields.Many2one("res.country", string="Country", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    source_id = fields.Many2one("utm.source", string="Source", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    create_date = fields.Datetime(string="Created on", readonly=True)
    date_closed = fields.Datetime(string="Closed on", readonly=True)
    won_status = fields.Selection(
        [("won", "Won"), ("lost", "Lost"), ("pending", "Open")], string="Status", readonly=True
    )
    days_in_stage = fields.Float(
        string="Days in Stage",
        aggregator="avg",
        readonly=True,
        help="Days the opportunity spent in this stage (all its visits together); empty for the "
        "won stage.",
    )
    reached_count = fields.Integer(
        string="Reached Stage", readonly=True, help="Opportunities that were in this stage."
    )
    advanced_count = fields.Integer(
        string="Moved On",
        readonly=True,
        help="Opportunities that went on from this stage to a later stage in the sequence.",
    )
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Won opportunities out of those won or lost, in percent.",
    )
    cycle_days = fields.Float(
        string="Cycle Length (Days)",
        aggregator="avg",
        readonly=True,
        help="Days from the creation of a won or lost opportunity to its closing.",
    )
    expected_revenue = fields.Monetary(string="Expected Revenue", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            WITH change AS (
                SELECT message.res_id AS lead_id,
                       tracking.id AS tracking_id,
                       tracking.old_value_integer AS stage_id,
                       tracking.create_date AS date
                  FROM mail_tracking_value tracking
                  JOIN mail_message message ON message.id = tracking.mail_message_id
                  JOIN ir_model_fields field ON field.id = tracking.field_id
                 WHERE message.model = 'crm.lead'
                   AND field.model = 'crm.lead'
                   AND field.name = 'stage_id'
            ),
            lead AS (
                SELECT lead.*
                  FROM crm_lead lead
                 WHERE lead.type = 'opportunity'
                   AND lead.stage_id IS NOT NULL
                   AND (lead.active OR lead.won_status != 'pending')
            ),
            visit AS (
                -- each stage left: from the previous change (or the creation) to this change
                SELECT change.lead_id,
                       change.stage_id,
                       COALESCE(
                           LAG(change.date) OVER (
                               PARTITION BY change.lead_id
                               ORDER BY change.date, change.tracking_id
                           ),
                           lead.create_date
                       ) AS date_from,
                       change.date AS date_to
                  FROM change
                  JOIN lead ON lead.id = change.lead_id
                 UNION ALL
                -- the stage it is in now: until now if open, until closing if lost
                SELECT lead.id,
                       lead.stage_id,
                       COALESCE(last_change.date, lead.create_date),
                       CASE lead.won_status
                            WHEN 'pending' THEN (NOW() AT TIME ZONE 'UTC')
                            WHEN 'lost' THEN lead.date_closed
                       END
                  FROM lead
                  LEFT JOIN (
                      SELECT change.lead_id, MAX(change.date) AS date
                        FROM change
                       GROUP BY change.lead_id
                  ) last_change ON last_change.lead_id = lead.id
            ),
            stage_time AS (
                SELECT visit.lead_id,
                       visit.stage_id,
                       -- a history that goes back in time (imported, back-dated) counts 0
                       SUM(GREATEST(EXTRACT(EPOCH FROM visit.date_to - visit.date_from), 0))
                           / 86400.0 AS days
                  FROM visit
                  JOIN crm_stage stage ON stage.id = visit.stage_id
                 GROUP BY visit.lead_id, visit.stage_id
            ),
            furthest AS (
                -- the furthest stage in the sequence each opportunity reached
                SELECT DISTINCT ON (stage_time.lead_id)
                       stage_time.lead_id, stage.sequence, stage.id AS stage_id
                  FROM stage_time
                  JOIN crm_stage stage ON stage.id = stage_time.stage_id
                 ORDER BY stage_time.lead_id, stage.sequence DESC, stage.id DESC
            ),
            slowest AS (
                SELECT DISTINCT ON (lead.team_id) lead.team_id, stage_time.stage_id
                  FROM stage_time
                  JOIN lead ON lead.id = stage_time.lead_id
                  JOIN crm_stage stage ON stage.id = stage_time.stage_id
                 WHERE stage_time.days IS NOT NULL AND NOT COALESCE(stage.is_won, FALSE)
                 GROUP BY lead.team_id, stage_time.stage_id
                 ORDER BY lead.team_id, AVG(stage_time.days) DESC, stage_time.stage_id
            )
            SELECT ROW_NUMBER() OVER (ORDER BY stage_time.lead_id, stage_time.stage_id) AS id,
                   stage_time.lead_id,
                   stage_time.stage_id,
                   stage.sequence AS stage_sequence,
                   is_current AS is_current_stage,
                   slowest.stage_id IS NOT NULL AS is_slowest_stage,
                   lead.partner_id,
                   partner.commercial_partner_id,
                   customer.territory_id,
                   COALESCE(customer.country_id, lead.country_id) AS country_id,
                   lead.user_id,
                   lead.team_id,
                   lead.source_id,
                   lead.lost_reason_id,
                   lead.company_id,
                   company.currency_id,
                   lead.create_date,
                   lead.date_closed,
                   lead.won_status,
                   CASE WHEN stage.is_won THEN NULL ELSE stage_time.days END AS days_in_stage,
                   1 AS reached_count,
                   ((stage.sequence, stage.id) < (furthest.sequence, furthest.stage_id))::int
                       AS advanced_count,
                   is_current::int AS opportunity_count,
                   (is_current AND lead.won_status = 'won')::int AS won_count,
                   (is_current AND lead.won_status = 'lost')::int AS lost_count,
                   CASE WHEN NOT is_current THEN NULL
                        WHEN lead.won_status = 'won' THEN 100.0
                        WHEN lead.won_status = 'lost' THEN 0.0
                   END AS win_rate,
                   CASE WHEN is_current AND lead.won_status != 'pending'
                        THEN EXTRACT(EPOCH FROM lead.date_closed - lead.create_date) / 86400.0
                   END AS cycle_days,
                   CASE WHEN is_current THEN COALESCE(lead.expected_revenue, 0) ELSE 0 END
                       AS expected_revenue
              FROM stage_time
              JOIN lead ON lead.id = stage_time.lead_id
              JOIN crm_stage stage ON stage.id = stage_time.stage_id
              JOIN furthest ON furthest.lead_id = stage_time.lead_id
              CROSS JOIN LATERAL (SELECT stage_time.stage_id = lead.stage_id AS is_current) cur
              LEFT JOIN slowest ON slowest.team_id IS NOT DISTINCT FROM lead.team_id
                               AND slowest.stage_id = stage_time.stage_id
              LEFT JOIN res_partner partner ON partner.id = lead.partner_id
              LEFT JOIN res_partner customer ON customer.id = partner.commercial_partner_id
              LEFT JOIN res_company company ON company.id = lead.company_id
            """
        )

    def _xlsx_sheets(self):
        _ = self.env._
        funnel = [
            (_("Reached Stage"), "integer", "reached_count:sum"),
            (_("Moved On"), "integer", "advanced_count:sum"),
            (_("Conversion"), "ratio", ["advanced_count:sum", "reached_count:sum"]),
            (_("Average Days in Stage"), "days", "days_in_stage:avg"),
        ]
        outcome = [
            (_("Opportunities"), "integer", "opportunity_count:sum"),
            (_("Won"), "integer", "won_count:sum"),
            (_("Lost"), "integer", "lost_count:sum"),
            (_("Win Rate"), "percent", "win_rate:avg"),
            (_("Average Cycle (Days)"), "days", "cycle_days:avg"),
            (_("Expected Revenue"), "money", "expected_revenue:sum"),
        ]
        return [
            {
                "name": _("Funnel by Stage"),
                "group_label": _("Stage"),
                "groupby": ["stage_id"],
                "columns": funnel,
            },
            {
                "name": _("By Sales Team"),
                "group_label": _("Sales Team"),
                "groupby": ["team_id"],
                "columns": outcome,
            },
            {
                "name": _("By Salesperson"),
                "group_label": _("Salesperson"),
                "groupby": ["user_id"],
                "columns": outcome,
            },
            {
                "name": _("By Source"),
                "group_label": _("Source"),
                "groupby": ["source_id"],
                "columns": outcome,
            },
            {
                "name": _("By Territory"),
                "group_label": _("Territory"),
                "groupby": ["territory_id"],
                "columns": outcome,
            },
            {
                "name": _("Lost Reasons"),
                "group_label": _("Lost Reason"),
                "groupby": ["lost_reason_id"],
                "columns": [
                    (_("Lost"), "integer", "lost_count:sum"),
                    (_("Expected Revenue"), "money", "expected_revenue:sum"),
                ],
                "domain": Domain("won_status", "=", "lost") & Domain("is_current_stage", "=", True),
            },
        ]
