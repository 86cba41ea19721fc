"""Every command from the command line, on the seed corpus and tiny data."""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli

import classify
from classify.errors import ClassifyError

from conftest import ROOT, SEEDS

ANN = SEEDS / "annotations.jsonl"


@pytest.fixture(scope="module")
def labelled_jsonl(tmp_path_factory):
    """Tiny labelled items in the bench layout (id, text, date, topics, stance)."""
    rows = []
    templates = [
        (
            "The two governments restore diplomatic ties and reopen embassies in {c}.",
            ["normalisation"],
            "favour",
        ),
        (
            "The EU imposes new sanctions and an asset freeze on officials of {c}.",
            ["sanctions"],
            "against",
        ),
        (
            "Police in {c} arrest opposition activists and journalists at a protest.",
            ["human_rights"],
            "neutral",
        ),
        ("The football team of {c} wins the regional cup final.", [], "neutral"),
        (
            "Washington lifts sanctions on {c} after talks on normalising relations.",
            ["sanctions", "normalisation"],
            "favour",
        ),
        (
            "Rights groups condemn the torture of political prisoners in {c}.",
            ["human_rights"],
            "against",
        ),
    ]
    countries = ["Belarus", "Cuba", "Iran", "Venezuela", "Myanmar", "Syria", "Libya", "Sudan"]
    for i, country in enumerate(countries):
        for j, (text, topics, stance) in enumerate(templates):
            rows.append(
                {
                    "id": f"t{i}-{j}",
                    "date": f"{2010 + i}-0{1 + j % 9}-01",
                    "text": text.format(c=country),
                    "topics": topics,
                    "stance": stance,
                }
            )
    path = tmp_path_factory.mktemp("data") / "items.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_help_lists_every_command(capsys):
    r = run_cli(capsys, "--help")
    assert r.code == 0
    for command in ("run", "train", "evaluate", "predict", "dataset", "compare", "experiment"):
        assert command in r.out


def test_run_on_the_seed_corpus(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "run"
    # review 30d: a gold label that matched no unit was lost without a word.
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        (ROOT / "seeds/annotations.jsonl").read_text()
        + json.dumps({"unit": "nowhere:p1s1", "stance": "favour", "topics": []})
        + "\n"
    )
    r = run_cli(capsys, "run", "--out", out, "--set", f"annotations={gold}")
    assert r.code == 0, r.err
    assert "topic-tfidf" in r.out and "stance-tfidf" in r.out and "majority" in r.out
    assert "1 annotation matched no unit (first: nowhere:p1s1)" in r.err  # warnings on stderr
    # review 30e: run has no --unit; its hint names what it takes (the seed
    # gold file labels paragraphs too, the run cuts sentences).
    assert "not used at this unit level (pass --set unit=paragraph to use them)" in " ".join(
        r.out.split()
    )
    summary = json.loads((out / "summary.json").read_text())
    assert summary["data"]["units"] == 14 and summary["data"]["unmatched_annotations"] == 1
    assert summary["evaluation"] == {"cv": 5, "cv_asked": 5, "group": "paragraph"}
    for name in ("topic-tfidf", "stance-tfidf"):
        folder = out / name
        for f in (
            "model.json",
            "metrics.json",
            "report.md",
            "report.html",
            "README.md",
            "confusion.png",
        ):
            assert (folder / f).is_file(), f
        metrics = json.loads((folder / "metrics.json").read_text())
        assert metrics["evaluation"]["method"] == "cv"
        assert "baseline" in metrics and "macro_f1" in metrics["baseline"]
        model = classify.load_model(folder)
        assert len(model.predict(["The U.S. will reopen its embassy in Minsk."])) == 1


