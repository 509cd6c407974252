"""The database engine is checked on every open, from every front end; a mismatch refuses to open.

Promise (DESIGN.md, security model): the database is SQLCipher 4 with WAL, ``synchronous=FULL``,
``temp_store=MEMORY`` and foreign keys on, and each open verifies it. ``tests/core/test_storage.py``
already proves the check itself at ``connect()`` (the plain ``sqlite3`` driver and a
``temp_store`` that does not take are refused); here a fake engine that quietly weakens one setting
at a time (as a different SQLCipher build or a file system without WAL would) is put under every
way the app and the command line open a journal, and each must refuse rather than run weakened.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from reflect.core.keystore import MemoryKeyStore
from reflect.core.storage import connection
from reflect.core.storage.connection import REQUIRED_PRAGMAS
from reflect.core.vault import KdfParams, Vault
from reflect.errors import VaultDamaged
from tests.conftest import PASSPHRASE

#: For each required setting: what Reflect asks for, and what a weaker engine does instead.
DOWNGRADES: dict[str, tuple[str, str]] = {
    "journal_mode": ("WAL", "DELETE"),
    "synchronous": ("FULL", "NORMAL"),
    "temp_store": ("MEMORY", "FILE"),
    "foreign_keys": ("ON", "OFF"),
    "secure_delete": ("ON", "OFF"),
}


class _Downgraded:
    """A SQLCipher connection that runs one ``PRAGMA name = value`` with a weaker value."""

    def __init__(self, conn: Any, name: str, weaker: str) -> None:
        object.__setattr__(self, "_conn", conn)
        object.__setattr__(
            self, "_asked", re.compile(rf"\s*PRAGMA\s+{name}\s*=\s*\S+\s*", re.IGNORECASE)
        )
        object.__setattr__(self, "_instead", f"PRAGMA {name} = {weaker}")

    def execute(self, sql: str, *params: Any) -> Any:
        if self._asked.fullmatch(sql):
            sql = self._instead
        return self._conn.execute(sql, *params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._conn, name, value)

    def __enter__(self) -> Any:
        return self._conn.__enter__()

    def __exit__(self, *exc: Any) -> Any:
        return self._conn.__exit__(*exc)


class WeakerEngine:
    """The ``sqlcipher3`` module, except that setting ``name`` quietly gets a weaker value."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.weaker = DOWNGRADES[name][1]

    def connect(self, *args: Any, **kwargs: Any) -> _Downgraded:
        return _Downgraded(sqlcipher3.connect(*args, **kwargs), self.name, self.weaker)


@pytest.fixture
def fast_kdf(monkeypatch):
    """Argon2id is not what these tests are about."""

    def derive(self, secret: str, salt: bytes) -> bytes:
        return hashlib.sha256(salt + secret.encode()).digest()

    monkeypatch.setattr(KdfParams, "derive", derive)


@pytest.fixture
def remembered(cli, isolated_environment) -> None:
    """The test vault's key in the (in-memory) keyring, so commands open it without Argon2id."""
    assert cli("remember").code == 0


def use_engine(monkeypatch, engine: Any) -> None:
    monkeypatch.setattr(connection, "default_driver", lambda: engine)


def test_every_promised_setting_is_checked_and_has_a_weaker_engine_here():
    """DESIGN.md names these; removing one from the checked list must fail this suite."""
    assert {"journal_mode", "synchronous", "temp_store", "foreign_keys"} <= set(REQUIRED_PRAGMAS)
    assert set(DOWNGRADES) == set(REQUIRED_PRAGMAS)
    for name, (asked, _) in DOWNGRADES.items():
        assert REQUIRED_PRAGMAS[name][0].upper() == asked


@pytest.mark.parametrize("pragma", sorted(DOWNGRADES))
def test_opening_the_vault_on_a_weaker_engine_is_refused(vault, monkeypatch, pragma):
    """Opening an existing vault on an engine that weakens any one required setting is refused with
    VaultDamaged naming the setting."""
    key = vault.unlock_with_passphrase(PASSPHRASE)
    use_engine(monkeypatch, WeakerEngine(pragma))
    with pytest.raises(VaultDamaged, match=pragma):
        vault.open(key)


@pytest.mark.parametrize("pragma", sorted(DOWNGRADES))
def test_the_command_line_refuses_a_weaker_engine_with_exit_5(cli, remembered, monkeypatch, pragma):
    """``add`` and ``list`` stop with one line naming the setting; nothing is added."""
    use_engine(monkeypatch, WeakerEngine(pragma))
    for args in (("add", "--title", "Should not be saved"), ("list", "--json")):
        result = cli(*args, passphrase=False)
        assert result.code == 5, result
        assert result.err.startswith("reflect: ") and result.err.count("\n") == 1
        assert pragma in result.err and "Traceback" not in result.err
        assert result.out == ""
    monkeypatch.undo()
    assert cli("list", "--json", passphrase=False).out.strip() == "[]"


