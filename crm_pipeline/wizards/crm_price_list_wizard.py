import base64
from urllib.parse import quote

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmPriceListWizard(models.TransientModel):
    """Produces the price list of customers or of a pricelist, as XLSX or PDF."""

    _name = "crm.price.list.wizard"
    _description = "Price List Generation"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        help="One price list per pricelist and language of these customers. Leave empty to "
        "print the pricelist alone.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Pricelist",
        help="Used for every customer instead of their own pricelist.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        active_model = self.env.context.get("active_model")
        active_ids = self.env.context.get("active_ids") or []
        if active_model == "res.partner" and "partner_ids" in fields_list:
            values["partner_ids"] = [fields.Command.set(active_ids)]
        elif active_model == "product.pricelist" and "pricelist_id" in fields_list:
            values["pricelist_id"] = active_ids[0] if active_ids else False
        return values

    def _get_price_lists(self):
        self.ensure_one()
        if not self.sudo().partner_ids and not self.pricelist_id:
            raise UserError(self.env._("Choose customers or a pricelist."))
        # A salesperson produces the price lists of the customers they may see, only (reading
        # the field would silently leave out the others).
        partners = self.sudo().partner_ids.with_env(self.env)
        partners.check_access("read")
        return self.env["crm.price.list"]._get_price_list_data(
            partners, self.pricelist_id or None, self.date, self.company_id
        )

    def action_download_xlsx(self):
        self.ensure_one()
        content = self.env["crm.price.list"]._render_price_list_xlsx(self._get_price_lists())
        self.write(
            {
                "xlsx_file": base64.b64encode(content),
                "xlsx_filename": "{} {}.xlsx".format(
                    self.env._("Price List"), fields.Date.to_string(self.date)
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{quote(self.xlsx_filename)}"
            "?download=true",
            "target": "self",
        }

    def action_print_pdf(self):
        self.ensure_one()
        self._get_price_lists()
        return self.env.ref("crm_pipeline.action_report_crm_price_list").report_action(self)
