"""Does correcting for classifier error give better prevalence over time?

    python experiments/quantification.py ../shared/bench/dev.jsonl [--cutoff 2015]

Trains the TF-IDF topic and stance models (``configs/*-tfidf.yaml``, 5-fold
cross-validation for the out-of-fold error rates) on the items dated before
``--cutoff``, predicts the later ones, and compares each year's estimated
share of every label with the true (gold) share: mean absolute error over
years and labels, for the naive count and for ACC, PACC and EM
(:mod:`classify.quantify`). Also prints the mean width of the 95% intervals
and how often they cover the true share. Figures go to
``experiments/results/quantification.{md,json}``; no text from the data.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify import api  # noqa: E402
from classify.store import atomic_write_text, write_figures  # noqa: E402


def truth(rows: list[dict], task: str, labels: list[str]) -> pd.DataFrame:
    """True share of each label per year: columns group, label, truth."""
    out = []
    frame = pd.DataFrame(rows)
    frame["year"] = frame["date"].str[:4]
    for year, part in frame.groupby("year"):
        for label in labels:
            if task == "topic":
                share = np.mean([label in (t or []) for t in part["topics"]])
            else:
                share = np.mean(part["stance"] == label)
            out.append({"group": year, "label": label, "truth": share, "n": len(part)})
    return pd.DataFrame(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="labelled JSONL with date, topics, stance")
    parser.add_argument("--cutoff", type=int, default=2015, help="first test year")
    parser.add_argument("--bootstrap", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "experiments" / "results")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"error: {args.data}: file not found")
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    early = [r for r in rows if int(r["date"][:4]) < args.cutoff]
    late = [r for r in rows if int(r["date"][:4]) >= args.cutoff]
    started = time.perf_counter()
    results, detail = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, part in (("train", early), ("test", late)):
            atomic_write_text(tmp / f"{name}.jsonl", "".join(json.dumps(r) + "\n" for r in part))
        for task in ("topic", "stance"):
            model = tmp / task
            api.train(
                ROOT / f"configs/{task}-tfidf.yaml",
                data=[tmp / "train.jsonl"],
                out=model,
                cv=5,
                overwrite=True,
            )
            table = api.analyse(model, tmp / "test.jsonl", by="year", n_bootstrap=args.bootstrap)
            labels = list(dict.fromkeys(table["label"]))
            merged = table.merge(truth(late, task, labels), on=["group", "label"])
            merged["error"] = (merged["estimate"] - merged["truth"]).abs()
            merged["covered"] = (merged["ci_low"] <= merged["truth"]) & (
                merged["truth"] <= merged["ci_high"]
            )
            merged["width"] = merged["ci_high"] - merged["ci_low"]
            for method, part in merged.groupby("method", sort=False):
                results.append(
                    {
                        "task": task,
                        "method": method,
                        "mae": round(float(part["error"].mean()), 4),
                        "ci_coverage": round(float(part["covered"].mean()), 3),
                        "ci_width": round(float(part["width"].mean()), 3),
                        "years": int(part["group"].nunique()),
                    }
                )
            detail += merged[["task", "group", "label", "method", "estimate", "truth"]].to_dict(
                orient="records"
            )
    seconds = round(time.perf_counter() - started, 1)
    lines = [
        f"# Naive vs corrected yearly prevalence (train < {args.cutoff}, test >= {args.cutoff})",
        "",
        f"{len(early)} training items, {len(late)} test items; TF-IDF models, error rates "
        f"from 5-fold out-of-fold predictions; {args.bootstrap} bootstrap resamples; "
        f"{seconds} s.",
        "",
        "| task | method | MAE (share) | 95% CI coverage | mean CI width | years |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['task']} | {r['method']} | {r['mae']:.4f} | {r['ci_coverage']:.2f} | "
            f"{r['ci_width']:.3f} | {r['years']} |"
        )
    text = "\n".join(lines) + "\n"
    write_figures(
        args.out,
        "quantification",
        text,
        {"cutoff": args.cutoff, "summary": results, "per_year": detail, "seconds": seconds},
    )


if __name__ == "__main__":
    main()
