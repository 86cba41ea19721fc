"""From raw articles to gold labels: export units for annotators, import what
they produced, measure agreement, adjudicate, and audit gold labels.

The project's annotation format (``seeds/annotations.jsonl``) is JSONL, one
line per unit and annotator::

    {"unit": "ART:p3", "level": "paragraph", "text": "...", "topics": ["sanctions"],
     "stance": "favour", "annotator": "ann1", "time": "2026-11-30T16:00:00+00:00"}

``export_units`` writes units to label as CSV, JSONL, a Label Studio project
(tasks JSON + labelling config XML generated from the task files) or a doccano
JSONL; ``import_annotations`` reads all four back (plus an adjudication file)
and checks every label against the task files and every unit id against the
source. ``agreement`` computes the statistics of :mod:`classify.agreement`
per task and per topic label and writes the disagreements as an adjudication
file. The label audit is in :mod:`classify.audit`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import random
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from classify.columns import annotator_of
from classify.dates import DateOrderError
from classify.errors import ClassifyError, column_list, in_cli, option, warn
from classify.tables import (
    ReadOptions,
    check_data_type,
    check_options,
    json_problem,
    python_entry,
)
from classify.tasks import (
    Task,
    empty_sets,
    fold_label,
    is_blank,
    label_names,
    pending_adjudication,
    row_labels,
    text_form,
)
from classify.text import id_form

PathLike = str | Path
FORMATS = ("csv", "jsonl", "label-studio", "doccano")
STRATEGIES = ("random", "stratified", "active")
ADJUDICATION = "adjudication.jsonl"


# -- records ------------------------------------------------------------------------


@dataclass
class Record:
    """One annotator's labels for one unit."""

    unit: str
    values: dict[str, Any]  # task field -> label name (multiclass) or list (multilabel)
    annotator: str
    time: str | None = None
    text: str | None = None
    level: str | None = None
    note: str | None = None
    where: str = ""
    # The article a table row belongs to (an `Article ID` column), so a gold
    # file read as data groups its rows by it.
    article_id: str | None = None
    # The unit's date and outlet, from the sources or the annotators' file,
    # so a gold file read as data splits by date or source as the articles do.
    date: str | None = None
    source: str | None = None

    def to_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"unit": self.unit}
        if self.level:
            row["level"] = self.level
        if self.article_id:
            row["article_id"] = self.article_id
        if self.date:
            row["date"] = self.date
        if self.source:
            row["source"] = self.source
        if self.text is not None:
            row["text"] = self.text
        row.update(self.values)
        row["annotator"] = self.annotator
        if self.time:
            row["time"] = self.time
        if self.note:
            row["note"] = self.note
        return row


# The annotator of records imported from an adjudication file (the gold).
ADJUDICATED = "adjudicated"


def _tasks(tasks: Sequence[PathLike | Task] | None) -> list[Task]:
    from classify.api import default_tasks

    if tasks and all(isinstance(t, Task) for t in tasks):
        return list(tasks)  # type: ignore[arg-type]
    found = default_tasks([t for t in tasks or [] if not isinstance(t, Task)])
    if not found:
        raise ClassifyError(
            f"no task files (pass {option('tasks', 'classify/task_files/topic.yaml', flag='--task')} ...)"
        )
    return found


def _load_units(
    sources: Any,
    unit: str | None,
    text_column: str | None = None,
    options: ReadOptions | None = None,
):
    """Units of the sources (paths, or data in memory: a list of texts, a
    pandas or Hugging Face table) at one level, with each article's title,
    the level's name and each unit's kind (``row`` for a whole table row);
    tables read with ``options`` (``text_column`` over its own)."""

    from classify.articles import is_table_row, read_articles
    from classify.data import units_of
    from classify.memory import is_in_memory, memory_articles
    from classify.units import row_parent

    options = options or ReadOptions()
    if text_column:
        options = dataclasses.replace(options, text_column=text_column, skipped=options.skipped)
    if (
        isinstance(sources, (list, tuple))
        and len(sources) == 1
        and not isinstance(sources[0], (str, Path))
    ):
        sources = sources[0]  # [df]: the one table
    if is_in_memory(sources):
        articles = [a for a, _ in memory_articles(sources, options)]
        if not articles:
            raise ClassifyError("no readable rows in the data given")
    else:
        paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
        if not paths:
            raise ClassifyError("no sources given")
        articles = read_articles(paths, options=options)
    units, level = units_of(articles, unit)
    titles = {a.id: a.title for a in articles}
    # What each unit is, as dataset.json and predict say it: a whole table
    # row is a `row`, whatever --unit says.
    table_rows = {a.id for a in articles if is_table_row(a)}
    kinds = {
        u.id: "row" if u.level == "article" and u.article_id in table_rows else u.level
        for u in units
    }
    # A table row that names its article (an article_id column, an
    # exported a01:p2 id) belongs to that article, as in data and predict:
    # annotators see the researcher's article ids, and sampling by article
    # keeps its rows together.
    parents = {
        a.id: parent[0]
        for a in articles
        if is_table_row(a) and (parent := row_parent(a)) is not None
    }
    if parents:
        for a_id, parent in parents.items():
            titles.setdefault(parent, titles.get(a_id))
        units = [
            dataclasses.replace(u, article_id=parents[u.article_id])
            if u.article_id in parents
            else u
            for u in units
        ]
    return units, titles, level, kinds


def labelled_units(
    files: Any,
    tasks: Sequence[PathLike | Task] | None = None,
    *,
    encoding: str | None = None,
    text_of: dict[str, str] | None = None,
) -> tuple[set[str], set[str]]:
    """Units that already carry a label in annotation files.

    Any format :func:`import_annotations` reads (our CSV/TSV/JSONL, a gold
    file, a Label Studio or doccano export, an adjudication file) counts, and
    so does a table in memory (a pandas DataFrame or Hugging Face Dataset
    with a ``unit`` or ``id`` and a ``text`` column) or what
    :func:`import_annotations` returned (an :class:`ImportResult`); a row is
    labelled when it has a value for one of the ``tasks``' fields (default:
    the shipped ones, ``topics`` and ``stance``); a label of another task
    does not make a unit labelled for these. ``encoding`` is the files'
    text encoding (default UTF-8; a UTF-8 file stays UTF-8). ``text_of``,
    where given, is filled with each labelled id's text as the files hold
    it (the first), for :func:`edited_units`.

    Returns:
        ``(ids, texts)``: the unit ids labelled, and the whitespace-normalised
        texts of labelled rows (so a row matched by its text, or the same
        text under another unit id, counts too).

    Raises:
        ClassifyError: a file is missing or cannot be read.
    """
    specs = _tasks(tasks)
    fields = list(dict.fromkeys(t.field for t in specs))
    ids: set[str] = set()
    texts: set[str] = set()

    def add(unit: Any, text: Any, row: dict[str, Any], source: Any, where: str | None) -> None:
        named = isinstance(text, str) and bool(text.strip())
        if unit not in (None, "") and str(unit).strip():
            ids.add(str(unit).strip())
            if named and text_of is not None:
                text_of.setdefault(str(unit).strip(), str(text))
        elif not named:
            # A labelled row that names no unit would leave nothing out, silently.
            from classify.data import no_unit_hint

            raise ClassifyError(
                "labelled row names no 'unit' id and no 'text'" + no_unit_hint(row),
                source=source,
                where=where,
            )
        if named:
            texts.add(_norm(text))

    from classify.memory import is_hf_dataset, is_pandas

    if is_pandas(files) or is_hf_dataset(files) or isinstance(files, (str, Path, ImportResult)):
        files = [files]
    for f in files:
        if isinstance(f, ImportResult):
            for r in f.records:
                if any(k in r.values for k in fields):
                    add(r.unit, r.text, {}, "ImportResult", None)
            continue
        if is_pandas(f) or is_hf_dataset(f):
            # Labels and a unit id or text are what count, whatever the
            # text column is called; df.set_index("id") keeps its ids.
            table = f.reset_index() if is_pandas(f) and f.index.name in ("id", "unit") else f
            rows = table.to_dict("records") if is_pandas(table) else list(table)
            for i, row in enumerate(rows):
                kind = "DataFrame" if is_pandas(f) else "Dataset"
                row = _coder_row(row, [*fields, *_RECORD_COLUMNS], specs, kind, f"row {i}")
                if any(not is_blank(row.get(k)) for k in fields):
                    add(row.get("unit") or row.get("id"), row.get("text"), row, kind, f"row {i}")
            continue
        path = Path(f)
        if not path.is_file():
            raise ClassifyError("file not found", source=path)
        labelled_rows = 0
        # Our own rows that name no unit are refused below, with their columns.
        for raw, where in _rows_to_records(path, None, specs, encoding):
            if isinstance(raw, dict) and (raw.get("unit") or raw.get("text")):
                labelled_rows += 1
                add(raw.get("unit"), raw.get("text"), raw, path, where)
        # A row whose label the tasks refuse (a task file not passed) was
        # still labelled by someone: our own rows count by their cells.
        others: set[str] = set()
        refused: list[str] = []
        refused_rows = 0
        for row, where in _raw_rows(path, encoding):
            if detect_format(row) != "ours":
                continue
            row = _coder_row(row, [*fields, *_RECORD_COLUMNS], specs, path, where)
            if any(not is_blank(row.get(k)) for k in fields):
                labelled_rows += 1
                add(row.get("unit") or row.get("id"), row.get("text"), row, path, where)
                found = _refused_labels(row, specs, path, where)
                refused += found
                refused_rows += bool(found)
            else:
                others |= {k for k, v in row.items() if k not in _NOT_LABELS and not is_blank(v)}
        if refused:
            # Someone labelled those units, so they are not handed out again;
            # but their label never reaches the gold until it is fixed.
            warn(
                f"{path}: {refused_rows} {'row holds' if refused_rows == 1 else 'rows hold'} "
                f"a label its task does not have ({refused[0]}"
                + (f" (also as {', '.join(again)})" if (again := _spellings(refused)[0]) else "")
                + (f"; also {also}" if (also := _also(refused)) else "")
                + "): "
                + (
                    "its unit counts as labelled and is not handed out again"
                    if refused_rows == 1
                    else "their units count as labelled and are not handed out again"
                )
                + ", but annotate import refuses the label: fix it in the file"
            )
        if not labelled_rows and not others:
            # A batch handed out and not yet labelled: its units go out again.
            warn(
                f"{path}: no row has a label ({_fields(fields)}), so it leaves no unit "
                "out: a unit counts as labelled once it has a label, and a batch handed "
                "out and not yet labelled may go out again"
            )
        if others:
            # A gold file of a task not given: its units would go out again.
            warn(
                f"{path}: rows with {', '.join(sorted(others)[:5])} but no "
                f"{no_task_label_hint(specs)}, or those rows are not left out"
            )
    return ids, texts


def _spellings(refused: Sequence[str]) -> list[list[str]]:
    """Per label refused, in order met, its other spellings met after its
    first: 'Pro', 'pro' and 'PRO' are one label to fix, written three ways
    (``[["'pro'", "'PRO'"], []]``)."""
    first: dict[str, str] = {}
    again: dict[str, list[str]] = {}
    for name, _ in _refused_names(refused):
        key = name.casefold()
        first.setdefault(key, name)
        if name != first[key] and name not in again.setdefault(key, []):
            again[key].append(name)
    return [again.get(key, []) for key in first]


def _refused_names(refused: Sequence[str]) -> list[tuple[str, str]]:
    """Each refusal's label (quoted as the message quotes it) and place."""
    out = []
    for text in refused:
        place, _, rest = text.partition(": ")
        label = re.search(r"label ('[^']*'|\S+)", rest)
        out.append((label[1] if label and rest else text[:60], place))
    return out


def _also(refused: Sequence[str]) -> str:
    """The other labels refused, each once, at its first row: ``'Favor'
    (line 2), 'meh' (line 4; also as 'MEH')`` (three at most, then how
    many more labels; one label in other cases is the same label, its other
    spellings named); ``refused[0]``'s label, said in full before, is not
    repeated, nor are its other spellings."""
    first: dict[str, tuple[str, str]] = {}
    for name, place in _refused_names(refused):
        first.setdefault(name.casefold(), (name, place))
    spellings = _spellings(refused)
    others = list(zip(first.values(), spellings))[1:]
    shown = [
        f"{label} ({place}" + (f"; also as {', '.join(again)}" if again else "") + ")"
        for (label, place), again in others[:3]
    ]
    more = len(others) - len(shown)
    return ", ".join(shown) + (f" and {more} more label{'s' * (more > 1)}" if more else "")


def _refused_labels(
    row: dict[str, Any], specs: Sequence[Task], path: Path, where: str | None
) -> list[str]:
    """``["line 3: label 'pro' is not in task 'stance' ..."]`` for a row's
    label cells that :func:`import_annotations` would refuse; ``[]``."""
    for task in specs:
        value = row.get(task.field)
        if is_blank(value):
            continue
        try:
            _check_value(task, value, source=path, where=where or "")
        except ClassifyError as exc:
            first = f"{where}: {exc.message}" if where else exc.message
            # A topics cell may hold several labels the task lacks: each is named.
            names = label_names(value, multilabel=task.multilabel, labels=task.labels)
            bad = [n for n in map(task.spelled, names) if n not in task.labels]
            return [first] + [
                f"{where}: label '{n}' is not in task '{task.name}'" if where else f"label '{n}'"
                for n in dict.fromkeys(bad[1:])
            ]
    return []


# Columns of annotation and export files that are not labels.
_NOT_LABELS = frozenset(
    {*("unit", "id", "text", "level", "annotator", "time", "note", "article_id", "title"),
     *("date", "source", "sources", "section", "author", "site", "dateline", "paragraph"),
     *("position", "weight", "suggested", "status", "annotation_id", "lead_time"),
     *("created_at", "updated_at", "score")}
)  # fmt: skip


def edited_units(done: set[str], text_of: Mapping[str, str], units: Sequence[Any]) -> set[str]:
    """The ids of ``done`` (labelled, :func:`labelled_units`) whose text in
    the labelled files is not the sources' unit's of that id: an article
    edited since it was labelled (a paragraph reworded, or one added or
    removed, which renumbers those after it). Compared as ``annotate
    import`` compares them (whitespace and case folded, quote marks
    straightened; a text Excel cut at its cell limit is the same text)."""
    from classify.data import same_text

    forms = {id_form(k): v for k, v in text_of.items()}
    edited = set()
    for u in units:
        stored = forms.get(id_form(u.id))
        if u.id not in done or stored is None or not stored.strip():
            continue
        if same_text(stored, u.text) or _cut_by_excel(stored, u.text):
            continue
        edited.add(u.id)
    return edited


def _cut_by_excel(text: str, source_text: str) -> bool:
    """Whether ``text`` is ``source_text`` cut at Excel's cell limit, as a
    sheet saves a long unit."""
    return (
        len(text) == EXCEL_CELL_LIMIT
        and len(source_text) > EXCEL_CELL_LIMIT
        and _norm(source_text).startswith(_norm(text))
    )


