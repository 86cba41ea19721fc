"""Stop 52: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import pytest

_BODY = (
    "Belarus has released 14 political prisoners, its state news agency said.\n\n"
    "The release follows a visit by a US envoy to Minsk last week."
)


@pytest.mark.parametrize(
    ("line", "section"),
    [("2 hours ago | World", "World"), ("Europe | Updated 5 mins ago | 3 min read", "Europe"),
     ("Politics | Yesterday, 10:42", "Politics")],
)  # fmt: skip
def test_a_section_beside_a_relative_stamp_is_the_section_not_a_caption(tmp_path, line, section):
    from classify.articles import read_articles

    path = tmp_path / "page.txt"
    path.write_text(
        f"Belarus frees prisoners as US envoy visits Minsk\n\n{line}\n\nBy Jane Doe\n\n{_BODY}",
        encoding="utf-8",
    )
    (article,) = read_articles(path)
    assert article.section == section and article.date is None
    assert article.caption is None and article.meta["date_written"] == line
    assert article.author == "Jane Doe" and len(article.paragraphs) == 2


@pytest.mark.parametrize("outlet", ["The Guardian", "Financial Times", "BBC News"])
@pytest.mark.parametrize(
    ("then", "date"),
    [("Sept. 11, 2025\nBy Jane Doe", "2025-09-11"), ("11 September 2025", "2025-09-11"),
     ("3 hours ago\nBy Jane Doe", None), ("By Jane Doe", None)],
)  # fmt: skip
def test_an_outlet_between_the_headline_and_its_date_or_byline_is_the_source(
    tmp_path, outlet, then, date
):
    """One block of headline, outlet and date line or byline: the outlet is
    neither the author nor the headline's last words."""
    from classify.articles import read_articles

    path = tmp_path / "page.txt"
    path.write_text(f"Belarus frees prisoners as US envoy visits Minsk\n{outlet}\n{then}\n\n{_BODY}",
                    encoding="utf-8")  # fmt: skip
    (article,) = read_articles(path)
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"
    assert article.source == outlet and article.date == date
    assert article.author == ("Jane Doe" if "By " in then else None)
    assert len(article.paragraphs) == 2


def _stance_model(tmp_path):
    from test_active import synthetic_rows, write_jsonl

    import classify

    from conftest import ROOT

    rows = synthetic_rows(60, seed=3)
    return classify.train(ROOT / "configs/stance-tfidf.yaml", save=False,
                          data=write_jsonl(tmp_path / "d.jsonl", rows),
                          overrides={"data.split.method": "random"}).model  # fmt: skip


def test_pandas_na_and_nat_are_missing_texts_not_a_type(tmp_path):
    import pandas as pd

    import classify
    from classify.errors import ClassifyError

    model = _stance_model(tmp_path)
    for missing in (pd.NA, pd.NaT):
        with pytest.raises(ClassifyError, match=r"item 1 is missing \(None, NaN or NA\)"):
            model.predict(["Talks resumed in Geneva today.", missing])
    texts = pd.Series(["Talks resumed in Geneva today.", pd.NA], dtype="string")
    got = classify.predict(model, pd.DataFrame({"text": texts}),
                           options=classify.ReadOptions(on_error="skip"))  # fmt: skip
    assert got.iloc[0] == model.predict("Talks resumed in Geneva today.") and pd.isna(got.iloc[1])


OWN = __import__("conftest").ROOT / "tests/fixtures/own"


def test_a_missing_test_file_in_a_config_is_file_not_found_not_a_table_of_its_name(
    tmp_path, capsys
):
    """A suffixless path (a folder's name) must not be read as one text (review 115)."""
    from cli_runner import run_cli

    config = tmp_path / "c.yaml"
    text = (OWN / "stance/tfidf.yaml").read_text(encoding="utf-8")
    config.write_text(text.replace("path: train.csv", f"path: {OWN / 'stance/train.csv'}")
                      .replace("task: task.yaml", f"task: {OWN / 'stance/task.yaml'}")
                      .replace("test: test.csv", "test: tset"), encoding="utf-8")  # fmt: skip
    res = run_cli(capsys, "train", config, "--out", tmp_path / "m")
    assert res.code == 1
    assert f"key 'data.test': file not found ({tmp_path / 'tset'}; relative paths" in res.err
    res = run_cli(capsys, "train", config, "--set", f"data.test={tmp_path / 'nosuch'}",
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 1 and f"key 'data.test': file not found ({tmp_path / 'nosuch'})" in res.err


def test_the_run_records_the_test_file_given_and_heads_its_table_with_the_primary_metric(
    tmp_path, capsys
):
    import json

    from cli_runner import run_cli

    test = tmp_path / "other.csv"
    test.write_bytes((OWN / "stance/test.csv").read_bytes())
    res = run_cli(capsys, "train", OWN / "stance/tfidf.yaml", "--test", test,
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    info = json.loads((tmp_path / "m/model.json").read_text(encoding="utf-8"))
    assert info["config"]["data"]["test"] == str(test.resolve())
    assert str(test) in info["training"]["test"]
    figures = [line.split()[0] for line in res.out.splitlines() if line.startswith(" ")]
    assert figures.index("f_avg") < figures.index("macro_f1")  # the task's primary metric
    card = (tmp_path / "m/README.md").read_text(encoding="utf-8")
    assert "given per text, in the data's `target` column (any case)" in card


def test_a_dataset_built_with_folder_labels_keeps_them_for_the_models_evaluation(tmp_path, capsys):
    """dataset.json records --label-from-folder; a model trained on the
    dataset keeps it, and evaluate on the folder reads the labels (review 115)."""
    import json

    from cli_runner import run_cli

    res = run_cli(capsys, "dataset", "build", OWN / "news", "--task", OWN / "category.yaml",
                  "--label-from-folder", "category", "--split", "random",
                  "--out", tmp_path / "ds")  # fmt: skip
    assert res.code == 0, res.err
    built = json.loads((tmp_path / "ds/dataset.json").read_text(encoding="utf-8"))
    assert built["read"]["label_from_folder"] == "category"
    res = run_cli(capsys, "train", OWN / "category-tfidf.yaml", "--data", tmp_path / "ds",
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    info = json.loads((tmp_path / "m/model.json").read_text(encoding="utf-8"))
    assert info["config"]["data"]["label_from_folder"] == "category"
    assert info["training"]["layouts"] == built["layouts"] == {"plain": 12}
    res = run_cli(capsys, "evaluate", tmp_path / "m", OWN / "news", "--out", tmp_path / "ev")
    assert res.code == 0, res.err
    metrics = json.loads((tmp_path / "ev/metrics.json").read_text(encoding="utf-8"))
    assert metrics["n"] == 12


def test_a_split_column_is_said_to_be_there_and_not_applied(tmp_path, capsys):
    from cli_runner import run_cli
    from test_active import synthetic_rows, write_jsonl

    from conftest import ROOT

    rows = [{**r, "split": "test" if i % 4 == 0 else "Train"}
            for i, r in enumerate(synthetic_rows(40, seed=1))]  # fmt: skip
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    res = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                  "--set", "data.split.method=random", "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    assert "the data has a 'split' column (test 10, train 30) that is not applied" in res.err
    rows[0]["split"] = "holdout"  # not a published part's name: just a column
    write_jsonl(data, rows)
    res = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                  "--set", "data.split.method=random", "--out", tmp_path / "m2")  # fmt: skip
    assert res.code == 0 and "'split' column" not in res.err
