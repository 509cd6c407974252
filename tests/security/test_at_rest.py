"""Nothing the user writes is readable at rest: not in the data folder, temp files or anywhere else.

Promise (DESIGN.md, security model): nothing the user writes reaches disk in plaintext except in a
file they explicitly export; nothing is logged. Each test writes a distinct marker into every field
(see :mod:`tests.security.leaks`) and then looks for it, in UTF-8 and UTF-16 and any letter case, in
every file under the data folder, the temp folder, the home folder with its XDG config, cache,
data and state folders (where Qt and a log file would go), and every file created in ``/var/tmp``
meanwhile; and, while a process is still running, in every file it holds open — including the
deleted temp files SQLite spills large sorts to, which no folder listing shows.

The app's own (GUI) path is in ``test_at_rest_gui.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest

from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    ItemKind,
    ProgressReview,
    SupervisionDetails,
)
from reflect.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.security.leaks import (
    PREFIX,
    files_under,
    leaks,
    leaks_in,
    leaks_in_open_files,
    listing,
    marker,
    open_files,
)

REPO = Path(__file__).resolve().parents[2]
VAR_TMP = Path("/var/tmp")

m = marker


@dataclass
class Places:
    """Every place a run could leave a file, and what was in ``/var/tmp`` before the test."""

    data_dir: Path
    temp: Path
    home: Path
    var_tmp_before: set[Path]

    def check(self, when: str) -> None:
        """No marker anywhere, and no log file: Reflect logs to stderr only."""
        found = leaks([self.data_dir, self.temp, self.home])
        created = listing(VAR_TMP) - self.var_tmp_before if VAR_TMP.is_dir() else set()
        found += leaks_in(created)
        assert found == [], f"{when}: plaintext found in {found}"
        logs = [p for p in files_under([self.home, self.temp]) if ".log" in p.name.lower()]
        assert logs == [], f"{when}: a log file appeared: {logs}"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for a ``reflect`` process: our temp folder, no OS keyring."""
        return {
            **os.environ,
            "TMPDIR": str(self.temp),
            "SQLITE_TMPDIR": str(self.temp),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            **extra,
        }


@pytest.fixture
def places(data_dir, tmp_path, monkeypatch) -> Places:
    """Temp files of this process and its children go to a folder the test inspects."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = listing(VAR_TMP) if VAR_TMP.is_dir() else set()
    return Places(data_dir, temp, Path(os.environ["HOME"]), before)


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder no check looks in: for the files a user hands to Reflect (import sources)."""
    return tmp_path_factory.mktemp("user-files")


