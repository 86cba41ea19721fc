"""Chunked, resumable output for long prediction runs.

A run writes its chunks as Parquet files ``part-00000.parquet``, ... in a
parts folder beside the output (``.NAME.parts/``), each written atomically
(temporary name, then rename), with a ``manifest.json`` saying what run they
belong to (model, inputs, unit level, chunk size). When every chunk is done
they are merged, streaming, into the output file (JSONL, CSV or Parquet by
suffix) and the parts folder is removed; an output path without a suffix is
a folder of Parquet shards and stays one.

An interrupted run leaves only complete chunks; ``resume=True`` checks the
manifest and skips the chunks already written.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from classify.errors import ClassifyError, option
from classify.store import atomic_write_text

OUTPUT_SUFFIXES = (".jsonl", ".json", ".csv", ".parquet")
MANIFEST = "manifest.json"
# Where a finished Parquet output keeps the key of the run that wrote it.
RUN_KEY = b"classify.run_key"


def _differs(name: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """What differs between two runs' keys, in words: the model, the input
    files, or a setting with its two values."""
    if name in ("model", "model_sha"):
        return "another model: another folder, or the folder was trained again since"
    if name == "inputs":
        return "other input files, or the files changed since"
    return f"the setting '{name}' differs: {old.get(name)!r} then, {new.get(name)!r} now"


def finished_key(path: Path) -> dict[str, Any] | None:
    """The run key a finished Parquet output was written with, or None
    (no such file, not Parquet, or written by something else)."""
    if not path.is_file():
        return None
    try:
        import pyarrow.parquet as pq

        raw = (pq.read_schema(path).metadata or {}).get(RUN_KEY)
        return json.loads(raw) if raw else None
    except (OSError, ValueError, ImportError):
        return None


# Whole numbers, null where they do not apply (``paragraph`` of a whole row).
INTEGER_COLUMNS = ("position", "paragraph", "n_units", "read_sentence")
# Lists of strings even in a chunk where every value is null.
LIST_COLUMNS = ("sources",)


def output_kind(path: Path) -> str:
    """``jsonl``, ``csv``, ``parquet`` (one file) or ``shards`` (a folder of
    Parquet files: a path with no suffix or an existing folder).

    Raises ClassifyError for any other suffix."""
    suffix = path.suffix.lower()
    if path.is_dir() and suffix in OUTPUT_SUFFIXES:
        # The suffix names a file's format: a folder of that name is not one.
        raise ClassifyError(
            f"is a folder, and '{suffix}' names a file; give a file path that is not a folder, "
            f"or a path without a suffix for a folder of Parquet shards",
            source=path,
        )
    if path.is_dir() or suffix == "":
        return "shards"
    if suffix in (".jsonl", ".json"):
        return "jsonl"
    if suffix in (".csv", ".parquet"):
        return suffix[1:]
    raise ClassifyError(
        "output must end in .jsonl, .csv or .parquet (or be a folder for Parquet shards)",
        source=path,
    )


def to_arrow(rows: Sequence[Mapping[str, Any]] | Any, types: Mapping[str, Any] | None = None):
    """A pyarrow Table from rows (or a DataFrame) with stable column types:
    ``p_*`` columns float64, :data:`INTEGER_COLUMNS` int64, lists of
    strings (and ``sources``) as ``list<string>``, everything else string. Stable types let
    chunks written separately be merged into one Parquet file."""
    import pyarrow as pa

    if hasattr(rows, "to_dict"):
        rows = rows.to_dict(orient="records")
    columns: list[str] = list(dict.fromkeys(k for r in rows for k in r))
    arrays = {}
    for name in columns:
        values = [r.get(name) for r in rows]
        if types and name in types:
            kind = types[name]
        elif name.startswith("p_"):
            kind = pa.float64()
        elif name in INTEGER_COLUMNS:
            kind = pa.int64()
        elif name in LIST_COLUMNS or any(isinstance(v, list) for v in values):
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        values = [_clean(v, kind) for v in values]
        arrays[name] = pa.array(values, type=kind)
    return pa.table(arrays)


def _clean(value: Any, kind: Any) -> Any:
    import math

    import pyarrow as pa

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == pa.string() and not isinstance(value, str):
        return str(value)
    if kind == pa.int64():
        return int(value)
    return value


class ChunkStore:
    """The parts folder of one run (see the module docstring).

    ``key`` describes the run (JSON-able); with ``resume`` a folder written
    by the same run is kept and its finished chunks skipped, and one written
    by another run is an error. Without ``resume`` an old parts folder is
    removed first.
    """

    def __init__(self, out: Path, key: Mapping[str, Any], *, resume: bool = False):
        self.out = Path(out)
        self.kind = output_kind(self.out)
        self.dir = (
            self.out if self.kind == "shards" else self.out.parent / f".{self.out.name}.parts"
        )
        self.key = json.loads(json.dumps(dict(key), default=str))
        self.reused = 0
        self.written = 0
        # A Parquet output this same run already finished (its key is in the
        # file's metadata): resuming has nothing left to do.
        self.complete = (
            resume
            and self.kind == "parquet"
            and not self.dir.exists()
            and finished_key(self.out) == self.key
        )
        if self.complete:
            return
        finished = (
            finished_key(self.out)
            if resume and self.kind == "parquet" and not self.dir.exists()
            else None
        )
        if finished is not None:
            # A finished output of another run (another input, model or
            # setting): resuming would replace it.
            name = next(
                k
                for k in sorted(set(finished) | set(self.key))
                if finished.get(k) != self.key.get(k)
            )
            raise ClassifyError(
                f"was written by another run ({_differs(name, finished, self.key)}); pass "
                f"{option('overwrite', True)} instead of {option('resume', True)} to replace it",
                source=self.out,
            )
        manifest = self.dir / MANIFEST
        if self.dir.exists() and not resume:
            if self.kind == "shards" and any(self.dir.iterdir()) and not manifest.is_file():
                raise ClassifyError(
                    "exists and is not a folder of classify shards; refusing to write into it",
                    source=self.dir,
                )
            shutil.rmtree(self.dir)
        if resume and manifest.is_file():
            old = json.loads(manifest.read_text(encoding="utf-8")).get("key", {})
            for name in sorted(set(old) | set(self.key)):
                if old.get(name) != self.key.get(name):
                    raise ClassifyError(
                        f"the chunks here come from another run ({_differs(name, old, self.key)}); "
                        f"pass {option('overwrite', True)} instead of {option('resume', True)} "
                        "to start over (it removes them)",
                        source=self.dir,
                    )
        self.dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(manifest, json.dumps({"key": self.key, "complete": False}, indent=2))

    def part(self, index: int) -> Path:
        return self.dir / f"part-{index:05d}.parquet"

    def done(self, index: int) -> bool:
        return self.part(index).is_file()

    def write(self, index: int, table: Any) -> None:
        """Write chunk ``index`` (a pyarrow Table) atomically."""
        self.write_file(self.part(index), table)
        self.written += 1

    def write_file(self, path: Path, table: Any) -> None:
        """Write a pyarrow Table to ``path`` as Parquet, atomically."""
        import pyarrow.parquet as pq

        tmp = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:8]}"
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    def parts(self) -> list[Path]:
        return sorted(self.dir.glob("part-*.parquet"))

    def finish(self) -> Path:
        """Merge the chunks into the output (streaming, one chunk in memory
        at a time) and remove the parts folder; for shards, mark the folder
        complete. Returns the output path."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        parts = self.parts()
        if self.kind == "shards":
            atomic_write_text(
                self.dir / MANIFEST,
                json.dumps({"key": self.key, "complete": True, "parts": len(parts)}, indent=2),
            )
            return self.out
        self.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.out.parent / f".{self.out.name}.tmp-{uuid.uuid4().hex[:8]}"
        try:
            if self.kind == "parquet":
                schema = _merged_schema([pq.read_schema(p) for p in parts])
                schema = schema.with_metadata(
                    {**(schema.metadata or {}), RUN_KEY: json.dumps(self.key, sort_keys=True)}
                )
                with pq.ParquetWriter(tmp, schema) as writer:
                    for p in parts:
                        writer.write_table(_conform(pq.read_table(p), schema))
                if not parts:
                    pq.write_table(pa.table({}), tmp)
            else:
                with tmp.open("w", encoding="utf-8", newline="") as handle:
                    header: list[str] | None = None
                    for p in parts:
                        frame = pq.read_table(p).to_pandas()
                        header = _write_text_chunk(handle, frame, self.kind, header)
            os.replace(tmp, self.out)
        finally:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.out


