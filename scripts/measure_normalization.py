#!/usr/bin/env python3
"""Print the two figures of issue 4: normalization accuracy and diacritization error rate.

    python scripts/measure_normalization.py [--corpus ../shared/corpus] [--num2words]

Accuracy: rows of normalization/written_to_spoken.tsv whose reading equals the reference after
folding allowed spelling variants (narrator.text.normalize.fold).  DER: diacritization/
fadel2019_test_200.txt stripped, diacritized, and compared letter by letter (sukun ignored).
`--num2words` also scores num2words(lang="ar") on the rows that are plain integers.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from narrator.text.normalize.fold import fold  # noqa: E402
from narrator.text.speak import clean  # noqa: E402

HARAKAT = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651")  # sukun (\u0652) ignored
SKIP = frozenset("\u0652\u0670")


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8") as f:
        return [(r["written"], r["spoken"], r["category"]) for r in csv.DictReader(f, delimiter="\t")]


def accuracy(path: Path, reader=clean) -> tuple[int, int, list[tuple[str, str, str]]]:
    rows = read_pairs(path)
    misses = [(w, reader(w), s) for w, s, _ in rows if fold(reader(w)) != fold(s)]
    return len(rows) - len(misses), len(rows), misses


def _marks(text: str) -> tuple[str, list[str]]:
    letters: list[str] = []
    marks: list[str] = []
    for ch in text:
        if ch in HARAKAT or ch in SKIP:
            if letters and ch in HARAKAT:
                marks[-1] += ch
        else:
            letters.append(ch)
            marks.append("")
    return "".join(letters), ["".join(sorted(m)) for m in marks]


def der(path: Path) -> tuple[int, int]:
    """(errors, letters): Arabic letters whose marks differ from the reference."""
    from narrator.text.diacritize import diacritize

    errors = letters = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        base, gold = _marks(line)
        predicted_base, predicted = _marks(diacritize(base))
        if predicted_base != base:  # the model changed letters: count every letter as wrong
            predicted = [""] * len(gold)
        for ch, g, p in zip(base, gold, predicted):
            if "\u0621" <= ch <= "\u064a":
                letters += 1
                errors += g != p
    return errors, letters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--num2words", action="store_true", help="also score num2words(lang='ar')")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the rows read differently")
    args = parser.parse_args()

    right, total, misses = accuracy(args.corpus / "normalization" / "written_to_spoken.tsv")
    print(f"normalization\t{right}/{total}\t{right / total:.1%}")
    if args.verbose:
        for written, ours, reference in misses:
            print(f"  {written}\n    ours: {ours}\n    ref:  {reference}")
    if args.num2words:
        from num2words import num2words

        rows = [(w, s) for w, s, _ in read_pairs(args.corpus / "normalization" / "written_to_spoken.tsv")
                if w.isdigit()]
        theirs = sum(fold(num2words(int(w), lang="ar")) == fold(s) for w, s in rows)
        ours = sum(fold(clean(w)) == fold(s) for w, s in rows)
        print(f"integers\tnarrator {ours}/{len(rows)}\tnum2words {theirs}/{len(rows)}")
        # A bare 200 or 2000 is مئتان/ألفان; the construct form (مئتا, ألفا) needs a noun after it.
        bare = {200: "مئتان", 2000: "ألفان", 2000000: "مليونان", 12: "اثنا عشر"}
        theirs = sum(fold(num2words(n, lang="ar")) == fold(s) for n, s in bare.items())
        ours = sum(fold(clean(str(n))) == fold(s) for n, s in bare.items())
        print(f"bare duals\tnarrator {ours}/{len(bare)}\tnum2words {theirs}/{len(bare)}")
    errors, letters = der(args.corpus / "diacritization" / "fadel2019_test_200.txt")
    print(f"diacritization DER\t{errors}/{letters}\t{errors / letters:.2%}")


if __name__ == "__main__":
    main()
