"""Make ``docs/screenshot-summary.png`` and ``docs/screenshot-export.png`` from the real app window.

Run under a display (or Xvfb)::

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python docs/make_summary_screenshot.py

``docs/make_screenshots.sh`` runs it after its own pictures. The journal is the invented demo
(``reflect demo``) plus one invented home visit full of details the privacy check should catch, in
a temporary folder that is deleted again. "Today" is fixed, so the pictures are the same on every
run. Nothing here touches the user's own journal, settings or keyring.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from reflect.core.demo import build_demo_journal
from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import Item, ItemKind
from reflect.core.privacy import WATCH_LIST_SETTING
from reflect.core.vault import Vault
from reflect.gui.app import build_app_window
from reflect.gui.main_window import AppWindow

TODAY = date(2026, 5, 16)
DOCS = Path(__file__).resolve().parent
SUMMARY = DOCS / "screenshot-summary.png"
EXPORT = DOCS / "screenshot-export.png"
PASSPHRASE = "lantern orchard pebble violin"
#: Invented details (the NHS number is one of the NHS's published test numbers).
HOME_VISIT = (
    "Mr Khan gave his NHS number 943 476 5919 and Jordan's number 07700 900123.\n\n"
    "We talked about what a good week would look like, and he chose the first step himself."
)


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(ready: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    waited = 0
    while not ready():
        if waited >= timeout_ms:
            raise SystemExit("the app did not get there in time")
        wait(50)
        waited += 50


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    print(f"wrote docs/{path.name}")


def make_journal(folder: Path) -> Vault:
    store = MemoryKeyStore()
    vault = Vault(folder / "data", keystore=store)
    created = vault.create(PASSPHRASE)
    store.set(created.vault_id, created.key.raw)  # "remembered on this device", in memory only
    with vault.open(created.key) as journal:
        build_demo_journal(journal, TODAY)
        journal.set_setting(WATCH_LIST_SETTING, ["Jordan"])
        journal.save(
            Item(
                kind=ItemKind.ENTRY,
                title="Home visit",
                date=datetime(2026, 5, 14, 17, 40),
                body=HOME_VISIT,
                capabilities=("5", "6.2"),
            )
        )
    return vault


def summary_shot(window: AppWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace.select_section("summary")
    wait(600)
    save(window, SUMMARY)


def export_shot(window: AppWindow) -> None:
    dialog = window.show_export()
    assert dialog is not None
    dialog.resize(1000, 800)
    wait_until(lambda: dialog.items_table.rowCount() > 0)
    dialog.check()
    wait_until(lambda: bool(dialog.findings))
    phone = next(f for f in dialog.findings if f.kind == "phone")
    dialog.set_decision(phone.id, redact=False)  # one choice changed, to show there is one
    last = dialog.items_table.rowCount() - 1  # the home visit, whose details were found
    dialog.items_table.selectRow(last)
    dialog.items_table.scrollToBottom()
    wait(400)
    save(dialog, EXPORT)
    dialog.reject()


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Reflect")
    with tempfile.TemporaryDirectory() as folder:
        vault = make_journal(Path(folder))
        settings = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        now = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0).astimezone(UTC)
        window = build_app_window(
            vault,
            clock=lambda: now,
            settings=settings,
            tray=False,
            check_delay_ms=600_000,  # no check or backup while the pictures are taken
        )
        window.resize(1280, 860)
        window.show()
        wait_until(lambda: not window.is_locked and window.isVisible())
        wait(400)
        summary_shot(window)
        export_shot(window)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
