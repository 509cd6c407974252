"""How the benchmark table judges a fresh-process figure against DESIGN.md's relative targets.

The verdict is what a reader of ``bench/RESULTS.md`` acts on, so a miss must say whether Reflect or
the keyring it has to read is the cause. Made-up samples; nothing here is timed.
"""

from __future__ import annotations

from bench.timing import Measure, Row, render_text


def _row(reflect: float, floor: float, keyring_floor: float | None, jrnl: float) -> Row:
    row = Row("Fresh", "reflect search", 10_000, measure=Measure((reflect,)))
    row.floor = Measure((floor,))
    row.keyring_floor = Measure((keyring_floor,)) if keyring_floor is not None else None
    row.jrnl = Measure((jrnl,))
    row.max_floor_ratio = 3.0
    row.min_jrnl_speedup = 15.0
    return row


def test_within_both_ratios_passes():
    assert _row(0.080, 0.030, 0.070, 1.5).verdict() == "PASS"


def test_a_miss_reflect_could_avoid_names_only_the_target():
    # the keyring floor is within both ratios: the overhead above it is Reflect's own
    verdict = _row(0.100, 0.030, 0.060, 1.2).verdict()
    assert verdict == "MISS (>3x floor, <15x jrnl)"


def test_a_miss_that_even_the_keyring_floor_makes_says_so():
    verdict = _row(0.110, 0.030, 0.095, 1.3).verdict()
    assert verdict == "MISS (>3x floor; keyring floor 3.2x, <15x jrnl; keyring floor 14x)"


def test_without_a_keyring_floor_the_verdict_is_unchanged():
    assert _row(0.110, 0.030, None, 1.3).verdict() == "MISS (>3x floor, <15x jrnl)"


def test_the_table_shows_the_keyring_floor_beside_the_floor():
    text = render_text([_row(0.110, 0.030, 0.095, 1.3)])
    assert "Floor+keyring" in text
    assert "95 ms (3.2x floor)" in text
