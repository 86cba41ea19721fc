"""Training, comparing and predicting with a task of one's own, and model
folders edited by hand (review 24d): every figure and error on data
written here."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_cli

import classify
from classify.errors import ClassifyError

REGION = """\
name: region
kind: multiclass
field: region
labels: [europe, asia, africa, oceania]
"""
CUES = {
    "europe": ["Brussels", "Vienna", "Warsaw", "Lisbon"],
    "asia": ["Hanoi", "Seoul", "Dhaka", "Manila"],
    "africa": ["Accra", "Nairobi", "Dakar", "Lusaka"],
}


def _rows(n: int, start: int = 0) -> list[dict]:
    labels = list(CUES)
    rows = []
    for i in range(start, start + n):
        label = labels[i % 3]
        city = CUES[label][(i // 3) % 4]
        rows.append(
            {"doc": f"n{i}", "body": f"Officials in {city} met on day {i}.", "region": label}
        )
    return rows


def _csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    d = tmp_path_factory.mktemp("own")
    (d / "region.yaml").write_text(REGION, encoding="utf-8")
    base = "task: region.yaml\nmodel: {family: tfidf-linear%s}\n"
    base += "data: {text_column: body, id_column: doc}\n"
    (d / "a.yaml").write_text(base % "", encoding="utf-8")
    (d / "b.yaml").write_text(base % ", params: {C: 0.1}", encoding="utf-8")
    train = _csv(d / "train.csv", _rows(60))
    test = _csv(d / "test.csv", _rows(15, start=100))
    with pytest.warns(UserWarning, match="'oceania' of task 'region'"):
        classify.train(d / "a.yaml", data=train, out=d / "m-a", cv=3)
    classify.train(d / "b.yaml", data=train, out=d / "m-b", cv=3, group="none")
    return d, train, test


def test_compare_on_data_reads_the_models_task_and_text_column(own, capsys):
    d, _, test = own
    res = run_cli(capsys, "compare", d / "m-a", d / "m-b", "--data", test, "--out", d / "cmp")
    assert res.code == 0, res.err
    board = json.loads((d / "cmp" / "compare.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in board["rows"]} == {"m-a", "m-b"}
    assert all(r["n"] == 15 for r in board["rows"])


def test_compare_of_saved_predictions_says_when_the_protocols_differ(own):
    d, _, _ = own
    with pytest.warns(UserWarning, match="evaluated under different protocols"):
        result = classify.compare([d / "m-a", d / "m-b"])
    assert "3-fold CV, units drawn alone" in result["region"]["warning"]


def test_a_test_file_that_repeats_training_units_is_flagged(own, tmp_path):
    d, train, _ = own
    with pytest.warns(classify.api.TrainingOverlapWarning, match="60 of the 60 test units"):
        result = classify.train(d / "a.yaml", data=train, test=train, out=tmp_path / "m")
    assert result.metrics["train_overlap"]["count"] == 60
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert "60 of the test units are also in the training data" in card


def test_a_kept_input_column_named_like_the_prediction_is_kept_apart(own, tmp_path, capsys):
    d, _, test = own
    out = tmp_path / "p.csv"
    res = run_cli(capsys, "predict", d / "m-a", test, "--keep-columns", "*", "--out", out)
    assert res.code == 0, res.err
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["region_input"] == _rows(15, start=100)[0]["region"]
    assert rows[0]["region"] in {"europe", "asia", "africa", "oceania"}


def test_missing_label_column_names_the_columns_there_are(own, tmp_path, capsys):
    d, _, _ = own
    data = _csv(tmp_path / "x.csv", [{"doc": "1", "body": "Talks.", "area": "asia"}])
    res = run_cli(capsys, "train", d / "a.yaml", "--data", data, "--out", tmp_path / "m")
    assert res.code == 1
    # The columns as the file names them, the id and text columns the config reads included.
    assert "no label column 'region' (the task's 'field'; columns read: doc, body, area)" in res.err
    # train takes a gold file with --annotations, and says so.
    assert "or pass --annotations FILE" in " ".join(res.err.split())


def test_a_missing_data_path_names_the_config_key(own, tmp_path, capsys):
    d, _, _ = own
    cfg = d / "missing.yaml"
    cfg.write_text("task: region.yaml\nmodel: {family: tfidf-linear}\ndata: {path: nope.csv}\n")
    res = run_cli(capsys, "train", cfg, "--out", tmp_path / "m")
    assert res.code == 1 and "missing.yaml:line 3: key 'data.path': file not found" in res.err


def test_a_label_named_twice_in_a_task_file_is_named(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("name: t\nkind: multiclass\nfield: t\nlabels: [a, b, a]\n")
    with pytest.raises(ClassifyError, match=r"\('a' is there twice\)"):
        classify.load_task(path)


def _edited(own, tmp_path, change) -> Path:
    d, _, _ = own
    folder = tmp_path / "edited"
    shutil.copytree(d / "m-a", folder)
    change(folder)
    return folder


def _edit_json(path: Path, **values) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(values)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "values,message",
    [
        ({"thresholds": [0.5, 0.5]}, "'thresholds' must be 4 numbers in [0, 1]"),
        ({"thresholds": ["a", 0.5, 0.5, 0.5]}, "'thresholds' must be 4 numbers"),
        ({"thresholds": [2.0, 0.5, 0.5, 0.5]}, "'thresholds' must be 4 numbers"),
        ({"labels": ["asia", "europe", "africa", "oceania"]}, "differ from the task's"),
    ],
)
def test_an_edited_model_json_fails_at_load(own, tmp_path, values, message):
    folder = _edited(own, tmp_path, lambda f: _edit_json(f / "model.json", **values))
    with pytest.raises(ClassifyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        classify.load_model(folder)


def test_labels_reordered_in_model_json_do_not_reorder_the_weights(own, tmp_path):
    # The head's columns are the labels it was trained for, in that order; a
    # model.json edited "everywhere alike" would silently swap the answers.
    def reorder(folder: Path) -> None:
        info = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        labels = info["labels"]
        swapped = [labels[1], labels[0], *labels[2:]]
        info["labels"] = info["task"]["labels"] = swapped
        (folder / "model.json").write_text(json.dumps(info), encoding="utf-8")

    folder = _edited(own, tmp_path, reorder)
    with pytest.raises(ClassifyError, match="weights were trained for labels"):
        classify.load_model(folder)


def test_a_skops_file_that_is_not_one_is_named(tmp_path):
    from classify.models._state import load_skops

    path = tmp_path / "head.skops"
    path.write_bytes(b"\x80\x04K\x01.")  # a pickle, not a skops zip
    with pytest.raises(ClassifyError, match=r"head\.skops is not a readable skops weights file"):
        load_skops(path, [])


def test_weights_that_do_not_match_their_vocabulary_fail_at_load(own, tmp_path):
    def truncate(folder: Path) -> None:
        path = folder / "weights" / "tfidf-idf.npz"
        arrays = dict(np.load(path))
        name = next(iter(arrays))
        arrays[name] = arrays[name][:-5]
        np.savez(path, **arrays)

    folder = _edited(own, tmp_path, truncate)
    with pytest.raises(ClassifyError, match="the files do not belong together"):
        classify.load_model(folder)


@pytest.mark.parametrize("name", ["tfidf-idf.npz", "tfidf-linear-head.npz"])
def test_a_truncated_weights_file_is_named_at_load(own, tmp_path, capsys, name):
    # A copy cut short (a full disk, an interrupted sync): one line naming
    # the file, in Python and on the command line (review 25b).
    def cut(folder: Path) -> None:
        path = folder / "weights" / name
        path.write_bytes(path.read_bytes()[:200])

    folder = _edited(own, tmp_path, cut)
    with pytest.raises(ClassifyError, match=rf"{name} is not a readable weights file"):
        classify.load_model(folder)
    res = run_cli(capsys, "evaluate", folder, own[2])
    assert res.code != 0
    assert f"{name} is not a readable weights file" in res.err
    assert "Traceback" not in res.err and "unexpected" not in res.err


def test_read_predictions_is_public(own, tmp_path):
    d, _, test = own
    out = tmp_path / "shards"
    classify.predict(d / "m-a", test, out=out)
    frame = classify.read_predictions(out)
    assert len(frame) == 15 and "p_asia" in frame.columns


def test_an_empty_multilabel_cell_beside_another_tasks_label_is_warned_about(tmp_path):
    task = tmp_path / "frame.yaml"
    task.write_text("name: frame\nkind: multilabel\nfield: frames\nlabels: [economy, health]\n")
    data = tmp_path / "x.csv"
    data.write_text(
        "id,text,frames,actor\n1,Prices rose.,economy,government\n2,Clinics opened.,health,business\n"
        "3,The weather was mild.,,government\n4,Nothing new.,[],business\n",
        encoding="utf-8",
    )
    with pytest.warns(
        UserWarning, match=r"1 row has an empty 'frames' cell beside filled columns \(actor\)"
    ):
        summary = classify.build_dataset(data, tmp_path / "ds", tasks=[task], split="none")
    # The empty cell's row is left out; `unlabelled` counts it (review 131:
    # it counted only the units kept).
    assert summary["unlabelled"]["frames"] == 1 and summary["n"] == 3
    # Also where the other column is read as a standard one (section).
    data.write_text(
        "id,text,frames,section\n1,Prices rose.,economy,news\n2,Clinics opened.,,health desk\n",
        encoding="utf-8",
    )
    with pytest.warns(
        UserWarning, match=r"1 row has an empty 'frames' cell beside filled columns \(section\)"
    ):
        classify.build_dataset(data, tmp_path / "ds2", tasks=[task], split="none")


def test_read_predictions_gives_label_lists_from_csv_as_from_jsonl(tmp_path):
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        "id,text,frames,p_economy,p_health\n1,a,economy;health,0.9,0.8\n2,b,[],0.1,0.2\n"
        "3,c,health,0.2,0.7\n",
        encoding="utf-8",
    )
    frame = classify.read_predictions(csv_path)
    assert frame["frames"].tolist() == [["economy", "health"], [], ["health"]]
    # A multiclass column stays text.
    csv_path.write_text("id,text,actor,p_gov,p_biz\n1,a,gov,0.9,0.1\n", encoding="utf-8")
    assert classify.read_predictions(csv_path)["actor"].tolist() == ["gov"]


def test_keep_columns_names_a_column_read_as_a_standard_one(own, tmp_path):
    d, _, _ = own
    data = _csv(
        tmp_path / "c.csv",
        [{"doc": "1", "body": "Talks in Hanoi.", "outlet": "Daily", "zone": "north"}],
    )
    with pytest.warns(UserWarning, match="column 'outlet' is read as 'source', kept there"):
        frame = classify.predict(d / "m-a", data, keep_columns=["outlet", "zone"])
    assert frame["source"].tolist() == ["Daily"] and frame["zone"].tolist() == ["north"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_read_predictions_keeps_ids_as_written(own, tmp_path, suffix):
    d, _, _ = own
    rows = [
        {"doc": i, "body": f"Officials in Hanoi met {i}.", "region": "asia"}
        for i in ("007", "1e3", "2.0")
    ]
    data = tmp_path / "ids.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / f"p{suffix}"
    classify.predict(d / "m-a", data, out=out)
    frame = classify.read_predictions(out)
    assert frame["id"].tolist() == ["007", "1e3", "2.0"]
    assert frame["article_id"].tolist() == ["007", "1e3", "2.0"]


def test_paragraph_predictions_read_back_keep_their_text_and_cells(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text(
        "id,article_id,text,title,level,region,country\n"
        "s1:p1,s1,Officials in Hanoi met.,A headline,paragraph,asia,NA\n"
        "s1:p2,s1,Talks went on.,A headline,paragraph,asia,None\n",
        encoding="utf-8",
    )
    from classify.data import load_examples

    ex = load_examples(data, label_fields=["region"])
    # A paragraph row taken whole is its own text, not headline + text.
    assert ex.texts == ["Officials in Hanoi met.", "Talks went on."]
    assert ex.article_ids == ["s1", "s1"]
    frame = classify.read_predictions(data)
    assert frame["country"].tolist() == ["NA", "None"]  # Namibia is not missing


def test_predictions_keep_the_article_a_table_names(own, tmp_path):
    d, _, _ = own
    data = tmp_path / "c.csv"
    data.write_text(
        "Article_ID,doc,body\na1,1,Officials in Hanoi met.\na1,2,Talks went on in Hanoi.\n"
        "a2,3,Farmers in Accra waited.\n",
        encoding="utf-8",
    )
    frame = classify.predict(d / "m-a", data)
    assert frame["article_id"].tolist() == ["a1", "a1", "a2"]
    pooled = classify.predict(d / "m-a", data, level="article")
    assert sorted(pooled["article_id"].tolist()) == ["a1", "a2"]


def test_read_predictions_gives_python_lists_from_parquet(tmp_path):
    import pandas as pd

    path = tmp_path / "p.parquet"
    pd.DataFrame(
        {"id": ["1", "2"], "topics": [["sanctions"], []], "p_sanctions": [0.9, 0.1]}
    ).to_parquet(path)
    frame = classify.read_predictions(path)
    assert frame["topics"].tolist() == [["sanctions"], []]
    assert all(type(c) is list for c in frame["topics"])


def _corpus(path: Path, n: int = 60) -> Path:
    """An unlabelled table in the training data's columns, with dates and an
    outlet column under a sheet's own name ("paper")."""
    rows = [
        {
            "doc": f"c{i}",
            "body": r["body"],
            "published": f"{2018 + i % 3}-0{1 + i % 9}-1{i % 9}",
            "paper": ["Daily North", "Evening South"][i % 2],
        }
        for i, r in enumerate(_rows(n, start=300))
    ]
    return _csv(path, rows)


