from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    proposal_cover_letter = fields.Html(
        string="Proposal Cover Letter",
        copy=True,
        help="Opening letter printed at the top of the Commercial Proposal.",
    )
    loyalty_rule_suggested_id = fields.Many2one(
        "crm.loyalty.rule",
        string="Suggested Loyalty Rule",
        compute="_compute_loyalty_rule_suggested_id",
        help="The loyalty rule the customer of this quotation matches, if any.",
    )
    loyalty_reminder = fields.Char(compute="_compute_loyalty_rule_suggested_id")
    loyalty_rule_id = fields.Many2one(
        "crm.loyalty.rule",
        string="Loyalty Rule Applied",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    loyalty_discount_amount = fields.Monetary(
        string="Loyalty Discount",
        compute="_compute_loyalty_discount_amount",
        store=True,
        copy=False,
        tracking=True,
        help="Discount given under the loyalty rule, before taxes, in the order's currency: "
        "unit price x quantity x the line's discount, up to the rule's rate.",
    )

    @api.depends("partner_id", "company_id", "state", "loyalty_rule_id")
    def _compute_loyalty_rule_suggested_id(self):
        self.loyalty_rule_suggested_id = False
        self.loyalty_reminder = False
        quotations = self.filtered(
            lambda order: (
                order.state in ("draft", "sent") and order.partner_id and not order.loyalty_rule_id
            )
        )
        for company, orders in quotations.grouped("company_id").items():
            partners = orders.partner_id.commercial_partner_id
            matches = self.env["crm.loyalty.rule"]._match_partners(partners.ids, company)
            for order in orders:
                rule = matches.get(order.partner_id.commercial_partner_id.id)
                if rule:
                    order.loyalty_rule_suggested_id = rule
                    order.loyalty_reminder = _(
                        "%(condition)s: suggest %(discount)s%% discount (rule %(rule)s)",
                        condition=rule._condition_label(),
                        discount=f"{rule.discount:g}",
                        rule=rule.name,
                    )

    @api.depends(
        "loyalty_rule_id",
        "order_line.price_unit",
        "order_line.product_uom_qty",
        "order_line.discount",
        "currency_id",
    )
    def _compute_loyalty_discount_amount(self):
        for order in self:
            rule = order.loyalty_rule_id
            if not rule:
                order.loyalty_discount_amount = 0.0
                continue
            amount = sum(
                line.price_unit * line.product_uom_qty * min(line.discount, rule.discount) / 100
                for line in order.order_line
                if not line.display_type
            )
            order.loyalty_discount_amount = order.currency_id.round(amount)

    def write(self, vals):
        resplit = {"opportunity_id", "state", "currency_id"} & set(vals)
        leads = self.opportunity_id if resplit else self.env["crm.lead"]
        result = super().write(vals)
        if resplit:
            leads |= self.opportunity_id
        if leads:
            self.env["crm.lead.categ.share"]._refresh_shares(leads.ids)
        return result

    def unlink(self):
        leads = self.opportunity_id
        result = super().unlink()
        if leads:
            self.env["crm.lead.categ.share"]._refresh_shares(leads.ids)
        return result

    def action_apply_loyalty_discount(self):
        """Give the suggested loyalty discount on every line and record the rule."""
        for order in self:
            rule = order.loyalty_rule_suggested_id
            if order.state not in ("draft", "sent"):
                raise UserError(_("A loyalty discount can only be applied to a quotation."))
            if not rule:
                raise UserError(
                    _("No loyalty rule applies to the customer of %(order)s.", order=order.name)
                )
            order.order_line.filtered(lambda line: not line.display_type).write(
                {"discount": rule.discount}
            )
            order.loyalty_rule_id = rule
        return True
