"""Coverage: which capabilities a practitioner reflected on in a review period, and how deeply.

This is what the Summary view, ``reflect summary`` and the appraisal exports show. The rules are
DESIGN.md's: both dates of a period are inclusive and counted in the user's local time (item dates
are stored as naive local date-times, ``YYYY-MM-DDTHH:MM:SS``, so a day is a text prefix); tagging
an indicator ``N.k`` tags capability ``N``; an item counts once per capability however many of its
codes it carries; items in the trash never count. A capability is a ``gap`` with no items,
``emerging`` with one or two, and ``established`` with three or more of which at least one is a
journal entry or a supervision note (goals and CPD alone show intent and learning, not reflection,
so they never establish a capability on their own).

Besides coverage proper the module answers two questions a review needs: which agreed actions are
still open (:func:`open_actions`) and which goals fall due (:func:`goals_due`).

Coverage is per framework: the journal's own (the ESC) by default, or any other whose codes items
carry (``compute_coverage(journal, period, "nmc-code")``); the rules are the same for every one, and
codes of one framework never count towards another.

Everything is read with a handful of queries under :meth:`Journal.reading`, never one per item: a
year's summary at 10,000 items has a budget of 30 ms. No Qt here.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from reflect.core.frameworks import Capability, Framework, framework_ids, load_framework
from reflect.core.model import GoalHorizon, GoalStatus, ItemKind
from reflect.errors import UserError
from reflect.i18n import _

if TYPE_CHECKING:
    from reflect.core.journal import Journal

log = logging.getLogger(__name__)

Status = Literal["gap", "emerging", "established"]

#: The journal setting holding the annual review date (ISO ``YYYY-MM-DD``; its month and day
#: repeat every year).
REVIEW_DATE_SETTING = "review_date"
#: The framework the app's Summary and Export show (a nurse may prefer the NMC Code).
FRAMEWORK_SETTING = "summary_framework"

#: Items needed before a capability can be ``established``.
ESTABLISHED_MIN_ITEMS = 3

#: Kinds that are reflection proper: at least one of them is needed to be ``established``.
REFLECTIVE_KINDS = frozenset({ItemKind.ENTRY, ItemKind.SUPERVISION})

#: Goal statuses that still need work.
OPEN_GOAL_STATUSES = (GoalStatus.PLANNED, GoalStatus.IN_PROGRESS)


# --- periods ----------------------------------------------------------------------------------


def _one_year_before(day: date) -> date:
    """The same calendar day a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return date(day.year - 1, 2, 28)


def _in_year(month_day: date, year: int) -> date:
    """``month_day``'s month and day in ``year``; 29 February is 28 February in other years."""
    try:
        return month_day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


@dataclass(frozen=True)
class Period:
    """A span of local dates, both ends inclusive.

    Raises:
        UserError: ``start`` is after ``end``.
    """

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise UserError(
                _("the period starts ({value}) after it ends ({value2})").format(
                    value=self.start.isoformat(), value2=self.end.isoformat()
                )
            )

    @classmethod
    def review_year(cls, review_date: date) -> Period:
        """The twelve months ending on ``review_date``: from the day after it, a year earlier.

        Review on 2026-06-30 gives 2025-07-01..2026-06-30; review on 2028-02-29 gives
        2027-03-01..2028-02-29 (a year before 29 February is taken as 28 February).
        """
        return cls(_one_year_before(review_date) + timedelta(days=1), review_date)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """How many days the period covers, both ends counted."""
        return (self.end - self.start).days + 1

    def months(self) -> tuple[str, ...]:
        """Every month the period touches, as ``"YYYY-MM"``, in order (partial months included)."""
        months: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(months)

    def sql_bounds(self) -> tuple[str, str]:
        """``(low, high)`` such that a stored item date ``d`` is in the period iff ``low <= d <
        high`` (the text comparison the ``items_live_heads`` index serves)."""
        return self.start.isoformat(), (self.end + timedelta(days=1)).isoformat()


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapabilityCoverage:
    """How one capability was reflected on in a period.

    Attributes:
        capability: The capability, from the journal's framework.
        counts: Items of each kind tagged with it (every kind present, zero if none).
        total: Items tagged with it; an item counts once however many of its codes it carries.
        last: The local date of the newest such item.
        indicators_covered: Indicator codes touched, in framework order.
        indicators_total: How many indicators the capability has.
        status: ``gap``, ``emerging`` or ``established`` (see :func:`status_for`).
        item_ids: The items, newest first.
    """

    capability: Capability
    counts: dict[ItemKind, int]
    total: int
    last: date | None
    indicators_covered: tuple[str, ...]
    indicators_total: int
    status: Status
    item_ids: tuple[int, ...]

    @property
    def reflective_count(self) -> int:
        """Items that are reflection proper (journal entries and supervision notes)."""
        return sum(self.counts[kind] for kind in REFLECTIVE_KINDS)


