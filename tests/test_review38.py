"""Review 38: a notebook user's mistakes, and hints that must name what the
function called takes (following each hint literally has to work)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from cli_runner import run_cli

import classify
from classify import api
from classify.errors import ClassifyError
from classify.tables import ReadOptions

from conftest import ROOT

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"
TEXTS = {
    "favour": [
        "The two governments agreed to reopen their embassies.",
        "Envoys praised the new cooperation agreement.",
        "Leaders welcomed the restored diplomatic ties.",
        "The ministers signed a friendship treaty.",
    ],
    "against": [
        "The minister condemned the sanctions as hostile.",
        "Diplomats were expelled after the spying row.",
        "The government recalled its ambassador in protest.",
        "New sanctions were imposed over the crackdown.",
    ],
    "neutral": [
        "The summit will take place in Vienna next week.",
        "The delegation arrived on Tuesday morning.",
        "The report was published by the foreign office.",
        "A spokesperson said the meeting lasted two hours.",
    ],
}


def labelled(copies: int = 2) -> pd.DataFrame:
    rows = [
        {"text": f"{t} Item {k}-{i}.", "stance": label, "date": f"20{10 + i}-0{1 + k}-02"}
        for k in range(copies)
        for label, texts in TEXTS.items()
        for i, t in enumerate(texts)
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("r38")
    return api.train(STANCE_CFG, data=labelled(), out=tmp / "m", cv=2).path


def said(record) -> str:
    return " ".join(str(w.message) for w in record)


def test_a_dataframe_is_read_as_its_file_twin_would_be():
    from classify.articles import read_articles

    # Column names as spreadsheets write them stand for text and id.
    arts = read_articles(pd.DataFrame({"Text": ["a b", "c d"], "ID": ["x1", "x2"]}))
    assert [a.id for a in arts] == ["x1", "x2"] and arts[0].paragraphs == ["a b"]
    assert read_articles(pd.DataFrame({"text ": ["a b"]}))[0].paragraphs == ["a b"]
    # An article id column beside no id column is said, as for a file.
    with pytest.warns(UserWarning, match=r"rows are named by the index and 'Article ID' is read"):
        read_articles(pd.DataFrame({"text": ["a b", "c d"], "Article ID": ["s1", "s1"]}))
    # Dates pandas parsed, and compact dates in a dated column, are named;
    # every DataFrame is a table of its own (the notes speak again).
    when = pd.DataFrame(
        {"text": ["a b", "c d"], "when": pd.to_datetime(["2021-03-04", "2021-03-05"])}
    )
    for _ in range(2):
        with pytest.warns(UserWarning, match=r"pass options=ReadOptions\(date_column='when'\)"):
            read_articles(when)
    dated = read_articles(when, options=ReadOptions(date_column="when"))
    assert [a.date for a in dated] == ["2021-03-04", "2021-03-05"]
    compact = pd.DataFrame({"text": ["a b"], "issued": [20220304]})
    with pytest.warns(UserWarning, match="column 'issued' holds dates"):
        read_articles(compact)


def test_an_index_that_cannot_name_rows_is_said(model):
    alike = pd.DataFrame({"text": TEXTS["favour"][:2]}, index=pd.Index([1, "1"], dtype=object))
    with pytest.warns(UserWarning, match=r"name its rows by position \(0, 1, \.\.\.\)") as said:
        classify.predict_proba(model, alike)
    # Once a call, though the frame is read twice.
    assert sum("rows by position" in str(w.message) for w in said) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify.predict_proba(model, pd.DataFrame({"text": TEXTS["favour"][:2]}))


def test_python_hints_take_the_functions_own_arguments(model, tmp_path):
    df = pd.DataFrame({"text": ["a b"]})
    with pytest.raises(
        ClassifyError, match=r"id column with options=ReadOptions\(id_column=NAME\)"
    ):
        classify.read_articles(df, options=ReadOptions(id_column="doc"))
    # A row error in a function with read options says how to skip it.
    twice = pd.DataFrame({"id": ["a", "a"], "text": ["Talks.", "Sanctions."]})
    with pytest.raises(
        ClassifyError, match=r"pass options=ReadOptions\(on_error='skip'\) to leave"
    ):
        classify.predict(model, twice)
    kept = classify.predict(model, twice, options=ReadOptions(on_error="skip"))
    assert kept.notna().sum() == 1
    # import_annotations reads its sources with source_options.
    sources = tmp_path / "sources.csv"
    sources.write_text("id,text,when\na,Talks resumed.,2021-03-04\n")
    gold = tmp_path / "gold.csv"
    gold.write_text("unit,stance,annotator\na,favour,ann1\n")
    with pytest.warns(UserWarning, match=r"pass source_options=ReadOptions\(date_column='when'\)"):
        classify.import_annotations([gold], sources=[sources])
    records = classify.import_annotations(
        [gold], sources=[sources], source_options=ReadOptions(date_column="when")
    )
    assert records.records[0].date == "2021-03-04"


def test_compare_reads_its_data_with_read_options(model, tmp_path, capsys):
    other = api.train(STANCE_CFG, data=labelled(), out=tmp_path / "m2", cv=2,
                      overrides={"model.params.C": 0.1}).path  # fmt: skip
    us = tmp_path / "us.csv"
    rows = labelled(1).assign(date=[f"1/{13 + i % 12}/2021" for i in range(12)])
    rows.to_csv(us, index=False)
    with pytest.raises(ClassifyError, match="month first"):
        classify.compare([model, other], data=us)
    board = classify.compare(
        [model, other], data=us, options=ReadOptions(date_order="month-first"), n_bootstrap=20
    )
    assert board["stance"]["rows"][0]["n"] == 12
    r = run_cli(capsys, "compare", model, other, "--data", us, "--date-order", "month-first",
                "--out", tmp_path / "cmp")  # fmt: skip
    assert r.code == 0, r.err
    # One path is one run folder (its letters were read as models).
    with pytest.raises(ClassifyError, match="at least two models"):
        classify.compare(str(model))


def test_audit_takes_overrides_as_train_does(tmp_path):
    data = tmp_path / "d.csv"
    labelled(3).to_csv(data, index=False)
    report = classify.audit_labels(
        data, STANCE_CFG, folds=3, overrides={"data.split.method": "random"}
    )
    assert report["units"] == 36


def test_a_saved_datasets_read_settings_are_kept_or_refused(tmp_path):
    classify.build_dataset(labelled(3), tmp_path / "ds", split="random")
    # A text column other than the one the dataset was read with is refused
    # (the model would look for it in new files).
    with pytest.raises(ClassifyError, match=r"text_column is 'body', but the saved dataset"):
        api.train(STANCE_CFG, data=tmp_path / "ds", text_column="body", save=False, cv=2)
    # A nested override of the date order is seen as the dotted one is.
    built = tmp_path / "us"
    us = labelled(3).assign(date=[f"1/{13 + i % 12}/2021" for i in range(36)])
    classify.build_dataset(us, built, split="random", options=ReadOptions(date_order="month-first"))
    for overrides in ({"data.date_order": "day-first"}, {"data": {"date_order": "day-first"}}):
        with pytest.raises(ClassifyError, match="built reading dates month-first"):
            api.train(STANCE_CFG, data=built, overrides=overrides, save=False, cv=2)
    # A test part too small on a saved dataset is rebuilt, not re-split.
    small = tmp_path / "small"
    classify.build_dataset(labelled(3), small, split="random", test_size=0.1)
    with pytest.warns(UserWarning, match=r"build the dataset again with a larger test_size"):
        api.train(STANCE_CFG, data=small, save=False)


def test_data_in_memory_where_paths_go_is_refused_in_one_line(model, tmp_path):
    df = labelled(1)
    cases = [
        (lambda: classify.train(df), r"not a DataFrame; the data to train on goes in data="),
        (lambda: classify.build_dataset(df, df), r"out=PATH is the folder to save the dataset in"),
        (
            lambda: classify.build_dataset(df, tmp_path / "x", annotations=df),
            r"annotations=PATH takes file paths, not a DataFrame",
        ),
        (
            lambda: classify.import_annotations(df, sources=[df]),
            r"annotation files are paths .* not DataFrame",
        ),
        (
            lambda: classify.analyse(model, predictions=df),
            r"predictions=PATH takes file paths, not a DataFrame",
        ),
    ]
    for call, message in cases:
        with pytest.raises(ClassifyError, match=message):
            call()


def test_review39_hints_and_guards(model, tmp_path):
    from classify.data import _unit_hint
    from classify.errors import cli_context
    from classify.memory import ids_by_position
    from classify.tables import offered_options, python_entry

    df = labelled(1)
    for call, message in [
        (lambda: classify.predict(model, df, out=df), r"out=PATH names a file or folder, not a"),
        (lambda: classify.load_model(df), r"path=PATH names a file or folder, not a DataFrame"),
        (lambda: classify.compare(df), r"models=PATH takes paths, not a DataFrame"),
        (lambda: classify.build_dataset(df, df), r"pd\.concat\(\[df1, df2\]\)"),
        (lambda: classify.analyse(model, predictions=df), r"df\.to_parquet\('predictions"),
    ]:
        with pytest.raises(ClassifyError, match=message):
            call()

    # A unit level is train's setting, not an argument of its own.
    @python_entry
    def like_train(data, overrides=None):
        return _unit_hint("article")

    @python_entry
    def like_evaluate(data, unit=None):
        return _unit_hint("article")

    assert like_train(1) == "overrides={'data.unit': 'article'}"
    assert like_evaluate(1) == "unit='article'"
    with cli_context(), offered_options("set"):
        assert _unit_hint("article") == "--set data.unit=article"
    # An "ID" column names the rows, as "id" does.
    assert not ids_by_position(pd.DataFrame({"ID": ["a"], "text": ["t"]}))
    assert ids_by_position(pd.DataFrame({"text": ["t"]}))
    # A misspelt label column in a notebook is said, as the command says it.
    sources = tmp_path / "s.csv"
    sources.write_text("id,text\na,Talks resumed.\n")
    coder = tmp_path / "coder.csv"
    coder.write_text("unit,stanse,annotator\na,favour,c1\n")
    with pytest.warns(UserWarning, match=r"no labelled rows: 1 row read, none with a label"):
        result = classify.import_annotations([coder], sources=[sources])
    assert result.records == []


def test_split_settings_on_a_saved_dataset_are_said_to_do_nothing(tmp_path):
    classify.build_dataset(labelled(3), tmp_path / "ds", split="random")
    with pytest.warns(UserWarning, match=r"data.split.test_size has no effect on the saved"):
        result = api.train(
            STANCE_CFG, data=tmp_path / "ds", overrides={"data.split.test_size": 0.5}, save=False
        )
    assert result.metrics["evaluation"]["split"] == "dataset"


def test_warnings_point_at_the_users_line(model):
    # Public functions are wrapped (python_entry): a warning with a fixed
    # stacklevel pointed at the wrapper in classify/tables.py.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.evaluate(model, labelled())
    overlap = [w for w in caught if issubclass(w.category, api.TrainingOverlapWarning)]
    assert overlap and all(w.filename == __file__ for w in overlap)
