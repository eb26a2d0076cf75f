"""The furniture rules of noise_lines.py: what each takes, and what it must leave alone."""

from __future__ import annotations

import pytest

from narrator.text import noise_lines
from narrator.text.noise import BLOCK_RULES, clean_blocks

SENTENCE = "وأعلنت الوزارة أن المشروع سيكتمل قبل نهاية العام الجاري."

CASES = {
    noise_lines.agency_credit: (
        ["--(بترا)", "(أ ف ب)", "- [رويترز]", "(د ب أ) -", "(وكالة الأنباء الرسمية)"],
        [SENTENCE, "(انظر الصورة أعلاه للمزيد من التفاصيل عن المشروع الجديد)", "وقالت (أ ف ب) إن الاجتماع انتهى.",
         "(1)", "الأمم المتحدة (اليونسكو)"],
    ),
    noise_lines.wire_time_stamp: (
        ["14:32 ت م", "09:15 GMT", "10:05 ص", "7.45 مساء", "23:10:05"],
        ["14:32 ت م انتهى الاجتماع بالاتفاق على كل البنود", "الساعة 14:32", "2:1", SENTENCE, "فاز الفريق 3:1 على ضيفه"],
    ),
    noise_lines.separator_line: (
        ["*****", "/", "---", "• • •", "~~~"],
        ["1", "١", "أ", SENTENCE, "***نهاية***"],
    ),
    noise_lines.rubric_label: (
        ["التعلم الأسبوعي -", "أخبار محلية -", "رياضة –", "من الأرشيف —", "متابعات -"],
        ["المباراة انتهت بالتعادل وسط غضب الجماهير في المدرجات -", "الرياض - واس", SENTENCE, "الفريق الأول - 2", "- بند أول"],
    ),
    noise_lines.foreign_language_line: (
        ["A septuagenarian Palestinian prepares for Ph.D.", "After having obtained a Master degree in law",
         "The ministry said on Sunday", "Read the full report here now", "Photo by the ministry press office"],
        ["Just for Men", "BBC News", SENTENCE, "قال Elon Musk إن الشركة ستطلق صاروخا جديدا", "CNN"],
    ),
    noise_lines.click_here_link: (
        ["لمتابعة مستجدات الحرب في إيران.. اضغط هنا", "لمشاهدة الفيديو انقر هنا", "للتسجيل اضغط على الرابط",
         "To read more click here", "شاهد الحلقة كاملة: اضغط هنا »"],
        ["وقال إن المواطن لا يحتاج إلى أن يضغط هنا وهناك ليحصل على الخدمة، بل يكفيه تطبيق واحد.",
         "اضغط هنا ثم اختر الخدمة المطلوبة من القائمة", SENTENCE, "هنا انقر الزر الأحمر لتشغيل الجهاز", "الضغط هنا مرتفع"],
    ),
    noise_lines.comment_policy: (
        ["الآراء الواردة أدناه لا تعبر عن رأي موقع الخبر بل تعكس وجهات نظر أصحابها فقط.",
         "ترحب الصحيفة بالتعليقات، يرجى مراجعة شروط الاستخدام قبل النشر.",
         "التعليقات لا تعبر عن رأي الجريدة",
         "جميع مشاركاتك تخضع لسياسة الخصوصية",
         "المقالات المنشورة لا تعبر بالضرورة عن رأي الموقع"],
        ["وقال الوزير إن تصريحاته السابقة لا تعبر عن رأي الحكومة بل عن رأيه الشخصي.",
         "وانتقد المعلقون سياسة الخصوصية الجديدة للشركة بشدة في تعليقاتهم على القرار الذي صدر أمس عن مجلس الإدارة، "
         "معتبرين أنه يمس حقوق المستخدمين ويتعارض مع القوانين الأوروبية " * 4,
         SENTENCE, "ورفض التعليق على الخبر.", "إرشادات السلامة في الحرائق"],
    ),
    noise_lines.attachment_link: (
        ["تقرير اللجنة الوطنية 2024.pdf", "تحميل: نص الاتفاقية كاملا", "المرفقات: البيان الختامي",
         "جدول المباريات.xlsx", "نص القرار (قرار-12.docx)"],
        [SENTENCE, "وتم تحميل الشاحنات بالمساعدات", "الملف الكامل في موقع الوزارة", "مرفق بالبيان جدول بالأسعار.",
         "وقال إن ملف pdf الذي نشرته الوزارة يحتوي على أخطاء كثيرة في الأرقام والتواريخ ويجب تصحيحه فورا قبل الاعتماد"],
    ),
}


