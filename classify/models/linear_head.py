"""Logistic-regression heads on a feature matrix, shared by the linear families.

Topics (multilabel) get one binary classifier per label; stance (multiclass)
one multinomial classifier. A label (or, for a multiclass task, the whole
task) with a single class in the training data keeps a constant prior instead
of failing, so small cross-validation folds still train.

Two ways to persist a head, both without pickle:

* :meth:`LinearHead.to_state` / :meth:`LinearHead.from_state`: plain objects
  for a skops file (``tfidf-linear`` keeps its vectoriser in the same file);
  :data:`TRUSTED` is the allow-list for loading it.
* :meth:`LinearHead.save_arrays` / :meth:`LinearHead.load_arrays`: the
  coefficients in an ``.npz`` file (loaded with ``allow_pickle=False``) and a
  JSON file, for heads on dense embeddings that need no scikit-learn object
  beyond the classifier itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError
from classify.models._state import read_npz
from classify.models.base import Progress

# The types a skops file holding a head may contain beyond skops' defaults.
TRUSTED: set[str] = {
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "builtins.float",
    "builtins.int",
    "builtins.str",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.bool",
}

_FORMAT = 1


@dataclass
class HeadSettings:
    C: float = 1.0
    class_weight: Literal["balanced", "none"] = "balanced"
    max_iter: int = 2000
    seed: int = 0


class LinearHead:
    """Per-label (multilabel) or multinomial (multiclass) logistic regression.

    ``classifiers[j]`` is ``None`` where label ``j`` (multilabel) or the task
    (multiclass, a single entry) kept its constant prior ``priors``.
    """

    def __init__(self, multilabel: bool, n_labels: int):
        self.multilabel = multilabel
        self.n_labels = n_labels
        self.classifiers: list[Any] = []
        self.priors = np.zeros(n_labels)

    # -- training -------------------------------------------------------------

    def fit(
        self,
        x: Any,
        y: np.ndarray,
        settings: HeadSettings,
        *,
        sample_weight: np.ndarray | None = None,
        progress: Progress | None = None,
    ) -> LinearHead:
        from threadpoolctl import threadpool_limits

        # One BLAS thread: these problems are too small to gain from more, and
        # with another busy process on the cores, spinning BLAS threads made
        # an lbfgs fit 13 times slower (3.2 s instead of 0.25 s for stance).
        with threadpool_limits(limits=1):
            return self._fit(x, y, settings, sample_weight=sample_weight, progress=progress)

    def _fit(
        self,
        x: Any,
        y: np.ndarray,
        settings: HeadSettings,
        *,
        sample_weight: np.ndarray | None = None,
        progress: Progress | None = None,
    ) -> LinearHead:
        y = np.asarray(y)
        if y.shape[1] != self.n_labels:
            raise ValueError(f"y has {y.shape[1]} columns, expected {self.n_labels}")
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        self.priors = (w @ y / w.sum()).astype(float)
        self.classifiers = []
        if self.multilabel:
            for j in range(self.n_labels):
                column = y[:, j]
                clf = None
                if 0 < column.sum() < len(column):
                    clf = _classifier(settings).fit(x, column, sample_weight=sample_weight)
                self.classifiers.append(clf)
                if progress:
                    progress(j + 1, self.n_labels)
        else:
            classes = np.argmax(y, axis=1)
            clf = None
            if len(np.unique(classes)) > 1:
                clf = _classifier(settings).fit(x, classes, sample_weight=sample_weight)
            self.classifiers = [clf]
            if progress:
                progress(1, 1)
        return self

    def predict_proba(self, x: Any) -> np.ndarray:
        n = x.shape[0]
        if self.multilabel:
            out = np.empty((n, self.n_labels))
            for j, clf in enumerate(self.classifiers):
                out[:, j] = self.priors[j] if clf is None else clf.predict_proba(x)[:, 1]
            return out
        clf = self.classifiers[0]
        if clf is None:
            return np.tile(self.priors, (n, 1))
        out = np.zeros((n, self.n_labels))
        # Labels absent from the training data get probability 0.
        out[:, clf.classes_] = clf.predict_proba(x)
        return out

    # -- skops state ------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        return {
            "classifiers": [c for c in self.classifiers if c is not None],
            "fitted": [c is not None for c in self.classifiers],
            "priors": self.priors.tolist(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], *, multilabel: bool, n_labels: int) -> LinearHead:
        head = cls(multilabel, n_labels)
        fitted = iter(state["classifiers"])
        head.classifiers = [next(fitted) if ok else None for ok in state["fitted"]]
        head.priors = np.asarray(state["priors"], dtype=float)
        return head

    # -- arrays + JSON ------------------------------------------------------------

    def save_arrays(self, directory: Path, stem: str, labels: Sequence[str] | None = None) -> None:
        """Write ``{stem}.npz`` (coefficients) and ``{stem}.json`` (the rest,
        with the ``labels`` the columns stand for, so a head is never read
        against labels in another order)."""
        arrays: dict[str, np.ndarray] = {}
        for j, clf in enumerate(self.classifiers):
            if clf is None:
                continue
            arrays[f"coef_{j}"] = np.asarray(clf.coef_)
            arrays[f"intercept_{j}"] = np.asarray(clf.intercept_)
            arrays[f"classes_{j}"] = np.asarray(clf.classes_, dtype=np.int64)
        directory = Path(directory)
        np.savez(directory / f"{stem}.npz", **arrays)
        meta = {
            "format": _FORMAT,
            "multilabel": self.multilabel,
            "n_labels": self.n_labels,
            "fitted": [c is not None for c in self.classifiers],
            "priors": self.priors.tolist(),
        }
        if labels is not None:
            meta["labels"] = list(labels)
        (directory / f"{stem}.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")

    @staticmethod
    def read_arrays(
        directory: Path, stem: str, labels: Sequence[str] | None = None
    ) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """The saved head as plain data (numpy only): its JSON settings and its
        coefficient arrays; :meth:`from_arrays` builds the head from them.

        Raises:
            ClassifyError: naming the folder, where ``labels`` (the task's)
                are not those the head was trained for (another order or
                count: its columns would silently mean other labels).
        """
        directory = Path(directory)
        meta = json.loads((directory / f"{stem}.json").read_text(encoding="utf-8"))
        if labels is not None:
            saved = meta.get("labels")
            if (saved is not None and saved != list(labels)) or int(meta["n_labels"]) != len(
                labels
            ):
                raise ClassifyError(
                    f"weights were trained for labels {saved or int(meta['n_labels'])}, task has "
                    f"{list(labels)}",
                    source=directory,
                )
        return meta, read_npz(directory / f"{stem}.npz")

    @classmethod
    def from_arrays(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> LinearHead:
        head = cls(bool(meta["multilabel"]), int(meta["n_labels"]))
        head.priors = np.asarray(meta["priors"], dtype=float)
        head.classifiers = [
            _rebuild(arrays[f"coef_{j}"], arrays[f"intercept_{j}"], arrays[f"classes_{j}"])
            if ok
            else None
            for j, ok in enumerate(meta["fitted"])
        ]
        return head

    @classmethod
    def load_arrays(
        cls, directory: Path, stem: str, labels: Sequence[str] | None = None
    ) -> LinearHead:
        """The head written by :meth:`save_arrays` (``{stem}.npz`` + ``.json``),
        checked against ``labels`` as :meth:`read_arrays` does."""
        return cls.from_arrays(*cls.read_arrays(directory, stem, labels))


def check_head(settings: HeadSettings) -> None:
    """scikit-learn's checks of the head's settings (``C``, ``max_iter``),
    as a one-line ClassifyError naming the config key."""
    from classify.models.base import check_sklearn

    check_sklearn(_classifier(settings))


def _classifier(settings: HeadSettings):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=settings.C,
        class_weight=None if settings.class_weight == "none" else "balanced",
        max_iter=settings.max_iter,
        random_state=settings.seed,
    )


def _rebuild(coef: np.ndarray, intercept: np.ndarray, classes: np.ndarray):
    # A fitted LogisticRegression predicts from these attributes alone, so
    # setting them gives the same probabilities as the model that was saved.
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression()
    clf.coef_ = coef
    clf.intercept_ = intercept
    clf.classes_ = classes
    clf.n_features_in_ = coef.shape[1]
    clf.n_iter_ = np.zeros(1, dtype=np.int32)
    return clf
