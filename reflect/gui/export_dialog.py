"""File → Export: choose a format, a period and the items; check them; decide; write.

The dialog holds no export logic. It asks :mod:`reflect.core.appraisal` for the items a summary
of the period can show, and :mod:`reflect.core.exporters` to build and check the export and
finally to write it, each on the app's worker thread. Nothing is written until the
identifiable-information check has run on exactly what will be exported and every finding shows,
in its context, a Redact or Keep choice (Redact unless the user says otherwise). Redaction changes
the exported file only, never the journal.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflect.core.appraisal import Selection, checklist
from reflect.core.coverage import Period, default_period, preferred_framework_id
from reflect.core.exporters import PreparedExport, exporters, get_exporter, prepare_export
from reflect.core.journal import Journal
from reflect.core.model import Item, ItemKind
from reflect.core.privacy import LocatedFinding
from reflect.gui.models import day_text, title_text
from reflect.gui.tasks import TaskRunner
from reflect.gui.widgets import framework_choice, from_qdate, named, to_qdate, user_message

#: The choices as the British English source shows them (the combo boxes carry the decision as
#: item data, so a translation changes only the words).
REDACT = "Redact"
KEEP = "Keep"
FIRST_PARAGRAPH = "First paragraph"
FULL_TEXT = "Full text"


def _kind_name(kind: ItemKind) -> str:
    names = {
        ItemKind.ENTRY: QCoreApplication.translate("ExportDialog", "Entry"),
        ItemKind.SUPERVISION: QCoreApplication.translate("ExportDialog", "Supervision"),
        ItemKind.GOAL: QCoreApplication.translate("ExportDialog", "Goal"),
        ItemKind.CPD: QCoreApplication.translate("ExportDialog", "CPD"),
    }
    return names[kind]


class ExportDialog(QDialog):
    """Export an appraisal summary (or the whole journal as JSON) from ``journal``.

    Emits ``exported(Path)`` once the file is written, then closes.
    """

    exported = Signal(object)

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.journal = journal
        self.runner = runner if runner is not None else TaskRunner(self)
        self.today = today or date.today()
        self._items: list[Item] = []
        self._prepared: PreparedExport | None = None
        self._decisions: dict[str, QComboBox] = {}
        self._text_choices: dict[int, QComboBox] = {}
        self._generation = 0

        # --- what to export ---------------------------------------------------------------------
        self.format_combo = named(QComboBox(), self.tr("Format"))
        for exporter in exporters():
            self.format_combo.addItem(exporter.description, exporter.name)
        period = default_period(journal, self.today)
        self.from_edit = self._date_edit(period.start, self.tr("First day of the period"))
        self.to_edit = self._date_edit(period.end, self.tr("Last day of the period"))
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.from_edit)
        # The capabilities the summary is organised by: what the Summary page shows, by default.
        self.framework_combo = framework_choice(self.tr("Framework"))
        self.framework_combo.setCurrentIndex(
            max(self.framework_combo.findData(preferred_framework_id(journal)), 0)
        )
        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format_combo)
        form.addRow(period_label, dates)
        form.addRow(self.tr("Frame&work:"), self.framework_combo)
        if self.framework_combo.count() < 2:
            form.setRowVisible(self.framework_combo, False)

        self.items_table = named(QTableWidget(0, 4), self.tr("Items to include"))
        self.items_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Kind"), self.tr("Title"), self.tr("Shows")]
        )
        self.items_table.verticalHeader().hide()
        self.items_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_table.setWordWrap(False)
        columns = self.items_table.horizontalHeader()
        for column in (0, 1):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.items_table.setColumnWidth(
            3, self.fontMetrics().horizontalAdvance(self.tr("First paragraph")) + 48
        )
        self.items_table.itemChanged.connect(lambda _item: self._invalidate())
        self.items_note = QLabel(
            self.tr(
                "Tick what the summary should show. Supervision notes appear only as their "
                "dates and kinds."
            )
        )
        self.items_note.setWordWrap(True)
        self.all_box = named(
            QCheckBox(self.tr("Everything in the journal")), self.tr("Export everything")
        )
        self.all_box.setChecked(True)
        self.all_box.setEnabled(False)
        self.all_box.hide()

        # --- the check --------------------------------------------------------------------------
        self.check_button = named(
            QPushButton(self.tr("&Check for identifiable information")), self.tr("Check")
        )
        self.check_button.clicked.connect(self.check)
        self.findings_table = named(QTableWidget(0, 4), self.tr("What the check found"))
        self.findings_table.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("Where"), self.tr("In context"), self.tr("Choice")]
        )
        self.findings_table.verticalHeader().hide()
        self.findings_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings_table.setWordWrap(True)
        # Two lines per finding: the place wraps, the context is one line.
        self.findings_table.verticalHeader().setDefaultSectionSize(
            2 * self.fontMetrics().lineSpacing() + 12
        )
        header = self.findings_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.findings_table.setColumnWidth(1, 220)
        self.redact_all_button = named(
            QPushButton(self.tr("Redact &all")), self.tr("Redact every finding")
        )
        self.redact_all_button.clicked.connect(lambda: self.set_all(True))
        self.keep_all_button = named(
            QPushButton(self.tr("&Keep all")), self.tr("Keep every finding")
        )
        self.keep_all_button.clicked.connect(lambda: self.set_all(False))
        bulk = QHBoxLayout()
        bulk.addWidget(self.check_button)
        bulk.addStretch(1)
        bulk.addWidget(self.redact_all_button)
        bulk.addWidget(self.keep_all_button)

        self.status_label = named(QLabel(""), self.tr("Export status"))
        self.status_label.setWordWrap(True)
        self.error_label = named(QLabel(""), self.tr("Why the export cannot be written"))
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("&Export…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.clicked.connect(self._choose_file)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.items_note)
        layout.addWidget(self.all_box)
        layout.addWidget(self.items_table, 3)
        layout.addLayout(bulk)
        layout.addWidget(self.findings_table, 2)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(960, 820)

        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.framework_combo.currentIndexChanged.connect(lambda _i: self._invalidate())
        self.from_edit.dateChanged.connect(self._load_items)
        self.to_edit.dateChanged.connect(self._load_items)
        self._show_findings(None)
        self._load_items()

    def _date_edit(self, value: date, name: str) -> QDateEdit:
        edit = named(QDateEdit(to_qdate(value)), name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        return edit

    # --- what to export -----------------------------------------------------------------------

    @property
    def format(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, name: str) -> None:
        index = self.format_combo.findData(name)
        if index < 0:
            raise ValueError(f"unknown format {name!r}")
        self.format_combo.setCurrentIndex(index)

    def period(self) -> Period | None:
        start, end = from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
        if start is None or end is None or start > end:
            return None
        return Period(start, end)

    def set_period(self, period: Period) -> None:
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
        self.from_edit.setDate(to_qdate(period.start))
        self.to_edit.setDate(to_qdate(period.end))
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(False)
        self._load_items()

    def _whole_vault(self) -> bool:
        return get_exporter(self.format).content == "vault"

    def _format_changed(self) -> None:
        self._enable_for_format()
        self._invalidate()

    def _load_items(self) -> None:
        self._invalidate()
        period = self.period()
        if period is None:
            self._set_items([])
            self.status_label.setText(self.tr("The period must start on or before its last day."))
            return
        self._generation += 1
        generation = self._generation
        self.runner.submit(
            lambda: checklist(self.journal, period),
            lambda items: self._items_loaded(generation, items),
            lambda exc: self._failed(generation, exc),
        )

    def _items_loaded(self, generation: int, items: list[Item]) -> None:
        if generation == self._generation:
            self._set_items(items)

    def _set_items(self, items: list[Item]) -> None:
        table = self.items_table
        table.blockSignals(True)
        table.setRowCount(0)
        self._items = items
        self._text_choices = {}
        table.setRowCount(len(items))
        for row, item in enumerate(items):
            when = QTableWidgetItem(day_text(item.date.date()))
            when.setFlags(when.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            wanted = item.kind is not ItemKind.SUPERVISION  # left out unless ticked
            when.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            table.setItem(row, 0, when)
            table.setItem(row, 1, QTableWidgetItem(_kind_name(item.kind)))
            table.setItem(row, 2, QTableWidgetItem(title_text(item.title)))
            if item.kind is ItemKind.ENTRY and item.id is not None:
                combo = named(
                    QComboBox(),
                    self.tr("What to show of {title}").format(title=title_text(item.title)),
                )
                combo.addItem(self.tr("First paragraph"), False)
                combo.addItem(self.tr("Full text"), True)
                combo.currentIndexChanged.connect(lambda _i: self._invalidate())
                table.setCellWidget(row, 3, combo)
                self._text_choices[item.id] = combo
            else:
                table.setItem(row, 3, QTableWidgetItem("—"))
        table.blockSignals(False)
        self._invalidate()

    def set_item_checked(self, item_id: int, checked: bool) -> None:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                self.items_table.item(row, 0).setCheckState(state)
                return
        raise KeyError(item_id)

    def set_full_text(self, item_id: int, full: bool) -> None:
        combo = self._text_choices[item_id]
        combo.setCurrentIndex(combo.findData(full))

    def checked_ids(self) -> frozenset[int]:
        return frozenset(
            item.id
            for row, item in enumerate(self._items)
            if item.id is not None
            and self.items_table.item(row, 0).checkState() == Qt.CheckState.Checked
        )

    def selection(self) -> Selection | None:
        """What the summary shows, as chosen in the dialog (None while the period is invalid)."""
        period = self.period()
        if period is None:
            return None
        chosen = self.checked_ids()
        return Selection(
            period=period,
            item_ids=chosen,
            text_choices={
                item_id: combo.currentData() is True
                for item_id, combo in self._text_choices.items()
            },
            include_supervision=any(
                item.kind is ItemKind.SUPERVISION and item.id in chosen for item in self._items
            ),
            framework=self.framework_combo.currentData(),
        )

    # --- the check ------------------------------------------------------------------------------

    def _invalidate(self) -> None:
        """Any change of what is exported makes an earlier check stale."""
        self._generation += 1
        self._prepared = None
        self._show_findings(None)

    def check(self) -> None:
        """Build the export and run the identifiable-information check on it (off the UI)."""
        selection = self.selection()
        if selection is None and not self._whole_vault():
            return
        self._generation += 1
        generation, fmt, today = self._generation, self.format, self.today
        self.error_label.hide()
        self.status_label.setText(self.tr("Checking…"))
        self.check_button.setEnabled(False)
        self.runner.submit(
            lambda: prepare_export(self.journal, fmt, selection, today=today),
            lambda prepared: self._checked(generation, prepared),
            lambda exc: self._failed(generation, exc),
        )

    def _checked(self, generation: int, prepared: PreparedExport) -> None:
        self.check_button.setEnabled(True)
        if generation != self._generation:
            return
        self._prepared = prepared
        self._show_findings(prepared.findings)

    def _show_findings(self, findings: tuple[LocatedFinding, ...] | None) -> None:
        table = self.findings_table
        table.setRowCount(0)
        self._decisions = {}
        self.export_button.setEnabled(findings is not None)
        self.redact_all_button.setEnabled(bool(findings))
        self.keep_all_button.setEnabled(bool(findings))
        if findings is None:
            self.status_label.setText(
                self.tr("Check the export for identifiable information before it is written.")
            )
            return
        table.setRowCount(len(findings))
        for row, found in enumerate(findings):
            table.setItem(row, 0, QTableWidgetItem(found.label[:1].upper() + found.label[1:]))
            where = QTableWidgetItem(found.location)
            where.setToolTip(found.location)
            table.setItem(row, 1, where)
            before, match, after = found.context(60)
            context = QLabel(
                f"{escape(before)}<b style='background-color: #ffe08a; color: #000;'>"
                f"{escape(match)}</b>{escape(after)}"
            )
            context.setTextFormat(Qt.TextFormat.RichText)
            context.setWordWrap(True)
            context.setContentsMargins(4, 2, 4, 2)
            table.setCellWidget(row, 2, context)
            choice = named(
                QComboBox(), self.tr("Redact or keep this {what}").format(what=found.label)
            )
            choice.addItem(self.tr("Redact"), True)
            choice.addItem(self.tr("Keep"), False)
            table.setCellWidget(row, 3, _centred(choice))
            self._decisions[found.id] = choice
        if findings:
            count = len(findings)
            found_text = (
                self.tr("%n possible identifiable detail found.", None, count)
                if count == 1
                else self.tr("%n possible identifiable details found.", None, count)
            )
            self.status_label.setText(
                found_text
                + " "
                + self.tr(
                    "Each will be replaced by a marker such as [redacted: NHS number] in the "
                    "export unless you choose Keep. Your journal is not changed."
                )
            )
        else:
            self.status_label.setText(self.tr("Nothing identifiable was found. Ready to export."))

    @property
    def findings(self) -> tuple[LocatedFinding, ...]:
        return self._prepared.findings if self._prepared is not None else ()

    def set_decision(self, finding_id: str, redact: bool) -> None:
        choice = self._decisions[finding_id]
        choice.setCurrentIndex(choice.findData(redact))

    def set_all(self, redact: bool) -> None:
        for choice in self._decisions.values():
            choice.setCurrentIndex(choice.findData(redact))

    def decisions(self) -> tuple[list[str], list[str]]:
        """The ids of the findings to redact and of those to keep."""
        redact = [fid for fid, choice in self._decisions.items() if choice.currentData() is True]
        keep = [fid for fid, choice in self._decisions.items() if choice.currentData() is False]
        return redact, keep

    # --- writing --------------------------------------------------------------------------------

    def suggested_name(self) -> str:
        exporter = get_exporter(self.format)
        if exporter.content == "vault":
            return f"reflect-journal-{self.today.isoformat()}.{exporter.extension}"
        period = self.period()
        end = period.end if period is not None else self.today
        return f"appraisal-summary-{end.isoformat()}.{exporter.extension}"

    def _choose_file(self) -> None:
        if self._prepared is None:
            return
        exporter = get_exporter(self.format)
        dialog = QFileDialog(self, self.tr("Export to"), str(Path.home() / self.suggested_name()))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(f"{exporter.description} (*.{exporter.extension})")
        dialog.setDefaultSuffix(exporter.extension)
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_to(self, path: Path) -> None:
        """Write the checked export to ``path`` with the choices made (off the UI thread)."""
        prepared = self._prepared
        if prepared is None:
            return
        redact, keep = self.decisions()
        generation = self._generation
        self._busy(True)
        self.status_label.setText(self.tr("Writing…"))
        self.runner.submit(
            lambda: prepared.write(path, redact=redact, keep=keep),
            lambda _count: self._written(path),
            lambda exc: self._write_failed(generation, exc),
        )

    def _written(self, path: Path) -> None:
        self._busy(False)
        self.exported.emit(path)
        self.accept()

    def _write_failed(self, generation: int, exc: BaseException) -> None:
        self._busy(False)
        self.status_label.setText(self.tr("Nothing was written."))
        self.error_label.setText(user_message(exc))
        self.error_label.show()

    def _failed(self, generation: int, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        if generation != self._generation:
            return
        self.status_label.setText("")
        self.error_label.setText(user_message(exc))
        self.error_label.show()

    def _busy(self, busy: bool) -> None:
        for widget in (
            self.format_combo,
            self.from_edit,
            self.to_edit,
            self.framework_combo,
            self.items_table,
            self.check_button,
            self.findings_table,
            self.export_button,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self._enable_for_format()

    def _enable_for_format(self) -> None:
        """The whole-journal format ignores the period, framework and items: grey them out."""
        whole = self._whole_vault()
        for widget in (self.from_edit, self.to_edit, self.framework_combo, self.items_table):
            widget.setEnabled(not whole)
        self.items_note.setVisible(not whole)
        self.all_box.setVisible(whole)


def _centred(widget: QWidget) -> QWidget:
    """``widget`` in a holder that keeps it at its natural height inside a taller table cell."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(4, 0, 4, 0)
    layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
    return holder
