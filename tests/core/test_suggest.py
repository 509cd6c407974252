"""Capability suggestions: quality on the labelled set, explanations, determinism, odd input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from reflect.core import suggest as suggest_module
from reflect.core.frameworks import capability_of, load_framework
from reflect.core.suggest import Suggestion, suggest

EVAL_SET = Path(__file__).resolve().parent.parent / "data" / "suggest_eval.json"


@pytest.fixture(scope="module")
def framework():
    return load_framework()


@pytest.fixture(scope="module")
def reflections():
    return json.loads(EVAL_SET.read_text(encoding="utf-8"))["reflections"]


def _scores(reflections, framework):
    """precision@1 and recall@3 by capability, as bench/eval_suggest.py defines them."""
    p1 = r3 = 0.0
    for reflection in reflections:
        labels = {int(code) for code in reflection["capabilities"]}
        top = [capability_of(s.code) for s in suggest(reflection["text"], framework, limit=3)]
        p1 += bool(top) and top[0] in labels
        r3 += len(labels & set(top)) / len(labels)
    return p1 / len(reflections), r3 / len(reflections)


# --- the labelled evaluation set ----------------------------------------------------------------


def test_the_evaluation_set_is_big_enough_and_covers_every_capability(reflections, framework):
    assert len(reflections) >= 60
    counts = {c.id: 0 for c in framework.capabilities}
    for reflection in reflections:
        assert reflection["split"] in {"dev", "test"}
        assert reflection["capabilities"]
        assert framework.parse_codes(reflection["capabilities"])  # valid codes
        for code in reflection["capabilities"]:
            counts[capability_of(code)] += 1
    assert min(counts.values()) >= 5, counts
    assert len({r["text"] for r in reflections}) == len(reflections)
    assert len({r["id"] for r in reflections}) == len(reflections)


def test_the_evaluation_set_names_nobody(reflections):
    title_and_name = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr)\.? [A-Z]")
    for reflection in reflections:
        assert not title_and_name.search(reflection["text"]), reflection["id"]


def test_quality_floor_on_the_whole_set(reflections, framework):
    # Measured: precision@1 0.950, recall@3 0.881 (python -m bench.eval_suggest).
    precision_at_1, recall_at_3 = _scores(reflections, framework)
    assert precision_at_1 >= 0.85
    assert recall_at_3 >= 0.80


def test_quality_floor_on_the_held_out_half(reflections, framework):
    # The "test" half was never used to build the vocabulary. Measured: 0.925 and 0.838.
    held_out = [r for r in reflections if r["split"] == "test"]
    precision_at_1, recall_at_3 = _scores(held_out, framework)
    assert precision_at_1 >= 0.80
    assert recall_at_3 >= 0.75


# --- behaviour ------------------------------------------------------------------------------------

SAFETY = (
    "She told me she had been self-harming and had thoughts of suicide. We completed a risk "
    "assessment together, looked at her risk factors and wrote a safety plan with the crisis team."
)


def test_a_clear_text_gets_the_right_capability_first_with_its_trigger_words(framework):
    found = suggest(SAFETY, framework)
    assert capability_of(found[0].code) == 9
    assert {"risk assessment", "safety plan", "crisis team"} <= set(found[0].why)


def test_every_suggestion_is_explained_by_words_from_the_text(reflections, framework):
    for reflection in reflections:
        flat = " ".join(reflection["text"].split()).lower()
        for found in suggest(reflection["text"], framework):
            assert 1 <= len(found.why) <= suggest_module.MAX_WHY
            for word in found.why:
                assert word.lower() in flat, (reflection["id"], found.code, word)


def test_results_are_ordered_scored_in_range_and_limited(framework):
    found = suggest(SAFETY + " Her mother, her carer, joined the review of her goals.", framework)
    assert len(found) >= 2
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 < s <= 1.0 for s in scores)
    assert len({capability_of(s.code) for s in found}) == len(found)  # one per capability
    assert len(suggest(SAFETY, framework, limit=1)) == 1
    assert suggest(SAFETY, framework, limit=0) == []


def test_deterministic_including_after_rebuilding_the_index(reflections, framework):
    first = [suggest(r["text"], framework) for r in reflections]
    assert first == [suggest(r["text"], framework) for r in reflections]
    suggest_module._indexes.clear()
    assert first == [suggest(r["text"], framework) for r in reflections]


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00"])
def test_empty_text_gets_no_suggestions(framework, text):
    assert suggest(text, framework) == []


@pytest.mark.parametrize(
    "text",
    [
        "asdkjh qwpoei zxmcnv lkjasd poiuyt",
        "Le patient était calme aujourd'hui et nous avons parlé de sa famille et de son travail.",
        "Der Patient hatte heute große Angst vor der Zukunft und wollte nicht sprechen.",
        "患者今天很焦虑\uff0c不想说话\u3002",
        "1234 5678 !!! ??? 99.9% #### ----",
        "The weather was nice and I had a sandwich for lunch before the bus home.",
    ],
)
def test_garbage_and_other_languages_get_low_or_no_suggestions(framework, text):
    assert all(s.score < 0.3 for s in suggest(text, framework))


def test_odd_input_never_raises(framework):
    for text in [
        "🙂" * 50,
        "a" * 10_000,
        "self-harm " * 2_000,
        "\u2019'\u2019' -- ..",
        "\u0301\u200b",
    ]:
        found = suggest(text, framework)
        assert all(isinstance(s, Suggestion) for s in found)


def test_a_clearly_matching_indicator_replaces_its_capability(framework):
    found = suggest(
        "I contributed to her risk assessment: we went through each of the risk factors and "
        "wrote a risk formulation with her family.",
        framework,
    )
    assert found[0].code == "9.4"
    assert framework.indicator(found[0].code).capability == 9


def test_a_vague_match_stays_at_capability_level(framework):
    found = suggest("There was some risk on the ward today and I thought about safety.", framework)
    assert found and found[0].code == "9"


def test_phrases_match_as_a_whole_but_never_across_a_sentence_break(framework):
    whole = suggest("We reviewed her care plan together.", framework)
    assert "care plan" in whole[0].why
    broken = suggest("We talked about her care. Plan to visit again.", framework)
    assert all("care plan" not in s.why for s in broken)


def test_hyphens_and_spaces_in_a_phrase_are_the_same(framework):
    hyphen = suggest("He disclosed self-harm.", framework)
    space = suggest("He disclosed self harm.", framework)
    assert [s.code for s in hyphen] == [s.code for s in space] == ["9"]


def test_an_acronym_in_capitals_does_not_match_the_ordinary_word(framework):
    assert "NICE" in suggest("We followed NICE on psychosis.", framework)[0].why
    assert all("nice" not in s.why for s in suggest("It was nice to see him smile.", framework))


def test_a_framework_without_a_vocabulary_still_gets_suggestions_from_its_own_words(framework):
    bare = replace(framework, id="bare-test-framework")
    found = suggest("We talked about the risk of violence and suicide and safety.", bare)
    assert found and capability_of(found[0].code) == 9


def test_the_core_modules_do_not_import_qt():
    code = (
        "import sys, reflect.core.suggest, reflect.core.templates, reflect.core.cpd;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
