"""Stop 46: fixes checked on inputs of our own."""

from __future__ import annotations

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify import api
from classify.errors import ClassifyError

CORPUS = [
    {"id": "c1", "text": "Washington lifted sanctions on potash.", "date": "2024-01-03"},
    {"id": "c2", "text": "Rights groups condemned the arrests.", "date": "2024-02-11"},
    {"id": "c3", "text": "The envoy welcomed the talks with Minsk.", "date": "2024-02-20"},
]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """A stance model and its predictions of a small corpus."""
    d = tmp_path_factory.mktemp("s46")
    model = train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")
    corpus = write_jsonl(d / "corpus.jsonl", CORPUS)
    return model, api.predict(model, corpus, out=d / "pred.jsonl").path, d


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--unit", "sentence"], "--unit"),
        (["--chunk-size", "10"], "--chunk-size"),
        (["--resume"], "--resume"),
        (["--text-column", "body"], "--text-column"),
        (["--id-column", "doc"], "--id-column"),
        (["--delimiter", ";"], "--delimiter"),
        (["--date-order", "day-first"], "--date-order"),
        (["--on-error", "skip"], "--on-error"),
    ],
)
def test_analyse_predictions_refuses_options_for_reading_or_scoring_a_corpus(
    capsys, scored, tmp_path, extra, named
):
    model, pred, _ = scored
    out = tmp_path / "an"
    r = run_cli(
        capsys, "analyse", model, "--predictions", pred, "--out", out, "--by", "all", *extra
    )
    assert r.code != 0
    assert named in r.err and "--predictions" in r.err
    assert "Traceback" not in r.err
    assert not out.exists()
    # Without the option the same files are analysed.
    ok = run_cli(capsys, "analyse", model, "--predictions", pred, "--out", out, "--by", "all")
    assert ok.code == 0, ok.err
    assert (out / "prevalence.csv").is_file()


def test_analyse_predictions_refusals_in_the_api(scored, tmp_path):
    model, pred, _ = scored
    for kwargs, named in (
        ({"unit": "sentence"}, "unit applies"),
        ({"chunk_size": 7}, "chunk_size applies"),
        ({"resume": True}, "resume applies"),
    ):
        with pytest.raises(ClassifyError, match=named):
            api.analyse(model, predictions=pred, by="all", out=tmp_path / "x", **kwargs)
    table = api.analyse(model, predictions=pred, by="all")
    assert set(table["task"]) == {"stance"}
