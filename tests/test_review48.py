"""Review 48 (a task of one's own, experiments, evaluation): what a new user met.

An experiment read only ``topics``/``stance`` label columns and a ``text``
column, whatever its models' tasks and configs said, so a task of one's own
could not be run; a single-label task failed on rows unlabelled for it; a
DataFrame as ``data`` was dumped into a "file not found"; an undated date
split suggested options of other commands; a renamed but unchanged config
recomputed its cells; a fold whose test part held a label its training part
lacked went unsaid in ``train --cv``; the model card escaped accented labels."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from cli_runner import run_cli
from sklearn.metrics import f1_score

from classify.errors import ClassifyError
from classify.experiments import decode_decisions, run_experiment

REGIONS = {
    "Europe": ["Berlin", "Paris", "Madrid", "Warsaw", "Vienna"],
    "Middle East": ["Cairo", "Amman", "Beirut", "Riyadh", "Doha"],
    "Américas": ["Lima", "Bogotá", "Quito", "Havana", "Santiago"],
}
VERBS = ["signed a trade pact in", "held talks in", "opened an embassy in", "hosted a summit in"]
TONES = {"cooperation": "welcomed the accord", "conflict": "condemned the strikes"}


def _rows(n: int = 60, unlabelled_tone: int = 0) -> list[dict]:
    rows = []
    for i in range(n):
        region = list(REGIONS)[i % 3]
        city = REGIONS[region][(i // 3) % 5]
        tone = list(TONES)[(i // 2) % 2]
        rows.append(
            {
                "id": f"e{i:03d}",
                "body": f"Officials {VERBS[i % 4]} {city}; the minister {TONES[tone]} ({i}).",
                "date": f"{2010 + i % 10}-03-0{1 + i % 9}",
                "region": region,
                "tone": None if i < unlabelled_tone else tone,
            }
        )
    return rows


@pytest.fixture
def own(tmp_path):
    """A folder with data of one's own (text in 'body'), two task files and configs."""
    (tmp_path / "region.yaml").write_text(
        "name: region\nkind: multiclass\nlabels: [Europe, Middle East, Américas]\n"
    )
    (tmp_path / "tone.yaml").write_text(
        "name: tone\nkind: multiclass\nlabels: [cooperation, conflict]\n"
    )
    for name, task in (("region-a", "region"), ("region-b", "region"), ("tone-a", "tone")):
        c = 1.0 if name.endswith("a") else 5.0
        (tmp_path / f"{name}.yaml").write_text(
            f"task: {task}.yaml\nmodel: {{family: tfidf-linear, params: {{C: {c}}}}}\n"
        )
    data = tmp_path / "events.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _rows(unlabelled_tone=4)))
    return tmp_path


def _experiment(folder, extra: str = "", models=("region-a", "region-b", "tone-a")) -> str:
    path = folder / "mine.yaml"
    path.write_text(
        "name: mine\ndata: events.jsonl\n"
        "protocols:\n  - {name: cv3, cv: 3}\n  - {name: date, split: date, cutoff: '2017-01-01'}\n"
        f"models: [{', '.join(m + '.yaml' for m in models)}]\n{extra}"
    )
    return str(path)


def test_an_experiment_reads_its_own_tasks_and_text_column_from_read(own):
    summary = run_experiment(_experiment(own, "read: {text_column: body}\n"))
    assert not summary["errors"]
    boards = {(b["task"], b["protocol"]): b for b in summary["leaderboards"]}
    assert set(boards) == {(t, p) for t in ("region", "tone") for p in ("cv3", "date")}
    # The four units with no tone are left out of tone's cells only, and said.
    assert boards["region", "cv3"]["n_test"] == 60
    assert boards["tone", "cv3"]["n_test"] == 56
    assert any("tone: 4 of 60 units have no 'tone' label" in n for n in summary["notes"])


def test_the_cells_score_what_sklearn_scores_on_the_labelled_units(own):
    run_experiment(_experiment(own, "read: {text_column: body}\n"))
    cell = json.loads(
        (own / "results/mine/cells/tone--tone-a--cv3--nall--s0.json").read_text(encoding="utf-8")
    )
    gold = {r["id"]: r["tone"] for r in _rows(unlabelled_tone=4)}
    assert sorted(cell["ids"]) == sorted(i for i, t in gold.items() if t is not None)
    predicted = decode_decisions(cell["decisions"], cell["labels"]).argmax(axis=1)
    truth = [cell["labels"].index(gold[i]) for i in cell["ids"]]
    expected = f1_score(truth, predicted, average="macro")
    assert cell["metrics"]["macro_f1"] == pytest.approx(expected)


