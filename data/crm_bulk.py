"""Bulk SQL path of the leads and their stage history (see ``data.bulk`` for the principle).

The first leads are created through the ORM (``crm.py``); the others are written with COPY:

* ``crm_lead``: the values ``crm._lead_vals`` gives the ORM, plus what the ORM computes from
  them -- contact and address fields taken from the partner, normalized email and phone, email
  domain, phone state, language -- computed by the ORM itself on an in-memory record
  (``crm.lead.new``), once per partner for the leads of customers. ``won_status``,
  ``day_open``, ``day_close`` and ``prorated_revenue`` follow Odoo's formulas;
* ``crm_tag_rel``: the tags;
* ``mail_message`` / ``mail_tracking_value``: the stage history ``crm._history`` builds for the
  ORM path too, with the historical date also as ``create_date`` of the tracking values (what
  ``duration_tracking``, the time spent in each stage, is computed from).

Predictive lead scoring is then brought up to date the way Odoo's daily cron does it: the
frequency table is rebuilt from every won and lost lead, and the automated probability of the
open leads is recomputed (``crm.lead._cron_update_automated_probabilities``).
"""

from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize, email_normalize_all, split_every

from odoo.addons.crm.models.crm_lead import PLS_COMPUTE_BATCH_STEP
from odoo.addons.iap.tools import iap_tools
from odoo.addons.mail.tools import mail_validation
from odoo.addons.phone_validation.tools import phone_validation

from .bulk import Writer, copy_rows, next_ids

# Fields of crm.lead the ORM computes from the values of crm._lead_vals (read on a new record).
DERIVED = (
    "partner_name",
    "contact_name",
    "email_from",
    "phone",
    "website",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "lang_id",
    "function",
    "email_normalized",
    "phone_sanitized",
    "email_domain_criterion",
    "phone_state",
    "email_state",
    "company_id",
)
GIVEN = (
    "name",
    "type",
    "user_id",
    "team_id",
    "stage_id",
    "partner_id",
    "expected_revenue",
    "date_deadline",
    "date_open",
    "date_last_stage_update",
    "date_conversion",
    "date_closed",
    "priority",
    "source_id",
    "medium_id",
    "lost_reason_id",
    "active",
)


def _column(value):
    """A value of the ORM (record, False...) as a column value."""
    if hasattr(value, "_name"):
        return value.id or None
    if value is False:
        return None
    return value


