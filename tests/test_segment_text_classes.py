"""The classes of issue 13 in copied text and Markdown, each with cases built here (not from the
corpus) and cases that must be left alone: news briefs, interviews flattened into one line, hard-
wrapped wire copy, URL lines, poems and lyrics, false titles from short lines, Markdown dumps."""

from __future__ import annotations

import pytest

from narrator.text.inline_headings import interview_questions
from narrator.text.line_roles import (
    brief_item_title,
    is_hard_wrapped,
    join_url_lines,
    join_verse,
    question_lines,
    unwrap,
)
from narrator.text.parse import parse_text

S = [
    "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية خلال الموسم المقبل.",
    "وقال وزير الزراعة إن الخطة تشمل قروضا ميسرة وبذورا محسنة وتدريبا على أساليب الري الحديثة.",
    "وتأتي الخطة بعد موسم جاف أضر بمحاصيل القمح والشعير في عدة محافظات.",
    "ومن المتوقع أن يستفيد منها نحو مئة ألف مزارع في السنة الأولى من تطبيقها.",
]


def _titles(text: str) -> list[str]:
    return [c.title for c in parse_text(text).chapters][1:]


# --- news briefs: a title line, then a paragraph opening with a dateline --------------------------

@pytest.mark.parametrize(
    "title,dateline",
    [
        ("* افتتاح معرض الكتاب", "* عمّان - «بترا»: "),
        ("- ارتفاع أسعار الذهب", "- الرياض - واس: "),
        ("• اتفاقية للتعاون الجمركي", "القاهرة – (أ ش أ): "),
        ("تراجع البطالة في الربع الثالث", "تونس - وات: "),
        ("* إغلاق طريق المطار للصيانة", "دبي - «البيان»: "),
    ],
)
def test_brief_items_are_chapters(title: str, dateline: str):
    text = (f"أخبار في سطور\n\n{title}\n{dateline}{S[0]} {S[1]}\n"
            f"* مهرجان للتراث الشعبي\n* الكويت - كونا: {S[2]} {S[3]}\n")
    article = parse_text(text)
    assert article.byline == ""
    assert _titles(text) == [title.lstrip("*-• "), "مهرجان للتراث الشعبي"][: len(_titles(text))]
    assert len(_titles(text)) == 2


@pytest.mark.parametrize(
    "block,following",
    [
        # a title needs a dateline paragraph after it
        ("* افتتاح معرض الكتاب", S[0]),
        # a sentence is not a title even before a dateline
        ("وقال الوزير إن المعرض سيفتتح غدا.", f"عمّان - بترا: {S[0]}"),
        # a dateline line itself is not the title of the next
        ("* عمّان - «بترا»: افتتح المعرض", f"الرياض - واس: {S[0]}"),
        # a clause opening with a preposition is a fragment
        ("في إطار التعاون المشترك", f"الرياض - واس: {S[0]}"),
        # a dash inside the following sentence is not a dateline
        ("ارتفاع أسعار الذهب", "ارتفعت الأسعار اليوم - بحسب التجار - بنسبة كبيرة في السوق."),
    ],
)
def test_brief_item_title_leaves_alone(block: str, following: str):
    assert not brief_item_title(block, following)


# --- interviews flattened into one paragraph --------------------------------------------------------

ANSWER = "نعمل على ذلك منذ سنوات طويلة، والنتائج بدأت تظهر في الميدان."
QUESTIONS = [
    ("كيف ترى مستقبل القطاع؟", "وما الذي ينقصه اليوم؟"),
    ("ما أبرز التحديات التي تواجهكم؟", "هل تلقيتم دعما من الحكومة؟"),
    ("متى تبدأ المرحلة الثانية من المشروع؟", "ولماذا تأخرت المرحلة الأولى؟"),
    ("لماذا اخترتم هذه المدينة بالذات؟", "وكيف كان تجاوب السكان معكم؟"),
    ("أين تقف المفاوضات الآن؟", "ألا تخشى من فشلها في اللحظة الأخيرة؟"),
]


@pytest.mark.parametrize("first,second", QUESTIONS)
def test_interview_questions_become_titles(first: str, second: str):
    text = f"{first} {ANSWER} وهذا ما نؤكده دائما. {second} {ANSWER}"
    pieces = interview_questions(text)
    assert [t for kind, t in pieces if kind == "h"] == [first, second]
    assert " ".join(t for _, t in pieces).split() == text.split()


