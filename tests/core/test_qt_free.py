"""The domain core and the command line never load Qt: they must run (and ship) without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
import reflect.core, reflect.cli
for package in (reflect.core, reflect.cli):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
import reflect.cli.main
reflect.cli.main.build_parser()
print(sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6"}))
"""


def test_importing_every_core_and_cli_module_loads_no_qt():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
