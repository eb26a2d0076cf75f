"""Page furniture inside scraped paragraphs: contact boxes, read-more links, wire end-markers …

Each rule is a small function `block -> (kept, removed)`: `kept` is what a listener hears, `removed`
what the rule took away ("" when it took nothing).  A rule removes a whole block or a tail glued to
the end of a paragraph, never words from the middle of a sentence.  The reason reported for what
it removed is the rule's name (`contact_box` -> "contact-box"), so that an editor reading
`narrate plan` can find the rule that fired.  The tuple `BLOCK_RULES` is the pipeline; a caller
can pass another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Dropped
from .noise_lines import LINE_RULES, agency_credit
from .widget_lines import WIDGET_RULES

Cut = tuple[str, str]
BlockRule = Callable[[str], Cut]

# Where a sentence (and so a paragraph's running text) may end, quotes and brackets included.
_SENTENCE_END = r"[.!?؟…][\"'”»)\]]*"
# The last character of such an end, for look-behinds (which need a fixed width).
_END_CHAR = r"[.!?؟…\"'”»)\]]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def _keep(block: str) -> Cut:
    return block, ""


def _split_tail(block: str, start: int) -> Cut:
    return block[:start].rstrip(), block[start:].strip()


def cloudflare_email(block: str) -> Cut:
    """Cloudflare's e-mail protection leaves "[email protected]" where an address was."""
    pattern = re.compile(r"\[\s*email[\s\u00a0]*protected\s*\]|/\*\s*<!\[CDATA\[.*?\]\]>\s*\*/", re.I)
    found = pattern.findall(block)
    if not found:
        return _keep(block)
    return " ".join(pattern.sub(" ", block).split()), " ".join(found)


_CONTACT = re.compile(r"(?:للتواصل|لل?تواصل مع الكاتب)")
_SMS = re.compile(r"\bsms\b|بالرمز|رسالة نصية", re.I)


def contact_box(block: str) -> Cut:
    """A columnist's SMS box ("للتواصل … ارسل رسالة SMS … 88591 - Stc"), with the e-mail before it.

    It needs both the contact word and the SMS instructions: a sentence that merely mentions
    contacting someone is news.
    """
    match = _CONTACT.search(block)
    if not match or not _SMS.search(block[match.start():]):
        return _keep(block)
    start = match.start()
    # An e-mail address glued to the front of the box belongs to it.
    before = _EMAIL.search(block[:start].split()[-1]) if block[:start].split() else None
    if before and block[:start].rstrip().endswith(before.group()):
        start = block.rfind(before.group(), 0, start)
    return _split_tail(block, start)


def author_email(block: str) -> Cut:
    """A line that is an e-mail address with at most a label ("البريد: x@y.com")."""
    match = _EMAIL.search(block)
    if not match:
        return _keep(block)
    rest = (block[: match.start()] + " " + block[match.end():]).split()
    if len(rest) > 3:
        return _keep(block)
    return "", block


_MORE_WORDS = r"(?:اقرأ المزيد|إقرأ المزيد|اقرا المزيد|للمزيد|المزيد|read more)"
_READ_MORE = re.compile(
    rf"(?:^|\s)(?P<dots>(?:\.{{2,}}|…)\s*)?{_MORE_WORDS}\s*(?P<after>\.{{2,}}|…|»|>>)?\s*$", re.I
)


def read_more_link(block: str) -> Cut:
    """"...المزيد" (read more) closing a teaser, alone or after the last sentence."""
    match = _READ_MORE.search(block)
    if not match:
        return _keep(block)
    head = block[: match.start()].rstrip()
    marked = match.group("dots") or match.group("after")
    # Without dots or arrows, "المزيد" must stand alone or follow a full stop: "نريد المزيد" is speech.
    if not marked and head and not re.search(_SENTENCE_END + r"$", head):
        return _keep(block)
    return _split_tail(block, match.start())


_END_MARKER = re.compile(
    r"(?:/{1,2}\s*انتهى\s*/{0,2}|/{0,2}\s*انتهى\s*/{1,2}|[(\[]\s*انتهى\s*[)\]]|^\s*انتهى\s*$"
    # "-انتهى-", or "— انتهى —" alone on its line: a press release's end mark ("الاجتماع - انتهى -
    # بلا نتيجة" is a sentence).
    r"|(?:^|\s)[-–—]{1,3}انتهى[-–—]{1,3}|^\s*[-–—]{1,3}\s*انتهى\s*[-–—]{1,3}\s*$)"
    # what follows the mark: a time stamp ("14:32 ت م"), a serial number, an editor's initials
    r"(?:\s+[^\s.!?؟،,]+){0,5}\s*$"
)


