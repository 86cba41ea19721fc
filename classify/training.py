"""Fitting and honest evaluation, the same for every model family.

The family only learns probabilities. This module adds what a research tool
must get right around it: multilabel decision thresholds tuned on data the
model did not train on (out-of-fold predictions, or a held-out validation
slice for expensive families), optional probability calibration, held-out
evaluation with a majority baseline, and grouped cross-validation in which
all units of an article (or paragraph, source, year) stay on one side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from classify import evaluation
from classify.config import TrainConfig, build_params
from classify.data import Examples, group_kfold, split_indices
from classify.errors import ClassifyError
from classify.models import Model, get_family
from classify.tasks import Task

# Called as (stage, done, total) so a CLI can draw one bar per stage.
Reporter = Callable[[str, int, int], None]

# Thresholds tuned on fewer positives than this are noise; such labels keep
# the default. Tuned thresholds are also kept inside THRESHOLD_RANGE, so a
# label is never switched on (or off) for every unit.
MIN_POSITIVES_TO_TUNE = 5
THRESHOLD_RANGE = (0.05, 0.95)

# Below this many training units even expensive families are refitted for
# out-of-fold threshold tuning: it is cheap there, and a validation slice of
# a handful of units would tune nothing.
SMALL_DATA = 200


@dataclass
class Fitted:
    """A fitted family plus what turns its probabilities into decisions."""

    task: Task
    model: Model
    thresholds: list[float] | None = None
    calibration: dict[str, Any] | None = None
    tuning: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        proba = self.model.predict_proba(texts)
        if self.calibration:
            proba = evaluation.apply_calibration(self.calibration, self.task.kind, proba)
        return proba

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return self.task.decide(proba, self.thresholds)


def check_trainable(task: Task, y: np.ndarray, *, source: object) -> None:
    """Refuse data a classifier cannot learn from, with the reason."""
    if len(y) < 2:
        raise ClassifyError(
            f"need at least 2 labelled units to train, found {len(y)}", source=source
        )
    if task.multilabel:
        varying = [(0 < c < len(y)) for c in y.sum(axis=0)]
        if not any(varying):
            raise ClassifyError(
                f"data with a single class: every '{task.field}' label is constant "
                "(need units with and without at least one topic)",
                source=source,
            )
    else:
        present = [task.labels[j] for j in np.flatnonzero(y.sum(axis=0))]
        if len(present) < 2:
            raise ClassifyError(
                f"data with a single class: every unit is '{present[0]}' "
                f"(task '{task.name}' needs at least 2 of {', '.join(task.labels)})",
                source=source,
            )


def new_model(cfg: TrainConfig, *, seed: int | None = None) -> Model:
    family = get_family(cfg.model.family, source=cfg.source or "config")
    params = build_params(family, cfg.model.params, source=cfg.source or "config")
    return family(cfg.task, params, seed=cfg.seed if seed is None else seed)


def fit(cfg: TrainConfig, train: Examples, *, report: Reporter | None = None) -> Fitted:
    """Fit one model on ``train``, tuning thresholds and calibration without
    touching any test data."""
    task = cfg.task
    y = train.y(task)
    family = get_family(cfg.model.family)
    if family.uses_labels:
        check_trainable(task, y, source=train.origin)
    texts = list(train.texts)
    needs_heldout = (
        task.multilabel and cfg.thresholds.method != "fixed"
    ) or cfg.calibration != "none"
    method = cfg.thresholds.method
    if method == "auto":
        method = "cv" if (family.cheap or len(train) <= SMALL_DATA) else "validation"
    if not needs_heldout:
        method = "fixed"

    def progress(stage: str):
        return (lambda done, total: report(stage, done, total)) if report else None

    tuning: dict[str, Any] = {"method": method}
    heldout_y: np.ndarray | None = None
    heldout_p: np.ndarray | None = None
    model: Model | None = None
    if method == "cv":
        folds = _folds(train, cfg.thresholds.folds, "auto", cfg.seed)
        heldout_p = np.zeros(y.shape, dtype=float)
        for i, (tr, va) in enumerate(folds):
            inner = new_model(cfg).fit([texts[j] for j in tr], y[tr])
            heldout_p[va] = inner.predict_proba([texts[j] for j in va])
            if report:
                report("tuning thresholds", i + 1, len(folds))
        heldout_y = y
        tuning["folds"] = len(folds)
    elif method == "validation":
        tr, va = split_indices(
            train,
            "article" if len(set(train.article_ids)) > 1 else "random",
            test_size=cfg.thresholds.validation_size,
            seed=cfg.seed,
        )
        model = new_model(cfg).fit(
            [texts[j] for j in tr],
            y[tr],
            validation=([texts[j] for j in va], y[va]),
            progress=progress("training"),
        )
        heldout_y, heldout_p = y[va], model.predict_proba([texts[j] for j in va])
        tuning["validation_units"] = len(va)

    calibration = None
    if cfg.calibration != "none" and heldout_p is not None:
        calibration = evaluation.fit_calibration(cfg.calibration, task.kind, heldout_y, heldout_p)
        calibration["method"] = cfg.calibration
        heldout_p = evaluation.apply_calibration(calibration, task.kind, heldout_p)

    thresholds = None
    if task.multilabel:
        if heldout_p is not None and method != "fixed":
            thresholds = evaluation.tune_thresholds(
                heldout_y, heldout_p, default=cfg.thresholds.default
            )
            thresholds = [round(float(t), 4) for t in thresholds]
        else:
            thresholds = [cfg.thresholds.default] * len(task.labels)

    if model is None:
        model = new_model(cfg).fit(texts, y, progress=progress("training"))
    return Fitted(task, model, thresholds, calibration, tuning)


def _folds(examples: Examples, k: int, group: str, seed: int):
    groups = examples.groups(group)
    if len(set(groups)) < 2:
        groups = list(examples.ids)
    return group_kfold(groups, k, seed=seed)


def holdout_split(cfg: TrainConfig, examples: Examples) -> tuple[Examples, Examples]:
    """Train and test parts: the data's own splits where it has them, else
    the config's split method."""
    if examples.splits is not None and {"train", "test"} <= set(examples.splits):
        train = [i for i, s in enumerate(examples.splits) if s == "train"]
        test = [i for i, s in enumerate(examples.splits) if s == "test"]
    else:
        s = cfg.data.split
        if s.method == "none":
            raise ClassifyError(
                "split 'none' leaves no test data: use cross-validation (--cv K) "
                "or a split method (data.split.method)",
                source=cfg.source,
            )
        train, test = split_indices(
            examples, s.method, test_size=s.test_size, seed=cfg.seed, cutoff=s.cutoff
        )
    return examples.subset(train), examples.subset(test)


