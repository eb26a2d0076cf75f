"""Fractions: 1/2 → نصف, 2/3 → ثلثان, 30 9/10 → ثلاثون وتسعة أعشار, 17/3 → سبعة عشر على ثلاثة."""

from __future__ import annotations

import re

from .cardinals import cardinal

_SINGULAR = ("", "", "نصف", "ثلث", "ربع", "خمس", "سدس", "سبع", "ثمن", "تسع", "عشر")
_PLURAL = ("", "", "", "أثلاث", "أرباع", "أخماس", "أسداس", "أسباع", "أثمان", "أتساع", "أعشار")

# Dates (15/06/1990) are read earlier; a slash between exactly two numbers is left to this rule.
_FRACTION = re.compile(r"(?<![0-9/.,])(?:([0-9]{1,6}) )?([0-9]{1,6})/([0-9]{1,6})(?![0-9/])")


def fraction(numerator: int, denominator: int) -> str:
    if 0 < numerator < denominator <= 10:
        if numerator == 1:
            return _SINGULAR[denominator]
        if numerator == 2:
            return _SINGULAR[denominator] + "ان"
        return f"{cardinal(numerator)} {_PLURAL[denominator]}"
    return f"{cardinal(numerator)} على {cardinal(denominator)}"


def read_fractions(text: str) -> str:
    def say(m: re.Match[str]) -> str:
        whole, num, den = m.group(1), int(m.group(2)), int(m.group(3))
        if den == 0:
            return m.group(0)
        said = fraction(num, den)
        return f"{cardinal(int(whole))} و{said}" if whole else said

    return _FRACTION.sub(say, text)
