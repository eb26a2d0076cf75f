"""A news site on 127.0.0.1 for the sync tests, started and stopped by a fixture.

Article pages are the real saved pages of ../shared/corpus/articles (1NN.json `raw_html`, served as
they are) and pages built from the corpus's gold articles inside realistic page furniture (menu,
share bar, related list, footer; `<h2>` sub-headings where the article has sections); without the
corpus, a few small built-in pages.  The site also serves an RSS 2.0 feed, an Atom feed, a news
sitemap with an index, robots.txt, and any misbehaving route a test adds.  Every request is
counted per path, so a test can say which pages a sync asked for.
"""

from __future__ import annotations

import collections
import datetime as dt
import email.utils
import hashlib
import html
import http.server
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus" / "articles"

Handler = Callable[["RequestHandler"], None]


@dataclass
class Page:
    path: str  # percent-encoded, as in a URL
    title: str
    body: bytes
    date: dt.datetime
    author: str | None = None
    image: str | None = None
    content_type: str = "text/html; charset=utf-8"
    kind: str = "built-in"  # "saved" (a real saved page), "gold" (a corpus article in a page), "built-in"
    words: int = 0  # words in the article's body
    sections: bool = False  # has <h2> sub-headings


BUILT_IN = [
    ("الحكومة تعلن خطة جديدة لدعم المزارعين", "عمان - بترا", [
        (None, ["أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية، تشمل قروضا ميسرة "
                "ومساعدات للبذور والأسمدة، وذلك بعد موسم جفاف أثر على المحاصيل في معظم المحافظات.",
                "وقال وزير الزراعة في مؤتمر صحفي إن الخطة ستنفذ على ثلاث مراحل خلال العامين المقبلين، "
                "وإن الحكومة خصصت لها مبلغا كبيرا من موازنة العام الجاري."]),
        ("ردود الفعل", ["رحبت نقابة المزارعين بالخطة، لكنها طالبت بتسريع صرف القروض قبل بدء الموسم الزراعي "
                        "الجديد، وبإشراك ممثلين عن المزارعين في لجان التنفيذ والمتابعة."]),
    ]),
    ("افتتاح معرض الكتاب الدولي بمشاركة واسعة", "القاهرة - وكالات", [
        (None, ["افتتح معرض الكتاب الدولي أبوابه أمام الزوار صباح اليوم بمشاركة مئات دور النشر العربية "
                "والأجنبية، ويستمر المعرض أسبوعين تقام خلالهما ندوات وأمسيات شعرية وورش للأطفال.",
                "وقالت إدارة المعرض إن عدد العناوين المعروضة هذا العام يفوق ما عرض في الدورة الماضية، "
                "وإن برنامج الندوات يركز على الترجمة والنشر الرقمي."]),
    ]),
    ("ارتفاع أسعار الخبز في العاصمة للمرة الثالثة", "دمشق - مراسلنا", [
        (None, ["ارتفعت أسعار الخبز في العاصمة للمرة الثالثة هذا العام، وسط طوابير طويلة أمام الأفران "
                "وشكاوى من نقص الطحين في عدد من الأحياء الشعبية.",
                "وقال أصحاب أفران إن ارتفاع كلفة الوقود والنقل هو السبب الرئيسي، فيما وعدت الجهات المعنية "
                "بزيادة الكميات المخصصة للأفران خلال الأيام المقبلة."]),
        ("ما التالي؟", ["يتوقع اقتصاديون أن تستمر الأسعار في الارتفاع ما لم تتحسن إمدادات القمح، "
                        "ويطالبون بدعم مباشر للأسر الأكثر حاجة بدل دعم السلعة نفسها."]),
    ]),
]


