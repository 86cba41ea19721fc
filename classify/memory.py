"""Data in memory: lists of texts, pandas objects and Hugging Face datasets.

The Python API (:mod:`classify.api`) takes these wherever it takes paths.
They are turned into the same table rows a JSONL file gives, and those rows
go through the same readers (:func:`classify.articles.row_to_article`), so a
DataFrame is read exactly as the JSONL file with the same rows would be:

* a list (or tuple) of strings, or a pandas ``Series`` of strings: one text
  per item;
* a pandas ``DataFrame``: the text in the column ``text_column`` (default
  ``text``), gold labels in the columns named by the tasks' ``field``
  (``topics``, ``stance``), ids in ``id_column`` when the frame has it, and
  ``date``, ``source``, ``title`` ... as in a JSONL row;
* a Hugging Face ``datasets.Dataset`` (its rows, ``ClassLabel`` values as
  their names) or ``DatasetDict`` (every split, each unit keeping its split
  name, so ``train``/``test`` are used as the train and test sides).

Without an id column a unit's id is its position (``"0"``, ``"1"``, ...;
``"train-0"`` in a ``DatasetDict``), or for a pandas ``Series`` or
``DataFrame`` its index label where the index names each row once (a
frame filtered to rows 5, 17 and 42 gives ids ``"5"``, ``"17"``, ``"42"``),
and errors name the row by its index label: ``DataFrame:row 3: row has no
text in column 'text'``.

A list of strings is read as paths only when every item names an existing
file or folder, or looks like one (no spaces, a data file suffix); pass
:class:`pathlib.Path` objects to say so explicitly.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from classify.errors import ClassifyError, a_type, column_list, in_cli, option
from classify.tables import ReadOptions, option_hint

# Suffixes that make a space-free string look like a path, not a text.
_PATH_SUFFIXES = (
    ".jsonl", ".csv", ".tsv", ".txt", ".html", ".htm", ".mht", ".mhtml", ".json", ".parquet"
)  # fmt: skip


def _module_of(data: Any) -> str:
    return type(data).__module__.split(".")[0]


def is_pandas(data: Any) -> bool:
    """True for a pandas ``Series`` or ``DataFrame``."""
    return _module_of(data) == "pandas" and type(data).__name__ in ("Series", "DataFrame")


def is_hf_dataset(data: Any) -> bool:
    """True for a Hugging Face ``Dataset`` or ``DatasetDict``."""
    return _module_of(data) == "datasets" and type(data).__name__ in ("Dataset", "DatasetDict")


def one_split(
    data: Any,
    *,
    advice: str = "predict on one: data['test']",
    source: Any = None,
    saved: bool = False,
) -> Any:
    """The split of a ``DatasetDict`` that has one (nothing to choose);
    anything else as it is. ``saved``: it was read from a folder.

    Raises:
        ClassifyError: a ``DatasetDict`` with no split, or several (``advice``
            says what to pass instead).
    """
    if not (is_hf_dataset(data) and type(data).__name__ == "DatasetDict"):
        return data
    if len(data) == 1:
        return next(iter(data.values()))
    if not len(data):
        raise ClassifyError("the DatasetDict has no splits: nothing to predict", source=source)
    many = f"the saved DatasetDict has {len(data)}" if saved else "a DatasetDict has several"
    raise ClassifyError(f"{many} splits ({', '.join(data)}); {advice}", source=source)


def exists(path: str | Path, *, file: bool = False) -> bool:
    """Whether ``path`` names an existing file (``file``) or file or folder.

    A text may stand where a path could: a news paragraph is one path
    component longer than the 255 bytes a file name may have, and asking the
    file system about it raises ``OSError`` (ENAMETOOLONG) or ``ValueError``
    (a NUL character); such a string names nothing, so the answer is False.
    """
    if not str(path).strip():
        return False  # Path("") is the working folder; "" names nothing
    try:
        return Path(path).is_file() if file else Path(path).exists()
    except (OSError, ValueError):
        return False


def not_found(path: str | Path) -> ClassifyError:
    """The error for a source that names no file, with a hint where it
    reads as a word given as a text ("Sanctions"): a bare string without
    spaces is a path."""
    name = str(path)
    word = name.strip() and not any(c in name for c in "/\\.") and len(name) < 100
    hint = f" (to label it as a text, pass a list: ['{name}'])" if word and not in_cli() else ""
    if not in_cli() and " " in name.strip() and not any(c in name for c in "/\\"):
        # A text where a path goes: a generator of texts is read as paths.
        hint = (
            " (a text, not a file? texts go in a list, or a generator of them through "
            "list(...): classify.predict(model, list(texts)))"
        )
    if in_cli() and " " in name.strip() and not any(c in name for c in "/\\"):
        # A sentence typed where a file goes: the command reads files only.
        hint = (
            " (inputs are files or folders; to label a few texts, write them to a .csv "
            "with a 'text' column, or a .jsonl with a 'text' field per line, and pass that)"
        )
    return ClassifyError(f"file not found{hint}", source=path)


def _looks_like_path(item: str) -> bool:
    if "\n" in item or len(item) > 400 or not item.strip():
        return False
    if exists(item):
        return True
    return " " not in item and item.lower().endswith(_PATH_SUFFIXES)


def one_text(data: Any) -> Any:
    """``[data]`` where ``data`` is a single string that reads as a text
    (it has spaces, names no existing file and has no data suffix, as
    "Talks resumed on Friday."), so ``predict(model, "...")`` labels it;
    a numpy array of texts as a list (:func:`as_texts`); ``data`` unchanged
    otherwise (a path, or anything else)."""
    data = as_texts(data)
    if isinstance(data, str) and not data.strip():
        # "" is no path either (Path("") is the working folder, whose files
        # would be read as the corpus).
        raise ClassifyError("texts must not be blank; the text given is empty")
    text = (
        isinstance(data, str)
        and " " in data.strip()
        and not _looks_like_path(data)
        and not data.lower().endswith(_PATH_SUFFIXES)
    )
    return [data] if text else data


def paths_only(
    value: Any,
    name: str,
    *,
    advice: str = "write it to a file first (df.to_csv('gold.csv', index=False)) and pass its path",
    what: str = "file paths",
) -> None:
    """Refuse data in memory where only paths are read (gold files,
    predictions files, model folders): iterating a DataFrame gives its
    column names, which were then read as file names.

    Raises:
        ClassifyError: naming the argument and how to pass the data."""
    items = value if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if is_pandas(item) or is_hf_dataset(item):
            raise ClassifyError(
                f"{option(name, 'PATH')} takes {what}, not {a_type(item)}: {advice}"
            )


def _is_array(data: Any) -> bool:
    return type(data).__name__ == "ndarray" and hasattr(data, "tolist")


def _is_pandas_vector(data: Any) -> bool:
    """A pandas Index, Categorical or extension array (``series.values`` of
    strings is an ``ArrowStringArray`` under pandas 3): texts in order."""
    if type(data).__module__.split(".")[0] != "pandas":
        return False
    import pandas as pd

    return isinstance(data, (pd.Index, pd.Categorical, pd.api.extensions.ExtensionArray))


def as_texts(data: Any) -> Any:
    """A numpy array of texts, or a pandas Index, Categorical or array, as a
    list (as a list of texts is read); anything else as it is.

    Raises:
        ClassifyError: an array of more than one dimension.
    """
    if _is_pandas_vector(data):
        return list(data)
    if not _is_array(data):
        return data
    if data.ndim == 0:
        return data.item()  # np.array("one text"): that text
    if data.ndim != 1:
        raise ClassifyError(
            f"an array of shape {tuple(data.shape)} is not a list of texts; pass a 1-D array "
            "or a list"
        )
    return data.tolist()


def is_in_memory(data: Any) -> bool:
    """Whether ``data`` is data itself (texts, a pandas object, a Hugging
    Face dataset), not one or more paths.

    Raises:
        ClassifyError: a list mixing texts and paths.
    """
    if data is None or isinstance(data, (str, Path)):
        return False
    if is_pandas(data) or is_hf_dataset(data):
        return True
    if isinstance(data, Mapping):
        # Iterating a dict gives its keys: {id: text} would be read as ids.
        raise ClassifyError(
            "a dict is not data (iterating it gives its keys); pass list(d.values()) for "
            "texts, pd.Series(d) to keep the keys as the index, or pd.DataFrame(d) for a "
            "dict of columns (a text column and, to evaluate, a label column)"
        )
    if isinstance(data, (set, frozenset)):
        raise ClassifyError("a set has no order to give results back in; pass a list")
    # A generator or other iterator (Path.glob) is read as paths: a
    # generator of texts gets not_found's hint to pass a list.
    if _is_array(data):
        return is_in_memory(as_texts(data))
    if isinstance(data, (list, tuple)):
        if not data:
            return False
        bad = next((i for i, x in enumerate(data) if not isinstance(x, (str, Path))), None)
        if bad is not None:
            raise ClassifyError(
                "a list of inputs must hold texts or paths (str or pathlib.Path); item "
                f"{bad} is {'missing (None, NaN or NA)' if is_missing(data[bad]) else type(data[bad]).__name__}"
            )
        explicit = [isinstance(x, Path) for x in data]
        paths = [e or _looks_like_path(x) for e, x in zip(explicit, data, strict=True)]
        if all(paths):
            return False
        # A text that merely looks like a file name ("report.csv") among
        # texts is a text; a Path object, a file that exists or a path with
        # a folder in it ("data/items.jsonl", a typo's likely victim) is a path.
        found = [
            e or exists(x) or (p and ("/" in x or os.sep in x))
            for e, p, x in zip(explicit, paths, data, strict=True)
        ]
        if any(found):
            first = data[found.index(True)]
            raise ClassifyError(
                f"the list mixes texts and paths (first path: {str(first)!r}); "
                "give texts or paths, not both (texts that name files: pass a pandas Series)"
            )
        return True
    return False


def is_missing(value: Any) -> bool:
    """Whether a cell is missing (None, NaN, ``pd.NA`` or ``NaT``), not a
    value of a wrong type."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    # pandas' own missing markers, named by type so that pandas is not imported.
    return type(value).__name__ in {"NAType", "NaTType"}


