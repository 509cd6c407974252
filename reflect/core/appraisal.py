"""The appraisal summary: what a practitioner hands to their appraiser, as a document model.

:func:`build_summary` gathers, for a review period, the practitioner's name and role, the coverage
of the framework's capabilities (from :mod:`reflect.core.coverage`), the reflections chosen for
each capability (full text or first paragraph, per item), supervision notes only as dates and kinds
(and only when asked for), goals with status and progress, CPD hours and a confidentiality
statement. The exporters (:mod:`reflect.core.exporters`) turn the model into PDF, Word, HTML or
Markdown; the privacy check reads and redacts its texts through :meth:`AppraisalSummary.text_fields`
and :meth:`AppraisalSummary.with_texts`, so what is checked is exactly what is written.

No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from reflect.core.coverage import Period, compute_coverage
from reflect.core.frameworks import Framework, load_framework, normalise_any_code, split_code
from reflect.core.model import (
    GoalHorizon,
    GoalStatus,
    Item,
    ItemFilter,
    ItemKind,
    ProgressReview,
    SupervisionKind,
)
from reflect.core.privacy import TextField
from reflect.core.serialize import long_date

if TYPE_CHECKING:
    from reflect.core.journal import Journal

PRACTITIONER_NAME_SETTING = "practitioner_name"
PRACTITIONER_ROLE_SETTING = "practitioner_role"

CONFIDENTIALITY_STATEMENT = (
    "This summary was prepared by the practitioner from their private reflective journal, for "
    "their appraisal. It is meant to contain nothing that identifies a service user, carer or "
    "colleague: before it was written it was checked for NHS numbers, dates of birth, postcodes, "
    "phone numbers, e-mail addresses, names with a title and the practitioner's own list of names "
    "to watch, and each thing found was removed or deliberately kept. Please keep it "
    "confidential to the appraisal and do not copy or pass it on."
)

GOAL_STATUS_LABELS = {
    GoalStatus.PLANNED: "Planned",
    GoalStatus.IN_PROGRESS: "In progress",
    GoalStatus.ACHIEVED: "Achieved",
    GoalStatus.DROPPED: "Dropped",
}

STATUS_LABELS = {"gap": "Gap", "emerging": "Emerging", "established": "Established"}


# --- what goes in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which items an appraisal summary shows, and how.

    Attributes:
        period: The review period (both ends inclusive).
        item_ids: Exactly these items (as ticked in the app's checklist); ``None`` for every item
            of the period that passes ``capability`` and ``tags``.
        capability: Only reflections tagged with this capability or indicator (e.g. ``"9"``);
            unprefixed, it is read as a code of ``framework`` (``"nmc-code:3"`` names another).
        tags: Only reflections carrying all of these tags.
        full_text: Whether reflections show their full text (else their first paragraph).
        text_choices: Per item id, ``True`` for the full text and ``False`` for the first
            paragraph, overriding ``full_text``.
        include_supervision: List supervision notes (as dates and kinds only).
        framework: The id of the framework whose coverage and sections the summary shows
            (``"nmc-code"``); ``None`` for the journal's own (the ESC).
    """

    period: Period
    item_ids: frozenset[int] | None = None
    capability: str | None = None
    tags: tuple[str, ...] = ()
    full_text: bool = False
    text_choices: Mapping[int, bool] = field(default_factory=dict)
    include_supervision: bool = False
    framework: str | None = None

    def wants_full_text(self, item_id: int) -> bool:
        return self.text_choices.get(item_id, self.full_text)


# --- the document model ------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    """One capability's line of the coverage table and chart."""

    id: int
    name: str
    definition: str
    counts: Mapping[ItemKind, int]
    total: int
    last: date | None
    indicators_covered: tuple[str, ...]
    indicators_total: int
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Reflection:
    """A journal entry as the summary shows it.

    Attributes:
        text: Markdown: the whole body, or its first paragraph.
        full: Whether ``text`` is the whole body.
        shortened: Whether the body has more than ``text`` shows.
        capabilities: The capability ids it is tagged with.
        home: The capability it is shown under (others cross-reference it); None if untagged.
    """

    item_id: int
    date: datetime
    title: str
    text: str
    full: bool
    shortened: bool
    capabilities: tuple[int, ...]
    home: int | None = None


