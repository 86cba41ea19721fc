"""The Python API on data in memory: lists, pandas objects, Hugging Face
datasets, and model objects in place of model folders."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import classify
from classify import api
from classify.errors import ClassifyError

from conftest import ROOT

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"
RANDOM = {"data.split.method": "random", "data.split.test_size": 0.3}

FAVOUR = [
    "The two governments agreed to reopen their embassies.",
    "Envoys praised the new cooperation agreement.",
    "Leaders welcomed the restored diplomatic ties.",
    "The ministers signed a friendship treaty.",
    "Talks resumed and both sides hailed the progress.",
]
AGAINST = [
    "The minister condemned the sanctions as hostile.",
    "Diplomats were expelled after the spying row.",
    "The government recalled its ambassador in protest.",
    "New sanctions were imposed over the crackdown.",
    "Officials denounced the election as a fraud.",
]
NEUTRAL = [
    "The summit will take place in Vienna next week.",
    "The delegation arrived on Tuesday morning.",
    "The report was published by the foreign office.",
    "A spokesperson said the meeting lasted two hours.",
    "The conference schedule was announced today.",
]


def frame(copies: int = 2) -> pd.DataFrame:
    """Labelled stance texts with their own column names and index."""
    rows = []
    for k in range(copies):
        for label, texts in (("favour", FAVOUR), ("against", AGAINST), ("neutral", NEUTRAL)):
            for i, t in enumerate(texts):
                rows.append({"body": f"{t} Report {k}-{i}.", "stance": label})
    df = pd.DataFrame(rows)
    df.index = [f"doc{i}" for i in range(len(df))]
    return df


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("memory")
    result = api.train(
        STANCE_CFG, data=frame(), text_column="body", out=tmp / "model", overrides=RANDOM
    )
    return tmp, result


def test_train_on_a_dataframe_with_its_own_text_column(trained):
    tmp, result = trained
    assert result.path == tmp / "model"
    assert result.metrics["evaluation"]["method"] == "holdout"
    shown = repr(result)
    assert shown.startswith("TrainResult(") and "macro_f1=" in shown and len(shown) < 200
    assert result.metrics["n"] == round(len(frame()) * 0.3)
    # The text column is remembered, so evaluate reads the frame the same way.
    metrics = api.evaluate(tmp / "model", frame())
    assert metrics["n"] == len(frame())
    assert metrics["evaluation"]["data"] == "DataFrame"


def test_predict_keeps_the_index_of_a_series_and_dataframe(trained):
    _, result = trained
    df = frame().iloc[[3, 17, 25]]
    labels = classify.predict(result, df, text_column="body")
    assert isinstance(labels, pd.Series)
    assert list(labels.index) == ["doc3", "doc17", "doc25"]
    assert labels.name == "stance"
    proba = classify.predict_proba(result.model, df["body"])
    assert list(proba.index) == ["doc3", "doc17", "doc25"]
    assert list(proba.columns) == list(result.model.labels)
    assert proba.to_numpy().sum(axis=1) == pytest.approx([1, 1, 1], abs=1e-4)
    # The decisions are the most probable labels.
    assert list(labels) == list(proba.idxmax(axis=1))


def test_predict_on_a_list_of_texts_and_a_model_folder(trained):
    tmp, _ = trained
    texts = ["Leaders welcomed the treaty.", "Sanctions were imposed."]
    proba = classify.predict_proba(tmp / "model", texts)
    assert list(proba.index) == [0, 1] and proba.shape == (2, 3)
    frame_out = classify.predict(str(tmp / "model"), texts)
    assert list(frame_out["text"]) == texts and list(frame_out["id"]) == ["0", "1"]
    # The same texts as a loaded model give the same probabilities.
    again = classify.predict_proba(classify.load_model(tmp / "model"), texts)
    assert again.to_numpy() == pytest.approx(proba.to_numpy())


def test_sub_row_units_of_a_dataframe_come_back_as_units(trained):
    _, result = trained
    df = pd.DataFrame({"body": ["Envoys praised the deal. They met twice."]}, index=["a"])
    units = classify.predict(result, df, unit="sentence")
    assert isinstance(units, pd.DataFrame) and len(units) == 2
    pooled = classify.predict(result, df, unit="sentence", level="article")
    assert isinstance(pooled, pd.Series) and list(pooled.index) == ["a"]


def test_hugging_face_datasets(trained):
    datasets = pytest.importorskip("datasets")
    df = frame().reset_index(drop=True)
    dd = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_pandas(df.iloc[::2].reset_index(drop=True)),
            "test": datasets.Dataset.from_pandas(df.iloc[1::2].reset_index(drop=True)),
        }
    )
    result = api.train(STANCE_CFG, data=dd, text_column="body", save=False)
    # The DatasetDict's own splits are the held-out split.
    assert result.metrics["evaluation"]["split"] == "dataset"
    assert result.metrics["n"] == len(dd["test"])
    assert api.evaluate(result, dd)["n"] == len(dd["test"])
    assert len(classify.predict(result, dd["test"])) == len(dd["test"])
    with pytest.raises(ClassifyError, match="predict on one"):
        classify.predict(result, dd)


def test_build_dataset_from_memory(tmp_path):
    datasets = pytest.importorskip("datasets")
    summary = api.build_dataset(frame(), tmp_path / "ds", text_column="body", split="random")
    assert summary["sources"] == ["DataFrame"]
    assert summary["splits"]["train"]["n"] + summary["splits"]["test"]["n"] == len(frame())
    dd = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_pandas(frame().iloc[:20].reset_index(drop=True)),
            "test": datasets.Dataset.from_pandas(frame().iloc[20:].reset_index(drop=True)),
        }
    )
    summary = api.build_dataset(dd, tmp_path / "ds2", text_column="body")
    assert summary["split"] == {"method": "dataset"}
    assert summary["splits"]["test"]["n"] == len(frame()) - 20
    # A saved dataset loaded back into memory keeps its units and splits.
    loaded = datasets.load_from_disk(str(tmp_path / "ds2"))
    again = api.build_dataset(loaded, tmp_path / "ds3")
    assert again["splits"] == summary["splits"]


def test_compare_model_objects_and_in_memory_data(trained):
    tmp, result = trained
    other = api.train(
        STANCE_CFG,
        data=frame(),
        text_column="body",
        save=False,
        overrides={**RANDOM, "model.params.C": 0.01},
    )
    board = classify.compare([result, other], data=frame(), text_column="body")["stance"]
    assert {r["path"] for r in board["rows"]} == {str(tmp / "model"), "(in memory)"}
    assert all(r["n"] == len(frame()) for r in board["rows"])
    # Without data: both models' own held-out predictions (the same split).
    saved = classify.compare([tmp / "model", other])["stance"]
    assert all(r["n"] == result.metrics["n"] for r in saved["rows"])


def test_python_errors_name_arguments_not_flags(trained, tmp_path):
    tmp, result = trained
    with pytest.raises(ClassifyError, match=r"text_column=NAME") as err:
        classify.predict(result, pd.DataFrame({"body": ["x"]}).rename(columns={"body": "b"}))
    assert "--" not in str(err.value)
    with pytest.raises(ClassifyError, match=r"overwrite=True") as err:
        api.train(STANCE_CFG, data=frame(), text_column="body", out=tmp / "model")
    assert "--overwrite" not in str(err.value)
    with pytest.raises(ClassifyError, match=r"data=PATH"):
        api.train(STANCE_CFG)
    with pytest.raises(ClassifyError, match=r"annotations=FILE.*classify\.export_units") as err:
        api.evaluate(result, pd.DataFrame({"body": ["An unlabelled text.", "Another one."]}))
    assert "classify annotate" not in str(err.value)
    with pytest.raises(ClassifyError, match="mixes texts and paths"):
        classify.predict(result, ["A text about envoys.", "data/items.jsonl"])
    with pytest.raises(ClassifyError, match="Classifier"):
        classify.predict(42, ["A text."])
    with pytest.raises(ClassifyError, match=r"DataFrame:row doc1: row has no text"):
        df = frame().iloc[:3].copy()
        df.loc["doc1", "body"] = None
        api.evaluate(result, df)


def test_option_names_follow_the_caller():
    from classify.errors import cli_context, option

    assert option("text_column", "NAME") == "text_column=NAME"
    assert option("split", "random") == "split='random'"
    assert option("overwrite", True) == "overwrite=True"
    assert option("flip") == "flip"
    with cli_context():
        assert option("text_column", "NAME") == "--text-column NAME"
        assert option("split", "random") == "--split random"
        assert option("overwrite", True) == "--overwrite"
        assert option("tasks", "FILE", flag="--task") == "--task FILE"
    assert option("overwrite", True) == "overwrite=True"  # the context is left


def test_the_loaded_models_methods_read_pandas_and_datasets(trained):
    """model.predict / predict_proba on a DataFrame score its text column
    (the one the model was trained on, or text_column=) and keep its index;
    on a Series they keep its index; never the column names."""
    import datasets

    tmp, _ = trained
    model = classify.load_model(tmp / "model")
    df = frame().iloc[[2, 11, 20]]
    expected = model.predict_scores(list(df["body"]))
    proba = model.predict_proba(df)
    assert list(proba.index) == list(df.index)
    np.testing.assert_allclose(proba.to_numpy(), expected)
    labels = model.predict(df)
    assert isinstance(labels, pd.Series) and list(labels.index) == list(df.index)
    assert list(labels) == model.predict(list(df["body"]))
    series = pd.Series(list(df["body"]), index=[30, 10, 20])
    assert list(model.predict_proba(series).index) == [30, 10, 20]
    np.testing.assert_allclose(model.predict_proba(series).to_numpy(), expected)
    renamed = df.rename(columns={"body": "words"})
    np.testing.assert_allclose(model.predict_scores(renamed, text_column="words"), expected)
    with pytest.raises(ClassifyError, match=r"no text column 'text'.*text_column=NAME"):
        model.predict(pd.DataFrame({"words": ["a"], "other": ["b"]}))
    ds = datasets.Dataset.from_dict({"body": list(df["body"])})
    np.testing.assert_allclose(model.predict_scores(ds), expected)
    with pytest.raises(ClassifyError, match="several splits"):
        model.predict(datasets.DatasetDict({"train": ds, "test": ds}))
    # A dict {id: text} would classify its keys; it is refused with the way out.
    by_id = dict(zip(["d1", "d2", "d3"], df["body"]))
    for method in (model.predict, model.predict_proba):
        with pytest.raises(ClassifyError, match=r"a dict is not a list of texts.*pd.Series\(d\)"):
            method(by_id)
    np.testing.assert_allclose(model.predict_proba(pd.Series(by_id)).to_numpy(), expected)
    # The functions refuse it too (they read a dict's keys as file names).
    for call in (classify.predict, classify.predict_proba, classify.evaluate):
        for given in (by_id, {1: "Talks resumed."}):
            with pytest.raises(ClassifyError, match=r"a dict is not data.*pd.DataFrame\(d\)"):
                call(model, given)
        # A set has no order for the results to come back in.
        with pytest.raises(ClassifyError, match="a set has no order"):
            call(model, set(by_id.values()))
    for method in (model.predict, model.predict_proba):
        with pytest.raises(ClassifyError, match="a set has no order"):
            method(set(by_id.values()))


def test_evaluating_on_training_data_warns_in_python(trained):
    tmp, _ = trained
    with pytest.warns(api.TrainingOverlapWarning, match=r"exclude_train=True scores the rest"):
        metrics = api.evaluate(tmp / "model", frame())
    assert metrics["train_overlap"]["count"] > 0


def test_cli_predict_reads_the_models_text_column_like_evaluate(trained, tmp_path, capsys):
    """A model trained on a 'body' column predicts a file with a 'body'
    column without flags; a file without it is refused naming the columns."""
    import json

    from cli_runner import run_cli

    tmp, _ = trained
    rows = tmp_path / "new.jsonl"
    rows.write_text(
        "".join(json.dumps({"id": f"n{i}", "body": t}) + "\n" for i, t in enumerate(FAVOUR[:3])),
        encoding="utf-8",
    )
    result = run_cli(capsys, "predict", tmp / "model", rows, "--out", tmp_path / "p.jsonl")
    assert result.code == 0, result.err
    out = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [r["id"] for r in out] == ["n0", "n1", "n2"]
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "x", "text": "Talks resumed."}) + "\n", encoding="utf-8")
    result = run_cli(capsys, "predict", tmp / "model", other, "--out", tmp_path / "q.jsonl")
    assert result.code == 1
    assert "no column 'body' (columns: id, text; choose one with --text-column NAME)" in (
        result.err
    )
    result = run_cli(
        capsys,
        "predict",
        tmp / "model",
        other,
        "--text-column",
        "text",
        "--out",
        tmp_path / "q.jsonl",
    )
    assert result.code == 0, result.err


def test_row_positions_of_two_dataframes_are_not_the_same_units(trained):
    import warnings

    tmp, _ = trained
    new = pd.DataFrame(
        {
            "body": ["Both sides praised the restored ties.", "The embassy was shut in protest."],
            "stance": ["favour", "against"],
        }
    )
    # Rows 0 and 1 of another frame share only their positions with the
    # training frame: no overlap (review 24b) ...
    with warnings.catch_warnings():
        warnings.simplefilter("error", api.TrainingOverlapWarning)
        metrics = api.evaluate(tmp / "model", new)
    assert metrics["n"] == 2 and metrics["train_overlap"]["count"] == 0
    # ... while a training text is still found, whatever its position.
    again = pd.DataFrame({"body": [frame()["body"].iloc[3]], "stance": ["favour"]})
    with pytest.warns(api.TrainingOverlapWarning, match="1 of these units"):
        api.evaluate(tmp / "model", again)


def test_one_text_given_bare_is_labelled_not_read_as_a_path(trained, tmp_path):
    # review 25e: a sentence was read as a file name ("file not found").
    tmp, _ = trained
    text = "Leaders welcomed the restored diplomatic ties."
    table = classify.predict(tmp / "model", text)
    assert list(table["text"]) == [text] and list(table["id"]) == ["0"]
    proba = classify.predict_proba(tmp / "model", text)
    assert proba.to_numpy() == pytest.approx(
        classify.predict_proba(tmp / "model", [text]).to_numpy()
    )
    # A path stays a path, found or not.
    for path in ("nofile.jsonl", "my corpus.csv", str(tmp_path / "gone")):
        with pytest.raises(ClassifyError, match="not found") as err:
            classify.predict(tmp / "model", path)
        assert "pass a list" not in str(err.value)
    # One word is a path too, and the error says how to give it as a text.
    with pytest.raises(ClassifyError, match=r"file not found \(to label it as a text, pass a "
                       r"list: \['Sanctions'\]\)"):  # fmt: skip
        classify.predict(tmp / "model", "Sanctions")


def test_a_paragraph_longer_than_a_file_name_is_labelled(trained):
    # review 26a: a text over 255 bytes, one ordinary news paragraph, was
    # asked of the file system as a path and raised "File name too long".
    tmp, _ = trained
    long = (
        "The delegation toured the new embassy building in Minsk on Tuesday and met officials "
        "to discuss the next steps toward restoring full diplomatic relations between the two "
        "countries after years of sanctions and mutual recriminations over human rights abuses."
    )
    assert len(long.encode()) > 255
    table = classify.predict(tmp / "model", [long, "Talks resumed."])
    assert list(table["text"]) == [long, "Talks resumed."]
    assert list(classify.predict(tmp / "model", long)["text"]) == [long]
    proba = classify.predict_proba(tmp / "model", [long])
    model = classify.load_model(tmp / "model")
    assert proba.to_numpy() == pytest.approx(model.predict_proba([long]).to_numpy(), abs=1e-6)
    # A NUL character names no file either.
    assert list(classify.predict(tmp / "model", ["Talks\x00 resumed today."])["id"]) == ["0"]


def test_texts_in_memory_to_label_next(trained, tmp_path):
    # review 26a: export_units and suggest read a list of texts as paths
    # ("file not found"; a long one: "File name too long").
    tmp, _ = trained
    texts = [
        "Leaders welcomed the restored diplomatic ties and the new embassy in Minsk, "
        "praising years of patient talks between the two governments and their envoys "
        "after a long period of sanctions, recriminations and the closure of missions.",
        "Sanctions were widened on Friday.",
        "The embassy reopened after talks.",
    ]
    s = classify.export_units(texts, tmp_path / "all", format="csv")
    assert s["exported"] == 3
    written = pd.read_csv(tmp_path / "all" / "units.csv", dtype=str)
    assert list(written["text"]) == texts and list(written["unit"]) == ["0", "1", "2"]
    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": texts})
    # The pool is read as the model's training data was (its text column
    # `body`), as predict reads it; another column is named (review 27b).
    with pytest.raises(ClassifyError, match="no 'body' column"):
        classify.suggest(tmp / "model", frame, tmp_path / "next", n=2)
    s = classify.suggest(tmp / "model", frame, tmp_path / "next", n=2, text_column="text")
    assert s["exported"] == 2 and s["pool"] == 3
    chosen = [json.loads(x)["unit"] for x in (tmp_path / "next" / "units.jsonl").open()]
    assert len(chosen) == 2 and set(chosen) <= {"a", "b", "c"}
    # A path is still read as one, and a text given as a path is not found.
    with pytest.raises(ClassifyError, match="file not found"):
        classify.read_articles(texts[0])


def test_the_notebook_round_of_review_26e(trained, tmp_path):
    from pathlib import Path as P

    tmp, result = trained
    df = frame()
    # An empty string is no text, and no path either: it read the working
    # folder's pages as the corpus.
    for call in (classify.predict, classify.predict_proba):
        with pytest.raises(ClassifyError, match="texts must not be blank"):
            call(tmp / "model", "")
    # A model object wherever a model is, labelled data in memory wherever
    # labelled files are, and the text column named as elsewhere.
    model = classify.load_model(tmp / "model")
    # (A pool of new texts: the model's own training texts are never suggested.)
    pool = df.assign(body=df["body"] + " A later report.")
    for given in (model, result):
        s = classify.suggest(given, pool, tmp_path / f"s{id(given)}", n=3, text_column="body",
                             labelled=[pool.iloc[:10].rename(columns={"body": "text"})])  # fmt: skip
        assert s["exported"] == 3 and s["already_labelled"] == 10
    with pytest.raises(
        ClassifyError,
        match=r"no unlabelled row unit left in the pool \(\d+ are the model's training data\)",
    ):
        classify.suggest(model, df, tmp_path / "own", n=3, text_column="body")
    s = classify.export_units(pool, tmp_path / "e", text_column="body", strategy="active",
                              sample=4, model=result,
                              exclude=pool.iloc[:5].rename(columns={"body": "text"}))  # fmt: skip
    assert s["exported"] == 4 and s["already_labelled"] == 5
    # As suggest, active export never hands out the model's own training texts.
    with pytest.raises(ClassifyError, match=r"already labelled .*\(\d+ are the model's training"):
        classify.export_units(df, tmp_path / "e2", text_column="body", strategy="active",
                              sample=4, model=result)  # fmt: skip
    ranked = classify.audit_labels(df, STANCE_CFG, text_column="body", folds=3)
    assert len(ranked["rows"]) == len(df)
    table = classify.analyse(tmp / "model", df.assign(date="2020-01-01"), by="year",
                             text_column="body", n_bootstrap=10)  # fmt: skip
    assert set(table["n_units"]) == {len(df)}
    # A text that merely looks like a file name, among texts, is a text; a
    # Path object among texts is a mix, said as one.
    texts = ["report.csv", "Talks resumed on Friday."]
    assert list(classify.predict(tmp / "model", texts)["text"]) == texts
    with pytest.raises(ClassifyError, match="the list mixes texts and paths"):
        classify.predict(tmp / "model", [P(tmp_path / "x.jsonl"), "Talks resumed on Friday."])
    # Functions that take articles or one text say so.
    with pytest.raises(ClassifyError, match="make_units takes Articles"):
        classify.make_units(["Talks began. They ended."], "sentence")
    with pytest.raises(ClassifyError, match="split_sentences takes one text"):
        classify.split_sentences(None)
    # A DataFrame indexed by its ids keeps them.
    ids = [f"story-{i}" for i in range(len(df))]
    indexed = df.assign(id=ids).set_index("id")
    assert classify.load_examples(indexed, text_column="body").ids[:2] == ids[:2]


def test_one_split_is_the_data_for_evaluate(trained):
    # review 26g: a Dataset, or a DatasetDict of one split (a dataset built
    # with --split none), was refused for lacking a 'test' split.
    datasets = pytest.importorskip("datasets")
    tmp, _ = trained
    one = datasets.Dataset.from_pandas(frame(), preserve_index=False)
    with pytest.warns(api.TrainingOverlapWarning):
        assert classify.evaluate(tmp / "model", one, text_column="body")["n"] == len(frame())
    with pytest.warns(api.TrainingOverlapWarning):
        metrics = classify.evaluate(
            tmp / "model", datasets.DatasetDict({"train": one}), text_column="body"
        )
    assert metrics["n"] == len(frame())


def test_review_26i_splits_blanks_and_ids(trained, tmp_path):
    datasets = pytest.importorskip("datasets")
    from classify.memory import ids_by_position

    tmp, _ = trained
    df = frame()
    # Train and validation, no test: pooled and split by the config, said
    # so, and not reported as the data's own split.
    half = len(df) // 2
    dd = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_pandas(df.iloc[:half], preserve_index=False),
            "validation": datasets.Dataset.from_pandas(df.iloc[half:], preserve_index=False),
        }
    )
    with pytest.warns(UserWarning, match=r"splits \(train, validation\) have no 'train' and"):
        result = api.train(STANCE_CFG, data=dd, text_column="body", save=False, overrides=RANDOM)
    assert result.metrics["evaluation"]["split"] == "random"
    # An empty text among texts is a blank text, not a path (Path("") is
    # the working folder).
    with pytest.raises(ClassifyError, match=r"the text is empty") as err:
        classify.predict(tmp / "model", ["Talks resumed.", ""])
    assert "mixes texts and paths" not in str(err.value)
    with pytest.raises(ClassifyError, match=r"item 1 is missing \(None, NaN or NA\)"):
        classify.predict(tmp / "model", ["Talks resumed.", None])
    # Ids in the index are ids, not positions.
    indexed = df.assign(id=[f"n{i}" for i in range(len(df))]).set_index("id")
    assert not ids_by_position(indexed) and ids_by_position(df.reset_index(drop=True))
    # An unnamed index of labels of one's own names its rows too (review 154).
    assert not ids_by_position(df)


def test_annotations_checked_against_articles_in_a_dataframe(tmp_path):
    # review 26j: sources=DataFrame crashed on "truth value of a DataFrame";
    # a DataFrame given as a coder's file was a bare TypeError.
    articles = pd.DataFrame(
        {"id": ["a1", "a2"], "text": ["Envoys agreed to reopen the embassy.", "Sanctions grew."]}
    )
    coder = tmp_path / "coder.csv"
    coder.write_text("unit,stance\na1,favour\na2,against\nzz,neutral\n", encoding="utf-8")
    for sources in (articles, [articles]):
        result = classify.import_annotations([coder], annotator="c1", sources=sources)
        assert sorted(r.unit for r in result.records) == ["a1", "a2"]
        assert len(result.problems) == 1 and "'zz' is not in the sources" in result.problems[0]
    with pytest.raises(ClassifyError, match=r"annotation files are paths .* not DataFrame"):
        classify.import_annotations([pd.read_csv(coder)], annotator="c1")
    with pytest.raises(ClassifyError, match="annotation files are paths"):
        classify.agreement_report([pd.read_csv(coder), coder], tmp_path / "agr")


def test_a_blank_text_is_refused_not_labelled(trained):
    # review 26a: "" was given the model's bias as its label, without a word.
    model = classify.load_model(trained[0] / "model")
    for texts in ("", ["Talks resumed.", "  "]):
        with pytest.raises(ClassifyError, match=r"texts must not be blank; item \d is empty"):
            model.predict(texts)
    with pytest.raises(ClassifyError, match="item 1 is empty"):
        model.predict_proba(["Talks resumed.", ""])


def test_a_dataset_without_ids_is_numbered_as_a_list_is(trained):
    datasets = pytest.importorskip("datasets")
    tmp, _ = trained
    texts = ["Leaders welcomed the treaty.", "Sanctions were imposed."]
    as_list = classify.predict_proba(tmp / "model", texts)
    as_dataset = classify.predict_proba(tmp / "model", datasets.Dataset.from_dict({"body": texts}))
    pd.testing.assert_frame_equal(as_list, as_dataset)


def test_label_codes_are_named_as_codes_without_a_contradicting_warning():
    # review 25e: 0/1/2 for favour/against/neutral warned "no training unit
    # has the labels 'favour', 'against', 'neutral'" before the error.
    df = frame().assign(stance=lambda d: d["stance"].map({"favour": 0, "against": 1, "neutral": 2}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ClassifyError, match=r"label '0' is not in task 'stance' \(allowed: "
                           r"favour, against, neutral; labels are names: map the codes"):  # fmt: skip
            api.train(STANCE_CFG, data=df, text_column="body", save=False, overrides=RANDOM)


def test_a_dataframe_with_its_own_text_column_is_written_out_and_analysed(trained, tmp_path):
    # review 27h: with out= the run's key read the frame as if its text were
    # in `text` ("the DataFrame has no 'text' column") though text_column said.
    tmp, _ = trained
    df = frame(1).drop(columns="stance")
    df["date"] = ["2019-05-02", "2020-03-04", "2021-07-08"] * (len(df) // 3)
    run = classify.predict(tmp / "model", df, out=tmp_path / "p.jsonl", text_column="body")
    assert run.rows == len(df)
    in_memory = classify.predict(tmp / "model", df, text_column="body")
    written = classify.read_predictions(tmp_path / "p.jsonl")
    assert list(written["stance"]) == list(in_memory)
    table = classify.analyse(
        tmp / "model", df, by="year", text_column="body", out=tmp_path / "an", n_bootstrap=0
    )
    assert set(table["group"]) == {"2019", "2020", "2021"}
    assert (tmp_path / "an" / "report.html").is_file()


def test_a_written_prediction_file_joins_back_to_a_filtered_frame(trained, tmp_path):
    # A frame filtered to some rows keeps its index; the file written with
    # out= named its rows 0, 1, 2 (their positions), so a join on the index
    # put each prediction beside another row's text.
    tmp, _ = trained
    df = pd.DataFrame({"body": FAVOUR + AGAINST}).iloc[[7, 2, 9]]
    classify.predict(tmp / "model", df, out=tmp_path / "p.jsonl", text_column="body")
    written = classify.read_predictions(tmp_path / "p.jsonl")
    assert list(written["id"]) == ["7", "2", "9"]
    joined = df.join(
        written.assign(id=written["id"].astype(int)).set_index("id")["text"].rename("t")
    )
    assert (joined["body"] == joined["t"]).all()
    in_memory = classify.predict(tmp / "model", df, text_column="body")
    assert list(written["stance"]) == list(in_memory.loc[[7, 2, 9]])
    # Ids are the labels as index.astype(str) writes them (a join on that
    # finds them); labels that are missing, or alike once written and
    # trimmed, cannot be ids, so the rows are named by position.
    from classify.memory import memory_rows

    def ids(index):
        texts = pd.DataFrame({"body": FAVOUR[:3]}, index=index)
        rows = memory_rows(texts, api.ReadOptions(text_column="body"))[1]
        return [row["id"] for row, _ in rows]

    assert ids(pd.to_datetime(["2021-01-01", "2021-01-02", "2021-01-03"])) == [
        "2021-01-01",
        "2021-01-02",
        "2021-01-03",
    ]
    for alike in ([1, "1", 2], ["a", "a ", "b"], [None, "b", "c"]):
        assert ids(pd.Index(alike, dtype=object)) == ["0", "1", "2"]
    # An index that names two rows alike cannot be their ids: positions.
    doubled = pd.DataFrame({"body": FAVOUR[:2]}, index=["a", "a"])
    table = classify.predict(tmp / "model", doubled, out=tmp_path / "d.jsonl", text_column="body")
    assert table.rows == 2
    assert list(classify.read_predictions(tmp_path / "d.jsonl")["id"]) == ["0", "1"]


def test_import_annotations_takes_the_text_column_its_hint_names(tmp_path):
    # review 27h: the hint said text_column=NAME, which it did not take.
    articles = pd.DataFrame({"id": ["a1", "a2"], "body": ["Envoys met.", "Talks resumed."]})
    coder = tmp_path / "coder.csv"
    coder.write_text("unit,stance\na1,favour\na2,neutral\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="text_column=NAME"):
        classify.import_annotations([coder], sources=articles)
    result = classify.import_annotations([coder], sources=articles, text_column="body")
    assert [(r.unit, r.values["stance"]) for r in result.records] == [
        ("a1", "favour"),
        ("a2", "neutral"),
    ]


def test_pandas_epoch_dates_are_named_as_such(tmp_path):
    # to_json writes timestamps as milliseconds since 1970 by default.
    df = pd.DataFrame(
        {
            "id": ["a", "b"],
            "text": ["Envoys met.", "Talks."],
            "date": pd.to_datetime(["2018-03-14"] * 2),
        }
    )
    path = tmp_path / "d.jsonl"
    df.to_json(path, orient="records", lines=True)
    with pytest.raises(ClassifyError, match=r"milliseconds since 1970.*date_format='iso'"):
        classify.read_articles(path)
    df.to_json(path, orient="records", lines=True, date_format="iso")
    assert [a.date for a in classify.read_articles(path)] == ["2018-03-14", "2018-03-14"]


def test_analyse_in_python_warns_of_groups_off_the_time_axis(trained):
    tmp, _ = trained
    df = frame(1).drop(columns="stance")
    df["date"] = ["2019-05-02", "2019-06-04", "2018"] * (len(df) // 3)
    with pytest.warns(UserWarning, match=r"Not drawn \(no month to place on the time axis\): 2018"):
        classify.analyse(tmp / "model", df, by="month", text_column="body", n_bootstrap=0)


def test_no_texts_give_empty_results_of_the_usual_shape(trained):
    """A notebook's filter that leaves nothing: an empty list, DataFrame or
    Series is no texts (not "no inputs given"), with the label columns the
    same call gives for texts, as the loaded model's own methods do."""
    tmp, _ = trained
    model = classify.load_model(tmp / "model")
    labels = list(model.labels)
    empty = pd.DataFrame({"body": pd.Series([], dtype=str)})
    for inputs in ([], (), pd.Series([], dtype=str), empty):
        kwargs = {"text_column": "body"} if inputs is empty else {}
        proba = classify.predict_proba(model, inputs, **kwargs)
        assert proba.shape == (0, 3) and list(proba.columns) == labels
    frame_out = classify.predict(model, [])
    assert len(frame_out) == 0
    assert {"id", "text", "stance", *(f"p_{lab}" for lab in labels)} <= set(frame_out.columns)
    assert model.predict_proba([]).shape == (0, 3)


