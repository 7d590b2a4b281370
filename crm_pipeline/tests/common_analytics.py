import itertools
import math
import statistics
from collections import defaultdict
from datetime import date, timedelta

from odoo import Command

from .common import CrmPipelineCase

TODAY = date(2026, 6, 30)
HORIZON = 365  # crm_pipeline.ltv_horizon_days, default
TOLERANCE = 0.2  # crm_pipeline.reorder_tolerance_percent, default 20
MIN_PURCHASES = 3  # crm_pipeline.reorder_min_purchases, default

# The RFM grid, written out cell by cell: rows are the recency score (5 = most recent), columns
# the combined frequency-monetary score 1..5.
RFM_GRID = {
    5: ["new", "potential_loyalist", "potential_loyalist", "champions", "champions"],
    4: ["new", "potential_loyalist", "potential_loyalist", "champions", "champions"],
    3: ["hibernating", "potential_loyalist", "potential_loyalist", "loyal", "loyal"],
    2: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"],
    1: ["lost", "lost", "at_risk", "at_risk", "cant_lose"],
}


def days_ago(days):
    return TODAY - timedelta(days=days)


def ntile(ordered_keys, buckets=5):
    """PostgreSQL's NTILE: the first len % buckets groups have one row more."""
    size, extra = divmod(len(ordered_keys), buckets)
    result, index = {}, 0
    for bucket in range(1, buckets + 1):
        for _ in range(size + (1 if bucket <= extra else 0)):
            result[ordered_keys[index]] = bucket
            index += 1
    return result


