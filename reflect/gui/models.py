"""Qt models over snapshots of journal data.

The item list is lazy: it asks the journal for one page of light rows at a time
(:meth:`Journal.list` with ``limit``/``offset``), so 100,000 items scroll without loading 100,000
rows. Every model here is checked with pytest-qt's ``qtmodeltester``.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from reflect.core.frameworks import describe_code
from reflect.core.journal import Journal
from reflect.core.model import (
    AgreedAction,
    ItemFilter,
    ItemSummary,
    ProgressReview,
    Revision,
    SearchHit,
)
from reflect.gui.translate import kind_label
from reflect.gui.widgets import NO_DATE, from_qdate, to_qdate

Index = QModelIndex | QPersistentModelIndex

#: The item id of a row (an ``int``), in every model that lists items.
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row's :class:`ItemSummary`.
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
#: A search snippet as HTML, the words found in bold.
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 3
#: The :class:`Revision` of a row in the history.
REVISION_ROLE = Qt.ItemDataRole.UserRole + 4

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_CHECK = Qt.ItemDataRole.CheckStateRole


def day_text(value: date) -> str:
    """``1 Mar 2026``: British order, month as a word so it cannot be misread."""
    return f"{value.day} {value:%b %Y}"


def when_text(value: datetime) -> str:
    return f"{day_text(value)}, {value:%H:%M}"


def title_text(title: str) -> str:
    return title or QCoreApplication.translate("Models", "Untitled")


class Column(Enum):
    TITLE = "title"
    DATE = "date"
    KIND = "kind"
    CAPABILITIES = "capabilities"
    TAGS = "tags"
    DELETED = "deleted"
    SNIPPET = "found"

    @property
    def heading(self) -> str:
        """The column's heading, in the user's language."""
        headings = {
            Column.TITLE: QCoreApplication.translate("Models", "Title"),
            Column.DATE: QCoreApplication.translate("Models", "Date"),
            Column.KIND: QCoreApplication.translate("Models", "Kind"),
            Column.CAPABILITIES: QCoreApplication.translate("Models", "Capabilities"),
            Column.TAGS: QCoreApplication.translate("Models", "Tags"),
            Column.DELETED: QCoreApplication.translate("Models", "Moved to trash"),
            Column.SNIPPET: QCoreApplication.translate("Models", "Found"),
        }
        return headings[self]


def _summary_text(summary: ItemSummary, column: Column) -> str:
    if column is Column.TITLE:
        return title_text(summary.title)
    if column is Column.DATE:
        return day_text(summary.date)
    if column is Column.KIND:
        return kind_label(summary.kind)
    if column is Column.CAPABILITIES:
        return ", ".join(summary.capabilities)
    if column is Column.TAGS:
        return ", ".join(summary.tags)
    if column is Column.DELETED:
        return day_text(summary.deleted) if summary.deleted else ""
    return ""


class _ReadOnlyTable(QAbstractTableModel):
    """Shared plumbing of the read-only lists: fixed columns, a header, no children."""

    def __init__(self, columns: tuple[Column, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == _DISPLAY
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].heading
        return None

    def column_of(self, column: Column) -> int:
        return self.columns.index(column)


class ItemListModel(_ReadOnlyTable):
    """Items matching a filter, newest first, fetched from the journal a page at a time.

    With ``load=False`` nothing is read until :meth:`refresh` or :meth:`set_filter` (so a window can
    build its lists without querying for sections nobody has opened).

    Signals:
        failed(Exception): reading the journal failed (a damaged page, say); the list shows what
            it had, and the window decides what to tell the user.
    """

    PAGE = 200
    failed = Signal(object)

    def __init__(
        self,
        journal: Journal | None,
        flt: ItemFilter | None = None,
        columns: tuple[Column, ...] = (Column.TITLE, Column.DATE, Column.CAPABILITIES, Column.TAGS),
        parent: QObject | None = None,
        *,
        load: bool = True,
    ) -> None:
        super().__init__(columns, parent)
        self._journal = journal
        self._filter = flt or ItemFilter()
        self._rows: list[ItemSummary] = []
        self._total = 0
        self._loaded = False
        if load:
            self.refresh()

    @property
    def loaded(self) -> bool:
        """Whether rows were read since the model was made or cleared."""
        return self._loaded

    @property
    def item_filter(self) -> ItemFilter:
        return self._filter

    @property
    def total(self) -> int:
        """How many items match, loaded or not."""
        return self._total

    def set_filter(self, flt: ItemFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Reload from the journal: the first page, and the count only when there is more."""
        problem: Exception | None = None
        self.beginResetModel()
        if self._journal is None or not self._journal.is_open:
            self._rows, self._total = [], 0
        else:
            try:
                self._rows = self._journal.list(self._filter, limit=self.PAGE, offset=0)
                if len(self._rows) < self.PAGE:
                    self._total = len(self._rows)
                else:
                    self._total = self._journal.count(self._filter)
            except Exception as exc:  # handed to the window, which knows what to say
                self._rows, self._total, problem = [], 0, exc
            self._loaded = True
        self.endResetModel()
        if problem is not None:
            self.failed.emit(problem)

    def clear(self) -> None:
        """Forget every row and the journal (on lock)."""
        self.beginResetModel()
        self._journal = None
        self._rows, self._total = [], 0
        self._loaded = False
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._journal is None or not self._journal.is_open:
            return
        try:
            page = self._journal.list(
                self._next_page_filter(), limit=self.PAGE, offset=self._skip()
            )
        except Exception as exc:  # stop asking for more, and say why through the window
            self._total = len(self._rows)
            self.failed.emit(exc)
            return
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
        if len(page) < self.PAGE:
            self._total = len(self._rows)

    # Deep pages by offset cost the database a walk over every row before them (about 0.1 s at
    # 100,000 items). Rows come newest first, so the next page starts on the day of the last row
    # loaded: ask only for items up to that day and skip the ones of that day already here.

    def _next_page_filter(self) -> ItemFilter:
        if not self._rows:
            return self._filter
        day = self._rows[-1].date.date()
        if self._filter.date_to is not None and self._filter.date_to < day:
            day = self._filter.date_to
        return replace(self._filter, date_to=day)

    def _skip(self) -> int:
        if not self._rows:
            return 0
        day = self._rows[-1].date.date()
        skip = 0
        for summary in reversed(self._rows):
            if summary.date.date() != day:
                break
            skip += 1
        return skip

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == _DISPLAY:
            return _summary_text(summary, column)
        if role == _TOOLTIP:
            if column is Column.CAPABILITIES and summary.capabilities and self._journal:
                return _capability_tooltip(self._journal, summary.capabilities)
            if column is Column.DATE:
                return when_text(summary.date)
            return _summary_text(summary, column) or None
        if role == ITEM_ID_ROLE:
            return summary.id
        if role == SUMMARY_ROLE:
            return summary
        return None

    def summary_at(self, row: int) -> ItemSummary:
        return self._rows[row]

    def row_of(self, item_id: int, *, fetch: bool = False) -> int | None:
        """The row showing ``item_id``; with ``fetch``, pages are loaded until it is found."""
        while True:
            for row, summary in enumerate(self._rows):
                if summary.id == item_id:
                    return row
            if not fetch or not self.canFetchMore():
                return None
            self.fetchMore()

    def update_row(self, summary: ItemSummary) -> bool:
        """Show a saved item's new title/tags in place; ``False`` if it is not loaded here."""
        for row, current in enumerate(self._rows):
            if current.id == summary.id:
                self._rows[row] = summary
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
                return True
        return False


