"""The application window: set-up, unlock, and the workspace, with lock and auto-lock.

The window owns the life cycle. Unlocking opens the journal and builds a fresh
:class:`~reflect.gui.workspace.Workspace`; locking saves what is being typed, clears and discards
that workspace, closes the journal and shows the unlock screen. Only the place (section and item
id) is remembered across a lock, in memory. The data key the unlock produced is kept in memory
while unlocked (backups need it) and dropped on lock; it never reaches the disk.

Once the unlocked window has been painted, and only then, the window warms the suggestion index and
(a moment later, so the first minutes of writing are not slowed) checks every page of the journal
and makes the day's automatic backup on a worker of its own, so a save never queues behind them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from reflect.core.backup import BACKUP_SUFFIX, RestoreReport, create_backup, last_backup
from reflect.core.instance import InstanceLock
from reflect.core.integrity import DamageFound, damage_from_error
from reflect.core.journal import Journal
from reflect.core.model import ItemKind
from reflect.core.vault import DataKey, Vault
from reflect.errors import ReflectError, WrongPassphrase
from reflect.gui.dialogs import PreferencesDialog, idle_minutes
from reflect.gui.idle import IdleWatcher
from reflect.gui.model_dialogs import ManageModelsDialog
from reflect.gui.safekeeping import (
    Banner,
    CheckOutcome,
    DamageDialog,
    RestoreDialog,
    check_and_back_up,
    damage_text,
    last_backup_text,
    reminders_to_notify,
    when_text,
)
from reflect.gui.setup_view import ClipboardGuard, SetupView
from reflect.gui.tasks import TaskRunner
from reflect.gui.templates_menu import TemplatesMenu
from reflect.gui.unlock_view import UnlockView
from reflect.gui.widgets import inform, user_message
from reflect.gui.workspace import SECTIONS, Place, SummaryFactory, Workspace

if TYPE_CHECKING:
    # Imported when first used: the exporters and importers bring in PDF and Word libraries
    # that start-up does not need.
    from reflect.core.importers import ImportReport
    from reflect.gui.export_dialog import ExportDialog
    from reflect.gui.import_dialog import ImportDialog

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

#: How often the tray is asked to remind while unlocked (a reminder is notified once a day).
REMINDER_CHECK_MS = 60 * 60 * 1000


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def app_icon() -> QIcon:
    """The app's icon from the bundled resources (an empty icon if it is missing)."""
    from reflect.resources import resource

    for name in ("reflect.svg", "reflect.png"):
        node = resource("icons", name)
        if node.is_file():
            return QIcon(str(node))
    return QIcon()


