"""The application window: set-up, unlock, and the workspace, with lock and auto-lock.

The window owns the life cycle. Unlocking opens the journal and builds a fresh
:class:`~reflect.gui.workspace.Workspace`; locking saves what is being typed, clears and discards
that workspace, closes the journal and shows the unlock screen. Only the place (section and item
id) is remembered across a lock, in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QSystemTrayIcon,
    QWidget,
)

from reflect.core.journal import Journal
from reflect.core.model import ItemKind
from reflect.core.vault import DataKey, Vault
from reflect.errors import ReflectError
from reflect.gui.dialogs import PreferencesDialog, idle_minutes
from reflect.gui.idle import IdleWatcher
from reflect.gui.setup_view import ClipboardGuard, SetupView
from reflect.gui.tasks import TaskRunner
from reflect.gui.unlock_view import UnlockView
from reflect.gui.widgets import inform, user_message
from reflect.gui.workspace import SECTIONS, Place, SummaryFactory, Workspace

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


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
    """Reflect's one window. ``unlocked``/``locked`` let other parts follow the journal."""

    unlocked = Signal(object)
    locked = Signal()

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
    ) -> None:
        super().__init__()
        self.vault = vault
        self._clock: Clock = clock or _utc_now
        self._journal_clock = clock
        self.settings = settings if settings is not None else QSettings()
        self._autosave_ms = autosave_ms
        self._summary_factory = summary_factory
        self.journal: Journal | None = None
        self._key: DataKey | None = None
        self.workspace: Workspace | None = None
        self._place = Place()
        self._pending_message = ""

        self.setWindowTitle("Reflect")
        self.setWindowIcon(app_icon())
        self.runner = TaskRunner(self)
        self.clipboard = ClipboardGuard(clipboard_clear_ms, self)
        self.idle = IdleWatcher(self._clock, idle_check_ms, self)
        self.idle.idle.connect(self.lock)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock_view = UnlockView(vault, self.runner)
        self.unlock_view.unlocked.connect(self._open_with_key)
        self.stack.addWidget(self.unlock_view)
        self.setup_view: SetupView | None = None

        self._build_actions()
        self._build_menus()
        self.tray: QSystemTrayIcon | None = None
        if tray and QSystemTrayIcon.isSystemTrayAvailable():
            self._build_tray()
        self._set_unlocked_actions(False)
        self.statusBar()
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
            "New &reflection", lambda: self.new_item(ItemKind.ENTRY), "Ctrl+N"
        )
        self.new_supervision_action = self._action(
            "New &supervision note", lambda: self.new_item(ItemKind.SUPERVISION)
        )
        self.new_goal_action = self._action("New &goal", lambda: self.new_item(ItemKind.GOAL))
        self.new_cpd_action = self._action("New &CPD activity", lambda: self.new_item(ItemKind.CPD))
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L")
        self.preferences_action = self._action(
            "&Preferences…", self.show_preferences, QKeySequence.StandardKey.Preferences
        )
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.find_action = self._action("&Find…", self._find, "Ctrl+F")
        self.history_action = self._action("Earlier &versions…", self._history)
        self.trash_action = self._action("Move to &trash", self._trash)
        self.section_actions: list[QAction] = []
        for number, section in enumerate(SECTIONS, start=1):
            action = self._action(section.label, self._goer(section.key), f"Ctrl+{number}")
            self.section_actions.append(action)
        self.about_action = self._action("&About Reflect", self._about)
        self._journal_actions = [
            self.new_entry_action,
            self.new_supervision_action,
            self.new_goal_action,
            self.new_cpd_action,
            self.lock_action,
            self.preferences_action,
            self.find_action,
            self.history_action,
            self.trash_action,
            *self.section_actions,
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        for action in (
            self.new_entry_action,
            self.new_supervision_action,
            self.new_goal_action,
            self.new_cpd_action,
        ):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.preferences_action)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addAction(self.history_action)
        self.edit_menu.addAction(self.trash_action)
        self.view_menu = bar.addMenu("&View")
        for action in self.section_actions:
            self.view_menu.addAction(action)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.about_action)

    def _build_tray(self) -> None:
        tray = QSystemTrayIcon(self.windowIcon(), self)
        tray.setToolTip("Reflect")
        menu = QMenu(self)
        new = menu.addAction("New reflection")
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
        self.journal = journal
        self._key = key
        workspace = Workspace(
            journal,
            self.runner,
            self.settings,
            autosave_ms=self._autosave_ms,
            summary_factory=self._summary_factory,
        )
        workspace.message.connect(self.show_message)
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        self.workspace = workspace
        workspace.restore_place(self._place)
        self.idle.start(idle_minutes(journal))
        self._set_unlocked_actions(True)
        if self._pending_message:
            self.show_message(self._pending_message)
            self._pending_message = ""
        self.unlocked.emit(journal)

    def lock(self) -> None:
        """Save what is being typed, clear every view of the journal and close it."""
        if self.journal is None:
            return
        self.idle.stop()
        workspace = self.workspace
        if workspace is not None:
            if not workspace.flush():
                # Disk full or similar: the text cannot be kept without keeping it in the window.
                self._pending_message = (
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
        self.runner.wait()
        self.journal.close()
        self.journal = None
        self._key = None
        self.statusBar().clearMessage()
        self._set_unlocked_actions(False)
        self._show_unlock()
        self.locked.emit()

    def _close_dialogs(self) -> None:
        for dialog in self.findChildren(QDialog):
            dialog.reject()
            dialog.hide()
            dialog.deleteLater()

    def changeEvent(self, event: QEvent) -> None:
        # Coming back to the window: show what a command line run may have added meanwhile.
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.workspace is not None
        ):
            self.workspace.refresh()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        self.lock()
        self.clipboard.clear_now()
        self.runner.wait()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    # --- commands ----------------------------------------------------------------------------

    def new_item(self, kind: ItemKind) -> None:
        if self.workspace is not None:
            self.workspace.new_item(kind)

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
            self.show_message("Preferences saved.")

        dialog = PreferencesDialog(journal, self.vault, self._key, self.runner, applied, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _about(self) -> None:
        from reflect import __version__

        inform(
            self,
            "About Reflect",
            f"Reflect {__version__}\n\nAn encrypted reflective-practice journal for "
            "mental-health practitioners, tagged against the Ten Essential Shared "
            "Capabilities. Everything stays on this computer.",
        )

    def set_summary_factory(self, factory: SummaryFactory) -> None:
        """Use ``factory`` to build the Summary page from now on (and now, if unlocked)."""
        self._summary_factory = factory
        if self.workspace is not None and self.journal is not None:
            self.workspace.set_summary_widget(factory(self.journal))

    def set_summary_widget(self, widget: QWidget) -> None:
        """Put ``widget`` on the Summary page of the open workspace (discarded on lock)."""
        if self.workspace is not None:
            self.workspace.set_summary_widget(widget)
