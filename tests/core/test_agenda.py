"""Preparing for supervision: what the agenda gathers, and the draft note it becomes."""

from __future__ import annotations

from datetime import date, datetime

from reflect.core.agenda import agenda_to_supervision_note, build_agenda
from reflect.core.model import (
    AgreedAction,
    GoalDetails,
    GoalStatus,
    Item,
    ItemKind,
    SupervisionDetails,
    SupervisionKind,
)

TODAY = date(2026, 5, 16)


def entry(journal, when, title, *, flagged=True):
    return journal.save(
        Item(kind=ItemKind.ENTRY, title=title, date=when, bring_to_supervision=flagged)
    )


def note(journal, when, *actions, brought=()):
    return journal.save(
        Item(
            kind=ItemKind.SUPERVISION,
            title="Supervision",
            date=when,
            supervision=SupervisionDetails(
                supervisor="Clinical lead", actions=tuple(actions), brought_entries=brought
            ),
        )
    )


def goal(journal, title, target, status=GoalStatus.IN_PROGRESS):
    return journal.save(
        Item(
            kind=ItemKind.GOAL,
            title=title,
            date=datetime(2025, 9, 1, 12, 0),
            goal=GoalDetails(target_date=target, status=status),
        )
    )


def test_flagged_entries_since_the_last_supervision_note(journal):
    entry(journal, datetime(2026, 4, 1, 20, 0), "before the last note")
    note(journal, datetime(2026, 4, 10, 14, 0))
    after = entry(journal, datetime(2026, 4, 20, 21, 0), "after the last note")
    later = entry(journal, datetime(2026, 5, 16, 23, 59), "late today")
    entry(journal, datetime(2026, 4, 21, 21, 0), "not flagged", flagged=False)
    binned = entry(journal, datetime(2026, 4, 22, 21, 0), "in the trash")
    journal.trash(binned.id)
    entry(journal, datetime(2026, 5, 17, 9, 0), "tomorrow")
    agenda = build_agenda(journal, TODAY)
    assert [e.id for e in agenda.entries] == [after.id, later.id]
    assert agenda.since == datetime(2026, 4, 10, 14, 0)


def test_with_no_supervision_note_yet_every_flagged_entry_counts(journal):
    first = entry(journal, datetime(2025, 11, 1, 20, 0), "long ago")
    agenda = build_agenda(journal, TODAY)
    assert [e.id for e in agenda.entries] == [first.id]
    assert agenda.since is None
    assert agenda.last_note_id is None


def test_an_entry_already_brought_to_a_session_is_not_brought_again(journal):
    brought = entry(journal, datetime(2026, 4, 20, 21, 0), "already discussed")
    waiting = entry(journal, datetime(2026, 4, 21, 21, 0), "still to discuss")
    # A note dated before both (e.g. written up late) that links one of them.
    note(journal, datetime(2026, 4, 19, 14, 0), brought=(brought.id,))
    assert [e.id for e in build_agenda(journal, TODAY).entries] == [waiting.id]


def test_a_future_supervision_note_does_not_hide_todays_entries(journal):
    flagged = entry(journal, datetime(2026, 5, 10, 20, 0), "this week")
    note(journal, datetime(2026, 5, 20, 14, 0))  # booked ahead
    assert [e.id for e in build_agenda(journal, TODAY).entries] == [flagged.id]


def test_open_actions_come_from_every_supervision_note(journal):
    note(
        journal,
        datetime(2026, 1, 10, 14, 0),
        AgreedAction("read the policy", due=date(2026, 2, 1)),
        AgreedAction("done already", done=True),
    )
    note(journal, datetime(2026, 4, 10, 14, 0), AgreedAction("book training"))
    agenda = build_agenda(journal, TODAY)
    assert [a.text for a in agenda.actions] == ["read the policy", "book training"]
    assert agenda.actions[0].overdue(TODAY)


def test_goals_due_soon_include_overdue_open_ones_only(journal):
    goal(journal, "overdue", date(2026, 5, 1))
    goal(journal, "in a fortnight", date(2026, 5, 30), GoalStatus.PLANNED)
    goal(journal, "on the last day", date(2026, 6, 15))
    goal(journal, "too far off", date(2026, 6, 16))
    goal(journal, "achieved", date(2026, 5, 20), GoalStatus.ACHIEVED)
    goal(journal, "dropped", date(2026, 5, 20), GoalStatus.DROPPED)
    goal(journal, "no target", None)
    titles = [g.title for g in build_agenda(journal, TODAY).goals]
    assert titles == ["overdue", "in a fortnight", "on the last day"]
    assert [g.title for g in build_agenda(journal, TODAY, goals_within_days=7).goals] == ["overdue"]


def test_the_agenda_becomes_the_next_supervision_note_with_the_entries_linked(journal):
    note(journal, datetime(2026, 4, 1, 14, 0), AgreedAction("draft my reflective account"))
    one = entry(journal, datetime(2026, 4, 20, 21, 0), "A restraint debrief")
    two = entry(journal, datetime(2026, 5, 2, 21, 0), "A crisis call")
    goal(journal, "Co-facilitate a carers' session", date(2026, 6, 1), GoalStatus.PLANNED)
    agenda = build_agenda(journal, TODAY)

    draft = agenda_to_supervision_note(
        agenda,
        when=datetime(2026, 5, 18, 10, 0),
        supervisor="Clinical lead",
        kind=SupervisionKind.CLINICAL,
    )
    saved = journal.save(draft)

    assert saved.kind is ItemKind.SUPERVISION
    assert saved.date == datetime(2026, 5, 18, 10, 0)
    assert saved.supervision.brought_entries == (one.id, two.id)
    assert saved.supervision.supervisor == "Clinical lead"
    assert "draft my reflective account" in saved.body
    assert "A restraint debrief" in saved.body
    assert "Co-facilitate a carers' session" in saved.body
    # The actions are carried in the body, not copied: each is still open exactly once.
    assert saved.supervision.actions == ()
    after = build_agenda(journal, date(2026, 5, 18))
    assert [a.text for a in after.actions] == ["draft my reflective account"]
    assert after.entries == ()
    assert after.last_note_id == saved.id


def test_an_empty_agenda_still_makes_a_usable_draft(journal):
    agenda = build_agenda(journal, TODAY)
    assert agenda.is_empty
    draft = journal.save(agenda_to_supervision_note(agenda))
    assert draft.date == datetime(2026, 5, 16, 9, 0)
    assert draft.supervision.brought_entries == ()
    assert "## Discussion" in draft.body
