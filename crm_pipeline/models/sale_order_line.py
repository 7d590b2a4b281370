from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if leads := lines.order_id.opportunity_id:
            self.env["crm.lead.categ.share"]._refresh_shares(leads.ids)
        return lines

    def write(self, vals):
        resplit = self._split_fields() & set(vals)
        leads = self.order_id.opportunity_id if resplit else self.env["crm.lead"]
        result = super().write(vals)
        if resplit:
            leads |= self.order_id.opportunity_id
        if leads:
            self.env["crm.lead.categ.share"]._refresh_shares(leads.ids)
        return result

    def unlink(self):
        leads = self.order_id.opportunity_id
        result = super().unlink()
        if leads:
            self.env["crm.lead.categ.share"]._refresh_shares(leads.ids)
        return result

    def _split_fields(self):
        """The fields whose change moves an opportunity's split over product categories: the
        line's product, order, kind, and whatever its untaxed amount depends on."""
        depends = self.pool.field_depends[self._fields["price_subtotal"]]
        return {"product_id", "order_id", "display_type"} | {path.split(".")[0] for path in depends}
