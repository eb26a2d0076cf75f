#!/usr/bin/env python3
"""Measure segmentation on the gold articles: the four figures of issue 3, per article and overall.

Each article's source is saved as a file and run through `narrate plan FILE --json`, as a user
runs it: a saved page's `raw_html` as NNN.html, otherwise its `raw_text` as NNN.txt.  The plan is
compared with the gold structure:

  headline   the plan's headline equals the gold one after folding whitespace and tatweel
             (and HTML entities: the gold `headline_clean`);
  body       share of the gold body words found in the spoken plan (headline, byline, section
             titles, paragraphs), in order: a greedy in-order match that skips a missing word;
  noise      share of the gold noise items that are spoken: found, word for word, more often in the
             spoken plan than in the gold's own spoken text (a site name "الخبر" glued before the
             headline is noise there and news in "ندوة الخبر" in the body; a caption's words may
             recur in a paragraph). The byline slot is exempt when it is the gold byline itself,
             since the gold marks a byline repeated in the body as noise; the strict figure is
             printed too;
  titles     section titles: true/false positives and misses, by exact folded text, F1 over the
             articles whose source has titles (false positives elsewhere are listed too);
  paragraphs the number of spoken paragraphs equals the gold's (every section's paragraphs; a
             spoken deck, the gold `subheadline`, is not counted);
  byline     the plan's byline equals the gold one after folding ("" when the gold has none).

CORPUS_DIR may be any folder of gold JSON files of the same form (a held-out set of your own).

Usage: scripts/measure_segmentation.py [CORPUS_DIR]   (default ../shared/corpus/articles)
Prints one line per article, then the overall figures; `--json` prints them as JSON.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles"

_MARKS = re.compile(r"[\u0640\u064b-\u0652\u0670]")  # tatweel and harakat


def fold(text: str) -> str:
    return " ".join(html.unescape(text).replace("\u0640", "").split())


def words(text: str) -> list[str]:
    """Word tokens for comparison: letters and digits only, without tatweel or harakat."""
    text = _MARKS.sub("", html.unescape(text))
    return [w for w in (re.sub(r"[^\w]", "", t) for t in text.split()) if w]


@dataclass(frozen=True)
class Score:
    id: str
    headline_ok: bool
    body_found: int
    body_total: int
    noise_spoken: int
    noise_spoken_strict: int
    noise_total: int
    title_tp: int
    title_fp: int
    title_fn: int
    has_titles: bool
    paragraphs_found: int = 0
    paragraphs_gold: int = 0
    byline_ok: bool = True

    @property
    def paragraphs_exact(self) -> bool:
        return self.paragraphs_found == self.paragraphs_gold


def occurrences(text: str, needle: str) -> int:
    """How often `needle` (words between spaces) occurs in `text`, overlaps counted."""
    return len(re.findall(f"(?={re.escape(needle)})", text))


def in_order(gold: list[str], spoken: list[str]) -> int:
    found, position = 0, 0
    for word in gold:
        try:
            position = spoken.index(word, position) + 1
            found += 1
        except ValueError:
            continue
    return found


def score(article: dict, plan: dict) -> Score:
    gold_headline = article.get("headline_clean") or article["headline"]
    chapters = plan["chapters"]
    titles = [c["title"] for c in chapters[1:]]
    paragraphs = [p for c in chapters for p in c["paragraphs"]]
    body_spoken: list[str] = words(plan["headline"])
    for c_index, chapter in enumerate(chapters):
        if c_index:
            body_spoken += words(chapter["title"])
        for paragraph in chapter["paragraphs"]:
            body_spoken += words(paragraph)
    byline_is_gold = bool(article.get("byline")) and fold(plan["byline"]) == fold(article["byline"])
    spoken_all = words(plan["headline"]) + ([] if byline_is_gold else words(plan["byline"]))
    spoken_all += [w for t in titles for w in words(t)] + [w for p in paragraphs for w in words(p)]
    spoken_text = " " + " ".join(spoken_all) + " "

    gold_words = [w for s in article["sections"] for p in s["paragraphs"] for w in words(p)]
    noise = [n["text"] for n in article["noise"]]
    gold_spoken = words(gold_headline) + words(article.get("subheadline") or "") + [w for s in article["sections"] for w in words(s.get("title") or "")]
    gold_text = " " + " ".join(gold_spoken + gold_words) + " "

    def spoken_as_noise(item: str, text: str) -> bool:
        needle = f" {' '.join(words(item))} "
        return bool(words(item)) and occurrences(text, needle) > occurrences(gold_text, needle)

    noise_spoken = sum(1 for n in noise if spoken_as_noise(n, spoken_text))
    # The strict reading: the byline slot counts too, even when it holds the gold byline.
    strict_text = f" {' '.join(spoken_all + words(plan['byline']))} "
    noise_strict = sum(1 for n in noise if spoken_as_noise(n, strict_text))

    gold_titles = [fold(s["title"]) for s in article["sections"] if s.get("title")]
    found_titles = [fold(t) for t in titles]
    tp = sum(1 for t in found_titles if t in gold_titles)
    return Score(
        id=article["id"] if "id" in article else "?",
        headline_ok=fold(plan["headline"]) == fold(gold_headline),
        body_found=in_order(gold_words, body_spoken),
        body_total=len(gold_words),
        noise_spoken=noise_spoken,
        noise_spoken_strict=noise_strict,
        noise_total=len(noise),
        title_tp=tp,
        title_fp=len(found_titles) - tp,
        title_fn=len(gold_titles) - tp,
        has_titles=bool(gold_titles),
        # A deck under the headline is the article's own text: spoken or not, it is no error.
        paragraphs_found=len([p for p in paragraphs if words(p) != words(article.get("subheadline") or "")]),
        paragraphs_gold=sum(len(s["paragraphs"]) for s in article["sections"]),
        byline_ok=fold(plan["byline"]) == fold(article.get("byline") or ""),
    )


EMPTY_PLAN: dict = {"headline": "", "byline": "", "dropped": [], "chapters": [{"title": "", "paragraphs": []}]}


def cli_plan(path: Path) -> dict:
    """`narrate plan FILE --json`, as a user runs it."""
    out = subprocess.run(
        [sys.executable, "-m", "narrator.cli", "plan", "--json", str(path)],
        capture_output=True, text=True, cwd=ROOT,
    )
    if out.returncode:
        # An article the tool refuses scores as an empty plan, and the reason is shown.
        print(f"{path.name}: {out.stderr.strip()}", file=sys.stderr)
        return EMPTY_PLAN
    return json.loads(out.stdout)


def source_file(article: dict, folder: Path, stem: str) -> Path:
    """The article as a user has it: the saved page when there is one, else the text."""
    if article.get("raw_html"):
        path = folder / f"{stem}.html"
        path.write_text(article["raw_html"], encoding="utf-8")
    else:
        path = folder / f"{stem}.txt"
        path.write_text(article["raw_text"], encoding="utf-8")
    return path


def measure(corpus: Path, plan: Callable[[Path], dict] = cli_plan) -> list[Score]:
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for source in sorted(corpus.glob("*.json")):
            article = json.loads(source.read_text(encoding="utf-8"))
            article.setdefault("id", source.stem)
            scores.append(score(article, plan(source_file(article, Path(tmp), source.stem))))
    return scores


def overall(scores: list[Score]) -> dict[str, float]:
    tp = sum(s.title_tp for s in scores if s.has_titles)
    fp = sum(s.title_fp for s in scores if s.has_titles)
    fn = sum(s.title_fn for s in scores if s.has_titles)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "articles": len(scores),
        "headline_exact": sum(s.headline_ok for s in scores) / len(scores),
        "body_words_in_order": sum(s.body_found for s in scores) / sum(s.body_total for s in scores),
        "noise_spoken": sum(s.noise_spoken for s in scores) / max(1, sum(s.noise_total for s in scores)),
        "noise_spoken_with_byline_slot": sum(s.noise_spoken_strict for s in scores)
        / max(1, sum(s.noise_total for s in scores)),
        "title_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "title_false_positives_elsewhere": sum(s.title_fp for s in scores if not s.has_titles),
        "paragraphs_exact": sum(s.paragraphs_exact for s in scores) / len(scores),
        "byline_exact": sum(s.byline_ok for s in scores) / len(scores),
    }


def _print_overall(label: str, total: dict[str, float]) -> None:
    print(f"{label}: headline exact {100 * total['headline_exact']:.1f}%  "
          f"body words in order {100 * total['body_words_in_order']:.2f}%  "
          f"noise spoken {100 * total['noise_spoken']:.1f}%  "
          f"section-title F1 {total['title_f1']:.2f} "
          f"(+{total['title_false_positives_elsewhere']} titles in articles without any)  "
          f"paragraphs exact {100 * total['paragraphs_exact']:.1f}%  "
          f"byline exact {100 * total['byline_exact']:.1f}%")


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"measure_segmentation: no corpus at {corpus}", file=sys.stderr)
        return 1
    scores = measure(corpus)
    total = overall(scores)
    # The first round's articles (NNN < 100) and the second round's other kinds (1NN), apart too.
    groups = {
        "old": [s for s in scores if not s.id.startswith("1")],
        "new": [s for s in scores if s.id.startswith("1")],
    }
    if as_json:
        print(json.dumps({
            "articles": [asdict(s) for s in scores], "overall": total,
            **{name: overall(group) for name, group in groups.items() if group},
        }, indent=2))
        return 0
    print(f"{'id':>4}  headline  body-words      noise  titles(tp/fp/fn)  paragraphs")
    for s in scores:
        print(f"{s.id:>4}  {'ok' if s.headline_ok else 'WRONG':8}  "
              f"{s.body_found:4}/{s.body_total:<4} {100 * s.body_found / max(1, s.body_total):5.1f}%  "
              f"{s.noise_spoken}/{s.noise_total}    {s.title_tp}/{s.title_fp}/{s.title_fn}"
              f"            {s.paragraphs_found}/{s.paragraphs_gold}")
    for name, group in groups.items():
        # Apart only when the folder holds both rounds (a held-out folder of your own is one set).
        if group and len(group) < len(scores):
            _print_overall(f"{name} ({len(group)})", overall(group))
    _print_overall(f"all ({len(scores)})", total)
    print(f"noise spoken counting the byline slot even when it is the gold byline: "
          f"{100 * total['noise_spoken_with_byline_slot']:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
