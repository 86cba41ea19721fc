"""Reading YAML and validating mappings into dataclasses.

The lowest layer of configuration: config files, task files and the model
folder's ``model.json`` parameters are all checked here, so a wrong key or
value stops with one line naming the file, the dotted key and what is
allowed. It imports nothing from ``classify`` but the error type, so every
other module may use it (``tasks``, ``models``, ``store`` and ``config``
alike) without an import circle.
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml

from classify.errors import ClassifyError


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, except that a value shaped like a date but not a
    real day (``2024-13-01``, ``2024-02-30``) stays a string, so the key's
    own check names the key instead of YAML raising ``ValueError``."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    # YAML keeps the last of two equal keys without a word, so a block
    # appended to a config would silently replace the one above it.
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            continue
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key '{key}' is written twice (lines {seen[key]} and "
                f"{key_node.start_mark.line + 1}); keep one",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return yaml.constructor.SafeConstructor.construct_yaml_map(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
# YAML 1.1, which PyYAML follows, reads `1e-9` as a string (its floats need a
# dot: `1.0e-9`); YAML 1.2 and every other reader take it as a number, and a
# tolerance written that way should not fail as "not a number".
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def load_yaml_text(text: str) -> Any:
    """``yaml.safe_load`` of ``text``, with an impossible date kept as text.

    Raises:
        yaml.YAMLError: invalid YAML.
    """
    return yaml.load(text, Loader=_Loader)


def key_line(path: str | Path, dotted: str, *, written: bool = False) -> int | None:
    """The line (1-based) where the dotted key ``dotted`` (``model.params.C``;
    a number indexes a list: ``data.unlabelled.0`` or ``protocols[1].cv``) is
    written in the YAML file ``path``; where only its last part is missing, the
    line of the mapping it belongs in (``data:`` for a missing ``data.path``),
    unless ``written`` (the key itself or None); None where the file writes
    neither or cannot be read."""
    try:
        node: Any = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = None
    dotted = re.sub(r"\[(\d+)\]", r".\1", dotted)  # "protocols[1].cv" as well
    for part in dotted.split("."):
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if str(k.value) == part), None)
            if found is None:
                last = part == dotted.split(".")[-1]
                return line if line is not None and last and not written else None
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
        else:
            return None
    return line


# A dotted key as messages quote it: "key 'model.params.C'".
_QUOTED_KEY = re.compile(r"\bkeys? '([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*)'")


def with_key_line(error: ClassifyError, *, written: bool = False) -> ClassifyError:
    """``error`` with the line of the first key it names in the YAML file it
    is about (``configs/x.yaml:line 12: ...``), where it names a key written
    there (with ``written``, only the key itself, not the mapping it would
    go in: a value given on the command line is on no line); else ``error``
    itself."""
    if error.where or not error.source or Path(error.source).suffix not in (".yaml", ".yml"):
        return error
    for key in _QUOTED_KEY.findall(error.message):
        line = key_line(error.source, key, written=written)
        if line is not None:
            return ClassifyError(error.message, source=error.source, where=f"line {line}")
    return error


# Suffixes of files, not folders: an output folder named so was meant as a file.
FILE_SUFFIXES = (
    ".json", ".jsonl", ".md", ".html", ".csv", ".tsv", ".parquet", ".txt", ".png", ".pdf",
    ".xlsx", ".yaml", ".yml",
    # What a model or dataset file is often called elsewhere.
    ".pkl", ".pickle", ".joblib", ".pt", ".pth", ".bin", ".onnx", ".safetensors", ".h5",
    ".npz", ".npy", ".arrow", ".zip", ".gz", ".tgz", ".tar",
)  # fmt: skip


# The project's own configs (a source checkout, as the README installs it).
SHIPPED_CONFIGS = Path(__file__).resolve().parents[1] / "configs"


def _shipped_config(path: Path, shipped: Path) -> Path | None:
    """The project's config that a relative ``path`` not found here names:
    under ``shipped`` (the clone's ``configs/``) by the path as given, by the
    path below a leading ``configs/``, with ``.yaml`` added, or by file name
    anywhere below; None where none is, or ``path`` is absolute."""
    if path.is_absolute() or not shipped.is_dir():
        return None
    parts = path.parts[1:] if path.parts[:1] == ("configs",) else path.parts
    tail = Path(*parts) if parts else path
    for candidate in (tail, tail.with_name(tail.name + ".yaml")):
        if (shipped / candidate).is_file():
            return shipped / candidate
    names = {tail.name, tail.name + ".yaml"}
    found = sorted(p for p in shipped.rglob("*.yaml") if p.name in names)
    return found[0] if len(found) == 1 else None


def shipped_config(path: str | Path) -> Path | None:
    """The project's config that ``path`` names where it is not found as
    given (:func:`_shipped_config` under the clone's ``configs/``), or None."""
    return _shipped_config(Path(path), SHIPPED_CONFIGS)


def config_by_name(path: str | Path) -> Path:
    """``path``, or, where it is a bare name (no folder, no file of that
    name here), the project's config of that name: ``topic-tfidf`` is
    ``configs/topic-tfidf.yaml``, as a shipped task is named. A path with a
    folder is never redirected (a missing one is an error that names the
    project's config of that name)."""
    path = Path(path)
    if path.exists() or len(path.parts) != 1:
        return path
    return _shipped_config(path, SHIPPED_CONFIGS) or path


def read_yaml(path: str | Path, *, what: str = "config file") -> dict[str, Any]:
    """The mapping at the top of the YAML file ``path``; ``what`` names the
    kind of file in the error for a missing one ("task file").

    Raises:
        ClassifyError: the file is missing, not UTF-8, not valid YAML (the
            line is named), empty, or not a mapping.
    """
    path = Path(path)
    if path.is_dir():
        article = "an" if what[:1] in "aeiou" else "a"
        raise ClassifyError(f"a folder, not {article} {what} (give the YAML file)", source=path)
    if not path.is_file():
        # A name given from outside the clone: the project's config of that
        # name (configs/x.yaml, x.yaml, x, examples/x.yaml).
        shipped = _shipped_config(path, SHIPPED_CONFIGS) if what == "config file" else None
        hint = f"; the project's config of that name is {shipped}" if shipped else ""
        raise ClassifyError(f"{what} not found{hint}", source=path)
    try:
        raw = load_yaml_text(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ClassifyError("not UTF-8 text", source=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ClassifyError(f"invalid YAML: {problem}", source=path, where=where) from None
    if raw is None:
        raise ClassifyError(f"{what} is empty", source=path)
    if not isinstance(raw, dict):
        article = "an" if what[:1] in "aeiou" else "a"
        raise ClassifyError(f"{article} {what} must be a mapping of keys to values", source=path)
    return raw


def relative_to_file(value: str | None, config_path: str | Path) -> str | None:
    """A path written in the config file ``config_path``, resolved from that
    file's folder (absolute paths and ``~`` as written); ``None`` for an
    empty value. Every path in every config is read this way, so a config
    means the same files from any working folder."""
    if value is None or value == "":
        return None
    p = Path(str(value)).expanduser()
    if p.is_absolute():
        return str(p)
    return os.path.normpath(Path(config_path).parent / p)


def check_keys(raw: Any, allowed: set[str] | frozenset[str], key: str, *, source: object) -> None:
    """Check that ``raw`` (at dotted ``key``) is a mapping whose keys are all
    in ``allowed``.

    Raises:
        ClassifyError: ``raw`` is not a mapping, or names every unknown key
            and the allowed ones.
    """
    if not isinstance(raw, Mapping):
        raise ClassifyError(f"key '{key}' must be a mapping", source=source)
    if message := unknown_keys(raw, allowed, key):
        raise ClassifyError(message, source=source)


def unknown_keys(raw: Iterable[Any], allowed: Iterable[str], key: str = "") -> str | None:
    """The message for the keys of ``raw`` not in ``allowed`` (under the
    dotted ``key``; "" at the top level): every one named, the allowed
    ones listed, and for each the allowed key it most likely meant (the
    same in another case, or near in spelling: "textcolumn" for
    "text_column"), as :func:`from_mapping` says it; None where there is
    none."""
    import difflib

    allowed = sorted(map(str, allowed))
    bad = sorted(set(map(str, raw)) - set(allowed))
    if not bad:
        return None

    def dotted(name: str) -> str:
        return f"{key}.{name}" if key else name

    meant = {
        b: close[0]
        for b in bad
        if (
            close := [a for a in allowed if a.casefold() == b.casefold()]
            or difflib.get_close_matches(b, allowed, n=1, cutoff=0.8)
        )
    }
    hint = (
        ("; did you mean " + ", ".join(
            f"'{dotted(fix)}'" + (f" for '{dotted(b)}'" if len(bad) > 1 else "")
            for b, fix in meant.items()
        ) + "?")
        if meant
        else ""
    )  # fmt: skip
    hint += device_hint(bad + (_inner_keys(raw, bad) if isinstance(raw, Mapping) else []))
    return f"unknown {_keys_named([dotted(b) for b in bad])} (allowed: {', '.join(allowed)}){hint}"


def device_hint(keys: Iterable[Any]) -> str:
    """ "; there is no device setting: ..." where an unknown key is one a
    user of other tools sets for the hardware (``device``, ``fp16``); ""."""
    if not any(str(k).rsplit(".", 1)[-1].casefold() in _DEVICE_KEYS for k in keys):
        return ""
    # A researcher with a GPU looks for a device setting: there is none to set.
    return (
        "; there is no device setting: a GPU is used where PyTorch sees one (bf16 where it "
        "supports it), and CUDA_VISIBLE_DEVICES= before the command keeps it on the CPU"
    )


def _inner_keys(raw: Mapping[Any, Any], names: Iterable[Any]) -> list[str]:
    """The keys inside each unknown section ``names`` of ``raw``, at any
    depth (a ``training:`` section of another tool's config holding
    ``fp16``, or ``hf: {training_args: {fp16: true}}``)."""
    out: list[str] = []
    for name in names:
        if isinstance(value := raw.get(name), Mapping):
            out += [str(k) for k in value] + _inner_keys(value, list(value))
    return out


# Keys a user coming from other tools sets for the hardware (README, GPU).
_DEVICE_KEYS = frozenset(
    {"device", "devices", "cuda", "gpu", "gpus", "use_cuda", "use_gpu", "no_cuda", "n_gpu",
     "fp16", "bf16", "mixed_precision"}
)  # fmt: skip


def _keys_named(keys: list[str]) -> str:
    """ "key 'a'" or "keys 'a', 'b' and 'c'": every unknown key of a
    section, so that one run of the fix finds them all."""
    quoted = [f"'{k}'" for k in keys]
    if len(quoted) == 1:
        return f"key {quoted[0]}"
    return f"keys {', '.join(quoted[:-1])} and {quoted[-1]}"


def _meant_key(
    name: Any, prefix: str, fields: Mapping[str, Any], hints: Mapping[str, Any]
) -> str | None:
    """The dotted key an unknown ``name`` (under ``prefix``) most likely
    meant: a key of a section written one level up ("unit:" for
    "data.unit"), else one of ``fields`` that differs in case or spelling
    ("c" for "C", "word_ngram" for "word_ngrams"); None where none is near."""
    import difflib

    key = f"{prefix}.{name}" if prefix else str(name)
    sections = {
        field: [f.name for f in dataclasses.fields(hints[field])]
        for field in fields
        if dataclasses.is_dataclass(hints.get(field))
    }
    inside = [field for field, names in sections.items() if name in names]
    if inside:
        return f"{key.rsplit(str(name), 1)[0]}{inside[0]}.{name}"
    same = [f for f in fields if f.casefold() == str(name).casefold()]
    close = same or difflib.get_close_matches(str(name), list(fields), n=1, cutoff=0.8)
    if close:
        return f"{f'{prefix}.' if prefix else ''}{close[0]}"
    # "data.test_sise": "data.split.test_size", misspelt one level up.
    for field, names in sections.items():
        if near := difflib.get_close_matches(str(name), names, n=1, cutoff=0.8):
            return f"{f'{prefix}.' if prefix else ''}{field}.{near[0]}"
    return None


def build_params(family: type, params: Mapping[str, Any], *, source: object = "params") -> Any:
    """``family.Params`` (a dataclass) from the mapping ``params``, keys
    named ``model.params.KEY`` in errors.

    Raises:
        ClassifyError: an unknown key, a missing one, or a value of the wrong
            type, naming ``source``.
    """
    return from_mapping(family.Params, params, source=source, prefix="model.params")


def from_mapping(cls: type, raw: Any, *, source: object, prefix: str = "") -> Any:
    """Build dataclass ``cls`` from the mapping ``raw``, checking keys and
    value types against the dataclass's annotations (nested dataclasses,
    ``Literal`` choices, lists, optionals, numbers, text).

    Args:
        cls: the dataclass to build; a field named ``source`` is never read.
        raw: the mapping, as read from YAML or JSON.
        source: what errors name (a file path, or a phrase).
        prefix: the dotted key of ``raw`` itself, for error messages.

    Raises:
        ClassifyError: ``raw`` is not a mapping, has an unknown or missing
            key, or a value of the wrong type; the message names the dotted
            key and what is allowed.
    """
    where = prefix or "(top level)"
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source"}
    if not isinstance(raw, Mapping):
        # "data.split=random": name the keys it holds, so the fix is in sight.
        inner = ", ".join(f"'{prefix}.{name}'" for name in fields) if prefix else ""
        raise ClassifyError(
            f"key '{where}' must be a mapping" + (f" of keys ({inner})" if inner else ""),
            source=source,
        )
    unknown = sorted(set(raw) - set(fields), key=str)
    hints = typing.get_type_hints(cls)
    if unknown:
        keys = [f"{prefix}.{name}" if prefix else str(name) for name in unknown]
        meant = {
            key: fix
            for name, key in zip(unknown, keys, strict=True)
            if (fix := _meant_key(name, prefix, fields, hints))
        }
        if len(keys) == 1:
            hint = f"; did you mean '{meant[keys[0]]}'?" if meant else ""
        else:
            hint = (
                "; did you mean "
                + ", ".join(f"'{fix}' for '{key}'" for key, fix in meant.items())
                + "?"
                if meant
                else ""
            )
        raise ClassifyError(
            f"unknown {_keys_named(keys)} (allowed: {', '.join(sorted(fields)) or 'none'})"
            + hint
            + device_hint(keys + _inner_keys(raw, unknown)),
            source=source,
        )
    values = {}
    for name, value in raw.items():
        key = f"{prefix}.{name}" if prefix else name
        values[name] = _coerce(hints[name], value, key=key, source=source)
    missing = [
        n
        for n, f in fields.items()
        if n not in values
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        key = f"{prefix}.{missing[0]}" if prefix else missing[0]
        raise ClassifyError(f"missing key '{key}'", source=source)
    for name, value in values.items():
        allowed = _out_of_bounds(value, fields[name].metadata)
        if allowed:
            key = f"{prefix}.{name}" if prefix else name
            raise ClassifyError(f"key '{key}' is {value!r} (allowed: {allowed})", source=source)
    try:
        return cls(**values)
    except ClassifyError as exc:
        # A check across keys (__post_init__) names the file too.
        if exc.source is None:
            raise ClassifyError(str(exc), source=source) from None
        raise


def bounded(default: Any, **bounds: float) -> Any:
    """A dataclass field with ``default`` whose value :func:`from_mapping`
    checks against ``bounds``: ``min`` (inclusive), ``above`` (exclusive),
    ``below`` (exclusive), ``max`` (inclusive); None always passes."""
    return dataclasses.field(default=default, metadata=bounds)


def _out_of_bounds(value: Any, bounds: Mapping[str, Any]) -> str | None:
    """What is allowed, where ``value`` is outside ``bounds`` (:func:`bounded`); else None."""
    if value is None or not bounds or isinstance(value, bool):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        # NaN compares false with everything, and no setting is infinite.
        value = float("nan")
    lo, above = bounds.get("min"), bounds.get("above")
    hi, below = bounds.get("max"), bounds.get("below")
    ok = value == value and (
        (lo is None or value >= lo)
        and (above is None or value > above)
        and (hi is None or value <= hi)
        and (below is None or value < below)
    )
    if ok:
        return None
    low = f"{lo}" if lo is not None else f"above {above}" if above is not None else None
    high = f"{hi}" if hi is not None else f"below {below}" if below is not None else None
    if low and high:
        return f"from {low} to {high}"
    if lo is not None:
        return f"{lo} or more"
    if low:
        return low
    return f"at most {hi}" if hi is not None else high


def quoted_number(value: Any) -> str:
    """', a string: write it without quotes (5)' where ``value`` is a number
    written in quotes (YAML reads ``"5"`` as text), else ''."""
    if not isinstance(value, str):
        return ""
    try:
        float(value.strip())
    except ValueError:
        return ""
    return f", a string: write it without quotes ({value.strip()})"


_NULL_IS_NONE = frozenset({"class_weight", "calibration", "quantize"})


def _coerce(hint: Any, value: Any, *, key: str, source: object) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        # A value of one of the types itself is taken as that type first
        # (min_df: int | float keeps 1.0 a share, not the count 1).
        for arg in sorted(args, key=lambda a: a is not type(value)):
            if arg is type(None):
                continue
            try:
                return _coerce(arg, value, key=key, source=source)
            except ClassifyError as exc:
                errors.append(exc)
        raise errors[0]
    if origin is Literal:
        if value is None and "none" in args and key.rpartition(".")[2] in _NULL_IS_NONE:
            # YAML's null and Python's None (scikit-learn's class_weight=None)
            # for a choice whose 'none' applies nothing; where 'none' is a
            # choice among others (a split, a grouping) null stays refused.
            return "none"
        if value not in args:
            allowed = ", ".join(str(a) for a in args)
            shown = f"'{value}'" if isinstance(value, str) else "null" if value is None else value
            raise ClassifyError(f"key '{key}' is {shown} (allowed: {allowed})", source=source)
        return value
    if dataclasses.is_dataclass(hint):
        if isinstance(value, hint):
            return value
        return from_mapping(hint, value or {}, source=source, prefix=key)
    if origin in (list, tuple, Sequence):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise ClassifyError(f"key '{key}': expected a list, got {value!r}", source=source)
        inner = args[0] if args else Any
        items = [_coerce(inner, v, key=f"{key}.{i}", source=source) for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin in (dict, Mapping):
        if not isinstance(value, Mapping):
            raise ClassifyError(f"key '{key}': expected a mapping, got {value!r}", source=source)
        return dict(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise ClassifyError(
                f"key '{key}': expected true or false, got {value!r}", source=source
            )
        return value
    if hint is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)  # 1e3, as YAML 1.2 reads it, is a whole number
        if isinstance(value, bool) or not isinstance(value, int):
            raise ClassifyError(
                f"key '{key}': expected an integer, got {value!r}{quoted_number(value)}",
                source=source,
            )
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ClassifyError(
                f"key '{key}': expected a number, got {value!r}{quoted_number(value)}",
                source=source,
            )
        return float(value)
    if hint is str:
        if isinstance(value, (dict, list)):
            raise ClassifyError(f"key '{key}': expected text, got {value!r}", source=source)
        return str(value)
    return value
