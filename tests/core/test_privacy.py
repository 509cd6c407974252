"""The identifiable-information check: what it must flag, and the look-alikes it must not."""

from __future__ import annotations

import random
from datetime import date

import pytest

from reflect.core import privacy
from reflect.core.privacy import (
    TextField,
    check_fields,
    nhs_check_digit_ok,
    redact,
    redact_fields,
    scan,
)

TODAY = date(2026, 3, 1)


def kinds(text: str, watch: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text, watch, today=TODAY)]


def check_digit(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return 0 if check == 11 else None if check == 10 else check


def valid_nhs_numbers(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    numbers: list[str] = []
    while len(numbers) < count:
        nine = "".join(rng.choice("0123456789") for _ in range(9))
        check = check_digit(nine)
        if check is not None:
            numbers.append(nine + str(check))
    return numbers


def invalid_nhs_numbers(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    numbers: list[str] = []
    while len(numbers) < count:
        nine = "".join(rng.choice("0123456789") for _ in range(9))
        wrong = [
            d for d in "0123456789" if check_digit(nine) is None or int(d) != check_digit(nine)
        ]
        numbers.append(nine + rng.choice(wrong))
    return numbers


FORMATS = {
    "none": lambda n: n,
    "spaces": lambda n: f"{n[:3]} {n[3:6]} {n[6:]}",
    "dashes": lambda n: f"{n[:3]}-{n[3:6]}-{n[6:]}",
}


# --- NHS numbers --------------------------------------------------------------------------------


def test_the_published_example_nhs_number_is_valid_and_a_changed_digit_is_not():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert not nhs_check_digit_ok("943476591")  # nine digits


@pytest.mark.parametrize("style", FORMATS)
def test_every_valid_nhs_number_is_flagged_in_each_formatting(style):
    numbers = valid_nhs_numbers(1000, seed=len(style))
    for number in numbers:
        written = FORMATS[style](number)
        text = f"Saw him today (NHS no. {written}) about his medication."
        assert kinds(text) == [("nhs_number", written)], written


@pytest.mark.parametrize("style", FORMATS)
def test_ten_digit_numbers_with_a_wrong_check_digit_are_not_flagged(style):
    numbers = invalid_nhs_numbers(1000, seed=10 + len(style))
    flagged = [n for n in numbers if scan(f"ref {FORMATS[style](n)} noted", today=TODAY)]
    assert len(flagged) <= 10  # at most 1%
    assert flagged == []  # and in fact none: a wrong check digit is never an NHS number


def test_an_nhs_number_run_into_other_digits_is_not_taken_for_one():
    assert kinds("batch 94347659190 and 19434765919") == []


# --- dates of birth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("DOB: 12/03/1985.", "12/03/1985"),
        ("d.o.b. 3-4-92", "3-4-92"),
        ("Date of birth 3rd March 1985", "3rd March 1985"),
        ("she was born on 14 February 2019", "14 February 2019"),  # a child: still a birth date
        ("He was born in March 1990", "March 1990"),
        ("born 1988 in Leeds", "1988"),
        ("His birthday is 1 June 2001", "1 June 2001"),
    ],
)
def test_a_date_near_a_birth_keyword_is_a_date_of_birth(text, found):
    assert kinds(text) == [("date_of_birth", found)]


@pytest.mark.parametrize(
    "written",
    ["4 July 1976", "1985-03-12", "12/03/1985", "12.03.1985", "March 3, 1970", "28 February 2010"],
)
def test_a_full_date_more_than_sixteen_years_ago_is_a_date_of_birth(written):
    assert kinds(f"We talked about {written} and what it meant.") == [("date_of_birth", written)]


@pytest.mark.parametrize(
    "text",
    [
        "On 12/03/2024 the ward round overran.",  # recent, no keyword
        "1 March 2010 was a Monday.",  # exactly sixteen years: not more
        "The meeting is at 14:30 on Tuesday.",  # a time
        "Back in 2019 we had a different rota.",  # a year
        "Upgraded the app to version 3.11.4, then 1.2.03.",  # version numbers
        "It cost £1,250.00 and then £12.50 more.",  # money
        "Born out of frustration, the idea grew.",  # a keyword with no date
        "The project was reborn in 1998; airborne in 2001.",  # not the word "born"
    ],
)
def test_dates_that_are_not_birth_dates_are_not_flagged(text):
    assert kinds(text) == []


def test_the_sixteen_year_line_follows_the_date_given_as_today():
    text = "It happened on 1 June 2012."
    assert scan(text, today=date(2028, 6, 2))
    assert not scan(text, today=date(2028, 6, 1))


# --- postcodes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A1BB", "ls1 4ap"]
)
def test_uk_postcodes_are_flagged(code):
    assert kinds(f"He moved to {code} last month.") == [("postcode", code)]


