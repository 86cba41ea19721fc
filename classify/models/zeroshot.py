"""``zero-shot``: classes from the task's label descriptions, no training needed.

Each label is represented by its description in the task file (or its name,
where it has none). Two ways to score a text against them:

* ``similarity`` (default; works offline with the packaged MiniLM): cosine
  similarity between the text's embedding and each description's, through
  the embedding cache. Multiclass: a softmax over similarities divided by a
  temperature. Multilabel: per label ``sigmoid(scale * (similarity - shift))``.
* ``nli``: the transformers zero-shot pipeline, which asks an NLI model
  whether the text entails "This text is about <description>."
  (``facebook/bart-large-mnli`` by default, from the hub).

Both give a matrix of logits ``z``; probabilities are ``softmax(z)`` or
``sigmoid(z)``. Given labelled examples, ``fit`` calibrates these logits so a
few labels improve the model: per topic a Platt scaling ``sigmoid(a * z + b)``,
for stance a temperature and a bias per class, ``softmax(w * z + b)``, both
lightly regularised toward the uncalibrated model. Decision thresholds are
the training code's business, not this family's.

Saved state: JSON (settings, label texts, calibration) and, for similarity,
the label-description embeddings in an ``.npz`` file.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError
from classify.models._hub import DEFAULT_ENCODER, locate_saved
from classify.models._state import read_npz, read_state, write_state
from classify.models.base import Model, Progress
from classify.schema import bounded
from classify.tasks import Task

STATE = "zero-shot.json"
LABEL_VECTORS = "zero-shot-labels.npz"
DEFAULT_NLI = "facebook/bart-large-mnli"

_EPS = 1e-7


@dataclass
class ZeroShotParams:
    method: Literal["similarity", "nli"] = "similarity"
    # The sentence encoder for 'similarity'.
    encoder: str = DEFAULT_ENCODER
    # The NLI model for 'nli' (needs the hub or a local copy).
    nli_model: str = DEFAULT_NLI
    hypothesis_template: str = "This text is about {}."
    # What stands for a label: its description, its name, or "name: description"
    # (the best of the three on the bench's training years, for both tasks).
    label_text: Literal["description", "name", "both"] = "both"
    batch_size: int = bounded(32, min=1)
    max_seq_length: int | None = bounded(None, min=8)
    # Who runs the 'similarity' encoder on the CPU: "auto" is ONNX Runtime
    # where its exported graph matches torch within 1e-3 (classify.onnx_encoder).
    backend: Literal["auto", "torch", "onnx"] = "auto"
    # Similarity to logits. With MiniLM, news sentences sit near 0.1 cosine
    # similarity to an unrelated description and 0.2 to 0.4 to a related one;
    # 0.2 was about the best per-topic cut on the bench's training years.
    temperature: float = bounded(0.05, above=0)
    scale: float = bounded(20.0, above=0)
    # A cosine similarity: within [-1, 1].
    shift: float = bounded(0.2, min=-1, max=1)
    # Fit a calibration of the logits where fit() gets labelled examples.
    calibrate: bool = True
    # Inverse strength of the pull toward the uncalibrated model.
    calibration_C: float = bounded(1.0, above=0)
    # 'balanced' weighs classes equally, as the trained families do, so a 0.5
    # threshold (or the arg-max) favours recall of rare labels; 'none' gives
    # probabilities true to the training frequencies.
    class_weight: Literal["balanced", "none"] = "balanced"


def _unused_keys(method: str, multilabel: bool) -> list[str]:
    """The parameters a zero-shot model of this method and task kind never
    reads (:meth:`ZeroShot._logits`)."""
    if method == "similarity":
        return ["nli_model", "hypothesis_template", *(
            ["temperature"] if multilabel else ["scale", "shift"]
        )]  # fmt: skip
    return ["encoder", "temperature", "scale", "shift"]


def unread_settings(params: dict[str, Any], multilabel: bool) -> dict[str, bool]:
    """The settings of a saved zero-shot model (``model.json``'s
    ``params``) that its method never reads, each with whether it was set
    away from its default: a model card leaves out the others and marks
    these."""
    method = params.get("method", ZeroShotParams.method)
    return {
        k: params[k] != getattr(ZeroShotParams, k)
        for k in _unused_keys(method, multilabel)
        if k in params
    }


def _set(params: ZeroShotParams, key: str) -> bool:
    """Whether ``key`` differs from its default."""
    return getattr(params, key) != getattr(ZeroShotParams, key)


class ZeroShot(Model):
    family = "zero-shot"
    Params = ZeroShotParams
    uses_labels = False
    # Similarity reads cached embeddings; NLI scores are kept per process
    # (see _nli_scores), so refits on the same texts are cheap either way.
    cheap = True

    # -- label texts and raw logits ----------------------------------------------

    def _label_texts(self) -> list[str]:
        out = []
        for label in self.task.labels:
            name = label.replace("_", " ")
            description = (self.task.descriptions.get(label) or "").strip()
            mode = self.params.label_text
            if mode == "name" or not description:
                out.append(name)
            elif mode == "both":
                out.append(f"{name}: {description}")
            else:
                out.append(description)
        if len(set(out)) != len(out):
            raise ClassifyError(
                f"task '{self.task.name}': two labels have the same text {out}; "
                "zero-shot needs distinct descriptions",
                source="task",
            )
        bare = [
            label
            for label in self.task.labels
            if not (self.task.descriptions.get(label) or "").strip()
        ]
        if bare and self.params.label_text != "name":
            from classify.errors import warn

            # The descriptions are the classes: a bare name is a much weaker one.
            warn(
                f"task '{self.task.name}': no description for "
                f"{', '.join(repr(b) for b in bare)}, so zero-shot compares the texts with "
                f"the label's name alone there; give each label a description (the task "
                f"file's 'descriptions') for zero-shot to read",
                once=f"zero-shot-bare-{self.task.name}",
            )
        return out

    def _logits(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        p = self.params
        if p.method == "similarity":
            from classify.embed_cache import encode

            x = encode(
                list(texts),
                self.model_name_,
                batch_size=p.batch_size,
                normalize=True,
                max_seq_length=p.max_seq_length,
                progress=progress,
                backend=p.backend,
            )
            sims = x.astype(np.float64) @ self.label_vectors_.astype(np.float64).T
            if self.task.multilabel:
                return p.scale * (sims - p.shift)
            return sims / p.temperature
        scores = _nli_scores(
            self.model_name_,
            list(texts),
            self.label_texts_,
            template=p.hypothesis_template,
            multi_label=self.task.multilabel,
            batch_size=p.batch_size,
            progress=progress,
        )
        scores = np.clip(scores, _EPS, 1 - _EPS)
        if self.task.multilabel:
            return np.log(scores) - np.log1p(-scores)
        return np.log(scores)

    # -- the protocol ---------------------------------------------------------------

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray | None = None,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
    ) -> ZeroShot:
        from classify.embed_cache import encode, encoder_fingerprint

        p = self.params
        unused = [k for k in _unused_keys(p.method, self.task.multilabel) if _set(p, k)]
        if unused:
            from classify.errors import warn

            # Set in the config, recorded in the model, but never read.
            single = "single" if not self.task.multilabel else "multi"
            warn(
                f"{'key' if len(unused) == 1 else 'keys'} "
                f"{', '.join(repr('model.params.' + k) for k in unused)} "
                f"{'is' if len(unused) == 1 else 'are'} not used with method '{p.method}' on a "
                f"{single}-label task (similarity reads 'encoder', and 'temperature' for "
                "single-label, 'scale' and 'shift' for multi-label tasks; nli reads "
                "'nli_model' and 'hypothesis_template')",
                once="zero-shot-unused-model",
            )
        self.model_name_ = p.encoder if p.method == "similarity" else p.nli_model
        self.fingerprint_ = encoder_fingerprint(self.model_name_)
        self.label_texts_ = self._label_texts()
        self.label_vectors_ = None
        if p.method == "similarity":
            self.label_vectors_ = encode(
                self.label_texts_,
                self.model_name_,
                batch_size=p.batch_size,
                normalize=True,
                max_seq_length=p.max_seq_length,
                backend=p.backend,
            )
        n_labels = len(self.task.labels)
        self.slope_ = np.ones(n_labels)
        self.bias_ = np.zeros(n_labels)
        self.calibrated_ = False
        y = None if y is None else np.asarray(y)
        if p.calibrate and y is not None and len(y) and y.any():
            z = self._logits(texts, progress)
            balanced = p.class_weight == "balanced"
            if self.task.multilabel:
                self.slope_, self.bias_ = _platt(z, y, p.calibration_C, balanced)
                few = [
                    f"'{label}' ({int(y[:, j].sum())} of {len(y)} units)"
                    for j, label in enumerate(self.task.labels)
                    if min(y[:, j].sum(), len(y) - y[:, j].sum()) < MIN_CALIBRATION_SIDE
                ]
                if few:
                    from classify.errors import warn

                    warn(
                        f"zero-shot calibration left out for {', '.join(few)}: fewer than "
                        f"{MIN_CALIBRATION_SIDE} units with or without the label, too few to "
                        "fit it; those labels keep their zero-shot probabilities",
                        once="zeroshot-calibration-few",
                    )
            else:
                self.slope_, self.bias_ = _temperature_bias(z, y, p.calibration_C, balanced)
            self.calibrated_ = True
        elif progress:
            progress(1, 1)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities per text; a text longer than the model reads is
        windowed and pooled (classify.models._windows.predict_windowed)."""
        from classify.models._windows import encoder_limit, predict_windowed

        if not len(texts):
            return np.zeros((0, len(self.task.labels)))
        if self.params.method == "similarity":
            from classify.embed_cache import load_encoder

            encoder = load_encoder(self.model_name_)
            tokenizer = encoder.tokenizer
            limit = encoder_limit(encoder, self.params.max_seq_length)
        else:
            from classify.models._windows import window_length

            pipe = _pipeline(self.model_name_)
            tokenizer = pipe.tokenizer
            # Room for the hypothesis beside the text in each NLI pair.
            length = window_length(tokenizer, pipe.model.config, 512)
            limit = max(length - 64, length // 2)
        return predict_windowed(
            texts,
            self._proba,
            tokenizer,
            limit,
            multilabel=self.task.multilabel,
            pairs=bool(self.task.target_field),
        )

    def _proba(self, texts: Sequence[str]) -> np.ndarray:
        z = self._logits(texts) * self.slope_ + self.bias_
        if self.task.multilabel:
            return 1.0 / (1.0 + np.exp(-z))
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    # -- persistence --------------------------------------------------------------

    def save(self, directory: Path) -> None:
        from classify.models._hub import resolve_model

        directory = Path(directory)
        p = self.params
        state = {
            "method": p.method,
            "model": self.model_name_,
            "model_path": resolve_model(self.model_name_),
            "fingerprint": self.fingerprint_,
            "label_texts": self.label_texts_,
            "hypothesis_template": p.hypothesis_template,
            "max_seq_length": p.max_seq_length,
            "temperature": p.temperature,
            "scale": p.scale,
            "shift": p.shift,
            "calibrated": self.calibrated_,
            "slope": self.slope_.tolist(),
            "bias": self.bias_.tolist(),
        }
        write_state(directory / STATE, state, self.task)
        if self.label_vectors_ is not None:
            np.savez(directory / LABEL_VECTORS, labels=self.label_vectors_)

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> ZeroShot:
        from classify.embed_cache import check_fingerprint

        directory = Path(directory)
        state = read_state(directory / STATE, task)
        # What was fitted wins over the params: the calibration belongs to it.
        names = ("method", "hypothesis_template", "max_seq_length", "temperature", "scale", "shift")
        fitted = {name: state[name] for name in names}
        params = dataclasses.replace(params if params is not None else ZeroShotParams(), **fitted)
        model = cls(task, params, seed=seed)
        p = model.params
        model.model_name_ = locate_saved(
            state["model"],
            state.get("model_path") or "",
            directory,
            what="encoder" if fitted["method"] == "similarity" else "NLI model",
        )
        check_fingerprint(model.model_name_, state["fingerprint"], source=directory)
        model.fingerprint_ = state["fingerprint"]
        model.label_texts_ = list(state["label_texts"])
        model.label_vectors_ = None
        if p.method == "similarity":
            model.label_vectors_ = read_npz(directory / LABEL_VECTORS)["labels"]
        model.calibrated_ = bool(state["calibrated"])
        model.slope_ = np.asarray(state["slope"], dtype=float)
        model.bias_ = np.asarray(state["bias"], dtype=float)
        return model


# -- calibration ----------------------------------------------------------------------


# Units on each side of a topic below which its calibration is not fit: a
# slope fit to one positive sent its probabilities to 0.000 and 1.000.
MIN_CALIBRATION_SIDE = 3


def _platt(z: np.ndarray, y: np.ndarray, C: float, balanced: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per label ``sigmoid(a * z + b)`` by logistic regression on the logit.

    Labels with fewer than :data:`MIN_CALIBRATION_SIDE` units with or
    without them in ``y`` keep ``a = 1, b = 0``: so few say little about
    where the boundary lies.
    """
    from sklearn.linear_model import LogisticRegression

    slope, bias = np.ones(z.shape[1]), np.zeros(z.shape[1])
    for j in range(z.shape[1]):
        column = y[:, j]
        if min(column.sum(), len(column) - column.sum()) >= MIN_CALIBRATION_SIDE:
            weight = "balanced" if balanced else None
            clf = LogisticRegression(C=C, class_weight=weight).fit(z[:, [j]], column)
            slope[j], bias[j] = float(clf.coef_[0, 0]), float(clf.intercept_[0])
    return slope, bias


def _temperature_bias(
    z: np.ndarray, y: np.ndarray, C: float, balanced: bool
) -> tuple[np.ndarray, np.ndarray]:
    """One inverse temperature ``w`` and a bias per class for ``softmax(w*z + b)``.

    ``n_labels + 1`` parameters, so a handful of examples suffice, and a class
    absent from them keeps its zero-shot score. The penalty pulls ``log w``
    and ``b`` toward 0 (the uncalibrated model) with the weight scikit-learn
    gives an L2 penalty, ``1 / (2 C n)``.
    """
    from scipy.optimize import minimize

    n, k = z.shape
    target = np.argmax(y, axis=1)
    penalty = 1.0 / (2.0 * C * n)
    # scikit-learn's 'balanced': n / (classes present * count of the class).
    weight = np.ones(n)
    if balanced:
        counts = np.bincount(target, minlength=k)
        weight = n / (np.count_nonzero(counts) * counts[target])

    result = minimize(
        _tb_loss,
        np.zeros(k + 1),
        args=(z, target, weight, penalty),
        jac=True,
        method="L-BFGS-B",
    )
    theta = result.x
    return np.full(k, float(np.exp(theta[0]))), theta[1:].copy()


def _tb_loss(
    theta: np.ndarray, z: np.ndarray, target: np.ndarray, weight: np.ndarray, penalty: float
) -> tuple[float, np.ndarray]:
    """Weighted mean negative log-likelihood plus penalty, and its gradient."""
    from scipy.special import log_softmax

    n = len(z)
    log_w, b = theta[0], theta[1:]
    w = np.exp(log_w)
    logp = log_softmax(w * z + b, axis=1)
    nll = -(weight * logp[np.arange(n), target]).sum() / n
    residual = np.exp(logp)
    residual[np.arange(n), target] -= 1.0
    residual *= weight[:, None] / n
    grad_b = residual.sum(axis=0) + 2 * penalty * b
    grad_log_w = w * float((residual * z).sum()) + 2 * penalty * log_w
    value = nll + penalty * (log_w**2 + float(b @ b))
    return value, np.concatenate([[grad_log_w], grad_b])


# -- NLI scores, kept per process ---------------------------------------------------

_pipelines: OrderedDict[tuple[str, str], Any] = OrderedDict()
_nli_memo: OrderedDict[tuple, np.ndarray] = OrderedDict()
_lock = threading.Lock()
# Rows of NLI scores kept in memory: they do not depend on training labels,
# so cross-validation refits reuse them.
_NLI_MEMO_ROWS = 200_000


def _pipeline(name: str):
    from classify.models._hub import loading, pick_device, resolve_model
    from classify.quiet import quiet_transformers

    resolved = resolve_model(name)
    device = pick_device()
    key = (resolved, device)
    with _lock:
        if key in _pipelines:
            return _pipelines[key]
    from transformers import pipeline

    with quiet_transformers(), loading(resolved, "nli_model"):
        pipe = pipeline("zero-shot-classification", model=resolved, device=device)
    with _lock:
        _pipelines.clear()  # one NLI model at a time: they are large
        _pipelines[key] = pipe
    return pipe


def _nli_scores(
    name: str,
    texts: list[str],
    label_texts: list[str],
    *,
    template: str,
    multi_label: bool,
    batch_size: int,
    progress: Progress | None = None,
) -> np.ndarray:
    from classify.embed_cache import text_hash

    setting = (name, template, tuple(label_texts), multi_label)
    keys = [(*setting, text_hash(t)) for t in texts]
    with _lock:
        rows = {k: _nli_memo[k] for k in keys if k in _nli_memo}
    unique_todo: dict[tuple, int] = {}
    for i, key in enumerate(keys):
        if key not in rows:
            unique_todo.setdefault(key, i)
    if unique_todo:
        pipe = _pipeline(name)
        index = {label: j for j, label in enumerate(label_texts)}
        items = list(unique_todo.items())
        step = max(1, batch_size) * 4
        for start in range(0, len(items), step):
            part = items[start : start + step]
            results = pipe(
                [texts[i] for _, i in part],
                candidate_labels=label_texts,
                hypothesis_template=template,
                multi_label=multi_label,
                batch_size=batch_size,
            )
            if isinstance(results, dict):
                results = [results]
            for (key, _), result in zip(part, results):
                row = np.zeros(len(label_texts))
                for label, score in zip(result["labels"], result["scores"]):
                    row[index[label]] = score
                rows[key] = row
            if progress:
                progress(min(start + step, len(items)), len(items))
        with _lock:
            for key, _ in items:
                _nli_memo[key] = rows[key]
            while len(_nli_memo) > _NLI_MEMO_ROWS:
                _nli_memo.popitem(last=False)
    elif progress:
        progress(1, 1)
    if not keys:
        return np.zeros((0, len(label_texts)))
    return np.stack([rows[k] for k in keys])
