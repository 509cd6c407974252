"""Find: a search field over everything and filters (kind, capability, tag, dates) that combine.

The bar only gathers what the user asked for, as a query string and an :class:`ItemFilter`; the
journal does the searching and filtering.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reflect.core.frameworks import Framework
from reflect.core.model import ItemFilter, ItemKind
from reflect.gui.widgets import OptionalDateEdit, named


def kind_choices() -> dict[ItemKind, str]:
    """The kinds the Kind filter offers, in the user's language."""
    return {
        ItemKind.ENTRY: QCoreApplication.translate("FindBar", "Journal entries"),
        ItemKind.SUPERVISION: QCoreApplication.translate("FindBar", "Supervision notes"),
        ItemKind.GOAL: QCoreApplication.translate("FindBar", "Goals"),
        ItemKind.CPD: QCoreApplication.translate("FindBar", "CPD activities"),
    }


class FindBar(QWidget):
    """Emits ``changed`` (debounced while typing) whenever the query or a filter changes."""

    changed = Signal()

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.changed)

        self.search = named(QLineEdit(), self.tr("Search everything"))
        self.search.setPlaceholderText(self.tr("Search everything (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._now)
        self.filters_button = named(QPushButton(self.tr("Filters")), self.tr("Show filters"))
        self.filters_button.setCheckable(True)
        self.filters_button.toggled.connect(self._show_filters)

        self.kind = named(QComboBox(), self.tr("Kind of item"))
        self.kind.addItem(self.tr("All kinds"), None)
        for kind, kind_name in kind_choices().items():
            self.kind.addItem(kind_name, kind)
        self.capability = named(QComboBox(), self.tr("Capability or indicator"))
        self.capability.addItem(self.tr("Any capability"), None)
        for capability in framework.capabilities:
            self.capability.addItem(f"{capability.id}  {capability.name}", capability.code)
            for indicator in capability.indicators:
                self.capability.addItem(f"      {indicator.code}  {indicator.text}", indicator.code)
                self.capability.setItemData(
                    self.capability.count() - 1, indicator.text, Qt.ItemDataRole.ToolTipRole
                )
        self.capability.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.capability.setMinimumContentsLength(14)
        self.capability.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.capability.view().setMinimumWidth(420)
        self.tag = named(QComboBox(), self.tr("Tag"))
        self.tag.addItem(self._any_tag(), None)
        self.tag.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag.setMinimumContentsLength(8)
        self.date_from = named(OptionalDateEdit(self.tr("Any date")), self.tr("From date"))
        self.date_to = named(OptionalDateEdit(self.tr("Any date")), self.tr("To date"))
        self.clear_button = named(
            QPushButton(self.tr("C&lear")), self.tr("Clear the search and filters")
        )
        self.clear_button.clicked.connect(self.clear)
        for combo in (self.kind, self.capability, self.tag):
            combo.currentIndexChanged.connect(self._now)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._now)

        self.filters = QWidget()
        grid = QGridLayout(self.filters)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (text, widget) in enumerate(
            (
                (self.tr("&Kind"), self.kind),
                (self.tr("Ca&pability"), self.capability),
                (self.tr("Ta&g"), self.tag),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1, 1, 3)
        from_label = QLabel(self.tr("&From"))
        from_label.setBuddy(self.date_from)
        to_label = QLabel(self.tr("&to"))
        to_label.setBuddy(self.date_to)
        grid.addWidget(from_label, 3, 0)
        grid.addWidget(self.date_from, 3, 1)
        grid.addWidget(to_label, 3, 2)
        grid.addWidget(self.date_to, 3, 3)
        grid.addWidget(self.clear_button, 4, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.filters.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.filters_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters)

    # --- what was asked ----------------------------------------------------------------------

    def query(self) -> str:
        return self.search.text().strip()

    def item_filter(self) -> ItemFilter:
        kind = self.kind.currentData()
        tag = self.tag.currentData()
        return ItemFilter(
            kinds=(ItemKind(kind),) if kind else (),
            capability=self.capability.currentData(),
            tags=(str(tag),) if tag else (),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
        )

    def filters_active(self) -> bool:
        return self.item_filter() != ItemFilter()

    def active(self) -> bool:
        return bool(self.query()) or self.filters_active()

    # --- changing it -------------------------------------------------------------------------

    def set_tags(self, tags: list[str]) -> None:
        """Offer these tags, keeping the current choice if it is still there."""
        current = self.tag.currentData()
        self._quiet = True
        try:
            self.tag.clear()
            self.tag.addItem(self._any_tag(), None)
            for tag in tags:
                self.tag.addItem(tag, tag)
            index = self.tag.findData(current) if current else 0
            self.tag.setCurrentIndex(max(index, 0))
        finally:
            self._quiet = False
        if current and self.tag.currentData() != current:
            self._now()

    def select_capability(self, code: str | None) -> None:
        self.capability.setCurrentIndex(max(self.capability.findData(code), 0))

    def clear(self) -> None:
        """No query and no filters (one ``changed``)."""
        self._quiet = True
        try:
            self.search.clear()
            for combo in (self.kind, self.capability, self.tag):
                combo.setCurrentIndex(0)
            self.date_from.set_value(None)
            self.date_to.set_value(None)
        finally:
            self._quiet = False
        self._now()

    def forget(self) -> None:
        """Empty everything including the tag list, without signalling (on lock)."""
        self._quiet = True
        try:
            self.clear()
            self.tag.clear()
            self.tag.addItem(self._any_tag(), None)
        finally:
            self._quiet = False
        self._debounce.stop()

    def _any_tag(self) -> str:
        return self.tr("Any tag")

    def _show_filters(self, shown: bool) -> None:
        self.filters.setVisible(shown)
        self.filters_button.setAccessibleName(
            self.tr("Hide filters") if shown else self.tr("Show filters")
        )

    def _typed(self) -> None:
        if not self._quiet:
            self._debounce.start()

    def _now(self) -> None:
        if self._quiet:
            return
        self._debounce.stop()
        self.changed.emit()
