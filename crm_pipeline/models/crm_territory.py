from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTerritory(models.Model):
    _name = "crm.territory"
    _description = "Sales Territory"
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one(
        "crm.territory", string="Parent Territory", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm.territory", "parent_id", string="Sub-territories")
    country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Customers in these countries belong to this territory, unless their state maps to "
        "a more precise one.",
    )
    state_ids = fields.Many2many("res.country.state", string="States")
    user_id = fields.Many2one("res.users", string="Territory Manager")
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for territory in self:
            if territory.parent_id:
                territory.complete_name = f"{territory.parent_id.complete_name} / {territory.name}"
            else:
                territory.complete_name = territory.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("Territories cannot contain each other."))

    @api.model
    def _territory_map(self):
        """Territories by state id and by country id, the deepest territory winning."""
        by_state, by_country = {}, {}
        territories = self.search([], order="parent_path")
        for territory in territories:
            for state_id in territory.state_ids.ids:
                by_state[state_id] = territory.id
            for country_id in territory.country_ids.ids:
                by_country[country_id] = territory.id
        return by_state, by_country