def evaluate_fitted(
    fitted: Fitted,
    test: Examples,
    *,
    y_train: np.ndarray | None,
    cfg_seed: int = 0,
    n_bootstrap: int = 1000,
    group: str = "auto",
) -> dict[str, Any]:
    task = fitted.task
    proba = fitted.predict_proba(list(test.texts))
    metrics = evaluation.evaluate_predictions(
        task.kind,
        list(task.labels),
        test.y(task),
        proba,
        thresholds=fitted.thresholds,
        y_train=y_train,
        texts=list(test.texts),
        ids=list(test.ids),
        groups=_cluster_groups(test, group),
        n_bootstrap=n_bootstrap,
        seed=cfg_seed,
    )
    metrics["task"] = task.name
    return metrics


def _cluster_groups(examples: Examples, group: str) -> list[str] | None:
    groups = examples.groups(group)
    return groups if len(set(groups)) < len(groups) else None


def train_and_evaluate(
    cfg: TrainConfig, examples: Examples, *, report: Reporter | None = None
) -> tuple[Fitted, dict[str, Any]]:
    """Held-out evaluation: fit on the train part, score the test part."""
    train, test = holdout_split(cfg, examples)
    if len(test) == 0:
        raise ClassifyError("the test split is empty", source=examples.origin)
    fitted = fit(cfg, train, report=report)
    if report:
        report("evaluating", 0, 1)
    metrics = evaluate_fitted(
        fitted,
        test,
        y_train=train.y(cfg.task),
        cfg_seed=cfg.seed,
        n_bootstrap=cfg.evaluation.bootstrap,
        group=cfg.evaluation.group,
    )
    metrics["evaluation"] = {
        "method": "holdout",
        "split": cfg.data.split.method if examples.splits is None else "dataset",
        "train": len(train),
        "test": len(test),
    }
    metrics["near_duplicates"] = _near_duplicates(train, test)
    if report:
        report("evaluating", 1, 1)
    return fitted, metrics


