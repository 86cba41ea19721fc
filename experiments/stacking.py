"""Stacking the stance ensemble's members: does a learned combination beat the average?

`configs/stance-best.yaml` averages the probabilities of its two members
(TF-IDF and the frozen encoder, each with the guidelines' stance cues as
features, both fit on the joint classes stance x has-a-topic). Stacking
(Wolpert 1992, "Stacked generalization", Neural Networks 5) learns the
combination instead: a multinomial logistic regression (balanced class
weights, C = 1) over the members' log-probabilities, fit on their
out-of-fold predictions of the training data (5 folds of whole years, so the
meta-learner sees members' errors on years they did not see), read as the
three stances. Two meta-learners, fixed before any figure was seen:

- stacked (6 classes): over each member's six joint-class log-probabilities;
- stacked (3 stances): over each member's three stance marginals only (fewer
  weights to learn from 531-800 units).

It prints macro-F1 [95% CI] of the average (`stance-best` itself, refit here
from the config's members) and of each meta-learner, with its paired
difference from the average [95% CI], for (a) a split by date (train up to
2016, test 2017-2021), (b) train on dev.jsonl, test on ood_dev.jsonl (UN
speeches), (d) 5 folds of whole years over dev.jsonl and (e) forward
chaining over whole years (train up to 2010, test 2011-14; up to 2014, test
2015-17; up to 2017, test 2018-21), as in experiments/generalisation.yaml.
About 70 s on 2 CPU cores (the encoder's vectors are cached on disk after the first run).

    python experiments/stacking.py --bench ../shared/bench
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from classify.evaluation import bootstrap_ci, compute_metrics, paired_bootstrap
from classify.models import get_family
from classify.models.joint import joint_task
from classify.tasks import Task, load_task, shipped_tasks

CONFIG = Path(__file__).resolve().parent.parent / "configs" / "stance-best.yaml"


def members(config: Path) -> list[tuple[str, dict]]:
    """The (family, params) of each member of the config's ensemble."""
    raw = yaml.safe_load(config.read_text(encoding="utf-8"))
    return [(m["family"], m.get("params") or {}) for m in raw["model"]["params"]["members"]]


def year(row: dict) -> int:
    return int(str(row["date"])[:4])


def joint_classes(rows: list[dict], labels: list[str]) -> np.ndarray:
    """Indicator matrix (n, 6) of the joint classes, stance-major, without/with a topic."""
    out = np.zeros((len(rows), 2 * len(labels)), dtype=int)
    for i, r in enumerate(rows):
        out[i, labels.index(r["stance"]) * 2 + (1 if r["topics"] else 0)] = 1
    return out


def stances(joint: np.ndarray) -> np.ndarray:
    """Joint-class probabilities (n, 6) summed back to the stances (n, 3)."""
    return joint.reshape(len(joint), -1, 2).sum(axis=2)


def log_features(probas: list[np.ndarray]) -> np.ndarray:
    return np.hstack([np.log(np.clip(p, 1e-6, 1.0)) for p in probas])


def onehot(proba: np.ndarray) -> np.ndarray:
    out = np.zeros(proba.shape, dtype=int)
    out[np.arange(len(proba)), proba.argmax(axis=1)] = 1
    return out


def best_setup(name: str) -> tuple[list[str], list[tuple[str, dict]], Task, Callable]:
    """For "topic" or "stance": the task's labels, the members of configs/NAME-best.yaml,
    the task its members are fit on (stance: the joint classes) and rows -> gold (n, labels)."""
    task = load_task(shipped_tasks()[f"{name}-rules"])
    labels = list(task.labels)
    topic = name == "topic"

    def gold(rows: list[dict]) -> np.ndarray:
        if topic:
            return np.array([[int(lab in r["topics"]) for lab in labels] for r in rows])
        return np.array([[int(r["stance"] == lab) for lab in labels] for r in rows])

    fit_task = task if topic else joint_task(task, ["without", "with"])
    return labels, members(CONFIG.parent / f"{name}-best.yaml"), fit_task, gold


