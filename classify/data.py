"""Labelled examples: from articles, annotation files, tables or saved
datasets, to leak-free splits and Hugging Face ``DatasetDict`` folders.

Everything downstream (training, evaluation, prediction) works on
:class:`Examples`, a column-oriented set of units with their grouping keys
(article, paragraph, source, date) and raw gold values per label field. The
grouping keys are what keep splits honest: all units of one article land on
the same side.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.articles import LABEL_FIELDS, iter_csv, iter_jsonl, read_articles
from classify.errors import ClassifyError
from classify.tasks import Task
from classify.units import LEVELS, Unit, make_units

DATASET_SUMMARY = "dataset.json"


@dataclass
class Examples:
    """Units with text, grouping keys and gold values, column by column."""

    ids: list[str]
    texts: list[str]
    article_ids: list[str]
    paragraph_ids: list[str]
    dates: list[str | None]
    sources: list[str | None]
    labels: dict[str, list[Any]] = field(default_factory=dict)
    origin: str = ""
    # The split each unit belongs to, where the data came already split
    # (a saved DatasetDict); None otherwise.
    splits: list[str] | None = None
    notes: dict[str, Any] = field(default_factory=dict)
    # Where the gold labels came from, when not from ``origin`` itself (an
    # annotation file), so label errors name the right file.
    label_origin: str | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_units(
        cls,
        units: Sequence[Unit],
        labels: Mapping[str, list[Any]] | None = None,
        *,
        origin: str = "",
    ) -> Examples:
        return cls(
            ids=[u.id for u in units],
            texts=[u.text for u in units],
            article_ids=[u.article_id for u in units],
            paragraph_ids=[u.paragraph_id for u in units],
            dates=[u.date for u in units],
            sources=[u.source for u in units],
            labels={k: list(v) for k, v in (labels or {}).items()},
            origin=origin,
        )

    def subset(self, index: Iterable[int]) -> Examples:
        idx = list(index)
        pick = lambda values: [values[i] for i in idx]  # noqa: E731
        return Examples(
            ids=pick(self.ids),
            texts=pick(self.texts),
            article_ids=pick(self.article_ids),
            paragraph_ids=pick(self.paragraph_ids),
            dates=pick(self.dates),
            sources=pick(self.sources),
            labels={k: pick(v) for k, v in self.labels.items()},
            origin=self.origin,
            splits=None if self.splits is None else pick(self.splits),
            notes=dict(self.notes),
            label_origin=self.label_origin,
        )

    def has_labels(self, task: Task) -> bool:
        values = self.labels.get(task.field)
        return values is not None and any(v is not None for v in values)

    def y(self, task: Task) -> np.ndarray:
        """The indicator matrix of ``task``'s gold labels for every unit."""
        values = self.labels.get(task.field)
        if values is None or all(v is None for v in values):
            raise ClassifyError(f"no '{task.field}' labels in the data", source=self.origin)
        missing = [i for i, v in enumerate(values) if v is None]
        if missing and not task.multilabel:
            raise ClassifyError(
                f"{len(missing)} units have no '{task.field}' label (first: {self.ids[missing[0]]})",
                source=self.origin,
            )
        return task.encode(values, source=self.label_origin or self.origin)

    def groups(self, by: str) -> list[str]:
        """Grouping keys for splits and cross-validation.

        ``auto`` groups by article where there is more than one, else by
        paragraph, so units of one passage never straddle a split.
        """
        if by == "auto":
            if len(set(self.article_ids)) > 1:
                by = "article"
            elif len(set(self.paragraph_ids)) > 1:
                by = "paragraph"
            else:
                by = "none"
        if by == "article":
            return list(self.article_ids)
        if by == "paragraph":
            return list(self.paragraph_ids)
        if by == "source":
            return [s or f"article:{a}" for s, a in zip(self.sources, self.article_ids)]
        if by == "date":
            if any(d is None for d in self.dates):
                raise ClassifyError(
                    "grouping by date needs a date on every unit", source=self.origin
                )
            return [str(d)[:4] for d in self.dates]
        if by == "none":
            return list(self.ids)
        raise ClassifyError(
            f"unknown grouping '{by}' (allowed: auto, article, paragraph, source, date, none)"
        )

    def resolve_group(self, by: str) -> str:
        if by != "auto":
            return by
        if len(set(self.article_ids)) > 1:
            return "article"
        return "paragraph" if len(set(self.paragraph_ids)) > 1 else "none"

    def fingerprint(self) -> str:
        """A content hash of ids, texts and gold labels, order-independent."""
        rows = sorted(
            zip(self.ids, self.texts, *[self.labels[k] for k in sorted(self.labels)]),
            key=lambda r: r[0],
        )
        digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False, default=str).encode())
        return digest.hexdigest()[:16]

    def label_counts(self, task: Task) -> dict[str, int]:
        y = self.y(task)
        counts = {label: int(c) for label, c in zip(task.labels, y.sum(axis=0))}
        if task.multilabel:
            counts["(none)"] = int((y.sum(axis=1) == 0).sum())
        return counts


