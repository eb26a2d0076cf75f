"""Rules that recognise page furniture in scraped text: never spoken, always reported."""

from __future__ import annotations

import re

from .symbols import FINAL_PUNCTUATION

# Headers of the "more from this site" lists that follow an article; everything after one is dropped.
RELATED_HEADERS = (
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "مواضيع ذات صلة",
    "مقالات متعلقة",
    "أخبار متعلقة",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "إقرأ أيضا",
    "إقرأ أيضاً",
    "قد يهمك أيضا",
    "قد يهمك أيضاً",
    "المزيد من الأخبار",
    "الأكثر قراءة",
)

# Separators between an article title and the site name in a page <title>.
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]\s+")


def fold(text: str) -> str:
    """Compare text the way a reader would: whitespace and tatweel do not count."""
    return " ".join(text.replace("\u0640", "").split())


def is_related_header(block: str) -> bool:
    return fold(block).rstrip(":：").strip() in {fold(h) for h in RELATED_HEADERS}


def split_page_title(title: str, headline: str) -> str | None:
    """The site name, when `title` is `headline` followed by a separator and the site's name."""
    t, h = fold(title), fold(headline)
    if not t.startswith(h) or t == h:
        return None
    rest = t[len(h):]
    match = _TITLE_SEPARATORS.match(rest)
    if not match:
        return None
    site = rest[match.end():].strip()
    return site or None


def looks_like_byline(block: str) -> bool:
    """A short line naming an outlet or writer: no sentence punctuation, a few words."""
    words = block.split()
    if not words or len(words) > 10 or len(block) > 90 or "\n" in block.strip():
        return False
    return not block.rstrip().endswith(tuple(FINAL_PUNCTUATION + "؟?"))


def looks_like_heading(block: str) -> bool:
    """A short single line without final punctuation; a question mark is allowed."""
    words = block.split()
    if not words or len(words) > 12 or len(block) > 100 or "\n" in block.strip():
        return False
    return not block.rstrip().endswith(tuple(FINAL_PUNCTUATION))