@dataclass(frozen=True)
class SupervisionMention:
    """A supervision note, shown only by its date and kind (its content stays in the journal)."""

    item_id: int
    date: datetime
    kind: SupervisionKind
    capabilities: tuple[int, ...]


@dataclass(frozen=True)
class CapabilitySection:
    """One capability: its coverage, the reflections shown under it, and cross-references.

    Attributes:
        reflection_ids: Reflections shown here in full (or their first paragraph), oldest first.
        also_ids: Reflections tagged with it too but shown under an earlier capability.
        supervision: Supervision notes tagged with it (when supervision is included).
    """

    coverage: CoverageRow
    reflection_ids: tuple[int, ...]
    also_ids: tuple[int, ...]
    supervision: tuple[SupervisionMention, ...]


@dataclass(frozen=True)
class GoalSummary:
    item_id: int
    title: str
    what: str
    status: GoalStatus
    horizon: GoalHorizon
    target_date: date | None
    reviews: tuple[ProgressReview, ...]

    @property
    def status_label(self) -> str:
        return GOAL_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class CpdLine:
    item_id: int
    date: datetime
    title: str
    hours: float
    participatory: bool


@dataclass(frozen=True)
class AppraisalSummary:
    """Everything an appraisal export shows, in reading order, with no formatting decided."""

    practitioner_name: str
    practitioner_role: str
    period: Period
    generated: date
    framework_name: str
    coverage: tuple[CoverageRow, ...]
    sections: tuple[CapabilitySection, ...]
    reflections: tuple[Reflection, ...]
    untagged_ids: tuple[int, ...]
    goals: tuple[GoalSummary, ...]
    cpd: tuple[CpdLine, ...]
    include_supervision: bool = False
    confidentiality: str = CONFIDENTIALITY_STATEMENT
    title: str = "Reflective practice summary for appraisal"

    def reflection(self, item_id: int) -> Reflection:
        for reflection in self.reflections:
            if reflection.item_id == item_id:
                return reflection
        raise KeyError(item_id)

    @property
    def cpd_hours(self) -> float:
        return round(sum(line.hours for line in self.cpd), 2)

    @property
    def cpd_participatory_hours(self) -> float:
        return round(sum(line.hours for line in self.cpd if line.participatory), 2)

    @property
    def period_text(self) -> str:
        return f"{long_date(self.period.start)} to {long_date(self.period.end)}"

    # --- what the privacy check reads and redacts ----------------------------------------------

    def text_fields(self) -> list[TextField]:
        """Every text from the journal that the export writes (the practitioner's own name and
        role excepted: they are the author's, put there on purpose)."""
        fields: list[TextField] = []
        for r in self.reflections:
            place = f"journal entry of {r.date.date().isoformat()}"
            fields.append(TextField(f"r{r.item_id}.title", r.title, place, "title", r.title))
            fields.append(TextField(f"r{r.item_id}.text", r.text, place, "text", r.title))
        for g in self.goals:
            place = "goal"
            fields.append(TextField(f"g{g.item_id}.title", g.title, place, "title", g.title))
            fields.append(TextField(f"g{g.item_id}.what", g.what, place, "what", g.title))
            for n, review in enumerate(g.reviews):
                fields.append(
                    TextField(
                        f"g{g.item_id}.review{n}",
                        review.note,
                        place,
                        f"progress review of {review.date.isoformat()}",
                        g.title,
                    )
                )
        for c in self.cpd:
            place = f"CPD activity of {c.date.date().isoformat()}"
            fields.append(TextField(f"c{c.item_id}.title", c.title, place, "title", c.title))
        return [f for f in fields if f.text]

    def with_texts(self, texts: Mapping[str, str]) -> AppraisalSummary:
        """A copy with the texts of :meth:`text_fields` replaced (by key) — how redaction is
        applied to the export and never to the journal."""
        if not texts:
            return self

        def get(key: str, current: str) -> str:
            return texts.get(key, current)

        reflections = tuple(
            replace(
                r,
                title=get(f"r{r.item_id}.title", r.title),
                text=get(f"r{r.item_id}.text", r.text),
            )
            for r in self.reflections
        )
        goals = tuple(
            replace(
                g,
                title=get(f"g{g.item_id}.title", g.title),
                what=get(f"g{g.item_id}.what", g.what),
                reviews=tuple(
                    replace(review, note=get(f"g{g.item_id}.review{n}", review.note))
                    for n, review in enumerate(g.reviews)
                ),
            )
            for g in self.goals
        )
        cpd = tuple(replace(c, title=get(f"c{c.item_id}.title", c.title)) for c in self.cpd)
        return replace(self, reflections=reflections, goals=goals, cpd=cpd)


