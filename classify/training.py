"""Fitting and honest evaluation, the same for every model family.

The family only learns probabilities. This module adds what a research tool
must get right around it: multilabel decision thresholds tuned on data the
model did not train on (out-of-fold predictions, or a held-out validation
slice for expensive families), optional probability calibration, held-out
evaluation with a majority baseline, and grouped cross-validation in which
all units of an article (or paragraph, source, year) stay on one side.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify import evaluation
from classify.config import SelfTrainingConfig, TrainConfig
from classify.data import Examples, group_kfold, split_indices
from classify.errors import ClassifyError, option, warn
from classify.models import Model, get_family
from classify.models._hub import ModelNotFound
from classify.pooling import LongUnitConfig, score_long_units
from classify.schema import build_params
from classify.store import Predictions
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
    # What an unlabelled pool contributed (classify.semi), where one did.
    self_training: dict[str, Any] | None = None
    long_units: LongUnitConfig | None = None
    # With ``joint``: the other field, its groups and counts, or why the
    # task was learned alone (classify.models.joint).
    joint: dict[str, Any] | None = None
    # With ``recency_half_life``: how the gold units were weighted.
    recency: dict[str, Any] | None = None
    # With silver rows in the data: what they gave (:func:`silver_record`).
    silver_data: dict[str, Any] | None = None

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return self.scores(texts)[0]

    def scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """Probabilities ``(n, L)`` as :meth:`predict_proba` gives them, and
        the same before calibration (None without one), scored once."""
        raw = score_long_units(
            self.model.predict_proba,
            texts,
            multilabel=self.task.multilabel,
            labels=self.task.labels,
            settings=self.long_units,
            pairs=bool(self.task.target_field),
        )
        if not self.calibration:
            return raw, None
        return evaluation.apply_calibration(self.calibration, self.task.kind, raw), raw

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return self.task.decide(proba, self.thresholds)

    def decide_uncalibrated(self, raw: np.ndarray) -> np.ndarray:
        """Decisions on scores before calibration, with the thresholds tuned
        on them (the model as trained without calibration)."""
        return self.task.decide(
            raw, evaluation.uncalibrated_thresholds(self.calibration, self.thresholds)
        )


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


@dataclass
class Silver:
    """Pseudo-labelled units added to every fit, weighted below gold."""

    texts: list[str]
    y: np.ndarray
    weight: float = 1.0
    # With ``joint``: each silver unit's group of the other field, as the
    # teacher's product classes put it (pool units carry no such label).
    aux: np.ndarray | None = None
    # Each unit's own weight, ``(len(texts),)``, where they differ (silver
    # rows of the data, with their ``weight`` column); else ``weight``.
    weights: np.ndarray | None = None

    def unit_weights(self) -> np.ndarray:
        """Each silver unit's weight, ``(len(texts),)``."""
        if self.weights is not None:
            return np.asarray(self.weights, dtype=float)
        return np.full(len(self.texts), self.weight)

    def plus(self, other: Silver) -> Silver:
        """Both sets of silver units, each with its own weight."""
        if (self.aux is None) != (other.aux is None):
            raise ClassifyError(
                "silver units of two sources, one with joint groups and one without"
            )
        return Silver(
            [*self.texts, *other.texts],
            np.vstack([self.y, other.y]),
            aux=None if self.aux is None else np.concatenate([self.aux, other.aux]),
            weights=np.concatenate([self.unit_weights(), other.unit_weights()]),
        )


@dataclass
class JointLabels:
    """The other field's group of each training unit, for ``joint``."""

    other: str
    groups: list[str]
    aux: np.ndarray  # (n,) indices into groups


def joint_labels(
    cfg: TrainConfig, train: Examples, y: np.ndarray | None = None
) -> tuple[JointLabels | None, dict[str, Any]]:
    """The groups of ``cfg.joint``'s field for every unit of ``train``, and a
    record of what was done: ``used``, and where the field cannot be used
    (absent, or missing on some units, or one group only) the ``reason`` the
    task is learned alone. With the task's indicator matrix ``y`` ``(n, k)``,
    the record also lists the product classes (``label|group``) that no
    training unit is in (``empty_classes``)."""
    other = cfg.joint
    if other is None:
        return None, {}
    record: dict[str, Any] = {"field": other, "used": False}
    values = train.labels.get(other)
    if values is None:
        record["reason"] = f"the data has no '{other}' labels"
        return None, record
    from classify.tasks import is_blank, label_names

    # Read as the shipped task of that field reads it: "a;b" and "[]" in
    # CSV cells, lists in JSONL (topics), one value otherwise (stance).
    multilabel = other == "topics"
    missing = [i for i, v in enumerate(values) if v is None or (not multilabel and is_blank(v))]
    if missing:
        n = len(missing)
        record["reason"] = (
            f"{n} of {len(values)} training units {'has' if n == 1 else 'have'} no "
            f"'{other}' label (first: {train.ids[missing[0]]})"
        )
        return None, record
    names = [label_names(v, multilabel=multilabel) for v in values]
    if multilabel:
        groups = ["without", "with"]
        aux = np.array([1 if n else 0 for n in names], dtype=int)
    else:
        groups = sorted({n[0] for n in names})
        aux = np.array([groups.index(n[0]) for n in names], dtype=int)
    if len(set(aux.tolist())) < 2:
        record["reason"] = f"every training unit is in one '{other}' group ({groups[aux[0]]})"
        return None, record
    record.update(used=True, groups=groups, counts=np.bincount(aux, minlength=len(groups)).tolist())
    if y is not None and len(y):
        product = np.asarray(y).argmax(axis=1) * len(groups) + aux
        seen = set(product.tolist())
        record["empty_classes"] = [
            f"{label}|{group}"
            for i, label in enumerate(cfg.task.labels)
            for j, group in enumerate(groups)
            if i * len(groups) + j not in seen
        ]
    return JointLabels(other, groups, aux), record


def _weighs(cfg: TrainConfig) -> bool:
    """Whether the config's model takes per-unit weights (``sample_weight``)."""
    family = get_family(cfg.model.family)
    return family.takes_sample_weight(
        build_params(family, cfg.model.params, source=cfg.source or "config")
    )


def _fit_model(
    cfg: TrainConfig,
    texts: list[str],
    y: np.ndarray,
    silver: Silver | None,
    *,
    validation: tuple[list[str], np.ndarray] | None = None,
    progress=None,
    joint: JointLabels | None = None,
    rows: np.ndarray | None = None,
    validation_rows: np.ndarray | None = None,
    weights: np.ndarray | None = None,
) -> Model:
    """Fit the config's model; with ``joint``, on the product classes of the
    task and the other field (``rows``/``validation_rows``: the positions of
    ``texts``/validation texts in the units ``joint`` describes). ``weights``
    ``(len(texts),)``: each gold unit's weight (``recency_half_life``), else 1;
    silver units weigh ``silver.weight``."""
    with_silver = silver is not None and bool(silver.texts)
    kwargs: dict[str, Any] = {"progress": progress}
    if _weighs(cfg) and (
        weights is not None or (with_silver and (silver.unit_weights() != 1).any())
    ):
        gold = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
        gold = gold / gold.mean()
        kwargs["sample_weight"] = (
            np.concatenate([gold, silver.unit_weights()]) if with_silver else gold
        )
    all_texts, all_y = (
        (texts + silver.texts, np.vstack([y, silver.y])) if with_silver else (texts, y)
    )
    if joint is None:
        return new_model(cfg).fit(all_texts, all_y, validation=validation, **kwargs)
    from classify.models.joint import Joint

    model = Joint.wrap(
        cfg.task,
        {"family": cfg.model.family, "params": cfg.model.params},
        joint.other,
        joint.groups,
        seed=cfg.seed,
    )
    aux = joint.aux if rows is None else joint.aux[rows]
    if validation is not None and validation_rows is not None:
        kwargs.update(validation=validation, validation_aux=joint.aux[validation_rows])
    if with_silver:
        if silver.aux is None:
            raise ClassifyError(
                f"silver units have no '{joint.other}' groups to learn jointly with"
            )
        aux = np.concatenate([aux, silver.aux])
    return model.fit(all_texts, all_y, aux=aux, **kwargs)


