"""The show's settings where narrator.toml and the options are silent: from the source feed's channel.

`narrate sync FEED -o DIR --base-url URL` then needs nothing else: the feed's title, description,
link, managing editor (author and e-mail) and image become the podcast's.  A channel image is
used as the cover only when podcast apps accept it (square JPEG/PNG, 1400-3000 px); news sites'
feed logos are usually small, and then the generated cover is used instead.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from ..config import ShowSettings
from ..errors import NarratorError
from ..publish.cover import check_cover
from .feeds import Channel
from .fetch import Fetcher
from .state import SyncState, state_dir

_COVER_KEY = "channel-cover"


def show_with_channel(show: ShowSettings, channel: Channel) -> ShowSettings:
    """`show` with each setting it lacks taken from the channel."""
    fallback = {
        "title": channel.title,
        "description": channel.description or channel.title,
        "author": channel.author or channel.title,
        "owner_email": channel.email,
        "link": channel.link,
    }
    return show.merged(**{k: v for k, v in fallback.items() if getattr(show, k) is None and v})


def channel_cover(channel: Channel, folder: Path, state: SyncState, fetcher: Fetcher) -> tuple[Path | None, str | None]:
    """The channel's image saved in DIR/.narrator when it can be the cover, else None with the
    reason.  Fetched again only when the channel names another image."""
    if not channel.image:
        return None, None
    digest = hashlib.sha256(channel.image.encode()).hexdigest()[:16]
    known = state.meta(_COVER_KEY)
    if known is not None:
        url_digest, _, name = known.partition(" ")
        path = state_dir(folder) / name if name else None
        if url_digest == digest:
            return (path, None) if path and path.exists() else (None, None)
    try:
        response = fetcher.get(channel.image)
        suffix = ".png" if response.content.startswith(b"\x89PNG") else ".jpg"
        path = state_dir(folder) / f"channel-cover{suffix}"
        path.write_bytes(response.content)
        check_cover(path)
    except NarratorError as exc:
        state.set_meta(_COVER_KEY, f"{digest} ")
        return None, f"the feed's image is not usable as the podcast cover ({exc}); a cover is generated"
    state.set_meta(_COVER_KEY, f"{digest} {path.name}")
    return path, None


def with_cover(show: ShowSettings, cover: Path | None) -> ShowSettings:
    return dataclasses.replace(show, image=cover) if show.image is None and cover is not None else show
