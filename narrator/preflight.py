"""Checks that run before any audio work, so a render that cannot finish fails in a second, not
after hours of synthesis, and never half-way through a batch.

- two articles of one batch that would write the same output files (`a/article.md b/article.md`);
- an output file name longer than the file system allows;
- an article longer than `--max-hours` of audio (default 10), estimated from its text; a hopeless
  one is refused from its raw text before it is parsed (`check_raw_length`);
- too little free space for the scratch programme, the MP3 and the cache.

The estimate comes from the written text: the offline voice says about 9 characters a second of
Arabic news (the seed: 3,118 characters in 334 s of speech); figures spelled out and pauses add a
little, other voices are a little faster.  It is a bound for refusing absurd input, not a promise.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio.format import BYTES_PER_SAMPLE, SAMPLE_RATE
from .errors import InputError, PublishError
from .model import Article, Pauses

CHARS_PER_SECOND = 9.0
DEFAULT_MAX_HOURS = 10.0
# The longest name written into the output folder for a stem (see publish/output.py).
_LONGEST_SUFFIX = ".chapters.json.partial-9999999"
# Room left on top of the estimate: the estimate is rough, and a full disk mid-render costs more.
_MARGIN = 1.2


@dataclass(frozen=True, slots=True)
class Estimate:
    audio_ms: int
    out_bytes: int  # the scratch programme (PCM) and the MP3 beside it
    cache_bytes: int  # new clips and encoded pieces

    @property
    def hours(self) -> float:
        return self.audio_ms / 3_600_000


def _texts(article: Article) -> list[str]:
    return [article.headline, article.byline, *(c.title for c in article.chapters[1:]),
            *(p for c in article.chapters for p in c.paragraphs)]


def estimate(article: Article, pauses: Pauses = Pauses(), bitrate_kbps: int = 64, use_cache: bool = True) -> Estimate:
    texts = _texts(article)
    speech_ms = sum(len(t) for t in texts) * 1000 / CHARS_PER_SECOND
    audio_ms = round(speech_ms + len(texts) * max(pauses.paragraph_ms, pauses.sentence_ms))
    pcm = audio_ms * SAMPLE_RATE // 1000 * BYTES_PER_SAMPLE
    mp3 = audio_ms * bitrate_kbps // 8
    return Estimate(audio_ms, pcm + mp3, pcm + mp3 if use_cache else 0)


def check_length(estimate: Estimate, source: str, max_hours: float) -> None:
    if estimate.hours > max_hours:
        raise InputError(
            f"{source}: about {estimate.hours:.1f} hours of audio, more than the limit of {max_hours:g} "
            f"(split the article, or raise --max-hours)"
        )


# The raw-text check refuses only past this many times the limit: it counts letters that parsing may
# still drop (boilerplate lines), and it must never refuse what the exact check would accept.
EARLY_MARGIN = 2.0


def arabic_letters(text: str) -> int:
    """How many Arabic letters `text` holds (hamza to yeh, and the extended letters): the words of
    an article, never its markup or link targets.  Counted in numpy: a 20 MB file in 0.1 s."""
    codes = np.frombuffer(text.encode("utf-32-le", errors="replace"), dtype="<u4")
    return int((((codes >= 0x0621) & (codes <= 0x064A)) | ((codes >= 0x0671) & (codes <= 0x06D3))).sum())


def check_raw_length(text: str, source: str, max_hours: float) -> None:
    """Refuse, before parsing (seconds a megabyte: the seed repeated to 20 MB took 30 s), a text
    whose Arabic letters alone would take more than EARLY_MARGIN times the limit to say.  Letters
    are about four fifths of an article's characters, and the estimate counts them all, so such a
    text is refused by the exact check too unless parsing drops over half of its words.  Not for
    web pages: their menus and related-article lists are Arabic letters that are never read (they
    are bounded in size instead, text/parse.py)."""
    hours = arabic_letters(text) / CHARS_PER_SECOND / 3600
    if hours > max_hours * EARLY_MARGIN:
        raise InputError(
            f"{source}: {hours:.0f} hours of audio or more (from its letters alone), more than the limit of "
            f"{max_hours:g} (split the article, or raise --max-hours)"
        )


def _existing(folder: Path) -> Path:
    """The folder, or its nearest parent that exists (the folder is created later)."""
    folder = folder.absolute()
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _size(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e8 else f"{max(1, round(n / 1e6))} MB"


def check_space(estimates: Sequence[Estimate], out_dir: Path, cache_dir: Path | None) -> None:
    """Free space for everything the renders will write, per file system."""
    needs: dict[int, tuple[Path, int]] = {}
    wanted = [(out_dir, sum(e.out_bytes for e in estimates))]
    if cache_dir is not None:
        wanted.append((cache_dir, sum(e.cache_bytes for e in estimates)))
    for folder, size in wanted:
        place = _existing(folder)
        try:
            device = place.stat().st_dev
        except OSError:
            continue
        first, total = needs.get(device, (folder, 0))
        needs[device] = (first, total + size)
    for folder, size in needs.values():
        try:
            free = shutil.disk_usage(_existing(folder)).free
        except OSError:
            continue
        if size * _MARGIN > free:
            raise PublishError(f"not enough disk space in {folder}: needs about {_size(size * _MARGIN)}, "
                               f"{_size(free)} free")


def check_name_length(stem: str, out_dir: Path) -> None:
    try:
        name_max = os.pathconf(_existing(out_dir), "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    longest = len(os.fsencode(f".{stem}{_LONGEST_SUFFIX}"))
    if longest > name_max:
        raise InputError(
            f"file name too long: {stem!r} has {len(os.fsencode(stem))} bytes; output names need it at most "
            f"{name_max - longest + len(os.fsencode(stem))} bytes on this file system; rename the article"
        )


def _same_name(stem: str) -> str:
    # A case-insensitive or normalizing file system (macOS, Windows, most web hosts' sync tools)
    # would make these one file too.
    return unicodedata.normalize("NFC", stem).casefold()


def check_distinct_stems(sources: Sequence[str], stems: Sequence[str]) -> None:
    """Refuse a batch in which two inputs would write the same output files."""
    seen: dict[str, str] = {}
    for source, stem in zip(sources, stems):
        key = _same_name(stem)
        if key in seen:
            other = seen[key]
            if other == source:
                raise InputError(f"{source} is given twice")
            raise InputError(f"{other} and {source} would both write {stem}.mp3 (nothing was rendered); "
                             f"rename one, or render them into different folders")
        seen[key] = source
