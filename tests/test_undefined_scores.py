"""Scores that are undefined (a label with no gold item and no prediction)
are reported as undefined, never as 0, and left out of macro averages."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classify import evaluation as ev
from classify import reports

LABELS = ["a", "b", "c"]


def _onehot(idx: list[int], n: int = 3) -> np.ndarray:
    out = np.zeros((len(idx), n), dtype=int)
    out[np.arange(len(idx)), idx] = 1
    return out


def test_absent_label_is_undefined_and_left_out_of_macro() -> None:
    # Gold a a b b, predicted a b b b; c never gold and never predicted.
    yt, yp = _onehot([0, 0, 1, 1]), _onehot([0, 1, 1, 1])
    m = ev.compute_metrics("multiclass", LABELS, yt, yp)
    # F1 a = 2*1/(2*1+0+1) = 2/3; F1 b = 2*2/(2*2+1+0) = 4/5.
    assert m["per_label"]["a"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert m["per_label"]["b"]["f1"] == pytest.approx(0.8)
    assert m["per_label"]["c"] == {"precision": None, "recall": None, "f1": None, "support": 0}
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2, abs=1e-4)
    assert m["undefined_labels"] == ["c"]
    assert m["accuracy"] == 0.75


def test_perfect_predictions_with_absent_label_have_macro_one() -> None:
    yt = _onehot([0, 1, 0, 1])
    m = ev.evaluate_predictions("multiclass", LABELS, yt, yt.astype(float), n_bootstrap=50)
    assert m["accuracy"] == 1.0 and m["macro_f1"] == 1.0
    assert m["ci95"]["macro_f1"] == [1.0, 1.0]
    assert m["ci95"]["f1/c"] is None  # undefined in every resample: no interval
    assert m["per_label"]["c"]["f1"] is None
    text = json.dumps(m)
    assert "NaN" not in text


def test_label_predicted_but_never_gold_scores_zero() -> None:
    # c is predicted once and never gold: a defined F1 of 0, kept in macro.
    yt, yp = _onehot([0, 1]), _onehot([0, 2])
    m = ev.compute_metrics("multiclass", LABELS, yt, yp)
    assert m["per_label"]["c"]["f1"] == 0.0
    assert m["per_label"]["b"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert "undefined_labels" not in m


def test_multilabel_all_absent_gives_undefined_macro_and_micro() -> None:
    yt = np.zeros((3, 2), dtype=int)
    m = ev.compute_metrics("multilabel", ["x", "y"], yt, yt)
    assert m["macro_f1"] is None and m["micro_f1"] is None
    assert m["exact_match"] == 1.0
    assert m["undefined_labels"] == ["x", "y"]


def test_favg_skips_an_undefined_stance_label() -> None:
    labels = ["favour", "against", "none"]
    yt, yp = _onehot([0, 2, 2, 0]), _onehot([0, 2, 0, 0])
    m = ev.compute_metrics("multiclass", labels, yt, yp)
    # against is undefined; F_avg = F1 favour = 2*2/(2*2+1+0) = 0.8.
    assert m["f_avg"] == pytest.approx(0.8)


def test_bootstrap_skips_labels_undefined_in_a_resample() -> None:
    # b is one item, so many resamples lack it; those would average a and c
    # only, another figure, and are left out: every kept macro-F1 is 1.
    yt = _onehot([0, 0, 0, 1, 2, 2])
    ci = ev.bootstrap_ci("multiclass", LABELS, yt, yt, n_resamples=200, seed=1)
    assert ci["macro_f1"] == [1.0, 1.0]
    assert ci["f1/b"] == [1.0, 1.0]
    counts = ev._count_features(yt, yt)
    w = np.ones((1, len(yt)))
    w[0, 3] = 0  # drop the b item
    s = ev._scores_from_counts("multiclass", LABELS, w @ counts, w.sum(axis=1))
    assert np.isnan(s["f1/b"][0]) and s["macro_f1"][0] == 1.0


def test_paired_bootstrap_with_undefined_metric() -> None:
    yt = _onehot([0, 0, 1])
    out = ev.paired_bootstrap("multiclass", LABELS, yt, yt, yt, metric="f1/c", n_resamples=20)
    assert out["a"] is None and out["diff"] is None and out["p_value"] is None
    same = ev.paired_bootstrap("multiclass", LABELS, yt, yt, yt, n_resamples=20)
    assert same["diff"] == 0.0 and same["p_value"] == 1.0


def test_folds_summary_ignores_undefined_label() -> None:
    folds = [
        {"macro_f1": 1.0, "per_label": {"a": {"f1": 1.0}, "c": {"f1": None}}},
        {"macro_f1": 0.5, "per_label": {"a": {"f1": 0.5}, "c": {"f1": 1.0}}},
    ]
    s = ev.summarise_folds(folds)
    assert s["f1/c"] == {"mean": 1.0, "std": None, "folds": 1}
    assert s["f1/a"]["mean"] == 0.75


def test_reports_show_na_and_a_note(tmp_path) -> None:
    yt = _onehot([0, 1, 0, 1])
    m = ev.evaluate_predictions("multiclass", LABELS, yt, yt.astype(float), n_bootstrap=20)
    paths = reports.write_report(tmp_path, m, title="t")
    md = (tmp_path / "report.md").read_text()
    row = next(line for line in md.splitlines() if line.startswith("| c "))
    assert row.count("n/a") >= 4 and "0.000" not in row
    assert "c has no gold item and no prediction" in md
    # The headline row says it averages fewer labels than the task has.
    assert "| Macro-F1 (2 of 3 labels) | 1.000 |" in md
    assert paths


def test_cli_table_shows_na_only_where_undefined() -> None:
    from rich.console import Console

    from classify.cli import metrics_table

    yt = _onehot([0, 1, 0, 1])
    m = ev.evaluate_predictions(
        "multiclass", LABELS, yt, yt.astype(float), n_bootstrap=20, y_train=_onehot([2, 2, 0])
    )
    con = Console(width=200, record=True)
    con.print(metrics_table(m, "t"))
    text = con.export_text()
    row = next(line for line in text.splitlines() if "F1 c (n=0)" in line)
    # The model's F1 for c is undefined; the baseline (always c) has F1 0 there.
    assert row.count("n/a") == 2 and "0.000" in row
    assert "c has no gold item" in " ".join(text.split())
    assert "macro_f1 (2 of 3 labels)" in text


def test_a_constant_predictor_cannot_reach_one_in_any_resample() -> None:
    # review 40: 20 favour, 1 against, 1 neutral, always "favour". Resamples
    # that drop against and neutral would score it 1.0 over favour alone.
    labels = ["favour", "against", "neutral"]
    yt, yp = _onehot([0] * 20 + [1, 2]), _onehot([0] * 22)
    m = ev.evaluate_predictions("multiclass", labels, yt, yp.astype(float), n_bootstrap=1000)
    # F1 favour = 40/42; against and neutral 0: macro 20/63, F_avg 10/21.
    assert m["macro_f1"] == pytest.approx(20 / 63, abs=1e-4)
    assert m["ci95"]["macro_f1"][1] <= 1 / 3 and m["ci95"]["f_avg"][1] < 0.5
    assert m["ci95"]["macro_f1"][0] <= m["macro_f1"] <= m["ci95"]["macro_f1"][1]


def test_compared_models_are_averaged_over_one_label_set() -> None:
    # Gold has no c. Both models err on unit 0: a says c, b says b.
    yt, ya, yb = _onehot([0, 0, 0, 1, 1]), _onehot([2, 0, 0, 1, 1]), _onehot([1, 0, 0, 1, 1])
    # Alone, a averages a, b and c (c predicted), b only a and b: 0.6 against 0.8.
    assert ev.compute_metrics("multiclass", LABELS, yt, ya)["macro_f1"] == 0.6
    assert ev.compute_metrics("multiclass", LABELS, yt, yb)["macro_f1"] == 0.8
    board = ev.compare_decisions("multiclass", LABELS, yt, {"a": ya, "b": yb}, n_resamples=300)
    rows = {r["name"]: r for r in board["rows"]}
    # Over a, b and c for both (c 0 for each): b's false "b" costs it; a ranks first.
    assert rows["a"]["macro_f1"] == pytest.approx(0.6)
    # F1: a 4/5 (one missed), b 4/5 (one false), c 0.
    assert rows["b"]["macro_f1"] == pytest.approx((0.8 + 0.8 + 0) / 3, abs=1e-4)
    test = board["tests"][0]
    assert (test["a_name"], test["b_name"]) == ("a", "b")
    assert test["diff"] == pytest.approx(rows["a"]["macro_f1"] - rows["b"]["macro_f1"], abs=1e-4)
    assert test["ci95"][0] <= test["diff"] <= test["ci95"][1]
    for row in rows.values():
        assert row["ci95"]["macro_f1"][0] <= row["macro_f1"] <= row["ci95"]["macro_f1"][1]


def test_cli_table_names_a_label_predicted_but_never_gold() -> None:
    from rich.console import Console

    from classify.cli import metrics_table

    # c is predicted once and is no unit's gold: F1 0 by definition.
    yt, yp = _onehot([0, 1, 0, 1]), _onehot([0, 1, 2, 1])
    m = ev.evaluate_predictions("multiclass", LABELS, yt, yp.astype(float), n_bootstrap=20)
    con = Console(width=200, record=True)
    con.print(metrics_table(m, "t"))
    text = con.export_text()
    assert "F1 c (n=0, predicted only)" in text and "F1 a (n=2)" in text