def test_analyse_reads_a_table_as_the_models_training_data_was(own, tmp_path, capsys):
    # The model read `body` and `doc`; the corpus has them and no `text`
    # column: analyse needs no --text-column, as predict and evaluate (review 27b).
    d, _, _ = own
    corpus = _corpus(tmp_path / "corpus.csv")
    res = run_cli(capsys, "analyse", d / "m-a", corpus, "--by", "year", "--out", tmp_path / "a")
    assert res.code == 0, res.err
    table = classify.read_predictions(tmp_path / "a" / "predictions-region.parquet")
    assert len(table) == 60 and table["id"].iloc[0] == "c0"
    # Given, the option still wins: a column the table lacks is refused.
    res = run_cli(
        capsys, "analyse", d / "m-a", corpus, "--text-column", "text", "--out", tmp_path / "b"
    )
    assert res.code == 1 and "no 'text' column" in res.err


def test_analyse_refuses_models_read_with_different_text_columns(own, tmp_path, capsys):
    d, _, _ = own
    other = tmp_path / "c.yaml"
    other.write_text(
        f"task: {d / 'region.yaml'}\nmodel: {{family: tfidf-linear}}\n"
        "data: {text_column: text, id_column: doc}\n",
        encoding="utf-8",
    )
    rows = [{"doc": r["doc"], "text": r["body"], "region": r["region"]} for r in _rows(45)]
    classify.train(other, data=_csv(tmp_path / "t.csv", rows), out=tmp_path / "m-c", cv=3)
    corpus = _corpus(tmp_path / "corpus.csv")
    res = run_cli(capsys, "analyse", d / "m-a", tmp_path / "m-c", corpus, "--out", tmp_path / "a")
    assert res.code == 1
    assert "different text columns ('body', 'text'); pass --text-column NAME" in res.err


