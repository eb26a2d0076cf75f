"""ffmpeg's ebur128 meter: how to ask for it, and how to read what it printed."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import AudioError


@dataclass(frozen=True, slots=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float


def meter(name: str, true_peak: bool = True) -> str:
    # framelog=verbose: the ten lines a second it would print go to a level we do not ask for.
    # True peak (4x oversampling) costs a third of the pass; asked for only where it is used.
    return f"ebur128@{name}=peak={'true' if true_peak else 'none'}:framelog=verbose"


def parse_ebur128(log: str, name: str | None = None) -> Loudness:
    """The summary that ffmpeg's ebur128 printed (the one named `name`, for `ebur128@name`)."""
    header = re.escape(f"[ebur128@{name} @") + r"[^\]]*\] Summary:" if name else r"Summary:"
    found = list(re.finditer(header, log))
    if not found:
        raise AudioError("ffmpeg's loudness measurement printed no result")
    summary = log[found[-1].end():]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated:
        raise AudioError("ffmpeg's loudness measurement printed no result")
    return Loudness(float(integrated.group(1)), float(peak.group(1)) if peak else math.nan)
