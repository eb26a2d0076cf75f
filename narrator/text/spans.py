"""Spans a pronunciation rule has decided, marked inside the spoken text with private-use characters.

A rule's output travels through the later text stages in the same string as the rest of the
sentence, so the diacritizer still sees the words around it.  Two kinds of span:

- KEEP (`KEEP_OPEN … KEEP_CLOSE`): final as it stands — diacritized Arabic from the lexicon, a Latin
  name said as written.  Neither normalization nor the diacritizer changes it.
- CHANGED (`CHANGED_OPEN … CHANGED_CLOSE`): a respelling or a letter-by-letter reading.  Normalization
  leaves it alone; the diacritizer vowels it in context like any other word.

Both diacritization models pass characters they do not know through untouched, so the marks come
out where they went in.  `unmark` removes them before the engine is called; `show_marks` turns them
into brackets for an editor to read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .symbols import HARAKAT

SHADDA = "\u0651"

KEEP_OPEN, KEEP_CLOSE = "\ue000", "\ue001"
CHANGED_OPEN, CHANGED_CLOSE = "\ue002", "\ue003"
ALL_MARKS = KEEP_OPEN + KEEP_CLOSE + CHANGED_OPEN + CHANGED_CLOSE

_UNMARK = {ord(ch): None for ch in ALL_MARKS}
# What an editor sees in `narrate plan --spoken` and `narrate normalize`: the span a rule said.
_SHOW = {ord(KEEP_OPEN): "⟦", ord(KEEP_CLOSE): "⟧", ord(CHANGED_OPEN): "⟦", ord(CHANGED_CLOSE): "⟧"}
_SPAN = re.compile(f"([{KEEP_OPEN}{CHANGED_OPEN}][^{ALL_MARKS}]*[{KEEP_CLOSE}{CHANGED_CLOSE}])")
_KEPT = re.compile(f"{KEEP_OPEN}[^{ALL_MARKS}]*{KEEP_CLOSE}")


def keep(text: str) -> str:
    return f"{KEEP_OPEN}{text}{KEEP_CLOSE}"


def changed(text: str) -> str:
    return f"{CHANGED_OPEN}{text}{CHANGED_CLOSE}"


def unmark(text: str) -> str:
    return text.translate(_UNMARK)


def show_marks(text: str) -> str:
    return text.translate(_SHOW)


def has_marks(text: str) -> bool:
    return any(ch in ALL_MARKS for ch in text)


def kept_spans(text: str) -> list[str]:
    return _KEPT.findall(text)


def _letters_with_marks(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch in text:
        if ch in HARAKAT and out:
            out[-1] = (out[-1][0], out[-1][1] + ch)
        elif ch not in HARAKAT:
            out.append((ch, ""))
    return out


def _merge(written: str, diacritized: str) -> str:
    """The editor's marks where the editor wrote any; the model's on a letter left bare (the case
    ending of a name depends on its sentence)."""
    mine, theirs = _letters_with_marks(written), _letters_with_marks(diacritized)
    if [c for c, _ in mine] != [c for c, _ in theirs]:
        return written
    return "".join(c + _marks_for(m, t) for (c, m), (_, t) in zip(mine, theirs))


def _marks_for(mine: str, theirs: str) -> str:
    if not mine:
        return theirs
    if mine == SHADDA:  # a doubled last letter (الدَّوْلِيّ): the doubling is the editor's, the vowel the model's
        return SHADDA + theirs.replace(SHADDA, "")
    return mine


def strip_kept_marks(text: str) -> str:
    """The text with the marks inside KEEP spans removed (the letters and the spans stay)."""
    if KEEP_OPEN not in text:
        return text
    return _KEPT.sub(lambda m: "".join(ch for ch in m.group(0) if ch not in HARAKAT), text)


def restore_kept(output: str, original: str) -> str:
    """`output` with each KEEP span of `original` put back, in order: whatever a later stage did to
    the marks the editor wrote is undone.  Unequal counts mean a stage lost a mark: keep `output`."""
    spans = kept_spans(original)
    if len(kept_spans(output)) != len(spans):
        return output
    replacements = iter(spans)
    return _KEPT.sub(lambda m: _merge(next(replacements), m.group(0)), output)


def outside_marks(rule: Callable[[str], str]) -> Callable[[str], str]:
    """`rule` applied to the text between spans only: a span a pronunciation rule decided is not
    read again by the figure and symbol rules."""

    def between(piece: str) -> str:
        # The spaces around a span are kept: rules that tidy spaces would glue the span to its words.
        core = piece.strip()
        if not core:
            return piece
        start = piece.index(core)
        return piece[:start] + rule(core) + piece[start + len(core):]

    def apply(text: str) -> str:
        if not has_marks(text):
            return rule(text)
        pieces = _SPAN.split(text)
        # split() with one group alternates: text, span, text, span, … text.
        return "".join(piece if i % 2 else between(piece) for i, piece in enumerate(pieces))

    apply.__name__ = getattr(rule, "__name__", "rule")
    apply.__doc__ = rule.__doc__
    return apply
