"""Where the programme is cut into pieces that are mastered and encoded on their own.

A cut must fall on the MP3 frame grid (a multiple of 1152 samples from the start) inside a pause,
with enough digital silence on both sides that the encoder's look-ahead and the decoder's overlap
see nothing but silence (see `mp3frames`).  Pieces are at least `MIN_PIECE_SECONDS` long, so each
has a meaningful loudness of its own; an edit to one paragraph changes only the piece it is in.
"""

from __future__ import annotations

from ..model import Program
from .mp3frames import SAMPLES_PER_FRAME

MIN_PIECE_SECONDS = 25.0
# Silence kept on each side of a cut: two frames, more than LAME's look-ahead and MDCT overlap.
CUT_MARGIN_SAMPLES = 2 * SAMPLES_PER_FRAME


def cut_candidates(program: Program) -> list[int]:
    """Every frame-grid point with at least the margin of silence on both sides, one per pause:
    the one nearest the pause's middle."""
    cuts = []
    for start, length in program.pauses:
        middle = start + length // 2
        cut = round(middle / SAMPLES_PER_FRAME) * SAMPLES_PER_FRAME
        if start + CUT_MARGIN_SAMPLES <= cut <= start + length - CUT_MARGIN_SAMPLES and 0 < cut < program.total_samples:
            cuts.append(cut)
    return cuts


def choose_pieces(program: Program, min_seconds: float = MIN_PIECE_SECONDS) -> list[tuple[int, int]]:
    """(start, end) of each piece, in order, covering the whole programme."""
    minimum = int(min_seconds * program.sample_rate)
    bounds, last = [0], 0
    for cut in cut_candidates(program):
        if cut - last >= minimum and program.total_samples - cut >= minimum:
            bounds.append(cut)
            last = cut
    bounds.append(program.total_samples)
    return list(zip(bounds, bounds[1:]))
