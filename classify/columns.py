"""Which column of a table is which: the standard names read (``text``,
``date``, ``source``, ...) however a spreadsheet spells them, the names news
exports give the date, outlet and headline columns (Media Cloud, GDELT,
ProQuest, LexisNexis, Factiva), and the notes for a table whose columns say
less than it seems to (an article id column but no row ids, dates in a
column of another name).

Used by the table readers (:func:`classify.articles.row_to_article`), gold
files (:func:`classify.data.read_annotations`) and annotators' files.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from classify.dates import parse_date
from classify.errors import ClassifyError
from classify.tables import option_hint
from classify.tasks import (
    TITLE_COLUMNS,
    indicator_conflict,
    indicator_labels,
    numbered_labels,
    singular_of,
)

# Names of the date column in common news exports, read where a table has
# no ``date`` column: Media Cloud (publish_date), GDELT (SQLDATE, DATEADDED).
_DATE_COLUMNS = frozenset(
    {"publish_date", "publication_date", "pub_date", "published", "date_published"}
    | {"published_at", "published_date", "date_of_publication", "pubdate", "date_publish"}
    | {"published_on", "web_publication_date", "date_time_pub", "seendate"}
    | {"sqldate", "dateadded", "datetime"}
)


# Names of the outlet column in news exports, read as ``source`` where a
# table has none: Media Cloud (media_name), GDELT (SourceCommonName),
# ProQuest (pubtitle, "Publication title"), LexisNexis and Factiva
# ("Publication", "Source name"), and a researcher's own sheet ("paper").
_SOURCE_COLUMNS = frozenset(
    {"media_name", "sourcecommonname", "outlet", "publisher", "publication", "pubtitle"}
    | {"publication_title", "source_name", "newspaper", "paper", "outlet_name"}
)
# Names of the headline column in news exports and sheets, read as ``title``
# where a table has none.
_TITLE_COLUMNS = frozenset(TITLE_COLUMNS) - {"title"}
# How the README and notes name the date columns read.
DATE_COLUMNS = (
    "date, year, publish_date, publication_date (Publication Date), pub_date (PubDate), "
    "published, published_date, published_on, date_published, date of publication, "
    "published_at (publishedAt), date_publish, webPublicationDate, dateTimePub, seendate, "
    "datetime, SQLDATE, DATEADDED"
)
# How the README and notes name them.
OUTLET_COLUMNS = (
    "source, outlet, publisher, publication, newspaper, paper, media_name, "
    "SourceCommonName, pubtitle, source name"
)
# Columns `analyse --by` groups by, matched whatever their case ("Year",
# "Country", "Speaker" in UN General Debate tables).
GROUP_COLUMNS = frozenset({"year", "country", "speaker"})
# Columns of gold files and exports that say what a row is (data.row_parent).
UNIT_COLUMNS = frozenset({"unit", "article_id", "level"})


# What annotators' files and coding sheets call the annotator's column
# (snake-cased: "Coder", "Annotated by", "Annotator Name").
ANNOTATOR_COLUMNS = frozenset(
    {"annotator", "coder", "rater", "labeller", "labeler", "annotator_name", "annotator_id"}
    | {"coder_id", "coder_name", "rater_id", "annotated_by", "labelled_by", "labeled_by"}
    | {"coded_by"}
)


def annotator_of(row: Mapping[str, Any]) -> str | None:
    """The annotator a row of an annotators' file names, under any name
    :data:`ANNOTATOR_COLUMNS` holds in any case (``annotator``, ``Coder``,
    ``Rater``), or None where it names none."""
    for key, value in row.items():
        if value not in (None, "") and _snake(key) in ANNOTATOR_COLUMNS:
            return str(value)
    return None


def _snake(key: Any) -> str:
    """A column name folded as spreadsheets and APIs vary it: case, spaces
    around, camel case, and runs of spaces, hyphens and punctuation as one
    underscore ("Article ID" and ``ArticleID`` are ``article_id``,
    ``publishedAt`` is ``published_at``, "Pub. Date" is ``pub_date``)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(key).strip())
    return re.sub(r"[\W_]+", "_", text.lower()).strip("_")


def standard_column(key: Any, known: Collection[str]) -> str | None:
    """The known column a table column stands for: one of ``known`` named
    but for case, spaces around it or spaces and hyphens for underscores
    (``Date``, ``Topics``, `` source``, ``Article ID``, as spreadsheets write
    them; ``Unit ID`` is ``unit``), else a news export's date or outlet column
    (:data:`_DATE_COLUMNS`, :data:`_SOURCE_COLUMNS`: Media Cloud, GDELT) as
    ``date`` or ``source``; None for any other."""
    folded_key = str(key).strip().lower()
    # "Article ID", "article-id" as article_id; "Unit ID" as unit.
    joined = _snake(key)
    for name in known:
        if name.lower() in (folded_key, joined):
            return name
    if joined in ("unit_id", "unitid") and "unit" in known:
        return "unit"
    if joined in _TITLE_COLUMNS and "title" in known:
        return "title"
    if folded_key in _DATE_COLUMNS or joined in _DATE_COLUMNS:
        return "date"
    if folded_key in _SOURCE_COLUMNS or joined in _SOURCE_COLUMNS:
        return "source"
    return None


