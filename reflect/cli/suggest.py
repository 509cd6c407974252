"""``reflect suggest`` and ``reflect templates``: help that needs no vault.

Neither command opens the journal, so neither asks for a passphrase: ``--data-dir`` and
``--passphrase-stdin`` are accepted (every command shares them) and otherwise ignored, except that
with ``--passphrase-stdin`` and ``--body-file -`` the first line of standard input is taken to be
the passphrase and skipped, as for ``reflect add``, so it can never be read as the text.

Imports of the core stay inside the handlers: every ``reflect`` run imports this module.
"""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from reflect.cli.common import Context, read_text_arg
from reflect.errors import UsageError
from reflect.i18n import _


def register(subparsers: Any, with_json: argparse.ArgumentParser, _without_json: Any) -> None:
    """Add ``suggest`` and ``templates`` to the ``reflect`` command line."""
    p = subparsers.add_parser(
        "suggest",
        parents=[with_json],
        help=_("suggest capabilities for a text, best first, with scores"),
        description=_(
            "Suggest the capabilities (and indicators) a text speaks to, best "
            "first, with the words that triggered each. Works offline; needs no "
            "passphrase."
        ),
    )
    p.add_argument(
        "--body-file",
        required=True,
        metavar="F",
        help=_("the text to look at ('-': standard input)"),
    )
    p.add_argument("--limit", type=int, default=5, metavar="N", help=_("at most N suggestions"))
    p.add_argument(
        "--framework",
        default="esc",
        metavar="ID",
        help=_("the capability framework (default: esc)"),
    )
    p.set_defaults(handler=cmd_suggest)

    p = subparsers.add_parser(
        "templates",
        parents=[with_json],
        help=_("list the reflection models, or print one as a Markdown skeleton"),
        description=_(
            "Without ID: list the built-in reflection models. With ID: print "
            "that model's Markdown skeleton (headings and prompts) to fill in "
            "and pass to 'reflect add --template ID --body-file F'; prompts left "
            "untouched are not saved."
        ),
    )
    p.add_argument("id", nargs="?", metavar="ID", help=_("a model's id, e.g. gibbs"))
    p.set_defaults(handler=cmd_templates)


def cmd_suggest(ctx: Context) -> int:
    from reflect.core.frameworks import capability_of, load_framework
    from reflect.core.suggest import suggest

    args = ctx.args
    if args.limit < 1:
        raise UsageError(_("--limit must be at least 1"))
    framework = load_framework(args.framework)
    if args.body_file == "-" and ctx.secrets.from_stdin:
        _skip_passphrase_line(ctx)
    text = read_text_arg(ctx, args.body_file)
    suggestions = suggest(text, framework, limit=args.limit)
    if ctx.json:
        ctx.emit_json([{"id": s.code, "score": s.score, "why": list(s.why)} for s in suggestions])
        return 0
    if not suggestions:
        ctx.out(_("No suggestions: the text does not clearly speak to any capability."))
        return 0
    for s in suggestions:
        capability = framework.capability(capability_of(s.code))
        ctx.out(f"{s.code:<6}{s.score:.2f}  {capability.name}")
        if "." in s.code:
            ctx.out(
                _("      indicator {code}: {value}").format(
                    code=s.code, value=_shorten(framework.indicator(s.code).text)
                )
            )
        ctx.out(_("      because of: {value}").format(value=", ".join(s.why)))
    return 0


def cmd_templates(ctx: Context) -> int:
    from reflect.core.templates import get_template, list_templates, template_body, template_to_dict

    if ctx.args.id is not None:
        template = get_template(ctx.args.id)
        body = template_body(template)
        if ctx.json:
            ctx.emit_json({**template_to_dict(template), "builtin": True, "body": body})
        else:
            ctx.stdout.write(body)
        return 0
    templates = list_templates()
    if ctx.json:
        ctx.emit_json([{**template_to_dict(t), "builtin": t.builtin} for t in templates])
        return 0
    width = max(len(t.id) for t in templates) if templates else 0
    for t in templates:
        ctx.out(f"{t.id:<{width}}  {t.name}")
        ctx.out(f"{'':<{width}}  {t.description}")
        ctx.out(f"{'':<{width}}  sections: {', '.join(s.heading for s in t.sections)}")
    return 0


def _skip_passphrase_line(ctx: Context) -> None:
    """Drop the passphrase line that ``--passphrase-stdin`` puts first on standard input."""
    with contextlib.suppress(UsageError):  # nothing on stdin at all: the text is simply empty
        ctx.secrets.read("", "passphrase")


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
