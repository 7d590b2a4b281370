from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, Query

# An event's id is the id of its source row times this factor plus the source's code, so that
# ids are stable and unique across sources. Codes: crm_pipeline 1-19, crm_service 20-39,
# crm_marketing 40-59, other addons 60-99.
TIMELINE_ID_FACTOR = 100

# The columns of every source, in this order, with their SQL types.
TIMELINE_COLUMNS = (
    ("date", "timestamp"),
    ("kind", "varchar"),
    ("name", "varchar"),
    ("amount", "numeric"),
    ("currency_id", "integer"),
    ("partner_id", "integer"),
    ("commercial_partner_id", "integer"),
    ("user_id", "integer"),
    ("company_id", "integer"),
    ("res_model", "varchar"),
    ("res_id", "integer"),
)


class CrmTimelineEvent(models.Model):
    """The customer's timeline: one row per event of any department, newest first.

    The model is a query (``_table_query``): the UNION ALL of the sources returned by
    ``_timeline_sources()``. Each source is one SELECT over its documents that already keeps
    only the documents the current user may read (their access rights and record rules, see
    ``_timeline_access``), so the timeline shows exactly what its viewer may open, and searching
    it for one customer, with a period or kinds, a limit and an offset is a single query whose
    filters PostgreSQL pushes down into every source.

    Extension point: another addon adds its events by extending ``_timeline_sources()`` with
    ``super()``, appending SELECTs built with ``_timeline_select()`` and guarded by
    ``_timeline_access()``, by adding its kinds to ``kind`` with ``selection_add`` and the
    fields its SELECTs read to ``_depends``. See readme/DESCRIPTION.md.
    """

    _name = "crm.timeline.event"
    _description = "Customer Timeline Event"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "account.move": [
            "amount_residual",
            "amount_total_in_currency_signed",
            "commercial_partner_id",
            "company_id",
            "currency_id",
            "invoice_date",
            "invoice_date_due",
            "invoice_user_id",
            "move_type",
            "name",
            "partner_id",
            "payment_state",
            "state",
        ],
        "account.move.line": ["move_id"],
        "account.partial.reconcile": [
            "debit_amount_currency",
            "debit_currency_id",
            "debit_move_id",
            "max_date",
        ],
        "crm.interaction": [
            "commercial_partner_id",
            "company_id",
            "contact_id",
            "date",
            "name",
            "partner_id",
            "user_id",
        ],
        "crm.lead": [
            "company_id",
            "expected_revenue",
            "name",
            "partner_id",
            "type",
            "user_id",
        ],
        "mail.activity": [
            "active",
            "activity_type_id",
            "date_deadline",
            "res_id",
            "res_model",
            "summary",
            "user_id",
        ],
        "mail.message": ["date", "model", "res_id"],
        "mail.tracking.value": ["field_id", "mail_message_id", "new_value_char", "old_value_char"],
        "res.partner": ["commercial_partner_id", "company_id"],
        "sale.order": [
            "amount_total",
            "company_id",
            "currency_id",
            "date_order",
            "name",
            "partner_id",
            "state",
            "user_id",
        ],
    }

    date = fields.Datetime(readonly=True)
    kind = fields.Selection(
        [
            ("lead", "Lead"),
            ("opportunity", "Opportunity"),
            ("stage", "Stage Change"),
            ("quotation", "Quotation"),
            ("order", "Sales Order"),
            ("invoice", "Invoice"),
            ("refund", "Credit Note"),
            ("payment", "Payment"),
            ("overdue", "Overdue"),
            ("interaction", "Interaction"),
            ("activity", "Activity"),
        ],
        readonly=True,
    )
    name = fields.Char(string="Event", readonly=True)
    amount = fields.Monetary(readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="User", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", readonly=True)

    @property
    def _table_query(self):
        sources = [source for source in self._timeline_sources() if source is not None]
        if not sources:
            sources = [SQL("%s WHERE FALSE", self._timeline_select(1, SQL("0")))]
        return SQL(" UNION ALL ").join(SQL("(%s)", source) for source in sources)

    # ------------------------------------------------------------------
    # Extension point
    # ------------------------------------------------------------------

    @api.model
    def _timeline_select(self, code, key, **columns):
        """The SELECT clause of a source: ``code`` is the source's number (see
        TIMELINE_ID_FACTOR), ``key`` the SQL of its row's own id, ``columns`` the SQL expression
        of each column of TIMELINE_COLUMNS (missing ones are NULL)."""
        unknown = set(columns) - {name for name, __ in TIMELINE_COLUMNS}
        if unknown:
            raise ValueError(f"Unknown timeline columns: {sorted(unknown)}")
        parts = [SQL("%s::bigint * %s + %s AS id", key, TIMELINE_ID_FACTOR, code)]
        for name, sql_type in TIMELINE_COLUMNS:
            parts.append(
                SQL(
                    "%s::%s AS %s",
                    columns.get(name, SQL("NULL")),
                    SQL(sql_type),
                    SQL.identifier(name),
                )
            )
        return SQL("SELECT %s", SQL(", ").join(parts))

    @api.model
    def _timeline_access(self, model_name, alias, operation="read"):
        """The SQL condition that the document of ``model_name`` read under ``alias`` (the
        source's alias of that model's table) is one the current user may ``operation``:
        their record rules on that model, translated to SQL by the ORM as ``search`` does;
        None when they may not read that model at all (leave the source out).

        The condition is written on the alias itself, so that PostgreSQL applies it to the
        customer's documents only; rules that need a join are checked per document in a
        correlated subquery."""
        model = self.env[model_name].with_context(active_test=False)
        if self.env.su:
            return SQL("TRUE")
        if not model.has_access(operation):
            return None
        model_sudo = model.sudo()
        rule = self.env["ir.rule"]._compute_domain(model_name, operation)
        rule = rule.optimize_full(model_sudo)
        if rule.is_true():
            return SQL("TRUE")
        if rule.is_false():
            return None
        query = Query(self.env, alias, SQL.identifier(model._table))
        condition = rule._to_sql(model_sudo, alias, query)
        if not query._joins:
            return condition
        # a correlated EXISTS with an OFFSET is not flattened into a join over the whole
        # table: PostgreSQL checks it per document of the customer, by primary key
        query = Query(self.env, model._table, model._table_sql)
        query.add_where(rule._to_sql(model_sudo, model._table, query))
        query.add_where(
            SQL("%s = %s", SQL.identifier(model._table, "id"), SQL.identifier(alias, "id"))
        )
        return SQL("EXISTS(%s OFFSET 0)", query.select(SQL("1")))

    @api.model
    def _timeline_sources(self):
        """The SELECTs whose rows make the timeline (None for a source the user may not
        read). Extend with super() to add sources."""
        return [
            self._timeline_source_leads(),
            self._timeline_source_stage_changes(),
            self._timeline_source_orders(),
            self._timeline_source_invoices(),
            self._timeline_source_payments(),
            self._timeline_source_overdue(),
            self._timeline_source_interactions(),
            *self._timeline_source_activities(),
        ]

    # ------------------------------------------------------------------
    # Sources of this addon
    # ------------------------------------------------------------------

    def _timeline_source_leads(self):
        access = self._timeline_access("crm.lead", "lead")
        if access is None:
            return None
        return SQL(
            """%s
                 FROM crm_lead lead
                 JOIN res_partner partner ON partner.id = lead.partner_id
            LEFT JOIN res_company company ON company.id = lead.company_id
                WHERE %s""",
            self._timeline_select(
                1,
                SQL("lead.id"),
                date=SQL("lead.create_date"),
                kind=SQL("lead.type"),
                name=SQL("lead.name"),
                amount=SQL("lead.expected_revenue"),
                currency_id=SQL("company.currency_id"),
                partner_id=SQL("lead.partner_id"),
                commercial_partner_id=SQL("partner.commercial_partner_id"),
                user_id=SQL("lead.user_id"),
                company_id=SQL("lead.company_id"),
                res_model=SQL("'crm.lead'"),
                res_id=SQL("lead.id"),
            ),
            access,
        )

    def _timeline_source_stage_changes(self):
        """Stage changes of leads, from the tracking values of their stage."""
        access = self._timeline_access("crm.lead", "lead")
        if access is None:
            return None
        return SQL(
            """%s
                 FROM mail_tracking_value tracking
                 JOIN mail_message message ON message.id = tracking.mail_message_id
                 JOIN crm_lead lead ON lead.id = message.res_id
                 JOIN res_partner partner ON partner.id = lead.partner_id
                WHERE message.model = 'crm.lead'
                  AND tracking.field_id = (SELECT id FROM ir_model_fields
                                            WHERE model = 'crm.lead' AND name = 'stage_id')
                  AND %s""",
            self._timeline_select(
                2,
                SQL("tracking.id"),
                date=SQL("message.date"),
                kind=SQL("'stage'"),
                name=SQL(
                    "CONCAT(lead.name, ': ', tracking.old_value_char, ' → ',"
                    " tracking.new_value_char)"
                ),
                partner_id=SQL("lead.partner_id"),
                commercial_partner_id=SQL("partner.commercial_partner_id"),
                user_id=SQL("message.create_uid"),
                company_id=SQL("lead.company_id"),
                res_model=SQL("'crm.lead'"),
                res_id=SQL("lead.id"),
            ),
            access,
        )

    def _timeline_source_orders(self):
        access = self._timeline_access("sale.order", "sale")
        if access is None:
            return None
        return SQL(
            """%s
                 FROM sale_order sale
                 JOIN res_partner partner ON partner.id = sale.partner_id
                WHERE sale.state != 'cancel' AND %s""",
            self._timeline_select(
                3,
                SQL("sale.id"),
                date=SQL("sale.date_order"),
                kind=SQL("CASE WHEN sale.state = 'sale' THEN 'order' ELSE 'quotation' END"),
                name=SQL("sale.name"),
                amount=SQL("sale.amount_total"),
                currency_id=SQL("sale.currency_id"),
                partner_id=SQL("sale.partner_id"),
                commercial_partner_id=SQL("partner.commercial_partner_id"),
                user_id=SQL("sale.user_id"),
                company_id=SQL("sale.company_id"),
                res_model=SQL("'sale.order'"),
                res_id=SQL("sale.id"),
            ),
            access,
        )

    def _timeline_source_invoices(self):
        access = self._timeline_access("account.move", "move")
        if access is None:
            return None
        return SQL(
            """%s
                 FROM account_move move
                WHERE move.move_type IN ('out_invoice', 'out_refund')
                  AND move.state = 'posted' AND %s""",
            self._timeline_select(
                4,
                SQL("move.id"),
                date=SQL("move.invoice_date"),
                kind=SQL(
                    "CASE WHEN move.move_type = 'out_refund' THEN 'refund' ELSE 'invoice' END"
                ),
                name=SQL("move.name"),
                amount=SQL("move.amount_total_in_currency_signed"),
                currency_id=SQL("move.currency_id"),
                partner_id=SQL("move.partner_id"),
                commercial_partner_id=SQL("move.commercial_partner_id"),
                user_id=SQL("move.invoice_user_id"),
                company_id=SQL("move.company_id"),
                res_model=SQL("'account.move'"),
                res_id=SQL("move.id"),
            ),
            access,
        )

    def _timeline_source_payments(self):
        """Payments (and credit notes) settled against a customer invoice: one event per
        reconciliation, on the invoice, visible to whoever may read the invoice."""
        access = self._timeline_access("account.move", "move")
        if access is None:
            return None
        return SQL(
            """%s
                 FROM account_partial_reconcile settlement
                 JOIN account_move_line line ON line.id = settlement.debit_move_id
                 JOIN account_move move ON move.id = line.move_id
                WHERE move.move_type = 'out_invoice' AND move.state = 'posted' AND %s""",
            self._timeline_select(
                5,
                SQL("settlement.id"),
                date=SQL("settlement.max_date"),
                kind=SQL("'payment'"),
                name=SQL("move.name"),
                amount=SQL("settlement.debit_amount_currency"),
                currency_id=SQL("settlement.debit_currency_id"),
                partner_id=SQL("move.partner_id"),
                commercial_partner_id=SQL("move.commercial_partner_id"),
                user_id=SQL("move.invoice_user_id"),
                company_id=SQL("move.company_id"),
                res_model=SQL("'account.move'"),
                res_id=SQL("move.id"),
            ),
            access,
        )

    def _timeline_source_overdue(self):
        """Customer invoices past their due date and not fully paid, dated on the due date,
        with what is left to pay."""
        access = self._timeline_access("account.move", "move")
        if access is None:
            return None
        return SQL(
            """%s
                 FROM account_move move
                WHERE move.move_type = 'out_invoice' AND move.state = 'posted'
                  AND move.payment_state IN ('not_paid', 'partial')
                  AND move.invoice_date_due < %s AND %s""",
            self._timeline_select(
                6,
                SQL("move.id"),
                date=SQL("move.invoice_date_due"),
                kind=SQL("'overdue'"),
                name=SQL("move.name"),
                amount=SQL("move.amount_residual"),
                currency_id=SQL("move.currency_id"),
                partner_id=SQL("move.partner_id"),
                commercial_partner_id=SQL("move.commercial_partner_id"),
                user_id=SQL("move.invoice_user_id"),
                company_id=SQL("move.company_id"),
                res_model=SQL("'account.move'"),
                res_id=SQL("move.id"),
            ),
            fields.Date.context_today(self),
            access,
        )

    def _timeline_source_interactions(self):
        access = self._timeline_access("crm.interaction", "interaction")
        if access is None:
            return None
        return SQL(
            "%s FROM crm_interaction interaction WHERE %s",
            self._timeline_select(
                7,
                SQL("interaction.id"),
                date=SQL("interaction.date"),
                kind=SQL("'interaction'"),
                name=SQL("interaction.name"),
                partner_id=SQL("COALESCE(interaction.contact_id, interaction.partner_id)"),
                commercial_partner_id=SQL("interaction.commercial_partner_id"),
                user_id=SQL("interaction.user_id"),
                company_id=SQL("interaction.company_id"),
                res_model=SQL("'crm.interaction'"),
                res_id=SQL("interaction.id"),
            ),
            access,
        )

    def _timeline_source_activities(self):
        """Open activities on the customer and its contacts, its leads and its orders, dated
        on their deadline. Like mail.activity itself, a user sees those assigned to them and
        those of the documents they may access."""
        lang = self.env.lang or "en_US"
        documents = (
            (8, "res.partner", SQL("res_partner"), SQL("document.id")),
            (9, "crm.lead", SQL("crm_lead"), SQL("document.partner_id")),
            (10, "sale.order", SQL("sale_order"), SQL("document.partner_id")),
        )
        sources = []
        for code, model_name, table, partner_sql in documents:
            operation = getattr(self.env[model_name], "_mail_post_access", "write")
            access = self._timeline_access(model_name, "document", operation)
            if self.env.su:
                visible = SQL("TRUE")
            elif access is None:
                visible = SQL("activity.user_id = %s", self.env.uid)
            else:
                visible = SQL("(activity.user_id = %s OR %s)", self.env.uid, access)
            sources.append(
                SQL(
                    """%s
                         FROM mail_activity activity
                         JOIN %s document ON document.id = activity.res_id
                         JOIN res_partner partner ON partner.id = %s
                    LEFT JOIN mail_activity_type activity_type
                           ON activity_type.id = activity.activity_type_id
                        WHERE activity.res_model = %s AND activity.active AND %s""",
                    self._timeline_select(
                        code,
                        SQL("activity.id"),
                        date=SQL("activity.date_deadline"),
                        kind=SQL("'activity'"),
                        name=SQL(
                            "COALESCE(NULLIF(activity.summary, ''), activity_type.name->>%s,"
                            " activity_type.name->>'en_US')",
                            lang,
                        ),
                        partner_id=SQL("partner.id"),
                        commercial_partner_id=SQL("partner.commercial_partner_id"),
                        user_id=SQL("activity.user_id"),
                        company_id=SQL("partner.company_id"),
                        res_model=SQL("%s", model_name),
                        res_id=SQL("activity.res_id"),
                    ),
                    table,
                    partner_sql,
                    model_name,
                    visible,
                )
            )
        return sources

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_document(self):
        """Open the document behind the event, as the current user."""
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            raise UserError(self.env._("This event has no document to open."))
        document = self.env[self.res_model].browse(self.res_id).exists()
        if not document:
            raise UserError(self.env._("The document of this event no longer exists."))
        document.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [(False, "form")],
            "target": "current",
        }
