"""The vault: one encrypted database and the key envelope that unlocks it.

The database is encrypted with a random 256-bit *data key*. The key envelope (``vault.json``)
holds that key wrapped twice with AES-256-GCM: once under a key derived from the passphrase with
Argon2id, and once under a key derived from the recovery code. Changing the passphrase rewraps the
data key; the database is never rewritten. The envelope holds no user content.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reflect.core.fsutil import PRIVATE_FILE_MODE, atomic_write_bytes, ensure_private_dir
from reflect.core.keystore import HINT_NAME, KeyStore, OsKeyStore
from reflect.core.recovery import new_recovery_code, normalise_recovery_code
from reflect.errors import (
    KeyringUnavailable,
    LockedError,
    NoVault,
    UserError,
    VaultDamaged,
    VaultExists,
    VaultTooNew,
    WrongPassphrase,
)
from reflect.i18n import _

DB_NAME = "reflect.db"
ENVELOPE_NAME = "vault.json"
ENVELOPE_FORMAT = "reflect-key-envelope"
ENVELOPE_VERSION = 1
MIN_PASSPHRASE = 8

PASSPHRASE_SLOT = "passphrase"
RECOVERY_SLOT = "recovery"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The floor (64 MiB, 3 passes) is part of the security promise."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    parallelism: int = 4

    def derive(self, secret: str, salt: bytes) -> bytes:
        from argon2.low_level import Type, hash_secret_raw

        return hash_secret_raw(
            secret.encode("utf-8"),
            salt,
            time_cost=self.iterations,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )


#: The least a vault may use; an envelope below it is refused.
MIN_KDF = KdfParams()
#: What new wraps use: about 0.25 s here (inside DESIGN.md's 0.2 to 1 s), and twice the memory.
DEFAULT_KDF = KdfParams(memory_kib=128 * 1024, iterations=4)


class DataKey:
    """The raw database key; its repr never shows the bytes."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("a data key is 32 bytes")
        self._key = key

    @property
    def raw(self) -> bytes:
        return self._key

    def __repr__(self) -> str:
        return "DataKey(<hidden>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataKey) and secrets.compare_digest(self._key, other._key)

    def __hash__(self) -> int:
        return hash(self._key)


@dataclass(frozen=True)
class CreatedVault:
    vault_id: str
    recovery_code: str
    key: DataKey


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _wrap(key: bytes, secret: str, vault_id: str, kdf: KdfParams) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(16)
    nonce = os.urandom(12)
    kek = kdf.derive(secret, salt)
    wrapped = AESGCM(kek).encrypt(nonce, key, vault_id.encode("utf-8"))
    return {
        "kdf": {
            "name": "argon2id",
            "memory_kib": kdf.memory_kib,
            "iterations": kdf.iterations,
            "parallelism": kdf.parallelism,
            "salt": _b64(salt),
        },
        "cipher": "aes-256-gcm",
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
    }


def _checksum(data: dict[str, Any]) -> str:
    """Detects damage to the envelope that AES-GCM alone would report as a wrong passphrase."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(canonical).hexdigest()


def _key_check(key: bytes, vault_id: str) -> str:
    """A commitment to the data key, so a stale key from the keyring is spotted before use."""
    return hmac.new(
        key, b"reflect key check " + vault_id.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def _unwrap(slot: dict[str, Any], secret: str, vault_id: str) -> bytes | None:
    """The data key, or ``None`` if ``secret`` is not the one this slot was wrapped under."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kdf = KdfParams(
        memory_kib=int(slot["kdf"]["memory_kib"]),
        iterations=int(slot["kdf"]["iterations"]),
        parallelism=int(slot["kdf"]["parallelism"]),
    )
    kek = kdf.derive(secret, _unb64(slot["kdf"]["salt"]))
    try:
        key = AESGCM(kek).decrypt(
            _unb64(slot["nonce"]), _unb64(slot["wrapped_key"]), vault_id.encode("utf-8")
        )
    except InvalidTag:
        return None
    return key


