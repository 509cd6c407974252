"""``reflect export``: the appraisal summary (PDF, Word, HTML, Markdown) or the whole vault (JSON).

Registered through ``COMMAND_MODULES`` in :mod:`reflect.cli.main`; top-level imports stay light
because every ``reflect`` run builds this parser. The export refuses with exit 4 when the
identifiable-information check finds something, listing each finding by kind and location (never
its text), unless ``--redact`` replaces them in the file or ``--allow-identifiable`` keeps them.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from reflect.cli.common import Context, add_framework_option, parse_cli_day
from reflect.errors import UsageError
from reflect.i18n import _


def register(
    subparsers: Any, with_json: argparse.ArgumentParser, without_json: argparse.ArgumentParser
) -> None:
    from reflect.core.exporters import exporters

    formats = exporters()
    p = subparsers.add_parser(
        "export",
        parents=[without_json],
        help=_("export the appraisal summary, or everything as JSON"),
        description="Write the appraisal summary for the review period (the twelve months ending "
        "on your next annual review, or between --from and --to) as "
        + ", ".join(e.name for e in formats if e.content == "appraisal")
        + ", or everything in the journal as json. Every export is checked for identifiable "
        "information first; if any is found nothing is written (exit 4) unless you choose "
        "--redact or --allow-identifiable.",
    )
    p.add_argument(
        "--format",
        required=True,
        choices=[e.name for e in formats],
        help="; ".join(f"{e.name}: {e.description}" for e in formats),
    )
    p.add_argument("--out", required=True, metavar="FILE", help=_("the file to write"))
    p.add_argument("--from", dest="date_from", metavar="D", help=_("first day of the period"))
    p.add_argument("--to", dest="date_to", metavar="D", help=_("last day of the period"))
    p.add_argument(
        "--capability",
        metavar="N",
        help=_("only reflections tagged with capability N (or N.k) of the framework shown"),
    )
    add_framework_option(p, "the summary covers")
    p.add_argument(
        "--tag", action="append", default=[], metavar="T", help=_("only reflections with this tag")
    )
    p.add_argument(
        "--full-text",
        action="store_true",
        help=_("show each reflection in full (default: its first paragraph)"),
    )
    p.add_argument(
        "--include-supervision",
        action="store_true",
        help=_("list supervision notes (only their dates and kinds)"),
    )
    choice = p.add_mutually_exclusive_group()
    choice.add_argument(
        "--redact",
        action="store_true",
        help=_(
            "replace what the check finds with a marker such as [redacted: NHS "
            "number], in the export only"
        ),
    )
    choice.add_argument(
        "--allow-identifiable",
        action="store_true",
        help=_("keep what the check finds (you take responsibility for the file)"),
    )
    p.set_defaults(handler=cmd_export)


_SUMMARY_ONLY = (
    ("date_from", "--from"),
    ("date_to", "--to"),
    ("capability", "--capability"),
    ("tag", "--tag"),
    ("full_text", "--full-text"),
    ("include_supervision", "--include-supervision"),
    ("framework", "--framework"),
)


def cmd_export(ctx: Context) -> int:
    from reflect.core.appraisal import Selection
    from reflect.core.coverage import Period, default_period
    from reflect.core.exporters import export, get_exporter

    a = ctx.args
    exporter = get_exporter(a.format)
    # Usage errors come before any passphrase is asked for.
    if exporter.content == "vault":
        for name, option in _SUMMARY_ONLY:
            if getattr(a, name):
                raise UsageError(
                    _(
                        "{option} chooses what goes into the appraisal summary; --format "
                        "json always exports everything"
                    ).format(option=option)
                )
    if (a.date_from is None) != (a.date_to is None):
        raise UsageError(_("give both --from and --to, or neither (see 'reflect export --help')"))
    start = parse_cli_day(a.date_from, "--from")
    end = parse_cli_day(a.date_to, "--to")
    out = Path(a.out).expanduser()
    today = date.today()
    with ctx.open_journal() as journal:
        selection = None
        if exporter.content == "appraisal":
            period = (
                Period(start, end)
                if start is not None and end is not None
                else default_period(journal, today)
            )
            selection = Selection(
                period=period,
                capability=a.capability,
                tags=tuple(a.tag),
                full_text=a.full_text,
                include_supervision=a.include_supervision,
                framework=a.framework,
            )
        prepared = export(
            journal,
            exporter.name,
            out,
            selection,
            redact=a.redact,
            allow_identifiable=a.allow_identifiable,
            today=today,
        )
    found = len(prepared.findings)
    what = "everything in the journal" if exporter.content == "vault" else "the appraisal summary"
    ctx.out(_("Exported {what} ({name}) to {out}").format(what=what, name=exporter.name, out=out))
    if found:
        done = "redacted" if a.redact else "kept, as you chose"
        ctx.out(
            _("{found} possible identifiable detail{value} {done}.").format(
                found=found, value="" if found == 1 else "s", done=done
            )
        )
    return 0
