"""The `narrate` entry point: SIGINT and SIGTERM are handled from the first moment.

Importing the CLI and the pipeline takes a second or more on a busy machine; a Ctrl-C in that time
was a KeyboardInterrupt traceback.  This module imports only the signal handling, installs it, and
then imports and runs the CLI, which reports an interruption as one line like any other.
"""

from __future__ import annotations

import sys

from . import signals
from .errors import Interrupted


def main() -> None:
    signals.install()
    try:
        from .cli import main as cli
    except (KeyboardInterrupt, Interrupted) as exc:
        print("narrate: interrupted", file=sys.stderr)
        sys.exit(signals.exit_code(exc))
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
