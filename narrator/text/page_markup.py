"""What a saved page's own markup says before the article extractor reads it.

Publishing systems mark the pieces around an article's text with the same few names whatever the
outlet: WordPress (`wp-caption-text`, `entry-meta`, `author vcard`, `rel="author"`), Drupal
(`field--name-field-author`, `field-tags`), Arabic news CMSs (`post-meta-author`, `article_created`,
`img-caption`).  This module reads those signals from the lxml tree and takes the pieces out,
each with a named reason, so that trafilatura never mistakes a caption or a date line for the
first paragraph, and the byline is the one the page shows rather than a guess from its metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Dropped
from .blocks import clean_block
from .boilerplate import WRITER_VERB_LEAD, reads_like_body
from .noise import clean_blocks

# Class and id names are split into tokens at spaces, '-' and '_' and matched whole, so that
# "post-meta-author" is an author box and "authority-news" is not.
_TOKENS = re.compile(r"[\s_\-]+")

_BYLINE_TOKENS = frozenset({"author", "byline", "writer", "authors", "kateb", "reporter", "vcard",
                            "writeby", "writtenby", "postedby"})
_BY_VERBS = frozenset({"write", "written", "posted", "post"})
_CAPTION_TOKENS = frozenset({"caption", "figcaption", "imgcaption", "photocaption"})
# A box around a picture: the text in it beside the <img> is the picture's caption or credit.
_IMAGE_BOX_TOKENS = frozenset({"image", "img", "photo", "figure", "picture", "media", "thumbnail", "thumb", "gallery"})
_DATE_TOKENS = frozenset({"date", "time", "created", "published", "updated", "timestamp", "dateline", "posted"})
# These are matched as the start of a token too: "relatedposts", "sharedaddy", "captions", "tagsdiv".
_SHARE_TOKENS = frozenset({"share", "sharing", "social", "addthis"})
_TAG_TOKENS = frozenset({"tags", "keywords", "tagcloud"})
_RELATED_TOKENS = frozenset({"related", "recommended", "readmore"})
_BREADCRUMB_TOKENS = frozenset({"breadcrumb", "breadcrumbs"})
# A video or audio player's controls and labels ("تشغيل الفيديو 02:15"); matched as a token start
# too ("jwplayer" is not, "player-wrapper" is).
_PLAYER_TOKENS = frozenset({"player", "vjs", "jwplayer", "mejs"})
# An advertisement's slot and its label; whole tokens only ("address", "admin", "shadow" are not).
_AD_TOKENS = frozenset({"ad", "ads", "advert", "adverts", "advertisement", "adsbygoogle", "adslot", "dfp",
                        "sponsored"})

# A byline names one or a few people: longer text in an "author" box is a biography or a list.
_BYLINE_MAX_WORDS = 8
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class PageMarkup:
    """The byline the page shows ("" if none) and the pieces taken out of the tree."""

    byline: str
    dropped: tuple[Dropped, ...]


# camelCase names ("writeBy", "newsStoryDate", "articleBody") are split where a capital follows a
# small letter, as templates written in ASP.NET or JavaScript frameworks name their boxes.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _tokens(element: Any) -> set[str]:
    names = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"
    return {t.lower() for t in _TOKENS.split(_CAMEL.sub(" ", names)) if t}


def _text(element: Any) -> str:
    # Pieces of neighbouring elements ("<a>صحة</a><a>تطعيم</a>") are separate words.
    return clean_block(" ".join(element.itertext()))


def _remove(element: Any) -> None:
    """Take an element out and keep the text that followed it (lxml keeps it in the tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _holds_article(element: Any) -> bool:
    """A wrapper around the article itself: the markup names it after a part, but it holds the text."""
    if element.tag in ("body", "html", "article", "main"):
        return True
    if element.find(".//h1") is not None:
        return True
    long_paragraphs = [p for p in element.iter("p") if len(_text(p).split()) >= 25]
    return len(long_paragraphs) >= 2


def _is_byline_element(element: Any) -> bool:
    if element.get("rel") == "author" or (element.get("itemprop") or "").lower() == "author":
        return True
    tokens = _tokens(element)
    # "written-by", "posted_by", "writeBy": "by" names the writer only beside such a verb.
    return bool(tokens & _BYLINE_TOKENS) or ("by" in tokens and bool(tokens & _BY_VERBS))


# Links to a section or a tag page: the category label that templates put in the author row.
_SECTION_LINK = re.compile(r"/(?:category|categories|section|sections|tag|tags|topics?)/", re.I)


def _byline_text(element: Any) -> str:
    """A name or two: at least two words (one word in an author row is a category or a label)."""
    # Templates glue the date to the name: the name is what is left without it.
    kept, _ = clean_blocks([_text(element)])
    text = kept[0] if kept else ""
    words = text.split()
    if not 2 <= len(words) <= _BYLINE_MAX_WORDS or _DIGIT.search(text):
        return ""
    links = [a.get("href") or "" for a in element.iter("a")]
    if any(_SECTION_LINK.search(href) for href in links):
        return ""
    return text


def find_byline(root: Any) -> tuple[str, list[Any]]:
    """The first short text in an author/byline element, and the elements that showed it."""
    for element in root.iter():
        if not isinstance(element.tag, str) or not _is_byline_element(element):
            continue
        if element.tag in ("meta", "link") or _holds_article(element):
            continue
        text = _byline_text(element)
        if text:
            # The outermost author box goes, with its icon and label; a rel=author link inside a
            # sentence ("قال <a rel=author>…</a>") is left where it is.
            box = element
            parent = element.getparent()
            while parent is not None and _is_byline_element(parent) and not _holds_article(parent) \
                    and _text(parent) == text:
                box, parent = parent, parent.getparent()
            if box.tag == "a" and box.getparent() is not None and box.getparent().tag == "p" \
                    and _text(box.getparent()) != text:
                continue
            return text, [box]
    return _lead_in_byline(root)


_LEAF_TAGS = ("span", "div", "p", "strong", "b", "em", "address")
_BODY_WORDS = 25


def walk_past_headline(root: Any) -> Iterator[tuple[Any, bool]]:
    """Every element of the page in document order, with whether the first <h1> came before it
    (the <h1> itself is skipped): what a template prints between the headline and the body."""
    seen_h1 = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "h1":
            seen_h1 = True
            continue
        yield element, seen_h1


def _lead_in_byline(root: Any) -> tuple[str, list[Any]]:
    """A short element after the page's <h1> and before the article's first long text whose words
    open with "كتب", "كتبت" or "بقلم": templates without an author box put the writer there, in an
    element the article extractor drops.  Left alone: a sentence ("كتب الوزير في رسالته …", longer
    or ending with a full stop), a link or a heading (a tag or a teaser), anything after the body
    has begun (the article's own text)."""
    for element, seen_h1 in walk_past_headline(root):
        own = clean_block(" ".join(t for t in (element.text, *(c.tail for c in element)) if t))
        if seen_h1 and (len(own.split()) >= _BODY_WORDS or reads_like_body(own)):
            break
        if not seen_h1 or element.tag not in _LEAF_TAGS:
            continue
        if any(d.tag in ("p", "div", "a", "h2", "h3", "h4", "h5", "h6", "li") for d in element.iterdescendants()):
            continue
        if any(a.tag in ("a", "h2", "h3", "h4", "h5", "h6", "li") for a in element.iterancestors()):
            continue
        text = _text(element)
        if WRITER_VERB_LEAD.match(text) and 2 <= len(text.split()) <= _BYLINE_MAX_WORDS \
                and not text.rstrip().endswith((".", "؟", "?", "!")):
            return text, [element]
    return "", []


def _meta_author(root: Any) -> str:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "author":
            return clean_block(meta.get("content") or "")
    return ""


# (tokens, reason, longest text in words, prefix match): what goes when an element's class or id
# names it.  Dates match whole tokens only ("update-notice" and "timeline" are not date lines).
_FURNITURE: tuple[tuple[frozenset[str], str, int | None, bool], ...] = (
    (_CAPTION_TOKENS, "image-caption", 40, True),
    (_DATE_TOKENS, "timestamp", 14, False),
    (_SHARE_TOKENS, "share-bar", 20, True),
    (_TAG_TOKENS, "tag-list", 40, True),
    (_RELATED_TOKENS, "related-articles", None, True),
    (_BREADCRUMB_TOKENS, "breadcrumb", 20, True),
    (_PLAYER_TOKENS, "media-player", 20, True),
    (_AD_TOKENS, "advertisement", 12, False),
)


def _names_match(tokens: set[str], names: frozenset[str], prefix: bool) -> bool:
    if tokens & names:
        return True
    return prefix and any(t.startswith(_PREFIXES[names]) for t in tokens)


# A caption typed as the paragraph under a picture: a line, not a paragraph of the story.
_CAPTION_MAX_WORDS = 25
_ENDS_SENTENCE = re.compile(r"[.!?؟…][\"'”»)\]]*$")
_PHOTO_CREDIT = re.compile(r"\((?:أرشيف|رويترز|أ ف ب|أ\.ف\.ب|AFP|Reuters|AP|EPA|Getty[^)]*)\)|تصوير|©|صورة:", re.I)


def _only_picture(element: Any) -> bool:
    if element.tag not in ("p", "div", "figure", "img", "picture"):
        return False
    return (element.tag == "img" or element.find(".//img") is not None) and not _text(element)


def _wholly_italic(element: Any) -> bool:
    italic = " ".join(_text(e) for e in element.iter("em", "i") if not any(
        a.tag in ("em", "i") for a in e.iterancestors() if a is not element))
    return bool(_text(element)) and italic.split() == _text(element).split()


def _caption_after_picture(element: Any) -> bool:
    """The paragraph right under a picture that names what it shows: in italics, or a line
    without a sentence end ("وزير الصحة خلال المؤتمر الصحفي").  A sentence of the story after a
    picture ends with a full stop and stays."""
    if element.tag != "p":
        return False
    previous = element.getprevious()
    if previous is None or not isinstance(previous.tag, str) or not _only_picture(previous) \
            or (previous.tail or "").strip():
        return False
    text = _text(element)
    if not text or len(text.split()) > _CAPTION_MAX_WORDS:
        return False
    if _wholly_italic(element):
        return True
    # A plain line may be the next section's title: it is a caption when it says what the
    # picture's own alt text says, or carries a photo credit.
    if _ENDS_SENTENCE.search(text):
        return False
    pictures = [previous] if previous.tag == "img" else list(previous.iter("img"))
    alt = {w for img in pictures for w in f"{img.get('alt') or ''} {img.get('title') or ''}".split()}
    words = text.split()
    return bool(_PHOTO_CREDIT.search(text)) or sum(w in alt for w in words) * 2 >= len(words)


# str.startswith takes a tuple: one call a token instead of one a token and name.
_PREFIXES = {names: tuple(sorted(names)) for names, _, _, _ in _FURNITURE}


def _furniture_reason(element: Any) -> str | None:
    if element.tag == "figcaption":
        return "image-caption"
    if element.tag == "time" and len(_text(element).split()) <= 14:
        return "timestamp"
    tokens = _tokens(element)
    # A picture's box holds a line or two beside the <img>; a box of paragraphs is the text itself
    # (`entry-content has-media` around a short article).
    if (element.tag == "figure" or tokens & _IMAGE_BOX_TOKENS) and element.find(".//img") is not None \
            and len(_text(element).split()) <= 40 and len(element.findall(".//p")) < 2:
        return "image-caption"
    if _caption_after_picture(element):
        return "image-caption"
    for names, reason, max_words, prefix in _FURNITURE:
        if not _names_match(tokens, names, prefix):
            continue
        if max_words is not None and len(_text(element).split()) > max_words:
            continue
        if reason == "timestamp" and not _DIGIT.search(_text(element)):
            continue
        return reason
    return None


def read_markup(root: Any) -> PageMarkup:
    """Find the byline and take captions, date lines, share bars, tag lists and related boxes out.

    `root` is changed in place: what is taken out is returned as Dropped pieces with their reason.
    """
    dropped: list[Dropped] = []
    byline, boxes = find_byline(root)
    for box in boxes:
        _remove(box)
    if not byline:
        byline = _meta_author(root)
    body = root.find(".//body")
    if body is None:
        return PageMarkup(byline, ())
    doomed: list[tuple[Any, str]] = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        reason = _furniture_reason(element)
        if reason and not _holds_article(element):
            doomed.append((element, reason))
    taken: set[int] = set()
    for element, reason in doomed:
        # An element inside one already taken went with it.
        if any(id(a) in taken for a in element.iterancestors()):
            continue
        text = _text(element)
        taken.add(id(element))
        _remove(element)
        if text:
            dropped.append(Dropped(text, reason))
    return PageMarkup(byline, tuple(dropped))
