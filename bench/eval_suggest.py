"""How well capability suggestions match a careful practitioner's tags.

Runs :func:`reflect.core.suggest.suggest` over the labelled, invented reflections in
``tests/data/suggest_eval.json`` and prints precision@1, precision@3 and recall@3, overall, per
split (``dev`` was used to build the vocabulary; ``test`` was held out) and per capability, plus
the median time to suggest for one entry. Suggestions are compared by capability: a suggested
indicator ``9.4`` counts as capability 9.

    python -m bench.eval_suggest [--json] [--show-misses]

Definitions: precision@k is the share of the top k suggestions that are labelled (k in the
denominator even when fewer are returned); recall@3 is the share of an entry's labels found in its
top 3; both are averaged over entries. Per capability, recall@3 is over the entries labelled with
it and precision@1 over the entries where it came first. "shown" is what the panel would show
(up to 5 suggestions): how many per entry, and the share of them that are labelled.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from reflect.core.frameworks import capability_of, load_framework
from reflect.core.suggest import suggest

EVAL_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "suggest_eval.json"


def load_eval_set(path: Path = EVAL_SET) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["reflections"])


def evaluate(reflections: list[dict[str, Any]], framework_id: str = "esc") -> dict[str, Any]:
    """The figures for a list of labelled reflections (see the module docstring)."""
    framework = load_framework(framework_id)
    p1 = p3 = r3 = 0.0
    shown = shown_right = 0
    labelled: dict[int, int] = defaultdict(int)
    found: dict[int, int] = defaultdict(int)
    first: dict[int, int] = defaultdict(int)
    first_right: dict[int, int] = defaultdict(int)
    misses = []
    for reflection in reflections:
        labels = {int(code) for code in reflection["capabilities"]}
        panel = [capability_of(s.code) for s in suggest(reflection["text"], framework, limit=5)]
        shown += len(panel)
        shown_right += sum(code in labels for code in panel)
        top = panel[:3]
        hits = [code for code in top if code in labels]
        p1 += 1.0 if top and top[0] in labels else 0.0
        p3 += len(hits) / 3
        r3 += len(set(hits)) / len(labels)
        for code in labels:
            labelled[code] += 1
            found[code] += code in top
        if top:
            first[top[0]] += 1
            first_right[top[0]] += top[0] in labels
        if not top or top[0] not in labels or set(hits) != labels:
            misses.append({"id": reflection["id"], "labels": sorted(labels), "top3": top})
    count = max(len(reflections), 1)
    return {
        "entries": len(reflections),
        "precision@1": round(p1 / count, 3),
        "precision@3": round(p3 / count, 3),
        "recall@3": round(r3 / count, 3),
        "shown_per_entry": round(shown / count, 2),
        "shown_precision": round(shown_right / shown, 3) if shown else None,
        "per_capability": {
            str(c.id): {
                "labelled": labelled[c.id],
                "recall@3": round(found[c.id] / labelled[c.id], 3) if labelled[c.id] else None,
                "first": first[c.id],
                "precision@1": round(first_right[c.id] / first[c.id], 3) if first[c.id] else None,
            }
            for c in framework.capabilities
        },
        "misses": misses,
    }


def time_per_entry(reflections: list[dict[str, Any]], framework_id: str = "esc") -> float:
    """Median milliseconds to suggest for one entry, index already built."""
    framework = load_framework(framework_id)
    suggest("warm up", framework)
    times = []
    for reflection in reflections:
        start = time.perf_counter()
        suggest(reflection["text"], framework)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-misses", action="store_true", help="list imperfect entries")
    args = parser.parse_args(argv)

    reflections = load_eval_set()
    report = {"all": evaluate(reflections)}
    for split in sorted({r["split"] for r in reflections}):
        report[split] = evaluate([r for r in reflections if r["split"] == split])
    report["ms_per_entry"] = time_per_entry(reflections)
    if args.json:
        for part in report.values():
            if isinstance(part, dict) and not args.show_misses:
                part.pop("misses", None)
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0

    print(f"capability suggestions over {len(reflections)} labelled reflections")
    print(
        f"{'set':<6} {'n':>3} {'precision@1':>12} {'precision@3':>12} {'recall@3':>9}"
        f" {'shown':>6} {'shown precision':>16}"
    )
    for name in ("all", *sorted(k for k in report if k not in ("all", "ms_per_entry"))):
        part = report[name]
        print(
            f"{name:<6} {part['entries']:>3} {part['precision@1']:>12.3f}"
            f" {part['precision@3']:>12.3f} {part['recall@3']:>9.3f}"
            f" {part['shown_per_entry']:>6.2f} {part['shown_precision'] or 0:>16.3f}"
        )
    print()
    print(f"{'capability':<34} {'labelled':>8} {'recall@3':>9} {'first':>6} {'precision@1':>12}")
    framework = load_framework()
    for capability in framework.capabilities:
        row = report["all"]["per_capability"][capability.code]
        recall = "-" if row["recall@3"] is None else f"{row['recall@3']:.3f}"
        precision = "-" if row["precision@1"] is None else f"{row['precision@1']:.3f}"
        label = f"{capability.id:>2} {capability.name}"[:34]
        print(f"{label:<34} {row['labelled']:>8} {recall:>9} {row['first']:>6} {precision:>12}")
    print()
    print(f"median time to suggest for one entry: {report['ms_per_entry']} ms")
    if args.show_misses:
        print()
        for name in sorted(k for k in report if k not in ("all", "ms_per_entry")):
            for miss in report[name]["misses"]:
                print(f"{name} #{miss['id']}: labels {miss['labels']} top3 {miss['top3']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
