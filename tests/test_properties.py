"""Properties over arbitrary input (hypothesis): the parser and the speech rules never raise on any
Unicode, and every Arabic word of the body reaches exactly one utterance, in order."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrator.errors import InputError
from narrator.model import Article, Pauses
from narrator.text.parse import decode, parse_text
from narrator.text.speak import build_script
from narrator.text.symbols import ARABIC_LETTERS

ARABIC_WORD = re.compile(f"[{ARABIC_LETTERS}]+")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What scraped news text is made of: Arabic letters and marks, digits of both kinds, Latin,
# punctuation, Markdown signs, line breaks, bidi and zero-width marks, control characters.
_PIECES = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0x0750, max_codepoint=0x077F),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
    st.sampled_from(list("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069\u200b\u200c\u200d\u00a0\ufeff")),
    st.sampled_from(list("\n\n\r\t #*-_>[]()!.,:;?\"'`|=~") + ["\n\n", "## ", "# ", "---\n", "```", "&amp;", "<b>"]),
    st.characters(max_codepoint=0x1F),
    st.characters(),
)
_JOINED = st.lists(_PIECES, max_size=400).map("".join)
ANY_TEXT = st.one_of(
    _JOINED,
    st.text(max_size=200),
    # huge lines: one short pattern repeated, no line break
    st.builds(lambda s, n: s * n, st.lists(_PIECES, min_size=1, max_size=20).map("".join), st.integers(100, 3000)),
)


def _arabic_words(text: str) -> list[str]:
    return ARABIC_WORD.findall(text)


def _spoken_in_order(article: Article) -> list[str]:
    parts = [article.headline, article.byline]
    for index, chapter in enumerate(article.chapters):
        parts.extend(([chapter.title] if index else []) + list(chapter.paragraphs))
    return [w for part in parts for w in _arabic_words(part)]


@SETTINGS
@given(ANY_TEXT)
def test_the_parser_and_the_speech_rules_never_raise(text: str):
    try:
        article = parse_text(text)
    except InputError:
        return
    for limit in (100, 400):
        script = build_script(article, max_chars=limit, pauses=Pauses())
        for utterance in script.utterances:
            assert utterance.spoken.strip()
            assert len(utterance.spoken) <= limit or " " not in utterance.spoken.strip()


@SETTINGS
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_is_text_or_one_input_error(data: bytes):
    try:
        assert isinstance(decode(data, "x"), str)
    except InputError as exc:
        assert "\n" not in str(exc)


_WORD = st.text(st.sampled_from(ARABIC_LETTERS[1:36]), min_size=2, max_size=9)
_GLUE = st.sampled_from([" ", " ", " ", "، ", ". ", "؟ ", "؛ ", ": ", "! ", " (", ") ", " «", "» ", "... "])


@st.composite
def arabic_paragraph(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORD, min_size=1, max_size=60))
    glue = draw(st.lists(_GLUE, min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, glue)).strip() + "."


@SETTINGS
@given(st.lists(arabic_paragraph(), min_size=1, max_size=12), st.sampled_from([100, 400]))
def test_every_arabic_word_reaches_exactly_one_utterance_in_order(paragraphs: list[str], limit: int):
    article = parse_text("# " + "عنوان الخبر" + "\n\n" + "\n\n".join(paragraphs) + "\n")
    script = build_script(article, max_chars=limit, pauses=Pauses())
    spoken = [w for u in script.utterances for w in _arabic_words(u.spoken)]
    assert spoken == _spoken_in_order(article)
    if not article.dropped:  # the parser kept everything: every written word is spoken, in order
        written = [w for p in paragraphs for w in _arabic_words(p)]
        assert spoken[len(_arabic_words(article.headline)):] == written


_NEWS_PIECES = st.one_of(
    _PIECES,
    st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩٫٬٪%$€£/:.,-+&")),
    st.sampled_from(["عام ", "دولار", " مليون", "الساعة ", "جوان ", "هـ", "م ", "د. ", "CD", "https://a.b/c", "x@y.org"]),
)


@SETTINGS
@given(st.lists(_NEWS_PIECES, max_size=300).map("".join))
def test_normalization_never_raises_and_is_idempotent_on_its_own_output(text: str):
    from narrator.text.speak import clean

    spoken = clean(text)
    assert clean(spoken) == spoken
