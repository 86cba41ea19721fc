"""The one small protocol every model family implements.

A family is a class with hyperparameters in a dataclass (``Params``), and four
methods: ``fit``, ``predict_proba``, ``save`` and ``load``. It knows nothing of
thresholds, metrics, reports or the model folder layout: the training code in
:mod:`classify.training` and the folder format in :mod:`classify.store` do
that once for every family.

Conventions shared by all families:

* ``y`` is an indicator matrix ``(n, n_labels)`` (see :mod:`classify.tasks`);
  multiclass rows have exactly one 1.
* ``predict_proba`` returns floats ``(n, n_labels)``: independent per-label
  probabilities for multilabel tasks, rows summing to 1 for multiclass tasks.
* ``save`` writes only into the given (existing) directory, and never a
  pickle: skops for scikit-learn objects, safetensors / ``save_pretrained``
  for torch models, JSON for everything else.
* ``__init__`` stores its arguments and does no work; heavy libraries
  (torch, transformers, sentence-transformers) are imported inside methods so
  that importing a family module is cheap.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from classify.errors import ClassifyError
from classify.tasks import Task

# Called with (done, total) as work progresses, so the CLI can draw a bar.
Progress = Callable[[int, int], None]


@dataclass
class NoParams:
    pass


class Model(ABC):
    family: ClassVar[str] = ""
    Params: ClassVar[type] = NoParams
    # False for families that learn nothing from labels (zero-shot).
    uses_labels: ClassVar[bool] = True
    # True where refitting several times (inner cross-validation to tune
    # thresholds) costs seconds, not minutes.
    cheap: ClassVar[bool] = False
    # True where ``fit`` takes ``sample_weight`` (self-training weights silver
    # labels below gold ones).
    weights_examples: ClassVar[bool] = False

    @classmethod
    def check_params(cls, params: Any) -> None:
        """Checks beyond the types of ``Params`` fields (nested settings);
        raises ClassifyError. Called when a config is loaded."""
        return None

    @classmethod
    def is_cheap(cls, params: Any) -> bool:
        """Whether refitting with ``params`` costs seconds; families whose cost
        depends on their settings (an ensemble) override this."""
        return cls.cheap

    @classmethod
    def takes_sample_weight(cls, params: Any) -> bool:
        """Whether ``fit`` accepts ``sample_weight`` with these settings."""
        return cls.weights_examples

    def __init__(self, task: Task, params: Any = None, *, seed: int = 0):
        self.task = task
        self.params = params if params is not None else self.Params()
        self.seed = seed

    @abstractmethod
    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
    ) -> Model:
        """Learn from texts and their indicator matrix; return self.

        ``validation`` is held-out data a family may use for early stopping.
        Families with ``weights_examples`` also take ``sample_weight``, shape
        ``(n,)``, relative weights of the training texts.
        """

    @abstractmethod
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, shape ``(len(texts), len(task.labels))``."""

    @abstractmethod
    def save(self, directory: Path) -> None:
        """Write the weights into ``directory`` (it exists and is empty)."""

    @classmethod
    @abstractmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> Model:
        """Rebuild a fitted model from what :meth:`save` wrote."""


def check_sklearn(estimator: Any, keys: Mapping[str, str] | None = None) -> None:
    """Check a scikit-learn estimator's settings as scikit-learn would at
    ``fit``, before any work: a bad one raises a one-line ClassifyError
    naming the config key (``keys`` maps scikit-learn's parameter names to
    ours) and what scikit-learn allows."""
    from sklearn.utils._param_validation import InvalidParameterError

    try:
        estimator._validate_params()
    except InvalidParameterError as exc:
        text = " ".join(str(exc).split())
        m = re.match(r"The '(\w+)' parameter of \w+ must be (.*)\. Got (.*) instead\.", text)
        if not m:
            raise ClassifyError(f"invalid model setting: {text}") from None
        key = (keys or {}).get(m[1], m[1])
        raise ClassifyError(f"key 'model.params.{key}' is {m[3]} (allowed: {m[2]})") from None
