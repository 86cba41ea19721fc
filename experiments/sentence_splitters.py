"""Sentence splitters measured on hand-written news sentences.

    python experiments/sentence_splitters.py [tests/data/news_sentences.jsonl]

Each line of the test set is a paragraph given as its gold sentences; the
paragraph is their join with one space. An error is a boundary that a
splitter puts where the gold has none (a false split) or misses (a missed
split). Prints errors per splitter and kind; ``pysbd`` and ``sentencex``
are measured where installed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "news_sentences.jsonl"


def boundaries(sentences: list[str]) -> set[int]:
    """Character offsets where each sentence after the first starts."""
    out, pos = set(), 0
    for s in sentences[:-1]:
        pos += len(s) + 1
        out.add(pos)
    return out


def predicted_boundaries(paragraph: str, parts: list[str]) -> set[int]:
    """Offsets of predicted sentence starts, found in ``paragraph``."""
    out, pos = set(), 0
    for i, part in enumerate(parts):
        part = part.strip()
        at = paragraph.find(part, pos)
        if at < 0:
            raise ValueError(f"splitter changed the text: {part!r}")
        if i:
            out.add(at)
        pos = at + len(part)
    return out


def count_errors(
    split: Callable[[str], list[str]], rows: list[dict]
) -> tuple[int, int, Counter[str]]:
    """(false splits, missed splits, errors per kind) of ``split`` on ``rows``."""
    false = missed = 0
    by_kind: Counter[str] = Counter()
    for row in rows:
        paragraph = " ".join(row["sentences"])
        gold = boundaries(row["sentences"])
        got = predicted_boundaries(paragraph, split(paragraph))
        f, m = len(got - gold), len(gold - got)
        false += f
        missed += m
        by_kind[row["kind"]] += f + m
    return false, missed, by_kind


def splitters() -> dict[str, Callable[[str], list[str]]]:
    from classify.units import split_sentences

    out: dict[str, Callable[[str], list[str]]] = {"classify": split_sentences}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd"] = seg.segment
    except ImportError:
        pass
    try:
        import sentencex

        out["sentencex"] = lambda text: list(sentencex.segment("en", text))
    except ImportError:
        pass
    return out


def main(path: Path = DEFAULT) -> None:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    n = sum(len(r["sentences"]) for r in rows)
    print(
        f"{len(rows)} paragraphs, {n} sentences, {sum(len(r['sentences']) - 1 for r in rows)} boundaries"
    )
    for name, split in splitters().items():
        false, missed, by_kind = count_errors(split, rows)
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items()) if v)
        print(f"{name:10s} errors {false + missed:3d} (false {false}, missed {missed}) {kinds}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
