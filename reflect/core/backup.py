"""Encrypted single-file backups, restoring them, and the daily automatic ones.

A backup (``*.reflectbackup``) is a zip archive, stored without compression (the database is
encrypted, so it would not shrink), holding three members in this order:

``manifest.json``
    ``{"format": "reflect-backup", "version": 1, "created": ISO UTC, "vault_id": …,
    "files": {"vault.json": {"size", "sha256"}, "reflect.db": {"size", "sha256"}}}`` — nothing
    about the journal's content.
``vault.json``
    The key envelope exactly as it was: the data key wrapped under the passphrase and under the
    recovery code, so the backup opens with either and with nothing else.
``reflect.db``
    A copy of the database made by SQLCipher's ``sqlcipher_export`` into a new file keyed with the
    same data key: encrypted page by page like the original, never a plaintext copy.

The database copy is first written to a private (0600) temporary file beside the destination and
checked page by page before it goes into the archive; the archive itself is written to a temporary
file and renamed into place, so a backup is either complete or absent.

Automatic backups live in ``<data dir>/backups/reflect-YYYY-MM-DD.reflectbackup``: at most one a
day, pruned to the newest of each of the last 7 days and of each of the last 4 ISO weeks that have
one (the two rules overlap, as in restic's ``--keep-daily 7 --keep-weekly 4``).
``backups/last-backup.json`` records only when the last backup (automatic or chosen) was made.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reflect.core.fsutil import (
    PRIVATE_FILE_MODE,
    atomic_write_bytes,
    atomic_writer,
    ensure_private_dir,
    fsync_dir,
    os_error,
)
from reflect.errors import (
    ReflectError,
    StorageFull,
    UserError,
    VaultDamaged,
    VaultExists,
    VaultTooNew,
)
from reflect.i18n import _

if TYPE_CHECKING:
    from reflect.core.vault import DataKey, Vault

BACKUP_FORMAT = "reflect-backup"
BACKUP_VERSION = 1
BACKUP_SUFFIX = ".reflectbackup"
BACKUPS_DIR = "backups"
MANIFEST_NAME = "manifest.json"
STAMP_NAME = "last-backup.json"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
#: An archive member larger than this is not one of ours (and would be a zip bomb).
MAX_MEMBER_BYTES = 8 * 1024**3

_AUTO_NAME = re.compile(r"reflect-(\d{4}-\d{2}-\d{2})" + re.escape(BACKUP_SUFFIX))
_CHUNK = 1024 * 1024


class NotABackup(UserError):
    """The file is not a Reflect backup at all."""


class BackupDamaged(VaultDamaged):
    """The file is a Reflect backup, but incomplete or changed since it was written (exit 5)."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup's manifest says, after every byte was checked against it."""

    path: Path
    created: datetime
    vault_id: str
    db_size: int


@dataclass(frozen=True)
class RestoreReport:
    vault_id: str
    backup_created: datetime
    items: int
    #: where the journal that was there before now lives, if one was replaced
    replaced_dir: Path | None


# --- making a backup ----------------------------------------------------------------------------


def create_backup(
    vault: Vault,
    key: DataKey,
    out_path: Path,
    *,
    now: datetime | None = None,
    automatic: bool = False,
) -> BackupInfo:
    """Write one encrypted backup file of ``vault`` to ``out_path`` (replacing it if present).

    Raises:
        DamageFound: The journal is damaged; nothing is written (a damaged copy would push a
            good automatic backup out of the rotation).
        UserError: ``out_path`` cannot be written (``StorageFull`` when the disk is full).
    """
    from reflect.core.integrity import damage_advice

    out_path = Path(out_path).expanduser()
    created = _utc(now)
    with damage_advice(vault):
        envelope = vault.envelope()
        if not envelope.matches(key.raw):
            raise VaultDamaged(
                _("the key envelope is damaged: its check value does not match the journal's key")
            )
        envelope_bytes = vault.envelope_path.read_bytes()
        if not vault.db_path.exists():
            raise VaultDamaged(
                _("the journal database is missing from {data_dir}").format(data_dir=vault.data_dir)
            )
        directory = out_path.parent
        if not directory.is_dir():
            raise UserError(
                _("cannot write the backup: there is no folder {directory}").format(
                    directory=directory
                )
            )
        for own in (vault.db_path, vault.envelope_path):
            if out_path.resolve() == own.resolve():
                raise UserError(
                    _("cannot write a backup over the journal's own file {own}").format(own=own)
                )
        with _private_temp(directory, ".reflect-backup-", ".db.tmp") as db_copy:
            _export_database(vault.db_path, db_copy, key.raw)
            db_sha, db_size = _digest_file(db_copy)
            manifest = {
                "format": BACKUP_FORMAT,
                "version": BACKUP_VERSION,
                "created": created.isoformat(timespec="seconds"),
                "vault_id": envelope.vault_id,
                "files": {
                    "vault.json": {
                        "size": len(envelope_bytes),
                        "sha256": hashlib.sha256(envelope_bytes).hexdigest(),
                    },
                    "reflect.db": {"size": db_size, "sha256": db_sha},
                },
            }
            _write_archive(out_path, manifest, envelope_bytes, db_copy, created)
    _write_stamp(vault.data_dir, created, automatic)
    return BackupInfo(out_path, created, envelope.vault_id, db_size)


