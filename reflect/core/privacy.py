"""The identifiable-information check every export passes before anything is written.

An appraisal summary leaves the encrypted vault, so it must not carry anything that identifies a
service user. :func:`scan` finds the usual suspects in a text: NHS numbers (only those whose Modulus
11 check digit is valid), dates of birth, UK postcodes and phone numbers, e-mail addresses, a title
followed by a surname ("Mr Khan") and the words on the user's own watch list. :func:`redact`
replaces what was found with a marker such as ``[redacted: NHS number]`` (in the export only).

The check errs towards flagging: a false alarm costs a click, a miss can cost a breach. It must
also be fast (5,000 words well under 50 ms; a whole journal for the JSON export), and prose is
mostly ordinary words: so the kinds that contain a digit or an "@" are searched for only in
windows around the digits and "@"s, and names and birth keywords by expressions the regular
expression engine can skip straight to. Every pass is linear in the text. The texts of a document
(30,000 of them in a large journal) are scanned together by :func:`scan_many`, with exactly the
findings a scan of each would give: laid end to end, searched once per expression, and only the
texts a quick first search marks (a digit, a "b" of a birth keyword, a watched word) are searched
further. No Qt here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial

from reflect.i18n import N_, _

#: The journal setting holding the user's watch list: a list of names and words to flag.
WATCH_LIST_SETTING = "privacy_watch_list"

KIND_LABELS: dict[str, str] = {
    "nhs_number": N_("NHS number"),
    "date_of_birth": N_("date of birth"),
    "postcode": N_("postcode"),
    "phone": N_("phone number"),
    "email": N_("e-mail address"),
    "title_surname": N_("name"),
    "watch_list": N_("watch-list word"),
}

#: Kinds in the order a person reads about them (the dialog and messages use it).
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

#: A full date older than this many years is taken for a date of birth.
ADULT_YEARS = 16


@dataclass(frozen=True)
class Finding:
    """Something in a text that may identify a person.

    Attributes:
        kind: One of :data:`KINDS`.
        text: The matched text, exactly as it stands in the scanned text.
        start: Its offset in the scanned text.
        end: The offset just after it (``text == scanned[start:end]``).
    """

    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        """What it is, for people: "NHS number", "postcode" …"""
        return _(KIND_LABELS[self.kind])


# --- the expression ---------------------------------------------------------------------------

_CAPITAL = "[A-ZÀ-ÖØ-Þ]"
_SMALL = "[a-zß-öø-ÿ]"
_APOSTROPHE = "'\N{RIGHT SINGLE QUOTATION MARK}"
# "Khan", "O'Neill", "McDonald", "Smith-Jones", "KHAN"
_SURNAME = (
    f"{_CAPITAL}(?:{_SMALL}+|[{_APOSTROPHE}]{_CAPITAL}{_SMALL}+|{_CAPITAL}+\\b)"
    f"(?:[\\-{_APOSTROPHE}]?{_CAPITAL}{_SMALL}+)*"
)
# Between a title and a name: spaces, or a line break (text wrapped by hand).
_GAP = r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"

# Full dates: numeric (UK day first, the separator repeated), ISO, and with a month name; "{p}"
# prefixes the group names so the expression can be used twice. Dotted dates need a four-digit
# year or two-digit parts, so version numbers (3.11.4) never match.
_FULL_DATE = (
    r"(?<![\d.])(?:"
    r"(?P<{p}d1>\d{{1,2}})(?P<{p}s1>[/\-])(?P<{p}m1>\d{{1,2}})(?P={p}s1)(?P<{p}y1>\d{{4}}|\d{{2}})"
    r"|(?P<{p}d2>\d{{1,2}})\.(?P<{p}m2>\d{{1,2}})\.(?P<{p}y2>\d{{4}})"
    r"|(?P<{p}d3>\d{{2}})\.(?P<{p}m3>\d{{2}})\.(?P<{p}y3>\d{{2}})"
    r"|(?P<{p}y4>\d{{4}})-(?P<{p}m4>\d{{1,2}})-(?P<{p}d4>\d{{1,2}})"
    r"|(?P<{p}d5>\d{{1,2}})" + _ORDINAL + r"(?:\s+of)?\s+(?P<{p}n5>" + _MONTH + r")\.?,?\s+"
    r"(?P<{p}y5>\d{{4}})"
    r"|\b(?P<{p}n6>" + _MONTH + r")\.?\s+(?P<{p}d6>\d{{1,2}})" + _ORDINAL + r",?\s+"
    r"(?P<{p}y6>\d{{4}})"
    r")(?![\d.]\d|\d)"
)

# Everything except names contains a digit or an "@": these are found in windows around the
# digits and "@"s of a text (see :func:`_scan_numeric`).
_NUMERIC_PARTS = (
    # e-mail addresses
    r"(?P<email>(?<![\w.%+\-'])[\w.%+\-']+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)",
    # UK phone numbers: 0 and ten more digits, or +44/0044 and ten; spaces, dashes, brackets
    r"(?P<phone>(?<![\w+])(?:(?:\+|\b00)[ ]?44[ ]?(?:\(0\)[ ]?)?|\(?0)"
    r"\d(?:[ \-)]{0,2}\d){9}(?!\d))",
    # NHS numbers: ten digits, 3-3-4 with spaces or dashes, or none (checked afterwards)
    r"(?P<nhs>(?<![\d.,/\-])\d{3}[ \-\u00a0]?\d{3}[ \-\u00a0]?\d{4}(?!\d|[.,/]\d))",
    # any other full date (kept only when old enough to be a date of birth)
    r"(?P<date>" + _FULL_DATE.format(p="f") + r")",
    # UK postcodes, all capitals or all lower case
    r"(?P<postcode>(?<![\w])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}"
    r"|[a-pr-uwyz][a-hk-y]?\d[a-z\d]? ?\d[abd-hjlnp-uw-z]{2}|GIR ?0AA)(?!\w))",
)
# Only a digit or a position not inside a word can start a finding: checked first, it makes
# trying each position cheap.
_NUMERIC = re.compile(r"(?:(?<![^\W\d_])|(?=\d))(?:" + "|".join(_NUMERIC_PARTS) + ")")
_TRIGGER = re.compile(r"\d+|@")
#: How far before its first digit a finding can start ("September 3, 1950", "+44 (0)20") and
#: after its last digit it can end ("SW1A 1AA"); an "@" reaches further (long e-mail addresses).
_DIGIT_REACH = (16, 8)
_AT_REACH = (80, 120)

# A date close after a date-of-birth keyword: any date, a month and year, or a year. Keywords are
# few, so they are found first (over lower-cased text, where the engine can skip to a "d" or a
# "b") and the date is looked for only after each.
_BIRTH_KEYWORD = re.compile(r"d\.?o\.?b\b|date\s+of\s+birth\b|born\b|birth\s?(?:day|date)\b")
#: A "b" that may belong to a birth keyword: in "birth", "born", or ending "dob", "d.o.b"…
#: Texts without one are not searched for keywords; the engine skips straight to each "b".
_BIRTH_HINT = re.compile(r"b(?:irth|orn|(?:(?<=dob)|(?<=d\.ob)|(?<=do\.b)|(?<=d\.o\.b))\b)")
_BIRTH = re.compile(
    r"(?i:d\.?o\.?b\b\.?|date\s+of\s+birth\b|born\b|birth\s?(?:day|date)\b)[^\n\d]{0,30}?"
    r"(?P<dobval>" + _FULL_DATE.format(p="k") + r"|(?:" + _MONTH + r"\.?,?\s+)?(?:19|20)\d\d\b)"
)

# A title and a surname, allowing initials between ("Dr A. J. Patel", "Mrs O'Neill"). The titles
# come first so the engine can skip straight to their capitals; the word boundary before a title
# is checked by hand for the same reason.
_TITLES = re.compile(
    r"(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Revd|Rev|Master)\b\.?"
    f"{_GAP}(?:{_CAPITAL}\\.?{_GAP}){{0,3}}{_SURNAME}"
)


@lru_cache(maxsize=16)
def _watch_pattern(watch: tuple[str, ...], ignore_case: bool) -> re.Pattern[str] | None:
    """The watch list as one expression (over lower-cased text unless ``ignore_case``)."""
    if not watch:
        return None
    words = sorted(watch, key=len, reverse=True)  # longest first: "Ann Smith" before "Ann"
    if not ignore_case:
        words = [w.lower() for w in words]
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(r"(?:" + alternatives + r")(?!\w)", re.IGNORECASE if ignore_case else 0)


def clean_watch_list(words: Iterable[str]) -> tuple[str, ...]:
    """The watch list as the scanner uses it: trimmed, blank entries dropped, one of each (any
    case)."""
    seen: dict[str, str] = {}
    for raw in words:
        word = " ".join(str(raw).split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return tuple(seen.values())


# --- checks the expression cannot do ----------------------------------------------------------


def nhs_check_digit_ok(digits: str) -> bool:
    """Whether ten digits form a valid NHS number (the Modulus 11 check digit matches)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_MONTHS = {
    name: n
    for n, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def _full_date(match: re.Match[str], prefix: str, today: date) -> date | None:
    """The calendar date a full-date match names, or None when it names no real day."""
    groups = match.groupdict()
    for n in "123456":
        year = groups.get(f"{prefix}y{n}")
        if year is None:
            continue
        month_text = groups.get(f"{prefix}m{n}") or groups.get(f"{prefix}n{n}") or ""
        day = int(groups[f"{prefix}d{n}"])
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
        full_year = int(year)
        if len(year) == 2:
            full_year += 2000 if full_year <= today.year % 100 else 1900
        for d, m in ((day, month), (month, day)):  # day first, as in the UK; else US order
            try:
                return date(full_year, m, d)
            except ValueError:
                continue
        return None
    return None


def _adult_cutoff(today: date) -> date:
    try:
        return today.replace(year=today.year - ADULT_YEARS)
    except ValueError:  # 29 February
        return date(today.year - ADULT_YEARS, 2, 28)


# --- the scan ---------------------------------------------------------------------------------

#: What texts scanned together are laid out with. No finding can reach across it: the "\x00"
#: is neither a space nor part of a word (so no run of spaces, letters or digits crosses it) and
#: the line breaks stop anything that stays on one line; and both ends of a text see a
#: non-word, non-digit character beside them, as they see the start and the end of a text scanned
#: alone.
_SEPARATOR = "\n\x00\n"
#: The ASCII characters that start a window of :func:`_scan_numeric` (see ``_TRIGGER``).
_ASCII_TRIGGERS = "0123456789@"
#: Any character that starts one: a Unicode decimal digit (as ``\d`` means) or an "@".
_ANY_TRIGGER = re.compile(r"[\d@]")


def scan(text: str, watch_list: Iterable[str] = (), *, today: date | None = None) -> list[Finding]:
    """Everything in ``text`` that may identify a person, in the order it appears.

    Args:
        text: Any text (Markdown bodies are scanned as they are written).
        watch_list: The user's own names and words to flag; each matches as whole words, ignoring
            case (a phrase matches with any spacing).
        today: The local date that "more than 16 years ago" is counted from (default: today).

    Returns:
        Findings that do not overlap, ordered by position.
    """
    if not text:
        return []
    today = today or date.today()
    return _Laid.alone(text).scan(clean_watch_list(watch_list), today).get(0, [])


def scan_many(
    texts: Sequence[str], watch_list: Iterable[str] = (), *, today: date | None = None
) -> dict[int, list[Finding]]:
    """What :func:`scan` finds in each of ``texts``, found in one pass over all of them.

    An export checks tens of thousands of texts (every title, body and tag of a journal); a
    scan of each costs a dozen calls per text, and most texts hold no digit, no "@" and no birth
    keyword. Laid end to end with :data:`_SEPARATOR` between them, they are searched once per
    expression, and the windows around digits and "@"s only in the texts that have them.

    Returns:
        The findings of each text that has any, by its index in ``texts``, in index order.
        ``scan_many(texts)[n] == scan(texts[n])`` for every such ``n``.
    """
    today = today or date.today()
    watch = clean_watch_list(watch_list)
    together: list[int] = []
    alone: list[int] = []
    if any("\x00" in word for word in watch):  # a watched phrase could span the separator
        alone = [n for n, text in enumerate(texts) if text]
    else:
        for n, text in enumerate(texts):
            if not text:
                continue
            if text.isascii() or len(text.lower()) == len(text):
                together.append(n)
            else:  # lower-casing changes its length: searched apart, ignoring case
                alone.append(n)
    found: dict[int, list[Finding]] = {}
    if together:
        laid = _Laid.together([texts[n] for n in together])
        for k, findings in laid.scan(watch, today).items():
            found[together[k]] = findings
    for n in alone:
        findings = _Laid.alone(texts[n]).scan(watch, today).get(0, [])
        if findings:
            found[n] = findings
    return dict(sorted(found.items())) if alone else found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class _Laid:
    """Texts laid end to end, with where each starts and ends, searched as one string."""

    def __init__(self, texts: list[str], joined: str, lowered: str) -> None:
        self.texts = texts
        self.joined = joined
        #: The lower-cased text, or "" when lower-casing changes the length of the one text:
        #: then names and birth keywords are matched ignoring case instead.
        self.lowered = lowered
        self.starts: list[int] = []
        self.ends: list[int] = []
        pos = 0
        for text in texts:
            self.starts.append(pos)
            pos += len(text)
            self.ends.append(pos)
            pos += len(_SEPARATOR)

    @classmethod
    def alone(cls, text: str) -> _Laid:
        lowered = text.lower()
        return cls([text], text, lowered if len(lowered) == len(text) else "")

    @classmethod
    def together(cls, texts: list[str]) -> _Laid:
        """Texts whose lower-cased forms keep their lengths."""
        joined = _SEPARATOR.join(texts)
        if joined.isascii():
            lowered = joined.lower()
        else:  # each on its own, as a scan of it alone sees it (a final sigma depends on context)
            lowered = _SEPARATOR.join(text.lower() for text in texts)
        return cls(texts, joined, lowered)

    def owner(self, pos: int) -> int:
        """Which text the character at ``pos`` belongs to."""
        return bisect_right(self.starts, pos) - 1

    def scan(self, watch: tuple[str, ...], today: date) -> dict[int, list[Finding]]:
        """The findings of each text that has any, in text order (see :func:`scan`)."""
        found: dict[int, list[Finding]] = {}
        cutoff = _adult_cutoff(today)
        for k in self._with_triggers():
            numeric = _scan_numeric(self.texts[k], cutoff, today)
            if numeric:
                found[k] = numeric
        self._scan_births(found)
        self._scan_names(watch, found)
        result: dict[int, list[Finding]] = {}
        for k in sorted(found):
            candidates = found[k]
            candidates.sort(key=lambda f: (f.start, -f.end))
            findings: list[Finding] = []
            reached = 0
            for finding in candidates:  # an e-mail address holding a watched name is one finding
                if finding.start >= reached:
                    findings.append(finding)
                    reached = finding.end
            result[k] = findings
        return result

    def _with_triggers(self) -> list[int]:
        """The texts holding a digit or an "@" (the others can hold no numeric finding)."""
        if len(self.texts) == 1:  # searching for a trigger first would only add a pass
            return [0]
        marked: set[int] = set()
        for char in _ASCII_TRIGGERS:
            marked.update(self._marked(partial(self.joined.find, char)))
        if not self.joined.isascii():  # digits of other scripts, in texts not marked yet
            marked.update(
                k
                for k, text in enumerate(self.texts)
                if k not in marked and not text.isascii() and _ANY_TRIGGER.search(text)
            )
        return sorted(marked)

    def _marked(self, next_hint: Callable[[int], int]) -> list[int]:
        """The texts holding a hint, in order; ``next_hint(pos)`` is where the first hint at or
        after ``pos`` starts, or -1. One hint is enough: the search goes on after its text."""
        marked: list[int] = []
        pos = next_hint(0)
        while pos >= 0:
            k = self.owner(pos)
            if not marked or marked[-1] != k:
                marked.append(k)
            pos = next_hint(max(pos, self.ends[k]) + 1)
        return marked

    def _add(self, found: dict[int, list[Finding]], kind: str, start: int, end: int) -> None:
        k = self.owner(start)
        base = self.starts[k]
        finding = Finding(kind, self.joined[start:end], start - base, end - base)
        found.setdefault(k, []).append(finding)

    def _scan_births(self, found: dict[int, list[Finding]]) -> None:
        """Dates (or months and years, or years) a little after "DOB", "born", "date of birth"…"""
        text, lowered = self.joined, self.lowered
        if lowered:
            keyword, haystack = _BIRTH_KEYWORD, lowered
            fields = self._marked(partial(_next_start, _BIRTH_HINT.search, lowered))
        else:
            keyword, haystack = re.compile(_BIRTH_KEYWORD.pattern, re.IGNORECASE), text
            fields = list(range(len(self.texts)))
        for k in fields:
            # The date must lie in the keyword's own text: the search ends where that text does.
            pos, end = self.starts[k], self.ends[k]
            while (hit := keyword.search(haystack, pos, end)) is not None:
                pos = hit.end()
                if hit.start() and _is_word_char(haystack[hit.start() - 1]):  # "reborn"
                    continue
                match = _BIRTH.match(text, hit.start(), end)
                if match is not None:
                    date_start, date_end = match.span("dobval")
                    self._add(found, "date_of_birth", date_start, date_end)
                    pos = date_end

    def _scan_names(self, watch: tuple[str, ...], found: dict[int, list[Finding]]) -> None:
        """Titles with surnames and watch-list words (the kinds that need no digit)."""
        text, lowered = self.joined, self.lowered
        self._search_names("title_surname", _TITLES, text, [(0, len(text))], found)
        pattern = _watch_pattern(watch, not lowered)
        if pattern is None:
            return
        if not lowered:
            self._search_names("watch_list", pattern, text, [(0, len(text))], found)
            return
        # A finding starts with the first word of a watched phrase, at the start of a word, and
        # is not followed by a letter or digit: only the texts holding one are searched.
        marked: set[int] = set()
        for first in {next(iter(word.lower().split()), "") for word in watch}:
            if not first:  # no first word to look for (never seen): search everything
                marked.update(range(len(self.texts)))
                continue
            hint = _first_word_hint(first)
            marked.update(self._marked(partial(_next_start, hint.search, lowered)))
        ranges = [(self.starts[k], self.ends[k]) for k in sorted(marked)]
        self._search_names("watch_list", pattern, lowered, ranges, found)

    def _search_names(
        self,
        kind: str,
        pattern: re.Pattern[str],
        haystack: str,
        ranges: list[tuple[int, int]],
        found: dict[int, list[Finding]],
    ) -> None:
        """Add the matches of ``pattern`` in each range of ``haystack`` that start a word."""
        for low, high in ranges:
            pos = low
            while (match := pattern.search(haystack, pos, high)) is not None:
                start, end = match.span()
                if start and _is_word_char(haystack[start - 1]):  # inside a word: not a name
                    pos = start + 1
                    continue
                self._add(found, kind, start, end)
                pos = end


@lru_cache(maxsize=64)
def _first_word_hint(word: str) -> re.Pattern[str]:
    """``word`` standing alone: not inside a longer word. It comes first in the expression so
    the engine can skip straight to it; the look-behind then checks the character before it."""
    escaped = re.escape(word)
    return re.compile(f"{escaped}(?<!\\w{escaped})(?!\\w)")


def _next_start(search: Callable[[str, int], re.Match[str] | None], text: str, pos: int) -> int:
    """Where ``search`` next matches in ``text`` from ``pos``, or -1."""
    match = search(text, pos)
    return -1 if match is None else match.start()


def _scan_numeric(text: str, cutoff: date, today: date) -> list[Finding]:
    """Findings that contain a digit or an "@", looked for only near the digits and "@"s.

    Prose is mostly letters, and the full expression is costly to try at every position; so only
    windows around the digits and "@"s are searched, each reaching far enough either side to hold
    any finding that involves them (windows that touch are merged).
    """
    findings: list[Finding] = []
    length = len(text)
    pos = 0  # everything before this has been searched (or is part of a finding)
    low = high = -1
    for trigger in _TRIGGER.finditer(text):
        back, on = _AT_REACH if trigger.group() == "@" else _DIGIT_REACH
        start, end = trigger.start() - back, trigger.end() + on
        if start > high:
            if high > 0:
                pos = max(high, _search_window(text, max(pos, low), high, cutoff, today, findings))
            low = start
        high = min(length, max(high, end))
    if high > 0:
        _search_window(text, max(pos, low, 0), high, cutoff, today, findings)
    return findings


def _search_window(
    text: str, low: int, high: int, cutoff: date, today: date, findings: list[Finding]
) -> int:
    """Add the findings inside ``[low, high)``; return where the last one ends."""
    reached = low
    search = _NUMERIC.search
    pos = low
    while pos < high:
        # Every finding lies inside one window, so the window's end can stop the search.
        match = search(text, pos, high)
        if match is None:
            break
        group = match.lastgroup
        kind: str | None = None
        start, end = match.span()
        if group == "nhs":
            digits = "".join(c for c in match.group() if c.isdigit())
            kind = "nhs_number" if nhs_check_digit_ok(digits) else None
        elif group == "date":
            day = _full_date(match, "f", today)
            kind = "date_of_birth" if day is not None and day < cutoff else None
        elif group is not None:
            kind = group
        if kind is None:
            # Not a finding after all: look again from the next character, so nothing that
            # starts inside the rejected candidate is missed.
            pos = match.start() + 1
            continue
        findings.append(Finding(kind, text[start:end], start, end))
        pos = max(end, match.start() + 1)
        reached = max(reached, pos)
    return reached


def redact(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with each finding replaced by ``[redacted: <what it was>]``.

    Findings must come from scanning this very text; overlapping ones are merged into the first.
    """
    parts: list[str] = []
    pos = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < pos:
            continue
        parts.append(text[pos : finding.start])
        parts.append(marker(finding.kind))
        pos = finding.end
    parts.append(text[pos:])
    return "".join(parts)


def marker(kind: str) -> str:
    """The text that stands in for a redacted finding of ``kind``."""
    return f"[redacted: {KIND_LABELS.get(kind, kind)}]"


# --- findings in a document ---------------------------------------------------------------------


@dataclass(frozen=True)
class TextField:
    """One text an export will write, and where it comes from.

    Attributes:
        key: Identifies the text within its document (for redacting it there).
        text: The text itself.
        place: What it belongs to, for people ("journal entry of 2026-02-03").
        field: Which part of that thing ("title", "text" …).
        title: The title of the thing it belongs to (shown in messages only once redacted).
    """

    key: str
    text: str
    place: str
    field: str
    title: str = ""


@dataclass(frozen=True)
class LocatedFinding:
    """A finding in one text of a document, with a location that is safe to show anywhere.

    Attributes:
        finding: What was found, with offsets into ``source.text``.
        source: The text it was found in.
        location: Where, for people: the place, the title (itself redacted) and the field; never
            the sensitive text.
    """

    finding: Finding
    source: TextField
    location: str

    @property
    def id(self) -> str:
        """Identifies this finding within its document (for per-finding redact or keep)."""
        return f"{self.source.key}@{self.finding.start}"

    @property
    def kind(self) -> str:
        return self.finding.kind

    @property
    def label(self) -> str:
        return self.finding.label

    def context(self, width: int = 60) -> tuple[str, str, str]:
        """The text before the finding, the finding, and the text after it, on one line (each
        side at most ``width`` characters, cut at a space where possible)."""
        text = self.source.text
        start, end = self.finding.start, self.finding.end
        low, high = max(0, start - width), min(len(text), end + width)
        before, after = text[low:start], text[end:high]
        if low > 0:  # drop the cut word at the start
            space = re.search(r"\s", before)
            if space is not None and before[space.end() :].strip():
                before = before[space.end() :]
            before = "…" + before
        if high < len(text):  # and at the end
            spaces = [m.start() for m in re.finditer(r"\s", after)]
            if spaces and after[: spaces[-1]].strip():
                after = after[: spaces[-1]]
            after += "…"
        return _one_line(before), _one_line(self.finding.text), _one_line(after)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check_fields(
    fields: Iterable[TextField], watch_list: Iterable[str] = (), *, today: date | None = None
) -> list[LocatedFinding]:
    """Scan every text of a document; each finding comes with a location safe to print."""
    fields = list(fields)
    return check_texts([f.text for f in fields], fields.__getitem__, watch_list, today=today)


def check_texts(
    texts: Sequence[str],
    field: Callable[[int], TextField],
    watch_list: Iterable[str] = (),
    *,
    today: date | None = None,
) -> list[LocatedFinding]:
    """:func:`check_fields` for a document that describes its texts only when asked.

    A large journal has tens of thousands of texts and findings in few of them: describing each
    (its key, place and title) would cost more than scanning it.

    Args:
        texts: Every text of the document, in document order.
        field: The description of ``texts[n]`` (whose ``text`` is ``texts[n]``); called only
            for the texts with findings, in order.
        watch_list: As for :func:`scan`.
        today: As for :func:`scan`.

    Returns:
        The findings, text by text in document order, each text's in the order they appear.
    """
    watch = clean_watch_list(watch_list)
    today = today or date.today()
    safe_titles: dict[str, str] = {}
    located: list[LocatedFinding] = []
    for n, findings in scan_many(texts, watch, today=today).items():
        source = field(n)
        title = source.title
        if title not in safe_titles:
            safe_titles[title] = redact(title, scan(title, watch, today=today))
        safe = safe_titles[title]
        where = f'{source.place} "{safe}"' if safe else source.place
        location = f"{where}, {source.field}"
        located.extend(LocatedFinding(f, source, location) for f in findings)
    return located


def redact_fields(
    findings: Iterable[LocatedFinding],
) -> dict[str, str]:
    """The new text of every field that has findings to redact, keyed by field key."""
    by_key: dict[str, tuple[TextField, list[Finding]]] = {}
    for located in findings:
        by_key.setdefault(located.source.key, (located.source, []))[1].append(located.finding)
    return {key: redact(source.text, found) for key, (source, found) in by_key.items()}
