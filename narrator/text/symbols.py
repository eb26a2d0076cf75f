"""Character tables for Arabic text rules (data only; the rules live in speak.py and parse.py)."""

TATWEEL = "\u0640"

# Marks that steer bidi layout or join glyphs: invisible on the page, noise to an engine.
INVISIBLE_MARKS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u061c\ufeff\u00ad"  # Arabic letter mark, BOM, soft hyphen
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

# Harakat, tanwin, shadda, sukun, superscript alef: what a diacritizer adds.
HARAKAT = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")
