"""Importers: realistic exports from jrnl, Day One and Markdown folders, imported all or nothing."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.core.importers import (
    IMPORTERS,
    ImportFailed,
    get_importer,
    import_file,
    importer_names,
    parse_tag_map,
    preview,
    read_source,
)
from reflect.core.journal import Journal
from reflect.core.model import ItemFilter
from reflect.core.serialize import item_to_dict
from reflect.core.storage.connection import connect
from reflect.core.storage.schema import migrate
from reflect.errors import UsageError, UserError
from tests.conftest import FixedClock

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture
def local_tz():
    """Run with the machine's clock in Europe/London, so "local time" is the same everywhere."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def by_title(journal) -> dict:
    return {s.title: journal.get(s.id) for s in journal.list()}


# --- the registry -------------------------------------------------------------------------------


def test_registry_lists_every_format_with_a_description():
    assert importer_names() == ["reflect-json", "jrnl-json", "dayone-json", "markdown"]
    for importer in IMPORTERS:
        assert importer.description
        assert importer.source in {"file", "folder"}
    assert get_importer("markdown").source == "folder"


def test_an_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError, match="jrnl-json"):
        get_importer("evernote")


# --- jrnl ---------------------------------------------------------------------------------------


def test_jrnl_export_imports_dates_titles_bodies_tags_and_stars(journal):
    report = import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json")

    assert (report.imported, report.skipped_duplicates) == (6, 1)
    assert journal.count() == 6
    items = by_title(journal)
    handover = items["Difficult handover on the ward."]
    assert handover.date == datetime(2024, 3, 4, 7, 45)
    assert handover.body.startswith("The night team were stretched")
    assert handover.body.endswith("Next time I will ask earlier.")
    assert set(handover.tags) == {"handover", "risk", "starred"}  # "@" gone; starred kept as a tag
    assert items["Café after the team day — réflexion."].body.count("🌱") == 1
    assert items["Short one."].body == ""
    assert items["Short one."].tags == ("selfcare",)


def test_jrnl_entry_without_a_title_takes_its_first_line(journal):
    import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json")

    titled = journal.list(ItemFilter(date_from=datetime(2024, 3, 12).date()))
    note = next(s for s in titled if s.date == datetime(2024, 3, 12, 9, 0))
    assert note.title == (
        "No title on this one: a quick note that the new safety plan template is clearer."
    )
    assert journal.get(note.id).body.endswith("Second line.")


def test_importing_the_same_file_twice_skips_every_entry_as_a_duplicate(journal):
    import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json")
    again = import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json")

    assert (again.imported, again.skipped_duplicates) == (0, 7)
    assert journal.count() == 6


def test_an_item_in_the_trash_does_not_count_as_a_duplicate(journal):
    import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json")
    short = next(s for s in journal.list() if s.title == "Short one.")
    journal.trash(short.id)

    again = import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json")

    assert again.imported == 1
    assert journal.count() == 6


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad-date.json", r"entry 3 \('Leap day that is not\.'\).*'2023-02-29' is not a date"),
        ("bad-tags.json", r"entry 2 \('Tags as text\.'\).*\"tags\" must be a list"),
        ("truncated.json", r"truncated\.json is not valid JSON \(line 4"),
    ],
)
def test_a_malformed_jrnl_file_imports_nothing_and_names_the_record(journal, name, expected):
    with pytest.raises(ImportFailed, match=expected) as caught:
        import_file(journal, DATA / "jrnl" / name, "jrnl-json")

    assert "nothing was imported" in str(caught.value)
    assert journal.count() == 0


def test_a_thousand_entry_file_imports_in_one_go(journal, tmp_path):
    entries = [
        {
            "title": f"Shift {n}.",
            "body": f"Reflection number {n} on a long run of shifts.",
            "date": f"{2020 + n // 336}-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}",
            "time": f"{n % 24:02d}:{n % 60:02d}",
            "tags": [f"@ward{n % 4}"],
            "starred": n % 50 == 0,
        }
        for n in range(1000)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"tags": {}, "entries": entries}), encoding="utf-8")

    report = import_file(journal, path, "jrnl-json")

    assert report.imported == 1000
    assert journal.count() == 1000
    assert journal.count(ItemFilter(tags=("starred",))) == 20


