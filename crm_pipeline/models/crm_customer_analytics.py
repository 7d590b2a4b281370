import logging
import time

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential_loyalist", "Potential Loyalist"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("cant_lose", "Can't Lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
ABC_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]

# The customer's invoices and refunds, posted, in the scope of a refresh.
SCOPE_MOVES = """
    SELECT id, company_id, commercial_partner_id AS partner_id, move_type, invoice_date,
           CASE WHEN move_type = 'out_refund' THEN -1 ELSE 1 END AS sign,
           COALESCE(NULLIF(invoice_currency_rate, 0), 1) AS rate
      FROM account_move
     WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
       AND commercial_partner_id IS NOT NULL AND %(scope)s
"""


def _upsert(table, keys, columns, source, scope_rows):
    """Writes the rows of the temporary table ``source`` into ``table``: removes the rows of the
    scope that ``source`` no longer has, then inserts the others, updating in place those
    already there (same ``keys``). A nightly refresh mostly finds its rows again: updating them
    spares the foreign-key checks of new rows, which cost more than computing the figures."""
    keys_sql = SQL(", ").join(SQL.identifier(name) for name in keys)
    names = SQL(", ").join(SQL.identifier(name) for name in keys + columns)
    return SQL(
        """
        DELETE FROM %(table)s old
         WHERE %(scope)s
           AND NOT EXISTS (SELECT FROM %(source)s new WHERE %(same_keys)s);
        INSERT INTO %(table)s (%(names)s)
        SELECT %(names)s FROM %(source)s
            ON CONFLICT (%(keys)s) DO UPDATE SET %(updates)s;
        DROP TABLE %(source)s;
        """,
        table=SQL.identifier(table),
        source=SQL.identifier(source),
        scope=scope_rows,
        same_keys=SQL(" AND ").join(
            SQL("new.%s = old.%s", SQL.identifier(name), SQL.identifier(name)) for name in keys
        ),
        names=names,
        keys=keys_sql,
        updates=SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name)) for name in columns
        ),
    )