def fit(
    cfg: TrainConfig,
    train: Examples,
    *,
    report: Reporter | None = None,
    exclude: Sequence[str] = (),
    silver: Silver | None = None,
) -> Fitted:
    """Fit one model on ``train``, tuning thresholds and calibration without
    touching any test data.

    With ``data.unlabelled`` and ``self_training.rounds >= 1`` in the config
    this is teacher-student self-training (:func:`self_train`); ``exclude``
    names further labelled texts (a test split) to keep out of the pool.
    ``silver`` adds pseudo-labelled units to every fit, the inner folds that
    tune thresholds included; thresholds are only ever tuned on gold units.
    """
    if silver is None and cfg.data.unlabelled and cfg.self_training.rounds > 0:
        return self_train(cfg, train, report=report, exclude=exclude)
    task = cfg.task
    # Silver rows of the data train as extra units (thresholds are tuned on
    # gold only), each with its weight; gold rows may carry weights too.
    train, from_data = train.gold_and_silver()
    repeating = 0
    if from_data is not None:
        # A silver row that repeats a gold unit's text adds nothing but a
        # second, weaker label for it: the gold one stands.
        from classify.data import copy_keys

        gold_keys = set(copy_keys(train.texts)) - {None}
        keep = [i for i, k in enumerate(copy_keys(from_data.texts)) if k not in gold_keys]
        repeating = len(from_data) - len(keep)
        from_data = from_data.subset(keep) if keep else None
    _warn_weights_unused(cfg, train, from_data)
    y = train.y(task)
    family = get_family(cfg.model.family)
    if family.uses_labels:
        check_trainable(task, y, source=train.origin)
    cheap = family.is_cheap(build_params(family, cfg.model.params, source=cfg.source or "config"))
    texts = list(train.texts)
    joint, joint_record = joint_labels(cfg, train, y)
    if from_data is not None:
        own = _data_silver(cfg, from_data, joint)
        silver = own if silver is None else silver.plus(own)
    weights, recency = recency_weights(train.dates, cfg.recency_half_life)
    if train.weights is not None and any(w != 1.0 for w in train.weights):
        given = np.asarray(train.weights, dtype=float)
        weights = given if weights is None else weights * given
    needs_heldout = (
        task.multilabel and cfg.thresholds.method != "fixed"
    ) or cfg.calibration != "none"
    method = cfg.thresholds.method
    # Fixed thresholds with calibration: the calibration still needs held-out
    # predictions, drawn as 'auto' would draw them; the thresholds stay.
    fixed = method == "fixed"
    if method == "auto" or (fixed and cfg.calibration != "none"):
        method = "cv" if (cheap or len(train) <= SMALL_DATA) else "validation"
    if not needs_heldout:
        method = "fixed"

    def progress(stage: str):
        return (lambda done, total: report(stage, done, total)) if report else None

    tuning: dict[str, Any] = {"method": "fixed" if fixed else method}
    if fixed and method != "fixed" and task.multilabel:
        tuning["calibration_heldout"] = method
    if not task.multilabel:
        # A single-label task has no thresholds: the held-out predictions,
        # if any, are the calibration's alone (recorded as calibration_heldout).
        tuning = {"method": method} if method != "fixed" else {}
    stage = "tuning thresholds" if task.multilabel else "held-out predictions for calibration"
    heldout_y: np.ndarray | None = None
    heldout_p: np.ndarray | None = None
    model: Model | None = None
    if method == "cv":
        folds = _folds(train, cfg.thresholds.folds, "auto", cfg.seed)
        heldout_p = np.zeros(y.shape, dtype=float)
        for i, (tr, va) in enumerate(folds):
            inner = _fit_model(
                cfg,
                [texts[j] for j in tr],
                y[tr],
                silver,
                joint=joint,
                rows=np.asarray(tr),
                weights=None if weights is None else weights[tr],
            )
            heldout_p[va] = inner.predict_proba([texts[j] for j in va])
            if report:
                report(stage, i + 1, len(folds))
        heldout_y = y
        tuning["folds"] = len(folds)
    elif method == "validation":
        tr, va = split_indices(
            train,
            "article" if len(set(train.article_ids)) > 1 else "random",
            test_size=cfg.thresholds.validation_size,
            seed=cfg.seed,
        )
        model = _fit_model(
            cfg,
            [texts[j] for j in tr],
            y[tr],
            silver,
            validation=([texts[j] for j in va], y[va]),
            progress=progress("training"),
            joint=joint,
            rows=np.asarray(tr),
            validation_rows=np.asarray(va),
            weights=None if weights is None else weights[tr],
        )
        heldout_y, heldout_p = y[va], model.predict_proba([texts[j] for j in va])
        tuning["validation_units"] = len(va)

    def tuned_thresholds(scores: np.ndarray | None) -> list[float] | None:
        if not task.multilabel:
            return None
        if scores is None or fixed or method == "fixed":
            return [cfg.thresholds.default] * len(task.labels)
        tuned = evaluation.tune_thresholds(
            heldout_y,
            scores,
            default=cfg.thresholds.default,
            metric="micro_f1" if task.metric == "micro_f1" else "macro_f1",
        )
        positives = heldout_y.sum(axis=0)  # type: ignore[union-attr]
        return [
            round(float(np.clip(t, *THRESHOLD_RANGE)), 4)
            if positives[j] >= MIN_POSITIVES_TO_TUNE
            else cfg.thresholds.default
            for j, t in enumerate(tuned)
        ]

    calibration = None
    if cfg.calibration != "none" and heldout_p is not None:
        calibration = evaluation.fit_calibration(cfg.calibration, task.kind, heldout_y, heldout_p)
        calibration["method"] = cfg.calibration
        if task.multilabel:
            # The thresholds the same model would have without calibration,
            # so "decisions changed" compares two models a user could train
            # (thresholds tuned after a monotone map change few decisions).
            calibration["thresholds_uncalibrated"] = tuned_thresholds(heldout_p)
        heldout_p = evaluation.apply_calibration(calibration, task.kind, heldout_p)

    thresholds = tuned_thresholds(heldout_p)
    if thresholds is not None and heldout_p is not None and not fixed and method != "fixed":
        # Said on the card: a default threshold is then not a tuned one.
        positives = heldout_y.sum(axis=0)  # type: ignore[union-attr]
        few = {
            lab: int(n)
            for lab, n in zip(task.labels, positives, strict=True)
            if n < MIN_POSITIVES_TO_TUNE
        }
        if few:
            tuning["kept_default"] = few

    if model is None:
        model = _fit_model(
            cfg, texts, y, silver, progress=progress("training"), joint=joint, weights=weights
        )
    return Fitted(
        task,
        model,
        thresholds,
        calibration,
        tuning,
        long_units=cfg.long_units,
        joint=joint_record or None,
        recency=recency,
        silver_data=None
        if from_data is None and not repeating
        else silver_record(cfg, train, from_data, repeating=repeating),
    )


def silver_record(
    cfg: TrainConfig, gold: Examples, silver: Examples | None, *, repeating: int = 0
) -> dict[str, Any]:
    """What the data's silver rows gave a fit: gold and silver unit counts,
    silver per label, the silver weights' range, whether the family used the
    weights, and how many silver rows were left out for repeating a gold
    unit's text (``repeating``)."""
    silver_units = 0 if silver is None else len(silver)
    w = [float(x) for x in ((silver.weights if silver else None) or [1.0] * silver_units)]
    y = silver.y(cfg.task) if silver is not None else np.zeros((0, len(cfg.task.labels)))
    return {
        "gold_units": len(gold),
        "silver_units": silver_units,
        "silver_per_label": {lab: int(c) for lab, c in zip(cfg.task.labels, y.sum(axis=0))},
        "weight_range": [min(w), max(w)] if w else None,
        "weighted": _weighs(cfg),
        "silver_repeating_gold": repeating,
    }


def silver_counts(train: Examples, left_out: int = 0) -> dict[str, int]:
    """``silver_in_train`` (silver units among ``train``) and
    ``silver_left_out`` for ``metrics["evaluation"]``; empty for data
    without silver units."""
    if not (train.silver and any(train.silver)) and not left_out:
        return {}
    return {"silver_in_train": sum(train.silver or []), "silver_left_out": left_out}