def test_a_bad_last_record_of_a_thousand_leaves_the_journal_untouched(journal, tmp_path):
    entries = [
        {"title": f"Fine {n}.", "body": "", "date": "2024-01-01", "time": "10:00", "tags": []}
        for n in range(999)
    ]
    entries.append({"title": "Broken.", "body": "", "date": "2024-01-01", "time": "25:61"})
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"entries": entries}), encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"entry 1000 \('Broken\.'\).*'25:61'"):
        import_file(journal, path, "jrnl-json")
    assert journal.count() == 0


# --- mapping tags to capabilities ---------------------------------------------------------------


def test_mapped_tags_add_capabilities_and_keep_the_tag(journal):
    import_file(
        journal,
        DATA / "jrnl" / "journal.json",
        "jrnl-json",
        map_tags={"@Risk": "9", "supervision": "8.2,1"},
    )

    items = by_title(journal)
    assert items["Difficult handover on the ward."].capabilities == ("9",)
    assert "risk" in items["Difficult handover on the ward."].tags
    assert items["Supervision prep."].capabilities == ("1", "8.2")
    assert items["Short one."].capabilities == ()
    assert journal.count(ItemFilter(capability="9")) == 2


def test_a_mapping_to_an_unknown_capability_is_refused_before_anything_is_saved(journal):
    with pytest.raises(UserError, match="cannot map the tag 'risk' to '42'"):
        import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json", map_tags={"risk": "42"})
    assert journal.count() == 0


def test_command_line_tag_maps_are_parsed_and_checked():
    assert parse_tag_map(["risk=9", "@risk=1", "cpd = 10"]) == {"risk": "9,1", "cpd": "10"}
    with pytest.raises(UsageError, match="TAG=CAPABILITY"):
        parse_tag_map(["risk"])


# --- Day One ------------------------------------------------------------------------------------


def test_dayone_json_dates_entries_in_their_own_time_zone(journal, local_tz):
    report = import_file(journal, DATA / "dayone" / "Journal.json", "dayone-json")

    assert report.imported == 4
    items = by_title(journal)
    # 20:15 UTC in July is 21:15 in London (summer time); 23:30 UTC in January stays 23:30.
    assert items["After the community meeting"].date == datetime(2024, 7, 1, 21, 15)
    assert items["Winter evening shift"].date == datetime(2024, 1, 15, 23, 30)
    # 03:05 UTC on 10 March is still 9 March, 22:05, in New York.
    assert items["Conference — día uno ✈️"].date == datetime(2024, 3, 9, 22, 5)


def test_dayone_text_splits_into_title_and_body_and_keeps_tags_and_stars(journal, local_tz):
    import_file(journal, DATA / "dayone" / "Journal.json", "dayone-json")

    meeting = by_title(journal)["After the community meeting"]
    assert meeting.body.startswith("The group asked good questions")
    assert "dayone-moment" not in meeting.body  # photo links cannot be shown: dropped
    assert meeting.body.endswith("peer workers\\.")  # Markdown escapes stay in the body
    assert set(meeting.tags) == {"reflection", "team", "starred"}
    quiet = by_title(journal)["Winter evening shift"]
    assert quiet.body == "Quiet night. Read the new lone-working policy."
    assert by_title(journal)["Untitled"].tags == ("photo only",)


def test_a_dayone_entry_that_starts_with_a_paragraph_keeps_all_of_it(journal, tmp_path):
    paragraph = "Today I " + "kept thinking about the visit and what I might do differently " * 3
    path = tmp_path / "Journal.json"
    entry = {"creationDate": "2024-08-01T12:00:00Z", "timeZone": "UTC", "text": paragraph}
    path.write_text(json.dumps({"entries": [entry]}), encoding="utf-8")

    import_file(journal, path, "dayone-json")

    saved = journal.get(journal.list()[0].id)
    assert saved.body == paragraph
    assert saved.title.endswith("…") and len(saved.title) <= 80


