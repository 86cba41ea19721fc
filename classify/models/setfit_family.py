"""``setfit``: SetFit, contrastive fine-tuning of a sentence encoder, then a head.

The `setfit` library does the work: the encoder (all-MiniLM-L6-v2 by
default) is fine-tuned on pairs of training texts (same label or not), then a
logistic-regression head is fitted on its embeddings; topics use SetFit's
one-vs-rest strategy, which also makes texts sharing any topic positive
pairs. Strong with a few dozen examples per label; minutes on a CPU.

Persistence does not use SetFit's own ``save_pretrained``, which pickles the
head with joblib: the fine-tuned encoder is saved by sentence-transformers
(safetensors) in ``body/``, the head with skops against an allow-list, and
the rest as JSON. For the same reason the model is assembled from a
``SentenceTransformer`` and a head rather than with
``SetFitModel.from_pretrained``, which would unpickle a ``model_head.pkl``
found in the encoder's folder.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError
from classify.models._hub import DEFAULT_ENCODER
from classify.models._state import (
    load_skops,
    read_state,
    require_safetensors,
    require_tokenizer,
    write_state,
)
from classify.models.base import Model, Progress
from classify.models.linear_head import TRUSTED as HEAD_TRUSTED
from classify.schema import bounded
from classify.tasks import Task

BODY = "body"
HEAD = "setfit-head.skops"
STATE = "setfit.json"

# The types a SetFit head file may contain beyond skops' defaults.
TRUSTED = HEAD_TRUSTED | {
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multiclass._ConstantPredictor",
    "sklearn.preprocessing._label.LabelBinarizer",
}


@dataclass
class SetFitParams:
    encoder: str = DEFAULT_ENCODER
    # Pairs per training text and epoch (positive and negative each), as in
    # the SetFit paper; training time grows linearly with it.
    num_iterations: int = bounded(20, min=1)
    # A cap on training steps (batches of pairs). With hundreds of examples
    # the default makes thousands of steps: about an hour on a 2-core CPU.
    max_steps: int | None = bounded(None, min=1)
    num_epochs: int = bounded(1, min=1)
    batch_size: int = bounded(16, min=1)
    body_learning_rate: float = bounded(2e-5, above=0)
    C: float = bounded(1.0, above=0)
    class_weight: Literal["balanced", "none"] = "balanced"
    max_iter: int = bounded(2000, min=1)
    # Word pieces per text; None keeps the encoder's own limit. Shorter is
    # faster to train; news sentences rarely need more than 128.
    max_length: int | None = bounded(None, min=8)
    normalize: bool = False
    # None: the run's seed.
    seed: int | None = None
    # Who runs the saved, fine-tuned body on the CPU at prediction: "auto"
    # is ONNX Runtime where its exported graph matches torch within 1e-3
    # (classify.onnx_encoder), else torch. A model not yet saved runs on torch.
    backend: Literal["auto", "torch", "onnx"] = "auto"


class SetFitClassifier(Model):
    family = "setfit"
    Params = SetFitParams
    cheap = False

    @property
    def _seed(self) -> int:
        return self.seed if self.params.seed is None else self.params.seed

    def _labels_for_setfit(self, y: np.ndarray) -> list:
        if self.task.multilabel:
            return [[int(v) for v in row] for row in y]
        return [int(i) for i in np.argmax(y, axis=1)]

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
    ) -> SetFitClassifier:
        from datasets import Dataset
        from setfit import SetFitModel, Trainer, TrainingArguments
        from transformers import PrinterCallback, ProgressCallback, TrainerCallback, set_seed

        from classify.embed_cache import encoder_fingerprint
        from classify.models._hub import loading, pick_device, resolve_model
        from classify.quiet import quiet_transformers

        p = self.params
        y = np.asarray(y)
        # ``validation`` is not used: SetFit trains one short epoch and has no
        # early stopping to drive.
        if not self.task.multilabel and len(np.unique(np.argmax(y, axis=1))) < 2:
            raise ClassifyError("setfit needs training examples of at least two labels")
        if self.task.multilabel and not y.any():
            # With no label anywhere SetFit finds no positive pair and fails.
            raise ClassifyError("setfit needs at least one training example with a label")
        seed = self._seed
        set_seed(seed)
        encoder = resolve_model(p.encoder)
        device = pick_device()
        with quiet_transformers(), _quiet_setfit(), loading(encoder, "encoder"):
            from sentence_transformers import SentenceTransformer

            # A fresh copy: the shared encoders of embed_cache must not be
            # fine-tuned in place.
            body = SentenceTransformer(encoder, device=device)
        max_length = p.max_length
        if max_length is not None:
            # Never past what the encoder's position embeddings allow.
            limit = getattr(body[0].auto_model.config, "max_position_embeddings", max_length)
            max_length = min(max_length, limit)
            body.max_seq_length = max_length
        model = SetFitModel(
            model_body=body,
            model_head=self._new_head(seed),
            multi_target_strategy="one-vs-rest" if self.task.multilabel else None,
            normalize_embeddings=p.normalize,
        )

        class _Progress(TrainerCallback):
            def on_step_end(self, args, state, control, **kwargs):
                if progress and state.max_steps:
                    progress(state.global_step, state.max_steps)

        train = Dataset.from_dict({"text": list(texts), "label": self._labels_for_setfit(y)})
        with tempfile.TemporaryDirectory(prefix="classify-setfit-") as tmp, _quiet_setfit():
            args = TrainingArguments(
                output_dir=tmp,
                batch_size=p.batch_size,
                num_epochs=p.num_epochs,
                num_iterations=p.num_iterations,
                max_steps=-1 if p.max_steps is None else p.max_steps,
                body_learning_rate=p.body_learning_rate,
                max_length=max_length,
                seed=seed,
                save_strategy="no",
                report_to="none",
                logging_strategy="no",
                show_progress_bar=False,
                use_amp=False,
            )
            trainer = Trainer(model=model, args=args, train_dataset=train, callbacks=[_Progress()])
            # The transformers bar would print on every step; progress goes
            # through the callback instead.
            trainer.st_trainer.remove_callback(ProgressCallback)
            # Without a bar, transformers prints each log dict to stdout instead.
            trainer.st_trainer.remove_callback(PrinterCallback)
            trainer.st_trainer.args.dataloader_pin_memory = device == "cuda"
            if _has_negative_pairs(y, multilabel=self.task.multilabel):
                trainer.train()
            else:
                # SetFit's pair sampler fails when no two texts differ (every
                # unit of a small fold shares a topic); the head still learns.
                trainer.train_classifier(list(texts), self._labels_for_setfit(y), args=args)
        model.model_body.eval()
        self.model_ = model
        self.encoder_ = p.encoder
        self.fingerprint_ = encoder_fingerprint(p.encoder)
        return self

    def _new_head(self, seed: int):
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        p = self.params
        clf = LogisticRegression(
            C=p.C,
            class_weight=None if p.class_weight == "none" else "balanced",
            max_iter=p.max_iter,
            random_state=seed,
        )
        return OneVsRestClassifier(clf) if self.task.multilabel else clf

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities per text; a text longer than the encoder reads is
        windowed and pooled (classify.models._windows.predict_windowed)."""
        from classify.models._windows import encoder_limit, predict_windowed

        if not len(texts):
            return np.zeros((0, len(self.task.labels)))
        body = self.model_.model_body
        return predict_windowed(
            texts,
            self._predict_proba,
            body.tokenizer,
            encoder_limit(body),
            multilabel=self.task.multilabel,
            pairs=bool(self.task.target_field),
        )

    def _onnx_body(self) -> Any:
        """The saved body on ONNX Runtime where the backend setting picks it
        (:func:`classify.onnx_encoder.resolve_backend`), else None."""
        from classify.onnx_encoder import (
            GRAPH,
            ModelFeatures,
            OnnxEncoder,
            configured_backend,
            ensure_graph,
            resolve_backend,
        )

        path = getattr(self, "body_path_", None)
        if path is None:
            return None
        if not hasattr(self, "onnx_body_"):
            # Decided once per loaded model: None is torch.
            body = self.model_.model_body
            backend = configured_backend(self.params.backend)
            self.onnx_body_ = None
            if resolve_backend(path, backend, device=body.device.type) == "onnx":
                self.onnx_body_ = OnnxEncoder(ModelFeatures(body), ensure_graph(path)[0] / GRAPH)
        return self.onnx_body_

    def _predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        n_labels = len(self.task.labels)
        batch_size = max(self.params.batch_size, 32)
        onnx_body = self._onnx_body()
        if onnx_body is None:
            proba = self.model_.predict_proba(
                list(texts), batch_size=batch_size, as_numpy=True, show_progress_bar=False
            )
        else:
            # SetFitModel.predict_proba is its head on the body's embeddings.
            embeddings = onnx_body.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=self.model_.normalize_embeddings,
            )
            proba = self.model_.model_head.predict_proba(embeddings)
        proba = np.asarray(proba, dtype=float)
        if self.task.multilabel:
            return proba
        out = np.zeros((len(texts), n_labels))
        # Labels absent from the training data get probability 0.
        out[:, self.model_.model_head.classes_] = proba
        # The head computes in float32 (SetFit's embeddings), so rows sum to 1
        # only to about 1e-7 until normalised again here.
        return out / out.sum(axis=1, keepdims=True)

    # -- persistence --------------------------------------------------------------

    def save(self, directory: Path) -> None:
        import skops.io as sio

        directory = Path(directory)
        from classify.quiet import quiet_transformers

        with quiet_transformers():
            self.model_.model_body.save(str(directory / BODY), create_model_card=False)
        sio.dump(self.model_.model_head, directory / HEAD)
        state = {
            "encoder": self.encoder_,
            "fingerprint": self.fingerprint_,
            "multi_target_strategy": self.model_.multi_target_strategy,
            "normalize": self.model_.normalize_embeddings,
        }
        write_state(directory / STATE, state, self.task)

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> SetFitClassifier:
        from sentence_transformers import SentenceTransformer
        from setfit import SetFitModel

        from classify.models._hub import pick_device
        from classify.quiet import quiet_transformers

        directory = Path(directory)
        state = read_state(directory / STATE, task)
        head = load_skops(directory / HEAD, TRUSTED)
        body_dir = directory / BODY
        require_safetensors(body_dir, recursive=True)
        require_tokenizer(body_dir, recursive=True)
        with quiet_transformers():
            body = SentenceTransformer(str(body_dir), device=pick_device())
        body.eval()
        model = cls(task, params, seed=seed)
        model.model_ = SetFitModel(
            model_body=body,
            model_head=head,
            multi_target_strategy=state["multi_target_strategy"],
            normalize_embeddings=state["normalize"],
        )
        model.encoder_ = state["encoder"]
        model.fingerprint_ = state["fingerprint"]
        model.body_path_ = str(directory / BODY)
        return model


@contextlib.contextmanager
def _quiet_setfit() -> Iterator[None]:
    # setfit switches its own logger to INFO on import and logs every run;
    # datasets draws a bar each time the trainer maps the pairs.
    import datasets
    from setfit import logging as setfit_logging

    verbosity = setfit_logging.get_verbosity()
    bars = datasets.is_progress_bar_enabled()
    setfit_logging.set_verbosity_warning()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        setfit_logging.set_verbosity(verbosity)
        if bars:
            datasets.enable_progress_bars()


def _has_negative_pairs(y: np.ndarray, *, multilabel: bool) -> bool:
    """Whether SetFit's sampler can draw a negative pair: two texts (or one
    text with itself) sharing no label; for one label per text, two labels."""
    y = np.asarray(y)
    if not multilabel:
        return len(np.unique(np.argmax(y, axis=1))) > 1
    overlap = (y @ y.T) > 0
    return not bool(overlap[np.triu_indices(len(y))].all())
