"""Command-line options shared by the commands that read data (``classify``
and ``classify annotate``), and the read settings they make."""

from __future__ import annotations

from typing import Any, Literal

import typer

# How tables and text files are read; shared by the commands that read data.
TextColumnOption = typer.Option(None, help="Table column holding the text (default: text).")
IdColumnOption = typer.Option(None, help="Table column holding the item id (default: id).")
# For commands that read new data with a saved model: its own columns first.
ModelTextColumnOption = typer.Option(
    None,
    help="Table column holding the text (default: the column the model was trained on, "
    "e.g. Body; text where the model records none).",
)
ModelIdColumnOption = typer.Option(
    None,
    help="Table column holding the item id (default: the id column the model was trained "
    "with; id where the model records none).",
)
DelimiterOption = typer.Option(
    None, help="CSV delimiter (default: tab for .tsv, else sniffed from the header)."
)
EncodingOption = typer.Option(None, help="Text encoding of the files (default UTF-8).")
ColumnsOption = typer.Option(
    None,
    "--columns",
    help="Names of the columns of a CSV/TSV without a header row, comma-separated "
    "(e.g. label,title,text); its first line is then a row.",
)
OnError = Literal["stop", "skip"]
OnErrorOption = typer.Option(
    None, help="stop (default): a bad row or file stops; skip: leave it out and list it."
)

DateOrder = Literal["day-first", "month-first"]
DateOrderOption = typer.Option(
    None,
    "--date-order",
    help="Numeric dates such as 03/04/2025: day-first (default) or month-first (US spreadsheets).",
)
DateColumnOption = typer.Option(
    None,
    "--date-column",
    help="Table column holding the publication date (default: date, publish_date, "
    "published and other export names, else year).",
)
ModelDateColumnOption = typer.Option(
    None,
    "--date-column",
    help="Table column holding the publication date (default: the model's training "
    "data's, else date, publish_date, published and other export names, else year).",
)
# Where the date order came from when not given, for the error it causes.
MODEL_ORDER = "the order of the model's training data, which --date-order overrides"
# Where the model's training data set no order of its own.
DEFAULT_ORDER = "the default, which --date-order month-first overrides"
# Commands that read new data for saved models: the models' own order by default.
ModelDateOrderOption = typer.Option(
    None,
    "--date-order",
    help="Numeric dates such as 03/04/2025: day-first or month-first "
    "(default: the order of the model's training data).",
)


def auto_unit(value: str | None) -> str | None:
    """``--unit auto``: each source at its default level (table rows as they
    are, articles cut into paragraphs), as a config's ``unit: auto``."""
    return None if value == "auto" else value


def check_grouping(value: str) -> str:
    """``--by`` read as it is typed: a grouping that cannot be one (two
    periods) is a usage error (exit 2); a name near a grouping's
    (``montth``) is refused, also with exit 2, once the corpus's columns
    are known, as it may be a column of its own (``sources``)."""
    from classify.analysis import grouping_parts
    from classify.errors import ClassifyError

    try:
        grouping_parts(value, typos=False)
    except ClassifyError as exc:
        raise typer.BadParameter(exc.message) from None
    return value


def read_options(
    text_column: str | None,
    id_column: str | None,
    delimiter: str | None,
    encoding: str | None,
    on_error: str | None,
    **extra: Any,
):
    """ReadOptions from the shared options (defaults where not given)."""
    from classify.tables import ReadOptions

    return ReadOptions(
        text_column=text_column or "text",
        id_column=id_column or "id",
        delimiter=delimiter,
        encoding=encoding,
        on_error=on_error or "stop",  # type: ignore[arg-type]
        **extra,
    )


def model_read_options(
    model: Any,
    text_column: str | None,
    id_column: str | None,
    delimiter: str | None,
    encoding: str | None,
    on_error: str | None,
    date_order: str | None,
    date_column: str | None = None,
    **extra: Any,
):
    """ReadOptions for new data scored by a saved model (evaluate, predict,
    annotate suggest): what is not given is how the model's training data
    was read (its columns, delimiter, encoding, date order and column); new
    data need not carry the training data's id or date column unless one is
    asked for."""
    from classify.api import trained_read_options

    base = trained_read_options(model)
    given = {
        "text_column": text_column,
        "id_column": id_column,
        "delimiter": delimiter,
        "encoding": encoding,
        "on_error": on_error,
    }
    options = read_options(
        *(v if v is not None else getattr(base, k) for k, v in given.items()),
        date_order=date_order or base.date_order,
        date_order_from=None
        if date_order
        else MODEL_ORDER
        if base.date_order != "day-first"
        else DEFAULT_ORDER,
        date_column=date_column or base.date_column,
        **{k: v if v is not None else getattr(base, k) for k, v in extra.items()},
    )
    options.id_column_optional = id_column is None or options.id_column == "id"
    options.date_column_optional = date_column is None
    options.date_order_given = date_order is not None
    options.over_model = True
    return options
