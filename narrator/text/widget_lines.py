"""Lines of a page's widgets that come along when an editor copies a page as text.

On a saved page these are found by their markup (page_markup.py); copied as text, only their words
and shape are left. Each rule here (the `block -> (kept, removed)` contract of noise.py) names one
widget every news site has: the breadcrumb trail above the headline, the share bar's button labels,
the "follow us" call under the article, the comments counter, a picture's caption or credit, the
hashtags, the copyright footer and the "was this helpful" prompt. The words are the interface's,
not the news': a line is taken only when it is made of them, never a sentence that mentions them.
"""

from __future__ import annotations

import re

Cut = tuple[str, str]


def _keep(block: str) -> Cut:
    return block, ""


# "الرئيسية » أخبار » اقتصاد", "Home > News", "الرئيسية / محليات": short segments between arrows.
# Set off by spaces: "»" closing a quotation ("«زجاج» تشتري …") is no separator.
_TRAIL_SEPARATOR = re.compile(r"\s+[»›>/|]\s+")
_TRAIL_HOME = re.compile(r"^(?:الرئيسية|الرئيسيه|الصفحة الرئيسية|Home)\b", re.I)


def breadcrumb_trail(block: str) -> Cut:
    """A breadcrumb: two or more separators between segments of at most four words, or one after
    "الرئيسية"; no sentence punctuation. "أ > ب" inside a sentence, or a date "12/3", is left."""
    text = block.strip()
    if re.search(r"[.!?؟،,:\d]", text):
        return _keep(block)
    segments = [s for s in _TRAIL_SEPARATOR.split(text) if s]
    separators = len(_TRAIL_SEPARATOR.findall(text))
    if len(segments) < 2 or any(len(s.split()) > 4 for s in segments):
        return _keep(block)
    if separators >= 2 or _TRAIL_HOME.match(text):
        return "", block
    return _keep(block)


# A share bar's labels: the verbs, and the networks and tools the buttons name.
_SHARE_WORDS = (
    r"شارك هذا الخبر|شارك هذا المقال|شارك المقال|شاركوا|"
    r"شارك|شاركها|شارك الخبر|مشاركة|مشاركه|مشاركة الخبر|مشاركه الخبر|انشر|نشر|طباعة|اطبع|حفظ|نسخ الرابط|"
    r"نسخ|البريد الإلكتروني|البريد الالكتروني|بريد إلكتروني|إيميل|ايميل|فيسبوك|فيس بوك|فيسبوك ماسنجر|"
    r"تويتر|إكس|اكس|واتساب|واتس اب|واتس آب|تيليجرام|تليجرام|تلغرام|تيلجرام|لينكدإن|لينكد إن|لينكدان|"
    r"إنستغرام|انستغرام|انستجرام|يوتيوب|تيك توك|بنترست|ريديت|ماسنجر|"
    r"facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|print|share|copy link|reddit|pinterest|messenger"
)
_SHARE_LINE = re.compile(rf"^(?:(?:{_SHARE_WORDS})\s*[:|/•·،,\-–]?\s*)+$", re.I)


def share_bar(block: str) -> Cut:
    """A line of share-button labels ("شارك", "فيسبوك تويتر واتساب", "Share | Email")."""
    return ("", block) if _SHARE_LINE.match(block.strip()) else _keep(block)


_FOLLOW = re.compile(
    r"^(?:تابعونا|تابعوا|تابعنا|تابع|لمتابعة|للمتابعة|اشترك|اشتركوا|للاشتراك|انضم|انضموا|حمل|حمّل|نزل)\b"
)
# Where the reader is sent: a network by name anywhere, or an app, channel, page or newsletter
# after "على"/"في"/"عبر" or the verb itself ("على تطبيق نبض", "حمل تطبيق الموقع"); "وتطبيق
# القرارات" (carrying the decisions out) is no app.
_PLATFORMS = re.compile(
    r"جوجل نيوز|google news|فيسبوك|فيس بوك|تويتر|واتساب|تيليجرام|تليجرام|تلغرام|يوتيوب|إنستغرام|انستغرام|"
    r"تيك توك|منصات التواصل|مواقع التواصل|وسائل التواصل"
    r"|(?:^|\s)(?:على|في|عبر|حمل|حمّل|نزل)\s+(?:ال)?(?:تطبيق|قناتنا|قناة|صفحتنا|صفحة|حسابنا|حساب|موقعنا|نشرتنا|نشرة)",
    re.I,
)
_FOLLOW_MAX_WORDS = 20


def follow_us_call(block: str) -> Cut:
    """"تابعونا على تطبيق نبض", "لمتابعة آخر الأخبار اشترك في قناتنا على تليجرام": the site asking
    the reader to follow it. "تابع الوزير حديثه …" (a verb of the news) names no platform."""
    text = block.strip()
    if len(text.split()) > _FOLLOW_MAX_WORDS or not _FOLLOW.match(text) or not _PLATFORMS.search(text):
        return _keep(block)
    return "", block


_COMMENTS = re.compile(
    r"^(?:التعليقات|تعليقات|تعليق|عدد التعليقات|أضف تعليقك|اضف تعليقك|أضف تعليق|اضف تعليق|أضف تعليقا|"
    r"اكتب تعليقك|اترك تعليقا|اترك تعليقاً|لا توجد تعليقات|كن أول من يعلق|comments?|add a comment|leave a comment)"
    r"\s*[:(\[]?\s*\d*\s*[)\]]?\s*$",
    re.I,
)


def comments_counter(block: str) -> Cut:
    """"التعليقات (0)", "أضف تعليقك", "Comments 3": the comment box's own labels."""
    return ("", block) if _COMMENTS.match(block.strip()) else _keep(block)


