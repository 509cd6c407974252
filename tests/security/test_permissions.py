"""Only the owner can read anything Reflect writes: folders 0700, files 0600, exports 0600.

Promise (issue 8): the data directory is 0700 and every file in it 0600 (the database and its WAL
and shared-memory files, the key envelope, automatic backups and their stamp, the single-instance
lock file, a journal kept aside by a restore); every export is created 0600.
``tests/core/test_vault.py`` checks a freshly created vault and ``tests/core/test_exporters.py`` an
HTML export. Here every command that writes runs with a umask of 0, so nothing is private by
accident: each mode must be set on purpose.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.backup import auto_backup
from reflect.core.exporters import names
from reflect.core.instance import InstanceLock
from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.security.helpers import reflect_ok


@pytest.fixture(autouse=True)
def no_umask() -> Iterator[None]:
    """Files and folders get exactly the mode they are created with."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(folder: Path) -> list[str]:
    """``folder`` and every folder in it 0700, every file 0600; returns the files' names."""
    assert mode(folder) == 0o700, f"{folder}: {oct(mode(folder))}"
    names = []
    for path in sorted(folder.rglob("*")):
        wanted = 0o700 if path.is_dir() else 0o600
        assert mode(path) == wanted, f"{path}: {oct(mode(path))}, not {oct(wanted)}"
        names.append(str(path.relative_to(folder)))
    return names


def test_everything_the_command_line_writes_in_the_data_folder_is_private(tmp_path):
    """init (into a folder the user made world-readable), add, passwd, backup, restore, and
    the automatic backup: at each step every folder is 0700 and every file 0600."""
    data_dir = tmp_path / "journal"
    data_dir.mkdir(mode=0o755)
    reflect_ok(data_dir, "init")
    assert assert_private(data_dir) == ["reflect.db", "vault.json"]

    reflect_ok(data_dir, "add", "--title", "A reflection")
    reflect_ok(data_dir, "passwd", stdin=f"{PASSPHRASE}\n{PASSPHRASE} two\n")
    assert_private(data_dir)

    vault = Vault(data_dir, keystore=MemoryKeyStore())
    key = vault.unlock_with_passphrase(f"{PASSPHRASE} two")
    with vault.open(key):  # while the journal is open: its WAL and shared-memory files
        files = assert_private(data_dir)
        assert "reflect.db-wal" in files and "reflect.db-shm" in files
    auto_backup(vault, key, datetime(2026, 3, 1, 8, 0))
    files = assert_private(data_dir)
    assert "backups/reflect-2026-03-01.reflectbackup" in files
    assert "backups/last-backup.json" in files

    chosen = tmp_path / "chosen.reflectbackup"
    reflect_ok(data_dir, "backup", "--out", str(chosen), stdin=f"{PASSPHRASE} two\n")
    assert mode(chosen) == 0o600

    elsewhere = tmp_path / "restored"
    reflect_ok(elsewhere, "restore", str(chosen), stdin=f"{PASSPHRASE} two\n")
    assert "reflect.lock" in assert_private(elsewhere)
    reflect_ok(data_dir, "restore", str(chosen), "--yes", stdin=f"{PASSPHRASE} two\n")
    files = assert_private(data_dir)
    assert any(name.startswith("replaced-") for name in files), files
    assert [name for name in files if name.endswith(".tmp")] == []


@pytest.mark.parametrize("fmt", names())
def test_every_export_is_created_readable_by_its_owner_only(cli, tmp_path, fmt):
    """Every export format is written 0600, through no leftover temp file, even in a folder others
    can read."""
    assert cli("add", "--title", "Exported", "--capability", "3").code == 0
    out = tmp_path / "exports" / f"summary.{fmt}"
    out.parent.mkdir(mode=0o755)
    result = cli("export", "--format", fmt, "--out", str(out), "--allow-identifiable")
    assert result.code == 0, result
    assert mode(out) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name], "no temp file left"


def test_an_export_over_an_existing_readable_file_becomes_private(cli, tmp_path):
    """Replacing an older export that others could read leaves a private file, not the old
    mode."""
    out = tmp_path / "summary.md"
    out.write_text("an old export")
    out.chmod(0o644)
    assert cli("export", "--format", "md", "--out", str(out)).code == 0
    assert mode(out) == 0o600


def test_the_single_instance_lock_file_is_private(tmp_path):
    """The app's single-instance lock file is created 0600."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    lock = InstanceLock(folder)
    assert lock.acquire()
    try:
        assert mode(lock.path) == 0o600
    finally:
        lock.release()
