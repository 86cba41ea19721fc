"""Stance shaped like the annotation guidelines: does the structure help?

The guidelines decide stance in steps: is the passage about relations between
governments at all (else `neutral`), then which direction. This script fits,
on identical splits, the plain stance ensemble (TF-IDF + frozen MiniLM, as in
configs/stance-ensemble.yaml) and three structured variants built from the
same family:

- two-stage: P(relevant) from a relevant-vs-neutral model, times P(direction)
  from a favour-vs-against model trained on relevant units only;
- topic-aware: the stance probabilities with `neutral` scaled by how unlikely
  the passage is to have any topic (guideline rule 4: no topic, neutral);
- joint: one multiclass model over (topic-set present?, stance) pairs, read
  back as stance;
- class offsets: the plain ensemble with an additive offset on each class's
  log-probability, tuned for macro-F1 on out-of-fold predictions of the
  training data (5 folds grouped by year; Lipton et al. 2014, "Optimal
  thresholding of classifiers to maximize F1 measure", for the multiclass
  case by coordinate search).

It prints macro-F1 with a 95% bootstrap CI for (a) a split by date (train up
to 2016, test 2017-2021), (b) train on dev.jsonl, test on ood_dev.jsonl, and
(d) 5-fold cross-validation over dev.jsonl with whole years held out (all
800 items tested once), and each variant's paired difference from the plain
ensemble with its 95% CI.

    python experiments/stance_structure.py --bench ../shared/bench
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from classify.evaluation import bootstrap_ci, compute_metrics, paired_bootstrap
from classify.models import get_family
from classify.tasks import Task

STANCE = Task.from_dict(
    {"name": "stance", "kind": "multiclass", "labels": ["favour", "against", "neutral"]}
)
BINARY = Task.from_dict({"name": "relevant", "kind": "multiclass", "labels": ["yes", "no"]})
DIRECTION = Task.from_dict(
    {"name": "direction", "kind": "multiclass", "labels": ["favour", "against"]}
)


def ensemble(task: Task):
    family = get_family("ensemble")
    return family(task, family.Params())


def onehot(index: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((len(index), k), dtype=int)
    out[np.arange(len(index)), index] = 1
    return out


def variants(train: list[dict], test: list[dict]) -> dict[str, np.ndarray]:
    texts = [r["text"] for r in train]
    probe = [r["text"] for r in test]
    stance = np.array([STANCE.labels.index(r["stance"]) for r in train])
    has_topic = np.array([1 if r["topics"] else 0 for r in train])
    out = {}
    plain = ensemble(STANCE).fit(texts, onehot(stance, 3)).predict_proba(probe)
    out["plain ensemble"] = plain

    relevant = (stance != 2).astype(int)
    p_rel = ensemble(BINARY).fit(texts, onehot(1 - relevant, 2)).predict_proba(probe)[:, 0]
    idx = np.flatnonzero(relevant)
    direction = ensemble(DIRECTION).fit([texts[i] for i in idx], onehot(stance[idx], 2))
    p_dir = direction.predict_proba(probe)
    out["two-stage"] = np.stack([p_rel * p_dir[:, 0], p_rel * p_dir[:, 1], 1 - p_rel], axis=1)

    p_topic = ensemble(BINARY).fit(texts, onehot(1 - has_topic, 2)).predict_proba(probe)[:, 0]
    aware = plain.copy()
    aware[:, 2] *= 2 * (1 - p_topic)
    out["topic-aware"] = aware / aware.sum(axis=1, keepdims=True)

    joint_task = Task.from_dict(
        {"name": "joint", "kind": "multiclass", "labels": [f"{t}-{s}" for t in "01" for s in "fan"]}
    )
    joint = ensemble(joint_task).fit(texts, onehot(has_topic * 3 + stance, 6))
    pj = joint.predict_proba(probe)
    out["joint topic+stance"] = pj[:, :3] + pj[:, 3:]

    offsets = class_offsets(texts, stance, [r["date"][:4] for r in train])
    out["class offsets"] = np.log(np.clip(plain, 1e-12, 1)) + offsets
    return out


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    return compute_metrics("multiclass", list(STANCE.labels), onehot(gold, 3), onehot(pred, 3))[
        "macro_f1"
    ]


def class_offsets(texts: list[str], stance: np.ndarray, groups: list[str]) -> np.ndarray:
    """Additive log-probability offsets (neutral fixed at 0) that maximise
    macro-F1 on out-of-fold predictions, by coordinate search on a grid."""
    oof = np.zeros((len(texts), 3))
    for tr, te in GroupKFold(5).split(texts, groups=groups):
        model = ensemble(STANCE).fit([texts[i] for i in tr], onehot(stance[tr], 3))
        oof[te] = model.predict_proba([texts[i] for i in te])
    logp = np.log(np.clip(oof, 1e-12, 1))
    best, best_f1 = np.zeros(3), macro_f1(stance, logp.argmax(axis=1))
    for _ in range(2):
        for j in range(2):
            for value in np.linspace(-1.5, 1.5, 31):
                trial = best.copy()
                trial[j] = value
                f1 = macro_f1(stance, (logp + trial).argmax(axis=1))
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = trial, f1
    return best


def years5(dev: list[dict]) -> dict[str, np.ndarray]:
    """Every variant's out-of-fold scores over 5 folds of whole years."""
    years = [r["date"][:4] for r in dev]
    out: dict[str, np.ndarray] = {}
    for tr, te in GroupKFold(5).split(dev, groups=years):
        for name, proba in variants([dev[i] for i in tr], [dev[i] for i in te]).items():
            out.setdefault(name, np.zeros((len(dev), 3)))[te] = proba
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    args = parser.parse_args()
    read = lambda name: [  # noqa: E731
        json.loads(line) for line in (args.bench / name).read_text(encoding="utf-8").splitlines()
    ]
    dev, ood = read("dev.jsonl"), read("ood_dev.jsonl")
    protocols = {
        "(a) date": (
            [r for r in dev if r["date"] < "2017"],
            [r for r in dev if r["date"] >= "2017"],
        ),
        "(b) UN": (dev, ood),
        "(d) years5": (dev, dev),
    }
    print("| variant | " + " | ".join(protocols) + " |")
    print("| --- | " + " | ".join("---" for _ in protocols) + " |")
    results: dict[str, list[str]] = {}
    for name_p, (train, test) in protocols.items():
        gold = onehot(np.array([STANCE.labels.index(r["stance"]) for r in test]), 3)
        scores = years5(dev) if name_p == "(d) years5" else variants(train, test)
        base = onehot(scores["plain ensemble"].argmax(axis=1), 3)
        for name, proba in scores.items():
            pred = onehot(proba.argmax(axis=1), 3)
            f1 = compute_metrics("multiclass", list(STANCE.labels), gold, pred)["macro_f1"]
            ci = bootstrap_ci("multiclass", list(STANCE.labels), gold, pred, n_resamples=1000)
            lo, hi = ci["macro_f1"]
            cell = f"{f1:.3f} [{lo:.2f}, {hi:.2f}]"
            if name != "plain ensemble":
                d = paired_bootstrap("multiclass", list(STANCE.labels), gold, pred, base)
                dlo, dhi = d["ci95"]
                cell += f", {d['diff']:+.3f} [{dlo:+.2f}, {dhi:+.2f}]"
            results.setdefault(name, []).append(cell)
    for name, cells in results.items():
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
