from odoo import api, fields, models


class CrmForecastAdjustment(models.Model):
    """A head of sales' correction of the forecast of one month, for a salesperson or a team.

    Positive or negative, it appears as its own layer of the forecast report. Every change of
    month, salesperson, team, amount or reason is tracked in the chatter, so the history of
    what was adjusted, by whom and why is kept.
    """

    _name = "crm.forecast.adjustment"
    _description = "Forecast Adjustment"
    _inherit = ["mail.thread"]
    _order = "period desc, id desc"
    _check_company_auto = True

    period = fields.Date(
        string="Month",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="The month adjusted; any day of it may be chosen, the first is kept.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        required=True,
        tracking=True,
        help="Added to the forecast of the month; negative to lower it.",
    )
    reason = fields.Text(required=True, tracking=True)

    _user_or_team = models.Constraint(
        "CHECK (user_id IS NOT NULL OR team_id IS NOT NULL)",
        "An adjustment is for a salesperson or a sales team.",
    )

    @api.depends("period", "user_id", "team_id")
    def _compute_display_name(self):
        for adjustment in self:
            who = adjustment.user_id.name or adjustment.team_id.name or ""
            month = adjustment.period.strftime("%Y-%m") if adjustment.period else ""
            adjustment.display_name = " ".join(part for part in (month, who) if part)

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id and not self.team_id:
            self.team_id = self.user_id.sale_team_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period"):
                vals["period"] = fields.Date.to_date(vals["period"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("period"):
            vals = dict(vals, period=fields.Date.to_date(vals["period"]).replace(day=1))
        return super().write(vals)
