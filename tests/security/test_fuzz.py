"""Arbitrary input never breaks the importers, the Markdown renderer or the privacy check.

Promise (issue 8): on any input, the importers raise nothing but their documented errors (a
:class:`~reflect.errors.ReflectError`: one clear line, nothing imported), the Markdown renderer
returns safe HTML, and the identifiable-information check returns findings that point into the
text. Each is fuzzed with ``hypothesis``: from random bytes, and from real sample files
(``tests/data/import``) with random values put into random places, which reaches much deeper into
a parser than noise does. Runs are derandomised, so CI sees the same examples every time;
``REFLECT_FUZZ_EXAMPLES=2000`` runs more of them locally.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is a dev dependency")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

from reflect.core.importers import import_source, read_source  # noqa: E402
from reflect.core.markdown_render import render_markdown  # noqa: E402
from reflect.core.privacy import marker, redact, scan  # noqa: E402
from reflect.errors import ReflectError  # noqa: E402
from tests.core.test_markdown_render import parse  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "import"

# Hypothesis caches what it learns in ./.hypothesis; keep that out of the work tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "reflect-hypothesis")

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "120")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Any JSON value, small.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree (the root included)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replace(tree: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    tree = json.loads(json.dumps(tree))
    node = tree
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return tree


def mutations(sample: Any):
    """``sample`` with up to four of its values replaced by arbitrary JSON."""
    places = _paths(sample)

    @st.composite
    def mutate(draw):
        tree = sample
        for _ in range(draw(st.integers(1, 4))):
            place = draw(st.sampled_from(_paths(tree) if tree is not sample else places))
            tree = _replace(tree, place, draw(json_values))
        return tree

    return mutate()


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


JSON_SAMPLES = {
    "reflect-json": load("reflect/export.json"),
    "jrnl-json": load("jrnl/journal.json"),
    "dayone-json": load("dayone/Journal.json"),
}


class _Undo(Exception):
    """Rolls a successful import back, so every example starts from the same empty journal."""


def try_import(journal, path: Path, fmt: str) -> None:
    """Parse and import; only a ReflectError may come out, and then nothing was imported."""
    try:
        with journal.transaction():
            source = read_source(path, fmt)
            import_source(journal, source)
            raise _Undo
    except _Undo:
        pass
    except ReflectError as exc:
        assert str(exc), "a documented error says what is wrong"
    assert journal.count() == 0


@pytest.mark.parametrize("fmt", sorted(JSON_SAMPLES))
def test_importers_survive_mutated_sample_files(journal, tmp_path, fmt):
    """A real export file with random values in random places imports completely or fails with a
    documented error, importing nothing."""
    path = tmp_path / "input.json"

    @FUZZ
    @given(tree=mutations(JSON_SAMPLES[fmt]))
    def run(tree):
        path.write_text(json.dumps(tree), encoding="utf-8")
        try_import(journal, path, fmt)

    run()


def _first(kind: str) -> int:
    items = JSON_SAMPLES["reflect-json"]["items"]
    return next(n for n, item in enumerate(items) if item["kind"] == kind)


@pytest.mark.parametrize(
    "place, value",
    [
        (("items", _first("entry"), "template"), {}),
        (("items", _first("entry"), "template"), []),
        (("items", _first("supervision"), "supervision", "duration_minutes"), []),
    ],
    ids=["template-object", "template-list", "duration-list"],
)
def test_a_reflect_json_item_with_a_value_of_the_wrong_type_is_refused_cleanly(
    journal, tmp_path, place, value
):
    """Found by the fuzzer above: a value of the wrong type is an import error, not a crash."""
    tree = _replace(JSON_SAMPLES["reflect-json"], place, value)
    path = tmp_path / "input.json"
    path.write_text(json.dumps(tree), encoding="utf-8")
    with pytest.raises(ReflectError):
        import_source(journal, read_source(path, "reflect-json"))
    assert journal.count() == 0


@pytest.mark.parametrize("fmt", ["reflect-json", "jrnl-json", "dayone-json"])
def test_importers_survive_arbitrary_bytes(journal, tmp_path, fmt):
    """Random bytes given as an export file fail with a documented error, never a crash."""
    path = tmp_path / ("input.zip" if fmt == "dayone-json" else "input.json")

    @FUZZ
    @given(data=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
    def run(data):
        path.write_bytes(data)
        try_import(journal, path, fmt)

    run()


def test_the_markdown_folder_importer_survives_arbitrary_files(journal, tmp_path):
    """A folder of damaged or random Markdown notes imports or fails with a documented error."""
    samples = sorted((DATA / "markdown").rglob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in samples]

    @FUZZ
    @given(
        files=st.lists(
            st.sampled_from(texts).flatmap(
                lambda text: st.tuples(st.integers(0, len(text)), st.text(max_size=40)).map(
                    lambda cut: text[: cut[0]] + cut[1] + text[cut[0] :]
                )
            )
            | st.binary(max_size=100),
            min_size=1,
            max_size=3,
        )
    )
    def run(files):
        folder = tmp_path / "notes"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for n, content in enumerate(files):
            target = folder / f"note-{n}.md"
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", errors="surrogatepass")
        try_import(journal, folder, "markdown")

    run()


#: Characters that make up HTML, Markdown and the schemes a link could carry.
MARKUP = st.text(
    alphabet=st.sampled_from(list("<>/=\"' \n\t&#;:()[]!*_`-.ajvscriptonerrimgsrchefd0x19")),
    max_size=120,
)


@FUZZ
@given(text=MARKUP | st.text(max_size=200))
def test_the_markdown_renderer_always_returns_safe_html(text):
    """Any text renders to HTML with no script, image, frame, handler or unsafe link."""
    out = render_markdown(text)
    lowered = out.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<iframe" not in lowered
    for _tag, attributes in parse(out).tags:
        for name, value in attributes:
            assert not name.startswith("on"), out
            if name == "href":
                assert (value or "").startswith(("http://", "https://", "mailto:")), out


@FUZZ
@given(
    text=st.text(max_size=300)
    | st.text(alphabet=st.sampled_from(list("0123456789 -+()/@.MrsDKhanbor:\n")), max_size=200),
    watch=st.lists(st.text(max_size=12), max_size=3),
)
def test_the_privacy_check_never_fails_and_its_findings_point_into_the_text(text, watch):
    """Any text and watch list: the check never fails, each finding is exactly the text at its
    place, and redaction replaces each with its marker."""
    findings = scan(text, watch)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
    redacted = redact(text, findings)
    for finding in findings:
        assert marker(finding.kind) in redacted
