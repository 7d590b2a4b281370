"""Deterministic demo / benchmark data for the CRM suite.

Command line (from the repository root, with the virtualenv's Python)::

    python -m data.generate --db NAME --scale small|medium|large --seed N

Library::

    from data.generate import generate
    summary = generate(env, scale="small", seed=1, progress=print, commit=None)

The database must already hold the standard modules (crm, sale_management, sale_crm, account,
contacts); everything is written through the ORM of that database. See data/README.md.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ODOO_PATH = "/opt/odoo19"
REQUIRED_MODULES = ("crm", "sale_management", "sale_crm", "account", "contacts")

NO_ODOO = """\
No Odoo 19.0 source tree at ODOO_PATH={path}.
The generator runs inside Odoo 19.0 Community, which this project never downloads: clone the
upstream repository's 19.0 branch yourself, e.g.

    git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git /opt/odoo19

or point ODOO_PATH at an existing 19.0 checkout, then run the command again."""


def generate(
    env,
    scale="small",
    seed=1,
    progress=print,
    commit=None,
    today=None,
    bulk=True,
    check_foreign_keys=True,
):
    """Fill the database of ``env`` with a deterministic B2B world; return the summary counts.

    :param env: an Odoo environment (its user needs no rights: the generator works as superuser)
    :param scale: "small", "medium" or "large"
    :param seed: the random seed; the same seed and ``today`` give the same data
    :param progress: callable receiving one progress line (str) at a time, or None
    :param commit: callable run after each batch (the CLI passes ``cr.commit``); leave it None
        inside a test transaction
    :param today: the last day of the three years of history (default: ``date.today()``)
    :param bulk: write the history in bulk with SQL after a first batch through the ORM (the
        default); False writes everything through the ORM (slow, for comparisons)
    :param check_foreign_keys: False skips PostgreSQL's foreign key triggers during the bulk
        inserts when the database user is a superuser (the CLI's default, for speed)
    :raises GeneratorError: when the database already holds generated data, or misses a module
    """
    from . import catalog, crm, partners, sales
    from .common import MARKER_PARAM, QUIET_CONTEXT, SCALES, GeneratorError, Run

    if scale not in SCALES:
        raise GeneratorError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    env = env(su=True, context=dict(env.context, **QUIET_CONTEXT))
    marker = env["ir.config_parameter"].get_param(MARKER_PARAM)
    if marker:
        raise GeneratorError(
            f"Database {env.cr.dbname!r} already holds generated data ({MARKER_PARAM} = "
            f"{marker!r}); generate into a fresh database instead."
        )
    installed = set(
        env["ir.module.module"]
        .search([("name", "in", REQUIRED_MODULES), ("state", "=", "installed")])
        .mapped("name")
    )
    missing = sorted(set(REQUIRED_MODULES) - installed)
    if missing:
        raise GeneratorError(
            f"Database {env.cr.dbname!r} lacks the module(s) {', '.join(missing)}; install them "
            "first (odoo-bin -i ...)."
        )
    if not env.company.chart_template:
        raise GeneratorError(
            f"The company of {env.cr.dbname!r} has no chart of accounts; install one first."
        )

    today = today or datetime.date.today()
    run = Run(env, scale, seed, today, progress, commit)
    run.skip_foreign_keys = not check_foreign_keys
    run.progress(
        f"Generating scale={scale} seed={seed} history {run.start} .. {today} "
        f"into {env.cr.dbname!r}"
    )
    env["ir.config_parameter"].set_param(MARKER_PARAM, f"{scale}:{seed}:{today}:running")
    timings = {}

    def phase(name, function, *args):
        started = run.elapsed()
        result = function(*args)
        env.flush_all()
        # Fresh statistics for the planner: the bulk writes multiply the tables' sizes, and
        # Odoo's own queries on them (payment states, reconciliation) plan badly without them.
        env.cr.execute("ANALYZE")
        run.commit()
        timings[f"seconds: {name}"] = round(run.elapsed() - started, 1)
        return result

    phase("catalog", catalog.generate, run)
    phase("partners", partners.generate, run)
    events = phase("planning", _plan, run, sales, crm)
    phase("crm", crm.generate, run, events[1], bulk)
    phase("sales", sales.generate, run, events[0], bulk)
    env["ir.config_parameter"].set_param(MARKER_PARAM, f"{scale}:{seed}:{today}")
    env.flush_all()
    run.commit()
    counts = {key: value for key, value in run.counts.items() if not key.startswith("seconds")}
    counts.update(timings)
    if "seconds: sales documents" in run.counts:
        counts["seconds: sales documents"] = run.counts["seconds: sales documents"]
        counts["seconds: payments"] = round(
            timings["seconds: sales"] - counts["seconds: sales documents"], 1
        )
    counts["seconds: total"] = round(run.elapsed(), 1)
    return counts


def _plan(run, sales, crm):
    events = sales.plan(run)
    run.report("sales events planned", len(events), len(events))
    return events, crm.plan(run, events)


def format_summary(summary):
    width = max(len(key) for key in summary)
    lines = [f"{'what'.ljust(width)}  count", f"{'-' * width}  {'-' * 9}"]
    for key, value in summary.items():
        lines.append(f"{key.ljust(width)}  {value:>9}")
    return "\n".join(lines)


def _parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m data.generate",
        description="Fill an Odoo 19.0 database (with crm, sale and account installed) with a "
        "deterministic B2B demo world through the ORM.",
    )
    parser.add_argument("--db", required=True, help="name of the existing database")
    parser.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=None,
        help="last day of the history (YYYY-MM-DD, default: today)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not generate: check that the data of the database is what the ORM computes "
        "(exit status 1 on a mismatch); nothing is committed",
    )
    parser.add_argument(
        "--check-foreign-keys",
        action="store_true",
        help="keep PostgreSQL's foreign key checks during the bulk inserts (slower)",
    )
    parser.add_argument(
        "--orm-only",
        action="store_true",
        help="write the whole history through the ORM (slow; the default writes it in bulk)",
    )
    parser.add_argument(
        "--addons-path",
        default=None,
        help="Odoo addons path (default: $ODOO_PATH/addons,$ODOO_PATH/odoo/addons,<repo root>)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = _parse_args(argv)
    odoo_path = os.environ.get("ODOO_PATH", DEFAULT_ODOO_PATH)
    release = Path(odoo_path, "odoo", "release.py")
    if not release.is_file() or "version_info = (19, 0" not in release.read_text():
        print(NO_ODOO.format(path=odoo_path), file=sys.stderr)
        return 2
    if odoo_path not in sys.path:
        sys.path.insert(0, odoo_path)

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    from .common import GeneratorError

    addons_path = args.addons_path or ",".join(
        (str(Path(odoo_path, "addons")), str(Path(odoo_path, "odoo", "addons")), str(REPO_ROOT))
    )
    options = [f"--addons-path={addons_path}", f"--database={args.db}", "--log-level=warn"]
    for env_var, option in (
        ("PGHOST", "--db_host"),
        ("PGPORT", "--db_port"),
        ("PGUSER", "--db_user"),
        ("PGPASSWORD", "--db_password"),
    ):
        if os.environ.get(env_var):
            options.append(f"{option}={os.environ[env_var]}")
    config.parse_config(options, setup_logging=True)

    started = time.monotonic()
    try:
        registry = Registry(args.db)
    except Exception as error:  # any failure to open the database ends here
        print(f"Cannot open the database {args.db!r}: {error}", file=sys.stderr)
        return 1
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.check:
            from .check import check

            problems = check(env, progress=lambda line: print(line, flush=True))
            cr.rollback()
            for problem in problems:
                print(f"MISMATCH {problem}")
            print(f"\n{len(problems)} problem(s) in {time.monotonic() - started:.1f}s.")
            return 1 if problems else 0
        try:
            summary = generate(
                env,
                scale=args.scale,
                seed=args.seed,
                progress=lambda line: print(line, flush=True),
                commit=cr.commit,
                today=args.today,
                bulk=not args.orm_only,
                check_foreign_keys=args.check_foreign_keys,
            )
        except GeneratorError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    print()
    print(format_summary(summary))
    print(f"\nDone in {time.monotonic() - started:.1f}s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
