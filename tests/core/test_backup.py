"""Backups: one encrypted file that opens only with the passphrase or recovery code."""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from reflect.core.backup import (
    BackupDamaged,
    NotABackup,
    auto_backup,
    automatic_backups,
    create_backup,
    inspect_backup,
    last_backup,
    prune_backups,
    restore_backup,
)
from reflect.core.instance import AlreadyOpen, InstanceLock
from reflect.core.keystore import MemoryKeyStore
from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    ItemKind,
    SupervisionDetails,
)
from reflect.core.vault import Vault
from reflect.errors import VaultExists, VaultTooNew, WrongPassphrase
from tests.conftest import PASSPHRASE

SECRET_PHRASE = "the lighthouse keeper's second handover"


@pytest.fixture(scope="module")
def data_key(_pristine_vault):
    """The data key of every ``data_dir`` copy (they are copies of one vault): one Argon2 run."""
    return Vault(_pristine_vault, keystore=MemoryKeyStore()).unlock_with_passphrase(PASSPHRASE)


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """A vault whose recovery code is known, and a backup of it with one entry."""
    data = tmp_path_factory.mktemp("coded") / "data"
    vault = Vault(data, keystore=MemoryKeyStore())
    created = vault.create(PASSPHRASE)
    with vault.open(created.key) as journal:
        journal.save(journal.new_item(ItemKind.ENTRY, "Only entry", body=SECRET_PHRASE))
    out = data.parent / "coded.reflectbackup"
    create_backup(vault, created.key, out)
    return created, out


def fill(journal) -> dict[int, object]:
    """One item of every kind, linked, edited (history), one in the trash, and a setting."""
    entry = journal.save(
        journal.new_item(
            ItemKind.ENTRY,
            "Handover on a hard night",
            body=f"# What happened\n\n{SECRET_PHRASE}, café and ŵ.",
            capabilities=("9.3", "1"),
            tags=("handover",),
            bring_to_supervision=True,
        )
    )
    journal.save(
        journal.new_item(
            ItemKind.SUPERVISION,
            "Clinical supervision",
            supervision=SupervisionDetails(
                supervisor="A. Supervisor",
                actions=(AgreedAction("Read the policy", date(2026, 4, 1)),),
                brought_entries=(entry.id,),
            ),
        )
    )
    journal.save(
        journal.new_item(
            ItemKind.GOAL, "Lead a reflective group", goal=GoalDetails(evidence=(entry.id,))
        )
    )
    cpd = journal.save(
        journal.new_item(ItemKind.CPD, "Risk training", cpd=CpdDetails(hours=3.5, learnt="a lot"))
    )
    journal.save(replace(journal.get(entry.id), title="Handover on a hard night (edited)"))
    journal.trash(cpd.id)
    journal.set_setting("review_date", "2026-09-30")
    return {s.id: journal.get(s.id) for s in journal.list()} | {cpd.id: journal.get(cpd.id)}


def snapshot(journal) -> dict:
    ids = [s.id for s in journal.list()] + [s.id for s in journal.list(_trash())]
    return {
        "items": {i: journal.get(i) for i in ids},
        "revisions": {i: [r.item for r in journal.revisions(i)] for i in ids},
        "setting": journal.setting("review_date"),
        "search": [h.item.id for h in journal.search("lighthouse")],
    }


def _trash():
    from reflect.core.model import ItemFilter

    return ItemFilter(trash=True)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- the backup file ----------------------------------------------------------------------------


def test_a_backup_is_one_private_encrypted_file_and_nothing_is_left_behind(
    vault, data_key, tmp_path
):
    with vault.open(data_key) as journal:
        fill(journal)
    out_dir = tmp_path / "usb"
    out_dir.mkdir()

    info = create_backup(vault, data_key, out_dir / "journal.reflectbackup")

    assert os.listdir(out_dir) == ["journal.reflectbackup"]  # the temporary db copy is gone
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    with zipfile.ZipFile(info.path) as archive:
        assert archive.namelist() == ["manifest.json", "vault.json", "reflect.db"]
        db = archive.read("reflect.db")
        assert archive.read("vault.json") == vault.envelope_path.read_bytes()
        manifest = json.loads(archive.read("manifest.json"))
    assert not db.startswith(b"SQLite format 3")
    assert SECRET_PHRASE.encode() not in db and b"lighthouse" not in db
    assert b"lighthouse" not in info.path.read_bytes()
    assert manifest["format"] == "reflect-backup" and manifest["version"] == 1
    assert inspect_backup(info.path).vault_id == vault.vault_id


