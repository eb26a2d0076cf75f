"""Table tests of the pieces of `narrate sync`: file stems from URLs, charsets, Retry-After, link
normalization, feed and sitemap parsing, the state's back-off and lock."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from narrator.errors import BusyError
from narrator.sources.feeds import normalize_link, parse_feed, parse_sitemap, parse_url_list
from narrator.sources.fetch import meta_charset, page_encoding, retry_after_seconds
from narrator.sources.jobs import ItemMeta, JobFailure, JobResult, RenderJob, episode_guid
from narrator.sources.names import MAX_STEM_BYTES, stem_from_url, unique_stem
from narrator.sources.state import PERMANENT_ATTEMPTS, SyncState, dir_lock, retry_delay

ARABIC_SLUG = "%D9%88%D8%B2%D9%8A%D8%B1-%D8%A7%D9%84%D8%AE%D8%A7%D8%B1%D8%AC%D9%8A%D8%A9-%D9%8A%D8%B2%D9%88%D8%B1"


@pytest.mark.parametrize("url, stem", [
    (f"https://example.org/2024/05/{ARABIC_SLUG}", "وزير-الخارجية-يزور"),  # decoded, Arabic kept
    (f"https://example.org/news/{ARABIC_SLUG}.html", "وزير-الخارجية-يزور"),  # the script suffix goes
    ("https://example.org/news/123456", "123456"),
    ("https://example.org/2013/8/3/syria.clashes/index.html", "syria.clashes"),  # index: the folder names it
    ("https://example.org/article.php?id=55", "article-55"),  # the query names the article
    ("https://example.org/news/?p=1", "news-1"),
    ("https://example.org/world/story-slug/?utm_source=rss", "story-slug"),  # a plain query is ignored
    ("https://example.org/a/..%2F..%2Fetc%2Fpasswd", "etc-passwd"),  # no `/` or `..`
    ("https://example.org/a/b%00c%0Ad%E2%80%8Fe", "bcde"),  # no control or bidi-control characters
    ("https://example.org/a/%3Cx%3E%3A%22y%22%7C", "x-y"),  # nothing a shell or Windows refuses
    ("https://example.org/a/.hidden", "hidden"),  # never a hidden file
])
def test_stem_from_url(url: str, stem: str):
    assert stem_from_url(url) == stem


def test_stem_of_a_bare_host_or_an_empty_name_is_hashed_and_stable():
    stem = stem_from_url("https://example.org/")
    assert stem.startswith("article-") and len(stem) == len("article-") + 8
    assert stem == stem_from_url("https://example.org/")
    assert stem != stem_from_url("https://example.net/")


def test_long_stem_is_cut_to_fit_with_a_hash_of_the_url():
    url = "https://example.org/" + "%D9%88" * 300
    stem = stem_from_url(url)
    assert len(stem.encode()) <= MAX_STEM_BYTES
    assert stem.startswith("و") and stem[-9] == "-"
    assert stem != stem_from_url(url + "x")  # two long slugs with one start still differ
    assert len(stem_from_url("https://example.org/short-slug")) == len("short-slug")  # short: untouched


def test_unique_stem_adds_a_hash_only_on_collision():
    assert unique_stem("slug", "https://a/slug", set()) == "slug"
    other = unique_stem("slug", "https://b/slug", {"slug"})
    assert other.startswith("slug-") and other != "slug"


@pytest.mark.parametrize("content, declared, expected", [
    (b"<html><head><meta charset='windows-1256'>", None, "cp1256"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', None, "cp1256"),
    (b"<meta charset='windows-1256'>", "utf-8", "utf-8"),  # the HTTP header wins over <meta>
    (b"\xef\xbb\xbf<meta charset='windows-1256'>", "cp1256", "utf-8"),  # a byte-order mark wins over both
    (b"<meta charset='no-such-charset'>" + "نص عربي".encode(), None, "utf-8"),  # unknown: detected
    (b"<meta charset='iso-8859-1'>", None, "cp1252"),  # as browsers read latin-1
])
def test_page_encoding_order(content: bytes, declared: str | None, expected: str):
    assert page_encoding(content, declared) == expected


def test_undeclared_windows_1256_page_is_detected():
    text = ("أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية وتشمل قروضا ميسرة "
            "ومساعدات للبذور والأسمدة بعد موسم جفاف أثر على المحاصيل في معظم المحافظات. ") * 5
    data = f"<html><body><p>{text}</p></body></html>".encode("cp1256")
    assert page_encoding(data, None) == "cp1256"
    assert data.decode(page_encoding(data, None)) .count("الحكومة") == 5


def test_meta_charset_is_looked_for_only_near_the_start():
    assert meta_charset(b"x" * 10_000 + b"<meta charset='windows-1256'>") is None


@pytest.mark.parametrize("value, expected", [
    ("120", 120.0),
    (" 5 ", 5.0),
    ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),  # an HTTP date, 30 s after "now"
    ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # already past: now
    ("soon", None),
    ("", None),
    (None, None),
])
def test_retry_after_seconds(value: str | None, expected: float | None):
    now = dt.datetime(2015, 10, 21, 7, 28, 0, tzinfo=dt.timezone.utc).timestamp()
    assert retry_after_seconds(value, now) == expected


@pytest.mark.parametrize("url, normal", [
    ("HTTPS://Example.ORG/a/b?utm_source=rss&utm_medium=feed#top", "https://example.org/a/b"),
    ("https://example.org/a?id=5&fbclid=x", "https://example.org/a?id=5"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/A/B", "https://example.org/A/B"),  # paths are case-sensitive: left alone
])
def test_normalize_link(url: str, normal: str):
    assert normalize_link(url) == normal


def test_feed_with_duplicate_guids_missing_links_and_broken_xml_keeps_what_parsed():
    rss = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>
<item><title>one</title><link>https://example.org/one</link><guid>same</guid>
<pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate></item>
<item><title>two</title><link>https://example.org/two</link><guid>same</guid>
<pubDate>Tue, 03 Jan 2023 10:00:00 GMT</pubDate></item>
<item><title>no link</title><guid isPermaLink="false">12345</guid></item>
<item><title>guid only</title><guid>https://example.org/three</guid></item>
<item><title>again</title><link>https://example.org/one?utm_source=rss</link></item>
<item><title>relative</title><link>/four</link></item>
<item><title>broken & cut"""
    listing = parse_feed(rss, "feed.xml")
    assert listing is not None
    assert [i.link for i in listing.items] == [  # dated first, newest first; then as listed
        "https://example.org/two", "https://example.org/one", "https://example.org/three"]
    assert {(s.what, s.reason) for s in listing.skipped} == {
        ("12345", "no link"),
        ("https://example.org/one?utm_source=rss", "listed twice"),
        ("/four", "link is not an absolute http(s) URL"),
        ("an item", "no link"),  # the item cut off by the broken end: what parsed of it has no link
    }
    with_base = parse_feed(rss, "u", {"content-location": "https://example.org/feed.xml"})
    assert "https://example.org/four" in [i.link for i in with_base.items]  # made absolute


