"""What a user can choose is documented: export and import formats, ``--version``, ``--help``.

``tests/cli/test_readme.py`` already checks that every sub-command appears in README.md; these
tests cover what it does not: every format of the export and import registries (and every other
``--format`` choice) is listed in the README row of its command, ``reflect --version`` is
documented and tells the packaged version, and ``reflect --help`` describes every command.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

import pytest

from reflect import __version__
from reflect.cli.main import build_parser, run

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def documented_formats(command: str) -> set[str]:
    """The names in ``--format a|b|c`` on README lines that document ``reflect COMMAND``.

    Table cells escape the pipe (``a\\|b``); both spellings count.
    """
    names: set[str] = set()
    for line in README.splitlines():
        if f"reflect {command}" not in line:
            continue
        for listed in re.findall(r"--format[ =]([\w.-]+(?:\\?\|[\w.-]+)*)", line):
            names.update(re.split(r"\\?\|", listed))
    return names


def test_every_export_format_is_documented_in_the_readme():
    try:
        from reflect.core.exporters import exporters
    except ImportError as exc:
        pytest.skip(f"the exporter registry is not there yet ({exc})")
    documented = documented_formats("export")
    for exporter in exporters():
        assert exporter.name in documented, (
            f"export format {exporter.name!r} is not documented in README.md: list it in "
            "`reflect export --format …`"
        )


def test_every_import_format_is_documented_in_the_readme():
    try:
        from reflect.core.importers import IMPORTERS
    except ImportError as exc:
        pytest.skip(f"the importer registry is not there yet ({exc})")
    documented = documented_formats("import")
    for importer in IMPORTERS:
        assert importer.name in documented, (
            f"import format {importer.name!r} is not documented in README.md: list it in "
            "`reflect import FILE --format …`"
        )


def test_every_format_choice_of_every_command_is_documented():
    for name, sub in subcommands().items():
        for action in sub._actions:
            if "--format" in action.option_strings and action.choices:
                missing = set(action.choices) - documented_formats(name)
                assert not missing, f"reflect {name} --format {sorted(missing)}: not in README.md"


def test_version_is_documented_and_is_the_packaged_version(capsys):
    assert "`reflect --version`" in README, "README.md does not mention `reflect --version`"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"], "reflect.__version__ and pyproject.toml disagree"
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"reflect {__version__}"


def test_help_describes_every_command(capsys):
    assert run(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    for name in subcommands():
        assert re.search(rf"(^|\s){re.escape(name)}\s", text), f"{name} is missing from --help"
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for choice in action._choices_actions:
        assert choice.help and choice.help != argparse.SUPPRESS, f"{choice.dest} has no help"
        assert " ".join(choice.help.split()) in text
