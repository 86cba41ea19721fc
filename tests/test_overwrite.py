"""One overwrite rule for every command that writes: an existing output is
replaced only with --overwrite (overwrite=True in Python); otherwise one
line, exit 1, before any work, and the old output is left as it was."""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli
from test_roundtrip import write_items

from classify import api
from classify.errors import ClassifyError

from conftest import ROOT, SEEDS

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A labelled file and two trained models, each with a saved output."""
    tmp = tmp_path_factory.mktemp("overwrite")
    data = write_items(tmp / "items.jsonl")
    api.train(STANCE_CFG, data=data, out=tmp / "m1", cv=2)
    api.train(STANCE_CFG, data=data, out=tmp / "m2", cv=2, overrides={"model.params.C": 0.1})
    return tmp, data


def _refused(r, path) -> None:
    assert r.code == 1
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert "already exists" in lines[0] and "--overwrite" in lines[0]
    assert "overwrite=True" not in lines[0]
    assert str(path) in lines[0]


def _stamp(path):
    """What a refused command must leave as it was: every file's bytes."""
    if path.is_file():
        return path.read_bytes()
    return {p.relative_to(path): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


COMMANDS = {
    "train": lambda t, d, o: ["train", STANCE_CFG, "--data", d, "--out", o, "--cv", "2"],
    "dataset-build": lambda t, d, o: ["dataset", "build", d, "--out", o, "--split", "random"],
    "evaluate": lambda t, d, o: ["evaluate", t / "m1", d, "--out", o],
    "predict": lambda t, d, o: ["predict", t / "m1", d, "--out", o],
    "compare": lambda t, d, o: ["compare", t / "m1", t / "m2", "--out", o],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_existing_output_needs_overwrite(capsys, made, name):
    tmp, data = made
    out = tmp / (f"{name}.jsonl" if name == "predict" else name)
    args = COMMANDS[name](tmp, data, out)
    first = run_cli(capsys, *args)
    assert first.code == 0, first.err
    before = _stamp(out)
    again = run_cli(capsys, *args)
    _refused(again, out)
    assert _stamp(out) == before
    # No temporary folder or file is left beside the output.
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]
    replaced = run_cli(capsys, *args, "--overwrite")
    assert replaced.code == 0, replaced.err
    assert out.exists()


def test_run_experiment_analyse_and_annotate_refuse_before_any_work(capsys, made, tmp_path):
    tmp, data = made
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "summary.json").write_text("{}", encoding="utf-8")
    _refused(run_cli(capsys, "run", ROOT / "configs/default.yaml", "--out", taken), taken)
    (taken / "prevalence.csv").write_text("", encoding="utf-8")
    _refused(run_cli(capsys, "analyse", tmp / "m1", data, "--out", taken), taken)
    for args in (
        ["annotate", "export", SEEDS, "--out", taken],
        ["annotate", "suggest", tmp / "m1", data, "--out", taken],
    ):
        _refused(run_cli(capsys, *args), taken)
    exp = tmp_path / "exp.yaml"
    exp.write_text(
        f"name: grid\ndata: {data}\nprotocols:\n  - {{name: r, split: random}}\n"
        f"models: [{STANCE_CFG}]\nbootstrap: 10\n",
        encoding="utf-8",
    )
    results = tmp_path / "results" / "grid.json"
    results.parent.mkdir()
    results.write_text("{}", encoding="utf-8")
    _refused(run_cli(capsys, "experiment", "run", exp), results)
    assert not (tmp_path / "results" / "grid").exists()  # no cell ran
    assert results.read_text(encoding="utf-8") == "{}"


def test_annotate_export_and_agreement_replace_atomically(capsys, tmp_path):
    out = tmp_path / "batch"
    assert run_cli(capsys, "annotate", "export", SEEDS, "--out", out).code == 0
    _refused(run_cli(capsys, "annotate", "export", SEEDS, "--out", out), out)
    r = run_cli(capsys, "annotate", "export", SEEDS, "--out", out, "--format", "csv", "--overwrite")
    assert r.code == 0, r.err
    # Replaced, not merged: the old export's file is gone.
    assert sorted(p.name for p in out.iterdir()) == ["instructions.md", "units.csv"]
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text('{"unit": "u1", "text": "x", "stance": "favour"}\n', encoding="utf-8")
    b.write_text('{"unit": "u1", "text": "x", "stance": "against"}\n', encoding="utf-8")
    report = tmp_path / "agreement"
    assert run_cli(capsys, "annotate", "agreement", a, b, "--out", report).code == 0
    _refused(run_cli(capsys, "annotate", "agreement", a, b, "--out", report), report)
    r = run_cli(capsys, "annotate", "agreement", a, b, "--out", report, "--overwrite")
    assert r.code == 0, r.err


def test_predict_resume_is_not_overwrite(capsys, made, tmp_path):
    tmp, data = made
    out = tmp_path / "pred.parquet"
    assert run_cli(capsys, "predict", tmp / "m1", data, "--out", out).code == 0
    # A finished output is not resumed into: it is an existing output.
    _refused(run_cli(capsys, "predict", tmp / "m1", data, "--out", out, "--resume"), out)
    # An unfinished folder of shards is resumed without --overwrite.
    shards = tmp_path / "shards"
    first = api.predict(tmp / "m1", data, out=shards, chunk_size=5)
    manifest = shards / "manifest.json"
    info = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**info, "complete": False}), encoding="utf-8")
    resumed = api.predict(tmp / "m1", data, out=shards, chunk_size=5, resume=True)
    assert resumed.reused_chunks == first.chunks and resumed.rows == first.rows
    with pytest.raises(ClassifyError, match=r"overwrite=True"):
        api.predict(tmp / "m1", data, out=shards, chunk_size=5)


def test_python_overwrite_argument(made, tmp_path):
    tmp, data = made
    api.evaluate(tmp / "m1", data, out=tmp_path / "ev")
    with pytest.raises(ClassifyError, match=r"ev: already exists \(pass overwrite=True"):
        api.evaluate(tmp / "m1", data, out=tmp_path / "ev")
    again = api.evaluate(tmp / "m1", data, out=tmp_path / "ev", overwrite=True)
    assert again["path"] == str(tmp_path / "ev")
    api.compare([tmp / "m1", tmp / "m2"], out=tmp_path / "cmp")
    with pytest.raises(ClassifyError, match="overwrite=True"):
        api.compare([tmp / "m1", tmp / "m2"], out=tmp_path / "cmp")
    api.compare([tmp / "m1", tmp / "m2"], out=tmp_path / "cmp", overwrite=True)
