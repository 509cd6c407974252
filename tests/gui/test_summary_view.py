"""The Summary view: follows the journal, acts on gaps, prepares supervision, forgets on lock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from reflect.core.coverage import Period, set_review_date
from reflect.core.model import AgreedAction, Item, ItemKind, SupervisionDetails
from reflect.gui.summary_view import SummaryView

TODAY = date(2026, 5, 16)  # review year with no review date set: 2025-05-17 .. 2026-05-16


@pytest.fixture
def view(qtbot, journal):
    widget = SummaryView(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.set_journal(journal)
    return widget


def save(journal, title, codes, when=datetime(2026, 3, 4, 20, 0), kind=ItemKind.ENTRY, **kw):
    return journal.save(Item(kind=kind, title=title, date=when, capabilities=codes, **kw))


def all_text(widget):
    """Every piece of text a user (or screen reader) could get from the view."""
    texts = [label.text() for label in widget.findChildren(QLabel)]
    for listing in widget.findChildren(QListWidget):
        texts += [listing.item(n).text() for n in range(listing.count())]
    texts += [w.accessibleName() + w.accessibleDescription() for w in widget.findChildren(QLabel)]
    texts += [card.accessibleName() + card.accessibleDescription() for card in widget.grid.cards]
    return "\n".join(texts)


def test_ten_cards_in_framework_order_all_gaps_for_an_empty_journal(view, journal):
    names = [card.accessibleName() for card in view.grid.cards]
    assert len(names) == 10
    assert names[0] == "Working in Partnership: gap, 0 items, 0 of 6 indicators"
    assert names[4] == "Promoting Recovery: gap, 0 items, 0 of 8 indicators"
    assert [card.capability_id for card in view.grid.cards] == list(range(1, 11))


def test_the_view_reflects_a_newly_saved_tagged_entry_after_refresh(view, journal):
    save(journal, "Hope when nothing will change", ("5.2", "5.1"))
    save(journal, "A carers' meeting", ("5",), kind=ItemKind.SUPERVISION)
    view.refresh()
    card = view.card(5)
    assert card.accessibleName() == "Promoting Recovery: emerging, 2 items, 2 of 8 indicators"
    assert "Emerging" in card.badge.text()
    assert card.indicators.text() == "2 of 8 indicators"
    assert card.last.text().replace("\N{NO-BREAK SPACE}", " ") == "Last reflected 4 Mar 2026"
    assert "1 entry" in card.counts.text().replace("\N{NO-BREAK SPACE}", " ")
    assert view.card(1).status == "gap"


def test_a_status_reads_without_colour(view, journal):
    for n in range(3):
        save(journal, f"entry {n}", ("9",))
    save(journal, "one", ("1",))
    view.refresh()
    words = {view.card(9).badge.text(), view.card(1).badge.text(), view.card(4).badge.text()}
    # A different symbol and word per status (and a different border style per status).
    assert len({text.split()[0] for text in words}) == 3
    assert {text.split()[-1] for text in words} == {"Established", "Emerging", "Gap"}
    styles = {view.card(i).styleSheet().split("border: 2px ")[1].split()[0] for i in (9, 1, 4)}
    assert styles == {"solid", "dashed", "dotted"}


def test_clicking_a_gap_shows_prompts_and_writing_emits_the_code(qtbot, view, journal):
    qtbot.mouseClick(view.card(4), Qt.MouseButton.LeftButton)
    detail = view.detail
    assert detail.capability_id == 4
    assert view.card(4).isChecked()
    capability = journal.framework.capability(4)
    assert detail.definition.text() == capability.definition
    for indicator in capability.indicators:
        assert indicator.text in detail.prompts.text()
    with qtbot.waitSignal(view.write_requested, timeout=1000) as signal:
        qtbot.mouseClick(detail.write, Qt.MouseButton.LeftButton)
    assert signal.args == [["4"]]


def test_clicking_a_capability_lists_its_items_and_opens_one(qtbot, view, journal):
    older = save(journal, "Ward round", ("1.4",), when=datetime(2026, 1, 5, 19, 0))
    newer = save(journal, "Carers' meeting", ("1",), when=datetime(2026, 4, 5, 19, 0))
    save(journal, "Elsewhere", ("2",))
    save(journal, "Too old", ("1",), when=datetime(2025, 5, 16, 23, 59))
    view.refresh()
    qtbot.mouseClick(view.card(1), Qt.MouseButton.LeftButton)
    items = view.detail.items
    assert [items.item(n).text().splitlines()[0] for n in range(items.count())] == [
        "Carers' meeting",
        "Ward round",
    ]
    items.setCurrentRow(1)
    with qtbot.waitSignal(view.item_requested, timeout=1000) as signal:
        qtbot.keyClick(items, Qt.Key.Key_Return)
    assert signal.args == [older.id]
    assert newer.id != older.id


def test_cards_are_reachable_and_pressable_from_the_keyboard(qtbot, view):
    card = view.card(7)
    assert card.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert view.detail.capability_id == 7
    qtbot.keyClick(view.card(3), Qt.Key.Key_Space)
    assert view.detail.capability_id == 3


def test_a_custom_period_changes_what_counts(view, journal):
    save(journal, "In March", ("6",), when=datetime(2026, 3, 4, 20, 0))
    view.refresh()
    assert view.card(6).status == "emerging"
    view.show_period(Period(date(2026, 4, 1), date(2026, 4, 30)))
    assert view.coverage.period == Period(date(2026, 4, 1), date(2026, 4, 30))
    assert view.card(6).status == "gap"
    assert [m for m, _ in view.coverage.monthly] == ["2026-04"]
    view.date_from.setDate(view.date_to.date().addDays(1))  # start after end
    assert "after its end" in view.message.text()
    view.show_period(None)
    assert view.card(6).status == "emerging"


def test_the_review_date_sets_the_period_and_the_countdown(view, journal):
    review = TODAY + timedelta(days=30)
    view.review_date.setDate(QDate(review.year, review.month, review.day))
    assert view.coverage.period == Period.review_year(review)
    assert "30 days" in view.period_label.text()
    assert journal.setting("review_date") == review.isoformat()


def test_reminders_show_and_can_be_dismissed(qtbot, view, journal):
    set_review_date(journal, TODAY + timedelta(days=20))
    view.refresh()
    panel = view.reminder_panel
    assert not panel.isHidden()
    assert [r.kind for r in panel.reminders] == ["review"]
    dismiss = next(b for b in panel.findChildren(QPushButton) if b.text() == "Dismiss")
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert panel.isHidden()
    view.refresh()
    assert panel.isHidden()


def test_the_supervision_agenda_lists_flagged_entries_and_open_actions(qtbot, view, journal):
    journal.save(
        Item(
            kind=ItemKind.SUPERVISION,
            title="Supervision",
            date=datetime(2026, 4, 1, 14, 0),
            supervision=SupervisionDetails(
                actions=(
                    AgreedAction("Read the post-incident guidance", due=date(2026, 4, 20)),
                    AgreedAction("Done already", done=True),
                )
            ),
        )
    )
    flagged = save(
        journal, "Restraint debrief", ("3.7",), when=datetime(2026, 4, 20, 21, 0),
        bring_to_supervision=True,
    )  # fmt: skip
    save(journal, "Not flagged", ("3",), when=datetime(2026, 4, 21, 21, 0))
    view.refresh()
    agenda = view.agenda
    entries = [agenda.entries.item(n).text() for n in range(agenda.entries.count())]
    actions = [agenda.actions.item(n).text() for n in range(agenda.actions.count())]
    assert len(entries) == 1
    assert entries[0].startswith("Restraint debrief")
    assert len(actions) == 1
    assert actions[0].startswith("Overdue: Read the post-incident guidance")

    with qtbot.waitSignal(view.item_requested, timeout=1000) as opened:
        qtbot.mouseClick(agenda.start, Qt.MouseButton.LeftButton)
    note = journal.get(opened.args[0])
    assert note.kind is ItemKind.SUPERVISION
    assert note.supervision.brought_entries == (flagged.id,)
    assert "Read the post-incident guidance" in note.body


def test_the_activity_strip_gives_each_months_count_in_words(qtbot, view, journal):
    save(journal, "March", ("1",), when=datetime(2026, 3, 4, 20, 0))
    save(journal, "Also March", (), when=datetime(2026, 3, 30, 20, 0))
    view.refresh()
    strip = view.strip
    described = strip.accessibleDescription()
    assert "March 2026: 2" in described
    assert "May 2025: 0" in described
    assert described.count(":") == 13  # one per month, May 2025 to May 2026


def test_a_locked_view_shows_nothing(qtbot, view, journal):
    save(journal, "A very particular title", ("4.1",))
    view.refresh()
    qtbot.mouseClick(view.card(4), Qt.MouseButton.LeftButton)
    assert "A very particular title" in all_text(view)

    view.set_journal(None)

    assert view.coverage is None
    assert view.pages.currentWidget() is view.locked_label
    text = all_text(view)
    assert "A very particular title" not in text
    assert "Challenging Inequality" not in text
    assert all(card.accessibleName() == "" for card in view.grid.cards)
    assert view.detail.items.count() == 0
    assert view.agenda.entries.count() == 0
    assert view.reminder_panel.isHidden()
    view.refresh()  # still locked: nothing comes back
    assert view.pages.currentWidget() is view.locked_label


def test_reopening_after_a_lock_shows_the_journal_again(view, journal):
    save(journal, "entry", ("2",))
    view.set_journal(None)
    view.set_journal(journal)
    assert view.card(2).status == "emerging"
    assert view.pages.currentWidget() is view.content


def choose_framework(qtbot, view, name):
    """Pick a framework in the switch as a user does: focus it and type its name."""
    combo = view.framework_choice
    combo.setFocus()
    index = combo.findText(name)
    assert index >= 0, f"{name!r} is not offered"
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def test_the_summary_can_show_the_nmc_code_instead(qtbot, view, journal):
    save(journal, "Listening before advising", ("nmc-code:2.1", "nmc-code:1", "6"))
    save(journal, "An ESC-only entry", ("2",))
    view.refresh()
    assert view.framework_choice.isVisibleTo(view)
    assert view.framework_choice.currentText() == journal.framework.short_name

    choose_framework(qtbot, view, "NMC Code")

    nmc = view.coverage.framework
    assert nmc.id == "nmc-code"
    assert [card.capability_id for card in view.grid.cards] == [1, 2, 3, 4]
    assert view.card(2).accessibleName().startswith(f"{nmc.capability(2).name}: emerging, 1 item")
    assert view.card(4).status == "gap"
    # the ESC entry tagged "2" is not NMC theme 2
    qtbot.mouseClick(view.card(2), Qt.MouseButton.LeftButton)
    assert view.detail.items.count() == 1
    assert view.detail.items.item(0).text().startswith("Listening before advising")


def test_writing_about_an_nmc_gap_tags_the_nmc_theme(qtbot, view):
    choose_framework(qtbot, view, "NMC Code")
    qtbot.mouseClick(view.card(3), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.write_requested) as emitted:
        qtbot.mouseClick(view.detail.write, Qt.MouseButton.LeftButton)
    assert emitted.args == [["nmc-code:3"]]


def test_the_framework_choice_is_kept_and_every_card_works_after_switching_back(
    qtbot, view, journal
):
    choose_framework(qtbot, view, "NMC Code")
    view.set_journal(None)
    view.set_journal(journal)  # unlocked again
    assert view.framework_choice.currentText() == "NMC Code"
    assert len(view.grid.cards) == 4

    choose_framework(qtbot, view, journal.framework.short_name)
    assert len(view.grid.cards) == 10
    qtbot.mouseClick(view.card(9), Qt.MouseButton.LeftButton)  # a card made after the switch
    assert view.detail.capability_id == 9
    assert view.detail.heading.text().startswith("9. ")
