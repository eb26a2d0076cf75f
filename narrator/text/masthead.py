"""A newspaper's name glued before the headline by whatever scraped the page.

Scrapers that take the page's text from the top pick up the masthead (the logo's alt text or the
site name in the header) and join it to the headline with a space: "الخبر مثقفون يكشفون …". Plain
text carries no markup to tell the two apart, so this rule knows mastheads by name and by how a
headline that merely starts with the same word is built:

- a name no headline opens with by chance ("اليوم السابع", "هسبريس") is taken unless the outlet is
  the headline's subject ("المصري اليوم يكشف …", "«الخبر» تنشر …");
- a name that is also an ordinary word ("الخبر" the news, "النهار" the day, "المدينة" the city) is
  taken only where the ordinary word cannot be meant: before a verbal noun that opens a headline
  of its own ("الخبر اختتام الطبعة …": no sentence goes on from a definite noun with "اختتام"), or
  when the text itself uses the word as the outlet's name ("لـ الخبر :", "ندوة الخبر", "صحيفة
  الخبر"). It is left alone before a verb in the present tense ("الرياض تستضيف …"), a preposition
  ("الخبر في …"), an adjective ("المدينة مغلقة …", "الخبر السار …") without that evidence, and
  when too little would remain to be a headline.

Quoted names and names inside the headline are never touched. A site's name after the headline,
as a page <title> has it ("… - الجزيرة نت"), is taken when the lists know it or it is branded as a
site ("نت", "نيوز", ".com", "News").
"""

from __future__ import annotations

import re

# Outlets whose names are not ordinary words at the start of a headline. Region and language names
# that are also outlets ("الشرق الأوسط", "الجزيرة", "العربية", "الخليج") are left out on purpose:
# a headline about the region opens with them far more often than a scraper glues the outlet.
DISTINCT_MASTHEADS = (
    "اليوم السابع", "المصري اليوم", "القدس العربي", "العربي الجديد", "الشروق أونلاين", "النهار الجديد",
    "الجزيرة نت", "العربية نت", "سكاي نيوز عربية", "بي بي سي عربي", "فرانس 24", "روسيا اليوم",
    "صدى البلد", "البوابة نيوز", "مصراوي", "هسبريس", "عكاظ", "القبس",
    "الأخبار اللبنانية", "هبة بريس", "الصباح الجديد", "الرأي الأردنية",
    "الوطن السعودية", "الخليج الإماراتية", "البيان الإماراتية", "الشرق القطرية", "الحياة اللندنية",
    "الشروق المصرية", "الشروق الجزائرية", "النهار اللبنانية", "الخبر الجزائرية", "عمون", "خبرني",
)

# Outlets named with an ordinary word: taken only on the evidence described above.
COMMON_WORD_MASTHEADS = (
    "الخبر", "الشروق", "النهار", "الحياة", "الوطن", "الرأي", "الغد", "الأيام", "البيان", "الاتحاد",
    "الأخبار", "الجمهورية", "الصباح", "المساء", "الرياض", "المدينة", "البلاد", "الشعب", "الفجر",
    "النصر", "العرب", "الجريدة", "الأنباء", "الوسط", "الرؤية", "الثورة", "الأهرام", "الدستور", "الراية",
    "اللواء", "السفير", "المدى", "الوفد", "سبق",
)

# What a rest must hold to be a headline on its own.
_MIN_REST_WORDS = 3

_PREPOSITIONS = frozenset("في من على عن إلى الى مع بين حول عند لدى منذ و أو ثم".split())

# Words that name an outlet when they stand before its name: "صحيفة الخبر", "ندوة الخبر", "لـ الخبر".
_NAMING_WORDS = (
    "صحيفة", "لصحيفة", "بصحيفة", "جريدة", "لجريدة", "بجريدة", "يومية", "ليومية", "موقع", "لموقع",
    "مجلة", "لمجلة", "ندوة", "منتدى", "قراء", "مراسل", "لمراسل", "مكتب",
)

_SEPARATOR = re.compile(r"^\s*[-|–—:]\s+")


def _fold(text: str) -> str:
    return " ".join(text.replace("\u0640", "").split())


def _is_present_verb(word: str) -> bool:
    """An imperfect verb (يكشف، تستضيف، سيعقد): the outlet or the city is the subject."""
    word = word.strip("«»\"'“”")
    if word.startswith("س") and len(word) > 4:
        word = word[1:]
    return len(word) >= 4 and word[0] in "يت" and not word.startswith("ال")


