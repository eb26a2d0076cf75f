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
from .boilerplate import BYLINE_LEAD, LEAD_IN_WORDS, looks_like_dateline, reads_like_body
from .symbols import FINAL_PUNCTUATION, SENTENCE_ENDS


@dataclass(frozen=True, slots=True)
class Block:
    """kind: "h1"-"h6" (a heading), "b" (a paragraph or line bold from end to end), "label" (a bold
    run-in sub-heading that opened a paragraph, without its colon), "p"."""

    kind: str
    text: str
    # How many of the page's lines (split by <br>) were joined into this block: a block of several
    # short lines is verse or an address, never a plain-line title.
    lines: int = 1
    # From a <blockquote>: a quotation or a pull quote, never a title.
    quoted: bool = False
    # A deck or lead the page prints under the headline, outside the body (page_lead): spoken, but
    # the body has not begun (a byline line may still follow it).
    deck: bool = False


_BOLD = frozenset({"#b", "#strong"})
# Hand-typed markers at the start of a line: a bullet, or a dash before a word (interviews mark
# questions with "*" and answers with "-"); a dash before a digit is a minus sign and stays.
_LINE_MARKER = re.compile(r"^(?:[*•▪●◾]+\s*|[-–—]+\s*(?=[^\W\d_]))")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”»)\]]*$")


def strip_marker(line: str) -> str:
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


def _run_in_label(current: list[tuple[str, bool]]) -> tuple[str, str]:
    """A bold label ending with a colon that opens a line of plain text ("<b>تحقيق رسمي:</b> فتح
    المدعون …"), and the text after it; ("", "") when the line has none."""
    label: list[str] = []
    index = 0
    while index < len(current) and (current[index][1] or not current[index][0].strip()):
        label.append(current[index][0])
        index += 1
    head = clean_block("".join(label))
    rest = clean_block("".join(t for t, _ in current[index:]))
    if not head.endswith((":", "：")) or not rest:
        return "", ""
    return head, rest


def _lines(element: Any) -> list[tuple[str, bool, str, str]]:
    """The element's lines, each with whether all of its text is bold, and a run-in label with the
    text after it (see `_run_in_label`)."""
    lines: list[tuple[str, bool, str, str]] = []
    current: list[tuple[str, bool]] = []
    for segment in _segments(element) + [None]:
        if segment is not None:
            current.append(segment)
            continue
        text = clean_block("".join(t for t, _ in current))
        if text:
            bold = all(b for t, b in current if t.strip())
            label, rest = ("", "") if bold else _run_in_label(current)
            lines.append((strip_marker(text), bold, strip_marker(label), rest))
        current = []
    return [line for line in lines if line[0]]


