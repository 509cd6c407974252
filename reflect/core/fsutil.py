"""Private, atomic file writing: a file is either the old one or the complete new one, never half.

Used for the key envelope and for every file Reflect writes on the user's behalf.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from reflect.errors import StorageFull, UserError
from reflect.i18n import _

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if needed and make it readable by the owner only."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        os.chmod(path, PRIVATE_DIR_MODE)
    except OSError as exc:
        raise os_error(exc, f"cannot create the folder {path}") from exc


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(path: Path, mode: int = PRIVATE_FILE_MODE) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` only if the block finishes: temp file in the same
    folder, fsync, rename, fsync of the folder. On any failure the temp file is removed and
    ``path`` is untouched; an OS failure becomes a clear :class:`UserError`.
    """
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise os_error(exc, f"could not write {path}") from exc
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise os_error(exc, f"could not write {path}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(directory)


def atomic_write_bytes(path: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, mode) as handle:
        handle.write(data)


def os_error(exc: OSError, what: str) -> UserError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(_("{what}: the disk is full; nothing was changed").format(what=what))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(_("{what}: permission denied").format(what=what))
    return UserError(_("{what}: {value}").format(what=what, value=exc.strerror or exc))
