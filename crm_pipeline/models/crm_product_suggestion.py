from odoo import _, api, fields, models
from odoo.tools import SQL


class CrmProductSuggestion(models.TransientModel):
    """Next-best products for one customer, computed on demand.

    Two sources, each one SQL statement for the whole customer:

    - *reorder due*: products the customer bought on at least 3 different days whose last
      purchase is older than their average interval (``_reorder_due_products``);
    - *bought together*: products that the buyers of the customer's products also buy, by
      best confidence then lift (``crm.product.copurchase``), minus every product the customer
      has already bought.

    Reorders come first (most overdue first), then co-purchases. Use
    ``_crm_suggested_products(partner, limit)``.
    """

    _name = "crm.product.suggestion"
    _description = "Suggested Product"
    _order = "sequence, id"
    _rec_name = "product_id"

    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    product_id = fields.Many2one("product.product", string="Product", required=True, readonly=True)
    reason_type = fields.Selection(
        [("reorder", "Reorder Due"), ("copurchase", "Bought Together")],
        string="Reason Type",
        required=True,
        readonly=True,
    )
    reason = fields.Char(readonly=True)
    source_product_id = fields.Many2one(
        "product.product",
        string="Because of",
        readonly=True,
        help="The customer's product whose buyers also buy the suggested one.",
    )
    confidence = fields.Float(digits=(16, 4), readonly=True)
    lift = fields.Float(digits=(16, 2), readonly=True)
    average_interval = fields.Integer(string="Average Interval (Days)", readonly=True)
    days_since_last = fields.Integer(string="Days Since Last Purchase", readonly=True)

    @api.model
    def _crm_suggested_products(self, partner, limit=10):
        """Return the next-best products for ``partner`` as ``crm.product.suggestion`` records
        (best first, at most ``limit``), each with ``product_id`` and a translated ``reason``.

        The current user must be allowed to read the partner (AccessError otherwise); the
        figures are then read in SQL for its commercial partner, in the current company.
        The number of queries does not depend on the customer's history.

        The commercial-proposal action calls it as
        ``self.env["crm.product.suggestion"]._crm_suggested_products(lead.partner_id, limit)``
        and uses ``.product_id`` of the result.
        """
        partner.ensure_one()
        partner.check_access("read")
        commercial = partner.sudo().commercial_partner_id
        company = self.env.company
        reorders = self._reorder_due_products(commercial, company)
        copurchases = self._copurchase_products(commercial, company, limit)
        rows = []
        for product_id, _purchases, interval, days_since in reorders:
            rows.append(
                {
                    "product_id": product_id,
                    "reason_type": "reorder",
                    "average_interval": round(interval),
                    "days_since_last": days_since,
                }
            )
        for product_id, source_id, confidence, lift in copurchases:
            rows.append(
                {
                    "product_id": product_id,
                    "reason_type": "copurchase",
                    "source_product_id": source_id,
                    "confidence": confidence,
                    "lift": lift,
                }
            )
        rows = rows[:limit]
        source_names = {
            product.id: product.display_name
            for product in self.env["product.product"]
            .sudo()
            .browse([row["source_product_id"] for row in rows if row.get("source_product_id")])
        }
        for sequence, row in enumerate(rows):
            row["sequence"] = sequence
            row["partner_id"] = commercial.id
            if row["reason_type"] == "reorder":
                row["reason"] = _(
                    "Usually reordered every %(interval)s days, last bought %(days)s days ago",
                    interval=row["average_interval"],
                    days=row["days_since_last"],
                )
            else:
                row["reason"] = _(
                    "Bought by %(percent)s%% of customers who buy %(product)s, lift %(lift)s",
                    percent=round(row["confidence"] * 100),
                    product=source_names[row["source_product_id"]],
                    lift=f"{row['lift']:.1f}",
                )
        return self.create(rows)

    @api.model
    def _reorder_due_products(self, commercial_partner, company):
        """Products whose reorder is due for the customer: bought on at least 3 different
        invoice dates (posted customer invoices), and the days since the last purchase exceed
        the average interval between purchases ((last - first) / (purchases - 1)).

        Returns [(product id, purchases, average interval in days, days since last)], most
        overdue first. Kept apart so that the reorder-cycle model can replace it."""
        self._flush_invoice_lines()
        self.env.cr.execute(
            SQL(
                """
                WITH purchase AS (
                    SELECT line.product_id,
                           COUNT(DISTINCT move.invoice_date) AS purchases,
                           MIN(move.invoice_date) AS first_date,
                           MAX(move.invoice_date) AS last_date
                      FROM account_move move
                      JOIN account_move_line line ON line.move_id = move.id
                     WHERE move.commercial_partner_id = %(partner)s
                       AND move.company_id = %(company)s
                       AND move.move_type = 'out_invoice' AND move.state = 'posted'
                       AND line.display_type = 'product' AND line.product_id IS NOT NULL
                  GROUP BY line.product_id
                ), cycle AS (
                    SELECT product_id, purchases,
                           (last_date - first_date)::float / (purchases - 1) AS interval,
                           %(today)s::date - last_date AS days_since
                      FROM purchase
                     WHERE purchases >= 3
                )
                SELECT cycle.product_id, cycle.purchases, cycle.interval, cycle.days_since
                  FROM cycle
                  JOIN product_product product ON product.id = cycle.product_id
                 WHERE product.active AND cycle.days_since > cycle.interval
              ORDER BY cycle.days_since / GREATEST(cycle.interval, 1) DESC, cycle.product_id
                """,
                partner=commercial_partner.id,
                company=company.id,
                today=fields.Date.context_today(self),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _copurchase_products(self, commercial_partner, company, limit):
        """Products bought together with the customer's products and never bought by the
        customer: for each, its best pair (confidence, then lift). Returns
        [(product id, source product id, confidence, lift)], best first."""
        self._flush_invoice_lines()
        self.env["crm.product.copurchase"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH bought AS (
                    SELECT DISTINCT line.product_id
                      FROM account_move move
                      JOIN account_move_line line ON line.move_id = move.id
                     WHERE move.commercial_partner_id = %(partner)s
                       AND move.company_id = %(company)s
                       AND move.move_type = 'out_invoice' AND move.state = 'posted'
                       AND line.display_type = 'product' AND line.product_id IS NOT NULL
                ), candidate AS (
                    SELECT DISTINCT ON (pair.product_b_id)
                           pair.product_b_id, pair.product_a_id, pair.confidence, pair.lift
                      FROM crm_product_copurchase pair
                      JOIN bought ON bought.product_id = pair.product_a_id
                      JOIN product_product product ON product.id = pair.product_b_id
                      JOIN product_template template ON template.id = product.product_tmpl_id
                     WHERE pair.company_id = %(company)s
                       AND product.active AND template.sale_ok
                       AND pair.product_b_id NOT IN (SELECT product_id FROM bought)
                  ORDER BY pair.product_b_id, pair.confidence DESC, pair.lift DESC,
                           pair.product_a_id
                )
                SELECT product_b_id, product_a_id, confidence, lift
                  FROM candidate
              ORDER BY confidence DESC, lift DESC, product_b_id
                 LIMIT %(limit)s
                """,
                partner=commercial_partner.id,
                company=company.id,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _flush_invoice_lines(self):
        self.env["account.move"].flush_model(
            ["move_type", "state", "invoice_date", "commercial_partner_id", "company_id"]
        )
        self.env["account.move.line"].flush_model(["move_id", "product_id", "display_type"])
