{
    "name": "CRM Suite: B2B Portal",
    "version": "19.0.1.0.0",
    "category": "Website",
    "summary": "B2B self-service portal: ordering at customer prices, approvals, invoices, tickets",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm_pipeline", "crm_service", "portal", "sale", "account"],
    "data": [
        "security/crm_b2b_portal_groups.xml",
        "views/res_partner_views.xml",
        "views/crm_b2b_portal_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "installable": True,
}
