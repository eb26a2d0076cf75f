"""ID3v2.3 tags with a table of contents, as podcast apps read them.

v2.3 (UTF-16 text) has the widest player support; Apple failed to show v2.4 chapters with long
titles.  Players need one top-level, ordered CTOC listing every CHAP; a TIT2 inside the CTOC
helps Apple.  One CTOC may list at most 255 entries: a longer article gets a top-level CTOC of
ordered child CTOCs, each listing up to 255 chapters (ID3v2 Chapter Frame Addendum, section 4);
players that read CHAP frames alone still see every chapter in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TSSE, CTOCFlags,
)

from mutagen.id3._tags import save_frame

from ..errors import PublishError
from ..model import ChapterMark

MAX_CHAPTERS_PER_TOC = 255
_NO_OFFSET = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class EpisodeTags:
    title: str
    artist: str
    show: str
    date: str
    comment: str
    encoder: str
    chapters: tuple[ChapterMark, ...]
    language: str = "ara"


class _InsertionOrderID3(ID3):
    """mutagen writes frames sorted by size; players that take CHAP frames in file order
    (ffmpeg/ffprobe among them) then list chapters shuffled.  Keep the order they were added in:
    text frames, the table of contents, then chapters in time order."""

    def _write(self, config: object) -> bytearray:
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def _tables_of_contents(tags: EpisodeTags, ids: list[str]) -> list[CTOC]:
    ordered = CTOCFlags.ORDERED
    title = [TIT2(encoding=1, text=tags.title)]
    if len(ids) <= MAX_CHAPTERS_PER_TOC:
        return [CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | ordered, child_element_ids=ids, sub_frames=title)]
    parts = [ids[i:i + MAX_CHAPTERS_PER_TOC] for i in range(0, len(ids), MAX_CHAPTERS_PER_TOC)]
    if len(parts) > MAX_CHAPTERS_PER_TOC:
        raise PublishError(f"{len(ids)} chapters: more than ID3 tables of contents can list")
    children = [
        CTOC(element_id=f"toc{n}", flags=ordered, child_element_ids=part,
             sub_frames=[TIT2(encoding=1, text=f"{tags.title} ({n + 1}/{len(parts)})")])
        for n, part in enumerate(parts)
    ]
    top = CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | ordered,
               child_element_ids=[c.element_id for c in children], sub_frames=title)
    return [top, *children]


def _date_frames(date: str) -> ID3:
    """The date as ID3v2.3 has it: TYER (year), TDAT (DDMM), TIME (HHMM).

    TDRC is a v2.4 frame: eyeD3 shows no date for it in a v2.3 tag and mpg123 an empty year.
    mutagen's own v2.3 conversion splits it; it does so only when asked (`update_to_v23`)."""
    dated = ID3()
    dated.add(TDRC(encoding=1, text=date))
    dated.update_to_v23()
    return dated


def build_tags(tags: EpisodeTags) -> ID3:
    id3 = _InsertionOrderID3()
    id3.add(TIT2(encoding=1, text=tags.title))
    if tags.artist:
        id3.add(TPE1(encoding=1, text=tags.artist))
    id3.add(TALB(encoding=1, text=tags.show))
    for frame in _date_frames(tags.date).values():
        id3.add(frame)
    id3.add(TLAN(encoding=1, text=tags.language))
    id3.add(TCON(encoding=1, text="Podcast"))
    id3.add(COMM(encoding=1, lang=tags.language, desc="", text=tags.comment))
    id3.add(TSSE(encoding=1, text=tags.encoder))
    ids = [f"chp{i}" for i in range(len(tags.chapters))]
    for toc in _tables_of_contents(tags, ids):
        id3.add(toc)
    for element_id, mark in zip(ids, tags.chapters):
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=mark.start_ms,
                end_time=mark.end_ms,
                start_offset=_NO_OFFSET,
                end_offset=_NO_OFFSET,
                sub_frames=[TIT2(encoding=1, text=mark.title)],
            )
        )
    return id3


def write_tags(mp3_path: Path, tags: EpisodeTags) -> None:
    build_tags(tags).save(str(mp3_path), v2_version=3, v1=0, padding=lambda info: 0)
