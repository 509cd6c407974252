"""The OS keyring, wrapped so that "no keyring" is an ordinary answer rather than an error.

Only the data key of a vault whose owner chose "remember on this device" is stored, keyed by vault
id. Every exception from ``keyring`` is caught here: the passphrase always works.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from reflect.log import public

log = logging.getLogger(__name__)

SERVICE = "Reflect journal"


class KeyStore(Protocol):
    """Where a remembered data key lives; the real one is the OS keyring."""

    def available(self) -> bool: ...

    def get(self, vault_id: str) -> bytes | None: ...

    def set(self, vault_id: str, key: bytes) -> bool: ...

    def delete(self, vault_id: str) -> bool: ...


class OsKeyStore:
    """The platform keyring through ``keyring``; ``backend`` lets tests pass an in-memory one."""

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend

    def _keyring(self) -> Any | None:
        if self._backend is not None:
            return self._backend
        try:
            import keyring

            self._backend = keyring.get_keyring()
        except Exception as exc:  # any failure means "no keyring here"
            log.info("no usable keyring backend (%s)", public(type(exc).__name__))
            return None
        return self._backend

    def available(self) -> bool:
        backend = self._keyring()
        if backend is None:
            return False
        try:
            priority = float(getattr(type(backend), "priority", 1))
        except Exception:
            return False
        # keyring's fail and null backends advertise priority 0 (or less): nothing can be stored.
        return priority > 0

    def get(self, vault_id: str) -> bytes | None:
        backend = self._keyring()
        if backend is None:
            return None
        try:
            stored = backend.get_password(SERVICE, vault_id)
        except Exception as exc:
            log.info("keyring read failed (%s)", public(type(exc).__name__))
            return None
        if not stored:
            return None
        try:
            key = bytes.fromhex(stored)
        except (TypeError, ValueError):
            log.info("keyring holds an unreadable key for this vault; ignoring it")
            return None
        return key if len(key) == 32 else None

    def set(self, vault_id: str, key: bytes) -> bool:
        if not self.available():
            return False
        backend = self._keyring()
        try:
            backend.set_password(SERVICE, vault_id, key.hex())  # type: ignore[union-attr]
        except Exception as exc:
            log.info("keyring write failed (%s)", public(type(exc).__name__))
            return False
        return self.get(vault_id) == key

    def delete(self, vault_id: str) -> bool:
        backend = self._keyring()
        if backend is None:
            return False
        try:
            backend.delete_password(SERVICE, vault_id)
        except Exception as exc:  # includes PasswordDeleteError: nothing was stored
            log.info("keyring delete did nothing (%s)", public(type(exc).__name__))
            return False
        return True


class MemoryKeyStore:
    """A keyring that lives in memory: for tests and for machines where the user opts out."""

    def __init__(self, available: bool = True) -> None:
        self._available = available
        self.keys: dict[str, bytes] = {}

    def available(self) -> bool:
        return self._available

    def get(self, vault_id: str) -> bytes | None:
        return self.keys.get(vault_id)

    def set(self, vault_id: str, key: bytes) -> bool:
        if not self._available:
            return False
        self.keys[vault_id] = key
        return True

    def delete(self, vault_id: str) -> bool:
        return self.keys.pop(vault_id, None) is not None