def known_columns(row: dict[str, Any], known: Collection[str]) -> dict[str, Any]:
    """``row`` with each column that stands for a known one
    (:func:`standard_column`) under the known name, where the row has no
    column of that exact name; other columns as they are."""
    if all(k in known for k in row):
        return row
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = standard_column(key, known) if key not in known else None
        if name is not None and name not in row and name not in out:
            out[name] = value
        else:
            out[key] = value
    return out


def singular_labels(row: dict[str, Any], fields: Collection[str]) -> dict[str, Any]:
    """``row`` with a label column named in the singular, as a coder's
    sheet or a gold file names it (``Topic`` for ``topics``), under the
    field's name, where the row has no column of that name. Only for
    labelled files: a corpus's own ``topic`` column (a news export's
    section) is not a label."""
    plural = {singular_of(n): n for n in fields if singular_of(n) != n}
    if not plural:
        return row
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = plural.get(_snake(key)) if key not in fields else None
        if name is not None and name not in row and name not in out:
            out[name] = value
        else:
            out[key] = value
    return out


_NOTED_ID_TABLES: set[str] = set()


def _table_key(path: Path | str) -> str:
    """What the once-per-table notes remember a table by: its path, and for
    a file its size and modification time, so a file rewritten in the same
    session (a notebook fixing its header) is noted afresh."""
    try:
        resolved = Path(path).resolve()
        stat = resolved.stat()
    except (OSError, ValueError, RuntimeError):
        return str(path)
    # Resolved: the same file named by a relative and an absolute path is one table.
    return f"{resolved}\0{stat.st_size}\0{stat.st_mtime_ns}"


_NOTED_TRUNCATED_TABLES: set[str] = set()
# The mark NewsAPI (and feeds built on it) puts where it cut a text:
# "... the talks resumed on Fri… [+2345 chars]".
TRUNCATION_MARK = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars?\]\s*$")


def note_truncated(path: Path | str) -> None:
    """Say once per table that its texts end in a truncation mark
    (``[+2345 chars]``): the text was cut by its source, and the mark (which
    a model would read as words) is taken out."""
    from classify.errors import warn

    if _table_key(path) in _NOTED_TRUNCATED_TABLES:
        return
    _NOTED_TRUNCATED_TABLES.add(_table_key(path))
    warn(
        f"{path}: texts end in a mark such as '[+2345 chars]', where their source (NewsAPI "
        "and feeds built on it) cut them: the mark is taken out, and the rest of each text "
        "is not in the file (fetch the full articles to classify them whole)",
        stacklevel=4,
    )


def forget_noted(name: str) -> None:
    """Let the once-per-table notes speak again for ``name``: data in
    memory is named by its kind ("DataFrame"), and each object read is
    another table."""
    _NOTED_ID_TABLES.discard(_table_key(name))
    _NOTED_LABEL_TABLES.discard(_table_key(name))
    _NOTED_TRUNCATED_TABLES.discard(_table_key(name))
    _NOTED_EMPTY_ID_TABLES.discard(_table_key(name))
    _DATE_ROWS_LOOKED.pop(_table_key(name), None)


def note_article_id_column(
    path: Path, written: dict[str, Any], *, rows_named: str | None = None
) -> None:
    """Say once per table that it has no id column but an article id one
    ("Article ID"): its rows are named FILE-LINE and that column says which
    article each row belongs to, where a one-row-per-article export meant
    it as the row's id. ``rows_named`` says how rows are named where that is
    not FILE-LINE (data in memory: by its index)."""
    from classify.errors import warn

    if _table_key(path) in _NOTED_ID_TABLES:
        return
    _NOTED_ID_TABLES.add(_table_key(path))
    name = next((k for k in written if standard_column(k, UNIT_COLUMNS) == "article_id"), None)
    name = str(name if name is not None else "article_id")
    # A hint only names an option the running command (or function) has.
    how = option_hint("id_column", example=name)
    named = rows_named or f"{path.stem}-LINE"
    warn(
        f"{path}: no 'id' column, so rows are named {named} and '{name}' is read as "
        "the article each row belongs to (article_id)"
        + (f"; if it names the rows, pass {how}" if how else ""),
        stacklevel=4,
        # Data in memory is read once per model by analyse and run: said once.
        once=f"article-id-column:{path}:{name}",
    )


