from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.crm_lead_forecast import FORECAST_CATEGORIES

DEFAULT_HORIZON_MONTHS = 12


class CrmForecastReport(models.Model):
    """The sales forecast, by month of expected closing, in three layers.

    - ``opportunity``: open opportunities (weighted revenue = expected revenue x probability,
      dated by their expected closing) and won ones (their revenue, dated by their closing),
      each with its forecast category. An opportunity whose quotations have lines is split over
      the product categories of those lines, in proportion to their untaxed amounts (stored in
      crm.lead.categ.share); one without quotation lines has no product category.
    - ``repeat``: what repeat customers are expected to reorder from this month to the
      horizon, from their reorder cycles, summed per salesperson, team, territory and product
      category (stored in crm.forecast.repeat.total): these rows name no customer.
    - ``adjustment``: the heads of sales' adjustments (crm.forecast.adjustment).

    ``forecast_amount`` adds up the layers (omitted opportunities count for nothing). The rows
    are read through this model's own record rules (security/crm_forecast_security.xml): a
    salesperson sees the rows of their opportunities, of the customers they or their team
    manage and of their own adjustments.

    A grouped read that neither groups nor filters by product category reads the opportunities
    unsplit (one row each): the sums are the same, the count is of opportunities, and the read
    costs half as much.
    """

    _name = "crm.forecast.report"
    _description = "Sales Forecast"
    _auto = False
    _order = "date, id"
    _rec_name = "date"
    _depends = {
        "crm.lead": [
            "active",
            "type",
            "company_id",
            "date_closed",
            "date_deadline",
            "expected_revenue",
            "forecast_category_manual",
            "partner_id",
            "probability",
            "stage_id",
            "team_id",
            "user_id",
            "won_status",
        ],
        "res.partner": ["commercial_partner_id", "territory_id", "team_id", "user_id"],
        "crm.lead.categ.share": ["categ_id", "lead_id", "share"],
        "crm.forecast.repeat.total": [
            "amount",
            "company_id",
            "date",
            "product_categ_id",
            "team_id",
            "territory_id",
            "user_id",
        ],
        "crm.forecast.adjustment": ["amount", "company_id", "period", "team_id", "user_id"],
    }

    layer = fields.Selection(
        [
            ("opportunity", "Opportunities"),
            ("repeat", "Repeat Customers"),
            ("adjustment", "Adjustments"),
        ],
        readonly=True,
    )
    date = fields.Date(
        readonly=True,
        help="Expected closing of open opportunities, closing of won ones, expected reorder of "
        "repeat customers, month of adjustments.",
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    territory_id = fields.Many2one("crm.territory", string="Territory", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True)
    forecast_category = fields.Selection(FORECAST_CATEGORIES, readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    expected_revenue = fields.Monetary(string="Expected Revenue", readonly=True)
    weighted_revenue = fields.Monetary(
        string="Weighted Revenue",
        readonly=True,
        help="Expected revenue x probability of the opportunities.",
    )
    repeat_revenue = fields.Monetary(
        string="Repeat Customers' Revenue",
        readonly=True,
        help="Revenue expected from repeat customers' next reorder.",
    )
    adjustment_amount = fields.Monetary(string="Adjustments", readonly=True)
    forecast_amount = fields.Monetary(
        string="Forecast",
        readonly=True,
        help="Weighted revenue of the opportunities not omitted, plus repeat customers' revenue, "
        "plus adjustments.",
    )

    @api.model
    def _forecast_horizon(self, today):
        """The first day after the horizon of the repeat-customer layer."""
        months = (
            self.env["ir.config_parameter"].sudo().get_param("crm_pipeline.forecast_horizon_months")
        )
        return today + relativedelta(months=int(months or DEFAULT_HORIZON_MONTHS))

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        named = [*groupby, *aggregates, order or ""]
        for conditions in (domain, having):
            named += [cond.field_expr for cond in Domain(conditions).iter_conditions()]
        report = self
        if not any("product_categ_id" in name for name in named):
            report = self.with_context(crm_forecast_unsplit=True)
        return super(CrmForecastReport, report)._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model
    def _forecast_category_sql(self):
        commit, best_case = self.env["crm.lead"]._forecast_thresholds()
        return SQL(
            """
            CASE WHEN lead.won_status = 'won' THEN 'closed'
                 WHEN lead.won_status = 'lost' THEN 'omitted'
                 WHEN lead.forecast_category_manual IS NOT NULL
                      THEN lead.forecast_category_manual
                 WHEN COALESCE(lead.probability, 0) >= %(commit)s THEN 'commit'
                 WHEN COALESCE(lead.probability, 0) >= %(best_case)s THEN 'best_case'
                 ELSE 'pipeline'
            END
            """,
            commit=commit,
            best_case=best_case,
        )

    @property
    def _table_query(self):
        # A plain UNION ALL of simple branches with the same column types, without a WITH at
        # the top: PostgreSQL then flattens it into the outer query, pushes filters into each
        # branch and leaves out the joins whose columns a grouping does not need.
        today = fields.Date.context_today(self)
        category = self._forecast_category_sql()
        weighted = SQL(
            """
            CASE WHEN lead.won_status = 'won' THEN COALESCE(lead.expected_revenue, 0)
                 ELSE COALESCE(lead.expected_revenue, 0) * COALESCE(lead.probability, 0) / 100.0
            END
            """
        )
        if self.env.context.get("crm_forecast_unsplit"):
            split = SQL("")
            categ_id, share = SQL("NULL"), SQL("1")
        else:
            # split over the product categories of its quotation lines, if any
            split = SQL("LEFT JOIN crm_lead_categ_share split ON split.lead_id = lead.id")
            categ_id, share = SQL("split.categ_id"), SQL("COALESCE(split.share, 1)")
        return SQL(
            """
            SELECT ((lead.id::bigint * 1000000 + COALESCE(%(categ_id)s, 0)) * 3)::bigint AS id,
                   'opportunity'::varchar AS layer,
                   (CASE WHEN lead.won_status = 'won' THEN lead.date_closed::date
                         ELSE lead.date_deadline END)::date AS date,
                   lead.id::int AS lead_id,
                   partner.commercial_partner_id::int AS partner_id,
                   lead.user_id::int AS user_id,
                   lead.team_id::int AS team_id,
                   customer.territory_id::int AS territory_id,
                   (%(categ_id)s)::int AS product_categ_id,
                   lead.stage_id::int AS stage_id,
                   (%(category)s)::varchar AS forecast_category,
                   lead.company_id::int AS company_id,
                   (COALESCE(lead.expected_revenue, 0) * %(share)s)::float8 AS expected_revenue,
                   ((%(weighted)s) * %(share)s)::float8 AS weighted_revenue,
                   0.0::float8 AS repeat_revenue,
                   0.0::float8 AS adjustment_amount,
                   (CASE WHEN lead.won_status = 'pending'
                              AND lead.forecast_category_manual = 'omitted' THEN 0.0
                         ELSE (%(weighted)s) * %(share)s
                    END)::float8 AS forecast_amount
              FROM crm_lead lead
              %(split)s
              LEFT JOIN res_partner partner ON partner.id = lead.partner_id
              LEFT JOIN res_partner customer ON customer.id = partner.commercial_partner_id
             WHERE lead.type = 'opportunity'
               AND (lead.won_status = 'won' OR (lead.active AND lead.won_status = 'pending'))
             UNION ALL
            SELECT (repeat.id::bigint * 3 + 1)::bigint AS id,
                   'repeat'::varchar AS layer,
                   repeat.date::date AS date,
                   NULL::int AS lead_id,
                   NULL::int AS partner_id,
                   repeat.user_id::int AS user_id,
                   repeat.team_id::int AS team_id,
                   repeat.territory_id::int AS territory_id,
                   repeat.product_categ_id::int AS product_categ_id,
                   NULL::int AS stage_id,
                   NULL::varchar AS forecast_category,
                   repeat.company_id::int AS company_id,
                   0.0::float8 AS expected_revenue,
                   0.0::float8 AS weighted_revenue,
                   repeat.amount::float8 AS repeat_revenue,
                   0.0::float8 AS adjustment_amount,
                   repeat.amount::float8 AS forecast_amount
              FROM crm_forecast_repeat_total repeat
             WHERE repeat.date >= %(month)s
             UNION ALL
            SELECT (adjustment.id::bigint * 3 + 2)::bigint AS id,
                   'adjustment'::varchar AS layer,
                   adjustment.period::date AS date,
                   NULL::int AS lead_id,
                   NULL::int AS partner_id,
                   adjustment.user_id::int AS user_id,
                   adjustment.team_id::int AS team_id,
                   NULL::int AS territory_id,
                   NULL::int AS product_categ_id,
                   NULL::int AS stage_id,
                   NULL::varchar AS forecast_category,
                   adjustment.company_id::int AS company_id,
                   0.0::float8 AS expected_revenue,
                   0.0::float8 AS weighted_revenue,
                   0.0::float8 AS repeat_revenue,
                   adjustment.amount::float8 AS adjustment_amount,
                   adjustment.amount::float8 AS forecast_amount
              FROM crm_forecast_adjustment adjustment
            """,
            category=category,
            weighted=weighted,
            split=split,
            categ_id=categ_id,
            share=share,
            month=today.replace(day=1),
        )