def _data_silver(cfg: TrainConfig, silver: Examples, joint: JointLabels | None) -> Silver:
    """The data's silver rows as :class:`Silver` units, with their weights;
    with ``joint``, each with its group of the other field, from its own
    label there.

    Raises:
        ClassifyError: with ``joint``, a silver row without the other
            field's label, or with a group no gold unit has.
    """
    y = silver.y(cfg.task)
    weights = np.asarray(silver.weights or [1.0] * len(silver), dtype=float)
    if joint is None:
        return Silver(list(silver.texts), y, weights=weights)
    from classify.tasks import is_blank, label_names

    multilabel = joint.other == "topics"
    values = silver.labels.get(joint.other) or [None] * len(silver)
    aux = []
    for uid, value in zip(silver.ids, values):
        names = (
            None
            if value is None or (not multilabel and is_blank(value))
            else label_names(value, multilabel=multilabel)
        )
        group = (
            None if names is None else ("with" if names else "without") if multilabel else names[0]
        )
        if group not in joint.groups:
            what = (
                "no"
                if names is None
                else f"the '{joint.other}' group '{group}', which no gold unit has, as its"
            )
            raise ClassifyError(
                f"silver unit '{uid}' has {what} '{joint.other}' label, which the config's "
                f"'joint: {joint.other}' learns with; give the silver rows that field (the pool's "
                f"own, or a {joint.other} model's predictions), or train without it "
                f"({option('set', 'joint=null')})",
                source=silver.origin,
            )
        aux.append(joint.groups.index(group))
    return Silver(list(silver.texts), y, weights=weights, aux=np.asarray(aux, dtype=int))


def _warn_weights_unused(cfg: TrainConfig, gold: Examples, silver: Examples | None) -> None:
    """Say once per command where the data weighs its units (silver rows,
    a ``weight`` column) and the family cannot use the weights."""
    weighted = (gold.weights is not None and any(w != 1.0 for w in gold.weights)) or (
        silver is not None and any(w != 1.0 for w in (silver.weights or []))
    )
    if weighted and not _weighs(cfg):
        warn(
            f"the data's 'weight' column is not used: family '{cfg.model.family}' cannot weight "
            "training units, so silver rows count as much as gold ones in training (they are "
            "still never tested); a family that weighs units: tfidf-linear, embedding-linear, "
            "or an ensemble of them",
            once="weights-unused",
        )


def recency_weights(
    dates: Sequence[str | None], half_life: float | None
) -> tuple[np.ndarray | None, dict[str, Any] | None]:
    """Per-unit training weights that halve every ``half_life`` years before
    the newest dated unit, scaled to mean 1, shape ``(len(dates),)``; and a
    record of them (half-life, newest date, lowest and highest weight,
    undated units, Kish's effective number of units). A partial date
    (``2017``, ``2017-06``) counts at the middle of its range; an undated
    unit takes the mean weight of the dated ones. ``(None, None)`` where
    ``half_life`` is None; where no unit is dated, no weights and a record
    with the ``reason``.

    Exponential time decay of training examples is the standard answer to
    gradual concept drift (Klinkenberg 2004, "Learning drifting concepts:
    Example selection vs. example weighting", Intelligent Data Analysis 8(3)).
    """
    if half_life is None:
        return None, None
    from classify.dates import date_range

    def year(iso: str) -> float:
        first, last = date_range(iso)
        middle = first + (last - first) / 2
        return middle.year + (middle.timetuple().tm_yday - 1) / 365.25

    years = np.array([np.nan if d is None else year(d) for d in dates], dtype=float)
    dated = ~np.isnan(years)
    if not dated.any():
        return None, {
            "half_life_years": half_life,
            "units": len(dates),
            "reason": "no training unit is dated, so recency_half_life had no effect",
        }
    anchor = int(np.nanargmax(years))
    newest = float(years[anchor])
    w = np.full(len(dates), np.nan)
    w[dated] = 0.5 ** ((newest - years[dated]) / half_life)
    w[~dated] = w[dated].mean()
    w = w / w.mean()
    record = {
        "half_life_years": half_life,
        "newest": dates[anchor],
        "weight_range": [round(float(w.min()), 4), round(float(w.max()), 4)],
        "undated": int((~dated).sum()),
        "units": len(dates),
        # Kish's effective sample size: how many equally weighted units the
        # weighted fit is worth.
        "effective_units": round(float(w.sum() ** 2 / (w**2).sum())),
    }
    return w, record


def _pool_sources(cfg: TrainConfig) -> tuple[list[str], list[Any]]:
    """The pool paths of ``data.unlabelled`` and each one's read options.

    Raises:
        ClassifyError: a path that does not exist.
    """
    from classify.config import pool_path, pool_read_options

    paths = [pool_path(p) for p in cfg.data.unlabelled]
    for p in paths:
        if not os.path.exists(p):
            raise ClassifyError(
                f"unlabelled pool '{os.path.abspath(p)}' not found (from data.unlabelled, where a "
                f"relative path is relative to the config file; from "
                f"{option('unlabelled', 'PATH')} or --set, relative to the working folder); pass "
                f"{option('unlabelled', 'PATH')} to use another pool",
                source=cfg.source or None,
            )
    options = [pool_read_options(cfg.data, source=cfg.source, pool=i) for i in range(len(paths))]
    return paths, options


def check_pools(cfg: TrainConfig, examples: Examples) -> None:
    """Before any fit: every pool of ``data.unlabelled`` exists, is readable
    and holds a unit that is not labelled in ``examples`` (cross-validation
    would otherwise fail in its first fold, after the labelled data is
    encoded, with advice about folds that does not apply). Reads are cached,
    so self-training reads each pool once either way.

    Raises:
        ClassifyError: the first pool that fails, as self-training would say it.
    """
    from classify import semi

    if not (cfg.data.unlabelled and cfg.self_training.rounds > 0):
        return
    paths, options = _pool_sources(cfg)
    pool = semi.draw_pool(
        paths,
        exclude=examples.texts,
        max_items=None,
        seed=cfg.seed,
        options=options,
        label_field=cfg.task.field,
    )
    _warn_labelled_pools(cfg, pool)
    if not pool.texts:
        raise ClassifyError(
            "the unlabelled pool has no unit that is not also labelled; give a pool of other "
            f"texts ({option('unlabelled', 'PATH')}) or leave data.unlabelled out",
            source=", ".join(paths),
        )


def _warn_labelled_pools(cfg: TrainConfig, pool: Any) -> None:
    """Warn, once per pool source, of a pool whose rows hold gold labels for
    the task: they are replaced by the teacher's guesses, unsaid otherwise."""
    for source, (n, rows) in pool.labelled_rows.items():
        warn(
            f"unlabelled pool {source} holds '{cfg.task.field}' labels on {n} of its {rows} "
            "rows: a pool's labels are not read (the teacher labels every pool unit); to "
            f"train on them, give the file as labelled data ({option('data', 'PATH')})",
            once=f"labelled-pool:{source}",
        )


def _fitted_name(fitted: Fitted, family: str) -> str:
    """A fitted model's family as a self-training round records its teacher:
    ``"ensemble, joint with topics"`` where it learned jointly with a field."""
    joint = fitted.joint
    if isinstance(joint, dict) and joint.get("used"):
        return f"{family}, joint with {joint.get('field')}"
    return family