@pytest.mark.parametrize(
    "text",
    [
        "Call ext 4421 for the ward.",
        "Take the M62 to Leeds, then the A1 north.",
        "Room 4B on level 2.",
        "We meet ISO 9001 standards.",
        "She had covid19 in 2nd year.",
    ],
)
def test_things_like_postcodes_are_not_flagged(text):
    assert kinds(text) == []


# --- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)20 7946 0000",
        "(020) 7946 0000",
        "0161 496 0000",
        "0161-496-0000",
        "0044 161 496 0000",
    ],
)
def test_uk_phone_numbers_are_flagged(number):
    assert kinds(f"Her mum's number is {number}, call after six.") == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "The ward extension is ext 4421, or x44210 for the office.",  # ward extensions
        "Bleep 1234 if the duty doctor is needed.",
        "Handover at 14:30 and again at 21:30.",  # times
        "The policy changed in 2024.",  # a year
        "Release 10.2.1 fixed it.",  # a version
        "The grant was £12,500 over 3 years.",  # money
        "Dial 999 or 111.",
    ],
)
def test_extensions_times_and_years_are_not_phone_numbers(text):
    assert kinds(text) == []


# --- e-mail, titles, watch list -----------------------------------------------------------------


def test_email_addresses_are_flagged():
    assert kinds("Wrote to a.khan@nhs.net and j_o'neill@example.co.uk today.") == [
        ("email", "a.khan@nhs.net"),
        ("email", "j_o'neill@example.co.uk"),
    ]


def test_an_at_sign_that_is_no_address_is_not_flagged():
    assert kinds("Meet @ the café; ratio 2 @ 3.") == []


@pytest.mark.parametrize(
    "name",
    [
        "Mr Khan",
        "Mrs O'Neill",
        "Mrs O\N{RIGHT SINGLE QUOTATION MARK}Neill",
        "Dr Smith",
        "Ms Patel",
        "Miss Jones",
        "Mx Taylor",
        "Prof. Brown",
        "Dr A. J. Patel",
        "Mr McDonald",
        "Mrs Smith-Jones",
        "Mr KHAN",
    ],
)
def test_a_title_with_a_surname_is_flagged(name):
    assert kinds(f"Today {name} seemed calmer.") == [("title_surname", name)]


@pytest.mark.parametrize(
    "text",
    [
        "Mr A said he felt better.",  # anonymised on purpose: an initial is not a surname
        "The doctor and the nurse met.",
        "I missed handover; Mrs was all she wrote.",
        "Drive carefully. Missed the bus.",
    ],
)
def test_titles_without_a_surname_are_not_flagged(text):
    assert kinds(text) == []


def test_watch_list_words_match_whole_words_in_any_case():
    watch = ("Jordan", "Ann Smith")
    text = "jordan's plan, JORDAN again, Jordanian food, ann\n smith, Annie Smithson."
    assert kinds(text, watch) == [
        ("watch_list", "jordan"),
        ("watch_list", "JORDAN"),
        ("watch_list", "ann\n smith"),
    ]


def test_blank_watch_list_entries_are_ignored():
    assert kinds("an ordinary sentence", ("", "  ")) == []


# --- redaction and the document layer -----------------------------------------------------------


