"""Hostile or damaged text where it enters (issue 12, items 5, 6, 9, 14, 15, 16): each either
works or is one clear line, never a traceback, and every output can hold what is kept."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from narrator.cli import main
from narrator.errors import InputError
from narrator.text.diacritize import MAX_CHARS, WHOLE_CHARS, _pieces, diacritize
from narrator.text.html import is_html
from narrator.text.parse import MAX_PAGE_CHARS, parse_text
from narrator.text.sanitize import sanitize, sanitize_markup

# What sanitize removes: controls, XML-invalid code points, lone surrogates, bidi overrides.
REMOVED = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff",
           "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\ud800", "\udfff", "\udc80",
           "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
# What it must leave alone: line breaks and tabs, direction marks, joiners, Arabic and its marks,
# presentation forms, emoji and other astral characters, the replacement character.
KEPT = ["\n", "\t", "\u200e", "\u200f", "\u061c", "\u200c", "\u200d", "\u0640", "\u064b", "\ufb50",
        "\ufefb", "😀", "\U00020000", "\ufffd", "\u00a0", "é", "€", "&", "<"]


@pytest.mark.parametrize("char", REMOVED)
def test_sanitize_removes(char: str):
    assert sanitize(f"خبر{char}عاجل") == "خبرعاجل"


@pytest.mark.parametrize("char", KEPT)
def test_sanitize_keeps(char: str):
    assert sanitize(f"خبر{char}عاجل") == f"خبر{char}عاجل"


@pytest.mark.parametrize(("text", "expected"), [
    ("a&#1;b", "ab"), ("a&#x0c;b", "ab"), ("a&#xFFFE;b", "ab"), ("a&#xfffe;b", "ab"), ("a&#0;b", "ab"),
    ("a&#xD800;b", "ab"), ("a&#x202E;b", "ab"), ("a&#1114112;b", "ab"), ("a&#99999999999;b", "a9;b"),
    # left alone: references to characters, named ones, text that only looks alike
    ("a&#1575;b", "a&#1575;b"), ("a&#x627;b", "a&#x627;b"), ("a&#10;b", "a&#10;b"), ("a&amp;b", "a&amp;b"),
    ("a&#x1F600;b", "a&#x1F600;b"), ("AT&T #1", "AT&T #1"),
])
def test_character_references_to_unwanted_code_points_are_dropped(text: str, expected: str):
    assert sanitize_markup(text) == expected


def _page(body: str) -> str:
    return (f"<!DOCTYPE html><html lang='ar'><head><title>عنوان الصفحة</title></head><body><article>"
            f"<h1>خبر عن الطرق</h1><p>قالت الوزارة اليوم إن العمل بدأ في الطريق الجديد{body} بين المدينتين.</p>"
            f"<p>ويتوقع أن ينتهي المشروع خلال عامين بحسب البيان الرسمي للوزارة.</p></article></body></html>")


@pytest.mark.parametrize("stray", ["&#1;", "&#x0c;", "&#xFFFE;", "&#x1b;", "&#xD800;", "\x01", "\x0c", "\ufffe"])
def test_one_stray_reference_does_not_lose_the_page(stray: str):
    article = parse_text(_page(stray), "page.html")
    assert article.headline == "خبر عن الطرق"
    assert "الطريق الجديد بين المدينتين" in article.chapters[0].paragraphs[0]


@pytest.mark.parametrize(("source", "headline"), [
    ("---\ntitle: \"\\uD800خبر\"\n---\n\nنص الخبر هنا.\n", "خبر"),  # a YAML escape gives a lone surrogate
    ("---\ntitle: \"\\x01خبر\\uFFFE\"\n---\n\nنص الخبر هنا.\n", "خبر"),
    ("---\nauthor: \"\\u202Eكاتب\"\n---\n# خبر\n\nنص.\n", "خبر"),
    ("# عنوان \x01 فيه\ufffe رموز\n\nنص \x0c الخبر.\n", "عنوان فيه رموز"),
    ("# \u202eخبر عاجل\u202c\n\nنص.\n", "خبر عاجل"),
])
def test_front_matter_and_body_reach_the_article_clean(source: str, headline: str):
    article = parse_text(source, "x.md")
    assert article.headline == headline
    everything = json.dumps(article.plan(), ensure_ascii=False) + repr(article.meta)
    assert sanitize(everything) == everything
    everything.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize("source", [
    "---\ntitle: \"\\uD800\"\n---\n\nنص الخبر.\n",
    "# \ud800\udc00x\n\nنص.\n",
    "# خبر\n\n\ud800 نص.\n",
])
def test_plan_never_raises_on_surrogates(source: str, tmp_path):
    path = tmp_path / "s.md"
    path.write_bytes(source.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(main, ["plan", "--json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("length", [WHOLE_CHARS - 1, WHOLE_CHARS + 1, MAX_CHARS + 500])
def test_diacritization_takes_any_length_and_keeps_every_word(length: int):
    text = ("كلمة " * (length // 5 + 1))[:length]
    out = diacritize(text)
    assert len(out.split()) == len(text.split())  # no two words glued where pieces meet
    assert len(out) > len(text)


@pytest.mark.parametrize(("text", "limit"), [
    ("a b c d e f", 4), ("abcdefghij", 4), ("ab cdefghijk l", 5), ("", 3), ("abc", 3), ("a  b", 2),
])
def test_pieces_rejoin_exactly_and_fit(text: str, limit: int):
    pieces = _pieces(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces)


def test_a_punctuation_free_paragraph_past_the_diacritizers_limit_plans_and_speaks():
    from narrator.engines.espeak import EspeakEngine
    from narrator.text.speak import build_script

    article = parse_text("# عنوان\n\n" + "كلمة " * 2500 + "\n", "long.md")
    script = build_script(article, max_chars=EspeakEngine.max_chars, transform=diacritize)
    assert all(len(u.spoken) <= EspeakEngine.max_chars for u in script.utterances)
    assert len(script.utterances) > 30


@pytest.mark.parametrize(("text", "markup"), [
    ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n<html>', True),
    ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', True),
    ("<!-- saved from url=(0029)https://example.org/news -->\n<html><head>", True),
    ("<!-- saved from url=(0029)https://example.org/news -->\r\n<!DOCTYPE html>", True),
    ("\ufeff<!DOCTYPE html>\n<html>", True),
    ("  \n<HTML LANG='ar'>", True),
    ("<!--a--><!--b-->\n<head><meta charset='utf-8'>", True),
    ("<body><p>نص</p></body>", True),
    ("<html/>", True),
    # left alone: text that mentions tags, Markdown with inline HTML, a comment before Markdown
    ("# عنوان\n\n<html> في النص", False),
    ("نص عن وسم <html> في صفحة", False),
    ("<!-- ملاحظة -->\n# عنوان\n\nنص.", False),
    ("<b>عنوان</b>\n\nنص", False),
    ("<?xml version='1.0'?><rss><channel>", False),
    ("<htmlfoo>", False),
])
def test_markup_is_detected_by_content(text: str, markup: bool):
    assert is_html(text) is markup


@pytest.mark.parametrize("prolog", ['<?xml version="1.0" encoding="UTF-8"?>\n', "<!-- saved from url=(0029)https://x.org/a -->\n"])
def test_a_page_read_from_stdin_or_without_html_suffix_is_read_as_a_page(prolog: str, tmp_path):
    page = prolog + _page("")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    for args, stdin in ((["plan", "--json", str(tmp_path / "page.txt")], None), (["plan", "--json", "-"], page)):
        result = CliRunner().invoke(main, args, input=stdin)
        assert result.exit_code == 0, result.output
        plan = json.loads(result.output)
        assert plan["headline"] == "خبر عن الطرق"
        assert "<" not in json.dumps(plan, ensure_ascii=False)


@pytest.mark.parametrize(("markdown", "paragraph"), [
    ("اقرأ [الخبر كاملا](javascript:alert(1)) الآن.", "اقرأ الخبر كاملا الآن."),
    ("[هنا](vbscript:msgbox) و[هناك](data:text/html;base64,PHNjcmlwdD4=)", "هنا وهناك"),
    ("[رابط](JAVASCRIPT:x) عادي", "رابط عادي"),
    ("[موقع](https://example.org) و[بريد](mailto:a@b.org)", "موقع وبريد"),
    ("نص مع ![صورة](javascript:x) بعدها", "نص مع بعدها"),
])
def test_markdown_links_speak_their_words_only(markdown: str, paragraph: str):
    article = parse_text(f"# عنوان\n\nقالت الوزارة اليوم إن العمل بدأ.\n\n{markdown}\n", "x.md")
    assert article.chapters[0].paragraphs[-1] == paragraph


@pytest.mark.parametrize("body", [
    "<nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/s'>سياسة</a></li><li><a href='/e'>اقتصاد</a></li></ul></nav>",
    "<div><a href='/1'>خبر أول عن الطرق</a><br><a href='/2'>خبر ثان عن المدارس</a><br><a href='/3'>خبر ثالث</a></div>",
    "<ul><li><a href='/a'>رياضة</a> | <a href='/b'>ثقافة</a></li></ul><footer><a href='/c'>اتصل بنا</a></footer>",
])
def test_a_page_without_an_article_is_refused_not_read_as_its_menu(body: str):
    page = f"<!DOCTYPE html><html lang='ar'><head><title>موقع الأخبار</title></head><body>{body}</body></html>"
    with pytest.raises(InputError, match="no article text found"):
        parse_text(page, "index.html")


def test_an_article_with_links_in_it_is_still_an_article():
    page = _page(" <a href='/x'>حسب المصدر</a>").replace(
        "</article>", "<ul><li><a href='/r'>خبر ذو صلة</a></li></ul></article>")
    article = parse_text(page, "page.html")
    assert "حسب المصدر" in article.chapters[0].paragraphs[0]


@pytest.mark.parametrize(("size", "refused"), [(MAX_PAGE_CHARS - 1000, False), (MAX_PAGE_CHARS + 1, True), (30_000_000, True)])
def test_pages_are_capped_in_size(size: int, refused: bool):
    page = _page("")
    padded = page.replace("</body>", "<!--" + "x" * (size - len(page) - 7) + "--></body>")
    if refused:
        with pytest.raises(InputError, match="million characters is more than the 5 million"):
            parse_text(padded, "big.html")
    else:
        assert parse_text(padded, "big.html").headline == "خبر عن الطرق"


@pytest.mark.parametrize(("text", "name", "what"), [
    ("# عنوان\n\n" + "كلمة " * 1_000_001, "big.md", "an article of 5.0 million"),
    ("خبر " * 1_250_001, "big.txt", "an article of 5.0 million"),
    ("<html><body>" + "<p>x</p>" * 700_000 + "</body></html>", "page", "a web page of 5.6 million"),
])
def test_every_input_is_capped_in_size_before_it_is_cleaned_or_parsed(monkeypatch: pytest.MonkeyPatch,
                                                                       text: str, name: str, what: str):
    import narrator.text.parse as parse

    def never(*_args: object) -> str:
        raise AssertionError("a text past the cap was cleaned (the parse's first, slow step)")

    monkeypatch.setattr(parse, "sanitize_markup", never)
    with pytest.raises(InputError, match=f"{name}: {what} characters is more than the 5 million"):
        parse_text(text, name)
