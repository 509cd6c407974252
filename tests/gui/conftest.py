"""GUI fixtures: Qt warnings fail tests; windows on real temporary vaults with short timers.

Most tests open the pristine test vault with its data key computed once per session (kept in an
in-memory key store, as "remember on this device" would), so only the tests about unlocking pay
for the Argon2id derivation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import DataKey, Vault
from reflect.gui.app import build_app_window
from reflect.gui.main_window import AppWindow
from tests.conftest import PASSPHRASE, FixedClock

#: Qt messages about the test machine rather than about Reflect (each with the reason).
IGNORED_QT_MESSAGES = (
    # The offscreen platform has no session bus or runtime dir; harmless in CI containers.
    "XDG_RUNTIME_DIR",
    # Offscreen has no real fonts configured: Qt says so once per process.
    "QFont::fromString",
    # The offscreen platform has no window manager: popups cannot raise or grab the keyboard.
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
)


@pytest.fixture(autouse=True)
def qt_warnings_fail() -> Iterator[None]:
    """Any Qt warning, critical or fatal message during a GUI test fails that test."""
    messages: list[str] = []

    def handler(mode: QtMsgType, _context: object, message: str) -> None:
        serious = mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        if serious and not any(ignored in message for ignored in IGNORED_QT_MESSAGES):
            messages.append(message)

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)
    if messages:
        pytest.fail("Qt warned during the test:\n" + "\n".join(messages), pytrace=False)


@pytest.fixture(scope="session")
def data_key(_pristine_vault: Path) -> DataKey:
    """The data key of every copy of the test vault, derived once."""
    return Vault(_pristine_vault, keystore=MemoryKeyStore()).unlock_with_passphrase(PASSPHRASE)


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def gui_clock() -> FixedClock:
    return FixedClock()


MakeWindow = Callable[..., AppWindow]


@pytest.fixture
def make_window(qtbot, gui_clock: FixedClock, ui_settings: QSettings) -> MakeWindow:
    """Build and show the app window for a vault, with fast timers and the fixed clock."""

    def make(vault: Vault, **options: object) -> AppWindow:
        settings = {
            "clock": gui_clock,
            "settings": ui_settings,
            "idle_check_ms": 20,
            "autosave_ms": 30,
            "tray": False,
            **options,
        }
        window = build_app_window(vault, **settings)  # type: ignore[arg-type]
        qtbot.addWidget(window, before_close_func=lambda w: w.runner.wait())
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    return make


@pytest.fixture
def remembered_vault(data_dir: Path, data_key: DataKey) -> Vault:
    """The test vault, with its key remembered in an in-memory key store (opens at once)."""
    store = MemoryKeyStore()
    vault = Vault(data_dir, keystore=store)
    store.set(vault.vault_id, data_key.raw)
    return vault


@pytest.fixture
def window(make_window: MakeWindow, remembered_vault: Vault) -> AppWindow:
    """An unlocked window on an empty journal."""
    window = make_window(remembered_vault)
    assert not window.is_locked
    return window