def self_train(
    cfg: TrainConfig,
    train: Examples,
    *,
    report: Reporter | None = None,
    exclude: Sequence[str] = (),
) -> Fitted:
    """Teacher-student self-training on the config's unlabelled pools.

    The teacher (``self_training.teacher``, else the config's own model) is
    fit on the gold units of ``train``; it scores the pool (labelled texts,
    those of ``train`` and ``exclude``, are left out of it); confident,
    class-balanced decisions become silver labels
    (:func:`classify.semi.select_pseudo_labels`); the student (the config's
    model) is fit on gold plus silver; each further round the student
    teaches. Returns the last student, whose ``self_training`` records the
    pool, and per round the silver counts per label, the lowest teacher
    probability kept and the teacher's thresholds.

    Raises:
        ClassifyError: an unreadable pool, or a pool with no unit left.
    """
    from classify import semi

    st = cfg.self_training
    plain = dataclasses.replace(cfg, self_training=SelfTrainingConfig(rounds=0))
    teacher_cfg = dataclasses.replace(plain, model=st.teacher or cfg.model)
    paths, options = _pool_sources(cfg)
    pool = semi.draw_pool(
        paths,
        exclude=[*train.texts, *exclude],
        max_items=st.max_unlabelled,
        seed=cfg.seed,
        options=options,
        since=_pool_since(st.since, train),
        label_field=cfg.task.field,
    )
    _warn_labelled_pools(cfg, pool)
    if not pool.texts:
        raise ClassifyError(
            "the unlabelled pool has no unit that is not also labelled"
            + (f" and dated on or after {pool.since}" if pool.since else "")
            + (_after_labelled_note(train, bool(exclude)) if st.since == "after_labelled" else "")
            + (
                ""
                if st.since
                else f"; give a pool of other texts ({option('unlabelled', 'PATH')}) or leave "
                "data.unlabelled out"
            ),
            source=", ".join(paths),
        )
    # Each pool on its own: a German pool beside an English one would pass
    # as the two together.
    for k, name in enumerate(pool.sources or [""]):
        texts = (
            [t for t, i in zip(pool.texts, pool.source_of) if i == k]
            if len(pool.sources) > 1
            else pool.texts
        )
        if note := semi.vocabulary_gap_note(
            list(train.texts), texts, seed=cfg.seed, name=Path(name).name if name else None
        ):
            # Said once per command: self-training runs again in the refit.
            warn(note, once=f"pool-vocabulary-gap-{k}")
    rule_votes = None
    if st.rules is not None:
        from classify.config import rules_task

        rule_votes = semi.rule_vote_counts(rules_task(cfg, source=cfg.source), pool.texts)
    teacher = fit(teacher_cfg, train, report=renamed(report, "self-training: teacher"))
    gold_only = teacher
    teacher_name = _fitted_name(teacher, (st.teacher or cfg.model).family)
    rounds = []
    student = teacher
    silver_keys: set[str] = set()
    silver_rests: set[str] = set()
    for r in range(1, st.rounds + 1):
        proba = _predict_batches(
            teacher, pool.texts, renamed(report, f"self-training: round {r} labels the pool")
        )
        chosen = semi.select_pseudo_labels(
            task_multilabel := cfg.task.multilabel,
            list(cfg.task.labels),
            proba,
            thresholds=teacher.thresholds if task_multilabel else None,
            per_label=st.per_label,
            min_confidence=st.min_confidence,
            groups=pool.source_of,
            balance=st.balance,
            rule_votes=rule_votes,
        )
        silver = Silver([pool.texts[i] for i in chosen.index], chosen.y, st.weight)
        # Each silver text by its forms with and without a title line, so
        # `evaluate` knows a test item however its file gives it.
        silver_keys.update(semi.text_key(t) for t in silver.texts)
        silver_rests.update(semi.text_key(f) for t in silver.texts for f in semi.bodies(t))
        silver.aux = _silver_groups(teacher, silver)
        student = fit(
            plain, train, report=renamed(report, f"self-training: round {r} student"), silver=silver
        )
        rounds.append(
            {
                "round": r,
                "teacher": teacher_name if r == 1 else f"round {r - 1} student",
                "teacher_thresholds": teacher.thresholds,
                "silver": len(silver.texts),
                "silver_per_label": chosen.counts,
                "confident_per_label": chosen.confident,
                "silver_per_source": np.bincount(
                    np.asarray(pool.source_of, dtype=int)[chosen.index],
                    minlength=len(pool.sources),
                ).tolist(),
                "lowest_teacher_probability": chosen.cutoffs,
                **(
                    {"silver_per_group": _group_counts(teacher, silver.aux)}
                    if silver.aux is not None
                    else {}
                ),
                **({"rules": chosen.rules} if chosen.rules is not None else {}),
            }
        )
        teacher, teacher_name = student, _fitted_name(student, cfg.model.family)
    if st.long_units_to_teacher is not None and rounds:
        from classify.models.routed import Routed

        student.model = Routed.from_members(
            cfg.task, student.model, gold_only.model, st.long_units_to_teacher
        )
    student.self_training = {
        "pool": pool.summary(),
        "teacher": dataclasses.asdict(st.teacher or cfg.model),
        "weight": st.weight,
        "per_label": st.per_label,
        "min_confidence": st.min_confidence,
        "balance": st.balance,
        "long_units_to_teacher": st.long_units_to_teacher,
        "since": st.since,
        **(
            {
                "rules": {
                    "file": str(st.rules),
                    "pool_units_covered": int((rule_votes > 0).any(1).sum()),
                }
            }
            if rule_votes is not None
            else {}
        ),
        "rounds": rounds,
        # Which texts it learned as silver, so `evaluate` can tell when a
        # test set's texts were in the pool (hashes, as for gold units).
        "silver_text_hashes": sorted(silver_keys),
        # Their bodies after a title, so one given with or without it is found.
        "silver_rest_hashes": sorted(silver_rests),
    }
    return student


def _silver_groups(teacher: Fitted, silver: Silver) -> np.ndarray | None:
    """With a ``joint`` teacher, each silver unit's group of the other field:
    the group of the teacher's most probable product class within the unit's
    silver label, shape ``(len(silver.texts),)``; else None."""
    from classify.models.joint import Joint

    if not isinstance(teacher.model, Joint) or not silver.texts:
        return None
    k, m = len(teacher.task.labels), len(teacher.model.params.groups)
    p = teacher.model.predict_joint(silver.texts).reshape(len(silver.texts), k, m)
    return p[np.arange(len(p)), silver.y.argmax(axis=1)].argmax(axis=1)


def _group_counts(teacher: Fitted, aux: np.ndarray) -> dict[str, int]:
    """Silver units per group of the joint field, by group name."""
    groups = teacher.model.params.groups
    return {g: int(n) for g, n in zip(groups, np.bincount(aux, minlength=len(groups)))}


def _after_labelled_note(train: Examples, evaluating: bool) -> str:
    """Which training units ``since: after_labelled`` counted from: with
    held-out units (``evaluating``) the model being fit is the one
    evaluated, whose training part ends earlier than the data given."""
    dated = sum(1 for d in train.dates if d)
    part = (
        " (the training part of the held-out evaluation split or cross-validation fold)"
        if evaluating
        else ""
    )
    return (
        f" (self_training.since 'after_labelled': the day after the latest of the {dated} "
        f"dated labelled training units{part})"
    )


def _pool_since(since: str | None, train: Examples) -> str | None:
    """``self_training.since`` as an ISO day: ``after_labelled`` is the day
    after the last day any dated training unit stands for."""
    if since != "after_labelled":
        return since
    from classify.dates import date_range

    ends = [date_range(d)[1] for d in train.dates if d]
    if not ends:
        raise ClassifyError(
            "self_training.since is 'after_labelled' but no training unit has a date "
            "(allowed: a date such as 2022-01-01, or null)",
            source=train.origin,
        )
    return (max(ends) + datetime.timedelta(days=1)).isoformat()


def renamed(report: Reporter | None, stage: str) -> Reporter | None:
    """A reporter that shows every stage of a nested fit under one name;
    a step of its own within the fit ("tuning thresholds") keeps its name
    after it ("refitting on all data: tuning thresholds"), as its count is
    of folds, not of the fit's steps."""
    if report is None:
        return None
    return lambda sub, done, total: report(
        f"{stage}: {sub}" if sub in _OWN_STEPS else stage, done, total
    )


# Steps inside a fit whose counts are their own (folds), named under a renamed fit.
_OWN_STEPS = frozenset({"tuning thresholds", "held-out predictions for calibration"})


def _predict_batches(
    fitted: Fitted, texts: list[str], report: Reporter | None, batch: int = 512
) -> np.ndarray:
    parts = []
    if report:
        # Start the stage's clock now: its rate and ETA count the first batch.
        report("", 0, len(texts))
    for start in range(0, len(texts), batch):
        parts.append(fitted.predict_proba(texts[start : start + batch]))
        if report:
            report("", min(start + batch, len(texts)), len(texts))
    return np.vstack(parts)


def _warn_articles_across_folds(examples: Examples, folds: Any, group: str) -> None:
    """One warning where folds drawn without article groups (``--group
    none`` or ``paragraph``) put units of one article in the test part of one
    fold and the training part of another: a unit's article mates share its
    names and story, which flatters the figures."""
    fold_of: dict[str, set[int]] = {}
    for number, (_, test) in enumerate(folds):
        for i in test:
            fold_of.setdefault(examples.article_ids[i], set()).add(number)
    split = sum(len(f) > 1 for f in fold_of.values())
    if split and len(fold_of) > 1:  # one article: no fold could keep it whole
        warn(
            f"{split} of {len(fold_of)} articles have units in several folds ({option('group')} "
            f"{group}): a unit is tested by a model trained on its own article's other units, "
            f"which flatters the figures; {option('group', 'article')} keeps each article in "
            "one fold"
        )


