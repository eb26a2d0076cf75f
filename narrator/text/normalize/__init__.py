"""Written Arabic → what a voice should say: figures, dates, money, symbols, Latin acronyms.

Each rule is a small `str -> str` function; `RULES` is their order (dates before times before
money before percent before bare figures, because each later rule reads whatever digits are
left).  Every rule's output holds no digits it could read again, so `normalize` is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable

from .abbreviations import (
    join_lone_prefixes,
    expand_before_christ,
    expand_titles,
    expand_units,
    read_symbols,
    separate_glued_figures,
)
from .dates import dhu_in_genitive, read_dates, read_times, read_years_with_era
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
    join_lone_prefixes,
    separate_glued_figures,
    expand_units,
    read_dates,
    dhu_in_genitive,
    read_years_with_era,
    read_times,
    read_money,
    read_percent,
    read_fractions,
    read_symbols,
    read_numbers,
    spell_acronyms,
)


# Garbled input (digits glued to signs and letters) can leave a figure that only the words made
# by a first pass set free; a few more passes reach the fixed point that makes the result stable.
MAX_PASSES = 16


def apply_to_fixed_point(text: str, rules: tuple[Rule, ...] | list[Rule]) -> str:
    """Apply `rules` in order until the text stops changing, so the result is idempotent."""
    for _ in range(MAX_PASSES):
        changed = text
        for rule in rules:
            changed = rule(changed)
        if changed == text:
            break
        text = changed
    return text


def normalize(text: str, rules: tuple[Rule, ...] = RULES) -> str:
    return apply_to_fixed_point(text, rules)


__all__ = ["RULES", "apply_to_fixed_point", "normalize"]
