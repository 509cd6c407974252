"""Measuring and reporting: repeated timings, their median and spread, targets, and the table.

Every figure is the median of ``repeat`` runs after one untimed warm-up run (so the page cache and,
in process, SQLite's cache are as warm as on a machine in daily use); the spread is min-max and the
inter-quartile range. A row carries the DESIGN.md target for its size, when there is one, and the
floor / jrnl figures it is compared with.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measure:
    """Repeated samples of one quantity, in seconds (``unit="s"``) or megabytes (``"MB"``)."""

    samples: tuple[float, ...]
    unit: str = "s"
    #: CPU time (user + system) of each run, for fresh processes: less sensitive than wall time
    #: to other work on a shared machine.
    cpu: tuple[float, ...] = ()

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    @property
    def iqr(self) -> tuple[float, float]:
        if len(self.samples) < 4:
            return self.low, self.high
        q = statistics.quantiles(self.samples, n=4)
        return q[0], q[2]

    def show(self, value: float | None = None) -> str:
        return fmt(self.median if value is None else value, self.unit)

    def spread(self) -> str:
        return f"{fmt(self.low, self.unit)}-{fmt(self.high, self.unit)}"

    def cpu_median(self) -> str:
        return fmt(statistics.median(self.cpu)) if self.cpu else ""


def fmt(value: float, unit: str = "s") -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.01 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


@dataclass(frozen=True)
class Target:
    """A DESIGN.md target: the median must be at most ``high`` (and at least ``low``, if given)."""

    high: float
    text: str
    low: float = 0.0

    def met(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass
class Row:
    """One line of the results table."""

    section: str
    name: str
    size: int
    measure: Measure | None = None
    note: str = ""
    target: Target | None = None
    floor: Measure | None = None
    #: the floor script reading its key from the keyring, as Reflect does
    keyring_floor: Measure | None = None
    jrnl: Measure | None = None
    #: relative targets: (max ratio to the floor, min speed-up over jrnl)
    max_floor_ratio: float | None = None
    min_jrnl_speedup: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def verdict(self) -> str:
        if self.measure is None:
            return ""
        misses: list[str] = []
        checked = False
        if self.target is not None:
            checked = True
            if not self.target.met(self.measure.median):
                misses.append("target")
        kf = self.keyring_floor
        if self.max_floor_ratio is not None and self.floor is not None:
            checked = True
            limit = self.max_floor_ratio * self.floor.median
            if self.measure.median > limit:
                miss = f">{self.max_floor_ratio:g}x floor"
                if kf is not None and kf.median > limit:
                    miss += f"; keyring floor {kf.median / self.floor.median:.1f}x"
                misses.append(miss)
        if self.min_jrnl_speedup is not None and self.jrnl is not None:
            checked = True
            if self.jrnl.median < self.min_jrnl_speedup * self.measure.median:
                miss = f"<{self.min_jrnl_speedup:g}x jrnl"
                if kf is not None and self.jrnl.median < self.min_jrnl_speedup * kf.median:
                    miss += f"; keyring floor {self.jrnl.median / kf.median:.0f}x"
                misses.append(miss)
        if not checked:
            return ""
        return "PASS" if not misses else "MISS (" + ", ".join(misses) + ")"


def time_call(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> Measure:
    """Median-able samples of calling ``fn`` in this process."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return Measure(tuple(samples))


class ProcessFailed(RuntimeError):
    pass


