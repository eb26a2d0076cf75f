"""Wire the stages together: parse, speak, synthesize, assemble, encode, tag, publish."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, preflight
from .audio.assemble import assemble
from .audio.calibration import Calibration
from .audio.encode import PieceEncoder
from .cache import ClipCache, NoCache, ReadOnlyTolerant, PieceStore, TextMemo, default_cache_dir, default_state_dir
from .config import Frame
from .engines import Engine
from .framing import frame_script, interleave, speech_only
from .model import Article, Episode, Pauses
from .publish.chapters_json import chapters_json
from .publish.id3 import EpisodeTags, write_tags
from .publish.episode_meta import SUFFIX as EPISODE_SUFFIX
from .publish.episode_meta import episode_meta
from .publish.output import OutputSet
from .publish.transcript import caption_cues, to_srt, to_vtt, written_sentences
from .synthesize import DEFAULT_JOBS, SynthesisStats, synthesize
from .text.diacritize import diacritize, model_version
from .text.language import check_language
from .text.lexicon import Lexicon
from .text.parse import check_size, is_page, parse_text, read_source
from .text.pronounce import spoken_rules
from .text.sanitize import file_stem
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
    # Podcast framing from narrator.toml; None means none (the default).
    intro: Frame | None = None
    outro: Frame | None = None
    # The show name when neither `show` nor the front matter gives one (narrator.toml's title).
    fallback_show: str | None = None
    # Clips synthesized at once, for engines that allow it (the online voice waits on the network).
    jobs: int = DEFAULT_JOBS
    # Longer articles are refused before any audio work (estimated from the text: preflight.py).
    max_hours: float = preflight.DEFAULT_MAX_HOURS
    # Pronunciation rules (text/lexicon.py); None means the built-in rules alone.
    lexicon: Lexicon | None = None


class Progress:
    """What a render reports while it runs; the default says nothing."""

    def start(self, total: int) -> None: ...
    def advance(self) -> None: ...
    def note(self, text: str) -> None:
        """A one-line status beside the count (a sync's failures, throughput and ETA)."""
    def finish(self) -> None: ...
    def warn(self, message: str) -> None: ...


def output_stem(source: str) -> str:
    """The name of every output file of `source`: its file name's stem, made safe (`file_stem`)."""
    return "stdin" if source == "-" else file_stem(Path(source).stem)


def check_batch(
    articles: Sequence[tuple[str, Article]], options: RenderOptions, stems: Sequence[str] | None = None,
) -> None:
    """Everything that can be known wrong before any audio work, for a whole batch at once:
    duplicate output names, over-long names, articles past --max-hours, too little disk.
    `stems`: the output names when they do not come from the sources' file names (URLs)."""
    stems = list(stems) if stems is not None else [output_stem(source) for source, _ in articles]
    preflight.check_distinct_stems([source for source, _ in articles], stems)
    estimates = []
    for (source, article), stem in zip(articles, stems):
        preflight.check_name_length(stem, options.out_dir)
        found = preflight.estimate(article, options.pauses, options.bitrate_kbps, options.use_cache)
        preflight.check_length(found, source, options.max_hours)
        estimates.append(found)
    cache = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    preflight.check_space(estimates, options.out_dir, cache)


def read_checked(source: str, max_hours: float) -> Article:
    """Read and parse one article file (`-`: standard input); an input too long by any reading is
    refused from its raw text first, in a fraction of a second instead of the parse's seconds."""
    text = read_source(source)
    check_size(text, source)
    if not is_page(text, source):
        preflight.check_raw_length(text, source, max_hours)
    return parse_text(text, source)


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
    stem: str | None = None,
) -> Episode:
    """Render `article` into `options.out_dir`; `stem` names the files (default: from `source`)."""
    check_language(article, source, getattr(engine, "languages", None))
    stem = stem or output_stem(source)
    check_batch([(source, article)], options, [stem])
    cache_dir = options.cache_dir or default_cache_dir()
    memo = TextMemo(cache_dir) if options.use_cache else None
    transform: Callable[[str], str] | None = None
    if engine.needs_diacritics:
        transform = memo.wrap(diacritize, model_version()) if memo else diacritize
    script = build_script(
        article, max_chars=engine.max_chars, pauses=options.pauses, transform=transform,
        spoken_rules=spoken_rules(options.lexicon),
    )
    cache = ReadOnlyTolerant(ClipCache(cache_dir), progress.warn) if options.use_cache else NoCache()
    pieces = PieceStore(cache_dir) if options.use_cache else None
    calibration = Calibration(default_state_dir() / "encoder.json")
    stats = SynthesisStats()
    meta = article.meta
    show = options.show or meta.show or options.fallback_show or "narrator"
    date = meta.date or _release_date()
    framed = frame_script(
        script, options.intro, options.outro, show=show, date=date, headline=article.headline,
        pauses=options.pauses, max_chars=engine.max_chars, transform=transform,
    )
    if memo:
        memo.close()
    speech = speech_only(framed)
    with OutputSet(options.out_dir) as out:
        pcm = out.scratch(f"{stem}.pcm")
        # Pieces are mastered and encoded on the other cores while synthesis goes on.
        with PieceEncoder(
            pcm, bitrate_kbps=options.bitrate_kbps, target_lufs=options.loudness_lufs,
            calibration=calibration, store=pieces,
        ) as encoder:
            progress.start(len(speech.utterances))
            clips = interleave(framed, synthesize(speech, engine, cache, stats, progress.advance, jobs=options.jobs))
            program = assemble(framed.script, clips, pcm, on_cut=encoder.cut)
            progress.finish()
            mp3 = out.partial(f"{stem}.mp3")
            encoder.finish(program, mp3)
        write_tags(
            mp3,
            EpisodeTags(
                title=article.headline,
                artist=article.byline or meta.author or "",
                show=show,
                date=date,
                comment=_comment(article),
                encoder=f"narrator {__version__} ({engine.name})",
                chapters=program.chapters,
            ),
        )
        out.write_text(f"{stem}.chapters.json", chapters_json(program.chapters))
        cues = caption_cues(framed.script, program, options.pauses, written_sentences(article))
        out.write_text(f"{stem}.vtt", to_vtt(cues))
        out.write_text(f"{stem}.srt", to_srt(cues))
        out.write_text(f"{stem}{EPISODE_SUFFIX}", episode_meta(
            options.out_dir, stem, title=article.headline, author=article.byline or meta.author or "",
            description=_comment(article), date=meta.date, duration_ms=program.duration_ms,
            show=show, language=meta.language,
        ).to_json())
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
    return render_article(read_checked(source, options.max_hours), source, engine, options, progress)
