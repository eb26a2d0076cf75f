"""Every figure still in the text: counted nouns, scales, ordinals after their nouns, الـ24, decimals.

Runs after the rules for dates, times, money and percent, so what it sees is a quantity.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..symbols import OBLIQUE_BEFORE, ORDINAL_AFTER
from . import money
from .cardinals import cardinal, count_noun, decimal, definite, ordinal
from .digits import NUMBER, Figure, parse
from .nouns import SCALES, lookup

_LETTER = r"[^\W\d_]"
# A prefix glued to the figure: و2000, ب30, لـ5, الـ24, وبـ3.
_FIGURE = re.compile(
    rf"(?<!{_LETTER})(?P<prefix>(?:[وف]?[بلك]?)(?:ال)?)ـ?(?P<num>{NUMBER})(?:\s(?P<noun>{_LETTER}(?:{_LETTER}|[\u064b-\u0652])*)(?![0-9]))?"
)
_SCALE_VALUE = {noun.singular: size for size, noun in SCALES}


def _previous_word(before: str) -> str:
    words = before.split()
    return words[-1] if words else ""


def _oblique(before: str, prefix: str) -> bool:
    """Genitive/accusative after a preposition, a glued ب/ل/ك, or in the second figure of
    a range whose first figure followed one ("بين 1500 و2000")."""
    if any(letter in prefix for letter in "بلك"):
        return True
    words = before.split()
    if prefix.startswith("و") and words and re.fullmatch(r"[0-9.,]+", words[-1]):
        words = words[:-1]
    if not words:
        return False
    word = words[-1]
    return word in OBLIQUE_BEFORE or (word[:1] in "وف" and word[1:] in OBLIQUE_BEFORE)  # ونحو 40


def _digit_by_digit(token: str) -> str:
    return " ".join(cardinal(int(d)) for d in token if d.isdigit())


_NEXT_WORD = re.compile(rf"\s*({_LETTER}+)")
# Below this many digits an unseparated figure is a quantity; from it on, a code or phone number.
_CODE_DIGITS = 5


def _counted_word(after: str) -> bool:
    """Whether the next word is a noun being counted (a scale before it stands in construct)."""
    m = _NEXT_WORD.match(after)
    return bool(m) and (lookup(m.group(1)) is not None or m.group(1) in money.WORDS or m.group(1) == "نسمة")


def _construct(said: str) -> str:
    """A scale before the noun it counts: واحد وخمسون ألفًا → ألف صفقة; مليونان → مليونا دولار."""
    for _, scale in SCALES:
        if said.endswith(scale.accusative):
            return said[: -len(scale.accusative)] + scale.singular
        for dual in (scale.dual_nominative, scale.dual_oblique):
            if said.endswith(dual):
                return said[:-1]
    return said


def _say(
    prefix: str, token: str, figure: Figure | None, noun_word: str | None, before: str, after: str
) -> tuple[str, bool]:
    """The words for one figure, and whether the noun after it was consumed."""
    if figure is None:
        return prefix + _digit_by_digit(token), False
    oblique = _oblique(before, prefix)
    conj = prefix.removesuffix("ال")
    if prefix.endswith("ال"):
        if figure.is_integer:  # الساعات الـ24 → الأربع والعشرين: the number agrees with the noun before it
            counted = lookup(re.sub("^[وفبل]?ال", "", _previous_word(before)))
            feminine = counted.feminine if counted else False
            return conj + definite(figure.whole, feminine=feminine, oblique=True), False
        conj = prefix  # "ال3.5" is no definite number; keep the letters
    noun = lookup(noun_word) if noun_word else None
    if noun_word in money.WORDS and not figure.is_integer:
        return conj + money.amount(figure, money.WORDS[noun_word], oblique=oblique), True
    if noun is not None and noun.scale and not figure.is_integer:
        value = Decimal(f"{figure.whole}.{figure.digits}") * _SCALE_VALUE[noun.singular]
        if value == value.to_integral_value():  # 3.9 مليار → ثلاثة مليارات وتسعمئة مليون
            said = cardinal(int(value), oblique=oblique)
            return conj + (_construct(said) if _counted_word(after) else said), True
    if noun is not None and figure.is_integer and figure.whole > 0:
        said = count_noun(figure.whole, noun, oblique=oblique)
        if noun.scale and _counted_word(after):  # اثنا عشر مليون دولار, not مليونًا دولار
            said = _construct(said)
        return conj + said, True
    if not figure.is_integer:
        return conj + decimal(figure.whole, figure.digits, oblique=oblique), False
    code = len(token) >= _CODE_DIGITS and figure.whole % 1000 != 0  # round figures are quantities
    if not figure.grouped and (code or (token.startswith("0") and len(token) > 1)):
        return conj + _digit_by_digit(token), False  # رقم 2257033277, 88591, 0123
    if not figure.grouped and 1000 <= figure.whole <= 2100:
        oblique = True  # a year, said as years are: ألفين وستة عشر
    ordinal_noun = re.sub("^[وف](?=ال)", "", _previous_word(before))
    if not prefix and ordinal_noun in ORDINAL_AFTER and 0 < figure.whole < 1000 and not figure.grouped:
        return ordinal(figure.whole, feminine=ORDINAL_AFTER[ordinal_noun], oblique=True), False
    return conj + cardinal(figure.whole, oblique=oblique), False


def read_numbers(text: str) -> str:
    def say(m: re.Match[str]) -> str:
        words, consumed = _say(m.group("prefix"), m.group("num"), parse(m.group("num")),
                               m.group("noun"), m.string[: m.start()], m.string[m.end():])
        if m.group("noun") and not consumed:
            words += " " + m.group("noun")
        return words

    return _FIGURE.sub(say, text)
