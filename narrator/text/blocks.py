"""Shared helpers for parsers: cleaning blocks and assembling chapters."""

from __future__ import annotations

from ..model import Chapter
from .symbols import ODD_SPACES

_SPACE_TABLE = {ord(ch): " " for ch in ODD_SPACES}


def clean_block(block: str) -> str:
    """One paragraph on one line: odd spaces become plain ones, runs of space collapse."""
    return " ".join(block.translate(_SPACE_TABLE).split())


class ChapterBuilder:
    """Collects paragraphs under the current title; the first chapter is titled with the headline."""

    def __init__(self, headline: str) -> None:
        self._titles: list[str] = [headline]
        self._paragraphs: list[list[str]] = [[]]

    def heading(self, title: str) -> None:
        self._titles.append(title)
        self._paragraphs.append([])

    def paragraph(self, text: str) -> None:
        if text:
            self._paragraphs[-1].append(text)

    def build(self) -> tuple[tuple[Chapter, ...], tuple[str, ...]]:
        """The chapters, and the titles of sections that had nothing under them.

        The headline chapter always stays (the headline and byline are spoken in it); a later
        heading with no paragraphs would be a chapter mark over two seconds of audio.
        """
        chapters = [Chapter(t, tuple(p)) for t, p in zip(self._titles, self._paragraphs)]
        kept = tuple(c for i, c in enumerate(chapters) if i == 0 or c.paragraphs)
        empty = tuple(c.title for i, c in enumerate(chapters) if i > 0 and not c.paragraphs)
        return kept, empty
