"""``reflect import``: formats from the registry, all or nothing, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from reflect.core.importers import importer_names

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
JRNL = str(DATA / "jrnl" / "journal.json")


def titles(cli) -> list[str]:
    return sorted(item["title"] for item in json.loads(cli("list", "--json").out))


def test_import_a_jrnl_export(cli):
    result = cli("import", JRNL, "--format", "jrnl-json")

    assert result.code == 0, result.err
    assert result.out.strip() == "Imported 6 items from journal.json; skipped 1 duplicate."
    assert len(titles(cli)) == 6
    assert "Difficult handover on the ward." in titles(cli)


def test_import_json_output_and_tag_mapping(cli):
    result = cli("import", JRNL, "--format", "jrnl-json", "--map-tag", "risk=9", "--json")

    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["imported"] == 6 and report["skipped_duplicates"] == 1
    assert report["dry_run"] is False and len(report["ids"]) == 6
    first = report["items"][0]
    assert first["date"] == "2024-03-04T07:45" and first["capabilities"] == ["9"]
    assert first["source"] == "entry 1 ('Difficult handover on the ward.')"
    tagged = json.loads(cli("list", "--capability", "9", "--json").out)
    assert len(tagged) == 2


def test_a_dry_run_shows_what_would_happen_and_changes_nothing(cli):
    result = cli("import", JRNL, "--format", "jrnl-json", "--dry-run")

    assert result.code == 0, result.err
    assert "2024-03-04 07:45  Difficult handover on the ward." in result.out
    assert "(duplicate: skipped)" in result.out
    assert result.out.strip().endswith("Nothing was changed.")
    assert titles(cli) == []


def test_a_malformed_file_imports_nothing_and_says_which_record(cli):
    result = cli("import", str(DATA / "jrnl" / "bad-date.json"), "--format", "jrnl-json")

    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "entry 3 ('Leap day that is not.')" in result.err
    assert "nothing was imported" in result.err
    assert titles(cli) == []


def test_format_choices_come_from_the_registry(cli):
    result = cli("import", JRNL, "--format", "evernote")

    assert result.code == 2
    for name in importer_names():
        assert name in result.err


def test_bad_tag_maps_are_refused(cli):
    usage = cli("import", JRNL, "--format", "jrnl-json", "--map-tag", "risk")
    unknown = cli("import", JRNL, "--format", "jrnl-json", "--map-tag", "risk=99")

    assert usage.code == 2 and "TAG=CAPABILITY" in usage.err
    assert unknown.code == 1 and "cannot map the tag 'risk'" in unknown.err
    assert titles(cli) == []


def test_a_missing_file_is_a_user_error(cli, tmp_path):
    result = cli("import", str(tmp_path / "nope.json"), "--format", "dayone-json")

    assert result.code == 1 and "no such file" in result.err


def test_import_a_markdown_folder(cli):
    result = cli("import", str(DATA / "markdown"), "--format", "markdown")

    assert result.code == 0, result.err
    assert "Imported 5 items" in result.out


def test_import_a_reflect_export_with_its_settings(cli):
    result = cli("import", str(DATA / "reflect" / "export.json"), "--format", "reflect-json")

    assert result.code == 0, result.err
    assert result.out.strip() == (
        "Imported 6 items from export.json; added 2 settings it did not have."
    )
    trash = json.loads(cli("list", "--trash", "--json").out)
    assert [item["title"] for item in trash] == ["Draft I threw away"]
