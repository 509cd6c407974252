"""``reflect summary`` and ``reflect demo``: the JSON contract, the table, and their usage rules."""

from __future__ import annotations

import io
import json
import time
from datetime import date, timedelta

import pytest

from reflect.cli.main import run
from reflect.core.demo import DEMO_PASSPHRASE
from tests.conftest import PASSPHRASE

DESIGN_CAPABILITY_KEYS = {"id", "slug", "name", "counts", "total", "last", "indicators", "status"}


def summary_json(cli, *args):
    result = cli("summary", "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_summary_json_has_the_design_shape_with_ten_capabilities_in_order(cli):
    assert (
        cli("add", "--title", "Ward round", "--date", "2026-01-10", "--capability", "1.4,7").code
        == 0
    )
    data = summary_json(cli, "--from", "2026-01-01", "--to", "2026-01-31")
    assert set(data) >= {"period", "capabilities", "gaps"}
    assert data["period"] == {"from": "2026-01-01", "to": "2026-01-31"}
    assert [c["id"] for c in data["capabilities"]] == list(range(1, 11))
    for capability in data["capabilities"]:
        assert set(capability) >= DESIGN_CAPABILITY_KEYS
        assert set(capability["counts"]) == {"entry", "supervision", "goal", "cpd"}
        assert set(capability["indicators"]) == {"covered", "total"}
        assert capability["status"] in {"gap", "emerging", "established"}
    one = data["capabilities"][0]
    assert one["counts"]["entry"] == 1
    assert one["indicators"] == {"covered": ["1.4"], "total": 6}
    assert one["last"] == "2026-01-10"
    assert data["gaps"] == [2, 3, 4, 5, 6, 8, 9, 10]


def test_without_dates_the_summary_covers_the_twelve_months_ending_today(cli):
    data = summary_json(cli)
    today = date.today()
    assert data["period"]["to"] == today.isoformat()
    assert data["review_date"] is None
    assert data["days_until_review"] is None
    assert len(data["capabilities"]) == 10
    assert data["gaps"] == list(range(1, 11))


def test_with_a_review_date_the_summary_covers_the_review_year(cli, vault):
    review = date.today() + timedelta(days=40)
    with vault.open(vault.unlock_with_passphrase(PASSPHRASE)) as journal:
        journal.set_setting("review_date", review.isoformat())
    data = summary_json(cli)
    assert data["period"]["to"] == review.isoformat()
    assert data["review_date"] == review.isoformat()
    assert data["days_until_review"] == 40
    table = cli("summary")
    assert "Your annual review is in 40 days" in table.out


@pytest.mark.parametrize("lone", [("--from", "2026-01-01"), ("--to", "2026-01-31")])
def test_from_and_to_go_together(cli, lone):
    result = cli("summary", *lone)
    assert result.code == 2
    assert result.out == ""
    assert "--from and --to" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_bad_dates_are_user_errors_reported_before_any_passphrase(cli):
    # No passphrase is given: asking for one would fail with exit 3 instead.
    backwards = cli("summary", "--from", "2026-02-01", "--to", "2026-01-01", passphrase=False)
    assert backwards.code == 1
    assert "after it ends" in backwards.err
    garbled = cli("summary", "--from", "last spring", "--to", "2026-01-01", passphrase=False)
    assert garbled.code == 1
    assert "--from" in garbled.err


@pytest.fixture
def far_time_zone(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time zones cannot be switched on this platform")
    monkeypatch.setenv("TZ", "Etc/GMT-14")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_item_added_late_in_the_evening_counts_on_its_own_local_day(cli, far_time_zone):
    added = cli("add", "--title", "Late shift", "--date", "2026-03-04T23:30", "--capability", "9")
    assert added.code == 0, added.err
    on_the_day = summary_json(cli, "--from", "2026-03-04", "--to", "2026-03-04")
    assert on_the_day["capabilities"][8]["total"] == 1
    assert on_the_day["capabilities"][8]["last"] == "2026-03-04"
    next_day = summary_json(cli, "--from", "2026-03-05", "--to", "2026-03-05")
    assert next_day["capabilities"][8]["total"] == 0


def test_the_table_reads_per_capability_with_gaps_and_the_review(cli):
    for n, code in enumerate(["4.1", "4.3", "4"]):
        cli("add", "--title", f"Stigma {n}", "--date", f"2026-01-1{n}", "--capability", code)
    cli("add", "--kind", "cpd", "--title", "Study day", "--date", "2026-01-20", "--capability", "5")
    result = cli("summary", "--from", "2026-01-01", "--to", "2026-01-31")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Coverage from 2026-01-01 to 2026-01-31"
    row = next(line for line in lines if "Challenging Inequality" in line)
    assert row.split()[0] == "4"
    assert "2 of 7" in row
    assert "2026-01-12" in row
    assert row.endswith("established")
    recovery = next(line for line in lines if "Promoting Recovery" in line)
    assert "0 of 8" in recovery
    assert recovery.endswith("emerging")
    assert next(line for line in lines if "Making a Difference" in line).endswith("gap")
    gaps = next(line for line in lines if line.startswith("Gaps:"))
    assert "4 Challenging Inequality" not in gaps
    assert "8 Making a Difference" in gaps
    assert "No annual review date is set" in result.out


def test_demo_makes_a_populated_throwaway_journal(cli, tmp_path):
    folder = tmp_path / "demo"
    made = cli("demo", "--data-dir", str(folder), passphrase=False)
    assert made.code == 0, made.err
    assert DEMO_PASSPHRASE in made.out
    data = json.loads(
        cli(
            "summary", "--json", "--data-dir", str(folder), "--passphrase-stdin",
            stdin=DEMO_PASSPHRASE + "\n",
        ).out
    )  # fmt: skip
    assert 1 <= len(data["gaps"]) <= 2
    assert sum(c["total"] > 0 for c in data["capabilities"]) >= 8
    assert data["days_until_review"] == 45

    again = cli("demo", "--data-dir", str(folder), passphrase=False)
    assert again.code == 1
    assert "already" in again.err


def test_demo_refuses_a_folder_that_holds_a_journal_and_takes_a_passphrase(cli, data_dir, tmp_path):
    refused = cli("demo", "--data-dir", str(data_dir), passphrase=False)
    assert refused.code == 1
    assert "already a journal" in refused.err

    folder = tmp_path / "mine"
    secret = "my own demo phrase\n"
    made = cli("demo", "--json", "--data-dir", str(folder), "--passphrase-stdin", stdin=secret)
    assert made.code == 0, made.err
    data = json.loads(made.out)
    assert data["passphrase"] is None
    assert data["counts"]["entry"] > 0
    listed = cli("list", "--json", "--data-dir", str(folder), "--passphrase-stdin", stdin=secret)
    assert len(json.loads(listed.out)) == sum(data["counts"].values())


def test_demo_needs_an_explicit_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "default"))
    out, err = io.StringIO(), io.StringIO()
    code = run(["demo"], stdin=io.StringIO(""), stdout=out, stderr=err)
    assert code == 2
    assert "--data-dir" in err.getvalue()
    assert not (tmp_path / "default").exists()


def test_summary_shows_cpd_hours_in_the_revalidation_cycle(cli):
    import json as _json

    added = cli("add", "--kind", "cpd", "--title", "Study day", "--hours", "6", "--participatory")
    assert added.code == 0, added.err
    cli("add", "--kind", "cpd", "--title", "Reading", "--hours", "2.5")
    data = _json.loads(cli("summary", "--json").out)
    assert data["cpd"]["hours"] == 8.5
    assert data["cpd"]["participatory_hours"] == 6
    assert data["cpd"]["required"] == 35 and data["cpd"]["required_participatory"] == 20
    assert len(data["capabilities"]) == 10
    text = cli("summary").out
    assert "CPD: 8.5 of 35 hours (6 of 20 participatory)" in text
