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


def _percent(count: int, total: int) -> str:
    """``count`` of ``total`` as a whole percent, halves rounded up (70 of
    112 is 63%, where Python's half-to-even format gives 62%). A share that
    is not all or none never shows as 100% or 0%: it gets a decimal, or
    says ">99.9%" / "<0.1%" (199 of 200 is 99.5%)."""
    if not total:
        return "n/a"
    whole = (200 * count + total) // (2 * total)
    if whole in (0, 100) and 0 < count < total:
        tenths = (2000 * count + total) // (2 * total)
        if tenths == 1000:
            return ">99.9%"
        if tenths == 0:
            return "<0.1%"
        return f"{tenths // 10}.{tenths % 10}%"
    return f"{whole}%"


def agreement_cell(row: Mapping[str, Any], key: str, digits: int = 3) -> str:
    """One statistic with its 95% CI for a table cell; Fleiss' kappa also
    names its unit count where it used fewer units than the row (it needs
    every annotator's label)."""
    value = row.get(key)
    if value is None:
        return "-"
    ci = (row.get("ci95") or {}).get(key)
    # No interval asked for (--bootstrap 0) is no interval, not a missing one.
    text = f"{fmt(value)} {fmt_ci(ci, digits)}" if ci else fmt(value)
    complete = row.get("complete_units")
    if key == "fleiss_kappa" and complete is not None and complete < row["units"]:
        text += f" (n={complete})"
    return text


def agreement_notes(result: Mapping[str, Any]) -> list[str]:
    """Notes on figures that say less than they seem to: a zero-width
    interval where every unit agreed (a bootstrap of perfect agreement only
    resamples perfect agreement), with the rule-of-three bound instead
    (Hanley & Lippman-Hand 1983: with no disagreement among n units, the
    one-sided 95% upper bound on the disagreement rate is about 3/n)."""
    perfect: dict[int, list[str]] = {}
    for r in result["rows"]:
        pa = r.get("percent_agreement")
        ci = (r.get("ci95") or {}).get("percent_agreement")
        if pa == 1 and ci and ci[0] == ci[1] and r["units"] > 0:
            perfect.setdefault(r["units"], []).append(r["name"])
    notes = []
    for n, names in perfect.items():
        bound = min(1.0, 3 / n)
        rate = f"{bound:.0%}" if bound >= 0.01 else f"{bound:.1%}"
        notes.append(
            f"{', '.join(names)}: all {n} units agreed, so every bootstrap resample agrees "
            f"and the interval has no width; {n} agreeing units are consistent with a true "
            f"disagreement rate up to {rate} (rule of three, one-sided 95%)."
        )
    few = [r for r in result["rows"] if 0 < r["units"] < 10]
    if few:
        n = min(r["units"] for r in few)
        notes.append(
            f"{', '.join(r['name'] for r in few)}: under 10 units labelled by two annotators "
            f"or more (fewest: {n}), too few to read agreement from: one unit more or less "
            "moves kappa and alpha widely"
            + (" (on one unit they are not given)" if n == 1 else "")
            + "; label more units in common."
        )
    # Fleiss' kappa rests on the units every annotator labelled, which with
    # partial overlap can be a handful where the row has many.
    thin = [
        r
        for r in result["rows"]
        if r.get("fleiss_kappa") is not None
        and r not in few
        and 0 < (r.get("complete_units") or 0) < min(10, r["units"])
    ]
    if thin:
        n = min(r["complete_units"] for r in thin)
        notes.append(
            f"{', '.join(r['name'] for r in thin)}: Fleiss' kappa rests on the units every "
            f"annotator labelled, under 10 there (fewest: {n}, its n= in the table), too few to "
            "read it from; read Krippendorff's alpha, which takes every unit two or more "
            "labelled."
        )
    differ = result.get("texts_differ") or []
    if differ:
        first = differ[0]
        notes.append(
            f"{len(differ)} unit id{'s' * (len(differ) != 1)} carr{'y' if len(differ) != 1 else 'ies'} "
            f"different texts in different annotators' files (e.g. '{first['unit']}', "
            f"{first['where']}): "
            "their labels are of different passages, compared here as one unit (batches "
            "exported before and after the articles were cut again?); import each file with "
            "--source ARTICLES first, which names every row whose text is not its unit's."
        )
    for entry in result.get("no_label_given") or []:
        who, fld, n = entry["annotator"], entry["field"], entry["units"]
        notes.append(
            f"{who} gave no {fld} label on any of their {n} units, where others did: a blank "
            f"{fld} cell beside "
            f"another label reads as 'none', so every unit counts as {who}'s 'no {fld}' and "
            f"pulls the {fld} agreement down; if {who} did not label {fld}, leave that "
            "column out of their file (or give --task for the other tasks only)."
        )
    if len(result.get("annotators") or ()) > 2:
        notes.append(
            f"Cohen's kappa compares two annotators, so with {len(result['annotators'])} it is "
            "not given (-); Fleiss' kappa and Krippendorff's alpha take them all."
        )
    return notes


