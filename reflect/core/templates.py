"""Reflection models (Gibbs, Driscoll, Johns …): data files laid out as Markdown skeletons.

A model is a data file, ``resources/templates/<id>.json`` (``id``, ``name``, ``description`` and
``sections``, each a ``heading`` with one or two ``prompts``), so adding one means adding a file.
A user's own models live in the vault, in the journal setting ``custom_templates`` (a list of the
same dicts), and never on disk in plaintext.

Choosing a model lays its sections out as ``## Heading`` lines, each followed by its prompts as
*placeholder* lines of the form ``<!-- prompt: What happened? -->``. An HTML comment was chosen as
the marker because it is valid Markdown, renders as nothing (previews and exports never show a
forgotten prompt), is unmistakable in the editor, and nobody types one by accident. Before saving,
:func:`strip_untouched_prompts` removes every placeholder still exactly as the model wrote it; a
prompt the user edited is theirs and is kept.

This module never imports Qt.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from reflect.errors import UserError
from reflect.i18n import _
from reflect.resources import resource

#: The journal setting holding the user's own models (a list of template dicts).
CUSTOM_TEMPLATES_SETTING = "custom_templates"

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_ID = 40
_MAX_NAME = 80
_MAX_TEXT = 300
_MAX_SECTIONS = 12
_MAX_PROMPTS = 4
_PROMPT_LINE = re.compile(r"^[ \t]*<!--[ \t]*prompt:[ \t]*(.*?)[ \t]*-->[ \t]*$")


class UnknownTemplate(UserError):
    """No reflection model has the id the user gave."""


class InvalidTemplate(UserError):
    """A model the user defined breaks the expected shape (the message says which part)."""


class MalformedTemplate(ValueError):
    """A shipped template file is broken: a bug in Reflect's data, so not a ``ReflectError``."""


class SettingsStore(Protocol):
    """What this module needs of a journal: its settings (kept in the encrypted vault)."""

    def setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class TemplateSection:
    """One headed part of a model, with the questions that prompt the writer."""

    heading: str
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """A reflection model.

    Attributes:
        id: Short stable name (``"gibbs"``), what ``Item.template`` and ``--template`` hold.
        name: The name shown in menus.
        description: One or two sentences on what the model is good for.
        sections: Its parts, in writing order.
        builtin: True for the models shipped with Reflect, False for the user's own.
    """

    id: str
    name: str
    description: str
    sections: tuple[TemplateSection, ...]
    builtin: bool = True

    @property
    def prompts(self) -> tuple[str, ...]:
        """Every prompt of every section, in order."""
        return tuple(prompt for section in self.sections for prompt in section.prompts)


# --- the registry -----------------------------------------------------------------------------


@cache
def builtin_templates() -> tuple[Template, ...]:
    """The models shipped in ``resources/templates``, sorted by name; read once.

    Raises:
        MalformedTemplate: A shipped file is broken (a bug in Reflect's data).
    """
    folder = resource("templates")
    if not folder.is_dir():
        return ()
    templates = []
    for node in folder.iterdir():
        if not node.name.endswith(".json") or not node.is_file():
            continue
        where = f"templates/{node.name}"
        try:
            data = json.loads(node.read_text(encoding="utf-8"))
            template = template_from_dict(data, builtin=True)
        except (UnicodeDecodeError, json.JSONDecodeError, InvalidTemplate) as exc:
            raise MalformedTemplate(f"{where}: {exc}") from exc
        if template.id != node.name.removesuffix(".json"):
            raise MalformedTemplate(f'{where}: "id" must be "{node.name[:-5]}", the file\'s name')
        templates.append(template)
    return tuple(sorted(templates, key=lambda t: t.name.casefold()))


def custom_templates(journal: SettingsStore) -> tuple[Template, ...]:
    """The user's own models stored in the vault, in the order they were added.

    A stored model that no longer validates (hand-edited, or from a future version) is skipped
    rather than making every menu fail.
    """
    raw = journal.setting(CUSTOM_TEMPLATES_SETTING, [])
    if not isinstance(raw, list):
        return ()
    found: list[Template] = []
    for data in raw:
        try:
            found.append(template_from_dict(data, builtin=False))
        except InvalidTemplate:
            continue
    return tuple(found)


def list_templates(journal: SettingsStore | None = None) -> list[Template]:
    """Built-in models (by name), then the user's own when a journal is given."""
    templates = list(builtin_templates())
    if journal is not None:
        builtin_ids = {t.id for t in templates}
        templates += [t for t in custom_templates(journal) if t.id not in builtin_ids]
    return templates


