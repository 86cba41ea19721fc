"""Speed and memory of classify on this machine: prints a table and writes
experiments/results/benchmark.{md,json}.

    python experiments/benchmark.py --bench ../shared/bench
    python experiments/benchmark.py --bench ../shared/bench --configs tfidf embedding

Measures `classify --help` start-up; dataset build throughput (articles per
second, on .txt articles in the seed layout made from pool items in a
temporary folder); per model config: training time of `classify train` on the
bench items up to 2016 (with the held-out evaluation on 2017-2021), then,
after `classify.load_model` of the saved folder, prediction throughput on
10,000 pool texts, peak memory (the larger of training and predicting) and
the saved model folder's size on disk;
and, in the same run, the plain scikit-learn pipeline's prediction throughput
beside tfidf-linear's. Each config runs in its own process, so peak memory is
its own, with an empty embedding cache, so encoder families pay for encoding. Timings are wall-clock on whatever else
the machine is doing: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFIGS = ["tfidf", "embedding", "setfit", "transformer", "zeroshot"]


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


def classify_command() -> list[str]:
    """The `classify` console script of this environment (module form if absent)."""
    exe = Path(sys.executable).with_name("classify")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "classify.cli"]


def startup_seconds(runs: int = 7) -> float:
    cmd = [*classify_command(), "--help"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def dataset_build(pool: Path, n_articles: int) -> dict:
    """Articles in the seed layout, made from pool items (4 items an article),
    written to a temporary folder and never kept."""
    from classify import api

    items = read_jsonl(pool, n_articles * 4)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles"
        src.mkdir()
        for a in range(n_articles):
            body = [r["text"] for r in items[a * 4 : a * 4 + 4]]
            date = items[a * 4]["date"]
            text = (
                f"Item {a}\n\nNews | {time.strftime('%B %d, %Y', time.strptime(date, '%Y-%m-%d'))}\n\n"
                f"By Benchmark\n\n(Reuters) -" + "\n\n".join(body) + "\n\n(Reporting by Bench)\n"
            )
            (src / f"a{a:05d}.txt").write_text(text, encoding="utf-8")
        out = {}
        # The first build pays one-off imports (datasets, pyarrow): not throughput.
        for i, unit in enumerate(("sentence", "paragraph", "sentence")):
            ann = Path(tmp) / f"{unit}.jsonl"
            from classify.articles import read_articles
            from classify.units import make_units

            units = make_units(read_articles(src), unit)
            ann.write_text(
                "".join(
                    json.dumps({"unit": u.id, "stance": "neutral" if i % 2 else "favour"}) + "\n"
                    for i, u in enumerate(units)
                ),
                encoding="utf-8",
            )
            start = time.perf_counter()
            summary = api.build_dataset(
                [src],
                Path(tmp) / f"ds-{i}-{unit}",
                annotations=ann,
                unit=unit,
                split="article",
                tasks=[ROOT / "configs/tasks/stance.yaml"],
            )
            seconds = time.perf_counter() - start
            out[unit] = {
                "articles": n_articles,
                "units": summary["n"],
                "seconds": round(seconds, 2),
                "articles_per_s": round(n_articles / seconds, 1),
            }
    return out


def worker(args: argparse.Namespace) -> None:
    """One config in its own process: train on the bench items up to 2016,
    predict 10,000 pool texts, report times and peak memory as JSON."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # classify is imported only once the training child has run: a child
    # starts with its parent's resident size as its peak, and the plain
    # pipeline's peak should not hold classify's imports.
    dev = Path(args.bench) / "dev.jsonl"
    texts = [r["text"] for r in read_jsonl(Path(args.bench) / "wce_pool.jsonl", args.predict)]
    result: dict = {"config": args.worker}
    if args.worker == "sklearn-plain":
        sys.path.insert(0, str(HERE))
        import numpy as np
        from references import sklearn_plain  # noqa: F401  (the same code as the experiments)
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        rows = [r for r in read_jsonl(dev) if r["date"] < "2017"]
        start = time.perf_counter()
        pipe = make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=(1, 2)),
                TfidfVectorizer(analyzer="char", ngram_range=(2, 5)),
            ),
            LogisticRegression(class_weight="balanced", max_iter=1000),
        ).fit([r["text"] for r in rows], [r["stance"] for r in rows])
        result["train_s"] = time.perf_counter() - start
        start = time.perf_counter()
        pipe.predict_proba(texts)
        result["predict_s"] = time.perf_counter() - start
        del np
    else:
        with tempfile.TemporaryDirectory() as tmp:
            # Trained the way a user would, through the command line; then
            # loaded in this process as a notebook would, and timed predicting.
            overrides = [
                "data.split.method=date",
                "data.split.cutoff=2017-01-01",
                "evaluation.bootstrap=0",
            ]
            cmd = [*classify_command(), "train", str(ROOT / f"configs/{args.worker}.yaml")]
            cmd += ["--data", str(dev), "--out", str(Path(tmp) / "m")]
            cmd += [arg for o in overrides for arg in ("--set", o)]
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True)
            result["train_s"] = time.perf_counter() - start
            if proc.returncode != 0:
                raise SystemExit(proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed")
            from classify import api

            model = api.load_model(Path(tmp) / "m")
            result["macro_f1"] = round(model.metrics["macro_f1"], 4)
            folder = Path(tmp) / "m"
            result["folder_mb"] = round(
                sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6, 2
            )
            model.predict_scores(texts[:32])  # warm-up: lazy loads are not throughput
            start = time.perf_counter()
            for i in range(0, len(texts), 512):
                model.predict_scores(texts[i : i + 512])
            result["predict_s"] = time.perf_counter() - start
    result["texts"] = len(texts)
    result["texts_per_s"] = round(len(texts) / result["predict_s"], 1)
    # The larger of the training process (a child) and this predicting one.
    # This process's own peak from /proc (VmHWM, reset when the process
    # image is replaced): getrusage's peak is kept across exec, so a worker
    # started by the larger benchmark process would report that one's.
    peak = max(_own_peak_kib(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result["peak_mib"] = round(peak / 1024, 0)
    result["train_s"] = round(result["train_s"], 2)
    result["predict_s"] = round(result["predict_s"], 2)
    print(json.dumps(result))


def _own_peak_kib() -> int:
    """This process's peak resident size in KiB: ``VmHWM`` where Linux gives
    it, else getrusage's (which may hold the parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_worker(name: str, args: argparse.Namespace) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        name,
        "--bench",
        args.bench,
        "--predict",
        str(args.predict),
    ]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CLASSIFY_CACHE_DIR": cache}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {
            "config": name,
            "error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed",
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(rows: list[list], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--configs", nargs="*", default=CONFIGS, help="config suffixes to time")
    parser.add_argument("--tasks", nargs="*", default=["topic", "stance"])
    parser.add_argument("--predict", type=int, default=10_000, help="pool texts to predict")
    parser.add_argument("--articles", type=int, default=2000, help="articles for the build test")
    parser.add_argument("--out", default=str(HERE / "results" / "benchmark"))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    bench = Path(args.bench)
    if not (bench / "dev.jsonl").is_file():
        sys.exit(f"bench data not found at {bench} (pass --bench)")

    startup = startup_seconds()
    print(f"classify --help: {startup:.3f} s")
    build = dataset_build(bench / "wce_pool.jsonl", args.articles)
    print(f"dataset build: {build}")
    models = []
    for suffix in args.configs:
        for task in args.tasks:
            name = f"{task}-{suffix}"
            if not (ROOT / "configs" / f"{name}.yaml").is_file():
                continue
            r = run_worker(name, args)
            print(json.dumps(r))
            models.append(r)
    plain = run_worker("sklearn-plain", args)
    print(json.dumps(plain))
    tfidf = next((m for m in models if m["config"] == "stance-tfidf" and "error" not in m), None)
    ratio = (
        round(tfidf["texts_per_s"] / plain["texts_per_s"], 2)
        if tfidf and "error" not in plain
        else None
    )

    summary = {
        "startup_s": round(startup, 3),
        "dataset_build": build,
        "models": models,
        "sklearn_plain": plain,
        "tfidf_vs_plain_throughput": ratio,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "command": " ".join(["python", "experiments/benchmark.py", *sys.argv[1:]]),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    rows = [
        [
            m["config"],
            m.get("train_s", "-"),
            m.get("texts_per_s", "-"),
            m.get("peak_mib", "-"),
            m.get("folder_mb", "-"),
            m.get("macro_f1", "-") if "error" not in m else m["error"],
        ]
        for m in [*models, {**plain, "config": "sklearn-plain (stance)"}]
    ]
    md = "\n".join(
        [
            "# Speed and memory",
            "",
            f"`{summary['command']}` on {os.cpu_count()} CPUs ({platform.platform()}), {summary['created']}.",
            "",
            table(
                [
                    ["`classify --help` start-up (median of 7)", f"{startup:.3f} s"],
                    *[
                        [
                            f"dataset build, {u} units ({b['articles']} articles, {b['units']} units)",
                            f"{b['articles_per_s']} articles/s",
                        ]
                        for u, b in build.items()
                    ],
                    # Only where a tfidf config ran beside the plain pipeline.
                    *(
                        [["tfidf-linear / plain scikit-learn prediction throughput", f"{ratio}x"]]
                        if ratio is not None
                        else []
                    ),
                ],
                ["measure", "value"],
            ),
            "",
            "Training on the bench items up to 2016 (held-out evaluation on 2017-2021 included), "
            f"prediction on {args.predict:,} pool texts, peak resident memory of the process:",
            "",
            table(
                rows,
                [
                    "config",
                    "train s",
                    "predict texts/s",
                    "peak MiB",
                    "model folder MB",
                    "macro-F1 (date split)",
                ],
            ),
            "",
        ]
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(md, encoding="utf-8")
    print()
    print(md)


if __name__ == "__main__":
    main()
