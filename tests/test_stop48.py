"""Stop 48: fixes checked on inputs of our own."""

from __future__ import annotations

import numpy as np
import pytest
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    d = tmp_path_factory.mktemp("s48")
    return train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")


def test_the_baseline_lists_as_undefined_only_the_labels_its_average_leaves_out():
    from classify.evaluation import evaluate_predictions

    labels = ["favour", "against", "neutral"]
    # No favour in the test data, and the baseline (always neutral) never
    # says it; the model does, so both macro-F1s average all three labels.
    y_test = np.array([[0, 1, 0]] * 5 + [[0, 0, 1]] * 5)
    proba = np.array([[0.8, 0.1, 0.1]] * 2 + [[0.1, 0.8, 0.1]] * 3 + [[0.1, 0.1, 0.8]] * 5)
    y_train = np.array([[0, 0, 1]] * 10)
    m = evaluate_predictions("multiclass", labels, y_test, proba, y_train=y_train, n_bootstrap=0)
    assert "undefined_labels" not in m
    assert "undefined_labels" not in m["baseline"]
    assert m["baseline"]["macro_f1"] == pytest.approx((0 + 0 + 2 / 3) / 3, abs=1e-4)
    # Its per-label figures stay its own: favour has neither gold nor a guess.
    assert m["baseline"]["per_label"]["favour"]["f1"] is None


def test_a_reference_returning_one_number_per_text_is_told_so():
    from classify.errors import ClassifyError
    from classify.experiments import ReferenceEntry, _reference_decisions

    ref = ReferenceEntry(name="mine", function="refs.py:mine")
    with pytest.raises(
        ClassifyError, match=r"one value per text \(4, such as 2: class indices\?\)"
    ):
        _reference_decisions(ref, [2, 0, 1, 1], 4, 3)
    # Nothing returned for no test text is still the shape that is wrong.
    with pytest.raises(ClassifyError, match=r"returned 0 where 0x3"):
        _reference_decisions(ref, [], 0, 3)


def test_a_learning_curve_on_test_units_without_a_label_says_so():
    from classify.reports import experiment_markdown

    board = {
        "task": "stance",
        "protocol": "date",
        "n_test": 4,
        "metric": "macro_f1",
        "rows": [{"name": "m", "macro_f1": 0.5, "ci95": [0.4, 0.6]}],
        "tests": [],
        "labels_without_gold": ["favour"],
        "seeds": [1],
    }
    curve = {
        "task": "stance",
        "model": "m",
        "protocol": "date",
        "n_train": [10, 20],
        "macro_f1_mean": [0.4, 0.5],
        "macro_f1_std": [0.0, 0.0],
        "seeds": [1, 1],
    }
    summary = {"name": "x", "leaderboards": [board], "learning_curves": [curve]}
    text = experiment_markdown(summary, {})
    curves = text[text.index("## Learning curves") :]
    assert "No test unit has 'favour'" in curves
    # A curve of another protocol, whose test units have every label, has no note.
    other = {**curve, "protocol": "random"}
    text = experiment_markdown({**summary, "learning_curves": [other]}, {})
    assert "No test unit has" not in text[text.index("## Learning curves") :]


def test_model_predict_reads_a_text_column_padded_with_spaces(stance_model):
    import pandas as pd

    from classify.store import load_model

    model = load_model(stance_model)
    texts = ["The envoys restore ties with Minsk.", "Rights groups condemn the arrests."]
    padded = pd.DataFrame({" id ": ["a", "b"], " Text ": texts})
    assert list(model.predict(padded)) == model.predict(texts)
    # Two columns that both read as 'text' are not guessed between.
    from classify.errors import ClassifyError

    both = pd.DataFrame({"Text ": texts, " text": texts})
    with pytest.raises(ClassifyError, match="no text column 'text'"):
        model.predict(both)


def test_a_slow_stage_logs_seconds_each_not_zero_per_second(monkeypatch, capsys):
    import time

    from classify import cli

    clock = iter([0.0, 40.0, 80.0, 200.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    report = cli._log_reporter(10)
    report("fitting folds", 0, 5)
    report("fitting folds", 1, 5)  # 40 s for the first fold
    report("fitting folds", 2, 5)
    report("predicting", 0, 1000)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("fitting folds: 1/5 (20%) 40.0 s each, elapsed 40s, ETA 2m40s")
    assert "0/s" not in "\n".join(err)
    assert [cli._rate(r) for r in (310.4, 2.54, 0.0)] == ["310/s", "2.5/s", "0/s"]
