"""The suggestion panel: capabilities the text being written seems to speak to, one click to tag.

Suggestions come from :func:`reflect.core.suggest.suggest`, computed on a worker thread through
:class:`reflect.gui.tasks.TaskRunner` a short pause after typing stops, so typing never waits.
Nothing is ever tagged automatically: the panel only emits :attr:`SuggestionPanel.accepted` when
the user clicks a suggestion, and the editor decides what to do with it.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from reflect.core.frameworks import Framework, capability_of
from reflect.core.suggest import Suggestion, suggest, warm
from reflect.gui.tasks import TaskRunner
from reflect.gui.widgets import named

#: Quiet time after the last keystroke before suggestions are recomputed.
DEBOUNCE_MS = 500
#: How many suggestions are shown at most (after hiding the ones already tagged).
SHOWN = 5


class SuggestionPanel(QWidget):
    """Suggested capabilities for a text, each a button that emits :attr:`accepted` when clicked.

    Signals:
        accepted: The user chose a suggestion; carries its code (``"9"`` or ``"9.4"``).
        suggestions_changed: A new set of suggestions is on screen (also when it is empty).
    """

    accepted = Signal(str)
    suggestions_changed = Signal()

    def __init__(
        self,
        framework: Framework | None = None,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self._framework = framework
        # A runner of its own by default, so a suggestion never queues behind a save or unlock.
        self._runner = runner if runner is not None else TaskRunner(self)
        self._text = ""
        self._tagged: set[int] = set()
        self._all: list[Suggestion] = []
        self._generation = 0
        self._buttons: dict[str, QPushButton] = {}
        self._row_widgets: list[QWidget] = []

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, debounce_ms))
        self._timer.timeout.connect(self._compute)

        self._title = QLabel(self.tr("Suggested capabilities"))
        title_font = self._title.font()
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._hint = QLabel(self._empty_hint())
        self._hint.setWordWrap(True)
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addLayout(self._rows)
        layout.addStretch(1)
        named(
            self,
            self.tr("Suggested capabilities"),
            self.tr("Click a suggestion to tag the entry with it"),
        )

    # --- what the editor calls ----------------------------------------------------------------

    def set_framework(self, framework: Framework) -> None:
        """Suggest from this framework's capabilities (recomputes for the current text)."""
        self._framework = framework
        self._schedule()

    def set_text(self, text: str) -> None:
        """The text being written; suggestions follow after a short pause in typing."""
        if text == self._text:
            return
        self._text = text
        self._schedule()

    def set_tagged(self, codes: Iterable[str]) -> None:
        """Hide suggestions for capabilities the item is already tagged with (or by indicator)."""
        # Suggestions speak of the default framework; other frameworks' codes carry a prefix.
        self._tagged = {capability_of(code) for code in codes if ":" not in code}
        self._render()

    def clear(self) -> None:
        """Forget the text, the tags and every suggestion (e.g. before another item is opened)."""
        self._timer.stop()
        self._generation += 1  # results still on their way are now stale
        self._text = ""
        self._tagged = set()
        self._all = []
        self._render()

    def warm(self) -> None:
        """Build the framework's suggestion index on the worker now, so the first is quick."""
        framework = self._framework
        if framework is not None:
            self._runner.submit(lambda: warm(framework), on_error=lambda _exc: None)

    def suggestions(self) -> list[Suggestion]:
        """The suggestions on screen, best first."""
        return [s for s in self._all if capability_of(s.code) not in self._tagged][:SHOWN]

    def button_for(self, code: str) -> QPushButton | None:
        """The button that accepts ``code``, if it is shown (for keyboard focus and tests)."""
        return self._buttons.get(code)

    # --- computing off the UI thread ----------------------------------------------------------

    def _schedule(self) -> None:
        self._generation += 1
        self._timer.start()

    def _compute(self) -> None:
        framework, text, generation = self._framework, self._text, self._generation
        if framework is None or not text.strip():
            self._show(generation, [])
            return
        limit = len(framework.capabilities)  # all of them: tagged ones are hidden afterwards
        self._runner.submit(
            lambda: suggest(text, framework, limit=limit),
            on_done=lambda found: self._show(generation, found),
            on_error=lambda _exc: self._show(generation, []),
        )

    def _show(self, generation: int, found: list[Suggestion]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # the panel is gone (shared runner), or the text changed meanwhile
        self._all = list(found)
        self._render()

    # --- drawing ------------------------------------------------------------------------------

    def _render(self) -> None:
        for row in self._row_widgets:
            self._rows.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._row_widgets = []
        self._buttons = {}
        shown = self.suggestions()
        framework = self._framework
        for suggestion in shown:
            if framework is None:
                break
            row = self._row(framework, suggestion)
            self._row_widgets.append(row)
            self._rows.addWidget(row)
        self._hint.setVisible(not shown)
        if not shown:
            self._hint.setText(
                self.tr("No suggestions for this text yet.")
                if self._text.strip()
                else self._empty_hint()
            )
        self.suggestions_changed.emit()

    def _empty_hint(self) -> str:
        return self.tr("Suggestions appear here as you write. Nothing is tagged until you click.")

    def _row(self, framework: Framework, suggestion: Suggestion) -> QWidget:
        capability = framework.capability(capability_of(suggestion.code))
        # Every widget gets its parent at once, so Qt alone owns and deletes it.
        row = QWidget(self)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        button = QPushButton(f"+ {suggestion.code}  {capability.name}", row)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setStyleSheet("text-align: left; padding: 3px 6px")
        detail = capability.definition
        if "." in suggestion.code:
            detail = framework.indicator(suggestion.code).text
        button.setToolTip(
            self.tr("Tag with {code}: {detail}").format(code=suggestion.code, detail=detail)
        )
        why = ", ".join(suggestion.why)
        named(
            button,
            self.tr("Tag with {code}, {name}").format(code=suggestion.code, name=capability.name),
            self.tr("Suggested because of: {words}").format(words=why),
        )
        # A bound method, not a lambda: the code travels as a property of the button, and PySide
        # never has to keep a Python receiver alive for a widget that is about to be deleted.
        button.setProperty("suggestion_code", suggestion.code)
        button.clicked.connect(self._on_button_clicked)
        because = QLabel(self.tr("because of: {words}").format(words=why), row)
        because.setWordWrap(True)
        because.setTextFormat(Qt.TextFormat.PlainText)
        because.setStyleSheet("font-style: italic; margin-left: 1.5em")
        layout.addWidget(button)
        layout.addWidget(because)
        self._buttons[suggestion.code] = button
        return row

    @Slot()
    def _on_button_clicked(self) -> None:
        sender = self.sender()
        code = sender.property("suggestion_code") if sender is not None else None
        if isinstance(code, str):
            self._accept(code)

    def _accept(self, code: str) -> None:
        self._tagged.add(capability_of(code))
        self.accepted.emit(code)
        self._render()
