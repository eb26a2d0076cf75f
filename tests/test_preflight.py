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

from narrator import pipeline, preflight
from narrator.engines.fake import FakeEngine
from narrator.errors import InputError, PublishError
from narrator.model import Article, Chapter
from narrator.pipeline import RenderOptions, check_batch, output_stem, read_checked, render_article
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


def _seed_repeated(megabytes: float) -> str:
    seed = ARTICLE_MD.read_text(encoding="utf-8")
    return seed * int(megabytes * 1_000_000 // len(seed.encode()) + 1)


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The inputs handed to the parser, which is replaced: it must not be reached, or need not run."""
    parsed: list[str] = []

    def parse_text(text: str, name: str) -> Article:
        parsed.append(name)
        return _article(100)

    monkeypatch.setattr(pipeline, "parse_text", parse_text)
    return parsed


@pytest.mark.parametrize(("megabytes", "max_hours", "message"), [
    # The 20 MB (the seed repeated, 11 million characters): past the cap every input has.
    (20, 10, r"huge\.md: an article of 11\.\d million characters is more than the 5 million narrator reads"),
    # 4 MB: 2.2 million characters, 1.7 million of them Arabic letters, 54 hours by letters alone.
    (4, 10, r"huge\.md: 5\d hours of audio or more \(from its letters alone\), more than the limit of 10 .*--max-hours"),
    (4, 20, r"5\d hours of audio or more .* more than the limit of 20 "),
])
def test_a_hopeless_input_is_refused_before_it_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         megabytes: float, max_hours: float, message: str):
    parsed = _parses(monkeypatch)
    huge = tmp_path / "huge.md"
    huge.write_text(_seed_repeated(megabytes), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_checked(str(huge), max_hours)
    assert parsed == []


@pytest.mark.parametrize(("text", "max_hours"), [
    (None, 10),  # the seed
    ("4 MB", 30),  # 54 hours by its letters: under twice the limit, so the exact check decides
    ("letters", 0.01),  # exactly twice the limit by letters: not past it
    # A page's menus and related-article lists are Arabic letters that are never read aloud.
    ("<!DOCTYPE html><html><body><nav>" + "<a href='/x'>خبر ذو صلة</a> " * 100_000 + "</nav></body></html>", 10),
    ("# headline\n\n" + "[a link](https://example.org/a/very/long/path/of/the/page) " * 60_000, 10),  # no Arabic
])
def test_the_raw_check_leaves_alone_what_parsing_may_bring_under_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None, max_hours: float):
    parsed = _parses(monkeypatch)
    path = tmp_path / "input.md"
    if text == "4 MB":
        text = _seed_repeated(4)
    elif text == "letters":
        text = "# " + "ب" * int(max_hours * 2 * 3600 * preflight.CHARS_PER_SECOND)
    path.write_text(text if text is not None else ARTICLE_MD.read_text(encoding="utf-8"), encoding="utf-8")
    read_checked(str(path), max_hours)
    assert parsed == [str(path)]


def test_one_letter_past_twice_the_limit_is_refused_from_the_raw_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    parsed = _parses(monkeypatch)
    path = tmp_path / "input.md"
    path.write_text("# " + "ب" * (int(0.01 * 2 * 3600 * preflight.CHARS_PER_SECOND) + 1), encoding="utf-8")
    with pytest.raises(InputError, match="more than the limit of 0.01"):
        read_checked(str(path), 0.01)
    assert parsed == []


def test_the_raw_check_never_refuses_what_the_exact_check_accepts():
    """Its bound is below the estimate for text that parsing keeps: the seed's letters say less
    than the estimate does, by more than the margin's room."""
    text = ARTICLE_MD.read_text(encoding="utf-8")
    by_letters_ms = preflight.arabic_letters(text) * 1000 / preflight.CHARS_PER_SECOND
    assert by_letters_ms < preflight.estimate(parse_text(text, "article.md")).audio_ms


def test_a_hopeless_input_through_the_command_is_one_line_and_writes_nothing(tmp_path: Path):
    (tmp_path / "huge.md").write_text(_seed_repeated(4), encoding="utf-8")
    done = _run(["--engine", "fake", "-q", "-o", "out", "huge.md"], tmp_path)
    assert done.returncode == 1
    assert done.stderr.decode().count("\n") == 1 and "from its letters alone" in done.stderr.decode()
    assert not (tmp_path / "out").exists()


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
