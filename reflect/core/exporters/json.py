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
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
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


#: Where a text sits in the JSON tree: keys and indices from the item (or setting) it belongs to.
Steps = tuple[str | int, ...]


@dataclass(frozen=True)
class VaultExport:
    """The JSON tree of a whole vault, ready to be written."""

    data: dict[str, Any]

    def text_fields(self) -> list[TextField]:
        """Every string the user wrote, with a key that is the JSON path to it."""
        texts, field = self.texts_to_check()
        return [field(n) for n in range(len(texts))]

    def texts_to_check(self) -> tuple[list[str], Callable[[int], TextField]]:
        """Every string the user wrote (as :meth:`text_fields` lists them), and the description
        of the n-th of them.

        A large journal has tens of thousands of texts, few with findings: the descriptions
        (JSON path, place, title) are built only for the texts the check asks about.
        """
        texts: list[str] = []
        firsts: list[int] = []  # where the texts of each owner start in ``texts``
        owners: list[tuple[str, Any]] = []  # ("items" | "revisions", index) or ("settings", key)
        for n, item in enumerate(self.data["items"]):
            firsts.append(len(texts))
            owners.append(("items", n))
            texts += [text for _, text, _ in _item_parts(item) if text]
        for n, revision in enumerate(self.data.get("revisions", ())):
            firsts.append(len(texts))
            owners.append(("revisions", n))
            texts += [text for _, text, _ in _item_parts(revision["item"]) if text]
        for key, value in self.data["settings"].items():
            if key not in UNCHECKED_SETTINGS:
                firsts.append(len(texts))
                owners.append(("settings", key))
                texts += [text for _, text in _strings((), value) if text]

        def field(n: int) -> TextField:
            k = bisect_right(firsts, n) - 1
            return self._field(*owners[k], n - firsts[k])

        return texts, field

    def _field(self, part: str, ref: Any, index: int) -> TextField:
        """The description of the ``index``-th non-empty text of an item, an earlier version of
        one, or a setting."""
        if part == "settings":
            strings = [(steps, text) for steps, text in _strings((), self.data[part][ref]) if text]
            steps, text = strings[index]
            return TextField(_path_key((part, ref, *steps)), text, "journal settings", ref)
        base: Steps
        if part == "items":
            item, base = self.data[part][ref], (part, ref)
            place = f"{_kind(item)} {item['id']}"
        else:
            revision = self.data[part][ref]
            item, base = revision["item"], (part, ref, "item")
            place = f"earlier version of {_kind(item)} {revision['item_id']}"
        where = f"{place} of {str(item.get('date', ''))[:10]}"
        steps, text, name = [p for p in _item_parts(item) if p[1]][index]
        return TextField(_path_key((*base, *steps)), text, where, name, item.get("title", ""))

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


def _item_parts(item: dict[str, Any]) -> Iterator[tuple[Steps, str, str]]:
    """Each text of an item the user wrote: where it sits in the item, the text, which field."""
    for name in _ITEM_TEXTS:
        yield (name,), item.get(name, ""), name
    for n, tag in enumerate(item.get("tags", ())):
        yield ("tags", n), tag, "tag"
    for detail, names in _DETAIL_TEXTS.items():
        part = item.get(detail)
        if not part:
            continue
        for name in names:
            yield (detail, name), part.get(name, ""), name
        for n, action in enumerate(part.get("actions", ())):
            yield (detail, "actions", n, "text"), action["text"], "action"
        for n, review in enumerate(part.get("reviews", ())):
            yield (
                (detail, "reviews", n, "note"),
                review["note"],
                f"progress review of {review['date']}",
            )


def _strings(path: Steps, value: Any) -> Iterator[tuple[Steps, str]]:
    """Every string inside a JSON value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for n, element in enumerate(value):
            yield from _strings((*path, n), element)
    elif isinstance(value, dict):
        for key, element in value.items():
            yield from _strings((*path, key), element)


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
    # Not indented: the indenting encoder is pure Python and 4x slower on a large journal. The
    # tree is built fresh from the vault and holds no cycles: checking for them costs a fifth.
    text = _json.dumps(document.data, ensure_ascii=False, check_circular=False)
    return (text + "\n").encode("utf-8")


_SEP = "\x1f"


def _path_key(path: Steps) -> str:
    """A JSON path as a cheap string key: ``#3`` for an index, ``$name`` for a member."""
    return _SEP.join(f"#{step}" if isinstance(step, int) else f"${step}" for step in path)


def _path_from_key(key: str) -> list[Any]:
    return [int(step[1:]) if step[0] == "#" else step[1:] for step in key.split(_SEP)]
