from odoo import api, fields, models


class CrmExportLog(models.Model):
    _name = "crm.export.log"
    _description = "Export Log"
    _order = "date desc, id desc"
    _rec_name = "model_id"

    user_id = fields.Many2one(
        "res.users",
        string="User",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    model_id = fields.Many2one(
        "ir.model",
        string="Model",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    model = fields.Char(
        string="Technical Model Name", related="model_id.model", store=True, readonly=True
    )
    record_count = fields.Integer(
        string="Records", readonly=True, aggregator="sum", help="Number of records exported."
    )
    row_count = fields.Integer(
        string="Rows",
        readonly=True,
        aggregator="sum",
        help="Number of rows in the file; a record with several lines (one-to-many fields) "
        "gives several rows.",
    )
    field_names = fields.Text(string="Exported Fields", readonly=True)
    company_id = fields.Many2one(
        "res.company", string="Company", readonly=True, index=True, ondelete="cascade"
    )

    @api.model
    def _log_export(self, records, fields_to_export, row_count):
        """Record that the current user exported `records`; created as the system, since nobody
        may write the log themselves."""
        field_names = [name for name in fields_to_export if name != ".id"]
        return self.sudo().create(
            {
                "user_id": self.env.uid,
                "model_id": self.env["ir.model"]._get_id(records._name),
                "record_count": len(records),
                "row_count": row_count,
                "field_names": ", ".join(field_names),
                "company_id": self.env.company.id,
            }
        )


class CrmExportAuditMixin(models.AbstractModel):
    """Logs every export of the model's records (the web client's export dialog and list
    downloads both go through `export_data`) in `crm.export.log`."""

    _name = "crm.export.audit.mixin"
    _description = "Export Audit Mixin"

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self.env["crm.export.log"]._log_export(self, fields_to_export, len(result.get("datas", [])))
        return result


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.export.audit.mixin"]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.export.audit.mixin"]
