"""Loudness-normalise the program and encode it once to constant-bitrate MP3.

Two passes of ffmpeg's loudnorm: the first measures, the second applies the measured values, which
is exact where one pass is approximate.  The target true peak sits below the promised -1 dBTP to
leave room for the overshoot that MP3 encoding adds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudioError
from ..model import Program
from .ffmpeg import run_ffmpeg
from .format import CHANNELS, SAMPLE_RATE

TRUE_PEAK_DBTP = -1.5
# A wide loudness range keeps loudnorm in linear mode (one gain for the whole episode) whenever the
# peak allows: dynamic mode would pump between sentences.
LOUDNESS_RANGE_LU = 20


@dataclass(frozen=True, slots=True)
class Loudness:
    integrated: float
    true_peak: float
    lra: float
    threshold: float
    offset: float


def _input_args(program: Program) -> list[str]:
    return ["-f", "s16le", "-ar", str(program.sample_rate), "-ac", str(CHANNELS), "-i", str(program.pcm_path)]


def _loudnorm(target_lufs: float) -> str:
    return f"loudnorm=I={target_lufs}:TP={TRUE_PEAK_DBTP}:LRA={LOUDNESS_RANGE_LU}"


def measure(program: Program, target_lufs: float) -> Loudness:
    stderr = run_ffmpeg(
        [*_input_args(program), "-af", f"{_loudnorm(target_lufs)}:print_format=json", "-f", "null", "-"],
        "loudness measurement",
    )
    match = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", stderr)
    if not match:
        raise AudioError("ffmpeg's loudness measurement printed no result")
    data = json.loads(match.group(0))
    try:
        return Loudness(
            float(data["input_i"]), float(data["input_tp"]), float(data["input_lra"]),
            float(data["input_thresh"]), float(data["target_offset"]),
        )
    except (KeyError, ValueError):
        raise AudioError("the program is silent: nothing to normalise") from None


def encode(program: Program, mp3_path: Path, *, bitrate_kbps: int, target_lufs: float) -> None:
    if program.total_samples == 0:
        raise AudioError("the program is empty: nothing was synthesized")
    m = measure(program, target_lufs)
    if m.integrated == float("-inf"):
        raise AudioError("the program is silent: nothing to normalise")
    apply = (
        f"{_loudnorm(target_lufs)}:measured_I={m.integrated}:measured_TP={m.true_peak}"
        f":measured_LRA={m.lra}:measured_thresh={m.threshold}:offset={m.offset}:linear=true"
    )
    run_ffmpeg(
        [
            *_input_args(program),
            "-af", apply,
            # loudnorm works at 192 kHz; come back to the program rate before the encoder.
            "-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS),
            "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
            # Tags are written afterwards by mutagen; bitexact keeps the output reproducible.
            "-id3v2_version", "0", "-write_id3v1", "0", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:a", "+bitexact",
            "-f", "mp3", str(mp3_path),
        ],
        "encoding",
    )