def test_an_outlet_column_under_a_sheets_own_name_is_the_source(own, tmp_path, capsys):
    d, _, _ = own
    corpus = _corpus(tmp_path / "corpus.csv")
    res = run_cli(capsys, "analyse", d / "m-a", corpus, "--by", "source", "--out", tmp_path / "a")
    assert res.code == 0, res.err
    table = classify.read_predictions(tmp_path / "a" / "predictions-region.parquet")
    assert set(table["source"]) == {"Daily North", "Evening South"}
    assert "no unit has a source" not in res.out


def test_no_outlet_column_names_the_columns_read_as_one(own, tmp_path, capsys):
    d, _, _ = own
    rows = [{"doc": f"c{i}", "body": r["body"], "venue": "X"} for i, r in enumerate(_rows(40))]
    corpus = _csv(tmp_path / "corpus.csv", rows)
    res = run_cli(capsys, "analyse", d / "m-a", corpus, "--by", "source", "--out", tmp_path / "a")
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "no unit has a source" in out and "outlet, publisher, publication" in out


_AGENDA = "trade visas border energy transit grain rail ports fishing water"


def test_a_date_split_card_says_which_days_each_part_covers(own, tmp_path):
    import random

    d, _, _ = own
    # Each its own text: "met on day 0" and "met on day 12" alone are
    # edited copies of one text, which a date split keeps in training.
    rng = random.Random(0)
    agenda = _AGENDA.split()
    rows = [
        {
            **r,
            "date": f"{2015 + i // 12}-0{1 + i % 9}-01",
            "body": f"{r['body']} Agenda: {' and '.join(rng.sample(agenda, 3))}.",
        }
        for i, r in enumerate(_rows(60))
    ]
    data = _csv(tmp_path / "dated.csv", rows)
    result = classify.train(
        d / "a.yaml",
        data=data,
        out=tmp_path / "m",
        overrides=["data.split.method=date", "data.split.cutoff=2018-01-01"],
    )
    ev = result.metrics["evaluation"]
    assert ev["cutoff"] == "2018-01-01"
    assert ev["train_dates"] == ["2015-01-01", "2017-09-01"]
    assert ev["test_dates"][0] >= "2018-01-01"
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert "items dated on or after 2018-01-01" in card


