"""Speech text: each cleaning rule (what it changes, what it leaves alone), splitting, pauses."""

from __future__ import annotations

import re

import pytest

from narrator.model import Article, Chapter, Pauses, Role
from narrator.text import speak
from narrator.text.parse import read_article

from .conftest import ARTICLE_MD


@pytest.mark.parametrize(
    "rule,before,after",
    [
        (speak.remove_tatweel, "داعــــش", "داعش"),
        (speak.remove_tatweel, "داعش", "داعش"),
        (speak.remove_tatweel, "الأعوام 2012 ــ 2014", "الأعوام 2012 - 2014"),
        (speak.remove_dots_inside_words, "دا.عش", "داعش"),
        (speak.remove_dots_inside_words, "دا.عــش", "داعــش"),
        (speak.remove_dots_inside_words, "انتهى. ثم", "انتهى. ثم"),
        (speak.remove_dots_inside_words, "3.5 مليون", "3.5 مليون"),
        (speak.remove_dots_inside_words, "example.com", "example.com"),
        (speak.split_hyphenated_words, "طريق حمص-دير الزور", "طريق حمص دير الزور"),
        (speak.split_hyphenated_words, "بلدي نيوز - (محمد)", "بلدي نيوز - (محمد)"),
        (speak.split_hyphenated_words, "COVID-19 و2019-2020", "COVID-19 و2019-2020"),
        (speak.split_hyphenated_words, "Covid-تسعة عشر", "Covid تسعة عشر"),
        (speak.remove_invisible_marks, "\u200fداعش\u200e و\u202bقسد\u202c", "داعش وقسد"),
        (speak.decode_html_entities, "&quot;داعش ليبيا&quot; &amp; قسد", '"داعش ليبيا" & قسد'),
        (speak.decode_html_entities, "AT&T و& وحده", "AT&T و& وحده"),
        (speak.remove_invisible_marks, "نص\u00a0عادي", "نص عادي"),
        (speak.remove_quotes, '«قسد» و"داعش"', "قسد وداعش"),
        (speak.remove_quotes, "نص بلا علامات", "نص بلا علامات"),
        (speak.remove_brackets, "بلدي نيوز - (محمد خضير)", "بلدي نيوز -  محمد خضير "),
        (speak.tidy_punctuation, "السورية.. خلط", "السورية. خلط"),
        (speak.tidy_punctuation, "ماذا حدث ؟!", "ماذا حدث؟"),
        (speak.tidy_punctuation, "نص  عادي، ثم", "نص عادي، ثم"),
    ],
)
def test_rule(rule, before: str, after: str):
    assert rule(before) == after


def test_clean_applies_rules_in_order():
    assert speak.clean('"دا.عــش" يصعد عملياته.. خلط') == "داعش يصعد عملياته. خلط"
    # Written rules keep the article's own text (dots inside words, figures) for transcripts.
    assert speak.clean('"دا.عــش" قتل 30', speak.WRITTEN_RULES) == "دا.عش قتل 30"
    assert speak.clean("د. محمد ق.م دا.عش 5") == "الدكتور محمد قبل الميلاد داعش خمسة"


@pytest.mark.parametrize("limit", [40, 100, 400])
def test_pieces_fit_the_limit_and_never_cut_words(limit: int):
    article = read_article(str(ARTICLE_MD))
    script = speak.build_script(article, max_chars=limit)
    source_words = []
    for text in [article.headline, article.byline] + [
        part for i, c in enumerate(article.chapters) for part in ([c.title] if i else []) + list(c.paragraphs)
    ]:
        source_words += speak.clean(text, speak.WRITTEN_RULES).split()
    written_words = []
    for u in script.utterances:
        # Figures grow when spelled out: the limit holds for what the engine receives.
        assert len(u.spoken) <= limit
        assert not any(ch.isdigit() for ch in u.spoken)
        written_words += speak.clean(u.text, speak.WRITTEN_RULES).split()
    # Every written word reaches exactly one utterance, whole and in order.
    assert written_words == source_words


