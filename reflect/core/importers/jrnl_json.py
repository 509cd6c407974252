"""jrnl's JSON export, as ``jrnl --export json`` writes it.

The shape (jrnl's ``JSONExporter``)::

    {"tags": {"@work": 3, …},
     "entries": [{"title": …, "body": …, "date": "YYYY-MM-DD", "time": "HH:MM",
                  "tags": ["@work", …], "starred": false, "uuid"?: …, "creator"?: {…}}, …]}

Dates are local wall-clock times, as jrnl keeps them. Tags keep their sigil in jrnl (``@work``);
Reflect drops it. A starred entry gets the tag ``starred``. The top-level ``tags`` counts are
derived data and are ignored.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from reflect.core.importers import (
    STARRED_TAG,
    ImportFailed,
    ImportRecord,
    clean_tags,
    describe,
    title_from_body,
)
from reflect.core.model import Item, ItemKind
from reflect.i18n import _


def load_json(path: Path) -> Any:
    """A JSON file's content, or :class:`ImportFailed` saying where it stops being JSON."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    return parse_json_bytes(raw, path.name)


def parse_json_bytes(raw: bytes, name: str) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            _("{name} is not UTF-8 text; nothing was imported").format(name=name)
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            _(
                "{name} is not valid JSON (line {lineno}, column {colno}: {msg}); "
                "nothing was imported"
            ).format(name=name, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)
        ) from None


def parse(path: Path) -> list[ImportRecord]:
    data = load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportFailed(
            _(
                '{name} is not a jrnl JSON export (no list of "entries"); nothing was imported'
            ).format(name=path.name)
        )
    records = []
    for position, raw in enumerate(data["entries"], start=1):
        title = raw.get("title") if isinstance(raw, dict) else None
        where = describe(position, title if isinstance(title, str) else "")
        try:
            item = _item(raw)
        except ValueError as exc:
            raise ImportFailed(
                _("{name}: {where}: {exc}; nothing was imported").format(
                    name=path.name, where=where, exc=exc
                )
            ) from None
        records.append(ImportRecord(item=item, where=where))
    return records


def _item(raw: Any) -> Item:
    if not isinstance(raw, dict):
        raise ValueError("it is not a JSON object")
    title = _text(raw, "title")
    body = _text(raw, "body").strip("\r\n")
    when = datetime.combine(_date(raw.get("date")), _time(raw.get("time")))
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError('"tags" must be a list of text')
    starred = raw.get("starred", False)
    if not isinstance(starred, bool):
        raise ValueError('"starred" must be true or false')
    if "\x00" in title or "\x00" in body:
        raise ValueError("it contains a NUL character")
    all_tags = [*tags, STARRED_TAG] if starred else tags
    return Item(
        kind=ItemKind.ENTRY,
        title=title.strip() or title_from_body(body),
        date=when,
        body=body,
        tags=clean_tags(all_tags),
    )


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f'"{key}" must be text')
    return value


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError('"date" is missing (expected YYYY-MM-DD)')
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f'"date" {value!r} is not a date (expected YYYY-MM-DD)') from None


def _time(value: Any) -> time:
    if value in (None, ""):
        return time(0, 0)
    if not isinstance(value, str):
        raise ValueError('"time" must be text (HH:MM)')
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f'"time" {value!r} is not a time (expected HH:MM)') from None
