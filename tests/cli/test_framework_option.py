"""The NMC Code on the command line: ``reflect frameworks``, prefixed codes on add/list/search/show,
and ``--framework`` on summary and export, with the ESC's output unchanged."""

from __future__ import annotations

import json

import pytest

PERIOD = ("--from", "2026-01-01", "--to", "2026-01-31")


def added(cli, *args):
    result = cli("add", "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def listed(cli, *args):
    result = cli("list", "--json", *args)
    assert result.code == 0, result.err
    return [item["id"] for item in json.loads(result.out)]


@pytest.fixture
def tagged(cli, tmp_path):
    """One item per framework with the same number, and one tagged against both."""
    body = tmp_path / "candour.md"
    body.write_text("I told the family about the error at once.\n", encoding="utf-8")
    esc = ("--title", "Ethics", "--date", "2026-01-03", "--capability", "3")
    nmc = ("--title", "Candour after a medication error", "--body-file", str(body))
    both = ("--title", "Safety plan with a carer", "--date", "2026-01-05")
    return {
        "esc": added(cli, *esc)["id"],
        "nmc": added(cli, *nmc, "--date", "2026-01-04", "--capability", "nmc-code:3.2")["id"],
        "both": added(
            cli,
            *both,
            "--capability",
            "9.3,nmc-code:preserve-safety",
            "--capability",
            "nmc-code:1.2",
        )["id"],
    }


# --- reflect frameworks --------------------------------------------------------------------------


def test_frameworks_lists_both_with_their_size_and_needs_no_passphrase(cli):
    result = cli("frameworks", "--json", passphrase=False)
    assert result.code == 0, result.err
    rows = {row["id"]: row for row in json.loads(result.out)}
    assert list(rows) == ["esc", "nmc-code"]
    assert rows["esc"]["capabilities"] == 10 and rows["esc"]["default"] is True
    assert rows["nmc-code"]["capabilities"] == 4
    assert rows["nmc-code"]["indicators"] == 25
    assert rows["nmc-code"]["default"] is False
    assert rows["nmc-code"]["example_codes"] == ["nmc-code:1", "nmc-code:1.1"]
    text = cli("frameworks", passphrase=False).out
    assert "nmc-code  The Code: Professional standards" in text
    assert "4 capabilities, 25 indicators" in text and "(the default)" in text


# --- add, list, search, show ---------------------------------------------------------------------


def test_add_stores_prefixed_codes_after_the_escs(cli, tagged):
    items = json.loads(cli("list", "--json").out)
    by_id = {item["id"]: item["capabilities"] for item in items}
    assert by_id[tagged["both"]] == ["9.3", "nmc-code:1.2", "nmc-code:3"]
    assert by_id[tagged["nmc"]] == ["nmc-code:3.2"]


def test_list_filters_by_a_theme_without_mixing_it_with_the_esc_capability(cli, tagged):
    assert set(listed(cli, "--capability", "nmc-code:3")) == {tagged["nmc"], tagged["both"]}
    assert listed(cli, "--capability", "3") == [tagged["esc"]]
    assert listed(cli, "--capability", "nmc-code:1.2") == [tagged["both"]]
    assert listed(cli, "--capability", "nmc-code:prioritise-people") == [tagged["both"]]


def test_search_filters_by_a_prefixed_code(cli, tagged):
    result = cli("search", "family", "--capability", "nmc-code:3", "--json")
    assert result.code == 0, result.err
    assert [hit["id"] for hit in json.loads(result.out)] == [tagged["nmc"]]
    assert json.loads(cli("search", "family", "--capability", "3", "--json").out) == []


def test_show_names_each_codes_capability_or_standard(cli, tagged):
    out = cli("show", str(tagged["both"])).out
    assert (
        "  nmc-code:1.2  2. Listen to people and respond to their preferences and concerns" in out
    )
    assert "  nmc-code:3  Preserve safety" in out
    assert "  9.3  Demonstrate the ability" in out


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("nmc-code:9", 'unknown capability "9": capabilities are 1'),
        ("hcpc:1", 'unknown framework "hcpc"'),
        ("preserve-safety", "did you mean nmc-code:preserve-safety?"),
    ],
)
def test_a_bad_code_is_one_clear_line_and_saves_nothing(cli, code, says):
    result = cli("add", "--title", "Nope", "--capability", code)
    assert result.code == 1
    assert says in result.err and result.err.count("\n") == 1
    assert listed(cli) == []


