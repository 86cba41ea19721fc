"""Training rules that sit around every family: thresholds, refusals, splits."""

from __future__ import annotations

import numpy as np
import pytest
from test_roundtrip import TRAIN, write_items

from classify.config import load_train_config
from classify.data import load_examples
from classify.errors import ClassifyError
from classify.tasks import load_task
from classify.training import check_trainable, fit

from conftest import ROOT

TOPIC = load_task(ROOT / "configs/tasks/topic.yaml")


def test_rare_labels_keep_the_default_threshold(tmp_path):
    # Without the sanctions-only items, sanctions has 3 positives in 33 items:
    # too few to tune on, so it keeps 0.5; the other labels are tuned.
    rows = [r for r in TRAIN if r[1] != ["sanctions"]] * 3
    data = write_items(tmp_path / "d.jsonl", rows)
    cfg = load_train_config(ROOT / "configs/topic-tfidf.yaml")
    ex = load_examples(data)
    positives = ex.y(TOPIC).sum(axis=0)
    assert positives.tolist() == [15, 3, 12]
    fitted = fit(cfg, ex)
    for label, count, threshold in zip(TOPIC.labels, positives, fitted.thresholds):
        if count < 5:
            assert threshold == 0.5, label
        else:
            assert 0.05 <= threshold <= 0.95, label
    # The labels kept at 0.5 are named with their positives (stop 55: the card says so).
    assert fitted.tuning == {"method": "cv", "folds": 5, "kept_default": {"sanctions": 3}}


def test_refuses_single_class_data():
    y = np.array([[0, 0, 1]] * 5)
    stance = load_task(ROOT / "configs/tasks/stance.yaml")
    with pytest.raises(ClassifyError, match="every unit is 'neutral'"):
        check_trainable(stance, y, source="d.jsonl")
    with pytest.raises(ClassifyError, match="every 'topics' label is constant"):
        check_trainable(TOPIC, np.zeros((5, 3), dtype=int), source="d.jsonl")
    check_trainable(TOPIC, np.array([[1, 0, 0], [0, 0, 0]]), source="d.jsonl")


def test_a_test_file_without_a_label_the_model_learned_is_said(tmp_path):
    # review 26f: a --test file without 'against' scored F1 0 or n/a on it
    # without a word.
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api

    rows = labelled_rows()
    data = write_jsonl(tmp_path / "train.jsonl", rows)
    test = write_jsonl(
        tmp_path / "test.jsonl",
        [dict(r, id=f"x{i}", text=r["text"] + " Later.") for i, r in enumerate(rows)
         if r["stance"] != "against"],
    )  # fmt: skip
    with pytest.warns(UserWarning, match=r"no test unit has the label 'against': its F1 is 0"):
        api.train(ROOT / "configs/stance-tfidf.yaml", data=[data], test=test, save=False)


def test_a_test_part_too_small_to_measure_is_said(tmp_path):
    # review 28d: a shipped date cutoff on a researcher's own data left 10
    # test units and "F1 against (n=2) 1.000 [1.000, 1.000]", without a word.
    import warnings

    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api

    rows = labelled_rows()
    data = write_jsonl(tmp_path / "train.jsonl", rows)
    late = sum(r["date"] >= "2017-01-01" for r in rows)
    cutoff = {"data.split.method": "date", "data.split.cutoff": "2017-01-01"}
    with pytest.warns(UserWarning, match=rf"the test part holds {late} units, \w+ in \d") as said:
        result = api.train(
            ROOT / "configs/stance-tfidf.yaml", data=[data], overrides=cutoff, save=False
        )
    assert result.metrics["n"] == late < 50
    message = next(str(w.message) for w in said if "test part holds" in str(w.message))
    assert "or use cv=K, which tests every labelled unit" in message
    assert "(under 5 each): too few" in message
    # evaluate and compare on a small labelled file say it too (review 28g).
    model = api.train(
        ROOT / "configs/stance-tfidf.yaml", data=[data], cv=3, out=tmp_path / "m"
    ).path
    small = write_jsonl(
        tmp_path / "small.jsonl", [dict(r, id=f"n{i}") for i, r in enumerate(rows[:12])]
    )
    # No split was made there: "the data", not "the test part" (stop 48).
    with pytest.warns(UserWarning, match="the data holds 12 units.*label more units"):
        api.evaluate(model, small)
    with pytest.warns(UserWarning, match="the data holds 12 units.*label more units"):
        api.compare([model, model], data=small)
    # With a named test file there is no split to move (review 29b).
    with pytest.warns(UserWarning, match="the test part holds 12 units") as said:
        api.train(ROOT / "configs/stance-tfidf.yaml", data=[data], test=small, save=False)
    message = next(str(w.message) for w in said if "test part holds" in str(w.message))
    assert "label more units" in message and "move the split" not in message
    # Cross-validation tests every unit: no such warning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.train(ROOT / "configs/stance-tfidf.yaml", data=[data], cv=3, save=False)
    assert not [w for w in caught if "test part holds" in str(w.message)]


def test_folds_by_year_name_the_years_they_test(tmp_path):
    # review 28d: with --group date the fold years were nowhere, so that a
    # fold's model trained on later years than it tests went unseen.
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api

    rows = labelled_rows()
    data = write_jsonl(tmp_path / "train.jsonl", rows)
    result = api.train(
        ROOT / "configs/stance-tfidf.yaml", data=[data], cv=3, group="date", out=tmp_path / "m"
    )
    folds = result.metrics["cv"]["folds"]
    tested = [year for fold in folds for year in fold["test_groups"]]
    assert sorted(tested) == sorted({r["date"][:4] for r in rows})  # each year in one fold
    assert [fold["n"] for fold in folds] == [
        sum(r["date"][:4] in fold["test_groups"] for r in rows) for fold in folds
    ]
    report = (tmp_path / "m" / "report.md").read_text()
    assert "| Fold | Tested years | n |" in report
    assert f"| 1 | {', '.join(folds[0]['test_groups'])} | {folds[0]['n']} |" in report


def test_the_overlap_sentence_counts_in_the_right_number():
    from classify.api import overlap_message

    assert overlap_message(1).startswith("1 of these units was in the model's training data")
    assert overlap_message(3).startswith("3 of these units were in the model's training data")
