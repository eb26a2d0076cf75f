"""`index.html` in a real browser: Debian's headless chromium, driven over the DevTools protocol.

The test clicks the third chapter of an episode with a real mouse event, checks that the player
seeks exactly to that chapter's start and that the sentence there is highlighted, checks that the
page asked nothing of any host but the local one, and keeps a screenshot under tests/artifacts/.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from narrator.cli import main
from narrator.publish.page import build_page
from narrator.publish.transcript import RLM, parse_vtt

from .conftest import ROOT
from .test_feed import SHOW, serve

websocket = pytest.importorskip("websocket")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts"


class DevTools:
    """The few DevTools protocol calls the test needs, over one page's websocket."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expression}")

    def key(self, key: str, code: str, keycode: int, text: str = "") -> None:
        extra = {"text": text} if text else {}
        self.call("Input.dispatchKeyEvent", type="keyDown", key=key, code=code,
                  windowsVirtualKeyCode=keycode, **extra)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=keycode)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[str]:
    """A headless chromium with a fresh profile; yields the DevTools HTTP endpoint."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/ensure-system.sh test)")
    profile = tmp_path / "profile"
    profile.mkdir()
    process = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--mute-audio", "--window-size=1200,1600", f"--user-data-dir={profile}",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("chromium did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _page_socket(endpoint: str) -> str:
    with urllib.request.urlopen(f"{endpoint}/json/list", timeout=10) as answer:
        targets = json.load(answer)
    return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")


def test_clicking_the_third_chapter_seeks_to_its_start(rendered_folder: Path, tmp_path: Path, browser: str):
    site = tmp_path / "site"
    shutil.copytree(rendered_folder, site)
    with serve(site) as base:
        result = CliRunner().invoke(main, ["feed", str(site), "--base-url", base, *SHOW])
        assert result.exit_code == 0, result.output
        chapters = json.loads((site / "first.chapters.json").read_text(encoding="utf-8"))["chapters"]
        third = chapters[2]

        tools = DevTools(_page_socket(browser))
        tools.call("Network.enable")
        tools.call("Page.enable")
        tools.call("Page.navigate", url=base + "index.html")
        tools.wait_for("document.readyState === 'complete'")
        assert tools.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert tools.evaluate("document.documentElement.lang") == "ar"
        # The first episode on the page is the newest: "second"; "first" is the other one.
        episode = "document.getElementById('first')"
        tools.wait_for(f"{episode}.querySelector('audio').readyState >= 1")
        tools.evaluate(f"""(() => {{
            const audio = {episode}.querySelector('audio');
            window.seeks = [];
            audio.addEventListener('seeking', () => window.seeks.push(audio.currentTime));
            audio.addEventListener('seeked', () => audio.pause());
        }})()""")
        button = f"{episode}.querySelectorAll('.chapters button')[2]"
        assert tools.evaluate(f"{button}.textContent").endswith(third["title"])
        tools.evaluate(f"{button}.scrollIntoView({{block: 'center'}})")
        box = tools.evaluate(f"(() => {{ const r = {button}.getBoundingClientRect(); "
                             "return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        tools.click(*box)
        seeked_to = tools.wait_for("window.seeks.length && window.seeks[0]")
        assert seeked_to == pytest.approx(third["startTime"], abs=1e-6)
        # The sentence that starts the chapter (its heading) is the highlighted one.
        highlighted = tools.wait_for(f"{episode}.querySelector('.transcript .cue.current')?.textContent")
        assert highlighted == third["title"]
        shot = tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        artifact = ARTIFACTS / "page-third-chapter.png"
        artifact.write_bytes(base64.b64decode(shot["data"]))
        print(f"\nclicked chapter 3 '{third['title']}': currentTime {seeked_to} == start {third['startTime']}; "
              f"screenshot {artifact}")
        requested = {e["params"]["request"]["url"] for e in tools.events if e.get("method") == "Network.requestWillBeSent"}
        # data: URLs are chromium's own player icons; everything else must come from the folder.
        assert requested and all(url.startswith((base, "data:")) for url in requested), requested
        # A browser's own WebVTT parser reads every cue of the transcript, with our times and text.
        cues = parse_vtt((site / "first.vtt").read_text(encoding="utf-8"))
        read = tools.evaluate("""new Promise((resolve) => {
            const video = document.createElement('video');
            const track = document.createElement('track');
            track.src = 'first.vtt'; track.srclang = 'ar'; track.kind = 'captions';
            track.addEventListener('load', () => resolve([...track.track.cues].map(
                (c) => [Math.round(c.startTime * 1000), Math.round(c.endTime * 1000), c.text])));
            track.addEventListener('error', () => resolve('error'));
            video.appendChild(track);
            document.body.appendChild(video);
            track.track.mode = 'hidden';
        })""")
        # A cue's two lines come back joined by a newline, each line laid out on its own.
        flat = lambda text: " ".join(text.replace(RLM, "").split())
        assert [[s, e, flat(t)] for s, e, t in read] == [[c.start_ms, c.end_ms, flat(c.text)] for c in cues]
        assert any("\n" in t for _, _, t in read)  # the long sentence's cues take two lines
        tools.ws.close()


def test_page_escapes_text_and_lists_every_episode(rendered_folder: Path):
    from narrator.publish.folder import read_folder

    episodes = read_folder(rendered_folder)
    html = build_page(episodes, title="<نشرة>", description="a & b", image=None)
    assert "<title>&lt;نشرة&gt;</title>" in html and "a &amp; b" in html
    assert '<html lang="ar" dir="rtl">' in html
    assert html.count("<audio ") == 2 and html.index('id="second"') < html.index('id="first"')
    assert html.count('class="chapters"') == 2
    assert "http" not in html.replace('type="application/rss+xml"', "")  # nothing from the network
    assert "&#34;داعش&#34;" in html  # the headline's quotes, escaped (by the template engine)


def _open(tools: DevTools, url: str) -> None:
    tools.call("Page.enable")
    tools.call("Page.navigate", url=url)
    tools.wait_for("document.readyState === 'complete'")


def _ax_nodes(tools: DevTools) -> list[dict[str, Any]]:
    """Chromium's accessibility tree: what a screen reader is given."""
    tools.call("Accessibility.enable")
    return tools.call("Accessibility.getFullAXTree")["nodes"]


