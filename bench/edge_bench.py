"""Benchmark (not a test): narrate's edge path against plain sequential gtts-cli (the issue's
baseline), each talking to its local stand-in with the same latency per request.

  .venv/bin/python bench/edge_bench.py [--latency 0.3] [--article article.md] [--jobs 6]

Both stand-ins are warmed first (an untimed run makes and keeps every answer), so in the timed runs
they cost no CPU of their own beyond the frames they send: each answer is ready right after the
latency.  Reported: gtts-cli's sequential wall time and requests, narrate --engine edge's whole
render (cold clip cache) and its requests, the ratio, and the network-only floor
(ceil(requests / jobs) x latency) that no client could beat.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gtts_bench import BIN, ROOT, bench_args, cpu_timed, gtts_cli_baseline, standin, stop, timed  # noqa: E402


def edge_standin(latency: float) -> tuple[subprocess.Popen, dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "edge_standin.py"), "--latency", str(latency)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    name, _, url = proc.stdout.readline().strip().partition("=")
    return proc, {**os.environ, name: url}


def main() -> None:
    args = bench_args(__doc__.split("\n\n")[0])

    with tempfile.TemporaryDirectory(prefix="edge-bench-") as tmp:
        tmp_path = Path(tmp)
        proc, env = standin(args.latency)
        cli_s, cli_cpu, cli_requests = gtts_cli_baseline(args.article, tmp_path, env)
        stop(proc)

        proc, env = edge_standin(args.latency)
        narrate = [BIN / "narrate", "--engine", "edge", "--jobs", str(args.jobs), "-q", "--json"]
        timed([*narrate, "-o", str(tmp_path / "o0"), str(args.article)], {**env, "NARRATOR_CACHE_DIR": str(tmp_path / "c0")})
        edge_s, out, edge_cpu = cpu_timed([*narrate, "-o", str(tmp_path / "o1"), str(args.article)],
                                          {**env, "NARRATOR_CACHE_DIR": str(tmp_path / "c1")})
        answers = stop(proc)["answers"]
        episode = json.loads(out)["episodes"][0]

    requests = episode["synthesized"]
    # Requests leave `jobs` at a time; the engine check is a bare connection (no latency).
    floor = math.ceil(requests / args.jobs) * args.latency
    print(f"latency {args.latency:g} s per request, jobs {args.jobs}, article {args.article.name}")
    print(f"gtts-cli -l ar (sequential):        {cli_s:6.1f} s  {cli_requests} requests")
    print(f"narrate --engine edge, cold cache:  {edge_s:6.1f} s  {requests} requests "
          f"({cli_s / edge_s:.1f}x faster than gtts-cli); answers over 2 runs {answers}")
    print(f"network-only floor for edge:        {floor:6.1f} s  ceil({requests}/{args.jobs}) x latency; "
          f"narrate spends {edge_s - floor:.1f} s beyond it")
    print(f"CPU used (user+sys): gtts-cli {cli_cpu:.1f} s, narrate --engine edge {edge_cpu:.1f} s "
          f"(on a shared machine, wall time beyond the floor is mostly waiting for a core)")


if __name__ == "__main__":
    main()