def warn_edited(edited: set[str], name: str) -> None:
    """Say which labelled ids :func:`edited_units` found edited: they are
    handed out again, as unlabelled."""
    if not edited:
        return
    first = sorted(edited)[:3]
    n = len(edited)
    warn(
        f"the {option(name)} files label {n} unit{'s' * (n > 1)} whose text the sources now "
        f"give differently ({', '.join(repr(i) for i in first)}{', ...' if n > 3 else ''}): "
        "an article edited since it was labelled (a paragraph reworded, added or removed "
        f"renumbers those after it); {'they are' if n > 1 else 'it is'} not left out, and "
        "annotate import --source names the labels that no longer match"
    )


def as_source_ids(done: set[str], units: Sequence[Any]) -> set[str]:
    """``done`` with the ids of ``units`` that are one of them in another
    Unicode form (:func:`classify.text.id_form`), so a unit labelled under
    its id typed with composed accents is the source's unit whose file name
    has them decomposed."""
    forms = {id_form(d) for d in done}
    return done | {u.id for u in units if u.id not in done and id_form(u.id) in forms}


def labelled_ids(
    files: Sequence[PathLike], tasks: Sequence[PathLike | Task] | None = None
) -> set[str]:
    """Unit ids that already carry a label in annotation files (see
    :func:`labelled_units`; rows without a unit id are ignored)."""
    return labelled_units(files, tasks)[0]


def tasks_for_model(clf: Any, tasks: Sequence[PathLike | Task] | None) -> list[Task]:
    """The tasks to export units for when a model chose them: the ``tasks``
    given, else the shipped ones when the model's task is one of them, else
    the model's own task (a custom task's labels, not topic and stance)."""
    if tasks:
        return _tasks(tasks)
    shipped = _tasks(None)
    if any(t.field == clf.task.field for t in shipped):
        return shipped
    return [clf.task]


# -- export -------------------------------------------------------------------------


def sample_units(
    n_units: int,
    n: int | None,
    *,
    strategy: str = "random",
    groups: Sequence[str] | None = None,
    scores: np.ndarray | None = None,
    seed: int = 0,
) -> list[int]:
    """Indices of ``n`` units to label (all when ``n`` is None).

    ``random``: a uniform sample. ``stratified``: round-robin over groups
    (articles), so every article contributes before any gives a second unit.
    ``active``: the ``n`` highest ``scores`` (an informativeness score from
    :mod:`classify.active`).
    """
    if strategy not in STRATEGIES:
        raise ClassifyError(f"unknown strategy '{strategy}' (allowed: {', '.join(STRATEGIES)})")
    order = list(range(n_units))
    if n is None or n >= n_units:
        return order
    if n < 1:
        raise ClassifyError(f"{option('sample')} must be at least 1, got {n}")
    rng = random.Random(seed)
    if strategy == "random":
        return sorted(rng.sample(order, n))
    if strategy == "active":
        if scores is None:
            raise ClassifyError(f"strategy 'active' needs a model ({option('model', 'MODEL')})")
        return sorted(np.argsort(-np.asarray(scores), kind="stable")[:n].tolist())
    by_group: dict[str, list[int]] = {}
    for i in order:
        by_group.setdefault(groups[i] if groups else str(i), []).append(i)
    queues = list(by_group.values())
    for q in queues:
        rng.shuffle(q)
    rng.shuffle(queues)
    chosen: list[int] = []
    while len(chosen) < n:
        for q in queues:
            if q and len(chosen) < n:
                chosen.append(q.pop())
    return sorted(chosen)


def label_studio_config(tasks: Sequence[Task], *, titled: bool = True) -> str:
    """The Label Studio labelling config (XML) for the tasks: a multi-choice
    block for multilabel tasks, a single choice for multiclass ones, each
    label's description as its hint; the unit's article title above its text
    where ``titled`` (units of table rows without titles show no empty
    header)."""
    lines = [
        "<View>",
        *(['  <Header value="$title"/>'] if titled else []),
        '  <Text name="text" value="$text"/>',
    ]
    sets_only = all(t.multilabel for t in tasks)
    for task in tasks:
        how = "any number" if task.multilabel else "exactly one"
        if sets_only:
            # Submitting with none ticked is read as "none of them" here.
            how += "; submit with none ticked for none of them"
        lines.append(f'  <Header value="{escape(task.name)} ({how})"/>')
        choice = "multiple" if task.multilabel else "single"
        required = "" if task.multilabel else ' required="true"'
        lines.append(
            f'  <Choices name="{escape(task.field)}" toName="text" choice="{choice}"'
            f' showInLine="true"{required}>'
        )
        for label in task.labels:
            hint = task.descriptions.get(label, "")
            hint_attr = f' hint="{escape(hint, quote=True)}"' if hint else ""
            lines.append(f'    <Choice value="{escape(label)}"{hint_attr}/>')
        lines.append("  </Choices>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def doccano_label(task: Task, label: str) -> str:
    """A label's name in a doccano project holding every task: ``task:label``."""
    return f"{task.name}:{label}"


# The doccano label of a label-set task that says "none of these": doccano
# exports a document never labelled with no label too, so the empty set
# needs a label of its own.
DOCCANO_NONE = "(none)"


@python_entry
def export_units(
    sources: Any,
    out: PathLike,
    *,
    unit: str | None = None,
    format: str = "jsonl",
    tasks: Sequence[PathLike | Task] | None = None,
    sample: int | None = None,
    strategy: str = "random",
    model: Any = None,
    exclude: Any = (),
    ids: Collection[str] | None = None,
    seed: int = 0,
    overwrite: bool = False,
    text_column: str | None = None,
    options: ReadOptions | None = None,
    report: Any = None,
) -> dict[str, Any]:
    """Write the units of ``sources`` to label into the folder ``out``.

    ``ids`` (used by ``suggest``) restricts the export to those unit ids,
    written in their order where they are a list (``suggest``'s batch, most
    informative first), else in the sources' order; a sample drawn with
    ``strategy="active"`` is written most informative first.

    Units already labelled in the ``exclude`` annotation files are left out,
    and so are near-duplicates of their text (character 5-gram Jaccard >=
    0.9, :func:`classify.evaluation.near_duplicates`).
    Formats: ``csv``/``jsonl`` (``units.csv``/``units.jsonl``: unit id, text,
    article metadata, empty label columns), ``label-studio``
    (``tasks.json`` + ``config.xml``), ``doccano`` (``units.jsonl`` +
    ``labels.json``). Returns a summary with the paths written.

    Args:
        sources: article folders, ``.txt`` files or JSONL/CSV tables, or
            data in memory (a list of texts, a pandas ``DataFrame``, a Hugging
            Face ``Dataset``; README, In a notebook).
        out: the folder to write.
        unit: the unit level (default as in ``build_dataset``).
        format: ``jsonl``, ``csv``, ``label-studio`` or ``doccano``.
        tasks: task files (default: the shipped ones; with ``model``, the
            model's own task when it is not one of them).
        sample: export only this many units (None: all).
        strategy: how ``sample`` chooses: ``random``, ``stratified`` (by
            article) or ``active`` (needs ``model``).
        model: a model folder, a loaded Classifier or what ``train``
            returned, for ``strategy="active"``.
        exclude: annotation files (or DataFrames of gold labels, or what
            :func:`import_annotations` returned) whose labelled units are
            left out.
        ids: export only these unit ids.
        seed: the sampling seed.
        overwrite: replace an existing ``out``; without it an existing folder is
            an error raised before any work.
        text_column: the column holding the text (tables and DataFrames).
        options: how tables are read (:class:`ReadOptions`: id column,
            delimiter, encoding, date order, ``on_error``); rows left out
            under ``on_error="skip"`` are listed in ``OUT/skipped.jsonl``.
        report: ``report(stage, done, total)`` progress callback (the model
            scoring the pool for ``strategy="active"``, in units).

    Returns:
        ``format``, ``level``, ``units``, ``already_labelled``
        (``in_training_data`` of them the model's own gold units, with
        ``strategy="active"``; ``labelled_by_text`` of them units whose
        text a labelled unit has, under another id), ``near_duplicates_skipped``,
        ``repeats_skipped`` (with ``sample``: units whose text another pool
        unit already has, sampled once; with ``active`` also a near copy of
        a more informative unit among the ``5 sample`` most informative),
        ``exported``,
        ``strategy``, ``skipped`` (rows left out, as dicts) and the ``paths``
        written.

    Raises:
        ClassifyError: ``out`` exists (without ``overwrite``), an unknown format
            or strategy, ``model`` without the ``active`` strategy, a strategy
            other than ``random`` without ``sample``, or every unit already
            labelled.
    """
    if out is not None:
        from classify.store import must_be_path

        must_be_path(out, "out")
    check_options(options)
    check_data_type(sources, "sources")
    from classify.config import check_seed

    check_seed(seed, option("seed"))
    from classify.store import atomic_dir, check_writable

    check_writable(Path(out), overwrite=overwrite)

    if format not in FORMATS:
        raise ClassifyError(f"unknown format '{format}' (allowed: {', '.join(FORMATS)})")
    # Settings that would do nothing are refused, not silently dropped.
    if model is not None and strategy != "active":
        raise ClassifyError(
            f"{option('model', 'MODEL')} chooses units only with "
            f"{option('strategy', 'active')} (given: {strategy}); add it, or leave out the model"
        )
    if strategy != "random" and sample is None:
        raise ClassifyError(
            f"{option('strategy', strategy)} chooses {option('sample', 'N')} units; without "
            f"{option('sample')} every unit is exported: name how many"
        )
    clf = None
    if strategy == "active":
        if model is None:
            raise ClassifyError(f"strategy 'active' needs a model ({option('model', 'MODEL')})")
        from classify.store import as_classifier

        clf = as_classifier(model)
        specs = tasks_for_model(clf, tasks)
    else:
        specs = _tasks(tasks)
    options = options or ReadOptions()
    units, titles, level, kinds = _load_units(sources, unit, text_column, options)
    wanted = None if ids is None else set(ids)
    text_of: dict[str, str] = {}
    done, done_texts = labelled_units(exclude, specs, encoding=options.encoding, text_of=text_of)
    warn_unmatched_labelled(done, units, "exclude", done_texts)
    done = as_source_ids(done, units)
    edited = edited_units(done, text_of, units)
    warn_edited(edited, "exclude")
    done -= edited
    in_training: set[str] = set()
    if clf is not None:
        from classify.active import training_unit_ids

        # The model's own gold units are labelled, as suggest treats them.
        in_training = training_unit_ids(clf, units)
        done = done | in_training
    # A text labelled under one id is labelled under any other.
    done_texts |= {_norm(u.text) for u in units if u.id in done}
    pool = [
        u
        for u in units
        if u.id not in done
        and _norm(u.text) not in done_texts
        and (wanted is None or u.id in wanted)
    ]
    # Of those labelled, the ones by the text of a labelled unit alone.
    by_text = sum(1 for u in units if u.id not in done and _norm(u.text) in done_texts)
    near = 0
    if ids is None and pool and (done_texts or len(pool) < len(units)):
        # Near copies of labelled text (a re-cased or re-punctuated copy) are
        # labelled too, as suggest treats them (character 5-gram Jaccard >= 0.9).
        from classify.evaluation import near_duplicates

        labelled_texts = sorted(done_texts | {_norm(u.text) for u in units if u.id in done})
        copies = {
            p["test_index"]
            for p in near_duplicates(labelled_texts, [u.text for u in pool], threshold=0.9)
        }
        near = len(copies)
        pool = [u for i, u in enumerate(pool) if i not in copies]
    if not pool:
        raise ClassifyError(
            f"every {level} unit is already labelled in the given files"
            + (f" ({len(in_training)} are the model's training data)" if in_training else "")
        )
    repeats = 0
    if sample is not None:
        # A sample is for annotators' time: one text run by several outlets
        # is sampled once (its first unit), as suggest does.
        seen: set[str] = set()
        kept = []
        for u in pool:
            key = _norm(u.text).casefold()
            if key not in seen:
                seen.add(key)
                kept.append(u)
        repeats = len(pool) - len(kept)
        pool = kept
    scores = None
    if clf is not None:
        from classify.active import informativeness, near_repeats, scores_in_batches

        scores = informativeness(
            scores_in_batches(clf, [u.text for u in pool], report),
            clf.task.kind,
            thresholds=clf.thresholds,
        )
        if sample is not None:
            # A near copy of a more informative unit (a re-punctuated agency
            # story) is left out, as suggest leaves it out.
            copies = near_repeats([u.text for u in pool], scores, 5 * sample)
            repeats += len(copies)
            pool = [u for i, u in enumerate(pool) if i not in copies]
            scores = np.delete(scores, sorted(copies))
    pick = sample_units(
        len(pool),
        sample,
        strategy=strategy,
        groups=[u.article_id for u in pool],
        scores=scores,
        seed=seed,
    )
    chosen = [pool[i] for i in pick]
    if scores is not None and strategy == "active":
        # Most informative first: an annotator who stops part-way through
        # the batch (Label Studio and doccano show it in file order) has
        # labelled the units that help the model most.
        chosen = [pool[i] for i in sorted(pick, key=lambda i: (-scores[i], i))]
    elif ids is not None and isinstance(ids, Sequence) and not isinstance(ids, str):
        rank = {u: k for k, u in enumerate(ids)}
        chosen.sort(key=lambda u: rank.get(u.id, len(rank)))
    if sample is not None and len(chosen) < sample:
        warn(
            f"{option('sample', sample)} asks for more units than are left to label; "
            + (
                "the one left is exported"
                if len(chosen) == 1
                else f"all {len(chosen)} are exported"
            )
        )
    rows = [
        {
            "unit": u.id,
            "level": kinds[u.id],
            "article_id": u.article_id,
            "title": titles.get(u.article_id) or "",
            "date": u.date or "",
            "source": u.source or "",
            "text": u.text,
        }
        for u in chosen
    ]
    with atomic_dir(Path(out), overwrite=overwrite) as tmp:
        names = _write_export(tmp, rows, specs, format)
        from classify.api import write_skipped

        if listed := write_skipped(options, tmp):
            names.append(listed.name)
    paths = [Path(out) / n for n in names]
    return {
        "skipped": [k.to_dict() for k in options.skipped],
        "format": format,
        "level": level,
        "units": len(units),
        "already_labelled": len(units) - len(pool) - near - repeats,
        "labelled_by_text": by_text,
        "in_training_data": len(in_training),
        "near_duplicates_skipped": near,
        "repeats_skipped": repeats,
        "exported": len(chosen),
        "strategy": strategy if sample else "all",
        "paths": [str(p) for p in paths],
    }


def _write_export(
    out: Path, rows: list[dict[str, Any]], specs: Sequence[Task], format: str
) -> list[str]:
    """Write the export files for ``format`` into ``out``; their names."""
    from classify.store import atomic_write_text, write_json

    paths: list[Path] = []
    if format == "jsonl":
        lines = [{**r, **{t.field: None for t in specs}} for r in rows]
        paths.append(out / "units.jsonl")
        atomic_write_text(
            paths[-1], "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
        )
    elif format == "csv":
        long = [r for r in rows if len(str(r.get("text") or "")) > EXCEL_CELL_LIMIT]
        if long:
            warn(
                f"{len(long)} unit{'s' * (len(long) != 1)} of the export "
                f"{'have' if len(long) != 1 else 'has'} a text over {EXCEL_CELL_LIMIT:,} "
                f"characters (first: '{long[0].get('unit')}', {len(str(long[0]['text'])):,}), "
                "which Excel cuts when it opens the sheet, so the text will not match on import: "
                f"label them in another tool ({option('format', 'label-studio')})"
                + (
                    f" or at a shorter unit ({option('unit', 'paragraph')})"
                    if long[0].get("level") == "article"
                    else ""
                )
            )
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=[*rows[0], *(t.field for t in specs), "note"])
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, **{t.field: "" for t in specs}, "note": ""})
        paths.append(out / "units.csv")
        # A byte-order mark, so a spreadsheet opens the file as UTF-8 rather
        # than the system's code page (Excel on Windows garbles "Łukašenka").
        atomic_write_text(paths[-1], "\ufeff" + buf.getvalue())
    elif format == "label-studio":
        paths += [out / "tasks.json", out / "config.xml"]
        write_json(paths[0], [{"data": r} for r in rows])
        titled = any(r.get("title") for r in rows)
        atomic_write_text(paths[1], label_studio_config(specs, titled=titled))
    else:
        paths += [out / "units.jsonl", out / "labels.json"]
        atomic_write_text(
            paths[0],
            "".join(json.dumps({**r, "label": []}, ensure_ascii=False) + "\n" for r in rows),
        )
        write_json(
            paths[1],
            [
                {"text": doccano_label(t, lab)}
                for t in specs
                for lab in (*t.labels, *((DOCCANO_NONE,) if t.multilabel else ()))
            ],
        )
    if format in ("csv", "jsonl"):
        # A sheet carries no labelling interface: how to fill it, beside it.
        paths.append(out / "instructions.md")
        atomic_write_text(paths[-1], sheet_instructions(specs, format))
    return [p.name for p in paths]


