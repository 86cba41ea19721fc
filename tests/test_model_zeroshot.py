"""zero-shot: label descriptions as classes, by embedding similarity or NLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classify.config import build_params
from classify.errors import ClassifyError
from classify.models import get_family
from classify.models.zeroshot import ZeroShot, ZeroShotParams
from classify.tasks import Task, load_task

ROOT = Path(__file__).resolve().parent.parent

TOPIC = Task(
    name="topic",
    kind="multilabel",
    labels=("normalisation", "sanctions", "human_rights"),
    descriptions={
        "normalisation": "reopening embassies, ambassadors, restoring diplomatic ties",
        "sanctions": "sanctions, embargoes, asset freezes and export controls",
        "human_rights": "political prisoners, repression of protest, arrests of journalists",
    },
)
STANCE = Task(
    name="stance",
    kind="multiclass",
    labels=("favour", "against", "neutral"),
    descriptions={
        "favour": "welcomes closer relations and engagement",
        "against": "opposes engagement, calls for pressure and isolation",
    },
)

DATA = [
    ("Both countries agreed to reopen their embassies.", ["normalisation"], "favour"),
    ("The minister flew in to restore diplomatic ties.", ["normalisation"], "favour"),
    ("The union imposed an asset freeze on officials.", ["sanctions"], "against"),
    ("Washington extended the trade embargo.", ["sanctions"], "against"),
    ("Police detained protesters and journalists.", ["human_rights"], "against"),
    ("The court jailed an opposition leader.", ["human_rights"], "neutral"),
    ("Sanctions were lifted after prisoners were freed.", ["sanctions", "human_rights"], "favour"),
    ("The football team won the league.", [], "neutral"),
    ("Heavy rain flooded the coastal towns.", [], "neutral"),
    ("The central bank left rates unchanged.", [], "neutral"),
]
TEXTS = [d[0] for d in DATA]


def labels_for(task: Task) -> np.ndarray:
    return task.encode([d[1] if task.multilabel else d[2] for d in DATA])


def test_similarity_ranks_obvious_texts_with_the_packaged_encoder(packaged_encoder):
    task = load_task(ROOT / "configs" / "tasks" / "topic.yaml")
    model = ZeroShot(task, ZeroShotParams(encoder=str(packaged_encoder))).fit([], None)
    proba = model.predict_proba(
        [
            "The United States reopened its embassy and named an ambassador after years of frozen ties.",
            "The European Union extended its embargo and froze the assets of ministers.",
            "Dozens of opposition activists and journalists were jailed after the protest.",
        ]
    )
    assert list(np.argmax(proba, axis=1)) == [0, 1, 2]
    # Independent per-label probabilities: the matching topic clears 0.5.
    assert all(proba[i, i] > 0.5 for i in range(3))


@pytest.mark.parametrize("task", [TOPIC, STANCE], ids=["multilabel", "multiclass"])
def test_similarity_without_labels_round_trips(task, tiny_bert, tmp_path):
    model = ZeroShot(task, ZeroShotParams(encoder=str(tiny_bert)))
    assert not model.uses_labels
    model.fit(TEXTS, np.zeros((len(TEXTS), len(task.labels)), dtype=np.int64))
    assert not model.calibrated_
    # A label without a description falls back to its name.
    if not task.multilabel:
        assert model.label_texts_[2] == "neutral"
    proba = model.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), len(task.labels))
    assert ((proba > 0) & (proba < 1)).all()
    if not task.multilabel:
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)

    model.save(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {"zero-shot.json", "zero-shot-labels.npz"}
    loaded = ZeroShot.load(tmp_path, task, None)
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), proba)


def test_labels_calibrate_the_multiclass_scores(tiny_bert, tmp_path):
    y = labels_for(STANCE)
    params = ZeroShotParams(encoder=str(tiny_bert), class_weight="none", calibration_C=100.0)
    raw = ZeroShot(STANCE, params).fit(TEXTS, None)
    tuned = ZeroShot(STANCE, params).fit(TEXTS, y)
    assert tuned.calibrated_

    def log_loss(model: ZeroShot) -> float:
        p = model.predict_proba(TEXTS)
        return float(-np.log(p[np.arange(len(y)), np.argmax(y, axis=1)]).mean())

    # The tiny random encoder knows nothing; calibration must still fit the
    # class frequencies (4 neutral of 10) better than the raw scores.
    assert log_loss(tuned) < log_loss(raw) - 0.01
    tuned.save(tmp_path)
    state = json.loads((tmp_path / "zero-shot.json").read_text())
    assert state["calibrated"] and len(state["bias"]) == 3
    np.testing.assert_array_equal(
        ZeroShot.load(tmp_path, STANCE, None).predict_proba(TEXTS), tuned.predict_proba(TEXTS)
    )


def test_labels_calibrate_each_topic(packaged_encoder):
    # Three units of each topic: fewer are left uncalibrated (MIN_CALIBRATION_SIDE).
    texts = [*TEXTS, "Ambassadors returned to both capitals after years apart."]
    y = np.vstack([labels_for(TOPIC), TOPIC.encode([["normalisation"]])])
    params = ZeroShotParams(encoder=str(packaged_encoder))
    raw = ZeroShot(TOPIC, params).fit(texts, None).predict_proba(texts)
    model = ZeroShot(TOPIC, params).fit(texts, y)
    proba = model.predict_proba(texts)
    assert model.calibrated_ and not np.allclose(model.slope_, 1.0)
    # Per-label calibration is monotone: it never changes a label's ranking.
    for j in range(3):
        assert (
            np.argsort(proba[:, j], kind="stable") == np.argsort(raw[:, j], kind="stable")
        ).all()
    np.testing.assert_array_equal(TOPIC.decide(proba), y)


@pytest.mark.parametrize("task", [TOPIC, STANCE], ids=["multilabel", "multiclass"])
def test_nli_backend_runs_offline(task, tiny_nli, tmp_path):
    # The tiny model reads 64 positions, so the hypotheses use label names.
    params = ZeroShotParams(method="nli", nli_model=str(tiny_nli), label_text="name")
    model = ZeroShot(task, params).fit(TEXTS, None)
    proba = model.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), len(task.labels))
    assert ((proba >= 0) & (proba <= 1)).all()
    if not task.multilabel:
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    model.save(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["zero-shot.json"]
    np.testing.assert_allclose(ZeroShot.load(tmp_path, task, None).predict_proba(TEXTS), proba)


def test_duplicate_label_texts_are_refused(tiny_bert):
    task = Task(name="t", kind="multiclass", labels=("a", "b"), descriptions={"a": "x", "b": "x"})
    params = ZeroShotParams(encoder=str(tiny_bert), label_text="description")
    with pytest.raises(ClassifyError, match="same text"):
        ZeroShot(task, params).fit([], None)


def test_params_validate_through_the_registry():
    family = get_family("zero-shot")
    assert family is ZeroShot and family.cheap and not family.uses_labels
    assert ZeroShotParams().method == "similarity"
    params = build_params(family, {"method": "nli", "hypothesis_template": "About {}."})
    assert params.method == "nli"
    with pytest.raises(ClassifyError, match="method"):
        build_params(family, {"method": "guess"})


def test_a_moved_encoder_is_named_with_the_model_folder_and_the_remedy(tiny_bert, tmp_path):
    """Check 163: a zero-shot model whose local encoder had moved said only
    "model folder ... not found (from the working folder)"."""
    import shutil

    encoder = tmp_path / "enc"
    shutil.copytree(tiny_bert, encoder)
    model = ZeroShot(STANCE, ZeroShotParams(encoder=str(encoder)))
    model.fit(TEXTS, np.zeros((len(TEXTS), len(STANCE.labels)), dtype=np.int64))
    (tmp_path / "m").mkdir()
    model.save(tmp_path / "m")
    encoder.rename(tmp_path / "moved")
    with pytest.raises(
        ClassifyError,
        match=r"the model was trained with is not found \(a folder moved or deleted\?\): put it back",
    ) as raised:
        ZeroShot.load(tmp_path / "m", STANCE, None)
    assert str(tmp_path / "m") in str(raised.value)
