"""Reading a corpus lazily: articles one at a time, units in chunks.

:func:`classify.articles.read_articles` returns a list, which is right for
training sets and wrong for a pool of a million news items. Here the same
readers are driven one article at a time: a folder yields its files in name
order, a JSONL file is read line by line and a CSV/TSV file row by row, so
memory holds one chunk of units, never the corpus.

Each unit comes as a row (a dict) that keeps its article's metadata (id,
date, source, title, author, dateline, site, section) and any extra input
columns asked for, so predictions can be grouped by month, outlet or speaker
without a join.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from classify.articles import (
    ARTICLE_SUFFIXES,
    LABEL_FIELDS,
    Article,
    _file_of,
    _read_source,
    _where_of,
    articles_of_rows,
    folder_files,
    is_table_row,
    nothing_read,
)
from classify.columns import column_named
from classify.errors import ClassifyError, column_list, warn
from classify.tables import (
    TABLE_SUFFIXES,
    ReadOptions,
    WrittenFloat,
    WrittenInt,
    iter_parquet,
    json_constant,
    json_problem,
    not_text,
    stream_codec,
    table_rows,
    with_nested_keys,
)

# The unit levels of a corpus: those of classify.units plus quotes with speakers.
CORPUS_LEVELS = ("article", "paragraph", "sentence", "quote")
# The article metadata every prediction row keeps, in this order.
# ``source`` is the first outlet an item cites, ``sources`` all of them (a
# list, None where no outlet is known).
META_COLUMNS = ("date", "source", "sources", "title", "author", "dateline", "site", "section")
# The ``level`` of a unit that is a whole table row (the README's "row").
ROW_LEVEL = "row"


def iter_articles(
    sources: Any,
    options: ReadOptions | None = None,
    label_fields: Sequence[str] = LABEL_FIELDS,
) -> Iterator[Article]:
    """Articles of files and folders, one at a time, in the order
    :func:`classify.articles.read_articles` gives them; or the rows of
    in-memory data (:mod:`classify.memory`).

    Raises ClassifyError (naming the file and line) for a missing source, an
    empty folder, a bad row or a duplicate id, unless ``options.on_error`` is
    ``skip``; and when no article was read at all.
    """
    from classify.memory import is_in_memory, memory_articles

    options = options or ReadOptions()
    if is_in_memory(sources):
        yield from (a for a, _ in memory_articles(sources, options, label_fields))
        return
    paths = [Path(s) for s in sources]
    if not paths:
        raise ClassifyError("no article sources given")
    seen: dict[str, str | None] = {}
    count = 0
    fields = tuple(label_fields)
    from classify.articles import GIVEN_FILES

    # Files given by path are read: a folder above them does not count them
    # as left out (as read_articles says it). Set around each folder's first
    # step only, as a generator's context is its caller's.
    given = GIVEN_FILES.get() | {p.resolve() for p in paths if p.is_file()}
    # Files whose skipping would leave nothing get no skip hint.
    from classify.tables import SOLE_FILE, sole_files

    sole_file = sole_files(paths)
    for path in paths:
        token = GIVEN_FILES.set(given)
        sole = SOLE_FILE.set(sole_file)
        try:
            source = _iter_source(path, options, fields)
            first = next(source, None)
        finally:
            SOLE_FILE.reset(sole)
            GIVEN_FILES.reset(token)
        if first is None:
            continue
        for article in itertools.chain([first], source):
            if article.id in seen:
                from classify.articles import duplicate_id_hint

                first = seen[article.id]
                options.handle(
                    ClassifyError(
                        f"duplicate id '{article.id}'"
                        + (f" (first in {first})" if first else "")
                        + duplicate_id_hint(article.id, first, article.path)
                        + ("; the first is kept" if options.on_error == "skip" else ""),
                        source=_file_of(article.path),
                        where=_where_of(article.path),
                    )
                )
                continue
            seen[article.id] = article.path
            count += 1
            yield article
    if not count:
        raise nothing_read(paths, options)


def _iter_source(path: Path, options: ReadOptions, fields: tuple[str, ...]) -> Iterator[Article]:
    """A folder or article file through the article readers (one file in
    memory at a time); a table row by row."""
    from classify.memory import exists, not_found

    if not exists(path):
        raise not_found(path)
    suffix = path.suffix.lower()
    if path.is_dir() or suffix not in TABLE_SUFFIXES:
        yield from _read_source(path, options, fields)
        return
    if suffix == ".jsonl":
        rows = _jsonl_rows(path, options)
    elif suffix == ".parquet":
        rows = iter_parquet(path, required=(options.text_column,))
    else:
        rows = _csv_rows(path, options)
    yield from articles_of_rows(rows, path, options, fields)


def _open(path: Path, options: ReadOptions):
    # As the whole-file reader: a BOM (UTF-8 or UTF-16) decides where no
    # encoding is given, and is not read as text; a legacy one-byte encoding
    # is for the files that are not UTF-8.
    return path.open(encoding=stream_codec(path, options.encoding), newline="")


def _jsonl_rows(path: Path, options: ReadOptions) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a JSONL file read line by line (``line N`` with each)."""
    number = 0
    with _open(path, options) as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"line {number}"
                try:
                    row = json.loads(
                        line,
                        parse_float=WrittenFloat,
                        parse_int=WrittenInt,
                        parse_constant=json_constant,
                    )
                except json.JSONDecodeError as exc:
                    options.handle(
                        ClassifyError(
                            f"not valid JSON ({json_problem(exc)})", source=path, where=where
                        )
                    )
                    continue
                if not isinstance(row, dict):
                    options.handle(
                        ClassifyError("each line must be a JSON object", source=path, where=where)
                    )
                    continue
                yield with_nested_keys(row), where
        except UnicodeDecodeError:
            raise ClassifyError(
                _not_text(options, path), source=path, where=f"line {number + 1}"
            ) from None


