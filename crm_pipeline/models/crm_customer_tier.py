from odoo import fields, models


class CrmCustomerTier(models.Model):
    _name = "crm.customer.tier"
    _description = "Customer Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    no_contact_days = fields.Integer(
        string="Contact at Least Every (Days)",
        default=30,
        help="The account manager is reminded when an active customer of this tier has had no "
        "contact for this many days. 0 disables the reminder.",
    )
    active = fields.Boolean(default=True)

    _name_unique = models.Constraint(
        "UNIQUE(name)", "A customer tier with this name already exists."
    )
    _no_contact_days_positive = models.Constraint(
        "CHECK(no_contact_days >= 0)", "The contact interval cannot be negative."
    )