# --- building it --------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_PROMPT = re.compile(r"^\s*<!--.*-->\s*$")


def _prose_lines(block: str) -> list[str]:
    return [
        line
        for line in block.splitlines()
        if line.strip() and not _HEADING.match(line) and not _PROMPT.match(line)
    ]


def first_paragraph(body: str) -> tuple[str, bool]:
    """The first paragraph of prose of a Markdown ``body`` (headings skipped, as a reflection
    model's section headings would otherwise be all it shows) and whether more prose follows."""
    found: str | None = None
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = _prose_lines(block)
        if not lines:
            continue
        if found is not None:
            return found, True
        found = "\n".join(lines)
    return found or "", False


def _clean_body(body: str) -> str:
    """The body without the template's placeholder prompts the user never replaced."""
    from reflect.core.templates import strip_untouched_prompts

    return strip_untouched_prompts(body).strip()


def build_summary(
    journal: Journal,
    selection: Selection,
    *,
    today: date | None = None,
) -> AppraisalSummary:
    """The appraisal summary of ``journal`` for ``selection`` (items in the trash never count)."""
    today = today or date.today()
    period = selection.period
    framework = load_framework(selection.framework) if selection.framework else journal.framework
    coverage = compute_coverage(journal, period, framework)
    # The filter in stored form, so an unprefixed code means one of the framework shown.
    capability = (
        normalise_any_code(selection.capability, framework) if selection.capability else None
    )
    rows = tuple(
        CoverageRow(
            id=c.capability.id,
            name=c.capability.name,
            definition=c.capability.definition,
            counts=dict(c.counts),
            total=c.total,
            last=c.last,
            indicators_covered=c.indicators_covered,
            indicators_total=c.indicators_total,
            status=c.status,
        )
        for c in coverage.capabilities
    )

    def chosen(kinds: tuple[ItemKind, ...], *, filtered: bool) -> list[Item]:
        flt = ItemFilter(
            kinds=kinds,
            capability=capability if filtered else None,
            tags=selection.tags if filtered else (),
            date_from=period.start,
            date_to=period.end,
        )
        summaries = journal.list(flt)
        if selection.item_ids is not None:
            summaries = [s for s in summaries if s.id in selection.item_ids]
        summaries.sort(key=lambda s: (s.date, s.id))  # oldest first: the year as it went
        return [journal.get(s.id) for s in summaries]

    entries = chosen((ItemKind.ENTRY,), filtered=True)
    notes = chosen((ItemKind.SUPERVISION,), filtered=True) if selection.include_supervision else []
    reflections: list[Reflection] = []
    for item in entries:
        assert item.id is not None
        body = _clean_body(item.body)
        if selection.wants_full_text(item.id):
            text, full, shortened = body, True, False
        else:
            text, shortened = first_paragraph(body)
            full = not shortened
        reflections.append(
            Reflection(
                item_id=item.id,
                date=item.date,
                title=item.title,
                text=text,
                full=full,
                shortened=shortened,
                capabilities=_capability_ids(item.capabilities, framework),
            )
        )
    mentions = [
        SupervisionMention(
            item_id=note.id or 0,
            date=note.date,
            kind=note.supervision.kind if note.supervision else SupervisionKind.CLINICAL,
            capabilities=_capability_ids(note.capabilities, framework),
        )
        for note in notes
    ]

    # Each reflection is shown once, under the first capability it is tagged with (the one asked
    # for, when the user picked one), and cross-referenced under the others.
    asked = _capability_ids((capability,), framework) if capability else ()
    wanted = asked[0] if asked else None  # a code of another framework picks no home
    home: dict[int, int] = {}
    for n, r in enumerate(reflections):
        if r.capabilities:
            home[r.item_id] = wanted if wanted in r.capabilities else r.capabilities[0]
            reflections[n] = replace(r, home=home[r.item_id])
    sections = tuple(
        CapabilitySection(
            coverage=row,
            reflection_ids=tuple(r.item_id for r in reflections if home.get(r.item_id) == row.id),
            also_ids=tuple(
                r.item_id
                for r in reflections
                if row.id in r.capabilities and home.get(r.item_id) != row.id
            ),
            supervision=tuple(m for m in mentions if row.id in m.capabilities),
        )
        for row in rows
    )
    untagged = tuple(r.item_id for r in reflections if not r.capabilities)

    goals = [
        GoalSummary(
            item_id=g.id or 0,
            title=g.title,
            what=g.goal.what if g.goal else "",
            status=g.goal.status if g.goal else GoalStatus.PLANNED,
            horizon=g.goal.horizon if g.goal else GoalHorizon.SHORT,
            target_date=g.goal.target_date if g.goal else None,
            reviews=tuple(r for r in (g.goal.reviews if g.goal else ()) if r.date <= period.end),
        )
        for g in _goals(journal, period, selection.item_ids)
    ]
    cpd = [
        CpdLine(
            item_id=c.id or 0,
            date=c.date,
            title=c.title,
            hours=c.cpd.hours if c.cpd else 0.0,
            participatory=bool(c.cpd and c.cpd.participatory),
        )
        for c in chosen((ItemKind.CPD,), filtered=False)
    ]
    return AppraisalSummary(
        practitioner_name=str(journal.setting(PRACTITIONER_NAME_SETTING) or "").strip(),
        practitioner_role=str(journal.setting(PRACTITIONER_ROLE_SETTING) or "").strip(),
        period=period,
        generated=today,
        framework_name=framework.name,
        coverage=rows,
        sections=sections,
        reflections=tuple(reflections),
        untagged_ids=untagged,
        goals=tuple(goals),
        cpd=tuple(cpd),
        include_supervision=selection.include_supervision,
    )