def sheet_instructions(tasks: Sequence[Task], format: str) -> str:
    """How to fill in an exported ``units.csv``/``units.jsonl`` (Markdown):
    per task its column, its labels and their meanings, how to write
    several labels and none, and that a blank cell means "not labelled
    yet" (so "no topic" must be written ``[]``), as the import reads them."""
    sheet = "units.csv" if format == "csv" else "units.jsonl"
    where = "column" if format == "csv" else "key"
    lines = [
        f"# How to fill in {sheet}",
        "",
        f"Label each row in its label {where}{'s' if len(tasks) > 1 else ''} below; leave "
        "`unit` and `text` as they are (the import matches rows by them)"
        + (", and write any remark in `note`" if format == "csv" else "")
        + ". A row whose label "
        + ("cells are all left blank" if format == "csv" else "keys are all left null")
        + ' is read as not labelled yet and left out, never as "no label".',
    ]
    for task in tasks:
        lines += ["", f"## `{task.field}`" + (f" ({task.name})" if task.name != task.field else "")]
        if task.target:
            lines += ["", f"Stance toward: {task.target}."]
        lines += [""]
        lines += [
            f"- `{label}`"
            + (f": {task.descriptions[label]}" if task.descriptions.get(label) else "")
            for label in task.labels
        ]
        lines += [""]
        if task.multilabel:
            pair = list(task.labels[:2])
            if format == "csv":
                lines.append(
                    f"Zero, one or several labels per row: several separated by `;` "
                    f"(`{';'.join(pair)}`), and **none of them written `[]`** (a blank cell "
                    'in a row with no other label filled is "not labelled yet").'
                )
            else:
                lines.append(
                    f"Zero, one or several labels per row, as a JSON list (`{json.dumps(pair)}`), "
                    'and **none of them written `[]`** (`null` is "not labelled yet").'
                )
        else:
            lines.append("Exactly one label per row, written as above.")
    return "\n".join(lines) + "\n"


# -- import -------------------------------------------------------------------------


