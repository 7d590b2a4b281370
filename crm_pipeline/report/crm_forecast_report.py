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
        "res.company": ["currency_id"],
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
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
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
        today = fields.Date.context_today(self)
        return SQL(
            """
            WITH categ_amount AS (
                SELECT sale.opportunity_id AS lead_id,
                       template.categ_id,
                       SUM(line.price_subtotal) AS amount
                  FROM sale_order sale
                  JOIN sale_order_line line ON line.order_id = sale.id
                  JOIN product_product product ON product.id = line.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE sale.opportunity_id IS NOT NULL
                   AND sale.state != 'cancel'
                   AND line.display_type IS NULL
                 GROUP BY 1, 2
            ),
            categ_share AS (
                SELECT categ_amount.lead_id,
                       categ_amount.categ_id,
                       categ_amount.amount / lead_total.amount AS share
                  FROM categ_amount
                  JOIN (SELECT lead_id, SUM(amount) AS amount
                          FROM categ_amount
                         GROUP BY lead_id
                        HAVING SUM(amount) != 0) lead_total
                       ON lead_total.lead_id = categ_amount.lead_id
            ),
            opportunity AS (
                SELECT lead.id AS lead_id,
                       CASE WHEN lead.won_status = 'won' THEN lead.date_closed::date
                            ELSE lead.date_deadline END AS date,
                       partner.commercial_partner_id AS partner_id,
                       lead.user_id,
                       lead.team_id,
                       lead.stage_id,
                       lead.company_id,
                       %(category)s AS forecast_category,
                       COALESCE(lead.expected_revenue, 0) AS expected_revenue,
                       CASE WHEN lead.won_status = 'won' THEN COALESCE(lead.expected_revenue, 0)
                            ELSE COALESCE(lead.expected_revenue, 0)
                                 * COALESCE(lead.probability, 0) / 100.0
                       END AS weighted_revenue
                  FROM crm_lead lead
                  LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                 WHERE lead.type = 'opportunity'
                   AND (lead.won_status = 'won'
                        OR (lead.active AND lead.won_status = 'pending'))
            )
            SELECT (opportunity.lead_id::bigint * 1000000
                    + COALESCE(categ_share.categ_id, 0)) * 3 AS id,
                   'opportunity' AS layer,
                   opportunity.date,
                   opportunity.lead_id,
                   opportunity.partner_id,
                   opportunity.user_id,
                   opportunity.team_id,
                   customer.territory_id,
                   categ_share.categ_id AS product_categ_id,
                   opportunity.stage_id,
                   opportunity.forecast_category,
                   opportunity.company_id,
                   company.currency_id,
                   opportunity.expected_revenue * COALESCE(categ_share.share, 1)
                       AS expected_revenue,
                   opportunity.weighted_revenue * COALESCE(categ_share.share, 1)
                       AS weighted_revenue,
                   0.0 AS repeat_revenue,
                   0.0 AS adjustment_amount,
                   CASE WHEN opportunity.forecast_category = 'omitted' THEN 0.0
                        ELSE opportunity.weighted_revenue * COALESCE(categ_share.share, 1)
                   END AS forecast_amount
              FROM opportunity
              LEFT JOIN categ_share ON categ_share.lead_id = opportunity.lead_id
              LEFT JOIN res_partner customer ON customer.id = opportunity.partner_id
              LEFT JOIN res_company company ON company.id = opportunity.company_id
             UNION ALL
            SELECT (repeat.partner_id::bigint * 1000 + repeat.company_id) * 3 + 1 AS id,
                   'repeat' AS layer,
                   repeat.date,
                   NULL AS lead_id,
                   repeat.partner_id,
                   customer.user_id,
                   customer.team_id,
                   customer.territory_id,
                   NULL AS product_categ_id,
                   NULL AS stage_id,
                   NULL AS forecast_category,
                   repeat.company_id,
                   company.currency_id,
                   0.0 AS expected_revenue,
                   0.0 AS weighted_revenue,
                   repeat.amount AS repeat_revenue,
                   0.0 AS adjustment_amount,
                   repeat.amount AS forecast_amount
              FROM (%(repeat)s) repeat
              JOIN res_partner customer ON customer.id = repeat.partner_id
              LEFT JOIN res_company company ON company.id = repeat.company_id
             UNION ALL
            SELECT adjustment.id::bigint * 3 + 2 AS id,
                   'adjustment' AS layer,
                   adjustment.period AS date,
                   NULL AS lead_id,
                   NULL AS partner_id,
                   adjustment.user_id,
                   adjustment.team_id,
                   NULL AS territory_id,
                   NULL AS product_categ_id,
                   NULL AS stage_id,
                   NULL AS forecast_category,
                   adjustment.company_id,
                   company.currency_id,
                   0.0 AS expected_revenue,
                   0.0 AS weighted_revenue,
                   0.0 AS repeat_revenue,
                   adjustment.amount AS adjustment_amount,
                   adjustment.amount AS forecast_amount
              FROM crm_forecast_adjustment adjustment
              LEFT JOIN res_company company ON company.id = adjustment.company_id
            """,
            category=self._forecast_category_sql(),
            repeat=self._repeat_revenue_query(today, self._forecast_horizon(today)),
        )
