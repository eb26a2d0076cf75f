"""Benchmark (not a test): narrate's gtts path against plain sequential gtts-cli, both talking to
the local stand-in for Google with the same latency per request.

  .venv/bin/python bench/gtts_bench.py [--latency 0.3] [--article article.md]

Runs, each against a fresh stand-in process (so neither side finds the other's clips warm):
  1. gtts-cli -l ar on the article's text (headline, byline, headings, paragraphs), sequential;
  2. narrate --engine gtts with an empty cache (whole render: fetch, decode, loudness, MP3, tags);
  3. the same with one request in ten answered 429 (Retry-After: 1), checking the chapters match.
For 2 it also reports when the last clip arrived (the fetch stage, comparable to gtts-cli's job).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def standin(latency: float, rate_429: float = 0.0) -> tuple[subprocess.Popen, dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "gtts_standin.py"), "--latency", str(latency),
         "--rate-429", str(rate_429), "--seed", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    line = proc.stdout.readline().strip()
    proxy = line.split("=", 1)[1]
    env = {**os.environ, "HTTPS_PROXY": proxy, "https_proxy": proxy, "NO_PROXY": "", "no_proxy": ""}
    return proc, env


def stop(proc: subprocess.Popen) -> dict:
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    return json.loads(err.strip().splitlines()[-1])


def article_text(article: Path, env: dict[str, str]) -> str:
    plan = json.loads(subprocess.run([BIN / "narrate", "plan", "--json", str(article)],
                                     capture_output=True, text=True, check=True, env=env).stdout)
    lines = [plan["headline"], plan["byline"]]
    for index, chapter in enumerate(plan["chapters"]):
        lines += ([chapter["title"]] if index else []) + chapter["paragraphs"]
    return "\n".join(line for line in lines if line)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stderr}")
    return elapsed, done.stdout


def cpu_timed(cmd: list, env: dict[str, str]) -> tuple[float, str, float]:
    """Wall seconds, stdout, and the CPU seconds the command (and its children) used: on a shared
    machine, wall time beyond the network floor is mostly waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, out = timed(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, out, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fetch_stage(article: Path, env: dict[str, str], jobs: int) -> float:
    """Seconds until narrate's last clip is decoded and cached (the synthesis stage alone)."""
    code = (
        "import sys,time; from narrator.engines import EngineOptions; from narrator.engines.gtts import GttsEngine\n"
        "from narrator.cache import NoCache; from narrator.synthesize import SynthesisStats, synthesize\n"
        "from narrator.text.parse import read_article; from narrator.text.speak import build_script\n"
        "t=time.monotonic(); e=GttsEngine(EngineOptions())\n"
        "s=build_script(read_article(sys.argv[1]), max_chars=e.max_chars)\n"
        f"n=sum(1 for _ in synthesize(s, e, NoCache(), SynthesisStats(), jobs={jobs}))\n"
        "print(time.monotonic()-t)"
    )
    return float(timed([sys.executable, "-c", code, str(article)], env)[1])


def bench_args(description: str) -> argparse.Namespace:
    """The options this benchmark and edge_bench.py share."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--article", type=Path, default=ROOT / "article.md")
    parser.add_argument("--jobs", type=int, default=6)
    return parser.parse_args()


def gtts_cli_baseline(article: Path, tmp_path: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """The issue's baseline, gtts-cli -l ar on the article's text against the running stand-in:
    wall seconds, CPU seconds and requests of a timed run after an untimed warm-up (the stand-in
    makes each answer once, espeak + LAME, and keeps it, so the timed run sees the set latency
    per request, as from Google, not the stand-in's own CPU)."""
    text = tmp_path / "article.txt"
    text.write_text(article_text(article, env), encoding="utf-8")
    cli = [BIN / "gtts-cli", "-l", "ar", "-f", str(text), "-o", str(tmp_path / "cli.mp3")]
    timed(cli, env)
    seconds, _, cpu = cpu_timed(cli, env)
    requests = len(__import__("gtts").gTTS(text.read_text(encoding="utf-8"), lang="ar").get_bodies())
    return seconds, cpu, requests


def main() -> None:
    args = bench_args(__doc__.split("\n\n")[0])

    with tempfile.TemporaryDirectory(prefix="gtts-bench-") as tmp:
        tmp_path = Path(tmp)
        proc, env = standin(args.latency)
        cli_s, cli_cpu, cli_requests = gtts_cli_baseline(args.article, tmp_path, env)
        narrate = [BIN / "narrate", "--engine", "gtts", "--jobs", str(args.jobs), "-q", "--json"]
        # Untimed warm-up, as for gtts-cli: the stand-in makes narrate's answers once.
        timed([*narrate, "-o", str(tmp_path / "out-0"), str(args.article)], {**env, "NARRATOR_CACHE_DIR": str(tmp_path / "c0")})
        narrate_s, out, narrate_cpu = cpu_timed([*narrate, "-o", str(tmp_path / "out-1"), str(args.article)],
                                                {**env, "NARRATOR_CACHE_DIR": str(tmp_path / "c1")})
        clean = json.loads(out)["episodes"][0]
        fetch_s = fetch_stage(args.article, env, args.jobs)
        stop(proc)

        proc, env = standin(args.latency, rate_429=0.1)
        timed([*narrate, "-o", str(tmp_path / "out-2"), str(args.article)], {**env, "NARRATOR_CACHE_DIR": str(tmp_path / "c2")})
        throttled_s, out = timed([*narrate, "-o", str(tmp_path / "out-3"), str(args.article)],
                                 {**env, "NARRATOR_CACHE_DIR": str(tmp_path / "c3")})
        throttled = json.loads(out)["episodes"][0]
        answers = stop(proc)["answers"]
        narrate_requests = clean["synthesized"]

    same = [c["title"] for c in throttled["chapters"]] == [c["title"] for c in clean["chapters"]]
    print(f"latency {args.latency:g} s per request, jobs {args.jobs}, article {args.article.name}")
    print(f"gtts-cli -l ar (sequential):      {cli_s:6.1f} s  {cli_requests} requests")
    print(f"narrate --engine gtts, cold cache: {narrate_s:6.1f} s  {narrate_requests} requests"
          f"  ({cli_s / narrate_s:.1f}x faster)")
    print(f"  of which fetching all clips:     {fetch_s:6.1f} s  ({cli_s / fetch_s:.1f}x faster than gtts-cli)")
    floor = math.ceil(narrate_requests / args.jobs) * args.latency
    print(f"network-only floor:                {floor:6.1f} s  ceil({narrate_requests}/{args.jobs}) x latency")
    print(f"CPU used (user+sys): gtts-cli {cli_cpu:.1f} s, narrate --engine gtts {narrate_cpu:.1f} s")
    print(f"narrate with 10% answered 429:     {throttled_s:6.1f} s  answers over 2 runs {answers}; "
          f"chapters {'the same' if same else 'DIFFERENT'} ({len(throttled['chapters'])})")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
