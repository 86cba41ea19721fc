"""A TF-IDF model folder loads without scikit-learn, torch or skops, and the
model built on first use predicts exactly what the saved one did."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

import classify
from classify.config import load_train_config

ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    "The embassy in Minsk will reopen next month, the envoy said.",
    "Sanctions on potash exports were extended for a year.",
    "Police detained dozens of protesters and two journalists.",
    "The ministers agreed to restore full diplomatic ties.",
    "The EU imposed new sanctions over the crackdown on protesters.",
    "Talks on reopening the embassy resumed in Vilnius.",
] * 3


def _data(tmp_path: Path) -> Path:
    topics = [
        ["normalisation"],
        ["sanctions"],
        ["human_rights"],
        ["normalisation"],
        ["sanctions", "human_rights"],
        ["normalisation"],
    ] * 3
    path = tmp_path / "d.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t, "topics": y}) + "\n"
            for i, (t, y) in enumerate(zip(TEXTS, topics))
        ),
        encoding="utf-8",
    )
    return path


def test_loading_a_tfidf_folder_imports_no_sklearn_and_predicts_the_same(tmp_path) -> None:
    cfg = load_train_config(ROOT / "configs" / "topic-tfidf.yaml")
    cfg.evaluation.cv = 3
    cfg.evaluation.group = "none"
    result = classify.train(cfg, data=_data(tmp_path), out=tmp_path / "m")
    expected = result.model.predict_scores(TEXTS)
    code = (
        "import sys, json, classify\n"
        f"m = classify.load_model({str(tmp_path / 'm')!r})\n"
        "loaded = sorted(k for k in ('sklearn', 'scipy', 'torch', 'skops') if k in sys.modules)\n"
        f"p = m.predict_scores({TEXTS!r})\n"
        "print(json.dumps({'loaded': loaded, 'p': p.tolist()}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    assert got["loaded"] == []
    np.testing.assert_allclose(np.array(got["p"]), expected, rtol=0, atol=1e-12)


def test_a_broken_tfidf_folder_fails_at_load_not_at_first_use(tmp_path) -> None:
    import pytest

    from classify.errors import ClassifyError

    cfg = load_train_config(ROOT / "configs" / "topic-tfidf.yaml")
    cfg.evaluation.cv = 3
    cfg.evaluation.group = "none"
    classify.train(cfg, data=_data(tmp_path), out=tmp_path / "m")
    (tmp_path / "m" / "weights" / "tfidf-vocabulary.json").unlink()
    with pytest.raises(ClassifyError, match="vocabulary"):
        classify.load_model(tmp_path / "m")
