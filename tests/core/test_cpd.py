"""The CPD log: hours in the revalidation cycle against the NMC's 35 (20 participatory)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reflect.core.cpd import (
    REVALIDATION_SETTING,
    cpd_progress,
    cpd_progress_to_dict,
    cycle_for,
    revalidation_date,
    set_revalidation_date,
)
from reflect.core.model import CpdDetails, Item, ItemKind
from reflect.errors import UserError


def _cpd(journal, when, hours, participatory=False, title="Course", capabilities=()):
    return journal.save(
        Item(
            kind=ItemKind.CPD,
            title=title,
            date=when
            if isinstance(when, datetime)
            else datetime.combine(when, datetime.min.time()),
            capabilities=capabilities,
            cpd=CpdDetails(hours=hours, participatory=participatory),
        )
    )


def test_the_cycle_is_the_three_years_ending_on_the_revalidation_date_inclusive():
    assert cycle_for(date(2027, 3, 31), date(2026, 1, 1)) == (date(2024, 4, 1), date(2027, 3, 31))
    # On the revalidation day itself that cycle is still the current one.
    assert cycle_for(date(2027, 3, 31), date(2027, 3, 31))[1] == date(2027, 3, 31)


def test_after_the_date_passes_the_next_cycle_is_current():
    assert cycle_for(date(2026, 3, 31), date(2026, 4, 1)) == (date(2026, 4, 1), date(2029, 3, 31))
    assert cycle_for(date(2020, 6, 30), date(2026, 7, 1))[1] == date(2029, 6, 30)


def test_a_leap_day_revalidation_date_gives_a_whole_cycle():
    start, end = cycle_for(date(2028, 2, 29), date(2027, 1, 1))
    assert (start, end) == (date(2025, 3, 1), date(2028, 2, 29))


def test_hours_are_summed_with_the_participatory_split(journal):
    set_revalidation_date(journal, date(2027, 3, 31))
    _cpd(journal, date(2025, 5, 1), 7.5, participatory=True, title="Study day")
    _cpd(journal, date(2025, 6, 1), 2.25, title="Reading")
    _cpd(journal, date(2026, 1, 10), 3, participatory=True, title="Workshop")
    progress = cpd_progress(journal, today=date(2026, 3, 1))
    assert (progress.start, progress.end) == (date(2024, 4, 1), date(2027, 3, 31))
    assert progress.hours == 12.75
    assert progress.participatory_hours == 10.5
    assert progress.individual_hours == 2.25
    assert (progress.required, progress.required_participatory) == (35, 20)
    assert progress.remaining == 22.25
    assert progress.remaining_participatory == 9.5
    assert not progress.met
    assert [a.title for a in progress.activities] == ["Study day", "Reading", "Workshop"]
    assert progress.date_set


def test_both_ends_of_the_cycle_count_and_nothing_outside(journal):
    set_revalidation_date(journal, "2027-03-31")
    _cpd(journal, datetime(2024, 3, 31, 23, 59), 100, title="day before the cycle")
    _cpd(journal, datetime(2024, 4, 1, 0, 0), 1, title="first day")
    _cpd(journal, datetime(2027, 3, 31, 23, 59), 2, title="last day")
    _cpd(journal, datetime(2027, 4, 1, 0, 0), 100, title="day after")
    progress = cpd_progress(journal, today=date(2026, 1, 1))
    assert [a.title for a in progress.activities] == ["first day", "last day"]
    assert progress.hours == 3


def test_trash_and_other_kinds_do_not_count(journal):
    set_revalidation_date(journal, date(2027, 3, 31))
    kept = _cpd(journal, date(2025, 1, 1), 4, participatory=True)
    binned = _cpd(journal, date(2025, 1, 2), 10, participatory=True)
    journal.trash(binned.id)
    journal.save(Item(kind=ItemKind.ENTRY, title="Reflection", date=datetime(2025, 1, 3)))
    progress = cpd_progress(journal, today=date(2026, 1, 1))
    assert [a.id for a in progress.activities] == [kept.id]
    assert (progress.hours, progress.participatory_hours) == (4, 4)
    journal.restore(binned.id)
    assert cpd_progress(journal, today=date(2026, 1, 1)).hours == 14


def test_meeting_the_expectation(journal):
    set_revalidation_date(journal, date(2027, 3, 31))
    _cpd(journal, date(2025, 1, 1), 20, participatory=True)
    _cpd(journal, date(2025, 2, 1), 14.5)
    assert not cpd_progress(journal, date(2026, 1, 1)).met
    _cpd(journal, date(2025, 3, 1), 0.5)
    progress = cpd_progress(journal, date(2026, 1, 1))
    assert progress.met and progress.remaining == 0 and progress.remaining_participatory == 0


def test_participatory_short_fall_is_not_met_even_with_enough_hours(journal):
    set_revalidation_date(journal, date(2027, 3, 31))
    _cpd(journal, date(2025, 1, 1), 19, participatory=True)
    _cpd(journal, date(2025, 2, 1), 30)
    progress = cpd_progress(journal, date(2026, 1, 1))
    assert progress.remaining == 0
    assert progress.remaining_participatory == 1
    assert not progress.met


def test_without_a_date_the_view_is_the_three_years_to_today_and_says_so(journal):
    assert revalidation_date(journal) is None
    _cpd(journal, date(2023, 3, 1), 5, title="too old")
    _cpd(journal, date(2023, 3, 2), 1, title="in")
    progress = cpd_progress(journal, today=date(2026, 3, 1))
    assert (progress.start, progress.end) == (date(2023, 3, 2), date(2026, 3, 1))
    assert not progress.date_set
    assert [a.title for a in progress.activities] == ["in"]


def test_an_explicit_end_looks_at_that_cycle(journal):
    set_revalidation_date(journal, date(2027, 3, 31))
    _cpd(journal, date(2023, 5, 1), 6)
    progress = cpd_progress(journal, today=date(2026, 1, 1), end=date(2024, 3, 31))
    assert (progress.start, progress.end, progress.hours) == (
        date(2021, 4, 1),
        date(2024, 3, 31),
        6,
    )


def test_the_revalidation_date_is_kept_in_the_vault_and_checked(journal):
    set_revalidation_date(journal, "2027-03-31")
    assert journal.setting(REVALIDATION_SETTING) == "2027-03-31"
    assert revalidation_date(journal) == date(2027, 3, 31)
    with pytest.raises(UserError, match="not a date"):
        set_revalidation_date(journal, "31/03/2027")
    assert revalidation_date(journal) == date(2027, 3, 31)
    set_revalidation_date(journal, None)
    assert revalidation_date(journal) is None
    journal.set_setting(REVALIDATION_SETTING, "garbage")
    assert revalidation_date(journal) is None


def test_json_shape_for_the_summary(journal):
    set_revalidation_date(journal, date(2027, 3, 31))
    saved = _cpd(journal, datetime(2025, 5, 1, 9, 30), 3.5, True, "Study day", ("10", "8.2"))
    data = cpd_progress_to_dict(cpd_progress(journal, date(2026, 1, 1)))
    assert data["cycle"] == {"from": "2024-04-01", "to": "2027-03-31"}
    assert data["hours"] == 3.5 and data["participatory_hours"] == 3.5
    assert data["required"] == 35 and data["required_participatory"] == 20
    assert data["remaining"] == 31.5 and data["met"] is False
    assert data["activities"] == [
        {
            "id": saved.id,
            "date": "2025-05-01T09:30:00",
            "title": "Study day",
            "hours": 3.5,
            "participatory": True,
            "capabilities": ["8.2", "10"],
        }
    ]
