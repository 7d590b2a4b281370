"""Consistency check of generated data: what was written in bulk equals what the ORM computes.

``check(env)`` samples records of the history models (those written by ``data.bulk`` and those
written through the ORM alike), marks every stored computed, read-only field of them for
recomputation, lets the ORM recompute them and compares the results with what the database
holds. It also compares the receivable balance of every customer, read through the ORM's
``_read_group``, with the sum of its posted invoice totals minus its payments.

It never commits: the CLI (``python -m data.generate --db NAME --check``) rolls back.
"""

import random
from collections import defaultdict

from odoo.tools import float_compare

SAMPLED_MODELS = (
    "res.partner",
    "sale.order",
    "sale.order.line",
    "account.move",
    "account.move.line",
    "account.payment",
    "account.partial.reconcile",
    "crm.lead",
)
# Computed fields whose value depends on the moment they are computed, not on the data.
SKIPPED_FIELDS = {
    ("crm.lead", "automated_probability"),  # the frequencies grew after the lead was created
    ("crm.lead", "probability"),
    ("sale.order", "validity_date"),
    ("account.move", "checked"),
    ("account.move", "invoice_partner_display_name"),
    ("res.partner", "lifecycle_status"),
    # Computed for a payment being created (no journal entry yet): recomputing them on a posted,
    # reconciled payment differs for payments made through the ORM too.
    ("account.payment", "is_matched"),
    ("account.payment", "is_reconciled"),
    ("account.payment", "outstanding_account_id"),
}


# Computed fields a user may also edit (readonly=False) that the generator never gives: the
# ORM computes them from others (for leads: from the partner, the email, the phone).
EDITABLE_COMPUTED = {
    "crm.lead": (
        "email_from",
        "phone",
        "website",
        "street",
        "zip",
        "city",
        "state_id",
        "country_id",
        "lang_id",
        "function",
        "company_id",
        "won_status",
    ),
    "sale.order.line": ("customer_lead", "qty_delivered", "discount"),
    "account.move.line": ("partner_id", "currency_id", "date_maturity"),
    "account.move": ("invoice_date_due", "commercial_partner_id", "partner_shipping_id"),
}


def _fields_to_check(model):
    editable = EDITABLE_COMPUTED.get(model._name, ())
    return [
        field
        for field in model._fields.values()
        if field.store
        and field.compute
        and (field.readonly or field.name in editable)
        and field.column_type
        and (model._name, field.name) not in SKIPPED_FIELDS
    ]


def _normalize(field, value):
    if field.type == "many2one":
        return value.id
    if field.type in ("one2many", "many2many"):
        return sorted(value.ids)
    if field.type == "monetary" or field.type == "float":
        return round(value or 0.0, 6)
    return value or False


def check(env, sample=200, seed=0, progress=print):
    """Return a list of mismatch descriptions (empty when everything is consistent)."""
    rng = random.Random(seed)
    problems = []
    env = env(su=True)
    env.flush_all()
    for model_name in SAMPLED_MODELS:
        Model = env[model_name].with_context(active_test=False)
        env.cr.execute(f'SELECT id FROM "{Model._table}" ORDER BY id')
        ids = [row[0] for row in env.cr.fetchall()]
        if not ids:
            continue
        picked = sorted(rng.sample(ids, min(sample, len(ids))))
        records = Model.browse(picked)
        fields = _fields_to_check(Model)
        env.invalidate_all()
        env.cr.execute("SAVEPOINT generator_check")
        stored = {
            field.name: {record.id: _normalize(field, record[field.name]) for record in records}
            for field in fields
        }
        env.invalidate_all()
        for field in fields:
            env.add_to_compute(field, records)
        mismatches = defaultdict(list)
        for field in fields:
            for record in records:
                value = _normalize(field, record[field.name])
                before = stored[field.name][record.id]
                if field.type in ("monetary", "float"):
                    same = float_compare(value, before, precision_digits=4) == 0
                else:
                    same = value == before
                if not same:
                    mismatches[field.name].append((record.id, before, value))
        # Forget the recomputed values: the database keeps what it holds.
        env.flush_all()
        env.cr.execute("ROLLBACK TO SAVEPOINT generator_check")
        env.invalidate_all(flush=False)
        for fname, items in sorted(mismatches.items()):
            problems.append(
                f"{model_name}.{fname}: {len(items)}/{len(records)} differ, e.g. "
                + ", ".join(f"id {rid}: stored {a!r} != computed {b!r}" for rid, a, b in items[:3])
            )
        progress(
            f"check {model_name}: {len(records)} records x {len(fields)} computed fields, "
            f"{sum(len(items) for items in mismatches.values())} mismatches"
        )
    problems.extend(_check_balances(env, progress))
    return problems


def _check_balances(env, progress):
    """Receivable balance per customer (ORM) == posted invoice totals - payments (SQL)."""
    groups = env["account.move.line"]._read_group(
        [
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("partner_id", "!=", False),
        ],
        ["partner_id"],
        ["balance:sum", "amount_residual:sum"],
    )
    balances = {partner.id: (balance, residual) for partner, balance, residual in groups}
    env.cr.execute(
        """
        SELECT partner_id, SUM(total) FROM (
            SELECT commercial_partner_id AS partner_id, amount_total_signed AS total
              FROM account_move
             WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
            UNION ALL
            SELECT p.partner_id, -p.amount_company_currency_signed
              FROM account_payment p JOIN account_move m ON m.id = p.move_id
             WHERE m.state = 'posted' AND p.partner_type = 'customer'
        ) AS t GROUP BY partner_id
        """
    )
    expected = dict(env.cr.fetchall())
    problems = []
    for partner_id in sorted(set(expected) | set(balances)):
        balance, residual = balances.get(partner_id, (0.0, 0.0))
        want = expected.get(partner_id, 0.0)
        if float_compare(balance, want, precision_digits=2) or float_compare(
            residual, want, precision_digits=2
        ):
            problems.append(
                f"partner {partner_id}: receivable balance {balance} / residual {residual} "
                f"!= invoices - payments {want}"
            )
    progress(f"check receivable balances: {len(expected)} partners, {len(problems)} mismatches")
    return problems[:20] + ([f"... {len(problems) - 20} more"] if len(problems) > 20 else [])
