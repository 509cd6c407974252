"""The Summary page inside the real window: it follows what is written, writes about a gap, and
prepares the next supervision session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reflect.core.model import AgreedAction, Item, ItemKind, SupervisionDetails
from reflect.gui.summary_view import SummaryView
from tests.conftest import FixedClock
from tests.gui.helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def now_window(make_window, remembered_vault):
    """An unlocked window whose clock is today's, so new entries fall in the review year."""
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0))
    return make_window(remembered_vault, clock=clock)


def summary_of(qtbot, window) -> SummaryView:
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    page = window.workspace.pages.currentWidget()
    assert isinstance(page, SummaryView)
    return page


def test_the_summary_is_built_only_when_first_opened(qtbot, now_window) -> None:
    workspace = now_window.workspace
    assert not workspace.summary_built
    assert not workspace.trash_page.model.loaded, "the trash is read when opened, not at start"
    summary_of(qtbot, now_window)
    assert workspace.summary_built


def test_the_summary_shows_a_newly_saved_tagged_entry_without_restarting(qtbot, now_window) -> None:
    summary = summary_of(qtbot, now_window)
    assert summary.card(4).status == "gap"

    qtbot.keyClick(now_window, Qt.Key.Key_N, CTRL)
    editor = now_window.workspace.editor
    type_text(qtbot, editor.body, "A family meeting about discharge.")
    with qtbot.waitSignal(editor.saved, timeout=3000):
        editor.capabilities.item_for("4").setCheckState(Qt.CheckState.Checked)

    assert summary_of(qtbot, now_window) is summary  # the same page, recomputed
    assert summary.card(4).status == "emerging"
    assert summary.card(4).accessibleName().startswith("Challenging Inequality: emerging, 1 item")


def test_writing_about_a_gap_starts_an_entry_tagged_with_it(qtbot, now_window) -> None:
    summary = summary_of(qtbot, now_window)
    qtbot.mouseClick(summary.card(7), Qt.MouseButton.LeftButton)
    assert summary.detail.capability_id == 7

    qtbot.mouseClick(summary.detail.write, Qt.MouseButton.LeftButton)

    workspace = now_window.workspace
    editor = workspace.editor
    assert workspace.section.key == "journal"
    assert editor.item is not None and editor.item.kind is ItemKind.ENTRY
    assert editor.item.id is None, "a new entry"
    assert editor.capabilities.codes() == ("7",)
    assert QApplication.focusWidget() is editor.body, "the cursor waits in the body"
    assert abs(editor.item.date - datetime.now()) < timedelta(minutes=2)
    with qtbot.waitSignal(editor.saved, timeout=3000) as saved:
        type_text(qtbot, editor.body, "I noticed I had assumed what the family wanted.")
    assert saved.args[0].capabilities == ("7",)


def test_the_agenda_becomes_the_next_supervision_note(qtbot, now_window) -> None:
    journal = now_window.journal
    today = datetime.now().replace(second=0, microsecond=0)
    journal.save(
        Item(
            kind=ItemKind.SUPERVISION,
            title="Last supervision",
            date=today - timedelta(days=20),
            supervision=SupervisionDetails(
                actions=(AgreedAction("Read the leave policy", due=today.date()),)
            ),
        )
    )
    flagged = journal.save(
        Item(
            kind=ItemKind.ENTRY,
            title="A restraint I keep thinking about",
            date=today - timedelta(days=3),
            bring_to_supervision=True,
        )
    )
    summary = summary_of(qtbot, now_window)
    summary.side.setCurrentWidget(summary.agenda)
    agenda = summary.agenda
    assert agenda.entries.item(0).text().startswith("A restraint I keep thinking about")
    assert "Read the leave policy" in agenda.actions.item(0).text()

    qtbot.mouseClick(agenda.start, Qt.MouseButton.LeftButton)

    workspace = now_window.workspace
    editor = workspace.editor
    assert workspace.section.key == "supervision", "the new note opens in its section"
    note = editor.item
    assert note is not None and note.kind is ItemKind.SUPERVISION and note.id is not None
    assert note.supervision.brought_entries == (flagged.id,)
    assert "Read the leave policy" in editor.body.toPlainText()
    linked = editor.supervision_fields.brought.list
    assert "A restraint I keep thinking about" in linked.item(0).text()