def _raw_rows(path: Path, encoding: str | None = None):
    """Rows of a JSONL, CSV/TSV or JSON (list) file with their locations.

    CSV/TSV are read as :mod:`classify.tables` reads data (delimiter
    sniffed, quoted line breaks kept); the header must have a ``unit`` (or
    ``id``) or a ``text`` column, and an error shows the header found.
    """
    from classify.columns import standard_column
    from classify.tables import iter_jsonl, iter_table, read_text

    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from iter_jsonl(path, encoding=encoding)
    elif suffix in (".csv", ".tsv"):
        first = True
        for row, where in iter_table(path, encoding=encoding):
            if first and not {"unit", "id", "text"} & {
                standard_column(k, _RECORD_COLUMNS) for k in row
            }:
                from classify.data import unit_id_fix

                raise ClassifyError(
                    "CSV needs a 'unit' (or 'id') column, or a 'text' column to match by; "
                    f"header found: {column_list(row)}; {unit_id_fix([str(k) for k in row])}",
                    source=path,
                    where="line 1",
                )
            first = False
            yield {k: v for k, v in row.items() if k}, where
    elif suffix == ".json":
        try:
            data = json.loads(read_text(path, encoding))
        except json.JSONDecodeError as exc:
            raise ClassifyError(f"not valid JSON ({json_problem(exc)})", source=path) from None
        if not isinstance(data, list):
            raise ClassifyError(
                "expected a JSON list of tasks (a Label Studio export)", source=path
            )
        for i, row in enumerate(data, start=1):
            if not isinstance(row, dict):
                raise ClassifyError(
                    "each task must be a JSON object", source=path, where=f"item {i}"
                )
            # Named as Label Studio lists it (its task id), else by position from 1.
            task_id = row.get("id")
            named = isinstance(task_id, (int, str)) and not isinstance(task_id, bool)
            yield row, f"task {task_id}" if named and str(task_id).strip() else f"item {i}"
    else:
        advice = (
            "; save the sheet as CSV (File > Save As > CSV UTF-8) and import that"
            if suffix in (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
            else "; a spreadsheet's 'Unicode Text' is tab-separated: name it .tsv"
            if suffix == ".txt"
            else "; doccano and Label Studio export a .zip: unzip it and import the .jsonl, "
            ".json or .csv inside"
            if suffix == ".zip"
            else ""
        )
        raise ClassifyError(
            f"unsupported annotation file '{suffix}' (use .jsonl, .csv, .tsv or a Label "
            f"Studio .json){advice}",
            source=path,
        )


def _choices(value: Any) -> Any:
    """A Label Studio JSON-MIN/CSV cell as a label value: ``{"choices":
    [...]}`` (a dict, or that JSON in a CSV cell) is the list of choices."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return value
    if isinstance(value, dict) and "choices" in value:
        return list(value["choices"] or [])
    return value


def _file_annotators(path: Path, encoding: str | None) -> dict[str, bool]:
    """The annotators a file names itself, each with whether Label Studio
    named it: the distinct ``completed_by`` of a Label Studio export's
    annotations (JSON) or the ``annotator`` column of its JSON-MIN/CSV
    export (True), and a coding sheet's own coder column (False)."""
    found: dict[str, bool] = {}
    for row, _ in _raw_rows(path, encoding):
        if detect_format(row) == "label-studio":
            for ann in row.get("annotations") or row.get("completions") or []:
                who = ann.get("completed_by")
                who = who.get("email") or who.get("id") if isinstance(who, dict) else who
                if who is not None and not ann.get("was_cancelled"):
                    found[str(who)] = True
        elif _is_label_studio_min(row) and row.get("annotator") not in (None, ""):
            found[str(row["annotator"])] = True
        elif detect_format(row) == "ours" and (who := annotator_of(row)) is not None:
            # A coding sheet's own coder column ("Coder", "Rater").
            found.setdefault(who, False)
    return found


def _studio_name(who: object) -> str:
    """A Label Studio annotator's name: its user number as
    ``label-studio-ID`` (a bare ``3`` says nothing beside other files'
    names), an e-mail or name as written."""
    return f"label-studio-{who}" if str(who).strip().isdigit() else str(who)


def _is_label_studio_min(row: dict[str, Any]) -> bool:
    """A row of Label Studio's JSON-MIN or CSV export (flat, with its
    ``annotation_id`` / ``lead_time`` bookkeeping)."""
    return "annotation_id" in row or "lead_time" in row


def detect_format(row: dict[str, Any]) -> str:
    """Which tool wrote a row: ``label-studio`` (``data`` + ``annotations``),
    ``adjudication`` (``status`` + ``annotations``), ``doccano`` (``label``
    or ``labels``), else ``ours`` (``topics``/``stance`` columns)."""
    if isinstance(row.get("data"), dict):
        return "label-studio"
    if "status" in row and isinstance(row.get("annotations"), dict):
        return "adjudication"
    if "label" in row or "labels" in row:
        return "doccano"
    return "ours"


@dataclass
class ImportResult:
    """What :func:`import_annotations` read: the ``records`` (one
    annotator's labels for one unit each), the ``problems`` (rows left out,
    one line each), the ``unlabelled`` rows and the Label Studio annotations
    ``skipped`` by their annotator.

    It goes on to the next step as it is (``agreement_report([imp1, imp2],
    ...)``, ``export_units(..., exclude=imp)``, ``suggest(...,
    labelled=imp)``), and :meth:`write` saves it as a gold or annotation
    file for ``train`` and ``build_dataset`` (``annotations=``).
    """

    records: list[Record]
    problems: list[str] = field(default_factory=list)
    unlabelled: int = 0
    # Label Studio annotations an annotator skipped ("was_cancelled"): the
    # hard units, counted so they are not lost from sight.
    skipped: int = 0
    # Units an annotator labelled twice, both times timed: the later label
    # is kept; one line each, saying which.
    relabelled: list[str] = field(default_factory=list)
    # Units of an adjudication file whose label rests on one annotator's
    # (status ``single``): gold, but not agreed on by two.
    single: int = 0

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        people = sorted({r.annotator for r in self.records})
        return (
            f"ImportResult({len(self.records)} records by {len(people)} "
            f"{'annotator' if len(people) == 1 else 'annotators'}"
            f"{' (' + ', '.join(people[:5]) + (', ...' if len(people) > 5 else '') + ')' if people else ''}, "
            f"{len(self.problems)} problems, {self.unlabelled} unlabelled)"
        )

    def write(self, path: PathLike, *, overwrite: bool = False) -> Path:
        """Write the records as annotation JSONL (the format ``annotate
        import --out`` writes), atomically.

        Args:
            path: a ``.jsonl`` file.
            overwrite: replace an existing file; without it an existing
                file is an error (a gold file is not lost to a rerun cell).

        Returns:
            The path written.

        Raises:
            ClassifyError: ``path`` exists (without ``overwrite``), is not
                ``.jsonl``, or there are no records.
        """
        from classify.store import check_writable

        path = Path(path)
        check_writable(path, overwrite=overwrite)
        if not self.records:
            raise ClassifyError("no records to write (nothing was imported)", source=path)
        return write_records(path, self.records)

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame, one row per annotator and unit
        (the columns ``write`` gives: ``unit``, ``text``, the label fields,
        ``annotator``, ``time``, ...)."""
        import pandas as pd

        return pd.DataFrame([r.to_row() for r in self.records])


def _check_value(task: Task, value: Any, *, source: Path, where: str) -> Any:
    """A raw value checked against the task: a label name for multiclass, a
    sorted list for multilabel. Raises a one-line ClassifyError."""
    from classify.tasks import label_names

    names = [
        task.spelled(n) for n in label_names(value, multilabel=task.multilabel, labels=task.labels)
    ]
    for name in names:
        if name not in task.labels:
            raise ClassifyError(
                f"label '{name}' is not in task '{task.name}' (allowed: {task.listed_labels()})"
                + task.label_hint(name),
                source=source,
                where=where,
            )
    if task.multilabel:
        return [lab for lab in task.labels if lab in names]
    if len(names) != 1:
        raise ClassifyError(
            f"task '{task.name}' needs exactly one label, got {value!r}", source=source, where=where
        )
    return names[0]


def _doccano_values(labels: list[Any], tasks: Sequence[Task], path: Path, where: str) -> dict:
    by_field: dict[str, list[str]] = {}
    for item in labels:
        if not isinstance(item, str):
            raise ClassifyError(
                f"label {item!r} is a span, not a document category (use a text-classification project)",
                source=path,
                where=where,
            )
        name, _, label = item.rpartition(":")
        owners = (
            [t for t in tasks if fold_label(name) in (fold_label(t.name), fold_label(t.field))]
            if name
            else []
        )
        if not owners and label == DOCCANO_NONE:
            owners = [t for t in tasks if t.multilabel]
        if not owners:
            owners = [t for t in tasks if label in t.labels]
            if len(owners) != 1:
                given = ", ".join(t.name for t in tasks)
                hint = (
                    f"'{name}' is not one of the tasks given ({given}): pass its task file "
                    f"with {option('tasks', 'FILE', flag='--task')}"
                    if name
                    else "write it as TASK:LABEL, e.g. "
                    f"{doccano_label(tasks[0], tasks[0].labels[0])}"
                )
                raise ClassifyError(
                    f"label '{item}' names no task ({hint})", source=path, where=where
                )
        by_field.setdefault(owners[0].field, []).append(label)
    values: dict[str, Any] = {}
    for t in tasks:
        chosen = by_field.get(t.field)
        if t.multilabel and chosen and DOCCANO_NONE in chosen:
            if set(chosen) != {DOCCANO_NONE}:
                raise ClassifyError(
                    f"'{doccano_label(t, DOCCANO_NONE)}' beside labels of the same task "
                    f"({', '.join(c for c in chosen if c != DOCCANO_NONE)}): keep one or the other",
                    source=path,
                    where=where,
                )
            chosen = []
        if t.multilabel:
            # A labelled document with no topic chosen has the empty set.
            values[t.field] = chosen or []
        elif chosen:
            values[t.field] = chosen[0] if len(chosen) == 1 else chosen
    return values


_RECORD_COLUMNS = ("unit", "id", "text", "level", "annotator", "time", "note", "date", "source")


def _field_named(name: Any, fields: Mapping[str, Any]) -> str | None:
    """The task field a Label Studio control's ``from_name`` names: itself,
    or the one field it names in another case or in the singular
    (``Stance``, ``Topic`` for ``topics``), as a coder's sheet's columns
    are read; None where it names none."""
    if not isinstance(name, str):
        return None
    from classify.columns import column_named

    return column_named(fields, name) or column_named(fields, name.strip() + "s")


def _spreadsheet_names(row: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """``row`` with columns named as a spreadsheet writes them (``Unit``,
    `` Text``, ``Actor``) under ``names``, as data tables are read; in a
    coder's sheet also a label column in the singular (``Topic`` for
    ``topics``) and the coder's column (``Coder``, ``Rater``) as
    ``annotator``."""
    from classify.columns import ANNOTATOR_COLUMNS, _snake, known_columns, singular_labels

    row = known_columns(row, set(names))
    if all(k in names for k in row):
        return row
    row = singular_labels(row, [n for n in names if n not in _RECORD_COLUMNS])
    out: dict[str, Any] = {}
    for key, value in row.items():
        folded = _snake(key)
        name = None
        if key not in names and folded in ANNOTATOR_COLUMNS:
            name = "annotator"
        if name is None and key not in names and folded == "timestamp" and "time" in names:
            name = "time"  # a form tool's own column (Google Forms)
        if name is not None and name not in row and name not in out:
            out[name] = value
        else:
            out[key] = value
    return out


def _coder_row(
    row: dict[str, Any], names: Sequence[str], tasks: Sequence[Task], path: Any, where: Any
) -> dict[str, Any]:
    """A coder's sheet row under our column names (:func:`_spreadsheet_names`),
    with a multilabel task's labels read from numbered columns (``Topic 1``,
    ``Topic 2``: :func:`~classify.tasks.numbered_labels`) or from a 1/0
    column per label (:func:`~classify.tasks.indicator_labels`), as data
    tables and gold files are read.

    Raises:
        ClassifyError: a label column holding anything but 1/0 (yes/no,
            true/false, x, blank), naming ``path`` and ``where``.
    """
    from classify.columns import label_columns
    from classify.tasks import label_sets

    row = _spreadsheet_names(row, names)
    sets = list(label_sets(tasks).items())
    return label_columns(row, sets, path, where, numbered=True) if sets else row


def no_task_label_hint(tasks: Sequence[Task]) -> str:
    """What to say when rows carry no label of the tasks given."""
    given = ", ".join(f"{t.name} ('{t.field}')" for t in tasks)
    return (
        f"label of the tasks given ({given}); for a task of your own pass its file "
        f"with {option('tasks', 'FILE', flag='--task')}"
    )


def label_columns_hint(files: Sequence[Any], task: Task, encoding: str | None = None) -> str:
    """``"; FILE has a column per label ('Favour', 'Against'): ..."`` where the
    first row of a table among ``files`` has columns named as two or more
    of a single-label ``task``'s labels (a sheet coded one checkbox per
    stance), else ``""``: the why of a task left out."""
    from classify.tasks import fold_label

    names = {fold_label(lab) for lab in task.labels}
    for path, row in _first_rows(files if not task.multilabel else (), encoding):
        found = [str(k) for k in row if fold_label(str(k)) in names]
        if len(found) >= 2:
            return (
                f"; {path.name} has a column per label ({', '.join(repr(k) for k in found)}): "
                f"a single-label task is one '{task.field}' column holding the label "
                f"(e.g. {task.labels[0]})"
            )
    return ""


def other_fields_hint(files: Sequence[Any], encoding: str | None = None) -> str:
    """``"; the files carry 'tone'"`` naming the fields the first rows of
    ``files`` hold beside ids, texts and annotation metadata (a doccano
    row's ``FIELD:label`` labels by their field), else ``""``: which task
    file ``--task`` wants."""
    from classify.data import _NOT_LABEL_META

    known = {*_NOT_LABEL_META, "id", "text", "unit_id", "title", "date", "source", "meta"}
    found: dict[str, None] = {}
    for _, row in _first_rows(files, encoding):
        labels = row.get("label")
        if isinstance(labels, list) and all(isinstance(x, str) for x in labels):
            found.update(dict.fromkeys(x.split(":", 1)[0] for x in labels if ":" in x))
            continue
        found.update(
            dict.fromkeys(
                str(k) for k in row if str(k).casefold() not in known and not str(k).startswith("_")
            )
        )
    if not found:
        return ""
    names = ", ".join(f"'{k}'" for k in list(found)[:6])
    return f"; the files carry {names}"


def _first_rows(files: Sequence[Any], encoding: str | None) -> Iterator[tuple[Path, dict]]:
    """``(path, first row)`` of each table among ``files`` that reads (a
    file that does not is passed over: its own reading says why)."""
    for f in files:
        if not isinstance(f, (str, Path)):
            continue
        try:
            row = next((r for r, _ in _raw_rows(Path(f), encoding) if isinstance(r, dict)), None)
        except (ClassifyError, OSError, StopIteration):
            continue
        yield Path(f), row or {}


def partial_columns_hint(
    files: Sequence[Any], tasks: Sequence[Task], encoding: str | None = None
) -> str:
    """``; its 1/0 columns for ... lack ...`` where the first row of a
    table among ``files`` has some of a multilabel task's 1/0 label columns
    but not all (so none is read), else ``""``: the why of a sheet that
    gave no labelled rows. Unreadable files are passed over (the import
    has said what it could of them)."""
    from classify.tasks import label_sets, lacking_columns_note

    for path, row in _first_rows(files, encoding):
        if path.suffix.lower() == ".json" and "text" in row and set(row) <= _DOCCANO_LABEL_KEYS:
            # doccano's label list (what export writes beside units.jsonl,
            # or the project's label types), not its labelled examples.
            return (
                f"; {path.name} is a doccano label list (the project's label names), not "
                "annotations: import the JSONL doccano's Export Dataset writes"
            )
    sets = list(label_sets(tasks).items())
    for path, row in _first_rows(files if sets else (), encoding):
        if note := lacking_columns_note(row, sets, owner=f"{path.name}'s"):
            return note
    return ""


# The keys of a doccano label type ("labels.json", a project's label list).
_DOCCANO_LABEL_KEYS = frozenset(
    {"id", "text", "prefix_key", "suffix_key", "background_color", "text_color"}
)


def _no_task_label(path: Path, where: str, tasks: Sequence[Task]) -> ClassifyError:
    return ClassifyError(f"row has no {no_task_label_hint(tasks)}", source=path, where=where)


# What _rows_to_records yields for an annotation the annotator skipped.
_SKIPPED = "skipped"


def _doccano_comments(comments: Any) -> str | None:
    """doccano's ``Comments`` of an example (strings, or records with a
    ``text``) as one note; None where there are none."""
    if not comments:
        return None
    items = comments if isinstance(comments, list) else [comments]
    said = [str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in items]
    return "; ".join(x for x in said if x.strip()) or None


def _rows_to_records(
    path: Path, annotator: str | None, tasks: Sequence[Task], encoding: str | None = None
):
    """(raw record, location) pairs from any supported file."""
    fields = {t.field: t for t in tasks}
    # Label Studio controls that hold no label (a TextArea comment, a Rating).
    others: dict[str, int] = {}
    # Label Studio annotations submitted with nothing chosen, and results
    # that chose a single-label task's label.
    counts = {"empty": 0, "single": 0}
    yield from _records_of_rows(path, annotator, tasks, encoding, fields, others, counts)
    if (
        counts["empty"]
        and not counts["single"]
        # Read with a label-set task and a single-label one, not the former alone.
        and any(t.multilabel for t in tasks)
        and any(not t.multilabel for t in tasks)
    ):
        # A topic-only project read with both tasks: "none ticked" looks
        # like "not done", as it is where a stance could have been chosen.
        sets = [t for t in tasks if t.multilabel]
        n = counts["empty"]
        warn(
            f"{path}: {n} Label Studio annotation{'s were' if n > 1 else ' was'} submitted with "
            "nothing chosen and read as not yet labelled, and the file chooses no "
            f"{', '.join(repr(t.name) for t in tasks if not t.multilabel)} label at all: if "
            f"it is a project of '{sets[0].name}' alone (annotate export "
            f"{option('task', sets[0].name)}), import it with {option('task', sets[0].name)} "
            f"to read {'them' if n > 1 else 'it'} as no {sets[0].name} label"
        )
    for task in tasks:
        if n := counts.get(f"blank:{task.field}", 0):
            warn(
                f"{path}: {n} row{'s have' if n > 1 else ' has'} an empty '{task.field}' cell "
                f"beside a filled label, read as no label of '{task.name}' (the empty set); if "
                f"{'they are' if n > 1 else 'it is'} not yet labelled for '{task.name}', set "
                "'empty_cell: unlabelled' in the task file (then [] says no label)"
            )
    if others:
        named = ", ".join(f"'{k}' ({n})" for k, n in others.items())
        warn(
            f"{path}: Label Studio results of controls that are no task's choices are not "
            f"labels and are left out: {named}; a TextArea's text is kept as the record's note"
        )


def _records_of_rows(
    path: Path,
    annotator: str | None,
    tasks: Sequence[Task],
    encoding: str | None,
    fields: dict[str, Task],
    others: dict[str, int],
    counts: dict[str, int],
):
    for row, where in _raw_rows(path, encoding):
        kind = detect_format(row)
        if kind == "label-studio":
            data = row["data"]
            unit = data.get("unit") or data.get("id")
            anns = row.get("annotations") or row.get("completions") or []
            if not anns:
                yield None, where
            for j, ann in enumerate(anns, start=1):
                if ann.get("was_cancelled"):
                    yield _SKIPPED, f"{where} annotation {j}"
                    continue
                if not ann.get("result") and not all(t.multilabel for t in tasks):
                    # Submitted with nothing chosen: no label yet, not "no topic"
                    # (a topic left out beside a chosen stance is one). In a
                    # project of label sets alone, submitting with none ticked
                    # is the only way to say "none of them", so it says that.
                    counts["empty"] += 1
                    yield None, f"{where} annotation {j}"
                    continue
                who = ann.get("completed_by")
                if isinstance(who, dict):
                    who = who.get("email") or who.get("id")
                values: dict[str, Any] = {t.field: [] for t in tasks if t.multilabel}
                results, notes = [], []
                for res in ann.get("result") or []:
                    if res.get("type") in (None, "choices", "taxonomy"):
                        results.append(res)
                        continue
                    # A comment box or a rating beside the choices: no label.
                    name = str(res.get("from_name") or res.get("type"))
                    others[name] = others.get(name, 0) + 1
                    if res.get("type") == "textarea":
                        texts = (res.get("value") or {}).get("text") or []
                        notes += [str(t).strip() for t in texts if str(t).strip()]
                unknown = [
                    res.get("from_name")
                    for res in results
                    if _field_named(res.get("from_name"), fields) is None
                ]
                if unknown:
                    yield (
                        ClassifyError(
                            f"result for '{unknown[0]}' matches no task field "
                            f"(allowed: {', '.join(fields)})",
                            source=path,
                            where=f"{where} annotation {j}",
                        ),
                        where,
                    )
                    continue
                chosen: dict[str, list[Any]] = {}
                for res in results:
                    name = _field_named(res.get("from_name"), fields)
                    chosen.setdefault(name, []).extend(
                        (res.get("value") or {}).get("choices") or []
                    )
                    if name is not None and not fields[name].multilabel:
                        counts["single"] += 1
                for name, choices in chosen.items():
                    # Two choices for a single-label task (in one result or two)
                    # stay two, to be refused as every other format's are, not
                    # one of them kept silently.
                    single = not fields[name].multilabel and len(choices) <= 1
                    values[name] = (choices or [None])[0] if single else choices
                yield (
                    {
                        "unit": unit,
                        "values": values,
                        "annotator": annotator or (_studio_name(who) if who else path.stem),
                        "note": "; ".join(notes) or None,
                        "time": ann.get("updated_at") or ann.get("created_at"),
                        "text": data.get("text"),
                        "level": data.get("level"),
                        "article_id": data.get("article_id"),
                        "date": data.get("date"),
                        "source": data.get("source"),
                    },
                    f"{where} annotation {j}",
                )
        elif kind == "doccano":
            meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
            labels = row.get("label", row.get("labels")) or []
            if not labels:
                yield None, where
                continue
            try:
                values = _doccano_values(list(labels), tasks, path, where)
            except ClassifyError as exc:
                yield exc, where
                continue
            yield (
                {
                    "unit": row.get("unit") or meta.get("unit"),
                    "values": values,
                    "annotator": annotator or path.stem,
                    "time": None,
                    # doccano 1.x exported the text as "data".
                    "text": row.get("text")
                    if row.get("text") is not None
                    else row.get("data")
                    if isinstance(row.get("data"), str)
                    else None,
                    "level": row.get("level") or meta.get("level"),
                    # doccano's comments on the example: a coder's note.
                    "note": _doccano_comments(row.get("Comments") or row.get("comments")),
                    "article_id": row.get("article_id") or meta.get("article_id"),
                    "date": row.get("date") or meta.get("date"),
                    "source": row.get("source") or meta.get("source"),
                },
                where,
            )
        elif kind == "adjudication":
            values = {f: row[f] for f in fields if f in row}
            if not values:
                yield _no_task_label(path, where, tasks), where
                continue
            if pending := pending_adjudication({**row, "status": "disputed"}, list(values)):
                yield ClassifyError(pending, source=path, where=where), where
                continue
            yield (
                {
                    "unit": row.get("unit"),
                    "values": values,
                    "annotator": annotator or ADJUDICATED,
                    "time": row.get("time"),
                    "text": row.get("text"),
                    "level": row.get("level"),
                    "note": row.get("note"),
                    "article_id": row.get("article_id"),
                    "date": row.get("date"),
                    "source": row.get("source"),
                    "single": row.get("status") == "single" or bool(row.get("single_fields")),
                },
                where,
            )
        else:
            # Columns named as a spreadsheet writes them (Unit, Text, Actor),
            # and a topic coded in numbered columns or one 1/0 column each.
            try:
                row = _coder_row(row, [*fields, *_RECORD_COLUMNS], tasks, path, where)
            except ClassifyError as exc:
                yield exc, where
                continue
            # One rule with dataset build (classify.tasks.row_labels): a row
            # with no label at all is unlabelled; beside a filled label, an
            # empty topic cell is the empty set and an empty stance unlabelled.
            cells = {k: _choices(v) for k, v in row.items()}
            values = {
                f: ([] if is_blank(v) else v)
                for f, v in row_labels(cells, list(fields), empty_sets(fields.values())).items()
                if v is not None and not fields[f].is_unlabelled(v)
            }
            if not _is_label_studio_min(row):
                for f, v in values.items():
                    # Counted: "no topic" and "forgot the column" look alike.
                    if v == [] and fields[f].empty_cell == "none" and is_blank(cells.get(f)):
                        counts[f"blank:{f}"] = counts.get(f"blank:{f}", 0) + 1
            sets_only = _is_label_studio_min(row) and all(t.multilabel for t in tasks)
            if _is_label_studio_min(row):
                # For the hint on a topic-only project read with both tasks.
                if not values:
                    counts["empty"] += 1
                if any(not fields[f].multilabel for f in values):
                    counts["single"] += 1
            if not values and not sets_only:
                yield None, where
                continue
            if sets_only:
                # A project of label sets alone: an annotation submitted with
                # none ticked says "none of them", as in the JSON export.
                for t in tasks:
                    if t.field not in values and is_blank(row.get(t.field)):
                        values[t.field] = []
            who = row.get("annotator")
            if annotator is None and "annotator" in row and who in (None, ""):
                # A coder column left blank on this row: not the file's name
                # (a phantom annotator agreement would count).
                yield (
                    ClassifyError(
                        "row has no annotator in the file's annotator column (fill it in, or "
                        f"pass {option('annotator', 'NAME')} for a file of one coder)",
                        source=path,
                        where=where,
                    ),
                    where,
                )
                continue
            if _is_label_studio_min(row):
                # Label Studio leaves a choice block nobody ticked out of a
                # JSON-MIN row; in its JSON export the same annotation has
                # no result there: the empty set, as read from that export.
                for t in tasks:
                    if t.multilabel and t.field not in row:
                        values[t.field] = []
                if who not in (None, ""):
                    who = _studio_name(who)  # as from Label Studio's JSON export
            yield (
                {
                    "unit": row.get("unit") or row.get("id"),
                    "values": values,
                    "annotator": annotator or who or path.stem,
                    # Label Studio's JSON-MIN/CSV rows time the annotation
                    # as its JSON export does.
                    "time": row.get("time")
                    or row.get("updated_at")
                    or row.get("created_at")
                    or None,
                    "text": row.get("text"),
                    "level": row.get("level"),
                    "note": row.get("note") or None,
                    "article_id": row.get("article_id") or None,
                    "date": row.get("date") or None,
                    "source": row.get("source") or None,
                    # Filled columns a record does not keep (a coder's 'comment').
                    "extra": [
                        k
                        for k, v in row.items()
                        if k not in fields
                        # An export's own columns, in any case ("Article_id").
                        and str(k).strip().casefold() not in _NOT_LABELS
                        and str(k).strip().casefold() not in _RECORD_COLUMNS
                        and not str(k).startswith("Unnamed:")
                        and not is_blank(v)
                    ],
                },
                where,
            )


# Set while a caller that raises the first problem itself reads annotations.
_PROBLEMS_RAISED: ContextVar[bool] = ContextVar("classify_problems_raised", default=False)


@python_entry
def import_annotations(
    files: Sequence[PathLike],
    *,
    annotator: str | None = None,
    sources: Sequence[PathLike] = (),
    unit: str | None = None,
    tasks: Sequence[PathLike | Task] | None = None,
    encoding: str | None = None,
    source_options: ReadOptions | None = None,
    text_column: str | None = None,
) -> ImportResult:
    """Read annotators' files into :class:`Record` s.

    Accepts our CSV/TSV/JSONL (``topics``/``stance`` columns), a Label
    Studio export (JSON, JSON-MIN or CSV, multi-choice cells as
    ``{"choices": [...]}``), a doccano JSONL export and an adjudication
    file. Every label is checked against the task files. With ``sources``,
    every unit id must be one of their units and a row's text, when given,
    must be that unit's text; a row with a text and no unit id is matched by
    its text. Rows that do not match are listed in ``problems`` (``file:line
    N: reason``) and left out, with a warning that counts them and shows the
    first (an adjudication file with disputes still to fill in gives only
    its settled units); rows with no label are counted as ``unlabelled``.

    One label per annotator, unit and task: a second one (a unit twice in
    a file, or the same annotator in two files) is a problem naming both
    places, and the first is kept. A Label Studio export whose annotations
    come from several people keeps them apart (``label-studio-ID``) and
    refuses ``annotator``, which would merge them.

    Args:
        files: the annotators' files (paths), or what an earlier call
            returned (its records go on as they are).
        annotator: the name for files that do not carry one.
        sources: the articles the units come from, to check ids and texts.
        unit: the unit level of ``sources`` (default: the one level the
            files' ``level`` column names, as an export writes it, else as in
            :func:`classify.build_dataset`).
        tasks: task files (default: the shipped ones).
        encoding: the files' text encoding (default UTF-8; a UTF-8 file
            stays UTF-8), and the ``sources``' where ``source_options``
            gives none.
        source_options: how the ``sources`` are read (:class:`ReadOptions`:
            text and id columns, delimiter, encoding, date order), as
            :func:`export_units` read them.
        text_column: the column of the ``sources`` tables (or DataFrame)
            holding the text; over ``source_options``.

    Returns:
        An :class:`ImportResult`: ``records``, ``problems`` (one line each) and
        the ``unlabelled`` count.

    Raises:
        ClassifyError: no files, a missing file, or ``annotator`` given for a
            Label Studio export by several people.
    """
    check_options(source_options, "source_options")
    from classify.memory import is_hf_dataset, is_pandas

    specs = _tasks(tasks)
    if (
        isinstance(files, (str, os.PathLike, ImportResult))
        or is_pandas(files)
        or is_hf_dataset(files)
    ):
        # One file, or one table given bare (its truth value is ambiguous).
        files = [files]
    if not files:
        raise ClassifyError("no annotation files given")
    result = ImportResult([])
    slashed: list[tuple[str, str, str | None]] = []  # dates re-saved with slashes
    evident = False  # a slashed date that reads day first only shows the order
    by_field = {t.field: t for t in specs}
    first_at: dict[tuple[str, str, str], str] = {}
    # A row's labels as first read, so an exact repeat is named as one.
    first_values: dict[tuple[str, str], dict[str, Any]] = {}
    # Where each annotator's record of a unit is, so a later label replaces it.
    record_at: dict[tuple[str, str], int] = {}
    # Every file is checked before any is read: a folder among them ("--source a b")
    # is named before another file's encoding error.
    for f in files:
        if isinstance(f, ImportResult):
            continue  # read already: its records go on as they are
        if not isinstance(f, (str, os.PathLike)):
            # An annotator's file is read as written (its format, its
            # columns, its lines for the error messages): a path.
            raise ClassifyError(
                f"annotation files are paths (a coder's CSV or JSONL, an export), not "
                f"{type(f).__name__}: write it first (df.to_csv('coder.csv', index=False))"
            )
        path = Path(f)
        if path.is_dir():
            # A folder of coders' files, or "--source a b" leaving b here.
            kinds_in = sorted(
                {p.suffix.lower() for p in path.iterdir() if p.is_file()}
                & {".jsonl", ".csv", ".tsv", ".json"}
            )
            raise ClassifyError(
                "a folder, not an annotators' file: give the files in it ("
                + " ".join(f"{path}/*{k}" for k in kinds_in)
                + ")"
                if kinds_in
                else "a folder, not an annotators' file (several sources are given as "
                f"{option('sources', 'A', flag='--source')} "
                f"{option('sources', 'B', flag='--source')})"
                if in_cli()
                else "a folder, not an annotators' file (give the articles as sources=)",
                source=path,
            )
        if not path.is_file():
            raise ClassifyError("file not found", source=path)
    paths = [Path(f) for f in files if isinstance(f, (str, os.PathLike))]
    given = [p.resolve() for p in paths]
    twice = next((paths[i] for i, p in enumerate(given) if p in given[:i]), None)
    if twice is not None:
        # Every row would be named as labelled again by its own line.
        raise ClassifyError("the same file is given twice; give each annotator's file once",
                            source=twice)  # fmt: skip
    known = by_text = None
    kinds: dict[str, str] = {}
    if sources is not None and (not isinstance(sources, (list, tuple)) or len(sources)):
        if encoding is not None and (source_options is None or source_options.encoding is None):
            # As the command's --encoding: the coders' files and the sources.
            source_options = dataclasses.replace(source_options or ReadOptions(), encoding=encoding)
        # A batch exported at one level says so in its rows: cut the sources alike.
        unit = unit or _written_level(files, encoding)
        units, _, _, kinds = _load_units(sources, unit, text_column, source_options)
        known = {u.id: u for u in units}
        by_text = {}
        for u in units:
            by_text.setdefault(_norm(u.text), []).append(u.id)
    for f in files:
        if isinstance(f, ImportResult):
            # Checked when it was read; one label per annotator and unit
            # still holds across the results given together.
            for r in f.records:
                again = [fld for fld in r.values if (r.annotator, r.unit, fld) in first_at]
                if again:
                    first = first_at[(r.annotator, r.unit, again[0])]
                    result.problems.append(
                        f"{r.where}: {_second_label(r.unit, again, r.annotator, first)}"
                    )
                    continue
                for fld in r.values:
                    first_at[(r.annotator, r.unit, fld)] = r.where
                result.records.append(r)
            # Its own problems were reported when it was read, and left out.
            result.unlabelled += f.unlabelled
            result.skipped += f.skipped
            continue
        path = Path(f)
        file_start = len(result.records)
        if annotator is not None and path.suffix.lower() in (".json", ".jsonl", ".csv", ".tsv"):
            named = _file_annotators(path, encoding)
            people = list(named)
            if len(people) > 1:
                studio = any(named.values())
                raise ClassifyError(
                    (
                        f"Label Studio export with annotations by {len(people)} annotators "
                        f"({', '.join(people)}); leave out {option('annotator')} so each keeps "
                        "their own name (label-studio-ID)"
                    )
                    if studio
                    else (
                        f"the file names {len(people)} annotators in its own column "
                        f"({', '.join(people[:5])}{', ...' if len(people) > 5 else ''}); leave "
                        f"out {option('annotator')} so each keeps their own name"
                    ),
                    source=path,
                )
            if people and not named[people[0]] and people[0] != annotator:
                # The file's own name for its coder gives way to the one asked
                # for: said, as a coder renamed may be a mix-up of files.
                warn(
                    f"{path.name}: the file names its annotator '{people[0]}' in its own "
                    f"column; its records are {annotator!r}, as {option('annotator')} asks"
                )
        dropped: Counter[str] = Counter()
        for raw, where in _rows_to_records(path, annotator, specs, encoding):
            if raw is None:
                result.unlabelled += 1
                continue
            if raw is _SKIPPED:
                result.skipped += 1
                continue
            if isinstance(raw, ClassifyError):
                result.problems.append(str(raw))
                continue
            try:
                values = {
                    fld: _check_value(by_field[fld], v, source=path, where=where)
                    for fld, v in raw["values"].items()
                }
                unit_id, text, level = _match_unit(raw, known, by_text, path, where)
                # With sources, what the unit is and the article it belongs to
                # are theirs (a table row is a `row` of its `Article ID`).
                level = kinds.get(unit_id, level)
                article = known[unit_id].article_id if known else raw.get("article_id")
                date = (
                    known[unit_id].date
                    if known
                    else _read_date(raw.get("date"), source_options, path, where)
                )
                written_date = raw.get("date")
                if (
                    not known
                    and not ORDER_GIVEN.get()
                    and (source_options is None or source_options.date_order == "day-first")
                    and isinstance(written_date, str)
                    and (m := _SLASHED_DATE.match(written_date.strip()))
                ):
                    first_n, second_n = int(m[1]), int(m[2])
                    if first_n > 12:
                        evident = True  # 25/03/2023: the sheet writes day first
                    elif second_n <= 12 and first_n != second_n:
                        slashed.append((f"{path}:{where}", written_date.strip(), date))
                outlet = known[unit_id].source if known else raw.get("source")
                if article is not None and (
                    str(article) == unit_id or unit_id.startswith(f"{article}:")
                ):
                    article = None  # the unit id says it already (a01:p2)
                who = str(raw["annotator"])
                again = [fld for fld in values if (who, unit_id, fld) in first_at]
                replace_at = None
                if again:
                    first = first_at[(who, unit_id, again[0])]
                    other_file = not first.startswith(f"{path}:")
                    earlier = first_values.get((who, unit_id)) or {}
                    same = values == earlier
                    changed = [k for k in again if values[k] != earlier.get(k)] or again
                    at = record_at.get((who, unit_id))
                    before = result.records[at].time if at is not None else None
                    # Within one file only: two files under one name may be
                    # two people's (the hint below), not a change of mind.
                    newer = (
                        None
                        if same or other_file
                        else _later(
                            raw.get("time"),
                            before,
                            day_first=(source_options.date_order if source_options else None)
                            != "month-first",
                        )
                    )
                    if newer is not None:
                        # Both labels are timed: the annotator changed their
                        # mind, and the later label is their judgement.
                        kept, dropped_at = (
                            (raw.get("time"), first) if newer else (before, f"{path}:{where}")
                        )
                        result.relabelled.append(
                            f"unit '{unit_id}' relabelled by '{who}' ({_fields(changed)}): the "
                            f"label of {kept} kept, the earlier one ({dropped_at}) left out"
                        )
                        if not newer:
                            # The earlier label arrived second: it only fills
                            # in the fields the later one left out.
                            kept_record = result.records[at]
                            result.records[at] = dataclasses.replace(
                                kept_record, values={**values, **kept_record.values}
                            )
                            continue
                        replace_at = at
                        again = []
                if again:
                    raise ClassifyError(
                        (
                            f"unit '{unit_id}' is labelled again, alike, by annotator '{who}' "
                            f"(first at {first}): a duplicate row; delete one"
                            if same
                            else _second_label(unit_id, changed, who, first)
                            + _labels_differ(changed, earlier, values)
                            + (
                                f" (times: {before or 'none'} and {raw.get('time') or 'none'}: "
                                "the later label is kept where both times are given and one is "
                                "later)"
                                if not other_file
                                else ""
                            )
                        )
                        + (
                            f" (two annotators' files read under one name? import each with "
                            f"{option('annotator', 'NAME')})"
                            if other_file
                            else ""
                        ),
                        source=path,
                        where=where,
                    )
            except DateOrderError:
                raise  # skipping the row would keep the file's ambiguous dates misread
            except ClassifyError as exc:
                result.problems.append(str(exc))
                continue
            dropped.update(raw.get("extra") or [])
            for fld in values:
                first_at[(who, unit_id, fld)] = f"{path}:{where}"
            if replace_at is not None:
                # A later label of some fields only keeps the earlier others.
                values = {**result.records[replace_at].values, **values}
                first_values[(who, unit_id)] = values
            first_values.setdefault((who, unit_id), values)
            record_at.setdefault((who, unit_id), len(result.records))
            record = Record(
                unit_id,
                values,
                who,
                # When the label was made, where the file records it;
                # never the moment of import (a file read twice would
                # differ, and a newer label could not be told).
                raw.get("time") or None,
                text,
                level,
                raw.get("note"),
                f"{path}:{where}",
                None if article is None else str(article),
                None if date in (None, "") else str(date),
                None if outlet in (None, "") else str(outlet),
            )
            if replace_at is None:
                result.records.append(record)
                result.single += bool(raw.get("single"))
            else:
                result.records[replace_at] = record
        _warn_all_empty(path, result.records[file_start:], specs)
        if dropped:
            # A shipped task's label column left out by --task (topics
            # beside --task stance) was not asked for: nothing is lost that
            # was wanted.
            not_asked = {t.field for t in _tasks(None)} - {t.field for t in specs}
            folded = {k: k.strip().casefold() for k in dropped}
            for k in [k for k, f in folded.items() if f in not_asked or f + "s" in not_asked]:
                del dropped[k]
        if dropped:
            named = ", ".join(
                f"'{k}' ({n} {'row' if n == 1 else 'rows'})" for k, n in dropped.items()
            )
            warn(
                f"{path}: {'column' if len(dropped) == 1 else 'columns'} {named} "
                f"{'is' if len(dropped) == 1 else 'are'} not kept: a record keeps its labels, "
                "unit, text, level, annotator, time and note (a coder's comment is kept in a "
                f"'note' column; a label of another task with {option('tasks', 'FILE', flag='--task')})"
                f"{partial_columns_hint([path], specs, encoding)}"
            )
    if not result.records and result.unlabelled and not result.problems and not in_cli():
        # The command stops on this with the same words; a notebook got an
        # empty result without one (a misspelt label column).
        warn(
            f"no labelled rows: {result.unlabelled} "
            f"{'row' if result.unlabelled == 1 else 'rows'} read, none with a "
            f"{no_task_label_hint(specs)}{partial_columns_hint(files, specs, encoding)}"
        )
    if slashed and not evident:
        # `annotate export` writes ISO dates: slashes mean a spreadsheet
        # re-saved them in its locale, and where every day is 12 or less no
        # date shows which order it used.
        at, written, read = slashed[0]
        n = len(slashed)
        warn(
            f"{n} date{'s' if n != 1 else ''} written with slashes, each readable either way, "
            f"{'were' if n != 1 else 'was'} read day first (first: "
            f"'{written}' as {read}, {at}); `annotate export` writes ISO dates, so a "
            f"spreadsheet re-saved {'them' if n != 1 else 'it'} in its own locale: if it "
            f"writes month first (US), pass {option('date_order', 'month-first')}, or give "
            f"the articles ({option('sources', 'PATH', flag='--source')}) to take the dates "
            "from them"
        )
    if result.relabelled:
        n = len(result.relabelled)
        warn(
            f"{n} {'unit' if n == 1 else 'units'} labelled twice by one annotator, both "
            f"labels timed: the later kept (first: {result.relabelled[0]}); all are listed "
            "in .relabelled"
            if not in_cli()
            else f"{n} {'unit' if n == 1 else 'units'} labelled twice by one annotator, both "
            f"labels timed: the later kept; first: {result.relabelled[0]}"
        )
    if result.problems and not in_cli() and not _PROBLEMS_RAISED.get():
        # The command refuses these rows unless --skip-bad; a notebook got the
        # rows that matched (an adjudication file's agreed units only) silently.
        n = len(result.problems)
        warn(
            f"{n} {'row' if n == 1 else 'rows'} did not match and {'is' if n == 1 else 'are'} "
            f"left out of the {len(result.records)} records (first: {result.problems[0]}); "
            "all are listed in .problems"
        )
    return result


def _written_level(files: Sequence[Any], encoding: str | None) -> str | None:
    """The one unit level (``paragraph``, ``sentence``, ``article``) the
    annotators' files' rows name in their ``level`` column (as an export
    writes it), or None where they name none or several."""
    found: set[str] = set()
    for f in files:
        if not isinstance(f, (str, os.PathLike)):
            continue
        for row, _ in _raw_rows(Path(f), encoding):
            data = row.get("data") if isinstance(row.get("data"), dict) else row
            meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
            level = data.get("level") or meta.get("level")
            if isinstance(level, str) and level.strip():
                found.add(level.strip().lower())
    if len(found) == 1 and (level := found.pop()) in ("article", "paragraph", "sentence"):
        return level
    return None


# Whether the caller named the date order (--date-order): then slashed dates
# are read as told, with nothing to warn of.
ORDER_GIVEN: ContextVar[bool] = ContextVar("ORDER_GIVEN", default=False)


def _tool_of(path: Path) -> str | None:
    """``Label Studio`` or ``doccano`` where a file's first row is that
    tool's export (:func:`detect_format`), else None."""
    try:
        row = next(iter(_raw_rows(path, None)), None)
    except ClassifyError:
        return None
    if not row:
        return None
    if _is_label_studio_min(row[0]):
        # JSON-MIN and CSV: a choice left unanswered has no key, read as "none".
        return "Label Studio"
    return {"label-studio": "Label Studio", "doccano": "doccano"}.get(detect_format(row[0]))