class AnalyticsCase(CrmPipelineCase):
    """Customers with invoice histories written as plain data; ``expected()`` recomputes every
    figure from that data in plain Python, independently of the refresh SQL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.widget = cls.env["product.product"].create(
            {"name": "Widget", "list_price": 100.0, "standard_price": 60.0, "type": "consu"}
        )
        cls.gadget = cls.env["product.product"].create(
            {"name": "Gadget", "list_price": 50.0, "standard_price": 20.0, "type": "consu"}
        )
        cls.history = {}  # partner -> [(age in days, move type, [(product, qty, price, disc)])]
        cls.alpha = cls._customer_with_history(
            "Alpha LLC",
            cls.rep,
            # Every 30 days for 11 months, last 10 days ago: one Widget at list price each time.
            [(10 + 30 * i, "out_invoice", [(cls.widget, 1, 100.0, 0)]) for i in range(12)],
        )
        cls.beta = cls._customer_with_history(
            "Beta LLC",
            cls.rep,
            [(age, "out_invoice", [(cls.widget, 1, 100.0, 0)]) for age in (180, 150, 120, 90)],
        )
        cls.gamma = cls._customer_with_history(
            "Gamma LLC",
            cls.other_rep,
            [
                (age, "out_invoice", [(cls.gadget, 10, 45.0, 10), (None, 1, 30.0, 0)])
                for age in (400, 300, 200)
            ],
        )
        cls.delta = cls._customer_with_history(
            "Delta LLC",
            cls.teammate,
            [
                (5, "out_invoice", [(cls.widget, 2, 90.0, 0)]),
                (3, "out_refund", [(cls.widget, 1, 90.0, 0)]),
            ],
            team_id=cls.team.id,
        )
        cls.epsilon = cls._customer_with_history(
            "Epsilon LLC",
            cls.other_rep,
            [(age, "out_invoice", [(cls.gadget, 5, 50.0, 0)]) for age in range(700, 150, -100)],
        )
        cls.zeta = cls._customer_with_history(
            "Zeta LLC",
            cls.env["res.users"],
            [(age, "out_invoice", [(cls.widget, 1, 120.0, 0)]) for age in (60, 30)],
        )
        cls.eta = cls._customer_with_history(
            "Eta LLC", cls.other_rep, [(800, "out_invoice", [(cls.widget, 20, 100.0, 5)])]
        )
        cls.draft_only = cls._create_customer("Draft Only LLC", cls.rep)
        cls._invoice(cls.draft_only, 5, [(cls.widget, 1, 100.0, 0)], post=False)
        cls.env["crm.customer.analytics"]._refresh()

    @classmethod
    def _customer_with_history(cls, name, user, history, **values):
        partner = cls._create_customer(name, user, **values)
        cls.history[partner] = history
        for age, move_type, lines in history:
            cls._invoice(partner, age, lines, move_type=move_type)
        return partner

    @classmethod
    def _invoice(cls, partner, age, lines, move_type="out_invoice", post=True):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": days_ago(age),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id if product else False,
                            "name": product.name if product else "Service",
                            "quantity": qty,
                            "price_unit": price,
                            "discount": disc,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, qty, price, disc in lines
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def expected(cls):
        """Every figure of every customer with invoices, in plain Python from ``history``."""
        rows = {}
        for partner, history in cls.history.items():
            invoices = [age for age, kind, _lines in history if kind == "out_invoice"]
            if not invoices:
                continue
            row = {
                "invoice_count": len(invoices),
                "refund_count": len(history) - len(invoices),
                "first": days_ago(max(invoices)),
                "last": days_ago(min(invoices)),
                "revenue": 0.0,
                "cost": 0.0,
                "discount_line": 0.0,
                "discount_list": 0.0,
            }
            for _age, kind, lines in history:
                sign = -1 if kind == "out_refund" else 1
                for product, qty, price, disc in lines:
                    row["revenue"] += sign * round(qty * price * (1 - disc / 100), 2)
                    row["discount_line"] += sign * qty * price * disc / 100
                    if product:
                        row["cost"] += sign * qty * product.standard_price
                        row["discount_list"] += sign * qty * max(product.list_price - price, 0)
            row["margin"] = row["revenue"] - row["cost"]
            count, span = row["invoice_count"], (row["last"] - row["first"]).days
            interval = max(span / (count - 1), 1) if count > 1 else HORIZON
            recency = (TODAY - row["last"]).days
            alive = 1.0 if recency <= interval else math.exp(-(recency - interval) / interval)
            row.update(
                recency=recency,
                interval=interval,
                churn=100 * (1 - alive),
                ltv_predicted=row["margin"] / count * HORIZON / interval * alive,
            )
            rows[partner.id] = row
        ids = sorted(rows)
        recency = ntile(sorted(ids, key=lambda pid: (rows[pid]["last"], pid)))
        frequency = ntile(sorted(ids, key=lambda pid: (rows[pid]["invoice_count"], pid)))
        monetary = ntile(sorted(ids, key=lambda pid: (rows[pid]["revenue"], pid)))
        for pid in ids:
            r, f, m = recency[pid], frequency[pid], monetary[pid]
            fm = math.floor((f + m) / 2 + 0.5)
            rows[pid].update(r=r, f=f, m=m, segment=RFM_GRID[r][fm - 1])
        for measure in ("revenue", "margin"):
            total = sum(rows[pid][measure] for pid in ids)
            ranked = sorted(ids, key=lambda pid, m=measure: (-rows[pid][m], pid))
            cumulative = 0.0
            for rank, pid in enumerate(ranked, start=1):
                before = cumulative
                cumulative += rows[pid][measure]
                abc = "a" if before < 0.8 * total else "b" if before < 0.95 * total else "c"
                rows[pid].update(
                    {
                        f"abc_{measure}": abc,
                        f"{measure}_rank": rank,
                        f"{measure}_rank_pct": math.ceil(100 * rank / len(ids)),
                        f"{measure}_cum_share": 100 * cumulative / total,
                    }
                )
        return rows

    @classmethod
    def expected_reorder(cls):
        """(partner id, product id) -> cycle, for products bought on 3 distinct dates or more."""
        dates = defaultdict(set)
        amounts = defaultdict(float)
        for partner, history in cls.history.items():
            for age, kind, lines in history:
                for product, quantity, price, discount in lines:
                    if product and kind == "out_invoice":
                        dates[partner.id, product.id].add(days_ago(age))
                        amounts[partner.id, product.id] += quantity * price * (1 - discount / 100)
        cycles = {}
        for key, purchase_dates in dates.items():
            ordered = sorted(purchase_dates)
            if len(ordered) < MIN_PURCHASES:
                continue
            gaps = [(b - a).days for a, b in itertools.pairwise(ordered)]
            median = statistics.median(gaps)
            cycles[key] = {
                "purchase_count": len(ordered),
                "last_date": ordered[-1],
                "median": median,
                "average": sum(gaps) / len(gaps),
                "avg_amount": amounts[key] / len(ordered),
                "next": ordered[-1] + timedelta(days=math.floor(median + 0.5)),
                "overdue": (TODAY - ordered[-1]).days > median * (1 + TOLERANCE),
            }
        return cycles