@pytest.mark.parametrize(
    "text",
    [
        # one rhetorical question in a news paragraph
        f"{S[0]} فهل تنجح الخطة هذه المرة؟ يرى خبراء أن الظروف مختلفة تماما عن السابق. {S[1]}",
        # a question after a comma or a colon belongs to the sentence
        f"{S[0]} وتساءل الوزير: من يتحمل المسؤولية؟ {S[1]} وأضاف، إلى متى ننتظر؟ {S[2]}",
        # questions that follow one another are the writer's own
        f"{S[0]} من نحن؟ وإلى أين نمضي؟ ولماذا نكتب؟ {S[1]}",
        # "ف" questions continue the writer's reasoning
        f"{S[0]} فما الذي تغير؟ {S[1]} فكيف يمكن تفسير ذلك؟ {S[2]}",
        # a question with no answer after it
        f"{S[0]} {S[1]} متى ينتهي هذا؟",
    ],
)
def test_interview_questions_leave_alone(text: str):
    assert interview_questions(text) == [("p", text)]


def test_interview_in_an_article_keeps_its_intro_and_answers():
    text = (f"حوار مع مدير المشروع\n\n{S[0]}\n"
            f"يقال إنك متفائل. كيف ترى المستقبل؟ {ANSWER} {S[1]} وما الذي تحتاجونه؟ {ANSWER} {S[2]}")
    article = parse_text(text)
    assert [c.title for c in article.chapters][1:] == ["يقال إنك متفائل. كيف ترى المستقبل؟", "وما الذي تحتاجونه؟"]
    assert article.chapters[0].paragraphs == (S[0],)


def test_an_interview_whose_first_label_was_cut_off_still_opens_with_a_question():
    # Flattening lost "س" but kept its colon: ": كيف …؟ answer. …؟ answer."
    text = (f"حوار مع مدير المشروع\n\n{S[0]}\n"
            f": بدأت العمل قبل عامين، كيف ترى المستقبل؟ {ANSWER} {S[1]} وما الذي تحتاجونه؟ {ANSWER} {S[2]}")
    article = parse_text(text)
    assert [c.title for c in article.chapters][1:] == ["بدأت العمل قبل عامين، كيف ترى المستقبل؟", "وما الذي تحتاجونه؟"]


@pytest.mark.parametrize(
    "q_label,a_label",
    [("س: ", "ج: "), ("سؤال: ", "جواب: "), ("* ", "- "), ("", ""), ("س - ", "ج - ")],
)
def test_interview_set_out_a_question_a_line(q_label: str, a_label: str):
    first, second = QUESTIONS[0]
    text = (f"حوار مع مدير المشروع\n\n{S[0]}\n{q_label}{first}\n{a_label}{ANSWER}\n"
            f"{q_label}{second}\n{a_label}{ANSWER} {S[1]}\n")
    article = parse_text(text)
    assert [(c.title, c.paragraphs) for c in article.chapters][1:] == [
        (first, (ANSWER,)), (second, (f"{ANSWER} {S[1]}",))]


@pytest.mark.parametrize(
    "blocks",
    [
        # one question line in a report is the writer's
        [S[0], "فكيف سيتعامل المزارعون مع الخطة الجديدة؟", S[1], S[2]],
        [S[0], "كيف سيتعامل المزارعون مع الخطة الجديدة؟", S[1], S[2]],
        # questions with no answer after them, or answered by another question
        [S[0], "من نحن؟", "وإلى أين نمضي؟", "ولماذا نكتب؟"],
        # reported questions
        [S[0], "وتساءل الوزير: متى تنتهي الأزمة؟", S[1], "وسأل النائب: من يتحمل الكلفة؟", S[2]],
        # questions followed by a word or two
        [S[0], "هل ينجح المشروع؟", "ربما.", "ومتى؟", "لا أحد يعرف."],
    ],
)
def test_question_lines_leave_alone(blocks: list[str]):
    assert question_lines(blocks) == set()


# --- hard-wrapped copy --------------------------------------------------------------------------------

def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


BODY = " ".join(S * 2)


@pytest.mark.parametrize("width", [50, 60, 72, 80, 100])
def test_hard_wrapped_lines_are_one_paragraph(width: int):
    text = f"عنوان الخبر\n\n{_wrap(BODY, width)}\n\n{_wrap(BODY, width)}"
    article = parse_text(text)
    assert article.chapters[0].paragraphs == (BODY, BODY)


@pytest.mark.parametrize(
    "lines",
    [
        S,  # one paragraph a line, of different lengths
        [S[0], S[1] + " " + S[2], S[3]],  # too few lines
        ["بلادي وإن جارت علي عزيزة", "وأهلي وإن ضنوا علي كرام", "أحن إلى خبز أمي", "وقهوة أمي"] + S,
        [s + " " + s for s in S] + S,  # long lines: one paragraph each
    ],
)
def test_hard_wrap_leaves_alone(lines: list[str]):
    assert not is_hard_wrapped(lines)
    text = "عنوان\n\n" + "\n".join(lines)
    assert unwrap(text) == text


