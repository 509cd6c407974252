"""Damage is told apart from a wrong passphrase, nothing is overwritten, and saves survive kills."""

from __future__ import annotations

import os
import random
import secrets
import signal
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.backup import auto_backup
from reflect.core.integrity import (
    DamageFound,
    check_vault,
    damage_from_error,
    database_problems,
    newest_good_backup,
    open_for_check,
    sync_folder_warning,
)
from reflect.core.journal import Journal
from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import ItemKind
from reflect.core.storage.connection import connect
from reflect.core.storage.schema import migrate
from reflect.core.vault import Vault
from reflect.errors import VaultDamaged, WrongPassphrase
from tests.conftest import PASSPHRASE

PAGE = 4096


@pytest.fixture(scope="module")
def data_key(_pristine_vault):
    return Vault(_pristine_vault, keystore=MemoryKeyStore()).unlock_with_passphrase(PASSPHRASE)


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def with_entries(vault, key, n: int = 30) -> None:
    with vault.open(key) as journal:
        for i in range(n):
            journal.save(journal.new_item(ItemKind.ENTRY, f"Entry {i}", body="words " * 200))


# --- the database -------------------------------------------------------------------------------


def test_a_healthy_vault_passes(vault, data_key):
    with_entries(vault, data_key)

    report = check_vault(vault, data_key)

    assert report.ok and report.problems == () and report.pages > 3


def test_a_flipped_byte_past_the_first_page_is_damage_not_a_wrong_passphrase(vault, data_key):
    with_entries(vault, data_key)
    flip(vault.db_path, 3 * PAGE + 100)
    before = files(vault.data_dir)

    with pytest.raises(DamageFound) as caught:
        check_vault(vault, data_key)

    assert isinstance(caught.value, VaultDamaged) and caught.value.exit_code == 5
    message = str(caught.value)
    assert "damaged" in message and "not a wrong passphrase" in message
    assert "no automatic backup" in message
    assert files(vault.data_dir) == before  # nothing rewritten, nothing "repaired"


