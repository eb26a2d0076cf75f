"""Editors' pronunciation rules: `WRITTEN<TAB>SAY`, one a line, `#` comments.

SAY is one of:

- Arabic with diacritics (`حمص	حِمْص`): said with exactly those marks.  The span is marked KEEP
  (`spans.py`), so the diacritizer leaves every mark the editor wrote; a letter left without a mark
  (usually the last, whose case ending depends on the sentence) is vowelled by the model in context.
- another spelling (`سي إن إن	سي ان ان`, `ماكرون	مَاكْرُون`): the words to say instead, diacritized in
  context when they carry no marks.
- `say-as letters` (`قسد	say-as letters`): each letter by its name (قاف سين دال; Latin: سي إن إن).
- `as written` (`Macron	as written`): the Latin name given to the engine untouched, not spelled out.

Matching is on whole words, with the Arabic proclitics in front of the first word: و ف (and) and
ب ل ك (prepositions), alone or combined (وب, فل, وك …), and ال when WRITTEN has it.  A rule for حمص
also says وحمص, بحمص, لحمص; a rule for القاهرة also says والقاهرة, بالقاهرة, للقاهرة, وللقاهرة.
The article is not taken as a clitic of a word written without it: الحمص is chickpeas, not Homs,
and السورية ("the Syrian", with a shadda) is not the name سورية.  Alif with or without hamza
(أ إ آ ا) and a final ى/ي are taken as the same letter, as news spelling varies; marks in the article
are allowed between letters.  Phrases are tried before words, and longer matches before shorter.
A word starting with a clitic letter (وجدة) is read as clitic + rule word when only the shorter word
has a rule: give the whole word a rule of its own (`وجدة	وَجْدَة`) to keep it.

Rule sets stack: the built-in lexicon (package data), then `lexicon.tsv` beside narrator.toml (or the
file it names), then `--lexicon FILE`; a later rule for the same WRITTEN replaces an earlier one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError
from .diacritize import shadda_first
from .spans import changed, keep
from .symbols import HARAKAT, LATIN_LETTER_NAMES

AS_WRITTEN = "as written"
SAY_AS_LETTERS = "say-as letters"

ARABIC_LETTER_NAMES = {
    "ا": "ألف", "أ": "ألف", "إ": "ألف", "آ": "ألف", "ب": "باء", "ت": "تاء", "ث": "ثاء", "ج": "جيم",
    "ح": "حاء", "خ": "خاء", "د": "دال", "ذ": "ذال", "ر": "راء", "ز": "زاي", "س": "سين", "ش": "شين",
    "ص": "صاد", "ض": "ضاد", "ط": "طاء", "ظ": "ظاء", "ع": "عين", "غ": "غين", "ف": "فاء", "ق": "قاف",
    "ك": "كاف", "ل": "لام", "م": "ميم", "ن": "نون", "ه": "هاء", "ة": "تاء", "و": "واو", "ي": "ياء",
    "ى": "ألف", "ء": "همزة",
}

_MARKS = "[\u064b-\u0652\u0670]*"
_ALIF = "أإآا"
# و ف, then ب ل ك: every combination a news text writes before a noun.  The article ال is not
# one of them: it makes another word (الحمص is chickpeas, not Homs; السورية is "the Syrian", read
# with a shadda the name سورية has not), so a rule matches ال only when its WRITTEN has it.
_CLITICS = "(?:[وف]?[بلك]?)"
_WORD_CHAR = r"[\w\u064b-\u0652\u0670]"


class Kind(Enum):
    DIACRITIZED = "diacritized"
    RESPELLING = "respelling"
    LETTERS = "letters"
    AS_WRITTEN = "as written"


@dataclass(frozen=True, slots=True)
class Rule:
    written: str
    say: str
    source: str = "built-in"
    line: int = 0

    @property
    def kind(self) -> Kind:
        if self.say == SAY_AS_LETTERS:
            return Kind.LETTERS
        if self.say == AS_WRITTEN:
            return Kind.AS_WRITTEN
        if any(ch in HARAKAT for ch in self.say):
            return Kind.DIACRITIZED
        return Kind.RESPELLING

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a rule changed the text: what was written there, and the rule."""

    written: str
    rule: Rule


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch not in HARAKAT)


