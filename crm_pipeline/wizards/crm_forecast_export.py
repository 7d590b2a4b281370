import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmForecastExport(models.TransientModel):
    """The forecast and its back-test of a range of months as an XLSX workbook, read as the
    current user (so a salesperson exports only the figures they may see)."""

    _name = "crm.forecast.export"
    _description = "Forecast Export"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) + relativedelta(months=12, days=-1)
        ),
    )
    file = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for export in self:
            if export.date_from > export.date_to:
                raise ValidationError(self.env._("The export must start before it ends."))

    def action_export(self):
        self.ensure_one()
        self.write(
            {
                "file": base64.b64encode(self._xlsx_content()),
                "file_name": f"forecast_{self.date_from}_{self.date_to}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file"
            "&filename_field=file_name&download=true",
            "target": "self",
        }

    def _xlsx_content(self):
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        styles = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "month": workbook.add_format({"num_format": "yyyy-mm", "border": 1}),
            "text": workbook.add_format({"border": 1}),
            "money": workbook.add_format({"num_format": "#,##0.00", "border": 1}),
            "percent": workbook.add_format({"num_format": "0.0", "border": 1}),
            "total": workbook.add_format({"bold": True, "top": 2}),
            "total_money": workbook.add_format({"bold": True, "top": 2, "num_format": "#,##0.00"}),
        }
        self._write_forecast_sheet(workbook, styles)
        self._write_salesperson_sheet(workbook, styles)
        self._write_accuracy_sheet(workbook, styles)
        self._write_slip_sheet(workbook, styles)
        workbook.close()
        return output.getvalue()

    def _report_domain(self, field):
        return [(field, ">=", self.date_from), (field, "<=", self.date_to)]

    def _write_table(self, sheet, styles, headers, rows, row_formats, total_columns):
        """Headers on row 3 (frozen), the rows, and a total row of the ``total_columns``."""
        _ = self.env._
        for col, header in enumerate(headers):
            sheet.write(2, col, header, styles["header"])
            sheet.set_column(col, col, 18 if col else 24)
        sheet.freeze_panes(3, 1)
        for offset, row in enumerate(rows):
            for col, value in enumerate(row):
                sheet.write(3 + offset, col, value, styles[row_formats[col]])
        total_row = 3 + len(rows)
        sheet.write(total_row, 0, _("Total"), styles["total"])
        for col in total_columns:
            column = xlsxwriter.utility.xl_col_to_name(col)
            value = sum(row[col] or 0.0 for row in rows)
            formula = f"=SUM({column}4:{column}{total_row})" if rows else "=0"
            sheet.write_formula(total_row, col, formula, styles["total_money"], value)

    def _forecast_columns(self):
        """Columns of the forecast sheet: (title, layer, forecast category, measure)."""
        _ = self.env._
        return [
            (_("Closed"), "opportunity", "closed", "weighted_revenue"),
            (_("Commit"), "opportunity", "commit", "weighted_revenue"),
            (_("Best Case"), "opportunity", "best_case", "weighted_revenue"),
            (_("Pipeline"), "opportunity", "pipeline", "weighted_revenue"),
            (_("Repeat Customers"), "repeat", None, "repeat_revenue"),
            (_("Adjustments"), "adjustment", None, "adjustment_amount"),
        ]

    def _write_forecast_sheet(self, workbook, styles):
        _ = self.env._
        columns = self._forecast_columns()
        sheet = workbook.add_worksheet(_("Forecast"))
        sheet.write(0, 0, _("Sales Forecast by Month"), styles["title"])
        groups = self.env["crm.forecast.report"]._read_group(
            self._report_domain("date"),
            ["date:month", "layer", "forecast_category"],
            ["weighted_revenue:sum", "repeat_revenue:sum", "adjustment_amount:sum"],
        )
        by_month = {}
        for month, layer, category, weighted, repeat, adjustment in groups:
            measures = {
                "weighted_revenue": weighted,
                "repeat_revenue": repeat,
                "adjustment_amount": adjustment,
            }
            row = by_month.setdefault(month, [0.0] * len(columns))
            for col, (_title, col_layer, col_category, measure) in enumerate(columns):
                if layer == col_layer and (col_category is None or col_category == category):
                    row[col] += measures[measure]
        rows = [[month, *values, sum(values)] for month, values in sorted(by_month.items())]
        headers = [_("Month")] + [col[0] for col in columns] + [_("Forecast")]
        formats = ["month"] + ["money"] * (len(columns) + 1)
        self._write_table(sheet, styles, headers, rows, formats, range(1, len(headers)))

    def _write_salesperson_sheet(self, workbook, styles):
        _ = self.env._
        sheet = workbook.add_worksheet(_("By Salesperson"))
        sheet.write(0, 0, _("Sales Forecast by Salesperson"), styles["title"])
        groups = self.env["crm.forecast.report"]._read_group(
            self._report_domain("date"),
            ["user_id"],
            [
                "weighted_revenue:sum",
                "repeat_revenue:sum",
                "adjustment_amount:sum",
                "forecast_amount:sum",
            ],
        )
        rows = sorted(
            ([user.name or _("Unassigned"), *figures] for user, *figures in groups),
            key=lambda row: row[0],
        )
        headers = [
            _("Salesperson"),
            _("Weighted Revenue"),
            _("Repeat Customers"),
            _("Adjustments"),
            _("Forecast"),
        ]
        self._write_table(sheet, styles, headers, rows, ["text"] + ["money"] * 4, range(1, 5))

    def _write_accuracy_sheet(self, workbook, styles):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Accuracy"))
        sheet.write(0, 0, _("Forecast Accuracy: Forecast versus Invoiced"), styles["title"])
        Accuracy = self.env["crm.forecast.accuracy.report"]
        horizons = dict(Accuracy._fields["horizon"]._description_selection(self.env))
        groups = Accuracy._read_group(
            self._report_domain("period"),
            ["period:month", "horizon"],
            ["forecast_amount:sum", "actual_amount:sum"],
        )
        rows = []
        for month, horizon, forecast, actual in sorted(groups, key=lambda g: (g[0], g[1])):
            ape = abs(forecast - actual) / abs(actual) * 100.0 if actual else None
            rows.append(
                [month, horizons.get(horizon, horizon), forecast, actual, forecast - actual, ape]
            )
        headers = [
            _("Month"),
            _("Horizon"),
            _("Forecast"),
            _("Invoiced"),
            _("Error"),
            _("Absolute Percentage Error (%)"),
        ]
        formats = ["month", "text", "money", "money", "money", "percent"]
        self._write_table(sheet, styles, headers, rows, formats, range(2, 5))

    def _write_slip_sheet(self, workbook, styles):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Slips"))
        sheet.write(0, 0, _("Close Date Slips by Salesperson"), styles["title"])
        groups = self.env["crm.forecast.slip.report"]._read_group(
            self._report_domain("period"),
            ["user_id"],
            ["opportunity_count:sum", "slip_count:sum", "slip_days:sum"],
        )
        rows = []
        for user, opportunities, slips, days in groups:
            rows.append(
                [
                    user.name or _("Unassigned"),
                    opportunities,
                    slips,
                    days,
                    days / slips if slips else None,
                ]
            )
        rows.sort(key=lambda row: row[0])
        headers = [
            _("Salesperson"),
            _("Opportunities"),
            _("Slips"),
            _("Days Slipped"),
            _("Average Slip (Days)"),
        ]
        formats = ["text", "text", "text", "text", "percent"]
        self._write_table(sheet, styles, headers, rows, formats, range(1, 4))
