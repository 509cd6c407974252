"""One copy of the app per data directory: a lock file held for the app's lifetime.

Two windows on one journal would each keep their own view and could save over each other's edits,
so the second app is told the journal is already open instead. The lock is advisory and taken with
``fcntl.flock`` (Linux, macOS) or ``msvcrt.locking`` (Windows): the operating system drops it when
the holder exits or is killed, so a crash never leaves the journal "locked" for good.

The command line does not take this lock for ordinary writes: SQLite (WAL, ``BEGIN IMMEDIATE``
and a busy timeout) already serialises writers, so ``reflect add`` while the app is open is safe.
Only restoring a backup, which swaps the files underneath, refuses while the app holds it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from reflect.core.fsutil import PRIVATE_FILE_MODE
from reflect.errors import UserError

LOCK_NAME = "reflect.lock"


class AlreadyOpen(UserError):
    """Another copy of Reflect has this journal open."""


class InstanceLock:
    """The single-instance lock of one data directory.

    ``acquire()`` never waits: it answers at once whether this process now holds the lock.
    Used as a context manager it raises :class:`AlreadyOpen` when another process holds it.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if nobody else holds it; ``True`` if this object now holds it."""
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        except OSError as exc:
            raise UserError(f"cannot create the lock file {self.path}: {exc.strerror}") from exc
        if not _try_lock(fd):
            os.close(fd)
            return False
        # The holder's process id helps a user find the other copy; it is not used for locking.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock up (the file stays: deleting it could race with another acquirer)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def holder_pid(self) -> int | None:
        """The process id the current holder wrote, if any (for messages only)."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def __enter__(self) -> InstanceLock:
        if not self.acquire():
            raise AlreadyOpen(already_open_message(self.path.parent))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:
        # A forgotten lock must not outlive its object; the OS would drop it at exit anyway.
        if self._fd is not None:
            with contextlib.suppress(Exception):
                self.release()


def already_open_message(data_dir: Path) -> str:
    return (
        f"Reflect is already open on the journal in {data_dir}: "
        "switch to that window, or close it first"
    )


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            raise UserError(f"cannot lock the journal folder: {exc.strerror}") from exc
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
