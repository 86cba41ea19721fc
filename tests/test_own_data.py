"""Research data that is not ours, as it comes: folders of folders labelled
by folder, plain articles, tables whose text repeats the title, tasks of
one's own (target-conditioned, with their own primary metric), named test
files and compact model folders. The data is in tests/fixtures/own/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

from classify.articles import parse_article, read_articles
from classify.data import load_examples
from classify.tables import ReadOptions
from classify.units import make_units

OWN = Path(__file__).parent / "fixtures" / "own"
NEWS = OWN / "news"


# -- 1. folders of folders ------------------------------------------------------------


def test_ids_are_paths_relative_to_the_folder_given() -> None:
    articles = read_articles(NEWS)
    ids = [a.id for a in articles]
    # Three 001.txt files, three articles: no duplicate-id refusal.
    assert {"politics/001", "sport/001", "business/001"} <= set(ids)
    assert len(ids) == len(set(ids)) == 12


def test_label_from_folder_labels_every_unit_of_an_article() -> None:
    options = ReadOptions(label_from_folder="category")
    ex = load_examples(NEWS, options=options, label_fields=["category"])
    assert ex.notes["unit"] == "article"
    assert dict(zip(ex.ids, ex.labels["category"]))["sport/003"] == "sport"
    paras = load_examples(NEWS, unit="paragraph", options=options, label_fields=["category"])
    assert {
        lab for i, lab in zip(paras.ids, paras.labels["category"]) if i.startswith("business/001")
    } == {"business"}
    assert len(paras) > len(ex)


def test_dataset_build_label_from_folder_cli(tmp_path, capsys) -> None:
    out = tmp_path / "ds"
    r = run_cli(
        capsys,
        "dataset",
        "build",
        NEWS,
        "--task",
        OWN / "category.yaml",
        "--label-from-folder",
        "category",
        "--split",
        "random",
        "--out",
        out,
    )
    assert r.code == 0, r.err
    summary = json.loads((out / "dataset.json").read_text())
    assert summary["tasks"] == {"category": ["politics", "sport", "business"]}
    counts = {}
    for part in summary["splits"].values():
        for label, n in part["category"].items():
            counts[label] = counts.get(label, 0) + n
    assert counts == {"politics": 4, "sport": 4, "business": 4}
    assert "12 plain" in r.out


# -- 2. plain articles ------------------------------------------------------------------


def test_plain_articles_keep_every_paragraph_as_body() -> None:
    text = (
        "Carmakers bet on big cars\n\n"
        "Sport Utility Vehicles (SUVs) - the most profitable models - sold well.\n\n"
        "By talking to dealers, it learned more.\n\n"
        "Dealers said demand would last.\n"
    )
    a = parse_article(text, id="x")
    assert a.meta["layout"] == "plain"
    assert a.paragraphs[0].startswith("Sport Utility Vehicles (SUVs) - ")
    assert "By talking to dealers, it learned more." in a.paragraphs
    assert a.source is None and a.author is None and a.dateline is None
    assert a.meta["dropped_paragraphs"] == 0


def test_wire_layout_is_decided_from_the_header_and_drops_are_counted() -> None:
    text = (
        "Ministers meet\n\nWorld | March 3, 2024\n\nBy Ana Lima\n\n"
        "LISBON (Reuters) - Ministers met.\n\nThey agreed.\n\n(Reporting by Ana Lima)\n\n"
        "Our Standards: The Thomson Reuters Trust Principles.\n"
    )
    a = parse_article(text, id="w")
    assert a.meta["layout"] == "wire"
    assert (a.source, a.author, a.paragraphs) == (
        "Reuters",
        "Ana Lima",
        ["Ministers met.", "They agreed."],
    )
    assert a.meta["dropped_paragraphs"] == 2
    # The dateline alone also makes a wire story.
    assert parse_article("T\n\nLONDON (Reuters) - Body.\n", id="d").meta["layout"] == "wire"


def test_dropped_paragraphs_per_file_in_the_summary(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(
        "Title\n\nMarch 3, 2024\n\nBody one.\n\nAll rights reserved.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("Title two\n\nBody two.\n", encoding="utf-8")
    ex = load_examples(tmp_path, labelled=False)
    assert ex.notes["layouts"] == {"wire": 1, "plain": 1}
    assert ex.notes["dropped_paragraphs"] == {str(tmp_path / "a.txt"): 1}


# -- 3. a title the text already starts with ------------------------------------------------


def test_title_not_prepended_twice(tmp_path) -> None:
    path = tmp_path / "t.jsonl"
    rows = [
        {"id": "1", "title": "Banks cut rates", "text": "Banks cut rates\n\nThe cut was small."},
        {"id": "2", "title": "Banks cut rates", "text": "The cut was small."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    units = make_units(read_articles(path), "article")
    assert units[0].text == "Banks cut rates\n\nThe cut was small."
    assert units[1].text == "Banks cut rates\n\nThe cut was small."


# -- 4. tasks are explicit --------------------------------------------------------------


def test_a_task_file_in_the_working_folder_is_never_applied(tmp_path, monkeypatch, capsys) -> None:
    import shutil

    root = Path(__file__).resolve().parents[1]
    work = tmp_path / "work"
    shutil.copytree(root / "seeds", work / "seeds")
    shutil.copytree(root / "configs", work / "configs")
    # A stray task with the shipped names but other labels, and a new task
    # file of one's own beside the shipped ones.
    (work / "stance.yaml").write_text(
        "name: stance\nkind: multiclass\nfield: stance\nlabels: [pro, con]\n", encoding="utf-8"
    )
    (work / "tasks").mkdir()
    (work / "tasks" / "topic.yaml").write_text(
        "name: topic\nkind: multilabel\nfield: topics\nlabels: [x, y]\n", encoding="utf-8"
    )
    shutil.copy(OWN / "stance" / "task.yaml", work / "configs" / "tasks" / "tweet-stance.yaml")
    monkeypatch.chdir(work)
    r = run_cli(
        capsys,
        "dataset",
        "build",
        "seeds",
        "--annotations",
        "seeds/annotations.jsonl",
        "--unit",
        "sentence",
        "--split",
        "random",
        "--out",
        "data/seed",
    )
    assert r.code == 0, r.err
    summary = json.loads((work / "data" / "seed" / "dataset.json").read_text())
    assert summary["tasks"]["stance"] == ["favour", "against", "neutral"]
    assert summary["tasks"]["topics"] == ["normalisation", "sanctions", "human_rights"]
    # The README's seed example still runs, with the new task file beside the shipped ones.
    r = run_cli(capsys, "run")
    assert r.code == 0, r.err
    assert (work / "runs" / "default" / "stance-tfidf" / "model.json").is_file()


def test_train_task_option_names_the_task(tmp_path, capsys) -> None:
    r = run_cli(
        capsys,
        "train",
        OWN / "category-tfidf.yaml",
        "--task",
        OWN / "stance" / "task.yaml",
        "--out",
        tmp_path / "m",
    )
    # The named task reads field 'stance', which the folders do not label.
    assert r.code == 1 and "stance" in r.err and "Traceback" not in r.err


def test_train_with_label_from_folder_config(tmp_path) -> None:
    from classify import api

    r = api.train(OWN / "category-tfidf.yaml", out=tmp_path / "m")
    assert r.model.task.labels == ("politics", "sport", "business")
    assert r.model.info["training"]["n"] == 12
    assert r.model.info["training"]["layouts"] == {"plain": 12}
    assert r.model.predict("The striker scored two goals in the cup final.") == "sport"


# -- 5. target-conditioned stance ------------------------------------------------------------

STANCE = OWN / "stance"


def _rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_target_conditioned_task_cli_per_target_and_pooled(tmp_path, capsys) -> None:
    out = tmp_path / "m"
    r = run_cli(capsys, "train", STANCE / "tfidf.yaml", "--out", out)
    assert r.code == 0, r.err
    assert "per target" in r.out and "(pooled)" in r.out
    metrics = json.loads((out / "metrics.json").read_text())
    targets = {row["target"] for row in _rows(STANCE / "test.csv")}
    assert set(metrics["per_target"]) == targets
    assert sum(m["n"] for m in metrics["per_target"].values()) == metrics["n"]
    card = (out / "README.md").read_text()
    assert "Primary metric: F_avg (mean F1 of FAVOR and AGAINST)" in card
    assert "target named in its row" in card and "normalisation" not in card


def test_the_target_changes_the_answer(tmp_path) -> None:
    from classify import api
    from classify.targets import pair_text

    model = api.train(STANCE / "tfidf.yaml", out=tmp_path / "m").model
    text = "We need wind turbines, not reactors."
    assert model.predict(pair_text("wind power", text)) == "FAVOR"
    assert model.predict(pair_text("nuclear power", text)) == "AGAINST"


def test_one_model_over_all_targets_does_at_least_as_well_as_one_per_target(tmp_path) -> None:
    import csv

    import numpy as np

    from classify import api
    from classify.evaluation import compute_metrics

    pooled = api.train(STANCE / "tfidf.yaml", save=False)
    task = pooled.model.task
    train, test = _rows(STANCE / "train.csv"), _rows(STANCE / "test.csv")
    gold, predicted = [], []
    for target in sorted({r["target"] for r in train}):
        paths = {}
        for name, rows in (("train", train), ("test", test)):
            paths[name] = tmp_path / f"{target}-{name}.csv"
            with paths[name].open("w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(rows[0]))
                w.writeheader()
                w.writerows(r for r in rows if r["target"] == target)
        one = api.train(
            STANCE / "tfidf.yaml",
            data=paths["train"],
            overrides={"data.test": str(paths["test"])},
            save=False,
        )
        rows = one.model.predictions.to_rows()
        gold += [r["gold"] for r in rows]
        predicted += [r["predicted"] for r in rows]
    per_target = compute_metrics(
        task.kind, task.labels, np.array(gold), np.array(predicted), favg=task.favg_labels
    )
    assert len(gold) == pooled.metrics["n"]
    assert pooled.metrics["f_avg"] >= per_target["f_avg"]


def test_target_conditioned_rows_need_a_target(tmp_path) -> None:
    from classify import api
    from classify.errors import ClassifyError

    bad = tmp_path / "bad.csv"
    bad.write_text("id,target,tweet,stance\n1,,We need trams.,FAVOR\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="no stance target in column 'target'"):
        api.train(STANCE / "tfidf.yaml", overrides={"data.test": str(bad)}, save=False)


# -- 6. the task's primary metric ------------------------------------------------------------------


def test_task_metric_keys_are_checked(tmp_path) -> None:
    from classify.errors import ClassifyError
    from classify.tasks import load_task

    task = load_task(STANCE / "task.yaml")
    assert (task.metric, task.favg_labels) == ("f_avg", ("FAVOR", "AGAINST"))
    bad = tmp_path / "t.yaml"
    bad.write_text(
        "name: t\nkind: multiclass\nlabels: [pro, con]\nmetric: f_avg\n", encoding="utf-8"
    )
    with pytest.raises(ClassifyError, match="metric_labels"):
        load_task(bad)
    bad.write_text(
        "name: t\nkind: multilabel\nlabels: [a, b]\nmetric: accuracy\n", encoding="utf-8"
    )
    with pytest.raises(ClassifyError, match="multiclass"):
        load_task(bad)


def test_f_avg_over_declared_labels() -> None:
    import numpy as np

    from classify.evaluation import compute_metrics, paired_bootstrap

    labels = ["PRO", "CON", "NONE"]
    y = np.eye(3, dtype=int)[[0, 0, 1, 1, 2, 2]]
    p = np.eye(3, dtype=int)[[0, 1, 1, 1, 2, 0]]
    m = compute_metrics("multiclass", labels, y, p, favg=["PRO", "CON"])
    f = {lab: m["per_label"][lab]["f1"] for lab in labels}
    assert m["f_avg"] == pytest.approx((f["PRO"] + f["CON"]) / 2, abs=1e-4)
    assert "f_avg" not in compute_metrics("multiclass", labels, y, p)
    t = paired_bootstrap("multiclass", labels, y, y, p, metric="f_avg", favg=["PRO", "CON"])
    assert t["a"] == 1.0 and t["b"] == m["f_avg"]


def test_micro_f1_threshold_tuning_beats_per_label_tuning_on_micro_f1() -> None:
    import numpy as np

    from classify.evaluation import compute_metrics, tune_thresholds

    rng = np.random.default_rng(0)
    y = (rng.random((300, 3)) < [0.5, 0.1, 0.05]).astype(int)
    proba = np.clip(y * 0.35 + rng.random((300, 3)) * 0.65, 0, 1)
    micro = {}
    for metric in ("macro_f1", "micro_f1"):
        t = tune_thresholds(y, proba, metric=metric)
        micro[metric] = compute_metrics("multilabel", list("abc"), y, (proba >= t).astype(int))[
            "micro_f1"
        ]
    assert micro["micro_f1"] >= micro["macro_f1"]


def test_compare_ranks_by_the_task_metric(tmp_path) -> None:
    from classify import api

    for name, c in (("a", 0.01), ("b", 10.0)):
        api.train(
            STANCE / "tfidf.yaml",
            out=tmp_path / "models" / name,
            overrides={"model.params.C": c, "evaluation.bootstrap": 0},
        )
    result = api.compare([tmp_path / "models"], out=tmp_path / "cmp", n_bootstrap=50)
    entry = result["tweet-stance"]
    assert entry["metric"] == "f_avg"
    values = [r["f_avg"] for r in entry["rows"]]
    assert values == sorted(values, reverse=True)
    assert "ranked by F_avg" in (tmp_path / "cmp" / "compare.md").read_text()


# -- 8. a named test file, split none -----------------------------------------------------------


def test_named_test_file_python_and_card(tmp_path) -> None:
    from classify import api

    r = api.train(STANCE / "tfidf.yaml", out=tmp_path / "m")
    ev = r.metrics["evaluation"]
    assert ev["method"] == "test" and ev["test"] == len(_rows(STANCE / "test.csv"))
    assert ev["train"] == r.model.info["training"]["n"] == len(_rows(STANCE / "train.csv"))
    card = (tmp_path / "m" / "README.md").read_text()
    assert "Evaluated on the named test file" in card and "no split" in card


def test_split_none_without_test_or_cv_says_what_to_do(tmp_path, capsys) -> None:
    r = run_cli(
        capsys, "train", STANCE / "tfidf.yaml", "--set", "data.test=", "--out", tmp_path / "m"
    )
    assert r.code == 1 and "--test FILE" in r.err and "Traceback" not in r.err
    r = run_cli(
        capsys,
        "train",
        STANCE / "tfidf.yaml",
        "--set",
        "data.test=",
        "--cv",
        "3",
        "--out",
        tmp_path / "cv",
    )
    assert r.code == 0, r.err
    assert (
        json.loads((tmp_path / "cv" / "metrics.json").read_text())["evaluation"]["method"] == "cv"
    )


def test_test_option_on_the_command_line(tmp_path, capsys) -> None:
    r = run_cli(
        capsys,
        "train",
        STANCE / "tfidf.yaml",
        "--set",
        "data.test=",
        "--test",
        STANCE / "test.csv",
        "--out",
        tmp_path / "m",
        "--no-refit",
    )
    assert r.code == 0, r.err
    assert "test file" in r.out
    assert "--no-refit has no effect with --test" in " ".join(r.err.split())  # a warning


# -- 9. compact TF-IDF folders -----------------------------------------------------------


def test_tfidf_keeps_only_the_strongest_features_and_reloads_exactly(tmp_path) -> None:
    import numpy as np

    from classify import api, load_model

    full = api.train(
        OWN / "category-tfidf.yaml",
        out=tmp_path / "full",
        overrides={"model.params.keep_features": 0},
    )
    small = api.train(
        OWN / "category-tfidf.yaml",
        out=tmp_path / "small",
        overrides={"model.params.keep_features": 300},
    )
    assert small.model.model.n_features_ == 300 < full.model.model.n_features_
    assert small.model.info["weights_mb"] < full.model.info["weights_mb"]
    assert "Size on disk" in (tmp_path / "small" / "README.md").read_text()
    texts = ["Oil prices rose on supply fears.", "The senate passed the election law."]
    loaded = load_model(tmp_path / "small")
    assert np.allclose(loaded.predict_scores(texts), small.model.predict_scores(texts))
    assert loaded.predict(texts) == ["business", "politics"]


def test_dataset_keeps_the_target_column_for_training(tmp_path, capsys) -> None:
    out = tmp_path / "ds"
    r = run_cli(
        capsys,
        "dataset",
        "build",
        STANCE / "train.csv",
        "--task",
        STANCE / "task.yaml",
        "--text-column",
        "tweet",
        "--split",
        "random",
        "--out",
        out,
    )
    assert r.code == 0, r.err
    r = run_cli(
        capsys,
        "train",
        STANCE / "tfidf.yaml",
        "--data",
        out,
        "--set",
        "data.test=",
        "--out",
        tmp_path / "m",
    )
    assert r.code == 0, r.err
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert metrics["evaluation"]["split"] == "dataset" and len(metrics["per_target"]) == 3


def test_evaluate_a_target_conditioned_model_on_other_data(tmp_path) -> None:
    from classify import api

    model = api.train(STANCE / "tfidf.yaml", out=tmp_path / "m").model
    metrics = api.evaluate(model, STANCE / "train.csv", n_bootstrap=0)
    assert metrics["primary_metric"] == "f_avg" and metrics["f_avg_labels"] == ["FAVOR", "AGAINST"]
    assert set(metrics["per_target"]) == {"wind power", "nuclear power", "city tram"}


def test_transformer_early_stopping_scores_the_task_metric() -> None:
    from types import SimpleNamespace

    import numpy as np

    from classify.evaluation import compute_metrics
    from classify.models._windows import Windows
    from classify.models.transformer import _primary_metric
    from classify.tasks import load_task

    task = load_task(STANCE / "task.yaml")
    y = np.eye(3, dtype=int)[[0, 0, 1, 1, 2, 2]]
    guess = np.eye(3)[[0, 1, 1, 1, 2, 0]] * 4.0  # logits: argmax is the guess
    val = Windows(features=[{}] * 6, text_index=np.arange(6))
    score = _primary_metric(val, y, task, "mean")(SimpleNamespace(predictions=guess))
    expected = compute_metrics(
        task.kind, task.labels, y, np.eye(3, dtype=int)[[0, 1, 1, 1, 2, 0]], favg=task.favg_labels
    )
    assert score == {"primary": pytest.approx(expected["f_avg"])}
    assert expected["f_avg"] != expected["macro_f1"]


def test_every_window_of_a_long_text_keeps_its_target(tiny_bert) -> None:
    from transformers import AutoTokenizer

    from classify.models._windows import encode_windows, text_windows
    from classify.targets import pair_text

    tok = AutoTokenizer.from_pretrained(str(tiny_bert))
    long = pair_text("wind power", " ".join(["the minister said the plan works"] * 30))
    # Transformer family: the tokenizer's pair input, only the text windowed.
    w = encode_windows(tok, [long], max_length=32, stride=8, pairs=True)
    target_ids = tok("wind power", add_special_tokens=False)["input_ids"]
    assert len(w) > 2
    for f in w.features:
        assert f["input_ids"][1 : 1 + len(target_ids)] == target_ids
    # Sentence-encoder families: "target: window" strings.
    windows, index = text_windows([long, pair_text("trams", "short")], tok, 24, pairs=True)
    assert len(windows) > 3 and set(index) == {0, 1}
    assert all(x.startswith("wind power: ") for x, i in zip(windows, index) if i == 0)
    assert windows[-1] == "trams: short"


def test_transformer_family_trains_on_target_pairs(tiny_bert, tmp_path) -> None:
    from classify import api

    params = {
        "model": str(tiny_bert),
        "epochs": 2,
        "batch_size": 16,
        "eval_batch_size": 16,
        "max_length": 32,
        "stride": 8,
        "validation_size": 0.0,
    }
    r = api.train(
        STANCE / "tfidf.yaml",
        out=tmp_path / "t",
        overrides={
            "model.family": "transformer",
            "model.params": params,
            "evaluation.bootstrap": 0,
        },
    )
    assert set(r.metrics["per_target"]) == {"wind power", "nuclear power", "city tram"}
    assert r.metrics["primary_metric"] == "f_avg" and "f_avg" in r.metrics
    loaded = api.load_model(tmp_path / "t")
    assert loaded.predict_scores(["wind power: We need trams."]).shape == (1, 3)


def test_a_test_target_the_model_never_trained_on_is_named(tmp_path, capsys) -> None:
    import csv

    from classify import api
    from classify.targets import target_counts

    model = api.train(STANCE / "tfidf.yaml", out=tmp_path / "m").model
    trained = target_counts([row["target"] for row in _rows(STANCE / "train.csv")])
    assert model.info["training"]["targets"] == trained
    rows = _rows(STANCE / "test.csv")
    for row in rows[:5]:
        row["target"] = "solar power"
    for row in rows[5:8]:
        row["target"] = row["target"].upper()  # a known target in other case is known
    data = tmp_path / "new.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.warns(UserWarning, match=r"target 'solar power' \(5 units\) was not among"):
        metrics = api.evaluate(model, data, n_bootstrap=0)
    assert metrics["unseen_targets"] == {"solar power": 5}
    assert metrics["per_target"]["solar power"]["n_train"] == 0
    for target, row in metrics["per_target"].items():
        if target != "solar power":
            assert row["n_train"] == trained[target.casefold()] > 0
    # The command says it in one line and shows the column; the report says it too.
    r = run_cli(capsys, "evaluate", tmp_path / "m", data, "--out", tmp_path / "e")
    assert r.code == 0, r.err
    said = " ".join((r.out + r.err).split())
    assert "warning: target 'solar power' (5 units) was not among the model's training" in said
    assert "n_train" in r.out
    report = " ".join((tmp_path / "e" / "report.md").read_text().split())
    assert "Target 'solar power' (5 units) was not among" in report
    # Evaluated on its own kind of data, nothing is said.
    assert "unseen_targets" not in api.evaluate(model, STANCE / "test.csv", n_bootstrap=0)
