"""Sidecars read back for the feed, checked field by field: people edit them by hand.

A field that is missing, of the wrong type or out of range is replaced by what the MP3's own tags
say (the fallback), and a warning names the file and the field; an episode's guid survives a
damaged sidecar whenever the guid itself is readable, so podcast apps never see it twice.  A
chapters file that is not valid Podcasting 2.0 JSON (a time that is not a finite number of seconds
≥ 0, `Infinity`, a list that is not a list) is set aside for the MP3's ID3 chapters.  Every string
passes through `sanitize`, so a control character typed into a sidecar cannot break the feed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..clock import ms_from_seconds
from ..text.sanitize import sanitize
from .episode_meta import EpisodeMeta


@dataclass(frozen=True, slots=True)
class ChapterEntry:
    start_ms: int
    title: str


def _text(value: Any, *, required: bool) -> str | None:
    if not isinstance(value, str):
        return None
    value = sanitize(value)
    return value if value.strip() or not required else None


def _published(value: Any) -> str | None:
    """RFC 3339 with an offset: a time without one means nothing certain about when it was."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.isoformat() if parsed.tzinfo is not None else None


def _duration(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if math.isfinite(value) and 0 <= value < 10**10 else None


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "guid": lambda v: _text(v, required=True),
    "title": lambda v: _text(v, required=True),
    "author": lambda v: _text(v, required=False),
    "description": lambda v: _text(v, required=False),
    "published": _published,
    "duration_ms": _duration,
    "show": lambda v: _text(v, required=False),
    "language": lambda v: _text(v, required=True),
}
# Every other field is optional text (date, link, image …): derived, so a new field is never lost here.
_OPTIONAL = tuple(name for name in EpisodeMeta.__dataclass_fields__ if name not in _CHECKS)


def read_episode_sidecar(path: Path, fallback: Callable[[], EpisodeMeta]) -> tuple[EpisodeMeta, list[str]]:
    """The sidecar's metadata, each unusable field taken from `fallback()`; and the warnings."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return fallback(), [f"{path}: unreadable ({exc}); using the MP3's tags"]
    if not isinstance(data, dict):
        return fallback(), [f"{path}: not a JSON object; using the MP3's tags"]
    values: dict[str, Any] = {}
    bad: list[str] = []
    for name, check in _CHECKS.items():
        value = check(data.get(name))
        if value is None:
            bad.append(name)
        values[name] = value
    for name in _OPTIONAL:
        raw = data.get(name)
        values[name] = _text(raw, required=True) if raw is not None else None
        if raw is not None and values[name] is None:
            bad.append(name)
    if not bad:
        return EpisodeMeta(**values), []
    backup = fallback()
    for name in bad:
        values[name] = getattr(backup, name)
    return EpisodeMeta(**values), [f"{path}: bad {', '.join(bad)}; using the MP3's tags for {'it' if len(bad) == 1 else 'them'}"]


def read_chapters(path: Path) -> tuple[tuple[ChapterEntry, ...] | None, str | None]:
    """The chapters of a Podcasting 2.0 chapters file, or None and why it cannot be used."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        entries = doc["chapters"]
        if not isinstance(entries, list):
            raise TypeError("chapters is not a list")
        chapters = []
        for entry in entries:
            start = entry["startTime"]
            if isinstance(start, bool) or not isinstance(start, (int, float)) or not 0 <= start < 10**8:
                raise ValueError(f"startTime {start!r} is not a time")
            title = entry.get("title", "")
            chapters.append(ChapterEntry(ms_from_seconds(start), sanitize(title) if isinstance(title, str) else ""))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return None, f"{path}: not a usable chapters file ({exc}); using the MP3's chapters"
    return tuple(chapters), None
