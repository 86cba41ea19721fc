"""Experiments: grids of tasks x models x protocols x training sizes x seeds,
all scored on identical splits, resumable, and written up as Markdown + JSON.

An experiment file (YAML, in ``experiments/``)::

    name: families
    description: every family on both tasks
    data: null                    # or a path; `--data` overrides
    protocols:
      - {name: date, split: date, cutoff: "2017-01-01"}
      - {name: cv5, cv: 5, group: article}
      - {name: un, test_data: un}           # train on all of `data`, test on `un`
      - {name: un-kfold, test_data: un, cv: 5}  # ... plus 4/5 of `un`, test on 1/5
    datasets:                     # other labelled files, by name; `--dataset un=PATH`
      un: null                    # or {path: un.csv, text_column: body}: read its own way
    models:
      - ../configs/topic-tfidf.yaml
      - {config: ../configs/stance-tfidf.yaml, name: stance-tfidf-C1, set: {model.params.C: 1}}
    references:                   # baselines built outside the package
      - {name: sklearn-plain, function: references.py:sklearn_plain}
    train_sizes: [all]            # learning curves: [25, 50, 100, all]
    seeds: [0]

Splits depend only on the data and the protocol (never on the model or the
cell's seed), so every model of a task sees the same train and test units; a
training-size cell draws its subsample from the seed alone, so all models of
one (size, seed) train on the same units. Each finished cell is stored under
``results/NAME/cells/`` (figures and per-unit decisions, ids only, no text)
and skipped when the run resumes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import platform
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.config import (
    MAX_SEED,
    ReadConfig,
    TrainConfig,
    check_folds,
    check_seed,
    load_train_config,
)
from classify.data import (
    Examples,
    group_kfold,
    load_examples,
    other_split_hint,
    split_indices,
    warn_blank_cells,
)
from classify.dates import date_range
from classify.errors import ClassifyError, a_type, in_cli, option, warn
from classify.memory import is_in_memory
from classify.schema import (
    check_keys,
    quoted_number,
    read_yaml,
    relative_to_file,
    shipped_config,
    unknown_keys,
    with_key_line,
)
from classify.tables import ReadOptions, python_entry
from classify.targets import pair_text, with_targets
from classify.tasks import Task, empty_sets, label_names, label_sets

Reporter = Callable[[str, int, int], None]

# A reference baseline: (task, train texts, train indicator matrix, test
# texts, seed) -> decisions, an indicator matrix for the test texts.
Reference = Callable[[Task, list[str], np.ndarray, list[str], int], np.ndarray]


@dataclass
class Protocol:
    name: str
    split: str | None = None  # date | article | random | source; forward (with cv)
    cutoff: str | None = None
    test_size: float = 0.2
    cv: int = 0
    group: str = "article"
    seed: int = 0  # the split's own seed, shared by every cell
    # A named dataset (``datasets``) to test on: the model trains on all of
    # the experiment's ``data``; with ``cv: K`` also on K-1 folds of the
    # named data, tested on the remaining fold (in-genre labels, reported
    # as a protocol of their own).
    test_data: str | None = None
    # Simulated annotation (classify.active.simulate): {start, batch, rounds,
    # strategies}; every model is trained on the labels each strategy picks.
    active: dict[str, Any] | None = None


SPLITS = ("date", "article", "random", "source", "none", "forward")
GROUPS = ("auto", "article", "paragraph", "source", "date", "none")


def _reads_month_first(cutoff: str) -> bool:
    from classify.dates import parse_cutoff

    try:
        parse_cutoff(cutoff, key="cutoff", date_order="month-first")
    except ClassifyError:
        return False
    return True


def normal_cutoffs(exp: Experiment, date_order: str) -> None:
    """Each protocol's numeric cutoff (``01/13/2017``) read in the run's
    date order and kept as ISO text, so the split and the cell keys see one
    date; ISO cutoffs (``2017``, ``2017-01-01``) stay as written.

    Raises:
        ClassifyError: a cutoff that is no date in that order, naming its key."""
    from classify.dates import parse_cutoff

    for i, proto in enumerate(exp.protocols):
        if proto.cutoff is None or re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", proto.cutoff):
            continue
        proto.cutoff = parse_cutoff(
            proto.cutoff,
            key=f"protocols[{i}].cutoff",
            source=exp.path,
            date_order=date_order,  # type: ignore[arg-type]
        ).isoformat()


def _check_protocol(proto: Protocol, key: str, path: Path, date_order: Any = None) -> None:
    """The settings of one protocol, checked when the experiment is read,
    naming the file and key (not deep inside the first cell)."""
    if proto.split is not None and proto.split not in SPLITS:
        raise ClassifyError(
            f"key '{key}.split' is '{proto.split}' (allowed: {', '.join(SPLITS)})", source=path
        )
    check_seed(proto.seed, f"key '{key}.seed'", source=path)
    if proto.split != "forward":
        check_folds(proto.cv, f"key '{key}.cv'", source=path)
    elif (
        isinstance(proto.cv, bool) or not isinstance(proto.cv, int) or proto.cv == 1 or proto.cv < 0
    ):
        raise ClassifyError(
            f"key '{key}.cv' is {proto.cv!r} (allowed with split 'forward': 2 or more later "
            "blocks to test)",
            source=path,
        )
    if proto.split == "forward" and (not proto.cv or proto.test_data is not None):
        raise ClassifyError(
            f"key '{key}.split' is 'forward', which needs 'cv' (the number of later blocks "
            "to test, 2 or more) and no 'test_data'",
            source=path,
        )
    if proto.cv and proto.split not in (None, "forward"):
        raise ClassifyError(
            f"key '{key}.split' is '{proto.split}' beside 'cv' (allowed with cv: forward, or "
            "no split: folds are grouped by 'group')",
            source=path,
        )
    if not isinstance(proto.test_size, (int, float)) or not 0 < proto.test_size < 1:
        raise ClassifyError(
            f"key '{key}.test_size' is {proto.test_size!r}{quoted_number(proto.test_size)} "
            "(allowed: above 0 and below 1)",
            source=path,
        )
    if proto.cutoff is not None:
        from classify.dates import parse_cutoff

        # The file's read.date_order, where it gives one; else the run decides.
        given_order = date_order in ("day-first", "month-first")
        date_order = date_order if given_order else "day-first"
        try:
            parse_cutoff(proto.cutoff, key=f"{key}.cutoff", source=path, date_order=date_order)
        except ClassifyError:
            if given_order or not _reads_month_first(proto.cutoff):
                raise
            # "01/13/2017" with no date order in the file: the run's own
            # (--date-order month-first) decides (normal_cutoffs).


def _check_applies(p: Mapping[str, Any], key: str, path: Path) -> None:
    """Refuse a protocol key that its kind of protocol would ignore (a
    ``cutoff`` beside ``split: random`` would be reported as a random split
    "at" that date, and split nothing there), naming the key and what the
    protocol takes."""
    split, cv, test_data = p.get("split"), p.get("cv"), p.get("test_data")
    if split is None and not cv and test_data is None:
        return  # no kind at all: refused below, with what a protocol needs
    if split is not None and split not in SPLITS:
        return  # a misspelt split ("dates") is named below, not its other keys
    if split == "forward":
        kind, why = "split 'forward'", "it cuts the years into cv+1 blocks itself"
        takes = {"split", "cv"}
    elif test_data is not None:
        kind = f"test_data with{'' if cv else 'out'} cv"
        why = (
            "its folds are of the named data, grouped by 'group'"
            if cv
            else "it trains on all the data and tests on the named data"
        )
        takes = {"test_data", "cv", "group"} if cv else {"test_data"}
    elif cv:
        kind, why = "cv", "its folds keep each 'group' whole"
        takes = {"cv", "group"}
    elif split == "date":
        kind, why = "split 'date'", "a 'cutoff', or else the latest 'test_size' of the units"
        takes = {"split", "cutoff", "test_size", "active"}
        if "cutoff" in p and "test_size" in p:
            raise ClassifyError(
                f"key '{key}.test_size' does not apply beside 'cutoff' (the cutoff decides "
                "the split by date); give one of them",
                source=path,
            )
    else:
        kind = f"split '{split}'"
        why = "it draws 'test_size' of the units, keeping each of its groups whole"
        takes = {"split", "test_size", "active"}
    if "active" in p and cv:
        raise ClassifyError(
            f"key '{key}.active' does not apply to {kind}: active learning needs one split "
            "(date, article, random, source), not folds",
            source=path,
        )
    takes |= {"name", "seed"}
    keys = ("cutoff", "test_size", "group", "active") + (("split",) if test_data and not cv else ())
    extra = [k for k in keys if k in p and k not in takes]
    if extra:
        raise ClassifyError(
            f"key '{key}.{extra[0]}' does not apply to {kind} ({why}; allowed: "
            f"{', '.join(sorted(takes))})",
            source=path,
        )


ACTIVE_KEYS = {"start", "batch", "rounds", "strategies"}
ACTIVE_DEFAULTS: dict[str, Any] = {
    "start": 25,
    "batch": 25,
    "rounds": None,
    "strategies": ["uncertainty", "margin", "entropy", "diverse"],
}


@dataclass
class Only:
    """Limits on where a model or reference runs, for slow ones: a subset
    of the experiment's protocols, training sizes and seeds (None: all)."""

    protocols: list[str] | None = None
    train_sizes: list[int | None] | None = None
    seeds: list[int] | None = None

    def allows(self, protocol: str, size: int | None, seed: int) -> bool:
        return (
            (self.protocols is None or protocol in self.protocols)
            and (self.train_sizes is None or size in self.train_sizes)
            and (self.seeds is None or seed in self.seeds)
        )


@dataclass
class ModelEntry:
    name: str
    config: TrainConfig
    source: str
    only: Only = field(default_factory=Only)
    # The read settings (``data.text_column`` ...) its config or its ``set``
    # writes out, defaults included: what it asks of the experiment's data.
    read: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReferenceEntry:
    name: str
    function: str
    tasks: list[str] | None = None
    only: Only = field(default_factory=Only)


@dataclass
class Experiment:
    name: str
    path: Path
    description: str = ""
    data: str | None = None
    protocols: list[Protocol] = field(default_factory=list)
    models: list[ModelEntry] = field(default_factory=list)
    references: list[ReferenceEntry] = field(default_factory=list)
    train_sizes: list[int | None] = field(default_factory=lambda: [None])  # None: all
    seeds: list[int] = field(default_factory=lambda: [0])
    bootstrap: int = 1000
    # Named labelled files that protocols test on (``test_data``).
    datasets: dict[str, str | None] = field(default_factory=dict)
    # A named dataset's own read settings (``datasets.NAME`` written as a
    # mapping: ``{path: un.csv, text_column: body}``), over the run's.
    dataset_read: dict[str, dict[str, Any]] = field(default_factory=dict)
    # How the data and the named datasets are read (the ``read`` key): None
    # reads them as the models' configs' ``data`` sections agree, else as
    # the defaults.
    read: ReadConfig | None = None

    @property
    def results_dir(self) -> Path:
        return self.path.parent / "results"

    @property
    def tasks(self) -> dict[str, Task]:
        out: dict[str, Task] = {}
        for m in self.models:
            out.setdefault(m.config.task.name, m.config.task)
        return out


@dataclass(frozen=True)
class Cell:
    task: str
    model: str  # a model entry's or a reference's name
    kind: str  # "model" | "reference"
    protocol: str
    train_size: int | None
    seed: int
    strategy: str | None = None  # active-learning protocols only

    @property
    def id(self) -> str:
        size = "all" if self.train_size is None else str(self.train_size)
        tail = f"--{self.strategy}" if self.strategy else ""
        return f"{self.task}--{self.model}--{self.protocol}--n{size}--s{self.seed}{tail}"


# -- reading the experiment file ------------------------------------------------------------

_TOP_KEYS = {
    "name",
    "description",
    "data",
    "protocols",
    "models",
    "references",
    "train_sizes",
    "seeds",
    "bootstrap",
    "datasets",
    "read",
}


