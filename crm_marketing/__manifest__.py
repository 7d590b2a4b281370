{
    "name": "CRM Suite: Marketing",
    "version": "19.0.1.0.0",
    "category": "Marketing",
    "summary": "Segments, lead lists, campaigns with ROI, telemarketing, surveys and mailings",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm_pipeline", "mass_mailing_crm", "survey"],
    "data": [
        "security/crm_marketing_groups.xml",
        "views/crm_marketing_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "installable": True,
}
