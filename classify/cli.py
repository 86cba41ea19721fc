"""The ``classify`` command line: thin wrappers over :mod:`classify.api`.

Each command parses its options, calls one API function, and prints a short
summary table. Heavy libraries are imported inside the commands, so
``classify --help`` starts instantly. User errors are printed as one line
and exit with status 1; nothing half-written is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import typer

from classify.cli_annotate import AnnotationsOption, annotate_app
from classify.cli_options import (
    DEFAULT_ORDER,
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
    OnErrorOption,
    TextColumnOption,
    auto_unit,
    check_grouping,
    model_read_options,
)
from classify.cli_options import read_options as _read_options
from classify.errors import ClassifyError, cli_context, option, warn
from classify.tables import READ_KEYS, offered_options, offers

app = typer.Typer(
    name="classify",
    help="Topic and stance classification of news about international relations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # Up to the terminal's width, so the command list's summaries are whole.
    context_settings={"max_content_width": 120},
)
dataset_app = typer.Typer(
    help="Build datasets from articles and annotations.", no_args_is_help=True
)
experiment_app = typer.Typer(
    help="Run experiment grids and record their results.", no_args_is_help=True
)


def _show_version(value: bool) -> None:
    if value:
        from importlib import metadata

        # As model.json records it (classify.store.library_versions).
        print(f"classify {metadata.version('classify')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the package version (model.json records it) and exit.",
        is_eager=True,
        callback=_show_version,
    ),
) -> None:
    """Topic and stance classification of news about international relations."""


app.add_typer(dataset_app, name="dataset")
app.add_typer(experiment_app, name="experiment")
app.add_typer(
    annotate_app,
    name="annotate",
    short_help="Export, import, agreement, active learning, audit, rules.",
)

Unit = Literal["auto", "article", "paragraph", "sentence"]
Split = Literal["random", "article", "date", "source", "column", "none"]
Group = Literal["auto", "article", "paragraph", "source", "date", "none"]

SetOption = typer.Option(
    None, "--set", help="Override a config value, e.g. --set model.params.C=2 (repeatable)."
)
OverwriteOption = typer.Option(
    False, "--overwrite", help="Replace an existing output (else: refuse before any work)."
)
LabelFromFolderOption = typer.Option(
    None,
    "--label-from-folder",
    metavar="FIELD",
    help="Folders of article folders: the folder name is the gold label of this "
    "task field (politics/001.txt is 'politics'; also data.label_from_folder).",
)
# For data scored by saved models (evaluate, compare): the model's own by default.
ModelLabelFromFolderOption = typer.Option(
    None,
    "--label-from-folder",
    metavar="FIELD",
    help="Folders of article folders: the folder name is the gold label of this "
    "task field (default: the model's data.label_from_folder).",
)


def _print_per_target(con: Any, m: dict[str, Any]) -> None:
    """The figures of each stance target beside the pooled ones, where the
    task has targets."""
    if m.get("per_target"):
        from classify.targets import per_target_rows

        keys = [k for k in ("macro_f1", "accuracy", "f_avg") if k in m]
        rows, trained = per_target_rows(m, keys)
        # A target the model never trained on (n_train 0) is scored as transfer.
        head = ["target", "n", *(["n_train"] if trained else []), *keys]
        con.print(_table("per target", head, rows))


def _option_before_extra(message: str, args: Sequence[str]) -> str | None:
    """The repeatable file option (``--data``, ``--unlabelled``, ``--annotations``) written
    just before the first extra argument Click named in ``message``
    (``--data a.csv b.csv``, ``--data=a.csv b.csv``), or None."""
    found = re.search(r"arguments?(?:\(s\))? \((.+?)[ )]", message)
    if not found or found[1] not in args:
        return None
    # The nearest option before it ("--data a.csv b.csv": a.csv followed it
    # too); the last time the file is written, as Click names the extra one.
    i = len(args) - 1 - args[::-1].index(found[1]) - 1
    while i >= 0 and not args[i].startswith("-"):
        i -= 1
    flag = args[i].split("=", 1)[0] if i >= 0 else ""
    # (--test takes one file: its extra one is no repetition to suggest.)
    return flag if flag in ("--data", "--unlabelled", "--annotations") else None


def _print_by(con: Any, m: dict[str, Any]) -> None:
    """The task's metric for each group of ``evaluate --by``, with its
    interval (the report and metrics.json hold every figure)."""
    from classify.reports import group_figure

    by = m.get("by") or {}
    if not by.get("groups"):
        return
    key = m.get("primary_metric") or "macro_f1"
    intervals = any(g.get("ci95") for g in by["groups"])
    trained = any("in_training" in g for g in by["groups"])
    rows = [
        [
            g["group"],
            g["n"],
            *([g.get("in_training", 0)] if trained else []),
            group_figure(g, key),
            *([_group_interval(g, key)] if intervals else []),
        ]
        for g in by["groups"]
    ]
    head = [
        by["grouping"],
        "n",
        *(["in training"] if trained else []),
        key,
        *(["95% CI"] if intervals else []),
    ]
    # Outlets run to hundreds and months to scores: the 15 largest here (in
    # their order: periods in time), every one in the report.
    largest = set(sorted(range(len(rows)), key=lambda i: (-rows[i][1], i))[:15])
    shown = [r for i, r in enumerate(rows) if len(rows) <= 20 or i in largest]
    con.print(_table(f"by {by['grouping']}", head, shown))
    if by.get("joined"):
        from classify.analysis_report import outlets_note

        con.print(f"note: {outlets_note(by['joined'])}", soft_wrap=True)
    if rest := [r for r in rows if not any(r is s for s in shown)]:
        con.print(
            f"{len(rest)} more {by['grouping']} groups of {counted(max(r[1] for r in rest), 'unit')} "
            "or fewer: in report.md and metrics.json"
        )


def _group_interval(group: dict[str, Any], key: str) -> Any:
    """One group's interval for ``evaluate --by``, marked "(no width)" where
    every resample gave the same score, as the report marks it."""
    ci = None if group.get(key) is None else (group.get("ci95") or {}).get(key)
    if ci is None:
        return "n/a"
    return _fmt(ci) + (" (no width)" if ci[0] == ci[1] else "")


def _no_model_among(paths: Sequence[Path]) -> ClassifyError:
    """The error for arguments none of which is a model folder, naming the
    first (where the model is expected) and what it is instead."""
    what = "analyse takes the model folders first, each with a model.json, then the corpus"
    if not paths:
        return ClassifyError(f"no model folder given; {what}")
    first = Path(paths[0])
    if first.name == "model.json" and first.is_file():
        return ClassifyError(
            f"a model's model.json: give its folder ({first.parent})", source=first
        )
    if not first.exists():
        from classify.store import near_model_hint

        hint = near_model_hint(first)
        return ClassifyError(f"not found{hint} ({what})", source=first)
    if first.is_file():
        return ClassifyError(f"a file, not a model folder ({what})", source=first)
    return ClassifyError(f"not a model folder, it has no model.json ({what})", source=first)


def _print_skipped(
    con: Any, skipped: list[dict[str, Any]], *, listed_in: Path | str = "skipped.jsonl"
) -> None:
    """Each row or file left out under on_error: skip, in file and line
    order, then how many."""
    from classify.tables import in_file_order

    for s in in_file_order(skipped):
        at = f":line {s['line']}" if s["line"] else f":row {s['row']}" if s.get("row") else ""
        where = f"{s['file']}{at}"
        con.print(f"skipped {where}: {s['reason']}", soft_wrap=True)
    if skipped:
        n = len(skipped)
        what = "row or file" if n == 1 else "rows or files"
        con.print(f"{n} {what} skipped, listed in {listed_in}", soft_wrap=True)


def _print_unlabelled(con: Any, summary: dict[str, Any], unit_flag: str = "--unit {}") -> None:
    """Units left out for want of labels, and annotations that matched no
    unit; ``unit_flag`` is how the command sets the unit level."""
    skipped = summary.get("unlabelled_units_skipped")
    if skipped:
        first = summary.get("unlabelled_units_first") or []
        named = (
            f" ({'first: ' if skipped > len(first) else ''}{', '.join(map(str, first))})"
            if first
            else ""
        )
        con.print(
            f"{counted(skipped, 'unit')} without gold labels {'was' if skipped == 1 else 'were'} "
            f"left out{named}",
            soft_wrap=True,
        )
    for fld, n in (summary.get("unlabelled") or {}).items():
        # The units left out whole are counted once, above.
        n -= skipped or 0
        if n > 0:
            con.print(
                f"{counted(n, 'unit')} {'is' if n == 1 else 'are'} unlabelled for '{fld}' "
                "(left out of that task; an empty cell in a row with no other label is "
                "unlabelled, and an empty label set is written [] (0 in every column of a "
                "sheet with one 1/0 column per label), or is any empty cell of a "
                "task file with 'empty_cell: always_none'; see 'Labels: unlabelled "
                'is not "no label"\' in the README)',
                soft_wrap=True,
            )
    for fld, n in (summary.get("test_unlabelled") or {}).items():
        if n:
            con.print(
                f"{counted(n, 'test unit')} {'is' if n == 1 else 'are'} unlabelled for "
                f"'{fld}' (left out of the test)"
            )
    if summary.get("unmatched_annotations"):
        from classify.api import _whole_hint
        from classify.data import near_ids_hint

        ids = ", ".join(summary.get("unmatched_annotation_ids") or [])
        warn(
            # A mistyped id (a0l:p3) leaves a unit unlabelled: a warning, not a count.
            f"{counted(summary['unmatched_annotations'], 'annotation')} matched no "
            f"unit (first: {ids})"
            + near_ids_hint(summary)
            + (
                f"; {summary['unmatched_whole_articles']} of them "
                + (
                    "names a whole article, which is"
                    if summary["unmatched_whole_articles"] == 1
                    else "name whole articles, which are"
                )
                + f" cut into smaller units here ({_whole_hint(summary, unit_flag.format)})"
                if summary.get("unmatched_whole_articles")
                else ""
            )
        )
    for level, n in (summary.get("other_level_annotations") or {}).items():
        con.print(
            f"{counted(n, 'annotation')} label{'s' if n == 1 else ''} {level} units, not used at this "
            f"unit level (pass {unit_flag.format(level)} to use {'it' if n == 1 else 'them'})",
            soft_wrap=True,
        )


def _print_layouts(
    con: Any, summary: dict[str, Any], kept_in: str = "dataset.json", what: str = ""
) -> None:
    """The article layouts read and the paragraphs left out of their bodies
    (``dataset build``, ``run``, ``train`` on files and its test files,
    ``evaluate``; ``kept_in`` names the file that keeps each file's count,
    ``what`` the data where it is not the only data read: "test data: ")."""
    if summary.get("layouts"):
        kinds = ", ".join(f"{n} {k}" for k, n in summary["layouts"].items())
        con.print(f"{what}article layouts: {kinds}")
    dropped = summary.get("dropped_paragraphs") or {}
    if len(dropped) > 5:
        # One line for a folder of wire stories, each losing its credit line.
        first = ", ".join(f"{f} {n}" for f, n in list(dropped.items())[:3])
        con.print(
            f"{what}{sum(dropped.values())} paragraphs left out of the body in {len(dropped)} files "
            f"(boilerplate, credits, web page furniture, pull quotes; {first}, ...; each file's count in "
            f"{kept_in}, dropped_paragraphs)",
            soft_wrap=True,
        )
    for file, n in dropped.items() if len(dropped) <= 5 else ():
        con.print(
            f"{what}{file}: {n} paragraph(s) left out of the body (boilerplate, credits, web page "
            "furniture)",
            soft_wrap=True,
        )
    for file, n in (summary.get("dropped_row_paragraphs") or {}).items():
        con.print(
            f"{what}{file}: {n} paragraph(s) of its rows are no units (boilerplate, credit lines; "
            "the rows' texts keep them)",
            soft_wrap=True,
        )
    for file, live in (summary.get("live_blogs") or {}).items():
        days = live.get("dates") or []
        span = f"{days[0]} to {days[1]}" if len(days) == 2 and days[0] != days[1] else ""
        con.print(
            f"{what}{file}: a live blog of {live['entries']} entries: each paragraph dated by its "
            f"entry{f' ({span})' if span else ''}"
            + (
                f", its entry headings ({heads}) no units"
                if (heads := live.get("headings"))
                else ""
            ),
            soft_wrap=True,
        )


def _print_data_notes(con: Any, summary: dict[str, Any], unit_flag: str = "--unit {}") -> None:
    """How the data was read (``dataset build`` and ``run``): units left out
    unlabelled, annotations that matched no unit, article layouts,
    paragraphs dropped from bodies, articles without a date."""
    _print_unlabelled(con, summary, unit_flag)
    if summary.get("labels_inherited"):
        unit = summary.get("unit") or "unit"
        # Said, not only noted in dataset.json: a row about sanctions makes
        # each of its sentences a sanctions sentence, which may not hold.
        con.print(
            f"note: each {unit} cut from a labelled row (or folder-labelled article) takes "
            "its gold labels, whether or not it says what they say; to label the "
            f"{unit}s one by one, give an annotation file at that level (--annotations)",
            soft_wrap=True,
        )
    _print_layouts(con, summary)
    files = sum((summary.get("layouts") or {}).values())
    for key, what in (
        ("undated", f"of {files} articles have no date (no date line or page date found)"),
        (
            "load_dated",
            "export record(s) have no date line that reads and are dated by their Load-Date "
            "(the day the database loaded them, often later)",
        ),
    ):
        n = summary.get(f"{key}_articles") or 0
        if n:
            named = summary.get(f"{key}_files") or []
            shown = ", ".join(named[:3]) + (f" and {n - 3} more" if n > 3 else "")
            con.print(f"{n} {what}: {shown}", soft_wrap=True)
    if written := summary.get("undated_written"):
        shown = ", ".join(f"{path} ({value!r})" for path, value in list(written.items())[:3])
        more = f" and {len(written) - 3} more" if len(written) > 3 else ""
        con.print(
            f"of these, {len(written)} have a date line that gives no full date "
            f"(kept in meta date_written): {shown}{more}",
            soft_wrap=True,
        )


def _console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Piped output (logs, CI) gets room for the tables instead of 80 columns.
    width = None if stream.isatty() else 120
    return Console(stderr=stderr, highlight=False, width=width)


# The last step a progress reporter was told of, so an interrupted command
# says where it stopped: {"stage": ..., "done": ..., "total": ...}.
_LAST_STEP: dict[str, Any] = {}


@contextlib.contextmanager
def _progress() -> Iterator[Any]:
    """A reporter drawing one progress bar per stage on stderr; where stderr
    is not a terminal (a log, a batch job), one line per stage every
    ``CLASSIFY_PROGRESS_SECONDS`` seconds (default 10) with rate and ETA."""
    if not sys.stderr.isatty():
        yield _log_reporter(float(os.environ.get("CLASSIFY_PROGRESS_SECONDS", "10")))
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=_console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}
        last: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            _LAST_STEP.update(stage=stage, done=done, total=total)
            previous = last.get(stage)
            last[stage] = done
            if stage not in tasks:
                # Work done before the first call (cached texts, reused
                # chunks) starts the bar, not its rate: the ETA counts only
                # what is done from here.
                tasks[stage] = bar.add_task(stage, total=total, completed=done)
                return
            if previous is not None and done < previous:
                # The same stage run again (the next fold): a fresh clock.
                bar.reset(tasks[stage], total=total, completed=done)
                return
            bar.update(tasks[stage], completed=done, total=total)

        yield report


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _rate(per_second: float) -> str:
    """``310/s``, ``2.5/s``, or for slow steps (a model fit per fold) the
    seconds each takes, ``40.0 s each``, not ``0/s``."""
    if per_second >= 10:
        return f"{per_second:.0f}/s"
    if per_second >= 1:
        return f"{per_second:.1f}/s"
    if per_second > 0:
        return f"{1 / per_second:.1f} s each"
    return "0/s"


def _log_reporter(every: float):
    """Progress as log lines: ``predicting: 1200/5000 (24%) 310/s, ETA 12s``,
    at most one per ``every`` seconds per stage, and one when a stage ends;
    a quick step inside each fold (``each fold: ...``) or a stage of one
    step that ends within ``every`` seconds says nothing (a log of them
    would be all noise: ``training: 1/1`` per fold)."""
    import time

    state: dict[str, list[float]] = {}

    def report(stage: str, done: int, total: int) -> None:
        _LAST_STEP.update(stage=stage, done=done, total=total)
        now = time.monotonic()
        # [start, last printed, units done at start, units done last call]
        st = state.get(stage)
        if st is None or done < st[3]:
            # A new stage, or the same stage run again (a second model):
            # the first call starts the clock.
            state[stage] = [now, now, float(done), float(done)]
            return
        st[3] = done
        finished = bool(total) and done >= total
        if now - st[1] < every and not finished:
            return
        if st[1] == float("inf"):
            return
        quick = (
            finished
            and st[1] == st[0]
            and now - st[0] < every
            and (stage.startswith("each fold: ") or total <= 1)
        )
        st[1] = float("inf") if finished else now
        if quick:
            return
        elapsed = max(now - st[0], 1e-9)
        rate = (done - st[2]) / elapsed
        line = f"{stage}: {done}/{total}"
        if total:
            line += f" ({100 * done / total:.0f}%)"
        # Nothing counted since the clock started: no rate to give.
        line += f" {_rate(rate)}," if done > st[2] else ""
        line += f" elapsed {_duration(elapsed)}"
        if total and rate > 0 and not finished:
            line += f", ETA {_duration((total - done) / rate)}"
        print(line, file=sys.stderr, flush=True)

    return report


def _holm(test: dict[str, Any]) -> str:
    """`` (Holm 0.048)`` where a paired test has a Holm-adjusted p, also
    where it equals the raw one (the last of the ordered tests), so no row
    reads as uncorrected."""
    adjusted = test.get("p_holm")
    if adjusted is None:
        return ""
    return f" (Holm {adjusted:.3f})"


def _paired_cell(test: dict[str, Any] | None) -> str:
    """The best model minus this one, with its paired 95% interval and p:
    ``+0.031 [+0.00, +0.06] p=0.040`` (``best`` for the best itself)."""
    if test is None:
        return "best"
    if test.get("diff") is None:
        return "n/a (undefined)"
    if test.get("ci95") is None:
        return f"{test['diff']:+.3f} (no resamples: no interval or test)"
    lo, hi = test["ci95"]
    return (
        f"{test['diff']:+.3f} [{lo:+.2f}, {hi:+.2f}] "
        + ("(no width) " if lo == hi else "")
        + (
            f"p={test['p_value']:.3f}{_holm(test)}"
            if test.get("p_value") is not None
            else "no p (too few resamples)"
            if "resamples" in (test.get("p_note") or "")
            else "no p (too few differences)"
        )
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"  # undefined or not measured, as the reports write it
    if isinstance(value, float):
        return f"{value:.3f}"
    if _is_interval(value):
        return f"[{value[0]:.3f}, {value[1]:.3f}]"
    return str(value)


def _with_ci(value: Any, ci: Any) -> str:
    if value is None:
        return "n/a"
    if not ci:
        return f"{value:.3f}"
    # Every resample gave the same score: marked (reports.no_width_note).
    return f"{value:.3f} [{ci[0]:.2f}, {ci[1]:.2f}]" + (" (no width)" if ci[0] == ci[1] else "")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``"1 group"``, ``"3 groups"``: a count with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _table(title: str, columns: list[str], rows: list[list[Any]]):
    from rich.table import Table

    from classify.reports import without_blank_intervals

    rows, columns = without_blank_intervals(rows, columns)
    # "macro_f1 [95% CI]" over figures drawn without intervals (--bootstrap 0).
    columns = [
        re.sub(r"\s*\[95% CI[^\]]*\]", "", col)
        if "[95% CI" in col and not any("[" in _fmt(row[i]) for row in rows if i < len(row))
        else col
        for i, col in enumerate(columns)
    ]

    # As wide as its title (within the console), so the title is one line.
    table = Table(
        title=title,
        title_justify="left",
        show_edge=False,
        header_style="bold",
        min_width=min(len(title), 120),
    )
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*[_fmt(v) for v in row])
    return table


def _fold_spread(summary: Mapping[str, Any] | None) -> str | None:
    """``0.610 ± 0.062``: a figure's mean and standard deviation over the
    cross-validation folds; None where the folds give none."""
    if (summary or {}).get("mean") is None:
        return None
    from classify.reports import mean_sd

    return mean_sd(summary or {})


def _na_if_none(per_label: Any, label: str) -> Any:
    """A label's F1 in a per-label dict; "n/a" when undefined (None), "-"
    when the dict or label is missing."""
    row = (per_label or {}).get(label)
    if row is None:
        return None
    return "n/a" if row.get("f1") is None else row["f1"]


def metrics_table(metrics: dict[str, Any], title: str):
    """Figures with their 95% CI and the majority baseline beside them."""
    ci = metrics.get("ci95") or {}
    base = metrics.get("baseline", {})
    cv = (metrics.get("cv") or {}).get("summary", {})
    names = ["macro_f1", "micro_f1", "exact_match", "accuracy", "f_avg"]
    # The task's primary metric heads the table, as it does the card.
    primary = metrics.get("primary_metric")
    if primary in names:
        names = [primary, *(n for n in names if n != primary)]
    # A macro-F1 over fewer labels than the task has says so where it is
    # read, not only in the caption (a date split whose test lacks labels).
    undefined = len(metrics.get("undefined_labels") or [])
    k = len(metrics.get("per_label") or {})
    shown = {"macro_f1": f"macro_f1 ({k - undefined} of {k} labels)"} if undefined else {}
    # So does an F_avg that averages fewer labels than it names.
    averaged = metrics.get("f_avg_labels") or ["favour", "against"]
    gone = [x for x in averaged if x in (metrics.get("undefined_labels") or [])]
    if gone and len(gone) < len(averaged):
        shown["f_avg"] = f"f_avg ({', '.join(x for x in averaged if x not in gone)} only)"
    rows = []
    for name in names:
        if name not in metrics:
            continue
        std = _fold_spread(cv.get(name)) if cv else None
        # An undefined figure (None) reads "n/a" everywhere, as per label.
        value = "n/a" if metrics[name] is None else metrics[name]
        baseline = "n/a" if name in base and base[name] is None else base.get(name)
        rows.append(
            [
                shown.get(name, name),
                value,
                ci.get(name) if metrics[name] is not None else "n/a",
                std,
                baseline,
            ]
        )
    for label, d in (metrics.get("per_label") or {}).items():
        rows.append(
            [
                # No gold unit, yet predicted: 0 by definition, not measured.
                f"F1 {label} (n=0, predicted only)"
                if d.get("support") == 0 and d.get("f1") is not None
                else f"F1 {label} (n={d.get('support')})",
                "n/a" if d.get("f1") is None else d["f1"],
                "n/a" if d.get("f1") is None else ci.get(f"f1/{label}"),
                _fold_spread(cv.get(f"f1/{label}")) if cv else None,
                _na_if_none(base.get("per_label"), label),
            ]
        )
    # The pooled value beside the folds' own mean, which may differ from it.
    columns = ["figure", "value", "95% CI", "folds: mean ± sd" if cv else "", "majority baseline"]
    if not cv:
        columns.pop(3)
        rows = [r[:3] + r[4:] for r in rows]
    from classify.reports import fmt_ci, no_width_note, undefined_note

    # An interval of no width is marked where it is read (no_width_note).
    rows = [[fmt_ci(v) if _is_interval(v) and v[0] == v[1] else v for v in r] for r in rows]
    table = _table(title, columns, rows)
    table.caption = (
        " ".join(filter(None, (undefined_note(metrics), no_width_note(metrics)))) or None
    )
    return table


def _is_interval(value: Any) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, float) for v in value)
    )


# -- commands -------------------------------------------------------------------------------


@app.command(short_help="The main job: dataset, topic and stance models, reports.")
@offers(*READ_KEYS, "date_order", "date_column")
def run(
    config: Path = typer.Argument(Path("configs/default.yaml"), help="Run config (YAML)."),
    out: Path | None = typer.Option(None, help="Output folder (default: the config's 'out')."),
    set_: list[str] | None = typer.Option(
        None,
        "--set",
        help="Override a run config value, e.g. --set cv=3 or --set models.0=my-topic.yaml "
        "(repeatable).",
    ),
    overwrite: bool = OverwriteOption,
    text_column: str | None = TextColumnOption,
    id_column: str | None = IdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = OnErrorOption,
    label_from_folder: str | None = LabelFromFolderOption,
    date_order: DateOrder | None = DateOrderOption,
    date_column: str | None = DateColumnOption,
) -> None:
    """The main job: dataset from the seed corpus, topic and stance models,
    cross-validated against a majority baseline, saved with their reports.
    The read options set the run config's read.* keys of the same names."""
    from classify import api
    from classify.config import parse_overrides

    overrides = parse_overrides(set_)
    given = dict(zip(READ_KEYS, (text_column, id_column, delimiter, encoding, on_error)))
    given.update(
        label_from_folder=label_from_folder,
        date_order=date_order,
        date_column=date_column,
        columns=columns,
    )
    overrides.update({f"read.{k}": v for k, v in given.items() if v is not None})
    with _progress() as report:
        summary = api.run(config, overrides=overrides, out=out, report=report, overwrite=overwrite)
    con = _console()
    data = summary["data"]
    _print_data_notes(con, data, unit_flag="--set unit={}")
    _print_skipped(con, data.get("skipped") or [])
    ev = summary["evaluation"]
    from classify.reports import metric_short_name

    rows = []
    for r in summary["models"]:
        key = "micro_f1" if "micro_f1" in r else "accuracy"
        metric = r.get("metric") or "macro_f1"
        # The task's own metric first (it ranks the models); then macro-F1,
        # or for a macro-F1 task micro-F1 (multi-label) or accuracy.
        second = "macro_f1" if metric != "macro_f1" else key
        rows.append(
            [
                r["name"],
                r["n"],
                f"{metric_short_name(metric)} {_with_ci(r.get('primary'), r.get('primary_ci95'))}",
                r.get("baseline_primary"),
                f"{_fmt(r.get(second))} {metric_short_name(second)}",
                r.get(f"baseline_{second}"),
            ]
        )
    from classify.evaluation import cv_words

    con.print(
        _table(
            f"run '{summary['name']}': "
            f"{counted(data['units'], data['unit'])} from {counted(data['articles'], 'article')}; "
            + (
                cv_words(ev["cv"], ev["group"], each_own=bool(ev.get("each_unit_own_group")))
                if ev["cv"] >= 2
                # cv: 0 or 1 is no cross-validation: each model's own split.
                else "each model's held-out split (its config's data.split; no CV)"
            )
            + (
                f" ({ev['cv_asked']} asked; the data has fewer {ev['group']} groups)"
                if ev["cv"] >= 2 and ev.get("cv_asked", ev["cv"]) != ev["cv"]
                else ""
            ),
            # Each task's own metric first; multi-label tasks' second figure
            # is micro-F1, single-label ones' accuracy (macro-F1 where the
            # task ranks by another).
            [
                "model",
                "n",
                "task's metric [95% CI]",
                "majority, same metric",
                "second figure",
                "majority, same figure",
            ],
            rows,
        )
    )
    for r in summary["models"]:
        con.print(f"{r['name']}: model {r['path']}  report {r['report']}", soft_wrap=True)
    con.print(f"summary: {Path(summary['path']) / 'summary.json'}")


