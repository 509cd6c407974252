"""One app per journal; the command line can still write safely while the app is open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reflect.core.instance import AlreadyOpen, InstanceLock
from reflect.core.storage.connection import connect
from reflect.core.vault import Vault
from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from pathlib import Path
from reflect.core.instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print("held" if lock.acquire() else "busy", flush=True)
time.sleep(60)
"""


def test_a_second_copy_is_told_the_journal_is_already_open(tmp_path):
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)

    assert first.acquire()
    assert not second.acquire()
    with pytest.raises(AlreadyOpen, match="already open"), InstanceLock(tmp_path):
        pass

    first.release()
    assert second.acquire()
    second.release()


def test_the_lock_is_released_by_the_context_manager(tmp_path):
    with InstanceLock(tmp_path) as lock:
        assert lock.held
    assert InstanceLock(tmp_path).acquire()


def test_a_lock_held_by_another_process_is_seen_and_freed_when_it_is_killed(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        mine = InstanceLock(tmp_path)
        assert not mine.acquire()
        assert mine.holder_pid() == holder.pid

        os.kill(holder.pid, signal.SIGKILL)  # a crash never leaves the journal locked
        holder.wait()

        assert mine.acquire()
        mine.release()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_a_command_line_write_while_the_app_is_open_is_saved(cli, data_dir):
    app = InstanceLock(data_dir)
    assert app.acquire()
    try:
        result = cli("add", "--title", "Written from a terminal")
    finally:
        app.release()

    assert result.code == 0, result.err
    listed = cli("list", "--json")
    assert "Written from a terminal" in listed.out


def test_a_command_line_write_waits_for_the_apps_save_to_finish(cli, data_dir):
    """While the app is inside a write, a CLI save waits (busy timeout) instead of failing."""
    vault = Vault(data_dir)  # the OS keyring (an in-memory one in tests)
    key = vault.unlock_with_passphrase(PASSPHRASE)
    vault.remember(key)  # so the command below reaches its save at once, with no Argon2 delay
    app = connect(vault.db_path, key.raw)
    app.execute("BEGIN IMMEDIATE")
    app.execute(
        "INSERT INTO settings (key, value) VALUES ('app_was_here', '1')"
    )  # the app's write in progress
    timer = threading.Timer(0.2, lambda: app.execute("COMMIT"))
    timer.start()
    try:
        result = cli("add", "--title", "Waited politely", passphrase=False)
    finally:
        timer.join()
        app.close()

    assert result.code == 0, result.err
    with vault.open(key) as journal:
        assert [s.title for s in journal.list()] == ["Waited politely"]
        assert journal.setting("app_was_here") == 1
