"""Review 60: the working core as a new user met it, on inputs of our own:
a DataFrame with an article_id column in a notebook, a random split that
would leave nothing to train on, a missing text column, and a model saved
again from Python with its model card."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify
from classify.errors import ClassifyError


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    root = tmp_path_factory.mktemp("m")
    return classify.load_model(
        train_tfidf("topic", write_jsonl(root / "g.jsonl", labelled_rows()), root / "m")
    )


def test_predictions_are_keyed_like_a_frame_with_an_article_id_column(model):
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "article_id": ["x", "x", "y"],
            "text": ["Embassy reopened today in Minsk.", "New sanctions on banks were imposed.",
                     "Rights groups condemned the arrests."],
        },
        index=[10, 11, 12],
    )  # fmt: skip
    proba = classify.predict_proba(model, frame)
    assert list(proba.index) == [10, 11, 12]
    alone = classify.predict_proba(model, frame.drop(columns="article_id"))
    pd.testing.assert_frame_equal(proba, alone)
    keyed = classify.predict(model, frame.set_index("id"))
    assert list(keyed.index) == ["a", "b", "c"]


def test_a_random_split_that_would_leave_no_training_unit_is_refused(tmp_path, capsys):
    rows = [{"id": str(i), "text": f"Talks number {i} resumed in Minsk.", "stance": "favour"}
            for i in range(6)]  # fmt: skip
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    r = run_cli(capsys, "dataset", "build", data, "--split", "random", "--test-size", "0.99",
                "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 1
    assert "split 'random' with a test share of 0.99 leaves the training side empty" in r.err
    one = write_jsonl(tmp_path / "one.jsonl", rows[:1])
    r = run_cli(capsys, "dataset", "build", one, "--split", "random", "--out", tmp_path / "ds")
    assert r.code == 1 and "cannot split one unit" in r.err and "--split none" in r.err


def test_a_text_column_the_table_lacks_is_named_as_missing(tmp_path):
    from classify.data import load_examples

    path = write_jsonl(
        tmp_path / "t.jsonl", [{"id": "1", "body": "Talks resumed.", "stance": "favour"}]
    )
    with pytest.raises(
        ClassifyError, match=r"t.jsonl:line 1: row has no column 'text' \(columns: id, body"
    ):
        load_examples([path])


def test_a_model_saved_again_with_its_documents_has_its_card(model, tmp_path):
    from classify.reports import write_model_documents

    bare = model.save(tmp_path / "bare")
    full = model.save(tmp_path / "full", documents=write_model_documents)
    assert not (bare / "README.md").exists()
    assert (full / "README.md").is_file() and (full / "report.md").is_file()
    texts = ["Sanctions on Belarus were widened.", "Envoys met in Minsk."]
    again = classify.load_model(full)
    assert again.predict_scores(texts).tolist() == model.predict_scores(texts).tolist()


def test_modules_named_by_their_path_load_on_first_use():
    import subprocess
    import sys

    code = (
        "import classify; print(classify.units.split_sentences('Talks began. They ended.'));"
        "print(hasattr(classify, 'nosuch'))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:2] == ["['Talks began.', 'They ended.']", "False"]