def describe(data: Any) -> str:
    """A short name for in-memory data (``DataFrame``, ``list``,
    ``Dataset``...), used as its origin in errors and reports; a path's text
    otherwise."""
    if is_in_memory(data):
        name = type(data).__name__
        return f"{name} of {len(data)} texts" if isinstance(data, (list, tuple)) else name
    if isinstance(data, (str, Path)):
        return str(data)
    return ", ".join(str(p) for p in data)


def _plain(value: Any) -> Any:
    """A pandas/numpy/arrow cell as a plain Python value (NaN and NaT as None,
    arrays as lists)."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()  # numpy scalars and arrays
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, tuple):
        return list(value)
    return value


def _nan_like(value: Any) -> bool:
    """A NaN or ``pd.NA`` cell (what pandas reads an empty CSV cell as),
    not ``None``."""
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ == "NAType"


def _hf_rows(ds: Any) -> list[dict[str, Any]]:
    """Rows of a Hugging Face ``Dataset``, ``ClassLabel`` codes as names
    (-1, an unlabelled item, as None)."""
    from datasets import ClassLabel
    from datasets import Sequence as Seq

    decoders: dict[str, Any] = {}
    for name, feature in ds.features.items():
        if isinstance(feature, ClassLabel):
            decoders[name] = lambda v, f=feature: None if v is None or v < 0 else f.int2str(v)
        elif isinstance(feature, (Seq, list)):
            inner = feature.feature if isinstance(feature, Seq) else feature[0]
            if isinstance(inner, ClassLabel):
                decoders[name] = lambda v, f=inner: None if v is None else [f.int2str(x) for x in v]
    rows = []
    for row in ds:
        rows.append({k: decoders[k](v) if k in decoders else v for k, v in row.items()})
    return rows


def memory_rows(
    data: Any,
    options: ReadOptions | None = None,
    empty_cells: Sequence[str] = (),
    *,
    notes: bool = True,
) -> tuple[str, list[tuple[dict[str, Any], str]], list[Any], list[str] | None]:
    """In-memory data as table rows.

    ``notes=False`` reads the rows without the once-per-table warnings (a
    second look at data already read, as when results are keyed like it).

    In a DataFrame, a NaN (or ``pd.NA``) in a column of ``empty_cells`` (the
    label columns) is an empty cell, ``""``, as in the CSV that
    ``pd.read_csv`` made it from: an empty topics cell beside a filled
    stance is "no topic" there; ``None`` stays missing (JSON ``null``), and
    so does a NaN in a column of lists (``pd.read_json`` of rows that lack
    the key).

    Returns:
        ``(origin, rows, index, splits)``: the data's name, each row with its
        ``row N`` (N the index label or position), the index label of each
        row (what a result keyed like the input uses), and the split of each
        row for a ``DatasetDict`` (else None).

    Raises:
        ClassifyError: a DataFrame without the text column (naming the
            columns it has and the ``text_column`` argument), or data of a
            kind not listed in the module docstring.
    """
    options = options or ReadOptions()
    text_column, id_column = options.text_column, options.id_column
    data = as_texts(data)
    origin = type(data).__name__
    splits: list[str] | None = None
    if isinstance(data, (list, tuple)):
        records = [{text_column: t} for t in data]
        index: list[Any] = list(range(len(data)))
    elif is_pandas(data) and type(data).__name__ == "Series":
        records = [{text_column: _plain(t)} for t in data.tolist()]
        index = list(data.index)
    elif is_pandas(data):
        from classify.columns import has_column

        if not has_column(list(data.columns), text_column):
            head = text_column.split(".")[0]
            nested = "." in text_column and has_column(list(data.columns), head)
            raise ClassifyError(
                f"the DataFrame has no '{text_column}' column (columns: "
                f"{column_list(data.columns)}); "
                + (
                    f"its '{head}' column holds nested records: flatten them with "
                    f"pd.json_normalize(df.to_dict('records')), which names their fields "
                    f"as dotted columns ('{text_column}'), or read the JSONL file itself"
                    if nested
                    else _text_column_hint(text_column, list(data.columns), options)
                )
            )
        columns = [str(c) for c in data.columns]
        if notes:
            _warn_dates_made_days(data)
        # A label column of lists came from JSON (pd.read_json, a list of
        # dicts): there a NaN is a key the row lacks, JSON's missing value,
        # not an empty CSV cell.
        wanted = {f.casefold() for f in empty_cells}
        empty = {
            c.strip().casefold()
            for j, c in enumerate(columns)
            if c.strip().casefold() in wanted
            and not any(
                isinstance(v, (list, tuple)) or type(v).__name__ == "ndarray"
                for v in data.iloc[:1000, j].tolist()
            )
        }
        records = [
            {
                c: "" if c.strip().casefold() in empty and _nan_like(v) else _plain(v)
                for c, v in zip(columns, values)
            }
            for values in data.itertuples(index=False, name=None)
        ]
        index = list(data.index)
        if id_column not in columns and data.index.name == id_column:
            # df.set_index("id"): the ids are the index, not the positions.
            for record, label in zip(records, index):
                record[id_column] = _plain(label)
    elif is_hf_dataset(data) and type(data).__name__ == "DatasetDict":
        records, index, splits = [], [], []
        from classify.columns import column_named

        for name, ds in data.items():
            part = _hf_rows(ds)
            # An id column in another case ("ID") is the ids, read below as a
            # file's is; positions only where the split has none.
            own = column_named(part[0], id_column) if part else None
            for i, row in enumerate(part):
                if own is None or row.get(own) in (None, ""):
                    row.setdefault(own or id_column, f"{name}-{i}")
            records += part
            index += [f"{name}-{i}" for i in range(len(part))]
            splits += [name] * len(part)
    elif is_hf_dataset(data):
        records = _hf_rows(data)
        index = list(range(len(records)))
    else:
        raise ClassifyError(
            f"cannot read data of type {type(data).__name__} (give paths, a list of texts, "
            "a pandas Series or DataFrame, or a Hugging Face Dataset)"
        )
    from classify.columns import forget_noted

    # Each object read is a table of its own for the once-per-table notes.
    if notes:
        forget_noted(origin)
    if records:
        # Named as in a file: "Text", "text ", "ID" stand for text and id.
        from classify.columns import known_columns

        # The date column named in options stays under its name ("published"
        # would stand for "date"), as in a file.
        known = {text_column, id_column, *([options.date_column] if options.date_column else [])}
        records = [known_columns(r, known) for r in records]
    if records and text_column not in records[0]:
        names = column_list(records[0])
        raise ClassifyError(
            f"the {origin} has no '{text_column}' column (columns: {names}); "
            + _text_column_hint(text_column, list(records[0]), options)
        )
    tabular = (is_pandas(data) and type(data).__name__ != "Series") or is_hf_dataset(data)
    if (
        tabular
        and records
        and not options.id_column_optional
        and id_column not in records[0]
        and type(data).__name__ != "DatasetDict"
    ):
        # As for a file: a configured id column that is not there is an error,
        # not row positions in its place.
        raise ClassifyError(
            f"the {origin} has no '{id_column}' column (columns: {column_list(records[0])}); "
            "name its id column with "
            f"{option_hint('id_column', example='NAME') or 'the data.id_column setting'}, or give the "
            "ids as the index, named so (df.set_index(NAME))"
        )
    # Where the data has an id column, a row missing its id is named as a
    # file's row is (FILE-LINE), never by a number another row may hold.
    has_ids = any(record.get(id_column) not in (None, "") for record in records)
    # A pandas object's rows are named by its index where that names each row
    # once, so a written prediction file joins back to a filtered frame
    # (index 5, 17, 42) by its ids, as the returned Series does by its index.
    names = _index_names(data) if is_pandas(data) else None
    if notes and is_pandas(data) and names is None and not has_ids and not _default_index(data):
        from classify.errors import warn

        warn(
            f"the {origin}'s index names two rows alike once written as text, or has a "
            "missing label, so predictions written to a file (out=, a model folder's "
            "predictions.jsonl) name its rows by position (0, 1, ...), not by the index "
            "(results returned here keep the index); give each row its own label "
            "(df.reset_index()) to join written results back",
            stacklevel=4,
            once="index-positions",
        )
    if notes and tabular and records and not has_ids and type(data).__name__ != "DatasetDict":
        _note_own_ids(origin, records[0], names is not None)
    rows = []
    # An index that names two rows alike (pd.concat without ignore_index)
    # names a row in messages by its position too.
    repeated = len(set(map(str, index))) < len(index)
    unnamed: list[str] = []
    for position, (record, label) in enumerate(zip(records, index)):
        if record.get(id_column) in (None, ""):
            record[id_column] = (
                f"{origin}-{position}" if has_ids else names[position] if names else str(position)
            )
            if has_ids:
                unnamed.append(record[id_column])
        rows.append((record, f"row {label} (position {position})" if repeated else f"row {label}"))
    if notes and unnamed:
        from classify.errors import warn

        many = len(unnamed) != 1
        warn(
            f"the {origin}: {len(unnamed)} row{'s' * many} {'have' if many else 'has'} no id "
            f"in the '{id_column}' column and {'are' if many else 'is'} named by "
            f"{'their' if many else 'its'} position ({', '.join(unnamed[:3])}"
            f"{', ...' if len(unnamed) > 3 else ''}); give every row an id to join "
            "predictions back by it",
            stacklevel=4,
        )
    return origin, rows, index, splits


def _note_own_ids(origin: str, first: dict[str, Any], by_index: bool) -> None:
    """Say that rows without ids are named by the index (or position), as
    a file's are by FILE-LINE: with an article id column ("Article ID")
    beside them, which is read as each row's article, not its id."""
    from classify.columns import (
        UNIT_COLUMNS,
        note_article_id_column,
        note_id_like_column,
        standard_column,
    )

    note_id_like_column(
        Path(origin), first, rows_named="by the index" if by_index else "by position"
    )
    if any(standard_column(k, UNIT_COLUMNS) == "article_id" for k in first):
        note_article_id_column(
            Path(origin), first, rows_named="by the index" if by_index else "by position"
        )
        # Said here; the row reader sees ids on every row and says nothing.


