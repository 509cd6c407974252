"""Plain dataclasses that both front ends receive from the journal service.

Items are immutable snapshots: a front end edits one with :func:`dataclasses.replace` and hands it
back to :meth:`reflect.core.journal.Journal.save`, which keeps the previous version as a revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from reflect.i18n import N_, _


class ItemKind(StrEnum):
    """The four kinds of thing a practitioner records."""

    ENTRY = "entry"
    SUPERVISION = "supervision"
    GOAL = "goal"
    CPD = "cpd"

    @property
    def label(self) -> str:
        """The kind's name for people, in their language."""
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    ItemKind.ENTRY: N_("Journal entry"),
    ItemKind.SUPERVISION: N_("Supervision note"),
    ItemKind.GOAL: N_("Development goal"),
    ItemKind.CPD: N_("CPD activity"),
}


class SupervisionKind(StrEnum):
    CLINICAL = "clinical"
    MANAGERIAL = "managerial"
    PEER = "peer"
    GROUP = "group"


class GoalHorizon(StrEnum):
    SHORT = "short"
    LONG = "long"


class GoalStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


@dataclass(frozen=True)
class AgreedAction:
    """An action agreed in supervision; open until marked done."""

    text: str
    due: date | None = None
    done: bool = False


@dataclass(frozen=True)
class SupervisionDetails:
    supervisor: str = ""
    kind: SupervisionKind = SupervisionKind.CLINICAL
    duration_minutes: int | None = None
    actions: tuple[AgreedAction, ...] = ()
    #: ids of journal entries brought to this session
    brought_entries: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProgressReview:
    """A dated look at how a goal is going (the PDP is reviewed at least yearly)."""

    date: date
    note: str


@dataclass(frozen=True)
class GoalDetails:
    what: str = ""
    why: str = ""
    measure: str = ""
    target_date: date | None = None
    horizon: GoalHorizon = GoalHorizon.SHORT
    status: GoalStatus = GoalStatus.PLANNED
    reviews: tuple[ProgressReview, ...] = ()
    #: ids of items that evidence progress towards the goal
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True)
class CpdDetails:
    hours: float = 0.0
    participatory: bool = False
    learnt: str = ""


@dataclass(frozen=True)
class Item:
    """One dated, Markdown-bodied, tagged record of any kind.

    ``date`` is the local wall-clock time the practitioner gives it (naive on purpose: a review year
    is counted in the user's local dates). ``capabilities`` holds canonical codes such as ``"9"`` or
    ``"9.3"``; tagging an indicator implies its capability.
    """

    kind: ItemKind
    title: str
    date: datetime
    body: str = ""
    capabilities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    template: str | None = None
    bring_to_supervision: bool = False
    supervision: SupervisionDetails | None = None
    goal: GoalDetails | None = None
    cpd: CpdDetails | None = None
    id: int | None = None
    created: datetime | None = None
    updated: datetime | None = None
    deleted: datetime | None = None

    @property
    def capability_ids(self) -> tuple[int, ...]:
        """The ESC capabilities this item counts towards (an indicator ``N.k`` counts for ``N``).

        Codes of other frameworks carry a prefix (``nmc-code:2.1``) and are not counted here.
        """
        return tuple(
            sorted({int(code.split(".", 1)[0]) for code in self.capabilities if ":" not in code})
        )

    @property
    def in_trash(self) -> bool:
        return self.deleted is not None

    def summary(self) -> ItemSummary:
        """The light list row for a saved item."""
        if self.id is None:
            raise ValueError("an unsaved item has no list row")
        return ItemSummary(
            id=self.id,
            kind=self.kind,
            title=self.title,
            date=self.date,
            capabilities=self.capabilities,
            tags=self.tags,
            bring_to_supervision=self.bring_to_supervision,
            updated=self.updated,
            deleted=self.deleted,
        )


@dataclass(frozen=True)
class ItemSummary:
    """A light row for lists: enough to show and filter, without bodies."""

    id: int
    kind: ItemKind
    title: str
    date: datetime
    capabilities: tuple[str, ...]
    tags: tuple[str, ...]
    bring_to_supervision: bool = False
    updated: datetime | None = None
    deleted: datetime | None = None


@dataclass(frozen=True)
class SearchHit:
    """A search result: the row, a snippet (``[`` and ``]`` mark the words found) and its rank."""

    item: ItemSummary
    snippet: str
    score: float


@dataclass(frozen=True)
class Revision:
    """A previous version of an item, kept on every edit."""

    id: int
    item_id: int
    saved: datetime
    item: Item


@dataclass(frozen=True)
class ItemFilter:
    """What ``list`` and ``search`` narrow by; every field is optional and they combine with AND."""

    kinds: tuple[ItemKind, ...] = ()
    capability: str | None = None
    tags: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    bring_to_supervision: bool | None = None
    trash: bool = False
