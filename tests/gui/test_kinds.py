"""Each kind's own fields are saved and come back when the item is opened again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from reflect.core.model import (
    AgreedAction,
    GoalHorizon,
    GoalStatus,
    ItemKind,
    ProgressReview,
    SupervisionKind,
)
from reflect.gui.dialogs import ItemPickerDialog
from reflect.gui.models import ActionsModel, ReviewsModel
from tests.gui.helpers import replace_text, type_text

LEFT = Qt.MouseButton.LeftButton


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT)


def reopen(qtbot, window, item_id: int) -> None:
    """Open another item and come back, so every field is loaded from the journal again."""
    workspace = window.workspace
    workspace.flush()
    journal = window.journal
    other = journal.save(journal.new_item(ItemKind.ENTRY, "Elsewhere", body="x"))
    workspace.open_item(other.id)
    assert workspace.editor.current_id == other.id
    workspace.open_item(item_id)
    assert workspace.editor.current_id == item_id


def type_in_cell_editor(qtbot, text: str) -> None:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "the new row opens for typing"
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)  # back to the event loop, as between any two things a person does


def test_supervision_fields_saved_and_reloaded(qtbot, window) -> None:
    journal = window.journal
    flagged = journal.save(
        journal.new_item(ItemKind.ENTRY, "A visit that worried me", bring_to_supervision=True)
    )
    journal.save(journal.new_item(ItemKind.ENTRY, "Not for supervision"))
    window.new_supervision_action.trigger()
    workspace = window.workspace
    editor = workspace.editor
    assert workspace.section.key == "supervision"
    type_text(qtbot, editor.body, "We talked about the visit and about pacing.")
    editor.tabs.setCurrentIndex(1)
    fields = editor.supervision_fields
    type_text(qtbot, fields.supervisor, "Dr A. Example")
    fields.kind.setFocus()
    qtbot.keyClicks(fields.kind, "Peer")
    replace_text(qtbot, fields.duration, "60")
    click(qtbot, fields.actions_table.add_button)
    type_in_cell_editor(qtbot, "Read the lone-working policy")
    view = fields.actions_table.view
    view.setFocus()
    view.setCurrentIndex(fields.actions_model.index(0, ActionsModel.DONE))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    view.setCurrentIndex(fields.actions_model.index(0, ActionsModel.DUE))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    date_editor = QApplication.focusWidget()
    date_editor.setDate(QDate(2026, 4, 12))
    qtbot.keyClick(date_editor, Qt.Key.Key_Return)
    qtbot.wait(1)
    click(qtbot, fields.flagged_button)
    assert fields.brought.ids() == (flagged.id,)

    workspace.flush()
    item_id = editor.current_id
    saved = journal.get(item_id)
    details = saved.supervision
    assert details is not None
    assert details.supervisor == "Dr A. Example"
    assert details.kind is SupervisionKind.PEER
    assert details.duration_minutes == 60
    assert details.actions == (
        AgreedAction(text="Read the lone-working policy", due=date(2026, 4, 12), done=True),
    )
    assert details.brought_entries == (flagged.id,)

    reopen(qtbot, window, item_id)
    assert fields.supervisor.text() == "Dr A. Example"
    assert fields.kind.currentText() == "Peer"
    assert fields.duration.value() == 60
    assert fields.actions_model.actions() == details.actions
    assert fields.brought.list.item(0).text().endswith("A visit that worried me")
    assert editor.body.toPlainText() == "We talked about the visit and about pacing."


def test_goal_fields_saved_and_reloaded(qtbot, window) -> None:
    journal = window.journal
    evidence = journal.save(journal.new_item(ItemKind.CPD, "Motivational interviewing course"))
    window.new_goal_action.trigger()
    workspace = window.workspace
    editor = workspace.editor
    fields = editor.goal_fields
    assert editor.tabs.currentIndex() == 1, "a new goal opens on its plan"
    assert fields.what.hasFocus()
    type_text(qtbot, fields.what, "Use motivational interviewing with confidence")
    fields.why.setFocus()
    type_text(qtbot, fields.why, "Several people I work with are ambivalent about change.")
    fields.measure.setFocus()
    type_text(qtbot, fields.measure, "Supervisor feedback on two recorded sessions")
    fields.target.setDate(QDate(2026, 9, 30))
    fields.horizon.setFocus()
    qtbot.keyClicks(fields.horizon, "Long")
    fields.status.setFocus()
    qtbot.keyClicks(fields.status, "I")
    click(qtbot, fields.reviews.add_button)
    type_in_cell_editor(qtbot, "Booked onto the course")
    click(qtbot, fields.evidence.add_button)
    picker = window.findChild(ItemPickerDialog)
    assert picker is not None and picker.isVisible()
    rect = picker.view.visualRect(picker.model.index(0, 0))
    qtbot.mouseClick(picker.view.viewport(), LEFT, pos=rect.center())
    click(qtbot, picker.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    assert fields.evidence.ids() == (evidence.id,)
    editor.title.setFocus()
    type_text(qtbot, editor.title, "MI skills")

    workspace.flush()
    item_id = editor.current_id
    goal = journal.get(item_id).goal
    assert goal is not None
    assert goal.what == "Use motivational interviewing with confidence"
    assert goal.why == "Several people I work with are ambivalent about change."
    assert goal.measure == "Supervisor feedback on two recorded sessions"
    assert goal.target_date == date(2026, 9, 30)
    assert goal.horizon is GoalHorizon.LONG
    assert goal.status is GoalStatus.IN_PROGRESS
    assert goal.reviews == (ProgressReview(date=date.today(), note="Booked onto the course"),)
    assert goal.evidence == (evidence.id,)

    reopen(qtbot, window, item_id)
    assert fields.what.text() == goal.what
    assert fields.why.toPlainText() == goal.why
    assert fields.target.value() == date(2026, 9, 30)
    assert fields.horizon.currentText() == "Long term"
    assert fields.status.currentText() == "In progress"
    assert fields.reviews_model.reviews() == goal.reviews
    assert fields.reviews_model.index(0, ReviewsModel.NOTE).data() == "Booked onto the course"
    assert fields.evidence.ids() == (evidence.id,)


def test_cpd_fields_saved_and_reloaded(qtbot, window) -> None:
    window.new_cpd_action.trigger()
    workspace = window.workspace
    editor = workspace.editor
    fields = editor.cpd_fields
    assert workspace.section.key == "cpd"
    assert fields.learnt.hasFocus()
    type_text(qtbot, fields.learnt, "How to structure a safety plan with someone.")
    replace_text(qtbot, fields.hours, "3.5")
    fields.participatory.setFocus()
    qtbot.keyClick(fields.participatory, Qt.Key.Key_Space)
    editor.title.setFocus()
    type_text(qtbot, editor.title, "Safety planning workshop")

    workspace.flush()
    item_id = editor.current_id
    cpd = window.journal.get(item_id).cpd
    assert cpd is not None
    assert cpd.hours == 3.5
    assert cpd.participatory is True
    assert cpd.learnt == "How to structure a safety plan with someone."

    reopen(qtbot, window, item_id)
    assert fields.hours.value() == 3.5
    assert fields.participatory.isChecked()
    assert fields.learnt.toPlainText() == cpd.learnt
    assert editor.title.text() == "Safety planning workshop"


def test_entries_hide_the_details_tab(qtbot, window) -> None:
    window.new_entry_action.trigger()
    editor = window.workspace.editor
    assert not editor.tabs.isTabVisible(1)
    assert editor.bring.isVisible()
    window.new_cpd_action.trigger()
    assert editor.tabs.isTabVisible(1)
    assert editor.tabs.tabText(1).replace("&", "") == "Activity details"
    assert not editor.bring.isVisible()
