from . import crm_competitor_report
