"""Running odoo-bin as a measured subprocess, and the databases benchmarks work on."""

import ast
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2

from .registry import BenchmarkError

ROOT = Path(__file__).resolve().parent.parent
# tools/common.sh exports the suite's addons; tools/run.sh sources it before starting us.
SUITE = tuple(os.environ["ADDONS"].split(",")) if "ADDONS" in os.environ else ()
LOG_TAIL = 40  # lines of Odoo's log shown when it fails


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float  # user + system time of odoo-bin (PostgreSQL's work is not counted)
    max_rss_mb: float


def native_dependencies() -> tuple[str, ...]:
    """The Odoo addons the suite's manifests depend on, without the suite's own."""
    depends = set()
    for addon in SUITE:
        manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())
        depends.update(manifest.get("depends", ()))
    return tuple(sorted(depends - set(SUITE)))


def run_odoo(*args: str, data_dir: Path) -> Run:
    """Runs tools/odoo.sh with ``args`` and measures it; raises BenchmarkError when it fails."""
    command = ["bash", str(ROOT / "tools" / "odoo.sh"), f"--data-dir={data_dir}", *args]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        # wait4 gives this child's own peak RSS; getrusage(RUSAGE_CHILDREN) would give the peak
        # of every child reaped so far, so the second of two installs could not be told apart.
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            log.seek(0)
            tail = log.read().decode(errors="replace").splitlines()[-LOG_TAIL:]
            raise BenchmarkError(
                f"odoo-bin {' '.join(args)} exited with {process.returncode}:\n" + "\n".join(tail)
            )
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _execute(dbname: str, query: str, params: tuple = ()) -> list[tuple]:
    connection = psycopg2.connect(dbname=dbname)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def drop_database(name: str) -> None:
    _execute("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def missing_modules(dbname: str, modules: tuple[str, ...]) -> list[str]:
    """Those of ``modules`` that are not installed in ``dbname``: Odoo logs a failed install and
    may still exit 0."""
    installed = _execute(
        dbname,
        "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)",
        (list(modules),),
    )
    return sorted(set(modules) - {name for (name,) in installed})


def scale_database(scale: str, seed: int = 1) -> str:
    """crm_bench_<scale>: the suite (no demo data) filled by the data generator at ``scale``.

    Built once, then reused by every run; drop it (dropdb crm_bench_<scale>) after changing the
    suite or the generator. A comment on the database marks it complete, so an interrupted build is
    redone rather than reused.
    """
    name = f"crm_bench_{scale}"
    done = f"suite + data.generate --scale {scale} --seed {seed}"
    comment = _execute(
        "postgres",
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        (name,),
    )
    if comment == [(done,)]:
        return name
    print(f"Building {name} (once; later runs reuse it)", file=sys.stderr, flush=True)
    subprocess.run(["bash", str(ROOT / "tools" / "install_db.sh"), name, "--fresh"], check=True)
    generate = ["-m", "data.generate", "--db", name, "--scale", scale, "--seed", str(seed)]
    subprocess.run([sys.executable, *generate], cwd=ROOT, check=True)
    _execute("postgres", f"COMMENT ON DATABASE \"{name}\" IS '{done}'")
    return name
