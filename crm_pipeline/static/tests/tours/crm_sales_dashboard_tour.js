import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_pipeline_sales_dashboard", {
    steps: () => [
        {
            content: "The key figures are shown",
            trigger: ".o_crm_sales_dashboard .o_crm_dashboard_kpi_open_count .fs-3:contains(3)",
        },
        {
            content: "The funnel is drawn",
            trigger: ".o_crm_dashboard_funnel canvas",
        },
        {
            content: "Open the pipeline from the funnel",
            trigger: ".o_crm_dashboard_funnel .card-header button",
            run: "click",
        },
        {
            content: "The pipeline opens",
            trigger: ".o_opportunity_kanban, .o_kanban_renderer",
        },
    ],
});
