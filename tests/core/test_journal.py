"""The journal service: what a practitioner writes is kept, found, versioned and recoverable."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date, datetime

import pytest

from reflect.core.frameworks import UnknownCapability
from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    GoalHorizon,
    GoalStatus,
    ItemFilter,
    ItemKind,
    ProgressReview,
    SupervisionDetails,
    SupervisionKind,
)
from reflect.errors import NotFound, UserError


def entry(journal, title="Night shift", body="", when=datetime(2026, 3, 4, 21, 30), **kw):
    return journal.save(journal.new_item(ItemKind.ENTRY, title, body=body, date=when, **kw))


def test_an_entry_round_trips_with_capabilities_and_tags(journal):
    saved = entry(
        journal,
        body="Talked with the family about **leave**.",
        capabilities=("9.3", "1", "9.3"),
        tags=("#Risk", "carers", "risk"),
        bring_to_supervision=True,
    )
    loaded = journal.get(saved.id)
    assert loaded.title == "Night shift"
    assert loaded.body == "Talked with the family about **leave**."
    assert loaded.date == datetime(2026, 3, 4, 21, 30)
    assert loaded.capabilities == ("1", "9.3")
    assert loaded.capability_ids == (1, 9)
    assert set(loaded.tags) == {"Risk", "carers"}
    assert loaded.bring_to_supervision is True
    assert loaded.created is not None and loaded.updated is not None


def test_unknown_capabilities_are_refused_with_a_clear_error(journal):
    with pytest.raises(UnknownCapability):
        entry(journal, capabilities=("11",))
    with pytest.raises(UnknownCapability):
        entry(journal, capabilities=("9.99",))
    assert journal.count() == 0


def test_a_supervision_note_keeps_its_actions_and_the_entries_brought(journal):
    brought = entry(journal, "Brought along")
    note = journal.new_item(
        ItemKind.SUPERVISION,
        "Clinical supervision",
        supervision=SupervisionDetails(
            supervisor="Team lead",
            kind=SupervisionKind.GROUP,
            duration_minutes=60,
            actions=(
                AgreedAction("Read the observation policy", due=date(2026, 4, 1)),
                AgreedAction("Book the safeguarding course", done=True),
            ),
            brought_entries=(brought.id,),
        ),
    )
    loaded = journal.get(journal.save(note).id)
    s = loaded.supervision
    assert s.supervisor == "Team lead" and s.kind is SupervisionKind.GROUP
    assert s.duration_minutes == 60
    assert [a.text for a in s.actions] == [
        "Read the observation policy",
        "Book the safeguarding course",
    ]
    assert s.actions[0].due == date(2026, 4, 1) and s.actions[1].done
    assert s.brought_entries == (brought.id,)


def test_only_journal_entries_can_be_brought_to_supervision(journal):
    goal = journal.save(journal.new_item(ItemKind.GOAL, "A goal"))
    note = journal.new_item(
        ItemKind.SUPERVISION, "S", supervision=SupervisionDetails(brought_entries=(goal.id,))
    )
    with pytest.raises(UserError):
        journal.save(note)
    with pytest.raises(UserError):
        journal.save(
            journal.new_item(
                ItemKind.SUPERVISION, "S", supervision=SupervisionDetails(brought_entries=(999,))
            )
        )


def test_a_goal_keeps_its_plan_reviews_and_evidence(journal):
    evidence = entry(journal, "Evidence")
    goal = journal.new_item(
        ItemKind.GOAL,
        "Lead a reflective practice group",
        goal=GoalDetails(
            what="Co-facilitate monthly groups",
            why="To grow as a supervisor",
            measure="Feedback from three groups",
            target_date=date(2026, 12, 1),
            horizon=GoalHorizon.LONG,
            status=GoalStatus.IN_PROGRESS,
            reviews=(ProgressReview(date(2026, 6, 1), "Two groups so far"),),
            evidence=(evidence.id,),
        ),
    )
    g = journal.get(journal.save(goal).id).goal
    assert (g.what, g.why, g.measure) == (
        "Co-facilitate monthly groups",
        "To grow as a supervisor",
        "Feedback from three groups",
    )
    assert g.target_date == date(2026, 12, 1)
    assert g.horizon is GoalHorizon.LONG and g.status is GoalStatus.IN_PROGRESS
    assert g.reviews == (ProgressReview(date(2026, 6, 1), "Two groups so far"),)
    assert g.evidence == (evidence.id,)


def test_a_cpd_activity_keeps_hours_and_learning(journal):
    cpd = journal.new_item(
        ItemKind.CPD,
        "Trauma-informed care study day",
        cpd=CpdDetails(hours=6.5, participatory=True, learnt="Grounding techniques"),
    )
    c = journal.get(journal.save(cpd).id).cpd
    assert c == CpdDetails(hours=6.5, participatory=True, learnt="Grounding techniques")


def test_details_of_another_kind_are_refused(journal):
    with pytest.raises(UserError):
        journal.save(journal.new_item(ItemKind.ENTRY, "x", cpd=CpdDetails(hours=1)))


def test_every_edit_keeps_the_previous_version_and_can_be_reverted(journal, clock):
    first = entry(journal, body="First draft")
    clock.advance(hours=1)
    second = journal.save(replace(first, body="Second draft", tags=("late",)))
    clock.advance(hours=1)
    journal.save(replace(second, body="Third draft"))
    revisions = journal.revisions(first.id)
    assert [r.item.body for r in revisions] == ["Second draft", "First draft"]
    assert revisions[0].item.tags == ("late",)
    clock.advance(hours=1)
    reverted = journal.revert(first.id, revisions[1].id)
    assert reverted.body == "First draft" and reverted.tags == ()
    assert journal.revisions(first.id)[0].item.body == "Third draft"


def test_restoring_soon_after_an_edit_still_keeps_the_version_it_replaces(journal, clock):
    item = entry(journal, body="Original")
    clock.advance(hours=1)
    item = journal.save(replace(item, body="Edited"))
    clock.advance(seconds=30)
    original = journal.revisions(item.id)[0]
    journal.revert(item.id, original.id)
    assert "Edited" in [r.item.body for r in journal.revisions(item.id)]


def test_autosave_bursts_share_one_revision_but_keep_the_version_before_the_burst(journal, clock):
    item = entry(journal, body="Before")
    for n in range(5):
        clock.advance(seconds=20)
        item = journal.save(replace(item, body=f"Typing {n}"))
    assert [r.item.body for r in journal.revisions(item.id)] == ["Before"]


def test_saving_without_changes_keeps_no_revision(journal, clock):
    item = entry(journal, body="Same")
    clock.advance(hours=2)
    journal.save(item)
    assert journal.revisions(item.id) == []


def test_trash_hides_an_item_everywhere_until_restored(journal):
    item = entry(journal, body="A reflection about handover", tags=("handover",))
    journal.trash(item.id)
    assert journal.list() == []
    assert journal.search("handover") == []
    assert journal.tags() == []
    assert [s.id for s in journal.list(ItemFilter(trash=True))] == [item.id]
    assert journal.get(item.id).in_trash
    journal.restore(item.id)
    assert [s.id for s in journal.list()] == [item.id]
    assert journal.search("handover")[0].item.id == item.id


def test_purge_needs_the_trash_first_and_then_removes_for_good(journal):
    item = entry(journal)
    with pytest.raises(UserError):
        journal.purge(item.id)
    journal.trash(item.id)
    journal.purge(item.id)
    with pytest.raises(NotFound):
        journal.get(item.id)


def test_list_is_newest_first_and_filters_combine(journal):
    a = entry(journal, "A", when=datetime(2026, 1, 10, 8), capabilities=("9.3",), tags=("risk",))
    b = entry(journal, "B", when=datetime(2026, 2, 10, 8), capabilities=("9",), tags=("Risk",))
    c = entry(journal, "C", when=datetime(2026, 3, 10, 8), capabilities=("1",))
    goal = journal.save(journal.new_item(ItemKind.GOAL, "G", date=datetime(2026, 4, 1)))
    assert [s.id for s in journal.list()] == [goal.id, c.id, b.id, a.id]
    assert [s.id for s in journal.list(ItemFilter(capability="9"))] == [b.id, a.id]
    assert [s.id for s in journal.list(ItemFilter(capability="9.3"))] == [a.id]
    assert [s.id for s in journal.list(ItemFilter(tags=("RISK",)))] == [b.id, a.id]
    assert [s.id for s in journal.list(ItemFilter(kinds=(ItemKind.GOAL,)))] == [goal.id]
    in_range = ItemFilter(date_from=date(2026, 2, 10), date_to=date(2026, 3, 10))
    assert [s.id for s in journal.list(in_range)] == [c.id, b.id]
    both = ItemFilter(capability="9", date_from=date(2026, 2, 1))
    assert [s.id for s in journal.list(both)] == [b.id]
    assert journal.count(ItemFilter(capability="safety-risk")) == 2
    assert [s.id for s in journal.list(limit=2, offset=1)] == [c.id, b.id]


def test_search_finds_words_prefixes_phrases_and_excludes(journal):
    de = entry(
        journal, "De-escalation on the ward", body="Used calm de-escalation with a carer present."
    )
    plan = entry(journal, "Care planning", body="Wrote the care plan together; hope for recovery.")
    entry(journal, "Training", body="Supervision skills course.", tags=("learning",))
    assert [h.item.id for h in journal.search("carer")] == [de.id]
    assert {h.item.id for h in journal.search("car*")} == {de.id, plan.id}
    assert [h.item.id for h in journal.search('"care plan"')] == [plan.id]
    assert [h.item.id for h in journal.search("care* -carer")] == [plan.id]
    assert journal.search("learning")[0].item.title == "Training"
    hit = journal.search("recovery")[0]
    assert "[recovery]" in hit.snippet
    prefixed = {h.item.id: h.snippet for h in journal.search("plan* OR de-escal*")}
    assert set(prefixed) == {de.id, plan.id}
    assert "[plan" in prefixed[plan.id] and "[De-escalation]" in prefixed[de.id]


def test_a_title_match_ranks_above_a_body_mention(journal):
    entry(journal, "Handover notes", body="Mentioned recovery once in passing, among other things.")
    titled = entry(journal, "Recovery college visit", body="A visit.")
    assert journal.search("recovery")[0].item.id == titled.id


@pytest.mark.parametrize("query", ['"', "AND", "(", "*", "NEAR(", 'a" OR "b', "-", "col:umn"])
def test_odd_queries_never_break_search(journal, query):
    entry(journal, body="something")
    with contextlib.suppress(UserError):  # a clear "no words" error is fine; a crash is not
        journal.search(query)


def test_search_respects_the_filters(journal):
    a = entry(journal, "Risk one", capabilities=("9",), when=datetime(2026, 1, 1))
    entry(journal, "Risk two", capabilities=("1",), when=datetime(2026, 2, 1))
    assert [h.item.id for h in journal.search("risk", ItemFilter(capability="9"))] == [a.id]


def test_tags_are_listed_with_counts(journal):
    entry(journal, tags=("risk", "carers"))
    entry(journal, tags=("Risk",))
    assert journal.tags() == [("carers", 1), ("risk", 2)]


def test_a_transaction_is_all_or_nothing(journal):
    with pytest.raises(UnknownCapability), journal.transaction():
        entry(journal, "kept?")
        entry(journal, "bad", capabilities=("42",))
    assert journal.count() == 0


def test_settings_live_in_the_vault(journal):
    assert journal.setting("review_date") is None
    journal.set_setting("review_date", "2026-06-30")
    journal.set_setting("review_date", "2026-07-31")
    assert journal.setting("review_date") == "2026-07-31"


def test_a_closed_journal_is_locked(journal):
    from reflect.errors import LockedError

    journal.close()
    with pytest.raises(LockedError):
        journal.list()
