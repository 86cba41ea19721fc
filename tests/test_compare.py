"""classify compare: a leaderboard on the same units with paired tests."""

from __future__ import annotations

import json
import shutil
import warnings

import pytest
from cli_runner import run_cli
from test_roundtrip import write_items

from classify import api
from classify.errors import ClassifyError

from conftest import ROOT

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"


@pytest.fixture(scope="module")
def two_models(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cmp")
    data = write_items(tmp / "train.jsonl")
    api.train(STANCE_CFG, data=data, out=tmp / "full", cv=3)
    api.train(
        STANCE_CFG,
        data=data,
        out=tmp / "words",
        cv=3,
        overrides=["model.params.char_ngrams=[]", "model.params.C=0.01"],
    )
    shutil.copytree(tmp / "full", tmp / "copy")
    return tmp, data


def test_compare_from_saved_predictions(two_models, capsys):
    tmp, _ = two_models
    r = run_cli(capsys, "compare", tmp / "full", tmp / "words", tmp / "copy", "--out", tmp / "out")
    assert r.code == 0, r.err
    entry = json.loads((tmp / "out" / "compare.json").read_text())
    macro = [row["macro_f1"] for row in entry["rows"]]
    assert macro == sorted(macro, reverse=True)
    assert all(row["ci95"][0] <= row["macro_f1"] <= row["ci95"][1] for row in entry["rows"])
    assert len(entry["tests"]) == 2
    # A model and its own copy score the same; the weak model is tested against the best.
    by_name = {row["name"]: row for row in entry["rows"]}
    assert by_name["full"]["macro_f1"] == by_name["copy"]["macro_f1"]
    assert {t["b_name"] for t in entry["tests"]} == {row["name"] for row in entry["rows"][1:]}
    for f in ("compare.md", "compare.png", "compare.html"):
        assert (tmp / "out" / f).is_file()
    # The best is tested against two models: p also adjusted for both (Holm).
    holm = [t["p_holm"] for t in entry["tests"]]
    # (A test on too few differing units has no p, and so no Holm p.)
    assert all((h is None) == (t["p_value"] is None) for h, t in zip(holm, entry["tests"]))
    assert all(h is None or h >= t["p_value"] for h, t in zip(holm, entry["tests"]))
    md = (tmp / "out" / "compare.md").read_text()
    # On 14 units the models decide differently on one: no test, said (stop 51;
    # test_reports covers the Holm columns).
    assert all(t["p_value"] is None for t in entry["tests"] if t["diff"])
    assert "No p for" in md and "too few for a test" in md
    assert "paired" in r.out.lower()
    # review 30d: a baseline beside the models, as train and evaluate give.
    base = entry["baseline"]
    assert base["metric"] == "macro_f1" and base["from"] in by_name
    assert 0 <= base["value"] < min(macro)
    said = f"majority baseline macro_f1 {base['value']:.3f} (every unit given the most common"
    assert said in " ".join(r.out.split())
    assert said in " ".join((tmp / "out" / "compare.md").read_text().split())


def test_compare_on_data_and_errors(two_models, capsys):
    tmp, data = two_models
    # The models were trained on this data: said, as `evaluate` says it.
    with pytest.warns(api.TrainingOverlapWarning, match=r"of full held (\d+) and of copy held \1,"):
        results = api.compare([tmp / "full", tmp / "copy"], data=data)
    n = results["stance"]["rows"][0]["n"]
    assert results["stance"]["train_overlap"] == {"full": n, "copy": n}
    r = run_cli(
        capsys, "compare", tmp / "full", tmp / "copy", "--data", data, "--out", tmp / "seen"
    )
    assert r.code == 0, r.err
    assert f"warning: of these {n} units, the training data of full held {n} and of" in " ".join(
        r.err.split()  # warnings on stderr
    )
    lines = (tmp / "seen" / "compare.md").read_text().splitlines()
    header = next(line for line in lines if line.startswith("| #"))
    column = [c.strip() for c in header.split("|")].index("Test units it was trained on")
    rows = [line for line in lines if line.startswith(("| 1 ", "| 2 "))]
    assert [[c.strip() for c in row.split("|")][column] for row in rows] == [str(n)] * 2
    assert f"**Warning:** of these {n} units, the training data of full held {n}" in " ".join(lines)
    test = results["stance"]["tests"][0]
    assert test["diff"] == 0 and test["p_value"] == 1 and test["ci95"] == [0, 0]
    # On units neither model saw: counted (0 each), no warning.
    fresh = tmp / "fresh.jsonl"
    rows = [json.loads(x) for x in data.read_text().splitlines()]
    fresh.write_text(
        "".join(
            json.dumps({**r, "id": f"new-{r['id']}", "text": f"Later: {r['text']}"}) + "\n"
            for r in rows
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", api.TrainingOverlapWarning)
        unseen = api.compare([tmp / "full", tmp / "copy"], data=fresh)
    assert unseen["stance"]["train_overlap"] == {"full": 0, "copy": 0}
    # Labels spelled otherwise are read as evaluate reads them (review 31c).
    spelled = tmp / "spelled.jsonl"
    respell = {"favour": " Favour", "against": "AGAINST", "neutral": "Neutral "}
    spelled.write_text(
        "".join(
            json.dumps(
                {
                    **r,
                    "id": f"new-{r['id']}",
                    "text": f"Later: {r['text']}",
                    "stance": respell[r["stance"]],
                }
            )
            + "\n"
            for r in rows
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", api.TrainingOverlapWarning)
        again = api.compare([tmp / "full", tmp / "copy"], data=spelled)
    assert again["stance"]["rows"] == unseen["stance"]["rows"]
    r = run_cli(capsys, "compare", tmp / "full", tmp / "words", "--data", spelled,
                "--out", tmp / "spelled")  # fmt: skip
    assert r.code == 0, r.err
    with pytest.raises(ClassifyError, match="at least two models"):
        api.compare([tmp / "full"])


def test_compare_can_leave_out_what_the_models_were_trained_on(two_models, capsys):
    """--exclude-train: every model scored on the same unseen units, with the
    figures `evaluate --exclude-train` gives each model on them."""
    tmp, data = two_models
    rows = [json.loads(x) for x in data.read_text().splitlines()]
    mixed = tmp / "mixed.jsonl"
    unseen = [{**r, "id": f"new-{r['id']}", "text": f"Later: {r['text']}"} for r in rows]
    mixed.write_text("".join(json.dumps(r) + "\n" for r in rows[:10] + unseen))
    with warnings.catch_warnings():
        warnings.simplefilter("error", api.TrainingOverlapWarning)
        result = api.compare([tmp / "full", tmp / "words"], data=mixed, exclude_train=True)
    entry = result["stance"]
    assert entry["excluded_train"] == {"units": 10, "full": 10, "words": 10}
    assert entry["train_overlap"] == {"full": 0, "words": 0}
    for row in entry["rows"]:
        alone = api.evaluate(tmp / row["name"], mixed, exclude_train=True)
        assert row["n"] == alone["n"] == len(unseen)
        assert row["macro_f1"] == pytest.approx(alone["macro_f1"])
    r = run_cli(
        capsys,
        "compare",
        tmp / "full",
        tmp / "words",
        "--data",
        mixed,
        "--exclude-train",
        "--out",
        tmp / "unseen",
    )
    assert r.code == 0, r.err
    assert "stance: left out 10 units the models were trained on (full: 10, words: 10)" in r.out
    assert "left out 10 units the models were trained on" in (tmp / "unseen/compare.md").read_text()
    r = run_cli(capsys, "compare", tmp / "full", tmp / "words", "--exclude-train")
    assert r.code == 1 and r.err == (
        "error: --exclude-train applies with --data PATH (the models' saved evaluation "
        "predictions are of held-out units already)\n"
    )
