"""Benchmark (not a test): how long `narrate` takes to stop after SIGINT or SIGTERM mid-render.

  .venv/bin/python bench/signal_latency.py [--trials 20] [--engine fake] [--seed 1]

Each trial renders a long article (300 sections, about 600 utterances) with an empty clip cache,
waits until the first clips are cached and then a random further 0-1.5 s, sends SIGINT or SIGTERM
(alternately), and times the exit.  Reported per trial and as median and max: seconds from the
signal to the exit, and the clips cached after the signal (only those already being made may
finish).  Every trial must end with exit 130/143 and the one line "narrate: interrupted".
On a shared machine the seconds depend on the load: compare runs made one after the other.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
SECTIONS = 300


def long_article(path: Path) -> None:
    path.write_text("# عنوان الخبر\n\n" + "\n".join(
        f"## قسم {i}\n\nفقرة جديدة رقم {i} عن الأحداث في البادية السورية والتنظيم وما بعدها.\n"
        for i in range(SECTIONS)
    ), encoding="utf-8")


def clips(cache: Path) -> int:
    return sum(1 for _ in (cache / "clips").rglob("*.wav")) if cache.exists() else 0


def trial(tmp: Path, engine: str, signum: int, delay: float) -> tuple[float, int]:
    """Seconds from the signal to the exit, and clips cached after the signal."""
    article, cache = tmp / "article.md", tmp / "cache"
    long_article(article)
    env = {**os.environ, "NARRATOR_CACHE_DIR": str(cache), "NARRATOR_STATE_DIR": str(tmp / "state")}
    proc = subprocess.Popen([BIN / "narrate", "--engine", engine, "-q", "-o", str(tmp / "out"), str(article)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while clips(cache) < 2:
        if proc.poll() is not None:
            sys.exit(f"the render ended before the signal: {proc.stderr.read()}")
        time.sleep(0.01)
    time.sleep(delay)
    at_signal = clips(cache)
    started = time.monotonic()
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=600)
    elapsed = time.monotonic() - started
    if proc.returncode != 128 + signum or stderr != "narrate: interrupted\n":
        sys.exit(f"trial failed: exit {proc.returncode}, stderr {stderr!r}")
    return elapsed, clips(cache) - at_signal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--engine", default="fake")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seconds, after = [], []
    for index in range(args.trials):
        signum = (signal.SIGINT, signal.SIGTERM)[index % 2]
        with tempfile.TemporaryDirectory(prefix="signal-latency-") as tmp:
            elapsed, extra = trial(Path(tmp), args.engine, signum, rng.uniform(0, 1.5))
        seconds.append(elapsed)
        after.append(extra)
        print(f"trial {index + 1:2}: {signal.Signals(signum).name:7} exit after {elapsed:6.3f} s, "
              f"{extra:3} clips cached after the signal", flush=True)
    print(f"engine {args.engine}, {args.trials} trials, load average {os.getloadavg()[0]:.2f}")
    print(f"seconds to exit: median {statistics.median(seconds):.3f}, max {max(seconds):.3f}")
    print(f"clips after the signal: median {statistics.median(after):g}, max {max(after)}")


if __name__ == "__main__":
    main()
