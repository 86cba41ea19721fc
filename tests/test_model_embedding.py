"""embedding-linear: a frozen encoder plus a logistic-regression head."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from classify.config import build_params
from classify.embed_cache import EncoderMismatchWarning
from classify.errors import ClassifyError
from classify.models import get_family
from classify.models.embedding import EmbeddingLinear, EmbeddingParams
from classify.tasks import Task

TOPIC = Task(
    name="topic",
    kind="multilabel",
    labels=("normalisation", "sanctions", "human_rights", "other"),
)
STANCE = Task(name="stance", kind="multiclass", labels=("favour", "against", "neutral"))

# (text, topics, stance); "other" is never used, so it keeps a constant prior.
DATA = [
    ("Both countries agreed to reopen their embassies next month.", ["normalisation"], "favour"),
    ("The minister flew in to restore diplomatic ties.", ["normalisation"], "favour"),
    ("The government recalled its ambassador after the dispute.", ["normalisation"], "against"),
    ("A new ambassador presented credentials to the president.", ["normalisation"], "favour"),
    ("The union imposed an asset freeze on senior officials.", ["sanctions"], "against"),
    ("Washington extended the trade embargo for another year.", ["sanctions"], "against"),
    ("Export controls on chips were tightened again.", ["sanctions"], "against"),
    ("Police detained dozens of protesters and two journalists.", ["human_rights"], "neutral"),
    ("The court jailed an opposition leader after a rigged trial.", ["human_rights"], "neutral"),
    ("Rights groups reported torture of political prisoners.", ["human_rights"], "against"),
    ("Sanctions were lifted after prisoners were freed.", ["sanctions", "human_rights"], "favour"),
    (
        "Talks on restoring relations included easing the embargo.",
        ["normalisation", "sanctions"],
        "favour",
    ),
    ("The football team won the league on Saturday.", [], "neutral"),
    ("Heavy rain flooded the coastal towns overnight.", [], "neutral"),
    ("The central bank left interest rates unchanged.", [], "neutral"),
    ("A new museum opened in the old harbour district.", [], "neutral"),
]
TEXTS = [d[0] for d in DATA]


def labels_for(task: Task) -> np.ndarray:
    return task.encode([d[1] if task.multilabel else d[2] for d in DATA])


@pytest.mark.parametrize("task", [TOPIC, STANCE], ids=["multilabel", "multiclass"])
def test_overfits_and_round_trips(task, tiny_bert, tmp_path):
    y = labels_for(task)
    params = EmbeddingParams(encoder=str(tiny_bert), C=1000.0)
    model = EmbeddingLinear(task, params, seed=0).fit(TEXTS, y)
    proba = model.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), len(task.labels))
    np.testing.assert_array_equal(task.decide(proba), y)
    if task.multilabel:
        # A label never seen in training keeps its prior, 0.
        np.testing.assert_array_equal(proba[:, 3], 0.0)
    else:
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)

    model.save(tmp_path)
    assert not list(tmp_path.glob("*.pkl"))
    state = json.loads((tmp_path / "embedding-linear.json").read_text())
    assert state["encoder"] == str(tiny_bert) and state["fingerprint"]
    loaded = EmbeddingLinear.load(tmp_path, task, EmbeddingParams(encoder=str(tiny_bert)))
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), proba)
    np.testing.assert_array_equal(
        loaded.predict_proba(["Another unseen line."]).shape, (1, len(task.labels))
    )


def test_packaged_encoder_generalises_to_new_texts(packaged_encoder):
    model = EmbeddingLinear(TOPIC, EmbeddingParams(encoder=str(packaged_encoder), C=10.0))
    model.fit(TEXTS, labels_for(TOPIC))
    proba = model.predict_proba(
        [
            "The two states will reopen their embassies and exchange ambassadors.",
            "Brussels froze the assets of the regime's officials and banned travel.",
            "Security forces arrested journalists and tortured detained protesters.",
        ]
    )
    assert list(np.argmax(proba[:, :3], axis=1)) == [0, 1, 2]


def test_default_encoder_is_the_packaged_one(packaged_encoder):
    from classify.models._hub import resolve_model

    assert resolve_model(EmbeddingParams().encoder) == str(packaged_encoder)


def test_changed_encoder_warns_on_load(tiny_bert, tmp_path):
    import shutil

    encoder = tmp_path / "encoder"
    shutil.copytree(tiny_bert, encoder)
    model = EmbeddingLinear(STANCE, EmbeddingParams(encoder=str(encoder)))
    model.fit(TEXTS, labels_for(STANCE))
    saved = tmp_path / "model"
    saved.mkdir()
    model.save(saved)
    EmbeddingLinear.load(saved, STANCE, None)  # unchanged: no warning expected below

    config = json.loads((encoder / "config.json").read_text())
    config["layer_norm_eps"] = 1e-5
    (encoder / "config.json").write_text(json.dumps(config))
    with pytest.warns(EncoderMismatchWarning, match="differs from the one"):
        EmbeddingLinear.load(saved, STANCE, None)


def test_params_validate_through_the_registry():
    family = get_family("embedding-linear")
    assert family is EmbeddingLinear and family.cheap
    params = build_params(family, {"C": 2, "class_weight": "none", "max_seq_length": 128})
    assert params.C == 2.0 and params.max_seq_length == 128
    with pytest.raises(ClassifyError, match="class_weight"):
        build_params(family, {"class_weight": "sometimes"})


def test_importing_the_families_stays_light():
    script = (
        "import sys\n"
        "import classify.embed_cache, classify.models.embedding\n"
        "import classify.models.setfit_family, classify.models.zeroshot\n"
        "heavy = {'torch', 'sentence_transformers', 'setfit', 'transformers', 'sklearn'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=root,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_int8_encoder_round_trips_and_is_cached_apart(tiny_bert, tmp_path):
    from classify.embed_cache import encode

    texts = ["The embassy reopens.", "New sanctions are imposed.", "Talks resume."]
    plain = encode(texts, str(tiny_bert))
    int8 = encode(texts, str(tiny_bert), quantize="int8")
    assert plain.shape == int8.shape
    # Different vectors, each cached under its own key.
    assert not np.allclose(plain, int8)
    np.testing.assert_allclose(encode(texts, str(tiny_bert), quantize="int8"), int8)
    np.testing.assert_allclose(encode(texts, str(tiny_bert)), plain)

    model = EmbeddingLinear(STANCE, EmbeddingParams(encoder=str(tiny_bert), quantize="int8"))
    model.fit(texts, np.array([[1, 0, 0], [0, 1, 0], [1, 0, 0]]))
    model.save(tmp_path)
    loaded = EmbeddingLinear.load(tmp_path, STANCE, EmbeddingParams(encoder=str(tiny_bert)))
    assert loaded.params.quantize == "int8"
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts))


def test_a_moved_local_encoder_folder_is_named_not_fetched(tiny_bert, tmp_path, monkeypatch):
    # Trained with my-models/enc (a folder, recorded by its absolute path);
    # once moved, the name is no hub id to fetch for a minute (review 27c).
    import shutil

    shutil.copytree(tiny_bert, tmp_path / "my-models" / "enc")
    monkeypatch.chdir(tmp_path)
    model = EmbeddingLinear(STANCE, EmbeddingParams(encoder="my-models/enc"))
    model.fit(TEXTS, labels_for(STANCE))
    saved = tmp_path / "model"
    saved.mkdir()
    model.save(saved)
    (tmp_path / "my-models").rename(tmp_path / "moved")
    with pytest.raises(ClassifyError, match=r"encoder folder '.*my-models/enc' .* is not there"):
        EmbeddingLinear.load(saved, STANCE, None)


@pytest.mark.parametrize("name", ["./my-models/enc", "my-models/enc", "/nowhere/enc", "a/b/c"])
def test_a_name_that_can_only_be_a_folder_and_is_missing_is_refused(name, tmp_path, monkeypatch):
    from classify.models._hub import resolve_model

    (tmp_path / "my-models").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ClassifyError, match=f"model folder '{name}' not found"):
        resolve_model(name)
    # A hub id's shape stays a hub id (fetched or refused by the loader).
    assert resolve_model("sentence-transformers/all-mpnet-base-v2") == (
        "sentence-transformers/all-mpnet-base-v2"
    )


def test_a_hub_model_that_cannot_be_fetched_is_one_line_naming_its_key(monkeypatch):
    from classify.models import _hub

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(_hub, "_in_hub_cache", lambda name: False)
    monkeypatch.setattr(_hub, "_hub_reachable", lambda timeout=3.0: False)
    ran = []
    with (
        pytest.raises(
            ClassifyError,
            match=r"cannot load model 'org/m' \(named by 'encoder' in the config's model.params\)",
        ),
        _hub.loading("org/m", "encoder"),
    ):
        ran.append(True)  # never reached: refused before the loader's retries
    assert not ran
    # Offline and not cached: refused as at once, saying why.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline = pytest.raises(ClassifyError, match="HF_HUB_OFFLINE=1 forbids fetching it")
    with offline, _hub.loading("org/m", "encoder"):
        ran.append(True)
    assert not ran
    # Cached, the loader's own OSError becomes the same line.
    monkeypatch.setattr(_hub, "_in_hub_cache", lambda name: True)
    refused = pytest.raises(ClassifyError, match="could not be reached or has no model")
    with refused, _hub.loading("org/m", "encoder"):
        raise OSError("We couldn't connect to 'https://huggingface.co' to load the files")
    # Any other error is the loader's own.
    with pytest.raises(KeyError), _hub.loading("org/m"):
        raise KeyError("x")


def test_a_configs_encoder_folder_that_is_missing_names_the_key_and_places(tmp_path, monkeypatch):
    from classify.api import load_config

    cfgs = tmp_path / "cfgs"
    (cfgs / "encs").mkdir(parents=True)
    for name, encoder in (("a", "./minilm"), ("b", "encs/minilm")):
        (cfgs / f"{name}.yaml").write_text(
            f"task: stance\nmodel: {{family: embedding-linear, params: {{encoder: {encoder}}}}}\n"
        )
        monkeypatch.chdir(tmp_path)
        with pytest.raises(
            ClassifyError,
            match=rf"{name}.yaml:line 2: key 'model.params.encoder': model folder '{encoder}' "
            rf"not found beside the config, in {cfgs}",
        ):
            load_config(cfgs / f"{name}.yaml")
    # Beside the config it is taken by its absolute path, from any folder.
    (cfgs / "encs" / "minilm").mkdir()
    (cfgs / "encs" / "minilm" / "config.json").write_text("{}", encoding="utf-8")
    cfg = load_config(cfgs / "b.yaml")
    assert cfg.model.params["encoder"] == str((cfgs / "encs" / "minilm").resolve())


def test_an_onnx_export_does_not_fall_back_on_a_model_that_cannot_load(monkeypatch):
    from classify import onnx_encoder
    from classify.models._hub import ModelNotFound

    if not onnx_encoder.onnx_available():
        pytest.skip("onnxruntime is an optional extra")

    def fail(name, quantize):
        raise ModelNotFound("cannot load model 'org/m'")

    monkeypatch.setattr(onnx_encoder, "ensure_graph", fail)
    with pytest.raises(ModelNotFound):
        onnx_encoder.resolve_backend("org/m", "auto")


def test_a_model_that_cannot_load_is_not_blamed_on_a_folds_data(monkeypatch, capsys, tmp_path):
    # review 27g: under --cv it read "fold 1 of 2 trains on 7 units: ...;
    # label more data".
    from cli_runner import run_cli

    from classify.models import _hub

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(_hub, "_in_hub_cache", lambda name: False)
    monkeypatch.setattr(_hub, "_hub_reachable", lambda timeout=3.0: False)
    data = tmp_path / "d.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t, "stance": d[2]}) + "\n"
            for i, (t, d) in enumerate(zip(TEXTS, DATA, strict=True))
        )
    )
    root = Path(__file__).resolve().parents[1]
    res = run_cli(
        capsys,
        *("train", root / "configs/stance-embedding.yaml", "--data", data, "--cv", "2"),
        *("--set", "model.params.encoder=org/not-here", "--out", tmp_path / "m"),
    )
    assert res.code == 1 and "cannot load model 'org/not-here'" in res.err
    assert "cross-validation fold" not in res.err and "label more data" not in res.err


def test_cached_texts_are_scored_without_loading_the_encoder(packaged_encoder, tmp_path):
    # review 30d: scoring texts the cache held took 8 s, loading the encoder
    # (and torch) only to tell whether a text needs windows.
    from classify.embed_cache import load_encoder, window_tokenizer
    from classify.models._windows import text_windows

    light, limit = window_tokenizer(str(packaged_encoder))
    encoder = load_encoder(str(packaged_encoder))
    assert limit == encoder.max_seq_length
    long = [" ".join(TEXTS * 6), "Élysée Über naïve café: “quoted” 2025...", TEXTS[0]]
    ours, theirs = text_windows(long, light, 60), text_windows(long, encoder.tokenizer, 60)
    assert ours[0] == theirs[0] and len(ours[0]) > 3
    np.testing.assert_array_equal(ours[1], theirs[1])

    params = EmbeddingParams(encoder=str(packaged_encoder), C=10.0)
    model = EmbeddingLinear(STANCE, params, seed=0).fit(TEXTS, labels_for(STANCE))
    model.save(tmp_path)
    code = (
        "import sys, json\n"
        "from classify.models.embedding import EmbeddingLinear, EmbeddingParams\n"
        "from classify.tasks import Task\n"
        f"task = Task(name='stance', kind='multiclass', labels={STANCE.labels!r})\n"
        f"m = EmbeddingLinear.load({str(tmp_path)!r}, task, EmbeddingParams(encoder={str(packaged_encoder)!r}))\n"
        f"p = m.predict_proba({TEXTS!r})\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'p': p.tolist()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["torch"] is False
    np.testing.assert_allclose(got["p"], model.predict_proba(TEXTS), atol=1e-9)
