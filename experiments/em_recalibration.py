"""EM on a model's own held-out units, with and without recalibration.

EM (Saerens, Latinne and Decaestecker 2002) needs calibrated posteriors.
`classify analyse` recalibrates them on the model's held-out units first
(bias-corrected temperature scaling, Alexandari, Kundaje and Shrikumar
2020: `classify.quantify.bcts_recalibrator`). This script shows why on
saved model folders: their held-out units are cut in two halves at random;
the recalibration is fit on one half, whose label shares are also EM's
prior, and EM estimates the other half's shares, which are known. It prints
the true shares, EM on the raw posteriors and EM on the recalibrated ones,
for two random halvings (seeds 0 and 1).

    classify train configs/stance-best.yaml --data ../shared/bench/dev.jsonl \
        --set data.split.cutoff=2017-01-01 --out /tmp/sb
    classify train configs/topic-best.yaml --data ../shared/bench/dev.jsonl \
        --set data.split.cutoff=2017-01-01 --out /tmp/tb
    python experiments/em_recalibration.py /tmp/sb /tmp/tb
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import classify
from classify.quantify import bcts_recalibrator, em_prevalence


def halves(model: Path, seed: int) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """Per problem (the task for a single-label model, each label of a
    multilabel one): its name, the true shares of the second half, EM on the
    raw posteriors and EM on the recalibrated ones."""
    clf = classify.load_model(model)
    held = clf.predictions
    y, p = np.asarray(held.y_true), np.asarray(held.proba, dtype=float)
    if clf.task.multilabel:
        problems = [
            (lab, np.stack([1 - p[:, j], p[:, j]], 1), y[:, j]) for j, lab in enumerate(clf.labels)
        ]
    else:
        problems = [(clf.task.name, p, y.argmax(axis=1))]
    order = np.random.default_rng(seed).permutation(len(y))
    a, b = order[: len(y) // 2], order[len(y) // 2 :]
    out = []
    for name, proba, truth in problems:
        k = proba.shape[1]
        prior = np.bincount(truth[a], minlength=k) / len(a)
        recalibrate = bcts_recalibrator(proba[a], truth[a], k)
        fixed = recalibrate(proba[b]) if recalibrate is not None else proba[b]
        out.append(
            (
                name,
                np.bincount(truth[b], minlength=k) / len(b),
                em_prevalence(proba[b], prior),
                em_prevalence(fixed, prior),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, nargs="+", help="Model folders.")
    args = parser.parse_args()
    print("| model | seed | problem | true shares | EM, raw | EM, recalibrated |")
    print("| --- | --- | --- | --- | --- | --- |")
    for model in args.models:
        for seed in (0, 1):
            for name, truth, raw, fixed in halves(model, seed):
                # A binary problem shows its "present" share only.
                show = (
                    (lambda v: f"{v[1]:.3f}")
                    if len(truth) == 2
                    else (lambda v: " / ".join(f"{x:.3f}" for x in v))
                )
                print(
                    f"| {model.name} | {seed} | {name} | {show(truth)} | {show(raw)} | {show(fixed)} |"
                )


if __name__ == "__main__":
    main()