def run_bench(
    description: str,
    column: str,
    prepare: Callable[[Path], Any],
    measure: Callable[[str, dict[str, list], Any], dict[str, list[str]]],
) -> None:
    """The command line of a bench script: ``--bench DIR``, the protocols,
    ``prepare(bench)`` once, then :func:`print_table` of ``measure(task,
    protocols, prepared)`` for each task."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    args = parser.parse_args()
    protocols = bench_protocols(args.bench)
    prepared = prepare(args.bench)
    print_table(column, protocols, lambda name: measure(name, protocols, prepared))


def print_table(
    column: str, protocols: dict[str, list], rows_of: Callable[[str], dict[str, list[str]]]
) -> None:
    """A markdown table: a row per task ("topic", "stance") and key of rows_of(task),
    a column per protocol."""
    print(f"| task | {column} | " + " | ".join(protocols) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in protocols) + " |")
    for name in ("topic", "stance"):
        for key, cells in rows_of(name).items():
            print(f"| {name}-best | {key} | " + " | ".join(cells) + " |", flush=True)


def cell(
    kind: str,
    labels: list[str],
    truth: np.ndarray,
    pred: np.ndarray,
    base: np.ndarray | None = None,
) -> str:
    """ "macro-F1 [95% CI]" of 0/1 decisions (n, labels), then, given the decisions
    of the model it is compared with, ", paired difference [95% CI]"."""
    f1 = compute_metrics(kind, labels, truth, pred)["macro_f1"]
    lo, hi = bootstrap_ci(kind, labels, truth, pred)["macro_f1"]
    out = f"{f1:.3f} [{lo:.2f}, {hi:.2f}]"
    if base is not None:
        d = paired_bootstrap(kind, labels, truth, pred, base)
        out += f", {d['diff']:+.3f} [{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}]"
    return out


def member_probabilities(
    train: list[dict], test: list[dict], specs: list[tuple[str, dict]]
) -> tuple[list[np.ndarray], list[np.ndarray], list[str]]:
    """Each stance member's joint-class probabilities: on ``test`` fit on
    ``train`` (len(test), 6), and out-of-fold on ``train`` (5 folds of whole
    years; (len(train), 6)); and the stance labels."""
    task = load_task(shipped_tasks()["stance-rules"])
    labels = list(task.labels)
    product = joint_task(task, ["without", "with"])

    def fit_predict(fit_rows: list[dict], predict_rows: list[dict]) -> list[np.ndarray]:
        texts, y = [r["text"] for r in fit_rows], joint_classes(fit_rows, labels)
        out = []
        for name, params in specs:
            family = get_family(name)
            model = family(product, family.Params(**params)).fit(texts, y)
            out.append(model.predict_proba([r["text"] for r in predict_rows]))
        return out

    test_p = fit_predict(train, test)
    oof = [np.zeros((len(train), 2 * len(labels))) for _ in specs]
    years = [year(r) for r in train]
    for tr, te in GroupKFold(n_splits=5).split(train, groups=years):
        for k, p in enumerate(fit_predict([train[i] for i in tr], [train[i] for i in te])):
            oof[k][te] = p
    return test_p, oof, labels


def compare_combinations(
    bench: Path,
    config: Path,
    variants: Callable[[list[dict], list[dict], list[tuple[str, dict]]], dict[str, np.ndarray]],
) -> None:
    """Print a table of stance macro-F1 [95% CI] per protocol for each
    combination ``variants(train, test, specs)`` gives (stance
    probabilities), with the paired difference from its first, the average."""
    protocols = bench_protocols(bench)
    specs = members(config)
    labels = ["favour", "against", "neutral"]
    results: dict[str, list[str]] = {}
    for protocol, folds in protocols.items():
        scores: dict[str, list[np.ndarray]] = {}
        gold = []
        for train, test in folds:
            for name, proba in variants(train, test, specs).items():
                scores.setdefault(name, []).append(onehot(proba))
            gold.append(np.array([[int(r["stance"] == lab) for lab in labels] for r in test]))
        truth = np.vstack(gold)
        first = next(iter(scores))
        base = np.vstack(scores[first])
        for name, parts in scores.items():
            against = None if name == first else base
            results.setdefault(name, []).append(
                cell("multiclass", labels, truth, np.vstack(parts), against)
            )
        print(f"{protocol}: done", flush=True)
    print("| combination | " + " | ".join(protocols) + " |")
    print("| --- | " + " | ".join("---" for _ in protocols) + " |")
    for name, cells in results.items():
        print(f"| {name} | " + " | ".join(cells) + " |")


def variants(
    train: list[dict], test: list[dict], specs: list[tuple[str, dict]]
) -> dict[str, np.ndarray]:
    """Stance probabilities (len(test), 3) of the average and the two meta-learners."""
    test_p, oof, labels = member_probabilities(train, test, specs)
    y = np.array([labels.index(r["stance"]) for r in train])
    out = {"average (stance-best)": stances(sum(test_p) / len(test_p))}
    views: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "stacked (6 classes)": lambda p: p,
        "stacked (3 stances)": stances,
    }
    for name, view in views.items():
        meta = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
        meta.fit(log_features([view(p) for p in oof]), y)
        out[name] = meta.predict_proba(log_features([view(p) for p in test_p]))
    return out


def bench_protocols(bench: Path) -> dict[str, list[tuple[list[dict], list[dict]]]]:
    """The protocols' (train, test) row lists over dev.jsonl and ood_dev.jsonl:
    (a) date, (b) UN, (d) years5 (scikit-learn's GroupKFold over years) and
    (e) forward3, as in experiments/generalisation.yaml."""

    def read(name: str) -> list[dict]:
        text = (bench / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    dev, ood = read("dev.jsonl"), read("ood_dev.jsonl")
    years = np.array([year(r) for r in dev])
    protocols = {
        "(a) date": [([r for r in dev if year(r) <= 2016], [r for r in dev if year(r) >= 2017])],
        "(b) UN": [(dev, ood)],
        "(d) years5": [
            ([dev[i] for i in tr], [dev[i] for i in te])
            for tr, te in GroupKFold(n_splits=5).split(dev, groups=years)
        ],
        "(e) forward3": [
            ([r for r in dev if year(r) <= lo], [r for r in dev if lo < year(r) <= hi])
            for lo, hi in ((2010, 2014), (2014, 2017), (2017, 2021))
        ],
    }
    return protocols


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--config", type=Path, default=CONFIG)
    args = parser.parse_args()

    compare_combinations(args.bench, args.config, variants)


if __name__ == "__main__":
    main()
