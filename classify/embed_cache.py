"""Sentence embeddings, computed once per text and kept on disk.

Cross-validation, threshold tuning and experiments encode the same texts again
and again; with a frozen encoder the result never changes, so each text is
encoded once and its vector stored in a SQLite file, keyed by

* the encoder: its resolved name or path plus a fingerprint of its files
  (:func:`encoder_fingerprint`), so replacing the weights in a folder does
  not serve stale vectors,
* whether vectors are L2-normalised, and the maximum sequence length,
* the SHA-1 of the text.

The file lives in ``$CLASSIFY_CACHE_DIR`` (else ``~/.cache/classify``). SQLite
in WAL mode with a busy timeout lets several processes read and write it at
once. A request whose texts are all cached neither imports torch nor loads
the model; encoders that are loaded stay in a small per-process LRU, so
repeated fits do not reload them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classify.models._hub import resolve_model
from classify.models.base import Progress
from classify.quiet import quiet_transformers

DB_NAME = "embeddings.sqlite"
# Loaded encoders kept per process: enough for a model and a comparison,
# or for a float encoder and the int8 or ONNX Runtime one made from it.
MAX_LOADED = 3
# Texts encoded per call to the model between cache writes, in batches: an
# interrupted job keeps what it has done, and progress moves in small steps.
CHUNK_BATCHES = 8
# SQLite's limit on "?" parameters per statement is 32766 in current builds
# and 999 in old ones.
_SQL_VARS = 900
# Files whose contents identify an encoder's behaviour (configs, tokenizer).
_CONFIG_FILES = (
    "config.json",
    "config_sentence_transformers.json",
    "sentence_bert_config.json",
    "modules.json",
    "tokenizer_config.json",
    "tokenizer.json",
    "vocab.txt",
    "1_Pooling/config.json",
)
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".onnx")
_SAMPLES = 8
_SAMPLE_BYTES = 1 << 16

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    configured = os.environ.get("CLASSIFY_CACHE_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "classify"


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# -- encoder identity -------------------------------------------------------------


def encoder_folder(name: str) -> Path | None:
    """The local folder an encoder loads from, without loading it, if known.

    A hub id resolves to its snapshot in the Hugging Face cache where it has
    been downloaded before; ``None`` otherwise.
    """
    resolved = Path(resolve_model(name)).expanduser()
    if resolved.is_dir():
        return resolved
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception:
        return None


def encoder_fingerprint(name: str) -> str:
    """A short hash of an encoder's config files and weights.

    Weights are sampled (size plus a few 64 KiB slices spread over each file)
    rather than hashed whole: fine-tuning changes every tensor, so any slice
    tells two versions apart, and a 1 GB model is fingerprinted in
    milliseconds. An encoder with no local folder is known by name only.
    """
    folder = encoder_folder(name)
    if folder is None:
        return "name:" + name
    digest = hashlib.sha1()
    for rel in _CONFIG_FILES:
        path = folder / rel
        if path.is_file():
            digest.update(rel.encode())
            digest.update(path.read_bytes())
    weights = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in _WEIGHT_SUFFIXES)
    for path in weights:
        size = path.stat().st_size
        digest.update(f"{path.relative_to(folder)}:{size}".encode())
        with path.open("rb") as fh:
            for i in range(_SAMPLES):
                fh.seek(max(0, size - _SAMPLE_BYTES) * i // max(1, _SAMPLES - 1))
                digest.update(fh.read(_SAMPLE_BYTES))
    return digest.hexdigest()[:16]


class EncoderMismatchWarning(UserWarning):
    """A saved model is loaded with an encoder whose files have changed."""


def check_fingerprint(encoder: str, expected: str, *, source: object) -> bool:
    """Warn, and return False, where an encoder's files differ from training."""
    actual = encoder_fingerprint(encoder)
    if actual == expected:
        return True
    message = (
        f"{source}: encoder '{encoder}' differs from the one this model was trained with "
        f"(fingerprint {actual}, expected {expected}); predictions may be wrong. "
        "Retrain the model or install the original encoder."
    )
    from classify.errors import in_cli, user_stacklevel, warn

    if in_cli():
        warn(message)  # one "warning:" line, not a log line and a Python warning
    else:
        warnings.warn(message, EncoderMismatchWarning, stacklevel=user_stacklevel())
    return False


