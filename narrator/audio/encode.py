"""Master the programme to the target loudness and encode it to constant-bitrate MP3, in pieces.

The programme is cut at pauses into pieces of half a minute or more (`pieces`).  Each piece is
mastered on its own: ffmpeg's ebur128 measures its integrated loudness and true peak, one gain
brings it to the target, and only when that gain would lift peaks past the ceiling does a limiter
touch the peaks (speech between them keeps its dynamics).  Each piece is then encoded by LAME and
the pieces are spliced into one seamless stream (`mp3frames`).  So every paragraph of the episode
is equally loud, the pieces are encoded on all cores at once, and a piece whose audio did not
change comes from the store, encoded by an earlier render: editing one paragraph re-encodes only
the piece it is in.  (ffmpeg's loudnorm does the measuring job about eight times slower, because it
works at 192 kHz.)

The promise is about the finished MP3, and LAME shifts loudness and peaks a little (see
`calibration`).  Until that shift is known for this ffmpeg and bitrate, the spliced MP3 is measured,
and the pieces are encoded once more with the shift taken into account; once known, it is applied
up front.  LAME's peak rise depends on the material, though, so every piece encoded with a known
shift is decoded and its true peak measured as a player will see it (in the pool, while synthesis
goes on; in process unless it comes near the promise, see `truepeak`); a piece over the promise is
encoded again with a lower limiter.  Pieces from the store
were checked when they were encoded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from .. import signals
from ..errors import AudioError
from ..model import Program
from .calibration import Calibration, EncoderShift, NoCalibration, encoder_key
from .ebur128 import Loudness, meter, parse_ebur128
from .ffmpeg import ffmpeg_exe, run_ffmpeg, stop_running
from .format import BYTES_PER_SAMPLE, CHANNELS, SAMPLE_RATE
from .mp3frames import EncodedPiece, samples_per_frame, splice
from .truepeak import true_peak_excess

# 2: pieces encoded with a known shift have their decoded true peak checked (older ones were not).
MASTERING_FORMAT = 2
PROMISED_TRUE_PEAK_DBTP = -1.0
# Room kept under the promise for what the measurement of a shift cannot foresee.
PEAK_MARGIN_DB = 0.3
# The limiter is sample-peak; true peaks between samples sit up to about this much higher.
INTERSAMPLE_ALLOWANCE_DB = 0.3
# Until the encoder is calibrated, assume it raises true peaks by this much (seen: up to +0.6 dB).
ASSUMED_PEAK_SHIFT_DB = 0.2
# A limited piece that misses the target by more than this is encoded once more, corrected.
LIMITED_TOLERANCE_LU = 0.2
# Quieter than this is silence (the EBU R 128 absolute gate): left as it is.
SILENCE_LUFS = -70.0
# How often one piece may be encoded again with a lower limiter to keep the true-peak promise.
MAX_PEAK_CORRECTIONS = 3


class PieceStore(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, data: bytes) -> None: ...
    def discard(self, key: str) -> None: ...


@dataclass(frozen=True, slots=True)
class GainPlan:
    """One gain for a piece, and a limiter ceiling (None: no limiter)."""

    gain_db: float
    limiter_dbfs: float | None

    def chain(self) -> str:
        chain = f"volume={self.gain_db:.2f}dB"
        if self.limiter_dbfs is not None:
            ceiling = 10 ** (self.limiter_dbfs / 20)
            # latency=1: the look-ahead's delay compensated, so no sample moves against the marks.
            chain += f",alimiter=limit={ceiling:.4f}:attack=1:release=50:level=false:latency=1"
        return chain


@dataclass(frozen=True, slots=True)
class EncodeReport:
    loudness: Loudness  # of the finished MP3: measured, or predicted from a known shift
    pieces: int
    encoded: int  # pieces encoded by this render (the rest came from the store)
    measured: bool
    peak_corrections: int = 0  # pieces encoded again because their decoded true peak was over the promise


_PCM_IN = ["-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS), "-i", "pipe:0"]


def measure(pcm: bytes, through: str | None = None, true_peak: bool = True) -> Loudness:
    """Integrated loudness and true peak (NaN unless asked for) of programme-format PCM, or of it
    after the filter chain `through`.  One meter per ffmpeg run: ffmpeg's threads may interleave
    the summaries of two meters line by line."""
    metering = meter("out", true_peak)
    chain = f"{through},{metering}" if through else metering
    log = run_ffmpeg([*_PCM_IN, "-af", chain, "-f", "null", "-"], "loudness measurement", stdin=pcm)
    return parse_ebur128(log, "out")


def measure_mp3(mp3_path: Path) -> Loudness:
    log = run_ffmpeg(["-i", str(mp3_path), "-af", meter("mp3"), "-f", "null", "-"], "loudness check")
    return parse_ebur128(log, "mp3")


def estimate_lufs(pcm: bytes) -> float:
    """A quick first guess at the integrated loudness, in process: BS.1770's gating over 400 ms
    blocks, without the K-weighting filter (within a decibel or two for speech; ffmpeg measures
    the exact figure in the same pass that tries the guess)."""
    block = SAMPLE_RATE // 10
    samples = np.frombuffer(pcm, dtype="<i2")[: len(pcm) // 2 // block * block].astype(np.float64) / 32768
    if samples.size < 4 * block:
        return -math.inf
    squares = (samples.reshape(-1, block) ** 2).mean(axis=1)
    windows = np.convolve(squares, np.ones(4) / 4, mode="valid")
    loudness = -0.691 + 10 * np.log10(np.maximum(windows, 1e-12))
    gated = windows[loudness > SILENCE_LUFS]
    if gated.size == 0:
        return -math.inf
    relative = -0.691 + 10 * np.log10(gated.mean()) - 10
    kept = gated[-0.691 + 10 * np.log10(gated) > relative]
    return float(-0.691 + 10 * np.log10(kept.mean()))


def _peak_ceiling(shift: EncoderShift | None) -> float:
    """True-peak ceiling for the PCM, so that the MP3 keeps the promise after the encoder's rise."""
    rise = ASSUMED_PEAK_SHIFT_DB if shift is None else max(shift.true_peak_db, 0.0)
    return PROMISED_TRUE_PEAK_DBTP - PEAK_MARGIN_DB - rise


