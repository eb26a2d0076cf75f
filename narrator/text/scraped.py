"""Text copied or scraped from a news page.

The seed's form: the page title with the site name after it, the headline repeated, a byline line,
body paragraphs, short heading lines without final punctuation, and a list of related articles at
the end.  Real scrapes add more: paragraphs on single lines or separated only by non-breaking
spaces, HTML entities, page furniture glued to paragraphs (noise.py) and sub-headings flattened
into the running text (inline_headings.py).
"""

from __future__ import annotations

import html
import re

from ..model import Article, Dropped
from .blocks import ChapterBuilder, clean_block
from .boilerplate import (
    LEAD_IN_WORDS,
    MARKED_BYLINE_LEAD,
    fold,
    is_related_header,
    looks_like_byline,
    looks_like_dateline,
    looks_like_heading,
    looks_like_list_heading,
    reads_like_body,
    related_span,
    split_page_title,
    strip_media_marker,
)
from .inline_headings import split_inline_headings
from .masthead import split_masthead, split_trailing_site
from .line_roles import (
    ANSWER_LABEL,
    QUESTION_LABEL,
    brief_item_title,
    is_list_item,
    join_url_lines,
    question_lines,
    speaker_labels,
    split_speaker,
    strip_bullet,
    unwrap,
    verse_runs,
)
from .noise import after_end_marker, clean_blocks, timestamp_line
from .widget_lines import breadcrumb_trail, kicker_label, share_bar

# Paragraph breaks: any line break; a run of spaces holding a non-breaking space after a sentence
# end (pages that keep a whole article on one line); three non-breaking spaces or more (layout).
_BREAKS = re.compile(
    r"[ \t\u00a0]*\n[\s\u00a0]*"
    r"|(?<=[.!?؟])[ \t]*\u00a0[ \t\u00a0]*"
    r"|[ \t]*(?:\u00a0[ \t]*){3,}"
)

# List items, never headings: a bullet before the item, or after it where a right-to-left page
# flipped it ("3 جيغا انترنات الجيل الثالث-").
_BULLET = re.compile(r"^\s*[*•▪●◾–-]|[*•▪●◾–-]\s*$")


# A writer's name with an honorific: "د. خالد العمري", "الدكتور …", "أ. …", "م. …" (at most five words).
_NAMED_WRITER = re.compile(r"^(?:د|أ|ا|م|أ\.د)\.\s*\S+(?:\s+\S+){0,3}$|^(?:الدكتور|الدكتورة|دكتور|الأستاذ|الأستاذة|المهندس|الشيخ)\s+\S+(?:\s+\S+){0,3}$")


def split_blocks(text: str) -> list[str]:
    return [b for b in (clean_block(raw) for raw in _BREAKS.split(text)) if b]


def _is_heading(block: str, following: str | None) -> bool:
    """A short unpunctuated line, or a list's colon title, introducing body text.

    Must leave alone: list items (a bullet), a dateline on its own line ("عمّان - بترا"), and a
    fragment of a sentence that opens with a conjunction or preposition ("وفي السياق ذاته").
    """
    if following is None or _BULLET.search(block):
        return False
    if is_list_item(following):
        # A title over a list ("أعراض ضربة الشمس" over "1. …"), unless it is an item itself.
        return not is_list_item(block) and looks_like_heading(block) and not looks_like_dateline(block) \
            and (block.split() or [""])[0] not in LEAD_IN_WORDS
    if looks_like_list_heading(block):
        return True
    first = block.split()[0] if block.split() else ""
    if first in LEAD_IN_WORDS or looks_like_dateline(block):
        return False
    return looks_like_heading(block) and not looks_like_heading(following)


