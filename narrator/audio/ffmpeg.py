"""Where the ffmpeg binary comes from, and one way to run it.

The imageio-ffmpeg wheel carries a static ffmpeg (with libmp3lame, loudnorm and ebur128), so a
fresh machine needs no system package; NARRATOR_FFMPEG points elsewhere if wanted.
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache

from ..errors import AudioError
from ..signals import signal_death


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


def run_ffmpeg(args: list[str], what: str, stdin: bytes | None = None) -> str:
    """Run ffmpeg quietly, feeding it `stdin` if given; returns its stderr (where filters print
    their measurements)."""
    # -nostats: no progress lines, which could fall in the middle of a filter's printed summary.
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostats", *(["-nostdin"] if stdin is None else []), "-y", *args]
    try:
        done = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg for {what}: {exc.strerror}") from None
    stderr = done.stderr.decode("utf-8", errors="replace")
    interrupted = signal_death(done.returncode, stderr)
    if interrupted:
        raise interrupted
    if done.returncode != 0:
        raise AudioError(f"ffmpeg failed during {what}: {_reason(stderr)}")
    return stderr


# ffmpeg ends a failure with generic lines; the cause (a full disk, say) comes a few lines before.
_GENERIC = ("Conversion failed!", "Error while", "Error closing", "Error writing trailer", "Terminating thread")


def _reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        if os.strerror(28) in line or "Disk quota exceeded" in line:
            return os.strerror(28).lower()
    for line in reversed(lines):
        if not line.startswith(_GENERIC):
            return line
    return lines[-1] if lines else "no message"
