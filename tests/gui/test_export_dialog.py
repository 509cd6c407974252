"""File → Export: formats from the registry, a checklist, findings in context, redact or keep."""

from __future__ import annotations

import json
from datetime import datetime, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel

from reflect.core.coverage import set_preferred_framework
from reflect.core.exporters import names
from reflect.core.frameworks import load_framework
from reflect.core.model import Item, ItemKind
from reflect.gui.export_dialog import FULL_TEXT, KEEP, REDACT, ExportDialog
from tests.core.test_exporters import (
    HANDOVER_LATER,
    NHS,
    PERIOD,
    PHONE,
    RECOVERY_FIRST,
    TITLED,
    TODAY,
    add_identifiable,
    fill_journal,
)


def open_dialog(qtbot, journal) -> ExportDialog:
    dialog = ExportDialog(journal, today=TODAY)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.runner.wait())
    dialog.show()
    settle(qtbot, dialog)
    dialog.set_period(PERIOD)
    settle(qtbot, dialog)
    return dialog


def settle(qtbot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.runner.busy, timeout=5000)


def check(qtbot, dialog: ExportDialog) -> None:
    dialog.check_button.click()
    settle(qtbot, dialog)


def test_the_formats_offered_are_the_registry(qtbot, journal):
    dialog = open_dialog(qtbot, journal)
    combo = dialog.format_combo
    assert tuple(combo.itemData(i) for i in range(combo.count())) == names()


def test_the_checklist_lists_the_periods_items_with_supervision_unticked(qtbot, journal):
    ids = fill_journal(journal)
    dialog = open_dialog(qtbot, journal)
    table = dialog.items_table
    titles = [table.item(row, 2).text() for row in range(table.rowCount())]
    assert "A difficult handover" in titles and "January supervision" in titles
    assert "Before the period" not in titles and "Thrown away" not in titles
    chosen = dialog.checked_ids()
    assert ids["handover"] in chosen and ids["supervision"] not in chosen
    assert isinstance(table.cellWidget(titles.index("A difficult handover"), 3), QComboBox)


def test_nothing_can_be_written_before_the_check(qtbot, journal, tmp_path):
    ids = fill_journal(journal)
    dialog = open_dialog(qtbot, journal)
    assert not dialog.export_button.isEnabled()
    check(qtbot, dialog)
    assert dialog.export_button.isEnabled()
    assert dialog.findings_table.rowCount() == 0
    assert "Nothing identifiable" in dialog.status_label.text()
    dialog.set_item_checked(ids["handover"], False)
    assert not dialog.export_button.isEnabled()  # a change makes the check stale


def test_findings_are_shown_in_context_with_redact_as_the_default(qtbot, journal):
    fill_journal(journal)
    add_identifiable(journal)
    dialog = open_dialog(qtbot, journal)
    check(qtbot, dialog)
    table = dialog.findings_table
    kinds = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert {"NHS number", "Phone number", "Name", "Watch-list word"} <= set(kinds)
    row = kinds.index("NHS number")
    assert table.item(row, 1).text() == 'journal entry of 2026-02-14 "Home visit", text'
    context = table.cellWidget(row, 2)
    assert isinstance(context, QLabel)
    assert NHS in context.text() and "gave his NHS number" in context.text()
    assert all(c.currentText() == REDACT for c in dialog._decisions.values())
    assert "found" in dialog.status_label.text()


def test_each_finding_is_redacted_or_kept_as_chosen_and_the_journal_is_unchanged(
    qtbot, journal, tmp_path
):
    ids = fill_journal(journal)
    item_id = add_identifiable(journal)
    dialog = open_dialog(qtbot, journal)
    dialog.set_format("md")
    dialog.set_full_text(ids["handover"], True)
    check(qtbot, dialog)
    phone = next(f.id for f in dialog.findings if f.kind == "phone")
    dialog.set_decision(phone, redact=False)
    assert dialog._decisions[phone].currentText() == KEEP
    out = tmp_path / "summary.md"
    with qtbot.waitSignal(dialog.exported, timeout=5000) as signal:
        dialog.export_to(out)
    assert signal.args[0] == out
    assert dialog.result() == QDialog.DialogCode.Accepted
    text = out.read_text(encoding="utf-8")
    assert PHONE in text  # kept
    assert NHS not in text and TITLED not in text  # redacted
    assert "[redacted: NHS number]" in text
    assert HANDOVER_LATER in text and RECOVERY_FIRST in text
    assert out.stat().st_mode & 0o777 == 0o600
    assert NHS in journal.get(item_id).body