def run_once(
    argv: Sequence[str],
    env: dict[str, str],
    *,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[bytes]:
    """Run a command once, capturing its output; :class:`ProcessFailed` on a non-zero exit."""
    done = subprocess.run(
        list(argv),
        env=env,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProcessFailed(
            f"{' '.join(argv[:4])} … exited {done.returncode}: {err[-1] if err else ''}"
        )
    return done


def time_process(
    argv: Sequence[str] | Callable[[int], Sequence[str]],
    env: dict[str, str],
    repeat: int,
    *,
    warmup: int = 1,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    timeout: float = 600,
) -> Measure:
    """Wall time of a fresh process from spawn to exit, output to /dev/null.

    ``argv`` may be a function of the run number (for commands that must differ per run).
    """
    samples = []
    cpu = []
    for n in range(warmup + repeat):
        args = list(argv(n) if callable(argv) else argv)
        with open(os.devnull, "wb") as sink:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(
                args,
                env=env,
                input=stdin if stdin is not None else b"",
                stdout=sink,
                stderr=subprocess.PIPE,
                cwd=cwd,
                timeout=timeout,
                check=False,
            )
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ProcessFailed(
                f"{' '.join(args[:4])} … exited {done.returncode}: {err[-1] if err else ''}"
            )
        if n >= warmup:
            samples.append(elapsed)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Measure(tuple(samples), cpu=tuple(cpu))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the table ---------------------------------------------------------------------------------

COLUMNS = (
    "Benchmark",
    "Items",
    "Median",
    "Spread (min-max)",
    "CPU",
    "Target",
    "Floor",
    "xfloor",
    "Floor+keyring",
    "jrnl",
    "jrnl/Reflect",
    "Verdict",
    "Notes",
)


def _cells(row: Row) -> list[str]:
    m = row.measure
    floor = row.floor
    jrnl = row.jrnl
    note = row.note
    missing = "—"
    if not m and note.startswith("n/a"):
        missing, _, note = note.partition("; ")
    return [
        row.name,
        f"{row.size:,}",
        m.show() if m else missing,
        m.spread() if m else "",
        m.cpu_median() if m else "",
        row.target.text if row.target else "—",
        floor.show() if floor else "",
        f"{m.median / floor.median:.1f}x" if m and floor and floor.median else "",
        _keyring_floor(row),
        jrnl.show() if jrnl else "",
        f"{jrnl.median / m.median:.0f}x" if m and jrnl and m.median else "",
        row.verdict(),
        note,
    ]


def _keyring_floor(row: Row) -> str:
    kf, floor = row.keyring_floor, row.floor
    if kf is None:
        return ""
    ratio = f" ({kf.median / floor.median:.1f}x floor)" if floor and floor.median else ""
    return kf.show() + ratio


def render_text(rows: Sequence[Row]) -> str:
    """The table for a terminal, one block per section."""
    out: list[str] = []
    sections = list(dict.fromkeys(r.section for r in rows))
    for section in sections:
        body = [_cells(r) for r in rows if r.section == section]
        widths = [
            max(len(COLUMNS[i]), *(len(b[i]) for b in body)) if body else len(COLUMNS[i])
            for i in range(len(COLUMNS))
        ]
        keep = [i for i in range(len(COLUMNS)) if any(b[i] for b in body) or i < 3]
        out.append(f"\n== {section} ==")
        out.append("  ".join(COLUMNS[i].ljust(widths[i]) for i in keep).rstrip())
        out.append("  ".join("-" * widths[i] for i in keep))
        for b in body:
            out.append("  ".join(b[i].ljust(widths[i]) for i in keep).rstrip())
    return "\n".join(out)


def render_markdown(rows: Sequence[Row]) -> str:
    """The same table as GitHub Markdown (for docs/benchmarks.md)."""
    out: list[str] = []
    for section in dict.fromkeys(r.section for r in rows):
        body = [_cells(r) for r in rows if r.section == section]
        keep = [i for i in range(len(COLUMNS)) if any(b[i] for b in body) or i < 3]
        out.append(f"\n### {section}\n")
        out.append("| " + " | ".join(COLUMNS[i] for i in keep) + " |")
        out.append("|" + "|".join("---" for _ in keep) + "|")
        for b in body:
            out.append("| " + " | ".join(b[i].replace("|", "\\|") for i in keep) + " |")
    return "\n".join(out) + "\n"
