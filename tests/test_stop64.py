"""Stop 64: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import shutil

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify.store import load_model


@pytest.fixture(scope="module")
def topic_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("stop64")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return train_tfidf("topic", data, root / "topic")


def test_a_data_path_missing_at_run_time_is_named_with_its_line(tmp_path, capsys):
    """Left alone in stop 63: an experiment's `data:` that does not exist was
    refused without the line the key is on."""
    exp = tmp_path / "exp.yaml"
    exp.write_text(
        "name: t\n"
        "# the labelled news\n"
        "data: nowhere/dev.jsonl\n"
        "models:\n  - {config: topic-tfidf}\n"
        "protocols:\n  - {name: r, split: random}\n"
    )
    result = run_cli(capsys, "experiment", "run", exp)
    assert result.code == 1
    assert result.err.strip() == (
        f"error: {exp}:line 3: key 'data': file not found ({tmp_path / 'nowhere/dev.jsonl'})"
    )


@pytest.mark.parametrize(
    "planted", [["extra.pkl"], ["weights/pytorch_model.bin", "head.joblib", "w/x.PT", "a.ckpt"]]
)
def test_pickles_in_a_model_folder_are_named_and_never_loaded(
    topic_model, tmp_path, planted, recwarn
):
    """Left alone in stop 63: a planted `extra.pkl` was never run, but loading
    did not say it was there."""
    folder = tmp_path / "model"
    shutil.copytree(topic_model, folder)
    for name in planted:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        # Not a pickle at all: loading it would raise, so a clean load shows
        # that it was never opened.
        (folder / name).write_bytes(b"not a pickle")
    before = load_model(topic_model).predict_proba(["The EU imposed new sanctions."])
    model = load_model(folder)
    said = [str(w.message) for w in recwarn if "pickle" in str(w.message)]
    assert len(said) == 1
    n = len(planted)
    assert f"{n} pickle file{'s' if n > 1 else ''} that classify never loads" in said[0]
    for name in sorted(planted)[:3]:
        assert name in said[0]
    if n > 3:
        assert "and 1 more" in said[0]
    assert model.predict_proba(["The EU imposed new sanctions."]).equals(before)


def test_a_clean_model_folder_loads_without_a_pickle_warning(topic_model, recwarn):
    load_model(topic_model)
    assert not [w for w in recwarn if "pickle" in str(w.message)]


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("stop64-stance")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return train_tfidf("stance", data, root / "stance")


def _scored_rows() -> list[dict]:
    """New wording of the fixture's items (no training overlap), dated over
    three years, under outlets spelt several ways, one without either."""
    rows = []
    for i, row in enumerate(labelled_rows()[:30]):
        rows.append(
            {
                **row,
                "id": f"s{i}",
                "text": f"Reports on {i}: " + row["text"].replace("The", "Officials said the"),
                "date": None if i == 29 else f"{2019 + i % 3}-05-0{1 + i % 8}",
                "source": [
                    None,
                    "Reuters",
                    "REUTERS",
                    "Reuters News",
                    "AP",
                    "The Associated Press",
                ][i % 6],
            }
        )
    return rows


def _by_hand(predictions: list[dict], member) -> float:
    from sklearn.metrics import f1_score

    chosen = [r for r in predictions if member(r)]
    gold = [r["gold"] for r in chosen]
    labels = sorted({*gold, *(r["predicted"] for r in chosen)})
    return f1_score(gold, [r["predicted"] for r in chosen], labels=labels, average="macro")


def test_evaluate_by_year_scores_each_year_apart(stance_model, tmp_path):
    import json

    from classify import api

    data = write_jsonl(tmp_path / "new.jsonl", _scored_rows())
    metrics = api.evaluate(stance_model, data, out=tmp_path / "ev", by="year", n_bootstrap=200)
    by = metrics["by"]
    assert by["grouping"] == "year"
    assert [g["group"] for g in by["groups"]] == ["2019", "2020", "2021", "(unknown)"]
    assert [g["n"] for g in by["groups"]] == [10, 10, 9, 1]
    predictions = [
        json.loads(x) for x in (tmp_path / "ev" / "predictions.jsonl").read_text().splitlines()
    ]
    for group in by["groups"][:3]:
        year = group["group"]
        expected = _by_hand(predictions, lambda r, y=year: (r["date"] or "").startswith(y))
        assert group["macro_f1"] == pytest.approx(expected, abs=1e-6)
        lo, hi = group["ci95"]["macro_f1"]
        assert lo <= group["macro_f1"] <= hi
    # Written where the figures are kept and shown.
    saved = json.loads((tmp_path / "ev" / "metrics.json").read_text())
    assert saved["by"] == by
    report = (tmp_path / "ev" / "report.md").read_text()
    assert "## By year" in report and "| 2020 | 10 |" in report


def test_evaluate_by_source_joins_an_outlets_spellings(stance_model, tmp_path):
    from classify import api

    data = write_jsonl(tmp_path / "new.jsonl", _scored_rows())
    metrics = api.evaluate(stance_model, data, by="source", n_bootstrap=0)
    groups = {g["group"]: g["n"] for g in metrics["by"]["groups"]}
    assert groups == {"Reuters": 15, "AP": 10, "(unknown)": 5}
    assert all(g["ci95"] is None for g in metrics["by"]["groups"])


def test_evaluate_by_is_refused_where_nothing_can_group(stance_model, tmp_path, capsys):
    from classify import api
    from classify.errors import ClassifyError

    rows = [{**r, "date": None} for r in _scored_rows()]
    data = write_jsonl(tmp_path / "undated.jsonl", rows)
    with pytest.raises(ClassifyError, match="by='year': no unit of the data has a date"):
        api.evaluate(stance_model, data, by="year", n_bootstrap=0)
    result = run_cli(
        capsys, "evaluate", stance_model, data, "--by", "decade", "--out", tmp_path / "e"
    )
    assert result.code == 1
    assert result.err.strip() == ("error: --by is 'decade' (allowed: year, quarter, month, source)")
    assert not (tmp_path / "e").exists()


def test_evaluate_by_in_the_terminal(stance_model, tmp_path, capsys):
    data = write_jsonl(tmp_path / "new.jsonl", _scored_rows())
    result = run_cli(
        capsys, "evaluate", stance_model, data, "--by", "year", "--out", tmp_path / "e"
    )
    assert result.code == 0, result.err
    table = result.out[result.out.index("by year") :]
    assert "2019" in table and "(unknown)" in table and "95% CI" in table


@pytest.mark.parametrize(
    "call",
    ["evaluate", "compare", "analyse", "run", "export_units", "agreement_report", "suggest",
     "rules_report"],
)  # fmt: skip
@pytest.mark.parametrize("given", ["frame", 3])
def test_out_that_is_not_a_path_is_one_line_everywhere(stance_model, call, given):
    """Review 219: evaluate(out=df) and compare(out=df) ended in pathlib's
    TypeError, where predict and train refused it in one line."""
    import pandas as pd

    import classify
    from classify.errors import ClassifyError

    frame = pd.DataFrame({"text": ["The EU imposed new sanctions."], "stance": ["against"]})
    out = frame if given == "frame" else given
    calls = {
        "evaluate": lambda: classify.evaluate(stance_model, frame, out=out),
        "compare": lambda: classify.compare([stance_model, stance_model], data=frame, out=out),
        "analyse": lambda: classify.analyse([stance_model], frame, out=out),
        "run": lambda: classify.run(out=out),
        "export_units": lambda: classify.export_units(frame, out),
        "agreement_report": lambda: classify.agreement_report([stance_model], out=out),
        "suggest": lambda: classify.suggest(stance_model, frame, out),
        "rules_report": lambda: classify.rules_report("stance-rules", frame, out=out),
    }
    what = "a DataFrame" if given == "frame" else "an int"
    with pytest.raises(ClassifyError, match=f"^out=PATH names a file or folder, not {what}$"):
        calls[call]()


def test_a_table_with_an_id_like_column_and_no_id_says_how_rows_are_named(
    stance_model, tmp_path, capsys
):
    """Review 219: a `doc_id` column was silently not read as the ids, so
    predictions did not join back to the researcher's documents."""
    import json

    table = tmp_path / "docs.csv"
    table.write_text(
        "doc_id,body\nA17,The EU imposed new sanctions on Minsk.\nA18,Washington reopened its "
        "embassy in Minsk.\n"
    )
    result = run_cli(
        capsys,
        "predict",
        stance_model,
        table,
        "--text-column",
        "body",
        "--out",
        tmp_path / "p.jsonl",
    )
    assert result.code == 0, result.err
    said = [line for line in result.err.splitlines() if "doc_id" in line]
    assert said == [
        f"warning: {table}: no 'id' column, so rows are named docs-LINE, not by 'doc_id'; if "
        "'doc_id' names the rows, pass --id-column doc_id"
    ]
    rows = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["docs-2", "docs-3"]
    result = run_cli(
        capsys, "predict", stance_model, table, "--text-column", "body", "--id-column", "doc_id",
        "--out", tmp_path / "q.jsonl",
    )  # fmt: skip
    assert "doc_id" not in result.err
    rows = [json.loads(x) for x in (tmp_path / "q.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["A17", "A18"]


@pytest.mark.parametrize("name", ["Item ID", "uid", "story-id"])
def test_a_frame_with_an_id_like_column_says_so_in_python(stance_model, name, recwarn):
    import pandas as pd

    import classify

    frame = pd.DataFrame({name: ["x1", "x2"], "body": ["Sanctions were eased.", "Talks resumed."]})
    classify.predict(stance_model, frame, text_column="body")
    said = [str(w.message) for w in recwarn if f"'{name}'" in str(w.message)]
    assert said == [
        f"DataFrame: no 'id' column, so rows are named by the index, not by '{name}'; if "
        f"'{name}' names the rows, pass options=ReadOptions(id_column='{name}')"
    ]


def test_no_id_note_where_no_column_looks_like_ids(stance_model, recwarn):
    import pandas as pd

    import classify

    frame = pd.DataFrame({"body": ["Sanctions were eased."], "paid": [1], "valid": ["yes"]})
    classify.predict(stance_model, frame, text_column="body")
    assert not [w for w in recwarn if "no 'id' column" in str(w.message)]


def _semeval(path, delimiter="\t"):
    rows = [
        ("ID", "Target", "Tweet", "Stance"),
        ("101", "Russia sanctions", "Keep the sanctions until the troops leave #SemST", "FAVOR"),
        ("102", "Russia sanctions", "The embargo hurts farmers more than Moscow", "AGAINST"),
        ("103", "Iran deal", '"Diplomacy works, said the envoy. Déjà vu #SemST', "FAVOR"),
        ("104", "Iran deal", "Nothing changes in Genève this week", "NONE"),
        ("105", "Iran deal", "Talks are a trap for the West", "AGAINST"),
    ]
    path.write_text("\n".join(delimiter.join(r) for r in rows) + "\n", encoding="latin-1")
    return path


@pytest.mark.parametrize("delimiter,name", [("\t", "tab"), (";", "semicolon")])
def test_a_txt_table_with_a_cell_opening_an_unclosed_quote_is_a_table(tmp_path, delimiter, name):
    """Review 220: one tweet opening with '"' made a SemEval .txt an
    article, even with --delimiter tab; as a .tsv it was read right."""
    from classify.data import load_examples
    from classify.tables import ReadOptions

    path = _semeval(tmp_path / "semeval.txt", delimiter)
    with pytest.raises(Exception, match=f"looks like a table.*4 {name}-separated columns"):
        load_examples(path, options=ReadOptions(encoding="latin-1"), label_fields=["Stance"])
    options = ReadOptions(
        encoding="latin-1", delimiter=delimiter, text_column="Tweet", id_column="ID"
    )
    ex = load_examples(path, options=options, label_fields=["Stance"])
    assert list(ex.ids) == ["101", "102", "103", "104", "105"]
    assert ex.texts[2] == '"Diplomacy works, said the envoy. Déjà vu #SemST'
    assert ex.labels["Stance"] == ["FAVOR", "AGAINST", "FAVOR", "NONE", "AGAINST"]


_WRAPPED = (
    "SUMMIT SET FOR HELSINKI\n"
    "      LONDON, April 12 - A summit meeting between the two\n"
    "  presidents is set for July 16 in Helsinki, officials said on\n"
    "  Thursday.\n"
    "      The leaders are expected to discuss arms control and the\n"
    "  sanctions imposed in 2014.\n"
)


@pytest.mark.parametrize(
    "text,paragraphs",
    [
        (
            _WRAPPED,
            [
                "A summit meeting between the two presidents is set for July 16 in Helsinki, "
                "officials said on Thursday.",
                "The leaders are expected to discuss arms control and the sanctions imposed in "
                "2014.",
            ],
        ),
        # One paragraph under the headline.
        (
            "SHIP RUNS AGROUND\n      BRUSSELS, Oct 19 - The cargo ship runs aground off\n"
            "  the coast, the coastguard said.\n",
            ["The cargo ship runs aground off the coast, the coastguard said."],
        ),
        # Classic Reuters-21578: paragraphs indented, their lines not.
        (
            "COCOA SHOWERS\n    Showers continued throughout the week in\nthe Bahia cocoa "
            "zone, alleviating the drought.\n    Farmers said the crop\nwould recover.\n",
            [
                "Showers continued throughout the week in the Bahia cocoa zone, alleviating "
                "the drought.",
                "Farmers said the crop would recover.",
            ],
        ),
        # A tab as the deeper indent.
        (
            "TALKS RESUME\n\tThe talks resumed in Geneva on\n  Monday after a year.\n\tThe envoy"
            " welcomed\n  the step.\n",
            ["The talks resumed in Geneva on Monday after a year.", "The envoy welcomed the step."],
        ),
    ],
)
def test_paragraphs_marked_by_a_deeper_indent_than_the_margin(text, paragraphs):
    """Review 220: Reuters-style files that indent every line, a
    paragraph's first deeper, were read a paragraph per wrapped line."""
    from classify.articles import parse_article

    assert parse_article(text, id="x").paragraphs == paragraphs


def test_a_paragraph_per_line_file_stays_so_with_one_indented_line(recwarn):
    from classify.articles import parse_article

    lines = [
        "Talks resume",
        "The envoys met in Geneva on Monday.",
        "  They agreed to meet again in May.",
        "Sanctions stay in place for now.",
        "A statement is expected on Friday.",
    ]
    article = parse_article("\n".join(lines) + "\n", id="x")
    assert article.paragraphs == [" ".join(x.split()) for x in lines[1:]]


@pytest.mark.parametrize("last", ["2018.", "2019, officials said.", "March 2021."])
def test_a_wrapped_sentence_ending_in_a_date_is_body_text(last):
    """Found with review 220's files: '... in December' / '2018.' was read as
    a standfirst and its date line, leaving the article no body."""
    from classify.articles import parse_article

    text = f"Oil field seized\n\nTribesmen took the oil field from the government in December\n{last}\n"
    article = parse_article(text, id="x")
    assert article.paragraphs == [
        f"Tribesmen took the oil field from the government in December {last}"
    ]
    assert "standfirst" not in article.meta


def test_a_standfirst_above_its_date_line_is_still_read():
    from classify.articles import parse_article

    text = "Talks resume\n\nA standfirst that sums it up.\n3 March 2021\n\nThe envoys met.\n"
    article = parse_article(text, id="x")
    assert article.meta["standfirst"] == "A standfirst that sums it up."
    assert (article.date, article.paragraphs) == ("2021-03-03", ["The envoys met."])


def test_a_test_folder_takes_its_gold_labels_from_the_same_file(tmp_path, capsys):
    """Review 220: `data.test: FOLDER` with `data.annotations` was refused
    as having no gold labels; and one gold file for both parts warned that
    the test part's lines matched no unit."""
    import json

    from classify import api

    rows = labelled_rows()
    gold = []
    for part, chosen in (("train", rows[:36]), ("test", rows[36:])):
        (tmp_path / part).mkdir()
        for row in chosen:
            (tmp_path / part / f"{row['id']}.txt").write_text(
                f"Report {row['id']}\n\n{row['text']}\n"
            )
            # Some keyed by their text (check 221: those matched in the test
            # part were still reported unmatched).
            key = {"text": row["text"]} if row["id"].endswith("-1") else {"id": f"{row['id']}:p1"}
            gold.append({**key, "stance": row["stance"]})
    gold.append({"id": "t99-9", "stance": "neutral"})  # a typo: matches nothing
    gold_path = write_jsonl(tmp_path / "gold.jsonl", gold)
    args = ["train", "stance-tfidf", "--data", tmp_path / "train", "--test", tmp_path / "test"]
    args += ["--annotations", gold_path, "--set", "data.unit=paragraph", "--out", tmp_path / "m"]
    result = run_cli(capsys, *args)
    assert result.code == 0, result.err
    matched = [line for line in result.err.splitlines() if "matched no unit" in line]
    assert matched == ["warning: 1 annotation matched no unit (first: t99-9)"]
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert metrics["n"] == 12
    # In Python too.
    result = api.train(
        "stance-tfidf",
        data=tmp_path / "train",
        test=tmp_path / "test",
        overrides={"data.annotations": [str(gold_path)], "data.unit": "paragraph"},
        out=tmp_path / "m2",
    )
    assert result.metrics["n"] == 12


def test_evaluate_by_month_shows_the_largest_groups_in_time_order(stance_model, tmp_path, capsys):
    """Check 221: with more than 20 groups the terminal listed the first 15
    months, hiding larger later ones."""
    rows = []
    for i, row in enumerate(labelled_rows()[:46]):
        # 23 months of one item, then the last month with 23.
        month = f"2019-{1 + i % 12:02d}" if i < 23 else "2021-06"
        month = f"2020-{1 + (i - 12) % 12:02d}" if 12 <= i < 23 else month
        rows.append(
            {**row, "id": f"m{i}", "text": f"Item {i}: {row['text']}", "date": f"{month}-01"}
        )
    data = write_jsonl(tmp_path / "months.jsonl", rows)
    result = run_cli(
        capsys, "evaluate", stance_model, data, "--by", "month", "--bootstrap", "0",
        "--out", tmp_path / "e",
    )  # fmt: skip
    assert result.code == 0, result.err
    table = result.out[result.out.index("by month") :]
    shown = [
        line.split()[0]
        for line in table.splitlines()
        if line.strip()[:4] in ("2019", "2020", "2021")
    ]
    assert len(shown) == 15 and shown == sorted(shown)
    assert shown[-1] == "2021-06"
    assert "9 more month groups of 1 unit or fewer" in table


def test_a_headline_over_a_wrapped_sentence_ending_in_a_date_keeps_its_body():
    """Check 221: with no blank line under the headline the article had "no
    body paragraphs"; a file without blank lines is a paragraph a line."""
    from classify.articles import parse_article

    text = "TRUCE HOLDS IN YEMEN\nTribal leaders said the truce agreed by tribesmen in December\n2018.\n"
    article = parse_article(text, id="x")
    assert article.title == "TRUCE HOLDS IN YEMEN"
    assert article.paragraphs == [
        "Tribal leaders said the truce agreed by tribesmen in December",
        "2018.",
    ]


@pytest.mark.parametrize(
    "columns,found",
    [(["DocID", "text"], "DocID"), (["storyId", "text"], "storyId"), (["guid", "body"], "guid"),
     (["identifier", "text"], "identifier"), (["Said", "valid", "paid"], None),
     (["doc_id", "uid"], None)],
)  # fmt: skip
def test_id_like_column_names(columns, found):
    from classify.columns import id_like_column

    assert id_like_column(columns) == found


@pytest.mark.parametrize("value", ["[a.jsonl, b.jsonl]", "{path: a.jsonl}"])
def test_an_experiment_data_key_that_is_not_one_path_is_refused(tmp_path, capsys, value):
    """Check 221: a list under `data:` was read as one path, brackets and all."""
    exp = tmp_path / "exp.yaml"
    exp.write_text(
        f"name: t\ndata: {value}\nmodels:\n  - {{config: topic-tfidf}}\n"
        "protocols:\n  - {name: r, split: random}\n"
    )
    result = run_cli(capsys, "experiment", "run", exp)
    assert result.code == 1
    what = "a list" if value.startswith("[") else "a dict"
    assert (
        f"exp.yaml:line 2: key 'data' is {what} (allowed: one file or dataset folder" in result.err
    )


def test_run_experiment_names_the_line_of_a_missing_data_path_in_python(tmp_path):
    import classify
    from classify.errors import ClassifyError

    exp = tmp_path / "exp.yaml"
    exp.write_text(
        "name: t\ndata: gone.jsonl\nmodels:\n  - {config: topic-tfidf}\n"
        "protocols:\n  - {name: r, split: random}\n"
    )
    with pytest.raises(ClassifyError, match=r"exp\.yaml:line 2: key 'data': file not found"):
        classify.run_experiment(exp)


@pytest.mark.parametrize("cell", ["NA", "N/A", "#N/A", "nan"])
@pytest.mark.parametrize("column", ["topics", "stance"])
def test_an_r_missing_mark_in_a_label_cell_says_what_it_is(tmp_path, capsys, cell, column):
    """Review 222: R's write.csv writes NA in a 0/1 or label column; the
    refusal did not say that NA is R's missing value."""
    other = "stance" if column == "topics" else "topics"
    value = {"topics": "sanctions", "stance": "against"}[other]
    table = tmp_path / "r.csv"
    table.write_text(f"id,text,{column},{other}\na1,The EU imposed sanctions.,{cell},{value}\n")
    result = run_cli(capsys, "dataset", "build", table, "--out", tmp_path / "d")
    assert result.code == 1
    assert f"label '{cell}' is not in task" in result.err
    assert "NA is R's mark of a missing value: leave the cell empty" in result.err


def test_a_label_that_is_merely_unknown_keeps_its_own_hint(tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("id,text,topics\na1,The EU imposed sanctions.,sanction\n")
    result = run_cli(capsys, "dataset", "build", table, "--task", "topic", "--out", tmp_path / "d")
    assert result.code == 1 and "R's mark" not in result.err


def test_one_row_with_an_empty_label_cell_is_said_in_the_singular(tmp_path, recwarn):
    from classify.data import load_examples, warn_blank_cells
    from classify.tasks import load_task

    table = tmp_path / "t.csv"
    table.write_text(
        "id,text,topics,desk\na1,The EU imposed sanctions.,sanctions,World\n"
        "a2,Talks resumed in Geneva.,,Europe\n"
    )
    ex = load_examples(table, label_fields=["topics"])
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    warn_blank_cells(ex, [load_task(root / "configs/tasks/topic.yaml")])
    said = [str(w.message) for w in recwarn if "empty 'topics' cell" in str(w.message)]
    assert said and said[0].startswith("1 row has an empty 'topics' cell beside filled columns")
    assert "so it is unlabelled for 'topic'" in said[0]


def test_several_files_after_one_data_option_are_told_to_repeat_it(capsys):
    result = run_cli(capsys, "train", "topic-tfidf", "--data", "a.csv", "b.csv")
    assert result.code == 2
    assert result.err.strip() == (
        "error: Got unexpected extra argument(s) (b.csv) (several files: give each its own "
        "--data, --data a.csv --data b.csv) (see 'classify train --help')"
    )


def test_train_on_a_saved_dataset_says_its_reading_notes_are_the_builds(tmp_path, capsys):
    """Review 223: `train` on a dataset folder printed the build's layouts
    and dropped paragraphs as though it had read the articles again."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    seeds, gold = root / "seeds", root / "seeds" / "annotations.jsonl"
    built = run_cli(
        capsys, "dataset", "build", seeds, "--annotations", gold, "--unit", "sentence",
        "--split", "none", "--out", tmp_path / "ds",
    )  # fmt: skip
    assert built.code == 0, built.err
    trained = run_cli(
        capsys, "train", root / "configs/stance-tfidf.yaml", "--data", tmp_path / "ds",
        "--cv", "2", "--out", tmp_path / "m",
    )  # fmt: skip
    assert trained.code == 0, trained.err
    notes = [
        line for line in trained.out.splitlines() if "layouts" in line or "left out of" in line
    ]
    assert notes and all(line.startswith("as the dataset was built: ") for line in notes)
    # Read from the articles themselves: no such words.
    direct = run_cli(
        capsys, "train", root / "configs/stance-tfidf.yaml", "--data", seeds, "--annotations",
        gold, "--set", "data.unit=sentence", "--cv", "2", "--out", tmp_path / "m2",
    )  # fmt: skip
    assert direct.code == 0, direct.err
    assert "article layouts: 1 wire" in direct.out and "as the dataset was built" not in direct.out


@pytest.mark.parametrize(
    "lines",
    [
        ["Saudi-backed forces fought Houthi tribesmen on", "12 December", "2018."],
        ["Saudi-backed forces fought Houthi tribesmen on", "12 December 2018"],
        [
            "Fighting flared between the two sides in early",
            "March 2021",
            "Officials counted the dead.",
        ],
    ],
)
def test_a_sentence_cut_before_its_date_is_no_standfirst(lines):
    """Check 224: "... tribesmen on" / "12 December" under a headline was a
    standfirst and its date line: the sentence left the body silently."""
    from classify.articles import parse_article

    article = parse_article("Yemen fighting\n" + "\n".join(lines) + "\n", id="x")
    assert "standfirst" not in article.meta and article.date is None
    assert article.paragraphs == lines


@pytest.mark.parametrize("name", ["DOCID", "docid", "storyid", "ARTICLEID", "uuid", "tweetid"])
def test_id_columns_run_together_in_one_case(name):
    from classify.columns import id_like_column

    assert id_like_column([name, "text"]) == name


@pytest.mark.parametrize("name", ["squid", "Android", "rapid", "Identity", "Kid", "avoid"])
def test_words_ending_in_id_are_no_id_columns(name):
    from classify.columns import id_like_column

    assert id_like_column([name, "text"]) is None


@pytest.mark.parametrize(
    "args,flag",
    [(["--data", "a.csv", "b.csv"], "--data"), (["--data=a.csv", "b.csv"], "--data"),
     (["--data", "a.csv", "b.csv", "c.csv"], "--data"),
     (["--unlabelled", "p.jsonl", "q.jsonl", "--data", "x"], "--unlabelled"),
     (["--test", "a.csv", "b.csv", "--data", "x"], None),
     (["--test", "b.csv", "--data", "a.csv", "b.csv"], "--data"), (["--out", "m", "a.csv"], None)],
)  # fmt: skip
def test_the_repeat_hint_names_the_option_before_the_extra_file(capsys, args, flag):
    result = run_cli(capsys, "train", "topic-tfidf", *args)
    assert result.code == 2
    if flag:
        assert f"(several files: give each its own {flag}, {flag} a.csv {flag} b.csv)" in result.err
    else:
        assert "several files" not in result.err


def test_pandas_na_in_a_label_cell_says_what_it_is(tmp_path, capsys):
    table = tmp_path / "p.csv"
    table.write_text("id,text,stance\na1,The EU imposed sanctions.,<NA>\n")
    result = run_cli(capsys, "dataset", "build", table, "--out", tmp_path / "d")
    assert result.code == 1 and "NA is R's mark of a missing value" in result.err


def test_the_agreement_report_gives_each_annotators_labels(tmp_path):
    import json

    import classify

    coded = {
        "ann": [("u1", "favour", ["normalisation"]), ("u2", "neutral", []), ("u3", "neutral", []),
                ("u4", "against", ["sanctions"])],
        "ben": [("u1", "favour", ["normalisation"]), ("u2", "neutral", []),
                ("u3", "against", ["sanctions"]), ("u4", "against", ["sanctions"])],
    }  # fmt: skip
    files = []
    for who, rows in coded.items():
        path = tmp_path / f"{who}.jsonl"
        path.write_text(
            "".join(
                json.dumps({"unit": u, "stance": s, "topics": t, "annotator": who}) + "\n"
                for u, s, t in rows
            )
        )
        files.append(path)
    result = classify.agreement_report(files, out=tmp_path / "agr", n_bootstrap=0)
    shares = {(s["task"], s["annotator"]): s for s in result["label_shares"]}
    assert shares["stance", "ann"]["counts"] == {"favour": 1, "against": 1, "neutral": 2}
    assert shares["stance", "ben"]["shares"] == {"favour": 0.25, "against": 0.5, "neutral": 0.25}
    assert shares["topic", "ann"]["counts"] == {
        "normalisation": 1, "sanctions": 1, "human_rights": 0, "(none)": 2,
    }  # fmt: skip
    report = (tmp_path / "agr" / "agreement.md").read_text()
    assert "## Labels by annotator" in report
    assert "| ben | 4 | 1 (25%) | 2 (50%) | 1 (25%) |" in report
    saved = json.loads((tmp_path / "agr" / "agreement.json").read_text())
    assert saved["label_shares"] == result["label_shares"]


def test_evaluate_by_gives_each_groups_error_rates(stance_model, tmp_path):
    """Review 225: per-year F1 moves with the label shares; the rates that
    adjusted classify-and-count holds constant are what a reviewer asks."""
    import json

    from classify import api

    data = write_jsonl(tmp_path / "new.jsonl", _scored_rows())
    metrics = api.evaluate(stance_model, data, out=tmp_path / "ev", by="year", n_bootstrap=0)
    predictions = [
        json.loads(x) for x in (tmp_path / "ev" / "predictions.jsonl").read_text().splitlines()
    ]
    for group in metrics["by"]["groups"][:3]:
        rows = [r for r in predictions if (r["date"] or "").startswith(group["group"])]
        for label, rate in group["rates"].items():
            pos = [r["predicted"] == label for r in rows if r["gold"] == label]
            neg = [r["predicted"] == label for r in rows if r["gold"] != label]
            assert rate["tpr"] == (pytest.approx(sum(pos) / len(pos)) if pos else None)
            assert rate["fpr"] == (pytest.approx(sum(neg) / len(neg)) if neg else None)
    report = (tmp_path / "ev" / "report.md").read_text()
    assert "| Year | n | favour TPR | favour FPR | against TPR |" in report


def test_analyse_puts_unknown_periods_last():
    from classify.analysis import _group_order

    keys = [
        "(unknown)",
        "2019",
        "2002",
        "Reuters | (unknown)",
        "Reuters | 2019",
        "(unknown) | 2019",
    ]
    assert sorted(keys, key=_group_order) == [
        "2002", "2019", "(unknown)", "Reuters | 2019", "Reuters | (unknown)", "(unknown) | 2019",
    ]  # fmt: skip


def test_evaluate_held_out_scores_the_folders_own_predictions_by_year(stance_model, tmp_path):
    """Review 225: the held-out predictions analyse takes its error rates
    from could not be broken down by year with any command."""
    import json

    from classify import api
    from classify.store import load_model

    train = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    metrics = api.evaluate(
        stance_model, train, out=tmp_path / "ho", held_out=True, by="year", n_bootstrap=100
    )
    model = load_model(stance_model)
    # The figures of the folder's own evaluation (3-fold cross-validation).
    assert metrics["n"] == 48 and metrics["evaluation"]["method"] == "held-out"
    assert metrics["macro_f1"] == pytest.approx(model.metrics["macro_f1"], abs=1e-6)
    rows = [json.loads(x) for x in (tmp_path / "ho" / "predictions.jsonl").read_text().splitlines()]
    saved = {
        r["id"]: r
        for r in (
            json.loads(x) for x in (stance_model / "predictions.jsonl").read_text().splitlines()
        )
    }
    assert {r["id"] for r in rows} == set(saved)
    dates = {r["id"]: r["date"] for r in labelled_rows()}
    assert all(r["date"] == dates[r["id"]] for r in rows)
    for group in metrics["by"]["groups"]:
        chosen = [r for r in rows if r["date"].startswith(group["group"])]
        assert group["n"] == len(chosen)
        assert group["macro_f1"] == pytest.approx(_by_hand(chosen, lambda r: True), abs=1e-6)
    assert "## By year" in (tmp_path / "ho" / "report.md").read_text()


def test_evaluate_held_out_on_other_data_says_what_it_lacks(stance_model, tmp_path, recwarn):
    from classify import api
    from classify.errors import ClassifyError

    some = write_jsonl(tmp_path / "some.jsonl", labelled_rows()[:20])
    metrics = api.evaluate(stance_model, some, held_out=True, n_bootstrap=0)
    assert metrics["n"] == 20
    assert any(
        "28 of the model's 48 held-out units are not in the data (by id)" in str(w.message)
        for w in recwarn
    )
    other = write_jsonl(tmp_path / "other.jsonl", _scored_rows())
    with pytest.raises(ClassifyError, match="none of the model's 48 held-out units"):
        api.evaluate(stance_model, other, held_out=True, n_bootstrap=0)


def test_analysis_json_lists_every_empty_period(tmp_path):
    """Review 225: past twelve empty periods the note (and so analysis.json)
    ended "... and 10 more"."""
    import pandas as pd

    from classify.api import _empty_periods_of

    years = [str(y) for y in (1990, 2000, 2025)]
    table = pd.DataFrame({"group": [*years, "(unknown)"]})
    empty = _empty_periods_of(table, "year")
    assert len(empty) == 33 and empty[0] == "1991" and empty[-1] == "2024" and "2000" not in empty
    assert _empty_periods_of(table, "source") == []


@pytest.mark.parametrize(
    "cell,outlets",
    [("(MSNBC) (Вести; Russian) (lenta.ru; Russian)", ["MSNBC", "Вести", "lenta.ru"]),
     ("(RIAN; Russian) (Delfi)", ["RIAN", "Delfi"]), ("(Newsday; AP)", ["Newsday", "AP"]),
     ("Reuters; AP", ["Reuters", "AP"]), ("(Press Association via ESPN (UK))",
     ["Press Association via ESPN (UK)"])],
)  # fmt: skip
def test_a_semicolon_inside_a_citation_group_parts_outlets(cell, outlets):
    """Review 226: "(Vesti; Russian)" was one outlet, language and all, and
    a CSV round trip then made "Russian" an outlet."""
    from classify.articles import split_outlets

    assert split_outlets(cell) == outlets


def _kept_chunk(tmp_path):
    """A finished ``p.jsonl`` beside the chunk an interrupted --overwrite of
    it kept."""
    import json

    from classify.engines.local import MANIFEST

    out = tmp_path / "p.jsonl"
    out.write_text('{"id": "old"}\n')
    parts = tmp_path / ".p.jsonl.parts"
    parts.mkdir()
    (parts / "part-00000.parquet").write_bytes(b"")
    (parts / MANIFEST).write_text(json.dumps({"complete": False}))
    return out


def test_an_interrupted_overwrite_of_a_finished_output_points_to_resume(tmp_path):
    """Review 226: rerun without a flag, it said "already exists (pass
    --overwrite ...)", which would throw the kept chunks away."""
    import json

    from classify.api import check_output
    from classify.engines.local import MANIFEST
    from classify.errors import ClassifyError

    out = _kept_chunk(tmp_path)
    with pytest.raises(ClassifyError, match=r"interrupted run left 1 complete chunk.*resume"):
        check_output(out, overwrite=False)
    # A finished folder of shards is an output, not kept chunks.
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "part-00000.parquet").write_bytes(b"")
    (shards / MANIFEST).write_text(json.dumps({"complete": True}))
    with pytest.raises(ClassifyError, match="already exists"):
        check_output(shards, overwrite=False)


def test_a_dataset_records_no_list_of_every_unmatched_line(tmp_path, capsys):
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        (root / "seeds" / "annotations.jsonl").read_text()
        + json.dumps({"text": "A sentence found nowhere.", "stance": "neutral"})
        + "\n"
    )
    result = run_cli(
        capsys, "dataset", "build", root / "seeds", "--annotations", gold, "--unit", "sentence",
        "--split", "none", "--out", tmp_path / "ds",
    )  # fmt: skip
    assert result.code == 0, result.err
    saved = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    assert saved["unmatched_annotations"] == 1
    assert "unmatched_annotation_all" not in saved and "unmatched_annotation_texts" not in saved