def wire_end_marker(block: str) -> Cut:
    """A news agency's end mark ("// انتهى //", "(انتهى)") and the time stamp after it."""
    match = _END_MARKER.search(block)
    if not match:
        return _keep(block)
    return _split_tail(block, match.start())


_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|"
    "نوفمبر|ديسمبر|جانفي|فيفري|أفريل|ماي|جوان|جويلية|أوت|كانون الثاني|شباط|آذار|نيسان|أيار|"
    "حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول"
)
_ARABIC_WEEKDAYS = "الأحد|الاحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت"
# "آخر تحديث: …", "نشر في: …": the label a page puts before its date line.
_STAMP_LABEL = (
    r"(?:(?:آخر تحديث|اخر تحديث|تاريخ النشر|تاريخ التحديث|نشر في|نُشر في|نشر بتاريخ|تم النشر|تحديث|"
    r"Updated|Last updated|Published|Posted)\s*[:：]?\s*)?"
)
_TIMESTAMP = re.compile(
    rf"^{_STAMP_LABEL}(?:(?:{_WEEKDAYS}|{_ARABIC_WEEKDAYS})\s*[,،]?\s*)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTHS})\s*[,،]?\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}}\s*,\s*\d{{4}}|\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}})"
    r"(?:\s*[-–|،,]?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|AM|PM|ص|م|مساء|صباحا)?)?\s*$"
)


# An English date and time glued before or after the Arabic text: a page's template, never the writer's.
_LATIN_STAMP = (
    rf"(?:{_WEEKDAYS}),?\s+\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}}"
    r"(?:\s*[-–|]\s*\d{1,2}:\d{2}(?:\s*[ap]m)?)?"
)
_GLUED_STAMP = re.compile(rf"^\s*{_LATIN_STAMP}\s+(?=[\u0621-\u064a])|(?<=\s){_LATIN_STAMP}\s*$", re.I)


def timestamp_line(block: str) -> Cut:
    """A date and time on a line of its own ("Tuesday, 11 August 2015 - 13:07 pm", "الثلاثاء 11
    أغسطس 2015 - 13:07"), or an English one glued before or after the text."""
    if _TIMESTAMP.match(block.strip()):
        return "", block
    match = _GLUED_STAMP.search(block)
    if not match:
        return _keep(block)
    return (block[: match.start()] + block[match.end():]).strip(), match.group().strip()


_BACKLINK = re.compile(r"^(?:رابط الخبر|رابط المقال|رابط الموضوع|الرابط المختصر|رابط مختصر|رابط دائم)\b")


def site_backlink(block: str) -> Cut:
    """"رابط الخبر بصحيفة …: headline", a link back to the page, said by no one."""
    return ("", block) if _BACKLINK.match(block) else _keep(block)


# "أيضاً" and "أيضًا": the tanwin is typed before or after the alif.
_READ_ALSO = re.compile(r"^(?:اقرأ|إقرأ|اقرا|طالع|شاهد)\s+(?:أ|ا)يض(?:اً|ًا|ا)\s*[:：\-–]?\s*\S")


def read_also_link(block: str) -> Cut:
    """"اقرأ أيضا: <another article's title>" on a line of its own."""
    if not _READ_ALSO.match(block) or len(block.split()) > 25:
        return _keep(block)
    return "", block


_NAV_WORDS = r"(?:Next|Previous|Prev|Older|Newer|السابق|التالي|[‹›«»<>❮❯]+)"
_SLIDER = re.compile(rf"(?:^|\s){_NAV_WORDS}(?:\s+{_NAV_WORDS})+\s*$", re.I)


_SLIDER_HEAD = re.compile(rf"^{_NAV_WORDS}(?:\s+{_NAV_WORDS})+(?=\s)", re.I)


def slider_text(block: str) -> Cut:
    """A photo slider's "Next Previous" (two navigation words or more), alone, first or last."""
    head = _SLIDER_HEAD.match(block)
    if head:
        return block[head.end():].strip(), head.group()
    match = _SLIDER.search(block)
    if not match:
        return _keep(block)
    return _split_tail(block, match.start())


