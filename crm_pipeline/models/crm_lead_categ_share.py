from odoo import api, fields, models
from odoo.tools import SQL


class CrmLeadCategShare(models.Model):
    """How an opportunity's revenue splits over product categories: the untaxed amounts of the
    lines of its quotations and orders (cancelled ones left out), per product category, as shares
    of their total. The sales forecast splits each opportunity by these rows; one without rows
    (no quotation lines) has no product category.

    Kept up to date when quotation lines, a quotation's state or its opportunity change (see
    sale.order and sale.order.line), and rewritten whole every night with the pipeline snapshot
    and at each module update (for changes made outside the ORM, such as a product moved to
    another category). The shares of an opportunity always add up to one, so a stale split moves
    revenue between categories but never changes a total.
    """

    _name = "crm.lead.categ.share"
    _description = "Opportunity Share per Product Category"
    _log_access = False
    _order = "lead_id, categ_id"
    _rec_name = "categ_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, readonly=True, ondelete="cascade"
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True, ondelete="cascade"
    )
    share = fields.Float(readonly=True, help="Part of the opportunity's quotation lines (0 to 1).")

    _lead_categ_index = models.Index("(lead_id, categ_id)")

    def init(self):
        self._refresh_shares()

    @api.model
    def _refresh_shares(self, lead_ids=None):
        """Rewrites the shares of the given opportunities (all when None) in two statements."""
        self.env["sale.order"].flush_model(["opportunity_id", "state"])
        self.env["sale.order.line"].flush_model(
            ["display_type", "order_id", "price_subtotal", "product_id"]
        )
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["categ_id"])
        if lead_ids is None:
            scope = orders = SQL("TRUE")
        else:
            ids = sorted(set(lead_ids))
            scope = SQL("lead_id = ANY(%s)", ids)
            orders = SQL("sale.opportunity_id = ANY(%s)", ids)
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM crm_lead_categ_share WHERE %(scope)s;
                INSERT INTO crm_lead_categ_share (lead_id, categ_id, share)
                SELECT lead_id, categ_id, amount / total
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
                           AND %(orders)s
                      GROUP BY 1, 2
                       ) categ_amount
                 WHERE total != 0
                """,
                scope=scope,
                orders=orders,
            )
        )
        self.invalidate_model()
