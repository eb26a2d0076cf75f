"""Text copied or scraped from a news page.

The seed's form: the page title with the site name after it, the headline repeated, a byline line,
body paragraphs separated by blank lines, short heading lines without final punctuation, and a list
of related articles at the end.  Blocks are separated by blank lines.
"""

from __future__ import annotations

import re

from ..model import Article, Dropped
from .blocks import ChapterBuilder, clean_block
from .boilerplate import (
    fold,
    is_related_header,
    looks_like_byline,
    looks_like_heading,
    split_page_title,
)

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n")


def split_blocks(text: str) -> list[str]:
    return [b for b in (clean_block(raw) for raw in _BLANK_LINES.split(text)) if b]


def parse(text: str) -> Article:
    blocks = split_blocks(text)
    dropped: list[Dropped] = []

    headline = blocks.pop(0)
    if blocks:
        site = split_page_title(headline, blocks[0])
        if site is not None:
            # The page <title> ("headline - Site") followed by the headline itself.
            dropped.append(Dropped(site, "site-name"))
            headline = blocks.pop(0)
        elif fold(blocks[0]) == fold(headline):
            blocks.pop(0)

    byline = ""
    if len(blocks) > 1 and looks_like_byline(blocks[0]) and not looks_like_heading(blocks[1]):
        byline = blocks.pop(0)

    for idx, block in enumerate(blocks):
        if is_related_header(block):
            dropped.extend(Dropped(b, "related-articles") for b in blocks[idx:])
            del blocks[idx:]
            break

    chapters = ChapterBuilder(headline)
    for idx, block in enumerate(blocks):
        following = blocks[idx + 1] if idx + 1 < len(blocks) else None
        # A heading introduces body text: it is followed by a block that is not itself a heading.
        if following is not None and looks_like_heading(block) and not looks_like_heading(following):
            chapters.heading(block)
        else:
            chapters.paragraph(block)
    built, empty = chapters.build()
    dropped.extend(Dropped(t, "empty-section") for t in empty)
    return Article(headline, byline, built, tuple(dropped))
