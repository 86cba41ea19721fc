"""The agreement report: Markdown and HTML pages built like the other
reports (:class:`classify.reports._Doc`), from the data
:func:`classify.annotation.agreement` returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from classify.reports import _Doc, fmt, fmt_ci

_STATS = (
    ("percent_agreement", "percent agreement"),
    ("cohen_kappa", "Cohen's kappa"),
    ("fleiss_kappa", "Fleiss' kappa"),
    ("krippendorff_alpha", "Krippendorff's alpha"),
)


def agreement_doc(result: Mapping[str, Any], disputed: Sequence[Mapping[str, Any]]) -> _Doc:
    """Agreement per task and label with 95% CIs, confusion tables between
    annotators, and the disputed units to adjudicate."""
    doc = _Doc("Inter-annotator agreement")
    doc.p(
        f"{len(result['annotators'])} annotators ({', '.join(result['annotators'])}), "
        f"{result['units']} units. Intervals: percentile bootstrap over units "
        f"({result['bootstrap']} resamples). Cohen's kappa is shown for two annotators, "
        "Fleiss' kappa uses the units every annotator labelled, Krippendorff's alpha "
        "(nominal) and percent agreement every unit with at least two labels."
    )
    rows = []
    for r in result["rows"]:
        row: dict[str, Any] = {"name": r["name"], "units": r["units"]}
        for key, header in _STATS:
            row[header] = (
                "—" if r.get(key) is None else f"{fmt(r[key])} {fmt_ci(r['ci95'].get(key))}"
            )
        rows.append(row)
    doc.h("Agreement")
    doc.table(rows, ["name", "units", *(h for _, h in _STATS)])
    doc.h("Confusion between annotators")
    for c in result["confusions"]:
        doc.p(f"{c['name']}: rows {c['a']}, columns {c['b']}")
        doc.table(
            [[cat, *counts] for cat, counts in zip(c["categories"], c["table"])],
            ["", *c["categories"]],
        )
    doc.h(f"Disputed units ({len(disputed)})")
    if disputed:
        table = []
        for d in disputed:
            labels = "; ".join(
                f"{who}: {fmt(v)}" for who, v in sorted(d.get("annotations", {}).items())
            )
            table.append([d["unit"], labels, d.get("text") or ""])
        doc.table(table, ["unit", "labels by annotator", "text"])
        doc.p(
            f"Fill in the null labels in {result.get('adjudication', 'the adjudication file')} "
            "and read it back with `classify annotate import` to get the gold set."
        )
    return doc
