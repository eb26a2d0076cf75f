"""Money: $20.50, 20$, €9, £5, 5ر.س, AED 1.2: the amount in words with the currency's own nouns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import nouns
from .cardinals import count_noun, decimal
from .digits import NUMBER, Figure, parse
from .nouns import Noun


@dataclass(frozen=True, slots=True)
class Currency:
    noun: Noun
    subunit: Noun
    # An adjective naming the country, singular and (for 3-10) plural: ريال سعودي, ريالات سعودية.
    adjective: str = ""
    adjective_plural: str = ""


DOLLAR = Currency(nouns.DOLLAR, nouns.CENT)
EURO = Currency(nouns.EURO, nouns.CENT)
STERLING = Currency(nouns.POUND, nouns.PENNY, "إسترليني", "إسترلينية")
SYMBOLS = {"$": DOLLAR, "€": EURO, "£": STERLING}
_SAUDI = Currency(nouns.RIYAL, nouns.HALALA, "سعودي", "سعودية")
_EMIRATI = Currency(nouns.DIRHAM, nouns.FILS, "إماراتي", "إماراتية")
_KUWAITI = Currency(nouns.DINAR, nouns.FILS, "كويتي", "كويتية")
_EGYPTIAN = Currency(nouns.POUND, nouns.PIASTRE, "مصري", "مصرية")
CODES = {
    "ر.س": _SAUDI, "ر.ق": Currency(nouns.RIYAL, nouns.DIRHAM, "قطري", "قطرية"),
    "د.ك": _KUWAITI, "د.أ": Currency(nouns.DINAR, nouns.FILS, "أردني", "أردنية"),
    "د.إ": _EMIRATI, "ج.م": _EGYPTIAN,
    "usd": DOLLAR, "eur": EURO, "gbp": STERLING, "sar": _SAUDI, "aed": _EMIRATI, "kwd": _KUWAITI,
    "egp": _EGYPTIAN,
}
# Currency words written after a figure, for amounts with decimals (59.25 ريال).
WORDS = {"دولار": DOLLAR, "دولارا": DOLLAR, "دولارات": DOLLAR, "يورو": EURO,
         "ريال": Currency(nouns.RIYAL, nouns.HALALA), "ريالا": Currency(nouns.RIYAL, nouns.HALALA),
         "دينار": Currency(nouns.DINAR, nouns.FILS), "جنيه": Currency(nouns.POUND, nouns.PIASTRE),
         "درهم": Currency(nouns.DIRHAM, nouns.FILS)}

_SIGN = "[$€£]"
_CODE = "|".join(re.escape(c) for c in sorted(CODES, key=len, reverse=True))
_SCALE_WORD = "ألف|آلاف|الف|مليون|ملايين|مليار|مليارات|تريليون|تريليونات"
_BEFORE = re.compile(
    rf"(?:({_SIGN})|(?<![^\W\d_])({_CODE}))\s?({NUMBER})(?:\s({_SCALE_WORD})(?![^\W\d_]))?", re.IGNORECASE
)
_AFTER = re.compile(rf"({NUMBER})\s?(?:({_SIGN})|({_CODE})(?![^\W\d_]))", re.IGNORECASE)


def _with_adjective(said: str, n: int, currency: Currency) -> str:
    if not currency.adjective:
        return said
    if n == 1:  # دولار واحد → درهم إماراتي واحد
        head, _, one = said.rpartition(" ")
        return f"{head} {currency.adjective} {one}"
    plural = 3 <= n % 100 <= 10
    return f"{said} {currency.adjective_plural if plural else currency.adjective}"


def amount(figure: Figure, currency: Currency, *, oblique: bool = False) -> str:
    """Whole units and, for up to two decimals, subunits: 20.50 دولار → عشرون دولارًا وخمسون سنتًا."""
    digits = figure.digits.rstrip("0")
    if len(digits) > 2:  # a rate like 3.6725: read the decimal, then the unit
        return f"{decimal(figure.whole, figure.digits, oblique=oblique)} {currency.noun.singular}"
    cents = int(digits.ljust(2, "0")) if digits else 0
    parts = []
    if figure.whole or not cents:
        if figure.whole:
            said = count_noun(figure.whole, currency.noun, oblique=oblique)
        else:
            said = f"صفر {currency.noun.singular}"
        parts.append(_with_adjective(said, figure.whole, currency))
    if cents:
        parts.append(count_noun(cents, currency.subunit, oblique=oblique))
    return " و".join(parts)


def read_money(text: str) -> str:
    def before(m: re.Match[str]) -> str:
        figure = parse(m.group(3))
        currency = SYMBOLS.get(m.group(1) or "") or CODES[(m.group(2) or "").lower()]
        if m.group(4):  # $3.5 مليار → 3.5 مليار دولار, for the number rule to read in full
            return f"{m.group(3)} {m.group(4)} {currency.noun.singular} {currency.adjective}".rstrip()
        return m.group(0) if figure is None else amount(figure, currency)

    def after(m: re.Match[str]) -> str:
        figure = parse(m.group(1))
        currency = SYMBOLS.get(m.group(2) or "") or CODES[(m.group(3) or "").lower()]
        return m.group(0) if figure is None else amount(figure, currency)

    return _AFTER.sub(after, _BEFORE.sub(before, text))