def test_the_text_column_comes_from_the_cli_or_the_models_configs(own, capsys):
    path = _experiment(own)
    run = run_cli(capsys, "experiment", "run", path)
    assert run.code == 1
    assert "row has no column 'text'" in run.err
    assert "--text-column NAME" in run.err  # an option the command has
    run = run_cli(capsys, "experiment", "run", path, "--text-column", "body")
    assert run.code == 0, run.err
    # The models' configs saying it is enough where they agree ...
    for name in ("region-a", "region-b", "tone-a"):
        config = own / f"{name}.yaml"
        config.write_text(config.read_text() + "data: {text_column: body}\n")
    assert run_cli(capsys, "experiment", "run", path, "--overwrite").code == 0
    # ... and an error naming both where they do not.
    config = own / "tone-a.yaml"
    config.write_text(config.read_text().replace("text_column: body", "text_column: content"))
    run = run_cli(capsys, "experiment", "run", path, "--overwrite")
    assert run.code == 1
    assert "region-a.yaml has data.text_column 'body', tone-a.yaml has 'content'" in run.err
    assert "set 'read.text_column' in the experiment file" in run.err


def test_a_bad_read_key_is_named(own):
    with pytest.raises(ClassifyError, match=r"unknown key 'read\.text_colum' \(allowed: "):
        run_experiment(_experiment(own, "read: {text_colum: body}\n"))


