"""What a benchmark is, and the registry the runner reads."""

from dataclasses import dataclass
from pathlib import Path


class BenchmarkError(Exception):
    """A measurement that could not be taken (e.g. an install that failed); the run goes on."""


@dataclass(frozen=True)
class Context:
    """What a benchmark gets from the runner."""

    scale: str  # small, medium or large: the size of the data the benchmark works on
    tmp: Path  # a scratch directory, removed after the run


class Benchmark:
    """A benchmark measures the suite (``run_ours``) and its baseline (``run_baseline``).

    Both return one value per metric of ``units``; the runner calls them alternately, ``repeat``
    times each, and compares the medians. ``targets`` maps a metric to the highest acceptable
    ratio ours / baseline.
    """

    name: str
    description: str  # what is measured
    compares_to: str  # what the baseline is
    units: dict[str, str]  # metric -> unit
    targets: dict[str, float] = {}
    repeat: int = 3

    def run_ours(self, ctx: Context) -> dict[str, float]:
        raise NotImplementedError

    def run_baseline(self, ctx: Context) -> dict[str, float]:
        raise NotImplementedError


BENCHMARKS: dict[str, Benchmark] = {}


def register(cls: type[Benchmark]) -> type[Benchmark]:
    """Class decorator: makes the benchmark available to ``python -m bench``."""
    assert cls.name not in BENCHMARKS, f"two benchmarks are named {cls.name}"
    BENCHMARKS[cls.name] = cls()
    return cls
