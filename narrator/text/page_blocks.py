"""trafilatura's XML of a page's article as a list of blocks, and the signals of a bold title.

How news CMSs mark a sub-heading when they do not use <h2>-<h4>: a paragraph that is bold from end
to end (`<p><strong>…</strong></p>`, `<p><b>…</b></p>`), or a bold line opening a paragraph before
a `<br>` (interviews: `<p><b>*question?</b><br>-answer</p>`).  A bold phrase inside running text is
emphasis, not a title.  Lines split by `<br>` are one paragraph until a line ends a sentence: a
sentence end before `<br>` is the paragraph break of editors who type Shift+Enter; lines of a poem
or an address stay one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .blocks import clean_block
from .boilerplate import BYLINE_LEAD, LEAD_IN_WORDS
from .symbols import FINAL_PUNCTUATION, SENTENCE_ENDS


@dataclass(frozen=True, slots=True)
class Block:
    """kind: "h1"-"h6" (a heading), "b" (a paragraph or line bold from end to end), "p"."""

    kind: str
    text: str


_BOLD = frozenset({"#b", "#strong"})
# Hand-typed markers at the start of a line: a bullet, or a dash before a word (interviews mark
# questions with "*" and answers with "-"); a dash before a digit is a minus sign and stays.
_LINE_MARKER = re.compile(r"^(?:[*•▪●◾]+\s*|[-–—]+\s*(?=[^\W\d_]))")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”»)\]]*$")


def _strip_marker(line: str) -> str:
    return _LINE_MARKER.sub("", line, count=1).strip()


def _segments(element: Any, bold: bool = False) -> list[tuple[str, bool] | None]:
    """(text, is bold) pieces of an element in order; None where a <lb/> breaks the line."""
    out: list[tuple[str, bool] | None] = []
    if element.text:
        out.append((element.text, bold))
    for child in element:
        if child.tag == "lb":
            out.append(None)
        else:
            child_bold = bold or (child.tag == "hi" and child.get("rend") in _BOLD)
            out.extend(_segments(child, child_bold))
        if child.tail:
            out.append((child.tail, bold))
    return out


def _lines(element: Any) -> list[tuple[str, bool]]:
    """The element's lines, each with whether all of its text is bold."""
    lines: list[tuple[str, bool]] = []
    current: list[tuple[str, bool]] = []
    for segment in _segments(element) + [None]:
        if segment is not None:
            current.append(segment)
            continue
        text = clean_block("".join(t for t, _ in current))
        if text:
            bold = all(b for t, b in current if t.strip())
            lines.append((_strip_marker(text), bold))
        current = []
    return [(t, b) for t, b in lines if t]


def _paragraphs(element: Any) -> list[Block]:
    """A <p>'s lines as blocks: bold lines alone, other lines joined until a sentence ends."""
    out: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            out.append(Block("p", " ".join(pending)))
            pending.clear()

    for text, bold in _lines(element):
        if bold:
            flush()
            out.append(Block("b", text))
            continue
        pending.append(text)
        if _SENTENCE_END.search(text):
            flush()
    flush()
    return out


def page_blocks(main: Any) -> list[Block]:
    """Blocks of trafilatura's <main> in document order."""
    out: list[Block] = []
    # trafilatura leaves text outside any element when the page has no paragraphs.
    if clean_block(main.text or ""):
        out.append(Block("p", clean_block(main.text)))
    for element in main:
        tag = element.tag
        if tag == "head":
            kind = element.get("rend") or "h2"
            text = clean_block("".join(element.itertext()))
            if text:
                out.append(Block(kind if re.fullmatch(r"h[1-6]", kind) else "h2", text))
        elif tag == "list":
            for item in element.iter("item"):
                out.extend(_paragraphs(item))
        elif tag == "table":
            for row in element.iter("row"):
                text = " ".join(clean_block("".join(c.itertext())) for c in row.iter("cell"))
                if text.strip():
                    out.append(Block("p", text.strip()))
        elif tag in ("p", "quote", "code"):
            out.extend(_paragraphs(element))
        if clean_block(element.tail or ""):
            out.append(Block("p", clean_block(element.tail)))
    return out


# A title is short; an interview's question may be long, but it ends with a question mark.
_TITLE_MAX_WORDS = 15
_QUESTION_MAX_WORDS = 60


def bold_title(text: str, has_body: bool, following: Block | None) -> bool:
    """A bold block that titles the text after it.

    It needs running text after it (a bold line before another heading or at the end is a
    paragraph) and, unless it is a question, body text before it (a bold deck under the headline is
    spoken as a paragraph).  A bold sentence (ending with a full stop or a comma), a lead-in to a
    quotation ("وقال الوزير:") and a long bold lead are paragraphs.
    """
    if following is None or following.kind != "p":
        return False
    words = text.split()
    if not words:
        return False
    stripped = text.rstrip(" \"'”»)")
    if stripped.endswith(("؟", "?")):
        return len(words) <= _QUESTION_MAX_WORDS
    if not has_body or len(words) > _TITLE_MAX_WORDS:
        return False
    first = words[0]
    if first in LEAD_IN_WORDS or (first[:1] in "وف" and first[1:] in LEAD_IN_WORDS):
        return False
    if stripped.endswith((":", "：")):
        return len(words) <= 6
    return not stripped.endswith(tuple(FINAL_PUNCTUATION)) and not stripped.endswith(tuple(SENTENCE_ENDS))


def byline_block(block: Block) -> bool:
    """A short line before the body that names its writer ("حوار: آسيا العتروس")."""
    words = block.text.split()
    return block.kind in ("b", "p", "h5", "h6") and 2 <= len(words) <= 8 and bool(BYLINE_LEAD.match(block.text)) \
        and not block.text.rstrip().endswith(tuple(SENTENCE_ENDS))
