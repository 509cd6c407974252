"""``python -m bench`` (``make bench``): build the benchmark vaults and print every timing.

    python -m bench                       # 10,000 and 100,000 items, 5 runs each
    python -m bench --quick               # 1,000 items, 3 runs: a smoke run in under a minute
    python -m bench --sizes 10000 --repeat 7 --markdown bench/out/results.md
    python -m bench --only inprocess,fresh --no-jrnl

Vaults (and jrnl journals) are built once and cached in ``bench/out/``; each run works on copies.
The table shows the median and the spread (min-max) of the timed runs after one untimed warm-up,
the DESIGN.md target for the size, the floor and jrnl figures and PASS/MISS.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

from bench import app, corpus, fresh, inprocess
from bench.timing import Row, log, render_markdown, render_text
from bench.vaults import OUT, build_vault, use_bench_keyring, working_copy

SECTIONS = ("inprocess", "fresh", "app")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="1,000 items, 3 runs (a smoke run)")
    p.add_argument("--sizes", help="journal sizes, comma-separated (default 10000,100000)")
    p.add_argument("--repeat", type=int, help="timed runs per figure (default 5; --quick 3)")
    p.add_argument("--seed", type=int, default=2026, help="corpus seed (default 2026)")
    p.add_argument(
        "--only", help=f"comma-separated sections to run: {', '.join(SECTIONS)} (default all)"
    )
    p.add_argument("--no-jrnl", action="store_true", help="skip the jrnl comparison")
    p.add_argument(
        "--no-eval", action="store_true", help="skip the capability-suggestion quality figures"
    )
    p.add_argument(
        "--jrnl-max-size",
        type=int,
        default=10_000,
        help="compare with jrnl only up to this size (default 10000: jrnl needs minutes per "
        "command at 100,000)",
    )
    p.add_argument("--rebuild", action="store_true", help="rebuild the cached vaults")
    p.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    return p


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    cipher = conn.execute("PRAGMA cipher_version").fetchone()
    conn.close()
    load = os.getloadavg()
    return [
        f"{datetime.now().strftime('%Y-%m-%d %H:%M')}, {platform.system()} {platform.release()}",
        f"{cpu}, {os.cpu_count()} cores, {mem}",
        f"Python {platform.python_version()}, SQLite {sqlite}, "
        f"SQLCipher {cipher[0] if cipher else '?'}",
        f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    ]


def _jrnl_for(size: int, seed: int, quick: bool) -> tuple[object | None, str]:
    from bench import jrnl_side

    if quick and not jrnl_side.installed():
        return None, "n/a (--quick does not install jrnl; run the full bench once)"
    try:
        version = jrnl_side.install()
        journal = jrnl_side.JrnlJournal(size, seed)
        journal.build()
        log(f"  {version}, encrypted journal of {size:,} entries")
        return journal.working_copy(), ""
    except Exception as exc:  # the comparison is optional: report, carry on
        return None, f"n/a (jrnl unavailable: {exc})"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.replace("_", "").split(",")]
        if args.sizes
        else ([1000] if args.quick else [10_000, 100_000])
    )
    repeat = args.repeat or (3 if args.quick else 5)
    only = set(args.only.split(",")) if args.only else set(SECTIONS)
    unknown = only - set(SECTIONS)
    if unknown:
        print(f"unknown section(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    use_bench_keyring()
    started = time.perf_counter()
    header = machine()
    rows: list[Row] = []
    builds: list[str] = []
    for size in sizes:
        log(f"\n--- {size:,} items ---")
        built = build_vault(size, args.seed, rebuild=args.rebuild)
        builds.append(
            f"{size:,} items: built through Journal.save in one transaction in "
            f"{built.build_seconds:.1f} s ({built.build_seconds / size * 1000:.2f} ms per item)"
        )
        bv = working_copy(built)
        if "inprocess" in only:
            rows += inprocess.run(bv, repeat)
        if "fresh" in only:
            jrnl, jrnl_note = None, "n/a (--no-jrnl)"
            if not args.no_jrnl:
                if size <= args.jrnl_max_size:
                    jrnl, jrnl_note = _jrnl_for(size, args.seed, args.quick)
                else:
                    jrnl_note = f"not run above {args.jrnl_max_size:,} items"
            rows += fresh.run(bv, repeat, jrnl, jrnl_note)
        if "app" in only:
            rows += app.run(bv, repeat)
    elapsed = time.perf_counter() - started
    load = os.getloadavg()
    lines = [
        "Reflect benchmarks",
        *header,
        f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(above 1 per core, other work was competing: read the CPU column too)",
        f"corpus: seed {args.seed}, corpus version {corpus.CORPUS_VERSION}; {repeat} timed runs "
        f"per figure after one warm-up; whole run {elapsed:.0f} s",
        *builds,
    ]
    print("\n".join(lines))
    print(render_text(rows))
    misses = [r for r in rows if r.verdict().startswith("MISS")]
    print(f"\n{len(misses)} MISS, {sum(r.verdict() == 'PASS' for r in rows)} PASS")
    if not args.no_eval:
        # Issue 6: suggestion quality (precision@1 >= 0.7, recall@3 >= 0.8) belongs in the run.
        from bench import eval_suggest

        print()
        eval_suggest.main([])
    if args.markdown:
        text = "\n".join(f"- {line}" for line in lines[1:]) + "\n" + render_markdown(rows)
        Path(args.markdown).write_text(text, encoding="utf-8")
        log(f"Markdown table written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
