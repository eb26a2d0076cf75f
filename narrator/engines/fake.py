"""A deterministic stand-in engine for pipeline tests: a tone whose length follows the text.

It pads each clip with silence the way real engines do, so trimming and pauses are exercised.
"""

from __future__ import annotations

import array
import math
import zlib
from typing import ClassVar

from pydub import AudioSegment

from . import Availability, EngineOptions

SAMPLE_RATE = 22050
MS_PER_CHAR = 40
LEAD_MS = 120
TAIL_MS = 250


class FakeEngine:
    name: ClassVar[str] = "fake"
    max_chars: ClassVar[int] = 200
    needs_diacritics: ClassVar[bool] = False
    thread_safe: ClassVar[bool] = True

    def __init__(self, options: EngineOptions = EngineOptions()) -> None:
        self.options = options
        self.calls: list[str] = []

    @classmethod
    def availability(cls) -> Availability:
        return Availability(True, "test tones")

    def identity(self) -> str:
        return "fake 1"

    def synthesize(self, text: str) -> AudioSegment:
        self.calls.append(text)
        # The pitch depends on the text, so different utterances give different clips.
        freq = 200 + zlib.crc32(text.encode()) % 400
        n = SAMPLE_RATE * len(text) * MS_PER_CHAR // 1000
        tone = array.array(
            "h", (int(8000 * math.sin(2 * math.pi * freq * i / SAMPLE_RATE)) for i in range(n))
        )
        lead = bytes(2 * (SAMPLE_RATE * LEAD_MS // 1000))
        tail = bytes(2 * (SAMPLE_RATE * TAIL_MS // 1000))
        pcm = lead + tone.tobytes() + tail
        return AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)