def reflect(places: Places, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``reflect`` as a user runs it, in a fresh process that exits."""
    result = subprocess.run(
        [sys.executable, "-m", "reflect", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=places.env(),
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert PREFIX not in result.stderr, "a marker reached stderr"
    return result


def test_markers_in_every_field_never_reach_disk_in_plaintext(places):
    """Saving every field of every kind through the journal service, then locking, leaves no
    plaintext anywhere; the markers really are stored (a search finds each kind)."""
    vault = Vault(places.data_dir, keystore=MemoryKeyStore())
    journal = vault.open(vault.unlock_with_passphrase(PASSPHRASE))
    entry = journal.save(
        journal.new_item(
            ItemKind.ENTRY, m("EntryTitle"), body=f"{m('EntryBody')} " * 50, tags=(m("Tag"),)
        )
    )
    journal.save(
        journal.new_item(
            ItemKind.SUPERVISION,
            m("SupervisionTitle"),
            body=m("SupervisionBody"),
            supervision=SupervisionDetails(
                supervisor=m("Supervisor"), actions=(AgreedAction(m("Action")),)
            ),
        )
    )
    journal.save(
        journal.new_item(
            ItemKind.GOAL,
            m("GoalTitle"),
            body=m("GoalBody"),
            goal=GoalDetails(
                what=m("What"),
                why=m("Why"),
                measure=m("Measure"),
                reviews=(ProgressReview(date=date(2026, 3, 1), note=m("Review")),),
            ),
        )
    )
    journal.save(
        journal.new_item(
            ItemKind.CPD, m("CpdTitle"), body=m("CpdBody"), cpd=CpdDetails(learnt=m("Learnt"))
        )
    )
    journal.set_setting("privacy_watch_list", [m("Watch")])
    journal.set_setting("practitioner_name", m("Name"))
    journal.save(replace(journal.get(entry.id), body=m("EditedBody")))  # keeps a revision
    journal.trash(entry.id)
    journal.restore(entry.id)
    kinds = {hit.item.kind for hit in journal.search(f"{PREFIX}*", limit=100)}
    assert kinds == set(ItemKind), "every kind was stored and is found when unlocked"
    places.check("after save")
    journal.close()
    places.check("after lock")


def _reflect_export_file(folder: Path) -> Path:
    """A Reflect JSON export with a marker in every field of every kind, settings and history."""

    def item(n: int, kind: str, **details: object) -> dict[str, object]:
        return {
            "id": n,
            "uid": f"00000000-0000-4000-8000-00000000000{n}",
            "kind": kind,
            "date": f"2026-02-0{n}T09:00",
            "title": m(f"Imported{kind}Title"),
            "body": m(f"Imported{kind}Body"),
            "capabilities": ["9"],
            "tags": [m(f"Imported{kind}Tag")],
            "revisions": [
                {
                    "saved": "2026-02-01T10:00:00+00:00",
                    "item": {
                        "kind": kind,
                        "date": f"2026-02-0{n}T09:00",
                        "title": m(f"Earlier{kind}Title"),
                        "body": m(f"Earlier{kind}Body"),
                    },
                }
            ],
            **details,
        }

    data = {
        "format": "reflect-export",
        "version": 1,
        "settings": {
            "privacy_watch_list": [m("ImportedWatch")],
            "practitioner_name": m("ImportedName"),
            "practitioner_role": m("ImportedRole"),
        },
        "items": [
            item(1, "entry", in_trash=True, deleted="2026-02-03T10:00:00+00:00"),
            item(
                2,
                "supervision",
                supervision={
                    "supervisor": m("ImportedSupervisor"),
                    "actions": [{"text": m("ImportedAction"), "due": None, "done": False}],
                    "brought_entries": [],
                },
            ),
            item(
                3,
                "goal",
                goal={
                    "what": m("ImportedWhat"),
                    "why": m("ImportedWhy"),
                    "measure": m("ImportedMeasure"),
                    "reviews": [{"date": "2026-02-05", "note": m("ImportedReview")}],
                },
            ),
            item(4, "cpd", cpd={"hours": 2, "participatory": True, "learnt": m("ImportedLearnt")}),
        ],
    }
    path = folder / "import.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_every_field_written_through_the_command_line_stays_encrypted(places, outside):
    """``reflect add`` (entry and supervision fields), ``reflect import`` (every field of every
    kind, settings, earlier versions, the trash), a search and an encrypted backup, each in a
    process that exits: no plaintext in any folder, no log file; the data really is there."""
    d = ("--data-dir", str(places.data_dir), "--passphrase-stdin")
    reflect(
        places,
        "add",
        *d,
        "--title",
        m("CliEntryTitle"),
        "--tag",
        m("CliTag"),
        "--body-file",
        "-",
        stdin=f"{PASSPHRASE}\n{m('CliEntryBody')}\n",
    )
    reflect(
        places,
        "add",
        *d,
        "--kind",
        "supervision",
        "--title",
        m("CliSupervisionTitle"),
        "--supervisor",
        m("CliSupervisor"),
        "--action",
        f"{m('CliAction')}|2026-04-01",
        stdin=f"{PASSPHRASE}\n",
    )
    reflect(
        places,
        "import",
        str(_reflect_export_file(outside)),
        "--format",
        "reflect-json",
        *d,
        stdin=f"{PASSPHRASE}\n",
    )
    found = reflect(places, "search", *d, f"{PREFIX}*", "--json", stdin=f"{PASSPHRASE}\n")
    assert {hit["kind"] for hit in json.loads(found.stdout)} == {
        "entry",
        "supervision",
        "goal",
        "cpd",
    }
    backups = places.data_dir / "backups"
    backups.mkdir(mode=0o700)
    reflect(places, "backup", *d, "--out", str(backups), stdin=f"{PASSPHRASE}\n")
    assert len(list(backups.iterdir())) >= 1
    places.check("after the commands exited")


#: A child that saves markers, leaves a write half done and a large sort open, then waits to be
#: killed. It prints "ready" once all of that is in place.
_DRIVER = r"""
import sys, time
from pathlib import Path
from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import CpdDetails, GoalDetails, ItemKind, SupervisionDetails, AgreedAction
from reflect.core.vault import Vault

data_dir, prefix = Path(sys.argv[1]), sys.argv[2]
m = lambda field: prefix + field
vault = Vault(data_dir, keystore=MemoryKeyStore())
journal = vault.open(vault.unlock_with_passphrase(sys.stdin.readline().rstrip("\n")))
journal.save(journal.new_item(ItemKind.ENTRY, m("KilledTitle"), body=m("KilledBody"),
                              tags=(m("KilledTag"),)))
journal.save(journal.new_item(ItemKind.SUPERVISION, m("KilledSup"), supervision=SupervisionDetails(
    supervisor=m("KilledSupervisor"), actions=(AgreedAction(m("KilledAction")),))))
journal.save(journal.new_item(ItemKind.GOAL, m("KilledGoal"),
                              goal=GoalDetails(what=m("KilledWhat"))))
journal.save(journal.new_item(ItemKind.CPD, m("KilledCpd"),
                              cpd=CpdDetails(learnt=m("KilledLearnt"))))
# Enough text that sorting it overflows a small page cache (about 3 MB).
with journal.transaction():
    for n in range(1500):
        journal.save(journal.new_item(ItemKind.ENTRY, f"{m('Bulk')} {n}",
                                      body=f"{n:05d} {m('BulkBody')} " * 60))
# A write in progress, never committed: with a small cache its pages spill to the WAL.
conn = journal.conn
conn.execute("PRAGMA cache_size = 10")
writing = journal.transaction()
writing.__enter__()
journal.save(journal.new_item(ItemKind.ENTRY, m("Uncommitted"), body=m("UncommittedBody") * 200))
# A full-text search and a large sort by a text column, its cursor left open mid-way.
assert len(journal.search(m("BulkBody"), limit=2000)) == 1500
cursor = conn.execute("SELECT title, body FROM items ORDER BY body DESC")
cursor.fetchone()
distinct = conn.execute("SELECT DISTINCT body FROM items")
distinct.fetchone()
print("ready", flush=True)
time.sleep(120)
"""


def test_a_process_killed_mid_write_and_mid_sort_leaves_nothing_readable(places):
    """SIGKILL while a write is half done and a large sort and search are running: neither the
    files the process holds open (temp files SQLite would spill a sort to included) nor anything
    left behind after the kill (database, WAL, temp folders) holds plaintext.

    A sort of about 3 MB with a 10-page cache would be written to a temp file unless
    ``temp_store`` is MEMORY; such a file is unlinked at once, so it is looked for through
    ``/proc/PID/fd`` while the process runs.
    """
    child = subprocess.Popen(
        [sys.executable, "-c", _DRIVER, str(places.data_dir), PREFIX],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=places.env(),
        cwd=REPO,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSPHRASE + "\n")
        child.stdin.flush()
        ready = child.stdout.readline()
        assert ready == "ready\n", child.stderr.read() if child.stderr else ""
        held = open_files(child.pid)
        assert any(target.endswith("reflect.db") for target in held.values())
        assert leaks_in_open_files(child.pid) == [], "plaintext in a file the process holds open"
        places.check("while running")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert (places.data_dir / "reflect.db-wal").exists(), "the kill left the WAL behind"
    places.check("after SIGKILL")


def test_the_command_line_killed_while_reading_the_body_leaves_nothing(places):
    """``reflect add --body-file -`` unlocks, then reads the body from stdin; killed half way
    through the body, it leaves nothing of what it had read on disk."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reflect",
            "add",
            "--data-dir",
            str(places.data_dir),
            "--passphrase-stdin",
            "--title",
            m("HalfTitle"),
            "--body-file",
            "-",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=places.env(),
        cwd=REPO,
    )
    try:
        assert child.stdin is not None
        child.stdin.write(f"{PASSPHRASE}\n{m('HalfBody')} and more to come\n".encode())
        child.stdin.flush()
        deadline = time.monotonic() + 30
        while not any(t.endswith("reflect.db") for t in open_files(child.pid).values()):
            assert child.poll() is None, "the command ended early"
            assert time.monotonic() < deadline, "the command never opened the journal"
            time.sleep(0.02)
        assert leaks_in_open_files(child.pid) == []
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    places.check("after SIGKILL")
    with Vault(places.data_dir, keystore=MemoryKeyStore()).open_journal(lambda: PASSPHRASE) as j:
        assert j.count() == 0, "nothing half-read was saved"


