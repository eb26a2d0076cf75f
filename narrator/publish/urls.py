"""Every URL that the feed and the page publish is built here, by one function.

Escaping text for HTML or XML and encoding a URL's path are different jobs: a file name with a
space, `#`, `?`, `%` or Arabic letters must be percent-encoded to be one path segment of a URL,
and only then escaped (by the template engine or the XML writer) like any other attribute value.
Doing both by hand, in several places, is how an episode named `a#1.mp3` came to point at `a`.
"""

from __future__ import annotations

from urllib.parse import quote


def media_url(base_url: str, name: str) -> str:
    """`name` (a file name, or a relative path with `/`) under `base_url`, percent-encoded.

    An empty `base_url` gives a relative URL, as the page uses for the files beside it."""
    path = quote(name, safe="/")
    if not base_url:
        return path
    return base_url.rstrip("/") + "/" + path