@dataclass(frozen=True)
class Coverage:
    """Coverage of every capability of the framework over a period.

    Attributes:
        period: The dates covered.
        capabilities: One per capability of the framework, in the framework's order.
        monthly: ``("YYYY-MM", n)`` for every month of the period: items of any kind dated in
            that month and in the period, tagged or not.
        framework: The framework the coverage is of.
    """

    period: Period
    capabilities: tuple[CapabilityCoverage, ...]
    monthly: tuple[tuple[str, int], ...]
    framework: Framework

    @property
    def gaps(self) -> tuple[int, ...]:
        """Ids of the capabilities with nothing reflected in the period."""
        return tuple(c.capability.id for c in self.capabilities if c.status == "gap")

    @property
    def total_items(self) -> int:
        """Items of any kind dated in the period (tagged or not)."""
        return sum(n for _, n in self.monthly)

    def of(self, capability_id: int) -> CapabilityCoverage:
        """The coverage of one capability.

        Raises:
            UserError: The framework has no such capability.
        """
        for entry in self.capabilities:
            if entry.capability.id == capability_id:
                return entry
        raise UserError(
            _("there is no capability {capability_id}").format(capability_id=capability_id)
        )


def status_for(total: int, counts: dict[ItemKind, int]) -> Status:
    """DESIGN.md's status rule: nothing is a gap, 1-2 items emerging, 3+ established if at least
    one of them is a journal entry or supervision note (goals and CPD alone stay emerging)."""
    if total == 0:
        return "gap"
    if total >= ESTABLISHED_MIN_ITEMS and any(counts.get(k, 0) for k in REFLECTIVE_KINDS):
        return "established"
    return "emerging"


def compute_coverage(
    journal: Journal, period: Period, framework: Framework | str | None = None
) -> Coverage:
    """Coverage of every capability of ``framework`` over ``period`` (trash excluded).

    Args:
        journal: The open journal.
        period: The dates covered, both inclusive.
        framework: The framework, or its id; ``journal``'s own (the ESC) when not given.

    Raises:
        UnknownFramework: No framework has that id.
    """
    if framework is None:
        framework = journal.framework
    elif isinstance(framework, str):
        framework = load_framework(framework)
    low, high = period.sql_bounds()
    kinds = [kind.value for kind in ItemKind]
    # Codes are read in the framework's own form ("2.1"), whatever prefix the stored form has.
    local_from = 1 if framework.is_default else len(framework.qualify("")) + 1
    with journal.reading() as conn:
        # Three reads, each served by a covering index (an item's row, body and all, is never
        # decrypted): its capabilities by date, its kind by date, and counts per month. Reading
        # the kind in the first query would visit every item's row and cost several times more.
        rows = conn.execute(
            "SELECT c.capability, substr(c.code, ?), i.id, substr(i.date, 1, 10)"
            " FROM items i JOIN item_capabilities c ON c.item_id = i.id"
            # The unary + keeps the planner on the date index, never driving from the codes.
            " WHERE i.deleted IS NULL AND i.date >= ? AND i.date < ? AND +c.framework = ?"
            " ORDER BY i.date DESC, i.id DESC",
            (local_from, low, high, framework.id),
        ).fetchall()
        kind_of = dict(
            conn.execute(
                f"SELECT id, kind FROM items WHERE kind IN ({', '.join('?' for _ in kinds)})"
                " AND date >= ? AND date < ?",
                (*kinds, low, high),
            ).fetchall()
        )
        per_month = dict(
            conn.execute(
                "SELECT substr(date, 1, 7), count(*) FROM items"
                " WHERE deleted IS NULL AND date >= ? AND date < ? GROUP BY 1",
                (low, high),
            ).fetchall()
        )
    return _assemble(framework, period, rows, kind_of, per_month)


