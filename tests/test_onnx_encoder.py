"""The sentence encoder on ONNX Runtime: agreement with torch, the backend
choice and its fallbacks, the graph cache and the embedding cache's keys."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from classify import embed_cache, onnx_encoder
from classify.config import build_params
from classify.errors import ClassifyError
from classify.models import get_family
from classify.models.embedding import EmbeddingLinear, EmbeddingParams
from classify.tasks import Task

pytest.importorskip("onnxruntime")

STANCE = Task(name="stance", kind="multiclass", labels=("favour", "against", "neutral"))
TEXTS = [
    "Both countries agreed to reopen their embassies next month.",
    "The union imposed an asset freeze on senior officials.",
    "Police detained dozens of protesters.",
    "Talks resume.",
    "Washington extended the trade embargo for another year after the talks failed.",
]
Y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]], dtype=float)


@pytest.fixture(autouse=True)
def _fresh_notes(monkeypatch):
    monkeypatch.setattr(onnx_encoder, "_noted", set())
    embed_cache.clear_loaded()
    yield
    embed_cache.clear_loaded()


def _empty_embedding_cache() -> None:
    for path in embed_cache.cache_dir().glob(embed_cache.DB_NAME + "*"):
        path.unlink()
    embed_cache.clear_loaded()


def test_onnx_vectors_match_torch_and_the_graph_is_cached(tiny_bert):
    name = str(tiny_bert)
    torch_vectors = embed_cache.encode(TEXTS, name, backend="torch", cache=False)
    onnx_vectors = embed_cache.encode(TEXTS, name, backend="onnx", cache=False)
    assert onnx_vectors.shape == torch_vectors.shape
    assert np.abs(onnx_vectors - torch_vectors).max() <= onnx_encoder.TOLERANCE
    # Normalised like sentence-transformers' own encode.
    np.testing.assert_allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    raw = embed_cache.encode(TEXTS, name, backend="onnx", normalize=False, cache=False)
    raw_torch = embed_cache.encode(TEXTS, name, backend="torch", normalize=False, cache=False)
    np.testing.assert_allclose(raw, raw_torch, atol=onnx_encoder.TOLERANCE)
    assert not np.allclose(np.linalg.norm(raw, axis=1), 1.0)
    # A shorter limit truncates the same way on both.
    short = embed_cache.encode(TEXTS, name, backend="onnx", max_seq_length=4, cache=False)
    short_torch = embed_cache.encode(TEXTS, name, backend="torch", max_seq_length=4, cache=False)
    np.testing.assert_allclose(short, short_torch, atol=onnx_encoder.TOLERANCE)
    assert np.abs(short - onnx_vectors).max() > 0.01

    folder = onnx_encoder.graph_dir(name)
    check = onnx_encoder.read_check(folder)
    assert check is not None and check["passed"] and check["max_abs_diff"] <= 1e-4
    assert folder.name.startswith(embed_cache.encoder_fingerprint(name))
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]
    assert embed_cache.load_encoder(name, "cpu", backend="onnx").backend == "onnx"
    assert onnx_encoder.resolve_backend(name, "auto") == "onnx"


def test_onnx_encoder_keeps_order_across_batches(tiny_bert):
    name = str(tiny_bert)
    whole = embed_cache.encode(TEXTS, name, backend="onnx", batch_size=64, cache=False)
    small = embed_cache.encode(TEXTS, name, backend="onnx", batch_size=2, cache=False)
    np.testing.assert_allclose(small, whole, atol=1e-5)
    one = embed_cache.encode(TEXTS[3:4], name, backend="onnx", cache=False)
    np.testing.assert_allclose(one[0], whole[3], atol=1e-5)


def test_onnx_runtime_calls_are_capped_at_the_small_batch(tiny_bert, monkeypatch):
    name = str(tiny_bert)
    encoder = embed_cache.load_encoder(name, "cpu", backend="onnx")
    rows: list[int] = []
    texts = TEXTS * 4

    class Counting:
        def __init__(self, session):
            self.session = session

        def run(self, out, feed):
            rows.append(len(feed["input_ids"]))
            return self.session.run(out, feed)

    monkeypatch.setattr(encoder, "session", Counting(encoder.session))
    monkeypatch.setattr(type(encoder), "max_batch_size", 3)
    vectors = encoder.encode(texts, batch_size=32)
    assert rows == [3, 3, 3, 3, 3, 3, 2]
    np.testing.assert_allclose(vectors, encoder.encode(texts, batch_size=1), atol=1e-5)


def test_save_and_load_with_the_onnx_backend(tiny_bert, tmp_path):
    params = EmbeddingParams(encoder=str(tiny_bert), backend="onnx")
    model = EmbeddingLinear(STANCE, params).fit(TEXTS, Y)
    new = ["The ministers met again in Geneva.", "Exports of oil were banned."]
    expected = model.predict_proba(new)
    model.save(tmp_path)
    # Nothing cached or loaded: the reloaded model encodes again.
    _empty_embedding_cache()
    loaded = EmbeddingLinear.load(tmp_path, STANCE, params)
    assert loaded.params.backend == "onnx"
    np.testing.assert_allclose(loaded.predict_proba(new), expected, rtol=0, atol=1e-7)
    # The torch path gives the same probabilities within the tolerance.
    torch_model = EmbeddingLinear.load(
        tmp_path, STANCE, EmbeddingParams(encoder=str(tiny_bert), backend="torch")
    )
    got = torch_model._embed(new)
    np.testing.assert_allclose(got, loaded._embed(new), atol=onnx_encoder.TOLERANCE)


def test_without_onnxruntime_auto_falls_back_and_onnx_refuses(tiny_bert, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    assert not onnx_encoder.onnx_available()
    with caplog.at_level(logging.WARNING, logger="classify.onnx_encoder"):
        assert onnx_encoder.resolve_backend(str(tiny_bert), "auto") == "torch"
        vectors = embed_cache.encode(TEXTS[:2], str(tiny_bert), backend="auto", cache=False)
    assert vectors.shape[0] == 2
    notes = [r.getMessage() for r in caplog.records]
    assert notes == ["onnxruntime is not installed: the encoder runs on torch"]
    with pytest.raises(ClassifyError, match="needs onnxruntime"):
        embed_cache.encode(TEXTS[:2], str(tiny_bert), backend="onnx", cache=False)


def test_a_graph_that_fails_its_check_is_not_used_by_auto_and_keyed_apart(
    tiny_bert, tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(onnx_encoder, "TOLERANCE", 0.0)
    name = str(tiny_bert)
    with caplog.at_level(logging.WARNING, logger="classify.onnx_encoder"):
        assert onnx_encoder.resolve_backend(name, "auto") == "torch"
    assert "the encoder runs on torch" in caplog.text
    assert not onnx_encoder.read_check(onnx_encoder.graph_dir(name))["passed"]
    settings = {"normalize": True, "max_seq_length": None}
    torch_key, _ = embed_cache.cache_key(name, **settings, backend="torch")
    auto_key, _ = embed_cache.cache_key(name, **settings, backend="auto")
    onnx_key, info = embed_cache.cache_key(name, **settings, backend="onnx")
    assert auto_key == torch_key != onnx_key and info["backend"] == "onnx"


def test_keys_are_shared_only_where_the_check_passed(tiny_bert):
    name = str(tiny_bert)
    settings = {"normalize": True, "max_seq_length": None}
    assert (
        embed_cache.cache_key(name, **settings, backend="onnx")[0]
        == embed_cache.cache_key(name, **settings, backend="torch")[0]
    )
    # int8 graphs of ONNX Runtime and torch quantize differently: their
    # vectors differ by more than the tolerance, so they are kept apart.
    check = onnx_encoder.ensure_graph(name, "int8")[1]
    int8 = {**settings, "quantize": "int8"}
    onnx_key = embed_cache.cache_key(name, **int8, backend="onnx")[0]
    torch_key = embed_cache.cache_key(name, **int8, backend="torch")[0]
    assert (onnx_key == torch_key) == check["passed"]


def test_backend_is_validated():
    family = get_family("embedding-linear")
    assert build_params(family, {"backend": "onnx"}).backend == "onnx"
    assert build_params(family, {}).backend == "auto"
    with pytest.raises(ClassifyError, match="backend"):
        build_params(family, {"backend": "tensorrt"})
    ensemble = get_family("ensemble")
    members = {"members": [{"family": "embedding-linear", "params": {"backend": "fast"}}]}
    with pytest.raises(ClassifyError, match="backend"):
        ensemble.check_params(build_params(ensemble, members))
    with pytest.raises(ClassifyError, match="unknown encoder backend 'gpu'"):
        embed_cache.encode(["x"], "unused", backend="gpu")


def test_the_environment_overrides_the_configured_backend(monkeypatch):
    assert onnx_encoder.configured_backend("auto") == "auto"
    monkeypatch.setenv("CLASSIFY_ENCODER_BACKEND", "torch")
    assert onnx_encoder.configured_backend("onnx") == "torch"
    monkeypatch.setenv("CLASSIFY_ENCODER_BACKEND", "tpu")
    with pytest.raises(ClassifyError, match="unknown encoder backend 'tpu'"):
        onnx_encoder.configured_backend("auto")


def test_zero_shot_similarity_on_onnx_runtime_matches_torch(tiny_bert):
    from classify.models.zeroshot import ZeroShot, ZeroShotParams

    task = Task(
        name="stance",
        kind="multiclass",
        labels=("favour", "against", "neutral"),
        descriptions={"favour": "closer ties", "against": "sanctions and disputes"},
    )
    proba = {}
    for backend in ("torch", "onnx"):
        # The two share cached vectors (the check passed): each encodes anew.
        _empty_embedding_cache()
        params = ZeroShotParams(encoder=str(tiny_bert), backend=backend, calibrate=False)
        proba[backend] = ZeroShot(task, params).fit(TEXTS, None).predict_proba(TEXTS)
    assert proba["onnx"].shape == (len(TEXTS), 3)
    np.testing.assert_allclose(proba["onnx"], proba["torch"], atol=1e-3)


def test_an_int8_encoder_stays_on_torch_under_auto_without_exporting(
    tiny_bert, monkeypatch, caplog
):
    tried = []

    def no_export(name, quantize):
        tried.append(quantize)
        raise RuntimeError("no export here")

    monkeypatch.setattr(onnx_encoder, "onnx_available", lambda: True)
    monkeypatch.setattr(onnx_encoder, "ensure_graph", no_export)
    with caplog.at_level(logging.WARNING):
        assert onnx_encoder.resolve_backend(tiny_bert, "auto", quantize="int8") == "torch"
    assert tried == []
    assert not caplog.records
    # A float encoder under auto does try the graph (and notes the failure).
    assert onnx_encoder.resolve_backend(tiny_bert, "auto", quantize="none") == "torch"
    assert tried == ["none"]


def test_encoding_on_onnx_runtime_loads_neither_torch_nor_the_torch_encoder(tiny_bert, tmp_path):
    name = str(tiny_bert)
    expected = embed_cache.encode(TEXTS, name, backend="torch", cache=False)
    # The first run exports the graph and checks the tokenizer file on it.
    check = onnx_encoder.ensure_graph(name)[1]
    assert check["tokenizer_file"]["matches"]
    script = f"""
