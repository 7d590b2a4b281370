import logging
import time

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class CrmProductCopurchase(models.Model):
    """Item-to-item co-purchase statistics, a table refreshed from posted customer invoices.

    A customer's *basket* is the set of products its commercial partner was invoiced for
    (posted customer invoices, product lines) over the analysis window (24 months by default,
    ``crm_pipeline.copurchase_window_months``), per company. For a pair of products A -> B:

    - ``customers_a``: customers who bought A; ``customers_b``: customers who bought B;
    - ``customers_ab``: customers who bought both;
    - ``support`` = customers_ab / customers (all customers with a basket in the company);
    - ``confidence`` = customers_ab / customers_a: the share of A's buyers who also buy B;
    - ``lift`` = confidence / (customers_b / customers): how much more likely B is among A's
      buyers than among all customers (1 = independent).

    Only pairs bought together by at least ``crm_pipeline.copurchase_min_customers`` customers
    (default 3) are kept, and for each product A its best
    ``crm_pipeline.copurchase_max_per_product`` products B (default 50; by confidence, then
    lift, then product id), which keeps the table small; rows are written by one
    ``INSERT ... SELECT`` in ``_refresh_copurchase`` (daily cron, or "Refresh now").
    """

    _name = "crm.product.copurchase"
    _description = "Product Co-purchase Statistics"
    _order = "confidence desc, lift desc, id"
    _rec_name = "product_b_id"

    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True)
    product_a_id = fields.Many2one(
        "product.product", string="Product Bought", required=True, readonly=True
    )
    product_b_id = fields.Many2one(
        "product.product", string="Also Bought", required=True, readonly=True
    )
    customers_a = fields.Integer(
        string="Buyers of the Product", readonly=True, help="Customers who bought the product."
    )
    customers_b = fields.Integer(
        string="Buyers of the Other Product",
        readonly=True,
        help="Customers who bought the other product.",
    )
    customers_ab = fields.Integer(
        string="Buyers of Both", readonly=True, help="Customers who bought both products."
    )
    support = fields.Float(
        digits=(16, 4),
        aggregator="max",
        readonly=True,
        help="Share of all customers who bought both products.",
    )
    confidence = fields.Float(
        digits=(16, 4),
        aggregator="max",
        readonly=True,
        help="Share of the buyers of the product who also bought the other product.",
    )
    lift = fields.Float(
        digits=(16, 2),
        aggregator="max",
        readonly=True,
        help="Confidence divided by the share of all customers who bought the other product: "
        "above 1, buying the product makes buying the other one more likely.",
    )

    _product_a_idx = models.Index("(company_id, product_a_id)")

    @api.model
    def _copurchase_parameters(self):
        get_param = self.env["ir.config_parameter"].sudo().get_param
        return {
            "window_months": int(get_param("crm_pipeline.copurchase_window_months", 24)),
            "min_customers": max(int(get_param("crm_pipeline.copurchase_min_customers", 3)), 1),
            "max_per_product": max(
                int(get_param("crm_pipeline.copurchase_max_per_product", 50)), 1
            ),
        }

    def action_refresh(self):
        """Recompute the statistics now (heads of sales)."""
        if not self.env.user.has_group("crm_pipeline.group_crm_sales_head"):
            raise AccessError(_("Only a head of sales may refresh the co-purchase statistics."))
        self.sudo()._refresh_copurchase()
        return {"type": "ir.actions.client", "tag": "reload"}

    @api.model
    def _refresh_copurchase(self):
        """Replace the statistics, set-based: a temporary table of the distinct (company,
        customer, product) baskets, products bought by too few customers dropped, then one
        self-join counting each unordered pair once, written in both directions by one
        ``INSERT ... SELECT``. Returns the number of rows written."""
        params = self._copurchase_parameters()
        date_from = fields.Date.context_today(self) - relativedelta(months=params["window_months"])
        self.env["account.move"].flush_model(
            ["move_type", "state", "invoice_date", "commercial_partner_id"]
        )
        self.env["account.move.line"].flush_model(
            ["move_id", "product_id", "display_type", "company_id"]
        )
        cr = self.env.cr
        started = time.monotonic()
        # the pair counts are one large aggregate: keep it in memory and skip JIT compilation,
        # for this transaction only
        cr.execute("SET LOCAL work_mem = '128MB'")
        cr.execute("SET LOCAL jit = off")
        cr.execute("DROP TABLE IF EXISTS crm_copurchase_basket")
        cr.execute(
            SQL(
                """
                CREATE TEMPORARY TABLE crm_copurchase_basket ON COMMIT DROP AS
                SELECT DISTINCT line.company_id, move.commercial_partner_id AS partner_id,
                       line.product_id
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE move.move_type = 'out_invoice' AND move.state = 'posted'
                   AND move.invoice_date >= %(date_from)s
                   AND line.display_type = 'product' AND line.product_id IS NOT NULL
                   AND move.commercial_partner_id IS NOT NULL
                """,
                date_from=date_from,
            )
        )
        baskets = cr.rowcount
        cr.execute(
            """
            CREATE TEMPORARY TABLE crm_copurchase_total ON COMMIT DROP AS
            SELECT company_id, COUNT(DISTINCT partner_id) AS customers
              FROM crm_copurchase_basket
          GROUP BY company_id
            """
        )
        cr.execute(
            """
            CREATE TEMPORARY TABLE crm_copurchase_product ON COMMIT DROP AS
            SELECT company_id, product_id, COUNT(*) AS customers
              FROM crm_copurchase_basket
          GROUP BY company_id, product_id
            """
        )
        # a product bought by fewer customers than the threshold is in no kept pair
        cr.execute(
            SQL(
                """
                DELETE FROM crm_copurchase_basket basket
                 USING crm_copurchase_product product
                 WHERE product.company_id = basket.company_id
                   AND product.product_id = basket.product_id
                   AND product.customers < %(min_customers)s
                """,
                min_customers=params["min_customers"],
            )
        )
        kept = baskets - cr.rowcount
        # statistics for the planner (temporary tables have none), and no index: the self-join
        # reads the whole table, by a hash or merge join
        for table in ("crm_copurchase_basket", "crm_copurchase_total", "crm_copurchase_product"):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        _logger.info(
            "Co-purchase refresh: %s customer-product pairs since %s, %s left above the "
            "threshold, in %.1f s",
            baskets,
            date_from,
            kept,
            time.monotonic() - started,
        )
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        now = fields.Datetime.now()
        cr.execute(
            SQL(
                """
                WITH pair AS (
                    SELECT a.company_id, a.product_id AS product_a, b.product_id AS product_b,
                           COUNT(*) AS customers_ab
                      FROM crm_copurchase_basket a
                      JOIN crm_copurchase_basket b
                        ON b.company_id = a.company_id AND b.partner_id = a.partner_id
                       AND b.product_id > a.product_id
                  GROUP BY a.company_id, a.product_id, b.product_id
                    HAVING COUNT(*) >= %(min_customers)s
                ), directed AS (
                    SELECT company_id, product_a, product_b, customers_ab FROM pair
                     UNION ALL
                    SELECT company_id, product_b, product_a, customers_ab FROM pair
                ), ranked AS (
                    -- confidence then lift, best first: within one product A, the most
                    -- buyers of both, then the fewest buyers of B
                    SELECT d.company_id, d.product_a, d.product_b, d.customers_ab,
                           pa.customers AS customers_a, pb.customers AS customers_b,
                           t.customers,
                           ROW_NUMBER() OVER (
                               PARTITION BY d.company_id, d.product_a
                               ORDER BY d.customers_ab DESC, pb.customers, d.product_b
                           ) AS rank
                      FROM directed d
                      JOIN crm_copurchase_total t ON t.company_id = d.company_id
                      JOIN crm_copurchase_product pa
                        ON pa.company_id = d.company_id AND pa.product_id = d.product_a
                      JOIN crm_copurchase_product pb
                        ON pb.company_id = d.company_id AND pb.product_id = d.product_b
                )
                INSERT INTO crm_product_copurchase (
                    company_id, product_a_id, product_b_id, customers_a, customers_b,
                    customers_ab, support, confidence, lift,
                    create_uid, create_date, write_uid, write_date)
                SELECT company_id, product_a, product_b, customers_a, customers_b, customers_ab,
                       customers_ab::float / customers,
                       customers_ab::float / customers_a,
                       customers_ab::float * customers / (customers_a * customers_b),
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM ranked
                 WHERE rank <= %(max_per_product)s
                """,
                min_customers=params["min_customers"],
                max_per_product=params["max_per_product"],
                uid=self.env.uid,
                now=now,
            )
        )
        written = cr.rowcount
        for table in ("crm_copurchase_basket", "crm_copurchase_total", "crm_copurchase_product"):
            cr.execute(SQL("DROP TABLE %s", SQL.identifier(table)))
        self.invalidate_model()
        _logger.info(
            "Co-purchase refresh: %s product pairs written in %.1f s",
            written,
            time.monotonic() - started,
        )
        return written

    @api.model
    def _cron_refresh_copurchase(self):
        self.env["ir.cron"]._commit_progress(self._refresh_copurchase())
