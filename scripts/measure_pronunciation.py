#!/usr/bin/env python3
"""How right is what espeak-ng is given?  DER, WER and PER on a multi-reference news set.

    python scripts/measure_pronunciation.py [--corpus FILE] [--model piper|dengjen] [--only bare|narrator]
                                            [--no-lexicon]

The corpus (diacritization/wikinews2024_multiref.txt) has one sentence a line, tokens spaced, each
word's accepted readings joined by `/`.  Each line is first written back as news text is written
(bare letters, punctuation attached to the word before it: `العالم.` not `العالم .`), then read two ways:

- `bare`: the model alone on that text, as anyone calling libtashkeel would;
- `narrator`: narrator's own text path (cleaning, built-in lexicon, figures, diacritizer and the
  rules around it: narrator.text.pronounce.speakable); `--no-lexicon` leaves the lexicon out.

Output words are aligned with the gold words by their bare letters (a gold word that the path changed
or lost scores as wholly wrong; figures, absent from the gold, are not scored).  Figures:

- DER: Arabic letters whose marks differ from the closest reading (sukun ignored, as in Fadel et al.;
  the fatha this corpus writes on the hamzat-wasl alif of ال is not a diacritic anyone pronounces);
- WER: words whose marks match none of the readings;
- PER: Levenshtein distance between espeak-ng's phonemes of the gold sentence (each word in its
  closest reading) and of the output (unaligned words left bare), over the gold phoneme count.
  Phonemes come from espeak-ng's own library, the one the offline voice speaks with.

CPU seconds spent in the model are printed too (one process, the same machine: compare the ratio).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARKS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651")
IGNORED = frozenset("\u0652\u0670")  # sukun, dagger alif
ARABIC = re.compile("[\u0621-\u064a]")
# Punctuation written against the word before it (or, for an opening bracket, after it).
_ATTACH_LEFT = re.compile(r" ([.,،؛;:!?؟)\]…])")
_ATTACH_RIGHT = re.compile(r"([(\[]) ")
_PUNCT = re.compile(r"[^\w\u064b-\u0652\u0670]+")

Token = tuple[str, ...]  # a gold word's readings


def read_corpus(path: Path) -> list[list[Token]]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        tokens = [tuple(t.split("/")) if ARABIC.search(t) else (t,) for t in line.split()]
        if any(ARABIC.search(t[0]) for t in tokens):
            lines.append(tokens)
    return lines


def bare(word: str) -> str:
    return "".join(ch for ch in word if ch not in MARKS and ch not in IGNORED)


def written(tokens: list[Token]) -> str:
    """The sentence as a news page writes it: no diacritics, punctuation against its word."""
    text = " ".join(bare(t[0]) for t in tokens)
    return _ATTACH_RIGHT.sub(r"\1", _ATTACH_LEFT.sub(r"\1", text))


def marks(word: str) -> list[str]:
    """The marks on each letter (sorted, sukun ignored); none on a bare alif (its only marks are
    the hamzat-wasl vowels this corpus writes, which no one says inside a sentence)."""
    out: list[str] = []
    letters: list[str] = []
    for ch in word:
        if ch in MARKS:
            if out:
                out[-1] += ch
        elif ch not in IGNORED:
            out.append("")
            letters.append(ch)
    return ["" if letter == "ا" else "".join(sorted(m)) for letter, m in zip(letters, out)]


def letter_errors(reading: str, output: str) -> int:
    return sum(g != p for g, p in zip(marks(reading), marks(output)))


def output_words(text: str) -> list[str]:
    """Words of the model's output, punctuation cut away (it may be glued on)."""
    return [w for piece in text.split() for w in _PUNCT.split(piece) if ARABIC.search(w)]


@dataclass
class Score:
    letters: int = 0
    letter_errors: int = 0
    words: int = 0
    word_errors: int = 0
    phonemes: int = 0
    phoneme_errors: int = 0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, label: str, cpu: float | None = None) -> str:
        der = self.letter_errors / self.letters
        wer = self.word_errors / self.words
        per = self.phoneme_errors / self.phonemes
        cpu_text = f"\tcpu {cpu:.1f} s" if cpu is not None else ""
        return f"{label}\tDER {der:.2%}\tWER {wer:.2%}\tPER {per:.2%}{cpu_text}"


