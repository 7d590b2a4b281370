from . import crm_competitor_report
from . import crm_report_xlsx_mixin
from . import crm_sales_process_report
from . import crm_regional_report
from . import crm_forecast_report
from . import crm_forecast_accuracy_report
from . import crm_forecast_slip_report
from . import crm_forecast_accuracy_chart
