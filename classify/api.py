"""The functions behind every command, for notebooks and scripts.

Each returns data (dicts, DataFrames, model objects) and writes files only
where asked; the CLI is a thin layer that parses options, calls one of
these, and prints what comes back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classify.config import (
    TrainConfig,
    changed_values,
    check_evaluation,
    check_folds,
    check_seed,
    load_run_config,
    load_train_config,
    parse_overrides,
)
from classify.data import (
    SPLIT_COLUMN,
    Examples,
    annotation_paths,
    copies,
    copies_across,
    load_examples,
    split_indices,
    summarise,
    to_dataset_dict,
    warn_blank_cells,
    with_column_split,
    without_silver_repeats,
    word_counts,
)
from classify.engines.local import check_output
from classify.errors import (
    ClassifyError,
    a_type,
    column_list,
    in_cli,
    option,
    setting,
    user_stacklevel,
    warn,
    warnings_once,
)
from classify.quiet import quiet_datasets
from classify.semi import REST_BOTH_MIN_WORDS
from classify.store import (
    Classifier,
    Predictions,
    atomic_dir,
    atomic_write_text,
    check_writable,
    load_model,
    must_be_path,
    now,
    refuse_input_as_out,
    write_json,
    write_jsonl,
)
from classify.tables import ReadOptions, Skipped, check_data_type, check_options, python_entry
from classify.targets import (
    no_target_column,
    paired_from_column,
    per_target_metrics,
    target_counts,
    unseen_by,
    unseen_in_folds,
    unseen_targets,
    unseen_targets_note,
    with_targets,
)
from classify.tasks import (
    SHIPPED_TASKS_DIR,
    Task,
    empty_sets,
    fold_label,
    fold_metric,
    label_sets,
    load_task,
)
from classify.text import script_shares
from classify.training import (
    Reporter,
    cross_validate,
    fit,
    renamed,
    train_and_evaluate,
    train_and_test,
    warn_small_test_part,
    without_silver_copies,
)

if TYPE_CHECKING:
    import pandas as pd

PathLike = str | Path
# The shipped task files (package data), the same from any working folder.
DEFAULT_TASKS_DIR = SHIPPED_TASKS_DIR
# Data: one or more paths, or data in memory (a list of texts, a pandas
# Series or DataFrame, a Hugging Face Dataset or DatasetDict; classify.memory).
Data = Any
# A model: its folder, a loaded Classifier, or what train() returned.
ModelLike = Any


def _sources(data: Data, name: str = "data") -> Any:
    """In-memory data as it is; a path or paths as a list of paths; ``name``
    is the argument, for the error on data of another type."""
    from classify.memory import is_in_memory

    if is_in_memory(data):
        return data
    if isinstance(data, (str, os.PathLike)):
        # One string is a path (a config's data.test, an API argument), never
        # a text: a missing one is a missing file, not a one-row table.
        return [Path(data)]
    if data is None:
        raise ClassifyError(f"{name}: no data given (give a path, a list, or data in memory)")
    check_data_type(data, name)
    return list(data)


def _source_names(data: Data) -> list[str]:
    """The sources as strings for a summary: paths, or the in-memory data's
    kind (``DataFrame``)."""
    from classify.memory import describe, is_in_memory

    return [describe(data)] if is_in_memory(data) else [str(p) for p in _sources(data)]


def _with_text_column(options: ReadOptions | None, text_column: str | None) -> ReadOptions:
    """``options`` (default ReadOptions) with ``text_column`` set where given."""
    check_options(options)
    options = options or ReadOptions()
    if text_column is not None:
        options = options.but(text_column=text_column)
    return options


def _test_part(examples: Examples) -> Examples:
    """The ``test`` split of data that comes split (a DatasetDict), the whole
    of it otherwise.

    Raises:
        ClassifyError: split data without a ``test`` split.
    """
    if examples.splits is None or len(set(examples.splits)) < 2:
        # One split (a dataset built with --split none, or one Dataset) is
        # the data; where a model learned from it, evaluate says so.
        return examples
    if "test" not in examples.splits:
        names = ", ".join(sorted(set(examples.splits)))
        raise ClassifyError(
            f"the data has the splits {names} and no 'test' split; pass one split "
            f"({'data[NAME]' if not in_cli() else 'its folder, DATASET/NAME'})",
            source=examples.origin,
        )
    out = examples.subset(i for i, s in enumerate(examples.splits) if s == "test")
    out.origin = f"{examples.origin}['test']"
    return out


# -- datasets -------------------------------------------------------------------------


def default_tasks(tasks: Sequence[PathLike] | PathLike | None = None) -> list[Task]:
    """Task specs from the given files, else the shipped ones (``topic`` and
    ``stance``, package data in ``classify/task_files/``), so label names and
    their order never depend on the working folder.

    Args:
        tasks: task files, or the bare names of shipped tasks (``topic``,
            ``stance``, ``topic-rules``, ``stance-rules``; a bare name is the
            shipped task, as a config's ``task`` key reads it), or one of
            them alone; None or empty for ``topic`` and ``stance``.

    Returns:
        The :class:`Task` s, in file-name order for the shipped ones.
    """
    if isinstance(tasks, (str, Path)):
        tasks = [tasks]  # one task, not the letters of its name
    if tasks:
        from classify.tasks import shipped_tasks

        shipped = shipped_tasks()
        found = []
        for t in tasks:
            if str(t) in shipped:
                found.append(load_task(shipped[str(t)]))
            elif not Path(t).is_file():
                raise ClassifyError(
                    f"task file not found (allowed: a task file, or a shipped task: "
                    f"{', '.join(shipped)})",
                    source=t,
                )
            else:
                found.append(load_task(t))
        return found
    return [load_task(p) for p in sorted(DEFAULT_TASKS_DIR.glob("*.yaml"))]


def write_skipped(
    options: ReadOptions, folder: Path, *, name: str = "skipped.jsonl"
) -> Path | None:
    """``skipped.jsonl`` (or ``name``) in ``folder``: one line per row or
    file left out under ``on_error: skip`` (file, line, reason); None when
    nothing was.

    Args:
        options: the read options whose ``skipped`` list is written.
        folder: the folder to write it into.
        name: the file's name.

    Returns:
        The file written, or None.
    """
    import json

    if not options.skipped:
        return None
    path = folder / name
    from classify.tables import in_file_order

    lines = [json.dumps(s.to_dict(), ensure_ascii=False) for s in in_file_order(options.skipped)]
    atomic_write_text(path, "\n".join(lines) + "\n")
    return path


@python_entry
def build_dataset(
    sources: Data,
    out: PathLike,
    *,
    annotations: PathLike | Sequence[PathLike] | None = None,
    unit: str | None = None,
    split: str = "article",
    test_size: float | None = None,
    seed: int = 0,
    cutoff: str | None = None,
    tasks: Sequence[PathLike] | PathLike | None = None,
    overwrite: bool = False,
    options: ReadOptions | None = None,
    text_column: str | None = None,
    keep_columns: Sequence[str] = (),
) -> dict[str, Any]:
    """Build a Hugging Face ``DatasetDict`` (train/test) from articles or
    tables and gold labels, save it with ``save_to_disk`` and return its
    summary (also written as ``OUT/dataset.json``).

    Args:
        sources: article folders, ``.txt``/``.html`` files, JSONL/CSV/TSV
            tables; or data in memory: a pandas DataFrame (text in
            ``text_column``, labels in the task fields' columns), a list of
            texts (with ``annotations``), or a Hugging Face ``Dataset`` /
            ``DatasetDict`` (a ``DatasetDict`` keeps its own splits).
        out: the folder to write (``save_to_disk`` format plus
            ``dataset.json`` and, where rows were skipped, ``skipped.jsonl``).
        annotations: gold labels for article sources (JSONL/CSV, by unit id
            or text): one file or a list of files (batches; a unit labelled in
            two of them is an error).
        unit: ``article``, ``paragraph`` or ``sentence``; default: table rows
            as they are, articles by paragraph.
        split: ``article`` (default; whole articles on one side), ``random``,
            ``source``, ``date`` (the latest units, or those from ``cutoff``
            on, as test) or ``none``.
        test_size: share of units in the test split, in (0, 1). Default 0.2;
            refused with ``split="none"`` (no test split) and with a
            ``cutoff`` (the cutoff decides the test split).
        seed: seed of the split's shuffle. Default 0.
        cutoff: for ``split="date"``, the first date of the test side
            (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
        tasks: task files giving label names and order, or shipped task
            names (one alone, ``tasks="stance"``, or a list; default: the
            shipped ``topic`` and ``stance``).
        overwrite: replace an existing ``out``; without it an existing
            folder is an error raised before any work.
        options: how files are read (:class:`ReadOptions`); under
            ``on_error="skip"`` bad rows are left out and listed.
        text_column: the column holding the text (tables and DataFrames);
            overrides ``options.text_column``.
        keep_columns: input columns to keep in the dataset beside the units
            (a coder's note, a row's outlet rank; ``"*"`` for every one),
            matched whatever their case, each unit taking its row's (or
            article's) value as text; they are no labels and leave the
            fingerprint as it is.

    Returns:
        The summary: ``n`` units, ``articles``, ``fingerprint``, per split
        ``{"n", "articles", FIELD: {label: count}}``, ``tasks``, ``split``,
        ``unlabelled`` per field, ``skipped`` rows and ``path``.

    Raises:
        ClassifyError: ``out`` exists (without ``overwrite``), unreadable
            data (file and line, or row, named), a label not in its task,
            or a split that leaves one side empty.

    Every ``ClassLabel`` has all of a task's labels, whichever the data
    uses; a unit unlabelled for a task is stored as -1 (or None for a
    multilabel task) and counted.
    """
    if isinstance(sources, Iterator):
        sources = list(sources)  # a generator of paths: read, and recorded, once
    check_seed(seed, option("seed"))
    from classify.dates import parse_cutoff

    if not isinstance(out, (str, os.PathLike)):
        raise ClassifyError(
            f"{option('out', 'PATH')} is the folder to save the dataset in, not "
            f"{a_type(out)}; several DataFrames go in as one: "
            "build_dataset(pd.concat([df1, df2]), 'data/mine')"
        )
    out = Path(out)
    check_writable(out, overwrite=overwrite, folder=True)
    options = _with_text_column(options, text_column)
    from classify.config import SPLITS

    if split not in SPLITS:
        # Before the data is read: its notes would speak of a split never run.
        raise ClassifyError(f"unknown split '{split}' (allowed: {', '.join(SPLITS)})")
    if cutoff is not None and split != "date":
        raise ClassifyError(
            f"{option('cutoff', str(cutoff))} applies to a split by date only, and the split is "
            f"'{split}': add {option('split', 'date')}, or leave the cutoff out"
        )
    if test_size is not None and (split in ("none", "column") or cutoff is not None):
        # Else it would be ignored without a word.
        raise ClassifyError(
            f"{option('test_size', test_size, flag='--test-size')} sets the share of the test "
            + (
                f"split, and {option('split', 'none')} makes none: leave one out"
                if split == "none"
                else f"split, and {option('split', 'column')} takes the data's own: leave one out"
                if split == "column"
                else f"split, and {option('cutoff', str(cutoff))} decides it: leave one out"
            )
        )
    test_size = 0.2 if test_size is None else test_size
    if cutoff is not None:
        # Stored as the day it was read as, in the data's date order.
        order = options.date_order if options is not None else "day-first"
        cutoff = parse_cutoff(cutoff, key="cutoff", date_order=order).isoformat()
    all_tasks = default_tasks(tasks)
    fields = list(dict.fromkeys(f for t in all_tasks for f in task_fields(t))) or None
    examples = load_examples(
        _sources(sources, "sources"),
        annotations=annotations,
        unit=unit,
        options=options,
        # The table's own split column where the split is its.
        label_fields=None if fields is None else fields + [SPLIT_COLUMN] * (split == "column"),
        label_sets=label_sets(all_tasks),
        empty_sets=empty_sets(all_tasks),
        keep_columns=[keep_columns] if isinstance(keep_columns, str) else list(keep_columns),
    )
    if split == "column":
        examples = with_column_split(examples)
    from classify.memory import is_in_memory

    # (A DatasetDict in memory may be one filtered or joined by the user:
    # built again, it keeps its units and split, as data that comes split.)
    if examples.notes.get("dataset") is not None or (
        examples.notes.get("built") and not is_in_memory(sources)
    ):
        # Saving it again would drop what it records of its building (its
        # level, split and cutoff, its sources) and keep its units as they are.
        raise ClassifyError(
            "this is a saved dataset already: train, evaluate and predict read it as it is "
            "(copy the folder to copy it); to build another, give the articles or tables it "
            "was built from",
            source=examples.origin,
        )
    task_specs = [t for t in all_tasks if t.field in examples.labels]
    if not task_specs and fields:
        # A task's labels come from its own column, never from another one
        # read beside it (a stance target, a folder's name under another field).
        _name_the_columns(all_tasks, examples, sources, annotations, unit, options)
        raise _no_task_column(all_tasks, examples, options, shipped=tasks is None)
    if not task_specs:
        task_specs = _infer_tasks(examples)
    for t in task_specs:
        if t.target_field and t.target_field not in examples.labels:
            # train would refuse the dataset; say it before it is written.
            raise no_target_column(t, examples.origin)
    warn_blank_cells(examples, task_specs)
    _warn_split_column(examples)
    # Every label checked against its task before anything is written.
    examples = examples.check_labels(task_specs, options, others_kept=False)
    if examples.splits is not None:
        # Data that comes split (a DatasetDict, a saved dataset) keeps its splits.
        if split not in ("article", "column") or cutoff is not None:
            raise ClassifyError(
                f"the data comes split already (train/test), so {option('split', split)}"
                + (f" and {option('cutoff', cutoff)}" if cutoff is not None else "")
                + " cannot apply to it; give the articles or tables it was built from to "
                "split them another way",
                source=examples.origin,
            )
        split_of = list(examples.splits)
        split_how: dict[str, Any] = {
            "method": "column" if examples.notes.get("split_by_column") else "dataset"
        }
    else:
        from classify.data import _CUT_SAID

        said = _CUT_SAID.set(True)  # the summary counts articles_on_both_sides
        try:
            train_part, test = split_indices(
                examples, split, test_size=test_size, seed=seed, cutoff=cutoff
            )
        finally:
            _CUT_SAID.reset(said)
        split_how = {
            "method": split,
            # A cutoff (or no split) decides the parts: no share was drawn.
            "test_size": None if cutoff is not None or split == "none" else test_size,
            "seed": seed,
            "cutoff": cutoff,
        }
        if len(train_part) + len(test) < len(examples):
            # Silver units dated on the test side, or repeating a gold text,
            # are in neither part (split_indices): not in the dataset.
            split_how["silver_left_out"] = len(examples) - len(train_part) - len(test)
            kept = sorted([*train_part, *test])
            position = {i: k for k, i in enumerate(kept)}
            examples, test = examples.subset(kept), [position[i] for i in test]
        split_of = ["train"] * len(examples)
        for i in test:
            split_of[i] = "test"
        if split == "date" and not cutoff and test:
            from classify.data import date_cut_used

            used, note = date_cut_used(examples.dates, test)
            split_how["cutoff_used"] = used
            if note:
                split_how["cutoff_note"] = note
    dd = to_dataset_dict(examples, task_specs, split_of)
    summary = summarise(examples, task_specs, split_of)
    sides: dict[str, set[str]] = {}
    for article, side in zip(examples.article_ids, split_of):
        sides.setdefault(article, set()).add(side)
    if straddle := sum(len(s) > 1 for s in sides.values()):
        # A line an article shares with others (boilerplate) went with the
        # first article that has it: said, as "whole articles" is the rule.
        summary["articles_on_both_sides"] = straddle
    if found := copies(examples, task_specs):
        found["across_split"] = copies_across(examples.texts, split_of)
        summary["copies"] = found
        _warn_copies(found)
    _warn_split_lacks_labels(summary.get("splits", {}), task_specs, method=split)
    summary.update(
        {
            "sources": _source_names(sources),
            "annotations": examples.label_origin
            if isinstance(annotations, (str, Path))
            else [str(a) for a in annotation_paths(annotations)] or None,
            "split": split_how,
            "tasks": {t.field: list(t.labels) for t in task_specs},
            # Input columns kept beside the units (no labels).
            "kept_columns": list(examples.extra),
            # Tasks whose column the data lacks (a stance-only table), said by the command.
            "tasks_left_out": {
                t.name: {
                    "field": t.field,
                    "multilabel": t.multilabel,
                    # A sheet with some of its 1/0 label columns: which it lacks.
                    "columns_lacking": _columns_lacking(t, sources, options, annotations),
                }
                for t in all_tasks
                if t not in task_specs
            },
            # Per field, every unit unlabelled for it: those kept for another
            # task and those left out with no gold label at all.
            "unlabelled": {
                t.field: sum(t.is_unlabelled(v) for v in examples.labels[t.field])
                + int(summary.get("unlabelled_units_skipped") or 0)
                for t in task_specs
            },
            "skipped": [s.to_dict() for s in options.skipped],
            # How numeric dates and tables were read; a model trained on the
            # dataset keeps them for the raw files it will be given.
            "date_order": options.date_order,
            "read": {
                "text_column": options.text_column,
                "date_column": options.date_column,
                "id_column": options.id_column,
                "delimiter": options.delimiter,
                "encoding": options.encoding,
                # Gold labels read from folder names: `evaluate` on the
                # folder reads them so too.
                "label_from_folder": options.label_from_folder,
            },
            "created": now(),
        }
    )
    if not in_cli():
        # The command prints these; a notebook shows warnings, not prints.
        skipped = summary.get("unlabelled_units_skipped") or 0
        if skipped:
            first = summary.get("unlabelled_units_first") or []
            named = f" ({'first: ' if skipped > len(first) else ''}{', '.join(map(str, first))})"
            warn(
                f"{skipped} unit{'s' if skipped != 1 else ''} without gold labels left out"
                + (named if first else "")
            )
        for fld, n in summary["unlabelled"].items():
            n -= skipped  # those are said above
            if n:
                warn(
                    f"{n} unit{'s are' if n != 1 else ' is'} unlabelled for '{fld}' (kept, "
                    "left out of that task)"
                )
        _warn_annotation_notes(summary)
    with atomic_dir(out, overwrite=overwrite) as tmp:
        with quiet_datasets():
            dd.save_to_disk(str(tmp))
        write_json(tmp / "dataset.json", summary)
        write_skipped(options, tmp)
    summary["path"] = str(out)
    return summary


def _whole_hint(notes: Mapping[str, Any], how: Callable[[str], str]) -> str:
    """How to use gold lines that name whole articles or rows: ``--unit
    article``, or, where they are table rows beside article files, ``--unit
    auto`` (each row whole, the articles cut), which keeps the articles' own
    paragraph labels."""
    if notes.get("unmatched_whole_rows"):
        return f"pass {how('auto')} to use them: it keeps table rows whole and cuts the articles"
    return f"pass {how('article')} to use them"


def _warn_annotation_notes(
    notes: Mapping[str, Any], how: Callable[[str], str] | None = None
) -> None:
    """Warn, in Python, of what the commands print of the annotations:
    those at another unit level and those that matched no unit. ``how``
    spells the setting of a unit level (default: the ``unit`` argument)."""
    how = how or (lambda level: option("unit", level))
    for level, n in (notes.get("other_level_annotations") or {}).items():
        warn(
            f"{n} annotation{'s label' if n != 1 else ' labels'} {level} units, not used at "
            f"this unit level (pass {how(level)} to use {'them' if n != 1 else 'it'})"
        )
    if n := notes.get("unmatched_annotations"):
        # A mistyped id leaves a unit unlabelled: said, as the CLI says it.
        whole = notes.get("unmatched_whole_articles") or 0
        from classify.data import near_ids_hint

        warn(
            f"{n} annotation{'s' if n != 1 else ''} matched no unit (first: "
            f"{', '.join(notes.get('unmatched_annotation_ids') or [])})"
            + near_ids_hint(notes)
            + (
                f"; {whole} of them "
                + (
                    "names a whole article, which is"
                    if whole == 1
                    else "name whole articles, which are"
                )
                + f" cut into smaller units here ({_whole_hint(notes, how)})"
                if whole
                else ""
            )
        )


def _stories(frame: pd.DataFrame) -> Any:
    """Each prediction row's cluster for the bootstrap: its article, with
    articles that share a unit's text joined (:func:`classify.data.join_copies`),
    so fifteen copies of one wire story are one draw, not fifteen: a group
    of copies is as uncertain as the one story it is. Shape ``(n_rows,)``."""
    import numpy as np

    from classify.data import join_copies

    articles = frame["article_id"].astype(str).tolist()
    if "text" in frame.columns:
        # Exact copies: a near-duplicate search over a whole corpus would
        # double analyse's memory for a cluster rule that barely moves.
        articles = join_copies(
            articles, frame["text"].astype(str).tolist(), near=False, apart=False
        )
    return np.asarray(articles, dtype=object)


def _warn_split_lacks_labels(
    splits: Mapping[str, Any], tasks: Sequence[Task], *, method: str = "article"
) -> None:
    """A label with units in the test split and none in train cannot be
    learned from the split as drawn, and one with none in test cannot be
    measured: say so, with what to change."""
    train, test = splits.get("train") or {}, splits.get("test") or {}
    # A date split is moved by its cutoff or share; a seed does not move it.
    move = (
        f"draw another split ({option('cutoff', 'DATE')}, {option('test_size', 'SHARE')})"
        if method == "date"
        # A published split is the data's own: no seed or share moves it.
        else f"the data's own '{SPLIT_COLUMN}' column puts them there; use another split"
        if method == "column"
        else f"draw another split ({option('seed', 'N')}, {option('test_size', 'SHARE')})"
    )
    for task in tasks:
        counts, held = train.get(task.field) or {}, test.get(task.field) or {}
        lost = [x for x in task.labels if not counts.get(x) and held.get(x)]
        if lost and counts:
            warn(
                f"no training unit has the label{'s' * (len(lost) > 1)} "
                f"{', '.join(repr(x) for x in lost)} of '{task.field}' in this split (all "
                f"{sum(held[x] for x in lost)} are in test); {move} "
                "or label more"
            )
        # The other way round: a label the test split lacks has no recall to
        # measure there, so its F1 says nothing (train warns again later).
        absent = [x for x in task.labels if counts.get(x) and not held.get(x)]
        if absent and held:
            warn(
                f"no test unit has the label{'s' * (len(absent) > 1)} "
                f"{', '.join(repr(x) for x in absent)} of '{task.field}' in this split (all "
                f"{sum(counts[x] for x in absent)} are in train): "
                f"{'their' if len(absent) > 1 else 'its'} F1 cannot be measured on "
                f"it; {move} or label more"
            )


def _warn_labels_inherited(examples: Examples) -> None:
    """The note ``dataset build`` prints, for ``train`` and ``evaluate``:
    units cut from labelled rows (or folder-labelled articles) take their
    gold labels, whether or not each says what they say."""
    if not examples.notes.get("labels_inherited"):
        return
    unit = examples.notes.get("unit") or "unit"
    warn(
        f"each {unit} cut from a labelled row (or folder-labelled article) takes its gold "
        f"labels, whether or not it says what they say; to label the {unit}s one by one, "
        f"give an annotation file at that level ({option('annotations', 'FILE')})",
        once="labels-inherited",
    )


def _warn_empty_cells_differ(clfs: Sequence[Classifier], names: Sequence[str]) -> None:
    """Warn where the models' tasks read one multilabel field's lone empty
    cell differently (``empty_cell``): the data is read one way for all, so
    they are compared on the same units, and the way is said."""
    ways: dict[str, dict[str, list[str]]] = {}
    for clf, name in zip(clfs, names):
        if clf.task.multilabel:
            ways.setdefault(clf.task.field, {}).setdefault(clf.task.empty_cell, []).append(name)
    for field_name, by_way in ways.items():
        # Only always_none changes how the table is read; the others are each task's reading.
        if "always_none" in by_way and len(by_way) > 1:
            said = "; ".join(f"{way}: {', '.join(models)}" for way, models in by_way.items())
            warn(
                f"the models' tasks read a lone empty '{field_name}' cell differently ({said}): "
                "the data is read as always_none for all of them, so a row whose only label "
                "cell is empty is a unit with no label for each, and they are compared on "
                "the same units"
            )


def _warn_scored_copies(
    examples: Examples, task: Task, what: str = "", intervals: bool = True, conflicts: bool = True
) -> dict[str, Any]:
    """Warn where units scored (``evaluate``'s data, ``train --test``'s file)
    repeat each other's text, and where a copy carries another gold label;
    the copies found (:func:`classify.data.copies`). ``intervals``:
    bootstrap intervals are computed (not with 0 resamples); ``conflicts``:
    warn of copies with another gold label too (``train`` already has)."""
    found = copies(examples, [task])
    if found:
        # Counted in the figure once per copy, resampled together in its
        # interval: both said, so a figure over re-posted rows is not misread.
        n = found["units"]
        resampled = ", and the 95% intervals resample a text's copies together" if intervals else ""
        warn(
            f"{n} {'unit' if n == 1 else 'units'}{what} repeat{'s' * (n == 1)} the text of "
            f"another unit: the figures count every copy{resampled}; drop the copies first "
            "where they are one item"
        )
        if conflicts:
            _warn_copies(found)
    return found


def _warn_copies(found: dict[str, Any]) -> None:
    """A warning per task where a copy carries another gold label than its
    original (``found`` as :func:`classify.data.copies` gives it)."""
    from classify.data import conflicting_copies_notes

    for note in conflicting_copies_notes(found):
        warn(note)


def _columns_lacking(
    task: Task, sources: Any, options: ReadOptions, annotations: Any = None
) -> str:
    """For a multilabel ``task`` left out of a dataset: where a table among
    ``sources`` (paths) or the gold files has some of its 1/0 label columns
    but not all, ``"; FILE's 1/0 columns for ... lack ..."``; for a
    single-label one, where a table has a column per label, ``"; FILE has a
    column per label ..."``; else ``""``."""
    from classify.annotation import label_columns_hint, partial_columns_hint
    from classify.memory import is_in_memory

    given = [] if sources is None or is_in_memory(sources) else list(_sources(sources, "sources"))
    given += [str(a) for a in annotation_paths(annotations)] if annotations is not None else []
    tables = [p for p in given if Path(p).suffix.lower() in (".csv", ".tsv", ".jsonl")]
    if not task.multilabel:
        # A stance sheet of checkbox columns ("Favour", "Against"): said.
        return label_columns_hint(tables[:4], task, options.encoding)
    return partial_columns_hint(tables[:4], [task], options.encoding)


def _name_the_columns(
    tasks: Sequence[Task],
    examples: Examples,
    sources: Any,
    annotations: Any,
    unit: str | None,
    options: ReadOptions | None,
) -> None:
    """Where the only columns read as labels are the tasks' stance targets
    (a task's ``field`` misspelt beside its ``target_field``), read the data
    again for the gold fields alone, so the error names the table's columns
    (``columns read: id, Tweet, Target, Stance``) rather than the target."""
    targets = {t.target_field for t in tasks if t.target_field}
    if not targets or not set(examples.labels) <= targets:
        return
    load_examples(
        _sources(sources, "sources"),
        annotations=annotations,
        unit=unit,
        options=options,
        label_fields=[t.field for t in tasks],
    )


def _warn_folder_label_on_tables(options: ReadOptions, data: Any) -> None:
    """Warn where a folder label is set and no source is a folder: a table's
    labels are its columns, so the setting does nothing there."""
    from classify.memory import is_in_memory

    field = options.label_from_folder
    if not field:
        return
    from classify.tables import TABLE_SUFFIXES

    sources = [] if is_in_memory(data) else [Path(p) for p in _sources(data)]
    # A folder, or an article file (labelled by the folder it sits in), is one.
    if any(p.is_dir() or p.suffix.lower() not in TABLE_SUFFIXES for p in sources):
        return
    what = ", ".join(p.name for p in sources[:3]) or "the data given"
    # The setting may come from a config's data section, not the command line.
    named = option("label_from_folder", field) + (
        " (or data.label_from_folder)" if in_cli() else ""
    )
    warn(
        f"{named} labels articles by the folder they sit in, and "
        f"no source is a folder ({what}): a table's labels are its columns, so it does "
        "nothing here"
    )


def _no_task_column(
    tasks: Sequence[Task], examples: Examples, options: ReadOptions | None, *, shipped: bool
) -> ClassifyError:
    """The error for data none of whose columns is a task's gold field: the
    fields looked for, the columns read, and the folder label's field where
    it names another."""
    looked = ", ".join(f"'{t.field}' (task '{t.name}')" for t in tasks)
    read = sorted(examples.labels)
    folder = options.label_from_folder if options is not None else None
    task_file = option("tasks", "FILE", flag="--task")
    hint = (
        (
            f"; {option('label_from_folder', folder)} labels the field '{folder}', which no "
            f"task reads: pass the task file whose 'field' is '{folder}' ({task_file})"
            if shipped
            else f"; {option('label_from_folder', folder)} labels the field '{folder}', which "
            f"no task reads: give the task's field "
            f"({option('label_from_folder', tasks[0].field)})"
        )
        if folder and folder not in {t.field for t in tasks}
        else f"; pass the task file of your labels ({task_file})"
        if shipped
        else f"; name the label column '{tasks[0].field}', or set the task file's 'field' to "
        "the column's name"
    )
    return ClassifyError(
        f"the data has no label column for the tasks: looked for {looked}"
        + (f", read only {', '.join(repr(r) for r in read)}" if read else "")
        + hint,
        source=examples.origin,
    )


def _infer_tasks(examples: Examples) -> list[Task]:
    """Label sets read off the data where no task files are at hand."""
    tasks = []
    for fld, values in examples.labels.items():
        multilabel = any(isinstance(v, list) for v in values if v is not None)
        names = sorted(
            {x for v in values if v is not None for x in (v if isinstance(v, list) else [v])}
        )
        if len(names) < 2:
            names = [*names, *(["(other)"] if len(names) < 2 else [])]
        tasks.append(
            Task(fld, "multilabel" if multilabel else "multiclass", tuple(names), field=fld)
        )
    return tasks


# -- training -----------------------------------------------------------------------------


@dataclass
class TrainResult:
    """What :func:`train` returns.

    Attributes:
        model: the fitted :class:`Classifier` (a TrainResult itself is
            accepted wherever a model is).
        metrics: the held-out or cross-validated figures (``metrics.json``).
        path: the model folder, or None with ``save=False``.
        config: the resolved :class:`TrainConfig`.
    """

    model: Classifier
    metrics: dict[str, Any]
    path: Path | None
    config: TrainConfig

    def __repr__(self) -> str:
        # A notebook shows this after every train(); the full metrics and
        # config are one attribute away.
        metric = self.model.task.metric
        value = self.metrics.get(metric)
        shown = "n/a" if value is None else f"{value:.3f}"
        # A macro average over fewer labels than the task has says so here too.
        undefined = len(self.metrics.get("undefined_labels") or [])
        k = len(self.metrics.get("per_label") or {})
        over = (
            f", {k - undefined} of {k} labels" if undefined and metric.startswith("macro") else ""
        )
        return (
            f"TrainResult({self.config.name or self.model.family}: {metric}={shown} "
            f"(n={self.metrics.get('n')}{over}), "
            f"path={str(self.path) if self.path else None!r})"
        )


def _named_as_given(error: ClassifyError, **given: Any) -> ClassifyError:
    """``error`` naming the argument or option a key came from (``task=``,
    ``--task``) where it blames an override the call made of it."""
    message = str(error)
    for key, value in given.items():
        if value is None:
            continue
        blamed = re.compile(
            rf"\('{re.escape(key)}' given (?:in overrides|on the command line), "
            r"(?:not in the file|over the file's line \d+)\)"
        )
        if blamed.search(message):
            return ClassifyError(blamed.sub(f"(given as {option(key, value)})", message))
    return error


def load_config(
    config: PathLike | TrainConfig, overrides: Mapping[str, Any] | Sequence[str] | None = None
) -> TrainConfig:
    """A model config from a YAML file, with ``overrides`` applied.

    Args:
        config: a config file, or a :class:`TrainConfig` (returned as is).
        overrides: ``{"model.params.C": 2}`` or ``["model.params.C=2"]``.

    Returns:
        The validated :class:`TrainConfig`.

    Raises:
        ClassifyError: a missing file or a bad key (file and key named).
    """
    if isinstance(config, TrainConfig):
        return config
    if not isinstance(config, (str, os.PathLike)):
        raise ClassifyError(
            f"the config is a model config file (configs/stance-best.yaml) or a TrainConfig, "
            f"not {a_type(config)}; the data to train on goes in data= "
            "(train('configs/stance-best.yaml', data=df))"
        )
    if overrides is not None and not isinstance(overrides, Mapping):
        overrides = parse_overrides(list(overrides))
    return load_train_config(config, overrides)


@python_entry
@warnings_once
def train(
    config: PathLike | TrainConfig,
    *,
    data: Data = None,
    out: PathLike | None = None,
    overrides: Mapping[str, Any] | Sequence[str] | None = None,
    cv: int | None = None,
    group: str | None = None,
    overwrite: bool = False,
    save: bool = True,
    refit: bool | None = None,
    report: Reporter | None = None,
    test: Data = None,
    text_column: str | None = None,
    unlabelled: PathLike | Sequence[PathLike] | None = None,
    task: PathLike | None = None,
    calibration: str | None = None,
    annotations: PathLike | Sequence[PathLike] | None = None,
) -> TrainResult:
    """Train one model from a config, evaluate it, and save its folder.

    Args:
        config: a model config (``configs/topic-tfidf.yaml``) or a
            :class:`TrainConfig`.
        data: labelled data (default: the config's ``data.path``): JSONL/CSV
            files, a dataset folder, articles (with ``data.annotations``); or
            in memory: a pandas DataFrame (text in ``text_column``, labels in
            the column named by the task's ``field``, e.g. ``topics`` or
            ``stance``) or a Hugging Face ``Dataset``/``DatasetDict`` (a
            ``DatasetDict``'s ``train``/``test`` splits are the held-out
            split).
        out: the model folder (default ``models/CONFIG-NAME``).
        overrides: config values to change, ``{"model.params.C": 2}``;
            the read settings other than ``text_column`` go here too, as
            a config's ``data`` section holds them: ``{"data.id_column":
            "doc", "data.date_column": "published", "data.date_order":
            "month-first"}`` (``train`` takes no ``options``).
        cv: K-fold cross-validation (grouped) instead of a held-out split.
        group: what CV folds keep whole: ``auto`` (article, else
            paragraph), ``article``, ``paragraph``, ``source``, ``date``,
            ``none``.
        overwrite: replace an existing ``out``; without it an existing
            folder is an error raised before any work.
        save: write the model folder (False: only return the model; with
            ``out`` given it is an error).
        refit: refit the saved model on every labelled item after
            evaluation (default: the config's ``refit``, True): a
            ``DatasetDict``'s or saved dataset's ``test`` rows too, so
            ``evaluate(model, data)`` on them afterwards scores training
            rows (it warns; ``refit=False`` keeps them out).
        report: a progress callback ``report(stage, done, total)``.
        test: a published test set (a path or in-memory data like
            ``data``): train on all of ``data`` (its own ``test`` split
            too, with a warning), score on this.
        text_column: the column holding the text (sets
            ``data.text_column``).
        unlabelled: unlabelled pool(s) for teacher-student self-training
            (paths: JSONL/CSV files, article folders), as ``--unlabelled``:
            they replace the config's ``data.unlabelled``; settings under
            ``self_training``.
        task: a task file (a YAML of your own labels and column) that
            replaces the config's task, as ``--task FILE``.
        calibration: ``none``, ``temperature`` or ``platt``, as
            ``--calibration`` (sets the config's ``calibration``).
        annotations: gold label file(s) for article sources in ``data``, as
            ``--annotations`` (they replace ``data.annotations``).

    Returns:
        A :class:`TrainResult`: ``model``, ``metrics`` (``macro_f1``,
        ``ci95`` 95% cluster-bootstrap intervals, ``baseline``,
        ``per_label``...; scores are fractions in [0, 1], an undefined one
        None), ``path`` and ``config``.

    Raises:
        ClassifyError: ``out`` exists (without ``overwrite``), no or
            unreadable data, no labels for the task, a bad config key, or
            ``data.split.method: none`` with neither ``test`` nor ``cv``.

    The figures in ``metrics.json`` always come from the held-out split (or
    the cross-validation). Afterwards the saved model is refitted on every
    labelled item (``refit=True``) with thresholds and calibration from
    out-of-fold predictions; ``refit=False`` keeps the model that was
    evaluated (after cross-validation there is none, so it always refits).
    """
    import time

    from classify.training import refuse_multiprocess_launch

    started = time.perf_counter()
    refuse_multiprocess_launch()
    if out is not None:
        must_be_path(out, "out")
        if not save:
            raise ClassifyError(
                "out is given with save=False, which writes nothing: drop one of them"
            )
    check_data_type(data)
    if not in_cli():
        # In Python, a missing file is named by the argument that gave it.
        for name, given in (("data", data), ("test", test)):
            if isinstance(given, (str, os.PathLike)) and not Path(given).expanduser().exists():
                raise ClassifyError(f"{name}: file not found", source=given)
    if overrides is not None and not isinstance(overrides, Mapping):
        overrides = parse_overrides(list(overrides))
    if task is not None:
        must_be_path(task, "task")
        overrides = {**(overrides or {}), "task": str(task)}
    if calibration is not None:
        allowed = ("none", "temperature", "platt")
        if calibration not in allowed:
            raise ClassifyError(
                f"{option('calibration')} is {calibration!r} (allowed: {', '.join(allowed)})"
            )
        overrides = {**(overrides or {}), "calibration": calibration}
    if annotations is not None:
        paths = [annotations] if isinstance(annotations, (str, os.PathLike)) else annotations
        for path in paths:
            must_be_path(path, "annotations")
            if not Path(path).exists():
                raise ClassifyError(f"{option('annotations')}: file not found", source=path)
        # From the working folder, as data is (not from the config's folder).
        overrides = {
            **(overrides or {}),
            "data.annotations": [str(Path(path).resolve()) for path in paths],
        }
    try:
        cfg = load_config(config, overrides)
    except ClassifyError as exc:
        raise _named_as_given(exc, task=task, calibration=calibration) from None
    order_given = _date_order_given(config, overrides)
    if unlabelled is not None:
        cfg = _with_pools(cfg, unlabelled)
    if text_column is not None:
        cfg.data.text_column = text_column
    if refit is not None:
        cfg.refit = refit
    # Under `accelerate launch` / `torchrun` every process trains its share;
    # only the first writes the model folder.
    save = save and is_main_process()
    if cv is not None:
        check_folds(cv, option("cv"))
        cfg.evaluation.cv = cv
    if group is not None and cfg.evaluation.cv < 2 and cfg.data.test is None:
        # The held-out split is data.split's; a group only shapes folds, so
        # the config keeps its own (and the model records no change).
        others = [m for m in ("article", "source", "date") if m != cfg.data.split.method]
        how = setting("data.split.method", others[0])
        warn(
            f"{option('group')} has no effect without {option('cv', 'K')}: the held-out "
            f"split is data.split (method '{cfg.data.split.method}'); to keep whole "
            f"groups on one side another way, use {how} (or {others[1]})"
        )
    elif group is not None:
        cfg.evaluation.group = group  # type: ignore[assignment]
    if cfg.evaluation.cv >= 2:
        # After cross-validation no evaluated model is kept: the saved model
        # is always fit on every labelled unit, whatever refit says.
        cfg.refit = True
    check_evaluation(cfg, source=cfg.source)
    if data is None and cfg.data.path is not None and not Path(cfg.data.path).exists():
        # Named as the config names it: the user typed it there.
        raise ClassifyError(
            f"key 'data.path': file not found ({cfg.data.path}; relative paths are relative "
            f"to the config file)",
            source=cfg.source,
        )
    missing_test = cfg.data.test is not None and not Path(cfg.data.test).exists()
    if test is None and missing_test and cfg.evaluation.cv < 2:
        from classify.config import overridden_keys

        set_here = "data.test" in overridden_keys(overrides)
        raise ClassifyError(
            f"key 'data.test': file not found ({cfg.data.test}"
            + (")" if set_here else "; relative paths are relative to the config file)"),
            source=None if set_here else cfg.source,
        )
    data = data if data is not None else cfg.data.path
    if data is None:
        raise ClassifyError(
            f"no training data: pass {option('data', 'PATH')} or set data.path", source=cfg.source
        )
    out_path = Path(out) if out is not None else Path("models") / cfg.name
    if save:
        check_writable(out_path, overwrite=overwrite, folder=True)
    unit = None if cfg.data.unit == "auto" else cfg.data.unit
    read = ReadOptions.from_config(cfg.data)
    read.date_order_given = order_given
    if text_column is not None:
        read.given = frozenset({"text_column"})  # named in this call, not the config
    by_column = cfg.data.split.method == "column" and test is None and cfg.data.test is None
    examples = load_examples(
        _sources(data),
        annotations=cfg.data.annotations,
        unit=unit,
        options=read,
        # The field a single-label task is learned jointly with (`joint`),
        # and the table's own split column where the split is its.
        label_fields=cfg.label_fields() + [SPLIT_COLUMN] * by_column,
        label_sets=label_sets([cfg.task]),
        empty_sets=empty_sets([cfg.task]),
    )
    if by_column:
        examples = with_column_split(examples)
        split_cfg = cfg.data.split
        unused = [f"test_size {split_cfg.test_size}"] * (split_cfg.test_size != 0.2) + [
            f"cutoff {split_cfg.cutoff}"
        ] * (split_cfg.cutoff is not None)
        if unused:
            # The column decides the parts: said, never ignored without a word.
            warn(
                f"data.split.{' and data.split.'.join(unused)} "
                f"{'does' if len(unused) == 1 else 'do'} nothing with data.split.method "
                "'column': the data's 'split' column decides the parts",
                once="column-split-settings",
            )
    if not examples.has_labels(cfg.task):
        if cfg.task.field not in examples.labels:
            _name_the_columns([cfg.task], examples, data, cfg.data.annotations, unit, read)
            raise _no_task_column([cfg.task], examples, read, shipped=False)
        raise ClassifyError(f"the data has no '{cfg.task.field}' labels", source=examples.origin)
    _warn_folder_label_on_tables(read, data)
    _warn_unseen_labels(examples, cfg.task)
    _warn_copies(copies(examples, [cfg.task]))
    warn_blank_cells(examples, [cfg.task])
    _warn_labels_inherited(examples)
    if test is None and cfg.data.test is None:
        _warn_split_column(examples)
    built_order = (examples.notes.get("dataset") or {}).get("date_order")
    if built_order and built_order != cfg.data.date_order:
        if order_given:
            # The dataset's dates were already read; a model told another
            # order would read new files unlike its training data.
            name, source = _given_as("date_order", overrides, cfg)
            raise ClassifyError(
                f"{name} is {cfg.data.date_order}, but the saved dataset "
                f"{examples.origin} was built reading dates {built_order}; drop it (the "
                f"model then reads {built_order}), or rebuild the dataset with "
                f"{_rebuild_with('date_order', cfg.data.date_order)}",
                source=source,
            )
        # A saved dataset's dates were read in the order it was built with;
        # the model remembers it for the raw files it will be given.
        cfg.data.date_order = built_order
    built = examples.notes.get("dataset")
    if built is not None and cfg.data.date_column is not None:
        built_column = (built.get("read") or {}).get("date_column")
        if cfg.data.date_column != built_column:
            # As for the order: the dates were read when the dataset was built.
            how = f"'{built_column}'" if built_column else "the usual date columns"
            name, source = _given_as("date_column", overrides, cfg)
            raise ClassifyError(
                f"{name} is '{cfg.data.date_column}', but the saved dataset "
                f"{examples.origin} was built reading dates from {how}; drop it (the model "
                f"then reads {how}), or rebuild the dataset with "
                f"{_rebuild_with('date_column', cfg.data.date_column)}",
                source=source,
            )
    from classify.config import ReadConfig

    defaults = ReadConfig()
    from classify.config import overridden_keys

    split_given = sorted(k for k in overridden_keys(overrides) if k.startswith("data.split"))
    if built is not None and split_given and examples.splits is not None:
        warn(
            f"{', '.join(split_given)} has no effect on the saved dataset {examples.origin}: "
            "its train and test parts were cut when it was built; build it again with "
            "another split ("
            + _rebuild_with("test_size", 0.3)
            + f", or a cutoff), or use {option('cv', 'K')}"
        )
    if built is not None:
        for key in ("text_column", "id_column"):
            mine = getattr(cfg.data, key)
            theirs = (built.get("read") or {}).get(key) or getattr(defaults, key)
            if mine != getattr(defaults, key) and mine != theirs:
                # The dataset's texts and ids were read when it was built; a
                # model told another column would look for it in new files.
                name, source = _given_as(key, overrides, cfg)
                if text_column is not None and key == "text_column":
                    name, source = option("text_column"), None
                raise ClassifyError(
                    f"{name} is '{mine}', but the saved dataset {examples.origin} was built "
                    f"reading its {key.split('_')[0]}s from '{theirs}'; drop it (the model then "
                    f"reads '{theirs}'), or rebuild the dataset with {_rebuild_with(key, mine)}",
                    source=source,
                )
    from_dataset = []
    for key, value in ((examples.notes.get("dataset") or {}).get("read") or {}).items():
        # So do its columns, delimiter and encoding, where the config names none.
        if value is not None and getattr(cfg.data, key, None) == getattr(defaults, key, None):
            setattr(cfg.data, key, value)
            from_dataset.append(f"data.{key}")
    # Units unlabelled for this task are left out of training and evaluation.
    examples = with_targets(examples.check_labels([cfg.task], read).for_task(cfg.task), cfg.task)
    # Silver rows that repeat a gold unit's text add nothing (the gold label
    # stands): out before anything is split, fit or counted.
    examples = without_silver_repeats(examples)
    with _config_errors(cfg.source):
        test_path = test if test is not None else cfg.data.test
        test_unlabelled = 0  # test units left out for want of this task's label
        if test_path is not None and cfg.evaluation.cv >= 2:
            # The model card says cross-validation; the test file must not
            # seem scored (review 39d).
            warn(
                f"cross-validation ({cfg.evaluation.cv} folds) tests the training data, so the "
                f"test data ({test_path}) is not used; leave out {option('cv', 'K')} to test "
                "on it, or evaluate the saved model on it (classify evaluate)"
            )
        if test_path is not None and cfg.evaluation.cv < 2:
            test_examples = _test_part(
                test_read := load_examples(
                    _sources(test_path, "test"),
                    # One gold file may label both parts (a folder of
                    # articles has no labels of its own).
                    annotations=cfg.data.annotations,
                    unit=unit,
                    options=read,
                    label_fields=task_fields(cfg.task),
                    label_sets=label_sets([cfg.task]),
                    empty_sets=empty_sets([cfg.task]),
                )
            )
            if not test_examples.has_labels(cfg.task):
                raise ClassifyError(
                    f"the test data has no '{cfg.task.field}' labels",
                    source=test_examples.origin,
                )
            if cfg.data.annotations:
                examples.notes = _matched_in(examples.notes, test_read)
            kept = test_examples.check_labels([cfg.task], read).for_task(cfg.task)
            # Those left out when read (no label of any task) and those
            # without this task's label (a blank cell beside another task's),
            # as for_task counts them (checks 165, 167).
            test_unlabelled = kept.notes.get("unlabelled", {}).get(cfg.task.field, 0)
            test_examples = with_targets(scored_units(kept, "the test data"), cfg.task)
            test_copies = _warn_scored_copies(
                test_examples,
                cfg.task,
                what=" of the test data",
                intervals=cfg.evaluation.bootstrap > 0,
            )
            from classify.store import other_scripts, other_scripts_message

            # As evaluate says it of a saved model: text in a script the
            # training data has almost none of.
            test_scripts = other_scripts(
                script_shares(list(examples.texts)), list(test_examples.texts)
            )
            if test_scripts:
                warn(other_scripts_message(test_scripts, "of the test data"))
            if examples.splits and "test" in examples.splits:
                # A saved dataset's or DatasetDict's own test rows: the named
                # test data replaces that split, so they train the model.
                own = sum(s == "test" for s in examples.splits)
                warn(
                    f"the data has a test split of its own ({own} units): with the named test "
                    "data they are trained on, as its train rows are; give only the train "
                    "rows to keep them out of training"
                )
            # Silver rows repeating a test text never train the model: out
            # before it is fit, so counts and the overlap check agree.
            given = len(examples)
            examples = without_silver_copies(examples, test_examples)
            fitted, metrics, preds = train_and_test(
                cfg, examples, test_examples, report=report, named_test=True
            )
            if given > len(examples) or "silver_left_out" in metrics["evaluation"]:
                ev = metrics["evaluation"]
                ev.setdefault("silver_in_train", 0)
                ev["silver_left_out"] = ev.get("silver_left_out", 0) + given - len(examples)
            metrics["evaluation"]["data"] = _absolute_origin(test_examples.origin)
            metrics["evaluation"]["data_kind"] = _origin_kind(test_examples.origin)
            if test_copies:
                metrics["copies"] = {
                    k: v for k, v in test_copies.items() if k in ("units", "conflicting")
                }
            if test_scripts:
                metrics["other_scripts"] = test_scripts
            if read_notes := _read_notes(test_read.notes):
                # How the test files were read: said as the training files' is.
                metrics["data_notes"] = read_notes
            _check_test_overlap(metrics, examples, test_examples)
            trained_on, refitted = examples, False
        elif cfg.evaluation.cv >= 2:
            metrics, preds = cross_validate(
                cfg, examples, k=cfg.evaluation.cv, group=cfg.evaluation.group, report=report
            )
            # Every unit is scored once: copies among them count once each,
            # as evaluate says of the data it scores.
            if cv_copies := _warn_scored_copies(
                examples.gold_and_silver()[0],
                cfg.task,
                intervals=cfg.evaluation.bootstrap > 0,
                conflicts=False,
            ):
                metrics["copies"] = {
                    k: v for k, v in cv_copies.items() if k in ("units", "conflicting")
                }
            fitted = fit(cfg, examples, report=report)
            trained_on, refitted = examples, True
        else:
            fitted, metrics, preds = train_and_evaluate(cfg, examples, report=report)
            trained_on, refitted = _train_part(cfg, examples), False
            if cfg.refit and len(trained_on) < len(examples):
                fitted = fit(cfg, examples, report=renamed(report, "refitting on all data"))
                trained_on, refitted = examples, True
    from classify.evaluation import all_labels_note, below_majority_note

    if note := all_labels_note(metrics):
        warn(note)
    if note := below_majority_note(metrics):
        warn(f"on the evaluation data, {note}")
    repeated = examples.notes.get("silver_repeating_gold", 0)
    if repeated:
        # Left out before the split (without_silver_repeats): the record says so.
        from classify.training import silver_record

        record = fitted.silver_data or silver_record(cfg, examples, None)
        fitted.silver_data = {**record, "silver_repeating_gold": repeated}
    from classify.models import get_family

    learns = get_family(cfg.model.family).uses_labels
    saved_how = (
        "saved model refitted on all labelled items after evaluation"
        if refitted and learns
        else "saved model: the family learns nothing from labels, so refitting on all "
        "labelled items changes only what is tuned on them (thresholds, calibration)"
        if refitted
        else "saved model is the one evaluated (fit on all training data, "
        f"tested on {_source_names(test_path)[0]})"
        if test_path is not None and cfg.evaluation.cv < 2
        else "saved model is the one evaluated (fit on the training split only)"
    )
    # metrics.json says it too: its figures are of the evaluated model.
    metrics["evaluation"]["saved_model"] = saved_how
    # What was evaluated, as `evaluate` records it, so the figures read apart
    # from the folder's model.json.
    metrics["evaluation"]["model_name"] = cfg.name
    metrics["evaluation"]["family"] = fitted.model.family
    if few := (fitted.tuning or {}).get("kept_default"):
        from classify.training import MIN_POSITIVES_TO_TUNE

        shown = ", ".join(f"{lab} ({n})" for lab, n in few.items())
        warn(
            f"thresholds kept at the default {cfg.thresholds.default}, not tuned, for labels with "
            f"under {MIN_POSITIVES_TO_TUNE} positives among the held-out units they are tuned "
            f"on: {shown}; label more units of these labels (the model card names them)"
        )
    tested = test_examples if test_path is not None and cfg.evaluation.cv < 2 else examples
    metrics["evaluation"]["units_fingerprint"] = _units_fingerprint(
        preds.ids, dict(zip(tested.ids, tested.texts))
    )
    if cfg.task.target_field:
        known = dict(zip(examples.ids, examples.labels[cfg.task.target_field]))
        if test_path is not None and cfg.evaluation.cv < 2:
            known.update(zip(test_examples.ids, test_examples.labels[cfg.task.target_field]))
        # Against the units the evaluated model learned from (its training
        # part), so a target only in the test part is said to be new.
        # (After a refit the saved model has seen them all; the evaluated one
        # was fit on the training part alone.)
        held_out = metrics["evaluation"].get("method") != "cv"
        evaluated_on = (
            examples
            if test_path is not None
            else _train_part(cfg, examples)
            if refitted and held_out
            else trained_on
        )
        trained_targets = (
            target_counts(evaluated_on.labels[cfg.task.target_field]) if held_out else None
        )
        preds.targets = [known[i] for i in preds.ids]
        metrics["per_target"] = per_target_metrics(
            cfg.task,
            preds.targets,
            preds.y_true,
            preds.y_pred,
            trained=trained_targets,
        )
        if trained_targets is not None:
            # Every training unit, those of targets with no test unit too.
            metrics["per_target_n_train"] = sum(trained_targets.values())
        unseen = unseen_targets(metrics["per_target"])
        if not held_out and preds.folds is not None:
            # Cross-validation: a target all of whose units fell in one fold
            # was new to the model that tested it.
            unseen = unseen_in_folds(preds.targets, preds.folds)
        if unseen:
            metrics["unseen_targets"] = unseen
            warn(unseen_targets_note(unseen, cv=not held_out))
    changed = {} if isinstance(config, TrainConfig) else changed_values(config, overrides, cfg)
    if changed and from_dataset:
        # Read settings the saved dataset gave, not values the user changed.
        kept = {k: v for k, v in (changed.get("set") or {}).items() if k not in from_dataset}
        changed = {**changed, "set": kept} if kept else {}
    if test_path is not None and cfg.evaluation.cv < 2 and "refit" in (changed.get("set") or {}):
        # As with --test: the evaluated model already saw all of the data.
        warn(
            "refit has no effect with a test file (data.test): the model evaluated on it is "
            "fit on all of the data and is the one saved"
        )
        kept = {k: v for k, v in changed["set"].items() if k != "refit"}
        changed = {**changed, "set": kept} if kept else {}
    if changed and built is not None and split_given and examples.splits is not None:
        # Warned of above: the card must not read as if they applied.
        changed = {**changed, "no_effect": split_given}
    model = Classifier(
        task=cfg.task,
        # The fitted model's own family: self-training may route long units
        # to its teacher (a `routed` model around the configured family).
        family=fitted.model.family,
        params=dataclasses.asdict(fitted.model.params),
        model=fitted.model,
        thresholds=fitted.thresholds,
        calibration=fitted.calibration,
        metrics=metrics,
        predictions=preds,
        info={
            "name": cfg.name,
            "config": _config_record(cfg, test, data),
            # The name is the config file's; a model trained with changed
            # values must not pass for the file's own (card, model.json).
            **({"overrides": changed} if changed else {}),
            "training": {
                "data": _absolute_origin(examples.origin),
                "fingerprint": trained_on.fingerprint(),
                # What the saved model has seen, so `evaluate` can tell when
                # test data overlaps it (ids, and hashes of the texts).
                "units": _unit_record(trained_on),
                # The writing systems it learned from, so a text in another
                # (a Russian article for an English model) is warned of.
                "scripts": script_shares(list(trained_on.texts)),
                "n": len(trained_on),
                # Wall-clock seconds of this train call (reading, evaluation,
                # refit, encoding not cached), on the machine it names.
                "seconds": round(time.perf_counter() - started, 1),
                "cpus": os.cpu_count(),
                "refit": saved_how,
                "test": _test_how(cfg, test_path, examples),
                # A saved dataset's own level (paragraph, sentence, row).
                "unit": examples.notes.get("unit")
                or (examples.notes.get("dataset") or {}).get("unit")
                or "dataset",
                # As read, or as the saved dataset was read when it was built.
                **{
                    k: examples.notes.get(k) or (examples.notes.get("dataset") or {}).get(k)
                    for k in (
                        "layouts",
                        "dropped_paragraphs",
                        "dropped_row_paragraphs",
                        "live_blogs",
                        "labels_replaced_by_annotations",
                    )
                    if examples.notes.get(k) or (examples.notes.get("dataset") or {}).get(k)
                },
                "label_counts": trained_on.label_counts(cfg.task),
                # Units that repeat another's text (syndicated copies), each
                # counted in the figures above.
                **({"copies": found["units"]} if (found := copies(trained_on, [cfg.task])) else {}),
                # The days the units span (None: undated), as cross-validation
                # has no train and test parts to date.
                "dates": _date_span(trained_on.dates),
                "undated_units": sum(d is None for d in trained_on.dates),
                **(
                    {"targets": target_counts(trained_on.labels[cfg.task.target_field])}
                    if cfg.task.target_field
                    else {}
                ),
                # Against which a corpus of another kind is noticed (analyse).
                "words": word_counts(trained_on.texts),
                "unlabelled": examples.notes.get("unlabelled", {}).get(cfg.task.field, 0),
                "notes": _data_notes(examples, cfg.task, test_unlabelled=test_unlabelled),
                "skipped": [s.to_dict() for s in read.skipped],
                # Single-label tasks have no thresholds: their held-out
                # predictions, where any, fit the calibration alone.
                **(
                    {"threshold_tuning": fitted.tuning}
                    if cfg.task.multilabel
                    else {"calibration_heldout": fitted.tuning}
                    if fitted.tuning
                    else {}
                ),
            },
            "evaluation": metrics.get("evaluation"),
            "self_training": fitted.self_training,
            **({"joint": fitted.joint} if fitted.joint else {}),
            **({"recency": fitted.recency} if fitted.recency else {}),
            **({"silver_data": fitted.silver_data} if fitted.silver_data else {}),
            "long_units": dataclasses.asdict(cfg.long_units),
        },
    )
    if fitted.joint and not fitted.joint.get("used") and not in_cli():
        # The CLI prints its own note; in Python a warning shows in notebooks.
        import warnings

        warnings.warn(
            f"learned alone, not jointly with '{fitted.joint['field']}': {fitted.joint['reason']}",
            stacklevel=user_stacklevel(),
        )
    path = None
    if save:
        from classify.reports import write_model_documents

        path = model.save(out_path, overwrite=overwrite, documents=write_model_documents)
    if path is not None:
        write_skipped(read, Path(path))
    return TrainResult(model, metrics, path, cfg)


def _warn_split_column(examples: Examples) -> None:
    """Say that a table's own ``split`` column was read as a column only:
    a published split is applied when asked (``split: column``), never
    guessed from a column name."""
    counts = examples.notes.get("split_column")
    if counts:
        parts = ", ".join(f"{k} {v}" for k, v in counts.items())
        from classify.data import _data_setting_hint

        # train sets it by --set (overrides=), dataset build by --split.
        how = _data_setting_hint("split", "column", key="data.split.method")
        warn(
            f"the data has a 'split' column ({parts}) that this split does not apply (its rows "
            f"are all read as one table); {how} (data.split.method: column in a config) takes "
            "its train rows for training and its test rows for testing"
        )


def _absolute_origin(origin: str | None) -> str | None:
    """A data origin as ``Examples.origin`` writes it (paths joined by ", ",
    or the kind of data in memory), its paths made absolute."""
    if not origin:
        return origin
    parts = origin.split(", ")
    if not all(Path(p).expanduser().exists() for p in parts):
        return origin  # data in memory ("DataFrame"), or a name with a comma
    return ", ".join(str(Path(p).expanduser().resolve()) for p in parts)


def _origin_kind(origin: str | None) -> str:
    """What a data origin is, in a word: "folder", "files", "file" or
    "data" (in memory)."""
    parts = (origin or "").split(", ")
    if not origin or not all(Path(p).expanduser().exists() for p in parts):
        return "data"
    if len(parts) > 1:
        return "files"
    return "folder" if Path(parts[0]).expanduser().is_dir() else "file"


def _config_record(cfg: TrainConfig, test: Any, data: Any = None) -> dict[str, Any]:
    """The config as model.json keeps it, with a test file given to the
    call (``--test``) in ``data.test`` and the data given to it (``--data``)
    in ``data.path``: the record reruns the run that was made."""
    record = cfg.to_dict()
    # The config's own paths were read from its folder as paths from the
    # working folder: kept absolute, the record reruns from anywhere.
    written = dict(record.get("data") or {})
    for key in ("path", "test", "annotations"):
        if isinstance(written.get(key), str) and written[key]:
            written[key] = str(Path(written[key]).expanduser().resolve())
        elif isinstance(written.get(key), list):
            written[key] = [
                str(Path(p).expanduser().resolve()) if isinstance(p, str) else p
                for p in written[key]
            ]
    if written:
        record["data"] = written
    if isinstance(data, (str, Path)):
        record["data"] = {**record["data"], "path": str(Path(data).resolve())}
    elif isinstance(data, (list, tuple)) and data and all(isinstance(d, (str, Path)) for d in data):
        paths = [str(Path(d).resolve()) for d in data]
        record["data"] = {**record["data"], "path": paths[0] if len(paths) == 1 else paths}
    elif data is not None and not isinstance(data, (list, tuple)):
        # Data in memory has no path to record; training.data names its kind.
        record["data"] = {**record["data"], "path": None}
    if isinstance(test, (str, Path)):
        record["data"] = {**record["data"], "test": str(Path(test).resolve())}
    elif test is not None:
        # Data in memory has no path to record; training.test names its kind.
        record["data"] = {**record["data"], "test": None}
    return record


def _given_as(
    key: str, overrides: Mapping[str, Any] | None, cfg: TrainConfig
) -> tuple[str, str | None]:
    """How the caller gave the read setting ``data.KEY``, for a message that
    refuses it: the command's flag or the Python override where it was
    given so (with no file to name), else the config key and its file."""
    from classify.config import overridden_keys

    if f"data.{key}" in overridden_keys(overrides):
        return (option(key) if in_cli() else f"overrides['data.{key}']"), None
    return f"data.{key}", cfg.source or None


def _rebuild_with(key: str, value: object) -> str:
    """How to build a dataset again with ``KEY = value``: ``dataset build``'s
    flag, or ``build_dataset``'s argument (its read options where it has no
    argument of that name)."""
    import inspect

    if in_cli():
        return option(key, value)
    if key in inspect.signature(build_dataset).parameters:
        return f"build_dataset(..., {key}={value!r})"
    return f"build_dataset(..., options=ReadOptions({key}={value!r}))"


def _date_order_given(
    config: PathLike | TrainConfig, overrides: Mapping[str, Any] | Sequence[str] | None
) -> bool:
    """Whether ``data.date_order`` was written in the config file or given
    as an override (``--date-order``), not left at its default. A
    :class:`TrainConfig` built in Python counts as given where it is not the
    default."""
    if isinstance(config, TrainConfig):
        return config.data.date_order != "day-first"
    if overrides is not None and not isinstance(overrides, Mapping):
        overrides = parse_overrides(list(overrides))
    return _order_written(config, overrides, "data")


def _order_written(config: PathLike, overrides: Mapping[str, Any] | None, section: str) -> bool:
    """Whether ``SECTION.date_order`` (``data`` of a training config,
    ``read`` of a run config) was written in the config file or given as an
    override (``--date-order``, ``--set SECTION.date_order=``)."""
    from classify.config import overridden_keys

    if f"{section}.date_order" in overridden_keys(overrides):
        return True
    from classify.schema import read_yaml

    try:
        written = read_yaml(Path(config)).get(section)
    except (ClassifyError, AttributeError):
        return False
    return isinstance(written, dict) and "date_order" in written


def _with_pools(cfg: TrainConfig, unlabelled: Any) -> TrainConfig:
    """``cfg`` with ``data.unlabelled`` replaced by ``unlabelled`` (paths,
    relative to the working directory), checked again.

    Raises:
        ClassifyError: ``unlabelled`` is not a path or a list of paths (a
            pool in memory, such as a DataFrame, is not read).
    """
    from classify.config import validate_self_training

    pools = [unlabelled] if isinstance(unlabelled, (str, os.PathLike)) else unlabelled
    if not isinstance(pools, (list, tuple)) or not all(
        isinstance(p, (str, os.PathLike)) for p in pools
    ):
        bad = (
            next((p for p in pools if not isinstance(p, (str, os.PathLike))), pools)
            if isinstance(pools, (list, tuple))
            else pools
        )
        raise ClassifyError(
            f"unlabelled: expected a path or a list of paths (JSONL/CSV files, article "
            f"folders), got {type(bad).__name__}; write a pool in memory to a file first"
        )
    resolved = [str(Path(p).expanduser().resolve()) for p in pools]
    missing = next((p for p in resolved if not os.path.exists(p)), None)
    if missing is not None:
        # Named here, not as a config key: the pool came from the caller.
        raise ClassifyError(
            f"unlabelled pool '{missing}' not found (given as {option('unlabelled', 'PATH')})"
        )
    data = dataclasses.replace(cfg.data, unlabelled=resolved)
    cfg = dataclasses.replace(cfg, data=data)
    validate_self_training(cfg, source=cfg.source or "config")
    return cfg


def _resolved(annotations: str | list[str] | None) -> str | list[str] | None:
    """Annotation file(s) as absolute paths, one file kept a string."""
    paths = [str(p.resolve()) for p in annotation_paths(annotations)]
    return paths if len(paths) > 1 else (paths[0] if paths else None)


@contextlib.contextmanager
def _config_errors(source: object) -> Iterator[None]:
    """A config-key error found while fitting ("key 'model.params.min_df'
    ...: no terms remain") names the config file, as load-time errors do."""
    try:
        yield
    except ClassifyError as exc:
        if exc.source is None and str(exc).startswith("key '"):
            raise ClassifyError(str(exc), source=source) from None
        raise


def _units_fingerprint(ids: Sequence[str], texts: Mapping[str, str]) -> str:
    """A hash of the evaluated units, each id with its text (in any order):
    two models whose predictions share ids but whose units' texts differ
    were tested on other data, which ``compare`` must not pair. ``texts``
    maps each id to its text (an id it lacks counts with no text)."""
    import hashlib

    lines = sorted(f"{u}\t{_text_key(texts.get(u, ''))}" for u in ids)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _text_key(text: str) -> str:
    from classify.semi import text_key

    return text_key(text)


def _rest_keys(text: Any, min_words: int | None = None) -> set[str]:
    """The keys of a text after its title (:func:`classify.semi.rest_keys`,
    of ``min_words`` words or more where given), or none for what is not a
    text: the same item with and without its title is one item."""
    from classify.semi import REST_MIN_WORDS, rest_keys

    if not isinstance(text, str):
        return set()
    return rest_keys(text, REST_MIN_WORDS if min_words is None else min_words)


def _unit_record(examples: Examples, *, sentences: bool = True) -> dict[str, list[str]]:
    # Row positions of in-memory data name no unit: only texts are recorded.
    ids = [] if examples.notes.get("ids_by_position") else list(examples.ids)
    rests = {key for t in examples.texts for key in _rest_keys(t)}
    silver = examples.silver or []
    from classify.semi import folded_key

    return {
        "ids": ids,
        "text_hashes": [_text_key(t) for t in examples.texts],
        "rest_hashes": sorted(rests),
        # Punctuation folded too: a title read into the text and a headline
        # written into it ("Talks resume: ...") are the same item.
        "folded_hashes": sorted({folded_key(t) for t in examples.texts}),
        # Every sentence of the training texts, so their sentences or
        # paragraphs, scored at another unit level, are found as seen.
        **({"sentence_hashes": _sentence_keys(examples.texts)} if sentences else {}),
        # Silver rows of the data, so evaluate counts them as silver overlap.
        **(
            {
                "silver_text_hashes": sorted(
                    {_text_key(t) for t, s in zip(examples.texts, silver) if s}
                )
            }
            if any(silver)
            else {}
        ),
    }


class TrainingOverlapWarning(UserWarning):
    """Evaluation data that the model was trained on: its figures are optimistic.

    Raised as a warning (not an error) by :func:`evaluate` when some units
    share an id or a text with the model's training data; pass
    ``exclude_train=True`` to score only the rest, or silence it with
    ``warnings.simplefilter("ignore", TrainingOverlapWarning)``.

    Attributes:
        args: A one-element tuple with the message, which counts the units.
    """


def _sentence_keys(texts: Iterable[str]) -> list[str]:
    """The folded keys (:func:`classify.semi.folded_key`) of the sentences
    of ``texts`` of 5 words or more (shorter ones, "He said.", recur by
    chance), sorted."""
    from classify.semi import folded_key

    return sorted({folded_key(s) for t in texts for s in _long_sentences(t)})


def _long_sentences(text: Any) -> list[str]:
    """The sentences of ``text`` of 5 words or more, cut paragraph by
    paragraph first, as ``--unit sentence`` cuts them (a headline without a
    full stop is not joined to the next paragraph's first sentence)."""
    import re

    from classify.data import COPY_MIN_WORDS
    from classify.units import split_sentences

    if not isinstance(text, str):
        return []
    return [
        s
        for part in re.split(r"\n+", text)
        if part.strip()
        for s in split_sentences(part)
        if len(s.split()) >= COPY_MIN_WORDS
    ]


def _settings_of(clf: Classifier) -> Any:
    """The model's settings as its card gives them (:func:`classify.reports.shown_settings`)."""
    from classify.reports import shown_settings

    params = clf.info.get("params")
    return shown_settings(params, clf.task.target_field) if isinstance(params, Mapping) else params


def training_overlap(clf: Classifier, examples: Examples) -> list[int]:
    """Positions of ``examples`` the model was trained on: the same text
    (case and spacing folded; for a stance-target task, with its target) as
    a gold unit, or as a silver (pseudo-labelled) unit drawn from its
    unlabelled pool (:func:`silver_overlap`). A shared id alone is no
    overlap (rows numbered 1..N recur across files). Empty where the model
    folder predates the record.

    Args:
        clf: the model (its ``model.json`` training record).
        examples: the units to check.

    Returns:
        Positions into ``examples``, in order.
    """
    training = clf.info.get("training") or {}
    record = training.get("units") or {}
    # Scored at another unit level than trained (rows cut into sentences, a
    # sentence model on whole rows): a unit inside a training text, or
    # holding one, was seen too.
    trained, scored = training.get("unit"), examples.notes.get("unit")
    other_level = bool(trained and scored and trained != scored)
    return _in_record(
        _with_silver_rests(clf, record), examples, _silver_hashes(clf), other_level=other_level
    )


def _with_silver_rests(clf: Classifier, record: Mapping[str, Any]) -> Mapping[str, Any]:
    """A training record with the model's silver texts' bodies after a
    title among its ``rest_hashes``: they count as the gold ones' do."""
    silver_rests = _silver_hashes(clf, "silver_rest_hashes")
    if not silver_rests:
        return record
    return {**record, "rest_hashes": [*(record.get("rest_hashes") or []), *silver_rests]}


def _in_record(
    record: Mapping[str, Any],
    examples: Examples,
    more_hashes: Iterable[str] = (),
    *,
    other_level: bool = False,
) -> list[int]:
    """Positions of ``examples`` whose text key is in a training record
    (:func:`_unit_record`) or in ``more_hashes`` (:func:`_in_training_record`)."""
    # Row positions of in-memory data name no unit: matched by text only.
    return _in_training_record(
        record,
        examples.ids,
        examples.texts,
        more_hashes,
        ids_name_units=not examples.notes.get("ids_by_position"),
        other_level=other_level,
    )


def _in_training_record(
    record: Mapping[str, Any],
    ids: Sequence[Any],
    texts: Sequence[Any],
    more_hashes: Iterable[str] = (),
    *,
    ids_name_units: bool = True,
    titled: bool = True,
    other_level: bool = False,
) -> list[int]:
    """Positions whose text key is in a training record
    (:func:`_unit_record`) or in ``more_hashes``. Ids count only for a
    record without text hashes (model folders that predate them) and where
    ``ids_name_units``: ids numbered 1..N, or made from a file's name and
    line, recur across files that share no unit (review 40). ``titled``:
    the texts may carry a title (whole articles or rows), so a text is also
    found after a title on either side; paragraphs and sentences carry
    none, and a sentence that is the rest of a training paragraph after its
    first sentence is no copy of it. ``other_level``: the texts are units
    of another level than the training ones, so a text whose sentences (of
    5 words or more) are all training sentences or whole training units (a
    sentence or paragraph of a training row; a row scored by a sentence
    model) counts as seen."""
    from classify.semi import folded_key

    hashes = set(record.get("text_hashes") or []) | set(more_hashes)
    folded = set(record.get("folded_hashes") or [])
    # Texts of the record after their title, so an item given without the
    # title it was trained with (or with one it lacked) is still found.
    rests = set(record.get("rest_hashes") or [])
    sentences = set(record.get("sentence_hashes") or []) if other_level else set()
    known = (
        set(record.get("ids") or []) if ids_name_units and not record.get("text_hashes") else set()
    )

    def seen(text: Any) -> bool:
        if not isinstance(text, str):
            return False
        key = _text_key(text)
        if key in hashes or folded_key(text) in folded:
            return True
        if other_level:
            # Every sentence of it a training sentence, or a whole training
            # unit (a sentence model's): one stock sentence shared with an
            # unrelated story ("The ministry did not respond ...") is not.
            keys = [folded_key(s) for s in _long_sentences(text)]
            if keys and all(k in sentences or k in folded for k in keys):
                return True
        if not titled:
            return False
        if key in rests:
            return True
        # After a title on one side: "Talks resume: BODY" against "BODY".
        after = _rest_keys(text)
        if not after.isdisjoint(hashes):
            return True
        # After a title on both sides, two different heads: the same story
        # only where what follows them is long (a title column read into the
        # text, "Talks resume\n\nBODY", against "Talks resume: BODY"), not
        # a closing sentence two stories share.
        return not _rest_keys(text, REST_BOTH_MIN_WORDS).isdisjoint(rests)

    return [i for i, (uid, text) in enumerate(zip(ids, texts)) if uid in known or seen(text)]


def silver_origin(clf: Classifier) -> str:
    """Where a model's silver units came from.

    Args:
        clf: the model (its ``model.json`` records).

    Returns:
        ``pool`` (self-training on an unlabelled pool), ``rows`` (silver
        rows of its training data), ``both``, or ``none``.
    """
    pool = bool((clf.info.get("self_training") or {}).get("silver_text_hashes"))
    rows = bool(((clf.info.get("training") or {}).get("units") or {}).get("silver_text_hashes"))
    return "both" if pool and rows else "pool" if pool else "rows" if rows else "none"


def _silver_hashes(clf: Classifier, key: str = "silver_text_hashes") -> set[str]:
    # Pseudo-labels from a pool (self-training), and silver rows of the data:
    # their whole texts' keys, or (``silver_rest_hashes``) their bodies'
    # after a title.
    pool = (clf.info.get("self_training") or {}).get(key) or []
    rows = ((clf.info.get("training") or {}).get("units") or {}).get(key) or []
    return {*pool, *rows}


def silver_overlap(clf: Classifier, examples: Examples) -> list[int]:
    """Positions of ``examples`` whose text the model learned as a silver
    unit: its unlabelled pool held them, and its teacher's decisions on them
    trained it (transductive use of test text), or a silver row of its
    training data had them; figures on them are optimistic. Empty for a
    model without either, or one whose folder predates the record.

    Args:
        clf: the model (``self_training.silver_text_hashes`` and
            ``training.units.silver_text_hashes`` in its ``model.json``).
        examples: the units to check.

    Returns:
        Positions into ``examples``, in order.
    """
    hashes = _silver_hashes(clf)
    if not hashes:
        return []
    from classify.semi import SameItems

    # With or without its title, on either side (the pool's or the test
    # file's), as the pool's own exclusions match.
    seen = SameItems.from_keys(hashes, _silver_hashes(clf, "silver_rest_hashes"), _text_key)
    return [i for i, text in enumerate(examples.texts) if text in seen]


def overlap_message(n: int, n_silver: int = 0, origin: str = "pool") -> str:
    """The sentence that says test units were in a model's training data.

    Args:
        n: how many units of the data the model was trained on.
        n_silver: how many of them it learned as silver units, their text
            drawn from its unlabelled pool or given as silver rows.
        origin: where its silver came from: ``pool`` (self-training),
            ``rows`` (silver rows of its training data) or ``both``.

    Returns:
        "N of these units were in the model's training data (... as silver
        units ...), so the figures are optimistic".
    """
    message = f"{n} of these units {'was' if n == 1 else 'were'} in the model's training data"
    if n_silver and origin == "rows":
        message += f" ({n_silver} as silver rows of its training data)"
    elif n_silver:
        message += (
            f" ({n_silver} as silver units, pseudo-labelled from its unlabelled pool"
            + (" or given as silver rows of its training data" if origin == "both" else "")
            + ", which held their text; train with --test FILE to keep a test set out of the pool)"
        )
    return message + ", so the figures are optimistic"


def _matched_in(notes: Mapping[str, Any], other: Examples) -> dict[str, Any]:
    """``notes`` of the training data without the annotations that matched
    no unit there but a unit (or article) of ``other``, the test data read
    with the same gold file: those were not lost."""
    unmatched = notes.get("unmatched_annotation_all")
    if not unmatched:
        return dict(notes)
    from classify.data import _norm, loose_text

    there = {str(i) for i in other.ids} | {str(a) for a in other.article_ids}
    texts = notes.get("unmatched_annotation_texts") or {}
    if texts:
        there_text = {_norm(t) for t in other.texts} | {loose_text(t) for t in other.texts}
        there |= {
            u for u, t in texts.items() if _norm(t) in there_text or loose_text(t) in there_text
        }
    left = [u for u in unmatched if u not in there]
    out = {
        **notes,
        "unmatched_annotation_all": left,
        "unmatched_annotations": len(left),
        "unmatched_annotation_ids": left[:5],
    }
    if notes.get("unmatched_whole_articles"):
        out["unmatched_whole_articles"] = min(notes["unmatched_whole_articles"], len(left))
    if not left:
        out.pop("unmatched_near_ids", None)
    return out


def _read_notes(notes: Mapping[str, Any]) -> dict[str, Any]:
    """How article files were read, where they were: ``layouts`` (files per
    layout), ``dropped_paragraphs`` (per file, boilerplate and credits left
    out of the body), ``dropped_row_paragraphs`` (per table) and
    ``live_blogs`` (per live blog, its entries and the days they span)."""
    return {
        k: notes[k]
        for k in ("layouts", "dropped_paragraphs", "dropped_row_paragraphs", "live_blogs")
        if notes.get(k)
    }


def _data_notes(examples: Examples, task: Task, test_unlabelled: int = 0) -> dict[str, Any]:
    """What was left out of the data for ``task``: units unlabelled for it
    (of a test file too, ``test_unlabelled``) and annotations that matched
    no unit (printed by the CLI; in Python, units left out unlabelled are a
    warning, as a notebook shows no print)."""
    notes = examples.notes
    n = notes.get("unlabelled", {}).get(task.field, 0)
    if n and not in_cli():
        warn(
            f"{n} unit{'s are' if n != 1 else ' is'} unlabelled for '{task.field}' and left out "
            "of that task (see 'Labels: unlabelled is not \"no label\"' in the README)",
            once=f"unlabelled:{task.field}",
        )
    if test_unlabelled and not in_cli():
        warn(
            f"{test_unlabelled} test unit{'s are' if test_unlabelled != 1 else ' is'} unlabelled "
            f"for '{task.field}' and left out of the test",
            once=f"test-unlabelled:{task.field}",
        )
    return {
        **({"test_unlabelled": {task.field: test_unlabelled}} if test_unlabelled else {}),
        "unlabelled": {task.field: notes.get("unlabelled", {}).get(task.field, 0)},
        "unmatched_annotations": notes.get("unmatched_annotations", 0),
        "unmatched_annotation_ids": notes.get("unmatched_annotation_ids", []),
        "unmatched_near_ids": notes.get("unmatched_near_ids", []),
        "unmatched_whole_articles": notes.get("unmatched_whole_articles", 0),
        "other_level_annotations": notes.get("other_level_annotations", {}),
        **_read_notes(notes),
    }


def _within(
    report: Any, before: int, done: int, total: int | None, rows: Sequence[Any]
) -> Callable[[int], None] | None:
    """A progress callback for the batches of one chunk of ``rows``: the
    articles counted ``before`` it, plus the share of the chunk's articles
    (``done - before``) its scored rows stand for, so a bar moves within a
    chunk of thousands of units, not only at its end."""
    if not report or not rows:
        return None

    def moved(scored: int) -> None:
        at = before + (done - before) * scored // len(rows)
        if scored < len(rows):  # the chunk's end is reported by the caller
            report("predicting", at, max(total or 0, done))

    return moved


def _test_how(cfg: TrainConfig, test_path: Data, examples: Examples | None = None) -> str:
    """What the scores in the model card were measured on, in words."""
    if cfg.evaluation.cv >= 2:
        return f"{cfg.evaluation.cv}-fold cross-validation over the training data"
    if test_path is not None:
        from classify.memory import is_in_memory

        what = (
            "data"
            if is_in_memory(test_path)
            else "folder"
            if isinstance(test_path, (str, Path)) and Path(test_path).is_dir()
            else "file"
        )
        name = _source_names(test_path)[0]
        return f"the named test {what} {name} (no split of the training data)"
    if examples is not None and examples.notes.get("split_by_column"):
        return f"the rows the data's '{SPLIT_COLUMN}' column names test (its published split)"
    if examples is not None and {"train", "test"} <= set(examples.splits or []):
        # The data's own split (a saved dataset, a DatasetDict), not the config's.
        built = (examples.notes.get("dataset") or {}).get("split") or {}
        cutoff = built.get("cutoff") or built.get("cutoff_used")
        how = (
            f"split, from its table's '{SPLIT_COLUMN}' column"
            if built.get("method") == "column"
            else f"'{built['method']}' split"
            + (
                f", test: items dated on or after {cutoff}"
                if built["method"] == "date" and cutoff
                else ""
            )
            if built.get("method") and built["method"] != "dataset"
            else "split"
        )
        return f"the test split of the dataset (its own {how})"
    split = cfg.data.split
    if split.method == "date":
        when = (
            f"items dated on or after {split.cutoff}"
            if split.cutoff
            else f"the latest {split.test_size:.0%} of items by date"
        )
        return f"a held-out 'date' split of the training data (test: {when})"
    return f"a held-out '{split.method}' split of the training data"


def task_fields(task: Task) -> list[str]:
    """The columns a task reads from the data: its gold field and, for a
    target-conditioned task, the stance target's.

    Args:
        task: the task.

    Returns:
        The field names, the gold field first.
    """
    return [task.field, *([task.target_field] if task.target_field else [])]


def _read_as(task: Task, gold_column: str | None) -> Task:
    """``task`` reading its gold labels from ``gold_column`` (a test file's
    own name for them, ``stance_gold``), for :func:`_gold_named`."""
    import dataclasses

    if gold_column is None:
        return task
    if not isinstance(gold_column, str) or not gold_column.strip():
        raise ClassifyError(f"{option('gold_column')} must be a column name (got {gold_column!r})")
    return dataclasses.replace(task, field=gold_column.strip())


def _read_gold(
    data: Data,
    read: ReadOptions,
    tasks: Sequence[Task],
    *,
    annotations: PathLike | Sequence[PathLike] | None,
    unit: str | None,
    gold_column: str | None,
) -> Examples:
    """The units of ``data`` (a DatasetDict's test split) with the gold
    columns of ``tasks`` (the models' tasks, or one read from
    ``gold_column``: :func:`_read_as`), as evaluate and compare read them."""
    with _gold_column_named(gold_column):
        return _test_part(
            load_examples(
                _sources(data),
                annotations=annotations,
                unit=unit,
                options=read,
                # Only the models' own columns: an error names those, not the others.
                label_fields=list(dict.fromkeys(f for t in tasks for f in task_fields(t))),
                label_sets=label_sets(tasks),
                empty_sets=empty_sets(tasks),
            )
        )


@contextlib.contextmanager
def _gold_column_named(gold_column: str | None) -> Iterator[None]:
    """Data read with ``gold_column``: the reader's error for a missing
    label column, whose advice is to rename it to the task's field, said as
    the column asked for that is not there."""
    try:
        yield
    except ClassifyError as exc:
        columns = re.search(r"no label column '[^']*' \([^;]*; columns read: (.*?)\)", exc.message)
        if gold_column is None or columns is None:
            raise
        raise ClassifyError(
            f"{option('gold_column', gold_column.strip())}: the data has no column "
            f"'{gold_column.strip()}' (columns read: {columns.group(1)})",
            source=exc.source,
        ) from None


def _gold_named(
    examples: Examples, read_as: Task, task: Task, read: ReadOptions | None = None
) -> Examples:
    """``examples`` read with ``read_as`` (:func:`_read_as`), its gold
    column named as ``task`` names it, so it is scored as the task's; its
    labels checked first, so an error names the column they are in.

    Raises:
        ClassifyError: the data has no column ``read_as.field``, or a label
            the task does not have (``on_error: stop``).
    """
    if read_as.field == task.field:
        return examples
    if read_as.field in examples.labels:
        examples = examples.check_labels([read_as], read)
    found = next((k for k in examples.labels if fold_label(k) == fold_label(read_as.field)), None)
    if found is None:
        raise ClassifyError(
            f"{option('gold_column', read_as.field)}: the data has no column '{read_as.field}'"
            + (
                f" (label columns read: {', '.join(map(repr, examples.labels))})"
                if examples.labels
                else ""
            ),
            source=examples.origin,
        )
    labels = {k: v for k, v in examples.labels.items() if k not in (found, task.field)}
    labels[task.field] = examples.labels[found]
    multilabel = examples.multilabel - {found} | ({task.field} if task.multilabel else set())
    renamed = dataclasses.replace(examples, labels=labels, multilabel=frozenset(multilabel))
    unlabelled = dict(renamed.notes.get("unlabelled") or {})
    if found in unlabelled:
        unlabelled[task.field] = unlabelled.pop(found)
        renamed.notes = {**renamed.notes, "unlabelled": unlabelled}
    return renamed


def is_main_process() -> bool:
    """Whether this is the first process of a multi-process run.

    Returns:
        True unless ``RANK`` (set by ``torchrun``/``accelerate``) is not 0.
    """
    return os.environ.get("RANK", "0") == "0"


def _train_part(cfg: TrainConfig, examples: Examples) -> Examples:
    from classify.training import holdout_split

    return holdout_split(cfg, examples)[0]


# -- evaluation and prediction ------------------------------------------------------------


def _as_model(model: ModelLike) -> Classifier:
    """A loaded model from a model folder, a :class:`Classifier` or a
    :class:`TrainResult`.

    Raises:
        ClassifyError: a path that is not a model folder, or another object.
    """
    from classify.store import as_classifier

    return as_classifier(model)


@python_entry
def evaluate(
    model: ModelLike,
    data: Data,
    *,
    out: PathLike | None = None,
    annotations: PathLike | Sequence[PathLike] | None = None,
    unit: str | None = None,
    n_bootstrap: int = 1000,
    seed: int | None = None,
    options: ReadOptions | None = None,
    exclude_train: bool = False,
    overwrite: bool = False,
    text_column: str | None = None,
    by: str | None = None,
    held_out: bool = False,
    gold_column: str | None = None,
) -> dict[str, Any]:
    """Score a model on labelled data.

    Args:
        model: a model folder, a loaded :class:`Classifier` or a
            :class:`TrainResult`.
        data: labelled data: JSONL/CSV/TSV files, a dataset folder, articles
            (with ``annotations``); or in memory: a pandas DataFrame (text in
            ``text_column``, gold labels in the task's ``field`` column), a
            Hugging Face ``Dataset``, or a ``DatasetDict`` (its ``test``
            split is scored).
        out: a folder for ``metrics.json``, ``report.md`` and
            ``report.html`` (nothing is written without it).
        annotations: gold labels for article sources.
        unit: the unit level for articles.
        n_bootstrap: bootstrap resamples for the 95% intervals (0: none).
        seed: bootstrap seed; default
            :data:`classify.evaluation.BOOTSTRAP_SEED` (0), the seed of
            ``train``, ``compare`` and experiments too.
        options: how files are read; default: as the model's training data
            was read (its config's ``data`` section).
        exclude_train: leave out units the model was trained on (the same
            text, case and spacing folded; a shared id alone is no overlap).
        overwrite: replace an existing ``out``; without it an existing
            folder is an error raised before the model is loaded.
        text_column: the column holding the text (tables and DataFrames).
        by: also score each ``year``, ``quarter``, ``month`` (of the
            units' dates) or ``source`` (each outlet an item cites, its
            spellings joined as ``analyse --by source`` joins them) apart,
            with its own intervals (``by`` in the metrics); units without
            one are ``(unknown)``.
        held_out: score the model folder's own held-out predictions (its
            ``predictions.jsonl``: what its ``metrics.json`` and
            ``analyse``'s error rates come from) instead of predicting
            ``data``, which gives their dates and outlets, matched by id
            (the data the model was trained on); with ``by``, how those
            figures and rates vary by year or outlet.
        gold_column: the column of ``data`` holding the gold labels, where
            it is not the task's field (a colleague's ``stance_gold``);
            its labels are read as the task's field's are.

    Returns:
        The metrics: ``n``, ``macro_f1``, ``micro_f1`` or ``accuracy``,
        ``per_label`` (precision, recall, F1, support), ``ci95`` (``[lo,
        hi]`` per figure), ``baseline`` (majority), ``confusion``,
        ``train_overlap`` (``count`` of units the model was trained on,
        ``excluded``), ``data_notes``, ``skipped``, with ``by`` ``by``
        (``grouping`` and ``groups``: a list of :func:`classify.evaluation.
        metrics_by_group` rows) and, with ``out``, ``path``. Scores are
        fractions in [0, 1]; an undefined score is None.

    Raises:
        ClassifyError: ``out`` exists (without ``overwrite``), unreadable
            data, no gold labels for the model's task, every unit in the
            model's training data with ``exclude_train``, a ``by`` not
            allowed, or no unit with what ``by`` groups on.
    """
    if seed is not None:
        check_seed(seed, option("seed"))
    from classify import evaluation

    _check_bootstrap(n_bootstrap, 1000)
    _check_evaluation_by(by)
    if out is not None:
        must_be_path(out, "out")
        check_writable(Path(out), overwrite=overwrite, folder=True)
    seed = evaluation.BOOTSTRAP_SEED if seed is None else seed
    _refuse_model_folders(data, "evaluate")
    clf = _as_model(model)
    read = _with_text_column(_over_trained(options, clf), text_column)
    examples = _gold_units(
        clf, data, read, annotations=annotations, unit=unit, gold_column=gold_column
    )
    if held_out:
        return _evaluate_held_out(
            clf, examples, out=out, by=by, n_bootstrap=n_bootstrap, seed=seed, overwrite=overwrite
        )
    if unit is None:
        _note_scored_level(clf, examples)
    # Paired with their targets first: the training record holds the texts
    # as the model read them.
    examples = with_targets(examples, clf.task)
    overlap = training_overlap(clf, examples)
    overlap_ids = [examples.ids[i] for i in overlap]
    n_silver = len(silver_overlap(clf, examples))
    if overlap and not exclude_train and not in_cli():
        # The CLI prints its own line; in Python a warning shows in notebooks.
        import warnings

        warnings.warn(
            overlap_message(len(overlap), n_silver, silver_origin(clf))
            + f"; {option('exclude_train', True)} scores the rest",
            TrainingOverlapWarning,
            stacklevel=user_stacklevel(),
        )
    if exclude_train and overlap:
        seen = set(overlap)
        examples = examples.subset([i for i in range(len(examples)) if i not in seen])
        if not len(examples):
            raise ClassifyError(
                "every unit of the data was in the model's training data", source=examples.origin
            )
    clf.checked_thresholds()  # edited in place: refused before any scoring
    warn_small_test_part(
        clf.task, examples, advice=_MORE_TEST_UNITS, what="the data", intervals=n_bootstrap > 0
    )
    found = _warn_scored_copies(examples, clf.task, intervals=n_bootstrap > 0)
    y = examples.y(clf.task)
    _warn_untrained_labels(clf, y)
    raw = None
    # Pairs made from the data's target column: new targets are named below.
    with paired_from_column() if clf.task.target_field else contextlib.nullcontext():
        if clf.calibration:
            # Scored once, calibrated here: what calibration does on this data.
            raw = clf.predict_scores(list(examples.texts), calibrated=False)
            proba = evaluation.apply_calibration(clf.calibration, clf.task.kind, raw)
        else:
            proba = clf.predict_scores(list(examples.texts))
    metrics = evaluation.evaluate_predictions(
        clf.task.kind,
        clf.labels,
        y,
        proba,
        thresholds=clf.thresholds,
        y_train=_training_prior(clf),
        texts=list(examples.texts),
        ids=list(examples.ids),
        groups=(groups := _groups_or_none(examples)),
        n_bootstrap=n_bootstrap,
        seed=seed,
        favg=clf.task.favg_labels,
    )
    metrics["task"] = clf.task.name
    metrics["primary_metric"] = clf.task.metric
    if found:
        metrics["copies"] = {k: v for k, v in found.items() if k in ("units", "conflicting")}
    from classify.store import other_scripts

    # Warned of while scoring; recorded so the report says it too.
    if scripts := other_scripts(
        (clf.info.get("training") or {}).get("scripts"), list(examples.texts)
    ):
        metrics["other_scripts"] = scripts
    _warn_predicted_only(clf, y, clf.task.decide(proba, clf.thresholds), metrics)
    if note := evaluation.all_labels_note(metrics):
        warn(note)
    if note := evaluation.below_majority_note(metrics):
        warn(f"on the evaluation data, {note}")
    if raw is not None and metrics.get("calibration"):
        metrics["calibration"].update(
            evaluation.calibration_record(
                clf.task.kind,
                y,
                raw,
                clf.task.decide(
                    raw, evaluation.uncalibrated_thresholds(clf.calibration, clf.thresholds)
                ),
                clf.task.decide(proba, clf.thresholds),
                clf.calibration.get("method"),
            )
        )
    if clf.task.target_field:
        decided = clf.task.decide(proba, clf.thresholds)
        trained = (clf.info.get("training") or {}).get("targets")
        metrics["per_target"] = per_target_metrics(
            clf.task, examples.labels[clf.task.target_field], y, decided, trained=trained
        )
        if trained:
            metrics["per_target_n_train"] = sum(int(n) for n in trained.values())
        unseen = unseen_targets(metrics["per_target"])
        if unseen:
            metrics["unseen_targets"] = unseen
            warn(unseen_targets_note(unseen))
    metrics["evaluation"] = {
        "method": "external",
        # Absolute, as model.json records its data: the file is found from anywhere.
        "data": _absolute_origin(examples.origin),
        "fingerprint": examples.fingerprint(),
        "model": str(clf.path) if clf.path else None,
        # What the model is, so the figures stay readable apart from its folder.
        "model_name": clf.info.get("name"),
        "family": clf.family,
        "settings": _settings_of(clf),
        "trained_on": _trained_on(clf),
    }
    metrics["data_notes"] = _data_notes(examples, clf.task)
    metrics["train_overlap"] = {
        "count": len(overlap),
        "silver": n_silver,  # of them, texts learned as silver (a pool's, or rows)
        **({"silver_origin": silver_origin(clf)} if n_silver else {}),
        "excluded": bool(exclude_train),
        # Which units (same text): the first 20, as train's own record keeps
        # them (a corpus's thousands would swamp metrics.json).
        "ids": overlap_ids[:20],
    }
    metrics["skipped"] = [s.to_dict() for s in read.skipped]
    if by is not None:
        metrics["by"] = _evaluation_by(
            by,
            clf,
            examples,
            y,
            clf.task.decide(proba, clf.thresholds),
            groups,
            n_bootstrap,
            seed,
            seen=[] if exclude_train else overlap,
        )
    if out is not None:
        _write_evaluation(
            Path(out),
            metrics,
            # Per unit, so every figure can be recomputed from the folder.
            _unit_predictions(
                clf.task,
                examples,
                y,
                clf.task.decide(proba, clf.thresholds),
                proba,
                groups=groups,
            ),
            title=f"{clf.info.get('name', clf.task.name)} on {Path(str(examples.origin)).name}",
            info={
                "model": str(clf.path),
                "name": clf.info.get("name"),
                "family": clf.family,
                "settings": _settings_of(clf),
                "trained on": _trained_on(clf),
                "data": examples.origin,
            },
            overwrite=overwrite,
            read=read,
        )
        metrics["path"] = str(out)
    return metrics


def _write_evaluation(
    out: Path,
    metrics: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    info: Mapping[str, Any],
    overwrite: bool,
    read: ReadOptions | None = None,
) -> None:
    """An evaluation folder, written whole or not at all: ``metrics.json``,
    ``predictions.jsonl`` (``rows``), the skipped rows of ``read`` and the
    report."""
    from classify import reports

    with atomic_dir(out, overwrite=overwrite) as tmp:
        write_json(tmp / "metrics.json", metrics)
        if read is not None:
            write_skipped(read, tmp)
        write_jsonl(tmp / "predictions.jsonl", list(rows))
        reports.write_report(tmp, metrics, title=title, info=info)


def _evaluate_held_out(
    clf: Classifier,
    examples: Examples,
    *,
    out: PathLike | None,
    by: str | None,
    n_bootstrap: int,
    seed: int,
    overwrite: bool,
) -> dict[str, Any]:
    """:func:`evaluate` with ``held_out``: the model folder's held-out
    predictions, as decided now, with the dates and outlets of the units of
    ``examples`` of the same ids.

    Raises:
        ClassifyError: the model has no held-out predictions, or none of
            their ids is among the data's.
    """
    from classify import evaluation

    held, redecided = clf.held_out_predictions()
    if held is None:
        raise ClassifyError(
            "the model has no held-out predictions (predictions.jsonl in its folder) to score; "
            f"score it on labelled data instead (without {option('held_out', True)})",
            source=clf.path,
        )
    position = {str(i): k for k, i in enumerate(examples.ids)}
    rows = [k for k, i in enumerate(held.ids) if str(i) in position]
    if not rows:
        raise ClassifyError(
            f"none of the model's {len(held.ids)} held-out units (first: "
            f"{', '.join(map(str, held.ids[:3]))}) is a unit of the data by id: give the data "
            "the model was trained on",
            source=examples.origin,
        )
    if len(rows) < len(held.ids):
        warn(
            f"{len(held.ids) - len(rows)} of the model's {len(held.ids)} held-out units are not "
            "in the data (by id) and are left out of these figures"
        )
    matched = examples.subset([position[str(held.ids[k])] for k in rows])
    y, decided, proba = held.y_true[rows], held.y_pred[rows], held.proba[rows]
    groups = None if held.groups is None else [held.groups[k] for k in rows]
    kind, labels = clf.task.kind, list(clf.labels)
    metrics: dict[str, Any] = {
        "kind": kind,
        "labels": labels,
        **evaluation.compute_metrics(kind, labels, y, decided, favg=clf.task.favg_labels),
    }
    cols = evaluation.favg_columns(labels, clf.task.favg_labels)
    if kind == "multiclass" and cols is not None:
        metrics["f_avg_labels"] = [labels[j] for j in cols]
    metrics.update(
        evaluation.intervals(
            kind, labels, y, decided, n_bootstrap, seed, groups=groups, favg=clf.task.favg_labels
        )
    )
    # Confusion, calibration and errors as evaluate reports them; a decision's
    # confidence is read against the thresholds it was made at (each
    # cross-validation fold's own, for a multi-label model).
    metrics.update(
        evaluation.diagnostics(
            kind,
            labels,
            y,
            decided,
            proba,
            texts=list(matched.texts),
            ids=list(matched.ids),
            thresholds=(
                _held_out_thresholds(clf, held, rows, redecided) if kind == "multilabel" else None
            ),
        )
    )
    # The majority class of the held-out units themselves, as evaluate's
    # baseline is of its test units.
    guess = evaluation.majority_baseline(kind, y, len(y))
    metrics["baseline"] = {
        **evaluation.compute_metrics(kind, labels, y, guess, favg=clf.task.favg_labels),
        "fitted_on": "test labels",
    }
    if found := _warn_scored_copies(matched, clf.task, intervals=n_bootstrap > 0):
        metrics["copies"] = {k: v for k, v in found.items() if k in ("units", "conflicting")}
    metrics["task"] = clf.task.name
    metrics["primary_metric"] = clf.task.metric
    metrics["evaluation"] = {
        "method": "held-out",
        "how": (clf.metrics.get("evaluation") or {}).get("method"),
        "data": _absolute_origin(examples.origin),
        "model": str(clf.path) if clf.path else None,
        "model_name": clf.info.get("name"),
        "family": clf.family,
        "held_out_units": len(held.ids),
        "matched_units": len(rows),
    }
    if by is not None:
        metrics["by"] = _evaluation_by(by, clf, matched, y, decided, groups, n_bootstrap, seed)
    if out is not None:
        _write_evaluation(
            Path(out),
            metrics,
            _unit_predictions(clf.task, matched, y, decided, proba, groups=groups),
            title=f"{clf.info.get('name', clf.task.name)}: its held-out predictions",
            info={
                "model": str(clf.path),
                "name": clf.info.get("name"),
                "family": clf.family,
                "held-out units": f"{len(rows)} of {len(held.ids)}, dated from {examples.origin}",
                **_held_out_maker(clf, held),
            },
            overwrite=overwrite,
        )
        metrics["path"] = str(out)
    return metrics


def _held_out_maker(clf: Classifier, held: Any) -> dict[str, str]:
    """The report's line on which model made the held-out predictions, where
    it is not the saved one: the folds' models, or the model evaluated
    before the refit (its thresholds too, for a multi-label model)."""
    ev = clf.metrics.get("evaluation") or {}
    refitted = str(ev.get("saved_model", "")).startswith("saved model refitted")
    if held.folds is not None:
        return {"predicted by": "each cross-validation fold's model, on the units it left out"}
    if not refitted:
        return {}
    line = (
        f"the model evaluated before the refit (fit on {ev.get('train', '?')} units; the saved "
        "model was refit on every labelled item)"
    )
    evaluated = clf.metrics.get("thresholds")
    if clf.task.multilabel and isinstance(evaluated, list):
        line += ", at its thresholds " + ", ".join(
            f"{lab} {float(t):.3f}" for lab, t in zip(clf.labels, evaluated)
        )
    return {"predicted by": line}


def _held_out_thresholds(clf: Classifier, held: Any, rows: Sequence[int], redecided: bool) -> Any:
    """The thresholds a multi-label model's held-out units were decided at:
    each cross-validation fold's own (``metrics.json``'s ``cv.folds``), as
    an ``(n, L)`` array over ``rows``, unless they were decided again at
    thresholds set by hand; after a held-out split, the evaluated model's
    (``metrics.json``'s ``thresholds``: a refit tunes the saved model's
    anew); else the model's."""
    import numpy as np

    current = clf.checked_thresholds()
    if redecided:
        return current
    folds = ((clf.metrics.get("cv") or {}).get("folds")) or []
    tuned = {f.get("fold"): f.get("thresholds") for f in folds if f.get("thresholds")}
    if held.folds is None or not tuned:
        evaluated = clf.metrics.get("thresholds")
        if held.folds is None and isinstance(evaluated, list) and len(evaluated) == len(clf.labels):
            return np.asarray(evaluated, dtype=float)
        return current
    labels = list(clf.labels)
    fallback = list(current) if current is not None else [0.5] * len(labels)
    return np.asarray(
        [
            [float((tuned.get(held.folds[k]) or {}).get(label, fallback[j])) for j, label in
             enumerate(labels)]
            for k in rows
        ]
    )  # fmt: skip


# What evaluate can break its figures down by: the units' own dates and outlets.
EVALUATION_BY = ("year", "quarter", "month", "source")


def _check_evaluation_by(by: str | None) -> None:
    if by is not None and by not in EVALUATION_BY:
        raise ClassifyError(f"{option('by')} is '{by}' (allowed: {', '.join(EVALUATION_BY)})")


def _evaluation_by(
    by: str,
    clf: Classifier,
    examples: Examples,
    y: Any,
    decided: Any,
    groups: Sequence[str] | None,
    n_bootstrap: int,
    seed: int,
    *,
    seen: Sequence[int] = (),
) -> dict[str, Any]:
    """The figures of each year (quarter, month) or outlet of the scored
    units (:func:`classify.evaluation.metrics_by_group`): periods in time
    order, outlets by their number of units, ``(unknown)`` last; where
    ``seen`` (positions of units the model was trained on) holds any, each
    group's count of them as ``in_training``.

    Raises:
        ClassifyError: no unit has a date (a period) or an outlet (source).
    """
    import pandas as pd

    from classify import evaluation
    from classify.analysis import UNKNOWN, group_members

    have = examples.dates if by != "source" else examples.sources
    if not any(have):
        what = (
            f"a date (name its column: {option('date_column')})"
            if by != "source"
            else "an outlet ('source')"
        )
        raise ClassifyError(
            f"{option('by', by)}: no unit of the data has {what}", source=examples.origin
        )
    frame = pd.DataFrame({"date": list(examples.dates), "source": list(examples.sources)})
    if by == "source":
        # So an outlet's spellings are one group, as analyse --by source joins them.
        frame["sources"] = [[] for _ in range(len(frame))]
    rows, keys = group_members(frame, by)
    found = evaluation.metrics_by_group(
        clf.task.kind,
        clf.labels,
        y,
        decided,
        rows,
        keys,
        groups=groups,
        n_resamples=n_bootstrap,
        seed=seed,
        favg=clf.task.favg_labels,
    )
    if by == "source":
        found.sort(key=lambda r: (r["group"] == UNKNOWN, -r["n"], r["group"].casefold()))
    else:
        found.sort(key=lambda r: (r["group"] == UNKNOWN, r["group"]))
    if seen:
        from collections import Counter

        # A group made of training units scores what the model memorised.
        trained = set(seen)
        counts: Counter[str] = Counter(k for r, k in zip(rows, keys) if r in trained)
        for group in found:
            group["in_training"] = counts.get(group["group"], 0)
    out: dict[str, Any] = {"grouping": by, "groups": found}
    if by == "source":
        from classify.analysis import outlet_spellings

        # Which names were counted under another, so a group's size is read right.
        if joined := outlet_spellings(frame):
            out["joined"] = joined
    return out


def _unit_predictions(
    task: Task,
    examples: Examples,
    y: Any,
    decided: Any,
    proba: Any,
    *,
    groups: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """One row per evaluated unit: ``id``, ``text`` (as given: for a
    target-conditioned task without its target, which has a column of its
    own, the task's ``target_field``), ``group`` (what the cluster bootstrap
    resampled as one: the article, copies joined; None where units were
    drawn alone), ``date`` and ``source`` (None where the data has none),
    ``gold`` and ``predicted`` as label names
    (:meth:`Task.decode`: a list for a multilabel task), and ``p_LABEL`` per
    label, rounded to 6 places."""
    import numpy as np

    from classify.targets import split_pair

    gold, predicted = task.decode(np.asarray(y)), task.decode(np.asarray(decided))
    targets = examples.labels.get(task.target_field) if task.target_field else None
    return [
        {
            "id": examples.ids[i],
            **(
                {"text": split_pair(examples.texts[i])[1], task.target_field: targets[i]}
                if targets is not None
                else {"text": examples.texts[i]}
            ),
            "group": None if groups is None else groups[i],
            # So held-out figures can be broken down by year or outlet.
            "date": examples.dates[i],
            "source": examples.sources[i],
            "gold": gold[i],
            "predicted": predicted[i],
            **{f"p_{lab}": round(float(p), 6) for lab, p in zip(task.labels, proba[i])},
        }
        for i in range(len(examples.ids))
    ]


def _check_bootstrap(n_bootstrap: Any, default: int) -> None:
    """Refuse a number of bootstrap resamples that gives no interval worth
    the name (:func:`classify.config.bootstrap_problem`)."""
    from classify.config import bootstrap_problem

    problem = bootstrap_problem(n_bootstrap, default)
    if problem:
        raise ClassifyError(f"{option('n_bootstrap', flag='--bootstrap')} {problem}")


def _trained_on(clf: Classifier) -> str | None:
    """``800 units of dev.jsonl; saved model refitted on all ...`` from the
    model folder's training record, or None where it has none."""
    training = clf.info.get("training") or {}
    if not training:
        return None
    what = f"{training.get('n', '?')} units of {training.get('data') or 'its training data'}"
    return f"{what}; {training['refit']}" if training.get("refit") else what


def trained_read_options(model: PathLike | Classifier) -> ReadOptions:
    """How a model's training data was read (text and id columns,
    delimiter, encoding), from its saved config (``model.json`` of a model
    folder); defaults where not saved.

    Args:
        model: a model folder or a loaded model.

    Returns:
        The :class:`ReadOptions` (defaults for keys not saved).
    """
    if isinstance(model, Classifier):
        return _trained_read_options(model)
    info_path = Path(model) / "model.json"
    if not info_path.is_file():
        return ReadOptions()
    import json

    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ReadOptions()
    return _read_options_of((info.get("config") or {}).get("data") or {})


# The ReadOptions fields a user sets; left at their defaults, a saved model's own apply.
_READ_FIELDS = (
    "text_column",
    "id_column",
    "delimiter",
    "encoding",
    "on_error",
    "label_from_folder",
    "date_order",
    "date_column",
)


def _over_trained(options: ReadOptions | None, clf: Classifier) -> ReadOptions:
    """``options`` over how the model's training data was read: a field the
    user left at its default takes the model's (``ReadOptions(on_error=
    "skip")`` keeps the model's text column), as the command line's flags
    do. None: the model's alone."""
    check_options(options)
    if options is not None and options.over_model:
        return options
    trained = _trained_read_options(clf)
    if options is None:
        trained.over_model = True
        return trained
    import dataclasses

    default = ReadOptions()
    taken = {
        name: getattr(trained, name)
        for name in _READ_FIELDS
        if getattr(options, name) == getattr(default, name)
        and name not in options.given
        and getattr(trained, name) != getattr(default, name)
    }
    if not taken:
        return options
    merged = dataclasses.replace(options, **taken)
    # The same list, so what skip leaves out is seen by the caller's options.
    merged.skipped, merged._listed = options.skipped, options._listed
    merged.over_model = True
    if "id_column" in taken:
        merged.id_column_optional = True
    if "date_column" in taken:
        merged.date_column_optional = True
    if "date_order" in taken:
        merged.date_order_from = "the order of the model's training data"
    return merged


def _date_span(dates: Any) -> list[str] | None:
    from classify.dates import date_span

    return date_span(dates)


def _trained_read_options(clf: Classifier) -> ReadOptions:
    """How the model's training data was read (text and id columns,
    delimiter, encoding), from its saved config; defaults where not saved."""
    return _read_options_of((clf.info.get("config") or {}).get("data") or {})


def _read_options_of(data: Mapping[str, Any]) -> ReadOptions:
    """ReadOptions from a saved config's ``data`` section (reading keys only,
    including ``label_from_folder``, so a model trained on a folder of folders
    scores one the same way)."""
    keys = (
        "text_column",
        "id_column",
        "delimiter",
        "encoding",
        "label_from_folder",
        "date_order",
        "date_column",
    )
    # (The model's settings: none given by this call's user.)
    options = ReadOptions(
        **{k: data[k] for k in keys if data.get(k) is not None}, given=frozenset()
    )
    # New data need not carry the training data's id or date column.
    options.id_column_optional = True
    options.date_column_optional = True
    return options


def _warn_predicted_only(clf: Classifier, y: Any, decided: Any, metrics: Mapping[str, Any]) -> None:
    """Say which labels no unit of the data has while the model predicts
    them: their F1 is 0 and macro-F1 averages it in (the table marks them
    ``predicted only``; a label neither held nor predicted is left out)."""
    import numpy as np

    y, decided = np.asarray(y), np.asarray(decided)
    only = [
        (label, int(decided[:, j].sum()))
        for j, label in enumerate(clf.labels)
        if not y[:, j].any() and decided[:, j].any()
    ]
    if not only:
        return
    named = ", ".join(f"'{label}' for {n} {'unit' if n == 1 else 'units'}" for label, n in only)
    one = len(only) == 1
    warn(
        f"no unit of the data is labelled {' or '.join(repr(lab) for lab, _ in only)}, but the "
        f"model predicts {'it' if one else 'them'} ({named}): {'its' if one else 'their'} F1 is 0 "
        f"and macro-F1 ({metrics.get('macro_f1')}) averages {'it' if one else 'them'} in; the "
        "per-label rows give the others"
    )


def _groups_or_none(examples: Examples) -> list[str] | None:
    groups = examples.groups("auto")
    return groups if len(set(groups)) < len(groups) else None


def _warn_untrained_labels(clf: Classifier, y: Any) -> None:
    """Say which labels of the data no unit of the model's training data
    had: the model cannot predict them, so their units are missed by
    construction (as ``train`` says of its own test part)."""
    counts = (clf.info.get("training") or {}).get("label_counts") or {}
    if not counts:
        return
    missing = [
        (label, int(y[:, j].sum()))
        for j, label in enumerate(clf.labels)
        if not counts.get(label) and y[:, j].any()
    ]
    if missing:
        named = ", ".join(f"'{label}' ({n} units)" for label, n in missing)
        warn(
            f"the data has {named}, which no unit the model was trained on had: the "
            "model does not predict it, so those units are missed by construction; "
            "train on data that has it"
        )


def _training_prior(clf: Classifier):
    """A stand-in for the training labels, so the majority baseline on new
    data predicts what was most common in training, not in the test data."""
    import numpy as np

    counts = (clf.info.get("training") or {}).get("label_counts")
    n = (clf.info.get("training") or {}).get("n")
    if not counts or not n:
        return None
    y = np.zeros((n, len(clf.labels)), dtype=int)
    for j, label in enumerate(clf.labels):
        c = int(counts.get(label, 0))
        if clf.task.multilabel:
            y[:c, j] = 1
    if not clf.task.multilabel:
        row = 0
        for j, label in enumerate(clf.labels):
            c = int(counts.get(label, 0))
            y[row : row + c, j] = 1
            row += c
    return y


@dataclass
class PredictRun:
    """What a streamed ``predict`` run wrote: the output path, the numbers
    of units (rows) and of articles (distinct ``article_id`` values, as
    ``analyse`` counts them), chunks written and reused (``--resume``),
    label counts (a unit with no topic counts as ``(none)``) and seconds.

    Attributes:
        path, rows, articles, chunks, reused_chunks, counts, seconds: as above.
    """

    path: Path
    rows: int
    articles: int
    chunks: int
    reused_chunks: int
    counts: dict[str, int]
    seconds: float
    # Rows and files left out under on_error: skip ({"file", "line", "reason"}).
    skipped: list[dict[str, Any]] = field(default_factory=list)
    # Where they are listed (beside the output), when any were.
    skipped_file: Path | None = None


class Interrupted(ClassifyError):
    """A streamed run stopped part-way; its complete chunks are kept.

    Args:
        message: what stopped the run and how to resume it (one line).
    """

    exit_code = 130


def _run_key(
    clf: Classifier, inputs: Any, *, options: ReadOptions | None = None, **settings: Any
) -> dict[str, Any]:
    """What a run's chunks depend on: the model (folder and when it was
    written), each input (path, size, modification time; a content hash for
    data in memory, read with ``options``) and the settings."""
    from classify.memory import fingerprint, is_in_memory

    def stamp(p: Path) -> list[Any]:
        p = Path(p)
        st = p.stat() if p.exists() else None
        return [str(p.resolve()), st.st_size if st else None, st.st_mtime_ns if st else None]

    model_json = Path(clf.path) / "model.json" if clf.path else None
    return {
        "model": stamp(model_json) if model_json else repr(clf),
        # What the model is, wherever its folder is: analyse --predictions
        # checks it (a copy or a move is the same model; a refit is not).
        "model_sha": _model_sha(model_json),
        "inputs": [fingerprint(inputs, options)]
        if is_in_memory(inputs)
        else [stamp(p) for p in inputs],
        **settings,
    }


def _model_sha(model_json: Path | None) -> str | None:
    """The first 16 hex digits of the SHA-256 of a model folder's
    ``model.json`` (None without one): what the model is, wherever it is."""
    import hashlib

    if model_json is None or not Path(model_json).is_file():
        return None
    return hashlib.sha256(Path(model_json).read_bytes()).hexdigest()[:16]


def _index_of(inputs: Any, options: ReadOptions) -> dict[str, Any] | None:
    """For a pandas Series or DataFrame: each row's unit id -> its index
    label, so results can be keyed like the input; None otherwise."""
    from classify.memory import is_pandas, memory_rows

    if not is_pandas(inputs):
        return None
    # Read a second time, after predict's own read has said what it had to.
    from classify.tables import written_id

    _, rows, index, _ = memory_rows(inputs, options, notes=False)
    # Keyed by the unit id the reader gives a row (7.0 in a float column is 7).
    return {written_id(row[options.id_column]): label for (row, _), label in zip(rows, index)}


@python_entry
def predict(
    model: ModelLike,
    inputs: Data,
    *,
    unit: str | None = None,
    level: str | None = None,
    out: PathLike | None = None,
    batch_size: int = 256,
    report: Reporter | None = None,
    options: ReadOptions | None = None,
    keep_columns: Sequence[str] = (),
    chunk_size: int = 5000,
    resume: bool = False,
    overwrite: bool = False,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    text_column: str | None = None,
) -> pd.Series | pd.DataFrame | PredictRun:
    """Label every unit of the inputs, keeping each unit's metadata.

    Args:
        model: a model folder, a loaded :class:`Classifier` or a
            :class:`TrainResult`.
        inputs: article folders, ``.txt``/``.html`` articles, JSONL/CSV/TSV
            tables (read lazily, chunk by chunk), or one saved dataset; or in
            memory: a list of texts, a pandas ``Series`` of texts, a
            ``DataFrame`` (text in ``text_column``) or a Hugging Face
            ``Dataset`` (one split of a ``DatasetDict``).
        unit: the unit level (``article``, ``paragraph``, ``sentence`` or
            ``quote``: quotations with their speakers, :mod:`classify.quotes`);
            default: table rows (and list items, DataFrame rows) as they are,
            articles by paragraph.
        level: ``article`` pools unit predictions to one row per article
            (topics: max per label; stance: the unit with the strongest
            stance; see :mod:`classify.predicting`); None keeps the units.
        out: ``.jsonl``, ``.csv`` or ``.parquet`` file, or a folder (no
            suffix) of Parquet shards. Written in chunks of about
            ``chunk_size`` units (whole articles), then merged.
        batch_size: texts per model call.
        report: a progress callback ``report(stage, done, total)``.
        options: how files are read (:class:`ReadOptions`); default: as
            the model's training data was read (its text and id columns).
        keep_columns: extra input columns to keep (``"*"``: all of them).
        chunk_size: units per written chunk.
        resume: skip the chunks an interrupted run over the same model,
            inputs and settings already wrote (not an overwrite: a finished
            output still needs ``overwrite``).
        overwrite: replace an existing ``out``; without it an existing
            output is an error raised before the model is loaded.
        engine: ``local`` (this process) or ``ray`` (Ray Data; ``address``
            of an existing cluster, else a local one with ``workers``
            workers).
        text_column: the column holding the text (tables and DataFrames).

    Returns:
        For a pandas ``Series`` or ``DataFrame`` whose rows are the units
        (no ``unit`` below the row, or ``level="article"``), without
        ``out``: a ``Series`` of decisions (a label, or a list of labels for
        a multilabel task) named after the task's field, with the input's
        index (at ``level="article"``, rows of one article, by an
        ``article_id`` column, each with their article's decision). Otherwise, without ``out``: a DataFrame with ``id``,
        ``article_id``, ``text``, the label column, one ``p_LABEL`` per
        label, ``read`` and ``read_sentence`` (how a long text was read:
        whole, or by the sentence that decided it, 1-based; missing for a
        multilabel task, whose labels may each come from another sentence), then ``date``,
        ``source``, ``sources`` (every outlet cited), ``title``, ``author``,
        ``dateline``, ``site``, ``section``, ``level``, ``paragraph``,
        ``position`` (``speaker``, ``speaker_title``, ``speaker_mention``,
        ``speaker_namesakes`` for quotes;
        ``n_units`` at article level) and the kept columns. With ``out``: a
        :class:`PredictRun` (the rows are in the file, never all in memory).

    Raises:
        ClassifyError: unreadable input (file and line, or row, named), an
            unknown unit or level, an output suffix other than the above, an
            existing output without ``overwrite``, or :class:`Interrupted`
            when the run stopped with chunks kept.
    """
    from classify.training import refuse_multiprocess_launch

    refuse_multiprocess_launch(what="predict")
    frame, options = _predict_table(
        model, inputs, unit=unit, level=level, out=out, batch_size=batch_size,
        report=report, options=options, keep_columns=keep_columns, chunk_size=chunk_size,
        resume=resume, overwrite=overwrite, engine=engine, address=address,
        workers=workers, text_column=text_column, gold_note=True,
    )  # fmt: skip
    if isinstance(frame, PredictRun):
        return frame
    keyed = _keyed(frame, inputs, unit, level, options)
    if keyed is None:
        return frame
    field = frame.attrs.get("task_field") or next(
        c for c in frame.columns if c not in ("id", "article_id", "text")
    )
    if keep_columns:
        # The decisions come back on the DataFrame's own index, so its
        # columns are already beside them: nothing to keep.
        warn(
            "keep_columns does nothing here: for a DataFrame whose rows are the units, "
            "predict returns the decisions as a Series on its index (df.join(result), "
            "or df[result.name] = result, puts them beside every column)",
            once="keep-columns-series",
        )
    return keyed[field].rename(field)


def _predict_table(
    model: ModelLike,
    inputs: Data,
    *,
    out: PathLike | None,
    options: ReadOptions | None,
    overwrite: bool,
    text_column: str | None,
    skipped_name: str | None = None,
    **run: Any,
) -> tuple[pd.DataFrame | PredictRun, ReadOptions]:
    """:func:`predict` before its pandas keying: the unit table (every
    metadata column, whatever the input), or the :class:`PredictRun` of a
    written ``out``; and the read options used. ``run`` holds the other
    settings of :func:`predict`; ``skipped_name`` names the list of skipped
    rows beside a file ``out`` (default ``OUT.skipped.jsonl``)."""
    from classify.memory import one_text

    if out is not None:
        from classify.engines.local import output_kind
        from classify.store import must_be_path

        must_be_path(out, "out")
        output_kind(Path(out))  # a bad suffix is refused before the model loads
        refuse_input_as_out(out, inputs)
        check_output(out, overwrite=overwrite, resume=run.get("resume", False))
    inputs = one_text(inputs)
    if inputs is None:
        raise ClassifyError("inputs: nothing to label (give texts, paths or a DataFrame)")
    check_data_type(inputs, "inputs")
    _refuse_model_folders(inputs)
    clf = _as_model(model)
    options = _with_text_column(_over_trained(options, clf), text_column)
    unit, level = run.pop("unit"), run.pop("level")
    _note_article_model(clf, inputs, unit, level)
    frame = _predict_frame(clf, inputs, options, unit=unit, level=level, out=out, **run)
    if isinstance(frame, PredictRun):
        frame.skipped = [k.to_dict() for k in options.skipped]
        target = frame.path
        # Named after the whole output name: p.csv and p.jsonl beside each
        # other keep lists of their own (review 31c).
        folder, name = (
            (target, "skipped.jsonl")
            if target.is_dir()
            else (target.parent, skipped_name or f"{target.name}.skipped.jsonl")
        )
        frame.skipped_file = write_skipped(options, folder, name=name)
        if frame.skipped_file is None:
            # A list left by an earlier run of this output would now be wrong.
            (folder / name).unlink(missing_ok=True)
    # The task's own column, which a kept stance target or other column
    # may come before (review 39d).
    if not isinstance(frame, PredictRun):
        frame.attrs["task_field"] = clf.task.field
    return frame, options


def _note_article_model(clf: Classifier, inputs: Any, unit: str | None, level: str | None) -> None:
    """Warn where a model trained on whole articles (a folder labelled by
    folder, ``unit: article``) predicts articles read by default, which cuts
    them into paragraphs: each paragraph's label is easily taken for its
    article's (review 39d)."""
    from collections.abc import Iterator

    from classify.articles import ARTICLE_SUFFIXES
    from classify.memory import is_in_memory

    # A generator (Path.glob) is read once, by the reader, not here.
    if (
        unit is not None
        or level is not None
        or is_in_memory(inputs)
        or isinstance(inputs, Iterator)
    ):
        return
    trained = (clf.info.get("training") or {}).get("unit")
    if trained not in ("article", "sentence"):
        return
    paths = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs or [])
    if paths and all(
        isinstance(p, (str, os.PathLike))
        and (Path(p).is_dir() or Path(p).suffix.lower() in ARTICLE_SUFFIXES)
        for p in paths
    ):
        if trained == "article":
            warn(
                "the model was trained on whole articles; these articles are predicted "
                f"paragraph by paragraph (the default): pass {option('unit', 'article')} for "
                f"one label per article as trained, or {option('level', 'article')} to pool "
                "the paragraphs",
                once="article-model",
            )
        else:
            # A paragraph is several of the sentences it learned from: its
            # label is read from longer text than the model saw.
            warn(
                "the model was trained on sentences; these articles are predicted paragraph "
                f"by paragraph (the default): pass {option('unit', 'sentence')} for units as "
                "trained",
                once="sentence-model",
            )


def _note_scored_level(clf: Classifier, examples: Examples) -> None:
    """Warn where articles are scored at another unit level than the model
    was trained at (a paragraph model on a folder labelled by folder, read
    as whole articles by default): its figures then measure text longer or
    shorter than it learned from."""
    levels = ("article", "paragraph", "sentence")
    trained = (clf.info.get("training") or {}).get("unit")
    read = examples.notes.get("unit")
    if trained in levels and read in levels and trained != read:
        warn(
            f"the model was trained on {trained}s; the data's articles are scored as "
            f"{read}s (the default here): pass {option('unit', trained)} to score units "
            "as trained",
            once="scored-level",
        )


def _refuse_model_folders(inputs: Any, command: str = "predict") -> None:
    """A model folder among the inputs is a slip (a second model, as
    ``analyse`` takes several), never a corpus: its reports would be read
    as articles. ``command``: ``predict`` or ``evaluate``, for the message.

    Raises:
        ClassifyError: naming the folder.
    """
    paths = [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs
    if not isinstance(paths, (list, tuple)):
        return
    from classify.memory import exists

    what = "text to label" if command == "predict" else "labelled data"
    other = (
        "compare takes several on one data"
        if command == "evaluate"
        else ("analyse takes several: a topic and a stance model")
    )
    for p in paths:
        if isinstance(p, (str, os.PathLike)) and exists(Path(p) / "model.json", file=True):
            raise ClassifyError(
                f"is a model folder, not {what}; {command} takes one model ({other})",
                source=p,
            )


@python_entry
def predict_proba(
    model: ModelLike,
    inputs: Data,
    *,
    unit: str | None = None,
    level: str | None = None,
    batch_size: int = 256,
    options: ReadOptions | None = None,
    text_column: str | None = None,
) -> pd.DataFrame:
    """The model's probabilities (calibrated where the model is) for every
    unit of the inputs, one column per label.

    Args:
        model: a model folder, a loaded :class:`Classifier` or a
            :class:`TrainResult`.
        inputs: as for :func:`predict`: paths, a list of texts, a pandas
            ``Series`` or ``DataFrame`` (text in ``text_column``), or a
            Hugging Face ``Dataset``.
        unit: the unit level (see :func:`predict`).
        level: ``article`` pools the units of each article (or row).
        batch_size: texts per model call.
        options: how files are read (:class:`ReadOptions`).
        text_column: the column holding the text (tables and DataFrames).

    Returns:
        A DataFrame of shape ``(n_units, n_labels)``, columns the task's
        labels in order, values in [0, 1] (rows sum to 1 for a single-label
        task). Its index is the input's index for a pandas ``Series`` or
        ``DataFrame`` whose rows are the units, positions 0..n-1 for a list
        of texts, else the unit ids.

    Raises:
        ClassifyError: as :func:`predict`.
    """
    import pandas as pd

    from classify.memory import one_text

    clf = _as_model(model)
    inputs = one_text(inputs)
    if inputs is None:
        raise ClassifyError("inputs: nothing to label (give texts, paths or a DataFrame)")
    check_data_type(inputs, "inputs")
    options = _with_text_column(_over_trained(options, clf), text_column)
    frame = _predict_frame(clf, inputs, options, unit=unit, level=level, batch_size=batch_size)
    columns = [c for c in frame.columns if c.startswith("p_")]
    proba = frame[columns].rename(columns=lambda c: c[2:]).astype(float)
    keyed = _keyed(proba, inputs, unit, level, options, frame)
    if keyed is not None:
        return keyed
    from classify.memory import is_hf_dataset, is_in_memory

    positional = (isinstance(inputs, (list, tuple)) and is_in_memory(inputs)) or (
        # A Dataset without ids is numbered as a list is, 0..n-1.
        is_hf_dataset(inputs) and options.id_column not in inputs.column_names
    )
    if positional and unit in (None, "article"):
        return proba.reset_index(drop=True)
    return proba.set_axis(pd.Index(frame["id"], name="id"))


def _keyed(
    table: Any, inputs: Any, unit: str | None, level: str | None, options: ReadOptions, frame=None
):
    """``table`` (rows of ``frame``, by default ``table`` itself) indexed
    like a pandas input when its rows are the input's rows; None otherwise."""
    frame = table if frame is None else frame
    index_of = _index_of(inputs, options)
    if index_of is None or not (unit in (None, "article") or level == "article"):
        return None
    import pandas as pd

    # A row's unit id is its row id; its article id is too, unless the
    # table has an article_id column of its own (rows of one article).
    by = "id" if "id" in frame and frame["id"].astype(str).isin(index_of).all() else "article_id"
    if by == "article_id" and not frame["article_id"].astype(str).isin(index_of).all():
        # Rows pooled to their articles (level="article" over an article_id
        # column): each row gets its article's result.
        return _keyed_by_article(table, frame, inputs, options)
    labels = frame[by].astype(str).map(index_of)
    keyed = table.set_axis(pd.Index(labels.tolist(), name=inputs.index.name))
    # Rows left out (on_error: skip) come back as missing values.
    return keyed.reindex(inputs.index)


def _keyed_by_article(table: Any, frame: Any, inputs: Any, options: ReadOptions):
    """``table`` (one row per article of ``frame``) repeated for each row of
    the pandas ``inputs`` in that article, indexed like ``inputs``."""
    import pandas as pd

    from classify.columns import UNIT_COLUMNS, standard_column
    from classify.memory import memory_rows

    _, rows, index, _ = memory_rows(inputs, options, notes=False)

    def article_of(row: dict[str, Any]) -> str:
        for key, value in row.items():
            if standard_column(key, UNIT_COLUMNS) == "article_id" and value not in (None, ""):
                return str(value)
        return str(row[options.id_column])

    by_article = table.set_axis(pd.Index(frame["article_id"].astype(str).tolist()))
    keyed = by_article.reindex([article_of(row) for row, _ in rows])
    return keyed.set_axis(pd.Index(index, name=inputs.index.name))


def _predict_frame(
    clf: Classifier,
    inputs: Data,
    options: ReadOptions,
    *,
    unit: str | None,
    level: str | None,
    batch_size: int = 256,
    **run: Any,
):
    """:func:`predict` up to its DataFrame (or :class:`PredictRun` with
    ``out``); ``run`` holds the streaming settings of :func:`predict`
    (``out``, ``report``, ``keep_columns``, ``chunk_size``, ``resume``,
    ``engine``, ``address``, ``workers``, ``gold_note``: whether a written
    ``out`` warns that the input's gold labels under the predicted column's
    name are not kept), the output already checked."""
    import pandas as pd

    from classify.corpus import CORPUS_LEVELS, count_articles, iter_unit_chunks
    from classify.memory import is_in_memory
    from classify.predicting import label_columns, merge_split_articles, roll_up, score_rows

    out, report = run.get("out"), run.get("report")
    keep_columns, chunk_size = run.get("keep_columns", ()), run.get("chunk_size", 5000)
    resume, engine = run.get("resume", False), run.get("engine", "local")
    address, workers = run.get("address"), run.get("workers")
    # An empty list is no texts (a notebook's filter that left nothing), not
    # no paths: the CLI always names its inputs.
    memory = is_in_memory(inputs) or (isinstance(inputs, (list, tuple)) and not inputs)
    if memory:
        from classify.memory import one_split

        inputs = one_split(inputs, advice="predict on one: inputs['test']")
    paths = inputs if memory else [Path(p) for p in _sources(inputs, "inputs")]
    if not memory and not paths:
        raise ClassifyError("no inputs given")
    if level not in (None, "unit", "article"):
        raise ClassifyError(f"unknown level '{level}' (allowed: unit, article)")
    if engine not in ("local", "ray"):
        raise ClassifyError(f"unknown engine '{engine}' (allowed: local, ray)")
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise ClassifyError(f"{option('workers', workers)}: allowed are 1 or more workers")
    if engine != "ray" and (workers is not None or address is not None):
        given = option("workers") if workers is not None else option("address")
        raise ClassifyError(
            f"{given} applies to {option('engine', 'ray')} only (allowed: add "
            f"{option('engine', 'ray')}, or leave {given} out)"
        )
    if workers is not None and address is not None:
        raise ClassifyError(
            f"{option('workers')} sizes the local Ray instance predict starts; a cluster at "
            f"{option('address')} has its own workers (leave {option('workers')} out)"
        )
    pooled = level == "article"
    # No unit (or "auto", as configs write it): each source at its own
    # default (table rows as they are, articles cut into paragraphs).
    if unit == "auto":
        unit = None
    if unit is not None and unit not in CORPUS_LEVELS:
        raise ClassifyError(f"unknown unit '{unit}' (allowed: auto, {', '.join(CORPUS_LEVELS)})")
    label_fields = task_fields(clf.task) if clf.task.target_field else None
    chunks = None
    if not memory and _is_dataset(paths):
        from classify.data import _has_unit_columns, _load_saved

        saved = _load_saved(paths[0])
        if _has_unit_columns(saved):
            if unit is not None:
                # Its units were cut when it was built (as evaluate refuses).
                raise ClassifyError(
                    f"a saved dataset has its units already, so a unit level ({unit}) cannot "
                    "apply to it; give the articles or tables it was built from instead",
                    source=paths[0],
                )
            chunks = _dataset_chunks(paths[0], chunk_size, saved)
        else:
            # Saved by datasets itself, not build_dataset: read as in memory.
            from classify.memory import one_split

            saved = one_split(
                saved,
                advice="predict on one: load_from_disk(...)['test']",
                source=paths[0],
                saved=True,
            )
            inputs, paths, memory = saved, saved, True
    if memory and not len(inputs):
        chunks = iter(())
    if chunks is None:
        from classify.articles import LABEL_FIELDS

        chunks = iter_unit_chunks(
            paths,
            level=unit,
            chunk_size=chunk_size,
            options=options,
            label_fields=label_fields or LABEL_FIELDS,
            keep_columns=keep_columns,
            target_field=clf.task.target_field,
            # A predictions file written from a labelled file says where its
            # gold went (the prediction takes its column's name).
            predicted=[clf.task.field] if out is not None and run.get("gold_note") else (),
            indicators=clf.task.labels
            if out is not None and run.get("gold_note") and clf.task.multilabel
            else (),
        )
    total = len(inputs) if memory else count_articles(paths)
    if engine == "ray" and clf.path is None:
        raise ClassifyError(
            f"{option('engine', 'ray')} needs a saved model folder (workers load it)"
        )
    if out is None and engine == "local":
        frames, articles = [], []
        before = 0
        for rows, done in chunks:
            result = score_rows(clf, rows, batch_size, _within(report, before, done, total, rows))
            before = done
            if pooled:
                articles += roll_up(clf, result)
            else:
                frames.append(pd.DataFrame(result))
            if report:
                report("predicting", done, max(total or 0, done))
        if articles:
            # An article whose rows came in several chunks is one row.
            frames = [pd.DataFrame(merge_split_articles(clf, articles))]
        from classify.engines.local import whole_numbers

        return whole_numbers(
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame(
                columns=["id", "article_id", "text", clf.task.field, *label_columns(clf)]
            )
        )
    if out is None:
        # Ray writes shards; a notebook asking for a DataFrame gets them read back.
        import tempfile

        from classify.engines.local import read_predictions

        with tempfile.TemporaryDirectory() as tmp:
            _run_to_file(
                clf, chunks, Path(tmp) / "shards", {}, pooled=pooled, batch_size=batch_size,
                report=report, total=total, resume=False, engine=engine, address=address,
                workers=workers,
            )  # fmt: skip
            return read_predictions(Path(tmp) / "shards")
    key = _run_key(
        clf,
        paths,
        unit=unit,
        level=level or "unit",
        chunk_size=chunk_size,
        keep_columns=list(keep_columns),
        text_column=options.text_column,
        id_column=options.id_column,
        # How dates were read decides the rows' date column.
        date_column=options.date_column,
        date_order=options.date_order,
        options=options,
    )
    return _run_to_file(
        clf, chunks, Path(out), key, pooled=pooled, batch_size=batch_size, report=report,
        total=total, resume=resume, engine=engine, address=address, workers=workers,
    )  # fmt: skip


def _run_to_file(
    clf: Classifier,
    chunks: Any,
    out: Path,
    key: Mapping[str, Any],
    *,
    pooled: bool,
    batch_size: int,
    report: Reporter | None,
    total: int | None,
    resume: bool,
    engine: str,
    address: str | None,
    workers: int | None,
) -> PredictRun:
    """Score ``chunks`` into resumable parts of ``out`` (see
    :class:`classify.engines.local.ChunkStore`) on the chosen engine."""
    import time

    import pyarrow.parquet as pq

    from classify.engines.local import ChunkStore, output_kind, to_arrow
    from classify.predicting import BatchScorer, roll_up, score_rows

    started = time.perf_counter()
    output_kind(out)
    store = ChunkStore(out, key, resume=resume)
    counts: dict[str, int] = {}
    seen = {"rows": 0, "articles": 0, "chunks": 0}
    # The articles the rows belong to (a table's article_id column groups
    # its rows, as analyse counts them), not the documents read.
    article_ids: set[str] = set()

    # In how many chunks each article has rows: pooled to the article, one
    # in several is merged at the end.
    from collections import Counter

    chunks_of: Counter[str] = Counter()

    def tally(values: list[Any], articles: list[Any] | None = None) -> None:
        seen["rows"] += len(values)
        seen["chunks"] += 1
        here = {str(a) for a in articles or [] if a is not None}
        article_ids.update(here)
        chunks_of.update(here)
        for value in values:
            for name in (value or ["(none)"]) if isinstance(value, list) else [value]:
                counts[name] = counts.get(name, 0) + 1

    def read_back(path: Path) -> None:
        names = set(pq.read_schema(path).names)
        wanted = [clf.task.field] + (["article_id"] if "article_id" in names else [])
        table = pq.read_table(path, columns=wanted)
        tally(
            table.column(0).to_pylist(),
            table.column(1).to_pylist() if len(wanted) > 1 else None,
        )

    if store.complete:
        # Resumed after this run had finished (analyse's first task, before
        # an interruption in the second): the file is the answer.
        read_back(out)
        return PredictRun(
            path=out,
            rows=seen["rows"],
            articles=len(article_ids) or total or seen["rows"],
            chunks=0,
            reused_chunks=0,
            counts=counts,
            seconds=round(time.perf_counter() - started, 3),
        )

    def finish(index: int, result: list[dict[str, Any]]) -> None:
        result = roll_up(clf, result) if pooled else result
        store.write(index, to_arrow(result))
        tally([r[clf.task.field] for r in result], [r.get("article_id") for r in result])

    def reused(index: int) -> None:
        store.reused += 1
        read_back(store.part(index))

    def counted(chunks: Any):
        for rows, done in chunks:
            seen["articles"] = done
            yield rows, done

    try:
        if engine == "ray":
            from classify.engines.ray_engine import run_chunks

            run_chunks(
                counted(chunks), store, scorer=BatchScorer,
                scorer_kwargs={"model_path": str(clf.path), "batch_size": batch_size},
                finish=finish, reused=reused, address=address, workers=workers,
                batch_size=batch_size, report=report, total=total,
            )  # fmt: skip
        else:
            before, clock = 0, False
            for index, (rows, done) in enumerate(counted(chunks)):
                if store.done(index):
                    reused(index)
                    before = done
                    continue
                if report and not clock:
                    # The clock starts after the reused chunks, so the rate
                    # and ETA count only what this run scores.
                    report("predicting", before, max(total or 0, before))
                    clock = True
                finish(
                    index,
                    score_rows(clf, rows, batch_size, _within(report, before, done, total, rows)),
                )
                before = done
                if report:
                    report("predicting", done, max(total or 0, done))
    except (KeyboardInterrupt, ClassifyError) as exc:
        kept = len(store.parts())
        if not kept and (store.kind != "shards" or not resume):
            # Nothing finished: nothing is left (a shards folder this run made goes too).
            import shutil

            shutil.rmtree(store.dir, ignore_errors=True)
            raise
        resume_how = f"run again with {option('resume', True)} to continue"
        from classify.dates import DateOrderError

        if isinstance(exc, DateOrderError):
            # The chunks kept were read in the other order: resuming under
            # another date order is refused, so the run starts over.
            raise Interrupted(
                f"{exc}; the {kept} complete chunk(s) kept in {store.dir} were read in that "
                f"order, so start over with the other date order and "
                f"{option('overwrite', True)} (not {option('resume', True)})"
            ) from None
        if not isinstance(exc, KeyboardInterrupt):
            # A data error: resuming alone would meet it again.
            raise Interrupted(
                f"{exc}; {kept} complete chunk(s) kept in {store.dir}: fix the input (or "
                f"pass {option('on_error', 'skip')}), then {resume_how}"
            ) from None
        raise Interrupted(
            f"interrupted; {kept} complete chunk(s) kept in {store.dir}: {resume_how}"
        ) from None
    try:
        if pooled and (split := {a for a, n in chunks_of.items() if n > 1}):
            _merge_split_parts(clf, store, split)
            counts.clear()
            seen.update(rows=0, chunks=0)
            for part in store.parts():
                read_back(part)
        path = store.finish()
    except KeyboardInterrupt:
        # Stopped while the finished chunks were being joined: they are all
        # kept, and --resume joins them without scoring anything again.
        kept = len(store.parts())
        if not kept:
            raise
        raise Interrupted(
            f"interrupted while joining the chunks; all {kept} complete chunk(s) kept in "
            f"{store.dir}: run again with {option('resume', True)} to finish"
        ) from None
    return PredictRun(
        path=path,
        rows=seen["rows"],
        articles=len(article_ids) or seen["articles"],
        chunks=seen["chunks"],
        reused_chunks=store.reused,
        counts=counts,
        seconds=round(time.perf_counter() - started, 3),
    )


def _check_predictions_model(clf: Classifier, path: Path, frame: Any) -> None:
    """Refuse a predictions file another model wrote: analyse decides its
    probabilities at this model's thresholds and corrects them with this
    model's error rates, which are another model's figures. A Parquet file
    or shards folder names its model (its run key); any file's own
    decisions must be this model's decisions on its probabilities.

    Raises:
        ClassifyError: the run key names another model (its ``model.json``
            hash differs; files from before the hash: another folder whose
            ``model.json`` differs in size), or the file's label column
            differs from this model's decisions on more than 1% of its rows.
    """
    from classify.engines.local import finished_key

    target = path / "manifest.json" if path.is_dir() else path
    key = None
    if path.is_dir() and target.is_file():
        import json

        key = json.loads(target.read_text(encoding="utf-8")).get("key")
    elif path.is_file():
        key = finished_key(path)
    written_by = (key or {}).get("model")
    written_sha = (key or {}).get("model_sha")
    ours_sha = _model_sha(Path(clf.path) / "model.json") if clf.path is not None else None
    if written_sha and ours_sha:
        if written_sha != ours_sha:
            where = Path(str(written_by[0])).parent if isinstance(written_by, list) else "?"
            same = clf.path is not None and str(where) == str(Path(clf.path).resolve())
            raise ClassifyError(
                (
                    f"was written by the model {where} as it was before it was trained again"
                    if same
                    else f"was written by the model {where}, not {clf.path}"
                )
                + ": analyse would decide its probabilities at this model's thresholds and "
                "correct them with this model's error rates; give the model that wrote it, or "
                "predict again with this one",
                source=path,
            )
    elif clf.path is not None and isinstance(written_by, list) and written_by:
        ours = (Path(clf.path) / "model.json").resolve()
        size = ours.stat().st_size if ours.is_file() else None
        # A model folder copied or moved keeps its model.json's size: then
        # the decisions below tell.
        moved = len(written_by) > 1 and written_by[1] == size
        if Path(str(written_by[0])) != ours and not moved:
            raise ClassifyError(
                f"was written by the model {Path(str(written_by[0])).parent}, not "
                f"{clf.path}: analyse would decide its probabilities at this model's thresholds "
                "and correct them with this model's error rates; give the model that wrote it, "
                "or predict again with this one",
                source=path,
            )
    field = clf.task.field
    columns = [f"p_{label}" for label in clf.labels]
    if field not in frame.columns or not len(frame):
        return
    proba = frame[columns].to_numpy(dtype=float)
    decided = clf.task.decode(clf.task.decide(proba, clf.thresholds))

    def as_set(value: Any) -> frozenset[str]:
        if isinstance(value, (list, tuple)):
            return frozenset(str(v) for v in value)
        if value is None or (isinstance(value, float) and value != value):
            return frozenset()
        text = str(value).strip()
        if clf.task.multilabel:
            return frozenset(v.strip() for v in text.split(";") if v.strip() and text != "[]")
        return frozenset([text])

    differ = sum(as_set(a) != as_set(b) for a, b in zip(frame[field].tolist(), decided))
    if differ > max(1, 0.01 * len(frame)):
        raise ClassifyError(
            f"its '{field}' column differs from model {clf.path or clf.task.name}'s decisions "
            f"on its probabilities in {differ} of {len(frame)} rows: written by another "
            "model (or another model's thresholds); give the model that wrote it, or predict "
            "again with this one",
            source=path,
        )


def _merge_split_parts(clf: Classifier, store: Any, split: set[str]) -> None:
    """Rewrite a run's parts so that each article in ``split`` (its rows
    pooled in several chunks) is one row, in the part and at the place of
    its first piece (:func:`classify.predicting.merge_split_articles`);
    only those articles' rows are held in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from classify.predicting import merge_split_articles

    def rows_of(part: Path) -> list[dict[str, Any]]:
        return pq.read_table(part).to_pylist()

    pieces: dict[str, list[dict[str, Any]]] = {}
    touched = []
    for part in store.parts():
        here = [r for r in rows_of(part) if str(r.get("article_id")) in split]
        for r in here:
            pieces.setdefault(str(r["article_id"]), []).append(r)
        if here:
            touched.append(part)
    merged = {
        str(r["article_id"]): r
        for r in merge_split_articles(clf, [r for group in pieces.values() for r in group])
    }
    for part in touched:
        table = pq.read_table(part)
        rows = table.to_pylist()
        kept = []
        for r in rows:
            key = str(r.get("article_id"))
            if key not in split:
                kept.append(r)
            elif key in merged:
                kept.append(merged.pop(key))  # the first piece's place
        # The part's own schema: a part left empty still names its columns.
        store.write_file(part, pa.Table.from_pylist(kept, schema=table.schema))


@python_entry
def analyse(
    models: PathLike | Classifier | Sequence[PathLike | Classifier],
    inputs: PathLike | Sequence[PathLike] | None = (),
    *,
    predictions: PathLike | Sequence[PathLike] | None = None,
    by: str = "month",
    out: PathLike | None = None,
    unit: str | None = None,
    level: str | None = None,
    methods: Sequence[str] | str = ("naive", "acc", "pacc", "em"),
    headline: str | None = None,
    n_bootstrap: int = 200,
    min_units: int = 30,
    min_articles: int = 10,
    seed: int = 0,
    options: ReadOptions | None = None,
    report: Reporter | None = None,
    resume: bool = False,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    overwrite: bool = False,
    chunk_size: int = 5000,
    text_column: str | None = None,
    rates_data: Data = None,
) -> pd.DataFrame:
    """Prevalence of each model's labels by group, naive and corrected for
    classifier error, with 95% bootstrap intervals (:mod:`classify.analysis`).

    Args:
        models: model folders (e.g. a topic and a stance model); each must
            hold its evaluation predictions (``predictions.jsonl``), whose
            error rates correct the counts (unless ``rates_data`` is given).
        inputs: the corpus (as for :func:`predict`); predicted once per model,
            to ``OUT/predictions-TASK.parquet`` when ``out`` is given.
        predictions: instead of ``inputs``, predictions files written by
            ``predict`` (one per model, matched by their ``p_LABEL`` columns).
        unit: the unit level (as for :func:`predict`).
        level: ``article`` pools units to articles first.
        by: ``month``, ``quarter``, ``year``, ``source``, ``country`` (a
            ``country`` column, else the dateline's place placed in a country
            by :func:`classify.places.country_of`; the places it cannot place
            are in ``table.attrs["unplaced"]`` and a warning), ``dateline``
            (the place as written), ``speaker`` (needs ``unit="quote"``),
            ``all``, or any other column of the corpus by its exact name
            (``section``, a table's own ``language``; ClassifyError where no
            table has it or no unit fills it); or a category and a period,
            ``"source,year"`` (each
            outlet over time: groups ``"Daily Post | 2019"``, with the two
            parts as columns of their own, named after them).
        out: a folder for ``prevalence.csv``, ``report.md``, ``report.html``
            and the figures.
        methods: naive and any of ``acc``, ``pacc``, ``em`` (a list, or one
            string joined by commas, ``"naive,pacc"``); ``headline`` is
            the corrected one drawn in the figures (default ``pacc``, or
            where it is not among ``methods`` the first corrected method
            that is, else the naive share; one named must be among them).
        min_units: groups with fewer units are marked ``small``.
        min_articles: groups from fewer articles are marked ``small`` too
            (the bootstrap resamples articles).
        n_bootstrap: resamples (whole articles) for the 95% intervals.
        seed: the bootstrap's seed.
        options: how the corpus is read (:class:`ReadOptions`).
        report: a progress callback ``report(stage, done, total)``.
        resume: continue the interrupted prediction runs in ``out`` (not an
            overwrite: the folder may exist).
        engine, address, workers: as for :func:`predict`.
        overwrite: replace an existing ``out``; without it (and without
            ``resume``) an existing folder is an error raised before any
            model is loaded.
        chunk_size: units per written chunk of predictions (what ``resume``
            keeps after an interruption).
        text_column: the column holding the text (tables and DataFrames);
            overrides ``options.text_column``.
        rates_data: labelled units of the corpus's own kind (paths, or data
            in memory as for :func:`evaluate`; read with ``options``): each
            model predicts them, and their gold labels give the error rates
            the corrections use, instead of the model's held-out units
            (for a corpus unlike the training data, where those rates do
            not carry over). ``table.attrs["rates_from"]`` says which.

    Returns:
        a tidy DataFrame: ``task``, ``group``, ``label``, ``method``,
        ``estimate``, ``ci_low``, ``ci_high``, ``n_units``, ``n_articles``,
        ``small``, ``at_boundary`` (see :func:`classify.analysis.interval`),
        ``unmeasured`` (nothing measured behind the estimate: a label the
        model never learned, or no held-out unit of it for a correction;
        :func:`classify.analysis.unmeasured`).

    Raises:
        ClassifyError: a model without evaluation predictions, no corpus or
            predictions, a predictions file that fits no model, or a grouping
            column missing from the data.
    """
    check_seed(seed, option("seed"))
    check_data_type(inputs, "inputs")
    check_options(options)
    if out is not None:
        must_be_path(out, "out")
    from collections.abc import Iterator

    if isinstance(inputs, Iterator):
        inputs = list(inputs)  # a generator of paths (Path.glob), read more than once here
    import pandas as pd

    from classify.analysis import (
        CATEGORIES,
        GROUPINGS,
        PERIODS,
        UNKNOWN,
        group_members,
        grouping_parts,
        normal_grouping,
        prevalence_table,
        repeated_texts,
        split_group,
        unmeasured,
        unplaced,
        validation_of,
    )
    from classify.engines.local import read_predictions

    if isinstance(methods, str):
        # "naive,pacc", as the command line writes it.
        methods = [m.strip() for m in methods.split(",") if m.strip()]
    # Checked before any prediction, so a bad value costs nothing.
    _check_bootstrap(n_bootstrap, 200)
    for name, value in (("min_units", min_units), ("min_articles", min_articles)):
        if value < 0:
            raise ClassifyError(f"{option(name)} is {value} (allowed: 0 or more)")
    # A name near a grouping's is the corpus's column where a table has one
    # (`sources`), else a misspelling, refused before anything is predicted.
    tables = _corpus_tables(inputs, options) if predictions is None else None
    known = {c for cols in tables for c in cols} if tables else None
    # (Predictions files are read first: their columns decide, a step later.)
    typos = predictions is None
    by = normal_grouping(by, columns=known, typos=typos)
    # A two-way grouping (source,year) is a category, then a period.
    category, period = grouping_parts(by, columns=known, typos=typos)
    if out is not None and not resume:
        check_writable(Path(out), overwrite=overwrite, folder=True)
    clfs = [
        _as_model(m)
        for m in (models if isinstance(models, (list, tuple)) else [models])  # type: ignore[union-attr]
    ]
    if not clfs:
        raise ClassifyError("no model given")
    tasks = [c.task.name for c in clfs]
    twice = next((t for t in tasks if tasks.count(t) > 1), None)
    if twice is not None:
        # Their outputs (predictions-TASK.parquet, the table's task column)
        # would collide: refused before anything is written.
        raise ClassifyError(
            f"two models of task '{twice}' given; analyse takes one model per task "
            f"(run it once per model, with another {option('out', 'FOLDER')})"
        )
    if predictions is not None:
        # Scoring settings with nothing to score would be ignored: refused.
        scoring = [
            name
            for name, v in (
                ("engine", engine != "local"),
                ("workers", workers is not None),
                ("address", bool(address)),
                ("unit", unit is not None),
                ("resume", resume),
                ("chunk_size", chunk_size != 5000),
            )
            if v
        ]
        if scoring:
            raise ClassifyError(
                f"{option(scoring[0])} applies to scoring a corpus; "
                f"{option('predictions', 'FILES')} reads predictions already scored, at the "
                f"unit they were predicted at (leave {option(scoring[0])} out"
                + (f"; {option('overwrite')} replaces OUT" if scoring[0] == "resume" else "")
                + ")"
            )
    if category == "speaker" and unit != "quote" and predictions is None:
        _refuse_speakers_of_articles(inputs, options)
    if predictions is None:
        _refuse_missing_group_column(inputs, options, category)
    from classify.quantify import METHODS as _METHODS

    # Checked before any prediction: a misspelt method must not cost a corpus's run.
    bad = [m for m in methods if m not in _METHODS]
    if bad:
        raise ClassifyError(
            f"unknown method '{bad[0]}' in {option('methods')} (allowed: {', '.join(_METHODS)})"
        )
    named = headline is not None
    headline = "pacc" if headline is None else headline
    if headline not in _METHODS:
        raise ClassifyError(
            f"unknown headline method '{headline}' (allowed: {', '.join(_METHODS)})"
        )
    if headline not in methods or headline == "naive":
        # The figures draw one estimate against the naive share: the first
        # corrected method asked for, or the naive one where it is alone.
        corrected = [m for m in methods if m != "naive"]
        # A headline named (not the default) must be among the methods.
        if named and headline != "naive" and headline not in methods:
            raise ClassifyError(
                f"headline method '{headline}' is not among {option('methods')} "
                f"({', '.join(methods)})"
            )
        headline = corrected[0] if corrected else "naive"
    from classify.memory import is_hf_dataset, is_pandas, paths_only

    paths_only(
        predictions,
        "predictions",
        advice="write it to a file first (df.to_parquet('predictions.parquet')) and pass its path",
    )
    given = (
        []
        if predictions is None
        else [
            Path(p)
            for p in ([predictions] if isinstance(predictions, (str, os.PathLike)) else predictions)
        ]
    )

    if inputs is None:
        inputs = []
    elif isinstance(inputs, (str, Path)):
        inputs = [inputs]
    elif not is_pandas(inputs) and not is_hf_dataset(inputs):
        # A DataFrame or Dataset is the corpus itself: list() of it would
        # give its column names, each read as a text.
        inputs = list(inputs)
    if given and len(inputs) > 0:
        # The files are what would be analysed: a corpus beside them would
        # be named in analysis.json yet never read.
        shown = (
            ", ".join(str(x) for x in inputs[:2]) + (", ..." if len(inputs) > 2 else "")
            if isinstance(inputs, list) and all(isinstance(x, (str, os.PathLike)) for x in inputs)
            else "data in memory"
        )
        raise ClassifyError(
            f"give a corpus or {option('predictions', 'FILES')}, not both (the corpus read: "
            f"{shown}): the predictions files are analysed as they are and the corpus would "
            f"be left unread (leave out the corpus, or {option('predictions')} to predict the "
            "corpus again"
            + (
                # "--predictions a.parquet b.parquet" reads b.parquet as the corpus.
                "; on the command line each predictions file takes its own flag: "
                "--predictions a.parquet --predictions b.parquet)"
                if in_cli()
                else ")"
            )
        )
    if category == "speaker" and level == "article":
        raise ClassifyError(
            f"{option('level', 'article')} pools units to articles, which have no one "
            f"speaker: group quotations by speaker with {option('unit', 'quote')} and no "
            f"{option('level')}"
        )
    # Every model is matched to its file before any is estimated.
    from_files: dict[str, Any] = {}
    if given:
        read = [(path, read_predictions(path)) for path in given]
        for path, candidate in read:
            if len(candidate) == 0:
                raise ClassifyError(
                    "has no predictions (0 rows) to analyse (predict writes such a file where "
                    f"it finds no unit, as {option('unit', 'quote')} does where there is no "
                    "quotation)",
                    source=path,
                )
        for clf in clfs:
            columns = [f"p_{label}" for label in clf.labels]
            match = next((f for _, f in read if set(columns) <= set(f.columns)), None)
            if match is None:
                raise ClassifyError(
                    f"no predictions file has the columns {column_list(columns)} of model "
                    f"'{clf.task.name}' (files: {', '.join(str(p) for p in given)})",
                    source=clf.path,
                )
            _check_predictions_model(clf, next(p for p, f in read if f is match), match)
            from_files[clf.task.name] = match
    if not given and len(inputs) == 0:
        if is_pandas(inputs) or is_hf_dataset(inputs):
            raise ClassifyError(
                f"the {'DataFrame' if is_pandas(inputs) else 'Dataset'} given as the corpus "
                "has no rows"
            )
        raise ClassifyError(
            f"nothing to analyse: give a corpus or {option('predictions', 'FILES')}"
        )
    out_dir = Path(out) if out is not None else None
    import time

    # Files of an earlier analysis this one replaces are older than this.
    started_ns = time.time_ns()
    recorded_inputs = _described(inputs)
    # How the corpus's dates are read: its groups by period rest on them.
    read_settings = {
        "date_column": options.date_column if options else None,
        "date_order": options.date_order if options else None,
    }
    if out_dir is not None and resume and not overwrite:
        _check_resumed_analysis(
            out_dir,
            {
                "models": {c.task.name: str(c.path) for c in clfs},
                "inputs": recorded_inputs,
                "predictions": [str(p) for p in given] if given else None,
                "by": by,
                "headline": headline,
                "methods": list(methods),
                "n_bootstrap": n_bootstrap,
                "rates_data": _described(rates_data),
                **read_settings,
                "unit": unit,
                "level": level,
                "seed": seed,
                "min_units": min_units,
                "min_articles": min_articles,
            },
        )
    frames = []
    lost: dict[str, int] = {}  # datelines --by country could not place
    own_country = False  # the corpus has a country column of its own
    unattributed = quotations = 0  # quotations --by speaker found no speaker for, of all
    surnames: dict[str, str] = {}  # bare surnames --by speaker read as a full name
    spellings: dict[str, str] = {}  # transliterations of one name --by speaker
    outlets: dict[str, str] = {}  # outlet names counted under another --by source
    overlapping = False  # an item in several groups (--by source)
    repeated = 0  # units whose text another unit already has
    future: dict[str, Any] = {}  # units dated after today: n, first id and date
    single_day: dict[str, Any] = {}  # every dated article on one day: n, the day
    units_read: set[str] = set()  # the unit levels predicted (row, paragraph, ...)
    merged = False  # whether --level article pooled any article from several units
    shifted: dict[str, tuple[int, int]] = {}  # task: (corpus, training) median words
    later: dict[str, list[Any]] = {}  # task: [units dated after training, dated units, last day]
    in_training: dict[str, list[int]] = {}  # task: [units the model was trained on, units]
    in_training_ids: dict[str, list[str]] = {}  # task: the first 20 of those units' ids
    rates_from: dict[str, dict[str, Any]] = {}  # what each correction rests on
    overall: list[pd.DataFrame] = []  # each task over the whole corpus
    pooled = False  # rows are articles pooled from their units
    unfilled: dict[str, Any] = {}  # units without a value in the corpus column grouped by
    # A run that fails on its data leaves no folder of half its outputs
    # (an interrupted one keeps its chunks for --resume).
    with contextlib.ExitStack() as stack:
        stack.enter_context(
            _no_partial_folder(out_dir, fresh=out_dir is not None and not out_dir.exists())
        )
        if engine == "ray" and not given and len(clfs) > 1:
            from classify.engines.ray_engine import ray_session

            # One cluster for every model's predictions, not one start-up each.
            stack.enter_context(ray_session(address, workers))
        for clf in clfs:
            held, _ = clf.held_out_predictions()
            if rates_data is not None:
                # Labelled units of the corpus's own kind: read as the corpus
                # is (its text column too), as the command line reads them.
                rates_options = (
                    options
                    if text_column is None
                    else (options or ReadOptions()).but(text_column=text_column)
                )
                held, about = _sample_predictions(clf, rates_data, rates_options)
            elif held is None:
                raise ClassifyError(
                    "the model folder has no evaluation predictions (predictions.jsonl) to take "
                    "its error rates from; retrain it with classify train",
                    source=clf.path,
                )
            columns = [f"p_{label}" for label in clf.labels]
            rates_from[clf.task.name] = _rates_from(clf, held)
            if rates_data is not None:
                rates_from[clf.task.name].update(about)
            if given:
                frame = from_files[clf.task.name]
                # Rows pooled by predict --level article carry their unit count.
                file_pooled = "n_units" in frame.columns and len(frame) > 0
                # Rows that are whole articles or table rows need no pooling.
                whole = "level" in frame.columns and set(frame["level"].dropna().astype(str)) <= {
                    "article",
                    "row",
                }
                if level == "article" and not file_pooled and not whole:
                    # Its units are scored already: pooling them here would
                    # pass for pooled figures that analyse did not compute.
                    raise ClassifyError(
                        f"{option('level', 'article')} pools units when predicting, and this "
                        "file holds units, not articles; pool them with classify predict MODEL "
                        "CORPUS --level article --out FILE and analyse that file, or leave "
                        f"{option('level')} out",
                        source=next(p for p, f in read if f is frame),
                    )
                pooled = pooled or file_pooled
            else:
                target = out_dir / f"predictions-{clf.task.name}.parquet" if out_dir else None
                made = out_dir is not None and not out_dir.exists()
                try:
                    # The unit table, not predict's Series for a pandas corpus:
                    # the groups (date, source, ...) are its columns.
                    result, _ = _predict_table(
                        clf,
                        inputs,
                        text_column=text_column,
                        batch_size=256,
                        chunk_size=chunk_size,
                        unit=unit,
                        level=level,
                        out=target,
                        skipped_name=f"predictions-{clf.task.name}.skipped.jsonl",
                        report=report,
                        options=options,
                        resume=resume,
                        # The folder was checked above; a resumed analysis redoes
                        # its own finished prediction files.
                        overwrite=overwrite or resume,
                        engine=engine,
                        address=address,
                        workers=workers,
                        # A table's own country and speaker columns, where it has
                        # them: grouped on now, or on a rerun from these predictions.
                        keep_columns=["?country", "?speaker", f"?{category}"],
                    )
                except BaseException:
                    # A failed first read leaves no empty output folder behind.
                    if (
                        made
                        and out_dir is not None
                        and out_dir.is_dir()
                        and not any(out_dir.iterdir())
                    ):
                        out_dir.rmdir()
                    raise
                frame = read_predictions(target) if target is not None else result
                pooled = pooled or level == "article"
                if len(frame) == 0 and unit == "quote":
                    raise ClassifyError(
                        "no quotation was found in the corpus (quotations in double quotes "
                        "or another language's quote marks, of three words or more; see the "
                        "README's Speakers): there is nothing to analyse"
                    )
            # An item citing several outlets is in each outlet's group (rows
            # repeated); every other grouping takes each row once.
            members, keys = group_members(frame, by)
            # The category of each unit's group (all of it for one grouping).
            firsts = [split_group(k)[0] for k in keys] if period else keys
            if (
                category not in (*PERIODS, *CATEGORIES, "all")
                and len(firsts)
                and all(k == UNKNOWN for k in firsts)
            ):
                # One "(unknown)" group is the corpus again, not a grouping.
                raise ClassifyError(
                    f"no unit of the corpus has a value in column '{category}' to group by "
                    f"(allowed groupings: {', '.join(GROUPINGS)}, or a column the corpus fills)"
                )
            elif category not in (*PERIODS, *CATEGORIES, "all") or category == "source":
                # (Units without an outlet are (unknown) by source: said and
                # counted, as for any column.)
                missing = sum(k == UNKNOWN for k in firsts)
                # An item citing several outlets is a row of each: units are rows.
                total = len(frame) if category == "source" else len(firsts)
                if missing and missing > int(unfilled.get("n", 0)):
                    unfilled = {"column": category, "n": missing, "total": total}
            # Quotations: read with --unit quote, or predictions of them.
            quoted = unit == "quote" or (
                "level" in frame.columns and bool((frame["level"] == "quote").any())
            )
            if category == "speaker" and not quoted:
                # The corpus's own speaker column: an empty cell is not a
                # quotation without an attribution.
                missing = sum(k == UNKNOWN for k in firsts)
                if missing and missing > int(unfilled.get("n", 0)):
                    unfilled = {"column": "speaker", "n": missing, "total": len(firsts)}
            if category == "source":
                from classify.analysis import outlet_spellings

                outlets.update(outlet_spellings(frame))
            if category == "speaker":
                from classify.analysis import surname_merges, transliteration_merges

                if quoted:
                    unattributed = max(unattributed, sum(k == UNKNOWN for k in firsts))
                if "speaker" in frame.columns:
                    from classify.analysis import list_cell

                    speakers = [str(v) for v in frame["speaker"].tolist() if isinstance(v, str)]
                    cells = (
                        frame["speaker_namesakes"].tolist()
                        if "speaker_namesakes" in frame.columns
                        else []
                    )
                    namesakes = [name for cell in cells for name in list_cell(cell)]
                    # As group_keys reads them: spellings first, then surnames.
                    spellings = transliteration_merges([*speakers, *namesakes])
                    surnames = surname_merges(
                        [spellings.get(x, x) for x in speakers],
                        namesakes=[spellings.get(x, x) for x in namesakes],
                    )
                    if surnames and quoted and "speaker_namesakes" not in frame.columns:
                        # Quotations predicted before the column existed.
                        warn(
                            "the predictions have no speaker_namesakes column (written by an "
                            "older classify): a bare surname an article gives two people may "
                            "be read as the one full name the corpus gives it; predict again "
                            "to rule that out",
                            once="no-namesakes",
                        )
                quotations = max(quotations, len(keys))
            overlapping = overlapping or len(keys) > len(frame)
            if "date" in frame.columns and not future:
                from classify.analysis import future_dates

                future = future_dates(frame)
            if "level" in frame.columns:
                units_read.update(str(v) for v in frame["level"].dropna().unique())
            if "n_units" in frame.columns and (frame["n_units"].fillna(1) > 1).any():
                merged = True  # some article was pooled from several units
            if "date" in frame.columns and not single_day:
                from classify.analysis import one_day

                single_day = one_day(frame)
            if "text" in frame.columns:
                repeated = max(repeated, repeated_texts(frame["text"].tolist()))
                seen = _seen_in_training(clf, frame)
                if seen:
                    in_training[clf.task.name] = [len(seen), len(frame)]
                    if "id" in frame.columns:
                        # Which ones, so a researcher can look (the first 20).
                        ids = frame["id"].astype(str).tolist()
                        in_training_ids[clf.task.name] = [ids[i] for i in seen[:20]]
                trained_words = ((clf.info.get("training") or {}).get("words") or {}).get("median")
                # With rates from units of the corpus's own kind, the note's
                # advice is taken already.
                if trained_words and rates_data is None:
                    if "n_units" in frame.columns:
                        # Pooled to articles: the model scored the units,
                        # so their mean length is what compares.
                        words = frame["text"].astype(str).str.split().str.len()
                        per = frame["n_units"].fillna(1).clip(lower=1)
                        corpus_words = round(float((words / per).median()))
                    else:
                        corpus_words = word_counts(frame["text"].tolist())["median"]
                    shifted[clf.task.name] = (corpus_words, int(trained_words))
                span = (clf.info.get("training") or {}).get("dates") or []
                if span and rates_data is None and "date" in frame.columns:
                    from classify.analysis import dated_after

                    after, dated = dated_after(frame["date"], str(span[-1]))
                    if dated:
                        later[clf.task.name] = [after, dated, str(span[-1])]
            proba = frame[columns].to_numpy(dtype=float)[members]
            if category == "country":
                own_country = own_country or "country" in frame.columns
                for place, n in unplaced(frame, firsts).items():
                    lost[place] = max(lost.get(place, 0), n)
            # After a refit the held-out predictions came from the evaluated
            # model at its own thresholds; the corpus is decided at the saved
            # model's, so its error rates are read at those too.
            validation = validation_of(held, lambda p, clf=clf: clf.task.decide(p, clf.thresholds))
            stories = _stories(frame)
            rows = prevalence_table(
                task=clf.task.name,
                labels=clf.labels,
                multilabel=clf.task.multilabel,
                decided=clf.task.decide(proba, clf.thresholds),
                proba=proba,
                groups=keys,
                clusters=stories[members].tolist(),
                validation=validation,
                methods=list(methods),
                n_bootstrap=n_bootstrap,
                min_units=min_units,
                min_articles=min_articles,
                seed=seed,
                report=report,
            )
            frame_rows = pd.DataFrame(rows)
            if period is not None:
                # Tidy: the two parts of each group as columns of their own.
                parts = [split_group(g) for g in frame_rows["group"]]
                at = frame_rows.columns.get_loc("group") + 1
                frame_rows.insert(at, category, [c for c, _ in parts])
                frame_rows.insert(at + 1, period, [t for _, t in parts])
            frame_rows["unmeasured"] = unmeasured(frame_rows, rates_from[clf.task.name])
            frames.append(frame_rows)
            # The corpus as one group, each unit once: a mean of per-group
            # corrections (each clipped to [0, 1]) is not the corpus's share.
            every = frame[columns].to_numpy(dtype=float)
            # EM's bootstrap over a whole large corpus costs a minute a task
            # (200 EM runs over every unit); its interval is drawn only where
            # it is the headline, as the summary prints the headline's alone.
            parts = [[m for m in methods if m != "em" or headline == "em"]]
            parts.append([m for m in methods if m not in parts[0]])
            whole = pd.concat(
                [
                    pd.DataFrame(
                        prevalence_table(
                            task=clf.task.name,
                            labels=clf.labels,
                            multilabel=clf.task.multilabel,
                            decided=clf.task.decide(every, clf.thresholds),
                            proba=every,
                            groups=["all"] * len(every),
                            clusters=stories.tolist(),
                            validation=validation,
                            methods=chosen,
                            n_bootstrap=n_bootstrap if i == 0 else 0,
                            seed=seed,
                        )
                    )
                    for i, chosen in enumerate(parts)
                    if chosen
                ],
                ignore_index=True,
            )
            whole["unmeasured"] = unmeasured(whole, rates_from[clf.task.name])
            overall.append(whole)
    table = pd.concat(frames, ignore_index=True)
    for column in ("ci_low", "ci_high"):
        if column in table.columns:
            # Numbers, NaN where there is no interval (n_bootstrap=0), not
            # None in a column of objects.
            table[column] = table[column].astype(float)
    table.attrs.update(
        {
            "by": by,
            "headline": headline,
            "n_bootstrap": n_bootstrap,
            "unplaced": lost,
            "own_country": own_country,
            "unattributed": unattributed,
            "surnames": surnames,
            "spellings": spellings,
            "outlets": outlets,
            "quotations": quotations,
            # Pooled rows are decided on pooled scores; the error rates that
            # correct them were measured on single held-out units.
            "pooled": pooled and merged and any(m != "naive" for m in methods),
            "overlapping": overlapping,
            "repeated_texts": repeated,
            "future_dates": future,
            "one_day": single_day if _by_time(by) else {},
            "units_read": sorted(units_read),
            # Median words of the corpus's units and of each model's training units.
            "length_shift": shifted,
            "later_than_training": later,
            # Corpus units a model was trained on: decided from memory.
            "in_training": in_training,
            "in_training_ids": in_training_ids,
            "rates_from": rates_from,
            "methods": list(methods),
            # Each task's estimates over the whole corpus, with intervals.
            "overall": pd.concat(overall, ignore_index=True).to_dict("records"),
            # --by month/quarter on dates with a year only: no group is one;
            # a grouping whose column no unit has: all in (unknown).
            "coarse_dates": _coarse_dates(table, category, period),
            "ungrouped": _ungrouped(table, category, period),
            # --by a corpus column of its own: units without a value in it.
            "unfilled": unfilled,
            # Rows and files of the corpus left out under on_error: skip.
            "skipped": len(options.skipped) if options else 0,
        }
    )
    said = _analysis_notes(
        table, by=by, lost=lost, own_country=own_country, surnames=surnames,
        spellings=spellings, outlets=outlets, rates_from=rates_from, methods=methods,
        shifted=shifted,
    )  # fmt: skip
    table.attrs["notes"] = said
    if not in_cli():
        # The CLI prints its own lines; in Python a warning shows in notebooks.
        import warnings

        for note in said:
            warnings.warn(note, stacklevel=user_stacklevel())
    if out_dir is not None:
        from classify.analysis_report import write_analysis_report

        # Ctrl-C while the report is drawn names what is kept, as above.
        with _no_partial_folder(out_dir, fresh=False):
            out_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_text(out_dir / "prevalence.csv", table.to_csv(index=False))
            write_json(
                out_dir / "analysis.json",
                _analysis_record(
                    table,
                    clfs,
                    inputs=recorded_inputs,
                    predictions=[str(p) for p in given] if given else None,
                    unit=unit,
                    level=level,
                    seed=seed,
                    min_units=min_units,
                    min_articles=min_articles,
                    rates_data=_described(rates_data),
                    read=read_settings,
                    engine=None if given else engine,
                ),
            )
            write_analysis_report(
                table,
                out_dir,
                by=by,
                headline=headline,
                models={c.task.name: str(c.path) for c in clfs},
                multilabel={c.task.name: c.task.multilabel for c in clfs},
                min_units=min_units,
                min_articles=min_articles,
            )
        if overwrite and not resume:
            # Replaced, not merged: an earlier analysis's files this one did
            # not write again (another task's predictions and figures) go.
            for old in out_dir.iterdir():
                if old.is_file() and old.stat().st_mtime_ns < started_ns:
                    old.unlink()
    return table


def _seen_in_training(clf: Classifier, frame: Any) -> list[int]:
    """The positions of the rows of a predictions ``frame`` (``id``,
    ``text``) the model was trained on: the same text (case and spacing folded; with its
    target for a stance-target task) as a gold or silver unit of its
    training record (ids only for a record without text hashes, and where
    they name units, not row numbers of data in memory)."""
    record = (clf.info.get("training") or {}).get("units") or {}
    texts = frame["text"].tolist()
    field = clf.task.target_field
    if field and field in frame.columns:
        from classify.targets import pair_text

        # The record holds the pairs the model read.
        texts = [
            pair_text(str(t), str(x)) if isinstance(t, str) and t.strip() else x
            for t, x in zip(frame[field].tolist(), texts)
        ]
    unit_ids = frame["id"].astype(str).tolist() if "id" in frame.columns else [None] * len(texts)
    # Numbered rows ("0", "1", ...) of a list or DataFrame name no unit.
    numbered = all(u is not None and u.isdigit() for u in unit_ids)
    # Units of another level than the model was trained at (rows cut into
    # sentences): found by their sentences, as evaluate finds them.
    levels = set(frame["level"].dropna().astype(str)) if "level" in frame.columns else set()
    trained = (clf.info.get("training") or {}).get("unit")
    other_level = bool(trained and levels and levels != {trained})
    return _in_training_record(
        _with_silver_rests(clf, record),
        unit_ids,
        texts,
        _silver_hashes(clf),
        ids_name_units=not numbered,
        other_level=other_level,
    )


def _check_resumed_analysis(out_dir: Path, settings: Mapping[str, Any]) -> None:
    """Refuse to resume into ``out_dir`` where it holds a finished analysis
    (its ``analysis.json``) made with other models, inputs or settings:
    resuming continues an interrupted run, it does not replace a finished one.

    Raises:
        ClassifyError: naming the first setting that differs and the
            ``overwrite`` that replaces the analysis.
    """
    import json

    record = out_dir / "analysis.json"
    if not record.is_file():
        return
    try:
        old = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    for key, value in settings.items():
        # Records written before a key existed do not block a resume on it.
        if key in old and _resolved(old[key]) != _resolved(
            json.loads(json.dumps(value, default=str))
        ):
            raise ClassifyError(
                f"holds a finished analysis whose {key} differ{'' if key.endswith('s') else 's'} "
                f"({old[key]!r}, now {value!r}); "
                f"{option('resume', True)} continues an interrupted run: pass "
                f"{option('overwrite', True)} to replace it, or another {option('out', 'FOLDER')}",
                source=out_dir,
            )


def _resolved(value: Any) -> Any:
    """``value`` with each string that names an existing file or folder as
    its absolute path, so ``models/x`` and ``/work/models/x`` compare equal."""
    if isinstance(value, str):
        return str(Path(value).resolve()) if value and Path(value).exists() else value
    if isinstance(value, list):
        return [_resolved(v) for v in value]
    if isinstance(value, dict):
        return {k: _resolved(v) for k, v in value.items()}
    return value


def _described(data: Any) -> list[str] | str | None:
    """Data as ``analysis.json`` records it: a path or list as strings
    (None for an empty one), other data in memory by its kind."""
    if data is None:
        return None
    if isinstance(data, (str, Path)):
        return [str(data)]
    if isinstance(data, (list, tuple)):
        return [str(d) for d in data] or None
    return f"{a_type(data)} in memory"


def _analysis_notes(
    table: Any,
    *,
    by: str,
    lost: dict[str, int],
    own_country: bool,
    surnames: dict[str, str],
    spellings: dict[str, str],
    rates_from: dict[str, dict[str, Any]],
    outlets: dict[str, str] | None = None,
    methods: Sequence[str],
    shifted: dict[str, tuple[int, int]],
) -> list[str]:
    """Every note on an analysis, in words: warnings in Python, and kept in
    ``analysis.json`` (the CLI prints its own lines from the same parts)."""
    from classify.analysis import (
        boundary_summary,
        coarse_dates_note,
        corrects,
        em_note,
        later_dates_notes,
        length_shift_note,
        rates_note,
        small_groups_note,
        ungrouped_note,
    )
    from classify.analysis_report import unplaced_note

    said: list[str] = []
    if lost:
        said.append(unplaced_note(lost, own_country=own_country))
    if spellings:
        from classify.analysis_report import spellings_note

        said.append(spellings_note(spellings))
    if outlets:
        from classify.analysis_report import outlets_note

        said.append(outlets_note(outlets))
    if surnames:
        from classify.analysis_report import surnames_note

        said.append(surnames_note(surnames))
    if table.attrs["coarse_dates"]:
        said.append(coarse_dates_note(table.attrs["coarse_dates"]))
    if table.attrs.get("unfilled"):
        from classify.analysis import unfilled_note

        said.append(unfilled_note(table.attrs["unfilled"]))
    if table.attrs["ungrouped"]:
        said.append(ungrouped_note(table.attrs["ungrouped"]))
    elif not table.attrs["coarse_dates"] and len(table):
        from classify.analysis_report import plotted_groups

        # Groups the figures leave off the time axis ("2018 (no month)").
        drawn = plotted_groups(table, str(table["task"].iloc[0]), by)[2]
        if drawn:
            said.append(drawn)
    for task, rates in rates_from.items():
        note = rates_note(task, rates, methods)
        if note:
            said.append(note)
        # With the naive share alone no estimate rests on error rates.
        if rates.get("in_training") and corrects(methods):
            from classify.analysis_report import rates_in_training_note

            said.append(rates_in_training_note(task, rates["in_training"], rates.get("units")))
    note = em_note(rates_from, methods)
    if note:
        said.append(note)
    for task, (corpus_words, trained_words) in shifted.items():
        note = length_shift_note(task, corpus_words, trained_words)
        if note:
            said.append(note)
    said += later_dates_notes(table.attrs)
    from classify.analysis_report import in_training_note

    ids = table.attrs.get("in_training_ids") or {}
    for task, (seen, n) in (table.attrs.get("in_training") or {}).items():
        said.append(in_training_note(task, seen, n, ids.get(task, ())))
    if table.attrs.get("future_dates"):
        from classify.analysis import future_dates_note

        said.append(future_dates_note(table.attrs["future_dates"]))

    if table.attrs.get("one_day"):
        from classify.analysis import one_day_note

        said.append(one_day_note(table.attrs["one_day"]))
    if table.attrs.get("overlapping"):
        from classify.analysis_report import OVERLAPPING_NOTE

        said.append(OVERLAPPING_NOTE)
    if table.attrs.get("pooled"):
        from classify.analysis_report import pooled_note

        said.append(pooled_note())
    if table.attrs.get("unattributed"):
        from classify.analysis_report import unattributed_note

        said.append(
            unattributed_note(table.attrs["unattributed"], table.attrs.get("quotations", 0))
        )
    from classify.analysis import empty_periods, empty_periods_note

    if empty := empty_periods(table["group"].unique(), by):
        said.append(empty_periods_note(by, empty))
    n_groups = table["group"].nunique()
    note = small_groups_note(by, n_groups, table.loc[table["small"], "group"].nunique())
    if note and not table.attrs["coarse_dates"]:
        # Dates with a year only: the coarse-dates note already says --by year.
        said.append(note)
    note = boundary_summary(table)
    if note:
        said.append(note)
    from classify.analysis import bound_against_note, disagreement_note

    for note in (bound_against_note(table), disagreement_note(table)):
        if note:
            said.append(note)
    if table.attrs.get("repeated_texts"):
        from classify.analysis_report import repeated_note

        said.append(repeated_note(table.attrs["repeated_texts"]))
    return said


# What each column of prevalence.csv holds (analysis.json's "columns").
PREVALENCE_COLUMNS = {
    "task": "the model's task",
    "group": "the group (a period, outlet, country, speaker, or 'category | period')",
    "label": "the label whose share this row estimates",
    "method": "naive (classify and count), acc (adjusted classify and count), pacc "
    "(probabilistic ACC) or em (Saerens-Latinne-Decaestecker EM)",
    "estimate": "the share of the group's units with the label, from 0 to 1",
    "ci_low": "lower end of the 95% percentile bootstrap interval (articles resampled)",
    "ci_high": "upper end of the 95% interval",
    "n_units": "units (sentences, paragraphs, quotations or articles) in the group",
    "n_articles": "story clusters in the group (copies of one story are one)",
    "small": "fewer units than min_units or clusters than min_articles: do not read alone",
    "at_boundary": "the corrected estimate is 0 or 1 and so are at least half its bootstrap "
    "replicates (for EM: within 1e-3 of 0 or 1, EM and nearly all its replicates): the "
    "classifier's error rates explain the observed share; ACC's and PACC's interval is "
    "from the unclipped replicates, EM's joined with the likelihood-ratio interval",
    "unmeasured": "no error rate stands behind a corrected estimate (see the report)",
}


# The table's notes analysis.json keeps (those the CLI and report print).
_RECORDED_NOTES = (
    "repeated_texts", "future_dates", "one_day", "unattributed", "quotations", "surnames",
    "spellings", "outlets",
    "unplaced", "overlapping", "pooled", "coarse_dates", "ungrouped", "skipped", "in_training",
    "in_training_ids", "unfilled",
)  # fmt: skip


def _empty_periods_of(table: pd.DataFrame, by: Any) -> list[str]:
    """The periods between a time grouping's first and last with no unit
    (:func:`classify.analysis.empty_periods`), all of them; [] for other
    groupings."""
    from classify.analysis import empty_periods

    if not isinstance(by, str) or table.empty:
        return []
    return list(empty_periods(table["group"].unique(), by))


def _records_without_nan(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``records`` with NaN (pandas' missing value) as None, which JSON has."""
    import math

    return [
        {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in r.items()}
        for r in records
    ]


def _analysis_record(
    table: Any,
    clfs: Sequence[Classifier],
    *,
    inputs: list[str] | str | None,
    predictions: list[str] | None,
    unit: str | None,
    level: str | None,
    seed: int,
    min_units: int,
    min_articles: int,
    rates_data: list[str] | str | None = None,
    read: Mapping[str, Any] | None = None,
    engine: str | None = None,
) -> dict[str, Any]:
    """What produced ``prevalence.csv``: models, inputs, settings, notes
    and a dictionary of its columns, for ``analysis.json`` beside it
    (``engine``: what scored the corpus; None where predictions were given)."""
    from classify.analysis_report import skipped_note
    from classify.store import library_versions

    attrs = table.attrs
    return {
        "versions": library_versions(),
        "created": now(),
        "models": {c.task.name: str(c.path) for c in clfs},
        "inputs": inputs,
        "predictions": predictions,
        # The figures are the same on either engine; said for the record.
        "engine": engine,
        # As given (None: the default); what that read to is units_read.
        "unit": unit,
        "level": level,
        "units_read": attrs.get("units_read"),
        "by": attrs.get("by"),
        "headline": attrs.get("headline"),
        "methods": attrs.get("methods"),
        "n_bootstrap": attrs.get("n_bootstrap"),
        # What each task's corrections rest on (held-out units, cross-validation
        # or --rates-from data), and the data given for it.
        "rates_from": attrs.get("rates_from"),
        "rates_data": rates_data,
        # The whole corpus as one group, every method with its interval, as
        # the terminal prints it (prevalence.csv holds the groups).
        "overall": _records_without_nan(attrs.get("overall") or []),
        **dict(read or {}),
        "seed": seed,
        "min_units": min_units,
        "min_articles": min_articles,
        # The report's notes: with the rows skipped, listed beside it.
        "notes": list(attrs.get("notes") or [])
        + ([skipped_note(table)] if attrs.get("skipped") else []),
        # Every period with no unit, which the notes name only the first of.
        "empty_periods": _empty_periods_of(table, attrs.get("by")),
        "counts": {
            **{key: attrs.get(key) for key in _RECORDED_NOTES if attrs.get(key)},
            # The figures behind the groups' notes (too small, at 0 or 1).
            "groups": int(table["group"].nunique()),
            "groups_too_small": int(table.loc[table["small"], "group"].nunique()),
            # Every method's estimates at 0 or 1, and the headline method's
            # (what the note on them counts).
            "estimates_at_boundary": int(table["at_boundary"].fillna(False).astype(bool).sum())
            if "at_boundary" in table.columns
            else 0,
            "headline_estimates_at_boundary": int(
                table.loc[table["method"] == attrs.get("headline"), "at_boundary"]
                .fillna(False)
                .astype(bool)
                .sum()
            )
            if "at_boundary" in table.columns
            else 0,
        },
        "columns": {c: PREVALENCE_COLUMNS[c] for c in table.columns if c in PREVALENCE_COLUMNS},
    }


def _is_dataset(paths: Sequence[Path]) -> bool:
    from classify.data import is_dataset_dir

    if any(is_dataset_dir(p) for p in paths):
        if len(paths) > 1:
            raise ClassifyError("a saved dataset cannot be combined with other sources")
        return True
    return False


def _dataset_chunks(path: Path, chunk_size: int, saved: Any = None):
    """Chunks of unit rows from a saved dataset (held in memory: a saved
    dataset is a training set, not a corpus); ``saved``: its dataset, where
    loaded already."""
    from classify.data import load_dataset_dir

    examples = load_dataset_dir(path, saved)
    rows = [
        {
            "id": examples.ids[i],
            "article_id": examples.article_ids[i],
            "text": examples.texts[i],
            "date": examples.dates[i],
            "source": examples.sources[i],
        }
        for i in range(len(examples))
    ]
    for start in range(0, len(rows), chunk_size):
        yield rows[start : start + chunk_size], min(start + chunk_size, len(rows))


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a DataFrame as ``.jsonl``/``.json``, ``.csv`` (lists joined
    with ``;``) or ``.parquet``, by suffix, atomically.

    Args:
        frame: the table (a pandas DataFrame).
        path: the file; its suffix chooses the format.

    Raises:
        ClassifyError: another suffix.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        flat = frame.copy()
        for col in flat.columns:
            if flat[col].map(lambda v: isinstance(v, list)).any():
                flat[col] = flat[col].map(lambda v: ";".join(v) if isinstance(v, list) else v)
        atomic_write_text(path, flat.to_csv(index=False))
    elif suffix in (".jsonl", ".json"):
        atomic_write_text(path, frame.to_json(orient="records", lines=True, force_ascii=False))
    elif suffix == ".parquet":
        import uuid

        import pyarrow.parquet as pq

        from classify.engines.local import to_arrow

        tmp = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:8]}"
        try:
            pq.write_table(to_arrow(frame), tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        raise ClassifyError("output must end in .jsonl, .csv or .parquet", source=path)


# -- the main job ---------------------------------------------------------------------------


# The notes on reading the data a run's summary keeps (as dataset.json does).
_RUN_DATA_NOTES = (
    "unlabelled_units_skipped", "unlabelled_units_first", "unmatched_annotations",
    "unmatched_annotation_ids",
    "unmatched_near_ids", "unmatched_whole_articles",
    "other_level_annotations", "layouts", "dropped_paragraphs", "dropped_row_paragraphs",
    "live_blogs", "labels_inherited", "undated_articles",
    "undated_files", "undated_written", "load_dated_articles", "load_dated_files",
)  # fmt: skip


def run(
    config: PathLike = "configs/default.yaml",
    *,
    overrides: Mapping[str, Any] | Sequence[str] | None = None,
    out: PathLike | None = None,
    report: Reporter | None = None,
    overwrite: bool = False,
) -> dict[str, Any]:
    """The main job: build the dataset from the run config's articles,
    cross-validate each model config on it (grouped by article, or by
    paragraph for one article), save the refitted models and a summary.

    Args:
        config: a run config (``configs/default.yaml``: ``sources``,
            ``annotations``, ``unit``, ``models``, ``cv``, ``group``,
            ``seed``, ``out``).
        overrides: config values to change, ``{"cv": 3}`` or ``["cv=3"]``.
        out: the run folder (default: the config's ``out``), holding one
            model folder per model config and ``summary.json``.
        report: a progress callback ``report(stage, done, total)``.
        overwrite: replace an existing run folder; without it an existing
            folder is an error raised before any work. The folder is written
            to a temporary one and renamed into place when every model is
            done.

    Returns:
        The summary: ``name``, ``data`` (units, articles, fingerprint),
        ``evaluation``, ``models`` (one :func:`summary_row` per model),
        ``results`` (name -> :class:`TrainResult`) and ``path``.

    Raises:
        ClassifyError: the run folder exists (without ``overwrite``), a bad
            config, unreadable data, or a model that cannot be trained.
    """
    from classify.errors import data_warnings_once

    # What is said of the input as read (its dates, a gold line) is said
    # once per run, not again by each model's training.
    with data_warnings_once():
        return _run(config, overrides=overrides, out=out, report=report, overwrite=overwrite)


def _run(
    config: PathLike,
    *,
    overrides: Mapping[str, Any] | Sequence[str] | None,
    out: PathLike | None,
    report: Reporter | None,
    overwrite: bool,
) -> dict[str, Any]:
    from classify.training import refuse_multiprocess_launch

    refuse_multiprocess_launch()
    if overrides is not None and not isinstance(overrides, Mapping):
        overrides = parse_overrides(list(overrides))
    if out is not None:
        must_be_path(out, "out")
    rc = load_run_config(config, overrides)
    out_dir = Path(out or rc.out)
    check_writable(out_dir, overwrite=overwrite, folder=True)
    given = [rc.annotations] if isinstance(rc.annotations, str) else rc.annotations or []
    for key, paths in (("sources", rc.sources), ("annotations", given)):
        missing = next((p for p in paths if not Path(p).exists()), None)
        if missing is not None:
            # A copied run config still names the seed corpus: say which key.
            where = Path(config).parent if isinstance(config, (str, os.PathLike)) else Path(".")
            raise ClassifyError(
                f"key '{key}': {Path(missing).resolve()} not found (paths in a run config are "
                f"read from its folder, {where.resolve()})",
                source=config,
            )
    options = ReadOptions._from_config(rc.read)
    order_given = _order_written(config, overrides, "read")
    options.date_order_given = order_given
    unit = None if rc.unit == "auto" else rc.unit
    # Every model's gold labels, checked before any model trains: a bad label
    # in the gold file stops the run at once, not after the first model.
    configs = [load_train_config(m) for m in rc.models]
    fields = list(dict.fromkeys(f for c in configs for f in c.label_fields()))
    from classify.data import RUN_CONFIG_KEYS

    # Hints name the run config's own keys (--set unit=paragraph).
    token = RUN_CONFIG_KEYS.set(True)
    try:
        examples = load_examples(
            rc.sources,
            annotations=rc.annotations,
            unit=unit,
            options=options,
            label_fields=fields,
            label_sets=label_sets(c.task for c in configs),
            empty_sets=empty_sets(c.task for c in configs),
        )
    finally:
        RUN_CONFIG_KEYS.reset(token)
    if not in_cli():
        # The command prints these; a notebook shows warnings.
        _warn_annotation_notes(examples.notes, lambda level: setting("unit", level))
    if rc.read.on_error == "stop":
        # (With skip, each model leaves its bad rows out and lists them.)
        examples.check_labels(list({c.task.name: c.task for c in configs}.values()))
    unlabelled = [
        (m, c) for m, c in zip(rc.models, configs, strict=True) if not examples.has_labels(c.task)
    ]
    if unlabelled:
        # Said before the first model trains, not after it.
        model, cfg = unlabelled[0]
        raise ClassifyError(
            f"the data has no '{cfg.task.field}' labels for the model {model} (task "
            f"'{cfg.task.name}'); nothing was trained: label the units, name the column in the "
            "task file's 'field', or leave the model out of 'models'",
            source=rc.source or None,
        )
    # The run's read settings are every model's data.* keys of those names.
    read = {f"data.{k}": v for k, v in dataclasses.asdict(rc.read).items()}
    if not order_given:
        # The default, which a model config may set otherwise; left so the
        # ambiguous-dates note still reaches a run that did not choose.
        del read["data.date_order"]
    rows = []
    results = {}
    with atomic_dir(out_dir, overwrite=overwrite) as tmp:
        for model_config in rc.models:
            stem = Path(model_config).stem
            result = train(
                model_config,
                data=rc.sources,
                out=tmp / stem,
                overrides={
                    "data.annotations": _resolved(rc.annotations),
                    "data.unit": rc.unit,
                    **read,
                    "seed": rc.seed,
                },
                cv=rc.cv,
                group=rc.group,
                overwrite=True,
                report=report,
            )
            # Where the folder will be once the run is renamed into place.
            result.path = out_dir / stem
            result.model.path = result.path
            rows.append(
                summary_row(result.config.name, result.model, result.metrics, path=result.path)
            )
            results[result.config.name] = result
            # Rows a model left out (a label not in its task) are the run's too.
            for row in result.model.info.get("training", {}).get("skipped") or []:
                options.record(Skipped(row["file"], row["line"], row["reason"], row.get("row")))
        summary = {
            "name": rc.name,
            "config": str(config),
            "data": {
                "sources": rc.sources,
                "units": len(examples),
                # The level the units were cut at ("row" for table rows under
                # auto; a saved dataset's own level).
                "unit": examples.notes.get("unit")
                or (examples.notes.get("dataset") or {}).get("unit")
                or rc.unit,
                "articles": len(set(examples.article_ids)),
                "fingerprint": examples.fingerprint(),
                "skipped": [s.to_dict() for s in options.skipped],
                # What dataset build would say of the same data: units left
                # out unlabelled, annotations matching no unit, layouts and
                # undated articles (the CLI prints them).
                **{k: v for k, v in examples.notes.items() if k in _RUN_DATA_NOTES},
            },
            # The folds that ran: fewer than asked where the data has fewer groups.
            "evaluation": {
                "cv": max(
                    (int((r.metrics.get("evaluation") or {}).get("folds") or 0))
                    for r in results.values()
                )
                or rc.cv,
                "cv_asked": rc.cv,
                "group": examples.resolve_group(rc.group),
                # Rows that are each their own article: the folds draw units alone.
                **(
                    {"each_unit_own_group": True}
                    if examples.each_unit_own_group(examples.resolve_group(rc.group))
                    else {}
                ),
            },
            "models": rows,
            "created": now(),
        }
        write_skipped(options, tmp)
        write_json(tmp / "summary.json", summary)
    summary["results"] = results
    summary["path"] = str(out_dir)
    return summary


def summary_row(
    name: str, model: Classifier, metrics: dict[str, Any], *, path: PathLike | None = None
) -> dict[str, Any]:
    """One model's line of a run summary.

    Args:
        name: the config's name.
        model: the trained model.
        metrics: its metrics.
        path: its folder, when saved.

    Returns:
        ``name``, ``task``, ``family``, ``n``, ``macro_f1`` with
        ``macro_f1_ci95`` and the baseline's, ``micro_f1`` or ``accuracy``,
        the task's own ``metric`` with its figure (``primary``,
        ``primary_ci95``, ``baseline_primary``), ``f_avg``, the CV spread,
        and ``path``/``report`` when saved.
    """
    ci = metrics.get("ci95") or {}
    base = metrics.get("baseline", {})
    row = {
        "name": name,
        "task": model.task.name,
        "family": model.family,
        "n": metrics.get("n"),
        "macro_f1": metrics.get("macro_f1"),
        "macro_f1_ci95": ci.get("macro_f1"),
        "baseline_macro_f1": base.get("macro_f1"),
    }
    key = "micro_f1" if model.task.multilabel else "accuracy"
    row[key] = metrics.get(key)
    row[f"baseline_{key}"] = base.get(key)
    # The figure the task ranks models by (its file's ``metric``).
    metric = model.task.metric or "macro_f1"
    row["metric"] = metric
    row["primary"] = metrics.get(metric)
    row["primary_ci95"] = ci.get(metric)
    row["baseline_primary"] = base.get(metric)
    if "f_avg" in metrics:
        row["f_avg"] = metrics["f_avg"]
    summary = (metrics.get("cv") or {}).get("summary", {}).get("macro_f1")
    if summary:
        row["cv_macro_f1_std"] = summary.get("std")
    if path is not None:
        row["path"] = str(path)
        row["report"] = str(Path(path) / "report.md")
    return row


# -- comparing models ------------------------------------------------------------------------


def find_models(paths: Sequence[PathLike]) -> list[Path]:
    """Model folders named directly, or found one level inside run folders.

    Args:
        paths: model folders and run folders.

    Returns:
        The model folders, run folders' models in name order.

    Raises:
        ClassifyError: a path that is neither (named).
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if (p / "model.json").is_file():
            found.append(p)
        elif p.is_dir():
            inner = sorted(q.parent for q in p.glob("*/model.json"))
            if not inner:
                raise ClassifyError("neither a model folder nor a run folder with models", source=p)
            found.extend(inner)
        else:
            raise ClassifyError("model or run folder not found", source=p)
    return found


def _display_names(paths: Sequence[Path]) -> list[str]:
    """Each model folder's name, with its parent's where two share a name
    (``runs/a/stance``, ``runs/b/stance``); one folder given twice keeps
    its name (the second is numbered by :func:`_models_named`)."""
    names = [p.name for p in paths]
    folders = [Path(p).resolve() for p in paths]
    clash = {n for n in names if len({f for f, m in zip(folders, names) if m == n}) > 1}
    return [f"{f.parent.name}/{n}" if n in clash else n for f, n in zip(folders, names)]


def _models_named(models: Sequence[ModelLike]) -> tuple[list[Classifier], list[str], list[str]]:
    """Loaded models, their display names and where they are (folder, or
    ``(in memory)``), from folders, run folders and model objects."""
    clfs: list[Classifier] = []
    where: list[str] = []
    names: list[str] = []
    paths = [m for m in models if isinstance(m, (str, Path))]
    folders = find_models(paths) if paths else []
    shown = dict(zip(map(str, folders), _display_names(folders)))
    for m in models:
        if isinstance(m, (str, Path)):
            for folder in find_models([m]):
                clfs.append(load_model(folder))
                where.append(str(folder))
                names.append(shown[str(folder)])
        else:
            clf = _as_model(m)
            clfs.append(clf)
            where.append(str(clf.path) if clf.path else "(in memory)")
            names.append(
                Path(clf.path).name if clf.path else str(clf.info.get("name") or clf.family)
            )
    counts: dict[str, int] = {}
    for i, n in enumerate(names):
        counts[n] = counts.get(n, 0) + 1
        if counts[n] > 1:
            names[i] = f"{n} ({counts[n]})"
    folders_given = [str(Path(w).resolve()) for w in where if w != "(in memory)"]
    twice = next(
        (
            w
            for w in where
            if w != "(in memory)" and folders_given.count(str(Path(w).resolve())) > 1
        ),
        None,
    )
    if twice is not None:
        # Its "difference" from itself is 0 by construction, p = 1.
        warn(f"{twice} is given twice: it is compared with itself")
    return clfs, names, where


@python_entry
def compare(
    models: Sequence[ModelLike],
    *,
    data: Data = None,
    out: PathLike | None = None,
    annotations: PathLike | Sequence[PathLike] | None = None,
    unit: str | None = None,
    metric: str | None = None,
    n_bootstrap: int = 1000,
    overwrite: bool = False,
    text_column: str | None = None,
    exclude_train: bool = False,
    options: ReadOptions | None = None,
    gold_column: str | None = None,
) -> dict[str, Any]:
    """A leaderboard of models on the same units, with 95% intervals and a
    paired bootstrap test between the best model and each other one.

    Args:
        models: model folders, run folders holding models, loaded
            :class:`Classifier` objects or :class:`TrainResult` s (at least
            two of one task).
        data: labelled data every model predicts on (paths, or in memory as
            for :func:`evaluate`; a ``DatasetDict``'s ``test`` split). Without
            it the models' own saved evaluation predictions are paired by
            unit id (models evaluated on the same split, or cross-validated
            on the same data).
        out: a folder for ``compare.md``/``.html``/``.png``/``.json`` (one
            subfolder per task when there are several); nothing is written
            without it.
        annotations: gold labels for article sources in ``data``.
        unit: the unit level for articles.
        metric: the figure to rank by and test; default each task's primary
            metric (its task file's ``metric``, macro-F1 unless it names
            ``f_avg``, ``micro_f1`` or ``accuracy``).
        n_bootstrap: bootstrap resamples (seed
            :data:`classify.evaluation.BOOTSTRAP_SEED`, clusters by article
            as in ``train`` and ``evaluate``, so the intervals match theirs);
            0 gives the figures and differences without intervals or tests.
        overwrite: replace an existing ``out``; without it an existing
            folder is an error raised before any model is loaded.
        text_column: the column holding the text (tables and DataFrames).
        exclude_train: with ``data``, leave out the units any of a task's
            models was trained on (same text, as :func:`evaluate`), so
            every model is scored on the same unseen units.
        options: how ``data`` is read (:class:`ReadOptions`: date column
            and order, id column, encoding ...); default: as the first
            model's training data was read.
        gold_column: with ``data``, the column holding the gold labels
            where it is not the task's field (models of one task only).

    Returns:
        Per task name: ``{"rows": [...], "tests": [...], "data", "metric",
        "path"}``; each row ``name``, ``family``, ``path``, ``n``, the
        figures (fractions in [0, 1]) and ``ci95`` of ``metric``; each test
        ``a_name`` (the best), ``b_name``, ``diff``, ``ci95``, ``p_value``.
        A task with one model: ``{"skipped": reason}``.

    Raises:
        ClassifyError: fewer than two models of one task, ``out`` exists
            (without ``overwrite``), a metric the task does not have, or
            saved predictions on different units (pass ``data``).
    """
    from classify import evaluation

    _check_bootstrap(n_bootstrap, 1000)
    if out is not None:
        must_be_path(out, "out")
        check_writable(Path(out), overwrite=overwrite, folder=True)
    if isinstance(models, (str, os.PathLike)):
        # One run folder holding models (iterating a string gave its letters).
        models = [models]
    from classify.memory import paths_only

    paths_only(
        models,
        "models",
        what="paths",
        advice="train and save the models first, then pass their folders",
    )
    if len(models) < 2 and not any(isinstance(m, (str, os.PathLike)) for m in models):
        raise ClassifyError("compare needs at least two models")
    clfs, names, where = _models_named(list(models))
    if len(clfs) < 2:
        raise ClassifyError("compare needs at least two models")
    examples = None
    if exclude_train and data is None:
        raise ClassifyError(
            f"{option('exclude_train', True)} applies with {option('data', 'PATH')} (the models' "
            "saved evaluation predictions are of held-out units already)"
        )
    if gold_column is not None:
        if data is None:
            raise ClassifyError(
                f"{option('gold_column', gold_column)} applies with {option('data', 'PATH')} "
                "(the models' saved evaluation predictions carry their gold labels)"
            )
        if len({c.task.name for c in clfs}) > 1:
            raise ClassifyError(
                f"{option('gold_column', gold_column)} names one task's gold column, and the "
                f"models are of {len({c.task.name for c in clfs})} tasks: compare each task's "
                "models apart"
            )
    if data is not None:
        # The models' own gold columns (a task of one's own too) and the read
        # settings of their training data (text column, date order), as
        # evaluate reads them.
        read_as = _read_as(clfs[0].task, gold_column)
        read = _with_text_column(_over_trained(options, clfs[0]), text_column)
        _warn_empty_cells_differ(clfs, names)
        examples = _read_gold(
            data,
            read,
            [read_as] if gold_column else [c.task for c in clfs],
            annotations=annotations,
            unit=unit,
            gold_column=gold_column,
        )
        examples = _gold_named(examples, read_as, clfs[0].task, read)
        tasks = list({c.task.name: c.task for c in clfs}.values())
        read_fields = {fold_label(f) for f in examples.labels}
        if not any(fold_label(t.field) in read_fields for t in tasks):
            # As evaluate says it: the fields looked for, the columns read,
            # and a folder label that names another field.
            _name_the_columns(tasks, examples, data, annotations, unit, read)
            raise _no_task_column(tasks, examples, read, shipped=False)
    by_task: dict[str, list[int]] = {}
    for i, clf in enumerate(clfs):
        by_task.setdefault(clf.task.name, []).append(i)
    comparable = {t: m for t, m in by_task.items() if len(m) >= 2}
    if not comparable:
        found = ", ".join(f"{names[m[0]]} (task '{t}')" for t, m in by_task.items())
        raise ClassifyError(
            f"compare needs at least two models of the same task; each of these has its own: "
            f"{found}"
        )
    results: dict[str, Any] = {}
    notes_for: dict[str, str] = {}  # a warning shown in compare.md too
    for task_name, members in comparable.items():
        task = clfs[members[0]].task
        rank_by = metric or task.metric
        favg = task.favg_labels
        allowed = evaluation.scalar_keys(task.kind, task.labels, favg=favg)
        if rank_by not in allowed and fold_metric(rank_by) in allowed and "/" not in rank_by:
            rank_by = fold_metric(rank_by)  # "macro-F1", "F_avg" as the field writes them
        if rank_by not in allowed:
            import difflib

            near = next((k for k in allowed if k.casefold() == str(rank_by).casefold()), None)
            near = near or next(
                iter(difflib.get_close_matches(fold_metric(rank_by), allowed, 1, 0.7)), None
            )
            raise ClassifyError(
                f"metric '{rank_by}' does not apply to task '{task.name}' "
                f"(allowed: {', '.join(allowed)})" + (f"; did you mean '{near}'?" if near else "")
            )
        excluded: dict[str, int] | None = None
        if examples is not None:
            read_from = {names[i]: task_fields(clfs[i].task) for i in members}
            # Spellings of one column (FRAME, frame; Frame Label, frame_label)
            # are read as one, as tables are.
            if len({tuple(map(fold_label, f)) for f in read_from.values()}) > 1:
                # Scored on the first model's column, the others' figures
                # would be against labels they were never taught.
                shown = "; ".join(
                    f"{n}: {', '.join(repr(f) for f in fs)}" for n, fs in read_from.items()
                )
                raise ClassifyError(
                    f"the '{task_name}' models read their gold labels from different columns "
                    f"({shown}), so one data file cannot score them alike: evaluate each with "
                    "classify evaluate, or train them on one task file"
                )
            # Labels read as evaluate reads them: "Against", " NEUTRAL ",
            # "Human Rights" are the task's (review 31c).
            # A label the task lacks stops it, or is left out and listed under skip.
            tasked = examples.check_labels([task], read).for_task(task)
            labelled = with_targets(scored_units(tasked), task)
            # Units a model was trained on flatter it, as in `evaluate`.
            seen = {i: set(training_overlap(clfs[i], labelled)) for i in members}
            overlap = {names[i]: len(seen[i]) for i in members}
            if exclude_train and any(overlap.values()):
                trained = set().union(*seen.values())
                labelled = labelled.subset([j for j in range(len(labelled)) if j not in trained])
                if not len(labelled):
                    raise ClassifyError(
                        f"every unit of the data was in the training data of a '{task_name}' model",
                        source=examples.origin,
                    )
                excluded = {"units": len(trained), **overlap}
                overlap = dict.fromkeys(overlap, 0)
            warn_small_test_part(
                task, labelled, advice=_MORE_TEST_UNITS, what="the data", intervals=n_bootstrap > 0
            )
            # Re-posted rows are counted per copy, as evaluate says.
            _warn_scored_copies(labelled, task, intervals=n_bootstrap > 0)
            y_true = labelled.y(task)
            groups = labelled.groups("auto")
            if task.target_field:
                for i in members:
                    trained = (clfs[i].info.get("training") or {}).get("targets")
                    if unseen := unseen_by(labelled.labels[task.target_field], trained):
                        warn(f"{names[i]}: {unseen_targets_note(unseen)}")
            with paired_from_column() if task.target_field else contextlib.nullcontext():
                decisions = [
                    # Each model's columns in the first model's label order.
                    _in_label_order(
                        clfs[i].task.decide(
                            clfs[i].predict_scores(list(labelled.texts)), clfs[i].thresholds
                        ),
                        clfs[i],
                        task.labels,
                        where[i],
                    )
                    for i in members
                ]
            source = labelled.origin
            measured = f"Measured on {source} ({len(labelled)} units)"
            if any(overlap.values()) and not in_cli():
                import warnings

                warnings.warn(
                    f"{_overlap_note(overlap, len(labelled))}, so their figures are optimistic; "
                    f"{option('exclude_train', True)} scores the rest",
                    TrainingOverlapWarning,
                    stacklevel=user_stacklevel(),
                )
        else:
            y_true, groups, decisions = _paired_from_saved(
                [clfs[i] for i in members],
                [where[i] for i in members],
                [names[i] for i in members],
            )
            source = "the models' own evaluation units"
            overlap = None
            protocols = {names[i]: _protocol(clfs[i]) for i in members}
            first = clfs[members[0]]
            tested_on = (first.metrics.get("evaluation") or {}).get("data") or (
                first.info.get("training") or {}
            ).get("data")
            how = protocols[names[members[0]]]
            if tested_on:
                how = f"{tested_on}" if how == "a test file" else f"{how} of {tested_on}"
            # Models saved before their units' fingerprint was kept: ids and gold only.
            texts = all(
                (clfs[i].metrics.get("evaluation") or {}).get("units_fingerprint") for i in members
            )
            measured = (
                f"Measured on the units each model was tested on when it was trained ({how}, "
                f"as {names[members[0]]} records it; {len(y_true)} units, the same ids, "
                f"{'texts ' if texts else ''}and gold for every model)"
            )
            if len(set(protocols.values())) > 1:
                mixed = "; ".join(f"{n}: {p}" for n, p in protocols.items())
                notes_for[task_name] = (
                    f"the models were evaluated under different protocols ({mixed}), so "
                    "the differences mix the models with the protocols; pass "
                    f"{option('data', 'PATH')} to compare them on the same data"
                )
                warn(notes_for[task_name])
        board = evaluation.compare_decisions(
            task.kind,
            list(task.labels),
            y_true,
            {names[i]: pred for i, pred in zip(members, decisions)},
            metric=rank_by,
            groups=groups,
            n_resamples=n_bootstrap,
            favg=favg,
        )
        import numpy as np

        unseen = [
            label
            for j, label in enumerate(task.labels)
            if not np.asarray(y_true)[:, j].any()
            and any(np.asarray(d)[:, j].any() for d in decisions)
        ]
        if unseen and rank_by in ("macro_f1", "f_avg"):
            # One label set for all models (evaluation.compare_decisions).
            said = (
                f"{', '.join(unseen)} {'has' if len(unseen) == 1 else 'have'} no gold unit in "
                "this data but a model predicts "
                f"{'it' if len(unseen) == 1 else 'them'}: every model is averaged over "
                f"{'it' if len(unseen) == 1 else 'them'} (F1 0 each), so a model that never "
                "predicts it scores below its own evaluate figure, which leaves the label out"
            )
            notes_for[task_name] = (
                f"{notes_for[task_name]}; {said}" if task_name in notes_for else said
            )
            warn(said)
        index = {names[i]: i for i in members}
        keep = ("n", "macro_f1", "micro_f1", "accuracy", "f_avg")
        table = [
            {
                "name": r["name"],
                "family": clfs[index[r["name"]]].family,
                "path": where[index[r["name"]]],
                **{k: r[k] for k in (*keep, rank_by) if k in r},
                "ci95": r["ci95"].get(rank_by),
                # Shown in compare.md too: a model scored on units it was
                # trained on is flattered there as in the terminal.
                **({"train_overlap": overlap[r["name"]]} if overlap is not None else {}),
            }
            for r in board["rows"]
        ]
        tests = board["tests"]
        entry: dict[str, Any] = {"rows": table, "tests": tests, "data": source, "metric": rank_by}
        if examples is not None and read.skipped:
            # Rows left out under on_error="skip" (a bad row, a label the task lacks).
            entry["skipped_rows"] = [k.to_dict() for k in read.skipped]
        left_out = board["rows"][0].get("undefined_labels") or []
        baseline = _compare_baseline(
            clfs[members[0]], y_true, rank_by, names[members[0]], saved=examples is None,
            average_over=[lab for lab in clfs[members[0]].task.labels if lab not in left_out],
        )  # fmt: skip
        if baseline is not None:
            entry["baseline"] = baseline
        if overlap is not None:
            entry["train_overlap"] = overlap
        if excluded is not None:
            entry["excluded_train"] = excluded
        if examples is not None:
            # Units left out unlabelled for the task, as train and evaluate say:
            # those with no label at all and those with none for this task.
            entry["data_notes"] = _data_notes(tasked, task)
        if task_name in notes_for:
            entry["warning"] = notes_for[task_name]
        if left_out and rank_by in ("macro_f1", "f_avg"):
            # As train and evaluate say it: an average over fewer labels.
            entry["undefined_labels"] = left_out
            entry["averages"] = _averages_note(rank_by, task.labels, left_out)
        if out is not None:
            from classify import reports

            folder = Path(out) if len(comparable) == 1 else Path(out) / task_name
            with atomic_dir(folder, overwrite=True) as tmp:
                reports.write_comparison(
                    tmp,
                    table,
                    title=f"{task_name}: {len(table)} models on {source}",
                    tests=tests,
                    metric=rank_by,
                    lead=_measured_note(measured, n_bootstrap, groups),
                    notes=(
                        [
                            f"**Warning:** {_overlap_note(overlap, len(labelled))}, so "
                            "their figures are optimistic."
                        ]
                        if overlap and any(overlap.values())
                        else []
                    )
                    + ([f"{_excluded_note(excluded)}."] if excluded else [])
                    + ([f"{_baseline_note(baseline)}."] if baseline else [])
                    + ([f"{entry['averages']}."] if entry.get("averages") else [])
                    + (
                        [f"{n} units of the data are unlabelled for '{task.field}' and left out."]
                        if (n := entry.get("data_notes", {}).get("unlabelled", {}).get(task.field))
                        else []
                    )
                    + ([f"**Warning:** {notes_for[task_name]}."] if task_name in notes_for else [])
                    + (
                        [f"{len(entry['skipped_rows'])} rows of the data were skipped "
                         "(on_error: skip), listed in skipped.jsonl."]
                        if entry.get("skipped_rows")
                        else []
                    ),
                    undefined=board["rows"][0].get("undefined_labels") or (),
                    averaged=task.favg_labels,
                )  # fmt: skip
                write_json(tmp / "compare.json", entry)
                if entry.get("skipped_rows"):
                    write_skipped(read, tmp)
            entry["path"] = str(folder)
        results[task_name] = entry
    for task_name, members in by_task.items():
        if task_name not in comparable:
            results[task_name] = {"skipped": f"only one '{task_name}' model: {names[members[0]]}"}
    return results


def _measured_note(measured: str, n_bootstrap: int, groups: Sequence[Any] | None) -> str:
    """compare.md's first note: which units were scored, and the resamples."""
    if not n_bootstrap:
        return f"{measured}; no bootstrap resamples."
    clustered = groups is not None and len(set(groups)) < len(groups)
    return (
        f"{measured}; {n_bootstrap} bootstrap resamples"
        + (
            f" of {len(set(groups))} clusters of units (the units of one article, and the "
            "copies of one text, drawn together)"
            if clustered
            else ""
        )
        + "."
    )


def _compare_baseline(
    clf: Classifier,
    y_true: Any,
    metric: str,
    name: str,
    *,
    saved: bool = False,
    average_over: Sequence[str] | None = None,
) -> dict[str, Any] | None:
    """The majority baseline on the compared units, as ``train`` and
    ``evaluate`` score it. On the first model's own saved evaluation units
    (``saved``), the figure its ``metrics.json`` holds (under
    cross-validation each fold's majority, from its training folds);
    otherwise each unit given what was most common in ``clf``'s training
    labels, its macro figures averaged over ``average_over`` (the labels
    the models' figures average). None where the model folder records
    neither."""
    import numpy as np

    from classify import evaluation

    task = clf.task

    def figure(scores: Mapping[str, Any]) -> Any:
        if metric.startswith("f1/"):
            return ((scores.get("per_label") or {}).get(metric[3:]) or {}).get("f1")
        return scores.get(metric)

    recorded = (clf.metrics or {}).get("baseline") or {}
    if saved and figure(recorded) is not None:
        folds = recorded.get("fitted_on") == "train" and (clf.metrics or {}).get("cv")
        return {
            "metric": metric,
            "value": figure(recorded),
            "from": name,
            "kind": task.kind,
            "per_fold": bool(folds),
            "over_all": recorded.get("fitted_on") == "all",
        }
    prior = _training_prior(clf)
    if prior is None:
        return None
    y_true = np.asarray(y_true)
    guess = evaluation.majority_baseline(task.kind, prior, len(y_true))
    labels = list(task.labels)
    scores = evaluation.compute_metrics(task.kind, labels, y_true, guess, favg=task.favg_labels)
    if average_over is not None:
        # Averages over the models' labels; per-label figures its own.
        averaged = evaluation.compute_metrics(
            task.kind, labels, y_true, guess, favg=task.favg_labels, average_over=average_over
        )
        scores.update({k: averaged[k] for k in ("macro_f1", "f_avg") if k in averaged})
    return {"metric": metric, "value": figure(scores), "from": name, "kind": task.kind}


def _averages_note(metric: str, labels: Sequence[str], left_out: Sequence[str]) -> str:
    """``macro_f1 averages 2 of 3 labels (neutral has no gold unit and no
    prediction in this data)``."""
    k = len(labels)
    one = len(left_out) == 1
    return (
        f"{metric} averages {k - len(left_out)} of {k} labels ({', '.join(left_out)} "
        f"{'has' if one else 'have'} no gold unit and no prediction in this data)"
    )


def _baseline_note(baseline: Mapping[str, Any]) -> str:
    """One line on the majority baseline of a comparison."""
    value = baseline["value"]
    shown = "-" if value is None else f"{value:.3f}"
    units = "" if baseline.get("over_all") else "training "
    what = (
        f"each label given where most {units}units stand (present or absent)"
        if baseline.get("kind") == "multilabel"
        else f"every unit given the most common {units}label"
    )
    where = (
        f"{baseline['from']}'s, per cross-validation fold, as in its metrics.json"
        if baseline.get("per_fold")
        else f"{baseline['from']}'s, over every unit its folds tested, as in its metrics.json"
        if baseline.get("over_all")
        else f"that of {baseline['from']}"
    )
    return f"majority baseline {baseline['metric']} {shown} ({what}; {where})"


def _warn_unseen_labels(examples: Examples, task: Task) -> None:
    """A task label no training unit carries can never be learned: say so
    before the work, not as an "n/a" in the figures after it."""
    from classify.tasks import label_names

    seen = {
        task.spelled(name)  # TRADE for trade: the label as the task spells it
        for value in examples.labels.get(task.field, [])
        if not task.is_unlabelled(value)
        for name in label_names(value, multilabel=task.multilabel, labels=task.labels)
    }
    unseen = [label for label in task.labels if label not in seen]
    # With one class or none, or labels the task lacks (codes such as 0, 1,
    # 2 for its names), the data is refused a step later, in one line.
    if unseen and len(seen) >= 2 and seen <= set(task.labels):
        several = len(unseen) > 1
        warn(
            f"no training unit has the label{'s' * several} "
            f"{', '.join(repr(x) for x in unseen)} of task '{task.name}'; the model cannot "
            f"learn to predict {'them' if several else 'it'}"
        )


def _corpus_tables(inputs: Any, options: ReadOptions | None) -> list[list[str]] | None:
    """The columns of each table of a corpus, where every input is one (a
    DataFrame, or existing table files whose header reads); None for
    anything else (articles, a Dataset, a missing file), which the checks
    before prediction leave to the reading."""
    from classify.memory import exists, is_in_memory, is_pandas
    from classify.tables import TABLE_SUFFIXES, table_columns

    if inputs is None:
        return None
    if is_in_memory(inputs):
        if is_pandas(inputs) and hasattr(inputs, "columns"):
            return [[str(c) for c in inputs.columns]]
        return None
    paths = [Path(inputs)] if isinstance(inputs, (str, os.PathLike)) else [Path(p) for p in inputs]
    if not paths or not all(
        exists(p) and p.is_file() and p.suffix.lower() in TABLE_SUFFIXES for p in paths
    ):
        return None
    tables = [table_columns(p, options) for p in paths]
    return None if any(c is None for c in tables) else tables  # type: ignore[return-value]


def _refuse_missing_group_column(
    inputs: Any, options: ReadOptions | None, category: str | None
) -> None:
    """A grouping by a column of the corpus's own (``by="language"``) that
    no table of the corpus (file or DataFrame) has: refused before the
    corpus is predicted, naming the columns there are. Article files and
    folders are left to the check after prediction.

    Raises:
        ClassifyError: every input is a table without that column.
    """
    from classify.analysis import CATEGORIES, GROUPINGS, PERIODS
    from classify.corpus import META_COLUMNS

    built_in = (*CATEGORIES, *PERIODS, *META_COLUMNS, "all")
    if category is None or category in built_in:
        return
    tables = _corpus_tables(inputs, options)
    # Names match whatever their case, as --keep-columns and headers do.
    if tables is None or any(category.casefold() in {str(x).casefold() for x in c} for c in tables):
        return
    have = list(dict.fromkeys(c for cols in tables for c in cols))
    raise ClassifyError(
        f"no column '{category}' to group by in the corpus (its columns: {column_list(have)}; "
        f"allowed groupings: {', '.join(GROUPINGS)}, or one of its columns)"
    )


def _refuse_speakers_of_articles(inputs: Any, options: ReadOptions | None = None) -> None:
    """``by="speaker"`` without ``unit="quote"`` on articles (folders,
    ``.txt``/``.html`` files), or on tables none of which has a ``speaker``
    column: refused before the corpus is predicted, not after.

    Raises:
        ClassifyError: every input is an article source, or a table (or
            DataFrame) without a speaker column.
    """
    from classify.articles import ARTICLE_SUFFIXES
    from classify.columns import has_column
    from classify.memory import exists, is_in_memory, is_pandas

    if inputs is None:
        return
    tables = _corpus_tables(inputs, options)
    if tables is not None:
        if any(has_column(c, "speaker") for c in tables):
            return
        if is_pandas(inputs):
            raise ClassifyError(
                f"the DataFrame has no speaker column: group quotations by speaker with "
                f"{option('unit', 'quote')}"
            )
        raise ClassifyError(
            f"no speaker column (columns: {column_list(tables[0])[:200]}): group "
            f"quotations by speaker with {option('unit', 'quote')}",
            source=", ".join(map(str, _sources(inputs, "inputs"))),
        )
    if is_in_memory(inputs):
        return
    paths = [Path(p) for p in _sources(inputs, "inputs")]
    if paths and all(
        exists(p) and (p.is_dir() or p.suffix.lower() in ARTICLE_SUFFIXES) for p in paths
    ):
        raise ClassifyError(
            f"articles have no speaker: group their quotations by speaker with "
            f"{option('unit', 'quote')}"
        )


@contextlib.contextmanager
def _no_partial_folder(path: Path | None, *, fresh: bool) -> Iterator[None]:
    """Remove ``path`` where it was ``fresh`` (made by this call) and the
    work in it fails with a ClassifyError other than :class:`Interrupted`;
    an interruption (Ctrl-C) after a task's predictions were finished says
    what was kept and how to go on."""
    try:
        yield
    except KeyboardInterrupt:
        kept = (
            sorted(p.name for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if path and path.is_dir()
            else []
        )
        if kept:
            missing = "" if "report.html" in kept else " (the report is not written yet)"
            raise Interrupted(
                f"interrupted; {', '.join(kept)} kept in {path}{missing}: run again "
                f"with {option('resume', True)} to continue"
            ) from None
        raise
    except ClassifyError as exc:
        if fresh and path is not None and not isinstance(exc, Interrupted):
            import shutil

            shutil.rmtree(path, ignore_errors=True)
        raise


def _by_time(by: str) -> bool:
    """Whether ``by`` groups by a period (``month``, ``quarter``, ``year``),
    alone or beside another grouping (``source,year``)."""
    return any(part.strip() in ("month", "quarter", "year") for part in by.split(","))


def _coarse_dates(table: Any, category: str, period: str | None) -> str | None:
    """The period (``month`` or ``quarter``) no unit's date has, where every
    dated group is a year only (``2021 (no month)``); else None."""
    from classify.analysis import UNKNOWN, split_group

    time = period or category
    if time not in ("month", "quarter"):
        return None
    times = {split_group(g)[1] if period else g for g in table["group"]}
    if times <= {UNKNOWN} or not all(g == UNKNOWN or g.endswith(f"(no {time})") for g in times):
        return None
    return time


def _ungrouped(table: Any, category: str, period: str | None) -> str | None:
    """The grouping no unit has a value for (every unit in ``(unknown)``)
    among ``month``, ``quarter``, ``year``, ``source`` and ``dateline``; else None."""
    from classify.analysis import UNKNOWN, split_group

    parts = [split_group(g) for g in table["group"]] if period else None
    for name, values in (
        (category, {p[0] for p in parts} if parts else set(table["group"])),
        (period, {p[1] for p in parts} if parts else set()),
    ):
        if name in ("month", "quarter", "year", "source", "dateline") and values <= {UNKNOWN}:
            return name
    return None


# What to do about a labelled file too small to test on (evaluate, compare).
_MORE_TEST_UNITS = "label more units of this kind to test on"


def _gold_units(
    clf: Classifier,
    data: Data,
    read: ReadOptions,
    *,
    annotations: PathLike | Sequence[PathLike] | None = None,
    unit: str | None = None,
    gold_column: str | None = None,
) -> Examples:
    """The labelled units of ``data`` for the model's task (a DatasetDict's
    test split), blank cells warned about and labels checked, as
    :func:`evaluate` and the error rates of a sample read them; the gold
    labels from ``gold_column`` where given (else the task's field).

    Raises:
        ClassifyError: unreadable data, no gold labels for the task, or a
            label the task does not have.
    """
    read_as = _read_as(clf.task, gold_column)
    examples = _read_gold(
        data, read, [read_as], annotations=annotations, unit=unit, gold_column=gold_column
    )
    examples = _gold_named(examples, read_as, clf.task, read)
    if not examples.has_labels(clf.task):
        if clf.task.field not in examples.labels:
            raise _no_task_column([clf.task], examples, read, shipped=False)
        raise ClassifyError(f"the data has no '{clf.task.field}' labels", source=examples.origin)
    warn_blank_cells(examples, [clf.task])
    _warn_labels_inherited(examples)
    return scored_units(examples.check_labels([clf.task], read).for_task(clf.task))


def scored_units(examples: Examples, what: str = "the data") -> Examples:
    """The gold units of data to score a model on: silver ones (the data's
    ``silver`` column) are left out, and said to be.

    Args:
        examples: labelled units read for a model's task.
        what: how the warning names the data ("the test data").

    Returns:
        ``examples`` without its silver units (``examples`` itself where it
        has none).

    Raises:
        ClassifyError: data whose labelled units are all silver.
    """
    gold, silver = examples.gold_and_silver()
    if silver is None:
        return examples
    warn(
        f"{len(silver)} silver unit{'s' * (len(silver) > 1)} of {what} "
        f"{'are' if len(silver) > 1 else 'is'} not scored (its 'silver' column): silver labels "
        "train a model, they never test one"
    )
    return gold


def _sample_predictions(
    clf: Classifier, data: Data, options: ReadOptions | None
) -> tuple[Predictions, dict[str, Any]]:
    """The model's predictions on labelled units of the corpus's own kind
    (``analyse(rates_data=)``), decided at its thresholds, as its held-out
    predictions are stored; and what to record of them (``method``:
    ``sample``, ``data``, ``in_training``: units also in the model's training
    data, which make the rates optimistic, said among the notes)."""
    from classify import evaluation

    try:
        examples = _gold_units(clf, data, _over_trained(options, clf))
    except ClassifyError as exc:
        raise ClassifyError(
            f"the data for the error rates of '{clf.task.name}' "
            f"({option('rates_data', 'FILE', flag='--rates-from')}): {exc.message}",
            source=exc.source,
            where=exc.where,
        ) from None
    examples = with_targets(examples, clf.task)
    proba = clf.predict_scores(list(examples.texts))
    held = Predictions(
        list(clf.labels),
        list(examples.ids),
        evaluation.bootstrap_groups(examples.groups("auto")),
        examples.y(clf.task),
        clf.task.decide(proba, clf.thresholds),
        proba,
    )
    # Units also in the training data: said once, among the analysis's notes.
    seen = len(training_overlap(clf, examples))
    return held, {"method": "sample", "data": examples.origin, "in_training": seen}


def _rates_from(clf: Classifier, held: Predictions | None = None) -> dict[str, Any]:
    """What a model's corrections rest on: how many held-out units its error
    rates come from (``held``, default the model's own evaluation
    predictions), the label with the fewest gold positives among them,
    every label with none (``unrated``), the labels no training unit had
    (``untrained``: the model never predicts them), whether the task is
    multilabel and whether the probabilities are calibrated (EM trusts
    them)."""
    counts_trained = (clf.info.get("training") or {}).get("label_counts") or {}
    untrained = [label for label in clf.labels if counts_trained and not counts_trained.get(label)]
    common = {
        "untrained": untrained,
        "multilabel": bool(clf.task.multilabel),
        "calibrated": bool(clf.calibration),
    }
    held = held if held is not None else clf.predictions
    y = held.y_true if held is not None else None
    if y is None or not len(y):
        return {"units": 0, "label": None, "positives": 0, "unrated": list(clf.labels), **common}
    counts = y.sum(axis=0)
    j = int(counts.argmin())
    # Decided as the corpus is, at the saved model's thresholds.
    decided = clf.task.decide(held.proba, clf.thresholds)
    return {
        "units": len(y),
        "errors": int((decided != y).any(axis=1).sum()),
        "per_label": _label_rates(clf.labels, y, decided, held.proba),
        "ill_posed": _ill_posed(clf, y, decided, held.proba),
        "label": clf.labels[j],
        "positives": int(counts[j]),
        "unrated": [label for label, n in zip(clf.labels, counts, strict=True) if not n],
        "method": ((clf.metrics or {}).get("evaluation") or {}).get("method"),
        **common,
    }


def _label_rates(labels: Sequence[str], y: Any, decided: Any, proba: Any) -> dict[str, Any]:
    """Each label's error rates on the held-out units, as the corrections
    read them: ``positives`` and ``negatives`` (units with and without the
    label), ``tpr`` and ``fpr`` (share of each decided to have it: ACC's
    rates) and ``p_pos`` and ``p_neg`` (mean probability of the label on
    each: PACC's), rounded to 4 places; None where a side has no unit."""
    import numpy as np

    y, decided, proba = np.asarray(y), np.asarray(decided), np.asarray(proba, dtype=float)

    def mean(values: Any, side: Any) -> float | None:
        return round(float(values[side].mean()), 4) if side.any() else None

    out: dict[str, Any] = {}
    for j, label in enumerate(labels):
        pos, neg = y[:, j] == 1, y[:, j] == 0
        out[label] = {
            "positives": int(pos.sum()),
            "negatives": int(neg.sum()),
            "tpr": mean(decided[:, j], pos),
            "fpr": mean(decided[:, j], neg),
            "p_pos": mean(proba[:, j], pos),
            "p_neg": mean(proba[:, j], neg),
        }
    return out


# Held-out units of each label (each side of a topic) EM's recalibration
# needs: fewer, and a rare label's EM share ran to the whole corpus
# (check 84: 0.55 and 1.00 where 0.11 and 0.10 were true), as ACC and PACC
# are said to rest on thin rates below this many positives too.
EM_MIN_UNITS = 10


def _ill_posed(clf: Classifier, y: Any, decided: Any, proba: Any) -> dict[str, list[str]]:
    """The labels whose ACC, PACC or EM correction the rates cannot support
    (:func:`classify.analysis.ill_posed_note`): for a multilabel task, a
    label with positives and negatives among the units whose hit rate is
    not above its false-alarm rate (decisions for ACC, mean probabilities
    for PACC); for a single-label task, every label where the rates matrix
    ``(k, k)`` is singular (a label never predicted among the units). EM:
    a label with fewer than :data:`EM_MIN_UNITS` units on either side (or
    that PACC cannot correct), and for a single-label task every label
    where one has fewer."""
    import numpy as np

    y, decided, proba = np.asarray(y), np.asarray(decided), np.asarray(proba, dtype=float)
    out: dict[str, list[str]] = {"acc": [], "pacc": [], "em": []}
    if clf.task.multilabel:
        for j, label in enumerate(clf.labels):
            pos, neg = y[:, j] == 1, y[:, j] == 0
            if not pos.any() or not neg.any():
                continue  # no rate at all: "unrated", said apart
            if decided[pos, j].mean() <= decided[neg, j].mean():
                out["acc"].append(label)
            if proba[pos, j].mean() <= proba[neg, j].mean():
                out["pacc"].append(label)
            if min(pos.sum(), neg.sum()) < EM_MIN_UNITS or label in out["pacc"]:
                # Its recalibration rests on a handful of units, and the
                # refitted model's probabilities of a rare label move most.
                out["em"].append(label)
        return out
    present = y.any(axis=0)
    if not present.all():
        return out  # a label without units is "unrated", said apart
    if y.sum(axis=0).min() < EM_MIN_UNITS:
        out["em"] = list(clf.labels)  # one recalibration for every label
    truth = y.argmax(axis=1)
    hard = np.array([decided[truth == j].mean(axis=0) for j in range(y.shape[1])]).T
    soft = np.array([proba[truth == j].mean(axis=0) for j in range(y.shape[1])]).T
    if np.linalg.matrix_rank(hard) < y.shape[1]:
        out["acc"] = list(clf.labels)
    if np.linalg.matrix_rank(soft) < y.shape[1]:
        out["pacc"] = list(clf.labels)
    return out


def _check_test_overlap(metrics: dict[str, Any], train: Examples, test: Examples) -> None:
    """A test file that shares units with the training data (same text up
    to case and spacing) flatters the model: counted in
    ``metrics["train_overlap"]`` and warned about, as :func:`evaluate` does."""
    # Train and test read at one level: no sentence keys to cut.
    shared = [test.ids[i] for i in _in_record(_unit_record(train, sentences=False), test)]
    metrics["train_overlap"] = {"count": len(shared), "ids": shared[:20]}
    if shared:
        message = (
            f"{len(shared)} of the {len(test)} test units are also in the training data "
            "(same text), so the figures are optimistic; a test file should hold "
            "only items that are not in the training data"
        )
        if in_cli():
            warn(message)
        else:
            import warnings

            warnings.warn(message, TrainingOverlapWarning, stacklevel=user_stacklevel())


def _protocol(clf: Classifier) -> str:
    """How a model's saved evaluation predictions were made, in words
    (``5-fold CV grouped by source``, ``held-out date split``)."""
    how = (clf.metrics or {}).get("evaluation") or {}
    if how.get("method") == "cv":
        from classify.evaluation import cv_words

        return cv_words(
            how.get("folds"), how.get("group"), each_own=bool(how.get("each_unit_own_group"))
        )
    if how.get("method") == "holdout":
        return f"held-out {how.get('split')} split"
    if how.get("method") == "test":
        return "a test file"
    return str(how.get("method") or "unknown")


def _excluded_note(excluded: Mapping[str, int]) -> str:
    """``left out 12 units the models were trained on (a: 12, b: 3)``."""
    per = ", ".join(f"{name}: {n}" for name, n in excluded.items() if name != "units")
    return f"left out {excluded['units']} units the models were trained on ({per})"


def _overlap_note(overlap: Mapping[str, int], n: int) -> str:
    """``of these 40 units, the training data of a held 3 and of b 40``
    (models with none left out)."""
    parts = " and ".join(f"of {name} held {count}" for name, count in overlap.items() if count)
    return f"of these {n} units, the training data {parts}"


def _in_label_order(matrix: Any, clf: Classifier, labels: Sequence[str], path: Any) -> Any:
    """``matrix`` (``(n, k)``, columns in ``clf.labels`` order) with its
    columns in the order of ``labels``: two models of one task may list its
    labels in another order (a task file of one's own).

    Raises:
        ClassifyError: the model's labels are not ``labels``.
    """
    own = list(clf.labels)
    if own == list(labels):
        return matrix
    if sorted(own) != sorted(labels):
        raise ClassifyError(
            f"labels {', '.join(own)} are not the first model's ({', '.join(labels)}) for task "
            f"'{clf.task.name}': not the same task",
            source=path,
        )
    return matrix[:, [own.index(label) for label in labels]]


def _paired_from_saved(
    clfs: Sequence[Classifier], paths: Sequence[str], names: Sequence[str] | None = None
):
    """Gold labels, groups and decisions of saved models, aligned by unit id;
    ``names`` tell models in memory apart in errors."""
    import numpy as np

    def shown(i: int) -> str:
        if paths[i] == "(in memory)" and names:
            return f"'{names[i]}' (in memory)"
        return paths[i]

    preds = []
    for clf, path in zip(clfs, paths):
        if clf.predictions is None:
            raise ClassifyError(
                "model has no saved evaluation predictions; pass "
                f"{option('data', 'PATH')} to compare on data",
                source=path,
            )
        p, redecided = clf.held_out_predictions()
        if redecided:
            from classify.store import _thresholds_text

            # Its saved decisions were made at the thresholds it was
            # evaluated with; the leaderboard scores the model as it predicts.
            warn(
                f"{shown(len(preds))}: thresholds set by hand "
                f"({_thresholds_text(clf.labels, clf.thresholds)}); its saved evaluation "
                "predictions are decided again at them (its metrics.json keeps the figures "
                "of the thresholds it was evaluated with)"
            )
        # Gold and decisions in the first model's label order.
        preds.append(
            dataclasses.replace(
                p,
                y_true=_in_label_order(p.y_true, clf, clfs[0].labels, path),
                y_pred=_in_label_order(p.y_pred, clf, clfs[0].labels, path),
            )
        )
    common = set(preds[0].ids)
    for i, p in enumerate(preds[1:], start=1):
        if set(p.ids) != common:
            raise ClassifyError(
                f"{shown(i)}: evaluated on other units than {shown(0)}; pass "
                f"{option('data', 'PATH') if in_cli() else 'data= (a path, or data in memory)'} "
                "to compare on the same data"
            )
    prints = [(c.metrics.get("evaluation") or {}).get("units_fingerprint") for c in clfs]
    for i, fp in enumerate(prints[1:], start=1):
        if fp and prints[0] and fp != prints[0]:
            # The same ids (1..N, as files number rows) over other texts.
            raise ClassifyError(
                f"{shown(i)}: evaluated on units with the same ids as {shown(0)} but other "
                f"texts (another test file); pass "
                f"{option('data', 'PATH') if in_cli() else 'data= (a path, or data in memory)'} "
                "to compare on the same data"
            )
    # The first model's own order: its intervals are then exactly those its
    # training run reported (the bootstrap resamples positions).
    order = list(preds[0].ids)
    aligned = []
    for p in preds:
        index = {u: i for i, u in enumerate(p.ids)}
        aligned.append([index[u] for u in order])
    y_true = preds[0].y_true[aligned[0]]
    for p, idx, path in zip(preds[1:], aligned[1:], paths[1:]):
        if not np.array_equal(p.y_true[idx], y_true):
            raise ClassifyError(
                "gold labels differ from the first model's; not the same data", source=path
            )
    groups = None if preds[0].groups is None else [preds[0].groups[i] for i in aligned[0]]
    return y_true, groups, [p.y_pred[idx] for p, idx in zip(preds, aligned)]
