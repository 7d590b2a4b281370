from odoo import api, fields, models


class CrmCompetitor(models.Model):
    _name = "crm.competitor"
    _description = "Competitor"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        index="btree_not_null",
        domain="[('is_company', '=', True)]",
        check_company=True,
        help="The competitor's company in your contacts, if you keep one.",
    )
    website = fields.Char(compute="_compute_website", store=True, readonly=False, precompute=True)
    strengths = fields.Text(help="Where they beat us: price, delivery, service, brand...")
    weaknesses = fields.Text(help="Where we beat them.")
    product_ids = fields.Many2many(
        "product.product",
        "crm_competitor_product_rel",
        "competitor_id",
        "product_id",
        string="Competing Products",
        check_company=True,
        help="Our products this competitor competes with.",
    )
    product_description = fields.Text(
        string="Their Products", help="What they sell: product lines, brands, models."
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share this competitor between companies.",
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_competitor_crm_lead_rel",
        "competitor_id",
        "lead_id",
        string="Opportunities",
        context={"active_test": False},
    )
    price_ids = fields.One2many(
        "crm.competitor.price", "competitor_id", string="Price Observations"
    )
    opportunity_count = fields.Integer(string="Opportunities Met", compute="_compute_counts")
    lost_to_count = fields.Integer(string="Opportunities Lost to Them", compute="_compute_counts")
    price_count = fields.Integer(string="Price Count", compute="_compute_counts")

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A competitor with this name already exists in this company."
    )

    @api.depends("partner_id")
    def _compute_website(self):
        for competitor in self:
            competitor.website = competitor.partner_id.website or competitor.website

    @api.depends("lead_ids", "price_ids")
    def _compute_counts(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        met = dict(
            Lead._read_group([("competitor_ids", "in", self.ids)], ["competitor_ids"], ["__count"])
        )
        lost_to = dict(
            Lead._read_group(
                [("lost_competitor_id", "in", self.ids), ("won_status", "=", "lost")],
                ["lost_competitor_id"],
                ["__count"],
            )
        )
        prices = dict(
            self.env["crm.competitor.price"]._read_group(
                [("competitor_id", "in", self.ids)], ["competitor_id"], ["__count"]
            )
        )
        for competitor in self:
            competitor.opportunity_count = met.get(competitor, 0)
            competitor.lost_to_count = lost_to.get(competitor, 0)
            competitor.price_count = prices.get(competitor, 0)

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action.update(
            {
                "domain": [("competitor_ids", "in", self.ids)],
                "context": {"active_test": False, "default_competitor_ids": self.ids},
            }
        )
        return action

    def action_view_lost_to(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action.update(
            {
                "domain": [("lost_competitor_id", "=", self.id), ("won_status", "=", "lost")],
                "context": {"active_test": False},
            }
        )
        return action

    def action_view_prices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pipeline.crm_competitor_price_action"
        )
        action.update(
            {
                "domain": [("competitor_id", "=", self.id)],
                "context": {"default_competitor_id": self.id},
            }
        )
        return action