def _ax(node: dict[str, Any], field: str) -> Any:
    return (node.get(field) or {}).get("value")


def _ax_property(node: dict[str, Any], name: str) -> Any:
    return next((p["value"].get("value") for p in node.get("properties", []) if p["name"] == name), None)


def test_keyboard_reaches_and_plays_every_sentence_and_the_tree_names_the_player(
    rendered_folder: Path, tmp_path: Path, browser: str,
):
    site = tmp_path / "site"
    shutil.copytree(rendered_folder, site)
    with serve(site) as base:
        result = CliRunner().invoke(main, ["feed", str(site), "--base-url", base, *SHOW])
        assert result.exit_code == 0, result.output
        cues = parse_vtt((site / "first.vtt").read_text(encoding="utf-8"))
        chapters = json.loads((site / "first.chapters.json").read_text(encoding="utf-8"))["chapters"]
        tools = DevTools(_page_socket(browser))
        _open(tools, base + "index.html")
        episode = "document.getElementById('first')"
        tools.wait_for(f"{episode}.querySelector('audio').readyState >= 1")

        # The accessibility tree: each player is named by its episode's title; each sentence is a
        # focusable button named by its text, in reading order, and the section titles are headings.
        nodes = _ax_nodes(tools)
        players = [n for n in nodes if _ax(n, "role") in ("Audio", "audio")]
        assert sorted(_ax(n, "name") for n in players) == sorted(
            ["الحلقة الثانية: أسعار الخبز في دمشق", 'الحلقة الأولى: "داعش" يصعد في البادية'])
        buttons = [n for n in nodes if _ax(n, "role") == "button" and _ax_property(n, "focusable")]
        names = [_ax(n, "name") for n in buttons]
        sentences = [c.text for c in cues]
        last_chapter = names.index(f"00:{int(chapters[-1]['startTime']):02d} {chapters[-1]['title']}")
        start = last_chapter + 1  # the chapter buttons, then the sentences
        assert names[start:start + len(sentences)] == sentences
        headings = {_ax(n, "name"): _ax_property(n, "level") for n in nodes if _ax(n, "role") == "heading"}
        assert headings[chapters[1]["title"]] == 4 and headings[chapters[2]["title"]] == 4
        assert headings[cues[0].text] == 3  # the headline, above its byline and first paragraph

        # Keyboard: from the transcript's summary, Tab walks the sentences in reading order;
        # Enter and Space seek like a click.
        tools.evaluate(f"""(() => {{
            const audio = {episode}.querySelector('audio');
            window.seeks = [];
            audio.addEventListener('seeking', () => window.seeks.push(audio.currentTime));
            audio.addEventListener('seeked', () => audio.pause());
            {episode}.querySelector('summary').focus();
        }})()""")
        for cue in cues[:5]:
            tools.key("Tab", "Tab", 9)
            assert tools.evaluate("document.activeElement.textContent") == cue.text
        assert cues[4].text == chapters[1]["title"]
        tools.key("Enter", "Enter", 13, "\r")
        assert tools.wait_for("window.seeks.length && window.seeks[0]") == pytest.approx(chapters[1]["startTime"], abs=1e-6)
        tools.key("Tab", "Tab", 9)
        tools.key(" ", "Space", 32, " ")
        second = tools.wait_for("window.seeks.length > 1 && window.seeks[1]")
        assert second == pytest.approx(cues[5].start_ms / 1000, abs=1e-6)
        assert tools.wait_for(f"{episode}.querySelector('.cue[aria-current=true]')?.textContent") == cues[5].text

        # The player's own clock: its duration, in whole seconds, is what the page shows.
        duration_ms = json.loads((site / "first.episode.json").read_text(encoding="utf-8"))["duration_ms"]
        player = tools.evaluate(f"{episode}.querySelector('audio').duration")
        shown = tools.evaluate(f"{episode}.querySelector('.duration').textContent")
        print(f"\nplayer duration {player:.3f} s, page {shown}, render {duration_ms} ms")
        assert int(player) == duration_ms // 1000
        assert shown == f"00:{duration_ms // 1000:02d}"
        tools.ws.close()