# --- URL lines, poems, false titles -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "blocks,joined",
    [
        (["ويمكن التسجيل عبر الموقع", "https://example.gov/register"], ["ويمكن التسجيل عبر الموقع https://example.gov/register"]),
        (["للمزيد زوروا:", "www.example.com."], ["للمزيد زوروا: www.example.com."]),
        (["التفاصيل على الرابط", "(https://t.co/abc)"], ["التفاصيل على الرابط (https://t.co/abc)"]),
        # left alone: the sentence before it has ended, or the line holds more than a URL
        ([S[0], "https://example.gov"], [S[0], "https://example.gov"]),
        (["ويمكن التسجيل عبر الموقع", "https://example.gov يوم الأحد"], ["ويمكن التسجيل عبر الموقع", "https://example.gov يوم الأحد"]),
    ],
)
def test_url_line_joins_an_unfinished_sentence(blocks: list[str], joined: list[str]):
    assert join_url_lines(blocks) == joined


@pytest.mark.parametrize(
    "blocks,expected",
    [
        (["وغنى الجمهور معه:", "يا ليل يا عين", "يا ليل طويل", S[0]], ["وغنى الجمهور معه:", "يا ليل يا عين، يا ليل طويل", S[0]]),
        ([S[0], "يا ليل يا عين", "يا ليل طويل", "يا ليل ما أحلاك", S[1]], [S[0], "يا ليل يا عين، يا ليل طويل، يا ليل ما أحلاك", S[1]]),
        # left alone: two short lines without a lead-in (a kicker and a title), a single line, sentences
        ([S[0], "مشروع جديد", "تفاصيل الخطة", S[1]], [S[0], "مشروع جديد", "تفاصيل الخطة", S[1]]),
        ([S[0], "تفاصيل الخطة", S[1]], [S[0], "تفاصيل الخطة", S[1]]),
        (S, S),
    ],
)
def test_verse_runs_are_one_paragraph(blocks: list[str], expected: list[str]):
    assert join_verse(blocks) == expected


def test_lyrics_and_datelines_are_no_titles():
    text = (f"حفل ختام المهرجان\n\n{S[0]}\nومن كلمات الأغنية التي رددها الجمهور:\n"
            f"يا ليل يا عين\nيا ليل طويل\n{S[1]}\nعمّان - بترا\n{S[2]}\nوفي السياق ذاته\n{S[3]}")
    assert _titles(text) == []


def test_a_real_sub_heading_still_opens_a_chapter():
    text = f"عنوان الخبر\n\n{S[0]}\n{S[1]}\nتفاصيل الخطة\n{S[2]}\n{S[3]}"
    assert _titles(text) == ["تفاصيل الخطة"]


# --- Markdown dumps ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "heading,number",
    [("## (1) ", "(1)"), ("## 2. ", "2."), ("## 3) ", "3)"), ("### ٤- ", "٤-"), ("## ", None)],
)
def test_markdown_dump_headline_and_metadata(heading: str, number: str | None):
    text = (f"{heading}الحكومة تطلق خطة لدعم المزارعين\n\n- **التاريخ:** 01/08/2026 — 10:00 ص\n"
            f"- **القسم:** اقتصاد\n- **الكاتب:** سامي العلي\n- **الرابط:** https://example.com/a\n\n"
            f"**نص التقرير:**\n\n{S[0]}\n\n{S[1]}\n\n### تفاصيل الخطة\n\n{S[2]}\n\n"
            f"اقرأ أيضًا: الحكومة تعلن موازنة العام المقبل\n\n{S[3]}\n\nلمتابعة آخر الأخبار.. اضغط هنا\n")
    article = parse_text(text)
    assert article.headline == "الحكومة تطلق خطة لدعم المزارعين"
    assert article.byline == "سامي العلي"
    assert [(c.title, c.paragraphs) for c in article.chapters][1:] == [("تفاصيل الخطة", (S[2], S[3]))]
    assert article.chapters[0].paragraphs == (S[0], S[1])
    reasons = {d.reason for d in article.dropped}
    assert {"metadata-list", "field-label", "read-also-link", "click-here-link"} <= reasons
    assert ("list-numbering" in reasons) == (number is not None)


