"""What a line of copied or scraped text is, from how text is laid out rather than from its words.

- hard wrapping: a wire or an e-mail breaks every line at a fixed width, so its line breaks are
  not paragraphs (only blank lines are);
- a URL alone on a line continues the sentence before it when that sentence has not ended;
- a run of short unpunctuated lines after a colon, or of three or more, is a poem, lyrics or an
  address: one paragraph, never a section title;
- a news brief: a short title line (often after a bullet) followed by a paragraph that opens with
  a dateline ("* عمّان - «بترا»: …") is an item's title;
- an interview set out a question a line ("س: …؟" / "ج: …", or bare): each question is a title.
"""

from __future__ import annotations

import re
from collections import Counter

from .boilerplate import LEAD_IN_WORDS, looks_like_dateline, looks_like_heading
from .inline_headings import interviewer_question

_SENTENCE_END = re.compile(r"[.!?؟…][\"'”»)\]]*$")

# Hard wrapping: at least this many lines, none longer than a terminal's width, most of them near
# the longest, and many ending mid-sentence.  Pages that keep one paragraph a line vary widely.
_WRAP_MIN_LINES = 5
_WRAP_MAX_WIDTH = 120
_WRAP_NEAR = 0.6
_WRAP_SHARE_NEAR = 0.8
_WRAP_SHARE_OPEN = 0.4


def is_hard_wrapped(lines: list[str]) -> bool:
    lines = [line.strip() for line in lines if line.strip()]
    if len(lines) < _WRAP_MIN_LINES:
        return False
    widest = max(len(line) for line in lines)
    if widest > _WRAP_MAX_WIDTH:
        return False
    near = sum(1 for line in lines if len(line) >= _WRAP_NEAR * widest) / len(lines)
    open_ = sum(1 for line in lines if not _SENTENCE_END.search(line)) / len(lines)
    return near >= _WRAP_SHARE_NEAR and open_ >= _WRAP_SHARE_OPEN


def unwrap(text: str) -> str:
    """Hard-wrapped body lines joined; the first line (the headline) and blank lines stay."""
    head, newline, body = text.partition("\n")
    if not newline or not is_hard_wrapped(body.split("\n")):
        return text
    return head + "\n" + re.sub(r"(?<=\S)[ \t]*\n(?![ \t\u00a0]*\n)[ \t]*(?=\S)", " ", body)


_URL_LINE = re.compile(r"^[(<«\[]?(?:https?://|www\.)\S+[)>»\]]?[.،,;:!؟?]?$", re.I)


def join_url_lines(blocks: list[str]) -> list[str]:
    """A URL alone on a line joins the line before when that line's sentence has not ended."""
    out: list[str] = []
    for block in blocks:
        if out and _URL_LINE.match(block) and not _SENTENCE_END.search(out[-1]):
            out[-1] = f"{out[-1]} {block}"
        else:
            out.append(block)
    return out


_VERSE_MAX_WORDS = 8
_BULLET_START = re.compile(r"^\s*[*•▪●◾–-]")
# A list item: a bullet, or a number of one or two digits with its stop ("1. ", "2) ", "٣- ", "(4) ").
_LIST_START = re.compile(r"^\s*(?:[*•▪●◾–-]|[0-9٠-٩]{1,2}\s*[.)\-–]\s|\(\s*[0-9٠-٩]{1,2}\s*\)\s)")


def is_list_item(block: str) -> bool:
    return bool(_LIST_START.match(block))


def _verse_line(block: str) -> bool:
    return (
        len(block.split()) <= _VERSE_MAX_WORDS
        and looks_like_heading(block)
        and not block.rstrip().endswith(("؟", "?"))
        and not is_list_item(block)  # a list's items are read one by one, not as a poem
        and not looks_like_dateline(block)
    )


def join_verse(blocks: list[str]) -> list[str]:
    """The blocks with every run of verse lines joined into one paragraph (see verse_runs)."""
    return [block for block, _ in verse_runs(blocks)]


def verse_runs(blocks: list[str]) -> list[tuple[str, bool]]:
    """Each block, and whether it is verse: runs of short unpunctuated lines that are a poem,
    lyrics or an address become one paragraph,
    its lines separated by commas (a pause for each line, as a reader makes).

    A run counts after a line that ends with a colon (a quotation's lead-in) or when it has three
    lines or more; two short lines alone are a kicker and a title, which the heading rules judge.
    """
    out: list[tuple[str, bool]] = []
    idx = 0
    while idx < len(blocks):
        end = idx
        while end < len(blocks) and _verse_line(blocks[end]):
            end += 1
        run = end - idx
        introduced = bool(out) and out[-1][0].rstrip().endswith((":", "："))
        if run >= 3 or (run == 2 and introduced):
            out.append(("، ".join(b.rstrip(" ،,") for b in blocks[idx:end]), True))
            idx = end
        else:
            out.append((blocks[idx], False))
            idx += 1
    return out


