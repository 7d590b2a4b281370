"""python -m bench [--scale small|medium|large] [--repeat N] [--list] [NAME ...]

Runs the named benchmarks (all by default), each alternately with its baseline, prints medians and
ratios, writes bench/results/<date>-<scale>.json and exits 1 when a benchmark fails or misses a
target.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from . import benchmarks  # noqa: F401  (importing them registers them)
from .odoo import ROOT, SUITE
from .registry import BENCHMARKS, Benchmark, BenchmarkError, Context

RESULTS = ROOT / "bench" / "results"
COLUMNS = ("benchmark", "metric", "ours", "baseline", "ratio", "target", "result")


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    meminfo = Path("/proc/meminfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor(),
    )
    mem_kb = next(int(line.split()[1]) for line in meminfo.splitlines() if "MemTotal" in line)
    suite = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024**2, 1),
        "cpu": model,
        "python": platform.python_version(),
        "suite": suite,
    }


def measure(bench: Benchmark, ctx: Context, repeat: int) -> dict:
    """Runs the baseline then ours, ``repeat`` times, and compares the medians."""
    samples = {"baseline": {}, "ours": {}}
    runs = {"baseline": bench.run_baseline, "ours": bench.run_ours}
    load = round(os.getloadavg()[0], 2)
    for i in range(1, repeat + 1):
        for side, run in runs.items():
            start = time.perf_counter()
            for metric, value in run(ctx).items():
                samples[side].setdefault(metric, []).append(round(value, 3))
            elapsed = time.perf_counter() - start
            print(f"  {bench.name} {side} {i}/{repeat}: {elapsed:.0f} s", file=sys.stderr)
    metrics = {}
    for metric, unit in bench.units.items():
        ours, baseline = median(samples["ours"][metric]), median(samples["baseline"][metric])
        ratio = round(ours / baseline, 4)
        target = bench.targets.get(metric)
        metrics[metric] = {
            "unit": unit,
            "ours": samples["ours"][metric],
            "baseline": samples["baseline"][metric],
            "ours_median": ours,
            "baseline_median": baseline,
            "ratio": ratio,
            "target": target,
            "passed": None if target is None else ratio <= target,
        }
    return {
        "description": bench.description,
        "compares_to": bench.compares_to,
        "repeat": repeat,
        "load_average_before": load,
        "metrics": metrics,
    }


def table(results: dict[str, dict]) -> str:
    rows = [COLUMNS]
    for name, result in results.items():
        for metric, m in result["metrics"].items():
            target = m["target"]
            rows.append(
                (
                    name,
                    metric,
                    f"{m['ours_median']:.1f} {m['unit']}",
                    f"{m['baseline_median']:.1f} {m['unit']}",
                    f"{m['ratio']:.2f}",
                    "" if target is None else f"<= {target:.2f}",
                    "" if target is None else ("PASS" if m["passed"] else "FAIL"),
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def save(results: dict[str, dict], scale: str, info: dict) -> Path:
    """Writes the results into bench/results/<date>-<scale>.json, beside those of other
    benchmarks run the same day at the same scale."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    today = datetime.date.today().isoformat()
    path = RESULTS / f"{today}-{scale}.json"
    measured = json.loads(path.read_text())["benchmarks"] if path.exists() else {}
    measured.update(results)
    saved = {"date": today, "scale": scale, "machine": info, "benchmarks": measured}
    path.write_text(json.dumps(saved, indent=2) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run (default: all)")
    parser.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    parser.add_argument("--repeat", type=int, help="runs of each side (default: per benchmark)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args()
    if args.list:
        for bench in BENCHMARKS.values():
            print(f"{bench.name}: {bench.description}\n    baseline: {bench.compares_to}")
        return 0
    if not SUITE:
        parser.error("ADDONS is not set: run it as bash tools/run.sh -m bench")
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))} (see --list)")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")

    info = machine()
    print(
        f"{info['nproc']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM; suite {info['suite']}; "
        f"scale {args.scale}; load average {os.getloadavg()[0]:.2f}",
        file=sys.stderr,
    )
    results, failed = {}, []
    with tempfile.TemporaryDirectory(prefix="bench_") as tmp:
        ctx = Context(scale=args.scale, tmp=Path(tmp))
        for name in args.names or BENCHMARKS:
            bench = BENCHMARKS[name]
            try:
                results[name] = measure(bench, ctx, args.repeat or bench.repeat)
            except BenchmarkError as error:
                print(f"{name} failed: {error}", file=sys.stderr)
                failed.append(name)
    if results:
        print(table(results))
        print(f"\nWritten to {save(results, args.scale, info).relative_to(ROOT)}", file=sys.stderr)
    missed = [
        f"{name} {metric}"
        for name, result in results.items()
        for metric, m in result["metrics"].items()
        if m["passed"] is False
    ]
    for label, names in (("Failed", failed), ("Missed targets", missed)):
        if names:
            print(f"{label}: {', '.join(names)}", file=sys.stderr)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
