"""The desktop app's composition root: the one place that builds the Qt application and wires it.

``reflect`` with no sub-command calls :func:`main`. Tests call :func:`build_app_window` with a vault
on a temporary folder, an in-memory keyring, a fixed clock and short timers.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from reflect import paths
from reflect.core.vault import Vault
from reflect.gui.main_window import AppWindow
from reflect.gui.workspace import SummaryFactory

log = logging.getLogger(__name__)

ORGANISATION = "Reflect"
DESKTOP_ID = "io.github.reflect_journal.Reflect"


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
) -> AppWindow:
    """The window for ``vault``, showing set-up, unlock or (key remembered) the journal.

    Args:
        vault: Where the journal lives; tests pass one with an in-memory key store.
        clock: Wall-clock time for the journal's stamps and for auto-lock (UTC-aware datetimes).
        settings: Where non-secret window state is kept (default: the platform's Qt settings).
        idle_check_ms: How often to check for idleness (tests shorten it).
        autosave_ms: The pause in typing after which edits are saved.
        clipboard_clear_ms: How long a copied recovery code stays on the clipboard.
        summary_factory: Builds the Summary page for an open journal.
        tray: Offer a tray icon with "New reflection" where the desktop has a tray.
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
    )
    window.start()
    return window


def _report_bug(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A bug reached the event loop: say so without quoting anything (it could be entry text)."""
    log.error("internal error (%s)", kind.__name__)
    sys.stderr.write(f"reflect: internal error ({kind.__name__}); this is a bug in Reflect\n")


def launch(argv: list[str]) -> AppWindow:
    """The Qt application (made if needed) and the window on the user's vault, shown."""
    app = QApplication.instance() or QApplication(["reflect", *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName("Reflect")
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName("Reflect")
    app.setDesktopFileName(DESKTOP_ID)
    window = build_app_window(Vault(paths.default_data_dir()))
    window.show()
    return window


def main(argv: list[str]) -> int:
    """Run the desktop app until its window closes; returns the exit code."""
    window = launch(argv)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
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
    return int(app.exec())
