"""``routed``: one model for short units, another for long ones.

Self-training (:mod:`classify.semi`) makes a student that has seen thousands
of silver-labelled news items; on news that helps, but on units of another
genre (90-word speech paragraphs) the student is further from its data than
the teacher that learned from gold labels alone, and measured worse
(README, Generalisation). ``routed`` keeps both and sends each unit by its
length: units of fewer than ``max_words`` words to ``short``, the others to
``long``. A mixture of experts with a fixed gate (Jacobs et al. 1991,
"Adaptive Mixtures of Local Experts"), the gate being the one property of a
unit that separates the genres here.

Config (fit directly, both members learn from the same data)::

    model:
      family: routed
      params:
        short: {family: tfidf-linear}
        long: {family: embedding-linear}
        max_words: 60

Self-training builds one from its student (short) and its teacher (long)
with ``self_training.long_units_to_teacher``. Single-label tasks only: the
members' probabilities are used as they are, so multilabel thresholds tuned
for one member would not fit the other's units.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError
from classify.models.base import Model, Progress
from classify.tasks import Task

MEMBERS_JSON = "routed.json"


@dataclass
class RoutedParams:
    short: dict[str, Any] = field(default_factory=lambda: {"family": "tfidf-linear"})
    long: dict[str, Any] = field(default_factory=lambda: {"family": "embedding-linear"})
    max_words: int = 60


def _spec(raw: Any, key: str) -> tuple[type[Model], Any]:
    from classify.models import member_spec

    return member_spec(raw, key, container="routed")


def word_count(text: str) -> int:
    return len(text.split())


class Routed(Model):
    family = "routed"
    Params = RoutedParams

    @classmethod
    def check_params(cls, params: Any) -> None:
        _spec(params.short, "short")
        _spec(params.long, "long")
        if params.max_words < 1:
            raise ClassifyError(
                f"key 'model.params.max_words' is {params.max_words} (allowed: an integer >= 1)"
            )

    @classmethod
    def is_cheap(cls, params: Any) -> bool:
        return all(
            f.is_cheap(p) for f, p in (_spec(params.short, "short"), _spec(params.long, "long"))
        )

    @classmethod
    def from_members(cls, task: Task, short: Model, long: Model, max_words: int) -> Routed:
        """A routed model from two fitted members."""
        params = RoutedParams(
            short={"family": short.family, "params": asdict(short.params)},
            long={"family": long.family, "params": asdict(long.params)},
            max_words=max_words,
        )
        model = cls(task, params, seed=short.seed)
        model.members_ = [short, long]
        return model

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
    ) -> Routed:
        if self.task.multilabel:
            raise ClassifyError("family 'routed' is for single-label tasks")
        self.members_ = []
        for i, key in enumerate(("short", "long")):
            family, params = _spec(getattr(self.params, key), key)
            self.members_.append(
                family(self.task, params, seed=self.seed).fit(texts, y, validation=validation)
            )
            if progress:
                progress(i + 1, 2)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), len(self.task.labels)))
        long = np.array([word_count(t) >= self.params.max_words for t in texts], dtype=bool)
        for member, mask in zip(self.members_, (~long, long)):
            idx = np.flatnonzero(mask)
            if len(idx):
                out[idx] = member.predict_proba([texts[i] for i in idx])
        return out

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        for key, member in zip(("short", "long"), self.members_):
            sub = directory / key
            sub.mkdir()
            member.save(sub)
        (directory / MEMBERS_JSON).write_text(
            json.dumps({"max_words": self.params.max_words}), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> Routed:
        directory = Path(directory)
        model = cls(task, params, seed=seed)
        model.members_ = []
        for key in ("short", "long"):
            family, member_params = _spec(getattr(params, key), key)
            model.members_.append(family.load(directory / key, task, member_params, seed=seed))
        return model