def _export_database(source: Path, target: Path, key: bytes) -> None:
    """Copy the database into ``target`` under the same key (``sqlcipher_export``), then check it.

    The export runs inside one read transaction, so a save made meanwhile by the app is either
    wholly in the copy or wholly absent.
    """
    from reflect.core.integrity import database_problems, open_for_check

    conn = open_for_check(source, key)
    try:
        hex_key = f"x'{key.hex()}'"
        conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(target), hex_key))
        try:
            conn.execute("BEGIN")
            try:
                conn.execute("SELECT sqlcipher_export('backup')")
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute("DETACH DATABASE backup")
    except ReflectError:
        raise
    except Exception as exc:
        _raise_for_sqlite(exc, "cannot back up")
        raise
    finally:
        conn.close()
    check = open_for_check(target, key)
    try:
        problems = database_problems(check)
    finally:
        check.close()
    if problems:
        raise VaultDamaged(
            _("the journal database is damaged: its copy failed the check ({value})").format(
                value="; ".join(problems[:3])
            )
        )


def _write_archive(
    out_path: Path,
    manifest: dict[str, Any],
    envelope_bytes: bytes,
    db_copy: Path,
    created: datetime,
) -> None:
    stamp = created.astimezone(UTC).timetuple()[:6]
    with (
        atomic_writer(out_path) as raw,
        zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as archive,
    ):
        for name, data in (
            (MANIFEST_NAME, json.dumps(manifest, indent=2).encode("utf-8") + b"\n"),
            ("vault.json", envelope_bytes),
        ):
            archive.writestr(_member(name, stamp), data)
        with (
            archive.open(_member("reflect.db", stamp), "w", force_zip64=True) as dst,
            db_copy.open("rb") as src,
        ):
            shutil.copyfileobj(src, dst, _CHUNK)


