"""Long texts: read whole, or also sentence by sentence.

Texts are made by joining k labelled news items from 2017-2021; models are
fit on the items up to 2016, and each text is scored whole and as the
package scores a text of more than ``classify.pooling.LONG_TEXT_WORDS``
words (here at every length, to show where it pays):

* topics (``topic-tfidf``): gold is the union of the items' topics; per label
  the highest of the whole text and its sentences. Macro-F1 at the model's
  thresholds.
* stance (``stance-tfidf``, ``stance-best``): one item of a side (favour or
  against) among k-1 neutral items at a random place, or k neutral items,
  a third of the texts each; gold is the side, or neutral. The probabilities
  of the least neutral sentence where it is less neutral than the whole
  text. Macro-F1 of the most probable label.

    python experiments/long_texts.py --bench ../shared/bench
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from classify import api
from classify.evaluation import compute_metrics
from classify.units import split_sentences

CONFIGS = Path(__file__).resolve().parents[1] / "configs"


def fit(config: str, train: list[dict]) -> Any:
    """The fitted model (``TrainedModel``) of ``configs/CONFIG.yaml`` on ``train``."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "train.jsonl"
        data.write_text("\n".join(json.dumps(r) for r in train) + "\n", encoding="utf-8")
        return api.train(
            CONFIGS / f"{config}.yaml",
            data=data,
            cv=5,
            save=False,
            overrides={"data.split.method": "none"},
        ).model


def topics(train: list[dict], test: list[dict], n: int) -> None:
    fitted = fit("topic-tfidf", train)
    labels = list(fitted.labels)
    thresholds = np.asarray(fitted.thresholds)
    read = fitted.model.predict_proba
    rng = random.Random(0)
    print("Topics, `topic-tfidf`:\n")
    print("| items joined | mean words | whole | whole and sentences |")
    print("| --- | --- | --- | --- |")
    for k in (1, 4, 8):
        texts, gold = [], []
        for _ in range(n):
            items = rng.sample(test, k)
            texts.append(" ".join(x["text"] for x in items))
            gold.append([int(any(lab in x["topics"] for x in items)) for lab in labels])
        y = np.asarray(gold)
        whole = read(texts)
        pooled = np.array(
            [np.maximum(w, read(split_sentences(t)).max(axis=0)) for w, t in zip(whole, texts)]
        )

        def f1(p: np.ndarray, y: np.ndarray = y) -> float:
            decided = (p >= thresholds).astype(int)
            return compute_metrics("multilabel", labels, y, decided)["macro_f1"]

        words = int(np.mean([len(t.split()) for t in texts]))
        print(f"| {k} | {words} | {f1(whole):.3f} | {f1(pooled):.3f} |")


def macro_f1_of_argmax(labels: list[str], gold: list[int], proba: np.ndarray) -> float:
    """Macro-F1 of the most probable label of each row of ``proba``
    ``(n, len(labels))`` against the gold label indices."""
    onehot = np.eye(len(labels), dtype=int)
    decided = onehot[proba.argmax(axis=1)]
    return compute_metrics("multiclass", labels, onehot[gold], decided)["macro_f1"]


def stance(train: list[dict], test: list[dict], n: int) -> None:
    neutral = [r for r in test if r["stance"] == "neutral"]
    sides = {s: [r for r in test if r["stance"] == s] for s in ("favour", "against")}
    print("\nStance (one item of a side among neutral ones, or all neutral):\n")
    print("| model | items joined | mean words | whole | least neutral sentence |")
    print("| --- | --- | --- | --- | --- |")
    for config in ("stance-tfidf", "stance-best"):
        fitted = fit(config, train)
        labels = list(fitted.labels)
        background = labels.index("neutral")
        read = fitted.model.predict_proba
        rng = random.Random(0)
        for k in (1, 4, 8):
            texts, gold = [], []
            for i in range(n):
                side = ("favour", "against", "neutral")[i % 3]
                items = rng.sample(neutral, k if side == "neutral" else k - 1)
                if side != "neutral":
                    items.insert(rng.randrange(k), rng.choice(sides[side]))
                texts.append(" ".join(x["text"] for x in items))
                gold.append(labels.index(side))
            whole = read(texts)
            pooled = whole.copy()
            for i, text in enumerate(texts):
                sentences = split_sentences(text)
                if len(sentences) < 2:
                    continue
                parts = read(sentences)
                strongest = parts[int(np.argmin(parts[:, background]))]
                if strongest[background] < whole[i, background]:
                    pooled[i] = strongest

            scores = [macro_f1_of_argmax(labels, gold, p) for p in (whole, pooled)]
            words = int(np.mean([len(t.split()) for t in texts]))
            print(f"| `{config}` | {k} | {words} | {scores[0]:.3f} | {scores[1]:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, required=True, help="folder with dev.jsonl")
    parser.add_argument("--texts", type=int, default=200, help="joined texts per k")
    parser.add_argument("--task", choices=["topic", "stance", "both"], default="both")
    args = parser.parse_args()
    path = args.bench / "dev.jsonl"
    if not path.is_file():
        parser.error(f"{path} does not exist")
    dev = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    train = [r for r in dev if r["date"] < "2017"]
    test = [r for r in dev if r["date"] >= "2017"]
    if args.task in ("topic", "both"):
        topics(train, test, args.texts)
    if args.task in ("stance", "both"):
        stance(train, test, args.texts)


if __name__ == "__main__":
    main()