@pytest.mark.parametrize(
    "rule,block",
    [(rule, block) for rule, (taken, _) in CASES.items() for block in taken],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_rule_takes(rule, block: str):
    assert rule(block) == ("", block)


@pytest.mark.parametrize(
    "rule,block",
    [(rule, block) for rule, (_, left) in CASES.items() for block in left],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_rule_leaves_alone(rule, block: str):
    assert rule(block) == (block, "")


def test_every_line_rule_is_in_the_pipeline_and_reported_by_name():
    assert all(rule in BLOCK_RULES for rule in noise_lines.LINE_RULES)
    kept, dropped = clean_blocks([SENTENCE, "--(بترا)", "14:32 ت م", "*****"])
    assert kept == [SENTENCE]
    assert [d.reason for d in dropped] == ["agency-credit", "wire-time-stamp", "separator-line"]


def test_read_also_with_either_spelling_of_the_tanwin():
    from narrator.text.noise import read_also_link

    for block in ("اقرأ أيضًا: الحكومة تعلن الموازنة", "اقرأ أيضاً: الحكومة تعلن الموازنة"):
        assert read_also_link(block) == ("", block)


@pytest.mark.parametrize(
    "block,kept,removed",
    [
        ("نحن مع الشعب حتى النهاية pic.twitter.com/AbC123 — وزير الخارجية (@MofaEg) March 2, 2025",
         "نحن مع الشعب حتى النهاية", "pic.twitter.com/AbC123 — وزير الخارجية (@MofaEg) March 2, 2025"),
        ("الحمد لله على السلامة — محمد صلاح (@MoSalah) 2 مارس 2025", "الحمد لله على السلامة",
         "— محمد صلاح (@MoSalah) 2 مارس 2025"),
        ("صور من الافتتاح https://pic.twitter.com/xYz", "صور من الافتتاح", "https://pic.twitter.com/xYz"),
        ("pic.x.com/q1w2e3", "", "pic.x.com/q1w2e3"),
        ("كلمة الأمين العام - الأمم المتحدة (@UN) June 5, 2024", "كلمة الأمين العام", "- الأمم المتحدة (@UN) June 5, 2024"),
        # left alone: a handle or a date inside a sentence, a dash and brackets in running text
        ("وكتب الوزير على حسابه (@MofaEg) أن المفاوضات مستمرة حتى 2 مارس 2025 على الأقل.", None, ""),
        ("وقال المتحدث - وهو أحمد علي (المتحدث الرسمي) - إن الاجتماع انتهى.", None, ""),
        ("رابط الصورة على موقع twitter.com معروف للجميع.", None, ""),
    ],
)
def test_embedded_post_credit(block: str, kept, removed: str):
    assert noise_lines.embedded_post_credit(block) == (block if kept is None else kept, removed)


@pytest.mark.parametrize(
    "blocks,kept,dropped",
    [
        ([SENTENCE, "// انتهى //", "14:32 ت م", "تقرير لجنة التحقيق الوطنية"], [SENTENCE, "// انتهى //"],
         ["14:32 ت م", "تقرير لجنة التحقيق الوطنية"]),
        ([SENTENCE + " (انتهى)", "نص البيان الختامي للقمة"], [SENTENCE + " (انتهى)"], ["نص البيان الختامي للقمة"]),
        ([SENTENCE, "/انتهى/", "ع م / ر ت"], [SENTENCE, "/انتهى/"], ["ع م / ر ت"]),
        # left alone: no end mark; a full sentence or a long paragraph after the mark (another story)
        ([SENTENCE, "تقرير لجنة التحقيق الوطنية"], [SENTENCE, "تقرير لجنة التحقيق الوطنية"], []),
        ([SENTENCE, "// انتهى //", SENTENCE], [SENTENCE, "// انتهى //", SENTENCE], []),
        (["وقال إن الاجتماع انتهى دون اتفاق", "الملف الختامي"], ["وقال إن الاجتماع انتهى دون اتفاق", "الملف الختامي"], []),
    ],
)
def test_after_end_marker(blocks, kept, dropped):
    from narrator.text.noise import after_end_marker

    out, removed = after_end_marker(blocks)
    assert out == kept
    assert [d.text for d in removed] == dropped
    assert all(d.reason == "after-end-marker" for d in removed)


@pytest.mark.parametrize("block,kept,removed", [
    (": أجمع المثقفون على أن الثقافة في خطر.", "أجمع المثقفون على أن الثقافة في خطر.", ":"),
    ("، وقال الوزير إن المشروع سيكتمل.", "وقال الوزير إن المشروع سيكتمل.", "،"),
    (" :: بدأت مسيرتك بالأفلام القصيرة، كيف كانت البداية؟", "بدأت مسيرتك بالأفلام القصيرة، كيف كانت البداية؟", "::"),
    # Left alone: a colon inside the line, a bullet or a dash, a quotation, a line of symbols, Latin.
    ("وقال الوزير: المشروع سيكتمل.", "وقال الوزير: المشروع سيكتمل.", ""),
    ("- بند أول في القائمة", "- بند أول في القائمة", ""),
    ("«لن نتراجع» قال الوزير.", "«لن نتراجع» قال الوزير.", ""),
    (":)", ":)", ""),
    (": 10:30", ": 10:30", ""),
])
def test_stray_opening_punctuation(block: str, kept: str, removed: str):
    assert noise_lines.stray_opening_punctuation(block) == (kept, removed)