def levenshtein(a: list[str], b: list[str]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def phoneme_tokens(text: str, phonemize: Callable[[str], str]) -> list[str]:
    """espeak's phonemes, separated by `_`; stress marks dropped (they follow from the vowels)."""
    return [p for p in re.split(r"[_\s]+", phonemize(text).replace("'", "").replace(",", "")) if p]


def score_line(tokens: list[Token], output: str, phonemize: Callable[[str], str]) -> Score:
    gold_words = [i for i, t in enumerate(tokens) if ARABIC.search(t[0])]
    produced = output_words(output)
    matcher = difflib.SequenceMatcher(
        a=[bare(tokens[i][0]) for i in gold_words], b=[bare(w) for w in produced], autojunk=False
    )
    aligned: dict[int, str] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            aligned[gold_words[block.a + k]] = produced[block.b + k]
    score = Score()
    gold_line: list[str] = []
    said_line: list[str] = []
    for i, readings in enumerate(tokens):
        if i not in aligned:
            if i in gold_words:  # lost or changed by the path: every letter counts as wrong
                letters = len(marks(readings[0]))
                score.letters += letters
                score.letter_errors += letters
                score.words += 1
                score.word_errors += 1
            gold_line.append(readings[0])
            said_line.append(bare(readings[0]) if i in gold_words else readings[0])
            continue
        said = aligned[i]
        errors, closest = min((letter_errors(r, said), r) for r in readings)
        score.letters += len(marks(closest))
        score.letter_errors += errors
        score.words += 1
        score.word_errors += errors > 0
        gold_line.append(closest)
        said_line.append(said)
    gold_phonemes = phoneme_tokens(" ".join(gold_line), phonemize)
    said_phonemes = phoneme_tokens(" ".join(said_line), phonemize)
    score.phonemes = len(gold_phonemes)
    score.phoneme_errors = levenshtein(gold_phonemes, said_phonemes)
    return score


def measure(lines: Iterable[list[Token]], read: Callable[[str], str], phonemize: Callable[[str], str]) -> tuple[Score, float]:
    """The summed score of `read` over the lines, and the CPU seconds `read` took."""
    total = Score()
    cpu = 0.0
    for tokens in lines:
        start = time.process_time()
        output = read(written(tokens))
        cpu += time.process_time() - start
        total.add(score_line(tokens, output, phonemize))
    return total, cpu


def _model(name: str) -> Callable[[str], str]:
    """The model alone.  piper-tts is no longer a dependency: `pip install piper-tts` to compare."""
    if name == "piper":
        from piper.tashkeel import TashkeelDiacritizer

        return TashkeelDiacritizer()
    from dengjen_tashkeel_py import tashkeel

    return tashkeel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "diacritization" / "wikinews2024_multiref.txt")
    parser.add_argument("--model", action="append", choices=["piper", "dengjen"],
                        help="diacritization model(s) to measure (default: both)")
    parser.add_argument("--only", choices=["bare", "narrator"], help="measure one path only")
    parser.add_argument("--no-lexicon", action="store_true", help="narrator's path without the built-in lexicon")
    args = parser.parse_args()

    from narrator.engines.espeak import phonemize
    from narrator.text.diacritize import with_model
    from narrator.text.lexicon import Lexicon
    from narrator.text.pronounce import speakable

    lines = read_corpus(args.corpus)
    print(f"corpus\t{args.corpus.name}\t{len(lines)} sentences")
    for name in args.model or ["piper", "dengjen"]:
        model = _model(name)
        model("تحميل")  # load before timing
        if args.only in (None, "bare"):
            score, cpu = measure(lines, model, phonemize)
            print(score.line(f"bare {name}", cpu))
        if args.only in (None, "narrator"):
            lexicon = Lexicon() if args.no_lexicon else None  # None: the built-in rules

            def read(text: str) -> str:
                return speakable(text, lexicon=lexicon, diacritizer=lambda t: with_model(model, t))

            score, cpu = measure(lines, read, phonemize)
            print(score.line(f"narrator {name}{' (no lexicon)' if args.no_lexicon else ''}", cpu))


if __name__ == "__main__":
    main()
