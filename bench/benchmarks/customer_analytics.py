"""Full refresh of the customer analytics (RFM, ABC/Pareto, LTV, customer P&L, reorder cycles)
against a hand-written SQL lower bound computing the same figures without writing them."""

import json
import os
import subprocess
import time

import psycopg2

from ..odoo import ROOT, scale_database
from ..registry import Benchmark, BenchmarkError, Context, register

# Runs inside `odoo-bin shell`: one full refresh, timed, then rolled back so that the database is
# left as it was found.
REFRESH_SCRIPT = """
import json, time
env["crm.customer.analytics"]._refresh()
env.cr.rollback()
start = time.perf_counter()
env["crm.customer.analytics"]._refresh()
print("BENCH_RESULT " + json.dumps({"wall_s": time.perf_counter() - start}))
env.cr.rollback()
"""

# The same figures as crm.customer.analytics._refresh (with the forecast's expected reorders),
# read in plain SELECTs without temporary tables or writes; each is folded into one row of sums
# so that every column is computed and nothing is shipped to the client. Parameters: today,
# horizon, tolerance.
LOWER_BOUND = [
    """
    WITH moves AS (
        SELECT id, company_id, commercial_partner_id AS partner_id, move_type, invoice_date,
               CASE WHEN move_type = 'out_refund' THEN -1 ELSE 1 END AS sign,
               COALESCE(NULLIF(invoice_currency_rate, 0), 1) AS rate
          FROM account_move
         WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
           AND commercial_partner_id IS NOT NULL
    ), head AS (
        SELECT company_id, partner_id,
               COUNT(*) FILTER (WHERE move_type = 'out_invoice') AS invoice_count,
               MIN(invoice_date) FILTER (WHERE move_type = 'out_invoice') AS first_date,
               MAX(invoice_date) FILTER (WHERE move_type = 'out_invoice') AS last_date
          FROM moves GROUP BY company_id, partner_id
    ), line AS (
        SELECT m.company_id, m.partner_id, SUM(-l.balance) AS revenue,
               SUM(m.sign * l.quantity
                   * COALESCE((pp.standard_price ->> m.company_id::text)::numeric, 0)) AS cost,
               SUM(m.sign * l.quantity * l.price_unit * COALESCE(l.discount, 0) / 100 / m.rate)
                   AS discount_line,
               SUM(m.sign * l.quantity
                   * GREATEST(COALESCE(pt.list_price, 0) - l.price_unit / m.rate, 0))
                   AS discount_list
          FROM moves m
          JOIN account_move_line l ON l.move_id = m.id
     LEFT JOIN product_product pp ON pp.id = l.product_id
     LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE l.display_type = 'product'
      GROUP BY m.company_id, m.partner_id
    ), base AS (
        SELECT h.*, COALESCE(line.revenue, 0) AS revenue,
               COALESCE(line.revenue, 0) - COALESCE(line.cost, 0) AS margin,
               line.discount_line, line.discount_list
          FROM head h
     LEFT JOIN line USING (company_id, partner_id)
         WHERE h.invoice_count > 0
    ), ranked AS (
        SELECT base.*,
               NTILE(5) OVER (PARTITION BY company_id ORDER BY last_date, partner_id) AS r,
               NTILE(5) OVER (PARTITION BY company_id ORDER BY invoice_count, partner_id) AS f,
               NTILE(5) OVER (PARTITION BY company_id ORDER BY revenue, partner_id) AS m,
               SUM(revenue) OVER (PARTITION BY company_id ORDER BY revenue DESC, partner_id
                                  ROWS UNBOUNDED PRECEDING) AS revenue_cum,
               SUM(margin) OVER (PARTITION BY company_id ORDER BY margin DESC, partner_id
                                 ROWS UNBOUNDED PRECEDING) AS margin_cum,
               SUM(revenue) OVER (PARTITION BY company_id) AS revenue_total,
               SUM(margin) OVER (PARTITION BY company_id) AS margin_total,
               CASE WHEN invoice_count > 1
                    THEN GREATEST((last_date - first_date)::float / (invoice_count - 1), 1)
                    ELSE %(horizon)s::float END AS interval_days
          FROM base
    )
    SELECT COUNT(*), SUM(r * 100 + f * 10 + m), SUM(discount_line + discount_list),
           SUM(CASE WHEN revenue_cum - revenue < 0.8 * revenue_total THEN 1
                    WHEN revenue_cum - revenue < 0.95 * revenue_total THEN 2 ELSE 3 END),
           SUM(CASE WHEN margin_cum - margin < 0.8 * margin_total THEN 1
                    WHEN margin_cum - margin < 0.95 * margin_total THEN 2 ELSE 3 END),
           SUM(margin / invoice_count * (%(horizon)s / interval_days
               * CASE WHEN %(today)s::date - last_date <= interval_days THEN 1
                      ELSE EXP(-(%(today)s::date - last_date - interval_days) / interval_days)
                 END)::numeric)
      FROM ranked
    """,
    """
    WITH purchase AS (
        SELECT m.company_id, m.commercial_partner_id AS partner_id, l.product_id,
               m.invoice_date, SUM(-l.balance) AS amount
          FROM account_move m
          JOIN account_move_line l ON l.move_id = m.id
         WHERE m.state = 'posted' AND m.move_type = 'out_invoice'
           AND m.commercial_partner_id IS NOT NULL
           AND l.display_type = 'product' AND l.product_id IS NOT NULL
      GROUP BY 1, 2, 3, 4
    ), gap AS (
        SELECT company_id, partner_id, product_id, invoice_date, amount,
               invoice_date - LAG(invoice_date) OVER (
                   PARTITION BY company_id, partner_id, product_id ORDER BY invoice_date) AS days
          FROM purchase
    ), cycle AS (
        SELECT company_id, partner_id, product_id, COUNT(*) AS purchases,
               MAX(invoice_date) AS last_date, AVG(days) AS avg_days, AVG(amount) AS amount,
               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days) AS median_days
          FROM gap
      GROUP BY company_id, partner_id, product_id
        HAVING COUNT(*) >= 3
    ), flagged AS (
        SELECT cycle.*,
               %(today)s::date - last_date > median_days * (1 + %(tolerance)s) AS overdue,
               GREATEST(ROUND(median_days::numeric)::int, 1) AS step
          FROM cycle
    )
    -- the forecast's expected reorders: every usual interval from the next one to the horizon
    SELECT COUNT(*), SUM(avg_days), SUM(median_days), COUNT(*) FILTER (WHERE overdue),
           SUM(reorders.count * amount)
      FROM flagged
 LEFT JOIN LATERAL (
           SELECT COUNT(*) AS count
             FROM generate_series(
                      GREATEST(last_date + ROUND(median_days::numeric)::int,
                               %(today)s::date)::timestamp,
                      %(today)s::date + INTERVAL '1 year' - INTERVAL '1 day',
                      make_interval(days => step))
            WHERE NOT overdue
           ) reorders ON TRUE
    """,
]


