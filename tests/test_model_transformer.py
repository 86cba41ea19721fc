"""The ``transformer`` family on the tiny offline BERT: it learns, saves and
reloads exactly, splits long texts into windows, and stops early."""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest

from classify.config import build_params
from classify.errors import ClassifyError
from classify.models import get_family
from classify.models._windows import encode_windows, pool
from classify.models.transformer import (
    TransformerClassifier,
    TransformerParams,
    _class_weights,
)
from classify.tasks import Task

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

STANCE = Task("stance", "multiclass", ("favour", "against", "neutral"), field="stance")
TOPICS = Task("topic", "multilabel", ("normalisation", "sanctions", "human_rights"), field="topics")

# Words from the tiny tokenizer's training sentences, so few become [UNK].
STANCE_DATA = [
    ("The two governments restore diplomatic relations after talks.", "favour"),
    ("The United States will reopen its embassy in Minsk.", "favour"),
    ("Trade between the countries grew after the visit of the envoy.", "favour"),
    ("Washington lifts sanctions on the national airline as a goodwill gesture.", "favour"),
    ("The governments normalise ties.", "favour"),
    ("The European Union extends sanctions on Belarus over the crackdown.", "against"),
    ("Police arrest opposition activists and journalists after the protest.", "against"),
    ("Human rights groups condemn the arbitrary detention of prisoners.", "against"),
    ("Critics accuse the president of rigging the election.", "against"),
    ("The ambassador was recalled and the embassy closed.", "against"),
    ("The football club won the cup final on Sunday.", "neutral"),
    ("The club won on Sunday.", "neutral"),
    ("The cup final was on Sunday.", "neutral"),
    ("The football final.", "neutral"),
    ("The club and the cup.", "neutral"),
]

TOPIC_DATA = [
    ("The two governments restore diplomatic relations after talks.", ["normalisation"]),
    ("The United States will reopen its embassy in Minsk.", ["normalisation"]),
    ("The governments normalise ties.", ["normalisation"]),
    ("The European Union extends sanctions on Belarus.", ["sanctions"]),
    ("Washington lifts sanctions on the national airline.", ["normalisation", "sanctions"]),
    (
        "The European Union extends sanctions over the crackdown on activists.",
        ["sanctions", "human_rights"],
    ),
    ("Police arrest opposition activists and journalists.", ["human_rights"]),
    ("Human rights groups condemn the arbitrary detention.", ["human_rights"]),
    ("Critics accuse the president of repressing dissent.", ["human_rights"]),
    ("The football club won the cup final on Sunday.", []),
    ("The club won on Sunday.", []),
    ("Trade grew after the visit of the envoy.", ["normalisation"]),
    ("Sanctions on the airline.", ["sanctions"]),
    ("The cup final was on Sunday.", []),
]

LONG_TEXT = " ".join(s for s, _ in STANCE_DATA[:8])  # well over 16 tokens


def _params(tiny_bert: Path, **overrides) -> TransformerParams:
    # A random-init tiny BERT needs a high learning rate and many short epochs
    # to memorise a dozen texts (about 2 s per fit here).
    base = dict(
        model=str(tiny_bert),
        epochs=40,
        learning_rate=2e-3,
        batch_size=4,
        eval_batch_size=4,
        max_length=32,
        stride=8,
        # Without warmup this rate sometimes collapses onto one class.
        warmup=0.1,
        weight_decay=0.0,
        validation_size=0.0,
    )
    base.update(overrides)
    return TransformerParams(**base)


@pytest.fixture(scope="module", autouse=True)
def _threads():
    # The tiny model gains nothing from a second thread, and a busy machine
    # makes thread contention the dominant cost.
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def stance_model(tiny_bert) -> tuple[TransformerClassifier, list[str], np.ndarray]:
    texts = [t for t, _ in STANCE_DATA]
    y = STANCE.encode([label for _, label in STANCE_DATA])
    model = TransformerClassifier(STANCE, _params(tiny_bert), seed=0).fit(texts, y)
    return model, texts, y