# --- summary --framework -------------------------------------------------------------------------


def test_summary_of_the_nmc_code_has_its_four_themes(cli, tagged):
    result = cli("summary", "--json", "--framework", "nmc-code", *PERIOD)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["framework"]["id"] == "nmc-code"
    assert [c["slug"] for c in data["capabilities"]] == [
        "prioritise-people",
        "practise-effectively",
        "preserve-safety",
        "promote-professionalism-and-trust",
    ]
    themes = {c["id"]: c for c in data["capabilities"]}
    assert themes[3]["total"] == 2 and themes[3]["indicators"] == {"covered": ["3.2"], "total": 7}
    assert themes[1]["total"] == 1 and themes[1]["status"] == "emerging"
    assert data["gaps"] == [2, 4]


def test_the_esc_summary_is_unchanged_by_nmc_tags(cli, tagged):
    data = json.loads(cli("summary", "--json", *PERIOD).out)
    assert data["framework"]["id"] == "esc"
    assert [c["id"] for c in data["capabilities"]] == list(range(1, 11))
    totals = {c["id"]: c["total"] for c in data["capabilities"] if c["total"]}
    assert totals == {3: 1, 9: 1}
    assert data["gaps"] == [1, 2, 4, 5, 6, 7, 8, 10]
    assert json.loads(cli("summary", "--json", "--framework", "esc", *PERIOD).out) == data


def test_summary_table_names_the_framework(cli, tagged):
    lines = cli("summary", "--framework", "nmc-code", *PERIOD).out.splitlines()
    assert lines[0] == "Coverage of the NMC Code from 2026-01-01 to 2026-01-31"
    assert any(line.startswith(" 3  Preserve safety") for line in lines)
    assert "Gaps: 2 Practise effectively; 4 Promote professionalism and trust" in lines


def test_an_unknown_framework_is_a_usage_error_before_any_passphrase(cli):
    result = cli("summary", "--framework", "hcpc", passphrase=False)
    assert result.code == 2
    assert "invalid choice" in result.err and "nmc-code" in result.err


# --- export --framework --------------------------------------------------------------------------


def test_export_by_the_nmc_code_lists_its_four_themes(cli, tagged, tmp_path):
    out = tmp_path / "nmc.md"
    result = cli("export", "--format", "md", "--out", str(out), "--framework", "nmc-code", *PERIOD)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "**Framework:** The Code: Professional standards of practice and behaviour" in text
    for heading in (
        "### 1. Prioritise people",
        "### 2. Practise effectively",
        "### 3. Preserve safety",
        "### 4. Promote professionalism and trust",
    ):
        assert heading in text
    assert "| 3 | Preserve safety | 2 | 0 | 0 | 0 | 2 | 1 of 7 |" in text
    assert "Candour after a medication error" in text
    assert "Working in Partnership" not in text


def test_export_capability_is_read_in_the_framework_shown(cli, tagged, tmp_path):
    out = tmp_path / "theme3.md"
    args = ("export", "--format", "md", "--out", str(out), "--framework", "nmc-code")
    assert cli(*args, "--capability", "3", *PERIOD).code == 0
    text = out.read_text(encoding="utf-8")
    assert "Candour after a medication error" in text and "Safety plan with a carer" in text
    assert "Ethics" not in text


def test_framework_is_for_the_appraisal_summary_not_the_json_export(cli, tmp_path):
    out = tmp_path / "all.json"
    result = cli("export", "--format", "json", "--out", str(out), "--framework", "nmc-code")
    assert result.code == 2
    assert "--framework chooses what goes into the appraisal summary" in result.err
    assert not out.exists()