def test_the_analysis_report_lists_unknown_after_the_years(tmp_path):
    """Check 227: prevalence.csv put "(unknown)" last, the report's table still first."""
    from classify import api

    models = {}
    for task in ("stance",):
        data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
        models[task] = train_tfidf(task, data, tmp_path / task)
    rows = _scored_rows()  # dated 2019-2021, one undated
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    api.analyse([models["stance"]], corpus, by="year", out=tmp_path / "an", n_bootstrap=0)
    report = (tmp_path / "an" / "report.md").read_text()
    table = [
        line
        for line in report.splitlines()
        if line.startswith("| 20") or line.startswith("| (unknown)")
    ]
    assert [line.split("|")[1].strip() for line in table] == ["2019", "2020", "2021", "(unknown)"]


def test_rerun_after_an_interrupted_overwrite_points_to_resume_from_the_command_line(
    stance_model, tmp_path, capsys
):
    """Check 227: the command checked "already exists" itself before
    check_output, so the kept chunks were never named."""

    data = write_jsonl(tmp_path / "new.jsonl", _scored_rows())
    out = _kept_chunk(tmp_path)
    result = run_cli(capsys, "predict", stance_model, data, "--out", out)
    assert result.code == 1
    assert "interrupted run left 1 complete chunk(s)" in result.err and "--resume" in result.err
