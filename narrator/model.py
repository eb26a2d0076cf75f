"""The data that flows one way through the pipeline.

article file --parse--> Article --speak--> Script --synthesize--> clips --assemble--> Program
--encode + tag--> Episode.  Every box is frozen; times are integer samples or milliseconds, never
floats of seconds summed in a loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from .clock import samples_to_ms


@dataclass(frozen=True, slots=True)
class Dropped:
    """Text found in the source that is never spoken, with the rule that removed it."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Chapter:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Metadata:
    """Episode facts that come from front matter or options, not from the body text."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    show: str | None = None
    cover: str | None = None
    language: str = "ar"


@dataclass(frozen=True, slots=True)
class Article:
    """An article as written: the first chapter is titled with the headline."""

    headline: str
    byline: str
    chapters: tuple[Chapter, ...]
    dropped: tuple[Dropped, ...] = ()
    meta: Metadata = field(default_factory=Metadata)

    def plan(self) -> dict[str, Any]:
        """The segmentation in the article's own words (the `narrate plan --json` schema)."""
        return {
            "headline": self.headline,
            "byline": self.byline,
            "chapters": [
                {"title": c.title, "paragraphs": list(c.paragraphs)} for c in self.chapters
            ],
            "dropped": [d.to_dict() for d in self.dropped],
        }


class Role(Enum):
    HEADLINE = "headline"
    BYLINE = "byline"
    HEADING = "heading"
    BODY = "body"
    JINGLE = "jingle"  # an intro/outro audio file: no text, never synthesized


@dataclass(frozen=True, slots=True)
class Pauses:
    """Silence inserted after utterances, in milliseconds."""

    headline_ms: int = 1000
    paragraph_ms: int = 600
    section_ms: int = 1500
    # Between sentences of one paragraph, and between clauses cut only to respect an engine's limit.
    sentence_ms: int = 350
    clause_ms: int = 150


@dataclass(frozen=True, slots=True)
class Utterance:
    """One engine request: `text` as written (for transcripts), `spoken` as the engine gets it."""

    text: str
    spoken: str
    chapter: int
    role: Role
    pause_after_ms: int
    # Which written block (headline, byline, heading or paragraph, in article order) it comes
    # from, so the transcript can be laid out as the article; -1 for the intro and outro lines.
    block: int = -1


@dataclass(frozen=True, slots=True)
class Script:
    utterances: tuple[Utterance, ...]
    chapter_titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChapterMark:
    title: str
    start_sample: int
    end_sample: int
    sample_rate: int

    @property
    def start_ms(self) -> int:
        return samples_to_ms(self.start_sample, self.sample_rate)

    @property
    def end_ms(self) -> int:
        return samples_to_ms(self.end_sample, self.sample_rate)


@dataclass(frozen=True, slots=True)
class WordTime:
    """Where an engine said a word: `offset` is the word's first character in the utterance's
    spoken text; `sample` counts from the start of the clip (or, in a Cue, of the programme)."""

    offset: int
    sample: int


@dataclass(frozen=True, slots=True)
class Clip:
    """One utterance in the programme format, with the word times the engine gave (may be none)."""

    pcm: bytes
    words: tuple[WordTime, ...] = ()


@dataclass(frozen=True, slots=True)
class Cue:
    """Where one utterance sits in the program: the clock for transcripts."""

    text: str
    start_sample: int
    end_sample: int
    # Word starts on the programme clock, when the engine reported them.
    words: tuple[WordTime, ...] = ()
    spoken: str = ""


@dataclass(frozen=True, slots=True)
class Program:
    """The assembled episode as raw PCM on disk, with marks counted in samples."""

    pcm_path: Path
    total_samples: int
    sample_rate: int
    chapters: tuple[ChapterMark, ...]
    cues: tuple[Cue, ...]
    # Where the programme is cut into separately encoded pieces (samples, on the MP3 frame grid).
    cuts: tuple[int, ...] = ()

    @property
    def duration_ms(self) -> int:
        return samples_to_ms(self.total_samples, self.sample_rate)


@dataclass(frozen=True, slots=True)
class Episode:
    """A finished render: what `--json` reports."""

    input: str
    mp3: Path
    duration_ms: int
    engine: str
    chapters: tuple[ChapterMark, ...]
    synthesized: int
    cached: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "mp3": str(self.mp3),
            "duration_ms": self.duration_ms,
            "engine": self.engine,
            "chapters": [
                {"title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms}
                for c in self.chapters
            ],
            "synthesized": self.synthesized,
            "cached": self.cached,
        }
