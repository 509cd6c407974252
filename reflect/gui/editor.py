"""The item editor: title, date, tags, Markdown body with preview, kind fields and capabilities.

There is no Save button. Every edit restarts a short timer; when typing pauses, the item is saved
on the worker thread (:mod:`reflect.gui.tasks`), so typing never waits for the disk. Only one save
is in flight at a time, so a new item is inserted once and later saves update it. Lock, close,
quit and switching items call :meth:`ItemEditor.flush`, which saves synchronously.

Beside the capabilities, a :class:`~reflect.gui.suggestions.SuggestionPanel` suggests capabilities
for the text being written; a suggestion is only ever applied when the user clicks it. An entry
started from a reflection model shows the model's prompts as placeholder lines while it is being
written; the prompts left untouched are taken out of what is saved, never out of the editor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeySequence,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reflect.core.journal import Journal
from reflect.core.model import CpdDetails, GoalDetails, Item, ItemKind, SupervisionDetails
from reflect.core.templates import (
    Template,
    UnknownTemplate,
    get_template,
    strip_untouched_prompts,
    template_body,
)
from reflect.errors import ReflectError
from reflect.gui.capability_panel import CapabilityPanel
from reflect.gui.kind_fields import CpdFields, GoalFields, PickItems, SupervisionFields
from reflect.gui.suggestions import SuggestionPanel
from reflect.gui.tasks import TaskRunner
from reflect.gui.translate import kind_label
from reflect.gui.widgets import SafeTextBrowser, named, user_message

log = logging.getLogger(__name__)


def body_tab_name(kind: ItemKind) -> str:
    names = {
        ItemKind.ENTRY: QCoreApplication.translate("ItemEditor", "&Reflection"),
        ItemKind.SUPERVISION: QCoreApplication.translate("ItemEditor", "&Discussion"),
        ItemKind.GOAL: QCoreApplication.translate("ItemEditor", "&Notes"),
        ItemKind.CPD: QCoreApplication.translate("ItemEditor", "&Notes"),
    }
    return names[kind]


def details_tab_name(kind: ItemKind) -> str:
    names = {
        ItemKind.SUPERVISION: QCoreApplication.translate("ItemEditor", "Session &details"),
        ItemKind.GOAL: QCoreApplication.translate("ItemEditor", "Goal &plan"),
        ItemKind.CPD: QCoreApplication.translate("ItemEditor", "Activity &details"),
    }
    return names.get(kind, QCoreApplication.translate("ItemEditor", "&Details"))


def body_placeholder(kind: ItemKind) -> str:
    texts = {
        ItemKind.ENTRY: QCoreApplication.translate(
            "ItemEditor",
            "What happened? What did you notice, feel and learn? (Markdown works here.)",
        ),
        ItemKind.SUPERVISION: QCoreApplication.translate("ItemEditor", "What was discussed."),
        ItemKind.GOAL: QCoreApplication.translate("ItemEditor", "Notes on this goal."),
        ItemKind.CPD: QCoreApplication.translate("ItemEditor", "Notes on this activity."),
    }
    return texts[kind]


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, from the tags already in use."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        field = self.widget()
        typed = field.text() if isinstance(field, QLineEdit) else ""
        head, sep, _ = typed.rpartition(",")
        tag = str(index.data())
        return f"{head}, {tag}" if sep else tag


def parse_tags(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class PromptHighlighter(QSyntaxHighlighter):
    """Shows a reflection model's placeholder prompts muted and in italics, as placeholders."""

    PROMPT = re.compile(r"^\s*<!--\s*prompt:.*-->\s*$")

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit.document())
        self._format = QTextCharFormat()
        self._format.setForeground(edit.palette().color(QPalette.ColorRole.PlaceholderText))
        self._format.setFontItalic(True)

    def highlightBlock(self, text: str) -> None:
        if self.PROMPT.match(text):
            self.setFormat(0, len(text), self._format)


