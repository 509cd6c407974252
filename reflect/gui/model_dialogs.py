"""The practitioner's own reflection models: add one (name, description, headed sections with
prompts) and remove one.

The dialogs only gather text; :func:`reflect.core.templates.add_custom_template` checks it and keeps
the model inside the encrypted vault, and its message is shown when something is out of shape.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reflect.core.journal import Journal
from reflect.core.templates import (
    Template,
    add_custom_template,
    custom_templates,
    remove_custom_template,
)
from reflect.errors import ReflectError
from reflect.gui.widgets import confirm, named, user_message

#: As many sections as the core accepts.
MAX_SECTIONS = 12


class SectionFields(QGroupBox):
    """One section of a model: its heading and up to four prompts, one per line."""

    remove_requested = Signal()

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = named(QLineEdit(), self.tr("Section heading"))
        self.heading.setPlaceholderText(self.tr("For example: What happened?"))
        self.prompts = named(
            QPlainTextEdit(),
            self.tr("Prompts"),
            self.tr("Questions that prompt the writer, one per line (at most four)"),
        )
        self.prompts.setPlaceholderText(self.tr("One question per line (up to four)"))
        self.prompts.setTabChangesFocus(True)
        self.prompts.setFixedHeight(4 * self.fontMetrics().lineSpacing() + 14)
        self.remove_button = named(QPushButton(self.tr("Remove")), self.tr("Remove this section"))
        self.remove_button.clicked.connect(self.remove_requested)
        form = QFormLayout(self)
        form.addRow(self.tr("Heading"), self.heading)
        form.addRow(self.tr("Prompts"), self.prompts)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        form.addRow("", row)
        self.set_number(number)

    def set_number(self, number: int) -> None:
        self.setTitle(self.tr("Section {number}").format(number=number))

    def data(self) -> dict[str, object]:
        prompts = [line.strip() for line in self.prompts.toPlainText().splitlines() if line.strip()]
        return {"heading": self.heading.text().strip(), "prompts": prompts}

    def is_blank(self) -> bool:
        return not self.heading.text().strip() and not self.prompts.toPlainText().strip()


class ModelEditDialog(QDialog):
    """Write a new reflection model; ``saved`` carries it once the vault holds it."""

    saved = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New reflection model"))
        self.journal = journal
        self.name = named(QLineEdit(), self.tr("Name of the model"))
        self.name.setPlaceholderText(self.tr("For example: Shift debrief"))
        self.description = named(QLineEdit(), self.tr("What the model is for"))
        self.description.setPlaceholderText(self.tr("One sentence on when it helps (optional)"))
        self.sections: list[SectionFields] = []
        self.sections_holder = QWidget()
        self.sections_layout = QVBoxLayout(self.sections_holder)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.sections_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.sections_holder)
        self.add_section_button = named(
            QPushButton(self.tr("&Add a section")), self.tr("Add a section")
        )
        self.add_section_button.clicked.connect(lambda: self.add_section())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save model"))
        self.save_button.setAccessibleName(self.tr("Save the model"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Description"), self.description)
        intro = QLabel(
            self.tr(
                "Each section becomes a heading in a new entry, with its prompts shown as "
                "placeholders while you write. Prompts you leave untouched are not saved."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_section_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.add_section()
        self.resize(560, 620)

    def add_section(self, heading: str = "", prompts: tuple[str, ...] = ()) -> SectionFields:
        section = SectionFields(len(self.sections) + 1)
        section.heading.setText(heading)
        section.prompts.setPlainText("\n".join(prompts))
        section.remove_requested.connect(lambda: self._remove(section))
        self.sections.append(section)
        self.sections_layout.insertWidget(self.sections_layout.count() - 1, section)
        self._renumber()
        return section

    def _remove(self, section: SectionFields) -> None:
        if section not in self.sections or len(self.sections) == 1:
            return
        self.sections.remove(section)
        self.sections_layout.removeWidget(section)
        section.hide()
        section.deleteLater()
        self._renumber()

    def _renumber(self) -> None:
        for number, section in enumerate(self.sections, start=1):
            section.set_number(number)
            section.remove_button.setEnabled(len(self.sections) > 1)
        self.add_section_button.setEnabled(len(self.sections) < MAX_SECTIONS)

    def data(self) -> dict[str, object]:
        """The model as the core takes it (blank sections left out)."""
        return {
            "name": self.name.text().strip(),
            "description": self.description.text().strip(),
            "sections": [s.data() for s in self.sections if not s.is_blank()],
        }

    def save(self) -> Template | None:
        """Keep the model in the vault; show the core's reason if it is out of shape."""
        try:
            template = add_custom_template(self.journal, self.data())
        except ReflectError as exc:
            self.message.setText(user_message(exc))
            self.message.show()
            return None
        self.saved.emit(template)
        self.accept()
        return template


