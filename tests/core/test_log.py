"""Logs never carry what the user wrote, a passphrase, a key or a recovery code."""

from __future__ import annotations

import io
import logging

from reflect.core.recovery import new_recovery_code
from reflect.log import PrivacyFilter, configure_logging, public


def capture(emit) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PrivacyFilter())
    logger = logging.getLogger("reflect.test_log")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_string_arguments_are_redacted_unless_marked_public():
    text = capture(
        lambda log: log.info("saved %s for %s (%d)", "Mr Khan was upset", public("entry"), 3)
    )
    assert "Mr Khan" not in text
    assert "<redacted>" in text and "entry" in text and "3" in text


def test_keys_and_recovery_codes_are_masked_even_in_the_message():
    key = "ab" * 32
    code = new_recovery_code()
    text = capture(lambda log: log.warning(f"key {key} code {code}"))
    assert key not in text and code not in text


def test_exception_messages_and_tracebacks_are_dropped():
    def emit(log):
        try:
            raise ValueError("the body said something private")
        except ValueError:
            log.exception("save failed")

    text = capture(emit)
    assert "private" not in text and "Traceback" not in text
    assert "ValueError" in text


def test_warnings_follow_stderr_when_it_is_swapped(monkeypatch) -> None:
    """The CLI runs in process under callers that swap stderr and close the old one."""
    configure_logging()
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stderr", first)
    logging.getLogger("reflect.test").warning("to the first")
    first.close()
    monkeypatch.setattr("sys.stderr", second)
    logging.getLogger("reflect.test").warning("to the second")
    assert second.getvalue() == "reflect: WARNING: to the second\n"