class Envelope:
    """The parsed ``vault.json``, validated on read to tell damage from a wrong passphrase."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @property
    def vault_id(self) -> str:
        return str(self.data["vault_id"])

    def slot(self, name: str) -> dict[str, Any]:
        return dict(self.data["slots"][name])

    def matches(self, key: bytes) -> bool:
        """Whether ``key`` is this vault's data key."""
        return hmac.compare_digest(self.data["key_check"], _key_check(key, self.vault_id))

    @classmethod
    def read(cls, path: Path) -> Envelope:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise NoVault(
                _("there is no journal in {parent} yet: run 'reflect init' to create one").format(
                    parent=path.parent
                )
            ) from None
        except OSError as exc:
            raise VaultDamaged(
                _("cannot read the key envelope {path}: {strerror}").format(
                    path=path, strerror=exc.strerror
                )
            ) from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise VaultDamaged(
                _("the key envelope {path} is damaged (not valid JSON)").format(path=path)
            ) from None
        if not isinstance(data, dict) or data.get("format") != ENVELOPE_FORMAT:
            raise VaultDamaged(_("{path} is not a Reflect key envelope").format(path=path))
        version = data.get("version")
        if not isinstance(version, int):
            raise VaultDamaged(
                _("the key envelope {path} is damaged (no version)").format(path=path)
            )
        if version > ENVELOPE_VERSION:
            raise VaultTooNew(
                _(
                    "this journal's key envelope was written by a newer version of "
                    "Reflect; update Reflect to open it"
                )
            )
        checksum = data.get("checksum")
        if checksum is not None and checksum != _checksum(
            {key: value for key, value in data.items() if key != "checksum"}
        ):
            raise VaultDamaged(
                _(
                    "the key envelope {path} is damaged (its checksum does not match); "
                    "this is not a wrong passphrase"
                ).format(path=path)
            )
        envelope = cls(data)
        try:
            uuid.UUID(envelope.vault_id)
            if len(str(envelope.data["key_check"])) != 64:
                raise ValueError("bad key check")
            for name in (PASSPHRASE_SLOT, RECOVERY_SLOT):
                slot = envelope.slot(name)
                kdf = slot["kdf"]
                if kdf["name"] != "argon2id" or slot["cipher"] != "aes-256-gcm":
                    raise ValueError("unknown algorithm")
                if (
                    int(kdf["memory_kib"]) < MIN_KDF.memory_kib
                    or int(kdf["iterations"]) < MIN_KDF.iterations
                    or int(kdf["parallelism"]) < 1
                ):
                    raise ValueError("key derivation weaker than allowed")
                if len(_unb64(kdf["salt"])) != 16 or len(_unb64(slot["nonce"])) != 12:
                    raise ValueError("bad salt or nonce")
                if len(_unb64(slot["wrapped_key"])) != 48:
                    raise ValueError("bad wrapped key")
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise VaultDamaged(
                _("the key envelope {path} is damaged ({exc})").format(path=path, exc=exc)
            ) from None
        return envelope

    def write(self, path: Path) -> None:
        data = {key: value for key, value in self.data.items() if key != "checksum"}
        data["checksum"] = _checksum(data)
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"), PRIVATE_FILE_MODE)


