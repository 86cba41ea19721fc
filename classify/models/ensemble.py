"""``ensemble``: the average of several families' probabilities.

Word-level TF-IDF models and sentence encoders make different mistakes on
short news items (one keys on names and phrases, the other on paraphrase), so
averaging their probabilities is a cheap, robust gain. Members are ordinary
families with their own parameters; each is saved in its own subfolder by its
own ``save``, so the ensemble inherits their no-pickle formats.

Config::

    model:
      family: ensemble
      params:
        members:
          - {family: tfidf-linear, params: {C: 10}}
          - {family: embedding-linear}
        weights: [1, 1]          # optional; equal by default
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError
from classify.models._hub import ModelNotFound
from classify.models.base import Model, Progress
from classify.tasks import Task

MEMBERS_JSON = "members.json"


@dataclass
class EnsembleParams:
    members: list[dict[str, Any]] = field(
        default_factory=lambda: [{"family": "tfidf-linear"}, {"family": "embedding-linear"}]
    )
    weights: list[float] | None = None


def _member_specs(params: EnsembleParams) -> list[tuple[type[Model], Any]]:
    from classify.models import member_spec

    if not params.members:
        raise ClassifyError("key 'model.params.members' lists no members")
    specs = [
        member_spec(raw, f"members.{i}", container="ensemble")
        for i, raw in enumerate(params.members)
    ]
    if params.weights is not None and len(params.weights) != len(specs):
        raise ClassifyError(
            f"key 'model.params.weights' has {len(params.weights)} values for {len(specs)} members"
        )
    if params.weights is not None:
        import math

        bad = [w for w in params.weights if not math.isfinite(float(w)) or float(w) < 0]
        if bad or not sum(float(w) for w in params.weights) > 0:
            # Negative weights give "probabilities" outside [0, 1]; all-zero
            # ones none at all (a division by zero after the whole training).
            raise ClassifyError(
                f"key 'model.params.weights' is {list(params.weights)} (allowed: numbers of "
                "0 or more, at least one above 0)"
            )
    return specs


class Ensemble(Model):
    family = "ensemble"
    Params = EnsembleParams

    @classmethod
    def check_params(cls, params: Any) -> None:
        _member_specs(params)

    @classmethod
    def is_cheap(cls, params: Any) -> bool:
        return all(f.is_cheap(p) for f, p in _member_specs(params))

    @classmethod
    def takes_sample_weight(cls, params: Any) -> bool:
        return all(f.takes_sample_weight(p) for f, p in _member_specs(params))

    def _weights(self) -> np.ndarray:
        n = len(self.params.members)
        w = np.ones(n) if self.params.weights is None else np.asarray(self.params.weights, float)
        return w / w.sum()

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        progress: Progress | None = None,
        sample_weight: np.ndarray | None = None,
    ) -> Ensemble:
        specs = _member_specs(self.params)
        self.members_ = []
        for i, (family, params) in enumerate(specs):
            member = family(self.task, params, seed=self.seed)
            try:
                if sample_weight is None:
                    member.fit(texts, y, validation=validation)
                else:
                    member.fit(texts, y, validation=validation, sample_weight=sample_weight)
            except ModelNotFound as exc:
                # The member's own key, as --set takes it.
                raise ModelNotFound(
                    str(exc).replace(
                        "in the config's model.params)",
                        f"in the config's model.params.members.{i}.params)",
                    )
                ) from None
            self.members_.append(member)
            if progress:
                progress(i + 1, len(specs))
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        w = self._weights()
        return sum(wi * m.predict_proba(texts) for wi, m in zip(w, self.members_))

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        index = []
        for i, member in enumerate(self.members_):
            sub = directory / f"member-{i}"
            sub.mkdir()
            member.save(sub)
            index.append({"family": member.family, "params": asdict(member.params)})
        (directory / MEMBERS_JSON).write_text(json.dumps(index, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> Ensemble:
        directory = Path(directory)
        specs = _member_specs(params)
        # The members saved (members.json, member-N folders) are the ones
        # model.json names: a member dropped from one is not silently lost.
        try:
            saved = json.loads((directory / MEMBERS_JSON).read_text(encoding="utf-8"))
            families = [str(entry["family"]) for entry in saved]
        except (OSError, ValueError, KeyError, TypeError):
            raise ClassifyError(
                f"{MEMBERS_JSON} is missing or damaged", source=directory / MEMBERS_JSON
            ) from None
        folders = sorted(d.name for d in directory.glob("member-*") if d.is_dir())
        named = [family.family for family, _ in specs]
        if families != named or len(folders) != len(named):
            raise ClassifyError(
                f"the ensemble's members do not agree: model.json names {named}, "
                f"{MEMBERS_JSON} {families}, and there are {len(folders)} member folders",
                source=directory,
            )
        model = cls(task, params, seed=seed)
        model.members_ = [
            family.load(directory / f"member-{i}", task, member_params, seed=seed)
            for i, (family, member_params) in enumerate(specs)
        ]
        return model