class _Problems:
    """The problems of an experiment file's entries, gathered so that one
    check names them all (one line each) instead of one per run."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: list[str] = []

    @contextlib.contextmanager
    def entry(self) -> Iterator[None]:
        try:
            yield
        except ClassifyError as exc:
            # An error about another file (a model's config) keeps its name.
            same = exc.source is None or Path(exc.source) == self.path
            self.lines.append(exc.message if same else str(exc))

    def raise_any(self) -> None:
        # Each problem at the line of the key it names, where it names one.
        if len(self.lines) == 1:
            raise with_key_line(ClassifyError(self.lines[0], source=self.path))
        if self.lines:
            lines = [_at_line(line, self.path) for line in self.lines]
            raise ClassifyError(
                f"{len(lines)} problems:\n" + "\n".join(f"  {x}" for x in lines),
                source=self.path,
            )


def _at_line(problem: str, path: Path) -> str:
    """``problem`` (about the experiment file ``path``) opened by the line of
    the key it names ("line 7: key 'cells.1.seeds' ..."), where it names one."""
    located = with_key_line(ClassifyError(problem, source=path))
    return f"{located.where}: {problem}" if located.where else problem


def load_experiment(path: str | Path) -> Experiment:
    path = Path(path)
    raw = read_yaml(path, what="experiment file")
    # Each entry is checked on its own, so one run names every problem.
    problems = _Problems(path)
    if message := unknown_keys(raw, _TOP_KEYS):
        problems.lines.append(message)
    name = str(raw.get("name") or path.stem)
    if "name" in raw and (
        not re.fullmatch(r"[\w.-]+(?: [\w.-]+)*", name) or ".." in name or name.startswith(".")
    ):
        # It names the results' files and folder: it stays inside results/.
        problems.lines.append(
            f"key 'name' is {name!r} (allowed: letters, digits, '_', '-', '.' and spaces; no path)"
        )
    if raw.get("protocols") == []:
        problems.lines.append(
            "key 'protocols' is empty (give one or more, e.g. {name: date, split: date}; "
            "without the key the experiment has one split by date)"
        )
    from classify.config import MIN_RESAMPLES

    bootstrap = raw.get("bootstrap", 1000)
    if isinstance(bootstrap, float) and bootstrap.is_integer():
        bootstrap = int(bootstrap)  # YAML reads 1e3 as a float
    if not (
        isinstance(bootstrap, int)
        and not isinstance(bootstrap, bool)
        and bootstrap >= MIN_RESAMPLES
    ):
        # The intervals and paired tests need resamples (0 would mean none).
        problems.lines.append(
            f"key 'bootstrap' is {bootstrap!r}{quoted_number(bootstrap)} (allowed: "
            f"{MIN_RESAMPLES} resamples or more; "
            "1000 by default)"
        )
        bootstrap = 1000
    data = raw.get("data")
    if data is not None and not isinstance(data, str):
        # A list would be read as one path, its brackets and all.
        problems.lines.append(
            f"key 'data' is {'a list' if isinstance(data, list) else a_type(data)} "
            "(allowed: one file or dataset folder; several files: build one dataset of them "
            "with classify dataset build, or name the others under 'datasets')"
        )
        data = None
    exp = Experiment(
        name=name,
        path=path,
        description=str(raw.get("description") or ""),
        data=relative_to_file(data, path),
        bootstrap=bootstrap,
    )
    named = raw.get("datasets") or {}
    if not isinstance(named, dict):
        raise ClassifyError("key 'datasets' must map names to paths", source=path)
    for k, v in named.items():
        # Named even where its entry is refused, so protocols that test on
        # it are not refused too.
        exp.datasets[str(k)] = None
        with problems.entry():
            exp.datasets[str(k)], own = _dataset_entry(str(k), v, path)
            if own:
                exp.dataset_read[str(k)] = own
    if raw.get("read") is not None:
        with problems.entry():
            exp.read = _read_config(raw["read"], path)
    protocol_names: set[str] = set()
    for i, p in enumerate(raw.get("protocols") or [{"name": "date", "split": "date"}]):
        with problems.entry():
            if not isinstance(p, dict) or "name" not in p:
                raise ClassifyError(f"key 'protocols[{i}]' needs a 'name'", source=path)
            # The name goes into cell and plot file names, and keys the results.
            if not re.fullmatch(r"[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*", str(p["name"])):
                raise ClassifyError(
                    f"key 'protocols[{i}].name' is {str(p['name'])!r} (allowed: letters, digits, "
                    "'_', '.' and single '-' between them)",
                    source=path,
                )
            if str(p["name"]) in protocol_names:
                raise ClassifyError(
                    f"key 'protocols[{i}].name': protocol name '{p['name']}' is used twice",
                    source=path,
                )
            protocol_names.add(str(p["name"]))
            if "group" in p and p["group"] not in GROUPS:
                raise ClassifyError(
                    f"key 'protocols[{i}].group' is {p['group']!r} (allowed: {', '.join(GROUPS)})",
                    source=path,
                )
            allowed = {f.name for f in dataclasses.fields(Protocol)}
            if message := unknown_keys(p, allowed, f"protocols[{i}]"):
                raise ClassifyError(message, source=path)
            _check_applies(p, f"protocols[{i}]", path)
            proto = Protocol(
                **{**p, "cutoff": None if p.get("cutoff") is None else str(p["cutoff"])}
            )
            read = raw.get("read")
            _check_protocol(
                proto,
                f"protocols[{i}]",
                path,
                read.get("date_order") if isinstance(read, Mapping) else None,
            )
            if proto.active is not None:
                proto.active = _active_settings(proto.active, f"protocols[{i}].active", path)
            if not proto.cv and not proto.split and not proto.test_data:
                raise ClassifyError(
                    f"protocol '{proto.name}' needs 'split' (date, article, random, source), "
                    "'cv' or 'test_data'",
                    source=path,
                )
            if proto.test_data is not None and proto.test_data not in exp.datasets:
                raise ClassifyError(
                    f"key 'protocols[{i}].test_data' is '{proto.test_data}' (allowed: "
                    f"{', '.join(exp.datasets) or 'none: add a datasets mapping'})",
                    source=path,
                )
            exp.protocols.append(proto)
    keys: list[str] = []  # each kept model's entry, for a problem's line
    for i, m in enumerate(raw.get("models") or []):
        with problems.entry():
            entry = m if isinstance(m, dict) else {"config": m}
            allowed = ("config", "name", "set", *_ONLY_KEYS)
            if message := unknown_keys(entry, allowed, f"models[{i}]"):
                raise ClassifyError(message, source=path)
            if "config" not in entry:
                raise ClassifyError(
                    f"key 'models[{i}]' needs 'config' (and optional 'name', 'set', "
                    f"{', '.join(_ONLY_KEYS)})",
                    source=path,
                )
            config_path = Path(relative_to_file(entry["config"], path) or "")
            given = Path(str(entry["config"]))
            shipped = shipped_config(given)
            if not config_path.is_file() and shipped and len(given.parts) == 1:
                # A bare name ("topic-tfidf"), as train and run take it: the
                # project's config of that name.
                config_path = shipped
            if not config_path.is_file():
                # Named as the experiment names it: the user typed it there.
                hint = f"; the project's config of that name is {shipped}" if shipped else ""
                raise ClassifyError(
                    f"key 'models[{i}]': config file '{entry['config']}' not found ({config_path}; "
                    f"relative paths are relative to the experiment file{hint})",
                    source=path,
                )
            overrides = _paths_from(entry.get("set") or {}, path)
            cfg = load_train_config(
                config_path, overrides, overrides_from=f"set in {path}, key 'models[{i}].set'"
            )
            from classify.config import pool_path

            # A pool that is not there stops the run before any cell, as a
            # misspelt key does, not as a failed cell after the others ran.
            missing = [
                pool_path(u) for u in cfg.data.unlabelled if not os.path.exists(pool_path(u))
            ]
            if missing:
                raise ClassifyError(
                    f"key 'models[{i}]': unlabelled pool '{missing[0]}' not found (data.unlabelled "
                    f"of {config_path}, or the entry's 'set'; a relative path is relative to the "
                    "experiment file in 'set', to the config file in the config)",
                    source=path,
                )
            keys.append(f"models[{i}]")
            exp.models.append(
                ModelEntry(
                    str(entry.get("name") or cfg.name),
                    cfg,
                    str(config_path),
                    _only(entry, f"models[{i}]", path),
                    _written_read(config_path, overrides, cfg),
                )
            )
    for i, r in enumerate(raw.get("references") or []):
        with problems.entry():
            allowed = ("name", "function", "tasks", *_ONLY_KEYS)
            if isinstance(r, dict) and (message := unknown_keys(r, allowed, f"references[{i}]")):
                raise ClassifyError(message, source=path)
            if not isinstance(r, dict) or not {"name", "function"} <= set(r):
                raise ClassifyError(
                    f"key 'references[{i}]' needs 'name' and 'function' (and optional 'tasks', "
                    f"{', '.join(_ONLY_KEYS)})",
                    source=path,
                )
            fn = str(r["function"])
            file, _, attr = fn.partition(":")
            spec = f"{relative_to_file(file, path)}:{attr}"
            try:
                load_reference(spec)  # a misspelt function stops here, before any work
            except ClassifyError as exc:
                raise ClassifyError(f"key 'references[{i}].function': {exc}", source=path) from None
            keys.append(f"references[{i}]")
            exp.references.append(
                ReferenceEntry(
                    str(r["name"]), spec, r.get("tasks"), _only(r, f"references[{i}]", path)
                )
            )
    with problems.entry():
        given = raw.get("train_sizes")
        exp.train_sizes = _sizes(["all"] if given is None else given, "train_sizes", path)
    with problems.entry():
        exp.seeds = _seed_list(raw.get("seeds"), "seeds", path)
    if not exp.models and not raw.get("models"):
        problems.lines.append("key 'models' lists no model configs")
    # A name stands for one model per task (references run once per task).
    named = [(m.config.task.name, m.name, k) for m, k in zip(exp.models, keys)]
    named += [
        (t, r.name, k) for r, k in zip(exp.references, keys[len(exp.models) :]) for t in exp.tasks
    ]
    references = {r.name for r in exp.references}
    models = {m.name for m in exp.models}
    pairs = [(t, n) for t, n, _ in named]
    for task, name in sorted({p for p in pairs if pairs.count(p) > 1}):
        what = (
            "model and reference name"
            if name in references and name in models
            else "reference name"
            if name in references
            else "model name"
        )
        # The later entry is named, with its line: the one to rename.
        later = [k for t, n, k in named if (t, n) == (task, name)][-1]
        problems.lines.append(
            f"key '{later}': {what} '{name}' is used twice for task '{task}' (give one "
            "another 'name')"
        )
    problems.lines.extend(_selection_problems(exp))
    problems.raise_any()
    return exp


def _seed_list(raw: Any, key: str, path: Path) -> list[int]:
    """Seeds: a list of whole numbers (``[0, 1, 2]``); default ``[0]``."""
    if raw is None:
        return [0]
    if not isinstance(raw, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) for s in raw
    ):
        quoted = (
            next((quoted_number(s) for s in raw if quoted_number(s)), "")
            if isinstance(raw, list)
            else quoted_number(raw)
        )
        raise ClassifyError(
            f"key '{key}' must be a list of whole numbers, e.g. [0, 1, 2] (got {raw!r}{quoted})",
            source=path,
        )
    if not raw:
        raise ClassifyError(f"key '{key}' is empty (give one seed or more, e.g. [0])", source=path)
    bad = [x for x in raw if not 0 <= x <= MAX_SEED]
    if bad:
        raise ClassifyError(
            f"key '{key}' holds {bad[0]} (allowed: whole numbers from 0 to {MAX_SEED})",
            source=path,
        )
    if len(set(raw)) < len(raw):
        # A seed twice would be averaged as if it were a second, independent run.
        twice = next(x for x in raw if raw.count(x) > 1)
        raise ClassifyError(f"key '{key}' holds the seed {twice} twice", source=path)
    return list(raw)


def _sizes(raw: Any, key: str, path: Path) -> list[int | None]:
    """Training sizes: positive whole numbers of units, or ``all``."""
    if not isinstance(raw, list):
        raw = [raw]
    if not raw:
        raise ClassifyError(
            f"key '{key}' is empty (give one size or more, e.g. [all]; without the key: all)",
            source=path,
        )
    out: list[int | None] = []
    bad = [
        s
        for s in raw
        if s != "all" and not (isinstance(s, int) and not isinstance(s, bool) and s >= 1)
    ]
    if bad:
        shown = ", ".join(repr(s) for s in bad) + next(
            (quoted_number(s) for s in bad if quoted_number(s)), ""
        )
        raise ClassifyError(
            f"key '{key}' holds {shown} (allowed: whole numbers of training units, 1 or "
            "more, or 'all')",
            source=path,
        )
    for s in raw:
        size = None if s == "all" else s
        if size in out:
            raise ClassifyError(f"key '{key}' holds the size {s!r} twice", source=path)
        out.append(size)
    return out


def _selection_problems(exp: Experiment) -> list[str]:
    """Every model's and reference's own protocols, sizes, seeds and tasks
    must name ones the grid has (a selection that matches nothing would drop
    the entry from every table without a word): a line per one that does not."""
    lines = []
    protocols = [p.name for p in exp.protocols]
    entries = [(f"models[{i}]", m.only, None) for i, m in enumerate(exp.models)]
    entries += [(f"references[{i}]", r.only, r.tasks) for i, r in enumerate(exp.references)]
    for key, only, tasks in entries:
        for name, chosen, grid in (
            ("protocols", only.protocols, protocols),
            ("train_sizes", only.train_sizes, exp.train_sizes),
            ("seeds", only.seeds, exp.seeds),
            ("tasks", tasks, list(exp.tasks)),
        ):
            unknown = [c for c in chosen or [] if c not in grid]
            if unknown:
                shown = ", ".join("all" if g is None else str(g) for g in grid)
                value = "all" if unknown[0] is None else unknown[0]
                lines.append(
                    f"key '{key}.{name}' names {value!r}, which the experiment does not have "
                    f"(its {name}: {shown})"
                )
    return lines


_ONLY_KEYS = ("protocols", "train_sizes", "seeds")


def _written_read(path: Path, overrides: Mapping[str, Any], cfg: TrainConfig) -> dict[str, Any]:
    """The read settings that the config file's ``data`` section or the
    entry's ``set`` write out (a ``text_column: text`` too), as validated."""
    from classify.config import apply_overrides

    written = apply_overrides(read_yaml(path), overrides).get("data")
    if not isinstance(written, dict):
        return {}
    return {
        f.name: getattr(cfg.data, f.name)
        for f in dataclasses.fields(ReadConfig)
        if f.name in written
    }


# What a named dataset may read its own way (``datasets.NAME.KEY``).
DATASET_READ_KEYS = (
    "text_column",
    "id_column",
    "delimiter",
    "encoding",
    "date_column",
    "date_order",
    "columns",
    "on_error",
)


def _dataset_entry(name: str, raw: Any, path: Path) -> tuple[str | None, dict[str, Any]]:
    """A ``datasets`` entry: its path (from the experiment file's folder)
    and its own read settings, where it is written as a mapping
    (``{path: un.csv, text_column: body}``).

    Raises:
        ClassifyError: an unknown key, or a read setting not allowed.
    """
    from classify.schema import from_mapping

    if not isinstance(raw, dict):
        if raw is not None and not isinstance(raw, (str, os.PathLike)):
            raise ClassifyError(
                f"key 'datasets.{name}' must be a path or a mapping with 'path' and read "
                f"settings ({', '.join(DATASET_READ_KEYS)}); got {a_type(raw)}",
                source=path,
            )
        return relative_to_file(raw, path), {}
    key = f"datasets.{name}"
    check_keys(raw, {"path", *DATASET_READ_KEYS}, key, source=path)
    own = {k: raw[k] for k in DATASET_READ_KEYS if raw.get(k) is not None}
    read = from_mapping(ReadConfig, own, source=path, prefix=key)
    try:
        ReadOptions._from_config(read)
    except ClassifyError as exc:
        raise ClassifyError(exc.message.replace("key '", f"key '{key}.", 1), source=path) from None
    return relative_to_file(raw.get("path"), path), own


