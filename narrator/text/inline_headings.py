"""Sub-headings that a scraper flattened into the running text of a paragraph.

Three shapes, each a rule with its own test table:
- `colon_heading`: "… انتهى الموسم. سحب تنظيم كأس الخليج : قررت اللجنة …" — a few words between a
  sentence end and a colon (set off by spaces, or glued to the title between two sentences);
- `connective_heading`: "… والسياحة. تمويل المشاريع وأوضح الوزير أن …" — a few words without a verb
  between a sentence end and "و" + a verb that opens a news sentence: a noun phrase followed by
  "وأوضح" is no Arabic sentence, it is a title the scraper joined to the paragraph;
- `parallel_headings`: "… 9280 نقطة. أداء القطاعات ارتفعت … أداء الأسهم تداول …" — in a long
  flattened paragraph, sentences that open with the same noun and differ in the definite nouns
  after it; a report's sub-headings repeat their head word, running text rarely does.
Each returns the paragraph as pieces: ("h", title) or ("p", text), in order.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .boilerplate import LEAD_IN_WORDS

Piece = tuple[str, str]

# A sentence starts at the beginning of a paragraph or after a full stop, ! or ? (and closing quotes).
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?؟…][\"'”»)])\s+|(?<=[.!?؟…])\s+)(?=\S)")

_TITLE_CHARS = r"[^\s.!?؟:،,;؛()\[\]«»\"\d*•-][^.!?؟:،,;؛()\[\]«»\"\-–]{2,60}?"
_COLON_SPAN = re.compile(rf"(?P<title>{_TITLE_CHARS})\s+:\s+")
# Between two sentences a flattened title may keep its colon glued: "… السياحة. تمويل المشاريع: أوضح …".
_GLUED_COLON_SPAN = re.compile(rf"(?P<title>{_TITLE_CHARS}):\s+")

# Verbs that open a news sentence after "و"/"ف" (masculine and feminine): reporting and announcing.
_OPENING_VERBS = frozenset(
    "قال أضاف أوضح أكد أشار تابع أعلن كشف ذكر بين لفت شدد أفاد اعتبر رأى توقع طالب دعا حذر رحب "
    "صرح علق ختم نفى أقر استعرض ناقش بحث قرر وافق رفض أصدر أطلق أعرب".split()
)


def _opening_verb(word: str) -> bool:
    """"وأوضح", "وأضافت", "فقال": a conjunction and a verb that opens a news sentence."""
    if len(word) < 3 or word[0] not in "وف":
        return False
    stem = word[1:]
    return stem in _OPENING_VERBS or (stem.endswith("ت") and stem[:-1] in _OPENING_VERBS)


def _speech_title(words: list[str]) -> bool:
    """Words that report speech or name a speaker ("أعلن الوزير", "وزير الخارجية"): a quotation follows."""
    first = words[0].lstrip("وف") if _opening_verb(words[0]) else words[0]
    # "ليردف متأسفا", "ليضيف": ل + a verb in the present tense continues what was said.
    continues = len(first) >= 4 and first[0] == "ل" and first[1] in "يت"
    # "ويتساءل الكاتب", "وتابع": a conjunction before a verb's prefix opens a clause, not a title.
    continues = continues or (len(words[0]) >= 4 and words[0][0] in "وف" and words[0][1] in "يتأان")
    return (first in _OPENING_VERBS or (first.endswith("ت") and first[:-1] in _OPENING_VERBS)
            or _head_key(first) in _PERSON_HEADS or continues)


# "…: إن السلطة …", "…: هل …": what opens reported speech or a quoted question after a colon.
# A quotation in the first person ("الخارجية الأمريكية: نرفض …", "…: لن نسمح …") is speech too.
_SPEECH_AFTER_COLON = re.compile(r"(?:إن|إنّ|إنَّ|ان|أن|هل|لا|لن|لم|نحن|إننا|أنا)\s|س?ن[\u0621-\u064a]{3,}\s")

# Heads of the subjects that news sentences put first ("وزير الخارجية قال …"): people, not topics.
_PERSON_HEADS = frozenset(
    "رئيس وزير أمير مدير ملك ولي نائب شيخ دكتور متحدث ناطق سفير مستشار محافظ أمين عضو قائد مسؤول "
    "مصدر مصادر".split()
)

# Paragraphs shorter than this are not flattened articles.
_FLATTENED_WORDS = 120


def _sentence_starts(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_START.finditer(text)]


def _is_title_words(words: list[str]) -> bool:
    if not 2 <= len(words) <= 6:
        return False
    first = words[0]
    return first not in LEAD_IN_WORDS and not (first[0] in "وف" and len(first) > 3 and first[1:] in LEAD_IN_WORDS)


def _cut(text: str, spans: list[tuple[int, int, int]]) -> list[Piece]:
    """Pieces from (title start, title end, body start) spans, in order."""
    pieces: list[Piece] = []
    position = 0
    for start, end, body in spans:
        if text[position:start].strip():
            pieces.append(("p", text[position:start].strip()))
        pieces.append(("h", text[start:end].strip()))
        position = body
    if text[position:].strip():
        pieces.append(("p", text[position:].strip()))
    return pieces


def colon_heading(text: str) -> list[Piece]:
    """A 2-6 word title between a sentence start and " : ", with a sentence of 5+ words after it.

    The colon is set off by a space on both sides, as scrapers leave flattened headings, or glued
    to a title between two sentences; "وقال الوزير: …", "أعلن الوزير: …", "وزير الخارجية: …" and
    "الرياض - واس: …" are lead-ins, speakers and datelines, left alone.
    """
    spans: list[tuple[int, int, int]] = []
    for start in _sentence_starts(text):
        match = _COLON_SPAN.match(text, start)
        if not match and start:
            # Glued, only between sentences: at a paragraph's start "X: …" is a speaker or a label.
            match = _GLUED_COLON_SPAN.match(text, start)
            if match and (_speech_title(match.group("title").split())
                          or _SPEECH_AFTER_COLON.match(text, match.end())):
                continue
        if not match or not _is_title_words(match.group("title").split()):
            continue
        if _SPEECH_AFTER_COLON.match(text, match.end()):
            continue  # "…: نرفض …", "…: إن …": what follows is a quotation
        body = match.end()
        # The text after a title is a sentence: not a list item, a quotation or a number.
        if not re.match(r"[\u0621-\u064a]", text[body:]):
            continue
        if len(re.split(r"[.!?؟]", text[body:], maxsplit=1)[0].split()) < 5:
            continue
        spans.append((start, match.end("title"), body))
    return _cut(text, spans)


# An abbreviation's full stop ("د. محمد", "م. أحمد") is no sentence end.
_ABBREVIATION_END = re.compile(r"(?:^|\s)[\u0621-\u064a]\.\s*$")


def connective_heading(text: str) -> list[Piece]:
    """A 2-6 word title after a sentence end, followed directly by "و"/"ف" and an opening verb.

    Must leave alone: a sentence whose subject comes first and whose verb has no "و" ("الوزير
    أوضح …"); a coordination ("الحكومة والبرلمان …"); a lead-in ("وفي السياق ذاته"); a name after
    an abbreviation ("د. محمد علي وأوضح"); a paragraph's opening words (a deck or a dateline); a
    clause whose verb comes first ("ارتفعت الأسعار وأكد …") unless the paragraph has two such titles.
    """
    spans: list[tuple[int, int, int]] = []
    for start in _sentence_starts(text):
        if not start or _ABBREVIATION_END.search(text[:start]):
            continue
        tokens = list(re.finditer(r"\S+", text[start:start + 160]))[:7]
        verb = next((i for i, t in enumerate(tokens) if _opening_verb(t.group())), None)
        if verb is None or verb < 2:
            continue
        words = [t.group() for t in tokens[:verb]]
        if not all(re.fullmatch(r"[\u0621-\u064a\u0640]+", w) for w in words):
            continue
        if not _is_title_words(words) or _speech_title(words):
            continue
        body = start + tokens[verb].start()
        if len(re.split(r"[.!?؟]", text[body:], maxsplit=1)[0].split()) < 5:
            continue
        spans.append((start, start + tokens[verb - 1].end(), body))
    # "ارتفعت الأسعار وأكد الخبراء …" is a clause, verb first, and looks the same as "تمويل
    # المشاريع وأوضح …": a title opening with a definite noun (no verb does) stands alone; others
    # only in company, as a report's several sub-headings.
    definite = [span for span in spans if text[span[0]:span[1]].startswith("ال")]
    return _cut(text, spans if len(spans) >= 2 else definite)


def _definite(word: str) -> bool:
    return word.strip("\"'«»“”").startswith(("ال", "لل"))


def _head_key(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def parallel_headings(text: str) -> list[Piece]:
    """In a flattened paragraph, sentence openings "N + definite nouns" sharing their noun N.

    The title is the noun and the definite words after it, up to the first indefinite word (the
    verb that starts the sentence).  At least two different titles must share the noun: one
    sentence that opens "التقرير السابق أشار" is news, two that open "أداء القطاعات" and
    "أداء الأسهم" are a report's sub-headings.
    """
    if len(text.split()) < _FLATTENED_WORDS:
        return [("p", text)]
    groups: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for start in _sentence_starts(text):
        words = list(re.finditer(r"\S+", text[start:start + 200]))
        if len(words) < 6 or not re.fullmatch(r"[\u0621-\u064a]+", words[0].group()):
            continue
        chain = 1
        while chain < len(words) and chain < 4 and _definite(words[chain].group()):
            chain += 1
        title_words = [w.group() for w in words[:chain]]
        if chain == 1 or chain >= 4 or not _is_title_words(title_words):
            continue
        if _head_key(title_words[0]) in _PERSON_HEADS:
            continue
        end = start + words[chain - 1].end()
        body = start + words[chain].start()
        groups[_head_key(title_words[0])].append((start, end, body, " ".join(title_words)))
    spans = sorted(
        (s, e, b)
        for group in groups.values()
        if len({title for *_, title in group}) >= 2
        for s, e, b, _ in group
    )
    return _cut(text, spans)


# An interview's question: 2-30 words ending with a question mark, opening the paragraph or
# following a full stop (a question after a comma, a colon or another question is the answer's own).
_QUESTION = re.compile(r"[^.!?؟…]{2,300}?[؟?]")
_QUESTION_MAX_WORDS = 30
# A question opened by "ف" (so, then) continues the writer's reasoning: rhetorical.
_RHETORICAL = re.compile(r"^ف(?:هل|ما|ماذا|كيف|لماذا|متى|أين|من|أي)\b")
_MIN_ANSWER_WORDS = 3


def _question_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start in _sentence_starts(text):
        if start and text[:start].rstrip()[-1:] in "؟?":
            continue
        match = _QUESTION.match(text, start)
        if not match:
            continue
        question = match.group().strip()
        if not interviewer_question(question):
            continue
        if not _answered(text, match.end()):
            continue
        spans.append((start, match.end()))
    return spans


# Verbs that report a question ("وتساءل الوزير: …؟", "وأضاف، …؟"): the writer's, not an interviewer's.
_REPORTING = LEAD_IN_WORDS | frozenset("تساءل وتساءل يتساءل سأل وسأل متسائلا".split())


def interviewer_question(question: str) -> bool:
    """A question an interviewer asks: 2-30 words, not rhetorical ("فهل …؟"), not quoted or reported."""
    words = question.split()
    if not 2 <= len(words) <= _QUESTION_MAX_WORDS or _RHETORICAL.match(question):
        return False
    # A question quoted after a colon, or after a reporting verb, belongs to the sentence.
    return ":" not in question and words[0].strip("،,") not in _REPORTING


def _answered(text: str, end: int) -> bool:
    """An answer follows: a sentence of a few words that is not itself a question."""
    answer = re.match(r"[^.!?؟]*[.!?؟]?", text[end:])
    sentence = answer.group() if answer else ""
    return len(sentence.split()) >= _MIN_ANSWER_WORDS and not sentence.rstrip().endswith(("؟", "?"))


def _paragraph_start_question(text: str) -> tuple[int, int] | None:
    """A question that opens the paragraph, with the remark the interviewer made before it
    ("يقولون إنك كاتبة جريئة. كيف ترين …؟")."""
    match = re.match(r"\s*[^؟?]{2,300}?[؟?]", text)
    # The remark and the question: two sentences at most.
    if not match or not interviewer_question(match.group().strip()) or len(re.findall(r"[.!…]", match.group())) > 1:
        return None
    return match.start(), match.end()


def interview_questions(text: str) -> list[Piece]:
    """Questions of an interview flattened into one paragraph with the answers: each is a title.

    An interview asks several: a paragraph needs two questions or more, each followed by an answer,
    so that a news paragraph asking one rhetorical question is left alone.
    """
    spans = _question_spans(text)
    opening = _paragraph_start_question(text)
    if opening and _answered(text, opening[1]):
        spans = [opening] + [span for span in spans if span[0] >= opening[1]]
    if len(spans) < 2:
        return [("p", text)]
    return _cut(text, [(start, end, end) for start, end in spans])


INLINE_RULES = (interview_questions, colon_heading, connective_heading, parallel_headings)


def split_inline_headings(text: str) -> list[Piece]:
    """A paragraph through every rule; a piece already cut as a title is not cut again."""
    pieces: list[Piece] = [("p", text)]
    for rule in INLINE_RULES:
        pieces = [out for kind, t in pieces for out in (rule(t) if kind == "p" else [(kind, t)])]
    return pieces
