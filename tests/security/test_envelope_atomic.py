"""Changing the passphrase can fail at any step and still leave a journal that opens.

Promise: writing ``vault.json`` is atomic (temp file, fsync, rename, fsync of the folder), so
after a crash or a full disk at any point, the old or the new passphrase unlocks — never neither.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random

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
