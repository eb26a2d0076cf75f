"""Saved pages built here in the markup of several publishing systems (never from the corpus): the
sub-headings, bylines, captions, date lines and related boxes each system marks its own way must
come out right, and what only looks like them must be left alone."""

from __future__ import annotations

import pytest

from narrator.text.parse import parse_text

P = [
    "أعلنت وزارة الصحة اليوم عن حملة وطنية للتطعيم تشمل جميع المحافظات وتستمر شهرين كاملين.",
    "وأوضح المتحدث باسم الوزارة أن الحملة تستهدف الأطفال دون سن الخامسة وكبار السن في المقام الأول.",
    "وتبلغ كلفة الحملة نحو عشرين مليون دينار تتحملها الموازنة العامة بالتعاون مع منظمات دولية.",
    "ومن المنتظر أن تصل فرق التطعيم إلى القرى النائية خلال الأسبوع الثاني من الحملة.",
    "ودعت الوزارة المواطنين إلى التعاون مع الفرق الصحية وتسجيل أسمائهم عبر المنصة الإلكترونية.",
]
HEADLINE = "حملة وطنية للتطعيم في جميع المحافظات"
NAV = '<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/a">محليات</a></li><li><a href="/b">رياضة</a></li></ul></nav></header>'
FOOT = "<footer><p>جميع الحقوق محفوظة © 2025</p></footer>"


def _page(article: str, title: str = HEADLINE + " - الموقع") -> str:
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body>{NAV}{article}{FOOT}</body></html>")


def _structure(page: str) -> list[tuple[str, tuple[str, ...]]]:
    article = parse_text(page, "page.html")
    return [(c.title, c.paragraphs) for c in article.chapters]


def _spoken(page: str) -> str:
    article = parse_text(page, "page.html")
    return " ".join([article.headline, article.byline] + [t for c in article.chapters for t in (c.title, *c.paragraphs)])


WORDPRESS = _page(f"""
<article class="post type-post"><header class="entry-header"><h1 class="entry-title">{HEADLINE}</h1>
<div class="entry-meta"><span class="byline">بقلم <span class="author vcard"><a class="url fn n" rel="author" href="/author/x">سارة الخطيب</a></span></span>
<span class="posted-on"><time class="entry-date published" datetime="2025-03-02">2 مارس 2025</time></span></div></header>
<div class="entry-content">
<figure class="wp-block-image"><img src="/a.jpg" alt=""><figcaption>فرق التطعيم في أحد المراكز الصحية</figcaption></figure>
<p>{P[0]}</p><p>{P[1]}</p>
<h3>كلفة الحملة</h3><p>{P[2]}</p><p>{P[3]}</p>
<h3>دعوة للمواطنين</h3><p>{P[4]}</p>
</div>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">شارك هذا:</h3><a href="#">فيسبوك</a></div>
<div class="jp-relatedposts" id="jp-relatedposts"><h3>مقالات ذات صلة</h3><p><a href="/r">افتتاح مستشفى جديد في العاصمة</a></p></div>
</article>""")

DRUPAL = _page(f"""
<div class="node node--type-article"><h1 class="page-title"><span class="field field--name-title">{HEADLINE}</span></h1>
<div class="field field--name-field-author"><div class="field__item">أحمد المصري</div></div>
<div class="field field--name-field-date">الأحد 2 مارس 2025 - 10:30</div>
<div class="field field--name-body field--type-text-with-summary"><div class="field__item">
<p>{P[0]}</p><p>{P[1]}</p>
<h4>كلفة الحملة</h4><p>{P[2]}</p><p>{P[3]}</p>
<h4>دعوة للمواطنين</h4><p>{P[4]}</p>
</div></div>
<div class="field field--name-field-tags"><div class="field__item"><a href="/taxonomy/term/1">لقاحات</a></div><div class="field__item"><a href="/taxonomy/term/2">مناعة</a></div></div>
</div>""")

ARABIC_CMS_STRONG = _page(f"""
<div class="article-page"><h1 class="article-title">{HEADLINE}</h1>
<div class="post-meta-date"><i class="fa fa-calendar"></i>الأحد، 02 مارس 2025 - 10:30 ص</div>
<div class="article-img"><img src="/p.jpg"><div class="red">فرق التطعيم في أحد المراكز</div></div>
<div class="post-meta-author"><a href="/Editors/1" title="منى عبد الله"><h5>منى عبد الله</h5></a></div>
<div class="article-body">
<p>{P[0]}</p><p>{P[1]}</p>
<p><strong>كلفة الحملة</strong></p><p>{P[2]}</p><p>{P[3]}</p>
<p><strong>دعوة للمواطنين</strong></p><p>{P[4]}</p>
</div>
<div class="tags"><span>الكلمات الدالة :</span> <a href="/t/1">صحة</a> <a href="/t/2">تطعيم</a></div>
</div>""")