def _semicolon_table(labelled_jsonl, path):
    """``labelled_jsonl`` as a cp1252 CSV with ';', the text in 'body', and
    one row too short to read."""
    rows = [json.loads(line) for line in labelled_jsonl.read_text().splitlines()]
    lines = ["id;body;topics;stance"]
    lines += [f"{r['id']};{r['text']} Café.;{'|'.join(r['topics'])};{r['stance']}" for r in rows]
    lines.insert(3, "broken")
    lines[6] = lines[6].rsplit(";", 1)[0] + ";pro"  # a stance not in the task
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    return path


def test_run_reads_tables_as_its_read_settings_say(capsys, tmp_path, labelled_jsonl):
    _semicolon_table(labelled_jsonl, tmp_path / "items.csv")
    config = tmp_path / "run.yaml"
    models = [str(ROOT / "configs" / f"{t}-tfidf.yaml") for t in ("topic", "stance")]
    config.write_text(json.dumps({"sources": ["items.csv"], "models": models, "cv": 3}))
    # Without read settings: one line naming the flag that fixes it.
    r = run_cli(capsys, "run", config, "--out", tmp_path / "a")
    assert r.code != 0 and "--encoding" in r.err and "Traceback" not in r.err
    r = run_cli(capsys, "run", config, "--out", tmp_path / "a", "--encoding", "cp1252")
    assert r.code != 0 and "no 'text' column" in r.err and "--text-column" in r.err
    # From the flags, and from the config's read block: the same units.
    flags = ("--encoding", "cp1252", "--text-column", "body", "--on-error", "skip")
    r = run_cli(capsys, "run", config, "--out", tmp_path / "a", *flags)
    assert r.code == 0, r.err
    assert "2 rows or files skipped" in r.out
    # A table's rows are the units (no unit level given), not their sentences.
    assert "48 rows from 48 articles" in r.out
    settings = {"text_column": "body", "encoding": "cp1252", "on_error": "skip"}
    config.write_text(config.read_text()[:-1] + f', "read": {json.dumps(settings)}}}')
    r = run_cli(capsys, "run", config, "--out", tmp_path / "b")
    assert r.code == 0, r.err
    a, b = (json.loads((tmp_path / x / "summary.json").read_text()) for x in "ab")
    assert a["data"]["units"] == b["data"]["units"] == 48
    assert a["data"]["fingerprint"] == b["data"]["fingerprint"]
    # The broken row, and the row the stance model left out for its label.
    assert [s["line"] for s in b["data"]["skipped"]] == [4, 7]
    assert "label 'pro' is not in task 'stance'" in b["data"]["skipped"][1]["reason"]
    assert (tmp_path / "b" / "skipped.jsonl").is_file()
    # Every model was trained on the texts of the 'body' column.
    for name in ("topic-tfidf", "stance-tfidf"):
        saved = json.loads((tmp_path / "b" / name / "model.json").read_text())
        assert saved["config"]["data"]["text_column"] == "body"
        assert saved["config"]["data"]["encoding"] == "cp1252"
    # A bad read value names the file and the key.
    r = run_cli(capsys, "run", config, "--out", tmp_path / "c", "--set", "read.on_error=maybe")
    assert r.code != 0 and "read.on_error" in r.err and "run.yaml" in r.err


