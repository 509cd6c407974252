"""jrnl side by side: the same corpus in an encrypted jrnl journal, timed with the same commands.

jrnl is installed into its own virtual environment (``bench/out/jrnl-venv``) with ``keyrings.alt``.
Its password lives in the same file-based keyring as Reflect's remembered key (``PlaintextKeyring``
under ``bench/out/xdg-data``; service ``jrnl``, user ``default``, as ``jrnl/keyring.py`` reads it),
so no command prompts. Its configuration is a YAML file in ``bench/out`` passed with
``--config-file`` (keys as in jrnl's ``config.get_default_config``, ``encrypt: true``, so jrnl
writes its current encrypted format: PBKDF2-SHA256 100,000 rounds + Fernet over the whole journal).

The journal is built by piping the corpus, as jrnl-format text, into ``jrnl --import`` (nothing in
plaintext on disk). Tags become ``@tag`` words at the end of each entry.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench import corpus
from bench.timing import Measure, log, run_once, time_process
from bench.vaults import OUT, bench_env

VENV = OUT / "jrnl-venv"
PASSWORD = "benchmark jrnl password"
JRNL_SPEC = "jrnl"
TIMEFORMAT = "%Y-%m-%d %H:%M"


def jrnl_exe() -> Path:
    return VENV / "bin" / "jrnl"


def installed() -> bool:
    return jrnl_exe().exists() and (VENV / "bin" / "python").exists()


def install() -> str:
    """Create the venv and install jrnl (once); returns jrnl's version line."""
    if not installed():
        log(f"installing jrnl into {VENV} …")
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [
                str(VENV / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                JRNL_SPEC,
                "keyrings.alt",
            ],
            check=True,
        )
    done = run_once([str(jrnl_exe()), "--version"], bench_env())
    return done.stdout.decode().splitlines()[0].strip()


def _config(journal: Path) -> str:
    # Every key of jrnl's default config, so jrnl never rewrites the file or asks anything.
    return "\n".join(
        [
            "colors:",
            "  body: none",
            "  date: none",
            "  tags: none",
            "  title: none",
            "default_hour: 9",
            "default_minute: 0",
            "editor: ''",
            "encrypt: true",
            "highlight: false",
            "indent_character: '|'",
            "journals:",
            "  default:",
            f"    journal: {journal}",
            "linewrap: 79",
            "tagsymbols: '#@'",
            "template: false",
            f"timeformat: '{TIMEFORMAT}'",
            "version: v4.6",
            "",
        ]
    )


def jrnl_text(items: Sequence[object]) -> str:
    """The corpus as jrnl's own text format: ``[date] Title.`` then the body and @tags."""
    parts = []
    for item in items:
        title = item.title.replace("\n", " ").rstrip(".?!") + "."  # type: ignore[attr-defined]
        body = item.body  # type: ignore[attr-defined]
        tags = " ".join("@" + t.replace(" ", "-") for t in item.tags)  # type: ignore[attr-defined]
        when = item.date.strftime(TIMEFORMAT)  # type: ignore[attr-defined]
        parts.append(f"[{when}] {title}\n{body}" + (f"\n\n{tags}" if tags else "") + "\n")
    return "\n".join(parts)


class JrnlJournal:
    """A built, encrypted jrnl journal of the corpus (cached like the vaults)."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.seed = seed
        self.root = OUT / f"jrnl-{size}-s{seed}"
        self.config = self.root / "jrnl.yaml"
        self.journal = self.root / "journal.jrnl"
        self.env = bench_env()

    def _version_line(self) -> str:
        return install()

    def build(self) -> None:
        marker = self.root / "bench.json"
        expected = {"size": self.size, "seed": self.seed, "corpus": corpus.CORPUS_VERSION}
        if marker.exists() and json.loads(marker.read_text()) == expected:
            return
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        self.config.write_text(_config(self.journal))
        py = str(VENV / "bin" / "python")
        run_once(
            [py, "-c", f"import keyring; keyring.set_password('jrnl', 'default', {PASSWORD!r})"],
            self.env,
        )
        log(f"building an encrypted jrnl journal of {self.size:,} entries …")
        started = time.perf_counter()
        text = jrnl_text(list(corpus.generate(self.size, self.seed)))
        run_once(
            [str(jrnl_exe()), "--config-file", str(self.config), "--import"],
            self.env,
            stdin=text.encode("utf-8"),
        )
        head = self.journal.read_bytes()[:6]
        if not head.startswith(b"JRNL") and not head.startswith(b"gAAAAA"):
            raise RuntimeError("jrnl did not encrypt the benchmark journal")
        log(f"  built in {time.perf_counter() - started:.1f} s")
        marker.write_text(json.dumps(expected))

    def working_copy(self) -> JrnlJournal:
        """A copy for one run, so adding entries never changes the cached journal."""
        copy = JrnlJournal(self.size, self.seed)
        copy.root = OUT / f"jrnl-run-{self.size}"
        copy.config = copy.root / "jrnl.yaml"
        copy.journal = copy.root / "journal.jrnl"
        if copy.root.exists():
            shutil.rmtree(copy.root)
        copy.root.mkdir(parents=True)
        shutil.copy2(self.journal, copy.journal)
        copy.config.write_text(_config(copy.journal))
        return copy

    def argv(self, *args: str) -> list[str]:
        return [str(jrnl_exe()), "--config-file", str(self.config), *args]

    def count_output(self, *args: str) -> int:
        """How many entries a read command prints (checked once, via --format json)."""
        done = run_once(self.argv(*args, "--format", "json"), self.env)
        return len(json.loads(done.stdout)["entries"])

    def time(self, args: Sequence[str] | object, repeat: int) -> Measure:
        if callable(args):
            return time_process(lambda n: self.argv(*args(n)), self.env, repeat)
        return time_process(self.argv(*args), self.env, repeat)  # type: ignore[misc]
