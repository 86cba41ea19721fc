"""Every shipped config, from the CLI and from Python: train on the seed
corpus, save, load, and predict the same as the command line did. Encoders
are swapped for the tiny offline BERT so the whole matrix runs in seconds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_cli

import classify

from conftest import ROOT, SEEDS

CONFIGS = sorted(p.name for p in (ROOT / "configs").glob("*-*.yaml"))
FAMILY_OF = {
    "tfidf": "tfidf-linear",
    "embedding": "embedding-linear",
    "setfit": "setfit",
    "transformer": "transformer",
    "zeroshot": "zero-shot",
    "ensemble": "ensemble",
    "routed": "routed",
    "best": "ensemble",
    # Self-training routes speech-length units to the teacher.
    "selftrained": "routed",
    # Stance learned jointly with topics: a `joint` model around an ensemble.
    "joint": "joint",
}
# Configs for single-label tasks only.
STANCE_ONLY = {"routed", "selftrained", "joint"}
# Configs whose saved family differs from their kind's: stance-best learns
# stance jointly with topics, as stance-joint does.
FAMILY_OF_CONFIG = {"stance-best.yaml": "joint"}


def tiny_overrides(config: str, tiny: Path) -> list[str]:
    kind = config.split("-", 1)[1].removesuffix(".yaml")
    if kind == "transformer":
        return [
            f"model.params.model={tiny}",
            "model.params.epochs=2",
            "model.params.max_length=32",
            "thresholds.method=fixed",
        ]
    if kind in ("embedding", "zeroshot"):
        return [f"model.params.encoder={tiny}"]
    if kind == "setfit":
        return [f"model.params.encoder={tiny}", "model.params.num_iterations=2"]
    tiny_members = [
        {"family": "tfidf-linear"},
        {"family": "embedding-linear", "params": {"encoder": str(tiny)}},
    ]
    if kind in ("ensemble", "best", "joint"):
        # The shipped members' settings (rule features included), with the
        # tiny encoder and the defaults of TF-IDF for a corpus of 14 units.
        import yaml

        shipped = yaml.safe_load((ROOT / "configs" / config).read_text())["model"]["params"]
        members = []
        for member in shipped["members"]:
            params = {k: v for k, v in (member.get("params") or {}).items() if k == "rule_features"}
            if member["family"] == "embedding-linear":
                params["encoder"] = str(tiny)
            members.append({"family": member["family"], "params": params})
        return [f"model.params.members={json.dumps(members)}"]
    if kind == "selftrained":
        # The seed article as the pool, not the benchmark's 118,000 units.
        return [
            f"model.params.members={json.dumps(tiny_members)}",
            f"data.unlabelled={json.dumps([str(SEEDS)])}",
            "self_training.min_confidence=0",
            "self_training.balance=false",
        ]
    if kind == "routed":
        return [f"model.params.long={json.dumps(tiny_members[1])}"]
    return []


def test_every_family_has_a_config_per_task():
    names = set(CONFIGS)
    for kind in FAMILY_OF:
        tasks = ["stance"] if kind in STANCE_ONLY else ["topic", "stance"]
        assert {f"{task}-{kind}.yaml" for task in tasks} <= names, kind
    from classify.models import FAMILIES

    assert set(FAMILIES) == set(FAMILY_OF.values()) | set(FAMILY_OF_CONFIG.values())


@pytest.mark.parametrize("config", CONFIGS)
def test_config_trains_saves_loads_predicts(config, tiny_bert, tmp_path, capsys):
    out = tmp_path / "model"
    args = [
        "train",
        ROOT / "configs" / config,
        "--data",
        SEEDS,
        "--out",
        out,
        "--set",
        f"data.annotations={SEEDS / 'annotations.jsonl'}",
        "--set",
        "data.unit=sentence",
        "--set",
        "data.split.method=random",
        "--set",
        "data.split.test_size=0.3",
        "--set",
        "evaluation.bootstrap=50",
    ]
    for item in tiny_overrides(config, tiny_bert):
        args += ["--set", item]
    r = run_cli(capsys, *args)
    assert r.code == 0, r.err
    info = json.loads((out / "model.json").read_text())
    kind = config.split("-", 1)[1].removesuffix(".yaml")
    assert info["family"] == FAMILY_OF_CONFIG.get(config, FAMILY_OF[kind])
    assert (out / "metrics.json").is_file() and (out / "report.html").is_file()
    # The card names the sentence encoder where the weights use one.
    card = (out / "README.md").read_text()
    if kind in ("embedding", "ensemble", "best", "joint", "selftrained", "routed"):
        assert f"Sentence encoder: `{tiny_bert}` (frozen)" in card
    elif kind == "setfit":
        assert f"Sentence encoder: `{tiny_bert}` (fine-tuned by SetFit)" in card
    elif kind == "zeroshot":
        assert f"Sentence encoder: `{tiny_bert}` (zero-shot, similarity)" in card
    else:
        assert "Sentence encoder" not in card
    # A fine-tuned transformer's card says how many epochs ran (review 27c).
    if kind == "transformer":
        assert info["fit_record"]["epochs_run"] > 0
        assert "Fine-tuning ran" in card
    else:
        assert "fit_record" not in info and "Fine-tuning ran" not in card
    # A config with the guidelines' rules as features says so on its card.
    if "rule_features" in (ROOT / "configs" / config).read_text():
        assert "labelling rules (" in " ".join(card.split())

    preds = tmp_path / "preds.jsonl"
    r = run_cli(capsys, "predict", out, SEEDS, "--unit", "paragraph", "--out", preds)
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in preds.read_text().splitlines()]
    assert len(rows) == 10

    model = classify.load_model(out)
    texts = [row["text"] for row in rows]
    proba = model.predict_scores(texts)
    labels = model.labels
    cli_proba = np.array([[row[f"p_{label}"] for label in labels] for row in rows])
    np.testing.assert_allclose(proba, cli_proba, atol=2e-6)
    field = model.task.field
    assert model.predict(texts) == [row[field] for row in rows]
