import base64
import io

import xlsxwriter

from odoo import fields, models

NUMBER_FORMATS = {
    "monetary": "#,##0.00",
    "float": "#,##0.00",
    "integer": "#,##0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


class CrmAnalyticsXlsxMixin(models.AbstractModel):
    """XLSX export of an analytics report: the visible rows, formatted (bold frozen header,
    filters, number and date formats, widths) with a totals row under the summed columns."""

    _name = "crm.analytics.xlsx.mixin"
    _description = "Analytics XLSX Export"

    def _xlsx_field_names(self):
        """The columns, in order: the list view's fields by default."""
        arch = self.env[self._name]._get_view(view_type="list")[0]
        return [
            node.get("name")
            for node in arch.iter("field")
            if node.get("name") in self._fields and node.get("column_invisible") != "1"
        ]

    def _xlsx_title(self):
        return self.env["ir.model"]._get(self._name).name

    def _xlsx_content(self):
        records = self or self.search([])
        names = self._xlsx_field_names()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self._xlsx_title()[:31])
        header = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        )
        formats = {
            kind: workbook.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()
        }
        total_formats = {
            kind: workbook.add_format({"num_format": fmt, "bold": True, "top": 1})
            for kind, fmt in NUMBER_FORMATS.items()
        }
        bold = workbook.add_format({"bold": True, "top": 1})
        sheet.freeze_panes(1, 0)
        for col, name in enumerate(names):
            field = self._fields[name]
            sheet.write(0, col, field._description_string(self.env), header)
            sheet.set_column(col, col, 12 if field.type in NUMBER_FORMATS else 24)
        sheet.set_row(0, 30)
        totals = dict.fromkeys(names, 0)
        for row, record in enumerate(records, start=1):
            for col, name in enumerate(names):
                field = self._fields[name]
                value = record[name]
                if field.type == "many2one":
                    sheet.write_string(row, col, value.display_name or "")
                elif field.type == "selection":
                    labels = dict(field._description_selection(self.env))
                    sheet.write_string(row, col, labels.get(value, "") if value else "")
                elif field.type == "boolean":
                    sheet.write_boolean(row, col, bool(value))
                elif field.type in ("date", "datetime"):
                    if value:
                        sheet.write_datetime(
                            row, col, fields.Datetime.to_datetime(value), formats[field.type]
                        )
                elif field.type in ("monetary", "float", "integer"):
                    sheet.write_number(row, col, value or 0, formats[field.type])
                    totals[name] += value or 0
                else:
                    sheet.write_string(row, col, str(value or ""))
        last = len(records)
        sheet.autofilter(0, 0, last, max(len(names) - 1, 0))
        sheet.write(last + 1, 0, self.env._("Total"), bold)
        for col, name in enumerate(names):
            field = self._fields[name]
            if col and field.type in ("monetary", "integer", "float") and field.aggregator == "sum":
                cell = xlsxwriter.utility.xl_rowcol_to_cell
                formula = f"=SUBTOTAL(109,{cell(1, col)}:{cell(max(last, 1), col)})"
                sheet.write_formula(
                    last + 1, col, formula, total_formats[field.type], round(totals[name], 2)
                )
        workbook.close()
        return output.getvalue()

    def action_export_xlsx(self):
        """Downloads the selected rows (all the rows you may see when none is selected)."""
        title = self._xlsx_title()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{title} {fields.Date.context_today(self)}.xlsx",
                "datas": base64.b64encode(self._xlsx_content()),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
