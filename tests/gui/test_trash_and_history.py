"""Delete to trash and restore; earlier versions viewed and restored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reflect.core.model import ItemFilter, ItemKind
from reflect.errors import NotFound
from reflect.gui.dialogs import RevisionHistoryDialog
from tests.gui.helpers import replace_text, type_text

LEFT = Qt.MouseButton.LeftButton


def select_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())


def test_move_to_trash_and_restore(qtbot, window) -> None:
    journal = window.journal
    keep = journal.save(journal.new_item(ItemKind.ENTRY, "Keep me", body="kept"))
    gone = journal.save(journal.new_item(ItemKind.ENTRY, "Trash me", body="about to go"))
    workspace = window.workspace
    workspace.apply_find()
    row = workspace.list_model.row_of(gone.id)
    select_row(qtbot, workspace.list_view, row)
    assert workspace.editor.current_id == gone.id

    qtbot.mouseClick(workspace.editor.trash_button, LEFT)
    assert [
        workspace.list_model.summary_at(r).id for r in range(workspace.list_model.rowCount())
    ] == [keep.id]
    assert workspace.editor.current_id is None
    assert journal.get(gone.id).in_trash

    window.section_actions[5].trigger()  # Trash (Ctrl+6)
    trash = workspace.trash_page
    assert trash.isVisible()
    assert trash.model.rowCount() == 1
    assert trash.current_id() == gone.id
    assert "about to go" in trash.preview.toPlainText()
    qtbot.mouseClick(trash.restore_button, LEFT)
    assert trash.model.rowCount() == 0
    assert not journal.get(gone.id).in_trash

    workspace.select_section("journal")
    assert workspace.list_model.rowCount() == 2


def test_delete_forever_asks_first(qtbot, window) -> None:
    journal = window.journal
    item = journal.save(journal.new_item(ItemKind.ENTRY, "Bin me", body="x"))
    journal.trash(item.id)
    workspace = window.workspace
    workspace.select_section("trash")
    trash = workspace.trash_page

    qtbot.mouseClick(trash.delete_button, LEFT)
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), LEFT)
    assert journal.get(item.id).in_trash

    qtbot.mouseClick(trash.delete_button, LEFT)
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    delete = next(b for b in box.buttons() if b.text() == "Delete forever")
    qtbot.mouseClick(delete, LEFT)
    with pytest.raises(NotFound):
        journal.get(item.id)
    assert trash.model.rowCount() == 0
    assert journal.count(ItemFilter(trash=True)) == 0


def test_delete_key_in_the_list_moves_to_trash(qtbot, window) -> None:
    journal = window.journal
    item = journal.save(journal.new_item(ItemKind.ENTRY, "Delete key", body="x"))
    workspace = window.workspace
    workspace.apply_find()
    select_row(qtbot, workspace.list_view, 0)
    qtbot.keyClick(workspace.list_view, Qt.Key.Key_Delete)
    assert journal.get(item.id).in_trash


def test_restore_an_earlier_version(qtbot, window, gui_clock) -> None:
    window.new_entry_action.trigger()
    workspace = window.workspace
    editor = workspace.editor
    type_text(qtbot, editor.body, "What I first wrote")
    workspace.flush()
    item_id = editor.current_id
    gui_clock.advance(minutes=30)  # a later sitting: the first version is kept
    replace_text(qtbot, editor.body, "A rewrite I regret")
    workspace.flush()
    assert window.journal.get(item_id).body == "A rewrite I regret"
    gui_clock.advance(minutes=30)

    qtbot.mouseClick(editor.history_button, LEFT)
    dialog = window.findChild(RevisionHistoryDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert "What I first wrote" in dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.restore_button, LEFT)

    assert editor.body.toPlainText() == "What I first wrote"
    assert window.journal.get(item_id).body == "What I first wrote"
    # The regretted version is itself kept, so the restore can be undone.
    bodies = [revision.item.body for revision in window.journal.revisions(item_id)]
    assert "A rewrite I regret" in bodies
