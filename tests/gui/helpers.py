"""Helpers for driving the app like a person would, and for looking at everything it shows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key; a newline is the Return key."""
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(widget, line)


def replace_text(qtbot, widget: QWidget, text: str) -> None:
    """Select everything in a field and type over it."""
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)


def delete_deferred() -> None:
    """Run pending ``deleteLater`` calls, as returning to the event loop would."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def visible_texts() -> list[str]:
    """Every piece of text a live widget could show: fields, labels, buttons, list rows."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        texts.extend(_texts_of(widget))
    return texts


def _texts_of(widget: QWidget) -> list[str]:
    found = [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
    if isinstance(widget, QLineEdit):
        found.append(widget.text())
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        found.append(widget.toPlainText())
    elif isinstance(widget, QLabel | QAbstractButton):
        found.append(widget.text())
    elif isinstance(widget, QComboBox):
        found.extend(widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            try:
                columns = model.columnCount(parent)
            except TypeError:  # QListWidget's model hides columnCount from Python: one column
                columns = 1
            for row in range(model.rowCount(parent)):
                for column in range(columns):
                    index = model.index(row, column, parent)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value:
                            found.append(str(value))
                    if column == 0:
                        stack.append(index)
    return [text for text in found if text]


def shows_anywhere(*words: str) -> list[str]:
    """The ``words`` that some live widget still shows."""
    texts = visible_texts()
    return [word for word in words if any(word in text for text in texts)]