@dataset_app.command("build", short_help="Parse, cut into units, attach gold labels, split; save.")
@offers(*READ_KEYS, "date_order", "date_column", "annotations", "cutoff", "task")
def dataset_build(
    sources: list[Path] = typer.Argument(
        ..., help="Article folders, .txt, .html or .mht articles, or JSONL/CSV tables."
    ),
    out: Path = typer.Option(..., "--out", help="Folder for the saved DatasetDict."),
    annotations: list[Path] | None = AnnotationsOption,
    unit: Unit | None = typer.Option(
        None,
        callback=auto_unit,
        help="Unit level (default: paragraph for .txt, the row for JSONL/CSV).",
    ),
    split: Split = typer.Option("article", help="How to split train/test without leakage."),
    test_size: float | None = typer.Option(
        None, help="Share of units (whole groups) in the test split [default: 0.2]."
    ),
    cutoff: str | None = typer.Option(None, help="For --split date: first date of the test split."),
    seed: int = typer.Option(0, help="Random seed for the split."),
    task: list[Path] | None = typer.Option(
        None,
        help="Task files, or shipped tasks by name: topic, stance, topic-rules, stance-rules (default: topic and stance).",
    ),
    overwrite: bool = OverwriteOption,
    text_column: str | None = TextColumnOption,
    id_column: str | None = IdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = OnErrorOption,
    label_from_folder: str | None = LabelFromFolderOption,
    date_order: DateOrder | None = DateOrderOption,
    date_column: str | None = DateColumnOption,
    keep_columns: str | None = typer.Option(
        None, help="Extra input columns to keep beside the units, comma-separated ('*' for all)."
    ),
) -> None:
    """Parse articles, cut them into units, attach gold labels, split, and
    save a Hugging Face DatasetDict with a dataset.json summary."""
    _refuse_existing(out, overwrite)
    from classify import api

    options = _read_options(
        text_column,
        id_column,
        delimiter,
        encoding,
        on_error,
        label_from_folder=label_from_folder,
        date_order=date_order or "day-first",
        date_column=date_column,
        columns=columns,
    )
    options.date_order_given = date_order is not None

    summary = api.build_dataset(
        sources,
        out,
        annotations=annotations or None,
        unit=unit,
        split=split,
        test_size=test_size,
        seed=seed,
        cutoff=cutoff,
        tasks=task,
        overwrite=overwrite,
        options=options,
        keep_columns=_keep(keep_columns),
    )
    fields = list(summary["tasks"])
    rows = []
    for name, part in summary["splits"].items():
        for fld in fields:
            for label, count in part.get(fld, {}).items():
                rows.append([name, part["n"], part["articles"], f"{fld}: {label}", count])
    con = _console()
    con.print(
        _table(
            f"{summary['n']} {summary.get('unit', '')} units, fingerprint {summary['fingerprint']}",
            ["split", "units", "articles", "label", "count"],
            rows,
        )
    )
    _print_data_notes(con, summary)
    silver = {
        name: part["silver"] for name, part in summary["splits"].items() if part.get("silver")
    }
    left_out = (summary.get("split") or {}).get("silver_left_out")
    if silver or left_out:
        con.print(
            "silver units (the data's 'silver' column): "
            + ", ".join(f"{n} in {name}" for name, n in silver.items())
            + (
                f"{'; ' if silver else ''}{left_out} left out, dated on the test side or "
                "repeating a gold text (silver labels train, never test)"
                if left_out
                else ""
            ),
            soft_wrap=True,
        )
    for name, left in (summary.get("tasks_left_out") or {}).items():
        con.print(
            f"note: task '{name}' left out: the data has no '{left['field']}' column"
            + (" (nor a 1/0 column for each of its labels)" if left["multilabel"] else "")
            + left.get("columns_lacking", ""),
            soft_wrap=True,
        )
    method = (summary.get("split") or {}).get("method")
    if (n := summary.get("articles_on_both_sides")) and method in ("random", "paragraph"):
        # Units, not articles, are drawn: an article on both sides is the design.
        con.print(
            f"{counted(n, 'article')} {'has' if n == 1 else 'have'} units on both sides "
            f"(--split {method} draws units, not whole articles; --split article keeps each "
            "article on one side)",
            soft_wrap=True,
        )
    elif n and method == "date":
        # Units are placed by their own dates: a live blog's may differ.
        con.print(
            f"{counted(n, 'article')} {'has' if n == 1 else 'have'} units on both sides: "
            f"{'its' if n == 1 else 'their'} units carry dates of their own (a live blog, a "
            "story updated over days), and a date split places units by their dates, or a "
            "copy of an earlier text stays in training with it",
            soft_wrap=True,
        )
    elif n:
        con.print(
            f"{counted(n, 'article')} {'has' if n == 1 else 'have'} units on both sides: "
            "lines an article shares with others (boilerplate) stay with the first article "
            "that has them, so copies are on one side",
            soft_wrap=True,
        )
    repeated = (summary.get("copies") or {}).get("units") or 0
    across = (summary.get("copies") or {}).get("across_split") or 0
    if repeated and not across:
        con.print(
            f"{repeated} unit{'s' * (repeated > 1)} repeat{'s' * (repeated == 1)} the text of "
            "another unit (copies, boilerplate): each stays on one side of the split with what "
            "it copies",
            soft_wrap=True,
        )
    elif across:
        warn(
            f"{across} test unit{'s' * (across > 1)} repeat{'s' * (across == 1)} the text of a "
            "training unit (the data came split so): their scores measure memory, not "
            "generalisation"
        )
    _print_skipped(con, summary.get("skipped") or [])
    con.print(f"saved: {summary['path']}")


