"""Task specifications: what is being predicted, and how labels are encoded.

A task comes from a YAML file in ``configs/tasks/`` (name, kind, labels and a
description per label), never from code, so a researcher can add a label set
without touching the package. Labels are encoded the same way for both kinds:
an indicator matrix ``Y`` of shape ``(n, n_labels)``; a multiclass row has
exactly one 1. Models therefore share one ``fit(texts, Y)`` signature.

Optional keys: ``description`` (model cards), ``target`` (what a stance is
toward, in words), ``target_field`` (a column naming the target per row,
:mod:`classify.targets`), ``metric`` (the primary metric: ``macro_f1``,
``f_avg``, ``micro_f1`` or ``accuracy``) with ``metric_labels`` (the labels
F_avg averages), and ``rules`` (weak supervision).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError
from classify.schema import check_keys, read_yaml, with_key_line
from classify.tables import written_list

# The label fields of the shipped tasks; others come from task files.
LABEL_FIELDS = ("topics", "stance")

Kind = Literal["multilabel", "multiclass"]
KINDS: tuple[str, ...] = ("multilabel", "multiclass")
# A task's primary metric (key 'metric' of a task file).
METRICS: tuple[str, ...] = ("macro_f1", "f_avg", "micro_f1", "accuracy")


def fold_metric(name: str) -> str:
    """A metric's name as the field writes it ("macro-F1", "F_avg", "Micro
    F1") in the form this package keys it by (``macro_f1``, ``f_avg``,
    ``micro_f1``): case folded, spaces and hyphens as underscores."""
    return "_".join(re.split(r"[\s_-]+", str(name).strip().casefold()))


# What an empty multilabel cell means (a task file's ``empty_cell``): no label
# beside another filled label, not yet labelled, or no label even alone in
# its row (a corpus that ships one label column, an empty cell for no topic).
EMPTY_CELL: tuple[str, ...] = ("none", "unlabelled", "always_none")
# The labels F_avg averages by default (SemEval-2016 Task 6 stance).
FAVG_DEFAULT: tuple[str, ...] = ("favour", "against")


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
    # What a stance is toward, in words, when it is the same for every unit.
    target: str = ""
    # What the task is about, in a sentence (model cards and reports).
    description: str = ""
    # A column naming, per row, what the stance is toward (a target-
    # conditioned task: every family reads the target with the text).
    target_field: str = ""
    # The figure that ranks models of this task (compare, thresholds, early
    # stopping, leaderboards), and for ``f_avg`` the labels it averages.
    metric: str = ""
    metric_labels: tuple[str, ...] = ()
    # Labelling rules for weak supervision (classify.rules), as given in the file.
    rules: tuple[Mapping[str, Any], ...] = ()
    # What an empty cell of a multilabel task beside another filled label
    # means: "none" (no label, the empty set) or "unlabelled" (not yet
    # labelled for this task; then only [] says no label); "always_none":
    # no label even alone in its row (one label column, empty for no topic).
    empty_cell: str = "none"

    def __repr__(self) -> str:
        # Short, as a notebook shows it: rules and descriptions by count,
        # not their full text (a rule's pattern alone may run to a line).
        parts = [repr(self.name), self.kind, f"labels={self.labels!r}"]
        if self.field and self.field != self.name:
            parts.append(f"field={self.field!r}")
        if self.target_field:
            parts.append(f"target_field={self.target_field!r}")
        if self.metric and self.metric != "macro_f1":
            parts.append(f"metric={self.metric!r}")
        if self.rules:
            parts.append(f"{len(self.rules)} rule{'s' if len(self.rules) != 1 else ''}")
        return f"Task({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        # ``model.task == "topic"`` in a notebook means the task's name; a
        # Task compared with a Task is equal field by field.
        if isinstance(other, str):
            return self.name == other
        if not isinstance(other, Task):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.name)

    def __post_init__(self) -> None:
        if not self.field:
            object.__setattr__(self, "field", self.name)
        if not self.metric:
            object.__setattr__(self, "metric", "macro_f1")
        if self.metric == "f_avg" and not self.metric_labels:
            object.__setattr__(self, "metric_labels", FAVG_DEFAULT)

    @property
    def favg_labels(self) -> tuple[str, ...] | None:
        """The labels F_avg averages for this task (its ``metric_labels`` when
        the metric is ``f_avg``, else ``favour`` and ``against`` when the task
        has both), or None when F_avg means nothing here."""
        if self.multilabel:
            return None
        if self.metric == "f_avg":
            return self.metric_labels
        return FAVG_DEFAULT if all(lab in self.labels for lab in FAVG_DEFAULT) else None

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
            "description": self.description,
            "target_field": self.target_field,
            "metric": self.metric,
            "metric_labels": list(self.metric_labels),
            **({"rules": [dict(r) for r in self.rules]} if self.rules else {}),
            **({"empty_cell": self.empty_cell} if self.empty_cell != "none" else {}),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, source: object = "task") -> Task:
        allowed = {
            "name",
            "kind",
            "labels",
            "descriptions",
            "field",
            "target",
            "rules",
            "description",
            "target_field",
            "metric",
            "metric_labels",
            "empty_cell",
        }
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
        if isinstance(labels, list) and any(isinstance(x, bool) for x in labels):
            # YAML reads Yes/No/On/Off (any case) as booleans: the label the
            # user wrote is gone, so say how to keep it.
            raise ClassifyError(
                "key 'labels': a label was read as true/false, as YAML reads yes, no, on and "
                'off; quote each label as written (labels: ["Yes", "No"], ["on", "off"])',
                source=source,
            )
        if not isinstance(labels, list) or len(labels) < 2 or len(set(labels)) != len(labels):
            twice = (
                next((x for x in labels if labels.count(x) > 1), None)
                if isinstance(labels, list)
                else None
            )
            named = f" ('{twice}' is there twice)" if twice is not None else ""
            one = labels if isinstance(labels, str) else None
            if isinstance(labels, list) and len(labels) == 1:
                one = str(labels[0])
            if one is not None:
                # One tag ("military") is a yes/no question: two classes,
                # quoted, so YAML reads them whatever they hold (a comma, ": ").
                pair = ", ".join(json.dumps(x) for x in (one, f"not_{one}"))
                named = (
                    f"; a task of one label is a yes/no question: write it as kind: "
                    f"multiclass, labels: [{pair}] (a 1/0 column reads as labels: [0, 1])"
                )
            raise ClassifyError(
                f"key 'labels' must be a list of at least two distinct names{named}",
                source=source,
            )
        folded: dict[str, str] = {}
        for label in map(str, labels):
            other = folded.setdefault(fold_label(label), label)
            if other != label:
                # Gold files are read with case and spacing folded (Task.spelled):
                # such labels could not be told apart in "Favor" or " favor ".
                raise ClassifyError(
                    f"key 'labels': '{other}' and '{label}' differ only in case, spaces, "
                    "hyphens or underscores, which reading gold labels ignores; give them "
                    "distinct names",
                    source=source,
                )
        field_name = str(raw.get("field") or raw["name"])
        if clash := output_clash(field_name):
            # predict writes the prediction under the task's field beside
            # these columns: one would overwrite the other.
            raise ClassifyError(
                f"key '{'field' if raw.get('field') else 'name'}' is '{field_name}', a column "
                f"predict writes beside each prediction ({clash}); name the label column "
                f"otherwise in the data and here (e.g. '{field_name.lower()}_label')",
                source=source,
            )
        descriptions = dict(raw.get("descriptions") or {})
        if any(isinstance(k, bool) for k in descriptions):
            raise ClassifyError(
                "key 'descriptions': a label was read as true/false, as YAML reads yes, no, on "
                'and off; quote each label as written ("Yes": the passage agrees)',
                source=source,
            )
        extra = sorted(set(descriptions) - set(labels))
        if extra:
            raise ClassifyError(
                f"key 'descriptions' names unknown label '{extra[0]}' "
                f"(labels: {', '.join(labels)})",
                source=source,
            )
        metric = str(raw.get("metric") or "")
        if metric and metric not in METRICS:
            # The field writes them "macro-F1", "F_avg", "Micro F1".
            written = metric
            metric = fold_metric(metric)
            if metric not in METRICS:
                near = difflib.get_close_matches(metric, METRICS, n=1, cutoff=0.7)
                raise ClassifyError(
                    f"key 'metric' is '{written}' (allowed: {', '.join(METRICS)})"
                    + (f"; did you mean '{near[0]}'?" if near else ""),
                    source=source,
                )
        if metric in ("f_avg", "accuracy") and raw["kind"] == "multilabel":
            raise ClassifyError(
                f"key 'metric' is '{metric}', which needs a multiclass task "
                "(allowed for multilabel: macro_f1, micro_f1)",
                source=source,
            )
        if metric == "micro_f1" and raw["kind"] == "multiclass":
            raise ClassifyError(
                "key 'metric' is 'micro_f1', which equals accuracy for a multiclass task "
                "(allowed: macro_f1, f_avg, accuracy)",
                source=source,
            )
        empty_cell = str(raw.get("empty_cell") or "none")
        if empty_cell not in EMPTY_CELL:
            raise ClassifyError(
                f"key 'empty_cell' is '{empty_cell}' (allowed: {', '.join(EMPTY_CELL)})",
                source=source,
            )
        if empty_cell != "none" and raw["kind"] != "multilabel":
            raise ClassifyError(
                "key 'empty_cell' is for a multilabel task (an empty cell of a multiclass "
                "task is always unlabelled)",
                source=source,
            )
        averaged = raw.get("metric_labels") or []
        if isinstance(averaged, list):
            # Spelled as the labels are read in data (favor for FAVOR).
            folded = {fold_label(str(lab)): str(lab) for lab in labels}
            averaged = [
                lab if lab in labels else folded.get(fold_label(str(lab)), lab) for lab in averaged
            ]
        if isinstance(averaged, list) and any(isinstance(lab, bool) for lab in averaged):
            raise ClassifyError(
                "key 'metric_labels': a label was read as true/false, as YAML reads yes, no, "
                'on and off; quote each label as written (metric_labels: ["yes"])',
                source=source,
            )
        if not isinstance(averaged, list) or any(lab not in labels for lab in averaged):
            bad = (
                [lab for lab in averaged if lab not in labels] if isinstance(averaged, list) else []
            )
            raise ClassifyError(
                "key 'metric_labels' must list labels of the task"
                + (f"; '{bad[0]}' is not one" if bad else "")
                + f" (labels: {', '.join(labels)})",
                source=source,
            )
        if len(set(averaged)) < len(averaged):
            raise ClassifyError(
                f"key 'metric_labels' names a label twice ({', '.join(averaged)})", source=source
            )
        if averaged and metric != "f_avg":
            raise ClassifyError("key 'metric_labels' needs 'metric: f_avg'", source=source)
        if metric == "f_avg" and not averaged and not all(x in labels for x in FAVG_DEFAULT):
            raise ClassifyError(
                "key 'metric' is 'f_avg': name the labels it averages in 'metric_labels'",
                source=source,
            )
        field = str(raw.get("field") or raw["name"])
        if raw.get("target_field") and str(raw["target_field"]) == field:
            # The model would be given its own gold label beside the text.
            raise ClassifyError(
                f"key 'target_field' is '{field}', the task's label column (key 'field'): the "
                "model would read its gold label beside each text; name the column that says "
                "what the stance is toward",
                source=source,
            )
        return cls(
            name=str(raw["name"]),
            kind=raw["kind"],
            labels=tuple(str(label) for label in labels),
            # "against:" left empty in YAML is no description, not "None".
            descriptions={str(k): str(v) for k, v in descriptions.items() if v is not None},
            field=field,
            target=str(raw.get("target") or ""),
            description=" ".join(str(raw.get("description") or "").split()),
            target_field=str(raw.get("target_field") or ""),
            metric=metric,
            metric_labels=tuple(str(x) for x in averaged),
            rules=_rules(raw.get("rules"), labels, source),
            empty_cell=empty_cell,
        )

    # -- encoding -------------------------------------------------------------

    def is_unlabelled(self, value: Any) -> bool:
        """Whether a raw gold value means "not labelled for this task".

        ``None`` (an absent field or JSON ``null``) is always unlabelled. An
        empty string (an empty CSV cell) is unlabelled for a multiclass task
        and "no label" for a multilabel one, like an empty list, unless the
        task file says ``empty_cell: unlabelled``; a row with no label at
        all has ``None`` everywhere (:func:`row_labels`).
        """
        if value is None:
            return True
        blank = isinstance(value, str) and not value.strip()
        return blank and (not self.multilabel or self.empty_cell == "unlabelled")

    def spelled(self, name: str) -> str:
        """A label as the task spells it where ``name`` differs only in case,
        spaces, hyphens or underscores ("Favour", "human rights",
        "Human_Rights", as spreadsheets and annotation tools get typed) and
        matches exactly one label, or is a numeric label written as a float
        (``1.0`` for ``1``); else ``name`` as written."""
        if name in self.labels:
            return name
        found = [lab for lab in self.labels if fold_label(lab) == fold_label(name)]
        if not found and re.fullmatch(r"-?\d+\.0+", str(name).strip()):
            # A numeric code written back as a float ("1.0"): pandas does so
            # to an integer column with a gap, and a spreadsheet may too.
            whole = str(name).strip().split(".")[0]
            found = [lab for lab in self.labels if lab == whole]
        return found[0] if len(found) == 1 else name

    def respelled(self, value: Any) -> Any:
        """A raw gold value with each label name as the task spells it
        (:meth:`spelled`): a list for a multi-label task, a name for a
        multiclass one; ``value`` itself where nothing changes."""
        names = label_names(value, multilabel=self.multilabel, labels=self.labels)
        fixed = [self.spelled(n) for n in names]
        if fixed == names:
            return value
        if self.multilabel:
            return fixed
        return fixed[0] if len(fixed) == 1 else value

    def label_hint(self, name: str) -> str:
        """'; did you mean ...' for a near spelling of a label (favor,
        sanction), or how to write no label for ``none``; '' otherwise."""
        import difflib

        empty = fold_label(name) in ("none", "no topic", "nan", "null", "n/a", "na")
        if self.multilabel and empty:
            return (
                "; a unit with none of the labels is written [] (an empty cell, too, where "
                "the row has another task's label; a row with no label at all is not yet "
                "labelled)"
            )
        if empty:
            background = next(
                (lab for lab in self.labels if lab.casefold() in ("neutral", "other")), None
            )
            return "; an empty cell is a unit not yet labelled" + (
                f", and '{background}' is the label for none of the others" if background else ""
            )
        folded = {fold_label(lab): lab for lab in self.labels}
        if self.multilabel:
            # Two labels joined by a separator that is not one (a/b, a+b).
            parts = [p for p in re.split(r"\s*[/+&]\s*", name) if p]
            if len(parts) > 1 and all(fold_label(p) in folded for p in parts):
                return (
                    f"; several labels in one cell are separated by ';' "
                    f"('{';'.join(folded[fold_label(p)] for p in parts)}')"
                )
        else:
            # "hawkish/unclear": a coder torn between two labels.
            parts = [p for p in re.split(r"\s*[/+&;|,]\s*|\s+(?:or|and)\s+", name) if p]
            if len(parts) > 1 and all(fold_label(p) in folded for p in parts):
                return f"; '{self.name}' takes one label per unit: choose one of " + " or ".join(
                    f"'{folded[fold_label(p)]}'" for p in parts
                )
        key = fold_label(name)
        close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.75)
        if not close and len(key) >= 3:
            # An abbreviation (coop for cooperation, hr for none: too short).
            close = [f for f in folded if f.startswith(key)]
            close = close if len(close) == 1 else []
        return f"; did you mean '{folded[close[0]]}'?" if close else ""

    def listed_labels(self) -> str:
        """The labels as a message lists them: joined by commas, each quoted
        where one holds a comma itself ('Korea, North', 'Iran')."""
        if any("," in label for label in self.labels):
            return ", ".join(f"'{label}'" for label in self.labels)
        return ", ".join(self.labels)

    def check(self, value: Any) -> str | None:
        """Why a (labelled) raw gold value cannot be encoded, or None if it can."""

        def missing(v: Any) -> bool:
            return (
                v is None
                or (isinstance(v, float) and v != v)
                or type(v).__name__ == "NAType"
                or (isinstance(v, str) and not v.strip())
            )

        def spelt(v: Any) -> str:
            # As JSON writes it (true, null), not as Python does (True, None).
            try:
                return json.dumps(v, ensure_ascii=False, default=str)
            except ValueError:
                return str(v)

        if isinstance(value, str):
            # A list written into a CSV cell is held to what a JSON list is.
            value = written_list(value, keep_empty=True) or value
        if isinstance(value, (list, tuple)) and any(missing(v) for v in value):
            # [null] or [""]: not "no label" ([]), and no label's name either.
            shown = spelt([None if missing(v) and not isinstance(v, str) else v for v in value])
            return f"the label list {shown} holds a null or empty name; " + (
                "write [] for a unit with none of the labels"
                if self.multilabel
                else "a unit of this task has one label (leave the cell empty if it has none yet)"
            )
        items = value if isinstance(value, (list, tuple)) else [value]
        odd = next((v for v in items if isinstance(v, (bool, dict, list, tuple))), None)
        if odd is not None:
            return (
                f"the label {spelt(odd)} is not a label name (task '{self.name}' takes "
                f"{'a list of label names' if self.multilabel else 'one label name'}: "
                f"{self.listed_labels()})"
            )
        names = label_names(value, multilabel=self.multilabel, labels=self.labels)
        if not self.multilabel and len(names) != 1:
            return f"task '{self.name}' needs exactly one label per unit, got {value!r}"
        for name in names:
            if name not in self.labels:
                # A label code (0, 1, 2) where the task names its labels.
                coded = re.fullmatch(r"-?\d+(?:\.0)?", name) and not any(
                    re.fullmatch(r"-?\d+", label) for label in self.labels
                )
                hint = (
                    "; labels are names: map the codes to them first"
                    if coded
                    # R's write.csv and Stata write a missing value so.
                    else "; NA is R's mark of a missing value: leave the cell empty "
                    '(write.csv(..., na = "")) where the unit is not labelled'
                    if name.strip().upper() in ("NA", "N/A", "#N/A", "NAN", "NULL", "<NA>")
                    else self.label_hint(name)
                )
                return (
                    f"label '{name}' is not in task '{self.name}' "
                    f"(allowed: {self.listed_labels()}{hint})"
                )
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
            for name in label_names(value, multilabel=self.multilabel, labels=self.labels):
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


def empty_sets(tasks: Iterable[Task]) -> tuple[str, ...]:
    """The fields of the multilabel tasks whose empty cell is no label even
    alone in its row (``empty_cell: always_none``), for reading tables."""
    return tuple(t.field for t in tasks if t.multilabel and t.empty_cell == "always_none")


def label_sets(tasks: Iterable[Task]) -> dict[str, tuple[str, ...]]:
    """Each multilabel task's field and its labels, for reading a table with
    one 1/0 column per label (:func:`indicator_labels`)."""
    return {t.field: tuple(t.labels) for t in tasks if t.multilabel}


_YES = frozenset({"1", "1.0", "true", "yes", "y", "x"})
_NO = frozenset({"0", "0.0", "false", "no", "n", ""})


def _column_key(name: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().casefold())


def _label_columns(row: Mapping[str, Any], labels: Sequence[str], field: str) -> list | None:
    """The column of each of ``labels`` in ``row`` (names matched without
    case, spaces or hyphens for underscores; ``field``'s own column never),
    or None where one has none."""
    columns = {_column_key(k): k for k in row if k != field}
    found = [columns.get(_column_key(label)) for label in labels]
    return None if not labels or None in found else found


def partial_label_columns(
    columns: Iterable[str], sets: Iterable[tuple[str, Sequence[str]]]
) -> list[tuple[str, list[str], list[str]]]:
    """The multilabel fields a table has some label columns of but not all
    (so none is read as a column per label): ``(field, found, missing)``
    per such field, ``found`` the table's column names as written,
    ``missing`` the labels without one; fields whose own column is there
    are left out."""
    names = list(columns)
    keyed = {_column_key(k): k for k in names}
    partial = []
    for fld, labels in sets:
        if fld in names:
            continue
        found = [keyed[_column_key(lab)] for lab in labels if _column_key(lab) in keyed]
        missing = [lab for lab in labels if _column_key(lab) not in keyed]
        if found and missing:
            partial.append((fld, found, missing))
    return partial


def lacking_columns_note(
    columns: Iterable[str], sets: Iterable[tuple[str, Sequence[str]]], owner: str = "its"
) -> str:
    """``"; its 1/0 columns for the labels of 'topics' lack 'human_rights'
    (found ...): ..."`` for each field :func:`partial_label_columns` finds
    (``owner`` names the table: ``"coded.csv's"``), else ``""``: the why
    of a sheet whose labels were not read."""
    return "".join(
        f"; {owner} 1/0 columns for the labels of '{fld}' lack "
        f"{', '.join(repr(m) for m in missing)} (found {', '.join(repr(f) for f in found)}): "
        "a column per label is read only where every label has one"
        for fld, found, missing in partial_label_columns(columns, sets)
    )


def _ticked(value: Any) -> bool | None:
    """A label column's cell: True (1, yes, true, x), False (0, no, false,
    blank) or None for anything else."""
    written = "" if value is None else str(value).strip().casefold()
    if isinstance(value, bool):
        return value
    return True if written in _YES else False if written in _NO else None


def indicator_labels(
    row: dict[str, Any], sets: Iterable[tuple[str, Sequence[str]]]
) -> dict[str, Any]:
    """``row`` with the columns of a multilabel field's labels read as that
    field: a row without the column ``topics`` but with one column per topic
    (``normalisation``, ``sanctions``, ``human_rights``; names matched
    without case, and with spaces or hyphens for underscores) holding 1 or 0
    has ``topics`` = the labels whose column holds 1, and loses those
    columns. A row whose label columns are all blank is unlabelled (None); a
    blank cell beside filled ones is 0. A field is read so only where the
    row has a column for every one of its labels.

    Args:
        row: one table row, column -> value.
        sets: (field, labels) pairs (:func:`label_sets`).

    Raises:
        ClassifyError: a label column holding anything but 1/0, yes/no,
            true/false, x or blank (no source: the caller names the row).
    """
    for fld, labels in sets:
        if fld in row or (found := _label_columns(row, labels, fld)) is None:
            continue
        values = [row[c] for c in found]
        out = {k: v for k, v in row.items() if k not in found}
        if all(is_blank(v) for v in values):
            out[fld] = None
        else:
            chosen = []
            for label, column, value in zip(labels, found, values):
                ticked = _ticked(value)
                if ticked is None:
                    raise ClassifyError(
                        f"column '{column}' holds '{str(value)[:40]}': read as the label "
                        f"'{label}' of '{fld}' (a column per label), it takes 1 or 0 "
                        "(also yes/no, true/false, x, or blank for 0)"
                    )
                if ticked:
                    chosen.append(label)
            out[fld] = chosen
        row = out
    return row


def singular_of(name: str) -> str:
    """A field's name in the singular, as a sheet heads its column:
    ``topics`` -> ``topic``, ``countries`` -> ``country``; ``name`` itself
    where it is not a plural (``stance``, ``news``)."""
    if len(name) > 4 and name.endswith("ies"):
        return name[:-3] + "y"
    if len(name) > 3 and name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def _missing(value: Any) -> bool:
    """Blank, or a float NaN (a DataFrame's empty cell)."""
    return is_blank(value) or (isinstance(value, float) and value != value)


def numbered_labels(
    row: dict[str, Any], sets: Iterable[tuple[str, Sequence[str]]]
) -> dict[str, Any]:
    """``row`` with a multilabel field's numbered columns read as that
    field, as coding sheets and survey tools write a "choose up to N"
    question: a row without the column ``topics`` but with ``Topic 1``,
    ``Topic 2``... (also ``topics_1``, ``topic2``; names matched as in
    :func:`indicator_labels`) has ``topics`` = the labels those columns
    hold, in their order, joined as one cell (``sanctions;human_rights``),
    and loses those columns; all blank is an empty cell, read by the same
    rule as one (:func:`row_labels`). What a cell holds is checked where
    the field is read, as any label.

    Args:
        row: one table row, column -> value.
        sets: (field, labels) pairs (:func:`label_sets`).
    """
    for fld, _labels in sets:
        if fld in row:
            continue
        names = {re.escape(_column_key(fld)), re.escape(_column_key(singular_of(fld)))}
        pattern = re.compile(rf"^(?:{'|'.join(sorted(names))})_?(\d{{1,2}})$")
        found = sorted(
            ((int(m.group(1)), k) for k in row if (m := pattern.match(_column_key(k)))),
            key=lambda pair: pair[0],
        )
        if not found:
            continue
        columns = {k for _, k in found}
        values = [str(row[k]).strip() for _, k in found if not _missing(row[k])]
        row = {k: v for k, v in row.items() if k not in columns}
        row[fld] = ";".join(values)
    return row


def indicator_conflict(
    row: Mapping[str, Any], sets: Iterable[tuple[str, Sequence[str]]]
) -> tuple[str, list[str], list[str]] | None:
    """Where a row has both a multilabel field's column (``topics``) and a
    1/0 column per label (:func:`indicator_labels`) and the two say
    different labels: ``(field, labels of the field's column, labels of the
    columns per label)``. None where they agree, where either is blank, or
    where a label column holds something other than 1/0 (yes/no, true/false,
    x)."""
    for fld, labels in sets:
        if fld not in row or is_blank(row[fld]):
            continue
        if (found := _label_columns(row, labels, fld)) is None:
            continue
        values = [row[c] for c in found]
        ticked = [_ticked(v) for v in values]
        if all(is_blank(v) for v in values) or None in ticked:
            continue
        chosen = [lab for lab, t in zip(labels, ticked) if t]
        named = label_names(row[fld], multilabel=True, labels=labels)
        if {fold_label(n) for n in named} != {fold_label(c) for c in chosen}:
            return fld, named, chosen
    return None


def row_labels(
    row: Mapping[str, Any], fields: Sequence[str], always: Collection[str] = ()
) -> dict[str, Any]:
    """The raw gold values of ``fields`` in one row of data or annotations.

    One rule everywhere (tables, ``dataset build --annotations``, ``annotate
    import``): a row whose label cells are all blank (``None`` or ``""``),
    counting every field in ``fields`` and the shipped ``topics``/``stance``
    that the row has, carries no label at all and is unlabelled for every
    task (``None``). Otherwise a blank multilabel cell beside a filled one
    is the empty label set, and ``""`` for a single-label field is
    unlabelled (:meth:`Task.is_unlabelled`). A JSON ``[]`` (or a cell
    ``[]``) is always the empty set, and so is an empty cell (``""``) of
    a field in ``always`` (a task with ``empty_cell: always_none``), even
    alone in its row; ``None`` (no cell, JSON ``null``) stays unlabelled.
    """
    # The shipped label columns count whatever their case or spacing (a
    # "Stance" header of a task not loaded here is still a label beside
    # "topics"), as classify.columns.standard_column reads headers.
    shipped = [k for k in row if str(k).strip().casefold() in ("topics", "stance")]
    present = [k for k in dict.fromkeys([*fields, *shipped]) if k in row]
    if all(is_blank(row[k]) for k in present):
        return {
            k: "" if k in always and isinstance(row[k], str) else None for k in fields if k in row
        }
    return {k: row[k] for k in fields if k in row}


def pending_adjudication(row: Mapping[str, Any], fields: Sequence[str]) -> str | None:
    """Why a row of an adjudication file (``classify annotate agreement``'s
    ``adjudication.jsonl``: ``status: disputed``) is no gold yet: a disputed
    field of ``fields`` still ``null``; None for any other row. Read as gold
    by any command, such a row would leave its unit quietly unlabelled."""
    if row.get("status") != "disputed":
        return None
    pending = [f for f in fields if f in row and row[f] is None]
    if not pending:
        return None
    names = " and ".join(f"'{n}'" for n in pending)
    one = len(pending) == 1
    return (
        f"unit '{row.get('unit') or row.get('id')}' is not adjudicated yet ({names} "
        f"{'is' if one else 'are'} null; fill {'it' if one else 'them'} in with the final "
        f"{'label' if one else 'labels'})"
    )


def _rules(raw: Any, labels: Sequence[str], source: object) -> tuple[dict[str, Any], ...]:
    if not raw:
        return ()
    return tuple(check_rules(raw, labels, source=source))


# -- labelling rules (their analysis and votes are in classify.rules) ------------------

_RULE_KEYS = {"name", "label", "keywords", "pattern", "when", "ignore_case", "unless_negated"}


def check_rules(raw: Any, labels: Sequence[str], *, source: object) -> list[dict[str, Any]]:
    """Validate the ``rules`` key of a task file; a one-line error otherwise."""
    if not isinstance(raw, list):
        raise ClassifyError("key 'rules' must be a list", source=source)
    out = []
    names = set()
    for i, rule in enumerate(raw):
        where = f"rules[{i}]"
        check_keys(rule, _RULE_KEYS, where, source=source)
        if rule.get("label") not in labels:
            raise ClassifyError(
                f"key '{where}.label' is {rule.get('label')!r} (allowed: {', '.join(labels)})",
                source=source,
            )
        if ("keywords" in rule) == ("pattern" in rule):
            raise ClassifyError(f"key '{where}' needs 'keywords' or 'pattern' (one)", source=source)
        if "keywords" in rule and (
            not isinstance(rule["keywords"], list) or not all(rule["keywords"])
        ):
            raise ClassifyError(f"key '{where}.keywords' must be a list of words", source=source)
        try:
            compile_rule(rule)
        except re.error as exc:
            raise ClassifyError(
                f"key '{where}.pattern' is not a valid regex ({exc})", source=source
            ) from None
        if not isinstance(rule.get("unless_negated", False), bool):
            raise ClassifyError(
                f"key '{where}.unless_negated' is {rule['unless_negated']!r} (allowed: true, "
                "false)",
                source=source,
            )
        when = rule.get("when") or {}
        if not isinstance(when, dict):
            raise ClassifyError(
                f"key '{where}.when' must map a label field to labels", source=source
            )
        name = str(rule.get("name") or f"rule{i + 1}")
        if name in names:
            raise ClassifyError(f"key '{where}.name': '{name}' is used twice", source=source)
        names.add(name)
        out.append({**rule, "name": name})
    return out


def compile_rule(rule: Mapping[str, Any]) -> re.Pattern[str]:
    """The regular expression a rule matches: its ``pattern``, or its
    ``keywords`` as whole words; case-insensitive unless ``ignore_case`` is
    false.

    Raises:
        re.error: ``pattern`` is not a valid regular expression.
    """
    flags = re.IGNORECASE if rule.get("ignore_case", True) else 0
    if "pattern" in rule:
        return re.compile(str(rule["pattern"]), flags)
    words = "|".join(re.escape(str(w)) for w in rule["keywords"])
    return re.compile(rf"\b(?:{words})\b", flags)


# A negation in the words just before a cue, in its clause: "will not reopen
# its embassy", "no new sanctions", "ruled out dialogue", "refused to lift".
_NEGATION = re.compile(
    r"\b(?:not(?!\s+only\b)|no|never|neither|nor|without|cannot|refus\w*|reject\w*|declin\w* to|"
    r"rul(?:e|es|ed|ing) out|unlikely to)\b|n't\b|n’t\b",
    re.IGNORECASE,
)
# Where a clause starts, looking back from a cue.
_CLAUSE_START = re.compile(r"[.;:!?,()\[\]\u2013\u2014]|\b(?:but|while|whereas|although)\b", re.I)
# How many words before a cue a negation governs it.
NEGATION_WINDOW = 5


def rule_fires(rule: Mapping[str, Any], pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``rule`` (its compiled ``pattern``) fires on ``text``. A rule
    with ``unless_negated: true`` fires only where some match of it is not
    negated: no negation word ("not", "no", "never", "n't", "refused to",
    "ruled out" ...) among the :data:`NEGATION_WINDOW` words before it in its
    clause. A stance cue means its label only when it is asserted ("will not
    reopen its embassy" is no step toward engagement); a topic cue keeps its
    topic when negated, so topic rules leave this off. The scope rule
    follows NegEx (Chapman et al. 2001, "A simple algorithm for identifying
    negated findings and diseases in discharge summaries", J. Biomedical
    Informatics 34(5)), with a window of words before the cue."""
    if not rule.get("unless_negated"):
        return pattern.search(text) is not None
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 200) : match.start()]
        clause = _CLAUSE_START.split(before)[-1]
        words = " ".join(clause.split()[-NEGATION_WINDOW:])
        if not _NEGATION.search(words):
            return True
    return False


# A rule that does not vote on a unit.
ABSTAIN = -1


def _holds(value: Any, wanted: Any) -> bool:
    if value is None:
        return False
    wanted = set(wanted) if isinstance(wanted, list) else {wanted}
    have = set(value) if isinstance(value, list) else {value}
    return bool(have & wanted)


def vote_matrix(task: Any, texts: Sequence[str], labels: Mapping[str, Sequence[Any]]) -> np.ndarray:
    """``(n_units, n_rules)``: the label index each rule votes for, or -1
    (abstain). ``labels`` holds other tasks' values per field for the
    ``when`` conditions; a unit without that value makes the rule abstain."""
    if not task.rules:
        raise ClassifyError(f"task '{task.name}' has no 'rules'")
    out = np.full((len(texts), len(task.rules)), ABSTAIN, dtype=np.int64)
    for j, rule in enumerate(task.rules):
        pattern = compile_rule(rule)
        code = task.labels.index(rule["label"])
        when = rule.get("when") or {}
        for fld in when:
            if fld not in labels and fld not in LABEL_FIELDS:
                raise ClassifyError(
                    f"rule '{rule['name']}' needs '{fld}' labels in the data for its 'when' condition"
                )
        # A known label field missing from the data (an unlabelled pool): the rule abstains.
        values = {f: labels.get(f) or [None] * len(texts) for f in when}
        for i, text in enumerate(texts):
            if all(_holds(values[f][i], w) for f, w in when.items()) and rule_fires(
                rule, pattern, text
            ):
                out[i, j] = code
    return out


def fold_label(name: str) -> str:
    """A label name with case, spaces, hyphens and underscores folded, for
    matching names as people type them (``Human_Rights`` = ``human rights``),
    and its accents composed (NFC), as :func:`text_form` composes them."""
    return text_form(name.replace("_", " ").replace("-", " ")).casefold()


def text_form(text: str) -> str:
    """A text with its whitespace folded and its accents composed (Unicode
    NFC), for telling whether two texts are the same: a sheet saved on a Mac
    or copied from a PDF writes ``é`` as ``e`` and a combining accent, which
    looks the same and compares unequal."""
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def label_names(value: Any, *, multilabel: bool, labels: Sequence[str] = ()) -> list[str]:
    """The label names a stored value stands for: a list as it is, a CSV
    cell split on ``;``, ``|`` or ``,`` for multi-label fields (``"[]"`` or an
    empty cell: none), a single value otherwise, ``[]`` for ``None``. Where
    the task's ``labels`` hold a comma themselves (``Korea, North``), a
    piece between ``;`` or ``|`` that is one of them (names folded as
    :func:`fold_label`) is not split on its commas."""
    if value is None:
        return []
    if isinstance(value, str):
        # CSV cells hold several topics as "a;b" or "a|b"; an empty cell (or
        # "[]") is none.
        if value.strip() == "[]":
            return []
        if multilabel:
            listed = written_list(value)
            if listed is not None:
                return listed
            if any("," in str(label) for label in labels):
                known = {fold_label(str(label)) for label in labels}
                parts = []
                for piece in value.replace("|", ";").split(";"):
                    parts += [piece] if fold_label(piece) in known else piece.split(",")
            else:
                parts = value.replace("|", ";").replace(",", ";").split(";")
            return [p.strip() for p in parts if p.strip()]
        listed = written_list(value)
        if listed is not None and len(listed) == 1:
            return listed  # ['against'], as pandas writes a one-item list
        return [value.strip()] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


SHIPPED_TASKS_DIR = Path(__file__).parent / "task_files"


def shipped_tasks() -> dict[str, Path]:
    """The task files that ship with the package, by name: ``topic`` and
    ``stance``, and the same with the guidelines' labelling rules
    (``topic-rules``, ``stance-rules``; the files of ``configs/rules/``),
    the same from any working folder."""
    tasks = {p.stem: p for p in sorted(SHIPPED_TASKS_DIR.glob("*.yaml"))}
    # The same tasks with the guidelines' labelling rules: topic-rules, stance-rules.
    rules = {f"{p.stem}-rules": p for p in sorted((SHIPPED_TASKS_DIR / "rules").glob("*.yaml"))}
    return {**tasks, **rules}


# A table's title column, and the names news exports give it where a table
# has no `title` (the readers take it as the title; classify.columns).
TITLE_COLUMNS = ("title", "headline", "heading", "hed", "headline_text", "article_title")

# The columns predict writes beside a task's own (its field), and what they
# hold. A field named like other metadata (section, source, author) is free:
# predict's column of that name then holds the prediction.
OUTPUT_COLUMNS = {
    "id": "the unit's id",
    "article_id": "the unit's article",
    "text": "the unit's text",
    "level": "the unit level",
    "paragraph": "the unit's paragraph number",
    "position": "the unit's place in its article",
    "n_units": "an article's number of units",
    "speaker": "a quote's speaker",
    "speaker_title": "a quote speaker's title",
    "speaker_mention": "how a quote names its speaker",
    "speaker_namesakes": "the full names a quote's bare surname may be",
    "read": "how a long text was read",
    "read_sentence": "the sentence that decided",
    # Metadata read as dates or lists: a label there is misread on the way in.
    "date": "the unit's date",
    "sources": "the outlets an item cites",
    # Read into the text as its title: the label would be in what the model reads.
    **dict.fromkeys(TITLE_COLUMNS, "a table's title, read into the text at article level"),
}


def output_clash(field: str) -> str | None:
    """What the column predict writes under the name ``field`` holds (its
    probability columns are ``p_LABEL``), or None where ``field`` is free.
    Case is ignored: tables are read with their headers' case folded."""
    name = field.casefold()
    if name.startswith("p_"):
        return "a label's probability"
    return OUTPUT_COLUMNS.get(name)


def load_task(path: str | Path) -> Task:
    """The task defined by the YAML task file ``path`` (see ``configs/tasks/``).

    Raises:
        ClassifyError: the file is missing or invalid, naming the file and key.
    """
    path = Path(path)
    try:
        return Task.from_dict(read_yaml(path, what="task file"), source=path)
    except ClassifyError as exc:
        raise with_key_line(exc) from None
