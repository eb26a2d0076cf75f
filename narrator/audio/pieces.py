"""Where the programme is cut into pieces that are mastered and encoded on their own.

A cut must fall on the MP3 frame grid (a multiple of the frame's 576 or 1152 samples from the
start) inside a pause,
with enough digital silence on both sides that the encoder's look-ahead and the decoder's overlap
see nothing but silence (see `mp3frames`).  To land a cut on the grid, the part of the pause before
it is rounded to the grid (it changes by at most half a frame, 13 ms); the part after it keeps its
exact length.  So a piece's audio depends only on its own utterances, never on where it falls in
the programme: after an edit, the pieces that follow are the same bytes as before, only later, and
the encoder store gives them back without encoding.

Pieces are at least `MIN_PIECE_SECONDS` long, so that each has a meaningful loudness; the
programme is always cut at chapter boundaries and around jingles, so that each chapter and each
jingle is mastered to the target loudness on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .mp3frames import samples_per_frame

MIN_PIECE_SECONDS = 25.0
# Silence kept on each side of a cut, more than LAME's look-ahead (576 samples, plus the
# decoder's 529) and the MDCT overlap: about 0.1 s at 22.05 kHz.
CUT_MARGIN_SAMPLES = 2304


@dataclass(slots=True)
class PieceCutter:
    """Decides, pause by pause while the programme is written, where to cut."""

    sample_rate: int
    min_seconds: float = MIN_PIECE_SECONDS
    cuts: list[int] = field(default_factory=list)

    def split_pause(self, position: int, length: int, forced: bool = False) -> tuple[int, int] | None:
        """For a pause of `length` samples starting at `position`: the (before, after) lengths
        around a cut, or None to write the pause whole.  The cut is at `position + before`."""
        grid = samples_per_frame(self.sample_rate)
        after = length - length // 2
        cut = round((position + length // 2) / grid) * grid
        before = cut - position
        if before < CUT_MARGIN_SAMPLES or after < CUT_MARGIN_SAMPLES:
            return None
        last = self.cuts[-1] if self.cuts else 0
        if cut <= last or (not forced and cut - last < self.min_seconds * self.sample_rate):
            return None
        self.cuts.append(cut)
        return before, after


def piece_bounds(cuts: tuple[int, ...] | list[int], total_samples: int) -> list[tuple[int, int]]:
    """(start, end) of each piece, in order, covering the whole programme."""
    bounds = [0, *cuts, total_samples]
    return list(zip(bounds, bounds[1:]))
