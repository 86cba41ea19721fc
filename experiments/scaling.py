"""How three costs grow with their input: the bootstrap of a metric's CI,
the near-duplicate search between train and test texts, and quotation
extraction from a long article. Each runs at a size and at twice it; a
linear cost about doubles, a quadratic one about quadruples.

    python experiments/scaling.py [--size 1.0]

``--size`` scales every input (1.0: 300 units and 1,000 resamples for the
bootstrap, 1,000 x 1,000 passages for near duplicates, a 3,000-paragraph
article for quotations). Synthetic inputs only; prints figures and writes
nothing. The tests check what these functions return; how fast they are is
measured here, not asserted there (a busy machine would fail a timed test).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify import evaluation as ev  # noqa: E402
from classify.articles import Article  # noqa: E402
from classify.quotes import extract_quotes  # noqa: E402

TOPICS = ["a", "b", "c"]


def bootstrap(n: int) -> Callable[[], object]:
    """A 1,000-resample CI of macro-F1 on ``n`` multi-label units."""
    rng = np.random.default_rng(1)
    y = (rng.random((n, 3)) < 0.3).astype(int)
    pred = (rng.random((n, 3)) < 0.3).astype(int)
    return lambda: ev.bootstrap_ci("multilabel", TOPICS, y, pred, n_resamples=1000, seed=1)


def zipf_passages(count: int, seed: int = 1) -> list[str]:
    """``count`` passages of 30 words each, drawn with Zipf frequencies from
    3,000 random lower-case words of 3-9 letters: news-like overlap without
    any text."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(3, 10, 3000)
    chars = letters[rng.integers(0, 26, lengths.sum())]
    cuts = np.concatenate([[0], np.cumsum(lengths)])
    words = ["".join(chars[a:b]) for a, b in itertools.pairwise(cuts)]
    freq = 1 / np.arange(1, 3001)
    picks = rng.choice(3000, size=(count, 30), p=freq / freq.sum())
    return [" ".join(words[k] for k in row) for row in picks]


def near_duplicates(n: int) -> Callable[[], object]:
    """``n`` train against ``n`` test passages (:func:`zipf_passages`)."""
    texts = zipf_passages(2 * n)
    return lambda: ev.near_duplicates(texts[:n], texts[n:])


def quotations(n: int) -> Callable[[], object]:
    """An article of ``n`` paragraphs, each a quotation and its speaker."""
    paragraph = "“We will not accept new sanctions,” Lopez said. Maria Lopez, the minister, left."
    article = Article(id="a", paragraphs=[paragraph] * n)
    return lambda: extract_quotes(article)


def seconds(run: Callable[[], object], repeats: int = 3) -> float:
    """The fastest of ``repeats`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=float, default=1.0, help="scale of every input")
    args = parser.parse_args()
    cases = [
        ("bootstrap CI, 1,000 resamples", "units", bootstrap, 300),
        ("near duplicates, train x test", "passages each", near_duplicates, 1000),
        ("quotations of one article", "paragraphs", quotations, 3000),
    ]
    print("| cost | size | seconds | at twice the size | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, unit, make, base in cases:
        n = max(1, round(base * args.size))
        one, two = seconds(make(n)), seconds(make(2 * n))
        print(f"| {name} | {n:,} {unit} | {one:.3f} | {two:.3f} | {two / one:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
