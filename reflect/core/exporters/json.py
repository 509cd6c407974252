"""The JSON export: the whole vault, lossless, for moving to another machine (``reflect-json``).

Every item of every kind, in the trash or not, with every field, its stable ``uid`` and the ids its
links point at; every journal setting; optionally every earlier version of every item. The format
is described field by field in ``docs/export-json-schema.md``; ``"format": "reflect-export"`` and
``"version": 1`` identify it. Like every export it passes the identifiable-information check:
each string the user wrote (titles, bodies, tags, supervisor names, actions, goal texts, reviews,
what was learnt, setting values) is checked, and redaction (when chosen) replaces text in the file
only.
"""

from __future__ import annotations

import json as _json
from collections.abc import Iterator, Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reflect import __version__
from reflect.core.model import ItemKind
from reflect.core.privacy import TextField

if TYPE_CHECKING:
    from reflect.core.journal import Journal

FORMAT = "reflect-export"
VERSION = 1

#: Settings that are the practitioner's own identity, written on purpose: not checked.
UNCHECKED_SETTINGS = frozenset({"practitioner_name", "practitioner_role"})

#: Item fields holding text the user wrote; every other string is a date, a code or a choice.
_ITEM_TEXTS = ("title", "body")
_DETAIL_TEXTS = {
    "supervision": ("supervisor",),
    "goal": ("what", "why", "measure"),
    "cpd": ("learnt",),
}


@dataclass(frozen=True)
class VaultExport:
    """The JSON tree of a whole vault, ready to be written."""

    data: dict[str, Any]

    def text_fields(self) -> list[TextField]:
        """Every string the user wrote, with a key that is the JSON path to it."""
        fields: list[TextField] = []
        for path, text, place, field, title in self._texts():
            if text:
                fields.append(TextField(_path_key(path), text, place, field, title))
        return fields

    def _texts(self) -> Iterator[tuple[list[Any], str, str, str, str]]:
        for n, item in enumerate(self.data["items"]):
            yield from _item_texts(["items", n], item, f"{_kind(item)} {item['id']}")
        for n, revision in enumerate(self.data.get("revisions", ())):
            yield from _item_texts(
                ["revisions", n, "item"],
                revision["item"],
                f"earlier version of {_kind(revision['item'])} {revision['item_id']}",
            )
        for key, value in self.data["settings"].items():
            if key in UNCHECKED_SETTINGS:
                continue
            for path, text in _strings(["settings", key], value):
                yield path, text, "journal settings", key, ""

    def with_texts(self, texts: Mapping[str, str]) -> VaultExport:
        """A copy with the strings at the given JSON paths replaced."""
        if not texts:
            return self
        data = deepcopy(self.data)
        for key, text in texts.items():
            path = _path_from_key(key)
            node = data
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = text
        return VaultExport(data)


def _kind(item: dict[str, Any]) -> str:
    return ItemKind(item["kind"]).label.lower()


def _item_texts(
    base: list[Any], item: dict[str, Any], place: str
) -> Iterator[tuple[list[Any], str, str, str, str]]:
    title = item.get("title", "")
    where = f"{place} of {str(item.get('date', ''))[:10]}"
    for name in _ITEM_TEXTS:
        yield [*base, name], item.get(name, ""), where, name, title
    for n, tag in enumerate(item.get("tags", ())):
        yield [*base, "tags", n], tag, where, "tag", title
    for detail, names in _DETAIL_TEXTS.items():
        part = item.get(detail)
        if not part:
            continue
        for name in names:
            yield [*base, detail, name], part.get(name, ""), where, name, title
        for n, action in enumerate(part.get("actions", ())):
            yield [*base, detail, "actions", n, "text"], action["text"], where, "action", title
        for n, review in enumerate(part.get("reviews", ())):
            yield (
                [*base, detail, "reviews", n, "note"],
                review["note"],
                where,
                f"progress review of {review['date']}",
                title,
            )


def _strings(path: list[Any], value: Any) -> Iterator[tuple[list[Any], str]]:
    """Every string inside a JSON value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for n, element in enumerate(value):
            yield from _strings([*path, n], element)
    elif isinstance(value, dict):
        for key, element in value.items():
            yield from _strings([*path, key], element)


def build_vault_export(
    journal: Journal, *, now: datetime, include_revisions: bool = False
) -> VaultExport:
    """Everything in the vault as the JSON tree of ``docs/export-json-schema.md``."""
    from reflect.core.serialize import item_to_dict

    items: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    with journal.reading() as conn:
        uids = dict(conn.execute("SELECT id, uid FROM items").fetchall())
        settings = {
            key: _json.loads(value)
            for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key")
        }
        for item in sorted(journal.all_items(), key=lambda item: item.id or 0):
            uid = uids[item.id]
            record = item_to_dict(item)
            record["uid"] = uid
            record["deleted"] = (
                item.deleted.isoformat(timespec="seconds") if item.deleted is not None else None
            )
            items.append(record)
        if include_revisions:
            revision_rows = conn.execute(
                "SELECT id, item_id, saved, snapshot FROM revisions ORDER BY item_id, id"
            ).fetchall()
            revisions = [
                {"item_id": item_id, "saved": saved, "item": _json.loads(snapshot)}
                for _, item_id, saved, snapshot in revision_rows
            ]
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported": now.isoformat(timespec="seconds"),
        "generator": f"Reflect {__version__}",
        "framework": journal.framework.id,
        "settings": settings,
        "items": items,
    }
    if include_revisions:
        data["revisions"] = revisions
    return VaultExport(data)


def render(document: VaultExport) -> bytes:
    # Not indented: the indenting encoder is pure Python and 4x slower on a large journal.
    return (_json.dumps(document.data, ensure_ascii=False) + "\n").encode("utf-8")


_SEP = "\x1f"


def _path_key(path: list[Any]) -> str:
    """A JSON path as a cheap string key: ``#3`` for an index, ``$name`` for a member."""
    return _SEP.join(f"#{step}" if isinstance(step, int) else f"${step}" for step in path)


def _path_from_key(key: str) -> list[Any]:
    return [int(step[1:]) if step[0] == "#" else step[1:] for step in key.split(_SEP)]
