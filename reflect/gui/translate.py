"""The desktop app's translations: Qt's ``tr()`` catalogues, plural forms and shared labels.

British English is the source language: every string in ``reflect/gui`` is written in British
English and passed through ``self.tr()`` (in a ``QObject`` subclass) or
``QCoreApplication.translate("Context", …)`` (elsewhere), so ``pyside6-lupdate`` can extract it.
With no catalogue for the user's language the source text is what they see.

Adding a translation (say Welsh, ``cy``)::

    pyside6-lupdate reflect/gui/*.py -ts resources/locale/cy/reflect_cy.ts
    # translate it in Qt Linguist (pyside6-linguist), then
    pyside6-lrelease resources/locale/cy/reflect_cy.ts -qm resources/locale/cy/reflect_cy.qm

:func:`install_translator` loads ``resources/locale/<lang>/reflect_<lang>.qm`` at start-up (and Qt's
own ``qtbase_<lang>.qm`` for its standard buttons), choosing the language by the same environment
rules as the core's gettext catalogue (:mod:`reflect.i18n`).

Plurals: a count is written ``self.tr("%n item", None, n) if n == 1 else self.tr("%n items", None,
n)``. Both are numerus messages, so a catalogue gives each every plural form of its language (Welsh
has six), while the British English source reads right without any catalogue. ``lupdate`` marks
only ``self.tr(…, n)`` calls as numerus, so counts needed outside a widget live in
:class:`Counted`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from reflect.core.model import ItemKind
from reflect.i18n import requested_languages

log = logging.getLogger(__name__)

#: The catalogue's file name is ``reflect_<lang>.qm``.
CATALOGUE_PREFIX = "reflect_"


def _locale_dir() -> Path:
    from reflect.resources import resource

    return Path(str(resource("locale")))


def wanted_languages() -> list[str]:
    """The user's languages, most wanted first: the environment, else Qt's idea of the system."""
    languages = requested_languages()
    if not languages:
        for name in QLocale.system().uiLanguages():
            code = name.replace("-", "_")
            for candidate in (code, code.split("_", 1)[0]):
                if candidate not in languages:
                    languages.append(candidate)
    return languages


def install_translator(
    app: QCoreApplication,
    languages: Sequence[str] | None = None,
    locale_dir: Path | None = None,
) -> list[QTranslator]:
    """Load and install the app's catalogue for the first wanted language that has one.

    Returns the translators installed (keep them alive as long as the app). English stops the
    search: the source text serves it. A damaged catalogue is skipped, never fatal.
    """
    root = _locale_dir() if locale_dir is None else Path(locale_dir)
    installed: list[QTranslator] = []
    for language in wanted_languages() if languages is None else languages:
        if language.split("_", 1)[0] == "en":
            break
        catalogue = root / language / f"{CATALOGUE_PREFIX}{language}.qm"
        if not catalogue.is_file():
            continue
        translator = QTranslator(app)
        if not translator.load(str(catalogue)):
            log.warning("ignoring a damaged translation catalogue")
            continue
        app.installTranslator(translator)
        installed.append(translator)
        # Qt's own standard buttons ("Cancel", "OK") in the same language, where Qt ships them.
        qt_base = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_base.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(qt_base)
            installed.append(qt_base)
        break
    return installed


def kind_label(kind: ItemKind) -> str:
    """ "Journal entry", "Supervision note" … in the user's language."""
    labels = {
        ItemKind.ENTRY: QCoreApplication.translate("ItemKind", "Journal entry"),
        ItemKind.SUPERVISION: QCoreApplication.translate("ItemKind", "Supervision note"),
        ItemKind.GOAL: QCoreApplication.translate("ItemKind", "Development goal"),
        ItemKind.CPD: QCoreApplication.translate("ItemKind", "CPD activity"),
    }
    return labels[kind]


class Counted(QObject):
    """Counted words shared by several screens ("3 items", "1 day")."""

    def items(self, n: int) -> str:
        return self.tr("%n item", None, n) if n == 1 else self.tr("%n items", None, n)

    def days(self, n: int) -> str:
        return self.tr("%n day", None, n) if n == 1 else self.tr("%n days", None, n)

    def entries(self, n: int) -> str:
        return self.tr("%n entry", None, n) if n == 1 else self.tr("%n entries", None, n)

    def supervision(self, n: int) -> str:
        return self.tr("%n supervision", None, n)

    def goals(self, n: int) -> str:
        return self.tr("%n goal", None, n) if n == 1 else self.tr("%n goals", None, n)

    def cpd(self, n: int) -> str:
        return self.tr("%n CPD", None, n)

    def established(self, n: int) -> str:
        return self.tr("%n established", None, n)

    def emerging(self, n: int) -> str:
        return self.tr("%n emerging", None, n)

    def gaps(self, n: int) -> str:
        return self.tr("%n gap", None, n) if n == 1 else self.tr("%n gaps", None, n)

    def found(self, n: int) -> str:
        return self.tr("%n found", None, n)

    def best_matches(self, n: int) -> str:
        return self.tr("The best %n matches", None, n)


_counted: Counted | None = None


def counted() -> Counted:
    """The one :class:`Counted` (made on first use, once Qt is running)."""
    global _counted
    if _counted is None:
        _counted = Counted()
    return _counted
