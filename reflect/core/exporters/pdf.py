"""The appraisal summary as a PDF, drawn with fpdf2 (pure Python, so the core stays free of Qt).

Text is real, selectable text in an embedded Unicode font: Source Sans Pro, shipped inside the
``font-source-sans-pro`` package so it is the same on every machine (DejaVu Sans, when the system
has it, fills in any character Source Sans lacks). Sections start on new pages, headings are never
left alone at the foot of a page, every page is numbered and the outline lists the capabilities.
The document's properties name no author, and "Reflect" as its creator and producer, so nothing
names the machine or the user account.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from reflect.core.appraisal import AppraisalSummary, CoverageRow, Reflection
from reflect.core.exporters._blocks import markdown_blocks
from reflect.core.model import ItemKind
from reflect.core.serialize import long_date

# fpdf2 warns about missing glyphs by quoting them: that would put the user's characters on
# stderr (and into ~/.xsession-errors for the app). Only its errors may be logged.
logging.getLogger("fpdf").setLevel(logging.ERROR)

FONT = "Sans"
_FALLBACK = "DejaVu"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_STYLES = {"": "Regular", "B": "Bold", "I": "It", "BI": "BoldIt"}

_TEXT = (29, 29, 31)
_MUTED = (90, 90, 90)
_ACCENT = (43, 108, 176)
_TRACK = (230, 235, 241)
_STATUS_COLOURS = {"gap": (197, 48, 48), "emerging": (214, 158, 46), "established": (56, 161, 105)}

_LINE = 5.2  # body line height, mm
_COUNT_KINDS = (ItemKind.ENTRY, ItemKind.SUPERVISION, ItemKind.GOAL, ItemKind.CPD)


@cache
def font_files() -> dict[str, Path] | None:
    """The Source Sans Pro files by fpdf2 style, or None when the font package is missing."""
    try:
        folder = resources.files("font_source_sans_pro") / "files"
    except ModuleNotFoundError:
        return None
    files = {
        style: Path(str(folder / f"SourceSansPro-{name}.ttf")) for style, name in _STYLES.items()
    }
    return files if all(path.is_file() for path in files.values()) else None


def _new_pdf(doc: AppraisalSummary) -> Any:
    from fpdf import FPDF

    class _Pdf(FPDF):
        body_font = FONT

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(self.body_font, "", 8.5)
            self.set_text_color(*_MUTED)
            self.cell(0, 5, f"{doc.title} · {doc.period_text}", align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    files = font_files()
    if files is not None:
        for style, path in files.items():
            pdf.add_font(FONT, style=style, fname=str(path))
        pdf.body_font = FONT
        if _DEJAVU.is_file():
            pdf.add_font(_FALLBACK, style="", fname=str(_DEJAVU))
            pdf.set_fallback_fonts([_FALLBACK], exact_match=False)
    elif _DEJAVU.is_file():
        for style in _STYLES:
            pdf.add_font(FONT, style=style, fname=str(_DEJAVU))
        pdf.body_font = FONT
    else:  # no Unicode font at all: the built-in Helvetica (Latin-1 only)
        pdf.body_font = "helvetica"
    pdf.set_title(doc.title)
    pdf.set_subject("Appraisal")
    pdf.set_author("")
    pdf.set_creator("Reflect")
    pdf.set_producer("Reflect")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(datetime.combine(doc.generated, datetime.min.time(), tzinfo=UTC))
    return pdf


class _Writer:
    """Lays the summary out on pages."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.font = pdf.body_font
        self.unicode = pdf.body_font != "helvetica"
        self._widths: dict[tuple[str, str, float, str], float] = {}

    def text(self, value: str) -> str:
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def style(
        self, style: str = "", size: float = 10.5, colour: tuple[int, int, int] = _TEXT
    ) -> None:
        self.pdf.set_font(self.font, style, size)
        self.pdf.set_text_color(*colour)

    def keep_space(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit on this one (no heading left alone)."""
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def heading(self, value: str, level: int, *, outline: bool = True) -> None:
        sizes = {0: 20, 1: 15, 2: 12.5, 3: 11.5, 4: 11}
        size = sizes.get(level, 10.5)
        self.keep_space(size * 0.5 + 3 * _LINE)
        self.pdf.ln(2 if level > 2 else 4)
        if outline and level <= 2:
            self.pdf.start_section(self.text(value), level=max(0, level - 1), strict=False)
        self.style("B", size, _ACCENT if level <= 1 else _TEXT)
        self.paragraph_raw(value, line=size * 0.5)
        self.pdf.ln(1)
        self.style()

    def width(self, text: str) -> float:
        """The width of ``text`` in the current font, remembered (words repeat a lot)."""
        pdf = self.pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, text)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = pdf.get_string_width(text)
        return found

    def wrap(self, value: str, width: float) -> list[str]:
        """``value`` broken into lines no wider than ``width`` mm, at spaces where possible.

        fpdf2's own ``multi_cell`` re-measures a line for every character it adds, which makes
        a year of reflections take many seconds; measuring each word once keeps it linear.
        """
        lines: list[str] = []
        space = self.width(" ")
        for raw in value.split("\n"):
            line, used = "", 0.0
            for word in raw.split(" "):
                size = self.width(word)
                if line and used + space + size > width:
                    lines.append(line)
                    line, used = "", 0.0
                if line:
                    line, used = f"{line} {word}", used + space + size
                    continue
                while size > width and len(word) > 1:  # a word longer than the line
                    low, high = 1, len(word) - 1  # the longest start of it that fits
                    while low < high:
                        middle = (low + high + 1) // 2
                        if self.width(word[:middle]) <= width:
                            low = middle
                        else:
                            high = middle - 1
                    lines.append(word[:low])
                    word = word[low:]
                    size = self.width(word)
                line, used = word, size
            lines.append(line)
        return lines

    def paragraph_raw(self, value: str, *, line: float = _LINE, indent: float = 0) -> None:
        pdf = self.pdf
        for text in self.wrap(self.text(value), pdf.epw - indent):
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(pdf.epw - indent, line, text, new_x="LMARGIN", new_y="NEXT")

    def paragraph(
        self, value: str, *, style: str = "", colour: tuple[int, int, int] = _TEXT, after: float = 2
    ) -> None:
        self.style(style, 10.5, colour)
        self.paragraph_raw(value)
        self.pdf.ln(after)
        self.style()

    def facts(self, pairs: Sequence[tuple[str, str]]) -> None:
        for label, value in pairs:
            self.style("B")
            self.pdf.cell(32, _LINE, self.text(label))
            self.style()
            self.paragraph_raw(value, indent=32)
        self.pdf.ln(2)

    def bullets(self, lines: Sequence[str]) -> None:
        self.style()
        for line in lines:
            self.bullet(line, 1, "•")
        self.pdf.ln(1)

    def bullet(self, value: str, depth: int, mark: str) -> None:
        pdf = self.pdf
        indent = 5 * depth
        lines = self.wrap(self.text(value), pdf.epw - indent)
        for n, text in enumerate(lines):
            if n == 0:
                pdf.set_x(pdf.l_margin + indent - 4)
                pdf.cell(4, _LINE, self.text(mark))
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(pdf.epw - indent, _LINE, text, new_x="LMARGIN", new_y="NEXT")

    def markdown(self, value: str) -> None:
        """A reflection's Markdown: its headings, paragraphs and lists as plain text."""
        for block in markdown_blocks(value):
            if block.kind == "heading":
                self.keep_space(3 * _LINE)
                self.style("B", 10.5)
                self.paragraph_raw(block.text)
                self.style()
            elif block.kind in ("bullet", "number"):
                mark = "•" if block.kind == "bullet" else f"{block.number}."
                self.bullet(block.text, block.level, mark)
            elif block.kind == "quote":
                self.style("I", 10.5, _MUTED)
                self.paragraph_raw(block.text, indent=6)
                self.style()
                self.pdf.ln(1.5)
            elif block.kind == "code":
                self.style("", 9.5, _MUTED)
                self.paragraph_raw(block.text, indent=6)
                self.style()
                self.pdf.ln(1.5)
            elif block.kind == "paragraph":
                self.paragraph_raw(block.text)
                self.pdf.ln(1.5)

    def coverage_table(self, rows: Sequence[CoverageRow]) -> None:
        pdf = self.pdf
        self.style("", 8.5)
        widths = (7, 57, 13, 20, 11, 10, 11, 22, 23)
        header: tuple[str, ...] = ("#", "Capability", "Entries", "Supervision", "Goals", "CPD")
        header += ("Total", "Indicators", "Status")
        with pdf.table(
            col_widths=widths,
            text_align=(
                "RIGHT",
                "LEFT",
                "RIGHT",
                "RIGHT",
                "RIGHT",
                "RIGHT",
                "RIGHT",
                "CENTER",
                "LEFT",
            ),
            **_table_style(self.font),
        ) as table:
            table.row([self.text(h) for h in header])
            for row in rows:
                cells = [str(row.id), row.name]
                cells += [str(row.counts.get(kind, 0)) for kind in _COUNT_KINDS]
                cells += [
                    str(row.total),
                    f"{len(row.indicators_covered)} of {row.indicators_total}",
                    row.status_label,
                ]
                table.row([self.text(c) for c in cells])
        pdf.ln(3)
        self.style()

    def coverage_chart(self, rows: Sequence[CoverageRow]) -> None:
        """A horizontal bar per capability, drawn with rectangles."""
        pdf = self.pdf
        label_w, bar_h, gap = 72, 4.2, 1.8
        self.keep_space(len(rows) * (bar_h + gap) + 10)
        most = max((row.total for row in rows), default=0) or 1
        track_w = pdf.epw - label_w - 16
        self.style("", 9)
        for row in rows:
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin, y)
            name = f"{row.id}. {row.name}"
            while pdf.get_string_width(self.text(name)) > label_w - 2 and len(name) > 4:
                name = name[:-2].rstrip() + "…"
            pdf.cell(label_w, bar_h, self.text(name))
            x = pdf.l_margin + label_w
            pdf.set_fill_color(*_TRACK)
            pdf.rect(x, y + 0.3, track_w, bar_h - 0.6, style="F")
            if row.total:
                pdf.set_fill_color(*_STATUS_COLOURS.get(row.status, _ACCENT))
                pdf.rect(x, y + 0.3, track_w * row.total / most, bar_h - 0.6, style="F")
            pdf.set_xy(x + track_w + 1.5, y)
            if row.total:
                pdf.cell(14, bar_h, str(row.total))
            else:
                self.style("", 9, _STATUS_COLOURS["gap"])
                pdf.cell(14, bar_h, "0 gap")
                self.style("", 9)
            pdf.set_y(y + bar_h + gap)
        self.style("", 8.5, _MUTED)
        pdf.ln(1)
        self.paragraph_raw(
            "Bars: items tagged with each capability in the review period; amber is emerging "
            "and green established."
        )
        self.style()

    def reflection(self, r: Reflection) -> None:
        self.heading(f"{long_date(r.date.date())}: {r.title or 'Untitled'}", 4, outline=False)
        if r.text:
            self.markdown(r.text)
        if r.shortened:
            self.paragraph(
                "First paragraph only; the full reflection is in the practitioner's journal.",
                style="I",
                colour=_MUTED,
            )


