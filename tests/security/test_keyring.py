"""Whatever the keyring does, the passphrase still opens the journal and nothing is lost.

Promise (DESIGN.md, security model): "remember on this device" is optional; a machine with no
usable keyring simply does not offer it, and the passphrase always works.
``tests/core/test_vault.py`` proves the vault's fallback with keyring's fail backend, a backend
that raises, and a stale key in a memory key store. Here real ``keyring`` backends misbehave in
every way we know of (failing, raising on read, raising on write, holding nothing, holding
garbage, holding a key of the wrong length, holding another vault's key) under the command line,
which then asks for the passphrase at the terminal, and under the app, which then shows its unlock
screen.
"""

from __future__ import annotations

import getpass
import io
import json
import secrets

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt

from reflect.cli.main import run
from reflect.core.keystore import SERVICE, OsKeyStore
from reflect.core.model import ItemKind
from reflect.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.gui.helpers import type_text


class StringKeyring(KeyringBackend):
    """A keyring holding strings, that can be told to raise on read or on write."""

    priority = 5  # type: ignore[assignment]

    def __init__(self, *, raise_on_read: bool = False, raise_on_write: bool = False) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}
        self.raise_on_read = raise_on_read
        self.raise_on_write = raise_on_write

    def get_password(self, service: str, username: str) -> str | None:
        if self.raise_on_read:
            raise RuntimeError("the keyring daemon went away")
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.raise_on_write:
            raise RuntimeError("the keyring is locked")
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


def holding(value: str | None, **kwargs: bool):
    """A backend that holds ``value`` as this vault's key (filled in once the id is known)."""

    def make(vault_id: str) -> KeyringBackend:
        backend = StringKeyring(**kwargs)
        if value is not None:
            backend.passwords[(SERVICE, vault_id)] = value
        return backend

    return make


MODES = {
    "fail backend": lambda vault_id: fail.Keyring(),
    "raises on read": holding(None, raise_on_read=True),
    "raises on write": holding(None, raise_on_write=True),
    "nothing stored": holding(None),
    "not hex": holding("this is not a key at all"),
    "too short": holding("abcdef0123"),
    "another vault's key": holding(secrets.token_hex(32)),
}


@pytest.fixture
def existing(data_dir, data_key) -> int:
    """The test vault with one entry in it, to show that nothing is lost."""
    vault = Vault(data_dir, keystore=OsKeyStore(backend=StringKeyring()))
    with vault.open(data_key) as journal:
        return journal.save(journal.new_item(ItemKind.ENTRY, "Written before")).id


class Terminal(io.StringIO):
    """Standard input that is a terminal (so the command line may prompt)."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("mode", sorted(MODES))
def test_the_command_line_falls_back_to_asking_for_the_passphrase(
    mode, data_dir, existing, monkeypatch
):
    """No ``--passphrase-stdin``: with a misbehaving keyring the command asks at the terminal,
    opens the journal with the passphrase, finds what was there and saves a new entry."""
    vault_id = Vault(data_dir).vault_id
    monkeypatch.setattr(keyring.core, "_keyring_backend", MODES[mode](vault_id))
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or PASSPHRASE)

    def reflect(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = run([*args, "--data-dir", str(data_dir)], Terminal(), out, err)
        return code, out.getvalue(), err.getvalue()

    code, out, err = reflect("add", "--title", "Written after", "--json")
    assert code == 0, err
    code, out, err = reflect("list", "--json")
    assert code == 0 and err == "", err
    assert [item["title"] for item in json.loads(out)] == ["Written after", "Written before"]
    assert asked == ["Passphrase: ", "Passphrase: "], "the passphrase was asked for each time"


@pytest.mark.parametrize("mode", ["fail backend", "raises on write"])
def test_remember_says_it_cannot_and_changes_nothing(mode, data_dir, existing, monkeypatch):
    """Asking to remember the key on a machine whose keyring cannot keep it is one clear line
    (exit 1); the journal still opens with the passphrase."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", MODES[mode](Vault(data_dir).vault_id))
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["remember", "--data-dir", str(data_dir), "--passphrase-stdin"],
        io.StringIO(PASSPHRASE + "\n"),
        out,
        err,
    )
    assert code == 1 and err.getvalue().count("\n") == 1 and "keyring" in err.getvalue()
    code = run(
        ["list", "--data-dir", str(data_dir), "--passphrase-stdin", "--json"],
        io.StringIO(PASSPHRASE + "\n"),
        out := io.StringIO(),
        io.StringIO(),
    )
    assert code == 0 and json.loads(out.getvalue())[0]["title"] == "Written before"


@pytest.mark.parametrize("mode", sorted(MODES))
def test_the_app_shows_its_unlock_screen_and_the_passphrase_opens_everything(
    mode, qtbot, make_window, data_dir, existing
):
    """The app starts on the unlock screen (no error, no "unlock with this device" button that
    cannot work), and the passphrase opens the journal with its entry."""
    vault = Vault(data_dir, keystore=OsKeyStore(backend=MODES[mode](Vault(data_dir).vault_id)))
    window = make_window(vault)
    view = window.unlock_view
    assert window.is_locked
    assert view.message.text() == ""
    assert not view.device_button.isVisible()
    type_text(qtbot, view.passphrase, PASSPHRASE)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=15_000)
    assert window.workspace.list_model.index(0, 0).data() == "Written before"
    assert window.journal.get(existing).title == "Written before"
