"""Shared helpers of the generator: scales, the run context, batching, back-dating."""

import dataclasses
import datetime
import random
import time

from odoo.tools import SQL

# Marks a database as filled by the generator (value: "<scale>:<seed>:<today>").
MARKER_PARAM = "crm_suite.generated_scale"

# Context of every ORM call of the generator: no chatter noise, no mails, no tracking (the
# stage history of leads is written explicitly, with historical dates, see crm.py).
QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
    "no_reset_password": True,
    "sale_no_log_for_new_lines": True,
    "mail_activity_quick_update": True,
    "lang": "en_US",
}


@dataclasses.dataclass(frozen=True)
class Scale:
    customers: int
    # Targeted invoice lines (product lines of posted customer invoices) per customer over the
    # three years; the Pareto draw makes the real count vary a little around it.
    invoice_lines_per_customer: float
    salesmen: int
    managers: int
    team_split: str  # "region" (3 teams), "country" (6), "country_segment" (12)
    products: int
    prospects: int  # leads/opportunities of companies that are not customers
    batch: int  # records per create() call / commit for the big models


SCALES = {
    "small": Scale(200, 15, 6, 2, "region", 60, 220, 400),
    "medium": Scale(5000, 20, 24, 4, "country", 400, 5000, 1000),
    "large": Scale(50000, 20, 110, 12, "country_segment", 2000, 40000, 2000),
}

YEARS_OF_HISTORY = 3


class GeneratorError(Exception):
    """A condition that stops the generator before it writes anything."""


class Run:
    """State shared by the parts of one generator run."""

    def __init__(self, env, scale, seed, today, progress, commit):
        self.env = env
        self.scale_name = scale
        self.scale = SCALES[scale]
        self.seed = seed
        self.today = today
        self.start = today.replace(year=today.year - YEARS_OF_HISTORY)
        self.progress = progress or (lambda _line: None)
        self.commit = commit or (lambda: None)
        self.started = time.monotonic()
        self.company = env.company
        self.counts = {}
        self.skip_foreign_keys = False

    def rng(self, part):
        """An independent random stream per part: changing one part keeps the others stable."""
        return random.Random(f"{self.seed}:{part}")

    def elapsed(self):
        return time.monotonic() - self.started

    def report(self, what, done, total):
        self.progress(f"[{self.elapsed():8.1f}s] {what}: {done}/{total}")

    def batches(self, items, what, size=None):
        """Yield slices of ``items``; after each slice, flush, commit and report progress."""
        size = size or self.scale.batch
        total = len(items)
        for begin in range(0, total, size):
            yield items[begin : begin + size]
            self.env.flush_all()
            self.commit()
            self.report(what, min(begin + size, total), total)
        if not total:
            self.report(what, 0, 0)

    def at(self, day, rng, hour_from=8, hour_to=19):
        """A datetime (naive UTC, as Odoo stores them) during office hours of ``day``."""
        seconds = rng.randrange(hour_from * 3600, hour_to * 3600)
        return datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=seconds)


def chunks(items, size):
    for begin in range(0, len(items), size):
        yield items[begin : begin + size]


def backdate(env, model, pairs):
    """Set ``create_date`` of records of ``model`` to historical datetimes.

    The ORM never lets a caller write the log-access columns (create_date is always "now"), so
    this one column is updated in SQL; the stored fields that depend on it are then marked
    modified and recomputed by the ORM. ``pairs`` is an iterable of (record id, datetime).
    """
    pairs = list(pairs)
    if not pairs:
        return
    records = env[model].browse([record_id for record_id, _date in pairs])
    records.flush_recordset()
    for chunk in chunks(pairs, 5000):
        values = SQL(", ").join(SQL("(%s, %s::timestamp)", rid, date) for rid, date in chunk)
        env.cr.execute(
            SQL(
                "UPDATE %s AS t SET create_date = v.date FROM (VALUES %s) AS v(id, date) "
                "WHERE t.id = v.id",
                SQL.identifier(env[model]._table),
                values,
            )
        )
    records.invalidate_recordset(["create_date"])
    records.modified(["create_date"])
    records.flush_recordset()


def business_day(day, forward=True):
    """Move a Saturday/Sunday to the next Monday (or the previous Friday)."""
    weekday = day.weekday()
    if weekday < 5:
        return day
    if forward:
        return day + datetime.timedelta(days=7 - weekday)
    return day - datetime.timedelta(days=weekday - 4)
