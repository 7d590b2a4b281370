from . import crm_lead_lost
from . import crm_portfolio_handover_line
from . import crm_portfolio_handover
from . import crm_forecast_export
from . import crm_proposal_wizard
from . import crm_proposal_wizard_line
from . import crm_price_list_wizard
