"""Capability suggestions: which capabilities (and indicators) a piece of writing speaks to.

Local and explainable on purpose: no network, no model, nothing learnt from the user's writing.
Each capability is described by two bags of terms:

* the framework's own words — its definition, practice paragraphs and indicators — stemmed and
  weighted by how particular they are to the capability (BM25-style term weights, so a word every
  capability uses counts for little);
* a curated vocabulary of practice terms (``resources/suggest/<framework>_vocabulary.json``):
  single words and phrases such as "carer", "self-harm", "de-escalation" or "care plan", in three
  tiers of strength, shared terms counting less for each capability that lists them.

A text is tokenised, stop words dropped, words stemmed (Snowball, English), and matched against
every term, longest phrase first ("risk assessment" is one match, not "risk" and "assessment"),
never across a sentence break. A capability's raw score is the sum of its matched terms' weights
(damped for repeats); the score shown is ``1 - exp(-raw / SCALE)``, so it reads as confidence in
0..1 rather than as a share of the best. Each suggestion names the words of the text that weighed
most. An indicator replaces its capability's code when it clearly matches (at least two of its own
terms, well ahead of the capability's other indicators).

The index is built once per framework and cached; a suggestion for one entry then takes a few
milliseconds. Results are deterministic: ties break by capability number.

This module never imports Qt.
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import snowballstemmer

from reflect.core.frameworks import Framework
from reflect.resources import resource

#: Raw score at which the shown score reaches about 0.63 (1 - 1/e).
SCALE = 6.0
#: Suggestions scoring below this are not worth a practitioner's attention.
MIN_SCORE = 0.2
#: A suggestion below this share of the best one's raw score is noise beside it.
MIN_SHARE = 0.3
#: How many why-words a suggestion names at most.
MAX_WHY = 5

_TIERS = {"strong": 2.0, "terms": 1.0, "weak": 0.4}
#: How much the framework's own wording weighs against the curated vocabulary.
_FRAMEWORK_WEIGHT = 0.6
_BM25_K1 = 1.2
_BM25_B = 0.5
_MAX_PHRASE = 4
#: Words of a phrase may have this many stop words between them ("plan of care").
_MAX_SKIPPED = 1
#: An indicator "clearly" matches with at least this many distinct terms of its own, …
_INDICATOR_MIN_TERMS = 2
#: … at least one of them curated for it, this much weight in all, …
_INDICATOR_MIN_WEIGHT = 1.6
#: … and this much more weight than the capability's next indicator.
_INDICATOR_LEAD = 1.5
_CURATED_INDICATOR_WEIGHT = 1.0
#: An indicator's own words weigh at most this (below a curated term) by how rare they are.
_OWN_WORD_WEIGHT = 0.9
#: A why-word weighs at least this share of the strongest one.
_WHY_SHARE = 0.2

_WORD = re.compile(r"[^\W\d_]+(?:['\N{RIGHT SINGLE QUOTATION MARK}][^\W\d_]+)*")
_BREAK = re.compile(r"[.!?;:,()\[\]\n\"\N{EM DASH}\N{EN DASH}]")


@dataclass(frozen=True)
class Suggestion:
    """One suggested tag.

    Attributes:
        code: A capability (``"9"``) or, when one clearly matches, an indicator (``"9.4"``).
        score: Confidence in 0..1 (not a probability; comparable across texts).
        why: The words of the text that weighed most for it, strongest first.
    """

    code: str
    score: float
    why: tuple[str, ...]


@dataclass(frozen=True)
class _Token:
    stem: str
    upper: bool
    start: int
    end: int
    joined: bool  # close to the token before, with no sentence break between


@dataclass
class _Term:
    """A matchable term: per-capability and per-indicator weights."""

    case_sensitive: bool = False
    capabilities: dict[int, float] | None = None
    indicators: dict[str, float] | None = None


@dataclass(frozen=True)
class _Index:
    terms: dict[tuple[str, ...], _Term]
    longest: int
    capability_codes: dict[int, str]


# --- text analysis ----------------------------------------------------------------------------


@cache
def _word_list(name: str) -> frozenset[str]:
    """A word-per-line data file of ``resources/suggest`` (``#`` starts a comment)."""
    text = resource("suggest", name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _stopwords() -> frozenset[str]:
    return _word_list("stopwords.txt")


_stemmer_lock = threading.Lock()
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)  # bounded: it holds words of the user's writing, in memory only
def _stem(word: str) -> str:
    if word in _word_list("unstemmed.txt"):
        return word
    with _stemmer_lock:  # a Snowball stemmer object keeps state while it works
        return str(_stemmer.stemWord(word))


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _tokens(text: str) -> list[_Token]:
    """Content words of (normalised) ``text``: stems, positions and phrase adjacency."""
    stop = _stopwords()
    found: list[_Token] = []
    previous_end = 0
    pending_break = False
    skipped = 0
    for match in _WORD.finditer(text):
        surface = match.group()
        word = surface.lower().replace("'", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", "")
        gap = text[previous_end : match.start()]
        previous_end = match.end()
        if _BREAK.search(gap):
            pending_break = True
        if len(word) < 2 or word in stop:
            skipped += 1
            continue
        found.append(
            _Token(
                stem=_stem(word),
                upper=surface.isupper() and len(surface) > 1,
                start=match.start(),
                end=match.end(),
                joined=bool(found) and not pending_break and skipped <= _MAX_SKIPPED,
            )
        )
        pending_break = False
        skipped = 0
    return found


def _term_key(term: str) -> tuple[str, ...]:
    return tuple(token.stem for token in _tokens(_normalise(term)))


# --- the index --------------------------------------------------------------------------------


_index_lock = threading.Lock()
_indexes: dict[str, tuple[Framework, _Index]] = {}


def _index_for(framework: Framework) -> _Index:
    """The cached index of a framework (rebuilt only for a different framework object)."""
    cached = _indexes.get(framework.id)
    if cached is not None and cached[0] is framework:
        return cached[1]
    with _index_lock:
        cached = _indexes.get(framework.id)
        if cached is None or cached[0] is not framework:
            cached = (framework, _build_index(framework, _vocabulary(framework.id)))
            _indexes[framework.id] = cached
        return cached[1]


def _vocabulary(framework_id: str) -> dict[str, Any]:
    """The curated vocabulary for a framework; an empty one if none ships (framework words only)."""
    node = resource("suggest", f"{framework_id}_vocabulary.json")
    if not node.is_file():
        return {}
    data = json.loads(node.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _build_index(framework: Framework, vocabulary: dict[str, Any]) -> _Index:
    terms: dict[tuple[str, ...], _Term] = {}
    ignored = {_stem(word.lower()) for word in vocabulary.get("ignore", [])}

    def entry(key: tuple[str, ...], case_sensitive: bool = False) -> _Term:
        term = terms.setdefault(key, _Term())
        term.case_sensitive = term.case_sensitive or case_sensitive
        return term

    # The framework's own words: BM25 weights over the capabilities as documents.
    bags: dict[int, Counter[str]] = {}
    for capability in framework.capabilities:
        text = _normalise(
            " ".join(
                [capability.name, capability.definition, capability.practice]
                + [indicator.text for indicator in capability.indicators]
            )
        )
        bags[capability.id] = Counter(t.stem for t in _tokens(text) if t.stem not in ignored)
    count = len(bags)
    average = sum(sum(bag.values()) for bag in bags.values()) / max(count, 1)
    document_frequency: Counter[str] = Counter(stem for bag in bags.values() for stem in bag)
    for capability_id, bag in bags.items():
        length = sum(bag.values())
        for stem, frequency in bag.items():
            df = document_frequency[stem]
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            saturation = (frequency * (_BM25_K1 + 1)) / (
                frequency + _BM25_K1 * (1 - _BM25_B + _BM25_B * length / average)
            )
            term = entry((stem,))
            term.capabilities = term.capabilities or {}
            term.capabilities[capability_id] = _FRAMEWORK_WEIGHT * idf * saturation

    # The curated vocabulary: a term listed by k capabilities counts 1/sqrt(k) for each.
    listed: dict[tuple[str, ...], dict[int, float]] = defaultdict(dict)
    sensitive: set[tuple[str, ...]] = set()
    for raw_id, tiers in vocabulary.get("capabilities", {}).items():
        capability_id = int(raw_id)
        if capability_id not in bags:
            continue
        for tier, weight in _TIERS.items():
            for word in tiers.get(tier, []):
                key = _term_key(word)
                if not key:
                    continue
                if word.isupper() and len(word) > 1:
                    sensitive.add(key)
                listed[key][capability_id] = max(listed[key].get(capability_id, 0.0), weight)
    for key, weights in listed.items():
        term = entry(key, key in sensitive)
        term.capabilities = term.capabilities or {}
        spread = math.sqrt(len(weights))
        for capability_id, weight in weights.items():
            term.capabilities[capability_id] = (
                term.capabilities.get(capability_id, 0.0) + weight / spread
            )

    # Indicators: their own content words, weighted by how rare they are among all indicators
    # (words every indicator uses say nothing), and their curated terms at full weight.
    indicator_words: dict[str, set[tuple[str, ...]]] = {}
    for capability in framework.capabilities:
        for indicator in capability.indicators:
            indicator_words[indicator.code] = {
                (t.stem,)
                for t in _tokens(_normalise(indicator.text))
                if t.stem not in ignored and t.stem not in _stopwords()
            }
    total = max(len(indicator_words), 2)
    spread_of: Counter[tuple[str, ...]] = Counter(
        key for keys in indicator_words.values() for key in keys
    )
    for code, own_keys in indicator_words.items():
        code_weights = {
            own: _OWN_WORD_WEIGHT * math.log(total / spread_of[own]) / math.log(total)
            for own in own_keys
        }
        for word in vocabulary.get("indicators", {}).get(code, []):
            if curated := _term_key(word):
                code_weights[curated] = _CURATED_INDICATOR_WEIGHT
        for term_key, weight in code_weights.items():
            term = entry(term_key, term_key in sensitive)
            term.indicators = term.indicators or {}
            term.indicators[code] = max(term.indicators.get(code, 0.0), weight)

    longest = max((len(key) for key in terms), default=1)
    return _Index(
        terms=terms,
        longest=min(longest, _MAX_PHRASE),
        capability_codes={c.id: c.code for c in framework.capabilities},
    )


# --- suggesting -------------------------------------------------------------------------------


def suggest(text: str, framework: Framework, limit: int = 5) -> list[Suggestion]:
    """The capabilities ``text`` most likely speaks to, best first (at most ``limit``).

    Weak matches are left out, so a short or unrelated text (or one in another language) may get
    no suggestion at all. Never raises for any text.
    """
    if limit < 1 or not text.strip():
        return []
    index = _index_for(framework)
    text = _normalise(text)
    matches = _match(text, _tokens(text), index)
    if not matches:
        return []

    raw: dict[int, float] = defaultdict(float)
    reasons: dict[int, dict[str, float]] = defaultdict(dict)
    evidence: dict[str, dict[tuple[str, ...], float]] = defaultdict(dict)
    for key, (term, frequency, surface) in matches.items():
        damp = 1.0 + math.log(frequency)
        for capability_id, weight in (term.capabilities or {}).items():
            gain = damp * weight
            raw[capability_id] += gain
            why = reasons[capability_id]
            why[surface] = why.get(surface, 0.0) + gain
        for code, weight in (term.indicators or {}).items():
            evidence[code][key] = weight

    ranked = sorted(raw.items(), key=lambda pair: (-pair[1], pair[0]))
    best = ranked[0][1]
    results: list[Suggestion] = []
    for capability_id, value in ranked:
        score = 1.0 - math.exp(-value / SCALE)
        if score < MIN_SCORE or value < MIN_SHARE * best:
            break
        words = sorted(reasons[capability_id].items(), key=lambda pair: (-pair[1], pair[0]))
        words = [(w, gain) for w, gain in words if gain >= _WHY_SHARE * words[0][1]]
        results.append(
            Suggestion(
                code=_indicator_code(capability_id, evidence)
                or index.capability_codes[capability_id],
                score=round(score, 3),
                why=tuple(word for word, _ in words[:MAX_WHY]),
            )
        )
        if len(results) == limit:
            break
    return results


def _match(
    text: str, tokens: list[_Token], index: _Index
) -> dict[tuple[str, ...], tuple[_Term, int, str]]:
    """Longest-first matches of index terms: ``{key: (term, times, first surface form)}``."""
    found: dict[tuple[str, ...], tuple[_Term, int, str]] = {}
    position = 0
    while position < len(tokens):
        taken = 1
        for size in range(min(index.longest, len(tokens) - position), 0, -1):
            window = tokens[position : position + size]
            if any(not token.joined for token in window[1:]):
                continue
            key = tuple(token.stem for token in window)
            term = index.terms.get(key)
            if term is None or (term.case_sensitive and not all(t.upper for t in window)):
                continue
            previous = found.get(key)
            if previous is None:
                found[key] = (term, 1, _surface(text, window))
            else:
                found[key] = (term, previous[1] + 1, previous[2])
            taken = size
            break
        position += taken
    return found


def _surface(text: str, window: list[_Token]) -> str:
    """How the matched words were written, spacing made single.

    Lower-cased, except words with an acronym ("CBT", "NICE guidance") and names of several
    capitalised words ("Mental Health Act"), which are kept as the writer wrote them.
    """
    written = " ".join(text[window[0].start : window[-1].end].split())
    capitalised = all(text[token.start].isupper() for token in window)
    if (capitalised and len(window) > 1) or any(token.upper for token in window):
        return written
    return written.lower()


def _indicator_code(
    capability_id: int, evidence: dict[str, dict[tuple[str, ...], float]]
) -> str | None:
    """The indicator of ``capability_id`` that clearly matches, if one does."""
    prefix = f"{capability_id}."
    ranked = sorted(
        (
            (sum(weights.values()), code, weights)
            for code, weights in evidence.items()
            if code.startswith(prefix)
        ),
        key=lambda row: (-row[0], _indicator_order(row[1])),
    )
    if not ranked:
        return None
    weight, code, weights = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    clear = (
        len(weights) >= _INDICATOR_MIN_TERMS
        and any(w >= _CURATED_INDICATOR_WEIGHT for w in weights.values())
        and weight >= _INDICATOR_MIN_WEIGHT
        and weight >= _INDICATOR_LEAD * runner_up
    )
    return code if clear else None


def _indicator_order(code: str) -> int:
    return int(code.partition(".")[2])


def warm(framework: Framework) -> None:
    """Build the framework's index now (e.g. on a worker thread at start-up)."""
    _index_for(framework)