# -- annotations ------------------------------------------------------------------


@dataclass
class Annotation:
    values: dict[str, Any]
    unit: str | None
    text: str | None
    level: str | None
    where: str


def read_annotations(path: str | Path) -> list[Annotation]:
    """Gold labels in JSONL: one line per unit, naming it by ``unit`` id or by
    its exact ``text``, with ``topics`` (a list) and/or ``stance``."""
    path = Path(path)
    if path.suffix.lower() not in (".jsonl", ".csv"):
        raise ClassifyError("annotations must be a .jsonl or .csv file", source=path)
    rows = iter_jsonl(path) if path.suffix.lower() == ".jsonl" else iter_csv(path)
    out: list[Annotation] = []
    for row, where in rows:
        unit = row.get("unit") or row.get("id")
        text = row.get("text")
        if not unit and not text:
            raise ClassifyError(
                "annotation names no 'unit' id and no 'text'", source=path, where=where
            )
        values = {k: row[k] for k in LABEL_FIELDS if k in row}
        if not values:
            raise ClassifyError("annotation has no 'topics' or 'stance'", source=path, where=where)
        level = row.get("level")
        if level is not None and level not in LEVELS:
            raise ClassifyError(
                f"'level' is '{level}' (allowed: {', '.join(LEVELS)})", source=path, where=where
            )
        out.append(Annotation(values, str(unit) if unit else None, text, level, where))
    return out


def attach_annotations(
    units: Sequence[Unit], annotations: Sequence[Annotation], *, source: object
) -> tuple[dict[str, list[Any]], int]:
    """Gold values per label field aligned with ``units``, and how many
    annotation lines matched no unit (other levels, other articles)."""
    by_id = {u.id: i for i, u in enumerate(units)}
    by_text: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_text.setdefault(_norm(u.text), []).append(i)
    fields = sorted({k for a in annotations for k in a.values})
    labels: dict[str, list[Any]] = {f: [None] * len(units) for f in fields}
    unmatched = 0
    for ann in annotations:
        level = units[0].level if units else None
        if ann.level and ann.level != level:
            unmatched += 1
            continue
        if ann.unit is not None:
            i = by_id.get(ann.unit)
            if i is None:
                unmatched += 1
                continue
            if ann.text is not None and _norm(ann.text) != _norm(units[i].text):
                raise ClassifyError(
                    f"text of unit '{ann.unit}' differs from the article's "
                    "(was the article edited or the unit id wrong?)",
                    source=source,
                    where=ann.where,
                )
            targets = [i]
        else:
            targets = by_text.get(_norm(ann.text or ""), [])
            if not targets:
                unmatched += 1
                continue
        for i in targets:
            for key, value in ann.values.items():
                labels[key][i] = value
    return labels, unmatched


def _norm(text: str) -> str:
    return " ".join(text.split())


# -- loading ----------------------------------------------------------------------


def is_dataset_dir(path: Path) -> bool:
    return path.is_dir() and (path / "dataset_dict.json").is_file()


def load_examples(
    sources: str | Path | Sequence[str | Path],
    *,
    annotations: str | Path | None = None,
    unit: str | None = None,
    labelled: bool = True,
) -> Examples:
    """Examples from a saved dataset, labelled JSONL/CSV, or articles plus an
    annotation file.

    ``unit`` is the level for articles; by default JSONL/CSV rows are units
    themselves and ``.txt`` articles are cut into paragraphs. With
    ``labelled=True``, units without gold labels are left out (and counted in
    ``notes``); with ``labelled=False`` every unit is kept.
    """
    paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    if not paths:
        raise ClassifyError("no data given")
    origin = ", ".join(str(p) for p in paths)
    if len(paths) == 1 and is_dataset_dir(paths[0]):
        return load_dataset_dir(paths[0])
    for p in paths:
        if is_dataset_dir(p):
            raise ClassifyError("a saved dataset cannot be combined with other sources", source=p)
    articles = read_articles(paths)
    level = unit or _default_unit(paths)
    if level not in LEVELS:
        raise ClassifyError(f"unknown unit '{level}' (allowed: {', '.join(LEVELS)})")
    units = make_units(articles, level)  # type: ignore[arg-type]
    labels: dict[str, list[Any]] = {}
    notes: dict[str, Any] = {"unit": level}
    if level == "article":
        # Gold columns of JSONL/CSV rows label the row itself.
        by_article = {a.id: a for a in articles}
        for fld in LABEL_FIELDS:
            values = [by_article[u.article_id].labels.get(fld) for u in units]
            if any(v is not None for v in values):
                labels[fld] = values
    if annotations is not None:
        ann_labels, unmatched = attach_annotations(
            units, read_annotations(Path(annotations)), source=annotations
        )
        for fld, values in ann_labels.items():
            old = labels.get(fld, [None] * len(units))
            labels[fld] = [a if a is not None else o for a, o in zip(values, old)]
        notes["unmatched_annotations"] = unmatched
    examples = Examples.from_units(units, labels, origin=origin)
    examples.notes = notes
    examples.label_origin = str(annotations) if annotations is not None else None
    if labelled:
        if not labels:
            hint = (
                " (pass --annotations FILE, or get labels first: classify annotate export)"
                if annotations is None
                else ""
            )
            raise ClassifyError(f"the data has no gold labels{hint}", source=origin)
        keep = [i for i in range(len(units)) if any(labels[f][i] is not None for f in labels)]
        if not keep:
            raise ClassifyError(
                f"no {level} unit has a gold label (check the annotation file's unit ids and level)",
                source=annotations or origin,
            )
        dropped = len(units) - len(keep)
        examples = examples.subset(keep)
        examples.notes = {**notes, "unlabelled_units_skipped": dropped}
    return examples


