import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, consteq, hmac

from . import crm_duplicate_tools as tools

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.owned.duplicate.mixin"]

    # the fields that can make a customer a duplicate, and the key each one feeds
    _OWNED_DUPLICATE_FIELDS = {
        "name": "name",
        "is_company": "name",
        "parent_id": "name",
        "vat": "vat",
        "country_id": "vat",
        "phone": "phone",
        "email": "email_domain",
    }

    vat_key = fields.Char(
        string="Normalized Tax ID",
        compute="_compute_duplicate_keys",
        store=True,
        precompute=True,
        index="btree_not_null",
        help="The Tax ID without spaces, dots or dashes, with its country prefix.",
    )
    phone_key = fields.Char(
        string="Normalized Phone",
        compute="_compute_duplicate_keys",
        store=True,
        precompute=True,
        index="btree_not_null",
        help="The last digits of the phone number.",
    )
    email_domain = fields.Char(
        string="Email Domain",
        compute="_compute_duplicate_keys",
        store=True,
        precompute=True,
        index="btree_not_null",
        help="The domain of the email address; empty for public mail providers.",
    )

    @api.depends("vat", "phone", "email", "country_id")
    def _compute_duplicate_keys(self):
        for partner in self:
            # the country is read only for a number written without its prefix
            vat = partner.vat
            country_code = (
                partner.country_id.code if vat and not vat.strip()[:2].isalpha() else None
            )
            partner.vat_key = tools.normalize_vat(vat, country_code)
            partner.phone_key = tools.normalize_phone(partner.phone)
            partner.email_domain = tools.email_domain(partner.email)

    @api.depends("name", "vat", "phone", "email", "country_id", "parent_id", "is_company")
    def _compute_owned_duplicate_warning(self):
        return super()._compute_owned_duplicate_warning()

    def init(self):
        super().init()
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except psycopg2.Error as error:
            _logger.warning(
                "crm_pipeline: could not create the PostgreSQL extension pg_trgm (%s); "
                "similar company names are found by exact name only. Ask the database "
                "administrator to run CREATE EXTENSION pg_trgm.",
                error,
            )
            return
        cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner_name_trgm_crm_idx "
            "ON res_partner USING gin (name gin_trgm_ops)"
        )

    def _owned_duplicate_values(self):
        self.ensure_one()
        own = self._origin.commercial_partner_id | self.parent_id._origin.commercial_partner_id
        return {
            "vat": self.vat_key or tools.normalize_vat(self.vat, self.country_id.code),
            "phone": tools.normalize_phone(self.phone),
            "email_domain": tools.email_domain(self.email),
            "name": self.name if self.is_company and not self.parent_id else False,
            "exclude_ids": own.ids,
        }

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._check_owned_duplicates()
        return partners

    def write(self, vals):
        res = super().write(vals)
        criteria = {
            criterion for field, criterion in self._OWNED_DUPLICATE_FIELDS.items() if field in vals
        }
        if criteria:
            self._check_owned_duplicates(criteria)
        return res

    @api.model
    def _has_trigram(self):
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return bool(self.env.cr.rowcount)

    @api.model
    def _duplicate_name_similarity(self):
        return float(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_pipeline.duplicate_name_similarity", 0.6)
        )

    @api.model
    def _duplicate_criteria(self):
        _ = self.env._
        return {
            "vat": _("Tax ID"),
            "email": _("email domain"),
            "phone": _("phone"),
            "name": _("name"),
        }

    @api.model
    def _find_owned_duplicates(self, values, limit=3):
        """Customers owned by another salesperson that match ``values`` (see
        _owned_duplicate_values), best criterion first: [{'partner_id' (the matched company),
        'display_name', 'owner_name', 'criterion', 'criterion_label', 'score'}]. Searched as
        superuser in one query; "another salesperson" is an account manager who is neither the
        current user nor sharing the customer with one of the current user's teams."""
        conditions = []
        if values.get("vat"):
            conditions.append(
                SQL("SELECT id, 'vat', 1.0 FROM res_partner WHERE vat_key = %s", values["vat"])
            )
        if values.get("email_domain"):
            conditions.append(
                SQL(
                    "SELECT id, 'email', 1.0 FROM res_partner WHERE email_domain = %s",
                    values["email_domain"],
                )
            )
        if values.get("phone"):
            conditions.append(
                SQL(
                    "SELECT id, 'phone', 1.0 FROM res_partner WHERE phone_key = %s", values["phone"]
                )
            )
        if values.get("name"):
            conditions.append(self._name_match_query(values["name"]))
        if not conditions:
            return []
        user = self.env.user
        self.env["res.partner"].flush_model(
            ["vat_key", "email_domain", "phone_key", "name", "commercial_partner_id", "user_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT company.id, company.user_id, match.criterion, MAX(match.score)
                  FROM (%(union)s) AS match(id, criterion, score)
                  JOIN res_partner partner ON partner.id = match.id
                  JOIN res_partner company ON company.id = partner.commercial_partner_id
                 WHERE partner.active AND company.active
                   AND company.user_id IS NOT NULL AND company.user_id != %(uid)s
                   AND (company.team_id IS NULL OR company.team_id != ALL(%(teams)s))
                   AND company.id != ALL(%(exclude)s)
              GROUP BY company.id, company.user_id, match.criterion
              ORDER BY MAX(match.score) DESC,
                       ARRAY_POSITION(ARRAY['vat', 'email', 'phone', 'name'], match.criterion),
                       company.id
                 LIMIT %(limit)s
                """,
                union=SQL(" UNION ALL ").join(conditions),
                uid=user.id,
                teams=user.crm_team_ids.ids,
                exclude=list(values.get("exclude_ids") or []),
                limit=limit,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return []
        labels = self._duplicate_criteria()
        companies = self.sudo().browse([row[0] for row in rows])
        owners = self.env["res.users"].sudo().browse([row[1] for row in rows])
        names = dict(zip(companies.ids, companies.mapped("display_name"), strict=False))
        owner_names = dict(zip(owners.ids, owners.mapped("name"), strict=False))
        return [
            {
                "partner_id": company_id,
                "display_name": names[company_id],
                "owner_id": owner_id,
                "owner_name": owner_names[owner_id],
                "criterion": criterion,
                "criterion_label": labels[criterion],
                "score": float(score),
            }
            for company_id, owner_id, criterion, score in rows
        ]

    @api.model
    def _name_match_query(self, name):
        """Companies whose name is similar (pg_trgm) or, without pg_trgm, equal ignoring case."""
        if self._has_trigram():
            return SQL(
                """SELECT id, 'name', similarity(name, %(name)s) FROM res_partner
                    WHERE is_company AND name %% %(name)s
                      AND similarity(name, %(name)s) >= %(limit)s""",
                name=name,
                limit=self._duplicate_name_similarity(),
            )
        return SQL(
            "SELECT id, 'name', 1.0 FROM res_partner WHERE is_company AND lower(name) = lower(%s)",
            name,
        )

    @api.model
    def _owned_duplicate_token(self, partner_id):
        return hmac(self.env(su=True), "crm_pipeline.duplicate_access", (self.env.uid, partner_id))

    @api.model
    def request_owned_duplicate_access(self, partner_id, criterion, token):
        """Ask the account manager of ``partner_id`` for access: a to-do activity for them on
        that customer, naming the requester. ``token`` is the signature the warning banner put
        in its link, so only a customer that was shown to this user can be asked for.
        Returns the owner's name."""
        partner_id = int(partner_id)
        if not consteq(self._owned_duplicate_token(partner_id), token or ""):
            raise ValidationError(self.env._("This access request link is not valid."))
        partner = self.sudo().browse(partner_id).exists()
        if not partner.user_id:
            raise ValidationError(self.env._("This customer has no account manager to ask."))
        label = self._duplicate_criteria().get(criterion, "")
        partner.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=partner.user_id.id,
            summary=self.env._("Access requested by %(user)s", user=self.env.user.name),
            note=self.env._(
                "%(user)s was about to create %(name)s again (same %(criterion)s) and asks for "
                "access to this customer: share it with their sales team or hand it over.",
                user=self.env.user.name,
                name=partner.display_name,
                criterion=label,
            ),
        )
        return partner.user_id.name
