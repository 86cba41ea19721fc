"""Review 33a: a text typed where a file goes, and a file path given as a text."""

from __future__ import annotations

import pytest
from cli_runner import run_cli
from test_roundtrip import TOPIC_CFG, write_items

import classify
from classify import api


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("m")
    data = write_items(tmp / "train.jsonl")
    return api.train(TOPIC_CFG, data=data, out=tmp / "m", cv=2).path


def test_a_sentence_where_predict_reads_files_is_told_how_to_give_texts(model, capsys):
    r = run_cli(capsys, "predict", model, "The embassy reopened today.")
    assert r.code == 1
    assert "file not found (inputs are files or folders" in r.err
    assert "a .csv with a 'text' column, or a .jsonl" in r.err
    # A missing path is only missing.
    r = run_cli(capsys, "predict", model, "no/such/file.jsonl")
    assert r.code == 1 and "inputs are files" not in r.err


def test_a_file_path_given_to_model_predict_as_a_text_is_said(model, tmp_path):
    m = classify.load_model(model)
    path = tmp_path / "texts.csv"
    path.write_text("text\nThe embassy reopened.\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"is a file, labelled here as a text; .*classify.predict"):
        m.predict(str(path))
    with pytest.warns(UserWarning, match=r"is a folder, labelled here as a text"):
        m.predict(str(tmp_path))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.predict("The embassy reopened in Minsk.")
    rows = classify.predict(m, path)
    assert list(rows["text"]) == ["The embassy reopened."]
