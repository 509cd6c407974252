"""Writing, tagging and finding an entry, through the widgets a practitioner uses."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reflect.core.model import ItemFilter, ItemKind
from reflect.gui.models import ITEM_ID_ROLE, SNIPPET_HTML_ROLE
from tests.gui.helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def tick_capability(qtbot, window, row: int, indicator: int | None = None) -> None:
    """Tick capability ``row + 1`` (or one of its indicators) with the keyboard."""
    tree = window.workspace.editor.capabilities.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    if indicator is not None:
        qtbot.keyClick(tree, Qt.Key.Key_Right)  # expand
        for _ in range(indicator):
            qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Space)


def write_entry(qtbot, window, title: str, body: str, tags: str = "") -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    assert editor.body.hasFocus(), "Ctrl+N puts the cursor in the body"
    type_text(qtbot, editor.body, body)
    editor.title.setFocus()
    type_text(qtbot, editor.title, title)
    if tags:
        editor.tags.setFocus()
        type_text(qtbot, editor.tags, tags)


def test_ctrl_n_opens_a_blank_entry_dated_now(qtbot, window, gui_clock) -> None:
    now = gui_clock.now.astimezone().replace(tzinfo=None, second=0, microsecond=0)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    assert editor.item is not None and editor.item.kind is ItemKind.ENTRY
    assert editor.title.text() == "" and editor.body.toPlainText() == ""
    assert editor.body.hasFocus()
    shown = editor.when.dateTime().toPython()
    assert shown == now  # the app's clock: the same "now" the Summary and CPD views use


def test_blank_new_entry_is_not_saved(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.wait(80)
    window.workspace.flush()
    assert window.journal.count() == 0


def test_write_tag_and_find_by_search_and_by_capability(qtbot, window) -> None:
    write_entry(
        qtbot,
        window,
        "Handover after a long night",
        "The ward was loud; I slowed the **handover** down and asked about risk.",
        "handover, night shift",
    )
    tick_capability(qtbot, window, 8)  # 9 Promoting Safety and Positive Risk Taking
    tick_capability(qtbot, window, 0, indicator=2)  # indicator 1.2
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.editor.current_id is not None and not workspace.editor.dirty)
    workspace.flush()

    saved = window.journal.get(workspace.editor.current_id)
    assert saved.title == "Handover after a long night"
    assert saved.tags == ("handover", "night shift")
    assert saved.capabilities == ("1.2", "9")
    assert "asked about risk" in saved.body
    # The list shows it, with its capabilities.
    assert workspace.list_model.rowCount() == 1
    assert workspace.list_model.index(0, 0).data() == "Handover after a long night"

    # A second entry that must not match either search.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    type_text(qtbot, workspace.editor.body, "Quiet shift, nothing notable.")
    workspace.flush()
    assert window.journal.count() == 2

    # Find by words: Ctrl+F, type, the hit's snippet marks the word in bold.
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert workspace.find_bar.search.hasFocus()
    qtbot.keyClicks(workspace.find_bar.search, "risk")
    qtbot.waitUntil(lambda: workspace.results_model.rowCount() == 1)
    assert workspace.views.currentWidget() is workspace.results_view
    snippet = workspace.results_model.index(0, 3).data(SNIPPET_HTML_ROLE)
    assert "<b>risk</b>" in snippet

    # Clearing the search and filtering by capability 9 finds the same entry only.
    qtbot.mouseClick(workspace.find_bar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(workspace.find_bar.filters_button, Qt.MouseButton.LeftButton)
    workspace.find_bar.capability.setFocus()
    qtbot.keyClicks(workspace.find_bar.capability, "9")
    assert workspace.find_bar.capability.currentData() == "9"
    qtbot.waitUntil(lambda: workspace.list_model.rowCount() == 1)
    assert workspace.list_model.index(0, 0).data() == "Handover after a long night"

    # An indicator of capability 1 finds it too; one it was not tagged with does not.
    workspace.find_bar.capability.setCurrentIndex(workspace.find_bar.capability.findData("1.2"))
    qtbot.waitUntil(lambda: workspace.list_model.rowCount() == 1)
    workspace.find_bar.capability.setCurrentIndex(workspace.find_bar.capability.findData("1.3"))
    qtbot.waitUntil(lambda: workspace.list_model.rowCount() == 0)


def test_filters_combine(qtbot, window) -> None:
    journal = window.journal
    with journal.transaction():
        for title, kind, day, caps, tags in (
            ("Risk talk", ItemKind.ENTRY, 3, ("9",), ("risk",)),
            ("Risk supervision", ItemKind.SUPERVISION, 4, ("9",), ("risk",)),
            ("Old risk talk", ItemKind.ENTRY, 1, ("9",), ("risk",)),
            ("Diversity", ItemKind.ENTRY, 5, ("2",), ("risk",)),
        ):
            journal.save(
                journal.new_item(
                    kind, title, date=datetime(2026, 2, day, 9, 0), capabilities=caps, tags=tags
                )
            )
    workspace = window.workspace
    find = workspace.find_bar
    find.set_tags([tag for tag, _ in journal.tags()])
    qtbot.mouseClick(find.filters_button, Qt.MouseButton.LeftButton)
    find.tag.setFocus()
    qtbot.keyClicks(find.tag, "risk")
    qtbot.waitUntil(lambda: workspace.list_model.rowCount() == 4)
    find.capability.setFocus()
    qtbot.keyClicks(find.capability, "9")
    qtbot.waitUntil(lambda: workspace.list_model.rowCount() == 3)
    find.kind.setFocus()
    qtbot.keyClicks(find.kind, "Journal")
    qtbot.waitUntil(lambda: workspace.list_model.rowCount() == 2)
    find.date_from.set_value(datetime(2026, 2, 2).date())
    qtbot.waitUntil(lambda: workspace.list_model.rowCount() == 1)
    assert workspace.list_model.index(0, 0).data() == "Risk talk"
    # The same filters narrow a search.
    qtbot.keyClicks(find.search, "talk")
    qtbot.waitUntil(lambda: workspace.results_model.rowCount() == 1)
    assert workspace.results_model.index(0, 0).data() == "Risk talk"
    assert journal.count(find.item_filter()) == 1
    assert find.item_filter() == ItemFilter(
        kinds=(ItemKind.ENTRY,),
        capability="9",
        tags=("risk",),
        date_from=datetime(2026, 2, 2).date(),
    )


def test_opening_a_search_result_shows_it_in_the_editor(qtbot, window) -> None:
    journal = window.journal
    first = journal.save(journal.new_item(ItemKind.ENTRY, "Boundaries", body="about boundaries"))
    journal.save(journal.new_item(ItemKind.CPD, "Course", body="a day on boundaries"))
    workspace = window.workspace
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(workspace.find_bar.search, "boundaries")
    qtbot.waitUntil(lambda: workspace.results_model.rowCount() == 2)
    row = next(
        r for r in range(2) if workspace.results_model.index(r, 0).data(ITEM_ID_ROLE) == first.id
    )
    view = workspace.results_view
    rect = view.visualRect(workspace.results_model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert workspace.editor.current_id == first.id
    assert workspace.editor.body.toPlainText() == "about boundaries"


def test_tags_complete_from_tags_in_use(qtbot, window) -> None:
    journal = window.journal
    journal.save(journal.new_item(ItemKind.ENTRY, "Earlier", tags=("handover", "team")))
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    editor.tags.setFocus()
    qtbot.keyClicks(editor.tags, "night, han")
    completer = editor.tags.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.completionModel().index(0, 0).data() == "handover"
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert editor.tags.text() == "night, handover"
    type_text(qtbot, editor.body, "Body")
    window.workspace.flush()
    assert set(journal.get(editor.current_id).tags) == {"night", "handover"}


def test_bring_to_supervision_flag(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    type_text(qtbot, editor.body, "Something to talk through")
    qtbot.mouseClick(editor.bring, Qt.MouseButton.LeftButton)
    window.workspace.flush()
    flagged = window.journal.list(ItemFilter(bring_to_supervision=True))
    assert [summary.id for summary in flagged] == [editor.current_id]


def test_formatting_shortcuts_wrap_the_selection(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    body = window.workspace.editor.body
    type_text(qtbot, body, "calm")
    qtbot.keyClick(body, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(body, Qt.Key.Key_B, CTRL)
    assert body.toPlainText() == "**calm**"
    qtbot.keyClick(body, Qt.Key.Key_End)
    qtbot.keyClick(body, Qt.Key.Key_8, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert body.toPlainText() == "- **calm**"


def test_preview_follows_the_body(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    type_text(qtbot, editor.body, "# Heading\n\nSome *emphasis*")
    qtbot.waitUntil(lambda: "emphasis" in editor.preview.toPlainText())
    assert "#" not in editor.preview.toPlainText()
    assert QApplication.clipboard() is not None