def test_text_keeps_the_written_figures_and_spoken_reads_them():
    article = Article("عنوان", "", (Chapter("عنوان", ("دفع 1500 دولار عام 2017.",)),))
    body = speak.build_script(article, max_chars=100).utterances[1]
    assert body.text == "دفع 1500 دولار عام 2017."
    assert body.spoken == "دفع ألف وخمسمئة دولار عام ألفين وسبعة عشر."


def test_pieces_are_measured_after_normalization():
    # 33 characters written, far longer said: gTTS's 100 must hold for the spoken form.
    sentence = "بين 1500 و2000 دولار و2,023,330 ريال و15/06/1990"
    pieces = speak.fit_spoken(sentence, 60, lambda w: speak.clean(w, speak.SPOKEN_RULES))
    assert len(pieces) > 1
    assert all(len(spoken) <= 60 for _, spoken in pieces)
    assert " ".join(written for written, _ in pieces) == sentence


def test_transform_output_is_measured_too():
    article = Article("عنوان", "", (Chapter("عنوان", ("كلمة " * 30,)),))
    script = speak.build_script(article, max_chars=50, transform=lambda s: s.replace(" ", " ـ "))
    assert all(len(u.spoken) <= 50 for u in script.utterances)


def test_long_sentence_is_cut_at_clause_punctuation_first():
    sentence = "أولا " * 10 + "، " + "ثانيا " * 10 + "وثالثا " * 3 + "."
    pieces = speak._fit(speak.clean(sentence), 80)
    assert pieces[0].endswith("،")
    assert all(len(p) <= 80 for p in pieces)


def test_cut_before_conjunction_when_no_punctuation():
    text = "كلمة " * 12 + "وكلمة " * 12
    pieces = speak._fit(" ".join(text.split()), 70)
    assert all(len(p) <= 70 for p in pieces)
    assert pieces[1].startswith("و")


def test_sentence_split_keeps_abbreviated_dots_inside_words():
    assert speak.split_sentences("قال دا.عش إنه انسحب. ثم عاد؟ نعم!") == ["قال دا.عش إنه انسحب.", "ثم عاد؟", "نعم!"]


def _pauses_by_role(script):
    return [(u.role, u.pause_after_ms) for u in script.utterances]


def test_pauses_follow_structure():
    article = Article(
        headline="عنوان",
        byline="كاتب",
        chapters=(
            Chapter("عنوان", ("فقرة أولى. جملة ثانية.", "فقرة ثانية.")),
            Chapter("قسم", ("فقرة ثالثة.",)),
        ),
    )
    pauses = Pauses(headline_ms=1000, paragraph_ms=600, section_ms=1500, sentence_ms=350)
    script = speak.build_script(article, max_chars=100, pauses=pauses)
    assert [(u.role, u.chapter, u.pause_after_ms) for u in script.utterances] == [
        (Role.HEADLINE, 0, 1000),
        (Role.BYLINE, 0, 1000),
        (Role.BODY, 0, 350),
        (Role.BODY, 0, 600),
        (Role.BODY, 0, 1500),
        (Role.HEADING, 1, 600),
        (Role.BODY, 1, 0),
    ]
    assert script.chapter_titles == ("عنوان", "قسم")


def test_transform_changes_spoken_text_only():
    article = Article("عنوان", "", (Chapter("عنوان", ("نص.",)),))
    script = speak.build_script(article, max_chars=100, transform=lambda s: s + "!")
    assert [(u.text, u.spoken) for u in script.utterances] == [("عنوان", "عنوان!"), ("نص.", "نص.!")]


def test_diacritizer_adds_harakat_and_keeps_letters():
    from narrator.text.diacritize import diacritize

    text = "زاد نشاط تنظيم داعش في البادية السورية"
    out = diacritize(text)
    harakat = re.compile("[\u064b-\u0652]")
    assert harakat.search(out)
    assert harakat.sub("", out) == text
    assert diacritize("no arabic here 123") == "no arabic here 123"