def _groups_across_folds(examples: Examples, folds: Any, group: str) -> dict[str, Any] | None:
    """How many of the units' own articles, outlets or years (``group``)
    have units in several folds, and how many units are tested away from
    their own group's fold: a text a group shares with another goes with its
    first occurrence (:func:`classify.data.join_copies`), so its copies are
    on one side and the rest of its group on the other. Warned of, and None
    where every group is whole."""
    own = examples.own_groups(group)
    if own is None:
        return None
    fold_of: dict[str, Counter[int]] = {}
    unit_fold = {}
    for number, (_, test) in enumerate(folds):
        for i in test:
            fold_of.setdefault(own[i], Counter())[number] += 1
            unit_fold[i] = number
    split = sorted(g for g, f in fold_of.items() if len(f) > 1)
    if not split:
        return None
    # The units drawn with a shared text's first occurrence, where that put
    # them in another fold than the rest of their group.
    moved = [
        examples.ids[i]
        for i in examples.moved_by_copies(group)
        if own[i] in split and i in unit_fold
    ]
    word = {"date": "year", "source": "outlet"}.get(group, group)
    warn(
        f"{len(split)} of {len(fold_of)} {word}s have units in several folds "
        f"({option('group')} {group}; first: {', '.join(split[:3])}): {len(moved)} unit{'s' * (len(moved) != 1)} "
        f"repeat{'s' if len(moved) == 1 else ''} a text of another {word} and "
        f"{'is' if len(moved) == 1 else 'are'} tested with its first occurrence (first: "
        f"{', '.join(moved[:3])}), so no copy is on both sides of a fold; the rest of "
        f"{'its' if len(moved) == 1 else 'their'} {word} may be in training"
    )
    return {"count": len(split), "of": len(fold_of), "units": len(moved), "first": moved[:5]}


def _folds(examples: Examples, k: int, group: str, seed: int):
    groups = examples.groups(group)
    if len(set(groups)) < 2:
        from classify.data import joined_by_copies

        if group in ("article", "paragraph", "source") and (
            joined := joined_by_copies(examples, group)
        ):
            # Folds of single units would test copies against each other:
            # the grouping asked for is what keeps them apart.
            raise ClassifyError(
                f"cross-validation grouped by {group} needs at least 2 {group}s, found "
                f"{joined} (group another way, e.g. {option('group', 'date')}, or label "
                "texts that are not copies)",
                source=examples.origin,
            )
        groups = list(examples.ids)
    return group_kfold(groups, k, seed=seed, texts=examples.texts)


def refuse_multiprocess_launch(what: str | None = None) -> None:
    """Refuse a multi-process launch (``torchrun``, ``accelerate launch``:
    ``WORLD_SIZE`` above 1) on a machine without a GPU: ``Trainer`` trains
    data-parallel only across GPUs, so each process would train a full copy
    of the model on the CPU (the first alone writes the folder).

    Args:
        what: a command that runs as one process whatever the machine
            (``predict``), refused under any multi-process launch.

    Raises:
        ClassifyError: ``WORLD_SIZE`` is above 1 and torch sees no GPU (or
            ``what`` is given).
    """
    import os

    try:
        world = int(os.environ.get("WORLD_SIZE") or 1)
    except ValueError:
        return
    if world <= 1:
        return
    if what is not None:
        # Prediction is one process's work (on one GPU), whatever the machine:
        # several would each score the corpus and write the same files.
        raise ClassifyError(
            f"launched as {world} processes (WORLD_SIZE={world}, torchrun or accelerate "
            f"launch): {what} runs as one process (one GPU where there is one; "
            "--engine ray spreads a corpus over a cluster)"
        )
    from classify.models._hub import pick_device

    if pick_device() != "cuda":
        raise ClassifyError(
            f"launched as {world} processes (WORLD_SIZE={world}, torchrun or accelerate "
            "launch) on a machine without a GPU: each would train a full copy of the model on "
            "the CPU; run classify as one process (data-parallel training needs GPUs)"
        )


def holdout_split(cfg: TrainConfig, examples: Examples) -> tuple[Examples, Examples]:
    """Train and test parts: the data's own splits where it has them, else
    the config's split method."""
    if examples.splits is not None and {"train", "test"} <= set(examples.splits):
        train = [i for i, s in enumerate(examples.splits) if s == "train"]
        test = [i for i, s in enumerate(examples.splits) if s == "test"]
        others = Counter(s for s in examples.splits if s not in ("train", "test"))
        if others:
            # A published validation part: tuned on by those who publish it;
            # classify holds out its own from training, so it is not used.
            parts = ", ".join(f"{n} in '{k}'" for k, n in sorted(others.items()))
            warn(
                f"{sum(others.values())} units of the data's own split are in neither train nor "
                f"test ({parts}): the held-out model neither trains nor is tested on them "
                "(name them train to train on them)",
                once="split-parts-unused",
            )
    else:
        if examples.splits is not None and len(set(examples.splits)) > 1:
            # A DatasetDict of train and validation (no test): said, not
            # passed off as the data's own split.
            warn(
                f"the data's splits ({', '.join(sorted(set(examples.splits)))}) have no "
                f"'train' and 'test' pair: their rows are pooled and split by the config "
                f"(data.split.method '{cfg.data.split.method}'); name the held-out one 'test' "
                "to use it",
                once="split-parts-pooled",
            )
        s = cfg.data.split
        if s.method == "none":
            raise ClassifyError(
                f"split 'none' leaves no test data: name a test file ({option('test', 'FILE')}, "
                f"data.test), use cross-validation ({option('cv', 'K')}) or a split method "
                "(data.split.method)",
                source=cfg.source,
            )
        train, test = split_indices(
            examples, s.method, test_size=s.test_size, seed=cfg.seed, cutoff=s.cutoff
        )
        if s.method == "date":
            warn_articles_across_dates(examples, train, test)
    return examples.subset(train), examples.subset(test)


def warn_articles_across_dates(
    examples: Examples, train: Sequence[int], test: Sequence[int], *, where: str = ""
) -> None:
    """Warn where a date split puts units of one article on both sides: its
    units carry dates of their own (a live blog, a story updated over days),
    and a held-out split keeps articles whole otherwise.

    Args:
        examples: the units split.
        train, test: positions of the two parts in ``examples``.
        where: what the warning starts with before ``split 'date'`` (an
            experiment's ``protocol 'NAME': ``).
    """
    trained = {examples.article_ids[i] for i in train}
    both = sorted({examples.article_ids[i] for i in test} & trained)
    if both:
        warn(
            f"{where}split 'date': {len(both)} article{'s have' if len(both) != 1 else ' has'} "
            "units "
            f"on both sides (first: '{both[0]}'): units carrying dates of their own (a live "
            "blog, a story updated over days), or a copy of an earlier text kept in training "
            "with it; the test part holds units of articles the model trained on",
            once=f"articles-across-dates:{where}",
        )


def evaluate_fitted(
    fitted: Fitted,
    test: Examples,
    *,
    y_train: np.ndarray | None,
    seed: int = evaluation.BOOTSTRAP_SEED,
    n_bootstrap: int = 1000,
) -> tuple[dict[str, Any], Predictions]:
    """Score ``fitted`` on ``test``: the metrics (95% cluster-bootstrap
    intervals with ``seed``, the majority baseline fitted on ``y_train``)
    and the per-unit predictions saved in the model folder."""
    task = fitted.task
    # With calibration, also before it: what calibration did to the test units.
    proba, raw = fitted.scores(list(test.texts))
    y_true = test.y(task)
    groups = _cluster_groups(test)
    metrics = evaluation.evaluate_predictions(
        task.kind,
        list(task.labels),
        y_true,
        proba,
        thresholds=fitted.thresholds,
        y_train=y_train,
        texts=list(test.texts),
        ids=list(test.ids),
        groups=groups,
        n_bootstrap=n_bootstrap,
        seed=seed,
        favg=task.favg_labels,
    )
    metrics["task"] = task.name
    metrics["primary_metric"] = task.metric
    if raw is not None and metrics.get("calibration"):
        # Per-label Platt scaling can reorder a multiclass argmax.
        metrics["calibration"].update(
            evaluation.calibration_record(
                task.kind,
                y_true,
                raw,
                fitted.decide_uncalibrated(raw),
                fitted.decide(proba),
                fitted.calibration.get("method"),
            )
        )
    preds = Predictions(
        list(task.labels), list(test.ids), groups, y_true, fitted.decide(proba), proba
    )
    return metrics, preds


def _cluster_groups(examples: Examples) -> list[str] | None:
    """The bootstrap's clusters for ``examples``: one rule everywhere
    (:func:`classify.evaluation.bootstrap_groups` of the auto grouping)."""
    return evaluation.bootstrap_groups(examples.groups("auto"))


