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
from classify.models._state import load_skops
from classify.models.base import Model, Progress
from classify.models.linear_head import TRUSTED as HEAD_TRUSTED
from classify.models.linear_head import HeadSettings, LinearHead
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
    # A count of texts (int >= 1) or a share of them (float in [0, 1]), as in
    # scikit-learn's TfidfVectorizer.
    min_df: int | float = 1
    max_features: int | None = None
    lowercase: bool = True
    C: float = 10.0
    class_weight: Literal["balanced", "none"] = "balanced"
    max_iter: int = 2000


class TfidfLinear(Model):
    family = "tfidf-linear"
    Params = TfidfParams
    cheap = True
    weights_examples = True

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

    @classmethod
    def check_params(cls, params: TfidfParams) -> None:
        """scikit-learn's own checks of the vectorizers and the head, at load."""
        from classify.models.base import check_sklearn
        from classify.models.linear_head import check_head

        for key in ("word_ngrams", "char_ngrams"):
            value = getattr(params, key)
            if value and not (len(value) == 2 and 1 <= value[0] <= value[1]):
                raise ClassifyError(
                    f"key 'model.params.{key}' is {value} (allowed: [min, max] with "
                    "1 <= min <= max, or [] for none)"
                )
        model = cls(Task("check", "multiclass", ("a", "b")), params)
        for name, vectorizer in model._features().transformer_list:
            check_sklearn(
                vectorizer, {"ngram_range": f"{name}_ngrams", "analyzer": "char_analyzer"}
            )
        check_head(model._head_settings())

    def _head_settings(self) -> HeadSettings:
        p = self.params
        return HeadSettings(C=p.C, class_weight=p.class_weight, max_iter=p.max_iter, seed=self.seed)

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
        sample_weight: np.ndarray | None = None,
    ) -> TfidfLinear:
        y = np.asarray(y)
        self.features_ = self._features()
        try:
            x = self.features_.fit_transform(list(texts))
        except ValueError as exc:
            if "no terms remain" in str(exc) or "min_df" in str(exc):
                raise ClassifyError(
                    f"key 'model.params.min_df' is {self.params.min_df}: no terms remain in "
                    f"the {len(texts)} training texts (allowed: a count of texts, 1 to "
                    f"{len(texts)}, or a share of them, 0.0 to 1.0, low enough to keep terms)"
                ) from None
            raise
        self.head_ = LinearHead(self.task.multilabel, len(self.task.labels))
        self.head_.fit(x, y, self._head_settings(), sample_weight=sample_weight, progress=progress)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.head_.predict_proba(self.features_.transform(list(texts)))

    # -- persistence --------------------------------------------------------------

    def save(self, directory: Path) -> None:
        import skops.io as sio

        state = {"features": self.features_, **self.head_.to_state()}
        sio.dump(state, Path(directory) / WEIGHTS)

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> TfidfLinear:
        state = load_skops(Path(directory) / WEIGHTS, TRUSTED)
        model = cls(task, params, seed=seed)
        model.features_ = state["features"]
        model.head_ = LinearHead.from_state(
            state, multilabel=task.multilabel, n_labels=len(task.labels)
        )
        return model


# The types a tfidf-linear weights file may contain beyond skops' defaults.
TRUSTED = HEAD_TRUSTED | {
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.pipeline.FeatureUnion",
}
