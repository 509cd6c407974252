"""Everything shown while the journal is unlocked: sections, item lists, find, editor, trash.

One :class:`Workspace` exists per unlock. Locking flushes it, clears it and throws it away, so no
widget that ever held journal text outlives the lock.

Start-up reads as little as it can: the list of the section shown is loaded once, and the Summary
and Trash pages read the journal only when first opened.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reflect.core.cpd import CpdProgress, cpd_progress
from reflect.core.journal import Journal
from reflect.core.model import Item, ItemFilter, ItemKind, ItemSummary
from reflect.core.serialize import long_date
from reflect.core.templates import Template, get_template
from reflect.errors import NotFound, ReflectError
from reflect.gui.dialogs import ItemPickerDialog, RevisionHistoryDialog
from reflect.gui.editor import ItemEditor
from reflect.gui.find_bar import FindBar
from reflect.gui.models import (
    ITEM_ID_ROLE,
    SNIPPET_HTML_ROLE,
    SUMMARY_ROLE,
    Column,
    ItemListModel,
    SearchResultsModel,
    day_text,
    title_text,
)
from reflect.gui.tasks import TaskRunner
from reflect.gui.translate import counted, kind_label
from reflect.gui.trash_page import TrashPage
from reflect.gui.widgets import named, user_message

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    key: str
    kind: ItemKind | None

    @property
    def label(self) -> str:
        """The section's name in the sidebar and the View menu, in the user's language."""
        labels = {
            "journal": QCoreApplication.translate("Workspace", "Journal"),
            "supervision": QCoreApplication.translate("Workspace", "Supervision"),
            "goals": QCoreApplication.translate("Workspace", "Goals"),
            "cpd": QCoreApplication.translate("Workspace", "CPD"),
            "summary": QCoreApplication.translate("Workspace", "Summary"),
            "trash": QCoreApplication.translate("Workspace", "Trash"),
        }
        return labels[self.key]

    @property
    def new_label(self) -> str:
        """The text of the section's New button ("" for sections without items)."""
        labels = {
            "journal": QCoreApplication.translate("Workspace", "&New entry"),
            "supervision": QCoreApplication.translate("Workspace", "&New supervision note"),
            "goals": QCoreApplication.translate("Workspace", "&New goal"),
            "cpd": QCoreApplication.translate("Workspace", "&New CPD activity"),
        }
        return labels.get(self.key, "")


SECTIONS = (
    Section("journal", ItemKind.ENTRY),
    Section("supervision", ItemKind.SUPERVISION),
    Section("goals", ItemKind.GOAL),
    Section("cpd", ItemKind.CPD),
    Section("summary", None),
    Section("trash", None),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
SECTION_FOR_KIND = {section.kind: section for section in SECTIONS if section.kind}


@dataclass(frozen=True)
class Place:
    """Where the user was: restored after unlocking. Holds no journal text."""

    section: str = "journal"
    item_id: int | None = None


#: Builds the Summary page for an open journal (the summary view plugs in here).
SummaryFactory = Callable[[Journal], QWidget]


class ItemRowDelegate(QStyledItemDelegate):
    """Two lines per item: title and date, then the snippet found or kind, capabilities, tags.

    Colours come from the view's palette (muted text for the second line), so the rows follow
    the system's light or dark scheme.
    """

    def __init__(self, parent: QWidget | None = None, *, show_kind: bool = False) -> None:
        super().__init__(parent)
        self.show_kind = show_kind

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, 2 * height + 3 * ROW_PADDING)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        summary = index.data(SUMMARY_ROLE)
        if not isinstance(summary, ItemSummary):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text)
        if not selected:
            muted = palette.color(QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(ROW_PADDING * 2, ROW_PADDING, -ROW_PADDING * 2, -ROW_PADDING)
        metrics = opt.fontMetrics
        line = metrics.height()
        painter.save()
        # Line one: the title (bold), the date at the right.
        day = day_text(summary.date)
        day_width = metrics.horizontalAdvance(day)
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.right() - day_width, rect.top(), day_width, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            day,
        )
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        title_width = max(rect.width() - day_width - 3 * ROW_PADDING, 10)
        title = QFontMetrics(bold).elidedText(
            title_text(summary.title), Qt.TextElideMode.ElideRight, title_width
        )
        painter.drawText(
            QRect(rect.left(), rect.top(), title_width, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title,
        )
        # Line two: what was found, or what the item is about.
        second = QRect(rect.left(), rect.top() + line + ROW_PADDING, rect.width(), line)
        snippet = index.data(SNIPPET_HTML_ROLE)
        painter.setFont(opt.font)
        if snippet:
            document = QTextDocument()
            document.setDefaultFont(opt.font)
            document.setDocumentMargin(0)
            document.setHtml(snippet)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, text)
            painter.translate(second.topLeft())
            painter.setClipRect(QRectF(0, 0, second.width(), second.height() + ROW_PADDING))
            document.documentLayout().draw(painter, context)
        else:
            parts = [kind_label(summary.kind)] if self.show_kind else []
            if summary.capabilities:
                parts.append(", ".join(summary.capabilities))
            if summary.tags:
                parts.append(", ".join(f"#{tag}" for tag in summary.tags))
            if summary.bring_to_supervision:
                parts.append(QCoreApplication.translate("ItemRowDelegate", "for supervision"))
            painter.setPen(muted)
            painter.drawText(
                second,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(
                    "  ·  ".join(parts)
                    or QCoreApplication.translate("ItemRowDelegate", "No capabilities yet"),
                    Qt.TextElideMode.ElideRight,
                    second.width(),
                ),
            )
        painter.restore()


