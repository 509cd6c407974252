"""Logging that cannot leak what the user wrote.

Reflect logs to standard error only (never to a file). Every record passes :class:`PrivacyFilter`:
string arguments are replaced by ``<redacted>`` unless marked :func:`public` by the code that logs
them, exception messages are dropped (they can quote SQL parameters or text), and anything shaped
like a key or recovery code is masked even inside a message template.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

_SECRET_SHAPES = re.compile(
    r"\b[0-9a-fA-F]{32,}\b"  # hex keys
    r"|\b(?:[0-9A-Z]{4}-){6}[0-9A-Z]{4}\b"  # recovery codes
)


class Public(str):
    """A string the code vouches for: safe to appear in a log (a type name, a count, a path)."""

    __slots__ = ()


def public(value: object) -> Public:
    return Public(str(value))


def _clean(arg: Any) -> Any:
    if isinstance(arg, (Public, int, float, bool)) or arg is None:
        return arg
    return "<redacted>"


class PrivacyFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_clean(arg) for arg in record.args)
        record.msg = _SECRET_SHAPES.sub("<redacted>", str(record.msg))
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.msg} [{record.exc_info[0].__name__}]"
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the current ``sys.stderr``, not the one present when logging was configured.

    The CLI runs in process under tests and tools that swap stderr for a buffer they later close;
    a handler holding the old object would then fail on every record. ``setStream`` still pins it.
    """

    _pinned: Any = None

    @property
    def stream(self) -> Any:
        return self._pinned if self._pinned is not None else sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        self._pinned = None if value is sys.stderr else value


def configure_logging(level: int = logging.WARNING) -> None:
    """Send Reflect's log records to stderr, through the privacy filter. Idempotent."""
    root = logging.getLogger("reflect")
    if any(isinstance(f, PrivacyFilter) for h in root.handlers for f in h.filters):
        return
    handler = _StderrHandler()
    handler.addFilter(PrivacyFilter())
    handler.setFormatter(logging.Formatter("reflect: %(levelname)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
