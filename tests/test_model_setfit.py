"""setfit: contrastive fine-tuning through the setfit library, saved without pickle."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from classify.config import build_params
from classify.errors import ClassifyError
from classify.models import get_family
from classify.models.setfit_family import SetFitClassifier, SetFitParams
from classify.onnx_encoder import onnx_available
from classify.tasks import Task

TOPIC = Task(name="topic", kind="multilabel", labels=("normalisation", "sanctions", "human_rights"))
STANCE = Task(name="stance", kind="multiclass", labels=("favour", "against", "neutral"))

DATA = [
    ("Both countries agreed to reopen their embassies.", ["normalisation"], "favour"),
    ("The minister flew in to restore diplomatic ties.", ["normalisation"], "favour"),
    ("A new ambassador presented credentials.", ["normalisation"], "favour"),
    ("The union imposed an asset freeze on officials.", ["sanctions"], "against"),
    ("Washington extended the trade embargo.", ["sanctions"], "against"),
    ("Export controls on chips were tightened.", ["sanctions"], "against"),
    ("Police detained protesters and journalists.", ["human_rights"], "neutral"),
    ("The court jailed an opposition leader.", ["human_rights"], "neutral"),
    ("Sanctions were lifted after prisoners were freed.", ["sanctions", "human_rights"], "favour"),
    ("The football team won the league.", [], "neutral"),
    ("Heavy rain flooded the coastal towns.", [], "neutral"),
    ("The central bank left rates unchanged.", [], "neutral"),
]
TEXTS = [d[0] for d in DATA]


def labels_for(task: Task) -> np.ndarray:
    return task.encode([d[1] if task.multilabel else d[2] for d in DATA])


def fast_params(encoder) -> SetFitParams:
    return SetFitParams(encoder=str(encoder), num_iterations=4, batch_size=8, C=1000.0)


@pytest.mark.parametrize("task", [TOPIC, STANCE], ids=["multilabel", "multiclass"])
def test_overfits_and_round_trips(task, tiny_bert, tmp_path):
    y = labels_for(task)
    seen: list[tuple[int, int]] = []
    model = SetFitClassifier(task, fast_params(tiny_bert), seed=3)
    model.fit(TEXTS, y, progress=lambda d, t: seen.append((d, t)))
    # 12 texts x 4 iterations x 2 pairs = 96 pairs, in batches of 8.
    assert seen[-1] == (12, 12)
    proba = model.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), len(task.labels))
    np.testing.assert_array_equal(task.decide(proba), y)
    if not task.multilabel:
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)

    model.save(tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert "body/model.safetensors" in names and "setfit-head.skops" in names
    assert not [n for n in names if n.endswith((".pkl", ".bin", ".pt"))]
    assert json.loads((tmp_path / "setfit.json").read_text())["labels"] == list(task.labels)

    on_torch = dataclasses.replace(fast_params(tiny_bert), backend="torch")
    loaded = SetFitClassifier.load(tmp_path, task, on_torch)
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), proba)
    # The saved body on ONNX Runtime (backend auto, where onnxruntime is
    # installed) keeps the probabilities within 1e-3.
    loaded = SetFitClassifier.load(tmp_path, task, fast_params(tiny_bert))
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), proba, atol=1e-3)
    assert (loaded._onnx_body() is not None) == onnx_available()
    # A body of pickled weights in its place is refused by name, not
    # unpickled (review 44), as the transformer family does.
    (tmp_path / "body" / "model.safetensors").rename(tmp_path / "body" / "pytorch_model.bin")
    with pytest.raises(ClassifyError, match=r"pytorch_model\.bin is a pickle and is not read"):
        SetFitClassifier.load(tmp_path, task, on_torch)
    # A body without its tokenizer read every word as unknown (review 162).
    (tmp_path / "body" / "pytorch_model.bin").rename(tmp_path / "body" / "model.safetensors")
    for name in ("tokenizer.json", "vocab.txt", "vocab.json"):
        for found in (tmp_path / "body").rglob(name):
            found.unlink()
    with pytest.raises(ClassifyError, match=r"no tokenizer file"):
        SetFitClassifier.load(tmp_path, task, on_torch)


def test_fine_tuning_moves_the_body_and_is_seeded(tiny_bert):
    from classify.embed_cache import encode

    y = labels_for(STANCE)
    first = SetFitClassifier(STANCE, fast_params(tiny_bert), seed=1).fit(TEXTS, y)
    second = SetFitClassifier(STANCE, fast_params(tiny_bert), seed=1).fit(TEXTS, y)
    np.testing.assert_array_equal(first.predict_proba(TEXTS), second.predict_proba(TEXTS))

    tuned = first.model_.model_body.encode(TEXTS, show_progress_bar=False)
    frozen = encode(TEXTS, str(tiny_bert), normalize=False)
    assert not np.allclose(tuned, frozen, atol=1e-4)
    # The shared frozen encoder is left as it was.
    np.testing.assert_allclose(
        encode(TEXTS, str(tiny_bert), normalize=False, cache=False), frozen, atol=1e-6
    )


def test_data_without_contrast_is_refused(tiny_bert):
    y = STANCE.encode(["neutral"] * len(TEXTS))
    with pytest.raises(ClassifyError, match="at least two labels"):
        SetFitClassifier(STANCE, fast_params(tiny_bert)).fit(TEXTS, y)
    with pytest.raises(ClassifyError, match="with a label"):
        SetFitClassifier(TOPIC, fast_params(tiny_bert)).fit(TEXTS, TOPIC.encode([[]] * len(TEXTS)))


def test_params_validate_through_the_registry():
    family = get_family("setfit")
    assert family is SetFitClassifier and not family.cheap
    defaults = SetFitParams()
    assert (defaults.num_iterations, defaults.num_epochs, defaults.batch_size) == (20, 1, 16)
    params = build_params(family, {"num_iterations": 5, "max_length": 64, "seed": 7})
    assert (params.num_iterations, params.max_length, params.seed) == (5, 64, 7)
    assert params.max_steps is None
    with pytest.raises(ClassifyError, match="num_iterations"):
        build_params(family, {"num_iterations": "many"})


def test_max_steps_caps_training(tiny_bert):
    import dataclasses

    seen: list[tuple[int, int]] = []
    params = dataclasses.replace(fast_params(tiny_bert), max_steps=3)
    SetFitClassifier(STANCE, params).fit(
        TEXTS, labels_for(STANCE), progress=lambda *a: seen.append(a)
    )
    assert seen[-1] == (3, 3)
