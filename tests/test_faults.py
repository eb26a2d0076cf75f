"""Faults a newsroom will meet: a render killed mid-way, and repeated renders."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

from .conftest import ARTICLE_MD, ffprobe_json


def _narrate(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "narrator.cli", *args],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_kill_9_keeps_the_earlier_episode_and_the_next_run_resumes(tmp_path: Path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {"NARRATOR_CACHE_DIR": str(cache)}
    article = tmp_path / "article.md"
    article.write_text(ARTICLE_MD.read_text(encoding="utf-8"), encoding="utf-8")
    first = _narrate(["--engine", "espeak", "-q", "-o", str(out), str(article)], env)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    before = _digest(out)

    # A longer edition of the same article, killed while it synthesizes.
    body = ARTICLE_MD.read_text(encoding="utf-8")
    article.write_text(body + "\n" + "\n".join(
        f"## قسم إضافي {i}\n\nفقرة جديدة رقم {i} عن الأحداث في البادية السورية والتنظيم.\n" for i in range(200)
    ), encoding="utf-8")
    victim = _narrate(["--engine", "espeak", "-q", "-o", str(out), str(article)], env)
    clips = cache / "clips"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if victim.poll() is not None:
            break
        if clips.exists() and sum(1 for _ in clips.rglob("*.wav")) >= len(before) + 40:
            break
        time.sleep(0.02)
    assert victim.poll() is None, "the render finished before it could be killed"
    victim.send_signal(signal.SIGKILL)
    victim.wait()

    after = _digest(out)
    for name, digest in before.items():
        assert after[name] == digest, f"{name} changed by a killed render"
    assert all(".partial-" in name for name in set(after) - set(before))
    # A clip being written when the kill came can only be a hidden partial file: every entry is whole.
    for entry in clips.rglob("*.wav"):
        with wave.open(str(entry), "rb") as w:
            assert len(w.readframes(w.getnframes())) == w.getnframes() * w.getsampwidth(), entry

    resumed = _narrate(["--engine", "espeak", "-q", "--json", "-o", str(out), str(article)], env)
    stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    episode = json.loads(stdout)["episodes"][0]
    assert episode["cached"] >= 40
    assert len(episode["chapters"]) == 204
    assert not list(clips.rglob(".*.partial-*"))  # the killed render's partial files were swept
    assert sorted(p.name for p in out.iterdir()) == [
        "article.chapters.json", "article.episode.json", "article.mp3", "article.srt", "article.vtt",
    ]


def test_same_input_and_options_give_a_byte_identical_mp3(tmp_path: Path):
    env = {"NARRATOR_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    digests = []
    for run in range(2):
        out = tmp_path / f"out{run}"
        proc = _narrate(["--engine", "espeak", "-q", "-o", str(out), str(ARTICLE_MD)], env)
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
        digests.append(hashlib.sha256((out / "article.mp3").read_bytes()).hexdigest())
        # The second run synthesizes afresh, and encodes once with the shift the first run learned.
        env["NARRATOR_CACHE_DIR"] = str(tmp_path / "cache2")
    assert digests[0] == digests[1]


def test_two_renders_of_the_same_article_at_once_both_finish_with_valid_output(tmp_path: Path):
    out = tmp_path / "out"
    env = {"NARRATOR_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    runs = [_narrate(["--engine", "espeak", "-q", "--json", "-o", str(out), str(ARTICLE_MD)], env) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (stdout, stderr) in zip(runs, results):
        assert run.returncode == 0, stderr
        assert len(json.loads(stdout)["episodes"][0]["chapters"]) == 4
    assert sorted(p.name for p in out.iterdir()) == [
        "article.chapters.json", "article.episode.json", "article.mp3", "article.srt", "article.vtt",
    ]
    probe = ffprobe_json(out / "article.mp3", "-show_chapters", "-show_format")
    assert len(probe["chapters"]) == 4 and float(probe["format"]["duration"]) > 60
