"""Bring the program to the target loudness and encode it once to constant-bitrate MP3.

Two steps over the PCM on disk: ffmpeg's ebur128 measures integrated loudness and true peak (fast,
exact), then one encoding pass applies a single gain.  Only when that gain would push peaks past
the ceiling does a limiter touch the peaks; speech between them keeps its dynamics.  (ffmpeg's
loudnorm does the same job about eight times slower, because it works at 192 kHz.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudioError
from ..model import Program
from .ffmpeg import run_ffmpeg
from .format import CHANNELS, SAMPLE_RATE

# The promise is -1 dBTP in the finished MP3; MP3 encoding adds up to about half a dB of overshoot,
# and the limiter below is sample-peak, so it aims lower still.
TRUE_PEAK_CEILING_DBTP = -1.5
LIMITER_CEILING_DBFS = -1.8
# Each correction is one fast measurement pass; two bring speech within 0.2 LU.
CORRECTIONS = 2
PROMISED_TRUE_PEAK_DBTP = -1.0
# A second encode happens only when the first misses the target by more than this.
LOUDNESS_TOLERANCE_LU = 0.3
PEAK_MARGIN_DB = 0.3


@dataclass(frozen=True, slots=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float


def _input_args(program: Program) -> list[str]:
    return ["-f", "s16le", "-ar", str(program.sample_rate), "-ac", str(CHANNELS), "-i", str(program.pcm_path)]


def parse_ebur128(log: str) -> Loudness:
    if "Summary:" not in log:
        raise AudioError("ffmpeg's loudness measurement printed no result")
    summary = log[log.rindex("Summary:"):]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or not peak:
        raise AudioError("ffmpeg's loudness measurement printed no result")
    return Loudness(float(integrated.group(1)), float(peak.group(1)))


def measure(program: Program, through: str | None = None) -> Loudness:
    """Loudness of the program, or of the program after the filter chain `through`."""
    chain = f"{through},ebur128=peak=true" if through else "ebur128=peak=true"
    log = run_ffmpeg([*_input_args(program), "-af", chain, "-f", "null", "-"], "loudness measurement")
    return parse_ebur128(log)


def _chain(gain_db: float, ceiling_dbfs: float | None) -> str:
    chain = f"volume={gain_db:.2f}dB"
    if ceiling_dbfs is not None:
        ceiling = 10 ** (ceiling_dbfs / 20)
        chain += f",alimiter=limit={ceiling:.4f}:attack=1:release=50:level=false"
    return chain


def plan_gain(program: Program, measured: Loudness, target_lufs: float) -> tuple[float, float | None]:
    """(gain, limiter ceiling or None): one gain to the target, and a peak limiter only if that
    gain would break the ceiling.  Limiting takes a little loudness away with the peaks, so the
    gain is corrected after measuring the limited result."""
    gain = target_lufs - measured.integrated_lufs
    if measured.true_peak_dbtp + gain <= TRUE_PEAK_CEILING_DBTP:
        return gain, None
    for _ in range(CORRECTIONS):
        limited = measure(program, _chain(gain, LIMITER_CEILING_DBFS))
        error = target_lufs - limited.integrated_lufs
        if abs(error) < 0.2:
            break
        gain += error
    return gain, LIMITER_CEILING_DBFS


def _encode_once(program: Program, mp3_path: Path, chain: str, bitrate_kbps: int) -> Loudness:
    run_ffmpeg(
        [
            *_input_args(program),
            "-af", chain,
            "-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS),
            "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
            # Tags are written afterwards by mutagen; bitexact keeps the output reproducible.
            "-id3v2_version", "0", "-write_id3v1", "0", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:a", "+bitexact",
            "-f", "mp3", str(mp3_path),
        ],
        "encoding",
    )
    log = run_ffmpeg(["-i", str(mp3_path), "-af", "ebur128=peak=true", "-f", "null", "-"], "loudness check")
    return parse_ebur128(log)


def encode(program: Program, mp3_path: Path, *, bitrate_kbps: int, target_lufs: float) -> Loudness:
    """Encode `program` to `mp3_path` at `target_lufs`; returns the finished file's loudness.

    The promise is about the finished MP3 as ebur128 measures it, and the encoder shifts both
    figures a little (seen: -0.5 LU and +0.6 dB true peak at 64 kbps), so the MP3 is measured and,
    when it misses, encoded once more with the difference taken into account."""
    if program.total_samples == 0:
        raise AudioError("the program is empty: nothing was synthesized")
    measured = measure(program)
    if measured.integrated_lufs == float("-inf") or measured.integrated_lufs < -70:
        raise AudioError("the program is silent: nothing to normalise")
    gain, ceiling = plan_gain(program, measured, target_lufs)
    result = _encode_once(program, mp3_path, _chain(gain, ceiling), bitrate_kbps)
    loudness_error = target_lufs - result.integrated_lufs
    # Peaks move with the gain; what the second pass would leave above the promise, the limiter
    # ceiling takes back (with a small margin for the encoder).
    predicted_peak = result.true_peak_dbtp + loudness_error
    peak_excess = predicted_peak - (PROMISED_TRUE_PEAK_DBTP - PEAK_MARGIN_DB)
    if abs(loudness_error) > LOUDNESS_TOLERANCE_LU or result.true_peak_dbtp > PROMISED_TRUE_PEAK_DBTP:
        gain += loudness_error
        if peak_excess > 0:
            ceiling = (LIMITER_CEILING_DBFS if ceiling is None else ceiling) - peak_excess
        result = _encode_once(program, mp3_path, _chain(gain, ceiling), bitrate_kbps)
    return result
