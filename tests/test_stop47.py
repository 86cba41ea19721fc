"""Stop 47: fixes checked on inputs of our own."""

from __future__ import annotations

import json
import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify import api


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    d = tmp_path_factory.mktemp("s47")
    return train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")


def test_predict_says_where_the_gold_labels_of_a_labelled_file_went(stance_model, tmp_path, capsys):
    rows = [
        {"id": "g1", "text": "The envoys restore ties with Minsk.", "stance": "favour"},
        {"id": "g2", "text": "Rights groups condemn the arrests.", "stance": "against"},
        {"id": "g3", "text": "The cup final is on Sunday."},
    ]
    data = write_jsonl(tmp_path / "gold.jsonl", rows)
    result = run_cli(capsys, "predict", stance_model, data, "--out", tmp_path / "p.jsonl")
    assert result.code == 0
    # Two of the three items have a gold stance; the hint says how to keep or score them.
    assert "gold labels in its column 'stance' (2 items)" in result.err
    assert "--keep-columns stance" in result.err and "classify evaluate" in result.err
    written = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert "stance_input" not in written[0]

    # Kept: no warning, the gold beside the prediction (under the name given,
    # whatever its case, as --keep-columns keeps any column).
    for given, key in (("stance", "stance_input"), ("Stance", "Stance")):
        out = tmp_path / f"kept-{given}.jsonl"
        result = run_cli(
            capsys, "predict", stance_model, data, "--out", out, "--keep-columns", given
        )
        assert result.code == 0 and "gold labels" not in result.err
        kept = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r[key] for r in kept] == ["favour", "against", None]

    # An unlabelled file, and a list of texts in a notebook, get no warning.
    plain = write_jsonl(tmp_path / "plain.jsonl", [{"id": "u", "text": "Talks resume."}])
    result = run_cli(capsys, "predict", stance_model, plain, "--out", tmp_path / "u.jsonl")
    assert result.code == 0 and "gold labels" not in result.err
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.predict(stance_model, ["Talks resume."])
        api.predict(stance_model, data)  # a DataFrame back: the file keeps its gold


def test_predict_in_python_names_the_python_argument(stance_model, tmp_path):
    data = write_jsonl(
        tmp_path / "gold.jsonl", [{"id": "g1", "text": "Envoys meet.", "stance": "favour"}]
    )
    with pytest.warns(UserWarning, match=r"keep_columns=\['stance'\].*classify\.evaluate"):
        api.predict(stance_model, data, out=tmp_path / "p.parquet")
