"""The capability frameworks: the shipped ESC data is faithful to its source, and codes are strict.

The fidelity tests compare the data file with the source document in ``../shared/seeds`` (beside
the repository); they are skipped where that folder is absent, e.g. in an sdist.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.core import frameworks
from reflect.core.frameworks import (
    Framework,
    MalformedFramework,
    UnknownCapability,
    UnknownFramework,
    available_frameworks,
    capability_of,
    load_framework,
)
from reflect.errors import UserError

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
FULL_DOCUMENT = SEEDS / "ten-esc-full-document.txt"
SUMMARY = SEEDS / "ten-esc-summary.txt"

APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # the document's, kept in the data

EXPECTED = [
    (1, "partnership", "Working in Partnership"),
    (2, "diversity", "Respecting Diversity"),
    (3, "ethics", "Practising Ethically"),
    (4, "inequality", "Challenging Inequality"),
    (5, "recovery", "Promoting Recovery"),
    (6, "needs-strengths", f"Identifying People{APOSTROPHE}s Needs and Strengths"),
    (7, "service-user-centred", "Providing Service User Centred Care"),
    (8, "making-a-difference", "Making a Difference"),
    (9, "safety-risk", "Promoting Safety and Positive Risk Taking"),
    (10, "personal-development", "Personal Development and Learning"),
]

_STRAIGHT_QUOTES = str.maketrans(
    {
        "\N{LEFT SINGLE QUOTATION MARK}": "'",
        "\N{RIGHT SINGLE QUOTATION MARK}": "'",
        "\N{LEFT DOUBLE QUOTATION MARK}": '"',
        "\N{RIGHT DOUBLE QUOTATION MARK}": '"',
    }
)


def _squash(text: str) -> str:
    """Whitespace runs to one space and curly quotes to straight ones, applied to both sides."""
    return re.sub(r"\s+", " ", text.translate(_STRAIGHT_QUOTES)).strip()


def _repair_extraction(text: str) -> str:
    """Undo the two line-break artefacts of the document's PDF extraction, then squash.

    * A real hyphen at a line end ("values-" / "based") belongs to the word: keep it and join.
    * A line ending mid-word with no trailing space and the next line following at once marks a
      discretionary hyphen the extraction dropped ("life" / "long"): join the halves. In this
      document that happens exactly three times (lifestyle, lifelong, multidisciplinary); ordinary
      wrapped lines end with a space or are followed by a blank line.
    """
    text = re.sub(r"-\n(?=[a-z])", "-", text)
    text = re.sub(r"(?<=[A-Za-z])\n(?=[A-Za-z])", "", text)
    return _squash(text)


@pytest.fixture(scope="module")
def esc() -> Framework:
    return load_framework("esc")


@pytest.fixture(scope="module")
def document() -> str:
    if not FULL_DOCUMENT.is_file():
        pytest.skip(f"source document not available at {FULL_DOCUMENT}")
    return FULL_DOCUMENT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def appendix_d(document: str) -> dict[int, str]:
    """Appendix D of the raw document, cut into one section per capability."""
    start = document.index("Appendix D \nPutting the Essential Shared Capabilities into Practice")
    end = document.index("Appendix E \nImplementation Strategy")
    body = document[start:end]
    heads = list(re.finditer(r"^(\d{1,2})\. [A-Z]", body, flags=re.MULTILINE))
    assert [int(m.group(1)) for m in heads] == list(range(1, 11))
    bounds = [m.start() for m in heads] + [len(body)]
    return {int(m.group(1)): body[bounds[i] : bounds[i + 1]] for i, m in enumerate(heads)}


# --- shape of the shipped ESC data ----------------------------------------------------------------


def test_ten_capabilities_in_order_with_expected_slugs_and_names(esc: Framework) -> None:
    assert [(c.id, c.slug, c.name) for c in esc.capabilities] == EXPECTED
    assert (esc.id, esc.short_name) == ("esc", "Ten ESC")


def test_every_capability_has_definition_practice_and_indicators(esc: Framework) -> None:
    for capability in esc.capabilities:
        assert capability.definition.strip(), capability.id
        assert capability.practice.strip(), capability.id
        assert len(capability.indicators) >= 3, capability.id


def test_indicator_codes_run_consecutively_from_one(esc: Framework) -> None:
    for capability in esc.capabilities:
        for k, indicator in enumerate(capability.indicators, start=1):
            assert indicator.code == f"{capability.id}.{k}"
            assert (indicator.capability, indicator.number) == (capability.id, k)


def test_texts_carry_no_extraction_debris(esc: Framework) -> None:
    texts = [esc.description, esc.source]
    for capability in esc.capabilities:
        texts += [capability.definition, capability.practice]
        texts += [indicator.text for indicator in capability.indicators]
    for text in texts:
        assert "\N{BLACK CIRCLE}" not in text and "\t" not in text, text
        assert text == text.strip() and "  " not in text, text
        assert not text.endswith((";", " and")), text


def test_esc_is_listed_by_the_registry() -> None:
    assert ("esc", "The Ten Essential Shared Capabilities") in available_frameworks()


# --- fidelity to the source document --------------------------------------------------------------


def test_names_and_definitions_match_the_summary(esc: Framework) -> None:
    if not SUMMARY.is_file():
        pytest.skip(f"summary document not available at {SUMMARY}")
    paragraphs = re.split(r"\n\s*\n", SUMMARY.read_text(encoding="utf-8").strip())[1:]
    summary = {}
    for paragraph in paragraphs:
        match = re.fullmatch(r"(\d+)\. (.+?)\. (.+)", _squash(paragraph))
        assert match, paragraph
        summary[int(match.group(1))] = (match.group(2), match.group(3))
    assert sorted(summary) == list(range(1, 11))
    for capability in esc.capabilities:
        name, definition = summary[capability.id]
        assert _squash(capability.name) == name
        assert _squash(capability.definition) == definition


def test_definitions_and_practice_appear_in_the_document(esc: Framework, document: str) -> None:
    source = _repair_extraction(document)
    for capability in esc.capabilities:
        assert _squash(capability.definition) in source, capability.id
        for paragraph in capability.practice.split("\n\n"):
            assert _squash(paragraph) in source, (capability.id, paragraph)


def test_practice_and_indicators_come_from_their_own_section_of_appendix_d_in_order(
    esc: Framework, appendix_d: dict[int, str]
) -> None:
    for capability in esc.capabilities:
        section = _repair_extraction(appendix_d[capability.id])
        assert _squash(capability.practice) in section, capability.id
        position = 0
        for indicator in capability.indicators:
            found = section.find(_squash(indicator.text), position)
            assert found >= 0, indicator.code
            position = found + 1


def test_every_bullet_of_appendix_d_became_an_indicator(
    esc: Framework, appendix_d: dict[int, str]
) -> None:
    for capability in esc.capabilities:
        bullets = appendix_d[capability.id].count("\N{BLACK CIRCLE}")
        assert len(capability.indicators) == bullets, capability.id


# --- codes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("9", "9"),
        (" 9 ", "9"),
        ("9.3", "9.3"),
        ("\t10.7\n", "10.7"),
        ("2.10", "2.10"),
        ("safety-risk", "9"),
        (" Safety-Risk ", "9"),
        ("partnership", "1"),
    ],
)
def test_normalise_code_accepts(esc: Framework, typed: str, canonical: str) -> None:
    assert esc.normalise_code(typed) == canonical


@pytest.mark.parametrize(
    "typed", ["11", "0", "9.99", "9.0", "10.8", "abc", "", "   ", "9.", ".3", "9.3.1"]
)
def test_normalise_code_refuses(esc: Framework, typed: str) -> None:
    with pytest.raises(UnknownCapability) as caught:
        esc.normalise_code(typed)
    message = str(caught.value)
    assert "\n" not in message
    if typed.strip():
        assert f'"{typed.strip()}"' in message


def test_unknown_capability_message_says_what_is_valid(esc: Framework) -> None:
    with pytest.raises(UnknownCapability) as caught:
        esc.normalise_code("11")
    assert str(caught.value).startswith('unknown capability "11": capabilities are 1\N{EN DASH}10')
    with pytest.raises(UnknownCapability) as caught:
        esc.normalise_code("9.99")
    assert "9.1\N{EN DASH}9.11" in str(caught.value)


def test_unknown_capability_is_a_user_error() -> None:
    assert issubclass(UnknownCapability, UserError)


def test_parse_codes_sorts_and_deduplicates(esc: Framework) -> None:
    assert esc.parse_codes(["1,9.3", "9"]) == ("1", "9", "9.3")
    assert esc.parse_codes(["9.3", " 9.3 ", "safety-risk", "10", "2.10, 2.2", "9"]) == (
        "2.2",
        "2.10",
        "9",
        "9.3",
        "10",
    )
    assert esc.parse_codes([]) == ()


@pytest.mark.parametrize("values", [["1,11"], ["1,"], ["9.3", "abc"], [""]])
def test_parse_codes_refuses_any_bad_piece(esc: Framework, values: list[str]) -> None:
    with pytest.raises(UnknownCapability):
        esc.parse_codes(values)


def test_lookups(esc: Framework) -> None:
    assert esc.capability(9).slug == "safety-risk"
    assert esc.indicator("9.3").text.startswith("Demonstrate the ability to educate users")
    assert esc.indicator(" 9.3 ") is esc.indicator("9.3")
    with pytest.raises(UnknownCapability):
        esc.capability(11)
    with pytest.raises(UnknownCapability):
        esc.indicator("9")
    with pytest.raises(UnknownCapability):
        esc.indicator("9.12")


def test_capability_of() -> None:
    assert capability_of("9.3") == 9
    assert capability_of("9") == 9
    assert capability_of("10.7") == 10
    with pytest.raises(UnknownCapability):
        capability_of("nine")


# --- loading and validating data files ------------------------------------------------------------


def _minimal() -> dict[str, object]:
    return {
        "id": "mini",
        "name": "A Minimal Framework",
        "short_name": "Mini",
        "description": "Two capabilities, for tests.",
        "source": "Nowhere",
        "capabilities": [
            {
                "id": 1,
                "slug": "first",
                "name": "First",
                "definition": "The first.",
                "practice": "Practise it.",
                "indicators": [{"code": "1.1", "text": "One"}, {"code": "1.2", "text": "Two"}],
            },
            {
                "id": 2,
                "slug": "second",
                "name": "Second",
                "definition": "The second.",
                "practice": "Practise it too.",
                "indicators": [],
            },
        ],
    }


@pytest.fixture
def framework_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Resources redirected to a temporary folder holding only the files a test writes."""
    folder = tmp_path / "frameworks"
    folder.mkdir()
    monkeypatch.setattr(frameworks, "resource", lambda *parts: tmp_path.joinpath(*parts))
    load_framework.cache_clear()
    yield folder
    load_framework.cache_clear()


