"""Size of a tfidf-linear model folder on a synthetic 2,000-article corpus.

    python experiments/model_size.py --articles 2000 --out experiments/results/model_size.json

Writes a labelled JSONL of synthetic articles (about 400 words each, drawn
from a Zipf-distributed vocabulary of made-up words, with topic words mixed
in for three topics) to a temporary folder, trains ``configs/topic-tfidf.yaml``
on it twice, with every feature kept (``keep_features=0``) and with the
default cap, and reports the weights' size on disk and the held-out
macro-F1 of each. For the uncapped model it also writes the feature union as
skops wrote it before the vocabulary was stored as plain data, which is what
a model folder used to hold. Figures only; no text is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOPICS = ("normalisation", "sanctions", "human_rights")


def synthetic_corpus(path: Path, n_articles: int, seed: int = 0) -> None:
    """``n_articles`` JSONL rows (id, date, text, topics) of made-up words."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 11))) for _ in range(40_000)]
    weights = [1 / (r + 1) for r in range(len(vocab))]
    topic_words = {t: rng.sample(vocab[2000:], 60) for t in TOPICS}
    with path.open("w", encoding="utf-8") as f:
        for i in range(n_articles):
            topics = [t for t in TOPICS if rng.random() < 0.3]
            words = rng.choices(vocab, weights, k=400)
            for t in topics:
                words += rng.choices(topic_words[t], k=12)
            rng.shuffle(words)
            paragraphs = [" ".join(words[k : k + 60]) + "." for k in range(0, len(words), 60)]
            row = {
                "id": f"a{i}",
                "date": f"{2010 + i * 10 // n_articles}-01-01",
                "text": "\n\n".join(paragraphs),
                "topics": topics,
            }
            f.write(json.dumps(row) + "\n")


def folder_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--out", default=str(HERE / "results" / "model_size.json"))
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import skops.io as sio

    from classify import api

    results = {"articles": args.articles, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "corpus.jsonl"
        synthetic_corpus(data, args.articles)
        for keep in (0, None):
            overrides = ["thresholds.method=fixed", "evaluation.bootstrap=0", "refit=false"]
            if keep is not None:
                overrides.append(f"model.params.keep_features={keep}")
            start = time.perf_counter()
            r = api.train(
                ROOT / "configs" / "topic-tfidf.yaml",
                data=data,
                out=Path(tmp) / f"m{keep}",
                overrides=overrides,
            )
            run = {
                "keep_features": r.model.params["keep_features"],
                "features": r.model.model.n_features_,
                "weights_mb": folder_mb(Path(r.path) / "weights"),
                "folder_mb": folder_mb(Path(r.path)),
                "macro_f1": r.metrics["macro_f1"],
                "train_s": round(time.perf_counter() - start, 1),
            }
            if keep == 0:
                old = Path(tmp) / "old-format.skops"
                sio.dump({"features": r.model.model.features_}, old)
                run["features_as_skops_mb"] = round(old.stat().st_size / 1e6, 2)
            print(json.dumps(run))
            results["runs"].append(run)
    results["command"] = f"python experiments/model_size.py --articles {args.articles}"
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
