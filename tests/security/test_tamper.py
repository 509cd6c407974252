"""Tampering is detected, told apart from a wrong passphrase, and never shows altered text.

Promise (issue 8): flipped bytes in database pages and in the key envelope are detected with
distinct errors; no wrong text is ever shown. ``tests/core/test_integrity.py`` proves that the
integrity check (``check_vault``) finds flipped bytes in the database and in four places of the
envelope. Here the front ends are held to it: a byte is flipped in each page that saving two items
rewrote (a long entry body and a long CPD "what I learnt", each spread over several pages), and the
command line reads them back. Each command must print exactly what was written or stop with the
"damaged" error (exit 5) and print nothing.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt

from reflect.cli.main import run
from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import CpdDetails, ItemKind
from reflect.core.vault import Vault
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.gui.helpers import shows_anywhere

PAGE = 4096
SENTENCE = "The handover on ward seven ran late and I asked for the risk plan to be read aloud"
#: Both longer than a page: the tail of each is on an overflow page of its own.
BODY = "\n\n".join(f"{n:03d} {SENTENCE}." for n in range(160))
LEARNT = " ".join(f"{n:03d} how to structure a safety plan together." for n in range(120))


def page_list(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return [data[i : i + PAGE] for i in range(0, len(data), PAGE)]


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def put_back(data_dir: Path, original: bytes) -> None:
    (data_dir / "reflect.db").write_bytes(original)
    for suffix in ("-wal", "-shm"):
        (data_dir / f"reflect.db{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True)
class Outcome:
    page: int
    offset: int
    command: str
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Tampered:
    entry_id: int
    cpd_id: int
    pages: list[int]
    outcomes: list[Outcome]


def _cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([*args, "--data-dir", str(data_dir)], stdin=io.StringIO(""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def tampered(tmp_path_factory, _pristine_vault) -> Tampered:
    """Flip one byte in each page the two saves rewrote (and page 1), run the reading commands
    each time, and record what they printed. Computed once for the tests below."""
    folder = tmp_path_factory.mktemp("tamper")
    data_dir = folder / "data"
    shutil.copytree(_pristine_vault, data_dir)
    key = Vault(data_dir, keystore=MemoryKeyStore()).unlock_with_passphrase(PASSPHRASE)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        Vault(data_dir).remember(key)  # commands open it from the keyring: no Argon2id each time
        before = page_list(data_dir / "reflect.db")
        with Vault(data_dir).open(key) as journal:
            when = datetime(2026, 2, 1, 9, 0)
            entry = journal.save(
                journal.new_item(ItemKind.ENTRY, "Ward seven", date=when, body=BODY)
            )
            cpd = journal.save(
                journal.new_item(
                    ItemKind.CPD, "Safety planning", date=when, cpd=CpdDetails(learnt=LEARNT)
                )
            )
        original = (data_dir / "reflect.db").read_bytes()
        after = page_list(data_dir / "reflect.db")
        pages = [n for n, page in enumerate(after) if n >= len(before) or page != before[n]]
        rng = random.Random(20261123)
        outcomes = []
        export = folder / "everything.json"
        for page in sorted({0, *pages}):
            offset = rng.randrange(PAGE)
            flip(data_dir / "reflect.db", page * PAGE + offset)
            try:
                for command in (
                    ("show", str(entry.id), "--json"),
                    ("show", str(cpd.id), "--json"),
                    ("search", "handover", "--json"),
                    ("export", "--format", "json", "--allow-identifiable", "--out", str(export)),
                ):
                    export.unlink(missing_ok=True)
                    code, out, err = _cli(data_dir, *command)
                    if command[0] == "export" and code == 0:
                        out = export.read_text(encoding="utf-8")
                    name = " ".join(command[:2]) if command[0] == "show" else command[0]
                    outcomes.append(Outcome(page, offset, name, code, out, err))
            finally:
                put_back(data_dir, original)
        return Tampered(entry.id, cpd.id, pages, outcomes)
    finally:
        keyring.set_keyring(previous)


def _texts(outcome: Outcome) -> list[str]:
    """The entry body and CPD text a successful command printed."""
    data = json.loads(outcome.out)
    if outcome.command.startswith("show"):
        return [data["body"], (data.get("cpd") or {}).get("learnt", "")]
    if outcome.command == "export":
        return [t for i in data["items"] for t in (i["body"], (i.get("cpd") or {}).get("learnt"))]
    return [hit["snippet"] for hit in data]


def test_a_flipped_byte_in_any_page_never_shows_altered_text(tampered):
    """Whatever page is damaged, a command either prints exactly what was written or prints
    nothing at all."""
    for o in tampered.outcomes:
        where = f"page {o.page} byte {o.offset}: {o.command}"
        if o.code != 0:
            assert o.out == "", where
            continue
        for text in _texts(o):
            if o.command == "search":
                shown = text.replace("[", "").replace("]", "")
                assert all(part.strip(" .…") in BODY for part in shown.split("…")), where
            else:
                assert text in ("", BODY, LEARNT, None), f"{where}: altered text {text[-40:]!r}"


def test_damage_met_by_any_command_is_reported_as_damage(tampered):
    """A damaged page stops a command with exit 5 and the "damaged" message, never exit 70
    ("internal error") and never a traceback."""
    failures = [o for o in tampered.outcomes if o.code != 0]
    assert failures, "no flipped page was noticed at all"
    for o in failures:
        where = f"page {o.page} byte {o.offset}: {o.command}"
        assert o.code == 5, f"{where}: {o.err.strip()}"
        assert "damaged" in o.err and o.err.count("\n") == 1, where


def test_flipped_pages_are_noticed(tampered):
    """Page 1 and the pages holding the two long texts are read, so their damage is caught by
    at least one command (pages no command reads, such as a spare index page, may go unseen)."""
    noticed = {o.page for o in tampered.outcomes if o.code != 0}
    assert 0 in noticed
    assert len(noticed) >= 4, f"only pages {sorted(noticed)} of {tampered.pages} were noticed"


def test_damage_in_the_database_or_the_envelope_is_not_a_wrong_passphrase(
    cli, data_dir, isolated_environment
):
    """Three failures, three answers: a wrong passphrase (exit 3), a damaged database and a
    damaged key envelope (exit 5, each naming what is damaged)."""
    assert cli("add", "--title", "Something to protect").code == 0
    original = (data_dir / "reflect.db").read_bytes()
    wrong = cli("list", "--passphrase-stdin", stdin="not the passphrase\n")
    assert wrong.code == 3 and "wrong passphrase" in wrong.err

    flip(data_dir / "reflect.db", 2 * PAGE + 200)
    database = cli("list")
    put_back(data_dir, original)

    envelope_path = data_dir / "vault.json"
    flip(envelope_path, envelope_path.read_bytes().index(b'"wrapped_key": "') + 20)
    envelope = cli("list")

    assert database.code == 5 and envelope.code == 5, (database, envelope)
    assert "journal database is damaged" in database.err
    assert "key envelope" in envelope.err and "damaged" in envelope.err
    assert len({wrong.err, database.err, envelope.err}) == 3
    for damaged in (database, envelope):
        assert damaged.out == ""
        assert "wrong passphrase" not in damaged.err.replace("not a wrong passphrase", "")


def test_the_app_says_the_journal_is_damaged_instead_of_showing_a_damaged_entry(
    qtbot, make_window, data_dir, data_key
):
    """Opening an entry whose pages are damaged shows either its true text or a message that
    the journal is damaged; never altered text, never an internal error."""
    store = MemoryKeyStore()
    vault = Vault(data_dir, keystore=store)
    store.set(vault.vault_id, data_key.raw)
    before = page_list(vault.db_path)
    with vault.open(data_key) as journal:
        item = journal.save(journal.new_item(ItemKind.ENTRY, "Ward seven", body=BODY))
    after = page_list(vault.db_path)
    for page in [n for n, p in enumerate(after) if n >= len(before) or p != before[n]]:
        if page:
            flip(vault.db_path, page * PAGE + PAGE // 2)
    window = make_window(vault)
    if window.is_locked:  # refused at once: then the message must say why
        assert "damaged" in window.unlock_view.message.text()
        return
    workspace = window.workspace
    view = workspace.list_view
    rect = view.visualRect(workspace.list_model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(20)
    shown = workspace.editor.body.toPlainText()
    assert shown in ("", BODY), "altered text in the editor"
    if workspace.editor.current_id != item.id or shown == "":
        assert shows_anywhere("damaged"), "the damage is explained"
    assert not shows_anywhere("internal error", "a bug")
