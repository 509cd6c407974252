"""The one way slow work leaves the UI thread: unlocking (Argon2id) and saving.

A :class:`TaskRunner` runs plain callables on a single worker thread, in the order submitted, and
hands each result or exception back on the UI thread through a queued Qt signal. One worker is
enough: the journal serialises its calls anyway (see :mod:`reflect.core.storage.connection` for
the threading rule), and one worker means a save can never overtake an earlier one.
:meth:`TaskRunner.wait` lets lock, close and quit finish every pending save synchronously before
the journal is closed.

The worker is a plain Python thread fed by a queue, and it hands results back through another
queue with an argument-less signal as the doorbell. A ``QThread`` would abort the process if it
were ever destroyed while running, and Python objects riding in cross-thread Qt events depend on
the binding's reference counting being right; a daemon thread and an empty signal avoid both.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class Task(Generic[T]):
    """One piece of work and its outcome; delivered to its callbacks exactly once."""

    def __init__(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.result: T | None = None
        self.error: BaseException | None = None
        self.finished = threading.Event()
        self.delivered = False


class _Relay(QObject):
    """Lives on the UI thread; the worker pokes it so delivery is queued there.

    The signal carries nothing: finished tasks wait in a thread-safe queue.
    """

    poke = Signal()


class TaskRunner(QObject):
    """Runs callables off the UI thread and reports back on it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[Task[Any]] = []
        self._queue: queue.SimpleQueue[Task[Any] | None] = queue.SimpleQueue()
        self._done: queue.SimpleQueue[Task[Any]] = queue.SimpleQueue()
        self._relay = _Relay(self)
        self._relay.poke.connect(self._deliver_finished)
        relay, work, done = self._relay, self._queue, self._done
        self._thread = threading.Thread(
            target=_work, args=(work, done, relay), name="reflect-worker", daemon=True
        )
        self._thread.start()
        # When the runner goes, the worker finishes what it holds and stops (without waiting).
        self.destroyed.connect(lambda *_: work.put(None))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task[T]:
        """Run ``fn`` on the worker; then call ``on_done(result)`` or ``on_error(exc)`` here."""
        task: Task[T] = Task(fn, on_done, on_error)
        self._pending.append(task)
        self._queue.put(task)
        return task

    @Slot()
    def _deliver_finished(self) -> None:
        while True:
            try:
                task = self._done.get_nowait()
            except queue.Empty:
                return
            self._deliver(task)

    def _deliver(self, task: Task[Any]) -> None:
        if task.delivered:
            return
        task.delivered = True
        if task in self._pending:
            self._pending.remove(task)
        if task.error is not None:
            if task.on_error is not None:
                task.on_error(task.error)
            else:
                log.error("background task failed (%s)", type(task.error).__name__)
        elif task.on_done is not None:
            task.on_done(task.result)

    def wait(self) -> None:
        """Block until every submitted task has finished and been delivered, in order."""
        while self._pending:
            task = self._pending[0]
            task.finished.wait()
            self._deliver(task)


def _work(
    work: queue.SimpleQueue[Task[Any] | None], done: queue.SimpleQueue[Task[Any]], relay: _Relay
) -> None:
    """The worker thread: run tasks in order until told to stop."""
    while True:
        task = work.get()
        if task is None:
            return
        try:
            task.result = task.fn()
        except BaseException as exc:  # handed to the UI thread, which decides what to show
            task.error = exc
        task.finished.set()
        done.put(task)
        try:
            relay.poke.emit()
        except RuntimeError:
            return  # the runner (and its relay) is gone: nobody is waiting for this result
