"""The desktop app: process start to the first painted, unlocked main window, and memory after it.

The harness runs ``reflect`` (no sub-command: the app) under ``QT_QPA_PLATFORM=offscreen`` with the
key remembered in the benchmark's file keyring and ``REFLECT_BENCH_EXIT_AFTER_PAINT=1`` set. The
app is expected to honour that variable like this (the hook the GUI provides):

    once the main window is unlocked (journal open, list filled) and has finished its first paint,
    print one line ``REFLECT_BENCH painted rss_kb=<VmRSS in kB from /proc/self/status>`` to stdout,
    flush, and quit with exit code 0.

The time is taken when that line arrives (spawn to painted, as a user sees it). Resident memory is
the app's own figure; without it, the peak resident set the kernel reports for the child
(``ru_maxrss`` via ``os.wait4``), which is an upper bound. An app that does not print the line
within the time limit is stopped and the row says what hook is missing.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.fresh import _reflect_argv
from bench.inprocess import module_exists
from bench.targets import target
from bench.timing import Measure, Row, log
from bench.vaults import BenchVault, bench_env

SECTION = "Desktop app (offscreen, key remembered)"
HOOK_ENV = "REFLECT_BENCH_EXIT_AFTER_PAINT"
MARKER = re.compile(rb"REFLECT_BENCH painted(?: rss_kb=(\d+))?")
TIME_LIMIT = 30.0
#: How long to wait for the app's own hook before using the probe.
NATIVE_LIMIT = 12.0
PROBE = Path(__file__).resolve().parent / "app_probe.py"

HOOK_MISSING = (
    f"n/a (the app does not honour {HOOK_ENV}=1 yet: after the first paint of the unlocked main "
    "window it should print 'REFLECT_BENCH painted rss_kb=N' and quit)"
)


class _Run:
    def __init__(self, seconds: float | None, rss_mb: float | None, problem: str = "") -> None:
        self.seconds = seconds
        self.rss_mb = rss_mb
        self.problem = problem


def _one(env: dict[str, str], cwd: Path, argv: list[str], limit: float = TIME_LIMIT) -> _Run:
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        start_new_session=True,
    )
    painted: dict[str, float | int | None] = {}
    err_tail: list[bytes] = []

    def read_out() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            m = MARKER.search(line)
            if m and "at" not in painted:
                painted["at"] = time.perf_counter() - started
                painted["rss_kb"] = int(m.group(1)) if m.group(1) else None

    def read_err() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            err_tail[:] = [*err_tail[-4:], line]

    readers = [threading.Thread(target=f, daemon=True) for f in (read_out, read_err)]
    for t in readers:
        t.start()
    deadline = started + limit
    rusage = None
    status = None
    while time.perf_counter() < deadline:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.005)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        _, status, rusage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status) if status is not None else -1
    for t in readers:
        t.join(timeout=2)
    if "at" not in painted:
        if proc.returncode == 0 or proc.returncode == -signal.SIGKILL:
            return _Run(None, None, HOOK_MISSING)
        tail = err_tail[-1].decode("utf-8", "replace").strip() if err_tail else ""
        return _Run(None, None, f"n/a (the app exited {proc.returncode}: {tail})")
    rss_kb = painted.get("rss_kb") or (rusage.ru_maxrss if rusage else None)
    return _Run(float(painted["at"]), rss_kb / 1024 if rss_kb else None)  # type: ignore[arg-type]


#: Whether ``reflect`` itself honours the hook (asked once per benchmark run).
_native: bool | None = None


def probe_argv() -> list[str]:
    return [sys.executable, str(PROBE)]


def run(bv: BenchVault, repeat: int) -> list[Row]:
    global _native
    size = bv.size
    name_open = "start to painted, unlocked main window"
    name_rss = "resident memory after opening"

    def failed(problem: str) -> list[Row]:
        log(f"  desktop app: {problem}")
        return [
            Row(SECTION, name_open, size, note=problem, target=target("app_open", size)),
            Row(
                SECTION,
                name_rss,
                size,
                note="n/a (see the row above)",
                target=target("app_rss", size),
            ),
        ]

    if not module_exists("reflect.gui.app"):
        return failed("n/a (not built yet)")
    env = bench_env(
        {
            "REFLECT_DATA_DIR": str(bv.data_dir),
            "QT_QPA_PLATFORM": "offscreen",
            HOOK_ENV: "1",
        }
    )
    cwd = bv.data_dir.parent
    if _native is None:  # one try: does the app print the marker itself?
        first = _one(env, cwd, _reflect_argv(), limit=NATIVE_LIMIT)
        _native = first.seconds is not None
        if not _native and first.problem != HOOK_MISSING:
            return failed(first.problem)
    argv = _reflect_argv() if _native else probe_argv()
    how = (
        f"reflect with {HOOK_ENV}=1"
        if _native
        else "via bench/app_probe.py: the app has no paint hook yet, so an event filter installed "
        "before reflect's own main() spots the first paint of the unlocked window"
    )
    runs: list[_Run] = []
    for n in range(repeat + 1):  # the first run warms the page cache and is not counted
        result = _one(env, cwd, argv)
        if result.seconds is None:
            return failed(result.problem)
        if n:
            runs.append(result)
    opened = Measure(tuple(r.seconds for r in runs if r.seconds is not None))
    rows = [Row(SECTION, name_open, size, opened, how, target=target("app_open", size))]
    rss = [r.rss_mb for r in runs if r.rss_mb is not None]
    rows.append(
        Row(
            SECTION,
            name_rss,
            size,
            Measure(tuple(rss), unit="MB") if rss else None,
            "VmRSS at the first paint" if rss else "n/a (no figure)",
            target=target("app_rss", size),
        )
    )
    log(f"  desktop app: {opened.show()}, {rows[-1].measure.show() if rss else 'no RSS'}")
    return rows
