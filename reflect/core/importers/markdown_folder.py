"""A folder of Markdown files (Obsidian, Bear, iA Writer, plain notes): one item per ``.md`` file.

Front matter, if a file starts with it, is read in a small, safe subset of YAML — enough for what
note apps write, and never able to run anything::

    ---
    title: "Night shift: handover"      # plain or quoted text
    date: 2024-03-05 21:30              # date, date-time, or ISO with a zone (converted to local)
    tags: [handover, "#risk"]           # or "tags: a, b", or a "- item" list on the lines below
    ---

Other keys are ignored. Without front matter the title is the first ``# heading`` (a heading on
the first line is taken out of the body) or else the file name; the date is the file's
modification time. Inline ``#tags`` in the text (outside code) become tags too.
Sub-folders are included; hidden files and folders are not.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.core.importers import ImportFailed, ImportRecord, clean_tags
from reflect.core.model import Item, ItemKind
from reflect.core.serialize import parse_when
from reflect.i18n import _

SUFFIXES = (".md", ".markdown")

_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|\s*)$")
_HEADING = re.compile(r"#\s+(.+?)\s*#*\s*$")
_INLINE_TAG = re.compile(r"(?:^|(?<=\s))#([^\W\d_][\w/-]*)", re.UNICODE)
_FENCE = re.compile(r"^\s*(```|~~~)")
#: Stands for a "|" or ">" block value, which this subset does not read.
_MULTILINE = object()


def parse(folder: Path) -> list[ImportRecord]:
    files = markdown_files(folder)
    if not files:
        raise ImportFailed(_("there are no Markdown (.md) files in {folder}").format(folder=folder))
    records = []
    for path in files:
        where = f"file {path.relative_to(folder).as_posix()}"
        try:
            item = _item(path)
        except ValueError as exc:
            raise ImportFailed(
                _("{name}: {where}: {exc}; nothing was imported").format(
                    name=folder.name, where=where, exc=exc
                )
            ) from None
        records.append(ImportRecord(item=item, where=where))
    return records


def markdown_files(folder: Path) -> list[Path]:
    """Every Markdown file under ``folder``, hidden ones left out, in a stable order."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix().casefold())


def _item(path: Path) -> Item:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    if "\x00" in text:
        raise ValueError("it contains a NUL character")
    meta, body = split_front_matter(text)
    title = _scalar(meta, "title")
    when_text = _scalar(meta, "date") or _scalar(meta, "created")
    if when_text:
        try:
            when = parse_when(when_text, "date")
        except ValueError as exc:
            raise ValueError(f"front matter {exc}") from None
    else:
        when = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    body = body.strip("\n").rstrip()
    if not title:
        title, body = _title_from_heading(body)
    tags = _list(meta, "tags") + _list(meta, "tag") + inline_tags(body)
    return Item(
        kind=ItemKind.ENTRY,
        title=title or _title_from_name(path),
        date=when,
        body=body,
        tags=clean_tags(tags),
    )


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(keys, rest of the text)``; ``({}, text)`` when the file has no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return _parse_front_matter(lines[1:end]), "\n".join(lines[end + 1 :])
    raise ValueError("its front matter starts with --- but is never closed with ---")


def _parse_front_matter(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    current: str | None = None
    for number, line in enumerate(lines, start=2):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[:1] in (" ", "\t") or stripped.startswith("- "):
            # A line belonging to the key above: a "- item" list entry, or nested data we skip.
            if current is not None and stripped.startswith("-"):
                value = meta.get(current)
                if value in (None, ""):
                    value = []
                if isinstance(value, list):
                    value.append(_unquote(stripped[1:].strip()))
                    meta[current] = value
            continue
        match = _KEY.match(stripped)
        if match is None:
            raise ValueError(f"front matter line {number} is not 'key: value'")
        current = match.group(1).lower()
        value = (match.group(2) or "").strip()
        if value.startswith("[") and value.endswith("]"):
            meta[current] = [_unquote(part) for part in _split_list(value[1:-1])]
        elif value in ("|", ">", "|-", ">-"):
            meta[current] = _MULTILINE
        else:
            meta[current] = _unquote(value)
    return meta


def _split_list(text: str) -> list[str]:
    parts, current, quote = [], "", ""
    for char in text:
        if quote:
            current += char
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current += char
        elif char == ",":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current.strip())
    return [part for part in parts if part]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _scalar(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is _MULTILINE:
        raise ValueError(f"front matter {key!r}: multi-line values are not supported")
    if value is None:
        return ""
    if isinstance(value, list):
        raise ValueError(f"front matter {key!r} must be a single value, not a list")
    return " ".join(str(value).split())


def _list(meta: dict[str, Any], key: str) -> list[str]:
    value = meta.get(key)
    if value is None or value == "":
        return []
    if value is _MULTILINE:
        raise ValueError(f"front matter {key!r}: multi-line values are not supported")
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part.strip() for part in str(value).split(",")]


def _title_from_heading(body: str) -> tuple[str, str]:
    """The first ``# heading``; taken out of the body when it is the body's first line."""
    lines = body.split("\n")
    in_code = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        match = None if in_code else _HEADING.fullmatch(line.strip())
        if match is not None and line.startswith("#") and not line.startswith("##"):
            title = " ".join(match.group(1).split())
            if index == 0:
                return title, "\n".join(lines[1:]).strip("\n")
            return title, body
    return "", body


def _title_from_name(path: Path) -> str:
    return " ".join(path.stem.replace("_", " ").replace("-", " ").split()) or path.stem


def inline_tags(body: str) -> list[str]:
    """``#tags`` written in the text, outside fenced code; headings (``# x``) are not tags."""
    tags: list[str] = []
    in_code = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code or line.startswith("    "):
            continue
        for found in _INLINE_TAG.findall(_strip_code_spans(line)):
            tags.append(found.rstrip("/-"))
    return tags


def _strip_code_spans(line: str) -> str:
    return re.sub(r"`[^`]*`", "", line)
