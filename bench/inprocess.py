"""In-process timings: the journal service and the core modules, on an unlocked journal.

Modules another engineer is still writing are looked up with :mod:`importlib`; until they exist
their rows say "n/a (not built yet)".
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import itertools
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench import corpus
from bench.targets import target
from bench.timing import Measure, Row, log, time_call
from bench.vaults import PASSPHRASE, BenchVault

SECTION = "In process (warm, unlocked journal)"

#: Identifiers planted in the privacy-scan text, so every kind of finding is exercised.
_PLANTED = (
    "Her NHS number 943 476 5919 was on the referral.",
    "He was born on 12/03/1961 and lives near SW1A 1AA.",
    "The daughter rang from 07700 900123 and wrote to carer@example.org.",
    "Mr Okafor asked to see the consultant.",
)


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def cli_commands() -> set[str]:
    """The ``reflect`` sub-commands that exist in this tree."""
    from reflect.cli.main import build_parser

    parser = build_parser()
    for action in parser._actions:  # argparse keeps sub-parsers here
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):
            return set(choices)
    return set()


def privacy_text(words: int = 5000) -> str:
    """About ``words`` words of reflective writing with a few identifiers planted in it."""
    text = corpus.text_of_words(words - 60)
    paragraphs = text.split("\n\n")
    step = max(1, len(paragraphs) // (len(_PLANTED) + 1))
    for n, sentence in enumerate(_PLANTED, 1):
        paragraphs.insert(min(len(paragraphs), n * step), sentence)
    return "\n\n".join(paragraphs)


def newest_period(journal: Any, entries: int) -> tuple[date, date]:
    """The span of the ``entries`` newest journal entries (a 'year' of 365 entries)."""
    from reflect.core.model import ItemFilter, ItemKind

    rows = journal.list(ItemFilter(kinds=(ItemKind.ENTRY,), date_to=corpus.END), limit=entries)
    return rows[-1].date.date(), rows[0].date.date()


def run(bv: BenchVault, repeat: int) -> list[Row]:
    from reflect.core.keystore import OsKeyStore
    from reflect.core.model import ItemFilter, ItemKind
    from reflect.core.search import fts_query
    from reflect.core.vault import DataKey, Vault

    size = bv.size
    rows: list[Row] = []

    def row(name: str, measure: Measure | None, key: str | None = None, note: str = "") -> None:
        rows.append(Row(SECTION, name, size, measure, note, target(key, size) if key else None))
        log(f"  {name}: {measure.show() if measure else note}")

    vault = Vault(bv.data_dir, keystore=OsKeyStore())
    key = DataKey(bv.key)

    row(
        "unlock with passphrase (one Argon2id derivation)",
        time_call(lambda: vault.unlock_with_passphrase(PASSPHRASE), repeat),
        "passphrase",
    )

    def open_known() -> None:
        with vault.open(key) as j:
            j.count()

    row("unlock with a known key (open + first query)", time_call(open_known, repeat))

    def open_remembered() -> None:
        with vault.open(vault.unlock()) as j:
            j.count()

    row(
        "unlock with the remembered key (keyring + open + query)",
        time_call(open_remembered, repeat),
    )

    journal = vault.open(key)
    try:
        with journal.reading() as conn:
            total = conn.execute("SELECT count(*) FROM items").fetchone()[0]

        def hits(query: str) -> int:
            with journal.reading() as conn:
                return int(
                    conn.execute(
                        "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?",
                        (fts_query(query),),
                    ).fetchone()[0]
                )

        row("first page of the list (100 rows)", time_call(lambda: journal.list(limit=100), repeat))

        for label, query in (
            ("common word", corpus.COMMON_WORD),
            ("rare word", corpus.RARE_WORD),
            ("phrase", corpus.PHRASE),
            ("prefix", corpus.PREFIX),
        ):
            row(
                f"search, {label}: {query} (best 50)",
                time_call(lambda q=query: journal.search(q), repeat),
                "search",
                f"{hits(query):,} of {total:,} items match",
            )

        year_end = corpus.END
        year_start = date(year_end.year, 1, 1)
        flt = ItemFilter(capability=corpus.CAPABILITY, date_from=year_start, date_to=year_end)
        row(
            f"filtered list: capability {corpus.CAPABILITY}, one year",
            time_call(lambda: journal.list(flt), repeat),
            note=f"{journal.count(flt):,} items",
        )

        if module_exists("reflect.core.coverage"):
            from reflect.core.coverage import Period, compute_coverage

            period = Period(year_start, year_end)
            row(
                "a year's coverage summary (compute_coverage)",
                time_call(lambda: compute_coverage(journal, period), repeat),
                "coverage",
                f"{journal.count(ItemFilter(date_from=year_start, date_to=year_end)):,} "
                "items in the year",
            )
        else:
            row(
                "a year's coverage summary (compute_coverage)",
                None,
                "coverage",
                "n/a (not built yet)",
            )

        fresh = corpus.generate(repeat + 1, seed=99, years=1)
        now = datetime.now().replace(microsecond=0)

        def save_new() -> None:
            item = next(fresh)
            journal.save(replace(item, date=now))

        row("save a new entry (~250 words)", time_call(save_new, repeat), "save")

        existing = journal.list(ItemFilter(kinds=(ItemKind.ENTRY,)), limit=1)[0].id
        counter = itertools.count()

        def save_edit() -> None:
            item = journal.get(existing)
            journal.save(replace(item, body=item.body + f"\n\nAn afterthought ({next(counter)})."))

        row("save an edit of an entry (autosave)", time_call(save_edit, repeat), "save")

        if module_exists("reflect.core.privacy"):
            from reflect.core.privacy import scan

            text = privacy_text(5000)
            found = len(scan(text))
            row(
                "privacy scan of 5,000 words",
                time_call(lambda: scan(text), repeat),
                "privacy",
                f"{len(text.split()):,} words, {found} findings",
            )
        else:
            row("privacy scan of 5,000 words", None, "privacy", "n/a (not built yet)")

        if module_exists("reflect.core.suggest"):
            import time

            from reflect.core.suggest import suggest

            body = journal.get(existing).body
            started = time.perf_counter()
            suggest(body, journal.framework)
            cold = time.perf_counter() - started
            row(
                "suggestion for one entry",
                time_call(lambda: suggest(body, journal.framework), repeat),
                note=f"first call (builds the index) {cold * 1000:.0f} ms",
            )
        else:
            row("suggestion for one entry", None, note="n/a (not built yet)")

        start, end = newest_period(journal, 365)
    finally:
        journal.close()

    if "export" in cli_commands():
        rows.append(_pdf_row(bv, repeat, start, end))
        log(f"  PDF export: {rows[-1].measure.show() if rows[-1].measure else rows[-1].note}")
    else:
        row("PDF export of a year (365 entries)", None, "pdf", "n/a (not built yet)")
    return rows


def _pdf_row(bv: BenchVault, repeat: int, start: date, end: date) -> Row:
    """``reflect export --format pdf`` run in process (through the CLI's ``run``)."""
    from reflect.cli.main import run

    name = "PDF export of a year (365 entries)"
    with tempfile.TemporaryDirectory(dir=bv.data_dir.parent) as tmp:
        out = Path(tmp) / "year.pdf"
        argv = [
            "export",
            "--format",
            "pdf",
            "--out",
            str(out),
            "--from",
            start.isoformat(),
            "--to",
            end.isoformat(),
            "--allow-identifiable",
            "--data-dir",
            str(bv.data_dir),
        ]
        errors: list[str] = []

        def export() -> None:
            out.unlink(missing_ok=True)
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()):
                code = run(argv, stdin=io.StringIO(), stdout=io.StringIO(), stderr=err)
            if code != 0:
                errors.append(f"exit {code}: {err.getvalue().strip()}")
                raise RuntimeError(errors[-1])

        try:
            measure = time_call(export, max(3, repeat // 2))
        except RuntimeError:
            return Row(SECTION, name, bv.size, None, f"n/a (export failed: {errors[-1]})")
        size_kb = out.stat().st_size // 1024
    days = (end - start).days + 1
    return Row(
        SECTION,
        name,
        bv.size,
        measure,
        f"{start}..{end} ({days} days), {size_kb:,} KB; via reflect.cli.main.run",
        target("pdf", bv.size),
    )
