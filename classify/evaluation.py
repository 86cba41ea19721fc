"""Turning predictions into numbers people can trust.

Pure functions on arrays and label names: no model code, no plotting, no
files. Labels are indicator matrices ``(n, n_labels)`` for both task kinds
(see :mod:`classify.tasks`); a multiclass row has exactly one 1.

Every scalar figure (macro-F1, micro-F1, exact match, accuracy, F_avg and
per-label F1) is computed from weighted confusion counts by one function,
:func:`_scores_from_counts`, so that point estimates, bootstrap intervals and
paired tests cannot drift apart. :func:`compute_metrics` uses scikit-learn for
the point estimates; the tests check that both agree.

:func:`evaluate_predictions` is the one call the training code makes; it
returns a JSON-serialisable dict that :mod:`classify.reports` renders alone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy import optimize, sparse
from sklearn import metrics as skm

KINDS = ("multilabel", "multiclass")
# Stance F_avg (SemEval-2016 Task 6) averages F1 over these two classes only.
FAVG_LABELS = ("favour", "against")
_EPS = 1e-7
# The seed of every bootstrap interval and paired test: `train`, `evaluate`,
# `compare` and experiment leaderboards all resample with it (and with the
# clusters of :func:`bootstrap_groups`), so the same predictions give the same
# intervals and p-values whichever command computed them. The training seed
# (a config's ``seed``, an experiment cell's seed) is a separate thing.
BOOTSTRAP_SEED = 0

# Upper bound on resamples x units held in memory at once by the bootstrap.
_CHUNK_CELLS = 2_000_000


# -- validation -----------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind is '{kind}' (allowed: {', '.join(KINDS)})")


def _as_matrix(y: Any, name: str, n_labels: int | None = None) -> np.ndarray:
    arr = np.asarray(y)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-d indicator matrix, got shape {arr.shape}")
    if n_labels is not None and arr.shape[1] != n_labels:
        raise ValueError(f"{name} has {arr.shape[1]} columns but there are {n_labels} labels")
    return arr


def _check_pair(
    kind: str, labels: Sequence[str], y_true: Any, y_pred: Any
) -> tuple[np.ndarray, np.ndarray]:
    _check_kind(kind)
    yt = _as_matrix(y_true, "y_true", len(labels)).astype(np.int64)
    yp = _as_matrix(y_pred, "y_pred", len(labels)).astype(np.int64)
    if yt.shape != yp.shape:
        raise ValueError(f"y_true has shape {yt.shape} but y_pred has shape {yp.shape}")
    if len(yt) == 0:
        raise ValueError("cannot evaluate zero items")
    return yt, yp


def _r(x: float, digits: int = 6) -> float:
    # Six decimals, so that a figure shown to three is rounded once: 0.71349
    # kept as 0.7135 was shown as 0.714 (review 215).
    return round(float(x), digits)


# -- point metrics --------------------------------------------------------------


def favg_columns(labels: Sequence[str], favg: Sequence[str] | None = None) -> list[int] | None:
    """Columns F_avg averages: those of ``favg`` (a task's ``metric_labels``),
    else of ``favour`` and ``against`` when the label set has both; None when
    F_avg does not apply. F_avg is the SemEval-2016 Task 6 stance figure
    (Mohammad et al., 2016): the mean F1 of the stance-bearing classes."""
    names = tuple(favg) if favg else FAVG_LABELS
    if not names or not all(lab in labels for lab in names):
        return None
    return [list(labels).index(lab) for lab in names]


def compute_metrics(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    y_pred: Any,
    *,
    favg: Sequence[str] | None = None,
    average_over: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Headline figures and per-label precision, recall, F1 and support.

    Multilabel adds micro-F1 and exact match (subset accuracy); multiclass adds
    accuracy and, for stance label sets, F_avg = mean(F1 favour, F1 against)
    (or the mean F1 of the labels ``favg`` names).
    A label with gold items but no predictions (or predictions but no gold
    items) scores 0. A label with neither has no defined precision, recall or
    F1: those are ``None``, the label is listed in ``undefined_labels`` and
    left out of macro-F1 and F_avg (which are ``None`` when no label they
    average is defined; micro-F1 likewise when no label is).

    ``average_over`` fixes the labels averaged instead (several models
    compared on one label set, :func:`compare_decisions`): one of them with
    neither gold items nor predictions scores 0, as scikit-learn's
    ``zero_division=0`` gives, and the labels not named are left out.
    """
    yt, yp = _check_pair(kind, labels, y_true, y_pred)
    idx = list(range(len(labels)))
    p, r, f, s = skm.precision_recall_fscore_support(
        yt, yp, labels=idx, average=None, zero_division=0
    )
    defined = (
        (yt.sum(axis=0) + yp.sum(axis=0)) > 0
        if average_over is None
        else np.array([lab in set(average_over) for lab in labels])
    )
    out: dict[str, Any] = {
        "n": len(yt),
        "macro_f1": _mean_defined(f, defined),
    }
    if kind == "multilabel":
        out["micro_f1"] = (
            _r(skm.f1_score(yt, yp, average="micro", zero_division=0)) if defined.any() else None
        )
        out["exact_match"] = _r(skm.accuracy_score(yt, yp))
    else:
        out["accuracy"] = _r(np.mean(np.all(yt == yp, axis=1)))
        cols = favg_columns(labels, favg)
        if cols is not None:
            out["f_avg"] = _mean_defined(f[cols], defined[cols])
    if not defined.all():
        out["undefined_labels"] = [lab for j, lab in enumerate(labels) if not defined[j]]
    out["per_label"] = {
        label: {
            "precision": _r(p[j]) if defined[j] else None,
            "recall": _r(r[j]) if defined[j] else None,
            "f1": _r(f[j]) if defined[j] else None,
            "support": int(s[j]),
        }
        for j, label in enumerate(labels)
    }
    return out


def _mean_defined(values: np.ndarray, defined: np.ndarray) -> float | None:
    """Mean of the defined entries, rounded; None when none is defined."""
    return _r(np.mean(values[defined])) if defined.any() else None


UNDEFINED_NOTE = (
    "n/a: the label has no gold item and no prediction in this data, so its "
    "precision, recall and F1 are undefined; it is left out of macro averages."
)


def scalar_keys(
    kind: str, labels: Sequence[str], *, favg: Sequence[str] | None = None
) -> list[str]:
    """Names of every scalar figure for this task: what bootstrap_ci,
    paired_bootstrap and summarise_folds report."""
    keys = ["macro_f1"]
    if kind == "multilabel":
        keys += ["micro_f1", "exact_match"]
    else:
        keys.append("accuracy")
        if favg_columns(labels, favg) is not None:
            keys.append("f_avg")
    return keys + [f"f1/{label}" for label in labels]


def _count_features(yt: np.ndarray, yp: np.ndarray) -> np.ndarray:
    """Per-item columns [tp (L), fp (L), fn (L), row exactly right]: a
    weighted sum over items gives every count the scalar figures need."""
    tp = yt * yp
    fp = (1 - yt) * yp
    fn = yt * (1 - yp)
    eq = np.all(yt == yp, axis=1, keepdims=True)
    return np.hstack([tp, fp, fn, eq]).astype(np.float64)


def _scores_from_counts(
    kind: str,
    labels: Sequence[str],
    counts: np.ndarray,
    total: np.ndarray,
    favg: Sequence[str] | None = None,
    scored: np.ndarray | None = None,
    present: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Scalar figures for each row of weighted counts ``(B, 3L+1)``.

    By default each row averages its own defined labels (those with gold
    items or predictions). With ``scored`` (a boolean per label, the labels
    the point estimate averages) every row averages those labels: one
    without gold items or predictions of this model scores 0 (scikit-learn's
    ``zero_division=0``), and a row where a scored label is not ``present``
    at all (``(B, L)``: no gold item and no prediction of any model compared)
    measures an average over fewer labels, so its averages are NaN and the
    bootstrap leaves that resample out of them."""
    n_labels = len(labels)
    tp = counts[:, :n_labels]
    fp = counts[:, n_labels : 2 * n_labels]
    fn = counts[:, 2 * n_labels : 3 * n_labels]
    eq = counts[:, 3 * n_labels]
    denom = 2 * tp + fp + fn
    # 2tp / (2tp + fp + fn) equals sklearn's F1 with zero_division=0 where
    # the label has gold items or predictions; NaN (undefined) where it has
    # neither, and macro averages skip those labels in that row (resample).
    f1 = np.divide(2 * tp, denom, out=np.full_like(tp, np.nan), where=denom > 0)
    averaged = f1
    gone = np.zeros(len(counts), dtype=bool)
    cols = favg_columns(labels, favg) if kind != "multilabel" else None
    gone_favg = np.zeros(len(counts), dtype=bool)
    if scored is not None:
        here = present if present is not None else denom > 0
        averaged = np.where(scored[None, :], np.nan_to_num(f1, nan=0.0), np.nan)
        lost = scored[None, :] & ~here
        gone = lost.any(axis=1)
        if cols is not None:
            gone_favg = lost[:, cols].any(axis=1)
        f1 = np.where(here, averaged, np.nan)
    out = {"macro_f1": np.where(gone, np.nan, _nanmean_rows(averaged))}
    if kind == "multilabel":
        stp, sden = 2 * tp.sum(axis=1), denom.sum(axis=1)
        out["micro_f1"] = np.divide(stp, sden, out=np.full_like(stp, np.nan), where=sden > 0)
        out["exact_match"] = eq / total
    else:
        out["accuracy"] = eq / total
        if cols is not None:
            out["f_avg"] = np.where(gone_favg, np.nan, _nanmean_rows(averaged[:, cols]))
    for j, label in enumerate(labels):
        out[f"f1/{label}"] = f1[:, j]
    return out


def _nanmean_rows(values: np.ndarray) -> np.ndarray:
    """Row means over the non-NaN entries; NaN for a row with none."""
    ok = ~np.isnan(values)
    n = ok.sum(axis=1)
    total = np.where(ok, values, 0.0).sum(axis=1)
    return np.divide(total, n, out=np.full(len(values), np.nan), where=n > 0)


def _percentile_interval(values: np.ndarray, qs: Sequence[float]) -> list[float] | None:
    """Percentiles of the defined (non-NaN) resampled values, rounded; None
    when the figure is undefined in every resample."""
    ok = values[~np.isnan(values)]
    if not len(ok):
        return None
    return [_r(v) for v in np.percentile(ok, qs)]


def majority_baseline(kind: str, y_train: Any, n: int) -> np.ndarray:
    """Predictions ``(n, L)`` of the majority baseline fitted on ``y_train``:
    the most frequent class (ties: the first label) for multiclass; each
    label's majority value (ties: absent) for multilabel."""
    _check_kind(kind)
    y = _as_matrix(y_train, "y_train")
    if len(y) == 0:
        raise ValueError("cannot fit a majority baseline on zero items")
    out = np.zeros((n, y.shape[1]), dtype=np.int64)
    if kind == "multiclass":
        out[:, int(np.argmax(y.sum(axis=0)))] = 1
    else:
        out[:, y.mean(axis=0) > 0.5] = 1
    return out


def all_labels_note(metrics: Mapping[str, Any]) -> str | None:
    """A warning where a multilabel model's macro-F1 is no better (within
    0.01) than giving every label to every unit
    (``metrics["baseline"]["all_labels"]``), else None."""
    every = (metrics.get("baseline") or {}).get("all_labels") or {}
    mine, trivial = metrics.get("macro_f1"), every.get("macro_f1")
    if mine is None or trivial is None or mine > trivial + 0.01:
        return None
    return (
        f"giving every label to every unit scores macro-F1 {trivial:.3f}, at least as high "
        f"as the model's {mine:.3f}: it does not tell the labels apart on this data (the majority "
        "baseline, which gives a rare label to no unit, is no bar for F1)"
    )


def below_majority_note(metrics: Mapping[str, Any]) -> str | None:
    """A warning where a model's exact match (multilabel) or accuracy
    (single-label) is below the majority baseline's
    (``metrics["baseline"]``) by more than 0.01, else None.

    These are the figures the majority baseline is a bar for: giving every
    unit the commonest label (set) is right that often without reading a
    word, so a model below it decides worse on them than no model does.
    Macro-F1 is not compared here: the majority baseline gives a rare label
    to no unit and is no bar for it (:func:`all_labels_note`)."""
    base = metrics.get("baseline") or {}
    for key, name in (("exact_match", "exact match"), ("accuracy", "accuracy")):
        mine, bar = metrics.get(key), base.get(key)
        if mine is None or bar is None or mine >= bar - 0.01:
            continue
        return (
            f"its {name} {mine:.3f} is below the {base.get('name', 'majority')} baseline's "
            f"{bar:.3f}: giving every unit the commonest "
            + ("label set" if key == "exact_match" else "label")
            + " gets more units wholly right"
        )
    return None


# -- bootstrap ------------------------------------------------------------------


def cv_words(folds: Any, group: str | None, *, each_own: bool = False) -> str:
    """A cross-validation in words: ``5-fold CV grouped by article``, or
    ``5-fold CV, units drawn alone`` for ``group`` none, or ``5-fold CV,
    units drawn alone (each its own article)`` where ``each_own`` (every
    unit is the one unit of its group: tweets, table rows)."""
    if group in (None, "none"):
        return f"{folds}-fold CV, units drawn alone"
    if each_own:
        return f"{folds}-fold CV, units drawn alone (each its own {group})"
    return f"{folds}-fold CV grouped by {group}"


def bootstrap_groups(groups: Sequence[Hashable] | None) -> list[str] | None:
    """The clusters a bootstrap resamples, one rule for every command.

    Args:
        groups: each unit's group: its article where articles hold several
            units, else its paragraph (``Examples.groups("auto")``).

    Returns:
        The groups as strings when some group holds more than one unit
        (whole groups are resampled: a cluster bootstrap); None when every
        unit is its own group (units are resampled one by one).
    """
    if groups is None:
        return None
    out = [str(g) for g in groups]
    return out if len(set(out)) < len(out) else None


def compare_decisions(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    decisions: Mapping[str, Any],
    *,
    metric: str = "macro_f1",
    groups: Sequence[Hashable] | None = None,
    n_resamples: int = 1000,
    favg: Sequence[str] | None = None,
    order: Sequence[str] | None = None,
    average_over: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A leaderboard of several models' decisions on the same units: the
    code path of ``compare`` and of experiment leaderboards.

    Args:
        kind: ``multiclass`` or ``multilabel``.
        labels: the task's labels, in column order.
        y_true: gold indicator matrix, shape ``(n_units, n_labels)``.
        decisions: model name -> decided indicator matrix of the same shape.
        metric: the figure to rank by and test (:func:`scalar_keys`).
        groups: each unit's cluster (see :func:`bootstrap_groups`).
        n_resamples: bootstrap resamples (seed :data:`BOOTSTRAP_SEED`).
        favg: the labels of F_avg, for tasks that name it.
        order: the names best first, where the caller ranks otherwise
            (experiments rank by the mean over seeds); default by ``metric``.
        average_over: the labels every figure averages, where the caller
            fixes them (experiments: those of every seed's decisions);
            default the labels the gold or any model here uses.

    Returns:
        ``{"rows": [...], "tests": [...]}``: rows best first, each the
        :func:`compute_metrics` figures plus ``name`` and ``ci95`` (all 95%
        intervals, :func:`bootstrap_ci`); tests of the best model against
        each other one (:func:`paired_bootstrap`, with ``a_name``,
        ``b_name`` and ``p_holm``, the p-value adjusted for the board's
        tests together, :func:`holm_adjust`). An undefined figure ranks last.

    Raises:
        ValueError: ``metric`` does not apply to the task, or shapes differ.
    """
    keys = scalar_keys(kind, labels, favg=favg)
    if metric not in keys:
        raise ValueError(f"metric is '{metric}' (allowed: {', '.join(keys)})")
    clusters = bootstrap_groups(groups)
    # One label set for every model: the labels the gold or any model uses.
    yt = _as_matrix(y_true, "y_true", len(labels))
    preds = [_as_matrix(d, "y_pred", len(labels)) for d in decisions.values()]
    scored = _scored(labels, [yt, *preds], average_over)
    over = [lab for lab, s in zip(labels, scored) if s]
    # All models on the same resamples, a label counting as there where the
    # gold or that model has it: each row's interval is of the figure shown,
    # the one train and evaluate give, whatever the other models are.
    resampled = (
        _bootstrap_scores(
            kind,
            labels,
            yt.astype(np.int64),
            [p.astype(np.int64) for p in preds],
            n_resamples,
            BOOTSTRAP_SEED,
            clusters,
            favg,
            scored,
        )
        if n_resamples >= 1
        else [{} for _ in preds]  # n_bootstrap=0: no intervals
    )
    rows = []
    for (name, pred), scores in zip(decisions.items(), resampled):
        row = {
            "name": name,
            **compute_metrics(kind, labels, y_true, pred, favg=favg, average_over=over),
        }
        row["ci95"] = {
            key: _percentile_interval(values, [2.5, 97.5]) for key, values in scores.items()
        }
        if metric.startswith("f1/"):
            # Ranked by one label's F1: the figure beside the others.
            row[metric] = row["per_label"][metric[3:]]["f1"]
        rows.append(row)

    def rank(row: Mapping[str, Any]) -> float:
        value = row.get(metric)
        return -math.inf if value is None or math.isnan(value) else value

    if order is None:
        rows.sort(key=rank, reverse=True)
    else:
        rows.sort(key=lambda r: list(order).index(r["name"]))
    best = rows[0]["name"]
    tests = [
        {
            **paired_bootstrap(
                kind,
                labels,
                y_true,
                decisions[best],
                decisions[row["name"]],
                metric=metric,
                n_resamples=n_resamples,
                groups=clusters,
                favg=favg,
                average_over=over,
            ),
            "a_name": best,
            "b_name": row["name"],
        }
        for row in rows[1:]
    ]
    # The best is tested against every other model: with several, one p
    # below 0.05 by chance is likely, so each test also carries Holm's.
    # One test (two models) has nothing to adjust for: no Holm p is given.
    adjusted_ps = holm_adjust([t["p_value"] for t in tests]) if len(tests) > 1 else []
    for i, test in enumerate(tests):
        adjusted = adjusted_ps[i] if adjusted_ps else None
        test["p_holm"] = None if adjusted is None else _r(adjusted)
    return {"rows": rows, "tests": tests}


def _resample_weights(
    n: int, n_resamples: int, seed: int, groups: Sequence[Hashable] | None
) -> Any:
    """Yield blocks of per-item multiplicities ``(b, n)`` for the bootstrap.

    With ``groups`` the groups are drawn with replacement and each item takes
    the multiplicity of its group (cluster bootstrap), so units from one
    article move together and the interval reflects article-level variance.
    """
    if groups is None:
        inverse = None
        n_units = n
    else:
        if len(groups) != n:
            raise ValueError(f"groups has {len(groups)} entries for {n} items")
        _, inverse = np.unique(np.asarray([str(g) for g in groups]), return_inverse=True)
        n_units = int(inverse.max()) + 1
    rng = np.random.default_rng(seed)
    chunk = max(1, min(n_resamples, _CHUNK_CELLS // max(n, n_units)))
    done = 0
    while done < n_resamples:
        b = min(chunk, n_resamples - done)
        draws = rng.integers(0, n_units, size=(b, n_units))
        # One bincount over offset draws counts every resample's multiplicities.
        flat = (draws + (np.arange(b) * n_units)[:, None]).ravel()
        w = np.bincount(flat, minlength=b * n_units).reshape(b, n_units).astype(np.float64)
        yield w if inverse is None else w[:, inverse]
        done += b


def _bootstrap_scores(
    kind: str,
    labels: Sequence[str],
    y_true: np.ndarray,
    preds: Sequence[np.ndarray],
    n_resamples: int,
    seed: int,
    groups: Sequence[Hashable] | None,
    favg: Sequence[str] | None = None,
    scored: np.ndarray | None = None,
    fixed: bool = False,
) -> list[dict[str, np.ndarray]]:
    """Resampled scalar figures for each prediction matrix, all on the same
    resampled indices (which is what makes paired comparisons paired), each
    averaging the ``scored`` labels (:func:`_scores_from_counts`). With
    ``fixed`` a scored label absent from a resample scores 0 there rather
    than leaving the resample out: a paired test must not keep only the
    resamples that hold a rare label's units, which on a small test set
    are the very units the models differ on."""
    if n_resamples < 1:
        raise ValueError("n_resamples must be at least 1")
    feats = [_count_features(y_true, yp) for yp in preds]
    # Per model, the labels of ``scored`` that neither the gold nor it uses.
    others_only = [
        np.asarray(scored, dtype=bool) & ~_scored(labels, [y_true, yp], None)
        if scored is not None
        else None
        for yp in preds
    ]
    width = feats[0].shape[1]
    stacked = np.hstack(feats)
    n_labels = len(labels)
    parts: list[list[dict[str, np.ndarray]]] = [[] for _ in preds]
    for w in _resample_weights(len(y_true), n_resamples, seed, groups):
        counts = w @ stacked
        total = w.sum(axis=1)
        blocks = [counts[:, i * width : (i + 1) * width] for i in range(len(preds))]
        gold = blocks[0][:, :n_labels] + blocks[0][:, 2 * n_labels : 3 * n_labels]
        for i, block in enumerate(blocks):
            present = None
            if scored is not None:
                # A label is there in a resample with a gold item (tp + fn) or
                # a prediction (tp + fp) of this model, so each model's interval
                # is that of its own predictions whatever it is compared with;
                # a label only other models predict, and no gold has, is there
                # in every resample (the point estimate scores it 0 too).
                present = (gold + block[:, :n_labels] + block[:, n_labels : 2 * n_labels]) > 0
                present |= others_only[i]
                if fixed:
                    present = np.ones_like(present)
            parts[i].append(_scores_from_counts(kind, labels, block, total, favg, scored, present))
    return [{k: np.concatenate([p[k] for p in chunks]) for k in chunks[0]} for chunks in parts]


def bootstrap_ci(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    y_pred: Any,
    *,
    n_resamples: int = 1000,
    seed: int = BOOTSTRAP_SEED,
    groups: Sequence[Hashable] | None = None,
    level: float = 0.95,
    favg: Sequence[str] | None = None,
    average_over: Sequence[str] | None = None,
) -> dict[str, list[float]]:
    """Percentile bootstrap intervals ``[lo, hi]`` for every scalar figure
    (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, ch. 13).

    Keys as :func:`scalar_keys`. With ``groups`` (e.g. article ids) whole
    groups are resampled: units of one article are not independent, and
    resampling them one by one would give intervals that are too narrow.
    Every resample averages the labels the point estimate averages (those
    with gold items or predictions in the data, or ``average_over``); one
    a resample leaves with neither scores 0 there, so the interval is of
    the figure reported, not of averages over fewer labels.
    """
    yt, yp = _check_pair(kind, labels, y_true, y_pred)
    scored = _scored(labels, [yt, yp], average_over)
    (scores,) = _bootstrap_scores(kind, labels, yt, [yp], n_resamples, seed, groups, favg, scored)
    tail = (1 - level) / 2 * 100
    return {key: _percentile_interval(values, [tail, 100 - tail]) for key, values in scores.items()}


def _scored(
    labels: Sequence[str], matrices: Sequence[np.ndarray], average_over: Sequence[str] | None
) -> np.ndarray:
    """The labels averaged (a boolean per label): ``average_over``, else
    those with a gold item or a prediction in any of ``matrices``."""
    if average_over is not None:
        return np.array([lab in set(average_over) for lab in labels])
    return np.sum([m.sum(axis=0) for m in matrices], axis=0) > 0


def holm_adjust(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjustment of ``p_values`` for testing them together
    (Holm 1979, "A simple sequentially rejective multiple test procedure",
    Scand. J. Statistics 6: 65-70; recommended for comparing classifiers with
    a control by Demsar 2006, JMLR 7: 1-30): the i-th smallest of m p-values
    times ``m - i + 1``, made non-decreasing and capped at 1. Rejecting where
    the adjusted value is below alpha keeps the chance of any false rejection
    among the m at most alpha. None (an undefined test) stays None and does
    not count in m. Same order and length as ``p_values``."""
    defined = [(p, i) for i, p in enumerate(p_values) if p is not None]
    m = len(defined)
    out: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(sorted(defined)):
        running = max(running, min(1.0, (m - rank) * float(p)))
        out[i] = running
    return out


def paired_bootstrap(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    pred_a: Any,
    pred_b: Any,
    *,
    metric: str = "macro_f1",
    n_resamples: int = 1000,
    seed: int = BOOTSTRAP_SEED,
    groups: Sequence[Hashable] | None = None,
    favg: Sequence[str] | None = None,
    average_over: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Is a better than b on ``metric``? Both are scored on the same resamples
    and over the same labels: ``average_over``, else every label with a gold
    item or a prediction of either model (one model's labels alone would
    rank averages over different label sets).

    Returns the point values, their difference a - b, a 95% percentile interval
    of the resampled differences and a two-sided p-value: twice the share of
    resampled differences on the far side of 0, floored at 1/(n_resamples+1)
    and capped at 1. A model compared with itself gets diff 0 and p 1. No p
    (None, with ``p_note`` saying why) where the models decide differently
    on fewer than :data:`MIN_DIFFERING` units (no test of the pair could
    reach 0.05 on them; the bootstrap would say 0.001 for one) or the
    resamples are fewer than :data:`MIN_TEST_RESAMPLES`.
    Every resample averages the same labels: one absent from a resample
    scores 0 there for both models (dropping such resamples would keep
    only those holding a rare label's units, which on a small test set are
    the units the models differ on, and give p = 0.001 for one differing
    unit). When ``metric`` is undefined on the data itself, diff, ci95 and
    p_value are None.
    """
    yt, ya = _check_pair(kind, labels, y_true, pred_a)
    _, yb = _check_pair(kind, labels, y_true, pred_b)
    keys = scalar_keys(kind, labels, favg=favg)
    if metric not in keys:
        raise ValueError(f"metric is '{metric}' (allowed: {', '.join(keys)})")
    scored = _scored(labels, [yt, ya, yb], average_over)
    point = [
        _scores_from_counts(
            kind,
            labels,
            _count_features(yt, y).sum(0)[None],
            np.array([len(yt)]),
            favg,
            scored,
            # On the data itself every scored label is there by definition.
            scored[None, :],
        )
        for y in (ya, yb)
    ]
    if n_resamples < 1:
        # No resampling asked for (n_bootstrap=0): the difference alone.
        a, b = float(point[0][metric][0]), float(point[1][metric][0])
        defined = not (math.isnan(a) or math.isnan(b))
        return {
            "metric": metric,
            "a": _r(a) if not math.isnan(a) else None,
            "b": _r(b) if not math.isnan(b) else None,
            "diff": _r(a - b) if defined else None,
            "ci95": None,
            "p_value": None,
            "n_resamples": 0,
        }
    sa, sb = _bootstrap_scores(
        kind, labels, yt, [ya, yb], n_resamples, seed, groups, favg, scored, fixed=True
    )
    diffs = sa[metric] - sb[metric]
    # A resample where the figure is undefined for either model (a label with
    # no gold item and no prediction there) has no difference: it is skipped.
    diffs = diffs[~np.isnan(diffs)]
    a, b = float(point[0][metric][0]), float(point[1][metric][0])
    if not len(diffs) or math.isnan(a) or math.isnan(b):
        return {
            "metric": metric,
            "a": None if math.isnan(a) else _r(a),
            "b": None if math.isnan(b) else _r(b),
            "diff": None,
            "ci95": None,
            "p_value": None,
            "n_resamples": int(n_resamples),
            "undefined": True,
        }
    # Differences within float noise of 0 count on both sides, so identical
    # predictions give p = 1 rather than depending on rounding.
    tol = 1e-12
    below = np.mean(diffs <= tol)
    above = np.mean(diffs >= -tol)
    p: float | None = min(1.0, max(2 * min(below, above), 1 / (n_resamples + 1)))
    note = None
    # Where the two models decide differently on fewer than
    # MIN_DIFFERING units (articles, clustered), no test of the pair could
    # reach 0.05: an exact sign test on 5 units all won by one model gives
    # 2 * 0.5**5 = 0.0625, while the bootstrap, resampling those few units,
    # gives 0.001 for one. Nor where the resamples are too few for p to go
    # below 0.05 (at least 1/(n_resamples + 1)).
    differing = _differing_units(ya, yb, groups)
    if 0 < differing < MIN_DIFFERING:
        # Groups are articles, or a text with its copies where units are
        # drawn alone: "group" is true of both.
        what = "group" if groups is not None else "unit"
        resampled = (
            " (units resampled together: an article, or a text and its copies)"
            if groups is not None
            else ""
        )
        p, note = (
            None,
            (
                f"the models decide differently on {differing} "
                f"{what if differing == 1 else what + 's'}{resampled}: too few for a test (an exact sign "
                f"test on them could not reach 0.05; {MIN_DIFFERING} or more are needed)"
            ),
        )
    elif differing and n_resamples < MIN_TEST_RESAMPLES:
        p, note = (
            None,
            (
                f"{n_resamples} resamples are too few for a p-value (it could not go below "
                f"1/{n_resamples + 1}); {MIN_TEST_RESAMPLES} or more give one"
            ),
        )
    return {
        "metric": metric,
        "a": _r(a),
        "b": _r(b),
        "diff": _r(a - b),
        "ci95": [_r(v) for v in np.percentile(diffs, [2.5, 97.5])],
        "p_value": None if p is None else _r(p),
        "n_resamples": int(n_resamples),
        **({"p_note": note} if note else {}),
    }


# Fewer units decided differently by two models than this cannot show a
# difference at 0.05 by any test of the pair (2 * 0.5**5 = 0.0625).
MIN_DIFFERING = 6
# Fewer resamples than this cannot give a bootstrap p below 0.05.
MIN_TEST_RESAMPLES = 20


def _differing_units(ya: np.ndarray, yb: np.ndarray, groups: Sequence[Hashable] | None) -> int:
    """How many units (articles, where ``groups`` clusters them) two
    models' decisions differ on; 0 where they agree on every unit."""
    differ = (np.asarray(ya) != np.asarray(yb)).any(axis=1)
    if groups is None:
        return int(differ.sum())
    return len({g for g, d in zip(groups, differ) if d})


# -- thresholds -----------------------------------------------------------------


def tune_thresholds(
    y_true: Any,
    proba: Any,
    *,
    default: float = 0.5,
    grid: Sequence[float] | None = None,
    metric: str = "macro_f1",
) -> np.ndarray:
    """Per-label threshold (decide positive when ``proba >= t``) that maximises
    that label's F1 on the given data (and so macro-F1), or, with
    ``metric="micro_f1"``, micro-F1 over all labels: starting from the
    per-label optimum, each label's threshold in turn is set to the candidate
    that maximises the pooled F1 given the others (coordinate ascent, a few
    passes, until nothing changes).

    Tune on validation or out-of-fold predictions, never on the test set.
    Candidates are ``grid`` if given, else the midpoints between sorted distinct
    scores, the lowest score (everything positive) and ``default`` itself. Ties
    go to the candidate nearest ``default``, so a flat optimum keeps the usual
    0.5. A label without positives keeps ``default``.
    """
    yt = _as_matrix(y_true, "y_true").astype(bool)
    pr = _as_matrix(proba, "proba", yt.shape[1]).astype(np.float64)
    if yt.shape != pr.shape:
        raise ValueError(f"y_true has shape {yt.shape} but proba has shape {pr.shape}")
    if metric not in ("macro_f1", "micro_f1"):
        raise ValueError(f"metric is '{metric}' (allowed: macro_f1, micro_f1)")
    out = np.full(yt.shape[1], float(default))
    # Per label: candidates and, for each, (items predicted, true positives).
    table: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for j in range(yt.shape[1]):
        pos = np.sort(pr[yt[:, j], j])
        if len(pos) == 0:
            continue
        scores = np.sort(pr[:, j])
        if grid is not None:
            cand = np.asarray(grid, dtype=np.float64)
        else:
            u = np.unique(scores)
            cand = np.concatenate([[u[0], default], (u[:-1] + u[1:]) / 2])
        # Counts of items / positives with score >= t, for all candidates at once.
        n_pred = len(scores) - np.searchsorted(scores, cand, side="left")
        tp = len(pos) - np.searchsorted(pos, cand, side="left")
        table[j] = (cand, n_pred, tp)
        f1 = 2 * tp / (n_pred + len(pos))
        out[j] = _nearest_best(f1, cand, default)
    if metric == "micro_f1" and table:
        n_pos = float(yt.sum())
        for _ in range(5):
            changed = False
            for j, (cand, n_pred, tp) in table.items():
                rest_pred = rest_tp = 0.0
                for k, (c2, np2, tp2) in table.items():
                    if k != j:
                        at = int(np.flatnonzero(c2 == out[k])[0])
                        rest_pred += np2[at]
                        rest_tp += tp2[at]
                f1 = 2 * (tp + rest_tp) / (n_pred + rest_pred + n_pos)
                best = _nearest_best(f1, cand, out[j])
                changed |= best != out[j]
                out[j] = best
            if not changed:
                break
    return out


def _nearest_best(score: np.ndarray, cand: np.ndarray, near: float) -> float:
    """The candidate with the highest score; ties to the one nearest ``near``."""
    best = np.flatnonzero(score >= score.max() - 1e-12)
    return float(cand[best[np.argmin(np.abs(cand[best] - near))]])


# -- calibration ----------------------------------------------------------------


def _confidence_outcome(kind: str, y_true: Any, proba: Any) -> tuple[np.ndarray, np.ndarray]:
    yt = _as_matrix(y_true, "y_true")
    pr = _as_matrix(proba, "proba", yt.shape[1]).astype(np.float64)
    if kind == "multiclass":
        pred = np.argmax(pr, axis=1)
        return pr.max(axis=1), (np.argmax(yt, axis=1) == pred).astype(np.float64)
    _check_kind(kind)
    return pr.ravel(), yt.ravel().astype(np.float64)


def _bin_index(conf: np.ndarray, n_bins: int) -> np.ndarray:
    # Bins are (i/n, (i+1)/n]; 0 joins the first bin.
    return np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)


def reliability_curve(kind: str, y_true: Any, proba: Any, n_bins: int = 10) -> dict[str, Any]:
    """Mean confidence, observed accuracy and count per equal-width bin (only
    bins that hold items). Multiclass: the top label's probability against
    whether it was right. Multilabel: every (item, label) probability pooled
    against how often the label was present."""
    conf, hit = _confidence_outcome(kind, y_true, proba)
    b = _bin_index(conf, n_bins)
    count = np.bincount(b, minlength=n_bins)
    sum_conf = np.bincount(b, weights=conf, minlength=n_bins)
    sum_hit = np.bincount(b, weights=hit, minlength=n_bins)
    keep = np.flatnonzero(count)
    return {
        "n_bins": int(n_bins),
        "lower": [_r(i / n_bins) for i in keep],
        "upper": [_r((i + 1) / n_bins) for i in keep],
        "confidence": [_r(sum_conf[i] / count[i]) for i in keep],
        "accuracy": [_r(sum_hit[i] / count[i]) for i in keep],
        "count": [int(count[i]) for i in keep],
        "measure": "accuracy of top label" if kind == "multiclass" else "share positive",
    }


def calibration_record(
    kind: str,
    y_true: Any,
    raw: Any,
    decided_raw: Any,
    decided: Any,
    method: str | None,
) -> dict[str, Any]:
    """What calibration did on evaluation units: its ``method``, the ECE of
    the uncalibrated probabilities ``raw`` ``(n, L)``, how many units'
    decisions differ between ``decided_raw`` and ``decided`` (0/1 ``(n,
    L)``) and the macro-F1 of each (``macro_f1_uncalibrated``,
    ``macro_f1_calibrated``); the ECE with calibration is the metrics' own
    ``ece``."""
    changed = np.any(np.asarray(decided_raw) != np.asarray(decided), axis=1)
    # Macro-F1 with and without it, over the same labels: a better ECE may
    # cost decisions (Platt scaling can move a multiclass argmax).
    names = [str(j) for j in range(np.asarray(y_true).shape[1])]
    with_it, without = (
        compute_metrics(kind, names, y_true, d)["macro_f1"] for d in (decided, decided_raw)
    )
    return {
        "method": method,
        "ece_uncalibrated": _r(expected_calibration_error(kind, y_true, raw)),
        "decisions_changed": int(changed.sum()),
        "macro_f1_uncalibrated": None if math.isnan(without) else _r(without),
        "macro_f1_calibrated": None if math.isnan(with_it) else _r(with_it),
    }


def uncalibrated_thresholds(
    calibration: Mapping[str, Any] | None, thresholds: Sequence[float] | None
) -> Sequence[float] | None:
    """The per-label thresholds a multilabel model uses without its
    calibration: those tuned on its uncalibrated held-out scores where
    training kept them (``thresholds_uncalibrated``), else ``thresholds``."""
    kept = (calibration or {}).get("thresholds_uncalibrated")
    return kept if kept is not None else thresholds


def expected_calibration_error(kind: str, y_true: Any, proba: Any, n_bins: int = 10) -> float:
    """Count-weighted mean gap between confidence and accuracy over bins
    (see :func:`reliability_curve` for what is pooled)."""
    conf, hit = _confidence_outcome(kind, y_true, proba)
    if len(conf) == 0:
        raise ValueError("cannot compute calibration on zero items")
    b = _bin_index(conf, n_bins)
    count = np.bincount(b, minlength=n_bins)
    gap = np.abs(
        np.bincount(b, weights=conf, minlength=n_bins)
        - np.bincount(b, weights=hit, minlength=n_bins)
    )
    return float(gap.sum() / count.sum())


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * z))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _bce(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def negative_log_likelihood(kind: str, y_true: Any, proba: Any) -> float:
    """Mean NLL: of the gold class (multiclass) or binary cross-entropy pooled
    over all (item, label) cells (multilabel)."""
    _check_kind(kind)
    yt = _as_matrix(y_true, "y_true").astype(np.float64)
    pr = _as_matrix(proba, "proba", yt.shape[1]).astype(np.float64)
    if kind == "multiclass":
        gold = pr[np.arange(len(pr)), np.argmax(yt, axis=1)]
        return float(-np.mean(np.log(np.clip(gold, _EPS, 1.0))))
    return _bce(pr, yt)


def _fit_temperature(loss: Any) -> float:
    """Temperature minimising ``loss(T)``; searched on log T so the optimiser
    cannot step to T <= 0, and never worse than leaving T = 1."""
    res = optimize.minimize_scalar(
        lambda lt: loss(math.exp(lt)), bounds=(math.log(0.02), math.log(50.0)), method="bounded"
    )
    t = math.exp(float(res.x))
    return t if loss(t) < loss(1.0) else 1.0


def _fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Logistic regression of ``y`` on one score ``z``: ``sigmoid(a z + b)``.

    A small ridge toward the identity (a=1, b=0) keeps the fit finite when the
    data are separable; as the penalty is zero at the identity, the fitted NLL
    can only be lower than the uncalibrated one.
    """
    lam = 1e-4
    n = len(z)

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = theta
        s = a * z + b
        # log(1 + e^s) - y s, written stably.
        loss = np.mean(np.logaddexp(0, s) - y * s) + lam * ((a - 1) ** 2 + b**2)
        g = _sigmoid(s) - y
        grad = np.array([g @ z / n + 2 * lam * (a - 1), g.sum() / n + 2 * lam * b])
        return float(loss), grad

    res = optimize.minimize(objective, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    a, b = (float(v) for v in res.x)
    if _bce(_sigmoid(a * z + b), y) > _bce(_sigmoid(z), y):
        return 1.0, 0.0
    return a, b


def fit_calibration(method: str, kind: str, y_true: Any, proba: Any) -> dict[str, Any]:
    """Fit a post-hoc calibration map on held-out (validation / out-of-fold)
    predictions. Returns plain-JSON parameters for :func:`apply_calibration`.

    ``temperature``: multiclass divides log-probabilities by one temperature;
    multilabel divides each label's logit by its own temperature.
    ``platt``: per label (multilabel) or per class then renormalised
    (multiclass), ``sigmoid(a * logit + b)``.
    Each fit falls back to the identity where it would not lower the NLL.
    """
    _check_kind(kind)
    yt = _as_matrix(y_true, "y_true").astype(np.float64)
    pr = _as_matrix(proba, "proba", yt.shape[1]).astype(np.float64)
    if yt.shape != pr.shape:
        raise ValueError(f"y_true has shape {yt.shape} but proba has shape {pr.shape}")
    params: dict[str, Any] = {"method": method, "kind": kind}
    if method == "temperature":
        if kind == "multiclass":
            logp = np.log(np.clip(pr, _EPS, 1.0))
            gold = np.argmax(yt, axis=1)
            rows = np.arange(len(pr))

            def loss(t: float) -> float:
                z = logp / t
                z = z - z.max(axis=1, keepdims=True)
                return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[rows, gold]))

            params["temperature"] = _fit_temperature(loss)
        else:
            z = _logit(pr)
            params["temperature"] = [
                _fit_temperature(lambda t, j=j: _bce(_sigmoid(z[:, j] / t), yt[:, j]))
                for j in range(yt.shape[1])
            ]
    elif method == "platt":
        z = _logit(pr)
        fits = [_fit_platt(z[:, j], yt[:, j]) for j in range(yt.shape[1])]
        params["a"] = [a for a, _ in fits]
        params["b"] = [b for _, b in fits]
        if kind == "multiclass":
            # Per-class fits ignore the renormalisation; keep them only where
            # they help the multiclass NLL they are meant to improve.
            after = negative_log_likelihood(kind, yt, apply_calibration(params, kind, pr))
            if after >= negative_log_likelihood(kind, yt, pr):
                params["a"] = [1.0] * yt.shape[1]
                params["b"] = [0.0] * yt.shape[1]
    else:
        raise ValueError(f"calibration method is '{method}' (allowed: temperature, platt)")
    params["nll_before"] = _r(negative_log_likelihood(kind, yt, pr), 6)
    params["nll_after"] = _r(
        negative_log_likelihood(kind, yt, apply_calibration(params, kind, pr)), 6
    )
    return params


def apply_calibration(params: Mapping[str, Any], kind: str, proba: Any) -> np.ndarray:
    """Calibrated probabilities, same shape as ``proba``."""
    _check_kind(kind)
    if params.get("kind", kind) != kind:
        raise ValueError(f"calibration was fitted for {params['kind']}, not {kind}")
    pr = _as_matrix(proba, "proba").astype(np.float64)
    method = params.get("method")
    if method == "temperature":
        t = np.asarray(params["temperature"], dtype=np.float64)
        if kind == "multiclass":
            return _softmax(np.log(np.clip(pr, _EPS, 1.0)) / t)
        return _sigmoid(_logit(pr) / t)
    if method == "platt":
        a = np.asarray(params["a"], dtype=np.float64)
        b = np.asarray(params["b"], dtype=np.float64)
        out = _sigmoid(a * _logit(pr) + b)
        if kind == "multiclass":
            out = out / out.sum(axis=1, keepdims=True)
        return out
    raise ValueError(f"calibration method is '{method}' (allowed: temperature, platt)")


# -- curves, confusion, errors --------------------------------------------------


def _downsample(n: int, max_points: int) -> np.ndarray:
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(int))


def pr_curves(
    labels: Sequence[str], y_true: Any, proba: Any, max_points: int = 100
) -> dict[str, dict[str, Any]]:
    """Precision-recall curve and average precision per label, downsampled to
    at most ``max_points`` points. A label with no positives gets empty curves
    and ``average_precision`` None (it is undefined, and NaN is not JSON)."""
    yt = _as_matrix(y_true, "y_true", len(labels))
    pr = _as_matrix(proba, "proba", len(labels)).astype(np.float64)
    out: dict[str, dict[str, Any]] = {}
    for j, label in enumerate(labels):
        if yt[:, j].sum() == 0:
            out[label] = {"precision": [], "recall": [], "average_precision": None}
            continue
        precision, recall, _ = skm.precision_recall_curve(yt[:, j], pr[:, j])
        keep = _downsample(len(precision), max_points)
        out[label] = {
            "precision": [_r(v) for v in precision[keep]],
            "recall": [_r(v) for v in recall[keep]],
            "average_precision": _r(skm.average_precision_score(yt[:, j], pr[:, j])),
        }
    return out


def confusion(kind: str, labels: Sequence[str], y_true: Any, y_pred: Any) -> dict[str, Any]:
    """Multiclass: ``{"labels", "matrix"}`` with rows true, columns predicted.
    Multilabel: per label ``{"tp", "fp", "fn", "tn"}``."""
    yt, yp = _check_pair(kind, labels, y_true, y_pred)
    if kind == "multiclass":
        m = skm.confusion_matrix(
            np.argmax(yt, axis=1), np.argmax(yp, axis=1), labels=list(range(len(labels)))
        )
        return {"labels": list(labels), "matrix": m.astype(int).tolist()}
    return {
        label: {
            "tp": int(np.sum((yt[:, j] == 1) & (yp[:, j] == 1))),
            "fp": int(np.sum((yt[:, j] == 0) & (yp[:, j] == 1))),
            "fn": int(np.sum((yt[:, j] == 1) & (yp[:, j] == 0))),
            "tn": int(np.sum((yt[:, j] == 0) & (yp[:, j] == 0))),
        }
        for j, label in enumerate(labels)
    }


def _names(kind: str, labels: Sequence[str], row: np.ndarray) -> Any:
    if kind == "multiclass":
        return labels[int(np.argmax(row))]
    return [labels[j] for j in np.flatnonzero(row)]


def error_analysis(
    kind: str,
    labels: Sequence[str],
    texts: Sequence[str],
    ids: Sequence[Any] | None,
    y_true: Any,
    proba: Any,
    y_pred: Any,
    k: int = 10,
    thresholds: Any = None,
) -> dict[str, list[dict[str, Any]]]:
    """The k most confident errors and the k least confident correct items,
    copies of one text (case and spacing aside) decided alike counted as
    one item, the first in the order, with ``copies`` the number of others.

    Multiclass confidence is the probability of the predicted class.
    Multilabel looks at whole label sets: for an item with any wrong label,
    the confidence of its most confident wrong decision; for an item
    entirely right, the confidence of its least confident decision. A
    decision's confidence is how far its probability ``p`` lies past the
    label's threshold ``t`` (``thresholds``: one per label, or one per item
    and label; default 0.5), scaled to [0.5, 1]: ``0.5 + 0.5 (p - t) / (1 -
    t)`` for a positive decision, ``0.5 + 0.5 (t - p) / t`` for a negative
    one, so ``p`` and ``1 - p`` at a threshold of 0.5, and a decision just
    past a tuned threshold of 0.3 is as unsure as one just past 0.5.
    """
    yt, yp = _check_pair(kind, labels, y_true, y_pred)
    pr = _as_matrix(proba, "proba", len(labels)).astype(np.float64)
    if len(texts) != len(yt):
        raise ValueError(f"{len(texts)} texts for {len(yt)} items")
    ids = list(range(len(yt))) if ids is None else list(ids)
    if kind == "multiclass":
        conf = pr[np.arange(len(pr)), np.argmax(yp, axis=1)]
        wrong = np.argmax(yt, axis=1) != np.argmax(yp, axis=1)
        wrong_conf = right_conf = conf
    else:
        t = np.broadcast_to(
            np.full(len(labels), 0.5) if thresholds is None else np.asarray(thresholds, float),
            pr.shape,
        )
        t = np.clip(t, 1e-9, 1 - 1e-9)
        decision_conf = np.where(yp == 1, 0.5 + 0.5 * (pr - t) / (1 - t), 0.5 + 0.5 * (t - pr) / t)
        bad = yt != yp
        wrong = bad.any(axis=1)
        wrong_conf = np.where(bad, decision_conf, -np.inf).max(axis=1)
        right_conf = decision_conf.min(axis=1)

    def item(i: int, c: float, copies: int) -> dict[str, Any]:
        i_id = ids[i]
        return {
            "id": i_id.item() if isinstance(i_id, np.generic) else i_id,
            "text": str(texts[i]),
            "gold": _names(kind, labels, yt[i]),
            "predicted": _names(kind, labels, yp[i]),
            "confidence": _r(c),
            **({"copies": copies} if copies else {}),
        }

    def first_k(order: np.ndarray) -> list[tuple[int, int]]:
        # Copies of one text decided alike are one item (with their count),
        # so that they do not crowd other items out of the k.
        first_of: dict[tuple[str, bytes, bytes], int] = {}
        copies: dict[int, int] = {}
        for i in map(int, order):
            key = (" ".join(str(texts[i]).casefold().split()), yt[i].tobytes(), yp[i].tobytes())
            if key in first_of:
                copies[first_of[key]] += 1
            else:
                first_of[key], copies[i] = i, 0
        return [(i, copies[i]) for i in list(copies)[:k]]

    err_idx = np.flatnonzero(wrong)
    ok_idx = np.flatnonzero(~wrong)
    # Stable sorts keep input order among equal confidences: reproducible reports.
    err_idx = err_idx[np.argsort(-wrong_conf[err_idx], kind="stable")]
    ok_idx = ok_idx[np.argsort(right_conf[ok_idx], kind="stable")]
    return {
        "confident_errors": [item(i, wrong_conf[i], n) for i, n in first_k(err_idx)],
        "unsure_correct": [item(i, right_conf[i], n) for i, n in first_k(ok_idx)],
    }


# -- near duplicates ------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")
_SHINGLE = 5


def _normalise(text: str) -> str:
    # Case, punctuation and spacing differences do not make a passage new.
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return _NON_WORD.sub(" ", text).strip()


def _shingle_sets(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """CSR structure (indices, indptr, vocabulary size) of each normalised
    text's set of character 5-grams, built in numpy rather than Python sets
    (10,000 passages in a fraction of a second).

    A shingle is a 64-bit polynomial hash of its code points; with a few
    million shingles a collision is vanishingly unlikely. A text shorter than
    a shingle is one shingle (padded); an empty text has none, as an empty
    passage is no evidence of leakage.
    """
    norm = [_normalise(t) for t in texts]
    norm = [t.ljust(_SHINGLE, "\0") if t else t for t in norm]
    lengths = np.fromiter((len(t) for t in norm), dtype=np.int64, count=len(norm))
    ends = np.cumsum(lengths)
    cp = np.frombuffer("".join(norm).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    cp = np.concatenate([cp, np.zeros(_SHINGLE, dtype=np.uint64)])
    doc_of_char = np.repeat(np.arange(len(norm)), lengths)
    start = np.flatnonzero(
        np.arange(int(ends[-1]) if len(ends) else 0) + _SHINGLE <= ends[doc_of_char]
    )
    h = np.zeros(len(start), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(_SHINGLE):
            h = h * np.uint64(0x100000001B3) + cp[start + k]
    doc = doc_of_char[start]
    # Sorting and deduplicating by hand: np.unique's hash path is several
    # times slower on millions of int64 keys.
    order = np.argsort(h)
    fresh = np.ones(len(h), dtype=bool)
    fresh[1:] = h[order][1:] != h[order][:-1]
    token = np.empty(len(h), dtype=np.int64)
    token[order] = np.cumsum(fresh) - 1
    n_voc = int(fresh.sum())
    # One entry per (doc, shingle): sets, not bags.
    key = np.sort(doc * n_voc + token)
    keep = np.ones(len(key), dtype=bool)
    keep[1:] = key[1:] != key[:-1]
    key = key[keep]
    doc, token = key // n_voc, key % n_voc
    indptr = np.concatenate([[0], np.cumsum(np.bincount(doc, minlength=len(norm)))])
    return token, indptr.astype(np.int64), n_voc


def near_duplicates(
    train_texts: Sequence[str], test_texts: Sequence[str], *, threshold: float = 0.9
) -> list[dict[str, Any]]:
    """Pairs (train, test) whose normalised texts have character 5-gram
    Jaccard similarity >= ``threshold``: leakage that inflates test scores.

    Exact, not approximate: prefix filtering (a pair with Jaccard >= t must
    share one of the rarest ``|x| - ceil(t|x|) + 1`` shingles of each side)
    finds candidates through a sparse product over rare shingles only, and
    the Jaccard of each candidate is then computed in full. Sorted by
    similarity, highest first.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    n_train = len(train_texts)
    if n_train == 0 or len(test_texts) == 0:
        return []
    ind, ptr, n_voc = _shingle_sets([*train_texts, *test_texts])
    sizes = np.diff(ptr)
    n_docs = len(ptr) - 1
    full = sparse.csr_matrix((np.ones(len(ind)), ind, ptr), shape=(n_docs, n_voc))
    # Rank shingles from rarest to commonest; prefixes of rare shingles make
    # the candidate product sparse even when common shingles are everywhere.
    df = np.bincount(ind, minlength=n_voc)
    rank = np.empty(n_voc, dtype=np.int64)
    rank[np.lexsort((np.arange(n_voc), df))] = np.arange(n_voc)
    doc_of = np.repeat(np.arange(n_docs), sizes)
    order = np.argsort(doc_of * n_voc + rank[ind])
    pos_in_doc = np.arange(len(ind)) - ptr[doc_of]
    # -1e-9: 0.9 * 10 is 9.000000000000002 in floats, and ceil must give 9.
    prefix_len = sizes - np.ceil(threshold * sizes - 1e-9).astype(np.int64) + 1
    in_prefix = pos_in_doc < prefix_len[doc_of]
    sel = order[in_prefix]
    prefix = sparse.csr_matrix((np.ones(len(sel)), (doc_of[sel], ind[sel])), shape=(n_docs, n_voc))
    cand = (prefix[:n_train] @ prefix[n_train:].T).tocoo()
    rows, cols = cand.row.astype(np.int64), cand.col.astype(np.int64)
    sa, sb = sizes[rows], sizes[n_train + cols]
    # Jaccard can be at most min/max of the sizes; drop pairs that cannot pass.
    ok = np.minimum(sa, sb) >= threshold * np.maximum(sa, sb) - 1e-9
    rows, cols, sa, sb = rows[ok], cols[ok], sa[ok], sb[ok]
    inter = np.empty(len(rows))
    step = 20_000
    for start in range(0, len(rows), step):
        r = rows[start : start + step]
        c = cols[start : start + step]
        inter[start : start + step] = np.asarray(
            full[r].multiply(full[n_train + c]).sum(axis=1)
        ).ravel()
    sim = inter / (sa + sb - inter)
    keep = sim >= threshold - 1e-12
    rows, cols, sim = rows[keep], cols[keep], sim[keep]
    order = np.lexsort((cols, rows, -sim))
    return [
        {"train_index": int(rows[i]), "test_index": int(cols[i]), "similarity": _r(sim[i])}
        for i in order
    ]


def metrics_by_group(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    y_pred: Any,
    rows: Sequence[int],
    keys: Sequence[str],
    *,
    groups: Sequence[Hashable] | None = None,
    n_resamples: int = 1000,
    seed: int = BOOTSTRAP_SEED,
    favg: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The headline figures of each group of units (a year, an outlet), for
    a model's held-out figures broken down the way a corpus is analysed.

    Args:
        kind, labels: the task's.
        y_true, y_pred: gold and decided 0/1 matrices, ``(n, k)``.
        rows, keys: parallel: unit ``rows[i]`` is in group ``keys[i]`` (a
            unit may be in several groups: an item citing two outlets).
        groups: the unit's resampling cluster (its article), as for
            :func:`bootstrap_ci`, so a group's interval resamples its
            articles whole.
        n_resamples, seed, favg: as :func:`bootstrap_ci`; 0 resamples gives
            no intervals (``ci95`` None).

    Returns:
        One dict per group, in the order the groups first appear in
        ``keys``: ``group``, ``n`` (units), the scalar figures of
        :func:`compute_metrics` (``macro_f1``, ``micro_f1`` or
        ``accuracy``, ``f_avg`` ...; None where undefined), ``ci95``
        (``{figure: [lo, hi]}`` or None) and ``rates``: per label the
        true-positive rate (recall, ``tpr``) and false-positive rate
        (``fpr``) one label against the rest, None where the group has no
        unit with (without) it. Those rates are what adjusted
        classify-and-count assumes constant across groups (Forman 2008,
        "Quantifying counts and costs via classification", Data Mining and
        Knowledge Discovery 17(2)): a group whose rates are far from the
        others' is one whose corrected share the correction may miss. Each
        group's figures average the labels defined in that group, as
        :func:`compute_metrics` does.
    """
    yt, yp = _check_pair(kind, labels, y_true, y_pred)
    rows_a = np.asarray(rows, dtype=int)
    if len(rows_a) != len(keys):
        raise ValueError(f"rows has {len(rows_a)} entries but keys has {len(keys)}")
    wanted = ["macro_f1", "micro_f1", "exact_match", "accuracy", "f_avg"]
    out = []
    for key in dict.fromkeys(keys):
        idx = rows_a[[k == key for k in keys]]
        figures = compute_metrics(kind, labels, yt[idx], yp[idx], favg=favg)
        ci = None
        if n_resamples:
            ci = bootstrap_ci(
                kind,
                labels,
                yt[idx],
                yp[idx],
                n_resamples=n_resamples,
                seed=seed,
                groups=None if groups is None else [groups[i] for i in idx],
                favg=favg,
            )
            ci = {k: v for k, v in ci.items() if k in figures and figures[k] is not None}
        gold, said = yt[idx], yp[idx]
        rates = {}
        for j, label in enumerate(labels):
            pos, neg = gold[:, j] == 1, gold[:, j] == 0
            rates[label] = {
                "tpr": _r(said[pos, j].mean()) if pos.any() else None,
                "fpr": _r(said[neg, j].mean()) if neg.any() else None,
            }
        out.append(
            {
                "group": key,
                "n": len(idx),
                **{k: figures[k] for k in wanted if k in figures},
                "ci95": ci,
                "rates": rates,
                # Which labels a group's macro average leaves out, as the headline says.
                **(
                    {"undefined_labels": figures["undefined_labels"]}
                    if figures.get("undefined_labels")
                    else {}
                ),
            }
        )
    return out


# -- folds and the one call -------------------------------------------------------


def summarise_folds(fold_metrics: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """Mean and sample standard deviation (ddof=1) over folds of every
    scalar figure and per-label F1 (``"f1/<label>"``). A label's F1 is
    averaged over the folds where it is defined (a gold unit or a prediction
    of it), with ``"folds"``, their number, where that is fewer than all;
    its sd is None where one fold of several defines it (0 for a single
    fold in all)."""
    if not fold_metrics:
        raise ValueError("no folds to summarise")
    values: dict[str, list[float]] = {}
    for fold in fold_metrics:
        for key in ("macro_f1", "micro_f1", "exact_match", "accuracy", "f_avg"):
            if fold.get(key) is not None:
                values.setdefault(key, []).append(float(fold[key]))
        for label, row in (fold.get("per_label") or {}).items():
            if row.get("f1") is not None:  # None: undefined in this fold
                values.setdefault(f"f1/{label}", []).append(float(row["f1"]))
    return {
        key: {
            "mean": _r(np.mean(v)),
            # A sample sd needs two folds: none for a label defined in one.
            "std": _r(np.std(v, ddof=1))
            if len(v) > 1
            else (0.0 if len(fold_metrics) == 1 else None),
            **({"folds": len(v)} if len(v) < len(fold_metrics) else {}),
        }
        for key, v in values.items()
    }


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, np.ndarray)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return None if not math.isfinite(float(obj)) else float(obj)
    return obj


def intervals(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    y_pred: Any,
    n_bootstrap: int,
    seed: int = BOOTSTRAP_SEED,
    *,
    groups: Sequence[Hashable] | None = None,
    favg: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The ``ci95`` of a metrics dict (:func:`bootstrap_ci`; None, the key
    there for a reader's code, where ``n_bootstrap`` is 0) and, with
    resamples, the ``bootstrap`` record: resamples, seed, level and the
    number of clusters resampled (None where units were drawn alone)."""
    if not n_bootstrap:
        return {"ci95": None}
    return {
        "ci95": bootstrap_ci(
            kind, labels, y_true, y_pred, n_resamples=n_bootstrap, seed=seed, groups=groups,
            favg=favg,
        ),
        "bootstrap": {
            "n_resamples": int(n_bootstrap),
            "seed": int(seed),
            "level": 0.95,
            "n_groups": None if groups is None else len({str(g) for g in groups}),
        },
    }  # fmt: skip


def evaluate_predictions(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    proba: Any,
    *,
    thresholds: Sequence[float] | None = None,
    y_train: Any = None,
    texts: Sequence[str] | None = None,
    ids: Sequence[Any] | None = None,
    groups: Sequence[Hashable] | None = None,
    n_bootstrap: int = 1000,
    seed: int = BOOTSTRAP_SEED,
    favg: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Everything the reports show, as one JSON-serialisable dict.

    Decides (multilabel: ``proba >= thresholds``, default 0.5, one per label or
    one row per item; multiclass: the most probable class), then adds to :func:`compute_metrics` the bootstrap
    intervals (``ci95``; skipped when ``n_bootstrap`` is 0), the majority
    baseline, confusion counts, calibration, PR curves (multilabel), error
    analysis (when ``texts`` are given) and the thresholds used (when one per
    label).
    """
    _check_kind(kind)
    labels = list(labels)
    yt = _as_matrix(y_true, "y_true", len(labels)).astype(np.int64)
    pr = _as_matrix(proba, "proba", len(labels)).astype(np.float64)
    if yt.shape != pr.shape:
        raise ValueError(f"y_true has shape {yt.shape} but proba has shape {pr.shape}")
    if kind == "multilabel":
        t = np.full(len(labels), 0.5) if thresholds is None else np.asarray(thresholds, float)
        # (n, L) thresholds serve pooled out-of-fold predictions, where each
        # fold decided with the thresholds tuned inside it.
        if t.shape not in ((len(labels),), pr.shape):
            raise ValueError(
                f"thresholds have shape {t.shape}; expected ({len(labels)},) or {pr.shape}"
            )
        y_pred = (pr >= t).astype(np.int64)
    else:
        y_pred = np.zeros_like(yt)
        y_pred[np.arange(len(pr)), np.argmax(pr, axis=1)] = 1

    out: dict[str, Any] = {"kind": kind, "labels": labels}
    out.update(compute_metrics(kind, labels, yt, y_pred, favg=favg))
    cols = favg_columns(labels, favg)
    if kind == "multiclass" and cols is not None:
        out["f_avg_labels"] = [labels[j] for j in cols]
    # No resamples, no intervals: the key is there, null, for a reader's code.
    out.update(intervals(kind, labels, yt, y_pred, n_bootstrap, seed, groups=groups, favg=favg))
    base_fit = yt if y_train is None else _as_matrix(y_train, "y_train", len(labels))
    # Averaged over the labels the model's figures average, so the two rows
    # compare like for like: a test set without 'favour' that the model
    # still predicts counts favour (F1 0) in the model's macro-F1, and must
    # in the baseline's too.
    # (Its per-label figures stay its own: always 'favour' has F1 0 there.)
    model_labels = [lab for lab in labels if lab not in out.get("undefined_labels", ())]
    guess = majority_baseline(kind, base_fit, len(yt))
    baseline = compute_metrics(kind, labels, yt, guess, favg=favg)
    averaged = compute_metrics(kind, labels, yt, guess, favg=favg, average_over=model_labels)
    baseline.update({k: averaged[k] for k in ("macro_f1", "f_avg") if k in averaged})
    # Left out of the averages: the labels the model's figures leave out,
    # not the ones the baseline alone neither has nor predicts.
    baseline.pop("undefined_labels", None)
    if averaged.get("undefined_labels"):
        baseline["undefined_labels"] = averaged["undefined_labels"]
    baseline["name"] = "majority"
    baseline["fitted_on"] = "test" if y_train is None else "train"
    if kind == "multilabel":
        # Each label's majority is absent for a rare label, so the majority
        # baseline scores F1 0, no bar for F1; every label given to every
        # unit is the trivial predictor with the F1 to beat.
        # Over every label it gives: one with no gold unit scores 0 in its
        # macro-F1, as its micro-F1 counts those false positives (averaged
        # over the model's labels alone, one text's 15 copies gold
        # human_rights gave macro-F1 1.000 beside micro-F1 0.500, and a
        # false "does not tell the labels apart").
        every = np.ones_like(yt)
        scores = compute_metrics(kind, labels, yt, every)
        baseline["all_labels"] = {k: scores[k] for k in ("macro_f1", "micro_f1")}
    out["baseline"] = baseline
    out.update(
        diagnostics(
            kind,
            labels,
            yt,
            y_pred,
            pr,
            texts=texts,
            ids=ids,
            thresholds=t if kind == "multilabel" else None,
        )
    )
    if kind == "multilabel" and t.ndim == 1:
        out["thresholds"] = [_r(v) for v in t]
    return _jsonable(out)


def diagnostics(
    kind: str,
    labels: Sequence[str],
    y_true: Any,
    y_pred: Any,
    proba: Any,
    *,
    texts: Sequence[str] | None = None,
    ids: Sequence[Any] | None = None,
    thresholds: Any = None,
) -> dict[str, Any]:
    """What the reports show beside the figures, from decisions already
    made: confusion counts, calibration (ECE and the reliability curve),
    PR curves (multilabel) and, where ``texts`` are given, the error
    analysis (:func:`error_analysis`, with ``thresholds`` as there).

    Args:
        y_true, y_pred, proba: (n, L) 0/1 gold, 0/1 decisions and
            probabilities, in ``labels``' order.
    """
    yt = _as_matrix(y_true, "y_true", len(labels)).astype(np.int64)
    yp = _as_matrix(y_pred, "y_pred", len(labels)).astype(np.int64)
    pr = _as_matrix(proba, "proba", len(labels)).astype(np.float64)
    out: dict[str, Any] = {
        "confusion": confusion(kind, labels, yt, yp),
        "calibration": {
            "ece": _r(expected_calibration_error(kind, yt, pr)),
            "reliability": reliability_curve(kind, yt, pr),
        },
    }
    if kind == "multilabel":
        out["pr_curves"] = pr_curves(labels, yt, pr)
    if texts is not None:
        out["errors"] = error_analysis(kind, labels, texts, ids, yt, pr, yp, thresholds=thresholds)
    return out
