"""Widget lines of a page copied as text (widget_lines.py): what each rule takes, what it leaves."""

from __future__ import annotations

import pytest

from narrator.text import widget_lines
from narrator.text.noise import BLOCK_RULES
from narrator.text.parse import parse_text

SENTENCE = "وأعلنت الوزارة أن المشروع سيكتمل قبل نهاية العام الجاري."

CASES = {
    widget_lines.breadcrumb_trail: (
        ["الرئيسية » أخبار » اقتصاد", "الرئيسية / محليات", "Home > News > World", "أخبار › عربي ودولي › سوريا",
         "الرئيسية | رياضة"],
        [SENTENCE, "سعر الصرف 3/4", "قال إن النمو > 3% هذا العام", "أخبار / رياضة / اقتصاد / محليات ثقافة فنون منوعات سياحة",
         "الرئيسية", "«زجاج» تشتري حصة الشركاء في «سانلك»"],
    ),
    widget_lines.share_bar: (
        ["شارك", "فيسبوك تويتر واتساب", "Share | Email | Print", "مشاركه الخبر :", "شارك الخبر: فيسبوك - تويتر - تيليجرام",
         "شارك هذا الخبر"],
        [SENTENCE, "شارك الآلاف في المظاهرة", "فيسبوك تعلن عن ميزة جديدة", "تويتر", "نشر الجيش قواته على الحدود"][0:3]
        + ["فيسبوك تعلن عن ميزة جديدة للمستخدمين", "نشر الجيش قواته على الحدود"],
    ),
    widget_lines.advertisement_label: (
        ["إعلان", "Advertisement", "مساحة إعلانية", "محتوى ممول", "تابع القراءة", "Continue reading"],
        [SENTENCE, "إعلان الحكومة عن الخطة الجديدة", "أكمل القراءة في الكتاب.", "الإعلانات التجارية على الطرق",
         "تابع القراءة والكتابة في السجن"],
    ),
    widget_lines.follow_us_call: (
        ["تابعونا على تطبيق نبض", "لمتابعة آخر الأخبار اشترك في قناتنا على تليجرام", "تابعوا صفحتنا على فيسبوك",
         "اشترك في النشرة البريدية", "حمل تطبيق الموقع لمتابعة الأخبار العاجلة"],
        [SENTENCE, "تابع الوزير حديثه عن الخطة الجديدة للنقل العام", "اشترك الفريق في البطولة الإقليمية للمرة الأولى",
         "تابعونا", "لمتابعة الملف شكلت الحكومة لجنة خاصة برئاسة الوزير وعضوية ممثلين عن القطاعات المختلفة وتطبيق القرارات"],
    ),
    widget_lines.comments_counter: (
        ["التعليقات (0)", "أضف تعليقك", "Comments 3", "عدد التعليقات: 12", "كن أول من يعلق"],
        [SENTENCE, "التعليقات التي نشرها الوزير أثارت جدلا", "تعليق الدراسة في المدارس", "أضف تعليقك على القرار في الاستطلاع",
         "اللجنة: لا تعليق"],
    ),
    widget_lines.photo_caption: (
        ["صورة أرشيفية للمتحف المصري الكبير", "صورة تعبيرية", "الصورة تظهر وزير الخارجية خلال الاجتماع",
         "جانب من الاحتجاجات في العاصمة (أرشيفية)", "في الصورة الرئيس مع ضيوفه", "الوزير خلال الزيارة (أرشيف)",
         "مصدر الصورة، Getty Images", "التعليق على الصورة، وزير الصحة خلال المؤتمر"],
        [SENTENCE, "صورة قاتمة للاقتصاد", "نشرت الوزارة صورا أرشيفية للمبنى قبل ترميمه في القرن الماضي.",
         "الأرشيف الوطني يفتح أبوابه للباحثين", "أرشيف الحرب المنسية", "مصدر الصورة غير معروف حتى الآن", "(الصورة أدناه توضح حجم الدمار الذي خلفه الزلزال في المدينة.)"],
    ),
    widget_lines.hashtag_line: (
        ["#الجزائر #أمطار #طقس", "#تونس", "#عاجل، #غزة", "#COP28 #المناخ", "#السعودية  #رؤية_2030"],
        [SENTENCE, "وانتشر وسم #أمطار على مواقع التواصل", "#1", "الوسم الأكثر تداولا", "# عنوان"],
    ),
    widget_lines.copyright_notice: (
        ["© جميع الحقوق محفوظة لموقع الأخبار 2024", "جميع الحقوق محفوظة", "© 2024 Example News",
         "All rights reserved", "كل الحقوق محفوظة لجريدة الصباح ©"],
        [SENTENCE, "وأكد أن حقوق الإنسان محفوظة بالدستور.", "الحقوق والحريات في الدستور الجديد",
         "وقال المحامي إن جميع الحقوق محفوظة للمتضررين وإن القضاء سيعيدها إليهم كاملة مهما طال الزمن وتعددت الجلسات",
         "حقوق النشر"],
    ),
    widget_lines.feedback_prompt: (
        ["هل كان هذا المقال مفيدا؟ نعم لا", "هل كان هذا الخبر مفيداً؟", "هل أعجبك المقال؟", "قيم هذا المقال",
         "Was this article helpful?"],
        [SENTENCE, "هل كان القرار صائبا؟", "هل كان هذا المقال مفيدا للقراء الذين تابعوا القضية منذ بدايتها قبل عامين في المحاكم؟",
         "ما رأيك؟", "قيمة هذا المقال في توقيته"],
    ),
}


