"""Reflection models: the shipped registry, Markdown skeletons, untouched prompts, custom models."""

from __future__ import annotations

import json

import pytest

from reflect.core.templates import (
    CUSTOM_TEMPLATES_SETTING,
    InvalidTemplate,
    Template,
    TemplateSection,
    UnknownTemplate,
    add_custom_template,
    builtin_templates,
    custom_templates,
    get_template,
    has_untouched_prompts,
    list_templates,
    remove_custom_template,
    strip_untouched_prompts,
    template_body,
    template_from_dict,
    template_to_dict,
)
from reflect.errors import UserError
from reflect.resources import resource

EXPECTED = {"gibbs", "driscoll", "johns", "rolfe", "kolb", "schon", "nmc"}


def test_every_model_the_issue_names_ships_and_loads_with_sections_and_prompts():
    templates = {t.id: t for t in builtin_templates()}
    assert set(templates) == EXPECTED
    for template in templates.values():
        assert template.builtin
        assert template.name and template.description
        assert template.sections
        for section in template.sections:
            assert section.heading
            assert 1 <= len(section.prompts) <= 2, (template.id, section.heading)


def test_each_data_file_is_named_after_its_id_and_round_trips():
    for node in resource("templates").iterdir():
        data = json.loads(node.read_text(encoding="utf-8"))
        assert node.name == f"{data['id']}.json"
        assert template_to_dict(template_from_dict(data)) == data


def test_models_have_their_defining_sections():
    headings = {t.id: [s.heading for s in t.sections] for t in builtin_templates()}
    assert headings["gibbs"] == [
        "Description",
        "Feelings",
        "Evaluation",
        "Analysis",
        "Conclusion",
        "Action plan",
    ]
    assert headings["driscoll"] == ["What?", "So what?", "Now what?"]
    assert len(headings["kolb"]) == 4
    assert any("in action" in h.lower() for h in headings["schon"])
    assert any("on action" in h.lower() for h in headings["schon"])
    nmc = " ".join(headings["nmc"]).lower()
    for part in ("what happened", "learnt", "changed or improved", "code"):
        assert part in nmc
    code_prompt = " ".join(get_template("nmc").sections[-1].prompts).lower()
    for theme in ("prioritise people", "practise effectively", "preserve safety", "promote"):
        assert theme in code_prompt


def test_list_is_sorted_by_name_and_get_finds_by_id_in_any_case():
    names = [t.name.casefold() for t in list_templates()]
    assert names == sorted(names)
    assert get_template(" Gibbs ").id == "gibbs"


def test_unknown_model_is_one_user_error_line_listing_the_valid_ids():
    with pytest.raises(UnknownTemplate) as caught:
        get_template("freud")
    message = str(caught.value)
    assert isinstance(caught.value, UserError)
    assert "\n" not in message
    assert "freud" in message
    for template_id in EXPECTED:
        assert template_id in message


def test_body_lays_sections_out_as_markdown_headings_with_marked_prompts():
    gibbs = get_template("gibbs")
    body = template_body(gibbs)
    lines = body.splitlines()
    assert [line for line in lines if line.startswith("## ")] == [
        f"## {s.heading}" for s in gibbs.sections
    ]
    for prompt in gibbs.prompts:
        assert f"<!-- prompt: {prompt} -->" in lines


def test_saving_an_untouched_skeleton_keeps_the_headings_and_drops_every_prompt():
    gibbs = get_template("gibbs")
    stripped = strip_untouched_prompts(template_body(gibbs), gibbs)
    assert "prompt:" not in stripped
    assert stripped == "\n\n".join(f"## {s.heading}" for s in gibbs.sections) + "\n"


def test_what_the_user_wrote_is_kept_and_only_untouched_prompts_go():
    driscoll = get_template("driscoll")
    body = template_body(driscoll)
    what_prompt = driscoll.sections[0].prompts[0]
    so_what_prompt = driscoll.sections[1].prompts[0]
    body = body.replace(
        f"<!-- prompt: {what_prompt} -->",
        f"<!-- prompt: {what_prompt} -->\nA family meeting went badly.\n\n  Two spaces kept.",
    )
    edited = "<!-- prompt: What did it mean to ME? -->"
    body = body.replace(f"<!-- prompt: {so_what_prompt} -->", edited)
    saved = strip_untouched_prompts(body, driscoll)
    assert "A family meeting went badly.\n\n  Two spaces kept." in saved
    assert edited in saved  # a prompt the user changed is theirs
    assert what_prompt not in saved
    assert driscoll.sections[2].prompts[0] not in saved
    assert saved.splitlines()[0] == "## What?"


def test_a_prompt_with_different_spacing_still_counts_as_untouched():
    kolb = get_template("kolb")
    prompt = kolb.sections[0].prompts[0]
    body = f"## Concrete experience\n\n  <!--prompt:   {prompt}   -->\r\nI ran a group.\n"
    assert strip_untouched_prompts(body, kolb) == "## Concrete experience\n\nI ran a group.\n"


