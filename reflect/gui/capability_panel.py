"""The capability panel: the ten ESC as a checkable tree, so a practitioner learns them by use.

Each capability expands to its indicators. Hovering or selecting a row shows its definition (or the
indicator's wording) in the pane below. The panel only collects codes (``"9"``, ``"9.3"``); what an
indicator implies for coverage is the core's business.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reflect.core.frameworks import (
    Capability,
    Framework,
    Indicator,
    available_frameworks,
    load_framework,
    split_code,
)
from reflect.gui.widgets import named

CODE_ROLE = Qt.ItemDataRole.UserRole + 10


def _tooltip(text: str) -> str:
    # Rich text so Qt wraps long definitions instead of drawing one very wide line.
    return f"<p>{html.escape(text)}</p>"


def capability_model(framework: Framework) -> QStandardItemModel:
    """A two-level checkable model: capabilities, each with its indicators."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels([framework.short_name])
    for capability in framework.capabilities:
        parent = QStandardItem(f"{capability.id}  {capability.name}")
        parent.setData(capability.code, CODE_ROLE)
        parent.setToolTip(_tooltip(capability.definition))
        parent.setCheckable(True)
        parent.setEditable(False)
        for indicator in capability.indicators:
            child = QStandardItem(f"{indicator.code}  {indicator.text}")
            child.setData(indicator.code, CODE_ROLE)
            child.setToolTip(_tooltip(indicator.text))
            child.setCheckable(True)
            child.setEditable(False)
            parent.appendRow(child)
        model.appendRow(parent)
    return model


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text, so every indicator can be read in full."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def _text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        style = self._tree.style()
        check = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self._tree)
        margins = 4 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self._tree)
        indent = self._tree.indentation() * (depth + 1)
        return max(self._tree.viewport().width() - indent - check - margins - 8, 60)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, self._text_width(index), 10_000),
            int(Qt.TextFlag.TextWordWrap),
            text,
        )
        return QSize(size.width(), max(size.height(), bounds.height() + 6))


