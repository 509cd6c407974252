"""Shared fixtures: real temporary encrypted vaults, an in-memory keyring, a fixed clock.

No test touches the user's real data folder, config folders or OS keyring.
"""

from __future__ import annotations

import io
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from reflect.cli.main import run
from reflect.core.journal import Journal
from reflect.core.keystore import MemoryKeyStore
from reflect.core.storage.connection import connect
from reflect.core.storage.schema import migrate
from reflect.core.vault import Vault

PASSPHRASE = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """A keyring backend that lives in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.passwords:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError("not stored")
        del self.passwords[(service, username)]


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch) -> Iterator[MemoryKeyring]:
    """Point every folder Reflect or Qt could write to at a temp dir; install a memory keyring."""
    home = tmp_path_factory.mktemp("home")
    for name, sub in (
        ("HOME", ""),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("REFLECT_DATA_DIR", str(home / "reflect-data"))
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class FixedClock:
    """A clock that starts at a known instant and moves only when told (or by ``step`` per call)."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(0)) -> None:
        self.now = start or datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now = self.now + self.step
        return current

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def journal(tmp_path: Path, clock: FixedClock) -> Iterator[Journal]:
    """An open journal on a real encrypted database (no key envelope: no Argon2 cost)."""
    key = secrets.token_bytes(32)
    path = tmp_path / "journal" / "reflect.db"
    path.parent.mkdir()
    conn = connect(path, key, create=True)
    migrate(conn)
    conn.close()
    opened = Journal.open(path, key, clock=clock)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def _pristine_vault(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("pristine") / "data"
    Vault(data_dir, keystore=MemoryKeyStore()).create(PASSPHRASE)
    return data_dir


@pytest.fixture
def data_dir(tmp_path: Path, _pristine_vault: Path) -> Path:
    """A data folder holding a fresh vault whose passphrase is ``PASSPHRASE``."""
    target = tmp_path / "data"
    shutil.copytree(_pristine_vault, target)
    target.chmod(0o700)
    return target


@pytest.fixture
def vault(data_dir: Path) -> Vault:
    return Vault(data_dir, keystore=MemoryKeyStore())


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(data_dir: Path):
    """Run ``reflect`` in process against ``data_dir``; stdin defaults to the passphrase."""

    def invoke(*args: str, stdin: str | None = None, passphrase: bool = True) -> CliResult:
        argv = list(args)
        if "--data-dir" not in argv and argv and not argv[0].startswith("-"):
            argv[1:1] = ["--data-dir", str(data_dir)]
        if passphrase and stdin is None:
            argv.append("--passphrase-stdin")
            stdin = PASSPHRASE + "\n"
        out, err = io.StringIO(), io.StringIO()
        code = run(argv, stdin=io.StringIO(stdin or ""), stdout=out, stderr=err)
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke
