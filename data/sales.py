"""Three years of sales history: quotations, sale orders, customer invoices and payments.

The history is first planned in plain Python (``plan``), then written through the ORM in
chronological batches (``generate``):

* every customer has a Pareto weight (a few customers buy most), a basket of favourite products
  and a re-order interval shortened by its weight; the clock of each customer runs faster in the
  busy months (Q4, March) and slower in January and the summer;
* recent demand is still open (draft/sent quotations, confirmed orders not invoiced yet); some
  quotations were cancelled; the rest was invoiced, from a sale order or directly;
* customers pay on their payment term, some late, a few never; payments of the same customer on
  the same day are grouped, as a customer paying several invoices at once would.

Invoices are created with all their journal items given (product, tax and receivable lines,
computed here the way Odoo computes them) and ``skip_invoice_sync``, which spares the per-line
synchronisation of ``account.move.create`` (the slowest part of creating invoices); they are then
posted with ``action_post`` like any invoice. Taxes other than plain percentages excluded from the
price fall back to Odoo's own computation (the slow path).
"""

import datetime
import math
from collections import defaultdict

from odoo import Command
from odoo.tools import float_round

from . import names
from .bulk import checked_inserts, fast_inserts
from .common import backdate, business_day

# Relative activity per month (January .. December).
SEASONALITY = (0.55, 0.85, 1.1, 1.0, 0.95, 0.85, 0.7, 0.65, 1.05, 1.15, 1.25, 1.4)
YEARLY_PRICE_INCREASE = 0.06
# Events written through the ORM before the bulk path takes over (their rows are its templates).
ORM_EVENTS = 150
DIRECT_INVOICE_SHARE = 0.35  # share of invoiced deals without a sale order
QUANTITY_ELASTICITY = 0.25  # bigger customers also buy bigger quantities
BASKET_BASE_SIZE = 5  # favourite products of the smallest customers (more for bigger ones)
REBUY_SHARE = 0.7  # chance that a favourite product is on a given order


# ---------------------------------------------------------------------------------------------
# Planning (pure Python)
# ---------------------------------------------------------------------------------------------


def plan(run):
    """Plan every sales document of every customer; returns the events sorted by date."""
    rng = run.rng("sales-plan")
    products = run.products
    by_category = defaultdict(list)
    for index, product in enumerate(products):
        by_category[product["category"]].append(index)
    categories = list(by_category)

    profiles = run.customers
    for profile in profiles:
        _basket(rng, profile, products, by_category, categories)

    # Calibrate the order rate so that the expected invoice lines match the scale's target.
    target = run.scale.invoice_lines_per_customer * len(profiles) / 0.9
    exposure = sum(
        profile["weight"] * _active_days(run, profile) * profile["lines_per_order"]
        for profile in profiles
    )
    rate = target / exposure if exposure else 0.0
    for _iteration in range(2):
        clamped = 0.0
        free = 0.0
        for profile in profiles:
            contribution = _active_days(run, profile) * profile["lines_per_order"]
            if rate * profile["weight"] > 1 / 4:  # at most an order every 4 days (see below)
                clamped += contribution / 4
            else:
                free += profile["weight"] * contribution
        if free:
            rate = max(rate, (target - clamped) / free)

    # Seasonality by thinning: candidate occasions come at the peak-month rate and each is kept
    # with probability (month's activity / peak activity), so the monthly volumes follow
    # SEASONALITY while the yearly volume follows the customer's interval.
    peak = max(SEASONALITY)
    mean = sum(SEASONALITY) / len(SEASONALITY)
    events = []
    for profile in profiles:
        interval = max(4.0, 1.0 / (rate * profile["weight"])) if rate else 10**6
        end = min(profile["churn"] or run.today, run.today)
        day = profile["since"] + datetime.timedelta(days=rng.uniform(0, min(interval, 90)))
        while day <= end:
            order_day = business_day(day, forward=False)
            keep = rng.random() < SEASONALITY[day.month - 1] / peak
            if keep and run.start <= order_day <= run.today:
                events.append(_event(run, rng, profile, order_day, products))
            step = interval * rng.uniform(0.6, 1.4) * mean / peak
            day += datetime.timedelta(days=max(1.0, step))
    events.sort(key=lambda event: (event["sort_date"], event["customer"]["index"]))
    for number, event in enumerate(events):
        event["number"] = number
    return events


