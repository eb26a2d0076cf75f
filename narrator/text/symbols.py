"""Character tables for Arabic text rules (data only; the rules live in speak.py and parse.py)."""

TATWEEL = "\u0640"

# Marks that steer bidi layout or join glyphs: invisible on the page, noise to an engine.
INVISIBLE_MARKS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u061c\ufeff\u00ad"  # Arabic letter mark, BOM, soft hyphen
    "\ue000\ue001\ue002\ue003"  # private use: narrator marks lexicon spans with these (text/spans.py)
)

# Spaces that scraped pages use between words and paragraphs.
ODD_SPACES = frozenset("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")

QUOTES = frozenset("\"'“”„‟«»‹›`´‘’‚")
BRACKETS = frozenset("()[]{}<>﴾﴿")

# Sentence ends: Latin and Arabic. A clause boundary is weaker and only used to respect a limit.
SENTENCE_ENDS = ".!?؟…"
CLAUSE_MARKS = "؛;،,:"

# Final punctuation that tells a body sentence from a heading or byline.
FINAL_PUNCTUATION = ".!:،؛,;…"

# Arabic letters (the core block, without digits, punctuation or marks).
ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي" + "ٱپچژگکی"
_ARABIC_LETTER_SET = frozenset(ARABIC_LETTERS)


def has_arabic_letter(text: str) -> bool:
    return any(ch in _ARABIC_LETTER_SET for ch in text)

# Harakat, tanwin, shadda, sukun, superscript alef: what a diacritizer adds.
HARAKAT = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")

# --- Tables for the normalization rules (narrator/text/normalize/) ---

# Digits other scripts use for 0-9; the rules read only ASCII digits after `unify_digits`.
DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬
ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫
ARABIC_PERCENT = "\u066a"  # ٪

# A preceding word (or glued letter) that puts the number in the genitive/accusative: -ين not -ون.
OBLIQUE_BEFORE = frozenset(
    "من في إلى الى على عن بين نحو حوالي حوالى قرابة زهاء خلال منذ بعد قبل عند مع حتى لنحو بنحو "
    "عام العام سنة لعام بعام أكثر أقل "
    # Nouns that stand in construct before a figure (مقتل ثلاثةٍ وأربعين, عند مستوى تسعة آلاف …).
    "مقتل مصرع إصابة جرح اعتقال تصدير قيمة بقيمة مبلغ بمبلغ مستوى نسبة بنسبة مدة لمدة سعر بسعر "
    "ارتفاع بارتفاع طول بطول".split()
)

# Nouns that turn a following number into an ordinal ("الدورة 52" → الدورة الثانية والخمسين),
# with their gender (True: feminine).
ORDINAL_AFTER = {
    "الدورة": True, "الجولة": True, "المرة": True, "الطبعة": True, "المادة": True, "الفقرة": True,
    "الحلقة": True, "النسخة": True, "المرتبة": True, "الذكرى": True, "الساعة": True, "الدقيقة": True,
    "المرحلة": True, "الجلسة": True, "القمة": True, "البطولة": True, "السنة": True,
    "القرن": False, "الفصل": False, "الباب": False, "الموسم": False, "المركز": False, "الأسبوع": False,
    "اليوم": False, "الشهر": False, "المؤتمر": False, "الجزء": False, "البند": False, "الصف": False,
    "المهرجان": False, "الاجتماع": False,
}

GREGORIAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                    "أكتوبر", "نوفمبر", "ديسمبر")
HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الثاني", "جمادى الأولى", "جمادى الآخرة", "رجب",
                "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
# Every month name a news text may use: Egyptian/Gulf, Levantine/Iraqi, Maghrebi, Hijri.
MONTH_NAMES = frozenset(GREGORIAN_MONTHS + HIJRI_MONTHS + (
    "إبريل", "ابريل", "اكتوبر", "اغسطس", "يونيه", "يوليه",
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول",
    "جانفي", "فيفري", "أفريل", "ماي", "جوان", "جويلية", "جويلة", "أوت", "نونبر", "دجنبر", "يوليوز", "غشت",
    "ربيع الآخر", "جمادى الأول", "جمادى الثاني", "جمادى الثانية", "ذي القعدة", "ذي الحجة",
))

# Abbreviations read in full. Keys are matched as whole tokens; a trailing dot belongs to the key.
TITLE_ABBREVIATIONS = {"أ.د.": "الأستاذ الدكتور", "أ.د": "الأستاذ الدكتور", "د.": "الدكتور",
                       "م.": "المهندس", "ص.ب": "صندوق بريد"}
ERA_ABBREVIATIONS = {"ق.م": "قبل الميلاد", "ق. م": "قبل الميلاد", "هـ": "هجري", "ه": "هجري", "م": "ميلادي"}
# Units written after a number.
UNIT_ABBREVIATIONS = {"كم": "كيلومتر", "كلم": "كيلومتر", "كغ": "كيلوغرام", "كلغ": "كيلوغرام",
                      "كجم": "كيلوغرام", "سم": "سنتيمتر", "مم": "مليمتر", "كم2": "كيلومتر مربع",
                      "km": "كيلومتر", "kg": "كيلوغرام"}

# Latin letters as Arabic speakers name them, for acronyms (CD → سي دي).
LATIN_LETTER_NAMES = {
    "A": "إيه", "B": "بي", "C": "سي", "D": "دي", "E": "إي", "F": "إف", "G": "جي", "H": "إتش",
    "I": "آي", "J": "جيه", "K": "كيه", "L": "إل", "M": "إم", "N": "إن", "O": "أو", "P": "بي",
    "Q": "كيو", "R": "آر", "S": "إس", "T": "تي", "U": "يو", "V": "في", "W": "دبليو", "X": "إكس",
    "Y": "واي", "Z": "زد",
}
