"""``tfidf-linear``: word and character n-gram TF-IDF with logistic regression.

The strong classical baseline for short news text. Topics get one binary
classifier per label (one-vs-rest), stance one multinomial classifier; class
weights balance rare labels. Weights are saved with skops and loaded against
an allow-list of the scikit-learn types this family uses, never with pickle.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError
from classify.models._state import load_skops, read_npz
from classify.models.base import Model, Progress
from classify.models.linear_head import TRUSTED as HEAD_TRUSTED
from classify.models.linear_head import HeadSettings, LinearHead
from classify.schema import bounded
from classify.tasks import Task

# The weights target_weight "auto" chooses among, and the folds it uses.
TARGET_WEIGHTS = (1.0, 2.0, 3.0)
TARGET_WEIGHT_FOLDS = 5
# Where no fold can hold each label, no choice is made: this weight is used.
TARGET_WEIGHT_FALLBACK = 3.0

WEIGHTS = "tfidf-linear.skops"  # earlier versions
HEAD = "tfidf-linear-head"
VOCABULARY = "tfidf-vocabulary.json"
IDF = "tfidf-idf.npz"


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
    # Compact model folders: after a first fit, keep the features with the
    # largest weights (max |coefficient| over the head's classifiers), at most
    # this many, and refit on them alone; 0 keeps every feature. A char
    # n-gram vocabulary of a 2,000-article corpus is millions of strings.
    keep_features: int = bounded(100_000, min=0)
    lowercase: bool = True
    # > 0: the task's guideline rules as extra features, this weight where
    # a rule fires (classify.models._rules); needs a task file with rules.
    rule_features: float = 0.0
    # Target-conditioned tasks: the weight of the target x word features
    # beside the shared ones (classify.targets.target_words); "auto" picks
    # one of TARGET_WEIGHTS by cross-validation on the training data.
    target_weight: float | Literal["auto"] = "auto"
    C: float = 10.0
    class_weight: Literal["balanced", "none"] = "balanced"
    max_iter: int = bounded(2000, min=1)


class TfidfLinear(Model):
    family = "tfidf-linear"
    Params = TfidfParams
    cheap = True
    weights_examples = True

    def _features(self, vocabularies: dict[str, list[str]] | None = None):
        """The feature union; with ``vocabularies`` (part name to the terms
        kept), each vectorizer is limited to those terms."""
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
        if self.task.target_field:
            # Target x word interaction (classify.targets): "wind power|ban".
            from classify.targets import target_words

            parts.append(
                (
                    "target",
                    TfidfVectorizer(
                        analyzer=target_words,
                        sublinear_tf=p.sublinear_tf,
                        min_df=p.min_df,
                        dtype=np.float32,
                    ),
                )
            )
        if vocabularies is not None:
            for name, vectorizer in parts:
                vectorizer.set_params(vocabulary=vocabularies[name], max_features=None)
                if name != "target":
                    vectorizer.set_params(min_df=1)
        weights = {"target": self._target_weight()} if self.task.target_field else None
        return FeatureUnion(parts, transformer_weights=weights)

    def _target_weight(self) -> float:
        """The target x word features' weight: the one set, the one ``auto``
        chose at fit (or read from a saved folder), else the fallback."""
        chosen = self.__dict__.get("target_weight_")
        if chosen is not None:
            return chosen
        weight = self.params.target_weight
        return TARGET_WEIGHT_FALLBACK if weight == "auto" else float(weight)

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
        if params.rule_features < 0:
            from classify.models._rules import check_rules

            check_rules(None, params.rule_features)
        weight = params.target_weight
        if weight != "auto" and not (
            isinstance(weight, (int, float)) and math.isfinite(weight) and weight > 0
        ):
            raise ClassifyError(
                f"key 'model.params.target_weight' is {weight} (allowed: auto, or a finite number "
                "above 0; the weight of a target-conditioned task's target x word features)"
            )

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
        texts = list(texts)
        self.__dict__.pop("target_weight_", None)
        self.__dict__.pop("fit_record_", None)
        if self.task.target_field and self.params.target_weight == "auto":
            self.target_weight_, self.fit_record_ = self._choose_target_weight(
                texts, y, sample_weight
            )
        self._fit_once(texts, y, self._features(), sample_weight, progress)
        keep = self.params.keep_features
        if keep and self.n_features_ > keep:
            # Refit on the strongest features alone, so the saved vocabulary
            # holds only what the model uses and idf and row norms match it.
            vocabularies = self._strongest(keep)
            self._fit_once(texts, y, self._features(vocabularies), sample_weight, None)
        return self

    def _choose_target_weight(
        self, texts: list[str], y: np.ndarray, sample_weight: np.ndarray | None
    ) -> tuple[float, dict[str, Any]]:
        """The weight of :data:`TARGET_WEIGHTS` whose out-of-fold
        predictions on the training data score best on the task's primary
        metric (stratified folds, a text and its exact copies in one fold;
        a tie goes to the larger weight), and the record of the choice
        (``target_weight``, ``target_weight_scores`` per weight,
        ``target_weight_folds``) for ``model.json``. With too few units per
        label for two folds, :data:`TARGET_WEIGHT_FALLBACK` and no scores.

        The weight that one data set needs varies: where a word's stance
        flips between targets the joined features must outweigh the shared
        ones (3 on `experiments/target_weight.py`'s posts), where targets
        share their words they overfit a few posts each (1 on a reviewer's
        tweets, 0.85 against 0.78 F_avg): chosen as any hyperparameter by
        cross-validation (Stone, 1974, "Cross-validatory choice and
        assessment of statistical predictions", JRSS B 36(2))."""
        from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

        counts = y.sum(axis=0)
        present = counts[counts > 0]
        folds = int(min(TARGET_WEIGHT_FOLDS, present.min() if len(present) else 0))
        groups = [" ".join(t.casefold().split()) for t in texts]
        if folds < 2 or len(set(groups)) < 2 * folds:
            return TARGET_WEIGHT_FALLBACK, {
                "target_weight": TARGET_WEIGHT_FALLBACK,
                "target_weight_scores": None,
                "target_weight_folds": 0,
            }
        if self.task.multilabel:
            splits = list(GroupKFold(n_splits=folds).split(texts, groups=groups))
        else:
            splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=self.seed)
            splits = list(splitter.split(texts, y.argmax(axis=1), groups=groups))
        scores = {}
        for weight in TARGET_WEIGHTS:
            decided = np.zeros_like(y)
            for train_idx, test_idx in splits:
                inner = TfidfLinear(
                    self.task,
                    dataclasses.replace(self.params, target_weight=weight, keep_features=0),
                    seed=self.seed,
                )
                inner._fit_once(
                    [texts[i] for i in train_idx],
                    y[train_idx],
                    inner._features(),
                    None if sample_weight is None else sample_weight[train_idx],
                    None,
                )
                proba = inner.predict_proba([texts[i] for i in test_idx])
                decided[test_idx] = self.task.decide(proba)
            scores[weight] = _primary_score(self.task, y, decided)
        best = max(TARGET_WEIGHTS, key=lambda w: (round(scores[w], 4), w))
        return best, {
            "target_weight": best,
            "target_weight_scores": {f"{w:g}": round(v, 4) for w, v in scores.items()},
            "target_weight_folds": folds,
            "target_weight_metric": self.task.metric,
        }

    def _matrix(self, texts: list[str], x):
        """The feature union's matrix ``x``, with the rule columns appended
        where ``rule_features`` is set."""
        if not self.params.rule_features:
            return x
        from scipy import sparse

        from classify.models._rules import rule_columns

        extra = rule_columns(self.task, texts, self.params.rule_features)
        return sparse.hstack([x, sparse.csr_matrix(extra, dtype=x.dtype)]).tocsr()

    def _fit_once(self, texts, y, features, sample_weight, progress) -> None:
        self.features_ = features
        if self.params.rule_features:
            from classify.models._rules import check_rules

            check_rules(self.task, self.params.rule_features)
        try:
            x = self.features_.fit_transform(texts)
        except ValueError as exc:
            if "no terms remain" in str(exc) or "min_df" in str(exc):
                raise ClassifyError(
                    f"key 'model.params.min_df' is {self.params.min_df}: no terms remain in "
                    f"the {len(texts)} training texts (allowed: a count of texts, 1 to "
                    f"{len(texts)}, or a share of them, 0.0 to 1.0, low enough to keep terms)"
                ) from None
            raise
        x = self._matrix(texts, x)
        self.head_ = LinearHead(self.task.multilabel, len(self.task.labels))
        self.head_.fit(x, y, self._head_settings(), sample_weight=sample_weight, progress=progress)

    @property
    def n_features_(self) -> int:
        """Features in the fitted vocabulary (all parts together)."""
        return sum(len(v.vocabulary_) for _, v in self.features_.transformer_list)

    def _strongest(self, keep: int) -> dict[str, list[str]]:
        """The ``keep`` terms with the largest max |coefficient| over the
        head's classifiers, per part of the feature union (every part keeps
        at least one term, in place of the weakest of the others)."""
        coefs = [np.abs(c.coef_).max(axis=0) for c in self.head_.classifiers if c is not None]
        weight = np.max(coefs, axis=0) if coefs else np.zeros(self.n_features_)
        # The rule columns come last and are always kept.
        weight = weight[: self.n_features_]
        ranked = np.argsort(-weight, kind="stable")
        chosen = np.zeros(len(weight), dtype=bool)
        chosen[ranked[:keep]] = True
        parts = [
            (name, vectorizer.get_feature_names_out())
            for name, vectorizer in self.features_.transformer_list
        ]
        bounds = np.cumsum([0, *(len(terms) for _, terms in parts)])
        # A part left with no term keeps its strongest in place of the
        # weakest chosen one: `keep` terms in all, never one more.
        empty = [k for k in range(len(parts)) if not chosen[bounds[k] : bounds[k + 1]].any()]
        weakest = [i for i in ranked[:keep][::-1]]
        for k in empty:
            best = bounds[k] + int(np.argmax(weight[bounds[k] : bounds[k + 1]]))
            while weakest:
                i = weakest.pop(0)
                part = int(np.searchsorted(bounds, i, side="right")) - 1
                if chosen[bounds[part] : bounds[part + 1]].sum() > 1:
                    chosen[i] = False
                    break
            chosen[best] = True
        return {
            name: [str(t) for t in terms[chosen[bounds[k] : bounds[k + 1]]]]
            for k, (name, terms) in enumerate(parts)
        }

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        return self.head_.predict_proba(self._matrix(texts, self.features_.transform(texts)))

    # -- persistence --------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Plain data only: the terms of each part of the feature union in
        column order (``tfidf-vocabulary.json``), their idf weights
        (``tfidf-idf.npz``) and the head's coefficients (``tfidf-linear-head``
        ``.npz`` + ``.json``, loaded with ``allow_pickle=False``). skops wrote
        a dict node by node, about 700 bytes a term, and importing it pulls in
        torch through scikit-learn's array-API shim: seconds at every load."""
        directory = Path(directory)
        parts, idf = {}, {}
        for name, vectorizer in self.features_.transformer_list:
            parts[name] = [str(t) for t in vectorizer.get_feature_names_out()]
            idf[name] = np.asarray(vectorizer.idf_)
        saved: dict[str, Any] = {"format": 1, "parts": parts}
        if self.features_.transformer_weights:
            saved["weights"] = dict(self.features_.transformer_weights)
        (directory / VOCABULARY).write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        np.savez(directory / IDF, **idf)
        self.head_.save_arrays(directory, HEAD, self.task.labels)

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> TfidfLinear:
        directory = Path(directory)
        model = cls(task, params, seed=seed)
        if not (directory / WEIGHTS).is_file():
            files = model._vocabulary_files(directory)
            model._legacy_weights(directory)
            # Read and check the files now; build the scikit-learn objects on
            # first use (see __getattr__), so that loading a folder costs a
            # JSON parse, not scikit-learn's import (about 0.8 s a process).
            model._pending = (files, LinearHead.read_arrays(directory, HEAD, task.labels))
            return model
        # Folders written by earlier versions: the head (and before that the
        # vectoriser too) in a skops file, loaded against an allow-list.
        state = load_skops(directory / WEIGHTS, TRUSTED)
        if "features" in state:
            model.features_ = state["features"]
        else:
            model._legacy_weights(directory)
            model.features_ = model._read_vocabulary(directory)
        model.head_ = LinearHead.from_state(
            state, multilabel=task.multilabel, n_labels=len(task.labels)
        )
        return model

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set: a loaded model's fitted parts.
        pending = self.__dict__.get("_pending")
        if name in ("features_", "head_") and pending is not None:
            (parts, idf), head = pending
            self.features_ = self._build_features(parts, idf)
            self.head_ = LinearHead.from_arrays(*head)
            del self._pending
            return getattr(self, name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _legacy_weights(self, directory: Path) -> None:
        """The target x word features weigh what they were fit with: the
        weight the vocabulary file records, or 1 for a folder saved before
        they had a weight of their own (it records none), whatever
        ``target_weight`` is set or defaults to now."""
        if not self.task.target_field or not (directory / VOCABULARY).is_file():
            return
        try:
            saved = json.loads((directory / VOCABULARY).read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return  # _vocabulary_files says what is wrong with it
        if isinstance(saved, dict) and "weights" not in saved:
            self.params = dataclasses.replace(self.params, target_weight=1.0)
        elif isinstance(saved, dict) and isinstance(saved["weights"], dict):
            # The weight it was fit with (chosen by "auto", or set).
            weight = saved["weights"].get("target")
            if isinstance(weight, (int, float)) and math.isfinite(weight) and weight > 0:
                self.target_weight_ = float(weight)

    @staticmethod
    def _vocabulary_files(directory: Path) -> tuple[dict[str, list[str]], dict[str, np.ndarray]]:
        if not (directory / VOCABULARY).is_file():
            raise ClassifyError("weights are missing (no vocabulary file)", source=directory)
        try:
            parts = json.loads((directory / VOCABULARY).read_text(encoding="utf-8"))["parts"]
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError):
            raise ClassifyError(
                f"{VOCABULARY} is not a vocabulary file (broken or edited)", source=directory
            ) from None
        if not isinstance(parts, dict) or not all(
            isinstance(terms, list) and all(isinstance(t, str) for t in terms)
            for terms in parts.values()
        ):
            raise ClassifyError(
                f"{VOCABULARY}: 'parts' must map each feature part to a list of terms",
                source=directory,
            )
        idf = read_npz(directory / IDF)
        missing = [name for name in parts if name not in idf]
        if missing:
            raise ClassifyError(f"{IDF} has no weights for '{missing[0]}'", source=directory)
        arrays = {name: idf[name] for name in parts}
        for name, terms in parts.items():
            # A weights file that does not match its vocabulary would fail
            # (or worse, score wrongly) at the first prediction.
            if arrays[name].shape != (len(terms),):
                raise ClassifyError(
                    f"{IDF}: '{name}' has {arrays[name].size} weights for {len(terms)} terms "
                    "(the files do not belong together)",
                    source=directory,
                )
        return parts, arrays

    def _build_features(self, parts: dict[str, list[str]], idf: dict[str, np.ndarray]):
        features = self._features(parts)
        for name, vectorizer in features.transformer_list:
            vectorizer.vocabulary_ = {t: i for i, t in enumerate(parts[name])}
            vectorizer.fixed_vocabulary_ = True
            vectorizer.idf_ = idf[name]
        return features

    def _read_vocabulary(self, directory: Path):
        return self._build_features(*self._vocabulary_files(directory))


def _primary_score(task: Task, y: np.ndarray, decided: np.ndarray) -> float:
    """The task's primary metric (``macro_f1``, ``f_avg``, ``micro_f1`` or
    ``accuracy``) of 0/1 decisions against indicator rows, both ``(n,
    n_labels)``; labels with neither gold nor decisions left out of the
    averages, as :func:`classify.evaluation.compute_metrics` leaves them."""
    from sklearn.metrics import f1_score

    if task.metric == "accuracy":
        return float((y.argmax(axis=1) == decided.argmax(axis=1)).mean())
    if task.metric == "micro_f1":
        return float(f1_score(y, decided, average="micro", zero_division=0))
    f1 = f1_score(y, decided, average=None, zero_division=0)
    defined = (y.sum(axis=0) + decided.sum(axis=0)) > 0
    averaged = [
        j
        for j, label in enumerate(task.labels)
        if defined[j] and (task.metric != "f_avg" or label in (task.favg_labels or task.labels))
    ]
    return float(np.mean(f1[averaged])) if averaged else 0.0


# The types a tfidf-linear weights file may contain beyond skops' defaults.
TRUSTED = HEAD_TRUSTED | {
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.pipeline.FeatureUnion",
    # The target x word analyzer of target-conditioned tasks.
    "classify.targets.target_words",
}
