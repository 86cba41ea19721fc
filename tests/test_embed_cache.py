"""The on-disk embedding cache: hits skip the encoder, across processes too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from classify import embed_cache

TEXTS = [
    "Both countries agreed to reopen their embassies next month.",
    "The union imposed an asset freeze on senior officials.",
    "Police detained dozens of protesters and two journalists.",
]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def encoder_calls(monkeypatch) -> list[list[str]]:
    """Every batch of texts that reaches the model."""
    calls: list[list[str]] = []
    real = embed_cache._run_encoder

    def counting(model, texts, **kwargs):
        calls.append(list(texts))
        return real(model, texts, **kwargs)

    monkeypatch.setattr(embed_cache, "_run_encoder", counting)
    return calls


def test_second_encode_does_not_call_the_encoder(tiny_bert, cache, encoder_calls):
    first = embed_cache.encode(TEXTS, str(tiny_bert))
    assert first.shape == (3, 64) and first.dtype == np.float32
    assert encoder_calls == [TEXTS]
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)

    again = embed_cache.encode(TEXTS, str(tiny_bert))
    assert len(encoder_calls) == 1
    np.testing.assert_array_equal(again, first)

    # Only the new text is encoded; duplicates are encoded once and returned twice.
    mixed = embed_cache.encode([TEXTS[1], "A brand new sentence.", TEXTS[1]], str(tiny_bert))
    assert encoder_calls[1:] == [["A brand new sentence."]]
    np.testing.assert_array_equal(mixed[0], first[1])
    np.testing.assert_array_equal(mixed[2], first[1])

    # The cached vectors are the encoder's own.
    direct = embed_cache.load_encoder(str(tiny_bert)).encode(
        TEXTS, normalize_embeddings=True, show_progress_bar=False
    )
    np.testing.assert_allclose(first, direct, atol=1e-5)


def test_settings_are_part_of_the_key(tiny_bert, cache, encoder_calls):
    unit = embed_cache.encode(TEXTS, str(tiny_bert), normalize=True)
    raw = embed_cache.encode(TEXTS, str(tiny_bert), normalize=False)
    short = embed_cache.encode(TEXTS, str(tiny_bert), normalize=True, max_seq_length=4)
    assert len(encoder_calls) == 3
    assert not np.allclose(np.linalg.norm(raw, axis=1), 1.0)
    np.testing.assert_allclose(unit, raw / np.linalg.norm(raw, axis=1, keepdims=True), atol=1e-5)
    assert not np.allclose(short, unit)
    # The shared model gets its own length back after a call that changed it.
    assert embed_cache.load_encoder(str(tiny_bert)).max_seq_length == 64


def test_cache_survives_a_new_process(tiny_bert, cache, encoder_calls):
    first = embed_cache.encode(TEXTS, str(tiny_bert), batch_size=2)
    # A fresh interpreter must find every vector on disk: its encoder raises,
    # and sentence-transformers (torch) is never even imported.
    script = f"""
import json, sys
from classify import embed_cache
def refuse(*args, **kwargs):
    raise AssertionError("encoder called")
embed_cache._run_encoder = refuse
x = embed_cache.encode({TEXTS!r}, {str(tiny_bert)!r}, batch_size=2)
print(json.dumps({{"x": x.tolist(), "heavy": sorted(m for m in ("torch", "sentence_transformers") if m in sys.modules)}}))
"""
    env = {**os.environ, "CLASSIFY_CACHE_DIR": str(cache)}
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=True,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["heavy"] == []
    np.testing.assert_array_equal(np.asarray(out["x"], dtype=np.float32), first)
    assert len(encoder_calls) == 1


def test_progress_counts_distinct_texts(tiny_bert, cache):
    seen: list[tuple[int, int]] = []
    embed_cache.encode(TEXTS[:2], str(tiny_bert), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    seen.clear()
    embed_cache.encode(
        TEXTS, str(tiny_bert), batch_size=1, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (2, 3) and seen[-1] == (3, 3)


def test_fingerprint_follows_files_not_paths(tiny_bert, tmp_path, cache, encoder_calls):
    copy = tmp_path / "copy"
    shutil.copytree(tiny_bert, copy)
    assert embed_cache.encoder_fingerprint(str(copy)) == embed_cache.encoder_fingerprint(
        str(tiny_bert)
    )
    embed_cache.encode(TEXTS, str(tiny_bert))
    embed_cache.encode(TEXTS, str(copy))
    # The same weights in another folder share their vectors.
    assert len(encoder_calls) == 1

    before = embed_cache.encoder_fingerprint(str(copy))
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-10] ^= 0xFF  # another version of the weights, same size
    weights.write_bytes(bytes(data))
    assert embed_cache.encoder_fingerprint(str(copy)) != before


def test_concurrent_writers_do_not_fail(cache):
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            with embed_cache.EmbeddingStore() as store:
                for i in range(20):
                    hashes = [f"{offset}-{i}-{k}" for k in range(50)]
                    store.put("k", {}, hashes, np.full((50, 8), offset, dtype=np.float32))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with embed_cache.EmbeddingStore() as store:
        assert store.count("k") == 3 * 20 * 50
        got = store.get("k", ["2-5-7"])
        np.testing.assert_array_equal(got["2-5-7"], np.full(8, 2, dtype=np.float32))
