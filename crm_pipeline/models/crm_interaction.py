from odoo import api, fields, models


class CrmInteraction(models.Model):
    _name = "crm.interaction"
    _description = "Customer Interaction"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, tracking=True)
    channel = fields.Selection(
        [
            ("meeting", "Meeting"),
            ("phone", "Phone"),
            ("email", "Email"),
            ("letter", "Letter"),
            ("fax", "Fax"),
            ("web", "Web"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="outbound",
        help="Inbound: the customer reached out. Outbound: we did.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('commercial_partner_id', '=', commercial_partner_id),"
        " ('is_company', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded By", required=True, default=lambda self: self.env.user
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null", check_company=True
    )
    order_id = fields.Many2one(
        "sale.order", string="Sales Order", index="btree_not_null", check_company=True
    )
    note = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("lead_id", "order_id")
    def _compute_partner_id(self):
        for interaction in self:
            source = interaction.order_id.partner_id or interaction.lead_id.partner_id
            if source and not interaction.partner_id:
                interaction.partner_id = source
