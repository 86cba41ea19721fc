"""Labelled examples: from articles, annotation files, tables or saved
datasets, to leak-free splits and Hugging Face ``DatasetDict`` folders.

Everything downstream (training, evaluation, prediction) works on
:class:`Examples`, a column-oriented set of units with their grouping keys
(article, paragraph, source, date) and raw gold values per label field. The
grouping keys are what keep splits honest: all units of one article land on
the same side.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.articles import (
    LABEL_FIELDS,
    SPLIT_COLUMN,
    Article,
    is_table_row,
    read_articles,
)
from classify.columns import (
    annotator_of,
    case_merged,
    known_columns,
    label_columns,
    singular_labels,
)
from classify.columns import (
    id_like_column as _id_like,
)
from classify.dates import date_range, parse_cutoff
from classify.errors import ClassifyError, column_list, in_cli, option, setting, warn
from classify.tables import (
    TABLE_SUFFIXES,
    ReadOptions,
    as_written,
    check_data_type,
    check_options,
    iter_rows,
    option_hint,
    python_entry,
)
from classify.tasks import (
    Task,
    fold_label,
    label_names,
    pending_adjudication,
    row_labels,
    text_form,
)
from classify.text import id_form
from classify.units import LEVELS, Unit, make_units, row_parent

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
    # Where each unit's gold labels were read ("file:line N"), when known,
    # so label errors name the row.
    locations: list[str | None] | None = None
    # Each unit's training weight (the data's ``weight`` column: silver rows
    # from ``annotate rules --apply`` weigh 0.5) and whether it is silver (its
    # ``silver`` column): silver units are trained on and never tested. None
    # where the data has neither (every unit gold, of weight 1).
    weights: list[float] | None = None
    silver: list[bool] | None = None
    # The label fields read as label sets (a task's multilabel field), so
    # the fingerprint hashes a set however it was written: a JSON list in
    # any order, a CSV cell "a;b", one label alone.
    multilabel: frozenset[str] = frozenset()
    # Input columns kept beside the units, per column name (dataset build
    # --keep-columns): text, as written, None where a row has none.
    extra: dict[str, list[Any]] = field(default_factory=dict)

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
            locations=None if self.locations is None else pick(self.locations),
            weights=None if self.weights is None else pick(self.weights),
            silver=None if self.silver is None else pick(self.silver),
            multilabel=self.multilabel,
            extra={k: pick(v) for k, v in self.extra.items()},
        )

    def gold_and_silver(self) -> tuple[Examples, Examples | None]:
        """The gold units and the silver ones (None where there are none):
        silver labels train a model and never test one.

        Raises:
            ClassifyError: data whose every unit is silver.
        """
        if not self.silver or not any(self.silver):
            return self, None
        if all(self.silver):
            raise all_silver_error(len(self), self.origin)
        gold = self.subset(i for i, s in enumerate(self.silver) if not s)
        return gold, self.subset(i for i, s in enumerate(self.silver) if s)

    def plus(self, other: Examples) -> Examples:
        """These units, then ``other``'s (a label field one side lacks is
        unlabelled there; weights 1 and gold where a side has none)."""
        n, m = len(self), len(other)

        def joined(a: list | None, b: list | None, fill: Any, k: int, j: int) -> list | None:
            if a is None and b is None:
                return None
            return [*(a if a is not None else [fill] * k), *(b if b is not None else [fill] * j)]

        fields = dict.fromkeys([*self.labels, *other.labels])
        return Examples(
            ids=[*self.ids, *other.ids],
            texts=[*self.texts, *other.texts],
            article_ids=[*self.article_ids, *other.article_ids],
            paragraph_ids=[*self.paragraph_ids, *other.paragraph_ids],
            dates=[*self.dates, *other.dates],
            sources=[*self.sources, *other.sources],
            labels={f: joined(self.labels.get(f), other.labels.get(f), None, n, m) for f in fields},
            origin=self.origin,
            splits=None
            if self.splits is None or other.splits is None
            else [*self.splits, *other.splits],
            notes=dict(self.notes),
            label_origin=self.label_origin,
            locations=joined(self.locations, other.locations, None, n, m),
            weights=joined(self.weights, other.weights, 1.0, n, m),
            multilabel=self.multilabel | other.multilabel,
            silver=joined(self.silver, other.silver, False, n, m),
        )

    def for_task(self, task: Task) -> Examples:
        """The units labelled for ``task``: those whose value in the task's
        field is not unlabelled (:meth:`Task.is_unlabelled`). How many were
        left out is stored in ``notes["unlabelled"][field]``."""
        values = self.labels.get(task.field)
        if values is None:
            raise ClassifyError(
                f"no '{task.field}' labels in the data (task '{task.name}' reads field "
                f"'{task.field}')",
                source=self.origin,
            )
        keep = [i for i, v in enumerate(values) if not task.is_unlabelled(v)]
        if not keep:
            raise ClassifyError(
                f"no unit is labelled for task '{task.name}' (field '{task.field}')",
                source=self.origin,
            )
        out = self.subset(keep)
        unlabelled = dict(self.notes.get("unlabelled", {}))
        unlabelled[task.field] = unlabelled.get(task.field, 0) + len(values) - len(keep)
        out.notes = {**self.notes, "unlabelled": unlabelled}
        return out

    def check_labels(
        self,
        tasks: Sequence[Task],
        options: ReadOptions | None = None,
        *,
        blank: bool = False,
        others_kept: bool = True,
    ) -> Examples:
        """Every labelled value checked against its task, after a label
        that differs from the task's only in case, spaces, hyphens or
        underscores is respelled as the task's (:meth:`Task.spelled`; in
        place). A bad one raises a ClassifyError naming the file and line
        (``on_error: stop``) or drops the unit and records it in
        ``options.skipped`` (``skip``); with ``blank``, the unit is kept
        and that label made unlabelled instead (in place), so positions
        into the units stay valid (an experiment's protocols hold them).
        ``others_kept`` False: a skipped unit leaves the data, not only one
        task (a dataset being built), and the message does not say "only"."""
        bad: set[int] = set()
        _warn_other_level_labels(self.notes.get("other_level_labels") or [], tasks)
        for task in tasks:
            values = self.labels.get(task.field)
            if values is None:
                continue
            # "Against", " favour ", "Human Rights": the task's label, as
            # annotate import reads it.
            values = [v if task.is_unlabelled(v) else task.respelled(v) for v in values]
            # A new mapping: another Examples may share the old one.
            self.labels = {**self.labels, task.field: values}
            for i, value in enumerate(values):
                if task.is_unlabelled(value) or i in bad:
                    continue
                problem = task.check(value)
                if problem is None:
                    continue
                loc = (self.locations or [None] * len(self))[i] or self.label_origin or self.origin
                file, _, line = loc.partition(":line ")
                # Skipped for one task, a unit may still count for another.
                only = (
                    f" (left out of task '{task.name}' only)"
                    if options is not None
                    and options.on_error == "skip"
                    and len(tasks) == 1
                    and others_kept
                    else ""
                )
                error = ClassifyError(
                    f"unit '{self.ids[i]}', column '{task.field}': {problem}{only}",
                    source=file,
                    where=f"line {line}" if line else None,
                )
                if options is None:
                    raise error
                options.handle(error)
                bad.add(i)
        if not bad:
            return self
        if blank:
            for task in tasks:
                values = self.labels.get(task.field)
                if values is not None:
                    self.labels[task.field] = [
                        None if i in bad and task.check(v) is not None else v
                        for i, v in enumerate(values)
                    ]
            self.notes = {**self.notes, "skipped_label_errors": len(bad)}
            return self
        out = self.subset(i for i in range(len(self)) if i not in bad)
        out.notes = {**self.notes, "skipped_label_errors": len(bad)}
        return out

    def has_labels(self, task: Task) -> bool:
        values = self.labels.get(task.field)
        return values is not None and any(not task.is_unlabelled(v) for v in values)

    def y(self, task: Task) -> np.ndarray:
        """The indicator matrix of ``task``'s gold labels for every unit.

        Every unit must be labelled for the task (use :meth:`for_task` first);
        an unlabelled one is an error, never read as "no label".
        """
        values = self.labels.get(task.field)
        if values is None or all(task.is_unlabelled(v) for v in values):
            raise ClassifyError(f"no '{task.field}' labels in the data", source=self.origin)
        missing = [i for i, v in enumerate(values) if task.is_unlabelled(v)]
        if missing:
            raise ClassifyError(
                f"{len(missing)} {'unit has' if len(missing) == 1 else 'units have'} no '{task.field}' label (first: {self.ids[missing[0]]}); "
                "units unlabelled for a task are left out of its training and evaluation",
                source=self.origin,
            )
        return task.encode(values, source=self.label_origin or self.origin, where=self.locations)

    def groups(self, by: str) -> list[str]:
        """Grouping keys for splits and cross-validation.

        ``auto`` groups by article where there is more than one, else by
        paragraph, so units of one passage never straddle a split. Copies are
        kept together (:func:`join_copies`; by year, with their first year),
        so a copy is never tested against itself.
        """
        if by == "auto":
            if len(set(self.article_ids)) > 1:
                by = "article"
            elif len(set(self.paragraph_ids)) > 1:
                by = "paragraph"
            else:
                by = "none"
        if by in ("article", "paragraph", "source"):
            return join_copies(self.named_groups(by), self.texts)
        return self._other_groups(by)

    def named_groups(self, by: str) -> list[str]:
        """Each unit's article, paragraph or outlet (``by``) as named, before
        :meth:`groups` joins those that share a text.

        Raises:
            ClassifyError: ``by`` is ``source`` and no unit names its outlet.
        """
        if by == "article":
            return list(self.article_ids)
        if by == "paragraph":
            return list(self.paragraph_ids)
        if by == "source":
            if not any(self.sources):
                from classify.columns import OUTLET_COLUMNS

                # Only what these units allow: by date where all are dated.
                dated = all(d is not None for d in self.dates)
                raise ClassifyError(
                    "grouping by source needs the outlet ('source') of the units; none "
                    "has one (a table gives it in a column named one of: "
                    f"{OUTLET_COLUMNS}); split or group them another way: by article"
                    + (" or date" if dated else "")
                    + " (a split may also be random, folds grouped by paragraph)",
                    source=self.origin,
                )
            # A unit without an outlet is a group of its own article; spellings
            # of one outlet that differ in case or spacing ("UPI", "Upi") are
            # one group, named as most of its units spell it, as analyse does.
            # (Merged in the spellings' order, so a tie never follows the rows'.)
            spelt = sorted(s.strip() for s in self.sources if s)
            name = dict(zip(spelt, case_merged(spelt, fold=outlet_key)))
            return [
                name[s.strip()] if s else f"article:{a}"
                for s, a in zip(self.sources, self.article_ids)
            ]
        raise ValueError(f"no named groups by {by!r}")

    def moved_by_copies(self, by: str) -> list[int]:
        """The units :meth:`groups` draws with another article, paragraph,
        outlet or year (``by``) than their own: each repeats a text of that
        group's, its first occurrence (:func:`joined_and_moved`)."""
        if by in ("article", "paragraph", "source"):
            return joined_and_moved(self.named_groups(by), self.texts)[1]
        if by == "date":
            return self._joined_years()[1]
        return []

    def _joined_years(self) -> tuple[list[str], list[int]]:
        """Each unit's year with copies joined (:func:`joined_and_moved`),
        and the units moved to another year: joined in year order, so a text
        filed again goes with its first year."""
        years = self.own_groups("date") or []
        order = sorted(range(len(years)), key=lambda i: years[i])
        joined, moved = joined_and_moved([years[i] for i in order], [self.texts[i] for i in order])
        out = [""] * len(years)
        for i, year in zip(order, joined):
            out[i] = year
        return out, sorted(order[j] for j in moved)

    def own_groups(self, by: str) -> list[str] | None:
        """Each unit's own article, paragraph, outlet or year (``by``), before
        :meth:`groups` joins copies: what a fold's units are named by and
        whose splitting a run discloses. None for ``none`` or ``auto``."""
        if by in ("article", "paragraph", "source"):
            return self.named_groups(by)
        if by == "date":
            # Years from the stored ISO dates (any precision names its year).
            return [str(date_range(str(d))[0].year) for d in self.dates]
        return None

    def _other_groups(self, by: str) -> list[str]:
        if by == "date":
            if any(d is None for d in self.dates):
                missing = next(i for i, d in enumerate(self.dates) if d is None)
                raise ClassifyError(
                    f"grouping by date needs a date on every unit; "
                    f"{_undated(self.ids, self.dates, missing)} "
                    f"({undated_hint()}or group another way)",
                    source=self.origin,
                )
            return self._joined_years()[0]
        if by == "none":
            return list(self.ids)
        raise ClassifyError(
            f"unknown grouping '{by}' (allowed: auto, article, paragraph, source, date, none)"
        )

    def each_unit_own_group(self, group: str) -> bool:
        """Whether folds grouped by ``group`` (resolved) draw the units alone:
        grouped by article where each unit is its own article (tweets, table
        rows), so the words for the folds can say so."""
        return group == "article" and len(set(self.article_ids)) == len(self)

    def resolve_group(self, by: str) -> str:
        if by != "auto":
            return by
        if len(set(self.article_ids)) > 1:
            return "article"
        return "paragraph" if len(set(self.paragraph_ids)) > 1 else "none"

    def fingerprint(self, fields: Sequence[str] | None = None) -> str:
        """A content hash of everything a split or a model can depend on: ids,
        texts, gold labels, dates, articles, paragraphs, outlets and any
        stored split; order-independent. (Dates decide a split by date, and
        articles and outlets a grouped one, so data that differs only there
        must not reuse a stored result.) ``fields``: the gold fields to hash
        (a model's own, so another task's labels read beside them change
        nothing); default every field read."""
        splits = self.splits or [None] * len(self)
        keep = sorted(self.labels) if fields is None else sorted(set(fields) & set(self.labels))
        # A field is hashed as label sets where it is one, or where a value
        # holds other than one label; a single-label field written as
        # one-item lists (["favour"]) reads as its strings do, so it hashes so.
        sets = set(self.multilabel) | {
            k
            for k in keep
            if any(isinstance(v, (list, tuple)) and len(v) != 1 for v in self.labels[k])
        }
        rows = sorted(
            zip(
                self.ids,
                self.texts,
                self.dates,
                self.article_ids,
                self.paragraph_ids,
                self.sources,
                splits,
                *[
                    [_label_set(v) for v in self.labels[k]]
                    if k in sets
                    else [_one_label(v) for v in self.labels[k]]
                    for k in keep
                ],
                # Only where the data weighs its units, so gold-only data
                # keeps the fingerprint it always had.
                *([self.weights] if self.weights is not None else []),
                *([self.silver] if self.silver is not None else []),
            ),
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


def joined_by_copies(examples: Examples, method: str) -> str | None:
    """Why several articles, paragraphs or outlets (``method``) are one
    group (:func:`join_copies`): "5, joined into one by the texts they
    share (...)", naming a text two of them share; None where only one is
    named."""
    named = examples.named_groups(method)
    if len(set(named)) < 2:
        return None
    first: dict[str, int] = {}
    for i, key in enumerate(near_copy_keys(examples.texts)):
        if key is None:
            continue
        j = first.setdefault(key, i)
        if named[j] != named[i]:
            text = examples.texts[i]
            shown = text if len(text) <= 40 else text[:37] + "..."
            return (
                f"{len(set(named))}, joined into one by the texts they share (copies are kept "
                f"on one side, so none is tested against itself; '{named[j]}' and "
                f"'{named[i]}' both have {shown!r})"
            )
    return None


def _warn_other_level_labels(lines: Sequence[Mapping[str, Any]], tasks: Sequence[Task]) -> None:
    """Warn of the first bad label among gold lines of another unit level
    (:func:`load_examples`' ``other_level_labels``): they label no unit
    here, but a misspelt label is one whatever the level it is used at."""
    for line in lines:
        for task in tasks:
            value = (line.get("values") or {}).get(task.field)
            if value is None or task.is_unlabelled(value):
                continue
            problem = task.check(task.respelled(value))
            if problem is None:
                continue
            n = sum(
                any(
                    (v := (other.get("values") or {}).get(t.field)) is not None
                    and not t.is_unlabelled(v)
                    and t.check(t.respelled(v)) is not None
                    for t in tasks
                )
                for other in lines
            )
            more = f" ({n} such lines)" if n > 1 else ""
            warn(
                f"{line['where']}: unit '{line['unit']}', column '{task.field}': {problem}; "
                f"the line labels {line['level']} units, not used at this unit level, but "
                f"would be refused where they are{more}",
                once=f"other-level-label:{line['where']}",
            )
            return


def _undated(ids: Sequence[str], dates: Sequence[Any], first: int) -> str:
    """``'x5' has none``, or ``3 of 100 units have none (first: 'x5')``."""
    count = sum(d is None for d in dates)
    if count == 1:
        return f"'{ids[first]}' has none"
    return f"{count} of {len(dates)} units have none (first: '{ids[first]}')"


def date_cut_used(
    dates: Sequence[str | None], test: Sequence[int]
) -> tuple[str | None, str | None]:
    """The cutoff a date split drawn by share gave (ISO day), and a note
    where no one day divides the parts, as ``(None, note)``: a later copy
    of an earlier text stays with it in training. ``test``: the indices of
    the test part. (A ``--cutoff`` puts a unit on the later side where its
    date range reaches it: the day after the earlier side's last day, where
    every later unit's range reaches it.)"""
    import datetime as dt

    in_test = set(test)
    ends = [(date_range(str(d))[1], i in in_test) for i, d in enumerate(dates) if d]
    before = [end for end, later in ends if not later]
    if not before:
        return None, None
    day = max(before) + dt.timedelta(days=1)
    if all(end >= day for end, later in ends if later):
        return day.isoformat(), None
    first = min(end for end, later in ends if later)
    late = sum(1 for end, later in ends if not later and end >= first)
    return None, (
        f"no one date divides the parts: {late} training "
        f"unit{'s are' if late != 1 else ' is'} dated on or after the first "
        "test unit's day (copies of an earlier text stay with it in training)"
    )


def _date_cut(ranges: Sequence[tuple[Any, Any]], test_size: float) -> Any:
    """The first day of the test side for a date split without a cutoff:
    of the cuts between dates that leave both sides a unit, the one whose
    test share is nearest ``test_size`` (the larger test side among
    equals, as a cut at the first day of the date at that share gives). A cut
    falls between dates, never inside one, so where many units share a date
    (a year, a day's wire copy) the share moves, and a warning says by how
    much. ``ranges``: each unit's (first day, last day)."""
    import bisect

    n = len(ranges)
    ends = sorted(r[1] for r in ranges)
    wanted = max(1, round(n * test_size))
    # Units whose range ends on or after day d are tested (n - before).
    cuts = [(n - bisect.bisect_left(ends, d), d) for d in sorted({r[0] for r in ranges})]
    fits = [(abs(k - wanted), -k, d, k) for k, d in cuts if 0 < k < n]
    if not fits:
        # One date throughout: the caller says that no cut leaves both sides.
        return min(r[0] for r in ranges)
    _, _, first, k = min(fits)
    if abs(k / n - test_size) > 0.05:
        warn(
            f"split 'date': the latest {test_size:g} of the units falls inside a date, and a "
            f"date split cuts between dates: {k} of {n} units ({k / n:.2f}) are tested, from "
            f"{first} on",
            once="date-cut-share",
        )
    return first


def _one_label(value: Any) -> Any:
    """A single-label gold value as hashed: a one-item list as its item,
    written as a list (JSON) or in a cell as pandas or JSON write one
    (``['favour']``, ``["favour"]``)."""
    if isinstance(value, str) and value.strip().startswith("["):
        from classify.tasks import label_names

        names = label_names(value, multilabel=True)
        if len(names) == 1:
            return str(names[0])
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    # As labels are matched: "Favour", "favour" and "neutral\u00a0" are one.
    return _label_form(value) if isinstance(value, str) else value


def _label_form(name: str) -> str:
    """A label as hashed: spacing folded, accents composed, case folded."""
    from classify.tasks import text_form

    return text_form(name).casefold()


def _label_set(value: Any) -> list[str] | str | None:
    """A multilabel gold value as its sorted label names (None: unlabelled),
    whichever way it was written (a list in any order, ``"a;b"``, ``"a"``,
    ``"['a', 'b']"``, in any case); a blank cell as ``""``, not as ``[]``:
    what it means (no label, or not yet labelled) is the task file's
    ``empty_cell``."""
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return ""
    from classify.tasks import label_names

    return sorted({_label_form(str(x)) for x in label_names(value, multilabel=True)})


# Units this short repeat by chance ("He said.", "Talks resume."): they join
# no groups, which would otherwise chain unrelated articles together.
COPY_MIN_WORDS = 5


def _label_key(value: Any, labels: Sequence[str] = ()) -> tuple[str, ...]:
    """A gold value as compared: a topic set in any order and however
    written (a list, a CSV cell ``b;a``, a JSON list in a cell, one label
    alone, ``Human rights`` for ``human_rights``) is one value
    (:func:`classify.tasks.label_names`, with the task's ``labels`` where
    known, names folded by :func:`classify.tasks.fold_label`)."""
    names = label_names(value, multilabel=True, labels=labels)
    return tuple(sorted({fold_label(str(name)) for name in names}))


def copy_key(text: str) -> str:
    """A unit's text with case and spacing folded: two units with one key
    are copies (a syndicated wire story, a row exported twice)."""
    return text_form(text).casefold()


# Two groups are copies of one another (one joined group) where more than
# this share of the smaller one's distinct texts recurs in the other: a wire
# story filed twice, a row exported twice. Fewer shared texts are
# boilerplate ("Reuters could not independently verify the claims."), which
# would otherwise chain unrelated articles into one.
COPY_SHARE = 0.5

# A text held by more groups than this is compared between its first
# group and each other one, not between every pair (their square): a wire
# story run by 300 outlets is still one story, each copy joined to the first.
COPY_MAX_GROUPS = 200


# A unit's first block is taken for its title (a table's title column read
# into its text, an article's headline) where it has at most this many words.
TITLE_MAX_WORDS = 20


def after_title(text: str) -> str:
    """``text`` without its title, where it opens with one: a first block of
    1 to :data:`TITLE_MAX_WORDS` words before a blank line, with at least
    :data:`COPY_MIN_WORDS` words and twice the title's after it. A story
    re-posted under a new headline ("UPDATE 2-...", "REFILE-...") is the
    same story: copies are found on what follows the headline. Else
    ``text`` as it is."""
    head, sep, rest = str(text).strip().partition("\n\n")
    if not sep:
        return str(text)
    n_head, n_rest = len(head.split()), len(rest.split())
    if 0 < n_head <= TITLE_MAX_WORDS and n_rest >= max(COPY_MIN_WORDS, 2 * n_head):
        return rest
    return str(text)


def copy_keys(texts: Sequence[str]) -> list[str | None]:
    """Each unit's :func:`copy_key` with its punctuation folded too (a
    copy that drops a full stop or adds quote marks is the same text on
    either side of a split) and its wire frame left out (an agency
    dateline before it, a bracketed credit line after it:
    :func:`classify.articles.without_wire_frame`) and its title too
    (:func:`after_title`), or None for a text under
    :data:`COPY_MIN_WORDS` words (such texts repeat by chance)."""
    from classify.articles import without_wire_frame

    out: list[str | None] = []
    for t in texts:
        # A story is the same story without its headline, agency dateline
        # or credits.
        bare = without_wire_frame(after_title(str(t)))
        out.append(
            " ".join(_PUNCTUATION.sub(" ", copy_key(bare)).split())
            if len(bare.split()) >= COPY_MIN_WORDS
            else None
        )
    return out


# What copy_keys folds beside case and spacing.
_PUNCTUATION = re.compile(r"[^\w\s]+")


def near_copy_keys(texts: Sequence[str], threshold: float = 0.9) -> list[str | None]:
    """:func:`copy_keys` with near-duplicates sharing a key: texts whose
    character 5-gram Jaccard is ``threshold`` or more (an edited copy, a
    story with a line added; :func:`classify.evaluation.near_duplicates`,
    the pairs ``train`` warns of) take the key of the first of them, so a
    split or fold keeps them on one side. Shape: one key (or None, for a
    text under :data:`COPY_MIN_WORDS` words) per text."""
    keys = copy_keys(texts)
    long = [i for i, k in enumerate(keys) if k is not None]
    if len(long) < 2:
        return keys
    # Compared after their titles, as copy_keys compares them.
    bodies = tuple(after_title(str(texts[i])) for i in long)
    return _near_keys(tuple(keys), bodies, tuple(long), threshold)


@functools.lru_cache(maxsize=8)
def _near_keys(
    keys: tuple[str | None, ...], texts: tuple[str, ...], at: tuple[int, ...], threshold: float
) -> list[str | None]:
    # Cached: one command draws its split, folds and threshold folds from
    # the same texts, and the search is the costly part.
    from classify.evaluation import near_duplicates

    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for pair in near_duplicates(texts, texts, threshold=threshold):
        a, b = root(pair["train_index"]), root(pair["test_index"])
        if a != b:
            parent[max(a, b)] = min(a, b)
    out = list(keys)
    for j, i in enumerate(at):
        out[i] = keys[at[root(j)]]
    return out


def join_copies(
    groups: Sequence[str], texts: Sequence[str], *, near: bool = True, apart: bool = True
) -> list[str]:
    """See :func:`joined_and_moved`: its keys alone."""
    return joined_and_moved(groups, texts, near=near, apart=apart)[0]


def joined_and_moved(
    groups: Sequence[str], texts: Sequence[str], *, near: bool = True, apart: bool = True
) -> tuple[list[str], list[int]]:
    """The groups (articles, paragraphs, outlets) with copies kept together,
    so a split or fold never has a text on both sides.

    Two groups are joined where more than :data:`COPY_SHARE` of the smaller
    one's distinct texts (of :data:`COPY_MIN_WORDS` words or more, case and
    spacing aside) recur in the other: one is a copy of the other. A text
    shared by groups that are not joined (boilerplate, a quoted statement)
    does not join them; its units go to the group of its first occurrence,
    so its copies still stay on one side. Each group is named by its first
    member in ``groups`` order. Shape: one key per unit, as ``groups``.
    With ``near`` (splits and folds), near-duplicates count as copies
    (:func:`near_copy_keys`); without, exact copies only, as for a corpus's
    bootstrap clusters, where the search would cost more than it tells.
    With ``apart`` False (a corpus's bootstrap clusters), a shared text's
    units stay with their own (joined) group: a roundup that reprints the
    leads of 30 stories is one article, not 30 (no split is drawn there).
    Also returned: the indices of the units drawn with another group than
    their own (a shared text's units after its first occurrence's group).
    """
    from itertools import combinations

    keys = near_copy_keys(texts) if near else copy_keys(texts)
    holders: dict[str, dict[str, None]] = {}
    distinct: dict[str, set[str]] = {}
    for group, key in zip(groups, keys):
        if key is not None:
            holders.setdefault(key, {})[group] = None
            distinct.setdefault(group, set()).add(key)
    shared: Counter[tuple[str, str]] = Counter()
    for held in holders.values():
        if 2 <= len(held) <= COPY_MAX_GROUPS:
            shared.update(combinations(held, 2))
        elif len(held) > COPY_MAX_GROUPS:
            first, *rest = held
            shared.update((first, g) for g in rest)

    parent: dict[str, str] = {}

    def root(g: str) -> str:
        while parent.get(g, g) != g:
            g = parent[g]
        return g

    order = {g: i for i, g in reversed(list(enumerate(groups)))}
    for (a, b), n in shared.items():
        if n <= COPY_SHARE * min(len(distinct[a]), len(distinct[b])):
            continue
        ra, rb = root(a), root(b)
        if ra != rb:
            # The earlier group names the joined one, whatever the order met.
            keep, drop = (ra, rb) if order[ra] <= order[rb] else (rb, ra)
            parent[drop] = keep
    out = []
    moved = []
    for i, (group, key) in enumerate(zip(groups, keys)):
        held = holders.get(key) if key is not None else None
        # A text in groups that stayed apart goes with its first occurrence.
        first = apart and held and len(held) > 1
        out.append(root(next(iter(held))) if first else root(group))
        if out[-1] != root(group):
            moved.append(i)
    return out, moved


def copies_across(texts: Sequence[str], split_of: Sequence[str]) -> int:
    """How many test units repeat the text of a training unit
    (:func:`copy_key`, :data:`COPY_MIN_WORDS` words or more): 0 for the
    splits this module draws; more for splits that came with the data."""
    keys = copy_keys(texts)
    train = {k for k, s in zip(keys, split_of) if s == "train" and k is not None}
    return sum(1 for k, s in zip(keys, split_of) if s != "train" and k in train)


def copies(examples: Examples, tasks: Sequence[Task]) -> dict[str, Any]:
    """Units that repeat another unit's text (:func:`copy_keys`, else
    :func:`copy_key` for a short one): how many,
    and per task the copies whose gold label differs from the first one's,
    as ``[id, label, first id, first label]`` (at most 20): one of the two
    is wrong, or the text is too short to decide. Empty where no unit
    repeats another."""
    first: dict[str, int] = {}
    repeats: list[tuple[int, int]] = []
    # As splits group them: punctuation folded too, where a text is long
    # enough to be a copy rather than a chance repeat.
    keys = [k or copy_key(t) for k, t in zip(copy_keys(examples.texts), examples.texts)]
    for i, key in enumerate(keys):
        j = first.setdefault(key, i)
        if j != i:
            repeats.append((i, j))
    if not repeats:
        return {}
    out: dict[str, Any] = {"units": len(repeats)}
    for task in tasks:
        values = examples.labels.get(task.field)
        if values is None:
            continue
        # A text labelled toward two targets (target-conditioned stance) is
        # two questions, not a copy with two answers.
        targets = examples.labels.get(task.target_field) if task.target_field else None
        differ = [
            [examples.ids[i], values[i], examples.ids[j], values[j]]
            for i, j in repeats
            if not task.is_unlabelled(values[i])
            and not task.is_unlabelled(values[j])
            # Labels as the task reads them (AGAINST is against), targets
            # as the model does (whatever their case).
            and _spelled_set(task, values[i]) != _spelled_set(task, values[j])
            and (targets is None or str(targets[i]).casefold() == str(targets[j]).casefold())
        ]
        if differ:
            out.setdefault("conflicting", {})[task.field] = {
                "n": len(differ),
                "first": differ[:20],
            }
    return out


def conflicting_copies_notes(found: dict[str, Any]) -> list[str]:
    """One sentence per task where a copy carries another gold label than
    its original (``found`` as :func:`copies` gives it), for warnings and
    reports alike."""
    notes = []
    for field_name, differ in (found.get("conflicting") or {}).items():
        uid, label, other, other_label = differ["first"][0]
        notes.append(
            f"{differ['n']} {'unit repeats' if differ['n'] == 1 else 'units repeat'} the text of "
            f"another unit with another '{field_name}' label (first: '{uid}' is "
            f"{_shown_gold(label)}, '{other}' is {_shown_gold(other_label)}); one of each pair "
            "is wrong, or the text alone does not decide it"
        )
    return notes


def _shown_gold(value: Any) -> str:
    """A gold value as a note shows it: a label set's labels joined by "+",
    the empty set (no label) as "(none)"."""
    if isinstance(value, (list, tuple)):
        return "+".join(str(v) for v in value) or "(none)"
    return str(value).strip() or "(none)"


def _spelled_set(task: Task, value: Any) -> frozenset[str]:
    """A gold value as the set of the task's label names it stands for: a
    topic set however a cell writes it (``b;a``, ``["a", "b"]``, ``a|b``)
    is one set, as :func:`classify.tasks.label_names` splits it."""
    if task.multilabel:
        return frozenset(_label_key(value, task.labels))
    names = list(value) if isinstance(value, (list, tuple)) else [value]
    return frozenset(task.spelled(str(x).strip()) for x in names)


# -- annotations ------------------------------------------------------------------


@dataclass
class Annotation:
    values: dict[str, Any]
    unit: str | None
    text: str | None
    level: str | None
    where: str
    path: str | None = None
    # Label fields whose cell is empty beside another filled column (a
    # stance, a label of a task not loaded): read as "no label", warned of.
    empty: tuple[str, ...] = ()


def read_annotations(
    path: str | Path,
    label_fields: Sequence[str] = LABEL_FIELDS,
    label_sets: Sequence[tuple[str, Sequence[str]]] = (),
    encoding: str | None = None,
    empty_sets: Sequence[str] = (),
) -> list[Annotation]:
    """Gold labels in JSONL/CSV/TSV: one line per unit, naming it by ``unit``
    id or by its exact ``text``, with values in ``label_fields`` (the task
    files' ``field``s; ``topics`` and ``stance`` for the shipped tasks).
    An absent or ``null`` value leaves that unit unlabelled for that task
    (a line with none of the fields labels another task); a file in which no
    line has any of them is an error naming its columns. Column names are
    matched without case or surrounding spaces; an empty ``text`` cell
    gives no text. A unit labelled twice for one field is an error naming
    both lines. A multilabel field of ``label_sets`` may be given as a 1/0
    column per label (:func:`~classify.tasks.indicator_labels`). ``encoding``
    reads a file that is not UTF-8 (``--encoding``, as the data is read).
    An empty cell of a field in ``empty_sets`` is no label even alone in
    its line (:func:`~classify.tasks.row_labels`)."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        sheet = path.suffix.lower() in (".xlsx", ".xls", ".ods", ".numbers")
        raise ClassifyError(
            "annotations must be a .jsonl, .csv, .tsv or .parquet file"
            + (" (save the sheet as .csv: File > Save As > CSV UTF-8)" if sheet else ""),
            source=path,
        )
    rows = iter_rows(path, encoding)
    out: list[Annotation] = []
    first_at: dict[tuple[str, str | None, str], str] = {}
    first_values: dict[tuple[str, str | None], dict[str, Any]] = {}
    annotators: dict[tuple[str, str | None], str] = {}
    known = {"unit", "id", "text", "level", *label_fields}
    columns: dict[str, None] = {}  # what the file has, for the error below
    for row, where in rows:
        # Columns as a spreadsheet names them (Unit, Text, Actor ), as data
        # tables and annotate import read them.
        row = singular_labels(known_columns(row, known), label_fields)
        columns.update(dict.fromkeys(map(str, row)))
        if label_sets:
            # "Choose up to N" columns (Topic 1, Topic 2), as coder sheets have.
            row = label_columns(row, label_sets, path, where, numbered=True)
        if isinstance(row.get("text"), str) and not row["text"].strip():
            row = {**row, "text": None}  # an empty text cell gives no text
        # Unit ids as written: 0 and 2.0 are ids, not "no id".
        unit = next(
            (as_written(row[k]).strip() for k in ("unit", "id") if row.get(k) not in (None, "")),
            None,
        )
        text = row.get("text")
        if not unit and not text:
            raise ClassifyError(
                "annotation names no 'unit' id and no 'text'" + no_unit_hint(row),
                source=path,
                where=where,
            )
        if not out and "unit" not in row and "id" not in row and (other := _id_like(row)):
            # Matched by text, its ids would go unread: a copy of a text in
            # two articles (a wire story) is then two units for one line.
            raise ClassifyError(
                f"the column '{other}' looks like unit ids, but the id column is 'unit' or 'id': "
                f"rename '{other}' to 'unit' if it holds the unit ids (as classify writes them), "
                "or leave it out to match the lines by their 'text'",
                source=path,
                where=where,
            )
        if not any(k in row for k in label_fields):
            # Unlabelled for these tasks (a batch may label only another
            # task); a file with no label field at all is refused below.
            continue
        level = row.get("level")
        if level == "row":
            # A whole table row (the ``level`` predictions write for it) is
            # an article-level unit.
            level = "article"
        if level is not None and level not in LEVELS:
            raise ClassifyError(
                f"'level' is '{level}' (allowed: {', '.join(LEVELS)}, row)",
                source=path,
                where=where,
            )
        if pending := pending_adjudication(row, label_fields):
            raise ClassifyError(pending, source=path, where=where)
        values = row_labels(row, label_fields, empty_sets)
        key = unit or _norm(str(text))
        given = [fld for fld, value in values.items() if value is not None]
        again = [fld for fld in given if (key, level, fld) in first_at]
        who = annotator_of(row)
        if again and (by := annotators.get((key, level))) and who and who != by:
            from classify.errors import several_annotators

            raise ClassifyError(several_annotators(key, by, who), source=path, where=where)
        if again:
            names = " and ".join(f"'{fld}'" for fld in again)
            first = first_at[(key, level, again[0])]
            raise ClassifyError(
                f"unit '{key[:60]}' is labelled again, alike (first at {first}): a duplicate "
                "row; delete one"
                if first_values.get((key, level)) == values
                else f"unit '{key[:60]}' has a second {names} label (first at {first}); a gold "
                "file holds one label per unit (adjudicate several annotators first: classify "
                "annotate agreement)",
                source=path,
                where=where,
            )
        first_at.update({(key, level, fld): where for fld in given})
        first_values.setdefault((key, level), values)
        if who is not None:
            annotators.setdefault((key, level), who)
        filled = [
            k
            for k, v in row.items()
            if k not in ("unit", "id", "text", "level", *_NOT_LABEL_META)
            and v not in (None, "", [])
        ]
        empty = tuple(
            fld
            for fld, value in values.items()
            if isinstance(value, str) and not value.strip() and any(k != fld for k in filled)
        )
        out.append(Annotation(values, unit or None, text, level, where, str(path), empty))
    if columns and not out:
        from classify.tasks import lacking_columns_note

        partial = lacking_columns_note(columns, label_sets)
        raise ClassifyError(
            f"no annotation has a label field (looked for: {', '.join(label_fields)}; "
            f"columns: {column_list(list(columns)[:12])}){partial}",
            source=path,
        )
    return out


def no_unit_hint(row: Mapping[str, Any] | Sequence[str]) -> str:
    """What a gold row (or header) without a unit id or text has instead:
    its columns and :func:`unit_id_fix`; "" for a row that has those
    columns (empty)."""
    if any(k in row for k in ("unit", "id", "text")):
        return ""
    columns = [str(k) for k in row]
    return f" (columns: {column_list(columns)[:200]}; {unit_id_fix(columns)})"


def unit_id_fix(columns: Sequence[str]) -> str:
    """How a gold file without a ``unit``/``id`` column names its units:
    the column to rename where exactly one column's name says it holds ids
    (``doc_id``, ``Item ID``, ``uid``), else what the columns must be."""
    found = _id_like(columns)
    if found:
        return f"rename '{found}' to 'unit' if it holds the unit ids"
    return "name the column of unit ids 'unit' or 'id', or give each unit's 'text'"


def annotation_paths(annotations: Any) -> list[Path]:
    """One annotation file or several (a path, or a list of paths) as a list;
    ``[]`` for None.

    Raises:
        ClassifyError: one file given twice (by any path to it).
    """
    if annotations is None:
        return []
    from classify.memory import paths_only

    paths_only(annotations, "annotations")
    if isinstance(annotations, (str, Path)):
        return [Path(annotations)]
    paths = [Path(a) for a in annotations]
    seen: dict[Path, Path] = {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            # Its every line would be a second label of its own unit.
            both = str(path) if str(seen[key]) == str(path) else f"{seen[key]} and {path}"
            raise ClassifyError(f"annotation file given twice: {both}")
        seen[key] = path
    return paths


def read_annotation_files(
    paths: Sequence[str | Path],
    label_fields: Sequence[str] = LABEL_FIELDS,
    label_sets: Sequence[tuple[str, Sequence[str]]] = (),
    encoding: str | None = None,
    empty_sets: Sequence[str] = (),
) -> list[Annotation]:
    """:func:`read_annotations` of several gold files (batches of one
    annotation effort), in order. A unit labelled for the same field in two
    files is an error naming both places, as within one file: a gold set
    holds one label per unit."""
    out: list[Annotation] = []
    first_at: dict[tuple[str, str | None, str], str] = {}
    first_value: dict[tuple[str, str | None, str], Any] = {}
    for path in paths:
        anns = read_annotations(path, label_fields, label_sets, encoding, empty_sets)
        seen_here: set[tuple[str, str | None, str]] = set()
        for ann in anns:
            key = ann.unit or _norm(str(ann.text))
            for fld, value in ann.values.items():
                if value is None:
                    continue
                k = (key, ann.level, fld)
                if k in first_at and k not in seen_here:
                    if _same_gold(first_value[k], value):
                        # A batch that repeats a line of an earlier one (a copy).
                        raise ClassifyError(
                            f"unit '{key[:60]}' is labelled again, alike (first at "
                            f"{first_at[k]}): a line repeated from an earlier file; delete one",
                            source=path,
                            where=ann.where,
                        )
                    raise ClassifyError(
                        f"unit '{key[:60]}' has a second '{fld}' label (first at "
                        f"{first_at[k]}); a gold set holds one label per unit (keep one of "
                        "the two, or adjudicate: classify annotate agreement)",
                        source=path,
                        where=ann.where,
                    )
                first_at[k] = f"{path}:{ann.where}"
                first_value[k] = value
                seen_here.add(k)
        out.extend(anns)
    return out


def _same_gold(a: Any, b: Any) -> bool:
    """Whether two gold values are one label (a label set in any order)."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def unit_levels_by_article(units: Sequence[Unit]) -> dict[str, set[str]]:
    """Each article's unit levels (``{"a1": {"paragraph"}}``)."""
    out: dict[str, set[str]] = {}
    for u in units:
        out.setdefault(u.article_id, set()).add(u.level)
    return out


# A published split's part names as corpora write them, and the part each is.
SPLIT_PARTS = {
    "train": "train",
    "training": "train",
    "test": "test",
    "testing": "test",
    "holdout": "test",
    "validation": "validation",
    "valid": "validation",
    "val": "validation",
    "dev": "validation",
    "development": "validation",
}
_SPLIT_NAMES = frozenset(SPLIT_PARTS)


def split_names(split_of: Sequence[str]) -> list[str]:
    """The parts of ``split_of`` (one name per unit), train first, then
    test and validation, then any other in the order met: never the order
    of the rows (a table whose first row is a test row)."""
    rank = {"train": 0, "test": 1, "validation": 2}
    first = list(dict.fromkeys(split_of))
    return sorted(first, key=lambda n: (rank.get(n, 3), first.index(n)))


def with_column_split(examples: Examples) -> Examples:
    """``examples`` split as their table's own ``split`` column says
    (``split: column``): each unit's part (train, test; validation, dev and
    the other spellings of :data:`SPLIT_PARTS` folded to those three) in
    ``examples.splits``, as data that comes split keeps its parts, and the
    column out of the labels. The examples must have been read with
    :data:`SPLIT_COLUMN` among their label fields.

    Raises:
        ClassifyError: the data has no such column, a unit has no part or
            one of another name (naming the unit), or no unit is in train
            or none in test.
    """
    values = examples.labels.get(SPLIT_COLUMN)
    allowed = "train, test, validation (or training, testing, holdout, valid, val, dev)"
    if values is None:
        raise ClassifyError(
            f"split 'column' reads each row's part from a '{SPLIT_COLUMN}' column, and the data "
            f"has none (a column of the values {allowed}); give the column, or split another way",
            source=examples.origin,
        )
    parts: list[str] = []
    for i, value in enumerate(values):
        part = SPLIT_PARTS.get(str(value).strip().casefold()) if value is not None else None
        if part is None:
            where = (examples.locations or [None] * len(examples))[i]
            said = "no value" if value is None or not str(value).strip() else f"'{value}'"
            raise ClassifyError(
                f"unit '{examples.ids[i]}' has {said} in the '{SPLIT_COLUMN}' column "
                f"(allowed: {allowed})",
                source=where or examples.origin,
            )
        parts.append(part)
    for side in ("train", "test"):
        if side not in parts:
            found = ", ".join(f"{k} {v}" for k, v in sorted(Counter(parts).items()))
            raise ClassifyError(
                f"split 'column': no row is in '{side}' (the '{SPLIT_COLUMN}' column has {found})",
                source=examples.origin,
            )
    out = examples.subset(range(len(examples)))
    out.labels = {k: v for k, v in out.labels.items() if k != SPLIT_COLUMN}
    out.splits = parts
    out.notes = {**out.notes, "split_by_column": True}
    return out


def split_column_counts(articles: Sequence[Article]) -> dict[str, int] | None:
    """Rows per value of a table's own ``split`` column, where every row
    has one naming a published part (train, test, validation, dev) and both
    train and test are among them; else None. Such a column is not applied
    (the config's split is); callers say so."""
    if not articles or not all(is_table_row(a) for a in articles):
        return None
    # The column under any case ("Split"); a blank cell is a row of no part.
    values = [
        next((v for k, v in a.meta.items() if str(k).casefold() == "split"), None) for a in articles
    ]
    written = [str(v).strip().casefold() for v in values if v is not None and str(v).strip()]
    folded = Counter(written)
    if not set(folded) <= _SPLIT_NAMES or not {"train", "test"} <= set(folded):
        return None
    return dict(sorted(folded.items()))


def attach_annotations(
    units: Sequence[Unit],
    annotations: Sequence[Annotation],
    *,
    source: object,
    options: ReadOptions | None = None,
) -> tuple[dict[str, list[Any]], list[str]]:
    """Gold values per label field aligned with ``units``, and the annotation
    lines of this level (or of no stated level) that matched no unit, each as
    its unit id or ``line N``. Lines for another ``level`` are not counted
    (one file may label several levels) unless their article is not among
    the units' articles.

    Raises:
        ClassifyError: lines whose text differs from their unit's (the
            article was edited since it was labelled), all named at once;
            under ``options.on_error == "skip"`` each such line is recorded
            in ``options.skipped`` by file and line and gives no label.
    """
    by_id = _ids_of(units)
    by_text: dict[str, list[int]] = {}
    by_loose_text: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_text.setdefault(_norm(u.text), []).append(i)
        by_loose_text.setdefault(loose_text(u.text), []).append(i)
    fields = sorted({k for a in annotations for k in a.values})
    labels: dict[str, list[Any]] = {f: [None] * len(units) for f in fields}
    unmatched: list[str] = []
    levels = {u.level for u in units}
    set_by: dict[tuple[int, str], Annotation] = {}
    levels_of = unit_levels_by_article(units)
    stale: list[Annotation] = []
    for ann in annotations:
        article = str(ann.unit).split(":")[0] if ann.unit is not None else None
        # By the level its own article's units are at: with tables beside
        # articles, rows are article units while the articles are cut.
        here = levels_of.get(article, levels) if article is not None else levels
        if ann.level and ann.level not in here:
            if article is not None and article not in levels_of:
                unmatched.append(ann.unit)  # of an article not read: no unit at any level
            continue
        if ann.unit is not None:
            i = by_id.get(ann.unit, by_id.get(id_form(str(ann.unit))))
            if i is None:
                unmatched.append(ann.unit)
                continue
            if ann.text is not None and not same_text(ann.text, units[i].text):
                # Every such line is named at once (an edited article moves
                # several), not one per run.
                stale.append(ann)
                continue
            targets = [i]
        else:
            targets = by_text.get(_norm(ann.text or ""), [])
            if not targets:
                # A sheet app's curly apostrophes and quote marks (or the
                # article's, where the sheet has straight ones): the same text.
                targets = by_loose_text.get(loose_text(ann.text or ""), [])
            if not targets:
                # A line keyed by its text: named by file and line (several
                # gold files each have a line 2).
                unmatched.append(f"{Path(ann.path).name}:{ann.where}" if ann.path else ann.where)
                continue
        for i in targets:
            for key, value in ann.values.items():
                if value is None:
                    continue
                if (
                    (i, key) in set_by
                    and set_by[(i, key)] is not ann
                    and _same_label(labels[key][i], value)
                ):
                    continue  # the same label given twice (by id and by text): one
                if (i, key) in set_by and set_by[(i, key)] is not ann:
                    # One named by id, the other by text: the same unit twice.
                    first = set_by[(i, key)]
                    raise ClassifyError(
                        f"unit '{units[i].id}' has a second '{key}' label (first at "
                        f"{first.path}:{first.where}, by {'id' if first.unit else 'text'}); a "
                        "gold set holds one label per unit",
                        source=ann.path or source,
                        where=ann.where,
                    )
                set_by[(i, key)] = ann
                labels[key][i] = value
    if stale and options is not None and options.on_error == "skip":
        for ann in stale:
            options.handle(
                ClassifyError(
                    f"text of unit '{ann.unit}' differs from the article's (was the article "
                    "edited since it was labelled?); the line gives no label",
                    source=ann.path or source,
                    where=ann.where,
                )
            )
        stale = []
    if stale:
        first, more = stale[0], stale[1:]
        others = ", ".join(
            f"'{a.unit}' ({Path(a.path).name + ':' if a.path else ''}{a.where})" for a in more[:3]
        )
        raise ClassifyError(
            f"text of unit '{first.unit}' differs from the article's"
            + (
                f", and so do {len(more)} more ({others}{', ...' if len(more) > 3 else ''})"
                if more
                else ""
            )
            + " (was the article edited since it was labelled, or the unit id wrong? "
            "annotate import --source names each one and where the texts part"
            + (
                f"; {hint} leaves such lines out"
                if (hint := option_hint("on_error", example="skip"))
                else ""
            )
            + ")",
            source=first.path or source,
            where=first.where,
        )
    return labels, unmatched


def _norm(text: str) -> str:
    return text_form(text)


# Curly quote marks and apostrophes as straight ones.
_STRAIGHT = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"')
)


def loose_text(text: str) -> str:
    """A text or id as :func:`copy_key` gives it (spacing and case folded),
    its quote marks straight: the form a spreadsheet's autocorrect or a
    coder typing an id may have changed a text or id to."""
    return copy_key(text).translate(_STRAIGHT)


def same_text(given: str, source: str) -> bool:
    """Whether a text an annotation file holds is its unit's text: the same
    once whitespace is folded and accents composed, or once case is folded
    and quote marks are straightened too (a sheet app curls them)."""
    return _norm(given) == _norm(source) or loose_text(given) == loose_text(source)


def near_unit_ids(unmatched: Sequence[object], units: Sequence[Unit]) -> list[tuple[str, str]]:
    """``(given, unit id)`` for each annotation id of ``unmatched`` that
    names exactly one unit once case and quote marks are folded (``A01:P3``
    for ``a01:p3``), at most three: a "did you mean" for the warning that
    they matched no unit."""
    loose: dict[str, list[str]] = {}
    for u in units:
        loose.setdefault(loose_text(u.id), []).append(u.id)
    near = []
    ids = {u.id for u in units}
    articles = sorted({u.article_id for u in units})
    numbered: dict[str, list[str]] = {}
    for i in ids:
        numbered.setdefault(_unpadded(i), []).append(i)
    # (The typo search is over the first ids only: a file of wrong ids is
    # one mistake, said by its first; each search reads every article id.)
    for k, given in enumerate(unmatched):
        found = loose.get(loose_text(str(given)), [])
        if len(found) != 1 and k < 20 and not re.fullmatch(r"[\d.]+", str(given).strip()):
            # (A number for "001" has a hint of its own: a spreadsheet's.)
            found = numbered.get(_unpadded(str(given)), [])
        if len(found) != 1 and k < 20:
            found = _typo_in_article(str(given), articles, ids)
        if len(found) == 1:
            near.append((str(given), found[0]))
        if len(near) == 3:
            break
    return near


def _unpadded(name: str) -> str:
    """An id with its numbers unpadded and its case folded: "wire1:p2" for
    "wire01:p2" among wire00..wire13, "Wire01:P02": the numbers, not their
    padding or case."""
    return re.sub(r"\d+", lambda m: str(int(m.group())), name.casefold())


def _typo_in_article(given: str, articles: Sequence[str], ids: set[str]) -> list[str]:
    """The one unit id that ``given`` names with a typo in its article part
    (``wirre01:p2`` for ``wire01:p2``) or its file's suffix (``wire01.txt:p2``):
    the one article id close to it
    (difflib ratio 0.85 or more) under which the unit exists; else []."""
    import difflib

    article, sep, rest = given.partition(":")
    if not sep or not article:
        return []
    bare = re.sub(r"(?i)\.(?:txt|html?|md|xml)$", "", article)
    if bare != article and f"{bare}:{rest}" in ids:
        return [f"{bare}:{rest}"]  # "wire01.txt:p1": ids name files without their suffix

    close = difflib.get_close_matches(article, articles, n=2, cutoff=0.85)
    found = [f"{a}:{rest}" for a in close if f"{a}:{rest}" in ids]
    return found if len(found) == 1 else []


def near_ids_hint(notes: dict[str, Any]) -> str:
    """'; did you mean 'a01:p3' (for 'A01:P3')?' from a build's notes, or ''."""
    near = notes.get("unmatched_near_ids") or []
    if not near:
        return ""
    return "; did you mean " + ", ".join(f"'{unit}' (for '{given}')" for given, unit in near) + "?"


def _ids_of(units: Sequence[Unit]) -> dict[str, int]:
    """Each unit's index by its id and by its id's NFC form
    (:func:`classify.text.id_form`) where that names one unit only, so a
    gold id typed with composed accents finds the unit of a Mac's
    decomposed file name, and the other way round."""
    by_id = {u.id: i for i, u in enumerate(units)}
    forms: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        forms.setdefault(id_form(u.id), []).append(i)
    for form, found in forms.items():
        if len(found) == 1:
            by_id.setdefault(form, found[0])
    return by_id


def _same_label(a: Any, b: Any) -> bool:
    """Whether two raw gold values say the same (a list in any order, names
    folded as :func:`classify.tasks.fold_label` folds them)."""
    from classify.tasks import fold_label

    def canon(v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return sorted(fold_label(str(x)) for x in v)
        return fold_label(str(v))

    return canon(a) == canon(b)


# -- loading ----------------------------------------------------------------------


def is_dataset_dir(path: Path) -> bool:
    """Whether ``path`` is a folder that ``datasets`` saved: a
    ``DatasetDict`` (``dataset_dict.json``) or one ``Dataset``
    (``state.json`` beside ``dataset_info.json``)."""
    from classify.memory import exists

    return exists(path / "dataset_dict.json", file=True) or (
        exists(path / "state.json", file=True) and exists(path / "dataset_info.json", file=True)
    )


@python_entry
def load_examples(
    sources: Any,
    *,
    annotations: str | Path | Sequence[str | Path] | None = None,
    unit: str | None = None,
    labelled: bool = True,
    options: ReadOptions | None = None,
    label_fields: Sequence[str] | None = None,
    text_column: str | None = None,
    label_sets: Mapping[str, Sequence[str]] | None = None,
    empty_sets: Sequence[str] = (),
    keep_columns: Sequence[str] = (),
) -> Examples:
    """Examples from a saved dataset, labelled tables, or articles plus an
    annotation file.

    ``unit`` is the level for articles; by default table rows are units
    themselves and ``.txt``/``.html`` articles are cut into paragraphs.
    ``label_fields`` are the columns read as gold labels (the tasks'
    ``field``s; default ``topics`` and ``stance``). With ``labelled=True``,
    units without any gold label are left out (and counted in ``notes``);
    with ``labelled=False`` every unit is kept. ``options`` says how files are
    read (columns, delimiter, encoding, ``on_error``).

    Args:
        sources: a path or paths (JSONL/CSV/TSV tables, article folders,
            ``.txt``/``.html`` files, one saved dataset), or data in memory (a
            list of texts, a pandas Series or DataFrame, a Hugging Face
            ``Dataset``/``DatasetDict``; :mod:`classify.memory`).
        annotations: gold labels for the units (JSONL/CSV, by unit id or
            text): one file, or a list of files (batches; a unit labelled in
            two of them is an error).
        unit: ``article``, ``paragraph`` or ``sentence``.
        labelled: leave out units without any gold label.
        options: how files are read (:class:`~classify.tables.ReadOptions`).
        label_fields: the columns read as gold labels.
        text_column: the column holding the text (tables and DataFrames);
            overrides ``options.text_column``.
        label_sets: multilabel fields and their labels
            (:func:`~classify.tasks.label_sets`): a table (or gold file) without
            the field's column but with a 1/0 column per label is read as
            that field (:func:`~classify.tasks.indicator_labels`).
        empty_sets: multilabel fields whose empty cell is no label even
            alone in its row (:func:`~classify.tasks.empty_sets`: tasks with
            ``empty_cell: always_none``); elsewhere such a row is unlabelled.
        keep_columns: extra input columns to keep beside the units
            (``Examples.extra``; ``"*"`` for every one), matched whatever
            their case: a table row's other columns, an article's metadata.

    Returns:
        :class:`Examples`: ids, texts, article and paragraph ids, dates,
        sources and raw gold values per field (``splits`` for split data).

    Raises:
        ClassifyError: unreadable data (file and line, or row, named), no data,
            or (``labelled=True``) no gold labels.
    """
    check_options(options)
    check_data_type(sources, "sources")
    from classify.memory import ids_by_position, is_hf_dataset, is_in_memory, memory_articles

    if text_column is not None:
        options = (options or ReadOptions()).but(text_column=text_column)

    sets = tuple((f, tuple(labels)) for f, labels in (label_sets or {}).items())
    if sets:
        options = (options or ReadOptions()).but(label_sets=sets)
    if empty_sets:
        options = (options or ReadOptions()).but(empty_sets=tuple(empty_sets))
    fields = tuple(label_fields) if label_fields else LABEL_FIELDS
    by_folder = options.label_from_folder if options is not None else None
    if by_folder and by_folder not in fields:
        fields = (*fields, by_folder)
    split_of: dict[str, str] | None = None
    by_position = False
    saved_at: Path | None = None
    if not is_in_memory(sources) and sources is not None:
        first = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
        if len(first) == 1 and is_dataset_dir(first[0]):
            saved = _load_saved(first[0])
            if _has_unit_columns(saved):
                summary = first[0] / DATASET_SUMMARY
                built = (
                    json.loads(summary.read_text(encoding="utf-8")).get("unit")
                    if summary.is_file()
                    else None
                )
                ignored = [
                    what
                    for what, value in (
                        ("annotation files", annotation_paths(annotations)),
                        # The level it was built at is no other level.
                        (f"a unit level ({unit})", unit if unit != built else None),
                    )
                    if value
                ]
                if ignored:
                    # Its units and gold labels were fixed when it was built.
                    raise ClassifyError(
                        "a saved dataset has its units, gold labels and split already, so "
                        f"{' and '.join(ignored)} cannot apply to it; give the articles or "
                        "tables it was built from instead"
                        + (
                            ", or leave the unit level unset to read the dataset as built "
                            "(a config's data.unit: auto)"
                            if unit
                            else ""
                        ),
                        source=first[0],
                    )
                return load_dataset_dir(first[0], saved)
            # Saved by datasets itself (save_to_disk), not by build_dataset:
            # its rows are read as a Dataset in memory is.
            sources, saved_at = saved, first[0]
    if is_in_memory(sources):
        if is_hf_dataset(sources) and _has_unit_columns(sources):
            # A dataset classify built (build_dataset), loaded in memory.
            return examples_of_datasets(sources, origin=type(sources).__name__)
        origin = str(saved_at) if saved_at is not None else type(sources).__name__
        pairs = list(memory_articles(sources, options, fields))
        if not pairs:
            raise ClassifyError("no readable rows in the data given", source=origin)
        articles = [a for a, _ in pairs]
        by_position = ids_by_position(sources, options)
        if type(sources).__name__ == "DatasetDict":
            split_of = {a.id: str(label).rsplit("-", 1)[0] for a, label in pairs}
    else:
        paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
        if not paths:
            raise ClassifyError("no data given")
        origin = ", ".join(str(p) for p in paths)
        # (One saved dataset alone was read above.)
        for p in paths:
            if is_dataset_dir(p):
                raise ClassifyError(
                    "a saved dataset cannot be combined with other sources", source=p
                )
        from classify.articles import GIVEN_FILES

        token = GIVEN_FILES.set(frozenset(p.resolve() for p in annotation_paths(annotations)))
        try:
            articles = list(read_articles(paths, options=options, label_fields=fields))
        finally:
            GIVEN_FILES.reset(token)
    # A folder-labelled corpus is one label per article: articles are the units.
    units, level = units_of(articles, unit or ("article" if by_folder else None))
    labels: dict[str, list[Any]] = {}
    annotated_levels: list[str] = []
    notes: dict[str, Any] = {"unit": level, **article_notes(articles)}
    if all(u.level == "article" for u in units):
        # Rows taken whole keep every paragraph: none was left out of a unit.
        notes.pop("dropped_row_paragraphs", None)
        # ... and a live blog whole is one unit of the page's date.
        notes.pop("live_blogs", None)
    if split_of is None:
        own = split_column_counts(articles)
        if own:
            notes["split_column"] = own
    blank = blank_label_cells(articles, fields)
    if blank:
        notes["blank_label_cells"] = blank
    empty = empty_label_cells(articles, fields)
    if empty:
        notes["empty_label_cells"] = empty
    if by_position:
        # Ids that are row positions name no unit: row 0 of one DataFrame is
        # not row 0 of another (classify.api.training_overlap).
        notes["ids_by_position"] = True
    # Gold columns of JSONL/CSV rows label the row, and a folder label the
    # article: a unit cut from a row or article (a paragraph, a sentence)
    # inherits them, as annotations at its own level may override.
    by_article = {a.id: a for a in articles}
    for fld in fields:
        values = [by_article[u.article_id].labels.get(fld) for u in units]
        if any(v is not None for v in values):
            labels[fld] = values
    locations = [
        by_article[u.article_id].path
        if u.level == "article" or by_article[u.article_id].labels
        else None
        for u in units
    ]
    with_gold = {a.id for a in articles if any(a.labels.get(f) is not None for f in fields)}
    if (
        labels
        and any(u.level != "article" for u in units)
        and sum(u.article_id in with_gold for u in units) > len(with_gold)
    ):
        # Only where a labelled row gave several units: a row of one
        # sentence cut at sentence level is its own unit, labelled as it was.
        notes["labels_inherited"] = True
    ann_paths = annotation_paths(annotations)
    if not ann_paths:
        annotations = None
    ann_origin = ", ".join(str(p) for p in ann_paths) or None
    if ann_paths:
        anns = read_annotation_files(
            ann_paths,
            fields,
            sets,
            options.encoding if options is not None else None,
            options.empty_sets if options is not None else (),
        )
        ann_labels, unmatched = attach_annotations(units, anns, source=ann_origin, options=options)
        where_of = _annotation_lines(units, anns)
        replaced: dict[str, list[str]] = {}
        for fld, values in ann_labels.items():
            old = labels.get(fld, [None] * len(units))
            for i, (a, o) in enumerate(zip(values, old)):
                if a is not None and o is not None and _label_key(a) != _label_key(o):
                    replaced.setdefault(fld, []).append(str(units[i].id))
            labels[fld] = [a if a is not None else o for a, o in zip(values, old)]
        if replaced:
            # The data's own labels give way to the gold file's: said, as two
            # gold files labelling one unit are refused.
            parts = "; ".join(
                f"'{fld}' of {len(ids)} unit{'s' if len(ids) != 1 else ''} ({', '.join(ids[:3])}"
                + (", ..." if len(ids) > 3 else "")
                + ")"
                for fld, ids in replaced.items()
            )
            warn(
                f"the annotations replace labels the data itself gives: {parts}; the "
                f"annotations' labels are used ({ann_origin})"
            )
            notes["labels_replaced_by_annotations"] = {f: len(v) for f, v in replaced.items()}
        locations = [where_of.get(i, loc) for i, loc in enumerate(locations)]
        notes["unmatched_annotations"] = len(unmatched)
        notes["unmatched_annotation_ids"] = unmatched[:5]
        # All of them, for a caller that reads a second part (a test folder)
        # with the same gold file: what matched there matched.
        notes["unmatched_annotation_all"] = [str(u) for u in unmatched]
        # And the texts of those keyed by text, to be matched there too.
        keyed = {
            (f"{Path(a.path).name}:{a.where}" if a.path else a.where): a.text
            for a in anns
            if a.unit is None and a.text
        }
        notes["unmatched_annotation_texts"] = {
            str(u): keyed[u] for u in unmatched if isinstance(u, str) and u in keyed
        }
        if near := near_unit_ids(unmatched, units):
            notes["unmatched_near_ids"] = near
        # A whole article's id where its units are cut smaller: no typo, a level.
        whole = [u for u in unmatched if str(u) in by_article]
        if whole:
            notes["unmatched_whole_articles"] = len(whole)
            if all(is_table_row(by_article[str(u)]) for u in whole) and not all(
                is_table_row(a) for a in articles
            ):
                # Table rows among article files: "auto" keeps each row whole
                # and cuts the articles, so both kinds of gold line match.
                notes["unmatched_whole_rows"] = True
        # Lines for another level are not this level's labels (one file may
        # label several), but a file of sentence labels at paragraph level
        # is a mistake worth a word.
        # Only lines whose article was read: a line of an article or table
        # not among the sources is no level mistake (it matched no unit).
        levels_of = unit_levels_by_article(units)
        elsewhere = [
            a
            for a in anns
            if a.level
            and a.unit is not None
            and str(a.unit).split(":")[0] in by_article
            and a.level not in levels_of.get(str(a.unit).split(":")[0], set())
        ]
        other = Counter(a.level for a in elsewhere)
        if other:
            notes["other_level_annotations"] = dict(sorted(other.items()))
            # Their labels, so a misspelt one is still named (check_labels),
            # though this level does not use it.
            notes["other_level_labels"] = [
                {
                    "where": f"{a.path}:{a.where}",
                    "unit": str(a.unit),
                    "level": a.level,
                    "values": a.values,
                }
                for a in elsewhere[:1000]
            ]
        annotated_levels = sorted({a.level for a in anns if a.level})
        # An empty cell beside another filled column in a gold file, as in a
        # table (empty_label_cells): "no label" for a multilabel task, warned of.
        for fld in fields:
            n = sum(1 for a in anns if fld in a.empty)
            if n:
                empty_cells = notes.setdefault("empty_label_cells", {})
                empty_cells[fld] = empty_cells.get(fld, 0) + n
    examples = Examples.from_units(units, labels, origin=origin)
    if keep_columns:
        examples.extra = kept_columns(
            [by_article[u.article_id] for u in units], keep_columns, exclude=fields
        )
    examples.weights, examples.silver = unit_weights(units, by_article)
    _group_rows_by_article(examples, units, by_article)
    if split_of is not None:
        examples.splits = [split_of[u.article_id] for u in units]
    examples.notes = notes
    examples.label_origin = ann_origin
    examples.locations = locations
    if labelled:
        if not labels:
            looked = ", ".join(f"'{f}'" for f in fields)
            first = "classify annotate export" if in_cli() else "classify.export_units(...)"
            how = f"pass {_annotations_hint()}, or get labels first: {first}"
            rows = [a for a in articles if is_table_row(a)]
            if rows and len(rows) == len(articles):
                # A table: name its columns, so a renamed or missing label
                # column is seen at once.
                head = rows[:200]
                known = [
                    k
                    for k in ("date", "source", "title", "author")
                    if any(getattr(a, k) for a in head)
                ]
                seen = dict.fromkeys(k for a in head for k in a.meta)
                # Ids written in the table, not made up as FILE-LINE.
                # (Rows in memory are named by their index or position,
                # "DataFrame:row 3", not by an id column.)
                own_ids = any(
                    (
                        not re.fullmatch(r".+-\d+", a.id or "")
                        or a.id.rsplit("-", 1)[1] != (a.path or "").rsplit(" ", 1)[-1]
                    )
                    and not (a.path or "").endswith(f":row {a.id}")
                    for a in head
                )
                read = options or ReadOptions()
                # As the file names them: "published", not the "date" it is read as.
                written: dict[str, str] = {}
                for a in head:
                    written.update(getattr(a, "_written_as", None) or {})
                names = [read.id_column] * own_ids + [read.text_column, *known, *seen][:20]
                columns = column_list(dict.fromkeys(written.get(n, n) for n in names))
                empty = [f for f in fields if f in seen]
                if empty:
                    # The column is there, its cells are not: say that, not "no column".
                    named = ", ".join(f"'{f}'" for f in empty)
                    raise ClassifyError(
                        f"the data has no gold labels: column{'s' if len(empty) > 1 else ''} "
                        f"{named} {'are' if len(empty) > 1 else 'is'} there but every cell is "
                        "empty or null (unlabelled)"
                        f"{'' if annotations is not None else '; ' + how}",
                        source=origin,
                    )
                whose = "the task's 'field'" if len(fields) == 1 else "each task's 'field'"
                # Labels under another name: rename them, or say so in a task file.
                from classify.tables import offered, python_params

                takes = offered() if offered() is not None else python_params()
                task_file = (
                    f"give a task file whose 'field' names it ({option('task', 'FILE')}; README: "
                    "Your own data and tasks)"
                    if takes is not None and "task" in takes
                    else ""
                )
                # evaluate and compare read another column as the gold one.
                named = (
                    f"pass {option('gold_column', 'NAME')} or "
                    if takes is not None and "gold_column" in takes
                    else ""
                )
                rename = (
                    f"; where the labels are in another column, {named}rename it to {looked}"
                    + (f" or {task_file}" if task_file else "")
                    if len(fields) == 1
                    # The package's two tasks looked for: a task of one's own.
                    else f"; where the labels are in another column, {task_file}"
                    if task_file
                    else ""
                )
                from classify.tasks import lacking_columns_note

                # A sheet coded one 1/0 column per label that lacks one: say
                # which, not only "no column" (all are needed to read any).
                per_label = lacking_columns_note(
                    seen, (options.label_sets if options is not None else ()) or sets
                )
                raise ClassifyError(
                    f"the data has no gold labels: no label column {looked} ({whose}; columns "
                    f"read: {columns}){per_label}{rename}"
                    f"{'' if annotations is not None else '; or ' + how}",
                    source=origin,
                )
            hint = f" ({how})" if annotations is None else ""
            if annotations is None and any("/" in str(a.id) for a in articles):
                # Articles in folders: the folder may be the label (BBC News).
                hint = (
                    f" ({how}; or, where each folder holds the articles of one label, "
                    f"{option('label_from_folder', 'FIELD')})"
                )
            raise ClassifyError(
                f"the data has no gold labels (looked for {looked}){hint}", source=origin
            )
        keep = [i for i in range(len(units)) if any(labels[f][i] is not None for f in labels)]
        if not keep:
            detail = ""
            if annotations is not None and annotated_levels and level not in annotated_levels:
                # Lines of another level are not this level's labels (one file
                # may label several): say which level the file labels.
                detail = (
                    f"; the annotation file labels {', '.join(annotated_levels)} units: pass "
                    f"{_unit_hint(annotated_levels[0])}"
                )
            elif annotations is not None and notes.get("unmatched_annotation_ids"):
                # Show both sides, so a wrong prefix or level is seen at once.
                shown = ", ".join(f"'{u}'" for u in notes["unmatched_annotation_ids"][:3])
                have = ", ".join(f"'{u.id}'" for u in units[:3])
                detail = (
                    f"; {notes['unmatched_annotations']} annotations match no unit (first: "
                    f"{shown}), and the {level} units are named like {have}" + near_ids_hint(notes)
                )
                first = str(notes["unmatched_annotation_ids"][0])
                theirs = (
                    "sentence"
                    if re.search(r":p\d+s\d+$", first)
                    else "paragraph"
                    if re.search(r":p\d+$", first)
                    else None
                )
                if theirs and theirs != level:
                    detail += f"; the annotations name {theirs} units: pass {_unit_hint(theirs)}"
                elif theirs is None:
                    ids = [str(u) for u in notes["unmatched_annotation_ids"]]
                    articles = {str(u.article_id) for u in units}
                    bare = [re.sub(r"\.(?:txt|html?|md)$", "", u, flags=re.I) for u in ids]
                    if bare != ids and any(
                        b in articles or b in {u.id for u in units} for b in bare
                    ):
                        # A sheet filled in from file names: "x.txt" for article "x".
                        detail += (
                            "; the annotations name the files (with .txt or .html), and "
                            "an article's id is its file name without it"
                        )
                    elif level != "article" and any(b in articles for b in bare):
                        rows = [by_article[b] for b in bare if b in by_article]
                        mixed = (
                            rows
                            and all(is_table_row(a) for a in rows)
                            and not all(is_table_row(a) for a in by_article.values())
                        )
                        # Table rows beside article files: "auto" keeps rows whole
                        # and the articles' own paragraph labels, as the warning says.
                        detail += (
                            f"; the annotations name whole table rows: pass {_unit_hint('auto')} "
                            "(rows whole, articles cut) or " + _unit_hint("article")
                            if mixed
                            else "; the annotations name whole articles: pass "
                            + _unit_hint("article")
                        )
            raise ClassifyError(
                f"no {level} unit has a gold label (check the annotation file's unit ids and "
                f"level){detail}",
                source=ann_origin or origin,
            )
        dropped = len(units) - len(keep)
        kept = set(keep)
        first = [examples.ids[i] for i in range(len(units)) if i not in kept][:3]
        examples = examples.subset(keep)
        # Units with no label at all are unlabelled for every task.
        examples.notes = {
            **notes,
            "unlabelled_units_skipped": dropped,
            "unlabelled": {f: dropped for f in labels},
            **({"unlabelled_units_first": first} if first else {}),
        }
    examples.multilabel = frozenset(label_sets or ())
    return examples


# Article metadata of the reader's own, not the input's columns.
_READER_META = frozenset(
    {
        "layout",
        "dropped_paragraphs",
        "date_written",
        "date_from",
        "header_lines",
        "standfirst",
        "live_entries",
        "letter",
    }
)


def kept_columns(
    articles: Sequence[Article], names: Sequence[str], *, exclude: Sequence[str] = ()
) -> dict[str, list[Any]]:
    """Per name in ``names`` (matched whatever its case; ``"*"``: every
    column the articles' metadata holds, the reader's own and ``exclude``
    left out), one text value per article (JSON for a list or an object,
    None where it has none), in the order of ``articles`` (one per unit).

    Raises:
        ClassifyError: a name no article has, naming the columns there are."""
    from classify.columns import column_named

    if "*" in names:
        seen = dict.fromkeys(k for a in articles for k in a.meta)
        wanted = [k for k in seen if k not in _READER_META and k not in exclude]
    else:
        wanted = list(dict.fromkeys(names))
        have = dict.fromkeys(k for a in articles for k in a.meta if k not in _READER_META)
        # A column the reader takes as the article's own (title, author,
        # section, site), kept from there.
        have.update(
            dict.fromkeys(k for k in _ARTICLE_FIELDS if any(getattr(a, k) for a in articles))
        )
        missing = [n for n in wanted if column_named(have, n) is None]
        if missing:
            raise ClassifyError(
                f"{option('keep_columns', ','.join(missing))}: no column "
                f"{', '.join(repr(m) for m in missing)} in the data "
                f"(its other columns: {column_list(have) if have else 'none'})"
            )
    out: dict[str, list[Any]] = {}
    for name in wanted:
        values = []
        own = column_named(dict.fromkeys(_ARTICLE_FIELDS), name)
        for a in articles:
            found = column_named(a.meta, name)
            value = a.meta[found] if found is not None else getattr(a, own) if own else None
            if value is not None and not isinstance(value, str):
                # As JSON writes it: true, not "True"; a list or an object whole.
                value = (
                    json.dumps(value, ensure_ascii=False, default=str)
                    if isinstance(value, (bool, dict, list))
                    else str(value)
                )
            values.append(value)
        out[name] = values
    return out


# An article's own fields that a table's columns of those names fill.
_ARTICLE_FIELDS = ("title", "author", "section", "site", "dateline")


def empty_label_cells(articles: Sequence[Article], fields: Sequence[str]) -> dict[str, int]:
    """Per field, the table rows whose cell is empty (``""``) beside another
    filled label: "no label" for a multilabel task (the empty set), unless
    its task file says ``empty_cell: unlabelled``. A JSON ``[]`` is not
    counted: it says no label in so many words."""
    out: dict[str, int] = {}
    for f in fields:
        n = sum(
            1
            for a in articles
            if is_table_row(a) and isinstance(a.labels.get(f), str) and not a.labels[f].strip()
        )
        if n:
            out[f] = n
    return out


def blank_label_cells(articles: Sequence[Article], fields: Sequence[str]) -> dict[str, Any]:
    """Table rows read as unlabelled for a field although they may not be:
    its cell is empty (``""``), no other label of the fields loaded is
    filled, yet other columns are. Beside a filled label an empty
    multilabel cell is the empty set; alone it is "not yet labelled", and
    whether another column is a label only the user knows (a second task
    of their own not loaded in this command). Per field: ``rows`` and the
    first such columns (``beside``)."""
    out: dict[str, Any] = {}
    for f in fields:
        rows, beside = 0, {}
        for a in articles:
            if a.meta.get(f) != "" or f in a.labels or not is_table_row(a):
                continue
            others = [
                k
                for k, v in a.meta.items()
                if k not in fields and k not in _NOT_LABEL_META and v not in (None, "")
            ]
            # A `section` column is read as the article's section, yet it is
            # as often a label of the researcher's own (a desk, a category).
            if a.section and "section" not in fields:
                others.append("section")
            if others:
                rows += 1
                beside.update(dict.fromkeys(others))
        if rows:
            out[f] = {"rows": rows, "beside": list(beside)[:5]}
    return out


# Columns rows carry that are not labels (readers' and exports' own).
_NOT_LABEL_META = frozenset(
    {"level", "article_id", "unit", "annotator", "time", "note", "layout", "paragraph", "position"}
)


# Agencies written out or abbreviated ("AP", "The Associated Press"): one
# outlet to a split or fold grouped by source.
_OUTLET_ALIASES = {
    "the associated press": "ap",
    "associated press": "ap",
    "agence france-presse": "afp",
    "agence france presse": "afp",
    "thomson reuters": "reuters",
    "deutsche presse-agentur": "dpa",
    "xinhua news agency": "xinhua",
    "bloomberg news": "bloomberg",
    "itar-tass": "tass",
    "ria novosti": "ria",
    "press association": "pa",
    "canadian press": "cp",
    "the canadian press": "cp",
    # As news databases name the wires (Factiva, Nexis).
    "reuters news": "reuters",
    "associated press newswires": "ap",
    "agence france presse english": "afp",
    "dpa international": "dpa",
    # The BBC's news site under its own name.
    "bbc news": "bbc",
    # Agencies and broadcasters under their short and long names.
    "dw": "deutsche welle",
    "yonhap news agency": "yonhap",
    "yonhap news": "yonhap",
    "kyodo news": "kyodo",
    "kyodo news agency": "kyodo",
    "voice of america": "voa",
    "rian": "ria",
    "radio free europe/radio liberty": "rferl",
    "radio free europe radio liberty": "rferl",
    "anadolu agency": "anadolu",
    "press trust of india": "pti",
    # Papers as citations shorten them.
    "nyt": "new york times",
    "wsj": "wall street journal",
    "ft": "financial times",
    "wapo": "washington post",
}


def outlet_shown(source: str) -> str:
    """An outlet's name as a group shows it: without the portal that carried
    the story (``AFP via Google News`` is ``AFP``) or a footnote mark
    (``AP²``), as :func:`outlet_key` groups it; otherwise as written."""
    name = " ".join(source.split())
    name = re.sub(r"(?:\[\d+\]|[\u00b9\u00b2\u00b3\u2070-\u2079*\u2020\u2021]+)$", "", name) or name
    # "AFP via Google News", "AFP, via Google News", "AFP (via Google News)".
    return re.sub(r"(?i)(?:,?\s+via\s+\S.*|\s*\(via\s+[^()]*\))$", "", name) or name


def outlet_key(source: str) -> str:
    """An outlet's name as splits, folds and ``analyse --by source`` group
    it: case, spacing and hyphens folded, a leading "The" left out (``The
    Guardian`` and ``Guardian``, ``Al Jazeera``, ``Al-Jazeera`` and
    ``Aljazeera``), a place in brackets after it left out (``The Guardian
    (London)``, as news databases write it), and an agency's
    written-out name as its abbreviation (``The Associated Press`` and
    ``Associated Press Newswires`` are ``ap``, Factiva's ``Reuters News``
    is ``reuters``, ``BBC News`` is ``bbc``); a footnote mark after it
    (``AP²``, ``Reuters[3]``, ``AFP*``) left out, and an aggregator that
    carried it (``AFP via Google News``, ``Reuters via Yahoo``) too: the
    story is the outlet's; marks inside a name folded (``A.N.S.A.``,
    ``Ha'aretz``, ``RFE/RL``, ``Democracy Now!``), and a broadcaster or
    agency under its short and long names (``DW``, ``Yonhap News Agency``)."""
    # Without a footnote mark ("AP²", "Reuters[3]", "AFP*", "BBC†") or the
    # aggregator or portal that carried the story ("AFP via Google News").
    key = outlet_shown(source).casefold()
    # A news site under its domain: "Haaretz.com", "ANSA.it", "bbc.co.uk".
    key = re.sub(r"(?<=\w)\.(?:com|net|org|co\.uk|it|de|fr|ru|ua|by|pl)$", "", key) or key
    # A database's place in brackets: "The Guardian (London)", "The Hindu (Chennai)".
    key = re.sub(r"\s*\([^()]*\)$", "", key) or key
    key = _OUTLET_ALIASES.get(key, key)
    key = key.removeprefix("the ") if len(key) > 4 else key
    key = _OUTLET_ALIASES.get(key, key)
    # Marks inside a name: "A.N.S.A.", "Ha'aretz", "RFE/RL", "Democracy Now!".
    return _OUTLET_ALIASES.get(re.sub(r"[\s\-.'’!/]", "", key), re.sub(r"[\s\-.'’!/]", "", key))


def _unit_hint(level: str) -> str:
    """How the running command or function is given a unit level."""
    return _data_setting_hint("unit", level)


def _annotations_hint() -> str:
    """How the running command or function is given a gold file (analyse:
    labelled units of the corpus's kind, its rates file)."""
    from classify.tables import offered, python_params

    for name, given in (("rates_from", offered()), ("rates_data", python_params())):
        if given is not None and name in given and "annotations" not in given:
            return f"{option(name, 'FILE')} with the task's label column filled"
    return _data_setting_hint(
        "annotations", "FILE", fallback="a gold file in the config's 'annotations'"
    )


# Set while the main job (`run`) reads its sources: its config holds the
# data settings at the top (``unit``, ``annotations``), set with --set.
RUN_CONFIG_KEYS: ContextVar[bool] = ContextVar("classify_run_config_keys", default=False)


def _data_setting_hint(
    name: str, value: str, *, fallback: str | None = None, key: str | None = None
) -> str:
    """How the running command or function sets ``data.NAME`` (or the
    config ``key``): its own ``--NAME`` (``NAME=``), else ``--set
    data.NAME=VALUE`` (``overrides={'data.NAME': VALUE}``: train, which has
    neither), else ``fallback`` (a command with no way to set it); in the
    main job, ``--set NAME=VALUE`` (``overrides={'NAME': VALUE}``)."""
    from classify.tables import offered, python_params

    if RUN_CONFIG_KEYS.get() and name in ("unit", "annotations"):
        return setting(name, value)
    key = key or f"data.{name}"
    names = offered()
    params = python_params()
    if names is not None and name not in names and ("set" in names or fallback is not None):
        return setting(key, value) if "set" in names else str(fallback)
    if params is not None and name not in params and "overrides" in params:
        return setting(key, value)
    return option(name, value)


# A row's training weight and silver mark, as `annotate rules --apply`
# writes them (the names matched without case or surrounding spaces).
WEIGHT_COLUMN, SILVER_COLUMN = "weight", "silver"
_TRUE = frozenset({"true", "1", "1.0", "yes", "y", "x"})
_FALSE = frozenset({"false", "0", "0.0", "no", "n", ""})


def unit_weights(
    units: Sequence[Unit], by_article: Mapping[str, Any]
) -> tuple[list[float] | None, list[bool] | None]:
    """Each unit's training weight and silver mark, from its row's
    ``weight`` and ``silver`` columns (a unit cut from a row inherits
    them): a weight is a number above 0 (blank: 1), a mark true/false (also
    1/0, yes/no; blank: false). ``(None, None)`` where no unit has a weight
    other than 1 or is marked silver.

    Raises:
        ClassifyError: a weight that is not a number above 0, or a mark
            that is not true/false, naming the row.
    """
    weights: list[float] = []
    silver: list[bool] = []
    read: dict[str, tuple[float, bool]] = {}
    for u in units:
        if u.article_id not in read:
            article = by_article[u.article_id]
            meta = {str(k).strip().casefold(): v for k, v in article.meta.items()}
            read[u.article_id] = (
                _weight(meta.get(WEIGHT_COLUMN), article),
                _silver_mark(meta.get(SILVER_COLUMN), article),
            )
        w, mark = read[u.article_id]
        weights.append(w)
        silver.append(mark)
    if all(w == 1.0 for w in weights) and not any(silver):
        return None, None
    return weights, silver


def _weight(value: Any, article: Any) -> float:
    import math

    if value is None or (isinstance(value, str) and not value.strip()):
        return 1.0
    try:
        if isinstance(value, bool):
            raise ValueError
        w = float(value)
    except (TypeError, ValueError):
        w = math.nan
    if not (math.isfinite(w) and w > 0):
        file, _, line = str(article.path or article.id).partition(":line ")
        raise ClassifyError(
            f"column '{WEIGHT_COLUMN}' holds {str(value)[:40]!r}: a unit's training weight is a "
            "number above 0 (gold 1; silver rows from annotate rules weigh 0.5)",
            source=file,
            where=f"line {line}" if line else None,
        )
    return w


def _silver_mark(value: Any, article: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    written = str(value).strip().casefold()
    if written in _TRUE | _FALSE:
        return written in _TRUE
    file, _, line = str(article.path or article.id).partition(":line ")
    raise ClassifyError(
        f"column '{SILVER_COLUMN}' holds {str(value)[:40]!r}: it marks silver labels "
        "(true or false; also 1/0, yes/no, blank for false)",
        source=file,
        where=f"line {line}" if line else None,
    )


def _group_rows_by_article(
    examples: Examples, units: Sequence[Unit], by_article: Mapping[str, Article]
) -> None:
    """Table rows that are paragraphs or sentences of one article (a gold
    file, an export) are grouped by that article, so CV folds and splits by
    article keep its units on one side; in place."""
    for i, u in enumerate(units):
        article = by_article[u.article_id]
        if not is_table_row(article):
            continue
        parent = row_parent(article)
        if parent is not None:
            examples.article_ids[i], examples.paragraph_ids[i] = parent


def warn_several_outlets(examples: Examples) -> None:
    """Warn, for a split or folds by source, of the items that cite several
    outlets (``notes["several_outlets"]``): each is grouped under its first,
    so another outlet it cites may be on the other side."""
    if several := examples.notes.get("several_outlets"):
        n = several["items"]
        warn(
            f"{n} item{'s cite' if n != 1 else ' cites'} several outlets (first: "
            f"{'; '.join(several['first'])}): each is grouped under its first outlet, so "
            "another outlet it cites may be on the other side",
            once="several-outlets",
        )


def article_notes(articles: Sequence[Any]) -> dict[str, Any]:
    """How ``.txt`` and ``.html`` articles were read: the number of files per
    layout (``wire``, ``plain``, ``html``), per file the count of paragraphs
    left out of the body (boilerplate, credit line, trailer text, web page
    furniture), where any were, how many files no date was found in (the
    first 20 named), and how many export records are dated by the day the
    database loaded them (``Load-Date:``), having no date line that reads;
    per live blog (``live_blogs``) its entries and the first and last day
    they date its units."""
    layouts: dict[str, int] = {}
    dropped: dict[str, int] = {}
    row_dropped: dict[str, int] = {}
    live: dict[str, dict[str, Any]] = {}
    undated: list[str] = []
    written: dict[str, str] = {}
    loaded: list[str] = []
    for a in articles:
        layout = a.meta.get("layout")
        if layout and layout != "table":  # a .txt read as a table's rows (--delimiter)
            layouts[layout] = layouts.get(layout, 0) + 1
            if a.date is None:
                undated.append(a.path or a.id)
                if a.meta.get("date_written") and len(written) < 20:
                    written[a.path or a.id] = str(a.meta["date_written"])
        if a.meta.get("date_from") == "load-date":
            loaded.append(a.path or a.id)
        if a.meta.get("dropped_paragraphs"):
            dropped[a.path or a.id] = int(a.meta["dropped_paragraphs"])
        if n := a.meta.get("live_entries"):
            days = sorted({d for d in a.paragraph_dates if d} | ({a.date} if a.date else set()))
            live[a.path or a.id] = {
                "entries": int(n),
                "dates": [days[0], days[-1]] if days else [],
                "headings": len(getattr(a, "_headings", ())),
            }
        if furniture := getattr(a, "_furniture", None):
            # A table's rows, counted by file: "news.csv:line 4" -> news.csv.
            table = (a.path or a.id).rsplit(":", 1)[0]
            row_dropped[table] = row_dropped.get(table, 0) + len(furniture)
    # Items that cite several outlets ("AP via The Washington Post",
    # "Reuters"): grouped by source under the first, said where that is done.
    several = [a for a in articles if len(getattr(a, "sources", None) or []) > 1]
    out: dict[str, Any] = {}
    if several:
        out["several_outlets"] = {
            "items": len(several),
            "first": [f"{a.id} ({', '.join(a.sources)})" for a in several[:3]],
        }
    if row_dropped:
        out["dropped_row_paragraphs"] = row_dropped
    if live:
        out["live_blogs"] = live
    if layouts:
        out["layouts"] = layouts
        out["dropped_paragraphs"] = dropped
        out["undated_articles"] = len(undated)
        out["undated_files"] = undated[:20]
        if written:
            # "Date: Spring 2021", "3 hours ago": a date line that gives no day.
            out["undated_written"] = written
    if loaded:
        out["load_dated_articles"] = len(loaded)
        out["load_dated_files"] = loaded[:20]
    return out


def _annotation_lines(units: Sequence[Unit], annotations: Sequence[Annotation]) -> dict[int, str]:
    """The ``file:line N`` of the annotation that labels each unit."""
    by_id = _ids_of(units)
    by_text: dict[str, list[int]] = {}
    by_loose_text: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_text.setdefault(_norm(u.text), []).append(i)
        by_loose_text.setdefault(loose_text(u.text), []).append(i)
    out: dict[int, str] = {}
    for ann in annotations:
        at = None if ann.unit is None else by_id.get(ann.unit, by_id.get(id_form(str(ann.unit))))
        targets = (
            [at]
            if at is not None
            else by_text.get(_norm(ann.text or ""))
            or by_loose_text.get(loose_text(ann.text or ""), [])
        )
        for i in targets:
            out[i] = f"{ann.path}:{ann.where}"
    return out


def units_of(articles: Sequence[Article], unit: str | None) -> tuple[list[Unit], str]:
    """The units of ``articles`` and the name of their level.

    With ``unit`` given, every article is cut at that level. Without it the
    default is per source kind: a table row (JSONL, CSV, TSV) is a unit
    itself ("article" level, id as written) and a ``.txt``/``.html`` article
    is cut into paragraphs, also when both kinds are given together. The
    name says what the units are: "row" for whole table rows (their unit
    level is "article"), so "row+paragraph" for both kinds together.
    """
    if unit == "auto":
        unit = None  # as a config writes "each source at its default"
    if unit is not None:
        if unit not in LEVELS:
            raise ClassifyError(f"unknown unit '{unit}' (allowed: auto, {', '.join(LEVELS)})")
        rows = unit == "article" and bool(articles) and all(map(is_table_row, articles))
        return make_units(articles, unit), "row" if rows else unit  # type: ignore[arg-type]
    units: list[Unit] = []
    levels: list[str] = []
    for article in articles:
        row = is_table_row(article)
        name = "row" if row else "paragraph"
        if name not in levels:
            levels.append(name)
        units.extend(make_units([article], "article" if row else "paragraph"))
    return units, "+".join(levels) or "paragraph"


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Plain rows of a JSONL, CSV, TSV or Parquet file (for tools that need
    extra columns)."""
    return [row for row, _ in iter_rows(path)]


# -- splits -----------------------------------------------------------------------


def _undated_file_hint(examples: Examples, unit: int) -> str:
    """Where ``unit`` comes from an article file read without a date, how
    such a file is dated, as a clause ending in "; " (else empty: a table's
    row is dated by its column, :func:`undated_hint`)."""
    article = examples.article_ids[unit]
    # An article's id is its file's name without the suffix, under its
    # folder where folders are labels ("favour/undated").
    files = [
        f
        for f in examples.notes.get("undated_files") or []
        if (stem := Path(f).with_suffix("").as_posix()) == article or stem.endswith(f"/{article}")
    ]
    if not files:
        return ""
    if written := (examples.notes.get("undated_written") or {}).get(files[0]):
        return (
            f"{files[0]}'s date line {written!r} gives no full date (write it as "
            "'March 3, 2024' or 2024-03-03); "
        )
    if Path(files[0]).suffix.lower() in (".html", ".htm", ".mht", ".mhtml"):
        return (
            "a web page is dated by its metadata (article:published_time, a <time> "
            f"element, JSON-LD datePublished) or a date line, which {files[0]} lacks; "
        )
    return (
        f"an article file is dated by a date line under its headline or by its dateline "
        f"('March 3, 2024', 'MINSK, March 3, 2024 (Reuters) -'), which {files[0]} lacks; "
    )


def undated_hint() -> str:
    """How the running command reads a date column of another name, as a
    clause ending in "; " (empty where it cannot)."""
    how = option_hint("date_column", example="NAME")
    return f"a date column of another name is read with {how}; " if how else ""


# What a caller other than dataset build and train offers instead of a split
# by date (an experiment: another protocol), while it computes its splits.
_SPLIT_HINT: ContextVar[str | None] = ContextVar("classify_split_hint", default=None)


_CUTOFF_HINT: ContextVar[str | None] = ContextVar("classify_cutoff_hint", default=None)


@contextlib.contextmanager
def other_split_hint(text: str, *, cutoff: str | None = None) -> Iterator[None]:
    """Within this block, errors of a split by date suggest ``text`` instead
    of the options of ``dataset build`` and ``train``, and ``cutoff`` (an
    experiment's ``key 'protocols[0].cutoff'``) where a cutoff is to move."""
    token = _SPLIT_HINT.set(text)
    cutoff_token = _CUTOFF_HINT.set(cutoff)
    try:
        yield
    finally:
        _SPLIT_HINT.reset(token)
        _CUTOFF_HINT.reset(cutoff_token)


def _other_split_hint() -> str:
    """How to choose another split or cross-validate, as the caller writes it."""
    from classify.errors import in_cli

    if (own := _SPLIT_HINT.get()) is not None:
        return own
    if in_cli():
        return (
            "split another way: --split article in dataset build, --set "
            "data.split.method=article in train (whole articles on one side; random for "
            "rows that are each their own item); or cross-validate: --cv K"
        )
    return (
        "split another way: split='article' in build_dataset, "
        "overrides=['data.split.method=article'] in train (whole articles on one side; "
        "random for rows that are each their own item); or cross-validate: cv=K"
    )


# Set where the caller says itself which articles a random split cut
# (dataset build's summary, articles_on_both_sides).
_CUT_SAID: ContextVar[bool] = ContextVar("classify_cut_said", default=False)


def split_indices(
    examples: Examples,
    method: str = "article",
    *,
    test_size: float = 0.2,
    seed: int = 0,
    cutoff: str | None = None,
) -> tuple[list[int], list[int]]:
    """Train and test indices (:func:`split_gold`), silver units
    (``examples.silver``) in training only: the split is drawn over the gold
    units, and a silver unit joins training unless it repeats a test unit's
    text or, in a date split, is dated on the test side (an undated one
    joins). Silver units left out are counted in ``examples.notes``
    (``silver_left_out``).

    Raises:
        ClassifyError: as :func:`split_gold`.
    """
    if not examples.silver or not any(examples.silver):
        return split_gold(examples, method, test_size=test_size, seed=seed, cutoff=cutoff)
    gold = [i for i, s in enumerate(examples.silver) if not s]
    silver = [i for i, s in enumerate(examples.silver) if s]
    if not gold:
        raise all_silver_error(len(silver), examples.origin)
    tr, te = split_gold(
        examples.subset(gold), method, test_size=test_size, seed=seed, cutoff=cutoff
    )
    train, test = [gold[i] for i in tr], [gold[i] for i in te]
    if not test:
        return sorted(train + silver), test
    first = None
    if method == "date":
        first = (
            parse_cutoff(cutoff, key="split.cutoff")
            if cutoff
            else min(date_range(str(examples.dates[i]))[0] for i in test)
        )
    kept = silver_for_training(examples, silver, test, first=first)
    if len(kept) < len(silver):
        examples.notes = {**examples.notes, "silver_left_out": len(silver) - len(kept)}
    return sorted(train + kept), test


def all_silver_error(n: int, origin: object) -> ClassifyError:
    """The error for data whose every labelled unit is silver."""
    return ClassifyError(
        f"every labelled unit of the data is silver ({n}; its 'silver' column): silver labels "
        "train a model beside gold ones and never test one; give gold labels too",
        source=origin,
    )


def without_silver_repeats(examples: Examples) -> Examples:
    """``examples`` without the silver units that repeat a gold unit's text
    (:func:`copy_key`): the gold label stands, and a weaker copy of it would
    only be counted as training that never happened. How many went is kept
    in ``notes["silver_repeating_gold"]``."""
    if not examples.silver or not any(examples.silver) or all(examples.silver):
        return examples
    keys = copy_keys(examples.texts)
    gold = {k for k, s in zip(keys, examples.silver) if not s} - {None}
    keep = [i for i, (k, s) in enumerate(zip(keys, examples.silver)) if not (s and k in gold)]
    if len(keep) == len(examples):
        return examples
    out = examples.subset(keep)
    out.notes = {**examples.notes, "silver_repeating_gold": len(examples) - len(keep)}
    return out


def silver_for_training(
    examples: Examples, silver: Sequence[int], test: Sequence[int], *, first: Any = None
) -> list[int]:
    """The silver units that may train a model tested on ``test``: those
    that repeat no test unit's text nor any gold unit's (:func:`copy_key`;
    the gold label stands) and, with ``first``
    (the first day of a date split's test side, a ``datetime.date``), are
    dated before it or undated.

    Args:
        examples: the units.
        silver: positions of the silver units in ``examples``.
        test: positions of the test units.
        first: the test side's first day, or None for a split not by date.

    Returns:
        The positions of ``silver`` kept, in order.
    """
    keys = copy_keys(examples.texts)
    tested = {keys[i] for i in test} - {None}
    tested |= {k for k, s in zip(keys, examples.silver or [False] * len(keys)) if not s} - {None}
    return [
        i
        for i in silver
        if keys[i] not in tested
        and (
            first is None
            or examples.dates[i] is None
            or date_range(str(examples.dates[i]))[1] < first
        )
    ]


def split_gold(
    examples: Examples,
    method: str = "article",
    *,
    test_size: float = 0.2,
    seed: int = 0,
    cutoff: str | None = None,
) -> tuple[list[int], list[int]]:
    """Train and test indices. ``article``, ``paragraph`` and ``source``
    keep groups whole (copies joined, :func:`join_copies`); ``random`` draws
    units with their copies; ``date`` puts the latest items (or those from
    ``cutoff`` on) in test, except a text that repeats an earlier one, which
    stays in training with it (and is warned about).

    Raises:
        ClassifyError: an unknown method, a test share outside (0, 1), a
            date split with an undated unit or an empty side, or a grouped
            split with fewer than two groups.
    """
    n = len(examples)
    if not 0 < test_size < 1 and not (method == "date" and cutoff):
        raise ClassifyError(
            f"{option('test_size', test_size, flag='--test-size')}: the test share must be "
            "above 0 and below 1"
        )
    if method == "none":
        return list(range(n)), []
    # Near-duplicates (an edited copy) are drawn together, as exact copies are.
    keys = (
        near_copy_keys(examples.texts)
        if method in ("random", "date")
        else copy_keys(examples.texts)
    )
    if method == "random":
        # Ordered by text first, so the draw does not depend on row order.
        digest = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in examples.texts]
        order = sorted(range(n), key=lambda i: (digest[i], i))
        random.Random(seed).shuffle(order)
        n_test = max(1, round(n * test_size))
        copies_of: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            if key is not None:
                copies_of.setdefault(key, []).append(i)
        # Units are drawn one by one, each with its copies, so a copy is
        # never tested against itself; without copies this is order[:n_test].
        held: set[int] = set()
        for i in order:
            if len(held) >= n_test:
                break
            drawn = copies_of[keys[i]] if keys[i] is not None else [i]
            if i not in held and abs(len(held) + len(drawn) - n_test) < abs(len(held) - n_test):
                held.update(drawn)
        if not held:
            first = order[0]
            held.update(copies_of[keys[first]] if keys[first] is not None else [first])
        if len(held) == n:
            # A model trained on nothing: refused, as a date split that
            # leaves a side empty is.
            if n == 1 or len(copies_of) == 1:
                what = "one unit" if n == 1 else f"{n} units, all copies of one text"
                raise ClassifyError(
                    f"split 'random' cannot split {what}: the training side would be empty "
                    f"(use more data, another --unit, or {option('split', 'none')})",
                    source=examples.origin,
                )
            how = _data_setting_hint("test_size", "0.2", key="data.split.test_size")
            raise ClassifyError(
                f"split 'random' with a test share of {test_size} leaves the training side "
                f"empty ({n} units; allowed: a smaller share, {how})",
                source=examples.origin,
            )
        cut = {examples.article_ids[i] for i in held} & {
            examples.article_ids[i] for i in range(n) if i not in held
        }
        if cut and not _CUT_SAID.get():
            # Paragraphs of one article on both sides: the test part reads
            # its own article's words in training (README, Splits).
            how = _data_setting_hint("split", "article", key="data.split.method")
            warn(
                f"split 'random' put units of {len(cut)} article{'s' * (len(cut) != 1)} on both "
                f"sides (first: {sorted(cut)[0]}), so the test part shares articles with "
                f"training; {how} keeps each article whole",
                once="random-split-cut",
            )
        return [i for i in range(n) if i not in held], sorted(held)
    if method == "date":
        if any(d is None for d in examples.dates):
            missing = next(i for i, d in enumerate(examples.dates) if d is None)
            raise ClassifyError(
                f"split 'date' needs a date on every unit; "
                f"{_undated(examples.ids, examples.dates, missing)} "
                f"({_undated_file_hint(examples, missing) or undated_hint()}"
                f"{_other_split_hint()})",
                source=examples.origin,
            )
        # Each date is a range of days (a year, a month or a day); an item
        # is on the earlier side only when its whole range ends before the
        # cutoff, so "2017" is never before a cutoff in 2017.
        ranges = [date_range(str(d)) for d in examples.dates]
        first = parse_cutoff(cutoff, key="split.cutoff") if cutoff else _date_cut(ranges, test_size)
        train = [i for i in range(n) if ranges[i][1] < first]
        earlier = {keys[i] for i in train} - {None}
        later = [i for i in range(n) if ranges[i][1] >= first and keys[i] in earlier]
        if later:
            # A text filed again later is not later news: testing on it
            # would score memory. It goes with its first filing.
            warn(
                f"{len(later)} unit{'s' * (len(later) > 1)} on the test side of the cutoff "
                f"({first}) repeat{'s' * (len(later) == 1)} the text of an earlier unit, or "
                f"an edited copy of it (first: '{examples.ids[later[0]]}', dated "
                f"{examples.dates[later[0]]}) and {'is' if len(later) == 1 else 'are'} put "
                "in training with it: a text filed again is not later news",
                # The split is drawn again inside training (thresholds, the
                # refit): one warning per command.
                once="refiled-later",
            )
            train = sorted(train + later)
        test = [i for i in range(n) if ranges[i][1] >= first and i not in set(later)]
        if later and not test:
            raise ClassifyError(
                f"split 'date' at {first}: every unit from then on repeats the text of an "
                "earlier unit, so no later news is left to test on (a refiled text is not "
                f"later news); label later texts, or {_other_split_hint()}",
                source=examples.origin,
            )
        if not train or not test:
            where = f"cutoff {cutoff}" if cutoff else f"the latest {test_size} of units"
            side = "test" if not test else "training"
            if len({r for r in ranges}) == 1:
                # No cutoff divides one date.
                raise ClassifyError(
                    f"split 'date' at {where} leaves the {side} side empty: every unit is "
                    f"dated {examples.dates[0]}, which no cutoff divides "
                    f"({_other_split_hint()})",
                    source=examples.origin,
                )
            span = f"{min(r[0] for r in ranges)} to {max(r[1] for r in ranges)}"
            # --cutoff, cutoff=, or the config key (train has neither).
            how = _CUTOFF_HINT.get() or _data_setting_hint(
                "cutoff", "DATE", key="data.split.cutoff"
            )
            raise ClassifyError(
                f"split 'date' at {where} leaves the {side} side empty (the units are dated "
                f"{span}; allowed: a cutoff inside that span, {how})",
                source=examples.origin,
            )
        return train, sorted(test)
    if method in ("article", "source", "paragraph"):
        groups = examples.groups(method)
        if method == "source" and (missing := sum(not s for s in examples.sources)):
            # Such a unit may come from an outlet on the other side, so the
            # split tests it on an outlet it may have seen.
            warn(
                f"{missing} of the {n} units name no outlet ('source'): each is grouped "
                "with its own article, not with an outlet, so it may come from an outlet "
                "seen in training",
                once="split-source-missing",
            )
        if method == "source":
            warn_several_outlets(examples)
        # By their texts, not their names: ids and file names do not move the split.
        content = content_keys(groups, examples.texts)
        unique = sorted(set(groups), key=lambda g: (content[g], g))
        if len(unique) < 2:
            raise ClassifyError(
                f"split '{method}' needs at least 2 {method}s, found "
                f"{joined_by_copies(examples, method) or len(unique)} "
                f"(choose the random split: {option('split', 'random')}; "
                "or cross-validation grouped by paragraph)",
                source=examples.origin,
            )
        random.Random(seed).shuffle(unique)
        target = n * test_size
        test_groups: set[str] = set()
        size = Counter(groups)
        taken = 0
        for g in unique:
            # A group is taken where it brings the test side nearer the
            # target share: one large group (many copies) drawn early must
            # not make the test side half the data.
            if abs(taken + size[g] - target) < abs(taken - target):
                test_groups.add(g)
                taken += size[g]
        if not test_groups:
            test_groups.add(min(unique, key=lambda g: size[g]))
        if len(test_groups) == len(unique):
            test_groups.discard(unique[-1])
        train = [i for i, g in enumerate(groups) if g not in test_groups]
        test = [i for i, g in enumerate(groups) if g in test_groups]
        return train, test
    raise ClassifyError(
        f"unknown split '{method}' (allowed: random, article, date, source, column, none)"
    )


def content_keys(groups: Sequence[str], texts: Sequence[str]) -> dict[str, str]:
    """Each group's key for drawing splits and folds: a hash of its units'
    texts (sorted). Drawn in this order, the same rows fall into the same
    parts whatever their ids, their file's name or their order (a
    DataFrame, its CSV and its JSONL give one figure)."""
    texts_of: dict[str, list[str]] = {}
    for g, text in zip(groups, texts):
        texts_of.setdefault(g, []).append(text)
    return {
        g: hashlib.sha256("\x1f".join(sorted(ts)).encode("utf-8")).hexdigest()
        for g, ts in texts_of.items()
    }


def group_kfold(
    groups: Sequence[str], k: int, *, seed: int = 0, texts: Sequence[str] | None = None
) -> list[tuple[list[int], list[int]]]:
    """K folds that never split a group, balanced by size.

    Groups are shuffled with ``seed`` and then placed, largest first, into the
    currently smallest fold, like scikit-learn's GroupKFold but seeded. With
    ``texts`` (one per unit), groups are ordered by their texts before the
    shuffle (:func:`content_keys`), else by their names.
    """
    keys = content_keys(groups, texts) if texts is not None else None
    unique = sorted(set(groups), key=(lambda g: (keys[g], g)) if keys else None)
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


def forward_folds(years: Sequence[str], k: int) -> list[tuple[list[int], list[int]]]:
    """Forward-chaining folds over whole years (rolling-origin evaluation).

    The distinct years are cut, in order, into ``k + 1`` contiguous blocks of
    about equal size in units; fold ``j`` trains on every block before block
    ``j + 1`` and tests on it, so each unit after the first block is tested
    exactly once, by a model that saw only earlier years. This is time-series
    cross-validation (Tashman 2000, "Out-of-sample tests of forecasting
    accuracy", Int. J. Forecasting 16(4); scikit-learn's ``TimeSeriesSplit``)
    with years kept whole, the question of later news asked with more test
    units than one cutoff gives.

    Args:
        years: one year (any sortable string) per unit.
        k: the number of folds, 2 or more.

    Returns:
        ``k`` (train positions, test positions) pairs, earliest test block first.

    Raises:
        ClassifyError: fewer than ``k + 1`` distinct years.
    """
    unique = sorted(set(years))
    if len(unique) < k + 1:
        raise ClassifyError(
            f"forward chaining with {k} folds needs at least {k + 1} distinct years, found "
            f"{len(unique)} (allowed: cv from 2 to {len(unique) - 1})"
            if len(unique) >= 3
            else f"forward chaining needs at least 3 distinct years, found {len(unique)}"
        )
    size = Counter(years)
    n = len(years)
    block_of: dict[str, int] = {}
    seen = 0
    for position, year in enumerate(unique):
        # A year joins the block its middle unit falls in, but every block
        # keeps at least one year, so late years are never squeezed out.
        prev = block_of[unique[position - 1]] if position else 0
        block = min(int((seen + size[year] / 2) * (k + 1) / n), k)
        block = max(block, prev, k - (len(unique) - 1 - position))
        block = min(block, prev + 1 if position else 0)
        block_of[year] = block
        seen += size[year]
    folds = []
    for j in range(1, k + 1):
        train = [i for i, y in enumerate(years) if block_of[y] < j]
        test = [i for i, y in enumerate(years) if block_of[y] == j]
        folds.append((train, test))
    return folds


# -- Hugging Face datasets ------------------------------------------------------------


def to_dataset_dict(examples: Examples, tasks: Sequence[Task], split_of: Sequence[str]):
    """A ``DatasetDict`` with one split per name in ``split_of``, ClassLabel
    features for stance and Sequence(ClassLabel) for topics."""
    from datasets import ClassLabel, Dataset, DatasetDict, DatasetInfo, Features, Value
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
    for name, values in examples.extra.items():
        if name not in columns:
            # Input columns kept as they were written (--keep-columns).
            columns[name], data[name] = Value("string"), values
    if examples.weights is not None:
        # Silver rows stay silver, and weighted, in the saved dataset.
        columns[WEIGHT_COLUMN], columns[SILVER_COLUMN] = Value("float64"), Value("bool")
        data[WEIGHT_COLUMN] = examples.weights
        data[SILVER_COLUMN] = examples.silver or [False] * len(examples)
    for task in tasks:
        if task.target_field and task.target_field in examples.labels:
            # A target-conditioned task's stance target, as written per row.
            columns[task.target_field] = Value("string")
            data[task.target_field] = [
                None if v is None else str(v) for v in examples.labels[task.target_field]
            ]
        if task.field not in examples.labels:
            continue
        # Units unlabelled for this task: -1 (ClassLabel) or None (a list).
        values = examples.labels[task.field]
        labelled = [i for i, v in enumerate(values) if not task.is_unlabelled(v)]
        y = examples.subset(labelled).y(task) if labelled else np.zeros((0, len(task.labels)))
        row_of = dict(zip(labelled, y))
        if task.multilabel:
            columns[task.field] = Seq(ClassLabel(names=list(task.labels)))
            data[task.field] = [
                [int(j) for j in np.flatnonzero(row_of[i])] if i in row_of else None
                for i in range(len(values))
            ]
        else:
            columns[task.field] = ClassLabel(names=list(task.labels))
            data[task.field] = [
                int(np.argmax(row_of[i])) if i in row_of else -1 for i in range(len(values))
            ]
    features = Features(columns)
    # The kept columns are named in the dataset's description, so a reader
    # (this one, on disk or in memory) takes them for no labels.
    info = DatasetInfo(
        description=json.dumps({KEPT_COLUMNS: list(examples.extra)}), features=features
    )
    out = {}
    for name in split_names(split_of):
        idx = [i for i, s in enumerate(split_of) if s == name]
        out[name] = Dataset.from_dict(
            {k: [v[i] for i in idx] for k, v in data.items()},
            features=features,
            info=info if examples.extra else None,
        )
    return DatasetDict(out)


# The key, in a built dataset's description, naming its kept input columns.
KEPT_COLUMNS = "classify_kept_columns"


def _kept_in(ds: Any) -> list[str]:
    """The kept input columns a dataset's description names ([] for none)."""
    try:
        said = json.loads(ds.info.description or "{}")
    except (ValueError, TypeError, AttributeError):
        return []
    kept = said.get(KEPT_COLUMNS) if isinstance(said, dict) else None
    return [str(k) for k in kept] if isinstance(kept, list) else []


_BASE_COLUMNS = ("id", "article_id", "paragraph_id", "text", "date", "source")


def _has_unit_columns(data: Any) -> bool:
    """Whether a Hugging Face Dataset/DatasetDict has the columns of one
    classify built (id, article_id, paragraph_id, text, date, source)."""
    parts = data.values() if hasattr(data, "values") else [data]
    return all(set(_BASE_COLUMNS) <= set(ds.column_names) for ds in parts)


def _load_saved(path: Path) -> Any:
    """The ``Dataset``/``DatasetDict`` saved in folder ``path``.

    Raises:
        ClassifyError: a folder ``datasets`` cannot load.
    """
    from datasets import load_from_disk

    from classify.quiet import quiet_datasets

    try:
        with quiet_datasets():
            return load_from_disk(str(path))
    except Exception as exc:  # datasets raises many types for a damaged folder
        raise ClassifyError(
            f"not a readable saved dataset ({exc.__class__.__name__})", source=path
        ) from None


def load_dataset_dir(path: Path, saved: Any = None) -> Examples:
    """The units of a dataset folder written by ``build_dataset``
    (``save_to_disk``), each with its split; ``dataset.json`` in ``notes``.
    ``saved``: the folder's dataset, where it is loaded already.

    Raises:
        ClassifyError: a folder ``datasets`` cannot load.
    """
    dd = saved if saved is not None else _load_saved(path)
    ex = examples_of_datasets(dd, origin=str(path))
    summary = path / DATASET_SUMMARY
    if summary.is_file():
        built = json.loads(summary.read_text(encoding="utf-8"))
        ex.notes = {**ex.notes, "dataset": built}
        if built.get("unit"):
            # The level it was built at (a table's rows), not one its ids suggest.
            ex.notes["unit"] = built["unit"]
    return ex


def _level_of_ids(ids: Sequence[str], article_ids: Sequence[str]) -> str | None:
    """The unit level classify's own ids say (``a01:p2s1`` sentences,
    ``a01:p2`` paragraphs, an id that is its article's: articles or rows);
    None where they say no one level."""
    if not ids:
        return None
    if all(re.search(r":p\d+s\d+$", str(i)) for i in ids):
        return "sentence"
    if all(re.search(r":p\d+$", str(i)) for i in ids):
        return "paragraph"
    if all(str(i) == str(a) for i, a in zip(ids, article_ids)):
        return "article"
    return None


def examples_of_datasets(data: Any, *, origin: str) -> Examples:
    """Examples from a ``DatasetDict`` (or one ``Dataset``, split ``data``)
    with classify's unit columns; ``ClassLabel`` values become label names
    and -1 (or a None list) unlabelled."""
    from datasets import ClassLabel
    from datasets import Sequence as Seq

    dd = data if hasattr(data, "values") else {"data": data}
    ids, texts, arts, paras, dates, sources, splits = [], [], [], [], [], [], []
    labels: dict[str, list[Any]] = {}
    extra: dict[str, list[Any]] = {}
    weights: list[float] = []
    silver: list[bool] = []
    for split_name, ds in dd.items():
        n = len(ds)
        for name in _kept_in(ds):
            if name in ds.column_names:
                extra.setdefault(name, []).extend(ds[name])
        ids += ds["id"]
        texts += ds["text"]
        arts += ds["article_id"]
        paras += ds["paragraph_id"]
        dates += ds["date"]
        sources += ds["source"]
        splits += [split_name] * n
        names = ds.column_names
        weights += ds[WEIGHT_COLUMN] if WEIGHT_COLUMN in names else [1.0] * n
        silver += ds[SILVER_COLUMN] if SILVER_COLUMN in names else [False] * n
        for fld in ds.features:
            if fld in (*_BASE_COLUMNS, WEIGHT_COLUMN, SILVER_COLUMN, *_kept_in(ds)):
                continue
            feature = ds.features[fld]
            column = ds[fld]
            if isinstance(feature, ClassLabel):
                values = [feature.int2str(v) if v is not None and v >= 0 else None for v in column]
            elif isinstance(feature, (Seq, list)):
                inner = feature.feature if isinstance(feature, Seq) else feature[0]
                values = [
                    None if row is None else [inner.int2str(v) for v in row] for row in column
                ]
            else:
                values = list(column)
            labels.setdefault(fld, []).extend(values)
    ex = Examples(ids, texts, arts, paras, dates, sources, labels, origin=origin, splits=splits)
    ex.extra = {k: v for k, v in extra.items() if len(v) == len(ids)}
    if any(w != 1.0 for w in weights) or any(silver):
        ex.weights, ex.silver = [float(w) for w in weights], [bool(x) for x in silver]
    # Built by classify (its unit columns): a dataset already, at its level.
    ex.notes = {"built": True, **({"unit": u} if (u := _level_of_ids(ids, arts)) else {})}
    return ex


def summarise(examples: Examples, tasks: Sequence[Task], split_of: Sequence[str]) -> dict[str, Any]:
    """Counts per split and label, and the content fingerprint."""
    splits: dict[str, Any] = {}
    for name in split_names(split_of):
        idx = [i for i, s in enumerate(split_of) if s == name]
        part = examples.subset(idx)
        entry: dict[str, Any] = {"n": len(part), "articles": len(set(part.article_ids))}
        if part.silver and any(part.silver):
            entry["silver"] = sum(part.silver)
        for task in tasks:
            if part.has_labels(task):
                labelled = part.for_task(task)
                entry[task.field] = labelled.label_counts(task)
                unlabelled = len(part) - len(labelled)
                if unlabelled:
                    entry[task.field]["(unlabelled)"] = unlabelled
        splits[name] = entry
    return {
        "n": len(examples),
        "articles": len(set(examples.article_ids)),
        # With the split the dataset stores: another split is another dataset.
        "fingerprint": dataclasses.replace(examples, splits=list(split_of)).fingerprint(),
        "splits": splits,
        **{
            k: v
            for k, v in examples.notes.items()
            # (Every unmatched line and its text: for pairing a test part, not a record.)
            if k
            not in (
                "dataset",
                "other_level_labels",
                "unmatched_annotation_all",
                "unmatched_annotation_texts",
            )
        },
    }


def word_counts(texts: Sequence[str]) -> dict[str, int]:
    """``{"median", "p10", "p90"}`` words per text (whitespace tokens; all 0
    for no text), each numpy's (linearly interpolated) percentile rounded to
    the nearest whole word, not cut down to it."""
    counts = np.array([len(str(t).split()) for t in texts] or [0])
    return {
        "median": round(float(np.median(counts))),
        "p10": round(float(np.percentile(counts, 10))),
        "p90": round(float(np.percentile(counts, 90))),
    }


def warn_blank_cells(examples: Examples, tasks: Sequence[Task]) -> None:
    """Warn where empty multilabel cells were read as "not yet labelled"
    beside other filled columns (see :func:`classify.data.blank_label_cells`):
    if they mean "no label", ``[]`` says so whatever else is loaded.

    Args:
        examples: the data as read (its ``notes["blank_label_cells"]``).
        tasks: the tasks of the command; only multilabel ones are concerned.
    """
    blank = examples.notes.get("blank_label_cells") or {}
    empty = examples.notes.get("empty_label_cells") or {}
    for task in tasks:
        n = empty.get(task.field)
        if task.multilabel and n and task.empty_cell == "none":
            warn(
                f"{n} row{'s have' if n > 1 else ' has'} an empty '{task.field}' cell beside "
                f"a filled label, read as no label of '{task.name}' (the empty set); if "
                f"{'they are' if n > 1 else 'it is'} not yet labelled for '{task.name}', set "
                "'empty_cell: unlabelled' in the task file (then [] says no label)"
            )
        found = blank.get(task.field)
        if task.multilabel and found:
            warn(
                f"{found['rows']} {'row has' if found['rows'] == 1 else 'rows have'} an empty "
                f"'{task.field}' cell beside filled columns "
                f"({', '.join(found['beside'])}) and no other label of the tasks loaded, so "
                f"{'it is' if found['rows'] == 1 else 'they are'} unlabelled for '{task.name}' "
                "and left out; if an empty cell there "
                "means no label, write [] in it, or set 'empty_cell: always_none' in the task file"
            )
