"""Where the ffmpeg binary comes from, and one way to run it.

The imageio-ffmpeg wheel carries a static ffmpeg (with libmp3lame, loudnorm and ebur128), so a
fresh machine needs no system package; NARRATOR_FFMPEG points elsewhere if wanted.
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache

from ..errors import AudioError


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    override = os.environ.get("NARRATOR_FFMPEG")
    if override:
        return override
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise AudioError(f"ffmpeg not found ({exc}); reinstall narrator") from None


def run_ffmpeg(args: list[str], what: str) -> str:
    """Run ffmpeg quietly; returns its stderr (where filters print their measurements)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg for {what}: {exc.strerror}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise AudioError(f"ffmpeg failed during {what}: {last}")
    return done.stderr