def _dataset_options(exp: Experiment, name: str, options: ReadOptions | None) -> ReadOptions | None:
    """How the named dataset ``name`` is read: the run's ``options`` with
    the dataset's own settings (:func:`_dataset_entry`) over them."""
    own = exp.dataset_read.get(name)
    if not own:
        return options
    from classify.schema import from_mapping

    mine = ReadOptions._from_config(from_mapping(ReadConfig, own, source=exp.path))
    base = options if options is not None else ReadOptions()
    return dataclasses.replace(base, **{k: getattr(mine, k) for k in own})


def _read_config(raw: Any, path: Path) -> ReadConfig:
    """The experiment's ``read`` key, checked as a run config's ``read`` is."""
    from classify.schema import from_mapping

    read = from_mapping(ReadConfig, raw, source=path, prefix="read")
    try:
        ReadOptions._from_config(read)
    except ClassifyError as exc:
        raise ClassifyError(exc.message.replace("key '", "key 'read.", 1), source=path) from None
    return read


def _active_settings(raw: Any, key: str, path: Path) -> dict[str, Any]:
    from classify.active import STRATEGIES

    check_keys(raw, ACTIVE_KEYS, key, source=path)
    out = {**ACTIVE_DEFAULTS, **raw}
    for name in ("start", "batch"):
        if isinstance(out[name], bool) or not isinstance(out[name], int) or out[name] < 1:
            raise ClassifyError(
                f"key '{key}.{name}' must be a positive integer (got {out[name]!r}"
                f"{quoted_number(out[name])})",
                source=path,
            )
    if out["rounds"] is not None and (
        isinstance(out["rounds"], bool) or not isinstance(out["rounds"], int) or out["rounds"] < 1
    ):
        raise ClassifyError(
            f"key '{key}.rounds' is {out['rounds']!r} (allowed: a whole number from 1, or "
            "leave it out for as many as the training part allows)",
            source=path,
        )
    strategies = out["strategies"]
    if not isinstance(strategies, list) or not strategies:
        raise ClassifyError(
            f"key '{key}.strategies' must list one strategy or more (allowed: "
            f"{', '.join(STRATEGIES)}; random sampling is always run beside them)",
            source=path,
        )
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        raise ClassifyError(
            f"key '{key}.strategies' names '{unknown[0]}' (allowed: {', '.join(STRATEGIES)})",
            source=path,
        )
    if len(set(strategies)) < len(strategies):
        twice = next(x for x in strategies if strategies.count(x) > 1)
        raise ClassifyError(f"key '{key}.strategies' names '{twice}' twice", source=path)
    return out


# Keys of a model entry's `set` that hold paths: relative to the experiment file.
_PATH_KEYS = (
    "data.path",
    "data.annotations",
    "data.test",
    "data.unlabelled",
    "self_training.rules",
    "task",
)


def _paths_from(overrides: dict[str, Any], experiment: Path) -> dict[str, Any]:
    """``set`` overrides with relative paths made relative to the experiment
    file (the command line resolves them from the working folder instead)."""
    out = dict(overrides)
    for key in _PATH_KEYS:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = relative_to_file(value, experiment)
        elif isinstance(value, list):
            out[key] = [
                relative_to_file(v, experiment)
                if isinstance(v, str)
                else {**v, "path": relative_to_file(v["path"], experiment)}
                if isinstance(v, dict) and isinstance(v.get("path"), str)
                else v
                for v in value
            ]
    # Encoder folders, also inside a members list given whole: from the
    # experiment file's folder too, as the README says of 'set'.
    return {key: _encoders_from(key, value, experiment) for key, value in out.items()}


def _encoders_from(key: str, value: Any, experiment: Path) -> Any:
    """``value`` of the ``set`` key ``key`` with its encoder folders (keys of
    ``classify.config._ENCODER_KEYS``, at any depth) made absolute from
    the experiment file's folder where they are there or can only be
    folders (``./enc``, ``enc/``, ``a/b/c``); hub ids stay as written."""
    from classify.config import _ENCODER_KEYS

    if isinstance(value, dict):
        return {k: _encoders_from(str(k), v, experiment) for k, v in value.items()}
    if isinstance(value, list):
        return [_encoders_from(key, v, experiment) for v in value]
    if key.rpartition(".")[2] in _ENCODER_KEYS and isinstance(value, str) and value:
        from classify.models._hub import folder_shaped

        local = Path(relative_to_file(value, experiment) or value)
        if local.exists() or folder_shaped(value):
            return str(local.expanduser().resolve())
    return value


def _only(entry: dict[str, Any], key: str, path: Path) -> Only:
    sizes = entry.get("train_sizes")
    return Only(
        protocols=entry.get("protocols"),
        train_sizes=None if sizes is None else _sizes(sizes, f"{key}.train_sizes", path),
        seeds=None
        if entry.get("seeds") is None
        else _seed_list(entry["seeds"], f"{key}.seeds", path),
    )


def expand(exp: Experiment) -> list[Cell]:
    """Every cell of the grid in a stable order: protocol, size, seed, then
    references and models as listed."""
    cells: list[Cell] = []
    for proto in exp.protocols:
        if proto.active is not None:
            # Simulated annotation: every model with random sampling and each strategy.
            for seed in exp.seeds:
                for m in exp.models:
                    if m.only.allows(proto.name, None, seed):
                        for strategy in ["random", *proto.active["strategies"]]:
                            cells.append(
                                Cell(
                                    m.config.task.name,
                                    m.name,
                                    "model",
                                    proto.name,
                                    None,
                                    seed,
                                    strategy,
                                )
                            )
            continue
        for size in exp.train_sizes:
            for seed in exp.seeds:
                for ref in exp.references:
                    if not ref.only.allows(proto.name, size, seed):
                        continue
                    for task in exp.tasks:
                        if ref.tasks is None or task in ref.tasks:
                            cells.append(Cell(task, ref.name, "reference", proto.name, size, seed))
                for m in exp.models:
                    if m.only.allows(proto.name, size, seed):
                        cells.append(
                            Cell(m.config.task.name, m.name, "model", proto.name, size, seed)
                        )
    return cells


# -- splits shared by every cell ----------------------------------------------------------


def _paired_for_folds(examples: Examples, field: str | None) -> Examples:
    """``examples`` whose texts are paired with their target in column
    ``field`` where a unit has one (:func:`classify.targets.pair_text`), for
    drawing a target-conditioned task's folds; unchanged for ``None``."""
    targets = examples.labels.get(field) if field else None
    if targets is None:
        return examples
    texts = []
    for target, text in zip(targets, examples.texts, strict=True):
        try:
            texts.append(pair_text(str(target), text) if str(target or "").strip() else text)
        except ClassifyError:
            texts.append(text)  # run_cell names the row
    out = examples.subset(range(len(examples)))
    out.texts = texts
    return out


def protocol_folds(
    examples: Examples, proto: Protocol, parts: dict[str, list[int]] | None = None
) -> list[tuple[list[int], list[int]]]:
    """The train/test index pairs of a protocol; identical for every model.

    ``parts`` maps ``"data"`` and each named dataset to its units' positions
    in ``examples`` (all of them ``"data"`` where there is one file). Silver
    units (``examples.silver``) are in no test part, and in each training
    part unless they repeat one of its test texts or, where the protocol
    tests later news (a date or forward split), are dated on the test side."""
    if not examples.silver or not any(examples.silver):
        return _protocol_folds(examples, proto, parts)
    from classify.data import copy_keys

    # Drawn over the gold units alone (a forward split needs dates on them only).
    gold = [i for i, s in enumerate(examples.silver) if not s]
    silver = [i for i, s in enumerate(examples.silver) if s]
    position = {i: k for k, i in enumerate(gold)}
    parts = parts or {"data": list(range(len(examples)))}
    gold_parts = {k: [position[i] for i in v if i in position] for k, v in parts.items()}
    folds = [
        ([gold[i] for i in tr], [gold[i] for i in te])
        for tr, te in _protocol_folds(examples.subset(gold), proto, gold_parts)
    ]
    keys = copy_keys(examples.texts)
    by_date = proto.test_data is None and (
        proto.split == "forward" or (not proto.cv and (proto.split or "date") == "date")
    )
    out = []
    for train, test in folds:
        tested = {keys[i] for i in test} - {None}
        first = min((date_range(str(examples.dates[i]))[0] for i in test), default=None)
        joined = [
            i
            for i in silver
            if keys[i] not in tested
            and not (
                by_date
                and first is not None
                and examples.dates[i] is not None
                and date_range(str(examples.dates[i]))[1] >= first
            )
        ]
        out.append((sorted({*train, *joined}), test))
    return out


def _refiled_note(
    examples: Examples, proto: Protocol, train: Sequence[int], test: Sequence[int]
) -> str | None:
    """The results' note on a date split's training units dated on or
    after its cutoff: texts filed again later, put in training with their
    first filing (:func:`classify.data.split_indices`), so a methods section
    does not say the models trained only on earlier news. None where there
    are none or the protocol is no date split."""
    if proto.test_data is not None or proto.cv or (proto.split or "date") != "date" or not test:
        return None
    first = min(date_range(str(examples.dates[i]))[0] for i in test)
    later = [
        i
        for i in train
        if examples.dates[i] is not None and date_range(str(examples.dates[i]))[1] >= first
        and not (examples.silver and examples.silver[i])
    ]  # fmt: skip
    if not later:
        return None
    n = len(later)
    since = (
        f"the cutoff ({proto.cutoff})" if proto.cutoff else f"the split's first test day ({first})"
    )
    return (
        f"{proto.name}: {n} training unit{'s' * (n != 1)} dated on or after {since} "
        f"repeat{'s' * (n == 1)} the text of an earlier unit (first: "
        f"'{examples.ids[later[0]]}', dated {examples.dates[later[0]]}) and "
        f"{'is' if n == 1 else 'are'} in training with it: a text filed again is not later news"
    )


def _protocol_folds(
    examples: Examples, proto: Protocol, parts: dict[str, list[int]] | None = None
) -> list[tuple[list[int], list[int]]]:
    """:func:`protocol_folds` before silver units are placed."""
    parts = parts or {"data": list(range(len(examples)))}
    main = parts["data"]
    if proto.test_data is not None:
        other = parts[proto.test_data]
        if not proto.cv:
            return [(list(main), list(other))]
        sub = examples.subset(other)
        return [
            (sorted([*main, *(other[i] for i in tr)]), [other[i] for i in te])
            for tr, te in group_kfold(
                _fold_groups(sub, proto), proto.cv, seed=proto.seed, texts=sub.texts
            )
        ]
    examples = examples.subset(main) if len(main) < len(examples) else examples
    if proto.split == "forward":
        from classify.data import forward_folds, undated_hint

        undated = [i for i, d in enumerate(examples.dates) if d is None]
        if undated:
            hint = undated_hint().removesuffix("; ")
            raise ClassifyError(
                f"split 'forward' needs a date on every unit; '{examples.ids[undated[0]]}' has "
                f"none ({len(undated)} undated" + (f"; {hint}" if hint else "") + ")",
                source=examples.origin,
            )
        blocks = examples.groups("date")
        own = [str(date_range(str(d))[0].year) for d in examples.dates]
        moved = [i for i, (g, y) in enumerate(zip(blocks, own)) if g != y]
        if moved:
            # As a split by date says it: the fold headings name the years
            # of the blocks, and these units were filed in others.
            i = moved[0]
            warn(
                f"protocol '{proto.name}': {len(moved)} unit{'s' * (len(moved) > 1)} "
                f"repeat{'s' * (len(moved) == 1)} the text of a unit of an earlier year and "
                f"{'is' if len(moved) == 1 else 'are'} in that year's block with it (first: "
                f"'{examples.ids[i]}', dated {own[i]}, with {blocks[i]}): a text filed again "
                "is not later news",
                once=f"forward-copies-{proto.name}",
            )
        return forward_folds(blocks, proto.cv)
    if proto.cv:
        return group_kfold(
            _fold_groups(examples, proto), proto.cv, seed=proto.seed, texts=examples.texts
        )
    train, test = split_indices(
        examples,
        proto.split or "date",
        test_size=proto.test_size,
        seed=proto.seed,
        cutoff=proto.cutoff,
    )
    if (proto.split or "date") == "date":
        from classify.training import warn_articles_across_dates

        warn_articles_across_dates(examples, train, test, where=f"protocol '{proto.name}': ")
    return [(train, test)]


def _year_span(years: Sequence[str], positions: Sequence[int]) -> str:
    """``first-last`` of the years at ``positions`` (one year alone)."""
    found = sorted({years[i] for i in positions})
    return found[0] if len(found) == 1 else f"{found[0]}-{found[-1]}"


def _gold_labels(task: Task, values: Sequence[Any], positions: Sequence[int]) -> set[str]:
    """The gold label names present among ``positions`` (unlabelled units left out)."""
    out: set[str] = set()
    for i in positions:
        if not task.is_unlabelled(values[i]):
            out.update(label_names(values[i], multilabel=task.multilabel, labels=task.labels))
    return out


