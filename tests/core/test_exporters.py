"""Exports from a realistic journal: every format, the check before writing, and safe writing.

``fill_journal`` builds a year of invented, non-identifying practice; the appraisal, CLI and
dialog tests import it too.
"""

from __future__ import annotations

import errno
import html
import json
import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from reflect.core.appraisal import Selection
from reflect.core.coverage import Period
from reflect.core.exporters import (
    IdentifiableInformationFound,
    export,
    exporters,
    get_exporter,
    names,
    prepare_export,
)
from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    GoalStatus,
    ItemKind,
    ProgressReview,
    SupervisionDetails,
    SupervisionKind,
)
from reflect.core.serialize import item_from_dict
from reflect.errors import ExportRefused, StorageFull, UserError

TODAY = date(2026, 3, 1)
PERIOD = Period(date(2025, 7, 1), date(2026, 6, 30))
NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

HANDOVER_FIRST = "Handover ran late and the plan for the evening was unclear."
HANDOVER_LATER = "Next time I will ask for the risk plan to be read out at handover."
RECOVERY_FIRST = "We talked about what recovery means to him: getting back to football."
DIVERSITY_FIRST = "The team discussed how we book interpreters for first appointments."
SUPERVISION_BODY = "Talked through the safeguarding referral in detail."

#: Identifiable details planted by ``add_identifiable`` (each must be flagged by the check).
NHS = "943 476 5919"
PHONE = "07700 900123"
TITLED = "Mr Khan"
WATCHED = "Jordan"


def fill_journal(journal) -> dict[str, int]:
    """A year of invented practice with nothing identifying in it; returns ids by short name."""
    journal.set_setting("practitioner_name", "Sam Taylor")
    journal.set_setting("practitioner_role", "Community mental health nurse")
    journal.set_setting("privacy_watch_list", [WATCHED])
    ids: dict[str, int] = {}

    def add(name, kind, title, when, body="", caps=(), tags=(), **details):
        item = journal.new_item(
            kind, title, date=when, body=body, capabilities=caps, tags=tags, **details
        )
        ids[name] = journal.save(item).id

    add(
        "handover",
        ItemKind.ENTRY,
        "A difficult handover",
        datetime(2025, 9, 3, 21, 0),
        f"## What happened?\n\n{HANDOVER_FIRST} I felt rushed.\n\n## Now what?\n\n"
        f"{HANDOVER_LATER}\n\n- check the plan\n- ask for help earlier\n",
        ("9", "1.2"),
        ("handover",),
    )
    add(
        "recovery",
        ItemKind.ENTRY,
        "Recovery conversation",
        datetime(2025, 11, 12, 18, 0),
        f"{RECOVERY_FIRST}\n\nHe set himself a small goal for the week.",
        ("5",),
        ("recovery",),
    )
    add(
        "diversity",
        ItemKind.ENTRY,
        "Interpreters at first appointments",
        datetime(2026, 1, 20, 9, 0),
        DIVERSITY_FIRST,
        ("2", "4"),
    )
    add(
        "untagged",
        ItemKind.ENTRY,
        "A quiet thought",
        datetime(2026, 2, 1, 9, 0),
        "Some days the work is mostly listening.",
    )
    add(
        "supervision",
        ItemKind.SUPERVISION,
        "January supervision",
        datetime(2026, 1, 5, 14, 0),
        SUPERVISION_BODY,
        ("9",),
        supervision=SupervisionDetails(
            supervisor="Team lead",
            kind=SupervisionKind.CLINICAL,
            actions=(AgreedAction("Read the safeguarding policy", date(2026, 2, 1)),),
            brought_entries=(ids["handover"],),
        ),
    )
    add(
        "goal",
        ItemKind.GOAL,
        "Learn about positive risk taking",
        datetime(2025, 8, 1, 9, 0),
        caps=("9",),
        goal=GoalDetails(
            what="Complete the positive risk training and use it in care planning.",
            why="To plan with people rather than for them.",
            status=GoalStatus.IN_PROGRESS,
            target_date=date(2026, 5, 1),
            reviews=(ProgressReview(date(2025, 12, 1), "Booked on the course."),),
            evidence=(ids["handover"],),
        ),
    )
    add(
        "cpd_safeguarding",
        ItemKind.CPD,
        "Safeguarding adults level 3",
        datetime(2025, 10, 10, 9, 0),
        caps=("9",),
        cpd=CpdDetails(hours=6, participatory=True, learnt="How to escalate concerns."),
    )
    add(
        "cpd_reading",
        ItemKind.CPD,
        "Reading on recovery approaches",
        datetime(2026, 2, 10, 9, 0),
        caps=("5",),
        cpd=CpdDetails(hours=2.5, participatory=False),
    )
    add("old", ItemKind.ENTRY, "Before the period", datetime(2025, 6, 30, 23, 0), "Too early.")
    add("binned", ItemKind.ENTRY, "Thrown away", datetime(2025, 12, 1, 9, 0), "In the trash.")
    journal.trash(ids["binned"])
    return ids


