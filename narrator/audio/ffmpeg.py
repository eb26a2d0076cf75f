"""Where the ffmpeg binary comes from, and one way to run it.

The imageio-ffmpeg wheel carries a static ffmpeg (with libmp3lame, loudnorm and ebur128), so a
fresh machine needs no system package; NARRATOR_FFMPEG points elsewhere if wanted.
"""

from __future__ import annotations

import os
import subprocess
import threading
from functools import lru_cache

from .. import signals
from ..errors import AudioError
from ..signals import signal_death

# The ffmpeg processes run_ffmpeg is waiting for, from any thread: an interruption ends them
# (`stop_running`) instead of waiting for an encode that nobody will use.
_RUNNING: set[subprocess.Popen[bytes]] = set()
_RUNNING_LOCK = threading.Lock()


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
    signals.check()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg for {what}: {exc.strerror}") from None
    with proc:
        with _RUNNING_LOCK:
            _RUNNING.add(proc)
            if signals.received() is not None:
                proc.terminate()  # started as the render stopped: stop_running may have gone by
        try:
            err = proc.communicate(stdin)[1]
        except BaseException:
            proc.kill()  # interrupted in the main thread: do not wait for it to finish
            raise
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(proc)
    stderr = err.decode("utf-8", errors="replace")
    interrupted = signal_death(proc.returncode, stderr)
    if interrupted:
        raise interrupted
    if proc.returncode != 0:
        raise AudioError(f"ffmpeg failed during {what}: {_reason(stderr)}")
    return stderr


def stop_running() -> None:
    """End every ffmpeg that run_ffmpeg is waiting for, in any thread (each of those calls then
    raises Interrupted).  For an interrupted process only: their work is abandoned."""
    with _RUNNING_LOCK:
        for proc in _RUNNING:
            proc.terminate()


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
