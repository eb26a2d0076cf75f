"""`narrate sync` against a news site on 127.0.0.1 (tests/news_site.py): every case of issue 11's
"Proving it" list, with the fake engine (one real espeak run at the end), then the feed read back
by feedparser, podcastparser and gPodder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import json
import shutil
import subprocess
import threading
import time
import tracemalloc
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner

from narrator.cli import main
from narrator.errors import BusyError
from narrator.pipeline import RenderOptions
from narrator.publish.episode_meta import read_sidecar
from narrator.sources.fetch import Fetcher, FetchError, FetchSettings, MB
from narrator.sources.runners import InlineRunner
from narrator.sources.state import SyncState, dir_lock
from narrator.sources.sync import SyncReport, SyncSettings, sync

from .news_site import BUILT_IN, NewsSite, Page, RequestHandler, article_html, built_in_variants, small_site

BASE = "https://example.org/podcast/"
FAST = FetchSettings(delay=0.0, read_timeout=2.0, total_timeout=5.0, retry_after_max=3.0)
NOW = time.time()


@pytest.fixture
def site() -> Iterator[NewsSite]:
    news = NewsSite(small_site()).start()
    yield news
    news.stop()


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clip cache for the sync tests (entries are keyed by content, so sharing is safe): the
    same pages are rendered by many tests."""
    return tmp_path_factory.mktemp("sync-clips")


@pytest.fixture
def out(tmp_path: Path, clip_cache: Path) -> Path:
    global _CACHE
    _CACHE = clip_cache
    return tmp_path / "podcast"


_CACHE: Path | None = None


def settings(site: NewsSite, out: Path, *paths: str, **changes: object) -> SyncSettings:
    base = SyncSettings(
        sources=tuple(site.url(p) for p in (paths or ("/rss.xml",))),
        out_dir=out, base_url=BASE, engine="fake", options=RenderOptions(cache_dir=_CACHE), fetch=FAST,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def run(s: SyncSettings, clock: float = NOW) -> SyncReport:
    return sync(s, runner=InlineRunner(), clock=lambda: clock)


def recent(page: Page, days: float = 0.5) -> Page:
    page.date = dt.datetime.fromtimestamp(NOW - days * 86400, dt.timezone.utc).replace(microsecond=0)
    return page


def add_page(site: NewsSite, path: str, title: str, *, date: dt.datetime | None = None, **page: object) -> Page:
    sections = BUILT_IN[0][2]
    body = page.pop("body", None) or article_html(title, "مراسلنا", sections).encode()
    added = Page(path, title, body, date or dt.datetime(2021, 6, 1, tzinfo=dt.timezone.utc),
                 author="مراسلنا", **page)  # type: ignore[arg-type]
    site.serve_page(added)
    return added


def only(site: NewsSite, *pages: Page) -> None:
    """The feed lists just these pages."""
    site.routes["/only.xml"] = lambda h: h.send_body(site.rss(list(pages)).encode(), "application/rss+xml")


# -- the everyday run ---------------------------------------------------------------------------


def test_first_sync_publishes_all_second_fetches_no_article_page(site: NewsSite, out: Path):
    first = run(settings(site, out))
    assert first.exit_code == 0, first.failed
    assert len(first.rendered) == len(site.pages) and first.unchanged == 0
    assert site.article_hits() == len(site.pages)
    for r in first.rendered:
        assert Path(r.mp3).is_file() and r.mp3.startswith(str(out))
    assert (out / "feed.xml").is_file() and (out / "index.html").is_file() and (out / "cover.png").is_file()

    before = dict(site.hits)
    second = run(settings(site, out))
    assert (second.rendered, second.failed, second.unchanged) == ((), (), len(site.pages))
    assert site.article_hits() == len(site.pages)  # no article page asked for again
    asked = {path for path, n in site.hits.items() if n != before.get(path, 0)}
    assert asked == {"/rss.xml", "/robots.txt"}
    assert second.site is None  # nothing changed: the published feed stays as it was


def test_a_run_with_nothing_new_never_chooses_a_voice(site: NewsSite, out: Path, monkeypatch: pytest.MonkeyPatch):
    run(settings(site, out))

    def no_voice(*args: object) -> None:
        raise AssertionError("a voice was created for a run with nothing to render")

    monkeypatch.setattr("narrator.sources.sync.create", no_voice)
    assert run(settings(site, out, engine="auto")).unchanged == len(site.pages)


def test_feed_reads_back_with_source_link_date_author_and_image(site: NewsSite, out: Path):
    report = run(settings(site, out))
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    # The show comes from the source feed's channel: `sync FEED -o DIR --base-url URL` needs nothing else.
    assert parsed.feed.title == "جريدة الاختبار"
    assert parsed.feed.publisher_detail.email == "editor@example.org"
    assert len(parsed.entries) == len(site.pages)
    by_link = {e.link: e for e in parsed.entries}
    for page in site.pages.values():
        entry = by_link[site.url(page.path)]
        assert entry.published_parsed[:6] == page.date.astimezone(dt.timezone.utc).timetuple()[:6]
        if page.author:
            assert entry.author == page.author
        # The page's og:image, else the feed's media:content; none when neither has one.
        assert ("image" in entry) == bool(page.image or b"og:image" in page.body)
        if page.image and b"og:image" not in page.body:
            assert entry.image.href == site.url(page.image)
    guids = {r.guid for r in report.rendered}
    assert {e.id for e in parsed.entries} == guids
    with (out / "feed.xml").open("rb") as stream:
        podcast = podcastparser.parse(BASE + "feed.xml", stream)
    assert len(podcast["episodes"]) == len(site.pages)
    for episode in podcast["episodes"]:
        (enclosure,) = episode["enclosures"]
        assert enclosure["url"].startswith(BASE) and enclosure["file_size"] > 0
        assert episode["link"] in by_link and episode["total_time"] > 0


@pytest.mark.parametrize("side, used", [(1400, True), (144, False)])
def test_channel_image_is_the_cover_when_podcast_apps_accept_it(site: NewsSite, out: Path, side: int, used: bool):
    import io

    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (side, side), "navy").save(image, "PNG")
    site.routes["/logo.png"] = lambda h: h.send_body(image.getvalue(), "image/png")
    site.channel_image = "/logo.png"
    report = run(settings(site, out, limit=1))
    assert report.site is not None and report.site.cover_generated is not used
    if used:
        assert (out / "cover.png").read_bytes() == image.getvalue()
    else:
        assert any("not usable as the podcast cover" in s.reason for s in report.skipped)
    run(settings(site, out, limit=1))
    assert site.hits["/logo.png"] == 1  # not fetched again while the channel names the same image


