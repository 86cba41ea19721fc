"""Train on tiny inline data, save, load, and predict identically: the
overfitting round trip of spaCy's textcat tests, through the public API."""

from __future__ import annotations

import datetime
import json

import numpy as np
import pytest

import classify
from classify import api
from classify.errors import ClassifyError

from conftest import ROOT

TOPIC_CFG = ROOT / "configs/topic-tfidf.yaml"
STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"

TRAIN = [
    (
        "The United States will reopen its embassy in Minsk and restore full diplomatic ties.",
        ["normalisation"],
        "favour",
    ),
    (
        "Both governments agree to exchange ambassadors after years of frozen relations.",
        ["normalisation"],
        "favour",
    ),
    (
        "The envoy held talks in Havana to improve relations between the two countries.",
        ["normalisation"],
        "favour",
    ),
    (
        "The European Union imposes new sanctions and an asset freeze on Belarusian officials.",
        ["sanctions"],
        "against",
    ),
    (
        "Washington extends the trade embargo and adds firms to its export blacklist.",
        ["sanctions"],
        "against",
    ),
    (
        "The Treasury blacklists banks and freezes assets of the regime's allies.",
        ["sanctions"],
        "against",
    ),
    (
        "Police arrest opposition activists and journalists after the rigged election.",
        ["human_rights"],
        "against",
    ),
    (
        "Rights groups condemn the torture of political prisoners held without trial.",
        ["human_rights"],
        "against",
    ),
    (
        "The court jails a protest leader for ten years for organising a rally.",
        ["human_rights"],
        "neutral",
    ),
    ("The national football team wins the regional cup final on Sunday.", [], "neutral"),
    ("Heavy rain floods the capital and closes schools for two days.", [], "neutral"),
    ("The central bank leaves interest rates unchanged for a third month.", [], "neutral"),
    (
        "Washington eases sanctions on the national airline as relations thaw after talks.",
        ["sanctions", "normalisation"],
        "favour",
    ),
    (
        "The president releases political prisoners as a goodwill gesture to restore ties.",
        ["human_rights", "normalisation"],
        "favour",
    ),
]


def _refiled(rows, times=3):
    """``rows`` ``times`` over, each later round's texts told apart by a
    line (a date split keeps an exact copy with its first filing)."""
    return [
        (text if k == 0 else f"{text} Update {k}.", topics, stance)
        for k in range(times)
        for text, topics, stance in rows
    ]


