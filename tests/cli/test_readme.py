"""The README's command-line examples work exactly as written, and every command is documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from reflect.cli.main import build_parser
from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def console_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.S)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]


def test_readme_examples_run_as_a_user_with_the_key_remembered(data_dir, tmp_path):
    """A practitioner who chose "remember on this device" can paste every example."""
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "REFLECT_DATA_DIR": str(data_dir),
        # A real keyring backend that persists across processes, kept in this test's temp dir.
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    work = tmp_path / "work"
    work.mkdir()
    remembered = subprocess.run(
        ["reflect", "remember", "--passphrase-stdin"],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
    )
    assert remembered.returncode == 0, remembered.stderr
    commands = console_commands()
    assert len(commands) >= 8
    outputs = []
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", command],
            capture_output=True,
            text=True,
            env=env,
            cwd=work,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert result.stderr == "", f"{command}\n{result.stderr}"
        outputs.append(result.stdout)
    everything = "\n".join(outputs)
    assert "Ward round" in everything and "crisis plan" in everything


def test_every_command_is_documented_in_the_readme():
    parser = build_parser()
    commands = next(a for a in parser._actions if hasattr(a, "choices") and a.choices).choices
    for name in commands:
        assert f"`reflect {name}" in README, f"reflect {name} is not documented in README.md"