def test_suggest_reads_the_pool_as_the_models_training_data_was(own, tmp_path, capsys):
    d, _, _ = own
    pool = _corpus(tmp_path / "pool.csv", n=30)
    res = run_cli(
        capsys, "annotate", "suggest", d / "m-a", pool, "--n", "5", "--out", tmp_path / "s"
    )
    assert res.code == 0, res.err
    rows = [json.loads(x) for x in (tmp_path / "s" / "units.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and all(r["unit"].startswith("c") for r in rows)


def test_a_model_trained_on_a_saved_dataset_reads_new_files_as_it_was_built(own, tmp_path):
    # The dataset was built from `body`/`doc` columns; the model trained on
    # it reads a raw table of the same shape without options (review 27d).
    from classify.tables import ReadOptions

    d, train, test = own
    classify.build_dataset(
        train,
        tmp_path / "ds",
        tasks=[d / "region.yaml"],
        options=ReadOptions(text_column="body", id_column="doc"),
    )
    plain = tmp_path / "plain.yaml"
    plain.write_text(f"task: {d / 'region.yaml'}\nmodel: {{family: tfidf-linear}}\n")
    classify.train(plain, data=tmp_path / "ds", out=tmp_path / "m", cv=3)
    saved = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert (saved["config"]["data"]["text_column"], saved["config"]["data"]["id_column"]) == (
        "body",
        "doc",
    )
    frame = classify.predict(tmp_path / "m", test)
    assert len(frame) == 15 and list(frame["id"])[:2] == ["n100", "n101"]


def test_new_data_need_not_carry_the_training_datas_id_column(own, tmp_path, capsys):
    # As in Python: predict and evaluate name rows FILE-LINE where the model's
    # id column (`doc`) is absent, unless --id-column asks for one.
    d, _, _ = own
    rows = [{"body": r["body"]} for r in _rows(4, start=200)]
    table = _csv(tmp_path / "new.csv", rows)
    res = run_cli(capsys, "predict", d / "m-a", table, "--out", tmp_path / "p.csv")
    assert res.code == 0, res.err
    with open(tmp_path / "p.csv", encoding="utf-8") as f:
        assert [r["id"] for r in csv.DictReader(f)] == ["new-2", "new-3", "new-4", "new-5"]
    res = run_cli(capsys, "predict", d / "m-a", table, "--id-column", "doc")
    assert res.code == 1 and "no id column 'doc'" in res.err