def _assemble(
    framework: Framework,
    period: Period,
    rows: list[Any],
    kind_of: dict[int, str],
    per_month: dict[str, int],
) -> Coverage:
    # Per capability: item id -> kind (a dict keeps the query's newest-first order), the newest
    # day, and the indicator codes touched. A plain loop over tuples: this is the hot path.
    items: dict[int, dict[int, str]] = {}
    newest: dict[int, str] = {}
    codes: dict[int, set[str]] = {}
    for capability_id, code, item_id, day in rows:
        seen = items.get(capability_id)
        if seen is None:
            seen = items[capability_id] = {}
            newest[capability_id] = day
            codes[capability_id] = set()
        if item_id not in seen:
            seen[item_id] = kind_of[item_id]
        if "." in code:
            codes[capability_id].add(code)
    kinds_by_value = {kind.value: kind for kind in ItemKind}
    entries: list[CapabilityCoverage] = []
    for capability in framework.capabilities:
        kinds = items.get(capability.id, {})
        counts = dict.fromkeys(ItemKind, 0)
        for value, n in Counter(kinds.values()).items():
            counts[kinds_by_value[value]] = n
        touched = codes.get(capability.id, set())
        last = newest.get(capability.id)
        entries.append(
            CapabilityCoverage(
                capability=capability,
                counts=counts,
                total=len(kinds),
                last=date.fromisoformat(last) if last else None,
                indicators_covered=tuple(
                    i.code for i in capability.indicators if i.code in touched
                ),
                indicators_total=len(capability.indicators),
                status=status_for(len(kinds), counts),
                item_ids=tuple(kinds),
            )
        )
    monthly = tuple((month, int(per_month.get(month, 0))) for month in period.months())
    return Coverage(
        period=period, capabilities=tuple(entries), monthly=monthly, framework=framework
    )


# --- the review date --------------------------------------------------------------------------


def review_date_setting(journal: Journal) -> date | None:
    """The annual review date the user stored, or ``None`` when unset.

    A value that is not an ISO date (written by hand or by a future version) is treated as unset
    rather than breaking every summary; it is logged without its value.
    """
    raw = journal.setting(REVIEW_DATE_SETTING)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        log.warning("ignoring a review_date setting that is not an ISO date")
        return None


def set_review_date(journal: Journal, review_date: date | None) -> None:
    """Store (or with ``None`` clear) the annual review date."""
    journal.set_setting(
        REVIEW_DATE_SETTING, review_date.isoformat() if review_date is not None else None
    )


def preferred_framework_id(journal: Journal) -> str:
    """The framework the user last chose to review against; the journal's own by default.

    A choice of a framework that is no longer installed falls back to the journal's own.
    """
    chosen = journal.setting(FRAMEWORK_SETTING)
    if isinstance(chosen, str) and chosen in framework_ids():
        return chosen
    return journal.framework.id


def set_preferred_framework(journal: Journal, framework_id: str) -> None:
    """Remember ``framework_id`` as the framework to review against.

    Raises:
        UnknownFramework: No framework has that id.
    """
    journal.set_setting(FRAMEWORK_SETTING, load_framework(framework_id).id)


def next_review_date(journal: Journal, today: date) -> date | None:
    """The next annual review on or after ``today`` (the stored month and day, repeating yearly)."""
    stored = review_date_setting(journal)
    if stored is None:
        return None
    candidate = _in_year(stored, today.year)
    if candidate < today:
        candidate = _in_year(stored, today.year + 1)
    return candidate


def days_until_review(journal: Journal, today: date) -> int | None:
    """Days from ``today`` to the next annual review (0 on the day), ``None`` when unset."""
    review = next_review_date(journal, today)
    return (review - today).days if review is not None else None


def default_period(journal: Journal, today: date) -> Period:
    """The review year ending on the next annual review; the twelve months ending ``today`` when
    no review date is set."""
    review = next_review_date(journal, today)
    return Period.review_year(review if review is not None else today)


# --- agreed actions and goals -----------------------------------------------------------------


@dataclass(frozen=True)
class OpenAction:
    """An agreed action not yet done, with the supervision note it was agreed in.

    Attributes:
        note_id: The supervision note's id.
        note_title: Its title.
        note_date: Its local date-time.
        supervisor: Who supervised (a role or name as the user wrote it).
        position: The action's place in the note's list, from 0.
        text: What was agreed.
        due: When it is due, if a date was agreed.
    """

    note_id: int
    note_title: str
    note_date: datetime
    supervisor: str
    position: int
    text: str
    due: date | None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class DueGoal:
    """A development goal with a target date."""

    item_id: int
    title: str
    target_date: date
    status: GoalStatus
    horizon: GoalHorizon

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_GOAL_STATUSES


