"""Nothing typed into the app is readable at rest: after saving, after locking, after quitting.

Promise (DESIGN.md, security model): nothing the user writes reaches disk in plaintext. Here the
markers are typed, key by key, into every field of every kind of item and into the preferences,
then searched for; the whole home folder (where Qt keeps its settings and caches under the XDG
folders), the data folder, the temp folder and new files in ``/var/tmp`` must hold none of them,
and neither may any file the process still holds open. The command line and a killed process are
covered in ``test_at_rest.py``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import Vault
from reflect.gui.dialogs import PreferencesDialog
from tests.conftest import PASSPHRASE
from tests.gui.helpers import type_text
from tests.security.leaks import leaks, leaks_in, leaks_in_open_files, listing, marker, open_files

m = marker
VAR_TMP = Path("/var/tmp")
CTRL = Qt.KeyboardModifier.ControlModifier


def add_row(qtbot, editable, text: str) -> None:
    """Click the table's "Add" button, type into the cell it opens and confirm with Return."""
    qtbot.mouseClick(editable.add_button, Qt.MouseButton.LeftButton)
    editors = [e for e in editable.view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "the new row opens for typing"
    editor = editors[0]
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)


def table(fields, name: str):
    """The editable table of ``fields`` called ``name`` (or ``name_table``)."""
    for attribute in (f"{name}_table", name):
        found = getattr(fields, attribute, None)
        if hasattr(found, "add_button"):
            return found
    raise AssertionError(f"no {name} table")


def fill_common(qtbot, editor, kind: str) -> None:
    type_text(qtbot, editor.body, m(f"{kind}Body"))
    editor.title.setFocus()
    type_text(qtbot, editor.title, m(f"{kind}Title"))
    editor.tags.setFocus()
    type_text(qtbot, editor.tags, m(f"{kind}Tag"))


@pytest.fixture
def temp_dir(tmp_path, monkeypatch) -> Path:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def test_markers_typed_into_every_field_never_reach_disk(
    qtbot, make_window, remembered_vault, tmp_path, temp_dir
) -> None:
    """Every field of every kind and the preferences, typed into the app; then save, search,
    lock and quit: no plaintext after any of them, yet every marker is in the journal."""
    home = Path(os.environ["HOME"])
    var_tmp_before = listing(VAR_TMP) if VAR_TMP.is_dir() else set()
    held_before = open_files()  # pytest's own capture files among them

    def check(when: str) -> None:
        created = listing(VAR_TMP) - var_tmp_before if VAR_TMP.is_dir() else set()
        found = leaks([tmp_path, home, temp_dir]) + leaks_in(created)
        assert found == [], f"{when}: plaintext in {found}"

    window = make_window(remembered_vault)
    workspace = window.workspace

    window.new_entry_action.trigger()
    fill_common(qtbot, workspace.editor, "Entry")
    workspace.flush()

    window.new_supervision_action.trigger()
    editor = workspace.editor
    fill_common(qtbot, editor, "Supervision")
    editor.tabs.setCurrentIndex(1)
    fields = editor.supervision_fields
    fields.supervisor.setFocus()
    type_text(qtbot, fields.supervisor, m("Supervisor"))
    add_row(qtbot, table(fields, "actions"), m("Action"))
    workspace.flush()

    window.new_goal_action.trigger()
    editor = workspace.editor
    goal = editor.goal_fields
    goal.what.setFocus()
    type_text(qtbot, goal.what, m("What"))
    goal.why.setFocus()
    type_text(qtbot, goal.why, m("Why"))
    goal.measure.setFocus()
    type_text(qtbot, goal.measure, m("Measure"))
    add_row(qtbot, table(goal, "reviews"), m("Review"))
    editor.tabs.setCurrentIndex(0)
    fill_common(qtbot, editor, "Goal")
    workspace.flush()

    window.new_cpd_action.trigger()
    editor = workspace.editor
    editor.cpd_fields.learnt.setFocus()
    type_text(qtbot, editor.cpd_fields.learnt, m("Learnt"))
    editor.tabs.setCurrentIndex(0)
    fill_common(qtbot, editor, "Cpd")
    workspace.flush()

    window.show_preferences()
    preferences = window.findChild(PreferencesDialog)
    assert preferences is not None
    preferences.name.setFocus()
    type_text(qtbot, preferences.name, m("Name"))
    preferences.role.setFocus()
    type_text(qtbot, preferences.role, m("Role"))
    ok = preferences.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    # Find it again, as a user would: the search runs over the encrypted full-text index.
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(workspace.find_bar.search, m("CpdBody").lower())
    qtbot.waitUntil(lambda: workspace.results_model.rowCount() == 1)

    journal = window.journal
    stored = [journal.get(s.id) for s in journal.list()]
    texts = (
        " ".join(f"{i.title} {i.body} {i.tags} {i.supervision} {i.goal} {i.cpd}" for i in stored)
        + str(journal.setting("practitioner_name"))
        + str(journal.setting("practitioner_role"))
    )
    for field in (
        *(f"{kind}{part}" for kind in ("Entry", "Supervision", "Goal", "Cpd") for part in
          ("Body", "Title", "Tag")),
        "Supervisor", "Action", "What", "Why", "Measure", "Review", "Learnt", "Name", "Role",
    ):  # fmt: skip
        assert m(field) in texts, f"{field} was not saved: the test would prove nothing"
    check("after saving")
    opened_since = [fd for fd, target in open_files().items() if held_before.get(fd) != target]
    held = [fd for fd in open_files() if fd not in opened_since]
    assert leaks_in_open_files(ignore=held) == [], "a file the app holds open"

    window.lock()
    assert window.is_locked
    check("after locking")

    window.close()
    check("after quitting")

    with Vault(remembered_vault.data_dir, keystore=MemoryKeyStore()).open_journal(
        lambda: PASSPHRASE
    ) as reopened:
        assert reopened.count() == 4
