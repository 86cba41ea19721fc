"""Quantification (ACC, PACC, EM), prevalence by group with CIs, the
``classify analyse`` command and its report."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import train_both

import classify
from classify.analysis import Validation, group_keys, prevalence_table
from classify.errors import ClassifyError
from classify.quantify import adjust, em_prevalence, hard_rates, soft_rates


def _biased_classifier(rng, y, k, flip_to=0, rate=0.3):
    """Predictions that turn ``rate`` of every other class into ``flip_to``."""
    pred = y.copy()
    flip = (rng.random(len(y)) < rate) & (y != flip_to)
    pred[flip] = flip_to
    return pred


def test_acc_recovers_true_prevalence_under_shift():
    rng = np.random.default_rng(0)
    k = 3
    y_val = rng.integers(0, k, 3000)
    rates = hard_rates(y_val, _biased_classifier(rng, y_val, k), k)
    assert rates[0, 1] == pytest.approx(0.3, abs=0.03)
    # A test sample with another class mix.
    y_test = rng.choice(k, 5000, p=[0.1, 0.6, 0.3])
    pred = _biased_classifier(rng, y_test, k)
    naive = np.bincount(pred, minlength=k) / len(pred)
    corrected = adjust(naive, rates)
    truth = np.array([0.1, 0.6, 0.3])
    assert np.abs(naive - truth).max() > 0.15
    assert np.abs(corrected - truth).max() < 0.03
    assert corrected.sum() == pytest.approx(1.0)


def test_adjust_clips_and_renormalises():
    rates = np.array([[0.8, 0.3], [0.2, 0.7]])
    p = adjust(np.array([0.95, 0.05]), rates)  # would solve to a negative share
    assert p.min() >= 0 and p.sum() == pytest.approx(1)
    assert p[0] == 1.0
    stacked = adjust(np.array([[0.5, 0.5], [0.95, 0.05]]), rates)
    assert stacked.shape == (2, 2)


def test_pacc_and_em_on_calibrated_scores():
    rng = np.random.default_rng(1)

    def sample(n, prior):
        y = rng.choice(2, n, p=prior)
        # Scores from two Gaussians: Bayes posteriors under equal priors,
        # hence calibrated for a 50/50 training set.
        x = rng.normal(y * 1.5, 1.0)
        like1, like0 = np.exp(-((x - 1.5) ** 2) / 2), np.exp(-(x**2) / 2)
        p1 = like1 / (like0 + like1)
        return y, np.stack([1 - p1, p1], axis=1)

    y_val, p_val = sample(4000, [0.5, 0.5])
    _, p_test = sample(4000, [0.85, 0.15])
    naive = p_test.mean(axis=0)[1]
    pacc = adjust(p_test.mean(axis=0), soft_rates(y_val, p_val))[1]
    em = em_prevalence(p_test, np.array([0.5, 0.5]))[1]
    assert abs(naive - 0.15) > 0.1
    assert abs(pacc - 0.15) < 0.03 and abs(em - 0.15) < 0.03
    boot = em_prevalence(p_test, np.array([0.5, 0.5]), np.ones((3, len(p_test))))
    np.testing.assert_allclose(boot[0], em_prevalence(p_test, np.array([0.5, 0.5])), atol=1e-9)


def test_adjust_is_quapys_constrained_least_squares():
    from quapy.method.aggregative import ACC

    # Three classes, an observed mix the rates cannot produce: the exact
    # solution has a negative share, so clipping and the constrained
    # least-squares solution differ.
    rates = np.array([[0.7, 0.2, 0.1], [0.2, 0.6, 0.3], [0.1, 0.2, 0.6]])
    q = np.array([0.75, 0.2, 0.05])
    exact = np.linalg.solve(rates, q)
    assert exact.min() < 0
    clipped = np.clip(exact, 0, None) / np.clip(exact, 0, None).sum()
    quapy = ACC.solve_adjustment(rates, q, method="inversion", solver="minimize")
    p = adjust(q, rates)
    np.testing.assert_allclose(p, quapy / quapy.sum(), atol=1e-5)
    assert np.abs(p - clipped).max() > 0.01
    assert p.min() >= 0 and p.sum() == pytest.approx(1)
    # A feasible mix: the exact solution, which is also QuaPy's.
    feasible = rates @ np.array([0.2, 0.5, 0.3])
    np.testing.assert_allclose(adjust(feasible, rates), [0.2, 0.5, 0.3], atol=1e-9)
    # Two classes: the closed form equals QuaPy's optimiser, row by row.
    binary = np.array([[0.8, 0.3], [0.2, 0.7]])
    for share in (0.1, 0.35, 0.6, 0.9):
        two = np.array([1 - share, share])
        solved = ACC.solve_adjustment(binary, two, method="inversion", solver="minimize")
        np.testing.assert_allclose(adjust(two, binary), solved, atol=1e-5)
    # Stacked rows (a bootstrap's replicates) give QuaPy's closed form row by
    # row, clipped and not.
    import quapy.functional as F

    rng = np.random.default_rng(4)
    shares = rng.uniform(0, 1, 50)
    qs = np.stack([1 - shares, shares], axis=1)
    tpr, fpr = rng.uniform(0.5, 1, 50), rng.uniform(0, 0.5, 50)
    rates = np.stack([np.stack([1 - fpr, 1 - tpr], 1), np.stack([fpr, tpr], 1)], axis=1)
    for clip in (True, False):
        expected = [
            F.solve_adjustment_binary(s, t, f, clip=clip) for s, t, f in zip(shares, tpr, fpr)
        ]
        np.testing.assert_allclose(adjust(qs, rates, constrained=clip)[:, 1], expected, atol=1e-12)
    # Rates that do not tell the classes apart leave the count as it is.
    np.testing.assert_allclose(adjust(two, np.array([[0.5, 0.5], [0.5, 0.5]])), two)


def test_em_replicates_match_quapy_on_resampled_units():
    from quapy.method.aggregative import EMQ

    rng = np.random.default_rng(3)
    proba = rng.dirichlet([2.0, 1.0, 1.0], size=300)
    prior = np.array([0.5, 0.3, 0.2])
    counts = np.stack([np.bincount(rng.integers(0, 300, 300), minlength=300) for _ in range(4)])
    boot = em_prevalence(proba, prior, counts, tol=1e-8)
    for b, c in enumerate(counts):
        resample = np.repeat(proba, c, axis=0)
        expected = EMQ.EM(prior, resample, epsilon=1e-8)[0]
        np.testing.assert_allclose(boot[b], expected, atol=1e-6)
    # The single estimate is QuaPy's, with a zero share smoothed as QuaPy does.
    np.testing.assert_allclose(
        em_prevalence(proba, np.array([0.6, 0.4, 0.0])),
        EMQ.EM(np.array([0.6, 0.4, 0.0]), proba, epsilon=1e-6)[0],
    )


def test_group_keys():
    frame = pd.DataFrame(
        {
            "date": ["2020-02-03", "2020-11", "2021", None],
            "source": ["AP", None, "", "Reuters"],
            "dateline": ["MINSK", "KYIV", None, None],
        }
    )
    assert group_keys(frame, "month") == ["2020-02", "2020-11", "2021 (no month)", "(unknown)"]
    assert group_keys(frame, "quarter") == ["2020-Q1", "2020-Q4", "2021 (no quarter)", "(unknown)"]
    assert group_keys(frame, "year") == ["2020", "2020", "2021", "(unknown)"]
    assert group_keys(frame, "source") == ["AP", "(unknown)", "(unknown)", "Reuters"]
    assert group_keys(frame, "country") == ["Belarus", "Ukraine", "(unknown)", "(unknown)"]
    assert group_keys(frame, "dateline") == ["MINSK", "KYIV", "(unknown)", "(unknown)"]
    with pytest.raises(ClassifyError, match="unit='quote'"):
        group_keys(frame, "speaker")


def test_prevalence_table_intervals_cover_truth_and_mark_small_groups():
    rng = np.random.default_rng(2)
    k, labels = 3, ["favour", "against", "neutral"]
    y_val = rng.integers(0, k, 1500)
    v_pred = _biased_classifier(rng, y_val, k, flip_to=2)
    validation = Validation(np.eye(k)[y_val], np.eye(k)[v_pred], np.eye(k)[v_pred] * 0.8 + 0.2 / 3)
    truths = {"2020": [0.5, 0.2, 0.3], "2021": [0.1, 0.6, 0.3], "2022": [0.3, 0.3, 0.4]}
    groups, decided, articles = [], [], []
    for year, prior in truths.items():
        n = 1200 if year != "2022" else 12
        y = rng.choice(k, n, p=prior)
        decided.append(np.eye(k)[_biased_classifier(rng, y, k, flip_to=2)])
        groups += [year] * n
        articles += [f"{year}-{i // 3}" for i in range(n)]  # 3 units per article
    decided = np.vstack(decided)
    rows = prevalence_table(
        task="stance",
        labels=labels,
        multilabel=False,
        decided=decided,
        proba=decided * 0.8 + 0.2 / 3,
        groups=groups,
        clusters=articles,
        validation=validation,
        methods=["naive", "acc"],
        n_bootstrap=100,
    )
    table = pd.DataFrame(rows)
    assert set(table["method"]) == {"naive", "acc"}
    acc = table[(table["method"] == "acc") & (table["group"] == "2021")].set_index("label")
    assert acc.loc["against", "ci_low"] <= 0.6 <= acc.loc["against", "ci_high"]
    naive = table[(table["method"] == "naive") & (table["group"] == "2021")].set_index("label")
    assert naive.loc["against", "ci_high"] < 0.6  # the naive count misses it
    assert acc.loc["against", "n_articles"] == 400
    assert table[table["group"] == "2022"]["small"].all()
    assert not table[table["group"] == "2020"]["small"].any()


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return train_both(tmp_path_factory.mktemp("analysis"))


def test_analyse_api_and_cli_report(models, tmp_path, capsys):
    table = classify.analyse(
        [models["stance"], models["topic"]], models["data"], by="year", n_bootstrap=50
    )
    assert set(table["task"]) == {"stance", "topic"}
    assert set(table["method"]) == {"naive", "acc", "pacc", "em"}
    assert table["group"].nunique() == 8 and table["small"].all()
    sums = table[(table["task"] == "stance")].groupby(["group", "method"])["estimate"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-6)
    out = tmp_path / "report"
    r = run_cli(
        capsys, "analyse", models["stance"], models["topic"], models["data"],
        "--by", "year", "--out", out, "--bootstrap", "30", "--min-units", "3",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert (out / "prevalence.csv").is_file() and (out / "predictions-stance.parquet").is_file()
    md = (out / "report.md").read_text()
    assert "![stance by year](stance-series.png)" in md and "stance-stacked.png" in md
    assert "| group | units | articles | trust |" in md
    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 3 and "<script" not in page
    # review 30a: what made prevalence.csv, and what its columns hold, beside it.
    record = json.loads((out / "analysis.json").read_text())
    assert record["by"] == "year" and record["n_bootstrap"] == 30 and record["min_units"] == 3
    assert record["models"] == {"stance": str(models["stance"]), "topic": str(models["topic"])}
    assert record["inputs"] == [str(models["data"])] and record["headline"] == "pacc"
    assert list(record["columns"]) == list(pd.read_csv(out / "prevalence.csv").columns)
    # Reading the predictions file again gives the same table.
    again = classify.analyse(
        [models["stance"]],
        predictions=[out / "predictions-stance.parquet"],
        by="year",
        n_bootstrap=30,
        min_units=3,
    )
    saved = pd.read_csv(out / "prevalence.csv")
    saved = saved[saved["task"] == "stance"].reset_index(drop=True)
    np.testing.assert_allclose(again["estimate"], saved["estimate"], atol=1e-9)
    r = run_cli(capsys, "analyse", models["data"], "--out", out)
    assert r.code == 1 and "a file, not a model folder" in r.err


def test_analyse_report_renders_in_headless_chromium(models, tmp_path):
    from test_reports import _chromium, _run_chromium

    binary = _chromium()
    if binary is None:
        pytest.skip("no Chromium binary on PATH; install it with `apt-get install -y chromium`")
    out = tmp_path / "r"
    classify.analyse([models["stance"]], models["data"], by="year", out=out, n_bootstrap=20)
    shot = tmp_path / "shot.png"
    res = _run_chromium(
        binary, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,2400",
        (out / "report.html").as_uri(),
    )  # fmt: skip
    assert shot.exists(), res.stderr[-2000:]
    from PIL import Image

    img = np.asarray(Image.open(shot).convert("RGB"))
    blue = (np.abs(img.astype(int) - [76, 114, 176]).sum(axis=2) < 40).sum()
    assert blue > 500, "the prevalence lines did not render"
    res = _run_chromium(
        binary, tmp_path / "profile2", "--virtual-time-budget=5000", "--dump-dom",
        (out / "report.html").as_uri(),
    )  # fmt: skip
    assert len(re.findall(r"<img ", res.stdout)) == 2


def test_error_rates_after_a_refit_are_read_at_the_saved_models_thresholds(tmp_path, monkeypatch):
    from test_roundtrip import TOPIC_CFG, TRAIN, _refiled, write_items

    from classify import analysis, api

    data = write_items(tmp_path / "train.jsonl", _refiled(TRAIN))
    split = {"data.split.method": "date", "data.split.cutoff": "2020-01-25"}
    api.train(TOPIC_CFG, data=data, out=tmp_path / "m", overrides=split)
    model = classify.load_model(tmp_path / "m")
    stored = model.predictions
    # Thresholds unlike those the stored decisions were made at (a refit
    # tunes its own): the error rates must follow the model's.
    model.thresholds = [0.95, 0.95, 0.95]
    expected = model.task.decide(np.asarray(stored.proba, dtype=float), model.thresholds)
    assert not np.array_equal(np.asarray(stored.y_pred), expected)
    seen = []
    real = analysis.prevalence_table
    monkeypatch.setattr(
        analysis, "prevalence_table", lambda **kw: seen.append(kw["validation"]) or real(**kw)
    )
    api.analyse(model, data, by="all", n_bootstrap=20)
    np.testing.assert_array_equal(seen[0].y_pred, expected)
