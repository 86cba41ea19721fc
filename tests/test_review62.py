"""Review 62: the annotation loop as a new user met it, on inputs of our
own: read options for labelling rules, settings that would do nothing
refused, the hints and names of files in errors."""

from __future__ import annotations

import json

from cli_runner import run_cli
from corpus_fixtures import labelled_rows, write_jsonl

from conftest import ROOT


def _sheet(path):
    path.write_text(
        "Item ID,Body,stance\n"
        '1,"The EU will impose new sanctions on Minsk.",against\n'
        '2,"Washington welcomed the decision to restore ties and reopen the embassy.",favour\n'
        '3,"Talks were held in Vienna.",neutral\n',
        encoding="utf-8",
    )
    return path


def test_labelling_rules_read_a_table_with_its_own_columns(tmp_path, capsys):
    sheet = _sheet(tmp_path / "s.csv")
    r = run_cli(capsys, "annotate", "rules", "stance-rules", sheet)
    assert r.code == 1 and "--text-column" in r.err
    pool = tmp_path / "pool.csv"
    pool.write_text(
        "Item ID,Body\n"
        'p1,"Brussels will impose new sanctions on Belarusian banks."\n'
        'p2,"Ministers met in Vienna."\n',
        encoding="utf-8",
    )
    silver = tmp_path / "silver.jsonl"
    r = run_cli(capsys, "annotate", "rules", "stance-rules", sheet, "--text-column", "Body",
                "--id-column", "Item ID", "--apply", pool, "--out", silver)  # fmt: skip
    assert r.code == 0, r.err
    assert "covered units with gold" in r.out
    rows = [json.loads(x) for x in silver.open()]
    assert [row["id"] for row in rows] == ["p1"] and rows[0]["stance"] == "against"
    r = run_cli(capsys, "annotate", "rules", "no-such-task.yaml", sheet)
    assert r.code == 1 and r.err.strip().endswith("no-such-task.yaml: task file not found")


def test_export_refuses_settings_that_would_do_nothing(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows()[:10])
    model = tmp_path / "m"
    r = run_cli(capsys, "annotate", "export", data, "--model", model, "--sample", "3",
                "--out", tmp_path / "e1")  # fmt: skip
    assert r.code == 1
    assert "--model MODEL chooses units only with --strategy active (given: random)" in r.err
    for strategy in ("stratified", "active"):
        r = run_cli(capsys, "annotate", "export", data, "--strategy", strategy,
                    "--out", tmp_path / "e2")  # fmt: skip
        assert r.code == 1
        assert f"--strategy {strategy} chooses --sample N units" in r.err
    assert not (tmp_path / "e1").exists() and not (tmp_path / "e2").exists()


def test_audit_of_unlabelled_articles_names_its_own_annotations_option(tmp_path, capsys):
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "a.txt").write_text(
        "Talks resume\n\nThe two governments resumed talks on Tuesday.\n", encoding="utf-8"
    )
    r = run_cli(capsys, "annotate", "audit", tmp_path / "arts", "--config",
                ROOT / "configs" / "stance-tfidf.yaml")  # fmt: skip
    assert r.code == 1
    assert "pass --annotations FILE" in r.err and "--set" not in r.err


def test_a_bare_config_name_trains_with_the_projects_config(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", "stance-tfidf", "--data", data, "--out", tmp_path / "m")
    assert r.code == 0, r.err
    saved = json.loads((tmp_path / "m" / "model.json").read_text())
    assert saved["name"] == "stance-tfidf"