def open_actions(journal: Journal, period: Period | None = None) -> tuple[OpenAction, ...]:
    """Agreed actions not done, from supervision notes outside the trash; soonest due first, then
    undated ones, oldest note first.

    With ``period``: only actions due in it, plus undated actions from notes dated in it (an
    undated action belongs to the period its note was agreed in).
    """
    sql = (
        "SELECT a.item_id, i.title, i.date, coalesce(s.supervisor, ''), a.position, a.text, a.due"
        " FROM agreed_actions a JOIN items i ON i.id = a.item_id"
        " LEFT JOIN supervision_notes s ON s.item_id = a.item_id"
        " WHERE a.done = 0 AND i.deleted IS NULL"
    )
    params: list[Any] = []
    if period is not None:
        low, high = period.sql_bounds()
        sql += (
            " AND ((a.due IS NOT NULL AND a.due >= ? AND a.due <= ?)"
            " OR (a.due IS NULL AND i.date >= ? AND i.date < ?))"
        )
        params += [period.start.isoformat(), period.end.isoformat(), low, high]
    sql += " ORDER BY a.due IS NULL, a.due, i.date, a.item_id, a.position"
    with journal.reading() as conn:
        rows = conn.execute(sql, params).fetchall()
    return tuple(
        OpenAction(
            note_id=row[0],
            note_title=row[1],
            note_date=datetime.fromisoformat(row[2]),
            supervisor=row[3],
            position=row[4],
            text=row[5],
            due=date.fromisoformat(row[6]) if row[6] else None,
        )
        for row in rows
    )


def goals_due(
    journal: Journal,
    period: Period,
    *,
    statuses: Iterable[GoalStatus] = tuple(GoalStatus),
) -> tuple[DueGoal, ...]:
    """Goals outside the trash whose target date falls in ``period``, soonest first.

    Every status is included by default, so a review can show what was achieved as well as what
    is still open; pass ``statuses=OPEN_GOAL_STATUSES`` for the open ones only.
    """
    wanted = [GoalStatus(s).value for s in statuses]
    if not wanted:
        return ()
    with journal.reading() as conn:
        rows = conn.execute(
            "SELECT i.id, i.title, g.target_date, g.status, g.horizon"
            " FROM goals g JOIN items i ON i.id = g.item_id"
            " WHERE i.deleted IS NULL AND g.target_date IS NOT NULL"
            " AND g.target_date >= ? AND g.target_date <= ?"
            f" AND g.status IN ({', '.join('?' for _ in wanted)})"
            " ORDER BY g.target_date, i.id",
            [period.start.isoformat(), period.end.isoformat(), *wanted],
        ).fetchall()
    return tuple(
        DueGoal(
            item_id=row[0],
            title=row[1],
            target_date=date.fromisoformat(row[2]),
            status=GoalStatus(row[3]),
            horizon=GoalHorizon(row[4]),
        )
        for row in rows
    )


# --- JSON -------------------------------------------------------------------------------------


def coverage_to_dict(coverage: Coverage) -> dict[str, Any]:
    """The ``summary --json`` object of DESIGN.md, plus ``monthly`` and ``framework``.

    ``{"period": {"from", "to"}, "capabilities": [{"id", "slug", "name", "counts": {"entry",
    "supervision", "goal", "cpd"}, "total", "last", "indicators": {"covered", "total"},
    "status"}, …], "gaps": [ids], "monthly": [{"month": "YYYY-MM", "count": n}, …],
    "framework": {"id", "name"}}``. Indicator codes are the framework's own (``"2.1"``).
    """
    return {
        "period": {
            "from": coverage.period.start.isoformat(),
            "to": coverage.period.end.isoformat(),
        },
        "capabilities": [
            {
                "id": c.capability.id,
                "slug": c.capability.slug,
                "name": c.capability.name,
                "counts": {kind.value: c.counts[kind] for kind in ItemKind},
                "total": c.total,
                "last": c.last.isoformat() if c.last is not None else None,
                "indicators": {
                    "covered": list(c.indicators_covered),
                    "total": c.indicators_total,
                },
                "status": c.status,
            }
            for c in coverage.capabilities
        ],
        "gaps": list(coverage.gaps),
        "monthly": [{"month": month, "count": n} for month, n in coverage.monthly],
        "framework": {"id": coverage.framework.id, "name": coverage.framework.name},
    }
