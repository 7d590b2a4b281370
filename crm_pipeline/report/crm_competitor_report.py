import functools

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class CrmCompetitorReport(models.Model):
    """Win/loss by competitor: one row per competitor met on an opportunity.

    An opportunity meets a competitor when the competitor is among its competitors or the
    opportunity was lost to it. Rows of archived opportunities that are neither won nor lost
    are left out. Counts are 0/1 per row and the win rate is 100 (won), 0 (lost) or empty
    (open), so sums and averages stay right at every level of grouping.

    A row is visible to whoever may read its opportunity: crm.lead's record rules are applied
    to the report through ``lead_id`` (see ``_lead_access_domain``).
    """

    _name = "crm.competitor.report"
    _description = "Win/Loss by Competitor"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "competitor_id"
    _depends = {
        "crm.lead": [
            "active",
            "company_id",
            "competitor_ids",
            "create_date",
            "date_closed",
            "expected_revenue",
            "lost_competitor_id",
            "lost_reason_id",
            "partner_id",
            "stage_id",
            "team_id",
            "user_id",
            "won_status",
        ],
        "res.company": ["currency_id"],
    }

    competitor_id = fields.Many2one("crm.competitor", string="Competitor", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", readonly=True)
    lost_competitor_id = fields.Many2one(
        "crm.competitor", string="Lost to Competitor", readonly=True
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    date = fields.Datetime(
        readonly=True,
        help="Closing date of won and lost opportunities, creation date of open ones.",
    )
    won_status = fields.Selection(
        [("won", "Won"), ("lost", "Lost"), ("pending", "Open")], string="Status", readonly=True
    )
    opportunity_count = fields.Integer(string="Opportunities Met", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    lost_to_count = fields.Integer(string="Lost to This Competitor", readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Won opportunities out of those won or lost, in percent.",
    )
    expected_revenue = fields.Monetary(string="Expected Revenue", readonly=True)
    won_amount = fields.Monetary(string="Won Revenue", readonly=True)
    lost_amount = fields.Monetary(string="Lost Revenue", readonly=True)
    lost_to_amount = fields.Monetary(string="Revenue Lost to This Competitor", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            WITH met AS (
                SELECT rel.competitor_id, rel.lead_id
                  FROM crm_competitor_crm_lead_rel rel
                 UNION
                SELECT lead.lost_competitor_id, lead.id
                  FROM crm_lead lead
                 WHERE lead.lost_competitor_id IS NOT NULL
            )
            SELECT ROW_NUMBER() OVER (ORDER BY met.lead_id, met.competitor_id) AS id,
                   met.competitor_id,
                   met.lead_id,
                   lead.partner_id,
                   lead.user_id,
                   lead.team_id,
                   lead.stage_id,
                   lead.lost_reason_id,
                   lead.lost_competitor_id,
                   lead.company_id,
                   company.currency_id,
                   COALESCE(lead.date_closed, lead.create_date) AS date,
                   lead.won_status,
                   1 AS opportunity_count,
                   (lead.won_status = 'won')::int AS won_count,
                   (lead.won_status = 'lost')::int AS lost_count,
                   (lead.won_status = 'lost'
                        AND lead.lost_competitor_id = met.competitor_id)::int AS lost_to_count,
                   CASE lead.won_status WHEN 'won' THEN 100.0 WHEN 'lost' THEN 0.0 END
                       AS win_rate,
                   COALESCE(lead.expected_revenue, 0) AS expected_revenue,
                   CASE WHEN lead.won_status = 'won'
                        THEN COALESCE(lead.expected_revenue, 0) ELSE 0 END AS won_amount,
                   CASE WHEN lead.won_status = 'lost'
                        THEN COALESCE(lead.expected_revenue, 0) ELSE 0 END AS lost_amount,
                   CASE WHEN lead.won_status = 'lost'
                             AND lead.lost_competitor_id = met.competitor_id
                        THEN COALESCE(lead.expected_revenue, 0) ELSE 0 END AS lost_to_amount
              FROM met
              JOIN crm_lead lead ON lead.id = met.lead_id
              LEFT JOIN res_company company ON company.id = lead.company_id
             WHERE lead.active OR lead.won_status != 'pending'
            """
        )

    @api.model
    def _lead_access_domain(self):
        """The current user's record rules on crm.lead, as a domain on this report."""
        if self.env.su:
            return Domain.TRUE
        lead_domain = self.env["ir.rule"]._compute_domain("crm.lead", "read")
        if lead_domain.is_true():
            return Domain.TRUE
        return Domain("lead_id", "any!", lead_domain)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, active_test=True, **kwargs):
        query = super()._search(domain, offset, limit, order, active_test=active_test, **kwargs)
        access_domain = Domain.TRUE if kwargs.get("bypass_access") else self._lead_access_domain()
        if not access_domain.is_true():
            # like record rules, evaluated as superuser: crm.lead's rules already say it all
            self_sudo = self.sudo().with_context(active_test=False)
            access_domain = access_domain.optimize_full(self_sudo)
            query.add_where(access_domain._to_sql(self_sudo, self._table, query))
        return query

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids):
            return result
        domain = self._lead_access_domain()
        if domain.is_true():
            return None
        forbidden = self - self.sudo().filtered_domain(domain)
        if forbidden:
            return forbidden, functools.partial(
                self.env["ir.rule"]._make_access_error, operation, forbidden
            )
        return None
