from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from . import crm_duplicate_tools as tools


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def load(self, fields, data):
        """Odoo's import (base_import) goes through here. Each row is checked first: a bad Tax
        ID or email, an unknown territory, or a company that is already the customer of an
        account manager. Bad rows are reported, one message each, and left out; the good rows
        are imported (Odoo would otherwise refuse the whole file for one bad row)."""
        if not self.env.context.get("import_file") or not data:
            return super().load(fields, data)
        if any("/" in field.replace("/.id", "").replace("/id", "") for field in fields):
            # rows continued over several lines (one2many) are not single records
            return super().load(fields, data)
        errors = self._import_row_errors(fields, data)
        if not errors:
            return super().load(fields, data)
        good = [index for index in range(len(data)) if index not in errors]
        result = (
            super().load(fields, [data[index] for index in good])
            if good
            else {
                "ids": [],
                "messages": [],
                "nextrow": 0,
            }
        )
        for message in result.get("messages", []):
            # Odoo's own messages speak of the rows it was given: point them at the file's rows
            if isinstance(message.get("record"), int) and message["record"] < len(good):
                message["record"] = good[message["record"]]
            rows = message.get("rows")
            if rows and rows.get("from", -1) < len(good) and rows.get("to", -1) < len(good):
                message["rows"] = {"from": good[rows["from"]], "to": good[rows["to"]]}
        if result.get("nextrow"):
            result["nextrow"] = good[result["nextrow"]] if result["nextrow"] < len(good) else 0
        result["messages"] = [
            {
                "type": "error",
                "message": self.env._(
                    "Row %(row)s not imported: %(errors)s", row=index + 1, errors=", ".join(reasons)
                ),
                "record": index,
                "rows": {"from": index, "to": index},
            }
            for index, reasons in sorted(errors.items())
        ] + result.get("messages", [])
        if result.get("ids") is None:
            result["ids"] = []
        return result

    @api.model
    def _import_row_errors(self, fields, data):
        """{row index: [reason, ...]} for the rows to leave out. Set-based: one query per kind
        of check for the whole file, none per row."""
        _ = self.env._
        column = {field.replace(":id", "/id"): index for index, field in enumerate(fields)}

        def cell(row, name):
            index = column.get(name)
            return (row[index] or "").strip() if index is not None and row[index] else ""

        errors = {}

        def fail(index, reason):
            errors.setdefault(index, []).append(reason)

        # the country each row's Tax ID is checked against
        countries = self._import_countries({cell(row, "country_id") for row in data} - {""})
        # territories, by name and by external id
        territory_names = {cell(row, "territory_id") for row in data} - {""}
        known_names = set()
        if territory_names:
            territories = self.env["crm.territory"].search_fetch(
                [
                    "|",
                    ("name", "in", list(territory_names)),
                    ("complete_name", "in", list(territory_names)),
                ],
                ["name", "complete_name"],
            )
            known_names = set(territories.mapped("name")) | set(territories.mapped("complete_name"))
        territory_xmlids = {cell(row, "territory_id/id") for row in data} - {""}
        known_xmlids = self._import_known_xmlids(territory_xmlids, "crm.territory")
        base_vat = "vies_valid" in self._fields

        keys = []
        for index, row in enumerate(data):
            name, vat, email = cell(row, "name"), cell(row, "vat"), cell(row, "email")
            country = countries.get(cell(row, "country_id").lower())
            if vat and vat != "/" and not self._import_vat_ok(vat, country, base_vat):
                fail(index, _("invalid Tax ID %(vat)s", vat=vat))
            if email and not tools.is_valid_email(email):
                fail(index, _("invalid email %(email)s", email=email))
            territory = cell(row, "territory_id")
            if territory and territory not in known_names:
                fail(index, _("unknown territory %(territory)s", territory=territory))
            territory_xmlid = cell(row, "territory_id/id")
            if territory_xmlid and territory_xmlid not in known_xmlids:
                fail(index, _("unknown territory %(territory)s", territory=territory_xmlid))
            if cell(row, "id") or cell(row, ".id"):
                continue  # an update of an existing record, not a new customer
            is_company = cell(row, "is_company").lower() in ("1", "true", "yes", "company")
            keys.append(
                {
                    "index": index,
                    "vat": tools.normalize_vat(vat, country.code if country else None),
                    "email_domain": tools.email_domain(email),
                    "phone": tools.normalize_phone(cell(row, "phone")),
                    "name": name if is_company and not cell(row, "parent_id") else False,
                }
            )
        labels = self._duplicate_criteria()
        for index, criterion, company_name, owner_name in self._import_owned_duplicates(keys):
            fail(
                index,
                _(
                    "duplicate of %(name)s, a customer of %(owner)s (same %(criterion)s)",
                    name=company_name,
                    owner=owner_name,
                    criterion=labels[criterion],
                ),
            )
        return errors

    @api.model
    def _import_countries(self, values):
        """{lowercased name or code: country} for the country cells of the file."""
        if not values:
            return {}
        lowered = [value.lower() for value in values]
        countries = self.env["res.country"].search_fetch(
            [
                "|",
                ("code", "in", [value.upper() for value in values]),
                ("name", "in", list(values)),
            ],
            ["code", "name"],
        )
        result = {}
        for country in countries:
            for key in (country.code.lower(), country.name.lower()):
                if key in lowered:
                    result[key] = country
        return result

    @api.model
    def _import_known_xmlids(self, xmlids, model):
        if not xmlids:
            return set()
        full = {xmlid if "." in xmlid else f"__import__.{xmlid}": xmlid for xmlid in xmlids}
        pairs = [tuple(name.split(".", 1)) for name in full]
        self.env.cr.execute(
            SQL(
                """SELECT module || '.' || name FROM ir_model_data
                    WHERE model = %s AND (module, name) IN %s""",
                model,
                tuple(pairs),
            )
        )
        return {full[row[0]] for row in self.env.cr.fetchall()}

    @api.model
    def _import_vat_ok(self, vat, country, base_vat):
        if base_vat and country:
            try:
                self._run_vat_checks(country, vat, validation="error")
            except ValidationError:
                return False
            return True
        return tools.is_valid_vat_format(vat)

    @api.model
    def _import_owned_duplicates(self, keys):
        """[(row index, criterion, company name, owner name)] for the rows matching a customer
        that has an account manager: one query per criterion for the whole file."""
        if not keys:
            return []
        self.flush_model(
            ["vat_key", "email_domain", "phone_key", "name", "commercial_partner_id", "user_id"]
        )
        found = {}
        for criterion, column in (
            ("vat", "vat_key"),
            ("email_domain", "email_domain"),
            ("phone", "phone_key"),
        ):
            values = list({key[criterion] for key in keys if key[criterion]})
            if not values:
                continue
            self.env.cr.execute(
                SQL(
                    """SELECT DISTINCT ON (partner.%(column)s) partner.%(column)s, company.id
                         FROM res_partner partner
                         JOIN res_partner company ON company.id = partner.commercial_partner_id
                        WHERE partner.%(column)s = ANY(%(values)s) AND partner.active
                          AND company.user_id IS NOT NULL
                     ORDER BY partner.%(column)s, company.id""",
                    column=SQL.identifier(column),
                    values=values,
                )
            )
            found[criterion] = dict(self.env.cr.fetchall())
        names = list({key["name"] for key in keys if key["name"]})
        if names:
            trigram = self._has_trigram()
            similar = (
                SQL(
                    "partner.name %% wanted.name AND similarity(partner.name, wanted.name) >= %s",
                    self._duplicate_name_similarity(),
                )
                if trigram
                else SQL("lower(partner.name) = lower(wanted.name)")
            )
            best = (
                SQL("similarity(partner.name, wanted.name) DESC") if trigram else SQL("partner.id")
            )
            self.env.cr.execute(
                SQL(
                    """SELECT DISTINCT ON (wanted.name) wanted.name, partner.id
                         FROM unnest(%(names)s::varchar[]) AS wanted(name)
                         JOIN res_partner partner ON %(similar)s
                        WHERE partner.is_company AND partner.active AND partner.user_id IS NOT NULL
                     ORDER BY wanted.name, %(best)s""",
                    names=names,
                    similar=similar,
                    best=best,
                )
            )
            found["name"] = dict(self.env.cr.fetchall())
        matches = []
        for key in keys:
            for criterion in ("vat", "email_domain", "phone", "name"):
                company_id = found.get(criterion, {}).get(key[criterion])
                if company_id:
                    matches.append((key["index"], criterion, company_id))
                    break
        companies = self.sudo().browse({company_id for __, __, company_id in matches})
        companies.fetch(["display_name", "user_id"])
        return [
            (
                index,
                "email" if criterion == "email_domain" else criterion,
                self.sudo().browse(company_id).display_name,
                self.sudo().browse(company_id).user_id.name,
            )
            for index, criterion, company_id in matches
        ]