def test_dayone_entry_without_a_zone_uses_this_computers_zone(journal, local_tz, tmp_path):
    path = tmp_path / "Journal.json"
    path.write_text(
        json.dumps({"entries": [{"creationDate": "2024-08-01T12:00:00Z", "text": "Noon\nhi"}]}),
        encoding="utf-8",
    )

    import_file(journal, path, "dayone-json")

    assert journal.list()[0].date == datetime(2024, 8, 1, 13, 0)


def test_dayone_zip_export_with_journal_json_and_photos(journal, local_tz, tmp_path):
    archive = tmp_path / "Export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(DATA / "dayone" / "Journal.json", "Journal.json")
        out.writestr(
            "photos/4f0c9a31b2d84e8e9c7a6b5d4e3f2a10.jpeg", b"\xff\xd8\xff not a real photo"
        )

    report = import_file(journal, archive, "dayone-json")

    assert report.imported == 4
    assert "After the community meeting" in by_title(journal)


def test_dayone_zip_with_several_journals_imports_them_all(journal, local_tz, tmp_path):
    archive = tmp_path / "Export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(DATA / "dayone" / "Journal.json", "Work.json")
        out.write(DATA / "dayone" / "Supervision.json", "Supervision.json")
        out.writestr("__MACOSX/._Work.json", b"\x00\x05junk")

    report = import_file(journal, archive, "dayone-json")

    assert report.imported == 5
    assert by_title(journal)["Supervision with my line manager"].date == datetime(
        2024, 6, 12, 14, 0
    )


def test_a_bad_record_inside_a_dayone_zip_names_the_file_and_entry(journal, tmp_path):
    archive = tmp_path / "Export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(DATA / "dayone" / "Supervision.json", "Supervision.json")
        out.write(DATA / "dayone" / "bad-date.json", "Work.json")

    with pytest.raises(ImportFailed, match=r"Work\.json: entry 2 \('Vague date'\).*creationDate"):
        import_file(journal, archive, "dayone-json")
    assert journal.count() == 0


def test_a_zip_with_no_journal_inside_is_refused(journal, tmp_path):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("photos/a.jpeg", b"\xff\xd8")

    with pytest.raises(ImportFailed, match="no journal"):
        import_file(journal, archive, "dayone-json")


# --- Markdown folders ---------------------------------------------------------------------------


@pytest.fixture
def notes(tmp_path, local_tz) -> Path:
    """The Markdown fixture folder, with known modification times."""
    folder = tmp_path / "notes"
    shutil.copytree(DATA / "markdown", folder)
    stamp = datetime(2024, 5, 6, 20, 15).timestamp()
    for path in folder.rglob("*.md"):
        os.utime(path, (stamp, stamp))
    return folder


def test_markdown_front_matter_gives_title_date_and_tags(journal, notes, local_tz):
    import_file(journal, notes, "markdown")

    first = by_title(journal)["First placement day: nerves"]
    assert first.date == datetime(2024, 2, 1, 17, 45)
    assert set(first.tags) == {"placement", "learning"}
    assert first.body.startswith("Arrived early and read the team's **welcome pack**.")
    workshop = by_title(journal)["Risk formulation workshop"]
    assert workshop.date == datetime(2024, 2, 20, 10, 30)  # ISO time in UTC, shown in London
    assert set(workshop.tags) == {"risk", "cpd", "positive-risk"}  # "#not-a-tag" is in code
    assert workshop.body.startswith("# Notes")