BIDI_ARTICLE = """---
date: 2026-11-21
---
# هاتف جديد في الأسواق

أعلنت الشركة عن هاتفها الجديد "Mix 50 Nokia X". 3 أرقام تلخص الهاتف: السعر والوزن والبطارية. ISIS هو الاسم الذي تستخدمه الصحافة الغربية.
"""


def test_each_sentence_is_a_bidi_isolate(tmp_path: Path, browser: str):
    """A sentence opening with a figure after one ending in Latin keeps its figure at its start
    (the right edge, in Arabic), and a sentence opening with a Latin word is laid out right to
    left like the rest; a screenshot of the paragraph is kept in tests/artifacts/."""
    from narrator import RenderOptions, render
    from narrator.engines.fake import FakeEngine

    site = tmp_path / "site"
    source = tmp_path / "phone.md"
    source.write_text(BIDI_ARTICLE, encoding="utf-8")
    render(str(source), FakeEngine(), RenderOptions(out_dir=site, cache_dir=tmp_path / "cache"))
    with serve(site) as base:
        result = CliRunner().invoke(main, ["feed", str(site), "--base-url", base, *SHOW])
        assert result.exit_code == 0, result.output
        tools = DevTools(_page_socket(browser))
        _open(tools, base + "index.html")
        measure = """(() => {
            const cues = [...document.querySelectorAll('.transcript p.body .cue')];
            const box = (cue, word) => {
                const text = cue.firstChild;
                const range = document.createRange();
                const at = text.data.indexOf(word);
                range.setStart(text, at);
                range.setEnd(text, at + word.length);
                const r = range.getBoundingClientRect();
                return {left: r.left, right: r.right, top: r.top};
            };
            cues[0].scrollIntoView({block: 'center'});
            return {isolate: getComputedStyle(cues[1]).unicodeBidi, texts: [cues[1].textContent, cues[2].textContent],
                    three: box(cues[1], '3'), arqam: box(cues[1], 'أرقام'),
                    isis: box(cues[2], 'ISIS'), huwa: box(cues[2], ' هو ')};
        })()"""
        got = tools.evaluate(measure)
        assert got["texts"][0].startswith("3 أرقام") and got["texts"][1].startswith("ISIS هو")
        assert got["isolate"] == "isolate"
        # Read right to left, the figure comes first: just right of the word after it, one space away.
        three, arqam = got["three"], got["arqam"]
        assert three["top"] == arqam["top"] and 0 <= three["left"] - arqam["right"] < 8, got
        # A sentence that opens with a Latin word keeps the page's direction (as <bdi>'s dir=auto
        # would not): the Latin word is its rightmost, before the Arabic that follows it.
        assert got["isis"]["left"] >= got["huwa"]["right"] - 1, got
        box = tools.evaluate("""(() => { const r = document.querySelector('.transcript p.body').getBoundingClientRect();
                                         return {x: r.left, y: r.top, width: r.width, height: r.height}; })()""")
        shot = tools.call("Page.captureScreenshot", format="png", clip={**box, "scale": 1})
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "page-bidi-paragraph.png").write_bytes(base64.b64decode(shot["data"]))
        # The control: without the isolation the same figure is drawn away from its sentence's start.
        tools.evaluate("document.querySelectorAll('.cue').forEach((c) => { c.style.unicodeBidi = 'normal'; })")
        plain = tools.evaluate(measure)
        assert not 0 <= plain["three"]["left"] - plain["arqam"]["right"] < 8, plain
        shot = tools.call("Page.captureScreenshot", format="png", clip={**box, "scale": 1})
        (ARTIFACTS / "page-bidi-paragraph-not-isolated.png").write_bytes(base64.b64decode(shot["data"]))
        tools.ws.close()


