"""The rendered episodes in a folder, as the feed and the page read them.

Each `<stem>.mp3` is an episode; its facts come from the sidecars written at render time
(`.episode.json`, `.chapters.json`, `.vtt`).  An MP3 rendered before sidecars existed still counts:
its title, author, comment, date and chapters are read back from its ID3 tags.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import ID3, ID3NoHeaderError
from mutagen.mp3 import MP3, HeaderNotFoundError

from ..clock import clock, ms_from_seconds
from ..errors import PublishError
from .episode_meta import EpisodeMeta, derived_guid, publication_time, read_sidecar, sidecar_path


@dataclass(frozen=True, slots=True)
class ChapterEntry:
    start_ms: int
    title: str


@dataclass(frozen=True, slots=True)
class FolderEpisode:
    stem: str
    mp3: Path
    size: int
    meta: EpisodeMeta
    chapters: tuple[ChapterEntry, ...]
    chapters_json: Path | None
    vtt: Path | None


def _tag(id3: ID3, frame: str) -> str:
    found = id3.getall(frame)
    return str(found[0].text[0]) if found and found[0].text else ""


def _id3_chapters(id3: ID3) -> tuple[ChapterEntry, ...]:
    marks = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
    return tuple(
        ChapterEntry(c.start_time, str(c.sub_frames["TIT2"].text[0]) if "TIT2" in c.sub_frames else "")
        for c in marks
    )


def _meta_from_tags(mp3: Path, id3: ID3) -> EpisodeMeta:
    """For an MP3 with no `.episode.json`: what its tags say."""
    title = _tag(id3, "TIT2") or mp3.stem
    date = _tag(id3, "TDRC") or None
    mtime = dt.datetime.fromtimestamp(mp3.stat().st_mtime, dt.timezone.utc).replace(microsecond=0)
    return EpisodeMeta(
        guid=derived_guid(mp3.stem, title, date),
        title=title,
        author=_tag(id3, "TPE1"),
        description=_tag(id3, "COMM"),
        published=publication_time(date, mtime).isoformat(),
        # The Info header's length is samples / rate: back to whole ms, truncated like every other time.
        duration_ms=int(MP3(mp3).info.length * 1000 + 1e-6),
        show=_tag(id3, "TALB"),
        language="ar",
        date=date,
    )


def _chapters_from_json(path: Path) -> tuple[ChapterEntry, ...]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return tuple(ChapterEntry(ms_from_seconds(float(c["startTime"])), str(c.get("title", ""))) for c in doc["chapters"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"{path} is not a readable chapters file ({exc})") from None


def read_episode(mp3: Path) -> FolderEpisode:
    folder, stem = mp3.parent, mp3.stem
    try:
        id3 = ID3(str(mp3))
    except ID3NoHeaderError:
        id3 = ID3()
    except (OSError, HeaderNotFoundError) as exc:
        raise PublishError(f"{mp3} is not a readable MP3 ({exc})") from None
    sidecar = sidecar_path(folder, stem)
    meta = read_sidecar(sidecar) if sidecar.exists() else _meta_from_tags(mp3, id3)
    chapters_json = folder / f"{stem}.chapters.json"
    vtt = folder / f"{stem}.vtt"
    chapters = _chapters_from_json(chapters_json) if chapters_json.exists() else _id3_chapters(id3)
    return FolderEpisode(
        stem=stem,
        mp3=mp3,
        size=mp3.stat().st_size,
        meta=meta,
        chapters=chapters,
        chapters_json=chapters_json if chapters_json.exists() else None,
        vtt=vtt if vtt.exists() else None,
    )


def read_folder(folder: Path) -> tuple[FolderEpisode, ...]:
    """Every episode in `folder`, newest first (ties broken by file name, for a stable order)."""
    if not folder.is_dir():
        raise PublishError(f"{folder} is not a folder")
    mp3s = sorted(p for p in folder.glob("*.mp3") if not p.name.startswith("."))
    episodes = [read_episode(p) for p in mp3s]
    episodes.sort(key=lambda e: e.stem)
    episodes.sort(key=lambda e: e.meta.published_at, reverse=True)
    return tuple(episodes)


timestamp = clock  # `MM:SS` / `H:MM:SS`; kept under its old name for the modules that import it here
