"""Every table, index and full-text definition, as named migrations applied in order.

A vault records which migrations it has had. One that names a migration this version does not know
was written by a newer Reflect, and is refused rather than risk losing what the newer one stored.
"""

from __future__ import annotations

from typing import Any

from reflect.errors import VaultTooNew
from reflect.i18n import _

MIGRATION_SET = "reflect"
MIGRATIONS_TABLE = "_sqlite_migrations"

_INITIAL = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('entry', 'supervision', 'goal', 'cpd')),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,
    template TEXT,
    bring_to_supervision INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT
);
CREATE INDEX items_live_by_date ON items (deleted, date DESC, id DESC);
CREATE INDEX items_by_kind ON items (kind, date DESC);

CREATE TABLE supervision_notes (
    item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    supervisor TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'clinical'
        CHECK (kind IN ('clinical', 'managerial', 'peer', 'group')),
    duration_minutes INTEGER
);
CREATE TABLE agreed_actions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    due TEXT,
    done INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agreed_actions_by_item ON agreed_actions (item_id, position);

CREATE TABLE goals (
    item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    what TEXT NOT NULL DEFAULT '',
    why TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL DEFAULT '',
    target_date TEXT,
    horizon TEXT NOT NULL DEFAULT 'short' CHECK (horizon IN ('short', 'long')),
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'in_progress', 'achieved', 'dropped'))
);
CREATE TABLE goal_reviews (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX goal_reviews_by_item ON goal_reviews (item_id, position);

CREATE TABLE cpd_activities (
    item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    hours REAL NOT NULL DEFAULT 0,
    participatory INTEGER NOT NULL DEFAULT 0,
    learnt TEXT NOT NULL DEFAULT ''
);

CREATE TABLE item_capabilities (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    capability INTEGER NOT NULL,
    PRIMARY KEY (item_id, code)
) WITHOUT ROWID;
CREATE INDEX item_capabilities_by_capability ON item_capabilities (capability, item_id);

CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (item_id, tag)
) WITHOUT ROWID;
CREATE INDEX item_tags_by_tag ON item_tags (tag COLLATE NOCASE, item_id);

CREATE TABLE item_links (
    from_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN ('brought', 'evidence')),
    to_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (from_id, relation, to_id)
) WITHOUT ROWID;
CREATE INDEX item_links_to ON item_links (to_id, relation);

CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    saved TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE INDEX revisions_by_item ON revisions (item_id, id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE VIRTUAL TABLE items_fts USING fts5 (
    title, body, extra, tags,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"""


def _initial_schema(db: Any) -> None:
    for statement in _split(_INITIAL):
        db.execute(statement)


def _split(script: str) -> list[str]:
    return [part.strip() for part in script.split(";\n") if part.strip()]


def _index_live_items_by_kind(db: Any) -> None:
    # Each section of the app counts and pages its own kind: without this, a count at 100,000
    # items scans the table.
    db.execute(
        "CREATE INDEX IF NOT EXISTS items_live_by_kind ON items (deleted, kind, date DESC, id DESC)"
    )


def _capability_framework(db: Any) -> None:
    # Codes of several frameworks: each row says which framework it belongs to (every code stored
    # before this step is the ESC's) and ``capability`` is that framework's own number, so "theme
    # 3 of the NMC Code" and "ESC capability 3" never mix. ``code`` keeps the stored form, which
    # is prefixed for frameworks other than the ESC, so the primary key stays unique.
    db.execute("ALTER TABLE item_capabilities ADD COLUMN framework TEXT NOT NULL DEFAULT 'esc'")
    db.execute(
        "CREATE INDEX item_capabilities_by_framework"
        " ON item_capabilities (framework, capability, item_id)"
    )


def _index_live_item_heads(db: Any) -> None:
    # Lists show an item's heading, not its body: an index that holds the heading columns in list
    # order answers them from small index pages. Otherwise every listed row costs a read and a
    # decryption of the table page holding its body (a tag at 10,000 items: 15 to 6 ms; a
    # capability in a year: 25 to 1 ms). It starts like items_live_by_date, which it replaces.
    db.execute(
        "CREATE INDEX items_live_heads ON items"
        " (deleted, date DESC, id DESC, kind, title, bring_to_supervision, updated)"
    )
    db.execute("DROP INDEX IF EXISTS items_live_by_date")


#: (name, function) in the order they apply; never reorder or rename a released one.
MIGRATIONS: tuple[tuple[str, Any], ...] = (
    ("0001_initial", _initial_schema),
    ("0002_index_live_items_by_kind", _index_live_items_by_kind),
    ("0003_capability_framework", _capability_framework),
    ("0004_index_live_item_heads", _index_live_item_heads),
)
KNOWN = tuple(name for name, _ in MIGRATIONS)


def applied_migrations(conn: Any) -> list[str]:
    """Names already applied to this database, read without loading sqlite-utils."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    ).fetchall()
    return [row[0] for row in rows]


def migrate(conn: Any) -> None:
    """Bring the database up to this version's schema, or refuse one from a newer version."""
    applied = applied_migrations(conn)
    unknown = [name for name in applied if name not in KNOWN]
    if unknown:
        raise VaultTooNew(
            _(
                "this journal was written by a newer version of Reflect (schema step "
                "{value!r}); update Reflect to open it"
            ).format(value=unknown[-1])
        )
    if len(applied) == len(KNOWN):
        return
    # Only a new or older vault pays for importing sqlite-utils.
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, function in MIGRATIONS:
        migrations(name=name)(function)
    migrations.apply(Database(conn))
