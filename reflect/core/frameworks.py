"""Capability frameworks (the Ten Essential Shared Capabilities and any others) loaded from data.

A framework is a data file, ``resources/frameworks/<id>.json``, not code: adding one means adding a
file, and menus and CLI choices come from :func:`available_frameworks`. Items are tagged with
*codes*: ``"9"`` names a capability, ``"9.3"`` one of its indicators. Every code a user types goes
through :meth:`Framework.normalise_code`, so what is stored is always canonical and always exists.

One item may carry codes of several frameworks. The default framework (the ESC) keeps its codes
unprefixed, as they always were; any other framework's codes carry its id as a prefix
(``"nmc-code:2.1"``), so a stored code says by itself which framework it belongs to.
:func:`parse_any_codes` routes what a user typed to the right framework, :func:`split_code` takes a
stored code apart, and :func:`code_sort_key` orders codes of several frameworks.

This module never imports Qt: the CLI and the tests use it as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from reflect.errors import NotFound, UserError
from reflect.i18n import _
from reflect.resources import resource

_CODE = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FRAMEWORK_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DASH = "\N{EN DASH}"  # ranges in messages read "1 to 10" typographically

#: The framework whose codes are written without a prefix, and the one used when none is named.
DEFAULT_FRAMEWORK = "esc"

#: Separates a framework id from the code it prefixes: ``"nmc-code:2.1"``.
PREFIX_SEPARATOR = ":"


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
        hint = (
            _("such as {code}").format(code=indicators[0].code)
            if indicators
            else _("(it has none)")
        )
        raise UnknownCapability(
            _('"{value}" is capability {canonical}, not one of its indicators {hint}').format(
                value=code.strip(), canonical=canonical, hint=hint
            )
        )

    @property
    def is_default(self) -> bool:
        """Whether this is the default framework, whose codes are stored without a prefix."""
        return self.id == DEFAULT_FRAMEWORK

    def qualify(self, code: str) -> str:
        """The stored form of one of this framework's canonical codes: ``"9.3"`` stays as it is
        for the default framework; ``"2.1"`` becomes ``"nmc-code:2.1"`` for the NMC Code."""
        return code if self.is_default else f"{self.id}{PREFIX_SEPARATOR}{code}"

    def owns(self, code: str) -> bool:
        """Whether a stored code (as :meth:`qualify` writes it) belongs to this framework."""
        return split_code(code)[0] == self.id

    def normalise_code(self, code: str) -> str:
        """The canonical code for what a user typed, checked against the framework.

        Accepts a capability number (``"9"``), an indicator code (``"9.3"``) or a capability slug
        (``"safety-risk"``), with surrounding whitespace ignored, optionally prefixed with this
        framework's own id (``"nmc-code:2.1"``). The result is the framework's own, unprefixed
        code; :meth:`qualify` gives the form an item stores.

        Returns:
            ``"9"`` for a capability, ``"9.3"`` for an indicator.

        Raises:
            UnknownCapability: Nothing in the framework matches, or the code is prefixed with
                another framework's id.
        """
        text = code.strip()
        prefix, separator, rest = text.partition(PREFIX_SEPARATOR)
        if separator:
            owner = prefix.strip().lower()
            if owner != self.id:
                raise UnknownCapability(self._foreign_message(text, owner))
            text = rest.strip()
        if not text:
            raise UnknownCapability(
                _("no capability given: {value}").format(value=self._valid_codes_hint())
            )
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
                hint = _("capability {capability_id} has indicators {first}{dash}{last}").format(
                    capability_id=capability_id, first=first, dash=_DASH, last=last
                )
            else:
                hint = _("capability {capability_id} has no indicators").format(
                    capability_id=capability_id
                )
            raise UnknownCapability(
                _('unknown indicator "{text}": {hint}').format(text=text, hint=hint)
            )
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
        hint = _("capabilities are {first}{dash}{last}").format(
            first=first.id, dash=_DASH, last=last.id
        )
        examples = [c.indicators[0].code for c in reversed(self.capabilities) if c.indicators]
        if examples:
            hint += _(" (or an indicator such as {example}, or a name such as {slug})").format(
                example=examples[0], slug=last.slug
            )
        else:
            hint += _(" (or a name such as {slug})").format(slug=last.slug)
        return hint

    def _unknown_message(self, text: str) -> str:
        return _('unknown capability "{text}": {hint}').format(
            text=text, hint=self._valid_codes_hint()
        )

    def _foreign_message(self, text: str, owner: str) -> str:
        """Why a code prefixed with another framework's id is not one of this framework's."""
        if not _FRAMEWORK_ID.fullmatch(owner) or not _framework_file(owner).is_file():
            known = ", ".join(framework_ids()) or _("none")
            return _(
                '"{text}" names an unknown framework "{owner}": available frameworks: {known}'
            ).format(text=text, owner=owner, known=known)
        return _(
            '"{text}" is a code of the {owner_name} ({owner}), not of the {name} ({framework_id})'
        ).format(
            text=text,
            owner_name=load_framework(owner).short_name,
            owner=owner,
            name=self.short_name,
            framework_id=self.id,
        )


def capability_of(code: str) -> int:
    """The capability a canonical code belongs to: ``"9.3"`` -> 9, ``"9"`` -> 9.

    This is syntax only, for codes already checked by :meth:`Framework.normalise_code` (e.g. read
    back from storage); it does not know which framework they came from.

    Raises:
        UnknownCapability: The text is not of the form ``N`` or ``N.k``.
    """
    match = _CODE.fullmatch(code.strip())
    if match is None:
        raise UnknownCapability(
            _('"{code}" is not a capability code such as 9 or 9.3').format(code=code)
        )
    return int(match.group(1))


def _sort_key(code: str) -> tuple[int, int]:
    """Order codes by capability, then indicator; a bare capability (0) comes first."""
    capability, _, number = code.partition(".")
    return int(capability), int(number) if number else 0


def split_code(code: str) -> tuple[str, str]:
    """A stored code as ``(framework id, the framework's own code)``.

    ``"9.3"`` -> ``("esc", "9.3")``; ``"nmc-code:2.1"`` -> ``("nmc-code", "2.1")``. Syntax only,
    for codes already checked (read back from storage, say): the framework is not loaded.
    """
    prefix, separator, rest = code.strip().partition(PREFIX_SEPARATOR)
    if not separator:
        return DEFAULT_FRAMEWORK, prefix
    return prefix.strip().lower(), rest.strip()


def framework_of(code: str) -> str:
    """The id of the framework a stored code belongs to: ``"nmc-code:3"`` -> ``"nmc-code"``."""
    return split_code(code)[0]


@lru_cache(maxsize=4096)
def code_sort_key(code: str) -> tuple[int, str, int, int]:
    """Order stored codes of several frameworks: the default framework's first, then the others
    by id; within one, by capability and then indicator, a bare capability first.

    Cached: a list of thousands of rows sorts the same hundred-odd codes over and over.
    """
    framework_id, local = split_code(code)
    capability, _, number = local.partition(".")
    try:
        key = int(capability), int(number) if number else 0
    except ValueError:  # not a code at all: last, rather than breaking a listing
        key = (1 << 30, 0)
    return (0 if framework_id == DEFAULT_FRAMEWORK else 1, framework_id, *key)


def normalise_any_code(code: str, default: Framework | None = None) -> str:
    """One code a user typed, checked and in its stored form, whichever framework it names.

    ``"nmc-code:…"`` (any framework's id as a prefix, slugs included) goes to that framework;
    anything unprefixed to ``default`` (the default framework when not given).

    Raises:
        UnknownCapability: The code matches nothing in its framework, or names no framework.
    """
    default = default or load_framework()
    text = code.strip()
    prefix, separator, _ = text.partition(PREFIX_SEPARATOR)
    if not separator:
        try:
            return default.qualify(default.normalise_code(text))
        except UnknownCapability as exc:
            raise UnknownCapability(str(exc) + _elsewhere_hint(text, default)) from None
    owner = prefix.strip().lower()
    if owner == default.id:
        framework = default
    elif _FRAMEWORK_ID.fullmatch(owner) and _framework_file(owner).is_file():
        framework = load_framework(owner)
    else:
        raise UnknownCapability(default._foreign_message(text, owner))
    return framework.qualify(framework.normalise_code(text))


def parse_any_codes(values: Iterable[str], default: Framework | None = None) -> tuple[str, ...]:
    """Stored-form, de-duplicated codes of any framework from user input such as
    ``["1,9.3", "nmc-code:2.1"]``: each comma-separated piece through :func:`normalise_any_code`.

    The result is ordered by :func:`code_sort_key`: the default framework's codes first, exactly
    as :meth:`Framework.parse_codes` orders them, then each other framework's.

    Raises:
        UnknownCapability: Any one piece is not a valid code; nothing is returned in that case.
    """
    codes = {normalise_any_code(piece, default) for value in values for piece in value.split(",")}
    return tuple(sorted(codes, key=code_sort_key))


def describe_code(code: str) -> str:
    """What a stored code names, for listings: the capability's name or the indicator's text.

    Raises:
        UnknownCapability: The code is not valid in its framework.
        UnknownFramework: Its framework does not exist.
    """
    framework_id, local = split_code(code)
    framework = load_framework(framework_id)
    canonical = framework.normalise_code(local)
    if "." in canonical:
        return framework.indicator(canonical).text
    return framework.capability(int(canonical)).name


def _elsewhere_hint(text: str, default: Framework) -> str:
    """``"; did you mean nmc-code:preserve-safety?"`` when another framework has that slug."""
    slug = text.strip().lower()
    if not _SLUG.fullmatch(slug) or slug.isdigit():
        return ""
    for framework_id in framework_ids():
        if framework_id == default.id:
            continue
        framework = load_framework(framework_id)
        if slug in framework._by_slug:
            return _("; did you mean {framework_id}{separator}{slug}?").format(
                framework_id=framework_id, separator=PREFIX_SEPARATOR, slug=slug
            )
    return ""


def _framework_file(framework_id: str) -> Any:
    return resource("frameworks", f"{framework_id}.json")


@cache
def load_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """The framework in ``resources/frameworks/<framework_id>.json``, validated; cached.

    Raises:
        UnknownFramework: There is no such data file.
        MalformedFramework: The file exists but is not a valid framework.
    """
    node = _framework_file(framework_id)
    if not _FRAMEWORK_ID.fullmatch(framework_id) or not node.is_file():
        known = ", ".join(fid for fid, _ in available_frameworks()) or "none"
        raise UnknownFramework(f'unknown framework "{framework_id}": available frameworks: {known}')
    where = f"frameworks/{framework_id}.json"
    try:
        data = json.loads(node.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedFramework(f"{where}: not valid UTF-8 JSON: {exc}") from exc
    return _framework_from_data(data, framework_id, where)


def framework_ids() -> list[str]:
    """The id of every framework data file, sorted, without loading any (cheap enough for a
    command line's ``choices``)."""
    folder = resource("frameworks")
    if not folder.is_dir():
        return []
    ids = sorted(
        node.name.removesuffix(".json")
        for node in folder.iterdir()
        if node.name.endswith(".json") and node.is_file()
    )
    return [fid for fid in ids if _FRAMEWORK_ID.fullmatch(fid)]


def available_frameworks() -> list[tuple[str, str]]:
    """``(id, name)`` of every framework data file, sorted by id: the registry menus are built from.

    Raises:
        MalformedFramework: One of the files is broken (a bug in the shipped data).
    """
    return [(fid, load_framework(fid).name) for fid in framework_ids()]


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