def _active_days(run, profile):
    end = min(profile["churn"] or run.today, run.today)
    return max(0, (end - profile["since"]).days)


def _basket(rng, profile, products, by_category, categories):
    """The products a customer re-buys, with its usual quantities."""
    favourite = [
        category
        for category in names.INDUSTRY_AFFINITY.get(profile["industry"], ())
        if category in by_category
    ] or rng.sample(categories, min(3, len(categories)))
    size = BASKET_BASE_SIZE + int(1.8 * math.log(profile["weight"])) + rng.randrange(3)
    size = min(size, 12)
    basket = {}
    for _attempt in range(size * 3):
        if len(basket) >= size:
            break
        pool = by_category[rng.choice(favourite)] if rng.random() < 0.85 else None
        pool = pool or by_category[rng.choice(categories)]
        weights = [products[index]["popularity"] for index in pool]
        index = rng.choices(pool, weights)[0]
        if index in basket:
            continue
        product = products[index]
        if product["service"]:
            quantity = rng.randrange(2, 24)
        else:
            top = max(2.0, 2500.0 / max(product["list_price"], 1.0))
            quantity = math.exp(rng.uniform(0, math.log(top)))
        basket[index] = max(1.0, quantity * profile["weight"] ** QUANTITY_ELASTICITY)
    profile["basket"] = list(basket.items())
    profile["lines_per_order"] = REBUY_SHARE * len(basket) + 0.4


def _event(run, rng, profile, day, products):
    """One buying occasion of a customer: the document kind, lines, invoice and payment."""
    age = (run.today - day).days
    draw = rng.random()
    if age <= 21:
        kind = "quotation" if draw < 0.4 else "order" if draw < 0.65 else "invoiced"
    elif age <= 60:
        kind = "quotation" if draw < 0.06 else "cancelled" if draw < 0.14 else "invoiced"
    else:
        kind = "cancelled" if draw < 0.09 else "quotation" if draw < 0.10 else "invoiced"
    direct = kind == "invoiced" and rng.random() < DIRECT_INVOICE_SHARE

    inflation = (1 + YEARLY_PRICE_INCREASE) ** (-age / 365.0)
    discount = profile["discount"]
    lines = []
    for index, usual in profile["basket"]:
        if rng.random() < REBUY_SHARE:
            lines.append((index, usual))
    if not lines or rng.random() < 0.3:
        index, usual = profile["basket"][rng.randrange(len(profile["basket"]))]
        if all(index != line[0] for line in lines):
            lines.append((index, usual))
    order_lines = []
    for index, usual in lines:
        product = products[index]
        quantity = max(1, round(usual * rng.uniform(0.5, 1.5)))
        price = round(product["list_price"] * (1 - discount / 100) * inflation, 2)
        order_lines.append((index, float(quantity), price))

    event = {
        "customer": profile,
        "date": day,
        "datetime": run.at(day, rng),
        "kind": kind,
        "direct": direct,
        "state": {
            "quotation": "sent" if rng.random() < 0.6 else "draft",
            "cancelled": "cancel",
        }.get(kind, "sale"),
        "lines": order_lines,
        "client_ref": f"PO-{rng.randrange(10000, 99999)}" if rng.random() < 0.35 else False,
        "invoice_date": None,
        "pay_date": None,
        "opportunity_id": False,
        "sort_date": day,
    }
    if kind == "invoiced":
        invoice_date = business_day(day + datetime.timedelta(days=rng.randrange(0, 5)))
        invoice_date = min(invoice_date, run.today)
        event["invoice_date"] = invoice_date
        event["invoice_datetime"] = run.at(invoice_date, rng)
        event["sort_date"] = invoice_date
        event["pay_date"] = _pay_date(run, rng, profile, invoice_date)
    return event


