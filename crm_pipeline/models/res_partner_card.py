from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# How many of the latest events the card shows; the whole timeline is one click away.
CARD_EVENT_LIMIT = 20


class ResPartner(models.Model):
    """The key figures of the 360-degree customer card, computed for the commercial partner
    (a contact shows its company's figures), set-based: one grouped query per figure for all
    the partners being read, whatever their number of documents. Each figure counts the
    documents the current user may read."""

    _inherit = "res.partner"

    card_currency_id = fields.Many2one("res.currency", compute="_compute_customer_card")
    card_revenue_12m = fields.Monetary(
        string="Revenue (12 Months)",
        currency_field="card_currency_id",
        compute="_compute_customer_card",
        help="Untaxed amount of the posted customer invoices of the last 12 months, less "
        "credit notes, in the company's currency.",
    )
    card_revenue_total = fields.Monetary(
        string="Revenue (Lifetime)",
        currency_field="card_currency_id",
        compute="_compute_customer_card",
        help="Untaxed amount of all posted customer invoices, less credit notes.",
    )
    card_margin_12m = fields.Monetary(
        string="Margin (12 Months)",
        currency_field="card_currency_id",
        compute="_compute_customer_card",
        help="Revenue of the last 12 months less the cost of the products invoiced, at the "
        "products' current cost.",
    )
    card_margin_total = fields.Monetary(
        string="Margin (Lifetime)",
        currency_field="card_currency_id",
        compute="_compute_customer_card",
        help="Lifetime revenue less the cost of the products invoiced, at their current cost.",
    )
    card_pipeline = fields.Monetary(
        string="Weighted Pipeline",
        currency_field="card_currency_id",
        compute="_compute_customer_card",
        help="Expected revenue times probability of the open opportunities.",
    )
    card_overdue_amount = fields.Monetary(
        string="Overdue",
        currency_field="card_currency_id",
        compute="_compute_customer_card",
        help="What is left to pay on posted customer invoices past their due date.",
    )
    card_order_count = fields.Integer(string="Orders", compute="_compute_customer_card")
    card_average_order = fields.Monetary(
        string="Average Order",
        currency_field="card_currency_id",
        compute="_compute_customer_card",
        help="Untaxed amount of the confirmed sales orders divided by their number.",
    )
    card_last_contact = fields.Datetime(
        string="Last Contact",
        compute="_compute_customer_card",
        help="The latest interaction recorded with the customer.",
    )
    card_next_contact = fields.Datetime(
        string="Next Contact",
        compute="_compute_customer_card",
        help="The earliest deadline of the open activities on the customer, its contacts, "
        "opportunities and orders.",
    )

    card_event_ids = fields.Many2many(
        "crm.timeline.event",
        string="Latest Events",
        compute="_compute_card_event_ids",
        help="The latest events of the customer's timeline.",
    )

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_card_event_ids(self):
        """The latest events of each customer, in two queries for all the partners: one picks
        the ids (the customers' filter pushed down into every source), one reads the events,
        so that showing them reads nothing more."""
        Event = self.env["crm.timeline.event"]
        commercial_ids = [id_ for id_ in set(self.commercial_partner_id.ids) if id_]
        by_customer = defaultdict(list)
        if commercial_ids and Event.has_access("read"):
            query = Event._search([("commercial_partner_id", "in", commercial_ids)])
            table = SQL.identifier(Event._table)
            ranked = query.select(
                SQL("%s.id", table),
                SQL("%s.commercial_partner_id", table),
                SQL(
                    "ROW_NUMBER() OVER (PARTITION BY %s.commercial_partner_id"
                    " ORDER BY %s.date DESC, %s.id DESC) AS position",
                    table,
                    table,
                    table,
                ),
            )
            rows = self.env.execute_query(
                SQL(
                    "SELECT id, commercial_partner_id FROM (%s) ranked WHERE position <= %s"
                    " ORDER BY commercial_partner_id, position",
                    ranked,
                    CARD_EVENT_LIMIT,
                )
            )
            if rows:
                Event.search_fetch(
                    [
                        ("commercial_partner_id", "in", commercial_ids),
                        ("id", "in", [id_ for id_, __ in rows]),
                    ],
                    [name for name, field in Event._fields.items() if field.store],
                )
            for id_, customer_id in rows:
                by_customer[customer_id].append(id_)
        for partner in self:
            partner.card_event_ids = Event.browse(by_customer[partner.commercial_partner_id.id])

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_customer_card(self):
        commercial_ids = [id_ for id_ in set(self.commercial_partner_id.ids) if id_]
        figures = defaultdict(lambda: defaultdict(float))
        if commercial_ids:
            self._card_invoice_figures(commercial_ids, figures)
            self._card_sales_figures(commercial_ids, figures)
            self._card_contact_figures(commercial_ids, figures)
        currency = self.env.company.currency_id
        for partner in self:
            values = figures[partner.commercial_partner_id.id]
            order_count = int(values["order_count"])
            partner.card_currency_id = currency
            partner.card_revenue_12m = values["revenue_12m"]
            partner.card_revenue_total = values["revenue_total"]
            partner.card_margin_12m = values["revenue_12m"] - values["cost_12m"]
            partner.card_margin_total = values["revenue_total"] - values["cost_total"]
            partner.card_pipeline = values["pipeline"]
            partner.card_overdue_amount = values["overdue"]
            partner.card_order_count = order_count
            partner.card_average_order = (
                values["order_amount"] / order_count if order_count else 0.0
            )
            partner.card_last_contact = values.get("last_contact") or False
            partner.card_next_contact = values.get("next_contact") or False

    def _card_invoice_figures(self, commercial_ids, figures):
        """Revenue and margin (lifetime, 12 months) and the overdue amount."""
        Line = self.env["account.move.line"]
        Move = self.env["account.move"]
        if not (Line.has_access("read") and Move.has_access("read")):
            return
        today = fields.Date.context_today(self)
        domain = [
            ("move_id.commercial_partner_id", "in", commercial_ids),
            ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
        ]
        groupby = ["move_id.commercial_partner_id", "move_id.move_type", "product_id"]
        aggregates = ["balance:sum", "quantity:sum"]
        periods = (
            ("total", Line._read_group(domain, groupby, aggregates)),
            (
                "12m",
                Line._read_group(
                    [*domain, ("invoice_date", ">", today - timedelta(days=365))],
                    groupby,
                    aggregates,
                ),
            ),
        )
        products = self.env["product.product"]
        for __, rows in periods:
            for __, __, product, __, __ in rows:
                products |= product
        costs = {product.id: product.standard_price for product in products}
        for period, rows in periods:
            for partner, move_type, product, balance, quantity in rows:
                sign = -1 if move_type == "out_refund" else 1
                figures[partner.id][f"revenue_{period}"] -= balance
                figures[partner.id][f"cost_{period}"] += (
                    sign * quantity * costs.get(product.id, 0.0)
                )
        overdue = Move._read_group(
            [
                ("commercial_partner_id", "in", commercial_ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
            ],
            ["commercial_partner_id"],
            ["amount_residual_signed:sum"],
        )
        for partner, amount in overdue:
            figures[partner.id]["overdue"] = amount

    def _card_sales_figures(self, commercial_ids, figures):
        """Weighted open pipeline, number and average of confirmed orders."""
        Lead = self.env["crm.lead"]
        if Lead.has_access("read"):
            pipeline = Lead._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", commercial_ids),
                    ("type", "=", "opportunity"),
                    ("won_status", "=", "pending"),
                ],
                ["partner_id.commercial_partner_id"],
                ["prorated_revenue:sum"],
            )
            for partner, amount in pipeline:
                figures[partner.id]["pipeline"] = amount
        Order = self.env["sale.order"]
        if Order.has_access("read"):
            orders = Order._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", commercial_ids),
                    ("state", "=", "sale"),
                ],
                ["partner_id.commercial_partner_id"],
                ["__count", "amount_untaxed:sum"],
            )
            for partner, count, amount in orders:
                figures[partner.id]["order_count"] = count
                figures[partner.id]["order_amount"] = amount

    def _card_contact_figures(self, commercial_ids, figures):
        """Last interaction and next open activity, from the timeline (so as the user may
        read them)."""
        Event = self.env["crm.timeline.event"]
        if not Event.has_access("read"):
            return
        last = Event._read_group(
            [
                ("commercial_partner_id", "in", commercial_ids),
                ("kind", "=", "interaction"),
                ("date", "<=", fields.Datetime.now()),
            ],
            ["commercial_partner_id"],
            ["date:max"],
        )
        for partner, date in last:
            figures[partner.id]["last_contact"] = date
        upcoming = Event._read_group(
            [("commercial_partner_id", "in", commercial_ids), ("kind", "=", "activity")],
            ["commercial_partner_id"],
            ["date:min"],
        )
        for partner, date in upcoming:
            figures[partner.id]["next_contact"] = date

    def action_open_timeline(self):
        """The customer's timeline: every event of the company and its contacts that the
        current user may read, newest first."""
        self.ensure_one()
        self.check_access("read")
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pipeline.crm_timeline_event_action"
        )
        action["domain"] = [("commercial_partner_id", "=", customer.id)]
        action["display_name"] = self.env._("Timeline of %s", customer.display_name)
        return action