class Vault:
    """A data directory holding one journal. Knows keys; hands out open journals."""

    def __init__(
        self,
        data_dir: Path,
        keystore: KeyStore | None = None,
        kdf: KdfParams = DEFAULT_KDF,
    ) -> None:
        if kdf.memory_kib < MIN_KDF.memory_kib or kdf.iterations < MIN_KDF.iterations:
            raise ValueError("key derivation below the floor of 64 MiB and 3 passes")
        self.data_dir = Path(data_dir)
        if keystore is None:
            keystore = OsKeyStore(hint_file=self.data_dir / HINT_NAME)
        self.keystore: KeyStore = keystore
        self.kdf = kdf

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def envelope_path(self) -> Path:
        return self.data_dir / ENVELOPE_NAME

    def exists(self) -> bool:
        return self.envelope_path.exists() or self.db_path.exists()

    def envelope(self) -> Envelope:
        return Envelope.read(self.envelope_path)

    @property
    def vault_id(self) -> str:
        return self.envelope().vault_id

    # --- creating ----------------------------------------------------------------------------

    def create(self, passphrase: str, *, remember: bool = False) -> CreatedVault:
        """Make a new, empty journal; the recovery code is returned once and stored nowhere."""
        check_new_passphrase(passphrase)
        if self.exists():
            raise VaultExists(
                _(
                    "there is already a journal in {data_dir}; nothing was changed "
                    "(choose another --data-dir to make a new one)"
                ).format(data_dir=self.data_dir)
            )
        ensure_private_dir(self.data_dir)
        vault_id = str(uuid.uuid4())
        key = DataKey(secrets.token_bytes(32))
        code = new_recovery_code()
        envelope = Envelope(
            {
                "format": ENVELOPE_FORMAT,
                "version": ENVELOPE_VERSION,
                "vault_id": vault_id,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "key_check": _key_check(key.raw, vault_id),
                "slots": {
                    PASSPHRASE_SLOT: _wrap(key.raw, passphrase, vault_id, self.kdf),
                    RECOVERY_SLOT: _wrap(
                        key.raw, normalise_recovery_code(code), vault_id, self.kdf
                    ),
                },
            }
        )
        from reflect.core.storage.connection import connect
        from reflect.core.storage.schema import migrate

        try:
            conn = connect(self.db_path, key.raw, create=True)
            try:
                migrate(conn)
            finally:
                conn.close()
            envelope.write(self.envelope_path)
        except BaseException:
            # A half-made vault would block the next attempt: take back only what we made.
            for leftover in (self.db_path, self.envelope_path):
                for suffix in ("", "-wal", "-shm"):
                    Path(str(leftover) + suffix).unlink(missing_ok=True)
            raise
        created = CreatedVault(vault_id=vault_id, recovery_code=code, key=key)
        if remember:
            self.remember(key)
        return created

    # --- unlocking ---------------------------------------------------------------------------

    def unlock_with_passphrase(self, passphrase: str) -> DataKey:
        envelope = self.envelope()
        key = _unwrap(envelope.slot(PASSPHRASE_SLOT), passphrase, envelope.vault_id)
        if key is None:
            raise WrongPassphrase(_("wrong passphrase: the journal stays locked"))
        return _checked(envelope, key)

    def unlock_with_recovery_code(self, code: str) -> DataKey:
        canonical = normalise_recovery_code(code)  # a typo fails here, before any derivation
        envelope = self.envelope()
        key = _unwrap(envelope.slot(RECOVERY_SLOT), canonical, envelope.vault_id)
        if key is None:
            raise WrongPassphrase(_("that recovery code does not belong to this journal"))
        return _checked(envelope, key)

    def remembered_key(self) -> DataKey | None:
        """The key kept in the OS keyring for this vault, if the user chose to remember it."""
        envelope = self.envelope()
        raw = self.keystore.get(envelope.vault_id)
        if raw is None or not envelope.matches(raw):
            return None  # nothing stored, or a stale or corrupted key: the passphrase decides
        return DataKey(raw)

    def unlock(self, ask_passphrase: Callable[[], str] | None = None) -> DataKey:
        """The remembered key if there is a good one, else the passphrase ``ask_passphrase``."""
        remembered = self.remembered_key()
        if remembered is not None:
            return remembered
        if ask_passphrase is None:
            raise LockedError(_("the journal is locked: a passphrase is needed"))
        return self.unlock_with_passphrase(ask_passphrase())

    def open_journal(self, ask_passphrase: Callable[[], str] | None = None, **options: Any) -> Any:
        """Unlock (keyring first, then passphrase) and open the journal in one step."""
        return self.open(self.unlock(ask_passphrase), **options)

    def open(self, key: DataKey, **journal_options: Any) -> Any:
        """An open :class:`~reflect.core.journal.Journal` on this vault's database."""
        from reflect.core.journal import Journal

        self.envelope()  # a missing or damaged envelope is reported before the database
        return Journal.open(self.db_path, key.raw, **journal_options)

    # --- changing keys -----------------------------------------------------------------------

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the data key under ``new``; the database file is not touched."""
        key = self.unlock_with_passphrase(current)
        self._rewrap_passphrase(key, new)

    def recover(self, code: str, new_passphrase: str) -> DataKey:
        """Set a new passphrase with the recovery code; the recovery code stays valid."""
        check_new_passphrase(new_passphrase)
        key = self.unlock_with_recovery_code(code)
        self._rewrap_passphrase(key, new_passphrase)
        return key

    def _rewrap_passphrase(self, key: DataKey, new: str) -> None:
        check_new_passphrase(new)
        envelope = self.envelope()
        self._check_key_opens_database(key)
        data = json.loads(json.dumps(envelope.data))
        data["slots"][PASSPHRASE_SLOT] = _wrap(key.raw, new, envelope.vault_id, self.kdf)
        Envelope(data).write(self.envelope_path)
        if self.keystore.get(envelope.vault_id) is not None:
            self.keystore.set(envelope.vault_id, key.raw)

    def _check_key_opens_database(self, key: DataKey) -> None:
        from reflect.core.storage.connection import connect

        connect(self.db_path, key.raw).close()

    # --- this device -------------------------------------------------------------------------

    def can_remember(self) -> bool:
        return self.keystore.available()

    def remember(self, key: DataKey) -> None:
        """Keep the data key in the OS keyring so this device unlocks without the passphrase."""
        if not self.keystore.available():
            raise KeyringUnavailable(
                _(
                    "this machine has no usable keyring, so the key cannot be remembered "
                    "here; the passphrase still works"
                )
            )
        if not self.keystore.set(self.vault_id, key.raw):
            raise KeyringUnavailable(_("the keyring refused to store the key; nothing was changed"))

    def forget(self) -> bool:
        """Remove the remembered key from this device; ``False`` if none was stored."""
        return self.keystore.delete(self.vault_id)

    def is_remembered(self) -> bool:
        return self.remembered_key() is not None


def _checked(envelope: Envelope, key: bytes) -> DataKey:
    if not envelope.matches(key):
        raise VaultDamaged(_("the key envelope is damaged: its key does not match its check value"))
    return DataKey(key)


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            _("choose a passphrase of at least {min_passphrase} characters").format(
                min_passphrase=MIN_PASSPHRASE
            )
        )
    if passphrase != passphrase.strip():
        raise UserError(_("a passphrase cannot start or end with a space"))