def test_a_configured_id_column_a_dataframe_lacks_is_an_error_as_for_a_file(tmp_path):
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        f"task: {ROOT / 'configs/tasks/stance.yaml'}\nmodel: {{family: tfidf-linear}}\n"
        "data: {text_column: body, id_column: doc_id}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ClassifyError, match=r"the DataFrame has no 'doc_id' column.*'data.id_column'"
    ):
        api.train(cfg, data=frame().reset_index(drop=True), cv=3, save=False)
    # Named by the index, the ids are there.
    named = frame().rename_axis("doc_id")
    result = api.train(cfg, data=named, cv=3, save=False)
    assert result.model.info["training"]["units"]["ids"][:2] == ["doc0", "doc1"]


def test_read_articles_takes_a_dataframe_as_its_table():
    # Iterating a DataFrame gives its column names, which were read as paths
    # ("text: file not found").
    from classify.articles import read_articles

    df = pd.DataFrame(
        {"text": FAVOUR[:2], "date": ["2021-03-04", "2022"], "stance": ["favour", "against"]},
        index=["a", "b"],
    )
    articles = read_articles(df)
    assert [(a.id, a.date, a.labels) for a in articles] == [
        ("a", "2021-03-04", {"stance": "favour"}),
        ("b", "2022", {"stance": "against"}),
    ]
    assert articles[0].paragraphs == [FAVOUR[0]] and articles[1].path == "DataFrame:row b"
    with pytest.raises(ClassifyError, match="no readable articles"):
        read_articles(df.iloc[:0])
    with pytest.raises(ClassifyError, match="duplicate id 'a'"):
        read_articles(df, df)