def agreement_doc(result: Mapping[str, Any], disputed: Sequence[Mapping[str, Any]]) -> _Doc:
    """Agreement per task and label with 95% CIs, confusion tables between
    annotators, and the disputed units to adjudicate."""
    doc = _Doc("Inter-annotator agreement")
    doc.p(
        f"{len(result['annotators'])} annotators ({', '.join(result['annotators'])}), "
        f"{result['units']} {'unit' if result['units'] == 1 else 'units'}. "
        + (
            f"Left out, labelling none of the tasks: {', '.join(result['files_left_out'])}. "
            if result.get("files_left_out")
            else ""
        )
        + (
            f"Left out: {other['records']} records of {' and '.join(other['levels'])} units "
            f"({', '.join(other['annotators'])}), which no other coder labelled at that level. "
            if (other := result.get("other_level_left_out"))
            else ""
        )
        + (
            f"Left out: {result['adjudicated_left_out']} records of adjudicated gold (annotator "
            "'adjudicated'), which agree with the coders they were drawn from by construction. "
            if result.get("adjudicated_left_out")
            else ""
        )
        + (
            f"Intervals: percentile bootstrap over units ({result['bootstrap']} resamples). "
            if result["bootstrap"]
            else "No intervals (no bootstrap asked for). "
        )
        + "Cohen's kappa is shown for two annotators, "
        "Fleiss' kappa uses the units every annotator labelled, Krippendorff's alpha "
        "(nominal) and percent agreement every unit with at least two labels."
        + (
            " With more than two annotators, percent agreement is pairwise: the share of "
            "annotator pairs that chose alike on a unit, averaged over units (not the share "
            "of units where all agreed)."
            if len(result["annotators"]) > 2
            else ""
        )
    )
    rows = []
    for r in result["rows"]:
        row: dict[str, Any] = {"name": r["name"], "units": r["units"]}
        for key, header in _STATS:
            row[header] = "—" if r.get(key) is None else agreement_cell(r, key)
        rows.append(row)
    doc.h("Agreement")
    doc.table(rows, ["name", "units", *(h for _, h in _STATS)])
    for note in agreement_notes(result):
        doc.p(note)
    if shares := result.get("label_shares"):
        doc.h("Labels by annotator")
        doc.p(
            "How often each annotator gave each label, as a share of the units they labelled "
            "for the task: a coder far from the others on one label is worth a word before "
            "the disputes are adjudicated."
        )
        for task in dict.fromkeys(s["task"] for s in shares):
            mine = [s for s in shares if s["task"] == task]
            labels = list(mine[0]["counts"])
            doc.table(
                [
                    [s["annotator"], s["units"]]
                    + [
                        f"{s['counts'][lab]} ({_percent(s['counts'][lab], s['units'])})"
                        for lab in labels
                    ]
                    for s in mine
                ],
                [f"{task}: annotator", "units", *labels],
            )
    doc.h("Confusion between annotators")
    for c in result["confusions"]:
        kappa = c.get("cohen_kappa")
        pair = f"{c.get('units', '?')} units both labelled, Cohen's kappa " + (
            "undefined" if kappa is None else f"{kappa:.3f}"
        )
        doc.p(f"{c['name']}: rows {c['a']}, columns {c['b']} ({pair})")
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