def test_redact_replaces_each_finding_with_a_marker_and_keeps_the_rest():
    text = "Mr Khan (NHS 943 476 5919) lives at M1 1AE; call 07700 900123 or a@b.org."
    redacted = redact(text, scan(text, today=TODAY))
    assert redacted == (
        "[redacted: name] (NHS [redacted: NHS number]) lives at [redacted: postcode]; "
        "call [redacted: phone number] or [redacted: e-mail address]."
    )
    assert scan(redacted, today=TODAY) == []


def test_findings_carry_their_exact_place_in_the_text():
    text = "Spoke to Jordan. DOB 1/2/1990."
    for finding in scan(text, ["Jordan"], today=TODAY):
        assert text[finding.start : finding.end] == finding.text


def test_offsets_stay_right_when_lower_casing_would_change_the_length():
    text = "İstanbul trip. DOB 12/03/1985, then Mr Khan met jordan."
    found = scan(text, ["Jordan"], today=TODAY)
    assert [(f.kind, f.text) for f in found] == [
        ("date_of_birth", "12/03/1985"),
        ("title_surname", "Mr Khan"),
        ("watch_list", "jordan"),
    ]
    for finding in found:
        assert text[finding.start : finding.end] == finding.text


def test_a_watched_name_inside_an_email_address_is_one_finding():
    assert kinds("mail jordan.lee@example.org", ("Jordan",)) == [
        ("email", "jordan.lee@example.org")
    ]


def test_a_location_never_shows_the_sensitive_text_even_when_it_is_in_the_title():
    fields = [
        TextField(
            "r1.title",
            "Visit to Mr Khan",
            "journal entry of 2026-01-02",
            "title",
            "Visit to Mr Khan",
        ),
        TextField(
            "r1.text",
            "Mr Khan was upset.",
            "journal entry of 2026-01-02",
            "text",
            "Visit to Mr Khan",
        ),
    ]
    found = check_fields(fields, today=TODAY)
    assert [f.kind for f in found] == ["title_surname", "title_surname"]
    for f in found:
        assert "Khan" not in f.location
        assert f.location.startswith('journal entry of 2026-01-02 "Visit to [redacted: name]"')
    assert redact_fields(found) == {
        "r1.title": "Visit to [redacted: name]",
        "r1.text": "[redacted: name] was upset.",
    }


def test_context_shows_the_words_around_a_finding_on_one_line():
    text = "A long day on the ward.\nLater Mr Khan asked\nfor his leave form again."
    (found,) = check_fields([TextField("k", text, "entry", "text")], today=TODAY)
    before, match, after = found.context(width=12)
    assert match == "Mr Khan"
    assert before.endswith("Later ") and "\n" not in before
    assert after.startswith(" asked") and "\n" not in after


# --- the windowed scan finds what a plain scan finds -------------------------------------------


def test_searching_only_near_digits_finds_the_same_as_searching_everywhere():
    rng = random.Random(7)
    words = [
        "the",
        "plan",
        "was",
        "to",
        "meet",
        "at",
        "handover",
        "and",
        "talk",
        "it",
        "through",
        "with",
        "the",
        "team",
    ]
    pieces = [
        "943 476 5919",
        "DOB 12/03/1985",
        "07700 900123",
        "a.person@example.org",
        "M1 1AE",
        "4 July 1976",
        "date of birth:   3rd of September 1950",
        "September 3, 1950",
        "+44 (0)20 7946 0000",
        "GIR 0AA",
        "firstname.middlename.lastname@a-long-domain-name.example.org",
        "14:30",
        "2024",
        "ext 4421",
        "£1,250.00",
    ]
    for _ in range(200):
        out: list[str] = []
        for _ in range(rng.randint(5, 120)):
            out.append(rng.choice(pieces) if rng.random() < 0.1 else rng.choice(words))
            if rng.random() < 0.05:
                out.append("\n")
        text = " ".join(out)
        cutoff = privacy._adult_cutoff(TODAY)
        everywhere: list[privacy.Finding] = []
        privacy._search_window(text, 0, len(text), cutoff, TODAY, everywhere)
        assert privacy._scan_numeric(text, cutoff, TODAY) == everywhere, text
