"""A saved news page (.html/.htm): its article found by trafilatura, mapped onto the Article.

Three steps, each keeping the page's own structure:
1. `page_markup` reads what the markup names (the author box, captions, date lines, share bars,
   tag lists, related boxes), takes those pieces out of the tree and reports them;
2. trafilatura finds the article among menus, sidebars, comments and footers; its XML with
   formatting keeps headings (`<head rend="h2">`), bold (`<hi rend="#b">`) and line breaks (`<lb/>`);
3. this module walks that XML: `<h2>`-`<h4>` open sections, a block that is bold from end to end
   and reads as a title opens one too (`page_blocks.bold_title`), `<br>`-separated sentences are
   paragraphs, and the furniture rules of scraped text (`noise.py`) run on every paragraph.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..errors import InputError
from ..model import Article, Dropped, Metadata
from .blocks import ChapterBuilder, clean_block
from .boilerplate import fold, is_related_header, related_span, split_page_title, strip_media_marker
from .line_roles import ANSWER_LABEL, QUESTION_LABEL, question_lines
from .noise import clean_blocks
from .page_blocks import Block, bold_title, byline_block, page_blocks, plain_title
from .page_headings import bare_lines, block_key, restore_headings
from .page_lead import restore_lead
from .page_markup import PageMarkup, read_markup

# A page, whatever its name: after an optional byte-order mark, XML declaration (XHTML), comments
# (browsers' "<!-- saved from url=... -->") and processing instructions, a doctype or a root tag.
_PROLOG = r"(?:\s+|\ufeff|<\?xml[^>]*\?>|<!--.*?-->|<\?[^>]*\?>)*"
_HTML_SIGNS = re.compile(
    r"\A" + _PROLOG + r"(?:<!doctype\s+html|<html[\s>/]|<head[\s>]|<body[\s>])", re.I | re.S)
# Section levels: news CMSs use <h2> to <h4> for sub-headings; <h5>/<h6> are run-in labels.
_SECTION_LEVELS = ("h2", "h3", "h4")
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")


def is_html(text: str) -> bool:
    return bool(_HTML_SIGNS.match(text[:8192]))


def _quoteless(text: str) -> str:
    return fold(re.sub(r"[\"'“”«»&;]|quot", "", text))


def _page_h1(root: Any, title: str) -> str:
    """The page's own <h1> that carries the title (pages repeat it, and trafilatura's title attribute
    loses the headline's quotation marks); "" when no <h1> matches."""
    wanted = _quoteless(title)
    for h1 in root.iter("h1"):
        text = clean_block(h1.text_content())
        if text and wanted and (_quoteless(text) in wanted or wanted in _quoteless(text)):
            return text
    return ""


