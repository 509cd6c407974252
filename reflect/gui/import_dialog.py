"""File → Import: choose a file and its format, see what will come in, map tags, import.

The dialog holds no import logic: it asks :mod:`reflect.core.importers` to read the source, to
preview it against the journal (which rows are duplicates) and finally to import it, each on the
app's worker thread. A source that cannot be imported shows one clear message and imports nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflect.core.importers import (
    IMPORTERS,
    ImportReport,
    ParsedSource,
    PreviewRow,
    get_importer,
    import_source,
    preview_source,
    read_source,
)
from reflect.core.journal import Journal
from reflect.gui.models import title_text, when_text
from reflect.gui.tasks import TaskRunner
from reflect.gui.widgets import named, user_message

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole

#: What the capability column of the mapping table says for "no capability" (British source).
KEEP_AS_TAG = "Keep as a tag only"


class PreviewModel(QAbstractTableModel):
    """The rows an import would bring in: a snapshot of an :class:`ImportReport` preview."""

    COLUMNS = 5

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Date"),
            self.tr("Title"),
            self.tr("Tags"),
            self.tr("Capabilities"),
            self.tr("Status"),
        )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[PreviewRow, ...] = ()

    def set_rows(self, rows: tuple[PreviewRow, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> PreviewRow:
        return self._rows[row]

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

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            if column == 0:
                return when_text(row.date)
            if column == 1:
                return title_text(row.title)
            if column == 2:
                return " ".join(f"#{tag}" for tag in row.tags)
            if column == 3:
                return ", ".join(row.capabilities)
            if column == 4:
                return self.tr("Already there: skipped") if row.duplicate else self.tr("New")
        if role == _TOOLTIP and column in (1, 4):
            return self.tr("From {where}").format(where=row.where)
        return None


class ImportDialog(QDialog):
    """Import another journal into ``journal``, with a preview and a tag → capability step.

    Emits ``imported(ImportReport)`` after a successful import, then closes.
    """

    imported = Signal(object)

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import"))
        self.journal = journal
        self.runner = runner if runner is not None else TaskRunner(self)
        self._source: ParsedSource | None = None
        self._report: ImportReport | None = None
        self._generation = 0

        self.format_combo = named(QComboBox(), self.tr("Format"))
        for importer in IMPORTERS:
            self.format_combo.addItem(importer.description, importer.name)
        self.path_edit = named(QLineEdit(), self.tr("File or folder to import"))
        self.path_edit.setPlaceholderText(self.tr("Choose a file (or folder, for Markdown)…"))
        self.choose_button = named(
            QPushButton(self.tr("&Choose…")), self.tr("Choose the file or folder")
        )
        self.choose_button.clicked.connect(self._choose)
        chooser = QHBoxLayout()
        chooser.addWidget(self.path_edit, 1)
        chooser.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format_combo)
        form.addRow(self.tr("&From:"), chooser)

        self.preview_model = PreviewModel(self)
        self.preview_view = named(QTableView(), self.tr("What will be imported"))
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().hide()
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_view.setWordWrap(False)
        self.preview_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.tag_table = named(QTableWidget(0, 3), self.tr("Tags to capabilities"))
        self.tag_table.setHorizontalHeaderLabels(
            [self.tr("Tag"), self.tr("Items"), self.tr("Also tag with capability")]
        )
        self.tag_table.verticalHeader().hide()
        self.tag_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tag_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._tag_combos: dict[str, QComboBox] = {}

        self.summary_label = named(QLabel(""), self.tr("Import summary"))
        self.summary_label.setWordWrap(True)
        self.error_label = named(QLabel(""), self.tr("Why the file cannot be imported"))
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("What will be imported:")))
        layout.addWidget(self.preview_view, 3)
        layout.addWidget(
            QLabel(self.tr("Tags found — choose a capability to add to every item with that tag:"))
        )
        layout.addWidget(self.tag_table, 2)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(760, 560)

        self.format_combo.currentIndexChanged.connect(self._read)
        self.path_edit.editingFinished.connect(self._read)

    # --- choosing -------------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return str(self.format_combo.currentData())

    def set_source(self, path: Path | str, format: str | None = None) -> None:
        """Choose what to import (as the file chooser would) and read it for the preview."""
        if format is not None:
            index = self.format_combo.findData(format)
            if index < 0:
                raise ValueError(f"unknown format {format!r}")
            self.format_combo.blockSignals(True)
            self.format_combo.setCurrentIndex(index)
            self.format_combo.blockSignals(False)
        self.path_edit.setText(str(path))
        self._read()

    def _choose(self) -> None:
        importer = get_importer(self.format)
        dialog = QFileDialog(self, self.tr("Choose what to import"))
        if importer.source == "folder":
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.setNameFilter(f"{importer.name} ({' '.join(importer.patterns)})")
        dialog.fileSelected.connect(lambda path: self.set_source(path))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # --- reading and previewing -----------------------------------------------------------------

    def _read(self) -> None:
        text = self.path_edit.text().strip()
        self._generation += 1
        self._source = None
        self._show_report(None)
        self._set_tags([])
        if not text:
            return
        generation, path, fmt = self._generation, Path(text), self.format
        self.summary_label.setText(self.tr("Reading…"))
        self.runner.submit(
            lambda: self._read_and_preview(path, fmt),
            lambda result: self._read_done(generation, result),
            lambda exc: self._failed(generation, exc),
        )

    def _read_and_preview(self, path: Path, fmt: str) -> tuple[ParsedSource, ImportReport]:
        source = read_source(path, fmt)
        return source, preview_source(source, journal=self.journal)

    def _read_done(self, generation: int, result: tuple[ParsedSource, ImportReport]) -> None:
        if generation != self._generation:
            return  # the user chose something else meanwhile
        self._source, report = result
        self._set_tags(self._source.tags())
        self._show_report(report)

    def tag_map(self) -> dict[str, str]:
        """The capability chosen for each tag (tags left as tags only are not in it)."""
        return {
            tag: str(combo.currentData())
            for tag, combo in self._tag_combos.items()
            if combo.currentData() is not None
        }

    def _set_tags(self, tags: list[tuple[str, int]]) -> None:
        self.tag_table.setRowCount(0)
        self._tag_combos = {}
        self.tag_table.setRowCount(len(tags))
        for row, (tag, count) in enumerate(tags):
            self.tag_table.setItem(row, 0, QTableWidgetItem(f"#{tag}"))
            self.tag_table.setItem(row, 1, QTableWidgetItem(str(count)))
            combo = named(QComboBox(), self.tr("Capability for the tag {tag}").format(tag=tag))
            combo.addItem(self.tr("Keep as a tag only"), None)
            for capability in self.journal.framework.capabilities:
                combo.addItem(f"{capability.id} · {capability.name}", capability.code)
            combo.currentIndexChanged.connect(self._remap)
            self.tag_table.setCellWidget(row, 2, combo)
            self._tag_combos[tag] = combo

    def _remap(self) -> None:
        source = self._source
        if source is None:
            return
        self._generation += 1
        generation, mapping = self._generation, self.tag_map()
        self.import_button.setEnabled(False)
        self.runner.submit(
            lambda: preview_source(source, journal=self.journal, map_tags=mapping),
            lambda report: self._remap_done(generation, report),
            lambda exc: self._failed(generation, exc),
        )

    def _remap_done(self, generation: int, report: ImportReport) -> None:
        if generation == self._generation:
            self._show_report(report)

    def _show_report(self, report: ImportReport | None) -> None:
        self._report = report
        self.error_label.hide()
        self.preview_model.set_rows(report.items_preview if report is not None else ())
        if report is None:
            self.summary_label.setText("")
            self.import_button.setEnabled(False)
            return
        new, skipped = report.imported, report.skipped_duplicates
        text = (
            self.tr("%n new item will be imported", None, new)
            if new == 1
            else self.tr("%n new items will be imported", None, new)
        )
        if skipped:
            text += "; " + (
                self.tr("%n item already in your journal will be skipped", None, skipped)
                if skipped == 1
                else self.tr("%n items already in your journal will be skipped", None, skipped)
            )
        if new == 0:
            text = self.tr("Nothing new to import: everything in it is already in your journal.")
        self.summary_label.setText(text + ("." if new else ""))
        self.import_button.setEnabled(new > 0)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._source = None
        self._show_report(None)
        self._set_tags([])
        self.error_label.setText(user_message(exc))
        self.error_label.show()

    # --- importing ------------------------------------------------------------------------------

    def _import(self) -> None:
        source = self._source
        if source is None:
            return
        self._generation += 1
        generation, mapping = self._generation, self.tag_map()
        self._busy(True)
        self.summary_label.setText(self.tr("Importing…"))
        self.runner.submit(
            lambda: import_source(self.journal, source, map_tags=mapping),
            lambda report: self._import_done(report),
            lambda exc: self._import_failed(generation, exc),
        )

    def _import_done(self, report: ImportReport) -> None:
        self._busy(False)
        self.imported.emit(report)
        self.accept()

    def _import_failed(self, generation: int, exc: BaseException) -> None:
        self._busy(False)
        self._failed(generation, exc)

    def _busy(self, busy: bool) -> None:
        for widget in (self.format_combo, self.path_edit, self.choose_button, self.tag_table):
            widget.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self._source is not None)
