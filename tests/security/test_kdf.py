"""The key derivation cannot regress: every way a secret is set records Argon2id at the floor.

Promise (issue 8, DESIGN.md): ``vault.json`` records Argon2id with memory of at least 64 MiB and at
least 3 passes; two vaults with the same passphrase have different salts and wrapped keys.
``tests/core/test_vault.py`` proves this for ``Vault.create`` and for two vaults. Here every
front-end path that writes a slot (``reflect init``, ``passwd``, ``recover``; the app's set-up,
change of passphrase and recovery) is checked, each rewrap must use a fresh salt and nonce, and an
envelope below the floor must not be written or opened. These tests pay the real Argon2id cost.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import MIN_KDF, Envelope, KdfParams, Vault
from reflect.errors import UserError, VaultDamaged
from reflect.gui.dialogs import ChangePassphraseDialog, PreferencesDialog
from tests.conftest import PASSPHRASE
from tests.gui.helpers import type_text
from tests.security.helpers import reflect_ok

FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_PASSES = 3


def slots(data_dir: Path) -> dict[str, dict]:
    """Each slot of the envelope, checked against the floor; returns them for comparison."""
    data = json.loads((data_dir / "vault.json").read_text(encoding="utf-8"))
    found = data["slots"]
    assert set(found) == {"passphrase", "recovery"}
    for name, slot in found.items():
        kdf = slot["kdf"]
        assert kdf["name"] == "argon2id", name
        assert kdf["memory_kib"] >= FLOOR_MEMORY_KIB, name
        assert kdf["iterations"] >= FLOOR_PASSES, name
        assert len(base64.b64decode(kdf["salt"])) == 16, name
        assert slot["cipher"] == "aes-256-gcm", name
        assert len(base64.b64decode(slot["nonce"])) == 12, name
    return found


class Randomness:
    """Every salt and nonce seen so far: a new slot must reuse none of them."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def fresh(self, slot: dict) -> None:
        for value in (slot["kdf"]["salt"], slot["nonce"], slot["wrapped_key"]):
            assert value not in self.seen, "a salt, nonce or wrapped key was reused"
            self.seen.add(value)


def test_the_floor_itself_has_not_been_lowered():
    """The floor the code enforces is the promised one: 64 MiB, 3 passes."""
    assert MIN_KDF.memory_kib >= FLOOR_MEMORY_KIB and MIN_KDF.iterations >= FLOOR_PASSES


def test_init_passwd_and_recover_on_the_command_line_all_write_at_the_floor(tmp_path):
    """Each command writes Argon2id slots at the floor, with a new salt and nonce each time;
    the recovery slot is untouched by a change of passphrase."""
    data_dir = tmp_path / "v"
    seen = Randomness()
    code = json.loads(reflect_ok(data_dir, "init", "--json", stdin=f"{PASSPHRASE}\n"))[
        "recovery_code"
    ]
    first = slots(data_dir)
    seen.fresh(first["passphrase"])
    seen.fresh(first["recovery"])

    reflect_ok(data_dir, "passwd", stdin=f"{PASSPHRASE}\nsecond passphrase\n")
    second = slots(data_dir)
    seen.fresh(second["passphrase"])
    assert second["recovery"] == first["recovery"]

    reflect_ok(data_dir, "recover", stdin=f"{code}\nthird passphrase\n")
    third = slots(data_dir)
    seen.fresh(third["passphrase"])
    assert third["recovery"] == first["recovery"]


def test_setup_change_of_passphrase_and_recovery_in_the_app_all_write_at_the_floor(
    qtbot, make_window, tmp_path
):
    """The app's set-up, Preferences > Change passphrase and unlocking with the recovery code each
    write Argon2id slots at the floor, with fresh salts and nonces."""
    vault = Vault(tmp_path / "app", keystore=MemoryKeyStore(available=False))
    seen = Randomness()
    window = make_window(vault)
    setup = window.setup_view
    type_text(qtbot, setup.form.passphrase, PASSPHRASE)
    type_text(qtbot, setup.form.confirm, PASSPHRASE)
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: setup.pages.currentIndex() == 1, timeout=15_000)
    code = setup.code.text()
    created = slots(vault.data_dir)
    seen.fresh(created["passphrase"])
    seen.fresh(created["recovery"])
    type_text(qtbot, setup.retype, code)
    qtbot.mouseClick(setup.continue_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked

    window.show_preferences()
    preferences = window.findChild(PreferencesDialog)
    qtbot.mouseClick(preferences.change_button, Qt.MouseButton.LeftButton)
    change = preferences.findChild(ChangePassphraseDialog)
    type_text(qtbot, change.current, PASSPHRASE)
    type_text(qtbot, change.form.passphrase, "second passphrase")
    type_text(qtbot, change.form.confirm, "second passphrase")
    qtbot.mouseClick(change.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "has been changed" in preferences.message.text(), timeout=15_000)
    changed = slots(vault.data_dir)
    seen.fresh(changed["passphrase"])
    assert changed["recovery"] == created["recovery"]
    cancel = preferences.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    window.lock()
    view = window.unlock_view
    qtbot.mouseClick(view.recovery_link, Qt.MouseButton.LeftButton)
    type_text(qtbot, view.code, code)
    type_text(qtbot, view.new_passphrase.passphrase, "third passphrase")
    type_text(qtbot, view.new_passphrase.confirm, "third passphrase")
    qtbot.mouseClick(view.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=15_000)
    recovered = slots(vault.data_dir)
    seen.fresh(recovered["passphrase"])
    assert recovered["recovery"] == created["recovery"]


WEAK = [
    pytest.param(KdfParams(memory_kib=32 * 1024), id="half-the-memory"),
    pytest.param(KdfParams(iterations=2), id="two-passes"),
]


def _weakened(vault: Vault, weak: KdfParams) -> None:
    """Rewrite the passphrase slot's recorded cost as ``weak`` (checksum kept valid)."""
    data = json.loads(vault.envelope_path.read_text(encoding="utf-8"))
    data["slots"]["passphrase"]["kdf"]["memory_kib"] = weak.memory_kib
    data["slots"]["passphrase"]["kdf"]["iterations"] = weak.iterations
    Envelope(data).write(vault.envelope_path)


@pytest.mark.parametrize("weak", WEAK)
def test_an_envelope_below_the_floor_is_refused_before_any_derivation(vault, monkeypatch, weak):
    """A weakened ``vault.json`` (a downgrade, or a bug that wrote one) is reported as damage
    and no key is derived with the weak cost."""
    _weakened(vault, weak)
    derived: list[KdfParams] = []
    real = KdfParams.derive
    monkeypatch.setattr(
        KdfParams, "derive", lambda self, s, salt: derived.append(self) or real(self, s, salt)
    )
    with pytest.raises(VaultDamaged):
        vault.unlock_with_passphrase(PASSPHRASE)
    assert derived == []


@pytest.mark.parametrize("weak", WEAK)
def test_a_vault_cannot_be_made_to_write_an_envelope_below_the_floor(tmp_path, weak):
    """No caller can make a vault write a key derivation below the floor; nothing is written."""
    with pytest.raises((ValueError, UserError)):
        Vault(tmp_path / "v", keystore=MemoryKeyStore(), kdf=weak).create(PASSPHRASE)
    assert not (tmp_path / "v" / "vault.json").exists()
