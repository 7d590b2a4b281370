from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import formatLang


class CrmSalesDashboard(models.AbstractModel):
    """Figures of the sales dashboards, computed as the viewing user.

    Scope ``mine`` holds the user's own opportunities and customers (the salesperson's dashboard),
    scope ``all`` everything the user may read (the head of sales' dashboard). Each part is a
    method named in ``_dashboard_sections``; another feature adds its part by extending that list.
    A section is a dict the client action renders: ``{"key", "title", "type": "chart" | "table",
    "chart": {"type", "labels", "datasets"}, "columns", "rows", "action"}``.
    """

    _name = "crm.sales.dashboard"
    _description = "Sales Dashboard"

    @api.model
    def get_dashboard_data(self, scope="mine"):
        if scope == "all" and not self.env.user.has_group("crm_pipeline.group_crm_sales_head"):
            raise AccessError(_("Only the head of sales sees the whole team's dashboard."))
        if not self.env.user.has_group("crm_pipeline.group_crm_salesperson"):
            raise AccessError(_("The sales dashboard is for salespeople and heads of sales."))
        sections = []
        for method in self._dashboard_sections():
            section = getattr(self, method)(scope)
            if section:
                sections.append(section)
        return {
            "title": _("My Sales Dashboard") if scope == "mine" else _("Sales Dashboard"),
            "scope": scope,
            "kpis": self._dashboard_kpis(scope),
            "sections": sections,
        }

    @api.model
    def _dashboard_sections(self):
        return [
            "_dashboard_funnel",
            "_dashboard_forecast",
            "_dashboard_forecast_accuracy",
            "_dashboard_won_lost",
            "_dashboard_territories",
            "_dashboard_pareto",
            "_dashboard_rfm",
            "_dashboard_reorders_due",
        ]

    # Helpers

    @api.model
    def _dashboard_lead_domain(self, scope):
        domain = [("type", "=", "opportunity")]
        if scope == "mine":
            return [*domain, ("user_id", "=", self.env.uid)]
        return domain

    @api.model
    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.env.company.currency_id)

    # Sections

    @api.model
    def _dashboard_kpis(self, scope):
        Lead = self.env["crm.lead"]
        domain = self._dashboard_lead_domain(scope)
        since = fields.Date.context_today(self) - relativedelta(months=12)
        [(weighted, count)] = Lead._read_group(
            [*domain, ("active", "=", True), ("won_status", "=", "pending")],
            aggregates=["prorated_revenue:sum", "__count"],
        )
        closed = dict(
            Lead.with_context(active_test=False)._read_group(
                [*domain, ("date_closed", ">=", since), ("won_status", "in", ("won", "lost"))],
                ["won_status"],
                ["__count"],
            )
        )
        [(won_revenue,)] = Lead._read_group(
            [*domain, ("date_closed", ">=", since), ("won_status", "=", "won")],
            aggregates=["expected_revenue:sum"],
        )
        decided = closed.get("won", 0) + closed.get("lost", 0)
        win_rate = 100.0 * closed.get("won", 0) / decided if decided else 0.0
        return [
            {"key": "open_count", "label": _("Open Opportunities"), "value": str(count)},
            {
                "key": "weighted",
                "label": _("Weighted Pipeline"),
                "value": self._format_amount(weighted),
            },
            {
                "key": "won_revenue",
                "label": _("Won in 12 Months"),
                "value": self._format_amount(won_revenue),
            },
            {"key": "win_rate", "label": _("Win Rate"), "value": f"{win_rate:.0f} %"},
        ]

    @api.model
    def _dashboard_funnel(self, scope):
        """Open opportunities per stage, in stage order: the funnel."""
        groups = self.env["crm.lead"]._read_group(
            [*self._dashboard_lead_domain(scope), ("won_status", "=", "pending")],
            ["stage_id"],
            ["__count", "expected_revenue:sum"],
            order="stage_id",
        )
        return {
            "key": "funnel",
            "title": _("Funnel"),
            "type": "chart",
            "chart": {
                "type": "bar",
                "labels": [stage.display_name for stage, _count, _revenue in groups],
                "datasets": [
                    {
                        "label": _("Expected Revenue"),
                        "data": [revenue for _stage, _count, revenue in groups],
                    },
                    {
                        "label": _("Opportunities"),
                        "data": [count for _stage, count, _revenue in groups],
                        "yAxisID": "y1",
                        "type": "line",
                    },
                ],
            },
            "action": "crm.crm_lead_action_pipeline",
        }

    @api.model
    def _dashboard_won_lost(self, scope):
        """Won and lost opportunities per month over the last 12 months."""
        today = fields.Date.context_today(self)
        since = today.replace(day=1) - relativedelta(months=11)
        groups = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [
                    *self._dashboard_lead_domain(scope),
                    ("date_closed", ">=", since),
                    ("won_status", "in", ("won", "lost")),
                ],
                ["date_closed:month", "won_status"],
                ["__count"],
            )
        )
        counts = {(month.date(), status): count for month, status, count in groups}
        months = [since + relativedelta(months=i) for i in range(12)]
        labels = [month.strftime("%m.%Y") for month in months]
        return {
            "key": "won_lost",
            "title": _("Won and Lost"),
            "type": "chart",
            "chart": {
                "type": "bar",
                "labels": labels,
                "datasets": [
                    {"label": _("Won"), "data": [counts.get((m, "won"), 0) for m in months]},
                    {"label": _("Lost"), "data": [counts.get((m, "lost"), 0) for m in months]},
                ],
            },
            "action": "crm.crm_opportunity_report_action",
        }

    @api.model
    def _dashboard_territories(self, scope):
        """Revenue and margin of the last 12 months for the ten best territories."""
        domain = [
            ("row_type", "=", "invoice"),
            ("date", ">=", fields.Date.context_today(self) - relativedelta(months=12)),
        ]
        if scope == "mine":
            domain.append(("user_id", "=", self.env.uid))
        groups = self.env["crm.regional.report"]._read_group(
            domain,
            ["territory_id"],
            ["revenue:sum", "margin:sum"],
            order="revenue:sum desc",
            limit=10,
        )
        return {
            "key": "territories",
            "title": _("Revenue by Territory, 12 Months"),
            "type": "chart",
            "chart": {
                "type": "bar",
                "labels": [
                    territory.display_name or _("No Territory") for territory, _r, _m in groups
                ],
                "datasets": [
                    {"label": _("Revenue"), "data": [revenue for _t, revenue, _m in groups]},
                    {"label": _("Margin"), "data": [margin for _t, _r, margin in groups]},
                ],
                "options": {"indexAxis": "y"},
            },
            "action": "crm_pipeline.crm_regional_report_action",
        }

    @api.model
    def _dashboard_months(self, first, count):
        months = [first + relativedelta(months=i) for i in range(count)]
        return months, [month.strftime("%m.%Y") for month in months]

    @api.model
    def _dashboard_forecast(self, scope):
        """The forecast of this month and the next five, one bar per layer."""
        first = fields.Date.context_today(self).replace(day=1)
        months, labels = self._dashboard_months(first, 6)
        domain = [("date", ">=", first), ("date", "<", first + relativedelta(months=6))]
        if scope == "mine":
            domain.append(("user_id", "=", self.env.uid))
        Report = self.env["crm.forecast.report"]
        groups = Report._read_group(domain, ["date:month", "layer"], ["forecast_amount:sum"])
        amounts = {(month, layer): amount for month, layer, amount in groups}
        layers = dict(Report._fields["layer"]._description_selection(self.env))
        return {
            "key": "forecast",
            "title": _("Forecast, 6 Months"),
            "type": "chart",
            "chart": {
                "type": "bar",
                "labels": labels,
                "datasets": [
                    {
                        "label": label,
                        "data": [amounts.get((month, layer), 0.0) for month in months],
                        "stack": "forecast",
                    }
                    for layer, label in layers.items()
                ],
                "options": {"scales": {"x": {"stacked": True}, "y": {"stacked": True}}},
            },
            "action": "crm_pipeline.crm_forecast_report_action",
        }

    @api.model
    def _dashboard_forecast_accuracy(self, scope):
        """What the pipeline forecast 30 days ahead against what was invoiced, per month."""
        first = fields.Date.context_today(self).replace(day=1) - relativedelta(months=12)
        months, labels = self._dashboard_months(first, 12)
        domain = [("horizon", "=", "30"), ("period", ">=", first)]
        if scope == "mine":
            domain.append(("user_id", "=", self.env.uid))
        groups = self.env["crm.forecast.accuracy.chart"]._read_group(
            domain, ["period:month", "series"], ["amount:sum"]
        )
        amounts = {(month, series): amount for month, series, amount in groups}
        return {
            "key": "forecast_accuracy",
            "title": _("Forecast versus Invoiced"),
            "help": _("Forecast made 30 days before each month, and what was invoiced."),
            "type": "chart",
            "chart": {
                "type": "line",
                "labels": labels,
                "datasets": [
                    {
                        "label": _("Forecast"),
                        "data": [amounts.get((m, "forecast"), 0.0) for m in months],
                    },
                    {
                        "label": _("Invoiced"),
                        "data": [amounts.get((m, "actual"), 0.0) for m in months],
                    },
                ],
            },
            "action": "crm_pipeline.crm_forecast_accuracy_chart_action",
        }

    @api.model
    def _dashboard_analytics_domain(self, scope):
        return [("user_id", "=", self.env.uid)] if scope == "mine" else []

    @api.model
    def _dashboard_pareto(self, scope):
        """Cumulative share of the margin against the share of customers, best first: the
        "20% of customers who bring 80% of profit" curve of the customers in scope."""
        groups = self.env["crm.customer.analytics"]._read_group(
            self._dashboard_analytics_domain(scope), ["partner_id"], ["margin:sum"]
        )
        margins = sorted((margin for _partner, margin in groups), reverse=True)
        total = sum(margin for margin in margins if margin > 0)
        if not margins or total <= 0:
            return None
        points, cumulated = {0: 0.0}, 0.0
        for rank, margin in enumerate(margins, start=1):
            cumulated += max(margin, 0)
            points[round(100 * rank / len(margins))] = round(100 * cumulated / total, 1)
        return {
            "key": "pareto",
            "title": _("Pareto: Share of Margin by Share of Customers"),
            "type": "chart",
            "chart": {
                "type": "line",
                "labels": [f"{percent} %" for percent in points],
                "datasets": [{"label": _("Cumulative Margin (%)"), "data": list(points.values())}],
            },
            "action": "crm_pipeline.crm_customer_analytics_action_pareto_margin",
        }

    @api.model
    def _dashboard_rfm(self, scope):
        """Customers and revenue per RFM segment."""
        Analytics = self.env["crm.customer.analytics"]
        groups = Analytics._read_group(
            [*self._dashboard_analytics_domain(scope), ("rfm_segment", "!=", False)],
            ["rfm_segment"],
            ["__count", "revenue:sum"],
        )
        if not groups:
            return None
        labels = dict(Analytics._fields["rfm_segment"]._description_selection(self.env))
        figures = {segment: (count, revenue) for segment, count, revenue in groups}
        return {
            "key": "rfm",
            "title": _("RFM Segments"),
            "type": "table",
            "columns": [_("Segment"), _("Customers"), _("Revenue")],
            "rows": [
                [label, figures[segment][0], self._format_amount(figures[segment][1])]
                for segment, label in labels.items()
                if segment in figures
            ],
            "action": "crm_pipeline.crm_customer_analytics_action_rfm",
        }

    @api.model
    def _dashboard_reorders_due(self, scope):
        """The ten customers' products most overdue for their usual reorder: whom to call."""
        reorders = self.env["crm.customer.reorder"].search(
            [*self._dashboard_analytics_domain(scope), ("is_overdue", "=", True)],
            order="overdue_days desc",
            limit=10,
        )
        if not reorders:
            return None
        return {
            "key": "reorders_due",
            "title": _("Suggested Calls: Reorders Due"),
            "type": "table",
            "columns": [_("Customer"), _("Product"), _("Every (Days)"), _("Overdue (Days)")],
            "rows": [
                [
                    reorder.partner_id.display_name,
                    reorder.product_id.display_name,
                    round(reorder.median_interval_days),
                    reorder.overdue_days,
                ]
                for reorder in reorders
            ],
            "action": "crm_pipeline.crm_customer_reorder_action_overdue",
        }
