"""The suggestion panel and the reflection-model menu, driven as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from reflect.core.frameworks import capability_of, load_framework
from reflect.core.templates import add_custom_template, builtin_templates
from reflect.gui.suggestions import SuggestionPanel
from reflect.gui.templates_menu import TemplatesMenu

SAFETY = (
    "She told me she had been self-harming and thinking about suicide. We did a risk assessment "
    "together and wrote a safety plan with the crisis team."
)
CARERS = (
    "I met her husband, who is her main carer, and offered a carer's assessment. We agreed he "
    "would join the next review with the family."
)


@pytest.fixture
def panel(qtbot):
    widget = SuggestionPanel(load_framework(), debounce_ms=10)
    qtbot.addWidget(widget)
    yield widget
    widget._runner.wait()


def _type(qtbot, panel, text):
    with qtbot.waitSignal(panel.suggestions_changed, timeout=3000):
        panel.set_text(text)


def test_suggestions_appear_after_typing_with_their_why_words(qtbot, panel):
    _type(qtbot, panel, SAFETY)
    shown = panel.suggestions()
    assert shown and capability_of(shown[0].code) == 9
    button = panel.button_for(shown[0].code)
    assert button is not None and button.isVisibleTo(panel)
    assert "Promoting Safety" in button.text()
    labels = " ".join(label.text() for label in panel.findChildren(QLabel))
    for word in shown[0].why:
        assert word in labels


def test_one_click_accepts_and_emits_the_code(qtbot, panel):
    _type(qtbot, panel, SAFETY)
    code = panel.suggestions()[0].code
    with qtbot.waitSignal(panel.accepted, timeout=1000) as accepted:
        qtbot.mouseClick(panel.button_for(code), Qt.MouseButton.LeftButton)
    assert accepted.args == [code]
    assert all(capability_of(s.code) != 9 for s in panel.suggestions())  # now tagged: hidden


def test_nothing_is_ever_accepted_without_a_click(qtbot, panel):
    with qtbot.assertNotEmitted(panel.accepted):
        _type(qtbot, panel, SAFETY)
        _type(qtbot, panel, CARERS)
    assert panel.suggestions()


def test_already_tagged_capabilities_are_hidden(qtbot, panel):
    _type(qtbot, panel, SAFETY)
    assert any(capability_of(s.code) == 9 for s in panel.suggestions())
    panel.set_tagged(["9.2"])  # an indicator of 9 tags 9 too
    assert all(capability_of(s.code) != 9 for s in panel.suggestions())
    assert panel.button_for("9") is None
    panel.set_tagged([])
    assert any(capability_of(s.code) == 9 for s in panel.suggestions())


def test_fast_typing_shows_suggestions_for_the_latest_text_only(qtbot):
    panel = SuggestionPanel(load_framework(), debounce_ms=100)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.suggestions_changed, timeout=3000) as shown:
        panel.set_text(SAFETY)
        panel.set_text(SAFETY + " and more")
        panel.set_text(CARERS)
    assert shown.signal_triggered
    assert capability_of(panel.suggestions()[0].code) == 1
    panel._runner.wait()


def test_clear_empties_the_panel_and_drops_results_still_on_their_way(qtbot, panel):
    _type(qtbot, panel, SAFETY)
    panel.set_text(CARERS)
    panel.clear()
    assert panel.suggestions() == []
    qtbot.wait(100)  # past the debounce: nothing stale may arrive
    panel._runner.wait()
    assert panel.suggestions() == []
    assert panel.button_for("1") is None


def test_an_empty_text_or_no_framework_shows_nothing(qtbot):
    panel = SuggestionPanel(debounce_ms=10)
    qtbot.addWidget(panel)
    _type(qtbot, panel, SAFETY)
    assert panel.suggestions() == []
    with qtbot.waitSignal(panel.suggestions_changed, timeout=3000):
        panel.set_framework(load_framework())
    assert panel.suggestions()
    _type(qtbot, panel, "   ")
    assert panel.suggestions() == []


# --- the reflection-model menu -----------------------------------------------------------------


def test_menu_lists_every_built_in_model_and_emits_the_chosen_id(qtbot):
    menu = TemplatesMenu()
    qtbot.addWidget(menu)
    assert [a.data() for a in menu.actions()] == [t.id for t in builtin_templates()]
    assert [a.text() for a in menu.actions()] == [t.name for t in builtin_templates()]
    with qtbot.waitSignal(menu.template_chosen, timeout=1000) as chosen:
        menu.action_for("gibbs").trigger()
    assert chosen.args == ["gibbs"]


def test_menu_adds_the_users_own_models_from_the_vault(qtbot, journal):
    menu = TemplatesMenu()
    qtbot.addWidget(menu)
    assert menu.action_for("shift-debrief") is None
    add_custom_template(
        journal, {"name": "Shift debrief", "sections": [{"heading": "What happened"}]}
    )
    menu.set_journal(journal)
    action = menu.action_for("shift-debrief")
    assert action is not None and action.text() == "Shift debrief"
    assert any(a.isSeparator() and a.text() == "Your models" for a in menu.actions())
    with qtbot.waitSignal(menu.template_chosen, timeout=1000) as chosen:
        action.trigger()
    assert chosen.args == ["shift-debrief"]
    menu.set_journal(None)
    assert menu.action_for("shift-debrief") is None
