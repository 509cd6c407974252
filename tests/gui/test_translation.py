"""The app's words go through Qt's tr(): a catalogue for the user's language changes them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QLabel

from reflect.gui.translate import install_translator
from reflect.gui.unlock_view import UnlockView

WELSH = {
    ("AppWindow", "&File"): "&Ffeil",
    ("Workspace", "Journal"): "Dyddlyfr",
    ("CapabilityDetail", "Write a reflection on this"): "Ysgrifennu myfyrdod am hyn",
}


class OneLanguage(QTranslator):
    """A catalogue held in a dict, as a compiled one would answer."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return WELSH.get((context, source))


@pytest.fixture
def welsh(qapp):
    translator = OneLanguage()
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def test_the_window_shows_a_translated_string(qtbot, welsh, window) -> None:
    assert window.file_menu.title() == "&Ffeil"
    assert window.workspace.sidebar.item(0).text() == "Dyddlyfr"
    assert window.section_actions[0].text() == "Dyddlyfr"
    assert window.edit_menu.title() == "&Edit", "untranslated text stays in British English"
    window.workspace.select_section("summary")
    summary = window.workspace.summary_page
    assert summary.detail.write.text() == "Ysgrifennu myfyrdod am hyn"


def _lrelease() -> Path | None:
    found = Path(sys.executable).parent / "pyside6-lrelease"
    if found.exists():
        return found
    which = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(which) if which else None


TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>UnlockView</name>
    <message>
        <source>Reflect is locked</source>
        <translation>Mae Reflect wedi'i gloi</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture
def catalogue_dir(tmp_path) -> Path:
    lrelease = _lrelease()
    if lrelease is None:
        pytest.skip("Qt's lrelease is not installed")
    folder = tmp_path / "locale" / "cy"
    folder.mkdir(parents=True)
    (folder / "reflect_cy.ts").write_text(TS, encoding="utf-8")
    subprocess.run(
        [str(lrelease), str(folder / "reflect_cy.ts"), "-qm", str(folder / "reflect_cy.qm")],
        check=True,
        capture_output=True,
    )
    return tmp_path / "locale"


def test_a_shipped_catalogue_is_loaded_for_the_users_language(
    qtbot, qapp, catalogue_dir, vault
) -> None:
    installed = install_translator(qapp, ["cy_GB", "cy"], catalogue_dir)
    try:
        assert installed, "resources/locale/cy/reflect_cy.qm was found and installed"
        view = UnlockView(vault, runner=None)  # type: ignore[arg-type]
        qtbot.addWidget(view)
        texts = [label.text() for label in view.findChildren(QLabel)]
        assert "Mae Reflect wedi'i gloi" in texts
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_english_needs_no_catalogue_and_a_missing_one_is_not_an_error(qapp, catalogue_dir) -> None:
    assert install_translator(qapp, ["en_GB", "cy"], catalogue_dir) == []
    assert install_translator(qapp, ["fr"], catalogue_dir) == []
    assert QApplication.translate("UnlockView", "Reflect is locked") == "Reflect is locked"


def test_every_counted_message_is_extracted_with_its_plural_forms(tmp_path) -> None:
    """``pyside6-lupdate`` sees the app's words; each ``%n`` message is a plural (numerus) one."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("Qt's lupdate is not installed")
    sources = sorted(str(p) for p in (Path(__file__).parents[2] / "reflect" / "gui").glob("*.py"))
    out = tmp_path / "reflect_xx.ts"
    subprocess.run([str(lupdate), *sources, "-ts", str(out)], check=True, capture_output=True)
    text = out.read_text(encoding="utf-8")
    assert text.count("<message") > 500
    for expected in ("&amp;File", "Write a reflection on this", "Back up now", "Suggested capab"):
        assert expected in text
    messages = re.findall(
        r"<message( numerus=\"yes\")?>\s*(?:<location[^>]*>\s*)*<source>([^<]*)", text
    )
    counted = [(numerus, source) for numerus, source in messages if "%n" in source]
    assert len(counted) > 20 and all(numerus for numerus, _ in counted)
