import base64

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class CrmPriceListSubscription(models.Model):
    """Customers who receive their price list by email, weekly or monthly."""

    _name = "crm.price.list.subscription"
    _description = "Price List Subscription"
    _inherit = ["mail.thread"]
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "crm_price_list_subscription_partner_rel",
        "subscription_id",
        "partner_id",
        string="Customers",
        required=True,
        help="Each customer receives their own price list, at their email address and in their "
        "language.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Pricelist",
        check_company=True,
        tracking=True,
        help="Leave empty to send each customer the prices of their own pricelist.",
    )
    interval_type = fields.Selection(
        [("weekly", "Weekly"), ("monthly", "Monthly")],
        string="Frequency",
        required=True,
        default="monthly",
        tracking=True,
    )
    next_date = fields.Date(
        string="Next Sending",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The scheduled action sends the price list on this day and then moves the date on "
        "by the frequency.",
    )
    last_sent_date = fields.Date(string="Last Sent", readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        subscriptions = super().create(vals_list)
        subscriptions._check_partner_access()
        return subscriptions

    def write(self, vals):
        res = super().write(vals)
        if "partner_ids" in vals:
            self._check_partner_access()
        return res

    def _check_partner_access(self):
        """Only customers the user may see: a salesperson subscribes their own customers.

        Reading ``partner_ids`` as the user would silently leave out the others, so the check
        reads them as superuser and checks them as the user.
        """
        if not self.env.su:
            self.sudo().partner_ids.sudo(False).check_access("read")

    def action_send_now(self):
        """Send the price list now, without moving the next date."""
        self._send_price_lists()
        return True

    @api.model
    def _cron_send_due(self):
        """Send the price lists due today or before, then move their next date on."""
        today = fields.Date.context_today(self)
        due = self.search([("next_date", "<=", today)])
        due._send_price_lists()
        for subscription in due:
            next_date = subscription.next_date
            while next_date <= today:
                next_date += subscription._get_interval()
            subscription.next_date = next_date

    def _get_interval(self):
        self.ensure_one()
        if self.interval_type == "weekly":
            return relativedelta(weeks=1)
        return relativedelta(months=1)

    def _send_price_lists(self):
        template = self.env.ref("crm_pipeline.mail_template_price_list")
        price_list_model = self.env["crm.price.list"]
        today = fields.Date.context_today(self)
        for company, subscriptions in self.grouped("company_id").items():
            # One computation of the prices per pricelist and language for all the customers.
            partners = subscriptions.partner_ids.filtered("email")
            by_pricelist = subscriptions.grouped("pricelist_id")
            price_lists = {}
            for pricelist, pricelist_subscriptions in by_pricelist.items():
                for price_list in price_list_model._get_price_list_data(
                    pricelist_subscriptions.partner_ids & partners,
                    pricelist=pricelist or None,
                    date=today,
                    company=company,
                ):
                    for partner in price_list["partners"]:
                        price_lists[pricelist, partner] = price_list
            for subscription in subscriptions:
                sent = self.env["res.partner"]
                for partner in subscription.partner_ids & partners:
                    content = price_list_model._render_price_list_xlsx(
                        [price_lists[subscription.pricelist_id, partner]]
                    )
                    attachment = self.env["ir.attachment"].create(
                        {
                            "name": subscription._get_attachment_name(partner, today),
                            "datas": base64.b64encode(content),
                            "res_model": subscription._name,
                            "res_id": subscription.id,
                            "mimetype": (
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            ),
                        }
                    )
                    template.with_company(company).send_mail(
                        partner.id,
                        email_values={"attachment_ids": [Command.link(attachment.id)]},
                    )
                    sent |= partner
                if sent:
                    subscription.message_post(
                        body=self.env._(
                            "Price list sent to %(customers)s.",
                            customers=", ".join(sent.mapped("display_name")),
                        )
                    )
                subscription.last_sent_date = today

    def _get_attachment_name(self, partner, date):
        lang_env = self.with_context(lang=partner.lang).env
        return "{} - {} - {}.xlsx".format(
            lang_env._("Price List"), partner.display_name, fields.Date.to_string(date)
        )
