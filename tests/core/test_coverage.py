"""Coverage: DESIGN.md's rules for what counts, where the period ends and what each status means."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from reflect.core.coverage import (
    FRAMEWORK_SETTING,
    Period,
    compute_coverage,
    coverage_to_dict,
    days_until_review,
    default_period,
    goals_due,
    next_review_date,
    open_actions,
    preferred_framework_id,
    set_preferred_framework,
    set_review_date,
    status_for,
)
from reflect.core.frameworks import UnknownFramework
from reflect.core.model import (
    AgreedAction,
    GoalDetails,
    GoalStatus,
    Item,
    ItemKind,
    SupervisionDetails,
)
from reflect.errors import UserError

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))


def add(journal, when, codes=(), kind=ItemKind.ENTRY, title="an item", **fields):
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime.combine(when, datetime.min.time()).replace(hour=12)
    return journal.save(
        Item(kind=kind, title=title, date=when, capabilities=tuple(codes), **fields)
    )


def cap(journal, period, capability_id):
    return compute_coverage(journal, period).of(capability_id)


# --- status rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "status"),
    [
        ((), "gap"),
        ((ItemKind.ENTRY,), "emerging"),
        ((ItemKind.GOAL,), "emerging"),
        ((ItemKind.ENTRY, ItemKind.SUPERVISION), "emerging"),
        ((ItemKind.ENTRY, ItemKind.ENTRY, ItemKind.ENTRY), "established"),
        ((ItemKind.GOAL, ItemKind.CPD, ItemKind.SUPERVISION), "established"),
        ((ItemKind.CPD, ItemKind.CPD, ItemKind.ENTRY), "established"),
        ((ItemKind.GOAL, ItemKind.GOAL, ItemKind.GOAL), "emerging"),
        ((ItemKind.GOAL, ItemKind.CPD, ItemKind.CPD, ItemKind.GOAL, ItemKind.CPD), "emerging"),
    ],
)
def test_status_follows_the_design_rules(journal, kinds, status):
    for n, kind in enumerate(kinds):
        add(journal, date(2026, 1, 10 + n), ["5"], kind=kind)
    entry = cap(journal, JANUARY, 5)
    assert entry.status == status
    assert entry.total == len(kinds)
    assert sum(entry.counts.values()) == len(kinds)
    assert set(entry.counts) == set(ItemKind)


def test_status_for_is_the_same_rule_without_a_journal():
    assert status_for(0, {}) == "gap"
    assert status_for(3, {ItemKind.GOAL: 2, ItemKind.CPD: 1}) == "emerging"
    assert status_for(3, {ItemKind.GOAL: 2, ItemKind.SUPERVISION: 1}) == "established"


# --- what counts, and how often ----------------------------------------------------------------


def test_an_indicator_counts_its_capability_once_even_with_the_capability_tagged(journal):
    add(journal, date(2026, 1, 5), ["9", "9.3", "9.10", "9.2"])
    entry = cap(journal, JANUARY, 9)
    assert entry.total == 1
    assert entry.counts[ItemKind.ENTRY] == 1
    assert entry.status == "emerging"
    # Framework order, not text order ("9.10" sorts before "9.2" as text).
    assert entry.indicators_covered == ("9.2", "9.3", "9.10")
    assert entry.indicators_total == 11


def test_an_indicator_alone_counts_for_its_capability(journal):
    add(journal, date(2026, 1, 5), ["4.2"])
    entry = cap(journal, JANUARY, 4)
    assert (entry.total, entry.status, entry.indicators_covered) == (1, "emerging", ("4.2",))


def test_one_item_counts_once_for_each_of_its_capabilities(journal):
    item = add(journal, date(2026, 1, 5), ["1.2", "9"])
    coverage = compute_coverage(journal, JANUARY)
    assert coverage.of(1).item_ids == (item.id,)
    assert coverage.of(9).item_ids == (item.id,)
    assert coverage.of(9).indicators_covered == ()  # tagging "9" touches no indicator
    assert [c.total for c in coverage.capabilities] == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0]


def test_counts_per_kind_last_date_and_items_newest_first(journal):
    old = add(journal, date(2026, 1, 3), ["3"])
    cpd = add(journal, date(2026, 1, 20), ["3.1"], kind=ItemKind.CPD)
    note = add(journal, date(2026, 1, 11), ["3"], kind=ItemKind.SUPERVISION)
    entry = cap(journal, JANUARY, 3)
    assert entry.counts == {
        ItemKind.ENTRY: 1,
        ItemKind.SUPERVISION: 1,
        ItemKind.GOAL: 0,
        ItemKind.CPD: 1,
    }
    assert entry.last == date(2026, 1, 20)
    assert entry.item_ids == (cpd.id, note.id, old.id)
    assert entry.status == "established"


def test_untagged_items_count_in_the_months_but_for_no_capability(journal):
    add(journal, date(2026, 1, 5))
    coverage = compute_coverage(journal, JANUARY)
    assert coverage.monthly == (("2026-01", 1),)
    assert coverage.gaps == tuple(range(1, 11))


# --- period boundaries and time zones ---------------------------------------------------------


def test_both_ends_of_the_period_are_inclusive_to_the_minute(journal):
    inside = [
        add(journal, datetime(2026, 1, 1, 0, 0), ["2"], title="first minute"),
        add(journal, datetime(2026, 1, 31, 23, 59), ["2"], title="last minute"),
        add(journal, datetime(2026, 1, 31, 23, 59, 59), ["2"], title="last second"),
    ]
    add(journal, datetime(2025, 12, 31, 23, 59), ["2"], title="a minute before")
    add(journal, datetime(2026, 2, 1, 0, 0), ["2"], title="a minute after")
    entry = cap(journal, JANUARY, 2)
    assert set(entry.item_ids) == {i.id for i in inside}
    assert entry.last == date(2026, 1, 31)
    assert compute_coverage(journal, JANUARY).monthly == (("2026-01", 3),)


def test_a_one_day_period_holds_that_whole_local_day(journal):
    add(journal, datetime(2026, 3, 4, 23, 30), ["7"])
    assert cap(journal, Period(date(2026, 3, 4), date(2026, 3, 4)), 7).total == 1
    assert cap(journal, Period(date(2026, 3, 5), date(2026, 3, 5)), 7).total == 0
    assert cap(journal, Period(date(2026, 3, 3), date(2026, 3, 3)), 7).total == 0


@pytest.fixture
def far_time_zone(monkeypatch):
    """The process in UTC+14, so any UTC conversion would move 23:30 to another day."""
    if not hasattr(time, "tzset"):
        pytest.skip("time zones cannot be switched on this platform")
    monkeypatch.setenv("TZ", "Etc/GMT-14")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_dates_are_the_users_local_wall_clock_whatever_the_time_zone(journal, far_time_zone):
    # A date-time given with an offset keeps its wall-clock time (the model stores local time).
    add(journal, datetime(2026, 3, 4, 23, 30, tzinfo=timezone(timedelta(hours=-8))), ["7"])
    add(journal, datetime(2026, 3, 5, 0, 30), ["7"])
    one_day = Period(date(2026, 3, 4), date(2026, 3, 4))
    entry = cap(journal, one_day, 7)
    assert entry.total == 1
    assert entry.last == date(2026, 3, 4)


# --- trash --------------------------------------------------------------------------------------


def test_items_in_the_trash_do_not_count_until_restored(journal):
    kept = add(journal, date(2026, 1, 5), ["6"])
    binned = add(journal, date(2026, 1, 25), ["6"])
    journal.trash(binned.id)
    coverage = compute_coverage(journal, JANUARY)
    assert coverage.of(6).item_ids == (kept.id,)
    assert coverage.of(6).last == date(2026, 1, 5)
    assert coverage.monthly == (("2026-01", 1),)
    journal.restore(binned.id)
    assert cap(journal, JANUARY, 6).total == 2


# --- months -----------------------------------------------------------------------------------


def test_monthly_lists_every_month_of_the_period_including_empty_ones(journal):
    add(journal, date(2025, 7, 20), ["1"])
    add(journal, date(2025, 7, 21), kind=ItemKind.GOAL)
    add(journal, date(2026, 7, 14), ["1"], kind=ItemKind.CPD)
    add(journal, date(2026, 7, 15), ["1"])  # after the period
    period = Period(date(2025, 7, 15), date(2026, 7, 14))
    monthly = compute_coverage(journal, period).monthly
    assert [m for m, _ in monthly] == [
        "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12",
        "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07",
    ]  # fmt: skip
    assert dict(monthly)["2025-07"] == 2
    assert dict(monthly)["2026-07"] == 1
    assert sum(n for _, n in monthly) == 3


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review", "start"),
    [
        (date(2026, 6, 30), date(2025, 7, 1)),
        (date(2026, 1, 1), date(2025, 1, 2)),
        (date(2026, 12, 31), date(2026, 1, 1)),
        (date(2028, 2, 29), date(2027, 3, 1)),
        (date(2027, 2, 28), date(2026, 3, 1)),
        (date(2025, 3, 1), date(2024, 3, 2)),
    ],
)
def test_a_review_year_is_the_twelve_months_ending_on_the_review_date(review, start):
    period = Period.review_year(review)
    assert (period.start, period.end) == (start, review)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(UserError):
        Period(date(2026, 2, 1), date(2026, 1, 31))


def test_without_a_review_date_the_period_is_the_twelve_months_ending_today(journal):
    period = default_period(journal, date(2026, 5, 16))
    assert (period.start, period.end) == (date(2025, 5, 17), date(2026, 5, 16))
    assert next_review_date(journal, date(2026, 5, 16)) is None
    assert days_until_review(journal, date(2026, 5, 16)) is None


@pytest.mark.parametrize(
    ("stored", "today", "end"),
    [
        ("2026-06-30", date(2026, 5, 16), date(2026, 6, 30)),
        ("2026-06-30", date(2026, 6, 30), date(2026, 6, 30)),
        ("2026-06-30", date(2026, 7, 1), date(2027, 6, 30)),
        ("2019-06-30", date(2026, 5, 16), date(2026, 6, 30)),  # the month and day repeat
        ("2024-02-29", date(2027, 1, 10), date(2027, 2, 28)),
        ("2024-02-29", date(2027, 12, 1), date(2028, 2, 29)),
    ],
)
def test_the_default_period_ends_on_the_next_annual_review(journal, stored, today, end):
    journal.set_setting("review_date", stored)
    period = default_period(journal, today)
    assert period == Period.review_year(end)
    assert days_until_review(journal, today) == (end - today).days


def test_a_broken_review_date_setting_falls_back_to_today(journal):
    journal.set_setting("review_date", "next spring")
    assert default_period(journal, date(2026, 5, 16)).end == date(2026, 5, 16)


def test_set_review_date_round_trips_and_clears(journal):
    set_review_date(journal, date(2026, 9, 1))
    assert next_review_date(journal, date(2026, 5, 16)) == date(2026, 9, 1)
    set_review_date(journal, None)
    assert next_review_date(journal, date(2026, 5, 16)) is None


# --- JSON ---------------------------------------------------------------------------------------


def test_json_has_exactly_the_ten_capabilities_in_order_and_the_design_shape(journal):
    add(journal, date(2026, 1, 2), ["9.3", "1"])
    add(journal, date(2026, 1, 3), ["9"], kind=ItemKind.SUPERVISION)
    add(journal, date(2026, 1, 4), ["9.1"], kind=ItemKind.GOAL)
    data = coverage_to_dict(compute_coverage(journal, JANUARY))
    assert data["period"] == {"from": "2026-01-01", "to": "2026-01-31"}
    assert [c["id"] for c in data["capabilities"]] == list(range(1, 11))
    assert [c["slug"] for c in data["capabilities"]][:3] == ["partnership", "diversity", "ethics"]
    nine = data["capabilities"][8]
    assert set(nine) >= {"id", "slug", "name", "counts", "total", "last", "indicators", "status"}
    assert nine["counts"] == {"entry": 1, "supervision": 1, "goal": 1, "cpd": 0}
    assert nine["total"] == 3
    assert nine["last"] == "2026-01-04"
    assert nine["indicators"] == {"covered": ["9.1", "9.3"], "total": 11}
    assert nine["status"] == "established"
    assert data["capabilities"][1]["last"] is None
    assert data["capabilities"][1]["status"] == "gap"
    assert data["gaps"] == [2, 3, 4, 5, 6, 7, 8, 10]
    assert data["monthly"] == [{"month": "2026-01", "count": 3}]


# --- open actions and goals due ------------------------------------------------------------------


def note(journal, when, *actions, title="supervision"):
    return add(
        journal,
        when,
        kind=ItemKind.SUPERVISION,
        title=title,
        supervision=SupervisionDetails(supervisor="Clinical lead", actions=tuple(actions)),
    )


def test_open_actions_are_the_undone_ones_soonest_due_first(journal):
    first = note(
        journal,
        date(2026, 1, 5),
        AgreedAction("read the policy", due=date(2026, 2, 20)),
        AgreedAction("already done", due=date(2026, 1, 10), done=True),
        AgreedAction("no date agreed"),
    )
    note(journal, date(2026, 1, 19), AgreedAction("book training", due=date(2026, 2, 1)))
    binned = note(journal, date(2026, 1, 20), AgreedAction("in the trash", due=date(2026, 1, 25)))
    journal.trash(binned.id)
    actions = open_actions(journal)
    assert [a.text for a in actions] == ["book training", "read the policy", "no date agreed"]
    assert actions[1].note_id == first.id
    assert actions[1].supervisor == "Clinical lead"
    assert actions[1].overdue(date(2026, 2, 21))
    assert not actions[1].overdue(date(2026, 2, 20))
    assert not actions[2].overdue(date(2030, 1, 1))


def test_open_actions_in_a_period_are_those_due_in_it_or_undated_from_notes_in_it(journal):
    note(
        journal,
        date(2025, 12, 20),
        AgreedAction("due in January", due=date(2026, 1, 31)),
        AgreedAction("due in March", due=date(2026, 3, 1)),
        AgreedAction("undated from December"),
    )
    note(journal, date(2026, 1, 8), AgreedAction("undated from January"))
    texts = [a.text for a in open_actions(journal, JANUARY)]
    assert texts == ["due in January", "undated from January"]


def test_goals_due_in_a_period_with_their_status(journal):
    def goal(title, target, status):
        return add(
            journal,
            date(2025, 9, 1),
            kind=ItemKind.GOAL,
            title=title,
            goal=GoalDetails(target_date=target, status=status),
        )

    goal("achieved", date(2026, 1, 10), GoalStatus.ACHIEVED)
    goal("planned", date(2026, 1, 31), GoalStatus.PLANNED)
    goal("later", date(2026, 2, 1), GoalStatus.PLANNED)
    goal("no target", None, GoalStatus.PLANNED)
    assert [g.title for g in goals_due(journal, JANUARY)] == ["achieved", "planned"]
    open_only = goals_due(journal, JANUARY, statuses=(GoalStatus.PLANNED, GoalStatus.IN_PROGRESS))
    assert [(g.title, g.is_open) for g in open_only] == [("planned", True)]


def test_the_summary_core_and_its_command_never_load_qt():
    code = (
        "import sys\n"
        "import reflect.core.coverage, reflect.core.agenda, reflect.core.reminders\n"
        "import reflect.core.demo, reflect.cli.summary\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_the_framework_to_review_against_is_remembered_in_the_journal(journal):
    assert preferred_framework_id(journal) == journal.framework.id
    set_preferred_framework(journal, "nmc-code")
    assert preferred_framework_id(journal) == "nmc-code"
    with pytest.raises(UnknownFramework):
        set_preferred_framework(journal, "no-such-framework")
    assert preferred_framework_id(journal) == "nmc-code"  # a refused choice changes nothing
    # a choice of a framework that is no longer installed falls back to the journal's own
    journal.set_setting(FRAMEWORK_SETTING, "retired-framework")
    assert preferred_framework_id(journal) == journal.framework.id