def test_atom_and_sitemap_index_sources_give_the_same_items_once(site: NewsSite, out: Path):
    report = run(settings(site, out, "/atom.xml", "/sitemap-index.xml", "/rss.xml"))
    assert report.exit_code == 0, report.failed
    assert len(report.rendered) == len(site.pages)  # listed three times, rendered once
    assert site.article_hits() == len(site.pages)
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert parsed.feed.title == "جريدة الاختبار (Atom)"  # the first source with a channel title
    assert parsed.feed.publisher_detail.email == "atom@example.org"


def test_limit_renders_the_newest_and_leaves_the_rest_for_later(site: NewsSite, out: Path):
    report = run(settings(site, out, limit=2))
    newest = [site.url(p.path) for p in site.listed()[:2]]
    assert [r.url for r in report.rendered] == newest
    assert len(report.skipped) == len(site.pages) - 2 and report.exit_code == 0
    later = run(settings(site, out))
    assert len(later.rendered) == len(site.pages) - 2 and later.unchanged == 2


def test_recent_items_are_rechecked_with_a_conditional_get(site: NewsSite, out: Path):
    recent(site.listed()[-1])
    run(settings(site, out))
    second = run(settings(site, out))
    assert second.rendered == () and second.unchanged == len(site.pages)
    assert site.article_hits() == len(site.pages) + 1  # the recent one only, answered 304


def test_correction_is_rerendered_with_the_same_guid_and_stem(site: NewsSite, out: Path):
    page = recent(add_page(site, "/news/correction", "خبر سيصحح لاحقا"))
    only(site, page)
    first = run(settings(site, out, "/only.xml"))
    (rendered,) = first.rendered
    sidecar = read_sidecar(out / "correction.episode.json")
    # The editor corrects the article; the feed's date is left as it was.
    page.body = page.body.replace("الحكومة".encode(), "الحكومة الجديدة".encode(), 1)
    second = run(settings(site, out, "/only.xml"))
    (corrected,) = second.rendered
    assert corrected.corrected and corrected.guid == rendered.guid and corrected.mp3 == rendered.mp3
    after = read_sidecar(out / "correction.episode.json")
    assert (after.guid, after.published) == (sidecar.guid, sidecar.published)
    assert "الحكومة الجديدة" in (out / "correction.vtt").read_text(encoding="utf-8")
    assert len(feedparser.parse(str(out / "feed.xml")).entries) == 1  # updated, not a second episode


