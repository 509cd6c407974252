"""Items to and from plain JSON-ready dicts: the shape of ``--json`` output, revisions and exports.

Dates are ISO text; ``date`` always starts with ``YYYY-MM-DD``. Capabilities are code strings in
their stored form: the ESC's as they are (``"9"``, ``"9.3"``), another framework's with its id first
(``"nmc-code:2.1"``). Reading back is strict: a malformed record raises ``ValueError``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    GoalHorizon,
    GoalStatus,
    Item,
    ItemKind,
    ItemSummary,
    ProgressReview,
    SearchHit,
    SupervisionDetails,
    SupervisionKind,
)


def format_when(value: datetime) -> str:
    """A local item date as ISO text to the minute (seconds only when they are not zero)."""
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def long_date(day: date) -> str:
    """A date as people write it in England: "3 February 2026" (for messages and exports)."""
    return f"{day.day} {day:%B %Y}"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def summary_to_dict(item: ItemSummary) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "date": format_when(item.date),
        "title": item.title,
        "capabilities": list(item.capabilities),
        "tags": list(item.tags),
        "bring_to_supervision": item.bring_to_supervision,
        "updated": _stamp(item.updated),
        "in_trash": item.deleted is not None,
    }


def hit_to_dict(hit: SearchHit) -> dict[str, Any]:
    data = summary_to_dict(hit.item)
    data["snippet"] = hit.snippet
    data["score"] = round(hit.score, 4)
    return data


def item_to_dict(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind.value,
        "date": format_when(item.date),
        "title": item.title,
        "body": item.body,
        "capabilities": list(item.capabilities),
        "tags": list(item.tags),
        "template": item.template,
        "bring_to_supervision": item.bring_to_supervision,
        "created": _stamp(item.created),
        "updated": _stamp(item.updated),
        "in_trash": item.deleted is not None,
    }
    if item.supervision is not None:
        s = item.supervision
        data["supervision"] = {
            "supervisor": s.supervisor,
            "kind": s.kind.value,
            "duration_minutes": s.duration_minutes,
            "actions": [{"text": a.text, "due": _day(a.due), "done": a.done} for a in s.actions],
            "brought_entries": list(s.brought_entries),
        }
    if item.goal is not None:
        g = item.goal
        data["goal"] = {
            "what": g.what,
            "why": g.why,
            "measure": g.measure,
            "target_date": _day(g.target_date),
            "horizon": g.horizon.value,
            "status": g.status.value,
            "reviews": [{"date": r.date.isoformat(), "note": r.note} for r in g.reviews],
            "evidence": list(g.evidence),
        }
    if item.cpd is not None:
        c = item.cpd
        data["cpd"] = {"hours": c.hours, "participatory": c.participatory, "learnt": c.learnt}
    return data


def parse_day(text: Any, field: str) -> date | None:
    if text in (None, ""):
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        raise ValueError(f"{field}: {text!r} is not a date (use YYYY-MM-DD)") from None


def parse_when(text: Any, field: str = "date") -> datetime:
    """A local date or date-time in ISO form; a time zone, if given, is dropped after conversion."""
    try:
        value = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(
            f"{field}: {text!r} is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(microsecond=0)


def _stamp_in(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _optional(value: Any, kind: type, field: str) -> Any:
    """``value`` if it is ``None`` or of ``kind`` (a bool is not a number here), else ValueError."""
    if value is None or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    raise ValueError(f"{field}: expected {kind.__name__} or null, got {type(value).__name__}")


def item_from_dict(data: dict[str, Any]) -> Item:
    """The inverse of :func:`item_to_dict` (ids of linked items are kept as they are)."""
    try:
        kind = ItemKind(data["kind"])
        supervision = goal = cpd = None
        if (s := data.get("supervision")) is not None:
            supervision = SupervisionDetails(
                supervisor=str(s.get("supervisor", "")),
                kind=SupervisionKind(s.get("kind", "clinical")),
                duration_minutes=_optional(s.get("duration_minutes"), int, "duration_minutes"),
                actions=tuple(
                    AgreedAction(
                        text=str(a["text"]),
                        due=parse_day(a.get("due"), "action due"),
                        done=bool(a.get("done", False)),
                    )
                    for a in s.get("actions", ())
                ),
                brought_entries=tuple(int(i) for i in s.get("brought_entries", ())),
            )
        if (g := data.get("goal")) is not None:
            goal = GoalDetails(
                what=str(g.get("what", "")),
                why=str(g.get("why", "")),
                measure=str(g.get("measure", "")),
                target_date=parse_day(g.get("target_date"), "target date"),
                horizon=GoalHorizon(g.get("horizon", "short")),
                status=GoalStatus(g.get("status", "planned")),
                reviews=tuple(
                    ProgressReview(
                        date=parse_day(r["date"], "review date") or date.min, note=str(r["note"])
                    )
                    for r in g.get("reviews", ())
                ),
                evidence=tuple(int(i) for i in g.get("evidence", ())),
            )
        if (c := data.get("cpd")) is not None:
            cpd = CpdDetails(
                hours=float(c.get("hours", 0)),
                participatory=bool(c.get("participatory", False)),
                learnt=str(c.get("learnt", "")),
            )
        return Item(
            id=data.get("id"),
            kind=kind,
            title=str(data["title"]),
            date=parse_when(data["date"]),
            body=str(data.get("body", "")),
            capabilities=tuple(str(code) for code in data.get("capabilities", ())),
            tags=tuple(str(tag) for tag in data.get("tags", ())),
            template=_optional(data.get("template"), str, "template"),
            bring_to_supervision=bool(data.get("bring_to_supervision", False)),
            supervision=supervision,
            goal=goal,
            cpd=cpd,
            created=_stamp_in(data.get("created")),
            updated=_stamp_in(data.get("updated")),
        )
    except KeyError as exc:
        raise ValueError(f"missing field {exc.args[0]!r}") from None
    except (TypeError, AttributeError) as exc:
        raise ValueError(f"malformed item: {exc}") from None
