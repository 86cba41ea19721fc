"""Naive against corrected prevalence under prior probability shift, as the
quantification literature tests it: the artificial prevalence protocol
(APP; Forman 2008; Esuli, Fabris, Moreo and Sebastiani 2023, *Learning to
Quantify*, ch. 3).

    python experiments/quantification_app.py ../shared/bench/dev.jsonl [--cutoff 2015]

Trains the TF-IDF stance and topic models (``configs/*-tfidf.yaml``; 5-fold
cross-validation gives the error rates, the saved model is refit on all
training items, as ``classify train --cv 5`` does) on the items dated before
``--cutoff``, then draws samples of ``--size`` units from the later items at
prevalences spread over the range: for stance every point of a 0.1 grid on
the simplex of the three stances, for topics each label's share from 0.05
to 0.95 (the other labels as they fall). Within a label the units are drawn
at random, so a unit of a label looks to the model as in the later items
(prior shift holds by construction, unlike a corpus selected on another
variable). ``classify.analyse`` estimates every sample's shares (one group
per sample) with the naive count and ACC, PACC and EM. Prints the mean
absolute error per method, overall and by how far the sample's true share
is from the training share, and how often the 95% intervals hold the truth.
Figures go to ``experiments/results/quantification-app.{md,json}``; no text
from the data.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify import api  # noqa: E402
from classify.store import atomic_write_text, write_figures  # noqa: E402

STANCES = ["favour", "against", "neutral"]
TOPICS = ["normalisation", "sanctions", "human_rights"]


def stance_samples(late: list[dict], size: int, reps: int, rng) -> list[tuple[str, dict]]:
    """``(sample name, true shares)`` and the rows of every stance sample."""
    by_label = {s: [r for r in late if r["stance"] == s] for s in STANCES}
    grid = [
        (a / 10, b / 10, round(1 - a / 10 - b / 10, 1))
        for a, b in itertools.product(range(11), repeat=2)
        if a + b <= 10
    ]
    out = []
    for k, shares in enumerate(grid):
        for rep in range(reps):
            counts = np.round(np.array(shares) * size).astype(int)
            counts[-1] = size - counts[:-1].sum()
            rows = []
            for label, n in zip(STANCES, counts):
                pool = by_label[label]
                rows += [pool[i] for i in rng.choice(len(pool), size=n, replace=n > len(pool))]
            truth = {label: n / size for label, n in zip(STANCES, counts)}
            out.append((f"s{k:03d}-{rep}", truth, rows))
    return out


def topic_samples(late: list[dict], size: int, reps: int, rng) -> list[tuple[str, dict]]:
    """Samples with one topic at a set share (0.05 to 0.95), the rest as drawn."""
    out = []
    for label in TOPICS:
        pos = [r for r in late if label in (r.get("topics") or [])]
        neg = [r for r in late if label not in (r.get("topics") or [])]
        for share in np.arange(0.05, 0.96, 0.1):
            for rep in range(reps):
                n_pos = round(float(share) * size)
                rows = [pos[i] for i in rng.choice(len(pos), n_pos, replace=n_pos > len(pos))]
                rows += [neg[i] for i in rng.choice(len(neg), size - n_pos, replace=False)]
                truth = {
                    t: float(np.mean([t in (r.get("topics") or []) for r in rows])) for t in TOPICS
                }
                out.append((f"{label}-{share:.2f}-{rep}", truth, rows))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="labelled JSONL with date, topics, stance")
    parser.add_argument("--cutoff", type=int, default=2015, help="first year of the later items")
    parser.add_argument(
        "--halves",
        action="store_true",
        help="train on a random half of the items, sample from the other (no change over time)",
    )
    parser.add_argument("--size", type=int, default=100, help="units per sample")
    parser.add_argument("--reps", type=int, default=3, help="samples per prevalence point")
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "experiments" / "results")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"error: {args.data}: file not found")
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    rng = np.random.default_rng(args.seed)
    if args.halves:
        order = rng.permutation(len(rows))
        early = [rows[i] for i in order[: len(rows) // 2]]
        late = [rows[i] for i in order[len(rows) // 2 :]]
    else:
        early = [r for r in rows if int(str(r["date"])[:4]) < args.cutoff]
        late = [r for r in rows if int(str(r["date"])[:4]) >= args.cutoff]
    started = time.perf_counter()
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        atomic_write_text(tmp / "train.jsonl", "".join(json.dumps(r) + "\n" for r in early))
        for task, draw, labels in (
            ("stance", stance_samples, STANCES),
            ("topic", topic_samples, TOPICS),
        ):
            model = tmp / task
            api.train(
                ROOT / f"configs/{task}-tfidf.yaml",
                data=[tmp / "train.jsonl"],
                out=model,
                cv=5,
                overwrite=True,
            )
            trained = pd.DataFrame(early)
            if task == "stance":
                prior = {s: float(np.mean(trained["stance"] == s)) for s in labels}
            else:
                prior = {
                    t: float(np.mean([t in (x or []) for x in trained["topics"]])) for t in labels
                }
            samples = draw(late, args.size, args.reps, rng)
            # One corpus, one group per sample; each unit its own article.
            corpus = [
                {"id": f"{name}-{i}", "text": r["text"], "sample": name}
                for name, _, part in samples
                for i, r in enumerate(part)
            ]
            atomic_write_text(tmp / "corpus.jsonl", "".join(json.dumps(r) + "\n" for r in corpus))
            table = api.analyse(
                model, tmp / "corpus.jsonl", by="sample", n_bootstrap=args.bootstrap
            )
            truth = pd.DataFrame(
                [
                    {"group": name, "label": label, "truth": shares[label]}
                    for name, shares, _ in samples
                    for label in labels
                ]
            )
            merged = table.merge(truth, on=["group", "label"])
            merged["error"] = (merged["estimate"] - merged["truth"]).abs()
            merged["shift"] = (merged["truth"] - merged["label"].map(prior)).abs()
            merged["covered"] = (merged["ci_low"] <= merged["truth"]) & (
                merged["truth"] <= merged["ci_high"]
            )
            merged["band"] = pd.cut(
                merged["shift"], [-0.01, 0.1, 0.3, 1.0], labels=["<= 0.1", "0.1-0.3", "> 0.3"]
            )
            for method, part in merged.groupby("method", sort=False):
                entry = {
                    "task": task,
                    "method": method,
                    "mae": round(float(part["error"].mean()), 4),
                    "ci_coverage": round(float(part["covered"].mean()), 3),
                    "ci_width": round(float((part["ci_high"] - part["ci_low"]).mean()), 3),
                    "samples": int(part["group"].nunique()),
                }
                for band, sub in part.groupby("band", observed=True):
                    entry[f"mae_shift_{band}"] = round(float(sub["error"].mean()), 4)
                summary.append(entry)
    seconds = round(time.perf_counter() - started, 1)
    bands = ["<= 0.1", "0.1-0.3", "> 0.3"]
    lines = [
        "# Naive vs corrected prevalence under prior shift (APP; "
        + ("train on a random half)" if args.halves else f"train < {args.cutoff})"),
        "",
        f"{len(early)} training items; samples of {args.size} drawn from the {len(late)} "
        f"{'other' if args.halves else 'later'} items ({args.reps} per prevalence point); TF-IDF models, error rates from "
        f"5-fold out-of-fold predictions; {args.bootstrap} bootstrap resamples; {seconds} s.",
        "",
        "| task | method | MAE | MAE, shift "
        + " | MAE, shift ".join(bands)
        + " | 95% CI coverage | mean CI width | samples |",
        "| --- | --- | --- | " + "--- | " * len(bands) + "--- | --- | --- |",
    ]
    for r in summary:
        lines.append(
            f"| {r['task']} | {r['method']} | {r['mae']:.4f} | "
            + " | ".join(f"{r.get(f'mae_shift_{b}', float('nan')):.4f}" for b in bands)
            + f" | {r['ci_coverage']:.2f} | {r['ci_width']:.3f} | {r['samples']} |"
        )
    text = "\n".join(lines) + "\n"
    write_figures(
        args.out,
        "quantification-app" + ("-halves" if args.halves else ""),
        text,
        {
            "cutoff": None if args.halves else args.cutoff,
            "halves": args.halves,
            "size": args.size,
            "reps": args.reps,
            "summary": summary,
            "seconds": seconds,
        },
    )


if __name__ == "__main__":
    main()