def _write(folder: Path, data: object, name: str = "mini") -> None:
    (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")


def test_registry_is_generated_from_the_folder(framework_dir: Path) -> None:
    assert available_frameworks() == []
    _write(framework_dir, _minimal())
    other = _minimal() | {"id": "alpha", "name": "Alpha"}
    _write(framework_dir, other, "alpha")
    (framework_dir / "notes.txt").write_text("not a framework", encoding="utf-8")
    assert available_frameworks() == [("alpha", "Alpha"), ("mini", "A Minimal Framework")]
    mini = load_framework("mini")
    assert mini.parse_codes(["second", "1.2"]) == ("1.2", "2")
    assert load_framework("mini") is mini


def test_unknown_framework(framework_dir: Path) -> None:
    _write(framework_dir, _minimal())
    for name in ("nope", "../mini", ""):
        with pytest.raises(UnknownFramework, match="available frameworks: mini"):
            load_framework(name)


def _broken(change: str) -> object:
    data = _minimal()
    capabilities = data["capabilities"]
    assert isinstance(capabilities, list)
    first = capabilities[0]
    if change == "ids out of order":
        capabilities.reverse()
    elif change == "indicator codes skip":
        first["indicators"][1]["code"] = "1.3"
    elif change == "indicator of another capability":
        first["indicators"][0]["code"] = "2.1"
    elif change == "empty indicator text":
        first["indicators"][0]["text"] = "  "
    elif change == "empty definition":
        first["definition"] = ""
    elif change == "missing practice":
        del first["practice"]
    elif change == "duplicate slug":
        capabilities[1]["slug"] = "first"
    elif change == "numeric slug":
        first["slug"] = "7"
    elif change == "id is not the file name":
        data["id"] = "other"
    elif change == "no capabilities":
        data["capabilities"] = []
    elif change == "not an object":
        return ["mini"]
    return data


@pytest.mark.parametrize(
    "change",
    [
        "ids out of order",
        "indicator codes skip",
        "indicator of another capability",
        "empty indicator text",
        "empty definition",
        "missing practice",
        "duplicate slug",
        "numeric slug",
        "id is not the file name",
        "no capabilities",
        "not an object",
    ],
)
def test_malformed_file_is_refused(framework_dir: Path, change: str) -> None:
    _write(framework_dir, _broken(change))
    with pytest.raises(MalformedFramework, match=r"frameworks/mini\.json"):
        load_framework("mini")


def test_invalid_json_is_refused(framework_dir: Path) -> None:
    (framework_dir / "mini.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(MalformedFramework, match="not valid UTF-8 JSON"):
        load_framework("mini")


# --- layering -------------------------------------------------------------------------------------


def test_core_frameworks_never_imports_qt() -> None:
    code = (
        "import reflect.core.frameworks, sys; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"
