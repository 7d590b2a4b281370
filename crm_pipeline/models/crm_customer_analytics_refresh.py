from odoo import fields, models


class CrmCustomerAnalyticsRefresh(models.Model):
    """One full refresh of the customer analytics: when, how long, how many rows, and the time
    of each family of figures."""

    _name = "crm.customer.analytics.refresh"
    _description = "Customer Analytics Refresh"
    _order = "date_start desc, id desc"
    _rec_name = "date_start"

    date_start = fields.Datetime(
        string="Started", required=True, readonly=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="Finished", readonly=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")], string="Status", readonly=True
    )
    duration = fields.Float(string="Duration (s)", readonly=True, aggregator="avg")
    customer_count = fields.Integer(string="Customers", readonly=True)
    reorder_count = fields.Integer(string="Reorder Cycles", readonly=True)
    details = fields.Text(string="Time per Family", readonly=True)
