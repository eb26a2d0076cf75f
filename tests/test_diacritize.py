"""What narrator does around the diacritization model (narrator/text/diacritize.py)."""

from __future__ import annotations

import re

import pytest

from narrator.text.diacritize import diacritize, shadda_first, with_model
from narrator.text.spans import changed, keep

FATHA, DAMMA, KASRA, SHADDA, SUKUN, TANWIN_DAMM = "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064c"
VOWEL_THEN_SHADDA = re.compile("[\u064b-\u0650]\u0651")


@pytest.mark.parametrize(
    "given,expected",
    [
        ("م" + FATHA + SHADDA, "م" + SHADDA + FATHA),  # the order NFC and many keyboards give
        ("د" + TANWIN_DAMM + SHADDA, "د" + SHADDA + TANWIN_DAMM),
        ("م" + SHADDA + FATHA, "م" + SHADDA + FATHA),  # already right: left alone
        ("م" + FATHA + "م" + SHADDA, "م" + FATHA + "م" + SHADDA),  # a vowel on the letter before
        ("بسم", "بسم"),
    ],
)
def test_shadda_first(given: str, expected: str):
    assert shadda_first(given) == expected


def _vowel_everything(text: str) -> str:
    """A stand-in model: a fatha on every letter, shadda written after it on every م."""
    out = []
    for ch in text:
        if "\u064b" <= ch <= "\u0652":
            continue
        out.append(ch)
        if "\u0621" <= ch <= "\u064a":
            out.append(FATHA + (SHADDA if ch == "م" else ""))
    return "".join(out)


def test_shadda_comes_first_whatever_the_model_gives():
    out = with_model(_vowel_everything, "محمد")
    assert not VOWEL_THEN_SHADDA.search(out)
    assert SHADDA + FATHA in out


def test_real_model_output_has_shadda_first():
    out = diacritize("قال محمد إن الحكومة ستقدم مشروعا جديدا للمجلس، وإن التعديلات مهمة.")
    assert SHADDA in out and not VOWEL_THEN_SHADDA.search(out)


def test_espeak_reads_shadda_first_with_its_vowel():
    from narrator.engines.espeak import phonemize

    stem = "م" + DAMMA + "ح" + FATHA + "م"
    right = phonemize(stem + SHADDA + FATHA + "د" + TANWIN_DAMM)
    wrong = phonemize(stem + FATHA + SHADDA + "د" + TANWIN_DAMM)  # espeak loses the vowel
    assert "m_m_a_d" in right.replace("'", "").replace(",", "")
    assert "m_m_d" in wrong.replace("'", "").replace(",", "")
    assert phonemize(shadda_first(stem + FATHA + SHADDA + "د" + TANWIN_DAMM)) == right


def test_punctuation_is_spaced_off_while_the_model_reads():
    seen: list[str] = []

    def model(text: str) -> str:
        seen.append(text)
        return _vowel_everything(text)

    out = with_model(model, "وصل الوفد، ثم غادر. (وبعد)")
    assert seen == ["وصل الوفد ، ثم غادر . (وبعد )"]
    assert re.sub("[\u064b-\u0652]", "", out) == "وصل الوفد، ثم غادر. (وبعد)"
    assert "د" + FATHA + "،" in out  # the word before the comma has its ending


def test_spacing_gives_the_real_model_the_ending_before_a_comma():
    glued = diacritize("أعلنت الحكومة، أمس")
    assert re.search("الْحُكُومَةُ|الحُكُومَةُ", glued), glued


def test_kept_spans_come_out_as_written_and_changed_spans_are_vowelled():
    said = "حِمْص" + SUKUN
    out = with_model(_vowel_everything, f"في {keep(said)} و{changed('دمشق')}")
    assert keep(said) in out
    assert changed("د" + FATHA + "م" + SHADDA + FATHA + "ش" + FATHA + "ق" + FATHA) in out


def test_a_model_that_changes_characters_never_changes_narrators_text():
    out = with_model(lambda text: _vowel_everything(text.replace("ب", "ت").replace(".(", ". (")), "باب.(نعم)")
    assert re.sub("[\u064b-\u0652]", "", out) == "باب.(نعم)"
    assert out.startswith("ب" + "ا" + FATHA + "ب")  # the changed letters get no mark, the rest keep theirs


@pytest.mark.parametrize("text", ["", "   ", "BBC 2024", "!!"])
def test_text_without_arabic_is_unchanged(text: str):
    assert diacritize(text) == text


def test_leading_and_trailing_spaces_survive():
    assert with_model(_vowel_everything, "  باب ") == "  ب" + FATHA + "ا" + FATHA + "ب" + FATHA + " "


def test_a_letter_the_editor_left_bare_takes_the_models_mark():
    out = with_model(_vowel_everything, keep("ح" + KASRA + "م" + SUKUN + "ص"))
    assert out == keep("ح" + KASRA + "م" + SUKUN + "ص" + FATHA)
