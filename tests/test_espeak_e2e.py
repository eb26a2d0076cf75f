"""The real offline path, end to end, read back by independent tools (ffprobe, mutagen, ffmpeg)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3, CTOCFlags

from narrator.audio.format import SAMPLE_RATE
from narrator.cli import main

from .conftest import ARTICLE_MD, SEED_BYLINE, ffprobe_json, loudness, silences


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("e2e")
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["--engine", "espeak", "--json", "-q", "-o", str(root / "out"), str(ARTICLE_MD)],
        env={"NARRATOR_CACHE_DIR": str(root / "cache"), "NARRATOR_STATE_DIR": str(root / "state")},
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    return {"summary": summary["episodes"][0], "out": root / "out", "mp3": root / "out" / "article.mp3"}


def test_summary_schema(rendered: dict):
    episode = rendered["summary"]
    assert set(episode) == {"input", "mp3", "duration_ms", "engine", "chapters", "synthesized", "cached"}
    assert episode["engine"] == "espeak"
    assert episode["cached"] == 0 and episode["synthesized"] > 16
    assert [c["title"] for c in episode["chapters"]][1:] == [
        "إعادة البناء", "ما أثر الغارات الروسية؟", "العلاقة بين ميليشيات إيران والتنظيم",
    ]


def test_ffprobe_reads_the_chapters_exactly(rendered: dict):
    chapters = ffprobe_json(rendered["mp3"], "-show_chapters")["chapters"]
    expected = rendered["summary"]["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c["title"] for c in expected]
    assert [(c["start"], c["end"]) for c in chapters] == [(c["start_ms"], c["end_ms"]) for c in expected]
    assert chapters[0]["start"] == 0
    fmt = ffprobe_json(rendered["mp3"], "-show_format")["format"]
    assert abs(float(fmt["duration"]) * 1000 - rendered["summary"]["duration_ms"]) < 100


def test_stream_is_cbr_mono_44k(rendered: dict):
    stream = ffprobe_json(rendered["mp3"], "-show_streams")["streams"][0]
    assert (stream["codec_name"], stream["sample_rate"], stream["channels"]) == ("mp3", str(SAMPLE_RATE), 1)
    assert int(stream["bit_rate"]) == 64000


def test_id3_tags_read_back_with_mutagen(rendered: dict):
    tags = ID3(rendered["mp3"])
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]).startswith('"دا.عــش" يصعد')
    assert str(tags["TPE1"]) == SEED_BYLINE
    assert str(tags["TALB"]) == "narrator"
    assert str(tags["TLAN"]) == "ara"
    assert str(tags["TCON"]) == "Podcast"
    assert str(tags["TDRC"])
    assert str(tags.getall("COMM")[0]).startswith("زاد نشاط تنظيم")
    toc = tags.getall("CTOC")
    assert len(toc) == 1
    assert toc[0].flags & CTOCFlags.TOP_LEVEL and toc[0].flags & CTOCFlags.ORDERED
    assert "TIT2" in toc[0].sub_frames
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    ordered = [chaps[i] for i in toc[0].child_element_ids]
    assert [str(c.sub_frames["TIT2"]) for c in ordered] == [c["title"] for c in rendered["summary"]["chapters"]]
    assert [c.start_time for c in ordered] == [c["start_ms"] for c in rendered["summary"]["chapters"]]


def test_chapters_json_sidecar(rendered: dict):
    doc = json.loads((rendered["out"] / "article.chapters.json").read_text(encoding="utf-8"))
    assert doc["version"] == "1.2.0"
    assert [c["title"] for c in doc["chapters"]] == [c["title"] for c in rendered["summary"]["chapters"]]
    assert [round(c["startTime"] * 1000) for c in doc["chapters"]] == pytest.approx(
        [c["start_ms"] for c in rendered["summary"]["chapters"]], abs=1
    )


def test_loudness_is_podcast_standard(rendered: dict):
    integrated, true_peak = loudness(rendered["mp3"])
    assert -17.0 <= integrated <= -15.0
    assert true_peak <= -1.0


def test_pauses_are_the_promised_lengths(rendered: dict):
    gaps = [end - start for start, end in silences(rendered["mp3"])]
    # tolerance: the 10 ms guard kept at each clip edge, plus the decoder's resolution
    near = lambda target: [g for g in gaps if abs(g - target) <= 0.06]
    assert len(near(1.5)) == 3  # before each of the three sections
    assert len(near(1.0)) >= 2  # after the headline and after the byline
    assert len(near(0.6)) >= 10  # between paragraphs
    assert max(gaps) < 1.6  # no gap longer than promised: engine padding was trimmed


def test_chapters_start_at_speech(rendered: dict):
    ends = [end for _, end in silences(rendered["mp3"])]
    for chapter in rendered["summary"]["chapters"][1:]:
        start = chapter["start_ms"] / 1000
        onset = min(ends, key=lambda e: abs(e - start))
        # the chapter begins at most 50 ms before its first word, never after it
        assert 0 <= onset - start <= 0.05, (chapter["title"], start, onset)


def test_spoken_text_is_diacritized():
    from narrator.engines.espeak import EspeakEngine
    from narrator.text.diacritize import diacritize
    from narrator.text.parse import read_article
    from narrator.text.speak import build_script

    script = build_script(read_article(str(ARTICLE_MD)), max_chars=EspeakEngine.max_chars, transform=diacritize)
    body = script.utterances[2].spoken
    assert re.search("[\u064b-\u0652]", body)
    assert "ـ" not in script.utterances[0].spoken and "." not in script.utterances[0].spoken.split()[0]


def test_second_run_uses_the_cache(rendered: dict, tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["--engine", "espeak", "--json", "-q", "-o", str(tmp_path), str(ARTICLE_MD)],
        env={"NARRATOR_CACHE_DIR": str(rendered["out"].parent / "cache")},
    )
    assert result.exit_code == 0, result.output
    episode = json.loads(result.stdout)["episodes"][0]
    assert episode["synthesized"] == 0
    assert episode["cached"] == rendered["summary"]["synthesized"]
    assert episode["chapters"] == rendered["summary"]["chapters"]


def test_the_library_is_initialised_once_when_threads_race_for_it():
    """espeak-ng's initialisation is not reentrant: threads asking for it at once must get one."""
    import subprocess
    import sys

    code = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from narrator.engines.espeak import _library\n"
        "with ThreadPoolExecutor(8) as pool: libs = list(pool.map(lambda _: _library(), range(16)))\n"
        "print(len({id(lib) for lib in libs}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