def test_restore_into_an_empty_folder_reproduces_the_journal_exactly(vault, data_key, tmp_path):
    with vault.open(data_key) as journal:
        fill(journal)
        before = snapshot(journal)
    backup = create_backup(vault, data_key, tmp_path / "b.reflectbackup").path
    target = tmp_path / "new-laptop" / "Reflect"

    report = restore_backup(backup, target, confirm_replace=False, passphrase=PASSPHRASE)

    assert report.items == 3 and report.replaced_dir is None
    restored = Vault(target, keystore=MemoryKeyStore())
    assert restored.envelope_path.read_bytes() == vault.envelope_path.read_bytes()
    with restored.open(data_key) as journal:
        assert snapshot(journal) == before
    assert sorted(os.listdir(target)) == ["reflect.db", "reflect.lock", "vault.json"]
    assert stat.S_IMODE((target / "reflect.db").stat().st_mode) == 0o600


def test_the_backup_opens_with_the_recovery_code(coded, tmp_path):
    created, backup = coded

    restore_backup(
        backup, tmp_path / "r", confirm_replace=False, recovery_code=created.recovery_code
    )

    vault = Vault(tmp_path / "r", keystore=MemoryKeyStore())
    with vault.open(vault.unlock_with_recovery_code(created.recovery_code)) as journal:
        assert [s.title for s in journal.list()] == ["Only entry"]


def test_a_wrong_passphrase_restores_nothing(coded, tmp_path):
    _, backup = coded
    target = tmp_path / "r"

    with pytest.raises(WrongPassphrase):
        restore_backup(backup, target, confirm_replace=False, passphrase="not the passphrase")

    assert os.listdir(target) == ["reflect.lock"]  # no journal, no half-unpacked copy


def test_an_existing_journal_is_never_replaced_without_confirmation(coded, vault, tmp_path):
    _, backup = coded
    before = tree(vault.data_dir)

    with pytest.raises(VaultExists, match="already a journal"):
        restore_backup(backup, vault.data_dir, confirm_replace=False, passphrase=PASSPHRASE)

    assert tree(vault.data_dir) == before


def test_a_confirmed_restore_keeps_the_current_journal_aside(coded, vault, tmp_path):
    created, backup = coded
    old = {name: (vault.data_dir / name).read_bytes() for name in ("reflect.db", "vault.json")}

    report = restore_backup(
        backup,
        vault.data_dir,
        confirm_replace=True,
        passphrase=PASSPHRASE,
        now=datetime(2026, 3, 4, 21, 30, 5),
    )

    assert report.replaced_dir == vault.data_dir / "replaced-20260304-213005"
    for name, data in old.items():
        assert (report.replaced_dir / name).read_bytes() == data
    assert Vault(vault.data_dir).vault_id == created.vault_id


def test_restore_refuses_while_the_app_has_the_journal_open(coded, tmp_path):
    _, backup = coded
    target = tmp_path / "r"
    target.mkdir()
    app = InstanceLock(target)
    assert app.acquire()
    try:
        with pytest.raises(AlreadyOpen, match="already open"):
            restore_backup(backup, target, confirm_replace=True, passphrase=PASSPHRASE)
    finally:
        app.release()
    assert sorted(os.listdir(target)) == ["reflect.lock"]


# --- damaged or foreign files -------------------------------------------------------------------