@dataclass(frozen=True, slots=True)
class _Settings:
    bitrate_kbps: int
    target_lufs: float
    shift: EncoderShift | None
    encoder: str

    def key(self, pcm: bytes) -> str:
        digest = hashlib.sha256(pcm)
        digest.update(f"|mastering {MASTERING_FORMAT}|{self.target_lufs}|{self.shift}|{self.encoder}".encode())
        return digest.hexdigest()


def _encode_piece(pcm: bytes, plan: GainPlan, settings: _Settings, scratch: Path) -> tuple[bytes, Loudness]:
    """The piece encoded with `plan`, and the loudness of what went into the encoder (measured
    in the same pass; the true peak only while the encoder's shift is being learned)."""
    # The meter ends in anullsink inside the graph rather than in a second (null) output: ffmpeg 7+
    # runs each output's encoder and muxer in threads of their own, and handing them every frame
    # cost about 0.2 s of system CPU per 6 minutes of audio.  The MP3 is byte-identical.
    graph = f"[0:a]{plan.chain()},asplit=2[enc][m];[m]{meter('out', settings.shift is None)},anullsink"
    # A file, not a pipe: ffmpeg writes the Info frame (delay, padding) only to seekable output.
    try:
        log = run_ffmpeg(
            [
                *_PCM_IN,
                "-filter_complex", graph, "-map", "[enc]",
                "-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS),
                "-c:a", "libmp3lame", "-b:a", f"{settings.bitrate_kbps}k",
                # Tags are written afterwards by mutagen; bitexact keeps the output reproducible.
                "-id3v2_version", "0", "-write_id3v1", "0", "-map_metadata", "-1",
                "-fflags", "+bitexact", "-flags:a", "+bitexact",
                "-f", "mp3", str(scratch),
            ],
            "encoding",
            stdin=pcm,
        )
        return scratch.read_bytes(), parse_ebur128(log, "out")
    finally:
        scratch.unlink(missing_ok=True)