def _near_duplicates(train: Examples, test: Examples) -> dict[str, Any]:
    pairs = evaluation.near_duplicates(list(train.texts), list(test.texts))
    return {
        "count": len(pairs),
        "pairs": [
            {
                "train_id": train.ids[p["train_index"]],
                "test_id": test.ids[p["test_index"]],
                "similarity": p["similarity"],
            }
            for p in pairs[:20]
        ],
    }


def cross_validate(
    cfg: TrainConfig,
    examples: Examples,
    *,
    k: int,
    group: str = "auto",
    report: Reporter | None = None,
) -> dict[str, Any]:
    """Grouped K-fold cross-validation; metrics on the pooled out-of-fold
    predictions, with mean and standard deviation over folds."""
    task = cfg.task
    y = examples.y(task)
    family = get_family(cfg.model.family)
    if family.uses_labels:
        check_trainable(task, y, source=examples.origin)
    group = examples.resolve_group(group)
    folds = _folds(examples, k, group, cfg.seed)
    proba = np.zeros(y.shape, dtype=float)
    thresholds = np.full(y.shape, 0.5)
    baseline = np.zeros_like(y)
    fold_metrics = []
    dup = 0
    for i, (tr, te) in enumerate(folds):
        train, test = examples.subset(tr), examples.subset(te)
        fitted = fit(cfg, train)
        proba[te] = fitted.predict_proba(list(test.texts))
        if fitted.thresholds is not None:
            thresholds[te] = fitted.thresholds
        decided = task.decide(proba[te], fitted.thresholds)
        fold_metrics.append(
            evaluation.compute_metrics(task.kind, list(task.labels), y[te], decided)
        )
        baseline[te] = evaluation.majority_baseline(task.kind, y[tr], len(te))
        dup += evaluation_near_dup_count(train, test)
        if report:
            report(f"cross-validation ({len(folds)} folds)", i + 1, len(folds))
    metrics = evaluation.evaluate_predictions(
        task.kind,
        list(task.labels),
        y,
        proba,
        thresholds=thresholds if task.multilabel else None,
        y_train=None,
        texts=list(examples.texts),
        ids=list(examples.ids),
        groups=examples.groups(group),
        n_bootstrap=cfg.evaluation.bootstrap,
        seed=cfg.seed,
    )
    metrics["baseline"] = {
        "name": "majority",
        "fitted_on": "train",  # each fold's majority, from its training folds
        **evaluation.compute_metrics(task.kind, list(task.labels), y, baseline),
    }
    metrics.pop("thresholds", None)
    metrics["task"] = task.name
    metrics["evaluation"] = {"method": "cv", "folds": len(folds), "group": group, "n": len(y)}
    metrics["cv"] = {"folds": fold_metrics, "summary": evaluation.summarise_folds(fold_metrics)}
    metrics["near_duplicates"] = {"count": dup, "pairs": []}
    return metrics


def evaluation_near_dup_count(train: Examples, test: Examples) -> int:
    return len(evaluation.near_duplicates(list(train.texts), list(test.texts)))
