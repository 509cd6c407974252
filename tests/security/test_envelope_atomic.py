"""Changing the passphrase can fail at any step and still leave a journal that opens.

Promise: writing ``vault.json`` is atomic (temp file, fsync, rename, fsync of the folder), so
after a crash or a full disk at any point, the old or the new passphrase unlocks — never neither.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.core import fsutil
from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import KdfParams, Vault
from reflect.errors import ReflectError, WrongPassphrase
from tests.conftest import PASSPHRASE


class Boom(OSError):
    pass


@pytest.fixture
def fast_kdf(monkeypatch):
    """Argon2id is not what this test is about: swap in a fast derivation to afford 100 runs."""

    def derive(self, secret: str, salt: bytes) -> bytes:
        return hashlib.sha256(salt + secret.encode()).digest()

    monkeypatch.setattr(KdfParams, "derive", derive)


STEPS = ["mkstemp", "fchmod", "write", "fsync", "replace", "fsync_dir"]


def failing_at(step: str, monkeypatch, rng: random.Random) -> None:
    """Make one step of the atomic write raise (as a crash or full disk would)."""
    if step == "mkstemp":
        monkeypatch.setattr(
            fsutil.tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(Boom(28, "full"))
        )
    elif step == "fchmod":
        monkeypatch.setattr(fsutil.os, "fchmod", lambda *a: (_ for _ in ()).throw(Boom(5, "io")))
    elif step == "write":
        real_fdopen = os.fdopen

        class Partial:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: rng.randrange(len(data))])
                raise Boom(28, "No space left on device")

        monkeypatch.setattr(fsutil.os, "fdopen", lambda fd, mode: Partial(real_fdopen(fd, mode)))
    elif step == "fsync":
        monkeypatch.setattr(fsutil.os, "fsync", lambda fd: (_ for _ in ()).throw(Boom(5, "io")))
    elif step == "replace":
        monkeypatch.setattr(fsutil.os, "replace", lambda a, b: (_ for _ in ()).throw(Boom(5, "io")))
    elif step == "fsync_dir":
        # After the rename the new envelope is in place; a failed directory sync is not fatal.
        monkeypatch.setattr(fsutil, "fsync_dir", lambda path: (_ for _ in ()).throw(Boom(5, "io")))


def test_a_failure_at_any_step_of_the_envelope_write_never_locks_the_user_out(
    tmp_path, fast_kdf, monkeypatch
):
    """100 changes of passphrase, each failing at a random step of the write: afterwards the old or
    the new passphrase unlocks (and the same key), no temp file is left."""
    rng = random.Random(20261123)
    vault = Vault(tmp_path / "v", keystore=MemoryKeyStore())
    created = vault.create(PASSPHRASE)
    current = PASSPHRASE
    outcomes = {"old": 0, "new": 0}
    for run in range(100):
        step = rng.choice(STEPS)
        new = f"passphrase number {run}"
        with monkeypatch.context() as patch:
            failing_at(step, patch, rng)
            with contextlib.suppress(ReflectError, OSError):
                vault.change_passphrase(current, new)
        opened = []
        for candidate in (current, new):
            with contextlib.suppress(WrongPassphrase):
                opened.append((candidate, vault.unlock_with_passphrase(candidate)))
        assert opened, f"run {run}: failure at {step} left neither passphrase working"
        for _, key in opened:
            assert key == created.key
        if opened[-1][0] == new:
            outcomes["new"] += 1
            current = new
        else:
            outcomes["old"] += 1
        leftovers = [p.name for p in vault.data_dir.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == [], f"run {run}: a temp file was left behind after {step}"
    assert outcomes["old"] > 0 and outcomes["new"] > 0
    assert vault.unlock_with_recovery_code(created.recovery_code) == created.key


#: A child process that changes the passphrase and dies (``os._exit``, as in a power cut or a
#: SIGKILL: no clean-up code runs) at one point of the envelope write.
_CRASHER = r"""
import hashlib, os, sys
from pathlib import Path
from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import KdfParams, Vault

KdfParams.derive = lambda self, secret, salt: hashlib.sha256(salt + secret.encode()).digest()
data_dir, point, old, new = sys.argv[1:5]

def dying_after(real):
    def call(*args, **kwargs):
        result = real(*args, **kwargs)
        os._exit(137)
    return call

if point == "after-mkstemp":
    import tempfile
    tempfile.mkstemp = dying_after(tempfile.mkstemp)
elif point == "after-fchmod":
    os.fchmod = dying_after(os.fchmod)
elif point == "mid-write":
    real_fdopen = os.fdopen
    class Half:
        def __init__(self, handle): self.handle = handle
        def __enter__(self): return self
        def __exit__(self, *exc): pass
        def write(self, data):
            self.handle.write(data[: len(data) // 2]); self.handle.flush(); os._exit(137)
    os.fdopen = lambda fd, mode: Half(real_fdopen(fd, mode))
elif point == "after-write":
    os.fsync = lambda fd: os._exit(137)
elif point == "after-fsync":
    os.replace = lambda a, b: os._exit(137)
elif point == "after-replace":
    from reflect.core import fsutil
    fsutil.fsync_dir = lambda path: os._exit(137)
Vault(Path(data_dir), keystore=MemoryKeyStore()).change_passphrase(old, new)
os._exit(0)
"""

CRASH_POINTS = [
    "after-mkstemp",
    "after-fchmod",
    "mid-write",
    "after-write",
    "after-fsync",
    "after-replace",
    "completed",
]


def test_a_crash_at_any_point_of_the_envelope_write_never_locks_the_user_out(tmp_path, fast_kdf):
    """Where the test above raises (and clean-up code runs), a real crash runs nothing: the
    process dies at each point of the write in turn. Afterwards the old or the new passphrase
    unlocks, the recovery code still does, a temp file left behind is private, and the next
    change of passphrase works."""
    repo = Path(__file__).resolve().parents[2]
    template = tmp_path / "template"
    created = Vault(template, keystore=MemoryKeyStore()).create(PASSPHRASE)
    new = "the passphrase after the crash"
    children = {}
    for point in CRASH_POINTS:
        folder = tmp_path / point
        shutil.copytree(template, folder)
        children[point] = subprocess.Popen(
            [sys.executable, "-c", _CRASHER, str(folder), point, PASSPHRASE, new],
            cwd=repo,
            stderr=subprocess.PIPE,
            text=True,
        )
    outcomes = {}
    for point, child in children.items():
        _, err = child.communicate(timeout=60)
        assert child.returncode == (0 if point == "completed" else 137), err
        vault = Vault(tmp_path / point, keystore=MemoryKeyStore())
        working = []
        for candidate in (PASSPHRASE, new):
            with contextlib.suppress(WrongPassphrase):
                assert vault.unlock_with_passphrase(candidate) == created.key
                working.append(candidate)
        assert len(working) == 1, f"{point}: {len(working)} passphrases unlock"
        outcomes[point] = "new" if working == [new] else "old"
        assert vault.unlock_with_recovery_code(created.recovery_code) == created.key
        for leftover in (tmp_path / point).glob(".vault.json.*.tmp"):
            assert stat.S_IMODE(leftover.stat().st_mode) == 0o600, f"{point}: {leftover}"
        vault.change_passphrase(working[0], "and another one after that")
        assert vault.unlock_with_passphrase("and another one after that") == created.key
    assert outcomes["after-fsync"] == "old" and outcomes["after-replace"] == "new"
    assert outcomes["completed"] == "new"
