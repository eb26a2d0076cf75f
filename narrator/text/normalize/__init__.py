"""Written Arabic → what a voice should say: figures, dates, money, symbols, Latin acronyms.

Each rule is a small `str -> str` function; `RULES` is their order (dates before times before
money before percent before bare figures, because each later rule reads whatever digits are
left).  Every rule's output holds no digits it could read again, so `normalize` is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable

from .abbreviations import (
    expand_before_christ,
    expand_titles,
    expand_units,
    read_symbols,
    separate_glued_figures,
)
from .dates import read_dates, read_times, read_years_with_era
from .digits import unify_digits
from .fractions import read_fractions
from .latin import read_addresses, spell_acronyms
from .money import read_money
from .numbers import read_numbers
from .percent import read_percent

Rule = Callable[[str], str]

RULES: tuple[Rule, ...] = (
    unify_digits,
    read_addresses,
    expand_titles,
    expand_before_christ,
    separate_glued_figures,
    expand_units,
    read_dates,
    read_years_with_era,
    read_times,
    read_money,
    read_percent,
    read_fractions,
    read_symbols,
    read_numbers,
    spell_acronyms,
)


def normalize(text: str, rules: tuple[Rule, ...] = RULES) -> str:
    for rule in rules:
        text = rule(text)
    return text


__all__ = ["RULES", "normalize"]
