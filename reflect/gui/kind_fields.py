"""The fields only one kind of item has: supervision, goal and CPD details.

Each form loads a details dataclass, hands back a new one, and emits ``changed`` on any edit so the
editor can autosave. Links to other items are ids; their titles come from the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reflect.core.journal import Journal
from reflect.core.model import (
    CpdDetails,
    GoalDetails,
    GoalHorizon,
    GoalStatus,
    ItemFilter,
    ItemKind,
    SupervisionDetails,
    SupervisionKind,
)
from reflect.errors import NotFound
from reflect.gui.models import ActionsModel, ReviewsModel, title_text
from reflect.gui.widgets import OptionalDateEdit, named


def supervision_kinds() -> dict[SupervisionKind, str]:
    return {
        SupervisionKind.CLINICAL: QCoreApplication.translate("KindFields", "Clinical"),
        SupervisionKind.MANAGERIAL: QCoreApplication.translate("KindFields", "Managerial"),
        SupervisionKind.PEER: QCoreApplication.translate("KindFields", "Peer"),
        SupervisionKind.GROUP: QCoreApplication.translate("KindFields", "Group"),
    }


def horizons() -> dict[GoalHorizon, str]:
    return {
        GoalHorizon.SHORT: QCoreApplication.translate("KindFields", "Short term"),
        GoalHorizon.LONG: QCoreApplication.translate("KindFields", "Long term"),
    }


def statuses() -> dict[GoalStatus, str]:
    return {
        GoalStatus.PLANNED: QCoreApplication.translate("KindFields", "Planned"),
        GoalStatus.IN_PROGRESS: QCoreApplication.translate("KindFields", "In progress"),
        GoalStatus.ACHIEVED: QCoreApplication.translate("KindFields", "Achieved"),
        GoalStatus.DROPPED: QCoreApplication.translate("KindFields", "Dropped"),
    }


#: Asks the user to pick items of the given kinds (or any kind); calls back with their ids.
PickItems = Callable[[tuple[ItemKind, ...], str, Callable[[list[int]], None]], None]


def _combo(name: str, choices: dict[Any, str]) -> QComboBox:
    combo = named(QComboBox(), name)
    for value, label in choices.items():
        combo.addItem(label, value)
    return combo


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _short_text(name: str, placeholder: str = "") -> QPlainTextEdit:
    edit = named(QPlainTextEdit(), name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(70)
    return edit


def _form(widget: QWidget, *, stretch: bool = True) -> QFormLayout:
    """A form on ``widget`` whose rows keep their natural height (spare space goes below)."""
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(8, 8, 8, 8)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    outer.addLayout(form, 0 if stretch else 1)
    if stretch:
        outer.addStretch(1)
    return form


class DateDelegate(QStyledItemDelegate):
    """Edits a table's date cells with a calendar field that can also mean "no date"."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_text = empty_text

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        return named(OptionalDateEdit(self._empty_text, parent), self.tr("Date"))

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, OptionalDateEdit)
        editor.setDate(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, OptionalDateEdit)
        model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class EditableTable(QWidget):
    """A small table with Add and Remove buttons below it."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        model: ActionsModel | ReviewsModel,
        add: Callable[[], int],
        add_text: str,
        remove_text: str,
        date_column: int,
        empty_date_text: str,
    ) -> None:
        super().__init__()
        self.model = model
        self._add = add
        self.view = named(QTableView(), name)
        self.view.setModel(model)
        self.view.setItemDelegateForColumn(date_column, DateDelegate(empty_date_text, self.view))
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0 if date_column != 0 else 1, QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(90)
        self.view.setMaximumHeight(170)
        self.add_button = named(QPushButton(add_text), add_text)
        self.remove_button = named(QPushButton(remove_text), remove_text)
        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.changed)

    def commit_editing(self) -> None:
        """Keep what is typed in a cell that is still open (before a lock or a switch)."""
        widget = QApplication.focusWidget()
        viewport = self.view.viewport()
        while widget is not None and widget.parentWidget() is not viewport:
            widget = widget.parentWidget()
        if widget is not None:
            self.view.commitData(widget)
            self.view.closeEditor(widget, QAbstractItemDelegate.EndEditHint.NoHint)

    def _on_add(self) -> None:
        row = self._add()
        index = self.model.index(row, 1 if isinstance(self.model, ReviewsModel) else 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def _on_remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove(index.row())


class LinkedItems(QWidget):
    """A list of other items this one points at (brought entries, goal evidence)."""

    changed = Signal()

    def __init__(
        self,
        journal: Journal,
        name: str,
        kinds: tuple[ItemKind, ...],
        pick: PickItems,
        add_text: str,
        extra_button: QPushButton | None = None,
    ) -> None:
        super().__init__()
        self._journal = journal
        self._kinds = kinds
        self._pick = pick
        self._name = name
        self.list = named(QListWidget(), name)
        self.list.setMinimumHeight(60)
        self.list.setMaximumHeight(110)
        self.add_button = named(QPushButton(add_text), add_text)
        self.remove_button = named(
            QPushButton(self.tr("Remove link")),
            self.tr("Remove from {list}").format(list=name.lower()),
        )
        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        if extra_button is not None:
            buttons.addWidget(extra_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
        )

    def set_ids(self, ids: tuple[int, ...]) -> None:
        self.list.clear()
        for item_id in ids:
            self._append(item_id)

    def add_ids(self, ids: list[int]) -> None:
        present = set(self.ids())
        added = False
        for item_id in ids:
            if item_id not in present:
                self._append(item_id)
                present.add(item_id)
                added = True
        if added:
            self.changed.emit()

    def _append(self, item_id: int) -> None:
        try:
            item = self._journal.get(item_id)
            text = f"{item.date:%d %b %Y}  {title_text(item.title)}"
            if item.in_trash:
                text += " " + self.tr("(in the trash)")
        except NotFound:
            text = self.tr("Item {number} (deleted)").format(number=item_id)
        row = QListWidgetItem(text)
        row.setData(Qt.ItemDataRole.UserRole, item_id)
        self.list.addItem(row)

    def _on_add(self) -> None:
        self._pick(self._kinds, self._name, self.add_ids)

    def _on_remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()


class SupervisionFields(QWidget):
    """Supervisor, kind, duration, agreed actions and the entries brought to the session."""

    changed = Signal()

    def __init__(self, journal: Journal, pick: PickItems, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.supervisor = named(QLineEdit(), self.tr("Supervisor"))
        self.supervisor.setPlaceholderText(self.tr("Who supervised"))
        self.kind = _combo(self.tr("Kind of supervision"), supervision_kinds())
        self.duration = named(QSpinBox(), self.tr("Duration in minutes"))
        self.duration.setRange(0, 600)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setSpecialValueText(self.tr("Not recorded"))
        self.actions_model = ActionsModel(self)
        self.actions_table = EditableTable(
            self.tr("Agreed actions"),
            self.actions_model,
            self.actions_model.add,
            self.tr("Add action"),
            self.tr("Remove action"),
            ActionsModel.DUE,
            self.tr("No due date"),
        )
        self.flagged_button = named(
            QPushButton(self.tr("Add flagged entries")),
            self.tr("Add the entries flagged to bring to supervision"),
        )
        self.flagged_button.clicked.connect(self._add_flagged)
        self.brought = LinkedItems(
            journal,
            self.tr("Entries brought to this session"),
            (ItemKind.ENTRY,),
            pick,
            self.tr("Add entries…"),
            self.flagged_button,
        )

        form = _form(self)
        form.addRow(self.tr("&Supervisor"), self.supervisor)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        duration_label = QLabel(self.tr("&Duration"))
        duration_label.setBuddy(self.duration)
        row.addSpacing(12)
        row.addWidget(duration_label)
        row.addWidget(self.duration)
        row.addStretch(1)
        kind_label = QLabel(self.tr("&Kind"))
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, row)
        form.addRow(self.tr("Agreed actions"), self.actions_table)
        form.addRow(self.tr("Entries brought"), self.brought)

        self.supervisor.textEdited.connect(self.changed)
        self.kind.activated.connect(self.changed)
        self.duration.valueChanged.connect(self.changed)
        self.actions_table.changed.connect(self.changed)
        self.brought.changed.connect(self.changed)

    def load(self, details: SupervisionDetails) -> None:
        self.blockSignals(True)
        try:
            self.supervisor.setText(details.supervisor)
            _select(self.kind, details.kind)
            self.duration.setValue(details.duration_minutes or 0)
            self.actions_model.set_actions(details.actions)
            self.brought.set_ids(details.brought_entries)
        finally:
            self.blockSignals(False)

    def commit_editing(self) -> None:
        self.actions_table.commit_editing()

    def details(self) -> SupervisionDetails:
        return SupervisionDetails(
            supervisor=self.supervisor.text().strip(),
            kind=SupervisionKind(self.kind.currentData()),
            duration_minutes=self.duration.value() or None,
            actions=self.actions_model.actions(),
            brought_entries=self.brought.ids(),
        )

    def _add_flagged(self) -> None:
        flagged = self._journal.list(
            ItemFilter(kinds=(ItemKind.ENTRY,), bring_to_supervision=True), limit=200
        )
        self.brought.add_ids([summary.id for summary in reversed(flagged)])


class GoalFields(QWidget):
    """What, why, how it will be measured, target date, horizon, status, reviews and evidence."""

    changed = Signal()

    def __init__(self, journal: Journal, pick: PickItems, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = named(QLineEdit(), self.tr("What the goal is"))
        self.what.setPlaceholderText(self.tr("What I want to be able to do"))
        self.why = _short_text(self.tr("Why it matters"), self.tr("Why it matters to my practice"))
        self.measure = _short_text(
            self.tr("How it will be measured"), self.tr("How I will know I have got there")
        )
        self.target = named(OptionalDateEdit(self.tr("No target date")), self.tr("Target date"))
        self.horizon = _combo(self.tr("Horizon"), horizons())
        self.status = _combo(self.tr("Status"), statuses())
        self.reviews_model = ReviewsModel(self)
        self.reviews = EditableTable(
            self.tr("Progress reviews"),
            self.reviews_model,
            lambda: self.reviews_model.add(date.today()),
            self.tr("Add review"),
            self.tr("Remove review"),
            ReviewsModel.DATE,
            self.tr("No date"),
        )
        self.evidence = LinkedItems(journal, self.tr("Evidence"), (), pick, self.tr("Link items…"))

        form = _form(self)
        form.addRow(self.tr("&What"), self.what)
        form.addRow(self.tr("W&hy"), self.why)
        form.addRow(self.tr("&Measure"), self.measure)
        form.addRow(self.tr("Tar&get date"), self.target)
        row = QHBoxLayout()
        row.addWidget(self.horizon)
        status_label = QLabel(self.tr("S&tatus"))
        status_label.setBuddy(self.status)
        row.addSpacing(12)
        row.addWidget(status_label)
        row.addWidget(self.status)
        row.addStretch(1)
        horizon_label = QLabel(self.tr("Ho&rizon"))
        horizon_label.setBuddy(self.horizon)
        form.addRow(horizon_label, row)
        form.addRow(self.tr("Progress reviews"), self.reviews)
        form.addRow(self.tr("Evidence"), self.evidence)

        self.what.textEdited.connect(self.changed)
        self.why.textChanged.connect(self._user_changed)
        self.measure.textChanged.connect(self._user_changed)
        self.target.dateChanged.connect(self._user_changed)
        self.horizon.activated.connect(self.changed)
        self.status.activated.connect(self.changed)
        self.reviews.changed.connect(self.changed)
        self.evidence.changed.connect(self.changed)
        self._loading = False

    def _user_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def load(self, details: GoalDetails) -> None:
        self._loading = True
        try:
            self.what.setText(details.what)
            self.why.setPlainText(details.why)
            self.measure.setPlainText(details.measure)
            self.target.set_value(details.target_date)
            _select(self.horizon, details.horizon)
            _select(self.status, details.status)
            self.reviews_model.set_reviews(details.reviews)
            self.evidence.set_ids(details.evidence)
        finally:
            self._loading = False

    def commit_editing(self) -> None:
        self.reviews.commit_editing()

    def details(self) -> GoalDetails:
        return GoalDetails(
            what=self.what.text().strip(),
            why=self.why.toPlainText().strip(),
            measure=self.measure.toPlainText().strip(),
            target_date=self.target.value(),
            horizon=GoalHorizon(self.horizon.currentData()),
            status=GoalStatus(self.status.currentData()),
            reviews=self.reviews_model.reviews(),
            evidence=self.evidence.ids(),
        )


class CpdFields(QWidget):
    """Hours, whether it was participatory, and what was learnt."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hours = named(QDoubleSpinBox(), self.tr("Hours"))
        self.hours.setRange(0, 1000)
        self.hours.setDecimals(2)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(self.tr(" h"))
        self.participatory = named(
            QCheckBox(self.tr("&Participatory (learning with others)")), self.tr("Participatory")
        )
        self.learnt = named(QPlainTextEdit(), self.tr("What I learnt"))
        self.learnt.setPlaceholderText(self.tr("What I learnt and how it will change my practice"))
        self.learnt.setTabChangesFocus(True)
        form = _form(self, stretch=False)
        form.addRow(self.tr("&Hours"), self.hours)
        form.addRow("", self.participatory)
        form.addRow(self.tr("What I &learnt"), self.learnt)
        self._loading = False
        self.hours.valueChanged.connect(self._user_changed)
        self.participatory.toggled.connect(self._user_changed)
        self.learnt.textChanged.connect(self._user_changed)

    def _user_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def load(self, details: CpdDetails) -> None:
        self._loading = True
        try:
            self.hours.setValue(details.hours)
            self.participatory.setChecked(details.participatory)
            self.learnt.setPlainText(details.learnt)
        finally:
            self._loading = False

    def details(self) -> CpdDetails:
        return CpdDetails(
            hours=round(self.hours.value(), 2),
            participatory=self.participatory.isChecked(),
            learnt=self.learnt.toPlainText().strip(),
        )