def test_old_item_whose_source_date_changed_is_fetched_and_a_mere_page_change_is_not_rendered(site: NewsSite, out: Path):
    page = add_page(site, "/news/old-story", "خبر قديم")
    only(site, page)
    run(settings(site, out, "/only.xml"))
    # A new share bar, same article: the page's bytes change, the spoken text does not.
    page.body = page.body.replace(b"</body>", b"<div>share this</div></body>")
    page.date = page.date + dt.timedelta(hours=1)
    report = run(settings(site, out, "/only.xml"))
    assert report.rendered == () and report.unchanged == 1
    assert site.hits["/news/old-story"] == 2


def test_long_arabic_slug_is_named_decoded_not_percent_encoded(site: NewsSite, out: Path):
    """300 bytes percent-encoded, 100 decoded: the episode is named (and checked) by the latter."""
    slug = "-".join(["سبعيني", "فلسطيني", "يستعد", "للدكتوراه", "بعد", "نصف", "قرن", "من", "العمل"])
    page = add_page(site, "/news/" + urllib.parse.quote(slug), "سبعيني فلسطيني يستعد للدكتوراه")
    assert len(page.path) > 255
    only(site, page)
    report = run(settings(site, out, "/only.xml"))
    assert report.exit_code == 0, report.failed
    assert Path(report.rendered[0].mp3).name == slug + ".mp3"


def test_episodes_that_drop_out_of_the_source_stay_published(site: NewsSite, out: Path):
    run(settings(site, out))
    newest = site.listed()[0]
    only(site, newest)
    report = run(settings(site, out, "/only.xml"))
    assert report.unchanged == 1 and report.exit_code == 0
    assert len(feedparser.parse(str(out / "feed.xml")).entries) == len(site.pages)


# -- failures -----------------------------------------------------------------------------------


def _flaky(site: NewsSite, path: str, answers: list[tuple[int, dict[str, str]]]) -> Page:
    """A page that gives `answers` (status, headers) in turn, then the page itself."""
    page = add_page(site, path, "خبر من خادم متعثر")
    serve = site.routes[path]
    queue = list(answers)

    def handler(h: RequestHandler) -> None:
        if queue:
            status, headers = queue.pop(0)
            h.send_body(b"<html><body>busy</body></html>", status=status, headers=headers)
        else:
            serve(h)

    site.routes[path] = handler
    only(site, page)
    return page


def test_500_then_200_is_published_on_the_next_run(site: NewsSite, out: Path):
    _flaky(site, "/news/flaky", [(500, {})])
    first = run(settings(site, out, "/only.xml"))
    assert first.exit_code == 1
    (failed,) = first.failed
    assert "HTTP 500" in failed.error and failed.attempts == 1
    second = run(settings(site, out, "/only.xml"))
    assert second.exit_code == 0 and len(second.rendered) == 1


def test_a_failed_recheck_keeps_the_published_episode_and_exits_0(site: NewsSite, out: Path):
    page = recent(add_page(site, "/news/recheck", "خبر يعاد فحصه"))
    only(site, page)
    assert run(settings(site, out, "/only.xml")).exit_code == 0
    serve = site.routes["/news/recheck"]
    site.routes["/news/recheck"] = lambda h: h.send_body(b"down", status=500)
    report = run(settings(site, out, "/only.xml"))
    assert report.exit_code == 0 and report.failed == () and report.rendered == ()
    (skipped,) = report.skipped
    assert "re-check failed" in skipped.reason and "HTTP 500" in skipped.reason
    assert (out / "recheck.mp3").is_file() and len(feedparser.parse(str(out / "feed.xml")).entries) == 1
    site.routes["/news/recheck"] = serve
    assert run(settings(site, out, "/only.xml")).unchanged == 1  # back: checked, still the same


