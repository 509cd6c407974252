"""The keyring hint: a remembered key is read from the backend that stored it, without detection.

Detection is what makes every command slow, so these tests prove the shortcut is taken when it is
good and is harmless when it is not: the key is still found, or the passphrase still decides.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from reflect.core.keystore import HINT_NAME, SERVICE
from reflect.core.vault import Vault
from reflect.errors import LockedError
from tests.conftest import PASSPHRASE


@pytest.fixture
def remembered(data_dir: Path) -> tuple[Vault, bytes]:
    """A vault whose key was remembered in a real, packaged file keyring (in the temp XDG dir)."""
    keyring.set_keyring(PlaintextKeyring())
    vault = Vault(data_dir)
    key = vault.unlock_with_passphrase(PASSPHRASE)
    vault.remember(key)
    return vault, key.raw


def test_remembering_names_the_backend_and_nothing_secret(remembered, data_dir: Path) -> None:
    _, raw = remembered
    hint = data_dir / HINT_NAME
    assert json.loads(hint.read_text()) == {"backend": "keyrings.alt.file.PlaintextKeyring"}
    assert stat.S_IMODE(hint.stat().st_mode) == 0o600
    assert raw.hex() not in hint.read_text()


def test_a_later_command_reads_the_key_from_the_named_backend(
    remembered, data_dir: Path, isolated_environment
) -> None:
    _, raw = remembered
    keyring.set_keyring(isolated_environment)  # what detection would now find: an empty keyring
    assert Vault(data_dir).unlock().raw == raw


def test_without_the_hint_detection_decides(remembered, data_dir: Path, isolated_environment):
    (data_dir / HINT_NAME).unlink()
    keyring.set_keyring(isolated_environment)
    with pytest.raises(LockedError):
        Vault(data_dir).unlock()


@pytest.mark.parametrize(
    "content",
    [
        '{"backend": "keyring.backends.no_such_module.Keyring"}',
        '{"backend": "os.system"}',  # not a keyring package: never imported by name
        '{"backend": 42}',
        "not json at all",
        "",
    ],
)
def test_a_bad_hint_falls_back_to_detection(data_dir: Path, isolated_environment, content) -> None:
    vault = Vault(data_dir)
    key = vault.unlock_with_passphrase(PASSPHRASE)
    vault.remember(key)  # into the memory keyring that detection finds
    (data_dir / HINT_NAME).write_text(content)
    assert Vault(data_dir).unlock().raw == key.raw


def test_forgetting_removes_the_hint(remembered, data_dir: Path) -> None:
    vault, _ = remembered
    assert vault.forget()
    assert not (data_dir / HINT_NAME).exists()
    with pytest.raises(LockedError):
        Vault(data_dir).unlock()


def test_forgetting_deletes_the_key_where_the_hint_says_it_is(
    remembered, data_dir: Path, isolated_environment
) -> None:
    keyring.set_keyring(isolated_environment)  # detection now finds another (empty) keyring
    assert Vault(data_dir).forget()
    assert PlaintextKeyring().get_password(SERVICE, Vault(data_dir).vault_id) is None


def test_an_explicit_backend_in_the_environment_wins(
    remembered, data_dir: Path, isolated_environment, monkeypatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(isolated_environment)
    with pytest.raises(LockedError):
        Vault(data_dir).unlock()
