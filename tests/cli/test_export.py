"""``reflect export``: formats from the registry, exit 4 on identifiable information, safe files."""

from __future__ import annotations

import json

import pytest

from reflect.core.exporters import names
from tests.conftest import PASSPHRASE
from tests.core.test_exporters import (
    DIVERSITY_FIRST,
    HANDOVER_FIRST,
    NHS,
    PHONE,
    RECOVERY_FIRST,
    TITLED,
    WATCHED,
    add_identifiable,
    fill_journal,
)

PERIOD_ARGS = ("--from", "2025-07-01", "--to", "2026-06-30")


@pytest.fixture
def filled(vault):
    """The test vault with a year of practice in it (and nothing identifying)."""
    with vault.open(vault.unlock_with_passphrase(PASSPHRASE)) as journal:
        return fill_journal(journal)


@pytest.fixture
def identifiable(vault, filled):
    with vault.open(vault.unlock_with_passphrase(PASSPHRASE)) as journal:
        add_identifiable(journal)
    return filled


def test_export_writes_the_appraisal_summary_readable_by_the_owner_only(cli, filled, tmp_path):
    out = tmp_path / "summary.md"
    result = cli("export", "--format", "md", "--out", str(out), *PERIOD_ARGS)
    assert result.code == 0, result.err
    assert str(out) in result.out
    text = out.read_text(encoding="utf-8")
    assert HANDOVER_FIRST in text and RECOVERY_FIRST in text
    assert "1 July 2025 to 30 June 2026" in text
    assert out.stat().st_mode & 0o777 == 0o600


def test_identifiable_information_refuses_with_exit_4_naming_kind_and_place_only(
    cli, identifiable, tmp_path
):
    out = tmp_path / "summary.pdf"
    result = cli("export", "--format", "pdf", "--out", str(out), *PERIOD_ARGS)
    assert result.code == 4
    assert result.out == ""
    assert "export refused" in result.err
    for label in ("NHS number", "phone number", "name", "watch-list word"):
        assert f"{label}: journal entry of 2026-02-14" in result.err
    assert '"Home visit", text' in result.err
    for secret in (NHS, PHONE, "Khan", WATCHED):
        assert secret not in result.err
    assert "--redact" in result.err and "--allow-identifiable" in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_redact_writes_markers_instead_of_what_was_found(cli, identifiable, tmp_path):
    out = tmp_path / "summary.md"
    result = cli("export", "--format", "md", "--out", str(out), "--redact", *PERIOD_ARGS)
    assert result.code == 0, result.err
    assert "redacted" in result.out
    text = out.read_text(encoding="utf-8")
    for secret in (NHS, PHONE, TITLED, WATCHED):
        assert secret not in text
    assert "[redacted: NHS number]" in text and "[redacted: phone number]" in text


def test_allow_identifiable_is_needed_to_keep_what_was_found(cli, identifiable, tmp_path):
    out = tmp_path / "summary.html"
    args = ("export", "--format", "html", "--out", str(out), *PERIOD_ARGS)
    assert cli(*args).code == 4
    result = cli(*args, "--allow-identifiable")
    assert result.code == 0, result.err
    assert NHS in out.read_text(encoding="utf-8")


def test_redact_and_allow_identifiable_together_is_a_usage_error(cli, filled, tmp_path):
    out = tmp_path / "summary.md"
    result = cli("export", "--format", "md", "--out", str(out), "--redact", "--allow-identifiable")
    assert result.code == 2
    assert not out.exists()


def test_capability_and_tag_choose_the_reflections(cli, filled, tmp_path):
    out = tmp_path / "summary.md"
    result = cli("export", "--format", "md", "--out", str(out), "--capability", "2", *PERIOD_ARGS)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert DIVERSITY_FIRST in text and RECOVERY_FIRST not in text
    result = cli("export", "--format", "md", "--out", str(out), "--tag", "recovery", *PERIOD_ARGS)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert RECOVERY_FIRST in text and DIVERSITY_FIRST not in text


def test_json_exports_everything_and_is_still_checked(cli, identifiable, tmp_path):
    out = tmp_path / "everything.json"
    assert cli("export", "--format", "json", "--out", str(out)).code == 4
    result = cli("export", "--format", "json", "--out", str(out), "--allow-identifiable")
    assert result.code == 0, result.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "reflect-export" and data["version"] == 1
    assert len(data["items"]) == len(identifiable) + 1
    assert any(item["in_trash"] for item in data["items"])


def test_json_takes_no_summary_options(cli, filled, tmp_path):
    out = tmp_path / "everything.json"
    result = cli("export", "--format", "json", "--out", str(out), *PERIOD_ARGS)
    assert result.code == 2
    assert "--format json always exports everything" in result.err


def test_format_choices_come_from_the_registry(cli, capsys):
    assert cli("export", "--help", passphrase=False).code == 0
    shown = capsys.readouterr().out  # argparse prints help to the process's stdout
    assert "{" + ",".join(names()) + "}" in shown
    bad = cli("export", "--format", "odt", "--out", "x.odt", passphrase=False)
    assert bad.code == 2


def test_a_missing_folder_is_a_one_line_error(cli, filled, tmp_path):
    out = tmp_path / "missing" / "summary.md"
    result = cli("export", "--format", "md", "--out", str(out), *PERIOD_ARGS)
    assert result.code == 1
    assert "does not exist" in result.err and len(result.err.strip().splitlines()) == 1


def test_only_one_end_of_the_period_is_a_usage_error(cli, tmp_path):
    result = cli(
        "export", "--format", "md", "--out", str(tmp_path / "a.md"), "--from", "2026-01-01"
    )
    assert result.code == 2