def test_atom_updated_is_the_date_and_published_the_first_publication():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>A</title><author><name>Desk</name><email>desk@example.org</email></author>
<entry><title>x</title><link href="https://example.org/x"/><id>tag:x</id>
<published>2023-01-01T10:00:00+03:00</published><updated>2023-01-05T10:00:00Z</updated>
<author><name>Reporter</name></author></entry></feed>"""
    listing = parse_feed(atom, "atom.xml")
    (item,) = listing.items
    assert item.date == dt.datetime(2023, 1, 5, 10, tzinfo=dt.timezone.utc)
    assert item.published == dt.datetime(2023, 1, 1, 7, tzinfo=dt.timezone.utc)
    assert item.author == "Reporter"
    assert (listing.channel.title, listing.channel.author, listing.channel.email) == ("A", "Desk", "desk@example.org")


def test_news_sitemap_items_and_a_broken_sitemap():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
 xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://example.org/a</loc><lastmod>2023-02-01</lastmod>
<news:news><news:publication_date>2023-01-31T08:00:00Z</news:publication_date><news:title>عنوان</news:title></news:news>
<image:image><image:loc>https://example.org/a.jpg</image:loc></image:image></url>
<url><loc>https://example.org/b</loc></url>
<url><loc></loc></url>
<url><loc>https://example.org/c</loc><lastmod>2023-03-01T00:00:00Z</lastmod></url
""".encode()
    listing = parse_sitemap(xml, "sitemap.xml", None)
    assert listing is not None
    assert [i.link for i in listing.items] == ["https://example.org/c", "https://example.org/a", "https://example.org/b"]
    a = listing.items[1]
    assert (a.title, a.image) == ("عنوان", "https://example.org/a.jpg")
    assert a.date == dt.datetime(2023, 2, 1, tzinfo=dt.timezone.utc)
    assert a.published == dt.datetime(2023, 1, 31, 8, tzinfo=dt.timezone.utc)
    assert [s.reason for s in listing.skipped] == ["no link"]