def _pattern_for(written: str) -> str:
    """A regex for WRITTEN: alif forms alike, final ى/ي alike, marks allowed after any letter,
    any run of spaces between words."""
    parts: list[str] = []
    words = written.split()
    for w, word in enumerate(words):
        for i, ch in enumerate(word):
            if w == 0 and i == 0 and word.startswith(("ال", "أل")) and len(word) > 2:
                # ل + القاهرة is written للقاهرة: the article's alif goes after a clitic ل.
                piece = f"(?:[{_ALIF}]|(?<=ل))"
            elif ch in _ALIF:
                piece = f"[{_ALIF}]"
            elif ch in "ىي" and i == len(word) - 1:
                piece = "[ىي]"
            else:
                piece = re.escape(ch)
            parts.append(piece + _MARKS)
        if w < len(words) - 1:
            parts.append(r"\s+")
    return "".join(parts)


def parse(text: str, source: str) -> tuple[list[Rule], list[Problem]]:
    """The rules in a lexicon file's text, and what is wrong with the lines that are not rules."""
    rules: list[Rule] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.lstrip("\ufeff").rstrip(" \r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            problems.append(Problem(number, f"expected WRITTEN<TAB>SAY, found {len(fields) - 1} tabs"))
            continue
        written, say = (" ".join(f.split()) for f in fields)
        if not written or not say:
            problems.append(Problem(number, "WRITTEN and SAY must both be given"))
            continue
        if any(ch in HARAKAT for ch in written):
            problems.append(Problem(number, f"WRITTEN '{written}' has diacritics: articles are matched "
                                            "without them; put the marks in SAY"))
            continue
        # Marks typed in Unicode's order put the vowel before shadda, which espeak-ng misreads.
        rule = Rule(written, shadda_first(say), source, number)
        if rule.kind is Kind.LETTERS and not all(ch in ARABIC_LETTER_NAMES or ch.upper() in LATIN_LETTER_NAMES
                                                 for ch in written if not ch.isspace() and ch != "."):
            problems.append(Problem(number, f"'{written}' has characters that have no letter name"))
            continue
        rules.append(rule)
    return rules, problems


def read(path: Path) -> str:
    """A lexicon file's text (UTF-8, with or without BOM), or one clear error."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"lexicon {path} does not exist") from None
    except UnicodeDecodeError:
        raise InputError(f"lexicon {path} is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"cannot read lexicon {path}: {exc.strerror}") from None


def load(path: Path) -> list[Rule]:
    """The rules of a lexicon file; a malformed line stops with its line number."""
    rules, problems = parse(read(path), str(path))
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more; run: narrate lexicon check {path})" if len(problems) > 1 else ""
        raise InputError(f"{path}:{first.line}: {first.message}{more}")
    return rules


BUILTIN_NAME = "lexicon_builtin.tsv"


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    text = resources.files("narrator.text").joinpath(BUILTIN_NAME).read_text(encoding="utf-8")
    rules, problems = parse(text, "built-in")
    if problems:  # pragma: no cover - a test holds the package data well-formed
        raise InputError(f"built-in lexicon line {problems[0].line}: {problems[0].message}")
    return tuple(rules)


def _said(rule: Rule, matched: str) -> str:
    kind = rule.kind
    say = rule.say
    if matched[:1] == "ل" and rule.written[:1] in _ALIF and say[:1] in _ALIF:
        say = say[1:]  # للقاهرة: the clitic ل took the article's alif
    if kind is Kind.DIACRITIZED:
        return keep(say)
    if kind is Kind.AS_WRITTEN:
        return keep(matched)
    if kind is Kind.LETTERS:
        names = [ARABIC_LETTER_NAMES.get(ch) or LATIN_LETTER_NAMES.get(ch.upper(), "")
                 for ch in _letters(matched) if not ch.isspace() and ch != "."]
        return changed(" ".join(n for n in names if n))
    return changed(say)


@dataclass(frozen=True)
class Lexicon:
    """Rules by WRITTEN (a later one replaces an earlier), applied as one pass over the text."""

    rules: tuple[Rule, ...] = ()
    _regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _by_key: dict[str, Rule] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, *rule_sets: Iterable[Rule]) -> Lexicon:
        by_written: dict[str, Rule] = {}
        for rules in rule_sets:
            for rule in rules:
                by_written[_key(rule.written)] = rule
        ordered = tuple(sorted(by_written.values(), key=lambda r: (-len(r.written.split()), -len(r.written))))
        if not ordered:
            return cls()
        # One alternation, phrases and longer words first; the clitics are lazy, so a whole word
        # with a rule of its own (وجدة) wins over a clitic + shorter word (و + جدة).
        alternatives = "|".join(f"(?P<r{i}>{_pattern_for(r.written)})" for i, r in enumerate(ordered))
        regex = re.compile(f"(?<!{_WORD_CHAR})(?P<clitic>{_CLITICS}??)(?:{alternatives})(?!{_WORD_CHAR})")
        return cls(ordered, regex, {f"r{i}": r for i, r in enumerate(ordered)})

    def __bool__(self) -> bool:
        return bool(self.rules)

    def _matches(self, text: str) -> Iterator[tuple[re.Match[str], Rule]]:
        if self._regex is None:
            return
        for m in self._regex.finditer(text):
            name = next(k for k, v in m.groupdict().items() if v is not None and k != "clitic")
            yield m, self._by_key[name]

    def apply(self, text: str) -> str:
        """`text` with every rule's SAY in place of what it matched, marked for the later stages."""
        if self._regex is None:
            return text
        out: list[str] = []
        last = 0
        for m, rule in self._matches(text):
            clitic = m.group("clitic")
            matched = m.group(0)[len(clitic):]
            said = _said(rule, matched)
            out.append(text[last:m.start()])
            out.append(clitic + said)
            last = m.end()
        out.append(text[last:])
        return "".join(out)

    def hits(self, text: str) -> list[Hit]:
        return [Hit(m.group(0), rule) for m, rule in self._matches(text)]

    def __call__(self, text: str) -> str:
        return self.apply(text)


def _key(written: str) -> str:
    """Two WRITTEN forms that match the same text are the same rule."""
    key = " ".join(_letters(written).split())
    key = re.sub(f"[{_ALIF}]", "ا", key)
    return re.sub("ى(?= |$)", "ي", key)


def check(text: str, source: str) -> list[Problem]:
    """Everything worth an editor's attention in a lexicon file, by line number: malformed lines,
    the same WRITTEN twice, and rules that can never match (punctuation or symbols the text
    cleaning removes before the rules run, or no letters at all)."""
    from .speak import WRITTEN_RULES, clean

    rules, problems = parse(text, source)
    seen: dict[str, Rule] = {}
    for rule in rules:
        key = _key(rule.written)
        if key in seen:
            problems.append(Problem(rule.line, f"'{rule.written}' is already a rule on line {seen[key].line}; "
                                               "the later one wins"))
        else:
            seen[key] = rule
        cleaned = clean(rule.written, WRITTEN_RULES)
        if not re.search(r"\w", rule.written):
            problems.append(Problem(rule.line, f"'{rule.written}' has no letters: it can never match a word"))
        elif cleaned != rule.written:
            problems.append(Problem(rule.line, f"'{rule.written}' can never match: articles are cleaned "
                                               f"before the rules run, and it becomes '{cleaned}'"))
        elif not Lexicon.of([rule]).hits(rule.written):
            problems.append(Problem(rule.line, f"'{rule.written}' can never match a whole word "
                                               "(it starts or ends with a sign that is not part of a word)"))
    return sorted(problems, key=lambda p: p.line)
