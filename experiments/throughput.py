"""Prediction throughput: the single-process path against Ray Data.

    python experiments/throughput.py MODEL CORPUS.jsonl [--rows 20000] [--workers 1 2]

Copies the first ``--rows`` rows of the corpus to a temporary file, then
times ``classify.predict`` to Parquet with the local engine and with
``--engine ray`` for each worker count (a local Ray instance, started and
stopped per run, so start-up is included). Prints texts/s; no text from the
data is kept.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classify import api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with args.corpus.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
            dst.writelines(itertools.islice(src, args.rows))
        runs = [("local", None)] + [("ray", w) for w in args.workers]
        print(f"| engine | workers | texts | seconds | texts/s |  (cores: {os.cpu_count()})")
        print("| --- | --- | --- | --- | --- |")
        for engine, workers in runs:
            out = Path(tmp) / f"{engine}-{workers}.parquet"
            start = time.perf_counter()
            run = api.predict(args.model, sample, out=out, engine=engine, workers=workers)
            seconds = time.perf_counter() - start
            print(
                f"| {engine} | {workers or 1} | {run.rows} | {seconds:.1f} | "
                f"{run.rows / seconds:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
