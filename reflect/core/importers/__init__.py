"""Importing other journals: one registry of formats, and an all-or-nothing import.

Every format turns its file (or folder) into :class:`ImportRecord` s first; only when the whole
source parsed and checked does anything touch the journal, and then every item is saved inside one
transaction. A malformed record therefore imports nothing, and the error names the record (its
position and title, or its file) and what is wrong with it.

A record is skipped, and counted, as a duplicate when a live item (or an earlier record of the
same source) has the same date to the minute, title and body; an item from a Reflect export is
also recognised by its ``uid`` when it was imported before, even if edited since.

The registry is plain data: the command line builds ``--format`` choices from it without loading
any parser; a format's module is imported only when it is used.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from reflect.core.frameworks import parse_any_codes
from reflect.core.model import Item, ItemKind
from reflect.errors import ReflectError, UsageError, UserError
from reflect.i18n import _

#: The longest title made from a body's first line when the source has none.
TITLE_FROM_BODY_MAX = 80
UNTITLED = "Untitled"
STARRED_TAG = "starred"
_MISSING = object()


class ImportFailed(UserError):
    """The source cannot be imported; nothing was imported. The message names the record."""


@dataclass(frozen=True)
class Importer:
    """One importable format, as menus and ``--format`` show it."""

    name: str
    description: str
    #: what the user chooses: "file" or "folder"
    source: str
    #: file name patterns for a file chooser, e.g. ("*.json", "*.zip")
    patterns: tuple[str, ...]
    module: str

    def parse(self, path: Path) -> Parsed:
        """Read and check the whole source; :class:`ImportFailed` names the first bad record."""
        parser: Callable[[Path], list[ImportRecord] | Parsed]
        parser = importlib.import_module(self.module).parse
        result = parser(Path(path))
        return result if isinstance(result, Parsed) else Parsed(tuple(result))


#: The registry, in menu order.
IMPORTERS: tuple[Importer, ...] = (
    Importer(
        "reflect-json",
        "Reflect JSON export (everything, including details, links and history)",
        "file",
        ("*.json",),
        "reflect.core.importers.reflect_json",
    ),
    Importer(
        "jrnl-json",
        "jrnl journal exported with 'jrnl --export json'",
        "file",
        ("*.json",),
        "reflect.core.importers.jrnl_json",
    ),
    Importer(
        "dayone-json",
        "Day One JSON export (the .zip or the Journal.json inside it)",
        "file",
        ("*.zip", "*.json"),
        "reflect.core.importers.dayone_json",
    ),
    Importer(
        "markdown",
        "A folder of Markdown (.md) files, with or without front matter",
        "folder",
        ("*.md",),
        "reflect.core.importers.markdown_folder",
    ),
)


def importer_names() -> list[str]:
    return [importer.name for importer in IMPORTERS]


def get_importer(name: str) -> Importer:
    for importer in IMPORTERS:
        if importer.name == name:
            return importer
    raise UsageError(
        _("unknown import format {name!r}: choose one of {value}").format(
            name=name, value=", ".join(importer_names())
        )
    )


@dataclass(frozen=True)
class RevisionRecord:
    """An earlier version of an imported item, as the source recorded it."""

    saved: datetime
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class ImportRecord:
    """One item read from a source, not yet saved.

    ``item`` has no id; links to other items (``brought_entries``, ``evidence``) still hold the
    *source's* ids, which :func:`import_records` remaps to the new ones. ``keep_stamps`` keeps the
    source's created/updated/deleted stamps instead of "now".
    """

    item: Item
    where: str
    source_id: int | None = None
    revisions: tuple[RevisionRecord, ...] = ()
    keep_stamps: bool = False
    #: the source's stable id for the item, kept when the journal does not use it yet
    uid: str | None = None


@dataclass(frozen=True)
class Parsed:
    """What a format's parser returns: the records, and settings a Reflect export carries."""

    records: tuple[ImportRecord, ...]
    settings: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ParsedSource:
    """A whole source, read and checked, ready to preview or import."""

    path: Path
    format: str
    records: tuple[ImportRecord, ...]
    #: journal settings from a Reflect export; only those the journal does not have are taken
    settings: tuple[tuple[str, Any], ...] = ()

    def tags(self) -> list[tuple[str, int]]:
        """Free tags found, with how many records carry each, most used first (for mapping)."""
        counts: dict[str, tuple[str, int]] = {}
        for record in self.records:
            for tag in record.item.tags:
                name, n = counts.get(tag.casefold(), (tag, 0))
                counts[tag.casefold()] = (name, n + 1)
        return sorted(counts.values(), key=lambda pair: (-pair[1], pair[0].casefold()))


