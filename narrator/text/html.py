"""A saved news page (.html/.htm): its article found by trafilatura, mapped onto the Article.

trafilatura does the hard part (finding the article among menus, share bars, sidebars, comments
and footers; measured against readability-lxml on pages built from the gold corpus, it kept every
body word and the <h1> and byline, which readability's summary drops).  This module only walks
trafilatura's XML: `<head rend="h1">` is the headline, `<head rend="h2|h3">` open sections,
paragraphs, list items, quotes and table rows are paragraphs.  The page's metadata (title, author,
date) fills in what the body lacks.  The same furniture rules as for scraped text then run on the
paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..model import Article, Dropped, Metadata
from .blocks import ChapterBuilder, clean_block
from .boilerplate import fold, is_related_header, related_span, split_page_title, strip_media_marker
from .noise import clean_blocks

# A page, whatever its name: after an optional byte-order mark, XML declaration (XHTML), comments
# (browsers' "<!-- saved from url=... -->") and processing instructions, a doctype or a root tag.
_PROLOG = r"(?:\s+|\ufeff|<\?xml[^>]*\?>|<!--.*?-->|<\?[^>]*\?>)*"
_HTML_SIGNS = re.compile(
    r"\A" + _PROLOG + r"(?:<!doctype\s+html|<html[\s>/]|<head[\s>]|<body[\s>])", re.I | re.S)
_SECTION_LEVELS = ("h2", "h3")


def is_html(text: str) -> bool:
    return bool(_HTML_SIGNS.match(text[:8192]))


def _text(element: Any) -> str:
    return clean_block("".join(element.itertext()))


def _blocks(main: Any) -> list[tuple[str, str]]:
    """(kind, text) in document order: kind is "h1", "h2", "h3", "h4"... or "p"."""
    # trafilatura leaves text outside any element when the page has no paragraphs.
    out: list[tuple[str, str]] = [("p", clean_block(main.text or ""))]
    for element in main:
        tag = element.tag
        if tag == "head":
            kind = element.get("rend") or "h2"
            out.append((kind if re.fullmatch(r"h[1-6]", kind) else "h2", _text(element)))
        elif tag == "list":
            out.extend(("p", _text(item)) for item in element.iter("item"))
        elif tag == "table":
            out.extend(("p", " ".join(_text(c) for c in row.iter("cell"))) for row in element.iter("row"))
        elif tag in ("p", "quote", "code"):
            out.append(("p", _text(element)))
        out.append(("p", clean_block(element.tail or "")))
    return [(kind, text) for kind, text in out if text]


def _extract(text: str) -> tuple[Any, dict[str, str]]:
    # Heavy imports only when a page is read: Markdown and text users never pay for them.
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        text,
        output_format="xml",
        include_formatting=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
    )
    if not xml:
        raise InputError("no article text found in the HTML page")
    doc = etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    if main is None:
        raise InputError("no article text found in the HTML page")
    meta = {k: clean_block(doc.get(k) or "") for k in ("title", "author", "date", "sitename")}
    return main, meta


def _link_texts(text: str) -> list[str]:
    """The words of every link on the page, longest first."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text)
    except (ValueError, SyntaxError):  # lxml's ParserError is a SyntaxError
        return []
    found = {fold(clean_block("".join(a.itertext()))) for a in root.iter("a")}
    return sorted((t for t in found if t), key=len, reverse=True)


_LETTERS = re.compile(r"\w", re.UNICODE)


def only_links(blocks: list[str], links: list[str]) -> bool:
    """Whether every block is made of link words only: a menu or an index page, not an article
    (when a page has no article, trafilatura falls back to whatever text it holds)."""
    for block in blocks:
        rest = fold(block)
        for link in links:
            rest = rest.replace(link, " ")
        if _LETTERS.search(rest):
            return False
    return bool(blocks)


def parse(text: str) -> Article:
    main, page = _extract(text)
    blocks = _blocks(main)
    body = [b for kind, b in blocks if kind == "p"]
    if not body or only_links(body, _link_texts(text)):
        raise InputError("no article text found in the HTML page (only menus or links)")
    dropped: list[Dropped] = []

    headline = ""
    if blocks and blocks[0][0] == "h1":
        headline = blocks.pop(0)[1]
    if not headline:
        headline = page["title"]
        # The page <title> often carries the site's name after the headline.
        for separator in (" - ", " | ", " – ", " — "):
            head, _, site = headline.rpartition(separator)
            if head and site and split_page_title(headline, head) == fold(site):
                headline = head
                dropped.append(Dropped(site, "site-name"))
                break
    headline, marker = strip_media_marker(headline)
    if marker:
        dropped.append(Dropped(marker, "media-marker"))

    idx = 0
    while idx < len(blocks):
        if is_related_header(blocks[idx][1]):
            end = related_span([b for _, b in blocks], idx)
            dropped.extend(Dropped(b, "related-articles") for _, b in blocks[idx:end])
            del blocks[idx:end]
        else:
            idx += 1

    # Page templates put time stamps and e-mail boxes into the author field too.
    authors, furniture = clean_blocks([page["author"]] if page["author"] else [])
    dropped.extend(furniture)
    byline = authors[0] if authors else ""
    chapters = ChapterBuilder(headline)
    for kind, block in blocks:
        if kind == "h1" and fold(block) == fold(headline):
            continue
        if kind in _SECTION_LEVELS or kind == "h1":
            chapters.heading(block)
            continue
        if kind.startswith("h"):
            # h4-h6 are run-in titles: spoken as a paragraph of their own, not a chapter.
            chapters.paragraph(block)
            continue
        kept, furniture = clean_blocks([block])
        dropped.extend(furniture)
        if byline and kept and fold(kept[0]) == fold(byline):
            dropped.append(Dropped(kept[0], "byline-repeated"))
            continue
        for paragraph in kept:
            chapters.paragraph(paragraph)
    built, empty = chapters.build()
    dropped.extend(Dropped(t, "empty-section") for t in empty)
    meta = Metadata(
        title=page["title"] or None,
        author=page["author"] or None,
        date=page["date"] or None,
    )
    return Article(headline, byline, built, tuple(dropped), meta)
