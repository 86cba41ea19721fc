"""Configuration files: YAML in, validated dataclasses out.

Every config is checked on load against the dataclasses below. A wrong key or
value stops with one line naming the file, the dotted key and what is allowed,
e.g. ``configs/topic-tfidf.yaml: key 'model.params.C': expected a number, got 'x'``.
``--set a.b=c`` overrides are applied to the raw mapping before validation, so
they are checked the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from classify.errors import ClassifyError, setting
from classify.pooling import LONG_TEXT_WORDS, LongUnitConfig
from classify.schema import (
    FILE_SUFFIXES,
    SHIPPED_CONFIGS,
    build_params,
    config_by_name,
    from_mapping,
    key_line,
    load_yaml_text,
    quoted_number,
    read_yaml,
    relative_to_file,
    with_key_line,
)
from classify.tables import ReadOptions
from classify.tasks import Task, shipped_tasks

UNITS = ("article", "paragraph", "sentence")
SPLITS = ("random", "article", "date", "source", "column", "none")
GROUPS = ("auto", "article", "paragraph", "source", "date", "none")


# -- the schema ---------------------------------------------------------------


@dataclass
class SplitConfig:
    """How a single file of labelled data is cut into train and test."""

    method: Literal["random", "article", "date", "source", "column", "none"] = "article"
    test_size: float = 0.2
    # For method 'date': items dated on or after this day are the test set.
    # Without it, the latest ``test_size`` share of items is.
    cutoff: str | None = None


@dataclass
class PoolReadConfig:
    """How the unlabelled pools are read where they differ from the labelled
    data (None: as the labelled data, ``data.text_column`` etc.)."""

    text_column: str | None = None
    id_column: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    date_column: str | None = None
    columns: str | list[str] | None = None


@dataclass
class PoolSource:
    """One unlabelled pool with read settings of its own, in
    ``data.unlabelled`` beside plain paths: ``{path: x.csv, text_column:
    body}``. Its settings go over ``data.unlabelled_read``, which goes over
    the labelled data's."""

    path: str
    text_column: str | None = None
    id_column: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    date_column: str | None = None
    columns: str | list[str] | None = None


def pool_path(entry: PoolSource | str) -> str:
    """The file or folder of a ``data.unlabelled`` entry."""
    return entry.path if isinstance(entry, PoolSource) else str(entry)


@dataclass
class ReadConfig:
    """How tables and text files are read (:class:`classify.tables.ReadOptions`):
    the ``data.*`` keys of a training config, and a run config's ``read``."""

    text_column: str = "text"
    id_column: str = "id"
    delimiter: str | None = None
    encoding: str | None = None
    on_error: Literal["stop", "skip"] = "stop"
    # Article files in folders of folders: the folder name is the gold label
    # of this field (a task's ``field``).
    label_from_folder: str | None = None
    # The order of day and month in numeric dates (03/04/2025).
    date_order: Literal["day-first", "month-first"] = "day-first"
    # The publication date's column where it has a name not read by default.
    date_column: str | None = None
    # The column names of a CSV/TSV without a header row (label,title,text).
    columns: str | list[str] | None = None


@dataclass
class DataConfig(ReadConfig):
    path: str | None = None
    # Gold labels for article sources: one file, or a list (batches).
    annotations: str | list[str] | None = None
    # A published test file: evaluate on it instead of splitting ``path``.
    test: str | None = None
    # 'auto': JSONL/CSV rows are units themselves, .txt articles are cut into
    # paragraphs.
    unit: Literal["auto", "article", "paragraph", "sentence"] = "auto"
    split: SplitConfig = field(default_factory=SplitConfig)
    # Unlabelled pools (JSONL/CSV rows or articles) for self-training; see
    # ``self_training``. Relative paths are relative to the config file. An
    # entry may be a mapping with read settings of its own (PoolSource).
    unlabelled: list[PoolSource | str] = field(default_factory=list)
    # Columns, delimiter and encoding of the pools, where they differ from
    # the labelled data's (for every pool; a PoolSource's own go over it).
    unlabelled_read: PoolReadConfig = field(default_factory=PoolReadConfig)


@dataclass
class ModelConfig:
    family: str = "tfidf-linear"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ThresholdConfig:
    """Per-label decision thresholds for multilabel tasks.

    ``cv`` tunes them on out-of-fold predictions inside the training data,
    ``validation`` on a held-out slice of it, ``fixed`` uses ``default``.
    """

    method: Literal["cv", "validation", "fixed", "auto"] = "auto"
    folds: int = 5
    default: float = 0.5
    validation_size: float = 0.15


@dataclass
class EvaluationConfig:
    # 0: evaluate on the held-out split; K >= 2: K-fold cross-validation.
    cv: int = 0
    group: Literal["auto", "article", "paragraph", "source", "date", "none"] = "auto"
    bootstrap: int = 1000


@dataclass
class SelfTrainingConfig:
    """Teacher-student self-training on ``data.unlabelled`` (:mod:`classify.semi`).

    The teacher (``teacher``, else the model itself) is fit on the gold
    labels and scores up to ``max_unlabelled`` units of each pool; at most
    ``per_label`` confident ones per class become silver labels, weighted
    ``weight`` against gold's 1; the student (the config's model) trains on
    both and teaches the next of ``rounds`` rounds.
    """

    teacher: ModelConfig | None = None
    rounds: int = 1
    max_unlabelled: int | None = 30000
    per_label: int = 1000
    min_confidence: float = 0.5
    weight: float = 0.5
    # Stance-like (multiclass) tasks: as many silver units of every class,
    # per pool source (see classify.semi.select_pseudo_labels).
    balance: bool = True
    # Single-label tasks: units of at least this many words are scored by
    # the teacher, the others by the student (classify.models.routed).
    long_units_to_teacher: int | None = None
    # A task file with labelling rules (classify.rules) used as weak labels:
    # a pool unit whose rules agree with the teacher passes the confidence
    # bar, one whose rules disagree is dropped (classify.semi).
    rules: str | None = None
    # Only pool units dated on or after this day (an ISO date), or with
    # 'after_labelled' after the latest labelled training unit: the teacher
    # then labels the later text the model will be used on (temporal
    # adaptation). Undated pool units are left out.
    since: str | None = None
    # Held-out evaluation also fits the same model without the pool and
    # tests the pool's gain against it (paired bootstrap): a pool can make a
    # model worse, and a user should not need a second run to see it.
    check_without_pool: bool = True