def test_dataset_build(capsys, tmp_path, monkeypatch):
    out = tmp_path / "ds"
    r = run_cli(
        capsys,
        "dataset",
        "build",
        SEEDS,
        "--out",
        out,
        "--annotations",
        ANN,
        "--unit",
        "paragraph",
        "--split",
        "random",
        "--test-size",
        "0.3",
        "--task",
        ROOT / "configs/tasks/topic.yaml",
        "--task",
        ROOT / "configs/tasks/stance.yaml",
    )
    assert r.code == 0, r.err
    assert "fingerprint" in r.out and "stance: favour" in r.out
    summary = json.loads((out / "dataset.json").read_text())
    assert summary["n"] == 10 and summary["splits"]["test"]["n"] == 3
    # A shipped task by its bare name, as `train --task` takes it.
    r = run_cli(
        capsys, "dataset", "build", SEEDS, "--out", tmp_path / "bare", "--annotations", ANN,
        "--unit", "paragraph", "--split", "none", "--task", "stance",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert list(json.loads((tmp_path / "bare" / "dataset.json").read_text())["tasks"]) == ["stance"]
    # A folder named like a shipped task does not hide it; a typo lists the names.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stance").mkdir()
    r = run_cli(
        capsys, "dataset", "build", SEEDS, "--out", tmp_path / "bare2", "--annotations", ANN,
        "--unit", "paragraph", "--split", "none", "--task", "stance",
    )  # fmt: skip
    assert r.code == 0, r.err
    r = run_cli(capsys, "dataset", "build", SEEDS, "--out", tmp_path / "x", "--task", "stanse")
    assert r.code == 1
    assert "stanse: task file not found (allowed: a task file, or a shipped task: " in r.err


def test_train_evaluate_predict(capsys, tmp_path, labelled_jsonl):
    model_dir = tmp_path / "stance"
    r = run_cli(
        capsys,
        "train",
        ROOT / "configs/stance-tfidf.yaml",
        "--data",
        labelled_jsonl,
        "--out",
        model_dir,
        "--set",
        "data.split.method=article",
    )
    assert r.code == 0, r.err
    assert "macro_f1" in r.out and "majority baseline" in r.out
    info = json.loads((model_dir / "model.json").read_text())
    assert info["family"] == "tfidf-linear" and info["labels"] == ["favour", "against", "neutral"]
    assert len(info["training"]["fingerprint"]) == 16

    # Refuses to overwrite without --overwrite, and leaves the folder intact.
    r = run_cli(
        capsys,
        "train",
        ROOT / "configs/stance-tfidf.yaml",
        "--data",
        labelled_jsonl,
        "--out",
        model_dir,
    )
    assert r.code == 1 and "already exists" in r.err
    assert (model_dir / "model.json").is_file()

    eval_dir = tmp_path / "eval"
    r = run_cli(capsys, "evaluate", model_dir, labelled_jsonl, "--out", eval_dir)
    assert r.code == 0, r.err
    metrics = json.loads((eval_dir / "metrics.json").read_text())
    assert metrics["n"] == 48
    assert {"macro_f1", "accuracy", "per_label", "baseline", "n"} <= set(metrics)
    assert set(metrics["per_label"]["favour"]) >= {"precision", "recall", "f1", "support"}
    assert (eval_dir / "report.md").is_file()

    for suffix in ("jsonl", "csv"):
        out = tmp_path / f"pred.{suffix}"
        r = run_cli(capsys, "predict", model_dir, SEEDS, "--unit", "sentence", "--out", out)
        assert r.code == 0, r.err
        assert out.is_file()
    rows = [json.loads(line) for line in (tmp_path / "pred.jsonl").read_text().splitlines()]
    assert len(rows) == 14
    assert rows[0]["id"] == "000_87e967da3ce2b364:p1s1"
    assert rows[0]["stance"] in ("favour", "against", "neutral")
    assert abs(sum(rows[0][f"p_{x}"] for x in ("favour", "against", "neutral")) - 1) < 1e-4
    header = (tmp_path / "pred.csv").read_text().splitlines()[0]
    assert header.split(",")[:4] == ["id", "article_id", "text", "stance"]


def test_train_topics_with_cv(capsys, tmp_path, labelled_jsonl):
    out = tmp_path / "topic"
    r = run_cli(
        capsys,
        "train",
        ROOT / "configs/topic-tfidf.yaml",
        "--data",
        labelled_jsonl,
        "--out",
        out,
        "--cv",
        "4",
        "--group",
        "article",
        "--calibration",
        "platt",
    )
    assert r.code == 0, r.err
    assert "folds: mean ± sd" in r.out
    metrics = json.loads((out / "metrics.json").read_text())
    macro = metrics["cv"]["summary"]["macro_f1"]
    assert f"{macro['mean']:.3f} ± {macro['std']:.3f}" in r.out
    assert metrics["evaluation"]["folds"] == 4 and len(metrics["cv"]["folds"]) == 4
    assert "micro_f1" in metrics
    # review 30c: each unit's fold, so "no story in two folds" can be checked.
    rows = [json.loads(x) for x in (out / "predictions.jsonl").read_text().splitlines()]
    sizes = [sum(r["fold"] == k for r in rows) for k in (1, 2, 3, 4)]
    assert sizes == [fold["n"] for fold in metrics["cv"]["folds"]] and sum(sizes) == len(rows)
    model = classify.load_model(out)
    assert model.calibration["method"] == "platt"
    assert model.predict("Police arrest opposition activists and journalists at a protest.") == [
        "human_rights"
    ]


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["train", "x.yaml", "--group", "nonsense"],
            "Invalid value for '--group': 'nonsense' is not one of",
        ),
        (["train", "x.yaml", "--bogus"], "No such option: --bogus"),
        (["traim"], "No such command 'traim'"),
        (["predict"], "Missing argument 'model'"),
        (["train", "x.yaml", "--on-error", "maybe"], "Invalid value for '--on-error': 'maybe'"),
        (["train", "x.yaml", "--out"], "Option '--out' requires an argument"),
    ],
)
def test_a_mistyped_command_or_option_is_one_line(capsys, args, message):
    r = run_cli(capsys, *args)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert r.code == 2 and len(lines) == 1, r.err
    assert lines[0].startswith(f"error: {message}") and "--help'" in lines[0]
    assert "Value error" not in lines[0]


