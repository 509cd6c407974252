"""What every ``reflect`` command shares: option parsing, secrets, output and the journal."""

from __future__ import annotations

import argparse
import getpass
import json
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

from reflect.errors import LockedError, UsageError, UserError
from reflect.i18n import _

PROG = "reflect"


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(
            _("{message} (see '{prog} --help')").format(message=message, prog=self.prog)
        )


class Secrets:
    """Where passphrases come from: lines of stdin with ``--passphrase-stdin``, else a prompt."""

    def __init__(self, from_stdin: bool, stdin: TextIO, interactive: bool) -> None:
        self.from_stdin = from_stdin
        self._stdin = stdin
        self._interactive = interactive

    def read(self, prompt: str, what: str = "passphrase") -> str:
        if self.from_stdin:
            line = self._stdin.readline()
            if not line:
                raise UsageError(
                    _("--passphrase-stdin: expected the {what} on standard input").format(what=what)
                )
            return line.rstrip("\r\n")
        if not self._interactive:
            raise LockedError(
                _(
                    "the {what} is needed: pass it with --passphrase-stdin, or run "
                    "'reflect remember' once in a terminal"
                ).format(what=what)
            )
        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise LockedError(_("no {what} given").format(what=what)) from None

    def rest_of_stdin(self) -> str:
        """What follows the secrets on standard input (``--body-file -``)."""
        return self._stdin.read()

    def new_passphrase(self) -> str:
        first = self.read("New passphrase: ", "new passphrase")
        if not self.from_stdin:
            again = self.read("Type it again: ", "new passphrase")
            if again != first:
                raise UserError(_("the two passphrases differ; nothing was changed"))
        return first


class Context:
    """What every command gets: parsed options, the vault, output streams."""

    def __init__(self, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> None:
        from reflect.paths import resolve_data_dir

        self.args = args
        self.stdout = stdout
        self.data_dir: Path = resolve_data_dir(getattr(args, "data_dir", None))
        self.secrets = Secrets(
            bool(getattr(args, "passphrase_stdin", False)),
            stdin,
            interactive=stdin.isatty() if hasattr(stdin, "isatty") else False,
        )
        self._vault: Any = None

    @property
    def vault(self) -> Any:
        if self._vault is None:
            from reflect.core.vault import Vault

            self._vault = Vault(self.data_dir)
        return self._vault

    def open_journal(self) -> Any:
        """The unlocked journal: a passphrase on stdin, else the keyring, else a prompt."""
        vault = self.vault
        if self.secrets.from_stdin:
            key = vault.unlock_with_passphrase(self.secrets.read("Passphrase: "))
        else:
            key = vault.unlock(lambda: self.secrets.read("Passphrase: "))
        return vault.open(key)

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def emit_json(self, data: Any) -> None:
        # Indented for a person at a terminal; compact for a pipe, where the C encoder is 4x faster.
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2 if interactive else None))
        self.stdout.write("\n")


def common_options(json_output: bool) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("the journal's folder (default: $REFLECT_DATA_DIR or your user data folder)"),
    )
    common.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("read the passphrase (and any other secret the command needs) from standard input"),
    )
    if json_output:
        common.add_argument("--json", action="store_true", help=_("print JSON on stdout"))
    return common


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        choices=["entry", "supervision", "goal", "cpd"],
        action="append",
        help=_("only items of this kind (repeatable)"),
    )
    parser.add_argument(
        "--capability",
        metavar="N",
        help=_(
            "only items tagged with capability N or indicator N.k (another "
            "framework's with its id first, e.g. nmc-code:3; see 'reflect "
            "frameworks')"
        ),
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help=_("only items with this tag (repeatable)"),
    )
    parser.add_argument("--from", dest="date_from", metavar="D", help=_("on or after this date"))
    parser.add_argument("--to", dest="date_to", metavar="D", help=_("on or before this date"))
    parser.add_argument("--trash", action="store_true", help=_("look in the trash instead"))
    parser.add_argument("--limit", type=int, metavar="N", help=_("at most N items"))


def add_framework_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--framework ID``, its choices read from the framework data files (none is loaded)."""
    from reflect.core.frameworks import DEFAULT_FRAMEWORK, framework_ids

    parser.add_argument(
        "--framework",
        choices=framework_ids(),
        metavar="ID",
        help=_(
            "the capability framework {what} (default: {default_framework}; see "
            "'reflect frameworks')"
        ).format(what=what, default_framework=DEFAULT_FRAMEWORK),
    )


def parse_cli_when(text: str | None, field: str) -> Any:
    """A ``--date``-style option as a local datetime, or a one-line error."""
    from reflect.core.serialize import parse_when

    if text is None:
        return None
    try:
        return parse_when(text, field)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def parse_cli_day(text: str | None, field: str) -> date | None:
    value = parse_cli_when(text, field)
    return value.date() if value is not None else None


def read_text_arg(ctx: Context, name: str | None) -> str:
    if name is None:
        return ""
    if name == "-":
        return ctx.secrets.rest_of_stdin()
    try:
        raw = Path(name).read_bytes()
    except FileNotFoundError:
        raise UserError(_("no such file: {name}").format(name=name)) from None
    except OSError as exc:
        raise UserError(
            _("cannot read {name}: {strerror}").format(name=name, strerror=exc.strerror)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("{name} is not UTF-8 text").format(name=name)) from None


def filter_from_args(ctx: Context) -> Any:
    from reflect.core.model import ItemFilter, ItemKind

    a = ctx.args
    if a.limit is not None and a.limit < 1:
        raise UsageError(_("--limit must be at least 1"))
    return ItemFilter(
        kinds=tuple(ItemKind(k) for k in (a.kind or [])),
        capability=a.capability,
        tags=tuple(a.tag),
        date_from=parse_cli_day(a.date_from, "--from"),
        date_to=parse_cli_day(a.date_to, "--to"),
        trash=a.trash,
    )