@app.command(short_help="Train a model, evaluate it, save its folder and reports.")
@offers(*READ_KEYS, "set", "date_order", "date_column", "annotations", "task")
def train(
    config: Path = typer.Argument(..., help="Model config, e.g. configs/topic-tfidf.yaml."),
    data: list[Path] | None = typer.Option(
        None,
        help="Labelled data: JSONL/CSV, a dataset folder, or articles (with data.annotations).",
    ),
    out: Path | None = typer.Option(None, help="Model folder (default: models/CONFIG-NAME)."),
    set_: list[str] | None = SetOption,
    annotations: list[Path] | None = typer.Option(
        None,
        help="Gold labels for article sources in --data (replaces data.annotations; repeatable).",
    ),
    cv: int | None = typer.Option(
        None, help="K-fold cross-validation instead of a held-out split."
    ),
    group: Group | None = typer.Option(None, help="Keep these groups whole in CV folds."),
    calibration: Literal["none", "temperature", "platt"] | None = typer.Option(
        None, help="Calibrate probabilities on held-out predictions (saved as JSON)."
    ),
    unlabelled: list[Path] | None = typer.Option(
        None,
        metavar="PATH",
        help="Unlabelled pool for teacher-student self-training; repeat the option for "
        "several pools. Replaces the config's data.unlabelled (settings under "
        "self_training).",
    ),
    refit: bool | None = typer.Option(
        None,
        "--refit/--no-refit",
        help="Refit the saved model on all labelled items after evaluation "
        "(default: the config's 'refit', true).",
    ),
    task: Path | None = typer.Option(
        None,
        "--task",
        help="Task file, or a shipped task by name, to use instead of the config's 'task'.",
    ),
    test: Path | None = typer.Option(
        None,
        "--test",
        help="A published test file: train on all of --data, evaluate on this (also data.test).",
    ),
    overwrite: bool = OverwriteOption,
    text_column: str | None = TextColumnOption,
    id_column: str | None = IdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = OnErrorOption,
    label_from_folder: str | None = LabelFromFolderOption,
    date_order: DateOrder | None = DateOrderOption,
    date_column: str | None = DateColumnOption,
) -> None:
    """Train a model, evaluate it honestly, and save its folder with reports.
    The read options set the config's data.* keys of the same names."""
    _refuse_existing(out, overwrite)
    from classify import api
    from classify.config import parse_overrides

    overrides = parse_overrides(set_)
    given = dict(zip(READ_KEYS, (text_column, id_column, delimiter, encoding, on_error)))
    overrides.update({f"data.{k}": v for k, v in given.items() if v is not None})
    if label_from_folder is not None:
        overrides["data.label_from_folder"] = label_from_folder
    if date_order is not None:
        overrides["data.date_order"] = date_order
    if date_column is not None:
        overrides["data.date_column"] = date_column
    if columns is not None:
        overrides["data.columns"] = columns
    if calibration is not None:
        overrides["calibration"] = calibration
    if task is not None:
        overrides["task"] = str(task)
    if unlabelled:
        missing = next((p for p in unlabelled if not p.exists()), None)
        if missing is not None:
            # The pool came from the command line: named as such, not as the config's.
            raise ClassifyError(f"unlabelled pool '{missing}' not found (given as --unlabelled)")
        overrides["data.unlabelled"] = [str(p) for p in unlabelled]
    if annotations:
        # From the working folder, as --data is (not from the config's folder).
        overrides["data.annotations"] = [str(p.resolve()) for p in annotations]
    if refit is False and cv:
        # Cross-validation keeps no one evaluated model to save.
        warn(
            "--no-refit has no effect with --cv: the saved model is always fit on "
            "all labelled units after cross-validation"
        )
        refit = None  # nor is it recorded as a value changed from the config
    elif refit is False and test is not None:
        # The data was never split: the evaluated model already saw all of it.
        # Said as data.test's refit is (api.train): a warning, on stderr.
        warn(
            "--no-refit has no effect with --test: the model evaluated on the test "
            "file is fit on all of --data and is the one saved"
        )
        refit = None
    with _progress() as report:
        result = api.train(
            config,
            data=data or None,
            out=out,
            overrides=overrides,
            cv=cv,
            group=group,
            overwrite=overwrite,
            refit=refit,
            report=report,
            test=test,
        )
    if result.path is None:
        return  # not the main process of a multi-GPU run
    from classify.evaluation import cv_words

    m = result.metrics
    ev = m.get("evaluation", {})
    how = (
        cv_words(ev.get("folds"), ev.get("group"), each_own=bool(ev.get("each_unit_own_group")))
        if ev.get("method") == "cv"
        else f"test {ev.get('data_kind') or 'file'} {ev.get('data')}, {ev.get('train')} train / "
        f"{ev.get('test')} test"
        if ev.get("method") == "test"
        else f"held-out split by the data's 'split' column, {ev.get('train')} train / "
        f"{ev.get('test')} test"
        if ev.get("split") == "column"
        else f"held-out {ev.get('split')} split, {ev.get('train')} train / {ev.get('test')} test"
    )
    con = _console()
    con.print(metrics_table(m, f"{result.config.name} ({result.model.family}): {how}"))
    _print_per_target(con, m)
    training = result.model.info.get("training", {})
    # After a held-out evaluation the saved model is another fit (on all
    # units); what follows describes it, not the model scored above.
    refitted = ev.get("method") != "cv" and "refitted" in str(training.get("refit", ""))
    if "learns nothing from labels" in str(training.get("refit", "")) and ev.get("method") != "cv":
        tuned = [
            what
            for what, used in (
                # Fixed thresholds (0.5) are not set on the data.
                (
                    "decision thresholds",
                    result.model.thresholds is not None
                    and result.config.thresholds.method != "fixed",
                ),
                (
                    "calibration",
                    ((result.model.info.get("config") or {}).get("calibration") or "none") != "none"
                    # zero-shot's own calibration of its similarity scores
                    or bool((result.model.params or {}).get("calibrate")),
                ),
            )
            if used
        ]
        con.print(
            f"saved model: the {result.model.info.get('family')} family learns nothing from "
            "labels, "
            + (
                f"so only its {' and '.join(tuned)} "
                f"{'was' if tuned == ['calibration'] else 'were'} set again on all "
                f"{training.get('n')} labelled units after evaluation"
                if tuned
                else "so the saved model predicts as the one evaluated"
            ),
            soft_wrap=True,
        )
    elif refitted:
        con.print(
            f"saved model: refitted on all {training.get('n')} labelled units after "
            f"evaluation (the figures above are the model fit on {ev.get('train')}; "
            "--no-refit keeps that one)"
        )
    _print_unlabelled(con, training.get("notes", {}), unit_flag="--set data.unit={}")
    given = result.config.data.path
    sources = data or [Path(p) for p in ([given] if isinstance(given, str) else given or [])]
    if sources and all((Path(p) / "dataset.json").is_file() for p in sources):
        # Nothing was parsed here: the saved dataset's notes, as built.
        _print_layouts(
            con, training, kept_in="model.json's training", what="as the dataset was built: "
        )
    else:
        _print_layouts(con, training, kept_in="model.json's training")
    _print_layouts(
        con, m.get("data_notes") or {}, kept_in="metrics.json's data_notes", what="test data: "
    )
    _print_skipped(con, training.get("skipped") or [])
    joint = result.model.info.get("joint")
    if joint and joint.get("used"):
        # "favour|without" is the class of favour units without topics.
        empty = [
            " ".join([*c.split("|", 1), joint["field"]]) for c in joint.get("empty_classes") or []
        ]
        none = f"; no training unit is {', '.join(empty)}" if empty else ""
        con.print(
            f"learned jointly with '{joint['field']}' "
            f"({len(result.model.labels) * len(joint['groups'])} classes, read back as "
            f"{len(result.model.labels)}{none})"
        )
    elif joint:
        con.print(f"note: learned alone, not jointly with '{joint['field']}': {joint['reason']}")
    from classify.reports import rule_feature_members, rule_feature_weights

    params = result.model.info.get("params")
    if rule_feature_weights(params):
        rules = [r for r in result.model.task.rules if not r.get("when")]
        members = rule_feature_members(params)
        where = f", {', '.join(members)} only" if members else ""
        con.print(
            f"features include the task's {len(rules)} labelling rules (rule_features{where})"
        )
    from classify.reports import silver_data_line

    if line := silver_data_line(result.model.info.get("silver_data")):
        con.print(f"saved model {line}")
    recency = result.model.info.get("recency")
    if recency and not recency.get("weight_range"):
        con.print(f"note: {recency.get('reason')}")
    elif recency:
        undated = recency.get("undated") or 0
        con.print(
            f"units weighted by date: halving every {recency['half_life_years']:g} years "
            f"before {recency['newest']} (weights {recency['weight_range'][0]:.3g} to "
            f"{recency['weight_range'][1]:.3g}"
            + (f"; {undated} undated at the mean" if undated else "")
            + f"; worth {recency['effective_units']} of {recency['units']} units)"
        )
        if recency["effective_units"] < recency["units"] / 4:
            warn(
                "the weighted fit is worth fewer than a quarter of the units; "
                "a longer recency_half_life keeps more of the older labels"
            )
    long_units = result.model.info.get("long_units") or {}
    if long_units.get("split") not in (None, "none"):
        con.print(
            f"long units: {long_units.get('min_words')} words or more are also scored by "
            f"their {long_units.get('split')} and pooled (saved with the model)"
        )
    _print_self_training(con, result.model.info.get("self_training"), result.config, saved=refitted)
    evaluated = m.get("self_training")
    saved_st = result.model.info.get("self_training") or {}
    if refitted and evaluated and evaluated.get("rounds") != saved_st.get("rounds"):
        con.print(
            "the evaluated model's self-training (before the refit): "
            + "; ".join(
                f"round {r['round']} {r['silver']} silver units ("
                + ", ".join(f"{k} {v}" for k, v in r["silver_per_label"].items())
                + ")"
                + _rules_said(r)
                + (f": {_no_silver(r, evaluated)}" if r["silver"] == 0 else "")
                for r in evaluated["rounds"]
            )
        )
    from classify.reports import pool_effect

    if evaluated and (effect := pool_effect(evaluated.get("without_pool"))):
        con.print(effect, soft_wrap=True)
    cal = result.metrics.get("calibration") or {}
    if "ece_uncalibrated" in cal:
        from classify.reports import calibration_effect

        # Said here too: a better ECE may cost decisions (review 114).
        con.print(f"calibration: {calibration_effect(cal)}", soft_wrap=True)
    changed = (result.model.info.get("overrides") or {}).get("set") or {}
    if changed and result.path is not None:
        con.print(
            f"saved as '{result.model.info.get('name')}' with values changed from the config "
            "file (named in the card and model.json): "
            + ", ".join(
                # A task or dict value (from --task) by its name, not in full.
                f"{k}={json.dumps(v.get('name', '...') if isinstance(v, dict) else v)}"
                for k, v in changed.items()
            ),
            soft_wrap=True,
        )
    con.print(f"saved: {result.path}  report: {Path(str(result.path)) / 'report.md'}")