def _warn_all_empty(path: Path, records: Sequence[Record], specs: Sequence[Task]) -> None:
    """Warn where one file gives "no label" ([]) for a multilabel task on
    every one of 10 or more units: an annotator who left the column blank,
    caught where it is imported rather than at agreement."""
    for task in specs:
        if not task.multilabel:
            continue
        given = [r.values[task.field] for r in records if task.field in r.values]
        if len(given) >= 10 and all(not v for v in given):
            # Units, not records: a unit two annotators labelled is one.
            units = len({r.unit or r.text for r in records if task.field in r.values})
            warn(
                f"{path}: every one of its {units} units has no '{task.field}' (the "
                f"column is empty or []): was it left blank? Every unit having none of the "
                "labels is unlikely; leave the column out to import the file as unlabelled "
                "for that task"
                + (
                    f" (a {tool} export leaves an unanswered question out, read as no "
                    "label: where only other tasks were labelled, import it with "
                    f"{option('tasks', 'TASK', flag='--task')} naming those, e.g. "
                    + ("--task stance)" if in_cli() else "tasks=['stance'])")
                    if (tool := _tool_of(path))
                    else ""
                )
            )


# A numeric date with slashes, as a spreadsheet writes one back (3/6/2023).
_SLASHED_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?$"
)


