"""The demo journal: a full, varied, repeatable year that identifies nobody."""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from reflect.core.agenda import build_agenda
from reflect.core.coverage import compute_coverage, default_period
from reflect.core.demo import build_demo_journal
from reflect.core.journal import Journal
from reflect.core.model import ItemFilter, ItemKind
from reflect.core.reminders import due_reminders
from reflect.core.storage.connection import connect
from reflect.core.storage.schema import migrate
from reflect.errors import UserError

TODAY = date(2026, 5, 16)


@pytest.fixture
def demo(journal):
    result = build_demo_journal(journal, TODAY)
    return journal, result


def test_the_demo_fills_every_kind_over_the_review_year(demo):
    journal, result = demo
    counts = {kind: journal.count(ItemFilter(kinds=(kind,))) for kind in ItemKind}
    assert counts == result.counts
    assert counts[ItemKind.ENTRY] >= 20
    assert all(n >= 3 for n in counts.values())
    period = default_period(journal, TODAY)
    assert period == result.period
    assert period.end == result.review_date > TODAY
    dates = [s.date.date() for s in journal.list()]
    assert min(dates) >= period.start
    assert max(dates) <= TODAY
    # Spread through the year, not bunched: something in at least ten months.
    active = [n for _, n in compute_coverage(journal, period).monthly if n]
    assert len(active) >= 10


def test_the_demo_summary_shows_every_status_with_one_or_two_gaps(demo):
    journal, result = demo
    coverage = compute_coverage(journal, result.period)
    statuses = {c.capability.id: c.status for c in coverage.capabilities}
    assert 1 <= len(coverage.gaps) <= 2
    assert set(statuses.values()) == {"gap", "emerging", "established"}
    assert sum(s == "established" for s in statuses.values()) >= 6
    # One capability is emerging on goals and CPD alone, showing that rule.
    assert any(
        c.status == "emerging"
        and c.total >= 3
        and c.counts[ItemKind.ENTRY] + c.counts[ItemKind.SUPERVISION] == 0
        for c in coverage.capabilities
    )


def test_the_demo_gives_the_agenda_and_reminders_something_to_show(demo):
    journal, _ = demo
    agenda = build_agenda(journal, TODAY)
    assert len(agenda.entries) >= 1
    assert any(a.overdue(TODAY) for a in agenda.actions)
    assert len(agenda.goals) >= 1
    assert {r.kind for r in due_reminders(journal, TODAY)} == {"review", "actions_overdue"}
    # Earlier flagged entries were brought to the sessions that followed them.
    notes = journal.list(ItemFilter(kinds=(ItemKind.SUPERVISION,)))
    assert any(journal.get(n.id).supervision.brought_entries for n in notes)


def _fresh_journal(tmp_path, name):
    key = secrets.token_bytes(32)
    path = tmp_path / name / "reflect.db"
    path.parent.mkdir()
    conn = connect(path, key, create=True)
    migrate(conn)
    conn.close()
    return Journal.open(path, key)


def test_the_same_seed_and_day_give_the_same_journal(demo, tmp_path):
    journal, _ = demo
    with _fresh_journal(tmp_path, "again") as again:
        build_demo_journal(again, TODAY)
        first = [(s.kind, s.title, s.date, s.capabilities) for s in journal.list()]
        assert [(s.kind, s.title, s.date, s.capabilities) for s in again.list()] == first


def test_the_demo_never_mixes_with_real_writing(demo):
    journal, _ = demo
    before = journal.count()
    with pytest.raises(UserError):
        build_demo_journal(journal, TODAY)
    assert journal.count() == before


def test_the_demo_text_passes_the_identifiable_information_check(demo):
    privacy = pytest.importorskip("reflect.core.privacy")
    journal, _ = demo
    for summary in journal.list():
        item = journal.get(summary.id)
        texts = [item.title, item.body]
        if item.supervision is not None:
            texts += [item.supervision.supervisor, *(a.text for a in item.supervision.actions)]
        if item.goal is not None:
            texts += [item.goal.what, item.goal.why, item.goal.measure]
        for text in texts:
            assert privacy.scan(text, today=TODAY) == [], (item.title, text)
