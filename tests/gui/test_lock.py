"""Nothing is lost on lock or close, and nothing of the journal stays on screen once locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import ItemFilter, ItemKind
from reflect.core.vault import Vault
from reflect.gui.dialogs import PreferencesDialog
from tests.conftest import PASSPHRASE
from tests.gui.helpers import delete_deferred, replace_text, shows_anywhere, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SECRET_TITLE = "Zephyrine handover"
SECRET_BODY = "Quillon said the corridor felt unsafe"
SECRET_TAG = "marmalade-tag"


def unlock(qtbot, window, passphrase: str = PASSPHRASE) -> None:
    view = window.unlock_view
    assert window.stack.currentWidget() is view
    type_text(qtbot, view.passphrase, passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)


def test_closing_the_window_mid_edit_keeps_the_text(qtbot, make_window, vault, data_key) -> None:
    # Autosave is far off: only the close can save this.
    store = MemoryKeyStore()
    remembered = Vault(vault.data_dir, keystore=store)
    store.set(remembered.vault_id, data_key.raw)
    window = make_window(remembered, autosave_ms=600_000)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    type_text(qtbot, window.workspace.editor.body, SECRET_BODY)
    window.close()
    assert window.is_locked

    with vault.open(data_key) as journal:
        (summary,) = journal.list()
        assert journal.get(summary.id).body == SECRET_BODY


def test_typing_is_saved_in_the_background(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    type_text(qtbot, editor.body, "First words")
    qtbot.waitUntil(lambda: editor.current_id is not None and editor.status.text() == "Saved")
    type_text(qtbot, editor.body, ", and more")
    qtbot.waitUntil(lambda: window.journal.get(editor.current_id).body == "First words, and more")
    assert window.journal.count() == 1, "later saves update the same item"


def test_switching_items_mid_save_loses_nothing(qtbot, window) -> None:
    journal = window.journal
    older = journal.save(journal.new_item(ItemKind.ENTRY, "Older", body="older text"))
    workspace = window.workspace
    workspace.apply_find()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    type_text(qtbot, workspace.editor.body, "Typed just before clicking away")
    qtbot.wait(35)  # the autosave may now be on the worker, or not yet: either way
    view = workspace.list_view
    row = workspace.list_model.row_of(older.id)
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(workspace.list_model.index(row, 0)).center(),
    )
    assert workspace.editor.current_id == older.id
    assert workspace.editor.body.toPlainText() == "older text"
    bodies = sorted(journal.get(s.id).body for s in journal.list())
    assert bodies == ["Typed just before clicking away", "older text"]


def test_ctrl_l_saves_then_locks(qtbot, make_window, vault, data_key) -> None:
    window = make_window(vault, autosave_ms=600_000)
    unlock(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    type_text(qtbot, window.workspace.editor.body, SECRET_BODY)
    qtbot.keyClick(window.workspace.editor.body, Qt.Key.Key_L, CTRL)
    assert window.is_locked
    assert window.workspace is None
    with vault.open(data_key) as journal:
        assert [journal.get(s.id).body for s in journal.list()] == [SECRET_BODY]


def test_lock_keeps_an_agreed_action_still_being_typed(qtbot, window, vault, data_key) -> None:
    window.new_supervision_action.trigger()
    editor = window.workspace.editor
    editor.tabs.setCurrentIndex(1)
    fields = editor.supervision_fields
    type_text(qtbot, fields.supervisor, "Dr A. Example")
    qtbot.mouseClick(fields.actions_table.add_button, Qt.MouseButton.LeftButton)
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit)
    type_text(qtbot, cell, "Book a joint visit")  # no Return: the cell is still open
    qtbot.keyClick(cell, Qt.Key.Key_L, CTRL)
    assert window.is_locked
    with vault.open(data_key) as journal:
        (summary,) = journal.list(ItemFilter(kinds=(ItemKind.SUPERVISION,)))
        details = journal.get(summary.id).supervision
        assert details is not None
        assert [a.text for a in details.actions] == ["Book a joint visit"]


def test_auto_lock_clears_every_widget_and_unlock_restores_the_place(
    qtbot, make_window, vault, gui_clock
) -> None:
    window = make_window(vault)
    unlock(qtbot, window)
    workspace = window.workspace
    journal = window.journal
    journal.save(journal.new_item(ItemKind.ENTRY, "An older entry", body="nothing to see"))
    # Write an entry in the Supervision section's neighbour: go to Journal, write, tag.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    type_text(qtbot, workspace.editor.body, SECRET_BODY)
    workspace.editor.title.setFocus()
    type_text(qtbot, workspace.editor.title, SECRET_TITLE)
    workspace.editor.tags.setFocus()
    type_text(qtbot, workspace.editor.tags, SECRET_TAG)
    qtbot.waitUntil(lambda: workspace.editor.current_id is not None and not workspace.editor.dirty)
    item_id = workspace.editor.current_id
    # Search for it too, so the results list and the search field hold journal text.
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(workspace.find_bar.search, "Quillon")
    qtbot.waitUntil(lambda: workspace.results_model.rowCount() == 1)
    qtbot.mouseClick(
        workspace.results_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=workspace.results_view.visualRect(workspace.results_model.index(0, 0)).center(),
    )
    # A dialog showing journal text is open when the lock comes.
    workspace.show_history(item_id)
    assert shows_anywhere(SECRET_TITLE, SECRET_BODY, SECRET_TAG, "Quillon")

    gui_clock.advance(minutes=9)
    qtbot.wait(60)
    assert not window.is_locked, "nine idle minutes are not ten"
    gui_clock.advance(minutes=1, seconds=1)
    qtbot.waitUntil(lambda: window.is_locked)
    assert not journal.is_open
    delete_deferred()
    assert shows_anywhere(SECRET_TITLE, SECRET_BODY, SECRET_TAG, "Quillon", "An older entry") == []
    assert window.stack.currentWidget() is window.unlock_view
    assert not window.new_entry_action.isEnabled()

    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace.section.key == "journal"
    assert workspace.editor.current_id == item_id
    assert workspace.editor.title.text() == SECRET_TITLE
    selected = workspace.list_view.selectionModel().selectedIndexes()
    assert [index.data() for index in selected] == [SECRET_TITLE]


def test_input_postpones_the_auto_lock(qtbot, window, gui_clock) -> None:
    gui_clock.advance(minutes=9)
    qtbot.keyClick(window.workspace.find_bar.search, Qt.Key.Key_A)
    gui_clock.advance(minutes=9)
    qtbot.wait(60)
    assert not window.is_locked
    gui_clock.advance(minutes=2)
    qtbot.waitUntil(lambda: window.is_locked)


def test_idle_time_comes_from_preferences(qtbot, window, gui_clock) -> None:
    journal = window.journal
    window.preferences_action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None
    assert dialog.idle.value() == 10
    replace_text(qtbot, dialog.idle, "2")
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    assert journal.setting("idle_lock_minutes") == 2
    gui_clock.advance(minutes=2)
    qtbot.waitUntil(lambda: window.is_locked)


def test_nothing_of_the_journal_shows_before_unlock(qtbot, make_window, vault, data_key) -> None:
    with vault.open(data_key) as journal:
        journal.save(journal.new_item(ItemKind.ENTRY, SECRET_TITLE, body=SECRET_BODY))
    window = make_window(vault)
    assert window.is_locked
    assert shows_anywhere(SECRET_TITLE, SECRET_BODY) == []
    assert not window.find_action.isEnabled()
