"""Reminders: the annual review is coming and there are gaps; agreed actions are overdue.

Pure functions of the journal and ``today``: the app decides when to ask (on unlock, once a day)
and how to show them (a banner, a desktop notification where there is one). The user can switch
reminders off altogether (journal setting ``reminders_enabled``, on by default) or dismiss one;
a dismissed reminder stays quiet until its content changes, because its :attr:`Reminder.key`
is built from what it is about (the review date and stage, the set of overdue actions).

Messages name capabilities and counts only, never the text of an entry or action, so they are
safe to hand to the desktop's notification service.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from reflect.core.coverage import compute_coverage, default_period, next_review_date, open_actions
from reflect.core.serialize import long_date

if TYPE_CHECKING:
    from reflect.core.journal import Journal

ENABLED_SETTING = "reminders_enabled"
DISMISSED_SETTING = "reminders_dismissed"

#: Days before the annual review at which a reminder about gaps appears; the nearer one replaces
#: the farther one (60 days out, then again at 14).
REVIEW_STAGES = (60, 14)

#: Dismissed keys kept; older ones are forgotten (their reminders are long past anyway).
_DISMISSED_KEPT = 200

ReminderKind = Literal["review", "actions_overdue"]


@dataclass(frozen=True)
class Reminder:
    """Something the practitioner may want to act on.

    Attributes:
        key: Stable while the reminder's content is unchanged; used to dismiss it.
        kind: ``"review"`` (annual review approaching with gaps) or ``"actions_overdue"``.
        title: A short headline, for a notification.
        message: One or two sentences saying what and when.
        due: The review date, or the earliest overdue action's due date.
        capability_ids: The capabilities that are gaps (review reminders).
        item_ids: The supervision notes holding the overdue actions (action reminders).
    """

    key: str
    kind: ReminderKind
    title: str
    message: str
    due: date | None
    capability_ids: tuple[int, ...] = ()
    item_ids: tuple[int, ...] = ()


def reminders_enabled(journal: Journal) -> bool:
    return bool(journal.setting(ENABLED_SETTING, True))


def set_reminders_enabled(journal: Journal, enabled: bool) -> None:
    journal.set_setting(ENABLED_SETTING, bool(enabled))


def dismissed_keys(journal: Journal) -> tuple[str, ...]:
    raw = journal.setting(DISMISSED_SETTING, [])
    return tuple(str(k) for k in raw) if isinstance(raw, list) else ()


def dismiss_reminder(journal: Journal, key: str) -> None:
    """Keep ``key``'s reminder quiet until its content changes."""
    keys = [k for k in dismissed_keys(journal) if k != key] + [key]
    journal.set_setting(DISMISSED_SETTING, keys[-_DISMISSED_KEPT:])


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def review_reminder(journal: Journal, today: date) -> Reminder | None:
    """The annual review is 60 (then 14) days away or less and the review year has gaps."""
    review = next_review_date(journal, today)
    if review is None:
        return None
    days = (review - today).days
    stages = [stage for stage in REVIEW_STAGES if days <= stage]
    if not stages:
        return None
    stage = min(stages)
    coverage = compute_coverage(journal, default_period(journal, today))
    gaps = coverage.gaps
    if not gaps:
        return None
    names = ", ".join(journal.framework.capability(i).name for i in gaps)
    when = "today" if days == 0 else f"in {_plural(days, 'day')}"
    return Reminder(
        key=f"review:{review.isoformat()}:{stage}",
        kind="review",
        title=f"Annual review {when}",
        message=(
            f"Your annual review is {when} ({long_date(review)}). "
            f"{_plural(len(gaps), 'capability', 'capabilities')} "
            f"{'has' if len(gaps) == 1 else 'have'} no reflection this review year: {names}."
        ),
        due=review,
        capability_ids=gaps,
    )


def overdue_actions_reminder(journal: Journal, today: date) -> Reminder | None:
    """Agreed actions whose due date has passed and that are not marked done."""
    overdue = [a for a in open_actions(journal) if a.overdue(today)]
    if not overdue:
        return None
    identity = ";".join(f"{a.note_id}/{a.position}/{a.due}/{a.text}" for a in overdue)
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    first_due = min(a.due for a in overdue if a.due is not None)
    count = len(overdue)
    return Reminder(
        key=f"actions:{digest}",
        kind="actions_overdue",
        title=f"{_plural(count, 'agreed action')} overdue",
        message=(
            f"{_plural(count, 'action')} agreed in supervision {'is' if count == 1 else 'are'} "
            f"past {'its' if count == 1 else 'their'} due date (the earliest was due "
            f"{long_date(first_due)})."
        ),
        due=first_due,
        item_ids=tuple(dict.fromkeys(a.note_id for a in overdue)),
    )


def due_reminders(
    journal: Journal, today: date, *, include_dismissed: bool = False
) -> tuple[Reminder, ...]:
    """Every reminder due ``today``; none at all when the user switched reminders off."""
    if not reminders_enabled(journal):
        return ()
    found = [
        r
        for r in (review_reminder(journal, today), overdue_actions_reminder(journal, today))
        if r is not None
    ]
    if not include_dismissed:
        quiet = set(dismissed_keys(journal))
        found = [r for r in found if r.key not in quiet]
    return tuple(found)