def article_html(title: str, byline: str, sections: list[tuple[str | None, list[str]]], *,
                 image: str | None = None, charset: str = "utf-8", extra_head: str = "") -> str:
    """A news page as sites build them: the article among a menu, a share bar, related stories
    and a footer."""
    e = html.escape
    body = []
    for heading, paragraphs in sections:
        if heading:
            body.append(f"<h2>{e(heading)}</h2>")
        body.extend(f"<p>{e(p)}</p>" for p in paragraphs)
    og = f'<meta property="og:image" content="{e(image)}">' if image else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{e(title)} - جريدة الاختبار</title>
{og}{extra_head}</head><body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>
<main><article>
<h1>{e(title)}</h1>
<div class="byline">{e(byline)}</div>
<div class="share">شارك: <a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
{chr(10).join(body)}
</article>
<aside class="related"><h3>اقرأ أيضا</h3><ul><li><a href="/a">خبر آخر عن الطقس</a></li>
<li><a href="/b">نتائج مباريات الأمس</a></li></ul></aside></main>
<footer><p>جميع الحقوق محفوظة © جريدة الاختبار</p><a href="/contact">اتصل بنا</a></footer>
</body></html>"""


def _date(value: str | None, fallback: dt.datetime) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat((value or "").strip().replace(" ", "T"))
    except ValueError:
        return fallback
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _words(sections: list[tuple[str | None, list[str]]]) -> int:
    return sum(len(p.split()) for _, paragraphs in sections for p in paragraphs)


def corpus_pages() -> list[Page]:
    """The real saved pages and the gold articles of the corpus in a page (when the corpus is
    there), then the built-in pages."""
    base = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    pages: list[Page] = []
    docs = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(CORPUS.glob("*.json"))] if CORPUS.is_dir() else []
    for n, doc in enumerate(d for d in docs if d.get("headline") and d.get("sections")):
        date = _date(doc.get("date"), base - dt.timedelta(days=n))
        path = f"/news/{2000 + n}-{quote('-'.join(doc['headline'].split()[:4]))}"
        sections = [(s.get("title"), list(s["paragraphs"])) for s in doc["sections"]]
        if doc.get("raw_html"):
            kind, body = "saved", doc["raw_html"]
        else:
            kind, body = "gold", article_html(doc["headline"], doc.get("byline") or "", sections)
        pages.append(Page(path, doc["headline"], body.encode("utf-8"), date, author=doc.get("byline") or None,
                          image=f"/img/{2000 + n}.jpg", kind=kind, words=_words(sections),
                          sections=any(title for title, _ in sections)))
    for n, (title, byline, sections) in enumerate(BUILT_IN):
        path = f"/news/{900 + n}-{quote('-'.join(title.split()[:3]))}"
        pages.append(Page(path, title, article_html(title, byline, sections).encode("utf-8"),
                          base - dt.timedelta(days=30 + n), author=byline, words=_words(sections),
                          sections=any(t for t, _ in sections)))
    return pages


def built_in_variants(count: int) -> list[Page]:
    """`count` distinct pages made from the built-in ones, each copy told apart by its number: for
    tests and benchmarks that need more articles than the corpus or the built-ins give."""
    pages = []
    for n in range(count):
        title, byline, sections = BUILT_IN[n % len(BUILT_IN)]
        marked = [(h, [f"في التقرير رقم {n + 1}، {p}" for p in ps]) for h, ps in sections]
        pages.append(Page(f"/news/variant-{n}", f"{title} {n + 1}", article_html(title, byline, marked).encode(),
                          dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc) - dt.timedelta(days=n)))
    return pages


def small_site() -> list[Page]:
    """Pages for quick tests: the two shortest real saved pages and the shortest gold article with
    sub-headings (when the corpus is there), and the built-in pages."""
    pages = corpus_pages()
    by_length = sorted(pages, key=lambda p: p.words)
    saved = [p for p in by_length if p.kind == "saved"][:2]
    gold = [p for p in by_length if p.kind == "gold" and p.sections][:1]
    return [*saved, *gold, *(p for p in pages if p.kind == "built-in")]


class RequestHandler(http.server.BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        site = self.server.site
        path = urlsplit(self.path).path
        with site.lock:
            site.hits[unquote(path)] += 1
        handler = site.routes.get(unquote(path))
        if handler is None:
            self.send_error(404)
            return
        try:
            handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up (the size cap, a timeout): as a real server sees it

    def send_body(self, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    site: "NewsSite"


class NewsSite:
    def __init__(self, pages: list[Page]) -> None:
        self.lock = threading.Lock()
        self.hits: collections.Counter[str] = collections.Counter()
        self.routes: dict[str, Handler] = {}
        self.pages = {unquote(p.path): p for p in pages}
        self._server = _Server(("127.0.0.1", 0), RequestHandler)
        self._server.site = self
        self.root = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        for page in pages:
            self.serve_page(page)
        self.channel_image: str | None = None  # a path: the RSS channel's <image>
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.routes["/robots.txt"] = lambda h: h.send_body(self.robots.encode(), "text/plain")
        self.routes["/rss.xml"] = lambda h: h.send_body(self.rss().encode(), "application/rss+xml; charset=utf-8")
        self.routes["/atom.xml"] = lambda h: h.send_body(self.atom().encode(), "application/atom+xml; charset=utf-8")
        self.routes["/sitemap-index.xml"] = lambda h: h.send_body(self.sitemap_index().encode(), "application/xml")
        self.routes["/news-sitemap.xml"] = lambda h: h.send_body(self.sitemap().encode(), "application/xml")

    def start(self) -> NewsSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def url(self, path: str) -> str:
        return self.root + path

    def article_hits(self) -> int:
        with self.lock:
            return sum(n for path, n in self.hits.items() if path in self.pages)

    # -- pages --------------------------------------------------------------------------------

    def serve_page(self, page: Page) -> None:
        """A page with its ETag and Last-Modified, answering conditional GETs with 304."""
        self.pages[unquote(page.path)] = page

        def handler(h: RequestHandler) -> None:
            current = self.pages[unquote(page.path)]
            etag = '"' + hashlib.sha256(current.body).hexdigest()[:16] + '"'
            modified = email.utils.format_datetime(current.date.astimezone(dt.timezone.utc), usegmt=True)
            if h.headers.get("If-None-Match") == etag:
                h.send_response(304)
                h.send_header("ETag", etag)
                h.end_headers()
                return
            h.send_body(current.body, current.content_type, headers={"ETag": etag, "Last-Modified": modified})

        self.routes[unquote(page.path)] = handler

    # -- sources ------------------------------------------------------------------------------

    def listed(self) -> list[Page]:
        return sorted(self.pages.values(), key=lambda p: p.date, reverse=True)

    def rss(self, pages: list[Page] | None = None) -> str:
        e = html.escape
        items = []
        for p in pages if pages is not None else self.listed():
            image = f'<media:content url="{self.url(p.image)}" medium="image"/>' if p.image else ""
            author = f"<dc:creator>{e(p.author)}</dc:creator>" if p.author else ""
            items.append(f"""<item><title>{e(p.title)}</title><link>{self.url(p.path)}</link>
