"""Benchmark (not a test): how long `narrate` takes to stop after SIGINT or SIGTERM mid-render.

  .venv/bin/python bench/signal_latency.py [--trials 20] [--engine fake] [--seed 1]

Each trial renders a long article (300 sections, about 600 utterances) with an empty clip cache,
waits until the first clips are cached and then a random further 0-1.5 s, sends SIGINT or SIGTERM
(alternately), and times the exit.  Reported per trial and as median and max: seconds from the
signal to the exit, and the clips cached after the signal (only those already being made may
finish).  A trial that does not end with exit 130/143 and the one line "narrate: interrupted" is
reported as such (its time counts too), and the script exits 1 at the end.
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


def trial(tmp: Path, engine: str, signum: int, delay: float) -> tuple[float, int, str]:
    """Seconds from the signal to the exit, clips cached after the signal, and what went wrong
    (empty if the render stopped as it should)."""
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
    wrong = ""
    if proc.returncode != 128 + signum or stderr != "narrate: interrupted\n":
        wrong = f"exit {proc.returncode}, stderr: {stderr.strip().splitlines()[0] if stderr.strip() else ''}"
    return elapsed, clips(cache) - at_signal, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--engine", default="fake")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seconds, after, failures = [], [], 0
    for index in range(args.trials):
        signum = (signal.SIGINT, signal.SIGTERM)[index % 2]
        with tempfile.TemporaryDirectory(prefix="signal-latency-") as tmp:
            elapsed, extra, wrong = trial(Path(tmp), args.engine, signum, rng.uniform(0, 1.5))
        seconds.append(elapsed)
        after.append(extra)
        failures += bool(wrong)
        print(f"trial {index + 1:2}: {signal.Signals(signum).name:7} exit after {elapsed:6.3f} s, "
              f"{extra:3} clips cached after the signal{'  NOT STOPPED: ' + wrong if wrong else ''}", flush=True)
    print(f"engine {args.engine}, {args.trials} trials, load average {os.getloadavg()[0]:.2f}")
    print(f"seconds to exit: median {statistics.median(seconds):.3f}, max {max(seconds):.3f}")
    print(f"clips after the signal: median {statistics.median(after):g}, max {max(after)}")
    print(f"trials that did not stop as promised: {failures}")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