def test_a_show_page_of_episodes_with_images_uses_the_same_templates(rendered_folder: Path, tmp_path: Path):
    """What a show page (many episodes, each with an image) needs: base.html and episode.html."""
    from narrator.publish.folder import read_folder
    from narrator.publish.page import ShowView, episode_view, environment, render_template
    from narrator.publish.urls import relative_url

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "show.html").write_text(
        '{% extends "base.html" %}{% block main %}{% for episode in episodes %}'
        '{% include "episode.html" %}{% endfor %}{% endblock %}', encoding="utf-8")
    episodes = [episode_view(e, image_url=relative_url(f"{e.stem} <1>.jpg")) for e in read_folder(rendered_folder)]
    show = ShowView("<نشرة>", "", relative_url("cover.png"))
    from jinja2 import ChoiceLoader, FileSystemLoader

    env = environment().overlay(loader=ChoiceLoader([FileSystemLoader(str(templates)), environment().loader]))
    html = env.get_template("show.html").render(show=show, episodes=episodes)
    assert html.count('class="episode-image"') == 2
    assert 'src="./first%20%3C1%3E.jpg"' in html and "<title>&lt;نشرة&gt;</title>" in html
    assert html == render_template("index.html", show=show, episodes=episodes)  # the same markup


def test_transcript_sections_follow_the_article_and_old_transcripts_still_show():
    from narrator.publish.folder import ChapterEntry
    from narrator.publish.page import _sections
    from narrator.publish.transcript import TranscriptCue as Cue

    chapters = (ChapterEntry(0, "مقدمة"), ChapterEntry(3000, "العنوان"), ChapterEntry(9000, "قسم"), ChapterEntry(14000, "خاتمة"))
    cues = [
        Cue("نشرة بلدي، 20 نوفمبر", 0, 2000, "frame", 0, -1),
        Cue("العنوان", 3000, 4000, "headline", 1, 0), Cue("الكاتب", 5000, 5500, "byline", 1, 1),
        Cue("جملة أولى.", 6000, 7000, "body", 1, 2), Cue("جملة ثانية.", 7300, 8000, "body", 1, 2),
        Cue("فقرة ثانية.", 8500, 8900, "body", 1, 3),
        Cue("قسم", 9000, 9500, "heading", 2, 4), Cue("نص القسم.", 10000, 13000, "body", 2, 5),
        Cue("كان معكم بلدي", 14000, 15000, "frame", 3, -1),
    ]
    sections = _sections("ep", cues, chapters)
    shape = [(s.anchor, s.heading and [c.text for c in s.heading.cues], [(b.kind, [c.text for c in b.cues]) for b in s.blocks])
             for s in sections]
    assert shape == [
        ("ep-chapter-1", None, [("frame", ["نشرة بلدي، 20 نوفمبر"])]),
        ("ep-chapter-2", None, [("headline", ["العنوان"]), ("byline", ["الكاتب"]),
                                ("body", ["جملة أولى.", "جملة ثانية."]), ("body", ["فقرة ثانية."])]),
        ("ep-chapter-3", ["قسم"], [("body", ["نص القسم."])]),
        ("ep-chapter-4", None, [("frame", ["كان معكم بلدي"])]),
    ]
    # A VTT written before cue identifiers: one paragraph per chapter, split where each chapter starts.
    old = [Cue(c.text, c.start_ms, c.end_ms) for c in cues]
    assert [[c.text for b in s.blocks for c in b.cues] for s in _sections("ep", old, chapters)] == [
        ["نشرة بلدي، 20 نوفمبر"], ["العنوان", "الكاتب", "جملة أولى.", "جملة ثانية.", "فقرة ثانية."],
        ["قسم", "نص القسم."], ["كان معكم بلدي"]]
