"""Fresh-process timings, as a user runs Reflect: one command per process, key remembered.

Each command runs as the installed ``reflect`` console script with the benchmark's file keyring, so
the key comes from the keyring exactly as for a user who chose "remember on this device". Beside
each: the floor (``bench/floor.py``, a bare sqlcipher3 script with the raw key doing the same query)
and, where jrnl has the same job, jrnl on the same corpus.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import corpus
from bench.inprocess import cli_commands
from bench.targets import MAX_FLOOR_RATIO, MIN_JRNL_SPEEDUP, relative_targets_apply, target
from bench.timing import Measure, ProcessFailed, Row, log, run_once, time_process
from bench.vaults import BENCH_DIR, KEYRING_BACKEND, BenchVault, bench_env
from reflect.core.keystore import HINT_NAME
from reflect.core.vault import Vault

SECTION = "Fresh process (as a user runs it; key remembered in a file keyring)"
FLOOR = BENCH_DIR / "floor.py"


def reflect_exe() -> str:
    """The ``reflect`` console script of this environment (what ``make run`` installs)."""
    exe = Path(sys.executable).with_name("reflect")
    return str(exe) if exe.exists() else sys.executable


def _reflect_argv(*args: str) -> list[str]:
    exe = reflect_exe()
    return [exe, *args] if exe != sys.executable else [exe, "-m", "reflect", *args]


def run(
    bv: BenchVault,
    repeat: int,
    jrnl: object | None,
    jrnl_note: str,
) -> list[Row]:
    """The rows of this section; ``jrnl`` is a built ``JrnlJournal`` (or None: not compared)."""
    size = bv.size
    env = bench_env({"REFLECT_DATA_DIR": str(bv.data_dir)})
    commands = cli_commands()
    rows: list[Row] = []
    out_dir = bv.data_dir.parent
    floor_base = [sys.executable, str(FLOOR), str(bv.db_path), str(bv.key_file)]
    # The same script, its key read from the keyring as Reflect reads it (see bench/floor.py).
    vault_id = Vault(bv.data_dir).envelope().vault_id
    keyring_floor_base = [sys.executable, str(FLOOR), str(bv.db_path), f"keyring:{vault_id}"]
    relative = relative_targets_apply(size)

    def measure(argv: Sequence[str] | Callable[[int], Sequence[str]]) -> Measure:
        return time_process(argv, env, repeat)

    def add(
        name: str,
        argv: Sequence[str] | Callable[[int], Sequence[str]] | None,
        *,
        key: str | None = None,
        floor: Sequence[str] | Callable[[int], Sequence[str]] | None = None,
        keyring_floor: Sequence[str] | Callable[[int], Sequence[str]] | None = None,
        jrnl_args: object | None = None,
        note: str = "",
        needs: str | None = None,
        check: Callable[[bytes], str] | None = None,
        strict: bool = False,
    ) -> None:
        row = Row(SECTION, name, size, target=target(key, size) if key else None)
        if strict and relative:
            row.max_floor_ratio = MAX_FLOOR_RATIO
            row.min_jrnl_speedup = MIN_JRNL_SPEEDUP
        missing = needs is not None and needs not in commands
        if missing:
            note = "n/a (not built yet)" + (f"; {note}" if note else "")
        try:
            if argv is not None and not missing:
                if check is not None:  # one checked run: it works and says what it found
                    first = argv(10_000) if callable(argv) else argv
                    note = (note + "; " if note else "") + check(run_once(first, env).stdout)
                row.measure = measure(argv)
            if floor is not None:
                row.floor = measure(floor)
            if keyring_floor is not None:
                row.keyring_floor = measure(keyring_floor)
        except ProcessFailed as exc:
            row.note = f"n/a (failed: {exc})"
            rows.append(row)
            log(f"  {name}: {row.note}")
            return
        if jrnl_args is not None and jrnl is not None:
            try:
                row.jrnl = jrnl.time(jrnl_args, repeat)  # type: ignore[attr-defined]
            except ProcessFailed as exc:
                note = (note + "; " if note else "") + f"jrnl failed: {exc}"
        elif jrnl_args is not None and jrnl_note:
            note = (note + "; " if note else "") + f"jrnl {jrnl_note}"
        row.note = note
        rows.append(row)
        shown = row.measure.show() if row.measure else "—"
        extra = f", floor {row.floor.show()}" if row.floor else ""
        extra += f", jrnl {row.jrnl.show()}" if row.jrnl else ""
        log(f"  {name}: {shown}{extra}")

    def count_json(out: bytes) -> str:
        return f"{len(json.loads(out)):,} results"

    add("python -c pass (interpreter start)", [sys.executable, "-c", "pass"])
    add("reflect --version (imports only)", _reflect_argv("--version"))
    add(
        "import keyring + get_keyring() (file backend named in the env)",
        [sys.executable, "-c", "import keyring; keyring.get_keyring()"],
        note="what every command pays to read the remembered key",
    )
    auto = {k: v for k, v in env.items() if k != "PYTHON_KEYRING_BACKEND"}
    try:
        detected = time_process(
            [sys.executable, "-c", "import keyring; keyring.get_keyring()"], auto, repeat
        )
        rows.append(
            Row(
                SECTION,
                "import keyring + get_keyring() (backend auto-detected)",
                size,
                detected,
                "as on a user's machine without PYTHON_KEYRING_BACKEND (scans entry points)",
            )
        )
    except ProcessFailed as exc:
        log(f"  keyring auto-detection: {exc}")
    word = corpus.CLI_WORD
    add(
        f"reflect search {word} --json",
        _reflect_argv("search", word, "--json"),
        key="cli",
        floor=[*floor_base, "search", word],
        keyring_floor=[*keyring_floor_base, "search", word],
        jrnl_args=["-contains", word],
        check=count_json,
        note="jrnl: -contains (prints every match)",
        strict=True,
    )
    # As on a user's machine: no PYTHON_KEYRING_BACKEND; the vault's keyring.json names the
    # backend that holds the key, so detection is skipped (without it: the row above + ~60 ms).
    hint = bv.data_dir / HINT_NAME
    hint.write_text(json.dumps({"backend": KEYRING_BACKEND}))
    try:
        row = Row(SECTION, f"reflect search {word} --json, backend from keyring.json", size)
        row.measure = time_process(_reflect_argv("search", word, "--json"), auto, repeat)
        row.note = "no PYTHON_KEYRING_BACKEND: the hint written when the key was remembered"
        rows.append(row)
        log(f"  {row.name}: {row.measure.show()}")
    except ProcessFailed as exc:
        log(f"  search with the keyring hint: {exc}")
    finally:
        hint.unlink(missing_ok=True)
    add(
        f"reflect list --tag {corpus.TAG} --json",
        _reflect_argv("list", "--tag", corpus.TAG, "--json"),
        key="cli",
        floor=[*floor_base, "tag", corpus.TAG],
        keyring_floor=[*keyring_floor_base, "tag", corpus.TAG],
        jrnl_args=[f"@{corpus.TAG}"],
        check=count_json,
        note=f"jrnl: @{corpus.TAG}",
        strict=True,
    )
    add(
        "reflect list --limit 10 --json",
        _reflect_argv("list", "--limit", "10", "--json"),
        floor=[*floor_base, "recent", "10"],
        jrnl_args=["-n", "10"],
        note="jrnl: -n 10",
    )
    add(
        "reflect add --title … --json",
        lambda n: _reflect_argv("add", "--title", f"Benchmark entry {n}", "--json"),
        key="cli",
        floor=lambda n: [*floor_base, "add", f"Floor entry {n}"],
        keyring_floor=lambda n: [*keyring_floor_base, "add", f"Keyring floor entry {n}"],
        jrnl_args=lambda n: [f"Benchmark entry {n}. Added by the benchmark."],
        note="jrnl: jrnl TEXT (rewrites the whole encrypted file)",
        strict=True,
    )
    year = str(corpus.END.year)
    add(
        "reflect summary --json (one year)",
        _reflect_argv("summary", "--json", "--from", f"{year}-01-01", "--to", f"{year}-12-31"),
        floor=[*floor_base, "summary", f"{year}-01-01", f"{int(year) + 1}-01-01"],
        needs="summary",
    )
    export_out = out_dir / "export.json"
    add(
        "reflect export --format json (everything)",
        [
            *_reflect_argv("export", "--format", "json", "--out", str(export_out)),
            "--allow-identifiable",
        ],
        key="export_json",
        floor=[*floor_base, "export", str(out_dir / "floor-export.json")],
        jrnl_args=["--format", "json"],
        needs="export",
        note="jrnl: --format json to stdout",
    )
    for name in ("export.json", "floor-export.json"):
        (out_dir / name).unlink(missing_ok=True)
    return rows
