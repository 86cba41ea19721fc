"""Agreement statistics against hand-computed values and published worked examples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from classify import agreement as ag

M = ag.MISSING

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C:
# nominal data, 4 observers x 12 units with missing values; alpha = 0.743.
# Values coded 1..5 in the paper; here 0..4, observers as columns.
_K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
K2011 = np.array([[M if v is None else v - 1 for v in obs] for obs in _K2011]).T

# The Fleiss' kappa worked example on Wikipedia ("Fleiss' kappa", Worked example):
# 10 subjects, 14 raters, 5 categories; P_bar = 0.378, P_e = 0.213, kappa = 0.210.
FLEISS_TABLE = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


def test_krippendorff_alpha_published_example():
    assert round(ag.krippendorff_alpha(K2011), 3) == 0.743


def test_fleiss_kappa_published_example():
    assert round(ag.fleiss_kappa(FLEISS_TABLE), 3) == 0.210


def test_fleiss_kappa_matches_statsmodels():
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    rng = np.random.default_rng(3)
    ratings = rng.integers(0, 3, size=(40, 4))
    counts = ag.category_counts(ratings, 3)
    assert ag.fleiss_kappa(counts) == pytest.approx(inter_rater.fleiss_kappa(counts))


def test_hand_computed_two_annotators():
    # a: x x y y x ; b: x y y y x  (x=0, y=1)
    # p_o = 4/5; marginals a: x 3/5, y 2/5; b: x 2/5, y 3/5
    # p_e = 3/5*2/5 + 2/5*3/5 = 12/25; kappa = (20/25 - 12/25) / (13/25) = 8/13
    r = np.array([[0, 0], [0, 1], [1, 1], [1, 1], [0, 0]])
    assert ag.cohen_kappa(r[:, 0], r[:, 1]) == pytest.approx(8 / 13)
    assert ag.percent_agreement(r) == pytest.approx(0.8)
    # Fleiss with m = 2: category shares x 5/10, y 5/10 -> P_e = 1/2;
    # P_bar = 4/5; kappa = (0.8 - 0.5) / 0.5 = 0.6
    assert ag.fleiss_kappa(ag.category_counts(r, 2)) == pytest.approx(0.6)
    # Krippendorff: n = 10 pairable values, o_xx = 4 (2 units x 2), o_yy = 4,
    # o_xy = o_yx = 1; n_x = n_y = 5; D_o = 2/10; D_e = 2*5*5/(10*9) = 50/90
    # alpha = 1 - (2/10)/(50/90) = 1 - 0.36 = 0.64
    assert ag.krippendorff_alpha(r) == pytest.approx(0.64)
    assert ag.confusion_between(r[:, 0], r[:, 1], 2).tolist() == [[2, 1], [0, 2]]


def test_missing_values_are_skipped():
    r = np.array([[0, 0, M], [1, M, 1], [M, M, 0], [0, 1, 0]])
    # unit 3 has one rating: not pairable; units: 1, 1, (skip), 1/3
    assert ag.percent_agreement(r) == pytest.approx((1 + 1 + 1 / 3) / 3)
    assert ag.complete_units(r).tolist() == [False, False, False, True]
    # Cohen on annotators 0 and 1 uses units 0 and 3 only.
    assert ag.cohen_kappa(r[:, 0], r[:, 1]) == pytest.approx(0.0)


def test_degenerate_inputs_are_nan_not_errors():
    same = np.zeros((5, 2), dtype=int)
    assert math.isnan(ag.krippendorff_alpha(same))
    # Both used one category throughout: p_e = 1, kappa is 0/0.
    assert math.isnan(ag.cohen_kappa(same[:, 0], same[:, 1]))
    assert math.isnan(ag.percent_agreement(np.full((3, 2), M)))
    with pytest.raises(ValueError):
        ag.fleiss_kappa(np.array([[2, 0], [1, 2]]))


def test_bootstrap_ci_brackets_the_value():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 200)
    noisy = np.where(rng.random(200) < 0.2, rng.integers(0, 3, 200), truth)
    r = np.stack([truth, noisy], axis=1)
    value = ag.krippendorff_alpha(r)
    lo, hi = ag.bootstrap_ci(ag.krippendorff_alpha, r, n_resamples=200, seed=0)
    assert lo < value < hi
    assert hi - lo < 0.3
    figures = ag.agreement_figures(r, ["a", "b", "c"], n_resamples=50)
    assert set(figures) >= {"cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "ci95"}
    assert figures["units"] == 200


def test_vectorised_statistics_match_scikit_learn_and_a_plain_loop():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(7)
    for k, n_annotators in [(2, 2), (3, 2), (4, 3)]:
        r = rng.integers(0, k, (300, n_annotators))
        r[rng.random(r.shape) < 0.15] = M
        both = (r[:, 0] != M) & (r[:, 1] != M)
        assert math.isclose(
            ag.cohen_kappa(r[:, 0], r[:, 1]),
            cohen_kappa_score(r[both, 0], r[both, 1]),
            abs_tol=1e-12,
        )
        shares, counts = [], np.zeros((len(r), k), dtype=int)
        for i, row in enumerate(r):
            vals = row[row != M]
            counts[i] = np.bincount(vals, minlength=k)
            if len(vals) >= 2:
                c = np.bincount(vals)
                shares.append((c * (c - 1)).sum() / (len(vals) * (len(vals) - 1)))
        assert math.isclose(ag.percent_agreement(r), float(np.mean(shares)), abs_tol=1e-12)
        assert (ag.category_counts(r, k) == counts).all()
