from . import crm_lead_lost
from . import crm_portfolio_handover_line
from . import crm_portfolio_handover
from . import crm_forecast_export