def _csv_rows(path: Path, options: ReadOptions) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a CSV/TSV file read row by row (``line N`` where each starts),
    as the whole-file reader reads them (:func:`classify.tables.table_rows`)."""
    with _open(path, options) as handle:
        try:
            yield from table_rows(
                handle,
                path=path,
                delimiter=options.delimiter,
                required=(options.text_column,),
                options=options,
            )
        except UnicodeDecodeError:
            raise ClassifyError(_not_text(options, path), source=path) from None


def _not_text(options: ReadOptions, path: Path) -> str:
    """The message for a file that does not decode, with the first bad
    byte's offset, as the whole-file reader gives it."""
    import codecs

    codec = options.encoding or "utf-8"
    decoder = codecs.getincrementaldecoder(codec)()
    offset = None
    with open(path, "rb") as f:
        read = 0
        # Streamed in blocks, as corpus files may be large.
        while block := f.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                offset = read + exc.start
                break
            read += len(block)
    from classify.tables import guess_encoding

    with open(path, "rb") as f:
        head = f.read(1 << 18)
        # The line and the bytes there are counted from the file's start, so
        # the whole of it where that is not much (an error, not a hot path).
        f.seek(0)
        whole = f.read() if path.stat().st_size <= 1 << 28 else None
    data = whole if whole is not None else head
    return not_text(options.encoding, offset, guess_encoding(head), data)


