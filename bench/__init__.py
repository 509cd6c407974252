"""Benchmarks for Reflect: ``python -m bench`` (``make bench``); never part of ``make test``.

Kept import-free on purpose: ``python -m bench.eval_suggest`` and the fresh-process timings import
this package, so it must cost nothing.
"""
