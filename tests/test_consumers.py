"""What other players, validators and readers see: each output read back by a tool we did not write.

eyeD3 reads the ID3v2.3 date; ffprobe reads chapters, VTT and SRT; feedparser and podcastparser
read the feed; the PNG's chunks are read as the PNG specification lays them out.  One render is
checked for one clock: every time anywhere is the sample count truncated to whole milliseconds,
and shown in whole seconds truncated again.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner

from narrator.clock import clock, duration, npt
from narrator.cli import main
from narrator.publish.id3 import EpisodeTags, build_tags

from .conftest import ffprobe_json, render_short_articles
from .test_feed import BASE, SHOW

eyed3 = pytest.importorskip("eyed3")


@pytest.fixture(scope="module")
def one_render(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """The two short articles rendered once with the fake engine, and the feed and page built."""
    folder = tmp_path_factory.mktemp("consumers") / "site"
    episodes = render_short_articles(folder, tmp_path_factory.mktemp("consumers-cache"))
    result = CliRunner().invoke(main, ["feed", str(folder), "--base-url", BASE, *SHOW])
    assert result.exit_code == 0, result.output
    return folder, episodes


# -- 1. the date, as ID3v2.3 has it -------------------------------------------------------------


def test_eyed3_reads_the_date_of_a_rendered_episode(one_render: tuple[Path, list]):
    folder, _ = one_render
    audio = eyed3.load(str(folder / "first.mp3"))
    assert audio.tag.version == (2, 3, 0)
    assert str(audio.tag.recording_date) == "2026-11-20"  # eyeD3 composes it from TYER + TDAT
    assert audio.tag.frame_set.get(b"TYER") and audio.tag.frame_set.get(b"TDAT")
    assert not audio.tag.frame_set.get(b"TDRC")  # the v2.4 frame, which v2.3 readers ignore
    assert ffprobe_json(folder / "first.mp3", "-show_format")["format"]["tags"]["date"] == "2026-11-20"


@pytest.mark.parametrize(
    ("date", "frames"),
    [
        ("2026-11-20", {"TYER": "2026", "TDAT": "2011"}),
        ("2026-11-20T08:30:00+03:00", {"TYER": "2026", "TDAT": "2011", "TIME": "0830"}),
        ("2026", {"TYER": "2026"}),
        ("الخميس", {}),  # not a date: no date frame rather than a wrong one
    ],
)
def test_date_frames_are_the_v23_ones(date: str, frames: dict[str, str], tmp_path: Path):
    tags = build_tags(EpisodeTags(title="t", artist="", show="s", date=date, comment="", encoder="e", chapters=()))
    found = {key: str(tags[key]) for key in ("TYER", "TDAT", "TIME", "TDRC") if key in tags}
    assert found == frames


# -- 2. one clock, one rounding ----------------------------------------------------------------


class _Timed(HTMLParser):
    """Every element of the page that carries a time: data-start elements and <time> elements,
    each with its text and the episode (`<article id>`) it belongs to."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []
        self._open: list[dict] = []
        self._episode = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "article":
            self._episode = found.get("id", "")
        if "data-start" in found or tag == "time":
            item = {"tag": tag, **found, "text": "", "episode": self._episode}
            self.items.append(item)
            self._open.append(item)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1]["tag"] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for item in self._open:
            item["text"] += data

    def of(self, episode: str, css_class: str) -> list[dict]:
        return [i for i in self.items if i["episode"] == episode and css_class in i.get("class", "").split()]


