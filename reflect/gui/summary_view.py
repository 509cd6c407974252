"""The Summary: the ten capabilities at a glance for the review year, and what to do about gaps.

:class:`SummaryView` shows one card per capability (status by colour *and* by a symbol, a word and
the card's border style, so it reads in greyscale and to a screen reader), an activity strip of
items per month, the period (review year or any dates) and the days until the annual review.
Choosing a card lists that capability's items; a gap shows the capability's definition and its
indicators as prompts, with a button to write a reflection pre-tagged with it. A second tab holds
:class:`SupervisionAgendaView`, which prepares the next supervision session.

The view owns no data: :meth:`SummaryView.refresh` recomputes everything from the core
(:mod:`reflect.core.coverage`, well under the 30 ms budget, so on the UI thread). Locking
(``set_journal(None)``) clears every label and list, not just hides them.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reflect.core.agenda import Agenda, agenda_to_supervision_note, build_agenda
from reflect.core.coverage import (
    CapabilityCoverage,
    Coverage,
    Period,
    compute_coverage,
    default_period,
    next_review_date,
    preferred_framework_id,
    review_date_setting,
    set_preferred_framework,
    set_review_date,
)
from reflect.core.frameworks import Framework
from reflect.core.journal import Journal
from reflect.core.model import GoalStatus, ItemFilter, ItemKind
from reflect.core.reminders import (
    Reminder,
    dismiss_reminder,
    due_reminders,
    set_reminders_enabled,
)
from reflect.core.serialize import long_date
from reflect.errors import ReflectError
from reflect.gui.translate import counted
from reflect.gui.widgets import framework_choice

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: What an unset annual review date shows as (the field's minimum, displayed as "Not set").
NOT_SET = QDate(1900, 1, 1)

#: Status -> (symbol, word in British English). The symbol's fill grows with depth, so it reads
#: without colour. What is shown goes through :func:`status_word` (translated).
STATUS_LOOK: dict[str, tuple[str, str]] = {
    "established": ("\N{BLACK CIRCLE}", "Established"),
    "emerging": ("\N{CIRCLE WITH LEFT HALF BLACK}", "Emerging"),
    "gap": ("\N{WHITE CIRCLE}", "Gap"),
}
#: Border style per status: solid, dashed, dotted (a second cue that survives greyscale).
STATUS_BORDER = {"established": "solid", "emerging": "dashed", "gap": "dotted"}
#: Light- and dark-palette colours per status (green, amber, red), chosen for contrast on each.
STATUS_COLOURS = {
    "established": ("#2e7d32", "#81c784"),
    "emerging": ("#a15c00", "#ffb74d"),
    "gap": ("#c62828", "#ef9a9a"),
}


# --- words (every one through Qt's translation) ------------------------------------------------


def status_word(status: str) -> str:
    """ "Established", "Emerging" or "Gap", as a badge shows it."""
    words = {
        "established": QCoreApplication.translate("SummaryView", "Established"),
        "emerging": QCoreApplication.translate("SummaryView", "Emerging"),
        "gap": QCoreApplication.translate("SummaryView", "Gap"),
    }
    return words[status]


def status_name(status: str) -> str:
    """The status inside a sentence ("emerging")."""
    names = {
        "established": QCoreApplication.translate("SummaryView", "established"),
        "emerging": QCoreApplication.translate("SummaryView", "emerging"),
        "gap": QCoreApplication.translate("SummaryView", "gap"),
    }
    return names[status]


def status_count(status: str, n: int) -> str:
    """ "3 established", "1 gap", "7 gaps"."""
    if status == "established":
        return counted().established(n)
    if status == "emerging":
        return counted().emerging(n)
    return counted().gaps(n)


def items_text(n: int) -> str:
    return counted().items(n)


def days_text(n: int) -> str:
    return counted().days(n)


def indicators_text(covered: int, total: int) -> str:
    return QCoreApplication.translate("SummaryView", "{covered} of {total} indicators").format(
        covered=covered, total=total
    )


def kind_count(kind: ItemKind, n: int) -> str:
    """A short count for a card: "3 entries", "1 supervision", "2 CPD"."""
    if kind is ItemKind.ENTRY:
        return counted().entries(n)
    if kind is ItemKind.SUPERVISION:
        return counted().supervision(n)
    if kind is ItemKind.GOAL:
        return counted().goals(n)
    return counted().cpd(n)


def kind_word(kind: ItemKind) -> str:
    """What one item of ``kind`` is called in a list ("supervision note")."""
    words = {
        ItemKind.ENTRY: QCoreApplication.translate("SummaryView", "entry"),
        ItemKind.SUPERVISION: QCoreApplication.translate("SummaryView", "supervision note"),
        ItemKind.GOAL: QCoreApplication.translate("SummaryView", "goal"),
        ItemKind.CPD: QCoreApplication.translate("SummaryView", "CPD activity"),
    }
    return words[kind]


# --- small helpers ----------------------------------------------------------------------------


def goal_status_name(status: GoalStatus) -> str:
    names = {
        GoalStatus.PLANNED: QCoreApplication.translate("SummaryView", "planned"),
        GoalStatus.IN_PROGRESS: QCoreApplication.translate("SummaryView", "in progress"),
        GoalStatus.ACHIEVED: QCoreApplication.translate("SummaryView", "achieved"),
        GoalStatus.DROPPED: QCoreApplication.translate("SummaryView", "dropped"),
    }
    return names[status]


def _short_day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_colour(status: str, palette: QPalette) -> QColor:
    """The status colour that contrasts with ``palette`` (light or dark)."""
    light, dark = STATUS_COLOURS[status]
    return QColor(dark if _is_dark(palette) else light)


def _blend(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _scaled_font(widget: QWidget, factor: float, bold: bool = True) -> QFont:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def accessible_summary(entry: CapabilityCoverage) -> str:
    """What a screen reader says for a card, e.g. "Promoting Recovery: emerging, 2 items, 3 of 8
    indicators"."""
    return QCoreApplication.translate(
        "SummaryView", "{name}: {status}, {items}, {indicators}"
    ).format(
        name=entry.capability.name,
        status=status_name(entry.status),
        items=items_text(entry.total),
        indicators=indicators_text(len(entry.indicators_covered), entry.indicators_total),
    )


