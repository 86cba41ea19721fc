"""Corrected shares on another genre: error rates from the model's held-out
news units, or from labelled units of the corpus's own kind.

The tfidf models of both tasks are trained on the labelled news of
``dev.jsonl`` (5-fold cross-validation, as the README's analysis section
trains them). The 120 labelled UN paragraphs of ``ood_dev.jsonl`` are cut in
two halves by speech (country and year; three draws, each half in turn the
labelled sample): one half's shares are estimated with ``classify.analyse``
(``by="all"``), once with the news rates and once with ``rates_data`` set to
the other half, and compared with that half's gold shares. Prints the mean
absolute error of each estimate and how often its 95% interval holds the
gold share (3 draws x 2 halves x 6 labels), over the estimates the tool
does not mark unmeasured.

    python experiments/rates_sample.py --bench ../shared/bench
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import classify
from classify import api

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ("normalisation", "sanctions", "human_rights")
STANCES = ("favour", "against", "neutral")


def _gold(rows: list[dict]) -> dict[tuple[str, str], float]:
    gold = {("topic", t): float(np.mean([t in r["topics"] for r in rows])) for t in TOPICS}
    gold |= {("stance", s): float(np.mean([r["stance"] == s for r in rows])) for s in STANCES}
    return gold


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--draws", type=int, default=3)
    args = parser.parse_args()
    dev, ood = args.bench / "dev.jsonl", args.bench / "ood_dev.jsonl"
    for path in (dev, ood):
        if not path.is_file():
            raise SystemExit(f"{path}: not found (pass --bench)")
    rows = [json.loads(line) for line in ood.read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        # Paragraphs of one speech are one article: resampled together.
        row["article_id"] = f"{row['country']}-{row['year']}"
    found = []
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tmp = Path(tmp)
        models = []
        for task in ("topic", "stance"):
            api.train(ROOT / f"configs/{task}-tfidf.yaml", data=[dev], cv=5, out=tmp / task)
            models.append(tmp / task)
        for draw in range(args.draws):
            side = {
                a: int(hashlib.md5(f"{a}:{draw}".encode()).hexdigest(), 16) % 2
                for a in {r["article_id"] for r in rows}
            }
            halves = [[r for r in rows if side[r["article_id"]] == h] for h in (0, 1)]
            for h in (0, 1):
                counted = _write(tmp / "counted.jsonl", halves[h])
                sample = _write(tmp / "sample.jsonl", halves[1 - h])
                gold = _gold(halves[h])
                for rates, extra in (
                    ("news held-out units", {}),
                    ("UN sample", {"rates_data": sample}),
                ):
                    table = classify.analyse(models, counted, by="all", n_bootstrap=200, **extra)
                    for r in table.itertuples():
                        g = gold[(r.task, r.label)]
                        found.append(
                            {
                                "rates": rates,
                                "method": r.method,
                                "error": abs(r.estimate - g),
                                "covered": bool(r.ci_low <= g <= r.ci_high),
                                "unmeasured": bool(r.unmeasured),
                            }
                        )
    frame = pd.DataFrame(found)
    # The tool marks estimates the rates cannot support as unmeasured (the
    # CLI prints "-"): figures over the measured ones, and how many.
    measured = frame[~frame["unmeasured"]]
    summary = measured.groupby(["rates", "method"], sort=False).agg(
        mae=("error", "mean"), coverage=("covered", "mean"), n=("error", "size")
    )
    total = frame.groupby(["rates", "method"], sort=False).size()
    print("| rates from | method | MAE | 95% CI coverage | measured |")
    print("| --- | --- | --- | --- | --- |")
    for (rates, method), r in summary.iterrows():
        print(
            f"| {rates} | {method} | {r.mae:.3f} | {r.coverage:.2f} | "
            f"{int(r.n)} of {total[rates, method]} |"
        )


if __name__ == "__main__":
    main()
