"""Items tagged against two frameworks: stored, read back, filtered, counted and exported per
framework, with the ESC's behaviour unchanged, and older vaults migrated with their tags kept."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from reflect.core.appraisal import Selection, build_summary
from reflect.core.coverage import Period, compute_coverage, coverage_to_dict
from reflect.core.frameworks import UnknownCapability, load_framework
from reflect.core.journal import Journal
from reflect.core.model import CpdDetails, Item, ItemFilter, ItemKind
from reflect.core.storage.connection import connect
from reflect.core.storage.schema import (
    KNOWN,
    MIGRATION_SET,
    MIGRATIONS,
    applied_migrations,
    migrate,
)

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))


def add(journal, day, codes=(), kind=ItemKind.ENTRY, title="an item", body="", **fields):
    when = datetime(2026, 1, day, 12, 0)
    return journal.save(
        Item(kind=kind, title=title, date=when, body=body, capabilities=tuple(codes), **fields)
    )


def stored_rows(journal, item_id):
    with journal.reading() as conn:
        return conn.execute(
            "SELECT code, framework, capability FROM item_capabilities WHERE item_id = ?"
            " ORDER BY code",
            (item_id,),
        ).fetchall()


# --- saving and reading ---------------------------------------------------------------------------


def test_prefixed_codes_round_trip_through_save_and_get(journal):
    item = add(journal, 5, ["nmc-code:2.1", "9.3", "NMC-Code:preserve-safety", "1", "esc:9"])
    assert item.capabilities == ("1", "9", "9.3", "nmc-code:2.1", "nmc-code:3")
    assert journal.get(item.id).capabilities == item.capabilities
    assert journal.list()[0].capabilities == item.capabilities
    assert journal.items()[0].capabilities == item.capabilities


def test_each_code_is_stored_with_its_framework_and_own_capability_number(journal):
    item = add(journal, 5, ["3", "nmc-code:3", "nmc-code:2.1"])
    assert stored_rows(journal, item.id) == [
        ("3", "esc", 3),
        ("nmc-code:2.1", "nmc-code", 2),
        ("nmc-code:3", "nmc-code", 3),
    ]


def test_a_bad_code_of_either_framework_saves_nothing(journal):
    for codes in (["1", "nmc-code:5"], ["nmc-code:1", "11"], ["hcpc:1"]):
        with pytest.raises(UnknownCapability):
            add(journal, 5, codes)
    assert journal.count() == 0


def test_an_edit_keeps_both_frameworks_codes(journal):
    item = add(journal, 5, ["1", "nmc-code:1.2"])
    edited = journal.save(replace(item, title="renamed"))
    assert edited.capabilities == ("1", "nmc-code:1.2")
    assert journal.revisions(item.id)[0].item.capabilities == ("1", "nmc-code:1.2")


# --- filters and search ---------------------------------------------------------------------------


def test_a_theme_and_the_esc_capability_of_the_same_number_never_mix(journal):
    esc_three = add(journal, 3, ["3"], title="ethics")
    nmc_three = add(journal, 4, ["nmc-code:3.2"], title="candour")
    both = add(journal, 5, ["3.1", "nmc-code:3"], title="both")

    def ids(capability):
        return {s.id for s in journal.list(ItemFilter(capability=capability))}

    assert ids("3") == {esc_three.id, both.id}
    assert ids("nmc-code:3") == {nmc_three.id, both.id}
    assert ids("nmc-code:preserve-safety") == {nmc_three.id, both.id}
    assert ids("nmc-code:3.2") == {nmc_three.id}
    assert ids("3.1") == {both.id}
    assert journal.count(ItemFilter(capability="nmc-code:3")) == 2


def test_search_filters_by_a_prefixed_code(journal):
    add(journal, 3, ["3"], title="Ward round", body="a difficult ward round")
    tagged = add(journal, 4, ["nmc-code:1"], title="Ward round again", body="another ward round")
    hits = journal.search("ward", ItemFilter(capability="nmc-code:1"))
    assert [h.item.id for h in hits] == [tagged.id]
    assert hits[0].item.capabilities == ("nmc-code:1",)


def test_a_filter_with_another_frameworks_bad_code_is_refused(journal):
    with pytest.raises(UnknownCapability):
        journal.list(ItemFilter(capability="nmc-code:7"))


# --- coverage per framework -----------------------------------------------------------------------


def test_an_item_tagged_with_both_frameworks_counts_in_each(journal):
    add(journal, 5, ["9.3", "nmc-code:3.1"])
    esc = compute_coverage(journal, JANUARY)
    nmc = compute_coverage(journal, JANUARY, "nmc-code")
    assert esc.framework.id == "esc" and nmc.framework.id == "nmc-code"
    assert esc.of(9).total == 1 and esc.of(9).indicators_covered == ("9.3",)
    assert esc.of(3).total == 0
    assert nmc.of(3).total == 1 and nmc.of(3).indicators_covered == ("3.1",)
    assert nmc.of(3).indicators_total == 7
    assert nmc.gaps == (1, 2, 4)


def test_the_nmc_code_coverage_follows_the_same_rules(journal):
    for day in (2, 3, 4):
        add(journal, day, ["nmc-code:1.1"])
    add(journal, 6, ["nmc-code:4"], kind=ItemKind.CPD, cpd=CpdDetails(hours=2))
    coverage = compute_coverage(journal, JANUARY, load_framework("nmc-code"))
    assert [c.capability.id for c in coverage.capabilities] == [1, 2, 3, 4]
    assert [c.status for c in coverage.capabilities] == ["established", "gap", "gap", "emerging"]
    assert coverage.of(1).counts[ItemKind.ENTRY] == 3
    assert coverage.of(1).last == date(2026, 1, 4)
    assert coverage.of(4).counts[ItemKind.CPD] == 1
    data = coverage_to_dict(coverage)
    assert data["framework"]["id"] == "nmc-code"
    assert len(data["capabilities"]) == 4
    assert data["capabilities"][0]["indicators"] == {"covered": ["1.1"], "total": 5}


def test_nmc_tags_leave_the_esc_coverage_and_its_json_unchanged(journal):
    add(journal, 2, ["1.4", "7"])
    add(journal, 3, ["9"], kind=ItemKind.SUPERVISION)
    before = coverage_to_dict(compute_coverage(journal, JANUARY))
    add(journal, 4, ["nmc-code:1", "nmc-code:2.3", "nmc-code:4.6"])
    add(journal, 5, ["nmc-code:3"], kind=ItemKind.GOAL)
    after = coverage_to_dict(compute_coverage(journal, JANUARY))
    assert len(after["capabilities"]) == 10
    assert after["framework"] == {"id": "esc", "name": "The Ten Essential Shared Capabilities"}
    # Only the month's item count sees the new (untagged-for-the-ESC) items.
    assert {k: v for k, v in after.items() if k != "monthly"} == {
        k: v for k, v in before.items() if k != "monthly"
    }


# --- the appraisal summary per framework ----------------------------------------------------------


def test_the_appraisal_summary_can_be_of_the_nmc_code(journal):
    entry = add(journal, 5, ["1", "nmc-code:3.2"], title="Told the family what went wrong")
    esc_only = add(journal, 6, ["9"], title="Risk review")
    summary = build_summary(
        journal, Selection(period=JANUARY, framework="nmc-code"), today=date(2026, 2, 1)
    )
    assert summary.framework_name.startswith("The Code:")
    assert [row.name for row in summary.coverage] == [
        "Prioritise people",
        "Practise effectively",
        "Preserve safety",
        "Promote professionalism and trust",
    ]
    assert summary.sections[2].reflection_ids == (entry.id,)
    assert summary.reflection(entry.id).capabilities == (3,)
    # Not tagged against the NMC Code: shown among the other reflections, not under a theme.
    assert summary.untagged_ids == (esc_only.id,)
    esc = build_summary(journal, Selection(period=JANUARY), today=date(2026, 2, 1))
    assert len(esc.coverage) == 10 and esc.reflection(entry.id).capabilities == (1,)


def test_an_unprefixed_capability_in_an_nmc_summary_is_a_theme(journal):
    candour = add(journal, 5, ["nmc-code:3.2"], title="candour")
    add(journal, 6, ["3"], title="ethics")
    summary = build_summary(
        journal,
        Selection(period=JANUARY, framework="nmc-code", capability="3"),
        today=date(2026, 2, 1),
    )
    assert [r.item_id for r in summary.reflections] == [candour.id]


# --- a vault from before the framework column -----------------------------------------------------


def _vault_before_0003(path: Path, key: bytes) -> None:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    conn = connect(path, key, create=True)
    migrations = Migrations(MIGRATION_SET)
    for name, function in MIGRATIONS[:2]:
        migrations(name=name)(function)
    migrations.apply(Database(conn))
    assert applied_migrations(conn) == ["0001_initial", "0002_index_live_items_by_kind"]
    conn.execute(
        "INSERT INTO items (id, uid, kind, title, body, date, created, updated)"
        " VALUES (1, 'u-1', 'entry', 'Before', '', '2026-01-05T12:00:00',"
        " '2026-01-05T12:00:00', '2026-01-05T12:00:00')"
    )
    conn.executemany(
        "INSERT INTO item_capabilities (item_id, code, capability) VALUES (?, ?, ?)",
        [(1, "1", 1), (1, "9.3", 9)],
    )
    conn.execute(
        "INSERT INTO items_fts (rowid, title, body, extra, tags) VALUES (1, 'Before', '', '', '')"
    )
    conn.commit()
    conn.close()


def test_a_vault_from_before_0003_migrates_and_keeps_its_tags_as_esc(tmp_path):
    path, key = tmp_path / "old.db", secrets.token_bytes(32)
    _vault_before_0003(path, key)
    with Journal.open(path, key) as journal:
        with journal.reading() as conn:
            assert applied_migrations(conn) == list(KNOWN)
        assert journal.get(1).capabilities == ("1", "9.3")
        assert stored_rows(journal, 1) == [("1", "esc", 1), ("9.3", "esc", 9)]
        assert [s.id for s in journal.list(ItemFilter(capability="9"))] == [1]
        assert journal.list(ItemFilter(capability="nmc-code:1")) == []
        assert compute_coverage(journal, JANUARY).of(9).indicators_covered == ("9.3",)
        assert compute_coverage(journal, JANUARY, "nmc-code").gaps == (1, 2, 3, 4)
        tagged = journal.save(
            Item(
                kind=ItemKind.ENTRY,
                title="After",
                date=datetime(2026, 1, 6, 9, 0),
                capabilities=("nmc-code:1",),
            )
        )
        assert journal.get(tagged.id).capabilities == ("nmc-code:1",)


# --- other readers of stored codes (CPD, importers) accept every framework's codes ------


def test_cpd_progress_lists_an_activity_tagged_with_the_nmc_code(journal):
    from reflect.core.cpd import cpd_progress

    add(journal, 5, ["nmc-code:4"], kind=ItemKind.CPD, cpd=CpdDetails(hours=3))
    progress = cpd_progress(journal, date(2026, 2, 1))
    assert [a.capabilities for a in progress.activities] == [("nmc-code:4",)]


def test_the_json_export_of_nmc_tags_imports_again(journal, tmp_path):
    from reflect.core.exporters import prepare_export
    from reflect.core.importers import import_file

    add(journal, 5, ["1", "nmc-code:2.1"], title="Both")
    out = tmp_path / "all.json"
    prepare_export(journal, "json", today=date(2026, 2, 1)).write(out)
    path, key = tmp_path / "other.db", secrets.token_bytes(32)
    conn = connect(path, key, create=True)
    migrate(conn)
    conn.close()
    with Journal.open(path, key) as other:
        import_file(other, out, "reflect-json")
        assert other.list()[0].capabilities == ("1", "nmc-code:2.1")
