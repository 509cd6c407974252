"""The journal service: every use case the desktop app and the command line share.

Front ends hand in and get back the plain dataclasses of :mod:`reflect.core.model`; they never see
SQL, keys or the keyring. All calls are serialised by one lock, so a journal may be used from a
worker thread (see :mod:`reflect.core.storage.connection` for the threading rule).
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reflect.core.frameworks import (
    Framework,
    code_sort_key,
    load_framework,
    normalise_any_code,
    parse_any_codes,
    split_code,
)
from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    GoalHorizon,
    GoalStatus,
    Item,
    ItemFilter,
    ItemKind,
    ItemSummary,
    ProgressReview,
    Revision,
    SearchHit,
    SupervisionDetails,
    SupervisionKind,
)
from reflect.core.search import filter_sql, fts_query
from reflect.core.serialize import item_from_dict, item_to_dict
from reflect.errors import LockedError, NotFound, StorageFull, UserError, VaultDamaged
from reflect.i18n import N_, _

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

#: Saves of one item closer together than this share one revision (autosave would otherwise
#: keep a version per pause in typing); the version from before the burst is always kept.
REVISION_COALESCE = timedelta(minutes=5)

_TAG_SEP = "\x1f"
_DATE_FMT = "%Y-%m-%dT%H:%M:%S"


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _db_when(value: datetime) -> str:
    return value.replace(tzinfo=None, microsecond=0).strftime(_DATE_FMT)


DAMAGED = N_(
    "the journal database is damaged (a page of it failed its check); this is not a wrong "
    "passphrase and nothing was changed: restore the newest backup with 'reflect restore'"
)


def _from_db_when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise VaultDamaged(_(DAMAGED)) from None


def _sound(row: Any) -> Any:
    """A row as stored, or :class:`VaultDamaged`.

    Reflect never stores NUL (saves refuse it), but a page whose last bytes fail SQLCipher's
    check can come back zeroed without an error: showing that as the user's text would be wrong.
    """
    for value in row:
        if isinstance(value, str) and "\x00" in value:
            raise VaultDamaged(_(DAMAGED))
    return row


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def clean_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tags without ``#``/``@`` prefixes or blank ones, de-duplicated ignoring case."""
    seen: dict[str, str] = {}
    for raw in tags:
        tag = " ".join(raw.strip().lstrip("#@").split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


class Journal:
    """An unlocked journal. Close it (or use it as a context manager) to lock."""

    def __init__(self, conn: Any, framework: Framework, clock: Clock = _utc_now) -> None:
        self._conn: Any | None = conn
        self.framework = framework
        self._clock = clock
        self._lock = threading.RLock()

    @classmethod
    def open(
        cls,
        path: Path,
        key: bytes,
        *,
        framework: Framework | None = None,
        clock: Clock = _utc_now,
    ) -> Journal:
        from reflect.core.storage.connection import connect
        from reflect.core.storage.schema import migrate

        conn = connect(path, key)
        try:
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, framework or load_framework(), clock)

    # --- life cycle --------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        """Lock: the connection is closed and nothing more can be read until unlocked again."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    # SQLite's advice for connections that come and go: keep the planner's
                    # statistics fresh on close (bounded, and a no-op when nothing changed).
                    self._conn.execute("PRAGMA analysis_limit = 1000")
                    self._conn.execute("PRAGMA optimize")
                with contextlib.suppress(Exception):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> Any:
        if self._conn is None:
            raise LockedError(_("the journal is locked"))
        return self._conn

    @contextlib.contextmanager
    def reading(self) -> Iterator[Any]:
        """The connection, held for a consistent read by core modules (coverage, export …)."""
        with self._lock:
            yield self.conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """All-or-nothing: saves inside commit together or not at all (nesting uses savepoints)."""
        with self._lock:
            conn = self.conn
            nested = conn.in_transaction
            begin, commit, rollback = (
                ("SAVEPOINT nested", "RELEASE nested", "ROLLBACK TO nested")
                if nested
                else ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
            )
            try:
                conn.execute(begin)
            except Exception as exc:
                _raise_storage_error(exc)
                raise
            try:
                yield conn
            except BaseException as exc:
                with contextlib.suppress(Exception):
                    conn.execute(rollback)
                    if nested:
                        conn.execute(commit)
                _raise_storage_error(exc)
                raise
            try:
                conn.execute(commit)
            except Exception as exc:
                with contextlib.suppress(Exception):
                    conn.execute(rollback)
                _raise_storage_error(exc)
                raise

    # --- making and saving items -------------------------------------------------------------

    def new_item(self, kind: ItemKind, title: str = "", **fields: Any) -> Item:
        """An unsaved item dated now (local time), with its kind's details filled with defaults."""
        # Local wall-clock time from the journal's clock, so "today" agrees everywhere.
        # Local wall-clock time from the journal's clock, so "today" agrees everywhere.
        now = self._clock().astimezone().replace(tzinfo=None, second=0, microsecond=0)
        item = Item(kind=kind, title=title, date=fields.pop("date", now), **fields)
        return self._with_default_details(item)

    def save(self, item: Item, *, keep_revision: bool = False) -> Item:
        """Insert a new item or update an existing one (keeping the previous version).

        Saves within a few minutes of each other share one revision (autosave), unless
        ``keep_revision`` asks for the version being replaced to be kept regardless.
        """
        item = self._validated(item)
        now = self._clock()
        with self.transaction() as conn:
            if item.id is None:
                cursor = conn.execute(
                    "INSERT INTO items (uid, kind, title, body, date, template,"
                    " bring_to_supervision, created, updated)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        str(uuid.uuid4()),
                        item.kind.value,
                        item.title,
                        item.body,
                        _db_when(item.date),
                        item.template,
                        int(item.bring_to_supervision),
                        now.isoformat(),
                        now.isoformat(),
                    ),
                )
                item_id = int(cursor.lastrowid)
            else:
                item_id = item.id
                previous = self._load(conn, item_id)
                if previous.kind != item.kind:
                    raise UserError(_("an item's kind cannot be changed"))
                if _content(previous) == _content(item):
                    return previous
                self._keep_revision(conn, previous, now, always=keep_revision)
                conn.execute(
                    "UPDATE items SET title = ?, body = ?, date = ?, template = ?,"
                    " bring_to_supervision = ?, updated = ? WHERE id = ?",
                    (
                        item.title,
                        item.body,
                        _db_when(item.date),
                        item.template,
                        int(item.bring_to_supervision),
                        now.isoformat(),
                        item_id,
                    ),
                )
            self._write_parts(conn, item_id, item)
            return self._load(conn, item_id)

    def _with_default_details(self, item: Item) -> Item:
        defaults: dict[str, Any] = {}
        if item.kind is ItemKind.SUPERVISION and item.supervision is None:
            defaults["supervision"] = SupervisionDetails()
        if item.kind is ItemKind.GOAL and item.goal is None:
            defaults["goal"] = GoalDetails()
        if item.kind is ItemKind.CPD and item.cpd is None:
            defaults["cpd"] = CpdDetails()
        return replace(item, **defaults) if defaults else item

    def _validated(self, item: Item) -> Item:
        item = self._with_default_details(item)
        wrong = {
            "supervision": item.supervision is not None and item.kind is not ItemKind.SUPERVISION,
            "goal": item.goal is not None and item.kind is not ItemKind.GOAL,
            "CPD": item.cpd is not None and item.kind is not ItemKind.CPD,
        }
        for name, bad in wrong.items():
            if bad:
                raise UserError(
                    _("a {value} cannot have {name} details").format(
                        value=item.kind.label.lower(), name=name
                    )
                )
        if item.cpd is not None and not 0 <= item.cpd.hours <= 1000:
            raise UserError(_("CPD hours must be between 0 and 1000"))
        if any("\x00" in text for text in _texts_of(item)):
            raise UserError(_("the text contains a NUL character, which cannot be saved"))
        return replace(
            item,
            title=item.title.strip(),
            date=item.date.replace(tzinfo=None, microsecond=0),
            # Codes of any framework: the journal's own unprefixed, others as "nmc-code:2.1".
            capabilities=parse_any_codes(item.capabilities, self.framework),
            tags=clean_tags(item.tags),
        )

    def _keep_revision(
        self, conn: Any, previous: Item, now: datetime, *, always: bool = False
    ) -> None:
        last = conn.execute(
            "SELECT saved FROM revisions WHERE item_id = ? ORDER BY id DESC LIMIT 1",
            (previous.id,),
        ).fetchone()
        recent = last is not None and now - datetime.fromisoformat(last[0]) < REVISION_COALESCE
        if recent and not always:
            return
        conn.execute(
            "INSERT INTO revisions (item_id, saved, snapshot) VALUES (?, ?, ?)",
            (previous.id, now.isoformat(), json.dumps(item_to_dict(previous))),
        )

    def _write_parts(self, conn: Any, item_id: int, item: Item) -> None:
        for table in ("item_capabilities", "item_tags", "agreed_actions", "goal_reviews"):
            conn.execute(f"DELETE FROM {table} WHERE item_id = ?", (item_id,))
        conn.execute("DELETE FROM item_links WHERE from_id = ?", (item_id,))
        parts = [(code, *split_code(code)) for code in item.capabilities]
        conn.executemany(
            "INSERT INTO item_capabilities (item_id, code, capability, framework)"
            " VALUES (?, ?, ?, ?)",
            [(item_id, code, int(local.split(".")[0]), fid) for code, fid, local in parts],
        )
        conn.executemany(
            "INSERT INTO item_tags (item_id, tag) VALUES (?, ?)",
            [(item_id, self._spelling_in_use(conn, tag)) for tag in item.tags],
        )
        extra: list[str] = []
        if (s := item.supervision) is not None:
            conn.execute(
                "INSERT OR REPLACE INTO supervision_notes"
                " (item_id, supervisor, kind, duration_minutes) VALUES (?, ?, ?, ?)",
                (item_id, s.supervisor, s.kind.value, s.duration_minutes),
            )
            conn.executemany(
                "INSERT INTO agreed_actions (item_id, position, text, due, done)"
                " VALUES (?, ?, ?, ?, ?)",
                [(item_id, n, a.text, _day(a.due), int(a.done)) for n, a in enumerate(s.actions)],
            )
            self._link(conn, item_id, "brought", s.brought_entries, ItemKind.ENTRY)
            extra += [s.supervisor, *(a.text for a in s.actions)]
        if (g := item.goal) is not None:
            conn.execute(
                "INSERT OR REPLACE INTO goals"
                " (item_id, what, why, measure, target_date, horizon, status)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id,
                    g.what,
                    g.why,
                    g.measure,
                    _day(g.target_date),
                    g.horizon.value,
                    g.status.value,
                ),
            )
            conn.executemany(
                "INSERT INTO goal_reviews (item_id, position, date, note) VALUES (?, ?, ?, ?)",
                [(item_id, n, r.date.isoformat(), r.note) for n, r in enumerate(g.reviews)],
            )
            self._link(conn, item_id, "evidence", g.evidence, None)
            extra += [g.what, g.why, g.measure, *(r.note for r in g.reviews)]
        if (c := item.cpd) is not None:
            conn.execute(
                "INSERT OR REPLACE INTO cpd_activities (item_id, hours, participatory, learnt)"
                " VALUES (?, ?, ?, ?)",
                (item_id, c.hours, int(c.participatory), c.learnt),
            )
            extra.append(c.learnt)
        conn.execute("DELETE FROM items_fts WHERE rowid = ?", (item_id,))
        conn.execute(
            "INSERT INTO items_fts (rowid, title, body, extra, tags) VALUES (?, ?, ?, ?, ?)",
            (item_id, item.title, item.body, "\n".join(extra), " ".join(item.tags)),
        )

    @staticmethod
    def _spelling_in_use(conn: Any, tag: str) -> str:
        """One spelling per tag: "Risk" joins an existing "risk" rather than starting another."""
        row = conn.execute("SELECT tag FROM item_tags WHERE tag = ? LIMIT 1", (tag,)).fetchone()
        return str(row[0]) if row is not None else tag

    def _link(
        self,
        conn: Any,
        item_id: int,
        relation: str,
        targets: tuple[int, ...],
        kind: ItemKind | None,
    ) -> None:
        for position, target in enumerate(dict.fromkeys(targets)):
            row = conn.execute("SELECT kind FROM items WHERE id = ?", (target,)).fetchone()
            if row is None or target == item_id:
                raise UserError(
                    _("cannot link item {target}: there is no such other item").format(
                        target=target
                    )
                )
            if kind is not None and row[0] != kind.value:
                raise UserError(
                    _("item {target} is not a {value}").format(
                        target=target, value=kind.label.lower()
                    )
                )
            conn.execute(
                "INSERT INTO item_links (from_id, relation, to_id, position) VALUES (?, ?, ?, ?)",
                (item_id, relation, target, position),
            )

    # --- reading -----------------------------------------------------------------------------

    def get(self, item_id: int) -> Item:
        with self._lock:
            return self._load(self.conn, item_id)

    def _load(self, conn: Any, item_id: int) -> Item:
        items = self._load_many(conn, "i.id = ?", [item_id])
        if not items:
            raise NotFound(_("there is no item {item_id}").format(item_id=item_id))
        return items[0]

    def items(self, flt: ItemFilter | None = None) -> builtins.list[Item]:
        """Every matching item in full, newest first, in a fixed number of queries.

        For exports and backups: loading thousands of items one by one would cost a query per
        detail per item.
        """
        where, params = filter_sql(self._checked_filter(flt or ItemFilter()))
        with self._lock:
            return self._load_many(self.conn, where, params)

    def all_items(self) -> builtins.list[Item]:
        """Everything, including the trash (the lossless export)."""
        with self._lock:
            return self._load_many(self.conn, "1", [])

    def _load_many(self, conn: Any, where: str, params: builtins.list[Any]) -> builtins.list[Item]:
        conn.execute("DROP TABLE IF EXISTS temp._load_ids")
        conn.execute(
            f"CREATE TEMP TABLE _load_ids AS SELECT i.id AS id FROM items i WHERE {where}", params
        )
        try:
            return self._build_items(conn)
        finally:
            conn.execute("DROP TABLE IF EXISTS temp._load_ids")

    def _build_items(self, conn: Any) -> builtins.list[Item]:
        picked = "item_id IN (SELECT id FROM temp._load_ids)"

        def grouped(sql: str) -> dict[int, list[Any]]:
            groups: dict[int, list[Any]] = {}
            for row in conn.execute(sql):
                groups.setdefault(row[0], []).append(_sound(row)[1:])
            return groups

        caps = grouped(f"SELECT item_id, code FROM item_capabilities WHERE {picked}")
        tags = grouped(f"SELECT item_id, tag FROM item_tags WHERE {picked}")
        actions = grouped(
            f"SELECT item_id, text, due, done FROM agreed_actions WHERE {picked}"
            " ORDER BY item_id, position"
        )
        reviews = grouped(
            f"SELECT item_id, date, note FROM goal_reviews WHERE {picked}"
            " ORDER BY item_id, position"
        )
        links = grouped(
            "SELECT from_id, relation, to_id FROM item_links"
            " WHERE from_id IN (SELECT id FROM temp._load_ids) ORDER BY from_id, position"
        )
        supervision = {
            r[0]: _sound(r)[1:]
            for r in conn.execute(
                f"SELECT item_id, supervisor, kind, duration_minutes FROM supervision_notes"
                f" WHERE {picked}"
            )
        }
        goals = {
            r[0]: _sound(r)[1:]
            for r in conn.execute(
                "SELECT item_id, what, why, measure, target_date, horizon, status FROM goals"
                f" WHERE {picked}"
            )
        }
        cpd = {
            r[0]: _sound(r)[1:]
            for r in conn.execute(
                f"SELECT item_id, hours, participatory, learnt FROM cpd_activities WHERE {picked}"
            )
        }
        rows = conn.execute(
            "SELECT id, kind, title, body, date, template, bring_to_supervision,"
            " created, updated, deleted FROM items WHERE id IN (SELECT id FROM temp._load_ids)"
            " ORDER BY date DESC, id DESC"
        ).fetchall()
        try:
            return [
                self._build_item(
                    _sound(row), caps, tags, actions, reviews, links, supervision, goals, cpd
                )
                for row in rows
            ]
        except (TypeError, ValueError, KeyError) as exc:  # zeroed or impossible values
            raise VaultDamaged(_(DAMAGED)) from exc

    def _build_item(
        self,
        row: Any,
        caps: dict[int, builtins.list[Any]],
        tags: dict[int, builtins.list[Any]],
        actions: dict[int, builtins.list[Any]],
        reviews: dict[int, builtins.list[Any]],
        links: dict[int, builtins.list[Any]],
        supervision: dict[int, Any],
        goals: dict[int, Any],
        cpd: dict[int, Any],
    ) -> Item:
        item_id = row[0]
        kind = ItemKind(row[1])
        item_links = links.get(item_id, [])
        details: dict[str, Any] = {}
        if kind is ItemKind.SUPERVISION:
            s = supervision.get(item_id, ("", "clinical", None))
            details["supervision"] = SupervisionDetails(
                supervisor=s[0],
                kind=SupervisionKind(s[1]),
                duration_minutes=s[2],
                actions=tuple(
                    AgreedAction(text=a[0], due=_from_day(a[1]), done=bool(a[2]))
                    for a in actions.get(item_id, [])
                ),
                brought_entries=tuple(t for rel, t in item_links if rel == "brought"),
            )
        elif kind is ItemKind.GOAL:
            g = goals.get(item_id, ("", "", "", None, "short", "planned"))
            details["goal"] = GoalDetails(
                what=g[0],
                why=g[1],
                measure=g[2],
                target_date=_from_day(g[3]),
                horizon=GoalHorizon(g[4]),
                status=GoalStatus(g[5]),
                reviews=tuple(
                    ProgressReview(date=date.fromisoformat(r[0]), note=r[1])
                    for r in reviews.get(item_id, [])
                ),
                evidence=tuple(t for rel, t in item_links if rel == "evidence"),
            )
        elif kind is ItemKind.CPD:
            c = cpd.get(item_id, (0.0, 0, ""))
            details["cpd"] = CpdDetails(hours=float(c[0]), participatory=bool(c[1]), learnt=c[2])
        codes = [c[0] for c in caps.get(item_id, [])]
        return Item(
            id=item_id,
            kind=kind,
            title=row[2],
            body=row[3],
            date=_from_db_when(row[4]),
            template=row[5],
            bring_to_supervision=bool(row[6]),
            created=datetime.fromisoformat(row[7]),
            updated=datetime.fromisoformat(row[8]),
            deleted=datetime.fromisoformat(row[9]) if row[9] else None,
            capabilities=tuple(sorted(codes, key=code_sort_key)),
            tags=tuple(t[0] for t in tags.get(item_id, [])),
            **details,
        )

    _SUMMARY_COLUMNS = (
        "i.id, i.kind, i.title, i.date, i.bring_to_supervision, i.updated, i.deleted,"
        " (SELECT group_concat(code, ',') FROM item_capabilities WHERE item_id = i.id),"
        " (SELECT group_concat(tag, char(31)) FROM item_tags WHERE item_id = i.id)"
    )

    def _summary(self, row: Any) -> ItemSummary:
        try:
            return self._summary_of(_sound(row))
        except (TypeError, ValueError) as exc:
            raise VaultDamaged(_(DAMAGED)) from exc

    def _summary_of(self, row: Any) -> ItemSummary:
        caps = tuple(sorted(row[7].split(","), key=code_sort_key)) if row[7] else ()
        return ItemSummary(
            id=row[0],
            kind=ItemKind(row[1]),
            title=row[2],
            date=_from_db_when(row[3]),
            bring_to_supervision=bool(row[4]),
            updated=datetime.fromisoformat(row[5]),
            deleted=datetime.fromisoformat(row[6]) if row[6] else None,
            capabilities=caps,
            tags=tuple(sorted(row[8].split(_TAG_SEP), key=str.casefold)) if row[8] else (),
        )

    def list(
        self, flt: ItemFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> builtins.list[ItemSummary]:
        """Items matching ``flt``, newest first."""
        where, params = filter_sql(self._checked_filter(flt or ItemFilter()))
        sql = (
            f"SELECT {self._SUMMARY_COLUMNS} FROM items i WHERE {where}"
            " ORDER BY i.date DESC, i.id DESC"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        with self._lock:
            return [self._summary(row) for row in self.conn.execute(sql, params)]

    def count(self, flt: ItemFilter | None = None) -> int:
        where, params = filter_sql(self._checked_filter(flt or ItemFilter()))
        with self._lock:
            return int(
                self.conn.execute(f"SELECT count(*) FROM items i WHERE {where}", params).fetchone()[
                    0
                ]
            )

    def search(
        self, query: str, flt: ItemFilter | None = None, *, limit: int = 50
    ) -> builtins.list[SearchHit]:
        """Full-text search, best match first, with a snippet around the words found."""
        match = fts_query(query)
        flt = self._checked_filter(flt or ItemFilter())
        if flt == ItemFilter():
            # Only the trash to leave out, and it is small: exclude it rather than list the rest.
            # The unary + keeps FTS5 from running one MATCH per listed id.
            scope = "+rowid NOT IN (SELECT id FROM items WHERE deleted IS NOT NULL)"
            params: list[Any] = []
        else:
            where, params = filter_sql(flt)
            scope = f"+rowid IN (SELECT i.id FROM items i WHERE {where})"
        # Rank inside the index first; only the best few pay for their row and snippet.
        rank_sql = (
            "SELECT rowid, bm25(items_fts, 10.0, 1.0, 1.0, 5.0) AS rank FROM items_fts"
            f" WHERE items_fts MATCH ? AND {scope} ORDER BY rank LIMIT ?"
        )
        with self._lock:
            try:
                ranked = self.conn.execute(rank_sql, [match, *params, limit]).fetchall()
                if not ranked:
                    return []
                marks = ", ".join("?" for _ in ranked)
                # Handed to FTS5, the ids make it look each one up, which for a prefix term means
                # merging the term's whole doclist once per id (50 times; 49 ms at 100,000
                # items). One pass over the matches, filtered by SQLite, costs 3 ms instead.
                id_column = "+items_fts.rowid" if "*" in match else "items_fts.rowid"
                rows = self.conn.execute(
                    f"SELECT {self._SUMMARY_COLUMNS}, snippet(items_fts, -1, '[', ']', '…', 16)"
                    " FROM items_fts JOIN items i ON i.id = items_fts.rowid"
                    f" WHERE items_fts MATCH ? AND {id_column} IN ({marks})",
                    [match, *(row[0] for row in ranked)],
                ).fetchall()
            except Exception as exc:
                if _is_sqlite_error(exc) and "fts5" in str(exc).lower():
                    raise UserError(
                        _("cannot search for {query!r}: {exc}").format(query=query, exc=exc)
                    ) from exc
                raise
        by_id = {row[0]: row for row in rows}
        return [
            SearchHit(
                item=self._summary(by_id[item_id]),
                snippet=" ".join(by_id[item_id][9].split()),
                score=-rank,
            )
            for item_id, rank in ranked
            if item_id in by_id
        ]

    def _checked_filter(self, flt: ItemFilter) -> ItemFilter:
        if flt.capability:
            flt = replace(flt, capability=normalise_any_code(flt.capability, self.framework))
        if flt.tags:
            flt = replace(flt, tags=clean_tags(flt.tags))
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            raise UserError(_("the start date is after the end date"))
        return flt

    def tags(self) -> builtins.list[tuple[str, int]]:
        """Every free tag in use (outside the trash) with how many items carry it, A to Z."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT tag, count(*) FROM item_tags"
                " WHERE item_id NOT IN (SELECT id FROM items WHERE deleted IS NOT NULL)"
                " GROUP BY tag COLLATE NOCASE ORDER BY tag COLLATE NOCASE"
            ).fetchall()
        return [(row[0], int(row[1])) for row in rows]

    # --- trash and history -------------------------------------------------------------------

    def trash(self, item_id: int) -> None:
        """Move an item to the trash; it stays restorable and stops counting anywhere."""
        with self.transaction() as conn:
            self._load(conn, item_id)
            conn.execute(
                "UPDATE items SET deleted = ? WHERE id = ? AND deleted IS NULL",
                (self._clock().isoformat(), item_id),
            )

    def restore(self, item_id: int) -> Item:
        with self.transaction() as conn:
            self._load(conn, item_id)
            conn.execute("UPDATE items SET deleted = NULL WHERE id = ?", (item_id,))
            return self._load(conn, item_id)

    def purge(self, item_id: int) -> None:
        """Delete an item from the trash for good, with its history."""
        with self.transaction() as conn:
            item = self._load(conn, item_id)
            if not item.in_trash:
                raise UserError(
                    _("item {item_id} is not in the trash; move it there first").format(
                        item_id=item_id
                    )
                )
            conn.execute("DELETE FROM items_fts WHERE rowid = ?", (item_id,))
            conn.execute("DELETE FROM items WHERE id = ?", (item_id,))

    def revisions(self, item_id: int) -> builtins.list[Revision]:
        """Earlier versions of an item, newest first."""
        with self._lock:
            self._load(self.conn, item_id)
            rows = self.conn.execute(
                "SELECT id, saved, snapshot FROM revisions WHERE item_id = ? ORDER BY id DESC",
                (item_id,),
            ).fetchall()
        try:
            return [
                Revision(
                    id=row[0],
                    item_id=item_id,
                    saved=datetime.fromisoformat(row[1]),
                    item=item_from_dict(json.loads(row[2])),
                )
                for row in rows
            ]
        except (TypeError, ValueError) as exc:  # JSON refuses NUL and any zeroed value
            raise VaultDamaged(_(DAMAGED)) from exc

    def revert(self, item_id: int, revision_id: int) -> Item:
        """Make an earlier version current again (the current one becomes a revision)."""
        for revision in self.revisions(item_id):
            if revision.id == revision_id:
                current = self.get(item_id)
                old = revision.item
                return self.save(
                    replace(old, id=item_id, created=current.created, deleted=current.deleted),
                    keep_revision=True,  # the version replaced by a restore is never lost
                )
        raise NotFound(
            _("item {item_id} has no revision {revision_id}").format(
                item_id=item_id, revision_id=revision_id
            )
        )

    # --- settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except (TypeError, ValueError) as exc:
            raise VaultDamaged(_(DAMAGED)) from exc

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )


def _texts_of(item: Item) -> Iterator[str]:
    """Every piece of text an item holds, whatever its kind."""
    yield item.title
    yield item.body
    yield from item.tags
    yield item.template or ""
    if (s := item.supervision) is not None:
        yield s.supervisor
        yield from (a.text for a in s.actions)
    if (g := item.goal) is not None:
        yield from (g.what, g.why, g.measure, *(r.note for r in g.reviews))
    if (c := item.cpd) is not None:
        yield c.learnt


def _content(item: Item) -> dict[str, Any]:
    """What a save can change: everything but bookkeeping stamps."""
    data = item_to_dict(item)
    for key in ("id", "created", "updated", "in_trash"):
        data.pop(key, None)
    return data


def _is_sqlite_error(exc: BaseException) -> bool:
    return type(exc).__name__ in {
        "OperationalError",
        "DatabaseError",
        "IntegrityError",
        "InternalError",
    }


def _raise_storage_error(exc: BaseException) -> None:
    """Re-raise a database failure the user can act on as a clear error; leave bugs alone."""
    if not _is_sqlite_error(exc):
        return
    message = str(exc).lower()
    if "full" in message:
        raise StorageFull(
            _("the disk is full: the last change was not saved; everything before it is safe")
        ) from exc
    if "locked" in message or "busy" in message:
        raise UserError(_("the journal is busy in another window or command; try again")) from exc
    if "readonly" in message or "read-only" in message:
        raise UserError(_("the journal's folder is read-only; the change was not saved")) from exc
    if type(exc).__name__ == "IntegrityError":
        raise UserError(
            _("that change breaks the journal's rules ({exc})").format(exc=exc)
        ) from exc