def _member(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = (0o100000 | PRIVATE_FILE_MODE) << 16
    return info


# --- reading and checking a backup --------------------------------------------------------------


def inspect_backup(path: Path) -> BackupInfo:
    """Check a backup file without the key: its manifest, and every byte against its checksum.

    Raises:
        NotABackup: Not a Reflect backup (exit 1).
        BackupDamaged: A Reflect backup that is incomplete or changed (exit 5).
        VaultTooNew: Written by a newer Reflect (exit 5).
    """
    path = Path(path).expanduser()
    with _open_archive(path) as archive:
        manifest = _manifest(path, archive)
        for name, expected in manifest["files"].items():
            with _member_stream(path, archive, name) as stream:
                digest, size = _digest_stream(path, stream)
            if digest != expected["sha256"] or size != expected["size"]:
                raise BackupDamaged(f"the backup {path} is damaged: {name} does not match")
    return BackupInfo(
        path=path,
        created=manifest["created"],
        vault_id=manifest["vault_id"],
        db_size=int(manifest["files"]["reflect.db"]["size"]),
    )


@contextlib.contextmanager
def _open_archive(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise UserError(_("no such file: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise NotABackup(_("{path} is a folder, not a Reflect backup").format(path=path)) from None
    except OSError as exc:
        raise UserError(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    with handle:
        head = handle.read(4)
        handle.seek(0)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError):
            if head == b"PK\x03\x04":
                raise BackupDamaged(
                    f"the backup {path} is damaged or incomplete (its index is missing)"
                ) from None
            raise NotABackup(_("{path} is not a Reflect backup").format(path=path)) from None
        with archive:
            yield archive


def _manifest(path: Path, archive: zipfile.ZipFile) -> dict[str, Any]:
    names = archive.namelist()
    if MANIFEST_NAME not in names:
        raise NotABackup(_("{path} is not a Reflect backup (no manifest)").format(path=path))
    try:
        with _member_stream(path, archive, MANIFEST_NAME) as stream:
            data = json.loads(stream.read(1024 * 1024).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupDamaged(f"the backup {path} is damaged (unreadable manifest)") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise NotABackup(_("{path} is not a Reflect backup").format(path=path))
    version = data.get("version")
    if not isinstance(version, int):
        raise BackupDamaged(f"the backup {path} is damaged (no version)")
    if version > BACKUP_VERSION:
        raise VaultTooNew(
            _(
                "the backup {path} was made by a newer version of Reflect; update "
                "Reflect to restore it"
            ).format(path=path)
        )
    try:
        created = datetime.fromisoformat(str(data["created"]))
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        files = data["files"]
        checked = {}
        for name in ("vault.json", "reflect.db"):
            entry = files[name]
            size, sha = int(entry["size"]), str(entry["sha256"])
            if name not in names or size < 0 or len(sha) != 64:
                raise ValueError(name)
            checked[name] = {"size": size, "sha256": sha}
        vault_id = str(data["vault_id"])
    except (KeyError, TypeError, ValueError):
        raise BackupDamaged(f"the backup {path} is damaged (incomplete manifest)") from None
    return {"created": created, "vault_id": vault_id, "files": checked}


@contextlib.contextmanager
def _member_stream(path: Path, archive: zipfile.ZipFile, name: str) -> Iterator[IO[bytes]]:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise BackupDamaged(f"the backup {path} is damaged: {name} is missing") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise NotABackup(
            _("{path} is not a Reflect backup ({name} is implausibly large)").format(
                path=path, name=name
            )
        )
    try:
        with archive.open(info) as stream:
            yield stream
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise BackupDamaged(f"the backup {path} is damaged ({name}: {exc})") from None


def _digest_stream(path: Path, stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    try:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise BackupDamaged(f"the backup {path} is damaged ({exc})") from None
    return digest.hexdigest(), size


def _digest_file(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        return _digest_stream(path, handle)


# --- restoring ----------------------------------------------------------------------------------


def check_restore_target(data_dir: Path, *, confirm_replace: bool) -> bool:
    """Whether a journal is already in ``data_dir``; refuse to go on unless replacing is confirmed.

    Called before any passphrase is asked, so the user learns about ``--yes`` first.
    """
    from reflect.core.vault import DB_NAME, ENVELOPE_NAME

    existing = any((Path(data_dir) / name).exists() for name in (DB_NAME, ENVELOPE_NAME))
    if existing and not confirm_replace:
        raise VaultExists(
            _(
                "there is already a journal in {data_dir}; nothing was changed. To "
                "restore anyway, confirm replacing it (it is kept aside in a "
                "replaced-… folder, not deleted)"
            ).format(data_dir=data_dir)
        )
    return existing


def restore_backup(
    backup_path: Path,
    data_dir: Path,
    *,
    confirm_replace: bool,
    passphrase: str | None = None,
    recovery_code: str | None = None,
    now: datetime | None = None,
) -> RestoreReport:
    """Put the journal in ``backup_path`` into ``data_dir``; the backup's own secret unlocks it.

    Exactly one of ``passphrase`` or ``recovery_code`` (those of the journal when it was backed up)
    is needed: the database inside is opened with the key they unwrap and checked page by page
    before anything in ``data_dir`` is touched. An existing journal is only replaced with
    ``confirm_replace``, and then moved to ``data_dir/replaced-YYYYmmdd-HHMMSS/``, never deleted.

    Raises:
        VaultExists: ``data_dir`` holds a journal and ``confirm_replace`` is false.
        WrongPassphrase: The secret does not open this backup (exit 3).
        BackupDamaged / NotABackup / VaultTooNew: The file cannot be restored.
        AlreadyOpen: Reflect has the journal in ``data_dir`` open.
    """
    from reflect.core.instance import AlreadyOpen, InstanceLock, already_open_message

    if (passphrase is None) == (recovery_code is None):
        raise ValueError("give exactly one of passphrase or recovery_code")
    data_dir = Path(data_dir).expanduser()
    backup_path = Path(backup_path).expanduser()
    check_restore_target(data_dir, confirm_replace=confirm_replace)
    info = inspect_backup(backup_path)
    ensure_private_dir(data_dir)
    lock = InstanceLock(data_dir)
    if not lock.acquire():
        raise AlreadyOpen(already_open_message(data_dir) + " before restoring")
    try:
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
        try:
            items = _stage(backup_path, staging, passphrase, recovery_code)
            existing = check_restore_target(data_dir, confirm_replace=confirm_replace)
            replaced = _aside_dir(data_dir, now) if existing else None
            _swap_in(staging, data_dir, replaced)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        lock.release()
    return RestoreReport(info.vault_id, info.created, items, replaced)


def _stage(
    backup_path: Path, staging: Path, passphrase: str | None, recovery_code: str | None
) -> int:
    """Unpack into ``staging``, unlock with the given secret, check every page; the live items."""
    from reflect.core.integrity import database_problems, open_for_check
    from reflect.core.keystore import MemoryKeyStore
    from reflect.core.storage.schema import KNOWN, applied_migrations
    from reflect.core.vault import DB_NAME, ENVELOPE_NAME, Vault

    with _open_archive(backup_path) as archive:
        for name in (ENVELOPE_NAME, DB_NAME):
            target = staging / name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
            try:
                with (
                    os.fdopen(fd, "wb") as dst,
                    _member_stream(backup_path, archive, name) as src,
                ):
                    shutil.copyfileobj(src, dst, _CHUNK)
                    dst.flush()
                    os.fsync(dst.fileno())
            except OSError as exc:
                raise os_error(exc, "cannot restore") from exc
    staged = Vault(staging, keystore=MemoryKeyStore(available=False))
    try:
        staged.envelope()
    except VaultTooNew:
        raise
    except VaultDamaged as exc:
        raise BackupDamaged(f"the backup {backup_path} is damaged: {exc}") from None
    if passphrase is not None:
        key = staged.unlock_with_passphrase(passphrase)
    else:
        key = staged.unlock_with_recovery_code(recovery_code or "")
    conn = open_for_check(staged.db_path, key.raw)
    try:
        try:
            problems = database_problems(conn)
            if not problems:
                unknown = [n for n in applied_migrations(conn) if n not in KNOWN]
                if unknown:
                    raise VaultTooNew(
                        _(
                            "this backup was made by a newer version of Reflect; update Reflect "
                            "to restore it"
                        )
                    )
                row = conn.execute("SELECT count(*) FROM items WHERE deleted IS NULL").fetchone()
        except ReflectError:
            raise
        except Exception as exc:
            if type(exc).__name__ not in {"DatabaseError", "OperationalError"}:
                raise
            problems = [str(exc)]
    finally:
        conn.close()
    if problems:
        raise BackupDamaged(
            f"the backup {backup_path} holds a damaged database ({'; '.join(problems[:3])})"
        )
    return int(row[0])


def _aside_dir(data_dir: Path, now: datetime | None) -> Path:
    stamp = _local(now).strftime("%Y%m%d-%H%M%S")
    candidate = data_dir / f"replaced-{stamp}"
    n = 2
    while candidate.exists():
        candidate = data_dir / f"replaced-{stamp}-{n}"
        n += 1
    return candidate


def _swap_in(staging: Path, data_dir: Path, replaced: Path | None) -> None:
    """Move the current journal aside (if any) and the staged one in; undo on failure."""
    from reflect.core.vault import DB_NAME, ENVELOPE_NAME

    current = [DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal", ENVELOPE_NAME]
    moved: list[tuple[Path, Path]] = []
    try:
        if replaced is not None:
            ensure_private_dir(replaced)
            for name in current:
                source = data_dir / name
                if source.exists():
                    os.replace(source, replaced / name)
                    moved.append((replaced / name, source))
        # The database first, the envelope last: a journal is only "there" once both are.
        for name in (DB_NAME, ENVELOPE_NAME):
            os.replace(staging / name, data_dir / name)
            moved.append((data_dir / name, staging / name))
        fsync_dir(data_dir)
    except BaseException as exc:
        for now_at, was_at in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(now_at, was_at)
        if isinstance(exc, OSError):
            raise os_error(exc, "cannot restore; the journal that was there is unchanged") from exc
        raise


# --- automatic backups --------------------------------------------------------------------------


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUPS_DIR


def automatic_backups(data_dir: Path) -> list[Path]:
    """The automatic backups in ``data_dir/backups``, newest first."""
    return [path for _, path in _dated_backups(backups_dir(data_dir))]


def auto_backup(vault: Vault, key: DataKey, now: datetime | None = None) -> Path | None:
    """Today's automatic backup, unless there already is one; then prune old ones.

    Meant to run once after the first unlock of each day. Returns the new file, or ``None`` when
    today's backup already existed.

    Raises:
        DamageFound: The journal is damaged: no backup is made and none is pruned.
    """
    day = _local(now).date()
    folder = backups_dir(vault.data_dir)
    target = folder / f"reflect-{day.isoformat()}{BACKUP_SUFFIX}"
    if target.exists():
        return None
    ensure_private_dir(folder)
    create_backup(vault, key, target, now=now, automatic=True)
    prune_backups(folder, keep=target)
    return target


def prune_backups(
    folder: Path,
    *,
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    keep: Path | None = None,
) -> list[Path]:
    """Delete automatic backups beyond the newest of the last ``keep_daily`` days and
    ``keep_weekly`` ISO weeks that have one; only files named like automatic backups are touched.

    Returns the files deleted.
    """
    dated = _dated_backups(folder)
    kept: set[Path] = {keep} if keep is not None else set()
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for day, path in dated:  # newest first, so the first of a day or week is its newest
        if day not in days and len(days) < keep_daily:
            days.add(day)
            kept.add(path)
        week = day.isocalendar()[:2]
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.add(week)
            kept.add(path)
    removed = []
    for _week, path in dated:
        if path not in kept:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(path)
    return removed


def _dated_backups(folder: Path) -> list[tuple[date, Path]]:
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        match = _AUTO_NAME.fullmatch(name)
        if match is None:
            continue
        try:
            found.append((date.fromisoformat(match.group(1)), folder / name))
        except ValueError:
            continue
    return sorted(found, reverse=True)


def last_backup(vault: Vault) -> datetime | None:
    """When the last backup (automatic or chosen) was made, in UTC; ``None`` if never."""
    folder = backups_dir(vault.data_dir)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads((folder / STAMP_NAME).read_text(encoding="utf-8"))
        when = datetime.fromisoformat(str(data["created"]))
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    newest = automatic_backups(vault.data_dir)
    if not newest:
        return None
    try:
        return datetime.fromtimestamp(newest[0].stat().st_mtime, UTC)
    except OSError:
        return None


def _write_stamp(data_dir: Path, created: datetime, automatic: bool) -> None:
    """Record when; a failure here must not turn a good backup into an error."""
    folder = backups_dir(data_dir)
    with contextlib.suppress(UserError, OSError):
        ensure_private_dir(folder)
        text = json.dumps(
            {"created": created.isoformat(timespec="seconds"), "automatic": automatic}
        )
        atomic_write_bytes(folder / STAMP_NAME, text.encode("utf-8") + b"\n")


# --- helpers ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _private_temp(directory: Path, prefix: str, suffix: str) -> Iterator[Path]:
    """A private (0600) temporary file in ``directory``, removed with its SQLite side files."""
    try:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=directory)
    except OSError as exc:
        raise os_error(exc, f"cannot write in {directory}") from exc
    os.fchmod(fd, PRIVATE_FILE_MODE)
    os.close(fd)
    path = Path(name)
    try:
        yield path
    finally:
        for extra in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(name + extra).unlink()


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC).replace(microsecond=0)
    return now.astimezone(UTC).replace(microsecond=0)


def _local(now: datetime | None) -> datetime:
    """Local wall-clock time (a naive ``now`` is taken to be local already)."""
    if now is None:
        return datetime.now()
    return now.astimezone().replace(tzinfo=None) if now.tzinfo else now


def _raise_for_sqlite(exc: BaseException, what: str) -> None:
    name = type(exc).__name__
    if name not in {"DatabaseError", "OperationalError"}:
        return
    message = str(exc).lower()
    if "full" in message:
        raise StorageFull(
            _("{what}: the disk is full; nothing was written").format(what=what)
        ) from exc
    if "malformed" in message or "not a database" in message or "hmac" in message:
        raise VaultDamaged(_("the journal database is damaged ({exc})").format(exc=exc)) from exc
    raise UserError(_("{what}: {exc}").format(what=what, exc=exc)) from exc
