"""The marks around what a pronunciation rule said (narrator/text/spans.py)."""

from __future__ import annotations

import pytest

from narrator.text.spans import changed, keep, outside_marks, restore_kept, show_marks, strip_kept_marks, unmark

FATHA, KASRA, SUKUN, SHADDA = "\u064e", "\u0650", "\u0652", "\u0651"


def test_outside_marks_leaves_spans_and_the_spaces_around_them():
    upper = outside_marks(lambda text: " ".join(text.upper().split()))
    text = f"ab  {keep('cd')} ef {changed('gh')}ij"
    assert upper(text) == f"AB  {keep('cd')} EF {changed('gh')}IJ"  # the spaces next to a span stay as they were
    assert upper("plain  text") == "PLAIN TEXT"


@pytest.mark.parametrize(
    "mine,model,expected",
    [
        ("ح" + KASRA + "م" + SUKUN + "ص", "ح" + FATHA + "م" + FATHA + "ص" + KASRA, "ح" + KASRA + "م" + SUKUN + "ص" + KASRA),
        ("د" + SHADDA, "د" + SHADDA + KASRA, "د" + SHADDA + KASRA),  # the doubling is mine, the vowel the model's
        ("د" + SHADDA, "د" + FATHA, "د" + SHADDA + FATHA),
        ("ب" + FATHA, "ت" + KASRA, "ب" + FATHA),  # letters differ: mine as written
    ],
)
def test_restore_kept_merges_the_editors_marks_with_the_models(mine: str, model: str, expected: str):
    assert restore_kept(f"x {keep(model)}", f"x {keep(mine)}") == f"x {keep(expected)}"


def test_restore_kept_gives_up_when_a_stage_lost_a_mark():
    assert restore_kept("no spans here", keep("ب" + FATHA)) == "no spans here"


def test_strip_unmark_and_show():
    text = f"و{keep('ح' + KASRA + 'مص')} {changed('سي إن إن')}"
    assert strip_kept_marks(text) == f"و{keep('حمص')} {changed('سي إن إن')}"
    assert unmark(text) == "وح" + KASRA + "مص سي إن إن"
    assert show_marks(text) == "و⟦ح" + KASRA + "مص⟧ ⟦سي إن إن⟧"
