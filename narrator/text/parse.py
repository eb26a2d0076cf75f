"""Read an article file (or standard input) and turn it into an Article.

The source kind is told apart by its content, not its extension: a saved web page starts with
<!DOCTYPE html> or <html> (or is named .html/.htm); Markdown has headings or front matter; anything
else is treated as text copied or scraped from a news page.
"""

from __future__ import annotations

import re
import sys
from dataclasses import fields, replace
from pathlib import Path

from ..errors import InputError
from ..model import Article, Chapter, Dropped
from . import html, markdown, scraped
from .sanitize import sanitize, sanitize_markup

_MARKDOWN_SIGNS = re.compile(r"^(---\s*$|#{1,6}\s+\S|\S.*\n(=+|-+)\s*$)", re.MULTILINE)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _utf16_without_bom(data: bytes) -> str | None:
    """Arabic UTF-16 saved without a byte-order mark: the byte order whose text reads as Arabic."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _has_arabic(text) and not _CONTROL.search(text):
            return text
    return None


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with or without BOM), or Windows-1256 as the last resort."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: broken UTF-16 text ({exc.reason})") from None
    utf8: str | None = None
    if b"\x00" not in data[:4096]:
        try:
            utf8 = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        # Arabic UTF-16 has no zero bytes and is valid ASCII-range UTF-8 full of control codes.
        if utf8 is not None and not _CONTROL.search(utf8):
            return utf8
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if utf8 is not None:
        return utf8
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks like binary data, not text")
    text = data.decode("cp1256", errors="replace")
    if "\ufffd" in text or not _has_arabic(text) or _CONTROL.search(text):
        raise InputError(f"{name}: not UTF-8, UTF-16 or Windows-1256 text")
    return text


def read_source(path: str) -> str:
    """The article's text; `-` reads standard input. Every failure is one InputError line."""
    if path == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode(data, path)


def is_markdown(text: str) -> bool:
    return bool(_MARKDOWN_SIGNS.search(text))


_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Finding the article in a page costs time and memory with its size (a 30 MB page: minutes and
# a gigabyte); a news page, scripts and all, is well under 2 MB.  Any other input is held to the
# same figure, checked before anything else: 5 million characters of text is about 150 hours of
# speech, and parsing it would cost seconds a megabyte only to be refused by --max-hours.
MAX_PAGE_CHARS = 5_000_000


def is_page(text: str, name: str) -> bool:
    """A saved web page (told by its content, or by its name)."""
    return html.is_html(text) or name.lower().endswith(_HTML_SUFFIXES)


def check_size(text: str, name: str) -> None:
    """Refuse, before any parsing, an input longer than narrator reads."""
    if len(text) <= MAX_PAGE_CHARS:
        return
    what, advice = ("a web page", "save only the article's page") if is_page(text, name) else ("an article", "split it")
    raise InputError(f"{name}: {what} of {len(text) / 1e6:.1f} million characters is more than "
                     f"the {MAX_PAGE_CHARS // 1_000_000} million narrator reads; {advice}")


def _sanitized(article: Article) -> Article:
    """Front matter escapes (`"\\uD800"`) bring characters the raw text could not: clean again."""
    s = sanitize
    meta = article.meta
    return Article(
        s(article.headline),
        s(article.byline),
        tuple(Chapter(s(c.title), tuple(s(p) for p in c.paragraphs)) for c in article.chapters),
        tuple(Dropped(s(d.text), d.reason) for d in article.dropped),
        replace(meta, **{f.name: s(v) for f in fields(meta) if isinstance(v := getattr(meta, f.name), str)}),
    )


def parse_text(text: str, name: str = "<text>") -> Article:
    check_size(text, name)
    # Control characters, noncharacters and bidi overrides go here, where text enters (sanitize.py).
    text = sanitize_markup(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{name}: the article is empty")
    if is_page(text, name):
        try:
            article = html.parse(text)
        except InputError as exc:
            raise InputError(f"{name}: {exc}") from None
    elif is_markdown(text):
        article = markdown.parse(text)
    else:
        article = scraped.parse(text)
    article = _sanitized(article)
    if not article.headline.strip():
        raise InputError(f"{name}: no headline found")
    return article


def read_article(path: str) -> Article:
    return parse_text(read_source(path), path)
