"""Inter-annotator agreement: small functions over arrays.

Every statistic takes a *ratings* matrix of shape ``(n_units, n_annotators)``
holding integer category codes ``0..k-1`` and ``-1`` where an annotator did
not label a unit (missing values). Nothing here knows about files, tasks or
models; :mod:`classify.annotation` builds the matrices from annotation files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

MISSING = -1


def _as_ratings(ratings: Any) -> np.ndarray:
    r = np.asarray(ratings)
    if r.ndim != 2:
        raise ValueError(f"ratings must be 2-D (units x annotators), got shape {r.shape}")
    return r.astype(np.int64)


def percent_agreement(ratings: Any) -> float:
    """Mean pairwise agreement over units that at least two annotators
    labelled: for each such unit, the share of annotator pairs that chose the
    same category; then the mean over units. NaN when no unit has two ratings.
    """
    r = _as_ratings(ratings)
    m = (r != MISSING).sum(axis=1)
    keep = m >= 2
    if not keep.any():
        return float("nan")
    counts = category_counts(r[keep], int(r.max()) + 1)
    m = m[keep]
    return float(np.mean((counts * (counts - 1)).sum(axis=1) / (m * (m - 1))))


def cohen_kappa(a: Any, b: Any) -> float:
    """Cohen's kappa between two annotators, on the units both labelled.

    Cohen, J. (1960). A coefficient of agreement for nominal scales.
    *Educational and Psychological Measurement* 20(1), 37-46.
    ``kappa = (p_o - p_e) / (1 - p_e)`` with chance agreement ``p_e`` from each
    annotator's own marginal distribution (scikit-learn's
    ``cohen_kappa_score``). NaN when fewer than two shared units, and when
    both annotators used a single, identical category throughout: then
    ``p_e = 1`` and kappa is 0/0, undefined (as Krippendorff's alpha and
    Fleiss' kappa are there). A label nobody used is not "perfect agreement".
    """
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    both = (a != MISSING) & (b != MISSING)
    if both.sum() < 2:
        return float("nan")
    x, y = a[both], b[both]
    k = int(max(x.max(), y.max())) + 1
    # Computed from the confusion table, as scikit-learn's cohen_kappa_score
    # does, without its per-call validation: the bootstrap calls this
    # thousands of times.
    table = np.zeros((k, k), dtype=np.float64)
    np.add.at(table, (x, y), 1)
    n = table.sum()
    p_o = np.trace(table) / n
    p_e = float((table.sum(axis=1) * table.sum(axis=0)).sum() / n**2)
    if np.isclose(p_e, 1.0):
        return float("nan")
    return float((p_o - p_e) / (1 - p_e))


def category_counts(ratings: Any, n_categories: int) -> np.ndarray:
    """The ``(n_units, n_categories)`` table of how many annotators put each
    unit in each category (missing ratings are not counted)."""
    r = _as_ratings(ratings)
    out = np.zeros((len(r), n_categories), dtype=np.int64)
    rows, cols = np.nonzero((r != MISSING) & (r < n_categories))
    np.add.at(out, (rows, r[rows, cols]), 1)
    return out


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa from a ``(n_units, n_categories)`` count table in which
    every unit was rated by the same number of annotators ``m >= 2``.

    Fleiss, J. L. (1971). Measuring nominal scale agreement among many
    raters. *Psychological Bulletin* 76(5), 378-382:
    ``P_i = (sum_j n_ij^2 - m) / (m (m - 1))``, ``P_bar`` their mean,
    ``p_j`` the share of all ratings in category j, ``P_e = sum_j p_j^2``,
    ``kappa = (P_bar - P_e) / (1 - P_e)``. Units with a different number of
    ratings must be dropped by the caller (:func:`complete_units`). NaN when
    no unit is left or ``P_e = 1``. Agrees with
    ``statsmodels.stats.inter_rater.fleiss_kappa`` (tested).
    """
    n = np.asarray(counts, dtype=float)
    if n.ndim != 2 or len(n) == 0:
        return float("nan")
    m = n.sum(axis=1)
    if not np.all(m == m[0]) or m[0] < 2:
        raise ValueError("every unit needs the same number (>= 2) of ratings for Fleiss' kappa")
    m = m[0]
    p_i = ((n**2).sum(axis=1) - m) / (m * (m - 1))
    p_bar = p_i.mean()
    p_j = n.sum(axis=0) / n.sum()
    p_e = float((p_j**2).sum())
    if np.isclose(p_e, 1.0):
        return float("nan")
    return float((p_bar - p_e) / (1 - p_e))


def complete_units(ratings: Any) -> np.ndarray:
    """Boolean mask of units every annotator labelled."""
    r = _as_ratings(ratings)
    return np.all(r != MISSING, axis=1)


def krippendorff_alpha(ratings: Any) -> float:
    """Krippendorff's alpha for nominal data, missing values allowed.

    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    University of Pennsylvania, https://repository.upenn.edu/asc_papers/43:
    ``alpha = 1 - D_o / D_e`` from the coincidence matrix of pairable values
    (units with at least two ratings). Computed by the ``krippendorff``
    package. NaN when fewer than two categories occur or no unit is pairable.
    """
    from classify.errors import require_library

    require_library("krippendorff")
    import krippendorff

    r = _as_ratings(ratings).astype(float)
    r[r == MISSING] = np.nan
    pairable = np.sum(~np.isnan(r), axis=1) >= 2
    values = r[pairable]
    if not pairable.any() or len(np.unique(values[~np.isnan(values)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=r.T, level_of_measurement="nominal"))


def bootstrap_ci(
    statistic: Callable[[np.ndarray], float],
    ratings: Any,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> list[float] | None:
    """Percentile bootstrap interval of ``statistic(ratings)`` resampling
    units (rows) with replacement (Efron & Tibshirani 1993, ch. 13).
    Resamples where the statistic is undefined (NaN) are skipped; None when
    fewer than half are defined."""
    r = _as_ratings(ratings)
    if len(r) < 2 or n_resamples < 1:
        return None
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_resamples):
        v = statistic(r[rng.integers(0, len(r), len(r))])
        if not np.isnan(v):
            values.append(v)
    if len(values) < n_resamples / 2:
        return None
    lo, hi = np.percentile(values, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    # Six decimals: tables round again to two or three, and a value stored
    # at four would be rounded twice (0.958496 -> 0.9585 -> 0.959).
    return [round(float(lo), 6), round(float(hi), 6)]


def confusion_between(a: Any, b: Any, n_categories: int) -> np.ndarray:
    """``(k, k)`` counts: rows annotator a's category, columns b's, on the
    units both labelled."""
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    both = (a != MISSING) & (b != MISSING)
    out = np.zeros((n_categories, n_categories), dtype=np.int64)
    np.add.at(out, (a[both], b[both]), 1)
    return out


def agreement_figures(
    ratings: Any,
    categories: Sequence[str],
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """Every statistic for one ratings matrix, with bootstrap 95% CIs.

    Cohen's kappa is given for exactly two annotators; Fleiss' kappa on the
    units every annotator labelled; Krippendorff's alpha and percent
    agreement on all units with at least two ratings. The chance-corrected
    figures (the kappas, alpha) are None on fewer than two such units: they
    take chance agreement from the units themselves.

    Args:
        ratings: ``(n_units, n_annotators)`` category indices, :data:`MISSING`
            where an annotator gave none.
        categories: the category names, ``(k,)``.
        n_resamples: bootstrap resamples for the intervals.
        seed: the bootstrap seed.

    Returns:
        ``units`` (with two ratings or more), ``complete_units``,
        ``annotators``, each statistic (None where undefined) and ``ci95``
        (statistic -> ``[low, high]`` or None).
    """
    r = _as_ratings(ratings)
    k = len(categories)
    complete = complete_units(r)
    pairable = np.sum(r != MISSING, axis=1) >= 2

    def fleiss(x: np.ndarray) -> float:
        x = x[complete_units(x)]
        # Chance agreement taken from a single unit says nothing.
        if len(x) < 2 or x.shape[1] < 2:
            return float("nan")
        return fleiss_kappa(category_counts(x, k))

    stats: dict[str, Callable[[np.ndarray], float]] = {
        "percent_agreement": percent_agreement,
        "krippendorff_alpha": krippendorff_alpha,
        "fleiss_kappa": fleiss,
    }
    if r.shape[1] == 2:
        stats["cohen_kappa"] = lambda x: cohen_kappa(x[:, 0], x[:, 1])
    out: dict[str, Any] = {
        "units": int(pairable.sum()),
        "complete_units": int(complete.sum()),
        "annotators": int(r.shape[1]),
        "ci95": {},
    }
    for name, fn in stats.items():
        # The chance-corrected figures estimate chance from the units
        # themselves: one unit gives -1 or 0 whatever the annotators did.
        value = float("nan") if name != "percent_agreement" and pairable.sum() < 2 else fn(r)
        out[name] = None if np.isnan(value) else round(value, 6)
        out["ci95"][name] = (
            None
            if np.isnan(value)
            else bootstrap_ci(fn, r[pairable], n_resamples=n_resamples, seed=seed)
        )
    return out