def cache_key(
    name: str,
    *,
    normalize: bool,
    max_seq_length: int | None,
    quantize: str = "none",
    backend: str = "torch",
) -> tuple[str, dict]:
    """The key under which one encoder setting's vectors are stored.

    Vectors of ONNX Runtime and torch share a key where the exported graph
    matched torch within :data:`classify.onnx_encoder.TOLERANCE` on its
    check batch (the only case ``backend: auto`` uses it); a graph that did
    not (``backend: onnx`` forced on it) keys its vectors apart."""
    folder = encoder_folder(name)
    info = {
        "encoder": str(folder) if folder is not None else name,
        "fingerprint": encoder_fingerprint(name),
        "normalize": bool(normalize),
        "max_seq_length": max_seq_length,
    }
    if quantize != "none":
        # Only then, so that the keys of unquantized vectors stay as they were.
        info["quantize"] = quantize
    if backend == "onnx":
        from classify.onnx_encoder import ensure_graph, onnx_available

        if not onnx_available():
            # load_encoder says why; nothing is stored under this key.
            return "", info
        _, check = ensure_graph(name, quantize)
        if not check["passed"]:
            info["backend"] = "onnx"
    # The folder path is not part of the key: the same weights installed in
    # two environments share their vectors.
    keyed = {k: v for k, v in info.items() if k != "encoder"}
    return hashlib.sha1(json.dumps(keyed, sort_keys=True).encode()).hexdigest()[:20], info


# -- loaded encoders -------------------------------------------------------------

_loaded: OrderedDict[tuple[str, str], Any] = OrderedDict()
_loaded_lock = threading.Lock()


def load_encoder(
    name: str, device: str | None = None, quantize: str = "none", backend: str = "torch"
):
    """A SentenceTransformer for ``name``, loaded once per process.

    ``backend`` (``torch``, ``onnx`` or ``auto``, see
    :func:`classify.onnx_encoder.resolve_backend`): with ``onnx``, or
    ``auto`` where ONNX Runtime holds, the result is an
    :class:`classify.onnx_encoder.OnnxEncoder`, which encodes with ONNX
    Runtime on the CPU and offers the same ``encode``, ``tokenizer`` and
    ``max_seq_length``.

    ``quantize="int8"`` applies PyTorch's dynamic int8 quantization to the
    encoder's linear layers (weights stored as int8, activations quantized on
    the fly; Jacob et al. 2018, "Quantization and Training of Neural Networks
    for Efficient Integer-Arithmetic-Only Inference"). On CPU it encodes
    news items about 2.8 times faster; the vectors differ from the float
    ones (mean cosine 0.94 on news items), so a head must be trained and used
    with the same setting, which the embedding cache keys on. Activations
    are scaled per batch, so an int8 vector depends slightly on the texts
    encoded with it. On a GPU it is ignored (float weights).

    The instance is shared: callers must not train it (SetFit loads its own).
    """
    from classify.models._hub import pick_device

    resolved = resolve_model(name)
    device = device or pick_device()
    if device != "cpu":
        quantize = "none"
    if backend != "torch":
        from classify.onnx_encoder import resolve_backend

        backend = resolve_backend(name, backend, quantize=quantize, device=device)
    key = (resolved, device) if quantize == "none" else (resolved, f"{device}+{quantize}")
    if backend == "onnx":
        key = (resolved, f"onnx+{quantize}")
    with _loaded_lock:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
    from classify.models._hub import loading

    if backend == "onnx":
        from classify.onnx_encoder import load_onnx_encoder

        with loading(resolved, "encoder"):
            model = load_onnx_encoder(name, quantize)
        _remember(key, model)
        return model
    from sentence_transformers import SentenceTransformer

    with quiet_transformers(), loading(resolved, "encoder"):
        model = SentenceTransformer(resolved, device=device)
    model.eval()
    if quantize == "int8":
        import torch

        with warnings.catch_warnings():
            # torch asks eager-mode users to move to torchao; the API works.
            warnings.simplefilter("ignore")
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
    _remember(key, model)
    return model