def plan_gain(pcm: bytes, target_lufs: float, peak_ceiling_dbtp: float) -> GainPlan:
    """One gain to `target_lufs`, through a peak limiter at the ceiling (transparent where no peak
    reaches it).  Limiting takes a little loudness away with the peaks, so one ffmpeg pass
    measures the piece through the chain at a first guess of the gain (`estimate_lufs`), and the
    gain is corrected by what it missed."""
    limiter = peak_ceiling_dbtp - INTERSAMPLE_ALLOWANCE_DB
    estimate = estimate_lufs(pcm)
    if not math.isfinite(estimate):
        return GainPlan(0.0, None)
    guess = target_lufs - estimate
    tried = measure(pcm, GainPlan(guess, limiter).chain(), true_peak=False)
    if tried.integrated_lufs < SILENCE_LUFS:
        return GainPlan(0.0, None)
    return GainPlan(guess + target_lufs - tried.integrated_lufs, limiter)


def _read(pcm_path: Path, start: int, end: int) -> bytes:
    with open(pcm_path, "rb") as f:
        f.seek(start * BYTES_PER_SAMPLE)
        return f.read((end - start) * BYTES_PER_SAMPLE)


@dataclass(slots=True)
class _Tally:
    encoded: int = 0
    loud: int = 0  # encoded pieces that were not silence
    highest_expected_peak: float = -math.inf
    peak_corrections: int = 0  # pieces encoded again because their decoded peak was over the promise


