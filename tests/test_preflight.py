"""What is refused before any audio work (issue 12, items 2, 3, 8, 11): huge articles, too little
disk, two inputs with one output name, names too long; and the output-stem rule."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from narrator import preflight
from narrator.engines.fake import FakeEngine
from narrator.errors import InputError, PublishError
from narrator.model import Article, Chapter
from narrator.pipeline import RenderOptions, check_batch, output_stem, render_article
from narrator.text.parse import parse_text

from .conftest import ARTICLE_MD


def _article(chars: int) -> Article:
    paragraph = "كلمة " * 40
    count = max(1, chars // len(paragraph))
    return Article("عنوان", "", (Chapter("عنوان", (paragraph,) * count),))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "narrator.cli", *args], cwd=cwd, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})


@pytest.mark.parametrize(("chars", "max_hours", "refused"), [
    (3_000, 10, False),  # the seed: six minutes
    (300_000, 10, False),  # about nine hours
    (400_000, 10, True),  # about twelve hours
    (20_000_000, 10, True),  # the 20 MB: hundreds of hours
    (400_000, 13, False),  # the limit is the user's to raise
    (30_000, 0.5, True),  # ... or to lower
])
def test_length_is_bounded_before_any_audio_work(tmp_path: Path, chars: int, max_hours: float, refused: bool):
    engine = FakeEngine()
    options = RenderOptions(out_dir=tmp_path / "out", max_hours=max_hours, cache_dir=tmp_path / "cache")
    article = _article(chars)
    if refused:
        with pytest.raises(InputError, match=r"about [\d.]+ hours of audio, more than the limit of .*--max-hours"):
            render_article(article, "big.md", engine, options)
        assert engine.calls == [] and not (tmp_path / "out").exists()
    else:
        check_batch([("big.md", article)], options)


def test_the_estimate_is_near_the_seeds_real_length():
    found = preflight.estimate(parse_text(ARTICLE_MD.read_text(encoding="utf-8"), "article.md"))
    assert 300_000 < found.audio_ms < 420_000  # the seed renders 354 s with espeak


Usage = namedtuple("Usage", "total used free")


@pytest.mark.parametrize(("free", "use_cache", "refused"), [
    (10**12, True, False),
    (10**6, True, True),  # 1 MB free for a 6-minute episode
    (40 * 10**6, True, True),  # enough for the episode, not for its clips in the cache too
    (40 * 10**6, False, False),  # --no-cache writes no clips
    (0, False, True),
])
def test_free_space_is_checked_first_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                free: int, use_cache: bool, refused: bool):
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(10**12, 0, free))
    article = parse_text(ARTICLE_MD.read_text(encoding="utf-8"), "article.md")
    options = RenderOptions(out_dir=tmp_path / "new" / "out", cache_dir=tmp_path / "cache", use_cache=use_cache)
    if refused:
        with pytest.raises(PublishError, match=r"not enough disk space in .*: needs about [\d.]+ [MG]B, [\d.]+ [MG]B free"):
            check_batch([("article.md", article)], options)
    else:
        check_batch([("article.md", article)], options)


@pytest.mark.parametrize(("inputs", "message"), [
    (["a/article.md", "b/article.md"], "a/article.md and b/article.md would both write article.mp3"),
    (["a/article.md", "a/article.md"], "a/article.md is given twice"),
    (["a/news.md", "b/news.txt"], "a/news.md and b/news.txt would both write news.mp3"),
    (["a/News.md", "b/news.md"], "would both write news.mp3"),  # one file on case-insensitive hosts
    (["a/caf\u00e9.md", "b/cafe\u0301.md"], "would both write"),  # NFC and NFD spellings of one name
    (["stdin.md", "-"], "would both write stdin.mp3"),
])
def test_two_inputs_with_one_output_name_are_refused_before_rendering(tmp_path: Path, inputs: list[str], message: str):
    article = parse_text("# عنوان\n\nنص الخبر.", "x.md")
    with pytest.raises(InputError, match=message):
        check_batch([(i, article) for i in inputs], RenderOptions(out_dir=tmp_path))


@pytest.mark.parametrize("inputs", [["a/article.md", "b/article2.md"], ["a/x.md", "x/y.md"], ["-", "a/b.md"]])
def test_distinct_names_pass(tmp_path: Path, inputs: list[str]):
    article = parse_text("# عنوان\n\nنص الخبر.", "x.md")
    check_batch([(i, article) for i in inputs], RenderOptions(out_dir=tmp_path))


def test_a_duplicate_in_a_real_batch_renders_nothing(tmp_path: Path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "article.md").write_text(f"# خبر {folder}\n\nنص الخبر.", encoding="utf-8")
    done = _run(["--engine", "fake", "-q", "-o", "out", "a/article.md", "b/article.md"], tmp_path)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "narrate: error: a/article.md and b/article.md would both write article.mp3 (nothing was rendered); "
        "rename one, or render them into different folders"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("name", "stem"), [
    ("article.md", "article"),
    ("news/2024 report.txt", "2024 report"),
    (os.fsdecode(b"latin1_\xe9\xff.md"), "latin1___"),  # not UTF-8: each bad byte becomes _
    (os.fsdecode(b"\xd8\xae\xd8\xa8\xd8\xb1.md"), "خبر"),  # valid UTF-8 Arabic is kept
    (".hidden.md", "hidden"),  # an output must not be hidden: the feed would skip it
    ("..md", "article"),
    ("gpj\u202e.exe.md", "gpj.exe"),  # a bidi override would show it reversed
    ("tab\there.md", "tab here"),
    ("bell\x07.md", "bell"),
    ("hash#tag.md", "hash#tag"),  # URL characters stay: they are encoded where URLs are built
    ("-", "stdin"),
])
def test_output_stem_rule(name: str, stem: str):
    assert output_stem(name) == stem


@pytest.mark.parametrize(("letters", "refused"), [(50, False), (100, False), (118, True), (200, True)])
def test_names_too_long_for_the_file_system_are_refused_first(tmp_path: Path, letters: int, refused: bool):
    engine = FakeEngine()
    article = parse_text("# عنوان\n\nنص الخبر.", "x.md")
    source = "ب" * letters + ".md"  # two bytes a letter
    options = RenderOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    if refused:
        with pytest.raises(InputError, match="file name too long"):
            render_article(article, source, engine, options)
        assert engine.calls == []
    else:
        render_article(article, source, engine, options)
        assert (tmp_path / "out" / f"{'ب' * letters}.mp3").exists()


def test_a_file_name_that_is_not_utf8_renders_and_the_batch_goes_on(tmp_path: Path):
    bad = os.fsdecode(b"latin1_\xe9\xff.md")
    (tmp_path / bad).write_text("# خبر أول\n\nنص الخبر.", encoding="utf-8")
    (tmp_path / "second.md").write_text("# خبر ثان\n\nنص آخر.", encoding="utf-8")
    done = _run(["--engine", "fake", "-q", "-o", "out", bad, "second.md"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.mp3")) == ["latin1___.mp3", "second.mp3"]
