"""Bring an engine's clip to the program format and trim the engine's own silence.

Engines pad clips with silence of their own; if it stayed, the pauses we promise would not be the
pauses listeners hear.  A few milliseconds are kept so soft word onsets are not clipped.
"""

from __future__ import annotations

import re
import subprocess

import numpy as np
import soxr
from pydub import AudioSegment
from pydub.silence import detect_leading_silence

from ..engines import Speech
from ..errors import AudioError
from ..model import Clip, WordTime
from ..signals import signal_death
from .ffmpeg import ffmpeg_exe
from .format import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH

SILENCE_THRESHOLD_DBFS = -50.0
GUARD_MS = 10


def _speech_span(segment: AudioSegment) -> tuple[int, int] | None:
    """(start, end) in ms of what is kept: the speech and a small guard; None if all silence."""
    lead = detect_leading_silence(segment, SILENCE_THRESHOLD_DBFS, chunk_size=1)
    tail = detect_leading_silence(segment.reverse(), SILENCE_THRESHOLD_DBFS, chunk_size=1)
    if lead + tail >= len(segment):
        return None
    return max(0, lead - GUARD_MS), min(len(segment), len(segment) - tail + GUARD_MS)


def trim_silence(segment: AudioSegment) -> AudioSegment:
    span = _speech_span(segment)
    return segment[:0] if span is None else segment[span[0]:span[1]]


def resample(segment: AudioSegment, rate: int) -> AudioSegment:
    """Band-limited resampling with soxr.  pydub's own (audioop.ratecv) interpolates linearly and
    leaves images of the voice above its old Nyquist frequency: audible hiss, and loudness that the
    MP3 encoder's low-pass then takes away (0.5 LU on espeak's 22.05 kHz voice)."""
    if segment.frame_rate == rate:
        return segment
    samples = np.frombuffer(segment.raw_data, dtype=np.int16)
    converted = soxr.resample(samples, segment.frame_rate, rate, quality="HQ")
    return segment._spawn(converted.astype(np.int16).tobytes(), overrides={"frame_rate": rate})


def conform(segment: AudioSegment | Speech) -> bytes:
    """Raw PCM in the program format, engine padding removed."""
    return conform_clip(segment).pcm


def conform_clip(result: AudioSegment | Speech) -> Clip:
    """An engine's answer in the program format, engine padding removed, its word times (if any)
    moved along: rescaled to the programme rate and counted from the first sample kept."""
    speech = result if isinstance(result, Speech) else Speech(result)
    own_rate = speech.audio.frame_rate
    segment = speech.audio.set_channels(CHANNELS).set_sample_width(SAMPLE_WIDTH)
    segment = resample(segment, SAMPLE_RATE)
    span = _speech_span(segment)
    if span is None:
        return Clip(b"")
    kept = segment[span[0]:span[1]]
    first = int(segment[:span[0]].frame_count())
    length = int(kept.frame_count())
    words = tuple(
        WordTime(w.offset, min(length, max(0, w.sample * SAMPLE_RATE // own_rate - first)))
        for w in speech.words
    )
    return Clip(bytes(kept.raw_data), words)


_DECODED_RATE = re.compile(r"Audio: [^,]+, (\d+) Hz")


def decode(data: bytes, container: str = "mp3") -> AudioSegment:
    """Compressed audio (an online engine's MP3) to 16-bit mono PCM at its own sample rate.

    MP3 is decoded in process by libsndfile (soundfile's wheel; mpg123 inside, gapless like
    ffmpeg, the same samples to one LSB): an ffmpeg process per clip cost an online render
    more CPU than anything else while its requests were in flight.  Anything libsndfile refuses
    goes to ffmpeg, which has the last word."""
    if container == "mp3":
        segment = _decode_in_process(data)
        if segment is not None:
            return segment
    return _decode_with_ffmpeg(data, container)


def _decode_in_process(data: bytes) -> AudioSegment | None:
    import io

    import soundfile

    try:
        samples, rate = soundfile.read(io.BytesIO(data), dtype="int16", always_2d=True)
    except (RuntimeError, TypeError, ValueError):  # LibsndfileError is a RuntimeError
        return None
    if not len(samples):
        return None
    mono = samples.mean(axis=1).astype(np.int16) if samples.shape[1] > 1 else samples[:, 0]
    return AudioSegment(data=mono.tobytes(), sample_width=2, frame_rate=int(rate), channels=1)


def _decode_with_ffmpeg(data: bytes, container: str) -> AudioSegment:
    """The same through one ffmpeg and pipes.

    One ffmpeg through pipes, no temporary files; the rate is read from ffmpeg's own description
    of the stream, so conform() can resample it with soxr rather than ffmpeg's default resampler.
    ffmpeg honours the LAME/Xing header, so the encoder's priming samples are not returned."""
    cmd = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-f", container, "-i", "pipe:0",
        "-map", "0:a:0", "-ac", "1", "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1",
    ]
    try:
        done = subprocess.run(cmd, input=data, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg to decode a clip: {exc.strerror}") from None
    log = done.stderr.decode("utf-8", "replace")
    interrupted = signal_death(done.returncode, log)
    if interrupted:
        raise interrupted
    rate = _DECODED_RATE.search(log)
    if done.returncode != 0 or rate is None or not done.stdout:
        last = (log.strip().splitlines() or ["no audio"])[-1]
        raise AudioError(f"cannot decode {container} clip: {last}")
    return AudioSegment(data=done.stdout, sample_width=2, frame_rate=int(rate.group(1)), channels=1)
