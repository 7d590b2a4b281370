from odoo import fields, models


class CrmContactRole(models.Model):
    _name = "crm.contact.role"
    _description = "Contact Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_unique = models.Constraint(
        "UNIQUE(name)", "A contact role with this name already exists."
    )