def _pay_date(run, rng, profile, invoice_date):
    due = invoice_date + datetime.timedelta(days=profile["term_days"])
    reliability = profile["reliability"]
    if profile["term_days"] == 0:
        pay = invoice_date + datetime.timedelta(days=rng.randrange(0, 4))
    elif reliability == "good":
        pay = due + datetime.timedelta(days=rng.randrange(-4, 5))
    elif reliability == "slow":
        pay = due + datetime.timedelta(days=rng.randrange(3, 46))
    elif rng.random() < 0.5:
        return None
    else:
        pay = due + datetime.timedelta(days=rng.randrange(15, 121))
    pay = max(pay, invoice_date)
    if profile["payrun_day"]:
        # Big customers pay in a monthly payment run, all the invoices due at once.
        if pay.day > profile["payrun_day"]:
            pay = (pay.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        pay = business_day(pay.replace(day=profile["payrun_day"]))
    else:
        # The others pay on their usual weekday, sometimes several invoices at once.
        pay += datetime.timedelta(days=(profile["payday"] - pay.weekday()) % 7)
    return pay if pay <= run.today else None


# ---------------------------------------------------------------------------------------------
# Writing through the ORM
# ---------------------------------------------------------------------------------------------


class _Taxes:
    """Computes the tax journal items of an invoice like Odoo does for simple taxes."""

    def __init__(self, run, mapping):
        env = run.env
        self.company = run.company
        self.currency = self.company.currency_id
        self.round_globally = self.company.tax_calculation_rounding_method == "round_globally"
        tax_ids = {tax_id for product in run.products for tax_id in product["tax_ids"]}
        positions = {profile["fiscal_position_id"] for profile in run.customers}
        for position_id in positions:
            for index in range(len(run.products)):
                tax_ids.update(mapping.get(position_id, index)[0])
        self.info = {}
        for tax in env["account.tax"].browse(sorted(tax_ids)):
            reps = tax.invoice_repartition_line_ids
            base = reps.filtered(lambda rep: rep.repartition_type == "base")
            tax_reps = reps.filtered(lambda rep: rep.repartition_type == "tax")
            simple = (
                tax.amount_type == "percent"
                and not tax.price_include
                and not tax.include_base_amount
                and tax.tax_exigibility == "on_invoice"
                and len(base) == 1
                and base.factor_percent == 100
            )
            self.info[tax.id] = {
                "simple": simple,
                "name": tax.name,
                "amount": tax.amount,
                "base_tags": base.tag_ids.ids,
                "reps": [
                    (rep.id, rep.account_id.id, rep.factor_percent / 100.0, rep.tag_ids.ids)
                    for rep in tax_reps
                ],
            }

    def supports(self, tax_ids):
        return len(tax_ids) <= 1 and all(self.info[tax_id]["simple"] for tax_id in tax_ids)

    def round(self, amount):
        return float_round(amount, precision_rounding=self.currency.rounding)

    def lines(self, base_lines):
        """``base_lines``: [(subtotal, tax_ids)]; returns (tax line vals, total tax)."""
        per_tax = defaultdict(lambda: [0.0, 0.0])  # tax id -> [base, tax amount]
        for subtotal, tax_ids in base_lines:
            for tax_id in tax_ids:
                amount = subtotal * self.info[tax_id]["amount"] / 100.0
                per_tax[tax_id][0] += subtotal
                per_tax[tax_id][1] += amount if self.round_globally else self.round(amount)
        vals_list = []
        total = 0.0
        for tax_id, (base, amount) in per_tax.items():
            info = self.info[tax_id]
            for rep_id, account_id, factor, tags in info["reps"]:
                value = self.round(amount * factor)
                if not value:
                    continue  # Odoo keeps no tax line of a zero amount (e.g. 0% exports)
                total += value
                vals_list.append(
                    {
                        "display_type": "tax",
                        "name": info["name"],
                        "tax_repartition_line_id": rep_id,
                        "account_id": account_id,
                        "tax_tag_ids": [Command.set(tags)],
                        "balance": -value,
                        "amount_currency": -value,
                        "tax_base_amount": -self.round(base),  # signed like the balance
                        "analytic_distribution": False,
                    }
                )
        return vals_list, self.round(total)


class _FiscalMapping:
    """Taxes and income account of a product for a fiscal position, as Odoo maps them."""

    def __init__(self, run):
        self.env = run.env
        self.products = run.products
        self.cache = {}

    def get(self, position_id, index):
        key = (position_id, index)
        if key not in self.cache:
            product = self.products[index]
            position = self.env["account.fiscal.position"].browse(position_id)
            taxes = self.env["account.tax"].browse(product["tax_ids"])
            account = self.env["account.account"].browse(product["income_account_id"])
            self.cache[key] = (position.map_tax(taxes).ids, position.map_account(account).id)
        return self.cache[key]


def generate(run, events, bulk=True):
    env = run.env
    products = run.products
    mapping = _FiscalMapping(run)
    taxes = _Taxes(run, mapping)
    company = run.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = env["res.partner"].browse(run.customers[0]["id"]).property_account_receivable_id
    SaleOrder = env["sale.order"]
    started = run.elapsed()

    # Values Odoo would compute per order, the same for all: given to spare the queries.
    extra_order_vals = {}
    if "quotation_document_ids" in SaleOrder._fields and not env["quotation.document"].search(
        [], limit=1
    ):
        extra_order_vals["quotation_document_ids"] = [Command.set([])]
    ctx = (products, mapping, taxes, journal, receivable, company, extra_order_vals)

    counts = defaultdict(int)
    invoices = []  # (event, move id, name, total, receivable line ids)
    # The first events go through the ORM; they are the templates of the bulk path.
    orm_count = len(events) if not bulk else min(len(events), ORM_EVENTS)
    orm_events, bulk_events = events[:orm_count], events[orm_count:]
    for batch in run.batches(orm_events, "sales documents through the ORM"):
        _orm_documents(run, batch, ctx, counts, invoices)
    payment_groups = _payment_groups(invoices)
    bulk_ids = set()
    writer = None
    if bulk_events:
        # Pay through the ORM what the ORM invoiced: those payments are templates too.
        orm_invoice_ids = {item[1] for item in invoices}
        last_orm_day = max(event["sort_date"] for event in orm_events)
        planned = [
            (key, items)
            for key, items in payment_groups
            if key[0] <= last_orm_day and all(item[1] in orm_invoice_ids for item in items)
        ]
        # The planner must know the invoices just written, or Odoo's reconciliation queries
        # (joins on OR conditions) fall back to nested loops and each payment takes seconds.
        env.flush_all()
        env.cr.execute(
            "ANALYZE account_move, account_move_line, account_partial_reconcile, account_payment"
        )
        _orm_payments(run, planned, counts)
        done = {key for key, _items in planned}
        templates = _templates(run, invoices)
        from .sales_bulk import SalesWriter

        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        writer = SalesWriter(run, templates, taxes, mapping, journal, receivable, bank)
        env.flush_all()
        for batch in run.batches(bulk_events, "sales documents in bulk (orders, invoices)"):
            fast = run.skip_foreign_keys and fast_inserts(env.cr)
            bulk_invoices = writer.write_documents(batch, counts)
            if fast:
                checked_inserts(env.cr)
            bulk_ids.update(item[1] for item in bulk_invoices)
            invoices.extend(bulk_invoices)
        payment_groups = [
            (key, items) for key, items in _payment_groups(invoices) if key not in done
        ]
    run.invoices = invoices
    run.counts["seconds: sales documents"] = round(run.elapsed() - started, 1)
    if writer:
        rng = run.rng("payments-bulk")
        for batch in run.batches(payment_groups, "payments in bulk", size=run.scale.batch * 2):
            fast = run.skip_foreign_keys and fast_inserts(env.cr)
            writer.write_payments(batch, rng, counts)
            if fast:
                checked_inserts(env.cr)
        writer.finish()
        env.invalidate_all()
        _refresh_lifecycle(run)
    else:
        _orm_payments(run, payment_groups, counts)
    run.counts["quotations (draft/sent)"] = counts["orders:draft"] + counts["orders:sent"]
    run.counts["quotations cancelled"] = counts["orders:cancel"]
    run.counts["sale orders (confirmed)"] = counts["orders:sale"]
    run.counts["order lines"] = counts["order lines"]
    run.counts["invoices"] = counts["invoices"]
    run.counts["invoice lines"] = counts["invoice lines"]
    run.counts["payments"] = counts["payments"]
    run.counts["invoices paid"] = counts["invoices paid"]
    run.counts["invoices open"] = counts["invoices"] - counts["invoices paid"]


def _templates(run, invoices):
    """Rows written by the ORM above, copied by the bulk path (see sales_bulk.py)."""
    cr = run.env.cr
    run.env.flush_all()
    templates = {}

    def first(key, query, *args):
        cr.execute(query, args)
        row = cr.fetchone()
        if row is None:
            raise ValueError(f"no template for {key}: the ORM batch is too small")
        templates[key] = row[0]

    first("order", "SELECT MAX(id) FROM sale_order HAVING COUNT(*) > 0")
    first("order_line", "SELECT MAX(id) FROM sale_order_line HAVING COUNT(*) > 0")
    paid = "(SELECT id FROM account_move WHERE move_type = 'out_invoice' AND state = 'posted'"
    first("invoice", f"SELECT MAX(id) FROM account_move WHERE id IN {paid}) HAVING COUNT(*) > 0")
    for kind in ("product", "tax", "payment_term"):
        cr.execute(
            f"SELECT MAX(id) FROM account_move_line WHERE display_type = %s AND move_id IN {paid})",
            [kind],
        )
        templates[f"line_{kind}"] = cr.fetchone()[0]
    first(
        "paid_state",
        "SELECT payment_state FROM account_move WHERE move_type = 'out_invoice' "
        "AND payment_state NOT IN ('not_paid', 'partial') ORDER BY id LIMIT 1",
    )
    first("payment", "SELECT MAX(id) FROM account_payment HAVING COUNT(*) > 0")
    first("payment_move", "SELECT move_id FROM account_payment WHERE id = %s", templates["payment"])
    first(
        "pay_line_liquidity",
        "SELECT l.id FROM account_move_line l JOIN account_account a ON a.id = l.account_id "
        "WHERE l.move_id = %s AND a.account_type != 'asset_receivable'",
        templates["payment_move"],
    )
    first(
        "pay_line_counterpart",
        "SELECT l.id FROM account_move_line l JOIN account_account a ON a.id = l.account_id "
        "WHERE l.move_id = %s AND a.account_type = 'asset_receivable'",
        templates["payment_move"],
    )
    first("partial", "SELECT MAX(id) FROM account_partial_reconcile HAVING COUNT(*) > 0")
    first("full", "SELECT MAX(id) FROM account_full_reconcile HAVING COUNT(*) > 0")
    return templates


def _refresh_lifecycle(run):
    """The suite's customer lifecycle follows posted invoices (set-based refresh), when the
    suite is installed."""
    Partner = run.env["res.partner"]
    if hasattr(Partner, "_refresh_lifecycle_status"):
        Partner._refresh_lifecycle_status()


def _orm_documents(run, batch, ctx, counts, invoices):
    """Orders and invoices of a batch of events through the ORM."""
    env = run.env
    products, mapping, taxes, journal, receivable, company, extra_order_vals = ctx
    SaleOrder = env["sale.order"]
    Move = env["account.move"]
    fast_moves = Move.with_context(skip_invoice_sync=True)
    # 1. Quotations and sale orders.
    so_events = [event for event in batch if not event["direct"]]
    order_vals = []
    for event in so_events:
        profile = event["customer"]
        order_vals.append(
            {
                "partner_id": profile["id"],
                "partner_invoice_id": profile["id"],
                "partner_shipping_id": profile["id"],
                "user_id": profile["user_id"],
                "team_id": profile["team_id"],
                "company_id": company.id,
                "date_order": event["datetime"],
                "validity_date": event["date"] + datetime.timedelta(days=30),
                "pricelist_id": profile["pricelist_id"] or False,
                "payment_term_id": profile["term_id"],
                "client_order_ref": event["client_ref"],
                "opportunity_id": event["opportunity_id"],
                "fiscal_position_id": profile["fiscal_position_id"],
                "state": event["state"],
                **extra_order_vals,
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[index]["id"],
                            "name": products[index]["display_name"],
                            "product_uom_qty": quantity,
                            "product_uom_id": products[index]["uom_id"],
                            "price_unit": price,
                            "discount": 0.0,
                            "tax_ids": [
                                Command.set(mapping.get(profile["fiscal_position_id"], index)[0])
                            ],
                            "analytic_distribution": False,
                        }
                    )
                    for index, quantity, price in event["lines"]
                ],
            }
        )
    orders = SaleOrder.create(order_vals)
    for event, order in zip(so_events, orders, strict=True):
        event["order_id"] = order.id
        event["order_name"] = order.name
        event["order_line_ids"] = order.order_line.ids
        counts[f"orders:{event['state']}"] += 1
        counts["order lines"] += len(event["lines"])

    # 2. Customer invoices (from the orders or direct), then posting, in date order.
    inv_events = sorted(
        (event for event in batch if event["invoice_date"]),
        key=lambda event: (event["invoice_date"], event["number"]),
    )
    fast_vals, slow_vals, order = [], [], []
    for event in inv_events:
        vals = _invoice_vals(event, products, mapping, taxes, journal, receivable)
        position_id = event["customer"]["fiscal_position_id"]
        fast = all(
            taxes.supports(mapping.get(position_id, index)[0]) for index, *_x in event["lines"]
        )
        (fast_vals if fast else slow_vals).append(vals)
        order.append(fast)
    moves = fast_moves.create(fast_vals) if fast_vals else Move.browse()
    if slow_vals:
        # Let Odoo compute the taxes and the receivable line itself.
        keep = ("product_id", "name", "quantity", "price_unit", "product_uom_id", "tax_ids")
        for vals in slow_vals:
            vals["invoice_line_ids"] = [
                Command.create(
                    {
                        **{key: command[2][key] for key in keep},
                        "sale_line_ids": command[2].get("sale_line_ids", []),
                    }
                )
                for command in vals.pop("line_ids")
                if command[2]["display_type"] == "product"
            ]
        slow = Move.create(slow_vals)
        fast_iter, slow_iter = iter(moves), iter(slow)
        moves = Move.browse([next(fast_iter if flag else slow_iter).id for flag in order])
    moves.action_post()
    for event, move in zip(inv_events, moves, strict=True):
        term_lines = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
        invoices.append((event, move.id, move.name, move.amount_total, term_lines.ids))
        counts["invoice lines"] += len(event["lines"])
    counts["invoices"] += len(moves)
    backdate(env, "sale.order", [(e["order_id"], e["datetime"]) for e in so_events])
    backdate(
        env,
        "account.move",
        [(m.id, e["invoice_datetime"]) for e, m in zip(inv_events, moves, strict=True)],
    )


