"""Render jobs for the cluster tests, and the task functions they run on workers.

The task functions live in a module of their own (not in a test file) because Dask workers import
a task by its module and name: `tests.cluster_support` is importable in every worker process that
a local cluster spawns from the test run.
"""

from __future__ import annotations

import html
import os
import signal
import time
from pathlib import Path

from narrator.sources.jobs import JobFailure, JobResult, RenderJob, episode_guid
from narrator.sources.runners import run_safely

# Three short news items of our own (each over the 40 words a page needs to count as an article),
# so the tests run without the shared corpus.
ARTICLES: dict[str, tuple[str, list[str]]] = {
    "bread": ("أسعار الخبز ترتفع في المدينة للمرة الثالثة", [
        "ارتفعت أسعار الخبز في المدينة للمرة الثالثة هذا العام، وقال أصحاب الأفران إن كلفة الطحين "
        "والوقود زادت خلال الأشهر الأخيرة بشكل لم يعد ممكنا تحمله.",
        "واشتكى السكان من طوابير طويلة أمام الأفران منذ الصباح الباكر، فيما قالت البلدية إنها "
        "ستفتح منافذ بيع جديدة في الأحياء الشرقية قبل نهاية الشهر.",
    ]),
    "rain": ("أمطار غزيرة تغلق طرقا في الجنوب", [
        "أغلقت الأمطار الغزيرة عددا من الطرق الرئيسية في المحافظات الجنوبية، وطلبت فرق الدفاع "
        "المدني من السائقين تجنب السفر ليلا حتى تتحسن الأحوال الجوية.",
        "وتوقعت هيئة الأرصاد أن تستمر الأمطار يومين آخرين مع انخفاض في درجات الحرارة، ودعت "
        "المزارعين إلى حماية المحاصيل والماشية من السيول في الأودية.",
    ]),
    "library": ("افتتاح مكتبة عامة جديدة في وسط المدينة", [
        "افتتحت البلدية مكتبة عامة جديدة في وسط المدينة تضم قاعات للمطالعة وركنا للأطفال، وقال "
        "مدير المكتبة إن أبوابها ستبقى مفتوحة حتى المساء طوال أيام الأسبوع.",
        "وأضاف أن المكتبة ستنظم ورشات للكتابة والقراءة لطلاب المدارس خلال العطلة، وأن التسجيل "
        "فيها مجاني لكل سكان المدينة والقرى المجاورة لها.",
    ]),
}


def article_page(headline: str, paragraphs: list[str]) -> bytes:
    """A news page as a site serves it: the article among a menu and a footer."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
        f"<title>{html.escape(headline)}</title></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/news'>أخبار</a></nav>"
        f"<article><h1>{html.escape(headline)}</h1>{body}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode("utf-8")


def job(name: str, engine: str = "fake", page: bytes | None = None) -> RenderJob:
    url = f"http://127.0.0.1/news/{name}"
    if page is None:
        headline, paragraphs = ARTICLES[name]
        page = article_page(headline, paragraphs)
    return RenderJob(key=url, guid=episode_guid(url), url=url, page=page, encoding="utf-8",
                     stem=name, engine=engine)


# --- task functions run on the workers (each takes what run_safely takes) -------------------------

MARKERS_ENV = "NARRATOR_TEST_MARKERS"


def stall_first_attempt(job: RenderJob, cache_dir: Path | None = None) -> JobResult | JobFailure:
    """The first attempt at each job writes its worker's pid and hangs (for the test to kill -9 it
    mid-task); a later attempt, on the restarted or the other worker, renders for real."""
    marker = Path(os.environ[MARKERS_ENV]) / f"{job.stem}.pid"
    try:
        with open(marker, "x") as claimed:
            claimed.write(str(os.getpid()))
    except FileExistsError:
        return run_safely(job, cache_dir)
    time.sleep(120)
    raise AssertionError("the test should have killed this worker")


def kill_worker_on(job: RenderJob, cache_dir: Path | None = None) -> JobResult | JobFailure:
    """Renders every job except `crash`, which kills its worker every time, as a segfault would."""
    if job.stem == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    return run_safely(job, cache_dir)
