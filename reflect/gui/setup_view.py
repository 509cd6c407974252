"""First run: what Reflect keeps, a passphrase, and a recovery code the user proves they have.

The code is shown once (the core stores it nowhere). The user re-types it before going on, because
a code that was never written down is no recovery at all. Copying it starts a 30-second timer that
clears the clipboard if the code is still there.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reflect.core.recovery import normalise_recovery_code
from reflect.core.vault import CreatedVault, DataKey, Vault
from reflect.errors import RecoveryCodeTypo
from reflect.gui.passphrase_form import NewPassphraseForm
from reflect.gui.tasks import TaskRunner
from reflect.gui.widgets import centre, named, user_message


def welcome() -> str:
    return QCoreApplication.translate(
        "SetupView",
        "Reflect keeps your reflections, supervision notes, development goals and CPD log on this "
        "computer, tagged against the Ten Essential Shared Capabilities. Everything is encrypted "
        "with a passphrase only you know: without it nobody, not even the makers of Reflect, can "
        "read a word.",
    )


def remember_explained() -> str:
    return QCoreApplication.translate(
        "SetupView",
        "Opens without the passphrase on this computer: anyone signed in as you could read it.",
    )


class ClipboardGuard(QObject):
    """Puts a secret on the clipboard and takes it off again after a while."""

    def __init__(self, clear_after_ms: int = 30_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._secret: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_now)

    def copy(self, secret: str) -> None:
        QGuiApplication.clipboard().setText(secret)
        self._secret = secret
        self._timer.start()

    def clear_now(self) -> None:
        """Empty the clipboard if it still holds the secret (the user may have copied since)."""
        self._timer.stop()
        if self._secret is not None and QGuiApplication.clipboard().text() == self._secret:
            QGuiApplication.clipboard().clear()
        self._secret = None


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    return label


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class SetupView(QWidget):
    """Creates the vault; ``finished`` carries the data key once the code has been re-typed."""

    finished = Signal(object)

    def __init__(
        self,
        vault: Vault,
        runner: TaskRunner,
        clipboard: ClipboardGuard,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self.clipboard = clipboard
        self._created: CreatedVault | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._code_page())
        centre(self, self.pages, 3)

    # --- step 1: the passphrase --------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget()
        page.setMaximumWidth(640)
        self.form = NewPassphraseForm(self.tr("Choose a &passphrase"))
        self.remember = named(
            QCheckBox(self.tr("&Remember on this device")),
            self.tr("Remember on this device"),
            remember_explained(),
        )
        remember_note = _paragraph(remember_explained())
        remember_note.setIndent(24)
        can_remember = self.vault.can_remember()
        self.remember.setVisible(can_remember)
        remember_note.setVisible(can_remember)
        self.create_button = named(
            QPushButton(self.tr("&Create my journal")), self.tr("Create my journal")
        )
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        self.create_status = _paragraph("")
        self.form.changed.connect(self._update_create)
        self.form.confirm.returnPressed.connect(self._create)

        layout = QVBoxLayout(page)
        layout.addWidget(_heading(self.tr("Welcome to Reflect")))
        layout.addWidget(_paragraph(welcome()))
        layout.addSpacing(12)
        layout.addWidget(self.form)
        layout.addWidget(self.remember)
        layout.addWidget(remember_note)
        layout.addSpacing(8)
        row = QHBoxLayout()
        row.addWidget(self.create_status, 1)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self._update_create()
        return page

    def _update_create(self) -> None:
        self.create_button.setEnabled(self.form.valid() and not self.runner.busy)

    def _create(self) -> None:
        if not self.form.valid() or self.runner.busy:
            return
        passphrase = self.form.value()
        remember = self.remember.isVisible() and self.remember.isChecked()
        self.create_button.setEnabled(False)
        self.create_status.setText(self.tr("Creating your journal…"))
        vault = self.vault
        self.runner.submit(
            lambda: vault.create(passphrase, remember=remember), self._created_ok, self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self.create_status.setText(user_message(exc))
        self._update_create()

    def _created_ok(self, created: CreatedVault) -> None:
        self._created = created
        self.form.clear()
        self.create_status.clear()
        self.code.setText(created.recovery_code)
        self.pages.setCurrentIndex(1)
        self.retype.setFocus()

    # --- step 2: the recovery code -----------------------------------------------------------

    def _code_page(self) -> QWidget:
        page = QWidget()
        page.setMaximumWidth(640)
        self.code = named(QLabel(), self.tr("Recovery code"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.5)
        self.code.setFont(mono)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setFrameShape(QFrame.Shape.StyledPanel)
        self.code.setMargin(12)
        self.copy_button = named(QPushButton(self.tr("C&opy")), self.tr("Copy the recovery code"))
        self.copy_button.setToolTip(
            self.tr("Copies the code; the clipboard is cleared after 30 seconds")
        )
        self.print_button = named(
            QPushButton(self.tr("&Print…")), self.tr("Print the recovery code")
        )
        self.copy_button.clicked.connect(self._copy)
        self.print_button.clicked.connect(self._print)
        self.retype = named(QLineEdit(), self.tr("Type the recovery code again"))
        self.retype.setPlaceholderText(self.tr("Type the code here to show you have it"))
        self.retype.textChanged.connect(self._check_retyped)
        self.retype.returnPressed.connect(self._continue)
        self.retype_status = _paragraph("")
        self.continue_button = named(
            QPushButton(self.tr("C&ontinue")), self.tr("Continue to my journal")
        )
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self._continue)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(_heading(self.tr("Your recovery code")))
        layout.addWidget(
            _paragraph(
                self.tr(
                    "If you ever forget your passphrase, this code is the only way back in. "
                    "Write it down or print it and keep it somewhere safe, away from this "
                    "computer. It will not be shown again."
                )
            )
        )
        layout.addWidget(self.code)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        retype_label = QLabel(self.tr("&Type the code again"))
        retype_label.setBuddy(self.retype)
        layout.addWidget(retype_label)
        layout.addWidget(self.retype)
        row = QHBoxLayout()
        row.addWidget(self.retype_status, 1)
        row.addWidget(self.continue_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _copy(self) -> None:
        if self._created is not None:
            self.clipboard.copy(self._created.recovery_code)
            self.retype_status.setText(
                self.tr("Copied. Paste it somewhere safe: the clipboard is cleared in 30 seconds.")
            )

    def _print(self) -> None:
        if self._created is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        code = self._created.recovery_code
        document = QTextDocument()
        heading = html.escape(self.tr("Reflect recovery code"))
        advice = html.escape(
            self.tr(
                "Keep this somewhere safe. With it, you can set a new passphrase if you forget "
                "yours. Anyone who has it and your computer can read your journal."
            )
        )
        document.setHtml(
            f"<h2>{heading}</h2>"
            f"<p style='font-size: 18pt'><tt>{html.escape(code)}</tt></p>"
            f"<p>{advice}</p>"
        )

        def print_it() -> None:
            document.print_(printer)

        dialog.accepted.connect(print_it)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _retyped_matches(self) -> bool:
        if self._created is None:
            return False
        try:
            return normalise_recovery_code(self.retype.text()) == normalise_recovery_code(
                self._created.recovery_code
            )
        except RecoveryCodeTypo:
            return False

    def _check_retyped(self) -> None:
        matches = self._retyped_matches()
        self.continue_button.setEnabled(matches)
        typed = "".join(ch for ch in self.retype.text() if ch.isalnum())
        if matches:
            self.retype_status.setText(self.tr("That is the code. You are ready."))
        elif len(typed) >= 28:
            self.retype_status.setText(
                self.tr("That is not the same code: check each group of four.")
            )
        else:
            self.retype_status.setText("")

    def _continue(self) -> None:
        if self._created is None or not self._retyped_matches():
            return
        key: DataKey = self._created.key
        self._created = None
        self.code.clear()
        self.retype.clear()
        self.finished.emit(key)
