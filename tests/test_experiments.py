"""The experiment runner: grid expansion, identical splits across cells, resume."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import f1_score
from test_cli import labelled_jsonl  # noqa: F401  (fixture)

from classify import experiments as ex
from classify.data import load_examples

from conftest import ROOT


def _write_grid(path, labelled_jsonl):  # noqa: F811
    path.write_text(
        f"""
name: grid
description: a tiny grid for tests
data: {labelled_jsonl}
protocols:
  - {{name: date, split: date, cutoff: "2015-01-01"}}
  - {{name: cv3, cv: 3, group: article}}
models:
  - {ROOT / "configs/topic-tfidf.yaml"}
  - {ROOT / "configs/stance-tfidf.yaml"}
  - {{config: {ROOT / "configs/stance-tfidf.yaml"}, name: stance-words, set: {{model.params.char_ngrams: []}}}}
references:
  - {{name: majority, function: {ROOT / "experiments/references.py"}:majority}}
  - {{name: keywords, function: {ROOT / "experiments/references.py"}:keywords, tasks: [stance]}}
  - {{name: plain, function: {ROOT / "experiments/references.py"}:sklearn_plain, protocols: [date], train_sizes: [all], seeds: [0]}}
train_sizes: [12, all]
seeds: [0, 1]
bootstrap: 200
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def experiment(tmp_path, labelled_jsonl):  # noqa: F811
    return _write_grid(tmp_path / "grid.yaml", labelled_jsonl)


@pytest.fixture(scope="module")
def grid_run(tmp_path_factory, labelled_jsonl):  # noqa: F811
    """The grid experiment run once for the tests that read or change a
    finished run (each on a copy, :func:`finished`)."""
    path = _write_grid(tmp_path_factory.mktemp("grid") / "grid.yaml", labelled_jsonl)
    return path, ex.run_experiment(path)


@pytest.fixture()
def finished(grid_run, tmp_path):
    """A copy of the finished grid experiment, results and cells, and the
    first run's summary."""
    import shutil

    source, summary = grid_run
    shutil.copytree(source.parent, tmp_path / "copy")
    return tmp_path / "copy" / "grid.yaml", summary


def test_grid_expansion(experiment):
    exp = ex.load_experiment(experiment)
    cells = ex.expand(exp)
    # per protocol x size x seed: 3 models + majority on 2 tasks + keywords on
    # stance; the plain pipeline only in one slot (date, all, seed 0), both tasks
    assert len(cells) == 2 * 2 * 2 * (3 + 2 + 1) + 2
    assert {(c.protocol, c.train_size, c.seed) for c in cells if c.model == "plain"} == {
        ("date", None, 0)
    }
    assert len({c.id for c in cells}) == len(cells)
    assert {c.task for c in cells if c.model == "keywords"} == {"stance"}
    assert {c.train_size for c in cells} == {12, None}


def test_run_identical_splits_and_resume(finished, monkeypatch, labelled_jsonl):  # noqa: F811
    experiment, summary = finished
    results = experiment.parent / "results"
    assert (results / "grid.md").is_file() and (results / "grid.json").is_file()
    assert summary["run"]["reused_cells"] == 0 and not summary["errors"]
    cells = [json.loads(p.read_text()) for p in (results / "grid" / "cells").glob("*.json")]
    assert len(cells) == summary["run"]["cells"] == 50

    # Every model of a task sees the same test units, and the same number of
    # training units for one (protocol, size, seed).
    by_slot: dict[tuple, set] = {}
    for c in cells:
        key = (c["cell"]["task"], c["cell"]["protocol"], c["cell"]["train_size"], c["cell"]["seed"])
        by_slot.setdefault(key, set()).add((tuple(c["ids"]), c["n_train"]))
    assert all(len(v) == 1 for v in by_slot.values())
    # Timings are durations: fit and predict apart for models, one figure for
    # references (their function fits and predicts in one call).
    for c in cells:
        assert c["fit_seconds"] >= 0
        if c["cell"]["kind"] == "model":
            assert c["predict_seconds"] >= 0
        else:
            assert c["predict_seconds"] is None
    cv_ids = {tuple(c["ids"]) for c in cells if c["cell"]["protocol"] == "cv3"}
    assert len(next(iter(cv_ids))) == 48  # CV covers every unit once
    # A cell's decisions, read back with its own labels, give its figures.
    gold = {r["id"]: r for r in map(json.loads, labelled_jsonl.read_text().splitlines())}
    for c in cells:
        field = "topics" if c["cell"]["task"] == "topic" else "stance"
        decided = ex.decode_decisions(c["decisions"], c["labels"])
        truth = [gold[u][field] for u in c["ids"]]
        if field == "stance":
            expect = f1_score(
                truth, [c["labels"][row.argmax()] for row in decided], average="macro"
            )
        else:
            y = np.array([[int(lab in t) for lab in c["labels"]] for t in truth])
            expect = f1_score(y, decided, average="macro", zero_division=0)
        assert c["metrics"]["macro_f1"] == pytest.approx(expect, abs=1e-4), c["id"]

    boards = {(b["task"], b["protocol"]): b for b in summary["leaderboards"]}
    assert set(boards) == {
        ("topic", "date"),
        ("stance", "date"),
        ("topic", "cv3"),
        ("stance", "cv3"),
    }
    stance = boards[("stance", "cv3")]
    assert {r["name"] for r in stance["rows"]} == {
        "stance-tfidf",
        "stance-words",
        "majority",
        "keywords",
    }
    assert len(stance["tests"]) == 3
    assert summary["learning_curves"]  # two sizes: a curve per model
    md = (results / "grid.md").read_text()
    assert "Paired bootstrap" in md and "Learning curves" in md

    # A second run reuses every cell and computes nothing.
    def boom(*args, **kwargs):
        raise AssertionError("a finished cell was recomputed")

    monkeypatch.setattr(ex, "run_cell", boom)
    again = ex.run_experiment(experiment, overwrite=True)
    assert again["run"]["reused_cells"] == 50
    assert again["leaderboards"] == summary["leaderboards"]


