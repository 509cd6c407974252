"""The appraisal summary as one self-contained, sanitised HTML file.

Everything is in the file: the style sheet is inline and the coverage chart is drawn with CSS, so
opening it fetches nothing. Reflections go through the app's own sanitising Markdown renderer (no
scripts, event handlers, ``javascript:`` links, styles or images), every other text is escaped,
and a Content-Security-Policy forbids the page from loading or running anything even so.
"""

from __future__ import annotations

import re
from html import escape

from reflect.core.appraisal import AppraisalSummary, Reflection
from reflect.core.model import ItemKind
from reflect.core.serialize import long_date

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"

_STYLE = """
body { font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; line-height: 1.5;
       color: #1d1d1f; max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.6em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
.chart { margin: 1em 0; }
.chart .row { display: grid; grid-template-columns: 18em auto; align-items: center;
              gap: 0.6em; margin: 0.2em 0; }
.chart .track { background: #eef1f5; height: 1.1em; }
.chart .bar { background: #2b6cb0; height: 100%; }
.status { font-style: italic; color: #555; }
.reflection { border-left: 3px solid #cbd5e0; padding-left: 1em; margin: 1em 0; }
.note { color: #555; font-size: 0.9em; font-style: italic; }
.confidential { background: #f7f7f2; border: 1px solid #ddd; padding: 0.8em 1em; }
"""

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _body(text: str) -> str:
    """A reflection's Markdown as safe HTML, its headings moved under the summary's."""
    from reflect.core.markdown_render import render_markdown

    return _HEADING_TAG.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 3)}", render_markdown(text)
    )


def _reflection(r: Reflection) -> str:
    parts = [
        '<div class="reflection">',
        f"<h4>{escape(long_date(r.date.date()))}: {escape(r.title or 'Untitled')}</h4>",
    ]
    if r.text:
        parts.append(_body(r.text))
    if r.shortened:
        parts.append(
            '<p class="note">First paragraph only; the full reflection is in the '
            "practitioner's journal.</p>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def render_html(doc: AppraisalSummary) -> str:
    """The summary as an HTML document."""
    e = escape
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(doc.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(doc.title)}</h1>",
        '<dl class="meta">',
    ]
    if doc.practitioner_name:
        out.append(f"<dt>Practitioner</dt><dd>{e(doc.practitioner_name)}</dd>")
    if doc.practitioner_role:
        out.append(f"<dt>Role</dt><dd>{e(doc.practitioner_role)}</dd>")
    out += [
        f"<dt>Review period</dt><dd>{e(doc.period_text)}</dd>",
        f"<dt>Framework</dt><dd>{e(doc.framework_name)}</dd>",
        f"<dt>Prepared</dt><dd>{e(long_date(doc.generated))}</dd>",
        "</dl>",
        "<h2>Confidentiality</h2>",
        f'<p class="confidential">{e(doc.confidentiality)}</p>',
        "<h2>Coverage of the capabilities</h2>",
        "<table>",
        '<thead><tr><th class="n">#</th><th>Capability</th><th class="n">Entries</th>'
        '<th class="n">Supervision</th><th class="n">Goals</th><th class="n">CPD</th>'
        '<th class="n">Total</th><th>Indicators</th><th>Last</th><th>Status</th></tr></thead>',
        "<tbody>",
    ]
    for row in doc.coverage:
        counts = "".join(
            f'<td class="n">{row.counts.get(kind, 0)}</td>'
            for kind in (ItemKind.ENTRY, ItemKind.SUPERVISION, ItemKind.GOAL, ItemKind.CPD)
        )
        out.append(
            f'<tr><td class="n">{row.id}</td><td>{e(row.name)}</td>{counts}'
            f'<td class="n">{row.total}</td>'
            f"<td>{len(row.indicators_covered)} of {row.indicators_total}</td>"
            f"<td>{e(long_date(row.last)) if row.last else '—'}</td>"
            f"<td>{e(row.status_label)}</td></tr>"
        )
    out += [
        "</tbody>",
        "</table>",
        '<div class="chart" role="img" aria-label="Items per capability">',
    ]
    most = max((row.total for row in doc.coverage), default=0) or 1
    for row in doc.coverage:
        width = round(100 * row.total / most)
        out.append(
            f'<div class="row"><span>{row.id}. {e(row.name)} ({row.total})</span>'
            f'<div class="track"><div class="bar" style="width: {width}%"></div></div></div>'
        )
    out += ["</div>", "<h2>Reflections by capability</h2>"]
    for section in doc.sections:
        row = section.coverage
        out.append(f"<h3>{row.id}. {e(row.name)}</h3>")
        plural = "" if row.total == 1 else "s"
        out.append(f'<p class="status">{e(row.status_label)}: {row.total} item{plural}.</p>')
        out += [_reflection(doc.reflection(item_id)) for item_id in section.reflection_ids]
        if not section.reflection_ids and not section.also_ids:
            out.append("<p>No reflections chosen for this capability.</p>")
        if section.also_ids:
            out.append("<p>Also tagged with this capability:</p><ul>")
            for item_id in section.also_ids:
                r = doc.reflection(item_id)
                home = r.home or "—"
                out.append(
                    f"<li>{e(long_date(r.date.date()))}: {e(r.title or 'Untitled')}"
                    f" (under capability {home})</li>"
                )
            out.append("</ul>")
        if section.supervision:
            out.append("<p>Supervision:</p><ul>")
            for mention in section.supervision:
                out.append(
                    f"<li>{e(long_date(mention.date.date()))}: "
                    f"{e(mention.kind.value)} supervision</li>"
                )
            out.append("</ul>")
    if doc.untagged_ids:
        out.append("<h3>Other reflections</h3>")
        out += [_reflection(doc.reflection(item_id)) for item_id in doc.untagged_ids]
    out.append("<h2>Development goals</h2>")
    if not doc.goals:
        out.append("<p>No development goals in this period.</p>")
    for goal in doc.goals:
        out.append(f"<h3>{e(goal.title or 'Untitled goal')}</h3>")
        facts = [
            f"<dt>Status</dt><dd>{e(goal.status_label)}</dd>",
            f"<dt>Horizon</dt><dd>{e(goal.horizon.value)} term</dd>",
        ]
        if goal.target_date:
            facts.append(f"<dt>Target date</dt><dd>{e(long_date(goal.target_date))}</dd>")
        out.append('<dl class="meta">' + "".join(facts) + "</dl>")
        if goal.what:
            out.append(f"<p>{e(goal.what)}</p>")
        if goal.reviews:
            out.append("<p>Progress:</p><ul>")
            out += [f"<li>{e(long_date(r.date))}: {e(r.note)}</li>" for r in goal.reviews]
            out.append("</ul>")
    out += [
        "<h2>Continuing professional development</h2>",
        f"<p><strong>{doc.cpd_hours:g} hours</strong> in the period, of which "
        f"<strong>{doc.cpd_participatory_hours:g} participatory</strong>.</p>",
    ]
    if doc.cpd:
        out.append(
            "<table><thead><tr><th>Date</th><th>Activity</th>"
            '<th class="n">Hours</th><th>Participatory</th></tr></thead><tbody>'
        )
        for line in doc.cpd:
            out.append(
                f"<tr><td>{e(long_date(line.date.date()))}</td><td>{e(line.title)}</td>"
                f'<td class="n">{line.hours:g}</td>'
                f"<td>{'yes' if line.participatory else 'no'}</td></tr>"
            )
        out.append("</tbody></table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def render(document: AppraisalSummary) -> bytes:
    return render_html(document).encode("utf-8")