def count_articles(sources: Sequence[str | Path]) -> int | None:
    """A quick estimate of how many articles the sources hold (files in
    folders, non-blank lines of JSONL, lines of CSV less the header), for a
    progress bar's total; None when a source cannot be counted cheaply."""
    total = 0
    for source in sources:
        path = Path(source)
        if path.is_dir():
            total += sum(1 for p in folder_files(path)[0] if p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.suffix.lower() == ".parquet" and path.is_file():
            import pyarrow.parquet as pq

            try:
                total += pq.ParquetFile(path).metadata.num_rows
            except Exception:
                return None
        elif path.suffix.lower() in (".jsonl", ".csv", ".tsv") and path.is_file():
            with path.open("rb") as handle:
                lines = sum(1 for line in handle if line.strip())
            total += lines - (path.suffix.lower() != ".jsonl")
        elif path.is_file():
            total += 1
        else:
            return None
    return total


def _cell(value: Any) -> Any:
    """An extra column's value as a string (JSON for lists and objects), so
    every chunk's column has one type."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def unit_rows(
    article: Article, level: str, keep_columns: Sequence[str] = (), target_field: str | None = None
) -> list[dict[str, Any]]:
    """The units of one article as rows: ``id``, ``article_id``, ``text``,
    the article's metadata (:data:`META_COLUMNS`), ``level`` (``row`` for a
    whole table row, else the unit level), ``paragraph`` (None for a whole
    article or row),
    ``position``, the columns in ``keep_columns`` (``"*"`` keeps every extra
    column of a table row), and ``speaker``, ``speaker_title``,
    ``speaker_mention`` (the attribution as written) and
    ``speaker_namesakes`` (the full names the article gives a speaker left
    as a bare surname, else empty) for quotes.

    With ``target_field`` each row also carries the article's stance target
    (key ``_target``), read from its row's column of that name.

    Raises ClassifyError when ``level`` is unknown.
    """
    if level not in CORPUS_LEVELS:
        raise ClassifyError(f"unknown unit '{level}' (allowed: {', '.join(CORPUS_LEVELS)})")
    common: dict[str, Any] = {
        # An empty list where no outlet is known, so `"AP" in sources` works.
        k: list(article.outlets) if k == "sources" else getattr(article, k)
        for k in META_COLUMNS
    }
    extra = {**article.meta, **article.labels}
    names = list(extra) if "*" in keep_columns else list(keep_columns)
    for name in (n for n in names if n not in META_COLUMNS):
        if name.startswith("?"):
            # Kept where the input has it (analyse --by country): no empty column.
            found = column_named(extra, name[1:])
            if found is not None:
                common[name[1:]] = _cell(extra[found])
            continue
        found = column_named(extra, name)
        common[name] = _cell(extra[found]) if found is not None else None
    if target_field:
        common["_target"] = extra.get(target_field)
    if level == "quote":
        from classify.quotes import extract_quotes

        return [
            {
                "id": f"{article.id}:q{q.number}",
                "article_id": article.id,
                "text": q.text,
                **common,
                "date": _paragraph_date(article, q.paragraph),
                "level": "quote",
                "paragraph": q.paragraph,
                "position": q.number - 1,
                "speaker": q.speaker,
                "speaker_title": q.title,
                "speaker_mention": q.mention,
                # Where the speaker is a surname the article gives two
                # people: analyse never reads it as one of them.
                "speaker_namesakes": list(q.namesakes),
            }
            for q in extract_quotes(article)
        ]
    from classify.units import make_units, row_parent

    whole_row = level == "article" and is_table_row(article)
    # A row of a table that names its article (an article_id column, a01:p2
    # ids) belongs to that article: pooled and resampled with it.
    parent = row_parent(article) if is_table_row(article) else None
    return [
        {
            "id": u.id,
            "article_id": parent[0] if parent else u.article_id,
            "text": u.text,
            **common,
            # A live blog's paragraph: its entry's date (the article's else).
            "date": u.date,
            "level": ROW_LEVEL if whole_row else u.level,
            "paragraph": u.paragraph,
            "position": u.position,
        }
        for u in make_units([article], level)  # type: ignore[arg-type]
    ]


def _paragraph_date(article: Article, paragraph: int | None) -> str | None:
    """The date of ``article``'s 1-based ``paragraph``: a live blog's entry
    date (:attr:`Article.paragraph_dates`), else the article's."""
    dates = article.paragraph_dates
    if paragraph is not None and 0 < paragraph <= len(dates) and dates[paragraph - 1]:
        return dates[paragraph - 1]
    return article.date


def iter_unit_chunks(
    sources: Any,
    *,
    level: str | None,
    chunk_size: int = 5000,
    options: ReadOptions | None = None,
    label_fields: Sequence[str] = LABEL_FIELDS,
    keep_columns: Sequence[str] = (),
    target_field: str | None = None,
    predicted: Sequence[str] = (),
    indicators: Sequence[str] = (),
) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """Chunks of unit rows (see :func:`unit_rows`) with the number of
    articles read so far. A chunk holds at least ``chunk_size`` units (the
    last may hold fewer) and ends at an article boundary, so an article is
    never split over two chunks, and the chunks are the same on every run
    over the same inputs (what makes ``--resume`` safe). ``level`` None
    keeps table rows as units and cuts articles into paragraphs.

    ``predicted`` names the label columns the model writes (``stance``): an
    input that has gold labels under one of those names, not kept by
    ``keep_columns``, gets one warning at the end saying how to keep or
    score them, since the predictions take the name and the gold would
    otherwise go without a word. ``indicators`` are the labels of a
    multilabel ``predicted`` field: gold given as a 1/0 column per label
    (``normalisation``, ``sanctions``, ...) counts too."""
    from classify.articles import is_table_row

    if chunk_size < 1:
        raise ClassifyError(f"chunk size is {chunk_size} (allowed: 1 or more)")
    rows: list[dict[str, Any]] = []
    articles = 0
    wanted = [n for n in keep_columns if n != "*" and n not in META_COLUMNS and n[:1] != "?"]
    present: dict[str, None] = {}  # the extra columns the input has
    kept = "*" in keep_columns or any(column_named(dict.fromkeys(predicted), n) for n in wanted)
    gold: dict[str, int] = {}  # predicted field -> articles with a gold label in it
    indicator_rows = 0  # rows with gold as a 1/0 column per label
    kept_indicators = "*" in keep_columns or all(
        any(n.casefold() == label.casefold() for n in wanted) for label in indicators
    )
    dropped: dict[str, int] = {}  # file -> paragraphs left out of its body
    for article in iter_articles(sources, options, label_fields):
        if n := article.meta.get("dropped_paragraphs"):
            dropped[article.path or article.id] = int(n)
        at = level or ("article" if is_table_row(article) else "paragraph")
        rows.extend(unit_rows(article, at, keep_columns, target_field))
        if wanted:
            present.update(dict.fromkeys({**article.meta, **article.labels}))
        if not kept:
            for name in predicted:
                if article.labels.get(name) is not None:
                    gold[name] = gold.get(name, 0) + 1
        if indicators and not kept_indicators and _has_indicators(article.meta, indicators):
            indicator_rows += 1
        articles += 1
        if len(rows) >= chunk_size:
            yield rows, articles
            rows = []
    if rows:
        yield rows, articles
    missing = [n for n in wanted if column_named(present, n) is None]
    if missing:
        _warn_missing_columns(missing, list(present))
    if gold:
        _warn_gold_dropped(gold)
    if indicator_rows:
        _warn_indicators_dropped(indicators, indicator_rows)
    if dropped:
        first = ", ".join(f"{f} {n}" for f, n in list(dropped.items())[:3])
        warn(
            f"{sum(dropped.values())} paragraph(s) left out of the body in {len(dropped)} "
            f"file(s), so not predicted (boilerplate, credits, web page furniture, pull quotes; {first}"
            + (", ..." if len(dropped) > 3 else "")
            + ")",
            once="predict-dropped-paragraphs",  # analyse reads its corpus once per model
        )