def _default_index(data: Any) -> bool:
    """Whether a pandas object's index is its positions (0..n-1)."""
    import pandas as pd

    index = data.index
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def _index_names(data: Any) -> list[str] | None:
    """A pandas object's index labels as unit ids (as ``index.astype(str)``
    writes them, so a join on that finds them), or None where they cannot
    name each row once: a missing label, or two labels alike once written
    and trimmed (``1`` and ``"1"``, ``"a"`` and ``"a "``)."""
    index = data.index
    if index.nlevels > 1:
        # A MultiIndex's rows are tuples: ('a', 1).
        names = [str(v).strip() for v in index.to_flat_index()]
    elif index.hasnans:
        return None
    else:
        names = [str(v).strip() for v in index.astype(str)]
    if "" in names or len(set(names)) < len(names):
        return None
    return names


def _warn_dates_made_days(frame: Any) -> None:
    """Warn where a DataFrame's date column holds timestamps at midnight,
    far more of them on the first of a month than chance gives: pandas turns a year-only or
    year-month date ("2017", "2017-06") into a day when it parses dates
    (``read_json`` does for a column named ``date`` even with ``dtype={"date":
    str}``), and a day then counts in January or in that month alone."""
    import pandas as pd

    from classify.columns import standard_column
    from classify.errors import warn

    for column in frame.columns:
        if standard_column(column, {"date"}) != "date" and str(column) != "date":
            continue
        values = frame[column]
        if not pd.api.types.is_datetime64_any_dtype(values):
            continue
        days = values.dropna()
        if len(days) < 2 or not (days == days.dt.normalize()).all():
            continue
        firsts = int((days.dt.day == 1).sum())
        # News falls on the 1st of a month about one day in 30; twice that
        # and more than chance allows (three standard deviations of a
        # Poisson count) are dates pandas completed, even a tenth of them.
        expected = len(days) / 30.4
        if firsts >= 2 and firsts > 2 * expected + 3 * expected**0.5:
            warn(
                f"the DataFrame's '{column}' column holds timestamps, {firsts} of {len(days)} "
                f"on the first of a month (about {max(1, round(expected))} expected): if the "
                "data wrote years or months ('2017', "
                "'2017-06'), pandas made them days, which count in January or in that month "
                "alone; read the column as text to keep their precision "
                "(pd.read_json(..., lines=True, dtype=False); pd.read_csv(..., "
                "dtype={'date': str}))",
                stacklevel=4,
            )
            return


