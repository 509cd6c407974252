"""Turning what a person types into a safe FTS5 query, and the SQL for filters.

People type words, ``"quoted phrases"``, ``prefix*``, ``-excluded`` words and ``OR``. Everything
else is quoted, so punctuation in a query can never become FTS5 syntax (or an error).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from reflect.core.frameworks import split_code
from reflect.core.model import ItemFilter
from reflect.errors import UserError
from reflect.i18n import _

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"\w+", re.UNICODE)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for a user's query; :class:`UserError` if it has no words."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for raw in _TOKEN.findall(text):
        if raw == "OR" and positive:
            pending_or = True
            continue
        if raw in ("AND", "NOT", "OR"):
            continue
        exclude = raw.startswith("-") and len(raw) > 1
        token = raw[1:] if exclude else raw
        if token.startswith('"'):
            words = _WORD.findall(token.strip('"'))
            term = _quote(" ".join(words)) if words else ""
        else:
            prefix = token.endswith("*")
            words = _WORD.findall(token)
            if not words:
                continue
            # "care-plan" is a phrase of two words; "supervis*" a prefix of the last one.
            term = _quote(" ".join(words)) + ("*" if prefix else "")
        if not term:
            continue
        if exclude:
            negative.append(term)
        elif pending_or:
            positive[-1] = f"({positive[-1]} OR {term})"
            pending_or = False
        else:
            positive.append(term)
    if not positive:
        raise UserError(_("search for at least one word"))
    query = " AND ".join(positive)
    for term in negative:
        query = f"{query} NOT {term}"
    return query


def filter_sql(flt: ItemFilter, alias: str = "i") -> tuple[str, list[Any]]:
    """A WHERE clause (without ``WHERE``) and its parameters for ``flt`` over ``items AS alias``.

    ``flt.capability`` must already be in stored form (see :meth:`Journal._checked_filter`).
    """
    # Tag and capability subqueries carry a unary + so the planner never drives the query by id:
    # fetching each matching row by id reads (and decrypts) the table page holding its body,
    # while the covering index items_live_heads holds every listed column in date order. A scan
    # of that index is cheap even at 100,000 items; thousands of lookups by id are not.
    clauses = [f"{alias}.deleted IS NOT NULL" if flt.trash else f"{alias}.deleted IS NULL"]
    params: list[Any] = []
    if flt.kinds:
        clauses.append(f"{alias}.kind IN ({', '.join('?' for _ in flt.kinds)})")
        params.extend(kind.value for kind in flt.kinds)
    if flt.capability:
        # A stored-form code ("9", "9.3", "nmc-code:3"): an indicator is matched exactly (its
        # stored form names its framework); a capability by framework and number, since "3" of
        # the ESC and theme 3 of the NMC Code share the number.
        framework_id, local = split_code(flt.capability)
        if "." in local:
            clauses.append(f"+{alias}.id IN (SELECT item_id FROM item_capabilities WHERE code = ?)")
            params.append(flt.capability.strip())
        else:
            clauses.append(
                f"+{alias}.id IN (SELECT item_id FROM item_capabilities"
                " WHERE framework = ? AND capability = ?)"
            )
            params += [framework_id, int(local)]
    for tag in flt.tags:
        clauses.append(f"+{alias}.id IN (SELECT item_id FROM item_tags WHERE tag = ?)")
        params.append(tag)
    if flt.date_from is not None:
        clauses.append(f"{alias}.date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        clauses.append(f"{alias}.date < ?")
        params.append((flt.date_to + timedelta(days=1)).isoformat())
    if flt.bring_to_supervision is not None:
        clauses.append(f"{alias}.bring_to_supervision = ?")
        params.append(int(flt.bring_to_supervision))
    return " AND ".join(clauses), params
