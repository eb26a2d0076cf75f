"""Audio stages: conform clips, assemble the program, measure loudness, encode in pieces.

Nothing here knows about click or how the text was split.
"""

from .format import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH

__all__ = ["CHANNELS", "SAMPLE_RATE", "SAMPLE_WIDTH"]
