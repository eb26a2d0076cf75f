"""Every URL narrator writes, built in one place: the feed's absolute ones and the page's relative
ones, each file name percent-encoded as a single path segment.

A file name is data, not URL syntax: `hash#tag.mp3`, `what?.mp3`, `pct%20x.mp3`, a backslash, a tab
or a newline must all reach the server as the same bytes (`%23`, `%3F`, `%25`, `%5C`, `%09`, `%0A`);
left raw, a browser cuts the name at `#` or `?`, or decodes `%20`.  Names are encoded from their
bytes on disk (UTF-8; a name that is not UTF-8 keeps its own bytes), so the URL names the file
that is there.

`BaseUrl` is where the feed will be served: an absolute http(s) URL with a host, no query, no
fragment, no spaces, always ending in `/`, so joining a file name to it can only make the file's URL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..errors import PublishError


def path_segment(name: str) -> str:
    """`name` as one percent-encoded path segment (`/` encoded too: it is part of the name)."""
    return quote(os.fsencode(name), safe="")


def relative_url(name: str) -> str:
    """The URL of a file beside the page, e.g. for `<audio src>` and `<img src>`.  A name with a
    colon (`a:b.mp3`) would read as a scheme, so it is written as `./a%3Ab.mp3`."""
    return "./" + path_segment(name)


@dataclass(frozen=True, slots=True)
class BaseUrl:
    """A validated `--base-url`; make one with `BaseUrl.parse`."""

    url: str  # absolute, http(s), with a host, ending in "/"

    @classmethod
    def parse(cls, text: str) -> BaseUrl:
        given = text.strip()
        problem = _problem(given)
        if problem:
            raise PublishError(f"--base-url {text!r} {problem}; e.g. https://example.org/podcast/")
        return cls(given if given.endswith("/") else given + "/")

    def join(self, name: str) -> str:
        """The absolute URL of the file `name` in the published folder."""
        return self.url + path_segment(name)

    def __str__(self) -> str:
        return self.url


def _problem(text: str) -> str | None:
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text) or not text:
        return "must not be empty or contain spaces or control characters"
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a port that is not a number
    except ValueError as exc:
        return f"is not a URL ({exc})"
    if parts.scheme.lower() not in ("http", "https") or not text.lower().startswith(("http://", "https://")):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    if port == 0:
        return "has port 0"
    if parts.query or text.rstrip("/").endswith("?") or "?" in text:
        return "must not have a query (?...): file names are joined to it"
    if parts.fragment or "#" in text:
        return "must not have a fragment (#...): file names are joined to it"
    if parts.username or parts.password:
        return "must not carry a user name or password: it is published in the feed"
    return None
