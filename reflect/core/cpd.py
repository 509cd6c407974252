"""The CPD log: hours of continuing professional development in the current revalidation cycle.

NMC revalidation asks for 35 hours of CPD over the three years before the revalidation date, 20 of
them participatory (learning with other people). CPD activities are items of kind ``cpd`` with
:class:`~reflect.core.model.CpdDetails`; this module adds up the ones in the cycle so the summary
view and the appraisal export can show how far along the practitioner is.

The cycle is the three years ending on the user's revalidation date (journal setting
``revalidation_date``, an ISO date), both ends inclusive, in local dates. Once that date has
passed, the next cycle (three years later) is the current one, so the view keeps working after a
revalidation until the user sets the new date. With no date set, the view is the three years ending
today and says so (``date_set`` is False). Items in the trash never count.

This module never imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reflect.core.frameworks import parse_any_codes
from reflect.core.model import ItemFilter, ItemKind
from reflect.core.search import filter_sql
from reflect.errors import UserError

if TYPE_CHECKING:
    from reflect.core.journal import Journal

#: The journal setting holding the revalidation date (``"YYYY-MM-DD"``).
REVALIDATION_SETTING = "revalidation_date"
#: The NMC's expectation over one three-year cycle.
REQUIRED_HOURS = 35.0
REQUIRED_PARTICIPATORY_HOURS = 20.0
CYCLE_YEARS = 3


@dataclass(frozen=True)
class CpdRecord:
    """One CPD activity as the log shows it."""

    id: int
    date: datetime
    title: str
    hours: float
    participatory: bool
    capabilities: tuple[str, ...] = ()


@dataclass(frozen=True)
class CpdProgress:
    """Hours in one revalidation cycle against the NMC expectation.

    Attributes:
        start: The cycle's first day (inclusive).
        end: The revalidation date, the cycle's last day (inclusive).
        hours: All CPD hours logged in the cycle.
        participatory_hours: The part of ``hours`` spent learning with others.
        required: Hours expected over the cycle (35).
        required_participatory: Participatory hours expected (20).
        activities: The activities counted, oldest first.
        date_set: False when no revalidation date is set and the cycle is the three years to today.
    """

    start: date
    end: date
    hours: float
    participatory_hours: float
    required: float = REQUIRED_HOURS
    required_participatory: float = REQUIRED_PARTICIPATORY_HOURS
    activities: tuple[CpdRecord, ...] = ()
    date_set: bool = True

    @property
    def individual_hours(self) -> float:
        """Hours of learning done alone (reading, e-learning …)."""
        return round(self.hours - self.participatory_hours, 2)

    @property
    def remaining(self) -> float:
        """Hours still needed in total (0 once met)."""
        return round(max(0.0, self.required - self.hours), 2)

    @property
    def remaining_participatory(self) -> float:
        """Participatory hours still needed (0 once met)."""
        return round(max(0.0, self.required_participatory - self.participatory_hours), 2)

    @property
    def met(self) -> bool:
        """Whether both the total and the participatory expectation are met."""
        return self.remaining == 0 and self.remaining_participatory == 0


def cycle_for(revalidation: date, today: date) -> tuple[date, date]:
    """The current cycle ``(start, end)`` for a revalidation date, rolled on past dates gone by.

    ``end`` is ``revalidation`` itself while it is today or later; otherwise the first date three,
    six … years on that is. ``start`` is the day after the same date three years earlier.
    """
    end = revalidation
    while end < today:
        end = _years_later(end, CYCLE_YEARS)
    return _years_later(end, -CYCLE_YEARS) + timedelta(days=1), end


def revalidation_date(journal: Journal) -> date | None:
    """The revalidation date the user set, or None (also for an unreadable stored value)."""
    raw = journal.setting(REVALIDATION_SETTING)
    if not isinstance(raw, str):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def set_revalidation_date(journal: Journal, when: date | str | None) -> None:
    """Set (or with None, clear) the revalidation date, stored as an ISO date in the vault.

    Raises:
        UserError: ``when`` is text that is not an ISO date.
    """
    day: date | None
    if isinstance(when, str):
        try:
            day = date.fromisoformat(when.strip())
        except ValueError:
            raise UserError(f'"{when.strip()}" is not a date such as 2027-03-31') from None
    else:
        day = when
    journal.set_setting(REVALIDATION_SETTING, day.isoformat() if day is not None else None)


def cpd_progress(journal: Journal, today: date, *, end: date | None = None) -> CpdProgress:
    """CPD hours in the current revalidation cycle (or the cycle ending on ``end``).

    Args:
        journal: An open :class:`~reflect.core.journal.Journal`.
        today: The user's local date, which decides which cycle is current.
        end: Look at the cycle ending on this date instead (e.g. the one just finished).
    """
    set_date = revalidation_date(journal)
    date_set = end is not None or set_date is not None
    if end is not None:
        start, end = _years_later(end, -CYCLE_YEARS) + timedelta(days=1), end
    elif set_date is not None:
        start, end = cycle_for(set_date, today)
    else:
        start, end = _years_later(today, -CYCLE_YEARS) + timedelta(days=1), today
    activities = _activities(journal, start, end)
    hours = round(sum(a.hours for a in activities), 2)
    participatory = round(sum(a.hours for a in activities if a.participatory), 2)
    return CpdProgress(
        start=start,
        end=end,
        hours=hours,
        participatory_hours=participatory,
        activities=activities,
        date_set=date_set,
    )


def cpd_progress_to_dict(progress: CpdProgress) -> dict[str, Any]:
    """The JSON shape for ``summary --json`` and exports (dates ISO, hours as numbers)."""
    return {
        "cycle": {"from": progress.start.isoformat(), "to": progress.end.isoformat()},
        "date_set": progress.date_set,
        "hours": progress.hours,
        "participatory_hours": progress.participatory_hours,
        "individual_hours": progress.individual_hours,
        "required": progress.required,
        "required_participatory": progress.required_participatory,
        "remaining": progress.remaining,
        "remaining_participatory": progress.remaining_participatory,
        "met": progress.met,
        "activities": [
            {
                "id": a.id,
                "date": a.date.isoformat(),
                "title": a.title,
                "hours": a.hours,
                "participatory": a.participatory,
                "capabilities": list(a.capabilities),
            }
            for a in progress.activities
        ],
    }


def _activities(journal: Journal, start: date, end: date) -> tuple[CpdRecord, ...]:
    """The CPD items dated in ``[start, end]``, outside the trash, oldest first."""
    where, params = filter_sql(
        ItemFilter(kinds=(ItemKind.CPD,), date_from=start, date_to=end), alias="i"
    )
    sql = (
        "SELECT i.id, i.date, i.title, coalesce(c.hours, 0), coalesce(c.participatory, 0),"
        " (SELECT group_concat(code, ',') FROM item_capabilities WHERE item_id = i.id)"
        f" FROM items i LEFT JOIN cpd_activities c ON c.item_id = i.id WHERE {where}"
        " ORDER BY i.date, i.id"
    )
    with journal.reading() as conn:
        rows = conn.execute(sql, params).fetchall()
    framework = journal.framework
    return tuple(
        CpdRecord(
            id=row[0],
            date=datetime.fromisoformat(row[1]),
            title=row[2],
            hours=float(row[3]),
            participatory=bool(row[4]),
            capabilities=parse_any_codes([row[5]], framework) if row[5] else (),
        )
        for row in rows
    )


def _years_later(day: date, years: int) -> date:
    """The same calendar day ``years`` on (or back); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
