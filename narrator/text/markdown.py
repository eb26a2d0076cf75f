"""Markdown articles: `# headline`, an optional byline paragraph, `## sections`, paragraphs.

markdown-it-py does the Markdown (ATX and setext headings, emphasis, links, lists); this module only
maps its tokens onto the article's structure.  YAML front matter fills the episode metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import InputError
from ..model import Article, Dropped, Metadata
from .blocks import ChapterBuilder, clean_block
from .boilerplate import BYLINE_LEAD, is_related_header, looks_like_byline
from .noise import clean_blocks

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


@dataclass(frozen=True, slots=True)
class _Inline:
    text: str
    bold: bool  # all of the text is bold
    italic: bool  # all of the text is in emphasis
    image: bool  # the paragraph shows a picture


def _inline_text(token: Token) -> _Inline:
    """Visible text of an inline token (link text kept, images and raw HTML dropped), and how it
    is set."""
    parts: list[str] = []
    bold_parts: list[bool] = []
    italic_parts: list[bool] = []
    depth = em = 0
    image = False
    for child in token.children or []:
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
        elif child.type == "em_open":
            em += 1
        elif child.type == "em_close":
            em -= 1
        elif child.type == "image":
            image = True
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
            if child.content.strip():
                bold_parts.append(depth > 0)
                italic_parts.append(em > 0)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _Inline(clean_block("".join(parts)), bool(bold_parts) and all(bold_parts),
                   bool(italic_parts) and all(italic_parts), image)


@dataclass(frozen=True, slots=True)
class _Block:
    kind: str  # "h1"-"h6", "p", "li" (a list item) or "caption" (a picture's)
    text: str
    bold: bool = False


def _table_text(rows: list[list[str]]) -> str:
    """A table read row by row: its cells joined by commas, each row a sentence ("تونس، 10%.")."""
    return " ".join("، ".join(cells) + "." for cells in rows if any(cells))


def _blocks(body: str) -> list[_Block]:
    # Tables (GFM) are read row by row, never as pipes.
    md = MarkdownIt("commonmark").enable("table")
    # markdown-it leaves a link whose URL it deems unsafe (`javascript:`, `vbscript:`, `data:`) as
    # raw text, brackets and URL included; we never emit the URL, only the link's words, so every
    # link is parsed as a link.
    md.validateLink = lambda url: True
    tokens = md.parse(body)
    out: list[_Block] = []
    lists = 0
    rows: list[list[str]] | None = None
    after_image = False
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open" and rows is not None:
            rows.append([])
        elif tok.type == "table_close" and rows is not None:
            if _table_text(rows):
                out.append(_Block("p", _table_text(rows)))
            rows = None
        if tok.type != "inline":
            continue
        inline = _inline_text(tok)
        if rows is not None:
            if rows and inline.text:
                rows[-1].append(inline.text)
            continue
        opener = tokens[i - 1]
        kind = opener.tag if opener.type == "heading_open" else ("li" if lists else "p")
        # A picture's caption: set in emphasis with the picture or in the paragraph after it.
        if kind == "p" and inline.text and inline.italic and (inline.image or after_image):
            kind = "caption"
        after_image = inline.image and not inline.text
        if inline.text:
            out.append(_Block(kind, inline.text, inline.bold))
    return out


# "(1) title", "1. title", "1) title", "١- title": a dump's or a list's number before a headline.
_NUMBERING = re.compile(r"^(?:\(\s*[0-9٠-٩]{1,3}\s*\)|[0-9٠-٩]{1,3}\s*[.)\-–])\s+(?=\S)")

# "التاريخ: …", "**الكاتب:** …": a field name of a few words and its value.
_FIELD = re.compile(r"^(?P<key>[^:：.!?؟]{1,30}?)\s*[:：]\s*(?P<value>\S.*)$")
_AUTHOR_KEYS = frozenset({"الكاتب", "الكاتبة", "المؤلف", "بقلم", "كتب", "كتبت", "المحرر", "الصحفي",
                          "author", "by", "writer"})


def _field(text: str) -> tuple[str, str] | None:
    match = _FIELD.match(text)
    if not match or len(match.group("key").split()) > 4:
        return None
    return match.group("key").strip(), match.group("value").strip()


def _headline(blocks: list[_Block], meta: Metadata, dropped: list[Dropped]) -> str:
    """`# headline`; else the front matter's title; else a heading of any level that comes before
    all text and is the highest level used (dumps and exports start each article at `##`), without
    the dump's number."""
    if blocks and blocks[0].kind == "h1":
        return blocks.pop(0).text
    if meta.title:
        return meta.title
    if blocks and blocks[0].kind.startswith("h") and not any(b.kind.startswith("h") and b.kind < blocks[0].kind
                                                             for b in blocks):
        text = blocks.pop(0).text
        number = _NUMBERING.match(text)
        if number:
            dropped.append(Dropped(number.group().strip(), "list-numbering"))
            text = text[number.end():]
        return text
    return ""


def _metadata_list(blocks: list[_Block], dropped: list[Dropped]) -> str:
    """A list of "field: value" items right under the headline (date, section, writer, link,
    word count): the page's metadata, not its text.  Returns the writer's name when a field holds it."""
    end = 0
    while end < len(blocks) and blocks[end].kind == "li" and _field(blocks[end].text):
        end += 1
    if end < 2:
        return ""
    author = ""
    for block in blocks[:end]:
        key, value = _field(block.text) or ("", "")
        if key.lower() in _AUTHOR_KEYS and not author:
            author = value
        dropped.append(Dropped(block.text, "metadata-list"))
    del blocks[:end]
    return author


def _is_field_label(block: _Block) -> bool:
    """"**نص التقرير:**": a bold label of a few words ending in a colon, before the text it labels."""
    return block.bold and block.text.endswith((":", "：")) and len(block.text.split()) <= 4


def parse(text: str) -> Article:
    front, body = split_front_matter(text)
    meta = Metadata(
        **{k: str(front[k]) for k in _META_KEYS if front.get(k) not in (None, "")}
    )
    blocks = _blocks(body)
    dropped: list[Dropped] = [Dropped(b.text, "image-caption") for b in blocks if b.kind == "caption"]
    blocks = [b for b in blocks if b.kind != "caption"]

    headline = _headline(blocks, meta, dropped)
    listed_author = _metadata_list(blocks, dropped)
    byline = ""
    # A bold first line is a deck, unless it opens with a byline's word ("**بقلم: فلان**").
    if blocks and blocks[0].kind == "p" and looks_like_byline(blocks[0].text) and (
            not blocks[0].bold or BYLINE_LEAD.match(blocks[0].text)):
        byline = blocks.pop(0).text
    byline = byline or listed_author or (meta.author or "")

    chapters = ChapterBuilder(headline)
    has_body = False
    for idx, block in enumerate(blocks):
        if is_related_header(block.text):
            dropped.extend(Dropped(b.text, "related-articles") for b in blocks[idx:])
            break
        if block.kind == "h1" and block.text == headline:
            continue
        if block.kind.startswith("h"):
            chapters.heading(block.text)
            continue
        if not has_body and _is_field_label(block):
            dropped.append(Dropped(block.text, "field-label"))
            continue
        kept, furniture = clean_blocks([block.text])
        dropped.extend(furniture)
        for paragraph in kept:
            chapters.paragraph(paragraph)
            has_body = True
    built, empty = chapters.build()
    dropped.extend(Dropped(t, "empty-section") for t in empty)
    return Article(headline, byline, built, tuple(dropped), meta)
