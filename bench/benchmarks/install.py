"""Installing the four addons into a fresh database, against installing only their Odoo
dependencies: what the suite adds to native Odoo's install time and memory."""

from ..odoo import SUITE, drop_database, missing_modules, native_dependencies, run_odoo
from ..registry import Benchmark, BenchmarkError, Context, register


def _install(ctx: Context, database: str, modules: tuple[str, ...]) -> dict[str, float]:
    drop_database(database)
    try:
        run = run_odoo(
            "-d", database, "-i", ",".join(modules), "--without-demo", "--stop-after-init",
            "--no-http", "--log-level=warn", data_dir=ctx.tmp,
        )  # fmt: skip
        missing = missing_modules(database, modules)
        if missing:
            raise BenchmarkError(f"not installed in {database}: {', '.join(missing)}")
    finally:
        drop_database(database)
    return {"wall_s": run.wall_s, "cpu_s": run.cpu_s, "max_rss_mb": run.max_rss_mb}


@register
class Install(Benchmark):
    name = "install"
    description = "odoo-bin -i into a fresh database, no demo data: wall time, CPU time, peak RSS"
    compares_to = "native Odoo: the same install of only the suite's Odoo dependencies"
    units = {"wall_s": "s", "cpu_s": "s", "max_rss_mb": "MB"}
    # The suite may add at most a quarter to native Odoo's install time and memory. CPU time is
    # the steadier figure when other processes share the machine.
    targets = {"wall_s": 1.25, "cpu_s": 1.25, "max_rss_mb": 1.25}
    repeat = 1  # each install takes one to two minutes

    def run_ours(self, ctx: Context) -> dict[str, float]:
        return _install(ctx, "bench_install_suite", SUITE)

    def run_baseline(self, ctx: Context) -> dict[str, float]:
        return _install(ctx, "bench_install_native", native_dependencies())
