"""``classify annotate``: the annotation loop from the command line.

Thin wrappers over :mod:`classify.annotation`, :mod:`classify.active` and
:mod:`classify.rules`; every command prints a short summary and returns
data-shaped files. Errors are one line (``classify.cli.main``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

import typer

from classify.cli_options import (
    ColumnsOption,
    DateColumnOption,
    DateOrder,
    DateOrderOption,
    DelimiterOption,
    EncodingOption,
    IdColumnOption,
    ModelDateColumnOption,
    ModelDateOrderOption,
    ModelIdColumnOption,
    ModelTextColumnOption,
    OnError,
    TextColumnOption,
    auto_unit,
    model_read_options,
    read_options,
)
from classify.errors import ClassifyError
from classify.tables import READ_KEYS, ReadOptions, offers

annotate_app = typer.Typer(
    help="Export units to annotators, import their labels, measure agreement, "
    "choose what to label next, audit gold labels, apply labelling rules.",
    no_args_is_help=True,
)

Unit = Literal["auto", "article", "paragraph", "sentence"]
Format = Literal["csv", "jsonl", "label-studio", "doccano"]
TaskOption = typer.Option(
    None,
    "--task",
    help="Task file, or a shipped task by name (topic, stance, topic-rules, stance-rules); repeatable; default: topic and stance.",
)
# Gold labels beside article sources, in batches as they come back.
AnnotationsOption = typer.Option(
    None,
    "--annotations",
    help="Gold labels for article sources (JSONL/CSV: unit id or text, then the label "
    "fields); repeat for several files (a unit labelled in two of them is an error).",
)


def _console():
    from classify.cli import _console as console

    return console()


def _progress():
    from classify.cli import _progress as progress

    return progress()


def _table(title: str, columns: list[str], rows: list[list]):
    from classify.cli import _table as table

    return table(title, columns, rows)


OverwriteOption = typer.Option(
    False, "--overwrite", help="Replace an existing output folder (else: refuse before any work)."
)
# Rows left out of an export under --on-error skip are listed beside it.
ExportOnErrorOption = typer.Option(
    None,
    help="stop (default): a bad row or file stops; skip: leave it out and list it "
    "(OUT/skipped.jsonl).",
)
FileOverwriteOption = typer.Option(
    False, "--overwrite", help="Replace an existing --out file (else: refuse before any work)."
)


@annotate_app.command("export", short_help="Write units to label, with their article's metadata.")
@offers(*READ_KEYS, "date_order", "date_column")
def export(
    sources: list[Path] = typer.Argument(
        ..., help="Article folders, .txt, .html or .mht articles, or JSONL/CSV tables."
    ),
    out: Path = typer.Option(..., "--out", help="Folder for the files to hand to annotators."),
    unit: Unit | None = typer.Option(
        None, callback=auto_unit, help="Unit level (default as in dataset build)."
    ),
    format: Format = typer.Option("jsonl", "--format", help="File format for the annotators."),
    sample: int | None = typer.Option(None, help="Export only N units."),
    strategy: Literal["random", "stratified", "active"] = typer.Option(
        "random", help="How --sample chooses: random, stratified by article, active (--model)."
    ),
    model: Path | None = typer.Option(None, help="Saved model for --strategy active."),
    exclude: list[Path] | None = typer.Option(
        None, "--exclude", help="Annotation files whose labelled units are left out (repeatable)."
    ),
    task: list[Path] | None = TaskOption,
    seed: int = typer.Option(0, help="Seed for sampling."),
    overwrite: bool = OverwriteOption,
    text_column: str | None = TextColumnOption,
    id_column: str | None = IdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = ExportOnErrorOption,
    date_order: DateOrder | None = DateOrderOption,
    date_column: str | None = DateColumnOption,
) -> None:
    """Write units to label (id, text, article metadata, empty labels)."""
    from classify.annotation import export_units

    options = read_options(
        text_column,
        id_column,
        delimiter,
        encoding,
        on_error,
        date_order=date_order or "day-first",
        date_column=date_column,
        columns=columns,
    )
    # The flags alone, also with --model: the pool is read as they say.
    options.over_model = True
    with _progress() as report:
        s = export_units(
            sources,
            out,
            unit=unit,
            format=format,
            tasks=task,
            sample=sample,
            strategy=strategy,
            model=model,
            exclude=exclude or [],
            seed=seed,
            overwrite=overwrite,
            options=options,
            report=report,
        )
    con = _console()
    con.print(
        f"exported {s['exported']} of {s['units']} {s['level']} units "
        f"({s['already_labelled']} already labelled"
        + (
            f" ({s['in_training_data']} of them the model's training data)"
            if s.get("in_training_data")
            else ""
        )
        + (
            f" ({s['labelled_by_text']} of them by the text of a labelled unit: a copy)"
            if s.get("labelled_by_text")
            else ""
        )
        + (
            f", {s['near_duplicates_skipped']} near-duplicates of labelled units"
            if s.get("near_duplicates_skipped")
            else ""
        )
        + (
            f", {s['repeats_skipped']} repeating another unit's text or a near copy of a "
            "more informative one"
            if s.get("repeats_skipped")
            else ""
        )
        + f"; {s['strategy']}) as {s['format']}",
        soft_wrap=True,
    )
    for p in s["paths"]:
        con.print(f"  {p}", soft_wrap=True)
    _skipped(con, s, out)


def _skipped(con: Any, summary: dict[str, Any], out: Path) -> None:
    from classify.cli import _print_skipped

    _print_skipped(con, summary.get("skipped") or [], listed_in=out / "skipped.jsonl")


def _print_problems(problems: list[str], *, each: int = 3, most: int = 50) -> None:
    """Rows that did not match, on stderr: a few of each reason with their
    place, then how many more share it (a file of a task not given would
    otherwise print the same line for every row)."""
    import re

    by_reason: dict[str, list[str]] = {}
    for problem in problems:
        m = re.match(
            r"^(.*?:(?:(?:line|row|item) \d+|task [^\s:]+)(?: annotation \d+)?): (.*)$", problem
        )
        # The same reason about another unit ('zz1', 'zz2') is one reason.
        reason = re.sub(r"'[^']*'", "'…'", m[2] if m else problem)
        by_reason.setdefault(reason, []).append(problem)
    shown = 0
    for reason, found in by_reason.items():
        for problem in found[:each]:
            if shown < most:
                print(f"did not match: {problem}", file=sys.stderr)
                shown += 1
        if len(found) > each:
            more = len(found) - each
            # Named by where they are: the reason's own names differ per row.
            places = [re.match(r"^(.*?):((?:line|row|item) \d+|task [^\s:]+)", p) for p in found]
            files = {m[1] for m in places if m}
            # With rows of several files, each place names its file.
            named = [
                f"{Path(m[1]).name}:{m[2]}" if len(files) > 1 else m[2]
                for m in places[each : each + 3]
                if m
            ]
            at = f" ({', '.join(named)}{', ...' if more > len(named) else ''})" if named else ""
            same = "as above" if "'…'" in reason else reason
            print(
                f"did not match: {more} more {'row' if more == 1 else 'rows'}{at}: {same}",
                file=sys.stderr,
            )


@annotate_app.command("import", short_help="Read annotators' files back as annotations.")
@offers("text_column", "id_column", "delimiter", "encoding", "date_order", "date_column", "columns")
def import_(
    files: list[Path] = typer.Argument(
        ..., help="Annotators' files: our CSV/JSONL, Label Studio JSON, doccano JSONL."
    ),
    out: Path = typer.Option(..., "--out", help="Annotation JSONL to write."),
    annotator: str | None = typer.Option(
        None, help="Annotator name (default: from the file or its name)."
    ),
    source: list[Path] | None = typer.Option(
        None, "--source", help="Articles the unit ids must come from (repeatable)."
    ),
    unit: Unit | None = typer.Option(
        None,
        callback=auto_unit,
        help="Unit level of --source (default: the level the files' rows name, as an "
        "export writes it, else as in dataset build).",
    ),
    task: list[Path] | None = TaskOption,
    skip_bad: bool = typer.Option(
        False, "--skip-bad", help="Write the good rows even when some did not match."
    ),
    encoding: str | None = typer.Option(
        None,
        help="Text encoding of the annotators' files and the --source files (default UTF-8; "
        "any Python codec).",
    ),
    overwrite: bool = FileOverwriteOption,
    text_column: str | None = typer.Option(
        None, help="Column of the --source tables holding the text (default: text)."
    ),
    id_column: str | None = typer.Option(
        None, help="Column of the --source tables holding the item id (default: id)."
    ),
    delimiter: str | None = typer.Option(
        None, help="CSV delimiter of the --source tables (default: sniffed from the header)."
    ),
    columns: str | None = typer.Option(
        None,
        "--columns",
        help="Names of the columns of --source CSV/TSV tables without a header row, "
        "comma-separated (e.g. id,text).",
    ),
    date_order: DateOrder | None = typer.Option(
        None,
        "--date-order",
        help="Numeric dates of the --source files and of the annotators' files' date "
        "column: day-first (default) or month-first.",
    ),
    date_column: str | None = typer.Option(
        None,
        "--date-column",
        help="Column of the --source tables holding the publication date (default: date, "
        "publish_date, published and other export names, else year).",
    ),
) -> None:
    """Read annotators' files back into the project's annotation format.
    The --source files are read with the read options, as annotate export
    read them."""
    from classify.annotation import (
        DOCCANO_NONE,
        _tasks,
        doccano_label,
        import_annotations,
        write_records,
    )
    from classify.store import check_writable

    # A gold file is hours of annotators' work: never replaced by mistake.
    check_writable(out, overwrite=overwrite)
    if encoding is not None:
        ReadOptions(encoding=encoding)  # a one-line error for an unknown codec
    options = read_options(
        text_column,
        id_column,
        delimiter,
        encoding,
        None,
        date_order=date_order or "day-first",
        date_column=date_column,
        columns=columns,
    )
    from classify.annotation import ORDER_GIVEN

    token = ORDER_GIVEN.set(date_order is not None)
    try:
        result = import_annotations(
            files,
            annotator=annotator,
            sources=source or [],
            unit=unit,
            tasks=task,
            encoding=encoding,
            source_options=options,
        )
    finally:
        ORDER_GIVEN.reset(token)
    _print_problems(result.problems)
    if result.problems and not skip_bad:
        raise ClassifyError(
            f"{len(result.problems)} {'row' if len(result.problems) == 1 else 'rows'} did not "
            "match (listed above); fix them or pass --skip-bad to write the others",
            source=files[0] if len(files) == 1 else None,
        )
    if not result.records:
        from classify.annotation import no_task_label_hint, partial_columns_hint

        if result.problems:
            raise ClassifyError(
                f"no row matched ({len(result.problems)} listed above); nothing to write",
                source=files[0] if len(files) == 1 else None,
            )
        if not result.unlabelled:
            raise ClassifyError(
                "no rows to import: the file holds no data rows (a header at most)"
                if len(files) == 1
                else "no rows to import: the files hold no data rows (a header at most)",
                source=files[0] if len(files) == 1 else None,
            )
        raise ClassifyError(
            f"no labelled rows to write: {result.unlabelled} "
            f"{'row' if result.unlabelled == 1 else 'rows'} read, none with a "
            f"{no_task_label_hint(_tasks(task))}"
            f"{partial_columns_hint(files, _tasks(task), encoding)}"
        )
    write_records(out, result.records)
    annotators = sorted({r.annotator for r in result.records})
    skipped = f", {result.skipped} skipped by the annotator" if result.skipped else ""
    con = _console()
    unlabelled = f"{result.unlabelled} unlabelled {'row' if result.unlabelled == 1 else 'rows'}"
    con.print(
        f"imported {len(result.records)} labelled records of "
        f"{len({r.unit for r in result.records})} units from {len(files)} file(s) "
        f"(annotators: {', '.join(annotators)}; {unlabelled}{skipped}, "
        f"{len(result.problems)} did not match) -> {out}",
        soft_wrap=True,
    )
    if result.single:
        # Gold all the same, but not agreed on: a paper reports how many.
        con.print(
            f"note: {result.single} of the adjudicated units "
            f"{'rests' if result.single == 1 else 'rest'} on one annotator's label for some "
            "field (status 'single', or a field named in 'single_fields': the others left "
            "the unit or the field unlabelled); that field's gold is that annotator's",
            soft_wrap=True,
        )
    sets = [t for t in _tasks(task) if t.multilabel]
    if result.unlabelled and sets:
        # A blank cell meant as "none" is read as "not done yet".
        con.print(
            f"note: the {unlabelled} (no label in any cell) "
            f"{'is' if result.unlabelled == 1 else 'are'} read as not labelled yet and "
            f"left out; where they mean none of the '{sets[0].field}' labels, write [] in their "
            f"cell, as the export's instructions.md says (in Label Studio, submit with none "
            f"ticked where the project has no other task; in doccano, "
            f"'{doccano_label(sets[0], DOCCANO_NONE)}')",
            soft_wrap=True,
        )
    generic = sorted(
        {Path(f).stem for f in files if Path(f).stem.casefold() in _GENERIC_STEMS} & set(annotators)
    )
    if annotator is None and generic:
        # Two annotators who return the exported units.csv would otherwise
        # become one annotator, and agreement would refuse them.
        con.print(
            f"note: annotator named after the file ('{generic[0]}'); pass --annotator NAME "
            "so each annotator's file keeps its own name",
            soft_wrap=True,
        )


# File names that say nothing of who annotated (what export writes, what
# tools call their downloads).
_GENERIC_STEMS = frozenset(
    {"units", "tasks", "export", "annotations", "labels", "results", "result", "data", "admin"}
)


@annotate_app.command("agreement", short_help="Agreement per task and label; an adjudication file.")
@offers("encoding", "date_order")
def agreement(
    annotations: list[Path] = typer.Argument(
        ..., help="Annotation files of two or more annotators."
    ),
    out: Path = typer.Option(Path("agreement"), "--out", help="Folder for the report."),
    task: list[Path] | None = TaskOption,
    bootstrap: int = typer.Option(1000, help="Bootstrap resamples for the 95% CIs."),
    seed: int = typer.Option(0),
    overwrite: bool = OverwriteOption,
    encoding: str | None = typer.Option(
        None, help="Text encoding of the annotators' files (default UTF-8; any Python codec)."
    ),
    date_order: DateOrder | None = typer.Option(
        None,
        "--date-order",
        help="Numeric dates of the files' date column: day-first (default) or month-first.",
    ),
) -> None:
    """Agreement per task and topic label, confusion tables, adjudication file."""
    from classify.annotation import agreement_report
    from classify.annotation_report import agreement_cell, agreement_notes

    r = agreement_report(
        annotations, out, tasks=task, n_bootstrap=bootstrap, seed=seed, overwrite=overwrite,
        encoding=encoding, date_order=date_order,
    )  # fmt: skip
    keys = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha")
    rows = [
        [row["name"], row["units"], *(agreement_cell(row, k, 2) for k in keys)] for row in r["rows"]
    ]
    con = _console()
    con.print(
        _table(
            f"agreement of {len(r['annotators'])} annotators on {r['units']} "
            f"{'unit' if r['units'] == 1 else 'units'}"
            # A row counts the units two or more labelled: fewer, where some
            # had one annotator's label only.
            + (
                " (a row's units: those two or more labelled)"
                if any(row["units"] != r["units"] for row in r["rows"])
                else ""
            ),
            ["task / label", "units", "% agree", "Cohen k", "Fleiss k", "Kripp. alpha"],
            rows,
        )
    )
    for note in agreement_notes(r):
        con.print(f"note: {note}", soft_wrap=True)
    disputed = f"{r['disputed']} disputed unit{'s' * (r['disputed'] != 1)}"
    con.print(f"{disputed} -> {r['adjudication']}", soft_wrap=True)
    if r.get("single"):
        has = "unit has" if r["single"] == 1 else "units have"
        con.print(
            f"{r['single']} {has} a label only one annotator gave ('single_fields': "
            "filled in, worth a second look)",
            soft_wrap=True,
        )
    con.print(f"report: {r['report']}", soft_wrap=True)


@annotate_app.command("suggest")
@offers(*READ_KEYS, "date_order", "date_column")
def suggest(
    model: Path = typer.Argument(..., help="Saved model folder."),
    pool: list[Path] = typer.Argument(..., help="Unlabelled articles or JSONL/CSV texts."),
    out: Path = typer.Option(Path("next-batch"), "--out", help="Folder for the export."),
    n: int = typer.Option(50, "--n", help="How many units to suggest."),
    strategy: Literal["uncertainty", "margin", "entropy", "diverse"] = typer.Option(
        "uncertainty", help="Query strategy."
    ),
    unit: Unit | None = typer.Option(None, callback=auto_unit, help="Unit level of the pool."),
    labelled: list[Path] | None = typer.Option(
        None, "--labelled", help="Annotation files of units already labelled (repeatable)."
    ),
    format: Format = typer.Option("jsonl", "--format"),
    task: list[Path] | None = TaskOption,
    seed: int = typer.Option(0),
    overwrite: bool = OverwriteOption,
    text_column: str | None = ModelTextColumnOption,
    id_column: str | None = ModelIdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = ExportOnErrorOption,
    date_order: DateOrder | None = ModelDateOrderOption,
    date_column: str | None = ModelDateColumnOption,
) -> None:
    """Choose the units the model would learn most from, as an export. The
    pool's tables are read as the model's training data was unless the read
    options say otherwise."""
    from classify.active import suggest as run

    # As predict: options not given are those the model was trained with.
    options = model_read_options(
        model,
        *(text_column, id_column, delimiter, encoding, on_error, date_order, date_column),
        columns=columns,
    )
    with _progress() as report:
        s = run(
            model,
            pool,
            out,
            n=n,
            strategy=strategy,
            unit=unit,
            labelled=labelled or [],
            format=format,
            tasks=task,
            seed=seed,
            overwrite=overwrite,
            options=options,
            report=report,
        )
    con = _console()
    trained = (
        f", {s['in_training_data']} of them the model's training data"
        if s.get("in_training_data")
        else ""
    )
    repeats = (
        f", {s['repeats_skipped']} near-cop{'y' if s['repeats_skipped'] == 1 else 'ies'} "
        "of a more informative unit"
        if s.get("repeats_skipped")
        else ""
    )
    con.print(
        f"suggested {s['exported']} of {s['pool']} {s['level']} units by {s['strategy']} "
        f"({s['already_labelled']} already labelled{trained}, {s['near_duplicates_skipped']} "
        f"near-duplicates of labelled units{repeats} skipped)",
        soft_wrap=True,
    )
    if s["exported"] < n:
        con.print(
            f"asked for {n}: only {s['exported']} "
            f"{'unit was' if s['exported'] == 1 else 'units were'} left to suggest"
        )
    for p in s["paths"]:
        con.print(f"  {p}", soft_wrap=True)
    _skipped(con, s, out)


@annotate_app.command("audit", short_help="Rank gold labels that are probably wrong (cleanlab).")
@offers("set", "annotations")
def audit(
    data: list[Path] = typer.Argument(..., help="Labelled data (dataset, JSONL/CSV, articles)."),
    config: Path = typer.Option(..., "--config", help="Model config for the out-of-fold model."),
    annotations: list[Path] | None = AnnotationsOption,
    unit: Unit | None = typer.Option(None, callback=auto_unit),
    folds: int = typer.Option(5, help="Cross-validation folds."),
    group: str = typer.Option("auto", help="Grouping of the folds."),
    top: int = typer.Option(20, help="Rows to print."),
    out: Path | None = typer.Option(None, "--out", help="Write the full ranked list (JSONL)."),
    overwrite: bool = FileOverwriteOption,
    flip: float | None = typer.Option(
        None,
        help="Check the audit: flip this share of labels first and report how many rank "
        "in the top 10%.",
    ),
    seed: int = typer.Option(0),
    set_: list[str] | None = typer.Option(None, "--set", help="Override a config value."),
    checked: list[Path] | None = typer.Option(
        None,
        "--checked",
        help="Gold files of labels re-checked already (e.g. an earlier audit's corrections): "
        "marked, and left out of the list to re-check (repeatable).",
    ),
) -> None:
    """Rank gold labels that are probably wrong (cleanlab, out-of-fold)."""
    from classify.audit import audit_labels
    from classify.store import check_writable

    if out is not None:
        check_writable(out, overwrite=overwrite)
    with _progress() as report:
        r = audit_labels(
            data,
            config,
            annotations=annotations or None,
            unit=unit,
            folds=folds,
            group=group,
            flip=flip,
            seed=seed,
            overrides=set_,
            checked=checked or None,
            report=report,
        )
    con = _console()
    rows = [
        [
            row["rank"],
            row["unit"],
            str(row["given"]),
            str(row["suggested"]),
            row["quality"],
            "yes" if row["issue"] else "",
            row["text"][:70],
        ]
        # Units re-checked already are in the --out list, not in the one to work from.
        for row in [row for row in r["rows"] if not row.get("checked")][:top]
    ]
    table = _table(
        f"{r['task']}: {r['units']} labels, least likely first "
        f"({r['issues']} flagged by cleanlab's find_label_issues)",
        ["rank", "unit", "given", "suggested", "quality", "issue", "text"],
        rows,
    )
    for column in table.columns[1:4] + table.columns[-1:]:
        column.justify = "left"
    con.print(table)
    # With planted errors the flag caught more of them than the top 10% did
    # (README, Annotation audit), and some rank near the top unflagged: the
    # advice is the flagged units first, then on down the ranked list.
    top_share = max(1, round(0.1 * r["units"]))
    if not r["rows"]:
        con.print("no labelled units to audit")
    else:
        cut = float(r["rows"][top_share - 1]["quality"])
        where = (
            f"the top 10% is {top_share} unit{'s' * (top_share > 1)} (quality {cut:.3g} or lower)"
        )
        done = r.get("checked_flagged", 0)
        done_note = (
            f" ({done} more flagged {'was' if done == 1 else 'were'} re-checked already, --checked)"
            if done
            else ""
        )
        con.print(
            f"re-check the {r['to_check']} flagged units ({r['to_check'] / r['units']:.0%} of "
            f"the labels){done_note} first, then on down the list; {where}"
            if r["to_check"]
            else f"no unit is flagged{' but those re-checked already' if done else ''}: "
            f"re-check from the top of the list; {where}",
            soft_wrap=True,
        )
        # Where the corrections go: the gold they came from stays as it was.
        con.print(
            "correct labels in a gold file of your own (unit and label; see README, Gold in "
            "batches), use it with --annotations FILE in train and in the next audit, and "
            "pass it there as --checked FILE too",
            soft_wrap=True,
        )
    if r.get("folds", folds) < folds:
        con.print(
            f"note: --folds {folds} asked for more folds than there are {r['group']} groups; "
            f"ran {r['folds']} folds, one group each"
        )
    if 0 < r["units"] < 100:
        # The out-of-fold model learns from 4/5 of a few dozen labels: its
        # doubts say more about it than about the labels.
        con.print(
            f"note: with {r['units']} labels the out-of-fold model is weak and the ranking "
            "says little; the audit needs a few hundred labels"
        )
    if r.get("unlabelled"):
        con.print(
            f"{r['unlabelled']} {'unit is' if r['unlabelled'] == 1 else 'units are'} "
            f"unlabelled for '{r['task']}' (left out of the audit)"
        )
    if "flip" in r:
        f = r["flip"]
        con.print(
            f"flipped {f['flipped']} labels ({f['fraction']:.0%}): {f['in_top_10pct']} rank in "
            f"the top 10% (recall {f['recall_top_10pct']:.3f}); {f['flagged_as_issue']:.3f} flagged"
        )
    if out is not None:
        from classify.store import write_jsonl

        write_jsonl(out, r["rows"])
        con.print(f"ranked list: {out}", soft_wrap=True)


@annotate_app.command("rules", short_help="Labelling rules: coverage, conflicts, accuracy, silver.")
@offers(*READ_KEYS, "date_order", "date_column")
def rules(
    task: Path = typer.Argument(
        ..., help="Task file with 'rules', or a shipped one: topic-rules, stance-rules."
    ),
    data: list[Path] = typer.Argument(..., help="Data to analyse the rules on."),
    annotations: list[Path] | None = AnnotationsOption,
    unit: Unit | None = typer.Option(None, callback=auto_unit),
    apply: list[Path] | None = typer.Option(
        None, "--apply", help="Pool to label with the rules (repeatable)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Silver labels (JSONL) for --apply."),
    weight: float = typer.Option(0.5, help="Weight of silver labels (gold: 1.0)."),
    overwrite: bool = FileOverwriteOption,
    text_column: str | None = TextColumnOption,
    id_column: str | None = IdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = ExportOnErrorOption,
    date_order: DateOrder | None = DateOrderOption,
    date_column: str | None = DateColumnOption,
) -> None:
    """Coverage, overlaps, conflicts and accuracy of labelling rules; silver
    labels. The data and the pool are read with the same read options."""
    from classify.rules import rules_report

    options = read_options(
        text_column,
        id_column,
        delimiter,
        encoding,
        on_error,
        date_order=date_order or "day-first",
        date_column=date_column,
        columns=columns,
    )
    r = rules_report(
        task,
        data,
        annotations=annotations or None,
        unit=unit,
        apply=apply or None,
        out=out,
        weight=weight,
        overwrite=overwrite,
        options=options,
    )
    con = _console()
    cols = ["rule", "label", "coverage", "overlaps", "conflicts", "votes"]
    if any("accuracy" in row for row in r["rules"]):
        cols += ["accuracy", "gold_units"]
    con.print(
        _table(
            f"{r['task']}: {len(r['rules'])} rules on {r['units']} units "
            f"(a rule fires on {r['covered_any']:.3f}; the majority vote labels "
            f"{r['covered']:.3f}, ties abstaining)",
            cols,
            [[row.get(c) for c in cols] for row in r["rules"]],
        )
    )
    if "silver_accuracy" in r:
        con.print(
            f"majority vote agrees with gold on {r['silver_accuracy']:.3f} of "
            f"{r['silver_gold_units']} covered units with gold"
        )
    if "silver" in r:
        s = r["silver"]
        con.print(
            f"silver labels for {s['units']} of {s['pool']} pool units"
            + (
                f" ({s['in_data']} left out: already in the data, by id or text)"
                if s.get("in_data")
                else ""
            )
            + f" -> {s['path']}",
            soft_wrap=True,
        )
