"""Capability frameworks (the Ten Essential Shared Capabilities and any others) loaded from data.

A framework is a data file, ``resources/frameworks/<id>.json``, not code: adding one means adding a
file, and menus and CLI choices come from :func:`available_frameworks`. Items are tagged with
*codes*: ``"9"`` names a capability, ``"9.3"`` one of its indicators. Every code a user types goes
through :meth:`Framework.normalise_code`, so what is stored is always canonical and always exists.

This module never imports Qt: the CLI and the tests use it as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from reflect.errors import NotFound, UserError
from reflect.resources import resource

_CODE = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FRAMEWORK_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DASH = "\N{EN DASH}"  # ranges in messages read "1 to 10" typographically


class UnknownCapability(UserError):
    """A code or name the user gave matches no capability or indicator of the framework."""


class UnknownFramework(NotFound):
    """No framework data file has the requested id."""


class MalformedFramework(ValueError):
    """A framework data file breaks the expected shape.

    The files ship with Reflect, so a broken one is a bug in Reflect's data, not something the user
    can fix; it is deliberately *not* a :class:`~reflect.errors.ReflectError`.
    """


@dataclass(frozen=True)
class Indicator:
    """One practice indicator of a capability, such as ``9.3``: the finest thing an item can tag.

    Attributes:
        code: The canonical code, ``"<capability>.<number>"``.
        capability: The id of the capability it belongs to, so coverage can roll it up.
        number: Its position within the capability, from 1, in the source document's order.
        text: The indicator's wording, exactly as the source document has it.
    """

    code: str
    capability: int
    number: int
    text: str


@dataclass(frozen=True)
class Capability:
    """One capability of a framework, with the source document's own wording.

    Attributes:
        id: Its number, 1..n, which is also its tag code.
        slug: A short, stable name users may type instead of the number (``"safety-risk"``).
        name: The heading the source document gives it.
        definition: The one-paragraph definition from the source document.
        practice: The document's guidance on putting it into practice (paragraphs split by a blank
            line).
        indicators: What a practitioner should be able to do, in document order.
    """

    id: int
    slug: str
    name: str
    definition: str
    practice: str
    indicators: tuple[Indicator, ...]

    @property
    def code(self) -> str:
        """The code that tags the capability as a whole."""
        return str(self.id)


@dataclass(frozen=True)
class Framework:
    """A named set of capabilities, and the one place that decides what a valid code is.

    Attributes:
        id: The data file's stem, e.g. ``"esc"``.
        name: The full name, for headings.
        short_name: A short name, for menus and narrow columns.
        description: One sentence saying what the framework is.
        source: The document it was taken from, as that document names itself.
        capabilities: The capabilities, ids 1..n in order.
    """

    id: str
    name: str
    short_name: str
    description: str
    source: str
    capabilities: tuple[Capability, ...]
    _by_id: dict[int, Capability] = field(init=False, repr=False, compare=False)
    _by_slug: dict[str, Capability] = field(init=False, repr=False, compare=False)
    _by_code: dict[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Indexes built once; the dataclass is frozen, hence object.__setattr__.
        object.__setattr__(self, "_by_id", {c.id: c for c in self.capabilities})
        object.__setattr__(self, "_by_slug", {c.slug: c for c in self.capabilities})
        object.__setattr__(
            self, "_by_code", {i.code: i for c in self.capabilities for i in c.indicators}
        )

    def capability(self, id: int) -> Capability:
        """The capability with this id.

        Raises:
            UnknownCapability: The framework has no such capability.
        """
        try:
            return self._by_id[id]
        except KeyError:
            raise UnknownCapability(self._unknown_message(str(id))) from None

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code, given in any form :meth:`normalise_code` accepts.

        Raises:
            UnknownCapability: The code is not an indicator of this framework (a bare capability
                such as ``"9"`` included).
        """
        canonical = self.normalise_code(code)
        if canonical in self._by_code:
            return self._by_code[canonical]
        # normalise_code accepted it, so it names a whole capability.
        indicators = self._by_id[capability_of(canonical)].indicators
        hint = f"such as {indicators[0].code}" if indicators else "(it has none)"
        raise UnknownCapability(
            f'"{code.strip()}" is capability {canonical}, not one of its indicators {hint}'
        )

    def normalise_code(self, code: str) -> str:
        """The canonical code for what a user typed, checked against the framework.

        Accepts a capability number (``"9"``), an indicator code (``"9.3"``) or a capability slug
        (``"safety-risk"``), with surrounding whitespace ignored.

        Returns:
            ``"9"`` for a capability, ``"9.3"`` for an indicator.

        Raises:
            UnknownCapability: Nothing in the framework matches.
        """
        text = code.strip()
        if not text:
            raise UnknownCapability(f"no capability given: {self._valid_codes_hint()}")
        slugged = self._by_slug.get(text.lower())
        if slugged is not None:
            return slugged.code
        match = _CODE.fullmatch(text)
        if match is None:
            raise UnknownCapability(self._unknown_message(text))
        capability_id = int(match.group(1))
        if capability_id not in self._by_id:
            raise UnknownCapability(self._unknown_message(text))
        if match.group(2) is None:
            return str(capability_id)
        canonical = f"{capability_id}.{int(match.group(2))}"
        if canonical not in self._by_code:
            capability = self._by_id[capability_id]
            if capability.indicators:
                first, last = capability.indicators[0].code, capability.indicators[-1].code
                hint = f"capability {capability_id} has indicators {first}{_DASH}{last}"
            else:
                hint = f"capability {capability_id} has no indicators"
            raise UnknownCapability(f'unknown indicator "{text}": {hint}')
        return canonical

    def parse_codes(self, values: Iterable[str]) -> tuple[str, ...]:
        """Canonical, de-duplicated codes from user input such as ``["1,9.3", "9"]``.

        Each value may hold several codes separated by commas. The result is sorted by capability
        and then indicator, a bare capability before its indicators, so equal input always stores
        and displays the same way.

        Raises:
            UnknownCapability: Any one piece is not a code of this framework (an empty piece
                included); nothing is returned in that case.
        """
        codes = {self.normalise_code(piece) for value in values for piece in value.split(",")}
        return tuple(sorted(codes, key=_sort_key))

    def _valid_codes_hint(self) -> str:
        """What the user may type, for error messages; generated from the data."""
        first, last = self.capabilities[0], self.capabilities[-1]
        hint = f"capabilities are {first.id}{_DASH}{last.id}"
        examples = [c.indicators[0].code for c in reversed(self.capabilities) if c.indicators]
        if examples:
            hint += f" (or an indicator such as {examples[0]}, or a name such as {last.slug})"
        else:
            hint += f" (or a name such as {last.slug})"
        return hint

    def _unknown_message(self, text: str) -> str:
        return f'unknown capability "{text}": {self._valid_codes_hint()}'


