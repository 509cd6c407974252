"""The desktop app's composition root: the one place that builds the Qt application and wires it.

``reflect`` with no sub-command calls :func:`main`. Tests call :func:`build_app_window` with a vault
on a temporary folder, an in-memory keyring, a fixed clock and short timers.

:func:`main` also holds the app to one copy per journal (:class:`~reflect.core.instance.
InstanceLock`), installs the translation catalogue, and honours ``REFLECT_BENCH_EXIT_AFTER_PAINT=1``
for the benchmark (``bench/app.py``): after the first paint of the unlocked window it prints
``REFLECT_BENCH painted rss_kb=N`` and quits.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from datetime import date, datetime
from types import TracebackType
from typing import TextIO

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reflect import paths
from reflect.core.instance import InstanceLock, already_open_message
from reflect.core.journal import Journal
from reflect.core.vault import Vault
from reflect.errors import ReflectError
from reflect.gui.main_window import AppWindow
from reflect.gui.translate import install_translator
from reflect.gui.workspace import SummaryFactory

log = logging.getLogger(__name__)

ORGANISATION = "Reflect"
DESKTOP_ID = "io.github.reflect_journal.Reflect"
#: Set to ``1`` by the benchmark: report the first painted, unlocked window and quit.
BENCH_ENV = "REFLECT_BENCH_EXIT_AFTER_PAINT"


def summary_view_factory(today: Callable[[], date]) -> SummaryFactory:
    """Builds the Summary page (:class:`~reflect.gui.summary_view.SummaryView`) for a journal.

    The view is imported and made only when the user first opens the Summary, so it costs
    nothing at start-up.
    """

    def make(journal: Journal) -> QWidget:
        from reflect.gui.summary_view import SummaryView

        view = SummaryView(today=today)
        view.set_journal(journal)
        return view

    return make


def build_app_window(
    vault: Vault,
    *,
    clock: Callable[[], datetime] | None = None,
    settings: QSettings | None = None,
    idle_check_ms: int = 15_000,
    autosave_ms: int = 800,
    clipboard_clear_ms: int = 30_000,
    summary_factory: SummaryFactory | None = None,
    tray: bool = True,
    instance_lock: InstanceLock | None = None,
    check_delay_ms: int = 1500,
) -> AppWindow:
    """The window for ``vault``, showing set-up, unlock or (key remembered) the journal.

    Args:
        vault: Where the journal lives; tests pass one with an in-memory key store.
        clock: Wall-clock time for the journal's stamps and for auto-lock (UTC-aware datetimes).
        settings: Where non-secret window state is kept (default: the platform's Qt settings).
        idle_check_ms: How often to check for idleness (tests shorten it).
        autosave_ms: The pause in typing after which edits are saved.
        clipboard_clear_ms: How long a copied recovery code stays on the clipboard.
        summary_factory: Builds the Summary page for an open journal (default: the summary view).
        tray: Offer a tray icon with "New reflection" where the desktop has a tray.
        instance_lock: This copy's hold on the data folder (released around a restore).
        check_delay_ms: How long after the first paint the journal is checked and backed up.
    """
    window = AppWindow(
        vault,
        clock=clock,
        settings=settings,
        idle_check_ms=idle_check_ms,
        autosave_ms=autosave_ms,
        clipboard_clear_ms=clipboard_clear_ms,
        summary_factory=summary_factory,
        tray=tray,
        instance_lock=instance_lock,
        check_delay_ms=check_delay_ms,
    )
    if summary_factory is None:
        window.set_summary_factory(summary_view_factory(window.today))
    window.start()
    return window


def _report_bug(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A bug reached the event loop: say so without quoting anything (it could be entry text)."""
    log.error("internal error (%s)", kind.__name__)
    sys.stderr.write(f"reflect: internal error ({kind.__name__}); this is a bug in Reflect\n")


def application(argv: list[str]) -> QApplication:
    """The Qt application, made (with its names and translation) if there is none yet."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(["reflect", *argv])
    app.setApplicationName("Reflect")
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName("Reflect")
    app.setDesktopFileName(DESKTOP_ID)
    install_translator(app)
    return app


def launch(argv: list[str], *, instance_lock: InstanceLock | None = None) -> AppWindow:
    """The Qt application (made if needed) and the window on the user's vault, shown."""
    application(argv)
    window = build_app_window(Vault(paths.default_data_dir()), instance_lock=instance_lock)
    window.show()
    return window


def already_open_box(data_dir: os.PathLike[str] | str) -> QMessageBox:
    """The message a second copy shows before it quits."""
    from pathlib import Path

    text = already_open_message(Path(data_dir))
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Reflect",
        f"{text[:1].upper()}{text[1:]}.",
        QMessageBox.StandardButton.Ok,
    )
    box.setObjectName("alreadyOpen")
    return box


def take_instance_lock() -> InstanceLock | None:
    """This copy's hold on the journal's folder; ``None`` when another copy has it.

    A folder that does not exist yet (first run) cannot be held: set-up takes the lock once it has
    made the folder.
    """
    lock = InstanceLock(paths.default_data_dir())
    if not lock.path.parent.is_dir():
        return lock
    try:
        if not lock.acquire():
            return None
    except ReflectError as exc:  # e.g. a read-only folder: run, but unguarded
        log.warning("no single-instance lock (%s)", type(exc).__name__)
    return lock


def rss_kb() -> int:
    """This process's resident memory in kB (Linux), or 0 where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


class FirstPaintReport(QObject):
    """For the benchmark: on the first paint of ``window`` while unlocked, report and quit.

    The report waits for the paint pass to finish (``singleShot(0)``), so the time is that of a
    window the user can see.
    """

    def __init__(
        self,
        window: AppWindow,
        out: TextIO | None = None,
        quit: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.out = out if out is not None else sys.stdout
        self._quit = quit if quit is not None else QApplication.quit
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.done
            and event.type() == QEvent.Type.Paint
            and not self.window.is_locked
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.done = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        self.out.write(f"REFLECT_BENCH painted rss_kb={rss_kb()}\n")
        self.out.flush()
        self._quit()


def main(argv: list[str]) -> int:
    """Run the desktop app until its window closes; returns the exit code."""
    app = application(argv)
    instance_lock = take_instance_lock()
    if instance_lock is None:
        already_open_box(paths.default_data_dir()).exec()
        return 0
    window = launch(argv, instance_lock=instance_lock)
    if os.environ.get(BENCH_ENV) == "1":
        app.installEventFilter(FirstPaintReport(window))
    sys.excepthook = _report_bug

    # Let a polite kill (SIGTERM, Ctrl+C) close the window normally, so typing is saved first.
    def stop(_signum: int, _frame: object) -> None:
        window.close()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    heartbeat = QTimer()
    heartbeat.start(500)
    heartbeat.timeout.connect(lambda: None)  # lets Python run its signal handlers
    app.aboutToQuit.connect(window.lock)
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        instance_lock.release()