def forward_fold_sizes(
    examples: Examples,
    proto: Protocol,
    folds: Sequence[tuple[Sequence[int], Sequence[int]]],
    tasks: Mapping[str, Task],
) -> tuple[list[dict[str, Any]], list[str]]:
    """What each fold of a forward-chaining protocol trains and tests on,
    and notes on labels a fold's model cannot learn.

    Args:
        examples: every unit of the run.
        proto: a ``split: forward`` protocol.
        folds: its (train, test) positions in ``examples``.
        tasks: the experiment's tasks by name.

    Returns:
        One dict per fold (``train_years``, ``test_years`` as ``first-last``;
        ``n_train``, ``n_test`` in units), and one note per (fold, task)
        whose test block has a gold label that its training part lacks:
        every unit of that label in the block is missed by construction.
    """
    years = examples.groups("date")
    # Each unit's own year: a text filed again later is drawn with its
    # first year's (joined) block, so it may train a fold that tests its year.
    own = examples.own_groups("date") or years
    sizes: list[dict[str, Any]] = []
    notes: list[str] = []
    for j, (train, test) in enumerate(folds, 1):
        trained, tested = _year_span(years, train), _year_span(years, test)
        first = min(years[i] for i in test) if test else None
        later = [
            i
            for i in train
            if first is not None
            and own[i] >= first
            and not (examples.silver and examples.silver[i])
        ]
        if later:
            n = len(later)
            notes.append(
                f"{proto.name}, fold {j}: {n} training unit{'s' * (n != 1)} dated in or after "
                f"its first test year ({first}) repeat{'s' * (n == 1)} the text of an earlier "
                f"unit (first: '{examples.ids[later[0]]}', dated {examples.dates[later[0]]}) "
                f"and {'is' if n == 1 else 'are'} in training with it: a text filed again is "
                "not later news"
            )
        sizes.append(
            {
                "train_years": trained,
                "n_train": len(train),
                "test_years": tested,
                "n_test": len(test),
            }
        )
        for name, missing in _labels_missing(examples, tasks, train, test).items():
            notes.append(
                f"{proto.name}, fold {j} ({name}): its test years {tested} have "
                f"{', '.join(repr(m) for m in missing)}, which its training years "
                f"{trained} lack; those units are missed by construction"
            )
    return sizes, notes


def _gap_advice(single: bool) -> str:
    """What to do about a label that a fold's training part lacks."""
    if single:
        # However many folds, the one unit is never in training when tested.
        return "label more of them: a label on one unit is never learned by the fold that tests it"
    return "label more of them, or use fewer folds"


def _labels_missing(
    examples: Examples, tasks: Mapping[str, Task], train: Sequence[int], test: Sequence[int]
) -> dict[str, list[str]]:
    """Per task name, the gold labels the ``test`` positions have and the
    ``train`` positions lack (none: the task is left out)."""
    out: dict[str, list[str]] = {}
    for name, task in tasks.items():
        values = examples.labels.get(task.field)
        if values is None:
            continue
        missing = sorted(_gold_labels(task, values, test) - _gold_labels(task, values, train))
        if missing:
            out[name] = missing
    return out


def _sizes_missing(
    exp: Experiment,
    proto: Protocol,
    examples: Examples,
    tasks: Mapping[str, Task],
    train: list[int],
    test: list[int],
) -> list[str]:
    """Notes on learning-curve draws (:func:`subsample`) that hold no unit of
    a label the test units have: a size below the number of labels cannot
    hold one of each, so its cells miss those units by construction, as a
    protocol's training part that lacks a label does."""
    notes = []
    cells = expand(exp)
    for name, task in tasks.items():
        sized = sorted(
            {
                (c.train_size, c.seed)
                for c in cells
                if c.protocol == proto.name and c.task == name and c.train_size is not None
            }
        )
        if not sized or examples.labels.get(task.field) is None:
            continue
        mine, [(tr, te)] = _labelled_for(task, examples, [(train, test)], proto.name)
        values = mine.labels[task.field]
        y = mine.y(task)
        # Labels the whole training part lacks have their own note.
        tested = _gold_labels(task, values, te) & _gold_labels(task, values, tr)
        gaps: dict[tuple[int, tuple[str, ...]], list[int]] = {}
        for size, seed in sized:
            missing = tested - _gold_labels(task, values, subsample(tr, y, size, seed))
            if missing:
                gaps.setdefault((size, tuple(sorted(missing))), []).append(seed)
        for (size, missing), seeds in gaps.items():
            one = len(seeds) == 1
            notes.append(
                f"{proto.name} ({name}), training size {size}: the draw{'' if one else 's'} of "
                f"seed{'' if one else 's'} {', '.join(map(str, seeds))} "
                f"hold{'s' if one else ''} no unit of {', '.join(repr(m) for m in missing)}, "
                "which its test units have (a size below the number of labels cannot hold "
                "one of each); those units are missed by construction"
            )
    return notes


def _fold_groups(examples: Examples, proto: Protocol) -> list[str]:
    """The groups a protocol's folds keep whole; refuses more folds than
    groups (``train --cv`` runs fewer with a note, but an experiment's
    results would name folds it never ran)."""
    groups = examples.groups(proto.group)
    n = len(set(groups))
    if proto.cv > n:
        raise ClassifyError(
            f"cv {proto.cv} asks for more folds than the data has "
            f"{'units' if proto.group in (None, 'none') else f'{proto.group} groups'} ({n}; "
            f"allowed: cv from 2 to {n})",
            source=examples.origin,
        )
    return groups


def subsample(train: Sequence[int], y: np.ndarray, size: int | None, seed: int) -> list[int]:
    """``size`` training units drawn with ``seed`` alone, so every model of
    one (size, seed) cell trains on the same units. Every label present in
    the full training part appears at least once (where size allows), so
    small samples can still train a classifier."""
    train = list(train)
    if size is None or size >= len(train):
        return sorted(train)
    order = train[:]
    random.Random(seed).shuffle(order)
    chosen: list[int] = []
    for j in range(y.shape[1]):
        first = next((i for i in order if y[i, j] and i not in chosen), None)
        if first is not None and len(chosen) < size:
            chosen.append(first)
    for i in order:
        if len(chosen) >= size:
            break
        if i not in chosen:
            chosen.append(i)
    return sorted(chosen)


# -- running --------------------------------------------------------------------------------


def cell_fields(exp: Experiment, cell: Cell) -> str:
    """The gold fields a cell's model reads ("stance+topics" for a stance
    model learned jointly with topics), the key of its data fingerprint."""
    if cell.kind == "model":
        entry = next(m for m in exp.models if m.name == cell.model)
        fields = entry.config.label_fields()
    else:
        task = exp.tasks[cell.task]
        fields = [f for f in (task.field, task.target_field) if f]
    return "+".join(sorted(fields))


def data_fingerprints(exp: Experiment, examples: Examples) -> dict[str, str]:
    """The data's fingerprint for each set of gold fields the experiment's
    cells read (:func:`cell_fields`): a model of another task added to the
    experiment leaves the others' cells as they were."""
    return {
        fields: examples.fingerprint(fields.split("+"))
        for fields in sorted({cell_fields(exp, c) for c in expand(exp)})
    }


def cell_key(
    exp: Experiment,
    cell: Cell,
    fingerprint: str | Mapping[str, str],
    *,
    named: str | None = None,
) -> str:
    """A hash of everything that decides a cell's result, so a resumed run
    redoes a cell whose config, data or protocol changed. ``fingerprint``:
    the data's, or one per set of gold fields (:func:`data_fingerprints`),
    of which the cell's own is taken. ``named``: the key the cell would have
    had under that model name (a config renamed, its content unchanged, is
    found by it)."""
    order = None if isinstance(fingerprint, str) else fingerprint.get(ROW_ORDER)
    if not isinstance(fingerprint, str):
        fingerprint = fingerprint[cell_fields(exp, cell)]
    proto = next(p for p in exp.protocols if p.name == cell.protocol)
    if cell.kind == "model":
        entry = next(m for m in exp.models if m.name == cell.model)
        what: Any = entry.config.to_dict()
        # What the config says decides the cell, not where its file is or how
        # the experiment file was named (relative or absolute), so a moved
        # config, another working folder or another checkout reuses it.
        what.pop("source", None)
        what.pop("name", None)
        # Paths are keyed relative to the experiment file's folder, so another
        # checkout with the same layout (or another working folder) matches.
        home = exp.path.resolve().parent

        def place(p: Any) -> Any:
            if isinstance(p, list):
                return [place(x) for x in p]  # several annotation files
            return os.path.relpath(os.path.abspath(p), home) if isinstance(p, str) else p

        data = what.get("data") or {}
        for key in ("path", "annotations", "test"):
            data[key] = place(data.get(key))
        # A pool by its content, wherever it lies (a copy, a symlinked folder).
        data["unlabelled"] = [
            _pool_content_key(p) or place(p)
            if isinstance(p, str)
            else {**p, "path": _pool_content_key(p["path"]) or place(p["path"])}
            for p in data.get("unlabelled") or []
        ]
        st = what.get("self_training") or {}
        st["teacher"] = place(st.get("teacher"))
        if entry.config.self_training.rules:
            # Editing the rules file redoes the cells that use it; where it
            # lies does not.
            st.pop("rules", None)
            what["rules_file"] = _file_hash(str(entry.config.self_training.rules))
    else:
        ref = next(r for r in exp.references if r.name == cell.model)
        file, _, function = ref.function.rpartition(":")
        # The task too: a reference (keyword rules from its descriptions, the
        # majority class) is computed from the task file's labels.
        what = {
            "function": function,
            "code": _file_hash(file),
            "task": exp.tasks[cell.task].to_dict(),
        }
    fields = dataclasses.asdict(cell)
    if named is not None:
        fields["model"] = named
    settings = dataclasses.asdict(proto)
    # Keys of cells and protocols from before active learning stay as they were.
    if fields["strategy"] is None:
        del fields["strategy"]
    if settings["active"] is None:
        del settings["active"]
    parts = [fields, settings, what, fingerprint, exp.bootstrap]
    if proto.cv or proto.split in ("article", "random", "source"):
        # Cells stored when folds and splits were drawn by ids are not reused.
        parts.append("units drawn by their texts, not their ids")
    if exp.tasks[cell.task].target_field:
        # Cells stored before texts were paired with their targets read the
        # texts alone: their results are not reused.
        # Nor those whose folds were drawn on the texts alone (a text under
        # two targets counted as a copy of itself).
        parts.append("texts paired with their targets, in its folds too")
    if order is not None and (cell.train_size is not None or proto.active is not None):
        # A training-size subsample and active learning's first batch are
        # drawn from the rows in their order: a re-sorted file (the same
        # fingerprint) redoes these cells rather than mixing draws.
        parts.append({"row order": order})
    blob = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


# The key of the rows' order among a run's fingerprints (:func:`cell_key`).
ROW_ORDER = "@row_order"


def row_order(examples: Examples) -> str:
    """A hash of the units' ids in the order read: what a subsample drawn by
    position depends on beyond the data's (order-free) fingerprint."""
    return hashlib.sha256("\x1f".join(examples.ids).encode("utf-8")).hexdigest()[:16]


def _fold_span(examples: Examples, train: Sequence[int]) -> str:
    """``trained on 12 units dated 2010 to 2011`` (the dates where all have one)."""
    dates = [examples.dates[i] for i in train]
    years = sorted({str(d)[:4] for d in dates if d is not None})
    dated = f" dated {years[0]} to {years[-1]}" if years and None not in dates else ""
    return f"trained on {len(train)} units{dated}"


def _pool_content_key(path: str) -> str:
    """A content key of a possibly large file: the SHA-256 of all its bytes,
    read in 1 MiB chunks ("" where it cannot be read), remembered for the
    process by path, size and modification time, so a pool of 100 MB costs
    a fraction of a second once per run, and an edit that keeps its size
    (a word replaced in place) still changes the key."""
    with contextlib.suppress(OSError):
        stat = os.stat(path)
        memo = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns)
        if memo not in _POOL_KEYS:
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
            _POOL_KEYS[memo] = f"{stat.st_size}:" + digest.hexdigest()[:16]
        return _POOL_KEYS[memo]
    return ""


_POOL_KEYS: dict[tuple[str, int, int], str] = {}


def _file_hash(path: str) -> str:
    with contextlib.suppress(OSError):
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return ""


def _reference_decisions(ref: ReferenceEntry, out: Any, n: int, k: int) -> np.ndarray:
    """A reference function's answer as an ``(n, k)`` 0/1 matrix.

    Raises:
        ClassifyError: another shape or values, naming the reference."""
    try:
        decided = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        # Not numbers: say what came back (label names, ragged rows).
        # (A numpy array or pandas Series of names, as sklearn's predict gives.)
        listed = out.tolist() if hasattr(out, "tolist") else out
        rows = list(listed) if isinstance(listed, (list, tuple)) else None
        first = repr(rows[0])[:60] if rows else type(out).__name__
        got = f"{len(rows)} rows such as {first}" if rows else first
        raise ClassifyError(
            f"reference '{ref.name}' ({ref.function}) returned {got}, where {n}x{k} 0/1 "
            "decisions were expected (one row per test text, one 0/1 column per label, in "
            "the task's order; not label names)"
        ) from None
    if decided.shape != (n, k):
        shape = "x".join(map(str, decided.shape)) or "no array"
        if decided.ndim == 1 and len(decided) == n > 0:
            # One number per text: class indices, most likely (sklearn's
            # predict on integer-coded labels).
            shape = f"one value per text ({n}, such as {decided[0]:g}: class indices?)"
        raise ClassifyError(
            f"reference '{ref.name}' ({ref.function}) returned {shape} where {n}x{k} "
            "0/1 decisions were expected (one row per test text, one column per label)"
        )
    if not np.isin(decided, (0, 1)).all():
        other = decided[~np.isin(decided, (0, 1))][0]
        raise ClassifyError(
            f"reference '{ref.name}' ({ref.function}) returned values other than 0 and 1 "
            f"(first: {other:g}): decisions are 0/1, one per label (probabilities are "
            "for a model to turn into decisions)"
        )
    return decided.astype(int)


