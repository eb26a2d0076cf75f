"""What the MP3 encoder does to loudness and peaks, learned once and remembered.

LAME does not give back exactly what it is fed: at 64 kbps the finished MP3 measures about half a
loudness unit quieter than its PCM (a near-constant scale, seen from 32 to 128 kbps) and its true
peak rises a little.  The first render with a given ffmpeg binary and bitrate measures the MP3 and
encodes again if it missed; what it learned is kept here, so later renders encode once, with the
offset applied up front.  Keyed by the ffmpeg binary (path, size, mtime) and the encoder settings,
so a new ffmpeg or bitrate is measured afresh.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..cache import write_atomically

CALIBRATION_FORMAT = 1


@dataclass(frozen=True, slots=True)
class EncoderShift:
    """Finished MP3 minus the PCM fed to it (both measured by ebur128)."""

    loudness_lu: float
    true_peak_db: float


def encoder_key(ffmpeg: str, settings: str) -> str:
    try:
        st = os.stat(ffmpeg)
        binary = f"{os.path.realpath(ffmpeg)}:{st.st_size}:{int(st.st_mtime)}"
    except OSError:
        binary = ffmpeg
    return f"{CALIBRATION_FORMAT}|{binary}|{settings}"


class Calibration:
    """Encoder shifts in one small JSON file; unreadable or missing means nothing learned yet."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> EncoderShift | None:
        entry = self._load().get(key)
        try:
            return EncoderShift(float(entry["loudness_lu"]), float(entry["true_peak_db"]))  # type: ignore[index]
        except (TypeError, KeyError, ValueError):
            return None

    def put(self, key: str, shift: EncoderShift) -> None:
        data = self._load()
        data[key] = asdict(shift)
        text = json.dumps(data, indent=1, sort_keys=True).encode()
        try:
            write_atomically(self.path, lambda f: f.write(text))
        except OSError:
            pass  # only a speed-up: a read-only state dir costs a second encode next time


class NoCalibration(Calibration):
    """Measure every time (`--no-cache`)."""

    def __init__(self) -> None:
        super().__init__(Path(os.devnull))

    def get(self, key: str) -> EncoderShift | None:
        return None

    def put(self, key: str, shift: EncoderShift) -> None:
        return None
