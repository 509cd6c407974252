"""File → Import: a preview of what will come in, tags mapped to capabilities, one clear error."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from reflect.core.importers import import_file, importer_names, preview
from reflect.core.model import ItemFilter
from reflect.gui.import_dialog import ImportDialog, PreviewModel

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
JRNL = DATA / "jrnl" / "journal.json"


def open_dialog(qtbot, journal) -> ImportDialog:
    dialog = ImportDialog(journal)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.runner.wait())
    dialog.show()
    return dialog


def settle(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.runner.busy, timeout=5000)


def cell(dialog: ImportDialog, row: int, column: int) -> str:
    model = dialog.preview_model
    return str(model.data(model.index(row, column)))


def test_the_formats_offered_are_the_registry(qtbot, journal):
    dialog = open_dialog(qtbot, journal)

    combo = dialog.format_combo
    assert [combo.itemData(i) for i in range(combo.count())] == importer_names()


def test_the_preview_lists_every_record_and_marks_duplicates_without_saving(qtbot, journal):
    dialog = open_dialog(qtbot, journal)

    dialog.set_source(JRNL, "jrnl-json")
    settle(qtbot, dialog)

    assert dialog.preview_model.rowCount() == 7
    assert cell(dialog, 0, 0) == "4 Mar 2024, 07:45"
    assert cell(dialog, 0, 1) == "Difficult handover on the ward."
    assert cell(dialog, 0, 2) == "#handover #risk #starred"
    assert cell(dialog, 6, 4) == "Already there: skipped"
    assert dialog.summary_label.text() == (
        "6 new items will be imported; 1 item already in your journal will be skipped."
    )
    assert dialog.import_button.isEnabled()
    assert journal.count() == 0


def test_mapping_a_tag_to_a_capability_then_importing(qtbot, journal):
    dialog = open_dialog(qtbot, journal)
    dialog.set_source(JRNL, "jrnl-json")
    settle(qtbot, dialog)

    combo = dialog._tag_combos["risk"]
    combo.setCurrentIndex(combo.findData("9"))
    settle(qtbot, dialog)
    assert cell(dialog, 0, 3) == "9"
    assert dialog.tag_map() == {"risk": "9"}

    with qtbot.waitSignal(dialog.imported, timeout=5000) as signal:
        dialog.import_button.click()

    assert signal.args[0].imported == 6
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert journal.count() == 6
    assert journal.count(ItemFilter(capability="9")) == 2


def test_a_malformed_file_shows_one_clear_message_and_cannot_be_imported(qtbot, journal):
    dialog = open_dialog(qtbot, journal)

    dialog.set_source(DATA / "jrnl" / "bad-date.json", "jrnl-json")
    settle(qtbot, dialog)

    assert dialog.error_label.isVisible()
    assert "entry 3 ('Leap day that is not.')" in dialog.error_label.text()
    assert "Traceback" not in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.preview_model.rowCount() == 0
    assert journal.count() == 0


def test_a_file_already_imported_has_nothing_new(qtbot, journal):
    import_file(journal, JRNL, "jrnl-json")
    dialog = open_dialog(qtbot, journal)

    dialog.set_source(JRNL, "jrnl-json")
    settle(qtbot, dialog)

    assert dialog.summary_label.text().startswith("Nothing new to import")
    assert not dialog.import_button.isEnabled()


def test_a_markdown_folder_previews_after_switching_format(qtbot, journal):
    dialog = open_dialog(qtbot, journal)

    dialog.set_source(DATA / "markdown", "markdown")
    settle(qtbot, dialog)

    assert dialog.preview_model.rowCount() == 5
    assert not dialog.error_label.isVisible()


def test_the_preview_model_passes_the_model_tester(qtmodeltester):
    model = PreviewModel()
    model.set_rows(preview(JRNL, "jrnl-json").items_preview)

    qtmodeltester.check(model)