def load_reference(spec: str) -> Reference:
    file, _, attr = spec.partition(":")
    path = Path(file)
    if not path.is_file():
        raise ClassifyError("reference file not found", source=path)
    # One module per file and version: two files of one name, or a file
    # edited between runs in one session (a notebook), are never mixed up.
    resolved = path.resolve()
    stat = resolved.stat()
    tag = hashlib.blake2b(
        f"{resolved}|{stat.st_mtime_ns}|{stat.st_size}".encode(), digest_size=6
    ).hexdigest()
    module_name = f"classify_reference_{path.stem}_{tag}"
    if module_name in sys.modules:
        module = sys.modules[module_name]
    else:
        spec_ = importlib.util.spec_from_file_location(module_name, path)
        if spec_ is None or spec_.loader is None:
            raise ClassifyError("cannot import reference file", source=path)
        module = importlib.util.module_from_spec(spec_)
        # Its folder first on the path while it loads: a reference file may
        # import a helper beside it, as a script does.
        sys.path.insert(0, str(resolved.parent))
        try:
            spec_.loader.exec_module(module)
        except Exception as exc:  # a user's file: any failure is said with its name
            raise ClassifyError(
                f"cannot import reference file: {type(exc).__name__}: {exc}", source=path
            ) from None
        finally:
            sys.path.remove(str(resolved.parent))
        # Kept only once it loaded whole, so a broken file fails the same way again.
        sys.modules[module_name] = module
    if not hasattr(module, attr):
        import difflib
        import inspect

        # The file's own functions, not those it imports.
        own = sorted(
            name
            for name, value in vars(module).items()
            if inspect.isfunction(value)
            and value.__module__ == module_name
            and not name.startswith("_")
        )
        near = difflib.get_close_matches(attr, own, n=1, cutoff=0.6)
        hint = (
            f"; did you mean '{near[0]}'?"
            if near
            else f" (the file defines: {', '.join(own)})"
            if own
            else " (the file defines no function)"
        )
        raise ClassifyError(f"no function '{attr}'{hint}", source=path)
    return getattr(module, attr)