ARABIC_CMS_BOLD_BR = _page(f"""
<div id="main_article_content"><h1>{HEADLINE}</h1>
<div class="article_created">تم نشره الأحد 2 آذار / مارس 2025 10:30 صباحاً</div>
<div class="main_article_body"><p>عمّان - الصحة :- {P[0]}<br>{P[1]}<br><b>كلفة الحملة</b><br>{P[2]}<br>{P[3]}<br><b>دعوة للمواطنين</b><br>{P[4]}<br>--(بترا)</p></div>
</div>""")

H2_AND_BYLINE_META = (
    f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="author" content="ليلى حسن"><title>{HEADLINE}</title></head>'
    f"<body>{NAV}<main><article><h1>{HEADLINE}</h1><p>{P[0]}</p><p>{P[1]}</p><h2>كلفة الحملة</h2><p>{P[2]}</p>"
    f"<p>{P[3]}</p><h2>دعوة للمواطنين</h2><p>{P[4]}</p></article></main>{FOOT}</body></html>"
)

EXPECTED = [
    (HEADLINE, (P[0], P[1])),
    ("كلفة الحملة", (P[2], P[3])),
    ("دعوة للمواطنين", (P[4],)),
]


@pytest.mark.parametrize(
    "page,byline",
    [
        (WORDPRESS, "بقلم سارة الخطيب"),  # the byline as the page shows it
        (DRUPAL, "أحمد المصري"),
        (ARABIC_CMS_STRONG, "منى عبد الله"),
        (H2_AND_BYLINE_META, "ليلى حسن"),
    ],
    ids=["wordpress-h3", "drupal-h4", "arabic-cms-strong", "h2-meta-author"],
)
def test_sections_and_byline_in_each_systems_markup(page: str, byline: str):
    article = parse_text(page, "page.html")
    assert article.headline == HEADLINE
    assert article.byline == byline
    assert [(c.title, c.paragraphs) for c in article.chapters] == EXPECTED


def test_bold_lines_between_line_breaks_open_sections_and_the_agency_credit_goes():
    chapters = _structure(ARABIC_CMS_BOLD_BR)
    assert [t for t, _ in chapters][1:] == ["كلفة الحملة", "دعوة للمواطنين"]
    assert chapters[1][1] == (P[2], P[3])
    assert "بترا" not in _spoken(ARABIC_CMS_BOLD_BR)


@pytest.mark.parametrize(
    "page,furniture,reason",
    [
        (WORDPRESS, "فرق التطعيم في أحد المراكز الصحية", "image-caption"),
        (WORDPRESS, "2 مارس 2025", "timestamp"),
        (WORDPRESS, "افتتاح مستشفى جديد", "related-articles"),
        (DRUPAL, "10:30", "timestamp"),
        (DRUPAL, "مناعة", "tag-list"),
        (ARABIC_CMS_STRONG, "فرق التطعيم في أحد المراكز", "image-caption"),
        (ARABIC_CMS_STRONG, "الكلمات الدالة", "tag-list"),
        (ARABIC_CMS_STRONG, "02 مارس 2025", "timestamp"),
        (ARABIC_CMS_BOLD_BR, "تم نشره", "timestamp"),
    ],
)
def test_furniture_is_not_spoken_and_is_reported(page: str, furniture: str, reason: str):
    article = parse_text(page, "page.html")
    assert furniture not in _spoken(page)
    assert any(furniture in d.text and d.reason == reason for d in article.dropped), article.dropped


def test_interview_questions_in_bold_with_answers_after_a_line_break():
    questions = ["كيف تقيّم الحملة حتى الآن؟", "وما الذي يمنع وصول الفرق إلى القرى النائية في الشتاء؟"]
    page = _page(
        f"<article><h1>{HEADLINE}</h1><p><b>حوار: سامي العلي</b></p><p>{P[0]}</p>"
        f"<p><b>*{questions[0]}</b><br>-{P[1]}</p><p><b>*{questions[1]}</b><br>-{P[3]}</p><p>{P[4]}</p></article>"
    )
    article = parse_text(page, "page.html")
    assert article.byline == "حوار: سامي العلي"
    assert [(c.title, c.paragraphs) for c in article.chapters] == [
        (HEADLINE, (P[0],)), (questions[0], (P[1],)), (questions[1], (P[3], P[4]))]