def write_items(path, rows=TRAIN):
    # One real day per item, in order (dates are read, so "2020-01-32" is refused).
    day = lambda i: (datetime.date(2020, 1, 1) + datetime.timedelta(days=i)).isoformat()  # noqa: E731
    lines = [
        json.dumps({"id": f"x{i}", "date": day(i), "text": t, "topics": tp, "stance": st})
        for i, (t, tp, st) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def train_stance(capsys, data, out, *extra, cv=2):
    """``classify train`` of the stance TF-IDF config on ``data`` with
    ``cv`` folds, saved to ``out``; ``extra`` CLI arguments go before --out."""
    from cli_runner import run_cli

    return run_cli(
        capsys, "train", STANCE_CFG, "--data", data, "--cv", str(cv), *extra, "--out", out
    )


@pytest.mark.parametrize("config", [TOPIC_CFG, STANCE_CFG], ids=["topic", "stance"])
def test_tfidf_overfits_and_round_trips(tmp_path, config):
    data = write_items(tmp_path / "train.jsonl")
    result = api.train(
        config,
        data=data,
        out=tmp_path / "model",
        cv=2,
        overrides=["thresholds.method=fixed"],
    )
    texts = [t for t, _, _ in TRAIN]
    gold = [tp if "topic" in config.name else st for _, tp, st in TRAIN]
    before = result.model.predict(texts)
    if "topic" in config.name:
        assert [sorted(p) for p in before] == [sorted(g) for g in gold]
    else:
        assert before == gold

    loaded = classify.load_model(tmp_path / "model")
    assert loaded.task.name == result.model.task.name
    assert loaded.labels == result.model.labels
    assert loaded.thresholds == result.model.thresholds
    assert loaded.predict(texts) == before
    np.testing.assert_allclose(
        loaded.predict_scores(texts), result.model.predict_scores(texts), atol=1e-12
    )
    frame = loaded.predict_proba(texts)
    assert list(frame.columns) == loaded.labels and len(frame) == len(texts)
    # One string in, one answer out.
    single = loaded.predict(texts[0])
    assert single == before[0]
    # Not text at all: one clear error, not a TypeError from deep inside.
    for bad, name in ((None, "NoneType"), (123, "int")):
        with pytest.raises(ClassifyError, match=rf"a string or a list of strings, not {name}"):
            loaded.predict(bad)
    with pytest.raises(ClassifyError, match=r"item 1 is missing \(None, NaN or NA\)"):
        loaded.predict(["ok", None])
    assert loaded.metrics["evaluation"]["method"] == "cv"


def test_model_folder_has_no_pickle(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    api.train(STANCE_CFG, data=data, out=tmp_path / "m", cv=2)
    files = [p for p in (tmp_path / "m").rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert path.suffix not in (".pkl", ".pickle", ".joblib"), path
        assert not path.read_bytes().startswith(b"\x80"), f"{path} looks like a pickle"
    info = json.loads((tmp_path / "m/model.json").read_text())
    assert {
        "task",
        "labels",
        "thresholds",
        "family",
        "params",
        "versions",
        "training",
        "created",
    } <= set(info)
    # The runtime the encoder families predict on is recorded too (review 31c).
    from importlib.util import find_spec

    assert ("onnxruntime" in info["versions"]) == (find_spec("onnxruntime") is not None)
    assert info["versions"]["scikit-learn"]


def test_calibrated_model_round_trips_without_pickle(tmp_path):
    """calibration: temperature is fitted on held-out predictions, stored as
    JSON in model.json, and applied identically after loading."""
    data = write_items(tmp_path / "train.jsonl", TRAIN * 2)
    plain = api.train(STANCE_CFG, data=data, save=False, overrides=["data.split.method=random"])
    result = api.train(
        STANCE_CFG,
        data=data,
        out=tmp_path / "m",
        overrides=["data.split.method=random", "calibration=temperature"],
    )
    calibration = result.model.calibration
    assert calibration["method"] == "temperature"
    info = json.loads((tmp_path / "m/model.json").read_text())
    assert info["calibration"] == calibration
    texts = [t for t, _, _ in TRAIN]
    raw = plain.model.predict_scores(texts)
    calibrated = result.model.predict_scores(texts)
    np.testing.assert_allclose(calibrated.sum(axis=1), 1, atol=1e-9)
    assert (
        calibration["temperature"] != 1.0 and calibration["nll_after"] < calibration["nll_before"]
    )
    assert not np.allclose(raw, calibrated)
    loaded = classify.load_model(tmp_path / "m")
    np.testing.assert_allclose(loaded.predict_scores(texts), calibrated, atol=1e-12)
    assert "ece" in loaded.metrics["calibration"]


def test_train_refits_on_all_labelled_items_unless_told_not_to(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    split = ["data.split.method=date", "data.split.cutoff=2020-01-10"]
    refitted = api.train(STANCE_CFG, data=data, out=tmp_path / "all", overrides=split)
    held = api.train(STANCE_CFG, data=data, out=tmp_path / "held", overrides=split, refit=False)
    # The figures are the held-out ones either way; metrics.json says which model was saved.
    saved = {
        k: v.pop("saved_model")
        for k, v in (("all", refitted.metrics["evaluation"]), ("held", held.metrics["evaluation"]))
    }
    assert refitted.metrics["evaluation"] == held.metrics["evaluation"]
    on_disk = json.loads((tmp_path / "all" / "metrics.json").read_text())["evaluation"]
    assert on_disk["saved_model"] == saved["all"] and saved["all"].startswith(
        "saved model refitted"
    )
    assert saved["held"].startswith("saved model is the one evaluated")
    assert refitted.metrics["evaluation"]["train"] == 9
    assert refitted.metrics["macro_f1"] == held.metrics["macro_f1"]
    # Only the refitted model has seen the test items (dated from 2020-01-10).
    info_all = json.loads((tmp_path / "all" / "model.json").read_text())
    info_held = json.loads((tmp_path / "held" / "model.json").read_text())
    assert info_all["training"]["n"] == len(TRAIN)
    assert info_held["training"]["n"] == 9
    assert "refitted" in info_all["training"]["refit"]
    assert "refit" in (tmp_path / "all" / "README.md").read_text()
    late = [t for t, _, _ in TRAIN[9:]]
    assert refitted.model.predict(late) == [st for _, _, st in TRAIN[9:]]


def test_train_summary_says_the_saved_model_was_refitted(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_items(tmp_path / "train.jsonl")
    split = ["--set", "data.split.method=date", "--set", "data.split.cutoff=2020-01-10"]
    r = run_cli(capsys, "train", STANCE_CFG, "--data", data, *split, "--out", tmp_path / "a")
    assert r.code == 0, r.err
    out = " ".join(r.out.split())  # the console wraps long lines
    assert "9 train / 5 test" in out
    assert f"saved model: refitted on all {len(TRAIN)} labelled units" in out
    r = run_cli(
        capsys, "train", STANCE_CFG, "--data", data, *split, "--no-refit", "--out", tmp_path / "b"
    )
    assert r.code == 0, r.err
    assert "refitted" not in r.out


def test_card_shows_the_saved_models_thresholds_after_a_refit(tmp_path):
    data = write_items(tmp_path / "train.jsonl", _refiled(TRAIN))
    split = {"data.split.method": "date", "data.split.cutoff": "2020-01-25"}
    api.train(TOPIC_CFG, data=data, out=tmp_path / "m", overrides=split)
    saved = json.loads((tmp_path / "m" / "model.json").read_text())["thresholds"]
    evaluated = json.loads((tmp_path / "m" / "metrics.json").read_text())["thresholds"]
    assert saved != evaluated  # the refit tuned its own on all items
    line = next(
        x for x in (tmp_path / "m" / "README.md").read_text().splitlines() if "thresholds" in x
    )
    labels = ["normalisation", "sanctions", "human_rights"]
    show = ", ".join(f"{lab} {t:.3f}" for lab, t in zip(labels, saved))
    assert f"threshold): {show}." in line
    assert ", ".join(f"{lab} {t:.3f}" for lab, t in zip(labels, evaluated)) in line
    assert "The model evaluated (see Evaluation), fit before the refit" in line
    loaded = classify.load_model(tmp_path / "m")
    assert list(loaded.thresholds) == saved
    # The evaluation report's run table says the refitted model's rows are its.
    report = (tmp_path / "m" / "report.md").read_text()
    assert "| saved model, training units | 42 |" in report
    assert "| refit | saved model refitted on all labelled items after evaluation |" in report


def test_loading_a_tfidf_model_imports_neither_skops_nor_torch(tmp_path):
    import subprocess
    import sys

    data = write_items(tmp_path / "train.jsonl")
    api.train(TOPIC_CFG, data=data, out=tmp_path / "m", cv=2)
    code = (
        "import sys, classify\n"
        f"m = classify.load_model({str(tmp_path / 'm')!r})\n"
        "m.predict(['The embassy reopens.'])\n"
        "print(sorted(k for k in ('torch', 'skops') if k in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_evaluate_flags_units_the_model_was_trained_on(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_items(tmp_path / "train.jsonl", TRAIN[:10])
    api.train(STANCE_CFG, data=data, out=tmp_path / "m", cv=2)
    # Two training rows again (one under a new id, with other spacing), two new ones.
    rows = [
        {"id": "x0", "text": TRAIN[0][0], "stance": TRAIN[0][2]},
        {"id": "new-1", "text": "  " + TRAIN[1][0].upper(), "stance": TRAIN[1][2]},
        {"id": "new-2", "text": TRAIN[12][0], "stance": TRAIN[12][2]},
        {"id": "new-3", "text": TRAIN[13][0], "stance": TRAIN[13][2]},
    ]
    test = tmp_path / "test.jsonl"
    test.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    metrics = api.evaluate(tmp_path / "m", test)
    assert metrics["train_overlap"] == {
        "count": 2,
        "silver": 0,
        "excluded": False,
        "ids": ["x0", "new-1"],
    }
    assert metrics["n"] == 4
    honest = api.evaluate(tmp_path / "m", test, exclude_train=True)
    assert honest["n"] == 2 and honest["train_overlap"]["excluded"]
    r = run_cli(capsys, "evaluate", tmp_path / "m", test, "--out", tmp_path / "e")
    assert r.code == 0 and "2 of these units were in the model's training data" in r.err
    # The saved report says so too, not only the terminal.
    report = " ".join((tmp_path / "e" / "report.md").read_text().split())
    assert "2 of these units were in the model's training data" in report
    # And what the model is: its family and settings, in the report and the figures.
    saved = json.loads((tmp_path / "e" / "metrics.json").read_text())["evaluation"]
    assert saved["family"] == "tfidf-linear" and saved["settings"]["C"] > 0
    assert "| family | tfidf-linear |" in report
    # The settings in the family's own order, as its config gives them.
    assert '| settings | {"word_ngrams": [1, 2], ' in report and '"C": 10.0' in report
    assert (
        saved["trained_on"].startswith(f"10 units of {data}")
        and "| trained on | 10 units" in report
    )
    r = run_cli(
        capsys, "evaluate", tmp_path / "m", test, "--exclude-train", "--out", tmp_path / "e2"
    )
    assert r.code == 0 and "left out 2 units" in r.out
    report = " ".join((tmp_path / "e2" / "report.md").read_text().split())
    assert "2 units the model was trained on were left out" in report
    with pytest.raises(classify.errors.ClassifyError, match="every unit"):
        api.evaluate(tmp_path / "m", data, exclude_train=True)


def test_a_model_trained_with_changed_values_says_which(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    # `C` differs from the file's 10.0; `data.split.method` repeats the file's.
    api.train(
        TOPIC_CFG,
        data=data,
        out=tmp_path / "m",
        overrides=["model.params.C=2", "data.split.method=date"],
    )
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["name"] == "topic-tfidf"
    assert info["overrides"] == {"config": str(TOPIC_CFG), "set": {"model.params.C": 2}}
    assert info["config"]["model"]["params"]["C"] == 2
    card = (tmp_path / "m" / "README.md").read_text()
    assert f"Trained from `{TOPIC_CFG}` with values changed from the file" in card
    assert "`model.params.C` = `2.0`" in card  # as the config holds it
    assert "data.split.method" not in card.split("## Model")[1].split("Settings:")[0]
    # The file's own values: nothing to say.
    api.train(TOPIC_CFG, data=data, out=tmp_path / "plain", overrides={"seed": 0})
    info = json.loads((tmp_path / "plain" / "model.json").read_text())
    assert "overrides" not in info
    assert "values changed from the file" not in (tmp_path / "plain" / "README.md").read_text()


def test_train_says_when_it_saves_a_model_with_changed_values(tmp_path, capsys):
    data = write_items(tmp_path / "train.jsonl")
    result = run_cli_train(capsys, data, tmp_path / "m", "--set", "model.params.C=0.5")
    assert result.code == 0, result.err
    out = result.out + result.err
    assert "saved as 'stance-tfidf' with values changed from the config file" in out
    assert "model.params.C=0.5" in out
    result = run_cli_train(capsys, data, tmp_path / "plain")
    assert result.code == 0, result.err
    assert "values changed" not in result.out + result.err


def test_train_options_that_set_config_keys_are_recorded_too(tmp_path, capsys):
    data = write_items(tmp_path / "train.jsonl")
    result = train_stance(capsys, data, tmp_path / "m", "--group", "none", cv=3)
    assert result.code == 0, result.err
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["overrides"]["set"] == {"evaluation.cv": 3, "evaluation.group": "none"}
    assert "evaluation.cv=3" in result.out and 'evaluation.group="none"' in result.out
    # --group without --cv shapes nothing, says so, and is no change; the
    # advice leaves out the split method the config already has (date).
    result = run_cli_train(capsys, data, tmp_path / "g", "--group", "date")
    assert result.code == 0, result.err
    assert "--group has no effect without --cv K" in result.err
    assert "--set data.split.method=article (or source)" in result.err
    assert "overrides" not in json.loads((tmp_path / "g" / "model.json").read_text())
    # --no-refit where the file refits; with --cv it has no effect, and no record.
    result = run_cli_train(capsys, data, tmp_path / "n", "--no-refit")
    info = json.loads((tmp_path / "n" / "model.json").read_text())
    assert info["overrides"]["set"] == {"refit": False}
    result = train_stance(capsys, data, tmp_path / "cvn", "--no-refit", cv=3)
    info = json.loads((tmp_path / "cvn" / "model.json").read_text())
    assert info["overrides"]["set"] == {"evaluation.cv": 3}
    assert info["config"]["refit"] is True


def run_cli_train(capsys, data, out, *extra):
    """``classify train`` of the stance TF-IDF config on ``data``, held-out split."""
    from cli_runner import run_cli

    return run_cli(capsys, "train", STANCE_CFG, "--data", data, *extra, "--out", out)
