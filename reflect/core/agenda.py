"""Preparing for supervision: what to bring, what is still open, which goals are due.

Before a session a practitioner gathers three things (DESIGN.md, "Before supervision"):

- journal entries flagged *bring to supervision* since the last supervision note that have not
  been brought to a session yet;
- agreed actions from any earlier supervision note that are not done;
- development goals still open (planned or in progress) whose target date is within a few days,
  or already past.

:func:`build_agenda` gathers them; :func:`agenda_to_supervision_note` turns an agenda into the draft
of the next supervision note, with the entries linked as brought to it and the open actions
carried into its body. The draft is not saved here: the caller saves it with
:meth:`Journal.save`, so a front end can show it for editing first. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from reflect.core.coverage import OPEN_GOAL_STATUSES, DueGoal, OpenAction, Period, goals_due
from reflect.core.coverage import open_actions as _open_actions
from reflect.core.model import (
    Item,
    ItemFilter,
    ItemKind,
    ItemSummary,
    SupervisionDetails,
    SupervisionKind,
)
from reflect.core.serialize import long_date

if TYPE_CHECKING:
    from reflect.core.journal import Journal

#: How far ahead "goals due soon" looks, in days.
GOALS_DUE_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Agenda:
    """What to take to the next supervision session.

    Attributes:
        today: The day it was prepared for.
        last_note_id: The most recent supervision note up to ``today``, if any.
        since: That note's date-time: flagged entries are gathered from after it.
        entries: Flagged entries not yet brought to any session, oldest first.
        actions: Open agreed actions from every supervision note, soonest due first.
        goals: Open goals with a target date on or before ``today`` + the look-ahead, soonest
            first (overdue ones included).
    """

    today: date
    last_note_id: int | None
    since: datetime | None
    entries: tuple[ItemSummary, ...]
    actions: tuple[OpenAction, ...]
    goals: tuple[DueGoal, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.entries or self.actions or self.goals)


def build_agenda(
    journal: Journal, today: date, *, goals_within_days: int = GOALS_DUE_WITHIN_DAYS
) -> Agenda:
    """The supervision agenda as of ``today`` (trash excluded throughout)."""
    end_of_today = (today + timedelta(days=1)).isoformat()
    with journal.reading() as conn:
        last = conn.execute(
            "SELECT id, date FROM items WHERE kind = 'supervision' AND deleted IS NULL"
            " AND date < ? ORDER BY date DESC, id DESC LIMIT 1",
            (end_of_today,),
        ).fetchone()
        since = datetime.fromisoformat(last[1]) if last is not None else None
        params: list[str] = []
        sql = (
            "SELECT i.id FROM items i WHERE i.kind = 'entry' AND i.deleted IS NULL"
            " AND i.bring_to_supervision = 1 AND i.date < ?"
            " AND NOT EXISTS (SELECT 1 FROM item_links l JOIN items n ON n.id = l.from_id"
            " WHERE l.to_id = i.id AND l.relation = 'brought' AND n.deleted IS NULL)"
        )
        params.append(end_of_today)
        if last is not None:
            sql += " AND i.date > ?"
            params.append(last[1])
        wanted = [row[0] for row in conn.execute(sql + " ORDER BY i.date, i.id", params)]
    flagged = ItemFilter(kinds=(ItemKind.ENTRY,), bring_to_supervision=True) if wanted else None
    by_id = {s.id: s for s in journal.list(flagged)} if flagged is not None else {}
    entries = tuple(by_id[i] for i in wanted if i in by_id)
    horizon = today + timedelta(days=max(goals_within_days, 0))
    goals = goals_due(journal, Period(date.min, horizon), statuses=OPEN_GOAL_STATUSES)
    return Agenda(
        today=today,
        last_note_id=last[0] if last is not None else None,
        since=since,
        entries=entries,
        actions=_open_actions(journal),
        goals=goals,
    )


def agenda_to_supervision_note(
    agenda: Agenda,
    *,
    when: datetime | None = None,
    supervisor: str = "",
    kind: SupervisionKind = SupervisionKind.CLINICAL,
    title: str | None = None,
) -> Item:
    """The draft of the next supervision note, unsaved: save it with :meth:`Journal.save`.

    The flagged entries become its ``brought_entries``; the open actions and due goals are listed
    in its Markdown body (carried, not copied as new actions, so an action is never counted
    twice), followed by empty headings for the discussion and what is agreed this time.
    """
    when = when or datetime.combine(agenda.today, datetime.min.time()).replace(hour=9)
    lines: list[str] = []
    if agenda.entries:
        lines += ["## Brought to supervision", ""]
        lines += [f"- {e.title} ({long_date(e.date.date())})" for e in agenda.entries]
        lines.append("")
    if agenda.actions:
        lines += ["## Open actions carried forward", ""]
        for action in agenda.actions:
            due = f", due {long_date(action.due)}" if action.due else ""
            overdue = " **overdue**" if action.overdue(agenda.today) else ""
            agreed = long_date(action.note_date.date())
            lines.append(f"- [ ] {action.text} (agreed {agreed}{due}){overdue}")
        lines.append("")
    if agenda.goals:
        lines += ["## Goals due soon", ""]
        for goal in agenda.goals:
            status = goal.status.value.replace("_", " ")
            lines.append(f"- {goal.title}: target {long_date(goal.target_date)} ({status})")
        lines.append("")
    lines += ["## Discussion", "", "", "## Agreed actions", ""]
    return Item(
        kind=ItemKind.SUPERVISION,
        title=title or f"Supervision, {long_date(when.date())}",
        date=when.replace(microsecond=0),
        body="\n".join(lines),
        supervision=SupervisionDetails(
            supervisor=supervisor,
            kind=kind,
            brought_entries=tuple(e.id for e in agenda.entries),
        ),
    )