def capability_of(code: str) -> int:
    """The capability a canonical code belongs to: ``"9.3"`` -> 9, ``"9"`` -> 9.

    This is syntax only, for codes already checked by :meth:`Framework.normalise_code` (e.g. read
    back from storage); it does not know which framework they came from.

    Raises:
        UnknownCapability: The text is not of the form ``N`` or ``N.k``.
    """
    match = _CODE.fullmatch(code.strip())
    if match is None:
        raise UnknownCapability(f'"{code}" is not a capability code such as 9 or 9.3')
    return int(match.group(1))


def _sort_key(code: str) -> tuple[int, int]:
    """Order codes by capability, then indicator; a bare capability (0) comes first."""
    capability, _, number = code.partition(".")
    return int(capability), int(number) if number else 0


@cache
def load_framework(framework_id: str = "esc") -> Framework:
    """The framework in ``resources/frameworks/<framework_id>.json``, validated; cached.

    Raises:
        UnknownFramework: There is no such data file.
        MalformedFramework: The file exists but is not a valid framework.
    """
    node = resource("frameworks", f"{framework_id}.json")
    if not _FRAMEWORK_ID.fullmatch(framework_id) or not node.is_file():
        known = ", ".join(fid for fid, _ in available_frameworks()) or "none"
        raise UnknownFramework(f'unknown framework "{framework_id}": available frameworks: {known}')
    where = f"frameworks/{framework_id}.json"
    try:
        data = json.loads(node.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedFramework(f"{where}: not valid UTF-8 JSON: {exc}") from exc
    return _framework_from_data(data, framework_id, where)


def available_frameworks() -> list[tuple[str, str]]:
    """``(id, name)`` of every framework data file, sorted by id: the registry menus are built from.

    Raises:
        MalformedFramework: One of the files is broken (a bug in the shipped data).
    """
    folder = resource("frameworks")
    if not folder.is_dir():
        return []
    ids = sorted(
        node.name.removesuffix(".json")
        for node in folder.iterdir()
        if node.name.endswith(".json") and node.is_file()
    )
    return [(fid, load_framework(fid).name) for fid in ids if _FRAMEWORK_ID.fullmatch(fid)]


def _framework_from_data(data: Any, framework_id: str, where: str) -> Framework:
    """Build a :class:`Framework` from decoded JSON, refusing anything out of shape."""
    if not isinstance(data, dict):
        raise MalformedFramework(f"{where}: the top level must be an object")
    texts = {
        key: _text(data, key, where) for key in ("name", "short_name", "description", "source")
    }
    if _text(data, "id", where) != framework_id:
        raise MalformedFramework(f'{where}: "id" must be "{framework_id}", the file\'s name')
    raw_capabilities = data.get("capabilities")
    if not isinstance(raw_capabilities, list) or not raw_capabilities:
        raise MalformedFramework(f'{where}: "capabilities" must be a non-empty list')
    capabilities: list[Capability] = []
    slugs: set[str] = set()
    for position, raw in enumerate(raw_capabilities, start=1):
        capability = _capability_from_data(raw, position, where)
        if capability.slug in slugs:
            raise MalformedFramework(f'{where}: slug "{capability.slug}" is used twice')
        slugs.add(capability.slug)
        capabilities.append(capability)
    return Framework(
        id=framework_id,
        name=texts["name"],
        short_name=texts["short_name"],
        description=texts["description"],
        source=texts["source"],
        capabilities=tuple(capabilities),
    )


def _capability_from_data(raw: Any, position: int, where: str) -> Capability:
    """One capability, which must be the ``position``-th (ids run 1..n in order)."""
    here = f"{where}: capability {position}"
    if not isinstance(raw, dict):
        raise MalformedFramework(f"{here}: must be an object")
    if raw.get("id") != position or isinstance(raw.get("id"), bool):
        raise MalformedFramework(f'{here}: "id" must be {position} (ids run 1..n in order)')
    slug = _text(raw, "slug", here)
    if not _SLUG.fullmatch(slug) or slug.isdigit():
        raise MalformedFramework(f'{here}: slug "{slug}" must be lower-case words joined by "-"')
    raw_indicators = raw.get("indicators")
    if not isinstance(raw_indicators, list):
        raise MalformedFramework(f'{here}: "indicators" must be a list')
    indicators: list[Indicator] = []
    for number, item in enumerate(raw_indicators, start=1):
        expected = f"{position}.{number}"
        if not isinstance(item, dict) or item.get("code") != expected:
            raise MalformedFramework(
                f'{here}: indicator {number} must have code "{expected}" (codes run N.1, N.2, …)'
            )
        text = _text(item, "text", f"{here}: indicator {expected}")
        indicators.append(Indicator(code=expected, capability=position, number=number, text=text))
    return Capability(
        id=position,
        slug=slug,
        name=_text(raw, "name", here),
        definition=_text(raw, "definition", here),
        practice=_text(raw, "practice", here),
        indicators=tuple(indicators),
    )


def _text(data: dict[str, Any], key: str, where: str) -> str:
    """A required, non-blank string field."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise MalformedFramework(f'{where}: "{key}" must be a non-empty string')
    return value
