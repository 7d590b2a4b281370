from odoo import fields, models


class CrmCustomerReorder(models.Model):
    """How often a customer buys a product again: one row per customer, company and product
    bought on at least three distinct invoice dates (``crm_pipeline.reorder_min_purchases``),
    refreshed with the customer analytics (see ``crm.customer.analytics._refresh_reorder``)."""

    _name = "crm.customer.reorder"
    _inherit = ["crm.analytics.xlsx.mixin"]
    _description = "Customer Reorder Cycle"
    _order = "is_overdue desc, overdue_days desc, id"
    _rec_name = "product_id"
    _log_access = False

    # rewritten whole every night: indexed only where a search needs it (the unique index
    # serves the customer)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", string="Product", readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    purchase_count = fields.Integer(
        string="Purchases", readonly=True, help="Distinct invoice dates with this product."
    )
    first_date = fields.Date(string="First Purchase", readonly=True)
    last_date = fields.Date(string="Last Purchase", readonly=True)
    avg_interval_days = fields.Float(
        string="Average Interval (days)", readonly=True, aggregator="avg"
    )
    median_interval_days = fields.Float(
        string="Usual Interval (days)",
        readonly=True,
        aggregator="avg",
        help="Median of the days between two consecutive purchases of the product.",
    )
    avg_amount = fields.Float(
        string="Average Purchase",
        readonly=True,
        aggregator="avg",
        help="Untaxed revenue of the product per purchase, in the company's currency.",
    )
    next_expected_date = fields.Date(
        string="Next Expected", readonly=True, help="Last purchase plus the usual interval."
    )
    overdue_days = fields.Integer(
        string="Days Past Expected",
        readonly=True,
        aggregator="max",
        help="Days since the next expected date (negative: still to come).",
    )
    is_overdue = fields.Boolean(
        string="Reorder Overdue",
        readonly=True,
        help="No purchase for longer than the usual interval plus the tolerance set in the "
        "settings (20% by default).",
    )
    refreshed_on = fields.Datetime(string="Refreshed On", readonly=True)

    _partner_product_uniq = models.Constraint(
        "UNIQUE(partner_id, product_id, company_id)",
        "One reorder cycle per customer, product and company.",
    )

    def action_schedule_calls(self):
        """A call activity for the account manager of each selected customer (one per customer,
        listing its overdue products), unless such a call is already planned."""
        activity_type = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("res.partner")
        partners = self.partner_id
        planned = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                    ("summary", "=", self.env._("Reorder call")),
                ]
            )
            .mapped("res_id")
        )
        products_by_partner = {}
        for row in self:
            products_by_partner.setdefault(row.partner_id, []).append(row.product_id)
        today = fields.Date.context_today(self)
        values = [
            {
                "res_model_id": model_id,
                "res_id": partner.id,
                "activity_type_id": activity_type.id,
                "summary": self.env._("Reorder call"),
                "note": self.env._(
                    "Usually reorders: %(products)s",
                    products=", ".join(product.display_name for product in products),
                ),
                "user_id": (partner.user_id or self.env.user).id,
                "date_deadline": today,
            }
            for partner, products in products_by_partner.items()
            if partner.id not in planned
        ]
        activities = self.env["mail.activity"].sudo().create(values)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Reorder calls"),
                "message": self.env._(
                    "%(count)s calls scheduled for the account managers.", count=len(activities)
                ),
                "type": "success",
            },
        }