def train_and_evaluate(
    cfg: TrainConfig, examples: Examples, *, report: Reporter | None = None
) -> tuple[Fitted, dict[str, Any], Predictions]:
    """Held-out evaluation: fit on the train part, score the test part."""
    train, test = holdout_split(cfg, examples)
    fixed = examples.splits is not None and {"train", "test"} <= set(examples.splits)
    fitted, metrics, preds = train_and_test(cfg, train, test, report=report, fixed_split=fixed)
    metrics["evaluation"] = {
        "method": "holdout",
        "split": (
            "column"
            if examples.notes.get("split_by_column")
            else "dataset"
            if examples.splits is not None and {"train", "test"} <= set(examples.splits)
            else cfg.data.split.method
        ),
        "train": len(train),
        "test": len(test),
    }
    # Of the training units, silver ones (never tested), and those the split
    # left out (dated on the test side, or copies of test texts).
    metrics["evaluation"].update(silver_counts(train, examples.notes.get("silver_left_out", 0)))
    # A saved dataset split by date says so, with the cutoff it was built at.
    built = (examples.notes.get("dataset") or {}).get("split") or {}
    by_date = metrics["evaluation"]["split"] == "date" or (
        metrics["evaluation"]["split"] == "dataset" and built.get("method") == "date"
    )
    if metrics["evaluation"]["split"] == "dataset" and built.get("method") not in (None, "dataset"):
        metrics["evaluation"]["dataset_split"] = built["method"]
    if by_date:
        # Which days each part covers, so "later news" has dates to it.
        cutoff = (
            cfg.data.split.cutoff
            if metrics["evaluation"]["split"] == "date"
            else built.get("cutoff")
        )
        if cutoff:
            metrics["evaluation"]["cutoff"] = str(cutoff)
        elif metrics["evaluation"]["split"] == "dataset":
            # Built by share: the day it came to, as dataset.json keeps it.
            metrics["evaluation"]["cutoff_used"] = built.get("cutoff_used")
            if built.get("cutoff_note"):
                metrics["evaluation"]["cutoff_note"] = built["cutoff_note"]
        elif metrics["evaluation"]["split"] == "date":
            # Drawn by share (test_size): the day it gave, as a dataset records it.
            from classify.data import date_cut_used

            joined = [*train.dates, *test.dates]
            used, note = date_cut_used(joined, range(len(train), len(joined)))
            metrics["evaluation"]["cutoff_used"] = used
            if note:
                metrics["evaluation"]["cutoff_note"] = note
        from classify.dates import date_span

        for name, part in (("train", train), ("test", test)):
            if span := date_span(part.dates):
                metrics["evaluation"][f"{name}_dates"] = span
    return fitted, metrics, preds


# Below these a test part's figures say little (review 28d: a date cutoff
# that left 10 units gave "F1 against (n=2) 1.000 [1.000, 1.000]").
SMALL_TEST = {"units": 50, "positives": 5}


def warn_small_test_part(
    task: Task,
    test: Examples,
    *,
    advice: str | None = None,
    cross_validated: bool = False,
    what: str = "the test part",
    intervals: bool = True,
    by_date: bool = True,
) -> None:
    """A warning where the test part is too small to measure the model: under
    ``SMALL_TEST["units"]`` units, or a label with under
    ``SMALL_TEST["positives"]`` test units (its F1 and interval rest on one
    or two units: a bootstrap over them can give an interval of no width).
    ``cross_validated``: ``test`` is every unit the folds tested.
    ``what``: what ``test`` is called (``the data`` where no split was made:
    evaluate, compare). ``intervals``: bootstrap intervals are computed
    (not with ``bootstrap: 0``), so the warning speaks of them. ``by_date``:
    the split is by date, so its cutoff can move it."""
    from classify.errors import option, warn

    caveat = ", and its intervals may not show it" if intervals else ""

    y = test.y(task)
    few = [
        (label, int(y[:, j].sum()))
        for j, label in enumerate(task.labels)
        if 0 < y[:, j].sum() < SMALL_TEST["positives"]
    ]
    if len(test) >= SMALL_TEST["units"] and not few:
        return
    named = (
        f", {', '.join(f'{label} in {n}' for label, n in few)} (under "
        f"{SMALL_TEST['positives']} each)"
        if few
        else ""
    )
    if cross_validated:
        # Every labelled unit is already tested once: only more labels help.
        warn(
            f"cross-validation tested {len(test)} unit{'s' * (len(test) != 1)}{named}: too few to "
            f"measure the model{caveat}; label more units"
        )
        return
    moved = "data.split.cutoff or data.split.test_size" if by_date else "data.split.test_size"
    advice = advice or (
        f"move the split ({moved}) or use {option('cv', 'K')}, which tests every labelled unit"
    )
    warn(
        f"{what} holds {len(test)} unit{'s' * (len(test) != 1)}{named}: too few to measure the "
        f"model{caveat}; {advice}"
    )


def _warn_labels_one_part_lacks(
    task: Task, train: Examples, test: Examples, *, named_test: bool = False
) -> None:
    """A gold label one part has and the other lacks, said before the work:
    in test and not in training it is missed by construction (a date split
    whose early years lack it), so the figure is not read as the model's
    weakness; in training and not in test it has no recall to measure."""
    y_train, y_test = train.y(task), test.y(task)
    missing = [
        (label, int(y_test[:, j].sum()))
        for j, label in enumerate(task.labels)
        if y_test[:, j].any() and not y_train[:, j].any()
    ]
    if missing:
        named = ", ".join(f"'{label}' ({n} test units)" for label, n in missing)
        warn(
            f"the test part has {named}, which no training unit has: those units are "
            "missed by construction; "
            + (
                "label training units of it"
                if named_test
                else "move the split (data.split.cutoff) or label earlier items"
            )
        )
    # The other way round: a label the model learned that the test part
    # lacks has no recall to measure; its F1 is 0 where the model predicts
    # it (false positives only) and undefined where it does not.
    absent = [
        label
        for j, label in enumerate(task.labels)
        if y_train[:, j].any() and not y_test[:, j].any() and len(y_test)
    ]
    if absent and len(absent) < len(task.labels):
        several = len(absent) > 1
        # F_avg averages only its own labels, so it is named only where one
        # of them is absent.
        averaged = set(task.favg_labels or ()) & set(absent)
        figures = "macro-F1 and F_avg" if averaged else "macro-F1"
        warn(
            f"no test unit has the label{'s' * several} "
            f"{', '.join(repr(x) for x in absent)}: {'their' if several else 'its'} F1 is "
            f"0 where the model predicts {'them' if several else 'it'} and left out of "
            f"{figures} where it does not; a test part with every label measures the model"
        )


# Below this many training units of a label, a single-label model is warned
# that it learns the label from almost nothing.
FEW_TRAINING_UNITS = 5


def warn_rare_training_labels(task: Task, y_train: np.ndarray, what: str) -> None:
    """Warn of a single-label task's label on fewer than
    :data:`FEW_TRAINING_UNITS` (but some) units of ``what`` (``the training
    part``, ``the data``): the model learns it from one or two examples, so
    its F1 says little and its predictions of it are guesses. (A multi-label
    task says so where its thresholds are kept untuned.)"""
    if task.multilabel:
        return
    counts = y_train.sum(axis=0)
    few = [(label, int(n)) for label, n in zip(task.labels, counts) if 0 < n < FEW_TRAINING_UNITS]
    if not few:
        return
    from classify.errors import warn

    shown = ", ".join(f"'{label}' ({n})" for label, n in few)
    warn(
        f"{what} has under {FEW_TRAINING_UNITS} units of {shown}: the model learns "
        f"{'that label' if len(few) == 1 else 'those labels'} from almost nothing, so "
        f"{'its' if len(few) == 1 else 'their'} predictions and F1 say little; label more units "
        f"of {'it' if len(few) == 1 else 'them'}",
        once=f"rare-training-labels:{task.name}:{what}:{shown}",
    )