def test_damage_names_the_newest_good_automatic_backup(vault, data_key):
    with_entries(vault, data_key)
    good = auto_backup(vault, data_key, datetime(2026, 3, 1, 8, 0))
    newest = auto_backup(vault, data_key, datetime(2026, 3, 2, 8, 0))
    assert good is not None and newest is not None
    flip(newest, newest.stat().st_size // 2)  # the newest backup is damaged too
    flip(vault.db_path, 5 * PAGE + 7)

    with pytest.raises(DamageFound) as caught:
        check_vault(vault, data_key)

    assert caught.value.backup == good
    assert str(good) in str(caught.value) and "reflect restore" in str(caught.value)
    assert newest_good_backup(vault) == good


def test_the_check_can_report_instead_of_raising(vault, data_key):
    with_entries(vault, data_key)
    flip(vault.db_path, 4 * PAGE + 1)

    report = check_vault(vault, data_key, raise_on_damage=False)

    assert not report.ok
    assert any("HMAC" in problem or "malformed" in problem for problem in report.problems)


def test_no_automatic_backup_is_made_of_a_damaged_journal_and_none_is_pruned(vault, data_key):
    with_entries(vault, data_key)
    kept = auto_backup(vault, data_key, datetime(2026, 3, 1, 8, 0))
    flip(vault.db_path, 3 * PAGE + 100)

    with pytest.raises(DamageFound):
        auto_backup(vault, data_key, datetime(2026, 3, 20, 8, 0))

    assert sorted(os.listdir(vault.data_dir / "backups")) == sorted([kept.name, "last-backup.json"])


def test_damage_met_mid_command_becomes_the_same_clear_error(vault, data_key):
    with_entries(vault, data_key, 60)
    kept = auto_backup(vault, data_key, datetime(2026, 3, 1, 8, 0))
    pages = vault.db_path.stat().st_size // PAGE
    journal = vault.open(data_key)  # opened (schema read) before the damage: met mid-command
    for page in range(pages // 2, pages):
        flip(vault.db_path, page * PAGE + 50)
    try:
        with pytest.raises(Exception) as raw:
            journal.list()
    finally:
        journal.close()

    damage = damage_from_error(raw.value, vault.data_dir)

    assert isinstance(damage, DamageFound) and damage.exit_code == 5
    assert damage.backup == kept and "not a wrong passphrase" in str(damage)
    assert damage_from_error(ValueError("malformed"), vault.data_dir) is None
    assert damage_from_error(_OperationalError("database is locked"), vault.data_dir) is None


class _OperationalError(Exception):
    """Stands for sqlite's OperationalError, which is matched by name."""


_OperationalError.__name__ = "OperationalError"


# --- the key envelope ---------------------------------------------------------------------------


@pytest.mark.parametrize("where", ['"format"', '"wrapped_key": "', '"salt": "', '"vault_id"'])
def test_a_flipped_byte_in_the_envelope_is_damage(vault, data_key, where):
    text = vault.envelope_path.read_bytes()
    flip(vault.envelope_path, text.index(where.encode()) + len(where) + 2)
    before = files(vault.data_dir)

    with pytest.raises(DamageFound, match=r"key envelope .* damaged") as caught:
        check_vault(vault, data_key)
    with pytest.raises(VaultDamaged):
        vault.unlock_with_passphrase(PASSPHRASE)

    assert caught.value.exit_code == 5
    assert files(vault.data_dir) == before


def test_a_wrong_passphrase_is_still_only_a_wrong_passphrase(vault):
    with pytest.raises(WrongPassphrase) as caught:
        vault.unlock_with_passphrase("definitely not it")
    assert caught.value.exit_code == 3


# --- writers killed at random moments -----------------------------------------------------------


def _writer(path: Path, key: bytes, start: int, ack_fd: int) -> None:
    """Child process: save entries one by one, acknowledging each after its save returns."""
    try:
        journal = Journal.open(path, key)
        n = start
        while True:
            journal.save(journal.new_item(ItemKind.ENTRY, f"save {n}", body=f"body of save {n}"))
            os.write(ack_fd, f"{n}\n".encode())
            n += 1
    finally:
        os._exit(0)


@pytest.mark.slow
def test_every_acknowledged_save_survives_sigkill_at_random_moments(tmp_path):
    """At least 50 SIGKILLs spread over 1,000 acknowledged saves; after each, every
    acknowledged save is there and the database passes both integrity checks."""
    rng = random.Random(20260301)
    key = secrets.token_bytes(32)
    path = tmp_path / "reflect.db"
    conn = connect(path, key, create=True)
    migrate(conn)
    conn.close()
    acknowledged: set[int] = set()
    kills = 0
    while len(acknowledged) < 1000 or kills < 50:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_fd)
            _writer(path, key, max(acknowledged, default=-1) + 1, write_fd)
        os.close(write_fd)
        wanted = rng.randint(3, 30)
        got = b""
        with os.fdopen(read_fd, "rb", buffering=0) as acks:
            while got.count(b"\n") < wanted:
                chunk = acks.read(64)
                assert chunk, "the writer died on its own"
                got += chunk
            # Kill somewhere inside the next save: before, during or after its commit.
            for _ in range(rng.randint(0, 2000)):
                pass
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            got += acks.read()
        kills += 1
        acknowledged.update(int(line) for line in got.split())

        check = open_for_check(path, key)
        try:
            assert database_problems(check) == []
            titles = {row[0] for row in check.execute("SELECT title FROM items")}
        finally:
            check.close()
        missing = {f"save {n}" for n in acknowledged} - titles
        assert not missing, f"acknowledged saves lost after kill {kills}: {sorted(missing)[:5]}"
    assert kills >= 50 and len(acknowledged) >= 1000


# --- risky folders ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "folder",
    [
        "Dropbox/Reflect",
        "OneDrive - Leeds and York NHS/Reflect",
        "Google Drive/My Drive/Reflect",
        "Library/Mobile Documents/com~apple~CloudDocs/Reflect",
        "Nextcloud/Documents/Reflect",
        "ownCloud/Reflect",
    ],
)
def test_a_journal_inside_a_cloud_sync_folder_gets_a_warning(tmp_path, folder):
    warning = sync_folder_warning(tmp_path / folder, mounts=tmp_path / "no-mounts")

    assert warning is not None and "cloud-sync folder" in warning


def test_an_ordinary_local_folder_gets_no_warning(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\ntmpfs {tmp_path} tmpfs rw 0 0\n")

    assert sync_folder_warning(tmp_path / ".local/share/Reflect", mounts=mounts) is None


@pytest.mark.parametrize("fstype", ["nfs4", "cifs", "fuse.sshfs", "smb3"])
def test_a_journal_on_a_network_share_gets_a_warning(tmp_path, fstype):
    share = tmp_path / "net share"
    mounts = tmp_path / "mounts"
    escaped = str(share).replace(" ", "\\040")
    mounts.write_text(
        f"/dev/sda1 / ext4 rw 0 0\nserver:/export {escaped} {fstype} rw 0 0\n"
        f"/dev/sdb1 {escaped}/local-disk ext4 rw 0 0\n"
    )

    warning = sync_folder_warning(share / "Reflect", mounts=mounts)

    assert warning is not None and fstype in warning
    assert sync_folder_warning(share / "local-disk" / "Reflect", mounts=mounts) is None
