"""Sentence encoders run by ONNX Runtime on the CPU.

The sentence-transformers model (its whole module stack: the transformer,
the pooling its ``modules.json`` names, and its own ``Normalize`` where it
has one) is exported once with ``torch.onnx.export`` (the TorchScript
exporter, ``dynamo=False``: the dynamo one needs ``onnxscript``, which is
not installed) to a graph from token ids to the sentence embedding, and run
by ``onnxruntime.InferenceSession``. Tokenisation is the encoder's own: its
``tokenizer.json`` read by the ``tokenizers`` library, where the export's
check found that file gives exactly the ids, masks, truncation and padding
of ``SentenceTransformer.preprocess`` (so encoding a text needs neither torch
nor sentence-transformers, whose import and model load took about 10 s of
the first prediction); else ``preprocess`` itself, on the torch encoder. ``quantize="int8"`` quantizes the exported
graph with ``onnxruntime.quantization.quantize_dynamic`` (int8 weights,
activations quantized per call) where the torch path uses PyTorch's dynamic
quantization.

Where the graph lives: ``$CLASSIFY_CACHE_DIR/onnx/<fingerprint>-<setting>-...``
(:func:`graph_dir`), keyed by the encoder's content fingerprint (and the
onnxruntime version, which the check below holds for)
(:func:`classify.embed_cache.encoder_fingerprint`), not in the model
folder: the ``embedding-linear`` family does not copy its encoder into the
model folder either, the graph is derived from the encoder's files alone (so
a lost cache is re-exported in seconds), and one graph serves every model
(topic and stance, ensemble members) built on that encoder instead of adding
90 MB to each folder. The folder is built under a temporary name and renamed
into place, so a reader never sees half a graph, and two processes exporting
at once both end with one complete copy.

Every export is checked: the graph and the torch model it replaces encode
:data:`CHECK_TEXTS` and the largest absolute difference of the vectors is
stored in ``check.json``. ``backend: auto`` (:func:`resolve_backend`) uses
ONNX Runtime only where onnxruntime is importable, the device is the CPU
and that difference is within :data:`TOLERANCE`; else the torch path, with a
one-line note saying why.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

BACKENDS = ("auto", "torch", "onnx")
# Largest absolute difference between ONNX Runtime's and torch's vectors
# for ``auto`` to choose ONNX Runtime.
TOLERANCE = 1e-3
GRAPH = "model.onnx"
CHECK = "check.json"
# Bump when the export changes, so old graphs are not reused (2: the check
# also compares the tokenizer file with the encoder's own tokenisation).
EXPORT_VERSION = 2
OPSET = 17
# The check batch: sentences of different lengths, so padding is exercised.
CHECK_TEXTS = (
    "The foreign ministers met in Geneva on Tuesday.",
    "Sanctions on oil exports were extended for another six months, the council said.",
    "Talks stalled.",
    "Officials from both countries said the agreement would reopen the border crossings "
    "that have been closed since the start of the conflict, though critics in parliament "
    "warned that the deal gave away too much in exchange for vague promises.",
    "The embassy declined to comment on the report.",
    "Trade between the two neighbours doubled last year, according to customs figures.",
    "A spokesperson called the decision a step backwards for regional security.",
    "No date has been set for the next round of negotiations.",
)

# The tokenizer check adds what the sentences above lack: spaces around a
# text, an empty one, accents, dashes and curly quotes, a line break, an
# emoji, and one long enough to be truncated.
TOKENIZER_CHECK_TEXTS = (
    *CHECK_TEXTS,
    "  Talks in Minsk, \u201cconstructive\u201d \u2014 officials said.\n",
    "",
    "L\u00f8kke Rasmussen m\u00f6chte \u00c9lys\u00e9e-Gespr\u00e4che \U0001f642 f\u00fchren",
    " ".join(["The delegation discussed sanctions, trade and the release of prisoners."] * 60),
)

log = logging.getLogger(__name__)
_noted: set[str] = set()


def onnx_available() -> bool:
    """Whether onnxruntime can be imported and onnx (for the export) is
    installed; onnx is found, not imported (a second, needed only to export)."""
    from importlib.util import find_spec

    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return find_spec("onnx") is not None


def session_threads() -> int:
    """Threads for one inference session: ``OMP_NUM_THREADS`` where set (as
    torch reads it), else the CPUs this process may run on."""
    configured = os.environ.get("OMP_NUM_THREADS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    with contextlib.suppress(AttributeError):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def graph_dir(name: str, quantize: str = "none") -> Path:
    """The cache folder of an encoder's exported graph (it may not exist yet)."""
    from importlib.metadata import PackageNotFoundError, version

    from classify.embed_cache import cache_dir, encoder_fingerprint

    fingerprint = encoder_fingerprint(name).replace(":", "-").replace("/", "-")
    try:
        # The check holds for the runtime that made it: a new one checks again.
        runtime = version("onnxruntime")
    except PackageNotFoundError:
        runtime = "none"
    return cache_dir() / "onnx" / f"{fingerprint}-{quantize}-v{EXPORT_VERSION}-ort{runtime}"


