"""The rendered episodes in a folder, as the feed and the page read them.

Each `<stem>.mp3` is an episode; its facts come from the sidecars written at render time
(`.episode.json`, `.chapters.json`, `.vtt`).  An MP3 rendered before sidecars existed still counts:
its title, author, comment, date and chapters are read back from its ID3 tags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import ID3, ID3NoHeaderError
from mutagen.mp3 import MP3, HeaderNotFoundError

from ..clock import clock
from ..errors import PublishError
from ..text.sanitize import file_stem, sanitize
from .episode_meta import EpisodeMeta, derived_guid, publication_time, sidecar_path
from .sidecars import ChapterEntry, read_chapters, read_episode_sidecar


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
    return sanitize(str(found[0].text[0])) if found and found[0].text else ""


def _id3_chapters(id3: ID3) -> tuple[ChapterEntry, ...]:
    marks = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
    return tuple(
        ChapterEntry(c.start_time, sanitize(str(c.sub_frames["TIT2"].text[0])) if "TIT2" in c.sub_frames else "")
        for c in marks
    )


def _meta_from_tags(mp3: Path, id3: ID3) -> EpisodeMeta:
    """For an MP3 with no `.episode.json`: what its tags say."""
    title = _tag(id3, "TIT2") or file_stem(mp3.stem)
    date = _tag(id3, "TDRC") or None
    mtime = dt.datetime.fromtimestamp(mp3.stat().st_mtime, dt.timezone.utc).replace(microsecond=0)
    return EpisodeMeta(
        guid=derived_guid(file_stem(mp3.stem), title, date),
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


def read_episode(mp3: Path, warnings: list[str] | None = None) -> FolderEpisode | None:
    """The episode of `mp3`, or None when it is not an MP3 at all (a warning says so).  Damaged
    sidecars give way to the MP3's own tags, with a warning naming the file (`sidecars`)."""
    said = warnings if warnings is not None else []
    folder, stem = mp3.parent, mp3.stem
    try:
        MP3(str(mp3))
    except (OSError, HeaderNotFoundError, MutagenError) as exc:
        said.append(f"{mp3}: not an MP3 ({exc or 'no audio frames'}); left out of the feed")
        return None
    try:
        id3 = ID3(str(mp3))
    except ID3NoHeaderError:
        id3 = ID3()
    except (OSError, MutagenError) as exc:
        said.append(f"{mp3}: unreadable tags ({exc}); using the file name")
        id3 = ID3()
    sidecar = sidecar_path(folder, stem)
    if sidecar.exists():
        meta, problems = read_episode_sidecar(sidecar, lambda: _meta_from_tags(mp3, id3))
        said.extend(problems)
    else:
        meta = _meta_from_tags(mp3, id3)
    chapters_json: Path | None = folder / f"{stem}.chapters.json"
    chapters = None
    if chapters_json.exists():
        chapters, problem = read_chapters(chapters_json)
        if problem:
            said.append(problem)
            chapters_json = None  # the feed must not point players at it either
    else:
        chapters_json = None
    vtt = folder / f"{stem}.vtt"
    return FolderEpisode(
        stem=file_stem(stem),  # shown on the page: valid text whatever the name's bytes
        mp3=mp3,
        size=mp3.stat().st_size,
        meta=meta,
        chapters=chapters if chapters is not None else _id3_chapters(id3),
        chapters_json=chapters_json,
        vtt=vtt if vtt.exists() else None,
    )


def read_folder(folder: Path, warnings: list[str] | None = None) -> tuple[FolderEpisode, ...]:
    """Every episode in `folder`, newest first (ties broken by file name, for a stable order).
    Hidden files are not episodes (renders never write them: see `sanitize.file_stem`)."""
    if not folder.is_dir():
        raise PublishError(f"{folder} is not a folder")
    mp3s = sorted(p for p in folder.glob("*.mp3") if not p.name.startswith(".") and p.is_file())
    found = [read_episode(p, warnings) for p in mp3s]
    episodes = [e for e in found if e is not None]
    episodes.sort(key=lambda e: e.stem)
    episodes.sort(key=lambda e: e.meta.published_at, reverse=True)
    return tuple(episodes)


timestamp = clock  # `MM:SS` / `H:MM:SS`; kept under its old name for the modules that import it here
