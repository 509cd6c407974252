"""The errors a user can meet, each with its exit code.

Anything raised that is *not* a :class:`ReflectError` is a bug in Reflect and is reported as one;
a ``ReflectError`` is a known condition with a message written for the user.
"""

from __future__ import annotations


class ReflectError(Exception):
    """A known, user-facing failure: its message is shown as is; the CLI exits with `exit_code`."""

    exit_code = 1


class UserError(ReflectError):
    """Bad input or a thing that does not exist (exit 1)."""

    exit_code = 1


class NotFound(UserError):
    """An item, file or setting the user named does not exist."""


class UsageError(ReflectError):
    """The command was called the wrong way (exit 2)."""

    exit_code = 2


class LockedError(ReflectError):
    """The vault cannot be opened with what was given (exit 3)."""

    exit_code = 3


class WrongPassphrase(LockedError):
    """The passphrase or recovery code does not unwrap the data key."""


class RecoveryCodeTypo(UserError):
    """The recovery code fails its checksum: a typo, caught before any key derivation."""


class ExportRefused(ReflectError):
    """An export found identifiable information and the user did not choose to redact or keep it."""

    exit_code = 4


class VaultDamaged(ReflectError):
    """The vault is damaged, incomplete, or was opened with the wrong database engine (exit 5)."""

    exit_code = 5


class VaultTooNew(VaultDamaged):
    """The vault was written by a newer version of Reflect; opening it could lose data."""


class VaultExists(UserError):
    """Creating a vault where one already exists would destroy it."""


class NoVault(UserError):
    """There is no vault in the data directory yet."""


class StorageFull(UserError):
    """The disk is full or not writable; nothing was changed."""


class KeyringUnavailable(UserError):
    """No working OS keyring on this machine, so the key cannot be remembered here."""