def _has_indicators(meta: dict[str, Any], labels: Sequence[str]) -> bool:
    """Whether a row holds a 1/0 cell under every label's name (any case):
    gold labels written as indicator columns."""
    cells = [meta.get(column_named(meta, label) or label) for label in labels]
    return all(str(c).strip() in ("0", "1", "0.0", "1.0", "True", "False") for c in cells)


def _keep_and_score(names: Sequence[str]) -> tuple[str, str]:
    """How to keep columns ``names`` in the predictions, and how to score
    the model on them, in the CLI's words or Python's."""
    from classify.errors import in_cli, option

    if in_cli():
        return option("keep_columns", ",".join(names)), "classify evaluate MODEL FILE"
    return f"keep_columns={list(names)!r}", "classify.evaluate(model, data)"


def _warn_indicators_dropped(labels: Sequence[str], rows: int) -> None:
    """One line on gold labels given as a 1/0 column per label, which the
    predictions file does not keep unless asked."""
    from classify.errors import warn

    keep, score = _keep_and_score(labels)
    warn(
        f"the input has gold labels as 1/0 columns {', '.join(repr(x) for x in labels)} "
        f"({rows} item{'s' * (rows != 1)}), which the predictions file does not keep ({keep} "
        f"keeps them); {score} scores the model on them",
        stacklevel=3,
    )


def _warn_gold_dropped(gold: dict[str, int]) -> None:
    """One line on gold labels in the input under the name the predictions
    take (``stance``), which the predictions file does not keep unless asked."""
    from classify.errors import warn

    names = list(gold)
    counted = ", ".join(f"'{n}' ({gold[n]} item{'s' if gold[n] != 1 else ''})" for n in names)
    column = "column" if len(names) == 1 else "columns"
    keep, score = _keep_and_score(names)
    warn(
        f"the input has gold labels in its {column} {counted}, where the predictions "
        f"write the model's own: they are not kept ({keep} keeps "
        f"them beside the predictions, as {', '.join(n + '_input' for n in names)}); "
        f"{score} scores the model on them",
        stacklevel=3,
    )


def read_as(name: str) -> str | None:
    """The standard column a table column of this name is read into
    (``outlet`` and ``media_name`` are ``source``, ``published`` is
    ``date``, ``Date`` is ``date``), or None."""
    from classify.columns import standard_column

    found = standard_column(name, META_COLUMNS)
    return found if found != name else None


def _warn_missing_columns(missing: Sequence[str], present: Sequence[str]) -> None:
    """One line on ``--keep-columns`` names no input row has (their cells
    are empty), naming the columns there are: on stderr in the CLI, as a
    warning in Python."""
    from classify.errors import option, warn

    mapped = {m: read_as(m) for m in missing if read_as(m)}
    missing = [m for m in missing if m not in mapped]
    have = column_list(present[:30]) + (" ..." if len(present) > 30 else "")
    standard = ", ".join(META_COLUMNS)
    parts = [f"column '{m}' is read as '{std}', kept there" for m, std in mapped.items()]
    if missing:
        parts.append(
            f"no input column {', '.join(repr(m) for m in missing)} (kept empty); the "
            f"input's own columns: {have or 'none'} (always kept: {standard})"
        )
    message = f"{option('keep_columns')}: " + "; ".join(parts)
    warn(message, stacklevel=3)
