"""Fractions: 1/2 → نصف, 2/3 → ثلثان, 30 9/10 → ثلاثون وتسعة أعشار, 7/4 → سبعة أرباع,
17/20 → سبعة عشر على عشرين (a mark out of twenty is read with على)."""

from __future__ import annotations

import re

from .cardinals import cardinal

_SINGULAR = ("", "", "نصف", "ثلث", "ربع", "خمس", "سدس", "سبع", "ثمن", "تسع", "عشر")
_PLURAL = ("", "", "أنصاف", "أثلاث", "أرباع", "أخماس", "أسداس", "أسباع", "أثمان", "أتساع", "أعشار")

# Dates (15/06/1990) are read earlier; a slash between exactly two numbers is left to this rule.
_FRACTION = re.compile(r"(?<![0-9/.,])(?:([0-9]{1,6}) )?([0-9]{1,6})/([0-9]{1,6})(?![0-9/])")


# An improper fraction is said as one when it is small (3/2, 7/4, 11/8); past twenty parts a figure
# over a small one is more likely a reference number (القانون 25/3) than a quantity.
_MOST_PARTS = 20


def fraction(numerator: int, denominator: int) -> str:
    if 0 < numerator < denominator <= 10:
        if numerator == 1:
            return _SINGULAR[denominator]
        if numerator == 2:
            return _SINGULAR[denominator] + "ان"
        return f"{cardinal(numerator)} {_PLURAL[denominator]}"
    if 2 <= denominator < numerator <= _MOST_PARTS and denominator <= 10:
        # The counted noun after 3-10 is a plural in the genitive, after 11-20 a singular accusative.
        if numerator <= 10:
            return f"{cardinal(numerator)} {_PLURAL[denominator]}"
        return f"{cardinal(numerator)} {_SINGULAR[denominator]}ًا"
    return f"{cardinal(numerator)} على {cardinal(denominator)}"


# A number after رقم or a legal reference word is an identifier: القانون 15/3, رقم 7/2.
_REFERENCE = re.compile(r"(?:رقم|برقم|القانون|قانون|القرار|قرار|المادة|مادة|الملف|ملف|العدد|عدد)\s*$")


def read_fractions(text: str) -> str:
    def say(m: re.Match[str]) -> str:
        whole, num, den = m.group(1), int(m.group(2)), int(m.group(3))
        if den == 0:
            return m.group(0)
        # A whole part before an improper fraction (16 17/3) makes no quantity: a reference number.
        if num > den and (whole or _REFERENCE.search(text, 0, m.start())):
            said = f"{cardinal(num)} على {cardinal(den)}"
        else:
            said = fraction(num, den)
        return f"{cardinal(int(whole))} و{said}" if whole else said

    return _FRACTION.sub(say, text)
