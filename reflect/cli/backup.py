"""``reflect backup`` and ``reflect restore``: one encrypted file out, and back in safely."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reflect.cli.common import Context
from reflect.errors import VaultExists
from reflect.i18n import _


def register(
    sub: Any, with_json: argparse.ArgumentParser, without_json: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "backup",
        parents=[with_json],
        help=_("write an encrypted backup file of the journal"),
        description=_(
            "Write the whole journal to one encrypted file. It opens only with "
            "the passphrase or the recovery code the journal has now."
        ),
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=_("the backup file to write (a folder: a dated file inside it)"),
    )
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        parents=[with_json],
        help=_("restore a backup file (never overwrites without --yes)"),
        description=_(
            "Restore a backup into the data folder. An existing journal there is "
            "only replaced with --yes, and is then kept in a "
            "replaced-YYYYmmdd-HHMMSS folder, not deleted. The backup's "
            "passphrase is read with --passphrase-stdin or asked for."
        ),
    )
    p.add_argument("file", metavar="FILE", help=_("the .reflectbackup file"))
    p.add_argument(
        "--yes",
        action="store_true",
        help=_("replace the journal already in the data folder (it is kept aside)"),
    )
    p.add_argument(
        "--recovery-code",
        action="store_true",
        help=_("unlock the backup with its recovery code instead of its passphrase"),
    )
    p.set_defaults(handler=cmd_backup_restore)


def cmd_backup(ctx: Context) -> int:
    from datetime import datetime

    from reflect.core.backup import BACKUP_SUFFIX, create_backup
    from reflect.core.integrity import check_vault, damage_advice

    vault = ctx.vault
    out = Path(ctx.args.out).expanduser()
    if out.is_dir():
        out = out / f"reflect-{datetime.now():%Y-%m-%d-%H%M%S}{BACKUP_SUFFIX}"
    with damage_advice(vault):
        vault.envelope()  # "no journal here" or damage, before any passphrase is asked
        if ctx.secrets.from_stdin:
            key = vault.unlock_with_passphrase(ctx.secrets.read("Passphrase: "))
        else:
            key = vault.unlock(lambda: ctx.secrets.read("Passphrase: "))
    check_vault(vault, key)
    info = create_backup(vault, key, out)
    if ctx.json:
        ctx.emit_json(
            {
                "path": str(info.path),
                "created": info.created.isoformat(timespec="seconds"),
                "vault_id": info.vault_id,
                "bytes": info.path.stat().st_size,
            }
        )
        return 0
    ctx.out(_("Backed up to {path}").format(path=info.path))
    ctx.out(_("It opens only with your passphrase or recovery code (as they are today)."))
    return 0


def cmd_backup_restore(ctx: Context) -> int:
    from reflect.core.backup import check_restore_target, inspect_backup, restore_backup

    a = ctx.args
    try:
        check_restore_target(ctx.data_dir, confirm_replace=a.yes)
    except VaultExists:
        raise VaultExists(
            _(
                "there is already a journal in {data_dir}; nothing was changed. Run "
                "again with --yes to restore anyway (the current journal is kept "
                "aside in a replaced-… folder, not deleted), or choose another "
                "--data-dir"
            ).format(data_dir=ctx.data_dir)
        ) from None
    inspect_backup(Path(a.file))  # a wrong or damaged file is reported before any secret
    if a.recovery_code:
        secret = ctx.secrets.read("The backup's recovery code: ", "recovery code")
        report = restore_backup(
            Path(a.file), ctx.data_dir, confirm_replace=a.yes, recovery_code=secret
        )
    else:
        secret = ctx.secrets.read("The backup's passphrase: ")
        report = restore_backup(
            Path(a.file), ctx.data_dir, confirm_replace=a.yes, passphrase=secret
        )
    if ctx.json:
        ctx.emit_json(
            {
                "data_dir": str(ctx.data_dir),
                "vault_id": report.vault_id,
                "backup_created": report.backup_created.isoformat(timespec="seconds"),
                "items": report.items,
                "replaced_dir": str(report.replaced_dir) if report.replaced_dir else None,
            }
        )
        return 0
    made = report.backup_created.astimezone().strftime("%Y-%m-%d %H:%M")
    ctx.out(
        _("Restored {items} items from the backup of {made} into {data_dir}.").format(
            items=report.items, made=made, data_dir=ctx.data_dir
        )
    )
    if report.replaced_dir is not None:
        ctx.out(
            _("The journal that was there is kept in {replaced_dir}").format(
                replaced_dir=report.replaced_dir
            )
        )
    ctx.out(_("Unlock it with the passphrase it had when the backup was made."))
    return 0
