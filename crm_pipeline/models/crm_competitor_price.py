from odoo import fields, models


class CrmCompetitorPrice(models.Model):
    _name = "crm.competitor.price"
    _description = "Competitor Price Observation"
    _order = "date desc, id desc"
    _rec_name = "competitor_id"
    _check_company_auto = True

    competitor_id = fields.Many2one(
        "crm.competitor",
        string="Competitor",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        required=True,
        index=True,
        check_company=True,
        help="Our product the observed price compares with.",
    )
    price = fields.Monetary(
        string="Observed Price",
        required=True,
        currency_field="currency_id",
        aggregator="avg",
        help="The competitor's unit price, as observed.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        string="Currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    source = fields.Selection(
        [
            ("website", "Competitor Website"),
            ("customer", "Customer"),
            ("tender", "Tender"),
            ("pricelist", "Price List"),
            ("other", "Other"),
        ],
        required=True,
        default="website",
    )
    note = fields.Text(help="Where exactly: link, tender number, customer, conditions.")
    user_id = fields.Many2one(
        "res.users",
        string="Observed By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    _price_positive = models.Constraint(
        "CHECK(price >= 0)", "An observed price cannot be negative."
    )
