from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .res_partner import LIFECYCLE_STATUSES


class CrmLoyaltyRule(models.Model):
    """A rule suggesting a discount on quotations for the customers it matches.

    A customer matches when its lifecycle status is the rule's one, or when it had at least
    ``min_count`` posted invoices (or confirmed orders) in the last 12 months; and, when set,
    when its invoiced revenue (untaxed, net of credit notes, company currency) in the last
    12 months reaches ``min_revenue``. Among the matching rules, the highest discount wins
    (then the sequence).
    """

    _name = "crm.loyalty.rule"
    _description = "Loyalty Discount Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Leave empty to apply the rule in every company.",
    )
    condition_type = fields.Selection(
        [("lifecycle", "Lifecycle Status"), ("count", "Number of Invoices or Orders")],
        string="Condition",
        required=True,
        default="lifecycle",
    )
    lifecycle_status = fields.Selection(LIFECYCLE_STATUSES, string="Lifecycle", default="loyal")
    count_source = fields.Selection(
        [("invoice", "Posted Invoices"), ("order", "Confirmed Orders")],
        string="Count",
        default="invoice",
    )
    min_count = fields.Integer(
        string="At Least",
        default=4,
        help="Number of posted invoices or confirmed orders in the last 12 months.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id", string="Currency")
    min_revenue = fields.Monetary(
        string="Minimum Revenue",
        help="Invoiced revenue of the last 12 months (untaxed, net of credit notes) the "
        "customer must reach; 0 for no minimum.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount", required=True)

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.company).currency_id

    @api.constrains("discount", "min_count", "min_revenue", "condition_type", "lifecycle_status")
    def _check_rule(self):
        for rule in self:
            if not 0 < rule.discount <= 100:
                raise ValidationError(_("The discount must be between 0 and 100%."))
            if rule.min_revenue < 0:
                raise ValidationError(_("The minimum revenue cannot be negative."))
            if rule.condition_type == "lifecycle" and not rule.lifecycle_status:
                raise ValidationError(_("Choose the lifecycle status the rule applies to."))
            if rule.condition_type == "count" and rule.min_count < 1:
                raise ValidationError(_("The number of invoices or orders must be at least 1."))

    def _condition_label(self):
        """Why the customer matches, for the reminder: "Loyal customer", ..."""
        self.ensure_one()
        if self.condition_type == "lifecycle":
            status = dict(self._fields["lifecycle_status"]._description_selection(self.env))[
                self.lifecycle_status
            ]
            return _("%(status)s customer", status=status)
        if self.count_source == "order":
            return _("At least %(count)s orders in 12 months", count=self.min_count)
        return _("At least %(count)s invoices in 12 months", count=self.min_count)

    @api.model
    def _customer_figures(self, commercial_partner_ids, company):
        """Figures of the last 12 months per commercial partner, in one query:
        {partner id: (lifecycle, invoices, orders, revenue)}."""
        if not commercial_partner_ids:
            return {}
        self.env["account.move"].flush_model(
            [
                "move_type",
                "state",
                "invoice_date",
                "commercial_partner_id",
                "company_id",
                "amount_untaxed_signed",
            ]
        )
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order", "company_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id", "lifecycle_status"])
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.lifecycle_status,
                       (SELECT COUNT(*) FROM account_move move
                         WHERE move.commercial_partner_id = partner.id
                           AND move.company_id = %(company)s
                           AND move.move_type = 'out_invoice' AND move.state = 'posted'
                           AND move.invoice_date > %(today)s::date - 365),
                       (SELECT COUNT(*) FROM sale_order sale
                          JOIN res_partner buyer ON buyer.id = sale.partner_id
                         WHERE buyer.commercial_partner_id = partner.id
                           AND sale.company_id = %(company)s AND sale.state = 'sale'
                           AND sale.date_order > %(today)s::date - 365),
                       (SELECT COALESCE(SUM(move.amount_untaxed_signed), 0) FROM account_move move
                         WHERE move.commercial_partner_id = partner.id
                           AND move.company_id = %(company)s
                           AND move.move_type IN ('out_invoice', 'out_refund')
                           AND move.state = 'posted'
                           AND move.invoice_date > %(today)s::date - 365)
                  FROM res_partner partner
                 WHERE partner.id = ANY(%(partners)s)
                """,
                company=company.id,
                today=today,
                partners=list(commercial_partner_ids),
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.model
    def _match_partners(self, commercial_partner_ids, company):
        """The best rule for each commercial partner that one matches: {partner id: rule}."""
        rules = self.search(
            [("company_id", "in", [False, company.id])], order="discount desc, sequence, id"
        )
        if not rules:
            return {}
        figures = self._customer_figures(commercial_partner_ids, company)
        matches = {}
        for partner_id, (lifecycle, invoices, orders, revenue) in figures.items():
            for rule in rules:
                if rule.condition_type == "lifecycle":
                    matched = lifecycle == rule.lifecycle_status
                elif rule.count_source == "order":
                    matched = orders >= rule.min_count
                else:
                    matched = invoices >= rule.min_count
                if matched and revenue >= rule.min_revenue:
                    matches[partner_id] = rule
                    break
        return matches
