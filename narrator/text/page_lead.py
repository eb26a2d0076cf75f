"""An article's lead paragraph (standfirst) that the page keeps outside the body's container.

Many templates print the lead between the headline and the article body, in its own element:
schema.org's `itemprop="description"`, a class named lead, standfirst, excerpt, summary, intro,
deck, subtitle (`b-article__lead`, `article-lead`, `entry-summary`), or an `<h2>` right after the
`<h1>`.  The article extractor picks the body's
container (`itemprop="articleBody"`, `entry-content` …) and the lead, often the story's first and
most important paragraph, is lost.  It goes back before the first paragraph when it stands after
the page's `<h1>` and before the body's first paragraph; the same names elsewhere (teasers of other
stories in a list, a sidebar's summary) are not the article's lead and stay out.
"""

from __future__ import annotations

import re
from typing import Any

from .page_blocks import Block, strip_marker
from .page_headings import block_key, is_leaf_block, own_text
from .page_markup import walk_past_headline

_TOKENS = re.compile(r"[\s_\-]+")
_LEAD_TOKENS = frozenset({"lead", "standfirst", "excerpt", "summary", "intro", "deck", "sapo", "chapo",
                          "subtitle", "subheadline", "subhead", "strapline"})
# A lead is a sentence or two: a line is a label, a long box is something else.
_MIN_WORDS, _MAX_WORDS = 8, 80


def _is_lead_element(element: Any) -> bool:
    if element.tag in ("meta", "link", "script", "style"):
        return False
    # A deck set as an <h2> right under the <h1>, in the article's header.
    previous = element.getprevious()
    if element.tag == "h2" and previous is not None and previous.tag == "h1":
        return True
    if (element.get("itemprop") or "").lower() == "description":
        return True
    tokens = {t.lower() for t in _TOKENS.split(element.get("class") or "") if t}
    return bool(tokens & _LEAD_TOKENS)


def restore_lead(root: Any, blocks: list[Block]) -> list[Block]:
    """`blocks` with the page's lead put first when the extractor left it out."""
    body = root.find(".//body")
    first = next((b for b in blocks if b.kind in ("p", "b")), None)
    if body is None or first is None:
        return blocks
    known = {block_key(b.text) for b in blocks}
    first_key = block_key(first.text)
    for element, seen_h1 in walk_past_headline(body):
        leaf, lead = is_leaf_block(element), seen_h1 and _is_lead_element(element)
        if not leaf and not lead:
            continue
        text = strip_marker(own_text(element))
        if leaf and block_key(text) == first_key:
            return blocks
        if not lead:
            continue
        if not _MIN_WORDS <= len(text.split()) <= _MAX_WORDS or block_key(text) in known:
            continue
        if any(block_key(text) in block_key(b.text) or block_key(b.text) in block_key(text) for b in blocks):
            continue
        return [Block("p", text, deck=True), *blocks]
    return blocks
