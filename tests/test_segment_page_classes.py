"""Classes of saved pages found on held-out outlets, each as synthetic HTML stating the class, with
the cases the rule must leave alone:

- sub-headings typed as plain lines in a body of bare text split by <br><br>;
- a lead paragraph (standfirst) printed outside the body's container;
- a byline in a camelCase-named box ("writeBy") or a bare "كتبت فلانة" line the extractor drops.
"""

from __future__ import annotations

import pytest

from narrator.text.page_blocks import Block, plain_title
from narrator.text.parse import parse_text

BODY = [
    "أعلنت وزارة الصحة اليوم عن خطة جديدة لتطوير المستشفيات الحكومية في المحافظات الشمالية خلال العامين المقبلين.",
    "وأوضح الوزير في مؤتمر صحفي أن الخطة تشمل إنشاء خمسة مستشفيات جديدة وتحديث الأجهزة في المراكز القائمة.",
    "وقال مدير المشروع إن التمويل متوفر بالكامل من الموازنة العامة ومن منح دولية تم التوقيع عليها الشهر الماضي.",
    "ويرى خبراء أن الخطة ستخفف الضغط على مستشفيات العاصمة التي تستقبل آلاف المرضى من المحافظات كل أسبوع.",
    "ومن المتوقع أن يبدأ تشغيل المستشفى الأول في نهاية العام المقبل بعد اكتمال أعمال البناء والتجهيز.",
]