def _named_in(text: str, name: str) -> bool:
    """Whether `text` uses `name` as an outlet's name: after a naming word or "لـ", or before a colon."""
    escaped = re.escape(name)
    before = "|".join(_NAMING_WORDS)
    return bool(
        re.search(rf"(?:^|\s)(?:{before})\s+{escaped}(?=$|[\s:،,.])", text)
        # "لـ الخبر": a lam written apart (its tatweel folded away) marks a name.
        or re.search(rf"(?:^|\s)ل\s+{escaped}(?=$|[\s:،,.])", text)
        or re.search(rf"(?:^|\s){escaped}\s*:", text)
    )


def _match(words: list[str], names: tuple[str, ...]) -> str | None:
    """The longest name the headline's words begin with."""
    found = [n for n in names if words[: len(n.split())] == n.split()]
    return max(found, key=len) if found else None


def split_masthead(headline: str, body: str = "") -> tuple[str, str]:
    """(masthead, headline without it); ("", headline) when the headline does not start with one."""
    folded = _fold(headline)
    words = folded.split()
    name = _match(words, DISTINCT_MASTHEADS)
    common = False
    if name is None:
        name = _match(words, COMMON_WORD_MASTHEADS)
        common = True
    if name is None:
        return "", headline
    rest = folded[len(name):]
    separated = bool(_SEPARATOR.match(rest))
    rest = _SEPARATOR.sub("", rest).strip()
    rest_words = rest.split()
    if len(rest_words) < _MIN_REST_WORDS:
        return "", headline
    following = rest_words[0]
    # The outlet (or the city, the people …) is what the headline is about.
    if (_is_present_verb(following) and not _is_verbal_noun(following)) or following[0] in "«\"“،,":
        return "", headline
    if separated or not common:
        return name, _original_rest(headline, name)
    if following in _PREPOSITIONS:
        return "", headline
    if _is_verbal_noun(following) or _named_in(rest + "\n" + _fold(body), name):
        return name, _original_rest(headline, name)
    return "", headline


# Verbal nouns that open news headlines ("افتتاح", "انطلاق", "إطلاق", "استقبال", "تمويل"): after a
# definite noun no sentence goes on with one, while an adjective can ("المدينة مغلقة").
_VERBAL_NOUN = re.compile(r"^(?:ا[^\s]{3}ا[^\s]|[اإ][^\s]{2}ا[^\s]|است[^\s]{2}ا[^\s]|ت[^\s]{2}ي[^\s])$")


def _is_verbal_noun(word: str) -> bool:
    word = word.strip("«»\"'")
    return not word.startswith("ال") and bool(_VERBAL_NOUN.match(word))


def _original_rest(headline: str, name: str) -> str:
    """The headline after the masthead, its own letters (tatweel included) kept."""
    count = len(name.split())
    rest = headline.strip().split(None, count)[count] if len(headline.split()) > count else ""
    return _SEPARATOR.sub("", rest).strip()


# A site's name after the headline, as a page <title> has it: "… - الجزيرة نت", "… | سكاي نيوز عربية".
_TRAILING = re.compile(r"\s+[-|–—]\s+(?P<site>[^-|–—]{2,40})$")
# What brands a name as a site's even when the list does not know it.
_BRAND = re.compile(
    r"(?:^|\s)(?:نت|نيوز|أونلاين|اونلاين|عربية|عربي|24|news|tv|online|arabic|arabia)$|\.(?:com|net|org|news|tv)\b", re.I
)


def split_trailing_site(headline: str) -> tuple[str, str]:
    """(site, headline without it) when the headline ends with a separator and a site's name: one
    the lists know ("- الشروق") or one branded as a site ("نت", "نيوز", ".com", "News").
    "… - الشوط الأول - تحديثات مباشرة" ends with words of the story, and is left alone."""
    match = _TRAILING.search(headline.strip())
    if not match:
        return "", headline
    site = _fold(match.group("site"))
    known = site in DISTINCT_MASTHEADS or site in COMMON_WORD_MASTHEADS
    rest = headline.strip()[: match.start()].strip()
    if not (known or (_BRAND.search(site) and len(site.split()) <= 4)) or len(rest.split()) < _MIN_REST_WORDS:
        return "", headline
    return site, rest
