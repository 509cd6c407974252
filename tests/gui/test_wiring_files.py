"""The File menu: export, import, back up now; and the CPD section's hours."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from reflect.core.backup import inspect_backup
from reflect.core.cpd import set_revalidation_date
from reflect.core.model import CpdDetails, Item, ItemKind
from reflect.gui.export_dialog import ExportDialog
from reflect.gui.import_dialog import ImportDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def test_file_export_and_import_open_their_dialogs(qtbot, window) -> None:
    texts = [a.text() for a in window.file_menu.actions()]
    assert "&Export…" in texts and "&Import…" in texts and "&Back up now…" in texts

    window.export_action.trigger()
    export = window.findChild(ExportDialog)
    assert export is not None and export.isVisible()
    export.reject()

    window.import_action.trigger()
    importing = window.findChild(ImportDialog)
    assert importing is not None and importing.isVisible()
    importing.reject()


def test_the_file_actions_wait_for_an_unlocked_journal(qtbot, window) -> None:
    window.lock()
    for action in (window.export_action, window.import_action, window.backup_action):
        assert not action.isEnabled()
    assert not window.templates_menu.isEnabled()


def test_an_import_shows_in_the_list_at_once(qtbot, window, tmp_path) -> None:
    source = tmp_path / "notes"
    source.mkdir()
    (source / "2026-02-01 A note.md").write_text("# A note from before\n\nWords.\n")
    window.import_action.trigger()
    dialog = window.findChild(ImportDialog)
    dialog.set_source(source, "markdown")
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert window.workspace.list_model.total == 1
    assert "Imported 1 item." in window.statusBar().currentMessage()


def test_back_up_now_writes_a_backup_the_core_accepts(qtbot, window, tmp_path) -> None:
    window.journal.save(window.journal.new_item(ItemKind.ENTRY, "Kept safe"))
    target = tmp_path / "my-backup.reflectbackup"
    chooser = window.back_up_now()
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave

    with qtbot.waitSignal(chooser.fileSelected, timeout=3000):
        chooser.selectFile(str(target))
        chooser.accept()
    qtbot.waitUntil(lambda: "Backed up" in window.statusBar().currentMessage(), timeout=10_000)

    info = inspect_backup(target)
    assert info.vault_id == window.vault.vault_id
    assert window.backup_label.isVisible()
    assert window.backup_label.text().startswith("Last backup: ")


def test_the_cpd_section_shows_hours_in_the_revalidation_cycle(qtbot, window) -> None:
    journal = window.journal
    set_revalidation_date(journal, date(2027, 3, 31))
    for title, hours, together in (("Safety planning", 3.5, True), ("Reading", 2.0, False)):
        journal.save(
            Item(
                kind=ItemKind.CPD,
                title=title,
                date=datetime(2026, 1, 14, 9, 30),
                cpd=CpdDetails(hours=hours, participatory=together),
            )
        )
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    strip = window.workspace.cpd_strip
    assert strip.isVisible()
    assert strip.text.text() == (
        "5.5 of 35 hours (3.5 of 20 participatory) in your revalidation cycle to 31 March 2027"
    )
    assert strip.bar.value() == round(5.5 / 35 * 1000)
    assert "5.5 of 35 hours" in strip.bar.text()

    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert not strip.isVisible(), "only the CPD section shows it"


def test_preferences_set_the_revalidation_date_and_the_strip_follows(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    strip = window.workspace.cpd_strip
    assert "Set your revalidation date in Preferences" in strip.text.text()
    window.show_preferences()
    from reflect.gui.dialogs import PreferencesDialog

    dialog = window.findChild(PreferencesDialog)
    dialog.revalidation.set_value(date(2028, 6, 30))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert strip.text.text().endswith("in your revalidation cycle to 30 June 2028")
