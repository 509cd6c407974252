"""Small widgets and helpers shared by the screens of the app."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QUrl
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reflect.core.frameworks import framework_ids, load_framework
from reflect.core.markdown_render import render_markdown
from reflect.errors import ReflectError

log = logging.getLogger(__name__)

W = TypeVar("W", bound=QWidget)

#: The earliest date an optional date field can hold; showing it means "no date".
NO_DATE = QDate(1900, 1, 1)


def named(widget: W, name: str, description: str = "") -> W:
    """``widget`` with an accessible name (and description) for screen readers."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def framework_choice(name: str, *, short_names: bool = False) -> QComboBox:
    """Every installed capability framework, to review or export by (item data: its id).

    Short names keep a header narrow; each entry's tooltip is the full name either way.
    """
    combo = named(QComboBox(), name)
    for framework_id in framework_ids():
        framework = load_framework(framework_id)
        combo.addItem(framework.short_name if short_names else framework.name, framework_id)
        combo.setItemData(combo.count() - 1, framework.name, Qt.ItemDataRole.ToolTipRole)
    return combo


def centre(host: QWidget, content: QWidget, width: int) -> None:
    """Lay ``content`` out in the middle of ``host``, a little above centre (the set-up and
    unlock screens); ``width`` is its share of the row against one part of space each side."""
    outer = QHBoxLayout(host)
    outer.addStretch(1)
    column = QVBoxLayout()
    column.addStretch(1)
    column.addWidget(content)
    column.addStretch(2)
    outer.addLayout(column, width)
    outer.addStretch(1)


def user_message(exc: BaseException) -> str:
    """What to tell the user about ``exc``: our own wording for known errors, never internals."""
    if isinstance(exc, ReflectError):
        text = str(exc)
        return f"{text[:1].upper()}{text[1:]}"
    # A bug. Its message could quote the user's writing, so only its type is named.
    log.error("internal error (%s)", type(exc).__name__)
    return QCoreApplication.translate(
        "Widgets",
        "Something went wrong inside Reflect ({name}). This is a bug, not something you did.",
    ).format(name=type(exc).__name__)


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value is not None else NO_DATE


def from_qdate(value: QDate) -> date | None:
    if not value.isValid() or value <= NO_DATE:
        return None
    return date(value.year(), value.month(), value.day())


class OptionalDateEdit(QDateEdit):
    """A date field that may also say "no date" (shown as ``empty_text``)."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(empty_text)
        self.setDate(NO_DATE)
        self._calendar = self.calendarWidget()
        self._calendar.installEventFilter(self)

    def value(self) -> date | None:
        return from_qdate(self.date())

    def set_value(self, value: date | None) -> None:
        self.setDate(to_qdate(value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An empty field would open its calendar on January 1900: show this month instead
        # (changing the page only, so the field stays empty until a day is clicked).
        if (
            event.type() == QEvent.Type.Show
            and watched is self._calendar
            and self.date() == NO_DATE
        ):
            today = QDate.currentDate()
            self._calendar.setCurrentPage(today.year(), today.month())
        return False


class SafeTextBrowser(QTextBrowser):
    """A read-only rich-text view that never loads anything: no images, no styles, no links.

    The HTML it is given has been sanitised already (:func:`render_markdown`); this is the second
    wall: whatever a document asks for, the answer is nothing, so no file is read and no network
    request is ever attempted.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        #: Addresses the document asked for and did not get (for tests and debugging).
        self.refused: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        self.refused.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None

    def show_markdown(self, text: str) -> None:
        self.setHtml(render_markdown(text))

    def clear(self) -> None:
        super().clear()
        self.document().clear()


def confirm(
    parent: QWidget,
    title: str,
    text: str,
    yes_text: str,
    on_yes: Callable[[], None],
    *,
    informative: str = "",
) -> QMessageBox:
    """Ask a yes/no question without a nested event loop (so auto-lock can close it safely)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    if informative:
        box.setInformativeText(informative)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished() -> None:
        if box.clickedButton() is yes:
            on_yes()
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box


def inform(parent: QWidget, title: str, text: str, *, warning: bool = False) -> QMessageBox:
    """Tell the user something, without a nested event loop."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
