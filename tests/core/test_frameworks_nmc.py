"""The NMC Code as a second framework: its data file, and codes that name their framework.

The ESC stays the default and keeps its unprefixed codes ("9", "9.3"); the NMC Code's codes carry
its id ("nmc-code:2", "nmc-code:2.1"), so one item can be tagged against both without ambiguity.
"""

from __future__ import annotations

import pytest

from reflect.core.frameworks import (
    DEFAULT_FRAMEWORK,
    Framework,
    UnknownCapability,
    available_frameworks,
    code_sort_key,
    describe_code,
    framework_ids,
    framework_of,
    load_framework,
    normalise_any_code,
    parse_any_codes,
    split_code,
)

THEMES = [
    (1, "prioritise-people", "Prioritise people", range(1, 6)),
    (2, "practise-effectively", "Practise effectively", range(6, 13)),
    (3, "preserve-safety", "Preserve safety", range(13, 20)),
    (4, "promote-professionalism-and-trust", "Promote professionalism and trust", range(20, 26)),
]


@pytest.fixture(scope="module")
def nmc() -> Framework:
    return load_framework("nmc-code")


@pytest.fixture(scope="module")
def esc() -> Framework:
    return load_framework("esc")


# --- the data file ------------------------------------------------------------------------------


def test_the_nmc_code_is_a_registered_framework_beside_the_esc(nmc: Framework) -> None:
    assert framework_ids() == ["esc", "nmc-code"]
    assert ("nmc-code", nmc.name) in available_frameworks()
    assert nmc.name == (
        "The Code: Professional standards of practice and behaviour for nurses, midwives and "
        "nursing associates"
    )
    assert nmc.short_name == "NMC Code"
    assert "2015" in nmc.source and "2018" in nmc.source
    assert DEFAULT_FRAMEWORK == "esc" and load_framework().id == "esc"


def test_four_themes_in_the_codes_order(nmc: Framework) -> None:
    assert [(c.id, c.slug, c.name) for c in nmc.capabilities] == [t[:3] for t in THEMES]
    for capability in nmc.capabilities:
        # The theme's introduction, one sentence of the Code's own words.
        assert capability.definition.startswith("You ")
        assert capability.definition.endswith(".")
        assert capability.definition.count(". ") == 0
        assert capability.practice.strip()


def test_the_25_standards_are_the_indicators_numbered_as_in_the_code(nmc: Framework) -> None:
    assert sum(len(c.indicators) for c in nmc.capabilities) == 25
    for (theme_id, _, _, standards), capability in zip(THEMES, nmc.capabilities, strict=True):
        assert [i.code for i in capability.indicators] == [
            f"{theme_id}.{k}" for k in range(1, len(standards) + 1)
        ]
        for standard, indicator in zip(standards, capability.indicators, strict=True):
            number, _, heading = indicator.text.partition(". ")
            assert number == str(standard), indicator
            assert heading[0].isupper() and not heading.endswith(".")
    text = {code: nmc.indicator(code).text for code in ("1.1", "2.1", "3.1", "4.6")}
    assert text["1.1"] == "1. Treat people as individuals and uphold their dignity"
    assert text["2.1"] == "6. Always practise in line with the best available evidence"
    assert text["3.1"] == "13. Recognise and work within the limits of your competence"
    assert text["4.6"].startswith("25. Provide leadership")


# --- codes of several frameworks ----------------------------------------------------------------


def test_the_esc_refuses_a_code_of_another_framework_with_a_clear_message(esc: Framework) -> None:
    for typed in ("nmc-code:2", "nmc-code:2.1", " NMC-Code:preserve-safety"):
        with pytest.raises(UnknownCapability) as caught:
            esc.normalise_code(typed)
        message = str(caught.value)
        assert "NMC Code" in message and "Ten ESC" in message and "\n" not in message
    with pytest.raises(UnknownCapability):
        esc.parse_codes(["1,nmc-code:2"])


def test_an_unknown_framework_prefix_is_refused_naming_the_ones_there_are() -> None:
    with pytest.raises(UnknownCapability) as caught:
        parse_any_codes(["hcpc:3"])
    assert 'unknown framework "hcpc"' in str(caught.value)
    assert "esc, nmc-code" in str(caught.value)


def test_each_framework_accepts_its_own_prefix(esc: Framework, nmc: Framework) -> None:
    assert esc.normalise_code("esc:9.3") == "9.3"
    assert nmc.normalise_code("nmc-code:2.1") == "2.1"
    assert nmc.normalise_code("preserve-safety") == "3"
    with pytest.raises(UnknownCapability):
        nmc.normalise_code("nmc-code:5")
    with pytest.raises(UnknownCapability):
        nmc.normalise_code("nmc-code:2.8")


def test_parse_any_codes_routes_each_piece_and_orders_esc_first() -> None:
    codes = parse_any_codes(
        ["nmc-code:2.1, 9.3", "NMC-CODE:preserve-safety", "1", "esc:9", "nmc-code:2.1"]
    )
    assert codes == ("1", "9", "9.3", "nmc-code:2.1", "nmc-code:3")
    assert parse_any_codes([]) == ()


def test_unprefixed_input_parses_exactly_as_the_esc_always_did(esc: Framework) -> None:
    for values in (["1,9.3", "9"], ["9.3", " 9.3 ", "safety-risk", "10", "2.10, 2.2", "9"]):
        assert parse_any_codes(values) == esc.parse_codes(values)


def test_any_bad_piece_refuses_the_whole_input() -> None:
    for values in (["1,nmc-code:9"], ["nmc-code:2.1,11"], ["nmc-code:"], ["nmc-code:2,"]):
        with pytest.raises(UnknownCapability):
            parse_any_codes(values)


def test_another_default_reads_unprefixed_codes_as_its_own(nmc: Framework) -> None:
    assert normalise_any_code("2", nmc) == "nmc-code:2"
    assert normalise_any_code("esc:2", nmc) == "2"
    assert parse_any_codes(["3.1,1"], default=nmc) == ("nmc-code:1", "nmc-code:3.1")


def test_a_slug_of_the_other_framework_gets_a_hint() -> None:
    with pytest.raises(UnknownCapability) as caught:
        normalise_any_code("preserve-safety")
    assert str(caught.value).endswith("did you mean nmc-code:preserve-safety?")


def test_stored_codes_split_into_framework_and_own_code() -> None:
    assert split_code("9.3") == ("esc", "9.3")
    assert split_code("nmc-code:2.1") == ("nmc-code", "2.1")
    assert framework_of("nmc-code:3") == "nmc-code"
    assert framework_of("10") == "esc"
    ordered = sorted(["nmc-code:2.1", "10", "nmc-code:2", "9.3", "2.10", "2.2"], key=code_sort_key)
    assert ordered == ["2.2", "2.10", "9.3", "10", "nmc-code:2", "nmc-code:2.1"]


def test_qualify_and_owns_give_the_stored_form(esc: Framework, nmc: Framework) -> None:
    assert esc.qualify("9.3") == "9.3" and esc.is_default
    assert nmc.qualify("2.1") == "nmc-code:2.1" and not nmc.is_default
    assert nmc.owns("nmc-code:2") and not nmc.owns("2")
    assert esc.owns("2") and not esc.owns("nmc-code:2")


def test_describe_code_names_what_any_stored_code_tags() -> None:
    assert describe_code("nmc-code:3") == "Preserve safety"
    assert describe_code("nmc-code:2.1") == (
        "6. Always practise in line with the best available evidence"
    )
    assert describe_code("9") == "Promoting Safety and Positive Risk Taking"
