"""Benchmark vaults of N synthetic items, built once and cached under ``bench/out/``.

A vault is created through the real :class:`reflect.core.vault.Vault` with a known passphrase,
filled through :meth:`reflect.core.journal.Journal.save` inside one ``journal.transaction()``, and
its data key remembered in a *file-based* keyring (``keyrings.alt`` PlaintextKeyring) that lives in
``bench/out/xdg-data`` — never the user's real keyring — so fresh ``reflect`` processes unlock
without a passphrase, as for a user who chose "remember on this device".

Each run works on a copy (:func:`working_copy`), so the timings that write (saving, ``reflect
add``) never change the cached vault.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import corpus

BENCH_DIR = Path(__file__).resolve().parent
#: Where vaults, jrnl and results go; REFLECT_BENCH_OUT moves it (the smoke test uses a temp dir).
OUT = Path(os.environ.get("REFLECT_BENCH_OUT") or BENCH_DIR / "out")
PASSPHRASE = "benchmark passphrase"
KEYRING_BACKEND = "keyrings.alt.file.PlaintextKeyring"


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every benchmark process runs in: file keyring and XDG dirs in bench/out."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND,
            "XDG_DATA_HOME": str(OUT / "xdg-data"),
            "XDG_CONFIG_HOME": str(OUT / "xdg-config"),
            "XDG_CACHE_HOME": str(OUT / "xdg-cache"),
        }
    )
    # An installed Reflect has its bytecode compiled (pip does it); without this, a shell that
    # sets PYTHONDONTWRITEBYTECODE would make every fresh process recompile the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("REFLECT_DATA_DIR", None)
    if extra:
        env.update(extra)
    return env


def use_bench_keyring() -> None:
    """Point this process's ``keyring`` at the file keyring (before ``keyring`` is imported)."""
    for key, value in bench_env().items():
        if key.startswith(("PYTHON_KEYRING", "XDG_")):
            os.environ[key] = value
    for name in ("xdg-data", "xdg-config", "xdg-cache"):
        (OUT / name).mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class BenchVault:
    """A built vault: its data directory and its raw key (for the floor script and unlocks)."""

    size: int
    seed: int
    data_dir: Path
    key_file: Path
    build_seconds: float

    @property
    def db_path(self) -> Path:
        return self.data_dir / "reflect.db"

    @property
    def key(self) -> bytes:
        return bytes.fromhex(self.key_file.read_text().strip())


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_vault(size: int, seed: int = 2026, *, rebuild: bool = False) -> BenchVault:
    """The cached vault of ``size`` items for ``seed``, built first if missing or stale."""
    use_bench_keyring()
    from reflect.core.keystore import OsKeyStore
    from reflect.core.vault import DataKey, Vault

    root = OUT / f"vault-{size}-s{seed}"
    marker = root / "bench.json"
    expected = {"size": size, "seed": seed, "corpus_version": corpus.CORPUS_VERSION}
    if not rebuild and marker.exists():
        meta = json.loads(marker.read_text())
        if {k: meta.get(k) for k in expected} == expected:
            built = BenchVault(
                size, seed, root / "data", root / "key.hex", float(meta["build_seconds"])
            )
            vault = Vault(built.data_dir, keystore=OsKeyStore())
            if not vault.is_remembered():  # the keyring file was removed: remember again
                vault.remember(DataKey(built.key))
            return built
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    _log(f"building a vault of {size:,} items (seed {seed}) in {root} …")
    vault = Vault(root / "data", keystore=OsKeyStore())
    created = vault.create(PASSPHRASE, remember=True)
    key_file = root / "key.hex"
    fd = os.open(key_file, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(created.key.raw.hex() + "\n")
    started = time.perf_counter()
    journal = vault.open(created.key)
    try:
        with journal.transaction():
            for n, item in enumerate(corpus.generate(size, seed), 1):
                journal.save(item)
                if n % 10_000 == 0:
                    _log(f"  {n:,} items, {time.perf_counter() - started:.0f} s")
    finally:
        journal.close()
    seconds = time.perf_counter() - started
    _log(f"  built in {seconds:.1f} s ({seconds / size * 1000:.2f} ms per item)")
    marker.write_text(json.dumps({**expected, "build_seconds": seconds}, indent=2) + "\n")
    return BenchVault(size, seed, root / "data", key_file, seconds)


def working_copy(built: BenchVault, name: str = "run") -> BenchVault:
    """A fresh copy of a built vault for one run (same vault id, so the same remembered key)."""
    target = OUT / f"{name}-{built.size}" / "data"
    if target.parent.exists():
        shutil.rmtree(target.parent)
    target.parent.mkdir(parents=True)
    shutil.copytree(built.data_dir, target)
    return BenchVault(built.size, built.seed, target, built.key_file, built.build_seconds)