class ManageModelsDialog(QDialog):
    """The user's own reflection models: see them, add one, remove one. ``changed`` follows."""

    changed = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your reflection models"))
        self.journal = journal
        self.list = named(QListWidget(), self.tr("Your reflection models"))
        self.list.currentRowChanged.connect(self._chosen)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.add_button = named(QPushButton(self.tr("&New model…")), self.tr("New model"))
        self.add_button.clicked.connect(self.add_model)
        self.remove_button = named(
            QPushButton(self.tr("&Remove…")), self.tr("Remove the model chosen")
        )
        self.remove_button.clicked.connect(self.remove_current)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr(
                "The built-in models (Gibbs, Driscoll, Johns …) are always there. Add your own "
                "for the way you like to reflect; entries written with a model you remove keep "
                "their text."
            )
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.detail, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.list.clear()
        for template in custom_templates(self.journal):
            row = QListWidgetItem(template.name)
            row.setData(Qt.ItemDataRole.UserRole, template.id)
            self.list.addItem(row)
            if template.id == select:
                self.list.setCurrentItem(row)
        if self.list.count() == 0:
            self.detail.setText(self.tr("You have not added a model of your own yet."))
        elif self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.remove_button.setEnabled(self.list.count() > 0)

    def current_id(self) -> str | None:
        row = self.list.currentItem()
        value = row.data(Qt.ItemDataRole.UserRole) if row is not None else None
        return value if isinstance(value, str) else None

    def _chosen(self, _row: int) -> None:
        template_id = self.current_id()
        template = next((t for t in custom_templates(self.journal) if t.id == template_id), None)
        if template is None:
            return
        lines = [template.description] if template.description else []
        for section in template.sections:
            lines.append(f"\N{BULLET} {section.heading}")
            lines += [f"    {prompt}" for prompt in section.prompts]
        self.detail.setText("\n".join(lines))

    def add_model(self) -> ModelEditDialog:
        dialog = ModelEditDialog(self.journal, self)
        dialog.saved.connect(self._added)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _added(self, template: Template) -> None:
        self.reload(select=template.id)
        self.message.setText(
            self.tr("“{name}” is in the New from reflection model menu.").format(name=template.name)
        )
        self.changed.emit()

    def remove_current(self) -> None:
        template_id = self.current_id()
        row = self.list.currentItem()
        if template_id is None or row is None:
            return
        name = row.text()

        def remove() -> None:
            self.remove(template_id)

        confirm(
            self,
            self.tr("Remove model"),
            self.tr("Remove your model “{name}”?").format(name=name),
            self.tr("Remove"),
            remove,
            informative=self.tr("Entries already written with it keep their text."),
        )

    def remove(self, template_id: str) -> None:
        try:
            remove_custom_template(self.journal, template_id)
        except ReflectError as exc:
            self.message.setText(user_message(exc))
            return
        self.message.clear()
        self.reload()
        self.changed.emit()
