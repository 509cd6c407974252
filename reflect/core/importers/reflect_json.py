"""Reflect's own lossless JSON export, read back (see ``docs/export-json-schema.md``).

Everything an item holds comes back: kind-specific details, capabilities and indicators, tags,
the bring-to-supervision flag, created/updated stamps, whether it was in the trash, and its earlier
versions. Links between items (entries brought to supervision, goal evidence) name items by their
id *in the export*; the import gives every item a new id and rewrites the links to match.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.core.importers import ImportFailed, ImportRecord, Parsed, RevisionRecord, describe
from reflect.core.importers.jrnl_json import load_json
from reflect.core.serialize import item_from_dict
from reflect.i18n import _

FORMAT = "reflect-export"
VERSION = 1


def parse(path: Path) -> Parsed:
    data = load_json(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed(
            _(
                '{name} is not a Reflect JSON export (no "format": "{format}"); '
                "nothing was imported"
            ).format(name=path.name, format=FORMAT)
        )
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ImportFailed(
            _("{name}: the export has no valid version; nothing was imported").format(
                name=path.name
            )
        )
    if version > VERSION:
        raise ImportFailed(
            _(
                "{name} was exported by a newer version of Reflect (format version "
                "{version}); update Reflect to import it"
            ).format(name=path.name, version=version)
        )
    items = data.get("items")
    if not isinstance(items, list):
        raise ImportFailed(
            _('{name}: the export has no list of "items"; nothing was imported').format(
                name=path.name
            )
        )
    loose = _loose_revisions(data, path)
    records: list[ImportRecord] = []
    seen_ids: set[int] = set()
    for position, raw in enumerate(items, start=1):
        title = raw.get("title") if isinstance(raw, dict) else None
        where = describe(position, title if isinstance(title, str) else "", "item")
        try:
            record = _record(raw, where, loose)
        except (ValueError, TypeError, KeyError) as exc:
            raise ImportFailed(
                _("{name}: {where}: {exc}; nothing was imported").format(
                    name=path.name, where=where, exc=exc
                )
            ) from None
        if record.source_id is not None:
            if record.source_id in seen_ids:
                raise ImportFailed(
                    _("{name}: {where}: id {source_id} is used twice; nothing was imported").format(
                        name=path.name, where=where, source_id=record.source_id
                    )
                )
            seen_ids.add(record.source_id)
        records.append(record)
    return Parsed(tuple(records), _settings(data, path))


def _settings(data: dict[str, Any], path: Path) -> tuple[tuple[str, Any], ...]:
    raw = data.get("settings", {})
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ImportFailed(
            _('{name}: "settings" is not an object; nothing was imported').format(name=path.name)
        )
    return tuple((str(key), value) for key, value in raw.items())


def _record(raw: Any, where: str, loose: dict[int, list[RevisionRecord]]) -> ImportRecord:
    if not isinstance(raw, dict):
        raise ValueError("it is not a JSON object")
    item = item_from_dict(raw)
    if "\x00" in item.title or "\x00" in item.body:
        raise ValueError("it contains a NUL character")
    source_id = raw.get("id")
    if source_id is not None and (isinstance(source_id, bool) or not isinstance(source_id, int)):
        raise ValueError(f"its id {source_id!r} is not a whole number")
    deleted = None
    if raw.get("in_trash"):
        deleted = _stamp(raw.get("deleted")) or item.updated or item.created or datetime.now()
    revisions = [_revision(r) for r in raw.get("revisions", []) or []]
    if source_id is not None:
        revisions += loose.get(source_id, [])
    uid = raw.get("uid")
    if uid is not None and not isinstance(uid, str):
        raise ValueError("its uid is not text")
    return ImportRecord(
        item=_with_deleted(item, deleted),
        where=where,
        source_id=source_id,
        uid=uid or None,
        revisions=tuple(sorted(revisions, key=lambda r: r.saved)),
        keep_stamps=True,
    )


def _revision(raw: Any) -> RevisionRecord:
    if not isinstance(raw, dict):
        raise ValueError("one of its earlier versions is not a JSON object")
    snapshot = raw.get("item", raw.get("snapshot"))
    if not isinstance(snapshot, dict):
        raise ValueError("one of its earlier versions has no item")
    item_from_dict(snapshot)  # a malformed old version is refused like a malformed item
    saved = _stamp(raw.get("saved"))
    if saved is None:
        raise ValueError("one of its earlier versions has no 'saved' time")
    return RevisionRecord(saved=saved, snapshot=snapshot)


def _loose_revisions(data: dict[str, Any], path: Path) -> dict[int, list[RevisionRecord]]:
    """Revisions listed apart from their items (``{"item_id": …, "saved": …, "item": …}``)."""
    raw = data.get("revisions")
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise ImportFailed(
            _('{name}: "revisions" is not a list; nothing was imported').format(name=path.name)
        )
    found: dict[int, list[RevisionRecord]] = {}
    for position, entry in enumerate(raw, start=1):
        try:
            if not isinstance(entry, dict) or not isinstance(entry.get("item_id"), int):
                raise ValueError("it names no item_id")
            found.setdefault(entry["item_id"], []).append(_revision(entry))
        except (ValueError, TypeError, KeyError) as exc:
            raise ImportFailed(
                _("{name}: revision {position}: {exc}; nothing was imported").format(
                    name=path.name, position=position, exc=exc
                )
            ) from None
    return found


def _stamp(text: Any) -> datetime | None:
    if text in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date and time") from None


def _with_deleted(item: Any, deleted: datetime | None) -> Any:
    from dataclasses import replace

    return replace(item, deleted=deleted)
