"""Structure rules of scraped text: flattened sub-headings, list titles, datelines, headline markers,
paragraph breaks.  Each table holds what a rule finds and what it must leave alone."""

from __future__ import annotations

import pytest

from narrator.text import boilerplate
from narrator.text.inline_headings import colon_heading, connective_heading, parallel_headings
from narrator.text.parse import parse_text
from narrator.text.scraped import split_blocks

SENTENCE = "وارتفعت أسعار النفط في التعاملات المبكرة اليوم بعد بيانات المخزون."


@pytest.mark.parametrize(
    "text,pieces",
    [
        (
            "انتهى الموسم بفوز الفريق. سحب تنظيم كأس الخليج : قررت اللجنة سحب التنظيم من الدولة المضيفة.",
            [("p", "انتهى الموسم بفوز الفريق."), ("h", "سحب تنظيم كأس الخليج"),
             ("p", "قررت اللجنة سحب التنظيم من الدولة المضيفة.")],
        ),
        (
            "موعد المباراة القادمة : تقام المباراة يوم الخميس في ملعب المدينة.",
            [("h", "موعد المباراة القادمة"), ("p", "تقام المباراة يوم الخميس في ملعب المدينة.")],
        ),
        # must leave alone: speech lead-ins, datelines, a colon with a short tail, a colon inside a sentence
        ("انتهى الموسم. وقال الوزير : إن القرار نهائي ولا رجعة فيه أبدا.", None),
        ("الرياض - واس : أعلنت الوزارة اليوم عن خطة جديدة للنقل العام.", None),
        ("انتهى الموسم. النتيجة النهائية : فوز الفريق.", None),
        ("انتهى الموسم. الاتحاد المحلي : لن نقبل بهذه النتيجة مهما كانت الضغوط علينا.", None),
        ("أعلنت الوزارة عن ثلاثة قرارات: رفع الرواتب وزيادة البدلات وتعديل الساعات.", None),
        ("*28 جويلية 2016 : عرض موسيقي من أجل السلام في المسرح الأثري بقرطاج.", None),
    ],
)
def test_colon_heading(text: str, pieces):
    assert colon_heading(text) == (pieces or [("p", text)])


def _report(*sections: tuple[str, str]) -> str:
    filler = " ".join([SENTENCE] * 4)
    return " ".join(f"{title} {body} {filler}".strip() for title, body in sections)


def test_parallel_headings_split_a_flattened_report():
    text = _report(
        ("", "واصلت الأسهم ارتفاعها للجلسة الرابعة."),
        ("الأداء العام للسوق", "افتتح المؤشر العام عند 9337 نقطة."),
        ("أداء القطاعات", "ارتفعت جميع القطاعات مقابل تراجع قطاعين."),
        ("أداء الأسهم", "تداول السوق 165 سهما."),
    )
    titles = [t for kind, t in parallel_headings(text) if kind == "h"]
    assert titles == ["الأداء العام للسوق", "أداء القطاعات", "أداء الأسهم"]
    assert " ".join(t for _, t in parallel_headings(text)).split() == text.split()


@pytest.mark.parametrize(
    "text",
    [
        # one sentence opening with a noun and its adjective is news, not a heading
        _report(("", "واصلت الأسهم ارتفاعها."), ("التقرير السابق", "أشار إلى مستوى المقاومة.")),
        # the same opening twice is repetition, not parallel titles
        _report(("الرئيس الأمريكي", "قال إن الاتفاق قريب."), ("الرئيس الأمريكي", "أضاف أن المحادثات مستمرة.")),
        # people as topicalised subjects: "وزير الخارجية قال …", "وزير الداخلية أكد …"
        _report(("وزير الخارجية", "قال إن المحادثات مستمرة."), ("وزير الداخلية", "أكد أن الأمن مستقر.")),
        # sentences opening with a conjunction or a preposition
        _report(("وقال المتحدث الرسمي", "إن الوضع مستقر."), ("وقال المتحدث العسكري", "إن القوات تتقدم.")),
        # a short paragraph is not a flattened article
        "أداء القطاعات ارتفعت جميع القطاعات اليوم. أداء الأسهم تداول السوق 165 سهما.",
    ],
)
def test_parallel_headings_leave_running_text_alone(text: str):
    assert parallel_headings(text) == [("p", text)]


@pytest.mark.parametrize(
    "block,expected",
    [
        ('"Mix 50 Nokia X" :', True),
        ("مواعيد العروض:", True),
        # must leave alone: speech lead-ins, clauses, long lines, lines without a colon
        ("وقال الوزير:", False),
        ("من جهته قال المتحدث:", False),
        ("ويتضمن برنامج المهرجان الذي يتواصل حتى شهر أوت العروض التالية :", False),
        ("مواعيد العروض", False),
    ],
)
def test_list_heading_rule(block: str, expected: bool):
    assert boilerplate.looks_like_list_heading(block) is expected