@pytest.mark.parametrize("pragma", sorted(DOWNGRADES))
def test_creating_a_vault_on_a_weaker_engine_is_refused_and_leaves_nothing(
    tmp_path, fast_kdf, monkeypatch, pragma
):
    """Creating a vault on a weaker engine is refused, and no half-made database or envelope is
    left."""
    use_engine(monkeypatch, WeakerEngine(pragma))
    vault = Vault(tmp_path / "new", keystore=MemoryKeyStore())
    with pytest.raises(VaultDamaged, match=pragma):
        vault.create(PASSPHRASE)
    assert not vault.exists()
    assert sorted(p.name for p in vault.data_dir.iterdir()) == []


def test_the_plain_sqlite3_engine_is_refused_by_every_front_end(
    cli, remembered, tmp_path, fast_kdf, monkeypatch
):
    """Plain SQLite would silently write plaintext: ``list`` exits 5 naming SQLCipher and
    ``init`` leaves no database behind."""
    use_engine(monkeypatch, sqlite3)
    listed = cli("list", passphrase=False)
    assert listed.code == 5 and "SQLCipher" in listed.err
    fresh = tmp_path / "fresh"
    made = cli("init", "--data-dir", str(fresh))
    assert made.code == 5 and "SQLCipher" in made.err
    assert not (fresh / "reflect.db").exists()


@pytest.mark.parametrize("pragma", ["temp_store", "journal_mode"])
def test_the_app_refuses_a_weaker_engine_and_shows_nothing(
    qtbot, make_window, remembered_vault, monkeypatch, pragma
):
    """The window stays on the unlock screen, saying why, instead of opening the journal."""
    use_engine(monkeypatch, WeakerEngine(pragma))
    window = make_window(remembered_vault)
    assert window.is_locked and window.workspace is None
    message = window.unlock_view.message.text()
    assert "refusing" in message.lower() and pragma in message


# --- every connection, not only those made through connect() -----------------------------------


class _Watched(_Downgraded):
    """A real connection whose settings are read back just before it closes."""

    def __init__(self, conn: Any, seen: list[tuple[str, int, str]]) -> None:
        object.__setattr__(self, "_conn", conn)
        object.__setattr__(self, "_seen", seen)
        object.__setattr__(self, "_closed", False)

    def execute(self, sql: str, *params: Any) -> Any:
        return self._conn.execute(sql, *params)

    def close(self) -> None:
        if not self._closed:
            object.__setattr__(self, "_closed", True)
            self._seen.append(_settings(self._conn))
        self._conn.close()


def _settings(conn: Any) -> tuple[str, int, str]:
    (database,) = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
    cipher = conn.execute("PRAGMA cipher_version").fetchone()
    temp = conn.execute("PRAGMA temp_store").fetchone()[0]
    return Path(database).name, temp, cipher[0] if cipher else ""


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("add", "--title", "Watched"),
        ("search", "anything"),
        ("summary", "--json"),
        ("backup", "--out", "{tmp}/b.reflectbackup"),
        ("restore", "{tmp}/b.reflectbackup", "--data-dir", "{tmp}/restored"),
    ],
    ids=lambda command: command[0],
)  # fmt: skip
def test_every_connection_a_command_opens_keeps_temporary_data_in_memory(
    cli, tmp_path, monkeypatch, command
):
    """Whatever path a command takes to the database (the journal, an integrity check, a
    backup, a restore), every connection it opens is SQLCipher with ``temp_store`` MEMORY."""
    if command[0] == "restore":
        assert cli("backup", "--out", str(tmp_path / "b.reflectbackup")).code == 0
    seen = watched_connections(monkeypatch)
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = cli(*args)
    assert result.code == 0, result
    assert seen, "the command opened no connection: nothing was checked"
    weak = [s for s in seen if s[1] != 2 or not s[2]]
    assert weak == [], f"connections without the designed settings: {weak}"


def watched_connections(monkeypatch) -> list[tuple[str, int, str]]:
    seen: list[tuple[str, int, str]] = []
    real = sqlcipher3.connect
    monkeypatch.setattr(sqlcipher3, "connect", lambda *a, **k: _Watched(real(*a, **k), seen))
    return seen