def _invoice_vals(event, products, mapping, taxes, journal, receivable):
    profile = event["customer"]
    line_vals = []
    base_lines = []
    untaxed = 0.0
    order_line_ids = event.get("order_line_ids") or [False] * len(event["lines"])
    for (index, quantity, price), order_line_id in zip(event["lines"], order_line_ids, strict=True):
        product = products[index]
        tax_ids, account_id = mapping.get(profile["fiscal_position_id"], index)
        subtotal = taxes.round(quantity * price)
        untaxed += subtotal
        base_lines.append((subtotal, tax_ids))
        tax_tags = [tag for tax_id in tax_ids for tag in taxes.info[tax_id]["base_tags"]]
        vals = {
            "display_type": "product",
            "product_id": product["id"],
            "name": product["display_name"],
            "quantity": quantity,
            "price_unit": price,
            "discount": 0.0,
            "product_uom_id": product["uom_id"],
            "tax_ids": [Command.set(tax_ids)],
            "tax_tag_ids": [Command.set(tax_tags)],
            "account_id": account_id,
            "balance": -subtotal,
            "amount_currency": -subtotal,
            "analytic_distribution": False,
        }
        if order_line_id:
            vals["sale_line_ids"] = [Command.link(order_line_id)]
        line_vals.append(vals)
    tax_vals, tax_total = taxes.lines(base_lines)
    total = taxes.round(untaxed + tax_total)
    due = event["invoice_date"] + datetime.timedelta(days=profile["term_days"])
    term_vals = {
        "display_type": "payment_term",
        "name": "",
        "account_id": receivable.id,
        "balance": total,
        "amount_currency": total,
        "date_maturity": due,
        "analytic_distribution": False,
    }
    return {
        "move_type": "out_invoice",
        "journal_id": journal.id,
        "company_id": journal.company_id.id,
        "currency_id": journal.company_id.currency_id.id,
        "partner_id": profile["id"],
        "partner_shipping_id": profile["id"],
        "invoice_date": event["invoice_date"],
        "date": event["invoice_date"],
        "invoice_payment_term_id": profile["term_id"],
        "fiscal_position_id": profile["fiscal_position_id"],
        "invoice_user_id": profile["user_id"],
        "team_id": profile["team_id"],
        "invoice_origin": event.get("order_name") or False,
        "ref": event["client_ref"] or False,
        "line_ids": [Command.create(vals) for vals in [*line_vals, *tax_vals, term_vals]],
    }


