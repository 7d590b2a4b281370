import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { getColor } from "@web/core/colors/colors";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/** One chart of the dashboard, drawn with the Chart.js bundled in Odoo. */
class SalesDashboardChart extends Component {
    static template = "crm_pipeline.SalesDashboardChart";
    static props = { chart: Object };

    setup() {
        this.canvasRef = useRef("canvas");
        useEffect(
            () => {
                const chart = new Chart(this.canvasRef.el, this.config());
                return () => chart.destroy();
            },
            () => [this.props.chart]
        );
    }

    config() {
        const { type, labels, datasets, options } = this.props.chart;
        const scales = { y: { beginAtZero: true } };
        if (datasets.some((dataset) => dataset.yAxisID === "y1")) {
            scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } };
        }
        return {
            type,
            data: {
                labels,
                datasets: datasets.map((dataset, index) => ({
                    backgroundColor: getColor(index + 1),
                    borderColor: getColor(index + 1),
                    ...dataset,
                })),
            },
            options: { maintainAspectRatio: false, scales, ...(options || {}) },
        };
    }
}

/** The sales dashboards: the salesperson's own figures, or the whole team's for the head. */
export class SalesDashboard extends Component {
    static template = "crm_pipeline.SalesDashboard";
    static components = { SalesDashboardChart };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        this.scope = this.props.action.params?.scope || "mine";
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
    }

    async load() {
        this.state.data = await this.orm.call("crm.sales.dashboard", "get_dashboard_data", [
            this.scope,
        ]);
    }

    openSection(section) {
        if (section.action) {
            this.action.doAction(section.action);
        }
    }
}

registry.category("actions").add("crm_pipeline.sales_dashboard", SalesDashboard);
