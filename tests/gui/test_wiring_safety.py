"""Keeping the journal safe from the window: one copy per journal, the check and backup after
unlocking, damage and restore, risky folders, reminders, and the benchmark's paint hook."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reflect.core.backup import auto_backup
from reflect.core.coverage import set_review_date
from reflect.core.instance import InstanceLock
from reflect.core.integrity import DamageFound
from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import ItemFilter, ItemKind
from reflect.core.reminders import set_reminders_enabled
from reflect.core.vault import Vault
from reflect.gui import app as gui_app
from reflect.gui.safekeeping import CheckOutcome, DamageDialog, RestoreDialog, reminders_to_notify
from tests.conftest import PASSPHRASE

PAGE = 4096


def with_entries(vault: Vault, key, n: int = 30) -> None:
    with vault.open(key) as journal:
        for i in range(n):
            journal.save(journal.new_item(ItemKind.ENTRY, f"Entry {i}", body="words " * 200))


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def page_start_up_does_not_read(vault: Vault, key) -> int:
    """The last page whose damage leaves what the window reads on opening readable.

    Which page that is depends on the schema's layout, so it is found rather than assumed: each
    candidate is damaged in a copy, which must still list, count and tag every section.
    """
    db = vault.db_path
    pages = db.stat().st_size // PAGE
    for page in range(pages - 1, 1, -1):
        trial = db.parent.parent / "trial"
        shutil.rmtree(trial, ignore_errors=True)
        shutil.copytree(db.parent, trial, ignore=shutil.ignore_patterns("backups"))
        flip(trial / db.name, page * PAGE + 100)
        try:
            with Vault(trial, keystore=MemoryKeyStore()).open(key) as journal:
                for kind in ItemKind:
                    journal.list(ItemFilter(kinds=(kind,)), limit=500)
                    journal.count(ItemFilter(kinds=(kind,)))
                journal.list(limit=500)
                journal.tags()
        except Exception:
            continue
        finally:
            shutil.rmtree(trial, ignore_errors=True)
        return page
    raise AssertionError("every page is read on opening")


def checked(qtbot, window):
    """Wait for the check after unlocking; its outcome (or the error it raised)."""
    qtbot.waitUntil(lambda: window.last_check is not None, timeout=10_000)
    return window.last_check


def test_a_second_copy_refuses_to_start_and_says_why(qtbot, data_dir, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_DATA_DIR", str(data_dir))
    other_copy = InstanceLock(data_dir)
    assert other_copy.acquire()
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    try:
        assert gui_app.main([]) == 0
    finally:
        other_copy.release()
    assert len(shown) == 1
    assert shown[0].startswith("Reflect is already open on the journal in")
    assert str(data_dir) in shown[0]
    assert not any(isinstance(w, gui_app.AppWindow) for w in QApplication.topLevelWidgets())


def test_the_first_copy_holds_the_folder_until_it_ends(qtbot, data_dir, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_DATA_DIR", str(data_dir))
    held = gui_app.take_instance_lock()
    assert held is not None and held.held
    assert gui_app.take_instance_lock() is None, "a second copy cannot take it"
    held.release()
    again = gui_app.take_instance_lock()
    assert again is not None and again.held
    again.release()


def test_unlocking_checks_the_journal_and_makes_todays_backup(
    qtbot, make_window, remembered_vault
) -> None:
    window = make_window(remembered_vault, check_delay_ms=0)
    outcome = checked(qtbot, window)
    assert isinstance(outcome, CheckOutcome) and outcome.report.ok
    assert outcome.backup == remembered_vault.data_dir / "backups/reflect-2026-03-01.reflectbackup"
    assert outcome.backup.is_file()
    assert window.backup_label.text().startswith("Last backup: 1 Mar 2026")
    assert not window.banner.isVisible(), "an ordinary local folder gets no warning"


def test_damage_found_after_unlocking_is_shown_and_the_backup_restores_it(
    qtbot, make_window, remembered_vault, data_key
) -> None:
    with_entries(remembered_vault, data_key)
    good = auto_backup(remembered_vault, data_key, datetime(2026, 2, 28, 8, 0))
    db = remembered_vault.db_path
    flip(db, page_start_up_does_not_read(remembered_vault, data_key) * PAGE + 100)

    window = make_window(remembered_vault, check_delay_ms=0)
    assert not window.is_locked
    damage = checked(qtbot, window)
    assert isinstance(damage, DamageFound) and damage.backup == good
    dialog = window.findChild(DamageDialog)
    assert dialog is not None and dialog.isVisible()
    assert "damaged" in dialog.text() and "not a wrong passphrase" in dialog.text()
    assert "reflect restore" not in dialog.text(), "a button, not a command, in the app"
    assert good.name in dialog.informativeText()

    dialog.restore_button.click()
    ask = window.findChild(RestoreDialog)
    assert ask is not None and ask.isVisible()
    ask.passphrase.setText("not the passphrase")
    ask.ok.click()

    def asked_again() -> RestoreDialog | None:
        shown = [d for d in window.findChildren(RestoreDialog) if d.isVisible()]
        return shown[0] if shown and shown[0].message.text() else None

    qtbot.waitUntil(lambda: asked_again() is not None, timeout=10_000)
    retry = asked_again()
    assert "does not open this backup" in retry.message.text()
    assert db.exists(), "nothing was changed"

    retry.passphrase.setText(PASSPHRASE)
    retry.ok.click()
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)
    assert window.journal.count() == 30
    assert list(remembered_vault.data_dir.glob("replaced-*")), "the damaged files are kept aside"
    assert isinstance(checked(qtbot, window), CheckOutcome)


def test_damage_met_while_opening_is_shown_not_a_crash(
    qtbot, make_window, remembered_vault, data_key
) -> None:
    with_entries(remembered_vault, data_key)
    flip(remembered_vault.db_path, 2 * PAGE + 100)  # a page the first list reads
    window = make_window(remembered_vault)
    assert window.is_locked
    assert "damaged" in window.unlock_view.message.text()
    dialog = window.findChild(DamageDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.restore_button is None, "no automatic backup to offer"


def _page_only_the_item_reads(vault: Vault, key, item_id: int) -> int:
    """A page whose damage start-up does not meet but opening ``item_id`` does."""
    original = vault.db_path.read_bytes()
    try:
        for page in range(1, len(original) // PAGE):
            flip(vault.db_path, page * PAGE + PAGE // 2)
            try:
                with vault.open(key) as journal:
                    journal.list(ItemFilter(kinds=(ItemKind.ENTRY,)), limit=200)
                    journal.tags()
                    journal.setting("custom_templates")
                    try:
                        journal.get(item_id)
                    except Exception:
                        return page
            except Exception:
                pass  # start-up itself would fail: not the page wanted
            finally:
                vault.db_path.write_bytes(original)
    finally:
        vault.db_path.write_bytes(original)
    raise AssertionError("no page holds only the item's text")


def test_damage_met_opening_an_item_is_explained_never_shown_half(
    qtbot, remembered_vault, data_key, gui_clock, ui_settings
) -> None:
    body = "\n\n".join(f"{n:03d} The handover on ward seven ran late." for n in range(200))
    with remembered_vault.open(data_key) as journal:
        item = journal.save(journal.new_item(ItemKind.ENTRY, "Long night", body=body))
    page = _page_only_the_item_reads(remembered_vault, data_key, item.id)
    flip(remembered_vault.db_path, page * PAGE + PAGE // 2)
    window = gui_app.build_app_window(
        remembered_vault, clock=gui_clock, settings=ui_settings, tray=False
    )
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.wait())
    assert not window.is_locked

    window.show()  # the list takes the keyboard and opens its first item: the damaged one
    qtbot.waitUntil(lambda: window.findChild(DamageDialog) is not None, timeout=5000)

    dialog = window.findChild(DamageDialog)
    assert dialog.isVisible() and "damaged" in dialog.text()
    assert "damaged" in window.statusBar().currentMessage()
    assert window.workspace.editor.body.toPlainText() == "", "never half an item"
    assert window.workspace.editor.current_id is None


def test_a_journal_in_a_cloud_sync_folder_gets_a_banner_each_unlock(
    qtbot, make_window, data_dir, data_key, tmp_path
) -> None:
    synced = tmp_path / "Dropbox" / "Reflect"
    shutil.copytree(data_dir, synced)
    store = MemoryKeyStore()
    vault = Vault(synced, keystore=store)
    store.set(vault.vault_id, data_key.raw)
    window = make_window(vault, check_delay_ms=0)
    checked(qtbot, window)
    assert window.banner.isVisible()
    assert "cloud-sync folder (Dropbox)" in window.banner.text.text()
    window.banner.close_button.click()
    assert not window.banner.isVisible(), "a banner, not a box: it goes when dismissed"
    window.lock()
    window.unlock_view.unlocked.emit(data_key)
    checked(qtbot, window)
    assert window.banner.isVisible(), "said again after the next unlock"


def test_a_reminder_is_notified_at_most_once_a_day(journal) -> None:
    today = date(2026, 5, 16)
    set_review_date(journal, today + timedelta(days=10))
    first = reminders_to_notify(journal, today)
    assert [r.kind for r in first] == ["review"]
    assert reminders_to_notify(journal, today) == [], "not again the same day"
    assert [r.kind for r in reminders_to_notify(journal, today + timedelta(days=1))] == ["review"]
    set_reminders_enabled(journal, False)
    assert reminders_to_notify(journal, today + timedelta(days=2)) == []


@pytest.fixture
def paint_report(window):
    out = io.StringIO()
    quits: list[bool] = []
    report = gui_app.FirstPaintReport(window, out=out, quit=lambda: quits.append(True))
    app = QApplication.instance()
    app.installEventFilter(report)
    yield report, out, quits
    app.removeEventFilter(report)


def test_the_bench_hook_reports_the_first_unlocked_paint_once(qtbot, window, paint_report):
    _report, out, quits = paint_report
    window.update()
    qtbot.waitUntil(lambda: bool(quits), timeout=3000)
    line = out.getvalue()
    assert line.startswith("REFLECT_BENCH painted rss_kb=") and line.endswith("\n")
    assert int(line.split("=")[1]) > 0
    window.update()
    qtbot.wait(50)
    assert out.getvalue().count("REFLECT_BENCH") == 1


def test_the_bench_hook_ignores_a_locked_window(qtbot, window, paint_report):
    window.lock()
    _report, out, quits = paint_report
    window.repaint()
    qtbot.wait(50)
    assert out.getvalue() == "" and not quits
