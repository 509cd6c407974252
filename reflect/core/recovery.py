"""Recovery codes: 130 random bits a person can copy by hand, with a checksum that catches typos.

The code is 26 Crockford base-32 characters of randomness plus two check characters holding the
number modulo 1021 (a prime), shown in groups of four: ``7KQ2-M9XA-…``. Because 1021 is prime and
larger than the alphabet, any single changed character and any swap of two neighbours changes the
remainder, so a typo is reported before any slow key derivation runs. Crockford's alphabet has no
I, L, O or U; on input ``O`` reads as ``0`` and ``I``/``L`` as ``1``.
"""

from __future__ import annotations

import secrets

from reflect.errors import RecoveryCodeTypo
from reflect.i18n import _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_VALUE.update({"O": 0, "I": 1, "L": 1})
RANDOM_BITS = 130
_BODY_CHARS = 26
_CHECK_MODULUS = 1021
_CHECK_CHARS = 2
_GROUP = 4


def new_recovery_code() -> str:
    """A fresh code, formatted for display."""
    return _format(_encode(secrets.randbits(RANDOM_BITS), _BODY_CHARS))


def normalise_recovery_code(text: str) -> str:
    """The canonical form of a typed code, or :class:`RecoveryCodeTypo` if it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\n\r")
    expected = _BODY_CHARS + _CHECK_CHARS
    if len(cleaned) != expected:
        raise RecoveryCodeTypo(
            _("a recovery code has {expected} letters and digits; this one has {n_cleaned}").format(
                expected=expected, n_cleaned=len(cleaned)
            )
        )
    bad = sorted({ch for ch in cleaned if ch not in _VALUE})
    if bad:
        raise RecoveryCodeTypo(
            _("a recovery code never contains {value!r}: check for a typo").format(
                value="".join(bad)
            )
        )
    body, check = cleaned[:_BODY_CHARS], cleaned[_BODY_CHARS:]
    number = _decode(body)
    if _decode(check) != number % _CHECK_MODULUS:
        raise RecoveryCodeTypo(
            _("that recovery code has a typo: its check characters do not match")
        )
    return _format(_encode(number, _BODY_CHARS))


def _encode(number: int, width: int) -> str:
    body = []
    for _position in range(width):
        number, digit = divmod(number, 32)
        body.append(ALPHABET[digit])
    return "".join(reversed(body))


def _decode(text: str) -> int:
    number = 0
    for ch in text:
        number = number * 32 + _VALUE[ch]
    return number


def _format(body: str) -> str:
    full = body + _encode(_decode(body) % _CHECK_MODULUS, _CHECK_CHARS)
    return "-".join(full[i : i + _GROUP] for i in range(0, len(full), _GROUP))