class _FastTokenizer:
    """A local ``tokenizer.json`` read by the ``tokenizers`` library, with
    the part of a transformers fast tokenizer that windowing uses
    (:func:`classify.models._windows.text_windows`: offsets of the word
    pieces): the same offsets, without importing torch and loading the
    encoder's weights only to tell whether a text is long."""

    is_fast = True
    model_input_names = ("input_ids", "attention_mask")

    def __init__(self, path: Path):
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()

    def __call__(self, text: str, **_: Any) -> dict[str, list]:
        enc = self._tokenizer.encode(text, add_special_tokens=False)
        return {"input_ids": enc.ids, "offset_mapping": enc.offsets}


def window_tokenizer(name: str) -> tuple[Any, int] | None:
    """A light tokenizer for cutting texts into an encoder's windows, and
    the encoder's ``max_seq_length``: for a local sentence-transformers
    folder with a ``tokenizer.json`` and a ``sentence_bert_config.json``
    that names the length; None otherwise (load the encoder:
    :func:`load_encoder`)."""
    folder = encoder_folder(name)
    if folder is None or not (folder / "tokenizer.json").is_file():
        return None
    limit = None
    config = folder / "sentence_bert_config.json"
    with contextlib.suppress(ValueError, OSError):
        limit = json.loads(config.read_text(encoding="utf-8")).get("max_seq_length")
    if not isinstance(limit, int):
        return None  # the encoder decides its own limit: load it
    try:
        return _FastTokenizer(folder / "tokenizer.json"), limit
    except Exception:  # any unreadable file: the encoder's own tokenizer
        return None


def _remember(key: tuple[str, str], model: Any) -> None:
    with _loaded_lock:
        _loaded[key] = model
        while len(_loaded) > MAX_LOADED:
            _loaded.popitem(last=False)


def clear_loaded() -> None:
    with _loaded_lock:
        _loaded.clear()


# -- the store --------------------------------------------------------------------


def open_store(path: Path | None = None) -> EmbeddingStore | None:
    """The embedding cache, or None where it cannot be opened (a read-only
    home): encoding goes on without it, said once. A file that is no SQLite
    database (damaged, or overwritten) is set aside as ``*.broken`` and a new
    cache started, said once with both paths: it holds only what encoding
    gives again."""
    from classify.errors import warn

    path = Path(path) if path is not None else cache_dir() / DB_NAME

    def without(reason: object) -> None:
        warn(
            f"embedding cache {path} unavailable ({reason}); encoding without it", once="cache-off"
        )

    try:
        return EmbeddingStore(path)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) or not path.is_file():
            return without(exc)  # locked, or a folder where the file goes
        broken = path.with_name(path.name + ".broken")
        try:
            os.replace(path, broken)
            store = EmbeddingStore(path)
        except (OSError, sqlite3.Error) as again:
            return without(again)
        warn(
            f"embedding cache {path} was not a database ({exc}): set aside as {broken} and "
            "started anew (it holds only encodings, made again as needed)",
            once="cache-broken",
        )
        return store
    except OSError as exc:
        return without(exc)  # a read-only home must not stop a prediction