def _warn_fold_label_gaps(task: Task, y: np.ndarray, folds: Sequence[tuple[Any, Any]]) -> None:
    """Warn of a gold label that a fold's test part has and its training part
    lacks (a label on fewer units than folds, or on one group's units): it is
    missed by construction in that fold, so its F1 in the pooled figures
    says more about the data than about the model."""
    gaps: dict[int, list[int]] = {}
    for k, (tr, te) in enumerate(folds, start=1):
        for j in range(y.shape[1]):
            if y[te, j].any() and not y[tr, j].any():
                gaps.setdefault(j, []).append(k)
    if not gaps:
        return
    said = ", ".join(
        f"'{task.labels[j]}' ({int(y[:, j].sum())} unit{'s' * (int(y[:, j].sum()) != 1)}; "
        f"fold{'s' * (len(ks) > 1)} {', '.join(map(str, ks))})"
        for j, ks in gaps.items()
    )
    single = any(int(y[:, j].sum()) == 1 for j in gaps)
    warn(
        f"in cross-validation, a fold's test part has a label its training part lacks: {said}; "
        "those units are missed by construction, so the label's F1 says more about the data "
        "than the model; "
        + (
            "label more of them: a label on one unit is never learned by the fold that tests it"
            if single
            else "label more of them, or use fewer folds"
        )
    )


def train_and_test(
    cfg: TrainConfig,
    train: Examples,
    test: Examples,
    *,
    report: Reporter | None = None,
    named_test: bool = False,
    fixed_split: bool = False,
) -> tuple[Fitted, dict[str, Any], Predictions]:
    """Fit on ``train`` and score ``test`` (a held-out split, or a published
    test file given with ``--test``: ``named_test``, which only changes the
    advice of a small-test warning); ``metrics["evaluation"]`` says which is
    the caller's business."""
    test, silver_test = test.gold_and_silver()
    if silver_test is not None:
        warn(
            f"{len(silver_test)} silver unit{'s' * (len(silver_test) > 1)} of the test data "
            f"{'are' if len(silver_test) > 1 else 'is'} not scored: silver labels train a model, "
            "they never test one"
        )
    if len(test) == 0:
        raise ClassifyError("the test split is empty", source=test.origin)
    given = len(train)
    train = without_silver_copies(train, test)
    # A published split (a test file, or the data's own split column) has
    # no cutoff or share to move.
    published = (
        named_test
        or bool(test.notes.get("split_by_column"))
        or ((test.notes.get("dataset") or {}).get("split") or {}).get("method") == "column"
    )
    _warn_labels_one_part_lacks(cfg.task, train, test, named_test=published)
    warn_rare_training_labels(cfg.task, train.y(cfg.task), "the training part")
    fitted = fit(cfg, train, report=report, exclude=test.texts)
    # After the fit's own checks: data that cannot train gets its error alone.
    from classify.errors import option

    warn_small_test_part(
        cfg.task,
        test,
        intervals=cfg.evaluation.bootstrap > 0,
        by_date=cfg.data.split.method == "date",
        advice="label more units of this kind to test on"
        if published
        # A published split in memory (a DatasetDict's test): no build to redo.
        or (fixed_split and not test.notes.get("dataset"))
        # A saved dataset's parts were cut when it was built.
        else f"build the dataset again with a larger {option('test_size')}"
        + (
            f" or another {option('cutoff')}"
            if ((test.notes.get("dataset") or {}).get("split") or {}).get("method") == "date"
            else ""
        )
        + f", or use {option('cv', 'K')}, which tests every labelled unit"
        if fixed_split
        else None,
    )
    if report:
        report("evaluating", 0, 1)
    # The majority baseline is the gold training labels' (silver may lean).
    metrics, preds = evaluate_fitted(
        fitted,
        test,
        y_train=train.gold_and_silver()[0].y(cfg.task),
        n_bootstrap=cfg.evaluation.bootstrap,
    )
    metrics["evaluation"] = {
        "method": "test",
        "train": len(train),
        "test": len(test),
        **silver_counts(train, given - len(train)),
    }
    metrics["near_duplicates"] = _near_duplicates(train, test)
    _warn_near_duplicates(metrics["near_duplicates"])
    if fitted.self_training is not None:
        # What the pool gave the evaluated model (the saved one may be refit).
        metrics["self_training"] = fitted.self_training
        if cfg.self_training.check_without_pool and fitted.self_training.get("rounds"):
            metrics["self_training"] = {
                **fitted.self_training,
                "without_pool": without_pool_check(cfg, train, test, preds, report=report),
            }
    if report:
        report("evaluating", 1, 1)
    return fitted, metrics, preds


def without_pool_check(
    cfg: TrainConfig,
    train: Examples,
    test: Examples,
    preds: Predictions,
    *,
    report: Reporter | None = None,
) -> dict[str, Any]:
    """What the unlabelled pool gave a self-trained model on the test part:
    the same configuration fit on ``train`` without the pool (no
    self-training; silver units the data itself holds stay, as any model of
    the config learns from them), scored on the same ``test`` units, and the paired bootstrap
    of the difference (:func:`classify.evaluation.paired_bootstrap`, the
    task's primary metric; ``cfg.evaluation.bootstrap`` resamples, at least
    1,000, clustered as the test part's intervals).

    Args:
        cfg: the self-training config whose evaluated model gave ``preds``.
        train: the training part, as the self-trained model was given it.
        test: the test part ``preds`` scored.
        preds: the self-trained model's predictions on ``test``.

    Returns:
        ``{"metric", "with_pool", "without_pool", "difference", "ci95",
        "p_value"}``: the metric with the pool and without it, their
        difference (with minus without) with its 95% interval and p-value
        (None where the two models decide alike on too few units).
    """
    plain = dataclasses.replace(cfg, self_training=SelfTrainingConfig(rounds=0))
    stage = "fitting without the pool (self-training check)"
    if report:
        report(stage, 0, 1)
    alone = fit(plain, train, exclude=test.texts)
    _, alone_preds = evaluate_fitted(alone, test, y_train=None, n_bootstrap=0)
    if report:
        report(stage, 1, 1)
    task = cfg.task
    test_ = evaluation.paired_bootstrap(
        task.kind,
        list(task.labels),
        preds.y_true,
        preds.y_pred,
        alone_preds.y_pred,
        metric=task.metric,
        n_resamples=max(cfg.evaluation.bootstrap, 1000),
        groups=preds.groups,
        favg=task.favg_labels,
    )
    same = test_["diff"] == 0 and list(test_["ci95"] or []) == [0, 0]
    return {
        "metric": task.metric,
        "with_pool": test_["a"],
        "without_pool": test_["b"],
        "difference": test_["diff"],
        # Identical decisions: no interval or p to read (as the line says).
        "ci95": None if same else test_["ci95"],
        "p_value": None if same else test_["p_value"],
        **({"same_decisions": True} if same else {}),
    }


def without_silver_copies(train: Examples, test: Examples) -> Examples:
    """``train`` without its silver units that repeat a test unit's text
    (case and spacing folded, :func:`classify.data.copy_key`): trained on,
    they would score memory. Gold copies are the split's business (it keeps
    them together, or warns)."""
    if not train.silver or not any(train.silver):
        return train
    from classify.data import copy_keys

    tested = set(copy_keys(test.texts)) - {None}
    keys = copy_keys(train.texts)
    keep = [i for i, (s, k) in enumerate(zip(train.silver, keys)) if not (s and k in tested)]
    if len(keep) == len(train):
        return train
    out = train.subset(keep)
    out.notes = {**train.notes, "silver_left_out": len(train) - len(keep)}
    return out


def _warn_near_duplicates(found: Mapping[str, Any]) -> None:
    """Say that test units nearly repeat training units (in Python as on
    the command line): the figures may be optimistic."""
    if not found.get("count"):
        return
    first = found["pairs"][0]
    n = found["count"]
    warn(
        f"{n} near-duplicate train/test pair{'s' * (n > 1)} (character 5-gram Jaccard >= 0.9; "
        f"the closest: '{first['train_id']}' and '{first['test_id']}', "
        f"{first['similarity']:.2f}): the figures may be optimistic; they are listed in "
        "metrics.json's near_duplicates and the report",
        once="near-duplicates",
    )


def _near_duplicates(train: Examples, test: Examples, shown: int | None = 20) -> dict[str, Any]:
    """Near-duplicate train/test pairs: their ``count`` and the first
    ``shown`` of them (all with None) by unit id."""
    from classify.data import after_title

    # After their titles: a story re-posted under a new headline is a copy.
    pairs = evaluation.near_duplicates(
        [after_title(t) for t in train.texts], [after_title(t) for t in test.texts]
    )
    return {
        "count": len(pairs),
        "pairs": [
            {
                "train_id": train.ids[p["train_index"]],
                "test_id": test.ids[p["test_index"]],
                "similarity": p["similarity"],
            }
            for p in (pairs if shown is None else pairs[:shown])
        ],
    }


