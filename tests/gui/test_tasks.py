"""Slow work runs on the worker thread and its outcome comes back on the UI thread."""

from __future__ import annotations

import sys
import threading

from reflect.errors import UserError
from reflect.gui.tasks import TaskRunner


def test_work_runs_off_the_ui_thread_and_reports_back_on_it(qtbot) -> None:
    runner = TaskRunner()
    ui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    results: list[int] = []

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        results.append(value)

    runner.submit(work, done)
    qtbot.waitUntil(lambda: results == [42])
    assert seen["worker"] != ui_thread
    assert seen["callback"] == ui_thread
    assert not runner.busy


def test_failures_come_back_as_exceptions(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def fail() -> None:
        raise UserError("the disk is full")

    runner.submit(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert str(errors[0]) == "the disk is full"


def test_wait_delivers_everything_in_order(qtbot) -> None:
    runner = TaskRunner()
    order: list[int] = []
    gate = threading.Event()
    runner.submit(lambda: gate.wait(2) and 1, order.append)
    runner.submit(lambda: 2, order.append)
    runner.submit(lambda: 3, order.append)
    gate.set()
    runner.wait()
    assert order == [1, 2, 3]
    assert not runner.busy
    qtbot.wait(20)  # the queued deliveries that follow find nothing left to do
    assert order == [1, 2, 3]


def test_emitting_signals_keeps_reference_counts_intact(qtbot) -> None:
    """PySide6 6.12.0 on CPython 3.11 drops a reference to ``True`` on every ``emit()``.

    The app emits thousands of signals a session (every keystroke, every save), so that build
    crashes it sooner or later ("deallocating True"); 6.11.3 does not. This fails on such a build.
    """
    runner = TaskRunner()
    delivered: list[int] = []
    before = sys.getrefcount(True)
    for n in range(200):
        runner.submit(lambda n=n: n, delivered.append)
    runner.wait()
    qtbot.wait(10)
    assert delivered == list(range(200))
    assert sys.getrefcount(True) >= before - 20  # other threads may hold a few briefly
