"""``tfidf-linear``: word and character n-gram TF-IDF with logistic regression.

The strong classical baseline for short news text. Topics get one binary
classifier per label (one-vs-rest), stance one multinomial classifier; class
weights balance rare labels. Weights are saved with skops and loaded against
an allow-list of the scikit-learn types this family uses, never with pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError
from classify.models.base import Model, Progress
from classify.tasks import Task

WEIGHTS = "tfidf-linear.skops"


@dataclass
class TfidfParams:
    word_ngrams: list[int] = field(default_factory=lambda: [1, 2])
    char_ngrams: list[int] = field(default_factory=lambda: [2, 5])
    # 'char_wb' keeps character n-grams inside word boundaries: fewer, more
    # meaningful features than 'char', and better across genres.
    char_analyzer: Literal["char", "char_wb"] = "char_wb"
    sublinear_tf: bool = True
    min_df: int = 1
    max_features: int | None = None
    lowercase: bool = True
    C: float = 10.0
    class_weight: Literal["balanced", "none"] = "balanced"
    max_iter: int = 2000


class TfidfLinear(Model):
    family = "tfidf-linear"
    Params = TfidfParams
    cheap = True

    def _features(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion

        p = self.params
        parts = []
        if p.word_ngrams:
            parts.append(
                (
                    "word",
                    TfidfVectorizer(
                        ngram_range=tuple(p.word_ngrams),
                        sublinear_tf=p.sublinear_tf,
                        min_df=p.min_df,
                        max_features=p.max_features,
                        lowercase=p.lowercase,
                        dtype=np.float32,
                    ),
                )
            )
        if p.char_ngrams:
            parts.append(
                (
                    "char",
                    TfidfVectorizer(
                        analyzer=p.char_analyzer,
                        ngram_range=tuple(p.char_ngrams),
                        sublinear_tf=p.sublinear_tf,
                        min_df=p.min_df,
                        max_features=p.max_features,
                        lowercase=p.lowercase,
                        dtype=np.float32,
                    ),
                )
            )
        if not parts:
            raise ClassifyError("tfidf-linear needs word_ngrams or char_ngrams", source="params")
        return FeatureUnion(parts)

    def _classifier(self):
        from sklearn.linear_model import LogisticRegression

        p = self.params
        return LogisticRegression(
            C=p.C,
            class_weight=None if p.class_weight == "none" else "balanced",
            max_iter=p.max_iter,
            random_state=self.seed,
        )

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
    ) -> TfidfLinear:
        y = np.asarray(y)
        self.features_ = self._features()
        x = self.features_.fit_transform(list(texts))
        if self.task.multilabel:
            # One binary model per label. A label with a single class in the
            # training data keeps a constant prior instead of failing, so small
            # cross-validation folds still train.
            self.classifiers_ = []
            self.priors_ = y.mean(axis=0).astype(float)
            for j in range(y.shape[1]):
                column = y[:, j]
                clf = None
                if 0 < column.sum() < len(column):
                    clf = self._classifier().fit(x, column)
                self.classifiers_.append(clf)
                if progress:
                    progress(j + 1, y.shape[1])
        else:
            classes = np.argmax(y, axis=1)
            self.classifiers_ = [self._classifier().fit(x, classes)]
            self.priors_ = y.mean(axis=0).astype(float)
            if progress:
                progress(1, 1)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        x = self.features_.transform(list(texts))
        n, n_labels = x.shape[0], len(self.task.labels)
        if self.task.multilabel:
            out = np.empty((n, n_labels))
            for j, clf in enumerate(self.classifiers_):
                out[:, j] = self.priors_[j] if clf is None else clf.predict_proba(x)[:, 1]
            return out
        clf = self.classifiers_[0]
        out = np.zeros((n, n_labels))
        # Labels absent from the training data get probability 0.
        out[:, clf.classes_] = clf.predict_proba(x)
        return out

    # -- persistence --------------------------------------------------------------

    def save(self, directory: Path) -> None:
        import skops.io as sio

        state = {
            "features": self.features_,
            "classifiers": [c for c in self.classifiers_ if c is not None],
            "fitted": [c is not None for c in self.classifiers_],
            "priors": self.priors_.tolist(),
        }
        sio.dump(state, Path(directory) / WEIGHTS)

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> TfidfLinear:
        import skops.io as sio

        path = Path(directory) / WEIGHTS
        untrusted = sio.get_untrusted_types(file=path)
        unexpected = [t for t in untrusted if t not in TRUSTED]
        if unexpected:
            raise ClassifyError(
                f"weights contain types outside the allow-list: {', '.join(unexpected)}",
                source=path,
            )
        state = sio.load(path, trusted=untrusted)
        model = cls(task, params, seed=seed)
        model.features_ = state["features"]
        fitted = iter(state["classifiers"])
        model.classifiers_ = [next(fitted) if ok else None for ok in state["fitted"]]
        model.priors_ = np.asarray(state["priors"], dtype=float)
        return model


# The types a tfidf-linear weights file may contain beyond skops' defaults.
TRUSTED = {
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
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