def test_every_time_comes_from_the_sample_count_truncated(one_render: tuple[Path, list]):
    folder, episodes = one_render
    feed = feedparser.parse(str(folder / "feed.xml"))
    with open(folder / "feed.xml", "rb") as stream:
        gpodder = podcastparser.parse(BASE + "feed.xml", stream)
    page = _Timed()
    page.feed((folder / "index.html").read_text(encoding="utf-8"))
    for episode in episodes:
        stem = episode.mp3.stem
        rate = episode.chapters[0].sample_rate
        starts = [c.start_sample * 1000 // rate for c in episode.chapters]
        ends = [c.end_sample * 1000 // rate for c in episode.chapters]
        total = episode.chapters[-1].end_sample * 1000 // rate
        assert episode.duration_ms == total == ends[-1]
        # ID3 CHAP, read by ffprobe: integer milliseconds.
        probed = ffprobe_json(episode.mp3, "-show_chapters")["chapters"]
        assert [(c["start"], c["end"]) for c in probed] == list(zip(starts, ends))
        # chapters.json: those milliseconds as seconds, to the digit (read as decimals, not floats).
        doc = json.loads((folder / f"{stem}.chapters.json").read_text(encoding="utf-8"), parse_float=Decimal)
        assert [c["startTime"] * 1000 for c in doc["chapters"]] == starts
        assert [c["endTime"] * 1000 for c in doc["chapters"]] == ends
        # VTT and SRT, read by ffprobe: each chapter's first cue starts with the chapter; the last
        # cue ends with the episode.
        for suffix in ("vtt", "srt"):
            packets = ffprobe_json(folder / f"{stem}.{suffix}", "-show_packets")["packets"]
            cue_starts = [int(p["pts"]) for p in packets]
            assert set(starts) <= set(cue_starts), suffix
            assert int(packets[-1]["pts"]) + int(packets[-1]["duration"]) == total, suffix
        # The feed: itunes:duration is the whole seconds elapsed, for feedparser and podcastparser;
        # the Podlove chapters are the same milliseconds, and podcastparser truncates them too.
        entry = next(e for e in feed.entries if e.enclosures[0].href.endswith(f"{stem}.mp3"))
        assert entry.itunes_duration == duration(total)
        item = next(e for e in gpodder["episodes"] if e["enclosures"][0]["url"].endswith(f"{stem}.mp3"))
        assert item["total_time"] == total // 1000
        assert [c["start"] for c in item["chapters"]] == [s // 1000 for s in starts]
        # The page: seek targets are the same milliseconds, shown times the same whole seconds.
        buttons = page.of(stem, "chapter")
        assert [Decimal(b["data-start"]) * 1000 for b in buttons] == starts
        assert [b["text"].split()[0] for b in buttons] == [clock(s) for s in starts]
        cues = page.of(stem, "cue")
        assert {Decimal(c["data-start"]) * 1000 for c in cues} >= set(starts)
        assert max(Decimal(c["data-end"]) * 1000 for c in cues) == total
        (shown,) = page.of(stem, "duration")
        assert shown["text"] == clock(total) and shown["datetime"] == f"PT{Decimal(total) / 1000:.3f}S"


@pytest.mark.parametrize(
    ("ms", "shown", "itunes", "play_time"),
    [
        (0, "00:00", "0:00:00", "00:00:00.000"),
        (126_999, "02:06", "0:02:06", "00:02:06.999"),  # never 02:07 before the 127th second
        (354_141, "05:54", "0:05:54", "00:05:54.141"),
        (3_600_000, "1:00:00", "1:00:00", "01:00:00.000"),
        (3_599_999, "59:59", "0:59:59", "00:59:59.999"),
    ],
)
def test_clock_forms_truncate(ms: int, shown: str, itunes: str, play_time: str):
    assert (clock(ms), duration(ms), npt(ms)) == (shown, itunes, play_time)


# -- 5. descriptions in CDATA; the cover's resolution -------------------------------------------


def test_item_descriptions_are_cdata_that_readers_take_as_html(one_render: tuple[Path, list]):
    folder, _ = one_render
    raw = (folder / "feed.xml").read_text(encoding="utf-8")
    descriptions = re.findall(r"<item>.*?<description>(.*?)</description>", raw, re.S)
    assert len(descriptions) == 2
    assert all(d.startswith("<![CDATA[<p>") and d.endswith("]]>") for d in descriptions)
    assert "&lt;p&gt;" not in raw
    parsed = feedparser.parse(str(folder / "feed.xml"))
    assert parsed.entries[0].summary_detail.type == "text/html"
    assert parsed.entries[0].summary.startswith("<p>ارتفعت أسعار الخبز")
    # An XML parser gives the CDATA back as markup, not as escaped text.
    first = ET.parse(folder / "feed.xml").getroot().findall("channel/item")[1].findtext("description")
    assert first.startswith("<p>زاد نشاط التنظيم") and "<br/>" in first


def _png_chunks(path: Path) -> dict[bytes, bytes]:
    """The PNG's chunks, read by the file format (8-byte signature, then length, type, data, CRC)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind = data[offset + 4:offset + 8]
        chunks.setdefault(kind, data[offset + 8:offset + 8 + length])
        offset += 12 + length
    return chunks


def test_generated_cover_says_72_dpi(one_render: tuple[Path, list]):
    folder, _ = one_render
    phys = _png_chunks(folder / "cover.png")[b"pHYs"]
    x, y, unit = struct.unpack(">IIB", phys)
    assert unit == 1 and x == y == 2835  # pixels per metre: 72 dpi / 0.0254 m, rounded
    done = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(folder / "cover.png")],
                          capture_output=True, text=True, check=True)
    stream = json.loads(done.stdout)["streams"][0]
    assert (stream["width"], stream["height"]) == (1400, 1400)


# -- 6. podcastparser (gPodder) and the podcast namespace ---------------------------------------


def test_podcastparser_gets_chapters_through_podlove_and_the_official_uri_stays(one_render: tuple[Path, list]):
    folder, episodes = one_render
    raw = (folder / "feed.xml").read_text(encoding="utf-8")
    assert 'xmlns:podcast="https://podcastindex.org/namespace/1.0"' in raw
    assert "github.com/Podcastindex-org" not in raw
    with open(folder / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse(BASE + "feed.xml", stream)
    by_stem = {e["enclosures"][0]["url"].rsplit("/", 1)[1][:-4]: e for e in parsed["episodes"]}
    for episode in episodes:
        chapters = by_stem[episode.mp3.stem]["chapters"]
        assert [c["title"] for c in chapters] == [c.title for c in episode.chapters]
    # feedparser still sees the Podcasting 2.0 tags under the official URI.
    entry = feedparser.parse(str(folder / "feed.xml")).entries[0]
    assert entry.podcast_chapters["url"].endswith(".chapters.json")
