"""Make an Article speakable: clean the text, split it into utterances, attach pauses.

Rules are small `str -> str` functions named after what they fix.  `WRITTEN_RULES` tidy the
article's own text (what transcripts show); `SPOKEN_RULES` then make it speakable: figures, dates,
money and symbols in words (`normalize/`), dots and hyphens inside words.  `DEFAULT_RULES` is both.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence

from ..model import Article, Pauses, Role, Script, Utterance
from .normalize import apply_to_fixed_point, normalize
from .spans import unmark
from .symbols import (
    ARABIC_LETTERS,
    BRACKETS,
    CLAUSE_MARKS,
    INVISIBLE_MARKS,
    ODD_SPACES,
    QUOTES,
    SENTENCE_ENDS,
    TATWEEL,
)

Rule = Callable[[str], str]

_INVISIBLE_TABLE = {ord(ch): None for ch in INVISIBLE_MARKS}
_SPACE_TABLE = {ord(ch): " " for ch in ODD_SPACES}
_QUOTE_TABLE = {ord(ch): None for ch in QUOTES}
_BRACKET_TABLE = {ord(ch): " " for ch in BRACKETS}
# Letters, their marks, and the marks around a lexicon span (text/spans.py): حمص-دير الزور is
# still two places when a rule said both.
_LETTER = f"[{ARABIC_LETTERS}\u064b-\u0652\ue000-\ue003]"
_DOT_INSIDE_WORD = re.compile(f"(?<={_LETTER})\\.(?={_LETTER})")
_HYPHEN_BETWEEN_WORDS = re.compile(f"(?<={_LETTER})[-‐‑–—](?={_LETTER})|(?<=[A-Za-z])-(?={_LETTER})")
# A run of tatweel standing alone is drawn as a dash ("2012 ــ 2014"), not a stretched letter.
_TATWEEL_DASH = re.compile(f"(?<!\\S){TATWEEL}+(?!\\S)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.!?؟،؛,;:…])")
_REPEATED_STOPS = re.compile(r"([.!?؟])[.!?؟]+")


def decode_html_entities(text: str) -> str:
    """Scraped pages leave `&quot;` and `&amp;` in the text; they are the characters they name."""
    return html.unescape(text) if "&" in text else text


def remove_invisible_marks(text: str) -> str:
    return text.translate(_INVISIBLE_TABLE).translate(_SPACE_TABLE)


def remove_tatweel(text: str) -> str:
    return _TATWEEL_DASH.sub("-", text).replace(TATWEEL, "")


def remove_dots_inside_words(text: str) -> str:
    """`دا.عش` is داعش, dotted to dodge filters; a dot between two Arabic letters is not a stop."""
    return _DOT_INSIDE_WORD.sub("", text)


def split_hyphenated_words(text: str) -> str:
    """`حمص-دير الزور` names two places; joined, espeak reads one garbled word."""
    return _HYPHEN_BETWEEN_WORDS.sub(" ", text)


def remove_quotes(text: str) -> str:
    return text.translate(_QUOTE_TABLE)


def remove_brackets(text: str) -> str:
    return text.translate(_BRACKET_TABLE)


def tidy_punctuation(text: str) -> str:
    """`..` and `؟!` become one stop; no space before punctuation; single spaces."""
    text = _REPEATED_STOPS.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return " ".join(text.split())


WRITTEN_RULES: tuple[Rule, ...] = (
    decode_html_entities,
    remove_invisible_marks,
    remove_tatweel,
    remove_quotes,
    remove_brackets,
    tidy_punctuation,
)
# Abbreviations with dots (د. ق.م ر.س) are read before dots inside words go.
SPOKEN_RULES: tuple[Rule, ...] = (
    normalize,
    remove_dots_inside_words,
    split_hyphenated_words,
    tidy_punctuation,
)
DEFAULT_RULES: tuple[Rule, ...] = WRITTEN_RULES + SPOKEN_RULES


def clean(text: str, rules: Sequence[Rule] = DEFAULT_RULES) -> str:
    """The rules in order, repeated until the text is stable (normalizing twice changes nothing)."""
    return apply_to_fixed_point(text, tuple(rules))


_SENTENCE_SPLIT = re.compile(f"(?<=[{re.escape(SENTENCE_ENDS)}])\\s+")
_CLAUSE_SPLIT = re.compile(f"(?<=[{re.escape(CLAUSE_MARKS)}])\\s+")
_CONJUNCTION_SPLIT = re.compile(r"\s+(?=و\S)")


def _pack(pieces: list[str], limit: int) -> Iterator[str]:
    """Join neighbouring pieces while they fit, so clauses are not cut needlessly short."""
    current = ""
    for piece in pieces:
        joined = f"{current} {piece}" if current else piece
        if len(joined) <= limit:
            current = joined
        else:
            if current:
                yield current
            current = piece
    if current:
        yield current


def _fit(text: str, limit: int) -> list[str]:
    """Cut text into pieces of at most `limit` characters at the strongest boundary available:
    clause punctuation, then before the conjunction و, then any space; never inside a word
    (a single word longer than the limit is left whole)."""
    if len(text) <= limit:
        return [text]
    for splitter in (_CLAUSE_SPLIT, _CONJUNCTION_SPLIT, re.compile(r"\s+")):
        pieces = [p for p in splitter.split(text) if p]
        if len(pieces) > 1:
            out: list[str] = []
            for packed in _pack(pieces, limit):
                out.extend(_fit(packed, limit) if len(packed) > limit else [packed])
            return out
    return [text]


def fit_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the strongest boundaries (captions)."""
    return _fit(text, limit)


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT.split(text) if s.strip()]