def id_like_column(columns: Iterable[str]) -> str | None:
    """The one column whose name says it holds ids (``doc_id``, ``Item ID``,
    ``uid``), or None where there is none or more than one."""
    ids = [
        str(c)
        for c in columns
        if re.search(
            r"(?:^|[\s_-])id$|^[gu]?uid$|^key$|^identifier$|"
            # Run together in one case: DOCID, storyid, articleid.
            r"^(?:doc|document|story|article|item|record|news|post|text|row|unit|case|obs|"
            r"message|tweet|comment|speech|para|paragraph|entry)id$",
            str(c).strip().lower(),
        )
        # Written in camel case: DocID, docId, storyId.
        or re.search(r"[a-z](?:ID|Id)$", str(c).strip())
    ]
    return ids[0] if len(ids) == 1 else None


def note_id_like_column(
    path: Path, written: dict[str, Any], *, rows_named: str | None = None
) -> bool:
    """Say once per table that it has no id column but one whose name says
    it holds ids (``doc_id``, ``Item ID``, ``uid``): its rows are named
    FILE-LINE (``rows_named``: by the index, in memory) and that column is
    not read as their ids, so a prediction file would not join back to the
    researcher's documents. Returns whether there is such a column."""
    from classify.errors import warn

    name = id_like_column(k for k in written if standard_column(k, UNIT_COLUMNS) != "article_id")
    if name is None:
        return False
    if _table_key(path) in _NOTED_ID_TABLES:
        return True
    _NOTED_ID_TABLES.add(_table_key(path))
    how = option_hint("id_column", example=name)
    named = rows_named or f"{path.stem}-LINE"
    warn(
        f"{path}: no 'id' column, so rows are named {named}, not by '{name}'"
        + (f"; if '{name}' names the rows, pass {how}" if how else ""),
        stacklevel=4,
        # Data in memory is read once per model by analyse and run: said once.
        once=f"id-like-column:{path}:{name}",
    )
    return True


_NOTED_EMPTY_ID_TABLES: set[str] = set()


def note_empty_id(path: Path, where: str, column: str, named: str) -> None:
    """Say once per table that a row has an id column but no id in it (an
    empty cell, a JSON or Parquet null): it is named ``named`` after its file
    and line, as rows without an id column are, so its predictions join back
    to nothing the researcher wrote."""
    from classify.errors import warn

    if _table_key(path) in _NOTED_EMPTY_ID_TABLES:
        return
    _NOTED_EMPTY_ID_TABLES.add(_table_key(path))
    warn(
        f"{path}: {where} has no id in its '{column}' column and is named '{named}' by its "
        "place in the file, as every row without an id is (said once per table; give every "
        "row an id to join predictions back by it)",
        stacklevel=4,
    )


_NOTED_LABEL_TABLES: set[str] = set()


def note_label_columns_disagree(
    path: Path, where: str, conflict: tuple[str, list[str], list[str]]
) -> None:
    """Say once per table that a row's multilabel field column (``topics``)
    and its 1/0 column per label disagree (``conflict``, from
    :func:`classify.tasks.indicator_conflict`): the field's column is read."""
    from classify.errors import warn

    if _table_key(path) in _NOTED_LABEL_TABLES:
        return
    _NOTED_LABEL_TABLES.add(_table_key(path))
    field, named, chosen = conflict
    warn(
        f"{path}: {where} has '{field}' {_listed(named)} but its column per label says "
        f"{_listed(chosen)}; the '{field}' column is read (the label columns are kept as "
        "other columns): drop one of them, or make them agree (said once per table)",
        stacklevel=5,
    )


def label_columns(
    row: dict[str, Any],
    sets: Sequence[tuple[str, Sequence[str]]],
    path: Any,
    where: Any,
    *,
    numbered: bool = False,
) -> dict[str, Any]:
    """``row`` with a multilabel field read from a 1/0 column per label
    (:func:`classify.tasks.indicator_labels`) and, with ``numbered`` (coder
    sheets and gold files), from numbered columns (``Topic 1``, ``Topic 2``:
    :func:`classify.tasks.numbered_labels`); where the field's own column
    and the label columns disagree, said once per table
    (:func:`note_label_columns_disagree`).

    Raises:
        ClassifyError: a label column holding anything but 1/0 (yes/no,
            true/false, x, blank), naming ``path`` and ``where``.
    """
    if numbered:
        row = numbered_labels(row, sets)
    if conflict := indicator_conflict(row, sets):
        note_label_columns_disagree(path, where, conflict)
    try:
        return indicator_labels(row, sets)
    except ClassifyError as exc:
        raise ClassifyError(exc.message, source=path, where=where) from None


def _listed(labels: list[str]) -> str:
    return "[" + ", ".join(labels) + "]" if labels else "[] (no label)"


