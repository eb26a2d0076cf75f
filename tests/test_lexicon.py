"""Editors' pronunciation rules (narrator/text/lexicon.py): matching, kinds, stacking, checking,
and the built-in lexicon, each entry phonemized by espeak-ng."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.text.lexicon import Kind, Lexicon, Rule, builtin_rules, check, load, parse
from narrator.text.pronounce import load_lexicon, speakable
from narrator.text.spans import show_marks, unmark
from narrator.text.symbols import HARAKAT

RULES = Lexicon.of([
    Rule("حمص", "حِمْص"),
    Rule("القاهرة", "القَاهِرَة"),
    Rule("الأمم المتحدة", "الأُمَم المُتَّحِدَة"),
    Rule("الأمم", "الأُمَم"),
    Rule("قسد", "say-as letters"),
    Rule("CNN", "say-as letters"),
    Rule("Macron", "as written"),
    Rule("ماكرون", "مَاكْرُون"),
    Rule("سي إن إن", "سي ان ان"),
    Rule("جدة", "جِدَّة"),
    Rule("وجدة", "وَجْدَة"),
    Rule("دير الزور", "دَيْر الزُّور"),
    Rule("دير", "دَيْر"),
    Rule("مستشفى", "مُسْتَشْفَى"),
])


def said(text: str, lexicon: Lexicon = RULES) -> str:
    return show_marks(lexicon.apply(text))


@pytest.mark.parametrize(
    "text,expected",
    [
        # clitics: و ف ب ل ك and their combinations, in front of the word
        ("حمص", "⟦حِمْص⟧"), ("وحمص", "و⟦حِمْص⟧"), ("بحمص", "ب⟦حِمْص⟧"), ("لحمص", "ل⟦حِمْص⟧"),
        ("فبحمص", "فب⟦حِمْص⟧"), ("وكحمص", "وك⟦حِمْص⟧"),
        # a rule written with ال: its clitics, and ل + ال written لل
        ("بالقاهرة", "ب⟦القَاهِرَة⟧"), ("والقاهرة", "و⟦القَاهِرَة⟧"), ("للقاهرة", "ل⟦لقَاهِرَة⟧"),
        ("وللقاهرة", "ول⟦لقَاهِرَة⟧"),
        # alif with or without hamza, final ى/ي, marks in the article
        ("الامم المتحدة", "⟦الأُمَم المُتَّحِدَة⟧"), ("مستشفي", "⟦مُسْتَشْفَى⟧"), ("حِمص", "⟦حِمْص⟧"),
        # phrases before words, longest first
        ("قالت الأمم المتحدة إن الأمم", "قالت ⟦الأُمَم المُتَّحِدَة⟧ إن ⟦الأُمَم⟧"),
        ("دير الزور ودير", "⟦دَيْر الزُّور⟧ و⟦دَيْر⟧"),
        ("الأمم  المتحدة", "⟦الأُمَم المُتَّحِدَة⟧"),
        # a whole word with its own rule wins over clitic + shorter word
        ("وجدة وجدة", "⟦وَجْدَة⟧ ⟦وَجْدَة⟧"), ("مدينة جدة", "مدينة ⟦جِدَّة⟧"),
        # kinds
        ("قوات قسد", "قوات ⟦قاف سين دال⟧"), ("شبكة CNN", "شبكة ⟦سي إن إن⟧"),
        ("قال Macron", "قال ⟦Macron⟧"), ("قال ماكرون", "قال ⟦مَاكْرُون⟧"), ("سي إن إن", "⟦سي ان ان⟧"),
    ],
)
def test_matches(text: str, expected: str):
    assert said(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "حمصي",  # a longer word (nisba)
        "الحمص",  # the article is not a clitic of a word written without it: chickpeas
        "حمصيون", "أحمص", "القاهري", "Macrons", "macron", "CNNX", "الأممية", "قسدي",
        "مقاهرة",  # no clitic م
    ],
)
def test_leaves_alone(text: str):
    assert RULES.apply(text) == text


def test_applied_twice_changes_nothing_more():
    once = RULES.apply("في حمص والقاهرة")
    from narrator.text.spans import outside_marks

    assert outside_marks(RULES.apply)(once) == once


def test_a_user_rule_overrides_a_built_in_one(tmp_path: Path):
    builtin = dict((r.written, r.say) for r in builtin_rules())
    assert builtin["حمص"] == "حِمْص"
    mine = tmp_path / "names.tsv"
    mine.write_text("# ours\nحمص\tحُمُص\n", encoding="utf-8")
    lexicon = load_lexicon([mine])
    assert said("في حمص", lexicon) == "في ⟦حُمُص⟧"
    assert said("في القاهرة", lexicon).startswith("في ⟦")  # the other built-ins stay


def test_lexicon_tsv_beside_narrator_toml_and_named_in_it(tmp_path: Path):
    from narrator.commands.pronunciation import editor_lexicon
    from narrator.config import load_config

    toml = tmp_path / "narrator.toml"
    assert load_config(toml).lexicon is None
    (tmp_path / "lexicon.tsv").write_text("حمص\tحُمُص\n", encoding="utf-8")
    assert load_config(toml).lexicon == tmp_path / "lexicon.tsv"  # with or without narrator.toml
    assert said("حمص", editor_lexicon(config=toml)) == "⟦حُمُص⟧"
    (tmp_path / "names.tsv").write_text("حمص\tحَمَص\n", encoding="utf-8")
    toml.write_text('lexicon = "names.tsv"\n[show]\ntitle = "x"\n', encoding="utf-8")
    assert said("حمص", editor_lexicon(config=toml)) == "⟦حَمَص⟧"
    extra = tmp_path / "extra.tsv"
    extra.write_text("حمص\tحِمِص\n", encoding="utf-8")
    assert said("حمص", editor_lexicon([extra], config=toml)) == "⟦حِمِص⟧"  # --lexicon comes last
    toml.write_text("lexicon = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="lexicon must be the name of a file"):
        load_config(toml)


@pytest.mark.parametrize(
    "say,kind",
    [("حِمْص", Kind.DIACRITIZED), ("حمس", Kind.RESPELLING), ("say-as letters", Kind.LETTERS),
     ("as written", Kind.AS_WRITTEN)],
)
def test_kinds(say: str, kind: Kind):
    assert Rule("حمص", say).kind is kind


def test_shadda_typed_after_the_vowel_is_stored_first():
    rules, _ = parse("غزة\tغَزَّة\n", "f")
    assert "\u0651\u064e" in rules[0].say and "\u064e\u0651" not in rules[0].say


@pytest.mark.parametrize(
    "text,line,fragment",
    [
        ("حمص\n", 1, "expected WRITTEN<TAB>SAY"),
        ("# c\n\nحمص\tحِمْص\tx\n", 3, "found 2 tabs"),
        ("حِمْص\tحِمْص\n", 1, "has diacritics"),
        ("حمص\t \n", 1, "must both be given"),
        ("(حمص)\tx\n", 1, "say-as"),
    ],
)
def test_parse_problems(text: str, line: int, fragment: str):
    problems = parse(text, "f")[1]
    if fragment == "say-as":
        problems = check(text, "f")
        fragment = "never match"
    assert problems and problems[0].line == line and fragment in problems[0].message


def test_check_reports_duplicates_and_rules_that_can_never_match():
    text = "حمص\tحِمْص\n# comment\nإسرائيل\tx\nاسرائيل\ty\n«غزة»\tغَزَّة\n...\tx\nـحمصـ\tx\nقسد\tsay-as letters\n"
    problems = {(p.line, p.message.split(":")[0][:25]) for p in check(text, "f")}
    lines = sorted(line for line, _ in problems)
    assert lines == [4, 5, 6, 7]
    assert all(p.line != 1 and p.line != 8 for p in check(text, "f"))


def test_load_stops_on_the_first_bad_line_with_its_number(tmp_path: Path):
    path = tmp_path / "bad.tsv"
    path.write_text("حمص\tحِمْص\nbad\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:2: expected"):
        load(path)
    with pytest.raises(InputError, match="does not exist"):
        load(tmp_path / "missing.tsv")
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="not UTF-8"):
        load(path)


def test_rules_reach_every_engine_and_figures_around_them_are_still_read():
    lexicon = Lexicon.of([Rule("حمص", "حُمُص"), Rule("CNN", "say-as letters")])
    plain = speakable("قتل 5 في حمص حسب CNN", lexicon=lexicon, diacritizer=None)
    assert plain == "قتل خمسة في حُمُص حسب سي إن إن"  # what gtts receives: no marks left
    spoken = speakable("قتل 5 في حمص", lexicon=lexicon)
    assert "حُمُص" in spoken and not re.search("[\ue000-\ue003]", spoken)


def test_a_respelling_is_diacritized_in_context_and_a_diacritized_say_is_kept():
    lexicon = Lexicon.of([Rule("حمص", "حُمُص"), Rule("ماكرون", "ماكرون")])
    spoken = speakable("التقى ماكرون في حمص", lexicon=lexicon)
    assert "حُمُص" in spoken
    assert any(ch in HARAKAT for ch in spoken.split()[1])  # ماكرون got marks from the model


def test_the_rule_is_not_read_again_by_the_figure_rules():
    lexicon = Lexicon.of([Rule("G7", "as written"), Rule("ق", "say-as letters")])
    assert speakable("قمة G7", lexicon=lexicon, diacritizer=None) == "قمة G7"
    assert speakable("قمة G7", lexicon=Lexicon(), diacritizer=None) != "قمة G7"


# --- the built-in lexicon -------------------------------------------------------------------

_LONG_OR_SILENT = set("اىويآ")  # long vowels and the alif of ال carry no mark of their own


def _vowels_written(say: str) -> int:
    return sum(ch in "\u064b\u064c\u064d\u064e\u064f\u0650" for ch in say)


def test_builtin_lexicon_is_well_formed_and_has_no_duplicates():
    text = (Path(__file__).resolve().parents[1] / "narrator" / "text" / "lexicon_builtin.tsv").read_text("utf-8")
    assert check(text, "built-in") == []
    assert len(builtin_rules()) >= 100


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.written)
def test_builtin_entry_is_vowelled_and_espeak_says_every_vowel(rule: Rule):
    from narrator.engines.espeak import phonemize

    assert rule.kind is Kind.DIACRITIZED
    assert unmark("".join(ch for ch in rule.say if ch not in HARAKAT)) == rule.written.replace("أ", "أ")
    for word in rule.say.split():
        letters = re.findall(f"(.)([{''.join(HARAKAT)}]*)", word)
        # Every letter but the last (its case ending is the model's) and the long vowels and
        # the article's alif and lam carries a mark: the editor's reading is complete.
        for i, (letter, marks) in enumerate(letters[:-1]):
            article = word.startswith("ال") and i < 2
            assert marks or letter in _LONG_OR_SILENT or article, (rule.say, letter)
    phonemes = phonemize(rule.say).replace("'", "").replace(",", "")
    said_vowels = len(re.findall(r"(?:^|_)(?:a|i|u|A|I|U|aI|aU|e|o)[:.]*(?=_|$| )", phonemes.replace(" ", "_ _")))
    # espeak says at least the vowels written: none lost to a mark it cannot read
    assert said_vowels >= _vowels_written(rule.say), (rule.say, phonemes)


def test_an_article_cannot_forge_span_marks():
    # The private-use characters that mark spans are removed from the article's own text.
    assert speakable("حمص \ue000x\ue001 \ue002y", lexicon=Lexicon(), diacritizer=None) == "حمص x y"
