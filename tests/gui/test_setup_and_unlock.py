"""First run to a usable window; unlocking with the passphrase or the recovery code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import ItemKind
from reflect.core.vault import Vault
from reflect.gui.setup_view import welcome
from reflect.gui.unlock_view import wrong_passphrase
from tests.conftest import PASSPHRASE
from tests.gui.helpers import type_text

LEFT = Qt.MouseButton.LeftButton
NEW_PASSPHRASE = "lantern orchard pebble violin"


def test_first_run_to_a_usable_window(qtbot, make_window, tmp_path: Path) -> None:
    store = MemoryKeyStore()
    vault = Vault(tmp_path / "new", keystore=store)
    window = make_window(vault)
    setup = window.setup_view
    assert setup is not None and window.stack.currentWidget() is setup
    assert window.is_locked
    assert any(
        label.text() == welcome() and label.isVisible() for label in setup.findChildren(QLabel)
    )

    # A weak passphrase is called weak; a mismatch blocks creating.
    form = setup.form
    type_text(qtbot, form.passphrase, "password")
    assert form.meter.format() == "Weak"
    form.passphrase.clear()
    type_text(qtbot, form.passphrase, NEW_PASSPHRASE)
    assert form.meter.format() == "Strong"
    type_text(qtbot, form.confirm, NEW_PASSPHRASE + "x")
    assert not setup.create_button.isEnabled()
    qtbot.keyClick(form.confirm, Qt.Key.Key_Backspace)
    assert setup.create_button.isEnabled()
    assert setup.remember.isVisible(), "a working keyring is offered"
    qtbot.keyClick(setup.remember, Qt.Key.Key_Space)
    qtbot.mouseClick(setup.create_button, LEFT)

    qtbot.waitUntil(lambda: setup.pages.currentIndex() == 1, timeout=10_000)
    code = setup.code.text()
    assert len(code.replace("-", "")) == 28
    assert setup.print_button.isVisible() and setup.print_button.isEnabled()

    # Copy puts the code on the clipboard.
    qtbot.mouseClick(setup.copy_button, LEFT)
    assert QApplication.clipboard().text() == code

    # The code must be re-typed before going on.
    assert not setup.continue_button.isEnabled()
    type_text(qtbot, setup.retype, code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert not setup.continue_button.isEnabled()
    setup.retype.clear()
    type_text(qtbot, setup.retype, code.lower().replace("-", " "))
    assert setup.continue_button.isEnabled()
    qtbot.mouseClick(setup.continue_button, LEFT)

    assert not window.is_locked
    assert window.workspace is not None
    assert window.stack.currentWidget() is window.workspace
    assert code not in "".join(
        label.text() for label in window.findChildren(type(setup.code)) if label.isVisible()
    )
    # Usable: write an entry straight away.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, window.workspace.editor.body, "My first reflection")
    window.workspace.flush()
    assert window.journal.count() == 1
    # Remembered on this device, as asked; passphrase and code both open the vault.
    assert vault.is_remembered()
    window.close()
    assert vault.unlock_with_passphrase(NEW_PASSPHRASE) == vault.unlock_with_recovery_code(code)
    # Closing cleared the copied code from the clipboard.
    assert QApplication.clipboard().text() != code


def test_copied_recovery_code_leaves_the_clipboard(qtbot, make_window, tmp_path: Path) -> None:
    vault = Vault(tmp_path / "new", keystore=MemoryKeyStore(available=False))
    window = make_window(vault, clipboard_clear_ms=50)
    setup = window.setup_view
    assert not setup.remember.isVisible(), "no keyring, no offer"
    type_text(qtbot, setup.form.passphrase, NEW_PASSPHRASE)
    type_text(qtbot, setup.form.confirm, NEW_PASSPHRASE)
    qtbot.keyClick(setup.form.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: setup.pages.currentIndex() == 1, timeout=10_000)
    code = setup.code.text()
    qtbot.mouseClick(setup.copy_button, LEFT)
    assert QApplication.clipboard().text() == code
    qtbot.waitUntil(lambda: QApplication.clipboard().text() != code)

    # Something else the user copies meanwhile is left alone.
    qtbot.mouseClick(setup.copy_button, LEFT)
    QApplication.clipboard().setText("my shopping list")
    qtbot.wait(80)
    assert QApplication.clipboard().text() == "my shopping list"


def test_wrong_then_right_passphrase(qtbot, make_window, vault, data_key) -> None:
    with vault.open(data_key) as journal:
        journal.save(journal.new_item(ItemKind.ENTRY, "Already here"))
    window = make_window(vault)
    view = window.unlock_view
    assert window.is_locked
    assert not view.device_button.isVisible()

    type_text(qtbot, view.passphrase, "not my passphrase")
    qtbot.mouseClick(view.unlock_button, LEFT)
    qtbot.waitUntil(lambda: view.message.text() == wrong_passphrase(), timeout=10_000)
    assert window.is_locked
    assert view.unlock_button.isEnabled()

    view.passphrase.clear()
    type_text(qtbot, view.passphrase, PASSPHRASE)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)
    assert view.passphrase.text() == ""
    assert window.workspace.list_model.index(0, 0).data() == "Already here"


def test_recovery_code_sets_a_new_passphrase(qtbot, make_window, tmp_path: Path) -> None:
    vault = Vault(tmp_path / "v", keystore=MemoryKeyStore())
    code = vault.create(PASSPHRASE).recovery_code
    window = make_window(vault)
    view = window.unlock_view
    qtbot.mouseClick(view.recovery_link, LEFT)
    assert view.pages.currentIndex() == 1
    type_text(qtbot, view.code, code[:-2] + "ZZ")  # a typo is caught before any derivation
    type_text(qtbot, view.new_passphrase.passphrase, NEW_PASSPHRASE)
    type_text(qtbot, view.new_passphrase.confirm, NEW_PASSPHRASE)
    qtbot.mouseClick(view.recover_button, LEFT)
    qtbot.waitUntil(lambda: "typo" in view.recovery_message.text(), timeout=10_000)
    assert window.is_locked

    view.code.clear()
    type_text(qtbot, view.code, code)
    qtbot.mouseClick(view.recover_button, LEFT)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)
    window.lock()
    assert vault.unlock_with_passphrase(NEW_PASSPHRASE)


def test_remembered_key_opens_without_asking(qtbot, make_window, remembered_vault) -> None:
    window = make_window(remembered_vault)
    assert not window.is_locked
    window.lock()
    view = window.unlock_view
    assert view.device_button.isVisible()
    qtbot.mouseClick(view.device_button, LEFT)
    assert not window.is_locked


def test_damaged_vault_is_reported_on_the_unlock_screen(qtbot, make_window, vault) -> None:
    vault.envelope_path.write_text("{not json", encoding="utf-8")
    window = make_window(vault)
    assert window.is_locked
    assert "damaged" in window.unlock_view.message.text()
