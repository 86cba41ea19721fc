"""The ``classify analyse`` report: prevalence by group as Markdown and a
self-contained HTML page (figures embedded as PNG data), drawn with the
document model and plot helpers of :mod:`classify.reports`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import in_cli, option
from classify.reports import _Doc, _figure, _png

TIME_GROUPINGS = ("month", "quarter", "year")
_NAMES = {
    "naive": "naive (classify and count)",
    "acc": "ACC (Forman 2008)",
    "pacc": "PACC (Bella et al. 2010)",
    "em": "EM (Saerens et al. 2002)",
}


# Each estimate in a sentence, for the report's readers.
_METHOD_WORDS = {
    "naive": "naive, the share of units the model gives the label (classify and count)",
    "acc": "ACC (adjusted classify and count, Forman 2008), the naive share corrected by "
    "the model's true- and false-positive rates",
    "pacc": "PACC (probabilistic ACC, Bella et al. 2010), the same correction on the "
    "model's mean probability in place of its count of decisions",
    "em": "EM (Saerens, Latinne and Decaestecker 2002), the label shares re-estimated by "
    "expectation maximisation: the model's probabilities are adjusted to candidate shares "
    "until their mean equals those shares",
}
# Categorical groupings draw at most this many groups (the largest).
MAX_GROUPS = 40
# A category over time (source,year) draws at most this many lines.
MAX_FACETS = 6
_BLUE, _GREY, _SMALL = "#4c72b0", "#888888", "#b0b0b0"

# The per-label error rates a report shows (api._label_rates), in order.
_RATE_KEYS = ("tpr", "fpr", "p_pos", "p_neg")


def _sized(group: str, size: Any) -> str:
    """A group with its number of units: ``Reuters (1 unit)``, ``2019 (4 units)``."""
    n = int(size)
    return f"{group} ({n} unit{'' if n == 1 else 's'})"


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


def plotted_groups(
    table: Any, task: str, by: str, max_groups: int = MAX_GROUPS
) -> tuple[bool, list[str], str | None]:
    """Which of a task's groups the figures draw, and how.

    Returns ``(timed, groups, note)``: ``timed`` when the groups are drawn
    as a time series (a time grouping with at least two dated groups; a
    single one is drawn as a point); ``groups`` in drawing order (by date,
    or by number of units, largest first, capped at ``max_groups`` for
    categories); ``note`` names the groups left out and why (None when
    every group of the table is drawn)."""
    rows = table[table["task"] == task]
    sizes = rows.groupby("group")["n_units"].max()
    if "," in by:
        return _plotted_facets(sizes, by)
    dated = {g: _time_value(str(g), by) for g in sizes.index} if by in TIME_GROUPINGS else {}
    dated = {g: v for g, v in dated.items() if v is not None}
    # A period that starts after today is a misread date, most likely: drawn,
    # it would squeeze every real period into a corner of the axis.
    future = sorted((g for g, v in dated.items() if v > _today_value()), key=dated.get)
    if len(dated) - len(future) >= 2:
        left = [str(g) for g in sizes.index if g not in dated]
        notes = []
        if left:
            notes.append(
                f"Not drawn (no {by} to place on the time axis): "
                + ", ".join(_sized(g, sizes[g]) for g in left)
                + "; see the table."
            )
        if future:
            notes.append(
                "Not drawn (dated after today: a misread date?): "
                + ", ".join(_sized(g, sizes[g]) for g in future)
                + "; see the table."
            )
        kept = [g for g in dated if g not in future]
        return True, sorted(kept, key=dated.get), " ".join(notes) or None
    order = sorted(sizes.index, key=lambda g: (-int(sizes[g]), str(g)))
    kept, left = order[:max_groups], order[max_groups:]
    note = None
    if left:
        note = (
            f"Drawn: the {len(kept)} largest of {len(order)} groups; "
            f"{len(left)} smaller ones ({int(sizes[left].sum())} units, "
            f"{int(sizes[left].max())} at most each) are in the table only."
        )
    return False, [str(g) for g in kept], note


def _today_value() -> float:
    """Today as a fractional year, the scale of :func:`_time_value`."""
    import datetime as dt

    today = dt.date.today()
    # On the month scale, so the current month (or quarter, year) is not after today.
    return today.year + (today.month - 1) / 12 + (today.day - 1) / (12 * 31)


def _plotted_facets(sizes: Any, by: str) -> tuple[bool, list[str], str | None]:
    """:func:`plotted_groups` of a category over time: the groups of the
    ``MAX_FACETS`` largest categories (by units), each category's periods in
    date order."""
    from classify.analysis import grouping_parts, split_group

    category, period = grouping_parts(by, typos=False)
    parts = {g: split_group(str(g)) for g in sizes.index}
    totals: dict[str, int] = {}
    for g, (facet, _) in parts.items():
        totals[facet] = totals.get(facet, 0) + int(sizes[g])
    order = sorted(totals, key=lambda f: (-totals[f], f))
    kept = order[:MAX_FACETS]
    dated = {g: _time_value(t, period) for g, (_, t) in parts.items()}
    # Groups dated to a coarser period ("2018 (no quarter)") have no place on
    # the time axis, nor do periods after today (a misread date, most
    # likely, as plotted_groups says of a time grouping alone): named in the
    # notes below, not drawn.
    future = [
        str(g)
        for g, v in dated.items()
        if v is not None and v > _today_value() and parts[g][0] in kept
    ]
    placed = [
        g
        for g in sizes.index
        if parts[g][0] in kept and dated[g] is not None and str(g) not in future
    ]
    groups = [str(g) for g in sorted(placed, key=lambda g: (kept.index(parts[g][0]), dated[g]))]
    notes = []
    if len(order) > len(kept):
        left = order[len(kept) :]
        notes.append(
            f"Drawn: the {len(kept)} largest {category} groups of {len(order)}; "
            f"{len(left)} smaller ones ({sum(totals[f] for f in left)} units) are in the "
            "table only."
        )
    undated = [str(g) for g, v in dated.items() if v is None and parts[g][0] in kept]
    if undated:
        notes.append(
            f"Not drawn (no {period} to place on the time axis): "
            + ", ".join(_sized(g, sizes[g]) for g in undated)
            + "; see the table."
        )
    if future:
        notes.append(
            "Not drawn (dated after today: a misread date?): "
            + ", ".join(_sized(g, sizes[g]) for g in future)
            + "; see the table."
        )
    return bool(groups), groups, " ".join(notes) or None


def grouping_name(by: str) -> str:
    """``"source,year"`` in words: ``"source and year"``."""
    return " and ".join(by.split(","))


def _headroom(values: Any) -> float:
    """An upper axis limit a little above the highest value (at most 1.05)."""
    top = float(np.nanmax(values)) if len(values) and np.isfinite(values).any() else 1.0
    return min(1.05, top + max(0.03, 0.12 * top))


def plot_series(table: Any, task: str, by: str, headline: str) -> bytes | None:
    """One panel per label: the headline estimate with its 95% interval and
    the naive share. Over time (two dated groups or more): lines, the
    interval as a band. Otherwise (categories, or one period): a horizontal
    dot plot, one row per group (largest first, see :func:`plotted_groups`),
    the interval as whiskers. Groups marked small are drawn hollow and grey
    and named "(too small)"."""
    rows = _measured(table[(table["task"] == task) & table["method"].isin(["naive", headline])])
    labels = list(dict.fromkeys(rows["label"]))
    if not labels:
        return None
    timed, groups, _ = plotted_groups(table, task, by)
    if "," in by:
        return _series_facets(rows, labels, groups, task, by, headline) if groups else None
    if timed:
        return _series_lines(rows, labels, groups, task, by, headline)
    return _series_dots(rows, labels, groups, task, by, headline)


def _measured(rows: Any) -> Any:
    """``rows`` without those with nothing measured behind them (not drawn:
    a band around such a figure reads as a finding)."""
    if "unmeasured" not in rows.columns:
        return rows
    return rows[~rows["unmeasured"].astype(bool)]


def _part(rows: Any, label: str, method: str, groups: list[str]) -> Any:
    """``rows`` of one label and method, indexed by group in ``groups`` order."""
    part = rows[(rows["label"] == label) & (rows["method"] == method)].copy()
    part["group"] = part["group"].astype(str)
    return part.set_index("group").reindex(groups)


_STEP = {"month": 1 / 12, "quarter": 1 / 4, "year": 1.0}


def with_gaps(x: np.ndarray, by: str, *series: Any) -> tuple[np.ndarray, ...]:
    """``x`` (fractional years, sorted) and each of ``series`` with a NaN
    put between two periods that are not next to each other, so a line
    breaks where the corpus has no data instead of bridging the gap (a
    straight line over empty months reads as a trend)."""
    x = np.asarray(x, dtype=float)
    values = [np.asarray(v, dtype=float) for v in series]
    gaps = np.flatnonzero(np.diff(x) > 1.5 * _STEP.get(by, 1.0)) + 1
    if not len(gaps):
        return (x, *values)
    out_x = np.insert(x, gaps, (x[gaps - 1] + x[gaps]) / 2)
    return (out_x, *[np.insert(v, gaps, np.nan) for v in values])


def time_label(value: float, by: str) -> str:
    """A fractional year on a time axis as the groups name periods:
    ``2024-03`` by month, ``2024 Q2`` by quarter, ``2024`` by year."""
    year = int(np.floor(value + 1e-9))
    part = value - year
    if by == "month":
        return f"{year}-{min(12, round(part * 12) + 1):02d}"
    if by == "quarter":
        return f"{year} Q{min(4, round(part * 4) + 1)}"
    return str(year)


def _time_axis(ax: Any, by: str, x: np.ndarray) -> None:
    """Ticks at the periods drawn (at most about 8), named like the groups,
    not decimal years with an offset, and at least an eighth of the axis
    apart: periods bunched at one end (and one far off) would print their
    names over each other."""
    periods = np.unique(np.asarray(x, dtype=float))
    ticks = list(periods[:1])
    gap = (periods[-1] - periods[0]) / 8 if len(periods) else 0.0
    for t in periods[1:]:
        if t - ticks[-1] >= gap - 1e-9:
            ticks.append(t)
    ax.set_xticks(ticks, [time_label(t, by) for t in ticks])


def _isolated(y: np.ndarray) -> np.ndarray:
    """Mask of the values of ``y`` with no value on either side (NaN or the
    end): points a line through ``y`` does not reach."""
    have = ~np.isnan(y)
    left = np.concatenate([[False], have[:-1]])
    right = np.concatenate([have[1:], [False]])
    return have & ~left & ~right


def _series_lines(rows, labels, groups, task, by, headline) -> bytes:
    fig = _figure(9, 2.3 * len(labels))
    axes = fig.subplots(len(labels), 1, squeeze=False)[:, 0]
    x = np.array([_time_value(g, by) for g in groups], dtype=float)
    for ax, label in zip(axes, labels):
        best, naive = (_part(rows, label, m, groups) for m in (headline, "naive"))
        gx, g_naive, g_best, g_low, g_high = with_gaps(
            x, by, naive["estimate"], best["estimate"], best["ci_low"], best["ci_high"]
        )
        ax.plot(gx, g_naive, "--", color=_GREY, lw=1.2, marker=".", ms=3, label=_NAMES["naive"])
        # Markers, so a period between two gaps still shows.
        ax.plot(gx, g_best, "-", color=_BLUE, lw=1.3, marker="o", ms=2, label=_NAMES[headline])
        if best["ci_low"].notna().any():
            ax.fill_between(
                gx,
                g_low,
                g_high,
                color=_BLUE,
                alpha=0.22,
                lw=0,
                label="95% CI",
            )
            # A period with no neighbour has no band to show: a whisker.
            lone = _isolated(g_best)
            if lone.any():
                ax.vlines(gx[lone], g_low[lone], g_high[lone], color=_BLUE, alpha=0.35, lw=2)
        small = best["small"].fillna(False).astype(bool).to_numpy()
        if small.any():
            ax.scatter(
                x[small],
                best["estimate"].to_numpy(dtype=float)[small],
                facecolors="none",
                edgecolors="#c44e52",
                s=16,
                label="small group",
                zorder=3,
            )
        ax.set_ylabel(label, fontsize=9)
        values = np.concatenate(
            [best[["estimate", "ci_high"]].to_numpy(dtype=float).ravel(), naive["estimate"]]
        )
        ax.set_ylim(0, _headroom(values))
        _time_axis(ax, by, x)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, fontsize=7, loc="outside lower center", ncol=len(names))
    axes[0].set_title(f"{task}: share of units per {by}", fontsize=10)
    return _png(fig)


_FACET_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b2", "#937860")


def _series_facets(rows, labels, groups, task, by, headline) -> bytes:
    """One panel per label, one line per category over time (its headline
    estimate, the 95% interval as a pale band); small groups hollow."""
    from classify.analysis import grouping_parts, split_group

    category, period = grouping_parts(by, typos=False)
    facets = list(dict.fromkeys(split_group(g)[0] for g in groups))
    fig = _figure(9, 2.3 * len(labels))
    axes = fig.subplots(len(labels), 1, squeeze=False)[:, 0]
    every_x = []
    for ax, label in zip(axes, labels):
        top = []
        for facet, colour in zip(facets, _FACET_COLOURS):
            mine = [g for g in groups if split_group(g)[0] == facet]
            x = np.array([_time_value(split_group(g)[1], period) for g in mine], dtype=float)
            every_x.extend(x)
            best = _part(rows, label, headline, mine)
            gx, g_best, g_low, g_high = with_gaps(
                x, period, best["estimate"], best["ci_low"], best["ci_high"]
            )
            ax.plot(gx, g_best, "-", color=colour, lw=1.3, marker="o", ms=2, label=facet)
            if best["ci_low"].notna().any():
                ax.fill_between(gx, g_low, g_high, color=colour, alpha=0.12, lw=0)
            small = best["small"].fillna(False).astype(bool).to_numpy()
            if small.any():
                ax.scatter(
                    x[small], best["estimate"].to_numpy(dtype=float)[small],
                    facecolors="white", edgecolors=colour, s=18, zorder=3,
                )  # fmt: skip
            top.append(best[["estimate", "ci_high"]].to_numpy(dtype=float).ravel())
        ax.set_ylabel(label, fontsize=9)
        ax.set_ylim(0, _headroom(np.concatenate(top) if top else np.array([])))
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    for ax in axes:
        _time_axis(ax, period, np.array(every_x))
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, fontsize=7, loc="outside lower center", ncol=min(len(names), 6))
    axes[0].set_title(
        f"{task}: {_NAMES[headline]} per {period}, by {category} ("
        + ("bands: 95% CI; " if rows["ci_low"].notna().any() else "")
        + "hollow: too small)",
        fontsize=10,
    )
    return _png(fig)


def _tick_names(rows: Any, groups: list[str]) -> list[str]:
    small = rows.groupby(rows["group"].astype(str))["small"].any()
    return [f"{g} (too small)" if small.get(g, False) else g for g in groups]


def _series_dots(rows, labels, groups, task, by, headline) -> bytes:
    n = len(groups)
    ncols = min(len(labels), 3)
    nrows = -(-len(labels) // ncols)
    fig = _figure(3.4 * ncols + 1.6, nrows * (0.9 + 0.24 * n) + 0.4)
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
    y = np.arange(n)[::-1]  # the largest group on top
    for i, ax in enumerate(axes.ravel()):
        if i >= len(labels):
            ax.set_visible(False)
            continue
        label = labels[i]
        best, naive = (_part(rows, label, m, groups) for m in (headline, "naive"))
        small = best["small"].fillna(False).astype(bool).to_numpy()
        est = best["estimate"].to_numpy(dtype=float)
        low = best["ci_low"].to_numpy(dtype=float)
        high = best["ci_high"].to_numpy(dtype=float)
        for mask, colour, face in ((~small, _BLUE, _BLUE), (small, _SMALL, "none")):
            if not mask.any():
                continue
            whisk = np.vstack(
                [np.clip(est - low, 0, None)[mask], np.clip(high - est, 0, None)[mask]]
            )
            ax.errorbar(
                est[mask],
                y[mask],
                xerr=np.nan_to_num(whisk),
                fmt="o",
                ms=5,
                color=colour,
                mfc=face,
                mec=colour,
                capsize=2,
                lw=1.2,
                label=_NAMES[headline]
                + (" (too small)" if face == "none" else "")
                + (", 95% CI" if np.isfinite(low).any() else ""),
            )
        ax.scatter(
            naive["estimate"].to_numpy(dtype=float),
            y,
            marker="|",
            s=60,
            color="#333333",
            label=_NAMES["naive"],
            zorder=3,
        )
        values = np.concatenate([est, high, naive["estimate"].to_numpy(dtype=float)])
        top = _headroom(values)
        ax.set_xlim(-0.025 * top, top)
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_title(label, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
        if i % ncols == 0:
            ax.set_yticks(y, _tick_names(rows, groups), fontsize=7)
        ax.tick_params(axis="x", labelsize=8)
    fig.suptitle(f"{task}: share of units per {by}", fontsize=10)
    handles, names = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, names, fontsize=7, loc="outside lower center", ncol=len(names))
    return _png(fig)


def _share_legend(fig: Any, labels: list[str], colours: list[str], pale: bool) -> None:
    """The stacked shares' legend in full colours (a bar's own may be a
    small group's paler shade), with the paler shade named where it is used."""
    from matplotlib.patches import Patch

    handles = [Patch(color=c, alpha=0.85, label=label) for label, c in zip(labels, colours)]
    if pale:
        handles.append(Patch(color="#808080", alpha=0.35, label="paler: a small group"))
    fig.legend(handles=handles, fontsize=8, loc="outside lower center", ncol=len(handles))