def cross_validate(
    cfg: TrainConfig,
    examples: Examples,
    *,
    k: int,
    group: str = "auto",
    report: Reporter | None = None,
) -> tuple[dict[str, Any], Predictions]:
    """Grouped K-fold cross-validation; metrics on the pooled out-of-fold
    predictions, with mean and standard deviation over folds."""
    task = cfg.task
    # Folds are drawn over the gold units; silver ones join every training
    # part (but those that repeat the part's test texts), never a test part.
    examples, silver = examples.gold_and_silver()
    y = examples.y(task)
    family = get_family(cfg.model.family)
    if family.uses_labels:
        check_trainable(task, y, source=examples.origin)
    group = examples.resolve_group(group)
    folds = _folds(examples, k, group, cfg.seed)
    if group in ("none", "paragraph"):
        _warn_articles_across_folds(examples, folds, group)
    groups_split = _groups_across_folds(examples, folds, group) if group != "paragraph" else None
    if group == "source":
        from classify.data import warn_several_outlets

        warn_several_outlets(examples)
    if group == "source" and (missing := sum(not s for s in examples.sources)):
        # As the split by source says it: such a unit's fold may have seen its outlet.
        warn(
            f"{missing} of the {len(examples)} units name no outlet ('source'): each is "
            "grouped with its own article, not with an outlet, so a fold may test it on an "
            "outlet seen in training"
        )
    check_pools(cfg, examples)
    # Years or outlets are few enough to name: each fold's test part by them.
    # (Their own, so a copy tested with another outlet's units names its own.)
    named = examples.own_groups(group) if group in ("date", "source") else None
    proba = np.zeros(y.shape, dtype=float)
    raw = np.zeros(y.shape, dtype=float)  # before calibration, where there is one
    decided_raw = np.zeros_like(y)
    method: str | None = None
    decided = np.zeros_like(y)
    thresholds = np.full(y.shape, 0.5)
    fold_metrics = []
    fold_of = [0] * len(y)
    # Each fold's own tuned thresholds (nested in its training part), kept
    # so the pooled figure's decisions can be redone from the folder.
    fold_thresholds: list[list[float] | None] = [None] * len(folds)
    duplicates: list[dict[str, Any]] = []
    seen_pairs: set[frozenset[str]] = set()
    stage = f"cross-validation ({len(folds)} folds)"
    if report:
        report(stage, 0, len(folds))
    # A fold's own stages (encoding the pool, the teacher, each round) show
    # under one name that every fold reuses: the first fold's encoding can
    # take minutes, and the folds' bar alone would stand at 0 through it.
    fold_report = (
        (lambda stage, done, total: report(f"each fold: {stage}", done, total)) if report else None
    )
    silver_left_out = 0
    for i, (tr, te) in enumerate(folds):
        train, test = examples.subset(tr), examples.subset(te)
        if silver is not None:
            train = without_silver_copies(train.plus(silver), test)
            silver_left_out += len(tr) + len(silver) - len(train)
        try:
            fitted = fit(cfg, train, report=fold_report, exclude=test.texts)
        except ModelNotFound:
            raise  # no fold, and no amount of data, would load it
        except ClassifyError as exc:
            # The data as a whole may be fine: say which fold could not train.
            raise ClassifyError(
                f"cross-validation fold {i + 1} of {len(folds)} trains on {len(tr)} of the "
                f"{len(y)} units: {exc.message}; "
                + ("use fewer folds or more data" if len(folds) > 2 else "label more data"),
                source=exc.source,
                where=exc.where,
            ) from None
        proba[te], fold_raw = fitted.scores(list(test.texts))
        if fold_raw is not None:
            # What calibration did, over the folds.
            raw[te], decided_raw[te] = fold_raw, fitted.decide_uncalibrated(fold_raw)
            method = fitted.calibration.get("method")  # type: ignore[union-attr]
        for j in te:
            fold_of[j] = i + 1
        if fitted.thresholds is not None:
            thresholds[te] = fitted.thresholds
            fold_thresholds[i] = [round(float(t), 4) for t in fitted.thresholds]
        decided[te] = fitted.decide(proba[te])
        for pair in _near_duplicates(train, test, shown=None)["pairs"]:
            # A pair split over two folds is found from either side: once.
            key = frozenset((pair["train_id"], pair["test_id"]))
            if key not in seen_pairs:
                seen_pairs.add(key)
                duplicates.append(pair)
        if report:
            report(stage, i + 1, len(folds))
    # Every fold averages the labels the pooled figure averages (those with a
    # gold unit or a prediction anywhere): a fold that lacks a rare label would
    # otherwise average fewer, and its mean and sd would not be of one figure.
    averaged = [lab for j, lab in enumerate(task.labels) if y[:, j].any() or decided[:, j].any()]
    for number, (_, te) in enumerate(folds, start=1):
        fold_metrics.append(
            evaluation.compute_metrics(
                task.kind,
                list(task.labels),
                y[te],
                decided[te],
                favg=task.favg_labels,
                average_over=averaged,
            )
        )
        for j, label in enumerate(task.labels):
            row = fold_metrics[-1].get("per_label", {}).get(label)
            if row is not None and not y[te][:, j].any() and not decided[te][:, j].any():
                # No unit of the label and no prediction of it in this fold:
                # its F1 is undefined here (macro-F1 still counts it 0, as
                # the pooled figure's labels are every fold's), not a 0 of its own.
                row.update({"precision": None, "recall": None, "f1": None})
        # Numbered as predictions.jsonl's 'fold' column numbers its units.
        fold_metrics[-1]["fold"] = number
        if named is not None:
            fold_metrics[-1]["test_groups"] = sorted({str(named[j]) for j in te})
        if task.multilabel and (tuned := fold_thresholds[len(fold_metrics) - 1]) is not None:
            fold_metrics[-1]["thresholds"] = dict(zip(task.labels, tuned))
    # Said once the folds have trained (a fold that cannot train is the one error).
    _warn_fold_label_gaps(task, y, folds)
    warn_rare_training_labels(task, y, "the data")
    warn_small_test_part(
        task, examples, cross_validated=True, intervals=cfg.evaluation.bootstrap > 0
    )
    groups = _cluster_groups(examples)
    metrics = evaluation.evaluate_predictions(
        task.kind,
        list(task.labels),
        y,
        proba,
        thresholds=thresholds if task.multilabel else None,
        y_train=None,
        texts=list(examples.texts),
        ids=list(examples.ids),
        groups=groups,
        n_bootstrap=cfg.evaluation.bootstrap,
        favg=task.favg_labels,
    )
    # The majority of every unit the folds test, not each fold's training
    # part's: with near-balanced classes a fold's training majority is the
    # class its test part is short of, and that baseline reads far too low
    # (accuracy 0.15 where the majority class holds 0.35; review 205).
    metrics["baseline"]["fitted_on"] = "all"
    metrics.pop("thresholds", None)
    metrics["task"] = task.name
    metrics["primary_metric"] = task.metric
    metrics["evaluation"] = {"method": "cv", "folds": len(folds), "group": group, "n": len(y)}
    if examples.each_unit_own_group(group):
        # Rows that are each their own article (tweets, table rows): grouping
        # by article draws them alone, and the words say so.
        metrics["evaluation"]["each_unit_own_group"] = True
    if groups_split is not None:
        metrics["evaluation"]["groups_split"] = groups_split
    if len(folds) < k:
        # Fewer groups than folds asked: recorded and said, in Python too.
        metrics["evaluation"]["cv_asked"] = k
        grouped = "units" if group in (None, "none") else f"{group} groups"
        warn(
            f"{k} folds asked for, more than there are {grouped}; ran {len(folds)} folds, "
            f"one {grouped.split()[-1].rstrip('s')} each",
            once=f"cv-fewer-folds-{k}-{len(folds)}",
        )
    if silver is not None:
        # Silver units train every fold but those that repeat the fold's test
        # texts (summed over folds), and are never scored.
        metrics["evaluation"].update(
            {"silver_in_train": len(silver), "silver_left_out": silver_left_out}
        )
    metrics["cv"] = {"folds": fold_metrics, "summary": evaluation.summarise_folds(fold_metrics)}
    duplicates.sort(key=lambda pair: -pair["similarity"])
    metrics["near_duplicates"] = {"count": len(duplicates), "pairs": duplicates[:20]}
    _warn_near_duplicates(metrics["near_duplicates"])
    if method is not None and metrics.get("calibration"):
        metrics["calibration"].update(
            evaluation.calibration_record(task.kind, y, raw, decided_raw, decided, method)
        )
    preds = Predictions(
        list(task.labels), list(examples.ids), groups, y, decided, proba, folds=fold_of
    )
    return metrics, preds
