"""The same predictions give the same 95% intervals and paired tests through
`train`, `evaluate`, `compare` and experiment leaderboards: one bootstrap
seed (evaluation.BOOTSTRAP_SEED) and one cluster rule (evaluation.bootstrap_groups)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest

from classify import api, evaluation
from classify import experiments as ex
from classify.data import load_examples

from conftest import ROOT

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"
WORDS = {
    "favour": ["welcomed the talks", "praised the new treaty", "restored diplomatic ties"],
    "against": ["condemned the sanctions", "expelled the diplomats", "recalled the ambassador"],
    "neutral": ["announced the schedule", "published the report", "arrived on Tuesday"],
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two models evaluated on the same held-out articles (two paragraphs
    each, so the bootstrap resamples whole articles), without refit so the
    saved models are the evaluated ones."""
    tmp = tmp_path_factory.mktemp("boot")
    rng = np.random.default_rng(0)
    names = list(WORDS)
    rows = []
    for i in range(36):
        label = names[i % 3]
        # Each paragraph reads like its label 60% of the time: imperfect scores.
        said = [label if rng.random() < 0.6 else names[rng.integers(3)] for _ in range(2)]
        first = f"The minister of country {i} {WORDS[said[0]][i % 3]}."
        second = f"Officials said the government {WORDS[said[1]][(i + 1) % 3]} again."
        rows.append({"id": f"a{i}", "text": f"{first}\n\n{second}", "stance": label})
    data = tmp / "items.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    common = {
        "data.unit": "paragraph",
        "data.split.method": "article",
        "data.split.test_size": 0.4,
        "evaluation.bootstrap": 300,
        "seed": 3,  # the training seed: not the bootstrap's
    }
    a = api.train(STANCE_CFG, data=data, out=tmp / "a", refit=False, overrides=common)
    b = api.train(
        STANCE_CFG,
        data=data,
        out=tmp / "b",
        refit=False,
        overrides={**common, "model.params.C": 0.05, "model.params.char_ngrams": []},
    )
    return tmp, data, a, b


def test_train_evaluate_compare_and_experiment_give_the_same_intervals(runs):
    tmp, data, a, b = runs
    assert a.metrics["bootstrap"]["seed"] == evaluation.BOOTSTRAP_SEED
    assert a.metrics["bootstrap"]["n_groups"] is not None  # a cluster bootstrap
    trained = {"a": a.metrics["ci95"]["macro_f1"], "b": b.metrics["ci95"]["macro_f1"]}
    assert trained["a"] != trained["b"]

    # compare from the saved evaluation predictions.
    board = api.compare([tmp / "a", tmp / "b"], metric="macro_f1", n_bootstrap=300)["stance"]
    assert {r["name"]: r["ci95"] for r in board["rows"]} == trained

    # evaluate on the held-out articles, read from a file.
    test_ids = set(a.model.predictions.ids)
    articles = {u.split(":")[0] for u in test_ids}
    held_out = tmp / "held-out.jsonl"
    lines = [
        line
        for line in data.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] in articles
    ]
    held_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A paragraph those articles share with training ones ("Officials said
    # ... again.") went to training with its first occurrence: the held-out
    # units are the rest, which exclude_train keeps.
    metrics = api.evaluate(
        tmp / "a", held_out, unit="paragraph", n_bootstrap=300, exclude_train=True
    )
    assert metrics["n"] == len(test_ids)
    assert metrics["ci95"]["macro_f1"] == trained["a"]

    # an experiment leaderboard over the same decisions.
    examples = load_examples(data, unit="paragraph")
    cells = []
    for name, result in (("a", a), ("b", b)):
        p = result.model.predictions
        m = evaluation.compute_metrics("multiclass", list(a.model.labels), p.y_true, p.y_pred)
        cells.append(
            {
                "cell": {"model": name, "kind": "model", "seed": 0},
                "metrics": m,
                "fit_seconds": 0.0,
                "n_test": len(p.ids),
                "ids": list(p.ids),
                "labels": list(a.model.labels),
                "decisions": ex.encode_decisions(p.y_pred),
            }
        )
        decoded = ex.decode_decisions(cells[-1]["decisions"], cells[-1]["labels"])
        assert decoded.tolist() == p.y_pred.tolist()
    task = a.model.task
    leaderboard = ex._leaderboard(
        task, cells, examples, SimpleNamespace(bootstrap=300), SimpleNamespace(cv=0)
    )
    assert {r["name"]: r["ci95"] for r in leaderboard["rows"]} == trained

    # The paired test is the same in compare and in the experiment.
    (cmp_test,) = board["tests"]
    (exp_test,) = leaderboard["tests"]
    if task.metric == "macro_f1":
        assert cmp_test == exp_test
    assert cmp_test["a_name"] == board["rows"][0]["name"]


def test_the_bootstrap_seed_is_one_constant():
    rng = np.random.default_rng(5)
    y = np.eye(3, dtype=int)[rng.integers(0, 3, 90)]
    pred = np.eye(3, dtype=int)[rng.integers(0, 3, 90)]
    groups = [str(i // 3) for i in range(90)]
    labels = ["favour", "against", "neutral"]
    default = evaluation.bootstrap_ci("multiclass", labels, y, pred, groups=groups)
    seeded = evaluation.bootstrap_ci(
        "multiclass", labels, y, pred, groups=groups, seed=evaluation.BOOTSTRAP_SEED
    )
    other = evaluation.bootstrap_ci("multiclass", labels, y, pred, groups=groups, seed=1)
    assert default == seeded and default != other
    # Units that are each their own group are resampled one by one.
    assert evaluation.bootstrap_groups(["a", "b", "c"]) is None
    assert evaluation.bootstrap_groups(["a", "a", "c"]) == ["a", "a", "c"]
