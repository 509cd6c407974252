"""The ``reflect`` command line: a thin front end over the vault and the journal service.

Output: human-readable text, or with ``--json`` machine-readable JSON on stdout and nothing else.
Errors: one line on stderr and the exit code of :mod:`reflect.errors`; never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TextIO

from reflect import __version__
from reflect.cli.common import (
    PROG,
    ArgumentParser,
    Context,
    add_filter_options,
    common_options,
    filter_from_args,
    parse_cli_day,
    parse_cli_when,
    read_text_arg,
)
from reflect.errors import ReflectError, UsageError, UserError
from reflect.i18n import _
from reflect.log import configure_logging

EXIT_INTERNAL = 70

#: Further sub-commands, each a module with ``register(subparsers, with_json, without_json)``
#: that adds its parser and sets ``handler``.
COMMAND_MODULES: tuple[str, ...] = (
    "reflect.cli.summary",
    "reflect.cli.importing",
    "reflect.cli.backup",
    "reflect.cli.suggest",
    "reflect.cli.export",
)

#: Which module registers which command, so a run imports and builds only the parser it needs
#: (start-up time is part of every command's speed). A test keeps this in step with the modules.
COMMAND_OWNERS: dict[str, str] = {
    "summary": "reflect.cli.summary",
    "frameworks": "reflect.cli.summary",
    "demo": "reflect.cli.summary",
    "import": "reflect.cli.importing",
    "backup": "reflect.cli.backup",
    "restore": "reflect.cli.backup",
    "suggest": "reflect.cli.suggest",
    "templates": "reflect.cli.suggest",
    "export": "reflect.cli.export",
}
CORE_COMMANDS = ("init", "add", "list", "show", "search", "passwd", "recover", "remember", "forget")


# --- argument parsing -------------------------------------------------------------------------


def build_parser(command: str | None = None) -> ArgumentParser:
    """The parser; given the command about to run, only the modules it needs are loaded."""
    parser = ArgumentParser(
        prog=PROG,
        description=_(
            "Reflect: an encrypted reflective-practice journal. With no command, "
            "starts the desktop app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    with_json, without_json = common_options(True), common_options(False)

    p = sub.add_parser(
        "init", parents=[with_json], help=_("create a new journal; prints the recovery code once")
    )
    p.add_argument(
        "--remember", action="store_true", help=_("also remember the key on this device")
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("add", parents=[with_json], help=_("add an item; prints its id"))
    p.add_argument("--kind", choices=["entry", "supervision", "goal", "cpd"], default="entry")
    p.add_argument("--title", required=True, metavar="T")
    p.add_argument(
        "--body-file", metavar="F", help=_("Markdown body from this file ('-': the rest of stdin)")
    )
    p.add_argument("--date", metavar="D", help=_("YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now)"))
    p.add_argument(
        "--capability",
        action="append",
        default=[],
        metavar="N[,N.k]",
        help=_(
            "capabilities or indicators, e.g. 1,9.3; another framework's with "
            "its id first, e.g. nmc-code:2.1 (repeatable; see 'reflect "
            "frameworks')"
        ),
    )
    p.add_argument(
        "--tag", action="append", default=[], metavar="T", help=_("a free tag (repeatable)")
    )
    p.add_argument(
        "--template",
        metavar="ID",
        help=_(
            "lay the body out with a reflection model (see 'reflect templates'); "
            "prompts left untouched are not saved"
        ),
    )
    p.add_argument(
        "--bring-to-supervision",
        action="store_true",
        help=_("flag a journal entry for the next supervision"),
    )
    p.add_argument("--supervisor", metavar="NAME", help=_("supervision: who supervised"))
    p.add_argument(
        "--supervision-kind",
        choices=["clinical", "managerial", "peer", "group"],
        help=_("supervision: its kind"),
    )
    p.add_argument(
        "--duration", type=int, metavar="MINUTES", help=_("supervision: how long it lasted")
    )
    p.add_argument(
        "--action",
        action="append",
        default=[],
        metavar="TEXT[|DUE]",
        help=_("supervision: an agreed action, optionally with a due date after '|' (repeatable)"),
    )
    p.add_argument("--target-date", metavar="D", help=_("goal: when it should be achieved"))
    p.add_argument(
        "--status",
        choices=["planned", "in_progress", "achieved", "dropped"],
        help=_("goal: its status"),
    )
    p.add_argument("--horizon", choices=["short", "long"], help=_("goal: short or long term"))
    p.add_argument("--hours", type=float, metavar="H", help=_("CPD: hours spent"))
    p.add_argument("--participatory", action="store_true", help=_("CPD: learning with others"))
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("list", parents=[with_json], help=_("list items, newest first"))
    add_filter_options(p)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", parents=[with_json], help=_("one item in full"))
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("search", parents=[with_json], help=_("full-text search, best match first"))
    p.add_argument("query", metavar="QUERY", help=_('words, "a phrase", prefix*, -excluded'))
    add_filter_options(p)
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("passwd", parents=[without_json], help=_("change the passphrase"))
    p.set_defaults(handler=cmd_passwd)

    p = sub.add_parser(
        "recover", parents=[without_json], help=_("set a new passphrase using the recovery code")
    )
    p.set_defaults(handler=cmd_recover)

    p = sub.add_parser(
        "remember", parents=[without_json], help=_("keep the key in this device's keyring")
    )
    p.set_defaults(handler=cmd_remember)

    p = sub.add_parser(
        "forget", parents=[without_json], help=_("remove the key from this device's keyring")
    )
    p.set_defaults(handler=cmd_forget)

    if command in CORE_COMMANDS:
        modules: tuple[str, ...] = ()
    elif command in COMMAND_OWNERS:
        modules = (COMMAND_OWNERS[command],)
    else:  # --help, or an unknown command: everything, so the message lists every choice
        modules = COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub, with_json, without_json)
    return parser


# --- commands ---------------------------------------------------------------------------------


def cmd_init(ctx: Context) -> int:
    vault = ctx.vault
    if vault.exists():
        from reflect.errors import VaultExists

        raise VaultExists(
            _("there is already a journal in {data_dir}; nothing was changed").format(
                data_dir=ctx.data_dir
            )
        )
    passphrase = ctx.secrets.new_passphrase()
    created = vault.create(passphrase)
    remembered = False
    if ctx.args.remember:
        vault.remember(created.key)
        remembered = True
    if ctx.json:
        ctx.emit_json(
            {
                "vault_id": created.vault_id,
                "recovery_code": created.recovery_code,
                "data_dir": str(ctx.data_dir),
                "remembered": remembered,
            }
        )
        return 0
    ctx.out(_("Created a new journal in {data_dir}").format(data_dir=ctx.data_dir))
    ctx.out()
    ctx.out(_("Your recovery code (shown only this once):"))
    ctx.out()
    ctx.out(f"    {created.recovery_code}")
    ctx.out()
    ctx.out(_("Write it down and keep it somewhere safe, away from this computer. It is the only"))
    ctx.out(_("way back in if you forget your passphrase: nobody, including us, can reset it."))
    if remembered:
        ctx.out(_("The key is remembered on this device: no passphrase is needed here."))
    return 0


def cmd_add(ctx: Context) -> int:
    from reflect.core.model import (
        AgreedAction,
        CpdDetails,
        GoalDetails,
        GoalHorizon,
        GoalStatus,
        ItemKind,
        SupervisionDetails,
        SupervisionKind,
    )
    from reflect.core.serialize import summary_to_dict

    a = ctx.args
    kind = ItemKind(a.kind)
    kind_options = {
        ItemKind.SUPERVISION: ("supervisor", "supervision_kind", "duration", "action"),
        ItemKind.GOAL: ("target_date", "status", "horizon"),
        ItemKind.CPD: ("hours", "participatory"),
        ItemKind.ENTRY: ("bring_to_supervision",),
    }
    for other, names in kind_options.items():
        if other is kind:
            continue
        for name in names:
            if getattr(a, name) not in (None, False, []):
                option = "--" + name.replace("_", "-")
                raise UsageError(
                    _("{option} is for a {value}, not a {value2}").format(
                        option=option, value=other.label.lower(), value2=kind.label.lower()
                    )
                )
    when = parse_cli_when(a.date, "--date")
    details: dict[str, Any] = {}
    if kind is ItemKind.SUPERVISION:
        actions = []
        for spec in a.action:
            text, _sep, due = spec.partition("|")
            if not text.strip():
                raise UserError(_("an agreed action needs some text"))
            actions.append(
                AgreedAction(
                    text=text.strip(), due=parse_cli_day(due.strip() or None, "action due date")
                )
            )
        details["supervision"] = SupervisionDetails(
            supervisor=a.supervisor or "",
            kind=SupervisionKind(a.supervision_kind or "clinical"),
            duration_minutes=a.duration,
            actions=tuple(actions),
        )
    elif kind is ItemKind.GOAL:
        details["goal"] = GoalDetails(
            target_date=parse_cli_day(a.target_date, "--target-date"),
            status=GoalStatus(a.status or "planned"),
            horizon=GoalHorizon(a.horizon or "short"),
        )
    elif kind is ItemKind.CPD:
        details["cpd"] = CpdDetails(hours=a.hours or 0.0, participatory=a.participatory)
    if not a.title.strip():
        raise UserError(_("--title cannot be empty"))
    if a.body_file == "-":  # the passphrase comes first on stdin, the body after it
        journal = ctx.open_journal()
        body = read_text_arg(ctx, a.body_file)
    else:  # a missing file is reported before the slow unlock
        body = read_text_arg(ctx, a.body_file)
        journal = ctx.open_journal()
    with journal:
        template_id = None
        if a.template is not None:
            from reflect.core.templates import (
                get_template,
                strip_untouched_prompts,
                template_body,
            )

            template = get_template(a.template, journal)
            draft = body if body.strip() else template_body(template)
            body = strip_untouched_prompts(draft, template)
            template_id = template.id
        item = journal.new_item(
            kind,
            a.title,
            body=body,
            capabilities=tuple(a.capability),
            tags=tuple(a.tag),
            bring_to_supervision=a.bring_to_supervision,
            template=template_id,
            **details,
        )
        if when is not None:
            item = replace(item, date=when)
        saved = journal.save(item)
        if ctx.json:
            ctx.emit_json(summary_to_dict(saved.summary()))
        else:
            ctx.out(str(saved.id))
    return 0


def _row(summary: Any) -> str:
    caps = ",".join(summary.capabilities) or "-"
    tags = " ".join(f"#{t}" for t in summary.tags)
    when = summary.date.strftime("%Y-%m-%d %H:%M")
    kind = summary.kind.value
    return f"{summary.id:>6}  {when}  {kind:<11}  {summary.title}  [{caps}] {tags}".rstrip()


def cmd_list(ctx: Context) -> int:
    from reflect.core.serialize import summary_to_dict

    flt = filter_from_args(ctx)
    with ctx.open_journal() as journal:
        items = journal.list(flt, limit=ctx.args.limit)
    if ctx.json:
        ctx.emit_json([summary_to_dict(s) for s in items])
    elif not items:
        ctx.out(_("No items.") if not flt.trash else _("The trash is empty."))
    else:
        for summary in items:
            ctx.out(_row(summary))
    return 0


def cmd_search(ctx: Context) -> int:
    from reflect.core.serialize import hit_to_dict

    flt = filter_from_args(ctx)
    with ctx.open_journal() as journal:
        hits = journal.search(ctx.args.query, flt, limit=ctx.args.limit or 50)
    if ctx.json:
        ctx.emit_json([hit_to_dict(h) for h in hits])
    elif not hits:
        ctx.out(_("Nothing found for {query!r}.").format(query=ctx.args.query))
    else:
        for hit in hits:
            ctx.out(_row(hit.item))
            if hit.snippet:
                ctx.out(f"        {hit.snippet}")
    return 0


def cmd_show(ctx: Context) -> int:
    from reflect.core.frameworks import describe_code
    from reflect.core.serialize import format_when, item_to_dict

    with ctx.open_journal() as journal:
        item = journal.get(ctx.args.id)
    if ctx.json:
        ctx.emit_json(item_to_dict(item))
        return 0
    ctx.out(item.title or _("(untitled)"))
    ctx.out(
        f"{item.kind.label} · {format_when(item.date).replace('T', ' ')} · #{item.id}"
        + (" · " + _("in the trash") if item.in_trash else "")
    )
    for code in item.capabilities:  # any framework's, e.g. "9.3" or "nmc-code:2.1"
        ctx.out(f"  {code}  {describe_code(code)}")
    if item.tags:
        ctx.out("  " + " ".join(f"#{t}" for t in item.tags))
    if item.bring_to_supervision:
        ctx.out(_("  To bring to supervision"))
    if (s := item.supervision) is not None:
        duration = (
            ", " + _("{minutes} min").format(minutes=s.duration_minutes)
            if s.duration_minutes
            else ""
        )
        ctx.out(
            _("  Supervision ({value}{duration}) with {value2}").format(
                value=s.kind.value,
                duration=duration,
                value2=s.supervisor or _("unnamed supervisor"),
            )
        )
        for action in s.actions:
            due = _(" (due {due})").format(due=action.due.isoformat()) if action.due else ""
            ctx.out(f"  [{'x' if action.done else ' '}] {action.text}{due}")
        if s.brought_entries:
            ctx.out(_("  Entries brought: ") + ", ".join(f"#{i}" for i in s.brought_entries))
    if (g := item.goal) is not None:
        target = (
            ", " + _("target {date}").format(date=g.target_date.isoformat())
            if g.target_date
            else ""
        )
        ctx.out(
            _("  Goal: {value}, {value2} term{target}").format(
                value=g.status.value.replace("_", " "), value2=g.horizon.value, target=target
            )
        )
        for label, text in ((_("What"), g.what), (_("Why"), g.why), (_("Measured by"), g.measure)):
            if text:
                ctx.out(f"  {label}: {text}")
        for review in g.reviews:
            ctx.out(
                _("  Review {value}: {note}").format(
                    value=review.date.isoformat(), note=review.note
                )
            )
    if (c := item.cpd) is not None:
        ctx.out(
            _("  CPD: {hours:g} hours, {value}").format(
                hours=c.hours, value=_("participatory") if c.participatory else _("individual")
            )
        )
        if c.learnt:
            ctx.out(_("  Learnt: {learnt}").format(learnt=c.learnt))
    if item.body:
        ctx.out()
        ctx.out(item.body.rstrip("\n"))
    return 0


def cmd_passwd(ctx: Context) -> int:
    vault = ctx.vault
    vault.envelope()  # say "no journal here" before asking for anything
    current = ctx.secrets.read("Current passphrase: ")
    key = vault.unlock_with_passphrase(current)  # a wrong one fails before a new one is asked
    new = ctx.secrets.new_passphrase()
    vault._rewrap_passphrase(key, new)
    ctx.out(_("Passphrase changed. Your recovery code still works."))
    return 0


def cmd_recover(ctx: Context) -> int:
    from reflect.core.recovery import normalise_recovery_code

    vault = ctx.vault
    vault.envelope()
    code = ctx.secrets.read("Recovery code: ", "recovery code")
    normalise_recovery_code(code)  # a typo is reported before a new passphrase is asked
    key = vault.unlock_with_recovery_code(code)
    new = ctx.secrets.new_passphrase()
    vault._rewrap_passphrase(key, new)
    ctx.out(_("New passphrase set. Keep using the same recovery code."))
    return 0


def cmd_remember(ctx: Context) -> int:
    vault = ctx.vault
    vault.envelope()
    if not vault.can_remember():
        from reflect.errors import KeyringUnavailable

        raise KeyringUnavailable(
            _(
                "remembering is unavailable: this machine has no working keyring; "
                "use your passphrase"
            )
        )
    key = vault.unlock_with_passphrase(ctx.secrets.read("Passphrase: "))
    vault.remember(key)
    ctx.out(_("This device will now open your journal without the passphrase."))
    ctx.out(_("Anyone who can log in as you here can read it; run 'reflect forget' to undo."))
    return 0


def cmd_forget(ctx: Context) -> int:
    vault = ctx.vault
    vault.envelope()
    if vault.forget():
        ctx.out(_("Forgotten: this device will ask for the passphrase again."))
    else:
        ctx.out(_("Nothing to forget: the key was not remembered on this device."))
    return 0


def start_app(argv: Sequence[str]) -> int:
    try:
        from reflect.gui.app import main as gui_main
    except ImportError as exc:
        raise UserError(_("the desktop app cannot start: {exc}").format(exc=exc)) from None
    return int(gui_main(list(argv)))


# --- entry point ------------------------------------------------------------------------------


def run(
    argv: Sequence[str],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command and return its exit code; every failure becomes one line on ``stderr``."""
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    configure_logging()
    args = None
    try:
        first = next((arg for arg in argv if not arg.startswith("-")), None)
        args = build_parser(first).parse_args(list(argv))
        if args.command is None:
            return start_app([])
        handler: Callable[[Context], int] = args.handler
        return handler(Context(args, stdin, stdout))
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except ReflectError as exc:
        stderr.write(f"{PROG}: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        stderr.write(f"{PROG}: interrupted; nothing more was changed\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `reflect list | head`): not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from reflect.core.integrity import damage_from_error
        from reflect.paths import resolve_data_dir

        damage = damage_from_error(exc, resolve_data_dir(getattr(args, "data_dir", None)))
        if damage is not None:  # a damaged page met mid-command: say so, not "a bug"
            stderr.write(f"{PROG}: {damage}\n")
            return damage.exit_code
        # A bug. Its message could quote the user's writing, so only its type is shown.
        stderr.write(
            f"{PROG}: internal error ({type(exc).__name__}); this is a bug in Reflect, "
            "nothing you did. Your journal was not changed by the failed command.\n"
        )
        return EXIT_INTERNAL