def memory_articles(
    data: Any, options: ReadOptions | None = None, label_fields: Sequence[str] = ()
) -> Iterator[tuple[Any, Any]]:
    """The rows of in-memory data as articles, through the table-row reader
    (:func:`classify.articles.row_to_article`), each with its index label.

    A bad row (no text, an unreadable date) raises a ClassifyError naming
    the row, or is left out under ``options.on_error == "skip"``.
    """
    from classify.articles import LABEL_FIELDS, named_date_column, row_to_article, with_date_column

    options = options or ReadOptions()
    fields = tuple(label_fields) or LABEL_FIELDS
    origin, rows, index, _ = memory_rows(data, options, empty_cells=fields)
    if named_date_column(options):
        rows = with_date_column(rows, Path(origin), options)
    seen: dict[str, str] = {}
    # A list of texts (or a Series) has no columns to name in a message.
    texts_only = isinstance(data, (list, tuple)) or type(data).__name__ == "Series"
    column = f"row has no text in column '{options.text_column}'"
    for (row, where), label in zip(rows, index):
        try:
            article = row_to_article(row, Path(origin), where, options, fields)
        except ClassifyError as exc:
            if texts_only and exc.message.startswith(column):
                exc = ClassifyError(
                    "the text is empty" + exc.message[len(column) :],
                    source=exc.source,
                    where=exc.where,
                )
            options.handle(exc)
            continue
        if article.id in seen:
            options.handle(
                ClassifyError(
                    f"duplicate id '{article.id}' (first at {seen[article.id]})",
                    source=origin,
                    where=where,
                )
            )
            continue
        seen[article.id] = where
        yield article, label


