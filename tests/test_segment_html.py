"""Saved news pages: the article found among the page's furniture, <h1>/<h2>/<h3> mapped to structure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.cli import main
from narrator.errors import InputError
from narrator.text.parse import parse_text, read_article

PARAGRAPHS = [
    "أعلنت وزارة النقل اليوم عن خطة جديدة لتطوير شبكة الطرق في المنطقة الشرقية خلال السنوات الخمس المقبلة.",
    "وأوضح الوزير في مؤتمر صحفي أن الخطة تشمل إنشاء ثلاثة جسور جديدة وتوسعة الطريق الساحلي.",
    "وتبلغ تكلفة المرحلة الأولى من المشروع نحو ملياري ريال، على أن تبدأ الأعمال مطلع العام المقبل.",
    "وأشار إلى أن المشروع سيوفر آلاف الوظائف للمواطنين في قطاعات البناء والهندسة والخدمات.",
    "ومن المتوقع أن تنخفض مدة الرحلة بين المدينتين إلى النصف بعد اكتمال المشروع.",
]

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>خطة جديدة لتطوير الطرق في المنطقة الشرقية - صحيفة الخبر</title></head>
<body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">رياضة</a></li>
<li><a href="/e">اقتصاد</a></li></ul></nav></header>
<div class="share">شارك على فيسبوك تويتر واتساب</div>
<main><article>
<h1>خطة جديدة لتطوير الطرق في المنطقة الشرقية</h1>
<div class="byline"><span class="author">محمد العتيبي</span></div>
<div class="content">
<p>{0}</p>
<p>{1}</p>
<h2>تفاصيل المشروع</h2>
<p>{2}</p>
<ul><li>{3}</li></ul>
<h3>الأثر المتوقع</h3>
<p>{4}</p>
<p>jehat5@yahoo.com</p>
</div>
</article></main>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/a">ارتفاع أسعار الذهب في السوق المحلية اليوم</a></li>
<li><a href="/b">الهلال يفوز على النصر في مباراة الديربي</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة © 2024 صحيفة الخبر</p></footer>
</body></html>
""".format(*PARAGRAPHS)

FURNITURE = ["الرئيسية", "شارك على", "الأكثر قراءة", "أسعار الذهب", "جميع الحقوق", "jehat5"]


def _spoken(article) -> str:
    return " ".join([article.headline, article.byline] + [
        t for c in article.chapters for t in (c.title, *c.paragraphs)
    ])


def test_page_structure_and_no_furniture(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    article = read_article(str(page))
    assert article.headline == "خطة جديدة لتطوير الطرق في المنطقة الشرقية"
    assert article.byline == "محمد العتيبي"
    assert [(c.title, c.paragraphs) for c in article.chapters] == [
        (article.headline, tuple(PARAGRAPHS[:2])),
        ("تفاصيل المشروع", tuple(PARAGRAPHS[2:4])),
        ("الأثر المتوقع", (PARAGRAPHS[4],)),
    ]
    spoken = _spoken(article)
    assert [f for f in FURNITURE if f in spoken] == []
    assert ("jehat5@yahoo.com", "author-email") in [(d.text, d.reason) for d in article.dropped]


def test_page_is_recognised_by_content_on_stdin():
    result = CliRunner().invoke(main, ["plan", "--json", "-"], input=PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert [c["title"] for c in plan["chapters"]][1:] == ["تفاصيل المشروع", "الأثر المتوقع"]
    assert all(set(d) == {"text", "reason"} for d in plan["dropped"])


def test_headline_from_the_page_title_without_the_site_name():
    page = PAGE.replace("<h1>خطة جديدة لتطوير الطرق في المنطقة الشرقية</h1>", "")
    article = parse_text(page, "page.html")
    assert article.headline == "خطة جديدة لتطوير الطرق في المنطقة الشرقية"
    assert article.chapters[0].paragraphs[0] == PARAGRAPHS[0]


def test_windows_1256_page(tmp_path: Path):
    page = tmp_path / "page.htm"
    page.write_bytes(PAGE.replace('charset="utf-8"', 'charset="windows-1256"').replace("©", "").encode("cp1256"))
    article = read_article(str(page))
    assert article.headline == "خطة جديدة لتطوير الطرق في المنطقة الشرقية"
    assert article.chapters[1].paragraphs[0] == PARAGRAPHS[2]


@pytest.mark.parametrize(
    "page,message",
    [
        ("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>", "no article text found"),
        ("<!DOCTYPE html><html><body><nav><a href='/'>الرئيسية</a></nav></body></html>", "no article text found"),
    ],
)
def test_page_without_an_article_is_one_clear_error(page: str, message: str):
    with pytest.raises(InputError, match=f"page.html: {message}"):
        parse_text(page, "page.html")


def test_time_stamp_in_the_author_field_is_not_spoken():
    page = PAGE.replace('<span class="author">محمد العتيبي</span>',
                        '<span class="author">برلين - (أ ف ب) Tuesday, 11 August 2015 - 13:07 pm</span>')
    article = parse_text(page, "page.html")
    assert article.byline.startswith("برلين")
    assert "August" not in article.byline and "13:07" not in article.byline