def test_a_changed_byte_inside_a_backup_is_reported_as_damage(coded, tmp_path):
    _, backup = coded
    damaged = tmp_path / "damaged.reflectbackup"
    data = bytearray(backup.read_bytes())
    with zipfile.ZipFile(backup) as archive:
        info = archive.getinfo("reflect.db")
    data[info.header_offset + 200 + 4096 * 2] ^= 0xFF  # inside the stored database
    damaged.write_bytes(bytes(data))

    with pytest.raises(BackupDamaged, match="damaged"):
        inspect_backup(damaged)
    with pytest.raises(BackupDamaged):
        restore_backup(damaged, tmp_path / "r", confirm_replace=False, passphrase=PASSPHRASE)
    assert not (tmp_path / "r" / "reflect.db").exists()


def test_a_truncated_backup_is_damaged_and_another_file_is_not_a_backup(coded, tmp_path):
    _, backup = coded
    cut = tmp_path / "cut.reflectbackup"
    cut.write_bytes(backup.read_bytes()[:5000])
    other = tmp_path / "notes.txt"
    other.write_text("just some notes", encoding="utf-8")

    with pytest.raises(BackupDamaged, match="incomplete"):
        inspect_backup(cut)
    with pytest.raises(NotABackup):
        inspect_backup(other)


def test_a_backup_from_a_newer_reflect_is_refused(tmp_path):
    newer = tmp_path / "newer.reflectbackup"
    with zipfile.ZipFile(newer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "reflect-backup", "version": 9}))

    with pytest.raises(VaultTooNew):
        inspect_backup(newer)


# --- automatic backups --------------------------------------------------------------------------


def test_automatic_backup_runs_once_a_day(vault, data_key):
    monday = datetime(2026, 3, 2, 8, 0)

    first = auto_backup(vault, data_key, monday)
    again = auto_backup(vault, data_key, monday + timedelta(hours=9))
    tuesday = auto_backup(vault, data_key, monday + timedelta(days=1))

    assert first == vault.data_dir / "backups" / "reflect-2026-03-02.reflectbackup"
    assert again is None
    assert tuesday is not None and tuesday.name == "reflect-2026-03-03.reflectbackup"
    assert automatic_backups(vault.data_dir) == [tuesday, first]
    assert stat.S_IMODE((vault.data_dir / "backups").stat().st_mode) == 0o700


def test_last_backup_is_when_the_newest_backup_was_made(vault, data_key, tmp_path):
    assert last_backup(vault) is None
    auto_backup(vault, data_key, datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    create_backup(vault, data_key, tmp_path / "usb.reflectbackup", now=datetime(2026, 3, 5, 12, 0))

    assert last_backup(vault) == datetime(2026, 3, 5, 12, 0).astimezone(UTC)


def test_pruning_keeps_seven_daily_and_four_weekly(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = date(2026, 1, 1)  # a Thursday
    for n in range(60):
        (folder / f"reflect-{start + timedelta(days=n)}.reflectbackup").write_bytes(b"x")
    (folder / "my-own-copy.reflectbackup").write_bytes(b"mine")

    removed = prune_backups(folder)

    kept = sorted(p.name for p in folder.iterdir())
    newest = start + timedelta(days=59)  # Sunday 1 March 2026
    daily = {f"reflect-{newest - timedelta(days=n)}.reflectbackup" for n in range(7)}
    # The newest of each of the last four ISO weeks: the Sundays 1 Mar, 22, 15 and 8 Feb.
    weekly = {
        f"reflect-{d}.reflectbackup"
        for d in ("2026-03-01", "2026-02-22", "2026-02-15", "2026-02-08")
    }
    assert set(kept) == daily | weekly | {"my-own-copy.reflectbackup"}
    assert len(removed) == 60 - len(daily | weekly)


def test_automatic_backup_prunes_old_ones(vault, data_key):
    folder = vault.data_dir / "backups"
    folder.mkdir()
    for n in range(1, 40):
        day = date(2026, 3, 10) - timedelta(days=n)
        shutil.copyfile(os.devnull, folder / f"reflect-{day}.reflectbackup")

    made = auto_backup(vault, data_key, datetime(2026, 3, 10, 7, 0))

    names = [p.name for p in automatic_backups(vault.data_dir)]
    assert made is not None and names[0] == made.name
    assert len(names) <= 7 + 4
