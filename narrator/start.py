"""The `narrate` entry point: SIGINT and SIGTERM are handled from the first moment.

Importing the CLI and the pipeline takes a second or more on a busy machine; a Ctrl-C in that time
was a KeyboardInterrupt traceback.  So this module's first statements, before any import of
narrator's own, make SIGINT and SIGTERM end the process at once with the one line an interruption
always gets: nothing has been written yet, so there is nothing to clean up.  Once the CLI is
imported, `signals.install()` takes over, and an interruption unwinds through every `with` and
`finally` that removes partial files (see signals.py).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _end_now(signum: int, _frame: FrameType | None) -> None:
    # os.write and os._exit: no Python-level buffering or clean-up that the signal could interrupt.
    os.write(2, b"narrate: interrupted\n")
    os._exit(128 + signum)


for _signum in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_signum, _end_now)

from . import signals  # noqa: E402  (after the handlers, on purpose)


def main() -> None:
    from .cli import main as cli

    signals.install()
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
