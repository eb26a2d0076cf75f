"""Splicing independently encoded MP3 pieces: the header matches ffmpeg's byte for byte, and the
spliced stream decodes to exactly the programme's samples, aligned, with silence at every cut."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3

from narrator.audio.encode import GainPlan, _encode_piece, _Settings
from narrator.audio.ffmpeg import ffmpeg_exe
from narrator.audio.format import SAMPLE_RATE
from narrator.audio.mp3frames import EncodedPiece, crc16, info_frame, samples_per_frame, splice
from narrator.audio.pieces import CUT_MARGIN_SAMPLES, PieceCutter, piece_bounds

RATE = SAMPLE_RATE
SAMPLES_PER_FRAME = samples_per_frame(RATE)
UNITY = GainPlan(0.0, None)


def _programme(seconds_of_speech: list[float], pause_s: float = 1.0) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Tone bursts (speech stand-ins, varying pitch) separated by digital silence."""
    parts, pauses, position = [], [], 0
    for i, seconds in enumerate(seconds_of_speech):
        t = np.arange(int(seconds * RATE)) / RATE
        burst = (0.3 * np.sin(2 * np.pi * (220 + 40 * i) * t) * 32767).astype(np.int16)
        parts.append(burst)
        position += len(burst)
        gap = np.zeros(int(pause_s * RATE), dtype=np.int16)
        if i < len(seconds_of_speech) - 1:
            pauses.append((position, len(gap)))
            parts.append(gap)
            position += len(gap)
    return np.concatenate(parts), pauses


def _encode(pcm: np.ndarray, tmp: Path, name: str) -> bytes:
    data, _ = _encode_piece(pcm.tobytes(), UNITY, _Settings(64, -16.0, None, "test"), tmp / name)
    return data


def _decode(data: bytes, tmp: Path) -> np.ndarray:
    path = tmp / "decode.mp3"
    path.write_bytes(data)
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True)
    return np.frombuffer(out.stdout, dtype=np.int16).astype(float)


def test_crc16_is_crc16_arc():
    assert crc16(b"123456789") == 0xBB3D  # the catalogue's check value for CRC-16/ARC
    data = os.urandom(10_007)
    slow = 0
    for byte in data:
        for _ in range(1):
            slow ^= byte
            for _ in range(8):
                slow = (slow >> 1) ^ 0xA001 if slow & 1 else slow >> 1
    assert crc16(data) == slow


@pytest.mark.parametrize("seconds", [[0.5], [3.0, 2.0], [20.0]])
def test_the_info_frame_is_rebuilt_exactly_as_ffmpeg_writes_it(tmp_path: Path, seconds):
    pcm, _ = _programme(seconds)
    piece = EncodedPiece.parse(_encode(pcm, tmp_path, "a.mp3"))
    sizes = piece.frame_sizes(piece.frame_count)
    music_crc = crc16(piece.audio(piece.frame_count))
    assert info_frame(piece.info, sizes, music_crc, piece.delay, piece.padding) == piece.info


def test_a_spliced_stream_decodes_to_the_programme_sample_for_sample(tmp_path: Path):
    pcm, pauses = _programme([7.0, 5.0, 9.0, 6.0])
    cutter = PieceCutter(RATE, min_seconds=4.0)
    cuts = []
    for start, length in pauses:  # the pauses of this programme happen to need no rounding
        before, _ = cutter.split_pause(start, length) or (None, None)
        cuts.append(start + before)
    bounds = piece_bounds(cuts, len(pcm))
    assert len(bounds) == 4
    assert all(start % SAMPLES_PER_FRAME == 0 for start, _ in bounds)
    pieces = [(EncodedPiece.parse(_encode(pcm[a:b], tmp_path, f"{a}.mp3")), b - a) for a, b in bounds]
    buffer = io.BytesIO()
    splice(pieces, buffer, SAMPLES_PER_FRAME)
    spliced = buffer.getvalue()
    decoded = _decode(spliced, tmp_path)
    assert len(decoded) == len(pcm)
    reference = pcm.astype(float)
    lag0 = np.dot(reference, decoded) / np.sqrt(np.dot(reference, reference) * np.dot(decoded, decoded))
    lag1 = np.dot(reference[:-1], decoded[1:]) / np.sqrt(np.dot(reference[:-1], reference[:-1]) * np.dot(decoded[1:], decoded[1:]))
    assert lag0 > 0.99 and lag0 > lag1
    for cut, _ in bounds[1:]:
        assert np.abs(decoded[cut - CUT_MARGIN_SAMPLES // 2:cut + CUT_MARGIN_SAMPLES // 2]).max() < 30  # no click
    # Players see the same length as for the programme encoded in one go.
    (tmp_path / "whole.mp3").write_bytes(_encode(pcm, tmp_path, "w.mp3"))
    (tmp_path / "spliced.mp3").write_bytes(spliced)
    assert MP3(tmp_path / "spliced.mp3").info.length == MP3(tmp_path / "whole.mp3").info.length
    assert abs(MP3(tmp_path / "spliced.mp3").info.length - len(pcm) / RATE) < 0.1  # delay and padding


def test_a_cut_lands_on_the_frame_grid_and_keeps_the_silence_after_it_exact():
    cutter = PieceCutter(RATE, min_seconds=0.0)
    for position, length in ((10_000, 30_000), (123_457, 13_230), (500_001, 6_615)):
        before, after = cutter.split_pause(position, length)
        assert (position + before) % SAMPLES_PER_FRAME == 0
        assert after == length - length // 2  # what follows a cut never depends on where it falls
        assert abs(before - length // 2) <= SAMPLES_PER_FRAME // 2  # at most 13 ms longer or shorter
        assert before >= CUT_MARGIN_SAMPLES and after >= CUT_MARGIN_SAMPLES
    assert cutter.split_pause(900_000, 4_000) is None  # too short to keep silence on both sides
    assert SAMPLES_PER_FRAME // 2 / RATE <= 0.0131


def test_pieces_are_long_enough_unless_a_chapter_or_jingle_forces_a_cut():
    cutter = PieceCutter(RATE, min_seconds=25.0)
    taken = [cutter.split_pause(i * RATE * 10, RATE // 2) is not None for i in range(1, 12)]  # a pause every 10 s
    assert taken == [False, False, True, False, False, True, False, False, True, False, False]
    assert cutter.split_pause(115 * RATE, RATE // 2, forced=True) is not None  # only 5 s after the last cut
    assert piece_bounds([], 60 * RATE) == [(0, 60 * RATE)]
    assert piece_bounds([100, 200], 300) == [(0, 100), (100, 200), (200, 300)]
