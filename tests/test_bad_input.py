"""Bad input: one clear line naming the file (and line or key), a non-zero
exit, no traceback, and nothing half-written on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

from conftest import ROOT, SEEDS

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _rows(*rows: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


GOOD = [
    {
        "id": f"i{i}",
        "text": f"text number {i} about embassies",
        "date": f"20{10 + i}-01-01",
        "stance": ["favour", "against", "neutral"][i % 3],
    }
    for i in range(9)
]


def assert_one_line_error(result, *needles: str) -> None:
    assert result.code != 0
    lines = [line for line in result.err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert leftovers == []


@pytest.mark.parametrize(
    ("name", "content", "needles"),
    [
        ("missing.jsonl", None, ["missing.jsonl", "file not found"]),
        ("empty.jsonl", "", ["empty.jsonl", "file is empty"]),
        (
            "latin1.jsonl",
            '{"text": "Caf\xe9", "stance": "neutral"}\n'.encode("latin-1"),
            ["latin1.jsonl", "not UTF-8"],
        ),
        (
            "broken.jsonl",
            _rows(*GOOD[:3]) + "{not json}\n",
            ["broken.jsonl", "line 4", "not valid JSON"],
        ),
        (
            "badlabel.jsonl",
            _rows(*GOOD, {"id": "x", "text": "t", "date": "2020-01-01", "stance": "pro"}),
            ["badlabel.jsonl", "label 'pro'", "favour, against, neutral"],
        ),
        (
            "oneclass.jsonl",
            _rows(*[{**r, "stance": "neutral"} for r in GOOD]),
            ["oneclass.jsonl", "single class"],
        ),
    ],
)
def test_bad_training_data(capsys, tmp_path, name, content, needles):
    data = tmp_path / name
    if content is not None:
        _write(data, content)
    out = tmp_path / "model"
    r = run_cli(
        capsys,
        "train",
        STANCE_CFG,
        "--data",
        data,
        "--out",
        out,
        "--set",
        "data.split.method=random",
    )
    assert_one_line_error(r, *needles)
    assert_nothing_written(out)


def test_unknown_config_key(capsys, tmp_path):
    data = _write(tmp_path / "d.jsonl", _rows(*GOOD))
    out = tmp_path / "model"
    r = run_cli(
        capsys, "train", STANCE_CFG, "--data", data, "--out", out, "--set", "model.params.alpha=1"
    )
    assert_one_line_error(r, str(STANCE_CFG), "unknown key 'model.params.alpha'", "allowed:")
    assert_nothing_written(out)
    config = _write(
        tmp_path / "bad.yaml", "task: " + str(ROOT / "configs/tasks/stance.yaml") + "\nepochs: 3\n"
    )
    r = run_cli(capsys, "train", config, "--data", data, "--out", out)
    assert_one_line_error(r, "bad.yaml", "unknown key 'epochs'")
    assert_nothing_written(out)


def test_not_a_model_folder(capsys, tmp_path):
    folder = tmp_path / "notamodel"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello")
    r = run_cli(capsys, "predict", folder, SEEDS)
    assert_one_line_error(r, "notamodel", "not a classify model folder")
    r = run_cli(capsys, "evaluate", tmp_path / "nowhere", SEEDS)
    assert_one_line_error(r, "nowhere", "model folder not found")
    _write(folder / "model.json", "{oops")
    r = run_cli(capsys, "predict", folder, SEEDS)
    assert_one_line_error(r, "model.json", "not valid JSON")


def test_bad_article_input_to_predict(capsys, tmp_path):
    model = tmp_path / "m"
    data = _write(tmp_path / "d.jsonl", _rows(*GOOD))
    r = run_cli(
        capsys,
        "train",
        STANCE_CFG,
        "--data",
        data,
        "--out",
        model,
        "--set",
        "data.split.method=random",
    )
    assert r.code == 0, r.err
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    r = run_cli(capsys, "predict", model, empty_dir)
    assert_one_line_error(r, "nothing", "no .txt, .html or .mht articles")
    binary = _write(tmp_path / "a.txt", b"\xff\xfe\x00\x00garbage")
    out = tmp_path / "pred.jsonl"
    r = run_cli(capsys, "predict", model, binary, "--out", out)
    assert_one_line_error(r, "a.txt")
    assert not out.exists()


def test_a_text_typed_where_a_path_goes(capsys, tmp_path):
    # review 26a: a paragraph is a name longer than a file may have; the
    # file system's "File name too long" surfaced as an unexpected error.
    text = "Envoys met in Minsk to discuss reopening the embassy " * 6
    model = tmp_path / "m"
    data = _write(tmp_path / "d.jsonl", _rows(*GOOD))
    r = run_cli(capsys, "train", STANCE_CFG, "--data", data, "--out", model,
                "--set", "data.split.method=random")  # fmt: skip
    assert r.code == 0, r.err
    for args in (
        ("predict", model, text),
        ("dataset", "build", text, "--out", tmp_path / "ds"),
        ("train", STANCE_CFG, "--data", text, "--out", tmp_path / "m2"),
    ):
        r = run_cli(capsys, *args)
        assert_one_line_error(r, "Envoys met in Minsk")
        assert r.code == 1 and "unexpected" not in r.err, args
        assert "no such file" in r.err or "file not found" in r.err, r.err


def test_dataset_build_with_unknown_label(capsys, tmp_path):
    ann = _write(
        tmp_path / "ann.jsonl", _rows({"unit": "000_87e967da3ce2b364:p1", "stance": "supportive"})
    )
    out = tmp_path / "ds"
    r = run_cli(
        capsys,
        "dataset",
        "build",
        SEEDS,
        "--out",
        out,
        "--annotations",
        ann,
        "--split",
        "random",
        "--task",
        ROOT / "configs/tasks/stance.yaml",
    )
    assert_one_line_error(r, "label 'supportive'")
    assert_nothing_written(out)


def test_a_fold_that_cannot_train_is_named(capsys, tmp_path):
    # Three units and two folds: one fold trains on a single unit, though
    # the data as a whole could train.
    data = tmp_path / "three.jsonl"
    _write(data, _rows(*GOOD[:3]))
    out = tmp_path / "model"
    r = run_cli(capsys, "train", STANCE_CFG, "--data", data, "--cv", "2", "--out", out)
    assert_one_line_error(
        r,
        "three.jsonl",
        "cross-validation fold",
        "of 2 trains on",
        "of the 3 units",
        "label more data",
    )
    assert_nothing_written(out)


def test_column_names_with_commas_are_quoted_in_error_lists(tmp_path):
    # A heading such as "Smith, John" read as two columns in "header found:
    # unit, Smith, John, stance".
    from classify.articles import read_articles
    from classify.errors import ClassifyError, column_list

    assert column_list(["id", "Smith, John", " x", "", "text"]) == (
        "id, 'Smith, John', ' x', '', text"
    )
    odd = tmp_path / "odd.csv"
    odd.write_text('unit,"Smith, John",stance\na1,x,favour\n')
    with pytest.raises(ClassifyError, match=r"header found: unit, 'Smith, John', stance "):
        read_articles(odd)