import json, sys
import numpy as np
from classify import embed_cache
x = embed_cache.encode({TEXTS!r}, {name!r}, backend="auto", cache=False)
y = embed_cache.encode({TEXTS!r}, {name!r}, backend="auto", cache=False, max_seq_length=4)
np.save({str(tmp_path / "x.npy")!r}, x)
np.save({str(tmp_path / "y.npy")!r}, y)
heavy = ("torch", "sentence_transformers", "transformers")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    heavy = json.loads(done.stdout.strip().splitlines()[-1])
    from classify.models._hub import _cpu_only_torch

    # A CUDA build of torch is imported to learn whether a GPU is there.
    assert heavy == ([] if _cpu_only_torch() else ["torch"])
    np.testing.assert_allclose(np.load(tmp_path / "x.npy"), expected, atol=onnx_encoder.TOLERANCE)
    # Truncation follows max_seq_length as the encoder's own tokenisation does.
    short = embed_cache.encode(TEXTS, name, backend="torch", max_seq_length=4, cache=False)
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), short, atol=onnx_encoder.TOLERANCE)


def test_a_tokenizer_file_that_tokenises_otherwise_is_not_used(tiny_bert, tmp_path, monkeypatch):
    name = str(tiny_bert)
    model = embed_cache.load_encoder(name, "cpu", backend="torch")
    assert onnx_encoder.tokenizer_check(model, tiny_bert / "tokenizer.json")["matches"]
    # The same file without lowercasing gives other ids for capitalised words.
    spec = json.loads((tiny_bert / "tokenizer.json").read_text(encoding="utf-8"))
    spec["normalizer"] = None
    other = tmp_path / "tokenizer.json"
    other.write_text(json.dumps(spec), encoding="utf-8")
    check = onnx_encoder.tokenizer_check(model, other)
    assert not check["matches"] and check["reason"].startswith("input_ids")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert not onnx_encoder.tokenizer_check(model, broken)["matches"]
    # A graph whose check found no match tokenises with the encoder's own.
    folder, stored = onnx_encoder.ensure_graph(name)
    stored = {**stored, "tokenizer_file": check}
    monkeypatch.setattr(onnx_encoder, "ensure_graph", lambda n, q="none": (folder, stored))
    encoder = onnx_encoder.load_onnx_encoder(name)
    assert isinstance(encoder.features, onnx_encoder.ModelFeatures)
    np.testing.assert_allclose(
        encoder.encode(TEXTS, normalize_embeddings=True),
        embed_cache.encode(TEXTS, name, backend="torch", cache=False),
        atol=onnx_encoder.TOLERANCE,
    )
