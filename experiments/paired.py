"""Paired bootstrap of one model against another, per protocol, from the
stored cells of an experiment run (the per-unit decisions it keeps).

The experiment's results file tests the best model of each leaderboard
against every other; this answers "does A beat B?" for any two models, on
the same resampled test units, with the same seed and code path
(`classify.evaluation.paired_bootstrap`).

    python experiments/paired.py stance-best stance-ensemble \
        --data ../shared/bench/dev.jsonl --data ../shared/bench/ood_dev.jsonl

Run `classify experiment run experiments/generalisation.yaml ...` first; the
cells are written to experiments/results/generalisation/cells/.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from classify.evaluation import compute_metrics, paired_bootstrap
from classify.tasks import load_task, shipped_tasks

HERE = Path(__file__).resolve().parent


def decisions(codes: list[int], k: int) -> np.ndarray:
    """Stored decisions (each row's indicator bits read as a binary number,
    first label first) back to an ``(n, k)`` indicator matrix."""
    return np.array([[(c >> (k - 1 - j)) & 1 for j in range(k)] for c in codes], dtype=int)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        epilog="Model names are those of the experiment's file (e.g. stance-best, "
        "topic-tfidf); a name without stored cells lists the names that have them.",
    )
    parser.add_argument("a", help="model name (the better one, if you expect one)")
    parser.add_argument("b", help="model name to compare against")
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        required=True,
        help="labelled files the experiment tested on (repeatable)",
    )
    parser.add_argument(
        "--experiment",
        default="generalisation",
        help="the experiment: a name (cells are read from experiments/results/NAME/cells) "
        "or the path of its YAML file anywhere (cells from results/NAME/cells beside it)",
    )
    args = parser.parse_args()
    gold = {}
    for path in args.data:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SystemExit(f"error: {path}: {exc.strerror or exc}") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                gold[str(row["id"])] = row
            except (json.JSONDecodeError, KeyError, TypeError):
                raise SystemExit(
                    f"error: {path}:line {n}: not a JSON object with an 'id'"
                ) from None
    task_name = args.a.split("-")[0]
    if task_name not in shipped_tasks():
        raise SystemExit(
            f"error: model '{args.a}' names no task (allowed: names starting with "
            f"{' or '.join(f'{t}-' for t in shipped_tasks())})"
        )
    # References (majority, sklearn-plain, ...) are named without a task.
    if args.b.split("-")[0] in shipped_tasks() and args.b.split("-")[0] != task_name:
        raise SystemExit(
            f"error: '{args.a}' and '{args.b}' are models of different tasks (allowed: two "
            f"names starting with '{task_name}-')"
        )
    task = load_task(shipped_tasks()[task_name])
    labels = list(task.labels)
    given = Path(args.experiment)
    if given.suffix in (".yaml", ".yml"):
        if not given.is_file():
            raise SystemExit(f"error: {given}: no such experiment file")
        # Where `classify experiment run FILE` writes: results/ beside the file.
        cells = given.parent / "results" / given.stem / "cells"
        run_hint = str(given)
    else:
        cells = HERE / "results" / args.experiment / "cells"
        run_hint = f"experiments/{args.experiment}.yaml"
    found = sorted(cells.glob(f"{task_name}--{args.a}--*--nall--s0.json"))
    stored = sorted({p.name.split("--")[1] for p in cells.glob(f"{task_name}--*--*.json")})
    if not found:
        raise SystemExit(
            f"error: no stored cells of '{args.a}' in {cells} "
            + (
                f"(stored: {', '.join(stored)})"
                if stored
                else f"(run the whole experiment first: classify experiment run {run_hint} ...)"
            )
        )
    compared = 0
    for cell_a in found:
        protocol = cell_a.name.split("--")[2]
        cell_b = cells / cell_a.name.replace(f"--{args.a}--", f"--{args.b}--")
        if not cell_b.is_file():
            continue
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (cell_a, cell_b))
        if a["ids"] != b["ids"]:
            raise SystemExit(f"error: {protocol}: the two cells tested different units")
        missing = [u for u in a["ids"] if u not in gold]
        if missing:
            print(
                f"{protocol}: skipped, {len(missing)} of its {len(a['ids'])} test units are "
                f"not in --data (first: {missing[0]}; give every labelled file it tested on)"
            )
            continue
        y = np.zeros((len(a["ids"]), len(labels)), dtype=int)
        for i, unit in enumerate(a["ids"]):
            value = gold[unit][task.field]
            for name in value if isinstance(value, list) else [value]:
                y[i, labels.index(name)] = 1
        pa, pb = decisions(a["decisions"], len(labels)), decisions(b["decisions"], len(labels))
        f1 = compute_metrics(task.kind, labels, y, pa)["macro_f1"]
        d = paired_bootstrap(task.kind, labels, y, pa, pb)
        lo, hi = d["ci95"]
        print(
            f"{protocol}: {args.a} {f1:.3f}, minus {args.b}: {d['diff']:+.3f} [{lo:+.3f}, {hi:+.3f}]"
        )
        compared += 1
    if not compared:
        if not any(cells.glob(f"{task_name}--{args.b}--*--nall--s0.json")):
            raise SystemExit(
                f"error: no stored cells of '{args.b}' in {cells} (stored: {', '.join(stored)})"
            )
        raise SystemExit(f"error: no protocol of '{args.a}' and '{args.b}' could be compared")


if __name__ == "__main__":
    main()
