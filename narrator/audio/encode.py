"""Bring the program to the target loudness and encode it once to constant-bitrate MP3.

ffmpeg's ebur128 measures the PCM on disk (integrated loudness and true peak: fast, exact), then
one encoding pass applies a single gain.  Only when that gain would push peaks past the ceiling
does a limiter touch the peaks; speech between them keeps its dynamics.  (ffmpeg's loudnorm does
the same job about eight times slower, because it works at 192 kHz.)

The promise is about the finished MP3, and LAME shifts both figures a little (see
`calibration`).  Until that shift is known for this ffmpeg and bitrate, the MP3 is measured and,
if it missed, encoded once more with the shift taken into account; once known, it is applied up
front and the MP3 is encoded exactly once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudioError
from ..model import Program
from .calibration import Calibration, EncoderShift, NoCalibration, encoder_key
from .ffmpeg import ffmpeg_exe, run_ffmpeg
from .format import CHANNELS, SAMPLE_RATE

PROMISED_TRUE_PEAK_DBTP = -1.0
# Room kept under the promise for what the measurement of a shift cannot foresee.
PEAK_MARGIN_DB = 0.3
# The limiter is sample-peak; true peaks between samples sit up to about this much higher.
INTERSAMPLE_ALLOWANCE_DB = 0.3
# Until the encoder is calibrated, assume it raises true peaks by this much (seen: up to +0.6 dB).
ASSUMED_PEAK_SHIFT_DB = 0.2
# Each correction of a limited gain is one measurement pass; two bring speech within 0.2 LU.
CORRECTIONS = 2


@dataclass(frozen=True, slots=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True, slots=True)
class GainPlan:
    """One gain for the whole program, a limiter ceiling if peaks need one, and what the PCM
    will measure after both."""

    gain_db: float
    limiter_dbfs: float | None
    expected: Loudness

    def chain(self) -> str:
        chain = f"volume={self.gain_db:.2f}dB"
        if self.limiter_dbfs is not None:
            ceiling = 10 ** (self.limiter_dbfs / 20)
            chain += f",alimiter=limit={ceiling:.4f}:attack=1:release=50:level=false"
        return chain


@dataclass(frozen=True, slots=True)
class EncodeReport:
    loudness: Loudness  # of the finished MP3: measured, or predicted from a known shift
    encodes: int
    measured: bool


def _input_args(program: Program) -> list[str]:
    return ["-f", "s16le", "-ar", str(program.sample_rate), "-ac", str(CHANNELS), "-i", str(program.pcm_path)]


def _settings(bitrate_kbps: int) -> str:
    return f"libmp3lame cbr {bitrate_kbps}k {SAMPLE_RATE} Hz {CHANNELS} ch"


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


def plan_gain(program: Program, measured: Loudness, target_lufs: float, peak_ceiling_dbtp: float) -> GainPlan:
    """One gain to `target_lufs`, and a peak limiter only if that gain would lift true peaks past
    `peak_ceiling_dbtp`.  Limiting takes a little loudness away with the peaks, so the gain is
    corrected after measuring the limited result."""
    gain = target_lufs - measured.integrated_lufs
    if measured.true_peak_dbtp + gain <= peak_ceiling_dbtp:
        return GainPlan(gain, None, Loudness(target_lufs, measured.true_peak_dbtp + gain))
    limiter = peak_ceiling_dbtp - INTERSAMPLE_ALLOWANCE_DB
    limited = measure(program, GainPlan(gain, limiter, measured).chain())
    for _ in range(CORRECTIONS - 1):
        error = target_lufs - limited.integrated_lufs
        if abs(error) < 0.2:
            break
        gain += error
        limited = measure(program, GainPlan(gain, limiter, measured).chain())
    return GainPlan(gain, limiter, limited)


def _encode_once(program: Program, mp3_path: Path, plan: GainPlan, bitrate_kbps: int) -> None:
    run_ffmpeg(
        [
            *_input_args(program),
            "-af", plan.chain(),
            "-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS),
            "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
            # Tags are written afterwards by mutagen; bitexact keeps the output reproducible.
            "-id3v2_version", "0", "-write_id3v1", "0", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:a", "+bitexact",
            "-f", "mp3", str(mp3_path),
        ],
        "encoding",
    )


def measure_mp3(mp3_path: Path) -> Loudness:
    log = run_ffmpeg(["-i", str(mp3_path), "-af", "ebur128=peak=true", "-f", "null", "-"], "loudness check")
    return parse_ebur128(log)


def _peak_ceiling(shift: EncoderShift | None) -> float:
    """True-peak ceiling for the PCM, so that the MP3 keeps the promise after the encoder's rise."""
    rise = ASSUMED_PEAK_SHIFT_DB if shift is None else max(shift.true_peak_db, 0.0)
    return PROMISED_TRUE_PEAK_DBTP - PEAK_MARGIN_DB - rise


def encode(
    program: Program,
    mp3_path: Path,
    *,
    bitrate_kbps: int,
    target_lufs: float,
    calibration: Calibration | None = None,
) -> EncodeReport:
    """Encode `program` to `mp3_path` so that the MP3 measures `target_lufs` with true peaks
    at or under -1 dBTP."""
    if program.total_samples == 0:
        raise AudioError("the program is empty: nothing was synthesized")
    calibration = calibration or NoCalibration()
    measured = measure(program)
    if measured.integrated_lufs == float("-inf") or measured.integrated_lufs < -70:
        raise AudioError("the program is silent: nothing to normalise")
    key = encoder_key(ffmpeg_exe(), _settings(bitrate_kbps))
    shift = calibration.get(key)
    if shift is not None:
        plan = plan_gain(program, measured, target_lufs - shift.loudness_lu, _peak_ceiling(shift))
        _encode_once(program, mp3_path, plan, bitrate_kbps)
        predicted = Loudness(
            plan.expected.integrated_lufs + shift.loudness_lu, plan.expected.true_peak_dbtp + shift.true_peak_db
        )
        return EncodeReport(predicted, encodes=1, measured=False)

    first = plan_gain(program, measured, target_lufs, _peak_ceiling(None))
    _encode_once(program, mp3_path, first, bitrate_kbps)
    result = measure_mp3(mp3_path)
    shift = _learned_shift(first.expected, result)
    calibration.put(key, shift)
    # Encode again with the shift applied, exactly as every later render will: the MP3 then
    # depends only on the program and the (rounded) shift, not on whether this was the first run.
    plan = plan_gain(program, measured, target_lufs - shift.loudness_lu, _peak_ceiling(shift))
    if plan == first:
        return EncodeReport(result, encodes=1, measured=True)
    _encode_once(program, mp3_path, plan, bitrate_kbps)
    return EncodeReport(measure_mp3(mp3_path), encodes=2, measured=True)


def _learned_shift(expected: Loudness, result: Loudness) -> EncoderShift:
    """Rounded to a tenth, so that renders of other articles learn the same figures; the peak rise
    rounded up, to stay on the safe side."""
    return EncoderShift(
        round(result.integrated_lufs - expected.integrated_lufs, 1),
        math.ceil((result.true_peak_dbtp - expected.true_peak_dbtp) * 10 - 1e-9) / 10,
    )
