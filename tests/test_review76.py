"""Review 76 (issue 12, corpus analysis): fixes checked on inputs of our own."""

from __future__ import annotations

import json
import socket

import pandas as pd
import pytest
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify
from classify import api
from classify.engines.local import read_predictions

from conftest import ROOT

PARAGRAPHS = {
    "a1": ["Washington lifted sanctions on potash.", "The embassy will reopen.", "Markets rose."],
    "a2": ["Rights groups condemned the arrests.", "Police detained protesters.", "It rained."],
    "a3": ["The envoy welcomed the talks.", "Both sides agreed to talk.", "A museum opened."],
    "a4": ["New sanctions were imposed on Minsk.", "The EU froze assets.", "Traffic was heavy."],
}


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    d = tmp_path_factory.mktemp("m76")
    data = write_jsonl(d / "train.jsonl", labelled_rows())
    return {t: train_tfidf(t, data, d / t) for t in ("topic", "stance")}, data


def interleaved(path):
    """Paragraph rows of four articles, no article's rows adjacent."""
    rows = [
        {"id": f"{a}-{k}", "article_id": a, "text": texts[k], "date": f"2024-01-0{k + 1}"}
        for k in range(3)
        for a, texts in PARAGRAPHS.items()
    ]
    return write_jsonl(path, rows)


@pytest.mark.parametrize("task", ["topic", "stance"])
def test_an_article_is_pooled_whole_however_the_input_is_chunked(tmp_path, models, task):
    model = models[0][task]
    paras = interleaved(tmp_path / "paras.jsonl")
    whole = read_predictions(
        api.predict(model, paras, level="article", out=tmp_path / "whole.jsonl").path
    )
    for out in ("cut.jsonl", "cut.parquet"):
        cut = read_predictions(
            api.predict(model, paras, level="article", chunk_size=2, out=tmp_path / out).path
        )
        assert list(cut["id"]) == ["a1", "a2", "a3", "a4"]
        assert list(cut["n_units"]) == [3, 3, 3, 3]
        p = [c for c in whole.columns if c.startswith("p_")]
        pd.testing.assert_frame_equal(cut[p], whole[p])
        field = "topics" if task == "topic" else "stance"
        assert cut[field].tolist() == whole[field].tolist()
    # In memory too.
    frame = classify.predict(model, paras, level="article", chunk_size=2)
    assert list(frame["id"]) == ["a1", "a2", "a3", "a4"] and set(frame["n_units"]) == {3}


def test_analyse_refuses_predictions_another_model_wrote(tmp_path, models):
    (ms, data) = models
    # Another topic model: weaker regularisation, so other decisions.
    api.train(
        ROOT / "configs/topic-tfidf.yaml",
        data=[data],
        out=tmp_path / "other",
        cv=3,
        overrides={"data.split.method": "random", "thresholds.folds": 3, "model.params.C": 0.05},
    )
    other = tmp_path / "other"
    paras = interleaved(tmp_path / "paras.jsonl")
    written = api.predict(other, paras, out=tmp_path / "p.parquet").path
    with pytest.raises(classify.ClassifyError, match="was written by the model"):
        api.analyse(ms["topic"], predictions=[written], by="all", n_bootstrap=10)
    # The file's own model reads it.
    assert len(api.analyse(other, predictions=[written], by="all", n_bootstrap=10))
    # A JSONL file keeps no run key: its decisions tell.
    rows = [
        json.loads(x)
        for x in read_predictions(written).to_json(orient="records", lines=True).splitlines()
    ]
    for r in rows:
        r["topics"] = [] if r["topics"] else ["sanctions"]
    flipped = write_jsonl(tmp_path / "flipped.jsonl", rows)
    with pytest.raises(classify.ClassifyError, match="differs from model"):
        api.analyse(other, predictions=[flipped], by="all", n_bootstrap=10)


def test_scoring_options_with_predictions_or_a_cluster_are_refused(tmp_path, models):
    (ms, data) = models
    written = api.predict(ms["topic"], data, out=tmp_path / "p.parquet").path
    with pytest.raises(classify.ClassifyError, match="workers applies to scoring a corpus"):
        api.analyse(ms["topic"], predictions=[written], workers=2, by="all")
    with pytest.raises(classify.ClassifyError, match="has its own workers"):
        api.predict(ms["topic"], data, engine="ray", workers=2, address="localhost:6379")


def test_a_cluster_refusing_the_connection_says_how_to_authenticate(monkeypatch):
    ray = pytest.importorskip("ray")
    from classify.engines.ray_engine import ray_session

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    # Listening is answering: the kernel completes the handshake.
    port = server.getsockname()[1]

    def refuse(*args, **kwargs):
        raise ConnectionError(f"Failed to connect to Ray cluster at 127.0.0.1:{port}")

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    try:
        with (
            pytest.raises(classify.ClassifyError, match="RAY_AUTH_MODE=token"),
            ray_session(f"127.0.0.1:{port}"),
        ):
            pass
    finally:
        server.close()


