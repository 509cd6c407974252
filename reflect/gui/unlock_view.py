"""The unlock screen: a passphrase, or the recovery code and a new passphrase.

Nothing of the journal is shown here: no titles, no counts, no dates. The slow key derivation runs
on the worker, so the window stays responsive and can say what it is doing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reflect.core.vault import DataKey, Vault
from reflect.errors import ReflectError, WrongPassphrase
from reflect.gui.passphrase_form import NewPassphraseForm, password_field
from reflect.gui.tasks import TaskRunner
from reflect.gui.widgets import centre, named, user_message


def wrong_passphrase() -> str:
    return QCoreApplication.translate(
        "UnlockView",
        "That passphrase does not unlock this journal. Check that Caps Lock is off and try again.",
    )


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    return label


def _message() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(QCoreApplication.translate("UnlockView", "Message"))
    return label


class UnlockView(QWidget):
    """Asks for the passphrase; ``unlocked`` carries the data key."""

    unlocked = Signal(object)

    def __init__(self, vault: Vault, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self.pages = QStackedWidget()
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._recovery_page())
        centre(self, self.pages, 2)

    # --- the passphrase ----------------------------------------------------------------------

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        page.setMaximumWidth(520)
        self.passphrase = password_field(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self._unlock)
        self.unlock_button = named(QPushButton(self.tr("&Unlock")), self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.device_button = named(
            QPushButton(self.tr("Unlock with this &device's key")),
            self.tr("Unlock with the key remembered on this device"),
        )
        self.device_button.clicked.connect(self._unlock_with_device)
        self.message = _message()
        self.recovery_link = named(
            QPushButton(self.tr("Forgotten it? Use the &recovery code…")),
            self.tr("Use the recovery code"),
        )
        self.recovery_link.setFlat(True)
        self.recovery_link.clicked.connect(self.show_recovery)

        layout = QVBoxLayout(page)
        layout.addWidget(_heading(self.tr("Reflect is locked")))
        layout.addWidget(QLabel(self.tr("Enter your passphrase to open your journal.")))
        label = QLabel(self.tr("&Passphrase"))
        label.setBuddy(self.passphrase)
        layout.addWidget(label)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.device_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.recovery_link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def reset(self) -> None:
        """Back to a blank passphrase field, ready to type."""
        self.passphrase.clear()
        self.message.clear()
        self.code.clear()
        self.new_passphrase.clear()
        self.recovery_message.clear()
        self.pages.setCurrentIndex(0)
        try:
            remembered = self.vault.is_remembered()
        except ReflectError:
            remembered = False
        self.device_button.setVisible(remembered)
        self._set_busy(False)
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.unlock_button, self.device_button, self.recover_button):
            widget.setEnabled(not busy)
        self.passphrase.setReadOnly(busy)

    def set_busy(self, busy: bool, message: str = "") -> None:
        """Refuse to unlock while the window does something to the files (a restore)."""
        self._set_busy(busy)
        self.message.setText(message)

    def _unlock(self) -> None:
        if self.runner.busy:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.message.setText(self.tr("Type your passphrase first."))
            return
        self._set_busy(True)
        self.message.setText(self.tr("Unlocking…"))
        vault = self.vault
        self.runner.submit(
            lambda: vault.unlock_with_passphrase(passphrase), self._done, self._failed
        )

    def _unlock_with_device(self) -> None:
        try:
            key = self.vault.remembered_key()
        except ReflectError as exc:
            self.message.setText(user_message(exc))
            return
        if key is None:
            self.device_button.hide()
            self.message.setText(
                self.tr("This device no longer remembers the key: use the passphrase.")
            )
            return
        self.unlocked.emit(key)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self.message.setText(wrong_passphrase())
            self.passphrase.selectAll()
        else:
            self.message.setText(user_message(exc))
        self.passphrase.setFocus()

    def _done(self, key: DataKey) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.message.clear()
        self.unlocked.emit(key)

    # --- the recovery code -------------------------------------------------------------------

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        page.setMaximumWidth(560)
        self.code = named(QLineEdit(), self.tr("Recovery code"))
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_passphrase = NewPassphraseForm()
        self.recover_button = named(
            QPushButton(self.tr("&Set passphrase and unlock")),
            self.tr("Set the new passphrase and unlock"),
        )
        self.recover_button.clicked.connect(self._recover)
        self.back_button = named(QPushButton(self.tr("&Back")), self.tr("Back to the passphrase"))
        self.back_button.clicked.connect(self.reset)
        self.recovery_message = _message()

        layout = QVBoxLayout(page)
        layout.addWidget(_heading(self.tr("Use your recovery code")))
        intro = QLabel(
            self.tr(
                "Type the recovery code you were given when you set up Reflect, then choose a "
                "new passphrase. The code keeps working afterwards."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(self.tr("Recovery &code"), self.code)
        layout.addLayout(form)
        layout.addWidget(self.new_passphrase)
        layout.addWidget(self.recovery_message)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.recover_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def show_recovery(self) -> None:
        self.message.clear()
        self.passphrase.clear()
        self.pages.setCurrentIndex(1)
        self.code.setFocus()

    def _recover(self) -> None:
        if self.runner.busy:
            return
        if not self.new_passphrase.valid():
            self.recovery_message.setText(
                self.tr("Choose a new passphrase of at least 8 characters and type it twice.")
            )
            return
        code, new = self.code.text(), self.new_passphrase.value()
        self._set_busy(True)
        self.recovery_message.setText(self.tr("Checking the code…"))
        vault = self.vault
        self.runner.submit(lambda: vault.recover(code, new), self._recovered, self._recover_failed)

    def _recover_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.recovery_message.setText(user_message(exc))
        self.code.setFocus()

    def _recovered(self, key: DataKey) -> None:
        self._set_busy(False)
        self.code.clear()
        self.new_passphrase.clear()
        self.recovery_message.clear()
        self.unlocked.emit(key)
