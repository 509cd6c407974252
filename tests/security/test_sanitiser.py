"""A corpus of hostile Markdown and HTML: nothing executable or remote survives into any view.

Promise (DESIGN.md, security model): raw HTML in Markdown is sanitised; previews never fetch remote
resources; an export that reaches an appraiser carries nothing that runs or phones home. The
corpus is ``tests/core/test_markdown_render.py``'s (which proves the renderer on its own) plus the
Markdown-specific tricks below. Here each snippet goes through the places a user or an appraiser
sees it. What "survives" means differs by format, and is decided here:

- **Preview** (the app's ``SafeTextBrowser``): the document it shows has no image, no script, no
  link whose target is not ``http``, ``https`` or ``mailto``, and the view is never asked to load
  anything. A user-written ``https`` link may stay a link: it opens nothing by itself (links are
  not followed, ``tests/gui/test_preview.py``).
- **HTML export**: the same, for a browser: no script, frame, object, form, image, external style
  sheet or ``style``/``on*``/``src``-like attribute from the user; link targets only ``http``,
  ``https`` or ``mailto``; and the page's Content-Security-Policy forbids loading anything.
- **PDF export**: plain text only. No link annotation of any kind (so no ``http://evil`` target
  either), no JavaScript, launch, open or form action, no embedded file and no image.
- **Word export**: plain text only. No hyperlink, field code (``HYPERLINK``, ``INCLUDEPICTURE``,
  ``INCLUDETEXT`` …), external relationship, remote template, embedded object, image or macro.

In every format the payload's *text* may appear as inert words (``alert(1)`` printed on the page
harms no one); what must not survive is anything a viewer would run, follow or fetch.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from reflect.core.appraisal import Selection
from reflect.core.coverage import Period
from reflect.core.exporters import export
from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import CpdDetails, GoalDetails, ItemKind
from reflect.core.vault import Vault
from reflect.gui.widgets import SafeTextBrowser
from tests.conftest import PASSPHRASE
from tests.core.test_markdown_render import HOSTILE as RENDERER_CORPUS

#: Tricks particular to Markdown, entities and odd schemes, on top of the renderer's corpus.
MARKDOWN_TRICKS = [
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref link][evil]\n\n[evil]: javascript:alert(1)",
    "[x](<javascript:alert(1)>)",
    "[x](  javascript:alert(1)  )",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    "![x](javascript:alert(1))",
    "[![inner](http://evil.example/i.png)](javascript:alert(1))",
    '<svg><image href="http://evil.example/i.png"/></svg>',
    '<object type="text/html" data="javascript:alert(1)"></object>',
    '<input type="image" src="http://evil.example/i.png">',
    '<button formaction="javascript:alert(1)">x</button>',
    '<marquee onstart="alert(1)">x</marquee>',
    '<a href="file:///etc/passwd">local file</a>',
    '<a href="smb://evil.example/share">share</a>',
    '<img src="cid:evil" alt="cid">',
    "```html\n<script>alert(1)</script>\n```",
    '<base href="javascript:alert(1)//">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    'Text <style>@import "http://evil.example/x.css";</style> more',
    '<table><tr><td background="http://evil.example/td.png">x</td></tr></table>',
    '<a href="https://ok.example" ping="http://evil.example/ping">x</a>',
    '<math href="javascript:alert(1)">x</math>',
    '<a href="\x01javascript:alert(1)">x</a>',
    "<p>unclosed <b>tags <i>everywhere <a href='javascript:alert(1)'>",
    "<<script>script>alert(1)<</script>/script>",
]

CORPUS = [*RENDERER_CORPUS, *MARKDOWN_TRICKS]

SAFE_SCHEMES = ("http://", "https://", "mailto:")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "smb:", "cid:")
URL_ATTRIBUTES = {
    "src",
    "srcset",
    "href",
    "action",
    "formaction",
    "background",
    "poster",
    "data",
    "ping",
    "xlink:href",
    "lowsrc",
    "dynsrc",
}


def test_the_corpus_is_big_enough():
    """The issue asks for at least 30 hostile snippets; each one different."""
    assert len(CORPUS) >= 30
    assert len(set(CORPUS)) == len(CORPUS)


class Markup(HTMLParser):
    """Every start tag with its attributes, and the text of ``<style>`` elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def assert_nothing_runs_or_loads(markup: Markup, where: str) -> None:
    """No script-bearing or loading element, no handler, and links only to safe schemes."""
    loading = {"script", "img", "iframe", "frame", "object", "embed", "link", "svg", "math"}
    loading |= {"form", "input", "button", "base", "video", "audio", "source", "image"}
    for tag, attributes in markup.tags:
        assert tag not in loading, f"{where}: <{tag}> survived"
        for name, value in attributes.items():
            assert not name.startswith("on"), f"{where}: {name} on <{tag}>"
            lowered = "".join(value.split()).lower()
            assert not lowered.startswith(BAD_SCHEMES), f"{where}: {name}={value!r}"
            if name in URL_ATTRIBUTES:
                assert (tag, name) == ("a", "href"), f"{where}: {name} on <{tag}>"
                assert lowered.startswith(SAFE_SCHEMES), f"{where}: link to {value!r}"


