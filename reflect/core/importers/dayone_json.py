"""Day One's JSON export: the ``.zip`` Day One writes, or a journal's ``.json`` from inside it.

Each journal file holds ``{"metadata": {…}, "entries": [{"creationDate": "2024-01-15T14:30:00Z",
"timeZone": "Europe/London", "text": "…", "tags": […], "starred": true, …}, …]}``. The zip holds
``Journal.json`` or one JSON file per journal (plus photos, which are not imported).

``creationDate`` is UTC; the entry is dated in *its own* time zone (``timeZone``), as the writer
saw the clock, falling back to this computer's zone when the zone is missing or unknown. The first
line of the text is the title (Day One shows it so); the rest is the body. Day One escapes
Markdown punctuation with backslashes, which the body keeps (it is Markdown) and the title loses.
Links to Day One's own photo store (``dayone-moment://``) cannot be shown and are dropped.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from reflect.core.importers import (
    STARRED_TAG,
    TITLE_FROM_BODY_MAX,
    UNTITLED,
    ImportFailed,
    ImportRecord,
    clean_tags,
    describe,
    title_from_body,
)
from reflect.core.importers.jrnl_json import load_json, parse_json_bytes
from reflect.core.model import Item, ItemKind
from reflect.i18n import _

#: A JSON member larger than this is not a journal export (and would be a zip bomb).
MAX_MEMBER_BYTES = 1024**3

_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:[^)]*\)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def parse(path: Path) -> list[ImportRecord]:
    if zipfile.is_zipfile(path):
        return _parse_zip(path)
    return _parse_journal(load_json(path), path.name, "")


def _parse_zip(path: Path) -> list[ImportRecord]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".json")
                and not any(
                    part.startswith((".", "__MACOSX"))
                    for part in PurePosixPath(info.filename).parts
                )
            ]
            chosen = [m for m in members if PurePosixPath(m.filename).name == "Journal.json"]
            members = chosen or sorted(members, key=lambda m: m.filename.casefold())
            if not members:
                raise ImportFailed(
                    _("{name} holds no journal (.json) file: is it a Day One JSON export?").format(
                        name=path.name
                    )
                )
            records: list[ImportRecord] = []
            for info in members:
                if info.file_size > MAX_MEMBER_BYTES:
                    raise ImportFailed(
                        _("{name}: {filename} is too large to be a journal").format(
                            name=path.name, filename=info.filename
                        )
                    )
                data = parse_json_bytes(archive.read(info), f"{path.name}: {info.filename}")
                prefix = f"{info.filename}: " if len(members) > 1 else ""
                records += _parse_journal(data, path.name, prefix)
            return records
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportFailed(
            _("{name} is a damaged zip file ({exc}); nothing was imported").format(
                name=path.name, exc=exc
            )
        ) from None


def _parse_journal(data: Any, name: str, prefix: str) -> list[ImportRecord]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportFailed(
            _(
                '{name}: {prefix}not a Day One JSON export (no list of "entries"); '
                "nothing was imported"
            ).format(name=name, prefix=prefix)
        )
    records = []
    for position, raw in enumerate(data["entries"], start=1):
        text = raw.get("text") if isinstance(raw, dict) else None
        title = _split(text)[0] if isinstance(text, str) else ""
        where = prefix + describe(position, title)
        try:
            item = _item(raw)
        except ValueError as exc:
            raise ImportFailed(
                _("{name}: {where}: {exc}; nothing was imported").format(
                    name=name, where=where, exc=exc
                )
            ) from None
        records.append(ImportRecord(item=item, where=where))
    return records


def _item(raw: Any) -> Item:
    if not isinstance(raw, dict):
        raise ValueError("it is not a JSON object")
    text = raw.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ValueError('"text" must be text')
    if "\x00" in text:
        raise ValueError("it contains a NUL character")
    title, body = _split(_MOMENT.sub("", text))
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError('"tags" must be a list of text')
    starred = raw.get("starred", False)
    if not isinstance(starred, bool):
        raise ValueError('"starred" must be true or false')
    return Item(
        kind=ItemKind.ENTRY,
        title=title or UNTITLED,
        date=_local_time(raw.get("creationDate"), raw.get("timeZone")),
        body=body,
        tags=clean_tags([*tags, STARRED_TAG] if starred else tags),
    )


def _split(text: str) -> tuple[str, str]:
    """The first non-blank line (without heading marks or escapes) and the text after it.

    A first line too long for a title (a paragraph) stays in the body; the title is shortened.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            title = " ".join(_ESCAPE.sub(r"\1", line.strip().lstrip("#").strip()).split())
            if len(title) > TITLE_FROM_BODY_MAX:
                return title_from_body(title), "\n".join(lines[index:]).strip("\n")
            return title, "\n".join(lines[index + 1 :]).strip("\n")
    return "", ""


def _local_time(created: Any, zone: Any) -> datetime:
    if not isinstance(created, str) or not created.strip():
        raise ValueError('"creationDate" is missing')
    try:
        moment = datetime.fromisoformat(created.strip())
    except ValueError:
        raise ValueError(f'"creationDate" {created!r} is not an ISO date and time') from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # Day One writes UTC
    return moment.astimezone(_zone(zone)).replace(tzinfo=None, microsecond=0)


def _zone(name: Any) -> Any:
    """The entry's time zone; ``None`` (this computer's, with its own summer time rules) when it is
    missing or unknown here."""
    if isinstance(name, str) and name.strip():
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(name.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return None
