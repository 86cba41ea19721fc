"""Prediction throughput: the single-process path against Ray Data, and the
sentence encoder on torch against ONNX Runtime.

    python experiments/throughput.py MODEL CORPUS.jsonl [--rows 20000] [--workers 1 2]
    python experiments/throughput.py onnx DATA.jsonl [--rows 500] [--threads 1]

The first copies the first ``--rows`` rows of the corpus to a temporary
file, then times ``classify.predict`` to Parquet with the local engine and
with ``--engine ray`` for each worker count (a local Ray instance, started
and stopped per run, so start-up is included).

``onnx`` trains an ``embedding-linear`` stance head (the packaged MiniLM)
on the rows after the first ``--rows`` of a labelled JSONL file, once with
the float encoder and once with ``quantize: int8``, then predicts the first
``--rows`` rows with each backend (torch, ONNX Runtime), each from an empty
embedding cache (the exported graphs are made before the clock starts), on
``--threads`` threads. Prints texts/s, the speed-up and the largest absolute
difference of ``predict_proba`` from the torch path of the same setting
(and from the float torch path), and writes them to
``experiments/results/onnx.{md,json}``. Prints figures only; no text from
the data is kept.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify import api  # noqa: E402


def onnx_main(argv: list[str]) -> None:
    """The torch / ONNX Runtime comparison (see the module docstring)."""
    import dataclasses
    import json

    import numpy as np

    parser = argparse.ArgumentParser(
        prog="throughput.py onnx", description="sentence encoder: torch vs ONNX Runtime"
    )
    parser.add_argument("data", type=Path, help="labelled JSONL with text and stance")
    parser.add_argument("--rows", type=int, default=500, help="rows predicted")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "experiments" / "results")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        sys.exit(f"error: {args.data}: file not found")
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    import torch

    torch.set_num_threads(args.threads)
    from classify import embed_cache
    from classify.models.embedding import EmbeddingLinear, EmbeddingParams
    from classify.onnx_encoder import ensure_graph
    from classify.store import write_figures
    from classify.tasks import Task

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    labels = sorted({r["stance"] for r in rows})
    task = Task(name="stance", kind="multiclass", labels=tuple(labels))
    texts = [r["text"] for r in rows[: args.rows]]
    train = rows[args.rows :]
    y = np.array([[float(r["stance"] == label) for label in labels] for r in train])
    results, proba = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CLASSIFY_CACHE_DIR"] = tmp
        for quantize in ("none", "int8"):
            params = EmbeddingParams(quantize=quantize, backend="torch")
            model = EmbeddingLinear(task, params).fit([r["text"] for r in train], y)
            _, check = ensure_graph(params.encoder, quantize)
            for backend in ("torch", "onnx"):
                model.params = dataclasses.replace(params, backend=backend)
                model.predict_proba(["A warm-up sentence about trade talks."])
                for path in Path(tmp).glob(embed_cache.DB_NAME + "*"):
                    path.unlink()
                start = time.perf_counter()
                proba[quantize, backend] = model.predict_proba(texts)
                seconds = time.perf_counter() - start
                results.append(
                    {
                        "quantize": quantize,
                        "backend": backend,
                        "texts_per_s": round(len(texts) / seconds, 1),
                        "graph_check_max_abs_diff": check["max_abs_diff"],
                    }
                )
                print(results[-1], flush=True)
    base = proba["none", "torch"]
    for r in results:
        q, b = r["quantize"], r["backend"]
        torch_rate = next(x for x in results if x["quantize"] == q and x["backend"] == "torch")
        r["speed_up"] = round(r["texts_per_s"] / torch_rate["texts_per_s"], 2)
        r["max_abs_diff_vs_torch_same_setting"] = float(
            np.abs(proba[q, b] - proba[q, "torch"]).max()
        )
        r["max_abs_diff_vs_float_torch"] = float(np.abs(proba[q, b] - base).max())
        r["same_decision_vs_torch"] = float(
            np.mean(proba[q, b].argmax(1) == proba[q, "torch"].argmax(1))
        )
    lines = [
        f"# Sentence encoder on torch vs ONNX Runtime ({len(texts)} texts, "
        f"{args.threads} thread(s), embedding-linear stance head, packaged MiniLM)",
        "",
        "| encoder | backend | texts/s | speed-up | max abs diff of predict_proba vs torch, "
        "same setting | vs float torch | same label as torch |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {'int8' if r['quantize'] == 'int8' else 'float32'} | {r['backend']} | "
            f"{r['texts_per_s']:.1f} | {r['speed_up']:.2f}x | "
            f"{r['max_abs_diff_vs_torch_same_setting']:.1e} | "
            f"{r['max_abs_diff_vs_float_torch']:.1e} | {r['same_decision_vs_torch']:.3f} |"
        )
    text = "\n".join(lines) + "\n"
    write_figures(
        args.out,
        "onnx",
        text,
        {"rows": len(texts), "threads": args.threads, "cpus": os.cpu_count(), "runs": results},
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "onnx":
        onnx_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("model", type=Path, help="a model folder (or 'onnx', see above)")
    parser.add_argument("corpus", type=Path, help="JSONL texts to predict")
    parser.add_argument("--rows", type=int, default=20000, help="rows of the corpus predicted")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="Ray workers")
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