def test_changed_config_recomputes_only_its_cells(finished, monkeypatch):
    experiment, _ = finished
    calls = []
    real = ex.run_cell
    monkeypatch.setattr(ex, "run_cell", lambda *a, **k: calls.append(a[1].id) or real(*a, **k))
    text = experiment.read_text().replace("char_ngrams: []", "char_ngrams: [], model.params.C: 1.0")
    experiment.write_text(text)
    # The other changed cells of that model are out of date: a partial run
    # would write the results from a subset, so it is refused.
    # Results exist, so the suggested run needs the switch too.
    with pytest.raises(
        ex.ClassifyError,
        match="run the whole experiment first, or run those with "
        "only='stance-words', overwrite=True first",
    ):
        ex.run_experiment(experiment, only="stance-words--date--nall--s0", overwrite=True)
    assert calls == []
    results = ex.load_experiment(experiment).results_dir / "grid.json"
    kept = results.read_bytes()
    results.unlink()
    with pytest.raises(ex.ClassifyError, match="run those with only='stance-words' first"):
        ex.run_experiment(experiment, only="stance-words--date--nall--s0")
    results.write_bytes(kept)
    assert calls == []
    reports: list[tuple[str, int, int]] = []
    ex.run_experiment(
        experiment, only="stance-words", overwrite=True, report=lambda *r: reports.append(r)
    )
    cells = ex.expand(ex.load_experiment(experiment))
    assert sorted(calls) == sorted(c.id for c in cells if "stance-words" in c.id)
    # The progress starts after the stored cells, so its rate and ETA count
    # only the cells computed, then one step per computed cell.
    assert [done for _, done, _ in reports] == list(range(len(cells) - len(calls), len(cells) + 1))


def test_only_refuses_when_other_cells_are_missing(experiment):
    with pytest.raises(ex.ClassifyError, match=r"cannot run only 'topic-tfidf': \d+ other cells"):
        ex.run_experiment(experiment, only="topic-tfidf")
    assert not (experiment.parent / "results" / "grid.md").exists()
    assert not (experiment.parent / "results" / "grid" / "cells").exists()
    with pytest.raises(
        ex.ClassifyError, match=r"--only 'zzz' matches no cell .*cell ids look like"
    ):
        ex.run_experiment(experiment, only="zzz")


def test_subsample_depends_on_seed_only(labelled_jsonl):  # noqa: F811
    examples = load_examples(labelled_jsonl)
    from classify.tasks import load_task

    y = examples.y(load_task(ROOT / "configs/tasks/stance.yaml"))
    train = list(range(40))
    a = ex.subsample(train, y, 6, seed=3)
    assert a == ex.subsample(train, y, 6, seed=3)
    assert a != ex.subsample(train, y, 6, seed=4)
    assert len(a) == 6 and set(a) <= set(train)
    assert np.all(y[a].sum(axis=0) >= 1)  # every label present
    assert ex.subsample(train, y, None, seed=0) == train


def test_only_reruns_its_cells_and_keeps_the_rest_in_the_results(finished, monkeypatch):
    experiment, first = finished
    calls = []
    real = ex.run_cell
    monkeypatch.setattr(ex, "run_cell", lambda *a, **k: calls.append(a[1].id) or real(*a, **k))
    again = ex.run_experiment(experiment, only="topic-tfidf--date", fresh=True, overwrite=True)
    assert sorted(calls) == sorted(
        c.id for c in ex.expand(ex.load_experiment(experiment)) if "topic-tfidf--date" in c.id
    )
    assert again["run"]["cells"] == first["run"]["cells"]

    # Same code, same data, same seed: the recomputed cells reproduce their
    # figures (all but the time they took).
    def figures(summary):
        return [
            {
                **board,
                "rows": [{k: v for k, v in r.items() if k != "fit_seconds"} for r in board["rows"]],
            }
            for board in summary["leaderboards"]
        ]

    assert figures(again) == figures(first)