def counts_text(entry: CapabilityCoverage) -> str:
    """ "3 entries · 1 supervision · 2 CPD" (kinds with none left out)."""
    # Each "3 entries" stays whole when the line wraps.
    parts = [
        kind_count(kind, n).replace(" ", "\N{NO-BREAK SPACE}")
        for kind, n in entry.counts.items()
        if n
    ]
    if not parts:
        return QCoreApplication.translate("SummaryView", "Nothing this period")
    return " \N{MIDDLE DOT} ".join(parts)


# --- the capability card ----------------------------------------------------------------------


class IndicatorDots(QWidget):
    """One dot per indicator, filled when touched: coverage you can see at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._covered = 0
        self._total = 0
        self._colour = QColor()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_counts(self, covered: int, total: int, colour: QColor) -> None:
        self._covered, self._total, self._colour = covered, total, colour
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(12 * max(self._total, 1), 12)

    def paintEvent(self, event: Any) -> None:
        if not self._total:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        size = 8.0
        for n in range(self._total):
            centre = QPointF(5 + n * 12, self.height() / 2)
            rect = QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)
            if n < self._covered:
                painter.setPen(QPen(self._colour, 1.2))
                painter.setBrush(self._colour)
            else:
                faded = QColor(text)
                faded.setAlphaF(0.45)
                painter.setPen(QPen(faded, 1.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect)
        painter.end()


class CapabilityCard(QPushButton):
    """A capability's coverage as a card: a button, so it is focusable and reads as one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.capability_id: int | None = None
        self.status = ""
        self._covered = 0
        self._total = 0
        self.setCheckable(True)
        self.setAutoExclusive(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

        self.badge = QLabel()
        self.number = QLabel()
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.name.setFont(_scaled_font(self, 1.08))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.dots = IndicatorDots()
        self.indicators = QLabel()
        self.indicators.setWordWrap(True)
        self.last = QLabel()
        self.last.setWordWrap(True)  # so a narrow card wraps instead of pushing the grid wider
        for label in (self.badge, self.number, self.name, self.counts, self.indicators, self.last):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(self.number)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.name)
        layout.addWidget(self.counts)
        layout.addStretch(1)
        layout.addWidget(self.dots)
        layout.addWidget(self.indicators)
        layout.addWidget(self.last)

    # A QPushButton sizes itself from its text; this one is sized by its contents.
    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().heightForWidth(width)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)

    def show_coverage(self, entry: CapabilityCoverage) -> None:
        symbol = STATUS_LOOK[entry.status][0]
        self.capability_id = entry.capability.id
        self.status = entry.status
        self._covered = len(entry.indicators_covered)
        self._total = entry.indicators_total
        self.badge.setText(f"{symbol}  {status_word(entry.status)}")
        self.number.setText(str(entry.capability.id))
        self.name.setText(entry.capability.name)
        self.counts.setText(counts_text(entry))
        self.indicators.setText(indicators_text(self._covered, self._total))
        self.last.setText(
            # A date that has to wrap moves to the next line whole, never "May" then "2026".
            self.tr("Last reflected {date}").format(
                date=_short_day(entry.last).replace(" ", "\N{NO-BREAK SPACE}")
            )
            if entry.last is not None
            else self.tr("Not reflected on yet")
        )
        self.setAccessibleName(accessible_summary(entry))
        last = (
            " " + self.tr("Last reflected {date}.").format(date=long_date(entry.last))
            if entry.last
            else ""
        )
        self.setAccessibleDescription(
            f"{counts_text(entry)}.{last} " + self.tr("Press to see its items.")
        )
        self.setToolTip(entry.capability.definition)
        self.restyle()

    def clear_card(self) -> None:
        """Forget everything shown (the journal was locked)."""
        self.capability_id = None
        self.status = ""
        self._covered = self._total = 0
        for label in (self.badge, self.number, self.name, self.counts, self.indicators, self.last):
            label.clear()
        self.dots.set_counts(0, 0, QColor())
        self.setAccessibleName("")
        self.setAccessibleDescription("")
        self.setToolTip("")
        self.setChecked(False)

    def restyle(self) -> None:
        """Colours from the current palette (light or dark) and this card's status."""
        if not self.status:
            return
        palette = self.palette()
        colour = status_colour(self.status, palette)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        tint = _blend(base, colour, 0.10 if self.status != "gap" else 0.05)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        checked = _blend(base, colour, 0.22)
        self.setStyleSheet(
            f"CapabilityCard {{ background: {tint.name()}; color: {text.name()};"
            f" border: 2px {STATUS_BORDER[self.status]} {colour.name()}; border-radius: 8px;"
            " text-align: left; }"
            f" CapabilityCard:hover {{ background: {_blend(base, colour, 0.16).name()}; }}"
            f" CapabilityCard:checked {{ background: {checked.name()};"
            f" border: 3px {STATUS_BORDER[self.status]} {colour.name()}; }}"
            f" CapabilityCard:focus {{ border: 3px solid {highlight.name()}; }}"
            f" QLabel {{ color: {text.name()}; background: transparent; }}"
        )
        self.badge.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
        self.number.setStyleSheet(f"color: {_blend(text, base, 0.4).name()};")
        self.dots.set_counts(self._covered, self._total, colour)