def test_a_command_group_alone_shows_its_help(capsys):
    r = run_cli(capsys, "experiment")
    assert r.code == 0 and "Usage: classify experiment" in r.out + r.err


def test_an_interrupted_command_says_so(capsys, monkeypatch, labelled_jsonl, tmp_path):
    from classify import api

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    # Typer turns Ctrl-C into exit status 130 silently; the CLI says it.
    monkeypatch.setattr(api, "train", interrupted)
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", labelled_jsonl,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 130
    assert r.err.startswith("error: interrupted; nothing half-written was left")
    assert "--fresh" not in r.err  # an option of `experiment run` only (review 25c)
    assert not (tmp_path / "m").exists()


def test_run_reports_the_folds_that_ran(capsys, tmp_path, labelled_jsonl):
    config = tmp_path / "run.yaml"
    models = [str(ROOT / "configs" / "stance-tfidf.yaml")]
    config.write_text(json.dumps({"sources": [str(labelled_jsonl)], "models": models}))
    # 8 years of items: 10 folds by year cannot run; 8 do, and the run says so.
    r = run_cli(
        capsys, "run", config, "--out", tmp_path / "r", "--set", "cv=10", "--set", "group=date"
    )
    assert r.code == 0, r.err
    assert "8-fold CV grouped by date (10 asked; the data has fewer date groups)" in " ".join(
        r.out.split()
    )
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["evaluation"] == {"cv": 8, "cv_asked": 10, "group": "date"}


def test_a_model_folder_is_not_a_corpus_and_one_model_per_task(capsys, tmp_path, labelled_jsonl):
    model = tmp_path / "m"
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", labelled_jsonl,
                "--out", model)  # fmt: skip
    assert r.code == 0, r.err
    # A second model given to predict (as to analyse) is refused, not read as articles.
    r = run_cli(capsys, "predict", model, model, labelled_jsonl, "--out", tmp_path / "p.jsonl")
    assert r.code == 1 and f"{model}: is a model folder, not text to label" in r.err
    assert not (tmp_path / "p.jsonl").exists()
    # Two models of one task: refused before anything is written.
    r = run_cli(capsys, "analyse", model, model, labelled_jsonl, "--out", tmp_path / "a")
    assert r.code == 1 and "two models of task 'stance' given" in r.err
    assert "with another --out FOLDER" in r.err
    assert not (tmp_path / "a").exists()
    # In Python the hint names the argument, and a missing text says so.
    with pytest.raises(ClassifyError, match=r"with another out=") as raised:
        classify.analyse([model, model], labelled_jsonl)
    assert "--" not in str(raised.value)
    with pytest.raises(ClassifyError, match=r"item 1 is missing \(None, NaN or NA\)"):
        classify.load_model(model).predict(["Talks resumed.", float("nan")])


