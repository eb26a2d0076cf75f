"""The discipline every online voice puts around its requests: bounded tries, exponential backoff
with jitter, Retry-After honoured by every worker, and a stop once the render has failed.

An engine's fetch raises `Retryable` for what may get better by asking again (throttling, server
trouble, timeouts, dropped connections, answers without audio) and anything else for what will not.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ..errors import EngineError
from ..sources.fetch import retry_after_seconds as parse_retry_after

__all__ = ["RetryPolicy", "Retryable", "Retrier", "Throttle", "gave_up", "parse_retry_after"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard one piece is tried before the render gives up."""

    tries: int = 6
    # Backoff before try n+1 is drawn from [b/2, b] with b = base * 2**(n-1), capped: the jitter keeps
    # parallel workers that failed together from retrying together.
    base_s: float = 0.5
    cap_s: float = 16.0
    # A service may ask for a long wait; beyond this a user is better served by the error message.
    retry_after_cap_s: float = 60.0
    # (connect, read): a short piece is answered in well under a second.
    timeout_s: tuple[float, float] = (5.0, 15.0)

    def delay(self, failed_tries: int, retry_after: float | None, rng: random.Random) -> float:
        ceiling = min(self.cap_s, self.base_s * 2 ** (failed_tries - 1))
        jittered = rng.uniform(ceiling / 2, ceiling)
        if retry_after is None:
            return jittered
        return max(min(retry_after, self.retry_after_cap_s), jittered)


class Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Throttle:
    """When the service says "wait", every worker waits, not just the one that was told."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._not_before = 0.0

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._not_before = max(self._not_before, time.monotonic() + seconds)

    def remaining(self) -> float:
        with self._lock:
            return max(0.0, self._not_before - time.monotonic())


def gave_up(engine: str, service: str, tries: int, text: str, failure: Retryable) -> str:
    """The one line a user reads when an online voice failed a piece `tries` times."""
    shown = text if len(text) <= 40 else text[:40] + "…"
    return (
        f"{engine}: {service} failed {tries} times on «{shown}» (last: {failure.reason}); clips "
        "fetched so far are cached: run again later, with fewer --jobs, or use --engine espeak"
    )


class Retrier:
    """One per engine: shared by its worker threads (the throttle and the stop are common)."""

    def __init__(self, name: str, policy: RetryPolicy, rng: random.Random | None = None) -> None:
        self.name = name
        self.policy = policy
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._throttle = Throttle()
        self._stop = threading.Event()
        self.requests = 0  # sent, including retries: what a run cost the service

    def cancel(self) -> None:
        self._stop.set()

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise EngineError(f"{self.name}: synthesis cancelled")

    def run(self, fetch: Callable[[], T], give_up: Callable[[Retryable], str]) -> T:
        """`fetch()` until it succeeds; after the last try, EngineError(give_up(last failure))."""
        failure: Retryable | None = None
        for attempt in range(1, self.policy.tries + 1):
            self._sleep(self._throttle.remaining())
            with self._lock:
                self.requests += 1
            try:
                return fetch()
            except Retryable as exc:
                failure = exc
            if attempt == self.policy.tries:
                break
            with self._lock:
                delay = self.policy.delay(attempt, failure.retry_after, self._rng)
            if failure.retry_after is not None:
                self._throttle.hold(delay)
            self._sleep(delay)
        assert failure is not None
        raise EngineError(give_up(failure))
