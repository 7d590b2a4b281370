{
    "name": "CRM Suite: Service Desk",
    "version": "19.0.1.0.0",
    "category": "Services",
    "summary": "Service requests, SLA, service contracts, field service and knowledge base",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm_pipeline", "mail", "rating", "resource"],
    "data": [
        "security/crm_service_groups.xml",
        "views/crm_service_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "installable": True,
}