def test_analyse_refuses_models_read_in_different_date_orders(capsys, tmp_path, labelled_jsonl):
    for task, order in (("topic", "day-first"), ("stance", "month-first")):
        r = run_cli(capsys, "train", ROOT / f"configs/{task}-tfidf.yaml", "--data", labelled_jsonl,
                    "--out", tmp_path / task, "--date-order", order)  # fmt: skip
        assert r.code == 0, r.err
    # Month groups must not depend on which model is named first.
    r = run_cli(capsys, "analyse", tmp_path / "topic", tmp_path / "stance", labelled_jsonl,
                "--out", tmp_path / "a")  # fmt: skip
    assert r.code == 1
    assert "different date orders ('day-first', 'month-first'); pass --date-order ORDER" in r.err
    assert not (tmp_path / "a").exists()


def test_predict_and_analyse_can_skip_a_bad_file(capsys, tmp_path, labelled_jsonl):
    model = tmp_path / "m"
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", labelled_jsonl,
                "--cv", "3", "--out", model)  # fmt: skip
    assert r.code == 0, r.err
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks resume\n\nThe two governments restore ties.\n")
    (corpus / "b.txt").write_text("Sanctions\n\nThe EU imposes new sanctions.\n")
    (corpus / "empty.txt").write_text("")
    # One empty file stops a corpus run by default, naming it and the way out,
    # and leaves nothing behind (a folder of shards neither) ...
    r = run_cli(capsys, "predict", model, corpus, "--out", tmp_path / "p.jsonl")
    assert r.code == 1 and "empty.txt: file is empty (fix it, or pass --on-error skip" in r.err
    # A table without the text column asks for the column: skipping its rows
    # would leave nothing to read (review 34).
    (tmp_path / "body.csv").write_text("doc,body\n1,The EU imposes new sanctions.\n")
    (tmp_path / "body.jsonl").write_text('{"body": "The EU imposes new sanctions."}\n')
    for name in ("body.csv", "body.jsonl"):
        r = run_cli(capsys, "predict", model, tmp_path / name)
        assert r.code == 1 and "--text-column" in r.err and "--on-error" not in r.err, r.err
    r = run_cli(capsys, "predict", model, corpus, "--out", tmp_path / "shards")
    assert r.code == 1 and "--resume" not in r.err and not (tmp_path / "shards").exists()
    r = run_cli(capsys, "analyse", model, corpus, "--by", "all", "--out", tmp_path / "an0")
    assert r.code == 1 and not (tmp_path / "an0").exists()
    # ... and is left out and listed with --on-error skip.
    r = run_cli(
        capsys, "predict", model, corpus, "--out", tmp_path / "p.jsonl", "--on-error", "skip"
    )
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert sorted({row["article_id"] for row in rows}) == ["a", "b"]
    listed = [
        json.loads(line) for line in (tmp_path / "p.jsonl.skipped.jsonl").read_text().splitlines()
    ]
    assert len(listed) == 1 and listed[0]["file"].endswith("empty.txt")
    assert "1 row or file skipped, listed in" in " ".join(r.out.split())
    # Another output of the same stem keeps its own list (review 31c); a run
    # that skips nothing leaves no list behind.
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_text((corpus / "a.txt").read_text())
    (tmp_path / "p.csv.skipped.jsonl").write_text("stale\n")
    r = run_cli(capsys, "predict", model, clean, "--out", tmp_path / "p.csv")
    assert r.code == 0, r.err
    assert not (tmp_path / "p.csv.skipped.jsonl").exists()
    assert (tmp_path / "p.jsonl.skipped.jsonl").read_text().count("\n") == 1
    r = run_cli(capsys, "analyse", model, corpus, "--by", "all", "--out", tmp_path / "an",
                "--on-error", "skip", "--bootstrap", "20")  # fmt: skip
    assert r.code == 0, r.err
    assert "empty.txt" in r.out and "1 row or file skipped" in " ".join(r.out.split())
    assert "predictions-stance.skipped.jsonl" in " ".join(r.out.split())
    report = " ".join((tmp_path / "an" / "report.md").read_text().split())
    assert "1 row or file of the corpus could not be read and was left out" in report
    # A repeated id in a table is skipped with its file and line, as other rows are.
    table = tmp_path / "items.jsonl"
    table.write_text('{"id": "x", "text": "Talks."}\n{"id": "x", "text": "Sanctions."}\n')
    r = run_cli(
        capsys, "predict", model, table, "--out", tmp_path / "t.jsonl", "--on-error", "skip"
    )
    assert r.code == 0, r.err
    listed = [
        json.loads(line) for line in (tmp_path / "t.jsonl.skipped.jsonl").read_text().splitlines()
    ]
    assert listed == [
        {
            "file": str(table),
            "line": 2,
            "reason": f"duplicate id 'x' (first in {table}:line 1); the first is kept",
        }
    ]
    # Stopping on it does not say a first is kept (review 26e).
    r = run_cli(capsys, "predict", model, table, "--out", tmp_path / "t2.jsonl")
    assert r.code == 1 and "duplicate id 'x'" in r.err and "first is kept" not in r.err