def run_cell(
    exp: Experiment, cell: Cell, examples: Examples, folds: list[tuple[list[int], list[int]]]
) -> dict[str, Any]:
    """One cell's decisions and figures over its protocol's folds (see
    :func:`_run_cell`), without scikit-learn's warning for a label that a
    small training part lacks or always has: the results name those folds
    and labels themselves, and one warning per fit buried the progress bar."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"Label .* is present in all training examples", category=UserWarning
        )
        return _run_cell(exp, cell, examples, folds)


def _run_cell(
    exp: Experiment, cell: Cell, examples: Examples, folds: list[tuple[list[int], list[int]]]
) -> dict[str, Any]:
    from classify import evaluation
    from classify.training import fit

    task = exp.tasks[cell.task]
    proto = next(p for p in exp.protocols if p.name == cell.protocol)
    # Units unlabelled for this task (another task's rows) are left out of
    # its training and testing, as train does; the folds stay the protocol's.
    examples, folds = _labelled_for(task, examples, folds, cell.protocol)
    # A target-conditioned task reads each text with its row's target, as
    # train does ("TARGET: text"; positions kept, so the folds hold).
    examples = with_targets(examples, task)
    if proto.active is not None:
        return _run_active_cell(exp, cell, proto, examples, folds)
    y = examples.y(task)
    texts = list(examples.texts)
    test_all = sorted(i for _, te in folds for i in te)
    decided = np.zeros_like(y)
    proba = None
    fit_seconds = predict_seconds = 0.0
    n_train = []
    pools = []
    for k, (train, test) in enumerate(folds, start=1):
        train = subsample(train, y, cell.train_size, cell.seed)
        n_train.append(len(train))
        start = time.perf_counter()
        if cell.kind == "model":
            entry = next(m for m in exp.models if m.name == cell.model)
            cfg = dataclasses.replace(entry.config, seed=cell.seed)
            # Test units never reach a self-training pool.
            try:
                fitted = fit(cfg, examples.subset(train), exclude=[texts[i] for i in test])
            except ClassifyError as exc:
                if len(folds) < 2:
                    raise
                # The data as a whole may be fine: name the fold that is not.
                raise ClassifyError(
                    f"protocol '{cell.protocol}', fold {k} of {len(folds)} "
                    f"({_fold_span(examples, train)}): {exc.message}",
                    source=examples.origin,
                ) from None
            if fitted.self_training:
                pools.append(fitted.self_training)
            fit_seconds += time.perf_counter() - start
            start = time.perf_counter()
            p = fitted.predict_proba([texts[i] for i in test])
            decided[test] = fitted.decide(p)
            if proba is None:
                proba = np.zeros(y.shape, dtype=float)
            proba[test] = p
            predict_seconds += time.perf_counter() - start
        else:
            ref = next(r for r in exp.references if r.name == cell.model)
            fn = load_reference(ref.function)
            test_texts = [texts[i] for i in test]
            try:
                out = fn(task, [texts[i] for i in train], y[train], test_texts, cell.seed)
            except Exception as exc:  # a user's function: any failure is its cell's
                raise ClassifyError(
                    f"reference '{ref.name}' ({ref.function}) raised {type(exc).__name__}: {exc}"
                ) from None
            decided[test] = _reference_decisions(ref, out, len(test), len(task.labels))
            fit_seconds += time.perf_counter() - start
    y_true, y_pred = y[test_all], decided[test_all]
    labels = list(task.labels)
    favg = task.favg_labels
    metrics = evaluation.compute_metrics(task.kind, labels, y_true, y_pred, favg=favg)
    # The bootstrap seed and clusters every command uses (not the cell's
    # training seed), so a cell's interval is the one `compare` would give.
    metrics["ci95"] = evaluation.bootstrap_ci(
        task.kind,
        labels,
        y_true,
        y_pred,
        n_resamples=exp.bootstrap,
        # The test units' own clusters, as train and evaluate find them.
        groups=evaluation.bootstrap_groups(examples.subset(test_all).groups("auto")),
        favg=favg,
    )
    return {
        "cell": dataclasses.asdict(cell),
        "id": cell.id,
        "metrics": metrics,
        "n_train": int(np.mean(n_train)),  # the mean over folds; per fold below
        "n_train_folds": n_train,
        "n_test": len(test_all),
        "fit_seconds": round(fit_seconds, 3),
        # A reference function fits and predicts in one call: no split.
        "predict_seconds": round(predict_seconds, 3) if cell.kind == "model" else None,
        # Decisions per test unit, by id, so cells can be paired later
        # (decode_decisions reads them back).
        "ids": [examples.ids[i] for i in test_all],
        "labels": labels,
        "decisions": encode_decisions(y_pred),
        # What the unlabelled pool gave, per fold (self-training models).
        **({"self_training": pools} if pools else {}),
    }


def _labelled_for(
    task: Task, examples: Examples, folds: list[tuple[list[int], list[int]]], protocol: str
) -> tuple[Examples, list[tuple[list[int], list[int]]]]:
    """The units labelled for ``task`` and the folds over them (positions
    renumbered); ``examples`` and ``folds`` as they are where every unit is.

    Raises:
        ClassifyError: a fold with no labelled unit to test.
    """
    keep = _labelled_positions(task, examples)
    if len(keep) == len(examples):
        return examples, folds
    new = {old: j for j, old in enumerate(keep)}
    out = [([new[i] for i in tr if i in new], [new[i] for i in te if i in new]) for tr, te in folds]
    for k, (_, te) in enumerate(out, start=1):
        if not te:
            where = f", fold {k} of {len(out)}" if len(out) > 1 else ""
            raise ClassifyError(
                f"protocol '{protocol}'{where}: no test unit is labelled for task '{task.name}'",
                source=examples.origin,
            )
    return examples.subset(keep), out


def _labelled_positions(task: Task, examples: Examples) -> list[int]:
    """Positions of the units labelled for ``task``."""
    values = examples.labels.get(task.field) or []
    return [i for i, v in enumerate(values) if not task.is_unlabelled(v)]


def _task_y(task: Task, examples: Examples) -> np.ndarray:
    """The task's indicator matrix over every unit; a row of zeros where a
    unit is unlabelled for it (never scored: cells test labelled units only)."""
    keep = _labelled_positions(task, examples)
    y = np.zeros((len(examples), len(task.labels)), dtype=int)
    if keep:
        y[keep] = examples.subset(keep).y(task)
    return y


def _run_active_cell(
    exp: Experiment,
    cell: Cell,
    proto: Protocol,
    examples: Examples,
    folds: list[tuple[list[int], list[int]]],
) -> dict[str, Any]:
    from classify.active import simulate

    if len(folds) != 1:
        raise ClassifyError(f"protocol '{proto.name}': active learning needs a split, not CV")
    entry = next(m for m in exp.models if m.name == cell.model)
    settings = proto.active or ACTIVE_DEFAULTS
    train, test = folds[0]
    start = time.perf_counter()
    curve = simulate(
        entry.config,
        examples,
        train,
        test,
        strategy=cell.strategy or "random",
        start=settings["start"],
        batch=settings["batch"],
        rounds=settings["rounds"],
        seed=cell.seed,
    )
    return {
        "cell": dataclasses.asdict(cell),
        "id": cell.id,
        "curve": curve,
        "metrics": {"macro_f1": curve["macro_f1"][-1]},
        "n_train": curve["n_train"][-1],
        "n_test": len(test),
        "fit_seconds": round(time.perf_counter() - start, 3),
    }


@python_entry
def run_experiment(
    path: str | Path,
    *,
    data: Any = None,
    datasets: dict[str, str | Path] | None = None,
    only: str | None = None,
    fresh: bool = False,
    report: Reporter | None = None,
    overwrite: bool = False,
    text_column: str | None = None,
    options: ReadOptions | None = None,
) -> dict[str, Any]:
    """Run (or resume) an experiment and write ``results/NAME.{md,json}``.

    Args:
        path: the experiment file (YAML).
        data: labelled data (overrides the file's ``data``): a JSONL/CSV
            file or a dataset folder, or in memory a pandas DataFrame or a
            Hugging Face ``Dataset`` (text in the text column, gold labels in
            the columns the models' tasks read).
        text_column: the column holding the text (over the file's
            ``read.text_column``).
        options: how the data and the named datasets are read
            (:class:`~classify.tables.ReadOptions`); its settings other than
            the defaults go over the file's ``read``, which goes over what
            the models' configs' ``data`` sections set.
        datasets: paths of the named datasets that ``test_data`` protocols
            use (override the file's ``datasets``).
        only: run only the cells whose id contains this text; the others are
            reported from stored cells, and must all be stored.
        fresh: recompute the selected cells even where stored.
        report: a progress callback ``report(stage, done, total)``.
        overwrite: replace existing ``results/NAME.md``/``.json``; without it
            they are an error raised before any cell runs. Finished cells
            (``results/NAME/cells/``) are reused either way: resuming is not
            overwriting.

    Returns:
        The summary written to ``results/NAME.json``: ``leaderboards`` (per
        task and protocol: rows with ``macro_f1`` mean over seeds and the
        first seed's ``ci95``, paired ``tests`` against the best, both with
        :data:`classify.evaluation.BOOTSTRAP_SEED`), ``errors``, ``run``.

    Raises:
        ClassifyError: results exist (without ``overwrite``), a bad
            experiment file, no data, or an ``only`` whose other cells are not
            all stored.
    """
    from classify.store import check_writable
    from classify.training import refuse_multiprocess_launch

    refuse_multiprocess_launch()
    exp = load_experiment(path)
    if only is not None:
        ids = [c.id for c in expand(exp)]
        if not only.strip():
            # "" is in every id: it would select the whole grid unsaid.
            raise ClassifyError(
                f"--only is empty: give part of a cell id (cell ids look like '{ids[0]}'; "
                "without --only every cell runs)",
                source=exp.path,
            )
        if not any(only in i for i in ids):
            raise ClassifyError(
                f"--only '{only}' matches no cell of the experiment (cell ids look like "
                f"'{ids[0]}'; 'stance-best' or '--date--' select by model or protocol)",
                source=exp.path,
            )
    _check_same_experiment(exp, overwrite)
    check_writable(exp.results_dir / f"{exp.name}.json", overwrite=overwrite)
    source = data if data is not None else exp.data
    if source is None:
        raise ClassifyError(
            f"no data: pass {option('data', 'PATH')} or set 'data'", source=exp.path
        )
    if is_in_memory(source):
        data_path = f"(in memory: {type(source).__name__})"
    else:
        data_path = str(source)
        if not Path(data_path).exists():
            if data is not None:
                raise ClassifyError(f"{option('data', data_path)}: file not found")
            raise with_key_line(
                ClassifyError(f"key 'data': file not found ({data_path})", source=exp.path),
                written=True,
            )
    given = _given_read(options)
    if text_column is not None:
        given["text_column"] = text_column
    options = _read_options(exp, given)
    normal_cutoffs(exp, options.date_order)
    examples, parts = _load_all(exp, source, datasets or {}, options)
    # Empty multi-label cells, read with every task of the experiment loaded.
    warn_blank_cells(examples, list(exp.tasks.values()))
    for task in exp.tasks.values():
        if not examples.has_labels(task):
            raise _no_labels_for(task, examples)
        # A label the task does not have stops the run here, naming its
        # line, as train does: not one failed cell per model and protocol;
        # under on_error: skip its unit is left out of that task, and listed.
        examples.check_labels([task], options if options.on_error == "skip" else None, blank=True)
    if options.skipped:
        # Said in the results' notes: what skip left out, and why.
        examples.notes = {**examples.notes, "skipped_rows": [k.to_dict() for k in options.skipped]}
    fingerprint = {**data_fingerprints(exp, examples), ROW_ORDER: row_order(examples)}
    cells = expand(exp)
    cell_dir = exp.results_dir / exp.name / "cells"
    folds: dict[tuple[str, str | None], list[tuple[list[int], list[int]]]] = {}
    # A target-conditioned task draws its folds on its texts paired with
    # their targets, as train does: a text under two targets is two units.
    targeted = list(dict.fromkeys(t.target_field for t in exp.tasks.values()))
    for i, p in enumerate(exp.protocols):
        try:
            with other_split_hint(
                "split another way: a protocol of cv: K folds (group: article), which needs "
                "no dates",
                cutoff=f"key 'protocols[{i}].cutoff'",
            ):
                for targets in targeted:
                    folds[p.name, targets] = protocol_folds(
                        _paired_for_folds(examples, targets), p, parts
                    )
        except ClassifyError as e:
            raise ClassifyError(f"key 'protocols[{i}]' ({p.name}): {e}", source=exp.path) from None
        first = folds[p.name, targeted[0]]
        active = p.active or {}
        if active.get("rounds") and p.active is not None:
            n = len(first[0][0])
            need = active["start"] + active["rounds"] * active["batch"]
            if need > n:
                fits = -(-(n - active["start"]) // active["batch"])
                warn(
                    f"protocol '{p.name}': {active['rounds']} rounds of {active['batch']} from "
                    f"{active['start']} need {need} training units and its training part holds "
                    f"{n}: the curves stop after {fits} round{'s' * (fits != 1)}"
                )
        if p.active is not None and len(first[0][0]) <= p.active["start"]:
            n = len(first[0][0])
            raise ClassifyError(
                f"key 'protocols[{i}].active.start' is {p.active['start']}, but the training side "
                f"of '{p.name}' holds {n} unit{'s' * (n != 1)}: none would be left to pick (allowed: start "
                f"below {n})",
                source=exp.path,
            )
    if only is not None:
        _check_stored_outside(
            cells,
            only,
            cell_dir,
            lambda c: cell_key(exp, c, fingerprint),
            overwrite=(exp.results_dir / f"{exp.name}.json").is_file(),
        )
    # Made only once the run is sure to go ahead: a refused --only leaves nothing.
    cell_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    stage = f"{exp.name}: cells"
    # Stored cells are read first, so the progress clock (rate, ETA) starts
    # after them and counts only the cells this run computes.
    stored_of: dict[str, dict[str, Any]] = {}
    pending: list[Cell] = []
    stored_cells: list[dict[str, Any]] | None = None
    for cell in cells:
        file = cell_dir / f"{cell.id}.json"
        selected = only is None or only in cell.id
        if fresh and selected:
            pending.append(cell)
            continue
        key = cell_key(exp, cell, fingerprint)
        stored = _read_cell(file)
        if (stored is None or stored.get("key") != key) and cell.kind == "model":
            # A config renamed (its cells' ids name it) but not changed: the
            # cell stored under its old name is this one.
            if stored_cells is None:
                stored_cells = [c for f in sorted(cell_dir.glob("*.json")) if (c := _read_cell(f))]
            renamed = _renamed_cell(exp, cell, fingerprint, stored_cells)
            if renamed is not None:
                stored = {**renamed, "cell": dataclasses.asdict(cell), "id": cell.id, "key": key}
                from classify.store import write_json

                write_json(file, stored)
        # A failed cell is tried again where selected (its cause may be fixed).
        if stored is not None and stored.get("key") == key and not ("error" in stored and selected):
            stored_of[cell.id] = stored
            continue
        # Cells outside --only are summarised when stored, never run, so a
        # partial rerun rewrites the results with everything known.
        if selected:
            pending.append(cell)
    reused = len(stored_of)
    done = len(cells) - len(pending)
    if reused and pending:
        # A resumed or grown run says what it takes as stored, not only
        # where its bar starts.
        stage = f"{exp.name}: cells ({reused} stored, reused)"
    if report:
        report(stage, done, len(cells))
    # In a fixed mixed order, not the grid's: the grid puts its slow cells
    # (cross-validation, whole training sets) last, so a rate measured on
    # the first cells promised minutes where the rest took many more
    # (review 195). Cells are independent: their figures do not depend on it.
    random.Random(0).shuffle(pending)
    for cell in pending:
        try:
            result = run_cell(
                exp, cell, examples, folds[cell.protocol, exp.tasks[cell.task].target_field]
            )
        except ClassifyError as exc:
            # One failing cell (a tiny sample with one class) is recorded, not fatal.
            result = {"cell": dataclasses.asdict(cell), "id": cell.id, "error": str(exc)}
        result["key"] = cell_key(exp, cell, fingerprint)
        from classify.store import library_versions, write_json

        # The key sees configs, data and protocols, not the code that ran
        # them: the versions are kept so a later run can say what it reuses.
        result["versions"] = library_versions()
        write_json(cell_dir / f"{cell.id}.json", result)
        stored_of[cell.id] = result
        done += 1
        if report:
            report(stage, done, len(cells))
    results = [stored_of[c.id] for c in cells if c.id in stored_of]
    _warn_other_versions(results)
    summary = summarise_experiment(exp, results, examples, data_path, parts)
    summary["run"] = {
        "command": _reproduce_command(sys.argv[1:])
        if in_cli()
        else _reproduce_call(
            path,
            data=data,
            datasets=datasets,
            text_column=text_column,
            read={k: v for k, v in given.items() if k != "text_column" or text_column is None},
        ),
        # Its paths are read from here; said from the experiment file's
        # folder, so a committed results file names no one's machine.
        "folder": os.path.relpath(Path.cwd(), Path(path).resolve().parent),
        "cells": len(results),
        "reused_cells": reused,
        # Which models' cells this run computed (a changed config's), so a
        # reader of the tables sees which rows are new.
        "computed_cells": dict(Counter(f"{c.task}/{c.model}" for c in pending)),
        "seconds": round(time.time() - started, 1),
        # What the grid cost to compute, stored cells included: a rerun that
        # reused every cell still says how long the cells took.
        "cell_seconds": round(
            sum(
                float(r.get("fit_seconds") or 0) + float(r.get("predict_seconds") or 0)
                for r in results
            ),
            1,
        ),
    }
    write_results(exp, summary)
    return summary


# The packages whose versions decide what a stored cell would be now.
_CELL_PACKAGES = ("classify", "scikit-learn", "numpy", "sentence-transformers", "transformers")


def _warn_other_versions(results: Sequence[Mapping[str, Any]]) -> None:
    """Warn where reused cells were computed with other versions of the
    package or its main libraries than this run has (or record none, being
    older than the record): their figures stand as stored, which a change
    of code may not reproduce."""
    from classify.store import library_versions

    now = library_versions()
    older: dict[str, int] = {}
    for r in results:
        if "error" in r:
            continue
        then = r.get("versions")
        if then is None:
            older["no versions recorded"] = older.get("no versions recorded", 0) + 1
            continue
        for name in _CELL_PACKAGES:
            if then.get(name) != now.get(name):
                said = f"{name} {then.get(name) or 'absent'}, now {now.get(name) or 'absent'}"
                older[said] = older.get(said, 0) + 1
                break
    if older:
        n = sum(older.values())
        warn(
            f"{n} stored cell{'s were' if n != 1 else ' was'} computed with other package "
            f"versions than this run's ({'; '.join(f'{k}: {v}' for k, v in older.items())}) "
            f"and {'are' if n != 1 else 'is'} reused as stored; {option('fresh')} recomputes "
            "them"
        )


def _reproduce_command(argv: list[str]) -> str:
    """The command that reproduces the whole results file: the one typed,
    without the options that narrow or redo the run (``--only``, ``--fresh``)."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--only":
            skip = True
            continue
        if arg.startswith("--only=") or arg == "--fresh":
            continue
        out.append(arg)
    # The results exist once the run has written them: rerunning the line
    # replaces them (stored cells are reused either way).
    if out[:2] == ["experiment", "run"] and "--overwrite" not in out:
        out.append("--overwrite")
    # Quoted as a shell reads it back, so a path with a space pastes as one word.
    import shlex

    return shlex.join(["classify", *out])


def _reproduce_call(
    path: str | Path,
    *,
    data: Any = None,
    datasets: Mapping[str, Any] | None = None,
    text_column: str | None = None,
    read: Mapping[str, Any] | None = None,
) -> str:
    """The Python call that reproduces a run made from Python (a notebook):
    ``classify.run_experiment('exp.yaml', data='gold.csv', overwrite=True)``;
    data in memory is named by its type, which the reader must pass again;
    the read settings given (``read``, as :func:`_given_read` gives them)
    are spelt out (``options=classify.ReadOptions(id_column='doc')``)."""

    def shown(value: Any) -> str:
        if isinstance(value, (str, Path)):
            return repr(str(value))
        if isinstance(value, (list, tuple)) and all(isinstance(v, (str, Path)) for v in value):
            return repr([str(v) for v in value])
        return f"<the {type(value).__name__} given>"

    args = [repr(str(path))]
    if data is not None:
        args.append(f"data={shown(data)}")
    if datasets:
        args.append(
            "datasets={" + ", ".join(f"{k!r}: {shown(v)}" for k, v in datasets.items()) + "}"
        )
    if text_column is not None:
        args.append(f"text_column={text_column!r}")
    if read:
        settings = ", ".join(f"{k}={v!r}" for k, v in read.items())
        args.append(f"options=classify.ReadOptions({settings})")
    return f"classify.run_experiment({', '.join([*args, 'overwrite=True'])})"


def _read_cell(file: Path) -> dict[str, Any] | None:
    """A stored cell, or None where there is none or it cannot be read."""
    with contextlib.suppress(json.JSONDecodeError, OSError):
        return json.loads(file.read_text(encoding="utf-8"))
    return None


def _renamed_cell(
    exp: Experiment, cell: Cell, fingerprint: str, stored: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The stored cell that ``cell`` is under another model name: the same
    task, protocol, size, seed and strategy, and the key ``cell`` would have
    had under that name (so the config's content, the data and the protocol
    are unchanged); None where there is none."""
    mine = dataclasses.asdict(cell)
    for other in stored:
        theirs = other.get("cell")
        if not isinstance(theirs, dict) or theirs.get("model") == cell.model:
            continue
        if any(theirs.get(k) != v for k, v in mine.items() if k != "model"):
            continue
        if other.get("key") == cell_key(exp, cell, fingerprint, named=str(theirs["model"])):
            return other
    return None


def _stored_key(file: Path) -> str | None:
    return (_read_cell(file) or {}).get("key")


def _check_stored_outside(
    cells: list[Cell],
    only: str,
    cell_dir: Path,
    key_of: Callable[[Cell], str],
    *,
    overwrite: bool = False,
) -> None:
    """Refuse a partial run whose results would be written from a subset:
    every cell outside ``only`` must already be stored, for its current key.
    ``overwrite``: results exist, so the suggested run needs the switch too."""
    lacking = [
        c for c in cells if only not in c.id and _stored_key(cell_dir / f"{c.id}.json") != key_of(c)
    ]
    missing = [c.id for c in lacking]
    if missing:
        # All of one model (one just added to the file): --only it runs them.
        models = {c.model for c in lacking}
        run = option("only", next(iter(models)))
        if overwrite:
            run += (" " if in_cli() else ", ") + option("overwrite", True)
        also = f", or run those with {run} first" if len(models) == 1 else ""
        raise ClassifyError(
            f"cannot run only '{only}': {len(missing)} other "
            f"{'cell is' if len(missing) == 1 else 'cells are'} not stored or out "
            f"of date (first: {missing[0]}); run the whole experiment first{also}, so that "
            "its results are never written from a subset"
        )


def _read_options(exp: Experiment, given: Mapping[str, Any]) -> ReadOptions:
    """How the experiment reads its data and named datasets: the settings
    given to the run (command-line options, Python arguments) over the
    file's ``read``, over what its models' configs' ``data`` sections set
    (where they agree), over the defaults.

    Raises:
        ClassifyError: two models' configs set one read setting to
            different values and the file has no ``read`` to settle it.
    """
    from classify.tables import option_hint

    base = exp.read
    if base is None:
        defaults = ReadConfig()
        chosen: dict[str, tuple[Any, str]] = {}
        for m in exp.models:
            config_name = Path(m.config.source).name if m.config.source else m.name
            for key, value in m.read.items():
                if key in given:
                    continue  # the run's own setting settles it
                if key in chosen and chosen[key][0] != value:
                    first_value, first_name = chosen[key]
                    raise ClassifyError(
                        f"the models' configs read the data differently: {first_name} has "
                        f"data.{key} {first_value!r}, {config_name} has {value!r}; set "
                        f"'read.{key}' in the experiment file"
                        + (
                            f", or pass {how}" if (how := option_hint(key, example="VALUE")) else ""
                        ),
                        source=exp.path,
                    )
                chosen.setdefault(key, (value, config_name))
        base = dataclasses.replace(defaults, **{k: v for k, (v, _) in chosen.items()})
    read = dataclasses.replace(base, **{k: v for k, v in given.items() if v is not None})
    return ReadOptions._from_config(read)


def _given_read(options: ReadOptions | None) -> dict[str, Any]:
    """The read settings of ``options`` that differ from the defaults."""
    if options is None:
        return {}
    defaults = ReadConfig()
    return {
        f.name: getattr(options, f.name)
        for f in dataclasses.fields(ReadConfig)
        if getattr(options, f.name, None) != getattr(defaults, f.name)
    }


def _label_fields(exp: Experiment) -> list[str]:
    """The columns read as gold labels: every model's (:meth:`TrainConfig.label_fields`)."""
    return list(dict.fromkeys(f for m in exp.models for f in m.config.label_fields()))


def _no_labels_for(task: Task, examples: Examples) -> ClassifyError:
    """The error for a task none of whose units the data labels."""
    if task.field in examples.labels:
        return ClassifyError(
            f"no unit of the data is labelled for task '{task.name}' (its column "
            f"'{task.field}' is empty everywhere)",
            source=examples.origin,
        )
    read = ", ".join(repr(r) for r in sorted(examples.labels)) or "none"
    return ClassifyError(
        f"the data has no label column '{task.field}' for task '{task.name}' (label columns "
        f"read: {read}); name the column '{task.field}', or set the task file's 'field' to "
        "the column's name",
        source=examples.origin,
    )


def _load_all(
    exp: Experiment,
    data: Any,
    overrides: dict[str, str | Path],
    options: ReadOptions | None = None,
) -> tuple[Examples, dict[str, list[int]]]:
    """The experiment's data (a path, or data in memory) and every named
    dataset its protocols test on, read with ``options``, as one
    :class:`Examples`, with each part's positions."""
    unknown = sorted(set(overrides) - set(exp.datasets))
    if unknown:
        raise ClassifyError(
            f"unknown dataset '{unknown[0]}' (allowed: {', '.join(exp.datasets) or 'none'})",
            source=exp.path,
        )
    fields = _label_fields(exp)
    sets = label_sets(m.config.task for m in exp.models)
    empty = empty_sets(m.config.task for m in exp.models)
    examples = load_examples(
        data, options=options, label_fields=fields, label_sets=sets, empty_sets=empty
    )
    tasks = list({m.config.task.name: m.config.task for m in exp.models}.values())
    for task in tasks:
        if task.field not in examples.labels:
            # Before the named test sets join it: their column would hide it.
            raise _no_labels_for(task, examples)
    parts = {"data": list(range(len(examples)))}
    used = {p.test_data for p in exp.protocols if p.test_data}
    read_paths: dict[str, str] = {}
    for name in sorted(used):
        path = overrides.get(name) or exp.datasets.get(name)
        if path is None:
            how = f"--dataset {name}=PATH" if in_cli() else f"datasets={{{name!r}: PATH}}"
            where = (
                f"add 'path' to its entry 'datasets.{name}' (it has read settings only)"
                if name in exp.dataset_read
                else f"set 'datasets.{name}'"
            )
            raise ClassifyError(
                f"no path for dataset '{name}': pass {how} or {where}", source=exp.path
            )
        if not Path(path).exists():
            raise ClassifyError(f"key 'datasets.{name}': file not found ({path})", source=exp.path)
        reading = _dataset_options(exp, name, options)
        try:
            other = load_examples(
                str(path), options=reading, label_fields=fields, label_sets=sets, empty_sets=empty
            )
        except ClassifyError as exc:
            key = _failed_setting(exc.message, reading)
            if key is None or key in exp.dataset_read.get(name, {}):
                raise
            # The run's read settings (--text-column) are the named
            # dataset's too: a training CSV's column names may not be its.
            raise ClassifyError(
                f"{exc.message}; the run's read settings apply to dataset '{name}' too: give "
                f"it its own {key} in the experiment file (datasets: {{{name}: {{path: ..., "
                f"{key}: ...}}}})",
                source=exc.source,
                where=exc.where,
            ) from None
        read_paths[name] = str(path)
        testing = {p.name for p in exp.protocols if p.test_data == name}
        for entry in exp.models:
            task = entry.config.task
            runs = entry.only.protocols is None or testing & set(entry.only.protocols)
            if runs and task.field not in other.labels:
                proto = sorted(testing)[0]
                raise ClassifyError(
                    f"dataset '{name}' has no label column '{task.field}' for task "
                    f"'{task.name}' (label columns read: "
                    f"{', '.join(repr(r) for r in sorted(other.labels)) or 'none'}); protocol "
                    f"'{proto}' tests model '{entry.name}' on it",
                    source=path,
                )
        for part, positions in parts.items():
            clash = {examples.ids[i] for i in positions} & set(other.ids)
            if clash:
                what = "the data" if part == "data" else f"dataset '{part}'"
                raise ClassifyError(
                    f"dataset '{name}' shares unit ids with {what} (first: {sorted(clash)[0]})",
                    source=path,
                )
        parts[name] = list(range(len(examples), len(examples) + len(other)))
        examples = _concat(examples, other)
    # Which file each named dataset was, for the results.
    examples.notes = {**examples.notes, "dataset_paths": read_paths}
    return examples, parts


def _failed_setting(message: str, options: ReadOptions | None) -> str | None:
    """The read setting a reader's error is about, where it is one a named
    dataset may set its own way: the column setting whose value the error
    names (``row has no id column 'key'``), else ``delimiter`` or
    ``encoding`` where the error is about them; None otherwise."""
    used = options if options is not None else ReadOptions()
    for named in re.findall(r"column '([^']+)'", message):
        for key in ("text_column", "id_column", "date_column"):
            if getattr(used, key, None) == named:
                return key
    for key in ("delimiter", "encoding"):
        if key in message or (key == "encoding" and "codec" in message):
            return key
    return None


def _test_data_overlap(
    exp: Experiment, examples: Examples, parts: dict[str, list[int]]
) -> list[str]:
    """Notes for protocols whose named test set repeats training texts (case
    and spacing folded; for a stance-target task, under the same target: a
    text under another target is another unit), as ``train --test`` and
    ``evaluate`` warn."""
    from classify.semi import text_key

    groups: dict[str | None, list[str]] = {}
    for name, task in exp.tasks.items():
        groups.setdefault(task.target_field, []).append(name)
    notes = []
    for target_field, names in groups.items():
        targets = examples.labels.get(target_field) if target_field else None

        def key(i: int, targets: Sequence[Any] | None = targets) -> tuple[str, str]:
            target = targets[i] if targets is not None else None
            aim = " ".join(str(target).split()).casefold() if target is not None else ""
            return aim, text_key(examples.texts[i])

        seen = {key(i) for i in parts["data"]}
        # Named by task only where the tasks' targets make counts differ.
        whose = f" (task{'s' * (len(names) > 1)} {', '.join(names)})" if len(groups) > 1 else ""
        for proto in exp.protocols:
            test = parts.get(proto.test_data or "")
            if not test:
                continue
            shared = sum(key(i) in seen for i in test)
            if shared:
                under = " under the same target" if target_field else ""
                notes.append(
                    f"protocol '{proto.name}'{whose}: {shared} of the {len(test)} units of "
                    f"'{proto.test_data}' have the text of a training unit{under}, so its "
                    "figures are optimistic"
                )
    return notes


def _concat(a: Examples, b: Examples) -> Examples:
    fields = set(a.labels) | set(b.labels)
    return Examples(
        ids=a.ids + b.ids,
        texts=a.texts + b.texts,
        article_ids=a.article_ids + b.article_ids,
        paragraph_ids=a.paragraph_ids + b.paragraph_ids,
        dates=a.dates + b.dates,
        sources=a.sources + b.sources,
        labels={
            f: a.labels.get(f, [None] * len(a)) + b.labels.get(f, [None] * len(b)) for f in fields
        },
        origin=f"{a.origin} + {b.origin}",
        notes=dict(a.notes),
        multilabel=a.multilabel | b.multilabel,
    )


# -- summarising ----------------------------------------------------------------------------


def summarise_experiment(
    exp: Experiment,
    results: list[dict[str, Any]],
    examples: Examples,
    data_path: str,
    parts: dict[str, list[int]] | None = None,
) -> dict[str, Any]:
    """The results file's content: leaderboards with paired tests, curves,
    the grid, the data (``parts``: positions of the data's units and of each
    named dataset's in ``examples``) and the machine."""
    from classify import evaluation

    parts = parts or {"data": list(range(len(examples)))}
    from classify.store import library_versions, now

    ok = [r for r in results if "error" not in r]
    errors = [{"id": r["id"], "error": r["error"]} for r in results if "error" in r]
    protocols = [dataclasses.asdict(p) for p in exp.protocols]
    for entry in protocols:
        if entry.get("cutoff") is not None:
            # A cutoff decides the test part; the default share never applied.
            entry.pop("test_size", None)
    notes: list[str] = []
    for entry, proto in zip(protocols, exp.protocols):
        # Each target-conditioned task's folds are its own (texts with targets).
        for targets in dict.fromkeys(t.target_field for t in exp.tasks.values()):
            tasks = {n: t for n, t in exp.tasks.items() if t.target_field == targets}
            paired = _paired_for_folds(examples, targets)
            if proto.split == "forward":
                folds = protocol_folds(paired, proto, parts)
                sizes, found = forward_fold_sizes(paired, proto, folds, tasks)
                entry.setdefault("folds", sizes)
                notes += found
            elif not proto.cv and proto.active is None:
                # One split (a date cutoff, a named test set): a label only its
                # test side has is missed by every model, which reads as weakness.
                [(train, test)] = protocol_folds(paired, proto, parts)
                if note := _refiled_note(paired, proto, train, test):
                    notes.append(note)
                for name, missing in _labels_missing(paired, tasks, train, test).items():
                    notes.append(
                        f"{proto.name} ({name}): its test units have "
                        f"{', '.join(repr(m) for m in missing)}, which its training units lack; "
                        "those units are missed by construction"
                    )
                notes += _sizes_missing(exp, proto, paired, tasks, train, test)
            elif proto.cv and proto.active is None:
                # A label on fewer units than folds (or on units of one group)
                # is missing from the training part of the fold that tests it.
                folds = protocol_folds(paired, proto, parts)
                gaps: dict[str, dict[str, list[int]]] = {}
                for k, (train, test) in enumerate(folds, start=1):
                    for name, missing in _labels_missing(paired, tasks, train, test).items():
                        for label in missing:
                            gaps.setdefault(name, {}).setdefault(label, []).append(k)
                for name, labels in gaps.items():
                    said = "; ".join(
                        f"{label!r} in fold{'s' * (len(ks) > 1)} {', '.join(map(str, ks))}"
                        for label, ks in labels.items()
                    )
                    task = exp.tasks[name]
                    values = examples.labels.get(task.field) or []
                    single = any(
                        sum(
                            label in label_names(v, multilabel=task.multilabel, labels=task.labels)
                            for v in values
                            if not task.is_unlabelled(v)
                        )
                        == 1
                        for label in labels
                    )
                    notes.append(
                        f"{proto.name} ({name}): a fold's test units have a label its training "
                        f"units lack ({said}); those units are missed by construction ("
                        + _gap_advice(single)
                        + ")"
                    )
    notes += _test_data_overlap(exp, examples, parts)
    skipped = examples.notes.get("skipped_rows") or []
    for row in skipped[:3]:
        at = f":line {row['line']}" if row.get("line") else ""
        notes.append(f"skipped {row['file']}{at}: {row['reason']}")
    if len(skipped) > 3:
        notes.append(f"... and {len(skipped) - 3} more rows skipped (read with on_error: skip)")
    # Units with no label of any task were left out on reading; units
    # labelled for one task only are left out of the others'.
    dropped = int(examples.notes.get("unlabelled_units_skipped") or 0)
    for name, task in exp.tasks.items():
        values = examples.labels.get(task.field) or []
        unlabelled = sum(task.is_unlabelled(v) for v in values) + dropped
        if unlabelled:
            notes.append(
                f"{name}: {unlabelled} of {len(values) + dropped} units have no "
                f"'{task.field}' label"
                + (" (unlabelled, or skipped above for a label the task lacks)" if skipped else "")
                + "; they are left out of its training and testing"
            )
    leaderboards = []
    for proto in exp.protocols:
        if proto.active is not None:
            continue
        for task_name, task in exp.tasks.items():
            size = max(exp.train_sizes, key=lambda s: float("inf") if s is None else s)
            rows = _rows_for(ok, task_name, proto.name, size)
            if not rows:
                continue
            board = _leaderboard(task, rows, examples, exp, proto)
            used = [r["n_train"] for r in rows if "n_train" in r]
            leaderboards.append(
                {
                    "task": task_name,
                    "protocol": proto.name,
                    "train_size": size,
                    # What the cells trained on: fewer than asked where the
                    # training part is smaller than the size.
                    **({"n_train": round(float(np.mean(used)))} if used else {}),
                    **board,
                }
            )
    curves = []
    if len(exp.train_sizes) > 1:
        for proto in exp.protocols:
            for task_name in exp.tasks:
                # A size above the training part trains on all of it, as
                # 'all' does: the same run, counted once, not as a second seed.
                by_seed: dict[str, dict[str, dict[int, float]]] = {}
                kind_of: dict[str, str] = {}
                sizes_at: dict[str, set[int | None]] = {}
                for r in ok:
                    c = r["cell"]
                    if c["task"] != task_name or c["protocol"] != proto.name:
                        continue
                    if c.get("strategy"):
                        continue  # active-learning curves are summarised on their own
                    used = str(r["n_train"])
                    kind_of[c["model"]] = c["kind"]
                    at = by_seed.setdefault(c["model"], {}).setdefault(used, {})
                    at[c["seed"]] = r["metrics"]["macro_f1"]
                    sizes_at.setdefault(used, set()).add(c["train_size"])
                for used, sizes in sorted(sizes_at.items(), key=lambda kv: int(kv[0])):
                    asked = sorted(x for x in sizes if x is not None and x > int(used))
                    if len(sizes) > 1 and asked:
                        one = len(asked) == 1
                        named = (
                            f"size {asked[0]} is"
                            if one
                            else f"sizes {', '.join(map(str, asked[:-1]))} and {asked[-1]} are"
                        )
                        notes.append(
                            f"{task_name}, protocol '{proto.name}': training {named} more "
                            f"than the {used} training units there are, so {'its' if one else 'their'} "
                            "cells train on all of them and count once on the learning curve"
                        )
                by_model = {
                    model: {x: list(seeds.values()) for x, seeds in points.items()}
                    for model, points in by_seed.items()
                }
                for model, points in by_model.items():
                    xs = sorted(points, key=int)
                    curves.append(
                        {
                            "task": task_name,
                            "protocol": proto.name,
                            "model": model,
                            "kind": kind_of.get(model, "model"),
                            "n_train": [int(x) for x in xs],
                            "macro_f1_mean": [round(float(np.mean(points[x])), 4) for x in xs],
                            "macro_f1_std": [
                                round(
                                    float(np.std(points[x], ddof=1)) if len(points[x]) > 1 else 0.0,
                                    4,
                                )
                                for x in xs
                            ],
                            "seeds": [len(points[x]) for x in xs],
                        }
                    )
    del evaluation
    active = _active_summary(exp, ok)
    curves += active["curves"]
    return {
        "name": exp.name,
        "description": exp.description,
        "experiment": str(exp.path),
        "data": {
            "path": os.path.basename(data_path),
            # Of the data and each named dataset together; the cell keys take
            # the one of the gold fields each model reads ("fingerprints").
            "fingerprint": examples.fingerprint(),
            "fingerprints": data_fingerprints(exp, examples),
            # Subsamples and active learning's first batch are drawn by position.
            "row_order": row_order(examples),
            "units": len(parts["data"]),
            "datasets": {k: len(v) for k, v in parts.items() if k != "data"},
            # The file each was, as the data's: by its name.
            "dataset_paths": {
                k: os.path.basename(v)
                for k, v in (examples.notes.get("dataset_paths") or {}).items()
            },
        },
        "grid": {
            "tasks": list(exp.tasks),
            "models": [m.name for m in exp.models],
            # What each model was when these figures were made (a name kept
            # while its settings change would otherwise hide which ran).
            "model_settings": _model_settings(exp),
            "references": [r.name for r in exp.references],
            "protocols": protocols,
            "train_sizes": ["all" if s is None else s for s in exp.train_sizes],
            "seeds": exp.seeds,
            # Resamples of every interval and paired test.
            "bootstrap": exp.bootstrap,
        },
        "leaderboards": leaderboards,
        "learning_curves": curves,
        "active": active["savings"],
        "errors": errors,
        "notes": notes,
        "versions": library_versions(),
        "machine": machine(),
        "created": now(),
    }


def _model_settings(exp: Experiment) -> dict[str, dict[str, Any]]:
    """Task -> model name -> what the model was: its config file (relative
    to the experiment file where it can be), family, parameters (defaults
    included) and every other training setting (thresholds, calibration,
    self-training, long units ...; not the data, which the experiment
    gives)."""
    out: dict[str, dict[str, Any]] = {}
    for m in exp.models:
        settings = m.config.to_dict()
        for key in ("task", "data", "source"):
            settings.pop(key, None)
        try:
            where = os.path.relpath(m.source, Path(exp.path).parent)
        except (TypeError, ValueError):
            where = str(m.source)
        if where.startswith(os.path.join("..", "..")):
            where = str(m.source)  # far from the experiment: its own path
        out.setdefault(m.config.task.name, {})[m.name] = {"config": where, **settings}
    return out


def _active_summary(exp: Experiment, results: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean learning curve per (task, model, strategy) over seeds, and how
    many labels each strategy saves to reach random sampling's final score
    (on the mean curves)."""
    from classify.active import labels_saved

    curves: list[dict[str, Any]] = []
    savings: list[dict[str, Any]] = []
    for proto in (p for p in exp.protocols if p.active is not None):
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for r in results:
            c = r["cell"]
            if c["protocol"] == proto.name and "curve" in r:
                groups.setdefault((c["task"], c["model"], c["strategy"]), []).append(r["curve"])
        means: dict[tuple[str, str, str], tuple[list[int], list[float]]] = {}
        for (task, model, strategy), runs in sorted(groups.items()):
            n = min(len(run["n_train"]) for run in runs)
            xs = runs[0]["n_train"][:n]
            ys = np.array([run["macro_f1"][:n] for run in runs])
            means[(task, model, strategy)] = (xs, ys.mean(axis=0).round(4).tolist())
            curves.append(
                {
                    "task": task,
                    "protocol": proto.name,
                    "model": f"{model} [{strategy}]",
                    "n_train": [int(x) for x in xs],
                    "macro_f1_mean": [round(float(v), 4) for v in ys.mean(axis=0)],
                    "macro_f1_std": [
                        round(float(v), 4)
                        for v in (ys.std(axis=0, ddof=1) if len(ys) > 1 else 0 * ys[0])
                    ],
                    "seeds": [len(ys)] * n,
                }
            )
        for (task, model, strategy), curve in means.items():
            base = means.get((task, model, "random"))
            if strategy == "random" or base is None:
                continue
            saved = labels_saved(base, curve)
            saved95 = labels_saved(base, curve, share=0.95)
            savings.append(
                {
                    "task": task,
                    "protocol": proto.name,
                    "model": model,
                    "strategy": strategy,
                    "random_final_n": base[0][-1],
                    "random_final_macro_f1": base[1][-1],
                    "strategy_final_macro_f1": curve[1][-1],
                    "labels_to_reach": next(
                        (n for n, f in zip(*curve) if f >= base[1][-1] - 1e-9), None
                    ),
                    "labels_saved": saved,
                    "labels_saved_95": saved95,
                    # Points are equally spaced, so the mean is the normalised
                    # area under the learning curve.
                    "random_mean_macro_f1": round(float(np.mean(base[1])), 4),
                    "strategy_mean_macro_f1": round(float(np.mean(curve[1])), 4),
                    "seeds": len(groups[(task, model, strategy)]),
                }
            )
    return {"curves": curves, "savings": savings}


def _rows_for(results, task: str, protocol: str, size: int | None) -> list[dict[str, Any]]:
    return [
        r
        for r in results
        if r["cell"]["task"] == task
        and r["cell"]["protocol"] == protocol
        and r["cell"]["train_size"] == size
    ]


def encode_decisions(y_pred: np.ndarray) -> list[int]:
    """A cell's decisions, one integer per test unit: the unit's row of the
    ``(n_units, n_labels)`` indicator matrix read as a binary number, the
    task's first label the highest bit (stance ``favour, against, neutral``:
    ``favour`` 4, ``against`` 2, ``neutral`` 1; topics ``[1, 0, 1]`` is 5)."""
    return [int("".join(map(str, row)), 2) for row in np.asarray(y_pred, dtype=int)]


def decode_decisions(codes: Sequence[int], labels: int | Sequence[str]) -> np.ndarray:
    """A stored cell's ``decisions`` back to the ``(n_units, n_labels)``
    indicator matrix, columns in the order of ``labels`` (the cell's own
    ``labels``, or their number): the inverse of :func:`encode_decisions`.

    Example: ``decode_decisions(cell["decisions"], cell["labels"])``.
    """
    k = labels if isinstance(labels, int) else len(labels)
    return np.array([[(c >> (k - 1 - j)) & 1 for j in range(k)] for c in codes], dtype=int)


def _leaderboard(
    task: Task, rows: list[dict[str, Any]], examples: Examples, exp: Experiment, proto: Protocol
) -> dict[str, Any]:
    """Mean and spread over seeds per model, the first seed's 95% CI, and a
    paired bootstrap test of the best model against each other one."""
    from classify import evaluation

    labels = list(task.labels)
    by_model: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_model.setdefault(r["cell"]["model"], []).append(r)
    index = {u: i for i, u in enumerate(examples.ids)}
    y_all = _task_y(task, examples)
    kinds = {r["cell"]["model"]: r["cell"]["kind"] for r in rows}
    # One label set for the whole board, as compare has: the labels a test
    # unit has or any model (any seed) predicts. Each figure shown, its
    # interval and the paired differences then average the same labels.
    gold_of = {id(r): y_all[[index[u] for u in r["ids"]]] for r in rows}
    decided_of = {id(r): decode_decisions(r["decisions"], labels) for r in rows}
    used = np.zeros(len(labels), dtype=bool)
    for r in rows:
        used |= gold_of[id(r)].any(axis=0) | decided_of[id(r)].any(axis=0)
    over = [lab for lab, u in zip(labels, used) if u]

    def figures(r: dict[str, Any]) -> dict[str, Any]:
        shown = dict(r["metrics"])
        averaged = evaluation.compute_metrics(
            task.kind, labels, gold_of[id(r)], decided_of[id(r)], favg=task.favg_labels,
            average_over=over,
        )  # fmt: skip
        shown.update({k: averaged[k] for k in ("macro_f1", "f_avg") if k in averaged})
        return shown

    table = []
    first: dict[str, dict[str, Any]] = {}
    for model, rs in by_model.items():
        rs = sorted(rs, key=lambda r: r["cell"]["seed"])
        first[model] = rs[0]
        keys = ["macro_f1", "micro_f1", "accuracy", "f_avg"]
        entry: dict[str, Any] = {"name": model, "kind": kinds[model], "seeds": len(rs)}
        shown = [figures(r) for r in rs]
        for k in keys:
            vals = [m[k] for m in shown if m.get(k) is not None]
            if vals:
                entry[k] = round(float(np.mean(vals)), 4)
                if len(vals) > 1:
                    entry[f"{k}_std"] = round(float(np.std(vals, ddof=1)), 4)
        # The mean over seeds, as the figures beside it (seed 0's alone sat
        # beside macro-F1's mean, unsaid).
        per_label = {}
        for label in labels:
            vals = [
                r["metrics"]["per_label"][label]["f1"]
                for r in rs
                if r["metrics"]["per_label"][label].get("f1") is not None
            ]
            per_label[label] = round(float(np.mean(vals)), 4) if vals else None
        entry["per_label_f1"] = per_label
        entry["fit_seconds"] = round(float(np.mean([r["fit_seconds"] for r in rs])), 2)
        table.append(entry)
    # Ranked by the task's primary metric (its task file's 'metric').
    primary = task.metric if all(task.metric in e for e in table) else "macro_f1"
    table.sort(key=lambda e: -e[primary])
    best = table[0]["name"]
    ids = first[best]["ids"]

    def board(names: list[str]) -> dict[str, Any]:
        # The first seed's decisions through compare's own code path: the
        # same intervals and tests `classify compare` gives for them, on the
        # test units' own clusters, as train and evaluate find them.
        unit_ids = first[names[0]]["ids"]
        auto = examples.subset([index[u] for u in unit_ids]).groups("auto")
        return evaluation.compare_decisions(
            task.kind,
            labels,
            y_all[[index[u] for u in unit_ids]],
            {n: _decisions_in_order(first[n], unit_ids, labels) for n in names},
            metric=primary,
            groups=auto,
            n_resamples=exp.bootstrap,
            favg=task.favg_labels,
            order=names,
            average_over=over,
        )

    # In the table's order: the tests are of the top row (the best by the
    # mean over seeds) against each other row, on the first seed's decisions,
    # so a difference can be below 0 where another model won that seed.
    # Cells of the same units, in whatever order they were stored (a cell
    # reused after the data file's rows were sorted another way).
    paired = [
        e["name"]
        for e in table
        if len(first[e["name"]]["ids"]) == len(ids) and set(first[e["name"]]["ids"]) == set(ids)
    ]
    main = board(paired)
    ci = {r["name"]: r["ci95"] for r in main["rows"]}
    for entry in table:
        if entry["name"] not in ci:
            ci[entry["name"]] = board([entry["name"]])["rows"][0]["ci95"]
        entry["ci95"] = ci[entry["name"]].get("macro_f1")
        if primary != "macro_f1":
            # Ranked by another figure: its interval too, beside its value.
            entry["ci95_ranked"] = ci[entry["name"]].get(primary)
    tests = main["tests"]
    seeds = sorted({r["cell"]["seed"] for r in rows})
    # Labels no test unit has: the averages are over fewer labels (or score
    # a model's predictions of them 0), which the tables say.
    gold = y_all[[index[u] for u in ids]]
    absent = [label for j, label in enumerate(labels) if not gold[:, j].any()]
    return {
        "rows": table,
        "tests": tests,
        # Rows whose first seed tested other units than the top row's: no test.
        "untested": [e["name"] for e in table if e["name"] not in paired],
        "labels_without_gold": absent,
        "n_test": first[best]["n_test"],
        "metric": primary,
        # The labels F_avg averages, named with the metric in the results.
        "f_avg_labels": list(task.favg_labels or ()) or None,
        # The CIs and paired tests are of the first seed's predictions; the
        # table's figures are means over these seeds.
        "seeds": seeds,
    }


def _decisions_in_order(cell: Mapping[str, Any], unit_ids: Sequence[str], labels: Sequence[str]):
    """A stored cell's decisions (units x labels) in the order of
    ``unit_ids``, which hold the same units as the cell's ``ids``."""
    decided = decode_decisions(cell["decisions"], labels)
    if list(cell["ids"]) == list(unit_ids):
        return decided
    at = {u: i for i, u in enumerate(cell["ids"])}
    return decided[[at[u] for u in unit_ids]]


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    with contextlib.suppress(OSError, ValueError):
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        info["memory_gib"] = round(pages / 2**30, 1)
    with contextlib.suppress(Exception):
        import torch

        info["torch_threads"] = torch.get_num_threads()
        info["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    return info


# -- writing --------------------------------------------------------------------------------


def _check_same_experiment(exp: Experiment, overwrite: bool) -> None:
    """Refuse, without ``overwrite``, results of the same ``name`` written
    by another experiment file: both write ``results/NAME.*`` and share its
    stored cells, so one would replace the other's tables.

    Raises:
        ClassifyError: naming the other file and the key to change.
    """
    found = exp.results_dir / f"{exp.name}.json"
    if overwrite or not found.is_file():
        return
    try:
        other = json.loads(found.read_text(encoding="utf-8")).get("experiment")
    except (OSError, ValueError, AttributeError):
        return
    if not other:
        return
    here = Path(exp.path).resolve()
    there = Path(other) if Path(other).is_absolute() else (Path.cwd() / other)
    if there.resolve() != here and Path(other).name != here.name:
        raise ClassifyError(
            f"{found}: already holds the results of another experiment file, {other}, of "
            f"the same name '{exp.name}' (both would write results/{exp.name}.* and share "
            "its stored cells): give this one another 'name', or pass "
            f"{option('overwrite')} to replace them",
            source=exp.path,
        )


def write_results(exp: Experiment, summary: dict[str, Any]) -> dict[str, Path]:
    from classify import reports
    from classify.store import write_json

    out = exp.results_dir
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / f"{exp.name}.json", "md": out / f"{exp.name}.md"}
    # The plots the results file shows now, before it is rewritten: those
    # the new run draws no more (a protocol removed) are its own to remove.
    earlier = _plots_shown(paths["md"])
    figures = reports.plot_experiment(out, exp.name, summary)
    write_json(paths["json"], summary)
    from classify.store import atomic_write_text

    atomic_write_text(paths["md"], reports.experiment_markdown(summary, figures))
    paths.update(figures)
    kept = {Path(p).name for p in figures.values()}
    for name in earlier - kept:
        (out / name).unlink(missing_ok=True)
    return paths


def _plots_shown(md: Path) -> set[str]:
    """The PNG files a results file links (``![...](NAME-topic-date.png)``),
    beside it: what its run drew, and nothing another experiment or a
    person put in the folder."""
    if not md.is_file():
        return set()
    text = md.read_text(encoding="utf-8", errors="replace")
    return set(re.findall(r"!\[[^\]]*\]\(([^)/\\]+\.png)\)", text))
