"""Review 63: corpus analysis as a new user met it, on inputs of our own: a
misspelt quantification method refused before any prediction, and outlets
in a CSV of predictions."""

from __future__ import annotations

import csv

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, news_table, train_tfidf, write_jsonl

import classify


@pytest.fixture(scope="module")
def topic_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("m")
    return train_tfidf("topic", write_jsonl(root / "g.jsonl", labelled_rows()), root / "topic")


def test_an_unknown_method_is_refused_before_predicting(topic_model, tmp_path, capsys, monkeypatch):
    import classify.api as api

    def never(*args, **kwargs):
        raise AssertionError("predicted before the methods were checked")

    monkeypatch.setattr(api, "_predict_frame", never)
    corpus = news_table(tmp_path / "c.csv")
    r = run_cli(capsys, "analyse", topic_model, corpus, "--methods", "naive,foo",
                "--out", tmp_path / "a")  # fmt: skip
    assert r.code == 1
    assert "unknown method 'foo' in --methods (allowed: naive, acc, pacc, em)" in r.err
    assert not (tmp_path / "a").exists()


def test_an_item_without_an_outlet_has_an_empty_sources_cell_in_csv(topic_model, tmp_path):
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "plain.txt").write_text(
        "Rights groups condemn arrests\n\nRights groups condemned the arrests of activists.\n",
        encoding="utf-8",
    )
    (tmp_path / "arts" / "wire.txt").write_text(
        "EU weighs sanctions\n\nMarch 3, 2021\n\nBRUSSELS (Reuters) - The EU weighed new "
        "sanctions on Tuesday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.csv"
    classify.predict(topic_model, tmp_path / "arts", out=out)
    rows = {r["article_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["plain"]["sources"] == ""
    assert rows["wire"]["sources"] == "Reuters"
    back = classify.read_predictions(out).set_index("article_id")
    assert back.loc["plain", "sources"] == [] and back.loc["wire", "sources"] == ["Reuters"]


def test_the_prior_shift_experiment_measures_every_method(tmp_path, monkeypatch):
    import json
    import sys

    from conftest import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "experiments"))
    import quantification_app

    rows = [{**r, "id": f"{r['id']}-{k}"} for k in range(2) for r in labelled_rows()]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    monkeypatch.setattr(
        sys, "argv", ["quantification_app.py", str(data), "--halves", "--size", "20",
                      "--reps", "1", "--bootstrap", "20", "--out", str(tmp_path / "r")],
    )  # fmt: skip
    quantification_app.main()
    result = json.loads((tmp_path / "r" / "quantification-app-halves.json").read_text())
    rows = {(r["task"], r["method"]): r for r in result["summary"]}
    assert set(rows) == {
        (t, m) for t in ("stance", "topic") for m in ("naive", "acc", "pacc", "em")
    }
    assert rows[("stance", "naive")]["samples"] == 66 and rows[("topic", "pacc")]["samples"] == 30
    assert all(0 <= r["mae"] <= 1 and 0 <= r["ci_coverage"] <= 1 for r in rows.values())
    assert "| stance | pacc |" in (tmp_path / "r" / "quantification-app-halves.md").read_text()


def test_member_temperature_recovers_the_confidence_of_a_sharpened_model(monkeypatch):
    import numpy as np

    from conftest import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "experiments"))
    from member_temperature import temperature, tempered

    rng = np.random.default_rng(0)
    calibrated = rng.dirichlet([1.0, 1.0, 1.0], size=4000)
    y = np.array([rng.choice(3, p=p) for p in calibrated])
    # Twice as confident as it should be: the fitted temperature undoes it.
    sharp = tempered(calibrated, 0.5)
    assert abs(temperature(sharp, y) - 2.0) < 0.2
    assert abs(temperature(calibrated, y) - 1.0) < 0.1
    np.testing.assert_allclose(tempered(sharp, 2.0), calibrated, atol=1e-6)
