"""The one PCM format every clip is converted to at the engine boundary."""

SAMPLE_RATE = 44100
SAMPLE_WIDTH = 2  # bytes: signed 16-bit little-endian
CHANNELS = 1
BYTES_PER_SAMPLE = SAMPLE_WIDTH * CHANNELS


def ms_to_samples(ms: int) -> int:
    return ms * SAMPLE_RATE // 1000