@pytest.mark.parametrize(
    "text,headline,first_paragraphs",
    [
        # a year or a count opening the headline is not a dump's number
        (f"## 2024: عام الانتخابات\n\n{S[0]}\n", "2024: عام الانتخابات", (S[0],)),
        (f"## 10 أسباب لارتفاع الأسعار\n\n{S[0]}\n", "10 أسباب لارتفاع الأسعار", (S[0],)),
        # a list in the body is the article's text, even of "name: value" items
        (f"# الخطة\n\n{S[0]}\n\n- المرحلة الأولى: القروض\n- المرحلة الثانية: البذور\n",
         "الخطة", (S[0], "المرحلة الأولى: القروض", "المرحلة الثانية: البذور")),
        # a single field under the headline is a sentence, not metadata
        (f"# الخطة\n\n- ملاحظة: الخطة تبدأ الشهر المقبل في جميع المحافظات.\n\n{S[0]}\n",
         "الخطة", ("ملاحظة: الخطة تبدأ الشهر المقبل في جميع المحافظات.", S[0])),
        # a bold line ending in a colon after the text has begun introduces a list
        (f"# الخطة\n\n{S[0]}\n\n**أهم البنود:**\n\n{S[1]}\n", "الخطة", (S[0], "أهم البنود:", S[1])),
    ],
)
def test_markdown_leaves_alone(text: str, headline: str, first_paragraphs: tuple[str, ...]):
    article = parse_text(text)
    assert article.headline == headline
    assert article.chapters[0].paragraphs == first_paragraphs


@pytest.mark.parametrize("line,byline", [
    ("**بقلم: سارة الأحمد**", "بقلم: سارة الأحمد"),
    ("**كتب - محمد علي**", "كتب - محمد علي"),
    ("بقلم سارة الأحمد", "بقلم سارة الأحمد"),
    # A bold deck under the headline is spoken, not a byline.
    ("**البنك يرفع الفائدة للمرة الثالثة هذا العام**", ""),
])
def test_markdown_bold_byline_under_the_headline(line: str, byline: str):
    article = parse_text(f"# البنك المركزي يرفع سعر الفائدة\n\n{line}\n\n{S[0]}\n")
    assert article.byline == byline
    assert S[0] in article.chapters[0].paragraphs


@pytest.mark.parametrize("lines,byline", [
    (["تقرير يرصد العوامل التي تضغط على موائد الأسر", "بقلم: ليلى حسن"], "بقلم: ليلى حسن"),
    (["تقرير يرصد العوامل التي تضغط على موائد الأسر", "كتب - محمد علي"], "كتب - محمد علي"),
    # Left alone: the deck's own words, a sentence, a lead word without its colon, a line after the body.
    (["تقرير يرصد العوامل التي تضغط على موائد الأسر", "تقرير اللجنة الأممية"], ""),
])
def test_byline_under_a_deck(lines: list[str], byline: str):
    text = "\n".join(["خمسة أسباب وراء ارتفاع أسعار الغذاء", *lines, S[0], S[1]])
    article = parse_text(text)
    assert article.byline == byline
    assert lines[0] in article.chapters[0].paragraphs
    assert byline not in [c.title for c in article.chapters]


def test_a_byline_line_after_the_body_is_not_moved():
    article = parse_text("\n".join(["عنوان الخبر هنا", S[0], S[1], "بقلم: ليلى حسن", S[2]]))
    assert article.byline == ""


@pytest.mark.parametrize("picture,caption_dropped", [
    ("![صورة](a.jpg)\n*ناخبة تدلي بصوتها في مكتب اقتراع*", True),
    ("![صورة](a.jpg)\n\n*ناخبة تدلي بصوتها في مكتب اقتراع*", True),
    # Left alone: emphasis without a picture (a deck), a picture before plain text.
    ("*ناخبة تدلي بصوتها في مكتب اقتراع*", False),
    ("![صورة](a.jpg)\n\nناخبة تدلي بصوتها في مكتب اقتراع", False),
])
def test_markdown_picture_caption(picture: str, caption_dropped: bool):
    article = parse_text(f"# انتخابات بلدية في تونس\n\n{S[0]}\n\n{picture}\n\n{S[1]}\n")
    spoken = [p for c in article.chapters for p in c.paragraphs]
    caption = "ناخبة تدلي بصوتها في مكتب اقتراع"
    assert (caption in spoken) != caption_dropped
    assert ("image-caption" in {d.reason for d in article.dropped}) == caption_dropped
    assert S[0] in spoken and S[1] in spoken


