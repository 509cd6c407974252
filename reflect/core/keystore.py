"""The OS keyring, wrapped so that "no keyring" is an ordinary answer rather than an error.

Only the data key of a vault whose owner chose "remember on this device" is stored, keyed by vault
id. Every exception from ``keyring`` is caught here: the passphrase always works.

Finding the platform's backend is the slow part of every command: ``keyring.get_keyring()`` scans
every installed package's entry points and probes each backend (about 60 ms, more than the query
itself). So when a key is stored, the name of the backend that took it is written beside the vault
(``keyring.json``: a class name, nothing secret) and later reads load that backend directly. The
hint is only a shortcut: if it is missing, unreadable, unloadable or its backend has no key, the
normal detection runs, and a ``PYTHON_KEYRING_BACKEND`` or keyring config the user set always wins.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any, Protocol

from reflect.core.fsutil import atomic_write_bytes
from reflect.log import public

log = logging.getLogger(__name__)

SERVICE = "Reflect journal"
HINT_NAME = "keyring.json"
# Only backends shipped as packages are loaded by name; anything else goes through detection.
_HINTABLE = ("keyring.backends.", "keyrings.")


class KeyStore(Protocol):
    """Where a remembered data key lives; the real one is the OS keyring."""

    def available(self) -> bool: ...

    def get(self, vault_id: str) -> bytes | None: ...

    def set(self, vault_id: str, key: bytes) -> bool: ...

    def delete(self, vault_id: str) -> bool: ...


class OsKeyStore:
    """The platform keyring through ``keyring``; ``backend`` lets tests pass an in-memory one.

    ``hint_file`` (the vault passes ``keyring.json`` in its data folder) remembers which backend
    holds the key, so a read skips backend detection.
    """

    def __init__(self, backend: Any | None = None, hint_file: Path | None = None) -> None:
        self._backend = backend
        self._hint_file = hint_file

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

    def _hinted(self) -> Any | None:
        """The backend named in the hint file, loaded directly; ``None`` if there is no good one."""
        if self._backend is not None or self._hint_file is None:
            return None
        if os.environ.get("PYTHON_KEYRING_BACKEND"):
            return None  # the user's explicit choice; loading it is cheap anyway
        try:
            name = json.loads(self._hint_file.read_text(encoding="utf-8"))["backend"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not isinstance(name, str) or not name.startswith(_HINTABLE):
            return None
        try:
            from keyring.core import load_keyring

            return load_keyring(name)
        except Exception as exc:  # gone, renamed or not viable here: detect as usual
            log.info("the hinted keyring backend is not usable (%s)", public(type(exc).__name__))
            return None

    def _write_hint(self) -> None:
        if self._hint_file is None or self._backend is None:
            return
        backend_type = type(self._backend)
        name = f"{backend_type.__module__}.{backend_type.__qualname__}"
        try:
            if name.startswith(_HINTABLE):
                atomic_write_bytes(self._hint_file, json.dumps({"backend": name}).encode())
            else:
                self._hint_file.unlink(missing_ok=True)
        except OSError as exc:  # only a shortcut: reads still work without it
            log.info("could not write the keyring hint (%s)", public(type(exc).__name__))

    def _drop_hint(self) -> None:
        if self._hint_file is not None:
            try:
                self._hint_file.unlink(missing_ok=True)
            except OSError as exc:
                log.info("could not remove the keyring hint (%s)", public(type(exc).__name__))

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
        hinted = self._hinted()
        stored = _read(hinted, vault_id) if hinted is not None else None
        if stored is None:
            stored = _read(self._keyring(), vault_id)
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
        stored = self.get(vault_id) == key
        if stored:
            self._write_hint()
        return stored

    def delete(self, vault_id: str) -> bool:
        # The hinted backend holds the key even if detection would now pick another one.
        backends = [b for b in (self._hinted(), self._keyring()) if b is not None]
        self._drop_hint()
        deleted = False
        for backend in backends:
            try:
                backend.delete_password(SERVICE, vault_id)
                deleted = True
            except Exception as exc:  # includes PasswordDeleteError: nothing was stored there
                log.info("keyring delete did nothing (%s)", public(type(exc).__name__))
        return deleted


def _read(backend: Any | None, vault_id: str) -> str | None:
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, vault_id)
    except Exception as exc:
        log.info("keyring read failed (%s)", public(type(exc).__name__))
        return None
    return stored if isinstance(stored, str) and stored else None


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