_TAG_HEADERS = r"(?:سمات|الكلمات الدلالية|كلمات دلالية|كلمات مفتاحية|الكلمات المفتاحية|الوسوم|وسوم|Tags)"
_TAGS = re.compile(rf"(?:^|(?<={_END_CHAR})\s+){_TAG_HEADERS}\s*:?\s+[^.!?؟:،,]{{1,150}}$")


def tag_list(block: str) -> Cut:
    """A tag list ("سمات الاسعار الامم المتحدة الغذاء") after the last sentence, unpunctuated."""
    match = _TAGS.search(block)
    if not match or len(block[match.start():].split()) > 16:
        return _keep(block)
    return _split_tail(block, match.start())


_CREDIT = re.compile(
    # Only glued after the last sentence: a starred line of its own is a list item or a brief's title.
    rf"(?<={_END_CHAR})\s+\*\s*[^*.!?؟:،,\d]{{2,60}}$"
    # as a line of its own, or in brackets ("(الصورة: رويترز)")
    r"|^(?:تصوير|الصورة|صورة|الصور|المصدر|ترجمة|إعداد|photo|image)\s*[:：]\s*[^.!?؟،,]{2,50}$"
    r"|^[(\[]\s*(?:تصوير|الصورة|صورة|الصور|المصدر|photo|image)\s*[:：]\s*[^.!?؟،,()\[\]]{2,50}[)\]]$",
    re.I,
)


def credit_line(block: str) -> Cut:
    """"* وحدة التقارير الاقتصادية" after the last sentence; "تصوير: فلان" as a line of its own,
    "(الصورة: رويترز)" in brackets."""
    match = _CREDIT.search(block)
    if not match or len(block[match.start():].split()) > 7:
        return _keep(block)
    return _split_tail(block, match.start())


BLOCK_RULES: tuple[BlockRule, ...] = (
    cloudflare_email,
    contact_box,
    author_email,
    read_more_link,
    read_also_link,
    wire_end_marker,
    timestamp_line,
    site_backlink,
    slider_text,
    tag_list,
    credit_line,
    *LINE_RULES,
    *WIDGET_RULES,
)


def reason(rule: BlockRule) -> str:
    return rule.__name__.replace("_", "-")


def clean_blocks(blocks: Sequence[str], rules: Sequence[BlockRule] = BLOCK_RULES) -> tuple[list[str], list[Dropped]]:
    """Every block through every rule; a block emptied by a rule disappears."""
    kept: list[str] = []
    dropped: list[Dropped] = []
    for block in blocks:
        for rule in rules:
            block, removed = rule(block)
            if removed:
                dropped.append(Dropped(removed, reason(rule)))
            if not block:
                break
        if block:
            kept.append(block)
    return kept, dropped


# What a wire story may carry after its end mark: a time stamp, the title of an attached document,
# an editor's code.  Short lines only: a long paragraph after the mark is a story of its own.
_AFTER_MARK_MAX_WORDS = 15


def _leftover(block: str) -> bool:
    ends_sentence = bool(re.search(_SENTENCE_END + r"$", block.strip()))
    return len(block.split()) <= _AFTER_MARK_MAX_WORDS and not ends_sentence


def after_end_marker(blocks: Sequence[str]) -> tuple[list[str], list[Dropped]]:
    """Short lines after the last line that carries an agency's end mark ("// انتهى //").

    An agency's credit alone on a line ("--(بترا)", "(أ ف ب)") closes wire copy too, but it also
    closes each item of a news digest: after it only a tail made wholly of such short lines (an
    editor's code "س ص/ع ح", a time stamp) goes; a next item's title before its text stays."""
    marks = [i for i, block in enumerate(blocks) if _END_MARKER.search(block)]
    if not marks:
        credits = [i for i, block in enumerate(blocks) if agency_credit(block)[1]]
        tail = blocks[credits[-1] + 1:] if credits else []
        if not tail or not all(_leftover(block) for block in tail):
            return list(blocks), []
        marks = credits
    kept = list(blocks[: marks[-1] + 1])
    dropped: list[Dropped] = []
    for block in blocks[marks[-1] + 1:]:
        if _leftover(block):
            dropped.append(Dropped(block, "after-end-marker"))
        else:
            kept.append(block)
    return kept, dropped