def plot_stacked(table: Any, task: str, by: str, headline: str) -> bytes | None:
    """The share of each (mutually exclusive) label stacked to 100%, from
    the headline estimates: over time as areas, for categories (or one
    period) as horizontal bars, one per group (small groups paler and named
    "(too small)")."""
    if "," in by:
        # Shares stacked per outlet and period would be a grid of bars;
        # the lines per label carry the same figures.
        return None
    rows = table[(table["task"] == task) & (table["method"] == headline)]
    if len(_measured(rows)) < len(rows):
        # Shares stacked to 100% need every label's: none is drawn.
        return None
    labels = list(dict.fromkeys(rows["label"]))
    if not labels:
        return None
    timed, groups, _ = plotted_groups(table, task, by)
    wide = rows.assign(group=rows["group"].astype(str)).pivot_table(
        index="group", columns="label", values="estimate"
    )
    wide = wide.reindex(index=groups, columns=labels).fillna(0.0)
    colours = ["#55a868", "#c44e52", "#b0b0b0", "#4c72b0", "#8172b2", "#ccb974", "#64b5cd"]
    colours = (colours * (len(labels) // len(colours) + 1))[: len(labels)]
    if timed:
        fig = _figure(9, 3.2)
        ax = fig.subplots()
        x = np.array([_time_value(g, by) for g in groups], dtype=float)
        # A bar per period, not an area: a period with no units is a gap and
        # a lone period still shows; small groups are paler, as in the bars
        # by category.
        small = rows.groupby(rows["group"].astype(str))["small"].any().reindex(groups)
        alpha = np.where(small.fillna(False).to_numpy(dtype=bool), 0.35, 0.85)
        from matplotlib.colors import to_rgba

        bottom = np.zeros(len(groups))
        for label, colour in zip(labels, colours):
            height = wide[label].to_numpy(dtype=float)
            ax.bar(
                x, height, bottom=bottom, width=0.8 * _STEP.get(by, 1.0), lw=0, label=label,
                color=[to_rgba(colour, a) for a in alpha],
            )  # fmt: skip
            bottom += height
        ax.set_ylim(0, 1)
        _time_axis(ax, by, x)
        # Below the axes: in the plot it covers the first bars.
        _share_legend(fig, labels, colours, bool((alpha < 0.5).any()))
        ax.tick_params(labelsize=8)
    else:
        n = len(groups)
        fig = _figure(9, 1.3 + 0.28 * n)
        ax = fig.subplots()
        y = np.arange(n)[::-1]
        small = rows.groupby(rows["group"].astype(str))["small"].any().reindex(groups)
        alpha = np.where(small.fillna(False).to_numpy(dtype=bool), 0.35, 0.9)
        left = np.zeros(n)
        for label, colour in zip(labels, colours):
            width = wide[label].to_numpy(dtype=float)
            for j in range(n):
                ax.barh(
                    y[j], width[j], left=left[j], color=colour, alpha=alpha[j], height=0.7,
                    label=label if j == 0 else None,
                )  # fmt: skip
            left += width
        ax.set_yticks(y, _tick_names(rows, groups), fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.7, n - 0.3)
        _share_legend(fig, labels, colours, bool((alpha < 0.5).any()))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title(f"{task}: share per {by} ({_NAMES[headline]})", fontsize=10)
    return _png(fig)


BOUNDARY_MARK = " (at bound)"


def unplaced_note(unplaced: Mapping[str, int], *, own_country: bool = False) -> str:
    """One line on the units ``--by country`` could not place: how many,
    how many without a dateline (and, where the corpus has a ``country``
    column, ``own_country``, without a country of their own), and the most
    frequent unknown places."""
    total = sum(unplaced.values())
    places = [(p, n) for p, n in unplaced.items() if p]
    missing = unplaced.get("", 0)
    parts = []
    if places:
        shown = ", ".join(f"{p} ({n})" for p, n in places[:8])
        more = f" and {len(places) - 8} more" if len(places) > 8 else ""
        parts.append(
            f"{total - missing} with a dateline place the gazetteer does not know: {shown}{more}"
        )
    if missing:
        lacking = "an empty country cell and no dateline" if own_country else "no dateline"
        parts.append(f"{missing} with {lacking}")
    units = "unit" if total == 1 else "units"
    hint = ""
    if not own_country and missing == total:
        # review 28e: predictions written without the corpus's country column.
        hint = (
            " The data has no country column: a corpus table's own is read where it has "
            "one; a predictions file keeps it when written by analyse, or by predict with "
            + ("--keep-columns country." if in_cli() else "keep_columns=['country'].")
        )
    return f"{total} {units} grouped as (unknown) country: " + "; ".join(parts) + "." + hint


def unattributed_note(n: int, total: int) -> str:
    """One line on the quotations ``--by speaker`` found no speaker for."""
    return (
        f"{n} of {total} quotations have no speaker and are grouped as (unknown): no "
        "attribution was found, or only a pronoun ('she said') that the article does not "
        "tie to one name (attributions are read in English; a quotation in another "
        "language's marks keeps its text but not its speaker)."
    )


def _read_as(merged: Mapping[str, str]) -> tuple[int, str]:
    """How many names a merge reads as others, and the first three shown
    ("Coale as John Coale, ...")."""
    pairs = sorted(merged.items())
    shown = ", ".join(f"{a} as {b}" for a, b in pairs[:3]) + (", ..." if len(pairs) > 3 else "")
    return len(pairs), shown


def spellings_note(merged: Mapping[str, str]) -> str:
    """One line on the full names ``--by speaker`` read as spellings of one
    name (:func:`classify.analysis.transliteration_merges`)."""
    n, shown = _read_as(merged)
    return (
        f"{n} spelling{'s' * (n > 1)} of a name read as the one the corpus "
        f"writes most ({shown}): names that sound alike word by word (Metaphone) are one "
        "speaker, as transliterations of one name are"
    )


def outlets_note(merged: Mapping[str, str]) -> str:
    """One line on the outlet names ``--by source`` counts under another
    (:func:`classify.analysis.outlet_spellings`)."""
    n, shown = _read_as(merged)
    return (
        f'{n} outlet name{"s" * (n > 1)} counted under another ({shown}): case, "The", a '
        "domain, a portal that carried the story and an agency's other names are one outlet"
    )


def surnames_note(merged: Mapping[str, str]) -> str:
    """One line on the bare surnames ``--by speaker`` read as the one full
    name the corpus gives them (:func:`classify.analysis.surname_merges`)."""
    n, shown = _read_as(merged)
    return (
        f"{n} bare surname{'s' * (n > 1)} read as the one full name the "
        f"corpus gives {'them' if n > 1 else 'it'} ({shown}); a surname two full "
        "names share stays a group of its own"
    )


OVERLAPPING_NOTE = (
    "An item that cites several outlets is counted under each of them, so the groups "
    "overlap and their units add up to more than the corpus; each outlet's figures are "
    "computed on its own items, and the whole-corpus shares count each unit once."
)


def in_training_note(task: str, seen: int, n: int, ids: Sequence[str] = ()) -> str:
    """One line on corpus units a model was trained on (``ids``: the first
    of them, as ``analysis.json``'s ``in_training_ids`` keeps them)."""
    first = (
        f" (first: {', '.join(repr(i) for i in ids[:3])}; analysis.json names up to 20)"
        if ids
        else ""
    )
    return (
        f"{seen} of the {n} units analysed for '{task}' "
        f"{'was' if seen == 1 else 'were'} in the model's training data (the same text, "
        "or, at another unit level than the model was trained at, a sentence or passage of "
        "a training text): the model has seen those words with their gold labels, so their "
        f"shares lean toward its training labels; analyse text the model has not seen{first}"
    )


def rates_in_training_note(task: str, seen: int, n: int | None = None) -> str:
    """One line on units of ``--rates-from`` data a model was trained on
    (``n``: how many units the rates come from, where said)."""
    of = f"the {n} units" if n is not None else "the units"
    return (
        f"{seen} of {of} the error rates of '{task}' come from "
        f"{'was' if seen == 1 else 'were'} in the model's training data, so those rates are "
        "optimistic"
    )


def pooled_note() -> str:
    """The note where units were pooled to articles: the corrections' error
    rates are those of single units."""
    return (
        f"Units were pooled to articles ({option('level', 'article')}): the corrected "
        "shares (acc, pacc, em) use the model's error rates on single held-out units, which "
        "pooled articles need "
        "not share (pooling decides an article from its strongest units); read the naive "
        "share beside them."
    )


def _boundary_note(table: Any, task: str, headline: str) -> str | None:
    """A paragraph on the estimates the correction puts at 0 (or 1)."""
    from classify.analysis import MOSTLY_AT_BOUND

    rows = table[(table["task"] == task) & (table["method"] == headline)]
    if "unmeasured" in rows.columns:
        # Unmeasured cells are said apart, not read as at a bound.
        rows = rows[~rows["unmeasured"].astype(bool)]
    if "at_boundary" not in rows.columns or not rows["at_boundary"].any():
        return None
    every = rows[rows["at_boundary"].astype(bool)]
    from classify.analysis import against_keys

    # Cells another correction keeps off the bound: the rates do not explain
    # them, which the note on them says (not this one).
    apart = against_keys(table)
    hit = every[[(task, r.label, r.group) not in apart for r in every.itertuples()]]
    if hit.empty:
        return None
    naive = table[(table["task"] == task) & (table["method"] == "naive")].set_index(
        ["group", "label"]
    )["estimate"]
    examples = []
    for r in hit.head(3).itertuples():
        share = naive.get((r.group, r.label))
        seen = f", naive share {share:.3f}" if share is not None else ""
        examples.append(f"{r.label} in {r.group} ({r.estimate:.0f}{seen})")
    if headline == "em":
        return (
            f"'{BOUNDARY_MARK.strip()}': in {len(hit)} of {len(rows)} cells EM puts the share "
            "at the edge of the possible (0 or 1), and so do most bootstrap replicates, "
            "which cannot then measure the spread, e.g. " + "; ".join(examples) + ". The "
            "interval there is a likelihood-ratio interval (README, Corpus analysis); it "
            "is not a certainty."
        )
    elsewhere = (
        f" ({len(every) - len(hit)} more are in the note on estimates another correction keeps "
        "off the bound)"
        if len(every) > len(hit)
        else ""
    )
    return (
        f"'{BOUNDARY_MARK.strip()}': in {len(hit)} of {len(rows)} cells{elsewhere} the "
        "correction puts the share at the edge of the possible (0 or 1) in most bootstrap "
        "replicates: the "
        "classifier's own error rates explain the observed share (at 0, its false "
        "positives alone could give it; at 1, its misses alone could account for what "
        "is not counted), so the data cannot tell the share from 0 (or 1), e.g. "
        + "; ".join(examples)
        + ". The interval there "
        "comes from the replicates before they are clipped to [0, 1] (README, Corpus "
        "analysis); it is not a certainty."
        + (
            f" Most cells are at a bound here: {MOSTLY_AT_BOUND} ({option('rates_data', 'FILE', flag='--rates-from')})."
            if len(every) * 2 > len(rows)
            else ""
        )
    )


# What a table cell shows where nothing is measured behind its estimate
# (classify.analysis.unmeasured; the note above the table says why).
UNMEASURED = "unmeasured"


def _unmeasured(row: Any) -> bool:
    return bool(row.get("unmeasured", False))


def _has_intervals(table: Any) -> bool:
    """Whether the analysis drew bootstrap intervals (not ``--bootstrap 0``)."""
    return table.attrs.get("n_bootstrap") != 0


def _group_rows(table: Any, task: str, headline: str) -> tuple[list[list[str]], list[str]]:
    # Without the table's attrs: pandas deep-copies them into every slice,
    # 27 s of a by-month report on 283 months.
    from classify.analysis import PERIODS, _group_order

    intervals = _has_intervals(table)
    by = str(table.attrs.get("by") or "")
    rows = table[table["task"] == task].copy(deep=False)
    rows.attrs = {}
    labels = list(dict.fromkeys(rows["label"]))
    columns = ["group", "units", "articles", "trust"]
    for label in labels:
        columns += [f"{label} naive", f"{label} {headline}" + (" [95% CI]" if intervals else "")]
    out = []
    parts = list(rows.groupby("group", sort=True))
    # Periods in time, "(unknown)" after them, as the table's rows are.
    parts.sort(key=lambda gp: _group_order(str(gp[0])))
    if by.split(",")[-1] not in PERIODS:
        # Outlets, speakers, countries: the largest first, as the figures
        # draw them (a name's order says nothing of its weight).
        parts.sort(key=lambda gp: -int(gp[1]["n_units"].iloc[0]))
    for group, part in parts:
        first = part.iloc[0]
        unmeasured = "unmeasured" in part.columns and part["unmeasured"].astype(bool).any()
        cells = [
            str(group),
            str(first["n_units"]),
            str(first["n_articles"]),
            "too small" if first["small"] else "see note" if unmeasured else "ok",
        ]
        for label in labels:
            naive = part[(part["label"] == label) & (part["method"] == "naive")]
            best = part[(part["label"] == label) & (part["method"] == headline)]
            cells.append(
                "-"
                if not len(naive)
                else UNMEASURED
                if _unmeasured(naive.iloc[0])
                else f"{naive['estimate'].iloc[0]:.3f}"
            )
            if len(best) and _unmeasured(best.iloc[0]):
                cells.append(UNMEASURED)
            elif len(best):
                b = best.iloc[0]
                ci = (
                    f" [{b['ci_low']:.2f}, {b['ci_high']:.2f}]"
                    if b["ci_low"] is not None and b["ci_low"] == b["ci_low"]
                    else ""
                )
                mark = BOUNDARY_MARK if bool(b.get("at_boundary", False)) else ""
                cells.append(f"{b['estimate']:.3f}{ci}{mark}")
            else:
                cells.append("-")
        out.append(cells)
    return out, columns


def repeated_note(n: int) -> str:
    """The line that says how many units repeat another's text."""
    return (
        f"{n} unit{'s' * (n != 1)} repeat{'s' * (n == 1)} the text of another unit (syndicated "
        "copies, re-posted stories or rows given twice?); each copy is counted. "
        "De-duplicate the corpus first where they are one story."
    )


def at_bound_cells(whole: Any) -> set[tuple[str, str, str]]:
    """The ``(task, label, method)`` cells of the whole-corpus rows (a
    DataFrame of ``table.attrs["overall"]``) to mark :data:`BOUNDARY_MARK`:
    those at the boundary, and EM at 0 or 1 where it ran without a bootstrap
    (not the headline: a minute a task) while the others had one."""
    edge = whole["at_boundary"].fillna(False).astype(bool) if "at_boundary" in whole else False
    em_edge = (
        (whole["method"] == "em")
        # Only where the bootstrap ran: --bootstrap 0 marks nothing.
        & bool(whole["ci_low"].notna().any())
        & whole["ci_low"].isna()
        & ((whole["estimate"] <= 1e-3) | (whole["estimate"] >= 1 - 1e-3))
    )
    rows = whole.loc[edge | em_edge, ["task", "label", "method"]]
    return {(str(t), str(lab), str(m)) for t, lab, m in rows.itertuples(index=False)}


def _whole_corpus(doc: Any, table: Any, headline: str) -> None:
    """The corpus estimated as one group (each unit once), as the CLI's
    summary table gives it: the first thing to read where the groups below
    are small (review 31d)."""
    import pandas as pd

    whole = pd.DataFrame(table.attrs["overall"])
    methods = list(dict.fromkeys(whole["method"]))
    marked = at_bound_cells(whole)
    rows = []
    for (task, label), part in whole.groupby(["task", "label"], sort=False):
        by_method = {r.method: r for r in part.itertuples(index=False)}
        cells = [
            "-"
            if m not in by_method or by_method[m].unmeasured
            else f"{by_method[m].estimate:.3f}"
            # As the CLI's summary marks it.
            + (BOUNDARY_MARK if (task, label, m) in marked else "")
            for m in methods
        ]
        top = by_method.get(headline)
        ci = (
            "-"
            if top is None or top.unmeasured or top.ci_low is None or pd.isna(top.ci_low)
            else f"[{top.ci_low:.3f}, {top.ci_high:.3f}]"
        )
        rows.append([task, label, *cells, ci])
    doc.h("The whole corpus")
    doc.p(
        "Each unit counted once, the corpus estimated as one group (not a mean of the "
        "groups below)."
    )
    if not _has_intervals(table):
        rows = [r[:-1] for r in rows]
    doc.table(rows, ["task", "label", *methods, *[f"{headline} 95% CI"] * _has_intervals(table)])


def write_analysis_report(
    table: Any,
    directory: Path,
    *,
    by: str,
    headline: str,
    models: Mapping[str, str],
    multilabel: Mapping[str, bool],
    min_units: int,
    min_articles: int = 10,
) -> dict[str, Path]:
    """``report.md``, ``report.html`` and one PNG per figure in
    ``directory``; returns their paths by name."""
    named = grouping_name(by)
    doc = _Doc("Prevalence in the whole corpus" if by == "all" else f"Prevalence by {named}")
    n_boot = table.attrs.get("n_bootstrap")
    doc.p(
        f"Share of units with each label{' in the corpus' if by == 'all' else ' per ' + named}. "
        "The naive figure counts the "
        + (
            "model's decisions (the only method asked for: no correction). "
            if headline == "naive"
            else f"model's decisions; {_NAMES[headline]} corrects it with the error rates the "
        )
        + (
            ""
            if headline == "naive"
            else "model showed on labelled units of the corpus's own kind (below). "
            if any(
                r.get("method") == "sample" for r in (table.attrs.get("rates_from") or {}).values()
            )
            else "model showed on its held-out predictions (its test split, or the "
            "out-of-fold predictions of its cross-validation: model.json says which). "
        )
        + (
            "Intervals: 95% "
            f"percentile bootstrap ({n_boot} resamples of the group's articles and of the "
            "evaluation units). "
            if n_boot
            else "No intervals were computed (0 bootstrap resamples). "
        )
        + f"Groups with fewer than {min_units} units or from fewer "
        f"than {min_articles} articles are marked "
        "'too small' (hollow points in the figures, red on time lines, grey elsewhere): "
        "their estimates are not to be trusted"
        + (
            ", and their intervals are at least the "
            "Wilson interval of the estimate on the group's number of articles (a bootstrap "
            "over a few articles understates the spread), as is any interval the bootstrap "
            "left with no width."
            if n_boot
            else "."
        )
    )
    described = [_METHOD_WORDS[m] for m in table.attrs.get("methods") or () if m in _METHOD_WORDS]
    if len(described) > 1:
        doc.p("The methods in the tables: " + "; ".join(described) + ".")
    doc.table([[task, path] for task, path in models.items()], ["task", "model"])
    if table.attrs.get("overlapping"):
        doc.p(OVERLAPPING_NOTE)
    if table.attrs.get("pooled"):
        doc.p(pooled_note())
    for task, (seen, n) in (table.attrs.get("in_training") or {}).items():
        doc.p(
            in_training_note(
                task, seen, n, (table.attrs.get("in_training_ids") or {}).get(task, ())
            )
        )
    if table.attrs.get("unattributed"):
        doc.p(unattributed_note(table.attrs["unattributed"], table.attrs.get("quotations", 0)))
    if table.attrs.get("unplaced"):
        doc.p(
            unplaced_note(
                table.attrs["unplaced"], own_country=table.attrs.get("own_country", False)
            )
        )
    if table.attrs.get("unfilled"):
        from classify.analysis import unfilled_note

        doc.p(unfilled_note(table.attrs["unfilled"]) + ".")
    if table.attrs.get("repeated_texts"):
        doc.p(repeated_note(table.attrs["repeated_texts"]))
    if table.attrs.get("spellings"):
        doc.p(spellings_note(table.attrs["spellings"]) + ".")
    if table.attrs.get("outlets"):
        doc.p(outlets_note(table.attrs["outlets"]) + ".")
    if table.attrs.get("surnames"):
        doc.p(surnames_note(table.attrs["surnames"]) + ".")
    if table.attrs.get("future_dates"):
        from classify.analysis import future_dates_note

        doc.p(future_dates_note(table.attrs["future_dates"]) + ".")
    if table.attrs.get("one_day"):
        from classify.analysis import one_day_note

        doc.p(one_day_note(table.attrs["one_day"]) + ".")
    from classify.analysis import em_note, rates_note

    if any(r.get("per_label") for r in (table.attrs.get("rates_from") or {}).values()):
        doc.p(
            "Each model's error rates, with the units decided at its saved thresholds as the "
            "corpus is: ACC reads the share of a label's units decided to have it (tpr) and of "
            "the other units (fpr), PACC the mean probability of the label on each."
        )
    for task, rates in (table.attrs.get("rates_from") or {}).items():
        doc.p(
            f"{task}: error rates from {rates['units']} "
            + (
                f"labelled units of {rates['data']} (the corpus's own kind, not the model's "
                "held-out units)"
                if rates.get("method") == "sample"
                else "held-out units"
            )
            + " (fewest gold "
            f"positives: '{rates['label']}', {rates['positives']})."
        )
        if rates.get("per_label"):
            doc.table(
                [
                    [label, r["positives"], r["negatives"], *(r[k] for k in _RATE_KEYS)]
                    for label, r in rates["per_label"].items()
                ],
                ["label", "positives", "negatives", "tpr", "fpr", "mean p (pos.)", "mean p (neg.)"],
            )
        if rates.get("in_training"):
            doc.p(
                f"**{task}: {rates['in_training']} of those {rates['units']} units were in the "
                "model's training data, so the error rates are optimistic.**"
            )
        note = rates_note(task, rates, table.attrs.get("methods") or ("pacc",))
        if note:
            doc.p(f"**{note}.**")
    note = em_note(table.attrs.get("rates_from") or {}, table.attrs.get("methods") or ())
    if note:
        doc.p(f"{note}.")
    from classify.analysis import length_shift_note

    for task, (corpus_words, trained_words) in (table.attrs.get("length_shift") or {}).items():
        note = length_shift_note(task, corpus_words, trained_words)
        if note:
            doc.p(f"**{note}.**")
    from classify.analysis import later_dates_notes

    for note in later_dates_notes(table.attrs):
        doc.p(f"**{note}.**")
    from classify.analysis import bound_against_note, disagreement_note

    for note in (bound_against_note(table), disagreement_note(table)):
        if note:
            doc.p(f"**{note}.**")
    if table.attrs.get("skipped"):
        doc.p(f"{skipped_note(table)}.")
    if by != "all" and table.attrs.get("overall"):
        _whole_corpus(doc, table, headline)
    from classify.analysis import small_groups_note

    small = small_groups_note(
        by, table["group"].nunique(), table.loc[table["small"], "group"].nunique()
    )
    if small and not table.attrs.get("coarse_dates"):
        doc.p(f"**{small[0].upper()}{small[1:]}.**")
    for task in dict.fromkeys(table["task"]):
        doc.h(task)
        doc.img(f"{task}-series.png", plot_series(table, task, by, headline), f"{task} by {named}")
        if not multilabel.get(task, False):
            doc.img(
                f"{task}-stacked.png",
                plot_stacked(table, task, by, headline),
                f"{task} share stacked by {named}",
            )
        note = plotted_groups(table, task, by)[2]
        if note:
            doc.p(note)
        from classify.analysis import empty_periods, empty_periods_note

        if empty := empty_periods(table.loc[table["task"] == task, "group"].unique(), by):
            doc.p(
                empty_periods_note(by, empty)[0].upper() + empty_periods_note(by, empty)[1:] + "."
            )
        rows, columns = _group_rows(table, task, headline)
        doc.table(rows, columns)
        boundary = _boundary_note(table, task, headline)
        if boundary:
            doc.p(boundary)
    return doc.write(Path(directory), "report")


def skipped_note(table: Any) -> str:
    """What to say of the corpus rows or files ``analyse`` could not read
    and left out (``table.attrs["skipped"]``), naming each task's list of
    them; the report and ``analysis.json``'s notes say it alike."""
    n = int(table.attrs["skipped"])
    files = " and ".join(f"predictions-{t}.skipped.jsonl" for t in _tasks_of(table))
    return (
        f"{n} row{'s' * (n != 1)} or file{'s' * (n != 1)} of the corpus could not be read "
        f"and {'was' if n == 1 else 'were'} left out (on_error: skip), listed with the "
        f"reasons in {files} beside this report; the estimates describe the rest of the corpus"
    )


def _tasks_of(table: Any) -> list[str]:
    """The tasks of an analysis table, in their order (``TASK`` in the
    names of the files ``analyse`` writes per task)."""
    return list(dict.fromkeys(str(t) for t in table["task"])) or ["TASK"]
