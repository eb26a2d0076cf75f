"""Sub-headings that the article extractor lost, put back from the page itself.

The same holds for a paragraph bold from end to end, whose formatting the fallback extractors drop.

trafilatura keeps `<h2>`-`<h4>` when it recognises the article's container by its name
(`entry-content`, `article-body` …); on other pages it falls back to extractors that keep paragraphs
only, and every sub-heading of the article is lost (a Drupal `field--name-body` is such a page).  The
page still has them: a heading that stands between two paragraphs the extractor kept is the
article's own, and goes back before the paragraph that follows it.  Headings before the first kept
paragraph or after the last (sidebars, footers) are not the article's and stay out.
"""

from __future__ import annotations

from typing import Any

from .blocks import clean_block
from .boilerplate import fold
from .page_blocks import Block
from .symbols import INVISIBLE_MARKS

_HEADINGS = ("h2", "h3", "h4")
_TEXT_BLOCKS = ("p", "li", "blockquote", "div", "td")
_BLOCK_CHILDREN = frozenset({"p", "div", "li", "ul", "ol", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
                             "section", "article", "figure"})
_KEY_CHARS = 60


def block_key(text: str) -> str:
    # Invisible marks (a Persian or Arabic page's "&zwnj;") may be in the page and not in the
    # extractor's text, or the other way round.
    return fold("".join(ch for ch in text if ch not in INVISIBLE_MARKS))[:_KEY_CHARS]


def own_text(element: Any) -> str:
    return clean_block(" ".join(element.itertext()))


def is_leaf_block(element: Any) -> bool:
    return element.tag in _TEXT_BLOCKS and not any(
        isinstance(child.tag, str) and child.tag in _BLOCK_CHILDREN for child in element
    )


def _wholly_bold(element: Any) -> bool:
    """All of the element's text inside <b> or <strong> (a CMS's sub-heading as a bold paragraph)."""
    text = own_text(element)
    bold = " ".join(
        clean_block(" ".join(b.itertext())) for b in element.iter("b", "strong")
        if not any(a.tag in ("b", "strong") for a in b.iterancestors() if a is not element)
    )
    return bool(text) and fold(bold) == fold(text)


def restore_headings(root: Any, blocks: list[Block]) -> list[Block]:
    """`blocks` with the page's lost sub-headings put back.

    When the extractor kept some headings it may still have dropped others (a live blog's entries
    after the first, each `<h3>` in a box of its own): only the missing ones go back, and bold
    paragraphs are left as the extractor gave them."""
    kept = {block_key(b.text) for b in blocks if b.kind in _HEADINGS or b.kind == "b"}
    first_of = {}
    for index, block in enumerate(blocks):
        if block.kind in ("p", "b"):
            first_of.setdefault(block_key(block.text), index)
    body = root.find(".//body")
    if body is None or not first_of:
        return blocks
    before: dict[int, list[Block]] = {}
    bolded: dict[int, Block] = {}
    pending: list[Block] = []
    seen_paragraph = False
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _HEADINGS:
            text = own_text(element)
            if text and seen_paragraph and block_key(text) not in kept:
                pending.append(Block(element.tag, text))
            continue
        if not is_leaf_block(element):
            continue
        index = first_of.get(block_key(own_text(element)))
        if index is None:
            continue
        if not kept and blocks[index].kind == "p" and _wholly_bold(element) and fold(blocks[index].text) == fold(own_text(element)):
            bolded[index] = Block("b", blocks[index].text)
        if pending and not (index and blocks[index - 1].kind in _HEADINGS):
            before.setdefault(index, []).extend(pending)
            pending = []
        seen_paragraph = True
    out: list[Block] = []
    for index, block in enumerate(blocks):
        out.extend(before.get(index, []))
        out.append(bolded.get(index, block))
    return out


def bare_lines(root: Any) -> set[str]:
    """Keys of the page's text lines that stand bare between `<br>`s, in no element of their own.

    A body kept as bare text split by `<br>` marks a sub-heading only by its place; a short line
    in an element of its own is as often a widget's ("شاهد أيضا", "إعلان", "قصص مقترحة"), so a
    plain-line title is taken from bare lines only."""
    body = root.find(".//body")
    found: set[str] = set()
    if body is None:
        return found
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        children = [c for c in element if isinstance(c.tag, str)]
        pieces = [(element.text, None, children[0] if children else None)]
        pieces += [(c.tail, c, children[i + 1] if i + 1 < len(children) else None) for i, c in enumerate(children)]
        for text, before, after in pieces:
            if text and text.strip() and any(n is not None and n.tag == "br" for n in (before, after)):
                found.add(block_key(clean_block(text)))
    return found