def read_check(folder: Path) -> dict[str, Any] | None:
    """The stored check of a complete exported graph, or None."""
    try:
        check = json.loads((folder / CHECK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return check if (folder / GRAPH).is_file() else None


def _graph_module(model: Any, names: Sequence[str]) -> Any:
    """The encoder's module stack as a ``torch.nn.Module`` of its tokenizer's
    tensors (in the order of ``names``), returning the sentence embedding."""
    import torch

    class Graph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.model(dict(zip(names, tensors)))["sentence_embedding"]

    return Graph().eval()


def _features(model: Any, texts: list[str]) -> dict[str, Any]:
    """The encoder's own tokenisation of ``texts`` (tensors by input name):
    ``preprocess`` in current sentence-transformers, ``tokenize`` in older ones."""
    preprocess = getattr(model, "preprocess", None)
    return preprocess(texts) if preprocess is not None else model.tokenize(texts)


class ModelFeatures:
    """Token features from a loaded sentence-transformers encoder: its own
    ``preprocess``, as int64 arrays by input name."""

    def __init__(self, model: Any):
        self.model = model

    @property
    def tokenizer(self) -> Any:
        return self.model.tokenizer

    @property
    def max_seq_length(self) -> int:
        return self.model.max_seq_length

    @max_seq_length.setter
    def max_seq_length(self, value: int) -> None:
        self.model.max_seq_length = value

    def __call__(self, texts: list[str]) -> dict[str, np.ndarray]:
        features = _features(self.model, texts)
        return {k: features[k].numpy().astype(np.int64) for k in _input_names(features)}


class FileFeatures:
    """Token features from an encoder's ``tokenizer.json``, read by the
    ``tokenizers`` library: truncated to ``max_seq_length`` tokens (special
    tokens included) and padded to the longest text of the batch with
    ``pad_id``, as a transformers fast tokenizer called with
    ``padding=True, truncation="longest_first"`` does. Used only where the
    export's check found it equal to the encoder's own tokenisation
    (:func:`tokenizer_check`); the torch encoder is loaded only if something
    asks for :attr:`tokenizer`.

    Raises:
        Exception: whatever ``tokenizers`` raises for an unreadable file.
    """

    def __init__(self, path: Path, *, max_seq_length: int, pad_id: int, name: str | None = None):
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self.max_seq_length = int(max_seq_length)
        self.pad_id = int(pad_id)
        self.name = name

    @property
    def tokenizer(self) -> Any:
        # Windowing reads a light tokenizer of its own (embed_cache.window_tokenizer);
        # anything that needs the transformers tokenizer gets the encoder's.
        from classify.embed_cache import load_encoder

        if self.name is None:
            raise AttributeError("tokenizer")
        return load_encoder(self.name, "cpu", "none", backend="torch").tokenizer

    def __call__(self, texts: list[str]) -> dict[str, np.ndarray]:
        self._tokenizer.enable_truncation(max_length=self.max_seq_length)
        encodings = self._tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        shape = (len(encodings), width)
        ids = np.full(shape, self.pad_id, dtype=np.int64)
        mask = np.zeros(shape, dtype=np.int64)
        types = np.zeros(shape, dtype=np.int64)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = 1
            types[row, :n] = enc.type_ids
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def tokenizer_check(model: Any, path: Path) -> dict[str, Any]:
    """Whether ``path`` (a ``tokenizer.json``) tokenises as the loaded
    encoder ``model`` does, on :data:`TOKENIZER_CHECK_TEXTS` one at a time
    and batched: ``{"matches": bool, "max_seq_length", "pad_id"}`` (and
    ``"reason"`` where it does not match)."""
    pad_id = getattr(getattr(model, "tokenizer", None), "pad_token_id", None)
    result: dict[str, Any] = {
        "matches": False,
        "max_seq_length": model.max_seq_length,
        "pad_id": pad_id,
    }
    if pad_id is None or not isinstance(model.max_seq_length, int):
        result["reason"] = "the encoder names no pad token or length"
        return result
    try:
        light = FileFeatures(path, max_seq_length=model.max_seq_length, pad_id=pad_id)
        own = ModelFeatures(model)
        texts = list(TOKENIZER_CHECK_TEXTS)
        for batch in [texts, *([t] for t in texts)]:
            a, b = own(batch), light(batch)
            for key in a:
                if key not in b or a[key].shape != b[key].shape or not (a[key] == b[key]).all():
                    result["reason"] = f"{key} differs from the encoder's own"
                    return result
    except Exception as exc:  # any failure: the encoder's own tokenisation
        result["reason"] = f"{type(exc).__name__}: {exc}"
        return result
    result["matches"] = True
    return result


def _input_names(features: dict[str, Any]) -> list[str]:
    return [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in features]


def export(
    model: Any,
    folder: Path,
    *,
    quantize: str = "none",
    torch_model: Any = None,
    tokenizer_file: Path | None = None,
) -> dict:
    """Export a loaded SentenceTransformer ``model`` (float, CPU) to ``folder``.

    Args:
        model: the float encoder; its modules run inside the graph.
        folder: where ``model.onnx`` and ``check.json`` go (created whole).
        quantize: ``"int8"`` quantizes the graph dynamically.
        torch_model: the torch encoder the graph replaces (the int8 one for
            ``quantize="int8"``); ``model`` where None.
        tokenizer_file: the encoder's ``tokenizer.json``, checked against its
            own tokenisation (:func:`tokenizer_check`) so that encoding can
            use it without the torch encoder; None or a missing file: not
            used.

    Returns:
        the check: ``max_abs_diff`` over :data:`CHECK_TEXTS`, ``passed``,
        and ``tokenizer_file`` (the tokenizer check, or None).
    """
    import torch

    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".{folder.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        features = _features(model, list(CHECK_TEXTS))
        names = _input_names(features)
        graph = _graph_module(model, names)
        tensors = tuple(features[k] for k in names)
        axes = {k: {0: "batch", 1: "tokens"} for k in names}
        axes["embedding"] = {0: "batch"}
        float_path = tmp / ("float.onnx" if quantize == "int8" else GRAPH)
        with torch.no_grad(), warnings.catch_warnings():
            # The TorchScript exporter warns that it is deprecated and about
            # traced shape arithmetic; the dynamic axes cover the latter.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                graph,
                tensors,
                str(float_path),
                input_names=names,
                output_names=["embedding"],
                dynamic_axes=axes,
                opset_version=OPSET,
                dynamo=False,
            )
        if quantize == "int8":
            from onnxruntime.quantization import QuantType, quantize_dynamic

            root = logging.getLogger()
            level = root.level
            # It logs a hint about shape pre-processing on the root logger.
            root.setLevel(logging.ERROR)
            try:
                quantize_dynamic(str(float_path), str(tmp / GRAPH), weight_type=QuantType.QInt8)
            finally:
                root.setLevel(level)
            float_path.unlink()
        reference = _run_torch(torch_model if torch_model is not None else model)
        encoder = OnnxEncoder(ModelFeatures(model), tmp / GRAPH)
        got = encoder.encode(list(CHECK_TEXTS), batch_size=len(CHECK_TEXTS))
        diff = float(np.abs(got - reference).max())
        import onnxruntime

        check = {
            "max_abs_diff": diff,
            "tolerance": TOLERANCE,
            "passed": diff <= TOLERANCE,
            "quantize": quantize,
            "onnxruntime": onnxruntime.__version__,
            "torch": torch.__version__,
            "opset": OPSET,
            "tokenizer_file": (
                tokenizer_check(model, Path(tokenizer_file))
                if tokenizer_file is not None and Path(tokenizer_file).is_file()
                else None
            ),
        }
        (tmp / CHECK).write_text(json.dumps(check, indent=2) + "\n", encoding="utf-8")
        try:
            tmp.rename(folder)
        except OSError:
            # Another process finished the same export first; theirs stays.
            if read_check(folder) is None:
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return check


def _run_torch(model: Any) -> np.ndarray:
    out = model.encode(
        list(CHECK_TEXTS),
        batch_size=len(CHECK_TEXTS),
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(out, dtype=np.float32)


class OnnxEncoder:
    """The subset of ``SentenceTransformer`` that classify uses (``encode``,
    ``tokenizer``, ``max_seq_length``), computed by ONNX Runtime.

    ``features`` tokenises (:class:`FileFeatures` or :class:`ModelFeatures`);
    texts are sorted by length and batched as sentence-transformers does, so
    padding stays small."""

    backend = "onnx"
    #: Texts per ONNX Runtime call at most. On CPU, small batches of
    #: length-sorted texts run faster than sentence-transformers' 32 (less
    #: padding, activations that stay in cache): 285 vs 217 texts/s on 2
    #: cores for the packaged MiniLM on news items; the vectors differ by
    #: under 1e-7.
    max_batch_size = 8

    def __init__(self, features: Any, path: Path, threads: int | None = None):
        import onnxruntime as ort

        self.features = features
        self.path = Path(path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or session_threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(self.path), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = [i.name for i in self.session.get_inputs()]

    @property
    def tokenizer(self) -> Any:
        return self.features.tokenizer

    @property
    def max_seq_length(self) -> int:
        return self.features.max_seq_length

    @max_seq_length.setter
    def max_seq_length(self, value: int) -> None:
        self.features.max_seq_length = value

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 32,
        normalize_embeddings: bool = False,
        **_: Any,
    ) -> np.ndarray:
        """Embeddings ``(len(texts), dim)`` float32, in the order given.

        ``normalize_embeddings`` L2-normalises them, as sentence-transformers
        does; other keyword arguments of ``SentenceTransformer.encode``
        (``convert_to_numpy``, ``show_progress_bar``) are accepted and
        ignored."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        batch_size = min(max(1, batch_size), self.max_batch_size)
        parts = []
        for start in range(0, len(texts), batch_size):
            batch = [texts[i] for i in order[start : start + batch_size]]
            features = self.features(batch)
            feed = {k: features[k] for k in self.inputs}
            parts.append(self.session.run(None, feed)[0])
        out = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        out[order] = np.concatenate(parts)
        if normalize_embeddings:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.clip(norms, 1e-12, None)
        return out


def _shown_name(name: str) -> str:
    """An encoder as a user knows it: ``MODEL`` for a model folder's
    fine-tuned ``MODEL/body``, else the folder's or hub id's last part."""
    path = Path(name)
    return f"{path.parent.name}/{path.name}" if path.name == "body" else path.name


def _note(message: str) -> None:
    """Log ``message`` (one line, a warning) once per process."""
    if message in _noted:
        return
    _noted.add(message)
    log.warning(message)


def ensure_graph(name: str, quantize: str = "none") -> tuple[Path, dict]:
    """The exported graph of encoder ``name`` and its check, exporting it first
    where the cache has none (loads the torch encoder; seconds)."""
    folder = graph_dir(name, quantize)
    check = read_check(folder)
    if check is None:
        from classify.embed_cache import encoder_folder, load_encoder

        # The first prediction on a fresh cache takes longer than on torch:
        # say why (review 31c).
        _note(
            # A fine-tuned body is saved as MODEL/body: name the model folder.
            f"exporting encoder '{_shown_name(name)}' to ONNX Runtime, once per encoder on this "
            f"machine (10-20 s on 2 CPU cores; kept in {folder.parent})"
        )
        model = load_encoder(name, "cpu", "none", backend="torch")
        torch_model = model if quantize == "none" else load_encoder(name, "cpu", quantize)
        source = encoder_folder(name)
        check = export(
            model,
            folder,
            quantize=quantize,
            torch_model=torch_model,
            tokenizer_file=None if source is None else source / "tokenizer.json",
        )
        log.info("exported %s to %s (max abs diff %.2g)", name, folder, check["max_abs_diff"])
    return folder, check


def check_backend(backend: str) -> str:
    """``backend`` where it is one of :data:`BACKENDS`, else ClassifyError."""
    from classify.errors import ClassifyError

    if backend not in BACKENDS:
        raise ClassifyError(f"unknown encoder backend '{backend}' (allowed: {', '.join(BACKENDS)})")
    return backend


def configured_backend(backend: str) -> str:
    """The backend asked for: ``CLASSIFY_ENCODER_BACKEND`` where set (to
    force ``torch`` or ``onnx`` without editing configs), else ``backend``;
    ClassifyError for an unknown name."""
    return check_backend(os.environ.get("CLASSIFY_ENCODER_BACKEND", "").strip() or backend)


def resolve_backend(name: str, backend: str, *, quantize: str = "none", device: str = "cpu") -> str:
    """``"torch"`` or ``"onnx"``: the backend an encoder setting runs on.

    ``torch`` is torch. ``onnx`` is ONNX Runtime (ClassifyError where
    onnxruntime is missing; a note where the graph's check failed). ``auto``
    is ONNX Runtime for a float encoder on the CPU where onnxruntime is
    importable and the exported graph matches torch within :data:`TOLERANCE`
    on the check batch, else torch (with a one-line note where that was not
    by design); an int8 encoder stays on torch. Exporting the graph, the first time,
    loads the torch encoder.
    """
    from classify.errors import ClassifyError

    if check_backend(backend) == "torch":
        return "torch"
    if not onnx_available():
        if backend == "onnx":
            raise ClassifyError(
                "backend 'onnx' needs onnxruntime and onnx (pip install onnxruntime onnx)"
            )
        _note("onnxruntime is not installed: the encoder runs on torch")
        return "torch"
    if backend == "auto" and (device != "cpu" or quantize != "none"):
        # Measured here: ONNX Runtime's int8 graph quantizes differently from
        # torch's (probabilities up to 0.2 apart) and is no faster, so an
        # int8 encoder stays on torch unless `backend: onnx` asks otherwise.
        return "torch"
    from classify.models._hub import ModelNotFound

    try:
        _, check = ensure_graph(name, quantize)
    except ModelNotFound:
        raise  # torch could not load it either
    except Exception as exc:
        if backend == "onnx":
            raise ClassifyError(f"could not export encoder '{name}' to ONNX: {exc}") from exc
        _note(f"could not export encoder '{name}' to ONNX ({exc}): it runs on torch")
        return "torch"
    if check["passed"]:
        return "onnx"
    message = (
        f"ONNX Runtime's vectors for '{name}' ({quantize}) differ from torch's by "
        f"{check['max_abs_diff']:.2g} (> {TOLERANCE:g})"
    )
    if backend == "onnx":
        _note(message + "; using ONNX Runtime as configured")
        return "onnx"
    _note(message + ": the encoder runs on torch")
    return "torch"


def load_onnx_encoder(name: str, quantize: str = "none") -> OnnxEncoder:
    """An :class:`OnnxEncoder` for encoder ``name`` (exported if need be).

    It tokenises with the encoder's ``tokenizer.json`` where the export's
    check found it equal to the encoder's own tokenisation, so neither torch
    nor the torch encoder is loaded; else with the torch encoder's own."""
    from classify.embed_cache import encoder_folder, load_encoder

    folder, check = ensure_graph(name, quantize)
    light = check.get("tokenizer_file") or {}
    source = encoder_folder(name)
    if light.get("matches") and source is not None and (source / "tokenizer.json").is_file():
        try:
            features: Any = FileFeatures(
                source / "tokenizer.json",
                max_seq_length=light["max_seq_length"],
                pad_id=light["pad_id"],
                name=name,
            )
            return OnnxEncoder(features, folder / GRAPH)
        except Exception as exc:  # an unreadable file: the encoder's own
            _note(
                f"could not read {source / 'tokenizer.json'} ({exc}): tokenising with the encoder"
            )
    features = ModelFeatures(load_encoder(name, "cpu", "none", backend="torch"))
    return OnnxEncoder(features, folder / GRAPH)