def _default_unit(paths: Sequence[Path]) -> str:
    tabular = all(p.is_file() and p.suffix.lower() in (".jsonl", ".csv") for p in paths)
    return "article" if tabular else "paragraph"


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Plain rows of a JSONL or CSV file (for tools that need extra columns)."""
    if path.suffix.lower() == ".csv":
        return [row for row, _ in iter_csv(path)]
    return [row for row, _ in iter_jsonl(path)]


# -- splits -----------------------------------------------------------------------


def split_indices(
    examples: Examples,
    method: str = "article",
    *,
    test_size: float = 0.2,
    seed: int = 0,
    cutoff: str | None = None,
) -> tuple[list[int], list[int]]:
    """Train and test indices. ``article`` and ``source`` keep groups whole;
    ``date`` puts the latest items (or those from ``cutoff`` on) in test."""
    n = len(examples)
    if not 0 < test_size < 1 and not (method == "date" and cutoff):
        raise ClassifyError(f"test size must be between 0 and 1, got {test_size}")
    if method == "none":
        return list(range(n)), []
    if method == "random":
        order = list(range(n))
        random.Random(seed).shuffle(order)
        n_test = max(1, round(n * test_size))
        return sorted(order[n_test:]), sorted(order[:n_test])
    if method == "date":
        if any(d is None for d in examples.dates):
            missing = next(i for i, d in enumerate(examples.dates) if d is None)
            raise ClassifyError(
                f"split 'date' needs a date on every unit; '{examples.ids[missing]}' has none",
                source=examples.origin,
            )
        if cutoff:
            test = [i for i, d in enumerate(examples.dates) if str(d) >= str(cutoff)]
        else:
            order = sorted(range(n), key=lambda i: (str(examples.dates[i]), examples.ids[i]))
            test = order[n - max(1, round(n * test_size)) :]
        test_set = set(test)
        train = [i for i in range(n) if i not in test_set]
        if not train or not test:
            raise ClassifyError(
                f"split 'date' at {cutoff or 'the latest ' + str(test_size)} leaves an empty side",
                source=examples.origin,
            )
        return train, sorted(test)
    if method in ("article", "source", "paragraph"):
        groups = examples.groups(method)
        unique = sorted(set(groups))
        if len(unique) < 2:
            raise ClassifyError(
                f"split '{method}' needs at least 2 {method}s, found {len(unique)} "
                "(use --split random, or cross-validation grouped by paragraph)",
                source=examples.origin,
            )
        random.Random(seed).shuffle(unique)
        target = n * test_size
        test_groups: set[str] = set()
        size = Counter(groups)
        taken = 0
        for g in unique:
            if taken >= target:
                break
            test_groups.add(g)
            taken += size[g]
        if len(test_groups) == len(unique):
            test_groups.discard(unique[-1])
        train = [i for i, g in enumerate(groups) if g not in test_groups]
        test = [i for i, g in enumerate(groups) if g in test_groups]
        return train, test
    raise ClassifyError(f"unknown split '{method}' (allowed: random, article, date, source, none)")


def group_kfold(
    groups: Sequence[str], k: int, *, seed: int = 0
) -> list[tuple[list[int], list[int]]]:
    """K folds that never split a group, balanced by size.

    Groups are shuffled with ``seed`` and then placed, largest first, into the
    currently smallest fold, like scikit-learn's GroupKFold but seeded.
    """
    unique = sorted(set(groups))
    if len(unique) < 2:
        raise ClassifyError(f"cross-validation needs at least 2 groups, found {len(unique)}")
    k = min(k, len(unique))
    if k < 2:
        raise ClassifyError("cross-validation needs at least 2 folds")
    rng = random.Random(seed)
    rng.shuffle(unique)
    size = Counter(groups)
    unique.sort(key=lambda g: -size[g])  # stable: ties keep the shuffled order
    fold_of: dict[str, int] = {}
    load = [0] * k
    for g in unique:
        f = min(range(k), key=lambda j: (load[j], j))
        fold_of[g] = f
        load[f] += size[g]
    folds = []
    for f in range(k):
        test = [i for i, g in enumerate(groups) if fold_of[g] == f]
        train = [i for i, g in enumerate(groups) if fold_of[g] != f]
        folds.append((train, test))
    return folds


# -- Hugging Face datasets ------------------------------------------------------------


def to_dataset_dict(examples: Examples, tasks: Sequence[Task], split_of: Sequence[str]):
    """A ``DatasetDict`` with one split per name in ``split_of``, ClassLabel
    features for stance and Sequence(ClassLabel) for topics."""
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Value
    from datasets import Sequence as Seq

    columns: dict[str, Any] = {
        "id": Value("string"),
        "article_id": Value("string"),
        "paragraph_id": Value("string"),
        "text": Value("string"),
        "date": Value("string"),
        "source": Value("string"),
    }
    data: dict[str, list[Any]] = {
        "id": examples.ids,
        "article_id": examples.article_ids,
        "paragraph_id": examples.paragraph_ids,
        "text": examples.texts,
        "date": examples.dates,
        "source": examples.sources,
    }
    for task in tasks:
        if task.field not in examples.labels:
            continue
        y = examples.y(task)
        if task.multilabel:
            columns[task.field] = Seq(ClassLabel(names=list(task.labels)))
            data[task.field] = [list(np.flatnonzero(row)) for row in y]
        else:
            columns[task.field] = ClassLabel(names=list(task.labels))
            data[task.field] = [int(np.argmax(row)) for row in y]
    features = Features(columns)
    out = {}
    for name in dict.fromkeys(split_of):
        idx = [i for i, s in enumerate(split_of) if s == name]
        out[name] = Dataset.from_dict(
            {k: [v[i] for i in idx] for k, v in data.items()}, features=features
        )
    return DatasetDict(out)


def load_dataset_dir(path: Path) -> Examples:
    from datasets import ClassLabel, load_from_disk
    from datasets import Sequence as Seq

    try:
        dd = load_from_disk(str(path))
    except Exception as exc:  # datasets raises many types for a damaged folder
        raise ClassifyError(
            f"not a readable saved dataset ({exc.__class__.__name__})", source=path
        ) from None
    ids, texts, arts, paras, dates, sources, splits = [], [], [], [], [], [], []
    labels: dict[str, list[Any]] = {}
    for split_name, ds in dd.items():
        n = len(ds)
        ids += ds["id"]
        texts += ds["text"]
        arts += ds["article_id"]
        paras += ds["paragraph_id"]
        dates += ds["date"]
        sources += ds["source"]
        splits += [split_name] * n
        for fld in LABEL_FIELDS:
            if fld not in ds.features:
                continue
            feature = ds.features[fld]
            column = ds[fld]
            if isinstance(feature, ClassLabel):
                values = [feature.int2str(v) if v >= 0 else None for v in column]
            elif isinstance(feature, (Seq, list)):
                inner = feature.feature if isinstance(feature, Seq) else feature[0]
                values = [[inner.int2str(v) for v in row] for row in column]
            else:
                values = list(column)
            labels.setdefault(fld, []).extend(values)
    ex = Examples(ids, texts, arts, paras, dates, sources, labels, origin=str(path), splits=splits)
    summary = path / DATASET_SUMMARY
    if summary.is_file():
        ex.notes = {"dataset": json.loads(summary.read_text(encoding="utf-8"))}
    return ex


def summarise(examples: Examples, tasks: Sequence[Task], split_of: Sequence[str]) -> dict[str, Any]:
    """Counts per split and label, and the content fingerprint."""
    splits: dict[str, Any] = {}
    for name in dict.fromkeys(split_of):
        idx = [i for i, s in enumerate(split_of) if s == name]
        part = examples.subset(idx)
        entry: dict[str, Any] = {"n": len(part), "articles": len(set(part.article_ids))}
        for task in tasks:
            if part.has_labels(task):
                entry[task.field] = part.label_counts(task)
        splits[name] = entry
    return {
        "n": len(examples),
        "articles": len(set(examples.article_ids)),
        "fingerprint": examples.fingerprint(),
        "splits": splits,
        **{k: v for k, v in examples.notes.items() if k != "dataset"},
    }