def test_a_large_sort_in_process_keeps_its_temporary_data_in_memory(journal, places, tmp_path):
    """Thousands of rows sorted by a text column (and a search over them) with a small page
    cache: SQLite opens no temporary file holding the text, because ``temp_store`` is MEMORY."""
    with journal.transaction():
        for n in range(1200):
            journal.save(
                journal.new_item(
                    ItemKind.ENTRY,
                    f"{m('SortTitle')} {n}",
                    body=f"{n:05d} {m('SortBody')} " * 100,
                    date=datetime(2026, 1, 1, 9, 0),
                )
            )
    before = open_files()
    with journal.reading() as conn:
        conn.execute("PRAGMA cache_size = 10")
        cursor = conn.execute("SELECT title, body FROM items ORDER BY body")
        first = cursor.fetchone()
        assert m("SortBody") in first[1]
        new = {fd: target for fd, target in open_files().items() if before.get(fd) != target}
        spilled = leaks_in_open_files(ignore=[fd for fd in open_files() if fd not in new])
        cursor.close()
    assert spilled == [], f"a sort spilled plaintext to {spilled}"
    assert len(journal.search(m("SortBody"), limit=2000)) == 1200
    places.check("after the sort")
    assert leaks([tmp_path]) == [], "the journal's own folder"