class AppWindow(QMainWindow):
    """Reflect's one window. ``unlocked``/``locked`` let other parts follow the journal.

    Signals:
        unlocked(Journal): a journal was opened and its workspace built.
        locked(): the journal was closed and every view of it cleared.
        checked(object): the check after unlocking finished (a :class:`CheckOutcome`, or the
            error it raised).
    """

    unlocked = Signal(object)
    locked = Signal()
    checked = Signal(object)

    def __init__(
        self,
        vault: Vault,
        *,
        clock: Clock | None = None,
        settings: QSettings | None = None,
        idle_check_ms: int = 15_000,
        autosave_ms: int = 800,
        clipboard_clear_ms: int = 30_000,
        summary_factory: SummaryFactory | None = None,
        tray: bool = True,
        instance_lock: InstanceLock | None = None,
        check_delay_ms: int = 1500,
    ) -> None:
        super().__init__()
        self.vault = vault
        self._clock: Clock = clock or _utc_now
        self._journal_clock = clock
        self.settings = settings if settings is not None else QSettings()
        self._autosave_ms = autosave_ms
        self._summary_factory = summary_factory
        self.instance_lock = instance_lock
        self.journal: Journal | None = None
        self._key: DataKey | None = None
        self.workspace: Workspace | None = None
        self._place = Place()
        self._pending_message = ""
        self._painted = False
        self._left = False
        #: What the last check after unlocking gave (a CheckOutcome or its error); None until then.
        self.last_check: object | None = None

        self.setWindowTitle("Reflect")
        self.setWindowIcon(app_icon())
        self.runner = TaskRunner(self)
        # Checks and backups read the whole file through connections of their own: on a worker of
        # their own too, so saving (and a lock's flush) never waits behind them.
        self.maintenance = TaskRunner(self)
        self.clipboard = ClipboardGuard(clipboard_clear_ms, self)
        self.idle = IdleWatcher(self._clock, idle_check_ms, self)
        self.idle.idle.connect(self.lock)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(check_delay_ms)
        self._check_timer.timeout.connect(self.check_now)
        self._reminder_timer = QTimer(self)
        self._reminder_timer.setInterval(REMINDER_CHECK_MS)
        self._reminder_timer.timeout.connect(self.notify_reminders)

        self.banner = Banner()
        self.stack = QStackedWidget()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.unlock_view = UnlockView(vault, self.runner)
        self.unlock_view.unlocked.connect(self._open_with_key)
        self.stack.addWidget(self.unlock_view)
        self.setup_view: SetupView | None = None

        self.templates_menu = TemplatesMenu(
            self, title=self.tr("New from reflection &model"), manage=True
        )
        self.templates_menu.template_chosen.connect(self.new_from_template)
        self.templates_menu.manage_requested.connect(self.manage_models)
        self._build_actions()
        self._build_menus()
        self.tray: QSystemTrayIcon | None = None
        if tray and QSystemTrayIcon.isSystemTrayAvailable():
            self._build_tray()
        self._set_unlocked_actions(False)
        self.backup_label = QLabel()
        self.backup_label.setAccessibleName(self.tr("When the journal was last backed up"))
        self.statusBar().addPermanentWidget(self.backup_label)
        self.backup_label.hide()
        self._restore_geometry()

    # --- actions and menus -------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], Any], shortcut: str | QKeySequence.StandardKey = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_entry_action = self._action(
            self.tr("New &reflection"), lambda: self.new_item(ItemKind.ENTRY), "Ctrl+N"
        )
        self.new_supervision_action = self._action(
            self.tr("New &supervision note"), lambda: self.new_item(ItemKind.SUPERVISION)
        )
        self.new_goal_action = self._action(
            self.tr("New &goal"), lambda: self.new_item(ItemKind.GOAL)
        )
        self.new_cpd_action = self._action(
            self.tr("New &CPD activity"), lambda: self.new_item(ItemKind.CPD)
        )
        self.import_action = self._action(self.tr("&Import…"), self.show_import)
        self.export_action = self._action(self.tr("&Export…"), self.show_export, "Ctrl+E")
        self.backup_action = self._action(self.tr("&Back up now…"), self.back_up_now)
        self.lock_action = self._action(self.tr("&Lock"), self.lock, "Ctrl+L")
        self.preferences_action = self._action(
            self.tr("&Preferences…"), self.show_preferences, QKeySequence.StandardKey.Preferences
        )
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q")
        self.find_action = self._action(self.tr("&Find…"), self._find, "Ctrl+F")
        self.history_action = self._action(self.tr("Earlier &versions…"), self._history)
        self.trash_action = self._action(self.tr("Move to &trash"), self._trash)
        self.section_actions: list[QAction] = []
        for number, section in enumerate(SECTIONS, start=1):
            action = self._action(section.label, self._goer(section.key), f"Ctrl+{number}")
            self.section_actions.append(action)
        self.about_action = self._action(self.tr("&About Reflect"), self._about)
        self._journal_actions = [
            self.new_entry_action,
            self.new_supervision_action,
            self.new_goal_action,
            self.new_cpd_action,
            self.import_action,
            self.export_action,
            self.backup_action,
            self.lock_action,
            self.preferences_action,
            self.find_action,
            self.history_action,
            self.trash_action,
            *self.section_actions,
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.file_menu.addAction(self.new_entry_action)
        self.file_menu.addMenu(self.templates_menu)
        for action in (
            self.new_supervision_action,
            self.new_goal_action,
            self.new_cpd_action,
        ):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.preferences_action)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addAction(self.history_action)
        self.edit_menu.addAction(self.trash_action)
        self.view_menu = bar.addMenu(self.tr("&View"))
        for action in self.section_actions:
            self.view_menu.addAction(action)
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.help_menu.addAction(self.about_action)

    def _build_tray(self) -> None:
        tray = QSystemTrayIcon(self.windowIcon(), self)
        tray.setToolTip("Reflect")
        menu = QMenu(self)
        new = menu.addAction(self.tr("New reflection"))
        new.triggered.connect(self._new_from_tray)
        menu.addAction(self.lock_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        tray.setContextMenu(menu)
        tray.activated.connect(lambda _reason: self._bring_to_front())
        tray.show()
        self.tray = tray

    def _set_unlocked_actions(self, unlocked: bool) -> None:
        for action in self._journal_actions:
            action.setEnabled(unlocked)
        self.templates_menu.setEnabled(unlocked)

    # --- window state (non-secret, in QSettings) ---------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def _save_geometry(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self.workspace is not None:
            self.workspace.save_layout()
        self.settings.sync()

    # --- start, unlock, lock -----------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.journal is None

    def today(self) -> date:
        """The user's local date, from the window's clock."""
        return self._clock().astimezone().date()

    def start(self) -> None:
        """Show set-up, open straight away with a remembered key, or ask for the passphrase."""
        if not self.vault.exists():
            self._show_setup()
            return
        try:
            key = self.vault.remembered_key()
        except ReflectError as exc:
            self._show_unlock(user_message(exc))
            return
        if key is not None:
            self._open_with_key(key)
        else:
            self._show_unlock()

    def _show_setup(self) -> None:
        view = SetupView(self.vault, self.runner, self.clipboard)
        view.finished.connect(self._setup_finished)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.setup_view = view
        view.form.passphrase.setFocus()

    def _setup_finished(self, key: DataKey) -> None:
        view = self.setup_view
        self.setup_view = None
        if self.instance_lock is not None and not self.instance_lock.held:
            # The folder exists only now; another copy cannot have it open yet.
            try:
                self.instance_lock.acquire()
            except ReflectError as exc:
                log.warning("could not take the single-instance lock (%s)", type(exc).__name__)
        self._open_with_key(key)
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()

    def _show_unlock(self, message: str = "") -> None:
        self.unlock_view.reset()
        if message:
            self.unlock_view.message.setText(message)
        self.stack.setCurrentWidget(self.unlock_view)
        self.unlock_view.passphrase.setFocus()

    def _open_with_key(self, key: DataKey) -> None:
        options: dict[str, Any] = {}
        if self._journal_clock is not None:
            options["clock"] = self._journal_clock
        try:
            journal = self.vault.open(key, **options)
        except ReflectError as exc:
            self._show_unlock(user_message(exc))
            return
        except Exception as exc:
            self._damaged_on_opening(exc)
            return
        self.journal = journal
        self._key = key
        self._painted = False
        self._left = False
        self.last_check = None
        try:
            minutes = idle_minutes(journal)
            workspace = Workspace(
                journal,
                self.runner,
                self.settings,
                autosave_ms=self._autosave_ms,
                summary_factory=self._summary_factory,
                today=self.today,
            )
            if workspace.startup_failure is not None:
                raise workspace.startup_failure
            workspace.message.connect(self.show_message)
            workspace.failed.connect(self.journal_failed)
            self.stack.addWidget(workspace)
            self.stack.setCurrentWidget(workspace)
            self.workspace = workspace
            self.templates_menu.set_journal(journal)
            workspace.set_templates_menu(self.templates_menu)
            workspace.restore_place(self._place)
        except Exception as exc:  # a damaged page read while opening
            self._damaged_on_opening(exc)
            return
        workspace.installEventFilter(self)  # the first paint starts the work after unlocking
        self.idle.start(minutes)
        self._set_unlocked_actions(True)
        if self._pending_message:
            self.show_message(self._pending_message)
            self._pending_message = ""
        self.unlocked.emit(journal)

    def _damaged_on_opening(self, exc: Exception) -> None:
        """A page read while opening is damaged: close again, say so, offer the backup."""
        damage = damage_from_error(exc, self.vault.data_dir)
        if damage is None:
            raise exc  # not damage: a bug, reported as one
        workspace, self.workspace = self.workspace, None
        if workspace is not None:
            self.stack.removeWidget(workspace)
            workspace.hide()
            workspace.deleteLater()
        self.templates_menu.set_journal(None)
        self.runner.wait()
        if self.journal is not None:
            self.journal.close()
        self.journal = None
        self._key = None
        self._show_unlock(user_message(damage))
        self.show_damage(damage)

    def journal_failed(self, exc: BaseException) -> None:
        """Reading the journal failed while unlocked: explain damage, or report a bug as one."""
        damage = damage_from_error(exc, self.vault.data_dir)
        if damage is not None:
            self.show_message(damage_text(damage))
            if not any(d.isVisible() for d in self.findChildren(DamageDialog)):
                self.show_damage(damage)
            return
        inform(self, self.tr("Something went wrong"), user_message(exc), warning=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and watched is self.workspace
            and not self._painted
            and self.journal is not None
        ):
            self._painted = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_paint)
        return False

    def _after_first_paint(self) -> None:
        """Work that can wait until the user sees their journal."""
        if self.workspace is None or self.journal is None:
            return
        self.workspace.editor.warm_suggestions()
        self._show_last_backup()
        self._check_timer.start()

    def lock(self) -> None:
        """Save what is being typed, clear every view of the journal and close it."""
        if self.journal is None:
            return
        self.idle.stop()
        self._check_timer.stop()
        self._reminder_timer.stop()
        workspace = self.workspace
        if workspace is not None:
            if not workspace.flush():
                # Disk full or similar: the text cannot be kept without keeping it in the window.
                self._pending_message = self.tr(
                    "Your last change could not be saved before locking (the disk may be full)."
                )
            self._place = workspace.place()
            workspace.save_layout()
        self._close_dialogs()
        if workspace is not None:
            workspace.clear_all()
            self.stack.removeWidget(workspace)
            workspace.hide()
            workspace.deleteLater()
            self.workspace = None
        self.templates_menu.set_journal(None)
        self.runner.wait()
        self.journal.close()
        self.journal = None
        self._key = None
        self.banner.dismiss()
        self.backup_label.hide()
        self.statusBar().clearMessage()
        self._set_unlocked_actions(False)
        self._show_unlock()
        self.locked.emit()

    def _close_dialogs(self) -> None:
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():  # one already closed has said what it had to say
                dialog.reject()
            dialog.hide()
            dialog.deleteLater()

    def changeEvent(self, event: QEvent) -> None:
        # Coming back to the window: show what a command line run may have added meanwhile.
        if event.type() == QEvent.Type.ActivationChange and self.workspace is not None:
            if not self.isActiveWindow():
                self._left = True
            elif self._left:
                self._left = False
                self.workspace.refresh()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        self.lock()
        self.clipboard.clear_now()
        self.shutdown()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Let work in flight finish (a save, a backup being written) before the app ends."""
        self._check_timer.stop()
        self.runner.wait()
        self.maintenance.wait()

    # --- after unlocking: check, back up, remind ---------------------------------------------

    def check_now(self) -> None:
        """Check every page of the journal and make today's automatic backup (on a worker)."""
        if self.journal is None or self._key is None:
            return
        vault, key, now = self.vault, self._key, self._clock()
        self.maintenance.submit(
            lambda: check_and_back_up(vault, key, now), self._checked, self._check_failed
        )

    def _checked(self, outcome: CheckOutcome) -> None:
        self.last_check = outcome
        self.checked.emit(outcome)
        if self.journal is None:
            return  # locked meanwhile: the next unlock checks again
        self._show_last_backup()
        warning = outcome.report.sync_warning
        if warning:
            self.banner.show_message(warning)
        self.notify_reminders()
        self._reminder_timer.start()

    def _check_failed(self, exc: BaseException) -> None:
        self.last_check = exc
        self.checked.emit(exc)
        if isinstance(exc, DamageFound):
            self.show_damage(exc)
        elif self.journal is not None:
            self.show_message(user_message(exc))

    def show_damage(self, damage: DamageFound) -> DamageDialog:
        """Say the journal is damaged, offering its newest good automatic backup."""
        dialog = DamageDialog(damage, self)
        dialog.restore_requested.connect(self.ask_restore)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def ask_restore(self, backup: Path, message: str = "") -> RestoreDialog:
        """Ask for the passphrase that opens ``backup``, then restore it."""
        dialog = RestoreDialog(backup, self, message)
        dialog.chosen.connect(lambda passphrase: self.restore_from(backup, passphrase))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def restore_from(self, backup: Path, passphrase: str) -> None:
        """Close the journal, let go of the folder, and put ``backup`` in its place (on a worker).

        The journal that was there is kept aside by the core, never deleted.
        """
        self.lock()
        self.maintenance.wait()
        if self.instance_lock is not None:
            self.instance_lock.release()
        self.unlock_view.set_busy(True, self.tr("Restoring the backup…"))
        data_dir, now = self.vault.data_dir, self._clock()

        def restore() -> RestoreReport:
            from reflect.core.backup import restore_backup

            return restore_backup(
                backup, data_dir, confirm_replace=True, passphrase=passphrase, now=now
            )

        self.runner.submit(restore, self._restored, lambda exc: self._restore_failed(backup, exc))

    def _take_folder_back(self) -> None:
        if self.instance_lock is not None:
            try:
                self.instance_lock.acquire()
            except ReflectError as exc:
                log.warning("could not take the single-instance lock (%s)", type(exc).__name__)
        self.unlock_view.set_busy(False)

    def _restored(self, report: RestoreReport) -> None:
        self._take_folder_back()
        count = report.items
        items = self.tr("%n item", None, count) if count == 1 else self.tr("%n items", None, count)
        text = self.tr("The backup of {when} is back in place ({items}).").format(
            when=when_text(report.backup_created), items=items
        )
        if report.replaced_dir is not None:
            text += " " + self.tr("The damaged journal was kept in {folder}.").format(
                folder=report.replaced_dir
            )
        self.start()
        if self.journal is None:
            self.unlock_view.message.setText(text)
        else:
            self.show_message(text)
        inform(self, self.tr("Backup restored"), text)

    def _restore_failed(self, backup: Path, exc: BaseException) -> None:
        self._take_folder_back()
        if isinstance(exc, WrongPassphrase):
            self.ask_restore(
                backup,
                self.tr(
                    "That passphrase does not open this backup: nothing was changed. Try the "
                    "passphrase the journal had when the backup was made."
                ),
            )
            return
        self.unlock_view.message.setText(user_message(exc))

    def notify_reminders(self) -> None:
        """A desktop notification for reminders not yet notified today (where there is a tray)."""
        if self.journal is None or self.tray is None or not QSystemTrayIcon.supportsMessages():
            return
        try:
            fresh = reminders_to_notify(self.journal, self.today())
        except ReflectError as exc:
            log.warning("reminders were not checked (%s)", type(exc).__name__)
            return
        if not fresh:
            return
        if len(fresh) == 1:
            title, text = fresh[0].title, fresh[0].message
        else:
            title = self.tr("Reflect: %n reminders", None, len(fresh))
            text = "\n".join(reminder.title for reminder in fresh)
        self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)

    def _show_last_backup(self) -> None:
        if self.journal is None:
            return
        self.backup_label.setText(last_backup_text(last_backup(self.vault)))
        self.backup_label.show()

    # --- commands ----------------------------------------------------------------------------

    def new_item(self, kind: ItemKind) -> None:
        if self.workspace is not None:
            self.workspace.new_item(kind)

    def new_from_template(self, template_id: str) -> None:
        """A new journal entry laid out by a reflection model."""
        if self.workspace is not None:
            self.workspace.new_from_template(template_id)

    def manage_models(self) -> ManageModelsDialog | None:
        """Add or remove the user's own reflection models."""
        if self.journal is None:
            return None
        dialog = ManageModelsDialog(self.journal, self)
        dialog.changed.connect(self.templates_menu.refresh)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_export(self) -> ExportDialog | None:
        """File → Export: an appraisal summary or the whole journal, after the privacy check."""
        if self.journal is None or self.workspace is None:
            return None
        from reflect.gui.export_dialog import ExportDialog

        self.workspace.flush()
        dialog = ExportDialog(self.journal, self, runner=self.runner, today=self.today())
        dialog.exported.connect(
            lambda path: self.show_message(self.tr("Exported to {path}.").format(path=path))
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_import(self) -> ImportDialog | None:
        """File → Import: another journal's entries, all or nothing."""
        if self.journal is None or self.workspace is None:
            return None
        from reflect.gui.import_dialog import ImportDialog

        self.workspace.flush()
        dialog = ImportDialog(self.journal, self, runner=self.runner)
        dialog.imported.connect(self._imported)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _imported(self, report: ImportReport) -> None:
        if self.workspace is not None:
            self.workspace.refresh()
        count = report.imported
        self.show_message(
            self.tr("Imported %n item.", None, count)
            if count == 1
            else self.tr("Imported %n items.", None, count)
        )

    def back_up_now(self) -> QFileDialog | None:
        """File → Back up now: choose where, then write one encrypted backup file there."""
        if self.journal is None:
            return None
        name = f"reflect-backup-{self.today().isoformat()}{BACKUP_SUFFIX}"
        dialog = QFileDialog(self, self.tr("Back up to"), str(Path.home() / name))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Reflect backups (*{suffix})").format(suffix=BACKUP_SUFFIX))
        dialog.setDefaultSuffix(BACKUP_SUFFIX.lstrip("."))
        dialog.fileSelected.connect(lambda path: self.back_up_to(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def back_up_to(self, path: Path) -> None:
        """Write an encrypted backup of the journal to ``path``, on a worker."""
        if self.journal is None or self._key is None:
            return
        if self.workspace is not None:
            self.workspace.flush()  # what was just typed belongs in the backup
        vault, key, now = self.vault, self._key, self._clock()
        self.backup_action.setEnabled(False)
        self.show_message(self.tr("Backing up…"))
        self.maintenance.submit(
            lambda: create_backup(vault, key, path, now=now),
            lambda _info: self._backed_up(path),
            self._backup_failed,
        )

    def _backed_up(self, path: Path) -> None:
        self.backup_action.setEnabled(self.journal is not None)
        self._show_last_backup()
        self.show_message(self.tr("Backed up to {path}.").format(path=path))

    def _backup_failed(self, exc: BaseException) -> None:
        self.backup_action.setEnabled(self.journal is not None)
        if isinstance(exc, DamageFound):
            self.show_damage(exc)
            return
        inform(
            self,
            self.tr("Not backed up"),
            self.tr("The backup was not written: {reason}").format(reason=user_message(exc)),
            warning=True,
        )

    def _new_from_tray(self) -> None:
        self._bring_to_front()
        self.new_item(ItemKind.ENTRY)

    def _bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def _find(self) -> None:
        if self.workspace is not None:
            self.workspace.focus_search()

    def _history(self) -> None:
        if self.workspace is not None:
            self.workspace.show_history()

    def _trash(self) -> None:
        if self.workspace is not None:
            self.workspace.trash_current()

    def _goer(self, key: str) -> Callable[[], None]:
        return lambda: self._go(key)

    def _go(self, key: str) -> None:
        if self.workspace is not None:
            self.workspace.select_section(key)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_preferences(self) -> None:
        if self.journal is None or self._key is None:
            return
        journal = self.journal

        def applied() -> None:
            self.idle.set_minutes(idle_minutes(journal))
            if self.workspace is not None:
                self.workspace.refresh()
            self.show_message(self.tr("Preferences saved."))

        dialog = PreferencesDialog(journal, self.vault, self._key, self.runner, applied, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _about(self) -> None:
        from reflect import __version__

        inform(
            self,
            self.tr("About Reflect"),
            self.tr(
                "Reflect {version}\n\nAn encrypted reflective-practice journal for "
                "mental-health practitioners, tagged against the Ten Essential Shared "
                "Capabilities. Everything stays on this computer."
            ).format(version=__version__),
        )

    def set_summary_factory(self, factory: SummaryFactory) -> None:
        """Use ``factory`` to build the Summary page from now on (built when first shown)."""
        self._summary_factory = factory
        if self.workspace is not None:
            self.workspace.set_summary_factory(factory)

    def set_summary_widget(self, widget: QWidget) -> None:
        """Put ``widget`` on the Summary page of the open workspace (discarded on lock)."""
        if self.workspace is not None:
            self.workspace.set_summary_widget(widget)
