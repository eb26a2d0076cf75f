"""Is this an article narrator can read?  Its voices speak Arabic; an article without a single
Arabic word would come out as letter-by-letter noise, so it is refused with a clear message."""

from __future__ import annotations

from ..errors import InputError
from ..model import Article
from .symbols import ARABIC_LETTERS

_ARABIC = frozenset(ARABIC_LETTERS)


def arabic_share(article: Article) -> float:
    """Arabic letters among all letters of the headline and body (0.0 when there are none)."""
    text = " ".join([article.headline, *(p for c in article.chapters for p in c.paragraphs)])
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch in _ARABIC for ch in letters) / len(letters) if letters else 0.0


def require_arabic(article: Article, source: str) -> None:
    if arabic_share(article) == 0.0:
        name = "standard input" if source == "-" else source
        raise InputError(f"{name}: no Arabic text found; narrator reads Arabic articles")
