"""The scoring of scripts/measure_pronunciation.py on lines small enough to check by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("measure_pronunciation", ROOT / "scripts" / "measure_pronunciation.py")
measure = importlib.util.module_from_spec(_spec)
sys.modules["measure_pronunciation"] = measure  # dataclasses look their module up by name
_spec.loader.exec_module(measure)  # type: ignore[union-attr]


def _phonemes(text: str) -> str:
    """A stand-in phonemizer: one token per letter or mark."""
    return " ".join("_".join(word) for word in text.split())


def _tokens(line: str):
    return [tuple(t.split("/")) for t in line.split()]


def test_a_word_is_right_when_it_matches_any_reading():
    gold = _tokens("ذَهَبَ/ذَهَبْ إِلَى اَلسُّوقِ .")
    score = measure.score_line(gold, "ذَهَبْ إِلَى السُّوقِ.", _phonemes)
    assert (score.word_errors, score.letter_errors, score.words) == (0, 0, 3)


def test_a_wrong_ending_is_one_letter_and_one_word():
    gold = _tokens("ذَهَبَ إِلَى السُّوقِ")
    score = measure.score_line(gold, "ذَهَبَ إِلَى السُّوقَ", _phonemes)
    assert (score.letter_errors, score.word_errors) == (1, 1)
    assert score.phoneme_errors == 1  # كسرة → فتحة: one substitution


def test_a_word_the_path_lost_counts_as_wrong_and_figures_are_not_scored():
    gold = _tokens("فِي 2024 ذَهَبَ")
    score = measure.score_line(gold, "فِي أَلْفَيْنِ", _phonemes)
    assert score.words == 2 and score.word_errors == 1
    assert score.letter_errors == 3  # ذهب: three letters, all counted wrong


def test_written_glues_punctuation_and_drops_marks():
    assert measure.written(_tokens("قَالَ ( نَعَمْ ) ، ثُمَّ ذَهَبَ .")) == "قال (نعم)، ثم ذهب."


def test_levenshtein():
    assert measure.levenshtein(list("kitten"), list("sitting")) == 3
