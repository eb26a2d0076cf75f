"""Where a sync's rendering stands: the progress line (done of total, failures, throughput, ETA).

The same line for local workers and a cluster: the sync loop counts each outcome as it arrives
and hands the line to the Progress object; the CLI prints it every few seconds."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Tally:
    total: int  # articles this run may render (those whose pages it asks for)
    done: int = 0
    failed: int = 0
    elapsed_s: float = 0.0
    started: float = field(default_factory=time.monotonic, compare=False)

    def counted(self, *, failed: bool) -> Tally:
        return dataclasses.replace(self, done=self.done + 1, failed=self.failed + failed,
                                   elapsed_s=time.monotonic() - self.started)

    @property
    def per_minute(self) -> float:
        return 60.0 * self.done / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        if not self.done or self.elapsed_s <= 0:
            return None
        return max(0, self.total - self.done) * self.elapsed_s / self.done

    def line(self) -> str:
        eta = self.eta_s
        left = "ETA --" if eta is None else f"ETA {_duration(eta)}"
        return (f"{self.done}/{self.total} articles, {self.failed} failed, "
                f"{self.per_minute:.1f}/min, {left}")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"