@pytest.fixture(scope="module")
def topic_model(tiny_bert) -> tuple[TransformerClassifier, list[str], np.ndarray]:
    texts = [t for t, _ in TOPIC_DATA]
    y = TOPICS.encode([labels for _, labels in TOPIC_DATA])
    # Three independent sigmoids need more steps than one softmax: at 40 epochs
    # about one seed in ten left a label half-learnt; at 80, none of 40 did.
    model = TransformerClassifier(TOPICS, _params(tiny_bert, epochs=80), seed=0).fit(texts, y)
    return model, texts, y


# -- learning -----------------------------------------------------------------------


def test_multiclass_learns_training_data(stance_model):
    model, texts, y = stance_model
    proba = model.predict_proba(texts)
    assert proba.shape == (len(texts), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    accuracy = (proba.argmax(axis=1) == y.argmax(axis=1)).mean()
    assert accuracy >= 0.9
    # A confident fit, not a lucky argmax over near-uniform rows.
    assert proba.max(axis=1).mean() > 0.6
    assert model.model_.config.problem_type == "single_label_classification"
    assert [model.model_.config.id2label[i] for i in range(3)] == list(STANCE.labels)


def test_multilabel_learns_training_data(topic_model):
    model, texts, y = topic_model
    proba = model.predict_proba(texts)
    assert proba.shape == (len(texts), 3)
    assert ((proba >= 0) & (proba <= 1)).all()
    # Independent sigmoids: rows need not sum to 1, and the texts with no
    # topic should have all three low.
    assert not np.allclose(proba.sum(axis=1), 1.0)
    decided = TOPICS.decide(proba)
    # Far above predicting no topic at all (0.69 of cells, 0.21 of rows
    # right), with room for the one or two rows a fit of a random tiny BERT
    # at this rate may still get wrong on other hardware.
    assert (decided == y).mean() >= 0.85
    assert (decided == y).all(axis=1).mean() >= 0.6
    none = y.sum(axis=1) == 0
    # Three such rows, nine cells: one may be wrong (0.889, seen once in a
    # full-suite run on 2 busy cores), as the row-level bound above allows.
    assert (proba[none] < 0.5).mean() >= 0.85
    assert model.model_.config.problem_type == "multi_label_classification"


def test_same_seed_same_model(tiny_bert, stance_model):
    model, texts, y = stance_model
    again = TransformerClassifier(STANCE, _params(tiny_bert), seed=0).fit(texts, y)
    np.testing.assert_array_equal(again.predict_proba(texts), model.predict_proba(texts))


def test_progress_reports_every_step(tiny_bert):
    texts = [t for t, _ in STANCE_DATA]
    y = STANCE.encode([label for _, label in STANCE_DATA])
    calls: list[tuple[int, int]] = []
    TransformerClassifier(STANCE, _params(tiny_bert, epochs=2), seed=0).fit(
        texts, y, progress=lambda done, total: calls.append((done, total))
    )
    steps_per_epoch = -(-len(texts) // 4)
    total = 2 * steps_per_epoch
    assert [done for done, _ in calls[:-1]] == list(range(1, total + 1))
    assert {t for _, t in calls} == {total}
    assert calls[-1] == (total, total)


# -- persistence ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["stance_model", "topic_model"])
def test_save_and_load_predict_the_same(which, request, tmp_path):
    model, texts, _ = request.getfixturevalue(which)
    model.save(tmp_path)
    files = {p.name for p in (tmp_path / "transformer").iterdir()}
    assert "model.safetensors" in files
    assert "config.json" in files
    assert not [p for p in tmp_path.rglob("*") if p.suffix in {".pkl", ".pickle", ".bin"}]
    loaded = TransformerClassifier.load(tmp_path, model.task, model.params, seed=0)
    probe = [*texts, LONG_TEXT, "Completely unseen words here."]
    np.testing.assert_allclose(
        loaded.predict_proba(probe), model.predict_proba(probe), atol=1e-6, rtol=0
    )


def test_load_refuses_other_label_set(stance_model, tmp_path):
    model, _, _ = stance_model
    model.save(tmp_path)
    other = Task("stance", "multiclass", ("pro", "contra", "neutral"))
    with pytest.raises(ClassifyError, match="trained for labels"):
        TransformerClassifier.load(tmp_path, other, model.params)


def test_load_refuses_a_pickle_in_place_of_safetensors(stance_model, tmp_path):
    model, _, _ = stance_model
    model.save(tmp_path)
    folder = tmp_path / "transformer"
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x04K\x01.")  # a pickle
    with pytest.raises(ClassifyError, match=r"safetensors only \(pytorch_model.bin is a pickle"):
        TransformerClassifier.load(tmp_path, model.task, model.params)


def test_load_refuses_a_folder_without_its_tokenizer(stance_model, tmp_path):
    """Review 162: without tokenizer.json the folder loaded with a tokenizer of
    five special tokens, every word [UNK], and predicted without a word."""
    model, _, _ = stance_model
    model.save(tmp_path)
    folder = tmp_path / "transformer"
    for name in ("tokenizer.json", "vocab.txt", "vocab.json"):
        (folder / name).unlink(missing_ok=True)
    with pytest.raises(ClassifyError, match=r"no tokenizer file \(tokenizer.json, or vocab.txt"):
        TransformerClassifier.load(tmp_path, model.task, model.params)
    # Its settings alone missing (check 163: a SetFit body then read otherwise).
    model.save(tmp_path / "again")
    (tmp_path / "again" / "transformer" / "tokenizer_config.json").unlink()
    with pytest.raises(ClassifyError, match=r"no tokenizer_config.json beside the tokenizer"):
        TransformerClassifier.load(tmp_path / "again", model.task, model.params)


def test_load_names_a_damaged_config_in_one_line(stance_model, tmp_path):
    import json

    model, _, _ = stance_model
    model.save(tmp_path)
    config = tmp_path / "transformer" / "config.json"
    cfg = json.loads(config.read_text())
    cfg["id2label"] = {"0": cfg["id2label"]["0"]}
    cfg["label2id"] = {cfg["id2label"]["0"]: 0}
    config.write_text(json.dumps(cfg))
    with pytest.raises(ClassifyError) as err:
        TransformerClassifier.load(tmp_path, model.task, model.params)
    assert "\n" not in str(err.value) and "transformer" in str(err.value)


# -- windows ------------------------------------------------------------------------------


def test_long_text_is_split_into_windows_and_pooled(topic_model):
    model, texts, _ = topic_model
    model.params.max_length = 16
    try:
        windows = model._windows([LONG_TEXT, texts[0]])
        assert (windows.text_index == 0).sum() >= 3
        assert (windows.text_index == 1).sum() == 1
        assert max(len(f["input_ids"]) for f in windows.features) <= 16

        # auto, the default: the highest window per topic (review 44).
        auto = model.predict_proba([LONG_TEXT, texts[0]])
        model.params.pooling = "mean"
        mean = model.predict_proba([LONG_TEXT, texts[0]])
        assert mean.shape == (2, 3)
        model.params.pooling = "max"
        peak = model.predict_proba([LONG_TEXT, texts[0]])
        np.testing.assert_allclose(auto, peak, atol=1e-9)
        # Max-pooling a multi-window text is at least its mean, and differs
        # from it; a one-window text is the same either way.
        assert (peak[0] >= mean[0] - 1e-9).all()
        assert not np.allclose(peak[0], mean[0])
        np.testing.assert_allclose(peak[1], mean[1], atol=1e-9)
    finally:
        model.params.max_length = 32
        model.params.pooling = "auto"


def test_long_training_texts_train_on_every_window(tiny_bert):
    texts = [
        LONG_TEXT,
        "The football club won the cup final on Sunday.",
        *[t for t, _ in STANCE_DATA],
    ]
    y = STANCE.encode(["against", "neutral", *[label for _, label in STANCE_DATA]])
    calls: list[tuple[int, int]] = []
    model = TransformerClassifier(
        STANCE, _params(tiny_bert, epochs=1, max_length=16, batch_size=4), seed=0
    )
    model.fit(texts, y, progress=lambda done, total: calls.append((done, total)))
    n_windows = len(model._windows(texts))
    assert n_windows > len(texts)
    # One epoch walks every window, not every text.
    assert calls[-1][1] == -(-n_windows // 4)
    assert model.predict_proba(texts).shape == (len(texts), 3)


def test_windows_overlap_by_stride(tiny_bert):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_bert)
    windows = encode_windows(tokenizer, [LONG_TEXT], max_length=16, stride=4)
    ids = [f["input_ids"][1:-1] for f in windows.features]  # without [CLS], [SEP]
    assert len(ids) >= 3
    for first, second in itertools.pairwise(ids):
        assert first[-4:] == second[:4]


def test_pool_mean_and_max():
    proba = np.array([[0.2, 0.8], [0.6, 0.4], [0.5, 0.5]])
    index = np.array([0, 0, 1])
    np.testing.assert_allclose(
        pool(proba, index, 2, how="mean", multilabel=False), [[0.4, 0.6], [0.5, 0.5]]
    )
    # Max of softmax rows is renormalised so that a multiclass row sums to 1.
    np.testing.assert_allclose(
        pool(proba, index, 2, how="max", multilabel=False), [[0.6 / 1.4, 0.8 / 1.4], [0.5, 0.5]]
    )
    np.testing.assert_allclose(
        pool(proba, index, 2, how="max", multilabel=True), [[0.6, 0.8], [0.5, 0.5]]
    )


# -- class weights and early stopping ------------------------------------------------------------


def test_balanced_class_weights():
    y = np.array([[1, 0, 0]] * 4 + [[0, 1, 0]] * 2 + [[0, 0, 1]] * 2)
    # n / (n_classes * count), as scikit-learn's 'balanced'.
    np.testing.assert_allclose(_class_weights(y, multilabel=False), [8 / 12, 8 / 6, 8 / 6])
    y = np.array([[1, 0, 1], [0, 0, 1], [0, 0, 1], [1, 0, 0]])
    # negatives / positives per label; a label never seen keeps weight 1.
    np.testing.assert_allclose(_class_weights(y, multilabel=True), [1.0, 1.0, 1 / 3])


def test_early_stopping_with_validation_and_class_weights(tiny_bert, monkeypatch, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    # Checkpoints must go to a temporary folder and be removed afterwards.
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    texts = [t for t, _ in STANCE_DATA]
    y = STANCE.encode([label for _, label in STANCE_DATA])
    calls: list[tuple[int, int]] = []
    # A learning rate this small cannot move validation macro-F1, so training
    # stops after 1 + patience epochs of the 20 allowed.
    params = _params(tiny_bert, epochs=20, learning_rate=1e-9, patience=1, class_weight="balanced")
    model = TransformerClassifier(STANCE, params, seed=0)
    model.fit(
        texts[:12],
        y[:12],
        # 24 texts: early stopping needs MIN_VALIDATION (20) or more.
        validation=((texts[12:] + texts[:3]) * 4, np.vstack([y[12:], y[:3]] * 4)),
        progress=lambda done, total: calls.append((done, total)),
    )
    steps_per_epoch = -(-12 // 4)
    total = 20 * steps_per_epoch
    last_step = calls[-2][0]
    assert last_step == 2 * steps_per_epoch < total
    assert calls[-1] == (total, total)
    assert list(scratch.iterdir()) == []
    assert model.predict_proba(texts).shape == (len(texts), 3)
    # What ran is recorded for the model card (review 27c): 2 of 20 epochs.
    record = model.fit_record_
    assert (record["epochs"], record["epochs_run"], record["early_stopping"]) == (20, 2.0, True)
    assert record["best_epoch"] in (1.0, 2.0) and 0 <= record["validation_score"] <= 1
    from classify.reports import _fit_record_note

    (note,) = [line for line in _fit_record_note(record) if line]
    assert note.startswith("Fine-tuning ran 2 of at most 20 epochs, with early stopping")


def test_a_small_validation_part_given_runs_every_epoch(tiny_bert, monkeypatch, tmp_path):
    """Review 265: thresholds.method validation handed the model 9
    validation texts, and it chose its epoch by their macro-F1, unsaid."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    texts = [t for t, _ in STANCE_DATA]
    y = STANCE.encode([label for _, label in STANCE_DATA])
    params = _params(tiny_bert, epochs=3, learning_rate=1e-9, patience=1)
    model = TransformerClassifier(STANCE, params, seed=0)
    with pytest.warns(UserWarning, match=r"no early stopping: the 9 validation texts held out"):
        model.fit(texts[:12], y[:12], validation=(texts[6:], y[6:]))
    record = model.fit_record_
    assert (record["epochs_run"], record["early_stopping"]) == (3.0, False)
    assert "best_epoch" not in record and record["validation_too_few"] == 9
    from classify.reports import _fit_record_note

    (note,) = [line for line in _fit_record_note(record) if line]
    assert "the 9 validation texts held out for thresholds.method validation" in note
    assert "none held out" not in note


def test_validation_is_carved_only_from_enough_data():
    model = TransformerClassifier(STANCE, TransformerParams(validation_size=0.1), seed=0)
    y = STANCE.encode(["favour", "against", "neutral"] * 80)
    texts = [f"text {i}" for i in range(len(y))]
    train_texts, _, val_texts, val_y = model._carve_validation(texts, y)
    assert len(val_texts) == 24 and len(train_texts) == 216
    assert not set(val_texts) & set(train_texts)
    # Stratified: every class keeps its share of the held-out texts.
    assert (val_y.sum(axis=0) == 8).all()
    # Too few for a validation part: early stopping is off, and said at train time.
    with pytest.warns(UserWarning, match=r"no early stopping: 10% of 60 training texts is 6 "):
        small = model._carve_validation(texts[:60], y[:60])
    assert len(small[0]) == 60 and small[2] == []
    # Said once per training call, not once per CV fold and refit (review 29b).
    from classify.errors import warnings_once

    @warnings_once
    def folds():
        for n in (48, 50, 60):
            model._carve_validation(texts[:n], y[:n])

    for calls in (1, 2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(calls):
                folds()
        assert sum("no early stopping" in str(w.message) for w in caught) == calls


# -- registry, config, import cost -----------------------------------------------------------------


def test_registered_and_params_validated():
    assert get_family("transformer") is TransformerClassifier
    params = build_params(TransformerClassifier, {"epochs": 3, "pooling": "max"})
    assert params.epochs == 3 and params.pooling == "max"
    assert params.model == "sentence-transformers/all-MiniLM-L6-v2"
    with pytest.raises(ClassifyError, match="pooling"):
        build_params(TransformerClassifier, {"pooling": "median"})
    assert TransformerClassifier.cheap is False


def test_bad_params_are_reported(tiny_bert):
    model = TransformerClassifier(STANCE, _params(tiny_bert, warmup=1.5), seed=0)
    with pytest.raises(ClassifyError, match="warmup"):
        model.fit(["a", "b", "c"], STANCE.encode(["favour", "against", "neutral"]))


def test_import_does_not_load_torch():
    code = (
        "import sys, classify.models.transformer; "
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


def test_a_stride_over_half_a_window_is_recorded_as_the_one_used(tiny_bert):
    """Review 122: the card and model.json said stride 100 where windows of
    32 tokens overlap by at most 15."""
    texts = [t for t, _ in STANCE_DATA]
    y = STANCE.encode([label for _, label in STANCE_DATA])
    model = TransformerClassifier(STANCE, _params(tiny_bert, stride=100, epochs=1), seed=0)
    model.fit(texts, y)  # (warned of, once per session)
    room = 32 - model.tokenizer_.num_special_tokens_to_add(pair=False)
    assert model.params.stride == room // 2 < 100
