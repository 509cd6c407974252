"""Tags of every framework survive the editor; a nurse can switch the panel to the NMC Code."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reflect.core.model import ItemKind
from tests.gui.helpers import type_text
from tests.gui.test_kinds import reopen


def test_editing_an_item_keeps_tags_of_a_framework_not_on_show(qtbot, window) -> None:
    journal = window.journal
    item = journal.save(
        journal.new_item(
            ItemKind.ENTRY, "Tagged twice", body="Night shift.", capabilities=("9", "nmc-code:3.2")
        )
    )
    workspace = window.workspace
    workspace.open_item(item.id)
    editor = workspace.editor
    type_text(qtbot, editor.body, " More words.")
    workspace.flush()
    assert journal.get(item.id).capabilities == ("9", "nmc-code:3.2")
    assert "NMC Code" in editor.capabilities.chosen.text()


def test_switching_the_panel_to_the_nmc_code_tags_with_its_codes(qtbot, window) -> None:
    journal = window.journal
    item = journal.save(journal.new_item(ItemKind.ENTRY, "For revalidation", capabilities=("5",)))
    workspace = window.workspace
    workspace.open_item(item.id)
    panel = workspace.editor.capabilities
    assert [panel.switch.itemData(i) for i in range(panel.switch.count())] == ["esc", "nmc-code"]
    panel.switch.setCurrentIndex(panel.switch.findData("nmc-code"))
    assert panel.framework.id == "nmc-code"
    assert panel.model.rowCount() == 4
    panel.tick("nmc-code:1.2")
    workspace.flush()
    assert journal.get(item.id).capabilities == ("5", "nmc-code:1.2")
    reopen(qtbot, window, item.id)
    panel = workspace.editor.capabilities
    panel.switch.setCurrentIndex(panel.switch.findData("nmc-code"))
    assert panel.codes() == ("5", "nmc-code:1.2")


def test_an_item_tagged_only_in_the_nmc_code_opens_with_the_nmc_code_on_show(qtbot, window) -> None:
    journal = window.journal
    nurse = journal.save(
        journal.new_item(ItemKind.ENTRY, "Revalidation", capabilities=("nmc-code:2.3",))
    )
    esc = journal.save(journal.new_item(ItemKind.ENTRY, "Partnership", capabilities=("1",)))
    workspace = window.workspace
    workspace.open_item(nurse.id)
    panel = workspace.editor.capabilities
    assert panel.framework.id == "nmc-code" and panel.switch.currentData() == "nmc-code"
    assert panel.item_for("2.3").checkState() == Qt.CheckState.Checked
    workspace.open_item(esc.id)
    assert panel.framework.id == "esc"
    assert panel.item_for("1").checkState() == Qt.CheckState.Checked
    # a switch the user makes stays, even when nothing on show is tagged
    panel.switch.setCurrentIndex(panel.switch.findData("nmc-code"))
    assert panel.framework.id == "nmc-code" and panel.codes() == ("1",)


def test_writing_about_an_nmc_gap_on_the_summary_opens_the_nmc_code(qtbot, window) -> None:
    workspace = window.workspace
    workspace.select_section("summary")
    summary = workspace.summary_page
    summary.framework_choice.setCurrentIndex(summary.framework_choice.findData("nmc-code"))
    qtbot.mouseClick(summary.card(4), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(summary.detail.write, Qt.MouseButton.LeftButton)
    panel = workspace.editor.capabilities
    assert panel.framework.id == "nmc-code"
    assert panel.codes() == ("nmc-code:4",)
    assert panel.item_for("4").checkState() == Qt.CheckState.Checked
