from odoo import api, fields, models
from odoo.tools import SQL

LIFECYCLE_STATUSES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("active", "Active"),
    ("loyal", "Loyal"),
    ("lapsing", "Lapsing"),
    ("lost", "Lost"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index="btree_not_null",
        tracking=True,
        help="The salespeople of this team share this customer with its account manager.",
    )
    territory_id = fields.Many2one(
        "crm.territory",
        string="Territory",
        compute="_compute_territory_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="Set from the state or country; you may choose another one.",
    )
    size_band = fields.Selection(
        [
            ("micro", "Micro (1-9 employees)"),
            ("small", "Small (10-49)"),
            ("medium", "Medium (50-249)"),
            ("large", "Large (250-999)"),
            ("enterprise", "Enterprise (1000+)"),
        ],
        string="Company Size",
    )
    customer_tier_id = fields.Many2one("crm.customer.tier", string="Customer Tier", tracking=True)
    contact_role_ids = fields.Many2many("crm.contact.role", string="Contact Roles")
    lifecycle_status = fields.Selection(
        LIFECYCLE_STATUSES,
        string="Lifecycle",
        default="prospect",
        readonly=True,
        copy=False,
        index=True,
        help="Computed every day from the posted invoices, and when an invoice is posted: "
        "Prospect (never invoiced), New (first invoice recently), Active, Loyal (invoiced often "
        "in the last 12 months), Lapsing (no invoice for a while), Lost.",
    )
    interaction_count = fields.Integer(compute="_compute_interaction_count")

    @api.depends("country_id", "state_id")
    def _compute_territory_id(self):
        by_state, by_country = self.env["crm.territory"]._territory_map()
        for partner in self:
            territory_id = by_state.get(partner.state_id.id) or by_country.get(
                partner.country_id.id
            )
            if territory_id:
                partner.territory_id = territory_id

    def _compute_interaction_count(self):
        counts = dict(
            self.env["crm.interaction"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.interaction_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pipeline.crm_interaction_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.model
    def _lifecycle_thresholds(self):
        get_param = self.env["ir.config_parameter"].sudo().get_param
        return {
            "new_days": int(get_param("crm_pipeline.lifecycle_new_days", 90)),
            "active_days": int(get_param("crm_pipeline.lifecycle_active_days", 180)),
            "lost_days": int(get_param("crm_pipeline.lifecycle_lost_days", 365)),
            "loyal_invoices": int(get_param("crm_pipeline.lifecycle_loyal_invoices", 4)),
        }

    @api.model
    def _refresh_lifecycle_status(self, commercial_partner_ids=None):
        """Recompute the lifecycle of the given companies (all when None) and of their contacts,
        in one statement over the posted customer invoices. Returns the number of partners whose
        status changed."""
        self.env["account.move"].flush_model(
            ["move_type", "state", "invoice_date", "commercial_partner_id"]
        )
        self.flush_model(["commercial_partner_id", "lifecycle_status"])
        scope_moves = scope_partners = SQL("TRUE")
        if commercial_partner_ids is not None:
            ids = list(commercial_partner_ids)
            scope_moves = SQL("commercial_partner_id = ANY(%s)", ids)
            scope_partners = SQL("p.commercial_partner_id = ANY(%s)", ids)
        limits = self._lifecycle_thresholds()
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                WITH stats AS (
                    SELECT commercial_partner_id AS partner_id,
                           MIN(invoice_date) AS first_date,
                           MAX(invoice_date) AS last_date,
                           COUNT(*) FILTER (WHERE invoice_date > %(today)s::date - 365) AS recent
                      FROM account_move
                     WHERE move_type = 'out_invoice' AND state = 'posted' AND %(scope_moves)s
                  GROUP BY commercial_partner_id
                ), computed AS (
                    SELECT p.id,
                           CASE WHEN s.partner_id IS NULL THEN 'prospect'
                                WHEN s.last_date < %(today)s::date - %(lost_days)s THEN 'lost'
                                WHEN s.last_date < %(today)s::date - %(active_days)s THEN 'lapsing'
                                WHEN s.first_date >= %(today)s::date - %(new_days)s THEN 'new'
                                WHEN s.recent >= %(loyal_invoices)s THEN 'loyal'
                                ELSE 'active'
                           END AS status
                      FROM res_partner p
                 LEFT JOIN stats s ON s.partner_id = p.commercial_partner_id
                     WHERE %(scope_partners)s
                )
                UPDATE res_partner p
                   SET lifecycle_status = computed.status
                  FROM computed
                 WHERE p.id = computed.id AND p.lifecycle_status IS DISTINCT FROM computed.status
                """,
                today=today,
                scope_moves=scope_moves,
                scope_partners=scope_partners,
                **limits,
            )
        )
        changed = self.env.cr.rowcount
        self.invalidate_model(["lifecycle_status"])
        return changed

    @api.model
    def _customers_out_of_contact(self):
        """Companies that are New, Active or Loyal, with an account manager and a tier asking for
        regular contact, whose last interaction or past meeting is older than the tier allows,
        and that have no "get in touch" activity open yet: [(partner id, account manager id)]."""
        self.env["crm.interaction"].flush_model(["commercial_partner_id", "date"])
        self.env["calendar.event"].flush_model(["partner_ids", "start"])
        self.flush_model(
            ["user_id", "customer_tier_id", "lifecycle_status", "is_company", "active"]
        )
        activity_type = self.env.ref("crm_pipeline.mail_activity_type_no_contact")
        self.env.cr.execute(
            SQL(
                """
                WITH contact AS (
                    SELECT commercial_partner_id AS partner_id, date AS contact_date
                      FROM crm_interaction
                     UNION ALL
                    SELECT attendee.commercial_partner_id, event.start
                      FROM calendar_event event
                      JOIN calendar_event_res_partner_rel rel ON rel.calendar_event_id = event.id
                      JOIN res_partner attendee ON attendee.id = rel.res_partner_id
                     WHERE event.start <= %(now)s
                ), last_contact AS (
                    SELECT partner_id, MAX(contact_date) AS contact_date
                      FROM contact
                  GROUP BY partner_id
                )
                SELECT partner.id, partner.user_id
                  FROM res_partner partner
                  JOIN crm_customer_tier tier ON tier.id = partner.customer_tier_id
             LEFT JOIN last_contact ON last_contact.partner_id = partner.id
                 WHERE partner.is_company AND partner.active AND partner.user_id IS NOT NULL
                   AND tier.no_contact_days > 0
                   AND partner.lifecycle_status IN ('new', 'active', 'loyal')
                   AND COALESCE(last_contact.contact_date, partner.create_date)
                       < %(now)s - tier.no_contact_days * INTERVAL '1 day'
                   AND NOT EXISTS (
                           SELECT 1 FROM mail_activity activity
                            WHERE activity.res_model = 'res.partner'
                              AND activity.res_id = partner.id
                              AND activity.activity_type_id = %(activity_type)s
                       )
              ORDER BY partner.id
                """,
                now=fields.Datetime.now(),
                activity_type=activity_type.id,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _remind_out_of_contact(self):
        """One "get in touch" activity per active customer left without contact for too long.
        Returns the number of reminders created."""
        overdue = self._customers_out_of_contact()
        activity_type = self.env.ref("crm_pipeline.mail_activity_type_no_contact")
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner_id,
                    "activity_type_id": activity_type.id,
                    "user_id": user_id,
                    "date_deadline": today,
                }
                for partner_id, user_id in overdue
            ]
        )
        return len(overdue)

    @api.model
    def _cron_remind_out_of_contact(self):
        self.env["ir.cron"]._commit_progress(self._remind_out_of_contact())

    @api.model
    def _cron_refresh_lifecycle_status(self):
        changed = self._refresh_lifecycle_status()
        self.env["ir.cron"]._commit_progress(changed)
