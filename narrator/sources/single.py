"""`narrate URL`: one article page, fetched and rendered like a file.

The page goes through the same job as a sync item (jobs.run_job), so a page rendered by hand and
one rendered by `sync` give the same files; the stem is a safe name from the URL, and the page's
canonical URL becomes the episode's link.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Episode
from ..pipeline import Progress, RenderOptions
from ..publish.episode_meta import read_sidecar, sidecar_path
from ..publish.output import OutputSet
from ..errors import PublishError
from .fetch import Fetcher, FetchSettings, page_encoding
from .jobs import ItemMeta, RenderJob, episode_guid, render_job
from .names import stem_from_url
from .page import read_page

_URL = re.compile(r"^https?://", re.I)


def is_url(argument: str) -> bool:
    return bool(_URL.match(argument))


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # as given
    final_url: str  # after redirects
    page: bytes
    encoding: str
    canonical: str | None


def fetch_page(url: str, settings: FetchSettings = FetchSettings()) -> FetchedPage:
    """The page at `url`, checked to hold an article (NoArticle or FetchError otherwise)."""
    with Fetcher(settings) as fetcher:
        response = fetcher.get(url, html=True)
    encoding = page_encoding(response.content, response.charset)
    facts = read_page(response.content.decode(encoding, "replace"), response.url)
    return FetchedPage(url, response.url, response.content, encoding, facts.canonical)


def render_page(
    fetched: FetchedPage, engine: str, engine_options: object, options: RenderOptions,
    progress: Progress = Progress(),
) -> Episode:
    """Render a fetched page into `options.out_dir` as STEM.mp3 and its sidecars."""
    stem = stem_from_url(fetched.url)
    link = fetched.canonical or fetched.final_url
    guid, published = episode_guid(link), None
    existing = sidecar_path(options.out_dir, stem)
    if existing.exists():
        try:
            previous = read_sidecar(existing)
            guid, published = previous.guid, previous.published  # a re-render keeps them
        except PublishError:
            pass
    job = RenderJob(
        key=link, guid=guid, url=fetched.final_url, page=fetched.page, encoding=fetched.encoding, stem=stem,
        meta=ItemMeta(published=published, link=link), options=options, engine=engine,
        engine_options=engine_options,  # type: ignore[arg-type]
    )
    result, episode = render_job(job, options.cache_dir, progress)
    with OutputSet(options.out_dir) as out:
        for name, data in result.files.items():
            out.partial(name).write_bytes(data)
        out.commit()
    return dataclasses.replace(episode, input=fetched.url, mp3=options.out_dir / result.mp3_name)
