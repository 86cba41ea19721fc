"""The ``classify analyse`` report: prevalence by group as Markdown and a
self-contained HTML page (figures embedded as PNG data), drawn with the
document model and plot helpers of :mod:`classify.reports`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from classify.reports import _Doc, _figure, _png

TIME_GROUPINGS = ("month", "quarter", "year")
_NAMES = {
    "naive": "naive (classify and count)",
    "acc": "ACC (Forman 2008)",
    "pacc": "PACC (Bella et al. 2010)",
    "em": "EM (Saerens et al. 2002)",
}


def _time_value(group: str, by: str) -> float | None:
    """A group key as a fractional year for the x axis; None if not a date."""
    try:
        year = int(group[:4])
        if by == "month":
            return year + (int(group[5:7]) - 1) / 12
        if by == "quarter":
            return year + (int(group[-1]) - 1) / 4
        return float(year)
    except (ValueError, IndexError):
        return None


def plot_series(table: Any, task: str, by: str, headline: str) -> bytes | None:
    """One panel per label: the headline estimate with its 95% band and the
    naive share dashed, over time (or over groups, as points with bars);
    groups marked small are drawn hollow."""
    rows = table[(table["task"] == task) & table["method"].isin(["naive", headline])]
    labels = list(dict.fromkeys(rows["label"]))
    if not labels:
        return None
    fig = _figure(9, 2.3 * len(labels))
    axes = fig.subplots(len(labels), 1, squeeze=False)[:, 0]
    timed = by in TIME_GROUPINGS
    for ax, label in zip(axes, labels):
        mine = rows[rows["label"] == label]
        for method, style in ((headline, "-"), ("naive", "--")):
            part = mine[mine["method"] == method].copy()
            if timed:
                part["x"] = [_time_value(g, by) for g in part["group"]]
                part = part.dropna(subset=["x"]).sort_values("x")
            else:
                part = part[part["group"] != "(unknown)"].reset_index(drop=True)
                part["x"] = range(len(part))
            if part.empty:
                continue
            color = "#4c72b0" if method == headline else "#888888"
            ax.plot(part["x"], part["estimate"], style, color=color, lw=1.3, label=_NAMES[method])
            if method == headline and part["ci_low"].notna().any():
                ax.fill_between(
                    part["x"].to_numpy(dtype=float),
                    part["ci_low"].to_numpy(dtype=float),
                    part["ci_high"].to_numpy(dtype=float),
                    color=color,
                    alpha=0.22,
                    lw=0,
                    label="95% CI",
                )
            small = part[part["small"]]
            if method == headline and len(small):
                ax.scatter(
                    small["x"],
                    small["estimate"],
                    facecolors="none",
                    edgecolors="#c44e52",
                    s=14,
                    label="small group",
                    zorder=3,
                )
            if not timed:
                ax.set_xticks(range(len(part)), part["group"], rotation=60, fontsize=7, ha="right")
        ax.set_ylabel(label)
        top = mine[["estimate", "ci_high"]].max(numeric_only=True).max()
        ax.set_ylim(0, min(1.0, float(top) * 1.15 + 0.01) if top == top else 1.0)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, loc="upper right", ncol=4)
    axes[0].set_title(f"{task}: share of units per {by}")
    return _png(fig)


def plot_stacked(table: Any, task: str, by: str, headline: str) -> bytes | None:
    """The share of each (mutually exclusive) label stacked to 100% over
    time, from the headline estimates."""
    rows = table[(table["task"] == task) & (table["method"] == headline)]
    wide = rows.pivot_table(index="group", columns="label", values="estimate")
    wide = wide[[c for c in dict.fromkeys(rows["label"]) if c in wide.columns]]
    x = [_time_value(g, by) for g in wide.index]
    keep = [i for i, v in enumerate(x) if v is not None]
    if len(keep) < 2:
        return None
    wide = wide.iloc[keep]
    xs = [x[i] for i in keep]
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    fig = _figure(9, 3.2)
    ax = fig.subplots()
    colours = ["#55a868", "#c44e52", "#b0b0b0", "#4c72b0", "#8172b2"]
    ax.stackplot(
        [xs[i] for i in order],
        *[wide[c].to_numpy()[order] for c in wide.columns],
        labels=list(wide.columns),
        colors=colours[: len(wide.columns)],
        alpha=0.85,
    )
    ax.set_ylim(0, 1)
    ax.set_title(f"{task}: share per {by} ({_NAMES[headline]})")
    ax.legend(fontsize=8, loc="upper left", ncol=len(wide.columns))
    return _png(fig)


def _group_rows(table: Any, task: str, headline: str) -> tuple[list[list[str]], list[str]]:
    rows = table[table["task"] == task]
    labels = list(dict.fromkeys(rows["label"]))
    columns = ["group", "units", "articles", "trust"]
    for label in labels:
        columns += [f"{label} naive", f"{label} {headline} [95% CI]"]
    out = []
    for group, part in rows.groupby("group", sort=True):
        first = part.iloc[0]
        cells = [
            str(group),
            str(first["n_units"]),
            str(first["n_articles"]),
            "too small" if first["small"] else "ok",
        ]
        for label in labels:
            naive = part[(part["label"] == label) & (part["method"] == "naive")]
            best = part[(part["label"] == label) & (part["method"] == headline)]
            cells.append(f"{naive['estimate'].iloc[0]:.3f}" if len(naive) else "-")
            if len(best):
                b = best.iloc[0]
                ci = (
                    f" [{b['ci_low']:.2f}, {b['ci_high']:.2f}]"
                    if b["ci_low"] is not None and b["ci_low"] == b["ci_low"]
                    else ""
                )
                cells.append(f"{b['estimate']:.3f}{ci}")
            else:
                cells.append("-")
        out.append(cells)
    return out, columns


def write_analysis_report(
    table: Any,
    directory: Path,
    *,
    by: str,
    headline: str,
    models: Mapping[str, str],
    multilabel: Mapping[str, bool],
    min_units: int,
) -> dict[str, Path]:
    """``report.md``, ``report.html`` and one PNG per figure in
    ``directory``; returns their paths by name."""
    doc = _Doc(f"Prevalence by {by}")
    n_boot = table.attrs.get("n_bootstrap")
    doc.p(
        f"Share of units with each label per {by}. The naive figure counts the "
        f"model's decisions; {_NAMES[headline]} corrects it with the error rates the "
        "model showed on its held-out (out-of-fold) predictions. Intervals: 95% "
        f"percentile bootstrap ({n_boot} resamples of the group's articles and of the "
        f"evaluation units). Groups with fewer than {min_units} units are marked "
        "'too small' (hollow red points in the figures): their estimates are not to be "
        "trusted."
    )
    doc.table([[task, path] for task, path in models.items()], ["task", "model"])
    for task in dict.fromkeys(table["task"]):
        doc.h(task)
        doc.img(f"{task}-series.png", plot_series(table, task, by, headline), f"{task} by {by}")
        if not multilabel.get(task, False) and by in TIME_GROUPINGS:
            doc.img(
                f"{task}-stacked.png",
                plot_stacked(table, task, by, headline),
                f"{task} share stacked by {by}",
            )
        rows, columns = _group_rows(table, task, headline)
        doc.table(rows, columns)
    return doc.write(Path(directory), "report")
