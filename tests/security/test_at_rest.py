"""Nothing the user writes is readable at rest: not in the data folder, not in temp files."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    ItemKind,
    ProgressReview,
    SupervisionDetails,
)
from reflect.core.vault import Vault
from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]
MARKER = "Zebrafinch7Quokka"


def encodings(marker: str) -> list[bytes]:
    return [marker.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]


def leaks(folders: list[Path], marker: str = MARKER) -> list[str]:
    """Every file under ``folders`` that holds the marker in UTF-8 or UTF-16."""
    needles = encodings(marker)
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                if any(needle in data for needle in needles):
                    found.append(str(path))
    return found


def test_markers_in_every_field_never_reach_disk_in_plaintext(data_dir, tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    m = MARKER
    vault = Vault(data_dir, keystore=MemoryKeyStore())
    journal = vault.open(vault.unlock_with_passphrase(PASSPHRASE))
    journal.save(
        journal.new_item(ItemKind.ENTRY, f"title {m}", body=f"body {m} " * 50, tags=(f"tag{m}",))
    )
    journal.save(
        journal.new_item(
            ItemKind.SUPERVISION,
            f"supervision {m}",
            supervision=SupervisionDetails(
                supervisor=f"sup {m}", actions=(AgreedAction(f"action {m}"),)
            ),
        )
    )
    journal.save(
        journal.new_item(
            ItemKind.GOAL,
            f"goal {m}",
            goal=GoalDetails(
                what=f"what {m}",
                why=f"why {m}",
                measure=f"measure {m}",
                reviews=(
                    ProgressReview(
                        date=journal.new_item(ItemKind.ENTRY).date.date(), note=f"review {m}"
                    ),
                ),
            ),
        )
    )
    journal.save(journal.new_item(ItemKind.CPD, f"cpd {m}", cpd=CpdDetails(learnt=f"learnt {m}")))
    journal.set_setting("privacy_watch_list", [f"watch {m}"])
    # A big sorted search: the kind of query that could spill to a temp file.
    assert len(journal.search(m)) == 4
    assert len(journal.list()) == 4
    assert leaks([data_dir, temp]) == [], "after save"
    journal.close()
    assert leaks([data_dir, temp]) == [], "after lock"

    # And through the command line, in a fresh process that exits.
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "reflect",
            "add",
            "--data-dir",
            str(data_dir),
            "--passphrase-stdin",
            "--title",
            f"cli {m}",
            "--tag",
            f"cli{m}",
            "--kind",
            "supervision",
            "--action",
            f"do {m}",
            "--body-file",
            "-",
        ],
        input=f"{PASSPHRASE}\ncli body {m}\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert added.returncode == 0, added.stderr
    searched = subprocess.run(
        [
            sys.executable,
            "-m",
            "reflect",
            "search",
            "--data-dir",
            str(data_dir),
            "--passphrase-stdin",
            m,
        ],
        input=f"{PASSPHRASE}\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert m in searched.stdout  # it really is stored, and readable when unlocked
    assert leaks([data_dir, temp]) == [], "after exit"
