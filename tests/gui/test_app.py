"""The composition root, accessibility, keyboard reach and the remembered window state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import Vault
from reflect.gui import app as gui_app
from reflect.gui.passphrase import assess

INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractButton,
)


def _internal(widget: QWidget) -> bool:
    """Qt's own parts of a compound widget (a spin box's line edit, a combo's list…)."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar | QLineEdit) or (
            isinstance(parent, QAbstractItemView) and widget is not parent
        ):
            return True
        if parent.objectName().startswith("qt_"):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_inputs(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or _internal(widget):
            continue
        name = widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "")
        if not name:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_input_has_an_accessible_name(qtbot, make_window, window, tmp_path) -> None:
    window.new_supervision_action.trigger()
    assert unnamed_inputs(window) == []
    setup = make_window(Vault(tmp_path / "new", keystore=MemoryKeyStore()))
    assert unnamed_inputs(setup) == []
    setup.close()


COLOUR_WORDS = ("color", "background", "#")


def test_no_hard_coded_colours(qtbot, window) -> None:
    """Colours come from the platform palette, so the light or dark system scheme is followed."""
    editor = window.workspace.editor
    window.new_entry_action.trigger()
    editor.body.insertPlainText("We wrote a safety plan together after the risk assessment.")
    qtbot.waitUntil(lambda: bool(editor.suggestions.suggestions()), timeout=5000)
    coloured = [
        type(w).__name__
        for w in window.findChildren(QWidget)
        if any(word in w.styleSheet().lower() for word in COLOUR_WORDS)
    ]
    assert coloured == []
    assert QApplication.instance().styleSheet() == ""


def test_sections_are_reachable_from_the_keyboard(qtbot, window) -> None:
    ctrl = Qt.KeyboardModifier.ControlModifier
    for key, section in (
        (Qt.Key.Key_2, "supervision"),
        (Qt.Key.Key_3, "goals"),
        (Qt.Key.Key_4, "cpd"),
        (Qt.Key.Key_5, "summary"),
        (Qt.Key.Key_6, "trash"),
        (Qt.Key.Key_1, "journal"),
    ):
        qtbot.keyClick(window, key, ctrl)
        assert window.workspace.section.key == section


def test_window_state_is_remembered(qtbot, make_window, remembered_vault, ui_settings) -> None:
    first = make_window(remembered_vault)
    first.resize(first.minimumSizeHint().width(), 520)  # within the small offscreen screen
    size = (first.width(), first.height())
    first.close()
    assert ui_settings.value("window/geometry") is not None
    second = make_window(remembered_vault)
    assert (second.width(), second.height()) == size
    # Only layout lives there: nothing from the journal.
    assert set(ui_settings.allKeys()) <= {
        "window/geometry",
        "window/state",
        "workspace/split",
        "workspace/items",
        "editor/split",
        "editor/body_split",
        "editor/preview",
    }


def test_summary_page_can_be_swapped(qtbot, window) -> None:
    from PySide6.QtWidgets import QLabel

    replacement = QLabel("A real summary")
    window.set_summary_widget(replacement)
    window.workspace.select_section("summary")
    assert window.workspace.pages.currentWidget() is replacement


def test_launch_starts_at_set_up_on_a_new_machine(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "fresh"))
    window = gui_app.launch([])
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.setup_view is not None, "no vault yet: first-run set-up"
    assert window.vault.data_dir == tmp_path / "fresh"
    window.close()
    assert not (tmp_path / "fresh").exists(), "nothing is written before set-up"


def test_passphrase_strength_is_a_rough_guide() -> None:
    assert not assess("short").acceptable
    assert assess("password").label == "Weak"
    assert assess("correct horse battery staple").label == "Strong"
    assert assess("aaaaaaaaaaaaaaaaaaaaaaaa").label == "Weak", "repetition is not strength"
    assert not assess(" padded passphrase ").acceptable
