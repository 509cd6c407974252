"""The core's and the CLI's messages go through the one catalogue: translated when wanted."""

from __future__ import annotations

import json

import pytest

from reflect import i18n
from reflect.errors import WrongPassphrase
from tests.packaging.test_i18n import write_mo

WRONG = "wrong passphrase: the journal stays locked"
HELP = "also remember the key on this device"


@pytest.fixture
def welsh(tmp_path):
    """A compiled Welsh catalogue holding a core error and a CLI help string, made active."""
    root = tmp_path / "locale"
    write_mo(
        root / "cy" / "LC_MESSAGES" / "reflect.mo",
        {
            WRONG: "cyfrinair anghywir: mae'r dyddlyfr yn aros ar glo",
            HELP: "cofio'r allwedd ar y ddyfais hon hefyd",
        },
    )
    i18n.load(["cy"], root)
    yield
    i18n.load()  # back to the environment's choice for later tests


@pytest.fixture
def no_catalogue(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "cy_GB")
    i18n.load()
    yield
    i18n.load()


def test_a_core_error_reaches_the_user_in_their_language(welsh, vault):
    with pytest.raises(WrongPassphrase) as caught:
        vault.unlock_with_passphrase("not the passphrase at all")
    assert str(caught.value) == "cyfrinair anghywir: mae'r dyddlyfr yn aros ar glo"


def test_cli_help_is_translated(welsh, cli, capsys):
    assert cli("init", "--help").code == 0
    shown = " ".join(capsys.readouterr().out.split())  # argparse prints help itself, wrapped
    assert "cofio'r allwedd ar y ddyfais hon hefyd" in shown
    assert HELP not in shown


def test_without_a_catalogue_the_core_speaks_british_english(no_catalogue, vault):
    with pytest.raises(WrongPassphrase) as caught:
        vault.unlock_with_passphrase("not the passphrase at all")
    assert str(caught.value) == WRONG


def test_without_a_catalogue_cli_help_is_british_english(no_catalogue, cli, capsys):
    assert cli("init", "--help").code == 0
    assert HELP in " ".join(capsys.readouterr().out.split())


def test_a_cli_error_line_is_translated_with_its_details_filled_in(tmp_path, cli):
    root = tmp_path / "locale"
    write_mo(
        root / "cy" / "LC_MESSAGES" / "reflect.mo",
        {
            "there is no journal in {parent} yet: run 'reflect init' to create one": (
                "nid oes dyddlyfr yn {parent} eto: rhedwch 'reflect init' i greu un"
            )
        },
    )
    i18n.load(["cy"], root)
    try:
        empty = tmp_path / "nowhere"
        result = cli("list", "--data-dir", str(empty), passphrase=False)
    finally:
        i18n.load()
    assert result.code != 0
    assert f"nid oes dyddlyfr yn {empty} eto: rhedwch 'reflect init' i greu un" in result.err


def test_the_summary_table_is_translated(tmp_path, cli):
    root = tmp_path / "locale"
    write_mo(
        root / "cy" / "LC_MESSAGES" / "reflect.mo",
        {
            "Capability": "Gallu",
            "Status": "Statws",
            "Gaps: {gaps}": "Bylchau: {gaps}",
            "{covered} of {total}": "{covered} o {total}",
        },
    )
    assert (
        cli("add", "--title", "Ward round", "--date", "2026-01-10", "--capability", "7").code == 0
    )
    i18n.load(["cy"], root)
    try:
        result = cli("summary", "--from", "2026-01-01", "--to", "2026-01-31")
    finally:
        i18n.load()
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    header = next(line for line in lines if "Gallu" in line)
    assert header.rstrip().endswith("Statws") and "Capability" not in header
    assert any(line.startswith("Bylchau: 1 ") for line in lines)
    assert "0 o 6" in result.out  # capability 7 has six indicators, none touched


def test_show_and_import_speak_the_users_language_with_its_plurals(tmp_path, cli):
    from tests.cli.test_import import JRNL

    root = tmp_path / "locale"
    write_mo(
        root / "cy" / "LC_MESSAGES" / "reflect.mo",
        {
            "Journal entry": "Cofnod dyddlyfr",
            "Imported {n} item from {file}\0Imported {n} items from {file}": (
                "Mewnforiwyd {n} eitem o {file}\0Mewnforiwyd {n} o eitemau o {file}"
            ),
        },
        plural_forms="nplurals=2; plural=(n != 1);",
    )
    added = cli("add", "--title", "Ward round", "--json")
    assert added.code == 0, added.err
    item_id = str(json.loads(added.out)["id"])
    i18n.load(["cy"], root)
    try:
        shown = cli("show", item_id)
        imported = cli("import", str(JRNL), "--format", "jrnl-json")
    finally:
        i18n.load()
    assert shown.code == 0 and shown.out.splitlines()[1].startswith("Cofnod dyddlyfr · ")
    assert imported.code == 0, imported.err
    assert imported.out.startswith("Mewnforiwyd 6 o eitemau o journal.json; ")