class PieceEncoder:
    """Masters and encodes the pieces of one programme on all cores, each as soon as it is
    written (`cut`), reusing pieces from the store; `finish` splices them into the MP3.

    Use it as a context manager: leaving early (a failed synthesis) cancels what is pending."""

    def __init__(
        self,
        pcm_path: Path,
        *,
        bitrate_kbps: int,
        target_lufs: float,
        calibration: Calibration | None = None,
        store: PieceStore | None = None,
        jobs: int | None = None,
    ) -> None:
        self.pcm_path = pcm_path
        self.calibration = calibration or NoCalibration()
        self.store = store
        self.key = encoder_key(ffmpeg_exe(), f"libmp3lame cbr {bitrate_kbps}k {SAMPLE_RATE} Hz {CHANNELS} ch")
        self.settings = _Settings(bitrate_kbps, target_lufs, self.calibration.get(self.key), self.key)
        self.pool = ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2)
        self.bounds: list[tuple[int, int]] = []
        self.futures: list[Future[EncodedPiece]] = []
        self.tally = _Tally()
        self.lock = threading.Lock()

    def __enter__(self) -> PieceEncoder:
        return self

    def __exit__(self, *exc: object) -> None:
        if signals.received() is not None:
            stop_running()  # interrupted: the pieces being encoded will not be used
        self.pool.shutdown(wait=True, cancel_futures=True)

    def cut(self, position: int) -> None:
        """The programme is written up to `position`: encode the piece that ends there."""
        start = self.bounds[-1][1] if self.bounds else 0
        self.bounds.append((start, position))
        self.futures.append(self.pool.submit(self._piece, len(self.bounds) - 1, start, position, self.settings))

    def _scratch(self, index: int) -> Path:
        # Named like every partial of the output folder, so a killed render's leftovers are swept.
        return self.pcm_path.with_name(f".piece-{index}.mp3.partial-{os.getpid()}")

    def _piece(self, index: int, start: int, end: int, settings: _Settings) -> EncodedPiece:
        signals.check()  # queued before an interruption: not started
        pcm = _read(self.pcm_path, start, end)
        key = settings.key(pcm)
        stored = self.store.get(key) if self.store else None
        if stored is not None and self.store:
            try:
                return EncodedPiece.parse(stored)
            except AudioError:
                self.store.discard(key)  # damaged: encode it again
        shift = settings.shift
        target = settings.target_lufs - (shift.loudness_lu if shift else 0.0)
        plan = plan_gain(pcm, target, _peak_ceiling(shift))
        data, result = _encode_piece(pcm, plan, settings, self._scratch(index))
        if plan.limiter_dbfs is not None and abs(target - result.integrated_lufs) >= LIMITED_TOLERANCE_LU:
            plan = dataclasses.replace(plan, gain_db=plan.gain_db + target - result.integrated_lufs)
            data, result = _encode_piece(pcm, plan, settings, self._scratch(index))
        if shift is not None and plan.limiter_dbfs is not None:
            data = self._keep_peak_promise(pcm, plan, settings, data, index)
        piece = EncodedPiece.parse(data)
        if self.store:
            self.store.put(key, data)
        with self.lock:
            self.tally.encoded += 1
            if result.integrated_lufs >= SILENCE_LUFS:
                self.tally.loud += 1
                if not math.isnan(result.true_peak_dbtp):
                    self.tally.highest_expected_peak = max(self.tally.highest_expected_peak, result.true_peak_dbtp)
        return piece

    def _keep_peak_promise(self, pcm: bytes, plan: GainPlan, settings: _Settings, data: bytes, index: int) -> bytes:
        """The piece, encoded again with a lower limiter while its decoded true peak is over the
        promise (the known shift was learned on other material).  Deterministic: the same piece
        and shift always give the same bytes."""
        for _ in range(MAX_PEAK_CORRECTIONS):
            excess = true_peak_excess(data, PROMISED_TRUE_PEAK_DBTP)
            if not excess > 0 or plan.limiter_dbfs is None:
                break
            # Rounded up to a tenth, plus a tenth: a near miss still lowers the ceiling enough.
            lower = math.ceil(excess * 10 - 1e-9) / 10 + 0.1
            plan = dataclasses.replace(plan, limiter_dbfs=plan.limiter_dbfs - lower)
            data, _ = _encode_piece(pcm, plan, settings, self._scratch(index))
            with self.lock:
                self.tally.peak_corrections += 1
        return data

    def _splice(self, mp3_path: Path) -> None:
        pieces = [future.result() for future in self.futures]
        with open(mp3_path, "wb") as out:
            splice([(piece, end - start) for piece, (start, end) in zip(pieces, self.bounds)], out,
                   samples_per_frame(SAMPLE_RATE))
        if self.tally.encoded == len(self.bounds) and not self.tally.loud:
            raise AudioError("the program is silent: nothing to normalise")

    def finish(self, program: Program, mp3_path: Path) -> EncodeReport:
        """Encode the last piece, splice, and (on this machine's very first render) learn the
        encoder's shift and encode every piece again with it."""
        if program.total_samples == 0:
            raise AudioError("the program is empty: nothing was synthesized")
        self.cut(program.total_samples)
        self._splice(mp3_path)
        if self.settings.shift is not None:
            predicted = Loudness(self.settings.target_lufs, PROMISED_TRUE_PEAK_DBTP - PEAK_MARGIN_DB)
            return EncodeReport(predicted, len(self.bounds), self.tally.encoded, measured=False,
                                peak_corrections=self.tally.peak_corrections)
        result = measure_mp3(mp3_path)
        tally = self.tally
        expected_peak = tally.highest_expected_peak if tally.loud else _peak_ceiling(None)
        shift = _learned_shift(self.settings.target_lufs, expected_peak, result)
        self.calibration.put(self.key, shift)
        # Encode again with the shift applied, exactly as every later render will: the MP3 then
        # depends only on the programme and the (rounded) shift, not on whether this was the first run.
        self.settings = dataclasses.replace(self.settings, shift=shift)
        bounds, self.bounds, self.futures = self.bounds, [], []
        for _, end in bounds:
            self.cut(end)
        self._splice(mp3_path)
        return EncodeReport(measure_mp3(mp3_path), len(self.bounds), self.tally.encoded, measured=True,
                            peak_corrections=self.tally.peak_corrections)


def _learned_shift(target_lufs: float, expected_peak: float, result: Loudness) -> EncoderShift:
    """Rounded to a tenth, so that renders of other articles learn the same figures; the peak rise
    rounded up, to stay on the safe side."""
    return EncoderShift(
        round(result.integrated_lufs - target_lufs, 1),
        math.ceil((result.true_peak_dbtp - expected_peak) * 10 - 1e-9) / 10,
    )


def encode(
    program: Program,
    mp3_path: Path,
    *,
    bitrate_kbps: int,
    target_lufs: float,
    calibration: Calibration | None = None,
    store: PieceStore | None = None,
    jobs: int | None = None,
) -> EncodeReport:
    """Encode an assembled `program` (cut where `program.cuts` says) to `mp3_path`, every piece at
    `target_lufs` with true peaks at or under -1 dBTP."""
    with PieceEncoder(program.pcm_path, bitrate_kbps=bitrate_kbps, target_lufs=target_lufs,
                      calibration=calibration, store=store, jobs=jobs) as encoder:
        for cut in program.cuts:
            encoder.cut(cut)
        return encoder.finish(program, mp3_path)
