"""Keeping the journal safe from the window: checks after unlocking, backups, restore, reminders.

The slow parts (reading every page of the database, writing a backup, restoring one) are plain
functions of the core run on a worker (:class:`reflect.gui.tasks.TaskRunner`); this module holds
what the window shows about them: a non-modal :class:`Banner`, the :class:`DamageDialog` that offers
the newest good backup, the :class:`RestoreDialog` that asks for that backup's passphrase, and the
choice of which reminders deserve a desktop notification today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reflect.core.backup import auto_backup
from reflect.core.integrity import DamageFound, IntegrityReport, check_vault, restore_hint
from reflect.core.journal import Journal
from reflect.core.reminders import Reminder, due_reminders
from reflect.core.vault import DataKey, Vault
from reflect.gui.passphrase_form import password_field
from reflect.gui.widgets import named

#: Journal setting: which reminders were notified on which day (kept inside the vault).
NOTIFIED_SETTING = "reminders_notified"


@dataclass(frozen=True)
class CheckOutcome:
    """What the check after unlocking found and did."""

    report: IntegrityReport
    #: Today's new automatic backup, or ``None`` when there was one already.
    backup: Path | None


def check_and_back_up(vault: Vault, key: DataKey, now: datetime) -> CheckOutcome:
    """Check every page of the journal, then make today's automatic backup if there is none.

    Runs on a worker. Raises :class:`~reflect.core.integrity.DamageFound` for a damaged journal,
    in which case no backup is made (a damaged copy would push a good one out of the rotation).
    """
    report = check_vault(vault, key)
    return CheckOutcome(report, auto_backup(vault, key, now))


def reminders_to_notify(journal: Journal, today: date) -> list[Reminder]:
    """The due reminders not yet notified today; they are recorded as notified.

    A desktop notification for the same reminder at most once a day, however often the journal is
    unlocked. None at all when the user turned reminders off (:func:`due_reminders` gives none).
    """
    due = due_reminders(journal, today)
    stored = journal.setting(NOTIFIED_SETTING, {})
    day = today.isoformat()
    already: set[str] = set()
    if isinstance(stored, dict) and stored.get("day") == day:
        already = {str(key) for key in stored.get("keys", [])}
    fresh = [reminder for reminder in due if reminder.key not in already]
    if fresh:
        keys = sorted(already | {reminder.key for reminder in fresh})
        journal.set_setting(NOTIFIED_SETTING, {"day": day, "keys": keys})
    return fresh


def when_text(moment: datetime) -> str:
    """A moment in local time, British order: ``1 Mar 2026, 09:30``."""
    local = moment.astimezone() if moment.tzinfo else moment
    return f"{local.day} {local:%b %Y, %H:%M}"


def last_backup_text(moment: datetime | None) -> str:
    if moment is None:
        return QCoreApplication.translate("Safekeeping", "No backup yet")
    return QCoreApplication.translate("Safekeeping", "Last backup: {when}").format(
        when=when_text(moment)
    )


class Banner(QFrame):
    """A line across the top of the window that says something without stopping work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # The palette's tool-tip colours: a notice that follows the light or dark scheme.
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.icon = QLabel()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        size = self.fontMetrics().height() + 4
        self.icon.setPixmap(icon.pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = named(QPushButton(self.tr("&Dismiss")), self.tr("Dismiss this notice"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Notice"))
        self.hide()

    def show_message(self, text: str) -> None:
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def dismiss(self) -> None:
        self.text.clear()
        self.setAccessibleDescription("")
        self.hide()


def damage_text(damage: DamageFound) -> str:
    """What is damaged, in the core's words, without its command-line advice (the dialog has a
    button for that)."""
    text = str(damage).replace(restore_hint(damage.backup), "").strip().rstrip(".")
    return f"{text[:1].upper()}{text[1:]}."


class DamageDialog(QMessageBox):
    """The journal is damaged: say so in words, and offer the newest good automatic backup."""

    restore_requested = Signal(object)

    def __init__(self, damage: DamageFound, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("Your journal is damaged"))
        self.backup = damage.backup
        self.setText(damage_text(damage))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_button: QPushButton | None = None
        if damage.backup is not None:
            self.setInformativeText(
                self.tr(
                    "The newest good automatic backup is {file}. Restoring puts it in place of the "
                    "damaged journal; the damaged files are kept aside in a folder beside it, not "
                    "deleted. You will need the passphrase the journal had when the backup was "
                    "made."
                ).format(file=damage.backup.name)
            )
            self.restore_button = self.addButton(
                self.tr("&Restore the backup…"), QMessageBox.ButtonRole.AcceptRole
            )
            self.addButton(self.tr("&Not now"), QMessageBox.ButtonRole.RejectRole)
        else:
            self.setInformativeText(
                self.tr(
                    "There is no good automatic backup to restore. Keep the folder as it is, and "
                    "do not write in the journal until it is sorted out."
                )
            )
            self.addButton(QMessageBox.StandardButton.Close)
        self.finished.connect(self._finished)

    def _finished(self) -> None:
        # Once: a lock closing every dialog later must not ask again.
        self.finished.disconnect(self._finished)
        if self.restore_button is not None and self.clickedButton() is self.restore_button:
            self.restore_requested.emit(self.backup)


class RestoreDialog(QDialog):
    """The passphrase that opens a backup (the journal's passphrase when it was backed up)."""

    chosen = Signal(str)

    def __init__(self, backup: Path, parent: QWidget | None = None, message: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore a backup"))
        self.backup = backup
        intro = QLabel(
            self.tr(
                "Restore {file}? Type the passphrase your journal had when it was made."
            ).format(file=backup.name)
        )
        intro.setWordWrap(True)
        self.passphrase = password_field(self.tr("Passphrase of the backup"))
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setVisible(bool(message))
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Restore"))
        self.ok.setAccessibleName(self.tr("Restore the backup"))
        self.ok.setEnabled(False)
        self.passphrase.textChanged.connect(lambda text: self.ok.setEnabled(bool(text)))
        self.buttons.accepted.connect(self._chosen)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _chosen(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            return
        self.passphrase.clear()
        self.accept()
        self.chosen.emit(passphrase)
