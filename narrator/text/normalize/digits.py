"""Written numbers: one digit script, one set of marks, and the parse of a numeric token."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..symbols import ARABIC_DECIMAL_SEPARATOR, ARABIC_PERCENT, ARABIC_THOUSANDS_SEPARATOR, DIGITS

_DIGIT_TABLE = str.maketrans({**DIGITS, ARABIC_THOUSANDS_SEPARATOR: ",", ARABIC_DECIMAL_SEPARATOR: ".",
                              ARABIC_PERCENT: "%"})
# Wire services write 14.48 as 14ر48 (ر for the decimal mark).
_WIRE_DECIMAL = re.compile(r"(?<=[0-9])ر(?=[0-9])")

# A number as written after `unify_digits`: 1,500 / 9,098.27 (thousands groups), 3,9 / 0.5 (decimal).
NUMBER = r"(?<![0-9.,])(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:[.,][0-9]+)?)(?![0-9])"
# Beyond this many digits a figure is an identifier, read digit by digit.
MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Figure:
    whole: int
    digits: str  # after the decimal mark, as written ("" for none)
    grouped: bool  # written with thousands separators

    @property
    def is_integer(self) -> bool:
        return not self.digits.strip("0")


def unify_digits(text: str) -> str:
    """Eastern Arabic and Persian digits → ASCII; ٬ ٫ ٪ → , . %; 14ر48 → 14.48."""
    return _WIRE_DECIMAL.sub(".", text.translate(_DIGIT_TABLE))


def parse(token: str) -> Figure | None:
    """The value of a token matched by NUMBER; None when it is too long to be a quantity."""
    grouped = bool(re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", token))
    if grouped:
        token = token.replace(",", "")
    whole, _, digits = token.replace(",", ".").partition(".")
    if len(whole) > MAX_DIGITS or len(digits) > MAX_DIGITS:
        return None
    return Figure(int(whole), digits, grouped)
