"""One article to render, as a value that can travel to another process or machine, and its result.

`run_job` is the whole of a worker's work: page bytes and options in, every output file of the
episode back as bytes.  It renders into a private scratch folder and never touches the sync's DIR:
the client is the only writer of DIR, so the same function serves local worker processes and a
cluster (see runners.py).  Jobs are frozen and picklable: plain values, no open files or engines.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..engines import Engine, EngineOptions, create, with_language
from ..model import Article, Episode
from ..pipeline import Progress, RenderOptions, render_article
from ..publish.episode_meta import SUFFIX as EPISODE_SUFFIX
from ..publish.episode_meta import read_sidecar
from .page import PageFacts, content_hash, read_page


_GUID_NAMESPACE = uuid.UUID("2f8e6a53-0c1d-5b7e-8a43-6e6172726174")  # fixed: guids depend on it


def episode_guid(key: str) -> str:
    """The episode guid of a source item (its source guid or link): stable across machines and
    runs, and not the source's own guid, which need not be unique beyond its feed."""
    return f"urn:uuid:{uuid.uuid5(_GUID_NAMESPACE, key)}"


@dataclass(frozen=True, slots=True)
class ItemMeta:
    """What the source says about the item, for the episode file."""

    author: str | None = None
    published: str | None = None  # RFC 3339: the source's date, else the first render's time
    image: str | None = None  # the episode image (URL): og:image, else the feed's media image
    link: str | None = None  # the article's canonical URL


@dataclass(frozen=True, slots=True)
class RenderJob:
    key: str  # the item's identity in the sync state (its source guid, else its link)
    guid: str  # the episode guid, fixed at the first render and kept through corrections
    url: str  # where the page was fetched
    page: bytes  # the page exactly as served
    encoding: str  # its charset, decided by the client (HTTP header, else <meta>, else detected)
    stem: str  # output file names: STEM.mp3, STEM.episode.json ...
    meta: ItemMeta = field(default_factory=ItemMeta)
    options: RenderOptions = field(default_factory=RenderOptions)  # out_dir is ignored
    engine: str = "espeak"  # a concrete engine name: "auto" is resolved by the client once
    engine_options: EngineOptions = field(default_factory=EngineOptions)

    @property
    def text(self) -> str:
        return self.page.decode(self.encoding, errors="replace")


@dataclass(frozen=True, slots=True)
class JobResult:
    key: str
    guid: str
    stem: str
    files: dict[str, bytes]  # every output file of the episode by name (STEM.mp3 and its sidecars)
    content_hash: str  # of the article text as spoken (page.content_hash)
    duration_ms: int
    title: str
    engine: str

    @property
    def mp3_name(self) -> str:
        return f"{self.stem}.mp3"


@dataclass(frozen=True, slots=True)
class JobFailure:
    key: str
    error: str
    permanent: bool = False  # the same page will fail the same way: retry only a few times


def _with_item_meta(article: Article, meta: ItemMeta) -> Article:
    """The source's author and date fill in what the page lacks (the page's own byline is spoken)."""
    page = article.meta
    return dataclasses.replace(article, meta=dataclasses.replace(
        page,
        author=page.author or meta.author,
        date=page.date or (meta.published[:10] if meta.published else None),
    ))


def _finish_sidecar(folder: Path, job: RenderJob, facts: PageFacts) -> None:
    """The episode file as the feed needs it: the sync's guid (kept through corrections), the
    source's date and author, the article's link (source link, else the page's canonical URL) and
    image (the page's og:image, else the source's media image)."""
    path = folder / f"{job.stem}{EPISODE_SUFFIX}"
    episode = read_sidecar(path)
    episode = dataclasses.replace(
        episode,
        guid=job.guid,
        published=job.meta.published or episode.published,
        link=job.meta.link or facts.canonical or job.url,
        image=facts.image or job.meta.image,
        author=job.meta.author or episode.author,
    )
    path.write_text(episode.to_json(), encoding="utf-8")


@functools.lru_cache(maxsize=4)
def _engine(name: str, options: EngineOptions) -> Engine:
    """One engine per worker process, not per article: creating one loads a library or asks a
    service whether it answers."""
    return create(name, options)[0]


def render_job(job: RenderJob, cache_dir: Path | None = None, progress: Progress = Progress()) -> tuple[JobResult, Episode]:
    """run_job, also returning the Episode as a render reports it (for `narrate URL --json`)."""
    facts = read_page(job.text, job.url)
    article = _with_item_meta(facts.article, job.meta)
    voice = with_language(_engine(job.engine, job.engine_options), article.meta.language)
    with tempfile.TemporaryDirectory(prefix="narrator-job-") as scratch:
        folder = Path(scratch)
        options = dataclasses.replace(job.options, out_dir=folder, cache_dir=cache_dir or job.options.cache_dir)
        episode = render_article(article, job.url, voice, options, progress, stem=job.stem)
        _finish_sidecar(folder, job, facts)
        files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())
                 if p.is_file() and not p.name.startswith(".")}
    result = JobResult(
        key=job.key,
        guid=job.guid,
        stem=job.stem,
        files=files,
        content_hash=content_hash(facts.article),
        duration_ms=episode.duration_ms,
        title=article.headline,
        engine=episode.engine,
    )
    return result, episode


def run_job(job: RenderJob, cache_dir: Path | None = None) -> JobResult:
    """Render `job` in a scratch folder of its own and return the episode's files as bytes.

    `cache_dir` is the clip cache to use (None: the job's options, else the user's cache).  Raises
    a NarratorError (NoArticle for a page without an article) like a render does."""
    return render_job(job, cache_dir)[0]