def test_keep_all_writes_everything_as_it_is(qtbot, journal, tmp_path):
    fill_journal(journal)
    add_identifiable(journal)
    dialog = open_dialog(qtbot, journal)
    dialog.set_format("html")
    check(qtbot, dialog)
    dialog.keep_all_button.click()
    out = tmp_path / "summary.html"
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export_to(out)
    assert NHS in out.read_text(encoding="utf-8")


def test_unticked_items_are_left_out(qtbot, journal, tmp_path):
    ids = fill_journal(journal)
    dialog = open_dialog(qtbot, journal)
    dialog.set_format("md")
    dialog.set_item_checked(ids["recovery"], False)
    check(qtbot, dialog)
    out = tmp_path / "summary.md"
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export_to(out)
    assert RECOVERY_FIRST not in out.read_text(encoding="utf-8")


def test_json_exports_everything_and_disables_the_checklist(qtbot, journal, tmp_path):
    ids = fill_journal(journal)
    dialog = open_dialog(qtbot, journal)
    dialog.set_format("json")
    assert not dialog.items_table.isEnabled() and not dialog.from_edit.isEnabled()
    check(qtbot, dialog)
    assert [f.kind for f in dialog.findings] == ["watch_list"]  # the watch list itself
    out = tmp_path / "everything.json"
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export_to(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {item["id"] for item in data["items"]} == set(ids.values())
    assert data["settings"]["privacy_watch_list"] == ["[redacted: watch-list word]"]


def test_a_failed_write_shows_one_clear_message_and_writes_nothing(qtbot, journal, tmp_path):
    fill_journal(journal)
    dialog = open_dialog(qtbot, journal)
    dialog.set_format("md")
    check(qtbot, dialog)
    out = tmp_path / "missing" / "summary.md"
    dialog.export_to(out)
    settle(qtbot, dialog)
    assert dialog.isVisible()
    assert "does not exist" in dialog.error_label.text()
    assert not out.exists()
    assert dialog.export_button.isEnabled()


def test_the_full_text_choice_is_per_item(qtbot, journal):
    ids = fill_journal(journal)
    dialog = open_dialog(qtbot, journal)
    dialog.set_full_text(ids["handover"], True)
    selection = dialog.selection()
    assert selection.text_choices[ids["handover"]] is True
    assert selection.text_choices[ids["recovery"]] is False
    assert dialog._text_choices[ids["handover"]].currentText() == FULL_TEXT


def choose(qtbot, combo: QComboBox, data: str) -> None:
    """Pick an entry of a combo box from the keyboard, as a user would."""
    index = combo.findData(data)
    assert index >= 0
    combo.setFocus()
    while combo.currentIndex() != index:
        down = combo.currentIndex() < index
        qtbot.keyClick(combo, Qt.Key.Key_Down if down else Qt.Key.Key_Up)


def test_the_summary_can_be_organised_by_the_nmc_code(qtbot, journal, tmp_path):
    fill_journal(journal)
    journal.save(
        Item(
            kind=ItemKind.ENTRY,
            title="Asking before assuming",
            date=datetime.combine(PERIOD.end, time(18, 0)),
            capabilities=("nmc-code:1.2",),
        )
    )
    dialog = open_dialog(qtbot, journal)
    assert dialog.framework_combo.currentData() == journal.framework.id
    dialog.set_format("md")
    choose(qtbot, dialog.framework_combo, "nmc-code")
    check(qtbot, dialog)
    out = tmp_path / "summary.md"
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export_to(out)
    text = out.read_text(encoding="utf-8")
    nmc = load_framework("nmc-code")
    assert nmc.capability(1).name in text and "Asking before assuming" in text
    assert journal.framework.capability(1).name not in text


def test_the_framework_follows_the_summary_pages_choice_and_not_the_json_export(qtbot, journal):
    set_preferred_framework(journal, "nmc-code")
    dialog = open_dialog(qtbot, journal)
    assert dialog.framework_combo.currentData() == "nmc-code"
    dialog.set_format("json")
    assert not dialog.framework_combo.isEnabled()  # the lossless export holds every framework
