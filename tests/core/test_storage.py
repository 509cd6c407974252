"""The database at rest: encrypted, on the designed settings, refusing what it cannot trust."""

from __future__ import annotations

import sqlite3

import pytest

from reflect.core.storage import connection
from reflect.core.storage.connection import REQUIRED_PRAGMAS, connect, verify
from reflect.core.storage.schema import KNOWN, MIGRATION_SET, MIGRATIONS_TABLE, migrate
from reflect.core.vault import Vault
from reflect.errors import VaultDamaged, VaultTooNew
from tests.conftest import PASSPHRASE


def test_the_database_file_is_not_readable_as_sqlite(vault):
    header = vault.db_path.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    plain = sqlite3.connect(vault.db_path)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()


def test_opening_with_the_plain_sqlite3_driver_is_refused(vault):
    key = vault.unlock_with_passphrase(PASSPHRASE)
    with pytest.raises(VaultDamaged) as excinfo:
        connect(vault.db_path, key.raw, driver=sqlite3)
    assert "SQLCipher" in str(excinfo.value)


def test_creating_with_the_plain_driver_is_refused_too(tmp_path):
    with pytest.raises(VaultDamaged):
        connect(tmp_path / "x.db", b"k" * 32, create=True, driver=sqlite3)


def test_every_open_has_the_designed_pragmas(journal):
    with journal.reading() as conn:
        verify(conn)
        assert conn.execute("PRAGMA cipher_version").fetchone()[0]
        for name, (_, expected) in REQUIRED_PRAGMAS.items():
            assert conn.execute(f"PRAGMA {name}").fetchone()[0] == expected


def test_a_pragma_that_does_not_take_refuses_the_open(vault, monkeypatch):
    key = vault.unlock_with_passphrase(PASSPHRASE)
    monkeypatch.setitem(REQUIRED_PRAGMAS, "temp_store", ("FILE", 2))
    with pytest.raises(VaultDamaged) as excinfo:
        connect(vault.db_path, key.raw)
    assert "temp_store" in str(excinfo.value)


def test_a_wrong_key_is_damage(vault):
    with pytest.raises(VaultDamaged):
        connection.connect(vault.db_path, b"\x01" * 32)


def test_a_missing_database_is_damage_not_an_empty_journal(vault):
    key = vault.unlock_with_passphrase(PASSPHRASE)
    vault.db_path.unlink()
    with pytest.raises(VaultDamaged):
        vault.open(key)
    assert not vault.db_path.exists()


def test_a_vault_from_a_newer_schema_is_refused(vault):
    key = vault.unlock_with_passphrase(PASSPHRASE)
    conn = connect(vault.db_path, key.raw)
    conn.execute(
        f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (MIGRATION_SET, "9999_from_the_future", "2030-01-01"),
    )
    conn.close()
    with pytest.raises(VaultTooNew):
        vault.open(key)


def test_migrations_are_recorded_by_name_and_rerunning_is_a_no_op(tmp_path):
    conn = connect(tmp_path / "m.db", b"\x02" * 32, create=True)
    migrate(conn)
    migrate(conn)
    names = [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")]
    assert names == list(KNOWN) and names[0] == "0001_initial"
    conn.close()


def test_vault_open_reports_a_missing_envelope_before_the_database(tmp_path):
    from reflect.core.keystore import MemoryKeyStore
    from reflect.errors import NoVault

    with pytest.raises(NoVault):
        Vault(tmp_path, keystore=MemoryKeyStore()).envelope()