def _speeches(path):
    """A second genre: longer, diplomatic paragraphs with gold labels."""
    rows = []
    templates = [
        (
            "We welcome the dialogue that restored relations between our nations, {c}.",
            ["normalisation"],
            "favour",
        ),
        (
            "My delegation condemns the unilateral sanctions imposed upon the people of {c}.",
            ["sanctions"],
            "favour",
        ),
        (
            "We deplore the detention of human rights defenders and journalists in {c}.",
            ["human_rights"],
            "against",
        ),
        ("Climate change threatens the small island states of {c} and beyond.", [], "neutral"),
    ]
    # Each paragraph its own closing words: a template filled in with only
    # a number is one text to a split (near-duplicates are drawn together).
    closings = [
        "This was said in the general debate of the assembly.",
        "The speaker then turned to the reform of the council.",
        "Applause followed from several of the delegations present.",
        "The statement ended with thanks to the outgoing president.",
        "Further remarks were circulated to members in writing.",
    ]
    for i in range(20):
        text, topics, stance = templates[i % 4]
        rows.append(
            {
                "id": f"un{i}",
                "date": f"{2000 + i}-09-20",
                "text": text.format(c=f"region {i}") + " " + closings[i // 4],
                "topics": topics,
                "stance": stance,
            }
        )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_protocols_that_test_on_another_dataset(tmp_path, labelled_jsonl):  # noqa: F811
    un = _speeches(tmp_path / "un.jsonl")
    pool = tmp_path / "pool.jsonl"
    # The pool holds one of the UN test paragraphs: self-training must not use it.
    pool_rows = [{"text": f"The envoy visits capital {i} to reopen the embassy."} for i in range(6)]
    pool_rows.append({"text": json.loads(un.read_text().splitlines()[0])["text"]})
    pool.write_text("\n".join(json.dumps(r) for r in pool_rows) + "\n", encoding="utf-8")
    path = tmp_path / "transfer.yaml"
    path.write_text(
        f"""
name: transfer
data: {labelled_jsonl}
datasets: {{un: null}}
protocols:
  - {{name: un, test_data: un}}
  - {{name: un-kfold, test_data: un, cv: 4}}
models:
  - {ROOT / "configs/stance-tfidf.yaml"}
  - config: {ROOT / "configs/stance-tfidf.yaml"}
    name: stance-selftrained
    set: {{data.unlabelled: ["{pool}"], self_training.min_confidence: 0.0}}
bootstrap: 100
""",
        encoding="utf-8",
    )
    with pytest.raises(ex.ClassifyError, match=r"datasets=\{'un': PATH\}"):
        ex.run_experiment(path)
    summary = ex.run_experiment(path, datasets={"un": str(un)})
    assert not summary["errors"]
    cells = {
        c["id"]: c
        for c in (
            json.loads(p.read_text()) for p in (tmp_path / "results/transfer/cells").glob("*.json")
        )
    }
    transfer = cells["stance--stance-tfidf--un--nall--s0"]
    # Trained on every unit of the main data, tested on every UN paragraph.
    assert transfer["n_train"] == len(load_examples(labelled_jsonl))
    assert sorted(transfer["ids"]) == sorted(f"un{i}" for i in range(20))
    kfold = cells["stance--stance-tfidf--un-kfold--nall--s0"]
    assert kfold["n_train"] == len(load_examples(labelled_jsonl)) + 15
    assert sorted(kfold["ids"]) == sorted(transfer["ids"])
    # In-genre labels help on the in-genre test: the k-fold protocol sees them.
    assert kfold["metrics"]["macro_f1"] >= transfer["metrics"]["macro_f1"]
    taught = cells["stance--stance-selftrained--un--nall--s0"]["self_training"][0]
    assert taught["pool"]["excluded_as_labelled"] == 1
    assert taught["pool"]["scored"] == 6
    protocols = {b["protocol"] for b in summary["leaderboards"]}
    assert protocols == {"un", "un-kfold"}


def _one_protocol(path: Path, data: Path, protocol: str) -> Path:
    """An experiment file with one protocol and the stance TF-IDF config."""
    path.write_text(
        f"name: {path.stem}\ndata: {data}\nprotocols:\n  - {protocol}\n"
        f"models: [{ROOT / 'configs/stance-tfidf.yaml'}]\n",
        encoding="utf-8",
    )
    return path


def test_test_data_must_name_a_dataset(tmp_path, labelled_jsonl):  # noqa: F811
    path = _one_protocol(tmp_path / "bad.yaml", labelled_jsonl, "{name: x, test_data: un}")
    with pytest.raises(ex.ClassifyError, match="test_data"):
        ex.load_experiment(path)


def test_forward_protocol_tests_each_later_unit_once_on_earlier_years(tmp_path, labelled_jsonl):  # noqa: F811
    path = tmp_path / "forward.yaml"
    path.write_text(
        f"name: forward\ndata: {labelled_jsonl}\nprotocols:\n"
        "  - {name: forward3, split: forward, cv: 3}\n"
        f"models: [{ROOT / 'configs/stance-tfidf.yaml'}]\nbootstrap: 50\n",
        encoding="utf-8",
    )
    summary = ex.run_experiment(path)
    assert not summary["errors"]
    cell = json.loads(
        (
            tmp_path / "results/forward/cells/stance--stance-tfidf--forward3--nall--s0.json"
        ).read_text()
    )
    examples = load_examples(labelled_jsonl)
    year = {i: str(d)[:4] for i, d in zip(examples.ids, examples.dates)}
    # 8 years of 6 items: the first block is never tested, every later item once.
    assert len(cell["ids"]) == len(set(cell["ids"]))
    tested_years = {year[i] for i in cell["ids"]}
    untested = set(year.values()) - tested_years
    assert untested and max(untested) < min(tested_years)
    assert len(cell["ids"]) == 6 * len(tested_years)
    report = (tmp_path / "results" / "forward.md").read_text()
    assert "forward3: forward chaining over whole years, 3 later blocks" in report
    # The results say what each fold trained and tested on, as the cell did.
    folds = summary["grid"]["protocols"][0]["folds"]
    assert sum(f["n_test"] for f in folds) == len(cell["ids"])
    assert [f["n_train"] for f in folds] == cell["n_train_folds"]
    first, last = min(year.values()), max(year.values())
    assert folds[0]["train_years"].startswith(first) and folds[-1]["test_years"].endswith(last)
    assert folds[1]["train_years"] == f"{first}-{folds[0]['test_years'][-4:]}"
    f = folds[0]
    assert f"train {f['train_years']} ({f['n_train']} units), test {f['test_years']}" in report
    assert not summary["notes"]  # every fold trains on every label here
    # The same items with other dates are other data: nothing stored is reused.
    first_ids = cell["ids"]
    rows = [json.loads(line) for line in labelled_jsonl.read_text().splitlines()]
    moved = tmp_path / "moved.jsonl"
    moved.write_text(
        "".join(
            json.dumps({**r, "date": "2030" if i % 2 else r["date"]}) + "\n"
            for i, r in enumerate(rows)
        ),
        encoding="utf-8",
    )
    again = ex.run_experiment(path, data=str(moved), overwrite=True)
    assert again["run"]["reused_cells"] == 0
    cell = json.loads(
        (
            tmp_path / "results/forward/cells/stance--stance-tfidf--forward3--nall--s0.json"
        ).read_text()
    )
    assert set(cell["ids"]) != set(first_ids)


def test_forward_protocol_errors_name_the_experiment_file_and_the_data(tmp_path, labelled_jsonl):  # noqa: F811
    # 8 years of items: at most 7 later blocks, or 8 folds of whole years
    # (more are refused, not run as fewer).
    for protocol, message in (
        ("split: forward, cv: 9", r"needs at least 10 distinct years, found 8 \(allowed: cv from 2 to 7\)"),
        ("cv: 9, group: date", r"cv 9 asks for more folds than the data has date groups \(8; allowed: cv from 2 to 8\)"),
    ):  # fmt: skip
        path = _one_protocol(tmp_path / "fw.yaml", labelled_jsonl, f"{{name: f, {protocol}}}")
        with pytest.raises(
            ex.ClassifyError, match=rf"fw.yaml: key 'protocols\[0\]' \(f\): .*{message}"
        ):
            ex.run_experiment(path)
    path = _one_protocol(tmp_path / "fw.yaml", labelled_jsonl, "{name: f, split: forward, cv: 3}")
    rows = [json.loads(line) for line in labelled_jsonl.read_text().splitlines()]
    undated = tmp_path / "undated.jsonl"
    undated.write_text(
        "".join(
            json.dumps({k: v for k, v in r.items() if i != 3 or k != "date"}) + "\n"
            for i, r in enumerate(rows)
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        ex.ClassifyError,
        match=rf"split 'forward' needs a date on every unit; '{rows[3]['id']}' has none",
    ):
        ex.run_experiment(path, data=str(undated))


def _stance_experiment(tmp_path: Path, name: str, data: Path, rows: list, protocol: str) -> Path:
    """``rows`` written to ``data`` and a one-protocol experiment of
    `stance-tfidf` on them (20 resamples), written as ``NAME.yaml``."""
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"name: {name}\ndata: {data}\nprotocols:\n  - {protocol}\n"
        f"models: [{ROOT / 'configs/stance-tfidf.yaml'}]\nbootstrap: 20\n",
        encoding="utf-8",
    )
    return path


def _early_years_neutral() -> list[dict]:
    """Items whose earliest years hold only neutral ones: the first forward
    fold cannot train, though the data as a whole has every class."""
    sides = ["favour", "against", "neutral"]
    return [
        {"id": f"early{i}", "text": f"Early report number {i} on the harvest.", "date": f"200{i % 4}-05-01", "stance": "neutral"}
        for i in range(24)
    ] + [
        {"id": f"late{i}", "text": f"Later item {i}: talks on ties, {sides[i % 3]}.", "date": f"{2010 + i % 8}-03-01", "stance": sides[i % 3]}
        for i in range(48)
    ]  # fmt: skip


def test_a_failing_fold_is_named_and_a_run_where_every_cell_fails_exits_non_zero(tmp_path, capsys):
    from cli_runner import run_cli

    rows = _early_years_neutral()
    skewed = tmp_path / "skewed.jsonl"
    path = _stance_experiment(tmp_path, "skew", skewed, rows, "{name: f, split: forward, cv: 3}")
    r = run_cli(capsys, "experiment", "run", path)
    assert r.code == 1
    message = " ".join(r.err.split())
    assert "every cell failed" in message
    assert "protocol 'f', fold 1 of 3 (trained on 18 units dated 2000 to 2002)" in message
    assert "single class" in message
    cell = json.loads(
        (tmp_path / "results/skew/cells/stance--stance-tfidf--f--nall--s0.json").read_text()
    )
    assert "fold 1 of 3" in cell["error"]
    assert "protocol 'f', fold 1 of 3" in " ".join(r.out.split())  # the terminal names it too
    # The labels the first fold cannot learn are a note, in the terminal and the results.
    note = "f, fold 1 (stance): its test years 2003-2011 have 'against', 'favour', which its training years 2000-2002 lack"
    assert note in " ".join(r.out.split())
    assert note in (tmp_path / "results" / "skew.md").read_text()
    # A failed cell is tried again on a rerun: here the cause is gone.
    rows[0]["stance"] = "favour"
    rows[1]["stance"] = "against"
    skewed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    fixed = ex.run_experiment(path, overwrite=True)
    assert not fixed["errors"] and fixed["run"]["reused_cells"] == 0
    assert not fixed["notes"]


def test_a_run_with_some_failed_cells_exits_non_zero_and_a_missing_pool_stops_first(
    tmp_path, capsys
):
    from cli_runner import run_cli

    rows = _early_years_neutral()
    two = "{name: f, split: forward, cv: 3}\n  - {name: r, split: random}"
    path = _stance_experiment(tmp_path, "half", tmp_path / "half.jsonl", rows, two)
    r = run_cli(capsys, "experiment", "run", path)
    assert r.code == 1
    assert "1 of 2 cells failed (listed above)" in " ".join(r.err.split())
    assert (tmp_path / "results" / "half.md").is_file()  # the other cell is reported
    # A pool that is not there is named before any cell runs.
    text = path.read_text(encoding="utf-8").replace(
        "models: [",
        f"models:\n  - config: {ROOT / 'configs/stance-tfidf.yaml'}\n    name: st\n"
        f"    set: {{data.unlabelled: [{tmp_path / 'nopool.jsonl'}]}}\nmodels_rest: [",
    )
    text = text.replace("models_rest: [", "  - ").replace("]\nbootstrap", "\nbootstrap")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(
        ex.ClassifyError,
        match=r"key 'models\[0\]': unlabelled pool '.*nopool.jsonl' not found.*"
        r"relative to the experiment file in 'set'",
    ):
        ex.load_experiment(bad)
    # The results' Reproduce line reruns as written (the results exist by then).
    assert "half.yaml --overwrite`" in (tmp_path / "results" / "half.md").read_text()


def test_cell_keys_follow_content_not_places(tmp_path, labelled_jsonl):  # noqa: F811
    # Two checkouts: the same experiment, config and pool, in other folders.
    keys = []
    for where in ("one", "two/deeper"):
        home = tmp_path / where
        (home / "configs").mkdir(parents=True)
        config = (ROOT / "configs/stance-tfidf.yaml").read_text()
        (home / "configs" / "s.yaml").write_text(
            config.replace("task: tasks/stance.yaml", "task: stance")
        )
        (home / "pool.jsonl").write_text('{"text": "The envoy visits."}\n')
        path = home / "e.yaml"
        path.write_text(
            f"name: e\ndata: {labelled_jsonl}\nprotocols:\n  - {{name: d, split: date}}\n"
            "models:\n  - {config: configs/s.yaml, name: st, set: {data.unlabelled: [pool.jsonl]}}\n"
        )
        exp = ex.load_experiment(path)
        keys.append(ex.cell_key(exp, ex.expand(exp)[0], "fp"))
    assert keys[0] == keys[1]
    (home / "pool.jsonl").write_text('{"text": "Another pool."}\n')
    assert ex.cell_key(exp, ex.expand(exp)[0], "fp") != keys[1]


def test_paths_in_set_are_relative_to_the_experiment_file(tmp_path, labelled_jsonl, monkeypatch):  # noqa: F811
    (tmp_path / "pools").mkdir()
    (tmp_path / "pools" / "a.jsonl").write_text('{"text": "A pool item."}\n', encoding="utf-8")
    path = tmp_path / "rel.yaml"
    path.write_text(
        f"name: rel\ndata: {labelled_jsonl}\nprotocols:\n  - {{name: d, split: random}}\n"
        f"models:\n  - config: {ROOT / 'configs/stance-tfidf.yaml'}\n"
        "    set: {data.unlabelled: [pools/a.jsonl]}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(ROOT)
    exp = ex.load_experiment(path)
    assert exp.models[0].config.data.unlabelled == [str(tmp_path / "pools" / "a.jsonl")]


def test_paired_script_reads_the_cells_of_an_experiment_kept_anywhere(tmp_path, labelled_jsonl):  # noqa: F811
    import subprocess
    import sys

    path = tmp_path / "mine" / "pair.yaml"
    path.parent.mkdir()
    # Ids out of sorted order, each unit its own cluster (as in the bench):
    # review 26h found the script's intervals apart from the results' there.
    lines = labelled_jsonl.read_text().splitlines()
    labelled_jsonl = tmp_path / "reversed.jsonl"
    labelled_jsonl.write_text("\n".join(reversed(lines)) + "\n")
    path.write_text(
        f"""
name: pair
data: {labelled_jsonl}
protocols:
  - {{name: date, split: date, cutoff: "2015-01-01"}}
models:
  - {ROOT / "configs/stance-tfidf.yaml"}
  - {{config: {ROOT / "configs/stance-tfidf.yaml"}, name: stance-words, set: {{model.params.char_ngrams: []}}}}
  # A name that does not start with its task: the cells say which task it is.
  - {{config: {ROOT / "configs/stance-tfidf.yaml"}, name: words-c1, set: {{model.params.char_ngrams: [], model.params.C: 1.0}}}}
references:
  - {{name: majority, function: {ROOT / "experiments/references.py"}:majority}}
bootstrap: 100
""",
        encoding="utf-8",
    )
    ex.run_experiment(path)
    script = [sys.executable, str(ROOT / "experiments/paired.py"), "stance-tfidf", "stance-words"]

    def paired(*args: str, data: object = labelled_jsonl) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(ROOT / "experiments/paired.py"), *args, "--experiment", str(path),
             "--data", str(data)],
            capture_output=True, text=True, cwd=tmp_path,
        )  # fmt: skip

    named = paired("words-c1", "stance-words")
    assert named.returncode == 0, named.stderr
    head, first = named.stdout.splitlines()[:2]
    assert head == "seed 0, training size all"
    assert first.startswith("stance: date (n=") and ": words-c1 " in first
    # Gold labels other than those the run scored are refused, not scored.
    rows = [json.loads(line) for line in labelled_jsonl.read_text().splitlines()]
    flipped = tmp_path / "flipped.jsonl"
    swap = {"favour": "against", "against": "favour", "neutral": "neutral"}
    flipped.write_text("".join(json.dumps({**r, "stance": swap[r["stance"]]}) + "\n" for r in rows))
    other = paired("stance-tfidf", "stance-words", data=flipped)
    assert (
        other.returncode == 1 and "the gold labels in --data are not those the run" in other.stdout
    )
    run = subprocess.run(
        [*script, "--experiment", str(path), "--data", str(labelled_jsonl)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    cell = json.loads(
        (path.parent / "results/pair/cells/stance--stance-tfidf--date--nall--s0.json").read_text()
    )
    n = len(cell["ids"])
    line = run.stdout.splitlines()[1]
    assert line.startswith(
        f"stance: date (n={n}): stance-tfidf {cell['metrics']['macro_f1']:.3f}, minus"
    )
    assert re.search(r"\], p=\d\.\d{3}$", line)
    # A seed the experiment does not have is refused, not read from a leftover cell.
    gone = paired("stance-tfidf", "stance-words", "--seed", "3")
    assert gone.returncode == 1 and "--seed 3: the experiment's seeds are 0" in gone.stderr
    # The same difference and interval as the experiment's own paired test
    # (its resamples and clusters; review 25h found them apart).
    results = json.loads((path.parent / "results" / "pair.json").read_text())
    for other, out in (("stance-words", run.stdout), ("majority", None)):
        [test] = [
            t
            for board in results["leaderboards"]
            for t in board["tests"]
            if {t["a_name"], t["b_name"]} == {"stance-tfidf", other}
        ]
        out = out or paired("stance-tfidf", other).stdout
        sign = 1 if test["a_name"] == "stance-tfidf" else -1
        lo, hi = sorted(sign * x for x in test["ci95"])
        assert f"{sign * test['diff']:+.3f} [{lo:+.3f}, {hi:+.3f}]" in out, (test, out)
    # A model that decides otherwise, so the interval has a width to match.
    assert test["ci95"][0] != test["ci95"][1]
    missing = subprocess.run(
        [*script, "--experiment", str(tmp_path / "none.yaml"), "--data", str(labelled_jsonl)],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "none.yaml: no such experiment file" in missing.stderr
    # An experiment file changed since its cells were stored: they are stale.
    path.write_text(path.read_text().replace('cutoff: "2015-01-01"', 'cutoff: "2016-01-01"'))
    stale = paired("stance-tfidf", "stance-words")
    assert stale.returncode == 1 and "does not match pair.yaml" in stale.stdout


@pytest.mark.parametrize(
    "protocol,message",
    [
        ("{name: p, split: bogus}", r"key 'protocols\[0\].split' is 'bogus' \(allowed: date"),
        ("{name: p, split: date, cutoff: soon}", r"key 'protocols\[0\].cutoff': cannot read date"),
        ("{name: p, cv: 1}", r"key 'protocols\[0\].cv' is 1 \(allowed: 0 for a held-out split"),
        ("{name: p, split: forward}", r"key 'protocols\[0\].split' is 'forward', which needs 'cv'"),
        ("{name: a/b, split: date}", r"key 'protocols\[0\].name' is 'a/b' \(allowed: letters"),
        ("{name: a--b, split: date}", r"key 'protocols\[0\].name' is 'a--b' \(allowed: letters"),
        (
            "{name: p, split: date}\n  - {name: p, cv: 2}",
            r"key 'protocols\[1\].name': protocol name 'p' is used twice",
        ),
        ("{name: p, cv: 4, group: year}", r"key 'protocols\[0\].group' is 'year' \(allowed: auto"),
        (
            "{name: p, split: forward, cv: 1}",
            r"key 'protocols\[0\].cv' is 1 \(allowed with split 'forward'",
        ),
        (
            "{name: p, split: forward, cv: 3, cutoff: 2015}",
            r"key 'protocols\[0\].cutoff' does not apply to split 'forward'",
        ),
        (
            "{name: p, split: forward, cv: 3, group: article}",
            r"key 'protocols\[0\].group' does not apply to split 'forward'",
        ),
        (
            "{name: p, split: date, cv: 3}",
            r"key 'protocols\[0\].split' is 'date' beside 'cv' \(allowed with cv: forward",
        ),
    ],
)
def test_bad_protocols_and_sets_are_named_in_the_experiment_file(
    tmp_path,
    labelled_jsonl,  # noqa: F811
    protocol,
    message,
):
    path = tmp_path / "bad.yaml"
    models = f"models:\n  - {ROOT / 'configs/stance-tfidf.yaml'}\n"
    path.write_text(f"name: bad\ndata: {labelled_jsonl}\nprotocols:\n  - {protocol}\n{models}")
    # (At the line of the protocol the key is written in.)
    with pytest.raises(ex.ClassifyError, match=rf"bad.yaml:line [45]: {message}"):
        ex.load_experiment(path)
    path.write_text(
        f"name: bad\ndata: {labelled_jsonl}\nprotocols:\n  - {{name: p, split: date}}\n"
        f"models:\n  - {{config: {ROOT / 'configs/stance-tfidf.yaml'}, set: {{model.params.alpha: 1}}}}\n"
    )
    with pytest.raises(
        ex.ClassifyError, match=r"'model.params.alpha'.*set in .*bad.yaml, key 'models\[0\].set'"
    ):
        ex.load_experiment(path)
    # A config that is not there is named by its key, as written (review 26h).
    path.write_text(
        f"name: bad\ndata: {labelled_jsonl}\nprotocols:\n  - {{name: p, split: date}}\n"
        "models:\n  - configs/stance-tfdif.yaml\n"
    )
    with pytest.raises(
        ex.ClassifyError,
        match=r"bad.yaml:line 6: key 'models\[0\]': config file 'configs/stance-tfdif.yaml' not found",
    ):
        ex.load_experiment(path)


def _edited(experiment: Path, old: str, new: str) -> Path:
    text = experiment.read_text(encoding="utf-8")
    assert old in text
    experiment.write_text(text.replace(old, new), encoding="utf-8")
    return experiment


@pytest.mark.parametrize(
    "old,new,message",
    [
        # A copy-paste slip: two stance models under one name.
        (
            "name: stance-words",
            "name: stance-tfidf",
            "model name 'stance-tfidf' is used twice for task 'stance'",
        ),
        (
            "name: stance-words",
            "protocls: [date], name: stance-words",
            "unknown key 'models[2].protocls'",
        ),
        (
            "protocols: [date], train_sizes",
            "protocols: [dat], train_sizes",
            "key 'references[2].protocols' names 'dat'",
        ),
        (
            "train_sizes: [all], seeds: [0]",
            "train_sizes: [30], seeds: [0]",
            "key 'references[2].train_sizes' names 30",
        ),
        ("tasks: [stance]", "tasks: [stanse]", "key 'references[1].tasks' names 'stanse'"),
        ("train_sizes: [12, all]", "train_sizes: [0, all]", "key 'train_sizes' holds 0"),
        ("train_sizes: [12, all]", "train_sizes: [half]", "key 'train_sizes' holds 'half'"),
        (":keywords,", ":keywordz,", "key 'references[1].function'"),
        ("seeds: [0, 1]", "seeds: 3", "key 'seeds' must be a list of whole numbers"),
    ],
)
def test_an_experiment_file_is_checked_before_any_cell(experiment, old, new, message):
    with pytest.raises(ex.ClassifyError, match=re.escape(message)):
        ex.load_experiment(_edited(experiment, old, new))


def test_every_problem_of_an_experiment_file_is_named_at_once(experiment, capsys):
    from test_cli import run_cli

    _edited(experiment, "name: cv3, cv: 3, group: article", "name: cv3, cv: 3, grop: article")
    _edited(experiment, "seeds: [0, 1]", "seeds: 3")
    _edited(experiment, "description:", "descripton:")
    _edited(experiment, "name: stance-words", "name: stance-tfidf")  # a copy-paste slip
    _edited(experiment, "protocols: [date], train_sizes", "protocols: [dat], train_sizes")
    text = experiment.read_text(encoding="utf-8")
    experiment.write_text(
        text.replace("models:\n", "models:\n  - nowhere.yaml\n"), encoding="utf-8"
    )
    r = run_cli(capsys, "experiment", "run", experiment)
    assert r.code == 1
    lines = r.err.splitlines()
    assert lines[0] == f"error: {experiment}: 6 problems:"
    assert lines[1].startswith("  line 3: unknown key 'descripton' (allowed: ")
    assert re.match(r"  line \d+: unknown key 'protocols\[1\]\.grop' \(allowed: ", lines[2])
    assert re.match(
        r"  line \d+: key 'models\[0\]': config file 'nowhere.yaml' not found", lines[3]
    )
    assert re.match(r"  line \d+: key 'seeds' must be a list of whole numbers", lines[4])
    # The later of the two entries, at its line: the one to rename.
    assert re.fullmatch(
        r"  line \d+: key 'models\[3\]': model name 'stance-tfidf' is used twice for task "
        r"'stance' \(give one another 'name'\)",
        lines[5],
    )
    assert re.match(r"  line \d+: key 'references\[2\]\.protocols' names 'dat'", lines[6])
    assert not (experiment.parent / "results").exists()


def test_a_bad_gold_label_stops_the_run_before_any_cell(experiment, tmp_path):
    data = tmp_path / "bad.jsonl"
    rows = [
        json.loads(x) for x in Path(ex.load_experiment(experiment).data).read_text().splitlines()
    ]
    rows[3]["stance"] = "pro"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(ex.ClassifyError, match="label 'pro'"):
        ex.run_experiment(experiment, data=data)
    assert not (experiment.parent / "results" / "grid" / "cells").exists()


def test_results_say_which_seed_the_tests_use_and_a_capped_size(experiment, monkeypatch):
    _edited(experiment, "train_sizes: [12, all]", "train_sizes: [12, 5000]")
    _edited(experiment, "train_sizes: [all], seeds: [0]", "train_sizes: [5000], seeds: [0]")
    summary = ex.run_experiment(experiment)
    board = summary["leaderboards"][0]
    assert board["seeds"] == [0, 1] and board["n_train"] < 5000
    md = (experiment.parent / "results" / "grid.md").read_text(encoding="utf-8")
    assert f"5000 training units asked, all {board['n_train']} there are used" in md
    assert (
        "on the first seed's predictions (seed 0, not the mean over seeds): the top row, best by "
        "the mean, minus each" in " ".join(md.split())
    )
    # The tests' "best" is the table's top row (by the mean over seeds), on the
    # first seed's decisions.
    cells = [
        json.loads(f.read_text())
        for f in (experiment.parent / "results" / "grid" / "cells").glob("*.json")
    ]
    seed0 = {
        c["cell"]["model"]: c["metrics"]["macro_f1"]
        for c in cells
        if c["cell"]["seed"] == 0
        and c["cell"]["task"] == board["task"]
        and c["cell"]["protocol"] == board["protocol"]
        and c["cell"]["train_size"] == 5000
    }
    (best,) = {t["a_name"] for t in board["tests"]}
    assert best == board["rows"][0]["name"]
    for t in board["tests"]:
        # The difference is of the first seed's figures (its own bootstrap point).
        assert t["diff"] == pytest.approx(seed0[best] - seed0[t["b_name"]], abs=1e-3)


def test_a_test_set_that_repeats_training_texts_gets_a_note(tmp_path, labelled_jsonl):  # noqa: F811
    train = [json.loads(x) for x in Path(labelled_jsonl).read_text().splitlines()]
    held = tmp_path / "held.jsonl"
    rows = [{**r, "id": f"held-{i}"} for i, r in enumerate(train[:2])]  # two repeats
    rows += [
        {**r, "id": f"new-{i}", "text": f"{r['text']} Reported again {i}."}
        for i, r in enumerate(train[2:8])
    ]
    held.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    path = _one_protocol(tmp_path / "held.yaml", labelled_jsonl, "{name: held, test_data: held}")
    path.write_text(path.read_text() + f"datasets: {{held: {held}}}\n", encoding="utf-8")
    summary = ex.run_experiment(path)
    assert (
        "protocol 'held': 2 of the 8 units of 'held' have the text of a training unit"
        in (summary["notes"][0])
    )


def test_a_missing_dataset_file_names_its_key(tmp_path, labelled_jsonl):  # noqa: F811
    path = _one_protocol(tmp_path / "held.yaml", labelled_jsonl, "{name: held, test_data: held}")
    path.write_text(path.read_text() + f"datasets: {{held: {tmp_path / 'nope.jsonl'}}}\n")
    with pytest.raises(ex.ClassifyError, match=r"key 'datasets.held': file not found"):
        ex.run_experiment(path)


def test_learning_curve_tables_show_no_spread_for_one_seed(finished):
    experiment, summary = finished
    md = (experiment.parent / "results" / "grid.md").read_text(encoding="utf-8")
    curves = md.split("## Learning curves", 1)[1]
    plain = [line for line in curves.splitlines() if ": plain |" in line]
    assert plain and "±" not in plain[0]  # the plain pipeline ran one seed
    assert any("topic: majority" in line for line in curves.splitlines())
    assert summary["leaderboards"]


def test_a_date_split_whose_training_side_lacks_a_label_says_so(tmp_path, capsys):
    from cli_runner import run_cli

    # review 25h: 'against' only after the cutoff scored F1 0 on it with no word,
    # where forward folds had a note.
    sides = ["favour", "neutral"]
    rows = [
        {"id": f"e{i}", "text": f"Early item {i} on talks, {sides[i % 2]}.", "date": f"{2010 + i % 4}-03-01", "stance": sides[i % 2]}
        for i in range(24)
    ] + [
        {"id": f"l{i}", "text": f"Later item {i}: sanctions condemned, against.", "date": "2020-05-01", "stance": "against"}
        for i in range(6)
    ] + [
        {"id": f"m{i}", "text": f"Later item {i} on talks, favour.", "date": "2020-06-01", "stance": "favour"}
        for i in range(6)
    ]  # fmt: skip
    data = tmp_path / "d.jsonl"
    path = _stance_experiment(
        tmp_path, "x", data, rows, "{name: d, split: date, cutoff: '2019-01-01'}"
    )
    summary = ex.run_experiment(path)
    note = "d (stance): its test units have 'against', which its training units lack"
    assert any(note in n for n in summary["notes"])
    # train on the same split warns before the work.
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                "--set", "data.split.cutoff=2019-01-01", "--no-refit", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert "the test part has 'against' (6 test units), which no training unit has" in r.err


def test_place_masking_hides_places_and_keeps_the_rest(monkeypatch):
    # experiments/place_masking.py imports its neighbour stacking.py as a script does.
    monkeypatch.syspath_prepend(str(ROOT / "experiments"))
    from place_masking import place_pattern

    pattern = place_pattern()
    text = "Iranian officials in Tehran and Minsk met U.S. envoys over sanctions on Belarus."
    masked = pattern.sub("Placename", text)
    assert masked == (
        "Placename officials in Placename and Placename met Placename envoys over sanctions "
        "on Placename."
    )
    assert pattern.sub("X", "Human rights groups welcome the talks.") == (
        "Human rights groups welcome the talks."
    )


def test_pool_lsa_space_is_fitted_on_the_pools_without_the_labelled_texts(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(ROOT / "experiments"))
    from pool_lsa import pool_space

    def write(name: str, texts: list[str]) -> None:
        lines = [json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)]
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    sanctions = [f"the union widened sanctions and froze assets of firm {i}" for i in range(12)]
    talks = [f"envoys resumed talks and reopened the embassy in city {i}" for i in range(12)]
    # The pools also hold a labelled text four times; left out, its words are not in the space.
    write("wce_pool.jsonl", sanctions + talks + ["zyxwv qrstu"] * 4)
    write("ungdc_pool.jsonl", ["the assembly heard the envoys on sanctions and talks"] * 3)
    write("dev.jsonl", ["zyxwv zyxwv zyxwv"] * 4)
    write("ood_dev.jsonl", ["zyxwv qrstu"] * 4)
    space = pool_space(tmp_path, news=100, components=2)
    vectors = space(["sanctions froze assets", "talks reopened embassy", "zyxwv qrstu"])
    assert vectors.shape == (3, 2)
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0)
    assert np.allclose(vectors[2], 0.0)
    assert abs(float(vectors[0] @ vectors[1])) < 0.5
