from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TXT = SHARED / "seed" / "000_4d67c2310d9d160a.txt"
ARTICLE_MD = ROOT / "article.md"

SEED_CHAPTERS = [
    ("headline", 2),
    ("إعادة البناء", 3),
    ("ما أثر الغارات الروسية؟", 4),
    ("العلاقة بين ميليشيات إيران والتنظيم", 7),
]
SEED_BYLINE = "بلدي نيوز - (محمد خضير)"


@pytest.fixture(scope="session", autouse=True)
def private_state_for_the_session(tmp_path_factory: pytest.TempPathFactory):
    """Module- and session-scoped fixtures run before the per-test fixture below: they get a cache
    and state of the test session's own, never the user's (whose encoder calibration was learned
    on other material)."""
    saved = {k: os.environ.get(k) for k in ("NARRATOR_CACHE_DIR", "NARRATOR_STATE_DIR")}
    os.environ["NARRATOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("session-cache"))
    os.environ["NARRATOR_STATE_DIR"] = str(tmp_path_factory.mktemp("session-state"))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the user's cache."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(cache))
    monkeypatch.setenv("NARRATOR_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    return cache


@pytest.fixture(autouse=True)
def edge_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches Microsoft's service: edge's endpoint is a closed local port unless a test
    starts the stand-in (tests/edge_standin.py)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NARRATOR_EDGE_URL", f"ws://127.0.0.1:{port}/consumer/speech/synthesize/readaloud")


@pytest.fixture
def seed_txt(tmp_path: Path) -> Path:
    if not SEED_TXT.exists():
        pytest.skip("the seed article (../shared/seed) is not present")
    target = tmp_path / "seed.txt"
    shutil.copy(SEED_TXT, target)
    return target


def ffprobe_json(path: Path, *args: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", *args, str(path)],
        capture_output=True, text=True, errors="replace", check=True,
    ).stdout
    return json.loads(out)


def ffmpeg_filter_log(path: Path, audio_filter: str) -> str:
    from narrator.audio.ffmpeg import ffmpeg_exe

    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af", audio_filter, "-f", "null", "-"],
        capture_output=True, text=True, errors="replace", check=True,
    )
    return done.stderr


def silences(path: Path, noise_db: int = -50, min_s: float = 0.25) -> list[tuple[float, float]]:
    """(start, end) of each silence ffmpeg's silencedetect finds."""
    log = ffmpeg_filter_log(path, f"silencedetect=n={noise_db}dB:d={min_s}")
    starts = [float(x) for x in re.findall(r"silence_start: ([\d.]+)", log)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", log)]
    return list(zip(starts, ends))


def loudness(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) as ffmpeg's ebur128 measures the file."""
    log = ffmpeg_filter_log(path, "ebur128=peak=true")
    summary = log[log.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return integrated, peak


# Two short articles for the publishing tests (feed, page, transcript): three chapters each, one
# sentence long enough that the fake engine (200 characters) cuts it into pieces, one sentence that
# starts with a Latin word, and front matter dates so the feed's order is known.
SHORT_ARTICLES = {
    "first": """---
date: 2026-11-20
---
# الحلقة الأولى: "داعش" يصعد في البادية

بلدي نيوز - (محمد خضير)

زاد نشاط التنظيم في البادية السورية خلال الأيام الأخيرة. وقتل العشرات من عناصر النظام.

## إعادة البناء

حيث عمل التنظيم على إعادة بناء مجموعاته وفرقه في منطقة البادية السورية، بل زادت عملياته بشكل كبير بعد مقتل "البغدادي"، الأمر الذي يدل على أن التنظيم تخلى عن مشروعه وأصبح يتمتع بكيان عصابات وقتال شوارع، دون السيطرة على مدن أو قرى جديدة بحسب محللين عسكريين.

## ما أثر الغارات؟

ISIS هو الاسم الذي تستخدمه الصحافة الغربية. شنت الطائرات أكثر من 60 غارة جوية.
""",
    "second": """---
date: 2026-11-22
---
# الحلقة الثانية: أسعار الخبز في دمشق

ارتفعت أسعار الخبز في دمشق للمرة الثالثة هذا العام.

## ردود الفعل

اشتكى السكان من طوابير طويلة أمام الأفران.

## ما التالي؟

تقول الحكومة إن الأسعار ستستقر قريبا.
""",
}


def render_short_articles(folder: Path, cache_dir: Path, names: tuple[str, ...] = ("first", "second"),
                          **options: object) -> list:
    """Render SHORT_ARTICLES[name] to folder/name.mp3 with the fake engine; returns the Episodes."""
    from narrator import RenderOptions, render
    from narrator.engines.fake import FakeEngine

    sources = folder.parent / f"{folder.name}-sources"
    sources.mkdir(parents=True, exist_ok=True)
    episodes = []
    for name in names:
        source = sources / f"{name}.md"
        source.write_text(SHORT_ARTICLES[name], encoding="utf-8")
        render_options = RenderOptions(out_dir=folder, cache_dir=cache_dir, **options)  # type: ignore[arg-type]
        episodes.append(render(str(source), FakeEngine(), render_options))
    return episodes


@pytest.fixture(scope="session")
def rendered_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the two short articles, rendered once per test session (copy before changing)."""
    folder = tmp_path_factory.mktemp("published") / "episodes"
    render_short_articles(folder, tmp_path_factory.mktemp("render-cache"))
    return folder
