"""Finding a marker string on disk or in a process's open files, in any case and encoding.

The security tests write markers (one per field) through the app and the command line, then look
for them in every file a run could leave behind. A marker is searched for in UTF-8 and in UTF-16
(both byte orders, as Qt and Windows keep text), and in lower and upper case too (a full-text
index keeps its words folded to lower case).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

#: Stands out from anything else on disk; a new suffix per test run, so a file left behind by an
#: earlier run (or another engineer's run) is never mistaken for a leak of this one.
PREFIX = f"Zebrafinch7Quokka{secrets.token_hex(3)}"

#: Files larger than this are read only this far (nothing Reflect writes in a test is this big).
MAX_READ = 256 * 1024 * 1024

_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def marker(field: str, prefix: str = PREFIX) -> str:
    """The marker for one field, e.g. ``marker("Body")``; alphanumeric, so one index word."""
    return f"{prefix}{field}"


def needles(prefix: str = PREFIX) -> list[bytes]:
    """Every byte string that would betray ``prefix``: three cases, three encodings."""
    forms = {prefix, prefix.lower(), prefix.upper()}
    return [form.encode(encoding) for form in sorted(forms) for encoding in _ENCODINGS]


def contains_marker(data: bytes, prefix: str = PREFIX) -> bool:
    return any(needle in data for needle in needles(prefix))


def _read(path: Path | str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_READ)
    except OSError:  # vanished, a socket, or not ours to read
        return None


def files_under(folders: Iterable[Path]) -> list[Path]:
    """Every regular file under ``folders`` (missing folders are skipped)."""
    found: list[Path] = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder, onerror=lambda _e: None):
            for name in names:
                path = Path(root) / name
                if path.is_file() and not path.is_symlink():
                    found.append(path)
    return found


def leaks(folders: Iterable[Path], prefix: str = PREFIX) -> list[str]:
    """Every file under ``folders`` that holds a marker with ``prefix``."""
    return [str(path) for path in files_under(folders) if _holds(path, prefix)]


def leaks_in(paths: Iterable[Path], prefix: str = PREFIX) -> list[str]:
    """Those of ``paths`` (files) that hold a marker with ``prefix``."""
    return [str(path) for path in paths if _holds(path, prefix)]


def _holds(path: Path, prefix: str) -> bool:
    data = _read(path)
    return data is not None and contains_marker(data, prefix)


def listing(folder: Path) -> set[Path]:
    """The files under ``folder`` now (for "only files created during the test")."""
    return set(files_under([folder]))


def open_files(pid: int | str = "self") -> dict[str, str]:
    """The regular files process ``pid`` holds open, by fd: ``/proc/PID/fd/N`` -> target.

    A temporary file SQLite spills to is unlinked as soon as it is opened, so it never shows in a
    folder listing; while it is open it is still readable through ``/proc``. Linux only.
    """
    folder = Path(f"/proc/{pid}/fd")
    found: dict[str, str] = {}
    for entry in folder.iterdir():
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.startswith("/") and not target.startswith("/dev/"):
            found[str(entry)] = target
    return found


def leaks_in_open_files(
    pid: int | str = "self", prefix: str = PREFIX, ignore: Iterable[str] = ()
) -> list[str]:
    """Files (deleted ones included) that ``pid`` holds open and that hold a marker.

    ``ignore`` lists ``/proc/PID/fd/N`` entries to skip (for example those open before the test,
    such as pytest's own capture files).
    """
    skipped = set(ignore)
    hits = []
    for entry, target in open_files(pid).items():
        if entry in skipped:
            continue
        data = _read(entry)
        if data is not None and contains_marker(data, prefix):
            hits.append(target)
    return hits