def test_pages_are_fetched_and_rendered_in_batches(out: Path, monkeypatch: pytest.MonkeyPatch):
    """With a small batch, the next pages are fetched while the first ones render; all arrive.
    More pages than the smallest batch (4 a worker), with or without the corpus."""
    import narrator.sources.sync as sync_module

    monkeypatch.setattr(sync_module, "BATCH", 2)
    seen: list[int] = []

    class Counting(InlineRunner):
        def run(self, jobs):  # type: ignore[no-untyped-def]
            seen.append(len(jobs))
            yield from super().run(jobs)

    site = NewsSite([*small_site(), *built_in_variants(3)]).start()
    try:
        report = sync(settings(site, out), runner=Counting(), clock=lambda: NOW)
    finally:
        site.stop()
    assert len(site.pages) > 4
    assert len(report.rendered) == len(site.pages)
    assert sum(seen) == len(site.pages) and max(seen) <= 4 and len(seen) >= 2  # 4: the floor of 4 x workers


def test_429_retry_after_in_seconds_and_as_a_date_are_waited_out(site: NewsSite, out: Path):
    soon = email.utils.formatdate(time.time() + 1, usegmt=True)
    _flaky(site, "/news/busy", [(429, {"Retry-After": "1"}), (503, {"Retry-After": soon})])
    started = time.monotonic()
    report = run(settings(site, out, "/only.xml"))
    assert report.exit_code == 0 and len(report.rendered) == 1
    assert site.hits["/news/busy"] == 3 and time.monotonic() - started >= 1.0


def test_long_retry_after_fails_the_item_until_then(site: NewsSite, out: Path):
    _flaky(site, "/news/later", [(429, {"Retry-After": "3600"})] * 5)
    first = run(settings(site, out, "/only.xml"))
    assert "HTTP 429" in first.failed[0].error and site.hits["/news/later"] == 1
    second = run(settings(site, out, "/only.xml"), clock=NOW + 60)
    assert second.exit_code == 1 and "next try" in second.failed[0].error
    assert site.hits["/news/later"] == 1  # not asked before the server said


def test_404_is_permanent_retried_a_few_times_then_reported_without_asking(site: NewsSite, out: Path):
    page = Page("/news/gone", "خبر محذوف", b"", dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc))
    only(site, page)  # listed in the feed, never served
    clock = NOW
    for attempt in (1, 2, 3):
        report = run(settings(site, out, "/only.xml"), clock=clock)
        assert report.failed[0].attempts == attempt and "HTTP 404" in report.failed[0].error
        clock += 2 * 86400  # past any back-off
    report = run(settings(site, out, "/only.xml"), clock=clock + 30 * 86400)
    assert report.exit_code == 1 and "gave up" in report.failed[0].error
    assert site.hits["/news/gone"] == 3


def test_redirect_loop_slow_page_huge_page_and_wrong_content_type_each_fail_with_a_reason(site: NewsSite, out: Path):
    def loop(h: RequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", "/news/loop-b" if h.path.endswith("loop-a") else "/news/loop-a")
        h.end_headers()

    def slow(h: RequestHandler) -> None:
        time.sleep(4)
        h.send_body(article_html("بطيء", "", BUILT_IN[0][2]).encode())

    def pdf(h: RequestHandler) -> None:
        h.send_body(b"%PDF-1.4 ...", "application/pdf")

    site.routes["/news/loop-a"] = site.routes["/news/loop-b"] = loop
    site.routes["/news/slow"] = slow
    site.routes["/news/huge"] = _huge_page(site)
    site.routes["/news/paper.pdf"] = pdf
    listed = [Page(p, p, b"", dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc))
              for p in ("/news/loop-a", "/news/slow", "/news/huge", "/news/paper.pdf")]
    only(site, *listed)
    report = run(settings(site, out, "/only.xml", fetch=dataclasses.replace(FAST, read_timeout=1.0)))
    errors = {f.url.rsplit("/", 1)[1]: f.error for f in report.failed}
    assert "redirect loop" in errors["loop-a"]
    assert "timed out" in errors["slow"]
    assert "larger than 10 MB" in errors["huge"]
    assert "not an HTML page (application/pdf)" in errors["paper.pdf"]
    assert report.exit_code == 1 and report.rendered == ()
    assert site.huge_sent < 50 * MB  # the client hung up at the cap


