"""Inputs that go wrong in real newsrooms: each gives one clear line on stderr and a non-zero exit
with nothing written, or renders as documented."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from narrator.cli import main
from narrator.model import Pauses
from narrator.text.parse import parse_text
from narrator.text.speak import build_script

from .conftest import ARTICLE_MD
from .test_cli import runner  # noqa: F401  (fixture)

WORD = "المدينة"


def _render(runner, out: Path, *args: str):  # noqa: F811
    return runner.invoke(main, ["--engine", "fake", "-q", "-o", str(out), *args],
                         env={"SOURCE_DATE_EPOCH": "1700000000"})


def _assert_refused(result, out: Path, needle: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("narrate: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_an_english_only_article_is_refused_clearly(runner, tmp_path: Path):  # noqa: F811
    article = tmp_path / "english.md"
    article.write_text("# Storm hits the coast\n\nThe storm reached the coast on Monday night.\n", encoding="utf-8")
    _assert_refused(_render(runner, tmp_path / "out", str(article)), tmp_path / "out", "no Arabic text")


def test_english_words_inside_an_arabic_article_are_fine(runner, tmp_path: Path):  # noqa: F811
    article = tmp_path / "mixed.md"
    article.write_text("# عنوان الخبر\n\nقالت شركة Apple إن مبيعات iPhone ارتفعت هذا العام.\n", encoding="utf-8")
    result = _render(runner, tmp_path / "out", str(article))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "mixed.mp3").stat().st_size > 0


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-8-sig"])
def test_other_encodings_render_exactly_like_their_utf8_twin(runner, tmp_path: Path, encoding: str):  # noqa: F811
    text = ARTICLE_MD.read_text(encoding="utf-8")
    # The seed's typographic quotes have no cp1256 code; plain ones are what such files carry.
    text = text.replace("“", '"').replace("”", '"')
    digests = []
    for name, codec in (("twin", "utf-8"), ("twin", encoding)):
        folder = tmp_path / codec
        folder.mkdir()
        (folder / f"{name}.md").write_bytes(text.encode(codec))
        result = _render(runner, folder / "out", str(folder / f"{name}.md"))
        assert result.exit_code == 0, result.stderr
        digests.append(hashlib.sha256((folder / "out" / "twin.mp3").read_bytes()).hexdigest())
    assert digests[0] == digests[1]


@pytest.mark.parametrize("max_chars", [100, 400])
def test_a_one_megabyte_paragraph_without_punctuation_is_split_between_words(max_chars: int):
    words = [f"{WORD}{i % 7 * 'ا'}" for i in range(140_000)]  # about 1 MB of UTF-8, not one stop
    paragraph = " ".join(words)
    assert len(paragraph.encode()) > 1_000_000
    article = parse_text(f"عنوان طويل\n\n{paragraph}\n")
    started = time.monotonic()
    script = build_script(article, max_chars=max_chars, pauses=Pauses())
    body = [u for u in script.utterances if u.chapter == 0][1:]  # after the headline
    assert all(len(u.spoken) <= max_chars for u in body)
    assert [w for u in body for w in u.spoken.split()] == words  # nothing lost, nothing cut mid-word
    assert time.monotonic() - started < 120  # linear, not quadratic (a generous guard, not a benchmark)


def test_a_long_unpunctuated_paragraph_renders(runner, tmp_path: Path):  # noqa: F811
    article = tmp_path / "long.md"
    article.write_text("# عنوان\n\n" + " ".join([WORD] * 600) + "\n", encoding="utf-8")
    result = _render(runner, tmp_path / "out", str(article))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "long.mp3").exists()


def _small_disk(path: Path, size_kb: int) -> bool:
    path.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


def test_a_full_disk_while_encoding_is_one_line_and_leaves_nothing(tmp_path: Path):
    article = tmp_path / "short.md"
    article.write_text("# عنوان الخبر\n\nقال المراسل إن الوضع هادئ في المدينة.\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    cmd = [sys.executable, "-m", "narrator.cli", "--engine", "fake", "-q", "--json"]
    # How much the program and the MP3 take, measured on an ordinary disk first.
    probe = subprocess.run([*cmd, "-o", str(tmp_path / "probe"), str(article)], env=env, capture_output=True)
    assert probe.returncode == 0, probe.stderr
    mp3_bytes = (tmp_path / "probe" / "short.mp3").stat().st_size
    import json

    from narrator.audio.format import SAMPLE_RATE

    pcm_bytes = json.loads(probe.stdout)["episodes"][0]["duration_ms"] * SAMPLE_RATE // 1000 * 2
    disk = tmp_path / "disk"
    # Room for the program and half the MP3: the disk fills up while ffmpeg encodes.
    if not _small_disk(disk, (pcm_bytes + mp3_bytes // 2) // 1024 + 8):
        pytest.skip("needs root to mount a small tmpfs")
    try:
        done = subprocess.run([*cmd, "-o", str(disk), str(article)], env=env, capture_output=True, text=True)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("narrate: error: ") and done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "space" in done.stderr.lower()
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_more_than_255_sections_keep_every_chapter(runner, tmp_path: Path):  # noqa: F811
    from mutagen.id3 import ID3, CTOCFlags

    from .conftest import ffprobe_json

    article = tmp_path / "many.md"
    article.write_text("# عنوان\n\nمقدمة\n\n" + "".join(f"## قسم {i}\n\nفقرة\n\n" for i in range(300)), encoding="utf-8")
    result = _render(runner, tmp_path / "out", str(article))
    assert result.exit_code == 0, result.stderr
    mp3 = tmp_path / "out" / "many.mp3"
    titles = [c["tags"]["title"] for c in ffprobe_json(mp3, "-show_chapters")["chapters"]]
    assert len(titles) == 301 and titles[1] == "قسم 0" and titles[-1] == "قسم 299"
    tags = ID3(mp3)
    tops = [f for f in tags.getall("CTOC") if f.flags & CTOCFlags.TOP_LEVEL]
    assert len(tops) == 1
    children = {f.element_id: f for f in tags.getall("CTOC")}
    listed = [chap for child in tops[0].child_element_ids for chap in children[child].child_element_ids]
    assert listed == [f"chp{i}" for i in range(301)]
    assert all(len(f.child_element_ids) <= 255 for f in tags.getall("CTOC"))


def test_an_article_in_another_language_needs_a_voice_that_speaks_it(runner, tmp_path: Path):  # noqa: F811
    article = tmp_path / "en.md"
    article.write_text("---\nlanguage: en\n---\n# A headline\n\nThe body says hello.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["--engine", "espeak", "-q", "-o", str(out), str(article)])
    _assert_refused(result, out, "speaks only ar")
