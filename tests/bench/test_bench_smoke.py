"""The benchmark code runs end to end on 100 items, so it cannot rot between benchmark runs.

No timing is asserted here: speed is measured by ``make bench``, never by unit tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_benchmark_runs_on_100_items(tmp_path):
    env = {**os.environ, "REFLECT_BENCH_OUT": str(tmp_path / "bench-out")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--sizes",
            "100",
            "--repeat",
            "1",
            "--no-jrnl",
            "--only",
            "inprocess,fresh",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for figure in (
        "search, common word",
        "reflect search",
        "reflect list --tag",
        "floor",
        "Floor+keyring",
    ):
        assert figure in out, f"{figure!r} missing from the benchmark table"
    assert "precision@1" in out and "recall@3" in out
    assert any((tmp_path / "bench-out").glob("vault-100-*")), (
        "the vault was not built in the temp dir"
    )
