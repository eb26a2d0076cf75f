"""Automatic tashkeel for the offline voice: espeak-ng reads bare Arabic as consonants.

The model is libtashkeel's ONNX network in its Rust build, `dengjen-tashkeel-py` (MIT/Apache-2.0,
a 7.6 MB wheel).  It replaced the copy inside the piper-tts wheel (46 MB) after measuring both on
held-out news (scripts/measure_pronunciation.py, docs/pronunciation.md): the same DER, WER and PER
within a few hundredths of a point, in about half the CPU time.  It is loaded once per process, on
first use, so commands that never diacritize do not pay for onnxruntime.

What narrator adds around the model, each because a measurement or espeak-ng asked for it:

- punctuation glued to a word (`العالم.`) is spaced off while the model reads: glued, the model
  leaves that word's ending bare (held-out news: DER 4.58 → 4.08 %); the spaces are taken out again.
- reading style, one rule: **every word keeps its full ending, also before a pause**.  Pausal forms
  (waqf, the final vowel dropped before a stop, as many newsreaders say it) were measured against the
  diacritized reference and came out worse on every figure (DER 4.08 → 5.15 %): the reference, like
  printed vowelled news, writes the endings, and espeak-ng then says them.
- spans a lexicon rule marked KEEP (`spans.py`) come out exactly as the editor wrote them.
- shadda goes before the short vowel on the same letter: espeak-ng reads shadda-then-vowel as a
  doubled consonant with its vowel, but vowel-then-shadda (the order Unicode normalization and many
  keyboards give) as a doubled consonant with the vowel lost (مُحَمَّد → "muHammd").
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Protocol

from ..errors import EngineUnavailable
from .spans import restore_kept, strip_kept_marks
from .symbols import HARAKAT, has_arabic_letter


class Diacritizer(Protocol):
    def __call__(self, text: str) -> str: ...


MODEL_PACKAGE = "dengjen-tashkeel-py"
# Bumped when narrator's handling around the model changes, so cached diacritizations are redone.
RULES_VERSION = 2

_SHADDA = "\u0651"
_VOWEL_THEN_SHADDA = re.compile(f"([\u064b-\u0650\u0652])({_SHADDA})")
# Punctuation written against the word before it: a letter or mark, then the sign.
_GLUED_PUNCTUATION = re.compile(r"(?<=[\u0621-\u064a\u064b-\u0652\u0670])(?=[.,،؛;:!?؟…)\]])")


@lru_cache(maxsize=1)
def _model() -> Diacritizer:
    try:
        from dengjen_tashkeel_py import tashkeel
    except (ImportError, RuntimeError) as exc:  # pragma: no cover - depends on the installation
        raise EngineUnavailable(f"the diacritization model is missing ({exc}); reinstall narrator") from None
    return tashkeel  # type: ignore[no-any-return]


def model_version() -> str:
    from importlib.metadata import version

    return f"libtashkeel/{MODEL_PACKAGE} {version(MODEL_PACKAGE)}; rules {RULES_VERSION}"


def shadda_first(text: str) -> str:
    """Shadda before the short vowel or tanwin on the same letter, the order espeak-ng reads."""
    return _VOWEL_THEN_SHADDA.sub(r"\2\1", text)


def _split_marks(text: str) -> tuple[list[str], list[str]]:
    """The characters of `text` that are not marks, and the marks written after each."""
    chars: list[str] = []
    marks: list[str] = []
    for ch in text:
        if ch in HARAKAT:
            if marks:
                marks[-1] += ch
        else:
            chars.append(ch)
            marks.append("")
    return chars, marks


def _transfer_marks(source: str, output: str, skip: set[int]) -> str:
    """`source`'s own characters with the marks the model put on them, less those at `skip`.

    The model is meant only to add marks, but a build may also touch spacing (dengjen inserts a
    space inside `.(`): the two are aligned character by character, and a character the model
    changed simply gets no mark."""
    chars, _ = _split_marks(source)
    out_chars, out_marks = _split_marks(output)
    if out_chars == chars:  # the usual case: only marks were added
        marks = out_marks
    else:
        marks = [""] * len(chars)
        matcher = difflib.SequenceMatcher(a=chars, b=out_chars, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            marks[a:a + size] = out_marks[b:b + size]
    return "".join(ch + mark for i, (ch, mark) in enumerate(zip(chars, marks)) if i not in skip)


def with_model(model: Diacritizer, text: str) -> str:
    """`text` diacritized by `model` with narrator's handling around it (see the module's doc)."""
    if not has_arabic_letter(text):
        return text
    core = text.strip()
    lead, trail = text[: text.index(core)], text[text.index(core) + len(core):]
    parts = _GLUED_PUNCTUATION.split(core)
    # Where the added spaces stand, counted in characters without marks.
    added: set[int] = set()
    position = 0
    for part in parts[:-1]:
        position += len(_split_marks(part)[0])
        added.add(position)
        position += 1
    spaced = " ".join(parts)
    # The model reads a kept span bare, as it reads the rest: given the editor's marks as hints it
    # was measured to drop the ending of the name and of its neighbours more often.
    output = _transfer_marks(spaced, model(strip_kept_marks(spaced)), added)
    return lead + shadda_first(restore_kept(output, core)) + trail


# libtashkeel refuses text longer than 12,000 characters ("Text length cannot exceed 12000"), and
# its time grows with the square of the length (0.2 s for 400 characters, 8 s for 4,000, 45 s for
# 12,000).  A long run of text (a paragraph without punctuation) is diacritized in pieces cut at
# spaces: a piece keeps context enough for its words, and the whole stays linear in time.
MAX_CHARS = 12_000
WHOLE_CHARS = 1_000
_PIECE_CHARS = 500


def _pieces(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, each ending after a space where
    there is one (a single word longer than the limit is cut where it must be)."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit) + 1 or limit
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def diacritize(text: str) -> str:
    """Text with harakat added; text without Arabic letters comes back unchanged."""
    if not has_arabic_letter(text):
        return text
    # with_model keeps each piece's surrounding spaces (the model drops them).
    if len(text) <= WHOLE_CHARS:
        return with_model(_model(), text)
    return "".join(with_model(_model(), piece) for piece in _pieces(text, _PIECE_CHARS))
