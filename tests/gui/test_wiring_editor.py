"""The editor's helpers in the real window: suggestions, reflection models, the user's own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reflect.core.frameworks import capability_of
from reflect.core.templates import custom_templates, get_template, template_body
from reflect.gui.model_dialogs import ManageModelsDialog, ModelEditDialog
from tests.gui.helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SAFETY = (
    "She told me she had been self-harming and thinking about suicide. We did a risk assessment "
    "together and wrote a safety plan with the crisis team."
)


def test_accepting_a_suggestion_tags_the_entry_and_nothing_is_tagged_without_it(
    qtbot, window
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    panel = editor.suggestions
    with qtbot.waitSignal(panel.suggestions_changed, timeout=5000):
        editor.body.insertPlainText(SAFETY)
    qtbot.waitUntil(lambda: bool(panel.suggestions()), timeout=5000)
    suggestion = next(s for s in panel.suggestions() if capability_of(s.code) == 9)
    editor.flush()
    assert editor.capabilities.codes() == (), "suggestions are never applied by themselves"
    assert window.journal.get(editor.current_id).capabilities == ()

    with qtbot.waitSignal(editor.saved, timeout=3000) as saved:
        qtbot.mouseClick(panel.button_for(suggestion.code), Qt.MouseButton.LeftButton)

    assert suggestion.code in editor.capabilities.codes()
    assert saved.args[0].capabilities == (suggestion.code,)
    assert panel.button_for(suggestion.code) is None, "a tagged capability is not suggested again"


def test_opening_another_item_clears_the_suggestions(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.workspace.editor
    editor.body.insertPlainText(SAFETY)
    qtbot.waitUntil(lambda: bool(editor.suggestions.suggestions()), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert editor.suggestions.suggestions() == []


def test_a_reflection_model_lays_out_the_body_and_untouched_prompts_are_not_saved(
    qtbot, window
) -> None:
    gibbs = get_template("gibbs")
    window.templates_menu.action_for("gibbs").trigger()
    editor = window.workspace.editor
    assert window.workspace.section.key == "journal"
    assert editor.body.toPlainText() == template_body(gibbs)
    assert QApplication.focusWidget() is editor.body
    cursor_line = editor.body.textCursor().block()
    assert cursor_line.text() == "" and cursor_line.previous().text().startswith("<!-- prompt:")

    with qtbot.waitSignal(editor.saved, timeout=3000) as saved:
        type_text(qtbot, editor.body, "The ward was short of two nurses.")

    stored = window.journal.get(saved.args[0].id)
    assert stored.template == "gibbs"
    assert "<!-- prompt:" not in stored.body
    assert "The ward was short of two nurses." in stored.body
    for section in gibbs.sections:
        assert f"## {section.heading}" in stored.body
    # The editor keeps showing the prompts while the entry is being written.
    assert "<!-- prompt:" in editor.body.toPlainText()


def test_a_model_laid_out_but_not_written_in_is_not_kept(qtbot, window) -> None:
    window.new_from_template("driscoll")
    qtbot.wait(80)
    window.workspace.flush()
    assert window.journal.count() == 0


def test_the_users_own_model_can_be_added_used_and_removed(qtbot, window) -> None:
    manage = window.manage_models()
    assert isinstance(manage, ManageModelsDialog) and manage.isVisible()
    editor_dialog = manage.add_model()
    assert isinstance(editor_dialog, ModelEditDialog)
    editor_dialog.name.setText("Shift debrief")
    editor_dialog.description.setText("Five minutes after a hard shift.")
    first = editor_dialog.sections[0]
    first.heading.setText("What stayed with me")
    first.prompts.setPlainText("What moment keeps coming back?\nWhy that one?")
    second = editor_dialog.add_section()
    second.heading.setText("What I need now")
    qtbot.mouseClick(editor_dialog.save_button, Qt.MouseButton.LeftButton)

    assert [t.name for t in custom_templates(window.journal)] == ["Shift debrief"]
    assert manage.list.count() == 1
    action = window.templates_menu.action_for("shift-debrief")
    assert action is not None, "the new model is in the menu at once"

    manage.close()
    action.trigger()
    body = window.workspace.editor.body.toPlainText()
    assert body.startswith("## What stayed with me\n\n<!-- prompt: What moment keeps coming back?")
    assert "## What I need now" in body

    manage = window.manage_models()
    manage.remove("shift-debrief")
    assert custom_templates(window.journal) == ()
    assert window.templates_menu.action_for("shift-debrief") is None


def test_a_model_out_of_shape_says_why_and_is_not_kept(qtbot, window) -> None:
    manage = window.manage_models()
    dialog = manage.add_model()
    dialog.sections[0].heading.setText("No name given")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "name" in dialog.message.text().lower()
    assert custom_templates(window.journal) == ()