# --- the preview ------------------------------------------------------------------------------


@pytest.fixture
def preview(qtbot):
    """The app's preview widget (it records everything it is asked to load)."""
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.resize(600, 400)
    browser.show()
    return browser


@pytest.mark.parametrize("snippet", CORPUS)
def test_the_preview_shows_nothing_that_runs_or_loads(qtbot, preview, snippet):
    """The preview of each snippet has no image, script or unsafe link, and asks to load nothing."""
    preview.show_markdown(f"Before.\n\n{snippet}\n\nAfter.")
    qtbot.wait(1)  # let the document lay out (images would be requested here)
    assert preview.refused == [], "the preview was asked to load something"
    shown = Markup(preview.document().toHtml())
    assert_nothing_runs_or_loads(shown, "preview")
    assert "javascript:" not in preview.toHtml().lower()
    assert "After." in preview.toPlainText()


# --- the exports ------------------------------------------------------------------------------

PERIOD = Period(date(2025, 7, 1), date(2026, 6, 30))


@pytest.fixture(scope="module")
def exports(tmp_path_factory, _pristine_vault) -> dict[str, Path]:
    """One appraisal summary with every snippet in bodies, titles and other fields, full text,
    written once in each format for the tests below."""
    folder = tmp_path_factory.mktemp("hostile-exports")
    data_dir = folder / "data"
    shutil.copytree(_pristine_vault, data_dir)
    vault = Vault(data_dir, keystore=MemoryKeyStore())
    with vault.open(vault.unlock_with_passphrase(PASSPHRASE)) as journal:
        journal.set_setting("practitioner_name", CORPUS[0])
        journal.set_setting("practitioner_role", CORPUS[1])
        with journal.transaction():
            for n, snippet in enumerate(CORPUS):
                when = datetime(2026, 1, 1 + n % 28, 9, n % 60)
                journal.save(
                    journal.new_item(
                        ItemKind.ENTRY,
                        f"Snippet {n} {snippet[:60]}",
                        date=when,
                        body=f"Snippet {n} starts.\n\n{snippet}\n\nSnippet {n} ends.",
                        capabilities=(str(1 + n % 10),),
                    )
                )
            journal.save(
                journal.new_item(
                    ItemKind.GOAL,
                    CORPUS[2],
                    date=datetime(2026, 1, 5, 9, 0),
                    capabilities=("9",),
                    goal=GoalDetails(what=CORPUS[3], why=CORPUS[4], measure=CORPUS[5]),
                )
            )
            journal.save(
                journal.new_item(
                    ItemKind.CPD,
                    CORPUS[6],
                    date=datetime(2026, 1, 6, 9, 0),
                    capabilities=("5",),
                    cpd=CpdDetails(hours=1, learnt=CORPUS[7]),
                )
            )
        written = {}
        for fmt in ("html", "pdf", "docx"):
            if fmt == "docx":  # see test_a_pasted_control_character_does_not_break_any_export
                for hit in journal.list():
                    if _has_control_character(journal.get(hit.id).title):
                        journal.trash(hit.id)
            out = folder / f"summary.{fmt}"
            export(
                journal,
                fmt,
                out,
                Selection(period=PERIOD, full_text=True),
                allow_identifiable=True,
                today=date(2026, 3, 1),
            )
            written[fmt] = out
    return written


def test_the_html_export_runs_and_loads_nothing(exports):
    """The HTML export of every snippet has nothing that runs or loads, only its own style sheet,
    and a CSP that forbids loading; every snippet is in it."""
    page = exports["html"].read_text(encoding="utf-8")
    markup = Markup(page)
    assert_nothing_runs_or_loads(markup, "html export")
    assert [tag for tag, _ in markup.tags].count("style") == 1, "only the page's own style sheet"
    for sheet in markup.styles:
        assert "url(" not in sheet and "@import" not in sheet
    for tag, attributes in markup.tags:
        if "style" in attributes:
            assert re.fullmatch(r"width: \d+%", attributes["style"]), (tag, attributes)
    csp = [a.get("content", "") for t, a in markup.tags if t == "meta" and "http-equiv" in a]
    assert any(c.startswith("default-src 'none'") for c in csp)
    for n in range(len(CORPUS)):
        assert f"Snippet {n} ends." in page, f"snippet {n} is missing: the test proves nothing"