def test_a_missing_pool_given_on_the_command_line_is_named_as_given(capsys, labelled_jsonl):
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", labelled_jsonl,
                "--unlabelled", "nopool.jsonl")  # fmt: skip
    assert r.code == 1
    assert r.err == "error: unlabelled pool 'nopool.jsonl' not found (given as --unlabelled)\n"


def test_a_copied_run_config_names_the_key_of_a_missing_path(capsys, tmp_path):
    # review 25d: "seeds/annotations.jsonl: file not found" did not say which key.
    copy = tmp_path / "run.yaml"
    copy.write_text((ROOT / "configs" / "default.yaml").read_text())
    r = run_cli(capsys, "run", copy)
    assert r.code == 1
    seeds = (tmp_path.parent / "seeds").resolve()
    # The key's line too (stop 64: a key found wrong at run time).
    assert f"run.yaml:line 6: key 'sources': {seeds} not found" in r.err
    # Where relative paths are read from, in full (review 171).
    assert f"read from its folder, {tmp_path.resolve()})" in r.err


def test_run_warns_of_copies_with_another_label(capsys, tmp_path):
    story = "The embassy in Minsk reopened on Friday after an eleven-year gap."
    rows = [{"id": "wire", "text": story, "stance": "favour"}]
    rows.append({"id": "copy", "text": story, "stance": "against"})
    rows += [
        {"id": f"o{i}", "text": f"Officials in city {i} discussed it.",
         "stance": ["favour", "against", "neutral"][i % 3]}
        for i in range(12)
    ]  # fmt: skip
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    run = tmp_path / "run.yaml"
    run.write_text(
        f"sources: [d.jsonl]\nmodels: [{ROOT / 'configs' / 'stance-tfidf.yaml'}]\ncv: 2\nout: r\n"
    )
    r = run_cli(capsys, "run", run)
    assert r.code == 0, r.err
    assert r.err.count("1 unit repeats the text of another unit with another 'stance'") == 1
    # train warns too (review 25g), once.
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--cv", "2", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert r.err.count("1 unit repeats the text of another unit with another 'stance'") == 1