# "عمّان - «بترا»: …", "* الرياض - واس: …", "القاهرة – (أ ش أ): …": a place, a dash, an
# agency (bare, in guillemets or in brackets) and a colon, opening a paragraph.
_DATELINE_START = re.compile(
    r"^[*•▪●◾–-]?\s*[^\s.!?؟:،,«»()]{2,20}(?:\s[^\s.!?؟:،,«»()]{2,20})?\s+[-–—ـ]\s*"
    r"(?:«[^»]{2,30}»|\([^)]{2,30}\)|[^\s.!?؟:،,«»()]{2,20}(?:\s[^\s.!?؟:،,«»()]{2,20})?)\s*[:：]"
)


def opens_with_dateline(block: str) -> bool:
    return bool(_DATELINE_START.match(block))


def strip_bullet(block: str) -> str:
    return _BULLET_START.sub("", block, count=1).strip()


def brief_item_title(block: str, following: str | None) -> bool:
    """A news brief's item title: a short unpunctuated line, perhaps after a bullet, followed by
    the item's dateline paragraph."""
    if following is None or not opens_with_dateline(following) or opens_with_dateline(block):
        return False
    title = strip_bullet(block)
    words = title.split()
    if not words or words[0] in LEAD_IN_WORDS:
        return False
    return looks_like_heading(title) and not looks_like_dateline(title)


# "س: …؟" and "ج: …": the labels of a question and its answer.
QUESTION_LABEL = re.compile(r"^\s*(?:س|سؤال|السؤال)\s*[:：\-–]\s*")
# An answer's label, or the dash that sets an answer off; a minus before a digit stays.
ANSWER_LABEL = re.compile(r"^\s*(?:(?:ج|جواب|الجواب)\s*[:：\-–]\s*|[-–—]\s*(?=[^\W\d_]))")
_CLOSING = " \"'”»)"


# "الصحيفة: …؟" / "هدى سعيد: …": a turn opened by its speaker's name (at most four words).
_NAME_LABEL = re.compile(r"^\s*(?P<name>[^\s:：.!?؟،,\d«»\"][^:：.!?؟،,\d«»\"]{1,40}?)\s*[:：]\s+(?=\S)")
_LABEL_MAX_WORDS = 4


def _name_label(block: str) -> str | None:
    match = _NAME_LABEL.match(block)
    return match.group("name") if match and len(match.group("name").split()) <= _LABEL_MAX_WORDS else None


def speaker_labels(blocks: list[str]) -> frozenset[str]:
    """The names that label an interview's turns: one opening two questions or more, and one
    opening the lines that answer them. Both must be there: a report quoting "الوزير: …؟" twice
    is no interview."""
    names = [_name_label(b) for b in blocks]
    asking = Counter(n for n, b in zip(names, blocks) if n and b.rstrip(_CLOSING).endswith(("؟", "?")))
    interviewers = {n for n, count in asking.items() if count >= 2}
    answering = Counter(
        names[i + 1] for i, n in enumerate(names[:-1]) if n in interviewers and names[i + 1] not in (None, *interviewers)
    )
    guests = {n for n, count in answering.items() if count >= 2}
    return frozenset(interviewers | guests) if guests else frozenset()


def split_speaker(block: str, labels: frozenset[str]) -> tuple[str, str]:
    """(the speaker's label with its colon, the turn's words); ("", block) without a known label."""
    name = _name_label(block) if labels else None
    if name not in labels:
        return "", block
    match = _NAME_LABEL.match(block)
    assert match is not None
    return block[: match.end()].strip(), block[match.end():]


def question_lines(blocks: list[str], labels: frozenset[str] | None = None) -> set[int]:
    """Indices of an interview's questions set out one a line: a line ending with a question mark
    that an interviewer would ask, followed by an answer (a line of a few words that is no question).

    An interview asks several, or labels them ("س:", or its speakers' names: `labels`, found
    here when not given): one question line in a report is the writer's and is left alone.
    """
    found: list[int] = []
    labels = speaker_labels(blocks) if labels is None else labels
    for idx, block in enumerate(blocks[:-1]):
        question = QUESTION_LABEL.sub("", split_speaker(strip_bullet(block), labels)[1])
        answer = split_speaker(blocks[idx + 1], labels)[1]
        if not question.rstrip(_CLOSING).endswith(("؟", "?")) or not interviewer_question(question):
            continue
        if answer.rstrip(_CLOSING).endswith(("؟", "?")) or len(answer.split()) < 3:
            continue
        found.append(idx)
    labelled = bool(labels) or any(QUESTION_LABEL.match(blocks[idx]) for idx in found)
    return set(found) if len(found) >= 2 or labelled else set()