def get_template(template_id: str, journal: SettingsStore | None = None) -> Template:
    """The model with this id (built-in, or the user's own when a journal is given).

    Raises:
        UnknownTemplate: No such model; the message lists the valid ids.
    """
    wanted = template_id.strip().lower()
    templates = list_templates(journal)
    for template in templates:
        if template.id == wanted:
            return template
    valid = ", ".join(sorted(t.id for t in templates))
    raise UnknownTemplate(
        _('unknown reflection model "{value}": choose one of {valid}').format(
            value=template_id.strip(), valid=valid
        )
    )


def add_custom_template(journal: SettingsStore, template: Template | Mapping[str, Any]) -> Template:
    """Store a user's own model in the vault and return it as stored.

    ``template`` may omit ``id``: one is made from the name, unique among all models. A model
    with the id of an existing custom one replaces it (that is how a model is edited).

    Raises:
        InvalidTemplate: The model is out of shape (no name, no sections, an over-long prompt …).
        UserError: The id is one of the built-in models'.
    """
    data = template_to_dict(template) if isinstance(template, Template) else dict(template)
    builtin_ids = {t.id for t in builtin_templates()}
    existing = list(custom_templates(journal))
    if not data.get("id"):
        taken = builtin_ids | {t.id for t in existing}
        data["id"] = _unique_id(_slug(str(data.get("name", ""))), taken)
    made = template_from_dict(data, builtin=False)
    if made.id in builtin_ids:
        raise UserError(
            _('"{id}" is a built-in reflection model; give yours another id').format(id=made.id)
        )
    kept = [t for t in existing if t.id != made.id]
    position = next((n for n, t in enumerate(existing) if t.id == made.id), len(kept))
    kept.insert(position, made)
    journal.set_setting(CUSTOM_TEMPLATES_SETTING, [template_to_dict(t) for t in kept])
    return made


def remove_custom_template(journal: SettingsStore, template_id: str) -> None:
    """Delete one of the user's own models (items written with it keep their text).

    Raises:
        UserError: The id is a built-in model, which cannot be removed.
        UnknownTemplate: The user has no model with this id.
    """
    wanted = template_id.strip().lower()
    if any(t.id == wanted for t in builtin_templates()):
        raise UserError(
            _('"{wanted}" is a built-in reflection model and cannot be removed').format(
                wanted=wanted
            )
        )
    existing = list(custom_templates(journal))
    kept = [t for t in existing if t.id != wanted]
    if len(kept) == len(existing):
        mine = ", ".join(t.id for t in existing) or "none yet"
        raise UnknownTemplate(
            _('you have no reflection model "{wanted}" (yours: {mine})').format(
                wanted=wanted, mine=mine
            )
        )
    journal.set_setting(CUSTOM_TEMPLATES_SETTING, [template_to_dict(t) for t in kept])


# --- laying out and cleaning bodies -----------------------------------------------------------


def prompt_line(prompt: str) -> str:
    """The placeholder line for one prompt (see the module docstring for the marker)."""
    return f"<!-- prompt: {prompt} -->"


def template_body(template: Template) -> str:
    """The Markdown skeleton of a model: ``## Heading`` lines, each followed by its prompts."""
    parts = []
    for section in template.sections:
        block = [f"## {section.heading}", ""]
        block += [prompt_line(prompt) for prompt in section.prompts]
        parts.append("\n".join(block).rstrip("\n"))
    return "\n\n".join(parts) + "\n\n" if parts else ""


def strip_untouched_prompts(body: str, template: Template | None = None) -> str:
    """``body`` without the placeholder prompts the user left exactly as they were.

    A placeholder counts as untouched when its line is the marker around one of the model's own
    prompts (spacing aside). With ``template=None`` every placeholder line goes, whichever model
    it came from. The blank line that separated a removed placeholder goes with it; everything
    the user wrote, headings included, is kept as it is. A body with nothing to remove is returned
    unchanged.
    """
    wanted = None if template is None else {_norm(p) for p in template.prompts}
    kept: list[str] = []
    removed = False
    skipping_blank = False
    for line in body.splitlines(keepends=True):
        match = _PROMPT_LINE.match(line.rstrip("\r\n"))
        if match is not None and (wanted is None or _norm(match.group(1)) in wanted):
            removed = True
            skipping_blank = not kept or not kept[-1].strip()
            continue
        if skipping_blank and not line.strip():
            continue
        skipping_blank = False
        kept.append(line)
    if not removed:
        return body
    text = "".join(kept).rstrip()
    return text + "\n" if text else ""


