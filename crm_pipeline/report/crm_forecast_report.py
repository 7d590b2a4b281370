from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_lead_forecast import FORECAST_CATEGORIES

DEFAULT_HORIZON_MONTHS = 12
REPEAT_HISTORY_YEARS = 2


class CrmForecastReport(models.Model):
    """The sales forecast, by month of expected closing, in three layers.

    - ``opportunity``: open opportunities (weighted revenue = expected revenue x probability,
      dated by their expected closing) and won ones (their revenue, dated by their closing),
      each with its forecast category. An opportunity whose quotations have lines is split over
      the product categories of those lines, in proportion to their untaxed amounts; one
      without quotation lines has no product category.
    - ``repeat``: what repeat customers are expected to reorder within the horizon, from
      ``_repeat_revenue_query`` (by default an estimate from their posted invoices).
    - ``adjustment``: the heads of sales' adjustments (crm.forecast.adjustment).

    ``forecast_amount`` adds up the layers (omitted opportunities count for nothing). The rows
    are read through this model's own record rules (security/crm_forecast_security.xml): a
    salesperson sees the rows of their opportunities, of the customers they or their team
    manage and of their own adjustments.
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
        "sale.order": ["opportunity_id", "state"],
        "sale.order.line": ["display_type", "order_id", "price_subtotal", "product_id"],
        "account.move": [
            "amount_untaxed_signed",
            "commercial_partner_id",
            "company_id",
            "invoice_date",
            "move_type",
            "state",
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
    def _repeat_revenue_query(self, date_from, date_to):
        """Hook: the revenue expected from repeat customers, as SQL with the columns
        ``partner_id`` (commercial partner), ``company_id``, ``date`` and ``amount``, one row per
        expected reorder dated within [date_from, date_to).

        The default estimate, from posted customer invoices of the last two years: per customer
        and company, the days with invoices are its purchases; with at least two of them, the
        next one is expected at the last purchase + the average interval between purchases
        (rounded to a day), for the average untaxed amount of a purchase. Reorder cycles
        computed elsewhere (crm.customer.reorder) may replace it by overriding this method.
        """
        return SQL(
            """
            SELECT cycle.partner_id,
                   cycle.company_id,
                   cycle.last_date
                       + ROUND((cycle.last_date - cycle.first_date)::numeric
                               / (cycle.purchases - 1))::int AS date,
                   cycle.total / cycle.purchases AS amount
              FROM (
                    SELECT purchase.partner_id,
                           purchase.company_id,
                           COUNT(*) AS purchases,
                           MIN(purchase.invoice_date) AS first_date,
                           MAX(purchase.invoice_date) AS last_date,
                           SUM(purchase.amount) AS total
                      FROM (
                            SELECT move.commercial_partner_id AS partner_id,
                                   move.company_id,
                                   move.invoice_date,
                                   SUM(move.amount_untaxed_signed) AS amount
                              FROM account_move move
                             WHERE move.move_type = 'out_invoice'
                               AND move.state = 'posted'
                               AND move.invoice_date > %(history_from)s
                               AND move.invoice_date <= %(today)s
                             GROUP BY 1, 2, 3
                           ) purchase
                     GROUP BY 1, 2
                    HAVING COUNT(*) >= 2
                   ) cycle
             WHERE cycle.last_date
                       + ROUND((cycle.last_date - cycle.first_date)::numeric
                               / (cycle.purchases - 1))::int
                   BETWEEN %(date_from)s AND %(date_to)s - 1
            """,
            today=date_from,
            history_from=date_from - relativedelta(years=REPEAT_HISTORY_YEARS),
            date_from=date_from,
            date_to=date_to,
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
        split = SQL(
            """
            SELECT categ_amount.lead_id,
                   categ_amount.categ_id,
                   categ_amount.amount / categ_amount.total AS share
              FROM (
                    SELECT sale.opportunity_id AS lead_id,
                           template.categ_id,
                           SUM(line.price_subtotal) AS amount,
                           SUM(SUM(line.price_subtotal))
                               OVER (PARTITION BY sale.opportunity_id) AS total
                      FROM sale_order sale
                      JOIN sale_order_line line ON line.order_id = sale.id
                      JOIN product_product product ON product.id = line.product_id
                      JOIN product_template template ON template.id = product.product_tmpl_id
                     WHERE sale.opportunity_id IS NOT NULL
                       AND sale.state != 'cancel'
                       AND line.display_type IS NULL
                     GROUP BY 1, 2
                   ) categ_amount
             WHERE categ_amount.total != 0
            """
        )
        # An opportunity with quotation lines is split over their product categories.
        opportunities = self._opportunity_branch(
            category,
            weighted,
            SQL("split.categ_id"),
            SQL("COALESCE(split.share, 1)"),
            SQL("crm_lead lead LEFT JOIN (%s) split ON split.lead_id = lead.id", split),
        )
        return SQL(
            """
            %(opportunities)s
             UNION ALL
            SELECT ((repeat.partner_id::bigint * 1000 + repeat.company_id) * 3 + 1)::bigint AS id,
                   'repeat'::varchar AS layer,
                   repeat.date::date AS date,
                   NULL::int AS lead_id,
                   repeat.partner_id::int AS partner_id,
                   customer.user_id::int AS user_id,
                   customer.team_id::int AS team_id,
                   customer.territory_id::int AS territory_id,
                   NULL::int AS product_categ_id,
                   NULL::int AS stage_id,
                   NULL::varchar AS forecast_category,
                   repeat.company_id::int AS company_id,
                   0.0::float8 AS expected_revenue,
                   0.0::float8 AS weighted_revenue,
                   repeat.amount::float8 AS repeat_revenue,
                   0.0::float8 AS adjustment_amount,
                   repeat.amount::float8 AS forecast_amount
              FROM (%(repeat)s) repeat
              JOIN res_partner customer ON customer.id = repeat.partner_id
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
            opportunities=opportunities,
            repeat=self._repeat_revenue_query(today, self._forecast_horizon(today)),
        )

    @api.model
    def _opportunity_branch(self, category, weighted, categ_id, share, source):
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
              FROM %(source)s
              LEFT JOIN res_partner partner ON partner.id = lead.partner_id
              LEFT JOIN res_partner customer ON customer.id = partner.commercial_partner_id
             WHERE lead.type = 'opportunity'
               AND (lead.won_status = 'won' OR (lead.active AND lead.won_status = 'pending'))
            """,
            categ_id=categ_id,
            share=share,
            category=category,
            weighted=weighted,
            source=source,
        )
