"""Segmentation: the seed in both forms, Markdown features, decoding, and the rules' limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.text import boilerplate
from narrator.text.parse import decode, parse_text, read_article

from .conftest import ARTICLE_MD, SEED_BYLINE, SEED_CHAPTERS


def _shape(article):
    return [(c.title, len(c.paragraphs)) for c in article.chapters]


def _expected(article):
    return [(article.headline if t == "headline" else t, n) for t, n in SEED_CHAPTERS]


def test_seed_markdown_segments_exactly():
    article = read_article(str(ARTICLE_MD))
    assert article.headline.startswith('"دا.عــش" يصعد عملياته')
    assert article.byline == SEED_BYLINE
    assert _shape(article) == _expected(article)


def test_seed_scraped_text_segments_exactly(seed_txt: Path):
    article = read_article(str(seed_txt))
    assert article.headline.startswith('"دا.عــش" يصعد عملياته')
    assert article.headline.endswith("مشروعه؟")
    assert article.byline == SEED_BYLINE
    assert _shape(article) == _expected(article)
    reasons = {d.text: d.reason for d in article.dropped}
    assert reasons["It's Over 9000!"] == "site-name"
    assert reasons["مقالات ذات صلة"] == "related-articles"
    related = [d for d in article.dropped if d.reason == "related-articles"]
    assert len(related) == 7  # the header and six linked articles
    spoken = " ".join(p for c in article.chapters for p in c.paragraphs)
    assert "خسائر لقوات" not in spoken


def test_both_seed_forms_give_the_same_paragraphs(seed_txt: Path):
    md, txt = read_article(str(ARTICLE_MD)), read_article(str(seed_txt))
    assert md.chapters == txt.chapters


def test_markdown_setext_headings_and_front_matter():
    text = (
        "---\ntitle: عنوان من الترويسة\nauthor: كاتب\nshow: نشرة الصباح\ndate: 2024-05-01\n---\n"
        "العنوان الرئيسي\n===============\n\nفقرة أولى قبل أي قسم.\n\n"
        "قسم أول\n-------\n\nفقرة في القسم مع [رابط](https://example.com) و*تأكيد*.\n"
    )
    article = parse_text(text)
    assert article.headline == "العنوان الرئيسي"
    assert article.byline == "كاتب"  # from front matter: the first paragraph ends with a stop
    assert article.meta.show == "نشرة الصباح"
    assert article.meta.date == "2024-05-01"
    assert [c.title for c in article.chapters] == ["العنوان الرئيسي", "قسم أول"]
    assert article.chapters[1].paragraphs == ("فقرة في القسم مع رابط وتأكيد.",)


def test_markdown_without_h1_takes_title_from_front_matter():
    article = parse_text("---\ntitle: عنوان\n---\n\n## قسم\n\nنص الفقرة.\n")
    assert article.headline == "عنوان"
    assert article.chapters[0].paragraphs == ()
    assert article.chapters[1].title == "قسم"


def test_markdown_related_list_is_dropped():
    article = parse_text("# عنوان\n\nنص.\n\n## مقالات ذات صلة\n\n- خبر آخر\n- خبر ثالث\n")
    assert [d.reason for d in article.dropped] == ["related-articles"] * 3
    assert all("خبر" not in p for c in article.chapters for p in c.paragraphs)


def test_empty_section_is_reported_not_spoken():
    article = parse_text("# عنوان\n\nنص.\n\n## قسم فارغ\n\n## قسم\n\nفقرة.\n")
    assert [c.title for c in article.chapters] == ["عنوان", "قسم"]
    assert ("قسم فارغ", "empty-section") in [(d.text, d.reason) for d in article.dropped]


def test_bad_front_matter_is_one_clear_error():
    with pytest.raises(InputError, match="front matter"):
        parse_text("---\ntitle: [unclosed\n---\n# عنوان\n")


@pytest.mark.parametrize(
    "data",
    [
        "عنوان المقال\n\nنص".encode("utf-8"),
        "\ufeffعنوان المقال\n\nنص".encode("utf-8"),
        "عنوان المقال\n\nنص".encode("utf-16"),
        "عنوان المقال\n\nنص".encode("cp1256"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "cp1256"],
)
def test_decoding(data: bytes):
    assert decode(data, "x") == "عنوان المقال\n\nنص"


@pytest.mark.parametrize(
    "data,message",
    [(b"\x00\x01\x02binary\x00", "binary"), ("plain latin \xe9".encode("latin-1"), "not UTF-8")],
)
def test_undecodable_input_is_refused(data: bytes, message: str):
    with pytest.raises(InputError, match=message):
        decode(data, "x")


@pytest.mark.parametrize(
    "block,expected",
    [
        ("بلدي نيوز - (محمد خضير)", True),
        ("الرياض - واس", True),
        ("كتب: أحمد علي", True),
        # must leave alone: sentences, questions and long lines are body text
        ("قال المتحدث إن الوضع مستقر.", False),
        ("هل تنجح المفاوضات؟", False),
        ("كلمة " * 15, False),
    ],
)
def test_byline_rule(block: str, expected: bool):
    assert boilerplate.looks_like_byline(block) is expected


@pytest.mark.parametrize(
    "block,expected",
    [
        ("إعادة البناء", True),
        ("ما أثر الغارات الروسية؟", True),
        # must leave alone: a short sentence that ends with a stop, a colon lead-in, long lines
        ("وانتهى الاجتماع.", False),
        ("وقال الوزير:", False),
        ("كلمة " * 14, False),
    ],
)
def test_heading_rule(block: str, expected: bool):
    assert boilerplate.looks_like_heading(block) is expected


@pytest.mark.parametrize(
    "title,headline,site",
    [
        ("خبر عاجل - موقع الأخبار", "خبر عاجل", "موقع الأخبار"),
        ("خبر عاجل | Site", "خبر عاجل", "Site"),
        # must leave alone: different text, or the headline alone
        ("خبر آخر - موقع", "خبر عاجل", None),
        ("خبر عاجل", "خبر عاجل", None),
        ("خبر عاجلة جدا", "خبر عاجل", None),
    ],
)
def test_page_title_rule(title: str, headline: str, site: str | None):
    assert boilerplate.split_page_title(title, headline) == site


def test_scraped_heading_needs_body_after_it():
    article = parse_text("عنوان الخبر\n\nنص الفقرة الأولى طويل بما يكفي.\n\nسطر قصير أخير")
    assert len(article.chapters) == 1
    assert article.chapters[0].paragraphs[-1] == "سطر قصير أخير"


@pytest.mark.parametrize("text", ["", "   \n\n\t  "])
def test_empty_article_is_refused(text: str):
    with pytest.raises(InputError, match="empty"):
        parse_text(text)


def test_front_matter_fills_every_metadata_key():
    text = (
        "---\ntitle: عنوان الحلقة\nauthor: سارة أحمد\ndate: 2024-05-01\nshow: نشرة المساء\n"
        "cover: cover.jpg\nlanguage: ar-SA\n---\n# العنوان\n\nنص الفقرة.\n"
    )
    meta = parse_text(text).meta
    assert (meta.title, meta.author, meta.date, meta.show, meta.cover, meta.language) == (
        "عنوان الحلقة", "سارة أحمد", "2024-05-01", "نشرة المساء", "cover.jpg", "ar-SA",
    )


def test_front_matter_leaves_unset_keys_at_their_defaults():
    meta = parse_text("---\nshow: نشرة\n---\n# العنوان\n\nنص.\n").meta
    assert (meta.title, meta.author, meta.date, meta.cover, meta.language) == (None, None, None, None, "ar")


@pytest.mark.parametrize(
    "data",
    [
        "عنوان المقال\n\nنص".encode("utf-16-le"),
        "عنوان المقال\n\nنص".encode("utf-16-be"),
    ],
    ids=["utf16-le-no-bom", "utf16-be-no-bom"],
)
def test_utf16_without_bom_is_read_by_its_arabic(data: bytes):
    assert decode(data, "x") == "عنوان المقال\n\nنص"


@pytest.mark.parametrize(
    "data",
    ["plain ascii text\n".encode("utf-16-le"), b"\x00\x01\x02\x03\x04\x05"],
    ids=["utf16-latin-no-bom", "control-bytes"],
)
def test_utf16_guess_needs_arabic(data: bytes):
    with pytest.raises(InputError, match="binary"):
        decode(data, "x")


def test_decoding_utf16_big_endian_with_bom():
    assert decode(b"\xfe\xff" + "عنوان\n\nنص".encode("utf-16-be"), "x") == "عنوان\n\nنص"


def test_scraped_text_with_one_paragraph_per_line():
    article = parse_text(
        "عنوان الخبر\n\nالرياض - واس\nالفقرة الأولى من الخبر.\nالفقرة الثانية من الخبر.\n\n"
        "jehat5@yahoo.com\n"
    )
    assert article.byline == "الرياض - واس"
    assert article.chapters[0].paragraphs == ("الفقرة الأولى من الخبر.", "الفقرة الثانية من الخبر.")
    assert [d.reason for d in article.dropped] == ["author-email"]