@dataclass(frozen=True)
class PreviewRow:
    """A line of the preview: what would be saved, and whether it would be skipped."""

    date: datetime
    title: str
    kind: ItemKind
    tags: tuple[str, ...]
    capabilities: tuple[str, ...]
    duplicate: bool
    where: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    imported: int
    skipped_duplicates: int
    items_preview: tuple[PreviewRow, ...] = ()
    imported_ids: tuple[int, ...] = ()
    dry_run: bool = False
    settings_imported: int = 0


@dataclass(frozen=True)
class _Planned:
    """A record, its final item, and what it duplicates (an item already there, or a record)."""

    record: ImportRecord
    item: Item
    same_as_id: int | None = None
    same_as_record: ImportRecord | None = None

    @property
    def duplicate(self) -> bool:
        return self.same_as_id is not None or self.same_as_record is not None


# --- the steps ----------------------------------------------------------------------------------


def read_source(path: Path, format: str) -> ParsedSource:
    """Parse and check the whole source without touching any journal."""
    importer = get_importer(format)
    path = Path(path).expanduser()
    if importer.source == "folder":
        if not path.is_dir():
            raise ImportFailed(
                _("{path} is not a folder: the {format} format reads a folder").format(
                    path=path, format=format
                )
            )
    elif not path.exists():
        raise ImportFailed(_("no such file: {path}").format(path=path))
    elif path.is_dir():
        raise ImportFailed(
            _("{path} is a folder: the {format} format reads a file").format(
                path=path, format=format
            )
        )
    parsed = importer.parse(path)
    return ParsedSource(path, format, parsed.records, parsed.settings)


def preview(
    path: Path,
    format: str,
    *,
    journal: Any | None = None,
    map_tags: dict[str, str] | None = None,
) -> ImportReport:
    """What importing would do, saving nothing; duplicates are marked when a journal is given."""
    return preview_source(read_source(path, format), journal=journal, map_tags=map_tags)


def preview_source(
    source: ParsedSource,
    *,
    journal: Any | None = None,
    map_tags: dict[str, str] | None = None,
) -> ImportReport:
    framework = journal.framework if journal is not None else _default_framework()
    mapping = checked_tag_map(map_tags or {}, framework)
    rows = tuple(_row(entry) for entry in _plan(source, journal, mapping))
    dups = sum(1 for row in rows if row.duplicate)
    return ImportReport(len(rows) - dups, dups, rows, dry_run=True)


