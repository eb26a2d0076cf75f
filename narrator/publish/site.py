"""`narrate feed DIR`: the cover, `feed.xml` and `index.html` for every episode in DIR.

All three are written through OutputSet, so a reader of DIR sees the old set or the new one.
The feed is rebuilt from the folder each time: an added MP3 adds an item, a removed one drops
its item, and every other item keeps its guid (the guid lives in the episode's sidecar).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..config import ShowSettings
from ..errors import PublishError
from .cover import check_cover, generate_cover
from .feed import FeedSettings, build_feed, missing_settings
from .folder import read_folder
from .output import OutputSet
from .page import build_page
from .urls import BaseUrl

GENERATED_COVER = "cover.png"


@dataclass(frozen=True, slots=True)
class SiteReport:
    episodes: int
    feed: Path
    page: Path
    cover: Path
    cover_generated: bool
    # Sidecars that were damaged and replaced by the MP3's tags, files that are not MP3s, ...
    warnings: tuple[str, ...] = ()


def _cover(folder: Path, show: ShowSettings, out: OutputSet) -> tuple[str, bool]:
    """The cover's file name inside `folder`: the given image (copied in if it lives elsewhere),
    else a generated one."""
    if show.image is not None:
        check_cover(show.image)
        inside = show.image.resolve().parent == folder.resolve()
        name = show.image.name if inside else f"cover{show.image.suffix.lower()}"
        if not inside:
            shutil.copyfile(show.image, out.partial(name))
        return name, False
    assert show.title
    generate_cover(show.title, out.partial(GENERATED_COVER))
    return GENERATED_COVER, True


def publish_folder(folder: Path, show: ShowSettings, base_url: str) -> SiteReport:
    base_url = str(BaseUrl.parse(base_url))
    missing = missing_settings(show)
    if missing:
        raise PublishError("the feed needs " + "; ".join(missing))
    warnings: list[str] = []
    episodes = read_folder(folder, warnings)
    with OutputSet(folder) as out:
        cover, generated = _cover(folder, show, out)
        settings = FeedSettings(show, base_url, image_url="")
        settings = FeedSettings(show, base_url, image_url=settings.url(cover))
        out.partial("feed.xml").write_bytes(build_feed(episodes, settings))
        out.write_text("index.html", build_page(
            episodes, title=show.title or "", description=show.description or "", image=cover))
        out.commit()
    return SiteReport(len(episodes), folder / "feed.xml", folder / "index.html", folder / cover, generated,
                      tuple(warnings))
