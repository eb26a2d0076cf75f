"""`index.html`: the episodes on one right-to-left Arabic page, with nothing fetched from elsewhere.

The page is rendered from Jinja2 templates (`publish/templates/`, package data) with autoescape
on: every value is escaped by the template engine, never by hand.  URLs are built by one function
(`urls`), which percent-encodes file names; escaping text and encoding URLs are
different jobs.  The view objects below are what the templates see: plain frozen values, with
every time already derived from the one clock (`narrator.clock`).

Each episode has an `<audio>` player named by the episode's title, its chapters (a click seeks
there) and its transcript laid out as the article: headline, byline, each section under its
title (a heading whose sentence seeks to the chapter), paragraphs as paragraphs.  Every sentence
is a keyboard-operable button and a bidi isolate.  The structure comes from the VTT's cue
identifiers (see `transcript.py`); a VTT without them gives one paragraph per chapter.

Another page (a show page of many episodes, each with its image) extends `base.html` and
includes `episode.html` for each `EpisodeView`; `render_template` renders any of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..clock import clock, seconds
from .folder import ChapterEntry, FolderEpisode
from .transcript import TranscriptCue, parse_vtt
from .urls import relative_url
from ..text.sanitize import sanitize


@dataclass(frozen=True, slots=True)
class ShowView:
    title: str
    description: str
    image_url: str | None
    feed_url: str = "feed.xml"
    language: str = "ar"


@dataclass(frozen=True, slots=True)
class CueView:
    text: str
    start: str  # seconds, to the millisecond, as the player's currentTime takes them
    end: str


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str  # headline, byline, heading, body, frame
    cues: tuple[CueView, ...]


@dataclass(frozen=True, slots=True)
class SectionView:
    anchor: str
    heading: BlockView | None
    blocks: tuple[BlockView, ...]


@dataclass(frozen=True, slots=True)
class ChapterView:
    title: str
    start: str
    clock: str
    iso: str


@dataclass(frozen=True, slots=True)
class EpisodeView:
    anchor: str
    title: str
    author: str
    published: str
    day: str
    duration_clock: str
    duration_iso: str
    description: str
    audio_url: str
    chapters: tuple[ChapterView, ...]
    sections: tuple[SectionView, ...]
    image_url: str | None = None


def _stamp(ms: int) -> str:
    return f"{seconds(ms):.3f}"


def _iso(ms: int) -> str:
    """An ISO 8601 duration for `<time datetime>`."""
    return f"PT{_stamp(ms)}S"


def _cue(cue: TranscriptCue) -> CueView:
    return CueView(cue.text, _stamp(cue.start_ms), _stamp(cue.end_ms))


def _blocks_from_identifiers(cues: Sequence[TranscriptCue]) -> list[tuple[int, BlockView]]:
    """(chapter, block) runs of cues, as the VTT's identifiers place them."""
    runs = groupby(cues, key=lambda c: (c.chapter, c.block, c.kind))
    return [(chapter, BlockView(kind, tuple(_cue(c) for c in run))) for (chapter, _, kind), run in runs]


def _blocks_by_chapter_start(cues: Sequence[TranscriptCue], chapters: Sequence[ChapterEntry]) -> list[tuple[int, BlockView]]:
    """For a VTT without identifiers (an older render): one paragraph per chapter."""
    starts = [c.start_ms for c in chapters]
    chapter_of = [sum(1 for s in starts[1:] if cue.start_ms >= s) for cue in cues]
    runs = groupby(zip(chapter_of, cues), key=lambda pair: pair[0])
    return [(chapter, BlockView("body", tuple(_cue(c) for _, c in run))) for chapter, run in runs]


def _sections(stem: str, cues: Sequence[TranscriptCue], chapters: Sequence[ChapterEntry]) -> tuple[SectionView, ...]:
    known = all(c.kind for c in cues)
    blocks = _blocks_from_identifiers(cues) if known else _blocks_by_chapter_start(cues, chapters)
    sections: list[SectionView] = []
    for chapter, run in groupby(blocks, key=lambda pair: pair[0]):
        views = [block for _, block in run]
        heading = views[0] if views[0].kind == "heading" else None
        rest = tuple(views[1:] if heading else views)
        sections.append(SectionView(f"{stem}-chapter-{chapter + 1}", heading, rest))
    return tuple(sections)


def episode_view(episode: FolderEpisode, *, image_url: str | None = None) -> EpisodeView:
    """What the templates show of one episode; its URLs relative to the page (`urls.relative_url`)."""
    meta = episode.meta
    cues = parse_vtt(sanitize(episode.vtt.read_text(encoding="utf-8", errors="replace"))) if episode.vtt else ()
    return EpisodeView(
        anchor=episode.stem,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        day=meta.published_at.astimezone(dt.timezone.utc).date().isoformat(),
        duration_clock=clock(meta.duration_ms),
        duration_iso=_iso(meta.duration_ms),
        description=meta.description,
        audio_url=relative_url(episode.mp3.name),
        chapters=tuple(ChapterView(c.title, _stamp(c.start_ms), clock(c.start_ms), _iso(c.start_ms))
                       for c in episode.chapters),
        sections=_sections(episode.stem, cues, episode.chapters),
        image_url=image_url,
    )


@cache
def environment() -> Environment:
    """The one template environment: package templates, autoescape everywhere, no silent blanks."""
    return Environment(
        loader=PackageLoader("narrator.publish", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def build_page(episodes: tuple[FolderEpisode, ...], *, title: str, description: str, image: str | None) -> str:
    show = ShowView(title, description, relative_url(image) if image else None)
    return render_template("index.html", show=show, episodes=[episode_view(e) for e in episodes])
