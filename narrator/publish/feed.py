"""`feed.xml`: RSS 2.0 with the itunes and podcast (Podcasting 2.0) namespaces, built with feedgen.

feedgen's podcast extension writes the itunes tags; it knows no Podcasting 2.0 tags and writes
`itunes:explicit` only as yes/no/clean, where Apple now asks for true/false.  `PodcastNamespace`
below is a feedgen extension (the library's own mechanism) that adds `podcast:guid`,
`podcast:chapters`, `podcast:transcript` and the true/false `itunes:explicit`.
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from ..clock import duration, npt
from ..config import ShowSettings
from ..errors import PublishError
from .folder import ChapterEntry, FolderEpisode, timestamp
from .urls import BaseUrl

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# Podlove Simple Chapters: the chapters gPodder (podcastparser) and other older clients read.
PSC_NS = "http://podlove.org/simple-chapters"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# The Podcasting 2.0 spec fixes this namespace for podcast:guid (uuid5 of the feed URL sans scheme).
_PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

REQUIRED = (
    ("title", "title", "--title"),
    ("description", "description", "--description"),
    ("author", "author", "--author"),
    ("owner_email", "owner_email", "--owner-email"),
)


class PodcastNamespace(BaseExtension):
    def __init__(self) -> None:
        self.guid: str | None = None
        self.explicit = False

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS, "psc": PSC_NS}

    def extend_rss(self, rss_feed):  # type: ignore[no-untyped-def]
        channel = rss_feed[0]
        xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = "true" if self.explicit else "false"
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        return rss_feed


class PodcastEntry(BaseEntryExtension):
    def __init__(self) -> None:
        self.chapters_url: str | None = None
        self.transcript_url: str | None = None
        self.image_url: str | None = None
        self.language = "ar"
        self.chapters: tuple[ChapterEntry, ...] = ()

    def extend_rss(self, item):  # type: ignore[no-untyped-def]
        if self.chapters:
            # podcastparser (gPodder) maps only the podcast namespace's old GitHub URI, not the
            # official one we write; Podlove Simple Chapters it reads under its one URI.
            toc = xml_elem(f"{{{PSC_NS}}}chapters", item, version="1.2")
            for chapter in self.chapters:
                xml_elem(f"{{{PSC_NS}}}chapter", toc, start=npt(chapter.start_ms), title=chapter.title)
        if self.image_url:
            # Written here, not with feedgen's itunes_image, which refuses URLs that do not end
            # in .jpg/.png (news images often carry a query string).
            xml_elem(f"{{{ITUNES_NS}}}image", item, href=self.image_url)
        if self.transcript_url:
            xml_elem(f"{{{PODCAST_NS}}}transcript", item, url=self.transcript_url,
                     type="text/vtt", language=self.language, rel="captions")
        if self.chapters_url:
            xml_elem(f"{{{PODCAST_NS}}}chapters", item, url=self.chapters_url, type="application/json+chapters")
        return item


@dataclass(frozen=True, slots=True)
class FeedSettings:
    show: ShowSettings
    base_url: str
    image_url: str

    def url(self, name: str) -> str:
        return BaseUrl.parse(self.base_url).join(name)


def missing_settings(show: ShowSettings) -> list[str]:
    """What the feed still needs, as the user would set it: `[show] key` or `--option`."""
    return [f"{key} ([show] {toml} or {option})" for key, toml, option in REQUIRED if not getattr(show, key)]


def podcast_guid(feed_url: str) -> str:
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(_PODCAST_GUID_NS, bare))


def item_description(episode: FolderEpisode) -> str:
    """The first paragraph, then the chapter list with timestamps (Apple reads those as chapters).

    HTML, written into the XML as CDATA, as Apple's feed guide shows it.  Every piece of text is
    HTML-escaped first, which also keeps `]]>` (the one thing a CDATA section cannot hold) out."""
    parts = [f"<p>{html.escape(episode.meta.description)}</p>"] if episode.meta.description else []
    if episode.chapters:
        lines = "<br/>\n".join(f"{timestamp(c.start_ms)} {html.escape(c.title)}" for c in episode.chapters)
        parts.append(f"<p>{lines}</p>")
    return "\n".join(parts) or html.escape(episode.meta.title)


def build_feed(episodes: tuple[FolderEpisode, ...], settings: FeedSettings) -> bytes:
    show = settings.show
    missing = missing_settings(show)
    if missing:
        raise PublishError("the feed needs " + "; ".join(missing))
    feed_url = settings.url("feed.xml")
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcast2", PodcastNamespace, PodcastEntry)
    fg.title(show.title)
    fg.description(show.description)
    fg.language("ar")
    # feedgen puts the last link it was given into RSS's <link>: the show's page, not the feed.
    fg.link(href=feed_url, rel="self")
    fg.link(href=show.link or settings.base_url, rel="alternate")
    fg.image(url=settings.image_url, title=show.title, link=show.link or settings.base_url)
    fg.generator("narrator")
    fg.podcast.itunes_image(settings.image_url)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.owner_name or show.author, email=show.owner_email)
    fg.podcast.itunes_category(show.category)
    fg.podcast.itunes_summary(show.description)
    fg.podcast.itunes_type("episodic")
    fg.podcast2.guid = podcast_guid(feed_url)
    if episodes:
        # Not "now": the same folder gives the same feed, byte for byte.
        fg.lastBuildDate(max(e.meta.published_at for e in episodes))
    for episode in episodes:  # already newest first; append keeps that order in the XML
        meta = episode.meta
        entry = fg.add_entry(order="append")
        entry.title(meta.title)
        entry.guid(meta.guid, permalink=False)
        entry.content(item_description(episode), type="CDATA")  # the RSS <description>, as CDATA
        entry.enclosure(settings.url(episode.mp3.name), str(episode.size), "audio/mpeg")
        entry.pubDate(meta.published_at)
        if meta.link:
            entry.link(href=meta.link)
        entry.podcast.itunes_duration(duration(meta.duration_ms))
        entry.podcast.itunes_author(meta.author or show.author)
        entry.podcast.itunes_episode_type("full")
        entry.podcast2.chapters = episode.chapters
        if meta.image:
            entry.podcast2.image_url = meta.image
        if episode.chapters_json:
            entry.podcast2.chapters_url = settings.url(episode.chapters_json.name)
        if episode.vtt:
            entry.podcast2.transcript_url = settings.url(episode.vtt.name)
            entry.podcast2.language = meta.language
    return fg.rss_str(pretty=True)
