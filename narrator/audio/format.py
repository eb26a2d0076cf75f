"""The one PCM format every clip is converted to at the engine boundary."""

# 22.05 kHz: espeak-ng speaks at this rate and Google's voice at 24 kHz, so nothing is heard above
# 11-12 kHz; a 44.1 kHz episode would only double the encoder's work (and at 64 kbps LAME spends
# bits better on the band that is there).  MP3 at 22.05 kHz (MPEG-2 Layer III) plays everywhere.
SAMPLE_RATE = 22050
SAMPLE_WIDTH = 2  # bytes: signed 16-bit little-endian
CHANNELS = 1
BYTES_PER_SAMPLE = SAMPLE_WIDTH * CHANNELS


def ms_to_samples(ms: int) -> int:
    return ms * SAMPLE_RATE // 1000
