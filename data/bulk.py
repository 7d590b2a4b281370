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
import zlib

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


def fast_inserts(cr):
    """Skip the foreign key triggers of the following inserts when the database user may
    (superuser): the ids written all come from rows just written or read. Every small run
    of the generator, with the foreign keys checked, and ``data.check`` back this up."""
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cr.fetchone()[0]:
        cr.execute("SET session_replication_role = replica")
        return True
    return False


def checked_inserts(cr):
    cr.execute("SET session_replication_role = DEFAULT")


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
        self.tmp = f"_bulk_{table}_{zlib.crc32(' '.join(self.names).encode())}"

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


def create_like_orm(env, model, vals_list, template_id, skip_foreign_keys=False):
    """Insert records of ``model`` from ORM-style ``vals_list`` (plain fields, many2one ids,
    company-dependent fields) copying the other columns from the template record, then let the
    ORM recompute every stored field that depends on the given ones (``modified`` + flush), as
    it would after ``create``. Returns the new records."""
    env.flush_all()  # the template row must be complete
    Model = env[model]
    names = sorted({key for vals in vals_list for key in vals})
    fields = [Model._fields[name] for name in names]
    company = str(env.company.id)
    # A company-dependent value equal to the default is not stored (NULL), as the ORM does.
    fallback = {}
    for field in fields:
        if field.company_dependent:
            default = field.get_company_dependent_fallback(Model)
            fallback[field.name] = default.id if hasattr(default, "_name") else default
    ids = next_ids(env.cr, Model._table, len(vals_list))
    writer = Writer(env.cr, Model._table, template_id, ["id", *names, "create_date", "write_date"])
    now = env.cr.now()
    for record_id, vals in zip(ids, vals_list, strict=True):
        row = [record_id]
        for field in fields:
            value = vals.get(field.name)
            if field.company_dependent:
                value = {company: value} if value and value != fallback[field.name] else None
            elif field.type != "boolean" and value is False:
                value = None
            row.append(value)
        writer.add(*row, now, now)
    fast = skip_foreign_keys and fast_inserts(env.cr)
    writer.flush()
    if fast:
        checked_inserts(env.cr)
    records = Model.browse(ids)
    records.modified(names)
    env.flush_all()
    return records
