"""Review 58: what a new user met running experiments of their own, checked
on small grids of our own: reference cells keyed by their task, protocol
keys that would be ignored, cells of one task kept when a model of another
joins, duplicate seeds and sizes, the experiment's name, active learning
checked before any cell, copies across forward-chaining blocks, and the
line that reproduces a run made from Python."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from corpus_fixtures import labelled_rows, write_jsonl

from classify import experiments as ex
from classify.errors import ClassifyError

from conftest import ROOT

REFS = ROOT / "experiments" / "references.py"


def _grid(path: Path, data: Path, *, models: list[str], protocols: str, extra: str = "") -> Path:
    lines = "\n".join(f"  - {m}" for m in models)
    path.write_text(
        f"name: mine\ndata: {data}\nprotocols:\n{protocols}\nmodels:\n{lines}\n"
        f"references:\n  - {{name: keywords, function: {REFS}:keywords}}\n"
        f"bootstrap: 50\n{extra}",
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def data(tmp_path) -> Path:
    return write_jsonl(tmp_path / "gold.jsonl", labelled_rows())


DATE = '  - {name: date, split: date, cutoff: "2015-01-01"}'


def test_a_reference_is_computed_again_when_its_task_changes(tmp_path, data):
    task = tmp_path / "stance.yaml"
    shutil.copy(ROOT / "configs" / "tasks" / "stance.yaml", task)
    config = tmp_path / "stance-tfidf.yaml"
    text = (ROOT / "configs" / "stance-tfidf.yaml").read_text(encoding="utf-8")
    config.write_text(text.replace("task: stance", f"task: {task}"), encoding="utf-8")
    path = _grid(tmp_path / "mine.yaml", data, models=[str(config)], protocols=DATE)
    first = ex.run_experiment(path)
    assert first["run"]["reused_cells"] == 0
    again = ex.run_experiment(path, overwrite=True)
    assert again["run"]["reused_cells"] == 2
    # The keyword reference reads the task's descriptions: edited, it is redone.
    text = task.read_text(encoding="utf-8")
    assert "dialogue and talks," in text
    task.write_text(text.replace("dialogue and talks,", "dialogue and talks, a thaw,"), "utf-8")
    edited = ex.run_experiment(path, overwrite=True)
    assert edited["run"]["reused_cells"] == 0


def test_a_model_of_another_task_leaves_the_stored_cells_as_they_are(tmp_path, data):
    stance = str(ROOT / "configs" / "stance-tfidf.yaml")
    path = _grid(tmp_path / "mine.yaml", data, models=[stance], protocols=DATE)
    ex.run_experiment(path)
    _grid(path, data, models=[stance, str(ROOT / "configs" / "topic-tfidf.yaml")], protocols=DATE)
    summary = ex.run_experiment(path, overwrite=True)
    # The stance model and the stance reference are reused; the topic ones are new.
    assert summary["run"]["cells"] == 4 and summary["run"]["reused_cells"] == 2
    assert set(summary["data"]["fingerprints"]) == {"stance", "topics"}


@pytest.mark.parametrize(
    ("protocol", "message"),
    [
        ('{name: r, split: random, cutoff: "2015-01-01"}',
         "key 'protocols[0].cutoff' does not apply to split 'random'"),
        ("{name: c, cv: 3, test_size: 0.3}", "key 'protocols[0].test_size' does not apply to cv"),
        ('{name: c, cv: 3, cutoff: "2015-01-01"}', "key 'protocols[0].cutoff' does not apply to cv"),
        ("{name: d, split: date, group: source}",
         "key 'protocols[0].group' does not apply to split 'date'"),
        ('{name: d, split: date, cutoff: "2015-01-01", test_size: 0.3}',
         "key 'protocols[0].test_size' does not apply beside 'cutoff'"),
        ("{name: a, cv: 3, active: {start: 10}}",
         "key 'protocols[0].active' does not apply to cv: active learning needs one split"),
    ],
)  # fmt: skip
def test_a_protocol_key_its_kind_would_ignore_is_refused(tmp_path, data, protocol, message):
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=f"  - {protocol}")  # fmt: skip
    with pytest.raises(ClassifyError, match=re.escape(message)):
        ex.load_experiment(path)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("seeds: [0, 0]\n", "key 'seeds' holds the seed 0 twice"),
        ("train_sizes: [20, 20, all]\n", "key 'train_sizes' holds the size 20 twice"),
        ("train_sizes: [0, abc, 10.5]\n", "key 'train_sizes' holds 0, 'abc', 10.5"),
    ],
)
def test_duplicate_or_bad_seeds_and_sizes_are_named(tmp_path, data, extra, message):
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=DATE, extra=extra)  # fmt: skip
    with pytest.raises(ClassifyError, match=message):
        ex.load_experiment(path)


def test_the_name_stays_inside_results_and_protocols_are_not_empty(tmp_path, data):
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=DATE)  # fmt: skip
    path.write_text(path.read_text().replace("name: mine", "name: ../evil"), encoding="utf-8")
    with pytest.raises(ClassifyError, match=r"key 'name' is '../evil'"):
        ex.load_experiment(path)
    path.write_text(
        path.read_text().replace("name: ../evil", "name: my grid").replace(DATE, "  []"),
        encoding="utf-8",
    )
    text = path.read_text().replace("protocols:\n  []", "protocols: []")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClassifyError, match="key 'protocols' is empty"):
        ex.load_experiment(path)


def test_active_learning_that_would_start_from_every_unit_is_refused_before_any_cell(
    tmp_path, data
):
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols='  - {name: al, split: date, cutoff: "2015-01-01", active: {start: 500, batch: 5, rounds: 2}}')  # fmt: skip
    with pytest.raises(ClassifyError, match=r"key 'protocols\[0\].active.start' is 500"):
        ex.run_experiment(path)
    assert not (tmp_path / "results" / "mine" / "cells").exists()


def test_forward_chaining_says_which_units_sit_in_an_earlier_years_block(tmp_path):
    rows = labelled_rows()
    rows.append({**rows[0], "id": "refiled", "date": "2019-05-05"})
    data = write_jsonl(tmp_path / "gold.jsonl", rows)
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols="  - {name: fwd, split: forward, cv: 2}")  # fmt: skip
    with pytest.warns(UserWarning, match=r"protocol 'fwd': 1 unit repeats the text of a unit of "
                      r"an earlier year .*first: 'refiled', dated 2019, with 2010"):  # fmt: skip
        ex.run_experiment(path)


def test_a_run_from_python_says_the_call_that_reproduces_it(tmp_path, data):
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=DATE)  # fmt: skip
    import pandas as pd

    frame = pd.read_json(data, lines=True, dtype=False)
    summary = ex.run_experiment(path, data=frame)
    assert summary["run"]["command"] == (
        f"classify.run_experiment({str(path)!r}, data=<the DataFrame given>, overwrite=True)"
    )
    md = (tmp_path / "results" / "mine.md").read_text(encoding="utf-8")
    assert "classify.run_experiment(" in md


# Check 58: the same kinds, other inputs.


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("seeds: []\n", "key 'seeds' is empty"),
        ("seeds: [-1, 0]\n", "key 'seeds' holds -1 (allowed: whole numbers from 0 to 4294967295)"),
        ("train_sizes: []\n", "key 'train_sizes' is empty"),
    ],
)
def test_empty_or_negative_seeds_and_sizes_are_refused(tmp_path, data, extra, message):
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=DATE, extra=extra)  # fmt: skip
    with pytest.raises(ClassifyError, match=re.escape(message)):
        ex.load_experiment(path)


@pytest.mark.parametrize(
    ("active", "message"),
    [
        ("{strategies: [margin, margin]}", "key 'protocols[0].active.strategies' names 'margin' twice"),
        ("{strategies: []}", "key 'protocols[0].active.strategies' must list one strategy or more"),
        ("{rounds: 0}", "key 'protocols[0].active.rounds' is 0"),
    ],
)  # fmt: skip
def test_an_active_block_that_would_run_nothing_or_twice_is_refused(
    tmp_path, data, active, message
):
    protocol = f'  - {{name: al, split: date, cutoff: "2015-01-01", active: {active}}}'
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=protocol)  # fmt: skip
    with pytest.raises(ClassifyError, match=re.escape(message)):
        ex.load_experiment(path)


def test_active_rounds_that_do_not_fit_are_said(tmp_path, data):
    protocol = '  - {name: al, split: date, cutoff: "2015-01-01", active: {start: 10, batch: 5, rounds: 40, strategies: [margin]}}'
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=protocol)  # fmt: skip
    with pytest.warns(
        UserWarning, match=r"protocol 'al': 40 rounds of 5 from 10 need 210 training units"
    ):
        ex.run_experiment(path)


def test_a_python_run_says_how_to_recompute_its_cells_in_python(tmp_path, data):
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols=DATE, extra="seeds: [3, 1]\n")  # fmt: skip
    ex.run_experiment(path)
    md = (tmp_path / "results" / "mine.md").read_text(encoding="utf-8")
    assert "`fresh=True` recomputes them" in md and "--fresh" not in md
    assert "(seed 1, the lowest of the 2 seeds)" in md