def _read_date(value: Any, options: ReadOptions | None, path: Path, where: str) -> str | None:
    """An annotators' file's own date cell as ISO text, read in the date
    order given (a sheet re-saved by Excel writes 9/11/2025): never passed
    through unread, for a later command to read in another order."""
    from classify.dates import parse_date

    if value in (None, "") or is_blank(value):
        return None
    order = options.date_order if options is not None else "day-first"
    return parse_date(value, source=path, where=where, date_order=order)


def _norm(text: str) -> str:
    return text_form(text)


def _later(time: Any, before: Any, *, day_first: bool = True) -> bool | None:
    """Whether the time ``time`` is after ``before``: True, False, or None
    where either is missing, unreadable or they are equal (a relabel that
    cannot be ordered is refused, not guessed). ISO 8601, else as a
    spreadsheet writes it, a slashed date read day first unless
    ``day_first`` is False (``--date-order``, as for dates elsewhere)."""
    import datetime

    def read(t: Any) -> datetime.datetime | None:
        if not isinstance(t, str) or not t.strip():
            return None
        try:
            return datetime.datetime.fromisoformat(t.strip())
        except ValueError:
            pass
        # A spreadsheet's own form ("3/1/2025 10:00", a form tool's Timestamp).
        from dateutil import parser

        try:
            return parser.parse(t.strip(), dayfirst=day_first)
        except (ValueError, OverflowError):
            return None

    a, b = read(time), read(before)
    if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None) or a == b:
        return None
    return a > b


def _second_label(unit: str, fields: Sequence[str], who: str, first: str) -> str:
    """The problem of a unit labelled twice by one annotator."""
    return (
        f"unit '{unit}' has a second {_fields(fields)} label from annotator '{who}' "
        f"(first at {first}); one label per annotator and unit"
    )


