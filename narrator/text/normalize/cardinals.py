"""Arabic number words: cardinals to the trillions, counted nouns, decimals, ordinals.

A reader of our own, chosen by measurement over num2words(lang="ar"): num2words says "مئتا" for a
bare 200 (the construct form), has no gender agreement with the counted noun and no oblique case
(scripts/measure_normalization.py prints both readers' scores on the corpus).

`feminine` is the gender of the counted noun (Arabic 3-10 take the opposite gender, 1-2 and 11-12
agree); `oblique` is the genitive/accusative case (-ين, -ي) after a preposition or in a year.
"""

from __future__ import annotations

from .nouns import SCALES, Noun

_ONES_M = ("", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة")
_ONES_F = ("", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر")
_TENS = ("", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون")
_HUNDREDS = ("", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة")

_ORD_M = ("", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر")
_ORD_F = ("", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة", "العاشرة")


def _oblique(word: str) -> str:
    """اثنان → اثنين, عشرون → عشرين, مئتان → مئتين, اثنا → اثني."""
    if word in _TENS or word.endswith("ان"):  # tens and duals; never مليون, تريليون
        return word[:-2] + "ين"
    if word in ("اثنا", "اثنتا"):
        return word[:-1] + "ي"
    return word


def _below_100(n: int, feminine: bool) -> list[str]:
    """The words of 1..99 as the parts joined by و (units before tens)."""
    ones = _ONES_F if feminine else _ONES_M
    if n <= 10:
        return [ones[n]]
    if n < 20:
        unit = n - 10
        if unit == 1:
            return ["إحدى عشرة" if feminine else "أحد عشر"]
        if unit == 2:
            return ["اثنتا عشرة" if feminine else "اثنا عشر"]
        return [f"{ones[unit]} {'عشرة' if feminine else 'عشر'}"]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return [_TENS[tens]]
    first = ("إحدى" if feminine else "واحد") if unit == 1 else ones[unit]
    return [first, _TENS[tens]]


def _below_1000(n: int, feminine: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    parts = [_HUNDREDS[hundreds]] if hundreds else []
    if rest:
        parts += _below_100(rest, feminine)
    return parts


def _parts(n: int, feminine: bool) -> list[str]:
    parts: list[str] = []
    for size, scale in SCALES:
        if n >= size:
            count, n = divmod(n, size)
            if count >= 10**3:  # beyond the trillions: read the multiplier whole
                parts += _parts(count, False) + [scale.singular]
            else:
                parts.append(count_noun(count, scale))
    if n:
        parts += _below_1000(n, feminine)
    return parts


def _join(parts: list[str], oblique: bool) -> str:
    if oblique:
        parts = [" ".join(_oblique(w) for w in p.split()) for p in parts]
    return " و".join(parts)


def cardinal(n: int, *, feminine: bool = False, oblique: bool = False) -> str:
    """`n` in words, standing alone (no noun after it)."""
    if n == 0:
        return "صفر"
    return _join(_parts(n, feminine), oblique)


def count_noun(n: int, noun: Noun, *, oblique: bool = False) -> str:
    """`n` followed by `noun` in the form the number asks for: يومان، ثلاثة أيام، ثلاثون يومًا، مئة يوم."""
    if n == 1:
        return noun.singular if noun.scale else f"{noun.singular} {cardinal(1, feminine=noun.feminine)}"
    if n == 2:
        return noun.dual_oblique if oblique else noun.dual_nominative
    last_two = n % 100
    if last_two == 0:
        parts = _parts(n, noun.feminine)
        text = _join(parts, oblique)
        # Construct state before the noun: مئتان → مئتا دولار, ألفين → ألفي دولار.
        if " " not in parts[-1] and parts[-1].endswith("ان"):
            text = text[:-1]
        return f"{text} {noun.singular}"
    form = noun.plural if 3 <= last_two <= 10 else noun.accusative if last_two > 10 else noun.singular
    return f"{_join(_parts(n, noun.feminine), oblique)} {form}"


def fraction_digits(digits: str, *, oblique: bool = False) -> str:
    """The part after a decimal mark, as NeMo and many newsreaders say it: `.25` → خمسة وعشرون من مئة."""
    value = int(digits) if digits.strip("0") else 0
    return f"{cardinal(value, oblique=oblique)} من {cardinal(10 ** len(digits), oblique=True)}"


def decimal(whole: int, digits: str, *, oblique: bool = False) -> str:
    """`3.25` → ثلاثة وخمسة وعشرون من مئة; `0.5` → خمسة من عشرة; `7.0` → سبعة."""
    if not digits or not digits.strip("0"):
        return cardinal(whole, oblique=oblique)
    fraction = fraction_digits(digits, oblique=oblique)
    return fraction if whole == 0 else f"{cardinal(whole, oblique=oblique)} و{fraction}"


def ordinal(n: int, *, feminine: bool = False, oblique: bool = False) -> str:
    """الأول … العاشر, الحادي عشر, الحادي والعشرون; above 99, ال + the cardinal."""
    table = _ORD_F if feminine else _ORD_M
    if n < 1:
        return "ال" + cardinal(n)
    if n <= 10:
        return table[n]
    if n < 20:
        first = ("الحادية" if feminine else "الحادي") if n == 11 else table[n - 10]
        return f"{first} {'عشرة' if feminine else 'عشر'}"
    if n < 100:
        tens, unit = divmod(n, 10)
        tens_word = "ال" + (_oblique(_TENS[tens]) if oblique else _TENS[tens])
        if unit == 0:
            return tens_word
        first = ("الحادية" if feminine else "الحادي") if unit == 1 else table[unit]
        return f"{first} و{tens_word}"
    return definite(n, feminine=feminine, oblique=oblique)


def definite(n: int, *, feminine: bool = False, oblique: bool = False) -> str:
    """`الـ24` → الأربعة والعشرون: ال on the first word of each part."""
    parts = _parts(n, feminine) if n else ["صفر"]
    text = _join(parts, oblique)
    return " و".join("ال" + p for p in text.split(" و"))