@dataclass
class TrainConfig:
    """One model: a task, a family with its settings, data and evaluation."""

    task: Task
    model: ModelConfig = field(default_factory=ModelConfig)
    data: DataConfig = field(default_factory=DataConfig)
    thresholds: ThresholdConfig = field(default_factory=ThresholdConfig)
    evaluation: EvaluationConfig = field(default_factory=EvaluationConfig)
    self_training: SelfTrainingConfig = field(default_factory=SelfTrainingConfig)
    long_units: LongUnitConfig = field(default_factory=LongUnitConfig)
    calibration: Literal["none", "temperature", "platt"] = "none"
    # Learn a single-label task jointly with another label field (e.g.
    # 'topics': stance x has-a-topic, read back as stance;
    # classify.models.joint). Where the data lacks the field, the task is
    # learned alone, with a note.
    joint: str | None = None
    # After a held-out evaluation, refit the saved model on every labelled
    # item (thresholds and calibration then come from out-of-fold
    # predictions); False keeps the model that was evaluated.
    refit: bool = True
    # Weigh each gold unit by its date, 0.5 ** (age / half-life) with the age
    # in years before the newest training unit, so that a model meant for
    # later text leans on recent labels (temporal drift). None: all equal.
    recency_half_life: float | None = None
    seed: int = 0
    name: str = ""
    source: str = ""

    def label_fields(self) -> list[str]:
        """The columns this model reads as gold labels: its task's field, a
        stance target's field, and the field it is learned jointly with."""
        fields = [self.task.field, self.task.target_field, self.joint]
        return list(dict.fromkeys(f for f in fields if f))

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["task"] = self.task.to_dict()
        # Configs written before these keys existed read (and hash) as they did.
        for key in ("rules", "since"):
            if out["self_training"][key] is None:
                del out["self_training"][key]
        if out["self_training"]["check_without_pool"]:
            # It decides no model and no figure of one: only a check beside them.
            del out["self_training"]["check_without_pool"]
        if out["joint"] is None:
            del out["joint"]
        if out["recency_half_life"] is None:
            del out["recency_half_life"]
        out["data"]["unlabelled"] = [
            {k: v for k, v in p.items() if v is not None} if isinstance(p, dict) else p
            for p in out["data"]["unlabelled"]
        ]
        if out["data"]["date_order"] == "day-first":
            del out["data"]["date_order"]
        if out["data"]["date_column"] is None:
            del out["data"]["date_column"]
        if out["data"]["unlabelled_read"].get("date_column") is None:
            out["data"]["unlabelled_read"].pop("date_column", None)
        if not any(out["data"]["unlabelled_read"].values()):
            del out["data"]["unlabelled_read"]
        if out["long_units"]["long_text_words"] == LONG_TEXT_WORDS:
            del out["long_units"]["long_text_words"]
        return out


@dataclass
class RunConfig:
    """The main job: build a dataset from articles, train and evaluate models."""

    models: list[str]
    sources: list[str]
    # Gold labels for article sources: one file, or a list (batches).
    annotations: str | list[str] | None = None
    # How its sources are read, passed on to every model it trains.
    read: ReadConfig = field(default_factory=ReadConfig)
    # 'auto': JSONL/CSV rows are units themselves, .txt articles are cut
    # into paragraphs (as a training config's data.unit).
    unit: Literal["auto", "article", "paragraph", "sentence"] = "auto"
    cv: int = 5
    group: Literal["auto", "article", "paragraph", "source", "date", "none"] = "auto"
    out: str = "runs/default"
    name: str = "default"
    seed: int = 0
    source: str = ""


# -- reading --------------------------------------------------------------------


def parse_overrides(items: Sequence[str] | None, *, source: object = "--set") -> dict[str, Any]:
    """``["model.params.C=2", "seed=3"]`` to ``{"model.params.C": 2, "seed": 3}``."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ClassifyError(f"expected key=value, got '{item}'", source=source)
        try:
            parsed = load_yaml_text(value) if value.strip() else ""
        except yaml.YAMLError:
            parsed = value
        # A lone YAML indicator ("|", ">") parses to an empty block: the
        # user meant the character (a delimiter, say).
        out[key.strip()] = value.strip() if parsed == "" and value.strip() else parsed
    return out


def _names_an_override(message: str, overrides: Mapping[str, Any] | None) -> str | None:
    """The key given in ``overrides`` that ``message`` names, itself, a key
    under it (the value was a mapping or list) or the key it was set under
    (``model.params.C`` for ``model.params.C.x``); None where it names none."""
    # A "did you mean 'data.unit'?" names no key the message is about.
    message = message.split("did you mean")[0]
    for key in overrides or {}:
        parts = key.split(".")
        above = [".".join(parts[:end]) for end in range(1, len(parts))]
        if f"'{key}'" in message or f"'{key}." in message:
            return str(key)
        if any(f"'{k}'" in message for k in above):
            return str(key)
    return None


def overridden_keys(overrides: Mapping[str, Any] | None) -> set[str]:
    """The dotted keys ``overrides`` sets, written flat (``{"data.date_order":
    ...}``) or nested (``{"data": {"date_order": ...}}``) alike."""
    keys: set[str] = set()
    for key, value in (overrides or {}).items():
        if isinstance(value, Mapping) and value:
            keys |= {f"{key}.{inner}" for inner in overridden_keys(value)}
        else:
            keys.add(str(key))
    return keys


def apply_overrides(raw: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``raw`` with each dotted key of ``overrides`` set to its value,
    creating mappings on the way; a number indexes an existing list, so
    ``model.params.members.1.params.C`` sets one ensemble member's ``C``.

    Raises:
        ClassifyError: a number past the end of its list, or a key under a
            list that is not a number.
    """
    for dotted, value in overrides.items():
        node: Any = raw
        parts = dotted.split(".")
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            here = ".".join(parts[: depth + 1])
            if isinstance(node, list):
                index = _list_index(node, part, ".".join(parts[:depth]))
                if last:
                    node[index] = value
                    break
                child = node[index]
            else:
                if last:
                    node[part] = value
                    break
                child = node.get(part)
                if child is None:
                    if parts[depth + 1].isdigit():
                        raise ClassifyError(
                            f"key '{here}' holds no list to index (allowed: the whole "
                            f"list, {here}=[...])"
                        )
                    child = node[part] = {}
            if not isinstance(child, (dict, list)):
                raise ClassifyError(
                    f"key '{here}' is {child!r}, not a mapping: nothing can be set under it "
                    f"(allowed: {here}=VALUE, not {dotted})"
                )
            # Under a list the next part must be an index (checked above).
            node = child
    return raw


