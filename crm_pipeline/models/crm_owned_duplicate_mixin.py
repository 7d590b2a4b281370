from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import ValidationError


class CrmOwnedDuplicateMixin(models.AbstractModel):
    """Warns on a form, and refuses to a salesperson, a record that matches a customer of
    another salesperson. The match is searched as superuser (the salesperson cannot read that
    customer) and only its owner, its name and the matching criterion are shown."""

    _name = "crm.owned.duplicate.mixin"
    _description = "Warning about customers owned by another salesperson"

    owned_duplicate_warning = fields.Html(
        string="Customer of Another Salesperson",
        compute="_compute_owned_duplicate_warning",
        sanitize=False,
    )

    def _owned_duplicate_values(self):
        """The keys to match: {'vat', 'email', 'phone', 'name', 'is_company', 'country_code',
        'exclude_ids'} (exclude_ids: commercial partners that are this record's own)."""
        raise NotImplementedError

    def _compute_owned_duplicate_warning(self):
        """Only for a record being created in a form: reading saved records (lists, exports,
        read()) costs no query."""
        partners = self.env["res.partner"]
        for record in self:
            if record.id or record._origin:
                record.owned_duplicate_warning = False
                continue
            matches = partners._find_owned_duplicates(record._owned_duplicate_values())
            record.owned_duplicate_warning = (
                record._owned_duplicate_banner(matches[0]) if matches else False
            )

    def _owned_duplicate_banner(self, match):
        _ = self.env._
        token = self.env["res.partner"]._owned_duplicate_token(match["partner_id"])
        url = (
            f"/crm_pipeline/duplicate/request_access?partner_id={match['partner_id']}"
            f"&criterion={match['criterion']}&token={token}"
        )
        text = escape(
            _(
                "%(name)s is already a customer of %(owner)s (same %(criterion)s). Ask for "
                "access instead of creating a duplicate."
            )
        ) % {
            "name": Markup("<strong>%s</strong>") % match["display_name"],
            "owner": Markup("<strong>%s</strong>") % match["owner_name"],
            "criterion": match["criterion_label"],
        }
        return Markup(
            '<p class="mb-2">%s</p><a class="btn btn-primary btn-sm" target="_blank" '
            'href="%s">%s</a>'
        ) % (text, escape(url), _("Ask for Access"))

    def _is_restricted_salesperson(self):
        """True for a salesperson who is not head of sales (and not the superuser)."""
        if self.env.su:
            return False
        user = self.env.user
        return user.has_group("crm_pipeline.group_crm_salesperson") and not user.has_group(
            "crm_pipeline.group_crm_sales_head"
        )

    def _check_owned_duplicates(self, criteria=None):
        """Refuse the records that match another salesperson's customer (called after create
        and write, not as a constraint: constraints run as superuser, and code running as
        superuser is not a salesperson at work). Heads of sales may save them: they see every
        customer and decide."""
        if not self._is_restricted_salesperson():
            return
        partners = self.env["res.partner"]
        for record in self:
            values = record._owned_duplicate_values()
            if criteria is not None:
                # on write, only what changed: editing the phone of a customer does not
                # re-examine its name
                values = {
                    key: value
                    for key, value in values.items()
                    if key in criteria or key == "exclude_ids"
                }
            matches = partners._find_owned_duplicates(values)
            if matches:
                match = matches[0]
                raise ValidationError(
                    self.env._(
                        "%(record)s matches %(name)s, a customer of %(owner)s (same "
                        "%(criterion)s). Ask %(owner)s for access instead of creating a "
                        "duplicate.",
                        record=record.display_name,
                        name=match["display_name"],
                        owner=match["owner_name"],
                        criterion=match["criterion_label"],
                    )
                )
