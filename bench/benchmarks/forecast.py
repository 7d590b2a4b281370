"""The sales forecast report (crm.forecast.report) read by month, against a bare read_group of
expected revenue by month of expected closing on crm.lead: what the forecast's layers (category
split, repeat customers, adjustments) and its record rules add to the plainest pipeline figure."""

import atexit
import json
import subprocess

from ..odoo import ROOT, _execute, drop_database, scale_database
from ..registry import Benchmark, BenchmarkError, Context, register

DATABASE = "bench_forecast"
# opportunities in the benchmark's database: the scale's own, multiplied up to this many
OPPORTUNITIES = {"small": 20_000, "medium": 100_000, "large": 100_000}
RUNS = 7  # timed reads per side and sample, after one warm-up; the median is kept

SCRIPT = """
import json, statistics, time
env = env(user=env.ref("base.user_admin").id, context=dict(env.context, lang="en_US"))
def read():
    if {ours!r}:
        env["crm.forecast.report"]._read_group(
            [], ["date:month", "layer"], ["forecast_amount:sum", "weighted_revenue:sum"])
    else:
        env["crm.lead"]._read_group(
            [("type", "=", "opportunity")], ["date_deadline:month"], ["expected_revenue:sum"])
    env.invalidate_all()
read()
times = []
for _ in range({runs}):
    start = time.perf_counter()
    read()
    times.append(time.perf_counter() - start)
print("BENCH_RESULT " + json.dumps({{"read_ms": statistics.median(times) * 1000}}))
"""


def _prepare(scale: str) -> str:
    """bench_forecast: a copy of the scale's database whose opportunities are multiplied (copies
    of the open and won ones, spread over the months) up to OPPORTUNITIES[scale]."""
    source = scale_database(scale)
    target = OPPORTUNITIES[scale]
    drop_database(DATABASE)
    _execute("postgres", f'CREATE DATABASE "{DATABASE}" TEMPLATE "{source}"')
    (count,) = _execute(DATABASE, "SELECT COUNT(*) FROM crm_lead WHERE type = 'opportunity'")[0]
    columns = [
        name
        for (name,) in _execute(
            DATABASE,
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'crm_lead' AND column_name != 'id' ORDER BY ordinal_position",
        )
    ]
    listed = ", ".join(f'"{name}"' for name in columns)
    selected = ", ".join(
        "lead.date_deadline + MOD(n * 7, 365)" if name == "date_deadline" else f'lead."{name}"'
        for name in columns
    )
    if count and count < target:
        copies = -(-(target - count) // count)
        _execute(
            DATABASE,
            f"INSERT INTO crm_lead ({listed}) SELECT {selected} FROM crm_lead lead "
            f"CROSS JOIN generate_series(1, %s) AS n WHERE lead.type = 'opportunity'",
            (copies,),
        )
    _execute(DATABASE, "VACUUM ANALYZE")
    return DATABASE


def _read(ours: bool) -> dict[str, float]:
    command = [
        "bash", str(ROOT / "tools" / "odoo.sh"), "shell", "-d", DATABASE, "--no-http",
        "--log-level=warn",
    ]  # fmt: skip
    script = SCRIPT.format(ours=ours, runs=RUNS)
    process = subprocess.run(command, input=script, capture_output=True, text=True, check=False)
    for line in process.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.removeprefix("BENCH_RESULT "))
    tail = (process.stdout + process.stderr).splitlines()[-40:]
    raise BenchmarkError("the forecast read failed:\n" + "\n".join(tail))


@register
class ForecastReport(Benchmark):
    name = "forecast_report"
    description = (
        "crm.forecast.report read by month and layer as the head of sales, over the scale's "
        "opportunities multiplied to 20k (small) or 100k (medium, large): median of 7 reads"
    )
    compares_to = "a bare _read_group of expected revenue by month of expected closing on crm.lead"
    units = {"read_ms": "ms"}
    targets = {"read_ms": 2.0}
    repeat = 3

    def __init__(self):
        self._prepared = None

    def _database(self, ctx: Context) -> str:
        if self._prepared != ctx.scale:
            if self._prepared is None:
                atexit.register(drop_database, DATABASE)
            _prepare(ctx.scale)
            self._prepared = ctx.scale
        return DATABASE

    def run_ours(self, ctx: Context) -> dict[str, float]:
        self._database(ctx)
        return _read(ours=True)

    def run_baseline(self, ctx: Context) -> dict[str, float]:
        self._database(ctx)
        return _read(ours=False)
