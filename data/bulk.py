"""Bulk SQL writing of rows "shaped like" rows the ORM wrote.

The history (orders, invoices, journal items, payments, reconciliations, lead stage messages) is
far too big for the ORM at the large scale. The generator therefore writes its first batch
through the ORM, keeps one row of each kind as a *template*, and writes the rest with COPY:

* every column the generator knows varies (ids, partners, dates, amounts, names, states...) is
  given per row;
* every other column -- company, currency, journal, create_uid, flags Odoo sets the same way on
  every such row -- is copied from the template row, so no column the ORM sets is forgotten.

``data.check`` then recomputes through the ORM the stored computed fields of a sample of the bulk
rows and compares them with what was written.
"""

import datetime
import json

from odoo.tools import SQL


def columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND table_schema = current_schema() ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def next_ids(cr, table, count):
    """Reserve ``count`` ids of ``table`` from its sequence."""
    if not count:
        return []
    cr.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cr.fetchall()]


def _text(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else str(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def copy_rows(cr, table, names, rows):
    """COPY ``rows`` (sequences of values in the order of ``names``) into ``table``."""
    if not rows:
        return
    import io

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_text(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cr._obj.copy_expert(
        f"COPY {table} ({', '.join(names)}) FROM STDIN",  # table/columns are ours, not input
        buffer,
    )


class Writer:
    """Writes rows into ``table``, copying the columns not given from a template row."""

    def __init__(self, cr, table, template_id, names, nulls=()):
        self.cr = cr
        self.nulls = set(nulls)  # given in the temporary table, inserted as NULL (set later)
        self.table = table
        self.template_id = template_id
        self.names = list(names)
        self.all = columns(cr, table)
        unknown = set(self.names) - set(self.all)
        if unknown:
            raise ValueError(f"{table} has no column(s) {sorted(unknown)}")
        self.rows = []
        self.tmp = f"_bulk_{table}_{len(self.names)}"

    def add(self, *values):
        self.rows.append(values)

    def flush(self):
        if not self.rows:
            return
        cr = self.cr
        tmp = self.tmp
        cr.execute(
            SQL(
                "CREATE TEMP TABLE IF NOT EXISTS %s AS SELECT %s FROM %s WITH NO DATA",
                SQL.identifier(tmp),
                SQL(", ").join(SQL.identifier(name) for name in self.names),
                SQL.identifier(self.table),
            )
        )
        cr.execute(SQL("TRUNCATE %s", SQL.identifier(tmp)))
        copy_rows(cr, tmp, self.names, self.rows)
        given = set(self.names)
        select = SQL(", ").join(
            SQL("NULL")
            if name in self.nulls
            else SQL("v.%s", SQL.identifier(name))
            if name in given
            else SQL("t.%s", SQL.identifier(name))
            for name in self.all
        )
        cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM %s v, %s t WHERE t.id = %s",
                SQL.identifier(self.table),
                SQL(", ").join(SQL.identifier(name) for name in self.all),
                select,
                SQL.identifier(tmp),
                SQL.identifier(self.table),
                self.template_id,
            )
        )
        self.rows = []


def copy_writer_flush(cr, table, names, rows):
    """Plain COPY for relation tables (every column given)."""
    copy_rows(cr, table, names, rows)
    rows.clear()