def _database(ctx: Context) -> str:
    """CRM_BENCH_DB when set (a database already filled by `make data`), else crm_bench_<scale>."""
    return os.environ.get("CRM_BENCH_DB") or scale_database(ctx.scale)


@register
class CustomerAnalyticsRefresh(Benchmark):
    name = "customer_analytics"
    description = (
        "full refresh of crm.customer.analytics and crm.customer.reorder (RFM, ABC/Pareto, LTV, "
        "customer P&L, reorder cycles, the forecast's expected reorders), timed inside Odoo, "
        "written and rolled back"
    )
    compares_to = (
        "hand-written SQL lower bound: plain SELECTs computing the same figures without writing"
    )
    units = {"wall_s": "s"}
    targets = {"wall_s": 3.0}
    repeat = 3

    def run_ours(self, ctx: Context) -> dict[str, float]:
        command = [
            "bash",
            str(ROOT / "tools" / "odoo.sh"),
            "shell",
            "-d",
            _database(ctx),
            "--no-http",
            "--log-level=warn",
            f"--data-dir={ctx.tmp}",
        ]
        process = subprocess.run(
            command, input=REFRESH_SCRIPT, capture_output=True, text=True, check=False
        )
        for line in process.stdout.splitlines():
            if line.startswith("BENCH_RESULT "):
                return json.loads(line.split(" ", 1)[1])
        raise BenchmarkError(
            f"the refresh failed ({process.returncode}):\n{process.stderr[-3000:]}"
        )

    def run_baseline(self, ctx: Context) -> dict[str, float]:
        connection = psycopg2.connect(dbname=_database(ctx))
        try:
            with connection.cursor() as cursor:
                params = {"today": time.strftime("%Y-%m-%d"), "horizon": 365, "tolerance": 0.2}
                start = time.perf_counter()
                for query in LOWER_BOUND:
                    cursor.execute(query, params)
                    cursor.fetchall()
                wall = time.perf_counter() - start
        finally:
            connection.rollback()
            connection.close()
        return {"wall_s": wall}