def test_python_hints_name_arguments_the_function_takes(tmp_path):
    # review 37: Python messages told read_articles to take text_column= and
    # id_column=, train to take annotations= and date_column=: none existed.
    from classify.articles import read_articles

    body = pd.DataFrame({"body": ["Talks resumed."]})
    with pytest.raises(ClassifyError, match=r"name the text column with text_column=NAME"):
        read_articles(body)
    assert read_articles(body, text_column="body")[0].paragraphs == ["Talks resumed."]
    export = tmp_path / "export.jsonl"
    export.write_text('{"Article ID": "x1", "text": "Talks resumed."}\n')
    with pytest.warns(UserWarning, match=r"pass options=ReadOptions\(id_column='Article ID'\)$"):
        read_articles(export)
    # train takes the gold file as an argument of its own, as --annotations.
    unlabelled = pd.DataFrame({"text": ["Talks resumed.", "Sanctions."], "Smith, John": [1, 2]})
    with pytest.raises(ClassifyError) as caught:
        api.train(STANCE_CFG, data=unlabelled, save=False)
    said = str(caught.value)
    assert "columns read: text, 'Smith, John')" in said  # no id column the frame lacks
    assert "or pass annotations=FILE" in said
    dated = tmp_path / "dated.csv"
    # Four different sentences of each stance (one sentence numbered four
    # times is one text to a split: near-duplicates are drawn together).
    rows = "".join(f"{i},{t} {i}.,2021-03-0{i % 9 + 1},{s}\n" for i, (t, s) in enumerate(
        [pair for k in range(4)
         for pair in ((FAVOUR[k], "favour"), (AGAINST[k], "against"), (NEUTRAL[k], "neutral"))]
    ))  # fmt: skip
    dated.write_text("id,text,when,stance\n" + rows)
    with pytest.warns(UserWarning, match=r"pass overrides=\{'data.date_column': 'when'\} to read"):
        api.train(STANCE_CFG, data=dated, save=False, cv=2)
