"""``reflect summary`` (coverage of the review period), ``reflect frameworks`` (the capability
frameworks one can tag with) and ``reflect demo`` (a throwaway journal).

Registered through ``COMMAND_MODULES`` in :mod:`reflect.cli.main`. Top-level imports stay light:
every ``reflect`` run imports this module to build its parser.
"""

from __future__ import annotations

import argparse
import shlex
from datetime import date
from typing import Any

from reflect.cli.common import Context, add_framework_option, parse_cli_day
from reflect.errors import UsageError
from reflect.i18n import N_, _, ngettext

#: Column headings, at most five characters (marked here, translated when printed).
_KIND_HEADINGS = (
    ("entry", N_("Entry")),
    ("supervision", N_("Sup.")),
    ("goal", N_("Goal")),
    ("cpd", N_("CPD")),
)


def register(
    subparsers: Any, with_json: argparse.ArgumentParser, without_json: argparse.ArgumentParser
) -> None:
    p = subparsers.add_parser(
        "summary",
        parents=[with_json],
        help=_("coverage of the ten capabilities (or another framework) for the review period"),
        description=_(
            "Which capabilities you reflected on in the review year (the twelve "
            "months ending on your next annual review, or today when none is "
            "set), or between --from and --to (both inclusive, both or neither). "
            "With --framework, the coverage of another capability framework, "
            "such as the NMC Code's four themes (nmc-code)."
        ),
    )
    p.add_argument("--from", dest="date_from", metavar="D", help=_("first day of the period"))
    p.add_argument("--to", dest="date_to", metavar="D", help=_("last day of the period"))
    add_framework_option(p, "to summarise")
    p.set_defaults(handler=cmd_summary)

    p = subparsers.add_parser(
        "frameworks",
        parents=[with_json],
        help=_("list the capability frameworks you can tag with"),
        description=_(
            "The capability frameworks Reflect knows: the Ten Essential Shared "
            "Capabilities (the default, codes such as 9 or 9.3) and others, "
            "whose codes carry the framework's id first (nmc-code:2 or "
            "nmc-code:2.1). Needs no passphrase."
        ),
    )
    p.set_defaults(handler=cmd_frameworks)

    p = subparsers.add_parser(
        "demo",
        parents=[with_json],
        help=_("create a throwaway journal filled with a year of invented entries"),
        description=_(
            "Create a new journal in --data-dir (which must not hold one) and "
            "fill it with a year of invented, non-identifying practice, to try "
            "Reflect out. Without --passphrase-stdin it is locked with a fixed "
            "demo passphrase, printed at the end."
        ),
    )
    p.set_defaults(handler=cmd_demo)


def cmd_summary(ctx: Context) -> int:
    from reflect.core.coverage import (
        Period,
        compute_coverage,
        coverage_to_dict,
        default_period,
        next_review_date,
    )
    from reflect.core.cpd import cpd_progress, cpd_progress_to_dict

    a = ctx.args
    # Usage and date errors come before any passphrase is asked for.
    if (a.date_from is None) != (a.date_to is None):
        raise UsageError(_("give both --from and --to, or neither (see 'reflect summary --help')"))
    start = parse_cli_day(a.date_from, "--from")
    end = parse_cli_day(a.date_to, "--to")
    explicit = Period(start, end) if start is not None and end is not None else None
    today = date.today()
    with ctx.open_journal() as journal:
        period = explicit or default_period(journal, today)
        coverage = compute_coverage(journal, period, a.framework)
        review = next_review_date(journal, today)
        cpd = cpd_progress(journal, today)
    if ctx.json:
        data = coverage_to_dict(coverage)
        data["review_date"] = review.isoformat() if review is not None else None
        data["days_until_review"] = (review - today).days if review is not None else None
        data["cpd"] = cpd_progress_to_dict(cpd)
        ctx.emit_json(data)
        return 0
    _print_table(ctx, coverage, review, today)
    line = _(
        "CPD: {hours} of {required} hours ({participatory} of {required_participatory} "
        "participatory) in the revalidation cycle {start} to {end}"
    ).format(
        hours=f"{cpd.hours:g}",
        required=f"{cpd.required:g}",
        participatory=f"{cpd.participatory_hours:g}",
        required_participatory=f"{cpd.required_participatory:g}",
        start=cpd.start.isoformat(),
        end=cpd.end.isoformat(),
    )
    if not cpd.date_set:
        line += " " + _("(no revalidation date set: the three years to today)")
    ctx.out(line)
    return 0


