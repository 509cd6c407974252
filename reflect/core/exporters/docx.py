"""The appraisal summary as a Word document (appraisal forms are often Word), via python-docx.

The coverage table is a real Word table, so it can be pasted into a form; the chart is a second
table of bars. The document's properties carry a neutral title and no author, so nothing names
the machine or the user account.
"""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import datetime
from typing import Any, TypeVar

from reflect.core.appraisal import AppraisalSummary, Reflection
from reflect.core.exporters._blocks import markdown_blocks
from reflect.core.model import ItemKind
from reflect.core.serialize import long_date

_BAR = "█"
_COUNT_KINDS = (ItemKind.ENTRY, ItemKind.SUPERVISION, ItemKind.GOAL, ItemKind.CPD)
_COVERAGE_HEADER: tuple[str, ...] = ("#", "Capability", "Entries", "Supervision", "Goals", "CPD")
_COVERAGE_HEADER += ("Total", "Indicators", "Last", "Status")


T = TypeVar("T")

#: Characters XML 1.0 forbids (control characters pasted from elsewhere, lone surrogates): lxml
#: refuses them, so they are dropped rather than failing the export. Tabs and newlines stay.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: T) -> T:
    """``value`` with every string in it (through dataclasses and containers) made XML-safe."""
    if type(value) is str:  # not a StrEnum member: those are names, not the user's text
        cleaned: Any = _NOT_XML.sub(" ", str(value))
        return cleaned  # type: ignore[no-any-return]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(xml_safe(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [xml_safe(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}  # type: ignore[return-value]
    return value


def _add_body(document: Any, text: str) -> None:
    """A reflection's Markdown as Word headings, paragraphs and lists (no inline emphasis)."""
    from docx.shared import Pt

    for block in markdown_blocks(text):
        if block.kind == "heading":
            document.add_heading(block.text, level=min(9, block.level + 3))
        elif block.kind in ("bullet", "number"):
            style = "List Bullet" if block.kind == "bullet" else "List Number"
            if block.level > 1:
                style += f" {min(3, block.level)}"
            document.add_paragraph(block.text, style=style)
        elif block.kind == "quote":
            document.add_paragraph(block.text, style="Quote")
        elif block.kind == "code":
            run = document.add_paragraph().add_run(block.text)
            run.font.name = "Courier New"
            run.font.size = Pt(9)
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)


def _reflection(document: Any, r: Reflection) -> None:
    document.add_heading(f"{long_date(r.date.date())}: {r.title or 'Untitled'}", level=4)
    if r.text:
        _add_body(document, r.text)
    if r.shortened:
        note = document.add_paragraph().add_run(
            "First paragraph only; the full reflection is in the practitioner's journal."
        )
        note.italic = True


def _table(document: Any, header: list[str], rows: list[list[str]], numeric: set[int]) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for n, text in enumerate(header):
        cell = table.rows[0].cells[n]
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for n, text in enumerate(values):
            cells[n].text = text
            if n in numeric:
                cells[n].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def build_document(doc: AppraisalSummary) -> Any:
    """The summary as a python-docx ``Document``."""
    import docx

    doc = xml_safe(doc)
    document = docx.Document()
    props = document.core_properties
    stamp = datetime.combine(doc.generated, datetime.min.time())
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    props.title = doc.title
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.subject = "Appraisal"
    props.keywords = ""
    props.category = ""

    document.add_heading(doc.title, level=0)
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
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    document.add_heading("Confidentiality", level=1)
    document.add_paragraph(doc.confidentiality)

    document.add_heading("Coverage of the capabilities", level=1)
    _table(
        document,
        list(_COVERAGE_HEADER),
        [
            [str(row.id), row.name]
            + [str(row.counts.get(kind, 0)) for kind in _COUNT_KINDS]
            + [
                str(row.total),
                f"{len(row.indicators_covered)} of {row.indicators_total}",
                long_date(row.last) if row.last else "—",
                row.status_label,
            ]
            for row in doc.coverage
        ],
        numeric={0, 2, 3, 4, 5, 6},
    )
    document.add_paragraph()
    most = max((row.total for row in doc.coverage), default=0) or 1
    chart = _table(
        document,
        ["Capability", "Items"],
        [
            [
                f"{row.id}. {row.name}",
                (_BAR * round(20 * row.total / most) + " " if row.total else "") + str(row.total),
            ]
            for row in doc.coverage
        ],
        numeric=set(),
    )
    chart.style = "Light List"

    document.add_page_break()  # type: ignore[no-untyped-call]
    document.add_heading("Reflections by capability", level=1)
    for section in doc.sections:
        row = section.coverage
        document.add_heading(f"{row.id}. {row.name}", level=2)
        plural = "" if row.total == 1 else "s"
        document.add_paragraph().add_run(
            f"{row.status_label}: {row.total} item{plural}."
        ).italic = True
        for item_id in section.reflection_ids:
            _reflection(document, doc.reflection(item_id))
        if not section.reflection_ids and not section.also_ids:
            document.add_paragraph("No reflections chosen for this capability.")
        if section.also_ids:
            document.add_paragraph("Also tagged with this capability:")
            for item_id in section.also_ids:
                r = doc.reflection(item_id)
                document.add_paragraph(
                    f"{long_date(r.date.date())}: {r.title or 'Untitled'}"
                    f" (under capability {r.home or '—'})",
                    style="List Bullet",
                )
        if section.supervision:
            document.add_paragraph("Supervision:")
            for mention in section.supervision:
                document.add_paragraph(
                    f"{long_date(mention.date.date())}: {mention.kind.value} supervision",
                    style="List Bullet",
                )
    if doc.untagged_ids:
        document.add_heading("Other reflections", level=2)
        for item_id in doc.untagged_ids:
            _reflection(document, doc.reflection(item_id))

    document.add_page_break()  # type: ignore[no-untyped-call]
    document.add_heading("Development goals", level=1)
    if not doc.goals:
        document.add_paragraph("No development goals in this period.")
    for goal in doc.goals:
        document.add_heading(goal.title or "Untitled goal", level=2)
        facts = [("Status", goal.status_label), ("Horizon", f"{goal.horizon.value} term")]
        if goal.target_date:
            facts.append(("Target date", long_date(goal.target_date)))
        for label, value in facts:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        if goal.what:
            document.add_paragraph(goal.what)
        if goal.reviews:
            document.add_paragraph("Progress:")
            for review in goal.reviews:
                document.add_paragraph(
                    f"{long_date(review.date)}: {review.note}", style="List Bullet"
                )

    document.add_heading("Continuing professional development", level=1)
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{doc.cpd_hours:g} hours").bold = True
    paragraph.add_run(" in the period, of which ")
    paragraph.add_run(f"{doc.cpd_participatory_hours:g} participatory").bold = True
    paragraph.add_run(".")
    if doc.cpd:
        _table(
            document,
            ["Date", "Activity", "Hours", "Participatory"],
            [
                [
                    long_date(line.date.date()),
                    line.title,
                    f"{line.hours:g}",
                    "yes" if line.participatory else "no",
                ]
                for line in doc.cpd
            ],
            numeric={2},
        )
    return document


def render(document: AppraisalSummary) -> bytes:
    buffer = io.BytesIO()
    build_document(document).save(buffer)
    return buffer.getvalue()
