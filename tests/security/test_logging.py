"""Secrets and writing are never logged, even at DEBUG, even when things go wrong.

Promise (DESIGN.md, security model; STYLE.md 11): nothing the user writes, no passphrase, recovery
code or key is ever logged. ``tests/core/test_log.py`` proves the privacy filter on its own. Here
the failure paths run for real — a wrong passphrase, a wrong recovery code, a damaged database, a
damaged key envelope, a refused export, an export to a missing folder, a keyring that raises — with
logging at DEBUG, once as fresh processes and once in process (the app's handler, its stream
captured). Captured stderr and every log line must hold none of the secrets. (A refused export
names each finding's entry by date and title, by design, so the entry here has a plain title; its
body, tags and the watch list carry the markers.)
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import ItemKind
from reflect.core.vault import Vault
from reflect.log import PrivacyFilter, configure_logging
from tests.security.leaks import PREFIX, marker

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "lantern orchard pebble violin"
WRONG = "wrong guess quartz meadow"
NHS = "943 476 5919"

#: Runs one command with Reflect's logging at DEBUG (``run`` keeps an existing configuration).
_DEBUG_CLI = (
    "import logging, sys\n"
    "from reflect.log import configure_logging\n"
    "configure_logging(logging.DEBUG)\n"
    "from reflect.cli.main import run\n"
    "sys.exit(run(sys.argv[1:]))\n"
)


@dataclass(frozen=True)
class Secrets:
    data_dir: Path
    recovery_code: str
    key_hex: str
    entry_id: int

    def all(self) -> list[str]:
        code = self.recovery_code
        return [
            PREFIX,
            PREFIX.lower(),
            PASSPHRASE,
            WRONG,
            code,
            code.replace("-", ""),
            self.key_hex,
            self.key_hex.upper(),
            NHS,
        ]


@pytest.fixture(scope="module")
def secrets(tmp_path_factory) -> Secrets:
    """A vault of our own (its recovery code and key known), with an entry full of markers
    and an NHS number (so an export is refused)."""
    data_dir = tmp_path_factory.mktemp("logging") / "data"
    vault = Vault(data_dir, keystore=MemoryKeyStore())
    created = vault.create(PASSPHRASE)
    with vault.open(created.key) as journal:
        journal.set_setting("privacy_watch_list", [marker("Watch")])
        item = journal.save(
            journal.new_item(
                ItemKind.ENTRY,
                "Home visit",  # a refused export names the entry by its title, by design
                body=f"{marker('Body')} gave his NHS number {NHS}.",
                capabilities=("3",),
                tags=(marker("Tag"),),
            )
        )
    assert item.id is not None
    return Secrets(data_dir, created.recovery_code, created.key.raw.hex(), item.id)


def damaged_copy(secrets: Secrets, where: Path, what: str) -> Path:
    """A copy of the vault with a byte flipped in its database or its envelope."""
    copy = where / what
    shutil.copytree(secrets.data_dir, copy)
    name = "reflect.db" if what == "database" else "vault.json"
    data = bytearray((copy / name).read_bytes())
    offset = 3 * 4096 + 10 if what == "database" else data.index(b'"wrapped_key": "') + 20
    data[offset] ^= 0x5A
    (copy / name).write_bytes(bytes(data))
    return copy


def failure_paths(secrets: Secrets, tmp_path: Path) -> dict[str, tuple[list[str], str, int]]:
    """name -> (arguments, standard input, expected exit code)."""
    d = str(secrets.data_dir)
    typo = secrets.recovery_code[:-1] + ("2" if secrets.recovery_code[-1] != "2" else "3")
    return {
        "wrong passphrase": (["list", "--data-dir", d, "--passphrase-stdin"], f"{WRONG}\n", 3),
        "wrong recovery code": (
            ["recover", "--data-dir", d, "--passphrase-stdin"],
            f"{typo}\n{WRONG}\n",
            1,
        ),
        "damaged database": (
            [
                "show",
                str(secrets.entry_id),
                "--data-dir",
                str(damaged_copy(secrets, tmp_path, "database")),
                "--passphrase-stdin",
            ],
            f"{PASSPHRASE}\n",
            5,
        ),
        "damaged envelope": (
            [
                "list",
                "--data-dir",
                str(damaged_copy(secrets, tmp_path, "envelope")),
                "--passphrase-stdin",
            ],
            f"{PASSPHRASE}\n",
            5,
        ),
        "refused export": (
            [
                *("export", "--format", "md", "--full-text", "--out", str(tmp_path / "x.md")),
                *("--data-dir", d, "--passphrase-stdin"),
            ],
            f"{PASSPHRASE}\n",
            4,
        ),
        "export to a missing folder": (
            [
                *("export", "--format", "json", "--allow-identifiable"),
                *("--out", str(tmp_path / "missing" / "x.json"), "--data-dir", d),
                "--passphrase-stdin",
            ],
            f"{PASSPHRASE}\n",
            1,
        ),
    }


def assert_clean(text: str, secrets: Secrets, where: str) -> None:
    found = [secret for secret in secrets.all() if secret in text]
    assert found == [], f"{where}: {found} in {text!r}"


def test_failing_commands_in_fresh_processes_log_no_secret_at_debug(secrets, tmp_path):
    """Each failure path as a user meets it, Reflect's logging at DEBUG: stderr is one clear
    line at most plus log lines, and none of it holds a secret; stdout stays empty."""
    paths = failure_paths(secrets, tmp_path)
    children = {
        name: subprocess.Popen(
            [sys.executable, "-c", _DEBUG_CLI, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **_env()},
        )
        for name, (args, _, _) in paths.items()
    }
    for name, child in children.items():
        out, err = child.communicate(paths[name][1], timeout=60)
        assert child.returncode == paths[name][2], f"{name}: {err}"
        assert out == "", name
        assert "Traceback" not in err, name
        assert_clean(err, secrets, name)


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "PYTHON_KEYRING_BACKEND"}


class LeakyKeyring(KeyringBackend):
    """A backend whose errors quote what they were given (as some do)."""

    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError(f"cannot read {service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"cannot store {password} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError(f"cannot delete {username}")


@pytest.fixture
def debug_log(monkeypatch) -> io.StringIO:
    """Reflect's own stderr handler (with its privacy filter), writing to a buffer at DEBUG."""
    configure_logging()
    logger = logging.getLogger("reflect")
    (handler,) = [
        h for h in logger.handlers if any(isinstance(f, PrivacyFilter) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield stream
    logger.setLevel(level)
    handler.setStream(previous)


def test_failing_commands_in_process_log_no_secret_at_debug(
    secrets, tmp_path, debug_log, monkeypatch
):
    """The same paths in process, plus a keyring whose errors quote the key it was handed:
    neither the command's stderr nor any log record holds a secret."""
    from reflect.cli.main import run

    monkeypatch.setattr(keyring.core, "_keyring_backend", LeakyKeyring())
    paths = failure_paths(secrets, tmp_path)
    paths["keyring that raises"] = (
        ["remember", "--data-dir", str(secrets.data_dir), "--passphrase-stdin"],
        f"{PASSPHRASE}\n",
        1,
    )
    for name, (args, stdin, code) in paths.items():
        out, err = io.StringIO(), io.StringIO()
        assert run(args, stdin=io.StringIO(stdin), stdout=out, stderr=err) == code, name
        assert out.getvalue() == "", name
        assert_clean(err.getvalue(), secrets, name)
    logged = debug_log.getvalue()
    assert "keyring" in logged, "the keyring failures were logged (so the log was captured)"
    assert_clean(logged, secrets, "the log")


def test_a_pdf_export_of_unusual_characters_logs_none_of_them(journal, tmp_path, caplog):
    """Characters the PDF font lacks (a hieroglyph, Chinese, an emoji) are the user's writing
    too: exporting them puts none of them in any log record, of any logger (outside pytest,
    a record nobody handles is printed on stderr)."""
    from datetime import date, datetime

    from reflect.core.appraisal import Selection
    from reflect.core.coverage import Period
    from reflect.core.exporters import export

    unusual = "\U00013080 \u6f22\u5b57 \U0001f642"
    journal.save(
        journal.new_item(
            ItemKind.ENTRY,
            "Visit",
            date=datetime(2026, 1, 10, 9, 0),
            body=f"What she said: {unusual}",
            capabilities=("3",),
        )
    )
    caplog.set_level(logging.DEBUG)
    export(
        journal,
        "pdf",
        tmp_path / "x.pdf",
        Selection(period=Period(date(2025, 7, 1), date(2026, 6, 30)), full_text=True),
        today=date(2026, 3, 1),
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for character in unusual.replace(" ", ""):
        assert character not in logged and ascii(character)[1:-1] not in logged, logged