<guid isPermaLink="true">{self.url(p.path)}</guid>
<pubDate>{email.utils.format_datetime(p.date.astimezone(dt.timezone.utc), usegmt=True)}</pubDate>
{author}{image}</item>""")
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>جريدة الاختبار</title><link>{self.root}/</link>
<description>آخر الأخبار من جريدة الاختبار</description><language>ar</language>
<managingEditor>editor@example.org (جريدة الاختبار)</managingEditor>
{f"<image><url>{self.url(self.channel_image)}</url><title>t</title><link>{self.root}/</link></image>" if self.channel_image else ""}
{chr(10).join(items)}
</channel></rss>"""

    def atom(self) -> str:
        e = html.escape
        entries = []
        for p in self.listed():
            entries.append(f"""<entry><title>{e(p.title)}</title><link rel="alternate" href="{self.url(p.path)}"/>
<id>tag:test,2020:{e(p.path)}</id><updated>{p.date.isoformat()}</updated>
<author><name>{e(p.author or "")}</name></author></entry>""")
        return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>جريدة الاختبار (Atom)</title>
<link href="{self.root}/"/><id>tag:test,2020:feed</id><updated>2020-01-01T00:00:00Z</updated>
<subtitle>آخر الأخبار</subtitle><author><name>جريدة الاختبار</name><email>atom@example.org</email></author>
{chr(10).join(entries)}
</feed>"""

    def sitemap(self) -> str:
        urls = []
        for p in self.listed():
            urls.append(f"""<url><loc>{self.url(p.path)}</loc><lastmod>{p.date.isoformat()}</lastmod>
<news:news><news:publication><news:name>الاختبار</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>{p.date.isoformat()}</news:publication_date><news:title>{html.escape(p.title)}</news:title></news:news>
</url>""")
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(urls)}
</urlset>"""

    def sitemap_index(self) -> str:
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{self.url("/news-sitemap.xml")}</loc></sitemap>
</sitemapindex>"""
