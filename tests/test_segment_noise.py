"""Page-furniture rules, one table each: what a rule removes, and what it must leave alone."""

from __future__ import annotations

import pytest

from narrator.text import noise

BODY = "وأكد الوزير أن المشروع سيكتمل العام المقبل."


def _table(rule, block: str, kept: str, removed: str) -> None:
    assert rule(block) == (kept, removed)


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("راسلنا على [email protected] للاستفسار.", "راسلنا على للاستفسار.", "[email protected]"),
        ("[email\u00a0protected]", "", "[email\u00a0protected]"),
        # must leave alone: brackets that are not Cloudflare's, a real address
        ("قال [المتحدث] إن الاجتماع انتهى.", "قال [المتحدث] إن الاجتماع انتهى.", ""),
        ("info@example.com", "info@example.com", ""),
    ],
)
def test_cloudflare_email(block: str, kept: str, removed: str):
    _table(noise.cloudflare_email, block, kept, removed)


BOX = "للتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (3) ثم مسافة ثم نص الرسالة إلى 88591 - Stc"


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        (BOX, "", BOX),
        ("name@yahoo.com" + BOX, "", "name@yahoo.com" + BOX),
        ("للتواصل أرسل sms إلى 88548 الاتصالات، 636250 موبايلي", "", "للتواصل أرسل sms إلى 88548 الاتصالات، 636250 موبايلي"),
        (BODY + " " + BOX, BODY, BOX),
        # must leave alone: contacting someone is news when no SMS instructions follow
        ("ودعت الوزارة المواطنين للتواصل مع مركز الاتصال على الرقم 920033 عند الحاجة.",
         "ودعت الوزارة المواطنين للتواصل مع مركز الاتصال على الرقم 920033 عند الحاجة.", ""),
        ("أرسل الوزير رسالة SMS إلى المعلمين.", "أرسل الوزير رسالة SMS إلى المعلمين.", ""),
    ],
)
def test_contact_box(block: str, kept: str, removed: str):
    _table(noise.contact_box, block, kept, removed)


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("jehat5@yahoo.com", "", "jehat5@yahoo.com"),
        ("البريد الإلكتروني: a.b@site.sa", "", "البريد الإلكتروني: a.b@site.sa"),
        # must leave alone: a sentence that gives an address
        ("ويمكن إرسال الطلبات إلى البريد jobs@moe.gov.sa قبل نهاية الشهر الجاري.",
         "ويمكن إرسال الطلبات إلى البريد jobs@moe.gov.sa قبل نهاية الشهر الجاري.", ""),
        (BODY, BODY, ""),
    ],
)
def test_author_email(block: str, kept: str, removed: str):
    _table(noise.author_email, block, kept, removed)


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("...المزيد", "", "...المزيد"),
        (BODY + " ...المزيد", BODY, "...المزيد"),
        (BODY + " اقرأ المزيد", BODY, "اقرأ المزيد"),
        ("Read more »", "", "Read more »"),
        # must leave alone: "المزيد" as a word of the sentence
        ("وقال إن البلاد تحتاج المزيد", "وقال إن البلاد تحتاج المزيد", ""),
        ("وطالب بالمزيد من الدعم.", "وطالب بالمزيد من الدعم.", ""),
    ],
)
def test_read_more_link(block: str, kept: str, removed: str):
    _table(noise.read_more_link, block, kept, removed)


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        (BODY + " // انتهى //", BODY, "// انتهى //"),
        (BODY + " // انتهى // 14:32 ت م", BODY, "// انتهى // 14:32 ت م"),
        (BODY + " (انتهى)", BODY, "(انتهى)"),
        (BODY + " انتهى //", BODY, "انتهى //"),
        (BODY + " //انتهى// 1432 ت م 0075 تغريد", BODY, "//انتهى// 1432 ت م 0075 تغريد"),
        ("انتهى", "", "انتهى"),
        # must leave alone: the verb "انتهى" in a sentence
        ("انتهى الاجتماع دون اتفاق.", "انتهى الاجتماع دون اتفاق.", ""),
        ("وقال إن الأمر انتهى", "وقال إن الأمر انتهى", ""),
    ],
)
def test_wire_end_marker(block: str, kept: str, removed: str):
    _table(noise.wire_end_marker, block, kept, removed)