@pytest.mark.parametrize("rule,block", [(r, b) for r, (taken, _) in CASES.items() for b in taken],
                         ids=lambda v: getattr(v, "__name__", None))
def test_rule_takes(rule, block: str):
    assert rule(block) == ("", block)


@pytest.mark.parametrize("rule,block", [(r, b) for r, (_, left) in CASES.items() for b in left],
                         ids=lambda v: getattr(v, "__name__", None))
def test_rule_leaves_alone(rule, block: str):
    assert rule(block) == (block, "")


def test_every_widget_rule_is_in_the_pipeline():
    assert all(rule in BLOCK_RULES for rule in widget_lines.WIDGET_RULES)


def test_a_page_copied_from_its_top_reads_as_its_article():
    text = "\n".join([
        "الرئيسية » أخبار » اقتصاد", "ارتفاع أسعار الذهب إلى مستوى قياسي جديد", "الإثنين 12 فبراير 2024 - 10:45 ص",
        "كتب: أحمد سمير", "شارك", "فيسبوك", "تويتر", "واتساب", SENTENCE, "وقال محللون إن الطلب على الذهب ارتفع.",
        "توقعات المحللين", "ويتوقع خبراء أن تواصل الأسعار ارتفاعها.", "تابعونا على تطبيق نبض", "التعليقات (0)",
    ])
    article = parse_text(text)
    assert article.headline == "ارتفاع أسعار الذهب إلى مستوى قياسي جديد"
    assert article.byline == "كتب: أحمد سمير"
    assert [c.title for c in article.chapters] == [article.headline, "توقعات المحللين"]
    assert article.chapters[0].paragraphs == (SENTENCE, "وقال محللون إن الطلب على الذهب ارتفع.")
    assert article.chapters[1].paragraphs == ("ويتوقع خبراء أن تواصل الأسعار ارتفاعها.",)
    reasons = {d.reason for d in article.dropped}
    assert {"breadcrumb-trail", "share-bar", "follow-us-call", "comments-counter"} <= reasons


HEADLINE = "زلزال بقوة 6 درجات يضرب جنوب تركيا"


@pytest.mark.parametrize("above,reason", [
    ("عاجل", "kicker-label"),
    ("تحليل:", "kicker-label"),
    ("آخر تحديث: 14 مارس 2024 - 09:12", "timestamp-line"),
    ("نشر في: الثلاثاء 11 أغسطس 2015 - 13:07", "timestamp-line"),
    ("الرئيسية » عربي ودولي", "breadcrumb-trail"),
    ("Share | Email", "share-bar"),
])
def test_what_stands_above_the_headline_is_not_the_headline(above: str, reason: str):
    article = parse_text("\n".join([above, HEADLINE, "أنقرة - (أ ف ب)", SENTENCE]))
    assert article.headline == HEADLINE
    assert (above, reason) in {(d.text, d.reason) for d in article.dropped}


@pytest.mark.parametrize("headline", [
    "تحليل الدم يكشف أمراض القلب مبكرا",  # a kicker's word opening a headline
    "تحديث 14 مارس سيغير قواعد اللعبة",  # a date inside a headline
    "عاجل",  # alone, it is all there is
])
def test_a_headline_that_starts_like_page_furniture_stays(headline: str):
    text = "\n".join([headline, SENTENCE]) if headline != "عاجل" else "عاجل\n" + SENTENCE
    assert parse_text(text).headline == headline


def test_kicker_label_is_only_a_label():
    assert widget_lines.kicker_label("عاجل") == ("", "عاجل")
    assert widget_lines.kicker_label("عاجل: زلزال يضرب تركيا") == ("عاجل: زلزال يضرب تركيا", "")


def test_a_press_release_reads_as_its_news():
    text = "\n".join([
        "بيان صحفي", "للنشر الفوري", "شركة النور للطاقة توقع اتفاقية لبناء محطة رياح", SENTENCE,
        "وقال الرئيس التنفيذي إن المشروع سيوفر مئات فرص العمل.", "-انتهى-", "للاستفسارات الإعلامية:", "ليلى يوسف",
        "هاتف: 0791234567",
    ])
    article = parse_text(text)
    assert article.headline == "شركة النور للطاقة توقع اتفاقية لبناء محطة رياح"
    assert [p for c in article.chapters for p in c.paragraphs] == [
        SENTENCE, "وقال الرئيس التنفيذي إن المشروع سيوفر مئات فرص العمل."]
    reasons = {(d.text, d.reason) for d in article.dropped}
    assert {("بيان صحفي", "kicker-label"), ("-انتهى-", "wire-end-marker"), ("ليلى يوسف", "after-end-marker")} <= reasons


@pytest.mark.parametrize("block", ["الاجتماع - انتهى - بلا نتيجة", "قال إن الأمر انتهى", "انتهى الاجتماع دون اتفاق."])
def test_the_end_mark_with_dashes_leaves_sentences_alone(block: str):
    from narrator.text.noise import wire_end_marker
    assert wire_end_marker(block) == (block, "")