def _labels_differ(
    fields: Sequence[str], earlier: Mapping[str, Any], now: Mapping[str, Any]
) -> str:
    """`` ('topics' sanctions there, (none) here)``: the two labels of each
    field that differs, so a reader sees which to keep."""

    def shown(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return "+".join(map(str, value)) or "(none)"
        return "(unlabelled)" if value is None else str(value)

    parts = [f"'{f}' {shown(earlier.get(f))} there, {shown(now.get(f))} here" for f in fields]
    return f" ({'; '.join(parts)})"


def _fields(names: Sequence[str]) -> str:
    """``'topics' and 'stance'``."""
    return " and ".join(f"'{n}'" for n in names)


def _match_unit(
    raw: dict[str, Any],
    known: dict[str, Any] | None,
    by_text: dict[str, list[str]] | None,
    path: Path,
    where: str,
) -> tuple[str, str | None, str | None]:
    """``(unit id, text, level)`` of an imported row, checked against the
    source units when there are any: the id must be one of them and the
    row's text, if any, must be its text; a row without an id is matched by
    its exact text (whitespace and quote marks aside)."""
    from classify.data import loose_text, near_unit_ids, same_text

    text = raw.get("text")
    level = raw.get("level")
    # A spreadsheet cell may keep the spaces typed around an id.
    unit_id = str(raw["unit"]).strip() if raw.get("unit") not in (None, "") else None
    unit_id = unit_id or None
    if known is None or by_text is None:
        if unit_id is not None:
            # Two annotators' files match whatever form their accents take.
            unit_id = id_form(unit_id)
        if unit_id is None:
            # Only import reads sources; agreement reads files as they are (read_records).
            match = (
                f"pass {option('sources', 'PATH', flag='--source')} to match it by its text"
                if not _PROBLEMS_RAISED.get()
                else "match the rows to their units by their text first: classify annotate "
                "import FILE --source PATH --out FILE.jsonl, and give that file"
                if in_cli()
                else "match the rows to their units by their text first: "
                "import_annotations(FILE, sources=PATH), and give what it returns"
            )
            raise ClassifyError(
                f"row names no 'unit' id ({match})"
                if text
                else "row names no 'unit' id and no 'text'",
                source=path,
                where=where,
            )
        return unit_id, text, level
    if unit_id is None:
        if not text:
            raise ClassifyError(
                "row names no 'unit' id and has no 'text' to match it to a unit by (a "
                "column or key named 'text'; 'data' in a doccano 1.x export)",
                source=path,
                where=where,
            )
        matches = by_text.get(_norm(text), [])
        if not matches:
            # Quote marks a sheet app curled (or straightened): the same text.
            loose = loose_text(text)
            matches = [k for k, u in known.items() if loose_text(u.text) == loose]
        if len(matches) != 1:
            raise ClassifyError(
                "row names no 'unit' id and its text matches "
                + (
                    "no unit of the sources" + _other_level_hint(_norm(text or ""), known)
                    if not matches
                    else f"{len(matches)} units ({', '.join(matches[:3])}"
                    f"{', ...' if len(matches) > 3 else ''}): give it a 'unit' id to say which"
                ),
                source=path,
                where=where,
            )
        unit_id = matches[0]
    if unit_id not in known:
        # The same id with its accents composed the other way (a Mac's file
        # name against a typed id) is that unit.
        same = [k for k in known if id_form(k) == id_form(unit_id)]
        if len(same) == 1:
            unit_id = same[0]
    if unit_id not in known:
        theirs = next(iter(known.values())).level if known else None
        article = unit_id.split(":")[0]
        read = any(u.article_id == article for u in known.values())
        # A doccano row carries no level; its id says it (a01:p2, a01:p2s1).
        level = level or _level_of_id(unit_id)
        padded = [] if read else _zero_padded(unit_id, known)
        near = near_unit_ids([unit_id], list(known.values()))
        hint = (
            f" (did you mean '{near[0][1]}'?)"
            if near
            else f" (the sources have {_either(padded)}: {_ZEROS_DROPPED}; format the unit column "
            "as text, or copy the ids from the export again)"
            if padded
            else f" (the row is a {level} unit and the sources were cut into {theirs} units: pass "
            f"{option('unit', level)})"
            if level in ("article", "paragraph", "sentence") and theirs and level != theirs and read
            else f" (no article '{article}' among them: is its file one of the sources?)"
            if not read
            else ""
        )
        raise ClassifyError(
            f"unit '{unit_id}' is not in the sources{hint}", source=path, where=where
        )
    source_text = known[unit_id].text
    if text is not None and _cut_by_excel(str(text), source_text):
        raise ClassifyError(
            f"text of unit '{unit_id}' is cut at {EXCEL_CELL_LIMIT:,} characters, Excel's "
            f"limit for a cell, where the source's has {len(source_text):,}: delete the text "
            "column to match by unit id alone, or label such units in another tool",
            source=path,
            where=where,
        )
    # Quote marks a sheet app curled (or straightened) change no text.
    if text is not None and str(text).strip() and not same_text(str(text), source_text):
        raise ClassifyError(
            f"text of unit '{unit_id}' differs from the source's {_first_difference(str(text), source_text)} "
            "(was the article edited, the unit id wrong, or the file saved in another encoding? "
            "if only the text column changed, delete that column to match by unit id alone)",
            source=path,
            where=where,
        )
    return unit_id, source_text, known[unit_id].level


def warn_unmatched_labelled(
    done: set[str], units: Sequence[Any], name: str, texts: Collection[str] = ()
) -> None:
    """Warn where ids labelled in the ``name`` files (``exclude``,
    ``labelled``) look meant for units of these sources and are not theirs:
    a spreadsheet's number for a padded id (``1`` for ``001``), or a unit of
    an article among the sources at another level (``a01:p2`` against
    sentences). Those units would be handed out again, unless their text is
    among the labelled ``texts`` (:func:`labelled_units`), which leaves them
    out all the same (a one-sentence paragraph is its sentence). Ids of other
    corpora (a gold file of another collection) are not named."""
    known = {u.id: u for u in units}
    forms = {id_form(k) for k in known}
    missing = sorted(d for d in done if id_form(d) not in forms)
    if not missing:
        return
    articles: dict[str, list[str]] = {}
    for u in units:
        articles.setdefault(u.article_id, []).append(u.id)
    numbers = numeric_ids(known)

    def left_out(ids: Sequence[str]) -> bool:
        return bool(ids) and all(_norm(known[i].text) in texts for i in ids)

    def nested(m: str) -> list[str]:
        # a01:p2 holds a01:p2s1 and is held by a01; sentence ids add "s", paragraphs ":".
        return [
            k
            for k in articles.get(m.split(":")[0], [])
            if k.startswith((m + "s", m + ":")) or m.startswith((k + "s", k + ":"))
        ]

    padded = [(m, p) for m in missing if (p := _zero_padded(m, known, numbers)) and not left_out(p)]
    elsewhere = [
        m for m in missing if ":" in m and m.split(":")[0] in articles and not left_out(nested(m))
    ]
    whys = []
    if padded:
        m, p = padded[0]
        whys.append(
            f"{len(padded)} {'id' if len(padded) == 1 else 'ids'} such as '{m}' for the sources' "
            f"{_either(p)}: {_ZEROS_DROPPED}"
        )
    elif elsewhere:
        level = next(iter(known.values())).level

        def shape(i: str) -> str:
            return re.sub(r"\d+", "N", i)

        # 'a01:p5' where a01 has a01:p1..p4 now: the article lost a paragraph.
        gone = [m for m in elsewhere if shape(m) in {shape(k) for k in articles[m.split(":")[0]]}]
        if gone:
            whys.append(
                f"{len(gone)} {'unit' if len(gone) == 1 else 'units'} of articles among the "
                f"sources that they no longer have, such as '{gone[0]}' (an article edited "
                "since it was labelled: a paragraph removed or joined? its label is on no unit "
                "now, and the paragraph that moved into its place is matched by its text)"
            )
        if other := [m for m in elsewhere if m not in gone]:
            whys.append(
                f"{len(other)} {'unit' if len(other) == 1 else 'units'} of articles among "
                f"the sources, such as '{other[0]}', which are cut into {level} units here "
                f"(labelled at another {option('unit')}?)"
            )
    explained = {m for m, _ in padded} | set(elsewhere)
    rest = [m for m in missing if m not in explained]
    close = [
        (m, c)
        for m, c in _close_ids(rest, known, len(done) - len(missing), left_out)
        if c not in done  # the unit is labelled under its own id too: left out
    ]
    if close:
        named = ", ".join(f"'{m}' ('{c}'?)" for m, c in close[:3])
        whys.append(
            f"{len(close)} {'id' if len(close) == 1 else 'ids'} that no unit of the sources has "
            f"but one of their ids is close to ({named}{', ...' if len(close) > 3 else ''}: "
            "edited in a spreadsheet?)"
        )
    for why in whys:
        warn(
            f"the {option(name)} files label {why}"
            + (
                ""
                if "no longer have" in why
                else "; those units are not left out and may be handed out again"
            )
        )


def _close_ids(
    missing: Sequence[str], known: dict[str, Any], matched: int, left_out: Callable[..., bool]
) -> list[tuple[str, str]]:
    """``(id, the sources' id it is close to)`` for labelled ids that are
    none of the sources' but one of them with a spreadsheet's edit: a
    character changed, dropped or added, or two neighbours swapped (``trO05``,
    ``tr05``, ``tr0055``, ``t0r05``, ``TR005`` for ``tr005``). One digit for another
    (``tr021`` beside ``tr001``) is another id of a numbered series, not an
    edit, and neither is a digit dropped or added (but a zero). Only where
    few are missing and either the file's other ids are the sources' or at
    least half of the missing ones are close to one (a file of another corpus
    is neither)."""
    if not missing or len(missing) > 50:
        return []
    lengths = {len(m) for m in missing}
    wanted = lengths | {n - 1 for n in lengths} | {n + 1 for n in lengths}
    changed: dict[str, list[tuple[str, str]]] = {}  # blanked form: (id, its character)
    dropped: dict[str, tuple[str, str]] = {}  # id less a character: (id, the character)
    for k in known:
        if len(k) not in wanted:
            continue
        for i in range(len(k)):
            changed.setdefault(f"{k[:i]}\0{k[i + 1 :]}", []).append((k, k[i]))
            dropped.setdefault(f"{k[:i]}{k[i + 1 :]}", (k, k[i]))

    def edit(a: str, b: str) -> bool:
        return not (a.isdigit() and b.isdigit())

    def counted(ch: str) -> bool:
        return not ch.isdigit() or ch == "0"

    folded = {k.casefold(): k for k in known}

    def nearest(m: str) -> str | None:
        if (c := folded.get(m.casefold())) is not None:
            return c  # its case changed ("NW005" for "nw005")
        for i in range(len(m)):
            for c, was in changed.get(f"{m[:i]}\0{m[i + 1 :]}", ()):
                if edit(was, m[i]):
                    return c  # one character changed ("O" for "0")
            if (c := m[:i] + m[i + 1 :]) in known and counted(m[i]):
                return c  # one added
        if (hit := dropped.get(m)) and counted(hit[1]):
            return hit[0]  # one dropped
        for i in range(len(m) - 1):
            c = f"{m[:i]}{m[i + 1]}{m[i]}{m[i + 2 :]}"
            if m[i] != m[i + 1] and c in known and edit(m[i], m[i + 1]):
                return c  # two swapped
        return None

    pairs = [(m, c) for m in missing if (c := nearest(m)) is not None and not left_out([c])]
    if not matched and 2 * len(pairs) < len(missing):
        return []
    return pairs


def _other_level_hint(text: str, known: dict[str, Any]) -> str:
    """Where a row's text is not a unit's but is part of one, or holds
    several: the sources were cut at another level than the row was
    labelled at (a doccano export of paragraphs against sentence units)."""
    if not text or not known:
        return ""
    level = next(iter(known.values())).level
    inside = [uid for uid, u in known.items() if text in _norm(u.text)]
    held = [uid for uid, u in known.items() if len(u.text) > 20 and _norm(u.text) in text]
    smaller = {"paragraph": ["sentence"], "article": ["paragraph", "sentence"]}.get(level, [])
    larger = {"sentence": ["paragraph", "article"], "paragraph": ["article"]}.get(level, [])
    if len(inside) == 1 and smaller:
        return (
            f" (it is part of unit '{inside[0]}': the sources are cut into {level} units; "
            f"labelled at a smaller level? pass "
            f"{' or '.join(option('unit', k) for k in smaller)})"
        )
    if len(held) > 1 and larger:
        return (
            f" (it holds {len(held)} {level} units, '{held[0]}' first: labelled at a larger "
            f"level? pass {' or '.join(option('unit', k) for k in larger)})"
        )
    return ""


def _level_of_id(unit_id: str) -> str | None:
    """The unit level an id of ours spells (``a01:p2`` a paragraph,
    ``a01:p2s1`` a sentence), or None."""
    if re.search(r":p\d+s\d+$", unit_id):
        return "sentence"
    if re.search(r":p\d+$", unit_id):
        return "paragraph"
    return None


# Why an id of the sources (001, 2.0) comes back from a coder's sheet as 1, 2.
_ZEROS_DROPPED = "a spreadsheet rewrites ids it reads as numbers (001 as 1, 2.0 as 2, 2.10 as 2.1)"
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def numeric_ids(known: Collection[str]) -> dict[float, list[str]]:
    """The ids of ``known`` that a spreadsheet reads as numbers, by value."""
    out: dict[float, list[str]] = {}
    for k in known:
        if _NUMBER.fullmatch(k):
            out.setdefault(float(k), []).append(k)
    return out


def _zero_padded(
    unit_id: str, known: Collection[str], numbers: dict[float, list[str]] | None = None
) -> list[str]:
    """The ids of the sources that ``unit_id`` may be once a spreadsheet has
    read both as numbers (``001`` written back as ``1``, ``2.0`` as ``2``):
    one, or several where the number stands for more than one (``2`` for
    ``002`` and ``2.0``); empty where none. ``numbers``:
    :func:`numeric_ids` of ``known``, computed once by a caller that asks
    for many ids."""
    if not _NUMBER.fullmatch(unit_id):
        return []
    numbers = numeric_ids(known) if numbers is None else numbers
    return sorted(k for k in numbers.get(float(unit_id), []) if k != unit_id)


def _either(ids: Sequence[str]) -> str:
    """``'002'``, or ``'002' or '2.0'``."""
    return " or ".join(f"'{i}'" for i in ids)


# The most characters an Excel cell holds; it cuts a longer text on opening.
EXCEL_CELL_LIMIT = 32_767


def _first_difference(
    text: str, source: str, here: str = "here", there: str = "in the source"
) -> str:
    """``at character 12: '...Lukashenko' here, '...Łukašenka' in the
    source`` (whitespace-normalised), so a garbled or edited text is seen;
    ``here`` and ``there`` name the two sides."""
    a, b = _norm(text), _norm(source)
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, i - 10)
    return f"at character {i + 1}: {a[start : i + 10]!r} {here}, {b[start : i + 10]!r} {there}"


def write_records(path: PathLike, records: Sequence[Record]) -> Path:
    """Write records in the project's annotation format, atomically."""
    from classify.store import write_jsonl

    path = Path(path)
    if path.suffix.lower() != ".jsonl":
        raise ClassifyError("annotations are written as .jsonl", source=path)
    write_jsonl(path, [r.to_row() for r in records])
    return path


def read_records(
    files: Sequence[PathLike],
    *,
    tasks: Sequence[PathLike | Task] | None = None,
    encoding: str | None = None,
    date_order: str | None = None,
) -> list[Record]:
    """Annotation files (any importable format) as records, read with
    ``encoding`` (None: UTF-8) and numeric dates in ``date_order`` (None:
    day first), as :func:`import_annotations` reads them; any problem is
    raised as a one-line error."""
    token = _PROBLEMS_RAISED.set(True)  # raised below, not warned of
    options = ReadOptions(date_order=date_order) if date_order else None  # type: ignore[arg-type]
    try:
        result = import_annotations(files, tasks=tasks, encoding=encoding, source_options=options)
    finally:
        _PROBLEMS_RAISED.reset(token)
    if result.problems:
        raise ClassifyError(result.problems[0])
    return result.records


# -- agreement ----------------------------------------------------------------------


def ratings_matrix(
    records: Sequence[Record], task: Task, *, label: str | None = None
) -> tuple[np.ndarray, list[str], list[str], list[str]]:
    """Records to a ratings matrix for :mod:`classify.agreement`.

    Returns ``(ratings, units, annotators, categories)``: ``ratings`` has
    shape ``(n_units, n_annotators)`` with category codes and -1 for missing.
    For a multiclass task the categories are its labels; for a multilabel
    task with ``label`` they are ``absent``/``present``; without ``label``,
    the distinct label sets seen (``a+b``, or ``(none)``).
    """
    from classify.agreement import MISSING

    rated = [r for r in records if task.field in r.values]
    units = sorted({r.unit for r in rated})
    annotators = sorted({r.annotator for r in rated})
    if task.multilabel and label is not None:
        categories = ["absent", "present"]
    elif task.multilabel:
        categories = sorted({_set_name(r.values[task.field]) for r in rated})
    else:
        categories = list(task.labels)
    u_index = {u: i for i, u in enumerate(units)}
    a_index = {a: j for j, a in enumerate(annotators)}
    c_index = {c: k for k, c in enumerate(categories)}
    out = np.full((len(units), len(annotators)), MISSING, dtype=np.int64)
    for r in rated:
        value = r.values[task.field]
        if task.multilabel and label is not None:
            code = int(label in value)
        elif task.multilabel:
            code = c_index[_set_name(value)]
        else:
            code = c_index[value]
        out[u_index[r.unit], a_index[r.annotator]] = code
    return out, units, annotators, categories


def _set_name(value: Sequence[str]) -> str:
    return "+".join(value) if value else "(none)"


def _without_gold(records: Sequence[Record]) -> tuple[list[Record], int]:
    """``records`` without adjudicated gold (annotator :data:`ADJUDICATED`,
    as ``annotate import`` writes an adjudication file), said in a warning,
    and how many were left out.

    Raises:
        ClassifyError: fewer than two coders are left beside the gold.
    """
    kept = [r for r in records if r.annotator != ADJUDICATED]
    gold = len(records) - len(kept)
    if not gold:
        return list(records), 0
    # Adjudicated gold is drawn from the coders' labels: beside them it
    # would agree with them by construction and lift every figure.
    coders = sorted({r.annotator for r in kept})
    if len(coders) < 2:
        raise ClassifyError(
            f"agreement needs two coders' files; beside {gold} records of adjudicated gold "
            f"(annotator '{ADJUDICATED}', which is left out) there "
            + (f"is one coder ({coders[0]})" if coders else "is no coder")
            + ": give another coder's file"
        )
    warn(
        f"{gold} records are adjudicated gold (annotator '{ADJUDICATED}', as `annotate import` "
        "writes an adjudication file), not a coder's labels: left out of the agreement and of "
        "the new adjudication file"
    )
    return kept, gold


def _level_of(record: Record) -> str | None:
    """A record's unit level: its own ``level``, else what its unit id
    says (:func:`_level_of_id`: ``a01:p3s2`` a sentence), else None."""
    return record.level or _level_of_id(str(record.unit))


def _one_level(records: Sequence[Record]) -> tuple[list[Record], dict[str, Any]]:
    """``records`` of one unit level (a record's ``level``, else its unit
    id's, :func:`_level_of`): agreement compares units coders share, and a
    paragraph is never the sentence inside it. Where the records are of
    several levels (a coder who labelled sentences beside others who
    labelled paragraphs), the level whose units two coders share is kept
    and the others are left out with a warning naming who labelled them;
    records of no known level stay. Also returned: what was left out
    (``{"levels", "annotators", "records"}``; empty where nothing was).

    Raises:
        ClassifyError: units are shared at more than one level (give the
            files of one level at a time), or none is and the coders
            label at different levels."""
    level = {id(r): _level_of(r) for r in records}
    levels = {lv for lv in level.values() if lv}
    if len(levels) < 2:
        return list(records), {}

    def who(lv: str) -> list[str]:
        return sorted({r.annotator for r in records if level[id(r)] == lv})

    shared: dict[str, int] = {}
    for lv in sorted(levels):
        raters: dict[str, set[str]] = {}
        for r in records:
            if level[id(r)] == lv:
                raters.setdefault(r.unit, set()).add(r.annotator)
        shared[lv] = sum(len(w) >= 2 for w in raters.values())
    both = [lv for lv, n in shared.items() if n]
    named = "; ".join(f"{lv}: {', '.join(who(lv))}" for lv in sorted(levels))
    if len(both) > 1:
        raise ClassifyError(
            f"the files label units at several levels ({named}): agreement compares units of "
            "one level; give the files of one level at a time"
        )
    if not both:
        raise ClassifyError(
            f"no unit is labelled by two annotators at one level ({named}): agreement compares "
            "units of one level; give files of coders who labelled the same level"
        )
    kept_level = both[0]
    others = sorted(levels - {kept_level})
    left = [r for r in records if level[id(r)] in others]
    coders = sorted({r.annotator for r in left})
    warn(
        f"{len(left)} records label {' and '.join(others)} units ({', '.join(coders)}), "
        f"which no other coder labelled at that level: left out of the agreement and of the "
        f"adjudication file, which compare the {kept_level} units ({', '.join(who(kept_level))}); "
        "give their files with other coders' files of that level"
    )
    kept = [r for r in records if level[id(r)] in (None, kept_level)]
    return kept, {"levels": others, "annotators": coders, "records": len(left)}