def test_a_task_whose_column_is_missing_is_named_before_any_cell(own):
    rows = [{k: v for k, v in r.items() if k != "tone"} for r in _rows()]
    (own / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(ClassifyError, match=r"no label column 'tone' for task 'tone'"):
        run_experiment(_experiment(own, "read: {text_column: body}\n"))
    assert not (own / "results/mine/cells").exists()


def test_a_dataframe_is_data_and_a_missing_file_is_one_line(own):
    frame = pd.DataFrame(_rows(unlabelled_tone=4))
    summary = run_experiment(_experiment(own), data=frame, text_column="body")
    assert summary["data"]["path"] == "(in memory: DataFrame)"
    assert summary["data"]["units"] == 60
    with pytest.raises(ClassifyError, match=r"^data='nowhere.jsonl': file not found$"):
        run_experiment(_experiment(own), data="nowhere.jsonl", overwrite=True)
    (own / "mine.yaml").write_text(
        (own / "mine.yaml").read_text().replace("events.jsonl", "gone.jsonl")
    )
    with pytest.raises(ClassifyError, match=r"mine.yaml:line 2: key 'data': file not found"):
        run_experiment(own / "mine.yaml", text_column="body", overwrite=True)


def test_an_undated_date_protocol_suggests_another_protocol(own, capsys):
    rows = [{k: v for k, v in r.items() if k != "date"} for r in _rows()]
    (own / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    run = run_cli(capsys, "experiment", "run", _experiment(own), "--text-column", "body")
    assert run.code == 1
    assert "split 'date' needs a date on every unit" in run.err
    assert "--date-column NAME" in run.err
    assert "a protocol of cv: K folds" in run.err
    assert "dataset build" not in run.err and "--set" not in run.err


def test_a_renamed_unchanged_config_reuses_its_cells(own):
    run_experiment(_experiment(own, "read: {text_column: body}\n"))
    (own / "tone-renamed.yaml").write_text((own / "tone-a.yaml").read_text())
    path = _experiment(own, "read: {text_column: body}\n", ("region-a", "region-b", "tone-renamed"))
    summary = run_experiment(path, overwrite=True)
    assert summary["run"]["reused_cells"] == summary["run"]["cells"] == 6
    stored = json.loads(
        (own / "results/mine/cells/tone--tone-renamed--cv3--nall--s0.json").read_text()
    )
    assert stored["cell"]["model"] == "tone-renamed"
    # Changed content is a new cell, whatever its name.
    (own / "tone-renamed.yaml").write_text(
        (own / "tone-a.yaml").read_text().replace("C: 1.0", "C: 3.0")
    )
    summary = run_experiment(path, overwrite=True)
    assert summary["run"]["reused_cells"] == 4


def test_a_fold_missing_a_label_in_training_is_said(own, tmp_path, capsys):
    rows = _rows(unlabelled_tone=0)
    rows[0]["region"] = "Asia"  # one unit of a fourth region
    (own / "region.yaml").write_text(
        "name: region\nkind: multiclass\nlabels: [Europe, Middle East, Américas, Asia]\n"
    )
    (own / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    summary = run_experiment(_experiment(own, "read: {text_column: body}\n", ("region-a",)))
    assert any(
        "cv3 (region): a fold's test units have a label its training units lack ('Asia' in fold"
        in n
        for n in summary["notes"]
    )
    run = run_cli(
        capsys, "train", own / "region-a.yaml", "--data", own / "events.jsonl",
        "--text-column", "body", "--cv", "3", "--out", tmp_path / "m",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "a fold's test part has a label its training part lacks: 'Asia' (1 unit; fold" in (
        run.err
    )
    # The card names accented labels as written, in the task's order.
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert "Europe 19, Middle East 20, Américas 20, Asia 1" in card
    assert "\\u00e9" not in card


def test_compare_names_the_task_of_each_model(own, tmp_path, capsys):
    for name in ("region-a", "tone-a"):
        run = run_cli(
            capsys, "train", own / f"{name}.yaml", "--data", own / "events.jsonl",
            "--text-column", "body", "--out", tmp_path / name,
        )  # fmt: skip
        assert run.code == 0, run.err
    run = run_cli(capsys, "compare", tmp_path / "region-a", tmp_path / "tone-a")
    assert run.code == 1
    assert "each of these has its own: region-a (task 'region'), tone-a (task 'tone')" in run.err


def test_rows_of_one_task_leave_the_others_scores_alone(own):
    # The region cells are the same whether or not some units lack a tone.
    first = run_experiment(_experiment(own, "read: {text_column: body}\n", ("region-a",)))
    (own / "events.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in _rows(unlabelled_tone=0))
    )
    second = run_experiment(
        _experiment(own, "read: {text_column: body}\n", ("region-a",)), overwrite=True
    )
    f1 = [
        [b["rows"][0]["macro_f1"] for b in s["leaderboards"] if b["task"] == "region"]
        for s in (first, second)
    ]
    assert np.allclose(f1[0], f1[1])


def test_a_config_that_writes_the_default_column_is_heard(own, capsys):
    # 'text' written out is a choice, not the default left alone.
    rows = [{**r, "text": f"Unrelated words {i}."} for i, r in enumerate(_rows())]
    (own / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    for name, column in (("region-a", "body"), ("region-b", "body"), ("tone-a", "text")):
        config = own / f"{name}.yaml"
        config.write_text(config.read_text() + f"data: {{text_column: {column}}}\n")
    path = _experiment(own)
    run = run_cli(capsys, "experiment", "run", path)
    assert run.code == 1
    assert "region-a.yaml has data.text_column 'body', tone-a.yaml has 'text'" in run.err
    assert "or pass --text-column VALUE" in run.err
    # The run's own setting settles it, on the command line and in Python.
    assert run_cli(capsys, "experiment", "run", path, "--text-column", "body").code == 0
    summary = run_experiment(path, text_column="body", overwrite=True)
    assert summary["run"]["reused_cells"] == 6


def test_empty_multilabel_cells_in_an_experiment_are_said(own, capsys):
    (own / "themes.yaml").write_text(
        "name: themes\nkind: multilabel\nlabels: [trade, war]\nfield: themes\n"
    )
    (own / "themes-a.yaml").write_text("task: themes.yaml\nmodel: {family: tfidf-linear}\n")
    rows = _rows()
    lines = ["id,body,date,region,tone,themes"]
    for i, r in enumerate(rows):
        themes = "" if i < 3 else ("trade" if "trade" in r["body"] else "war")
        lines.append(f'{r["id"]},"{r["body"]}",{r["date"]},{r["region"]},{r["tone"]},{themes}')
    (own / "events.csv").write_text("\n".join(lines) + "\n")
    path = own / "themes-exp.yaml"
    path.write_text(
        "name: themes-exp\ndata: events.csv\nread: {text_column: body}\n"
        "protocols: [{name: cv3, cv: 3}]\nmodels: [themes-a.yaml, tone-a.yaml]\n"
    )
    run = run_cli(capsys, "experiment", "run", path)
    assert run.code == 0, run.err
    assert "3 rows have an empty 'themes' cell beside a filled label" in run.err


def test_a_dataframe_from_json_keeps_a_missing_key_missing(own):
    from classify.data import load_examples

    path = own / "gold.jsonl"
    rows = [
        {"id": "a", "text": "Sanctions on steel.", "topics": ["sanctions"], "stance": "against"},
        {"id": "b", "text": "Talks resume.", "stance": "favour"},  # no topics key
        {"id": "c", "text": "A football match.", "topics": [], "stance": "neutral"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    from_file = load_examples(str(path), label_fields=["topics", "stance"])
    from_frame = load_examples(pd.read_json(path, lines=True), label_fields=["topics", "stance"])
    assert from_file.labels["topics"] == from_frame.labels["topics"] == [["sanctions"], None, []]
    # A CSV's empty cell stays an empty cell: "no topic" beside a stance.
    csv_like = pd.DataFrame(
        {
            "id": ["a", "b"],
            "text": ["x", "y"],
            "topics": ["sanctions", np.nan],
            "stance": ["a", "b"],
        }
    )
    assert load_examples(csv_like, label_fields=["topics", "stance"]).labels["topics"] == [
        "sanctions",
        "",
    ]


def test_a_label_on_one_unit_is_not_told_to_use_fewer_folds(own, capsys, tmp_path):
    rows = _rows()
    rows[0]["region"] = "Asia"
    (own / "region.yaml").write_text(
        "name: region\nkind: multiclass\nlabels: [Europe, Middle East, Américas, Asia]\n"
    )
    (own / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    summary = run_experiment(_experiment(own, "read: {text_column: body}\n", ("region-a",)))
    note = next(n for n in summary["notes"] if "'Asia' in fold" in n)
    assert "a label on one unit is never learned by the fold that tests it" in note
    assert "fewer folds" not in note
    run = run_cli(
        capsys, "train", own / "region-a.yaml", "--data", own / "events.jsonl",
        "--text-column", "body", "--cv", "3", "--out", tmp_path / "m",
    )  # fmt: skip
    assert "never learned by the fold that tests it" in run.err and "fewer folds" not in run.err
