"""A SOURCE of `narrate sync` as items: an RSS 2.0 or Atom feed, a (news) sitemap or sitemap
index, or a text file of article URLs, given as a URL or a file.

What the item lists give is untidy, and each untidiness has a rule here: feedparser never raises on
bad XML (what parsed is kept); guids repeat and links are missing or relative (an item is known by
its link, made absolute and stripped of tracking parameters, so the same article listed twice, or
in a feed and a sitemap, is one item; an item with no link is skipped and says so); dates come in
every format (feedparser and ISO 8601 read them; Atom's `updated`, RSS's `pubDate` and a sitemap's
`lastmod` are each the item's date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..errors import InputError
from .fetch import Fetcher

SITEMAP_CHILDREN_MAX = 50  # sitemaps read from one index: news sitemaps are few and small
_URL = re.compile(r"^https?://\S+$", re.I)
_SITEMAP_ROOT = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(urlset|sitemapindex)[\s>]")
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.I)


@dataclass(frozen=True, slots=True)
class SourceItem:
    key: str  # the item's identity: its link, normalized
    link: str
    title: str | None = None
    date: dt.datetime | None = None  # the source's date for it: Atom updated, RSS pubDate, lastmod
    published: dt.datetime | None = None  # first publication (Atom published), else `date`
    author: str | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    what: str  # the item's link or, when it has none, its title or guid
    reason: str


@dataclass(frozen=True, slots=True)
class Channel:
    """What a feed says about itself: the show's fallbacks."""

    title: str | None = None
    description: str | None = None
    link: str | None = None
    image: str | None = None
    author: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    source: str
    channel: Channel
    items: tuple[SourceItem, ...]  # newest first
    skipped: tuple[Skipped, ...] = ()