class _WrappingTree(QTreeView):
    """Re-measures its rows when its width changes, so wrapped text always fits."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class CapabilityPanel(QWidget):
    """Checkable capabilities and indicators with their wording alongside."""

    changed = Signal()

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self._updating = False
        #: Codes of the frameworks not on show: kept as they are, so switching loses nothing.
        self._elsewhere: tuple[str, ...] = ()
        self.model = capability_model(framework)
        self.model.setParent(self)

        # One framework on show at a time (the ESC by default); a nurse can switch to the NMC
        # Code to tag for revalidation. Tags of every framework are kept.
        self.frameworks = [framework] + [
            load_framework(fid) for fid, _ in available_frameworks() if fid != framework.id
        ]
        self.switch = named(QComboBox(), self.tr("Framework"))
        for each in self.frameworks:
            self.switch.addItem(each.short_name, each.id)
        self.switch.currentIndexChanged.connect(self._switch)

        self.heading = QLabel(f"<b>{html.escape(framework.name)}</b>")
        self.heading.setWordWrap(True)
        self.chosen = QLabel(self._nothing_tagged())
        self.chosen.setWordWrap(True)
        named(self.chosen, self.tr("Capabilities tagged"))

        self.tree = named(
            _WrappingTree(),
            self.tr("Capabilities and indicators"),
            self.tr(
                "Tick the capabilities and indicators this item shows. Space ticks the current row."
            ),
        )
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setMouseTracking(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.entered.connect(self._describe)
        self.tree.selectionModel().currentChanged.connect(self._describe)

        self.description = named(
            QTextBrowser(), self.tr("Description of the highlighted capability")
        )
        self.description.setOpenLinks(False)
        self.description.setOpenExternalLinks(False)
        self._describe_framework()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.description)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.setMinimumWidth(180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.switch)
        # Only once it has a parent: a parentless widget made visible becomes a window.
        self.switch.setHidden(len(self.frameworks) < 2)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.chosen)
        self.model.itemChanged.connect(self._on_item_changed)

    # --- codes in and out ------------------------------------------------------------------

    def codes(self) -> tuple[str, ...]:
        """Every tagged code as stored: other frameworks' first, then those ticked here."""
        return (*self._elsewhere, *(self.framework.qualify(c) for c in self._ticked()))

    def _ticked(self) -> tuple[str, ...]:
        """The ticked codes of the framework on show (its own, unprefixed), in its order."""
        found: list[str] = []
        for row in range(self.model.rowCount()):
            parent = self.model.item(row)
            if parent.checkState() == Qt.CheckState.Checked:
                found.append(parent.data(CODE_ROLE))
            for child_row in range(parent.rowCount()):
                child = parent.child(child_row)
                if child.checkState() == Qt.CheckState.Checked:
                    found.append(child.data(CODE_ROLE))
        return tuple(found)

    def set_codes(self, codes: tuple[str, ...]) -> None:
        """Tick exactly ``codes`` (no ``changed`` signal: this is loading, not editing).

        Codes of one framework only, not the one on show, bring that framework on show: an item
        tagged for revalidation opens with the NMC Code, and the next one with the ESC again.
        """
        owners = {split_code(c)[0] for c in codes}
        if len(owners) == 1 and not any(self.framework.owns(c) for c in codes):
            framework = next((f for f in self.frameworks if f.id in owners), None)
            if framework is not None:
                self._show(framework)
        self._tick_exactly(codes)

    def _tick_exactly(self, codes: tuple[str, ...]) -> None:
        self._elsewhere = tuple(c for c in codes if not self.framework.owns(c))
        wanted = {split_code(c)[1] for c in codes if self.framework.owns(c)}
        self._updating = True
        try:
            for row in range(self.model.rowCount()):
                parent = self.model.item(row)
                parent.setCheckState(_state(parent.data(CODE_ROLE) in wanted))
                ticked = False
                for child_row in range(parent.rowCount()):
                    child = parent.child(child_row)
                    child.setCheckState(_state(child.data(CODE_ROLE) in wanted))
                    ticked = ticked or child.data(CODE_ROLE) in wanted
                # Show the indicators chosen: open the capabilities that have some.
                self.tree.setExpanded(parent.index(), ticked)
            self._refresh_labels()
        finally:
            self._updating = False

    def clear(self) -> None:
        self.set_codes(())
        self.tree.collapseAll()

    def tick(self, code: str) -> None:
        """Tick ``code`` as the user would (``changed`` follows, so the item saves).

        Used when the user accepts a suggestion; an indicator's capability is opened to show it.
        """
        owner = split_code(code)[0]
        if owner != self.framework.id:
            self.switch.setCurrentIndex(self.switch.findData(owner))
        code = self.framework.normalise_code(code)
        row = self.item_for(code)
        if "." in code:
            self.tree.setExpanded(row.parent().index(), True)
        if row.checkState() != Qt.CheckState.Checked:
            row.setCheckState(Qt.CheckState.Checked)  # itemChanged -> changed

    def item_for(self, code: str) -> QStandardItem:
        """The row for a code (for keyboard and test navigation)."""
        capability_id, _, number = code.partition(".")
        parent = self.model.item(int(capability_id) - 1)
        return parent.child(int(number) - 1) if number else parent

    # --- internals -------------------------------------------------------------------------

    def _on_item_changed(self, _item: QStandardItem) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            self._refresh_labels()
        finally:
            self._updating = False
        self.changed.emit()

    def _refresh_labels(self) -> None:
        names: list[str] = []
        for capability, parent in zip(
            self.framework.capabilities,
            (self.model.item(r) for r in range(self.model.rowCount())),
            strict=True,
        ):
            ticked = [
                parent.child(r).data(CODE_ROLE)
                for r in range(parent.rowCount())
                if parent.child(r).checkState() == Qt.CheckState.Checked
            ]
            label = f"{capability.id}  {capability.name}"
            if ticked:
                count = len(ticked)
                label += "  " + (
                    self.tr("(%n indicator)", None, count)
                    if count == 1
                    else self.tr("(%n indicators)", None, count)
                )
            if parent.text() != label:
                parent.setText(label)
            if parent.checkState() == Qt.CheckState.Checked or ticked:
                names.append(
                    capability.name if not ticked else f"{capability.name} ({', '.join(ticked)})"
                )
        text = (
            self.tr("Tagged: {names}").format(names="; ".join(names))
            if names
            else self._nothing_tagged()
        )
        if self._elsewhere:
            others = sorted({split_code(code)[0] for code in self._elsewhere})
            text += " " + self.tr("Also tagged in: {frameworks}.").format(
                frameworks=", ".join(
                    next((f.short_name for f in self.frameworks if f.id == fid), fid)
                    for fid in others
                )
            )
        self.chosen.setText(text)

    def _switch(self, index: int) -> None:
        framework = self.frameworks[index]
        if framework is self.framework:
            return
        codes = self.codes()
        self._show(framework)
        self._tick_exactly(codes)  # the user's choice of framework stays, whatever is tagged

    def _show(self, framework: Framework) -> None:
        """Put ``framework``'s tree on show, nothing ticked yet."""
        self.framework = framework
        self.switch.blockSignals(True)  # also when the switch did not start it
        self.switch.setCurrentIndex(self.frameworks.index(framework))
        self.switch.blockSignals(False)
        old = self.model
        self.model = capability_model(framework)
        self.model.setParent(self)
        self.model.itemChanged.connect(self._on_item_changed)
        self.tree.setModel(self.model)
        self.tree.selectionModel().currentChanged.connect(self._describe)
        old.deleteLater()
        self.heading.setText(f"<b>{html.escape(framework.name)}</b>")
        self._describe_framework()

    def _nothing_tagged(self) -> str:
        return self.tr("Not yet tagged with a capability.")

    def _describe(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.isValid():
            return
        code = index.data(CODE_ROLE)
        if not code:
            return
        if "." in code:
            self._describe_indicator(self.framework.indicator(code))
        else:
            self._describe_capability(self.framework.capability(int(code)))

    def _describe_framework(self) -> None:
        hint = self.tr(
            "Point at a capability or indicator to read what it means. Tick those this item "
            "shows; an indicator counts for its capability too."
        )
        self.description.setHtml(
            f"<p>{html.escape(self.framework.description)}</p><p>{html.escape(hint)}</p>"
        )

    def _describe_capability(self, capability: Capability) -> None:
        practice = "".join(
            f"<p>{html.escape(part)}</p>" for part in capability.practice.split("\n\n") if part
        )
        self.description.setHtml(
            f"<h3>{capability.id}. {html.escape(capability.name)}</h3>"
            f"<p>{html.escape(capability.definition)}</p>"
            f"<h4>{html.escape(self.tr('In practice'))}</h4>{practice}"
        )

    def _describe_indicator(self, indicator: Indicator) -> None:
        capability = self.framework.capability(indicator.capability)
        heading = self.tr("Indicator {code}").format(code=indicator.code)
        part_of = self.tr("Part of {number}. {name}.").format(
            number=capability.id, name=capability.name
        )
        self.description.setHtml(
            f"<h3>{html.escape(heading)}</h3>"
            f"<p>{html.escape(indicator.text)}</p>"
            f"<p><i>{html.escape(part_of)}</i></p>"
        )


def _state(checked: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