def has_untouched_prompts(body: str, template: Template | None = None) -> bool:
    """Whether saving would remove anything (e.g. to warn that a section is still empty)."""
    return strip_untouched_prompts(body, template) != body


# --- data <-> dataclass -----------------------------------------------------------------------


def template_to_dict(template: Template) -> dict[str, Any]:
    """The JSON shape of a model, as the data files and the vault setting hold it."""
    return {
        "id": template.id,
        "name": template.name,
        "description": template.description,
        "sections": [{"heading": s.heading, "prompts": list(s.prompts)} for s in template.sections],
    }


def template_from_dict(data: Any, *, builtin: bool = False) -> Template:
    """A validated :class:`Template` from its JSON shape.

    Raises:
        InvalidTemplate: Something is missing or out of shape; the message names it.
    """
    if not isinstance(data, Mapping):
        raise InvalidTemplate(_("a reflection model must be an object with a name and sections"))
    template_id = data.get("id")
    if not isinstance(template_id, str) or not _ID.fullmatch(template_id):
        raise InvalidTemplate(
            _("a reflection model's id must be lower-case letters and digits joined by '-'")
        )
    if len(template_id) > _MAX_ID:
        raise InvalidTemplate(
            _("a reflection model's id must be at most {max_id} characters").format(max_id=_MAX_ID)
        )
    name = _line(data.get("name"), "name", _MAX_NAME, required=True)
    description = _line(data.get("description", ""), "description", _MAX_TEXT, required=False)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, Sequence) or isinstance(raw_sections, str) or not raw_sections:
        raise InvalidTemplate(_('the model "{name}" needs at least one section').format(name=name))
    if len(raw_sections) > _MAX_SECTIONS:
        raise InvalidTemplate(
            _('the model "{name}" has more than {max_sections} sections').format(
                name=name, max_sections=_MAX_SECTIONS
            )
        )
    sections = []
    for number, raw in enumerate(raw_sections, start=1):
        if not isinstance(raw, Mapping):
            raise InvalidTemplate(
                _("section {number} must have a heading and prompts").format(number=number)
            )
        heading = _line(raw.get("heading"), f"section {number}'s heading", _MAX_NAME, True)
        if heading.startswith("#"):
            raise InvalidTemplate(
                _('section {number}\'s heading must not start with "#"').format(number=number)
            )
        raw_prompts = raw.get("prompts", [])
        if isinstance(raw_prompts, str) or not isinstance(raw_prompts, Sequence):
            raise InvalidTemplate(
                _('section "{heading}": prompts must be a list of questions').format(
                    heading=heading
                )
            )
        if len(raw_prompts) > _MAX_PROMPTS:
            raise InvalidTemplate(
                _('section "{heading}" has more than {max_prompts} prompts').format(
                    heading=heading, max_prompts=_MAX_PROMPTS
                )
            )
        prompts = []
        for prompt in raw_prompts:
            text = _line(prompt, f'a prompt of "{heading}"', _MAX_TEXT, required=True)
            if "-->" in text or "<!--" in text:
                raise InvalidTemplate(
                    _('a prompt of "{heading}" cannot contain "<!--" or "-->"').format(
                        heading=heading
                    )
                )
            prompts.append(text)
        sections.append(TemplateSection(heading=heading, prompts=tuple(prompts)))
    return Template(
        id=template_id,
        name=name,
        description=description,
        sections=tuple(sections),
        builtin=builtin,
    )


def _line(value: Any, what: str, limit: int, required: bool) -> str:
    """One line of text, trimmed and with runs of spaces made single."""
    if not isinstance(value, str):
        raise InvalidTemplate(_("the {what} must be text").format(what=what))
    text = " ".join(value.split())
    if required and not text:
        raise InvalidTemplate(_("the {what} cannot be empty").format(what=what))
    if len(text) > limit:
        raise InvalidTemplate(
            _("the {what} is longer than {limit} characters").format(what=what, limit=limit)
        )
    return text


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:_MAX_ID].strip("-")
    return slug or "my-model"


def _unique_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while f"{base[: _MAX_ID - 4]}-{number}" in taken:
        number += 1
    return f"{base[: _MAX_ID - 4]}-{number}"
