"""Choosing a new passphrase: two fields, a strength meter and one clear line of advice.

Used by first-run set-up, the recovery path of the unlock screen and the change-passphrase dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from reflect.gui.passphrase import assess
from reflect.gui.widgets import named


def password_field(name: str, placeholder: str = "") -> QLineEdit:
    field = named(QLineEdit(), name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class NewPassphraseForm(QWidget):
    """A new passphrase typed twice, with strength feedback; ``valid`` once both agree."""

    changed = Signal()

    def __init__(self, label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passphrase = password_field(
            self.tr("New passphrase"), self.tr("At least 8 characters")
        )
        self.confirm = password_field(
            self.tr("Confirm the new passphrase"), self.tr("Type it again")
        )
        self.meter = named(QProgressBar(), self.tr("Passphrase strength"))
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setFormat("")
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.match = QLabel()
        self.match.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(label or self.tr("New &passphrase"), self.passphrase)
        form.addRow(self.tr("Strength"), self.meter)
        form.addRow("", self.advice)
        form.addRow(self.tr("&Confirm"), self.confirm)
        form.addRow("", self.match)
        self.passphrase.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self._update()

    def value(self) -> str:
        return self.passphrase.text()

    def valid(self) -> bool:
        text = self.passphrase.text()
        return assess(text).acceptable and text == self.confirm.text()

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirm.clear()

    def _update(self) -> None:
        text = self.passphrase.text()
        strength = assess(text)
        self.meter.setValue(strength.score)
        self.meter.setFormat(strength.label if text else "")
        self.meter.setAccessibleDescription(strength.label)
        self.advice.setText(
            strength.advice if text else self.tr("A few unrelated words work well.")
        )
        confirm = self.confirm.text()
        if not confirm:
            self.match.setText("")
        elif confirm == text:
            self.match.setText(self.tr("The passphrases match."))
        else:
            self.match.setText(self.tr("The passphrases do not match yet."))
        self.changed.emit()