class MarkdownEdit(QPlainTextEdit):
    """The body: plain text with a few Markdown formatting commands."""

    def wrap_selection(self, before: str, after: str, placeholder: str = "") -> None:
        cursor = self.textCursor()
        selected = cursor.selectedText() or placeholder
        cursor.beginEditBlock()
        cursor.insertText(f"{before}{selected}{after}")
        cursor.endEditBlock()
        if placeholder and not self.textCursor().hasSelection():
            # Select the placeholder so typing replaces it.
            end = cursor.position() - len(after)
            cursor.setPosition(end - len(selected))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)

    def prefix_lines(self, prefix: str) -> None:
        """Add ``prefix`` to every selected line, or take it away if all have it already."""
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        document = self.document()
        first, last = document.findBlock(start), document.findBlock(end)
        blocks = []
        block = first
        while block.isValid():
            blocks.append(block)
            if block == last:
                break
            block = block.next()
        remove = all(b.text().startswith(prefix) for b in blocks)
        cursor.beginEditBlock()
        for b in blocks:
            line = QTextCursor(b)
            if remove:
                line.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, len(prefix)
                )
                line.removeSelectedText()
            else:
                line.insertText(prefix)
        cursor.endEditBlock()


class ItemEditor(QWidget):
    """Edits one item at a time and saves it by itself."""

    saved = Signal(object)
    history_requested = Signal(int)
    trash_requested = Signal(int)
    #: A save failed for a reason that is not the user's (e.g. a damaged page): for the window.
    failed = Signal(object)

    def __init__(
        self,
        journal: Journal,
        runner: TaskRunner,
        pick: PickItems,
        settings: QSettings,
        *,
        autosave_ms: int = 800,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.runner = runner
        self.settings = settings
        self._item: Item | None = None
        self._dirty = False
        self._saving = False
        self._loading = False
        self._template: Template | None = None

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.save_soon_now)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)
        self._preview_timer.timeout.connect(self._update_preview)

        self._build(pick)
        self.clear()

    # --- building ----------------------------------------------------------------------------

    def _build(self, pick: PickItems) -> None:
        self.kind_label = QLabel()
        self.kind_label.setObjectName("kindLabel")
        self.status = named(QLabel(), self.tr("Save status"))
        self.status.setObjectName("saveStatus")
        self.history_button = named(
            QPushButton(self.tr("&History…")), self.tr("Show earlier versions")
        )
        self.trash_button = named(
            QPushButton(self.tr("Move to trash")), self.tr("Move this item to the trash")
        )
        self.history_button.clicked.connect(self._ask_history)
        self.trash_button.clicked.connect(self._ask_trash)

        self.title = named(QLineEdit(), self.tr("Title"))
        self.title.setPlaceholderText(self.tr("Title"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.title.setFont(font)
        self.title.setFrame(False)

        self.when = named(QDateTimeEdit(), self.tr("Date and time"))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMM yyyy, HH:mm")
        self.bring = named(
            QCheckBox(self.tr("&Bring to supervision")), self.tr("Bring to supervision")
        )
        self.tags = named(QLineEdit(), self.tr("Tags"), self.tr("Free tags, separated by commas"))
        self.tags.setPlaceholderText(self.tr("Tags, separated by commas"))
        self.tag_model = QStringListModel(self)
        completer = TagCompleter(self.tag_model, self.tags)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.tags.setCompleter(completer)

        self.body = named(MarkdownEdit(), self.tr("Body"), self.tr("The text, in Markdown"))
        self.body.setTabChangesFocus(True)
        self.prompt_highlighter = PromptHighlighter(self.body)
        self.preview = named(SafeTextBrowser(), self.tr("Preview"))
        self.format_bar = self._format_bar()

        self.body_split = QSplitter(Qt.Orientation.Horizontal)
        self.body_split.addWidget(self.body)
        self.body_split.addWidget(self.preview)
        self.body_split.setChildrenCollapsible(False)
        body_page = QWidget()
        body_layout = QVBoxLayout(body_page)
        body_layout.setContentsMargins(0, 4, 0, 0)
        body_layout.addWidget(self.format_bar)
        body_layout.addWidget(self.body_split, 1)

        self.supervision_fields = SupervisionFields(self.journal, pick)
        self.goal_fields = GoalFields(self.journal, pick)
        self.cpd_fields = CpdFields()
        self.details_stack = QStackedWidget()
        for fields in (self.supervision_fields, self.goal_fields, self.cpd_fields):
            self.details_stack.addWidget(fields)
            fields.changed.connect(self._edited)
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        details_scroll.setWidget(self.details_stack)
        self.tabs = named(QTabWidget(), self.tr("Item sections"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(body_page, body_tab_name(ItemKind.ENTRY))
        self.tabs.addTab(details_scroll, self.tr("&Details"))

        self.capabilities = CapabilityPanel(self.journal.framework)
        self.capabilities.changed.connect(self._capabilities_changed)
        self.suggestions = SuggestionPanel(self.journal.framework)
        self.suggestions.accepted.connect(self.capabilities.tick)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(10)
        side_layout.addWidget(self.suggestions)
        side_layout.addWidget(self.capabilities, 1)

        header = QHBoxLayout()
        header.addWidget(self.kind_label)
        header.addStretch(1)
        header.addWidget(self.status)
        header.addWidget(self.history_button)
        header.addWidget(self.trash_button)

        when_label = QLabel(self.tr("Da&te"))
        when_label.setBuddy(self.when)
        tags_label = QLabel(self.tr("T&ags"))
        tags_label.setBuddy(self.tags)
        meta = QGridLayout()
        meta.addWidget(when_label, 0, 0)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when)
        when_row.addSpacing(16)
        when_row.addWidget(self.bring)
        when_row.addStretch(1)
        meta.addLayout(when_row, 0, 1)
        meta.addWidget(tags_label, 1, 0)
        meta.addWidget(self.tags, 1, 1)
        meta.setColumnStretch(1, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(header)
        left_layout.addWidget(self.title)
        left_layout.addLayout(meta)
        left_layout.addWidget(self.tabs, 1)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(side)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setCollapsible(0, False)
        self.split.setCollapsible(1, True)  # a narrow window can fold the panel away
        self.split.setSizes([600, 300])

        self.empty = QLabel(
            self.tr("Choose an item on the left, or press Ctrl+N to write a new reflection.")
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.title.textEdited.connect(self._edited)
        self.when.dateTimeChanged.connect(self._edited)
        self.bring.toggled.connect(self._edited)
        self.tags.textEdited.connect(self._edited)
        self.tags.editingFinished.connect(self._edited_if_changed)
        self.body.textChanged.connect(self._body_changed)
        self._restore_layout()

    def _format_bar(self) -> QToolBar:
        bar = QToolBar(self.tr("Formatting"))
        bar.setAccessibleName(self.tr("Formatting"))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bold_text, plain_text = self.tr("bold text"), self.tr("text")
        commands: list[tuple[str, str, str, Callable[[], None]]] = [
            (
                self.tr("Bold"),
                "Ctrl+B",
                self.tr("B", "the Bold button"),
                lambda: self.body.wrap_selection("**", "**", bold_text),
            ),
            (
                self.tr("Italic"),
                "Ctrl+I",
                self.tr("I", "the Italic button"),
                lambda: self.body.wrap_selection("*", "*", plain_text),
            ),
            (
                self.tr("Heading"),
                "Ctrl+Shift+H",
                self.tr("Heading"),
                lambda: self.body.prefix_lines("## "),
            ),
            (
                self.tr("Bulleted list"),
                "Ctrl+Shift+8",
                self.tr("• List"),
                lambda: self.body.prefix_lines("- "),
            ),
            (
                self.tr("Quotation"),
                "Ctrl+Shift+.",
                self.tr("❝ Quote"),
                lambda: self.body.prefix_lines("> "),
            ),
            (
                self.tr("Link"),
                "Ctrl+K",
                self.tr("Link"),
                lambda: self.body.wrap_selection("[", "](https://)", ""),
            ),
        ]
        for name, keys, text, slot in commands:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(self.tr("{name} ({keys})").format(name=name, keys=shortcut))
            action.triggered.connect(slot)
            self.body.addAction(action)
            bar.addAction(action)
            bar.widgetForAction(action).setAccessibleName(name)
        bold = bar.widgetForAction(bar.actions()[0])
        bold_font = QFont(bold.font())
        bold_font.setBold(True)
        bold.setFont(bold_font)
        italic = bar.widgetForAction(bar.actions()[1])
        italic_font = QFont(italic.font())
        italic_font.setItalic(True)
        italic.setFont(italic_font)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.preview_action = QAction(self.tr("Preview"), self)
        self.preview_action.setCheckable(True)
        self.preview_action.setChecked(True)
        self.preview_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.preview_action.setToolTip(self.tr("Show or hide the preview (Ctrl+Shift+P)"))
        self.preview_action.toggled.connect(self._toggle_preview)
        bar.addAction(self.preview_action)
        bar.widgetForAction(self.preview_action).setAccessibleName(self.tr("Show preview"))
        return bar

    def _restore_layout(self) -> None:
        for key, splitter in (("editor/split", self.split), ("editor/body_split", self.body_split)):
            state = self.settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        shown = self.settings.value("editor/preview", True)
        self.preview_action.setChecked(shown not in (False, "false"))

    def save_layout(self) -> None:
        self.settings.setValue("editor/split", self.split.saveState())
        self.settings.setValue("editor/body_split", self.body_split.saveState())
        self.settings.setValue("editor/preview", self.preview_action.isChecked())

    # --- what is being edited ----------------------------------------------------------------

    @property
    def item(self) -> Item | None:
        """The item as last loaded or saved (not including edits not yet saved)."""
        return self._item

    @property
    def current_id(self) -> int | None:
        return self._item.id if self._item is not None else None

    @property
    def dirty(self) -> bool:
        return self._dirty

    def refresh_tags(self) -> None:
        self.tag_model.setStringList([tag for tag, _ in self.journal.tags()])

    def load(self, item: Item) -> None:
        """Show ``item`` for editing (call :meth:`flush` first)."""
        self._loading = True
        try:
            self._item = item
            self._template = self._template_of(item)
            self._dirty = False
            self.kind_label.setText(kind_label(item.kind))
            self.title.setText(item.title)
            self.when.setDateTime(QDateTime(item.date.replace(tzinfo=None)))
            self.bring.setVisible(item.kind is ItemKind.ENTRY)
            self.bring.setChecked(item.bring_to_supervision)
            self.tags.setText(", ".join(item.tags))
            self.body.setPlainText(item.body)
            self.body.setPlaceholderText(body_placeholder(item.kind))
            self.capabilities.set_codes(item.capabilities)
            self.suggestions.clear()
            self.suggestions.set_tagged(item.capabilities)
            self.suggestions.set_text(self._text_for_suggestions())
            self.tabs.setTabText(0, body_tab_name(item.kind))
            if item.kind is ItemKind.ENTRY:
                self.tabs.setTabVisible(1, False)
            else:
                self.tabs.setTabVisible(1, True)
                self.tabs.setTabText(1, details_tab_name(item.kind))
            if item.supervision is not None:
                self.supervision_fields.load(item.supervision)
                self.details_stack.setCurrentWidget(self.supervision_fields)
            if item.goal is not None:
                self.goal_fields.load(item.goal)
                self.details_stack.setCurrentWidget(self.goal_fields)
            if item.cpd is not None:
                self.cpd_fields.load(item.cpd)
                self.details_stack.setCurrentWidget(self.cpd_fields)
            self.history_button.setEnabled(item.id is not None)
            self.trash_button.setEnabled(item.id is not None)
            self._show_status(
                self.tr("Saved") if item.id is not None else self.tr("New: saved as you type")
            )
            self._update_preview()
            self.refresh_tags()
            self.pages.setCurrentWidget(self.split)
        finally:
            self._loading = False

    def start_new(self, kind: ItemKind, *, template: Template | None = None, **fields: Any) -> None:
        """A new item of ``kind`` dated now; the cursor goes where its writing starts.

        Args:
            kind: What to start.
            template: A reflection model to lay the body out with (its prompts as placeholders).
            **fields: Anything to fill in already, e.g. ``capabilities=("4",)``.
        """
        if template is not None:
            fields["template"] = template.id
            fields["body"] = template_body(template)
        self.load(self.journal.new_item(kind, **fields))
        if kind in (ItemKind.GOAL, ItemKind.CPD):
            self.tabs.setCurrentIndex(1)
            (self.goal_fields.what if kind is ItemKind.GOAL else self.cpd_fields.learnt).setFocus()
        else:
            self.tabs.setCurrentIndex(0)
            self.body.setFocus()
            if template is not None:
                self._cursor_to_first_answer()

    def _cursor_to_first_answer(self) -> None:
        """Put the cursor on the empty line after the first section's prompts."""
        block = self.body.document().firstBlock()
        seen_heading = seen_prompt = False
        target = None
        while block.isValid():
            text = block.text().strip()
            if text.startswith("#"):
                if seen_heading:
                    break
                seen_heading = True
            elif text.startswith("<!--"):
                seen_prompt = True
            elif not text and seen_heading:
                target = block
                if seen_prompt:
                    break
            block = block.next()
        if target is not None:
            cursor = self.body.textCursor()
            cursor.setPosition(target.position())
            self.body.setTextCursor(cursor)
            self.body.ensureCursorVisible()

    def clear(self) -> None:
        """Show nothing (after :meth:`flush`): used on lock and when the item goes away."""
        self._autosave.stop()
        self._preview_timer.stop()
        self._loading = True
        try:
            self._item = None
            self._dirty = False
            for edit in (self.title, self.tags):
                edit.clear()
            self._template = None
            self.body.clear()
            self.body.document().clearUndoRedoStacks()
            self.preview.clear()
            self.capabilities.clear()
            self.suggestions.clear()
            self.supervision_fields.load(SupervisionDetails())
            self.goal_fields.load(GoalDetails())
            self.cpd_fields.load(CpdDetails())
            self.tag_model.setStringList([])
            self.kind_label.clear()
            self.status.clear()
            self.pages.setCurrentWidget(self.empty)
        finally:
            self._loading = False

    def collect(self) -> Item | None:
        """The item as the fields now show it."""
        if self._item is None:
            return None
        kind = self._item.kind
        when = self.when.dateTime().toPython()
        assert isinstance(when, datetime)
        changes: dict[str, Any] = {
            "title": self.title.text(),
            "date": when.replace(second=0, microsecond=0),
            "body": self.body.toPlainText(),
            "tags": parse_tags(self.tags.text()),
            "capabilities": self.capabilities.codes(),
            "bring_to_supervision": kind is ItemKind.ENTRY and self.bring.isChecked(),
        }
        if kind is ItemKind.SUPERVISION:
            changes["supervision"] = self.supervision_fields.details()
        elif kind is ItemKind.GOAL:
            changes["goal"] = self.goal_fields.details()
        elif kind is ItemKind.CPD:
            changes["cpd"] = self.cpd_fields.details()
        return replace(self._item, **changes)

    # --- saving ------------------------------------------------------------------------------

    def _edited(self, *_: object) -> None:
        if self._loading or self._item is None:
            return
        self._dirty = True
        self._show_status(self.tr("Editing…"))
        self._autosave.start()

    def _edited_if_changed(self) -> None:
        if self._item is not None and parse_tags(self.tags.text()) != self._item.tags:
            self._edited()

    def _body_changed(self) -> None:
        self._edited()
        if self._loading:
            return
        if self.preview_action.isChecked():
            self._preview_timer.start()
        self.suggestions.set_text(self._text_for_suggestions())

    def _capabilities_changed(self) -> None:
        self.suggestions.set_tagged(self.capabilities.codes())
        self._edited()

    # --- reflection models -------------------------------------------------------------------

    def _template_of(self, item: Item) -> Template | None:
        if not item.template:
            return None
        try:
            return get_template(item.template, self.journal)
        except UnknownTemplate:
            return None  # a model the user has since removed: strip any placeholder line

    def _without_prompts(self, body: str) -> str:
        if self._item is None or not self._item.template:
            return body
        return strip_untouched_prompts(body, self._template)

    def _text_for_suggestions(self) -> str:
        # The model's own questions and headings would otherwise suggest capabilities by
        # themselves ("Action plan"): only what the user wrote counts.
        text = self._without_prompts(self.body.toPlainText())
        if self._template is None:
            return text
        headings = {f"## {section.heading}" for section in self._template.sections}
        return "\n".join(line for line in text.splitlines() if line.strip() not in headings)

    def _for_saving(self, item: Item) -> Item:
        """What is stored: the body without the prompts left untouched (the editor keeps them)."""
        body = self._without_prompts(item.body)
        return item if body == item.body else replace(item, body=body)

    def warm_suggestions(self) -> None:
        """Build the suggestion index now, off the UI thread, so the first suggestion is quick."""
        self.suggestions.warm()

    # --- saving ------------------------------------------------------------------------------

    def _worth_saving(self, item: Item) -> bool:
        if item.id is not None:
            return True
        blank = self.journal.new_item(item.kind)
        body = item.body
        if self._template is not None:
            # A model laid out and nothing written in it yet is not worth keeping.
            skeleton = strip_untouched_prompts(template_body(self._template), self._template)
            if body.strip() == skeleton.strip():
                body = ""
        return bool(
            item.title.strip()
            or body.strip()
            or item.tags
            or item.capabilities
            or item.bring_to_supervision
            or item.supervision != blank.supervision
            or item.goal != blank.goal
            or item.cpd != blank.cpd
        )

    def save_soon_now(self) -> None:
        """Save the current edits on the worker (the autosave timer calls this)."""
        if not self._dirty or self._item is None:
            return
        if self._saving:
            return  # the finishing save re-arms the timer
        item = self.collect()
        if item is None or not self._worth_saving(item):
            return
        item = self._for_saving(item)
        self._saving = True
        self._dirty = False
        self._show_status(self.tr("Saving…"))
        journal = self.journal
        self.runner.submit(lambda: journal.save(item), self._saved, self._save_failed)

    def _saved(self, item: Item) -> None:
        self._saving = False
        if self._item is None or (self._item.id not in (None, item.id)):
            return  # the editor moved on (it flushed first, so nothing is lost)
        self._took(item)
        if self._dirty:
            self._autosave.start()

    def _took(self, item: Item) -> None:
        """``item`` is now what the journal holds for what is being edited."""
        self._item = item
        self.history_button.setEnabled(True)
        self.trash_button.setEnabled(True)
        if not self._dirty:
            self._show_status(self.tr("Saved"))
        self.saved.emit(item)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._dirty = True
        if not isinstance(exc, ReflectError):
            self.failed.emit(exc)
        self._show_status(
            self.tr("Not saved: {reason}").format(reason=user_message(exc)), error=True
        )

    def flush(self) -> bool:
        """Save now, on this thread, waiting for any save in flight; ``False`` if it failed."""
        self._autosave.stop()
        self.supervision_fields.commit_editing()
        self.goal_fields.commit_editing()
        self.runner.wait()
        if not self._dirty or self._item is None:
            return True
        item = self.collect()
        if item is None or not self._worth_saving(item):
            self._dirty = False
            return True
        try:
            saved = self.journal.save(self._for_saving(item))
        except Exception as exc:
            self._show_status(
                self.tr("Not saved: {reason}").format(reason=user_message(exc)), error=True
            )
            if not isinstance(exc, ReflectError):
                self.failed.emit(exc)
            return False
        self._dirty = False
        self._took(saved)
        return True

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setToolTip(text if error else "")
        font = self.status.font()
        font.setBold(error)
        self.status.setFont(font)

    # --- preview, history, trash -------------------------------------------------------------

    def _toggle_preview(self, shown: bool) -> None:
        self.preview.setVisible(shown)
        if shown:
            self._update_preview()

    def _update_preview(self) -> None:
        if self.preview_action.isChecked():
            self.preview.show_markdown(self.body.toPlainText())

    def _ask_history(self) -> None:
        if self.current_id is not None:
            self.history_requested.emit(self.current_id)

    def _ask_trash(self) -> None:
        if self.current_id is not None:
            self.trash_requested.emit(self.current_id)
