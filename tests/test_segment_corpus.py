"""The four targets of issue 3 on the gold corpus in ../shared (skipped when it is absent).

The articles are run through `narrate plan FILE --json` (in process) and scored by
scripts/measure_segmentation.py, the same code that prints the figures for people.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.cli import main

from .conftest import ROOT, SHARED

CORPUS = SHARED / "corpus" / "articles"


def _measure_module():
    spec = importlib.util.spec_from_file_location("measure_segmentation", ROOT / "scripts" / "measure_segmentation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _plan(path: Path) -> dict:
    result = CliRunner().invoke(main, ["plan", "--json", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def figures() -> dict:
    if not CORPUS.is_dir():
        pytest.skip("the gold corpus (../shared/corpus/articles) is not present")
    measure = _measure_module()
    scores = measure.measure(CORPUS, _plan)
    return {"scores": scores, "overall": measure.overall(scores)}


def test_headlines_exact(figures):
    assert figures["overall"]["headline_exact"] >= 0.95


def test_body_words_in_order(figures):
    assert figures["overall"]["body_words_in_order"] >= 0.99


def test_noise_not_spoken(figures):
    assert figures["overall"]["noise_spoken"] <= 0.05


def test_section_titles_found(figures):
    assert figures["overall"]["title_f1"] >= 0.8


def test_the_scorer_can_fail():
    """The scorer itself: a plan that speaks noise, loses words and misses titles scores badly."""
    measure = _measure_module()
    article = {
        "id": "x", "headline": "عنوان", "byline": None, "noise": [{"text": "...المزيد", "type": "read_more"}],
        "sections": [{"paragraphs": ["أول ثان ثالث."]}, {"title": "قسم", "paragraphs": ["رابع خامس."]}],
    }
    good = {"headline": "عنوان", "byline": "", "dropped": [], "chapters": [
        {"title": "عنوان", "paragraphs": ["أول ثان ثالث."]}, {"title": "قسم", "paragraphs": ["رابع خامس."]}]}
    bad = {"headline": "عنوان آخر", "byline": "", "dropped": [], "chapters": [
        {"title": "عنوان آخر", "paragraphs": ["ثالث أول.", "رابع خامس ...المزيد"]}]}
    s_good, s_bad = measure.score(article, good), measure.score(article, bad)
    assert (s_good.headline_ok, s_good.body_found, s_good.noise_spoken, s_good.title_tp) == (True, 5, 0, 1)
    assert (s_bad.headline_ok, s_bad.body_found, s_bad.noise_spoken, s_bad.title_fn) == (False, 3, 1, 1)
