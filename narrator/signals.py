"""SIGINT and SIGTERM as one exception, raised in the main thread wherever it is.

Python turns SIGINT into KeyboardInterrupt but lets SIGTERM kill the process on the spot, which
leaves partial files and a scratch programme behind.  Both become `Interrupted`, so every `with`
and `finally` on the way out cleans up (see publish/output.py), and the CLI exits 128 + signal.

The handler's raise alone is not enough.  Python runs a handler wherever the main thread happens
to be, and when that is inside a finalizer (`wave.Wave_read.__del__` runs on every cache miss)
the exception is printed as "Exception ignored" and dropped: the render went on to the end.  And
worker threads never see it.  So the handler also records the signal, and `check()` raises it
again at the points where stopping is safe and cheap: between utterances, in the synthesis
workers before they start one, in the encoder's workers before each ffmpeg run.  A dropped
Interrupted is not printed (`_QuietInterrupted`): the next `check()` acts on it.

A terminal's Ctrl-C reaches the whole process group, ffmpeg included: an ffmpeg that dies of it
reports the signal (`signal_death`), and the render reports an interruption, not an ffmpeg failure.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from types import FrameType
from typing import Any

from .errors import Interrupted

HANDLED = (signal.SIGINT, signal.SIGTERM)
_RECEIVED = re.compile(r"received signal (\d+)")


# The first SIGINT or SIGTERM this process handled (None: none yet).  Set only by the handler,
# in the main thread; read by any thread (one reference, so no lock is needed).
_received: int | None = None


def _raise(signum: int, _frame: FrameType | None) -> None:
    global _received
    if _received is None:
        _received = signum
    raise Interrupted(_received)


def check() -> None:
    """Raise Interrupted if a signal came, in any thread: where a render may stop cleanly."""
    if _received is not None:
        raise Interrupted(_received)


def received() -> int | None:
    """The signal this process was interrupted by, if any."""
    return _received


class _QuietInterrupted:
    """`sys.unraisablehook`: an Interrupted raised inside a finalizer is dropped by Python, with a
    traceback on stderr; say nothing (the next `check()` raises it where it can act), and report
    anything else through the hook that was there before."""

    def __init__(self, chained: Any) -> None:
        self.chained = chained

    def __call__(self, unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            self.chained(unraisable)


def install() -> None:
    """From now on SIGINT and SIGTERM raise Interrupted in the main thread (and `check()` raises
    it anywhere)."""
    for signum in HANDLED:
        signal.signal(signum, _raise)
    if not isinstance(sys.unraisablehook, _QuietInterrupted):
        sys.unraisablehook = _QuietInterrupted(sys.unraisablehook)


def exit_code(exc: BaseException) -> int:
    """The shell's convention: 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM)."""
    return 128 + (exc.signum if isinstance(exc, Interrupted) else signal.SIGINT)


def signal_death(returncode: int, stderr: str) -> Interrupted | None:
    """An Interrupted if a child process ended because of SIGINT or SIGTERM, else None."""
    if returncode < 0 and -returncode in HANDLED:
        return Interrupted(-returncode)
    found = _RECEIVED.search(stderr) if returncode != 0 else None
    if found and int(found.group(1)) in HANDLED:
        return Interrupted(int(found.group(1)))
    return None


class Deferred:
    """`with Deferred():` holds SIGINT and SIGTERM back until the block is done (the few renames
    that put a finished episode in place), so an episode is never half replaced; a signal that
    came meanwhile is acted on at the end of the block.  Only the main thread handles signals,
    so elsewhere it does nothing."""

    def __enter__(self) -> Deferred:
        self._pending: list[int] = []
        self._old: dict[int, object] = {}
        if threading.current_thread() is threading.main_thread():
            for signum in HANDLED:
                self._old[signum] = signal.signal(signum, lambda n, _f: self._pending.append(n))
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._old.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        if self._pending:
            signal.raise_signal(self._pending[0])