def _table_style(font: str) -> dict[str, Any]:
    """What every table shares: shaded bold headings, white rows, rules between rows."""
    from fpdf.fonts import FontFace

    return {
        "headings_style": FontFace(family=font, emphasis="BOLD", fill_color=(238, 241, 245)),
        "cell_fill_color": (255, 255, 255),
        "cell_fill_mode": "ALL",
        "borders_layout": "HORIZONTAL_LINES",
        "line_height": 4.6,
        "padding": (0.8, 1.2),
    }


def build_pdf(doc: AppraisalSummary) -> Any:
    """The summary as an fpdf2 document, laid out and ready to output."""
    pdf = _new_pdf(doc)
    w = _Writer(pdf)
    pdf.add_page()
    w.heading(doc.title, 0)
    facts = []
    if doc.practitioner_name:
        facts.append(("Practitioner", doc.practitioner_name))
    if doc.practitioner_role:
        facts.append(("Role", doc.practitioner_role))
    facts += [
        ("Review period", doc.period_text),
        ("Framework", doc.framework_name),
        ("Prepared", long_date(doc.generated)),
    ]
    w.facts(facts)
    w.heading("Confidentiality", 1)
    w.paragraph(doc.confidentiality)
    w.heading("Coverage of the capabilities", 1)
    w.coverage_table(doc.coverage)
    w.coverage_chart(doc.coverage)

    pdf.add_page()
    w.heading("Reflections by capability", 1)
    for section in doc.sections:
        row = section.coverage
        w.heading(f"{row.id}. {row.name}", 2)
        plural = "" if row.total == 1 else "s"
        w.paragraph(
            f"{row.status_label}: {row.total} item{plural}"
            f" · {len(row.indicators_covered)} of {row.indicators_total} indicators",
            style="I",
            colour=_MUTED,
        )
        for item_id in section.reflection_ids:
            w.reflection(doc.reflection(item_id))
        if not section.reflection_ids and not section.also_ids:
            w.paragraph("No reflections chosen for this capability.", colour=_MUTED)
        if section.also_ids:
            w.paragraph("Also tagged with this capability:", after=0.5)
            lines = []
            for item_id in section.also_ids:
                r = doc.reflection(item_id)
                lines.append(
                    f"{long_date(r.date.date())}: {r.title or 'Untitled'}"
                    f" (under capability {r.home or '—'})"
                )
            w.bullets(lines)
        if section.supervision:
            w.paragraph("Supervision:", after=0.5)
            w.bullets(
                [
                    f"{long_date(m.date.date())}: {m.kind.value} supervision"
                    for m in section.supervision
                ]
            )
    if doc.untagged_ids:
        w.heading("Other reflections", 2)
        for item_id in doc.untagged_ids:
            w.reflection(doc.reflection(item_id))

    pdf.add_page()
    w.heading("Development goals", 1)
    if not doc.goals:
        w.paragraph("No development goals in this period.", colour=_MUTED)
    for goal in doc.goals:
        w.heading(goal.title or "Untitled goal", 3, outline=False)
        facts = [("Status", goal.status_label), ("Horizon", f"{goal.horizon.value} term")]
        if goal.target_date:
            facts.append(("Target date", long_date(goal.target_date)))
        w.facts(facts)
        if goal.what:
            w.paragraph(goal.what)
        if goal.reviews:
            w.paragraph("Progress:", after=0.5)
            w.bullets([f"{long_date(r.date)}: {r.note}" for r in goal.reviews])

    w.heading("Continuing professional development", 1)
    w.paragraph(
        f"{doc.cpd_hours:g} hours in the period, of which "
        f"{doc.cpd_participatory_hours:g} participatory."
    )
    if doc.cpd:
        w.style("", 9)
        with pdf.table(
            col_widths=(30, 100, 16, 28),
            text_align=("LEFT", "LEFT", "RIGHT", "LEFT"),
            **_table_style(w.font),
        ) as table:
            table.row(["Date", "Activity", "Hours", "Participatory"])
            for line in doc.cpd:
                table.row(
                    [
                        w.text(long_date(line.date.date())),
                        w.text(line.title),
                        f"{line.hours:g}",
                        "yes" if line.participatory else "no",
                    ]
                )
        w.style()
    return pdf


def render(document: AppraisalSummary) -> bytes:
    buffer = io.BytesIO()
    buffer.write(bytes(build_pdf(document).output()))
    return buffer.getvalue()
