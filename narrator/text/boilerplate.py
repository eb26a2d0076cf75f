"""Rules that recognise page furniture in scraped text: never spoken, always reported."""

from __future__ import annotations

import re

from .symbols import FINAL_PUNCTUATION

# Headers of the "more from this site" lists that follow an article; everything after one is dropped.
RELATED_HEADERS = (
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "مواضيع ذات صلة",
    "مقالات متعلقة",
    "أخبار متعلقة",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "إقرأ أيضا",
    "إقرأ أيضاً",
    "قد يهمك أيضا",
    "قد يهمك أيضاً",
    "المزيد من الأخبار",
    "الأكثر قراءة",
)

# Separators between an article title and the site name in a page <title>.
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]\s+")


def fold(text: str) -> str:
    """Compare text the way a reader would: whitespace and tatweel do not count."""
    return " ".join(text.replace("\u0640", "").split())


def _without_tanwin(text: str) -> str:
    # "أيضاً" and "أيضًا" are one word: the tanwin goes before or after the alif.
    return fold(text).replace("\u064b", "")


_RELATED = frozenset(_without_tanwin(h) for h in RELATED_HEADERS)


def is_related_header(block: str) -> bool:
    return _without_tanwin(block).rstrip(":：").strip() in _RELATED


def split_page_title(title: str, headline: str) -> str | None:
    """The site name, when `title` is `headline` followed by a separator and the site's name."""
    t, h = fold(title), fold(headline)
    if not t.startswith(h) or t == h:
        return None
    rest = t[len(h):]
    match = _TITLE_SEPARATORS.match(rest)
    if not match:
        return None
    site = rest[match.end():].strip()
    return site or None


def looks_like_byline(block: str) -> bool:
    """A short line naming an outlet or writer: no sentence punctuation, a few words."""
    words = block.split()
    if not words or len(words) > 10 or len(block) > 90 or "\n" in block.strip():
        return False
    return not block.rstrip().endswith(tuple(FINAL_PUNCTUATION + "؟?"))


# Words that introduce a byline: "حوار: فلان", "بقلم فلان", "كتب - فلان", "إعداد: فلان". The verbs
# always name a writer; the nouns are section and tag names too ("حوار", "تقرير").
_WRITER_VERBS = r"كتب|كتبت|بقلم"
_WRITER_NOUNS = r"حوار|حاوره|حاورته|إعداد|اعداد|تقرير|متابعة|ترجمة"
BYLINE_LEAD = re.compile(rf"^(?:{_WRITER_VERBS}|{_WRITER_NOUNS})\s*[:：\-–]?\s+\S")
# Only the verbs: for a line read outside the text, where a noun may be a tag.
WRITER_VERB_LEAD = re.compile(rf"^(?:{_WRITER_VERBS})\s*[:：\-–]?\s+\S")
# "بقلم فلان", or any lead word with its colon or dash ("كتب: فلان", "إعداد - فلان"): without one,
# "تقرير يرصد …" and "كتب الشاعر …" are an article's words.
MARKED_BYLINE_LEAD = re.compile(rf"^(?:بقلم\s*[:：\-–]?|(?:{_WRITER_VERBS}|{_WRITER_NOUNS})\s*[:：\-–])\s*\S")


def looks_like_heading(block: str) -> bool:
    """A short single line without final punctuation; a question mark is allowed."""
    words = block.split()
    if not words or len(words) > 12 or len(block) > 100 or "\n" in block.strip():
        return False
    return not block.rstrip().endswith(tuple(FINAL_PUNCTUATION))


# A place and an agency or outlet joined by a dash: "الرياض - واس", "الرياضي ـ الرياض:".
# A tatweel between spaces is a dash on Arabic pages.
_DATELINE = re.compile(r"^[^.!?؟،,:]{2,40}\s[-–—ـ]\s[^.!?؟،,:]{2,40}:?$")


def looks_like_dateline(block: str) -> bool:
    """A short "place - outlet" line opening the body: a byline even when a deck follows it."""
    return len(block.split()) <= 7 and bool(_DATELINE.match(block.strip()))


# Media markers that pages add to headlines: "(فيديو)", "[صور]", "- بالفيديو".
_MEDIA_WORDS = r"(?:فيديو|بالفيديو|صور|بالصور|فيديو وصور|صور وفيديو|شاهد|فيديوجراف|إنفوجراف|انفوجراف|video|photos)"
_MEDIA_MARKER = re.compile(
    rf"\s*[(\[]\s*{_MEDIA_WORDS}\s*[)\]]\s*|\s+[-|–]\s*{_MEDIA_WORDS}\s*$|^\s*{_MEDIA_WORDS}\s*[:|-]\s*", re.I
)


def strip_media_marker(headline: str) -> tuple[str, str]:
    """The headline without "(فيديو)"-style markers, and the markers removed ("" if none)."""
    found = [m.group().strip(" -|–") for m in _MEDIA_MARKER.finditer(headline)]
    if not found:
        return headline, ""
    kept = " ".join(_MEDIA_MARKER.sub(" ", headline).split())
    return (kept, " ".join(found)) if kept else (headline, "")


# Words that open a lead-in to a quotation or a clause, never a sub-heading.
LEAD_IN_WORDS = frozenset(
    "قال وقال أضاف وأضاف أكد وأكد أوضح وأوضح تابع وتابع أشار وأشار مضيفا مؤكدا موضحا "
    "من في على إلى الى عن مع بعد قبل كما لكن أما إن أن وإن وأن حيث ثم أو بل هذا هذه ذلك "
    "وفي ومن وعلى والى وإلى وعن ومع وبعد وقبل وكما ولكن وأما قد وقد لقد ولقد تم وتم كان وكان".split()
)


def looks_like_list_heading(block: str) -> bool:
    """A few words ending with a colon, introducing a list: '"Mix 50 Nokia X" :'.

    Must leave alone: speech lead-ins ("وقال الوزير:") and clauses opened by a conjunction
    or a preposition, which are sentences cut before a quotation.
    """
    text = block.strip()
    if not text.endswith((":", "：")) or "\n" in text:
        return False
    words = text.rstrip(":： ").split()
    if not words or len(words) > 6 or words[0] in LEAD_IN_WORDS:
        return False
    return not words[0].startswith(("و", "ف")) or len(words[0]) <= 2


def reads_like_body(block: str) -> bool:
    """A paragraph of running text: a dozen words or more, ending as a sentence ends."""
    return len(block.split()) >= 12 and block.rstrip(" \"'”»)").endswith(tuple(".!؟?…"))


def related_span(blocks: list[str], start: int) -> int:
    """Where a related-articles list that starts at `blocks[start]` ends (exclusive).

    The list runs over link titles until the body resumes: pages that put "اقرأ أيضا" in the
    middle of an article go on with it after the links, and that text is the article's.
    """
    end = start + 1
    while end < len(blocks) and not reads_like_body(blocks[end]):
        end += 1
    return end
