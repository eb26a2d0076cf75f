"""MP3 at the level of frames: find them, splice independently encoded pieces, write the header.

An episode is encoded in pieces (see `master`), each cut at a point that is a whole number of
MP3 frames (1152 samples, or 576 at MPEG-2's half rates) from the start of the program and lies in the middle of a pause.  LAME
encodes every piece as if it were the whole programme seen from that point: its frames fall on the
same grid, so keeping a piece's first `length / 1152` frames and following them with the next
piece's frames gives one seamless stream, sample-exact (the decoder's overlap at a cut falls in
digital silence, and a fresh encoder's first frame needs no bit reservoir from before it).

What a player needs from the whole is one Xing/LAME "Info" frame at the front: frame count, byte
count, seek table, encoder delay and end padding.  `info_frame` rebuilds it exactly as ffmpeg's
MP3 muxer does (a test checks it against ffmpeg's own, byte for byte), so ffprobe, mutagen and
players see the right duration and trim the encoder delay.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from ..errors import AudioError

# Layer III bitrates (kbps) and sample rates by header index, for MPEG-1 and MPEG-2 (half rates).
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000)}
_XING_TOC_SIZE = 100
_XING_NUM_BAGS = 400
# Offsets inside the Info frame, from the "Info" tag (ffmpeg's mp3enc.c, LAME's VbrTag.c).
_FRAMES, _BYTES, _TOC = 8, 12, 16
_DELAY_PADDING = 141
_MUSIC_LENGTH, _MUSIC_CRC, _TAG_CRC = 148, 152, 154
_TAG_CRC_SPAN = 190


def _crc16_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _crc16_table()
_CRC_BLOCK = 64


def _crc_zero_bytes(crc: int, count: int) -> int:
    for _ in range(count):
        crc = (crc >> 8) ^ _CRC_TABLE[crc & 0xFF]
    return crc


# Appending a block of zero bytes is linear in the CRC: a table per byte of the 16-bit value.
_SHIFT_LOW = [_crc_zero_bytes(b, _CRC_BLOCK) for b in range(256)]
_SHIFT_HIGH = [_crc_zero_bytes(b << 8, _CRC_BLOCK) for b in range(256)]


def crc16(data: bytes | memoryview, crc: int = 0) -> int:
    """CRC-16/ARC (reflected 0x8005), the LAME tag's checksum (ffmpeg's AV_CRC_16_ANSI_LE).

    A byte-at-a-time loop takes a second over an episode, so the data is cut into 64-byte blocks
    whose CRCs numpy computes side by side; with a zero start value the CRC is linear, so the
    blocks combine as crc(A + B) = shift(crc(A), len(B)) ^ crc(B).  Megabyte by megabyte, so
    memory stays small however long the episode."""
    view = memoryview(data).cast("B")
    if len(view) < 4 * _CRC_BLOCK:
        for byte in view:
            crc = (crc >> 8) ^ _CRC_TABLE[(crc ^ byte) & 0xFF]
        return crc
    head = len(view) % _CRC_BLOCK
    if head:
        crc = crc16(view[:head], crc)
    table = np.array(_CRC_TABLE, dtype=np.uint16)
    chunk = _CRC_BLOCK * 16384
    for offset in range(head, len(view), chunk):
        blocks = np.frombuffer(view[offset:offset + chunk], dtype=np.uint8).reshape(-1, _CRC_BLOCK)
        block_crcs = np.zeros(len(blocks), dtype=np.uint16)
        for column in range(_CRC_BLOCK):
            block_crcs = (block_crcs >> 8) ^ table[(block_crcs ^ blocks[:, column]) & 0xFF]
        for block_crc in block_crcs.tolist():
            crc = _SHIFT_LOW[crc & 0xFF] ^ _SHIFT_HIGH[crc >> 8] ^ block_crc
    return crc


def samples_per_frame(sample_rate: int) -> int:
    """1152 for MPEG-1 rates (32-48 kHz), 576 for MPEG-2 rates (16-24 kHz)."""
    return 1152 if sample_rate >= 32000 else 576


def frame_length(header: int) -> int:
    version_bits = (header >> 19) & 3
    if header >> 21 != 0x7FF or version_bits not in (2, 3) or (header >> 17) & 3 != 1:
        raise AudioError("not an MPEG-1 or MPEG-2 Layer III frame")
    version = 1 if version_bits == 3 else 2
    bitrate_index, rate_index = (header >> 12) & 15, (header >> 10) & 3
    if bitrate_index in (0, 15) or rate_index == 3:
        raise AudioError("unsupported MP3 frame header")
    bitrate = _BITRATES[version][bitrate_index]
    slot_bytes = 144 if version == 1 else 72
    return slot_bytes * bitrate * 1000 // _SAMPLE_RATES[version][rate_index] + ((header >> 9) & 1)


def frame_ends(data: bytes) -> array[int]:
    """Where each frame of an MP3 stream without tags ends, in order."""
    ends, position = array("I"), 0
    while position + 4 <= len(data):
        position += frame_length(struct.unpack_from(">I", data, position)[0])
        ends.append(position)
    if position != len(data):
        raise AudioError("the MP3 stream ends inside a frame")
    return ends


def _xing_offset(frame: bytes) -> int:
    for tag in (b"Info", b"Xing"):
        at = frame.find(tag, 4, 40)
        if at >= 0:
            return at
    raise AudioError("the first MP3 frame is not an Info frame")


@dataclass(frozen=True, slots=True)
class EncodedPiece:
    """One piece as LAME wrote it: the bytes, where its frames end (the first is the Info frame),
    and the encoder delay and end padding its Info frame records."""

    data: bytes
    ends: array[int]
    delay: int
    padding: int

    @classmethod
    def parse(cls, data: bytes) -> EncodedPiece:
        ends = frame_ends(data)
        if len(ends) < 2:
            raise AudioError("the MP3 stream is empty")
        info = data[:ends[0]]
        at = _xing_offset(info)
        packed = int.from_bytes(info[at + _DELAY_PADDING:at + _DELAY_PADDING + 3], "big")
        return cls(data, ends, packed >> 12, packed & 0xFFF)

    @property
    def info(self) -> bytes:
        return self.data[:self.ends[0]]

    @property
    def frame_count(self) -> int:
        return len(self.ends) - 1

    def frame_sizes(self, count: int) -> list[int]:
        return [self.ends[i + 1] - self.ends[i] for i in range(count)]

    def audio(self, count: int) -> memoryview:
        """The first `count` audio frames, as one stretch of bytes."""
        return memoryview(self.data)[self.ends[0]:self.ends[count]]


def _seek_table(frame_sizes: Sequence[int], info_size: int) -> bytes:
    """The Xing seek table, by the same sampling of frame positions as LAME and ffmpeg."""
    size, want, seen, pos = info_size, 1, 0, 0
    bag = [0] * _XING_NUM_BAGS
    for length in frame_sizes:
        seen += 1
        size += length
        if want == seen:
            bag[pos] = size
            pos += 1
            if pos == _XING_NUM_BAGS:
                for i in range(1, _XING_NUM_BAGS, 2):
                    bag[i >> 1] = bag[i]
                want *= 2
                pos = _XING_NUM_BAGS // 2
            seen = 0
    toc = [0] + [min(256 * bag[i * pos // _XING_TOC_SIZE] // size, 255) for i in range(1, _XING_TOC_SIZE)]
    return bytes(toc)


def info_frame(template: bytes, frame_sizes: Sequence[int], music_crc: int, delay: int, padding: int) -> bytes:
    """The Info frame for audio frames of `frame_sizes` whose bytes have CRC `music_crc`, built on
    `template` (an Info frame LAME/ffmpeg wrote)."""
    at = _xing_offset(template)
    out = bytearray(template)
    total = len(template) + sum(frame_sizes)
    struct.pack_into(">II", out, at + _FRAMES, len(frame_sizes), total)
    out[at + _TOC:at + _TOC + _XING_TOC_SIZE] = _seek_table(frame_sizes, len(template))
    out[at + _DELAY_PADDING:at + _DELAY_PADDING + 3] = ((min(delay, 0xFFF) << 12) | min(padding, 0xFFF)).to_bytes(3, "big")
    struct.pack_into(">IHH", out, at + _MUSIC_LENGTH, total, music_crc, 0)
    # ffmpeg sums the first 190 bytes with the checksum field still zero, whatever the offset.
    struct.pack_into(">H", out, at + _TAG_CRC, crc16(bytes(out[:_TAG_CRC_SPAN])))
    return bytes(out)


def splice(pieces: Sequence[tuple[EncodedPiece, int]], out: BinaryIO, frame_samples: int) -> None:
    """Write one MP3 stream from pieces encoded from consecutive stretches of a programme, each
    given with the number of samples it covers.  Every piece but the last covers a whole number
    of frames (of `frame_samples` each), and keeps exactly that many; the last keeps all of its
    frames and its end padding."""
    if not pieces:
        raise AudioError("nothing to splice")
    kept: list[memoryview] = []
    sizes: list[int] = []
    for index, (piece, samples) in enumerate(pieces):
        if index == len(pieces) - 1:
            count = piece.frame_count
        elif samples % frame_samples:
            raise AudioError("a piece to splice does not end on an MP3 frame boundary")
        else:
            count = samples // frame_samples
            if piece.frame_count < count:
                raise AudioError("an encoded piece is shorter than the audio it covers")
        kept.append(piece.audio(count))
        sizes.extend(piece.frame_sizes(count))
    music_crc = 0
    for stretch in kept:
        music_crc = crc16(stretch, music_crc)
    first, last = pieces[0][0], pieces[-1][0]
    out.write(info_frame(first.info, sizes, music_crc, first.delay, last.padding))
    for stretch in kept:
        out.write(stretch)