def test_markdown_table_is_read_row_by_row():
    table = "| الولاية | النسبة |\n|---|---|\n| تونس | 10% |\n| صفاقس | 14% |"
    article = parse_text(f"# انتخابات بلدية في تونس\n\n{S[0]}\n\n{table}\n\n{S[1]}\n")
    assert article.chapters[0].paragraphs == (S[0], "الولاية، النسبة. تونس، 10%. صفاقس، 14%.", S[1])


def test_an_interview_whose_turns_are_named_by_their_speakers():
    turns = [("كيف بدأت علاقتك بالمسرح؟", "بدأت في المدرسة حين شاركت في مسرحية صغيرة."),
             ("ما الدور الأقرب إلى قلبك؟", "دور الأم في مسرحية الانتظار لأنه يشبه حكاية أمي."),
             ("هل تفكرين في الإخراج؟", "ربما بعد سنوات فالإخراج مسؤولية كبيرة.")]
    lines = [line for q, a in turns for line in (f"الصحيفة: {q}", f"هدى سعيد: {a}")]
    article = parse_text("\n".join(["الفنانة هدى سعيد: المسرح بيتي الأول", S[0], *lines]))
    assert [c.title for c in article.chapters][1:] == [q for q, _ in turns]
    assert [c.paragraphs for c in article.chapters][1:] == [(a,) for _, a in turns]
    labels = [d.text for d in article.dropped if d.reason == "interview-label"]
    assert labels.count("الصحيفة:") == 3 and labels.count("هدى سعيد:") == 3


@pytest.mark.parametrize("lines", [
    # A report quoting the same person's questions, with no one answering by name.
    ["الوزير: من سيدفع الثمن؟", S[0], "الوزير: إلى متى ننتظر؟", S[1]],
    # Named statements with no questions: a transcript, not an interview.
    ["الرئيس: سنبني مدارس جديدة في كل المحافظات.", "المعارضة: الوعود لا تكفي من دون تمويل.",
     "الرئيس: التمويل مضمون من الموازنة.", "المعارضة: سننتظر ونرى النتائج."],
])
def test_named_lines_that_are_no_interview_keep_their_names(lines: list[str]):
    article = parse_text("\n".join(["عنوان الخبر هنا", S[2], *lines]))
    spoken = " ".join(p for c in article.chapters for p in c.paragraphs) + " ".join(c.title for c in article.chapters)
    assert all(line.split(":")[0] in spoken for line in lines if ":" in line)
    assert not [d for d in article.dropped if d.reason == "interview-label"]


@pytest.mark.parametrize("name", ["د. خالد العمري", "الدكتورة منى السيد", "أ. سامي يوسف"])
def test_a_columnists_name_over_the_line_that_describes_them(name: str):
    article = parse_text("\n".join(["الاقتصاد بين الأمل والواقع", name, "أستاذ الاقتصاد في جامعة الملك سعود", S[0], S[1]]))
    assert article.byline == name
    assert article.chapters[0].paragraphs[0] == "أستاذ الاقتصاد في جامعة الملك سعود"
    assert len(article.chapters) == 1


def test_a_deck_about_a_doctor_is_not_a_byline():
    deck = "الدكتور محمد علي يحذر من موجة جديدة للوباء في الشتاء"
    article = parse_text("\n".join(["عنوان الخبر هنا", deck, "قصة قصيرة عن الموجة", S[0], S[1]]))
    assert article.byline != deck


def test_a_numbered_list_under_a_title_is_read_item_by_item():
    items = ["1. ارتفاع درجة حرارة الجسم", "2. الصداع والدوار", "3. الغثيان"]
    article = parse_text("\n".join(["الصحة تصدر إرشادات لمواجهة الحر", S[0], "أعراض ضربة الشمس", *items, S[1]]))
    assert [c.title for c in article.chapters][1:] == ["أعراض ضربة الشمس"]
    assert article.chapters[1].paragraphs == (*items, S[1])


@pytest.mark.parametrize("lines,titles", [
    # A numbered sub-heading over text is still a title.
    (["3- تراجع العملات المحلية", S[1]], ["3- تراجع العملات المحلية"]),
    # A bulleted list after a lead-in: items, and no title from the lead-in or the last item.
    (["وتتضمن الإرشادات ما يلي:", "- شرب الماء", "- تجنب الشمس", S[1]], []),
    # Short unnumbered lines are still verse, joined.
    (["يا ليل طل", "يا قمر غب", "يا نجم اسهر", S[1]], []),
])
def test_lists_and_titles(lines: list[str], titles: list[str]):
    article = parse_text("\n".join(["عنوان الخبر هنا", S[0], *lines]))
    assert [c.title for c in article.chapters][1:] == titles
