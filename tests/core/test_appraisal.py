"""The appraisal summary model: what is chosen, where it is shown, and what is left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from reflect.core.appraisal import build_summary, checklist, first_paragraph
from reflect.core.coverage import Period
from reflect.core.model import GoalStatus, ItemKind, SupervisionKind
from tests.core.test_exporters import (
    DIVERSITY_FIRST,
    HANDOVER_FIRST,
    HANDOVER_LATER,
    PERIOD,
    SUPERVISION_BODY,
    TODAY,
    fill_journal,
    selection,
)


def all_text(summary) -> str:
    return "\n".join(field.text for field in summary.text_fields())


def test_the_summary_has_the_practitioner_period_and_ten_capabilities_in_order(journal):
    fill_journal(journal)
    summary = build_summary(journal, selection(), today=TODAY)
    assert summary.practitioner_name == "Sam Taylor"
    assert summary.practitioner_role == "Community mental health nurse"
    assert summary.period == PERIOD
    assert summary.period_text == "1 July 2025 to 30 June 2026"
    assert summary.generated == TODAY
    assert [row.id for row in summary.coverage] == list(range(1, 11))
    assert [row.name for row in summary.coverage] == [
        c.name for c in journal.framework.capabilities
    ]
    assert [s.coverage.id for s in summary.sections] == list(range(1, 11))
    nine = summary.coverage[8]
    assert nine.total == 4 and nine.status == "established"
    assert nine.counts[ItemKind.SUPERVISION] == 1
    assert summary.coverage[2].status == "gap"
    assert "confidential" in summary.confidentiality


def test_a_reflection_is_shown_once_under_its_first_capability_and_listed_under_the_others(
    journal,
):
    ids = fill_journal(journal)
    summary = build_summary(journal, selection(), today=TODAY)
    sections = {s.coverage.id: s for s in summary.sections}
    assert sections[1].reflection_ids == (ids["handover"],)  # tagged 1.2 and 9
    assert sections[9].reflection_ids == ()
    assert sections[9].also_ids == (ids["handover"],)
    assert sections[2].reflection_ids == (ids["diversity"],)
    assert sections[4].also_ids == (ids["diversity"],)
    assert summary.reflection(ids["handover"]).home == 1
    assert summary.untagged_ids == (ids["untagged"],)


def test_only_the_periods_reflections_outside_the_trash_are_chosen_oldest_first(journal):
    ids = fill_journal(journal)
    summary = build_summary(journal, selection(), today=TODAY)
    assert [r.item_id for r in summary.reflections] == [
        ids["handover"],
        ids["recovery"],
        ids["diversity"],
        ids["untagged"],
    ]


def test_a_capability_or_tag_narrows_the_reflections_but_not_the_coverage(journal):
    ids = fill_journal(journal)
    by_capability = build_summary(journal, selection(capability="9"), today=TODAY)
    assert [r.item_id for r in by_capability.reflections] == [ids["handover"]]
    assert by_capability.reflection(ids["handover"]).home == 9  # shown where it was asked for
    assert by_capability.coverage == build_summary(journal, selection(), today=TODAY).coverage
    by_tag = build_summary(journal, selection(tags=("recovery",)), today=TODAY)
    assert [r.item_id for r in by_tag.reflections] == [ids["recovery"]]


def test_ticked_items_are_exactly_what_is_shown(journal):
    ids = fill_journal(journal)
    chosen = frozenset({ids["diversity"], ids["cpd_reading"]})
    summary = build_summary(journal, selection(item_ids=chosen), today=TODAY)
    assert [r.item_id for r in summary.reflections] == [ids["diversity"]]
    assert [c.item_id for c in summary.cpd] == [ids["cpd_reading"]]
    assert summary.goals == ()


def test_each_reflection_shows_its_full_text_or_first_paragraph_as_chosen(journal):
    ids = fill_journal(journal)
    summary = build_summary(journal, selection(text_choices={ids["handover"]: True}), today=TODAY)
    handover = summary.reflection(ids["handover"])
    assert handover.full and HANDOVER_LATER in handover.text
    recovery = summary.reflection(ids["recovery"])
    assert not recovery.full and recovery.shortened
    assert recovery.text.startswith("We talked about")
    assert "small goal" not in recovery.text
    everything = build_summary(
        journal, selection(full_text=True, text_choices={ids["handover"]: False}), today=TODAY
    )
    assert everything.reflection(ids["recovery"]).full
    short = everything.reflection(ids["handover"])
    assert short.text.startswith(HANDOVER_FIRST) and HANDOVER_LATER not in short.text


def test_a_one_paragraph_reflection_counts_as_shown_in_full(journal):
    ids = fill_journal(journal)
    diversity = build_summary(journal, selection(), today=TODAY).reflection(ids["diversity"])
    assert diversity.text == DIVERSITY_FIRST and diversity.full and not diversity.shortened


def test_supervision_notes_are_left_out_unless_asked_for_and_then_only_dates_and_kinds(journal):
    ids = fill_journal(journal)
    without = build_summary(journal, selection(), today=TODAY)
    assert all(not s.supervision for s in without.sections)
    with_notes = build_summary(journal, selection(include_supervision=True), today=TODAY)
    (mention,) = with_notes.sections[8].supervision
    assert mention.item_id == ids["supervision"]
    assert mention.kind is SupervisionKind.CLINICAL
    assert mention.date == datetime(2026, 1, 5, 14, 0)
    text = all_text(with_notes)
    assert SUPERVISION_BODY not in text and "January supervision" not in text
    assert "Team lead" not in text


def test_goals_come_with_status_and_progress_and_cpd_with_its_hours(journal):
    ids = fill_journal(journal)
    summary = build_summary(journal, selection(), today=TODAY)
    (goal,) = summary.goals
    assert goal.item_id == ids["goal"]
    assert goal.status is GoalStatus.IN_PROGRESS and goal.status_label == "In progress"
    assert goal.target_date == date(2026, 5, 1)
    assert [r.note for r in goal.reviews] == ["Booked on the course."]
    assert [c.item_id for c in summary.cpd] == [ids["cpd_safeguarding"], ids["cpd_reading"]]
    assert summary.cpd_hours == 8.5
    assert summary.cpd_participatory_hours == 6


def test_an_achieved_goal_from_an_earlier_year_is_not_in_this_years_summary(journal):
    ids = fill_journal(journal)
    goal = journal.get(ids["goal"])
    journal.save(
        replace(
            goal,
            date=datetime(2024, 1, 1, 9, 0),
            goal=replace(
                goal.goal, status=GoalStatus.ACHIEVED, target_date=date(2024, 6, 1), reviews=()
            ),
        )
    )
    assert build_summary(journal, selection(), today=TODAY).goals == ()
    # … but an open goal set long ago is still part of this year's story.
    journal.save(replace(journal.get(ids["goal"]), goal=replace(goal.goal, reviews=())))
    assert len(build_summary(journal, selection(), today=TODAY).goals) == 1


def test_the_period_is_inclusive_at_both_ends(journal):
    ids = fill_journal(journal)
    edge = Period(date(2025, 6, 30), date(2025, 9, 3))
    summary = build_summary(journal, selection(period=edge), today=TODAY)
    assert [r.item_id for r in summary.reflections] == [ids["old"], ids["handover"]]


def test_texts_can_be_replaced_by_key_for_redaction(journal):
    ids = fill_journal(journal)
    summary = build_summary(journal, selection(), today=TODAY)
    fields = {f.key: f for f in summary.text_fields()}
    key = f"r{ids['recovery']}.text"
    assert key in fields and fields[key].field == "text"
    changed = summary.with_texts({key: "[redacted: name]", f"g{ids['goal']}.review0": "x"})
    assert changed.reflection(ids["recovery"]).text == "[redacted: name]"
    assert changed.goals[0].reviews[0].note == "x"
    assert summary.reflection(ids["recovery"]).text != "[redacted: name]"  # a copy


def test_the_first_paragraph_skips_headings_and_template_prompts():
    body = (
        "## What happened?\n\n<!-- prompt: Describe it -->\n\n"
        "## Feelings\nI felt tired.\nVery.\n\nMore."
    )
    assert first_paragraph(body) == ("I felt tired.\nVery.", True)
    assert first_paragraph("Only this.") == ("Only this.", False)
    assert first_paragraph("## Heading only\n\n") == ("", False)


def test_the_checklist_offers_every_kind_of_the_period_oldest_first(journal):
    ids = fill_journal(journal)
    items = checklist(journal, PERIOD)
    assert [i.id for i in items] == [
        ids["goal"],
        ids["handover"],
        ids["cpd_safeguarding"],
        ids["recovery"],
        ids["supervision"],
        ids["diversity"],
        ids["untagged"],
        ids["cpd_reading"],
    ]