def test_url_list_and_what_is_not_one():
    listing = parse_url_list("# today\nhttps://example.org/a\n\nhttps://example.org/b\n", "list.txt")
    assert [i.link for i in listing.items] == ["https://example.org/a", "https://example.org/b"]
    assert parse_url_list("just some text\nhttps://example.org/a\n", "x") is None
    assert parse_url_list("\n\n", "x") is None


def test_retry_delay_grows_and_is_capped():
    delays = [retry_delay(n) for n in range(1, 9)]
    assert delays[0] == 0  # the first failure is retried on the next run
    assert delays == sorted(delays) and delays[1] > 0
    assert delays[-1] == 24 * 3600


def test_state_records_failures_and_gives_up_on_permanent_ones(tmp_path: Path):
    with SyncState(tmp_path) as state:
        for n in range(1, PERMANENT_ATTEMPTS + 1):
            assert state.failed("k", "https://x/k", "HTTP 404", permanent=True, now=1000.0 * n) == n
        row = state.get("k")
        assert row.given_up and row.next_attempt is None and not row.is_published
        state.published("k", "https://x/k", stem="k", guid="g", source_date=None, published="2023-01-01T00:00:00+00:00",
                        etag='"e"', last_modified=None, content_hash="h", now=5000.0)
        row = state.get("k")
        assert row.is_published and row.attempts == 0 and row.last_error is None
        transient = state.failed("t", "https://x/t", "HTTP 503", permanent=False, now=0.0, retry_at=3600.0)
        assert transient == 1 and state.get("t").next_attempt == 3600.0  # Retry-After beats no delay
    with SyncState(tmp_path) as again:  # the state outlives the process: DIR is self-contained
        assert again.get("k").guid == "g" and again.stems() == {"k"}


def test_second_lock_on_one_dir_is_busy_and_names_the_holder(tmp_path: Path):
    import os

    with dir_lock(tmp_path):
        with pytest.raises(BusyError, match=rf"busy.*pid {os.getpid()}"):
            with dir_lock(tmp_path, wait_s=0.3):
                pass
    with dir_lock(tmp_path):  # released on exit
        pass


def test_jobs_are_picklable_values():
    job = RenderJob(key="k", guid=episode_guid("k"), url="https://x/k", page=b"<html>", encoding="utf-8",
                    stem="k", meta=ItemMeta(link="https://x/k"))
    assert pickle.loads(pickle.dumps(job)) == job
    result = JobResult("k", "g", "k", {"k.mp3": b"ID3"}, "h", 1000, "t", "fake")
    assert pickle.loads(pickle.dumps(result)) == result
    assert pickle.loads(pickle.dumps(JobFailure("k", "boom", True))) == JobFailure("k", "boom", True)
    assert episode_guid("k") == episode_guid("k") != episode_guid("k2")