@pytest.mark.parametrize(
    "block,expected",
    [
        ("الرياضي ـ الرياض", True),
        ("الرياض - واس", True),
        ("رويترز - بنغازي:", True),
        ("عين اليوم – روما", True),
        # must leave alone: a dateline that opens a sentence, a sentence with a dash, plain lines
        ("رويترز - بنغازي (ليبيا): قال تنظيم داعش إنه خطف ثلاثة مسيحيين.", False),
        ("فاز الفريق - كما توقع الجميع - بالمباراة.", False),
        ("إعادة البناء", False),
    ],
)
def test_dateline_rule(block: str, expected: bool):
    assert boilerplate.looks_like_dateline(block) is expected


@pytest.mark.parametrize(
    "headline,kept,removed",
    [
        ("(فيديو) لحظة سقوط الطائرة", "لحظة سقوط الطائرة", "(فيديو)"),
        ("لحظة سقوط الطائرة (فيديو)", "لحظة سقوط الطائرة", "(فيديو)"),
        ("لحظة سقوط الطائرة [صور]", "لحظة سقوط الطائرة", "[صور]"),
        ("بالفيديو: لحظة سقوط الطائرة", "لحظة سقوط الطائرة", "بالفيديو:"),
        # must leave alone: the word inside the headline's own grammar
        ("مقطع فيديو يثير الجدل في الرياض", "مقطع فيديو يثير الجدل في الرياض", ""),
        ("معرض صور الطبيعة يفتتح أبوابه", "معرض صور الطبيعة يفتتح أبوابه", ""),
        ("(فيديو)", "(فيديو)", ""),
    ],
)
def test_media_marker_rule(headline: str, kept: str, removed: str):
    assert boilerplate.strip_media_marker(headline) == (kept, removed)


@pytest.mark.parametrize(
    "text,blocks",
    [
        ("أول.\nثان.", ["أول.", "ثان."]),
        ("أول. \u00a0 ثان.", ["أول.", "ثان."]),
        ("بند\u00a0\u00a0\u00a0 آخر", ["بند", "آخر"]),
        # must leave alone: one non-breaking space between words, or after a word mid-sentence
        ("درجة واحدة\u00a0من التصنيف.", ["درجة واحدة من التصنيف."]),
        ("توقفنا قليلاً \u00a0عند المعنى.", ["توقفنا قليلاً عند المعنى."]),
    ],
)
def test_paragraph_breaks(text: str, blocks: list[str]):
    assert split_blocks(text) == blocks


def test_scraped_article_with_entities_nbsp_paragraphs_and_furniture():
    text = (
        "&quot;داعش ليبيا&quot; يخطف 3 مسيحيين (فيديو)\n\n"
        " رويترز - بنغازي (ليبيا): قال تنظيم داعش إنه خطف ثلاثة مسيحيين. \u00a0 "
        "وأضاف التنظيم في بيان أن الثلاثة من مصر ونيجيريا وغانا. \u00a0 ...المزيد\n"
        "Next Previous\n"
    )
    article = parse_text(text)
    assert article.headline == '"داعش ليبيا" يخطف 3 مسيحيين'
    assert article.chapters[0].paragraphs == (
        "رويترز - بنغازي (ليبيا): قال تنظيم داعش إنه خطف ثلاثة مسيحيين.",
        "وأضاف التنظيم في بيان أن الثلاثة من مصر ونيجيريا وغانا.",
    )
    assert {d.reason for d in article.dropped} == {"media-marker", "read-more-link", "slider-text"}


def test_byline_repeated_in_the_body_is_dropped_once():
    article = parse_text(
        "العنوان\n\nالرياضي ـ الرياض\nسطر تمهيدي عن الخبر\n\nنص الخبر الأول طويل بما يكفي.\n"
        "الرياضي ـ الرياض\nنص الخبر الثاني."
    )
    assert article.byline == "الرياضي ـ الرياض"
    assert article.chapters[0].paragraphs == (
        "سطر تمهيدي عن الخبر", "نص الخبر الأول طويل بما يكفي.", "نص الخبر الثاني.",
    )
    assert [(d.text, d.reason) for d in article.dropped] == [("الرياضي ـ الرياض", "byline-repeated")]


def test_related_list_in_the_middle_keeps_the_body_after_it():
    body = "وأكد الوزير أن المشروع سيكتمل خلال العام المقبل وفق الجدول الزمني المعلن سابقا."
    article = parse_text(
        f"العنوان\n\n{body}\nاقرأ أيضاً\nارتفاع أسعار الذهب في السوق\nالهلال يفوز في الديربي\n{body}\n"
        "مقالات ذات صلة\nخبر آخر عن الطقس\n"
    )
    assert article.chapters[0].paragraphs == (body, body)
    assert [d.text for d in article.dropped if d.reason == "related-articles"] == [
        "اقرأ أيضاً", "ارتفاع أسعار الذهب في السوق", "الهلال يفوز في الديربي", "مقالات ذات صلة", "خبر آخر عن الطقس",
    ]


