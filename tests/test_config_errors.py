"""Settings that scikit-learn or the splitter would only reject deep inside
training are refused at once: one line naming the key and what is allowed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def setup(tmp_path):
    rows = [
        {"id": f"r{i}", "text": t, "stance": s, "date": f"201{i % 4}-0{1 + i % 9}-1{i % 9}"}
        for i, (t, s) in enumerate(
            [
                ("The embassies reopened after talks.", "favour"),
                ("New sanctions hit the airline.", "against"),
                ("The weather was mild.", "neutral"),
            ]
            * 4
        )
    ]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = tmp_path / "c.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "task": str(ROOT / "classify" / "task_files" / "stance.yaml"),
                "model": {"family": "tfidf-linear"},
                "data": {"split": {"method": "random", "test_size": 0.25}},
            }
        )
    )
    return data, config, tmp_path / "model"


@pytest.mark.parametrize(
    "args,key,allowed",
    [
        (["--set", "model.params.C=-1"], "model.params.C", "(0.0, inf]"),
        (["--set", "model.params.max_features=0"], "model.params.max_features", "range [1, inf)"),
        (
            ["--set", "model.params.word_ngrams=[3,1]"],
            "model.params.word_ngrams",
            "1 <= min <= max",
        ),
        (["--cv", "1"], "--cv is 1", "2 or more folds"),
        (["--set", "evaluation.cv=-2"], "evaluation.cv", "2 or more folds"),
        (["--set", "data.split.cutoff=next spring"], "data.split.cutoff", "2017-01-01"),
        (["--set", "data.split.test_size=1.5"], "data.split.test_size", "above 0 and below 1"),
        (["--set", "data.on_error=ignore"], "data.on_error", "stop, skip"),
        (["--set", "data.encoding=klingon"], "data.encoding", "codec"),
        (["--set", "evaluation.bootstrap=-1"], "evaluation.bootstrap", "0 for no intervals"),
    ],
)
def test_bad_settings_are_one_line_before_any_work(capsys, setup, args, key, allowed):
    data, config, out = setup
    r = run_cli(capsys, "train", config, "--data", data, "--out", out, *args)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert r.code == 1 and len(lines) == 1, r.err
    assert (f"'{key}'" if "." in key else key) in lines[0] and allowed in lines[0]
    # A flag's error blames the flag, not the config file.
    assert (str(config) in lines[0]) == ("." in key)
    assert not out.exists()


def test_min_df_that_prunes_every_term(capsys, setup):
    data, config, out = setup
    r = run_cli(
        capsys, "train", config, "--data", data, "--out", out, "--set", "model.params.min_df=500"
    )
    assert r.code == 1 and "key 'model.params.min_df' is 500" in r.err
    assert "no terms remain" in r.err and not out.exists()


def test_data_section_columns_from_the_config(capsys, setup, tmp_path):
    _, config, out = setup
    table = tmp_path / "t.csv"
    table.write_text(
        "doc;body;stance\n"
        + "".join(
            f"d{i};{t};{s}\n"
            for i, (t, s) in enumerate(
                [
                    ("Embassies reopened.", "favour"),
                    ("Sanctions grew.", "against"),
                    ("Rain.", "neutral"),
                ]
                * 4
            )
        )
    )
    r = run_cli(capsys, "train", config, "--data", table, "--out", out)
    assert r.code == 1 and "header found: doc, body, stance" in r.err
    r = run_cli(
        capsys,
        "train",
        config,
        "--data",
        table,
        "--out",
        out,
        "--set",
        "data.text_column=body",
        "--set",
        "data.id_column=doc",
    )
    assert r.code == 0, r.err


def test_a_date_split_without_dates_and_a_split_given_as_a_value_say_what_to_write(
    tmp_path, capsys
):
    # review 30c: the shipped configs split by date; a table without dates
    # got no way out, and --set data.split=random did not name the key.
    data = tmp_path / "clean.csv"
    data.write_text(
        "id,text,stance\nr0,Leaders met and agreed to talk,favour\n"
        "r1,Officials condemned the crackdown,against\nr2,The talks continue next week,neutral\n"
    )
    config = ROOT / "configs/stance-tfidf.yaml"
    res = run_cli(capsys, "train", config, "--data", data, "--out", tmp_path / "m")
    assert res.code == 1
    assert (
        "3 of 3 units have none (first: 'r0') (a date column of another name is read with "
        "--date-column NAME; " in res.err
    )
    assert "split another way: --split article in dataset build, --set " in res.err
    assert (
        "data.split.method=article in train (whole articles on one side; random for rows" in res.err
    )
    res = run_cli(capsys, "train", config, "--data", data, "--out", tmp_path / "m", "--set",
                  "data.split=random")  # fmt: skip
    assert (
        res.code == 1
        and "key 'data.split' must be a mapping of keys ('data.split.method'" in res.err
    )
