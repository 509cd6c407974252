"""Opening the SQLCipher database, and refusing to run on anything but the designed engine settings.

The database is keyed with the vault's random 256-bit data key as raw hex, so SQLCipher does no key
derivation of its own. Every open checks that the driver really is SQLCipher (a plain ``sqlite3``
connection would silently write plaintext) and that the pragmas the security model relies on took.

Threading rule (the only place that decides it): a connection may be used from any thread, but
never from two at once; :class:`reflect.core.journal.Journal` serialises every call with its lock.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import ModuleType
from typing import Any

from reflect.core.fsutil import PRIVATE_FILE_MODE
from reflect.errors import VaultDamaged
from reflect.i18n import _
from reflect.log import public

log = logging.getLogger(__name__)

KEY_BYTES = 32

#: pragma -> (value to set, value it must read back as)
REQUIRED_PRAGMAS: dict[str, tuple[str, object]] = {
    "journal_mode": ("WAL", "wal"),
    "synchronous": ("FULL", 2),
    "temp_store": ("MEMORY", 2),
    "foreign_keys": ("ON", 1),
    "secure_delete": ("ON", 1),
}

#: Page cache per connection (32 MiB, in memory only): full-text queries at 10,000 items fit.
CACHE_KIB = 32 * 1024

#: How long a writer waits for another (the app and a CLI command) before giving up, in ms.
BUSY_TIMEOUT_MS = 5000


def default_driver() -> ModuleType:
    import sqlcipher3  # a plain import, so PyInstaller's analysis bundles the extension

    driver: ModuleType = sqlcipher3
    return driver


def connect(
    path: Path, key: bytes, *, create: bool = False, driver: ModuleType | None = None
) -> Any:
    """An open, verified connection to the encrypted database at ``path``.

    Raises :class:`VaultDamaged` if the file is missing (unless ``create``), is not a database under
    this key, or the engine is not SQLCipher with the designed settings.
    """
    if len(key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    if not create and not path.exists():
        raise VaultDamaged(
            _("the journal database is missing from {parent}").format(parent=path.parent)
        )
    driver = driver or default_driver()
    if create:
        # Create the file ourselves so it is private from its first byte.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE)
        os.close(fd)
    conn = driver.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        _configure(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def _apply_key(conn: Any, key: bytes) -> str:
    """Key the connection and prove the engine is SQLCipher; reads nothing from the file."""
    # SQLCipher logs decryption failures to stderr by default; our errors say it better.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # The key is random bytes, never user text: hex cannot break out of the literal.
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise VaultDamaged(
            _(
                "refusing to open the journal: the database engine is not SQLCipher, "
                "so it could not be kept encrypted"
            )
        )
    _require(conn, "temp_store")  # before any read that could sort into a temp file
    return str(version[0])


def _require(conn: Any, name: str) -> None:
    value, expected = REQUIRED_PRAGMAS[name]
    conn.execute(f"PRAGMA {name} = {value}")
    actual = conn.execute(f"PRAGMA {name}").fetchone()[0]
    if actual != expected:
        raise VaultDamaged(
            _("refusing to open the journal: PRAGMA {name} is {actual!r}, not {expected!r}").format(
                name=name, actual=actual, expected=expected
            )
        )


def connect_for_check(path: Path, key: bytes, *, driver: ModuleType | None = None) -> Any:
    """A keyed connection that writes nothing on open, for integrity checks and backups.

    It proves the engine and keeps temp files in memory like :func:`connect`, but leaves the
    journal mode alone and does not read the schema, so a damaged file can still be examined.
    """
    conn = (driver or default_driver()).connect(
        str(path), isolation_level=None, check_same_thread=False
    )
    try:
        _apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: Any, key: bytes) -> None:
    version = _apply_key(conn, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        raise VaultDamaged(
            _("the journal database is damaged or does not belong to this key envelope")
        ) from exc
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    for name in REQUIRED_PRAGMAS:
        _require(conn, name)
    log.debug("opened database with SQLCipher %s", public(version))


def verify(conn: Any) -> None:
    """Re-check the engine invariants on an open connection (used by tests and after restore)."""
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise VaultDamaged(_("the database connection is not SQLCipher"))
    for name, (_setting, expected) in REQUIRED_PRAGMAS.items():
        actual = conn.execute(f"PRAGMA {name}").fetchone()[0]
        if actual != expected:
            raise VaultDamaged(
                _("PRAGMA {name} is {actual!r}, not {expected!r}").format(
                    name=name, actual=actual, expected=expected
                )
            )