def changed_values(
    path: str | Path, overrides: Mapping[str, Any] | None, cfg: TrainConfig
) -> dict[str, Any]:
    """``{"config": PATH, "set": {KEY: VALUE}}`` for the ``overrides``, and
    the keys ``classify.api.train``'s options set (``evaluation.cv``,
    ``evaluation.group``, ``refit``, ``data.text_column``,
    ``data.unlabelled``), whose value in ``cfg`` (the config at ``path`` as
    trained) differs from the file's own; ``{}`` where none does.

    A model keeps its config file's name, so a model trained with changed
    values must say so (model.json, the card) rather than pass for the file's
    own. Values are as the resolved config holds them (paths absolute).
    """
    options = ("evaluation.cv", "evaluation.group", "refit", "data.text_column", "data.unlabelled")
    overrides = {**dict.fromkeys(options), **(overrides or {})}
    resolved = cfg.to_dict()
    try:
        base = load_train_config(path).to_dict()
    except ClassifyError:
        base = None  # the file alone is invalid: every override mattered
    changed: dict[str, Any] = {}
    missing = object()
    for key in overrides:
        if base is None and key in options and overrides[key] is None:
            continue
        now = dotted_value(resolved, key, missing)
        # Both absent: to_dict leaves out keys at their defaults.
        if base is not None and now == dotted_value(base, key, missing):
            continue
        # A task as given (a shipped name, a file), not the whole task it reads as.
        given_task = key == "task" and isinstance(overrides[key], str)
        changed[key] = overrides[key] if now is missing or given_task else now
    if not changed:
        return {}
    import json

    try:
        # Absolute, as the record's other paths: it reruns from anywhere.
        where = str(config_by_name(path).resolve())
    except ClassifyError:
        where = str(path)
    return {"config": where, "set": json.loads(json.dumps(changed, default=str))}


def dotted_value(tree: Any, key: str, default: Any) -> Any:
    """``tree["a"]["b"][0]`` for the key ``a.b.0`` (the keys ``--set``
    writes); ``default`` where the path does not exist."""
    node = tree
    for part in key.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return default
    return node


def _list_index(items: list, part: str, key: str) -> int:
    """The list index ``part`` names under the dotted ``key``."""
    if not part.isdigit() or int(part) >= len(items):
        raise ClassifyError(
            f"key '{key}' is a list of {len(items)} (allowed after it: an index "
            f"0 to {len(items) - 1}, not '{part}')"
        )
    return int(part)


def load_train_config(
    path: str | Path,
    overrides: Mapping[str, Any] | None = None,
    *,
    overrides_from: str | None = None,
) -> TrainConfig:
    """The training config at ``path`` with ``overrides`` (dotted keys,
    ``--set`` on the command line) applied, validated.

    Args:
        overrides_from: where the overrides were written, for messages
            (``"set in grid.yaml"``); default the command line, or
            ``overrides`` in Python.

    Raises:
        ClassifyError: a missing file or an invalid key or value, naming the
            file and key; where the value came from an override, the message
            says so.
    """
    try:
        return _load_train_config(path, overrides)
    except ClassifyError as error:
        raise _blame_overrides(error, overrides, overrides_from) from error


def _blame_overrides(
    error: ClassifyError, overrides: Mapping[str, Any] | None, written: str | None = None
) -> ClassifyError:
    """``error``, saying so where the value it names came from an override
    rather than from the file it names, else with the line of the file that
    writes the key it names."""
    key = _names_an_override(str(error), overrides)
    if key is None:
        return with_key_line(error)
    if written is None:
        from classify.errors import in_cli

        written = "given on the command line" if in_cli() else "given in overrides"
    # Named, as the message may name a default beside it ("the default of
    # key 'model.params.nli_model', as 'model.params.method' is 'nli'").
    also = key_line(error.source, key, written=True) if error.source and not error.where else None
    if also is not None and Path(error.source or "").suffix in (".yaml", ".yml"):
        # The file writes it too; the value given replaced the file's.
        return ClassifyError(f"{error} ('{key}' {written}, over the file's line {also})")
    return ClassifyError(f"{error} ('{key}' {written}, not in the file)")


# Keys whose value is a path (or a list of paths, each also indexed as
# KEY.N): typed with --set, read from the working folder.
_PATH_KEYS = ("data.path", "data.annotations", "data.test", "self_training.rules", "task")
_PATH_LISTS = ("data.unlabelled",)


def _paths_from_here(overrides: dict[str, Any], keys: Sequence[str], lists: Sequence[str]) -> None:
    """Make the relative paths among ``overrides`` absolute from the working
    folder, in place: paths typed on the command line are relative to where
    the user is, not to the config file."""
    from classify.models._hub import folder_shaped

    def here(value: Any) -> Any:
        if isinstance(value, Mapping) and isinstance(value.get("path"), str):
            return {**value, "path": here(value["path"])}  # a pool with read settings
        if isinstance(value, list):
            return [here(v) for v in value]  # several annotation files
        if isinstance(value, str) and value in shipped_tasks():
            return value  # a shipped task's bare name (topic, stance-rules)
        if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
            return str(Path(value).expanduser().resolve())
        return value

    for key, value in overrides.items():
        if (
            key.rpartition(".")[2] in _ENCODER_KEYS
            and isinstance(value, str)
            and value
            and (
                Path(value).expanduser().exists()
                # One that can only be a folder, missing: said as missing here.
                or folder_shaped(value)
            )
        ):
            # An encoder folder typed with --set (model.params.encoder=./enc).
            overrides[key] = str(Path(value).expanduser().resolve())
            continue
        head, _, index = key.rpartition(".")
        # One entry's path: data.unlabelled.0.path (its read settings beside it).
        entry, _, leaf = head.rpartition(".")
        if key in lists:
            overrides[key] = [here(v) for v in (value if isinstance(value, list) else [value])]
        elif (
            key in keys
            or (head in lists and index.isdigit())
            or (index == "path" and entry in lists and leaf.isdigit())
        ):
            overrides[key] = here(value)


def _relative_paths(value: str | list[str] | None, path: Path) -> str | list[str] | None:
    """:func:`relative_to_file` of one path or of each in a list."""
    if isinstance(value, list):
        return [p for p in (relative_to_file(v, path) for v in value) if p] or None
    return relative_to_file(value, path)


