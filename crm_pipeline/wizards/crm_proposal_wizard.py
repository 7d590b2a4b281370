from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class CrmProposalWizard(models.TransientModel):
    """Builds a quotation (commercial proposal) for an opportunity's customer: the chosen
    products at the customer's pricelist, on a quotation template, in the customer's language."""

    _name = "crm.proposal.wizard"
    _description = "Commercial Proposal Wizard"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", required=True, readonly=True)
    partner_id = fields.Many2one(related="lead_id.partner_id", string="Customer")
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Pricelist",
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
        help="The customer's pricelist by default.",
    )
    sale_order_template_id = fields.Many2one(
        "sale.order.template",
        string="Quotation Template",
        compute="_compute_sale_order_template_id",
        store=True,
        readonly=False,
        domain="[('company_id', 'in', [False, company_id])]",
        help="The company's default quotation template by default. Its lines, terms, validity "
        "and cover letter go into the proposal.",
    )
    cover_letter = fields.Html(
        compute="_compute_cover_letter",
        store=True,
        readonly=False,
        help="Printed at the top of the proposal, taken from the template in the customer's "
        "language.",
    )
    line_ids = fields.One2many(
        "crm.proposal.wizard.line",
        "wizard_id",
        string="Products",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("lead_id")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.lead_id.company_id or self.env.company

    @api.depends("lead_id")
    def _compute_pricelist_id(self):
        for wizard in self:
            partner = wizard.lead_id.partner_id
            wizard.pricelist_id = partner.with_company(wizard.company_id).property_product_pricelist

    @api.depends("lead_id")
    def _compute_sale_order_template_id(self):
        for wizard in self:
            wizard.sale_order_template_id = wizard.company_id.sale_order_template_id

    @api.depends("sale_order_template_id", "lead_id")
    def _compute_cover_letter(self):
        for wizard in self:
            template = wizard.sale_order_template_id.with_context(lang=wizard._get_lang())
            wizard.cover_letter = template.proposal_cover_letter

    @api.depends("lead_id")
    def _compute_line_ids(self):
        for wizard in self:
            products = wizard.lead_id._crm_proposal_suggested_products() if wizard.lead_id else []
            wizard.line_ids = [Command.clear()] + [
                Command.create({"product_id": product.id, "product_uom_qty": 1.0})
                for product in products
            ]

    def _get_lang(self):
        self.ensure_one()
        return self.lead_id.partner_id.lang or self.env.lang

    def action_create_quotation(self):
        """Create the quotation, linked to the opportunity, and open it."""
        self.ensure_one()
        order = self._create_quotation()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _create_quotation(self):
        self.ensure_one()
        lead = self.lead_id
        # A salesperson proposes to the customers they may see, only.
        lead.check_access("read")
        if not lead.partner_id:
            raise UserError(self.env._("Set the customer of the opportunity before proposing."))
        template = self.sale_order_template_id
        if not self.line_ids and not template.sale_order_template_line_ids:
            raise UserError(self.env._("Add at least one product to the proposal."))
        if any(line.product_uom_qty <= 0 for line in self.line_ids):
            raise UserError(self.env._("The quantity of each product must be positive."))
        lang = self._get_lang()
        # Values shared with Odoo's "New Quotation" of the opportunity (team, salesperson...).
        values = {
            key.removeprefix("default_"): value
            for key, value in lead._prepare_opportunity_quotation_context().items()
        }
        values.update(
            {
                "sale_order_template_id": template.id,
                "proposal_cover_letter": (
                    self.cover_letter if not is_html_empty(self.cover_letter) else False
                ),
                "order_line": self._prepare_order_lines(template.with_context(lang=lang)),
            }
        )
        if self.pricelist_id:
            values["pricelist_id"] = self.pricelist_id.id
        # The template's terms, validity and signature/payment settings follow from
        # sale_management's computes on sale_order_template_id, in the customer's language.
        return self.env["sale.order"].with_context(lang=lang).create(values)

    def _prepare_order_lines(self, template):
        commands = [
            Command.create(line._prepare_order_line_values())
            for line in template.sale_order_template_line_ids
        ]
        sequence = max([line.sequence for line in template.sale_order_template_line_ids] or [0])
        for line in self.line_ids:
            sequence += 1
            commands.append(
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.product_uom_qty,
                        "sequence": sequence,
                    }
                )
            )
        return commands
