"""The trash: items moved there stay until restored or deleted for good (after a question)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reflect.core.journal import Journal
from reflect.core.model import ItemFilter
from reflect.errors import ReflectError
from reflect.gui.models import Column, ItemListModel, title_text, when_text
from reflect.gui.translate import kind_label
from reflect.gui.widgets import SafeTextBrowser, confirm, named, user_message


class TrashPage(QWidget):
    """Lists the trash; ``restored`` carries the id of an item brought back."""

    restored = Signal(int)
    message = Signal(str)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.model = ItemListModel(
            journal,
            ItemFilter(trash=True),
            (Column.TITLE, Column.KIND, Column.DATE, Column.DELETED),
            self,
            load=False,  # read when the Trash is opened
        )
        self.view = named(QTableView(), self.tr("Items in the trash"))
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._show)
        self.preview = named(SafeTextBrowser(), self.tr("The item chosen in the trash"))
        self.restore_button = named(QPushButton(self.tr("&Restore")), self.tr("Restore the item"))
        self.delete_button = named(
            QPushButton(self.tr("&Delete forever…")), self.tr("Delete the item forever")
        )
        self.restore_button.clicked.connect(self.restore_current)
        self.delete_button.clicked.connect(self.delete_current)
        heading = QLabel(self.tr("Trash"))
        heading_font = heading.font()
        heading_font.setBold(True)
        heading.setFont(heading_font)
        self.count = QLabel()
        note = QLabel(
            self.tr(
                "Items here do not count towards your summary. Restore one to bring it back, "
                "with its history."
            )
        )
        note.setWordWrap(True)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def refresh(self) -> None:
        self.model.refresh()
        self.preview.clear()
        total = self.model.total
        if total == 0:
            self.count.setText(self.tr("The trash is empty."))
        elif total == 1:
            self.count.setText(self.tr("%n item", None, total))
        else:
            self.count.setText(self.tr("%n items", None, total))
        if total:
            self.view.selectRow(0)
        self._update_buttons()

    def clear(self) -> None:
        self.model.clear()
        self.preview.clear()
        self.count.clear()

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.summary_at(index.row()).id)

    def _update_buttons(self) -> None:
        chosen = self.current_id() is not None
        self.restore_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _show(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self._update_buttons()
        if not current.isValid():
            self.preview.clear()
            return
        try:
            item = self.journal.get(self.model.summary_at(current.row()).id)
        except ReflectError as exc:
            self.preview.setPlainText(user_message(exc))
            return
        self.preview.show_markdown(
            f"# {title_text(item.title)}\n\n*{kind_label(item.kind)}, {when_text(item.date)}*\n\n"
            + item.body
        )

    def restore_current(self) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        try:
            self.journal.restore(item_id)
        except ReflectError as exc:
            self.message.emit(user_message(exc))
            return
        self.refresh()
        self.message.emit(self.tr("Restored from the trash."))
        self.restored.emit(item_id)

    def delete_current(self) -> None:
        item_id = self.current_id()
        if item_id is None:
            return

        def purge() -> None:
            try:
                self.journal.purge(item_id)
            except ReflectError as exc:
                self.message.emit(user_message(exc))
                return
            self.refresh()
            self.message.emit(self.tr("Deleted forever."))

        confirm(
            self,
            self.tr("Delete forever"),
            self.tr("Delete this item and all its earlier versions for good?"),
            self.tr("Delete forever"),
            purge,
            informative=self.tr("This cannot be undone."),
        )