def _capability_tooltip(journal: Journal, codes: tuple[str, ...]) -> str:
    """What each tagged code names, whatever its framework."""
    return "\n".join(f"{code}: {describe_code(code)}" for code in codes)


_MARK = re.compile(r"\[([^\[\]]*)\]")


def snippet_html(snippet: str, lead: int | None = None) -> str:
    """The snippet as HTML with the words found (between ``[`` and ``]``) in bold.

    With ``lead``, text before the first word found is cut to about that many characters, so a
    one-line view shows the word rather than what comes before it.
    """
    first = _MARK.search(snippet)
    if lead is not None and first is not None and first.start() > lead:
        cut = snippet.find(" ", first.start() - lead, first.start())
        snippet = "…" + snippet[(cut if cut >= 0 else first.start() - lead) :].lstrip()
    parts: list[str] = []
    last = 0
    for match in _MARK.finditer(snippet):
        parts.append(html.escape(snippet[last : match.start()]))
        parts.append(f"<b>{html.escape(match.group(1))}</b>")
        last = match.end()
    parts.append(html.escape(snippet[last:]))
    return "".join(parts)


def snippet_plain(snippet: str) -> str:
    return _MARK.sub(r"\1", snippet)


class SearchResultsModel(_ReadOnlyTable):
    """Search hits, best first, with snippets."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((Column.TITLE, Column.DATE, Column.KIND, Column.SNIPPET), parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        column = self.columns[index.column()]
        if role in (_DISPLAY, _TOOLTIP):
            if column is Column.SNIPPET:
                return snippet_plain(hit.snippet)
            return _summary_text(hit.item, column)
        if role == SNIPPET_HTML_ROLE:
            return snippet_html(hit.snippet, lead=24)
        if role == ITEM_ID_ROLE:
            return hit.item.id
        if role == SUMMARY_ROLE:
            return hit.item
        return None

    def row_of(self, item_id: int, *, fetch: bool = False) -> int | None:
        for row, hit in enumerate(self._hits):
            if hit.item.id == item_id:
                return row
        return None


class RevisionModel(_ReadOnlyTable):
    """Earlier versions of one item, newest first."""

    def __init__(self, revisions: list[Revision], parent: QObject | None = None) -> None:
        super().__init__((Column.DATE, Column.TITLE), parent)
        self._revisions = list(revisions)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and section == 0:
            return QCoreApplication.translate("Models", "Saved")
        return super().headerData(section, orientation, role)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._revisions)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._revisions):
            return None
        revision = self._revisions[index.row()]
        if role in (_DISPLAY, _TOOLTIP):
            if self.columns[index.column()] is Column.DATE:
                return when_text(revision.saved.astimezone().replace(tzinfo=None))
            return title_text(revision.item.title)
        if role == REVISION_ROLE:
            return revision
        return None


# --- editable lists inside an item -------------------------------------------------------------


Row = TypeVar("Row")


class _RowsModel(QAbstractTableModel, Generic[Row]):
    """An editable table over a plain list of rows (agreed actions, progress reviews)."""

    COLUMNS = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _set_rows(self, rows: tuple[Row, ...]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _append(self, row_value: Row) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(row_value)
        self.endInsertRows()
        return row

    def _row(self, index: Index) -> Row | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == _DISPLAY
            and 0 <= section < self.COLUMNS
        ):
            return self.headers()[section]
        return None


class ActionsModel(_RowsModel[AgreedAction]):
    """The agreed actions of a supervision note: what, by when, done."""

    TEXT, DUE, DONE = range(3)
    COLUMNS = 3

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Action"), self.tr("Due"), self.tr("Done"))

    def actions(self) -> tuple[AgreedAction, ...]:
        return tuple(a for a in self._rows if a.text.strip())

    def set_actions(self, actions: tuple[AgreedAction, ...]) -> None:
        self._set_rows(actions)

    def add(self) -> int:
        return self._append(AgreedAction(text=""))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.DONE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        action = self._row(index)
        if action is None:
            return None
        column = index.column()
        if column == self.TEXT and role in (_DISPLAY, _EDIT, _TOOLTIP):
            return action.text
        if column == self.DUE:
            if role == _DISPLAY:
                return day_text(action.due) if action.due else self.tr("No due date")
            if role == _EDIT:
                return to_qdate(action.due)
        if column == self.DONE and role == _CHECK:
            return Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        action = self._row(index)
        if action is None:
            return False
        column = index.column()
        if column == self.TEXT and role == _EDIT:
            action = replace(action, text=str(value))
        elif column == self.DUE and role == _EDIT:
            action = replace(action, due=from_qdate(value if isinstance(value, QDate) else NO_DATE))
        elif column == self.DONE and role == _CHECK:
            action = replace(action, done=_is_checked(value))
        else:
            return False
        self._rows[index.row()] = action
        self.dataChanged.emit(index, index, [role])
        return True


class ReviewsModel(_RowsModel[ProgressReview]):
    """The dated progress reviews of a goal."""

    DATE, NOTE = range(2)
    COLUMNS = 2

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Date"), self.tr("How it is going"))

    def reviews(self) -> tuple[ProgressReview, ...]:
        return tuple(self._rows)

    def set_reviews(self, reviews: tuple[ProgressReview, ...]) -> None:
        self._set_rows(reviews)

    def add(self, when: date) -> int:
        return self._append(ProgressReview(date=when, note=""))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        review = self._row(index)
        if review is None:
            return None
        if index.column() == self.DATE:
            if role in (_DISPLAY, _TOOLTIP):
                return day_text(review.date)
            if role == _EDIT:
                return to_qdate(review.date)
        elif role in (_DISPLAY, _EDIT, _TOOLTIP):
            return review.note
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        review = self._row(index) if role == _EDIT else None
        if review is None:
            return False
        if index.column() == self.DATE:
            when = from_qdate(value) if isinstance(value, QDate) else None
            if when is None:
                return False
            review = replace(review, date=when)
        else:
            review = replace(review, note=str(value))
        self._rows[index.row()] = review
        self.dataChanged.emit(index, index, [role])
        return True


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    try:
        return int(value) == Qt.CheckState.Checked.value
    except (TypeError, ValueError):
        return False
