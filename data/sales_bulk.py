"""Bulk SQL path of the sales history: orders, invoices, journal items, payments, reconciliation.

The first batch of the history is written through the ORM (``sales.py``). Its records are the
templates of ``data.bulk.Writer``: every later row copies from the template row of its kind the
columns that are the same on every such row (company, currency, journal, creator, flags...)
and gets the columns that vary computed here, the way Odoo computes them:

* ``sale_order`` / ``sale_order_line``: amounts (per line rounding), invoice_status,
  qty_invoiced / qty_to_invoice, untaxed amounts invoiced / to invoice; the taxes in
  ``account_tax_sale_order_line_rel``; names from the ``sale.order`` sequence;
* ``account_move`` (posted customer invoices): names ``INV/<year>/<n>`` continuing the journal's
  sequence, amounts (signed and unsigned), due date, ``payment_state`` and ``amount_residual``
  after the payments;
* ``account_move_line``: the product, tax and receivable lines ``sales._invoice_vals`` computes
  for the ORM path too, with debit/credit, price_subtotal/price_total, residual amounts,
  ``reconciled``, ``matching_number``, ``full_reconcile_id``; taxes and tax tags in their
  relation tables; the link to the order lines in ``sale_order_line_invoice_rel``;
* ``account_payment`` with its ``account_move`` (bank journal entry) and two lines, one
  ``account_full_reconcile`` per payment and one ``account_partial_reconcile`` per invoice it
  pays, as ``_reconcile_plan`` makes them for a payment that exactly pays its invoices.
"""

import datetime
from collections import defaultdict

from odoo.tools import SQL, float_round

from .bulk import Writer, copy_rows, next_ids
from .common import chunks


def _round(value):
    return float_round(value, precision_digits=2)


class Sequence:
    """Names of a journal's moves: ``<prefix with the year><number padded>``, per year."""

    def __init__(self, cr, journal_id, template_name, template_prefix, move_type_filter):
        self.cr = cr
        year = template_prefix.rstrip("/").rsplit("/", 1)[-1]
        self.head, self.tail = template_prefix.rsplit(year, 1)
        self.padding = len(template_name) - len(template_prefix)
        cr.execute(
            "SELECT sequence_prefix, MAX(sequence_number) FROM account_move "
            "WHERE journal_id = %s AND sequence_prefix IS NOT NULL "
            f"{move_type_filter} GROUP BY sequence_prefix",  # filter is a constant of ours
            [journal_id],
        )
        self.last = dict(cr.fetchall())

    def next(self, day):
        prefix = f"{self.head}{day.year}{self.tail}"
        number = self.last.get(prefix, 0) + 1
        self.last[prefix] = number
        return f"{prefix}{number:0{self.padding}d}", prefix, number


