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
        highlighted = tools.wait_for(f"{episode}.querySelector('.transcript span.current')?.textContent")
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
    assert "&quot;داعش&quot;" in html  # the headline's quotes, escaped
