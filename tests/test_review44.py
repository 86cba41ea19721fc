"""Review 44 (model families, issue 3): what a new user met.

``compare`` gave a model another interval beside other models; ensemble
weights were not checked (negative ones gave "probabilities" outside
[0, 1], zero ones failed after training) and an ensemble loaded whatever its
member list said; a damaged ``metrics.json`` or ``predictions.jsonl``
stopped a model that predicts without them, and damaged weights raised a
library's own error; unexpected failures exited 2 like a mistyped option;
``classify.train`` took no ``task=``; a folder compared with itself went
unremarked; the transformer family averaged a long text's windows for
topics."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify
from classify import evaluation as ev
from classify.errors import ClassifyError

from conftest import ROOT

LABELS = ["a", "b", "c"]


def _onehot(indices, k=3):
    out = np.zeros((len(indices), k), dtype=int)
    out[np.arange(len(indices)), indices] = 1
    return out


def test_a_models_interval_in_compare_is_its_own_whatever_it_is_compared_with():
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 3, 60)
    # c is rare in the gold: resamples without it are where companions differed.
    gold[gold == 2] = rng.choice([0, 1, 2], (gold == 2).sum(), p=[0.45, 0.45, 0.1])
    gold[:2] = 2
    own = gold.copy()
    own[rng.random(60) < 0.1] = 0
    yt, ya = _onehot(gold), _onehot(own)
    alone = ev.bootstrap_ci("multiclass", LABELS, yt, ya, n_resamples=300)["macro_f1"]
    rows = []
    for seed in (1, 2):
        other = rng.integers(0, 3, 60)  # a poor model that says c often
        board = ev.compare_decisions(
            "multiclass", LABELS, yt, {"m": ya, f"o{seed}": _onehot(other)}, n_resamples=300
        )
        rows.append(next(r for r in board["rows"] if r["name"] == "m"))
    assert rows[0]["ci95"]["macro_f1"] == rows[1]["ci95"]["macro_f1"]
    assert rows[0]["ci95"]["macro_f1"] == pytest.approx(alone, abs=1e-4)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("rev44") / "d.jsonl", labelled_rows())


ENSEMBLE = {
    "model.family": "ensemble",
    "model.params": {
        "members": [
            {"family": "tfidf-linear", "params": {"C": 1.0}},
            {"family": "tfidf-linear", "params": {"C": 10.0}},
        ]
    },
}


@pytest.mark.parametrize("weights", [[-1, 3], [0, 0]])
def test_ensemble_weights_are_checked_before_training(data, weights):
    with pytest.raises(ClassifyError, match=r"model.params.weights' is .* \(allowed: numbers of 0"):
        classify.train(
            ROOT / "configs" / "topic-tfidf.yaml",
            data=data,
            overrides={
                **ENSEMBLE,
                "model.params": {**ENSEMBLE["model.params"], "weights": weights},
            },
            save=False,
        )


def test_an_ensemble_loads_only_the_members_it_saved(data, tmp_path):
    out = tmp_path / "ens"
    classify.train(ROOT / "configs" / "topic-tfidf.yaml", data=data, overrides=ENSEMBLE, out=out)
    assert classify.load_model(out).predict(["Sanctions were extended."]) is not None
    info = json.loads((out / "model.json").read_text())
    info["params"]["members"] = info["params"]["members"][:1]
    (out / "model.json").write_text(json.dumps(info))
    with pytest.raises(ClassifyError, match="the ensemble's members do not agree"):
        classify.load_model(out)


def test_damaged_evaluation_files_leave_a_model_that_predicts(data, tmp_path, capsys):
    model = train_tfidf("stance", data, tmp_path / "m")
    text = (model / "predictions.jsonl").read_text()
    (model / "predictions.jsonl").write_text(text[:-40])
    (model / "metrics.json").write_text("{oops")
    with pytest.warns(UserWarning) as caught:
        clf = classify.load_model(model)
    said = " ".join(str(w.message) for w in caught)
    assert "metrics.json: damaged" in said and "predictions.jsonl: damaged" in said
    assert clf.predictions is None and clf.predict(["Talks resumed in Minsk."]) is not None
    r = run_cli(capsys, "predict", model, data, "--out", tmp_path / "p.jsonl")
    assert r.code == 0, r.err
    # Damaged weights: one line naming the weights folder.
    for npz in (model / "weights").glob("*.npz"):
        npz.write_bytes(npz.read_bytes()[:100])
    with pytest.raises(ClassifyError, match="weights"):
        classify.load_model(model).predict(["Talks resumed."])


def test_an_unexpected_failure_exits_1_not_2(data, tmp_path, capsys, monkeypatch):
    from classify import api

    def broken(*args, **kwargs):
        raise RuntimeError("something we did not foresee")

    monkeypatch.setattr(api, "build_dataset", broken)
    r = run_cli(capsys, "dataset", "build", data, "--out", tmp_path / "d")
    assert r.code == 1 and "error: unexpected RuntimeError: something we did not" in r.err


def test_train_takes_a_task_file_and_compare_says_a_folder_given_twice(data, tmp_path, capsys):
    task = tmp_path / "tone.yaml"
    task.write_text(
        "name: tone\nkind: multiclass\nfield: stance\nlabels: [favour, against, neutral]\n"
    )
    result = classify.train(
        ROOT / "configs" / "stance-tfidf.yaml", data=data, task=task, save=False
    )
    assert result.model.task.name == "tone"
    model = train_tfidf("stance", data, tmp_path / "m")
    r = run_cli(capsys, "compare", model, model, "--out", tmp_path / "cmp")
    assert r.code == 0, r.err
    assert "is given twice: it is compared with itself" in " ".join(r.err.split())


def test_transformer_windows_of_a_topic_text_take_the_highest():
    from classify.models.transformer import TransformerParams, window_pooling

    assert TransformerParams().pooling == "auto"
    assert window_pooling("auto", True) == "max" and window_pooling("auto", False) == "mean"
    assert window_pooling("mean", True) == "mean"


def test_an_empty_evaluation_file_is_said_not_used(data, tmp_path):
    model = train_tfidf("stance", data, tmp_path / "m")
    (model / "predictions.jsonl").write_text("")
    with pytest.warns(UserWarning, match=r"predictions.jsonl: damaged .*\(no rows\)"):
        clf = classify.load_model(model)
    assert clf.predictions is None
    with pytest.raises(ClassifyError, match="no evaluation predictions"):
        classify.analyse(model, data, by="all")
