"""The transcript beside the MP3: WebVTT (and SRT) on the chapters' clock, a sentence or a short
piece of one per cue (`captions`: at most about two lines of 42 characters).

Cue times are the assembly's sample counts, the same clock as the chapter marks, never a
re-measurement of the MP3.  The text is the article's own (not the diacritized spoken form).

An utterance is a sentence, or a piece of one that was cut only to respect an engine's length
limit; such pieces are followed by the short clause pause and do not end with a stop.  They are
merged back into one cue, and the merged text is replaced by the sentence as written when the
article has it (a cut piece carries the cleaned text, without quotes or brackets).

Right to left: a player lays out each cue line by the Unicode bidi algorithm, whose paragraph
direction is taken from the first strong character.  A line that starts with a Latin word or a
number followed by Latin would be laid out left to right, so such a line gets a RIGHT-TO-LEFT MARK
(U+200F) in front; lines that start with an Arabic letter are left exactly as written.

Each VTT cue's identifier says where its sentence sits in the article (`7 body-c1-p4`: the 7th
cue, body text of chapter 1, written block 4), so the page can lay the transcript out as the
article (headline, byline, sections under their titles, paragraphs) from the VTT alone.  Players
and validators ignore identifiers; SRT, which has only numbers, keeps numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..clock import samples_to_ms
from ..model import Article, Pauses, Program, Script
from .captions import Timed, split_sentence
from ..text.speak import clean, split_sentences
from ..text.symbols import SENTENCE_ENDS

RLM = "\u200f"


@dataclass(frozen=True, slots=True)
class TranscriptCue:
    text: str
    start_ms: int
    end_ms: int
    # Where the sentence sits in the article, so a page can lay the transcript out as the article:
    # kind is headline, byline, heading, body or frame (an intro/outro line); block numbers the
    # written blocks in order (a paragraph, a heading …).  Empty/-1 when not known.
    kind: str = ""
    chapter: int = 0
    block: int = -1

    @property
    def identifier(self) -> str:
        """The WebVTT cue identifier that carries kind, chapter and block (players ignore it)."""
        return f"{self.kind}-c{self.chapter}-p{self.block}" if self.kind else ""


def written_sentences(article: Article) -> dict[str, str]:
    """Cleaned form → sentence as written, for every sentence the article speaks."""
    blocks = [article.headline, article.byline]
    for index, chapter in enumerate(article.chapters):
        if index > 0:
            blocks.append(chapter.title)
        blocks.extend(chapter.paragraphs)
    out: dict[str, str] = {}
    for block in blocks:
        for sentence in split_sentences(block) if block else ():
            out.setdefault(clean(sentence), sentence)
    return out


def _continues(text: str, pause_ms: int, pauses: Pauses) -> bool:
    """Whether an utterance is a piece of a sentence that goes on in the next one."""
    if pauses.clause_ms == pauses.sentence_ms:
        # The pauses no longer tell pieces from sentences; the missing stop alone is too weak.
        return False
    return pause_ms == pauses.clause_ms and not text.rstrip().endswith(tuple(SENTENCE_ENDS))


def _sentences(
    script: Script, program: Program, pauses: Pauses, written: Mapping[str, str] | None
) -> list[tuple[str, list[Timed], tuple[str, int, int]]]:
    """Each sentence as shown, with its utterances on the programme clock and its place in the
    article (kind, chapter, block); jingles give none."""
    out: list[tuple[str, list[Timed], tuple[str, int, int]]] = []
    group: list[Timed] = []
    where: tuple[str, int, int] = ("", 0, -1)

    def flush() -> None:
        if not group:
            return
        text = " ".join(t.text for t in group)
        if written and len(group) > 1:
            text = written.get(text, text)
        out.append((text, list(group), where))
        group.clear()

    for utterance, cue in zip(script.utterances, program.cues):
        if not cue.text.strip():
            flush()
            continue
        kind = utterance.role.value if utterance.block >= 0 else "frame"
        where = (kind, utterance.chapter, utterance.block)
        group.append(Timed.of(cue))
        if not _continues(cue.text, utterance.pause_after_ms, pauses):
            flush()
    flush()
    return out


def sentence_cues(
    script: Script,
    program: Program,
    pauses: Pauses,
    written: Mapping[str, str] | None = None,
) -> tuple[TranscriptCue, ...]:
    """One cue per sentence; utterances with no text (a jingle) give none."""
    rate = program.sample_rate
    return tuple(
        TranscriptCue(text, samples_to_ms(group[0].start, rate), samples_to_ms(group[-1].end, rate), *where)
        for text, group, where in _sentences(script, program, pauses, written)
    )


def caption_cues(
    script: Script,
    program: Program,
    pauses: Pauses,
    written: Mapping[str, str] | None = None,
) -> tuple[TranscriptCue, ...]:
    """Cues of at most about two lines of 42 characters (see `captions`), lines joined by a newline;
    each keeps its sentence's place in the article (the page lays the transcript out by it)."""
    rate = program.sample_rate
    return tuple(
        TranscriptCue(caption, samples_to_ms(start, rate), samples_to_ms(end, rate), *where)
        for text, group, where in _sentences(script, program, pauses, written)
        for caption, start, end in split_sentence(text, group)
    )


def _starts_rtl(line: str) -> bool:
    for ch in line:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return True  # no strong character at all: nothing to misplace


def rtl_safe(line: str) -> str:
    line = " ".join(line.split())
    return line if _starts_rtl(line) else RLM + line


def _lines(text: str) -> str:
    """Each line of a cue laid out right to left on its own (a player lays out each line alone)."""
    return "\n".join(rtl_safe(line) for line in text.split("\n") if line.strip())


def _stamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _vtt_escape(text: str) -> str:
    # In cue text `&` and `<` start entities and tags; `-->` would end the cue's timing line.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(cues: Iterable[TranscriptCue]) -> str:
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(cues, 1):
        lines += [
            f"{number} {cue.identifier}".rstrip(),
            f"{_stamp(cue.start_ms, '.')} --> {_stamp(cue.end_ms, '.')}",
            _vtt_escape(_lines(cue.text)),
            "",
        ]
    return "\n".join(lines)


def to_srt(cues: Iterable[TranscriptCue]) -> str:
    lines: list[str] = []
    for number, cue in enumerate(cues, 1):
        lines += [
            str(number),
            f"{_stamp(cue.start_ms, ',')} --> {_stamp(cue.end_ms, ',')}",
            _lines(cue.text),
            "",
        ]
    return "\n".join(lines)


_IDENTIFIER = re.compile(r"\d+ ([a-z]+)-c(\d+)-p(-?\d+)")
_TIMING = re.compile(r"(\d+):(\d{2}):(\d{2})[.,](\d{3})\s+-->\s+(\d+):(\d{2}):(\d{2})[.,](\d{3})")


def _ms(h: str, m: str, s: str, f: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def parse_vtt(text: str) -> tuple[TranscriptCue, ...]:
    """Read back what `to_vtt` writes (timing line, then text lines up to a blank line)."""
    cues: list[TranscriptCue] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = _TIMING.match(line)
        if not match:
            continue
        body: list[str] = []
        for following in lines[i + 1:]:
            if not following.strip():
                break
            body.append(following)
        raw = " ".join(body).replace(RLM, "")
        raw = raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        g = match.groups()
        place = _IDENTIFIER.fullmatch(lines[i - 1].strip()) if i else None
        where = (place[1], int(place[2]), int(place[3])) if place else ("", 0, -1)
        cues.append(TranscriptCue(raw, _ms(*g[:4]), _ms(*g[4:]), *where))
    return tuple(cues)
