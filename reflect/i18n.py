"""The message catalogue of the core and the command line: ``_()`` over stdlib :mod:`gettext`.

British English is the source language: every message is written in British English in the code,
and with no catalogue for the user's language that is what they see. The desktop app translates its
own strings with Qt's ``tr()``; this module is for the Qt-free core and the CLI.

Adding a translation (say Welsh, ``cy``):

1. extract the messages: ``xgettext --language=Python --keyword=_ --keyword=N_
   --keyword=ngettext:1,2
   --from-code=UTF-8 -o reflect.pot $(git ls-files 'reflect/*.py' ':!reflect/gui')``;
2. start a catalogue: ``msginit -i reflect.pot -l cy -o resources/locale/cy/LC_MESSAGES/reflect.po``
   and translate it;
3. compile it: ``msgfmt -o resources/locale/cy/LC_MESSAGES/reflect.mo …/reflect.po``.

The ``.mo`` file ships with the other resources (wheel and bundle alike) and is chosen from the
usual ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` variables.
"""

from __future__ import annotations

import gettext
import io
import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reflect.log import public

if TYPE_CHECKING:  # importlib.resources costs milliseconds: only needed once a catalogue is wanted
    from importlib.resources.abc import Traversable

log = logging.getLogger(__name__)

DOMAIN = "reflect"
SOURCE_LANGUAGE = "en_GB"
_ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: gettext.NullTranslations | None = None


def requested_languages(environ: dict[str, str] | None = None) -> list[str]:
    """The user's languages, most wanted first, each followed by its fallbacks (``cy_GB``, ``cy``).

    Follows gettext's own rule: the first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
    that is set wins; ``LANGUAGE`` may list several, separated by colons.
    """
    env = os.environ if environ is None else environ
    for name in _ENV_VARIABLES:
        value = env.get(name)
        if value:
            wanted = value.split(":")
            break
    else:
        wanted = []
    languages: list[str] = []
    for entry in wanted:
        code = entry.split(".", 1)[0].split("@", 1)[0].strip()  # drop ".UTF-8" and "@euro"
        if not code or code in ("C", "POSIX"):
            continue
        for candidate in (code, code.split("_", 1)[0]):
            if candidate not in languages:
                languages.append(candidate)
    return languages


def _default_locale_dir() -> Traversable:
    from reflect.resources import resource

    return resource("locale")


def load(
    languages: Sequence[str] | None = None, locale_dir: Traversable | None = None
) -> gettext.NullTranslations:
    """Find the catalogues for ``languages`` (default: from the environment) and make them active.

    Catalogues are read as bytes through ``importlib.resources``, so this works from a wheel, a
    source checkout or a frozen bundle alike. A language without a catalogue falls through to the
    next, except English: the source text serves it, so the search stops there. With nothing found,
    or a damaged catalogue, messages stay as written: a translation never stops Reflect working.
    """
    global _active
    root = locale_dir
    chosen: gettext.NullTranslations | None = None
    for language in requested_languages() if languages is None else languages:
        if root is None:
            if language.split("_", 1)[0] == "en":
                break  # the usual case, answered without looking for the catalogue folder at all
            root = _default_locale_dir()
        catalogue = root.joinpath(language, "LC_MESSAGES", f"{DOMAIN}.mo")
        if not catalogue.is_file():
            if language.split("_", 1)[0] == "en":
                break  # English is wanted here and the source text is English: look no further
            continue
        try:
            translations = gettext.GNUTranslations(io.BytesIO(catalogue.read_bytes()))
        except (OSError, ValueError, UnicodeDecodeError):
            log.warning("ignoring the damaged message catalogue for %s", public(language))
            continue
        if chosen is None:
            chosen = translations
        else:
            chosen.add_fallback(translations)
    _active = chosen if chosen is not None else gettext.NullTranslations()
    return _active


def translations() -> gettext.NullTranslations:
    """The active catalogues, loaded from the environment on first use."""
    return _active if _active is not None else load()


def _(message: str) -> str:
    """``message`` (British English) in the user's language, or as written if untranslated."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, following the target language's plural rules."""
    return translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message kept in a constant for extraction; ``_()`` translates it where it is shown."""
    return message
