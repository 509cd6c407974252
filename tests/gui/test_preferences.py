"""Preferences: settings kept in the vault, remember/forget on this device, a new passphrase."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from reflect.gui.dialogs import ChangePassphraseDialog, PreferencesDialog
from tests.conftest import PASSPHRASE
from tests.gui.helpers import type_text

LEFT = Qt.MouseButton.LeftButton
NEW_PASSPHRASE = "lantern orchard pebble violin"


def open_preferences(qtbot, window) -> PreferencesDialog:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = [d for d in window.findChildren(PreferencesDialog) if d.isVisible()]
    return dialog


def press_ok(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), LEFT)


def test_settings_are_kept_in_the_journal(qtbot, window) -> None:
    dialog = open_preferences(qtbot, window)
    type_text(qtbot, dialog.name, "Sam Example")
    type_text(qtbot, dialog.role, "Community mental health nurse")
    dialog.review.setDate(QDate(2026, 6, 30))
    press_ok(qtbot, dialog)
    journal = window.journal
    assert journal.setting("practitioner_name") == "Sam Example"
    assert journal.setting("practitioner_role") == "Community mental health nurse"
    assert journal.setting("review_date") == "2026-06-30"

    again = open_preferences(qtbot, window)
    assert again.name.text() == "Sam Example"
    assert again.review.value() == date(2026, 6, 30)


def test_forget_and_remember_on_this_device(qtbot, window) -> None:
    vault = window.vault
    assert vault.is_remembered()
    dialog = open_preferences(qtbot, window)
    assert dialog.remember.isChecked()
    dialog.remember.setFocus()
    qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)
    press_ok(qtbot, dialog)
    assert not vault.is_remembered()

    dialog = open_preferences(qtbot, window)
    qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)
    press_ok(qtbot, dialog)
    assert vault.is_remembered()


def test_change_passphrase(qtbot, window) -> None:
    dialog = open_preferences(qtbot, window)
    qtbot.mouseClick(dialog.change_button, LEFT)
    change = dialog.findChild(ChangePassphraseDialog)
    assert change is not None and change.isVisible()
    type_text(qtbot, change.current, "not it at all")
    type_text(qtbot, change.form.passphrase, NEW_PASSPHRASE)
    type_text(qtbot, change.form.confirm, NEW_PASSPHRASE)
    qtbot.mouseClick(change.ok, LEFT)
    qtbot.waitUntil(lambda: "not right" in change.message.text(), timeout=10_000)

    change.current.clear()
    type_text(qtbot, change.current, PASSPHRASE)
    qtbot.mouseClick(change.ok, LEFT)
    qtbot.waitUntil(lambda: "changed" in dialog.message.text(), timeout=10_000)
    assert window.vault.unlock_with_passphrase(NEW_PASSPHRASE)


def test_ctrl_n_from_the_trash_writes_in_the_journal(qtbot, window) -> None:
    window.workspace.select_section("trash")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    workspace = window.workspace
    assert workspace.section.key == "journal"
    assert workspace.editor.body.hasFocus()
