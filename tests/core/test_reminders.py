"""Reminders: when they appear, that they can be dismissed or switched off, and what they say."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from reflect.core.coverage import set_review_date
from reflect.core.model import AgreedAction, Item, ItemKind, SupervisionDetails
from reflect.core.reminders import (
    dismiss_reminder,
    due_reminders,
    reminders_enabled,
    set_reminders_enabled,
)

REVIEW = date(2026, 6, 30)


def tag_all_but(journal, *missing):
    for capability in journal.framework.capabilities:
        if capability.id not in missing:
            journal.save(
                Item(
                    kind=ItemKind.ENTRY,
                    title="an entry",
                    date=datetime(2026, 1, 10, 20, 0),
                    capabilities=(capability.code,),
                )
            )


def supervision(journal, *actions):
    return journal.save(
        Item(
            kind=ItemKind.SUPERVISION,
            title="Supervision",
            date=datetime(2026, 3, 1, 14, 0),
            supervision=SupervisionDetails(actions=tuple(actions)),
        )
    )


def review_reminders(journal, today):
    return [r for r in due_reminders(journal, today) if r.kind == "review"]


@pytest.mark.parametrize(
    ("days_before", "stage"),
    [(61, None), (60, 60), (15, 60), (14, 14), (1, 14), (0, 14)],
)
def test_the_review_reminder_appears_60_then_14_days_before_when_there_are_gaps(
    journal, days_before, stage
):
    set_review_date(journal, REVIEW)
    tag_all_but(journal, 4, 8)
    found = review_reminders(journal, REVIEW - timedelta(days=days_before))
    if stage is None:
        assert found == []
        return
    (reminder,) = found
    assert reminder.key == f"review:2026-06-30:{stage}"
    assert reminder.capability_ids == (4, 8)
    assert reminder.due == REVIEW
    assert "Challenging Inequality" in reminder.message
    assert "Making a Difference" in reminder.message
    assert ("today" in reminder.title) == (days_before == 0)


def test_no_review_reminder_without_gaps_or_without_a_review_date(journal):
    tag_all_but(journal, 4)
    assert review_reminders(journal, REVIEW - timedelta(days=10)) == []  # no date set
    set_review_date(journal, REVIEW)
    assert len(review_reminders(journal, REVIEW - timedelta(days=10))) == 1
    journal.save(
        Item(
            kind=ItemKind.CPD,
            title="a study day",
            date=datetime(2026, 2, 1, 9, 0),
            capabilities=("4.1",),
        )
    )
    assert review_reminders(journal, REVIEW - timedelta(days=10)) == []


def test_the_day_after_the_review_the_next_one_is_a_year_away(journal):
    set_review_date(journal, REVIEW)
    assert review_reminders(journal, REVIEW + timedelta(days=1)) == []


def test_overdue_agreed_actions_are_reminded_without_quoting_them(journal):
    note = supervision(
        journal,
        AgreedAction("talk to the ward manager about rotas", due=date(2026, 4, 1)),
        AgreedAction("due today", due=date(2026, 4, 10)),
        AgreedAction("done", due=date(2026, 3, 15), done=True),
        AgreedAction("no date"),
    )
    (reminder,) = due_reminders(journal, date(2026, 4, 10))
    assert reminder.kind == "actions_overdue"
    assert reminder.item_ids == (note.id,)
    assert reminder.due == date(2026, 4, 1)
    assert reminder.title == "1 agreed action overdue"
    # Safe for a desktop notification: counts and dates, not what the user wrote.
    assert "rotas" not in reminder.message + reminder.title
    later = due_reminders(journal, date(2026, 4, 11))
    assert later[0].title == "2 agreed actions overdue"


def test_reminders_can_be_switched_off_and_on_again(journal):
    set_review_date(journal, REVIEW)
    supervision(journal, AgreedAction("x", due=date(2026, 4, 1)))
    today = REVIEW - timedelta(days=10)
    assert reminders_enabled(journal)
    assert {r.kind for r in due_reminders(journal, today)} == {"review", "actions_overdue"}
    set_reminders_enabled(journal, False)
    assert not reminders_enabled(journal)
    assert due_reminders(journal, today) == ()
    set_reminders_enabled(journal, True)
    assert len(due_reminders(journal, today)) == 2


def test_a_dismissed_reminder_stays_quiet_until_its_content_changes(journal):
    set_review_date(journal, REVIEW)
    supervision(journal, AgreedAction("first", due=date(2026, 4, 1)))
    today = REVIEW - timedelta(days=30)
    review, actions = sorted(due_reminders(journal, today), key=lambda r: r.kind)[::-1]
    assert review.kind == "review"
    dismiss_reminder(journal, review.key)
    dismiss_reminder(journal, actions.key)
    assert due_reminders(journal, today) == ()
    assert len(due_reminders(journal, today, include_dismissed=True)) == 2
    # The 14-day stage is a new reminder; so is a further overdue action.
    assert [r.key for r in due_reminders(journal, REVIEW - timedelta(days=14))] == [
        "review:2026-06-30:14"
    ]
    supervision(journal, AgreedAction("second", due=date(2026, 4, 2)))
    assert [r.kind for r in due_reminders(journal, today)] == ["actions_overdue"]