def _no_silver(round_: dict[str, Any], st: dict[str, Any]) -> str:
    """Why a self-training round kept no silver unit, and what it means."""
    sure = round_.get("confident_per_label") or {}
    counts = ", ".join(f"{k} {v}" for k, v in sure.items())
    if st.get("balance") and sure and any(sure.values()):
        why = (
            f"balance keeps as many of each class, and the teacher was sure of no pool unit "
            f"of {', '.join(repr(k) for k, v in sure.items() if not v)} (sure of: {counts})"
        )
    else:
        why = "no pool unit reached self_training.min_confidence"
    return f"no silver units: {why}; the student equals the teacher"


def _rules_said(round_: dict[str, Any]) -> str:
    """``; rules agreed on N ...`` for a self-training round that used rules."""
    ruled = round_.get("rules")
    if not ruled:
        return ""
    return (
        f"; rules agreed on {ruled.get('agreed', '?')} (let in {ruled.get('vouched', '?')} "
        f"below the bar), disagreed on {ruled.get('disagreed', '?')} (dropped)"
    )


def _skipped_row(row: dict[str, Any]) -> str:
    """``file:line N: reason`` of one skipped row record."""
    where = f"{row.get('file')}:line {row['line']}" if row.get("line") else str(row.get("file"))
    return f"{where}: {row.get('reason')}"


