"""Wire the stages together: parse, speak, synthesize, assemble, encode, tag, publish."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .audio.assemble import assemble
from .audio.encode import encode
from .cache import ClipCache, NoCache, default_cache_dir
from .engines import Engine
from .model import Article, Episode, Pauses
from .publish.chapters_json import chapters_json
from .publish.id3 import EpisodeTags, write_tags
from .publish.output import OutputSet
from .synthesize import DEFAULT_JOBS, SynthesisStats, synthesize
from .text.diacritize import diacritize
from .text.parse import read_article
from .text.speak import build_script


@dataclass(frozen=True, slots=True)
class RenderOptions:
    out_dir: Path = Path("audio_out")
    pauses: Pauses = field(default_factory=Pauses)
    bitrate_kbps: int = 64
    loudness_lufs: float = -16.0
    use_cache: bool = True
    cache_dir: Path | None = None
    show: str | None = None
    # Clips synthesized at once, for engines that allow it (the online voice waits on the network).
    jobs: int = DEFAULT_JOBS


class Progress:
    """What a render reports while it runs; the default says nothing."""

    def start(self, total: int) -> None: ...
    def advance(self) -> None: ...
    def finish(self) -> None: ...


def output_stem(source: str) -> str:
    return "stdin" if source == "-" else Path(source).stem


def _comment(article: Article) -> str:
    return next((p for c in article.chapters for p in c.paragraphs), "")


def _release_date() -> str:
    """Today, or SOURCE_DATE_EPOCH's day: the reproducible-builds convention for fixed output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def render_article(
    article: Article,
    source: str,
    engine: Engine,
    options: RenderOptions = RenderOptions(),
    progress: Progress = Progress(),
) -> Episode:
    transform: Callable[[str], str] | None = diacritize if engine.needs_diacritics else None
    script = build_script(article, max_chars=engine.max_chars, pauses=options.pauses, transform=transform)
    cache = ClipCache(options.cache_dir or default_cache_dir()) if options.use_cache else NoCache()
    stem = output_stem(source)
    stats = SynthesisStats()
    with OutputSet(options.out_dir) as out:
        progress.start(len(script.utterances))
        clips = synthesize(script, engine, cache, stats, progress.advance, jobs=options.jobs)
        program = assemble(script, clips, out.scratch(f"{stem}.pcm"))
        progress.finish()
        mp3 = out.partial(f"{stem}.mp3")
        encode(program, mp3, bitrate_kbps=options.bitrate_kbps, target_lufs=options.loudness_lufs)
        meta = article.meta
        write_tags(
            mp3,
            EpisodeTags(
                title=article.headline,
                artist=article.byline or meta.author or "",
                show=options.show or meta.show or "narrator",
                date=meta.date or _release_date(),
                comment=_comment(article),
                encoder=f"narrator {__version__} ({engine.name})",
                chapters=program.chapters,
            ),
        )
        out.write_text(f"{stem}.chapters.json", chapters_json(program.chapters))
        out.commit()
    return Episode(
        input=source,
        mp3=options.out_dir / f"{stem}.mp3",
        duration_ms=program.duration_ms,
        engine=engine.name,
        chapters=program.chapters,
        synthesized=stats.synthesized,
        cached=stats.cached,
    )


def render(
    source: str,
    engine: Engine,
    options: RenderOptions = RenderOptions(),
    progress: Progress = Progress(),
) -> Episode:
    """Render one article file (`-` for standard input) to `<out_dir>/<stem>.mp3` and sidecars."""
    return render_article(read_article(source), source, engine, options, progress)