def _read_with_overrides(path: Path, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The mapping of the config file ``path`` with ``overrides`` applied;
    an error in applying them names the file."""
    try:
        return apply_overrides(read_yaml(path), overrides)
    except ClassifyError as exc:
        if exc.source:
            raise
        raise ClassifyError(exc.message, source=path) from None


def _load_train_config(path: str | Path, overrides: Mapping[str, Any] | None) -> TrainConfig:
    path = config_by_name(path)
    overrides = dict(overrides or {})
    _paths_from_here(overrides, _PATH_KEYS, _PATH_LISTS)
    raw = _read_with_overrides(path, overrides)
    data_raw = raw.get("data")
    if isinstance(data_raw, dict) and isinstance(data_raw.get("unlabelled"), str):
        # One pool may be written bare, as on the command line.
        data_raw["unlabelled"] = [data_raw["unlabelled"]]
    model_raw = raw.get("model")
    if isinstance(model_raw, dict) and model_raw.get("params") and "family" not in model_raw:
        # Parameters without a family (a mis-indented `family:` line) would
        # train the default TF-IDF model with them, or fail on its keys.
        from classify.models import FAMILIES

        raise ClassifyError(
            f"key 'model.family' is missing beside model.params (allowed: {', '.join(FAMILIES)})",
            source=path,
        )
    task_raw = raw.pop("task", None)
    if task_raw is None:
        raise ClassifyError(
            "missing key 'task' (a task file such as tasks/topic.yaml)", source=path
        )
    task = resolve_task(task_raw, path)
    cfg = from_mapping(TrainConfig, {**raw, "task": task}, source=path)
    cfg.name = cfg.name or path.stem
    cfg.source = str(path)
    # Relative data paths in a config are relative to the config file.
    cfg.data.path = relative_to_file(cfg.data.path, path)
    cfg.data.annotations = _relative_paths(cfg.data.annotations, path)
    cfg.data.test = relative_to_file(cfg.data.test, path)
    cfg.data.unlabelled = [
        dataclasses.replace(p, path=str(relative_to_file(p.path, path)))
        if isinstance(p, PoolSource)
        else str(relative_to_file(p, path))
        for p in cfg.data.unlabelled
        if p
    ]
    rules = cfg.self_training.rules
    shipped = shipped_tasks()
    cfg.self_training.rules = (
        str(shipped[rules]) if rules in shipped else relative_to_file(rules, path)
    )
    cfg.model.params = _local_encoders(cfg.model.params, path, family=cfg.model.family)
    if cfg.self_training.teacher is not None:
        # The teacher's encoder as the model's: beside the config, checked now.
        cfg.self_training.teacher.params = _local_encoders(
            cfg.self_training.teacher.params,
            path,
            "self_training.teacher.params",
            cfg.self_training.teacher.family,
        )
    validate_joint(cfg, source=path)
    try:
        validate_params(cfg, source=path)
    except ClassifyError as exc:
        if "model.family" in overrides and not any(k.startswith("model.params") for k in overrides):
            # The family changed on the command line; its params are the file's.
            family = ((read_yaml(path).get("model") or {}).get("family")) or "tfidf-linear"
            raise ClassifyError(
                f"{exc.message}; model.params are the config file's, written for its family "
                f"'{family}': give the new family's too ({setting('model.params.KEY', 'VALUE')}), "
                "or use a config of that family",
                source=exc.source,
                where=exc.where,
            ) from None
        raise
    validate_rule_features(cfg, source=path)
    validate_self_training(cfg, source=path)
    lu = cfg.long_units
    if lu.background is not None and cfg.task.multilabel:
        # Its labels are pooled one by one (each label's strongest sentence):
        # no label stands for "no signal", so the setting would do nothing.
        raise ClassifyError(
            f"key 'long_units.background' applies to single-label tasks, and task "
            f"'{cfg.task.name}' is multi-label (each label is pooled on its own, by its "
            "strongest sentence); leave it out",
            source=path,
        )
    if lu.background is not None and lu.background not in cfg.task.labels:
        # "none" for a task whose label is "NONE", as the default lookup reads it.
        same = [x for x in cfg.task.labels if x.casefold() == str(lu.background).casefold()]
        if len(same) == 1:
            lu.background = same[0]
    if lu.split == "sentences" and not cfg.task.multilabel and lu.background is None:
        raise ClassifyError(
            "key 'long_units.background' is needed with long_units.split 'sentences' for a "
            "single-label task: the label that means no signal, so that the sentence with "
            f"the strongest signal is pooled (allowed: {', '.join(cfg.task.labels)})",
            source=path,
        )
    if lu.background is not None and lu.background not in cfg.task.labels:
        raise ClassifyError(
            f"key 'long_units.background' is '{lu.background}' "
            f"(allowed: {', '.join(cfg.task.labels)})",
            source=path,
        )
    if lu.min_words < 1:
        raise ClassifyError(
            f"key 'long_units.min_words' is {lu.min_words} (allowed: an integer >= 1)",
            source=path,
        )
    if isinstance(lu.long_text_words, bool) or lu.long_text_words < 0:
        raise ClassifyError(
            f"key 'long_units.long_text_words' is {lu.long_text_words} "
            "(allowed: an integer >= 0; 0 reads every text whole)",
            source=path,
        )
    validate_recency(cfg, source=path)
    check_evaluation(cfg, source=path)
    return cfg


def validate_recency(cfg: TrainConfig, *, source: object) -> None:
    """``recency_half_life``: a positive number of years, and a family that
    takes per-unit weights."""
    h = cfg.recency_half_life
    if h is None:
        return
    if isinstance(h, bool) or not isinstance(h, (int, float)) or not h > 0:
        raise ClassifyError(
            f"key 'recency_half_life' is {h!r} (allowed: a number of years > 0, or null)",
            source=source,
        )
    from classify.models import get_family, member_spec

    checks = [("model", cfg.model)]
    if cfg.data.unlabelled and cfg.self_training.rounds and cfg.self_training.teacher:
        checks.append(("self_training.teacher", cfg.self_training.teacher))
    for key, model in checks:
        family = get_family(model.family)
        params = build_params(family, model.params, source=source)
        if family.takes_sample_weight(params):
            continue
        parts = [
            member_spec(raw, f"members.{i}", container=family.family)
            for i, raw in enumerate(getattr(params, "members", None) or [])
        ]
        members = [f.family for f, p in parts if not f.takes_sample_weight(p)]
        which = f"its member '{members[0]}'" if members else f"'{model.family}'"
        raise ClassifyError(
            f"key 'recency_half_life' needs a family that weighs training units; "
            f"{which} in '{key}' does not (allowed: tfidf-linear, embedding-linear, "
            "or an ensemble of them)",
            source=source,
        )


def check_folds(value: Any, what: str, *, source: object = None) -> None:
    """A number of cross-validation folds as every command takes it: 0 (a
    held-out split instead) or 2 or more.

    Args:
        value: the setting as given.
        what: how the message names it (``key 'cv'``, ``--cv``).

    Raises:
        ClassifyError: anything else, naming ``what`` and ``source``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value == 1 or value < 0:
        # A number in quotes is YAML's string: said, since it looks right.
        raise ClassifyError(
            f"{what} is {value!r}{quoted_number(value)} (allowed: 0 for a held-out split, or 2 or more folds)",
            source=source,
        )


# numpy's and scikit-learn's random states take seeds in this range.
MAX_SEED = 2**32 - 1


def check_seed(value: Any, what: str, *, source: object = None) -> None:
    """A random seed as every command and function takes it: a whole number
    from 0 to :data:`MAX_SEED` (numpy's range).

    Args:
        value: the seed as given.
        what: how the message names it (``key 'seed'``, ``--seed``, ``seed``).

    Raises:
        ClassifyError: anything else, naming ``what`` and ``source``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ClassifyError(
            f"{what} is {value!r}{quoted_number(value)} (allowed: a whole number from 0 to "
            f"{MAX_SEED})",
            source=source,
        )


# Fewer resamples give percentile "intervals" that may not hold the figure.
MIN_RESAMPLES = 10


def bootstrap_problem(value: Any, default: int) -> str | None:
    """What is wrong with a number of bootstrap resamples (``(allowed:
    ...)`` included), or None where it is 0 (no intervals) or at least
    :data:`MIN_RESAMPLES`."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if whole and (value == 0 or value >= MIN_RESAMPLES):
        return None
    return (
        f"is {value!r} (allowed: 0 for no intervals, or {MIN_RESAMPLES} resamples or more; "
        f"{default} by default)"
    )


def check_evaluation(cfg: TrainConfig, *, source: object = None) -> None:
    """Settings that only fail deep inside training, checked at load: the
    number of folds and a date split's cutoff."""
    from classify.dates import parse_cutoff

    check_folds(cfg.evaluation.cv, "key 'evaluation.cv'", source=source)
    check_seed(cfg.seed, "key 'seed'", source=source)
    problem = bootstrap_problem(cfg.evaluation.bootstrap, 1000)
    if problem:
        raise ClassifyError(f"key 'evaluation.bootstrap' {problem}", source=source)
    th = cfg.thresholds
    if th.method in ("cv", "validation") and not cfg.task.multilabel and cfg.calibration == "none":
        from classify.errors import warn

        # Said rather than recorded as if it had done something (with a
        # calibration it says where the held-out predictions come from).
        warn(
            f"key 'thresholds.method' ('{th.method}') tunes multi-label thresholds, and task "
            f"'{cfg.task.name}' is single-label (its decision is the most probable label) "
            "with no calibration to fit: it is not used",
            once="thresholds-single-label",
        )
    if th.folds < 2:
        raise ClassifyError(
            f"key 'thresholds.folds' is {th.folds} (allowed: 2 or more folds)", source=source
        )
    for key, value in (("default", th.default), ("validation_size", th.validation_size)):
        if not 0 < value < 1:
            raise ClassifyError(
                f"key 'thresholds.{key}' is {value} (allowed: above 0 and below 1)", source=source
            )
    if cfg.data.split.cutoff is not None:
        # Kept as the day it is read as, in the data's date order, so the
        # split and the model card agree on it (12/02/2025 month-first is
        # 2025-12-02).
        cfg.data.split.cutoff = parse_cutoff(
            cfg.data.split.cutoff,
            key="data.split.cutoff",
            source=source,
            date_order=cfg.data.date_order,
        ).isoformat()
    if not 0 < cfg.data.split.test_size < 1:
        raise ClassifyError(
            f"key 'data.split.test_size' is {cfg.data.split.test_size} (allowed: above 0 and below 1)",
            source=source,
        )
    try:
        ReadOptions.from_config(cfg.data)  # delimiter, encoding, on_error
    except ClassifyError as exc:
        raise ClassifyError(str(exc), source=source) from None


def load_run_config(path: str | Path, overrides: Mapping[str, Any] | None = None) -> RunConfig:
    """The run config at ``path`` (``classify run``) with ``overrides``
    applied, validated; paths typed in overrides are read from the working
    folder, those in the file from its folder.

    Raises:
        ClassifyError: a missing file or an invalid key or value, naming the
            file and key (and saying where a value came from an override).
    """
    try:
        return _load_run_config(config_by_name(path), dict(overrides or {}))
    except ClassifyError as error:
        raise _blame_overrides(error, overrides) from error


def _load_run_config(path: Path, overrides: dict[str, Any]) -> RunConfig:
    _paths_from_here(overrides, ("annotations", "out"), ("models", "sources"))
    raw = _read_with_overrides(path, overrides)
    cfg = from_mapping(RunConfig, raw, source=path)
    check_folds(cfg.cv, "key 'cv'", source=path)
    check_seed(cfg.seed, "key 'seed'", source=path)
    try:
        ReadOptions._from_config(cfg.read)
    except ClassifyError as exc:
        raise ClassifyError(str(exc).replace("key '", "key 'read.", 1), source=path) from None
    cfg.source = str(path)
    cfg.models = [_model_config(m, path) for m in cfg.models]
    cfg.sources = [str(relative_to_file(s, path)) for s in cfg.sources]
    cfg.annotations = _relative_paths(cfg.annotations, path)
    if "out" not in overrides and Path(cfg.out).suffix.lower() in FILE_SUFFIXES:
        # Said as the file writes it: the suggestion is for this key.
        raise ClassifyError(
            f"key 'out': '{cfg.out}' reads as a file, and a run writes a folder of model "
            f"folders and reports; give a folder, such as '{Path(cfg.out).with_suffix('')}'",
            source=path,
        )
    cfg.out = str(relative_to_file(cfg.out, path))
    return cfg


# The project's own model configs (classify.schema.SHIPPED_CONFIGS) are what
# a run config's bare file names mean when they are not beside it.


def _model_config(value: str, run_path: Path) -> str:
    """A run config's ``models`` entry: a path from the run config's folder,
    else, for a name not found there, the project's config of that name
    (``configs/topic-tfidf.yaml``), so a copy of ``configs/default.yaml``
    runs from any folder.

    Raises:
        ClassifyError: the entry is in neither place, naming both.
    """
    here = str(relative_to_file(value, run_path))
    if Path(here).is_file():
        return here
    shipped = SHIPPED_CONFIGS / value
    if not Path(value).expanduser().is_absolute() and shipped.is_file():
        return str(shipped)
    places = [str(Path(here).resolve().parent)] + (
        [str(SHIPPED_CONFIGS)] if SHIPPED_CONFIGS.is_dir() and not Path(value).is_absolute() else []
    )
    raise ClassifyError(
        f"key 'models': model config '{value}' not found (looked in {' and '.join(places)})",
        source=run_path,
    )


# Parameters that name a pre-trained encoder: a Hugging Face id, or a local folder.
_ENCODER_KEYS = ("encoder", "model", "nli_model")


def _param_names(family: str | None) -> frozenset[str] | None:
    """The parameter names ``family`` takes; None for a family not known
    (its own error comes when the parameters are validated)."""
    from classify.models import FAMILIES, get_family

    if family not in FAMILIES:
        return None
    return frozenset(f.name for f in dataclasses.fields(get_family(family).Params))


def _local_encoders(
    params: Any, config_path: Path, where: str = "model.params", family: str | None = None
) -> Any:
    """Encoder names that are folders beside the config file become those
    folders (by their absolute path); anything else stays a Hub id
    (``org/name`` looks like a relative path, so only an existing folder is
    taken as one). Ensemble and routed members are looked at too. Given the
    ``family`` the params are for, only keys it takes are looked at: a key
    it does not take is refused as unknown when the params are validated,
    whatever it names.

    Raises:
        ClassifyError: a name that can only be a folder (``./x``, ``../x``,
            ``a/b/c``, ``x/y`` beside a folder ``x``) found neither beside the
            config nor from the working folder (where a ``--set`` value is
            read from), naming the key and both places; a folder with no
            saved model in it, or a file, named by such a key.
    """
    if isinstance(params, list):
        return [_local_encoders(p, config_path, f"{where}.{i}") for i, p in enumerate(params)]
    if not isinstance(params, dict):
        return params
    takes = _param_names(family) if family is not None else None
    if family is not None and takes is None:
        return params  # an unknown family: refused by name when validated
    out = {}
    for key, value in params.items():
        if takes is not None and key not in takes:
            out[key] = value
            continue
        if key in _ENCODER_KEYS and isinstance(value, str) and value:
            local = relative_to_file(value, config_path)
            # (A --set value was made absolute from the working folder before;
            # a file's own relative path is read from its folder only.)
            if Path(value).expanduser().is_absolute() and Path(value).expanduser().exists():
                local = Path(value).expanduser()
            if local and Path(local).is_file():
                raise ClassifyError(
                    f"key '{where}.{key}': '{value}' is a file, not a model folder (give the "
                    "folder save_pretrained or sentence-transformers' save wrote, or a "
                    "Hugging Face model id)",
                    source=config_path,
                )
            if local and Path(local).is_dir():
                value = str(Path(local).resolve())
                if not any(
                    (Path(value) / f).is_file()
                    for f in ("config.json", "modules.json", "adapter_config.json")
                ):
                    # Said now, naming the key, not after the data is read.
                    from classify.models._hub import resolve_model

                    try:
                        resolve_model(value)
                    except ClassifyError as exc:
                        raise ClassifyError(
                            f"key '{where}.{key}': {exc.message}", source=config_path
                        ) from None
            elif _folder_only(value, config_path):
                here = (
                    f"; the folder '{value}' in the working folder is not used: give its "
                    "absolute path, or --set it on the command line"
                    if Path(value).expanduser().exists()
                    else ""
                )
                if Path(value).expanduser().is_absolute():
                    # An absolute path (a --set value is made one from the
                    # working folder) is not looked for beside the config.
                    raise ClassifyError(
                        f"key '{where}.{key}': model folder '{value}' not found",
                        source=config_path,
                    )
                raise ClassifyError(
                    f"key '{where}.{key}': model folder '{value}' not found beside the "
                    f"config, in {config_path.parent.resolve()} (paths in a config are read "
                    f"from its folder{here})",
                    source=config_path,
                )
            elif not Path(value).expanduser().exists() and (
                key != "nli_model" or params.get("method") == "nli"
            ):
                # (An NLI model a similarity zero-shot never loads is not looked for.)
                from classify.models._hub import unavailable

                # A hub id that cannot be fetched: said on load, before the
                # data is read and split, as the loader would say it.
                if problem := unavailable(value):
                    raise ClassifyError(
                        f"cannot load model '{value}' (key '{where}.{key}'): {problem}",
                        source=config_path,
                    )
        elif isinstance(value, (dict, list)):
            # A member ({family, params}) of an ensemble or a routed model.
            member = params.get("family") if key == "params" and isinstance(value, dict) else None
            value = _local_encoders(
                value, config_path, f"{where}.{key}", member if isinstance(member, str) else None
            )
        out[key] = value
    if out.get("method") == "nli" and "nli_model" not in out:
        # The default NLI model, checked as a named one is: before the data.
        from classify.models._hub import unavailable
        from classify.models.zeroshot import DEFAULT_NLI

        if problem := unavailable(DEFAULT_NLI):
            raise ClassifyError(
                f"cannot load model '{DEFAULT_NLI}' (the default of key '{where}.nli_model', "
                f"as '{where}.method' is 'nli'): {problem}",
                source=config_path,
            )
    return out


def _folder_only(name: str, config_path: Path) -> bool:
    """Whether an encoder name can only be meant as a folder: it starts with
    ``.``, ``/`` or ``~``, ends with ``/``, has a backslash or more than one
    ``/``, or its first part is a folder beside the config or in the working
    folder."""
    from classify.models._hub import folder_shaped

    if folder_shaped(name):
        return True
    if "/" not in name:
        return False
    first = name.split("/")[0]
    return (config_path.parent / first).is_dir() or Path(first).is_dir()


def _warn_task_file_beside(name: str, config_path: Path, shipped: Path) -> None:
    """Warn where ``task: NAME`` names a shipped task and a task file
    ``NAME.yaml`` (or ``.yml``, in any case: ``Stance.YML``) of other content
    sits beside the config: the bare name is the shipped task, and that file
    is not read unless named with its suffix."""
    wanted = {f"{name.lower()}.yaml", f"{name.lower()}.yml"}
    try:
        candidates = sorted(p for p in config_path.parent.iterdir() if p.name.lower() in wanted)
    except OSError:
        return
    for beside in candidates:
        try:
            if beside.is_file() and beside.read_bytes() != shipped.read_bytes():
                break
        except OSError:
            continue
    else:
        return
    from classify.errors import warn

    warn(
        f"{config_path}: key 'task': '{name}' is the shipped task; the task file {beside.name} "
        f"beside the config is not read (write task: {beside.name} to use it)",
        once=f"task-beside:{beside}",
    )


def resolve_task(value: Any, config_path: Path) -> Task:
    """The task of a config's ``task`` key: a mapping (the task inline), a
    task file's path (from the config file's folder), or the bare name of a
    shipped task (``topic``, ``stance``, no ``.yaml``; ``classify/task_files/``).

    Raises:
        ClassifyError: the file is not found or the value is neither.
    """
    if isinstance(value, Task):
        return value
    if isinstance(value, dict):
        return Task.from_dict(value, source=f"{config_path}: key 'task'")
    if isinstance(value, str):
        shipped = shipped_tasks()
        if value in shipped:
            # A bare name (no folder, no suffix) is the shipped task, even
            # beside a config of the same name.
            task_path = shipped[value]
            _warn_task_file_beside(value, Path(config_path), task_path)
        else:
            task_path = Path(str(relative_to_file(value, config_path)))
            if not task_path.suffix:
                task_path = task_path.with_suffix(".yaml")
        if not task_path.is_file():
            where = (
                "no such file"
                if Path(str(value)).is_absolute()
                else "paths in a config are read from its folder"
            )
            raise ClassifyError(
                f"key 'task': task file '{value}' not found ({where}; shipped tasks: "
                f"{', '.join(shipped)})",
                source=config_path,
            )
        try:
            return Task.from_dict(read_yaml(task_path, what="task file"), source=task_path)
        except ClassifyError as exc:
            raise with_key_line(exc) from None
    raise ClassifyError("key 'task' must be a path to a task file or a mapping", source=config_path)


def validate_params(cfg: TrainConfig, *, source: object) -> None:
    from classify.models import get_family

    try:
        family = get_family(cfg.model.family, source=source)
    except ClassifyError as exc:
        raise ClassifyError(f"key 'model.family': {exc.message}", source=exc.source) from None
    if not cfg.task.target_field and _names_key(cfg.model.params, "target_weight"):
        from classify.errors import warn

        warn(
            f"{source}: key 'model.params.target_weight' does nothing for task "
            f"'{cfg.task.name}', which names no stance target ('target_field')",
            once="target-weight-unused",
        )
    params = from_mapping(family.Params, cfg.model.params, source=source, prefix="model.params")
    try:
        family.check_params(params)
    except ClassifyError as exc:
        raise ClassifyError(str(exc), source=source) from None
    cfg.model.params = dataclasses.asdict(params)


def _names_key(params: Any, key: str) -> bool:
    """Whether ``params`` (a model's, an ensemble's members' within) sets ``key``."""
    if isinstance(params, dict):
        return key in params or any(_names_key(v, key) for v in params.values())
    if isinstance(params, list):
        return any(_names_key(v, key) for v in params)
    return False


def validate_rule_features(cfg: TrainConfig, *, source: object) -> None:
    """Refuse ``rule_features`` above 0 (on the model or an ensemble member)
    with a task that has no rules to read, naming the key that set it.

    Raises:
        ClassifyError: naming the first such key and the shipped task with
            rules for this task's field, where there is one.
    """
    if any(not r.get("when") for r in cfg.task.rules):
        return
    keys = _rule_feature_keys(cfg.model.params, "model.params")
    if not keys:
        return
    from classify.errors import in_cli

    shipped = {"topics": "topic-rules", "stance": "stance-rules"}.get(cfg.task.field)
    # Double quotes: a quoted 'task' in the message would read as blaming
    # an override of that key (_blame_overrides).
    how = f"--task {shipped}" if in_cli() else f'overrides={{"task": "{shipped}"}}'
    fix = (
        f"for the '{cfg.task.field}' field the shipped {shipped}: {how}, or task: {shipped} "
        "in a config"
        if shipped
        else "a task file of your own with a 'rules' list (see configs/rules/)"
    )
    what = "rules without a 'when' condition" if cfg.task.rules else "rules"
    raise ClassifyError(
        f"key '{keys[0]}' needs a task with {what}, and the task '{cfg.task.name}' has none "
        f"(allowed: 0, or a task with rules: {fix})",
        source=source,
    )


def _rule_feature_keys(params: Any, prefix: str) -> list[str]:
    """The dotted keys under ``params`` whose ``rule_features`` is above 0:
    the model's own, or its ensemble members' (``members.N.params``)."""
    keys: list[str] = []
    if not isinstance(params, Mapping):
        return keys
    weight = params.get("rule_features")
    if isinstance(weight, (int, float)) and weight > 0:
        keys.append(f"{prefix}.rule_features")
    for i, member in enumerate(params.get("members") or []):
        if isinstance(member, Mapping):
            keys += _rule_feature_keys(member.get("params"), f"{prefix}.members.{i}.params")
    return keys


def validate_joint(cfg: TrainConfig, *, source: object) -> None:
    """Check ``joint`` against the task, the family and self-training.

    Raises:
        ClassifyError: naming the key, for a multi-label task, the task's own
            field, a ``joint`` model family, or a self-training teacher that
            learns nothing from labels.
    """
    if cfg.model.family == "joint":
        raise ClassifyError(
            "key 'model.family': 'joint' is made by the config key 'joint: FIELD' "
            "(allowed: the member's family, e.g. ensemble, with joint: topics)",
            source=source,
        )
    other = cfg.joint
    if other is None:
        return
    if cfg.task.multilabel:
        raise ClassifyError(
            f"key 'joint' needs a single-label task; '{cfg.task.name}' is multi-label "
            "(allowed: null)",
            source=source,
        )
    from classify.models import get_family
    from classify.tasks import LABEL_FIELDS

    allowed = [f for f in LABEL_FIELDS if f != cfg.task.field]
    if other not in allowed:
        raise ClassifyError(
            f"key 'joint' is {other!r} (allowed: {', '.join(allowed)}, null; a label "
            f"field other than the task's own '{cfg.task.field}')",
            source=source,
        )
    if not get_family(cfg.model.family, source=source).uses_labels:
        raise ClassifyError(
            f"key 'joint': family '{cfg.model.family}' learns nothing from labels, so it "
            "cannot learn jointly (allowed: null, or a family trained on labels)",
            source=source,
        )
    teacher = cfg.self_training.teacher
    if (
        cfg.data.unlabelled
        and cfg.self_training.rounds
        and teacher is not None
        and not get_family(teacher.family, source=source).uses_labels
    ):
        # Pool units get their group of the other field from the teacher's
        # product classes, so the teacher must learn them too.
        raise ClassifyError(
            f"key 'self_training.teacher': family '{teacher.family}' learns nothing from "
            f"labels, so it cannot teach jointly with '{other}' (allowed: a family trained "
            "on labels, or joint: null)",
            source=source,
        )


def rules_task(cfg: TrainConfig, *, source: object) -> Task:
    """The task file named by ``self_training.rules``, checked against the
    config's task.

    Raises:
        ClassifyError: the file cannot be read, has no ``rules``, or its
            labels or kind differ from the task's (the error names the key).
    """
    from classify.tasks import load_task

    path = cfg.self_training.rules
    key = "key 'self_training.rules'"
    if not Path(str(path)).is_file():
        raise ClassifyError(
            f"{key}: task file '{path}' not found (shipped tasks with rules: "
            f"{', '.join(n for n in shipped_tasks() if n.endswith('-rules'))})",
            source=source,
        )
    try:
        rules = load_task(str(path))
    except ClassifyError as exc:
        raise ClassifyError(f"{key}: {exc}", source=source) from None
    if not rules.rules:
        raise ClassifyError(f"{key}: task file {path} has no 'rules'", source=source)
    if list(rules.labels) != list(cfg.task.labels) or rules.multilabel != cfg.task.multilabel:
        raise ClassifyError(
            f"{key}: the rules of {path} are for labels {', '.join(rules.labels)} "
            f"(allowed: rules for the task's labels {', '.join(cfg.task.labels)})",
            source=source,
        )
    return rules


def pool_read_options(data: DataConfig, *, source: object = None, pool: int | None = None) -> Any:
    """The :class:`classify.tables.ReadOptions` an unlabelled pool is read
    with: the labelled data's, with ``data.unlabelled_read`` on top, then
    the pool's own settings (``data.unlabelled[pool]`` written as a mapping),
    and a bad row skipped rather than fatal (a pool is unlabelled text, not
    evidence).

    Args:
        data: the config's ``data`` section.
        source: what errors name (the config file).
        pool: the position of the pool in ``data.unlabelled``; None for the
            settings every pool shares.

    Raises:
        ClassifyError: a bad delimiter or encoding, naming the key it came from.
    """
    from classify.tables import ReadOptions

    shared = {k: v for k, v in dataclasses.asdict(data.unlabelled_read).items() if v is not None}
    entry = data.unlabelled[pool] if pool is not None else None
    mine = (
        {k: v for k, v in dataclasses.asdict(entry).items() if v is not None and k != "path"}
        if isinstance(entry, PoolSource)
        else {}
    )
    own = {**shared, **mine}
    try:
        options = ReadOptions._from_config(dataclasses.replace(data, **own))
    except ClassifyError as exc:
        key = str(exc).split("'")[1] if "'" in str(exc) else ""
        prefix = (
            f"data.unlabelled.{pool}."
            if key in mine
            else "data.unlabelled_read."
            if key in shared
            else "data."
        )
        raise ClassifyError(str(exc).replace("key '", f"key '{prefix}", 1), source=source) from None
    options.on_error = "skip"
    options.label_from_folder = None
    # A pool has a header row unless its own settings name its columns: the
    # labelled data's names would read a pool's header as a row.
    options.columns = options.columns if "columns" in own else None
    # A pool need not carry the labelled data's id or date column, only its own.
    options.id_column_optional = "id_column" not in own
    options.date_column_optional = "date_column" not in own
    options.repeated_ids = True
    # Hints name where this pool's settings are set: its own entry, if it has one.
    options.pool_keys = (
        f"data.unlabelled.{pool}." if isinstance(entry, PoolSource) else "data.unlabelled_read."
    )
    return options


def validate_self_training(cfg: TrainConfig, *, source: object) -> None:
    """Check ``self_training`` against the families it will fit."""
    from classify.models import get_family

    for i in range(len(cfg.data.unlabelled)):
        pool_read_options(cfg.data, source=source, pool=i)

    st = cfg.self_training
    checks = [
        ("rounds", st.rounds >= 0, "an integer >= 0"),
        ("per_label", st.per_label >= 1, "an integer >= 1"),
        ("max_unlabelled", st.max_unlabelled is None or st.max_unlabelled >= 1, ">= 1 or null"),
        ("min_confidence", 0 <= st.min_confidence < 1, "a number in [0, 1)"),
        ("weight", 0 < st.weight <= 1, "a number in (0, 1]"),
    ]
    for key, ok, allowed in checks:
        if not ok:
            value = getattr(st, key)
            raise ClassifyError(
                f"key 'self_training.{key}' is {value!r} (allowed: {allowed})", source=source
            )
    if cfg.data.unlabelled and st.rounds and cfg.task.target_field:
        raise ClassifyError(
            f"key 'data.unlabelled': self-training is not available for task "
            f"'{cfg.task.name}', whose stance depends on a per-row target "
            f"('{cfg.task.target_field}'); pool units have no target",
            source=source,
        )
    routed = st.long_units_to_teacher
    if routed is not None and (cfg.task.multilabel or cfg.calibration != "none" or routed < 1):
        raise ClassifyError(
            "key 'self_training.long_units_to_teacher' needs a single-label task, "
            "calibration 'none' and a value >= 1 (allowed: null, or words >= 1)",
            source=source,
        )
    if st.rules is not None:
        rules_task(cfg, source=source)
    if st.since is not None and st.since != "after_labelled":
        from classify.dates import parse_cutoff

        try:
            st.since = parse_cutoff(st.since, key="self_training.since", source=source).isoformat()
        except ClassifyError:
            raise ClassifyError(
                f"key 'self_training.since': cannot read date '{st.since}' (allowed: "
                "after_labelled, a date such as 2022-01-01, 2022-06 or 2022, or null)",
                source=source,
            ) from None
    if st.teacher is not None:
        teacher = get_family(st.teacher.family, source=f"{source}: key 'self_training.teacher'")
        params = from_mapping(
            teacher.Params, st.teacher.params, source=source, prefix="self_training.teacher.params"
        )
        try:
            teacher.check_params(params)
        except ClassifyError as exc:
            raise exc.under("self_training.teacher.params") from None
        st.teacher.params = dataclasses.asdict(params)
    student = get_family(cfg.model.family)
    if (
        cfg.data.unlabelled
        and st.rounds
        and st.weight != 1
        and not student.takes_sample_weight(build_params(student, cfg.model.params, source=source))
    ):
        default = st.weight == SelfTrainingConfig().weight
        raise ClassifyError(
            f"key 'self_training.weight' is {st.weight}"
            + (" (the default for silver labels)" if default else "")
            + f" but family '{cfg.model.family}' cannot weight examples (allowed: 1, set with "
            "--set self_training.weight=1 or in the config, or a family such as tfidf-linear, "
            "embedding-linear, ensemble of those)",
            source=source,
        )