def add_identifiable(journal) -> int:
    """An entry carrying an NHS number, a phone number, a titled name and a watched name."""
    item = journal.new_item(
        ItemKind.ENTRY,
        "Home visit",
        date=datetime(2026, 2, 14, 16, 0),
        body=f"{TITLED} gave his NHS number {NHS} and {WATCHED}'s number {PHONE}.",
        capabilities=("7",),
    )
    return journal.save(item).id


def selection(**changes) -> Selection:
    return replace(Selection(period=PERIOD), **changes)


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def normalised(text: str) -> str:
    return " ".join(text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'").split())


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """An empty folder to export into (the journal fixture keeps its files beside it)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


# --- the registry -------------------------------------------------------------------------------


def test_the_registry_lists_every_format_with_what_menus_and_the_cli_need():
    assert names() == ("pdf", "docx", "html", "md", "json")
    for exporter in exporters():
        assert exporter.description and exporter.extension
        assert exporter.content in ("appraisal", "vault")
    assert get_exporter("json").content == "vault"
    with pytest.raises(UserError, match="pdf, docx, html, md, json"):
        get_exporter("odt")


# --- each format --------------------------------------------------------------------------------


def test_the_pdf_has_selectable_text_with_the_ten_capabilities_and_the_chosen_reflections(
    journal, outdir
):
    fill_journal(journal)
    out = outdir / "summary.pdf"
    export(journal, "pdf", out, selection(full_text=True), today=TODAY)
    text = normalised(pdf_text(out))
    for capability in journal.framework.capabilities:
        assert normalised(capability.name) in text
    for sentence in (HANDOVER_FIRST, HANDOVER_LATER, RECOVERY_FIRST, DIVERSITY_FIRST):
        assert sentence in text
    assert "Sam Taylor" in text and "Community mental health nurse" in text
    assert "1 July 2025 to 30 June 2026" in text
    assert "8.5 hours" in text and "6 participatory" in text
    assert "Learn about positive risk taking" in text and "In progress" in text
    assert "Too early." not in text and "In the trash." not in text
    assert SUPERVISION_BODY not in text  # supervision notes are left out by default
    reader = PdfReader(str(out))
    pages = len(reader.pages)
    assert pages >= 3
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_the_pdf_names_no_author_and_only_reflect_as_its_maker(journal, outdir):
    fill_journal(journal)
    out = outdir / "summary.pdf"
    export(journal, "pdf", out, selection(), today=TODAY)
    meta = PdfReader(str(out)).metadata
    assert meta.get("/Producer") == "Reflect"
    assert meta.get("/Creator") == "Reflect"
    assert not meta.get("/Author")
    assert set(meta) <= {"/Title", "/Subject", "/Creator", "/Producer", "/CreationDate"}
    assert meta["/Title"] == "Reflective practice summary for appraisal"


def test_first_paragraph_only_is_the_default_and_says_so(journal, outdir):
    fill_journal(journal)
    out = outdir / "summary.pdf"
    export(journal, "pdf", out, selection(), today=TODAY)
    text = normalised(pdf_text(out))
    assert HANDOVER_FIRST in text and RECOVERY_FIRST in text
    assert HANDOVER_LATER not in text
    assert "First paragraph only" in text


def test_the_docx_opens_and_has_the_coverage_table(journal, outdir):
    fill_journal(journal)
    out = outdir / "summary.docx"
    export(journal, "docx", out, selection(full_text=True), today=TODAY)
    document = docx.Document(str(out))
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[:2] == ["#", "Capability"] and "Status" in header
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[1] for row in rows] == [c.name for c in journal.framework.capabilities]
    nine = rows[8]
    assert nine[header.index("Total")] == "4" and nine[header.index("Status")] == "Established"
    body = "\n".join(p.text for p in document.paragraphs)
    assert HANDOVER_LATER in body and DIVERSITY_FIRST in body
    assert document.core_properties.author == ""
    assert document.core_properties.last_modified_by == ""


def test_the_markdown_holds_the_summary_as_text(journal, outdir):
    fill_journal(journal)
    out = outdir / "summary.md"
    export(journal, "md", out, selection(), today=TODAY)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Reflective practice summary for appraisal")
    for capability in journal.framework.capabilities:
        assert f"### {capability.id}. {capability.name}" in text
    assert RECOVERY_FIRST in text
    assert "| 9 | Promoting Safety and Positive Risk Taking | 1 | 1 | 1 | 1 | 4 |" in text


HOSTILE_BODY = """A reflection with hostile markup in it.

<script>alert('script')</script>
<img src="http://tracker.example/pixel.png" onerror="alert('onerror')">
<a href="javascript:alert('js-link')">click me</a>
<p onclick="alert('handler')" style="background:url(http://tracker.example/bg.png)">styled</p>
<iframe src="http://tracker.example/frame"></iframe>
<link rel="stylesheet" href="http://tracker.example/style.css">
<svg onload="alert('svg')"><circle r="5"/></svg>
<object data="http://tracker.example/x.swf"></object>
<form action="http://tracker.example/steal"><input name="q"></form>
<style>@import url(http://tracker.example/import.css);</style>

![remote image](http://tracker.example/md.png)
[markdown js link](javascript:alert('md-js'))
"""


class _Markup(HTMLParser):
    """Every tag and attribute of a page, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.style_sheets: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style_sheets.append(data)


def test_the_html_is_self_contained_and_nothing_hostile_survives(journal, outdir):
    fill_journal(journal)
    journal.save(
        journal.new_item(
            ItemKind.ENTRY,
            "Hostile <b onmouseover=alert('title')>markup</b>",
            date=datetime(2026, 1, 2, 9, 0),
            body=HOSTILE_BODY,
            capabilities=("3",),
        )
    )
    out = outdir / "summary.html"
    export(journal, "html", out, selection(full_text=True), today=TODAY)
    page = out.read_text(encoding="utf-8")
    markup = _Markup()
    markup.feed(page)
    dangerous = {"script", "img", "iframe", "link", "svg", "object", "embed", "form", "input"}
    assert dangerous.isdisjoint(markup.tags)
    assert markup.tags.count("style") == 1  # the page's own style sheet
    for tag, name, value in markup.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name not in ("src", "action", "data", "srcset"), (tag, name)
        assert "javascript:" not in value.lower(), (tag, name, value)
        if name == "style":
            assert re.fullmatch(r"width: \d+%", value), value
    for sheet in markup.style_sheets:
        assert "url(" not in sheet and "@import" not in sheet
    assert "tracker.example" not in page  # no remote resource, not even as a link
    csp = [v for t, n, v in markup.attributes if t == "meta" and n == "content" and "src" in v]
    assert csp and csp[0].startswith("default-src 'none'")
    assert "A reflection with hostile markup in it." in page
    assert "[image: remote image]" in page
    assert "Hostile &lt;b onmouseover" in page  # the title is shown as text, escaped
    for capability in journal.framework.capabilities:
        assert html.escape(capability.name) in page


def test_the_json_export_round_trips_every_item_and_setting(journal, outdir):
    ids = fill_journal(journal)
    out = outdir / "everything.json"
    export(journal, "json", out, allow_identifiable=True, now=NOW)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "reflect-export" and data["version"] == 1
    assert data["exported"] == "2026-03-01T09:30:00+00:00"
    assert data["framework"] == "esc"
    assert data["settings"] == {
        "practitioner_name": "Sam Taylor",
        "practitioner_role": "Community mental health nurse",
        "privacy_watch_list": [WATCHED],
    }
    by_id = {record["id"]: record for record in data["items"]}
    assert set(by_id) == set(ids.values())  # in the trash and outside the period too
    for item_id in ids.values():
        original = journal.get(item_id)
        record = by_id[item_id]
        assert record["uid"]
        assert item_from_dict(record) == replace(original, deleted=None)
        assert record["in_trash"] == original.in_trash
        assert (record["deleted"] is not None) == original.in_trash
    assert len({record["uid"] for record in data["items"]}) == len(ids)


def test_the_json_export_can_carry_earlier_versions(journal, outdir):
    ids = fill_journal(journal)
    item = journal.get(ids["recovery"])
    journal.save(replace(item, body="A rewritten reflection."))
    prepared = prepare_export(journal, "json", include_revisions=True, today=TODAY, now=NOW)
    out = outdir / "everything.json"
    prepared.write(out, keep=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    (revision,) = data["revisions"]
    assert revision["item_id"] == ids["recovery"]
    assert revision["item"]["body"].startswith(RECOVERY_FIRST)


# --- the check before anything is written -------------------------------------------------------


def test_an_export_with_identifiable_information_is_refused_and_writes_nothing(journal, outdir):
    fill_journal(journal)
    add_identifiable(journal)
    out = outdir / "summary.md"
    with pytest.raises(IdentifiableInformationFound) as refused:
        export(journal, "md", out, selection(), today=TODAY)
    assert isinstance(refused.value, ExportRefused) and refused.value.exit_code == 4
    message = str(refused.value)
    for label in ("NHS number", "phone number", "name", "watch-list word"):
        assert label in message
    assert 'journal entry of 2026-02-14 "Home visit", text' in message
    for secret in (NHS, PHONE, "Khan", WATCHED):
        assert secret not in message
    assert not out.exists()
    assert list(outdir.iterdir()) == []


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx", "json"])
def test_redacting_removes_every_finding_from_the_export_but_not_from_the_journal(
    journal, outdir, fmt
):
    fill_journal(journal)
    item_id = add_identifiable(journal)
    out = outdir / f"summary.{fmt}"
    prepared = export(journal, fmt, out, selection(), redact=True, today=TODAY)
    assert {f.kind for f in prepared.findings} >= {
        "nhs_number",
        "phone",
        "title_surname",
        "watch_list",
    }
    if fmt == "pdf":
        written = pdf_text(out)
    elif fmt == "docx":
        written = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        written = out.read_text(encoding="utf-8")
    for secret in (NHS, PHONE, TITLED, WATCHED):
        assert secret not in written
    assert "[redacted: NHS number]" in written
    assert NHS in journal.get(item_id).body  # the journal keeps what the user wrote


def test_keeping_the_findings_writes_them_as_they_are(journal, outdir):
    fill_journal(journal)
    add_identifiable(journal)
    out = outdir / "summary.md"
    export(journal, "md", out, selection(), allow_identifiable=True, today=TODAY)
    text = out.read_text(encoding="utf-8")
    assert NHS in text and TITLED in text and "[redacted" not in text


def test_each_finding_can_be_redacted_or_kept_on_its_own(journal, outdir):
    fill_journal(journal)
    add_identifiable(journal)
    prepared = prepare_export(journal, "md", selection(), today=TODAY)
    nhs = [f.id for f in prepared.findings if f.kind == "nhs_number"]
    others = [f.id for f in prepared.findings if f.kind != "nhs_number"]
    out = outdir / "summary.md"
    with pytest.raises(IdentifiableInformationFound) as refused:
        prepared.write(out, redact=nhs)  # the others are still undecided
    assert len(refused.value.findings) == len(others)
    assert not out.exists()
    assert prepared.write(out, redact=nhs, keep=others) == 1
    text = out.read_text(encoding="utf-8")
    assert NHS not in text and "[redacted: NHS number]" in text
    assert PHONE in text and TITLED in text


def test_the_check_reads_only_what_will_be_written(journal, outdir):
    fill_journal(journal)
    item = journal.new_item(
        ItemKind.ENTRY,
        "Long reflection",
        date=datetime(2026, 2, 20, 9, 0),
        body=f"A first paragraph with nothing in it.\n\nLater, {TITLED} came by.",
        capabilities=("8",),
    )
    journal.save(item)
    assert prepare_export(journal, "md", selection(), today=TODAY).findings == ()
    full = prepare_export(journal, "md", selection(full_text=True), today=TODAY)
    assert [f.kind for f in full.findings] == ["title_surname"]


def test_the_practitioners_own_name_is_not_a_finding(journal, outdir):
    fill_journal(journal)
    journal.set_setting("practitioner_name", "Dr Sam Taylor")
    out = outdir / "summary.md"
    export(journal, "md", out, selection(), today=TODAY)
    assert "Dr Sam Taylor" in out.read_text(encoding="utf-8")


# --- writing safely -----------------------------------------------------------------------------


def test_the_export_is_readable_by_its_owner_only_and_leaves_no_temporary_file(journal, outdir):
    fill_journal(journal)
    out = outdir / "summary.html"
    export(journal, "html", out, selection(), today=TODAY)
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in outdir.iterdir()] == ["summary.html"]


def test_a_failure_while_writing_leaves_no_partial_file_and_the_old_one_intact(
    journal, outdir, monkeypatch
):
    fill_journal(journal)
    out = outdir / "summary.md"
    out.write_text("the previous export")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StorageFull):
        export(journal, "md", out, selection(), today=TODAY)
    monkeypatch.undo()
    assert out.read_text() == "the previous export"
    assert [p.name for p in outdir.iterdir()] == ["summary.md"]


def test_exporting_into_a_missing_folder_is_a_clear_error(journal, outdir):
    fill_journal(journal)
    with pytest.raises(UserError, match="does not exist"):
        export(journal, "md", outdir / "nowhere" / "summary.md", selection(), today=TODAY)
