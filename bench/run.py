"""`make bench`: narrate against the floor (raw espeak-ng + lame), in one run, on the same text.

For the seed article and editions 4x and 16x its length: the floor, narrate cold (empty clip
cache), warm (unchanged article, full cache) and after editing one paragraph; wall time and peak
RSS of each (the largest process of the command's tree).  Writes BENCHMARKS.md and prints the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cluster_bench import bench_cluster, cluster_table  # bench/ is the script's folder
from sync_bench import bench_sync, sync_table, sync_targets

ROOT = Path(__file__).resolve().parent.parent
NARRATE = [sys.executable, "-m", "narrator.cli"]
BITRATE_KBPS = 64
SYNC_NOTE = ("`narrate sync` of 20 local articles (served on 127.0.0.1) with `--engine espeak`: cold (empty cache "
             "and DIR) with `--workers 1` and `--workers 2`, then the same sync again with nothing new.")
CLUSTER_NOTE = ("`narrate sync` of 40 local articles with `--engine espeak`, cold, with `--workers 1`, `--workers 2` and "
                "`--cluster local:2` (a local Dask cluster of 2 workers, docs/cluster.md); the overhead is the difference "
                "to `--workers 2` per article. Others share the 2 cores: compare within one run only.")
ORDINALS = [
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
    "التاسع", "العاشر", "الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر", "السادس عشر",
]


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float = 0.0  # user + system of the command and its waited-for descendants


def timed(cmd: list[str], env: dict[str, str] | None = None, stdin: Path | None = None) -> Run:
    """Wall time and peak RSS; wait4's rusage covers the child and its waited-for descendants."""
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as inp:
        proc = subprocess.Popen(cmd, env=env, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed: {proc.stderr.read().decode(errors='replace')[-500:]}")
    return Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def edition(body: str, copies: int) -> str:
    """The seed's sections `copies` times; each copy's paragraphs are told apart by an ordinal,
    so no clip of one copy can come from another's cache entry."""
    head, _, sections = body.partition("\n## ")
    sections = "## " + sections
    parts = [head]
    for i in range(copies):
        marked = []
        for line in sections.splitlines():
            if line.startswith("## "):
                line = f"{line} - الجزء {ORDINALS[i]}" if i else line
            elif line.strip() and i:
                line = f"في الجزء {ORDINALS[i]}، {line}"
            marked.append(line)
        parts.append("\n".join(marked))
    return "\n\n".join(parts) + "\n"


def edit_one_paragraph(text: str) -> str:
    lines = text.splitlines()
    paragraphs = [i for i, line in enumerate(lines) if line.strip() and not line.startswith(("#", "---", "-", ">"))]
    target = paragraphs[len(paragraphs) // 2]
    lines[target] = lines[target].rstrip() + " وأضاف المراسل أن الوضع ما زال متوترا."
    return "\n".join(lines) + "\n"


def plain_text(article: Path, env: dict[str, str]) -> str:
    """The words narrate speaks, in order, for the floor to speak too."""
    plan = json.loads(subprocess.run([*NARRATE, "plan", "--json", str(article)], env=env, check=True,
                                     capture_output=True, text=True).stdout)
    lines = [plan["headline"], plan["byline"]]
    for chapter in plan["chapters"]:
        if chapter["title"] != plan["headline"]:
            lines.append(chapter["title"])
        lines.extend(chapter["paragraphs"])
    return "\n".join(line for line in lines if line) + "\n"


def floor(text_file: Path, work: Path, *lame_options: str) -> Run:
    """espeak-ng writes 22.05 kHz; lame keeps that rate unless told to resample."""
    wav, mp3 = work / "floor.wav", work / "floor.mp3"
    speak = timed(["espeak-ng", "-v", "ar", "-f", str(text_file), "-w", str(wav)])
    encode = timed(["lame", "--quiet", "-b", str(BITRATE_KBPS), *lame_options, str(wav), str(mp3)])
    return Run(speak.seconds + encode.seconds, max(speak.peak_rss_mb, encode.peak_rss_mb))


def audio_minutes(mp3: Path) -> float:
    from mutagen.mp3 import MP3

    return MP3(mp3).info.length / 60


def bench_size(copies: int, work: Path) -> dict[str, object]:
    work.mkdir(parents=True)
    article = work / f"article_x{copies}.md"
    article.write_text(edition((ROOT / "article.md").read_text(encoding="utf-8"), copies), encoding="utf-8")
    env = {**os.environ, "NARRATOR_CACHE_DIR": str(work / "cache")}
    text = work / "text.txt"
    text.write_text(plain_text(article, env), encoding="utf-8")
    render = [*NARRATE, "--engine", "espeak", "-q", "--bitrate", str(BITRATE_KBPS), "-o", str(work / "out"),
              str(article)]
    row: dict[str, object] = {"copies": copies, "floor": floor(text, work)}
    row["cold"] = timed(render, env)
    row["warm"] = timed(render, env)
    article.write_text(edit_one_paragraph(article.read_text(encoding="utf-8")), encoding="utf-8")
    row["edit"] = timed(render, env)
    row["minutes"] = audio_minutes(work / "out" / article.with_suffix(".mp3").name)
    return row


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def table(rows: list[dict[str, object]]) -> str:
    out = ["| article | audio | floor | cold | warm | one-paragraph edit | cold / floor | warm / cold | edit / cold |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        f, c, w, e = (r[k] for k in ("floor", "cold", "warm", "edit"))
        cell = lambda run: f"{run.seconds:.2f} s, {run.peak_rss_mb:.0f} MB"  # noqa: E731
        out.append(
            f"| seed x{r['copies']} | {r['minutes']:.1f} min | {cell(f)} | {cell(c)} | {cell(w)} | {cell(e)} "
            f"| {c.seconds / f.seconds:.2f} | {w.seconds / c.seconds:.2f} | {e.seconds / c.seconds:.2f} |"
        )
    return "\n".join(out)


def targets(rows: list[dict[str, object]]) -> list[tuple[str, bool, str]]:
    by = {r["copies"]: r for r in rows}
    checks = []
    for r in rows:
        c = r["cold"]
        checks.append((f"x{r['copies']} cold <= 2x floor", c.seconds <= 2 * r["floor"].seconds,
                       f"{c.seconds / r['floor'].seconds:.2f}x"))
        checks.append((f"x{r['copies']} warm <= 0.3x cold", r["warm"].seconds <= 0.3 * c.seconds,
                       f"{r['warm'].seconds / c.seconds:.2f}x"))
        checks.append((f"x{r['copies']} edit <= 0.4x cold", r["edit"].seconds <= 0.4 * c.seconds,
                       f"{r['edit'].seconds / c.seconds:.2f}x"))
    if 1 in by and 16 in by:
        ratio = by[16]["cold"].seconds / by[1]["cold"].seconds
        checks.append(("x16 cold <= 18x the x1 cold", ratio <= 18, f"{ratio:.1f}x"))
        rss = max(by[16][k].peak_rss_mb for k in ("cold", "warm", "edit"))
        checks.append(("x16 peak RSS <= 300 MB", rss <= 300, f"{rss:.0f} MB"))
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,4,16", help="editions to measure, as multiples of the seed")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-sync", action="store_true", help="skip the narrate sync measurement")
    parser.add_argument("--no-cluster", action="store_true", help="skip the sync --cluster local:2 measurement")
    args = parser.parse_args()
    for tool in ("espeak-ng", "lame"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (scripts/ensure-system.sh bench installs it)")
    with tempfile.TemporaryDirectory(prefix="narrator-bench-") as tmp:
        # Calibrate the encoder once, as any installed narrator has after its first render.
        warmup = Path(tmp) / "warmup"
        warmup.mkdir()
        timed([*NARRATE, "--engine", "espeak", "-q", "-o", str(warmup), str(ROOT / "article.md")],
              {**os.environ, "NARRATOR_CACHE_DIR": str(warmup / "cache")})
        rows = [bench_size(int(n), Path(tmp) / f"x{n}") for n in args.sizes.split(",")]
        synced = None if args.no_sync else bench_sync(Path(tmp), timed, NARRATE)
        clustered = None if args.no_cluster else bench_cluster(Path(tmp), timed, NARRATE)
    checks = targets(rows) + (sync_targets(synced) if synced else [])
    report = "\n".join([
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, by `make bench` (`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`).",
        "",
        f"Floor: `espeak-ng -v ar -f text.txt -w floor.wav` then `lame -b {BITRATE_KBPS} floor.wav floor.mp3` on the same",
        "words narrate speaks (headline, byline, titles, paragraphs); both MP3s are 22.05 kHz mono. narrate:",
        "`narrate --engine espeak` with an empty clip",
        "cache (cold), again unchanged (warm), and after one paragraph is edited. Time is wall-clock; memory is the",
        "peak RSS of the largest process. The encoder's loudness calibration is learned before (as after any first render).",
        "",
        table(rows),
        "",
        *([SYNC_NOTE, "", sync_table(synced), ""] if synced else []),
        *([CLUSTER_NOTE, "", cluster_table(clustered), ""] if clustered else []),
        "| target | holds | measured |",
        "|---|---|---|",
        *[f"| {name} | {'yes' if ok else 'NO'} | {value} |" for name, ok, value in checks],
        "",
    ])
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
