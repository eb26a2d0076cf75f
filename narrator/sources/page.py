"""A fetched article page: its Article (through the saved-page path, text/html.py), its canonical
link and image, and the refusal of pages that hold no article.

Servers answer many failures with status 200: an HTML "page not found", a login or subscription
wall, a page whose text is filled in by JavaScript.  Spoken, each would be a bad episode, so each
is turned into a named "no article found" reason here, before any audio work.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from ..errors import InputError
from ..model import Article
from ..text import html as html_page

# Fewer words than this in the body is a stub, an error page or a teaser, not an article.  News
# briefs run from ~80 words; error pages and walls carry a sentence or two.
MIN_ARTICLE_WORDS = 40
# A login form beside a short text is a paywall's teaser: the article is behind it.
WALL_MAX_WORDS = 150

_PASSWORD_INPUT = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.I)


class NoArticle(InputError):
    """The page was fetched but holds no article to speak (permanent for this version of the page)."""


@dataclass(frozen=True, slots=True)
class PageFacts:
    article: Article
    canonical: str | None
    image: str | None


def body_words(article: Article) -> int:
    return sum(len(p.split()) for c in article.chapters for p in c.paragraphs)


def content_hash(article: Article) -> str:
    """What a listener hears of the article, hashed: a correction changes it, a new ad or a new
    related-articles box around the article does not."""
    parts = [article.headline, article.byline]
    for chapter in article.chapters:
        parts.append("#" + chapter.title)
        parts.extend(chapter.paragraphs)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _head_links(text: str, base: str) -> tuple[str | None, str | None]:
    """`<link rel=canonical>` and `og:image` (else `twitter:image`), made absolute."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(text[:400_000])
    except (ValueError, lxml.etree.ParserError):
        return None, None
    canonical = next((h for h in doc.xpath("//link[@rel='canonical']/@href") if h.strip()), None)
    image = next(
        (c for c in doc.xpath(
            "//meta[@property='og:image' or @name='og:image' or @name='twitter:image']/@content"
        ) if c.strip()),
        None,
    )
    absolute = lambda href: urljoin(base, href.strip()) if href else None  # noqa: E731
    found_canonical = absolute(canonical)
    if found_canonical and not found_canonical.startswith(("http://", "https://")):
        found_canonical = None
    return found_canonical, absolute(image)


def read_page(text: str, url: str) -> PageFacts:
    """The article on a fetched page, or NoArticle with the reason."""
    if not text.strip():
        raise NoArticle("no article found: the page is empty")
    try:
        article = html_page.parse(text)
    except InputError:
        raise NoArticle("no article found on the page") from None
    words = body_words(article)
    if words < WALL_MAX_WORDS and _PASSWORD_INPUT.search(text):
        raise NoArticle(f"no article found: a login wall ({words} words beside a password field)")
    if words < MIN_ARTICLE_WORDS:
        raise NoArticle(f"no article found: only {words} words (an error page or a stub)")
    if not article.headline.strip():
        raise NoArticle("no article found: no headline")
    canonical, image = _head_links(text, url)
    return PageFacts(article, canonical, image)
