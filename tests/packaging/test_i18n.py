"""The core's message catalogue: British English as written, a shipped translation when wanted."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from reflect import i18n


def write_mo(path: Path, messages: dict[str, str], plural_forms: str = "") -> None:
    """Write a GNU ``.mo`` catalogue (the format ``msgfmt`` produces) without needing gettext."""
    header = "Content-Type: text/plain; charset=UTF-8\n"
    if plural_forms:
        header += f"Plural-Forms: {plural_forms}\n"
    entries = sorted({"": header, **messages}.items())
    ids = [key.encode() for key, _ in entries]
    strs = [value.encode() for _, value in entries]
    count = len(entries)
    ids_start = 28 + 16 * count
    strs_start = ids_start + sum(len(b) + 1 for b in ids)
    table: list[int] = []
    offset = ids_start
    for b in ids:
        table += [len(b), offset]
        offset += len(b) + 1
    offset = strs_start
    for b in strs:
        table += [len(b), offset]
        offset += len(b) + 1
    originals, translations = table[: 2 * count], table[2 * count :]
    data = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 28 + 16 * count)
    data += struct.pack(f"<{2 * count}I", *originals)
    data += struct.pack(f"<{2 * count}I", *translations)
    data += b"".join(b + b"\0" for b in ids) + b"".join(b + b"\0" for b in strs)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def locale_dir(tmp_path):
    """A Welsh catalogue, as `msgfmt` would install it under resources/locale/."""
    root = tmp_path / "locale"
    write_mo(
        root / "cy" / "LC_MESSAGES" / "reflect.mo",
        {
            "Nothing found.": "Dim byd wedi'i ganfod.",
            "one item\0{n} items": "un eitem\0{n} eitem",
        },
        plural_forms="nplurals=2; plural=(n != 1);",
    )
    yield root
    i18n.load()  # back to the environment's choice for later tests


def test_messages_stay_in_british_english_without_a_catalogue(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "cy_GB")
    i18n.load()
    assert i18n._("Your journal is locked.") == "Your journal is locked."
    assert i18n.ngettext("one item", "{n} items", 3) == "{n} items"


def test_a_shipped_catalogue_translates_for_a_user_who_wants_it(monkeypatch, locale_dir):
    monkeypatch.setenv("LANGUAGE", "cy_GB.UTF-8")
    i18n.load(locale_dir=locale_dir)
    assert i18n._("Nothing found.") == "Dim byd wedi'i ganfod."
    assert i18n.ngettext("one item", "{n} items", 1) == "un eitem"
    assert i18n.ngettext("one item", "{n} items", 4) == "{n} eitem"
    # A message nobody has translated yet is shown as written, never blank.
    assert i18n._("Passphrase changed.") == "Passphrase changed."


def test_english_first_in_the_list_wins_over_a_later_translation(monkeypatch, locale_dir):
    monkeypatch.setenv("LANGUAGE", "en_GB:cy")
    i18n.load(locale_dir=locale_dir)
    assert i18n._("Nothing found.") == "Nothing found."


def test_a_damaged_catalogue_never_stops_reflect(locale_dir):
    (locale_dir / "cy" / "LC_MESSAGES" / "reflect.mo").write_bytes(b"not a catalogue")
    i18n.load(["cy"], locale_dir)
    assert i18n._("Nothing found.") == "Nothing found."


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "cy_GB:fr", "LANG": "de_DE.UTF-8"}, ["cy_GB", "cy", "fr"]),
        ({"LC_ALL": "pt_BR.UTF-8@latin", "LANG": "de_DE"}, ["pt_BR", "pt"]),
        ({"LANG": "C.UTF-8"}, []),
        ({}, []),
    ],
)
def test_languages_follow_gettexts_environment_rules(environ, expected):
    assert i18n.requested_languages(environ) == expected