_SPLITTERS = (_CLAUSE_SPLIT, _CONJUNCTION_SPLIT, re.compile(r"\s+"))


def fit_spoken(
    written: str, limit: int, say: Callable[[str], str], splitters: Sequence[re.Pattern[str]] = _SPLITTERS
) -> list[tuple[str, str]]:
    """(written, spoken) pieces whose spoken form is at most `limit` characters.

    Figures grow when read (`1500` → ألف وخمسمئة), so the written text is cut where it reads
    best (clause marks, then before و, then spaces) and each piece is measured as it will be
    said.  A single word still too long once said is cut in its spoken form only.
    """
    spoken = say(written)
    if len(spoken) <= limit:
        return [(written, spoken)] if spoken else []
    for level, splitter in enumerate(splitters):
        parts = [p for p in splitter.split(written) if p]
        if len(parts) < 2:
            continue
        out: list[tuple[str, str]] = []
        current = ""
        for part in parts:
            joined = f"{current} {part}" if current else part
            if current and len(say(joined)) > limit:
                out.extend(fit_spoken(current, limit, say, splitters[level + 1:]))
                current = part
            else:
                current = joined
        out.extend(fit_spoken(current, limit, say, splitters[level + 1:]))
        return out
    return [(written if i == 0 else "", piece) for i, piece in enumerate(_fit(spoken, limit))]


def build_script(
    article: Article,
    *,
    max_chars: int,
    pauses: Pauses = Pauses(),
    transform: Callable[[str], str] | None = None,
    written_rules: Sequence[Rule] = WRITTEN_RULES,
    spoken_rules: Sequence[Rule] = SPOKEN_RULES,
    finish: Callable[[str], str] = unmark,
) -> Script:
    """Utterances in listening order.  `text` keeps the article's own words; `spoken` is what the
    engine receives: the spoken rules, then `transform` (e.g. a diacritizer), then `finish` (by
    default: the marks of lexicon spans removed), at most `max_chars`."""
    said: dict[str, str] = {}

    def say(written: str) -> str:
        if written not in said:
            spoken = clean(written, spoken_rules)
            said[written] = finish(transform(spoken) if transform and spoken else spoken)
        return said[written]

    # (chapter, role, paragraph text) in order; the pause after a block depends on what follows.
    blocks: list[tuple[int, Role, str]] = [(0, Role.HEADLINE, article.headline)]
    if article.byline:
        blocks.append((0, Role.BYLINE, article.byline))
    for index, chapter in enumerate(article.chapters):
        if index > 0:
            blocks.append((index, Role.HEADING, chapter.title))
        blocks.extend((index, Role.BODY, p) for p in chapter.paragraphs)

    utterances: list[Utterance] = []
    for position, (chapter, role, raw) in enumerate(blocks):
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if following is None:
            block_pause = 0
        elif following[1] is Role.HEADING:
            block_pause = pauses.section_ms
        elif role in (Role.HEADLINE, Role.BYLINE):
            block_pause = pauses.headline_ms
        else:
            block_pause = pauses.paragraph_ms
        originals = split_sentences(raw) or [raw]
        pieces: list[tuple[str, str, bool]] = []
        for original in originals:
            written = clean(original, written_rules)
            parts = fit_spoken(written, max_chars, say) if written else []
            pieces.extend(
                (original if len(parts) == 1 else shown, spoken, i == len(parts) - 1)
                for i, (shown, spoken) in enumerate(parts)
            )
        for i, (shown, spoken, ends_sentence) in enumerate(pieces):
            if i == len(pieces) - 1:
                pause = block_pause
            else:
                pause = pauses.sentence_ms if ends_sentence else pauses.clause_ms
            utterances.append(Utterance(shown, spoken, chapter, role, pause, block=position))
    titles = tuple(c.title for c in article.chapters)
    return Script(tuple(utterances), titles)
