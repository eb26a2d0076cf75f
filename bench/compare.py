"""Cold renders of two versions of narrator, interleaved round by round against the floor.

On a machine others share, one run's wall time measures a share of the machine: comparing a
change with the code before it is only fair inside one run, round by round.  Each round runs the
floor, then each version cold (an empty cache), in the same order; the report gives medians, each
version's CPU (user + system of its whole process tree, which load disturbs far less than wall
time) and the second version's wall and CPU over the first's, round by round.

    python bench/compare.py main HEAD --copies 1 --rounds 6

A version is a git revision (its `narrator/` is exported to a temporary folder) or a folder that
holds a `narrator/` package.  The encoder calibration learned before is used by both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import NARRATE, ROOT, edition, floor, plain_text, timed  # bench/ is the script's folder


def _source(version: str, into: Path) -> Path:
    if (Path(version) / "narrator").is_dir():
        return Path(version).resolve()
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", version, "narrator"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--copies", type=int, default=1, help="edition of the seed, as in run.py --sizes")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="narrator-compare-") as tmp:
        work = Path(tmp)
        # `python -m` looks in the current folder first: the repository's own narrator/ would win.
        os.chdir(work)
        versions = {name: _source(name, work / f"src-{i}") for i, name in enumerate((args.before, args.after))}
        article = work / "article.md"
        article.write_text(edition((ROOT / "article.md").read_text(encoding="utf-8"), args.copies), encoding="utf-8")
        text = work / "text.txt"
        text.write_text(plain_text(article, dict(os.environ)), encoding="utf-8")
        floors: list[float] = []
        wall: dict[str, list[float]] = {name: [] for name in versions}
        cpu: dict[str, list[float]] = {name: [] for name in versions}
        for round_ in range(args.rounds):
            floors.append(floor(text, work).seconds)
            for name, source in versions.items():
                env = {**os.environ, "PYTHONPATH": str(source), "NARRATOR_CACHE_DIR": str(work / f"cache-{round_}-{name}")}
                run = timed([*NARRATE, "--engine", "espeak", "-q", "--bitrate", "64", "-o", str(work / "out"),
                             str(article)], env)
                wall[name].append(run.seconds)
                cpu[name].append(run.cpu_seconds)
    before, after = versions
    print(f"seed x{args.copies}, {args.rounds} rounds, load {os.getloadavg()[0]:.1f} at the end; "
          f"floor median {statistics.median(floors):.2f} s")
    for name in versions:
        print(f"  {name}: cold median {statistics.median(wall[name]):.2f} s "
              f"({statistics.median(wall[name]) / statistics.median(floors):.2f}x the floor), "
              f"CPU median {statistics.median(cpu[name]):.2f} s")
    ratios = [a / b for a, b in zip(wall[after], wall[before])]
    cpu_ratios = [a / b for a, b in zip(cpu[after], cpu[before])]
    print(f"  {after} / {before}: wall {' '.join(f'{r:.2f}' for r in ratios)} (median {statistics.median(ratios):.2f}), "
          f"CPU median {statistics.median(cpu_ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
