"""A rough, honest guide to passphrase strength for the set-up and change-passphrase screens.

It counts only length and the variety of characters, so it cannot know that a phrase is a famous
quotation; the wording says "rough guide" for that reason. The hard rule (minimum length, no
leading or trailing space) stays in the core, :func:`reflect.core.vault.check_new_passphrase`.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from reflect.core.vault import MIN_PASSPHRASE, check_new_passphrase
from reflect.errors import UserError


def labels() -> tuple[str, ...]:
    """The five strength labels, weakest first, in the user's language."""
    return (
        QCoreApplication.translate("Passphrase", "Too short"),
        QCoreApplication.translate("Passphrase", "Weak"),
        QCoreApplication.translate("Passphrase", "Fair"),
        QCoreApplication.translate("Passphrase", "Good"),
        QCoreApplication.translate("Passphrase", "Strong"),
    )


@dataclass(frozen=True)
class Strength:
    """``score`` runs 0 (unusable) to 4; ``problem`` is set when the core would refuse it."""

    score: int
    label: str
    advice: str
    problem: str | None

    @property
    def acceptable(self) -> bool:
        return self.problem is None


def estimate_bits(passphrase: str) -> float:
    """Length times the bits per character of the kinds of character used, less repetition."""
    pool = 0
    if any(c in string.ascii_lowercase for c in passphrase):
        pool += 26
    if any(c in string.ascii_uppercase for c in passphrase):
        pool += 26
    if any(c in string.digits for c in passphrase):
        pool += 10
    if any(c == " " or c in string.punctuation for c in passphrase):
        pool += 33
    if any(ord(c) > 127 for c in passphrase):
        pool += 64
    if not passphrase or pool == 0:
        return 0.0
    # "aaaaaaaaaaaa" is long but is one character: count distinct characters, capped by length.
    effective = min(len(passphrase), 2 * len(set(passphrase.casefold())))
    return effective * math.log2(pool)


def assess(passphrase: str) -> Strength:
    """The score, a short label and one piece of advice for ``passphrase``."""
    try:
        check_new_passphrase(passphrase)
        problem = None
    except UserError as exc:
        problem = str(exc)
    if problem is not None:
        score = 0
    else:
        bits = estimate_bits(passphrase)
        score = 1 if bits < 45 else 2 if bits < 65 else 3 if bits < 90 else 4
    advice = {
        0: f"{problem[0].upper()}{problem[1:]}." if problem else "",
        1: QCoreApplication.translate(
            "Passphrase", "Easy to guess. Four or more unrelated words make a strong passphrase."
        ),
        2: QCoreApplication.translate("Passphrase", "Could be stronger: add another word or two."),
        3: QCoreApplication.translate("Passphrase", "A good passphrase."),
        4: QCoreApplication.translate("Passphrase", "A strong passphrase."),
    }[score]
    label = labels()[score]
    if problem is not None and len(passphrase) >= MIN_PASSPHRASE:
        label = QCoreApplication.translate("Passphrase", "Not allowed")
    return Strength(score=score, label=label, advice=advice, problem=problem)
