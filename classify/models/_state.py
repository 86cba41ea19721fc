"""Small persistence helpers shared by the families: a JSON state file that
records the labels it was trained for, and skops files loaded against an
allow-list."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from classify.errors import ClassifyError
from classify.tasks import Task


def write_state(path: Path, state: dict[str, Any], task: Task) -> None:
    state = {**state, "labels": list(task.labels)}
    Path(path).write_text(json.dumps(state, indent=2), encoding="utf-8")


def read_state(path: Path, task: Task) -> dict[str, Any]:
    """The state written by :func:`write_state`, refusing weights trained for
    another label set (their columns would silently mean other labels)."""
    path = Path(path)
    if not path.is_file():
        raise ClassifyError("weights are missing (no state file)", source=path)
    state = json.loads(path.read_text(encoding="utf-8"))
    if state.get("labels") != list(task.labels):
        raise ClassifyError(
            f"weights were trained for labels {state.get('labels')}, task has {list(task.labels)}",
            source=path.parent,
        )
    return state


def read_npz(path: Path) -> dict[str, Any]:
    """Every array of an ``.npz`` weights file, loaded without pickle.

    Raises:
        ClassifyError: naming the file, when it is missing, truncated or not
            an ``.npz`` file (numpy's own errors name neither).
    """
    import zipfile

    import numpy as np

    path = Path(path)
    if not path.is_file():
        raise ClassifyError(f"weights file {path.name} is missing", source=path.parent)
    try:
        with np.load(path, allow_pickle=False) as arrays:
            return _Arrays(path, {k: arrays[k] for k in arrays.files})
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        # numpy's text for bytes that are no .npz advises loading them with
        # pickle: never the way with a folder that was edited.
        why = (
            "it is not an .npz of arrays, and is never loaded with pickle"
            if "pickle" in str(exc)
            else str(exc)
        )
        raise ClassifyError(
            f"{path.name} is not a readable weights file (truncated or edited: {why}); "
            "retrain, or restore the folder from its copy",
            source=path.parent,
        ) from None


class _Arrays(dict):
    """The arrays of one weights file: one its model needs and it lacks (an
    .npz of another model, or edited) is a one-line error naming the file."""

    def __init__(self, path: Path, arrays: dict[str, Any]) -> None:
        super().__init__(arrays)
        self.path = path

    def __missing__(self, key: str) -> Any:
        raise ClassifyError(
            f"{self.path.name} lacks the array '{key}' this model needs (another model's "
            f"weights, or edited; it holds {', '.join(sorted(self)) or 'none'}): retrain, or "
            "restore the folder from its copy",
            source=self.path.parent,
        )


def load_skops(path: Path, allowed: Iterable[str]) -> Any:
    """Load a skops file whose types are all in skops' defaults or ``allowed``."""
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise ClassifyError("weights file is missing", source=path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # zipfile.BadZipFile, a pickle, a truncated file ...
        raise ClassifyError(
            f"{path.name} is not a readable skops weights file ({type(exc).__name__}); "
            "retrain the model or restore the folder",
            source=path.parent,
        ) from None
    allowed = set(allowed)
    unexpected = [t for t in untrusted if t not in allowed]
    if unexpected:
        raise ClassifyError(
            f"weights contain types outside the allow-list: {', '.join(unexpected)}", source=path
        )
    return sio.load(path, trusted=untrusted)


# What a Hugging Face tokenizer is read from: a fast tokenizer's own file,
# or the vocabulary a slow one is built from (WordPiece, BPE, SentencePiece).
_TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "vocab.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    "tokenizer.model",
)


def require_tokenizer(folder: Path, *, recursive: bool = False) -> None:
    """Refuse a fine-tuned model's folder that holds no tokenizer file:
    ``AutoTokenizer`` then builds one of a handful of special tokens, every
    word is ``[UNK]``, and the model predicts without a word of warning.

    Raises:
        ClassifyError: naming the folder and the files it would need.
    """
    glob = folder.rglob if recursive else folder.glob
    if not any(any(glob(name)) for name in _TOKENIZER_FILES):
        raise ClassifyError(
            "no tokenizer file (tokenizer.json, or vocab.txt, vocab.json or a SentencePiece "
            "model): the model would read every word as unknown; restore the folder from the "
            "one the model was saved to, or retrain it",
            source=folder,
        )
    if not any(glob("tokenizer_config.json")):
        # Its settings (lower-casing, the longest input) change what is read.
        raise ClassifyError(
            "no tokenizer_config.json beside the tokenizer: its settings (lower case, the "
            "longest input) would fall back to defaults and change the predictions; restore "
            "the folder from the one the model was saved to, or retrain it",
            source=folder,
        )


def require_safetensors(folder: Path, *, recursive: bool = False) -> None:
    """Refuse an encoder or transformer folder of a model folder that holds
    no ``*.safetensors`` (README, The model folder: weights are loaded from
    safetensors only; a ``pytorch_model.bin`` is a pickle, never read).

    Raises:
        ClassifyError: naming the folder and the pickle found there, if any.
    """
    glob = folder.rglob if recursive else folder.glob
    if any(glob("*.safetensors")):
        return
    other = sorted(p.name for p in glob("*.bin"))
    raise ClassifyError(
        "no model.safetensors: a model folder's weights are loaded from safetensors only"
        + (f" ({other[0]} is a pickle and is not read)" if other else ""),
        source=folder,
    )
