"""Recovery codes: enough randomness, and every single typo caught before any key derivation."""

from __future__ import annotations

import random

import pytest

from reflect.core.recovery import ALPHABET, RANDOM_BITS, new_recovery_code, normalise_recovery_code
from reflect.errors import RecoveryCodeTypo


def test_codes_carry_at_least_128_random_bits_and_are_grouped():
    assert RANDOM_BITS >= 128
    code = new_recovery_code()
    groups = code.split("-")
    assert all(len(group) == 4 for group in groups)
    assert len(groups) == 7
    assert new_recovery_code() != code


def test_a_code_survives_retyping_in_lower_case_with_spaces_and_look_alikes():
    code = new_recovery_code()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_recovery_code(typed) == code


def test_every_single_character_substitution_is_caught():
    rng = random.Random(7)
    for _ in range(20):
        code = new_recovery_code()
        chars = code.replace("-", "")
        for position in range(len(chars)):
            wrong = rng.choice([c for c in ALPHABET if c != chars[position]])
            typo = chars[:position] + wrong + chars[position + 1 :]
            with pytest.raises(RecoveryCodeTypo):
                normalise_recovery_code(typo)


def test_swapping_neighbouring_characters_is_caught():
    code = new_recovery_code().replace("-", "")
    for position in range(len(code) - 1):
        a, b = code[position], code[position + 1]
        if a == b:
            continue
        swapped = code[:position] + b + a + code[position + 2 :]
        with pytest.raises(RecoveryCodeTypo):
            normalise_recovery_code(swapped)


@pytest.mark.parametrize("text", ["", "ABCD", "U" * 28, "!" * 28])
def test_malformed_codes_are_rejected_with_a_reason(text):
    with pytest.raises(RecoveryCodeTypo) as excinfo:
        normalise_recovery_code(text)
    assert str(excinfo.value)