def _line_alone(text: str, following: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _PLAIN_TITLE_MAX_WORDS and reads_like_body(following) \
        and not text.rstrip(" \"'”»)").endswith(tuple(FINAL_PUNCTUATION) + tuple(SENTENCE_ENDS))


# A run-in sub-heading is a few words: "تحقيقٌ رسمي:", "الموقف الأمريكي:".
_RUN_IN_MAX_WORDS = 5


def _run_in_title(label: str, rest: str) -> bool:
    """A bold label before running text that may title it; lead-ins to speech ("وقال الوزير:"),
    one-letter interview labels ("س:") and labels before a short line ("المصدر: رويترز") are not."""
    words = label.rstrip(":： ").split()
    if not words or len(words) > _RUN_IN_MAX_WORDS or len(words[0]) < 2 or not reads_like_body(rest):
        return False
    first = words[0]
    return not (first in LEAD_IN_WORDS or (first[:1] in "وف" and first[1:] in LEAD_IN_WORDS))


def _settle_labels(blocks: list[Block]) -> list[Block]:
    """Run-in labels that are not sub-headings go back before their text as the page printed them:
    a label before any body text (a bold dateline, "القاهرة:") and labels that recur (an
    interview's speakers, "الجزيرة نت:" before every question)."""
    labels = [b.text for b in blocks if b.kind == "label"]
    out: list[Block] = []
    seen_text = False
    label: Block | None = None
    for block in blocks:
        if block.kind == "label":
            label = block
            continue
        if label is not None:
            if not seen_text or labels.count(label.text) > 1:
                block = Block(block.kind, f"{label.text}: {block.text}", block.lines)
            else:
                out.append(label)
            label = None
        out.append(block)
        seen_text = seen_text or block.kind in ("p", "b")
    return out


def _paragraphs(element: Any) -> list[Block]:
    """A <p>'s lines as blocks: bold lines alone, other lines joined until a sentence ends."""
    out: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            out.append(Block("p", " ".join(pending), len(pending)))
            pending.clear()

    lines = _lines(element)
    for index, (text, bold, label, rest) in enumerate(lines):
        if bold:
            flush()
            out.append(Block("b", text))
            continue
        if not pending and label and _run_in_title(label, rest):
            out.append(Block("label", label.rstrip(":： ")))
            text = rest
        following = lines[index + 1] if index + 1 < len(lines) else None
        if not pending and following and not following[1] and _line_alone(text, following[0]):
            # A short line between two sentences is a line of its own (a sub-heading typed as a
            # plain line, judged by plain_title), not the start of the next paragraph.
            out.append(Block("p", text))
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
        elif tag == "quote":
            out.extend(Block("p", b.text, b.lines, quoted=True) for b in _paragraphs(element) if b.kind != "label")
        elif tag in ("p", "code"):
            out.extend(_paragraphs(element))
        if clean_block(element.tail or ""):
            out.append(Block("p", clean_block(element.tail)))
    return _settle_labels(out)


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
    # "دعوت صادقانه؟!": a question mark with an exclamation is still a question.
    if stripped.rstrip("!").endswith(("؟", "?")):
        return len(words) <= _QUESTION_MAX_WORDS
    if not has_body or len(words) > _TITLE_MAX_WORDS:
        return False
    first = words[0]
    if first in LEAD_IN_WORDS or (first[:1] in "وف" and first[1:] in LEAD_IN_WORDS):
        return False
    if stripped.endswith((":", "：")):
        return len(words) <= 6
    return not stripped.endswith(tuple(FINAL_PUNCTUATION)) and not stripped.endswith(tuple(SENTENCE_ENDS))


# A sub-heading typed as a plain line: shorter than a bold title may be, since nothing but its
# place marks it.
_PLAIN_TITLE_MAX_WORDS = 12
_URL = re.compile(r"https?://|www\.", re.I)


def plain_title(block: Block, previous: Block | None, following: Block | None) -> bool:
    """A plain (not bold) paragraph that is a sub-heading: pages that keep the body as bare text
    split by `<br><br>` (or editors who type a heading as an ordinary line) mark it only by place.

    It stands between two paragraphs of running text: the one before ends a sentence (a line after
    "وقال:" is a quotation or verse), the one after reads as body (a dozen words, a sentence end);
    it is one line (lines joined from a <br>-split paragraph are verse) and no quotation, short, has no final
    punctuation, no question mark, no URL, and does not open with a conjunction, preposition or
    reporting verb ("وفي السياق ذاته", "وأضاف الوزير").  A dateline
    ("عمّان - بترا") and a byline ("كتب محمد علي") are not titles.
    """
    if block.lines > 1 or block.quoted or previous is None or following is None:
        return False
    if previous.kind != "p" or following.kind != "p":
        return False
    text = block.text
    if not _SENTENCE_END.search(previous.text) or not reads_like_body(following.text):
        return False
    words = text.split()
    if not words or len(words) > _PLAIN_TITLE_MAX_WORDS or _URL.search(text) or _LINE_MARKER.match(text):
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    stripped = text.rstrip(" \"'”»)")
    if stripped.endswith(tuple(FINAL_PUNCTUATION)) or stripped.endswith(tuple(SENTENCE_ENDS)):
        return False
    first = words[0]
    if first in LEAD_IN_WORDS or (first[:1] in "وف" and first[1:] in LEAD_IN_WORDS):
        return False
    return not looks_like_dateline(text) and not BYLINE_LEAD.match(text)


def byline_block(block: Block) -> bool:
    """A short line before the body that names its writer ("حوار: آسيا العتروس")."""
    words = block.text.split()
    return block.kind in ("b", "p", "h5", "h6") and 2 <= len(words) <= 8 and bool(BYLINE_LEAD.match(block.text)) \
        and not block.text.rstrip().endswith(tuple(SENTENCE_ENDS))