def _print_self_training(
    con: Any, st: dict[str, Any] | None, cfg: Any, *, saved: bool = False
) -> None:
    """The train summary's self-training lines: per round what the pool
    gave, the since cut, sources that gave nothing, settings left unused
    (``saved``: they describe the refitted saved model, and say so)."""
    if not st:
        import dataclasses

        # Every self_training setting given (not its default) did nothing.
        defaults = type(cfg.self_training)()
        unused = [
            f.name
            for f in dataclasses.fields(cfg.self_training)
            if f.name != "rounds"
            and getattr(cfg.self_training, f.name) != getattr(defaults, f.name)
        ]
        if not cfg.data.unlabelled and cfg.self_training.rounds != defaults.rounds:
            unused.insert(0, "rounds")
        if cfg.data.unlabelled and not cfg.self_training.rounds:
            con.print("self-training off: self_training.rounds is 0 (the pool was not used)")
        if unused:
            warn(
                f"self_training.{' and self_training.'.join(unused)} unused: "
                + (
                    "self_training.rounds is 0"
                    if not cfg.self_training.rounds
                    else "no unlabelled pool (data.unlabelled or --unlabelled)"
                )
            )
        read = [k for k, v in vars(cfg.data.unlabelled_read).items() if v is not None]
        if read and not cfg.data.unlabelled:
            warn(
                f"data.unlabelled_read.{' and data.unlabelled_read.'.join(read)} "
                "unused: no unlabelled pool (data.unlabelled or --unlabelled)"
            )
        return
    pool = st["pool"]
    left_out = pool.get("outside_period", 0)
    con.print(
        ("saved model's " if saved else "")
        + f"unlabelled pool: {pool['scored']} pool units"
        + (
            f", {left_out} left out as dated before {pool['since']} or undated"
            f" ({pool.get('before_since', '?')} before, {pool.get('undated', '?')} undated)"
            if pool.get("since")
            else ""
        )
        + (
            f"; {pool['skipped']} row{'s' * (pool['skipped'] != 1)} skipped as unreadable "
            "or invalid"
            if pool.get("skipped")
            else ""
        )
        + (
            f"; {pool['excluded_as_labelled']} left out as labelled (or test) units"
            if pool.get("excluded_as_labelled")
            else ""
        )
        + (
            f"; {pool['duplicates']} repeated text{'s' * (pool['duplicates'] != 1)} read once"
            if pool.get("duplicates")
            else ""
        )
    )
    if pool.get("skipped_rows"):
        con.print(f"first skipped pool row: {_skipped_row(pool['skipped_rows'][0])}")
    if pool.get("since"):
        for source, n in zip(pool["sources"], pool["scored_per_source"]):
            if not n:
                warn(f"pool source {source} gives no unit dated on or after {pool['since']}")
    for r in st["rounds"]:
        counts = ", ".join(f"{k} {v}" for k, v in r["silver_per_label"].items())
        if r.get("silver_per_group"):
            counts += "; joint groups " + ", ".join(
                f"{k} {v}" for k, v in r["silver_per_group"].items()
            )
        con.print(
            f"self-training round {r['round']}: {r['silver']} silver units from "
            f"{pool['scored']} pool units ({counts}){_rules_said(r)}"
        )
        if r["silver"] == 0:
            con.print(f"  {_no_silver(r, st)}")
        elif note := _balance_note(r, st):
            con.print(f"  {note}", soft_wrap=True)


def _balance_note(round_: dict[str, Any], st: dict[str, Any]) -> str | None:
    """Where balancing kept far fewer silver units than the teacher was sure
    of: the scarce class that set the number, and how to keep more."""
    confident = round_.get("confident_per_label") or {}
    if not st.get("balance") or not confident:
        return None
    dropped = sum(confident.values()) - round_["silver"]
    if dropped < max(10, round_["silver"]):
        return None
    scarce = min(confident, key=lambda k: confident[k])
    if st.get("per_label") and confident[scarce] >= st["per_label"]:
        return None  # the per-label cap set the number, not the scarce class
    return (
        f"balanced: the teacher was sure of {confident[scarce]} '{scarce}' unit"
        f"{'s' * (confident[scarce] != 1)}, so {dropped} confident units of the other "
        "classes were not used (self_training.balance: false keeps them, at the cost of "
        "silver skewed toward the common classes; a lower self_training.min_confidence "
        "finds more of the scarce one)"
    )


def _refuse_existing(out: Path | None, overwrite: bool) -> None:
    """The overwrite rule (:func:`classify.store.check_writable`) applied
    before the heavy modules behind the API load: an existing output is
    refused in a fraction of a second, not after scikit-learn imports."""
    if out is not None:
        from classify.store import check_writable

        check_writable(out, overwrite=overwrite, folder=True)