class LeadWriter:
    def __init__(self, run, lead_template, message_template, tracking_template):
        self.run = run
        self.env = run.env
        self.cr = run.env.cr
        self.Lead = run.env["crm.lead"]
        self.by_partner = {}
        names = [
            "id",
            *GIVEN,
            *DERIVED,
            "probability",
            "automated_probability",
            "prorated_revenue",
            "won_status",
            "day_open",
            "day_close",
            "create_date",
            "write_date",
        ]
        self.leads = Writer(self.cr, "crm_lead", lead_template, names)
        self.messages = Writer(
            self.cr,
            "mail_message",
            message_template,
            [
                "id",
                "res_id",
                "subtype_id",
                "author_id",
                "email_from",
                "reply_to",
                "message_id",
                "date",
                "create_date",
                "write_date",
            ],
        )
        self.trackings = Writer(
            self.cr,
            "mail_tracking_value",
            tracking_template,
            [
                "id",
                "mail_message_id",
                "field_id",
                "old_value_integer",
                "new_value_integer",
                "old_value_char",
                "new_value_char",
                "create_date",
                "write_date",
            ],
        )
        self.tags = []
        self.email_of = {}
        self.company_id = run.company.id
        self.countries = {
            country.id: (country.code, country.phone_code)
            for country in run.env["res.country"].search([])
        }
        company_country = run.company.country_id
        self.default_country = (company_country.code, company_country.phone_code)
        # Records sharing one prefetch set: reading the customers costs a query per 1 000.
        customers = run.env["res.partner"].browse(sorted(p["id"] for p in run.customers))
        self.customers = {partner.id: partner for partner in customers}
        self.rng = run.rng("crm-bulk-message-ids")

    def _derived(self, vals):
        """What the ORM computes from ``vals``: from the partner what
        ``_prepare_values_from_partner`` copies, then the normalized email and phone the way
        the computes of crm.lead derive them (same functions, one parse per lead)."""
        partner_id = vals.get("partner_id")
        if partner_id:
            if partner_id not in self.by_partner:
                partner = self.customers.get(partner_id) or self.env["res.partner"].browse(
                    partner_id
                )
                copied = self.Lead.browse()._prepare_values_from_partner(partner)
                copied["email_from"] = partner.email  # crm.lead._compute_email_from
                self.by_partner[partner_id] = self._normalized(
                    {fname: copied.get(fname, False) for fname in DERIVED}
                )
            return self.by_partner[partner_id]
        derived = {fname: vals.get(fname, False) for fname in DERIVED}
        return self._normalized(derived)

    def _normalized(self, derived):
        derived["company_id"] = self.company_id
        email = derived["email_from"]
        normalized = email_normalize(email) if email else False
        derived["email_normalized"] = normalized
        derived["email_domain_criterion"] = (
            iap_tools.mail_prepare_for_domain_search(normalized) if normalized else False
        )
        state = False
        if email:
            state = "incorrect"
            for address in email_normalize_all(email):
                if mail_validation.mail_validate(address):
                    state = "correct"
                    break
        derived["email_state"] = state
        phone = derived["phone"]
        country = self.countries.get(derived["country_id"]) or self.default_country
        sanitized = phone_state = False
        if phone:
            try:
                phone_validation.phone_parse(phone, country[0])
                phone_state = "correct"
            except UserError:
                phone_state = "incorrect"
            try:
                sanitized = phone_validation.phone_format(
                    phone, country[0], country[1], force_format="E164", raise_exception=True
                )
            except UserError:
                sanitized = False
        derived["phone_sanitized"] = sanitized
        derived["phone_state"] = phone_state
        return {fname: _column(value) for fname, value in derived.items()}

    def write(self, batch, history):
        """``batch``: lead specs; ``history(spec)``: the message vals of a spec."""
        from .crm import _lead_vals

        ref = self.run.crm_ref
        lead_ids = next_ids(self.cr, "crm_lead", len(batch))
        all_messages = []
        for spec, lead_id in zip(batch, lead_ids, strict=True):
            spec["id"] = lead_id
            if spec["event"] is not None:
                spec["event"]["opportunity_id"] = lead_id
            vals = _lead_vals(spec, ref, self.run.countries)
            derived = self._derived(vals)
            status = spec["status"]
            created = spec["created"]
            probability = {"won": 100.0, "lost": 0.0}.get(status)
            automated = 0.0 if status == "lost" else None
            revenue = vals["expected_revenue"] or 0.0
            date_open = vals.get("date_open") or None
            date_closed = vals.get("date_closed") or None
            self.leads.add(
                lead_id,
                *(
                    vals.get("active", True) if fname == "active" else _column(vals.get(fname))
                    for fname in GIVEN
                ),
                *(derived[fname] for fname in DERIVED),
                probability,
                automated,
                round(revenue * (probability or 0.0) / 100.0, 2),
                {"won": "won", "lost": "lost"}.get(status, "pending"),
                # The ORM stores 0 (not NULL) when a date is missing.
                abs((date_open - created.replace(microsecond=0)).days) if date_open else 0,
                abs((date_closed - created).days) if date_closed else 0,
                created,
                created,
            )
            for tag_id in spec["tag_ids"]:
                self.tags.append((lead_id, tag_id))
            all_messages.extend(history(spec))
        message_ids = next_ids(self.cr, "mail_message", len(all_messages))
        tracking_count = sum(len(m["tracking_value_ids"]) for m in all_messages)
        tracking_ids = iter(next_ids(self.cr, "mail_tracking_value", tracking_count))
        for message, message_id in zip(all_messages, message_ids, strict=True):
            email = self._email(message["author_id"])
            when = message["date"]
            rnd = f"{self.rng.random():.15f}"[2:]
            self.messages.add(
                message_id,
                message["res_id"],
                message["subtype_id"],
                message["author_id"],
                email,
                email,
                f"<{rnd}.{when.timestamp():.15f}-openerp-{message['res_id']}-crm.lead@generator>",
                when,
                when,
                when,
            )
            for command in message["tracking_value_ids"]:
                values = command[2]
                self.trackings.add(
                    next(tracking_ids),
                    message_id,
                    values["field_id"],
                    values.get("old_value_integer"),
                    values.get("new_value_integer"),
                    values.get("old_value_char"),
                    values.get("new_value_char"),
                    when,
                    when,
                )
        self.leads.flush()
        copy_rows(self.cr, "crm_tag_rel", ("lead_id", "tag_id"), self.tags)
        self.tags.clear()
        self.messages.flush()
        self.trackings.flush()

    def _email(self, partner_id):
        if partner_id not in self.email_of:
            self.email_of[partner_id] = self.env["res.partner"].browse(partner_id).email_formatted
        return self.email_of[partner_id]


def finish(run, start):
    """Predictive lead scoring over the whole history, as Odoo's daily cron computes it
    (``_cron_update_automated_probabilities``, without its intermediate commits)."""
    env = run.env
    env.flush_all()
    env.invalidate_all()
    env["ir.config_parameter"].set_param("crm.pls_start_date", str(start))
    Lead = env["crm.lead"]
    Lead._rebuild_pls_frequency_table()
    pending = Lead.search([("stage_id", "!=", False), ("won_status", "=", "pending")])
    probabilities = {}
    for chunk in split_every(PLS_COMPUTE_BATCH_STEP, pending.ids):
        batch, _unused = Lead.browse(chunk)._pls_get_naive_bayes_probabilities(batch_mode=True)
        probabilities.update(batch)
    # The generator never sets a probability by hand: the probability is the automated one, and
    # prorated_revenue follows it (crm.lead._compute_prorated_revenue; the cron leaves it behind).
    revenue = dict(pending.mapped(lambda lead: (lead.id, lead.expected_revenue or 0.0)))
    for chunk in split_every(5000, sorted(probabilities.items())):
        env.cr.execute(
            SQL(
                "UPDATE crm_lead l SET automated_probability = v.p, probability = v.p, "
                "prorated_revenue = v.r FROM (VALUES %s) AS v(id, p, r) WHERE l.id = v.id",
                SQL(", ").join(
                    SQL(
                        "(%s, %s::float, %s::numeric)",
                        lead_id,
                        value,
                        round(revenue[lead_id] * value / 100.0, 2),
                    )
                    for lead_id, value in chunk
                ),
            )
        )
    env.invalidate_all()


def backdate_trackings(env):
    """Tracking values dated like their message (the ORM path sets them "now")."""
    env.flush_all()
    env.cr.execute(
        "UPDATE mail_tracking_value v SET create_date = m.date, write_date = m.date "
        "FROM mail_message m WHERE m.id = v.mail_message_id AND m.model = 'crm.lead' "
        "AND v.create_date <> m.date"
    )
    env.invalidate_all()
