"""``reflect suggest`` and ``reflect templates``: no vault needed, output as DESIGN.md says."""

from __future__ import annotations

import json

from reflect.core.templates import builtin_templates, get_template, template_body

TEXT = (
    "A young man told me he had been self-harming and thinking about suicide. We did a risk "
    "assessment together and agreed a safety plan. I took it to clinical supervision afterwards."
)


def _body(tmp_path, text=TEXT):
    path = tmp_path / "entry.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_suggest_json_is_the_documented_shape(cli, tmp_path):
    result = cli("suggest", "--body-file", _body(tmp_path), "--json", passphrase=False)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert isinstance(data, list) and data
    for row in data:
        assert set(row) == {"id", "score", "why"}
        assert isinstance(row["id"], str)
        assert 0.0 <= row["score"] <= 1.0
        assert row["why"] and all(isinstance(w, str) for w in row["why"])
    assert data[0]["id"].split(".")[0] == "9"
    assert [r["score"] for r in data] == sorted((r["score"] for r in data), reverse=True)


def test_suggest_needs_no_vault_and_ignores_the_shared_vault_options(cli, tmp_path):
    nowhere = tmp_path / "no-vault-here"
    result = cli(
        "suggest",
        "--data-dir",
        str(nowhere),
        "--body-file",
        _body(tmp_path),
        "--json",
        passphrase=False,
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)
    assert not nowhere.exists()
    # --passphrase-stdin is accepted and nothing is asked for.
    accepted = cli(
        "suggest", "--body-file", _body(tmp_path), "--json", "--passphrase-stdin", stdin=""
    )
    assert accepted.code == 0, accepted.err


def test_suggest_reads_stdin_skipping_the_passphrase_line(cli):
    # A passphrase that would itself draw suggestions, were it read as the text.
    passphrase = "carer family interpreter culture\n"
    piped = cli(
        "suggest", "--body-file", "-", "--json", "--passphrase-stdin", stdin=passphrase + TEXT
    )
    assert piped.code == 0, piped.err
    data = json.loads(piped.out)
    assert data and all("carer" not in row["why"] for row in data)
    plain = cli("suggest", "--body-file", "-", "--json", stdin=TEXT, passphrase=False)
    assert json.loads(plain.out) == data


def test_suggest_readable_output_names_the_capabilities(cli, tmp_path):
    result = cli("suggest", "--body-file", _body(tmp_path), passphrase=False)
    assert result.code == 0, result.err
    assert "Promoting Safety and Positive Risk Taking" in result.out
    assert "because of:" in result.out
    assert "risk assessment" in result.out


def test_suggest_limit_and_nothing_to_suggest(cli, tmp_path):
    one = cli("suggest", "--body-file", _body(tmp_path), "--json", "--limit", "1", passphrase=False)
    assert len(json.loads(one.out)) == 1
    empty = _body(tmp_path, "zzz qqq")
    assert json.loads(cli("suggest", "--body-file", empty, "--json", passphrase=False).out) == []
    readable = cli("suggest", "--body-file", empty, passphrase=False)
    assert readable.code == 0 and "No suggestions" in readable.out


def test_suggest_errors_are_one_line_with_the_right_exit_code(cli, tmp_path):
    missing = cli("suggest", "--body-file", str(tmp_path / "nope.md"), passphrase=False)
    assert missing.code == 1 and "no such file" in missing.err
    assert missing.err.count("\n") == 1
    bad_limit = cli("suggest", "--body-file", _body(tmp_path), "--limit", "0", passphrase=False)
    assert bad_limit.code == 2
    framework = cli(
        "suggest", "--body-file", _body(tmp_path), "--framework", "nope", passphrase=False
    )
    assert framework.code == 1 and "unknown framework" in framework.err
    no_file = cli("suggest", passphrase=False)
    assert no_file.code == 2


def test_templates_lists_every_built_in_model(cli):
    result = cli("templates", "--json", passphrase=False)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [row["id"] for row in data] == [t.id for t in builtin_templates()]
    for row in data:
        assert row["builtin"] is True
        assert row["name"] and row["sections"]
        assert all(s["heading"] and s["prompts"] for s in row["sections"])
    readable = cli("templates", passphrase=False)
    assert readable.code == 0
    for template in builtin_templates():
        assert template.id in readable.out and template.name in readable.out


def test_templates_prints_one_models_skeleton(cli):
    result = cli("templates", "gibbs", passphrase=False)
    assert result.code == 0, result.err
    assert result.out == template_body(get_template("gibbs"))
    as_json = json.loads(cli("templates", "gibbs", "--json", passphrase=False).out)
    assert as_json["id"] == "gibbs" and as_json["body"] == result.out


def test_templates_unknown_id_lists_the_valid_ones(cli):
    result = cli("templates", "freud", passphrase=False)
    assert result.code == 1
    assert "freud" in result.err and "gibbs" in result.err and "nmc" in result.err
