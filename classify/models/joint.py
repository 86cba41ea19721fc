"""``joint``: a single-label task learned jointly with another label field.

The annotation guidelines decide stance in steps, and one of them ties it to
topic: a passage with no topic is almost always ``neutral`` (docs/annotation-guidelines.md,
rule 4). ``joint`` learns that structure without hard-coding it: its member
is fit on the product classes (stance x whether the unit has a topic, six
classes) and its probabilities are read back as the task's labels by summing
over the other field (the marginal). The finer classes split ``neutral``
into "neutral, no topic" (unrelated news) and "neutral, on topic" (factual
reports on relations), which a linear model separates more easily than one
mixed class. This is training on fine-grained classes and reading back the
coarse ones by summing probabilities (the flat, leaf-node approach to a
class hierarchy in Silla and Freitas 2011, "A survey of hierarchical
classification across different application domains", Data Mining and
Knowledge Discovery 22). Measured in the README (Generalisation) and
``experiments/stance_structure.py``.

It is made by the config key ``joint: FIELD`` (e.g. ``joint: topics``), not
named as a family: training needs each unit's value of FIELD, which only the
training code has. A saved model needs only the text to predict.

Groups of the other field: for a multi-label field (a list of labels) two,
``without`` and ``with`` (any label); for a single-label field its values.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError
from classify.models.base import Model, Progress
from classify.tasks import Task

JOINT_JSON = "joint.json"
MEMBER_DIR = "member"


@dataclass
class JointParams:
    member: dict[str, Any] = field(default_factory=lambda: {"family": "ensemble"})
    # The other label field and its groups, in column order.
    other: str = "topics"
    groups: list[str] = field(default_factory=lambda: ["without", "with"])


def _spec(raw: Any) -> tuple[type[Model], Any]:
    from classify.models import member_spec

    return member_spec(raw, "member", container="joint")


def joint_task(task: Task, groups: Sequence[str]) -> Task:
    """The product task: one class per (label, group), label-major, named
    ``label|group``."""
    joint = Task.from_dict(
        {
            "name": f"{task.name}-joint",
            "kind": "multiclass",
            "labels": [f"{label}|{g}" for label in task.labels for g in groups],
        }
    )
    # The task's rules, for members that read them as features
    # (classify.models._rules; their labels are not the product classes).
    return dataclasses.replace(joint, rules=task.rules) if task.rules else joint


def expand(y: np.ndarray, aux: np.ndarray, n_groups: int) -> np.ndarray:
    """Indicator matrix ``(n, k)`` of the task and group index ``(n,)`` to
    the product classes' indicator matrix ``(n, k * n_groups)``."""
    y = np.asarray(y)
    aux = np.asarray(aux, dtype=int)
    out = np.zeros((len(y), y.shape[1] * n_groups), dtype=y.dtype)
    rows = np.arange(len(y))
    out[rows, y.argmax(axis=1) * n_groups + aux] = 1
    return out


class Joint(Model):
    family = "joint"
    Params = JointParams

    @classmethod
    def check_params(cls, params: Any) -> None:
        _spec(params.member)
        if len(params.groups) < 2:
            raise ClassifyError(
                f"key 'model.params.groups' is {params.groups!r} (allowed: two or more groups)"
            )

    @classmethod
    def is_cheap(cls, params: Any) -> bool:
        family, member_params = _spec(params.member)
        return family.is_cheap(member_params)

    @classmethod
    def takes_sample_weight(cls, params: Any) -> bool:
        family, member_params = _spec(params.member)
        return family.takes_sample_weight(member_params)

    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        aux: np.ndarray | None = None,
        validation: tuple[Sequence[str], np.ndarray] | None = None,
        validation_aux: np.ndarray | None = None,
        progress: Progress | None = None,
        sample_weight: np.ndarray | None = None,
    ) -> Joint:
        """Fit the member on the product classes.

        Args:
            texts: ``n`` unit texts.
            y: the task's indicator matrix, shape ``(n, k)`` (one 1 per row).
            aux: each unit's group of the other field, indices into
                ``params.groups``, shape ``(n,)``.
            validation: held-out texts and their ``(m, k)`` indicator matrix,
                with ``validation_aux`` ``(m,)``; passed on to the member.
            progress, sample_weight: passed on to the member.

        Raises:
            ClassifyError: no ``aux`` (the family is made by the config key
                ``joint``, not fit on texts and labels alone), or a
                multi-label task.
        """
        if self.task.multilabel:
            raise ClassifyError("'joint' is for single-label tasks")
        if aux is None:
            raise ClassifyError(
                "family 'joint' is made by the config key 'joint: FIELD' "
                "(allowed: set joint: topics and model.family to the member's family)"
            )
        m = len(self.params.groups)
        family, member_params = _spec(self.params.member)
        self.member_ = family(
            joint_task(self.task, self.params.groups), member_params, seed=self.seed
        )
        kwargs: dict[str, Any] = {"progress": progress}
        if validation is not None and validation_aux is not None:
            kwargs["validation"] = (validation[0], expand(validation[1], validation_aux, m))
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        self.member_.fit(list(texts), expand(y, aux, m), **kwargs)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """The task's probabilities, shape ``(len(texts), k)``: the member's
        product-class probabilities summed over the other field's groups."""
        p = np.asarray(self.member_.predict_proba(list(texts)), dtype=float)
        k, m = len(self.task.labels), len(self.params.groups)
        return p.reshape(len(p), k, m).sum(axis=2)

    def predict_joint(self, texts: Sequence[str]) -> np.ndarray:
        """The product classes' probabilities, shape ``(len(texts), k * m)``,
        columns ``label|group`` label-major."""
        return np.asarray(self.member_.predict_proba(list(texts)), dtype=float)

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        sub = directory / MEMBER_DIR
        sub.mkdir()
        self.member_.save(sub)
        (directory / JOINT_JSON).write_text(
            json.dumps({"other": self.params.other, "groups": list(self.params.groups)}),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, directory: Path, task: Task, params: Any, *, seed: int = 0) -> Joint:
        model = cls(task, params, seed=seed)
        family, member_params = _spec(params.member)
        model.member_ = family.load(
            Path(directory) / MEMBER_DIR, joint_task(task, params.groups), member_params, seed=seed
        )
        return model

    @classmethod
    def wrap(
        cls,
        task: Task,
        member: dict[str, Any],
        other: str,
        groups: Sequence[str],
        *,
        seed: int = 0,
    ) -> Joint:
        """An unfitted joint model around ``member`` (``{family, params}``),
        learning ``task`` jointly with the field ``other`` split into
        ``groups``."""
        params = JointParams(member=dict(member), other=other, groups=list(groups))
        cls.check_params(params)
        return cls(task, params, seed=seed)


__all__ = ["Joint", "JointParams", "expand", "joint_task"]