def test_future_dates_note_says_what_the_figures_do_with_them():
    from classify.analysis import future_dates_note

    future = {"n": 1, "first": "x", "date": "2099-01-01", "day_month_swap": False}
    said = future_dates_note(future)
    # The figures leave those periods off (they never stretch the axis).
    assert "left off the figures' time axis" in said and "stretch" not in said


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('"We will not accept this at all," the White House said.', "White House"),
        ('"We will not accept this at all," said the White House.', "White House"),
        ('The White House said in a statement: "We will not accept this at all."', "White House"),
        ('"We will not accept this at all," said the White House in a statement.', "White House"),
        ('"We welcome the prisoners\' release," the Kremlin said on Monday.', "Kremlin"),
        (
            '"Sanctions stay in place," the State Department said in a statement.',
            "State Department",
        ),
        ('"Sanctions stay in place," said the U.S. Embassy in Minsk.', "U.S. Embassy in Minsk"),
        ('"Sanctions stay in place," the U.S. Embassy in Minsk said.', "U.S. Embassy in Minsk"),
        (
            'The U.S. Embassy in Minsk said: "Sanctions stay in place for now."',
            "U.S. Embassy in Minsk",
        ),
        # An official of the institution is no institution (check 78).
        ('"Sanctions stay in place," said the White House Press Secretary.', None),
        ('"Ties will improve," Mr. Novak subsequently told reporters in Minsk.', "Novak"),
        # An adverb between the speaker and the verb.
        (
            'Mr. Landau later told reporters that ties were "moving in the right direction".',
            "Landau",
        ),
    ],
)
def test_an_institution_is_one_speaker_however_the_attribution_is_turned(sentence, speaker):
    from classify.quotes import extract_quotes

    (quote,) = extract_quotes([sentence])
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        '"This deal," said Anna Kowalski, a Polish diplomat, "is a mistake we will regret."',
        '"This deal," Anna Kowalski, a Polish diplomat, said, "is a mistake we will regret."',
    ],
)
def test_an_interrupted_quotation_with_an_apposition_is_one(sentence):
    from classify.quotes import extract_quotes

    (quote,) = extract_quotes([sentence])
    assert quote.speaker == "Anna Kowalski"
    assert quote.text == "This deal is a mistake we will regret"


def test_a_model_trained_again_in_place_does_not_read_its_old_predictions(tmp_path, models):
    import shutil

    (ms, data) = models
    stance = tmp_path / "stance"
    shutil.copytree(ms["stance"], stance)
    written = api.predict(stance, data, out=tmp_path / "p.parquet").path
    # A copy (or a move) of the folder is the same model.
    shutil.copytree(stance, tmp_path / "copy")
    assert len(api.analyse(tmp_path / "copy", predictions=[written], by="all", n_bootstrap=10))
    # Trained again in place (other data): its argmax decisions would pass
    # any stance file, so the recorded model decides.
    api.train(
        ROOT / "configs/stance-tfidf.yaml",
        data=[data],
        out=stance,
        cv=3,
        overrides={"data.split.method": "random", "model.params.C": 0.05, "seed": 3},
        overwrite=True,
    )
    with pytest.raises(classify.ClassifyError, match="before it was trained again"):
        api.analyse(stance, predictions=[written], by="all", n_bootstrap=10)


@pytest.mark.parametrize(
    "text",
    [
        '"This deal," said Anna Kowalski, a Polish diplomat, "is a mistake." She added: "We '
        'will regret it."',
        '"This deal is a mistake," said Anna Kowalski, a Polish diplomat. She added: "We will '
        'regret it."',
        '"This deal is a mistake," Kowalski said. She added: "We will regret it for years."',
    ],
)
def test_she_added_carries_the_speaker_over(text):
    from classify.quotes import extract_quotes

    first, second = extract_quotes([text])
    assert second.speaker == first.speaker and second.speaker.endswith("Kowalski")


def test_someone_else_named_in_between_stops_the_carry_over():
    from classify.quotes import extract_quotes

    text = (
        '"This deal," Smith said, "is a mistake." Lukashenko disagreed. He added: "We will '
        'regret it for years."'
    )
    assert [q.speaker for q in extract_quotes([text])] == ["Smith", None]


def test_level_article_on_a_file_of_units_is_refused(tmp_path, models):
    ms = models[0]
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, paragraphs in PARAGRAPHS.items():
        (folder / f"{name}.txt").write_text(
            f"Headline {name}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    units = api.predict(ms["topic"], folder, out=tmp_path / "units.parquet").path
    assert set(read_predictions(units)["level"]) == {"paragraph"}
    with pytest.raises(classify.ClassifyError, match="this file holds units, not articles"):
        api.analyse(ms["topic"], predictions=[units], level="article", by="all")
    pooled = api.predict(ms["topic"], folder, level="article", out=tmp_path / "a.parquet").path
    assert len(
        api.analyse(ms["topic"], predictions=[pooled], level="article", by="all", n_bootstrap=10)
    )


def test_address_auto_without_a_cluster_says_none_runs(monkeypatch):
    ray = pytest.importorskip("ray")
    from classify.engines.ray_engine import ray_session

    def none_running(*args, **kwargs):
        raise ConnectionError("Could not find any running Ray instance. Please specify one.")

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", none_running)
    with (
        pytest.raises(classify.ClassifyError, match="no Ray cluster is running") as e,
        ray_session("auto"),
    ):
        pass
    assert "RAY_AUTH" not in str(e.value)


def test_level_article_reads_a_file_whose_rows_are_articles(tmp_path, models):
    (ms, data) = models
    rows = api.predict(ms["topic"], data, out=tmp_path / "rows.parquet").path
    assert set(read_predictions(rows)["level"]) <= {"article", "row"}
    assert len(
        api.analyse(ms["topic"], predictions=[rows], level="article", by="all", n_bootstrap=10)
    )