def agreement(
    records: Sequence[Record],
    tasks: Sequence[PathLike | Task] | None = None,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """Agreement per task (and per topic label for multilabel tasks), with
    bootstrap 95% CIs over units and pairwise confusion tables."""
    from classify import agreement as stats

    specs = _tasks(tasks)
    if not records:
        raise ClassifyError(f"no record carries a {no_task_label_hint(specs)}")
    records, _ = _without_gold(records)
    records, _ = _one_level(records)
    annotators = sorted({r.annotator for r in records})
    if len(annotators) < 2:
        raise ClassifyError(
            f"agreement needs at least two annotators, found {len(annotators)} "
            f"({', '.join(annotators) or 'none'}); give each file's records an 'annotator'"
        )
    raters: dict[str, set[str]] = {}
    for r in records:
        raters.setdefault(r.unit, set()).add(r.annotator)
    if not any(len(who) >= 2 for who in raters.values()):
        per = ", ".join(f"{a}: {sum(a in who for who in raters.values())}" for a in annotators)
        # A coder's sheet read '001' as 1: the two files name one unit two ways.
        alike = next((ids for ids in numeric_ids(raters).values() if len(ids) > 1), None)
        hint = (
            f"; ids such as {' and '.join(repr(i) for i in alike[:2])} are one number: "
            f"{_ZEROS_DROPPED} (format the unit column as text, or copy the ids from the export again)"
            if alike
            else ""
        )
        raise ClassifyError(
            f"no unit is labelled by two annotators (units per annotator: {per}); "
            f"agreement needs units they share (same unit ids and level){hint}"
        )
    # Shared units are counted per task: one coder's stance beside
    # another's topics of the same units is no agreement of either.
    by_task: dict[str, dict[str, set[str]]] = {}
    for task in specs:
        for r in records:
            if task.field in r.values:
                by_task.setdefault(task.name, {}).setdefault(r.unit, set()).add(r.annotator)
    shared = {t: sum(len(who) >= 2 for who in units.values()) for t, units in by_task.items()}
    if by_task and not any(shared.values()):
        per = "; ".join(
            f"{t}: " + ", ".join(sorted({a for who in units.values() for a in who}))
            for t, units in by_task.items()
        )
        raise ClassifyError(
            f"no unit is labelled by two annotators for the same task (who labels each: {per}); "
            "agreement compares the labels two annotators gave one task on the same units"
        )
    alone = [t for t, n in shared.items() if not n]
    if alone:
        warn(
            f"{', '.join(repr(t) for t in alone)} {'is' if len(alone) == 1 else 'are'} labelled "
            "by one annotator on each unit: left out of the agreement"
        )
    texts_differ = _texts_that_differ(records)
    # An annotator who ticked no topic on any unit most likely left the
    # column blank, not judged every unit topic-free.
    never: list[dict[str, Any]] = []
    for task in specs:
        if not task.multilabel:
            continue
        rated = [r for r in records if task.field in r.values]
        for who in annotators:
            mine = {r.unit: r.values[task.field] for r in rated if r.annotator == who}
            # Others did tick topics on units this annotator labelled: the
            # blank column is theirs alone, not a batch without topics.
            others = any(
                r.values[task.field] for r in rated if r.annotator != who and r.unit in mine
            )
            if len(mine) >= 5 and not any(mine.values()) and others:
                never.append({"annotator": who, "field": task.field, "units": len(mine)})
    rows = []
    confusions = []
    for task in specs:
        if not shared.get(task.name):
            continue
        parts: list[str | None] = [None]
        if task.multilabel:
            parts += list(task.labels)
        for label in parts:
            ratings, _, anns, cats = ratings_matrix(records, task, label=label)
            figures = stats.agreement_figures(ratings, cats, n_resamples=n_resamples, seed=seed)
            name = task.name if label is None else f"{task.name}: {label}"
            what = "label set" if task.multilabel and label is None else "label"
            rows.append({"task": task.name, "label": label, "name": name, "what": what, **figures})
            for a in range(len(anns)):
                for b in range(a + 1, len(anns)):
                    table = stats.confusion_between(ratings[:, a], ratings[:, b], len(cats))
                    shown = list(range(len(cats)))
                    if what == "label set":
                        # Of every set of the task's labels, those the pair used.
                        shown = [i for i in shown if table[i].sum() or table[:, i].sum()]
                    # Each pair's own kappa too: with three annotators or more
                    # the table's Cohen's kappa is none, and a team asks who
                    # agrees with whom.
                    kappa = stats.cohen_kappa(ratings[:, a], ratings[:, b])
                    confusions.append(
                        {
                            "name": name,
                            "a": anns[a],
                            "b": anns[b],
                            "categories": [cats[i] for i in shown],
                            "table": table[np.ix_(shown, shown)].tolist(),
                            "units": int(table.sum()),
                            "cohen_kappa": None if np.isnan(kappa) else round(kappa, 6),
                        }
                    )
    if not rows:
        raise ClassifyError("no record labels any of the tasks")
    return {
        "annotators": annotators,
        "units": len({r.unit for r in records}),
        "rows": rows,
        "confusions": confusions,
        "label_shares": label_shares(records, [t for t in specs if shared.get(t.name)]),
        "bootstrap": n_resamples,
        "texts_differ": texts_differ,
        "no_label_given": never,
    }


def label_shares(records: Sequence[Record], tasks: Sequence[Task]) -> list[dict[str, Any]]:
    """Each annotator's use of each label: how many of the units they
    labelled for a task carry it, and what share. A coder who gives
    `neutral` far more often than the others (or never ticks a topic) shows
    here before any agreement figure is read (the marginal distributions
    behind the chance agreement of Cohen's and Fleiss' kappa; Artstein &
    Poesio 2008, "Inter-coder agreement for computational linguistics",
    Computational Linguistics 34(4), sec. 3.1).

    Returns:
        One dict per task and annotator, in task then annotator order:
        ``task``, ``field``, ``annotator``, ``units`` (labelled for the
        task), ``counts`` (label -> units; for a multilabel task also
        ``"(none)"``, units with no label) and ``shares`` (the same over
        ``units``, six decimals).
    """
    out = []
    for task in tasks:
        for who in sorted({r.annotator for r in records}):
            values = [
                r.values[task.field]
                for r in records
                if r.annotator == who and task.field in r.values
            ]
            if not values:
                continue
            counts = {label: 0 for label in task.labels}
            if task.multilabel:
                counts["(none)"] = 0
            for value in values:
                chosen = list(value or []) if task.multilabel else [value]
                for label in chosen:
                    if label in counts:
                        counts[label] += 1
                if task.multilabel and not chosen:
                    counts["(none)"] += 1
            out.append(
                {
                    "task": task.name,
                    "field": task.field,
                    "annotator": who,
                    "units": len(values),
                    "counts": counts,
                    "shares": {k: round(v / len(values), 6) for k, v in counts.items()},
                }
            )
    return out


def _texts_that_differ(records: Sequence[Record]) -> list[dict[str, str]]:
    """The units whose records carry different texts in different
    annotators' files (whitespace and Unicode form aside), each as
    ``{"unit", "a", "text_a", "b", "text_b"}``: one id for two passages, as
    where batches were exported before and after the articles were cut
    again, so their labels are not of one unit."""
    seen: dict[str, dict[str, str]] = {}
    for r in records:
        if r.text is not None and str(r.text).strip():
            seen.setdefault(r.unit, {}).setdefault(r.annotator, str(r.text))
    out = []
    for unit, by in seen.items():
        (a, text_a), *rest = by.items()
        other = next(((b, t) for b, t in rest if _norm(t) != _norm(text_a)), None)
        if other is not None:
            b, text_b = other
            where = _first_difference(text_a, text_b, f"in {a}'s", f"in {b}'s")
            out.append(
                {"unit": unit, "a": a, "text_a": text_a, "b": b, "text_b": text_b, "where": where}
            )
    return out


def adjudication_rows(records: Sequence[Record], tasks: Sequence[Task]) -> list[dict[str, Any]]:
    """Every unit with its annotators' labels: ``status`` is ``agreed`` (two
    or more annotators gave every field, all the same; filled in),
    ``single`` (a field rests on one annotator, because only one labelled
    the unit or the others left that field empty; filled in, and
    ``single_fields`` names those fields) or
    ``disputed`` (the disputed fields are null for the adjudicator to fill;
    ``suggested`` holds the majority where there is one; ``single_fields``
    names a field of it only one annotator gave, filled in). ``import`` reads
    the file back as the gold set."""
    by_unit: dict[str, list[Record]] = {}
    for r in records:
        by_unit.setdefault(r.unit, []).append(r)
    out = []
    for unit in sorted(by_unit):
        recs = by_unit[unit]
        row: dict[str, Any] = {"unit": unit}
        first = recs[0]
        if first.level:
            row["level"] = first.level
        article = next((r.article_id for r in recs if r.article_id), None)
        if article:
            row["article_id"] = article
        for key in ("date", "source"):
            value = next((getattr(r, key) for r in recs if getattr(r, key)), None)
            if value:
                row[key] = value
        if first.text is not None:
            row["text"] = first.text
        disputed = False
        suggested: dict[str, Any] = {}
        single: list[str] = []
        for task in tasks:
            values = [r.values[task.field] for r in recs if task.field in r.values]
            if not values:
                continue
            if len(values) == 1:
                single.append(task.field)
            keys = Counter(json.dumps(v) for v in values)
            if len(keys) == 1:
                row[task.field] = values[0]
            else:
                disputed = True
                row[task.field] = None
                (top, count), *rest = keys.most_common()
                if not rest or rest[0][1] < count:
                    suggested[task.field] = json.loads(top)
        row["status"] = "disputed" if disputed else ("single" if single else "agreed")
        if single:
            # Also on a disputed unit: once its dispute is settled, a field
            # only one annotator gave still wants a second look.
            row["single_fields"] = single
        if suggested:
            row["suggested"] = suggested
        row["annotations"] = {r.annotator: r.values for r in recs}
        out.append(row)
    return out


def _files_without_records(
    files: Sequence[PathLike | ImportResult], records: Sequence[Record], specs: Sequence[Task]
) -> list[str]:
    """Warn of a file given that holds no label of the tasks (its annotator
    is missing from the agreement), and refuse where that leaves one
    annotator (the error would otherwise say there is one where the user
    gave two files). The files left out.

    Raises:
        ClassifyError: files without a record of ``specs``'s fields leave
            fewer than two annotators.
    """
    paths = [Path(f) for f in files if not isinstance(f, ImportResult)]
    if len(paths) < 2 or not records:
        return []  # none labels them: agreement() says so
    # A record's 'where' is "PATH:line N" (or ":item N", ":row N").
    empty = [p for p in paths if not any(r.where.startswith(f"{p}:") for r in records)]
    if not empty:
        return []
    fields = ", ".join(t.field for t in specs)
    what = (
        f"{len(empty)} of the {len(paths)} files label{'s' * (len(empty) == 1)} none of "
        f"the tasks' fields ({fields}; first: {empty[0]})"
    )
    hint = (
        f"pass the tasks the files label ({option('tasks', 'FILE.yaml', flag='--task')} for a "
        "task of your own)"
    )
    if len({r.annotator for r in records}) < 2:
        raise ClassifyError(f"{what}, so agreement has one annotator to compare; {hint}")
    # Others still compare: said, as that coder's file is left out.
    warn(f"{what}: left out of the agreement; {hint}")
    return [str(p) for p in empty]


@python_entry
def agreement_report(
    files: Sequence[PathLike],
    out: PathLike,
    *,
    tasks: Sequence[PathLike | Task] | None = None,
    n_bootstrap: int = 1000,
    seed: int = 0,
    overwrite: bool = False,
    n_resamples: int | None = None,
    encoding: str | None = None,
    date_order: str | None = None,
) -> dict[str, Any]:
    """Agreement of annotation files, written to ``out/`` as
    ``agreement.json``, ``agreement.md``, ``agreement.html`` and the
    adjudication file ``adjudication.jsonl``.

    Args:
        files: annotation files of two or more annotators (see
            :func:`import_annotations` for the formats), or what
            :func:`import_annotations` returned for them.
        out: the report folder.
        tasks: task files (default: the shipped ones).
        n_bootstrap: bootstrap resamples (whole units) for the 95% intervals
            (0: none), as ``n_bootstrap`` of :func:`classify.evaluate`.
        seed: the bootstrap's seed.
        overwrite: replace an existing ``out``; without it an existing folder is
            an error raised before any file is read.
        n_resamples: the former name of ``n_bootstrap``, still read.
        encoding: the files' text encoding (None: UTF-8), as
            :func:`import_annotations` takes it.
        date_order: ``day-first`` or ``month-first``, the order of numeric
            dates in a sheet's date column (None: day first).

    Returns:
        The agreement per task and label (``rows``: percent agreement, Cohen's
        and Fleiss' kappa, Krippendorff's alpha with ``ci95``), ``annotators``,
        ``units``, ``disputed``, ``single`` (units with a field only one
        annotator gave) and the paths ``adjudication`` and ``report``.

    Raises:
        ClassifyError: ``out`` exists (without ``overwrite``), ``n_bootstrap``
            below 0, unreadable files, or fewer than two annotators.
    """
    if out is not None:
        from classify.store import must_be_path

        must_be_path(out, "out")
    from classify.config import check_seed

    check_seed(seed, option("seed"))
    from classify.annotation_report import agreement_doc
    from classify.store import atomic_dir, check_writable, write_json, write_jsonl

    if n_resamples is not None:
        n_bootstrap = n_resamples
    check_writable(Path(out), overwrite=overwrite)
    if n_bootstrap < 0:
        raise ClassifyError(
            f"{option('n_bootstrap', n_bootstrap, flag='--bootstrap')} is below 0 (0 leaves out "
            "the intervals; 1000 is the default)"
        )
    specs = _tasks(tasks)
    if encoding is not None:
        ReadOptions(encoding=encoding)  # a one-line error for an unknown codec
    records = read_records(files, tasks=specs, encoding=encoding, date_order=date_order)
    if not records:
        raise ClassifyError(
            f"no record carries a {no_task_label_hint(specs)}{other_fields_hint(files, encoding)}"
        )
    left_out = _files_without_records(files, records, specs)
    # Out of the figures and of the adjudication file alike.
    records, gold = _without_gold(records)
    records, other_level = _one_level(records)
    result = agreement(records, specs, n_resamples=n_bootstrap, seed=seed)
    if other_level:
        result["other_level_left_out"] = other_level
    if left_out:
        result["files_left_out"] = left_out
    if gold:
        result["adjudicated_left_out"] = gold
    adjudication = adjudication_rows(records, specs)
    result["disputed"] = sum(r["status"] == "disputed" for r in adjudication)
    result["single"] = sum(bool(r.get("single_fields")) for r in adjudication)
    result["files"] = [repr(f) if isinstance(f, ImportResult) else str(f) for f in files]
    out = Path(out)
    result["adjudication"] = str(out / ADJUDICATION)
    result["report"] = str(out / "agreement.md")
    with atomic_dir(out, overwrite=overwrite) as tmp:
        write_jsonl(tmp / ADJUDICATION, adjudication)
        write_json(tmp / "agreement.json", result)
        agreement_doc(result, [r for r in adjudication if r["status"] == "disputed"]).write(
            tmp, "agreement"
        )
    return result
