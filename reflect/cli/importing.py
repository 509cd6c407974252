"""``reflect import``: bring in another journal, all or nothing."""

from __future__ import annotations

import argparse
from typing import Any

from reflect.cli.common import Context
from reflect.core.importers import IMPORTERS
from reflect.i18n import _, ngettext


def register(
    sub: Any, with_json: argparse.ArgumentParser, without_json: argparse.ArgumentParser
) -> None:
    formats = "; ".join(f"{i.name}: {i.description}" for i in IMPORTERS)
    p = sub.add_parser(
        "import",
        parents=[with_json],
        help=_("import another journal (all or nothing)"),
        description=_("Import a file or folder. Formats — {formats}.").format(formats=formats),
    )
    p.add_argument("file", metavar="FILE", help=_("the export file (or folder, for markdown)"))
    p.add_argument(
        "--format",
        required=True,
        choices=[i.name for i in IMPORTERS],
        help=_("what FILE is"),
    )
    p.add_argument(
        "--map-tag",
        action="append",
        default=[],
        metavar="TAG=N",
        help=_(
            "also tag items carrying TAG with capability N or indicator N.k, "
            "e.g. risk=9 (repeatable)"
        ),
    )
    p.add_argument(
        "--dry-run", action="store_true", help=_("show what would be imported; change nothing")
    )
    p.set_defaults(handler=cmd_import)


def cmd_import(ctx: Context) -> int:
    from reflect.core.importers import (
        import_source,
        parse_tag_map,
        preview_source,
        read_source,
    )

    a = ctx.args
    mapping = parse_tag_map(a.map_tag)
    # The whole file is read and checked before the journal is unlocked.
    source = read_source(a.file, a.format)
    with ctx.open_journal() as journal:
        if a.dry_run:
            report = preview_source(source, journal=journal, map_tags=mapping)
        else:
            report = import_source(journal, source, map_tags=mapping)
    if ctx.json:
        ctx.emit_json(
            {
                "imported": report.imported,
                "skipped_duplicates": report.skipped_duplicates,
                "dry_run": report.dry_run,
                "ids": list(report.imported_ids),
                "settings_imported": report.settings_imported,
                "items": [_row_json(row) for row in report.items_preview],
            }
        )
        return 0
    if report.dry_run:
        for row in report.items_preview:
            ctx.out(_row_text(row))
        n = report.imported
        parts = [ngettext("Would import {n} item", "Would import {n} items", n).format(n=n)]
        if skipped := report.skipped_duplicates:
            parts.append(
                ngettext(
                    "{n} already there would be skipped",
                    "{n} already there would be skipped",
                    skipped,
                ).format(n=skipped)
            )
        ctx.out(_("{parts}. Nothing was changed.").format(parts="; ".join(parts)))
        return 0
    n = report.imported
    parts = [
        ngettext("Imported {n} item from {file}", "Imported {n} items from {file}", n).format(
            n=n, file=source.path.name
        )
    ]
    if skipped := report.skipped_duplicates:
        parts.append(
            ngettext("skipped {n} duplicate", "skipped {n} duplicates", skipped).format(n=skipped)
        )
    if added := report.settings_imported:
        parts.append(
            ngettext(
                "added {n} setting it did not have", "added {n} settings it did not have", added
            ).format(n=added)
        )
    ctx.out("; ".join(parts) + ".")
    return 0


def _row_json(row: Any) -> dict[str, Any]:
    from reflect.core.serialize import format_when

    return {
        "date": format_when(row.date),
        "kind": row.kind.value,
        "title": row.title,
        "tags": list(row.tags),
        "capabilities": list(row.capabilities),
        "duplicate": row.duplicate,
        "source": row.where,
    }


def _row_text(row: Any) -> str:
    when = row.date.strftime("%Y-%m-%d %H:%M")
    caps = ",".join(row.capabilities) or "-"
    tags = " ".join(f"#{t}" for t in row.tags)
    flag = "  " + _("(duplicate: skipped)") if row.duplicate else ""
    return f"{when}  {row.title}  [{caps}] {tags}".rstrip() + flag