@pytest.mark.parametrize(
    "block,dropped",
    [
        ("Tuesday, 11 August 2015 - 13:07 pm", True),
        ("الثلاثاء 11 أغسطس 2015 - 13:07", True),
        ("2015-08-11", True),
        # must leave alone: a dateline that opens the news, a sentence with a date
        ("الرياض 11 أغسطس 2015 - أعلنت الوزارة اليوم عن خطة جديدة.", False),
        ("وتم التقاط الصورة في 6 يوليو 2015.", False),
    ],
)
def test_timestamp_line(block: str, dropped: bool):
    assert noise.timestamp_line(block) == (("", block) if dropped else (block, ""))


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("Tuesday, 11 August 2015 - 13:07 pm " + BODY, BODY, "Tuesday, 11 August 2015 - 13:07 pm"),
        ("برلين - (أ ف ب) Tuesday, 11 August 2015 - 13:07 pm", "برلين - (أ ف ب)", "Tuesday, 11 August 2015 - 13:07 pm"),
        # must leave alone: an English date inside an Arabic sentence
        ("وقالت صحيفة إن الاتفاق وقع Tuesday, 11 August 2015 في لندن.",
         "وقالت صحيفة إن الاتفاق وقع Tuesday, 11 August 2015 في لندن.", ""),
    ],
)
def test_timestamp_glued_to_text(block: str, kept: str, removed: str):
    assert noise.timestamp_line(block) == (kept, removed)


@pytest.mark.parametrize(
    "block,dropped",
    [
        ("رابط الخبر بصحيفة الوئام: هبوط أسعار النفط في التعاملات الآسيوية", True),
        ("الرابط المختصر: https://example.com/x", True),
        # must leave alone: a sentence about a link
        ("ونشرت الوزارة رابط الخبر على موقعها.", False),
    ],
)
def test_site_backlink(block: str, dropped: bool):
    assert noise.site_backlink(block) == (("", block) if dropped else (block, ""))


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("Next Previous", "", "Next Previous"),
        (BODY + " السابق التالي", BODY, "السابق التالي"),
        ("Previous Next " + BODY, BODY, "Previous Next"),
        # must leave alone: one such word closing a sentence
        ("وعاد إلى منصبه السابق", "وعاد إلى منصبه السابق", ""),
        ("ويعقد الاجتماع في الأسبوع التالي", "ويعقد الاجتماع في الأسبوع التالي", ""),
    ],
)
def test_slider_text(block: str, kept: str, removed: str):
    _table(noise.slider_text, block, kept, removed)


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("وصعد مؤشر أسعار السكر 2.5 في المئة. سمات الاسعار الامم المتحدة الغذاء",
         "وصعد مؤشر أسعار السكر 2.5 في المئة.", "سمات الاسعار الامم المتحدة الغذاء"),
        ("الوسوم: اقتصاد السعودية النفط", "", "الوسوم: اقتصاد السعودية النفط"),
        # must leave alone: the word opening a sentence, or inside one
        ("سمات الشخصية القيادية كثيرة، أبرزها الصبر.", "سمات الشخصية القيادية كثيرة، أبرزها الصبر.", ""),
        ("وتحدث عن سمات المرحلة المقبلة", "وتحدث عن سمات المرحلة المقبلة", ""),
    ],
)
def test_tag_list(block: str, kept: str, removed: str):
    _table(noise.tag_list, block, kept, removed)


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("وحل ثالثا سهم الإنماء. * وحدة التقارير الاقتصادية", "وحل ثالثا سهم الإنماء.", "* وحدة التقارير الاقتصادية"),
        ("تصوير: أحمد علي", "", "تصوير: أحمد علي"),
        ("(الصورة: رويترز)", "", "(الصورة: رويترز)"),
        ("[Photo: AFP]", "", "[Photo: AFP]"),
        # must leave alone: a bulleted item with numbers, a sentence that mentions a photo
        ("*13 جويلية: عرض موسيقي", "*13 جويلية: عرض موسيقي", ""),
        ("الصورة التي نشرتها ناسا تظهر الأرض كاملة.", "الصورة التي نشرتها ناسا تظهر الأرض كاملة.", ""),
        ("(الصورة أدناه توضح حجم الدمار.)", "(الصورة أدناه توضح حجم الدمار.)", ""),
    ],
)
def test_credit_line(block: str, kept: str, removed: str):
    _table(noise.credit_line, block, kept, removed)


def test_clean_blocks_reports_each_rule_by_name():
    kept, dropped = noise.clean_blocks([BODY, "jehat5@yahoo.com", BODY + " ...المزيد"])
    assert kept == [BODY, BODY]
    assert [(d.text, d.reason) for d in dropped] == [
        ("jehat5@yahoo.com", "author-email"),
        ("...المزيد", "read-more-link"),
    ]


@pytest.mark.parametrize(
    "block,dropped",
    [
        ("اقرأ أيضا: ارتفاع أسعار الذهب في السوق المحلية", True),
        ("إقرأ أيضاً - الهلال يفوز على النصر", True),
        # must leave alone: a sentence that asks readers to read, a long paragraph
        ("ودعا الوزير المواطنين إلى أن يقرأوا أيضا التعليمات الجديدة.", False),
        ("اقرأ أيضا " + " ".join(["كلمة"] * 30), False),
    ],
)
def test_read_also_link(block: str, dropped: bool):
    assert noise.read_also_link(block) == (("", block) if dropped else (block, ""))
