"""Captions: short cues cut where the sentence breathes, timed by the engine's word times where it
gives them and by characters of the spoken text where it does not."""

from __future__ import annotations

import pytest

from narrator.model import WordTime
from narrator.publish.captions import (
    LINE_CHARS, Timed, caption_parts, spoken_position, split_sentence, time_at, wrap,
)

LONG = ("شهد يوم الأربعاء مقتل أكثر من 30 عنصراً من الفرقة الرابعة التابعة لجيش النظام، "
        "وجرح العشرات في هجوم واسع أعلن التنظيم مسؤوليته عنه، حيث استهدف ثلاث باصات مبيت على طريق دير الزور حمص.")


def test_short_sentence_is_one_cue_left_alone():
    assert caption_parts("ما أثر الغارات الروسية؟") == ["ما أثر الغارات الروسية؟"]
    assert wrap("ما أثر الغارات الروسية؟") == "ما أثر الغارات الروسية؟"


def test_long_sentence_is_cut_at_clauses_into_two_line_cues():
    parts = caption_parts(LONG)
    assert " ".join(parts) == LONG  # nothing lost, nothing added
    assert parts[0].endswith("النظام،")  # the clause mark is the first choice of cut
    for part in parts:
        lines = wrap(part).split("\n")
        assert len(lines) <= 2 and max(map(len, lines)) <= LINE_CHARS + 2


def test_a_lone_short_clause_joins_its_neighbour_when_both_fit():
    parts = caption_parts("قال الوزير، في مؤتمر صحفي عقده صباح اليوم في العاصمة بعد لقائه بالوفد الزائر، إن المفاوضات مستمرة.")
    assert not any(len(p) < 12 for p in parts)


@pytest.mark.parametrize("written, spoken, word, expected", [
    ("قتل 30 عنصرا في الهجوم", "قتل ثلاثين عنصرًا في الهجوم", "في", "في الهجوم"),
    ("بلغت 25% من الأصوات", "بلغت خمسة وعشرين في المئة من الأصوات", "من", "من الأصوات"),
    ("ذهب الولد إلى المدرسة", "ذَهَبَ الوَلَدُ إِلَى المَدْرَسَةِ", "إلى", "إِلَى المَدْرَسَةِ"),
])
def test_a_cut_in_the_written_text_lands_on_the_same_word_spoken(written, spoken, word, expected):
    q = spoken_position(written, spoken, written.index(word))
    assert spoken[q:] == expected


def test_word_times_decide_the_cut_else_characters_share_the_time():
    spoken = "ذهب الولد إلى المدرسة"
    words = (WordTime(0, 1000), WordTime(4, 5000), WordTime(10, 9000), WordTime(14, 12000))
    timed = Timed(spoken, spoken, 1000, 20000, words)
    assert time_at(timed, spoken.index("إلى")) == 9000
    untimed = Timed(spoken, spoken, 1000, 20000)
    assert time_at(untimed, spoken.index("إلى")) == 1000 + 19000 * 10 // len(spoken)


def test_sentence_cues_follow_each_other_inside_the_sentence():
    pieces = [Timed(LONG, LONG, 22050, 22050 * 14)]
    cues = split_sentence(LONG, pieces)
    assert len(cues) >= 3
    assert cues[0][1] == 22050 and cues[-1][2] == 22050 * 14
    for (_, s1, e1), (_, s2, e2) in zip(cues, cues[1:]):
        assert s1 < e1 <= s2 < e2
