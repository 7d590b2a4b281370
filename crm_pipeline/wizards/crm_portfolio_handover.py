import itertools
from collections import Counter, defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain

from .crm_portfolio_handover_line import HANDOVER_KINDS

# Models whose records change hands, in the order they are written; activities come last.
HANDOVER_MODELS = ("res.partner", "crm.lead", "sale.order")


class CrmPortfolioHandover(models.TransientModel):
    _name = "crm.portfolio.handover"
    _description = "Portfolio Handover"

    user_id = fields.Many2one(
        "res.users",
        string="From Salesperson",
        required=True,
        domain=[("share", "=", False)],
        context={"active_test": False},
        help="Whose customers, open leads and opportunities, quotations and activities move.",
    )
    mode = fields.Selection(
        [("user", "To one salesperson"), ("team", "Spread over a team")],
        string="Hand Over",
        required=True,
        default="user",
    )
    target_user_id = fields.Many2one(
        "res.users",
        string="To Salesperson",
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        help="The customers are shared out in turn among the team's members (except the former "
        "salesperson); each customer's leads and quotations go with the customer.",
    )
    reason = fields.Text(help="Written in the chatter of every record that changes hands.")
    state = fields.Selection(
        [("draft", "Draft"), ("preview", "Previewed")],
        string="Status",
        default="draft",
        required=True,
    )
    line_ids = fields.One2many("crm.portfolio.handover.line", "wizard_id", string="Preview")
    customer_count = fields.Integer(string="Customers", compute="_compute_counts")
    contact_count = fields.Integer(string="Contacts", compute="_compute_counts")
    lead_count = fields.Integer(string="Leads", compute="_compute_counts")
    opportunity_count = fields.Integer(string="Opportunities", compute="_compute_counts")
    quotation_count = fields.Integer(string="Quotations", compute="_compute_counts")
    activity_count = fields.Integer(string="Activities", compute="_compute_counts")

    @api.depends("line_ids.kind")
    def _compute_counts(self):
        for wizard in self:
            counts = Counter(wizard.line_ids.mapped("kind"))
            for kind, _label in HANDOVER_KINDS:
                wizard[f"{kind}_count"] = counts[kind]

    @api.onchange("user_id", "mode", "target_user_id", "team_id")
    def _onchange_reset_preview(self):
        self.line_ids = [Command.clear()]
        self.state = "draft"

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.users" and context.get("active_id"):
            defaults.setdefault("user_id", context["active_id"])
        return defaults

    def action_preview(self):
        self.ensure_one()
        self._check_handover_access()
        vals_list = []
        for kind, records, owners in self._get_handover_plan():
            names = self._get_record_names(kind, records)
            vals_list += [
                {
                    "sequence": len(vals_list) + index,
                    "kind": kind,
                    "res_model": records._name,
                    "res_id": record.id,
                    "record_name": names[record.id],
                    "current_user_id": record.user_id.id,
                    "new_user_id": owners[record.id],
                }
                for index, record in enumerate(records)
            ]
        self.write(
            {
                "line_ids": [Command.clear()] + [Command.create(vals) for vals in vals_list],
                "state": "preview",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }

    def action_transfer(self):
        self.ensure_one()
        self._check_handover_access()
        owners_by_model = defaultdict(dict)
        for _kind, records, owners in self._get_handover_plan():
            owners_by_model[records._name].update(owners)
        total = sum(len(owners) for owners in owners_by_model.values())
        if not total:
            raise UserError(self.env._("%s has nothing to hand over.", self.user_id.display_name))
        for model_name in (*HANDOVER_MODELS, "mail.activity"):
            if owners_by_model[model_name]:
                self._hand_over(self.env[model_name], owners_by_model[model_name])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Portfolio handed over"),
                "message": self.env._(
                    "%(count)s records of %(user)s changed hands.",
                    count=total,
                    user=self.user_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _check_handover_access(self):
        if not self.env.user.has_group("crm_pipeline.group_crm_sales_head"):
            raise AccessError(self.env._("Only heads of sales may hand over a portfolio."))

    def _get_receivers(self):
        """The salespeople who take over, in a fixed order."""
        if self.mode == "user":
            if not self.target_user_id:
                raise UserError(self.env._("Choose the salesperson who takes over the portfolio."))
            if self.target_user_id == self.user_id:
                raise UserError(self.env._("A portfolio cannot be handed over to its own owner."))
            return self.target_user_id
        if not self.team_id:
            raise UserError(self.env._("Choose the sales team that takes over the portfolio."))
        receivers = (self.team_id.member_ids - self.user_id).sorted("id")
        if not receivers:
            raise UserError(
                self.env._(
                    "The sales team %s has no other member to take over the portfolio.",
                    self.team_id.display_name,
                )
            )
        return receivers

    def _get_handover_plan(self):
        """What changes hands: a list of (kind, records, {record id: new owner id}).

        Customers are dealt out in turn (by id) among the receivers; their contacts, leads,
        quotations and activities follow them. Leads and quotations of other partners are dealt
        out in turn too, one turn per partner (or per record without a partner), so the whole
        plan is deterministic and balanced by customer."""
        self.ensure_one()
        receivers = self._get_receivers()
        turns = itertools.count()

        def next_receiver():
            return receivers[next(turns) % len(receivers)].id

        from_id = self.user_id.id
        Partner = self.env["res.partner"]
        customers = Partner.search(
            [
                ("user_id", "=", from_id),
                "|",
                ("is_company", "=", True),
                ("parent_id", "=", False),
            ],
            order="id",
        )
        customer_owners = {customer.id: next_receiver() for customer in customers}
        contacts = Partner.search(
            [
                ("commercial_partner_id", "in", customers.ids),
                ("id", "not in", customers.ids),
                ("user_id", "in", [from_id, False]),
            ],
            order="id",
        )
        contact_owners = {
            contact.id: customer_owners[contact.commercial_partner_id.id] for contact in contacts
        }

        other_owners = {}

        def owner_of(record):
            commercial_id = record.partner_id.commercial_partner_id.id
            if commercial_id in customer_owners:
                return customer_owners[commercial_id]
            key = ("res.partner", commercial_id) if commercial_id else (record._name, record.id)
            if key not in other_owners:
                other_owners[key] = next_receiver()
            return other_owners[key]

        leads = self.env["crm.lead"].search(
            [("user_id", "=", from_id), ("won_status", "!=", "won")], order="id"
        )
        lead_owners = {lead.id: owner_of(lead) for lead in leads}
        quotations = self.env["sale.order"].search(
            [("user_id", "=", from_id), ("state", "in", ("draft", "sent"))], order="id"
        )
        quotation_owners = {order.id: owner_of(order) for order in quotations}

        owners_by_model = {
            "res.partner": customer_owners | contact_owners,
            "crm.lead": lead_owners,
            "sale.order": quotation_owners,
        }
        activities = self.env["mail.activity"]
        if any(owners_by_model.values()):
            activities = activities.search(
                Domain("user_id", "=", from_id)
                & Domain.OR(
                    Domain("res_model", "=", model_name) & Domain("res_id", "in", list(owners))
                    for model_name, owners in owners_by_model.items()
                    if owners
                ),
                order="id",
            )
        activity_owners = {
            activity.id: owners_by_model[activity.res_model][activity.res_id]
            for activity in activities
        }
        is_lead = leads.filtered(lambda lead: lead.type == "lead")
        return [
            ("customer", customers, customer_owners),
            ("contact", contacts, contact_owners),
            ("lead", is_lead, lead_owners),
            ("opportunity", leads - is_lead, lead_owners),
            ("quotation", quotations, quotation_owners),
            ("activity", activities, activity_owners),
        ]

    @api.model
    def _get_record_names(self, kind, records):
        if kind == "activity":
            return {
                activity.id: " - ".join(
                    filter(
                        None,
                        [activity.res_name, activity.summary or activity.activity_type_id.name],
                    )
                )
                for activity in records
            }
        return {record.id: record.display_name for record in records}

    def _hand_over(self, model, owners):
        """Give each record of `model` in `owners` ({record id: new owner id}) to its new owner:
        one write per new owner (and sales team), then one chatter note per record logged in a
        single batch. Runs as the system once the head of sales was checked, so that every record
        the head of sales can see moves, whatever their own rights on contacts or activities."""
        model = model.sudo().with_context(tracking_disable=True, mail_activity_quick_update=True)
        ids_by_owner = defaultdict(list)
        for record_id, owner_id in owners.items():
            ids_by_owner[owner_id].append(record_id)
        new_owners = self.env["res.users"].sudo().browse(list(ids_by_owner))
        is_thread = model._name in HANDOVER_MODELS
        bodies = {}
        for new_owner in new_owners:
            records = model.browse(ids_by_owner[new_owner.id])
            for team, team_records in self._group_by_team(records, new_owner).items():
                vals = {"user_id": new_owner.id}
                if team is not None:
                    vals["team_id"] = team.id
                team_records.write(vals)
            if is_thread:
                records.message_subscribe(partner_ids=new_owner.partner_id.ids)
                bodies |= dict.fromkeys(records.ids, self._get_handover_note(new_owner))
        if bodies:
            model.browse(list(bodies))._message_log_batch(
                bodies, author_id=self.env.user.partner_id.id
            )

    def _group_by_team(self, records, new_owner):
        """Split the records by the sales team to write with the new owner (None: leave the team
        to Odoo). A lead or quotation keeps its team when the new owner belongs to it; otherwise
        it joins the team spread over, or for a lead the new owner's own team."""
        if records._name not in ("crm.lead", "sale.order"):
            return {None: records}
        team_cache = {}

        def team_of(record):
            team = record.team_id
            if team and new_owner in team.member_ids | team.user_id:
                return team
            if self.mode == "team":
                return self.team_id
            if record._name == "sale.order":
                return None
            use = "use_leads" if record.type == "lead" else "use_opportunities"
            if use not in team_cache:
                team_cache[use] = self.env["crm.team"]._get_default_team_id(
                    user_id=new_owner.id, domain=[(use, "=", True)]
                )
            return team_cache[use]

        return records.grouped(team_of)

    def _get_handover_note(self, new_owner):
        note = Markup("<p>%s</p>") % self.env._(
            "Portfolio handover: %(from_user)s → %(to_user)s.",
            from_user=self.user_id.name,
            to_user=new_owner.name,
        )
        if self.reason:
            note += Markup("<p>%s</p>") % self.reason
        return note
