"""The check of a whole document finds exactly what scanning each of its texts alone finds.

Exports check every text at once (tens of thousands of them for the JSON export of a large
journal), so the findings of a document are computed in one pass over all its texts. That pass
must report the very same findings, in the same order, with the same locations and ids, as the
check of one text at a time: the export dialog and ``reflect export`` list them, and a user's
redact / keep choices refer to them by id.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core.appraisal import Selection
from reflect.core.coverage import Period
from reflect.core.exporters import prepare_export
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
from reflect.core.privacy import (
    LocatedFinding,
    TextField,
    check_fields,
    check_texts,
    redact,
    scan,
    scan_many,
)

TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
WATCH = ["Jordan", "Ann Smith"]


def fill_varied_journal(journal) -> None:
    """Items of every kind holding every kind of finding, look-alikes that are not findings,
    texts that would make a finding only if read across two fields, and non-ASCII text."""
    journal.set_setting("practitioner_name", "Dr Sam Taylor")
    journal.set_setting("privacy_watch_list", WATCH)
    journal.set_setting("ward_contacts", {"duty": "07700 900123", "notes": ["Mr Patel", "ok"]})

    def add(kind, title, when, body="", tags=(), **details) -> int:
        item = journal.new_item(kind, title, date=when, body=body, tags=tags, **details)
        return journal.save(item).id

    add(
        ItemKind.ENTRY,
        "Nothing to see",
        datetime(2025, 9, 1, 9, 0),
        "A quiet shift; handover at 14:30, bleep 1234.",
        ("calm",),
    )
    add(
        ItemKind.ENTRY,
        "Visit to Mr Khan",
        datetime(2025, 9, 2, 9, 0),
        "Mr Khan (NHS 943 476 5919, not 943 476 5918) gave 9434765919 again and 943-476-5919.\n"
        "DOB: 12/03/1985. Born in March 1990? He was born 1988. Date of birth 3rd March 1985.",
        ("home visit",),
    )
    add(
        ItemKind.ENTRY,
        "Contacts",
        datetime(2025, 9, 3, 9, 0),
        "Call 07700 900123 or +44 (0)20 7946 0000; write to a.khan@nhs.net; he lives at "
        "SW1A 1AA and ls1 4ap. We talked about 4 July 1976 and 12/03/2024.",
    )
    add(  # "Mr" ends the title, "Khan" starts the body; NHS digits run on into the next title
        ItemKind.ENTRY,
        "Split across fields Mr",
        datetime(2025, 9, 4, 9, 0),
        "Khan was not named here. NHS 943 476",
        ("date of", "birth 1990"),
    )
    add(
        ItemKind.ENTRY,
        "5919 at the start",
        datetime(2025, 9, 5, 9, 0),
        "jordan's plan, JORDAN again, Jordanian food, ann\n smith, Annie Smithson. "
        "Mrs O\N{RIGHT SINGLE QUOTATION MARK}Neill and Dr A. J. Patel.",
    )
    add(  # lower-casing "İ" changes the length of the text; Arabic-Indic digits are digits
        ItemKind.ENTRY,
        "\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}stanbul trip",
        datetime(2025, 9, 6, 9, 0),
        "\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}stanbul: DOB 12/03/1985, then Mr Khan met "
        "jordan. \u0663\u0664 and \u0669\u0664\u0663 \u0664\u0667\u0666 \u0665\u0669\u0661\u0669.",
    )
    add(
        ItemKind.ENTRY,
        "Caf\u00e9 \u2014 \u201cquotes\u201d",
        datetime(2025, 9, 7, 9, 0),
        "Met at the caf\u00e9 \u2014 Ms Brown\u2019s idea; \u00a312.50 spent; mail "
        "j_o'neill@example.co.uk. \u03a3\u039f\u03a3 JORDAN.",
    )
    add(
        ItemKind.SUPERVISION,
        "Supervision with Dr Patel",
        datetime(2025, 10, 1, 14, 0),
        "Talked about d.o.b. 3-4-92 records.",
        supervision=SupervisionDetails(
            supervisor="Dr Patel",
            kind=SupervisionKind.CLINICAL,
            actions=(
                AgreedAction("Ring 0161 496 0000", date(2025, 11, 1)),
                AgreedAction("Read policy"),
            ),
        ),
    )
    add(
        ItemKind.GOAL,
        "Goal about Ann Smith",
        datetime(2025, 8, 1, 9, 0),
        goal=GoalDetails(
            what="Write to x@y.org",
            why="Because Miss Jones asked",
            measure="M1 1AE visits",
            status=GoalStatus.IN_PROGRESS,
            reviews=(
                ProgressReview(date(2025, 12, 1), "Spoke to Jordan on 07700900123"),
                ProgressReview(date(2026, 1, 1), "Nothing new"),
            ),
        ),
    )
    add(
        ItemKind.CPD,
        "Course",
        datetime(2025, 10, 10, 9, 0),
        cpd=CpdDetails(
            hours=6, participatory=True, learnt="Postcode B33 8TH; version 3.11.4; 1 March 2010."
        ),
    )
    add(  # a keyword at the end of one field, a year or a name at the start of the next
        ItemKind.ENTRY,
        "Edges",
        datetime(2025, 9, 8, 9, 0),
        "She said he was born",
        ("1990 cohort", "ann", "smith"),
    )
    binned = add(
        ItemKind.ENTRY,
        "Binned Mr Jones note",
        datetime(2025, 11, 1, 9, 0),
        "Her birthday is 1 June 2001.",
    )
    journal.trash(binned)
    rewritten = add(
        ItemKind.ENTRY,
        "Rewritten",
        datetime(2025, 12, 1, 9, 0),
        "First version with 07700 900123.",
    )
    journal.save(
        replace(journal.get(rewritten), body="Second version, nothing here."), keep_revision=True
    )


def listed(findings: tuple[LocatedFinding, ...]) -> list[tuple[str, str, str, str]]:
    """What the export dialog and ``reflect export`` show of each finding, and its id."""
    return [(f.kind, f.finding.text, f.location, f.id.replace("\x1f", "/")) for f in findings]


VISIT = 'journal entry 2 of 2025-09-02 "Visit to [redacted: name]"'
CONTACTS = 'journal entry 3 of 2025-09-03 "Contacts"'
WATCHED = 'journal entry 5 of 2025-09-05 "5919 at the start"'
ISTANBUL = 'journal entry 6 of 2025-09-06 "\u0130stanbul trip"'
CAFE = 'journal entry 7 of 2025-09-07 "Caf\u00e9 \u2014 \u201cquotes\u201d"'
SUPERVISION = 'supervision note 8 of 2025-10-01 "Supervision with [redacted: name]"'
GOAL = 'development goal 9 of 2025-08-01 "Goal about [redacted: watch-list word]"'
REVIEW = "progress review of 2025-12-01"
COURSE = 'cpd activity 10 of 2025-10-10 "Course"'
BINNED = 'journal entry 12 of 2025-11-01 "Binned [redacted: name] note"'
EARLIER = 'earlier version of journal entry 13 of 2025-12-01 "Rewritten"'
SETTINGS = "journal settings"

EXPECTED_JSON = [
    ("title_surname", "Mr Khan", f"{VISIT}, title", "$items/#1/$title@9"),
    ("title_surname", "Mr Khan", f"{VISIT}, body", "$items/#1/$body@0"),
    ("nhs_number", "943 476 5919", f"{VISIT}, body", "$items/#1/$body@13"),
    ("nhs_number", "9434765919", f"{VISIT}, body", "$items/#1/$body@50"),
    ("nhs_number", "943-476-5919", f"{VISIT}, body", "$items/#1/$body@71"),
    ("date_of_birth", "12/03/1985", f"{VISIT}, body", "$items/#1/$body@90"),
    ("date_of_birth", "March 1990", f"{VISIT}, body", "$items/#1/$body@110"),
    ("date_of_birth", "1988", f"{VISIT}, body", "$items/#1/$body@134"),
    ("date_of_birth", "3rd March 1985", f"{VISIT}, body", "$items/#1/$body@154"),
    ("phone", "07700 900123", f"{CONTACTS}, body", "$items/#2/$body@5"),
    ("phone", "+44 (0)20 7946 0000", f"{CONTACTS}, body", "$items/#2/$body@21"),
    ("email", "a.khan@nhs.net", f"{CONTACTS}, body", "$items/#2/$body@51"),
    ("postcode", "SW1A 1AA", f"{CONTACTS}, body", "$items/#2/$body@79"),
    ("postcode", "ls1 4ap", f"{CONTACTS}, body", "$items/#2/$body@92"),
    ("date_of_birth", "4 July 1976", f"{CONTACTS}, body", "$items/#2/$body@117"),
    ("watch_list", "jordan", f"{WATCHED}, body", "$items/#4/$body@0"),
    ("watch_list", "JORDAN", f"{WATCHED}, body", "$items/#4/$body@15"),
    ("watch_list", "ann\n smith", f"{WATCHED}, body", "$items/#4/$body@45"),
    ("title_surname", "Mrs O\u2019Neill", f"{WATCHED}, body", "$items/#4/$body@73"),
    ("title_surname", "Dr A. J. Patel", f"{WATCHED}, body", "$items/#4/$body@89"),
    ("date_of_birth", "12/03/1985", f"{ISTANBUL}, body", "$items/#5/$body@14"),
    ("title_surname", "Mr Khan", f"{ISTANBUL}, body", "$items/#5/$body@31"),
    ("watch_list", "jordan", f"{ISTANBUL}, body", "$items/#5/$body@43"),
    (
        "nhs_number",
        "\u0669\u0664\u0663 \u0664\u0667\u0666 \u0665\u0669\u0661\u0669",
        f"{ISTANBUL}, body",
        "$items/#5/$body@58",
    ),
    ("title_surname", "Ms Brown", f"{CAFE}, body", "$items/#6/$body@18"),
    ("email", "j_o'neill@example.co.uk", f"{CAFE}, body", "$items/#6/$body@54"),
    ("watch_list", "JORDAN", f"{CAFE}, body", "$items/#6/$body@83"),
    ("title_surname", "Dr Patel", f"{SUPERVISION}, title", "$items/#7/$title@17"),
    ("date_of_birth", "3-4-92", f"{SUPERVISION}, body", "$items/#7/$body@20"),
    (
        "title_surname",
        "Dr Patel",
        f"{SUPERVISION}, supervisor",
        "$items/#7/$supervision/$supervisor@0",
    ),
    (
        "phone",
        "0161 496 0000",
        f"{SUPERVISION}, action",
        "$items/#7/$supervision/$actions/#0/$text@5",
    ),
    ("watch_list", "Ann Smith", f"{GOAL}, title", "$items/#8/$title@11"),
    ("email", "x@y.org", f"{GOAL}, what", "$items/#8/$goal/$what@9"),
    ("title_surname", "Miss Jones", f"{GOAL}, why", "$items/#8/$goal/$why@8"),
    ("postcode", "M1 1AE", f"{GOAL}, measure", "$items/#8/$goal/$measure@0"),
    ("watch_list", "Jordan", f"{GOAL}, {REVIEW}", "$items/#8/$goal/$reviews/#0/$note@9"),
    ("phone", "07700900123", f"{GOAL}, {REVIEW}", "$items/#8/$goal/$reviews/#0/$note@19"),
    ("postcode", "B33 8TH", f"{COURSE}, learnt", "$items/#9/$cpd/$learnt@9"),
    ("title_surname", "Mr Jones", f"{BINNED}, title", "$items/#11/$title@7"),
    ("date_of_birth", "1 June 2001", f"{BINNED}, body", "$items/#11/$body@16"),
    ("phone", "07700 900123", f"{EARLIER}, body", "$revisions/#0/$item/$body@19"),
    (
        "watch_list",
        "Jordan",
        f"{SETTINGS}, privacy_watch_list",
        "$settings/$privacy_watch_list/#0@0",
    ),
    (
        "watch_list",
        "Ann Smith",
        f"{SETTINGS}, privacy_watch_list",
        "$settings/$privacy_watch_list/#1@0",
    ),
    ("phone", "07700 900123", f"{SETTINGS}, ward_contacts", "$settings/$ward_contacts/$duty@0"),
    (
        "title_surname",
        "Mr Patel",
        f"{SETTINGS}, ward_contacts",
        "$settings/$ward_contacts/$notes/#0@0",
    ),
]

S_VISIT = 'journal entry of 2025-09-02 "Visit to [redacted: name]"'
S_CONTACTS = 'journal entry of 2025-09-03 "Contacts"'
S_WATCHED = 'journal entry of 2025-09-05 "5919 at the start"'
S_ISTANBUL = 'journal entry of 2025-09-06 "\u0130stanbul trip"'
S_CAFE = 'journal entry of 2025-09-07 "Caf\u00e9 \u2014 \u201cquotes\u201d"'
S_GOAL = 'goal "Goal about [redacted: watch-list word]"'

EXPECTED_SUMMARY = [
    ("title_surname", "Mr Khan", f"{S_VISIT}, title", "r2.title@9"),
    ("title_surname", "Mr Khan", f"{S_VISIT}, text", "r2.text@0"),
    ("nhs_number", "943 476 5919", f"{S_VISIT}, text", "r2.text@13"),
    ("nhs_number", "9434765919", f"{S_VISIT}, text", "r2.text@50"),
    ("nhs_number", "943-476-5919", f"{S_VISIT}, text", "r2.text@71"),
    ("date_of_birth", "12/03/1985", f"{S_VISIT}, text", "r2.text@90"),
    ("date_of_birth", "March 1990", f"{S_VISIT}, text", "r2.text@110"),
    ("date_of_birth", "1988", f"{S_VISIT}, text", "r2.text@134"),
    ("date_of_birth", "3rd March 1985", f"{S_VISIT}, text", "r2.text@154"),
    ("phone", "07700 900123", f"{S_CONTACTS}, text", "r3.text@5"),
    ("phone", "+44 (0)20 7946 0000", f"{S_CONTACTS}, text", "r3.text@21"),
    ("email", "a.khan@nhs.net", f"{S_CONTACTS}, text", "r3.text@51"),
    ("postcode", "SW1A 1AA", f"{S_CONTACTS}, text", "r3.text@79"),
    ("postcode", "ls1 4ap", f"{S_CONTACTS}, text", "r3.text@92"),
    ("date_of_birth", "4 July 1976", f"{S_CONTACTS}, text", "r3.text@117"),
    ("watch_list", "jordan", f"{S_WATCHED}, text", "r5.text@0"),
    ("watch_list", "JORDAN", f"{S_WATCHED}, text", "r5.text@15"),
    ("watch_list", "ann\n smith", f"{S_WATCHED}, text", "r5.text@45"),
    ("title_surname", "Mrs O\u2019Neill", f"{S_WATCHED}, text", "r5.text@73"),
    ("title_surname", "Dr A. J. Patel", f"{S_WATCHED}, text", "r5.text@89"),
    ("date_of_birth", "12/03/1985", f"{S_ISTANBUL}, text", "r6.text@14"),
    ("title_surname", "Mr Khan", f"{S_ISTANBUL}, text", "r6.text@31"),
    ("watch_list", "jordan", f"{S_ISTANBUL}, text", "r6.text@43"),
    (
        "nhs_number",
        "\u0669\u0664\u0663 \u0664\u0667\u0666 \u0665\u0669\u0661\u0669",
        f"{S_ISTANBUL}, text",
        "r6.text@58",
    ),
    ("title_surname", "Ms Brown", f"{S_CAFE}, text", "r7.text@18"),
    ("email", "j_o'neill@example.co.uk", f"{S_CAFE}, text", "r7.text@54"),
    ("watch_list", "JORDAN", f"{S_CAFE}, text", "r7.text@83"),
    ("watch_list", "Ann Smith", f"{S_GOAL}, title", "g9.title@11"),
    ("email", "x@y.org", f"{S_GOAL}, what", "g9.what@9"),
    ("watch_list", "Jordan", f"{S_GOAL}, {REVIEW}", "g9.review0@9"),
    ("phone", "07700900123", f"{S_GOAL}, {REVIEW}", "g9.review0@19"),
]


def test_the_json_export_reports_every_finding_with_its_place_in_order(journal):
    fill_varied_journal(journal)
    prepared = prepare_export(journal, "json", include_revisions=True, today=TODAY, now=NOW)
    assert listed(prepared.findings) == EXPECTED_JSON
    for located in prepared.findings:
        text, finding = located.source.text, located.finding
        assert text[finding.start : finding.end] == finding.text


def test_the_appraisal_summary_reports_every_finding_with_its_place_in_order(journal):
    fill_varied_journal(journal)
    selection = Selection(period=Period(date(2025, 7, 1), date(2026, 6, 30)), full_text=True)
    prepared = prepare_export(journal, "md", selection, today=TODAY)
    assert listed(prepared.findings) == EXPECTED_SUMMARY


def test_redacting_the_json_export_replaces_exactly_the_findings(journal, tmp_path):
    fill_varied_journal(journal)
    prepared = prepare_export(journal, "json", include_revisions=True, today=TODAY, now=NOW)
    out = tmp_path / "everything.json"
    assert prepared.write(out, redact=True) == len(EXPECTED_JSON)
    written = out.read_text(encoding="utf-8")
    for secret in ("943 476 5919", "a.khan@nhs.net", "SW1A 1AA", "Mrs O\u2019Neill", "x@y.org"):
        assert secret not in written
    assert "Split across fields Mr" in written and "She said he was born" in written
    assert '"Nothing to see"' in written


def test_the_json_export_describes_each_text_where_it_sits_in_the_file(journal):
    fill_varied_journal(journal)
    prepared = prepare_export(journal, "json", include_revisions=True, today=TODAY, now=NOW)
    document = prepared.document
    fields = document.text_fields()
    texts, field = document.texts_to_check()
    assert texts == [f.text for f in fields]
    assert [field(n) for n in range(len(texts))] == fields
    assert {f.text for f in fields} >= {"Dr Patel", "Ring 0161 496 0000", "Mr Patel", "ann"}
    assert "Dr Sam Taylor" not in texts  # the practitioner's own name is not checked
    # Each key is the text's path in the file: replacing by key replaces exactly those strings.
    marked = document.with_texts({f.key: f"<{n}>" for n, f in enumerate(fields)}).data
    rendered = json.dumps(marked, ensure_ascii=False)
    assert sorted(int(n) for n in re.findall(r'"<(\d+)>"', rendered)) == list(range(len(fields)))
    supervision = next(item for item in marked["items"] if item["kind"] == "supervision")
    assert re.fullmatch(r"<\d+>", supervision["supervision"]["actions"][0]["text"])
    assert re.fullmatch(r"<\d+>", marked["settings"]["ward_contacts"]["notes"][0])
    assert re.fullmatch(r"<\d+>", marked["revisions"][0]["item"]["body"])
    assert marked["settings"]["practitioner_name"] == "Dr Sam Taylor"


# --- one pass over many texts == one scan per text ----------------------------------------------


def scan_each(texts: list[str], watch: list[str]) -> dict[int, list]:
    """The reference: every text scanned on its own."""
    found = {n: scan(text, watch, today=TODAY) for n, text in enumerate(texts)}
    return {n: f for n, f in found.items() if f}


PIECES = [
    "Mr",
    "Khan",
    "Mr Khan",
    "Dr A. J.",
    "Patel",
    "Ms",
    "\n",
    " ",
    "\t",
    "\r\n",
    "\x00",
    "\x1f",
    ".",
    ",",
    "@",
    "a.khan",
    "@nhs.net",
    "x@y.org",
    "943 476 5919",
    "943 476",
    "5919",
    "9434765919",
    "\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",
    "07700 900123",
    "+44",
    "(0)20 7946 0000",
    "born",
    "DOB",
    "d.o.b.",
    "date of",
    "birth",
    "date of birth",
    "birthday",
    "12/03/1985",
    "3rd March",
    "1985",
    "4 July 1976",
    "March",
    "1990",
    "SW1A",
    "1AA",
    "ls1 4ap",
    "GIR 0AA",
    "jordan",
    "JORDAN",
    "Ann",
    "smith",
    "\u0130stanbul",
    "\u03a3",
    "\u03c3",
    "caf\u00e9",
    "\u2019",
    "version 3.11.4",
    "14:30",
    "the plan was",
    "reborn",
    "o'neill",
    "Dr.",
    "a-b",
    "\u017f",
    "x y",
    "plan",
    "ann\tlee",
    "_a",
    "adobe",
    "d.o.b",
    "do.b",
    "d.ob",
    "airborne",
]

texts_strategy = st.lists(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=12).map("".join),
    max_size=12,
)
watch_strategy = st.lists(
    st.sampled_from(
        [
            "Jordan",
            "Ann Smith",
            "smith",
            "x",
            "o'neill",
            "Dr.",
            "ann\tlee",
            "_a",
            "born",
            "1990",
            "\u0130",  # lower-casing changes its length
            "\u017f",  # long s
            "\x00",  # the separator's own character
            "a\x00b",
        ]
    )
    | st.text(max_size=4),
    max_size=3,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=texts_strategy, watch=watch_strategy)
def test_scanning_many_texts_at_once_finds_what_scanning_each_finds(texts, watch):
    assert scan_many(texts, watch, today=TODAY) == scan_each(texts, watch)


def check_each(fields: list[TextField], watch: list[str]) -> list[LocatedFinding]:
    """The reference document check: each field scanned alone, titles redacted for locations."""
    located: list[LocatedFinding] = []
    for source in fields:
        findings = scan(source.text, watch, today=TODAY)
        if not findings:
            continue
        safe = redact(source.title, scan(source.title, watch, today=TODAY))
        where = f'{source.place} "{safe}"' if safe else source.place
        located += [LocatedFinding(f, source, f"{where}, {source.field}") for f in findings]
    return located


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=texts_strategy, titles=texts_strategy, watch=watch_strategy)
def test_checking_a_document_finds_what_checking_each_field_finds(texts, titles, watch):
    fields = [
        TextField(f"k{n}", text, f"entry {n}", "text", titles[n] if n < len(titles) else "")
        for n, text in enumerate(texts)
    ]
    expected = check_each(fields, watch)
    assert check_fields(fields, watch, today=TODAY) == expected
    assert check_texts(texts, fields.__getitem__, watch, today=TODAY) == expected


@pytest.mark.parametrize(
    "texts",
    [
        ["date of", "birth 1990"],  # a keyword read across two texts
        ["He was born", "1990"],
        ["Mr", "Khan"],
        ["Mr\n", "Khan"],
        ["943 476", "5919"],
        ["a.khan", "@nhs.net"],
        ["ann", "smith"],
        ["ann ", " smith"],
        ["SW1A", "1AA"],
        ["4 July", "1976"],
    ],
)
def test_nothing_is_found_across_the_boundary_between_two_texts(texts):
    assert scan_many(texts, WATCH, today=TODAY) == {}
    assert scan("".join(texts), WATCH, today=TODAY) or scan(" ".join(texts), WATCH, today=TODAY)