ROW_PADDING = 4


def _item_list(name: str, *, show_kind: bool = False) -> QListView:
    view = named(QListView(), name)
    view.setItemDelegate(ItemRowDelegate(view, show_kind=show_kind))
    view.setUniformItemSizes(True)  # one height for every row: 100,000 rows scroll smoothly
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setAlternatingRowColors(True)
    view.setMouseTracking(True)
    return view


def _hours(value: float) -> str:
    return f"{value:g}"


class CpdStrip(QFrame):
    """The CPD section's header: hours in the revalidation cycle against the NMC's 35 (20)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = named(QProgressBar(), self.tr("CPD hours in this revalidation cycle"))
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.text)
        layout.addWidget(self.bar)
        self.progress: CpdProgress | None = None

    def show_progress(self, progress: CpdProgress | None) -> None:
        self.progress = progress
        if progress is None:
            self.text.clear()
            self.bar.reset()
            self.bar.setFormat("")
            return
        numbers = {
            "hours": _hours(progress.hours),
            "required": _hours(progress.required),
            "participatory": _hours(progress.participatory_hours),
            "required_participatory": _hours(progress.required_participatory),
            "date": long_date(progress.end),
        }
        if progress.date_set:
            text = self.tr(
                "{hours} of {required} hours ({participatory} of {required_participatory} "
                "participatory) in your revalidation cycle to {date}"
            )
        else:
            text = self.tr(
                "{hours} of {required} hours ({participatory} of {required_participatory} "
                "participatory) in the last three years. Set your revalidation date in "
                "Preferences to follow your cycle."
            )
        if progress.met:
            text += " " + self.tr("Both are met.")
        self.text.setText(text.format(**numbers))
        share = progress.hours / progress.required if progress.required else 1.0
        self.bar.setValue(round(min(share, 1.0) * 1000))
        self.bar.setFormat(self.tr("{hours} of {required} hours").format(**numbers))
        self.bar.setAccessibleDescription(self.text.text())


class Workspace(QWidget):
    """The unlocked app: sidebar, list, editor; one per unlock.

    Signals:
        message(str): something to say in the status bar.
        failed(Exception): reading the journal failed (for the window to explain, e.g. damage).
    """

    message = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        journal: Journal,
        runner: TaskRunner,
        settings: QSettings,
        *,
        autosave_ms: int = 800,
        summary_factory: SummaryFactory | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.runner = runner
        self.settings = settings
        self._today = today
        self._section = SECTIONS[0]
        self._selecting = False
        self._summary_factory = summary_factory
        self._summary_built = False
        #: A failure to read the journal while the workspace was being built (nobody is listening
        #: to ``failed`` yet): the window checks it and treats it as failing to open.
        self.startup_failure: Exception | None = None
        self._starting = True

        self.sidebar = named(QListWidget(), self.tr("Sections"))
        row_height = int(self.sidebar.fontMetrics().height() * 1.9)
        for number, section in enumerate(SECTIONS, start=1):
            row = QListWidgetItem(section.label)
            row.setData(Qt.ItemDataRole.UserRole, section.key)
            row.setSizeHint(QSize(80, row_height))
            row.setToolTip(
                self.tr("{section} (Ctrl+{number})").format(section=section.label, number=number)
            )
            self.sidebar.addItem(row)
        self.sidebar.setMaximumWidth(180)
        self.sidebar.setMinimumWidth(96)
        self.sidebar.currentRowChanged.connect(self._section_chosen)
        self.sidebar.itemClicked.connect(self._section_clicked)

        # The item lists.
        self.heading = QLabel()
        heading_font = self.heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        self.heading.setFont(heading_font)
        self.new_button = named(
            QPushButton(SECTIONS[0].new_label), self.tr("New item in this section")
        )
        self.new_button.clicked.connect(lambda: self.new_item())
        self.model_button = named(
            QPushButton(self.tr("From a &model")),
            self.tr("New entry from a reflection model"),
            self.tr("Start an entry laid out by a reflection model: Gibbs, Driscoll and others"),
        )
        self.model_button.setToolTip(self.tr("Start an entry laid out by a reflection model"))
        self.model_button.hide()
        self.cpd_strip = CpdStrip()
        self.cpd_strip.hide()
        self.find_bar = FindBar(journal.framework)
        self.find_bar.changed.connect(self.apply_find)
        self.list_model = ItemListModel(
            journal,
            ItemFilter(kinds=(ItemKind.ENTRY,)),
            (Column.TITLE, Column.DATE, Column.KIND, Column.CAPABILITIES),
            self,
            load=False,  # select_section() below loads it, once
        )
        self.list_model.failed.connect(self._read_failed)
        self.list_view = _item_list(self.tr("Items"))
        self.list_view.setModel(self.list_model)
        self.results_model = SearchResultsModel(self)
        self.results_view = _item_list(self.tr("Search results"), show_kind=True)
        self.results_view.setModel(self.results_model)
        for view in (self.list_view, self.results_view):
            view.selectionModel().currentRowChanged.connect(self._row_chosen)
            delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
            delete.setContext(Qt.ShortcutContext.WidgetShortcut)
            delete.activated.connect(self.trash_current)
        self.views = QStackedWidget()
        self.views.addWidget(self.list_view)
        self.views.addWidget(self.results_view)
        self.count = QLabel()
        self.count.setWordWrap(True)

        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.model_button)
        top.addWidget(self.new_button)
        list_layout.addLayout(top)
        list_layout.addWidget(self.cpd_strip)
        list_layout.addWidget(self.find_bar)
        list_layout.addWidget(self.views, 1)
        list_layout.addWidget(self.count)

        self.editor = ItemEditor(
            journal, runner, self.pick_items, settings, autosave_ms=autosave_ms
        )
        self.editor.saved.connect(self._item_saved)
        self.editor.failed.connect(self._read_failed)
        self.editor.history_requested.connect(self.show_history)
        self.editor.trash_requested.connect(self.trash_item)

        self.items_split = QSplitter(Qt.Orientation.Horizontal)
        self.items_split.addWidget(list_panel)
        self.items_split.addWidget(self.editor)
        self.items_split.setStretchFactor(0, 2)
        self.items_split.setStretchFactor(1, 5)
        self.items_split.setChildrenCollapsible(False)

        # Built the first time the Summary is opened (see _summary_shown).
        self.summary_page: QWidget = self._summary_placeholder()
        self.trash_page = TrashPage(journal)
        self.trash_page.model.failed.connect(self._read_failed)
        self.trash_page.message.connect(self.message)
        self.trash_page.restored.connect(self._restored_from_trash)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.items_split)
        self.pages.addWidget(self.summary_page)
        self.pages.addWidget(self.trash_page)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.sidebar)
        self.split.addWidget(self.pages)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.split)

        self._restore_layout()
        self.find_bar.set_tags([tag for tag, _ in journal.tags()])
        self.select_section("journal")
        self._starting = False

    def _read_failed(self, exc: Exception) -> None:
        if self._starting:
            self.startup_failure = self.startup_failure or exc
        else:
            self.failed.emit(exc)

    # --- layout memory (non-secret) ----------------------------------------------------------

    def _restore_layout(self) -> None:
        for key, splitter in (
            ("workspace/split", self.split),
            ("workspace/items", self.items_split),
        ):
            state = self.settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        if self.settings.value("workspace/items") is None:
            self.items_split.setSizes([300, 900])
            self.split.setSizes([110, 1100])

    def save_layout(self) -> None:
        self.settings.setValue("workspace/split", self.split.saveState())
        self.settings.setValue("workspace/items", self.items_split.saveState())
        self.editor.save_layout()

    # --- the summary page --------------------------------------------------------------------

    def _summary_placeholder(self) -> QWidget:
        page = QWidget()
        label = QLabel(self.tr("The summary of your review year will appear here."))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(page).addWidget(label)
        return page

    @property
    def summary_built(self) -> bool:
        """Whether the Summary page has been made (it is made when first opened)."""
        return self._summary_built

    def set_summary_widget(self, widget: QWidget) -> None:
        """Put ``widget`` on the Summary page (it is thrown away with the workspace on lock)."""
        self._replace_summary(widget)
        self._summary_built = True
        self._connect_summary(widget)
        if self._section.key == "summary":
            self.pages.setCurrentWidget(widget)

    def set_summary_factory(self, factory: SummaryFactory | None) -> None:
        """Build the Summary page with ``factory`` from now on (now, if it is on screen)."""
        self._summary_factory = factory
        if self._summary_built:
            self._forget_summary()
            self._replace_summary(self._summary_placeholder())
            self._summary_built = False
        if self._section.key == "summary":
            self._summary_shown()

    def _replace_summary(self, widget: QWidget) -> None:
        old = self.summary_page
        index = self.pages.indexOf(old)
        self.pages.insertWidget(index, widget)
        self.pages.removeWidget(old)
        old.hide()
        old.deleteLater()
        self.summary_page = widget

    def _summary_shown(self) -> None:
        """Build the page the first time; after that, recompute it from the journal."""
        if not self._summary_built and self._summary_factory is not None:
            try:
                page = self._summary_factory(self.journal)
            except Exception as exc:  # e.g. a damaged page: the window explains it
                self.pages.setCurrentWidget(self.summary_page)
                self._read_failed(exc)
                return
            self.set_summary_widget(page)
            return  # a freshly built page shows the journal as it is now
        self.pages.setCurrentWidget(self.summary_page)
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        refresh = getattr(self.summary_page, "refresh", None)
        if self._summary_built and callable(refresh):
            try:
                refresh()
            except Exception as exc:
                self._read_failed(exc)

    def _forget_summary(self) -> None:
        set_journal = getattr(self.summary_page, "set_journal", None)
        if self._summary_built and callable(set_journal):
            set_journal(None)

    def _connect_summary(self, widget: QWidget) -> None:
        """Wire the optional signals a summary view may offer: open an item, write about a gap."""
        item_requested = getattr(widget, "item_requested", None)
        if item_requested is not None:
            item_requested.connect(self.open_item)
        write_requested = getattr(widget, "write_requested", None)
        if write_requested is not None:
            write_requested.connect(
                lambda codes: self.new_item(ItemKind.ENTRY, capabilities=tuple(codes))
            )

    # --- sections ----------------------------------------------------------------------------

    @property
    def section(self) -> Section:
        return self._section

    def select_section(self, key: str) -> None:
        row = next(i for i, section in enumerate(SECTIONS) if section.key == key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)
        else:
            self._section_chosen(row)

    def _section_clicked(self, row_item: QListWidgetItem) -> None:
        # Clicking the section already shown leaves a search, back to the plain list.
        if self.find_bar.active() and self._section.kind is not None:
            self.find_bar.clear()

    def _section_chosen(self, row: int) -> None:
        if not 0 <= row < len(SECTIONS):
            return
        section = SECTIONS[row]
        self._section = section
        if section.kind is not None:
            self.pages.setCurrentWidget(self.items_split)
            self.new_button.setText(section.new_label)
            self.new_button.setAccessibleName(section.new_label.replace("&", ""))
            self.model_button.setVisible(
                section.kind is ItemKind.ENTRY and self.model_button.menu() is not None
            )
            self.cpd_strip.setVisible(section.kind is ItemKind.CPD)
            if section.kind is ItemKind.CPD:
                self.refresh_cpd()
            if self.find_bar.active():
                self.find_bar.clear()
            else:
                self.apply_find()
        elif section.key == "summary":
            self.editor.flush()
            self._summary_shown()
        else:
            self.editor.flush()
            self.pages.setCurrentWidget(self.trash_page)
            self.trash_page.refresh()

    # --- lists and find ----------------------------------------------------------------------

    def apply_find(self) -> None:
        """Show the section's items, or what the search and filters find across everything."""
        query = self.find_bar.query()
        try:
            if query:
                hits = self.journal.search(query, self.find_bar.item_filter(), limit=200)
                self.results_model.set_hits(hits)
                self.views.setCurrentWidget(self.results_view)
                self.heading.setText(self.tr("Search results"))
                self.count.setText(_found_text(len(hits), 200))
            else:
                if self.find_bar.filters_active():
                    self.list_model.set_filter(self.find_bar.item_filter())
                    self._list_delegate().show_kind = True
                    self.heading.setText(self.tr("Filtered"))
                else:
                    kind = self._section.kind or ItemKind.ENTRY
                    self.list_model.set_filter(ItemFilter(kinds=(kind,)))
                    self._list_delegate().show_kind = False
                    self.heading.setText(self._section.label)
                self.views.setCurrentWidget(self.list_view)
                self.results_model.clear()
                self.count.setText(_count_text(self.list_model.total))
        except ReflectError as exc:
            self.results_model.clear()
            self.views.setCurrentWidget(self.results_view)
            self.count.setText(user_message(exc))
        except Exception as exc:  # e.g. a damaged page: the window explains it
            self.results_model.clear()
            self.failed.emit(exc)
            return
        self._select_in_view(self.editor.current_id)

    def refresh(self) -> None:
        """Reload what is shown (the journal may have changed outside the app, or by an import)."""
        if not self.journal.is_open:
            return
        if self._section.key == "trash":
            self.trash_page.refresh()
        elif self._section.key == "summary":
            self._refresh_summary()
        elif self._section.kind is not None:
            self.apply_find()
            if self._section.kind is ItemKind.CPD:
                self.refresh_cpd()
        self.find_bar.set_tags([tag for tag, _ in self.journal.tags()])

    def refresh_cpd(self) -> None:
        """Recount the CPD hours of the revalidation cycle for the CPD section's header."""
        try:
            progress = cpd_progress(self.journal, self._today())
        except ReflectError as exc:
            self.cpd_strip.show_progress(None)
            self.cpd_strip.text.setText(user_message(exc))
            return
        self.cpd_strip.show_progress(progress)

    def set_templates_menu(self, menu: QMenu | None) -> None:
        """Offer ``menu`` (the reflection models) beside the Journal's New button."""
        self.model_button.setMenu(menu)
        self.model_button.setVisible(menu is not None and self._section.kind is ItemKind.ENTRY)

    def focus_search(self) -> None:
        if self._section.kind is None:
            self.select_section("journal")
        self.find_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.search.selectAll()

    def _current_view(self) -> QListView:
        view = self.views.currentWidget()
        assert isinstance(view, QListView)
        return view

    def _list_delegate(self) -> ItemRowDelegate:
        delegate = self.list_view.itemDelegate()
        assert isinstance(delegate, ItemRowDelegate)
        return delegate

    def _select_in_view(self, item_id: int | None) -> None:
        view = self._current_view()
        model = view.model()
        if item_id is None or not isinstance(model, ItemListModel | SearchResultsModel):
            return
        row = model.row_of(item_id, fetch=False)
        if row is None and isinstance(model, ItemListModel):
            row = model.row_of(item_id, fetch=True)
        if row is not None:
            self._selecting = True
            try:
                view.setCurrentIndex(model.index(row, 0))
            finally:
                self._selecting = False
            view.scrollTo(model.index(row, 0))

    def _row_chosen(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if current.isValid() and not self._selecting:
            item_id = current.data(ITEM_ID_ROLE)
            if isinstance(item_id, int):
                self.open_item(item_id)

    def _item_saved(self, item: Item) -> None:
        assert item.id is not None
        if self.views.currentWidget() is self.list_view:
            row = self.list_model.row_of(item.id)
            if row is not None and self.list_model.summary_at(row).date == item.date:
                self.list_model.update_row(item.summary())
            else:
                # New, or moved in date order: reload the first page and find it again.
                self.list_model.refresh()
                self.count.setText(_count_text(self.list_model.total))
                self._select_in_view(item.id)
        if item.kind is ItemKind.CPD and self._section.kind is ItemKind.CPD:
            self.refresh_cpd()
        self.find_bar.set_tags([tag for tag, _ in self.journal.tags()])

    # --- items -------------------------------------------------------------------------------

    def open_item(self, item_id: int) -> None:
        """Show an item in the editor (saving the one being edited first)."""
        if item_id == self.editor.current_id:
            return
        if not self.editor.flush():
            return
        try:
            item = self.journal.get(item_id)
        except NotFound:
            self.message.emit(self.tr("That item no longer exists."))
            return
        except Exception as exc:  # e.g. a damaged page: never half an item in the editor
            self.failed.emit(exc)
            return
        if item.in_trash:
            self.select_section("trash")
            return
        section = SECTION_FOR_KIND[item.kind]
        elsewhere = self._section is not section and not self.find_bar.active()
        if self._section.kind is None or elsewhere:
            self.editor.load(item)
            self.select_section(section.key)
        else:
            self.editor.load(item)
        self._select_in_view(item_id)

    def new_item(
        self, kind: ItemKind | None = None, *, template: Template | None = None, **fields: Any
    ) -> None:
        """A new item dated now, of ``kind`` (default: the section's, else an entry).

        Args:
            kind: What to start.
            template: A reflection model to lay out the body with.
            **fields: Anything to fill in already, e.g. ``capabilities=("4",)``.
        """
        kind = kind or self._section.kind or ItemKind.ENTRY
        if not self.editor.flush():
            return
        section = SECTION_FOR_KIND[kind]
        if self._section is not section:
            self.select_section(section.key)
        self._current_view().clearSelection()
        self.editor.start_new(kind, template=template, **fields)

    def new_from_template(self, template_id: str) -> None:
        """A new journal entry laid out by the reflection model ``template_id``."""
        try:
            template = get_template(template_id, self.journal)
        except ReflectError as exc:
            self.message.emit(user_message(exc))
            return
        self.new_item(ItemKind.ENTRY, template=template)

    def pick_items(
        self, kinds: tuple[ItemKind, ...], title: str, chosen: Callable[[list[int]], None]
    ) -> None:
        dialog = ItemPickerDialog(self.journal, kinds, title, self)
        dialog.accepted.connect(lambda: chosen(dialog.chosen_ids()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_history(self, item_id: int | None = None) -> None:
        item_id = item_id if item_id is not None else self.editor.current_id
        if item_id is None or not self.editor.flush():
            return
        dialog = RevisionHistoryDialog(self.journal, item_id, self)
        dialog.restored.connect(self._revision_restored)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _revision_restored(self, item: Item) -> None:
        self.editor.load(item)
        self.apply_find()
        self.message.emit(self.tr("The earlier version is current again."))

    def trash_current(self) -> None:
        if self.editor.current_id is not None:
            self.trash_item(self.editor.current_id)

    def trash_item(self, item_id: int) -> None:
        if not self.editor.flush():
            return
        try:
            self.journal.trash(item_id)
        except ReflectError as exc:
            self.message.emit(user_message(exc))
            return
        if self.editor.current_id == item_id:
            self.editor.clear()
        self.apply_find()
        if self._section.kind is ItemKind.CPD:
            self.refresh_cpd()
        self.message.emit(self.tr("Moved to the trash. You can restore it from Trash."))

    def _restored_from_trash(self, item_id: int) -> None:
        self.find_bar.set_tags([tag for tag, _ in self.journal.tags()])

    # --- lock support ------------------------------------------------------------------------

    def place(self) -> Place:
        return Place(self._section.key, self.editor.current_id)

    def restore_place(self, place: Place) -> None:
        """Back where the user was; the keyboard starts in the list (or the item's text)."""
        if place.section in SECTION_BY_KEY and place.section != self._section.key:
            self.select_section(place.section)
        if place.item_id is not None and SECTION_BY_KEY[place.section].kind is not None:
            with contextlib.suppress(ReflectError):
                self.open_item(place.item_id)
        if self._section.kind is None:
            self.sidebar.setFocus()
        elif self.editor.current_id is not None:
            self.editor.body.setFocus()
        else:
            self._current_view().setFocus()

    def flush(self) -> bool:
        return self.editor.flush()

    def clear_all(self) -> None:
        """Blank every view of the journal (the caller has flushed)."""
        self.editor.clear()
        self.list_model.clear()
        self.results_model.clear()
        self.trash_page.clear()
        self.find_bar.forget()
        self.count.clear()
        self.cpd_strip.show_progress(None)
        self.model_button.setMenu(None)
        self._forget_summary()


def _count_text(total: int) -> str:
    if total == 0:
        return QCoreApplication.translate("Workspace", "Nothing here yet.")
    return counted().items(total)


def _found_text(found: int, limit: int) -> str:
    if found == 0:
        return QCoreApplication.translate(
            "Workspace", "Nothing found. Try fewer or shorter words, or clear the filters."
        )
    if found >= limit:
        return counted().best_matches(limit)
    return counted().found(found)