def _huge_page(site: NewsSite):  # type: ignore[no-untyped-def]
    """50 MB of HTML, generated as it is sent (no Content-Length, so only streaming can stop it)."""
    site.huge_sent = 0  # type: ignore[attr-defined]

    def handler(h: RequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.end_headers()
        chunk = b"<p>" + "كلام ".encode() * 10_000 + b"</p>\n"
        while site.huge_sent < 50 * MB:  # type: ignore[attr-defined]
            h.wfile.write(chunk)
            site.huge_sent += len(chunk)  # type: ignore[attr-defined]

    return handler


def test_size_cap_streams_without_holding_the_body(site: NewsSite):
    site.routes["/news/huge"] = _huge_page(site)
    tracemalloc.start()
    try:
        with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match="larger than 10 MB") as caught:
            fetcher.get(site.url("/news/huge"), html=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.permanent
    assert peak < 25 * MB, f"peak {peak / MB:.1f} MB"  # the cap (10 MB) and a chunk, not 50 MB


def test_error_page_login_wall_and_empty_page_are_no_article(site: NewsSite, out: Path):
    not_found = b"<!DOCTYPE html><html><head><title>404</title></head><body><nav>menu</nav>" \
        + "<h1>الصفحة غير موجودة</h1><p>عذرا، الصفحة التي تبحث عنها غير موجودة.</p>".encode() + b"</body></html>"
    wall = article_html("تقرير حصري للمشتركين", "", [(None, [
        "بدأت الحكومة اليوم تنفيذ خطة جديدة لدعم المزارعين في المناطق الريفية، وقال مسؤول إن الخطة ستشمل."]),
        (None, ["سجل الدخول لقراءة المقال كاملا"])],
        extra_head="").replace("</article>", '<form><input type="text" name="u"><input type="password" name="p"></form></article>')
    pages = [add_page(site, "/news/error-page", "خطأ", body=not_found),
             add_page(site, "/news/wall", "حائط", body=wall.encode()),
             add_page(site, "/news/empty", "فارغ", body=b" ")]
    only(site, *pages)
    report = run(settings(site, out, "/only.xml"))
    errors = {f.url.rsplit("/", 1)[1]: f.error for f in report.failed}
    assert set(errors) == {"error-page", "wall", "empty"}
    assert all(e.startswith("no article found") for e in errors.values()), errors
    assert "login wall" in errors["wall"] and "empty" in errors["empty"]
    assert not list(out.glob("*.mp3"))  # never a spoken error page


def test_windows_1256_page_declared_only_in_meta(site: NewsSite, out: Path):
    title = "الحكومة تعلن خطة جديدة لدعم المزارعين"
    body = article_html(title, "عمان", BUILT_IN[0][2], charset="windows-1256").encode("cp1256")
    page = add_page(site, "/news/cp1256", title, body=body, content_type="text/html")  # no charset in the header
    only(site, page)
    report = run(settings(site, out, "/only.xml"))
    assert report.exit_code == 0, report.failed
    assert read_sidecar(out / "cp1256.episode.json").title == title


def test_robots_disallow_is_honoured(site: NewsSite, out: Path):
    page = add_page(site, "/private/secret-story", "خبر خاص")
    only(site, page)
    report = run(settings(site, out, "/only.xml"))
    assert "robots.txt disallows" in report.failed[0].error
    assert site.hits["/private/secret-story"] == 0


def test_feed_with_duplicate_guids_items_without_links_and_invalid_xml(site: NewsSite, out: Path):
    first, second = site.listed()[:2]
    broken = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>مكسور</title>
<managingEditor>x@example.org (x)</managingEditor><description>d</description>
<item><title>a</title><link>{site.url(first.path)}</link><guid>dup</guid></item>
<item><title>b</title><link>{site.url(second.path)}</link><guid>dup</guid></item>
<item><title>بلا رابط</title><guid isPermaLink="false">98765</guid></item>
<item><title>c & d</title><link>{site.url(first.path)}?utm_source=rss</link>
</channel>"""
    site.routes["/broken.xml"] = lambda h: h.send_body(broken.encode(), "application/rss+xml")
    report = run(settings(site, out, "/broken.xml"))
    assert report.exit_code == 0
    assert {r.url for r in report.rendered} == {site.url(first.path), site.url(second.path)}
    reasons = {s.url: s.reason for s in report.skipped}
    assert reasons["98765"] == "no link"
    assert reasons[site.url(first.path) + "?utm_source=rss"] == "listed twice"


def test_a_source_that_cannot_be_read_fails_alone(site: NewsSite, out: Path, tmp_path: Path):
    junk = tmp_path / "notes.txt"
    junk.write_text("this is not a feed\n")
    report = run(settings(site, out, sources=(site.url("/rss.xml"), site.url("/missing.xml"), str(junk))))
    assert len(report.rendered) == len(site.pages)
    assert [f.url for f in report.failed] == [site.url("/missing.xml"), str(junk)]
    assert "HTTP 404" in report.failed[0].error and "not an RSS/Atom feed" in report.failed[1].error


# -- DIR: one writer, self-contained ------------------------------------------------------------


def test_two_syncs_at_once_never_share_dir(site: NewsSite, out: Path):
    gate = threading.Event()
    slow_path = urllib.parse.unquote(site.listed()[0].path)
    serve_slow = site.routes[slow_path]

    def slow(h: RequestHandler) -> None:
        gate.set()
        time.sleep(1.0)
        serve_slow(h)

    site.routes[slow_path] = slow
    results: list[SyncReport] = []
    worker = threading.Thread(target=lambda: results.append(run(settings(site, out))))
    worker.start()
    assert gate.wait(10)
    with pytest.raises(BusyError, match="busy"):
        run(settings(site, out))
    waited = run(settings(site, out, wait_s=30))  # the second waits for the first, then has nothing to do
    worker.join()
    assert len(results[0].rendered) == len(site.pages)
    assert waited.rendered == () and waited.unchanged == len(site.pages)
    with SyncState(out) as state:
        assert len(state.stems()) == len(site.pages)


def test_a_file_of_the_same_name_rendered_by_hand_is_never_overwritten(site: NewsSite, out: Path):
    page = add_page(site, "/news/same-name", "خبر باسم مأخوذ")
    only(site, page)
    out.mkdir(parents=True)
    (out / "same-name.mp3").write_bytes(b"the editor's own episode")
    report = run(settings(site, out, "/only.xml"))
    (rendered,) = report.rendered
    assert Path(rendered.mp3).name.startswith("same-name-") and Path(rendered.mp3).is_file()
    assert (out / "same-name.mp3").read_bytes() == b"the editor's own episode"


def test_lost_state_takes_back_its_own_files_without_duplicates(site: NewsSite, out: Path):
    first = run(settings(site, out))
    shutil.rmtree(out / ".narrator")
    again = run(settings(site, out))
    assert sorted(r.mp3 for r in again.rendered) == sorted(r.mp3 for r in first.rendered)
    assert {r.guid for r in again.rendered} == {r.guid for r in first.rendered}
    assert len(list(out.glob("*.mp3"))) == len(site.pages)


def test_dir_moved_elsewhere_goes_on_from_its_state(site: NewsSite, out: Path, tmp_path: Path):
    run(settings(site, out))
    moved = tmp_path / "elsewhere"
    shutil.move(out, moved)
    report = run(settings(site, moved))
    assert report.rendered == () and report.unchanged == len(site.pages)


def test_an_episode_lost_between_files_and_state_is_rendered_again(site: NewsSite, out: Path):
    first = run(settings(site, out))
    lost = Path(first.rendered[0].mp3)
    lost.unlink()
    report = run(settings(site, out))
    assert [r.mp3 for r in report.rendered] == [str(lost)] and lost.is_file()


# -- the command line ---------------------------------------------------------------------------


def cli() -> CliRunner:
    try:  # click < 8.2 mixes stderr into output unless told not to; 8.2 always separates them
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def fast_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's fetcher without the politeness delay (the test site is ours)."""
    monkeypatch.setattr("narrator.commands.sync.FETCH", FAST)


def test_cli_json_and_exit_codes(site: NewsSite, out: Path, fast_fetch: None):
    gone = Page("/news/gone", "x", b"", dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc))
    good = site.listed()[0]
    only(site, good, gone)
    args = ["sync", site.url("/only.xml"), "-o", str(out), "--base-url", BASE, "--engine", "fake",
            "--workers", "2", "--json"]
    result = cli().invoke(main, args)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"rendered", "unchanged", "failed", "skipped"}
    (rendered,) = doc["rendered"]
    assert set(rendered) == {"url", "mp3", "guid"} and rendered["url"] == site.url(good.path)
    assert Path(rendered["mp3"]).is_file()
    assert doc["failed"] == [{"url": site.url("/news/gone"), "error": f"{site.url('/news/gone')}: HTTP 404 Not Found",
                              "attempts": 1}]
    assert doc["unchanged"] == 0
    assert f"narrate: failed {site.url('/news/gone')}" in result.stderr
    only(site, good)
    again = cli().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == {"rendered": [], "unchanged": 1, "failed": [], "skipped": []}


