"""Helpers shared by the security tests."""

from __future__ import annotations

import io
from pathlib import Path

from reflect.cli.main import run
from tests.conftest import PASSPHRASE


def reflect_ok(data_dir: Path, *args: str, stdin: str = PASSPHRASE + "\n") -> str:
    """Run ``reflect ARGS`` in process on ``data_dir`` with the passphrase on stdin; its output.

    The command must succeed: its error output is the assertion message otherwise.
    """
    out, err = io.StringIO(), io.StringIO()
    code = run(
        [*args, "--data-dir", str(data_dir), "--passphrase-stdin"],
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    return out.getvalue()