def _merged_schema(schemas: list[Any]):
    """One schema for all chunks: the union of their columns in order of
    first appearance (a keep-column missing from a chunk is null there)."""
    import pyarrow as pa

    fields: dict[str, Any] = {}
    for schema in schemas:
        for f in schema:
            if f.name not in fields or pa.types.is_null(fields[f.name].type):
                fields[f.name] = f
    return pa.schema(list(fields.values()))


def _conform(table: Any, schema: Any):
    import pyarrow as pa

    columns = []
    for f in schema:
        if f.name in table.column_names:
            columns.append(table.column(f.name).cast(f.type))
        else:
            columns.append(pa.nulls(len(table), type=f.type))
    return pa.table(columns, schema=schema)


def _write_text_chunk(handle, frame, kind: str, header: list[str] | None) -> list[str]:
    """Append one chunk to an open JSONL or CSV file; CSV lists are joined
    with ``;``, an empty list is ``[]`` (what the readers take for "no
    label", where an empty cell would be unlabelled), and the header (the
    first chunk's columns) written once."""
    import numpy as np
    import pandas as pd

    # Parquet's int64 with gaps comes back from pandas as float: whole again.
    frame = whole_numbers(frame)

    def plain(v: Any) -> Any:
        if v is pd.NA:
            return None
        if isinstance(v, np.ndarray):
            return [plain(x) for x in v.tolist()]
        if isinstance(v, (np.floating, np.integer)):
            return v.item()
        if isinstance(v, float) and v != v:
            return None
        return v

    if kind == "jsonl":
        for record in frame.to_dict(orient="records"):
            clean = {k: plain(v) for k, v in record.items()}
            handle.write(json.dumps(clean, ensure_ascii=False) + "\n")
        return header or list(frame.columns)
    import csv

    columns = header or list(frame.columns)
    writer = csv.writer(handle, lineterminator="\n")
    if header is None:
        writer.writerow(columns)
    for record in frame.to_dict(orient="records"):
        cells = []
        for c in columns:
            v = plain(record.get(c))
            if isinstance(v, list):
                # An empty label set is "[]" (no topic, not unlabelled); an
                # empty list of outlets is an empty cell (none known).
                v = ";".join(map(str, v)) if v else "" if c in LIST_COLUMNS else "[]"
            if isinstance(v, float):
                v = repr(round(v, 6))
            cells.append("" if v is None else v)
        writer.writerow(cells)
    return columns