def ids_by_position(data: Any, options: ReadOptions | None = None) -> bool:
    """Whether the ids of in-memory ``data`` are its row positions (a list of
    texts, a Series, a DataFrame or Dataset without the id column), which
    name no unit outside this one object."""
    from classify.columns import has_column

    id_column = (options or ReadOptions()).id_column
    if isinstance(data, (list, tuple)):
        return True
    if is_pandas(data):
        # An index of the user's own labels, each row once, names the rows
        # (as predictions join back on it); 0..n-1 is positions.
        own_index = not _default_index(data) and _index_names(data) is not None
        if type(data).__name__ == "Series":
            return not own_index
        # df.set_index("id"): the index holds the ids (memory_rows); an "ID"
        # column is the id column, as in a file.
        named = data.index.name == id_column
        return not named and not has_column(list(data.columns), id_column) and not own_index
    if is_hf_dataset(data) and type(data).__name__ == "DatasetDict":
        return any(not has_column(ds.column_names, id_column) for ds in data.values())
    if is_hf_dataset(data):
        return not has_column(data.column_names, id_column)
    return False


def fingerprint(data: Any, options: ReadOptions | None = None) -> str:
    """A content hash of in-memory data (its rows as JSON, read with
    ``options``: its text column), so a resumed prediction run over a
    DataFrame knows it is the same one."""
    import hashlib
    import json

    _, rows, _, _ = memory_rows(data, options, notes=False)
    digest = hashlib.sha256()
    for row, _where in rows:
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def _text_column_hint(text_column: str, columns: Sequence[Any], options: ReadOptions) -> str:
    """How to name the text column of data without ``text_column``: the
    name given checked against the columns, or the model's own named."""
    import difflib

    names = [str(c) for c in columns]
    close = difflib.get_close_matches(text_column, names, n=1, cutoff=0.6)
    guess = f": did you mean '{close[0]}'?" if close else ""
    name_it = f"name this data's text column with {option('text_column', 'NAME')}"
    if "text_column" in options.given:
        return f"{option('text_column', text_column)} names none{guess}"
    guess = f" (did you mean '{close[0]}'?)" if close else ""
    if options.over_model and text_column != "text":
        return f"'{text_column}' held the texts of the model's training data: {name_it}{guess}"
    if text_column != "text":
        return f"the text column set (data.text_column) is '{text_column}': {name_it}{guess}"
    return f"name the text column with {option('text_column', 'NAME')}{guess}"