# What makes a line a picture's caption: the words a caption uses for its picture ("صورة أرشيفية",
# "صورة تعبيرية") or "الصورة تظهر …".
_CAPTION_MARK = re.compile(
    r"(?:^|\s|\()(?:أرشيفية|ارشيفية|إرشيفية|تعبيرية|توضيحية|من الأرشيف)(?=$|[\s)\]])|[(\[]\s*أرشيف\s*[)\]]"
)
_CAPTION_OPENING = re.compile(
    r"^(?:ال)?صورة\s+(?:تظهر|يظهر|توضح|تجمع|من)\b|^في الصورة\b|^من اليمين\b"
    # The labels a picture carries on pages that print them for screen readers (BBC Arabic and
    # others): "مصدر الصورة، Getty Images", "التعليق على الصورة، …".
    r"|^(?:مصدر|صدر) الصورة\s*[،,:]|^التعليق على الصورة\s*[،,:]"
)
_CAPTION_MAX_WORDS = 15


def photo_caption(block: str) -> Cut:
    """A picture's caption copied with the text: "صورة أرشيفية للمتحف", "الصورة تظهر …" (its
    credit, "(الصورة: رويترز)", is noise.credit_line's). Short and without a sentence's end;
    "صورة قاتمة للاقتصاد" (a title) has none of a caption's words, and "نشرت الوزارة صورا أرشيفية …."
    is a sentence."""
    text = block.strip()
    if len(text.split()) > _CAPTION_MAX_WORDS or re.search(r"[.!?؟…:]$", text):
        return _keep(block)
    if _CAPTION_MARK.search(text) or _CAPTION_OPENING.match(text):
        return "", block
    return _keep(block)


_HASHTAGS = re.compile(r"^(?:#[^\s#\d][^\s#]*[\s،,]*)+$")


def hashtag_line(block: str) -> Cut:
    """A line of hashtags only ("#الجزائر #أمطار"): the page's tags, not its text."""
    return ("", block) if _HASHTAGS.match(block.strip()) else _keep(block)


_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|جميع الحقوق محفوظة|كل الحقوق محفوظة|الحقوق محفوظة|all rights reserved", re.I)
_COPYRIGHT_MAX_WORDS = 12


def copyright_notice(block: str) -> Cut:
    """"© جميع الحقوق محفوظة لموقع …": the page's footer. A sentence about rights ("… حقوق
    الإنسان محفوظة بالدستور.") has none of its marks; a long paragraph is never a footer."""
    text = block.strip()
    if len(text.split()) > _COPYRIGHT_MAX_WORDS or not _COPYRIGHT.search(text):
        return _keep(block)
    return "", block


_FEEDBACK = re.compile(
    r"^(?:هل (?:كان|كانت) (?:هذا|هذه) (?:المقال|الخبر|المعلومات|الصفحة|المحتوى) (?:مفيد|مفيدا|مفيدة|مفيداً)|"
    r"هل أعجبك (?:المقال|الخبر|هذا المقال)|قيم (?:هذا )?(?:المقال|الخبر)|ما رأيك في (?:هذا )?(?:المقال|الخبر)|"
    r"was this (?:article|page) helpful|rate this article)",
    re.I,
)


def feedback_prompt(block: str) -> Cut:
    """"هل كان هذا المقال مفيدا؟ نعم لا": the page asking for a rating."""
    text = block.strip()
    return ("", block) if _FEEDBACK.match(text) and len(text.split()) <= 12 else _keep(block)


# The label a page sets above a headline: the story's kind or its section, one or two words.
_KICKER = re.compile(
    r"^(?:عاجل|عاجل جدا|خاص|حصري|حصريا|تحليل|تقرير|رأي|مقال|مقال رأي|فيديو|بالفيديو|صور|بالصور|إنفوجراف|انفوجراف|"
    r"حوار|تحقيق|متابعة|مباشر|بث مباشر|تحديث|تحديث مستمر|ترجمة|أخبار|محليات|دوليات|عربي ودولي|اقتصاد|رياضة|"
    r"ثقافة|فن|منوعات|سياسة|صحة|تكنولوجيا|بيان صحفي|بيان صحافي|بيان|للنشر الفوري|للنشر|"
    r"breaking|exclusive|live|analysis|opinion|press release|for immediate release)\s*[:：|\-–]?$",
    re.I,
)


def kicker_label(block: str) -> Cut:
    """"عاجل", "تحليل", "رياضة", a press release's "بيان صحفي" / "للنشر الفوري" alone on the line
    above the headline; used only there (a section's title "تحليل" in the body is the writer's)."""
    return ("", block) if _KICKER.match(block.strip()) else _keep(block)


# The label a page prints over an advertisement, and a link that opens the rest of the text.
_AD_LABEL = re.compile(
    r"^(?:إعلان|اعلان|إعلانات|اعلانات|مساحة إعلانية|مساحة اعلانية|محتوى (?:مدفوع|ممول|إعلاني|اعلاني)|"
    r"advertisement|advertising|sponsored(?: content)?|ads?)$|"
    r"^(?:تابع|أكمل|اكمل|استكمل) القراءة$|^continue reading$",
    re.I,
)


def advertisement_label(block: str) -> Cut:
    """"إعلان" over an advertisement, "تابع القراءة" before the rest of the text: alone on a line;
    "إعلان الحكومة …" and "أكمل القراءة في الكتاب." are the story's words."""
    return ("", block) if _AD_LABEL.match(block.strip(" .:…»›>")) else _keep(block)


WIDGET_RULES = (
    breadcrumb_trail, share_bar, follow_us_call, comments_counter, photo_caption, hashtag_line,
    copyright_notice, feedback_prompt, advertisement_label,
)
