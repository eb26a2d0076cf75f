"""Written text → exactly what the engine receives: cleaning, the lexicon, figures, diacritics.

One place that puts the stages in order, so `narrate`, `plan --spoken`, `normalize`, `say`, the
sync job and scripts/measure_pronunciation.py cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from .diacritize import diacritize
from .lexicon import Lexicon, Rule, builtin_rules, load
from .normalize import normalize
from .spans import outside_marks, unmark
from .speak import SPOKEN_RULES, WRITTEN_RULES, clean

TextRule = Callable[[str], str]

@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The built-in rules alone."""
    return Lexicon.of(builtin_rules())


def load_lexicon(extra: Sequence[Path] = (), *, editor: Path | None = None, builtin: bool = True) -> Lexicon:
    """Built-in rules, then the editor's file (`Config.lexicon`: named in narrator.toml, or
    lexicon.tsv beside it), then each `extra` file (`--lexicon FILE`); a later rule for the same
    word replaces an earlier one."""
    sets: list[Sequence[Rule]] = [builtin_rules()] if builtin else []
    sets += [load(path) for path in (*([editor] if editor else []), *extra)]
    return Lexicon.of(*sets)


def spoken_rules(lexicon: Lexicon | None = None) -> tuple[TextRule, ...]:
    """The spoken rules with the lexicon first.  Neither the lexicon nor the figure rules read a
    span a rule decided again; the rules that only tidy spaces, dots and hyphens see it whole."""
    lexicon = default_lexicon() if lexicon is None else lexicon
    protected = {normalize}
    rules: tuple[TextRule, ...] = ((lexicon.apply,) if lexicon else ()) + SPOKEN_RULES
    return tuple(outside_marks(r) if r in protected or r == lexicon.apply else r for r in rules)


def speakable(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    diacritizer: Callable[[str], str] | None = diacritize,
    finish: Callable[[str], str] = unmark,
) -> str:
    """`text` as the engine receives it (`finish=show_marks` brackets what a lexicon rule said)."""
    spoken = clean(clean(text, WRITTEN_RULES), spoken_rules(lexicon))
    if diacritizer and spoken:
        spoken = diacritizer(spoken)
    return finish(spoken)