def test_markdown_without_front_matter_uses_heading_or_file_name_and_file_date(
    journal, notes, local_tz
):
    report = import_file(journal, notes, "markdown")

    assert report.imported == 5  # hidden .obsidian/ and README.txt are not notes
    items = by_title(journal)
    complaint = items["Reflecting on a complaint"]
    assert complaint.date == datetime(2024, 5, 6, 20, 15)
    assert not complaint.body.startswith("#")  # the heading became the title
    assert set(complaint.tags) == {"complaints", "learning"}  # "[link](#anchor)" is no tag
    thoughts = items["untitled thoughts"]
    assert "Café, naïve, Siân" in thoughts.body
    assert items["Nothing to add today"].body == ""


def test_markdown_with_broken_front_matter_names_the_file_and_imports_nothing(journal):
    with pytest.raises(ImportFailed, match=r"file broken-front-matter\.md: .*never closed"):
        import_file(journal, DATA / "markdown-bad", "markdown")
    assert journal.count() == 0


def test_markdown_needs_a_folder_and_a_json_format_needs_a_file(journal):
    with pytest.raises(ImportFailed, match="not a folder"):
        import_file(journal, DATA / "jrnl" / "journal.json", "markdown")
    with pytest.raises(ImportFailed, match="is a folder"):
        import_file(journal, DATA / "markdown", "jrnl-json")


# --- preview ------------------------------------------------------------------------------------


def test_preview_saves_nothing_and_marks_what_is_already_there(journal):
    import_file(journal, DATA / "jrnl" / "journal.json", "jrnl-json")
    before = journal.count()

    report = preview(
        DATA / "jrnl" / "journal.json", "jrnl-json", journal=journal, map_tags={"risk": "9"}
    )

    assert journal.count() == before
    assert report.dry_run
    assert (report.imported, report.skipped_duplicates) == (0, 7)
    assert all(row.duplicate for row in report.items_preview)
    assert report.items_preview[0].capabilities == ("9",)


def test_preview_without_a_journal_lists_every_record_and_its_tags():
    source = read_source(DATA / "jrnl" / "journal.json", "jrnl-json")
    report = preview(DATA / "jrnl" / "journal.json", "jrnl-json")

    assert [row.where for row in report.items_preview][:2] == [
        "entry 1 ('Difficult handover on the ward.')",
        "entry 2 ('Supervision prep.')",
    ]
    assert report.items_preview[-1].duplicate  # the same entry twice in one file
    assert dict(source.tags())["risk"] == 2


# --- Reflect's own export -----------------------------------------------------------------------


@pytest.fixture
def fresh_journal(tmp_path):
    """A second, empty journal to import into (no key envelope: no Argon2 cost)."""
    key = secrets.token_bytes(32)
    path = tmp_path / "fresh" / "reflect.db"
    path.parent.mkdir()
    conn = connect(path, key, create=True)
    migrate(conn)
    conn.close()
    opened = Journal.open(path, key, clock=FixedClock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC)))
    yield opened
    opened.close()


def test_reflect_json_restores_details_links_history_trash_and_settings(journal):
    report = import_file(journal, DATA / "reflect" / "export.json", "reflect-json")

    assert report.imported == 6 and report.settings_imported == 2
    items = {s.title: journal.get(s.id) for s in journal.list()}
    night = items["Night shift: a difficult handover"]
    untitled = items[""]
    supervision = items["Clinical supervision — February"]
    goal = items["Run a reflective practice group"]
    assert night.capabilities == ("9", "9.3") and night.template == "driscoll"
    assert night.bring_to_supervision and night.tags == ("handover", "nights")
    assert night.created == datetime(2026, 2, 3, 21, 45, tzinfo=UTC)
    assert supervision.supervision.brought_entries == (night.id, untitled.id)
    assert supervision.supervision.actions[1].done
    assert supervision.supervision.duration_minutes == 60
    assert goal.goal.evidence == (supervision.id, night.id)
    assert goal.goal.reviews[0].note == "First session booked."
    assert items["Positive risk-taking workshop"].cpd.hours == 3.5
    trashed = journal.list(ItemFilter(trash=True))
    assert [s.title for s in trashed] == ["Draft I threw away"]
    assert [r.item.title for r in journal.revisions(night.id)] == ["Night shift"]
    old_goal = journal.revisions(goal.id)[0].item
    assert old_goal.id == goal.id and old_goal.goal.evidence == (night.id,)  # 3 was not exported
    assert journal.setting("review_date") == "2026-09-30"


