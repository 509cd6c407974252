"""Dialogs: picking items to link, revision history, preferences and changing the passphrase.

None of them runs a nested event loop (they are opened with ``open()``), so auto-lock can close
them at any moment without pulling the journal out from under a blocked call.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reflect.core.appraisal import PRACTITIONER_NAME_SETTING, PRACTITIONER_ROLE_SETTING
from reflect.core.coverage import review_date_setting, set_review_date
from reflect.core.cpd import revalidation_date, set_revalidation_date
from reflect.core.journal import Journal
from reflect.core.model import ItemFilter, ItemKind, Revision
from reflect.core.reminders import reminders_enabled, set_reminders_enabled
from reflect.core.vault import DataKey, Vault
from reflect.errors import ReflectError, WrongPassphrase
from reflect.gui.models import (
    REVISION_ROLE,
    Column,
    ItemListModel,
    RevisionModel,
    title_text,
    when_text,
)
from reflect.gui.passphrase_form import NewPassphraseForm, password_field
from reflect.gui.setup_view import remember_explained
from reflect.gui.tasks import TaskRunner
from reflect.gui.widgets import OptionalDateEdit, SafeTextBrowser, named, user_message

#: The auto-lock time, a journal setting (kept inside the encrypted vault).
IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10


def idle_minutes(journal: Journal) -> int:
    """The auto-lock time in minutes (a bad stored value falls back to the default)."""
    try:
        minutes = int(journal.setting(IDLE_LOCK_SETTING, DEFAULT_IDLE_MINUTES))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES
    return minutes if minutes > 0 else DEFAULT_IDLE_MINUTES


def _table(name: str) -> QTableView:
    view = named(QTableView(), name)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    return view


class ItemPickerDialog(QDialog):
    """Choose one or more items (entries to bring to supervision, evidence for a goal)."""

    def __init__(
        self,
        journal: Journal,
        kinds: tuple[ItemKind, ...],
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.model = ItemListModel(
            journal, ItemFilter(kinds=kinds), (Column.TITLE, Column.DATE, Column.KIND), self
        )
        self.view = _table(self.tr("Items to choose from"))
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if len(kinds) == 1:
            self.view.hideColumn(2)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Link"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Choose one or more (hold Ctrl to choose several):")))
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def chosen_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.summary_at(row).id for row in rows]


class RevisionHistoryDialog(QDialog):
    """Earlier versions of an item; any of them can be made current again."""

    restored = Signal(object)

    def __init__(self, journal: Journal, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Earlier versions"))
        self.journal = journal
        self.item_id = item_id
        self.model = RevisionModel(journal.revisions(item_id), self)
        self.view = _table(self.tr("Earlier versions"))
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.preview = named(SafeTextBrowser(), self.tr("The version chosen"))
        self.restore_button = named(
            QPushButton(self.tr("&Restore this version")), self.tr("Restore this version")
        )
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        close = named(QPushButton(self.tr("Close")), self.tr("Close"))
        close.clicked.connect(self.reject)
        self.message = QLabel(
            self.tr("Each time you come back to an item, the version before is kept here.")
            if self.model.rowCount()
            else self.tr("There are no earlier versions of this item yet.")
        )
        self.message.setWordWrap(True)
        self.view.selectionModel().selectionChanged.connect(self._chosen)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.resize(820, 480)
        if self.model.rowCount():
            self.view.selectRow(0)

    def _chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        revision = self.current_revision()
        self.restore_button.setEnabled(revision is not None)
        if revision is None:
            self.preview.clear()
            return
        self.preview.show_markdown(_revision_markdown(revision))

    def current_revision(self) -> Revision | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        revision = rows[0].data(REVISION_ROLE)
        return revision if isinstance(revision, Revision) else None

    def _restore(self) -> None:
        revision = self.current_revision()
        if revision is None:
            return
        try:
            item = self.journal.revert(self.item_id, revision.id)
        except ReflectError as exc:
            self.message.setText(user_message(exc))
            return
        self.restored.emit(item)
        self.accept()


def _revision_markdown(revision: Revision) -> str:
    item = revision.item
    lines = [f"# {title_text(item.title)}", "", f"*{when_text(item.date)}*", ""]
    if item.tags:
        tags = QCoreApplication.translate("RevisionHistoryDialog", "Tags: {tags}")
        lines += [tags.format(tags=", ".join(item.tags)), ""]
    if item.capabilities:
        codes = QCoreApplication.translate("RevisionHistoryDialog", "Capabilities: {codes}")
        lines += [codes.format(codes=", ".join(item.capabilities)), ""]
    lines.append(item.body)
    return "\n".join(lines)


class ChangePassphraseDialog(QDialog):
    """The current passphrase and a new one; the key is rewrapped on the worker."""

    def __init__(self, vault: Vault, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change passphrase"))
        self.vault = vault
        self.runner = runner
        self.current = password_field(self.tr("Current passphrase"))
        self.form = NewPassphraseForm()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Change passphrase"))
        self.ok.setAccessibleName(self.tr("Change passphrase"))
        self.buttons.accepted.connect(self._change)
        self.buttons.rejected.connect(self.reject)
        self.form.changed.connect(self._update)
        self.current.textChanged.connect(self._update)
        top = QFormLayout()
        top.addRow(self.tr("C&urrent passphrase"), self.current)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.current.text()) and self.form.valid() and not self.runner.busy)

    def _change(self) -> None:
        if not self.ok.isEnabled():
            return
        current, new = self.current.text(), self.form.value()
        self.ok.setEnabled(False)
        self.message.setText(self.tr("Changing the passphrase…"))
        vault = self.vault
        self.runner.submit(lambda: vault.change_passphrase(current, new), self._done, self._failed)

    def _done(self, _result: object) -> None:
        self.current.clear()
        self.form.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WrongPassphrase):
            self.message.setText(
                self.tr("The current passphrase is not right: nothing was changed.")
            )
            self.current.selectAll()
            self.current.setFocus()
        else:
            self.message.setText(user_message(exc))
        self._update()


class PreferencesDialog(QDialog):
    """Auto-lock, this device, the annual review and revalidation dates, reminders, the
    practitioner's name and the passphrase."""

    def __init__(
        self,
        journal: Journal,
        vault: Vault,
        key: DataKey,
        runner: TaskRunner,
        on_applied: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.journal = journal
        self.vault = vault
        self._key = key
        self.runner = runner
        self._on_applied = on_applied

        self.idle = named(QSpinBox(), self.tr("Lock after this many idle minutes"))
        self.idle.setRange(1, 480)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setValue(idle_minutes(journal))
        self.remember = named(
            QCheckBox(self.tr("&Remember on this device")),
            self.tr("Remember on this device"),
            self.tr("Open without the passphrase on this computer, using its keyring"),
        )
        self.remember_note = QLabel(remember_explained())
        self.remember_note.setWordWrap(True)
        can_remember = vault.can_remember()
        self.remember.setVisible(can_remember)
        self.remember_note.setVisible(can_remember)
        self.remember.setChecked(can_remember and vault.is_remembered())
        self.review = named(OptionalDateEdit(self.tr("Not set")), self.tr("Annual review date"))
        self.review.set_value(review_date_setting(journal))
        self.revalidation = named(
            OptionalDateEdit(self.tr("Not set")),
            self.tr("Revalidation date"),
            self.tr("CPD hours are counted over the three years up to this date"),
        )
        self.revalidation.set_value(revalidation_date(journal))
        self.reminders = named(
            QCheckBox(self.tr("Show r&eminders")),
            self.tr("Show reminders"),
            self.tr("The annual review coming with gaps, and agreed actions overdue"),
        )
        self.reminders.setChecked(reminders_enabled(journal))
        self.name = named(
            QLineEdit(str(journal.setting(PRACTITIONER_NAME_SETTING) or "")), self.tr("Name")
        )
        self.name.setPlaceholderText(self.tr("As it should appear on exports"))
        self.role = named(
            QLineEdit(str(journal.setting(PRACTITIONER_ROLE_SETTING) or "")), self.tr("Role")
        )
        self.role.setPlaceholderText(self.tr("For example: Community psychiatric nurse"))
        self.change_button = named(
            QPushButton(self.tr("Change &passphrase…")), self.tr("Change passphrase")
        )
        self.change_button.clicked.connect(self._change_passphrase)
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Lock after"), self.idle)
        form.addRow("", self.remember)
        form.addRow("", self.remember_note)
        form.addRow(self.tr("Annual &review"), self.review)
        form.addRow(self.tr("Re&validation date"), self.revalidation)
        form.addRow("", self.reminders)
        form.addRow(self.tr("Your &name"), self.name)
        form.addRow(self.tr("Your r&ole"), self.role)
        form.addRow(self.tr("Passphrase"), self.change_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _apply(self) -> None:
        try:
            with self.journal.transaction():
                self.journal.set_setting(IDLE_LOCK_SETTING, self.idle.value())
                set_review_date(self.journal, self.review.value())
                set_revalidation_date(self.journal, self.revalidation.value())
                set_reminders_enabled(self.journal, self.reminders.isChecked())
                self.journal.set_setting(PRACTITIONER_NAME_SETTING, self.name.text().strip())
                self.journal.set_setting(PRACTITIONER_ROLE_SETTING, self.role.text().strip())
            if self.remember.isVisible():
                if self.remember.isChecked() and not self.vault.is_remembered():
                    self.vault.remember(self._key)
                elif not self.remember.isChecked():
                    self.vault.forget()
        except ReflectError as exc:
            self.message.setText(user_message(exc))
            return
        self._on_applied()
        self.accept()

    def _change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self.vault, self.runner, self)
        changed = self.tr("Your passphrase has been changed.")
        dialog.accepted.connect(lambda: self.message.setText(changed))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
