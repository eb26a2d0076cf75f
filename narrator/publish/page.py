"""`index.html`: the episodes on one right-to-left Arabic page, with nothing fetched from elsewhere.

Each episode has an `<audio>` player, its chapter list (a click seeks to the chapter) and its
transcript, whose current sentence is highlighted while the episode plays.  The cues are written
into the page as spans with their times, read from the `.vtt` beside the MP3, so the page needs no
text track support and no script from the network: the small script is inline.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .folder import FolderEpisode, timestamp
from ..text.sanitize import sanitize
from .transcript import parse_vtt
from .urls import relative_url

_STYLE = """
body { font-family: "Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", sans-serif;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #1a1a1a; }
header { display: flex; gap: 1.5rem; align-items: center; }
header img { width: 8rem; height: 8rem; border-radius: .5rem; }
.episode { border-top: 1px solid #ccc; padding: 1rem 0 2rem; }
.meta { color: #555; font-size: .9rem; }
audio { width: 100%; }
.chapters button { font: inherit; background: none; border: none; color: #0b57a4; cursor: pointer;
                   padding: .1rem 0; text-align: start; }
.chapters time { font-variant-numeric: tabular-nums; margin-inline-end: .5rem; unicode-bidi: isolate; }
.transcript span { cursor: pointer; border-radius: .2rem; }
.transcript span.current { background: #ffe28a; }
"""

# Seeks on a chapter or sentence click; marks the sentence whose [start, end) holds currentTime.
_SCRIPT = """
for (const episode of document.querySelectorAll('.episode')) {
  const audio = episode.querySelector('audio');
  const cues = [...episode.querySelectorAll('.transcript span')];
  const seek = (event) => {
    audio.currentTime = parseFloat(event.currentTarget.dataset.start);
    audio.play().catch(() => {});
  };
  episode.querySelectorAll('[data-start]').forEach((el) => el.addEventListener('click', seek));
  let current = null;
  const mark = () => {
    const t = audio.currentTime;
    const found = cues.find((c) => t >= parseFloat(c.dataset.start) && t < parseFloat(c.dataset.end)) || null;
    if (found === current) return;
    if (current) current.classList.remove('current');
    if (found) found.classList.add('current');
    current = found;
  };
  audio.addEventListener('timeupdate', mark);
  audio.addEventListener('seeked', mark);
}
"""


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _episode(episode: FolderEpisode) -> str:
    meta = episode.meta
    day = meta.published_at.astimezone(dt.timezone.utc).date().isoformat()
    parts = [
        f'<article class="episode" id="{escape(episode.stem)}">',
        f"<h2>{escape(meta.title)}</h2>",
        f'<p class="meta"><time datetime="{escape(meta.published)}">{day}</time> · '
        f"{timestamp(meta.duration_ms)}{' · ' + escape(meta.author) if meta.author else ''}</p>",
    ]
    if meta.description:
        parts.append(f"<p>{escape(meta.description)}</p>")
    parts.append(f'<audio controls preload="metadata" src="{escape(relative_url(episode.mp3.name))}"></audio>')
    if episode.chapters:
        parts.append('<ol class="chapters">')
        parts += [
            f'<li><button type="button" data-start="{_seconds(c.start_ms)}">'
            f"<time>{timestamp(c.start_ms)}</time>{escape(c.title)}</button></li>"
            for c in episode.chapters
        ]
        parts.append("</ol>")
    if episode.vtt:
        cues = parse_vtt(sanitize(episode.vtt.read_text(encoding="utf-8", errors="replace")))
        # A new paragraph where a chapter starts (the JSON's rounding may put it 1 ms away).
        starts = [c.start_ms for c in episode.chapters]
        paragraphs: list[list[str]] = [[]]
        for cue in cues:
            if paragraphs[-1] and any(abs(cue.start_ms - s) <= 1 for s in starts):
                paragraphs.append([])
            paragraphs[-1].append(
                f'<span data-start="{_seconds(cue.start_ms)}" data-end="{_seconds(cue.end_ms)}">{escape(cue.text)}</span>'
            )
        body = "\n".join(f'<p>{" ".join(spans)}</p>' for spans in paragraphs if spans)
        parts.append(f'<details open><summary>النص</summary><div class="transcript">\n{body}\n</div></details>')
    parts.append("</article>")
    return "\n".join(parts)


def build_page(episodes: tuple[FolderEpisode, ...], *, title: str, description: str, image: str | None) -> str:
    cover = f'<img src="{escape(relative_url(image))}" alt="">' if image else ""
    body = "\n".join(_episode(e) for e in episodes) or "<p>لا حلقات بعد.</p>"
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="alternate" type="application/rss+xml" title="{escape(title)}" href="feed.xml">
<style>{_STYLE}</style>
</head>
<body>
<header>{cover}<div><h1>{escape(title)}</h1><p>{escape(description)}</p>
<p><a href="feed.xml">RSS</a></p></div></header>
<main>
{body}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""