def _extract(text: str) -> tuple[Any, dict[str, str], PageMarkup, Any]:
    # Heavy imports only when a page is read: Markdown and text users never pay for them.
    import trafilatura
    from lxml import etree
    from trafilatura.utils import load_html

    root = load_html(text)
    if root is None:
        raise InputError("no article text found in the HTML page")
    markup = read_markup(root)
    xml = trafilatura.extract(
        # trafilatura rewrites the tree it is given; the page stays whole for page_headings.
        copy.deepcopy(root),
        output_format="xml",
        include_formatting=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        # htmldate's extensive search hands undated pages to dateparser, whose first call loads
        # every locale (10-20 s in each new process, as each sync worker is); the page's
        # structured dates (meta tags, JSON-LD, URL) are still read.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not xml:
        raise InputError("no article text found in the HTML page")
    doc = etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    if main is None:
        raise InputError("no article text found in the HTML page")
    meta = {k: clean_block(doc.get(k) or "") for k in ("title", "author", "date", "sitename")}
    # The page's own <title>, with the site's name that trafilatura's title has lost.
    title = root.find(".//title")
    meta["page_title"] = clean_block(title.text_content()) if title is not None else ""
    return main, meta, markup, root


def _title_without_site(title: str, dropped: list[Dropped]) -> tuple[str, str]:
    """The page <title> without the site's name after (or before) the headline, and that name."""
    for separator in _TITLE_SEPARATORS:
        head, _, site = title.rpartition(separator)
        if head and site and split_page_title(title, head) == fold(site):
            dropped.append(Dropped(site, "site-name"))
            return head, site
    return title, ""


def _site_names(meta: dict[str, str], title: str) -> set[str]:
    names = {fold(meta["sitename"])} if meta["sitename"] else set()
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            first, _, last = title.partition(separator)
            names |= {fold(first), fold(title.rpartition(separator)[2])}
    return names - {""}


# A kicker, a section label or a date line may come before the <h1> in the extracted text.
_HEADLINE_WITHIN = 3


def _headline(blocks: list[Block], meta: dict[str, str], h1: str, dropped: list[Dropped]) -> str:
    for index, block in enumerate(blocks[:_HEADLINE_WITHIN]):
        if block.kind == "h1":
            return blocks.pop(index).text
        if block.kind.startswith("h"):
            break
    if h1:
        return h1
    headline, _ = _title_without_site(meta["title"], dropped)
    return headline


def _byline(markup_byline: str, meta: dict[str, str], dropped: list[Dropped]) -> str:
    """The page's author box, else its <meta name="author">, unless that is the site's own name
    (pages put the outlet there when no writer is named).  trafilatura's own guess is not used: it
    takes the author of JSON-LD blocks and of category rows, which are often the site or a label."""
    candidates = []
    for author in (markup_byline,):
        if not author:
            continue
        if fold(author) in _site_names(meta, meta["page_title"]) | _site_names(meta, meta["title"]):
            dropped.append(Dropped(author, "site-name"))
            continue
        candidates.append(author)
        break
    # Page templates put time stamps and e-mail boxes into the author field too.
    authors, furniture = clean_blocks(candidates)
    dropped.extend(furniture)
    return authors[0] if authors else ""


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


# A deck is a sentence; a heading straight under the headline that short is the first section's.
_DECK_MIN_WORDS = 8


def _reads_as_deck(text: str) -> bool:
    return len(text.split()) >= _DECK_MIN_WORDS and not text.rstrip(" \"'”»)").endswith(("؟", "?"))


def _repeats_text(quote: str, blocks: list[Block]) -> bool:
    folded = fold(quote).strip(" \"'«»“”.،")
    return bool(folded) and any(
        not b.quoted and b.kind in ("p", "b") and folded in fold(b.text) for b in blocks)


def parse(text: str) -> Article:
    main, page, markup, root = _extract(text)
    blocks = restore_lead(root, restore_headings(root, page_blocks(main)))
    body = [b.text for b in blocks if b.kind in ("p", "b")]
    if not body or only_links(body, _link_texts(text)):
        raise InputError("no article text found in the HTML page (only menus or links)")
    dropped: list[Dropped] = list(markup.dropped)
    markup_byline, h1 = markup.byline, _page_h1(root, page["title"])

    headline = _headline(blocks, page, h1, dropped)
    headline, marker = strip_media_marker(headline)
    if marker:
        dropped.append(Dropped(marker, "media-marker"))

    idx = 0
    while idx < len(blocks):
        if is_related_header(blocks[idx].text):
            end = related_span([b.text for b in blocks], idx)
            dropped.extend(Dropped(b.text, "related-articles") for b in blocks[idx:end])
            del blocks[idx:end]
        else:
            idx += 1

    byline = _byline(markup_byline, page, dropped)
    # An interview set out a question a paragraph ("س: …؟" / "ج: …", or bare), as scraped text.
    questions = question_lines([b.text for b in blocks])
    bare = bare_lines(root)
    chapters = ChapterBuilder(headline)
    has_body = headed = False
    said = 0  # paragraphs said so far
    for idx, block in enumerate(blocks):
        kind, content = block.kind, block.text
        if fold(content) == fold(headline) and (kind == "h1" or not has_body):
            dropped.append(Dropped(content, "headline-repeated"))
            continue
        if byline and fold(content) == fold(byline):
            dropped.append(Dropped(content, "byline-repeated"))
            continue
        # The writer's line comes before the body, or under a deck the extractor kept as the
        # first paragraph.
        if not byline and said <= 1 and byline_block(block):
            byline = content
            continue
        if idx in questions and kind in ("p", "b"):
            label = QUESTION_LABEL.match(content)
            if label:
                dropped.append(Dropped(label.group().strip(), "interview-label"))
            chapters.heading(content[label.end():] if label else content)
            headed = True
            continue
        answer = ANSWER_LABEL.match(content) if idx - 1 in questions else None
        if answer:
            dropped.append(Dropped(answer.group().strip(), "interview-label"))
            content = content[answer.end():]
        if block.quoted and _repeats_text(content, blocks):
            # A pull quote: a sentence of the article set out again in large type.
            dropped.append(Dropped(content, "pull-quote"))
            continue
        kept, furniture = clean_blocks([content])
        if kind != "h1" and furniture:
            # Furniture ("اقرأ أيضاً: …", a credit, a time stamp) is never a heading, whatever its
            # form: the rules of scraped text judge every block before its role does.
            dropped.extend(furniture)
            for paragraph in kept:
                chapters.paragraph(paragraph)
                has_body = True
            continue
        if kind in _SECTION_LEVELS and not has_body and not headed and _reads_as_deck(content):
            # A deck set as a heading under the headline: said, and the body has not begun.
            chapters.paragraph(content)
            continue
        following = blocks[idx + 1] if idx + 1 < len(blocks) else None
        previous = blocks[idx - 1] if idx and has_body else None
        if kind in _SECTION_LEVELS or kind in ("h1", "label") or (kind == "b" and bold_title(content, has_body, following)) \
                or (kind == "p" and block_key(content) in bare and plain_title(block, previous, following)):
            chapters.heading(content)
            headed = True
            continue
        for paragraph in kept:
            chapters.paragraph(paragraph)
            has_body = has_body or not block.deck
            said += 1
    built, empty = chapters.build()
    dropped.extend(Dropped(t, "empty-section") for t in empty)
    meta = Metadata(
        title=page["title"] or None,
        author=page["author"] or None,
        date=page["date"] or None,
    )
    return Article(headline, byline, built, tuple(dropped), meta)
