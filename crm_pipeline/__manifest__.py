{
    "name": "CRM Suite: Sales Pipeline",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Protected customer base, 360-degree customer card, planning and sales analytics",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm", "sale_crm", "sale_management", "account", "contacts", "calendar"],
    "data": [
        "security/crm_pipeline_groups.xml",
        "views/res_partner_views.xml",
        "views/crm_pipeline_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "application": True,
    "installable": True,
}