# Rows of each table looked at for a date column under another name; a table
# already named in a warning counts as fully looked at.
_DATE_ROWS_LOOKED: dict[str, int] = {}
DATE_ROWS_TO_LOOK = 20
# A value that reads as a date: ISO, numeric with slashes or dots, or with a
# month's name ("4 March 2021", "March 4, 2021", "June 2022"). Bare numbers
# (ids, counts) count only in a column whose name says it holds dates
# (_DATE_NAMED): there 20210304 is the compact ISO form.
_DATE_LIKE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
    r"|\b\d{1,2} [A-Za-z]{3,9}\.? \d{4}|\b[A-Za-z]{3,9}\.?,? (?:\d{1,2},? )?\d{4}\b"
)
_COMPACT_DATE = re.compile(
    r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:T\d{4}(?:\d{2})?Z?)?"
)
_DATE_NAMED = re.compile(r"date|day|published|issued|posted")


# When a record was made or changed, not when its text was published.
_RECORD_TIMES = frozenset(
    {"time", "created", "created_at", "updated", "updated_at", "modified", "lead_time"}
    | {"last_modified", "last_updated", "modified_at", "date_modified", "date_modify"}
    | {"date_updated", "date_created", "date_download", "downloaded_at", "scraped_at"}
    | {"crawled_at", "retrieved_at", "fetched_at", "indexed_at", "collected_at", "accessed"}
)


def note_date_like_column(
    path: Path, written: dict[str, Any], reserved: Collection[str], *, by_year: bool = False
) -> None:
    """Say once per table that it has no date column while another column's
    value reads as a date ("when": "2021-03-04"): its rows get no date (or,
    ``by_year``, only their ``year`` column's), so analysis by period leaves
    them out or puts them in a whole year, unless that column is named as
    the date column."""
    # The first rows, not only the first: a column may be empty in some.
    table = _table_key(path)
    looked = _DATE_ROWS_LOOKED.get(table, 0)
    if looked >= DATE_ROWS_TO_LOOK:
        return
    _DATE_ROWS_LOOKED[table] = looked + 1
    if "annotator" in written:
        # A gold file: its units' dates are their articles', and its time
        # is when the label was given.
        _DATE_ROWS_LOOKED[table] = DATE_ROWS_TO_LOOK
        return
    for key, value in written.items():
        if key in reserved or _snake(key) in _RECORD_TIMES:
            continue
        if isinstance(value, datetime.date):
            # A DataFrame's parsed dates (pd.read_csv(parse_dates=...)).
            value = value.isoformat()[:10]
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > 40:
            continue
        compact = _COMPACT_DATE.fullmatch(value.strip()) and _DATE_NAMED.search(_snake(key))
        if not (compact or _DATE_LIKE.search(value)):
            continue
        try:
            parse_date(value)
        except ClassifyError:
            continue
        from classify.errors import warn

        _DATE_ROWS_LOOKED[table] = DATE_ROWS_TO_LOOK
        dated = "are dated by their year alone" if by_year else "have no date"
        how = option_hint("date_column", example=str(key))
        warn(
            f"{path}: no 'date' column, so its rows {dated}; column '{key}' holds dates "
            f"({value!r}): "
            + (f"pass {how} to read them" if how else "name it 'date' to have them read"),
            stacklevel=4,
        )
        return


def has_column(row: Mapping[str, Any] | Sequence[Any], name: str) -> bool:
    """Whether ``row`` (a row, or a list of column names) has column
    ``name``, as :func:`known_columns` matches it (case, spaces, hyphens for
    underscores)."""
    return name in row or any(standard_column(k, {name}) == name for k in row)


def column_named(columns: Iterable[Any], name: str) -> Any | None:
    """The column of ``columns`` (a row, or a list of column names) that
    ``name`` names: itself, else the one column of that name in another case
    or padded with spaces (``Country`` for ``country``, ``' text '`` for
    ``text``, as the file readers strip headers); None where there is none
    or more than one."""
    names = list(columns)
    if name in names:
        return name
    same = [c for c in names if str(c).strip().casefold() == name.strip().casefold()]
    return same[0] if len(same) == 1 else None


def case_merged(keys: Sequence[str], fold: Callable[[str], str] = str.casefold) -> list[str]:
    """``keys`` with the spellings of one name that differ only in case
    (``Reuters``, ``REUTERS``; ``Le Monde``, ``le monde``) under one: the
    most frequent spelling, the first seen among equals (as datelines are
    one place whatever their case; also stance targets, ``Wind Power`` and
    ``wind power``). ``fold`` says which spellings are one name (default:
    case alone). Shape: one key per key given."""
    from collections import Counter

    counts = Counter(keys)
    best: dict[str, str] = {}
    for key in keys:
        folded = fold(key)
        if folded not in best or counts[key] > counts[best[folded]]:
            best[folded] = key
    return [best[fold(k)] for k in keys]
