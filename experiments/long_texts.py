"""Long texts for TF-IDF topics: read whole, or also sentence by sentence.

Texts are made by joining k labelled news items from 2017-2021 (gold topics:
the union of theirs); a topic-tfidf model is fit on the items up to 2016.
Each text is scored whole (its TF-IDF vector normalised over all of it) and
as the package scores multi-label texts of more than
``classify.pooling.LONG_TEXT_WORDS`` words: per label the highest of
the whole text and its sentences. Macro-F1 at the model's thresholds:

    python experiments/long_texts.py --bench ../shared/bench
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

import numpy as np

from classify import api
from classify.evaluation import compute_metrics
from classify.units import split_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, required=True, help="folder with dev.jsonl")
    parser.add_argument("--texts", type=int, default=200, help="joined texts per k")
    args = parser.parse_args()
    dev = [json.loads(x) for x in (args.bench / "dev.jsonl").read_text().splitlines() if x]
    train = [r for r in dev if r["date"] < "2017"]
    test = [r for r in dev if r["date"] >= "2017"]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "train.jsonl"
        data.write_text("\n".join(json.dumps(r) for r in train) + "\n", encoding="utf-8")
        config = Path(__file__).resolve().parents[1] / "configs" / "topic-tfidf.yaml"
        fitted = api.train(
            config, data=data, cv=5, save=False, overrides={"data.split.method": "none"}
        ).model
    model = fitted.model
    labels = list(fitted.labels)
    thresholds = np.asarray(fitted.thresholds)

    def read(texts: list[str]) -> np.ndarray:
        return model.head_.predict_proba(model.features_.transform(texts))

    rng = random.Random(0)
    print("| items joined | mean words | whole | whole and sentences |")
    print("| --- | --- | --- | --- |")
    for k in (1, 4, 8):
        texts, gold = [], []
        for _ in range(args.texts):
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


if __name__ == "__main__":
    main()
