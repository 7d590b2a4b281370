import base64
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.fields import Domain


class CrmReportXlsxMixin(models.AbstractModel):
    """Excel export of an analysis report: one sheet per grouping, a row per group and a totals
    row, every figure read with ``_read_group`` as the current user (so record rules apply).

    A report describes its sheets in ``_xlsx_sheets``; each column is either a field aggregate
    (``"field:sum"``, ``"field:avg"``, ``"__count"``) or a ratio of two such aggregates. Totals
    come from the same aggregates over all rows, not from adding up the lines, so averages and
    rates are right in the totals row too.
    """

    _name = "crm.report.xlsx.mixin"
    _description = "Excel Export of an Analysis Report"

    def _xlsx_title(self):
        """The report's name, in the user's language."""
        return self.env["ir.model"]._get(self._name).name

    def _xlsx_sheets(self):
        """[{"name": str, "groupby": [spec], "columns": [(label, kind, spec)]}]; kind is
        "integer", "number", "days", "money", "percent" or "ratio" (spec then a pair of aggregates,
        shown as a percentage); a sheet may add a "domain"."""
        return []

    @api.model
    def _xlsx_domain(self):
        """The rows to export: those chosen in the list (all of the search if all were
        selected), else every row the user may read."""
        context = self.env.context
        if context.get("active_model") == self._name:
            if context.get("active_domain") is not None:
                return Domain(context["active_domain"])
            if context.get("active_ids"):
                return Domain("id", "in", context["active_ids"])
        return Domain.TRUE

    @api.model
    def _xlsx_group_label(self, value):
        if isinstance(value, models.BaseModel):
            return value.display_name if value else self.env._("None")
        if value is False or value is None:
            return self.env._("None")
        return value

    @api.model
    def _xlsx_values(self, columns, aggregates, values):
        by_spec = dict(zip(aggregates, values, strict=True))
        row = []
        for _label, kind, spec in columns:
            if kind == "ratio":
                numerator, denominator = by_spec[spec[0]] or 0, by_spec[spec[1]] or 0
                row.append(numerator / denominator if denominator else None)
            elif kind == "percent":
                value = by_spec[spec]
                row.append(value / 100.0 if value is not None else None)
            else:
                row.append(by_spec[spec])
        return row

    @api.model
    def _xlsx_content(self, domain=None):
        """The workbook as bytes."""
        domain = self._xlsx_domain() if domain is None else Domain(domain)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        title_format = workbook.add_format({"bold": True, "font_size": 14})
        header_format = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#D9E1F2",
                "border": 1,
                "text_wrap": True,
                "valign": "top",
            }
        )
        formats = {
            "label": workbook.add_format({}),
            "integer": workbook.add_format({"num_format": "#,##0"}),
            "number": workbook.add_format({"num_format": "#,##0.00"}),
            "days": workbook.add_format({"num_format": "#,##0.0"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "ratio": workbook.add_format({"num_format": "0.0%"}),
        }
        total_formats = {
            kind: workbook.add_format({"bold": True, "top": 2, "num_format": fmt.num_format})
            for kind, fmt in formats.items()
        }
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        exported_on = self.env._("Exported on %s", now.strftime("%Y-%m-%d %H:%M"))
        for sheet in self._xlsx_sheets():
            worksheet = workbook.add_worksheet(sheet["name"][:31])
            columns = sheet["columns"]
            aggregates = []
            for _label, kind, spec in columns:
                for aggregate in spec if kind == "ratio" else [spec]:
                    if aggregate not in aggregates:
                        aggregates.append(aggregate)
            worksheet.write(0, 0, f"{self._xlsx_title()}: {sheet['name']}", title_format)
            worksheet.write(1, 0, exported_on, formats["label"])
            headers = [sheet["group_label"]] + [label for label, _kind, _spec in columns]
            worksheet.write_row(3, 0, headers, header_format)
            worksheet.set_row(3, 30)
            worksheet.set_column(0, 0, 32)
            worksheet.set_column(1, len(columns), 16)
            sheet_domain = domain & Domain(sheet.get("domain", Domain.TRUE))
            groups = self._read_group(sheet_domain, sheet["groupby"], aggregates)
            row_index = 4
            for group in groups:
                keys = group[: len(sheet["groupby"])]
                values = group[len(sheet["groupby"]) :]
                label = " / ".join(str(self._xlsx_group_label(key)) for key in keys)
                worksheet.write(row_index, 0, label, formats["label"])
                for col, (value, (_label, kind, _spec)) in enumerate(
                    zip(self._xlsx_values(columns, aggregates, values), columns, strict=True),
                    start=1,
                ):
                    worksheet.write(row_index, col, value, formats[kind])
                row_index += 1
            [totals] = self._read_group(sheet_domain, [], aggregates)
            worksheet.write(row_index, 0, self.env._("Total"), total_formats["label"])
            for col, (value, (_label, kind, _spec)) in enumerate(
                zip(self._xlsx_values(columns, aggregates, totals), columns, strict=True), start=1
            ):
                worksheet.write(row_index, col, value, total_formats[kind])
            worksheet.freeze_panes(4, 1)
            worksheet.autofilter(3, 0, max(row_index - 1, 3), len(columns))
        workbook.close()
        return output.getvalue()

    @api.model
    def action_export_xlsx(self):
        """Build the workbook and hand it to the browser as a download."""
        self.check_access("read")
        filename = (
            f"{self._xlsx_title()} {fields.Date.to_string(fields.Date.context_today(self))}.xlsx"
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(self._xlsx_content()),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