def read_predictions(path: str | Path, columns: Sequence[str] | None = None) -> Any:
    """A predictions file or folder written by ``classify predict`` as a
    DataFrame (``pd.read_parquet`` cannot read a folder of shards with its
    ``manifest.json``).

    Args:
        path: a JSONL, CSV or Parquet file, or a folder of Parquet shards.
        columns: read only these columns (Parquet).

    Returns:
        One row per unit: ``id``, ``article_id``, ``text``, the label
        column, ``p_LABEL`` columns and the metadata; ``paragraph``,
        ``position`` and ``n_units`` as pandas' nullable ``Int64``.

    Raises:
        ClassifyError: the path is missing or of another kind.
    """
    path = Path(path)
    if not path.exists():
        raise ClassifyError("predictions file not found", source=path)
    if path.is_dir() and (path / MANIFEST).is_file():
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None
        if isinstance(manifest, dict) and manifest.get("complete") is False:
            # A run that stopped part-way: its shards are not all the units.
            n = len(list(path.glob("part-*.parquet")))
            raise ClassifyError(
                f"holds the unfinished predictions of a run that stopped ({n} chunk(s) "
                "written): finish it with predict's --resume (resume=True), or predict again",
                source=path,
            )
    return _plain_lists(whole_numbers(_read_predictions(path, columns)))


