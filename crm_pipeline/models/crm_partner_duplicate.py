from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

CRITERIA = [
    ("vat", "Same Tax ID"),
    ("email", "Same Email"),
    ("email_domain", "Same Email Domain"),
    ("phone", "Same Phone"),
    ("name", "Similar Name"),
]


class CrmPartnerDuplicate(models.Model):
    """A pair of companies or contacts that look like the same customer. The list is rebuilt
    set-based, one INSERT ... SELECT per criterion, by "Refresh"."""

    _name = "crm.partner.duplicate"
    _description = "Possible Duplicate Customer"
    _order = "score desc, partner_id, duplicate_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    duplicate_id = fields.Many2one(
        "res.partner", string="Duplicate", required=True, index=True, ondelete="cascade"
    )
    criterion = fields.Selection(CRITERIA, required=True)
    score = fields.Float(
        string="Similarity",
        digits=(3, 2),
        help="1 for an equal key; the trigram similarity of the names for Similar Name.",
    )
    user_id = fields.Many2one(
        "res.users", string="Account Manager", related="partner_id.commercial_partner_id.user_id"
    )
    duplicate_user_id = fields.Many2one(
        "res.users",
        string="Duplicate's Account Manager",
        related="duplicate_id.commercial_partner_id.user_id",
    )
    partner_is_company = fields.Boolean(related="partner_id.is_company", string="Company")

    _pair_criterion_unique = models.Constraint(
        "UNIQUE(partner_id, duplicate_id, criterion)",
        "A pair of partners is listed once per criterion.",
    )

    @api.model
    def action_refresh(self):
        """Rebuild the list: every pair of active partners sharing a normalized Tax ID (between
        companies), an email address, a company email domain, a phone number (across
        different companies) or a similar company name (pg_trgm)."""
        if not self.env.user.has_group("crm_pipeline.group_crm_salesperson"):
            raise AccessError(self.env._("Only salespeople can look for duplicates."))
        self.sudo()._rebuild()
        return {"type": "ir.actions.client", "tag": "reload"}

    def _rebuild(self):
        partners = self.env["res.partner"]
        partners.flush_model(
            [
                "vat_key",
                "email_normalized",
                "email_domain",
                "phone_key",
                "name",
                "is_company",
                "commercial_partner_id",
                "active",
            ]
        )
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        # a pair is two active partners, lowest id first, neither one's company of the other
        pair = SQL(
            """a.active AND b.active AND a.id < b.id
               AND a.commercial_partner_id != b.id AND b.commercial_partner_id != a.id"""
        )
        queries = {
            "vat": SQL(
                """SELECT a.id, b.id, 1.0 FROM res_partner a JOIN res_partner b
                     ON b.vat_key = a.vat_key
                  WHERE a.id = a.commercial_partner_id AND b.id = b.commercial_partner_id"""
            ),
            "email": SQL(
                """SELECT a.id, b.id, 1.0 FROM res_partner a JOIN res_partner b
                     ON b.email_normalized = a.email_normalized"""
            ),
            "email_domain": SQL(
                """SELECT a.id, b.id, 1.0 FROM res_partner a JOIN res_partner b
                     ON b.email_domain = a.email_domain
                  WHERE a.is_company AND b.is_company"""
            ),
            "phone": SQL(
                """SELECT a.id, b.id, 1.0 FROM res_partner a JOIN res_partner b
                     ON b.phone_key = a.phone_key
                  WHERE a.commercial_partner_id != b.commercial_partner_id"""
            ),
            "name": self._name_pairs_query(),
        }
        now = fields.Datetime.now()
        for criterion, query in queries.items():
            cr.execute(
                SQL(
                    """
                    INSERT INTO %(table)s (partner_id, duplicate_id, criterion, score,
                                           create_uid, create_date, write_uid, write_date)
                    SELECT pair.a, pair.b, %(criterion)s, MAX(pair.score),
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM (%(query)s) AS pair(a, b, score)
                      JOIN res_partner a ON a.id = pair.a
                      JOIN res_partner b ON b.id = pair.b
                     WHERE %(pair)s
                  GROUP BY pair.a, pair.b
                    """,
                    table=SQL.identifier(self._table),
                    criterion=criterion,
                    uid=self.env.uid,
                    now=now,
                    query=query,
                    pair=pair,
                )
            )
        self.invalidate_model()

    def _name_pairs_query(self):
        partners = self.env["res.partner"]
        if partners._has_trigram():
            return SQL(
                """SELECT a.id, b.id, similarity(a.name, b.name) FROM res_partner a
                     JOIN res_partner b ON a.name %% b.name AND a.id < b.id
                    WHERE a.is_company AND b.is_company
                      AND similarity(a.name, b.name) >= %s""",
                partners._duplicate_name_similarity(),
            )
        return SQL(
            """SELECT a.id, b.id, 1.0 FROM res_partner a JOIN res_partner b
                 ON lower(b.name) = lower(a.name)
              WHERE a.is_company AND b.is_company"""
        )

    def action_merge(self):
        """Open Odoo's merge wizard on the pair: it moves every order, invoice, lead, message
        and other record of the merged partner onto the one kept."""
        self.ensure_one()
        if not self.env.user.has_group("crm_pipeline.group_crm_sales_head"):
            raise AccessError(self.env._("Only heads of sales merge customers."))
        if not (self.partner_id and self.duplicate_id):
            raise UserError(self.env._("One of these partners no longer exists."))
        partner_ids = (self.partner_id | self.duplicate_id).ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": partner_ids},
        }
