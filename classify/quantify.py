"""Quantification: estimating label prevalence in a sample when the
classifier that labels it makes errors.

Counting predicted labels ("classify and count", CC) is biased whenever the
classifier's errors are: a classifier that over-predicts ``against`` by 10
points on held-out data over-predicts it in every month too, and when the
true prevalence shifts (one month is all sanctions) the bias shifts with it.
The methods here correct the count with the classifier's error rates
measured on held-out (out-of-fold) predictions, for a problem of ``k``
mutually exclusive classes (a multilabel task is ``k = 2`` per label:
absent, present):

* ACC, adjusted classify and count (Forman 2008, "Quantifying counts and
  costs via classification", Data Mining and Knowledge Discovery 17):
  with ``M[i, j] = P(predicted i | true j)`` and ``q`` the share predicted
  as each class, the true shares ``p`` solve ``M p = q``.
* PACC, probabilistic ACC (Bella, Ferri, Hernández-Orallo and
  Ramírez-Quintana 2010, "Quantification via probability estimators",
  ICDM): the same with ``M[i, j]`` the mean probability of class ``i``
  over units of true class ``j`` and ``q`` the mean probability.
* EM (Saerens, Latinne and Decaestecker 2002, "Adjusting the outputs of a
  classifier to new a priori probabilities", Neural Computation 14):
  re-weights each unit's posterior by the ratio of the new to the training
  priors and iterates to a fixed point; needs calibrated probabilities.

ACC and PACC solve ``M p = q`` by the pseudo-inverse, then clip negative
shares to 0 and renormalise to sum 1 (Forman's clipping, extended to ``k``
classes). Every function is vectorised over ``B`` bootstrap replicates.
These are the textbook forms QuaPy (Moreo, Esuli and Sebastiani 2021)
implements; here they take stored rates rather than refitting a classifier.
"""

from __future__ import annotations

import numpy as np

METHODS = ("naive", "acc", "pacc", "em")


def hard_rates(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    """``M[i, j] = P(predicted i | true j)`` from class indices ``(n,)``;
    shape ``(k, k)``. A class absent from ``y_true`` gets the identity
    column (no correction for it)."""
    counts = np.zeros((k, k))
    np.add.at(counts, (y_pred, y_true), 1.0)
    return _normalise_columns(counts)


def soft_rates(y_true: np.ndarray, proba: np.ndarray) -> np.ndarray:
    """``M[i, j]`` = mean probability of class ``i`` over units of true class
    ``j``, from ``y_true (n,)`` and ``proba (n, k)``; shape ``(k, k)``."""
    k = proba.shape[1]
    sums = np.zeros((k, k))
    np.add.at(sums.T, y_true, proba)
    return _normalise_columns(sums)


def _normalise_columns(counts: np.ndarray) -> np.ndarray:
    """Columns of ``(..., k, k)`` counts divided by their sums; an empty
    column becomes the identity's."""
    k = counts.shape[-1]
    totals = counts.sum(axis=-2, keepdims=True)
    eye = np.broadcast_to(np.eye(k), counts.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(totals > 0, counts / np.where(totals > 0, totals, 1), eye)
    return rates


def adjust(q: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Solve ``rates @ p = q`` for prevalences ``p``; ``q`` is ``(..., k)``,
    ``rates`` ``(k, k)`` or ``(..., k, k)``. Negative shares are clipped to
    0 and the rest renormalised (Forman 2008); where everything clips, the
    observed ``q`` is returned."""
    inv = np.linalg.pinv(rates)
    p = np.einsum("...ij,...j->...i", inv, q)
    p = np.clip(p, 0.0, None)
    total = p.sum(axis=-1, keepdims=True)
    return np.where(total > 0, p / np.where(total > 0, total, 1), q)


def em_prevalence(
    proba: np.ndarray,
    train_prior: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    tol: float = 1e-6,
    max_iter: int = 1000,
) -> np.ndarray:
    """The EM estimate of Saerens et al. (2002).

    Args:
        proba: posteriors ``(n, k)`` under the training priors.
        train_prior: the class shares ``(k,)`` the classifier learned (or
            ``(B, k)``, one per replicate).
        weights: ``(B, n)`` unit weights per bootstrap replicate (counts of
            a resample); None for one estimate with unit weights.

    Returns:
        prevalences ``(k,)`` without weights, else ``(B, k)``.
    """
    proba = np.asarray(proba, dtype=float)
    single = weights is None
    w = np.ones((1, len(proba))) if single else np.asarray(weights, dtype=float)
    prior = np.clip(np.asarray(train_prior, dtype=float), 1e-9, None)
    prior = np.broadcast_to(prior, (len(w), proba.shape[1]))
    total = w.sum(axis=1, keepdims=True)
    total = np.where(total > 0, total, 1)
    q = (w @ proba) / total
    # Replicates that have converged drop out of the working set.
    active = np.arange(len(w))
    for _ in range(max_iter):
        post = proba[None, :, :] * (q[active] / prior[active])[:, None, :]
        post /= np.clip(post.sum(axis=2, keepdims=True), 1e-300, None)
        new = np.einsum("bn,bnk->bk", w[active], post) / total[active]
        moved = np.abs(new - q[active]).max(axis=1)
        q[active] = new
        active = active[moved >= tol]
        if not len(active):
            break
    return q[0] if single else q


def as_problems(multilabel: bool, labels: list[str], y: np.ndarray, proba: np.ndarray):
    """The quantification problems of a task: one ``k``-class problem for a
    multiclass task, one 2-class (absent, present) problem per label for a
    multilabel one. Yields ``(names, class_index (n,), proba (n, k))`` where
    ``names`` are the classes (a multilabel label's problem is named by the
    label alone; its estimate is the ``present`` share).

    ``y`` is a 0/1 matrix ``(n, len(labels))`` (gold or decided), ``proba``
    its probabilities."""
    if multilabel:
        for j, label in enumerate(labels):
            p = np.clip(proba[:, j], 0.0, 1.0)
            yield [label], y[:, j].astype(int), np.stack([1 - p, p], axis=1)
    else:
        yield (
            list(labels),
            np.argmax(y, axis=1),
            proba / np.clip(proba.sum(axis=1, keepdims=True), 1e-12, None),
        )
