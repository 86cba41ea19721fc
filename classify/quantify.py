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
  priors and iterates to a fixed point; needs calibrated probabilities, so
  the posteriors are first recalibrated on the held-out units by
  bias-corrected temperature scaling (:func:`bcts_recalibrator`;
  Alexandari, Kundaje and Shrikumar 2020), as QuaPy's ``EMQ`` with
  ``calib="bcts"`` does, with a fit of our own that stays finite.

The estimation is QuaPy's (Moreo, Esuli and Sebastiani 2021, "QuaPy: a
Python-based framework for quantification", CIKM; version 0.2.x), called
with the error rates a model folder stores rather than through QuaPy's
quantifier objects, which would refit a classifier:

* rates: ``ACC.getPteCondEstim`` and ``PACC.getPteCondEstim``;
* ACC and PACC: QuaPy's default adjustment, the least-squares solution of
  ``M p = q`` constrained to the probability simplex (``solver="minimize"``,
  SLSQP; Bunse 2022, "On multi-class extensions of adjusted classify and
  count", LQ workshop at ECML/PKDD), then its ``clip`` normalisation. For
  two classes QuaPy's closed form ``quapy.functional.solve_adjustment_binary``
  gives the same solution exactly (the constrained optimum of a
  one-parameter convex problem is the clipped unconstrained one); for more
  classes the exact solution (QuaPy's ``solver="exact-cc"``) is used where
  it already lies in the simplex (then it is the constrained optimum), and
  where it does not, the same constrained problem is solved by
  non-negative least squares (:func:`simplex_least_squares`) rather than
  QuaPy's SLSQP: the same optimum, a hundred times faster;
* EM: ``EMQ.EM``, started at the training prevalence and stopped when the
  mean absolute change falls below ``tol`` after more than 10 iterations.

Difference from the hand-written version this replaced (pseudo-inverse,
then negative shares clipped to 0 and renormalised): identical for two
classes and wherever the exact solution is a valid prevalence vector; where
it is not (three or more classes), the constrained least-squares solution,
which is generally the better estimate (Bunse 2022), instead of the clipped
one. Bootstrap replicates: the adjustments run once per replicate;
:func:`em_prevalence` runs QuaPy's EM iteration for all replicates at once
(unit weights are the resample counts), which QuaPy's function, made for one
sample, cannot; a test checks that both give the same estimate.
"""

from __future__ import annotations

import numpy as np

METHODS = ("naive", "acc", "pacc", "em")
# EM's convergence threshold (QuaPy's epsilon), one for the point estimate
# and its bootstrap replicates: with a looser one for the replicates, an
# estimate near 0, where EM creeps towards the boundary, fell outside its
# own interval.
EM_TOL = 1e-6
# Two-class rates whose true and false positive rates differ by less than
# this carry no information: the count is left as it is.
_SINGULAR = 1e-12


def hard_rates(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    """``M[i, j] = P(predicted i | true j)`` from class indices ``(n,)``;
    shape ``(k, k)`` (QuaPy's ``ACC.getPteCondEstim``). A class absent from
    ``y_true`` gets the identity column (no correction for it)."""
    from quapy.method.aggregative import ACC

    return ACC.getPteCondEstim(np.arange(k), np.asarray(y_true), np.asarray(y_pred))


def soft_rates(y_true: np.ndarray, proba: np.ndarray) -> np.ndarray:
    """``M[i, j]`` = mean probability of class ``i`` over units of true class
    ``j``, from ``y_true (n,)`` and ``proba (n, k)``; shape ``(k, k)``
    (QuaPy's ``PACC.getPteCondEstim``; identity column for an absent class)."""
    from quapy.method.aggregative import PACC

    proba = np.asarray(proba, dtype=float)
    return PACC.getPteCondEstim(np.arange(proba.shape[1]), np.asarray(y_true), proba)


def _normalise_columns(counts: np.ndarray) -> np.ndarray:
    """Columns of ``(..., k, k)`` counts divided by their sums; an empty
    column becomes the identity's (the rates of weighted bootstrap
    replicates, as QuaPy computes them for one unweighted sample)."""
    k = counts.shape[-1]
    totals = counts.sum(axis=-2, keepdims=True)
    eye = np.broadcast_to(np.eye(k), counts.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(totals > 0, counts / np.where(totals > 0, totals, 1), eye)
    return rates


def adjust(q: np.ndarray, rates: np.ndarray, *, constrained: bool = True) -> np.ndarray:
    """Prevalences ``p`` from observed shares ``q`` and rates with
    ``rates @ p = q``, by QuaPy's constrained least squares (see the module
    docstring).

    Args:
        q: observed shares ``(..., k)`` (counts or mean probabilities).
        rates: ``(k, k)``, or ``(..., k, k)`` one matrix per row of ``q``.
        constrained: False for the exact solution of ``rates @ p = q``
            without the simplex constraint (QuaPy's ``solve_adjustment_binary``
            with ``clip=False``, or its ``solver="exact-cc"``): shares may
            fall below 0 or above 1. The bootstrap intervals of a share the
            constraint puts at 0 are read from these (:mod:`classify.analysis`).

    Returns:
        prevalences, the shape of ``q``; each row sums to 1. Where the rates
        cannot tell the classes apart (a singular matrix), ``q`` unchanged.
    """
    import quapy.functional as F
    from quapy.method.aggregative import ACC

    q = np.asarray(q, dtype=float)
    k = q.shape[-1]
    rates = np.broadcast_to(np.asarray(rates, dtype=float), (*q.shape[:-1], k, k))
    flat_q, flat_rates = q.reshape(-1, k), rates.reshape(-1, k, k)
    if k == 2:
        # QuaPy's solve_adjustment_binary, (q - fpr) / (tpr - fpr) clipped,
        # over every row at once: a bootstrap asks it for thousands of rows.
        tpr, fpr = flat_rates[:, 1, 1], flat_rates[:, 1, 0]
        singular = np.abs(tpr - fpr) < _SINGULAR
        p = (flat_q[:, 1] - fpr) / np.where(singular, 1.0, tpr - fpr)
        if constrained:
            p = np.clip(p, 0.0, 1.0)
        out = np.stack([1.0 - p, p], axis=1)
        out[singular] = flat_q[singular]
        return out.reshape(q.shape)
    try:
        # QuaPy's exact-cc solution (np.linalg.solve) for every row at once;
        # a singular matrix among them sends all to its row-by-row rule.
        exact = np.linalg.solve(flat_rates, flat_q[..., None])[..., 0]
    except np.linalg.LinAlgError:
        exact = None
    if exact is not None:
        if not constrained:
            return exact.reshape(q.shape)
        for row in np.flatnonzero((exact.min(axis=1) < 0) | (exact.max(axis=1) > 1)):
            exact[row] = simplex_least_squares(flat_rates[row], flat_q[row])
        return F.normalize_prevalence(exact, method="clip").reshape(q.shape)
    out = np.empty_like(flat_q)
    for row, (qi, mi) in enumerate(zip(flat_q, flat_rates)):
        p = ACC.solve_adjustment(mi, qi, method="inversion", solver="exact-cc")
        if p is qi or not constrained:
            # Singular rates: QuaPy's exact-cc answer is the unadjusted count.
            out[row] = p
            continue
        if p.min() < 0 or p.max() > 1:
            p = simplex_least_squares(mi, qi)
        out[row] = F.normalize_prevalence(p, method="clip")
    return out.reshape(q.shape)


# The weight of the sum-to-one row in :func:`simplex_least_squares`: rates
# and shares are at most 1, so the sum is held to within about 1e-8.
_SUM_WEIGHT = 1e4


def simplex_least_squares(rates: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The prevalence vector ``p`` (``(k,)``, ``p >= 0``, summing to 1) that
    minimises ``||rates @ p - q||``: the problem QuaPy's
    ``ACC.solve_adjustment(..., solver="minimize")`` gives to SLSQP, solved
    here by non-negative least squares (Lawson and Hanson 1974, "Solving
    Least Squares Problems", ch. 23; ``scipy.optimize.nnls``) with the
    sum-to-one constraint as a heavily weighted extra row. An active-set
    method finds the same optimum as SLSQP (a test checks it against QuaPy's
    to 1e-5) a hundred times faster, which matters where a bootstrap solves
    it for every replicate of every group.

    Args:
        rates: ``(k, k)`` with ``rates[i, j] = P(predicted i | true j)``.
        q: observed shares ``(k,)``.
    """
    from scipy.optimize import nnls

    k = len(q)
    a = np.vstack([rates, np.full((1, k), _SUM_WEIGHT)])
    b = np.append(q, _SUM_WEIGHT)
    p, _ = nnls(a, b)
    return p / p.sum() if p.sum() > 0 else np.full(k, 1.0 / k)


def em_prevalence(
    proba: np.ndarray,
    train_prior: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    tol: float = EM_TOL,
    max_iter: int = 1000,
) -> np.ndarray:
    """The EM estimate of Saerens et al. (2002), by QuaPy's ``EMQ.EM``.

    Args:
        proba: posteriors ``(n, k)`` under the training priors.
        train_prior: the class shares ``(k,)`` the classifier learned (or
            ``(B, k)``, one per replicate).
        weights: ``(B, n)`` unit weights per bootstrap replicate (counts of
            a resample); None for one estimate with unit weights.
        tol: convergence threshold on the mean absolute change of the
            estimate (QuaPy's ``epsilon``).
        max_iter: iterations at most (QuaPy's ``EMQ.MAX_ITER`` is 1000).

    Returns:
        prevalences ``(k,)`` without weights, else ``(B, k)``.
    """
    proba = np.asarray(proba, dtype=float)
    if weights is None:
        import warnings

        from quapy.method.aggregative import EMQ

        with warnings.catch_warnings():
            # It warns where max_iter is reached; the estimate is still its best.
            warnings.simplefilter("ignore")
            prior = _smoothed_prior(np.asarray(train_prior, dtype=float), tol)
            return EMQ.EM(prior, proba, epsilon=tol)[0]
    w = np.asarray(weights, dtype=float)
    prior = _smoothed_prior(
        np.broadcast_to(np.asarray(train_prior, dtype=float), (len(w), proba.shape[1])), tol
    )
    total = w.sum(axis=1, keepdims=True)
    total = np.where(total > 0, total, 1)
    # QuaPy's iteration for every replicate at once: start at the training
    # prevalence; stop after more than 10 steps that moved less than tol.
    q = prior.copy()
    active = np.arange(len(w))
    for step in range(max_iter):
        post = proba[None, :, :] * (q[active] / prior[active])[:, None, :]
        post /= np.clip(post.sum(axis=2, keepdims=True), 1e-300, None)
        new = np.einsum("bn,bnk->bk", w[active], post) / total[active]
        moved = np.abs(new - q[active]).mean(axis=1)
        q[active] = new
        if step > 10:
            active = active[moved >= tol]
            if not len(active):
                break
    return q


def bcts_recalibrator(held_proba: np.ndarray, held_true: np.ndarray, k: int):
    """Bias-corrected temperature scaling of posteriors, fit on held-out
    units, for EM: Alexandari, Kundaje and Shrikumar (2020), "Maximum
    likelihood with bias-corrected calibration is hard-to-beat at label
    shift adaptation", ICML; the calibrator of QuaPy's ``EMQ`` with
    ``calib="bcts"``.

    EM re-weights posteriors by the ratio of new to training priors, so
    posteriors of a classifier trained with balanced class weights (whose
    probabilities lean towards the rare classes) send its estimate far from
    the truth even on the held-out units themselves; one temperature and a
    bias per class, fit by likelihood on those units, remove that lean. The
    fit is written here rather than taken from ``abstention`` (what QuaPy
    calls), whose optimiser divides by the temperature and stops with NaN
    where its line search drives it to 0 (a class of one held-out unit did):
    here the temperature is ``exp`` of the parameter, so it stays positive,
    and the first class's bias is fixed at 0 (softmax is unchanged by a
    shift of all biases).

    Args:
        held_proba: held-out posteriors ``(n, k)``.
        held_true: their true classes ``(n,)`` (indices).
        k: the number of classes.

    Returns:
        A function from posteriors ``(m, k)`` to recalibrated ones, or None
        where it cannot be fit (a class with no held-out unit, or an
        optimisation that does not converge): EM then reads the posteriors
        as they are.
    """
    from scipy.optimize import minimize
    from scipy.special import log_softmax

    held_true = np.asarray(held_true)
    if len(held_true) == 0 or np.bincount(held_true, minlength=k).min() == 0:
        return None
    logp = np.log(np.clip(np.asarray(held_proba, dtype=float), 1e-12, 1.0))
    rows = np.arange(len(held_true))
    onehot = np.eye(k)[held_true]

    def nll(theta: np.ndarray) -> tuple[float, np.ndarray]:
        t, bias = np.exp(theta[0]), np.r_[0.0, theta[1:]]
        z = logp / t + bias
        log_q = log_softmax(z, axis=1)
        diff = np.exp(log_q) - onehot  # d(nll)/dz, per unit
        grad_t = float(np.sum(diff * (-logp / t))) / len(rows)  # d/d(log t) = t * d/dt
        grad_b = diff.sum(axis=0)[1:] / len(rows)
        return float(-log_q[rows, held_true].mean()), np.r_[grad_t, grad_b]

    fit = minimize(nll, np.zeros(k), jac=True, method="L-BFGS-B")
    if not np.all(np.isfinite(fit.x)) or not np.isfinite(fit.fun):
        return None
    t, bias = float(np.exp(fit.x[0])), np.r_[0.0, fit.x[1:]]

    def recalibrate(proba: np.ndarray) -> np.ndarray:
        z = np.log(np.clip(np.asarray(proba, dtype=float), 1e-12, 1.0)) / t + bias
        return np.exp(log_softmax(z, axis=1))

    return recalibrate


def em_log_likelihood(proba: np.ndarray, train_prior: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The log-likelihood that EM maximises, at one or more prevalences.

    ``sum_i log sum_c q_c p_ic / prior_c`` (Saerens et al. 2002, eq. 9, up to
    a constant): the likelihood of the group's posteriors ``proba (n, k)``
    under test prevalence ``q`` (``(k,)`` or ``(m, k)``) when the classifier
    learned ``train_prior (k,)``. Returns a float, or ``(m,)``.
    """
    proba = np.asarray(proba, dtype=float)
    prior = _smoothed_prior(np.asarray(train_prior, dtype=float), EM_TOL)
    ratio = proba / prior  # (n, k)
    mix = np.atleast_2d(np.asarray(q, dtype=float)) @ ratio.T  # (m, n)
    out = np.log(np.clip(mix, 1e-300, None)).sum(axis=1)
    return out if np.ndim(q) > 1 else out[0]


#: Half the 95% point of a chi-squared with one degree of freedom: the drop
#: in log-likelihood that bounds a likelihood-ratio interval.
LR_DROP = 1.9207


def em_boundary_interval(
    proba: np.ndarray,
    train_prior: np.ndarray,
    estimate: np.ndarray,
    label: int,
    edge: float,
    *,
    scale: float = 1.0,
    grid: int = 400,
) -> tuple[float, float]:
    """A likelihood-ratio 95% interval for one share of an EM estimate that
    sits at 0 or 1, where the bootstrap fails.

    At the boundary of the parameter space the maximum-likelihood estimate
    and its bootstrap replicates pile up at the edge, so percentile
    intervals shrink to nothing (Andrews 2000, Econometrica 68(2)); the
    likelihood-ratio interval stays valid there (Self and Liang 1987,
    JASA 82(398)). The share of ``label`` is moved from ``edge`` across
    [0, 1], the other shares keep their proportions in ``estimate`` (a
    one-dimensional profile), and the interval holds every share whose
    log-likelihood (:func:`em_log_likelihood`, multiplied by ``scale``) is
    within :data:`LR_DROP` of the best.

    Args:
        proba: the group's posteriors ``(n, k)``.
        train_prior: the training class shares ``(k,)``.
        estimate: the EM estimate ``(k,)``.
        label: which share is at the boundary.
        edge: 0.0 or 1.0, the boundary it sits at.
        scale: multiplies the log-likelihood; ``n_articles / n_units``
            counts an article's correlated units as one observation's worth.
        grid: points on [0, 1] at which the profile is evaluated.

    Returns:
        ``(low, high)``: ``(0, u)`` at 0, ``(l, 1)`` at 1.
    """
    estimate = np.asarray(estimate, dtype=float)
    k = len(estimate)
    rest = np.delete(estimate, label)
    if rest.sum() <= 1e-12:
        rest = np.delete(_smoothed_prior(np.asarray(train_prior, float), EM_TOL), label)
    rest = rest / rest.sum()
    t = np.linspace(0.0, 1.0, grid + 1)
    q = np.empty((len(t), k))
    q[:, label] = t
    q[:, np.arange(k) != label] = (1 - t)[:, None] * rest[None, :]
    ll = scale * em_log_likelihood(proba, train_prior, q)
    inside = t[ll >= ll.max() - LR_DROP]
    if edge == 0.0:
        return 0.0, float(inside.max())
    return float(inside.min()), 1.0


def _smoothed_prior(prior: np.ndarray, epsilon: float) -> np.ndarray:
    """QuaPy's smoothing of a training prevalence with a zero share (each
    row plus ``epsilon``, renormalised), so EM never divides by 0."""
    prior = np.array(prior, dtype=float)
    zero = (prior <= 0).any(axis=-1)
    prior[zero] = prior[zero] + epsilon
    return prior / prior.sum(axis=-1, keepdims=True)


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
