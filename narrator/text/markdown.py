"""Markdown articles: `# headline`, an optional byline paragraph, `## sections`, paragraphs.

markdown-it-py does the Markdown (ATX and setext headings, emphasis, links, lists); this module only
maps its tokens onto the article's structure.  YAML front matter fills the episode metadata.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import InputError
from ..model import Article, Dropped, Metadata
from .blocks import ChapterBuilder, clean_block
from .boilerplate import is_related_header, looks_like_byline

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)
_META_KEYS = ("title", "author", "date", "show", "cover", "language")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise InputError(f"front matter is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise InputError("front matter must be a mapping of keys to values")
    return data, text[match.end():]


def _inline_text(token: Token) -> str:
    """Visible text of an inline token: link text kept, images and raw HTML dropped."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return clean_block("".join(parts))


def _blocks(body: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is 'h1'...'h6' or 'p' (paragraphs and list items alike)."""
    md = MarkdownIt("commonmark")
    # markdown-it leaves a link whose URL it deems unsafe (`javascript:`, `vbscript:`, `data:`) as
    # raw text, brackets and URL included; we never emit the URL, only the link's words, so every
    # link is parsed as a link.
    md.validateLink = lambda url: True
    tokens = md.parse(body)
    out: list[tuple[str, str]] = []
    for i, tok in enumerate(tokens):
        if tok.type != "inline":
            continue
        opener = tokens[i - 1]
        kind = opener.tag if opener.type == "heading_open" else "p"
        text = _inline_text(tok)
        if text:
            out.append((kind, text))
    return out


def parse(text: str) -> Article:
    front, body = split_front_matter(text)
    meta = Metadata(
        **{k: str(front[k]) for k in _META_KEYS if front.get(k) not in (None, "")}
    )
    blocks = _blocks(body)
    dropped: list[Dropped] = []

    headline = ""
    if blocks and blocks[0][0] == "h1":
        headline = blocks.pop(0)[1]
    headline = headline or (meta.title or "")
    byline = ""
    if blocks and blocks[0][0] == "p" and looks_like_byline(blocks[0][1]):
        byline = blocks.pop(0)[1]
    byline = byline or (meta.author or "")

    chapters = ChapterBuilder(headline)
    for idx, (kind, block) in enumerate(blocks):
        if is_related_header(block):
            dropped.extend(Dropped(b, "related-articles") for _, b in blocks[idx:])
            break
        if kind == "h1" and block == headline:
            continue
        if kind.startswith("h"):
            chapters.heading(block)
        else:
            chapters.paragraph(block)
    built, empty = chapters.build()
    dropped.extend(Dropped(t, "empty-section") for t in empty)
    return Article(headline, byline, built, tuple(dropped), meta)