def _page(body: str, head: str = "", before_body: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>خطة لتطوير المستشفيات - موقع الأخبار</title>{head}</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/p">سياسة</a></li></ul></nav>
<div class="post"><h1>خطة لتطوير المستشفيات</h1>{before_body}
<div class="articleText">{body}</div></div>
<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"""


def _chapters(article) -> list[tuple[str, int]]:
    return [(c.title, len(c.paragraphs)) for c in article.chapters]


# --- sub-headings as plain lines -----------------------------------------------------------------

def test_plain_lines_between_br_pairs_open_chapters():
    body = "<br><br>".join([BODY[0], BODY[1], "التمويل والتنفيذ", BODY[2], BODY[3], "موعد التشغيل", BODY[4]])
    article = parse_text(_page(body), "page.html")
    assert _chapters(article) == [("خطة لتطوير المستشفيات", 2), ("التمويل والتنفيذ", 2), ("موعد التشغيل", 1)]


@pytest.mark.parametrize("line, why", [
    ("وفي السياق ذاته", "a fragment opening with a conjunction and a preposition"),
    ("17302", "a number alone (a story's ID): furniture"),
    ("وأضاف الوزير", "a reporting verb: the sentence goes on"),
    ("القاهرة - أ ش أ", "a dateline"),
    ("كتب محمد علي", "a byline"),
    ("هل تنجح الخطة؟", "a question: a rhetorical line of the text"),
    ("الرابط: www.example.com/plan", "a URL"),
    ("وزارة الصحة تطلق خطة لتطوير المستشفيات الحكومية في المحافظات الشمالية والجنوبية خلال العامين المقبلين بتمويل دولي", "too long for a plain title"),
    ("وهذا ما أكده الوزير.", "a sentence"),
])
def test_plain_line_left_alone(line: str, why: str):
    previous, following = Block("p", BODY[1]), Block("p", BODY[2])
    assert not plain_title(Block("p", line), previous, following), why


def test_plain_line_needs_running_text_on_both_sides():
    title = Block("p", "التمويل والتنفيذ")
    assert plain_title(title, Block("p", BODY[1]), Block("p", BODY[2]))
    # After a lead-in to a quotation or verse ("قال الشاعر:"), a short line is the quotation.
    assert not plain_title(title, Block("p", "وقال الشاعر في قصيدته:"), Block("p", BODY[2]))
    # Before another short line (a poem, a list) or at the end, it is not a title.
    assert not plain_title(title, Block("p", BODY[1]), Block("p", "أبيات من قصيدة"))
    assert not plain_title(title, Block("p", BODY[1]), None)
    # Under the headline, before any body text, a short line is a kicker or a deck.
    assert not plain_title(title, None, Block("p", BODY[2]))
    # After a heading, a short line is no second heading.
    assert not plain_title(title, Block("h2", "عنوان فرعي"), Block("p", BODY[2]))


def test_plain_lines_of_a_poem_stay_paragraphs():
    body = "<br><br>".join([BODY[0], "وقال الشاعر في قصيدته:", "يا وطني الحبيب", BODY[1], BODY[2]])
    article = parse_text(_page(body), "page.html")
    assert [c.title for c in article.chapters][1:] == []


# --- the lead outside the body's container -------------------------------------------------------

LEAD = "أقرت الحكومة خطة بقيمة ملياري دولار لتطوير المستشفيات الحكومية في المحافظات الشمالية والجنوبية."


@pytest.mark.parametrize("box", [
    f'<div itemprop="description" class="b-article__lead"><p>{LEAD}</p></div>',
    f'<p class="article-lead">{LEAD}</p>',
    f'<div class="entry-summary">{LEAD}</div>',
    f'<div class="standfirst">{LEAD}</div>',
])
def test_lead_outside_the_body_container_comes_first(box: str):
    body = f'<div itemprop="articleBody" class="entry-content">{"".join(f"<p>{p}</p>" for p in BODY)}</div>'
    article = parse_text(_page(body, before_body=box), "page.html")
    paragraphs = [p for c in article.chapters for p in c.paragraphs]
    assert paragraphs[0] == LEAD
    assert paragraphs[1:] == BODY


def test_lead_names_elsewhere_are_left_alone():
    body = f'<div class="entry-content">{"".join(f"<p>{p}</p>" for p in BODY)}</div>'
    # A teaser of another story before the headline (a "summary" in a list of stories) and a
    # summary after the body (a sidebar) are not this article's lead.
    teaser = f'<div class="summary">{LEAD}</div>'
    page = _page(body).replace('<div class="post">', f'<aside>{teaser}</aside><div class="post">')
    page = page.replace("<footer>", f"<aside>{teaser.replace('أقرت', 'رفضت')}</aside><footer>")
    paragraphs = [p for c in parse_text(page, "page.html").chapters for p in c.paragraphs]
    assert paragraphs == BODY
    # A lead the extractor already kept is not said twice; a one-line label is no lead.
    kept = _page("".join(f"<p>{p}</p>" for p in [LEAD, *BODY]), before_body=f'<p class="lead">{LEAD}</p>')
    assert [p for c in parse_text(kept, "page.html").chapters for p in c.paragraphs].count(LEAD) == 1
    label = _page(body, before_body='<div class="intro">تقرير خاص</div>')
    assert [p for c in parse_text(label, "page.html").chapters for p in c.paragraphs] == BODY


# --- bylines the extractor drops -----------------------------------------------------------------

PARAGRAPHS = "".join(f"<p>{p}</p>" for p in BODY)


@pytest.mark.parametrize("box, byline", [
    ('<span class="writeBy">كتبت أسماء نصار</span>', "كتبت أسماء نصار"),
    ('<div class="written-by">سامي الحسيني</div>', "سامي الحسيني"),
    ('<a class="writeby" href="/author/sami">سامي الحسيني</a>', "سامي الحسيني"),
    ('<span class="x1">كتبت أسماء نصار</span>', "كتبت أسماء نصار"),
    ('<div><span>بقلم: محمود درويش</span></div>', "بقلم: محمود درويش"),
])
def test_byline_box_between_headline_and_body(box: str, byline: str):
    article = parse_text(_page(PARAGRAPHS, before_body=box), "page.html")
    assert article.byline == byline
    assert byline not in " ".join(p for c in article.chapters for p in c.paragraphs)


@pytest.mark.parametrize("box", [
    '<div class="tags"><h3><a href="/search/x">كتب التاريخ</a></h3></div>',  # a tag link
    '<span class="note">كتب الوزير رسالة إلى النواب.</span>',  # a sentence
    '<span class="by">كتبت أسماء نصار</span>'.replace("كتبت", "صور"),  # "by" alone names no writer
])
def test_byline_left_alone(box: str):
    article = parse_text(_page(PARAGRAPHS, before_body=box), "page.html")
    assert article.byline == ""


def test_writer_line_after_the_body_is_text():
    body = PARAGRAPHS + "<p><span>كتبت هذه السطور في القاهرة</span></p>"
    assert parse_text(_page(body), "page.html").byline == ""


# --- furniture in the body is never a heading ----------------------------------------------------

@pytest.mark.parametrize("box", [
    '<p><strong>اقرأ أيضاً:</strong> <a href="/z">وزير الصحة يتفقد مستشفى المدينة</a></p>',  # bold label, plain link
    '<p>اقرأ أيضا: وزير الصحة يتفقد مستشفى المدينة</p>',  # a plain short line between sentences
    '<p><b>اقرأ أيضاً: وزير الصحة يتفقد مستشفى المدينة</b></p>',  # bold from end to end
])
def test_read_also_line_in_the_body_is_dropped_not_a_title(box: str):
    body = '<div class="entry-content">' + PARAGRAPHS.replace(f"<p>{BODY[2]}", f"{box}<p>{BODY[2]}") + "</div>"
    article = parse_text(_page(body), "page.html")
    assert [c.title for c in article.chapters][1:] == []
    assert [p for c in article.chapters for p in c.paragraphs] == BODY
    assert any("اقرأ" in d.text for d in article.dropped)


# --- headings the extractor dropped although it kept others --------------------------------------

def test_live_blog_entries_keep_every_heading():
    entries = "".join(
        f'<div class="entry"><time>10:{i}5</time><h3>{title}</h3><p>{text}</p></div>'
        for i, (title, text) in enumerate(zip(["وصول الوزير", "بدء المؤتمر", "إعلان التمويل"], BODY)))
    article = parse_text(_page(f'<div class="live-blog">{entries}</div>'), "page.html")
    assert [(c.title, c.paragraphs) for c in article.chapters if c.paragraphs] == [
        ("وصول الوزير", (BODY[0],)), ("بدء المؤتمر", (BODY[1],)), ("إعلان التمويل", (BODY[2],))]


def test_kept_headings_are_not_doubled_and_a_sidebar_heading_stays_out():
    body = (f'<div class="entry-content"><p>{BODY[0]}</p><h2>التمويل والتنفيذ</h2><p>{BODY[1]}</p>'
            f'<p>{BODY[2]}</p></div><div class="side"><h3>الأكثر قراءة</h3></div>')
    article = parse_text(_page(body), "page.html")
    assert [c.title for c in article.chapters][1:] == ["التمويل والتنفيذ"]


# --- a player's controls -------------------------------------------------------------------------

def test_video_player_controls_are_not_spoken():
    body = f'<div class="video-player">تشغيل الفيديو 02:15</div><div class="entry-content">{PARAGRAPHS}</div>'
    article = parse_text(_page(body), "page.html")
    assert [p for c in article.chapters for p in c.paragraphs] == BODY
    assert ("تشغيل الفيديو 02:15", "media-player") in [(d.text, d.reason) for d in article.dropped]


# --- run-in sub-headings: a bold label with a colon opening a paragraph ---------------------------

def _runin_page(paragraphs: list[str]) -> str:
    return _page('<div class="entry-content">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>")


def test_bold_run_in_label_opens_a_chapter():
    page = _runin_page([BODY[0], BODY[1], f"<strong>تحقيقٌ رسمي: </strong>{BODY[2]}", BODY[3],
                        f"<b>موعد التشغيل:</b> {BODY[4]}"])
    article = parse_text(page, "page.html")
    assert [(c.title, c.paragraphs) for c in article.chapters][1:] == [
        ("تحقيقٌ رسمي", (BODY[2], BODY[3])), ("موعد التشغيل", (BODY[4],))]


@pytest.mark.parametrize("first, why", [
    (f"<b>وقال الوزير:</b> {BODY[2]}", "a lead-in to speech"),
    (f"<b>س:</b> {BODY[2]}", "an interview's one-letter label"),
    ("<b>المصدر:</b> وكالة الأنباء الرسمية", "a label before a short line"),
    (f"<b>القاهرة:</b> {BODY[2]}", "the article's first paragraph opens with a bold dateline"),
    (f"<b>وزارة الصحة والسكان في الحكومة المصرية اليوم:</b> {BODY[2]}", "too long for a run-in title"),
])
def test_bold_label_left_in_its_paragraph(first: str, why: str):
    paragraphs = [first, BODY[3]] if "القاهرة" in first else [BODY[0], first, BODY[3]]
    article = parse_text(_runin_page(paragraphs), "page.html")
    assert [c.title for c in article.chapters][1:] == [], why


def test_recurring_labels_are_an_interviews_speakers():
    page = _runin_page([BODY[0], f"<b>الجزيرة نت:</b> {BODY[1]}", f"<b>سامي علي:</b> {BODY[2]}",
                        f"<b>الجزيرة نت:</b> {BODY[3]}", f"<b>سامي علي:</b> {BODY[4]}"])
    article = parse_text(page, "page.html")
    assert [c.title for c in article.chapters][1:] == []
    assert article.chapters[0].paragraphs[1] == f"الجزيرة نت: {BODY[1]}"


def test_bold_question_with_an_exclamation_is_a_title():
    page = _runin_page([BODY[0], BODY[1], "<strong>هل تنجح الخطة؟!</strong>", BODY[2]])
    assert [c.title for c in parse_text(page, "page.html").chapters][1:] == ["هل تنجح الخطة؟!"]


def test_a_longer_plain_line_is_a_title_but_two_short_lines_are_verse():
    title = "100 مليون دولار لتمويل المرحلة الأولى من المشروع في 3 محافظات"
    body = "<br>".join([BODY[0], BODY[1], title, BODY[2]])
    assert [c.title for c in parse_text(_page(body), "page.html").chapters][1:] == [title]
    verse = "<br>".join(["بلادي وإن جارت علي عزيزة", "وأهلي وإن ضنوا علي كرام"])
    page = _runin_page([BODY[0], verse, BODY[1]])
    assert [c.title for c in parse_text(page, "page.html").chapters][1:] == []


# --- a deck under the headline, outside the body ---------------------------------------------------

DECK = "الخطة تشمل خمسة مستشفيات جديدة وتحديث الأجهزة في المحافظات الشمالية"


@pytest.mark.parametrize("box", [
    f"<h2>{DECK}</h2>",
    f'<div class="field-name-field-subtitle"><div>- {DECK}</div></div>',
])
def test_deck_under_the_headline_is_spoken_and_a_byline_may_follow(box: str):
    body = f'<div class="entry-content"><p><b>حوار: سامي الحسيني</b></p>{PARAGRAPHS}</div>'
    article = parse_text(_page(body, before_body=box), "page.html")
    assert article.chapters[0].paragraphs == (DECK, *BODY)
    assert article.byline == "حوار: سامي الحسيني"


def test_an_h2_inside_the_body_is_no_deck():
    body = f'<div class="entry-content"><p>{BODY[0]}</p><h2>التمويل والتنفيذ</h2><p>{BODY[1]}</p><p>{BODY[2]}</p></div>'
    article = parse_text(_page(body), "page.html")
    assert [c.title for c in article.chapters][1:] == ["التمويل والتنفيذ"]
    assert article.chapters[0].paragraphs == (BODY[0],)


# --- a caption typed as the paragraph under a picture ----------------------------------------------

def _with_picture(after: str, alt: str = "") -> str:
    return _runin_page([BODY[0], BODY[1]]).replace(
        "</div></div>", f'<p><img src="a.jpg" alt="{alt}"></p>{after}<p>{BODY[2]}</p><p>{BODY[3]}</p></div></div>', 1)


@pytest.mark.parametrize("after, alt", [
    ("<p><em>وزير الصحة خلال المؤتمر الصحفي أمس</em></p>", ""),  # in italics
    ("<p>وزير الصحة خلال المؤتمر الصحفي</p>", "وزير الصحة خلال المؤتمر"),  # what the alt text says
    ("<p>موقع المستشفى الجديد (أرشيف)</p>", ""),  # a photo credit
])
def test_caption_under_a_picture_is_not_spoken(after: str, alt: str):
    article = parse_text(_with_picture(after, alt), "page.html")
    assert [p for c in article.chapters for p in c.paragraphs] == BODY[:4]
    assert [c.title for c in article.chapters][1:] == []
    assert "image-caption" in [d.reason for d in article.dropped]


def test_heading_or_sentence_under_a_picture_stays():
    # A short line in a <p> of its own is said (a plain-line title is taken only from bare lines).
    article = parse_text(_with_picture("<p>التمويل والتنفيذ</p>", "وزير الصحة"), "page.html")
    assert "التمويل والتنفيذ" in [p for c in article.chapters for p in c.paragraphs]
    sentence = "وقد زار الوزير موقع المستشفى الجديد أمس."
    article = parse_text(_with_picture(f"<p>{sentence}</p>", "وزير الصحة"), "page.html")
    assert sentence in [p for c in article.chapters for p in c.paragraphs]


# --- quotations and pull quotes ------------------------------------------------------------------

def test_pull_quote_repeating_the_text_is_dropped_and_a_quotation_is_no_title():
    pull = '<blockquote class="pullquote"><p>الخطة تشمل إنشاء خمسة مستشفيات جديدة</p></blockquote>'
    article = parse_text(_runin_page([BODY[0], BODY[1]]).replace("</div></div>", f"{pull}<p>{BODY[2]}</p></div></div>", 1), "page.html")
    assert [p for c in article.chapters for p in c.paragraphs] == BODY[:3]
    assert ("الخطة تشمل إنشاء خمسة مستشفيات جديدة", "pull-quote") in [(d.text, d.reason) for d in article.dropped]
    quote = "<blockquote><p>الصحة حق لكل مواطن</p></blockquote>"
    article = parse_text(_runin_page([BODY[0], BODY[1]]).replace("</div></div>", f"{quote}<p>{BODY[2]}</p></div></div>", 1), "page.html")
    assert [c.title for c in article.chapters][1:] == []
    assert "الصحة حق لكل مواطن" in [p for c in article.chapters for p in c.paragraphs]


# --- Markdown: a paragraph bold from end to end, as on pages ---------------------------------------

def test_markdown_bold_paragraph_between_paragraphs_is_a_title():
    text = f"# خطة لتطوير المستشفيات\n\n{BODY[0]}\n\n**موعد التشغيل**\n\n{BODY[1]}\n\n**وقال الوزير:**\n\n{BODY[2]}\n"
    article = parse_text(text, "a.md")
    assert [(c.title, c.paragraphs) for c in article.chapters] == [
        ("خطة لتطوير المستشفيات", (BODY[0],)), ("موعد التشغيل", (BODY[1], "وقال الوزير:", BODY[2]))]


@pytest.mark.parametrize("line", [
    "**هذه الخطة ستغير وجه الخدمات الصحية في البلاد.**",  # a bold sentence
    "**اقرأ أيضاً: وزير الصحة يتفقد مستشفى المدينة**",  # furniture
])
def test_markdown_bold_paragraph_left_alone(line: str):
    article = parse_text(f"# خطة لتطوير المستشفيات\n\n{BODY[0]}\n\n{line}\n\n{BODY[1]}\n", "a.md")
    assert [c.title for c in article.chapters][1:] == []


# --- an interview set out a question a paragraph, with labels ------------------------------------

QUESTIONS = ["ما الذي دفعك إلى كتابة هذا الكتاب في هذا الوقت بالذات؟", "وكيف استقبل القراء الكتاب بعد صدوره؟"]


def test_labelled_interview_on_a_page():
    page = _runin_page([BODY[0], f"<strong>س: </strong>{QUESTIONS[0]}", f"<strong>ج: </strong>{BODY[1]}",
                        f"<strong>س: </strong>{QUESTIONS[1]}", f"<strong>ج: </strong>{BODY[2]}"])
    article = parse_text(page, "page.html")
    assert [(c.title, c.paragraphs) for c in article.chapters][1:] == [
        (QUESTIONS[0], (BODY[1],)), (QUESTIONS[1], (BODY[2],))]
    assert [d.text for d in article.dropped if d.reason == "interview-label"] == ["س:", "ج:", "س:", "ج:"]


def test_one_question_in_a_report_stays_a_paragraph():
    question = "فهل تنجح الخطة في تخفيف الضغط على مستشفيات العاصمة؟"
    article = parse_text(_runin_page([BODY[0], question, BODY[1], BODY[2]]), "page.html")
    assert [c.title for c in article.chapters][1:] == []


def test_a_disclaimer_with_a_bold_label_is_not_said():
    page = _runin_page([*BODY, "<strong>تنويه:</strong> هذا المقال يعبر عن رأي كاتبه ولا يعبر بالضرورة عن رأي الموقع."])
    article = parse_text(page, "page.html")
    assert [c.title for c in article.chapters][1:] == []
    assert [p for c in article.chapters for p in c.paragraphs] == BODY


# --- an advertisement's slot and label between paragraphs are no title ----------------------------

@pytest.mark.parametrize("slot", [
    "<p>إعلان</p>", '<div class="ad"><span>إعلان</span></div>', "<p>Advertisement</p>",
    '<div class="adsbygoogle">محتوى ممول</div>', "<p>شارك هذا الخبر</p>",
])
def test_ad_slot_between_paragraphs_is_dropped_not_a_title(slot: str):
    body = '<div class="entry-content">' + PARAGRAPHS.replace(f"<p>{BODY[2]}", f"{slot}<p>{BODY[2]}") + "</div>"
    article = parse_text(_page(body), "page.html")
    assert [c.title for c in article.chapters][1:] == []
    assert [p for c in article.chapters for p in c.paragraphs] == BODY


def test_address_and_shadow_boxes_are_no_ad_slots():
    body = f'<div class="entry-content"><p>{BODY[0]}</p><div class="address">{BODY[1]}</div><p>{BODY[2]}</p></div>'
    article = parse_text(_page(body), "page.html")
    assert [p for c in article.chapters for p in c.paragraphs] == BODY[:3]


# --- a plain-line title only from bare lines between <br>s --------------------------------------

@pytest.mark.parametrize("line", ["شاهد أيضا", "فيديو", "مواضيع قد تهمك", "قصص مقترحة", "تحميل التطبيق"])
def test_short_line_in_an_element_of_its_own_is_no_title(line: str):
    body = '<div class="entry-content">' + PARAGRAPHS.replace(f"<p>{BODY[2]}", f"<p>{line}</p><p>{BODY[2]}") + "</div>"
    assert [c.title for c in parse_text(_page(body), "page.html").chapters][1:] == []


def test_bare_line_with_invisible_marks_is_a_title():
    title = "راه\u200cاندازی صندوق توسعه"
    body = "<br>".join([BODY[0], BODY[1], title, BODY[2]])
    assert len(parse_text(_page(body), "page.html").chapters) == 2
