"""Telling a damaged journal from a wrong passphrase, and warning about risky folders.

A damaged database or key envelope must never look like "wrong passphrase" (the user would keep
retyping a correct passphrase) and must never be "repaired" by writing over it: the check only
reads, says what is wrong, and points at the newest automatic backup that is still good.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.errors import ReflectError, VaultDamaged, VaultTooNew
from reflect.i18n import _

if TYPE_CHECKING:
    from reflect.core.vault import DataKey, Vault

#: How many problems a damage report quotes; a badly damaged file lists thousands.
MAX_PROBLEMS = 5

#: Words in SQLite/SQLCipher errors that mean the file itself is damaged.
_DAMAGE_SIGNS = ("malformed", "hmac", "not a database", "corrupt")

#: Folder names that cloud-sync clients create (compared case-insensitively, as a prefix).
SYNC_FOLDER_PREFIXES = (
    "dropbox",
    "onedrive",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "iclouddrive",
    "mobile documents",
    "com~apple~clouddocs",
    "cloudstorage",
    "nextcloud",
    "owncloud",
)

#: File-system types of network shares, where SQLite's locking cannot be trusted.
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "afs", "9p", "ceph"}
)


class DamageFound(VaultDamaged):
    """The vault is damaged; ``backup`` is the newest good automatic backup, if there is one."""

    def __init__(self, message: str, backup: Path | None = None) -> None:
        super().__init__(message)
        self.backup = backup


@dataclass(frozen=True)
class IntegrityReport:
    """What a check found. ``problems`` is empty for a healthy vault."""

    problems: tuple[str, ...] = ()
    pages: int = 0
    sync_warning: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def database_problems(conn: Any) -> list[str]:
    """Problems in every page's HMAC (``cipher_integrity_check``) and b-tree (``integrity_check``).

    Both read the whole file, so this costs a full scan: run it for backups, restores and the
    app's check after unlocking, not on every command-line call.
    """
    problems: list[str] = []
    try:
        problems += [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    except Exception as exc:
        if not _is_sqlite_error(exc):
            raise
        problems.append(str(exc))
    if problems:
        # integrity_check on a page that fails its HMAC only says "malformed"; say the first thing.
        return problems
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except Exception as exc:
        if not _is_sqlite_error(exc):
            raise
        rows = [str(exc)]
    return [row for row in rows if row != "ok"]


def open_for_check(path: Path, key: bytes) -> Any:
    """A keyed connection that writes nothing on open (engine and temp-store checked).

    SQLCipher's own logging of each HMAC failure is off; the report says it once, in words.
    """
    from reflect.core.storage.connection import connect_for_check

    return connect_for_check(path, key)


def check_vault(vault: Vault, key: DataKey, *, raise_on_damage: bool = True) -> IntegrityReport:
    """Check the key envelope and every page of the database; write nothing.

    Raises:
        DamageFound: The envelope or database is damaged (exit 5). Its message says so in words
            distinct from a wrong passphrase and names the newest good automatic backup. With
            ``raise_on_damage=False`` database damage is returned in the report instead.
        VaultTooNew: Written by a newer Reflect; not damage, so not reported as such.
    """
    with damage_advice(vault):
        envelope = vault.envelope()
        if not envelope.matches(key.raw):
            raise VaultDamaged(
                _("the key envelope is damaged: its check value does not match the journal's key")
            )
        if not vault.db_path.exists():
            raise VaultDamaged(
                _("the journal database is missing from {data_dir}").format(data_dir=vault.data_dir)
            )
        conn = open_for_check(vault.db_path, key.raw)
        try:
            problems = database_problems(conn)
            pages = 0
            if not problems:
                pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        finally:
            conn.close()
        if problems and raise_on_damage:
            raise VaultDamaged(
                _(
                    "the journal database is damaged ({value}); this is not a wrong "
                    "passphrase, and nothing was changed"
                ).format(value=_quote(problems))
            )
    return IntegrityReport(
        problems=tuple(problems), pages=pages, sync_warning=sync_folder_warning(vault.data_dir)
    )


@contextlib.contextmanager
def damage_advice(vault: Vault) -> Iterator[None]:
    """Turn any :class:`VaultDamaged` raised inside into :class:`DamageFound` naming a backup."""
    try:
        yield
    except DamageFound:
        raise
    except VaultTooNew:
        raise
    except VaultDamaged as exc:
        backup = newest_good_backup(vault)
        raise DamageFound(f"{exc}. {restore_hint(backup)}", backup) from exc


def damage_from_error(exc: BaseException, data_dir: Path) -> DamageFound | None:
    """The clear "damaged" error for a database failure met in the middle of a command.

    A damaged page past the first is only noticed when something reads it, as a raw
    ``DatabaseError``; front ends pass any exception here and show the result instead of an
    "internal error". ``None`` when ``exc`` is not damage (a bug, a busy database …).
    """
    if not _is_sqlite_error(exc):
        return None
    text = str(exc).lower()
    if not any(sign in text for sign in _DAMAGE_SIGNS):
        return None
    backup = _newest_good_backup_in(Path(data_dir))
    return DamageFound(
        f"the journal database is damaged ({exc}); this is not a wrong passphrase, and nothing "
        f"was changed. {restore_hint(backup)}",
        backup,
    )


def restore_hint(backup: Path | None) -> str:
    if backup is None:
        return "There is no automatic backup to restore from; keep the folder as it is"
    return (
        f"The newest good automatic backup is {backup}; "
        f"restore it with: reflect restore {_shell_quote(backup)} --yes "
        "(the damaged files are kept aside, not deleted)"
    )


def newest_good_backup(vault: Vault) -> Path | None:
    """The newest automatic backup whose container and checksums are intact, if any.

    Without the key only the container can be checked (every byte against its recorded SHA-256);
    ``restore`` checks the database inside once it is unlocked.
    """
    return _newest_good_backup_in(vault.data_dir)


def _newest_good_backup_in(data_dir: Path) -> Path | None:
    from reflect.core.backup import automatic_backups, inspect_backup

    for path in automatic_backups(data_dir):
        try:
            inspect_backup(path)
        except (ReflectError, OSError):
            continue
        return path
    return None


def sync_folder_warning(data_dir: Path, *, mounts: Path = Path("/proc/mounts")) -> str | None:
    """A warning when the journal lives where another machine or program may write it too.

    Cloud-sync clients copy the database file while it is being written and can bring back an
    older copy; network file systems do not honour SQLite's locks. Either can lose entries.
    """
    path = Path(os.path.abspath(data_dir))
    with contextlib.suppress(OSError):
        path = path.resolve()
    for part in path.parts:
        name = part.casefold()
        if any(name.startswith(prefix) for prefix in SYNC_FOLDER_PREFIXES):
            return (
                f"Your journal is inside a cloud-sync folder ({part}). Syncing it while Reflect "
                "is open, or from two computers, can damage it or bring back old copies. "
                "Keep the journal in a local folder and sync the encrypted backups instead."
            )
    if sys.platform == "win32" and str(path).startswith("\\\\"):
        return _network_warning("a network share")
    fstype = filesystem_type(path, mounts)
    if fstype is not None and (fstype in NETWORK_FS_TYPES or fstype.startswith("fuse.")):
        return _network_warning(f"a {fstype} file system")
    return None


def filesystem_type(path: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """The type of the file system holding ``path`` (Linux ``/proc/mounts``), if known."""
    try:
        text = mounts.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    best: tuple[int, str] | None = None
    target = str(path)
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fields[2])
    return best[1] if best else None


def _network_warning(where: str) -> str:
    return (
        f"Your journal is on {where}. Network file systems do not lock the database reliably, "
        "so using it from two computers can lose entries. Keep the journal on a local disk."
    )


def _unescape_mount(text: str) -> str:
    """``/proc/mounts`` writes space, tab, newline and backslash as octal escapes."""
    for escaped, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        text = text.replace(escaped, char)
    return text


def _quote(problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS])
    more = len(problems) - MAX_PROBLEMS
    return shown + (f"; and {more} more" if more > 0 else "")


def _shell_quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _is_sqlite_error(exc: BaseException) -> bool:
    return type(exc).__name__ in {"OperationalError", "DatabaseError", "InternalError"}