def test_double_escaped_entities():
    assert parse_text("&amp;quot;عنوان&amp;quot;\n\nنص الخبر.").headline == '"عنوان"'


FILLER = "وقال المتحدث إن العمل سيستمر حتى نهاية العام الجاري دون توقف."


@pytest.mark.parametrize(
    "text,titles",
    [
        # Two titles a paragraph, each a noun phrase before "و" + an opening verb.
        (f"{SENTENCE} تمويل المشاريع وأوضح الوزير أن التمويل سيأتي من الشراكات. ردود الفعل ورحبت الغرفة بالخطة واعتبرتها خطوة مهمة.",
         ["تمويل المشاريع", "ردود الفعل"]),
        (f"{SENTENCE} مخاوف المستثمرين وأشارت التقارير إلى تراجع الثقة في السوق. خطة الإنقاذ وأعلن البنك المركزي عن حزمة جديدة.",
         ["مخاوف المستثمرين", "خطة الإنقاذ"]),
        # One title alone, opening with a definite noun.
        (f"{SENTENCE} الموقف الرسمي وأكدت الحكومة أنها لن تتراجع عن القرار مهما كانت الضغوط.", ["الموقف الرسمي"]),
        # Must leave alone: a verb-first clause alone, a subject-first sentence, a coordination,
        # a lead-in, a name after an abbreviation, a paragraph's first words, a short tail.
        (f"{SENTENCE} ارتفعت الأسعار وأكد الخبراء أن الارتفاع سيستمر حتى نهاية الشهر.", []),
        (f"{SENTENCE} الوزير أوضح أن العمل سيستمر حتى نهاية العام الجاري.", []),
        (f"{SENTENCE} الحكومة والبرلمان واتفقا على موعد جديد للانتخابات المقبلة.", []),
        (f"{SENTENCE} وفي السياق ذاته وأكد المسؤول أن العمل سيستمر حتى نهاية العام.", []),
        (f"{SENTENCE} وقال د. محمد علي وأوضح أن العمل سيستمر حتى نهاية العام الجاري.", []),
        (f"تمويل المشاريع وأوضح الوزير أن التمويل سيأتي من الشراكات. {FILLER}", []),
        (f"{SENTENCE} الموقف الرسمي وأكدت الحكومة ذلك.", []),
    ],
)
def test_connective_heading(text: str, titles: list[str]):
    pieces = connective_heading(text)
    assert [t for kind, t in pieces if kind == "h"] == titles
    assert " ".join(t for _, t in pieces).split() == text.split()


@pytest.mark.parametrize(
    "text,title",
    [
        (f"{SENTENCE} تمويل المشاريع: أوضح الوزير أن التمويل سيأتي من الشراكات بين القطاعين.", "تمويل المشاريع"),
        (f"{SENTENCE} الخطوات المقبلة: تبدأ الوزارة تنفيذ المرحلة الأولى في الربيع المقبل.", "الخطوات المقبلة"),
        # Must leave alone: a speaker, a reporting verb, reported speech after the colon, a paragraph's start.
        (f"{SENTENCE} وزير الخارجية: لن نتراجع عن موقفنا مهما كانت الضغوط الدولية.", None),
        (f"{SENTENCE} أعلن الوزير: سنبدأ تنفيذ المرحلة الأولى في الربيع المقبل.", None),
        (f"{SENTENCE} ليردف متأسفا: إن السلطة لم تكن تسمع إلا لمن يوافقها الرأي.", None),
        (f"{SENTENCE} ويتساءل الكاتب: هل هذه المناهج كفيلة حقا بدراسة المجتمع؟", None),
        ("المصدر الرسمي: تم الاتفاق على كل البنود المطروحة في الاجتماع الأخير.", None),
        (f"{SENTENCE} الخارجية الأمريكية: نرفض أي هجوم على المدنيين في المنطقة مهما كانت الذرائع.", None),
        (f"{SENTENCE} الحكومة الانتقالية: لن نسمح بعودة الفوضى إلى الشوارع مرة أخرى.", None),
        (f"{SENTENCE} الجيش الوطني: سنواصل العمليات حتى تطهير المنطقة بالكامل من المسلحين.", None),
    ],
)
def test_colon_heading_glued_between_sentences(text: str, title):
    titles = [t for kind, t in colon_heading(text) if kind == "h"]
    assert titles == ([title] if title else [])
