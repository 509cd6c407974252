"""The appraisal summary as a Markdown file: readable as plain text, renderable anywhere.

Reflections keep the user's own Markdown, with headings moved under the summary's, raw HTML shown
as text rather than rendered, and images (which a viewer would fetch) replaced by their
description.
"""

from __future__ import annotations

from reflect.core.appraisal import AppraisalSummary, Reflection
from reflect.core.exporters._blocks import safe_markdown
from reflect.core.model import ItemKind
from reflect.core.serialize import long_date

_BAR = "█"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _inline(text: str) -> str:
    """A title or other one-line text, with Markdown and HTML syntax made literal."""
    out = " ".join(text.split()).replace("<", "&lt;")
    for char in "\\`*_":
        out = out.replace(char, "\\" + char)
    return out


def _reflection(r: Reflection) -> list[str]:
    lines = [f"#### {long_date(r.date.date())}: {_inline(r.title) or 'Untitled'}", ""]
    if r.text:
        lines += [safe_markdown(r.text, demote=4).strip(), ""]
    if r.shortened:
        lines += ["*First paragraph only; the full reflection is in the practitioner's journal.*"]
        lines.append("")
    return lines


def render_markdown_text(doc: AppraisalSummary) -> str:
    """The summary as Markdown text."""
    out: list[str] = [f"# {doc.title}", ""]
    if doc.practitioner_name or doc.practitioner_role:
        who = " — ".join(_inline(p) for p in (doc.practitioner_name, doc.practitioner_role) if p)
        out += [f"**Practitioner:** {who}  "]
    out += [
        f"**Review period:** {doc.period_text}  ",
        f"**Framework:** {_inline(doc.framework_name)}  ",
        f"**Prepared:** {long_date(doc.generated)}",
        "",
        "## Confidentiality",
        "",
        doc.confidentiality,
        "",
        "## Coverage of the capabilities",
        "",
        "| # | Capability | Entries | Supervision | Goals | CPD | Total | Indicators | Last"
        " | Status |",
        "|--:|---|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for row in doc.coverage:
        last = long_date(row.last) if row.last else "—"
        out.append(
            f"| {row.id} | {_cell(row.name)} | {row.counts.get(ItemKind.ENTRY, 0)}"
            f" | {row.counts.get(ItemKind.SUPERVISION, 0)} | {row.counts.get(ItemKind.GOAL, 0)}"
            f" | {row.counts.get(ItemKind.CPD, 0)} | {row.total}"
            f" | {len(row.indicators_covered)} of {row.indicators_total} | {last}"
            f" | {row.status_label} |"
        )
    most = max((row.total for row in doc.coverage), default=0) or 1
    width = max(len(row.name) for row in doc.coverage) if doc.coverage else 0
    out += ["", "```text"]
    for row in doc.coverage:
        bar = _BAR * round(30 * row.total / most) if row.total else ""
        out.append(f"{row.id:>2}  {row.name:<{width}}  {bar} {row.total}".rstrip())
    out += ["```", "", "## Reflections by capability", ""]
    for section in doc.sections:
        row = section.coverage
        out += [f"### {row.id}. {_inline(row.name)}", ""]
        out += [f"*{row.status_label}: {row.total} item{'' if row.total == 1 else 's'}.*", ""]
        for item_id in section.reflection_ids:
            out += _reflection(doc.reflection(item_id))
        if not section.reflection_ids and not section.also_ids:
            out += ["No reflections chosen for this capability.", ""]
        if section.also_ids:
            out.append("Also tagged with this capability:")
            out.append("")
            for item_id in section.also_ids:
                r = doc.reflection(item_id)
                out.append(
                    f"- {long_date(r.date.date())}: {_inline(r.title) or 'Untitled'}"
                    f" (under capability {r.home or '—'})"
                )
            out.append("")
        if section.supervision:
            out.append("Supervision:")
            out.append("")
            for mention in section.supervision:
                out.append(f"- {long_date(mention.date.date())}: {mention.kind.value} supervision")
            out.append("")
    if doc.untagged_ids:
        out += ["### Other reflections", ""]
        for item_id in doc.untagged_ids:
            out += _reflection(doc.reflection(item_id))
    out += ["## Development goals", ""]
    if not doc.goals:
        out += ["No development goals in this period.", ""]
    for goal in doc.goals:
        out += [f"### {_inline(goal.title) or 'Untitled goal'}", ""]
        facts = [f"**Status:** {goal.status_label}", f"**Horizon:** {goal.horizon.value} term"]
        if goal.target_date:
            facts.append(f"**Target date:** {long_date(goal.target_date)}")
        out += ["  \n".join(facts), ""]
        if goal.what:
            out += [_inline(goal.what), ""]
        if goal.reviews:
            out += ["Progress:", ""]
            out += [f"- {long_date(r.date)}: {_inline(r.note)}" for r in goal.reviews]
            out.append("")
    out += [
        "## Continuing professional development",
        "",
        f"**{doc.cpd_hours:g} hours** in the period, of which "
        f"**{doc.cpd_participatory_hours:g} participatory**.",
        "",
    ]
    if doc.cpd:
        out += ["| Date | Activity | Hours | Participatory |", "|---|---|--:|---|"]
        for line in doc.cpd:
            out.append(
                f"| {long_date(line.date.date())} | {_cell(_inline(line.title))} | {line.hours:g}"
                f" | {'yes' if line.participatory else 'no'} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render(document: AppraisalSummary) -> bytes:
    return render_markdown_text(document).encode("utf-8")