# What must be left alone: each page has no sub-heading, and every word of P is spoken as text.
LEAVE_ALONE = {
    "bold phrase inside a paragraph": f"<p>{P[0]}</p><p>وقال <strong>وزير الصحة</strong> إن الحملة ناجحة حتى الآن بكل المقاييس.</p><p>{P[1]}</p>",
    "bold sentence": f"<p>{P[0]}</p><p><strong>وأكد الوزير أن الحملة ستكتمل في موعدها.</strong></p><p>{P[1]}</p>",
    "bold quote lead-in": f"<p>{P[0]}</p><p><strong>وقال الوزير:</strong></p><p>{P[1]}</p>",
    "bold deck under the headline": f"<p><strong>الحملة تشمل الأطفال وكبار السن</strong></p><p>{P[0]}</p><p>{P[1]}</p>",
    "bold line at the end": f"<p>{P[0]}</p><p>{P[1]}</p><p><strong>المكتب الإعلامي للوزارة</strong></p>",
    "short one-line sentence": f"<p>{P[0]}</p><p>وانتهى الاجتماع.</p><p>{P[1]}</p>",
    "lines of a poem": f"<p>{P[0]}</p><p>بلادي وإن جارت علي عزيزة<br>وأهلي وإن ضنوا علي كرام</p><p>{P[1]}</p>",
    "an author link inside a sentence": f'<p>{P[0]}</p><p>وكتب <a rel="author" href="/a">سامي العلي</a> في مقاله السابق أن الحملات تنجح بالتعاون.</p><p>{P[1]}</p>',
    "a wrapper named after a date": f'<div class="content-date-wrapper"><p>{P[0]}</p><p>{P[1]}</p><p>{P[2]}</p></div>',
}


@pytest.mark.parametrize("body", LEAVE_ALONE.values(), ids=LEAVE_ALONE.keys())
def test_what_only_looks_like_structure_is_left_alone(body: str):
    page = _page(f'<article><h1>{HEADLINE}</h1><div class="article-body">{body}</div></article>')
    article = parse_text(page, "page.html")
    assert len(article.chapters) == 1, [c.title for c in article.chapters]
    spoken = _spoken(page)
    for paragraph in P[:2]:
        assert paragraph in spoken


def test_poem_lines_stay_one_paragraph():
    page = _page(f"<article><h1>{HEADLINE}</h1>{LEAVE_ALONE['lines of a poem']}</article>")
    paragraphs = _structure(page)[0][1]
    assert "بلادي وإن جارت علي عزيزة وأهلي وإن ضنوا علي كرام" in paragraphs


def test_category_label_in_the_author_row_is_no_byline():
    page = _page(
        f'<article><h1>{HEADLINE}</h1><div class="article_details_author_container">'
        f'<a href="/news/category/29/x"><span>منوعات صحية</span></a></div><p>{P[0]}</p><p>{P[1]}</p></article>'
    )
    assert parse_text(page, "page.html").byline == ""


def test_the_site_named_as_author_is_no_byline():
    page = (f'<!DOCTYPE html><html><head><meta name="author" content="المدينة اليوم">'
            f"<title>المدينة اليوم - {HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<p>{P[0]}</p><p>{P[1]}</p></article></body></html>")
    article = parse_text(page, "page.html")
    assert article.byline == ""
    assert ("المدينة اليوم", "site-name") in [(d.text, d.reason) for d in article.dropped]


def test_headline_keeps_its_quotation_marks_from_the_page_h1():
    quoted = '"شعر وردي" يثير الجدل… والوزارة توضح'
    page = _page(f'<div class="breadcrumb">الرئيسية</div><article><h1 class="t"><span>&quot;شعر وردي&quot; يثير الجدل… والوزارة توضح</span></h1>'
                 f'<div class="LongDesc"><div>{P[0]}<br><br>{P[1]}</div></div></article>', title=quoted.replace('"', ""))
    article = parse_text(page, "page.html")
    assert article.headline == quoted
    assert article.chapters[0].paragraphs == (P[0], P[1])


def test_bold_paragraph_titles_in_a_container_the_extractor_does_not_know():
    page = DRUPAL.replace("<h4>كلفة الحملة</h4>", "<p><strong>كلفة الحملة</strong></p>").replace(
        "<h4>دعوة للمواطنين</h4>", "<p><b>دعوة للمواطنين</b></p>")
    assert _structure(page) == EXPECTED


def test_restore_headings_puts_back_what_an_extractor_lost():
    """Given paragraphs only (as trafilatura's fallbacks return them), the page's headings between
    them and its bold paragraphs come back; a heading before the article (a sidebar's) does not."""
    from lxml import html as lxml_html

    from narrator.text.page_blocks import Block
    from narrator.text.page_headings import restore_headings

    root = lxml_html.document_fromstring(
        f"<html><body><aside><h3>الأكثر قراءة</h3></aside><div><p>{P[0]}</p><h3>كلفة الحملة</h3><p>{P[2]}</p>"
        f"<p><strong>دعوة للمواطنين</strong></p><p>{P[4]}</p><p>وقال <b>الوزير</b> إن الحملة ناجحة.</p></div></body></html>"
    )
    plain = [Block("p", t) for t in (P[0], P[2], "دعوة للمواطنين", P[4], "وقال الوزير إن الحملة ناجحة.")]
    assert restore_headings(root, plain) == [
        Block("p", P[0]), Block("h3", "كلفة الحملة"), Block("p", P[2]), Block("b", "دعوة للمواطنين"),
        Block("p", P[4]), Block("p", "وقال الوزير إن الحملة ناجحة."),
    ]
    kept = [Block("p", P[0]), Block("h2", "عنوان"), Block("p", P[2])]
    assert restore_headings(root, kept) == kept
