"""classify.evaluation: metrics checked against values computed by hand."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn import metrics as skm

from classify import evaluation as ev

STANCE = ["favour", "against", "neutral"]
TOPICS = ["a", "b", "c"]


def onehot(idx: list[int], n_labels: int = 3) -> np.ndarray:
    return np.eye(n_labels, dtype=int)[idx]


# Six stance items.   gold: F F A A N N      pred: F A A A N F
# favour:  tp 1 (0), fp 1 (5), fn 1 (1)  -> P 1/2, R 1/2, F1 1/2
# against: tp 2 (2, 3), fp 1 (1), fn 0   -> P 2/3, R 1,   F1 2*(2/3)/(5/3) = 4/5
# neutral: tp 1 (4), fp 0, fn 1 (5)      -> P 1,   R 1/2, F1 2/3
# macro-F1 (1/2 + 4/5 + 2/3) / 3 = 59/90; accuracy 4/6; F_avg (1/2 + 4/5) / 2 = 0.65
MC_TRUE = onehot([0, 0, 1, 1, 2, 2])
MC_PRED = onehot([0, 1, 1, 1, 2, 0])

# Five topic items (labels a, b, c).
#   gold: {a} {a,b} {}  {b,c} {c}
#   pred: {a} {a}   {b} {b,c} {}
# a: tp 2, fp 0, fn 0 -> F1 1
# b: tp 1 (4), fp 1 (3), fn 1 (2) -> P 1/2, R 1/2, F1 1/2
# c: tp 1 (4), fp 0, fn 1 (5) -> P 1, R 1/2, F1 2/3
# macro (1 + 1/2 + 2/3) / 3 = 13/18; micro: TP 4, FP 1, FN 2 -> 8 / 11
# exact match: items 1 and 4 -> 2/5
ML_TRUE = np.array([[1, 0, 0], [1, 1, 0], [0, 0, 0], [0, 1, 1], [0, 0, 1]])
ML_PRED = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 1], [0, 0, 0]])


def random_multilabel(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random((n, 3)) < 0.3).astype(int)
    proba = np.clip(0.35 * y + 0.65 * rng.random((n, 3)), 0, 1)
    return y, proba


def random_multiclass(n: int = 300, seed: int = 0, sharp: float = 1.0):
    rng = np.random.default_rng(seed)
    y = onehot(list(rng.integers(0, 3, n)))
    logits = sharp * (rng.normal(size=(n, 3)) + 1.5 * y)
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y, proba


def assert_plain_json(obj) -> None:
    """Only dict/list/str/int/float/bool/None, no numpy scalars, no NaN."""
    if isinstance(obj, dict):
        assert all(isinstance(k, str) for k in obj)
        for v in obj.values():
            assert_plain_json(v)
    elif isinstance(obj, list):
        for v in obj:
            assert_plain_json(v)
    else:
        assert obj is None or type(obj) in (str, int, float, bool), type(obj)
    json.dumps(obj, allow_nan=False)


# -- point metrics ------------------------------------------------------------------


def test_multiclass_metrics_by_hand():
    m = ev.compute_metrics("multiclass", STANCE, MC_TRUE, MC_PRED)
    assert m["n"] == 6
    assert m["per_label"]["favour"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert m["per_label"]["against"] == {
        "precision": 0.666667,  # six decimals kept (stop 63)
        "recall": 1.0,
        "f1": 0.8,
        "support": 2,
    }
    assert m["per_label"]["neutral"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["macro_f1"] == pytest.approx(59 / 90, abs=1e-4)
    assert m["accuracy"] == pytest.approx(4 / 6, abs=1e-4)
    assert m["f_avg"] == pytest.approx(0.65, abs=1e-4)
    assert "micro_f1" not in m and "exact_match" not in m


def test_f_avg_only_for_stance_labels():
    m = ev.compute_metrics("multiclass", ["x", "y", "z"], MC_TRUE, MC_PRED)
    assert "f_avg" not in m


def test_multilabel_metrics_by_hand():
    m = ev.compute_metrics("multilabel", TOPICS, ML_TRUE, ML_PRED)
    assert [m["per_label"][k]["f1"] for k in TOPICS] == [1.0, 0.5, pytest.approx(2 / 3, abs=1e-4)]
    assert m["per_label"]["c"]["precision"] == 1.0 and m["per_label"]["c"]["recall"] == 0.5
    assert [m["per_label"][k]["support"] for k in TOPICS] == [2, 2, 2]
    assert m["macro_f1"] == pytest.approx(13 / 18, abs=1e-4)
    assert m["micro_f1"] == pytest.approx(8 / 11, abs=1e-4)
    assert m["exact_match"] == pytest.approx(0.4)
    assert "accuracy" not in m


def test_never_predicted_label_scores_zero_not_nan():
    y_true = np.array([[1, 0], [1, 0], [0, 1]])
    y_pred = np.array([[1, 0], [1, 0], [1, 0]])
    m = ev.compute_metrics("multilabel", ["p", "q"], y_true, y_pred)
    assert m["per_label"]["q"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def test_count_scores_agree_with_sklearn():
    # The bootstrap's vectorised scorer must give the point estimates exactly.
    for kind, labels, (y, proba) in [
        ("multilabel", TOPICS, random_multilabel(seed=3)),
        ("multiclass", STANCE, random_multiclass(seed=3)),
    ]:
        pred = (proba >= 0.5).astype(int) if kind == "multilabel" else onehot(proba.argmax(1))
        counts = ev._count_features(y, pred).sum(axis=0)[None]
        scores = ev._scores_from_counts(kind, labels, counts, np.array([len(y)]))
        m = ev.compute_metrics(kind, labels, y, pred)
        for key in ev.scalar_keys(kind, labels):
            expected = m["per_label"][key[3:]]["f1"] if key.startswith("f1/") else m[key]
            assert scores[key][0] == pytest.approx(expected, abs=1e-4), key
        assert m["macro_f1"] == pytest.approx(
            skm.f1_score(y, pred, average="macro", zero_division=0), abs=1e-4
        )


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="kind"):
        ev.compute_metrics("binary", STANCE, MC_TRUE, MC_PRED)
    with pytest.raises(ValueError, match="shape"):
        ev.compute_metrics("multiclass", STANCE, MC_TRUE, MC_PRED[:4])
    with pytest.raises(ValueError, match="labels"):
        ev.compute_metrics("multiclass", ["x", "y"], MC_TRUE, MC_PRED)


def test_majority_baseline():
    y_train = onehot([2, 2, 1, 0, 2])
    pred = ev.majority_baseline("multiclass", y_train, 4)
    assert pred.shape == (4, 3) and (pred == onehot([2, 2, 2, 2])).all()
    y_train = np.array([[1, 0, 0], [1, 1, 0], [1, 0, 0], [0, 1, 0]])
    assert ev.majority_baseline("multilabel", y_train, 2).tolist() == [[1, 0, 0], [1, 0, 0]]


# -- bootstrap ----------------------------------------------------------------------


def test_bootstrap_ci_contains_point():
    # How its time grows is measured by experiments/scaling.py, not here.
    y, proba = random_multilabel(n=300)
    pred = (proba >= 0.5).astype(int)
    ci = ev.bootstrap_ci("multilabel", TOPICS, y, pred, n_resamples=1000, seed=1)
    assert set(ci) == {"macro_f1", "micro_f1", "exact_match", "f1/a", "f1/b", "f1/c"}
    m = ev.compute_metrics("multilabel", TOPICS, y, pred)
    for key, (lo, hi) in ci.items():
        point = m["per_label"][key[3:]]["f1"] if key.startswith("f1/") else m[key]
        assert lo <= point <= hi, key
        assert hi - lo > 0.01, key
    # Same seed, same intervals.
    assert ci == ev.bootstrap_ci("multilabel", TOPICS, y, pred, n_resamples=1000, seed=1)


def test_bootstrap_ci_multiclass_keys():
    y, proba = random_multiclass()
    ci = ev.bootstrap_ci("multiclass", STANCE, y, onehot(proba.argmax(1)), n_resamples=200)
    assert set(ci) == {"macro_f1", "accuracy", "f_avg", "f1/favour", "f1/against", "f1/neutral"}
    assert all(0 <= lo <= hi <= 1 for lo, hi in ci.values())


def test_cluster_bootstrap_widens_intervals_for_correlated_units():
    # 50 articles of 6 passages each; within an article the model is either
    # right or wrong on all six. Units are then not independent: only
    # resampling articles gives an honest (wider) interval.
    rng = np.random.default_rng(0)
    article_right = rng.random(50) < 0.7
    groups = np.repeat([f"art-{i}" for i in range(50)], 6)
    y = onehot(list(rng.integers(0, 3, 300)))
    right = np.repeat(article_right, 6)
    pred = np.where(right[:, None], y, np.roll(y, 1, axis=1))
    naive = ev.bootstrap_ci("multiclass", STANCE, y, pred, n_resamples=500)
    cluster = ev.bootstrap_ci("multiclass", STANCE, y, pred, n_resamples=500, groups=groups)
    width = lambda ci: ci["accuracy"][1] - ci["accuracy"][0]  # noqa: E731
    assert width(cluster) > 1.8 * width(naive)
    # One unit per group is the ordinary bootstrap, up to random variation.
    single = ev.bootstrap_ci(
        "multiclass", STANCE, y, pred, n_resamples=500, groups=[str(i) for i in range(300)]
    )
    assert width(single) == pytest.approx(width(naive), rel=0.25)
    with pytest.raises(ValueError, match="groups"):
        ev.bootstrap_ci("multiclass", STANCE, y, pred, groups=groups[:10])


def test_paired_bootstrap_finds_real_difference():
    y, _ = random_multiclass(n=200, seed=5)
    poor = onehot(list(np.random.default_rng(1).integers(0, 3, 200)))
    res = ev.paired_bootstrap("multiclass", STANCE, y, y, poor, n_resamples=1000)
    assert res["metric"] == "macro_f1"
    assert res["a"] == 1.0 and res["diff"] == pytest.approx(1.0 - res["b"], abs=1e-4)
    assert res["p_value"] < 0.05
    assert res["ci95"][0] > 0
    # Reversed order: the difference and its interval change sign.
    rev = ev.paired_bootstrap("multiclass", STANCE, y, poor, y, n_resamples=1000)
    assert rev["ci95"][1] < 0 and rev["p_value"] < 0.05


def test_paired_bootstrap_model_against_itself():
    y, proba = random_multilabel()
    pred = (proba >= 0.5).astype(int)
    for metric in ("macro_f1", "micro_f1", "f1/b"):
        res = ev.paired_bootstrap("multilabel", TOPICS, y, pred, pred, metric=metric)
        assert res["diff"] == 0 and res["ci95"] == [0.0, 0.0] and res["p_value"] == 1.0
    with pytest.raises(ValueError, match="metric"):
        ev.paired_bootstrap("multilabel", TOPICS, y, pred, pred, metric="accuracy")


def test_paired_bootstrap_close_models_not_significant():
    y, proba = random_multiclass(n=200, seed=2)
    a = onehot(proba.argmax(1))
    b = a.copy()
    b[:3] = np.roll(b[:3], 1, axis=1)  # three items changed out of 200
    res = ev.paired_bootstrap("multiclass", STANCE, y, a, b, groups=np.arange(200) // 4)
    # Three units of one article: too few differences for any test (stop 51).
    assert (
        res["p_value"] is None
        and "decide differently on 1 group (units resampled together" in res["p_note"]
    )
    b[:12] = np.roll(a[:12], 1, axis=1)  # twelve items, three articles: still too few
    res = ev.paired_bootstrap("multiclass", STANCE, y, a, b, groups=np.arange(200) // 4)
    assert res["p_value"] is None
    b[:40] = np.roll(a[:40], 1, axis=1)  # forty items, ten articles: a test
    res = ev.paired_bootstrap("multiclass", STANCE, y, a, b, groups=np.arange(200) // 4)
    assert res["p_value"] is not None


def test_holm_adjustment_matches_statsmodels():
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    rng = np.random.default_rng(3)
    for m in (1, 2, 5, 12):
        p = list(rng.uniform(0, 0.2, m))
        expected = multitest.multipletests(p, method="holm")[1]
        np.testing.assert_allclose(ev.holm_adjust(p), expected)
    # An undefined test stays undefined and does not count.
    assert ev.holm_adjust([0.01, None, 0.04]) == pytest.approx([0.02, None, 0.04])
    assert ev.holm_adjust([]) == []


def test_leaderboard_tests_carry_holm_adjusted_p_values():
    y, _ = random_multiclass(n=200, seed=5)
    rng = np.random.default_rng(1)
    decisions = {"gold": y}
    for k in range(4):
        noisy = y.copy()
        flip = rng.random(200) < 0.15 + 0.05 * k
        noisy[flip] = onehot(list(rng.integers(0, 3, int(flip.sum()))))
        decisions[f"noisy{k}"] = noisy
    board = ev.compare_decisions("multiclass", STANCE, y, decisions, n_resamples=200)
    p = [t["p_value"] for t in board["tests"]]
    assert [t["p_holm"] for t in board["tests"]] == pytest.approx(ev.holm_adjust(p), abs=1e-4)
    assert all(t["p_holm"] >= t["p_value"] for t in board["tests"])


# -- thresholds ---------------------------------------------------------------------


def test_tune_thresholds_recovers_low_scoring_label():
    rng = np.random.default_rng(0)
    n = 120
    y = np.zeros((n, 3), dtype=int)
    y[:40, 0] = 1  # label 0: positives score ~0.3, negatives ~0.1
    y[::3, 1] = 1  # label 1: cleanly separated around 0.5
    proba = np.empty((n, 3))
    proba[:, 0] = np.where(y[:, 0] == 1, rng.uniform(0.25, 0.35, n), rng.uniform(0.0, 0.15, n))
    proba[:, 1] = np.where(y[:, 1] == 1, rng.uniform(0.8, 0.9, n), rng.uniform(0.1, 0.2, n))
    proba[:, 2] = rng.uniform(0, 1, n)  # label 2: no positives at all
    t = ev.tune_thresholds(y, proba)
    assert 0.15 < t[0] <= 0.25
    assert t[1] == 0.5  # the whole gap 0.2..0.8 is optimal: the tie keeps the default
    assert t[2] == 0.5
    default = ev.compute_metrics("multilabel", TOPICS, y, (proba >= 0.5).astype(int))
    tuned = ev.compute_metrics("multilabel", TOPICS, y, (proba >= t).astype(int))
    assert default["per_label"]["a"]["recall"] == 0.0
    assert tuned["per_label"]["a"]["f1"] == 1.0 and tuned["per_label"]["b"]["f1"] == 1.0


def test_tune_thresholds_grid_and_default():
    y = np.array([[1], [1], [0], [0]])
    proba = np.array([[0.9], [0.6], [0.4], [0.1]])
    assert ev.tune_thresholds(y, proba, grid=[0.3, 0.7])[0] == 0.3
    # 0.45 and 0.5 are both perfect; the default itself wins the tie.
    assert ev.tune_thresholds(y, proba, default=0.45)[0] == 0.45


# -- calibration --------------------------------------------------------------------


def test_ece_zero_when_perfectly_calibrated():
    # Ten items all at confidence 0.8, eight of them right.
    proba = np.tile([0.8, 0.1, 0.1], (10, 1))
    y = onehot([0] * 8 + [1, 2])
    assert ev.expected_calibration_error("multiclass", y, proba) == pytest.approx(0.0)
    # Multilabel pools cells: five at 0.2 with one positive, five at 0.6 with three.
    p = np.array([0.2] * 5 + [0.6] * 5).reshape(5, 2)
    yl = np.array([1, 0, 0, 0, 0, 1, 1, 1, 0, 0]).reshape(5, 2)
    assert ev.expected_calibration_error("multilabel", yl, p) == pytest.approx(0.0)
    curve = ev.reliability_curve("multilabel", yl, p)
    assert curve["confidence"] == [0.2, 0.6]
    assert curve["accuracy"] == [0.2, 0.6]
    assert curve["count"] == [5, 5]


def test_ece_overconfident():
    # Confidence 0.9, half right: ECE 0.4.
    proba = np.tile([0.9, 0.05, 0.05], (10, 1))
    y = onehot([0] * 5 + [1] * 5)
    assert ev.expected_calibration_error("multiclass", y, proba) == pytest.approx(0.4)


@pytest.mark.parametrize("method", ["temperature", "platt"])
@pytest.mark.parametrize("kind", ["multiclass", "multilabel"])
def test_calibration_reduces_nll(method, kind):
    if kind == "multiclass":
        y, proba = random_multiclass(n=400, seed=4, sharp=3.0)  # overconfident
    else:
        y, proba = random_multilabel(n=400, seed=4)
        proba = np.clip(proba**0.3, 0, 1)  # pushed up: miscalibrated
    params = ev.fit_calibration(method, kind, y, proba)
    assert_plain_json(params)
    loaded = json.loads(json.dumps(params))
    calibrated = ev.apply_calibration(loaded, kind, proba)
    assert calibrated.shape == proba.shape
    before = ev.negative_log_likelihood(kind, y, proba)
    after = ev.negative_log_likelihood(kind, y, calibrated)
    assert after < before - 0.01
    assert params["nll_after"] == pytest.approx(after, abs=1e-5)
    if kind == "multiclass":
        assert np.allclose(calibrated.sum(axis=1), 1.0)
        if method == "temperature":
            assert params["temperature"] > 1  # overconfident probabilities get softened


def test_calibration_rejects_unknown_method():
    y, proba = random_multiclass(n=20)
    with pytest.raises(ValueError, match="method"):
        ev.fit_calibration("isotonic", "multiclass", y, proba)


# -- curves, confusion, errors --------------------------------------------------------


def test_pr_curves():
    y, proba = random_multilabel(n=300)
    y[:, 2] = 0
    curves = ev.pr_curves(TOPICS, y, proba, max_points=50)
    assert set(curves) == set(TOPICS)
    a = curves["a"]
    assert 2 <= len(a["precision"]) == len(a["recall"]) <= 50
    assert a["average_precision"] == pytest.approx(
        skm.average_precision_score(y[:, 0], proba[:, 0]), abs=1e-4
    )
    assert curves["c"] == {"precision": [], "recall": [], "average_precision": None}


def test_confusion_by_hand():
    mc = ev.confusion("multiclass", STANCE, MC_TRUE, MC_PRED)
    assert mc == {"labels": STANCE, "matrix": [[1, 1, 0], [0, 2, 0], [1, 0, 1]]}
    ml = ev.confusion("multilabel", TOPICS, ML_TRUE, ML_PRED)
    assert ml["a"] == {"tp": 2, "fp": 0, "fn": 0, "tn": 3}
    assert ml["b"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 2}
    assert ml["c"] == {"tp": 1, "fp": 0, "fn": 1, "tn": 3}


def test_error_analysis_multiclass():
    proba = np.array(
        [
            [0.90, 0.05, 0.05],  # right, sure
            [0.40, 0.35, 0.25],  # right, unsure
            [0.10, 0.80, 0.10],  # wrong (gold favour), sure
            [0.30, 0.20, 0.50],  # wrong (gold against), less sure
        ]
    )
    y = onehot([0, 0, 0, 1])
    pred = onehot(proba.argmax(1))
    out = ev.error_analysis(
        "multiclass", STANCE, list("wxyz"), ["i0", "i1", "i2", "i3"], y, proba, pred, k=5
    )
    errors = out["confident_errors"]
    assert [e["id"] for e in errors] == ["i2", "i3"]
    assert errors[0] == {
        "id": "i2",
        "text": "y",
        "gold": "favour",
        "predicted": "against",
        "confidence": 0.8,
    }
    assert [e["id"] for e in out["unsure_correct"]] == ["i1", "i0"]


def test_error_analysis_multilabel_uses_label_names():
    proba = np.array([[0.9, 0.1, 0.2], [0.6, 0.45, 0.1], [0.1, 0.2, 0.3]])
    y = np.array([[1, 0, 0], [1, 1, 0], [0, 0, 0]])
    pred = (proba >= 0.5).astype(int)
    out = ev.error_analysis("multilabel", TOPICS, ["t0", "t1", "t2"], None, y, proba, pred, k=1)
    (err,) = out["confident_errors"]
    assert err == {
        "id": 1,
        "text": "t1",
        "gold": ["a", "b"],
        "predicted": ["a"],
        "confidence": 0.55,
    }
    (unsure,) = out["unsure_correct"]
    assert unsure["id"] == 2 and unsure["gold"] == [] and unsure["confidence"] == 0.7


# -- near duplicates ------------------------------------------------------------------


def test_near_duplicates_found_and_distinct_not_flagged():
    train = [
        "The United States will reopen its embassy in Minsk, officials said on Thursday.",
        "The EU extended sanctions on Belarus for another year.",
        "Police detained dozens of protesters in the capital.",
        "",
    ]
    test = [
        "Police detained dozens of protesters in the capital city.",  # small edit
        "THE EU EXTENDED SANCTIONS ON BELARUS, FOR ANOTHER YEAR!",  # case and punctuation
        "The EU lifted sanctions on Belarus after the talks.",  # same topic, not a copy
        "Officials met in Geneva to discuss a ceasefire.",
        "",
    ]
    pairs = ev.near_duplicates(train, test, threshold=0.8)
    assert [(p["train_index"], p["test_index"]) for p in pairs] == [(1, 1), (2, 0)]
    assert pairs[0]["similarity"] == 1.0 and 0.8 <= pairs[1]["similarity"] < 1.0
    assert ev.near_duplicates(train, test, threshold=0.95) == pairs[:1]
    assert ev.near_duplicates([], test) == [] and ev.near_duplicates(train, []) == []


def test_near_duplicates_exact_against_brute_force():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(60)]
    make = lambda k: " ".join(rng.choice(words, k))  # noqa: E731
    train = [make(12) for _ in range(80)]
    test = [make(12) for _ in range(60)]
    test[3] = train[7] + " w1"
    test[9] = train[20]

    def shingles(text: str) -> set[str]:
        t = ev._normalise(text)
        return {t[i : i + 5] for i in range(len(t) - 4)}

    for threshold in (0.5, 0.9):
        found = {
            (p["train_index"], p["test_index"])
            for p in ev.near_duplicates(train, test, threshold=threshold)
        }
        expected = set()
        for i, a in enumerate(train):
            for j, b in enumerate(test):
                sa, sb = shingles(a), shingles(b)
                if len(sa & sb) / len(sa | sb) >= threshold:
                    expected.add((i, j))
        assert found == expected
        assert {(7, 3), (20, 9)} <= found


def test_near_duplicates_scale():
    # 1000 x 1000 passages of news-like length, with Zipf-distributed random
    # words, plus one planted copy: found, and nothing else. (Its time, about
    # linear in the passages, is measured by experiments/scaling.py.)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))
    from scaling import zipf_passages

    texts = zipf_passages(2000)
    train, test = texts[:1000], texts[1000:]
    test[500] = train[10] + " extra"
    pairs = ev.near_duplicates(train, test)
    assert [(p["train_index"], p["test_index"]) for p in pairs] == [(10, 500)]


# -- folds and the one call ---------------------------------------------------------


def test_summarise_folds():
    folds = [
        {"macro_f1": 0.6, "accuracy": 0.7, "per_label": {"x": {"f1": 0.5}, "y": {"f1": 0.7}}},
        {"macro_f1": 0.8, "accuracy": 0.7, "per_label": {"x": {"f1": 0.7}, "y": {"f1": 0.9}}},
    ]
    s = ev.summarise_folds(folds)
    assert s["macro_f1"] == {"mean": 0.7, "std": pytest.approx(0.1414, abs=1e-4)}
    assert s["accuracy"] == {"mean": 0.7, "std": 0.0}
    assert s["f1/x"]["mean"] == 0.6 and s["f1/y"]["mean"] == 0.8
    assert set(s) == {"macro_f1", "accuracy", "f1/x", "f1/y"}


def test_evaluate_predictions_multilabel():
    y, proba = random_multilabel(n=200)
    texts = [f"text {i}" for i in range(200)]
    m = ev.evaluate_predictions(
        "multilabel",
        TOPICS,
        y,
        proba,
        thresholds=[0.3, 0.5, 0.7],
        y_train=y[:50],
        texts=texts,
        ids=[f"id{i}" for i in range(200)],
        groups=np.arange(200) // 4,
        n_bootstrap=200,
    )
    assert_plain_json(m)
    pred = (proba >= np.array([0.3, 0.5, 0.7])).astype(int)
    assert m["macro_f1"] == ev.compute_metrics("multilabel", TOPICS, y, pred)["macro_f1"]
    assert m["thresholds"] == [0.3, 0.5, 0.7]
    assert m["kind"] == "multilabel" and m["labels"] == TOPICS
    assert set(m["ci95"]) == set(ev.scalar_keys("multilabel", TOPICS))
    assert m["bootstrap"]["n_groups"] == 50
    assert m["baseline"]["name"] == "majority" and m["baseline"]["fitted_on"] == "train"
    assert set(m["pr_curves"]) == set(TOPICS) and set(m["confusion"]) == set(TOPICS)
    assert 0 <= m["calibration"]["ece"] <= 1 and m["calibration"]["reliability"]["count"]
    assert len(m["errors"]["confident_errors"]) == 10
    assert m["errors"]["confident_errors"][0]["id"].startswith("id")


def test_evaluate_predictions_multiclass_without_bootstrap():
    y, proba = random_multiclass(n=100)
    m = ev.evaluate_predictions("multiclass", STANCE, y, proba, n_bootstrap=0)
    assert_plain_json(m)
    assert m["ci95"] is None and "pr_curves" not in m and "thresholds" not in m
    assert "errors" not in m
    assert m["accuracy"] == pytest.approx(np.mean(proba.argmax(1) == y.argmax(1)), abs=1e-4)
    assert m["baseline"]["fitted_on"] == "test" and "f_avg" in m["baseline"]
    assert np.array(m["confusion"]["matrix"]).sum() == 100


def test_evaluate_predictions_per_item_thresholds():
    # Pooled out-of-fold predictions: each fold decided with its own thresholds.
    y, proba = random_multilabel(n=100)
    t = np.where(np.arange(100)[:, None] < 50, 0.3, 0.7) * np.ones((1, 3))
    m = ev.evaluate_predictions("multilabel", TOPICS, y, proba, thresholds=t, n_bootstrap=0)
    pred = (proba >= t).astype(int)
    assert m["macro_f1"] == ev.compute_metrics("multilabel", TOPICS, y, pred)["macro_f1"]
    assert "thresholds" not in m
    with pytest.raises(ValueError, match="thresholds"):
        ev.evaluate_predictions("multilabel", TOPICS, y, proba, thresholds=[0.5, 0.5])


def test_evaluation_imports_only_numpy_scipy_sklearn_metrics():
    # Read the imports rather than importing in a subprocess: sklearn alone
    # takes seconds to import on a cold machine.
    tree = ast.parse(Path(ev.__file__).read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules |= {f"{node.module}.{alias.name}" for alias in node.names}
    third_party = {m for m in modules if m.split(".")[0] not in sys.stdlib_module_names}
    assert third_party <= {"numpy", "scipy.optimize", "scipy.sparse", "sklearn.metrics"}
