"""Document frequencies from the pools: does TF-IDF weigh words better when
its idf comes from the unlabelled news and UN paragraphs?

The TF-IDF member of `configs/stance-best.yaml` learns its vocabulary and its
inverse document frequencies (Sparck Jones 1972, "A statistical
interpretation of term specificity and its application in retrieval",
Journal of Documentation 28(1)) from the few hundred labelled items alone, so
a word common in later news or in UN speeches but rare among the labelled
items ("delegation", "multilateralism") keeps a high weight it would not
have in the text the model is used on. Estimating idf on a larger
unlabelled corpus of the target domains is the cheapest use of the pools:
the vocabulary stays the labelled items' (a word never seen labelled has no
weight to learn), only the weights of the words change. Here idf comes from
the training texts plus 20,000 items drawn from ``wce_pool.jsonl`` (seed 0)
and all of ``ungdc_pool.jsonl`` (every labelled text of dev.jsonl and
ood_dev.jsonl left out); the encoder member is unchanged and the two are
averaged as the config does.

It prints stance macro-F1 [95% CI] of `stance-best` (refit here from the
config's members) and of the same with pool idf, with the paired
difference [95% CI], and of the TF-IDF member alone both ways, for (a) the
date split, (b) UN speeches, (d) 5 folds of whole years and (e) forward
chaining, as stacking.py does. About 15 minutes on 2 CPU cores once the
encoder's vectors are cached (the pool's character n-grams are counted
again for every fit).

    python experiments/pool_idf.py --bench ../shared/bench
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
import stacking
from stacking import CONFIG, compare_combinations, member_probabilities, stances

from classify.models import get_family

POOL_NEWS = 20_000


def pool_texts(bench: Path, n_news: int = POOL_NEWS, seed: int = 0) -> list[str]:
    """``n_news`` texts of the news pool (drawn with ``seed``) and every UN
    pool text, labelled texts of dev.jsonl and ood_dev.jsonl left out."""

    def texts(name: str) -> list[str]:
        lines = (bench / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["text"] for line in lines if line.strip()]

    labelled = set(texts("dev.jsonl")) | set(texts("ood_dev.jsonl"))
    news = texts("wce_pool.jsonl")
    news = random.Random(seed).sample(news, min(n_news, len(news)))
    return [t for t in news + texts("ungdc_pool.jsonl") if t not in labelled]


def pool_idf_family(pool: list[str]) -> type:
    """The tfidf-linear family with its vectorisers' vocabulary from the
    training texts and their idf from the training texts plus ``pool``."""
    from classify.models.linear_head import LinearHead

    base = get_family("tfidf-linear")

    class PoolIdf(base):  # type: ignore[misc, valid-type]
        def _fit_once(self, texts, y, features, sample_weight, progress) -> None:
            texts = list(texts)
            features.fit(texts)
            vocabularies = {name: list(v.vocabulary_) for name, v in features.transformer_list}
            self.features_ = self._features(vocabularies).fit(texts + pool)
            x = self._matrix(texts, self.features_.transform(texts))
            self.head_ = LinearHead(self.task.multilabel, len(self.task.labels))
            self.head_.fit(x, y, self._head_settings(), sample_weight=sample_weight)

    return PoolIdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    args = parser.parse_args()
    pool = pool_texts(args.bench)
    print(f"pool: {len(pool)} texts", flush=True)
    family = pool_idf_family(pool)

    def variants(train, test, specs) -> dict[str, np.ndarray]:
        test_p, _, _ = member_probabilities(train, test, specs)
        original = stacking.get_family
        stacking.get_family = lambda name: family if name == "tfidf-linear" else original(name)
        try:
            pooled, _, _ = member_probabilities(train, test, specs[:1])
        finally:
            stacking.get_family = original
        return {
            "average (stance-best)": stances(sum(test_p) / len(test_p)),
            "pool idf": stances((pooled[0] + test_p[1]) / 2),
            "tfidf alone": stances(test_p[0]),
            "tfidf alone, pool idf": stances(pooled[0]),
        }

    compare_combinations(args.bench, CONFIG, variants)


if __name__ == "__main__":
    main()
