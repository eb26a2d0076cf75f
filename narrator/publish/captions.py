"""Captions a player can show: cues of at most two lines of about 42 characters, cut where the
sentence breathes (clause marks, then before و, then between words), each with its own time.

A sentence's cue (`transcript.sentence_cues`) is cut into such pieces, and each cut is timed:
- where the engine said when each word starts (edge's word boundaries, espeak-ng's word events), the
  piece starts where its first word was said;
- where it did not (gtts), the sentence's time is shared by characters of what was spoken.
The caption shows the article's own words while the engine said the spoken form (numbers in words,
tashkeel added), so a cut in the written text is carried over to the spoken text by aligning the two
(difflib, with diacritics ignored): the words around a figure anchor it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import Cue, WordTime
from ..text.speak import fit_text

LINE_CHARS = 42
MAX_LINES = 2
# Room for the wrap: a piece of this length nearly always breaks into two lines of LINE_CHARS.
PIECE_CHARS = LINE_CHARS * MAX_LINES - 6


@dataclass(frozen=True, slots=True)
class Timed:
    """One utterance of a sentence on the programme clock (samples)."""

    text: str
    spoken: str
    start: int
    end: int
    words: tuple[WordTime, ...] = ()

    @classmethod
    def of(cls, cue: Cue) -> Timed:
        return cls(cue.text.strip(), cue.spoken, cue.start_sample, cue.end_sample, cue.words)


def wrap(text: str, width: int = LINE_CHARS) -> str:
    """At most two lines, broken between words where the longer line is shortest."""
    words = text.split()
    if len(text) <= width or len(words) < 2:
        return " ".join(words)
    best = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def _letters(text: str) -> tuple[str, list[int]]:
    """The text without combining marks (tashkeel), and where each kept character came from."""
    kept = [(i, ch) for i, ch in enumerate(text) if not unicodedata.combining(ch)]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def spoken_position(written: str, spoken: str, position: int) -> int:
    """The character of `spoken` that corresponds to `written[position]`."""
    if position <= 0 or not spoken:
        return 0
    if position >= len(written):
        return len(spoken)
    a, a_index = _letters(written)
    b, b_index = _letters(spoken)
    p = bisect_left(a_index, position)
    before = (0, 0)
    for i, j, size in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        if i <= p < i + size:
            return b_index[j + p - i] if j + p - i < len(b_index) else len(spoken)
        if i > p:
            # In a stretch the two do not share (a figure read out): share it proportionally.
            (i0, j0), gap_a, gap_b = before, i - before[0], j - before[1]
            q = j0 + (p - i0) * gap_b // max(1, gap_a)
            return b_index[q] if q < len(b_index) else len(spoken)
        before = (i + size, j + size)
    return len(spoken)


def time_at(piece: Timed, written_position: int) -> int:
    """The programme sample where the engine said `piece.text[written_position]`."""
    if written_position <= 0:
        return piece.start
    q = spoken_position(piece.text, piece.spoken or piece.text, written_position)
    if piece.words:
        # The first word said at or after the cut (a cut falls between words).
        later = [w.sample for w in piece.words if w.offset >= q]
        return min(later) if later else piece.end
    spoken = piece.spoken or piece.text
    return piece.start + (piece.end - piece.start) * q // max(1, len(spoken))


# A piece shorter than this is joined to a neighbour when the two still fit in two lines: cutting
# at the strongest boundary first can leave two words alone on screen for a second.
SHORT_CHARS = 25


def caption_parts(text: str) -> list[str]:
    """`text` in pieces that fit two lines, cut where the sentence breathes, none left very short."""
    parts = fit_text(" ".join(text.split()), PIECE_CHARS)
    limit = LINE_CHARS * MAX_LINES
    merged: list[str] = []
    for part in parts:
        if merged and (len(part) < SHORT_CHARS or len(merged[-1]) < SHORT_CHARS) \
                and len(merged[-1]) + 1 + len(part) <= limit:
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def split_sentence(text: str, pieces: list[Timed]) -> list[tuple[str, int, int]]:
    """(caption, start sample, end sample) for one sentence: `text` as shown, spoken as `pieces`."""
    parts = caption_parts(text)
    start, end = pieces[0].start, pieces[-1].end
    if len(parts) == 1:
        return [(wrap(parts[0]), start, end)]
    joined = " ".join(p.text for p in pieces)
    shown = " ".join(text.split())
    # Where each piece of the sentence starts in the joined text of the utterances.
    offsets, at = [], 0
    for piece in pieces:
        offsets.append(at)
        at += len(piece.text) + 1
    cut_times: list[int] = []
    cursor = 0
    for part in parts:
        found = shown.find(part, cursor)
        position = max(found, cursor)
        cursor = position + len(part)
        # The shown text may be the sentence as written (quotes kept): carry over by proportion.
        if shown != joined:
            position = position * len(joined) // max(1, len(shown))
        index = max(0, bisect_left(offsets, position + 1) - 1)
        cut_times.append(time_at(pieces[index], position - offsets[index]))
    cut_times[0] = start
    out: list[tuple[str, int, int]] = []
    for k, part in enumerate(parts):
        begin = max(cut_times[k], out[-1][1] + 1 if out else start)
        finish = cut_times[k + 1] if k + 1 < len(parts) else end
        out.append((wrap(part), begin, max(begin + 1, min(finish, end))))
    return out