def parse(text: str) -> Article:
    # Entities, twice: some pages escape their text once more ("&amp;quot;").
    blocks = split_blocks(unwrap(html.unescape(html.unescape(text))))
    dropped: list[Dropped] = []

    # A page copied from its top: the breadcrumb trail, share bar, date line and the story's
    # label ("عاجل") stand above the headline.
    # Only above a line that can be a headline: "عاجل" over a lone sentence is all there is.
    while len(blocks) > 1 and not blocks[1].rstrip(" \"'”»)").endswith((".", "…")):
        rule = next((r for r in (breadcrumb_trail, share_bar, timestamp_line, kicker_label) if not r(blocks[0])[0]), None)
        if rule is None:
            break
        dropped.append(Dropped(blocks.pop(0), rule.__name__.replace("_", "-")))
    headline = blocks.pop(0)
    if blocks:
        site = split_page_title(headline, blocks[0])
        if site is not None:
            # The page <title> ("headline - Site") followed by the headline itself.
            dropped.append(Dropped(site, "site-name"))
            headline = blocks.pop(0)
        elif fold(blocks[0]) == fold(headline):
            blocks.pop(0)
        else:
            masthead, headline = split_masthead(headline, "\n".join(blocks))
            if masthead:
                dropped.append(Dropped(masthead, "site-name"))
            site, headline = split_trailing_site(headline)
            if site:
                dropped.append(Dropped(site, "site-name"))
    headline, marker = strip_media_marker(headline)
    if marker:
        dropped.append(Dropped(marker, "media-marker"))

    idx = 0
    while idx < len(blocks):
        if is_related_header(blocks[idx]):
            end = related_span(blocks, idx)
            dropped.extend(Dropped(b, "related-articles") for b in blocks[idx:end])
            del blocks[idx:end]
        else:
            idx += 1
    blocks, leftovers = after_end_marker(blocks)
    dropped.extend(leftovers)
    blocks, furniture = clean_blocks(blocks)
    dropped.extend(furniture)
    runs = verse_runs(join_url_lines(blocks))
    blocks = [block for block, _ in runs]
    verse = {block for block, is_verse in runs if is_verse}

    byline = ""
    if len(blocks) > 1 and brief_item_title(blocks[0], blocks[1]):
        pass  # a news brief's first item title, not a writer's name
    elif blocks and looks_like_dateline(blocks[0]) and len(blocks) > 1:
        byline = blocks.pop(0)
    elif len(blocks) > 1 and looks_like_byline(blocks[0]) and not looks_like_heading(blocks[1]):
        byline = blocks.pop(0)
    elif len(blocks) > 1 and _NAMED_WRITER.match(blocks[0]) and looks_like_byline(blocks[0]):
        # "د. خالد العمري" over a line that describes him ("أستاذ الاقتصاد …"): a columnist's
        # byline, even though that line is short too.
        byline = blocks.pop(0)
    else:
        # Under a deck: "تقرير يرصد …" then "بقلم: فلان". Only a line that opens with a byline's
        # word, among the short lines before the body.
        for idx, block in enumerate(blocks[1:3], start=1):
            if reads_like_body(blocks[idx - 1]):
                break
            if MARKED_BYLINE_LEAD.match(block) and looks_like_byline(block) and len(block.split()) <= 8:
                byline = blocks.pop(idx)
                break
    if byline:
        repeated = [b for b in blocks if fold(b) == fold(byline)]
        dropped.extend(Dropped(b, "byline-repeated") for b in repeated)
        blocks = [b for b in blocks if fold(b) != fold(byline)]

    chapters = ChapterBuilder(headline)
    has_body = False
    speakers = speaker_labels(blocks)
    questions = question_lines(blocks, speakers)
    # Items of a list (two or more in a row) are read one by one; none is a title.
    list_items = {
        i for i, b in enumerate(blocks)
        if is_list_item(b) and any(0 <= j < len(blocks) and is_list_item(blocks[j]) for j in (i - 1, i + 1))
    }
    speakers = speakers if questions else frozenset()
    for idx, block in enumerate(blocks):
        following = blocks[idx + 1] if idx + 1 < len(blocks) else None
        # "هدى سعيد: …": an interview's turns named by their speakers; the names are labels.
        speaker, block = split_speaker(block, speakers)
        if speaker:
            dropped.append(Dropped(speaker, "interview-label"))
        if idx in questions:
            question = strip_bullet(block)
            label = QUESTION_LABEL.match(question)
            if label:
                dropped.append(Dropped(label.group().strip(), "interview-label"))
            chapters.heading(question[label.end():] if label else question)
            continue
        answer = ANSWER_LABEL.match(block) if idx - 1 in questions else None
        if answer:
            dropped.append(Dropped(answer.group().strip(), "interview-label"))
            block = block[answer.end():]
        # A heading needs body text before it (a deck under the headline is spoken as a paragraph)
        # and a block that is not itself a heading after it.
        if brief_item_title(block, following):
            chapters.heading(strip_bullet(block))
            continue
        if has_body and block not in verse and idx not in list_items and _is_heading(block, following):
            chapters.heading(block.rstrip(":： "))
            continue
        for kind, piece in split_inline_headings(block):
            if kind == "h":
                chapters.heading(piece)
            else:
                chapters.paragraph(piece)
                has_body = True
    built, empty = chapters.build()
    dropped.extend(Dropped(t, "empty-section") for t in empty)
    return Article(headline, byline, built, tuple(dropped))