def normalize_link(url: str) -> str:
    """One spelling per article: no fragment, no tracking parameters, lower-case scheme and host."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def _utc(value: Any) -> dt.datetime | None:
    """A feedparser time tuple (UTC) or an ISO 8601 / W3C datetime string as an aware datetime."""
    if value is None:
        return None
    if not isinstance(value, str):
        return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc)
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(text[:10]), dt.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def newest_first(items: Iterable[SourceItem]) -> list[SourceItem]:
    """By date, newest first; undated items keep their place among themselves, after the dated."""
    listed = list(items)
    floor = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return sorted(listed, key=lambda i: i.published or i.date or floor, reverse=True)


def _unique(candidates: Iterable[SourceItem | Skipped]) -> tuple[list[SourceItem], list[Skipped]]:
    items: list[SourceItem] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for candidate in candidates:
        if isinstance(candidate, Skipped):
            skipped.append(candidate)
        elif candidate.key in seen:
            skipped.append(Skipped(candidate.link, "listed twice"))
        else:
            seen.add(candidate.key)
            items.append(candidate)
    return items, skipped


# -- RSS and Atom ------------------------------------------------------------------------------


def _entry_image(entry: Any) -> str | None:
    for media in (*entry.get("media_content", ()), *entry.get("media_thumbnail", ())):
        url = media.get("url")
        if url and (media.get("medium") == "image" or str(media.get("type", "image/")).startswith("image/")):
            return str(url)
    for link in entry.get("enclosures", ()):
        if str(link.get("type", "")).startswith("image/") and link.get("href"):
            return str(link["href"])
    image = entry.get("image")
    return str(image.get("href")) if isinstance(image, dict) and image.get("href") else None


def _entry_item(entry: Any, base: str | None) -> SourceItem | Skipped:
    link = entry.get("link") or ""
    guid = entry.get("id") or ""
    if not link and _URL.match(guid):
        link = guid  # RSS: a guid is a permalink unless it says otherwise
    if base and link:
        link = urljoin(base, link)
    if not _URL.match(link):
        label = link or guid or entry.get("title") or "an item"
        return Skipped(label, "no link" if not link else "link is not an absolute http(s) URL")
    author_detail = entry.get("author_detail") or {}
    # dict.get: feedparser's own get() maps a missing `updated` to `published`, with a warning.
    updated = _utc(dict.get(entry, "updated_parsed"))
    published = _utc(dict.get(entry, "published_parsed"))
    return SourceItem(
        key=normalize_link(link),
        link=link,
        title=entry.get("title") or None,
        date=updated or published,
        published=published or updated,
        author=author_detail.get("name") or entry.get("author") or None,
        image=_entry_image(entry),
    )


def _channel(feed: Any) -> Channel:
    image = feed.get("image") or {}
    author = feed.get("author_detail") or {}
    publisher = feed.get("publisher_detail") or {}
    return Channel(
        title=feed.get("title") or None,
        description=feed.get("subtitle") or feed.get("description") or None,
        link=feed.get("link") or None,
        image=image.get("href") or image.get("url") or None,
        author=author.get("name") or publisher.get("name") or feed.get("author") or None,
        email=publisher.get("email") or author.get("email") or None,
    )


def parse_feed(data: bytes, source: str, headers: dict[str, str] | None = None) -> Listing | None:
    """RSS/Atom items, or None when `data` holds no feed at all."""
    import feedparser

    parsed = feedparser.parse(data, response_headers=headers or {})
    if not parsed.entries and not parsed.get("version"):
        return None
    base = (headers or {}).get("content-location")
    items, skipped = _unique(_entry_item(e, base) for e in parsed.entries)
    return Listing(source, _channel(parsed.feed), tuple(newest_first(items)), tuple(skipped))


# -- sitemaps ---------------------------------------------------------------------------------


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2] if isinstance(tag, str) else ""


def _child_text(element: Any, *path: str) -> str | None:
    """The text of the first descendant along `path` of local names (namespaces vary by site)."""
    nodes = [element]
    for name in path:
        nodes = [c for n in nodes for c in n if _local(c.tag) == name]
    text = (nodes[0].text or "").strip() if nodes else ""
    return text or None


def _sitemap_root(data: bytes) -> Any | None:
    if not _SITEMAP_ROOT.search(data[:4096]):
        return None
    from lxml import etree

    # recover: keep what parsed of a broken file; no entities, no network (a sitemap is untrusted).
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    return root if root is not None and _local(root.tag) in ("urlset", "sitemapindex") else None


def _sitemap_items(root: Any, base: str | None) -> list[SourceItem | Skipped]:
    out: list[SourceItem | Skipped] = []
    for url in (c for c in root if _local(c.tag) == "url"):
        loc = _child_text(url, "loc") or ""
        link = urljoin(base, loc) if base else loc
        if not _URL.match(link):
            out.append(Skipped(loc or "a <url> entry", "no link" if not loc else "link is not an absolute http(s) URL"))
            continue
        published = _utc(_child_text(url, "news", "publication_date"))
        lastmod = _utc(_child_text(url, "lastmod"))
        out.append(SourceItem(
            key=normalize_link(link),
            link=link,
            title=_child_text(url, "news", "title"),
            date=lastmod or published,
            published=published or lastmod,
            image=_child_text(url, "image", "loc"),
        ))
    return out


def parse_sitemap(data: bytes, source: str, fetcher: Fetcher | None, base: str | None = None) -> Listing | None:
    root = _sitemap_root(data)
    if root is None:
        return None
    candidates: list[SourceItem | Skipped] = []
    if _local(root.tag) == "sitemapindex":
        children = [loc for s in root if _local(s.tag) == "sitemap" and (loc := _child_text(s, "loc"))]
        for child in children[:SITEMAP_CHILDREN_MAX]:
            child_url = urljoin(base, child) if base else child
            if fetcher is None or not _URL.match(child_url):
                candidates.append(Skipped(child, "a sitemap in an index must be an http(s) URL"))
                continue
            response = fetcher.get(child_url)
            child_root = _sitemap_root(response.content)
            if child_root is None or _local(child_root.tag) != "urlset":
                candidates.append(Skipped(child_url, "not a sitemap"))
                continue
            candidates.extend(_sitemap_items(child_root, response.url))
    else:
        candidates = _sitemap_items(root, base)
    items, skipped = _unique(candidates)
    return Listing(source, Channel(), tuple(newest_first(items)), tuple(skipped))


# -- URL lists ----------------------------------------------------------------------------------


def parse_url_list(text: str, source: str) -> Listing | None:
    """One article URL a line; blank lines and `#` comments are ignored; listed order is kept."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines or not all(_URL.match(line) for line in lines):
        return None
    items, skipped = _unique(SourceItem(key=normalize_link(u), link=u) for u in lines)
    return Listing(source, Channel(), tuple(items), tuple(skipped))


def read_listing(source: str, fetcher: Fetcher) -> Listing:
    """The items SOURCE lists: a URL fetched through `fetcher`, else a file."""
    if _URL.match(source):
        response = fetcher.get(source)
        data, base, headers = response.content, response.url, response.headers_for_feedparser
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from None
        base, headers = None, {}
    listing = parse_sitemap(data, source, fetcher, base)
    if listing is None:
        listing = parse_url_list(data.decode("utf-8-sig", "replace"), source)
    if listing is None:
        listing = parse_feed(data, source, headers)
    if listing is None:
        raise InputError(f"{source}: not an RSS/Atom feed, a sitemap or a list of article URLs")
    return listing
