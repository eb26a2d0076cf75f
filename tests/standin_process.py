"""What the online voices' stand-ins share: the record of what they were asked, and running as a
process of their own (the benchmarks run them so, `python tests/X_standin.py`): say where it
listens, serve until SIGTERM or Ctrl-C, then say what it answered."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections import Counter
from typing import Any, Protocol


class RecordsRequests:
    """The requests a stand-in saw, read under its state's lock (`self.state`: `lock`, `seen`, a
    list of records with an `answer`, and `most_in_flight`)."""

    state: Any

    @property
    def seen(self) -> list[Any]:
        with self.state.lock:
            return list(self.state.seen)

    @property
    def most_in_flight(self) -> int:
        with self.state.lock:
            return self.state.most_in_flight

    def answers(self) -> Counter[str]:
        return Counter(s.answer for s in self.seen)


class Served(Protocol):
    def answers(self) -> Counter[str]: ...
    def stop(self) -> None: ...


def serve_until_terminated(standin: Served, announce: str) -> None:
    """Print `announce` (NAME=VALUE, what a client's environment needs) on stdout, serve until
    SIGTERM or Ctrl-C, stop, and print the answers given as one JSON line on stderr."""
    print(announce, flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    counts = standin.answers()
    standin.stop()
    print(json.dumps({"requests": sum(counts.values()), "answers": dict(counts)}), file=sys.stderr, flush=True)