def test_a_reflect_export_imported_again_is_recognised_even_after_edits(journal):
    import_file(journal, DATA / "reflect" / "export.json", "reflect-json")
    night = next(s for s in journal.list() if s.title.startswith("Night shift"))
    journal.save(replace(journal.get(night.id), title="Renamed", body="Rewritten since"))

    again = import_file(journal, DATA / "reflect" / "export.json", "reflect-json")

    assert (again.imported, again.skipped_duplicates) == (0, 6)
    assert journal.count() == 5


def test_reflect_json_never_overwrites_a_setting_the_journal_has(journal):
    journal.set_setting("review_date", "2026-12-31")

    import_file(journal, DATA / "reflect" / "export.json", "reflect-json")

    assert journal.setting("review_date") == "2026-12-31"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad-link.json", r"item 1 \('Clinical supervision — February'\).*item 99"),
        ("bad-hours.json", r"item 2 \('Positive risk-taking workshop'\).*CPD hours"),
    ],
)
def test_a_bad_reflect_export_imports_nothing_and_names_the_item(journal, name, expected):
    with pytest.raises(ImportFailed, match=expected):
        import_file(journal, DATA / "reflect" / name, "reflect-json")

    assert journal.count() == 0 and journal.count(ItemFilter(trash=True)) == 0
    assert journal.setting("review_date") is None


def test_an_export_from_a_newer_reflect_is_refused(journal, tmp_path):
    path = tmp_path / "newer.json"
    path.write_text(json.dumps({"format": "reflect-export", "version": 2, "items": []}))

    with pytest.raises(ImportFailed, match="newer version of Reflect"):
        import_file(journal, path, "reflect-json")


def _comparable(item, uid_of) -> dict:
    """An item as JSON, with every id (its own and its links) replaced by the item's uid."""
    data = item_to_dict(item)
    data["id"] = uid_of[item.id]
    for section, key in (("supervision", "brought_entries"), ("goal", "evidence")):
        if data.get(section):
            data[section][key] = [uid_of[i] for i in data[section][key]]
    return data


def _state(journal) -> dict:
    with journal.reading() as conn:
        uid_of = dict(conn.execute("SELECT id, uid FROM items").fetchall())
    ids = [s.id for s in journal.list()] + [s.id for s in journal.list(ItemFilter(trash=True))]
    return {
        uid_of[i]: (
            _comparable(journal.get(i), uid_of),
            [_comparable(r.item, uid_of) for r in journal.revisions(i)],
        )
        for i in ids
    }


def test_round_trip_through_the_reflect_json_export_is_lossless(
    journal, clock, fresh_journal, tmp_path
):
    from reflect.core.exporters.json import build_vault_export, render

    import_file(journal, DATA / "reflect" / "export.json", "reflect-json")
    night = next(s for s in journal.list() if s.title.startswith("Night shift"))
    for n in range(2):  # two more versions, far enough apart to be kept separately
        clock.advance(minutes=10)
        journal.save(replace(journal.get(night.id), body=f"Rewritten {n}", tags=("nights",)))
    journal.set_setting("watch_names", ["Example"])
    before = _state(journal)
    export = build_vault_export(
        journal, now=datetime(2026, 3, 1, tzinfo=UTC), include_revisions=True
    )
    path = tmp_path / "export.json"
    path.write_bytes(render(export))

    report = import_file(fresh_journal, path, "reflect-json")

    assert report.imported == len(before)
    after = _state(fresh_journal)
    assert after == before
    assert sum(len(revs) for _, revs in after.values()) == 4
    assert fresh_journal.setting("watch_names") == ["Example"]
