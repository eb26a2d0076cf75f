"""The one HTTP client (sources/fetch.py) against the test site: who it says it is, gzip, proxies,
the per-host budget, conditional requests."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from narrator import __version__
from narrator.sources.fetch import Fetcher, FetchError, FetchSettings

from .news_site import NewsSite, RequestHandler, small_site

FAST = FetchSettings(delay=0.0, read_timeout=2.0, total_timeout=5.0)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    news = NewsSite(small_site()[-1:]).start()
    yield news
    news.stop()


def test_user_agent_names_narrator_and_its_version(site: NewsSite):
    seen: list[str] = []
    site.routes["/ua"] = lambda h: (seen.append(h.headers["User-Agent"]), h.send_body(b"<html></html>"))[1]
    with Fetcher(FAST) as fetcher:
        fetcher.get(site.url("/ua"))
    assert seen[0].startswith(f"narrator/{__version__} (+http")


def test_gzip_bodies_are_decoded(site: NewsSite):
    page = "<html><body><p>" + "نص عربي " * 200 + "</p></body></html>"

    def handler(h: RequestHandler) -> None:
        assert "gzip" in h.headers.get("Accept-Encoding", "")
        h.send_body(gzip.compress(page.encode()), headers={"Content-Encoding": "gzip"})

    site.routes["/gz"] = handler
    with Fetcher(FAST) as fetcher:
        assert fetcher.get(site.url("/gz"), html=True).content.decode() == page


def test_http_proxy_from_the_environment_is_used(site: NewsSite, monkeypatch: pytest.MonkeyPatch):
    """The test site stands in for the proxy: a proxied request asks it for the absolute URL."""
    asked: list[str] = []
    site.routes["/via-proxy"] = lambda h: (asked.append(h.path), h.send_body(b"<html>proxied</html>"))[1]
    site.robots = ""
    monkeypatch.setenv("HTTP_PROXY", site.root)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Fetcher(FAST) as fetcher:
        response = fetcher.get("http://news.example.invalid/via-proxy")
    assert response.content == b"<html>proxied</html>"
    assert asked == ["http://news.example.invalid/via-proxy"]


def test_at_most_two_requests_in_flight_per_host_with_a_delay_between_starts(site: NewsSite):
    lock = threading.Lock()
    state = {"now": 0, "most": 0}
    starts: list[float] = []

    def handler(h: RequestHandler) -> None:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
            starts.append(time.monotonic())
        time.sleep(0.3)
        with lock:
            state["now"] -= 1
        h.send_body(b"<html></html>")

    site.routes["/slowish"] = handler
    with Fetcher(FetchSettings(delay=0.1)) as fetcher, ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: fetcher.get(site.url("/slowish")), range(6)))
    assert state["most"] == 2
    # The sixth request cannot leave before five delays have passed (the server may see two
    # arrive together when it was slow to accept the first, so single gaps prove nothing).
    assert max(starts) - min(starts) >= 5 * 0.1 - 0.01


def test_conditional_get_gives_not_modified(site: NewsSite):
    path = next(iter(site.pages))
    with Fetcher(FAST) as fetcher:
        first = fetcher.get(site.url(path), html=True)
        again = fetcher.get(site.url(path), html=True, etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.etag
    assert again.not_modified and again.content == b""


def test_robots_txt_answering_a_server_error_forbids_the_host_for_this_run_only(site: NewsSite):
    site.routes["/robots.txt"] = lambda h: h.send_body(b"oops", "text/plain", status=500)
    with Fetcher(FAST) as fetcher:
        with pytest.raises(FetchError, match="robots.txt unavailable .HTTP 500") as caught:
            fetcher.get(site.url(next(iter(site.pages))))
        assert not caught.value.permanent  # retried next run
        with pytest.raises(FetchError, match="robots.txt unavailable"):
            fetcher.get(site.url(next(iter(site.pages))))
    assert site.hits["/robots.txt"] == 1 and site.article_hits() == 0


def test_robots_txt_missing_allows_and_forbidden_disallows(site: NewsSite):
    page = site.url(next(iter(site.pages)))
    del site.routes["/robots.txt"]
    with Fetcher(FAST) as fetcher:
        assert fetcher.get(page).status == 200
    site.routes["/robots.txt"] = lambda h: h.send_body(b"no", "text/plain", status=403)
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match="robots.txt disallows") as caught:
        fetcher.get(page)
    assert caught.value.permanent


def test_not_http_is_refused_before_any_request():
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.get("file:///etc/passwd")
    assert fetcher.requests == 0
