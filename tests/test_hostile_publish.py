"""Hostile or damaged input on the publishing side (issue 12, items 5, 7, 10, 12, 13, 16, 17, 18):
damaged sidecars, odd file names, bad base URLs and settings, a huge cover, a long jingle, a cache
that cannot be written.  Each works or is one line naming the setting; the feed stays valid XML."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from narrator.cli import main
from narrator.config import load_config
from narrator.errors import InputError, PublishError
from narrator.publish.urls import BaseUrl, path_segment, relative_url

from .conftest import render_short_articles
from .test_feed import SHOW


def _feed(folder: Path, *extra: str, base: str = "https://example.org/pod/") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["feed", str(folder), "--base-url", base, *SHOW, *extra])
    return result.exit_code, result.output


@pytest.fixture
def site(rendered_folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(rendered_folder, target)
    return target


def _items(folder: Path) -> dict[str, dict]:
    parsed = feedparser.parse((folder / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return {e.enclosures[0].href.rsplit("/", 1)[1]: e for e in parsed.entries}


# Item 7: hand-edited or damaged sidecars.
@pytest.mark.parametrize(("edit", "field"), [
    ({"published": "2024-01-01T00:00:00"}, "published"),  # no offset
    ({"published": "yesterday"}, "published"),
    ({"published": 20240101}, "published"),
    ({"duration_ms": "abc"}, "duration_ms"),
    ({"duration_ms": -5}, "duration_ms"),
    ({"duration_ms": True}, "duration_ms"),
    ({"duration_ms": 1e300}, "duration_ms"),
    ({"title": None}, "title"),
    ({"title": "   "}, "title"),
    ({"title": ["a"]}, "title"),
    ({"author": 5}, "author"),
    ({"language": ""}, "language"),
    ({"date": 2024}, "date"),
])
def test_a_damaged_sidecar_field_falls_back_to_the_mp3_with_a_warning(site: Path, edit: dict, field: str):
    sidecar = site / "first.episode.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    guid = data["guid"]
    data.update(edit)
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    code, output = _feed(site)
    assert code == 0, output
    assert f"narrate: warning: {sidecar}: bad {field}" in output
    item = _items(site)["first.mp3"]
    assert item.id == guid  # the episode keeps its identity
    assert item.title.strip()


@pytest.mark.parametrize("content", ["", "{", "[1, 2]", "null", "\x00\x01", '"text"'])
def test_an_unreadable_sidecar_falls_back_to_the_mp3(site: Path, content: str):
    (site / "first.episode.json").write_text(content, encoding="utf-8")
    code, output = _feed(site)
    assert code == 0, output
    assert "first.episode.json" in output and "using the MP3's tags" in output
    assert "first.mp3" in _items(site)


@pytest.mark.parametrize("chapters", [
    '{"version": "1.2.0", "chapters": [{"startTime": Infinity, "title": "x"}]}',
    '{"version": "1.2.0", "chapters": [{"startTime": NaN, "title": "x"}]}',
    '{"version": "1.2.0", "chapters": [{"startTime": -1, "title": "x"}]}',
    '{"version": "1.2.0", "chapters": [{"startTime": "0", "title": "x"}]}',
    '{"version": "1.2.0", "chapters": [{"title": "x"}]}',
    '{"version": "1.2.0", "chapters": {"startTime": 0}}',
    '{"version": "1.2.0", "chapters": [5]}',
    '{"version": "1.2.0"}',
    "not json",
])
def test_a_damaged_chapters_file_gives_way_to_the_id3_chapters(site: Path, chapters: str):
    (site / "first.chapters.json").write_text(chapters, encoding="utf-8")
    code, output = _feed(site)
    assert code == 0, output
    assert "first.chapters.json: not a usable chapters file" in output
    page = (site / "index.html").read_text(encoding="utf-8")
    assert page.count('<button type="button" class="chapter" data-start=') >= 4  # chapters of both episodes, from ID3
    assert "first.chapters.json" not in (site / "feed.xml").read_text(encoding="utf-8")


# Item 5: control characters anywhere in what the feed carries.
@pytest.mark.parametrize("dirt", ["\x01", "\ufffe", "\x0b", "\x1b[31m", "\ud800", "\u202e"])
def test_control_characters_never_break_the_feed(site: Path, dirt: str):
    sidecar = site / "first.episode.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["title"] = f"عنوان{dirt}الحلقة"
    data["description"] = f"وصف{dirt}"
    sidecar.write_text(json.dumps(data), encoding="utf-8")  # JSON escapes let a lone surrogate in
    code, output = _feed(site, "--author", f"كاتب{dirt}")
    assert code == 0, output
    etree.fromstring((site / "feed.xml").read_bytes())  # well-formed XML
    assert _items(site)["first.mp3"].title == f"عنوان{dirt[1:]}الحلقة"  # the control character alone goes


def test_a_headline_with_control_characters_renders_and_publishes(tmp_path: Path):
    source = tmp_path / "ctl.md"
    source.write_text("# عنوان \x01 فيه\ufffe رموز\n\nنص الخبر \x0c هنا.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--engine", "fake", "-q", "-o", str(out), str(source)])
    assert result.exit_code == 0, result.output
    code, output = _feed(out)
    assert code == 0, output
    assert _items(out)["ctl.mp3"].title == "عنوان فيه رموز"


# Item 16: what is an episode in a folder.
@pytest.mark.parametrize(("name", "content"), [
    ("notes.mp3", b"this is a text file, not audio\n"),
    ("empty.mp3", b""),
    ("fake.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00"),  # a tag and no audio
])
def test_a_file_that_is_not_an_mp3_is_left_out_with_a_warning(site: Path, name: str, content: bytes):
    (site / name).write_bytes(content)
    code, output = _feed(site)
    assert code == 0, output
    assert f"{site / name}: not an MP3" in output
    assert sorted(_items(site)) == ["first.mp3", "second.mp3"]


def test_a_hidden_article_renders_to_a_visible_episode_that_the_feed_lists(tmp_path: Path):
    source = tmp_path / ".hidden.md"
    source.write_text("# خبر مخفي الاسم\n\nنص الخبر.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["--engine", "fake", "-q", "-o", str(out), str(source)]).exit_code == 0
    code, output = _feed(out)
    assert code == 0, output
    assert sorted(_items(out)) == ["hidden.mp3"]


def test_the_test_engine_is_not_offered_to_users():
    runner = CliRunner()
    help_text = runner.invoke(main, ["render", "--help"]).output
    assert "fake" not in help_text and "espeak" in help_text
    error = runner.invoke(main, ["--engine", "nope", "a.md"]).output
    assert "fake" not in error and "'espeak'" in error


# Items 12 and 13: one URL builder, one validated base URL.
@pytest.mark.parametrize(("name", "segment"), [
    ("plain.mp3", "plain.mp3"),
    ("hash#tag.mp3", "hash%23tag.mp3"),
    ("what?.mp3", "what%3F.mp3"),
    ("pct%20x.mp3", "pct%2520x.mp3"),
    ("back\\slash.mp3", "back%5Cslash.mp3"),
    ("tab\there.mp3", "tab%09here.mp3"),
    ("new\nline.mp3", "new%0Aline.mp3"),
    ("space here.mp3", "space%20here.mp3"),
    ("a:b.mp3", "a%3Ab.mp3"),
    ("quote\"'<>.mp3", "quote%22%27%3C%3E.mp3"),
    ("خبر.mp3", "%D8%AE%D8%A8%D8%B1.mp3"),
    ("semi;colon&amp.mp3", "semi%3Bcolon%26amp.mp3"),
])
def test_file_names_become_one_percent_encoded_segment(name: str, segment: str):
    assert path_segment(name) == segment
    assert relative_url(name) == "./" + segment
    assert BaseUrl.parse("https://x.org/p").join(name) == "https://x.org/p/" + segment


@pytest.mark.parametrize(("given", "url"), [
    ("https://x/", "https://x/"),
    ("https://x", "https://x/"),
    ("http://example.org/pod", "http://example.org/pod/"),
    ("HTTPS://Example.org/a/b/", "HTTPS://Example.org/a/b/"),
    ("https://x.org:8443/p/", "https://x.org:8443/p/"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
    ("  https://x.org/p/  ", "https://x.org/p/"),
    ("https://x.org/%D8%AE/", "https://x.org/%D8%AE/"),
])
def test_good_base_urls_get_their_trailing_slash(given: str, url: str):
    assert str(BaseUrl.parse(given)) == url


@pytest.mark.parametrize(("given", "reason"), [
    ("https://x/p/?token=abc", "query"),
    ("https://x/p?", "query"),
    ("https://x/p/#frag", "fragment"),
    ("http://", "no host"),
    ("https:///path", "no host"),
    ("https://x/a b/", "spaces"),
    ("https://x/\tp", "spaces"),
    ("ftp://x/", "http:// or https://"),
    ("x.org/pod", "http:// or https://"),
    ("//x.org/pod", "http:// or https://"),
    ("javascript:alert(1)", "http:// or https://"),
    ("", "empty"),
    ("https://user:pw@x.org/", "password"),
    ("https://x.org:port/", "not a URL"),
])
def test_bad_base_urls_are_one_line_naming_the_option(site: Path, given: str, reason: str):
    with pytest.raises(PublishError, match=reason):
        BaseUrl.parse(given)
    code, output = _feed(site, base=given)
    assert code == 1
    assert output.startswith("narrate: error: --base-url") and reason in output and output.count("\n") == 1


@pytest.mark.parametrize("name", ["hash#tag", "what?", "pct%20x", "back\\slash", "tab\there", "a:b"])
def test_feed_and_page_point_at_the_files_that_exist(site: Path, name: str):
    shutil.move(site / "first.mp3", site / f"{name}.mp3")
    for suffix in (".chapters.json", ".vtt", ".srt", ".episode.json"):
        shutil.move(site / f"first{suffix}", site / f"{name}{suffix}")
    code, output = _feed(site)
    assert code == 0, output
    enclosure = _items(site)[path_segment(f"{name}.mp3")].enclosures[0].href
    assert enclosure == "https://example.org/pod/" + path_segment(f"{name}.mp3")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'src="{relative_url(name + ".mp3")}"' in page


# Item 10: settings that name themselves.
def _png(path: Path, side: int) -> Path:
    Image.new("RGB", (side, side), (10, 20, 30)).save(path)
    return path


def test_a_decompression_bomb_cover_is_one_line(site: Path, tmp_path: Path):
    bomb = tmp_path / "bomb.png"
    # A PNG header that claims 20000x20000 pixels: Pillow refuses it before decoding.
    _png(bomb, 1400)
    data = bytearray(bomb.read_bytes())
    data[16:24] = (20000).to_bytes(4, "big") * 2
    bomb.write_bytes(bytes(data))
    code, output = _feed(site, "--image", str(bomb))
    assert code == 1
    assert output.startswith(f"narrate: error: cover {bomb} (--image or [show] image)") and output.count("\n") == 1


@pytest.mark.parametrize(("option", "value", "named"), [
    ("--title", " ", "title"), ("--title", "\x01\x02", "title"), ("--description", "\t", "description"),
    ("--author", "\u202e", "author"), ("--owner-email", "  ", "owner_email"),
])
def test_blank_settings_count_as_missing(site: Path, option: str, value: str, named: str):
    code, output = _feed(site, option, value)
    assert code == 1
    assert output.startswith("narrate: error: the feed needs") and named in output


@pytest.mark.parametrize(("text", "placeholder"), [
    ("{show.nope}", "{show.nope}"), ("{show[0]}", "{show[0]}"), ("{0}", "{0}"), ("{}", "{}"),
    ("{nope}", "{nope}"), ("{show!r}", "{show!r}"), ("{title:>30}", "{title:>30}"),
    ("{show.__class__}", "{show.__class__}"),
])
def test_unknown_intro_placeholders_are_refused_when_the_settings_are_read(tmp_path: Path, text: str, placeholder: str):
    config = tmp_path / "narrator.toml"
    config.write_text(f"[intro]\ntext = {json.dumps(text)}\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"\[intro\] text .*unknown placeholder {placeholder.replace('[', '.').replace(']', '.')}"):
        load_config(config)


@pytest.mark.parametrize("text", ["{show}، {date}", "{title}", "كان معكم {show}", "{{show}}", "بلا متغيرات"])
def test_good_intro_placeholders_pass(tmp_path: Path, text: str):
    config = tmp_path / "narrator.toml"
    config.write_text(f"[outro]\ntext = {json.dumps(text)}\n", encoding="utf-8")
    assert load_config(config).outro.text == text


@pytest.mark.parametrize("text", ["{", "}", "{show", "a}b"])
def test_unbalanced_braces_are_one_line(tmp_path: Path, text: str):
    config = tmp_path / "narrator.toml"
    config.write_text(f"[intro]\ntext = {json.dumps(text)}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[intro\] text"):
        load_config(config)


# Item 17: a long jingle is refused, not held in memory.
def test_a_jingle_longer_than_ten_minutes_is_one_line(tmp_path: Path):
    from narrator.audio.ffmpeg import ffmpeg_exe

    jingle = tmp_path / "long.mp3"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=620",
                    "-ac", "1", "-ar", "8000", "-b:a", "8k", str(jingle)], check=True)
    (tmp_path / "narrator.toml").write_text('[intro]\naudio = "long.mp3"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# خبر\n\nنص الخبر.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "narrator.cli", "--engine", "fake", "-q", "-o", "out", "a.md"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == f"narrate: error: jingle long.mp3 ([intro]/[outro] audio) is longer than 10 minutes; a jingle must be shorter\n"
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# Item 18: a cache that cannot be written.
@pytest.mark.parametrize("kind", ["a file", "below a file", "unwritable"])
def test_a_cache_that_cannot_be_written_warns_once_and_the_render_goes_on(tmp_path: Path, kind: str,
                                                                          monkeypatch: pytest.MonkeyPatch):
    import narrator.cache

    cache = tmp_path / "cache"
    if kind == "a file":
        cache.write_text("x")
    elif kind == "below a file":
        (tmp_path / "file").write_text("x")
        cache = tmp_path / "file" / "cache"
    else:  # tests may run as root, whom permissions do not stop: fail the writes themselves
        def refuse(path: Path, write: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))
        monkeypatch.setattr(narrator.cache, "write_atomically", refuse)
    out = tmp_path / "out"
    episodes = []
    warnings: list[str] = []

    from narrator.pipeline import Progress

    class Listen(Progress):
        def warn(self, message: str) -> None:
            warnings.append(message)

    from narrator import RenderOptions, render
    from narrator.engines.fake import FakeEngine

    source = tmp_path / "a.md"
    source.write_text("# خبر\n\nنص الخبر الأول.\n\nنص الخبر الثاني.\n\nنص الخبر الثالث.\n", encoding="utf-8")
    episodes.append(render(str(source), FakeEngine(), RenderOptions(out_dir=out, cache_dir=cache), Listen()))
    assert (out / "a.mp3").exists() and episodes[0].synthesized >= 3
    assert len(warnings) == 1 and "cannot write to the cache" in warnings[0] and "without storing" in warnings[0]


def test_the_cli_prints_the_cache_warning_even_when_quiet(tmp_path: Path):
    (tmp_path / "cache").write_text("x")
    (tmp_path / "a.md").write_text("# خبر\n\nنص الخبر.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "narrator.cli", "--engine", "fake", "-q", "-o", "out", "a.md"],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={**__import__("os").environ, "NARRATOR_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("narrate: warning: cannot write to the cache") == 1


# Item 12, in a real browser: every player and the cover load whatever the file names.
from .test_page import CHROMIUM, DevTools, _page_socket, browser  # noqa: E402,F401
from .test_feed import serve  # noqa: E402

BROWSER_NAMES = ["hash#tag", "what?", "pct%20x", "back\\slash", "tab\there", "new\nline"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/ensure-system.sh test)")
def test_players_and_cover_load_in_chromium_whatever_the_file_names(site: Path, browser: str):
    for name in BROWSER_NAMES:
        for suffix in (".mp3", ".chapters.json", ".vtt", ".episode.json"):
            shutil.copyfile(site / f"first{suffix}", site / f"{name}{suffix}")
    _png(site / "my cover #1?.png", 1400)
    with serve(site) as base:
        code, output = _feed(site, "--image", str(site / "my cover #1?.png"), base=base)
        assert code == 0, output
        tools = DevTools(_page_socket(browser))
        tools.call("Page.enable")
        tools.call("Page.navigate", url=base + "index.html")
        tools.wait_for("document.readyState === 'complete'")
        count = len(BROWSER_NAMES) + 2
        assert tools.evaluate("document.querySelectorAll('audio').length") == count
        tools.wait_for("[...document.querySelectorAll('audio')].every(a => a.readyState >= 1 || a.error)")
        assert tools.evaluate("[...document.querySelectorAll('audio')].filter(a => a.error).length") == 0
        assert tools.evaluate("[...document.querySelectorAll('audio')].every(a => a.duration > 1)")
        tools.wait_for("document.querySelector('header img').complete")
        assert tools.evaluate("document.querySelector('header img').naturalWidth") == 1400