def test_cli_busy_dir_is_one_clear_line(site: NewsSite, out: Path, fast_fetch: None):
    with dir_lock(out):
        result = cli().invoke(main, ["sync", site.url("/rss.xml"), "-o", str(out), "--base-url", BASE,
                                           "--engine", "fake"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"narrate: error: {out} is busy")
    assert "Traceback" not in result.output


def test_cli_show_options_override_the_channel(site: NewsSite, out: Path, fast_fetch: None):
    result = cli().invoke(main, ["sync", site.url("/rss.xml"), "-o", str(out), "--base-url", BASE,
                                       "--engine", "fake", "--title", "نشرتنا", "--owner-email", "me@example.org",
                                       "--limit", "1", "-q"])
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert parsed.feed.title == "نشرتنا" and parsed.feed.publisher_detail.email == "me@example.org"
    assert parsed.feed.subtitle == "آخر الأخبار من جريدة الاختبار"  # what the options leave: the channel's


def test_narrate_url_renders_one_page(site: NewsSite, tmp_path: Path):
    page = add_page(site, "/news/%D9%88%D8%B2%D9%8A%D8%B1-%D9%8A%D8%B2%D9%88%D8%B1",
                    "وزير يزور المدينة")
    page.body = page.body.replace(b"</head>", f'<link rel="canonical" href="{site.url("/canonical/x")}"></head>'.encode())
    result = cli().invoke(main, [site.url(page.path), "--engine", "fake", "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    meta = read_sidecar(tmp_path / "وزير-يزور.episode.json")
    assert meta.link == site.url("/canonical/x") and meta.title == "وزير يزور المدينة"
    again = cli().invoke(main, [site.url(page.path), "--engine", "fake", "-o", str(tmp_path), "-q"])
    assert again.exit_code == 0 and read_sidecar(tmp_path / "وزير-يزور.episode.json").guid == meta.guid


def test_narrate_url_without_article_fails_cleanly(site: NewsSite, tmp_path: Path):
    result = cli().invoke(main, [site.url("/news/missing"), "--engine", "fake", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"narrate: error: {site.url('/news/missing')}: HTTP 404 Not Found"
    assert not list(tmp_path.iterdir())


def test_render_and_sync_take_the_same_render_options():
    render = {p.name for p in main.commands["render"].params}
    synced = {p.name for p in main.commands["sync"].params}
    feed = {p.name for p in main.commands["feed"].params}
    shared = render - {"articles", "out_dir"}
    assert shared <= synced and (feed - {"folder"}) <= synced


# -- real consumers and the real voice ------------------------------------------------------------


@pytest.mark.skipif(shutil.which("gpo") is None, reason="gPodder's gpo is not installed (scripts/ensure-system.sh test)")
def test_gpodder_subscribes_to_a_synced_dir(site: NewsSite, out: Path, tmp_path: Path):
    import os

    from .test_feed import serve

    out.mkdir(parents=True)
    with serve(out) as base:
        run(settings(site, out, base_url=base, limit=2))
        home = tmp_path / "home"
        home.mkdir()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
               "GPODDER_HOME": str(home / "gpodder"), "GPODDER_DOWNLOAD_DIR": str(home / "downloads"),
               "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
        for args in (("subscribe", base + "feed.xml"), ("download",)):
            done = subprocess.run(["gpo", *args], env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stdout + done.stderr
    downloaded = sorted(p.name for p in (home / "downloads").rglob("*.mp3"))
    assert len(downloaded) == 2


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe is not installed")
def test_real_espeak_sync_in_worker_processes(site: NewsSite, out: Path, fast_fetch: None):
    """The whole path: CLI, fetch, a worker process, espeak-ng with diacritization, the feed."""
    page = site.pages[min(site.pages, key=lambda p: len(site.pages[p].body))]
    only(site, page)
    result = cli().invoke(main, ["sync", site.url("/only.xml"), "-o", str(out), "--base-url", BASE,
                                       "--engine", "espeak", "--workers", "1", "--json", "-q"])
    assert result.exit_code == 0, result.output
    (rendered,) = json.loads(result.stdout)["rendered"]
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                            rendered["mp3"]], capture_output=True, text=True, check=True)
    assert float(probe.stdout) > 5
    assert feedparser.parse(str(out / "feed.xml")).entries[0].id == rendered["guid"]
