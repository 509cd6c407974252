"""The floor: a bare Python script on sqlcipher3 with the raw key, doing what a command does.

No Reflect import, no keyring, no argument parser: open the database with the raw key, set the same
pragmas Reflect sets (they matter for writes), produce the same output as the command, print JSON.

With ``keyring:VAULT_ID`` in place of the key file, the script first reads the key from the keyring,
as Reflect does for a remembered key: that is the least any command reading the keyring can cost,
and it shows how much of Reflect's time above the floor is the ``keyring`` package's.
The SQL is the journal service's, except for search, which ranks inside FTS5 before joining (the
same 50 hits and snippets, see docs/benchmarks.md): a floor should be what a careful bare script
needs for the job. Whatever Reflect costs above this is its own overhead.

    python bench/floor.py DB KEYFILE search WORD
    python bench/floor.py DB KEYFILE tag TAG
    python bench/floor.py DB KEYFILE recent N
    python bench/floor.py DB KEYFILE add TITLE
    python bench/floor.py DB KEYFILE summary FROM TO
    python bench/floor.py DB KEYFILE export OUT
    python bench/floor.py DB keyring:VAULT_ID search WORD   (and so on)
"""

import json
import sys

import sqlcipher3

_COLUMNS = (
    "i.id, i.kind, i.title, i.date,"
    " (SELECT group_concat(code, ',') FROM item_capabilities WHERE item_id = i.id),"
    " (SELECT group_concat(tag, char(31)) FROM item_tags WHERE item_id = i.id)"
)


def _row(r):
    return {
        "id": r[0],
        "kind": r[1],
        "date": r[3],
        "title": r[2],
        "capabilities": r[4].split(",") if r[4] else [],
        "tags": r[5].split("\x1f") if r[5] else [],
    }


def main(argv):
    db, key_file, op, *args = argv
    if key_file.startswith("keyring:"):
        import keyring

        key = keyring.get_password("Reflect journal", key_file.removeprefix("keyring:"))
        if key is None:
            sys.exit("floor.py: the keyring holds no key for this vault")
    else:
        with open(key_file) as f:
            key = f.read().strip()
    conn = sqlcipher3.connect(db, isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    for pragma in (
        "busy_timeout = 5000",
        "synchronous = FULL",
        "temp_store = MEMORY",
        "foreign_keys = ON",
        "secure_delete = ON",
    ):
        conn.execute("PRAGMA " + pragma)
    out = sys.stdout
    if op == "search":
        # The same output as Journal.search (best 50 by the same bm25 weights, same snippets),
        # ranked inside FTS5 first so only the 50 hits are joined with items.
        match = '"' + args[0].replace('"', '""') + '"'
        ranked = conn.execute(
            "SELECT rowid, bm25(items_fts, 10.0, 1.0, 1.0, 5.0) AS rank FROM items_fts"
            " WHERE items_fts MATCH ?"
            " AND +rowid NOT IN (SELECT id FROM items WHERE deleted IS NOT NULL)"
            " ORDER BY rank LIMIT 50",
            (match,),
        ).fetchall()
        marks = ",".join("?" * len(ranked))
        rows = {
            r[0]: r
            for r in conn.execute(
                f"SELECT {_COLUMNS}, snippet(items_fts, -1, '[', ']', '…', 16)"
                " FROM items_fts JOIN items i ON i.id = items_fts.rowid"
                f" WHERE items_fts MATCH ? AND items_fts.rowid IN ({marks})",
                (match, *(r[0] for r in ranked)),
            )
        }
        data = [dict(_row(rows[i]), snippet=rows[i][6], score=-rank) for i, rank in ranked]
    elif op == "tag":
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM items i WHERE i.deleted IS NULL"
            " AND +i.id IN (SELECT item_id FROM item_tags WHERE tag = ?)"
            " ORDER BY i.date DESC, i.id DESC",
            (args[0],),
        ).fetchall()
        data = [_row(r) for r in rows]
    elif op == "recent":
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM items i WHERE i.deleted IS NULL"
            " ORDER BY i.date DESC, i.id DESC LIMIT ?",
            (int(args[0]),),
        ).fetchall()
        data = [_row(r) for r in rows]
    elif op == "add":
        import datetime
        import uuid

        now = datetime.datetime.now().replace(microsecond=0).isoformat()
        conn.execute("BEGIN IMMEDIATE")
        item_id = conn.execute(
            "INSERT INTO items (uid, kind, title, body, date, created, updated)"
            " VALUES (?, 'entry', ?, '', ?, ?, ?)",
            (str(uuid.uuid4()), args[0], now, now, now),
        ).lastrowid
        conn.execute(
            "INSERT INTO items_fts (rowid, title, body, extra, tags) VALUES (?, ?, '', '', '')",
            (item_id, args[0]),
        )
        conn.execute("COMMIT")
        data = {"id": item_id, "kind": "entry", "date": now, "title": args[0]}
    elif op == "summary":
        rows = conn.execute(
            "SELECT c.capability, c.code, i.id, i.kind, substr(i.date, 1, 10)"
            " FROM items i JOIN item_capabilities c ON c.item_id = i.id"
            " WHERE i.deleted IS NULL AND i.date >= ? AND i.date < ?"
            " ORDER BY i.date DESC, i.id DESC",
            (args[0], args[1]),
        ).fetchall()
        counts = {}
        for cap, _code, item_id, kind, _day in rows:
            counts.setdefault(cap, {}).setdefault(item_id, kind)
        data = {str(cap): len(items) for cap, items in sorted(counts.items())}
    elif op == "export":
        caps, tags = {}, {}
        for item_id, code in conn.execute("SELECT item_id, code FROM item_capabilities"):
            caps.setdefault(item_id, []).append(code)
        for item_id, tag in conn.execute("SELECT item_id, tag FROM item_tags"):
            tags.setdefault(item_id, []).append(tag)
        items = [
            {
                "id": r[0],
                "kind": r[1],
                "title": r[2],
                "body": r[3],
                "date": r[4],
                "created": r[5],
                "updated": r[6],
                "capabilities": caps.get(r[0], []),
                "tags": tags.get(r[0], []),
            }
            for r in conn.execute(
                "SELECT id, kind, title, body, date, created, updated FROM items"
                " WHERE deleted IS NULL ORDER BY date, id"
            )
        ]
        with open(args[0], "w", encoding="utf-8") as f:
            json.dump({"items": items}, f, ensure_ascii=False)
        data = {"items": len(items)}
    else:
        raise SystemExit(f"unknown operation {op!r}")
    conn.close()
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