def import_file(
    journal: Any,
    path: Path,
    format: str,
    *,
    map_tags: dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a file or folder into ``journal``: every new item, or none (see module doc)."""
    source = read_source(path, format)
    if dry_run:
        return preview_source(source, journal=journal, map_tags=map_tags)
    return import_source(journal, source, map_tags=map_tags)


def import_source(
    journal: Any, source: ParsedSource, *, map_tags: dict[str, str] | None = None
) -> ImportReport:
    """Save every record of ``source`` that is not a duplicate, in one transaction."""
    mapping = checked_tag_map(map_tags or {}, journal.framework)
    plan = _plan(source, journal, mapping)
    rows = tuple(_row(entry) for entry in plan)
    new_ids: list[int] = []
    id_map: dict[int, int] = {}
    with journal.transaction() as conn:
        saved: list[tuple[ImportRecord, Item, int]] = []
        for entry in plan:
            record = entry.record
            if entry.duplicate:
                continue
            try:
                stored = journal.save(_without_links(entry.item))
            except ReflectError as exc:
                raise ImportFailed(
                    _("{value}: {where}: {exc}; nothing was imported").format(
                        value=_name(source), where=record.where, exc=exc
                    )
                ) from None
            assert stored.id is not None
            if record.source_id is not None:
                id_map[record.source_id] = stored.id
            saved.append((record, entry.item, stored.id))
            new_ids.append(stored.id)
        # A skipped duplicate stands for the item it duplicates, so links to it still land.
        for entry in plan:
            if entry.record.source_id is None:
                continue
            if entry.same_as_id is not None:
                id_map[entry.record.source_id] = entry.same_as_id
            elif entry.same_as_record is not None and entry.same_as_record.source_id in id_map:
                id_map[entry.record.source_id] = id_map[entry.same_as_record.source_id]
        for record, item, new_id in saved:
            try:
                _write_links(conn, item, new_id, id_map)
                _write_history(conn, record, item, new_id, id_map)
            except (ValueError, UserError) as exc:
                raise ImportFailed(
                    _("{value}: {where}: {exc}; nothing was imported").format(
                        value=_name(source), where=record.where, exc=exc
                    )
                ) from None
        settings = 0
        for key, value in source.settings:
            if journal.setting(key, _MISSING) is _MISSING:  # never overwrite the user's own
                journal.set_setting(key, value)
                settings += 1
    dups = sum(1 for row in rows if row.duplicate)
    return ImportReport(len(new_ids), dups, rows, tuple(new_ids), settings_imported=settings)


# --- tags and capabilities ----------------------------------------------------------------------


def checked_tag_map(map_tags: dict[str, str], framework: Any) -> dict[str, tuple[str, ...]]:
    """``{"risk": "9"}`` as ``{"risk": ("9",)}``: sigils dropped, tags compared ignoring case."""
    checked: dict[str, tuple[str, ...]] = {}
    for raw_tag, raw_codes in map_tags.items():
        tag = clean_tag(raw_tag)
        if not tag:
            raise UserError(
                _("cannot map the tag {raw_tag!r}: it is empty").format(raw_tag=raw_tag)
            )
        try:
            codes = parse_any_codes([raw_codes], framework)
        except UserError as exc:
            raise UserError(
                _("cannot map the tag {tag!r} to {raw_codes!r}: {exc}").format(
                    tag=tag, raw_codes=raw_codes, exc=exc
                )
            ) from None
        checked[tag.casefold()] = tuple(dict.fromkeys(checked.get(tag.casefold(), ()) + codes))
    return checked


def parse_tag_map(specs: Iterable[str]) -> dict[str, str]:
    """``["risk=9", "supervision=8.2,1"]`` from the command line as ``{"risk": "9", …}``."""
    mapping: dict[str, str] = {}
    for spec in specs:
        tag, sep, codes = spec.partition("=")
        if not sep or not tag.strip() or not codes.strip():
            raise UsageError(
                _("--map-tag {spec!r}: write it as TAG=CAPABILITY, e.g. risk=9").format(spec=spec)
            )
        key = clean_tag(tag)
        mapping[key] = f"{mapping[key]},{codes.strip()}" if key in mapping else codes.strip()
    return mapping


def clean_tag(raw: str) -> str:
    """A tag as Reflect keeps it: no ``@``/``#`` sigil, single spaces."""
    return " ".join(raw.strip().lstrip("#@").split())


def clean_tags(raw: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in raw:
        tag = clean_tag(value)
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def title_from_body(body: str) -> str:
    """A title for a source that has none: the first line of text, shortened; else "Untitled"."""
    for line in body.splitlines():
        text = " ".join(line.strip().lstrip("#").split())
        if text:
            if len(text) <= TITLE_FROM_BODY_MAX:
                return text
            cut = text[: TITLE_FROM_BODY_MAX - 1].rsplit(" ", 1)[0] or text[:TITLE_FROM_BODY_MAX]
            return cut.rstrip(" ,.;:") + "…"
    return UNTITLED


def describe(position: int, title: str, noun: str = "entry") -> str:
    """How an error names a record: ``entry 12 ("Night shift")``."""
    shown = " ".join(title.split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return f"{noun} {position} ({shown!r})" if shown else f"{noun} {position}"


# --- planning -----------------------------------------------------------------------------------


def _plan(
    source: ParsedSource, journal: Any | None, mapping: dict[str, tuple[str, ...]]
) -> list[_Planned]:
    """Each record with its final item, and whether (and what) it duplicates."""
    framework = journal.framework if journal is not None else _default_framework()
    existing = _existing_keys(journal, source.records) if journal is not None else {}
    known_uids = _existing_uids(journal, source.records) if journal is not None else {}
    seen_in_file: dict[tuple[str, str, bytes], ImportRecord] = {}
    plan: list[_Planned] = []
    for record in source.records:
        item = _mapped(record, mapping, framework, source)
        if record.uid is not None and record.uid in known_uids:
            # The very item, imported before (and perhaps edited since): never a second copy.
            plan.append(_Planned(record, item, same_as_id=known_uids[record.uid]))
            continue
        if item.deleted is not None:  # something in the source's trash is never "the same"
            plan.append(_Planned(record, item))
            continue
        key = _key(item.date, item.title, item.body)
        if key in existing:
            plan.append(_Planned(record, item, same_as_id=existing[key]))
        elif key in seen_in_file:
            plan.append(_Planned(record, item, same_as_record=seen_in_file[key]))
        else:
            seen_in_file[key] = record
            plan.append(_Planned(record, item))
    return plan


def _mapped(
    record: ImportRecord,
    mapping: dict[str, tuple[str, ...]],
    framework: Any,
    source: ParsedSource,
) -> Item:
    item = record.item
    extra = [code for tag in item.tags for code in mapping.get(tag.casefold(), ())]
    try:
        codes = parse_any_codes([*item.capabilities, *extra], framework)
    except UserError as exc:
        raise ImportFailed(
            _("{value}: {where}: {exc}; nothing was imported").format(
                value=_name(source), where=record.where, exc=exc
            )
        ) from None
    return replace(item, capabilities=codes)


def _key(when: datetime, title: str, body: str) -> tuple[str, str, bytes]:
    return (
        when.strftime("%Y-%m-%dT%H:%M"),
        title.strip(),
        hashlib.sha256(body.strip().encode("utf-8")).digest(),
    )


def _existing_keys(
    journal: Any, records: Iterable[ImportRecord]
) -> dict[tuple[str, str, bytes], int]:
    """Live items in the journal within the source's date range, by duplicate key."""
    dates = [record.item.date for record in records]
    if not dates:
        return {}
    start = min(dates).replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
    end = (max(dates).replace(second=0, microsecond=0) + timedelta(minutes=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    found: dict[tuple[str, str, bytes], int] = {}
    with journal.reading() as conn:
        rows = conn.execute(
            "SELECT id, date, title, body FROM items"
            " WHERE deleted IS NULL AND date >= ? AND date < ?",
            (start, end),
        ).fetchall()
    for item_id, when, title, body in rows:
        found.setdefault(_key(datetime.fromisoformat(when), title, body), int(item_id))
    return found


def _existing_uids(journal: Any, records: Iterable[ImportRecord]) -> dict[str, int]:
    """Items of the journal (in the trash too) that carry a uid the source names."""
    wanted = [record.uid for record in records if record.uid]
    found: dict[str, int] = {}
    with journal.reading() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = conn.execute(f"SELECT uid, id FROM items WHERE uid IN ({marks})", chunk)
            found.update((uid, int(item_id)) for uid, item_id in rows)
    return found


def _row(entry: _Planned) -> PreviewRow:
    item = entry.item
    return PreviewRow(
        date=item.date,
        title=item.title,
        kind=item.kind,
        tags=item.tags,
        capabilities=item.capabilities,
        duplicate=entry.duplicate,
        where=entry.record.where,
    )


def _name(source: ParsedSource) -> str:
    return source.path.name or str(source.path)


def _default_framework() -> Any:
    from reflect.core.frameworks import load_framework

    return load_framework()


# --- links and history (reflect-json) -----------------------------------------------------------


def _without_links(item: Item) -> Item:
    """Links are written after every item exists (they may point forwards or in a cycle)."""
    if item.supervision is not None and item.supervision.brought_entries:
        item = replace(item, supervision=replace(item.supervision, brought_entries=()))
    if item.goal is not None and item.goal.evidence:
        item = replace(item, goal=replace(item.goal, evidence=()))
    return replace(item, id=None, created=None, updated=None, deleted=None)


def _remap(targets: tuple[int, ...], id_map: dict[int, int], what: str) -> list[int]:
    mapped = []
    for target in targets:
        if target not in id_map:
            raise ValueError(f"its {what} refers to item {target}, which is not in the file")
        mapped.append(id_map[target])
    return list(dict.fromkeys(mapped))


def _write_links(conn: Any, item: Item, new_id: int, id_map: dict[int, int]) -> None:
    links: list[tuple[str, list[int], ItemKind | None]] = []
    if item.supervision is not None and item.supervision.brought_entries:
        brought = _remap(item.supervision.brought_entries, id_map, "list of entries brought")
        links.append(("brought", brought, ItemKind.ENTRY))
    if item.goal is not None and item.goal.evidence:
        links.append(("evidence", _remap(item.goal.evidence, id_map, "evidence"), None))
    for relation, targets, kind in links:
        for position, target in enumerate(targets):
            row = conn.execute("SELECT kind FROM items WHERE id = ?", (target,)).fetchone()
            if row is None or target == new_id:
                raise ValueError(f"it cannot link to itself or to a missing item ({target})")
            if kind is not None and row[0] != kind.value:
                raise ValueError(f"it brings item {target} to supervision, which is not an entry")
            conn.execute(
                "INSERT OR IGNORE INTO item_links (from_id, relation, to_id, position)"
                " VALUES (?, ?, ?, ?)",
                (new_id, relation, target, position),
            )


def _write_history(
    conn: Any, record: ImportRecord, item: Item, new_id: int, id_map: dict[int, int]
) -> None:
    """Keep the source's stamps and earlier versions, so an import loses no history."""
    if record.uid:
        conn.execute(
            "UPDATE items SET uid = ? WHERE id = ?"
            " AND NOT EXISTS (SELECT 1 FROM items WHERE uid = ?)",
            (record.uid, new_id, record.uid),
        )
    if record.keep_stamps:
        conn.execute(
            "UPDATE items SET created = COALESCE(?, created), updated = COALESCE(?, updated),"
            " deleted = ? WHERE id = ?",
            (
                _stamp(item.created),
                _stamp(item.updated),
                _stamp(item.deleted),
                new_id,
            ),
        )
    for revision in record.revisions:
        snapshot = dict(revision.snapshot)
        snapshot["id"] = new_id
        for section, key in (("supervision", "brought_entries"), ("goal", "evidence")):
            part = snapshot.get(section)
            if isinstance(part, dict) and part.get(key):
                # An old version may link to an item that was since deleted: drop only that link.
                part = dict(part)
                part[key] = [id_map[int(t)] for t in part[key] if int(t) in id_map]
                snapshot[section] = part
        conn.execute(
            "INSERT INTO revisions (item_id, saved, snapshot) VALUES (?, ?, ?)",
            (new_id, _stamp(revision.saved), json.dumps(snapshot)),
        )


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


__all__ = [
    "IMPORTERS",
    "ImportFailed",
    "ImportRecord",
    "ImportReport",
    "Importer",
    "Parsed",
    "ParsedSource",
    "PreviewRow",
    "RevisionRecord",
    "clean_tags",
    "describe",
    "get_importer",
    "import_file",
    "import_source",
    "importer_names",
    "parse_tag_map",
    "preview",
    "preview_source",
    "read_source",
    "title_from_body",
]