def _capability_ids(codes: tuple[str, ...], framework: Framework) -> tuple[int, ...]:
    """The capabilities of ``framework`` that stored ``codes`` count towards (an indicator
    ``N.k`` counts for ``N``); codes of other frameworks are left out."""
    ids: set[int] = set()
    for code in codes:
        framework_id, local = split_code(code)
        if framework_id == framework.id:
            ids.add(int(local.split(".", 1)[0]))
    return tuple(sorted(ids))


def _goals(journal: Journal, period: Period, item_ids: frozenset[int] | None) -> list[Item]:
    """Goals that belong to the period's story: set before its end and either still open or with
    something (set, reviewed, due) inside it; oldest first."""
    summaries = journal.list(ItemFilter(kinds=(ItemKind.GOAL,), date_to=period.end))
    if item_ids is not None:
        summaries = [s for s in summaries if s.id in item_ids]
    goals: list[Item] = []
    for summary in sorted(summaries, key=lambda s: (s.date, s.id)):
        item = journal.get(summary.id)
        g = item.goal
        if g is None:
            continue
        touched = (
            period.contains(item.date.date())
            or (g.target_date is not None and period.contains(g.target_date))
            or any(period.contains(r.date) for r in g.reviews)
        )
        if touched or g.status in (GoalStatus.PLANNED, GoalStatus.IN_PROGRESS):
            goals.append(item)
    return goals


def checklist(journal: Journal, period: Period) -> list[Item]:
    """The items an appraisal summary of ``period`` can show, for the app's checklist: journal
    entries, supervision notes and CPD of the period, and the period's goals; oldest first."""
    items = [
        journal.get(s.id)
        for s in journal.list(
            ItemFilter(
                kinds=(ItemKind.ENTRY, ItemKind.SUPERVISION, ItemKind.CPD),
                date_from=period.start,
                date_to=period.end,
            )
        )
    ]
    items += _goals(journal, period, None)
    return sorted(items, key=lambda i: (i.date, i.id or 0))