def _pdf_objects(reader: PdfReader):
    """Every dictionary reachable from the document's root (each object once)."""
    seen: set[int] = set()
    stack = [reader.trailer["/Root"]]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                continue
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, dict):
            yield obj
            stack.extend(v for k, v in obj.items() if k != "/Parent")
        elif isinstance(obj, list):
            stack.extend(obj)


def test_the_pdf_export_is_text_without_links_actions_or_embedded_content(exports):
    """The PDF export of every snippet has no link, action, script, form, embedded file or image;
    every snippet is in it as text."""
    reader = PdfReader(str(exports["pdf"]))
    forbidden = {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/URI",
        "/AA",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/SubmitForm",
        "/ImportData",
        "/RichMedia",
        "/XFA",
        "/AcroForm",
        "/GoToR",
    }
    opening = reader.trailer["/Root"].get("/OpenAction")
    if opening is not None:  # fpdf2 opens at page 1, fit to width: a place, not an action
        assert isinstance(opening.get_object(), list), opening
    for obj in _pdf_objects(reader):
        assert forbidden.isdisjoint(obj.keys()), sorted(forbidden & set(obj.keys()))
        assert obj.get("/S") not in forbidden, obj.get("/S")
        assert obj.get("/Subtype") not in ("/Link", "/Image", "/FileAttachment", "/Widget")
    for page in reader.pages:
        assert "/Annots" not in page, "the summary has no annotations (no links) at all"
    raw = exports["pdf"].read_bytes()
    for name in ("/JavaScript", "/URI", "/Launch", "/EmbeddedFile"):
        assert name.encode() not in raw
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    for n in range(len(CORPUS)):
        assert f"Snippet {n} ends." in " ".join(text.split()), f"snippet {n} is missing"


def test_the_word_export_is_text_without_links_fields_objects_or_macros(exports):
    """The Word export of every snippet has no hyperlink, field, external relationship, remote
    template, object, image or macro; every snippet is in it as text."""
    with zipfile.ZipFile(exports["docx"]) as package:
        names = package.namelist()
        parts = {name: package.read(name).decode("utf-8", "replace") for name in names}
    for name in names:
        lowered = name.lower()
        for bad in ("media/", "embeddings/", "activex", "vbaproject", "oleobject"):
            assert bad not in lowered, name
    assert "macroEnabled" not in parts["[Content_Types].xml"]
    for name, text in parts.items():
        if name.endswith(".rels"):
            assert 'TargetMode="External"' not in text, name
    document = parts["word/document.xml"]
    for element in (
        "<w:hyperlink",
        "<w:fldSimple",
        "<w:instrText",
        "<w:drawing",
        "<w:pict",
        "<w:object",
        "<w:altChunk",
        "<w:control",
        "<v:imagedata",
    ):
        assert element not in document, element
    assert "attachedTemplate" not in parts.get("word/settings.xml", "")
    for n, snippet in enumerate(CORPUS):
        if not _has_control_character(snippet):
            assert f"Snippet {n} ends." in document, f"snippet {n} is missing"


def _has_control_character(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\t\n\r" for c in text)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_a_pasted_control_character_does_not_break_any_export(journal, tmp_path, fmt):
    """Text pasted from other programs can hold control characters; every export still writes
    the reflection (a control character is dropped or shown harmlessly, never fatal)."""
    journal.save(
        journal.new_item(
            ItemKind.ENTRY,
            "Pasted\x0bfrom a spreadsheet",
            date=datetime(2026, 1, 10, 9, 0),
            body="A line\x0bbroken the Word way, and a stray \x01 byte. The end of it.",
            capabilities=("3",),
        )
    )
    out = tmp_path / f"summary.{fmt}"
    export(
        journal,
        fmt,
        out,
        Selection(period=PERIOD, full_text=True),
        allow_identifiable=True,
        today=date(2026, 3, 1),
    )
    if fmt == "pdf":
        text = " ".join(page.extract_text() or "" for page in PdfReader(str(out)).pages)
    elif fmt == "docx":
        with zipfile.ZipFile(out) as package:
            text = package.read("word/document.xml").decode("utf-8")
    else:
        text = out.read_text(encoding="utf-8")
    assert "The end of it." in " ".join(text.split())