def _plain_lists(frame: Any) -> Any:
    """List cells (labels, outlets) as Python lists, as JSONL gives them:
    Parquet gives numpy arrays, on which ``==`` and ``json.dumps`` differ."""
    for column in frame.columns:
        if frame[column].dtype != object:
            continue
        cells = frame[column].tolist()
        if any(hasattr(c, "tolist") and not isinstance(c, str) for c in cells):
            frame[column] = [
                c.tolist() if hasattr(c, "tolist") and not isinstance(c, str) else c for c in cells
            ]
    return frame


def whole_numbers(frame: Any) -> Any:
    """``frame`` with its :data:`INTEGER_COLUMNS` as pandas' nullable
    ``Int64`` (``<NA>`` where a value does not apply), so a column with
    gaps reads the same from JSONL, CSV and Parquet, not as float NaN."""
    import pandas as pd

    for name in INTEGER_COLUMNS:
        if name in frame.columns:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
    return frame


def label_lists(frame: Any) -> Any:
    """A CSV of predictions with its multilabel column back as lists, as
    JSONL and Parquet give it: the column whose cells are ``[]`` or
    ``;``-joined names of its ``p_LABEL`` columns (``"a;b"``, ``"a"``);
    and ``sources`` (an item's outlets, ``"Reuters;AP"``) as lists too."""
    labels = {c[2:] for c in frame.columns if str(c).startswith("p_")}

    def names(cell: Any) -> list[str] | None:
        if not isinstance(cell, str):
            return None
        if cell.strip() == "[]":
            return []
        parts = [p.strip() for p in cell.split(";")]
        return parts if all(p in labels for p in parts) else None

    for column in LIST_COLUMNS:
        # Lists of their own (each item's outlets), ";"-joined as the labels are.
        if column in frame.columns:
            frame[column] = [
                ([] if c.strip() == "[]" else [p.strip() for p in c.split(";") if p.strip()])
                if isinstance(c, str)
                else []
                if c is None or (isinstance(c, float) and c != c)
                else c
                for c in frame[column].tolist()
            ]
    for column in frame.columns:
        if (
            str(column).startswith("p_")
            or column in LIST_COLUMNS
            or frame[column].dtype.kind in "biufcmM"
        ):
            continue
        cells = frame[column].tolist()
        parsed = [names(c) for c in cells]
        # Multilabel: every filled cell is a label list, and one at least is
        # not a single name ([] or a;b); a multiclass column stays text.
        filled = [p for c, p in zip(cells, parsed) if isinstance(c, str)]
        if filled and all(p is not None for p in filled) and any(len(p) != 1 for p in filled):
            frame[column] = [p if isinstance(c, str) else c for c, p in zip(cells, parsed)]
    return frame


def _numeric_column(name: Any) -> bool:
    """Columns predict writes as numbers: probabilities and positions."""
    return str(name).startswith("p_") or name in ("paragraph", "position", "n_units")


