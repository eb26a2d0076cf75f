"""Can this article be read?  narrator is made for Arabic: an article that says it is Arabic (the
default) must contain Arabic, or the voice would spell out foreign words letter by letter.  An
article whose front matter names another language is read only by an engine that speaks it (the
online voice); the offline voice speaks Arabic only."""

from __future__ import annotations

from collections.abc import Collection

from ..errors import InputError
from ..model import Article
from .symbols import has_arabic_letter


def base_language(tag: str | None) -> str:
    """`ar-SA` → `ar`; nothing → `ar`."""
    return (tag or "ar").replace("_", "-").split("-")[0].lower() or "ar"


def check_language(article: Article, source: str, engine_languages: Collection[str] | None) -> None:
    name = "standard input" if source == "-" else source
    language = base_language(article.meta.language)
    if engine_languages is not None and language not in engine_languages:
        raise InputError(
            f"{name}: the article's language is {language!r}, and this voice speaks only "
            f"{', '.join(sorted(engine_languages))} (try --engine gtts)"
        )
    spoken = (article.headline, *(p for c in article.chapters for p in c.paragraphs))
    if language == "ar" and not any(has_arabic_letter(text) for text in spoken):
        raise InputError(f"{name}: no Arabic text found; narrator reads Arabic articles "
                         "(an article in another language needs `language:` in its front matter)")