def _refuse_other_files_evaluation(out: Path, data: Sequence[Path]) -> None:
    """The default folder of ``evaluate`` is named after the data's stems, so
    ``test.csv`` and ``test.jsonl`` share one: say which files' evaluation
    it holds rather than only that it exists."""
    import json

    try:
        held = json.loads((out / "metrics.json").read_text(encoding="utf-8"))["evaluation"]["data"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if not isinstance(held, str):
        return
    given = ", ".join(str(d) for d in data)
    # Stored as the paths joined by ", " (a name may hold a comma itself).
    if sorted(Path(h.strip()).name for h in held.split(", ")) != sorted(d.name for d in data):
        raise ClassifyError(
            f"already holds the evaluation of {held}; give this one of {given} a folder of "
            "its own with --out (or --overwrite to replace that one)",
            source=out,
        )


@app.command(short_help="Score a saved model on labelled data: metrics and a report.")
@offers(*READ_KEYS, "date_order", "date_column", "annotations", "gold_column")
def evaluate(
    model: Path = typer.Argument(..., help="A model folder."),
    data: list[Path] = typer.Argument(
        ..., help="Labelled data (JSONL/CSV, dataset folder, or articles)."
    ),
    out: Path | None = typer.Option(
        None, help="Folder for metrics.json and reports (default: MODEL/eval/DATA-NAME)."
    ),
    annotations: list[Path] | None = AnnotationsOption,
    unit: Unit | None = typer.Option(None, callback=auto_unit, help="Unit level for articles."),
    text_column: str | None = ModelTextColumnOption,
    id_column: str | None = ModelIdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = OnErrorOption,
    label_from_folder: str | None = ModelLabelFromFolderOption,
    date_order: DateOrder | None = ModelDateOrderOption,
    date_column: str | None = ModelDateColumnOption,
    exclude_train: bool = typer.Option(
        False,
        help="Leave out units the model was trained on (the same text, case and spacing folded).",
    ),
    bootstrap: int = typer.Option(
        1000, help="Bootstrap resamples for the 95% intervals (0: none)."
    ),
    seed: int = typer.Option(0, help="Seed of the bootstrap resamples."),
    by: str | None = typer.Option(
        None,
        help="Also score each year, quarter, month (of the units' dates) or source (outlet) "
        "apart, with its own intervals.",
    ),
    held_out: bool = typer.Option(
        False,
        "--held-out",
        help="Score the model folder's own held-out predictions (what its metrics and "
        "analyse's corrections come from), dated from DATA by id: DATA is its training data.",
    ),
    gold_column: str | None = typer.Option(
        None,
        "--gold-column",
        help="Column of DATA holding the gold labels, where it is not the task's field "
        "(e.g. stance_gold).",
    ),
    overwrite: bool = OverwriteOption,
) -> None:
    """Score a saved model on labelled data and write metrics.json and report.md."""
    if out is None:
        # Named after every file scored (one+te, in name order), not the
        # first alone; many files (shards) by the first and their number.
        stems = sorted(dict.fromkeys(d.stem for d in data))
        name = "+".join(stems)
        if len(stems) > 3 or len(name) > 100:
            name = f"{stems[0][:60]}+{len(stems) - 1}-more"
        out = model / "eval" / name
        if not overwrite:
            _refuse_other_files_evaluation(out, data)
    _refuse_existing(out, overwrite)
    from classify import api

    # Options not given are those the model was trained with.
    options = model_read_options(
        model,
        *(text_column, id_column, delimiter, encoding, on_error, date_order, date_column),
        label_from_folder=label_from_folder,
        columns=columns,
    )
    metrics = api.evaluate(
        model,
        data,
        out=out,
        annotations=annotations or None,
        unit=unit,
        options=options,
        exclude_train=exclude_train,
        n_bootstrap=bootstrap,
        seed=seed,
        overwrite=overwrite,
        by=by,
        held_out=held_out,
        gold_column=gold_column,
    )
    con = _console()
    overlap = (metrics.get("train_overlap") or {}).get("count", 0)
    if overlap and not exclude_train:
        from classify.api import overlap_message

        silver = metrics["train_overlap"].get("silver", 0)
        origin = metrics["train_overlap"].get("silver_origin", "pool")
        warn(f"{overlap_message(overlap, silver, origin)}; --exclude-train scores the rest")
    elif overlap:
        con.print(f"left out {overlap} units the model was trained on")
    what = (
        f"{model}: its held-out predictions, dated from {', '.join(map(str, data))}"
        if held_out
        else f"{model} on {', '.join(map(str, data))}"
    )
    con.print(metrics_table(metrics, f"{what} (n={metrics['n']})"))
    _print_per_target(con, metrics)
    _print_by(con, metrics)
    _print_unlabelled(con, metrics.get("data_notes", {}))
    _print_layouts(con, metrics.get("data_notes") or {}, kept_in="metrics.json's data_notes")
    _print_skipped(con, metrics.get("skipped") or [])
    con.print(f"saved: {out / 'metrics.json'}  report: {out / 'report.md'}")


Level = Literal["unit", "article"]
UnitOrQuote = Literal["auto", "article", "paragraph", "sentence", "quote"]
Engine = Literal["local", "ray"]


def _keep(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]


@app.command(short_help="Label articles or texts, with probabilities and metadata.")
@offers(*READ_KEYS, "date_order", "date_column")
def predict(
    model: Path = typer.Argument(..., help="A model folder."),
    inputs: list[Path] = typer.Argument(
        ..., help="Article folders, .txt, .html or .mht articles, or JSONL/CSV texts."
    ),
    out: Path | None = typer.Option(
        None, help="Write predictions to .jsonl, .csv or .parquet, or a folder of Parquet shards."
    ),
    unit: UnitOrQuote | None = typer.Option(
        None,
        callback=auto_unit,
        help="Unit level for articles (quote: quotations with their speakers).",
    ),
    level: Level = typer.Option(
        "unit", help="article: pool unit predictions to one row per article."
    ),
    keep_columns: str | None = typer.Option(
        None, help="Extra input columns to keep, comma-separated ('*' for all)."
    ),
    chunk_size: int = typer.Option(5000, help="Units per written chunk (whole articles)."),
    resume: bool = typer.Option(False, help="Skip the chunks an interrupted run already wrote."),
    overwrite: bool = OverwriteOption,
    engine: Engine = typer.Option("local", help="local (this process) or ray (Ray Data)."),
    address: str | None = typer.Option(None, help="Ray cluster address (default: a local one)."),
    workers: int | None = typer.Option(None, help="Ray workers for a local cluster."),
    text_column: str | None = ModelTextColumnOption,
    id_column: str | None = ModelIdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    date_order: DateOrder | None = ModelDateOrderOption,
    date_column: str | None = ModelDateColumnOption,
    on_error: OnError | None = typer.Option(
        None,
        help="stop (default): a bad row or file stops; skip: leave it out and list it "
        "(with --out, in OUT.skipped.jsonl beside the output, e.g. p.csv.skipped.jsonl).",
    ),
) -> None:
    """Label the units of articles or texts, with probabilities and metadata."""
    if out is not None:
        # A wrong suffix is refused before the model, or the heavy modules
        # behind the API, load.
        from classify.engines.local import output_kind

        output_kind(out)
        from classify.store import refuse_input_as_out

        # Nor is --out ever one of the inputs, --overwrite or not.
        refuse_input_as_out(out, list(inputs))
        if not resume:
            # So is an existing output, before the model loads
            # (check_output: an interrupted run's kept chunks first).
            from classify.engines.local import check_output

            check_output(out, overwrite=overwrite)
    from classify import api

    # Options not given are those the model was trained with, as in evaluate.
    options = model_read_options(
        model,
        *(text_column, id_column, delimiter, encoding, on_error, date_order, date_column),
        columns=columns,
    )
    with _progress() as report:
        result = api.predict(
            model,
            inputs,
            unit=unit,
            level=None if level == "unit" else level,
            out=out,
            report=report,
            options=options,
            keep_columns=_keep(keep_columns),
            chunk_size=chunk_size,
            resume=resume,
            overwrite=overwrite,
            engine=engine,
            address=address,
            workers=workers,
        )
    con = _console()
    if out is not None:
        counts = result.counts
        reused = f", {result.reused_chunks} reused" if result.reused_chunks else ""
        con.print(_table(counted(result.rows, "unit"), ["label", "units"], sorted(counts.items())))
        # Rows that are their own articles (a table of tweets) are not counted twice.
        articles = (
            "" if result.articles == result.rows else f"{counted(result.articles, 'article')}, "
        )
        con.print(
            f"saved: {result.path} ({counted(result.rows, 'row')}, {articles}"
            f"{counted(result.chunks, 'chunk')}{reused}, {result.seconds:.1f} s)"
        )
        _print_skipped(con, result.skipped, listed_in=result.skipped_file)
        if unit == "quote" and not result.rows:
            con.print(
                "note: no quotation was found in the input (quotations in double quotes or "
                "another language's quote marks, of three words or more; see the README's "
                "Speakers)",
                soft_wrap=True,
            )
        return
    frame = result
    _print_skipped(con, [k.to_dict() for k in options.skipped], listed_in="the lines above")
    clf_field = next(
        c for c in frame.columns if c not in ("id", "article_id", "text") and not c.startswith("p_")
    )
    counts: dict[str, int] = {}
    for value in frame[clf_field]:
        for name in value if isinstance(value, list) else [value]:
            counts[name] = counts.get(name, 0) + 1
        if isinstance(value, list) and not value:
            counts["(none)"] = counts.get("(none)", 0) + 1
    shown = frame.head(20)
    rows = [
        [
            r["id"],
            (r["text"][:70] + "…") if len(r["text"]) > 70 else r["text"],
            ", ".join(r[clf_field]) if isinstance(r[clf_field], list) else r[clf_field],
        ]
        for _, r in shown.iterrows()
    ]
    con.print(
        _table(f"predictions ({counted(len(frame), 'unit')})", ["unit", "text", clf_field], rows)
    )
    con.print(_table(counted(len(frame), "unit"), ["label", "units"], sorted(counts.items())))


@app.command(short_help="Prevalence of each label over time, outlets or speakers.")
@offers(*READ_KEYS, "date_order", "date_column", "rates_from")
def analyse(
    paths: list[Path] = typer.Argument(
        ..., help="Model folders, then the corpus (article folders, .txt/.html/.mht, JSONL/CSV)."
    ),
    by: str = typer.Option(
        "month",
        callback=check_grouping,
        help="Group units by month, quarter, year, source, country, dateline, speaker, all, "
        "or any other column of the corpus (section, language...); or by a category and a "
        "period, such as source,year (each outlet over time).",
    ),
    out: Path = typer.Option(..., help="Folder for prevalence.csv and report.md/.html."),
    predictions: list[Path] | None = typer.Option(
        None, help="Predictions files from classify predict, instead of a corpus (repeatable)."
    ),
    rates_from: list[Path] | None = typer.Option(
        None,
        help="Labelled units of the corpus's own kind: their error rates correct the counts, "
        "instead of the models' held-out units (repeatable).",
    ),
    unit: UnitOrQuote | None = typer.Option(
        None, callback=auto_unit, help="Unit level for articles (quote for --by speaker)."
    ),
    level: Level = typer.Option("unit", help="article: pool units to articles first."),
    methods: str = typer.Option("naive,acc,pacc,em", help="Estimates to compute."),
    headline: str | None = typer.Option(
        None,
        help="The corrected estimate drawn in the figures [default: pacc, or where --methods "
        "leaves it out the first corrected one given, else the naive share; one named must be "
        "among --methods].",
    ),
    bootstrap: int = typer.Option(200, help="Bootstrap resamples for the 95% intervals."),
    min_units: int = typer.Option(30, help="Groups with fewer units are marked too small."),
    min_articles: int = typer.Option(
        10,
        help="Groups from fewer articles are marked too small (the bootstrap resamples articles).",
    ),
    resume: bool = typer.Option(False, help="Resume an interrupted prediction run."),
    overwrite: bool = OverwriteOption,
    engine: Engine = typer.Option("local", help="local (this process) or ray (Ray Data)."),
    address: str | None = typer.Option(None, help="Ray cluster address (default: a local one)."),
    workers: int | None = typer.Option(None, help="Ray workers for a local cluster."),
    chunk_size: int = typer.Option(
        5000, help="Units per written chunk of predictions (what --resume keeps)."
    ),
    text_column: str | None = typer.Option(
        None,
        help="Table column holding the text (default: the column the models were trained on).",
    ),
    id_column: str | None = typer.Option(
        None,
        help="Table column holding the item id (default: the id column the models were "
        "trained with).",
    ),
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    date_order: DateOrder | None = ModelDateOrderOption,
    date_column: str | None = ModelDateColumnOption,
    on_error: OnError = typer.Option(
        "stop",
        help="stop: a bad row or file stops; skip: leave it out and list it "
        "(OUT/predictions-TASK.skipped.jsonl).",
    ),
) -> None:
    """Prevalence of each label by month, outlet or speaker, naive and
    corrected for classifier error, with 95% CIs and a report. Tables are
    read as the models' training data was (text and id columns, delimiter,
    encoding, date order and column) unless the options say otherwise."""
    import time

    models = [p for p in paths if (p / "model.json").is_file()]
    corpus = [p for p in paths if p not in models]
    if not models or paths[0] not in models:
        # The models come first: a corpus before them is named, as the API would.
        raise _no_model_among(paths)
    if not resume:
        # After the models are named: a wrong path is the first thing to hear.
        _refuse_existing(out, overwrite)
    from classify import api
    from classify.tables import ReadOptions

    if predictions and not rates_from:
        # How a corpus is read has nothing to read here: predictions files
        # are read as predict wrote them (--rates-from's units are read so).
        reading = {
            "text_column": text_column,
            "id_column": id_column,
            "delimiter": delimiter,
            "encoding": encoding,
            "date_column": date_column,
            "date_order": date_order,
            "on_error": None if on_error == "stop" else on_error,
            "columns": columns,
        }
        named = next((k for k, v in reading.items() if v is not None), None)
        if named is not None:
            raise ClassifyError(
                f"{option(named)} says how a corpus is read; {option('predictions', 'FILES')} "
                f"are read as classify predict wrote them (leave {option(named)} out; it applies "
                f"to {option('rates-from')} units)"
            )
    first = next((i for i, p in enumerate(paths) if p not in models), len(paths))
    if any(p in models for p in paths[first:]):
        # A misspelt or wrong folder among the models would be read as articles.
        raise _no_model_among(paths[first:])
    for p in corpus:
        # An analysis given as the corpus, or one among its articles (the
        # README's analysis/ layout).
        found = next(p.rglob("analysis.json"), None) if p.is_dir() else None
        if found is not None:
            raise ClassifyError(
                "an analysis classify wrote, not a corpus: give the articles it was made from "
                f"(its analysis.json lists them), or its predictions with {option('predictions')}",
                source=found.parent,
            )
    started = time.perf_counter()
    order_from = None
    order_given = date_order is not None
    differ: dict[str, str] = {}  # option -> the models' values, said at once below
    if date_order is None:
        order_from = "the order of the models' training data, which --date-order overrides"
        orders = {api.trained_read_options(m).date_order for m in models}
        if len(orders) > 1:
            # Month groups must not depend on the order the models are named in.
            differ["date_order"] = ", ".join(repr(o) for o in sorted(orders))
        else:
            date_order = orders.pop()
            if date_order == "day-first":
                # The models' data set no order of its own: day-first is the default.
                order_from = DEFAULT_ORDER
    # As predict and evaluate: what is not given is read as the models'
    # training data was, and models that differ need the option.
    given = {
        "text_column": text_column,
        "id_column": id_column,
        "delimiter": delimiter,
        "encoding": encoding,
        "date_column": date_column,
    }
    trained = [api.trained_read_options(m) for m in models]
    for key, value in given.items():
        if value is None:
            values = {getattr(t, key) for t in trained}
            if key == "date_column" and len(values) > 1:
                # A model that named no date column reads the default ones,
                # which a corpus without the other's column still has.
                values.discard(None)
            if len(values) > 1:
                # None is the reader's own choice (a sniffed delimiter, UTF-8).
                differ[key] = ", ".join(
                    sorted(repr(v) if v is not None else "not set" for v in values)
                )
                continue
            given[key] = values.pop()
    if differ:
        # All at once: asking for one option per run costs a run each.
        raise ClassifyError(
            "the models were trained on data read with different "
            + "; ".join(f"{k.replace('_', ' ')}s ({v})" for k, v in differ.items())
            + "; pass "
            + " and ".join(
                option(
                    k,
                    {"delimiter": "CHAR", "encoding": "CODEC", "date_order": "ORDER"}.get(
                        k, "NAME"
                    ),
                )
                for k in differ
            )
            + " for this corpus"
        )
    options = ReadOptions(
        **given,
        date_order=date_order,
        on_error=on_error,
        date_order_from=order_from,
        columns=columns,  # of this corpus's header-less tables, never the models'
    )
    # New data need not carry the training data's id column; one asked for must be there.
    options.id_column_optional = id_column is None or options.id_column == "id"
    options.date_column_optional = date_column is None
    options.date_order_given = order_given
    options.over_model = True  # the models' own settings are in it already
    with _progress() as report:
        table = api.analyse(
            models,
            corpus,
            predictions=predictions or None,
            rates_data=rates_from or None,
            by=by,
            out=out,
            unit=unit,
            level=None if level == "unit" else level,
            methods=_keep(methods),
            headline=headline,
            n_bootstrap=bootstrap,
            min_units=min_units,
            min_articles=min_articles,
            options=options,
            report=report,
            resume=resume,
            overwrite=overwrite,
            engine=engine,
            address=address,
            workers=workers,
            chunk_size=chunk_size,
        )
    con = _console()
    listings = sorted(out.glob("predictions-*.skipped.jsonl"))
    _print_skipped(
        con,
        [k.to_dict() for k in options.skipped],
        listed_in=", ".join(map(str, listings)) or out,
    )
    import pandas as pd

    groups = table["group"].nunique()
    small = table.loc[table["small"], "group"].nunique()
    # The corpus estimated as one group (each unit once), not a mean of the
    # groups' corrections, which are clipped to [0, 1] one by one.
    whole = pd.DataFrame(table.attrs["overall"])
    overall = whole.pivot_table(
        index=["task", "label"], columns="method", values="estimate", sort=False
    )
    # Shares with nothing measured behind them (the note below says why)
    # are not printed as figures.
    blank = set(whole.loc[whole["unmeasured"], ["task", "label", "method"]].itertuples(index=False))
    # Every method's interval beside its estimate: a correction resting on
    # thin rates (ACC at 0.55 from [0, 1]) must not read as a figure alone.
    drawn = str(table.attrs.get("headline") or "")
    bounds = {
        (r.task, r.label, r.method): (r.ci_low, r.ci_high)
        for r in whole.itertuples(index=False)
        if r.ci_low is not None and not pd.isna(r.ci_low)
    }
    # Shares at 0 or 1 that the error rates could explain, marked as the
    # report marks them (the note below says why).
    from classify.analysis_report import BOUNDARY_MARK, at_bound_cells

    at_edge = at_bound_cells(whole)

    def shown(t: str, lab: str, m: str, value: Any) -> Any:
        if (t, lab, m) in blank:
            return "-"
        if value is None or pd.isna(value):
            return value
        cell = f"{value:.3f}" + (BOUNDARY_MARK if (t, lab, m) in at_edge else "")
        if (t, lab, m) in bounds:
            low, high = bounds[t, lab, m]
            cell += f" [{low:.3f}, {high:.3f}]"
        return cell

    rows = [
        [f"{t}/{lab}", *[shown(t, lab, m, r.get(m)) for m in overall.columns]]
        for (t, lab), r in overall.iterrows()
    ]
    con.print(
        _table(
            # The groups' own figures are in the saved files, not printed here.
            f"share in the whole corpus ({by}: {counted(groups, 'group')} in prevalence.csv "
            "and the report)" + (", 95% intervals in brackets" if bounds else ""),
            ["label", *(f"{m} (headline)" if m == drawn else m for m in overall.columns)],
            rows,
        )
    )
    from classify.analysis import boundary_summary

    at_bound = boundary_summary(table)
    if at_bound:
        con.print(f"note: {at_bound}", soft_wrap=True)
    from classify.analysis import bound_against_note, disagreement_note

    for apart in (bound_against_note(table), disagreement_note(table)):
        if apart:
            con.print(f"note: {apart}", soft_wrap=True)
    if table.attrs.get("pooled"):
        from classify.analysis_report import pooled_note

        con.print(f"note: {pooled_note()}", soft_wrap=True)
    from classify.analysis_report import in_training_note

    ids = table.attrs.get("in_training_ids") or {}
    for task, (seen, n) in (table.attrs.get("in_training") or {}).items():
        warn(in_training_note(task, seen, n, ids.get(task, ())))
    if table.attrs.get("unattributed"):
        from classify.analysis_report import unattributed_note

        n, total = table.attrs["unattributed"], table.attrs.get("quotations", 0)
        con.print(unattributed_note(n, total), soft_wrap=True)
    if table.attrs.get("spellings"):
        from classify.analysis_report import spellings_note

        con.print(f"note: {spellings_note(table.attrs['spellings'])}", soft_wrap=True)
    if table.attrs.get("outlets"):
        from classify.analysis_report import outlets_note

        con.print(f"note: {outlets_note(table.attrs['outlets'])}", soft_wrap=True)
    if table.attrs.get("surnames"):
        from classify.analysis_report import surnames_note

        con.print(f"note: {surnames_note(table.attrs['surnames'])}", soft_wrap=True)
    if table.attrs.get("unplaced"):
        from classify.analysis_report import unplaced_note

        own = table.attrs.get("own_country", False)
        con.print(unplaced_note(table.attrs["unplaced"], own_country=own), soft_wrap=True)
    if table.attrs.get("repeated_texts"):
        from classify.analysis_report import repeated_note

        con.print(repeated_note(table.attrs["repeated_texts"]), soft_wrap=True)
    from classify.analysis import (
        coarse_dates_note,
        em_note,
        future_dates_note,
        rates_note,
        ungrouped_note,
    )
    from classify.analysis_report import plotted_groups

    if table.attrs.get("future_dates"):
        con.print(f"note: {future_dates_note(table.attrs['future_dates'])}", soft_wrap=True)
    from classify.analysis import empty_periods, empty_periods_note

    if empty := empty_periods(table["group"].unique(), by):
        con.print(f"note: {empty_periods_note(by, empty)}", soft_wrap=True)
    if table.attrs.get("one_day"):
        from classify.analysis import one_day_note

        con.print(f"note: {one_day_note(table.attrs['one_day'])}", soft_wrap=True)

    if table.attrs.get("unfilled"):
        from classify.analysis import unfilled_note

        con.print(f"note: {unfilled_note(table.attrs['unfilled'])}", soft_wrap=True)
    if table.attrs.get("ungrouped"):
        con.print(f"note: {ungrouped_note(table.attrs['ungrouped'])}", soft_wrap=True)
    if table.attrs.get("coarse_dates"):
        con.print(f"note: {coarse_dates_note(table.attrs['coarse_dates'])}", soft_wrap=True)
    timed, _, drawn = plotted_groups(table, str(table["task"].iloc[0]), by)
    if timed and drawn:
        con.print(f"note: {drawn}", soft_wrap=True)

    for task, rates in (table.attrs.get("rates_from") or {}).items():
        if rates.get("method") == "sample":
            con.print(
                f"{task}: error rates from {rates['units']} labelled units of {rates['data']} "
                "(--rates-from)",
                soft_wrap=True,
            )
        note = rates_note(task, rates, table.attrs.get("methods") or ("pacc",))
        if note:
            con.print(f"note: {note}", soft_wrap=True)
        from classify.analysis import corrects
        from classify.analysis_report import rates_in_training_note

        if rates.get("in_training") and corrects(table.attrs.get("methods") or ("pacc",)):
            # As Python warns it: rates from units the model learned are optimistic.
            warn(rates_in_training_note(task, rates["in_training"], rates.get("units")))
    note = em_note(table.attrs.get("rates_from") or {}, table.attrs.get("methods") or ())
    if note:
        con.print(f"note: {note}", soft_wrap=True)
    from classify.analysis import length_shift_note, small_groups_note

    if table.attrs.get("overlapping"):
        from classify.analysis_report import OVERLAPPING_NOTE

        con.print(f"note: {OVERLAPPING_NOTE}", soft_wrap=True)
    # Dates with a year only: the note above already says --by year.
    if not table.attrs.get("coarse_dates") and (note := small_groups_note(by, groups, small)):
        con.print(f"note: {note}", soft_wrap=True)
    for task, (corpus_words, trained_words) in (table.attrs.get("length_shift") or {}).items():
        note = length_shift_note(task, corpus_words, trained_words)
        if note:
            con.print(f"note: {note}", soft_wrap=True)
    from classify.analysis import later_dates_notes

    for note in later_dates_notes(table.attrs):
        con.print(f"note: {note}", soft_wrap=True)
    con.print(
        f"{counted(groups, 'group')} ({small} too small); {time.perf_counter() - started:.1f} s; "
        f"report: {out / 'report.html'}",
        soft_wrap=True,
    )


@app.command(short_help="A leaderboard with 95% CIs and paired bootstrap tests.")
@offers(*READ_KEYS, "date_order", "date_column", "annotations", "gold_column")
def compare(
    models: list[Path] = typer.Argument(..., help="Model folders, or run folders holding models."),
    data: list[Path] | None = typer.Option(
        None, help="Evaluate every model on this labelled data."
    ),
    out: Path = typer.Option(Path("comparison"), help="Folder for compare.md/.html/.png/.json."),
    annotations: list[Path] | None = AnnotationsOption,
    unit: Unit | None = typer.Option(None, callback=auto_unit, help="Unit level for articles."),
    text_column: str | None = typer.Option(
        None, help="Table column holding the text (default: the first model's, else text)."
    ),
    id_column: str | None = ModelIdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = OnErrorOption,
    label_from_folder: str | None = ModelLabelFromFolderOption,
    date_order: DateOrder | None = ModelDateOrderOption,
    date_column: str | None = ModelDateColumnOption,
    exclude_train: bool = typer.Option(
        False,
        help="With --data: leave out units any of the models was trained on (same text).",
    ),
    metric: str | None = typer.Option(
        None,
        help="Figure to rank by and test: macro_f1, f_avg, accuracy, micro_f1, exact_match or "
        "f1/LABEL (default: each task's primary metric).",
    ),
    bootstrap: int = typer.Option(
        1000, help="Bootstrap resamples for the 95% intervals and the paired tests (0: none)."
    ),
    gold_column: str | None = typer.Option(
        None,
        "--gold-column",
        help="With --data: its column holding the gold labels, where it is not the task's "
        "field (models of one task).",
    ),
    overwrite: bool = OverwriteOption,
) -> None:
    """A leaderboard with 95% CIs and paired bootstrap tests against the best."""
    _refuse_existing(out, overwrite)
    from classify import api

    # Options not given are those the first model (a run folder's first)
    # was trained with, as api.compare reads the data without flags.
    found = api.find_models(models)
    options = (
        model_read_options(
            found[0],
            *(text_column, id_column, delimiter, encoding, on_error, date_order, date_column),
            label_from_folder=label_from_folder,
            columns=columns,
        )
        if found
        else None
    )
    results = api.compare(
        models,
        data=data or None,
        out=out,
        annotations=annotations or None,
        unit=unit,
        overwrite=overwrite,
        text_column=text_column,
        exclude_train=exclude_train,
        options=options,
        metric=metric,
        n_bootstrap=bootstrap,
        gold_column=gold_column,
    )
    con = _console()
    for task, entry in results.items():
        if "skipped" in entry:
            con.print(f"{task}: skipped ({entry['skipped']})")
            continue
        tests = {t["b_name"]: t for t in entry["tests"]}
        rows = []
        undefined = all(r.get(entry["metric"]) is None for r in entry["rows"])
        for r in entry["rows"]:
            # No model is best where the figure is undefined for every one.
            vs = "n/a (undefined)" if undefined else _paired_cell(tests.get(r["name"]))
            key = entry["metric"]
            other = r.get("micro_f1", r.get("accuracy")) if key == "macro_f1" else r["macro_f1"]
            # Marked on its row: a model that trained on test units may top
            # the table, and the warning below is easy to miss.
            seen = (entry.get("train_overlap") or {}).get(r["name"])
            name = f"{r['name']} (trained on {seen})" if seen else r["name"]
            rows.append([name, r["family"], r["n"], _with_ci(r[key], r["ci95"]), other, vs])
        others = "micro/acc" if entry["metric"] == "macro_f1" else "macro_f1"
        con.print(
            _table(
                f"{task}: {len(rows)} models on {entry['data']}, ranked by {entry['metric']}",
                [
                    "model",
                    "family",
                    "n",
                    f"{entry['metric']} [95% CI]",
                    others,
                    "best - this (paired)",
                ],
                rows,
            )
        )
        if entry.get("averages"):
            con.print(f"note: {entry['averages']}", soft_wrap=True)
        from classify.reports import no_width_note

        intervals = {str(i): x.get("ci95") for i, x in enumerate(entry["rows"])} | {
            f"diff:{i}": x.get("ci95") for i, x in enumerate(entry["tests"])
        }
        if note := no_width_note({"ci95": {k: v for k, v in intervals.items() if v}}):
            con.print(f"note: {note}", soft_wrap=True)
        for t in entry["tests"]:
            if t.get("p_note"):
                con.print(f"note: {t['a_name']} vs {t['b_name']}: {t['p_note']}", soft_wrap=True)
        if entry.get("baseline"):
            from classify.api import _baseline_note

            con.print(_baseline_note(entry["baseline"]), soft_wrap=True)
        if any((entry.get("train_overlap") or {}).values()):
            from classify.api import _overlap_note

            n = entry["rows"][0]["n"]
            warn(
                f"{_overlap_note(entry['train_overlap'], n)}, so their figures are "
                "optimistic (--exclude-train scores the rest)"
            )
        if entry.get("excluded_train"):
            from classify.api import _excluded_note

            con.print(f"{task}: {_excluded_note(entry['excluded_train'])}", soft_wrap=True)
        _print_unlabelled(con, entry.get("data_notes") or {})
        _print_skipped(
            con, entry.get("skipped_rows") or [], listed_in=Path(entry["path"]) / "skipped.jsonl"
        )
        con.print(f"saved: {Path(entry['path']) / 'compare.md'}", soft_wrap=True)


@experiment_app.command("run", short_help="Run (or resume) an experiment grid; write its results.")
@offers(*READ_KEYS, "date_order", "date_column")
def experiment_run(
    experiment: Path = typer.Argument(
        ..., help="An experiment file, e.g. experiments/families.yaml."
    ),
    data: Path | None = typer.Option(None, help="Labelled data (overrides the file's 'data')."),
    dataset: list[str] | None = typer.Option(
        None,
        help="NAME=PATH for a named dataset that protocols test on (overrides 'datasets').",
    ),
    only: str | None = typer.Option(
        None,
        help="Run only cells whose id contains this text; every other cell must be stored already "
        "(the tables are written from all of them).",
    ),
    fresh: bool = typer.Option(
        False, help="Recompute cells (those selected by --only) even where results are stored."
    ),
    overwrite: bool = typer.Option(
        False,
        "--overwrite",
        help="Replace existing results/NAME.md and .json (stored cells are reused either way).",
    ),
    text_column: str | None = TextColumnOption,
    id_column: str | None = IdColumnOption,
    delimiter: str | None = DelimiterOption,
    columns: str | None = ColumnsOption,
    encoding: str | None = EncodingOption,
    on_error: OnError | None = OnErrorOption,
    date_order: DateOrder | None = DateOrderOption,
    date_column: str | None = DateColumnOption,
) -> None:
    """Run (or resume) an experiment grid; write results/NAME.md and NAME.json.

    The data is read as the experiment file's 'read' says, else as its models'
    configs' data sections agree; these options go over both."""
    from classify import experiments

    # Defaults where not given: only settings other than the defaults go
    # over the experiment file's own.
    read = _read_options(
        text_column, id_column, delimiter, encoding, on_error,
        date_order=date_order or "day-first", date_column=date_column, columns=columns,
    )  # fmt: skip

    with _progress() as report:
        named = {}
        for item in dataset or []:
            name, sep, path = item.partition("=")
            if not sep or not name or not path:
                raise ClassifyError(f"--dataset expects NAME=PATH, got '{item}'")
            named[name] = path
        summary = experiments.run_experiment(
            experiment,
            data=data,
            datasets=named,
            only=only,
            fresh=fresh,
            report=report,
            overwrite=overwrite,
            options=read,
        )
    con = _console()
    for board in summary["leaderboards"]:
        tests = {t["b_name"]: t for t in board["tests"]}
        ranked = board.get("metric") or "macro_f1"
        rows = []
        untested = set(board.get("untested") or ())
        for r in board["rows"]:
            vs = (
                "no paired test (other test units)"
                if r["name"] in untested
                else _paired_cell(tests.get(r["name"]))
            )
            other = r.get("micro_f1", r.get("accuracy"))
            rows.append(
                [r["name"]]
                # Ranked (and tested) by another figure: that figure first.
                + ([_with_ci(r.get(ranked), r.get("ci95_ranked"))] if ranked != "macro_f1" else [])
                + [_with_ci(r["macro_f1"], r["ci95"]), r.get("macro_f1_std"), other, vs]
            )
        seeds = board.get("seeds") or []
        # The CI and the paired test are of one seed; the figure is the mean.
        seed_note = f" (seed {seeds[0]})" if len(seeds) > 1 else ""
        con.print(
            _table(
                f"{board['task']} / {board['protocol']} ({board['n_test']} test units"
                + (
                    f"; {board.get('n_train', board['train_size'])} training units"
                    if board.get("train_size") is not None
                    else ""
                )
                + ")",
                ["model"]
                + ([f"{ranked} [95% CI{seed_note}] (ranks)"] if ranked != "macro_f1" else [])
                + [
                    f"macro-F1 [95% CI{seed_note}]",
                    "sd (seeds)",
                    "micro/acc",
                    f"best - this{seed_note}" + (f" ({ranked})" if ranked != "macro_f1" else ""),
                ],
                rows,
            )
        )
        if absent := board.get("labels_without_gold"):
            from classify.reports import absent_labels_note

            con.print(absent_labels_note(absent), soft_wrap=True)
    run = summary["run"]
    computed = run.get("computed_cells") or {}
    new = (
        "; computed: " + ", ".join(f"{k} {n}" for k, n in computed.items())
        if computed and run["reused_cells"]
        else ""
    )
    con.print(f"{run['cells']} cells ({run['reused_cells']} reused{new}) in {run['seconds']} s")
    if summary["errors"]:
        n = len(summary["errors"])
        con.print(
            f"{n} {'cell' if n == 1 else 'cells'} failed (listed in the results; tried again "
            "on a rerun):"
        )
        for failed in summary["errors"][:3]:
            con.print(f"  {failed.get('id', '?')}: {failed.get('error', '?')}", soft_wrap=True)
        if n > 3:
            con.print(f"  and {n - 3} more (all in the results)")
    for note in summary.get("notes") or []:
        con.print(f"note: {note}", soft_wrap=True)
    results = Path(summary["experiment"]).parent / "results" / f"{summary['name']}.md"
    con.print(f"results: {results}", soft_wrap=True)
    if summary["errors"] and len(summary["errors"]) >= run["cells"]:
        first = summary["errors"][0]
        raise ClassifyError(
            f"every cell failed; the first, {first.get('id', '?')}: {first.get('error', '?')}"
        )
    if summary["errors"]:
        # A script or CI job running the experiment must see that it is incomplete.
        raise ClassifyError(
            f"{len(summary['errors'])} of {run['cells']} cells failed (listed above); the "
            "results hold the others, and a rerun tries the failed ones again"
        )


# Set once SIGTERM stopped the command: it exits 143 (128 + 15), as the
# shell reports a process terminated so, not 130 (Ctrl-C's).
_TERMINATED: list[int] = []


def _stop_code() -> int:
    return 143 if _TERMINATED else 130


def _terminate_as_interrupt() -> Any:
    """SIGTERM (what batch schedulers and `timeout` send) stops a command the
    way Ctrl-C does, so a long run says what it kept and exits cleanly.
    Returns the previous handler (None where it could not be set)."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        _TERMINATED.append(signum)
        raise KeyboardInterrupt

    # Not possible outside the main thread (a command run in-process).
    with contextlib.suppress(ValueError):
        return signal.signal(signal.SIGTERM, stop)
    return None


def _restore_terminate(previous: Any) -> None:
    # A command run in-process (a test, a notebook) leaves SIGTERM as it was.
    import signal

    if previous is not None:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGTERM, previous)


def main() -> None:
    """Entry point: run the app, turning user errors into one line and exit 1."""
    previous = _terminate_as_interrupt()
    _LAST_STEP.clear()  # a command in the same process before this one
    try:
        # A command names the read options it has; messages name flags.
        with offered_options(), cli_context():
            code = app(standalone_mode=False, prog_name="classify")
        if code == 130:
            # Typer turns Ctrl-C (and SIGTERM, above) into exit status 130
            # without a word; say so, as for every other stop.
            raise KeyboardInterrupt
        # As Click's own main would: the exit status of `--help` or of an
        # explicit exit, else 0.
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Abort:
        print("error: aborted", file=sys.stderr)
        sys.exit(1)
    except typer.TyperException as exc:
        # Click's errors (Typer ships its own copy): a bad flag or value.
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # `classify` alone, or a group alone: its help
            sys.exit(0)
        # One line, as for every other error, instead of Click's usage block.
        message = " ".join(exc.format_message().replace("Value error, ", "").split())
        ctx = getattr(exc, "ctx", None)
        # Without a context (an option missing its value) the command is argv's first word.
        first = [a for a in sys.argv[1:2] if not a.startswith("-")]
        path = ctx.command_path if ctx is not None else " ".join(["classify", *first])
        where = f" (see '{path} --help')"
        if message.startswith("Got unexpected extra argument") and (
            flag := _option_before_extra(message, sys.argv[1:])
        ):
            # "--data a.csv b.csv": each file takes its own option, as in most CLIs.
            where = f" (several files: give each its own {flag}, {flag} a.csv {flag} b.csv){where}"
        print(f"error: {message}{where}", file=sys.stderr)
        sys.exit(getattr(exc, "exit_code", 2))
    except ClassifyError as exc:
        from classify.schema import with_key_line

        # A key of a YAML file found wrong only at run time (an experiment's
        # data path) is named with its line, as at load; a list of problems
        # carries a line on each.
        if "\n" not in exc.message:
            exc = with_key_line(exc, written=True)
        # Plain print: a rich console would wrap a long message over lines.
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(_stop_code() if exc.exit_code == 130 else exc.exit_code)
    except KeyboardInterrupt:
        # Only `experiment run` has --fresh; other commands reuse their cache.
        fresh = (
            " (without --fresh, which recomputes them; with --overwrite where an earlier run "
            "wrote its results files)"
            if sys.argv[1:2] == ["experiment"]
            else ""
        )
        # Each command's own cache: finished cells are an experiment's alone.
        cached = (
            "texts an encoder encoded, finished cells"
            if sys.argv[1:2] == ["experiment"]
            else "texts an encoder encoded, for the families that encode them"
        )
        step = (
            f" at {_LAST_STEP['stage']} {_LAST_STEP['done']}/{_LAST_STEP['total']}"
            if _LAST_STEP.get("total")
            else ""
        )
        print(
            f"error: interrupted{step}; nothing half-written was left, and work already cached "
            f"({cached}) is reused when the command runs again{fresh}",
            file=sys.stderr,
        )
        sys.exit(_stop_code())
    except OSError as exc:
        if os.environ.get("CLASSIFY_DEBUG") or exc.errno != errno.ENAMETOOLONG:
            print_unexpected(exc)
        # A text typed where a path goes (a quoted paragraph): say so.
        name = str(exc.filename or "")
        shown = name if len(name) <= 60 else name[:57] + "..."
        print(
            f"error: {shown}: no such file (the name is too long for one; commands take "
            "paths: write texts to a file, or pass them to classify.predict in Python)",
            file=sys.stderr,
        )
        sys.exit(1)
    except Exception as exc:  # an unexpected failure is still one line, unless debugging
        print_unexpected(exc)
    finally:
        _restore_terminate(previous)


def print_unexpected(exc: BaseException) -> None:
    """One line for an unexpected failure and exit 1 (2 is a mistyped command
    or option), or the traceback with
    ``CLASSIFY_DEBUG`` set."""
    if os.environ.get("CLASSIFY_DEBUG"):
        raise exc
    from classify.errors import missing_library

    if (missing := missing_library(exc)) is not None:
        print(f"error: {missing}", file=sys.stderr)
        sys.exit(1)
    message = " ".join(str(exc).split())
    print(
        f"error: unexpected {exc.__class__.__name__}: {message} "
        "(set CLASSIFY_DEBUG=1 for the traceback)",
        file=sys.stderr,
    )
    sys.exit(1)


if __name__ == "__main__":
    main()
