"""Is an encoded piece over the true-peak promise, as ffmpeg's ebur128 measures it?

The promise is that the finished MP3 measures at or under -1 dBTP with ffmpeg's `ebur128=peak=true`
(what the tests, and anyone checking an episode, run).  Asking ffmpeg for every piece cost a
process that decodes the piece and resamples it to 192 kHz: about 0.1 s of CPU for half a minute
of audio, a fifth of a cold render's encoding work.  So the piece is first decoded and oversampled
in process (libsndfile's mpg123 and soxr, as audio/clip.py does for online voices: about 0.03 s),
and ffmpeg is asked only when that estimate comes within `ESTIMATE_GUARD_DB` of the ceiling.  A
piece clearly under the ceiling is under it for ffmpeg too; a piece near or over it gets ffmpeg's
own figure, so the decision (and so the bytes written) is the one the ffmpeg check alone made.

Why the guard is safe: both measure the same decoded samples (two float decoders of one
bitstream) on a similar grid (8x here; ffmpeg resamples to 48 kHz, then 4x to 192 kHz).  On the 85
pieces of a shared clip store, each also boosted by 0.8, 1.5 and 3 dB (340 pieces, true peaks from
-11.8 to +2.1 dBTP), the estimate was within 0.03 dB of ffmpeg's unrounded figure either way.  It
reads higher (the safe side: ffmpeg is then asked) for strong tones near the top of the band,
which ffmpeg's 48 kHz step attenuates; tests/test_truepeak.py keeps both directions measured.
"""

from __future__ import annotations

import io
import math

import numpy as np

from .ebur128 import meter, parse_ebur128
from .ffmpeg import run_ffmpeg

# How far the in-process estimate may sit under the ceiling before ffmpeg is asked.
ESTIMATE_GUARD_DB = 0.2
# Oversampling of the in-process estimate (ITU-R BS.1770 asks for at least 4x).
OVERSAMPLING = 8
# Input samples resampled at a time.
_CHUNK = 8192


def measured_true_peak(mp3: bytes) -> float:
    """The true peak of an encoded piece as ffmpeg's ebur128 measures it, decoded as a player
    decodes it: the figure the promise is about."""
    log = run_ffmpeg(["-f", "mp3", "-i", "pipe:0", "-af", meter("piece"), "-f", "null", "-"], "peak check", stdin=mp3)
    return parse_ebur128(log, "piece").true_peak_dbtp


def estimated_true_peak(mp3: bytes) -> float | None:
    """The true peak in dBTP, in process: decoded by libsndfile, oversampled by soxr.  None when
    this libsndfile cannot decode MP3 (a system one older than 1.1): then ffmpeg measures."""
    import soundfile
    import soxr

    try:
        samples, rate = soundfile.read(io.BytesIO(mp3), dtype="float32", always_2d=True)
    except (RuntimeError, TypeError, ValueError):  # LibsndfileError is a RuntimeError
        return None
    if samples.size == 0:
        return -math.inf
    # soxr's band-limited interpolation, as a stream: the 8x signal is never held whole (a piece of
    # a minute would be 40 MB in each pool thread), and the cache-sized chunks are faster too.
    # Float input keeps a peak over full scale, as ffmpeg's float decoder does.
    stream = soxr.ResampleStream(rate, rate * OVERSAMPLING, samples.shape[1], dtype="float32", quality="HQ")
    peak = max(float(samples.max()), -float(samples.min()))
    for start in range(0, len(samples), _CHUNK):
        upsampled = stream.resample_chunk(samples[start:start + _CHUNK], last=start + _CHUNK >= len(samples))
        if upsampled.size:
            peak = max(peak, float(upsampled.max()), -float(upsampled.min()))
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def true_peak_excess(mp3: bytes, ceiling_dbtp: float) -> float:
    """How far the piece's true peak (as ffmpeg measures it) is over `ceiling_dbtp`; zero or
    less when it is not over.  ffmpeg is run only when the in-process estimate is not clearly
    under the ceiling."""
    estimate = estimated_true_peak(mp3)
    if estimate is not None and estimate <= ceiling_dbtp - ESTIMATE_GUARD_DB:
        return estimate - ceiling_dbtp
    return measured_true_peak(mp3) - ceiling_dbtp
