"""The command line contract of DESIGN.md: commands, JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflect.cli.main import run
from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]


def reflect_process(*args: str, stdin: str = "", env: dict | None = None, timeout: float = 30):
    """``reflect`` as a user runs it: a fresh process."""
    full_env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "reflect", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO,
        timeout=timeout,
    )


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_init_prints_the_recovery_code_once_as_json(tmp_path):
    import io

    out, err = io.StringIO(), io.StringIO()
    data_dir = tmp_path / "new"
    code = run(
        ["init", "--data-dir", str(data_dir), "--passphrase-stdin", "--json"],
        stdin=io.StringIO(PASSPHRASE + "\n"),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert set(data) >= {"vault_id", "recovery_code"}
    assert len(data["recovery_code"].replace("-", "")) == 28
    assert data["recovery_code"] not in (data_dir / "vault.json").read_text()
    again = run(
        ["init", "--data-dir", str(data_dir), "--passphrase-stdin"],
        stdin=io.StringIO(PASSPHRASE + "\n"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert again == 1


def test_add_then_list_show_and_search(cli, tmp_path):
    body = tmp_path / "body.md"
    body.write_text("Sat with a carer after a difficult ward round; agreed a crisis plan.\n")
    added = cli(
        "add",
        "--title",
        "Ward round",
        "--body-file",
        str(body),
        "--date",
        "2026-03-04T21:30",
        "--capability",
        "1,9.3",
        "--tag",
        "risk",
        "--tag",
        "#carers",
        "--json",
    )
    assert added.code == 0, added.err
    item = json.loads(added.out)
    assert item["date"].startswith("2026-03-04") and item["title"] == "Ward round"
    assert item["capabilities"] == ["1", "9.3"]
    assert sorted(item["tags"]) == ["carers", "risk"]

    plain = cli("add", "--title", "Second", "--date", "2026-03-05")
    assert plain.code == 0 and plain.out.strip().isdigit()

    listed = json.loads(cli("list", "--json").out)
    assert [i["title"] for i in listed] == ["Second", "Ward round"]
    for row in listed:
        assert {"id", "kind", "date", "title", "capabilities", "tags"} <= set(row)
    assert [i["title"] for i in json.loads(cli("list", "--tag", "RISK", "--json").out)] == [
        "Ward round"
    ]
    assert [i["title"] for i in json.loads(cli("list", "--capability", "9", "--json").out)] == [
        "Ward round"
    ]
    assert (
        json.loads(cli("list", "--from", "2026-03-05", "--to", "2026-03-05", "--json").out)[0][
            "title"
        ]
        == "Second"
    )

    hits = json.loads(cli("search", "crisis", "--json").out)
    assert [h["title"] for h in hits] == ["Ward round"]
    assert "[crisis]" in hits[0]["snippet"]

    shown = cli("show", str(item["id"]))
    assert shown.code == 0
    assert "Ward round" in shown.out and "crisis plan" in shown.out
    assert "Working in Partnership" in shown.out
    full = json.loads(cli("show", str(item["id"]), "--json").out)
    assert full["body"].startswith("Sat with a carer")


def test_text_output_lists_items_readably(cli):
    cli("add", "--title", "Readable", "--date", "2026-01-02T08:15", "--capability", "5")
    out = cli("list").out
    assert "2026-01-02 08:15" in out and "Readable" in out and "[5]" in out


def test_each_kind_can_be_added_from_the_command_line(cli):
    sup = cli(
        "add",
        "--kind",
        "supervision",
        "--title",
        "Clinical supervision",
        "--supervisor",
        "Team lead",
        "--action",
        "Read the policy|2026-04-01",
        "--action",
        "Shadow a colleague",
        "--json",
    )
    assert sup.code == 0, sup.err
    shown = json.loads(cli("show", str(json.loads(sup.out)["id"]), "--json").out)
    assert [a["text"] for a in shown["supervision"]["actions"]] == [
        "Read the policy",
        "Shadow a colleague",
    ]
    assert shown["supervision"]["actions"][0]["due"] == "2026-04-01"
    goal = cli(
        "add",
        "--kind",
        "goal",
        "--title",
        "Learn DBT skills",
        "--target-date",
        "2026-12-01",
        "--json",
    )
    assert (
        json.loads(cli("show", str(json.loads(goal.out)["id"]), "--json").out)["goal"][
            "target_date"
        ]
        == "2026-12-01"
    )
    cpd = cli(
        "add", "--kind", "cpd", "--title", "Study day", "--hours", "6", "--participatory", "--json"
    )
    c = json.loads(cli("show", str(json.loads(cpd.out)["id"]), "--json").out)["cpd"]
    assert c["hours"] == 6 and c["participatory"] is True
    wrong = cli("add", "--title", "Entry", "--hours", "3")
    assert wrong.code == 2 and "--hours" in wrong.err


@pytest.mark.parametrize(
    "args, code",
    [
        (("show", "999"), 1),
        (("add", "--title", "x", "--capability", "11"), 1),
        (("add", "--title", "x", "--date", "yesterday"), 1),
        (("add", "--title", "x", "--body-file", "/no/such/file.md"), 1),
        (("list", "--from", "2026-05-01", "--to", "2026-04-01"), 1),
        (("search", "  "), 1),
        (("list", "--bogus"), 2),
        (("frobnicate",), 2),
    ],
)
def test_errors_are_one_line_with_the_designed_exit_code(cli, args, code):
    result = cli(*args)
    assert result.code == code
    assert result.err.count("\n") == 1 and result.err.startswith("reflect: ")
    assert "Traceback" not in result.err and result.out == ""


def test_no_vault_is_a_clear_user_error(tmp_path):
    result = reflect_process(
        "list", "--data-dir", str(tmp_path / "none"), "--passphrase-stdin", stdin="x\n"
    )
    assert result.returncode == 1
    assert "reflect init" in result.stderr and result.stderr.count("\n") == 1


def test_a_wrong_passphrase_exits_3_quickly_and_changes_no_file(data_dir):
    before = digests(data_dir)
    started = time.monotonic()
    result = reflect_process(
        "list", "--data-dir", str(data_dir), "--passphrase-stdin", stdin="wrong passphrase\n"
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "passphrase" in result.stderr
    assert elapsed < 2.0 + 1.0  # the 2 s promise, with headroom for a loaded CI machine
    assert digests(data_dir) == before


def test_no_passphrase_and_no_terminal_is_locked_not_a_hang(data_dir):
    result = reflect_process("list", "--data-dir", str(data_dir))
    assert result.returncode == 3
    assert "--passphrase-stdin" in result.stderr


def test_passwd_and_recover_read_their_secrets_from_stdin(tmp_path):
    import io

    data_dir = tmp_path / "v"
    out = io.StringIO()
    run(
        ["init", "--data-dir", str(data_dir), "--passphrase-stdin", "--json"],
        stdin=io.StringIO(PASSPHRASE + "\n"),
        stdout=out,
        stderr=io.StringIO(),
    )
    code_text = json.loads(out.getvalue())["recovery_code"]

    def cli(args, stdin):
        err = io.StringIO()
        code = run(
            [*args, "--data-dir", str(data_dir), "--passphrase-stdin"],
            stdin=io.StringIO(stdin),
            stdout=io.StringIO(),
            stderr=err,
        )
        return code, err.getvalue()

    # A first read lets SQLite store its planner statistics; after that only a write changes it.
    assert cli(["list"], PASSPHRASE + "\n")[0] == 0
    db_before = hashlib.sha256((data_dir / "reflect.db").read_bytes()).hexdigest()
    assert cli(["passwd"], "wrong one\nnew passphrase one\n")[0] == 3
    assert cli(["passwd"], f"{PASSPHRASE}\nnew passphrase one\n") == (0, "")
    assert cli(["list"], PASSPHRASE + "\n")[0] == 3
    assert cli(["list"], "new passphrase one\n")[0] == 0
    assert hashlib.sha256((data_dir / "reflect.db").read_bytes()).hexdigest() == db_before

    chars = list(code_text.replace("-", ""))
    chars[3] = "0" if chars[3] != "0" else "2"
    typo_code, typo_err = cli(["recover"], "".join(chars) + "\nnew passphrase two\n")
    assert typo_code == 1 and "typo" in typo_err
    assert cli(["recover"], f"{code_text}\nnew passphrase two\n") == (0, "")
    assert cli(["list"], "new passphrase two\n")[0] == 0


def test_remember_and_forget_with_an_in_memory_keyring(cli, isolated_environment):
    assert cli("remember").code == 0
    assert len(isolated_environment.passwords) == 1
    assert cli("list", passphrase=False).code == 0  # unlocked from the keyring
    assert cli("forget", passphrase=False).code == 0
    assert isolated_environment.passwords == {}
    assert cli("list", passphrase=False).code == 3


def test_with_the_fail_keyring_remember_is_unavailable_and_the_passphrase_works(data_dir):
    remember = reflect_process(
        "remember", "--data-dir", str(data_dir), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert remember.returncode == 1 and "unavailable" in remember.stderr
    listed = reflect_process(
        "list", "--data-dir", str(data_dir), "--passphrase-stdin", "--json", stdin=PASSPHRASE + "\n"
    )
    assert listed.returncode == 0 and json.loads(listed.stdout) == []


def test_json_output_is_the_only_thing_on_stdout(data_dir):
    result = reflect_process(
        "add",
        "--data-dir",
        str(data_dir),
        "--passphrase-stdin",
        "--title",
        "Quiet",
        "--json",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Quiet"


def test_body_can_follow_the_passphrase_on_stdin(cli):
    result = cli(
        "add",
        "--title",
        "Piped",
        "--body-file",
        "-",
        "--json",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\nFrom a pipe\n",
    )
    assert result.code == 0, result.err
    shown = json.loads(cli("show", str(json.loads(result.out)["id"]), "--json").out)
    assert shown["body"] == "From a pipe\n"


def test_help_and_version(capsys):
    assert run(["--version"]) == 0
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    for command in (
        "init",
        "add",
        "list",
        "show",
        "search",
        "passwd",
        "recover",
        "remember",
        "forget",
    ):
        assert command in out


def test_the_command_map_matches_what_each_module_registers():
    """A run loads only its command's module: the map must name every command's real owner."""
    import argparse
    import importlib

    from reflect.cli import main
    from reflect.cli.common import common_options

    for module in main.COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(module).register(sub, common_options(True), common_options(False))
        registered = set(sub.choices)
        assert registered == {c for c, owner in main.COMMAND_OWNERS.items() if owner == module}
    full = main.build_parser()
    commands = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(commands) == set(main.CORE_COMMANDS) | set(main.COMMAND_OWNERS)


def test_json_is_compact_for_pipes(cli):
    out = cli("list", "--json").out
    assert out == "[]\n"
