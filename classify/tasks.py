"""Task specifications: what is being predicted, and how labels are encoded.

A task comes from a YAML file in ``configs/tasks/`` (name, kind, labels and a
description per label), never from code, so a researcher can add a label set
without touching the package. Labels are encoded the same way for both kinds:
an indicator matrix ``Y`` of shape ``(n, n_labels)``; a multiclass row has
exactly one 1. Models therefore share one ``fit(texts, Y)`` signature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError

Kind = Literal["multilabel", "multiclass"]
KINDS: tuple[str, ...] = ("multilabel", "multiclass")


@dataclass(frozen=True)
class Task:
    """A label set and how to read it.

    ``field`` names the column that holds this task's gold labels in data
    files (``topics`` for the topic task, ``stance`` for stance).
    """

    name: str
    kind: Kind
    labels: tuple[str, ...]
    descriptions: Mapping[str, str] = field(default_factory=dict)
    field: str = ""
    target: str = ""
    # Labelling rules for weak supervision (classify.rules), as given in the file.
    rules: tuple[Mapping[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not self.field:
            object.__setattr__(self, "field", self.name)

    @property
    def multilabel(self) -> bool:
        return self.kind == "multilabel"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "labels": list(self.labels),
            "descriptions": dict(self.descriptions),
            "field": self.field,
            "target": self.target,
            **({"rules": [dict(r) for r in self.rules]} if self.rules else {}),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, source: object = "task") -> Task:
        allowed = {"name", "kind", "labels", "descriptions", "field", "target", "rules"}
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise ClassifyError(
                f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})",
                source=source,
            )
        for key in ("name", "kind", "labels"):
            if key not in raw:
                raise ClassifyError(f"missing key '{key}'", source=source)
        if raw["kind"] not in KINDS:
            raise ClassifyError(
                f"key 'kind' is '{raw['kind']}' (allowed: {', '.join(KINDS)})", source=source
            )
        labels = raw["labels"]
        if not isinstance(labels, list) or len(labels) < 2 or len(set(labels)) != len(labels):
            raise ClassifyError(
                "key 'labels' must be a list of at least two distinct names", source=source
            )
        descriptions = dict(raw.get("descriptions") or {})
        extra = sorted(set(descriptions) - set(labels))
        if extra:
            raise ClassifyError(
                f"key 'descriptions' names unknown label '{extra[0]}' "
                f"(labels: {', '.join(labels)})",
                source=source,
            )
        return cls(
            name=str(raw["name"]),
            kind=raw["kind"],
            labels=tuple(str(label) for label in labels),
            descriptions={str(k): str(v) for k, v in descriptions.items()},
            field=str(raw.get("field") or raw["name"]),
            target=str(raw.get("target") or ""),
            rules=_rules(raw.get("rules"), labels, source),
        )

    # -- encoding -------------------------------------------------------------

    def is_unlabelled(self, value: Any) -> bool:
        """Whether a raw gold value means "not labelled for this task".

        ``None`` (an absent field or JSON ``null``) is always unlabelled. An
        empty string (an empty CSV cell) is unlabelled for a multiclass task
        and "no label" for a multilabel one, like an empty list; a row with
        no label at all has ``None`` everywhere (:func:`row_labels`).
        """
        if value is None:
            return True
        return not self.multilabel and isinstance(value, str) and not value.strip()

    def check(self, value: Any) -> str | None:
        """Why a (labelled) raw gold value cannot be encoded, or None if it can."""
        names = _as_names(value, multilabel=self.multilabel)
        if not self.multilabel and len(names) != 1:
            return f"task '{self.name}' needs exactly one label per unit, got {value!r}"
        for name in names:
            if name not in self.labels:
                return f"label '{name}' is not in task '{self.name}' (allowed: {', '.join(self.labels)})"
        return None

    def encode(
        self,
        values: Sequence[Any],
        *,
        source: object = None,
        where: Sequence[str | None] | None = None,
    ) -> np.ndarray:
        """Gold values (a label name, or a list of names) to an indicator matrix.

        Raises a ClassifyError naming the offending label, the allowed ones
        and, where ``where`` gives it, the file and line of the row. An
        unlabelled value (:meth:`is_unlabelled`) is an error here: leave such
        units out first (``Examples.for_task``).
        """
        index = {label: i for i, label in enumerate(self.labels)}
        y = np.zeros((len(values), len(self.labels)), dtype=np.int64)
        for row, value in enumerate(values):
            problem = (
                f"no '{self.field}' label for task '{self.name}'"
                if self.is_unlabelled(value)
                else self.check(value)
            )
            if problem:
                loc = where[row] if where is not None else None
                raise ClassifyError(problem, source=loc or source)
            for name in _as_names(value, multilabel=self.multilabel):
                y[row, index[name]] = 1
        return y

    def decode(self, y: np.ndarray) -> list:
        """Indicator (or decision) matrix to label names: a list of names per
        row for multilabel tasks, one name per row for multiclass tasks."""
        if self.multilabel:
            return [[self.labels[j] for j in np.flatnonzero(row)] for row in y]
        return [self.labels[int(j)] for j in np.argmax(y, axis=1)]

    def decide(self, proba: np.ndarray, thresholds: Iterable[float] | None = None) -> np.ndarray:
        """Probabilities to a 0/1 decision matrix: per-label thresholds for
        multilabel tasks, the most probable label for multiclass tasks."""
        proba = np.asarray(proba, dtype=float)
        if self.multilabel:
            t = np.full(proba.shape[1], 0.5) if thresholds is None else np.asarray(list(thresholds))
            return (proba >= t).astype(np.int64)
        out = np.zeros_like(proba, dtype=np.int64)
        if len(proba):
            out[np.arange(len(proba)), np.argmax(proba, axis=1)] = 1
        return out


def is_blank(value: Any) -> bool:
    """An absent value, JSON ``null`` or an empty (or blank) string cell."""
    return value is None or (isinstance(value, str) and not value.strip())


def row_labels(row: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The raw gold values of ``fields`` in one row of data or annotations.

    One rule everywhere (tables, ``dataset build --annotations``, ``annotate
    import``): a row whose label cells are all blank (``None`` or ``""``),
    counting every field in ``fields`` and the shipped ``topics``/``stance``
    that the row has, carries no label at all and is unlabelled for every
    task (``None``). Otherwise a blank multilabel cell beside a filled one
    is the empty label set, and ``""`` for a single-label field is
    unlabelled (:meth:`Task.is_unlabelled`). A JSON ``[]`` (or a cell
    ``[]``) is always the empty set.
    """
    present = [k for k in dict.fromkeys([*fields, "topics", "stance"]) if k in row]
    if all(is_blank(row[k]) for k in present):
        return {k: None for k in fields if k in row}
    return {k: row[k] for k in fields if k in row}


def _rules(raw: Any, labels: Sequence[str], source: object) -> tuple[dict[str, Any], ...]:
    if not raw:
        return ()
    from classify.rules import check_rules

    return tuple(check_rules(raw, labels, source=source))


def _as_names(value: Any, *, multilabel: bool) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        # CSV cells hold several topics as "a;b" or "a|b"; an empty cell (or
        # "[]") is none.
        if value.strip() == "[]":
            return []
        if multilabel:
            parts = value.replace("|", ";").replace(",", ";").split(";")
            return [p.strip() for p in parts if p.strip()]
        return [value.strip()] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def load_task(path: str | Path) -> Task:
    from classify.config import read_yaml

    path = Path(path)
    return Task.from_dict(read_yaml(path), source=path)