class EmbeddingStore:
    """Vectors by (key, text hash) in one SQLite file."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else cache_dir() / DB_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write below opens its own explicit
        # transaction, so a reader never waits on an idle open one.
        self.conn = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
        self.conn.execute("PRAGMA busy_timeout = 60000")
        with contextlib.suppress(sqlite3.OperationalError):
            # WAL lets readers proceed while another process writes; on file
            # systems without shared memory SQLite keeps the default journal.
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            " key TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL,"
            " vector BLOB NOT NULL, PRIMARY KEY (key, text_hash)) WITHOUT ROWID"
        )
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS encoders (key TEXT PRIMARY KEY, info TEXT NOT NULL)"
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> EmbeddingStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, key: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), _SQL_VARS):
            part = list(hashes[start : start + _SQL_VARS])
            marks = ",".join("?" * len(part))
            rows = self.conn.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE key = ? AND text_hash IN ({marks})",
                [key, *part],
            )
            for h, blob in rows:
                found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, key: str, info: dict, hashes: Sequence[str], vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        rows = [(key, h, int(v.shape[0]), v.tobytes()) for h, v in zip(hashes, vectors)]
        # BEGIN IMMEDIATE takes the write lock up front, so two writers queue
        # on the busy timeout instead of failing half way.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                "INSERT OR IGNORE INTO encoders (key, info) VALUES (?, ?)",
                (key, json.dumps(info, sort_keys=True)),
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO embeddings (key, text_hash, dim, vector) VALUES (?, ?, ?, ?)",
                rows,
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def count(self, key: str | None = None) -> int:
        if key is None:
            return self.conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
        return self.conn.execute(
            "SELECT COUNT(*) FROM embeddings WHERE key = ?", (key,)
        ).fetchone()[0]


# -- the one entry point --------------------------------------------------------------


def encode(
    texts: Sequence[str],
    encoder_name: str,
    *,
    batch_size: int = 32,
    normalize: bool = True,
    max_seq_length: int | None = None,
    progress: Progress | None = None,
    cache: bool = True,
    device: str | None = None,
    quantize: str = "none",
    backend: str = "torch",
) -> np.ndarray:
    """Embeddings ``(len(texts), dim)`` as float32, encoding only cache misses.

    ``progress(done, total)`` counts distinct texts, cached ones included.
    ``cache=False`` encodes everything and stores nothing. ``backend``:
    ``torch``, ``onnx`` or ``auto`` (:func:`load_encoder`); the environment
    variable ``CLASSIFY_ENCODER_BACKEND`` overrides it where set.
    """
    from classify.onnx_encoder import configured_backend

    backend = configured_backend(backend)
    texts = [str(t) for t in texts]
    hashes = [text_hash(t) for t in texts]
    unique: dict[str, str] = dict(zip(hashes, texts))
    total = len(unique)
    vectors: dict[str, np.ndarray] = {}
    store = None
    key, info = "", {}
    if cache:
        key, info = cache_key(
            encoder_name,
            normalize=normalize,
            max_seq_length=max_seq_length,
            quantize=quantize,
            backend=backend,
        )
        store = open_store()
    try:
        if store is not None:
            vectors = store.get(key, list(unique))
        missing = [h for h in unique if h not in vectors]
        if progress:
            progress(total - len(missing), total)
        if missing:
            model = load_encoder(encoder_name, device, quantize, backend)
            step = max(1, batch_size) * CHUNK_BATCHES
            for start in range(0, len(missing), step):
                part = missing[start : start + step]
                encoded = _run_encoder(
                    model,
                    [unique[h] for h in part],
                    batch_size=batch_size,
                    normalize=normalize,
                    max_seq_length=max_seq_length,
                )
                if store is not None:
                    store.put(key, info, part, encoded)
                vectors.update(zip(part, encoded))
                if progress:
                    progress(total - len(missing) + start + len(part), total)
    finally:
        if store is not None:
            store.close()
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([vectors[h] for h in hashes]).astype(np.float32, copy=False)


def _run_encoder(
    model: Any,
    texts: list[str],
    *,
    batch_size: int,
    normalize: bool,
    max_seq_length: int | None,
) -> np.ndarray:
    # The model object is shared, so a length set for this call is put back.
    previous = model.max_seq_length
    if max_seq_length is not None:
        model.max_seq_length = max_seq_length
    try:
        out = model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=normalize,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    finally:
        model.max_seq_length = previous
    return np.asarray(out, dtype=np.float32)