def _print_table(ctx: Context, coverage: Any, review: date | None, today: date) -> None:
    from reflect.core.model import ItemKind

    period = coverage.period
    of = (
        ""
        if coverage.framework.is_default
        else " " + _("of the {framework}").format(framework=coverage.framework.short_name)
    )
    ctx.out(
        _("Coverage{of} from {value} to {value2}").format(
            of=of, value=period.start.isoformat(), value2=period.end.isoformat()
        )
    )
    ctx.out()
    width = max(len(c.capability.name) for c in coverage.capabilities)
    kinds = "  ".join(f"{_(label):>5}" for _kind, label in _KIND_HEADINGS)
    ctx.out(
        f"{'':>2}  {_('Capability'):<{width}}  {kinds}  {_('Indicators'):<10}  {_('Last'):<10}  "
        + _("Status")
    )
    for c in coverage.capabilities:
        counts = "  ".join(f"{c.counts[ItemKind(kind)]:>5}" for kind, _label in _KIND_HEADINGS)
        indicators = _("{covered} of {total}").format(
            covered=len(c.indicators_covered), total=c.indicators_total
        )
        last = c.last.isoformat() if c.last is not None else "-"
        ctx.out(
            f"{c.capability.id:>2}  {c.capability.name:<{width}}  {counts}  "
            f"{indicators:<10}  {last:<10}  {c.status}"
        )
    ctx.out()
    gaps = [coverage.of(i).capability for i in coverage.gaps]
    if gaps:
        ctx.out(_("Gaps: {gaps}").format(gaps="; ".join(f"{c.id} {c.name}" for c in gaps)))
    else:
        ctx.out(_("Gaps: none: every capability has at least one item in this period."))
    if review is None:
        ctx.out(_("No annual review date is set: the period is the twelve months ending today."))
    else:
        days = (review - today).days
        when = (
            _("today")
            if days == 0
            else ngettext("in {days} day", "in {days} days", days).format(days=days)
        )
        ctx.out(
            _("Your annual review is {when} ({value}).").format(when=when, value=review.isoformat())
        )


def cmd_frameworks(ctx: Context) -> int:
    """Every framework with its size and how its codes are written; no journal is opened."""
    from reflect.core.frameworks import framework_ids, load_framework

    rows: list[dict[str, Any]] = []
    for framework_id in framework_ids():
        framework = load_framework(framework_id)
        capabilities = framework.capabilities
        first = capabilities[0]
        example = next((c.indicators[0].code for c in capabilities if c.indicators), first.code)
        rows.append(
            {
                "id": framework.id,
                "name": framework.name,
                "short_name": framework.short_name,
                "capabilities": len(capabilities),
                "indicators": sum(len(c.indicators) for c in capabilities),
                "default": framework.is_default,
                "example_codes": [framework.qualify(first.code), framework.qualify(example)],
                "source": framework.source,
            }
        )
    if ctx.json:
        ctx.emit_json(rows)
        return 0
    width = max((len(row["id"]) for row in rows), default=2)
    for row in rows:
        default = " " + _("(the default)") if row["default"] else ""
        ctx.out(f"{row['id']:<{width}}  {row['name']}{default}")
        ctx.out(
            f"{'':<{width}}  "
            + _(
                "{capabilities} capabilities, {indicators} indicators; "
                "tag with codes such as {first} or {second}"
            ).format(
                capabilities=row["capabilities"],
                indicators=row["indicators"],
                first=row["example_codes"][0],
                second=row["example_codes"][1],
            )
        )
    return 0


def cmd_demo(ctx: Context) -> int:
    from reflect.core.demo import DEMO_PASSPHRASE, build_demo_journal
    from reflect.errors import VaultExists

    if not ctx.args.data_dir:
        raise UsageError(
            _("give the throwaway journal's folder with --data-dir (the demo never uses your own)")
        )
    vault = ctx.vault
    if vault.exists():
        raise VaultExists(
            _("there is already a journal in {data_dir}; nothing was changed").format(
                data_dir=ctx.data_dir
            )
        )
    passphrase = (
        ctx.secrets.read("Passphrase: ", "new passphrase")
        if ctx.secrets.from_stdin
        else DEMO_PASSPHRASE
    )
    created = vault.create(passphrase)
    with vault.open(created.key) as journal:
        result = build_demo_journal(journal, date.today())
    if ctx.json:
        ctx.emit_json(
            {
                "data_dir": str(ctx.data_dir),
                "passphrase": None if ctx.secrets.from_stdin else passphrase,
                "recovery_code": created.recovery_code,
                "counts": {kind.value: n for kind, n in result.counts.items()},
                "review_date": result.review_date.isoformat(),
            }
        )
        return 0
    counts = ", ".join(_count_of(kind.value, n) for kind, n in result.counts.items())
    ctx.out(
        _("Created a demo journal in {data_dir} with {total} items ({counts}).").format(
            data_dir=ctx.data_dir, total=result.total, counts=counts
        )
    )
    ctx.out(
        _("Everything in it is invented. Its annual review is set for {value}.").format(
            value=result.review_date.isoformat()
        )
    )
    if not ctx.secrets.from_stdin:
        ctx.out(_("Passphrase: {passphrase}").format(passphrase=passphrase))
    ctx.out()
    ctx.out(_("Recovery code: {recovery_code}").format(recovery_code=created.recovery_code))
    ctx.out()
    folder = shlex.quote(str(ctx.data_dir))
    ctx.out(_("Try:"))
    ctx.out(_("    reflect summary --data-dir {folder}").format(folder=folder))
    ctx.out(_("    REFLECT_DATA_DIR={folder} reflect").format(folder=folder))
    return 0


def _count_of(kind: str, n: int) -> str:
    """``"3 journal entries"``, in the user's language and with its plural rules."""
    forms = {
        "entry": ngettext("{n} journal entry", "{n} journal entries", n),
        "supervision": ngettext("{n} supervision note", "{n} supervision notes", n),
        "goal": ngettext("{n} goal", "{n} goals", n),
    }
    return forms.get(kind, ngettext("{n} CPD activity", "{n} CPD activities", n)).format(n=n)
