"""More furniture rules (see noise.py for the contract): lines that a page, a wire or a dump adds.

Each rule names one thing a reader would recognise as not part of the story, and is written from how
that thing is built (its shape and position), so that it holds on outlets nobody here has seen:
an agency's credit in brackets after the last line, a wire's bare time stamp, a separator made of
symbols, a rubric label ending in a dash, a line in another script (a translation for learners),
a "click here" call to action, a comment policy, the name of an attached file, the signature of
an embedded post, a colon left at the start of a line whose label was cut off.
"""

from __future__ import annotations

import re

from .symbols import has_arabic_letter

Cut = tuple[str, str]


def _keep(block: str) -> Cut:
    return block, ""


def _drop(block: str) -> Cut:
    return "", block


# "--(بترا)", "(أ ف ب)", "- [رويترز]": a short name in brackets, alone, perhaps after a dash.
_AGENCY_CREDIT = re.compile(r"^[-–—\s]*[(\[]\s*[^()\[\].!?؟،,:]{2,30}?\s*[)\]]\s*[-–—]*\s*$")


def agency_credit(block: str) -> Cut:
    """An agency's credit alone on the last line of wire copy: a few words in brackets."""
    match = _AGENCY_CREDIT.match(block)
    if not match or len(block.strip(" -–—()[]").split()) > 4:
        return _keep(block)
    return _drop(block)


# "14:32 ت م", "09:15 GMT", "10:05 ص": a clock time and at most three short letter groups.
_WIRE_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s+[^\s\d]{1,4}){0,3}$")


def wire_time_stamp(block: str) -> Cut:
    """A wire's time stamp on its own line, the end mark that should precede it missing."""
    return _drop(block) if _WIRE_TIME.match(block.strip()) else _keep(block)


def separator_line(block: str) -> Cut:
    """A line of symbols only ("*****", "/", "---", "• • •"): layout, not words."""
    return _keep(block) if any(ch.isalnum() for ch in block) else _drop(block)


# "التعلم الأسبوعي -": a rubric's name ending in a dash, the story's text on the next line.
_RUBRIC = re.compile(r"^[^\d.!?؟،,:;؛()\[\]«»\"]{2,40}\s[-–—]$")


def rubric_label(block: str) -> Cut:
    """A rubric or section label (one to four words) left alone on a line that ends in a dash."""
    if not _RUBRIC.match(block.strip()) or len(block.split()) > 5:
        return _keep(block)
    return _drop(block)


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def foreign_language_line(block: str) -> Cut:
    """A whole line without a single Arabic letter, of four Latin words or more: a translation for
    learners or a copied English caption, which an Arabic voice cannot read."""
    if has_arabic_letter(block) or len(_LATIN_WORD.findall(block)) < 4:
        return _keep(block)
    return _drop(block)


_CLICK_HERE = re.compile(r"(?:اضغط|إضغط|انقر|إنقر|اضغطوا|انقروا)\s+(?:هنا|على الرابط)|click here", re.I)


def click_here_link(block: str) -> Cut:
    """A short call to action ending in "اضغط هنا" (click here): a link's text, not a sentence."""
    match = _CLICK_HERE.search(block)
    if not match or block[match.end():].strip(" .…:!»)") or len(block.split()) > 20:
        return _keep(block)
    return _drop(block)


_COMMENTS = re.compile(r"التعليقات|تعليقات|تعليقك|التعليق|مشاركاتك|comments", re.I)
_POLICY = re.compile(r"الخصوصية|شروط (?:ال)?استخدام|إرشادات|ارشادات|لا تعبر (?:بالضرورة )?عن (?:رأي|وجهة نظر)")
_DISCLAIMER = re.compile(
    r"لا تعبر (?:بالضرورة )?عن (?:رأي|وجهة نظر) (?:ال)?(?:موقع|صحيفة|جريدة|قناة|شبكة|وكالة|الموقع|الصحيفة|الجريدة)"
)


def comment_policy(block: str) -> Cut:
    """The comment policy or the opinion disclaimer above a page's comments."""
    if len(block.split()) > 80:
        return _keep(block)
    if _DISCLAIMER.search(block) or (_COMMENTS.search(block) and _POLICY.search(block)):
        return _drop(block)
    return _keep(block)


_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar)\s*\)?$|^(?:تحميل|تنزيل|مرفق|المرفقات|المرفق)\s*[:：]", re.I)


def attachment_link(block: str) -> Cut:
    """The name of an attached document after the body ("تقرير اللجنة.pdf", "تحميل: …")."""
    if not _ATTACHMENT.search(block.strip()) or len(block.split()) > 15:
        return _keep(block)
    return _drop(block)


# The signature twitter/X puts under an embedded post: "— الاسم (@handle) March 2, 2025", often
# after the post's picture link; Arabic month names too.
_EMBED_DATE = r"(?:[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\S+\s+\d{4})"
_EMBED_TAIL = re.compile(
    rf"(?:\s*(?:https?://)?pic\.(?:twitter|x)\.com/\S+)?\s*[—–-]\s*[^()\n]{{1,60}}\(@\w{{1,15}}\)\s*{_EMBED_DATE}\s*$"
    r"|(?:^|\s)(?:https?://)?pic\.(?:twitter|x)\.com/\S+\s*$"
)


def embedded_post_credit(block: str) -> Cut:
    """An embedded post's signature (author, @handle, date) or picture link after its text."""
    match = _EMBED_TAIL.search(block)
    if not match:
        return _keep(block)
    return block[: match.start()].rstrip(), block[match.start():].strip()


# A colon or comma opening a line: the label before it ("س:", a name, a quotation mark) was lost
# when the text was flattened. No paragraph starts with one; it is taken, the line kept.
_STRAY_OPENING = re.compile(r"^\s*[:：،,؛;]+\s+(?=\S)")


def stray_opening_punctuation(block: str) -> Cut:
    """": أجمع المثقفون …" — punctuation left where a label was cut off."""
    match = _STRAY_OPENING.match(block)
    if not match or not has_arabic_letter(block[match.end():]):
        return _keep(block)
    return block[match.end():], match.group().strip()


LINE_RULES = (
    agency_credit,
    wire_time_stamp,
    separator_line,
    rubric_label,
    foreign_language_line,
    click_here_link,
    comment_policy,
    attachment_link,
    embedded_post_credit,
    stray_opening_punctuation,
)
