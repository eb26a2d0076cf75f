"""`<stem>.episode.json`: what a feed needs about an episode that the MP3 alone cannot carry.

Written beside the MP3 at render time, so `narrate feed` never needs the article again.

The guid must not change when the same article is rendered again (podcast apps would list the
episode twice), so a re-render into a folder that already holds `<stem>.episode.json` keeps its
guid and its first publication time; a first render derives the guid from the file stem, the
headline and the front matter date, so rendering the same article into a fresh folder gives the
same guid too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import PublishError

SUFFIX = ".episode.json"
FORMAT_VERSION = 1
_NAMESPACE = uuid.UUID("6b1c0e8a-3f55-5f0e-9d55-6e6172726174")  # fixed: guids depend on it


@dataclass(frozen=True, slots=True)
class EpisodeMeta:
    guid: str
    title: str
    author: str
    description: str
    published: str  # RFC 3339 with offset: front matter date, else the first render's time
    duration_ms: int
    show: str
    language: str = "ar"
    date: str | None = None  # the front matter date as written
    link: str | None = None
    image: str | None = None  # the episode's own image (URL), e.g. the article's og:image

    def to_json(self) -> str:
        return json.dumps({"version": FORMAT_VERSION, **asdict(self)}, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EpisodeMeta:
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**fields)

    @property
    def published_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.published)


def sidecar_path(folder: Path, stem: str) -> Path:
    return folder / f"{stem}{SUFFIX}"


def read_sidecar(path: Path) -> EpisodeMeta:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return EpisodeMeta.from_dict(data)
    except (OSError, ValueError, TypeError) as exc:
        raise PublishError(f"{path} is not a readable episode file ({exc})") from None


def derived_guid(stem: str, headline: str, date: str | None) -> str:
    name = "\n".join((stem, headline, date or ""))
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def render_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH (the reproducible-builds convention) for fixed output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def publication_time(date: str | None, fallback: dt.datetime) -> dt.datetime:
    """The front matter date (a day, or a full time) at UTC, else `fallback`."""
    if date:
        try:
            parsed = dt.datetime.fromisoformat(date.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = dt.datetime.combine(dt.date.fromisoformat(date.strip()), dt.time())
            except ValueError:
                return fallback
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
    return fallback


def _previous(path: Path) -> tuple[str | None, dt.datetime | None]:
    """The guid and first publication time an earlier render fixed, each only if it is usable (a
    hand-edited or damaged sidecar loses what it damaged, and keeps the rest)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    guid = data.get("guid") if isinstance(data.get("guid"), str) and data["guid"].strip() else None
    published = None
    if isinstance(data.get("published"), str):
        try:
            published = dt.datetime.fromisoformat(data["published"].strip().replace("Z", "+00:00"))
        except ValueError:
            published = None
        if published is not None and published.tzinfo is None:
            published = None
    return guid, published


def episode_meta(
    folder: Path,
    stem: str,
    *,
    title: str,
    author: str,
    description: str,
    date: str | None,
    duration_ms: int,
    show: str,
    language: str = "ar",
    link: str | None = None,
) -> EpisodeMeta:
    """The metadata for a render of `stem` into `folder`, keeping what a previous render fixed."""
    guid, published = _previous(sidecar_path(folder, stem))
    first_render = published if published and not date else render_time()
    return EpisodeMeta(
        guid=guid or derived_guid(stem, title, date),
        title=title,
        author=author,
        description=description,
        published=publication_time(date, first_render).isoformat(),
        duration_ms=duration_ms,
        show=show,
        language=language,
        date=date,
        link=link,
    )
