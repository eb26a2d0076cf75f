"""One clock, one rounding: every time a listener or a program sees comes from a sample count.

The assembly counts samples; everything published (ID3 CHAP, chapters JSON, VTT/SRT cues, the
feed's `itunes:duration` and Podlove chapters, the page's times and seek targets) is derived from
that count by the functions below, all with the same rule: **truncate**.  A time is the whole
milliseconds elapsed (`samples * 1000 // rate`), and a time shown in whole seconds is the whole
seconds elapsed.  Truncation is what ID3 CHAP (integer ms), ffprobe, WebVTT and browsers' players
(`02:06` for 126.9 s) already do, so every tool that reads our files agrees with every other one;
rounding anywhere (354.142 s in one file, 354141 ms in another; `0:02:07` in the feed against
`02:06` in the player) is how they came to disagree.
"""

from __future__ import annotations


def samples_to_ms(samples: int, sample_rate: int) -> int:
    """Whole milliseconds elapsed after `samples` samples (integer arithmetic: no float drift)."""
    return samples * 1000 // sample_rate


def seconds(ms: int) -> float:
    """`ms` in seconds, for JSON and media currentTime: exact to the millisecond (354141 → 354.141)."""
    return ms / 1000


def ms_from_seconds(value: float) -> int:
    """Back from a seconds value that was written as whole milliseconds (354.141 → 354141).

    Nearest, not truncated: 354.141 * 1000 is 354140.99999999994 in binary floating point."""
    return round(value * 1000)


def clock(ms: int) -> str:
    """`MM:SS`, or `H:MM:SS` past an hour: chapter times in descriptions and on the page."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def duration(ms: int) -> str:
    """`H:MM:SS`, the form Apple documents for `itunes:duration`."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def npt(ms: int) -> str:
    """Normal Play Time `HH:MM:SS.mmm` (RFC 2326), as Podlove Simple Chapters write a start."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