class SalesWriter:
    """Writes the events of ``sales.plan`` after the ORM batch, see the module docstring."""

    def __init__(self, run, templates, taxes, mapping, journal, receivable, bank):
        self.run = run
        self.env = run.env
        self.cr = cr = run.env.cr
        self.taxes = taxes
        self.mapping = mapping
        self.journal = journal
        self.receivable = receivable
        self.bank = bank
        self.t = templates
        self.products = run.products
        self.now = datetime.datetime.now().replace(microsecond=0)
        env = self.env
        self.tax_rate = {tax_id: info["amount"] for tax_id, info in taxes.info.items()}
        self.tax_group = {
            tax.id: tax.tax_group_id.id for tax in env["account.tax"].browse(list(self.tax_rate))
        }
        self.rep_tax = {
            rep.id: rep.tax_id.id
            for rep in env["account.tax.repartition.line"].search(
                [("tax_id", "in", list(self.tax_rate))]
            )
        }
        cr.execute(
            "SELECT name, sequence_prefix FROM account_move WHERE id = %s", [templates["invoice"]]
        )
        inv_name, inv_prefix = cr.fetchone()
        self.invoice_seq = Sequence(
            cr, journal.id, inv_name, inv_prefix, "AND move_type = 'out_invoice'"
        )
        cr.execute(
            "SELECT name, sequence_prefix, journal_id FROM account_move WHERE id = %s",
            [templates["payment_move"]],
        )
        pay_name, pay_prefix, pay_journal = cr.fetchone()
        self.payment_seq = Sequence(cr, pay_journal, pay_name, pay_prefix, "")
        cr.execute(
            "SELECT l.name, p.memo FROM account_move_line l JOIN account_payment p "
            "ON p.id = l.payment_id WHERE l.id = %s",
            [templates["pay_line_liquidity"]],
        )
        label, memo = cr.fetchone()
        self.payment_label = label[: len(label) - len(memo or "")]  # "Manual Payment: "
        self.order_sequence = env["ir.sequence"].search([("code", "=", "sale.order")], limit=1)
        self.order_number = self.order_sequence.number_next_actual
        self.partner_names = {
            partner.id: partner.display_name
            for partner in env["res.partner"].browse(
                sorted({profile["id"] for profile in run.customers})
            )
        }
        self.rank = defaultdict(int)  # customer_rank Odoo adds when posting (per move)
        self._writers()

    def _writers(self):
        cr, t = self.cr, self.t
        self.orders = Writer(
            cr,
            "sale_order",
            t["order"],
            [
                "id",
                "name",
                "partner_id",
                "partner_invoice_id",
                "partner_shipping_id",
                "user_id",
                "team_id",
                "date_order",
                "validity_date",
                "pricelist_id",
                "payment_term_id",
                "client_order_ref",
                "opportunity_id",
                "fiscal_position_id",
                "state",
                "amount_untaxed",
                "amount_tax",
                "amount_total",
                "invoice_status",
                "create_date",
                "write_date",
            ],
        )
        self.order_lines = Writer(
            cr,
            "sale_order_line",
            t["order_line"],
            [
                "id",
                "order_id",
                "name",
                "product_id",
                "product_uom_qty",
                "product_uom_id",
                "price_unit",
                "technical_price_unit",
                "price_subtotal",
                "price_tax",
                "price_total",
                "price_reduce_taxexcl",
                "price_reduce_taxinc",
                "qty_invoiced",
                "qty_to_invoice",
                "invoice_status",
                "untaxed_amount_invoiced",
                "untaxed_amount_to_invoice",
                "order_partner_id",
                "salesman_id",
                "state",
                "create_date",
                "write_date",
            ],
        )
        self.moves = Writer(
            cr,
            "account_move",
            t["invoice"],
            [
                "id",
                "name",
                "sequence_prefix",
                "sequence_number",
                "date",
                "invoice_date",
                "invoice_date_due",
                "partner_id",
                "commercial_partner_id",
                "partner_shipping_id",
                "fiscal_position_id",
                "invoice_payment_term_id",
                "invoice_user_id",
                "team_id",
                "invoice_origin",
                "ref",
                "payment_reference",
                "amount_untaxed",
                "amount_tax",
                "amount_total",
                "amount_residual",
                "amount_untaxed_signed",
                "amount_untaxed_in_currency_signed",
                "amount_tax_signed",
                "amount_total_signed",
                "amount_total_in_currency_signed",
                "amount_residual_signed",
                "payment_state",
                "is_manually_modified",
                "invoice_partner_display_name",
                "create_date",
                "write_date",
            ],
        )
        line_names = [
            "id",
            "move_id",
            "move_name",
            "date",
            "invoice_date",
            "partner_id",
            "account_id",
            "name",
            "display_type",
            "product_id",
            "product_uom_id",
            "quantity",
            "price_unit",
            "discount",
            "balance",
            "debit",
            "credit",
            "amount_currency",
            "price_subtotal",
            "price_total",
            "tax_base_amount",
            "tax_line_id",
            "tax_group_id",
            "tax_repartition_line_id",
            "date_maturity",
            "amount_residual",
            "amount_residual_currency",
            "reconciled",
            "full_reconcile_id",
            "matching_number",
            "ref",
            "create_date",
            "write_date",
        ]
        self.line_writers = {
            kind: Writer(cr, "account_move_line", t[f"line_{kind}"], line_names)
            for kind in ("product", "tax", "payment_term")
            if t.get(f"line_{kind}")
        }
        self.pay_moves = Writer(
            cr,
            "account_move",
            t["payment_move"],
            [
                "id",
                "name",
                "sequence_prefix",
                "sequence_number",
                "date",
                "partner_id",
                "commercial_partner_id",
                "fiscal_position_id",
                "invoice_partner_display_name",
                "ref",
                "amount_total",
                "amount_total_signed",
                "amount_total_in_currency_signed",
                "origin_payment_id",
                "create_date",
                "write_date",
            ],
        )
        pay_line_names = [
            "id",
            "move_id",
            "move_name",
            "date",
            "partner_id",
            "name",
            "balance",
            "debit",
            "credit",
            "amount_currency",
            "price_subtotal",
            "price_total",
            "amount_residual",
            "amount_residual_currency",
            "reconciled",
            "full_reconcile_id",
            "matching_number",
            "date_maturity",
            "ref",
            "payment_id",
            "create_date",
            "write_date",
        ]
        self.pay_lines = {
            kind: Writer(cr, "account_move_line", t[f"pay_line_{kind}"], pay_line_names)
            for kind in ("liquidity", "counterpart")
        }
        self.payments = Writer(
            cr,
            "account_payment",
            t["payment"],
            [
                "id",
                "name",
                "move_id",
                "date",
                "partner_id",
                "amount",
                "amount_company_currency_signed",
                "memo",
                "create_date",
                "write_date",
            ],
            nulls=("move_id",),
        )
        self.partials = Writer(
            cr,
            "account_partial_reconcile",
            t["partial"],
            [
                "id",
                "debit_move_id",
                "credit_move_id",
                "full_reconcile_id",
                "amount",
                "debit_amount_currency",
                "credit_amount_currency",
                "max_date",
                "create_date",
                "write_date",
            ],
        )
        self.fulls = Writer(cr, "account_full_reconcile", t["full"], ["id", "create_date"])
        self.rel = defaultdict(list)

    # -----------------------------------------------------------------------------------------

    def write_documents(self, batch, counts):
        """Orders and invoices of a batch of events; returns the invoices for the payments."""
        cr = self.cr
        so_events = [event for event in batch if not event["direct"]]
        order_ids = next_ids(cr, "sale_order", len(so_events))
        line_count = sum(len(event["lines"]) for event in so_events)
        line_ids = iter(next_ids(cr, "sale_order_line", line_count))
        invoiced = {id(event) for event in batch if event["invoice_date"]}
        for event, order_id in zip(so_events, order_ids, strict=True):
            event["order_id"] = order_id
            event["order_name"] = f"S{self.order_number:05d}"
            self.order_number += 1
            event["order_line_ids"] = [next(line_ids) for _line in event["lines"]]
            self._order(event, id(event) in invoiced)
            counts[f"orders:{event['state']}"] += 1
            counts["order lines"] += len(event["lines"])

        inv_events = sorted(
            (event for event in batch if event["invoice_date"]),
            key=lambda event: (event["invoice_date"], event["number"]),
        )
        move_ids = next_ids(cr, "account_move", len(inv_events))
        invoices = []  # (event, move id, name, total, [receivable line id])
        vals_list = []
        for event, move_id in zip(inv_events, move_ids, strict=True):
            vals = self._invoice_vals(event)
            vals_list.append((event, move_id, vals))
        aml_count = sum(len(vals["line_ids"]) for _e, _m, vals in vals_list)
        aml_ids = iter(next_ids(cr, "account_move_line", aml_count))
        for event, move_id, vals in vals_list:
            invoices.append(self._invoice(event, move_id, vals, aml_ids))
            counts["invoice lines"] += len(event["lines"])
        counts["invoices"] += len(inv_events)
        self._flush_documents()
        return invoices

    def _order(self, event, invoiced):
        profile = event["customer"]
        state = event["state"]
        when = event["datetime"]
        untaxed = 0.0
        raw_tax = defaultdict(float)  # tax id -> unrounded tax of the order
        position = profile["fiscal_position_id"]
        for (index, quantity, price), line_id in zip(
            event["lines"], event["order_line_ids"], strict=True
        ):
            product = self.products[index]
            tax_ids = self.mapping.get(position, index)[0]
            subtotal = _round(quantity * price)
            line_tax = sum(_round(subtotal * self.tax_rate[tax_id] / 100) for tax_id in tax_ids)
            untaxed += subtotal
            for tax_id in tax_ids:
                raw_tax[tax_id] += subtotal * self.tax_rate[tax_id] / 100
            sale = state == "sale"
            qty_invoiced = quantity if invoiced else 0.0
            self.order_lines.add(
                line_id,
                event["order_id"],
                product["display_name"],
                product["id"],
                quantity,
                product["uom_id"],
                price,
                price,
                subtotal,
                line_tax,
                _round(subtotal + line_tax),
                subtotal / quantity,
                (subtotal + line_tax) / quantity,
                qty_invoiced,
                quantity - qty_invoiced if sale else 0.0,
                ("invoiced" if invoiced else "to invoice") if sale else "no",
                subtotal if invoiced else 0.0,
                subtotal if sale and not invoiced else 0.0,
                profile["id"],
                profile["user_id"] or None,
                state,
                when,
                when,
            )
            for tax_id in tax_ids:
                self.rel["account_tax_sale_order_line_rel"].append((line_id, tax_id))
        # The order's tax (tax totals summary) rounds the sum per tax, not each line's.
        tax = sum(_round(amount) for amount in raw_tax.values())
        invoice_status = ("invoiced" if invoiced else "to invoice") if state == "sale" else "no"
        self.orders.add(
            event["order_id"],
            event["order_name"],
            profile["id"],
            profile["id"],
            profile["id"],
            profile["user_id"] or None,
            profile["team_id"] or None,
            when,
            event["date"] + datetime.timedelta(days=30),
            profile["pricelist_id"] or None,
            profile["term_id"] or None,
            event["client_ref"] or None,
            event["opportunity_id"] or None,
            position or None,
            state,
            _round(untaxed),
            _round(tax),
            _round(untaxed + tax),
            invoice_status,
            when,
            when,
        )

    def _invoice_vals(self, event):
        from .sales import _invoice_vals

        return _invoice_vals(
            event, self.products, self.mapping, self.taxes, self.journal, self.receivable
        )

    def _invoice(self, event, move_id, vals, aml_ids):
        """Write an invoice, unpaid (``write_payments`` updates the paid ones)."""
        profile = event["customer"]
        day = event["invoice_date"]
        when = event["invoice_datetime"]
        name, prefix, number = self.invoice_seq.next(day)
        total = untaxed = 0.0
        term_line_id = due = None
        for command in vals["line_ids"]:
            line = command[2]
            line_id = next(aml_ids)
            kind = line["display_type"]
            balance = line["balance"]
            tax_ids = line.get("tax_ids", [(0, 0, [])])[0][2]
            tags = line.get("tax_tag_ids", [(0, 0, [])])[0][2]
            for tax_id in tax_ids:
                self.rel["account_move_line_account_tax_rel"].append((line_id, tax_id))
            for tag in tags:
                self.rel["account_account_tag_account_move_line_rel"].append((line_id, tag))
            for command_link in line.get("sale_line_ids", ()):
                self.rel["sale_order_line_invoice_rel"].append((line_id, command_link[1]))
            subtotal = price_total = None
            tax_line_id = tax_group_id = None
            residual = 0.0
            if kind == "product":
                subtotal = -balance
                untaxed += subtotal
                line_tax = sum(_round(subtotal * self.tax_rate[tax_id] / 100) for tax_id in tax_ids)
                price_total = _round(subtotal + line_tax)
            elif kind == "tax":
                tax_line_id = self.rep_tax[line["tax_repartition_line_id"]]
                tax_group_id = self.tax_group[tax_line_id]
            else:
                total = residual = balance
                term_line_id = line_id
                due = line["date_maturity"]
            self.line_writers[kind].add(
                line_id,
                move_id,
                name,
                day,
                day,
                profile["id"],
                line["account_id"],
                name if kind == "payment_term" else line["name"] or None,
                kind,
                line.get("product_id") or None,
                line.get("product_uom_id") or None,
                line.get("quantity", 1.0 if kind == "product" else 0.0),
                line.get("price_unit", 0.0),
                0.0,
                balance,
                max(balance, 0.0),
                max(-balance, 0.0),
                line["amount_currency"],
                subtotal,
                price_total,
                line.get("tax_base_amount", 0.0),
                tax_line_id,
                tax_group_id,
                line.get("tax_repartition_line_id") or None,
                line.get("date_maturity") or None,
                residual,
                residual,
                False,
                None,
                None,
                event["client_ref"] or None,
                when,
                when,
            )
        self.rank[profile["id"]] += 1
        untaxed = _round(untaxed)
        tax = _round(total - untaxed)
        self.moves.add(
            move_id,
            name,
            prefix,
            number,
            day,
            day,
            due,
            profile["id"],
            profile["id"],
            profile["id"],
            profile["fiscal_position_id"] or None,
            profile["term_id"] or None,
            profile["user_id"] or None,
            profile["team_id"] or None,
            event.get("order_name") or None,
            event["client_ref"] or None,
            name,
            untaxed,
            tax,
            total,
            total,
            untaxed,
            untaxed,
            tax,
            total,
            total,
            total,
            "not_paid",
            False,
            self.partner_names[profile["id"]],
            when,
            when,
        )
        return (event, move_id, name, total, [term_line_id])

    def _flush_documents(self):
        self.orders.flush()
        self.order_lines.flush()
        self.moves.flush()
        for writer in self.line_writers.values():
            writer.flush()
        self._flush_rel()

    def _flush_rel(self):
        relations = {
            "account_tax_sale_order_line_rel": ("sale_order_line_id", "account_tax_id"),
            "account_move_line_account_tax_rel": ("account_move_line_id", "account_tax_id"),
            "account_account_tag_account_move_line_rel": (
                "account_move_line_id",
                "account_account_tag_id",
            ),
            "sale_order_line_invoice_rel": ("invoice_line_id", "order_line_id"),
        }
        for table, rows in self.rel.items():
            copy_rows(self.cr, table, relations[table], rows)
        self.rel.clear()

    # -----------------------------------------------------------------------------------------

    def write_payments(self, planned, rng, counts):
        """Payments of ``planned`` [((day, customer index), [invoice tuples])], each paying
        its invoices exactly, reconciled like ``_reconcile_plan`` does."""
        cr = self.cr
        count = len(planned)
        payment_ids = next_ids(cr, "account_payment", count)
        move_ids = next_ids(cr, "account_move", count)
        full_ids = next_ids(cr, "account_full_reconcile", count)
        line_ids = iter(next_ids(cr, "account_move_line", 2 * count))
        partial_ids = iter(
            next_ids(cr, "account_partial_reconcile", sum(len(items) for _k, items in planned))
        )
        settled = []  # (invoice move id, receivable line id, full reconcile id)
        moments = []
        for ((day, _index), items), payment_id, move_id, full_id in zip(
            planned, payment_ids, move_ids, full_ids, strict=True
        ):
            profile = items[0][0]["customer"]
            amount = _round(sum(item[3] for item in items))
            memo = " ".join(item[2] for item in items)[:200]
            moment = self.run.at(day, rng)
            moments.append((move_id, payment_id, moment))
            name, prefix, number = self.payment_seq.next(day)
            liquidity_id, counterpart_id = next(line_ids), next(line_ids)
            self.pay_moves.add(
                move_id, name, prefix, number, day, profile["id"], profile["id"],
                profile["fiscal_position_id"] or None, self.partner_names[profile["id"]], memo,
                amount, amount, amount, payment_id, moment, moment,
            )  # fmt: skip
            self.payments.add(
                payment_id, name, move_id, day, profile["id"], amount, amount, memo,
                moment, moment,
            )  # fmt: skip
            for kind, line_id, balance, residual in (
                ("liquidity", liquidity_id, amount, amount),
                ("counterpart", counterpart_id, -amount, 0.0),
            ):
                reconciled = kind == "counterpart"
                self.pay_lines[kind].add(
                    line_id,
                    move_id,
                    name,
                    day,
                    profile["id"],
                    f"{self.payment_label}{memo}",
                    balance,
                    max(balance, 0.0),
                    max(-balance, 0.0),
                    balance,
                    balance,
                    balance,
                    residual,
                    residual,
                    reconciled,
                    full_id if reconciled else None,
                    str(full_id) if reconciled else None,
                    day,
                    memo,
                    payment_id,
                    moment,
                    moment,
                )
            self.fulls.add(full_id, moment)
            for event, invoice_id, _name, total, term_line_ids in items:
                for term_line_id in term_line_ids:
                    self.partials.add(
                        next(partial_ids),
                        term_line_id,
                        counterpart_id,
                        full_id,
                        total,
                        total,
                        total,
                        max(day, event["invoice_date"]),
                        moment,
                        moment,
                    )
                    settled.append((invoice_id, term_line_id, full_id))
            counts["invoices paid"] += len(items)
            counts["payments"] += 1
            self.rank[profile["id"]] += 1
        # Payments and their moves point to each other: the payments first, without move.
        self.fulls.flush()
        self.payments.flush()
        self.pay_moves.flush()
        cr.execute(
            SQL(
                "UPDATE account_payment p SET move_id = v.move_id FROM %s v WHERE p.id = v.id",
                SQL.identifier(self.payments.tmp),
            )
        )
        for writer in self.pay_lines.values():
            writer.flush()
        self.partials.flush()
        self._flush_rel()
        if settled:
            values = SQL(", ").join(SQL("(%s, %s, %s)", *row) for row in settled)
            cr.execute(
                SQL(
                    "UPDATE account_move_line l SET amount_residual = 0, "
                    "amount_residual_currency = 0, reconciled = TRUE, full_reconcile_id = v.f, "
                    "matching_number = v.f::text FROM (VALUES %s) AS v(m, l, f) WHERE l.id = v.l",
                    values,
                )
            )
            cr.execute(
                SQL(
                    "UPDATE account_move m SET amount_residual = 0, amount_residual_signed = 0, "
                    "payment_state = %s, is_manually_modified = TRUE "
                    "FROM (VALUES %s) AS v(m, l, f) WHERE m.id = v.m",
                    self.t["paid_state"],
                    values,
                )
            )

    def finish(self):
        """Move the sale order sequence past the names given here."""
        self.order_sequence.sudo().write({"number_next": self.order_number})
        # Posting an invoice or a payment adds 1 to the customer's rank (account.move._post).
        for chunk in chunks(sorted(self.rank.items()), 5000):
            self.cr.execute(
                SQL(
                    "UPDATE res_partner p SET customer_rank = p.customer_rank + v.n "
                    "FROM (VALUES %s) AS v(id, n) WHERE p.id = v.id",
                    SQL(", ").join(SQL("(%s, %s)", *item) for item in chunk),
                )
            )
