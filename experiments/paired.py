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
import contextlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError
from classify.evaluation import bootstrap_groups, compute_metrics, paired_bootstrap
from classify.experiments import (
    ROW_ORDER,
    Cell,
    _read_options,
    cell_key,
    decode_decisions,
    load_experiment,
    normal_cutoffs,
)

HERE = Path(__file__).resolve().parent


def _gold_and_clusters(
    exp: Any, paths: list[Path]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Each unit id's gold labels (per label field) and bootstrap cluster, as
    the experiment's leaderboards take it (its data's ``auto`` grouping:
    articles, copies joined), the files read as the experiment reads them
    (its ``read:`` settings: a CSV with its own column names)."""
    from classify.data import load_examples

    fields = sorted({task.field for task in exp.tasks.values()})
    examples = load_examples(
        [str(p) for p in paths],
        labelled=False,
        options=_read_options(exp, {}),
        label_fields=fields,
    )
    gold = {
        unit: {f: examples.labels[f][i] for f in fields if f in examples.labels}
        for i, unit in enumerate(examples.ids)
    }
    return gold, dict(zip(examples.ids, map(str, examples.groups("auto")), strict=True))


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
    parser.add_argument(
        "--task",
        help="compare on this task only (default: every task both models have cells of)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help="the seed whose cells are compared (default: the lowest of the experiment's "
        "seeds, the one its paired tests use)",
    )
    parser.add_argument(
        "--size",
        help="the training size whose cells are compared: a number or 'all' (default: all, "
        "else the largest of the experiment's sizes)",
    )
    args = parser.parse_args()
    given = Path(args.experiment)
    if given.suffix not in (".yaml", ".yml"):
        given = HERE / f"{args.experiment}.yaml"
    if not given.is_file():
        raise SystemExit(f"error: {given}: no such experiment file")
    try:
        exp = load_experiment(given)
        # Numeric cutoffs as the run keys its cells: ISO, in the file's date order.
        normal_cutoffs(exp, _read_options(exp, {}).date_order)
        gold, cluster_of = _gold_and_clusters(exp, args.data)
    except ClassifyError as exc:
        raise SystemExit(f"error: {exc}") from None
    # Where `classify experiment run FILE` writes: results/ beside the file.
    cells = exp.results_dir / exp.name / "cells"
    run_hint = f"classify experiment run {given} ..."
    # The fingerprint of the data the last run scored, to tell stale cells.
    fingerprint = None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        results = json.loads((exp.results_dir / f"{exp.name}.json").read_text(encoding="utf-8"))
        fingerprint = results["data"].get("fingerprints") or results["data"]["fingerprint"]
        if isinstance(fingerprint, dict) and results["data"].get("row_order"):
            fingerprint = {**fingerprint, ROW_ORDER: results["data"]["row_order"]}

    # The seed and size the experiment's own paired tests use, of those it has now.
    seed = min(exp.seeds) if args.seed is None else args.seed
    if seed not in exp.seeds:
        raise SystemExit(
            f"error: --seed {seed}: the experiment's seeds are {', '.join(map(str, exp.seeds))}"
        )
    sizes = ["all" if s is None else str(s) for s in exp.train_sizes]
    size = args.size or ("all" if "all" in sizes else max(sizes, key=int))
    if size not in sizes:
        raise SystemExit(f"error: --size {size}: the experiment's sizes are {', '.join(sizes)}")
    print(f"seed {seed}, training size {size}")

    def stored_of(model: str) -> dict[str, dict[str, Path]]:
        """task -> protocol -> cell file of ``model`` (at that size and seed)."""
        out: dict[str, dict[str, Path]] = {}
        for path in cells.glob(f"*--{model}--*--n{size}--s{seed}.json"):
            task, name, protocol = path.name.split("--")[:3]
            if name == model:
                out.setdefault(task, {})[protocol] = path
        return out

    cells_a, cells_b = stored_of(args.a), stored_of(args.b)
    stored = sorted({p.name.split("--")[1] for p in cells.glob("*--*--*.json")})
    for model, found in ((args.a, cells_a), (args.b, cells_b)):
        if not found:
            raise SystemExit(
                f"error: no stored cells of '{model}' at seed {seed} and size {size} in {cells} "
                + (
                    f"(stored: {', '.join(stored)})"
                    if stored
                    else f"(run the experiment first: {run_hint})"
                )
            )
    shared = sorted(set(cells_a) & set(cells_b) & ({args.task} if args.task else set(cells_a)))
    if not shared:
        raise SystemExit(
            f"error: '{args.a}' ({', '.join(sorted(cells_a))}) and '{args.b}' "
            f"({', '.join(sorted(cells_b))}) have no task in common"
            + (f" with --task {args.task}" if args.task else "")
        )
    compared = 0
    for task_name in shared:
        task = exp.tasks.get(task_name)
        if task is None:
            print(f"{task_name}: skipped, no model of the experiment file has this task now")
            continue
        labels = list(task.labels)
        prefix = f"{task_name}: "
        for protocol, cell_a in sorted(cells_a[task_name].items()):
            cell_b = cells_b[task_name].get(protocol)
            if cell_b is None:
                continue
            a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (cell_a, cell_b))
            if "decisions" not in a or "decisions" not in b:
                print(f"{prefix}{protocol}: skipped, a cell failed (see the results file)")
                continue
            stale = [c for c in (a, b) if not _current(exp, c, fingerprint)]
            if stale:
                print(
                    f"{prefix}{protocol}: skipped, the stored cell of '{stale[0]['cell']['model']}' "
                    f"does not match {given.name} or the data of its last run (rerun: {run_hint})"
                )
                continue
            if len(a["ids"]) != len(b["ids"]) or set(a["ids"]) != set(b["ids"]):
                raise SystemExit(f"error: {protocol}: the two cells tested different units")
            if a["ids"] != b["ids"]:
                # The same units stored in another order (a cell reused after
                # the data file's rows were sorted another way): b in a's order.
                at = {u: i for i, u in enumerate(b["ids"])}
                b = {**b, "decisions": [b["decisions"][at[u]] for u in a["ids"]], "ids": a["ids"]}
            missing = [u for u in a["ids"] if u not in gold]
            if missing:
                print(
                    f"{prefix}{protocol}: skipped, {len(missing)} of its {len(a['ids'])} test units "
                    f"are not in --data (first: {missing[0]}; give every labelled file it tested on)"
                )
                continue
            y = np.zeros((len(a["ids"]), len(labels)), dtype=int)
            for i, unit in enumerate(a["ids"]):
                value = gold[unit].get(task.field)
                for name in value if isinstance(value, list) else [value]:
                    if name in labels:
                        y[i, labels.index(name)] = 1
            pa, pb = (
                decode_decisions(a["decisions"], labels),
                decode_decisions(b["decisions"], labels),
            )
            f1 = compute_metrics(task.kind, labels, y, pa)["macro_f1"]
            recorded = (a.get("metrics") or {}).get("macro_f1")
            if recorded is not None and abs(f1 - recorded) > 1e-3:
                print(
                    f"{prefix}{protocol}: skipped, the gold labels in --data are not those the run "
                    f"scored ('{args.a}': macro-F1 {recorded:.3f} stored, {f1:.3f} from --data)"
                )
                continue
            # The experiment's clusters and resamples: units of one article
            # (or copies of one text) are drawn together, as its table draws them.
            d = paired_bootstrap(
                task.kind,
                labels,
                y,
                pa,
                pb,
                # bootstrap_groups, as leaderboards take them: where every
                # unit is its own cluster, units are drawn in their order.
                groups=bootstrap_groups([cluster_of.get(u, u) for u in a["ids"]]),
                n_resamples=exp.bootstrap,
            )
            if d["ci95"] is None:
                print(f"{prefix}{protocol} (n={len(y)}): {args.a} {f1:.3f}, the difference is "
                      "undefined on these units")  # fmt: skip
                compared += 1
                continue
            lo, hi = d["ci95"]
            # No p where the two differ on too few units for a test, as the
            # experiment's own table says.
            p = (
                f"p={d['p_value']:.3f}"
                if d.get("p_value") is not None
                else "no p (too few differences)"
            )
            print(
                f"{prefix}{protocol} (n={len(y)}): {args.a} {f1:.3f}, minus {args.b}: "
                f"{d['diff']:+.3f} [{lo:+.3f}, {hi:+.3f}], {p}"
            )
            compared += 1
    if not compared:
        raise SystemExit(f"error: no protocol of '{args.a}' and '{args.b}' could be compared")


def _current(exp: Any, stored: dict, fingerprint: str | dict[str, str] | None) -> bool:
    """Whether a stored cell is the one the experiment file and the data of
    its last run would compute now (its key matches)."""
    if fingerprint is None:
        return True
    try:
        cell = Cell(**stored["cell"])
        return stored.get("key") == cell_key(exp, cell, fingerprint)
    except (KeyError, TypeError, StopIteration):
        # A model or protocol no longer in the experiment file.
        return False


if __name__ == "__main__":
    main()
