"""File names for episodes of web pages: a safe stem from the article's URL.

News URLs end in a slug (`/2024/05/وزير-الخارجية-يزور-دمشق`), percent-encoded on the wire; the
stem is that slug decoded, so an Arabic slug stays Arabic.  A URL's path may hold anything, so the
stem keeps no `/` or `\\`, no `..`, no control or bidi-control characters, nothing a shell or
Windows rejects, and fits a file name (255 bytes on common file systems, with room for the longest
sidecar suffix and the partial-file prefix) with a short hash of the URL when it had to be cut.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_STEM_BYTES = 120  # + ".chapters.json" + ".partial-PID": well inside 255
# Last segments that name a script or a template, not the article: the segment before (or the
# query) says which article it is.
_GENERIC = {"index", "default", "article", "articles", "story", "news", "post", "details", "detail",
            "view", "show", "item", "content", "page", "amp", "print", ""}
_SCRIPT_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm|cgi)$", re.I)
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _short_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = _BIDI_CONTROLS.sub("", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cc")
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"-{2,}", "-", name)
    name = re.sub(r"\.{2,}", ".", name)  # never `..`
    return name.strip(".-_ ")


def _fit(stem: str, url: str) -> str:
    if len(stem.encode("utf-8")) <= MAX_STEM_BYTES:
        return stem
    cut = stem.encode("utf-8")[: MAX_STEM_BYTES - 9].decode("utf-8", "ignore").rstrip(".-_ ")
    return f"{cut}-{_short_hash(url)}"


def stem_from_url(url: str) -> str:
    """A file stem for the article at `url` (see the module's note)."""
    parts = urlsplit(url)
    segments = [unquote(s, errors="replace") for s in parts.path.split("/") if s]
    name = ""
    scripted = False
    query_values = [v for _, v in parse_qsl(parts.query) if v]
    while segments and not name:
        last = segments.pop()
        bare = _SCRIPT_SUFFIX.sub("", last)
        scripted = scripted or bare != last
        if bare.lower() in _GENERIC and query_values:
            name = bare  # article.php?id=55: the query names the article
            scripted = True
        elif bare.lower() not in _GENERIC:
            name = bare
    if query_values and (not name or scripted):
        name = "-".join([name, *query_values] if name else query_values)
    stem = _clean(name)
    if not stem:
        stem = f"article-{_short_hash(url)}"
    return _fit(stem, url)


def unique_stem(stem: str, url: str, taken: set[str]) -> str:
    """`stem`, or `stem-HASH` when another article already has it."""
    if stem not in taken:
        return stem
    cut = stem.encode("utf-8")[: MAX_STEM_BYTES - 9].decode("utf-8", "ignore")
    return f"{cut}-{_short_hash(url)}"