def test_prompts_of_another_model_are_kept_unless_no_model_is_given():
    gibbs, kolb = get_template("gibbs"), get_template("kolb")
    body = template_body(kolb)
    assert strip_untouched_prompts(body, gibbs) == body
    assert not has_untouched_prompts(body, gibbs)
    assert has_untouched_prompts(body, kolb)
    assert "prompt:" not in strip_untouched_prompts(body, None)


def test_a_body_without_prompts_is_returned_unchanged():
    body = "## My own heading\n\n\n\nText with <!-- a comment --> and trailing space   \n\n"
    assert strip_untouched_prompts(body, get_template("rolfe")) == body


def test_a_body_of_nothing_but_prompts_saves_as_empty():
    gibbs = get_template("gibbs")
    only_prompts = "\n".join(f"<!-- prompt: {p} -->" for p in gibbs.prompts) + "\n"
    assert strip_untouched_prompts(only_prompts, gibbs) == ""


# --- the user's own models, stored in the vault -------------------------------------------------


def _mine(**changes):
    data = {
        "name": "Shift debrief",
        "description": "Three quick questions after a hard shift.",
        "sections": [
            {"heading": "What happened", "prompts": ["Describe it briefly."]},
            {"heading": "What I need", "prompts": ["What support do you need now?"]},
        ],
    }
    data.update(changes)
    return data


def test_a_custom_model_is_stored_in_the_vault_and_listed_after_the_built_ins(journal):
    made = add_custom_template(journal, _mine())
    assert made.id == "shift-debrief"
    assert not made.builtin
    templates = list_templates(journal)
    assert templates[-1] == made
    assert [t.id for t in templates[:-1]] == [t.id for t in builtin_templates()]
    assert get_template("shift-debrief", journal) == made
    assert journal.setting(CUSTOM_TEMPLATES_SETTING) == [template_to_dict(made)]
    assert "shift-debrief" not in {t.id for t in list_templates()}  # only with the journal


def test_custom_models_work_with_body_and_strip(journal):
    made = add_custom_template(journal, _mine())
    body = template_body(made)
    assert body.startswith("## What happened\n\n<!-- prompt: Describe it briefly. -->")
    assert strip_untouched_prompts(body, made) == "## What happened\n\n## What I need\n"


def test_same_name_twice_gets_a_fresh_id_and_same_id_replaces(journal):
    first = add_custom_template(journal, _mine())
    second = add_custom_template(journal, _mine())
    assert (first.id, second.id) == ("shift-debrief", "shift-debrief-2")
    edited = add_custom_template(journal, _mine(id="shift-debrief", description="Edited."))
    assert [t.id for t in custom_templates(journal)] == ["shift-debrief", "shift-debrief-2"]
    assert custom_templates(journal)[0] == edited
    assert edited.description == "Edited."


def test_a_template_object_can_be_added_too(journal):
    template = Template(
        id="peer-review",
        name="Peer review",
        description="",
        sections=(TemplateSection("Notes", ()),),
        builtin=True,  # ignored: whatever is stored is the user's own
    )
    made = add_custom_template(journal, template)
    assert made.id == "peer-review" and not made.builtin


def test_a_custom_model_cannot_take_a_built_in_id(journal):
    with pytest.raises(UserError, match="built-in"):
        add_custom_template(journal, _mine(id="gibbs"))
    assert custom_templates(journal) == ()


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"name": "  "}, "name cannot be empty"),
        ({"sections": []}, "at least one section"),
        ({"sections": [{"heading": "", "prompts": []}]}, "heading cannot be empty"),
        ({"sections": [{"heading": "## H", "prompts": []}]}, 'must not start with "#"'),
        ({"sections": [{"heading": "H", "prompts": "one"}]}, "must be a list"),
        ({"sections": [{"heading": "H", "prompts": ["a --> b"]}]}, "cannot contain"),
        ({"id": "Not An Id"}, "lower-case"),
        ({"name": "x" * 81}, "longer than"),
    ],
)
def test_a_malformed_custom_model_is_refused_with_a_clear_message(journal, changes, complaint):
    with pytest.raises(InvalidTemplate, match=complaint):
        add_custom_template(journal, _mine(**changes))
    assert custom_templates(journal) == ()


def test_removing_a_custom_model(journal):
    add_custom_template(journal, _mine())
    remove_custom_template(journal, "shift-debrief")
    assert custom_templates(journal) == ()
    with pytest.raises(UnknownTemplate, match="no reflection model"):
        remove_custom_template(journal, "shift-debrief")
    with pytest.raises(UserError, match="cannot be removed"):
        remove_custom_template(journal, "gibbs")


def test_a_damaged_stored_model_is_skipped_not_fatal(journal):
    good = template_to_dict(add_custom_template(journal, _mine()))
    journal.set_setting(CUSTOM_TEMPLATES_SETTING, [{"id": "broken"}, good, "nonsense"])
    assert [t.id for t in custom_templates(journal)] == ["shift-debrief"]
    journal.set_setting(CUSTOM_TEMPLATES_SETTING, {"not": "a list"})
    assert custom_templates(journal) == ()