class CardGrid(QWidget):
    """Cards in as many columns as fit, re-flowed when the width changes.

    Signals:
        card_clicked(int): the capability id of the card the user chose.
    """

    card_clicked = Signal(int)

    MIN_CARD_WIDTH = 180

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[CapabilityCard] = []
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(10)

    def set_count(self, count: int) -> list[CapabilityCard]:
        if count == len(self.cards):
            return self.cards
        while len(self.cards) < count:
            card = CapabilityCard(self)
            card.clicked.connect(self._clicked)
            self.cards.append(card)
        while len(self.cards) > count:
            card = self.cards.pop()
            self._grid.removeWidget(card)
            card.deleteLater()
        self._columns = 0
        self._reflow()
        return self.cards

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._reflow()

    def _clicked(self) -> None:
        card = self.sender()
        if isinstance(card, CapabilityCard) and card.capability_id is not None:
            self.card_clicked.emit(card.capability_id)

    def _reflow(self) -> None:
        spacing = self._grid.spacing()
        card = max((c.minimumSizeHint().width() for c in self.cards), default=0)
        card = max(card, self.MIN_CARD_WIDTH)
        columns = max(1, min(5, (self.width() + spacing) // (card + spacing)))
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self._grid.removeWidget(card)
        for n, card in enumerate(self.cards):
            self._grid.addWidget(card, n // columns, n % columns)
        for column in range(5):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)


# --- the activity strip -----------------------------------------------------------------------


class ActivityStrip(QWidget):
    """Items per month over the period as a row of bars, with the counts written on them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._months: tuple[tuple[str, int], ...] = ()
        self._current = ""
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Activity by month"))

    def set_months(self, months: tuple[tuple[str, int], ...], today: date | None = None) -> None:
        self._months = months
        self._current = f"{today:%Y-%m}" if today is not None else ""
        described = "; ".join(f"{self._month_name(m, long=True)}: {n}" for m, n in months)
        self.setAccessibleDescription(
            self.tr("Items per month. {months}").format(months=described) if months else ""
        )
        self.setToolTip("")
        self.update()

    @staticmethod
    def _month_name(month: str, *, long: bool = False) -> str:
        day = date.fromisoformat(month + "-01")
        return f"{day:%B %Y}" if long else f"{day:%b}"

    def sizeHint(self) -> QSize:
        return QSize(600, 64)

    def _slot(self) -> float:
        return self.width() / max(len(self._months), 1)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._months:
            assert isinstance(event, QHelpEvent)
            index = int(event.pos().x() // self._slot())
            if 0 <= index < len(self._months):
                month, n = self._months[index]
                QToolTip.showText(
                    event.globalPos(),
                    f"{self._month_name(month, long=True)}: {items_text(n)}",
                    self,
                )
            return True
        return super().event(event)

    def paintEvent(self, event: Any) -> None:
        if not self._months:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar = palette.color(QPalette.ColorRole.Highlight)
        faint = QColor(text)
        faint.setAlphaF(0.35)
        metrics = painter.fontMetrics()
        label_h = metrics.height()
        top = label_h + 2
        chart_h = self.height() - top - label_h - 4
        peak = max((n for _, n in self._months), default=0) or 1
        slot = self._slot()
        width = min(slot * 0.6, 44.0)
        for index, (month, n) in enumerate(self._months):
            x = index * slot + (slot - width) / 2
            future = bool(self._current) and month > self._current
            height = chart_h * n / peak
            base_y = top + chart_h
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(x, base_y), QPointF(x + width, base_y))
            if n:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(bar)
                painter.drawRoundedRect(QRectF(x, base_y - height, width, height), 3, 3)
            painter.setPen(faint if future else text)
            painter.drawText(
                QRectF(index * slot, base_y - height - label_h - 1, slot, label_h),
                Qt.AlignmentFlag.AlignCenter,
                str(n) if n or not future else "",
            )
            painter.drawText(
                QRectF(index * slot, base_y + 2, slot, label_h),
                Qt.AlignmentFlag.AlignCenter,
                self._month_name(month),
            )
        painter.end()


# --- the capability detail --------------------------------------------------------------------


class CapabilityDetail(QWidget):
    """The chosen capability: its items, or for a gap its definition and indicators as prompts."""

    item_requested = Signal(int)
    write_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._capability_id: int | None = None
        #: the chosen capability's code as stored ("4", or "nmc-code:2" for another framework)
        self._code: str | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setFont(_scaled_font(self, 1.25))
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.PlainText)
        self.definition.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompts_heading = QLabel()
        self.prompts_heading.setFont(_scaled_font(self, 1.0))
        self.prompts_heading.setWordWrap(True)
        self.prompts = QLabel()
        self.prompts.setWordWrap(True)
        self.prompts.setTextFormat(Qt.TextFormat.RichText)
        self.items_heading = QLabel()
        self.items_heading.setFont(_scaled_font(self, 1.0))
        self.items_heading.setWordWrap(True)
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("Items for this capability"))
        self.items.setAccessibleDescription(self.tr("Press Enter or double-click to open an item."))
        self.items.itemActivated.connect(self._open_item)
        self.write = QPushButton(self.tr("Write a reflection on this"))
        self.write.setAccessibleDescription(
            self.tr("Starts a new journal entry tagged with this capability")
        )
        self.write.clicked.connect(self._write)
        self.placeholder = QLabel(
            self.tr("Choose a capability to see what you have written for it.")
        )
        self.placeholder.setWordWrap(True)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(8)
        inner.addWidget(self.heading)
        inner.addWidget(self.status)
        inner.addWidget(self.definition)
        inner.addWidget(self.prompts_heading)
        inner.addWidget(self.prompts)
        inner.addWidget(self.items_heading)
        inner.addWidget(self.items, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        self._body = body

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.placeholder)
        layout.addWidget(scroll, 1)
        self._scroll = scroll
        self.clear()

    @property
    def capability_id(self) -> int | None:
        return self._capability_id

    def clear(self) -> None:
        self._capability_id = None
        self._code = None
        for label in (
            self.heading,
            self.status,
            self.definition,
            self.prompts_heading,
            self.prompts,
            self.items_heading,
        ):
            label.clear()
        self.items.clear()
        self._scroll.hide()
        self.placeholder.show()

    def show_capability(
        self,
        entry: CapabilityCoverage,
        journal: Journal,
        period: Period,
        framework: Framework | None = None,
    ) -> None:
        """Show ``entry``, a capability of ``framework`` (the journal's own when not given)."""
        capability = entry.capability
        framework = framework or journal.framework
        self._capability_id = capability.id
        self._code = framework.qualify(capability.code)
        symbol = STATUS_LOOK[entry.status][0]
        self.heading.setText(f"{capability.id}. {capability.name}")
        self.status.setText(
            self.tr("{symbol}  {status}: {items}, {indicators}").format(
                symbol=symbol,
                status=status_word(entry.status),
                items=items_text(entry.total),
                indicators=indicators_text(len(entry.indicators_covered), entry.indicators_total),
            )
        )
        self.status.setStyleSheet(
            f"color: {status_colour(entry.status, self.palette()).name()}; font-weight: bold;"
        )
        self.definition.setText(capability.definition)
        untouched = [i for i in capability.indicators if i.code not in entry.indicators_covered]
        if entry.status == "gap":
            self.prompts_heading.setText(self.tr("Prompts: when did your practice show…"))
        elif untouched:
            self.prompts_heading.setText(
                self.tr("Indicators not touched yet: when did your practice show…")
            )
        else:
            self.prompts_heading.setText(self.tr("Every indicator touched in this period."))
        self.prompts.setText(
            "<ul style='margin-left: -20px'>"
            + "".join(
                f"<li><b>{html.escape(i.code)}</b> {html.escape(i.text)}</li>" for i in untouched
            )
            + "</ul>"
            if untouched
            else ""
        )
        self.prompts.setVisible(bool(untouched))
        self.items.clear()
        if entry.total:
            self.items_heading.setText(
                self.tr("{items} this period").format(items=items_text(entry.total))
            )
            flt = ItemFilter(capability=self._code, date_from=period.start, date_to=period.end)
            for summary in journal.list(flt):
                kind = kind_word(summary.kind)
                when = _short_day(summary.date.date())
                title = summary.title or self.tr("(untitled)")
                row = QListWidgetItem(f"{title}\n{when} \N{MIDDLE DOT} {kind}")
                row.setData(ID_ROLE, summary.id)
                row.setToolTip(", ".join(summary.capabilities))
                self.items.addItem(row)
        else:
            self.items_heading.setText(
                self.tr("Nothing written for this capability in this period yet.")
            )
        self.items.setVisible(bool(entry.total))
        self.placeholder.hide()
        self._scroll.show()

    def _open_item(self, row: QListWidgetItem) -> None:
        item_id = row.data(ID_ROLE)
        if item_id is not None:
            self.item_requested.emit(int(item_id))

    def _write(self) -> None:
        if self._code is not None:
            self.write_requested.emit([self._code])


# --- the supervision agenda -------------------------------------------------------------------


class SupervisionAgendaView(QWidget):
    """Prepare for supervision: flagged entries, open actions, goals due; and start the note.

    Signals:
        item_requested(int): open this item (a flagged entry, or the new supervision note).
        note_created(int): the draft supervision note was saved with this id.
    """

    item_requested = Signal(int)
    note_created = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._journal: Journal | None = None
        self._agenda: Agenda | None = None
        self.since = QLabel()
        self.since.setWordWrap(True)
        self.entries_heading = QLabel(self.tr("Entries to bring"))
        self.entries_heading.setFont(_scaled_font(self, 1.0))
        self.entries = QListWidget()
        self.entries.setAccessibleName(self.tr("Entries flagged to bring to supervision"))
        self.entries.itemActivated.connect(self._open)
        self.actions_heading = QLabel(self.tr("Open agreed actions"))
        self.actions_heading.setFont(_scaled_font(self, 1.0))
        self.actions = QListWidget()
        self.actions.setAccessibleName(self.tr("Open agreed actions from supervision"))
        self.actions.itemActivated.connect(self._open)
        self.goals_heading = QLabel(self.tr("Goals due soon"))
        self.goals_heading.setFont(_scaled_font(self, 1.0))
        self.goals = QListWidget()
        self.goals.setAccessibleName(self.tr("Development goals due soon"))
        self.goals.itemActivated.connect(self._open)
        self.start = QPushButton(self.tr("Start the next supervision note"))
        self.start.setAccessibleDescription(
            self.tr(
                "Saves a draft supervision note with these entries linked and the open actions "
                "listed"
            )
        )
        self.start.clicked.connect(self.start_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.since)
        for heading, widget in (
            (self.entries_heading, self.entries),
            (self.actions_heading, self.actions),
            (self.goals_heading, self.goals),
        ):
            layout.addWidget(heading)
            layout.addWidget(widget, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.set_journal(None)

    def set_journal(self, journal: Journal | None, *, refresh: bool = True) -> None:
        self._journal = journal
        if refresh:
            self.refresh()
        else:
            self.clear()

    def clear(self) -> None:
        self._agenda = None
        self.since.clear()
        for widget in (self.entries, self.actions, self.goals):
            widget.clear()
        self.start.setEnabled(False)

    def refresh(self) -> None:
        self.clear()
        if self._journal is None:
            return
        today = self._today()
        agenda = build_agenda(self._journal, today)
        self._agenda = agenda
        self.since.setText(
            self.tr("Since your last supervision note ({date}).").format(
                date=long_date(agenda.since.date())
            )
            if agenda.since is not None
            else self.tr("You have no supervision notes yet.")
        )
        for entry in agenda.entries:
            self._add(self.entries, f"{entry.title}\n{_short_day(entry.date.date())}", entry.id)
        for action in agenda.actions:
            due = (
                self.tr("due {date}").format(date=_short_day(action.due))
                if action.due
                else self.tr("no due date")
            )
            agreed = self.tr("agreed {date}").format(date=_short_day(action.note_date.date()))
            overdue = action.overdue(today)
            text = (
                self.tr("Overdue: {action}").format(action=action.text) if overdue else action.text
            )
            row = self._add(self.actions, f"{text}\n{due} \N{MIDDLE DOT} {agreed}", action.note_id)
            if overdue:
                row.setForeground(status_colour("gap", self.palette()))
        for goal in agenda.goals:
            status = goal_status_name(goal.status)
            target = self.tr("target {date}").format(date=_short_day(goal.target_date))
            self._add(self.goals, f"{goal.title}\n{target} \N{MIDDLE DOT} {status}", goal.item_id)
        for widget, empty in (
            (self.entries, self.tr("No entries flagged since the last note.")),
            (self.actions, self.tr("No open actions.")),
            (self.goals, self.tr("No goals due in the next 30 days.")),
        ):
            if widget.count() == 0:
                row = QListWidgetItem(empty)
                row.setFlags(Qt.ItemFlag.NoItemFlags)
                widget.addItem(row)
        self.start.setEnabled(True)

    @staticmethod
    def _add(widget: QListWidget, text: str, item_id: int | None) -> QListWidgetItem:
        row = QListWidgetItem(text)
        row.setData(ID_ROLE, item_id)
        widget.addItem(row)
        return row

    def _open(self, row: QListWidgetItem) -> None:
        item_id = row.data(ID_ROLE)
        if item_id is not None:
            self.item_requested.emit(int(item_id))

    def start_note(self) -> int | None:
        """Save the next supervision note's draft from the agenda; returns its id."""
        if self._journal is None or self._agenda is None:
            return None
        try:
            note = self._journal.save(agenda_to_supervision_note(self._agenda))
        except ReflectError as exc:
            self.since.setText(str(exc))
            return None
        assert note.id is not None
        self.refresh()
        self.note_created.emit(note.id)
        self.item_requested.emit(note.id)
        return note.id


# --- reminders --------------------------------------------------------------------------------


class ReminderPanel(QFrame):
    """Due reminders, one line each with a Dismiss button, and one switch to turn them off."""

    dismissed = Signal(str)
    switched_off = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Reminders"))
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(2)
        self.switch_off = QPushButton(self.tr("Turn off reminders"))
        self.switch_off.setAccessibleDescription(self.tr("Stop showing reminders for this journal"))
        self.switch_off.clicked.connect(self.switched_off.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addLayout(self._rows, 1)
        layout.addWidget(self.switch_off, 0, Qt.AlignmentFlag.AlignTop)
        self.reminders: tuple[Reminder, ...] = ()
        self.hide()

    def set_reminders(self, reminders: tuple[Reminder, ...]) -> None:
        self.reminders = reminders
        while self._rows.count():
            row = self._rows.takeAt(0)
            widget = row.widget() if row is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for reminder in reminders:
            self._rows.addWidget(self._row(reminder))
        self.setVisible(bool(reminders))

    def _row(self, reminder: Reminder) -> QWidget:
        row = QWidget()
        row.setAccessibleName(self.tr("Reminder: {title}").format(title=reminder.title))
        row.setAccessibleDescription(reminder.message)
        text = QLabel(
            f"\N{WARNING SIGN} <b>{html.escape(reminder.title)}.</b> "
            f"{html.escape(reminder.message)}"
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        dismiss = QPushButton(self.tr("Dismiss"))
        dismiss.setAccessibleName(self.tr("Dismiss: {title}").format(title=reminder.title))
        dismiss.clicked.connect(lambda: self.dismissed.emit(reminder.key))
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text, 1)
        layout.addWidget(dismiss)
        return row


# --- the view ---------------------------------------------------------------------------------


class SummaryView(QWidget):
    """The ten capabilities at a glance for a period, with the supervision agenda beside them.

    Signals:
        item_requested(int): the user wants to open this item.
        write_requested(list): the user wants a new entry pre-tagged with these codes (``["4"]``).
    """

    item_requested = Signal(int)
    write_requested = Signal(list)

    REVIEW_YEAR, CUSTOM = 0, 1

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._journal: Journal | None = None
        self._coverage: Coverage | None = None
        self._filling = False

        # Header: title and period on the left; period and review date controls on the right.
        self.title = QLabel(self.tr("Summary"))
        self.title.setFont(_scaled_font(self, 1.5))
        self.period_label = QLabel()
        self.period_label.setTextFormat(Qt.TextFormat.RichText)
        self.period_choice = QComboBox()
        self.period_choice.addItems([self.tr("Review year"), self.tr("Custom dates")])
        self.period_choice.setAccessibleName(self.tr("Period"))
        self.date_from = self._date_edit(self.tr("Period starts"))
        self.date_to = self._date_edit(self.tr("Period ends"))
        self.to_label = QLabel(self.tr("to"))
        self.review_date = QDateEdit()
        self.review_date.setCalendarPopup(True)
        self.review_date.setDisplayFormat("d MMM yyyy")
        self.review_date.setMinimumDate(NOT_SET)
        self.review_date.setSpecialValueText(self.tr("Not set"))
        self.review_date.setAccessibleName(self.tr("Annual review date"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        # Which framework the cards show: the ESC, or the NMC Code for a nurse revalidating.
        # Hidden when only one is installed; the choice is kept in the journal.
        self.framework_choice = framework_choice(self.tr("Framework"), short_names=True)
        self.framework_label = QLabel(self.tr("&Framework:"))
        self.framework_label.setBuddy(self.framework_choice)
        # Only ever hidden here: showing a widget before it has a parent opens it as a window.
        if self.framework_choice.count() < 2:
            self.framework_label.hide()
            self.framework_choice.hide()

        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.period_choice)
        review_label = QLabel(self.tr("Annual &review:"))
        review_label.setBuddy(self.review_date)
        header = QGridLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setVerticalSpacing(2)
        header.addWidget(self.title, 0, 0)
        header.addWidget(self.period_label, 1, 0)
        header.setColumnStretch(0, 1)
        controls = QHBoxLayout()
        controls.addWidget(period_label)
        controls.addWidget(self.period_choice)
        controls.addWidget(self.date_from)
        controls.addWidget(self.to_label)
        controls.addWidget(self.date_to)
        header.addLayout(controls, 0, 1, Qt.AlignmentFlag.AlignRight)
        review = QHBoxLayout()
        review.addWidget(self.framework_label)
        review.addWidget(self.framework_choice)
        review.addSpacing(12)
        review.addWidget(review_label)
        review.addWidget(self.review_date)
        header.addLayout(review, 1, 1, Qt.AlignmentFlag.AlignRight)

        self.reminder_panel = ReminderPanel()
        self.reminder_panel.dismissed.connect(self._dismiss)
        self.reminder_panel.switched_off.connect(self._switch_off)
        self.overview = QLabel()
        self.overview.setTextFormat(Qt.TextFormat.PlainText)
        self.strip = ActivityStrip()

        self.grid = CardGrid()
        self.grid.set_count(10)
        self.grid.card_clicked.connect(self.select_capability)
        grid_scroll = QScrollArea()
        grid_scroll.setWidgetResizable(True)
        grid_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The cards re-flow into fewer columns instead: never scroll sideways.
        grid_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid_holder = QWidget()
        holder_layout = QVBoxLayout(grid_holder)
        holder_layout.setContentsMargins(0, 0, 6, 0)
        holder_layout.addWidget(self.grid)
        holder_layout.addStretch(1)
        grid_scroll.setWidget(grid_holder)

        self.detail = CapabilityDetail()
        self.detail.item_requested.connect(self.item_requested)
        self.detail.write_requested.connect(self.write_requested)
        self.agenda = SupervisionAgendaView(today=today)
        self.agenda.item_requested.connect(self.item_requested)
        self.side = QTabWidget()
        self.side.addTab(self.detail, self.tr("Capability"))
        self.side.addTab(self.agenda, self.tr("Prepare for supervision"))
        self.side.setMinimumWidth(300)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(grid_scroll)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([860, 330])

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(8)
        column.addLayout(header)
        column.addWidget(self.message)
        column.addWidget(self.reminder_panel)
        column.addWidget(self.overview)
        column.addWidget(self.strip)
        column.addWidget(splitter, 1)
        self.content = content

        self.locked_label = QLabel(self._locked_text())
        self.locked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.locked_label)
        self.pages.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self.period_choice.currentIndexChanged.connect(self._period_changed)
        self.framework_choice.currentIndexChanged.connect(self._framework_changed)
        self.date_from.dateChanged.connect(self._dates_changed)
        self.date_to.dateChanged.connect(self._dates_changed)
        self.review_date.dateChanged.connect(self._review_date_changed)
        self.set_journal(None)

    @staticmethod
    def _date_edit(name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    # --- public API --------------------------------------------------------------------------

    @property
    def coverage(self) -> Coverage | None:
        """What is shown now (``None`` while locked)."""
        return self._coverage

    def card(self, capability_id: int) -> CapabilityCard:
        """The card of a capability (for the main window and tests)."""
        for card in self.grid.cards:
            if card.capability_id == capability_id:
                return card
        raise KeyError(capability_id)

    def set_journal(self, journal: Journal | None) -> None:
        """Show ``journal``'s summary; ``None`` (locked) clears everything."""
        self._journal = journal
        self.agenda.set_journal(journal, refresh=False)  # refresh() below fills it
        if journal is None:
            self._clear()
            return
        self._fill_controls(reset_period=True)
        self.refresh()

    def show_period(self, period: Period | None) -> None:
        """Show ``period``, or the review year with ``None``."""
        self._filling = True
        try:
            if period is None:
                self.period_choice.setCurrentIndex(self.REVIEW_YEAR)
            else:
                self.period_choice.setCurrentIndex(self.CUSTOM)
                self.date_from.setDate(_to_qdate(period.start))
                self.date_to.setDate(_to_qdate(period.end))
        finally:
            self._filling = False
        self.refresh()

    def select_capability(self, capability_id: int | None) -> None:
        """Show one capability's detail (its items, or prompts for a gap)."""
        for card in self.grid.cards:
            card.setChecked(card.capability_id == capability_id and capability_id is not None)
        if capability_id is None or self._coverage is None or self._journal is None:
            self.detail.clear()
            return
        self.detail.show_capability(
            self._coverage.of(capability_id),
            self._journal,
            self._coverage.period,
            self._coverage.framework,
        )
        self.side.setCurrentWidget(self.detail)

    def refresh(self) -> None:
        """Recompute from the journal (after a save, an import, a change of period)."""
        if self._journal is None:
            self._clear()
            return
        try:
            self._refresh()
        except ReflectError as exc:
            # e.g. the journal was locked underneath us: show nothing but the reason.
            self._clear()
            self.locked_label.setText(str(exc)[:1].upper() + str(exc)[1:])

    # --- internals ---------------------------------------------------------------------------

    def _period(self, today: date) -> Period | None:
        assert self._journal is not None
        if self.period_choice.currentIndex() == self.REVIEW_YEAR:
            return default_period(self._journal, today)
        start = _from_qdate(self.date_from.date())
        end = _from_qdate(self.date_to.date())
        if start > end:
            return None
        return Period(start, end)

    def _refresh(self) -> None:
        assert self._journal is not None
        journal = self._journal
        today = self._today()
        period = self._period(today)
        if period is None:
            self.message.setText(
                self.tr("The period's start is after its end: choose other dates.")
            )
            self.message.show()
            return
        self.message.clear()
        self.message.hide()
        coverage = compute_coverage(journal, period, self.framework_choice.currentData())
        self._coverage = coverage
        self.pages.setCurrentWidget(self.content)

        review = next_review_date(journal, today)
        self._fill_controls(reset_period=False)
        span = html.escape(
            self.tr("{start} to {end}").format(
                start=long_date(period.start), end=long_date(period.end)
            )
        )
        if review is None:
            until = html.escape(self.tr("no annual review date set, so the year ends today"))
        else:
            days = (review - today).days
            until = (
                "<b>" + html.escape(self.tr("your annual review is today")) + "</b>"
                if days == 0
                else html.escape(self.tr("{days} until your annual review")).replace(
                    "{days}", f"<b>{html.escape(days_text(days))}</b>"
                )
            )
        self.period_label.setText(f"{span} \N{MIDDLE DOT} {until}")

        counts = {s: sum(1 for c in coverage.capabilities if c.status == s) for s in STATUS_LOOK}
        in_period = self.tr("{items} in this period").format(items=items_text(coverage.total_items))
        self.overview.setText(
            " \N{MIDDLE DOT} ".join(
                f"{STATUS_LOOK[s][0]} {status_count(s, counts[s])}" for s in STATUS_LOOK
            )
            + f"   \N{EM DASH}   {in_period}"
        )
        self.strip.set_months(coverage.monthly, today)
        cards = self.grid.set_count(len(coverage.capabilities))
        for card, entry in zip(cards, coverage.capabilities, strict=True):
            card.show_coverage(entry)
        self._show_reminders(today)
        self.agenda.refresh()

        selected = self.detail.capability_id
        if selected is None and coverage.gaps:
            selected = coverage.gaps[0]
        self.select_capability(selected)

    def _fill_controls(self, *, reset_period: bool) -> None:
        """Put the journal's review date (and, when asked, the review year) in the controls."""
        assert self._journal is not None
        today = self._today()
        self._filling = True
        try:
            stored = review_date_setting(self._journal)
            review = next_review_date(self._journal, today)
            self.review_date.setDate(
                _to_qdate(review) if stored is not None and review else NOT_SET
            )
            if reset_period:
                self.period_choice.setCurrentIndex(self.REVIEW_YEAR)
                chosen = self.framework_choice.findData(preferred_framework_id(self._journal))
                self.framework_choice.setCurrentIndex(max(chosen, 0))
            custom = self.period_choice.currentIndex() == self.CUSTOM
            if not custom:
                period = default_period(self._journal, today)
                self.date_from.setDate(_to_qdate(period.start))
                self.date_to.setDate(_to_qdate(period.end))
            for widget in (self.date_from, self.to_label, self.date_to):
                widget.setVisible(custom)
        finally:
            self._filling = False

    def _clear(self) -> None:
        self._coverage = None
        self.pages.setCurrentWidget(self.locked_label)
        self.locked_label.setText(self._locked_text())
        for label in (self.period_label, self.overview, self.message):
            label.clear()
        self.strip.set_months(())
        for card in self.grid.cards:
            card.clear_card()
        self.detail.clear()
        self.agenda.clear()
        self.reminder_panel.set_reminders(())

    def _locked_text(self) -> str:
        return self.tr("Unlock your journal to see its summary.")

    def _show_reminders(self, today: date) -> None:
        assert self._journal is not None
        self.reminder_panel.set_reminders(due_reminders(self._journal, today))

    def _dismiss(self, key: str) -> None:
        if self._journal is not None:
            dismiss_reminder(self._journal, key)
            self._show_reminders(self._today())

    def _switch_off(self) -> None:
        if self._journal is not None:
            set_reminders_enabled(self._journal, False)
            self._show_reminders(self._today())

    def _period_changed(self, index: int) -> None:
        if self._filling or self._journal is None:
            return
        custom = index == self.CUSTOM
        for widget in (self.date_from, self.to_label, self.date_to):
            widget.setVisible(custom)
        self.refresh()

    def _framework_changed(self) -> None:
        if self._filling or self._journal is None:
            return
        try:
            set_preferred_framework(self._journal, self.framework_choice.currentData())
        except ReflectError as exc:  # only a preference: the choice still applies now
            self.message.setText(str(exc))
            self.message.show()
        self.detail.clear()  # capability numbers mean something else in another framework
        self.refresh()

    def _dates_changed(self) -> None:
        if not self._filling and self.period_choice.currentIndex() == self.CUSTOM:
            self.refresh()

    def _review_date_changed(self, value: QDate) -> None:
        if self._filling or self._journal is None:
            return
        chosen = None if value <= NOT_SET else _from_qdate(value)
        try:
            set_review_date(self._journal, chosen)
        except ReflectError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for card in self.grid.cards:
                card.restyle()
