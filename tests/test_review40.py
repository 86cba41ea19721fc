"""Review 40: what fresh users found wrong, each checked on our own data."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import (
    TEMPLATES,
    assert_seen_both_ways,
    labelled_rows,
    train_tfidf,
    write_jsonl,
)

from classify import api

from conftest import ROOT


@pytest.fixture(scope="module")
def numbered(tmp_path_factory):
    """A stance model trained on rows numbered "1".."48", and its data."""
    root = tmp_path_factory.mktemp("r40")
    rows = [dict(r, id=str(i + 1)) for i, r in enumerate(labelled_rows())]
    data = write_jsonl(root / "train.jsonl", rows)
    return train_tfidf("stance", data, root / "m"), rows


def _new_rows() -> list[dict]:
    """Six rows of texts the model never saw, numbered "1".."6" too."""
    places = ["Armenia", "Georgia", "Moldova"]
    return [
        {
            "id": str(i + 1),
            "text": TEMPLATES[i % 6][0].format(c=places[i % 3]),
            "stance": TEMPLATES[i % 6][2],
        }
        for i in range(6)
    ]


def test_a_shared_id_alone_is_no_training_overlap(numbered, tmp_path, capsys):
    model, rows = numbered
    new = write_jsonl(tmp_path / "new.jsonl", _new_rows())
    with warnings.catch_warnings():
        warnings.simplefilter("error", api.TrainingOverlapWarning)
        metrics = api.evaluate(model, new, n_bootstrap=0)
    assert metrics["train_overlap"]["count"] == 0 and metrics["n"] == 6
    assert api.evaluate(model, new, n_bootstrap=0, exclude_train=True)["n"] == 6
    # Files named alike in two folders, without ids (ids from name and line).
    for folder, chosen in (("a", rows[:6]), ("b", _new_rows())):
        (tmp_path / folder).mkdir()
        write_jsonl(
            tmp_path / folder / "items.jsonl",
            [{k: r[k] for k in ("text", "stance")} for r in chosen],
        )
    other = train_tfidf("stance", tmp_path / "a" / "items.jsonl", tmp_path / "ma")
    assert (
        api.evaluate(other, tmp_path / "b" / "items.jsonl", n_bootstrap=0)["train_overlap"]["count"]
        == 0
    )
    # The same text is overlap, whatever its id, case or spacing.
    seen = [dict(r, id=f"x{i}", text="  " + r["text"].upper()) for i, r in enumerate(rows[:4])]
    mixed = write_jsonl(tmp_path / "mixed.jsonl", _new_rows() + seen)
    r = run_cli(capsys, "evaluate", model, mixed, "--out", tmp_path / "e")
    assert r.code == 0, r.err
    assert "4 of these units were in the model's training data" in " ".join((r.out + r.err).split())
    overlap = json.loads((tmp_path / "e" / "metrics.json").read_text())["train_overlap"]
    assert overlap["count"] == 4 and sorted(overlap["ids"]) == ["x0", "x1", "x2", "x3"]


def test_a_stance_target_model_finds_its_training_texts(tmp_path):
    stance = ROOT / "tests" / "fixtures" / "own" / "stance"
    model = api.train(stance / "tfidf.yaml", out=tmp_path / "m").model
    import csv

    with (stance / "train.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for i, row in enumerate(rows):
        row["id"] = f"renamed{i}"
    data = tmp_path / "again.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.warns(api.TrainingOverlapWarning):
        metrics = api.evaluate(model, data, n_bootstrap=0)
    # Every row is a training text with its target, under another id.
    assert metrics["train_overlap"]["count"] == len(rows)


def test_compare_reads_each_models_labels_in_their_own_order(tmp_path, capsys):
    task = (ROOT / "configs" / "tasks" / "stance.yaml").read_text(encoding="utf-8")
    assert "labels: [favour, against, neutral]" in task
    reordered = tmp_path / "stance-reordered.yaml"
    reordered.write_text(
        task.replace("labels: [favour, against, neutral]", "labels: [neutral, against, favour]"),
        encoding="utf-8",
    )
    rows = labelled_rows()
    # Five countries to train on, three others to test on (six texts each).
    train = write_jsonl(tmp_path / "train.jsonl", rows[:30])
    test = write_jsonl(tmp_path / "test.jsonl", rows[30:])
    made = {}
    for name, extra in (("a", ()), ("b", ("--task", reordered))):
        r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", train,
                    "--cv", "3", "--out", tmp_path / name, *extra)  # fmt: skip
        assert r.code == 0, r.err
        made[name] = api.evaluate(tmp_path / name, test, n_bootstrap=0)["macro_f1"]
    assert api.load_model(tmp_path / "b").labels == ["neutral", "against", "favour"]
    # The same data and model family: the same figures, in either order.
    assert made["a"] == pytest.approx(made["b"]) and made["a"] > 0.5
    for order in (["a", "b"], ["b", "a"]):
        board = api.compare([tmp_path / n for n in order], data=test, n_bootstrap=20)["stance"]
        scores = {row["name"]: row["macro_f1"] for row in board["rows"]}
        assert list(scores.values()) == pytest.approx([made["a"], made["b"]])
        # On their saved cross-validation predictions too (the same folds).
        saved = api.compare([tmp_path / n for n in order], n_bootstrap=20)["stance"]
        values = [row["macro_f1"] for row in saved["rows"]]
        assert values[0] == pytest.approx(values[1])


def test_cross_validation_counts_each_near_duplicate_pair_once(tmp_path):
    from classify.evaluation import near_duplicates

    rows = labelled_rows()
    # Each text again as a wire copy ("... (AP)"), a near duplicate.
    copies = [dict(r, id=f"{r['id']}-copy", text=r["text"] + " (AP)") for r in rows]
    data = write_jsonl(tmp_path / "d.jsonl", rows + copies)
    result = api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], cv=3,
                       group="none", out=tmp_path / "m")  # fmt: skip
    found = result.metrics["near_duplicates"]
    folds = dict(zip(result.model.predictions.ids, result.model.predictions.folds))
    texts = [r["text"] for r in rows + copies]
    ids = [r["id"] for r in rows + copies]
    pairs = {
        frozenset((ids[p["train_index"]], ids[p["test_index"]]))
        for p in near_duplicates(texts, texts)
        if p["train_index"] != p["test_index"]
    }
    across = [p for p in pairs if len({folds[i] for i in p}) == 2]
    assert len(across) > 20  # more than the pairs shown
    assert found["count"] == len(across)
    assert len(found["pairs"]) == 20
    assert [p["similarity"] for p in found["pairs"]] == sorted(
        (p["similarity"] for p in found["pairs"]), reverse=True
    )


def test_a_dataframe_from_read_csv_keeps_its_no_topic_rows(tmp_path):
    rows = labelled_rows()
    table = tmp_path / "d.csv"
    pd.DataFrame([{**r, "topics": ";".join(r["topics"])} for r in rows]).to_csv(table, index=False)
    frame = pd.read_csv(table)
    no_topic = sum(not r["topics"] for r in rows)
    assert no_topic and frame["topics"].isna().sum() == no_topic
    config = ROOT / "configs" / "topic-tfidf.yaml"
    from_file = api.train(config, data=[table], cv=3, out=tmp_path / "a").model
    from_frame = api.train(config, data=frame, cv=3, out=tmp_path / "b").model
    assert from_file.info["training"]["n"] == from_frame.info["training"]["n"] == len(rows)
    assert from_frame.info["training"]["label_counts"]["(none)"] == no_topic
    on_file = api.evaluate(from_file, table, n_bootstrap=0)
    on_frame = api.evaluate(from_file, frame, n_bootstrap=0)
    assert on_file["n"] == on_frame["n"] == len(rows)
    assert on_file["macro_f1"] == pytest.approx(on_frame["macro_f1"])
    # None is JSON's null: unlabelled, left out, and Python says so.
    frame["topics"] = frame["topics"].astype(object)
    frame.loc[:2, "topics"] = None
    frame.loc[:2, "stance"] = None
    with pytest.warns(UserWarning, match=r"3 units are unlabelled for 'topics' and left out"):
        assert api.evaluate(from_file, frame, n_bootstrap=0)["n"] == len(rows) - 3


def test_a_numpy_array_of_texts_is_a_list_of_texts(numbered):
    import numpy as np

    import classify

    model, rows = numbered
    texts = [r["text"] for r in rows[:4]]
    array = np.array(texts)
    pd.testing.assert_frame_equal(
        classify.predict_proba(model, array), classify.predict_proba(model, texts)
    )
    pd.testing.assert_frame_equal(classify.predict(model, array), classify.predict(model, texts))
    loaded = classify.load_model(model)
    assert loaded.predict(array) == loaded.predict(texts)
    with pytest.raises(classify.ClassifyError, match=r"an array of shape \(2, 2\) is not a list"):
        classify.predict(model, array.reshape(2, 2))


@pytest.mark.parametrize("command", ["evaluate", "compare", "train", "analyse", "build"])
def test_a_folder_output_named_like_a_file_is_refused(numbered, tmp_path, capsys, command):
    model, rows = numbered
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    out = tmp_path / "result.json"
    args = {
        "evaluate": ["evaluate", model, data],
        "compare": ["compare", model, model],
        "train": ["train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data],
        "analyse": ["analyse", model, data, "--by", "all"],
        "build": ["dataset", "build", data, "--split", "random"],
    }[command]
    r = run_cli(capsys, *args, "--out", out)
    assert r.code == 1 and not out.exists()
    for suffix in (".pkl", ".joblib", ".safetensors", ".tar.gz", ".arrow"):
        other = tmp_path / f"result{suffix}"
        assert run_cli(capsys, *args, "--out", other).code == 1 and not other.exists()
    assert "--out is a folder that several files are written into, and 'result.json' reads" in (
        " ".join(r.err.split())
    )


def test_compare_gives_the_baseline_train_gave(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    for task in ("stance", "topic"):
        for name, c in (("a", "1.0"), ("b", "0.1")):
            r = run_cli(capsys, "train", ROOT / "configs" / f"{task}-tfidf.yaml", "--data", data,
                        "--cv", "3", "--set", f"model.params.C={c}", "--out",
                        tmp_path / f"{task}-{name}")  # fmt: skip
            assert r.code == 0, r.err
        first = json.loads((tmp_path / f"{task}-a" / "metrics.json").read_text())
        r = run_cli(capsys, "compare", tmp_path / f"{task}-a", tmp_path / f"{task}-b", "--out",
                    tmp_path / f"cmp-{task}")  # fmt: skip
        assert r.code == 0, r.err
        entry = json.loads((tmp_path / f"cmp-{task}" / "compare.json").read_text())
        assert entry["baseline"]["value"] == pytest.approx(first["baseline"][entry["metric"]])
        said = " ".join(r.out.split())
        # (Stop 62: over every unit the folds tested, no longer per fold.)
        assert "over every unit its folds tested, as in its metrics.json" in said
        if task == "topic":
            assert "each label given where most units stand" in said
        else:
            assert "every unit given the most common label" in said


def test_too_few_bootstrap_resamples_are_refused(numbered, tmp_path, capsys):
    import classify

    model, rows = numbered
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    allowed = "(allowed: 0 for no intervals, or 10 resamples or more"
    for call in (
        lambda: classify.evaluate(model, data, n_bootstrap=1),
        lambda: classify.compare([model, model], n_bootstrap=5),
        lambda: classify.analyse(model, data, by="all", n_bootstrap=-1),
    ):
        with pytest.raises(classify.ClassifyError, match=r"n_bootstrap is -?\d .*" + allowed[1:8]):
            call()
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--set", "evaluation.bootstrap=1", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 1 and "key 'evaluation.bootstrap' is 1 " + allowed in r.err
    r = run_cli(capsys, "analyse", model, data, "--bootstrap", "3", "--out", tmp_path / "e")
    assert r.code == 1 and "--bootstrap is 3 " + allowed in r.err
    assert classify.evaluate(model, data, n_bootstrap=0)["n"] == len(rows)


def test_compare_ranks_by_the_metric_asked_for(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    for name, c in (("a", "1.0"), ("b", "0.05")):
        r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                    "--cv", "3", "--set", f"model.params.C={c}", "--out", tmp_path / name)  # fmt: skip
        assert r.code == 0, r.err
    models = [tmp_path / "a", tmp_path / "b"]
    for metric in ("f_avg", "accuracy", "f1/against"):
        r = run_cli(capsys, "compare", *models, "--metric", metric, "--out", tmp_path / metric[:2])
        assert r.code == 0, r.err
        entry = json.loads((tmp_path / metric[:2] / "compare.json").read_text())
        assert entry["metric"] == metric
        values = [row[metric] for row in entry["rows"]]
        assert values == sorted(values, reverse=True)
        test = entry["tests"][0]
        assert test["metric"] == metric
        assert test["diff"] == pytest.approx(values[0] - values[1], abs=1e-3)
        assert f"ranked by {metric}" in " ".join(r.out.split())
    r = run_cli(capsys, "compare", *models, "--metric", "f1/nothing", "--out", tmp_path / "x")
    assert r.code == 1 and "metric 'f1/nothing' does not apply to task 'stance'" in r.err
    r = run_cli(capsys, "compare", *models, "--metric", "f1/FAVOUR", "--out", tmp_path / "x")
    assert r.code == 1 and "did you mean 'f1/favour'?" in r.err


def test_compare_says_when_macro_f1_averages_fewer_labels(numbered, tmp_path, capsys):
    model, rows = numbered
    # Only favour and against units, and the models never say neutral on them.
    data = write_jsonl(tmp_path / "d.jsonl", [r for r in rows if r["stance"] != "neutral"])
    r = run_cli(capsys, "compare", model, model, "--data", data, "--out", tmp_path / "c")
    assert r.code == 0, r.err
    entry = json.loads((tmp_path / "c" / "compare.json").read_text())
    # Its own training texts: it says favour or against, as their gold does.
    assert entry["undefined_labels"] == ["neutral"]
    said = "macro_f1 averages 2 of 3 labels (neutral has no gold unit and no prediction"
    assert said in " ".join(r.out.split())
    assert said in " ".join((tmp_path / "c" / "compare.md").read_text().split())


def test_a_label_column_with_no_label_is_not_called_missing(numbered, tmp_path, capsys):
    model, rows = numbered
    data = write_jsonl(tmp_path / "d.jsonl", [dict(r, stance=None) for r in rows[:3]])
    r = run_cli(capsys, "evaluate", model, data, "--out", tmp_path / "e")
    assert r.code == 1
    assert "column 'stance' is there but every cell is empty or null" in r.err
    assert "no label column" not in r.err


def test_a_datasetdict_of_one_split_is_that_split(numbered):
    import datasets

    import classify

    model, rows = numbered
    ds = datasets.Dataset.from_dict({"text": [r["text"] for r in rows[:5]]})
    one = datasets.DatasetDict({"train": ds})
    pd.testing.assert_frame_equal(
        classify.predict_proba(model, one), classify.predict_proba(model, ds)
    )
    loaded = classify.load_model(model)
    assert loaded.predict(one) == loaded.predict(ds)
    with pytest.raises(classify.ClassifyError, match=r"several splits \(train, test\)"):
        classify.predict(model, datasets.DatasetDict({"train": ds, "test": ds}))


def test_a_config_path_from_elsewhere_names_the_projects_config(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # A bare name is the project's config of that name, as a shipped task's is
    # (stop 43): the run goes on to what it lacks, the data.
    for given in ("stance-tfidf.yaml", "stance-tfidf"):
        r = run_cli(capsys, "train", given, "--out", tmp_path / "m")
        assert r.code == 1 and "not found" not in r.err and "data" in r.err
    # A path with a folder is never redirected.
    for given, name in (
        ("configs/stance-tfidf.yaml", "stance-tfidf.yaml"),
        ("configs/tone-tfidf.yaml", "examples/tone-tfidf.yaml"),
    ):
        r = run_cli(capsys, "train", given, "--out", tmp_path / "m")
        assert r.code == 1
        said = " ".join(r.err.split())
        assert f"the project's config of that name is {ROOT / 'configs' / name}" in said
    r = run_cli(capsys, "train", "no-such-config.yaml", "--out", tmp_path / "m")
    assert r.code == 1 and r.err.strip().endswith("config file not found")


def test_a_refiled_text_is_warned_about_once_per_train(tmp_path, capsys):
    rows = [dict(r) for r in labelled_rows()]
    rows.append(dict(rows[0], id="refiled", date="2022-08-17"))
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--set", "data.split.cutoff=2015-01-01", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join((r.out + r.err).split())
    assert said.count("repeats the text of an earlier unit") == 1


def test_what_calibration_did_is_measured_and_said(tmp_path):
    from classify import evaluation

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    result = api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], out=tmp_path / "m",
                       overrides={"calibration": "platt", "data.split.method": "random"},
                       refit=False)  # fmt: skip
    cal = result.metrics["calibration"]
    assert cal["method"] == "platt"
    # The saved model is the evaluated one: without its calibration, its
    # probabilities on the test units give the ECE before.
    import copy

    text_of = {r["id"]: r["text"] for r in labelled_rows()}
    bare = copy.copy(api.load_model(tmp_path / "m"))
    bare.calibration = None
    raw = bare.predict_scores([text_of[i] for i in result.model.predictions.ids])
    y = result.model.predictions.y_true
    assert cal["ece_uncalibrated"] == pytest.approx(
        evaluation.expected_calibration_error("multiclass", y, raw), abs=1e-4
    )
    decided = bare.task.decide(raw, None)
    assert cal["decisions_changed"] == int(
        (decided != result.model.predictions.y_pred).any(axis=1).sum()
    )
    # Recomputed from the saved held-out predictions, uncalibrated by hand.
    preds = result.model.predictions
    fitted = result.model.calibration
    assert fitted and fitted["method"] == "platt"
    assert cal["ece"] == pytest.approx(
        evaluation.expected_calibration_error("multiclass", preds.y_true, preds.proba), abs=1e-4
    )
    assert 0 <= cal["ece_uncalibrated"] <= 1 and cal["decisions_changed"] >= 0
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert f"took the ECE from {cal['ece_uncalibrated']:.3f} to {cal['ece']:.3f}" in card
    report = " ".join((tmp_path / "m" / "report.md").read_text().split())
    assert f"took the ECE from {cal['ece_uncalibrated']:.3f}" in report


def test_compare_says_when_a_model_predicts_a_label_no_gold_has(numbered, tmp_path, capsys):
    model, rows = numbered
    keep = [r for r in rows if r["stance"] != "neutral"]
    # A neutral text whose gold says favour: the model says neutral, no gold does.
    odd = next(r for r in rows if r["stance"] == "neutral")
    data = write_jsonl(tmp_path / "d.jsonl", [*keep, dict(odd, id="odd", stance="favour")])
    r = run_cli(capsys, "compare", model, model, "--data", data, "--out", tmp_path / "c")
    assert r.code == 0, r.err
    said = "neutral has no gold unit in this data but a model predicts it"
    assert said in " ".join((r.out + r.err).split())
    entry = json.loads((tmp_path / "c" / "compare.json").read_text())
    assert said in entry["warning"] and "undefined_labels" not in entry


def test_a_dataset_saved_by_datasets_itself_is_read(numbered, tmp_path, capsys):
    import datasets

    model, rows = numbered
    new = _new_rows()
    datasets.DatasetDict({"test": datasets.Dataset.from_list(new)}).save_to_disk(tmp_path / "one")
    datasets.Dataset.from_list(new).save_to_disk(tmp_path / "plain")
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(rows),
            "test": datasets.Dataset.from_list([dict(r, id=f"n{r['id']}") for r in new]),
        }
    ).save_to_disk(tmp_path / "two")
    on_file = api.evaluate(model, write_jsonl(tmp_path / "new.jsonl", new), n_bootstrap=0)
    for folder in ("one", "plain"):
        metrics = api.evaluate(model, tmp_path / folder, n_bootstrap=0)
        assert metrics["n"] == 6 and metrics["macro_f1"] == on_file["macro_f1"]
        r = run_cli(
            capsys, "predict", model, tmp_path / folder, "--out", tmp_path / f"{folder}.csv"
        )
        assert r.code == 0, r.err
        assert len(pd.read_csv(tmp_path / f"{folder}.csv")) == 6
    # Two splits: train on train, test on test, as for an in-memory DatasetDict.
    result = api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[tmp_path / "two"],
                       out=tmp_path / "m2")  # fmt: skip
    assert result.metrics["evaluation"]["test"] == 6
    r = run_cli(capsys, "predict", model, tmp_path / "two", "--out", tmp_path / "two.csv")
    assert r.code == 1 and "has 2 splits (train, test); predict on one" in r.err


def test_compare_without_resampling_gives_figures_and_differences(numbered, tmp_path):
    model, _ = numbered
    data = write_jsonl(tmp_path / "d.jsonl", _new_rows())
    out = api.compare([model, model], data=data, n_bootstrap=0, out=tmp_path / "c")["stance"]
    assert all(row["ci95"] is None for row in out["rows"])
    test = out["tests"][0]
    assert test["diff"] == 0.0 and test["ci95"] is None and test["p_value"] is None
    assert (tmp_path / "c" / "compare.md").is_file()


def test_calibration_effect_under_cross_validation_and_in_evaluate(tmp_path):
    from classify import evaluation

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    result = api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], out=tmp_path / "m",
                       cv=3, overrides={"calibration": "platt"})  # fmt: skip
    cal = result.metrics["calibration"]
    assert cal["method"] == "platt" and 0 <= cal["ece_uncalibrated"] <= 1
    assert cal["decisions_changed"] >= 0
    assert "took the ECE from" in (tmp_path / "m" / "README.md").read_text()
    # evaluate: the saved model with and without its calibration, by hand.
    import copy

    new = _new_rows()
    metrics = api.evaluate(tmp_path / "m", write_jsonl(tmp_path / "n.jsonl", new), n_bootstrap=0)
    model = api.load_model(tmp_path / "m")
    bare = copy.copy(model)
    bare.calibration = None
    texts = [r["text"] for r in new]
    y = np.eye(3, dtype=int)[[model.labels.index(r["stance"]) for r in new]]
    raw = bare.predict_scores(texts)
    assert metrics["calibration"]["ece_uncalibrated"] == pytest.approx(
        evaluation.expected_calibration_error("multiclass", y, raw), abs=1e-4
    )
    changed = model.task.decide(raw, None) != model.task.decide(model.predict_scores(texts), None)
    assert metrics["calibration"]["decisions_changed"] == int(changed.any(axis=1).sum())


def test_build_dataset_in_python_warns_of_units_left_out(tmp_path):
    import classify

    rows = [dict(r) for r in labelled_rows()]
    rows[0]["stance"] = None  # topics still labelled
    rows[1]["stance"], rows[1]["topics"] = None, None  # nothing labelled
    with pytest.warns(UserWarning) as said:
        summary = classify.build_dataset(pd.DataFrame(rows), tmp_path / "ds", split="random")
    messages = [str(w.message) for w in said]
    # The unit is named (stop 63).
    assert f"1 unit without gold labels left out ({rows[1]['id']})" in messages
    assert "1 unit is unlabelled for 'stance' (kept, left out of that task)" in messages
    # One kept for topics, one left out: both unlabelled for stance (review
    # 131: the one left out was not counted).
    assert summary["unlabelled"]["stance"] == 2 and summary["n"] == len(rows) - 1


def test_naive_shares_alone_say_no_correction(numbered, tmp_path, capsys):
    model, _ = numbered
    data = write_jsonl(tmp_path / "d.jsonl", _new_rows())
    r = run_cli(capsys, "analyse", model, data, "--by", "all", "--methods", "naive",
                "--out", tmp_path / "a")  # fmt: skip
    assert r.code == 0, r.err
    report = " ".join((tmp_path / "a" / "report.md").read_text().split())
    assert "the only method asked for: no correction" in report
    assert "corrects it" not in report and "rest on error rates" not in report + r.out + r.err


def test_a_task_file_override_is_named_not_printed_whole(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    task = tmp_path / "my-stance.yaml"
    task.write_text(
        (ROOT / "configs" / "tasks" / "stance.yaml")
        .read_text(encoding="utf-8")
        .replace("labels: [favour, against, neutral]", "labels: [neutral, against, favour]"),
        encoding="utf-8",
    )
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--cv", "3", "--task", task, "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    line = next(x for x in r.out.splitlines() if x.startswith("saved as"))
    # The task as given (its file), not its content.
    assert 'task="' in line and 'my-stance.yaml"' in line and "labels" not in line


def test_odd_arrays_and_empty_datasetdicts_get_clear_answers(numbered):
    import datasets
    import numpy as np

    import classify

    model, rows = numbered
    loaded = classify.load_model(model)
    text = rows[0]["text"]
    assert loaded.predict(np.array(text)) == loaded.predict(text)
    with pytest.raises(classify.ClassifyError, match=r"an array of shape \(2, 2\)"):
        loaded.predict(np.array([[text, text], [text, text]]))
    for call in (loaded.predict, lambda d: classify.predict(model, d)):
        with pytest.raises(classify.ClassifyError, match="the DatasetDict has no splits"):
            call(datasets.DatasetDict({}))


def test_capitalised_label_headers_keep_no_topic_rows(tmp_path, capsys):
    import csv

    rows = labelled_rows()
    table = tmp_path / "items.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["doc", "body", "Published", "Topics", "Stance"])
        for r in rows:
            writer.writerow([r["id"], r["text"], r["date"], ";".join(r["topics"]), r["stance"]])
    no_topic = sum(not r["topics"] for r in rows)
    r = run_cli(capsys, "train", ROOT / "configs" / "topic-tfidf.yaml", "--data", table,
                "--text-column", "body", "--id-column", "doc", "--cv", "3",
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert "are unlabelled" not in r.out + r.err
    # The empty Topics cells are read as no topic, and said so (review 43).
    assert f"{no_topic} rows have an empty 'topics' cell" in " ".join(r.err.split())
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["training"]["n"] == len(rows)
    assert info["training"]["label_counts"]["(none)"] == no_topic
    assert api.evaluate(tmp_path / "m", table, n_bootstrap=0)["n"] == len(rows)


def test_new_data_keeps_its_own_ids_when_the_model_used_another_id_column(tmp_path, capsys):
    import csv

    rows = labelled_rows()
    table = tmp_path / "items.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["doc", "text", "stance"])
        for r in rows:
            writer.writerow([r["id"], r["text"], r["stance"]])
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", table,
                "--id-column", "doc", "--cv", "3", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    new = write_jsonl(tmp_path / "new.jsonl", _new_rows())
    r = run_cli(capsys, "predict", tmp_path / "m", new, "--out", tmp_path / "p.csv")
    assert r.code == 0, r.err
    ids = pd.read_csv(tmp_path / "p.csv", dtype=str)["id"].tolist()
    assert ids == [r["id"] for r in _new_rows()]


def test_a_broken_json_line_says_where_and_a_headline_only_file_drops_nothing(tmp_path, capsys):
    from classify.articles import read_articles

    bad = tmp_path / "b.jsonl"
    bad.write_text('{"id": "a", "text": "ok"}\n{"id": "b", "text": "cut off\n', encoding="utf-8")
    with pytest.raises(api.ClassifyError, match=r"not valid JSON \(Unterminated string "
                       r"starting at column 21\)"):  # fmt: skip
        list(read_articles([bad]))
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "one.txt").write_text("Only a headline here\n", encoding="utf-8")
    (article,) = read_articles([folder])
    assert article.meta.get("dropped_paragraphs", 0) == 0


def test_an_empty_date_split_names_the_cutoff_as_the_caller_sets_it(tmp_path, capsys):
    import classify

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "dataset", "build", data, "--split", "date", "--cutoff", "2030-01-01",
                "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 1 and "allowed: a cutoff inside that span, --cutoff DATE)" in r.err
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--set", "data.split.cutoff=2030-01-01", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 1 and "--set data.split.cutoff=DATE)" in r.err
    with pytest.raises(classify.ClassifyError, match=r"a cutoff inside that span, cutoff=DATE\)"):
        classify.build_dataset(data, tmp_path / "ds2", split="date", cutoff="2030-01-01")


def test_a_date_split_by_share_records_the_cutoff_it_used(tmp_path):
    import classify

    rows = labelled_rows()
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    summary = classify.build_dataset(data, tmp_path / "ds", split="date", test_size=0.3)
    used = summary["split"]["cutoff_used"]
    test = [r for r in rows if r["date"] >= used]
    assert summary["splits"]["test"]["n"] == len(test)
    assert all(r["date"] < used for r in rows if r not in test)


def test_a_random_split_says_it_draws_units(tmp_path, capsys):
    r = run_cli(capsys, "dataset", "build", ROOT / "seeds", "--annotations",
                ROOT / "seeds" / "annotations.jsonl", "--unit", "sentence", "--split", "random",
                "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "units on both sides (--split random draws units, not whole articles" in said
    assert "lines an article shares with others (boilerplate)" not in said


def test_one_label_given_by_id_and_again_by_text_is_one(tmp_path):
    from classify.data import load_examples

    lines = [json.loads(x) for x in (ROOT / "seeds" / "annotations.jsonl").read_text().splitlines()]
    para = next(x for x in lines if x.get("level") == "paragraph" and x.get("text"))
    by_text = {k: v for k, v in para.items() if k not in ("unit", "note")}
    by_text["stance"] = str(by_text["stance"]).upper()  # the same label, spelled otherwise
    ann = tmp_path / "ann.jsonl"
    ann.write_text("".join(json.dumps(x) + "\n" for x in [para, by_text]), encoding="utf-8")
    ex = load_examples(ROOT / "seeds", annotations=ann, unit="paragraph")
    assert ex.labels["stance"][ex.ids.index(para["unit"])] == para["stance"]
    other = "against" if para["stance"] != "against" else "favour"
    ann.write_text("".join(json.dumps(x) + "\n" for x in [para, dict(by_text, stance=other)]),
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(api.ClassifyError, match=r"has a second 'stance' label"):
        load_examples(ROOT / "seeds", annotations=ann, unit="paragraph")


def test_train_takes_annotations_for_article_sources(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gold").mkdir()
    gold = tmp_path / "gold" / "ann.jsonl"
    gold.write_text((ROOT / "seeds" / "annotations.jsonl").read_text(), encoding="utf-8")
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", ROOT / "seeds",
                "--annotations", "gold/ann.jsonl", "--set", "data.unit=sentence", "--cv", "2",
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["config"]["data"]["annotations"] == [str(gold)]
    assert info["training"]["n"] == 14  # the seed's sentence labels


def test_an_item_is_found_seen_with_or_without_its_title(tmp_path):
    import csv

    rows = labelled_rows()
    titled = tmp_path / "titled.csv"
    with titled.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "headline", "text", "stance"])
        for r in rows:
            writer.writerow([r["id"], f"Headline {r['id']}", r["text"], r["stance"]])
    bare = write_jsonl(tmp_path / "bare.jsonl",
                       [{"id": f"z{r['id']}", "text": r["text"], "stance": r["stance"]} for r in rows])  # fmt: skip
    with_title, _ = assert_seen_both_ways(titled, bare, tmp_path, len(rows))
    # Other texts under the same titles are not seen.
    new = tmp_path / "new.csv"
    with new.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "headline", "text", "stance"])
        for i, r in enumerate(_new_rows()):
            writer.writerow([r["id"], f"Headline {rows[i]['id']}", r["text"], r["stance"]])
    assert api.evaluate(with_title, new, n_bootstrap=0)["train_overlap"]["count"] == 0
