"""``reflect backup`` / ``reflect restore`` and how damage shows on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PASSPHRASE

PAGE = 4096


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def add_some(cli, n: int = 3) -> None:
    for i in range(n):
        assert cli("add", "--title", f"Reflection {i}").code == 0


def test_backup_then_restore_into_a_new_folder(cli, tmp_path):
    add_some(cli)
    out = tmp_path / "journal.reflectbackup"

    made = cli("backup", "--out", str(out))
    target = tmp_path / "elsewhere"
    restored = cli("restore", str(out), "--data-dir", str(target))

    assert made.code == 0, made.err
    assert f"Backed up to {out}" in made.out
    assert restored.code == 0, restored.err
    assert "Restored 3 items" in restored.out
    listed = cli("list", "--json", "--data-dir", str(target))
    assert sorted(i["title"] for i in json.loads(listed.out)) == [
        "Reflection 0",
        "Reflection 1",
        "Reflection 2",
    ]


def test_backup_to_a_folder_writes_a_dated_file_and_json_says_where(cli, tmp_path):
    result = cli("backup", "--out", str(tmp_path), "--json")

    assert result.code == 0, result.err
    path = Path(json.loads(result.out)["path"])
    assert path.parent == tmp_path and path.name.startswith("reflect-")
    assert path.suffix == ".reflectbackup" and path.exists()


def test_restore_never_replaces_a_journal_without_yes(cli, data_dir, tmp_path):
    add_some(cli, 1)
    out = tmp_path / "b.reflectbackup"
    assert cli("backup", "--out", str(out)).code == 0
    before = files(data_dir)

    refused = cli("restore", str(out))

    assert refused.code == 1
    assert "--yes" in refused.err and "nothing was changed" in refused.err
    assert files(data_dir) == before

    replaced = cli("restore", str(out), "--yes")
    assert replaced.code == 0, replaced.err
    kept = [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert len(kept) == 1 and f"kept in {kept[0]}" in replaced.out
    assert (kept[0] / "vault.json").read_bytes() == before["vault.json"]


def test_restore_with_a_wrong_passphrase_exits_3(cli, tmp_path):
    out = tmp_path / "b.reflectbackup"
    assert cli("backup", "--out", str(out)).code == 0

    result = cli(
        "restore",
        str(out),
        "--data-dir",
        str(tmp_path / "new"),
        "--passphrase-stdin",
        stdin="wrong one\n",
    )

    assert result.code == 3
    assert not (tmp_path / "new" / "vault.json").exists()


def test_restore_with_the_recovery_code(cli, tmp_path):
    fresh = tmp_path / "fresh"
    made = cli(
        "init", "--json", "--data-dir", str(fresh), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    code = json.loads(made.out)["recovery_code"]
    out = tmp_path / "fresh.reflectbackup"
    assert cli("backup", "--out", str(out), "--data-dir", str(fresh)).code == 0

    result = cli(
        "restore",
        str(out),
        "--recovery-code",
        "--data-dir",
        str(tmp_path / "restored"),
        "--passphrase-stdin",
        stdin=code + "\n",
    )

    assert result.code == 0, result.err


def test_a_damaged_or_foreign_backup_file_is_refused(cli, tmp_path):
    out = tmp_path / "b.reflectbackup"
    assert cli("backup", "--out", str(out)).code == 0
    flip(out, out.stat().st_size // 2)
    other = tmp_path / "holiday.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0 not a backup")

    damaged = cli("restore", str(out), "--data-dir", str(tmp_path / "a"))
    foreign = cli("restore", str(other), "--data-dir", str(tmp_path / "b"))

    assert damaged.code == 5 and "damaged" in damaged.err
    assert foreign.code == 1 and "not a Reflect backup" in foreign.err


# --- damage, as the command line reports it -----------------------------------------------------


def test_a_damaged_database_exits_5_naming_the_newest_backup(cli, data_dir, tmp_path):
    add_some(cli, 2)
    backups = data_dir / "backups"
    backups.mkdir()
    assert cli("backup", "--out", str(backups / "reflect-2026-03-01.reflectbackup")).code == 0
    flip(data_dir / "reflect.db", 3 * PAGE + 100)
    before = files(data_dir)

    result = cli("backup", "--out", str(tmp_path / "new.reflectbackup"))

    assert result.code == 5
    assert result.err.count("\n") == 1
    assert "damaged" in result.err and "not a wrong passphrase" in result.err
    assert "reflect-2026-03-01.reflectbackup" in result.err
    assert files(data_dir) == before
    assert not (tmp_path / "new.reflectbackup").exists()


def test_a_damaged_envelope_exits_5_and_a_wrong_passphrase_exits_3(cli, data_dir, tmp_path):
    wrong = cli(
        "backup",
        "--out",
        str(tmp_path / "x.reflectbackup"),
        "--passphrase-stdin",
        stdin="not it at all\n",
    )
    envelope = data_dir / "vault.json"
    flip(envelope, envelope.read_bytes().index(b'"wrapped_key"') + 20)
    before = files(data_dir)

    damaged = cli("backup", "--out", str(tmp_path / "y.reflectbackup"))
    listed = cli("list")

    assert wrong.code == 3
    assert damaged.code == 5 and "key envelope" in damaged.err and "damaged" in damaged.err
    assert listed.code == 5
    assert files(data_dir) == before
    assert not (tmp_path / "x.reflectbackup").exists()
    assert not (tmp_path / "y.reflectbackup").exists()
