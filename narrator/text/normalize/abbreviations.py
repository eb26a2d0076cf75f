"""Abbreviations and symbols: د. محمد, ق.م, 5 كم, &, +, / and letters glued to figures."""

from __future__ import annotations

import re

from ..symbols import ERA_ABBREVIATIONS, TITLE_ABBREVIATIONS, UNIT_ABBREVIATIONS

_LETTER = r"[^\W\d_]"
_TITLE = re.compile(
    r"(?:(?<![^\W_])|(?<=(?<![^\W_])و))(" + "|".join(re.escape(k) for k in sorted(TITLE_ABBREVIATIONS, key=len, reverse=True))
    + r")\s?(?=[ء-ي]{2})"
)
_BC = re.compile(r"(?<![^\W\d_])ق\.\s?م(?![^\W\d_])\.?")
_UNIT = re.compile(
    r"(?<=[0-9])\s?(" + "|".join(re.escape(k) for k in sorted(UNIT_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![^\W\d_]|[0-9])"
)
# Letters glued to a figure (مستوى9381, 764.97نقطة): apart, so each is read. Prefixes (و2000, الـ24,
# بـ30), the wire decimal 14ر48, and era/currency marks (2017م, 1445هـ, 5ر.س) stay attached.
_LETTERS_THEN_DIGIT = re.compile(r"(" + _LETTER + r"+)(?=[0-9])")
_DIGIT_THEN_LETTERS = re.compile(r"(?<=[0-9])(" + _LETTER + r"+)")
_PREFIXES = re.compile(r"(?:[وف]?[بلك]?)(?:ال)?ـ?")
_GLUED_KEEP = frozenset({"م", "هـ", "ه", "ر", "د", "ج", "ق"})


_LONE_PREFIX = re.compile(r"(?<![^\W\d_])(?:([بلكف])\s+(?=[0-9ء-ي])|(و)\s+(?=[0-9]))")


def join_lone_prefixes(text: str) -> str:
    """`بـ (0.13%)` loses its tatweel and bracket and leaves `ب 0.13%`, `كـ اسم` leaves `ك اسم`:
    a lone ب, ل, ك or ف is never a word, so it goes back onto what follows (and و onto a figure)."""
    return _LONE_PREFIX.sub(lambda m: m.group(1) or m.group(2), text)


def expand_titles(text: str) -> str:
    """`د. محمد` → الدكتور محمد (only before an Arabic word, so a final `د.` is left alone)."""
    return _TITLE.sub(lambda m: TITLE_ABBREVIATIONS[m.group(1)] + " ", text)


def expand_before_christ(text: str) -> str:
    return _BC.sub(ERA_ABBREVIATIONS["ق.م"], text)


def expand_units(text: str) -> str:
    """`5 كم` → 5 كيلومتر (the number rule then gives the counted form)."""
    return _UNIT.sub(lambda m: " " + UNIT_ABBREVIATIONS[m.group(1)], text)


def separate_glued_figures(text: str) -> str:
    def before_digit(m: re.Match[str]) -> str:
        word = m.group(1)
        return word if _PREFIXES.fullmatch(word) else word + " "

    def after_digit(m: re.Match[str]) -> str:
        word = m.group(1)
        return word if word in _GLUED_KEEP or m.string[m.end():m.end() + 1].isdigit() else " " + word

    return _DIGIT_THEN_LETTERS.sub(after_digit, _LETTERS_THEN_DIGIT.sub(before_digit, text))


_AMPERSAND = re.compile(r"\s*&\s*")
_PLUS_BETWEEN = re.compile(r"(?<=[0-9\w])\s*\+\s*(?=[0-9\w])")
_PLUS_SIGN = re.compile(r"(?<![0-9\w])\+(?=[0-9])")
_SLASH = re.compile(r"\s*/\s*")


def read_symbols(text: str) -> str:
    """`&` → و, `+` → زائد (plus) between terms or before a figure, `/` left between words → a space
    (يونيو/حزيران reads both names)."""
    text = _SLASH.sub(" ", _AMPERSAND.sub(" و", text))
    text = _PLUS_BETWEEN.sub(" زائد ", text)
    return _PLUS_SIGN.sub("زائد ", text)
