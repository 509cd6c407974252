"""The vault: key envelope, passphrase, recovery code, keyring, and what lands on disk."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from keyring.backends import fail

from reflect.core.fsutil import atomic_write_bytes
from reflect.core.keystore import MemoryKeyStore, OsKeyStore
from reflect.core.model import ItemKind
from reflect.core.vault import MIN_KDF, Vault
from reflect.errors import (
    KeyringUnavailable,
    LockedError,
    NoVault,
    RecoveryCodeTypo,
    UserError,
    VaultDamaged,
    VaultExists,
    VaultTooNew,
    WrongPassphrase,
)
from tests.conftest import PASSPHRASE


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def fresh(tmp_path):
    """A vault made here, with its recovery code (costs real Argon2id)."""
    vault = Vault(tmp_path / "new", keystore=MemoryKeyStore())
    created = vault.create(PASSPHRASE)
    return vault, created


def test_create_makes_a_private_folder_with_only_the_database_and_envelope(fresh):
    vault, created = fresh
    assert stat.S_IMODE(vault.data_dir.stat().st_mode) == 0o700
    names = sorted(p.name for p in vault.data_dir.iterdir())
    assert names == ["reflect.db", "vault.json"]
    for name in names:
        assert stat.S_IMODE((vault.data_dir / name).stat().st_mode) == 0o600
    assert vault.vault_id == created.vault_id


def test_envelope_records_argon2id_at_or_above_the_floor_and_no_content(fresh):
    vault, created = fresh
    data = json.loads(vault.envelope_path.read_text())
    assert data["vault_id"] == created.vault_id
    for slot in data["slots"].values():
        assert slot["kdf"]["name"] == "argon2id"
        assert slot["kdf"]["memory_kib"] >= 64 * 1024
        assert slot["kdf"]["iterations"] >= 3
        assert len(base64.b64decode(slot["kdf"]["salt"])) == 16
        assert slot["cipher"] == "aes-256-gcm"
    assert MIN_KDF.memory_kib >= 64 * 1024 and MIN_KDF.iterations >= 3


def test_two_vaults_with_the_same_passphrase_share_no_salt_or_wrapped_key(tmp_path):
    envelopes = []
    for name in ("a", "b"):
        vault = Vault(tmp_path / name, keystore=MemoryKeyStore())
        vault.create(PASSPHRASE)
        envelopes.append(json.loads(vault.envelope_path.read_text()))
    a, b = (e["slots"]["passphrase"] for e in envelopes)
    assert a["kdf"]["salt"] != b["kdf"]["salt"]
    assert a["wrapped_key"] != b["wrapped_key"]


def test_passphrase_and_recovery_code_unlock_the_same_key(fresh):
    vault, created = fresh
    assert vault.unlock_with_passphrase(PASSPHRASE) == created.key
    assert vault.unlock_with_recovery_code(created.recovery_code) == created.key
    assert "hidden" in repr(created.key) and created.key.raw.hex() not in repr(created.key)


def test_wrong_passphrase_is_refused_and_changes_nothing(vault):
    before = snapshot(vault.data_dir)
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_passphrase("not the passphrase")
    assert snapshot(vault.data_dir) == before


def test_a_recovery_code_typo_is_reported_before_any_key_derivation(fresh, monkeypatch):
    vault, created = fresh
    chars = list(created.recovery_code.replace("-", ""))
    chars[5] = "Z" if chars[5] != "Z" else "Y"
    derived = []
    monkeypatch.setattr(type(vault.kdf), "derive", lambda *a: derived.append(a) or b"x" * 32)
    with pytest.raises(RecoveryCodeTypo):
        vault.unlock_with_recovery_code("".join(chars))
    assert derived == []


def test_changing_the_passphrase_rewraps_without_touching_the_database(fresh):
    vault, created = fresh
    db_hash = sha256(vault.db_path)
    vault.change_passphrase(PASSPHRASE, "a brand new passphrase")
    assert sha256(vault.db_path) == db_hash
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_passphrase(PASSPHRASE)
    assert vault.unlock_with_passphrase("a brand new passphrase") == created.key
    assert vault.unlock_with_recovery_code(created.recovery_code) == created.key


def test_recover_sets_a_new_passphrase_and_keeps_the_recovery_code(fresh):
    vault, created = fresh
    vault.recover(created.recovery_code, "after forgetting it")
    assert vault.unlock_with_passphrase("after forgetting it") == created.key
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_passphrase(PASSPHRASE)
    assert vault.unlock_with_recovery_code(created.recovery_code) == created.key


def test_short_passphrases_are_refused_before_anything_is_written(tmp_path):
    vault = Vault(tmp_path / "v", keystore=MemoryKeyStore())
    with pytest.raises(UserError):
        vault.create("short")
    assert not (tmp_path / "v").exists()


def test_create_refuses_to_overwrite_an_existing_vault(vault):
    before = snapshot(vault.data_dir)
    with pytest.raises(VaultExists):
        vault.create("another passphrase")
    assert snapshot(vault.data_dir) == before


def test_an_empty_folder_says_there_is_no_journal(tmp_path):
    with pytest.raises(NoVault):
        Vault(tmp_path, keystore=MemoryKeyStore()).unlock_with_passphrase(PASSPHRASE)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: "not json at all",
        lambda d: json.dumps({**d, "format": "something else"}),
        lambda d: json.dumps({k: v for k, v in d.items() if k != "slots"}),
        lambda d: json.dumps({**d, "key_check": "00" * 32}),
        lambda d: json.dumps(
            {
                **d,
                "slots": {
                    **d["slots"],
                    "passphrase": {**d["slots"]["passphrase"], "nonce": "AA=="},
                },
            }
        ),
    ],
)
def test_a_damaged_envelope_is_reported_as_damage_not_as_a_wrong_passphrase(vault, damage):
    data = json.loads(vault.envelope_path.read_text())
    vault.envelope_path.write_text(damage(data))
    with pytest.raises(VaultDamaged):
        vault.unlock_with_passphrase(PASSPHRASE)


def test_a_single_changed_character_in_the_envelope_is_damage_not_a_wrong_passphrase(vault):
    data = json.loads(vault.envelope_path.read_text())
    wrapped = data["slots"]["passphrase"]["wrapped_key"]
    flipped = ("B" if wrapped[10] != "B" else "C").join((wrapped[:10], wrapped[11:]))
    data["slots"]["passphrase"]["wrapped_key"] = flipped
    vault.envelope_path.write_text(json.dumps(data))
    with pytest.raises(VaultDamaged):
        vault.unlock_with_passphrase(PASSPHRASE)


def test_an_envelope_from_a_newer_version_is_refused(vault):
    data = json.loads(vault.envelope_path.read_text())
    data["version"] = 99
    vault.envelope_path.write_text(json.dumps(data))
    with pytest.raises(VaultTooNew):
        vault.unlock_with_passphrase(PASSPHRASE)


def test_remember_and_forget_with_a_working_keyring(vault):
    key = vault.unlock_with_passphrase(PASSPHRASE)
    assert not vault.is_remembered()
    with pytest.raises(LockedError):
        vault.unlock()  # nothing remembered and no passphrase source
    vault.remember(key)
    assert vault.unlock() == key
    with vault.open_journal() as journal:
        assert journal.count() == 0
    assert vault.forget() is True
    assert vault.forget() is False
    assert vault.unlock(lambda: PASSPHRASE) == key


def test_a_stale_or_corrupted_remembered_key_falls_back_to_the_passphrase(vault):
    key = vault.unlock_with_passphrase(PASSPHRASE)
    vault.keystore.keys[vault.vault_id] = os.urandom(32)
    assert vault.remembered_key() is None
    assert vault.unlock(lambda: PASSPHRASE) == key


def test_with_keyrings_fail_backend_everything_works_by_passphrase(data_dir):
    vault = Vault(data_dir, keystore=OsKeyStore(backend=fail.Keyring()))
    assert vault.can_remember() is False
    key = vault.unlock(lambda: PASSPHRASE)
    with pytest.raises(KeyringUnavailable):
        vault.remember(key)
    assert vault.forget() is False
    with vault.open(key) as journal:
        journal.save(journal.new_item(ItemKind.ENTRY, "Still works"))
        assert journal.count() == 1


class ExplodingKeyring(fail.Keyring):
    """A backend that claims to work and raises on every call."""

    priority = 5

    def get_password(self, service, username):
        raise RuntimeError("backend exploded")

    def set_password(self, service, username, password):
        raise RuntimeError("backend exploded")

    def delete_password(self, service, username):
        raise RuntimeError("backend exploded")


def test_a_keyring_that_raises_never_stops_the_passphrase_from_working(data_dir):
    vault = Vault(data_dir, keystore=OsKeyStore(backend=ExplodingKeyring()))
    key = vault.unlock(lambda: PASSPHRASE)
    with pytest.raises(KeyringUnavailable):
        vault.remember(key)
    assert vault.forget() is False
    assert vault.is_remembered() is False


def test_an_interrupted_envelope_write_leaves_the_old_envelope_intact(vault, monkeypatch):
    before = vault.envelope_path.read_bytes()

    def fail_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail_rename)
    with pytest.raises(UserError) as excinfo:
        vault.change_passphrase(PASSPHRASE, "the new passphrase")
    assert "full" in str(excinfo.value)
    monkeypatch.undo()
    assert vault.envelope_path.read_bytes() == before
    assert [p.name for p in vault.data_dir.iterdir() if p.name.endswith(".tmp")] == []
    vault.unlock_with_passphrase(PASSPHRASE)


def test_atomic_write_creates_private_files(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write_bytes(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