class CrmCustomerAnalytics(models.Model):
    """Figures per customer (commercial partner) and company, computed from the posted customer
    invoices and refunds by set-based SQL and stored: a refreshed table, not a live view.

    The full refresh (daily cron, or *Refresh now*) rewrites every row; posting an invoice or
    resetting it to draft refreshes only its customer with the same SQL and a partner filter,
    placing that customer in the current distribution of the others (whose ranks and cumulative
    shares are brought up to date by the next full refresh). See ``_refresh`` for the families
    and readme/USAGE.md for the definitions.
    """

    _name = "crm.customer.analytics"
    _inherit = ["crm.analytics.xlsx.mixin"]
    _description = "Customer Analytics"
    _order = "revenue desc, id"
    _rec_name = "partner_id"
    _log_access = False

    # rewritten whole every night: indexed only where a search needs it (the unique index
    # serves the customer)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True, index=True)
    first_invoice_date = fields.Date(string="First Invoice", readonly=True)
    last_invoice_date = fields.Date(string="Last Invoice", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    refund_count = fields.Integer(string="Credit Notes", readonly=True)
    recency_days = fields.Integer(string="Days Since Last Invoice", readonly=True, aggregator="avg")
    revenue = fields.Monetary(
        string="Revenue", readonly=True, help="Untaxed invoiced amount less credit notes."
    )
    cost = fields.Monetary(
        string="Cost of Goods",
        readonly=True,
        help="Quantity invoiced times the product's current cost, less credited quantities.",
    )
    margin = fields.Monetary(string="Margin", readonly=True)
    margin_percent = fields.Float(string="Margin %", readonly=True, aggregator="avg")
    discount_list = fields.Monetary(
        string="Price List Discounts",
        readonly=True,
        help="What the customer paid below the products' sales prices, before line discounts.",
    )
    discount_line = fields.Monetary(
        string="Line Discounts", readonly=True, help="Discounts (%) given on invoice lines."
    )
    discount_total = fields.Monetary(string="Discounts Given", readonly=True)
    other_cost = fields.Monetary(
        string="Other Costs",
        readonly=True,
        help="Costs other applications report for the customer (service, campaigns...).",
    )
    profit = fields.Monetary(
        string="Customer Profit", readonly=True, help="Margin less the other costs."
    )
    repeat_rate = fields.Float(
        string="Repeat Purchase Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 for a customer with two invoices or more, else 0: averaged over customers, "
        "the share of customers who bought again.",
    )
    recency_score = fields.Integer(string="Recency Score", readonly=True, aggregator="avg")
    frequency_score = fields.Integer(string="Frequency Score", readonly=True, aggregator="avg")
    monetary_score = fields.Integer(string="Monetary Score", readonly=True, aggregator="avg")
    rfm_score = fields.Char(string="RFM", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment", readonly=True, index=True)
    abc_revenue = fields.Selection(ABC_CLASSES, string="ABC by Revenue", readonly=True)
    abc_margin = fields.Selection(ABC_CLASSES, string="ABC by Margin", readonly=True)
    revenue_rank = fields.Integer(string="Rank by Revenue", readonly=True, aggregator="min")
    revenue_rank_pct = fields.Integer(
        string="Customers by Revenue (%)",
        readonly=True,
        aggregator="max",
        help="The customer's rank by revenue, as a percentage of the customers (1 = top 1%).",
    )
    revenue_cum_share = fields.Float(
        string="Cumulative Revenue (%)",
        readonly=True,
        aggregator="max",
        help="Share of all revenue made by this customer and those ranked above it.",
    )
    margin_rank = fields.Integer(string="Rank by Margin", readonly=True, aggregator="min")
    margin_rank_pct = fields.Integer(
        string="Customers by Margin (%)", readonly=True, aggregator="max"
    )
    margin_cum_share = fields.Float(string="Cumulative Margin (%)", readonly=True, aggregator="max")
    ltv_historic = fields.Monetary(
        string="Lifetime Value (historic)", readonly=True, help="Margin made so far."
    )
    avg_margin_per_order = fields.Monetary(string="Margin per Invoice", readonly=True)
    order_interval_days = fields.Float(
        string="Days Between Invoices", readonly=True, aggregator="avg"
    )
    predicted_orders = fields.Float(
        string="Expected Invoices (horizon)", readonly=True, aggregator="sum"
    )
    churn_probability = fields.Float(
        string="Churn Probability (%)", readonly=True, aggregator="avg"
    )
    ltv_predicted = fields.Monetary(
        string="Predicted Value (horizon)",
        readonly=True,
        help="Margin per invoice x invoices expected over the horizon x probability that the "
        "customer is still buying (see the documentation of the model).",
    )
    reorder_overdue_count = fields.Integer(string="Overdue Reorders", readonly=True)
    refreshed_on = fields.Datetime(string="Refreshed On", readonly=True)

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)", "One row of analytics per customer and company."
    )

    def action_refresh(self):
        """*Refresh now*: a full refresh, for heads of sales."""
        if not self.env.user.has_group("crm_pipeline.group_crm_sales_head"):
            raise AccessError(
                self.env._("Only a head of sales may refresh the customer analytics.")
            )
        log = self.sudo()._refresh_full()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Customer analytics refreshed"),
                "message": self.env._(
                    "%(count)s customers in %(seconds)s s.",
                    count=log.customer_count,
                    seconds=round(log.duration, 1),
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_refresh(self):
        """Daily full refresh; in a cron run, commits and reports progress after each family."""
        progress = None
        if self.env.context.get("ir_cron_progress_id"):
            cron = self.env["ir.cron"]

            def progress(done, remaining):
                cron._commit_progress(1, remaining=remaining)

        self.sudo()._refresh_full(progress=progress)

    # ------------------------------------------------------------------------------------------
    # Extension point
    # ------------------------------------------------------------------------------------------
    @api.model
    def _customer_cost_queries(self, scope):
        """Costs that other applications incur for a customer, for the customer P&L.

        Return a list of ``SQL`` queries, each selecting exactly the columns
        ``(company_id, partner_id, cost_kind, amount)``: the company, the commercial partner, a
        short technical kind (e.g. ``'service_time'``, ``'service_material'``,
        ``'campaign'``) and a positive amount in the company's currency. Several rows per
        customer and kind are summed. ``scope`` is an ``SQL`` condition on a column named
        ``partner_id`` (``TRUE`` for a full refresh): wrap your query as
        ``SELECT * FROM (...) costs WHERE {scope}`` or apply it inside, so that an incremental
        refresh reads only the customers it refreshes. Extend with ``super()`` and append::

            def _customer_cost_queries(self, scope):
                return super()._customer_cost_queries(scope) + [SQL("SELECT ... WHERE %s", scope)]
        """
        return []

    # ------------------------------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------------------------------
    @api.model
    def _refresh_params(self):
        get_param = self.env["ir.config_parameter"].sudo().get_param
        return {
            "today": fields.Date.context_today(self),
            "now": fields.Datetime.now(),
            "horizon": max(int(get_param("crm_pipeline.ltv_horizon_days", 365)), 1),
            "tolerance": max(float(get_param("crm_pipeline.reorder_tolerance_percent", 20)), 0)
            / 100.0,
            "min_purchases": max(int(get_param("crm_pipeline.reorder_min_purchases", 3)), 2),
        }

    @api.model
    def _refresh_full(self, progress=None):
        """Rewrites every row, logging the run; ``progress(done, remaining)`` is called after each
        family of figures (the cron commits there)."""
        log = self.env["crm.customer.analytics.refresh"].create({"state": "running"})
        start = time.perf_counter()
        timings = self._refresh(progress=progress)
        log.write(
            {
                "state": "done",
                "date_end": fields.Datetime.now(),
                "duration": time.perf_counter() - start,
                "customer_count": self.search_count([]),
                "reorder_count": self.env["crm.customer.reorder"].search_count([]),
                "details": "\n".join(f"{name}: {seconds:.2f} s" for name, seconds in timings),
            }
        )
        _logger.info(
            "Customer analytics refreshed in %.1f s (%s)",
            time.perf_counter() - start,
            ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings),
        )
        return log

    @api.model
    def _refresh(self, partner_ids=None, progress=None):
        """Recomputes the customer analytics, the other costs and the reorder cycles of the given
        commercial partners (all when None), one statement per family, in a constant number of
        queries. Returns [(family, seconds)]."""
        self.env.flush_all()
        params = self._refresh_params()
        if partner_ids is None:
            scope = scope_rows = SQL("TRUE")
            lock = SQL("SELECT pg_advisory_xact_lock(hashtext('crm_customer_analytics'), 0)")
        else:
            ids = sorted(set(partner_ids))
            scope = SQL("commercial_partner_id = ANY(%s)", ids)
            scope_rows = SQL("partner_id = ANY(%s)", ids)
            lock = SQL(
                """
                SELECT pg_advisory_xact_lock_shared(hashtext('crm_customer_analytics'), 0);
                SELECT pg_advisory_xact_lock(hashtext('crm_customer_analytics'), id)
                  FROM unnest(%s::int[]) id ORDER BY id
                """,
                ids,
            )
        # Without JIT compilation: on these one-off statements it costs more than it saves.
        lock = SQL("%s; SET LOCAL jit = off", lock)
        # Two transactions refreshing the same customer (two invoices posted at once), or a
        # customer and everything, wait for each other instead of inserting the same row twice.
        # The invoices in scope are read by each family from account_move itself, which lets
        # PostgreSQL scan them with parallel workers (it cannot scan a temporary table so).
        cr = self.env.cr
        cr.execute(lock)
        params["moves"] = SQL("(%s)", SQL(SCOPE_MOVES, scope=scope))
        params["full"] = partner_ids is None
        timings = []
        families = [
            ("costs", self._refresh_costs),
            ("reorder", self._refresh_reorder),
            ("forecast", self._refresh_forecast_repeat),
            ("customers", self._refresh_customers),
        ]
        for done, (name, method) in enumerate(families, start=1):
            start = time.perf_counter()
            method(scope, scope_rows, params)
            timings.append((name, time.perf_counter() - start))
            _logger.debug("customer analytics: %s refreshed in %.2f s", name, timings[-1][1])
            if progress:
                progress(done, len(families) - done)  # commits: take the lock again
                cr.execute(lock)
        cr.execute(SQL("RESET jit"))
        for model in ("crm.customer.analytics", "crm.customer.reorder", "crm.customer.cost"):
            self.env[model].invalidate_model()
        return timings

    def _refresh_costs(self, scope, scope_rows, params):
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM crm_customer_cost WHERE %s", scope_rows))
        queries = self._customer_cost_queries(scope_rows)
        if not queries:
            return
        union = SQL(" UNION ALL ").join(SQL("(%s)", query) for query in queries)
        cr.execute(
            SQL(
                """
                INSERT INTO crm_customer_cost (company_id, partner_id, cost_kind, amount)
                SELECT company_id, partner_id, cost_kind, SUM(amount)
                  FROM (%(union)s) costs
                 WHERE %(scope)s
              GROUP BY company_id, partner_id, cost_kind
                """,
                union=union,
                scope=scope_rows,
            )
        )

    def _refresh_reorder(self, scope, scope_rows, params):
        """Per customer and product bought on at least ``min_purchases`` distinct invoice dates:
        the days between consecutive purchases (average and median), the next expected date
        (last purchase + median interval) and whether it is overdue (today is later than the
        next expected date plus ``tolerance`` x the median interval)."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS crm_customer_reorder_new;
                CREATE TEMP TABLE crm_customer_reorder_new AS
                WITH purchase AS (
                    SELECT m.company_id, m.partner_id, l.product_id, m.invoice_date,
                           SUM(-l.balance) AS amount
                      FROM %(moves)s m
                      JOIN account_move_line l ON l.move_id = m.id
                     WHERE m.move_type = 'out_invoice' AND l.display_type = 'product'
                       AND l.product_id IS NOT NULL
                  GROUP BY 1, 2, 3, 4
                ), gap AS (
                    SELECT company_id, partner_id, product_id, invoice_date, amount,
                           invoice_date - LAG(invoice_date) OVER (
                               PARTITION BY company_id, partner_id, product_id
                               ORDER BY invoice_date) AS days
                      FROM purchase
                ), cycle AS (
                    SELECT company_id, partner_id, product_id,
                           COUNT(*) AS purchase_count,
                           MIN(invoice_date) AS first_date,
                           MAX(invoice_date) AS last_date,
                           AVG(days) AS avg_days,
                           AVG(amount) AS avg_amount,
                           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days) AS median_days
                      FROM gap
                  GROUP BY company_id, partner_id, product_id
                    HAVING COUNT(*) >= %(min_purchases)s
                )
                SELECT c.company_id, c.partner_id, c.product_id, p.user_id, p.team_id,
                       c.purchase_count, c.first_date, c.last_date,
                       ROUND(c.avg_days::numeric, 2) AS avg_interval_days,
                       c.median_days AS median_interval_days,
                       ROUND(c.avg_amount, 2) AS avg_amount,
                       c.last_date + ROUND(c.median_days::numeric)::int AS next_expected_date,
                       %(today)s::date - (c.last_date + ROUND(c.median_days::numeric)::int)
                           AS overdue_days,
                       %(today)s::date - c.last_date > c.median_days * (1 + %(tolerance)s)
                           AS is_overdue,
                       %(now)s::timestamp AS refreshed_on
                  FROM cycle c
                  JOIN res_partner p ON p.id = c.partner_id
                """,
                **params,
            )
        )
        cr.execute(
            _upsert(
                "crm_customer_reorder",
                ("company_id", "partner_id", "product_id"),
                (
                    "user_id",
                    "team_id",
                    "purchase_count",
                    "first_date",
                    "last_date",
                    "avg_interval_days",
                    "median_interval_days",
                    "avg_amount",
                    "next_expected_date",
                    "overdue_days",
                    "is_overdue",
                    "refreshed_on",
                ),
                "crm_customer_reorder_new",
                scope_rows,
            )
        )

    def _refresh_forecast_repeat(self, scope, scope_rows, params):
        """The repeat customers' layer of the forecast, from the reorder cycles just written."""
        self.env["crm.forecast.repeat"]._refresh(scope_rows, params["today"], full=params["full"])

    def _refresh_customers(self, scope, scope_rows, params):
        """The customers' own figures (from their invoice lines, other costs and reorder cycles)
        into a temporary table, then, with the other customers' stored figures, their scores:
        RFM quintiles, ABC classes and Pareto ranks per company."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS crm_customer_analytics_base;
                CREATE TEMP TABLE crm_customer_analytics_base AS
                WITH head AS (
                    SELECT company_id, partner_id,
                           COUNT(*) FILTER (WHERE move_type = 'out_invoice') AS invoice_count,
                           COUNT(*) FILTER (WHERE move_type = 'out_refund') AS refund_count,
                           MIN(invoice_date) FILTER (WHERE move_type = 'out_invoice') AS first_date,
                           MAX(invoice_date) FILTER (WHERE move_type = 'out_invoice') AS last_date
                      FROM %(moves)s moves
                  GROUP BY company_id, partner_id
                ), line AS (
                    SELECT m.company_id, m.partner_id,
                           SUM(-l.balance) AS revenue,
                           SUM(m.sign * l.quantity * COALESCE(
                               (pp.standard_price ->> m.company_id::text)::numeric, 0)) AS cost,
                           SUM(m.sign * l.quantity * l.price_unit * COALESCE(l.discount, 0) / 100
                               / m.rate) AS discount_line,
                           SUM(m.sign * l.quantity * GREATEST(
                               COALESCE(pt.list_price, 0) - l.price_unit / m.rate, 0))
                               AS discount_list
                      FROM %(moves)s m
                      JOIN account_move_line l ON l.move_id = m.id
                 LEFT JOIN product_product pp ON pp.id = l.product_id
                 LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE l.display_type = 'product'
                  GROUP BY m.company_id, m.partner_id
                ), other AS (
                    SELECT company_id, partner_id, SUM(amount) AS amount
                      FROM crm_customer_cost
                     WHERE %(scope)s
                  GROUP BY company_id, partner_id
                ), overdue AS (
                    SELECT company_id, partner_id, COUNT(*) AS count
                      FROM crm_customer_reorder
                     WHERE is_overdue AND %(scope)s
                  GROUP BY company_id, partner_id
                )
                SELECT h.company_id, h.partner_id, p.user_id, p.team_id,
                       h.invoice_count, h.refund_count, h.first_date, h.last_date,
                       COALESCE(line.revenue, 0) AS revenue,
                       ROUND(COALESCE(line.cost, 0), 2) AS cost,
                       ROUND(COALESCE(line.discount_list, 0), 2) AS discount_list,
                       ROUND(COALESCE(line.discount_line, 0), 2) AS discount_line,
                       COALESCE(other.amount, 0) AS other_cost,
                       COALESCE(overdue.count, 0) AS reorder_overdue_count
                  FROM head h
                  JOIN res_partner p ON p.id = h.partner_id
             LEFT JOIN line ON line.company_id = h.company_id AND line.partner_id = h.partner_id
             LEFT JOIN other ON other.company_id = h.company_id AND other.partner_id = h.partner_id
             LEFT JOIN overdue
                       ON overdue.company_id = h.company_id AND overdue.partner_id = h.partner_id
                """,
                scope=scope_rows,
                moves=params["moves"],
            )
        )
        keys = ("company_id", "partner_id")
        columns = (
            "currency_id",
            "user_id",
            "team_id",
            "first_invoice_date",
            "last_invoice_date",
            "invoice_count",
            "refund_count",
            "recency_days",
            "revenue",
            "cost",
            "margin",
            "margin_percent",
            "discount_list",
            "discount_line",
            "discount_total",
            "other_cost",
            "profit",
            "repeat_rate",
            "recency_score",
            "frequency_score",
            "monetary_score",
            "rfm_score",
            "rfm_segment",
            "abc_revenue",
            "abc_margin",
            "revenue_rank",
            "revenue_rank_pct",
            "revenue_cum_share",
            "margin_rank",
            "margin_rank_pct",
            "margin_cum_share",
            "ltv_historic",
            "avg_margin_per_order",
            "order_interval_days",
            "predicted_orders",
            "churn_probability",
            "ltv_predicted",
            "reorder_overdue_count",
            "refreshed_on",
        )
        names = SQL(", ").join(SQL.identifier(name) for name in keys + columns)
        cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS crm_customer_analytics_new;
                CREATE TEMP TABLE crm_customer_analytics_new AS
                SELECT %(names)s FROM crm_customer_analytics WITH NO DATA;
                WITH base AS (
                    SELECT b.*, b.revenue - b.cost AS margin
                      FROM crm_customer_analytics_base b
                     UNION ALL
                    SELECT company_id, partner_id, user_id, team_id, invoice_count,
                           refund_count, first_invoice_date, last_invoice_date, revenue, cost,
                           discount_list, discount_line, other_cost, reorder_overdue_count,
                           margin
                      FROM crm_customer_analytics
                     WHERE NOT (%(scope)s)
                ), ranked AS (
                    SELECT base.*,
                           COUNT(*) OVER company AS customers,
                           NTILE(5) OVER (PARTITION BY company_id
                                          ORDER BY last_date, partner_id) AS r,
                           NTILE(5) OVER (PARTITION BY company_id
                                          ORDER BY invoice_count, partner_id) AS f,
                           NTILE(5) OVER (PARTITION BY company_id
                                          ORDER BY revenue, partner_id) AS m,
                           ROW_NUMBER() OVER by_revenue AS revenue_rank,
                           SUM(revenue) OVER by_revenue AS revenue_cum,
                           SUM(revenue) OVER company AS revenue_total,
                           ROW_NUMBER() OVER by_margin AS margin_rank,
                           SUM(margin) OVER by_margin AS margin_cum,
                           SUM(margin) OVER company AS margin_total
                      FROM base
                     WHERE invoice_count > 0
                    WINDOW company AS (PARTITION BY company_id),
                           by_revenue AS (PARTITION BY company_id ORDER BY revenue DESC, partner_id
                                          ROWS UNBOUNDED PRECEDING),
                           by_margin AS (PARTITION BY company_id ORDER BY margin DESC, partner_id
                                         ROWS UNBOUNDED PRECEDING)
                ), scored AS (
                    SELECT ranked.*,
                           (f + m + 1) / 2 AS fm,
                           %(today)s::date - last_date AS recency,
                           CASE WHEN invoice_count > 1
                                THEN GREATEST((last_date - first_date)::float
                                              / (invoice_count - 1), 1)
                                ELSE %(horizon)s::float END AS interval_days
                      FROM ranked
                     WHERE %(scope)s
                ), predicted AS (
                    SELECT scored.*,
                           CASE WHEN recency <= interval_days THEN 1.0
                                ELSE EXP(-(recency - interval_days) / interval_days)
                           END AS alive
                      FROM scored
                )
                INSERT INTO crm_customer_analytics_new (%(names)s)
                SELECT company_id, partner_id,
                       (SELECT currency_id FROM res_company WHERE id = predicted.company_id),
                       user_id, team_id, first_date,
                       last_date, invoice_count, refund_count, recency, revenue, cost,
                       margin,
                       CASE WHEN revenue > 0 THEN ROUND(100 * margin / revenue, 2) END,
                       discount_list, discount_line, discount_list + discount_line,
                       other_cost, margin - other_cost,
                       CASE WHEN invoice_count > 1 THEN 100 ELSE 0 END,
                       r, f, m, r::text || f::text || m::text,
                       CASE WHEN r >= 4 AND fm >= 4 THEN 'champions'
                            WHEN r = 3 AND fm >= 4 THEN 'loyal'
                            WHEN r >= 3 AND fm >= 2 THEN 'potential_loyalist'
                            WHEN r >= 4 THEN 'new'
                            WHEN fm = 5 THEN 'cant_lose'
                            WHEN fm >= 3 THEN 'at_risk'
                            WHEN r >= 2 THEN 'hibernating'
                            ELSE 'lost' END,
                       CASE WHEN revenue_total <= 0 THEN 'c'
                            WHEN revenue_cum - revenue < 0.8 * revenue_total THEN 'a'
                            WHEN revenue_cum - revenue < 0.95 * revenue_total THEN 'b'
                            ELSE 'c' END,
                       CASE WHEN margin_total <= 0 THEN 'c'
                            WHEN margin_cum - margin < 0.8 * margin_total THEN 'a'
                            WHEN margin_cum - margin < 0.95 * margin_total THEN 'b'
                            ELSE 'c' END,
                       revenue_rank, CEIL(100.0 * revenue_rank / customers),
                       CASE WHEN revenue_total > 0
                            THEN ROUND(100 * revenue_cum / revenue_total, 4) END,
                       margin_rank, CEIL(100.0 * margin_rank / customers),
                       CASE WHEN margin_total > 0
                            THEN ROUND(100 * margin_cum / margin_total, 4) END,
                       margin, ROUND(margin / invoice_count, 2), ROUND(interval_days::numeric, 2),
                       ROUND((%(horizon)s / interval_days)::numeric, 4),
                       ROUND((100 * (1 - alive))::numeric, 2),
                       ROUND(margin / invoice_count
                             * (%(horizon)s / interval_days * alive)::numeric, 2),
                       reorder_overdue_count, %(now)s
                  FROM predicted;
                DROP TABLE crm_customer_analytics_base;
                """,
                scope=scope_rows,
                names=names,
                **params,
            )
        )
        cr.execute(
            _upsert(
                "crm_customer_analytics", keys, columns, "crm_customer_analytics_new", scope_rows
            )
        )