def _read_predictions(path: Path, columns: Sequence[str] | None):
    import pandas as pd

    # A folder is read as shards whatever its name (Spark writes x.parquet/).
    kind = "shards" if path.is_dir() else output_kind(path)
    if kind in ("parquet", "shards"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        def table(file: Path) -> Any:
            try:
                return pq.read_table(file, columns=columns).to_pandas()
            except (pa.ArrowInvalid, OSError) as exc:
                # A truncated copy, or another file under a .parquet name.
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                if columns and "FieldRef" in first:
                    raise ClassifyError(
                        f"lacks a column of {', '.join(columns)} ({first})", source=file
                    ) from None
                raise ClassifyError(f"not a readable Parquet file ({first})", source=file) from None

        if kind == "shards":
            files = sorted(path.glob("part-*.parquet"))
            if not files:
                raise ClassifyError("folder holds no .parquet shards", source=path)
            return pd.concat([table(f) for f in files], ignore_index=True)
        return table(path)
    if kind == "csv":
        # Ids and other text as written ("007", "2.0"), as Parquet keeps them:
        # only probabilities and positions are numbers.
        header = pd.read_csv(path, nrows=0).columns
        text = {c: str for c in header if not _numeric_column(c)}
        # Only an empty cell is missing: "NA" (Namibia), "None", "nan" are text.
        return label_lists(
            pd.read_csv(
                path, dtype=text, keep_default_na=False, na_values={c: [""] for c in header}
            )
        )
    try:
        # No type guessing (ids "007" stay text, dates stay as written) and
        # probabilities as written (0.932405, not 0.9324049999999999).
        return pd.read_json(path, lines=True, dtype=False, precise_float=True)
    except ValueError as exc:
        raise ClassifyError(f"not a JSONL predictions file ({exc})", source=path) from None


def check_output(out: str | os.PathLike[str], *, overwrite: bool, resume: bool = False) -> None:
    """Refuse, before any work, to replace an existing output of a
    streamed run: a ``.jsonl``/``.csv``/``.parquet`` file, or a folder of
    shards. ``resume`` continues an unfinished shards folder (resume is not
    overwrite); a finished one is replaced only with ``overwrite``.

    Args:
        out: the output file or shards folder.
        overwrite: whether an existing output may be replaced.
        resume: whether an unfinished one is continued.

    Raises:
        ClassifyError: the output exists and may not be replaced, naming
            the argument (``overwrite=True`` / ``--overwrite``) that would.
    """
    import contextlib

    from classify.store import check_writable, must_be_path

    must_be_path(out, "out")
    out = Path(out)
    kind = output_kind(out)
    if kind == "shards" and out.is_file():
        # A name without a suffix is a folder of shards; a file has it.
        raise ClassifyError(
            f"exists and is a file; {option('out')} without a suffix names a folder of Parquet "
            "shards, and a file is never replaced by one: give another name, or a file name "
            "ending in .jsonl, .csv or .parquet",
            source=out,
        )
    if kind == "shards" and out.is_dir() and resume:
        manifest = out / MANIFEST
        with contextlib.suppress(OSError, ValueError):
            if not json.loads(manifest.read_text(encoding="utf-8")).get("complete"):
                return
    parts = out.parent / f".{out.name}.parts" if kind != "shards" else out
    if resume and kind != "shards" and (parts / MANIFEST).is_file():
        # An interrupted run, an --overwrite one whose finished output is
        # still there included: resumed, it replaces that when it finishes.
        return
    done = sorted(parts.glob("part-*.parquet")) if parts.is_dir() else []
    if kind == "shards" and done:
        # A finished shards folder's parts are its output, not kept chunks.
        with contextlib.suppress(OSError, ValueError):
            if json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("complete"):
                done = []
    if not done or resume or overwrite:
        check_writable(out, overwrite=overwrite)
    # (Before "already exists": an interrupted --overwrite of a finished
    # output left chunks that --resume finishes, and --overwrite would lose.)
    if done and not resume and not overwrite:
        # An interrupted run's finished chunks are work too: not thrown
        # away without being asked.
        raise ClassifyError(
            f"an interrupted run left {len(done)} complete chunk(s) in {parts}: pass "
            f"{option('resume', True)} to continue it or {option('overwrite', True)} to "
            "start over",
            source=out,
        )