def _payment_groups(invoices):
    """Planned payments: one per customer and payment day, [((day, customer index), items)]."""
    groups = defaultdict(list)
    for item in invoices:
        event = item[0]
        if event["pay_date"]:
            groups[(event["pay_date"], event["customer"]["index"])].append(item)
    return sorted(groups.items(), key=lambda group: group[0])


def _orm_payments(run, planned, counts):
    """Register the payments through the ORM, reconciled with their invoices."""
    env = run.env
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", run.company.id)], limit=1
    )
    Payment = env["account.payment"]
    Line = env["account.move.line"]
    rng = run.rng("payments")
    for batch in run.batches(planned, "payments", size=max(200, run.scale.batch // 2)):
        vals_list = []
        for (pay_date, _index), items in batch:
            profile = items[0][0]["customer"]
            vals_list.append(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": profile["id"],
                    "amount": sum(item[3] for item in items),
                    "date": pay_date,
                    "journal_id": journal.id,
                    "memo": " ".join(item[2] for item in items)[:200],
                }
            )
        payments = Payment.create(vals_list)
        payments.action_post()
        plan = []
        for payment, ((_date, _index), items) in zip(payments, batch, strict=True):
            counterpart = payment.move_id.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            term_line_ids = [line_id for item in items for line_id in item[4]]
            plan.append(counterpart | Line.browse(term_line_ids))
            counts["invoices paid"] += len(items)
        Line._reconcile_plan(plan)
        counts["payments"] += len(payments)
        moments = [run.at(date, rng) for (date, _index), _items in batch]
        backdate(env, "account.move", zip([p.move_id.id for p in payments], moments, strict=True))
        backdate(
            env,
            "account.payment",
            [(payment.id, moment) for payment, moment in zip(payments, moments, strict=True)],
        )
