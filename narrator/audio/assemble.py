"""Join clips and exact silences into one PCM stream on disk, counting samples as it goes.

The program is written clip by clip to a file, so memory stays flat however long the article is,
and every chapter mark and cue is an exact sample count of what was written, never a re-measurement.
A chapter starts where its first clip starts; the pause before it belongs to the previous chapter.

Where a `PieceCutter` takes a cut inside a pause (see `pieces`), the file is flushed and `on_cut`
hears of it, so the encoder can start on the finished piece while synthesis goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from ..model import ChapterMark, Clip, Cue, Program, Role, Script, WordTime
from .format import BYTES_PER_SAMPLE, SAMPLE_RATE, ms_to_samples
from .pieces import PieceCutter

_SILENCE_CHUNK = bytes(BYTES_PER_SAMPLE * SAMPLE_RATE)  # one second of digital silence


def _write_silence(out: BinaryIO, samples: int) -> None:
    remaining = samples * BYTES_PER_SAMPLE
    while remaining > 0:
        step = min(remaining, len(_SILENCE_CHUNK))
        out.write(_SILENCE_CHUNK[:step])
        remaining -= step


def assemble(
    script: Script,
    clips: Iterable[Clip | bytes],
    pcm_path: Path,
    cutter: PieceCutter | None = None,
    on_cut: Callable[[int], None] = lambda position: None,
) -> Program:
    """Write `clips` (one per utterance, in order, program format) with their pauses.  An engine's
    word times move onto the programme clock here, with the clip they belong to."""
    cutter = cutter or PieceCutter(SAMPLE_RATE)
    cues: list[Cue] = []
    chapter_starts: dict[int, int] = {}
    position = 0
    utterances = script.utterances
    with open(pcm_path, "wb") as out:
        for index, item in enumerate(clips):
            clip = item if isinstance(item, Clip) else Clip(item)
            utterance = utterances[index]
            samples = len(clip.pcm) // BYTES_PER_SAMPLE
            chapter_starts.setdefault(utterance.chapter, position)
            out.write(clip.pcm)
            words = tuple(WordTime(w.offset, position + w.sample) for w in clip.words)
            cues.append(Cue(utterance.text, position, position + samples, words, utterance.spoken))
            position += samples
            pause = ms_to_samples(utterance.pause_after_ms)
            following = utterances[index + 1] if index + 1 < len(utterances) else None
            forced = following is not None and (
                following.chapter != utterance.chapter or Role.JINGLE in (utterance.role, following.role)
            )
            split = cutter.split_pause(position, pause, forced) if pause and following else None
            if split is None:
                _write_silence(out, pause)
                position += pause
                continue
            before, after = split
            _write_silence(out, before)
            position += before
            out.flush()
            on_cut(position)
            _write_silence(out, after)
            position += after
    # The first chapter starts at the top of the file, whatever the first clip holds.
    chapter_starts[0] = 0
    order = sorted(chapter_starts)
    marks = tuple(
        ChapterMark(
            script.chapter_titles[index],
            chapter_starts[index],
            chapter_starts[order[i + 1]] if i + 1 < len(order) else position,
            SAMPLE_RATE,
        )
        for i, index in enumerate(order)
    )
    return Program(pcm_path, position, SAMPLE_RATE, marks, tuple(cues), tuple(cutter.cuts))
